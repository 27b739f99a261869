"""Are printed numbers possible? Consistency checks for published percentages.

A percentage printed without decimals hides its count, but not completely: 94% of 19
organisations cannot be right, because 17 of 19 is 89.5% and 18 of 19 is 94.7%, which rounds
to 95%. These functions answer such questions exactly, with integer arithmetic and the
rounding rules of :mod:`tracktr.rounding`:

- :func:`percent`: which counts of a base print as a given percentage, under each rule;
- :func:`bases`: which bases fit a printed count and percentage ("58 organisations (67%)");
- :func:`distribution`: can the printed percentages of one question all hold at once, with
  counts that sum to the base, and which bases could produce them;
- :func:`table`: compare printed percentages with printed counts, cell by cell, and find
  the rounding rules that explain every cell;
- :func:`ratio` and :func:`share`: is "2.5 times more likely" or "just over a third" true
  of the numbers behind it;
- :func:`reference`: run all of these over the 2016 report (:mod:`tracktr.reference`).

Every result is a frozen object with a ``to_frame()`` and a one-line ``explanation``.

Examples
--------
>>> import tracktr as tt
>>> tt.check.percent(94, 19).possible_under("half_up")
False
>>> tt.check.distribution([35, 60, 6], 104).counts
(36, 62, 6)

Notes
-----
For a count ``k`` of a base ``b`` the exact share is ``x = 100 * 10**decimals * k / b`` units.
Every rounding rule maps ``x`` to a unit ``u`` through a half-open interval of ``x`` (half-up:
``u - 1/2 <= x < u + 1/2``), so the counts that print as ``u`` are the integers of an interval,
found in closed form; the searches never try counts one by one. Largest-remainder rounding
depends on the whole partition and is searched exactly over remainder thresholds.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr import describe
from tracktr.exceptions import (
    InvalidBaseError,
    InvalidCountsError,
    InvalidOptionError,
    NotAPartitionError,
)
from tracktr.rounding import RULES, _check_decimals, percentage_units
from tracktr.table import Table
from tracktr.typing import PercentAxis, RatioQualifier, RoundingRule, Verdict, check_choice

__all__ = [
    "DEFAULT_MAX_BASE",
    "BasesCheck",
    "DistributionCheck",
    "Finding",
    "Findings",
    "PercentCheck",
    "RatioCheck",
    "ShareCheck",
    "TableCheck",
    "bases",
    "distribution",
    "percent",
    "ratio",
    "reference",
    "share",
    "table",
]

DEFAULT_MAX_BASE = 5000
"""The largest base :func:`bases` and :func:`distribution` try when no base is given."""

_MAX_MAX_BASE = 10**7
_STRETCH = Fraction(3, 100)
"""A share phrase missing its value by at most this much is "doubtful", not "inconsistent"."""

# -- validation and exact arithmetic ------------------------------------------------------


def _scale(decimals: int) -> int:
    return int(100 * 10**decimals)


def _exact(value: Any, name: str) -> Fraction:
    if isinstance(value, bool):
        msg = f"`{name}` must be a number; got {value!r}."
        raise InvalidOptionError(msg)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(Decimal(value.strip().rstrip("%")))
        except ArithmeticError:
            pass
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        msg = f"`{name}` must be a finite number; got {value!r}."
        raise InvalidOptionError(msg)
    return Fraction(Decimal(repr(number)))


def _units(value: Any, decimals: int, name: str = "value") -> int:
    """Return a printed percentage as exact integer units of ``10**-decimals`` percent."""
    exact = _exact(value, name)
    if not 0 <= exact <= 100:
        msg = f"a printed percentage must be from 0 to 100; got {name}={value!r}."
        hint = "Hint: pass percentages as printed (35 for 35%), not proportions."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    scaled = exact * 10**decimals
    if scaled.denominator != 1:
        msg = f"{name}={value!r} has more decimal places than decimals={decimals}."
        hint = f"Hint: pass decimals={_places(exact)} for percentages printed with decimals."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return int(scaled)


def _places(exact: Fraction) -> int:
    places = 0
    while (exact * 10**places).denominator != 1 and places < 10:
        places += 1
    return places


def _check_base(base: Any, name: str = "base") -> int:
    if isinstance(base, bool):
        msg = f"`{name}` must be a whole number of respondents; got {base!r}."
        raise InvalidBaseError(msg)
    if isinstance(base, int | np.integer) or (
        isinstance(base, float | np.floating) and float(base).is_integer()
    ):
        number = int(base)
    else:
        msg = f"`{name}` must be a whole number of respondents; got {base!r}."
        raise InvalidBaseError(msg)
    if number <= 0:
        msg = f"`{name}` must be positive; got {number}."
        hint = "Hint: a percentage of no respondents is undefined; check the base you passed."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    return number


def _check_count(count: Any) -> int:
    if (
        isinstance(count, bool)
        or not isinstance(count, int | np.integer | float | np.floating)
        or not float(count).is_integer()
        or count < 0
    ):
        msg = f"`count` must be a whole number of respondents, 0 or more; got {count!r}."
        raise InvalidCountsError(msg)
    return int(count)


def _check_max_base(max_base: Any) -> int:
    number = _check_base(max_base, "max_base")
    if number > _MAX_MAX_BASE:
        msg = f"`max_base` must be at most {_MAX_MAX_BASE:,}; got {number:,}."
        raise InvalidOptionError(msg)
    return number


def _rules(rules: Sequence[str] | str | None) -> tuple[RoundingRule, ...]:
    if rules is None:
        return RULES
    if isinstance(rules, str):
        rules = (rules,)
    checked = tuple(check_choice(r, RoundingRule, name="rules") for r in rules)
    return tuple(r for r in RULES if r in checked)


def _cdiv(a: Any, m: int) -> Any:
    """Ceiling division for Python and numpy integers."""
    return -((-a) // m)


def _count_bounds(units: Any, base: Any, rule: str, decimals: int) -> tuple[Any, Any]:
    """Inclusive bounds of the counts of `base` whose share prints as `units` under `rule`.

    Works elementwise on numpy integer arrays (broadcast); an empty interval has lo > hi.
    ``largest_remainder`` gives the counts whose share is within one unit (floor or ceiling),
    which is what a single cell of a largest-remainder table can be.
    """
    s = _scale(decimals)
    u, b = units, base
    if rule == "floor":
        lo, hi = _cdiv(u * b, s), _cdiv((u + 1) * b, s) - 1
    elif rule == "ceil":
        lo, hi = ((u - 1) * b) // s + 1, (u * b) // s
    elif rule == "half_up":
        lo, hi = _cdiv((2 * u - 1) * b, 2 * s), _cdiv((2 * u + 1) * b, 2 * s) - 1
    elif rule == "half_down":
        lo, hi = ((2 * u - 1) * b) // (2 * s) + 1, ((2 * u + 1) * b) // (2 * s)
    elif rule == "half_even":
        closed_lo, closed_hi = _cdiv((2 * u - 1) * b, 2 * s), ((2 * u + 1) * b) // (2 * s)
        open_lo, open_hi = ((2 * u - 1) * b) // (2 * s) + 1, _cdiv((2 * u + 1) * b, 2 * s) - 1
        even = u % 2 == 0
        lo = (
            np.where(even, closed_lo, open_lo)
            if isinstance(even, np.ndarray)
            else (closed_lo if even else open_lo)
        )
        hi = (
            np.where(even, closed_hi, open_hi)
            if isinstance(even, np.ndarray)
            else (closed_hi if even else open_hi)
        )
    elif rule == "double_half_up":
        # half-up to one more decimal, then half-up: u - 0.55 <= x < u + 0.45
        lo, hi = _cdiv((20 * u - 11) * b, 20 * s), _cdiv((20 * u + 9) * b, 20 * s) - 1
    else:  # largest_remainder, one cell: floor or ceiling, u - 1 < x < u + 1
        lo, hi = ((u - 1) * b) // s + 1, _cdiv((u + 1) * b, s) - 1
    return np.maximum(lo, 0), np.minimum(hi, b)


def _fmt_units(units: int, decimals: int) -> str:
    text = str(units // 10**decimals)
    if decimals:
        text += f".{units % 10**decimals:0{decimals}d}"
    return text


def _fmt_number(value: Fraction | float, digits: int = 1) -> str:
    number = float(value)
    return f"{number:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{number:.0f}"


def _spans(values: Sequence[int]) -> str:
    """``[74, 75, 76, 79]`` -> ``"74-76, 79"``."""
    if not values:
        return "none"
    parts, start, prev = [], values[0], values[0]
    for v in (*values[1:], None):
        if v is not None and v == prev + 1:
            prev = v
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if v is not None:
            start = prev = v
    shown = parts if len(parts) <= 6 else [*parts[:5], "...", parts[-1]]
    return ", ".join(shown)


def _share_text(count: int, base: int) -> str:
    return f"{count} of {base} is {_fmt_number(Fraction(100 * count, base), 2)}%"


# -- percent --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PercentCheck:
    """Which counts of a base print as a given percentage, rule by rule.

    Attributes
    ----------
    value : float
        The printed percentage.
    base : int
        The base it is a percentage of.
    decimals : int
        Decimal places it is printed with.
    counts : Mapping[str, range]
        For each rule checked, the counts that print as `value`; an empty range when none.

    Examples
    --------
    >>> import tracktr as tt
    >>> c = tt.check.percent(94, 19)
    >>> c.possible_under("half_up"), list(c.counts["floor"])
    (False, [18])
    """

    value: float
    base: int
    decimals: int
    counts: Mapping[str, range]
    units: int = field(repr=False, default=0)

    @property
    def possible(self) -> bool:
        """Whether some count prints as `value` under at least one rule checked."""
        return any(len(r) for r in self.counts.values())

    @property
    def rules(self) -> tuple[str, ...]:
        """The rules under which some count prints as `value`."""
        return tuple(rule for rule, r in self.counts.items() if len(r))

    def possible_under(self, rule: RoundingRule = "half_up") -> bool:
        """Return whether some count prints as `value` under `rule`.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.percent(35, 104).possible_under("half_up")
        True
        """
        check_choice(rule, RoundingRule, name="rule")
        if rule not in self.counts:
            msg = f"rule {rule!r} was not checked; checked: {', '.join(self.counts)}."
            raise InvalidOptionError(msg)
        return len(self.counts[rule]) > 0

    def nearest(self, rule: RoundingRule = "half_up") -> tuple[tuple[int, float], ...]:
        """Return the counts just below and above `value` and what they print as.

        Returns
        -------
        tuple of (count, printed percentage)
            The largest count printing below `value` and the smallest printing above it.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.percent(94, 19).nearest()
        ((17, 89.0), (18, 95.0))
        """
        check_choice(rule, RoundingRule, name="rule")
        single: RoundingRule = "floor" if rule == "largest_remainder" else rule
        printed = percentage_units(
            np.arange(self.base + 1), self.base, rule=single, decimals=self.decimals
        )
        below = np.flatnonzero(printed < self.units)
        above = np.flatnonzero(printed > self.units)
        chosen = [*below[-1:].tolist(), *above[:1].tolist()]
        return tuple((int(k), int(printed[k]) / 10**self.decimals) for k in chosen)

    @property
    def explanation(self) -> str:
        """One line saying which counts fit, or why none does."""
        pct = f"{_fmt_units(self.units, self.decimals)}%"
        if "half_up" in self.counts and len(self.counts["half_up"]):
            r = self.counts["half_up"]
            fits = _spans(list(r))
            return f"{pct} of {self.base} is possible: count {fits} (half-up)."
        near = ", ".join(f"{k} gives {_fmt_number(v, self.decimals)}%" for k, v in self.nearest())
        # A largest-remainder cell can be its floor or ceiling: not worth naming here.
        others = [rule for rule in self.rules if rule not in ("half_up", "largest_remainder")]
        tail = f"; only {' or '.join(others)} rounding gives {pct}" if others else ""
        verb = "cannot be printed" if "half_up" in self.counts else "checked"
        return f"{pct} of {self.base} {verb} with half-up rounding ({near}){tail}."

    def to_frame(self) -> pd.DataFrame:
        """Return one row per rule: ``rule, possible, count_low, count_high, n_counts``.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.percent(50, 25, rules=["half_up"]).to_frame()["n_counts"].tolist()
        [0]
        """
        rows = [
            (
                rule,
                len(r) > 0,
                r.start if len(r) else None,
                r.stop - 1 if len(r) else None,
                len(r),
            )
            for rule, r in self.counts.items()
        ]
        frame = pd.DataFrame(
            rows, columns=["rule", "possible", "count_low", "count_high", "n_counts"]
        )
        frame["count_low"] = frame["count_low"].astype("Int64")
        frame["count_high"] = frame["count_high"].astype("Int64")
        return frame

    def __repr__(self) -> str:
        fits = ", ".join(f"{rule}={_spans(list(r))}" for rule, r in self.counts.items())
        value = _fmt_units(self.units, self.decimals)
        return f"PercentCheck({value}% of {self.base}: {fits})"


def percent(
    value: Any,
    base: int,
    *,
    decimals: int = 0,
    rules: Sequence[RoundingRule] | RoundingRule | None = None,
) -> PercentCheck:
    """Return the counts of `base` that print as the percentage `value`, under each rule.

    Parameters
    ----------
    value : number or str
        The printed percentage, e.g. ``35`` or ``"35%"`` or ``12.5`` (with ``decimals=1``).
    base : int
        The number of respondents it is a percentage of.
    decimals : int, default 0
        Decimal places the percentage is printed with, 0 to 3.
    rules : sequence of RoundingRule, optional
        The rules to check; all of :data:`tracktr.rounding.RULES` by default. For
        ``largest_remainder`` a single cell can be its share's floor or ceiling.

    Returns
    -------
    PercentCheck
        ``counts[rule]`` is a ``range`` of counts; empty means the percentage is
        impossible under that rule.

    Raises
    ------
    tracktr.InvalidOptionError
        If `value` is outside 0-100, has more decimals than `decimals`, or `decimals` is
        outside 0-3.
    tracktr.InvalidBaseError
        If `base` is not a positive whole number.
    tracktr.UnknownMethodError
        If a rule is not a rounding rule.

    See Also
    --------
    bases : the bases that fit a printed count and percentage.
    distribution : all the percentages of one question at once.

    Examples
    --------
    The report's Graph 9 (n=104) prints 35% for the services that changed:

    >>> import tracktr as tt
    >>> list(tt.check.percent(35, 104).counts["half_up"])
    [36]

    Graph 19 (n=19) prints 94%, which no count of 19 rounds to:

    >>> c = tt.check.percent(94, 19)
    >>> c.possible_under("half_up"), c.rules
    (False, ('floor', 'largest_remainder'))
    >>> print(c.explanation)  # doctest: +NORMALIZE_WHITESPACE
    94% of 19 cannot be printed with half-up rounding (17 gives 89%, 18 gives 95%);
    only floor rounding gives 94%.
    """
    decimals = _check_decimals(decimals)
    units = _units(value, decimals)
    b = _check_base(base)
    counts: dict[str, range] = {}
    for rule in _rules(rules):
        lo, hi = _count_bounds(units, b, rule, decimals)
        counts[rule] = range(int(lo), int(hi) + 1) if lo <= hi else range(0)
    return PercentCheck(
        value=units / 10**decimals, base=b, decimals=decimals, counts=counts, units=units
    )


# -- bases ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BasesCheck:
    """Which bases fit a printed count and percentage, rule by rule.

    Attributes
    ----------
    count : int
        The printed count.
    value : float
        The printed percentage.
    decimals : int
        Decimal places of the percentage.
    max_base : int
        The largest base tried.
    bases : Mapping[str, tuple of int]
        For each rule, the bases from `count` (at least 1) to `max_base` under which
        `count` prints as `value`.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.check.bases(58, 67).bases["half_up"]
    (86, 87)
    """

    count: int
    value: float
    decimals: int
    max_base: int
    bases: Mapping[str, tuple[int, ...]]

    @property
    def possible(self) -> bool:
        """Whether some base fits under at least one rule."""
        return any(self.bases.values())

    def fits(self, base: int, rule: RoundingRule = "half_up") -> bool:
        """Return whether `base` fits under `rule`.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.bases(58, 67).fits(87)
        True
        """
        return base in self.bases.get(rule, ())

    @property
    def explanation(self) -> str:
        """One line naming the bases that fit (half-up when checked)."""
        rule = "half_up" if "half_up" in self.bases else next(iter(self.bases))
        found = self.bases[rule]
        pct = f"{_fmt_number(self.value, self.decimals)}%"
        if not found:
            return f"No base up to {self.max_base} makes {self.count} print as {pct} ({rule})."
        return f"{self.count} prints as {pct} of a base of {_spans(found)} ({rule})."

    def to_frame(self) -> pd.DataFrame:
        """Return one row per rule and base that fits: ``rule, base``.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.bases(3, 17, rules=["half_up"]).to_frame()["base"].tolist()
        [18]
        """
        rows = [(rule, b) for rule, found in self.bases.items() for b in found]
        frame = pd.DataFrame(rows, columns=["rule", "base"])
        frame["base"] = frame["base"].astype("int64")
        return frame

    def __repr__(self) -> str:
        fits = ", ".join(f"{rule}={_spans(found)}" for rule, found in self.bases.items())
        pct = _fmt_number(self.value, self.decimals)
        return f"BasesCheck({self.count} as {pct}%: {fits})"


def bases(
    count: int,
    value: Any,
    *,
    decimals: int = 0,
    rules: Sequence[RoundingRule] | RoundingRule | None = None,
    max_base: int = DEFAULT_MAX_BASE,
) -> BasesCheck:
    """Return the bases under which `count` prints as the percentage `value`.

    Parameters
    ----------
    count : int
        The printed count, e.g. 58 in "58 organisations (67%)".
    value : number or str
        The printed percentage.
    decimals : int, default 0
        Decimal places of the percentage, 0 to 3.
    rules : sequence of RoundingRule, optional
        The rules to check; all by default.
    max_base : int, default 5000
        The largest base tried.

    Returns
    -------
    BasesCheck

    Raises
    ------
    tracktr.InvalidCountsError
        If `count` is negative or not whole.
    tracktr.InvalidOptionError
        If `value` is outside 0-100 or `decimals` outside 0-3.

    Examples
    --------
    The report's "58 organisations (67%)" fits a base of 86 or 87 (Graph 26 has n=87);
    "only three (17%) of the contracts" fits only 18 contracts:

    >>> import tracktr as tt
    >>> tt.check.bases(58, 67).explanation
    '58 prints as 67% of a base of 86-87 (half_up).'
    >>> tt.check.bases(3, 17).bases["half_up"]
    (18,)
    """
    decimals = _check_decimals(decimals)
    units = _units(value, decimals)
    k = _check_count(count)
    top = _check_max_base(max_base)
    candidates = np.arange(max(k, 1), top + 1, dtype=np.int64)
    found: dict[str, tuple[int, ...]] = {}
    for rule in _rules(rules):
        if candidates.size == 0:
            found[rule] = ()
            continue
        lo, hi = _count_bounds(np.int64(units), candidates, rule, decimals)
        ok = (lo <= k) & (k <= hi)
        found[rule] = tuple(int(b) for b in candidates[ok])
    return BasesCheck(
        count=k, value=units / 10**decimals, decimals=decimals, max_base=top, bases=found
    )


# -- distribution ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DistributionCheck:
    """Whether the printed percentages of one question can all hold at once.

    Attributes
    ----------
    labels : tuple of str
        The cells, in the order given.
    values : tuple of float
        The printed percentages.
    base : int or None
        The base checked, or None when every base up to `max_base` was tried.
    rule : RoundingRule
        The rounding rule.
    decimals : int
        Decimal places of the percentages.
    complete : bool
        Whether the cells are every answer (counts must sum to the base) or some of them
        (counts must not exceed it).
    bases : tuple of int
        The bases that fit (when `base` is given: ``(base,)`` or ``()``).
    counts : tuple of int or None
        Counts that produce the printed percentages, for `base` or for the smallest base that
        fits; None when impossible.
    ranges : tuple of range
        For each cell, the counts that print as its percentage on its own (at `base`, or the
        smallest base that fits, or the largest base tried when none fits).
    max_base : int
        The largest base tried when `base` is None.

    Examples
    --------
    >>> import tracktr as tt
    >>> d = tt.check.distribution([35, 60, 6], 104)
    >>> d.possible, d.counts
    (True, (36, 62, 6))
    """

    labels: tuple[str, ...]
    values: tuple[float, ...]
    base: int | None
    rule: RoundingRule
    decimals: int
    complete: bool
    bases: tuple[int, ...]
    counts: tuple[int, ...] | None
    ranges: tuple[range, ...]
    max_base: int = DEFAULT_MAX_BASE

    @property
    def possible(self) -> bool:
        """Whether the percentages can all hold (at `base`, or at some base)."""
        return bool(self.bases)

    @property
    def total(self) -> float:
        """The sum of the printed percentages."""
        return float(sum(Fraction(str(v)) for v in self.values))

    @property
    def explanation(self) -> str:
        """One line: the counts that fit, or why no counts can."""
        total = _fmt_number(self.total, self.decimals)
        shown = ", ".join(_fmt_number(v, self.decimals) for v in self.values)
        rule = self.rule.replace("_", "-")
        if self.base is None:
            if self.possible:
                first = self.bases[0]
                witness = ", ".join(str(c) for c in self.counts or ())
                return (
                    f"{shown} (sum {total}) fit bases {_spans(self.bases)} under {rule} "
                    f"rounding; e.g. {witness} of {first}."
                )
            return f"{shown} (sum {total}) fit no base up to {self.max_base} under {rule} rounding."
        if self.possible:
            witness = ", ".join(str(c) for c in self.counts or ())
            return f"{shown} of {self.base} (sum {total}): possible with counts {witness}."
        empty = [label for label, r in zip(self.labels, self.ranges, strict=True) if not len(r)]
        if empty:
            return (
                f"{shown} of {self.base}: no count of {self.base} prints as "
                f"{', '.join(empty)} under {rule} rounding."
            )
        low = sum(r.start for r in self.ranges)
        high = sum(r.stop - 1 for r in self.ranges)
        if low > self.base:
            return (
                f"{shown} (sum {total}) of {self.base}: these percentages need at least "
                f"{low} respondents under {rule} rounding, more than the base of {self.base}."
            )
        if self.rule == "largest_remainder":
            return (
                f"{shown} (sum {total}) of {self.base}: largest-remainder rounding of any "
                "counts gives other percentages."
            )
        return (
            f"{shown} (sum {total}) of {self.base}: these percentages account for at most "
            f"{high} respondents under {rule} rounding, fewer than the base of {self.base}."
        )

    def to_frame(self) -> pd.DataFrame:
        """Return one row per cell: ``label, printed, count_low, count_high, count``.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.distribution([35, 60, 6], 104).to_frame()["count"].tolist()
        [36, 62, 6]
        """
        rows = []
        for i, (label, value, r) in enumerate(
            zip(self.labels, self.values, self.ranges, strict=True)
        ):
            rows.append(
                (
                    label,
                    value,
                    r.start if len(r) else None,
                    r.stop - 1 if len(r) else None,
                    None if self.counts is None else self.counts[i],
                )
            )
        frame = pd.DataFrame(rows, columns=["label", "printed", "count_low", "count_high", "count"])
        for name in ("count_low", "count_high", "count"):
            frame[name] = frame[name].astype("Int64")
        return frame

    def __repr__(self) -> str:
        where = f"of {self.base}" if self.base is not None else f"bases {_spans(self.bases)}"
        verdict = "possible" if self.possible else "impossible"
        shown = ", ".join(_fmt_number(v, self.decimals) for v in self.values)
        return f"DistributionCheck([{shown}] {where}, {self.rule}: {verdict})"


def _labels_values(values: Any) -> tuple[tuple[str, ...], list[Any]]:
    if isinstance(values, pd.Series):
        return tuple(str(i) for i in values.index), list(values.to_numpy())
    if isinstance(values, Mapping):
        return tuple(str(k) for k in values), list(values.values())
    if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
        msg = f"`values` must be a sequence or mapping of printed percentages; got {values!r}."
        raise InvalidOptionError(msg)
    items = list(values)
    return tuple(f"cell {i + 1}" for i in range(len(items))), items


def _greedy(lo: Sequence[int], hi: Sequence[int], total: int) -> list[int]:
    counts = [int(v) for v in lo]
    spare = total - sum(counts)
    for i, top in enumerate(hi):
        add = min(spare, int(top) - counts[i])
        counts[i] += add
        spare -= add
    return counts


def _lr_witness(units: Sequence[int], base: int, decimals: int) -> list[int] | None:
    """Return counts summing to `base` whose largest-remainder rounding is `units`, or None.

    Up-cells (rounded up from their floor) must have larger remainders than down-cells,
    ties going to the earlier cell. For a threshold remainder ``t`` and a tie position
    ``p``, each cell's admissible counts form one interval (the top of its "up" band and
    the bottom of its "down" band are adjacent), so feasibility is a sum-of-intervals test.
    """
    s, b, n = _scale(decimals), base, len(units)
    if sum(units) != s:
        return None
    bands = []
    thresholds = {b}
    for u in units:
        d_lo, d_hi = max(_cdiv(u * b, s), 0), min(_cdiv((u + 1) * b, s) - 1, b)
        u_lo, u_hi = max(((u - 1) * b) // s + 1, 0), min(_cdiv(u * b, s) - 1, b)
        bands.append((u, d_lo, d_hi, u_lo, u_hi))
        thresholds.update(k * s - (u - 1) * b for k in range(u_lo, u_hi + 1))
    for t in sorted(thresholds):
        for p in range(n + 1):
            lows, highs = [], []
            for i, (u, d_lo, d_hi, u_lo, u_hi) in enumerate(bands):
                shift_up = t + (u - 1) * b
                up_start = _cdiv(shift_up, s) if i < p else shift_up // s + 1
                a_lo, a_hi = max(u_lo, up_start), u_hi
                shift_down = t + u * b
                down_end = shift_down // s if i >= p else _cdiv(shift_down, s) - 1
                c_lo, c_hi = d_lo, min(d_hi, down_end)
                if a_lo <= a_hi and c_lo <= c_hi:
                    lows.append(a_lo)
                    highs.append(c_hi)
                elif a_lo <= a_hi:
                    lows.append(a_lo)
                    highs.append(a_hi)
                elif c_lo <= c_hi:
                    lows.append(c_lo)
                    highs.append(c_hi)
                else:
                    break
            else:
                if sum(lows) <= b <= sum(highs):
                    witness = _greedy(lows, highs, b)
                    got = percentage_units(witness, b, rule="largest_remainder", decimals=decimals)
                    if [int(v) for v in got] == list(units):
                        return witness
    return None


def distribution(
    values: Sequence[Any] | Mapping[str, Any] | pd.Series,
    base: int | None = None,
    *,
    decimals: int = 0,
    complete: bool = True,
    rule: RoundingRule = "half_up",
    max_base: int = DEFAULT_MAX_BASE,
) -> DistributionCheck:
    """Return whether printed percentages of one question can all hold at once.

    Parameters
    ----------
    values : sequence, mapping or Series of numbers
        The printed percentages of one question's answers (labels from the mapping keys or
        the Series index).
    base : int, optional
        The printed base. None tries every base from 1 to `max_base` and reports those that
        fit: a row whose percentages sum to 97 fits no base under half-up rounding.
    decimals : int, default 0
        Decimal places of the percentages.
    complete : bool, default True
        True when the cells are every answer, so their counts must sum to the base; False
        when other answers were not printed, so the counts must only not exceed it.
    rule : RoundingRule, default "half_up"
        The rounding rule the report used.
    max_base : int, default 5000
        The largest base tried when `base` is None.

    Returns
    -------
    DistributionCheck
        With a witness (`counts`) when possible.

    Raises
    ------
    tracktr.InvalidOptionError
        If a value is outside 0-100, `decimals` is outside 0-3, or ``largest_remainder`` is
        asked with ``complete=False``.
    tracktr.InvalidBaseError
        If `base` is not a positive whole number.

    Notes
    -----
    Under every rule but largest remainder each cell's admissible counts form an interval
    ``[lo_i, hi_i]`` (see the module notes), so the percentages can hold together exactly
    when ``sum(lo) <= base <= sum(hi)`` (or ``sum(lo) <= base`` when not `complete`). For
    ``base=None`` this is evaluated for all bases at once with integer numpy arrays.
    Largest remainder is searched over remainder thresholds and verified by rounding the
    witness with :func:`tracktr.rounding.percentage_units`.

    Examples
    --------
    Graph 11 of the report (n=104) prints 40, 15, 12, 0, 24 and 15 percent:

    >>> import tracktr as tt
    >>> d = tt.check.distribution([40, 15, 12, 0, 24, 15], 104)
    >>> d.possible
    False
    >>> print(d.explanation)  # doctest: +NORMALIZE_WHITESPACE
    40, 15, 12, 0, 24, 15 (sum 106) of 104: these percentages need at least 111
    respondents under half-up rounding, more than the base of 104.

    Table 2's row for mental health needs sums to 97, which no base can produce when
    rounding half-up, but truncation can:

    >>> tt.check.distribution([6, 11, 30, 50]).possible
    False
    >>> tt.check.distribution([6, 11, 30, 50], rule="floor").bases[:3]
    (59, 101, 102)
    """
    check_choice(rule, RoundingRule, name="rule")
    decimals = _check_decimals(decimals)
    labels, raw = _labels_values(values)
    if not raw:
        msg = "`values` is empty: give the printed percentages of at least one answer."
        raise InvalidOptionError(msg)
    units = [
        _units(v, decimals, name=f"values[{label!r}]") for label, v in zip(labels, raw, strict=True)
    ]
    shown = tuple(u / 10**decimals for u in units)
    if rule == "largest_remainder" and not complete:
        msg = "largest_remainder rounds a whole partition; it cannot check some of its cells."
        hint = "Hint: pass complete=True with every answer's percentage, or another rule."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    top = _check_max_base(max_base)
    if base is not None:
        b = _check_base(base)
        candidates = np.array([b], dtype=np.int64)
    else:
        b = None
        candidates = np.arange(1, top + 1, dtype=np.int64)
    u_arr = np.array(units, dtype=np.int64)[:, None]
    lo, hi = _count_bounds(u_arr, candidates[None, :], rule, decimals)
    cells_ok = np.all(lo <= hi, axis=0)
    low_sum, high_sum = lo.sum(axis=0), hi.sum(axis=0)
    ok = cells_ok & (low_sum <= candidates)
    if complete:
        ok &= high_sum >= candidates
    witness: tuple[int, ...] | None = None
    fitting: list[int] = []
    if rule == "largest_remainder":
        for j in np.flatnonzero(ok):
            found = _lr_witness(units, int(candidates[j]), decimals)
            if found is not None:
                fitting.append(int(candidates[j]))
                if witness is None:
                    witness = tuple(found)
    else:
        fitting = [int(c) for c in candidates[ok]]
        if fitting:
            first = int(np.flatnonzero(ok)[0])
            total = int(candidates[first]) if complete else int(low_sum[first])
            witness = tuple(_greedy(lo[:, first].tolist(), hi[:, first].tolist(), total))
    shown_index = int(np.flatnonzero(candidates == fitting[0])[0]) if fitting else -1
    ranges = tuple(
        range(int(lo[i, shown_index]), int(hi[i, shown_index]) + 1)
        if lo[i, shown_index] <= hi[i, shown_index]
        else range(0)
        for i in range(len(units))
    )
    return DistributionCheck(
        labels=labels,
        values=shown,
        base=b,
        rule=rule,
        decimals=decimals,
        complete=complete,
        bases=tuple(fitting),
        counts=witness,
        ranges=ranges,
        max_base=top,
    )


# -- table ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableCheck:
    """Printed percentages compared with the counts they were computed from.

    Attributes
    ----------
    cells : pandas.DataFrame
        One row per printed cell: ``row, column, count, base, printed, expected`` (what
        `rule` prints), ``differs`` and ``explained_by`` (the rules that print this cell as
        printed, ``"; "``-separated).
    rule : RoundingRule
        The rule `expected` and `differs` refer to.
    decimals : int
        Decimal places of the printed percentages.
    rules : tuple of str
        The rules under which every cell is printed as the counts give.
    mismatches : Mapping[str, int]
        For each rule tried, how many cells it does not explain.

    Examples
    --------
    >>> import tracktr as tt
    >>> t3 = tt.reference.table("table_3")
    >>> tt.check.table(t3.counts, t3.printed, t3.bases).rules
    ('half_up', 'half_even', 'half_down', 'double_half_up')
    """

    cells: pd.DataFrame
    rule: RoundingRule
    decimals: int
    rules: tuple[str, ...]
    mismatches: Mapping[str, int]

    @property
    def consistent(self) -> bool:
        """Whether `rule` explains every cell."""
        return self.rule in self.rules

    @property
    def differing(self) -> pd.DataFrame:
        """The cells that `rule` prints differently."""
        return self.cells.loc[self.cells["differs"]].reset_index(drop=True)

    @property
    def explanation(self) -> str:
        """One line: whether the cells match, and which rules explain them."""
        n = len(self.cells)
        rules = ", ".join(self.rules) if self.rules else "no rounding rule"
        if self.consistent:
            return f"All {n} cells match the counts ({self.rule}); explained by {rules}."
        bad = self.differing
        first = bad.iloc[0]
        return (
            f"{len(bad)} of {n} cells differ from the counts under {self.rule}, e.g. "
            f"{first['row']} / {first['column']}: printed {first['printed']:g}, "
            f"{first['count']} of {first['base']} gives {first['expected']:g}; "
            f"every cell is explained by {rules}."
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the cells (a copy of `cells`).

        Examples
        --------
        >>> import tracktr as tt
        >>> t3 = tt.reference.table("table_3")
        >>> int(tt.check.table(t3.counts, t3.printed, t3.bases).to_frame()["differs"].sum())
        0
        """
        return self.cells.copy()

    def __repr__(self) -> str:
        n, bad = len(self.cells), int(self.cells["differs"].sum())
        return f"TableCheck({n} cells, {bad} differ under {self.rule}; explained by {self.rules})"


def _as_frame(data: Any, name: str) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    array = np.asarray(data)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        msg = f"`{name}` must be a DataFrame or a 2-D array; got {array.ndim}-D."
        raise InvalidCountsError(msg)
    return pd.DataFrame(array)


def table(
    counts: pd.DataFrame | Table | Any,
    printed: pd.DataFrame | Any,
    base: int | pd.Series | Sequence[int] | None = None,
    *,
    decimals: int = 0,
    rule: RoundingRule = "half_up",
    percent_axis: PercentAxis = "columns",
) -> TableCheck:
    """Compare printed percentages with counts, cell by cell, under every rounding rule.

    Parameters
    ----------
    counts : DataFrame, tracktr.Table or 2-D array
        The counts. A :class:`tracktr.Table` brings its bases and percent axis.
    printed : DataFrame or 2-D array
        The printed percentages, aligned with `counts` by labels (or by position for
        arrays). NaN cells were not printed and are skipped.
    base : int, Series or sequence, optional
        The base of each column (``percent_axis="columns"``) or row; one int for all.
        Defaults to the Table's bases, else to the column (row) sums of `counts`.
    decimals : int, default 0
        Decimal places of the printed percentages.
    rule : RoundingRule, default "half_up"
        The rule the report claims; `expected` and `differs` refer to it.
    percent_axis : {"columns", "rows"}, default "columns"
        Along which axis cells share a base.

    Returns
    -------
    TableCheck

    Raises
    ------
    tracktr.InvalidOptionError
        If the shapes or labels of `counts` and `printed` differ.
    tracktr.InvalidBaseError
        If a base is not positive or is smaller than a count.

    Notes
    -----
    ``largest_remainder`` is tried only when the counts sharing each base sum to it (a
    partition); otherwise it is left out of `mismatches` and `rules`.

    Examples
    --------
    Table 1 of the report prints each percentage beside its count, of 151 respondents.
    Two cells are not half-up roundings of their counts; rounding twice explains all:

    >>> import tracktr as tt
    >>> t1 = tt.reference.table("table_1")
    >>> check = tt.check.table(t1.counts, t1.printed, 151, percent_axis="rows")
    >>> check.consistent, check.rules
    (False, ('double_half_up',))
    >>> check.differing[["count", "printed", "expected", "explained_by"]].values.tolist()
    [[46, 31.0, 30.0, 'ceil; double_half_up'], [49, 33.0, 32.0, 'ceil; double_half_up']]
    """
    check_choice(rule, RoundingRule, name="rule")
    check_choice(percent_axis, PercentAxis, name="percent_axis")
    decimals = _check_decimals(decimals)
    if isinstance(counts, Table):
        if base is None:
            base = counts.bases
        percent_axis = counts.percent_axis
        counts = counts.counts
    frame, shown = _align(counts, printed)
    oriented = frame.T if percent_axis == "columns" else frame
    count_ints = _whole_counts(oriented)
    base_ints = _table_bases(base, oriented, percent_axis)
    printed_values = (shown.T if percent_axis == "columns" else shown).to_numpy(
        dtype=float, na_value=np.nan
    )
    present = ~np.isnan(printed_values)
    printed_units = np.zeros(printed_values.shape, dtype=np.int64)
    for idx in zip(*np.nonzero(present), strict=True):
        printed_units[idx] = _units(printed_values[idx], decimals, name="printed")
    partition = bool(np.all(count_ints.sum(axis=1) == base_ints))
    expected: dict[str, npt.NDArray[Any]] = {
        r: np.asarray(
            percentage_units(count_ints, base_ints, rule=r, decimals=decimals), dtype=np.int64
        )
        for r in RULES
        if partition or r != "largest_remainder"
    }
    if rule not in expected:
        msg = "largest_remainder needs counts that sum to each base."
        hint = "Hint: check with rule='half_up', or pass the full partition."
        raise NotAPartitionError(f"{msg}\n\n{hint}")
    mismatches = {r: int(np.sum((e != printed_units) & present)) for r, e in expected.items()}
    rows = []
    for row_pos, row in enumerate(frame.index):
        for col_pos, column in enumerate(frame.columns):
            i, j = (col_pos, row_pos) if percent_axis == "columns" else (row_pos, col_pos)
            if not present[i, j]:
                continue
            explained = [r for r, e in expected.items() if e[i, j] == printed_units[i, j]]
            rows.append(
                (
                    row,
                    column,
                    int(count_ints[i, j]),
                    int(base_ints[i]),
                    printed_units[i, j] / 10**decimals,
                    expected[rule][i, j] / 10**decimals,
                    bool(expected[rule][i, j] != printed_units[i, j]),
                    "; ".join(explained),
                )
            )
    cells = pd.DataFrame(rows, columns=list(_CELL_COLUMNS))
    return TableCheck(
        cells=cells,
        rule=rule,
        decimals=decimals,
        rules=tuple(r for r, n in mismatches.items() if n == 0),
        mismatches=mismatches,
    )


_CELL_COLUMNS = ("row", "column", "count", "base", "printed", "expected", "differs", "explained_by")


def _align(counts: Any, printed: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = _as_frame(counts, "counts")
    shown = _as_frame(printed, "printed")
    if shown.shape != frame.shape:
        msg = f"`printed` has shape {shown.shape} but `counts` has {frame.shape}."
        raise InvalidOptionError(msg)
    if isinstance(printed, pd.DataFrame) and isinstance(counts, pd.DataFrame):
        if set(shown.index) != set(frame.index) or set(shown.columns) != set(frame.columns):
            msg = "`printed` and `counts` must have the same row and column labels."
            hint = f"Hint: rows {list(frame.index)[:5]}..., columns {list(frame.columns)}."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        return frame, shown.loc[frame.index, frame.columns]
    return frame, pd.DataFrame(shown.to_numpy(), index=frame.index, columns=frame.columns)


def _whole_counts(frame: pd.DataFrame) -> npt.NDArray[np.int64]:
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | (values < 0) | (values != np.floor(values))
    if bad.any():
        shown = values[bad][:5].tolist()
        msg = f"counts must be whole numbers, 0 or more; got {shown}."
        hint = "Hint: check.table compares printed counts; round weighted counts first."
        raise InvalidCountsError(f"{msg}\n\n{hint}")
    return values.astype(np.int64)


def _table_bases(base: Any, oriented: pd.DataFrame, percent_axis: str) -> npt.NDArray[np.int64]:
    along = oriented.index
    if base is None:
        values = oriented.sum(axis=1).to_numpy()
    elif isinstance(base, pd.Series):
        values = base.reindex(along).to_numpy()
    elif np.ndim(base) == 0:
        values = np.full(len(along), base)
    else:
        values = np.asarray(base)
    if len(values) != len(along) or pd.isna(values).any():
        msg = f"expected one base for each of the {percent_axis} {list(along)}; got {base!r}."
        raise InvalidBaseError(msg)
    return np.array([_check_base(b) for b in values], dtype=np.int64)


# -- ratio and share ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RatioCheck:
    """Whether a printed ratio ("2.5 times more likely") is true of two values.

    Attributes
    ----------
    claim : float
        The printed ratio.
    qualifier : RatioQualifier
        How it is claimed: ``"about"``, ``"over"``, ``"at_least"``, ``"under"``, ``"almost"``.
    p1, p2 : float
        The two values compared (proportions, percentages or counts), ``p1 / p2``.
    ratio : float
        ``p1 / p2``, computed exactly and shown as a float.
    holds : bool
        Whether the claim is true of the ratio at its printed precision.
    low, high : float
        The ratios the claim covers (``high`` is ``inf`` for "over").
    loosely : bool
        Whether the claim holds by the looser reading of
        :func:`tracktr.describe.ratio_holds` ("k times" within 10% of k).

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.check.ratio(4, 35 / 151, 2 / 34, qualifier="almost").holds
    True
    """

    claim: float
    qualifier: RatioQualifier
    p1: float
    p2: float
    ratio: float
    holds: bool
    low: float
    high: float
    loosely: bool = False

    @property
    def verdict(self) -> Verdict:
        """Return ``"consistent"``, ``"doubtful"`` (holds only loosely) or ``"inconsistent"``."""
        if self.holds:
            return "consistent"
        return "doubtful" if self.loosely else "inconsistent"

    @property
    def explanation(self) -> str:
        """One line comparing the claim with the ratio."""
        words = {
            "about": "about",
            "over": "over",
            "at_least": "at least",
            "under": "under",
            "almost": "almost",
        }[self.qualifier]
        claim = f"{words} {_fmt_number(self.claim, 3)} times"
        actual = _fmt_number(self.ratio, 2)
        if self.holds:
            return f"'{claim}' holds: the ratio is {actual}."
        side = "above" if self.high != math.inf and self.ratio >= self.high else "below"
        loose = " (it holds loosely, within 10%)" if self.loosely else ""
        return (
            f"'{claim}' does not hold: the ratio is {actual}, {side} what the claim covers{loose}."
        )

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame of the fields.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.ratio(3, 0.35, 0.10, qualifier="over").to_frame()["ratio"].round(2).tolist()
        [3.5]
        """
        return pd.DataFrame(
            [
                (
                    self.claim,
                    self.qualifier,
                    self.p1,
                    self.p2,
                    self.ratio,
                    self.holds,
                    self.low,
                    self.high,
                    self.loosely,
                    self.verdict,
                )
            ],
            columns=[
                "claim",
                "qualifier",
                "p1",
                "p2",
                "ratio",
                "holds",
                "low",
                "high",
                "loosely",
                "verdict",
            ],
        )

    def __repr__(self) -> str:
        verdict = "holds" if self.holds else "does not hold"
        return (
            f"RatioCheck({self.qualifier} {_fmt_number(self.claim, 3)}x vs "
            f"{_fmt_number(self.ratio, 3)}: {verdict})"
        )


def _ratio_bounds(claim: Fraction, qualifier: str) -> tuple[Fraction, Fraction, bool, bool]:
    half_step = Fraction(1, 2 * 10 ** _places(claim))
    if qualifier == "about":
        return claim - half_step, claim + half_step, True, False
    if qualifier == "over":
        return claim, Fraction(10**12), False, True
    if qualifier == "at_least":
        return claim, Fraction(10**12), True, True
    if qualifier == "under":
        return Fraction(0), claim, True, False
    return claim - half_step, claim, True, False  # almost


def _inside(value: Fraction, bounds: tuple[Fraction, Fraction, bool, bool]) -> bool:
    low, high, low_in, high_in = bounds
    return (value >= low if low_in else value > low) and (
        value <= high if high_in else value < high
    )


def ratio(
    claim_value: float,
    p1: Any,
    p2: Any,
    *,
    qualifier: RatioQualifier = "about",
) -> RatioCheck:
    """Return whether "`claim_value` times" is true of ``p1 / p2``.

    Parameters
    ----------
    claim_value : float
        The printed ratio: 2.5 for "2.5 times more likely", 4 for "four times less likely"
        (pass the larger value as `p1`).
    p1, p2 : number
        The values compared, exactly as proportions, percentages or counts
        (:class:`fractions.Fraction` keeps them exact). `p2` must be positive.
    qualifier : {"about", "over", "at_least", "under", "almost"}, default "about"
        ``"about"``: the ratio rounds to the claim at the claim's printed precision
        (2.5 covers 2.45 to 2.55; "three times" 2.5 to 3.5). ``"over"``: above it.
        ``"almost"``: below it by at most half a unit of that precision (3.5 to 4 for
        "almost four times"). `loosely` on the result applies the looser reading of
        :func:`tracktr.describe.ratio_holds`.

    Returns
    -------
    RatioCheck

    Raises
    ------
    tracktr.InvalidOptionError
        If `claim_value` is not positive, a value is negative or `p2` is zero.
    tracktr.UnknownMethodError
        If `qualifier` is unknown.

    See Also
    --------
    tracktr.describe.describe_ratio : write a ratio in words.

    Examples
    --------
    Table 3: CRC-funded respondents "were 2.5 times more likely to have an income of over
    £5 million" (12 of 34) than respondents as a whole (20 of 151):

    >>> from fractions import Fraction
    >>> import tracktr as tt
    >>> c = tt.check.ratio(2.5, Fraction(12, 34), Fraction(20, 151))
    >>> c.holds, round(c.ratio, 2), c.verdict
    (False, 2.66, 'doubtful')
    >>> print(c.explanation)  # doctest: +NORMALIZE_WHITESPACE
    'about 2.5 times' does not hold: the ratio is 2.66, above what the claim covers
    (it holds loosely, within 10%).
    """
    check_choice(qualifier, RatioQualifier, name="qualifier")
    claim = _exact(claim_value, "claim_value")
    if claim <= 0:
        msg = f"`claim_value` must be positive; got {claim_value!r}."
        raise InvalidOptionError(msg)
    a, b = _exact(p1, "p1"), _exact(p2, "p2")
    if a < 0 or b <= 0:
        msg = f"`p1` must be 0 or more and `p2` positive; got p1={p1!r}, p2={p2!r}."
        hint = "Hint: a ratio to a share of zero is undefined."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    value = a / b
    bounds = _ratio_bounds(claim, qualifier)
    high = math.inf if qualifier in ("over", "at_least") else float(bounds[1])
    holds = _inside(value, bounds)
    return RatioCheck(
        claim=float(claim),
        qualifier=qualifier,
        p1=float(a),
        p2=float(b),
        ratio=float(value),
        holds=holds,
        low=float(bounds[0]),
        high=high,
        loosely=holds or _ratio_loosely(claim, qualifier, a, b),
    )


def _ratio_loosely(claim: Fraction, qualifier: str, a: Fraction, b: Fraction) -> bool:
    """Apply :func:`tracktr.describe.ratio_holds`, which reads a claim less strictly."""
    words = {"about": "", "over": "over ", "almost": "almost "}.get(qualifier)
    if words is None or a == 0:
        return False
    top = max(a, b)  # ratio_holds takes shares: scale both into (0, 1]
    number = f"{float(claim):g}"
    return describe.ratio_holds(f"{words}{number} times as likely", a / top, b / top)


@dataclass(frozen=True, slots=True)
class ShareCheck:
    """Whether a verbal share ("just over a third") is true of a proportion.

    The phrases and the proportions they cover are those of :mod:`tracktr.describe`
    (:func:`tracktr.describe.share_phrases`).

    Attributes
    ----------
    phrase : str
        The phrase as printed.
    proportion : float
        The proportion it describes, 0 to 1.
    holds : bool
        Whether the phrase is true of it.
    low, high : float
        The proportions the phrase covers.
    low_inclusive, high_inclusive : bool
        Whether `low` and `high` themselves are covered.
    distance : float
        How far `proportion` lies outside the phrase's interval (0 when it holds).

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.check.share("just over a third", 36 / 104).holds
    True
    """

    phrase: str
    proportion: float
    holds: bool
    low: float
    high: float
    low_inclusive: bool
    high_inclusive: bool
    distance: float

    @property
    def verdict(self) -> Verdict:
        """Return ``"consistent"``, ``"doubtful"`` (within 3 points) or ``"inconsistent"``."""
        if self.holds:
            return "consistent"
        return "doubtful" if self.distance <= float(_STRETCH) else "inconsistent"

    @property
    def explanation(self) -> str:
        """One line: the phrase, the proportions it covers and the value."""
        covers = f"{100 * self.low:.1f}%-{100 * self.high:.1f}%"
        value = f"{100 * self.proportion:.1f}%"
        if self.holds:
            return f"'{self.phrase}' ({covers}) holds for {value}."
        return f"'{self.phrase}' covers {covers}; the value is {value}."

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame of the fields and the verdict.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.share("almost half", 0.48).to_frame()["verdict"].tolist()
        ['consistent']
        """
        return pd.DataFrame(
            [
                (
                    self.phrase,
                    self.proportion,
                    self.holds,
                    self.low,
                    self.high,
                    self.low_inclusive,
                    self.high_inclusive,
                    self.distance,
                    self.verdict,
                )
            ],
            columns=[
                "phrase",
                "proportion",
                "holds",
                "low",
                "high",
                "low_inclusive",
                "high_inclusive",
                "distance",
                "verdict",
            ],
        )

    def __repr__(self) -> str:
        return f"ShareCheck({self.phrase!r}, {self.proportion:.4g}: {self.verdict})"


# Phrases the 2016 report prints that tracktr.describe does not list: an equivalent phrase
# of its vocabulary, or the interval itself.
_EXTRA_PHRASES: dict[str, str | tuple[Fraction, Fraction, bool, bool]] = {
    "nearly all": "almost all",
    "a slim majority": (Fraction(1, 2), Fraction(3, 5), False, True),
    "slim majority": (Fraction(1, 2), Fraction(3, 5), False, True),
}
_WORD_PERCENT = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "ten": "10"}


def _phrase_bounds(phrase: str) -> tuple[Fraction, Fraction, bool, bool]:
    text = " ".join(phrase.lower().replace("-", " ").split())
    text = text.removeprefix("only ").removeprefix("a further ")
    for word, digits in _WORD_PERCENT.items():
        text = text.replace(f"{word} percent", f"{digits}%")
    extra = _EXTRA_PHRASES.get(text, text)
    if isinstance(extra, tuple):
        return extra
    try:
        low, high, low_in, high_in = describe.phrase_interval(extra)
    except InvalidOptionError:
        low, high, low_in, high_in = describe.phrase_interval(phrase)  # its own message
    return Fraction(low), Fraction(high), low_in, high_in


def share(phrase: str, proportion: Any) -> ShareCheck:
    """Return whether a verbal share is true of a proportion.

    Parameters
    ----------
    phrase : str
        As printed: "just over a third", "around 7 in 10", "almost half", "over 90%",
        "the majority"; a leading "only" is ignored.
    proportion : number
        The proportion behind it, 0 to 1 (a :class:`fractions.Fraction` keeps a count
        over a base exact).

    Returns
    -------
    ShareCheck

    Raises
    ------
    tracktr.InvalidOptionError
        If the phrase is not in the vocabulary of :func:`tracktr.describe.share_phrases`
        or `proportion` is outside 0-1.

    Examples
    --------
    The report: "almost a third (28%) had seen a decrease" (29 of 105):

    >>> from fractions import Fraction
    >>> import tracktr as tt
    >>> c = tt.check.share("almost a third", Fraction(29, 105))
    >>> c.holds, c.verdict
    (False, 'doubtful')
    >>> c.explanation
    "'almost a third' covers 30.3%-33.3%; the value is 27.6%."
    """
    value = _exact(proportion, "proportion")
    if not 0 <= value <= 1:
        msg = f"`proportion` must be from 0 to 1; got {proportion!r}."
        hint = "Hint: pass 0.35 for 35%."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    bounds = _phrase_bounds(phrase)
    low, high, low_in, high_in = bounds
    holds = _inside(value, bounds)
    distance = Fraction(0) if holds else max(low - value, value - high, Fraction(0))
    return ShareCheck(
        phrase=phrase,
        proportion=float(value),
        holds=holds,
        low=float(low),
        high=float(high),
        low_inclusive=low_in,
        high_inclusive=high_in,
        distance=float(distance),
    )


# -- findings -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """What :func:`reference` concludes about one printed figure.

    Attributes
    ----------
    figure : str
        The figure id (see :func:`tracktr.reference.figure`), a table name, or a check id
        such as ``"graph_11_shares"``.
    verdict : Verdict
        ``"consistent"``, ``"doubtful"`` (a loose phrase, or only an unusual rounding rule
        fits), ``"inconsistent"`` (disagrees with the table or figure it restates),
        ``"impossible"`` (no count prints as printed) or ``"unchecked"``.
    explanation : str
        One line a person can act on.
    claim : str
        The printed text.
    source : str
        Where it is printed.
    check : str
        Which check produced it: ``"percent"``, ``"bases"``, ``"distribution"``,
        ``"table"``, ``"ratio"``, ``"share"``, ``"restates"``, ``"sum"``...

    Examples
    --------
    >>> import tracktr as tt
    >>> f = next(f for f in tt.check.reference() if f.figure == "s24_no_transparency")
    >>> f.verdict
    'impossible'
    """

    figure: str
    verdict: Verdict
    explanation: str
    claim: str = ""
    source: str = ""
    check: str = ""

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame of the fields.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.Finding("x", "consistent", "fine").to_frame()["verdict"].tolist()
        ['consistent']
        """
        return pd.DataFrame(
            [(self.figure, self.verdict, self.explanation, self.claim, self.source, self.check)],
            columns=list(_FINDING_COLUMNS),
        )

    def __repr__(self) -> str:
        return f"Finding({self.figure!r}, {self.verdict!r}: {self.explanation})"


_FINDING_COLUMNS = ("figure", "verdict", "explanation", "claim", "source", "check")


@dataclass(frozen=True, slots=True)
class Findings(Sequence[Finding]):
    """The findings of :func:`reference`: a read-only sequence of :class:`Finding`.

    Attributes
    ----------
    findings : tuple of Finding

    Examples
    --------
    >>> import tracktr as tt
    >>> found = tt.check.reference()
    >>> found.to_frame().columns.tolist()
    ['figure', 'verdict', 'explanation', 'claim', 'source', 'check']
    """

    findings: tuple[Finding, ...]

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        return self.findings[index]

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def counts(self) -> dict[str, int]:
        """Return the number of findings per verdict.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.reference().counts()["impossible"] > 0
        True
        """
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.verdict] = out.get(f.verdict, 0) + 1
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return one row per finding.

        Examples
        --------
        >>> import tracktr as tt
        >>> frame = tt.check.reference().to_frame()
        >>> set(frame["verdict"]) <= {"doubtful", "inconsistent", "impossible"}
        True
        """
        return pd.DataFrame(
            [(f.figure, f.verdict, f.explanation, f.claim, f.source, f.check) for f in self],
            columns=list(_FINDING_COLUMNS),
        )

    def __repr__(self) -> str:
        summary = ", ".join(f"{n} {verdict}" for verdict, n in self.counts().items())
        return f"Findings({len(self)}: {summary})"


def reference(*, include_consistent: bool = False) -> Findings:
    """Check every figure of the 2016 report (:mod:`tracktr.reference`).

    Printed percentages are checked against their bases (:func:`percent`, :func:`bases`),
    the percentages of one question together (:func:`distribution`), the tables' printed
    percentages against their counts (:func:`table`), ratios and verbal shares against the
    numbers behind them (:func:`ratio`, :func:`share`), and every text figure against the
    table or figure it restates.

    Parameters
    ----------
    include_consistent : bool, default False
        Also return the findings that are ``"consistent"`` or ``"unchecked"``.

    Returns
    -------
    Findings
        A sequence of :class:`Finding`, in the order of the report.

    Examples
    --------
    >>> import tracktr as tt
    >>> found = tt.check.reference()
    >>> sorted({f.verdict for f in found})
    ['doubtful', 'impossible', 'inconsistent']
    >>> [f.figure for f in found if f.verdict == "impossible"][:3]
    ['es_crc_pre_existing_services', 's22_mental_health_needs_table_row', 'graph_11_shares']
    """
    from tracktr.reference._findings import run

    found = run()
    if not include_consistent:
        found = tuple(f for f in found if f.verdict not in ("consistent", "unchecked"))
    return Findings(found)

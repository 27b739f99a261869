"""One printed percentage: the counts it allows, and the bases several percentages share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tracktr.check._baseset import BaseSet, _spans
from tracktr.check._units import (
    DEFAULT_MAX_BASE,
    _check_base,
    _check_count,
    _check_max_base,
    _count_bounds,
    _first,
    _fmt_number,
    _fmt_units,
    _printed_units,
    _rules,
    _units,
)
from tracktr.exceptions import InvalidOptionError
from tracktr.rounding import _check_decimals
from tracktr.typing import RoundingRule, check_choice

# -- percent --------------------------------------------------------------------------------


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
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
        # Printed values rise with the count, so the counts printing as `value` are one
        # interval and its neighbours are the nearest counts either side: closed form.
        single: RoundingRule = "floor" if rule == "largest_remainder" else rule
        lo, hi = _count_bounds(self.units, self.base, single, self.decimals)
        chosen = [k for k in (lo - 1, hi + 1) if 0 <= k <= self.base]
        return tuple(
            (k, _printed_units(k, self.base, single, self.decimals) / 10**self.decimals)
            for k in chosen
        )

    @property
    def explanation(self) -> str:
        """One line saying which counts fit, or why none does (under half-up rounding)."""
        return self.explain("half_up")

    def explain(self, rule: RoundingRule = "half_up") -> str:
        """Return one line saying which counts fit under `rule`, or why none does.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.percent(13, 8).explain("half_even")  # doctest: +ELLIPSIS
        '13% of 8 cannot be printed with half-even rounding (1 gives 12%, 2 gives 25%); ...'
        """
        check_choice(rule, RoundingRule, name="rule")
        pct = f"{_fmt_units(self.units, self.decimals)}%"
        words = rule.replace("_", "-")
        if rule in self.counts and len(self.counts[rule]):
            fits = _spans(self.counts[rule])
            return f"{pct} of {self.base} is possible: count {fits} ({words})."
        near = ", ".join(
            f"{k} gives {_fmt_number(v, self.decimals)}%" for k, v in self.nearest(rule)
        )
        # A largest-remainder cell can be its floor or ceiling: not worth naming here.
        others = [r for r in self.rules if r not in (rule, "largest_remainder")]
        others = [r for r in others if r in self.counts and len(self.counts[r])]
        tail = f"; only {' or '.join(others)} rounding gives {pct}" if others else ""
        verb = "cannot be printed" if rule in self.counts else "checked"
        return f"{pct} of {self.base} {verb} with {words} rounding ({near}){tail}."

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
        fits = ", ".join(f"{rule}={_spans(r)}" for rule, r in self.counts.items())
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


_MAX_ROWS = 1_000_000

# -- bases ----------------------------------------------------------------------------------


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
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
    bases : Mapping[str, BaseSet]
        For each rule, the bases from `count` (at least 1) to `max_base` under which
        `count` prints as `value`: one interval, held in closed form (it compares equal
        to the tuple of its bases).

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
    bases: Mapping[str, BaseSet]

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
        total = sum(len(found) for found in self.bases.values())
        if total > _MAX_ROWS:
            msg = f"{total:,} bases fit: too many for one row each (at most {_MAX_ROWS:,})."
            hint = "Hint: read `.bases[rule]` (a BaseSet: len, in, indexing) or lower max_base."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
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
        The largest base tried, up to 10**15.

    Returns
    -------
    BasesCheck
        Found by binary search (the share falls as the base grows): O(log max_base)
        steps per rule, in constant memory.

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
    found: dict[str, BaseSet] = {}
    for rule in _rules(rules):
        start, stop = _fitting_bases(k, units, rule, decimals, low=max(k, 1), high=top)
        found[rule] = BaseSet.span(start, stop)
    return BasesCheck(
        count=k, value=units / 10**decimals, decimals=decimals, max_base=top, bases=found
    )


def _fitting_bases(
    count: int, units: int, rule: str, decimals: int, *, low: int, high: int
) -> tuple[int, int]:
    """Return the bases ``start`` to ``stop - 1`` within [low, high] under which `count` fits.

    The share ``count / base`` falls as the base grows, so `count` lies above the counts
    that print as `units` for small bases, inside them for one interval of bases, and
    below them after: two binary searches, O(log high) steps of exact integer arithmetic.
    """

    def side(base: int) -> int:  # +1: count above the fitting counts; 0 inside; -1 below
        lo, hi = _count_bounds(units, base, rule, decimals)
        return 1 if count > hi else (-1 if count < lo else 0)

    if low > high:
        return low, low
    # Each search gives high + 1 when no base satisfies it.
    start = _first(lambda base: side(base) <= 0, low, high + 1)
    stop = _first(lambda base: side(base) < 0, low, high + 1)
    return start, max(start, stop)

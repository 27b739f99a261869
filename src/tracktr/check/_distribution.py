"""A printed distribution: percentages that must come from one partition of one base."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from tracktr.check._units import (
    DEFAULT_MAX_BASE,
    _cdiv,
    _check_base,
    _check_max_base,
    _count_bounds,
    _fmt_number,
    _scale,
    _spans,
    _units,
)
from tracktr.exceptions import InvalidOptionError
from tracktr.rounding import _check_decimals, percentage_units
from tracktr.typing import RoundingRule, check_choice

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

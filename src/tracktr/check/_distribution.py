"""A printed distribution: percentages that must come from one partition of one base."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.check._baseset import BaseSet, _spans
from tracktr.check._units import (
    DEFAULT_MAX_BASE,
    _cdiv,
    _check_base,
    _check_max_base,
    _count_bounds,
    _first,
    _fmt_number,
    _period,
    _scale,
    _units,
)
from tracktr.exceptions import InvalidOptionError
from tracktr.rounding import _check_decimals
from tracktr.typing import RoundingRule, check_choice

# -- distribution ---------------------------------------------------------------------------


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
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
        Decimal places of the percentages: the most of any cell when they differ.
    complete : bool
        Whether the cells are every answer (counts must sum to the base) or some of them
        (counts must not exceed it).
    bases : BaseSet
        The bases that fit (when `base` is given: ``(base,)`` or ``()``), in closed form:
        it compares equal to the tuple of its bases without listing them.
    counts : tuple of int or None
        Counts that produce the printed percentages, for `base` or for the smallest base that
        fits; None when impossible.
    ranges : tuple of range
        For each cell, the counts that print as its percentage on its own (at `base`, or the
        smallest base that fits, or the largest base tried when none fits).
    max_base : int
        The largest base tried when `base` is None.
    cell_decimals : tuple of int
        Decimal places of each cell, in the order of `labels`.

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
    bases: BaseSet
    counts: tuple[int, ...] | None
    ranges: tuple[range, ...]
    max_base: int = DEFAULT_MAX_BASE
    cell_decimals: tuple[int, ...] = ()

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
            return (
                f"{shown} (sum {total}) fit no base up to {self.max_base} under {rule} "
                f"rounding.{self._total_part()}"
            )
        if self.possible:
            witness = ", ".join(str(c) for c in self.counts or ())
            return f"{shown} of {self.base} (sum {total}): possible with counts {witness}."
        empty = [
            _named(_fmt_number(value, self.decimals), label)
            for label, value, r in zip(self.labels, self.values, self.ranges, strict=True)
            if not len(r)
        ]
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
                f"{self._total_part()}"
            )
        if self.rule == "largest_remainder":
            return (
                f"{shown} (sum {total}) of {self.base}: largest-remainder rounding of any "
                "counts gives other percentages, whichever way tied remainders go."
            )
        return (
            f"{shown} (sum {total}) of {self.base}: these percentages account for at most "
            f"{high} respondents under {rule} rounding, fewer than the base of {self.base}."
        )

    def _total_part(self) -> str:
        """Return a sentence naming a part printed as 100% beside others, or "".

        A table's "Total 100%" row typed as one of its cells made a right column
        impossible ("need at least 160 respondents" of 80) with no word of why: it is the
        sum of the others, not a share beside them.
        """
        full = [
            _named(_fmt_number(value, self.decimals), label)
            for label, value in zip(self.labels, self.values, strict=True)
            if Fraction(str(value)) == 100
        ]
        if len(full) != 1 or self.total == 100:
            return ""
        return (
            f" {full[0]} is all of the base, beside other parts: if it is a total row, "
            "leave its row out of the figures file."
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


def _witness(bounds: Sequence[tuple[int, int]], base: int, *, complete: bool) -> list[int] | None:
    """Return counts within `bounds` that sum to `base` (or fit in it), or None."""
    if any(lo > hi for lo, hi in bounds):
        return None
    low = sum(lo for lo, _ in bounds)
    high = sum(hi for _, hi in bounds)
    if low > base or (complete and high < base):
        return None
    return _greedy([lo for lo, _ in bounds], [hi for _, hi in bounds], base if complete else low)


def _lr_witness(units: Sequence[int], base: int, decimals: int) -> list[int] | None:
    """Return counts summing to `base` whose largest-remainder rounding is `units`, or None.

    Hamilton's method gives each cell its floor, then one more unit to the cells with the
    largest remainders. It leaves ties open (:func:`tracktr.rounding.percentage_units`
    gives them to the earlier cell, but a report may list its cells in any order), so a
    printed distribution is possible when SOME tie-break gives it: the cells rounded up
    ("up") must have remainders at least those of the cells left at their floor ("down").
    Write the remainder scaled by the base (an integer) as ``kappa = 2 * remainder + 1``
    for an up cell and ``2 * remainder`` for a down cell, and cut at a threshold
    ``theta``: up cells above it, down cells at or below. For one threshold, each cell's
    admissible counts are one interval ``[low_i(theta), high_i(theta)]`` (its up band and
    down band are adjacent), and both ends only grow with ``theta``. So ``sum(low) <= base``
    holds up to some ``T1`` and ``sum(high) >= base`` from some ``T2`` (two binary
    searches), a cell has no admissible count only on one open gap of thresholds, and the
    smallest usable threshold is ``T2`` or the end of a gap: O(n log(base) + n**2) integer steps.
    The witness is checked by :func:`_lr_rounds_to`.
    """
    s, b = _scale(decimals), base
    if sum(units) != s:
        return None
    width = _LR_WIDTH
    cells = []
    for u in units:
        d_lo, d_hi = max(_cdiv(u * b, s), 0), min(_cdiv((u + 1) * b, s) - 1, b)
        u_lo, u_hi = max(((u - 1) * b) // s + 1, 0), min(_cdiv(u * b, s) - 1, b)
        cells.append((u, d_lo, d_hi, u_lo, u_hi))

    def interval(cell: tuple[int, ...], theta: int) -> tuple[int, int]:
        u, d_lo, d_hi, u_lo, u_hi = cell
        t_up = (theta - _LR_UP) // width  # up needs remainder > t_up
        t_down = (theta - _LR_DOWN) // width  # down needs remainder <= t_down
        a_lo = max(u_lo, _cdiv(t_up + 1 + (u - 1) * b, s))
        c_hi = min(d_hi, (t_down + u * b) // s)
        low = a_lo if a_lo <= u_hi else d_lo
        high = c_hi if d_lo <= c_hi else u_hi
        return low, high

    top = b * width + width

    def sum_low(theta: int) -> int:
        return sum(interval(c, theta)[0] for c in cells)

    def sum_high(theta: int) -> int:
        return sum(interval(c, theta)[1] for c in cells)

    if sum_low(0) > b or sum_high(top) < b:
        return None
    t1 = _first(lambda theta: sum_low(theta) > b, 0, top + 1) - 1
    t2 = _first(lambda theta: sum_high(theta) >= b, 0, top)
    gaps = []
    for u, d_lo, d_hi, u_lo, u_hi in cells:
        last_up = (s * u_hi - (u - 1) * b) * width + _LR_UP - 1 if u_lo <= u_hi else -1
        first_down = (s * d_lo - u * b) * width + _LR_DOWN if d_lo <= d_hi else top + 1
        gaps.append((last_up, first_down))
    candidates = sorted({t2} | {c for _, c in gaps if t2 <= c <= t1})
    for theta in candidates:
        if theta > t1:
            break
        if any(a < theta < c for a, c in gaps):
            continue
        bounds = [interval(cell, theta) for cell in cells]
        witness = _witness(bounds, b, complete=True)
        if witness is None:
            continue
        if _lr_rounds_to(np.asarray(witness)[:, None], np.asarray([b]), units, decimals)[0]:
            return witness
    return None


# Ranks of an up and a down cell at the same remainder: a tie may go either way.
_LR_WIDTH, _LR_UP, _LR_DOWN = 2, 1, 0


def _lr_rounds_to(
    counts: npt.NDArray[Any], bases: npt.NDArray[Any], units: Sequence[int], decimals: int
) -> npt.NDArray[np.bool_]:
    """Return, per base, whether Hamilton's method gives `units` under SOME tie-break.

    `counts` has shape (cells, bases). Each cell must print as its floor or one unit more,
    and every cell rounded up must have a remainder at least that of every cell left at
    its floor: ties are open, unlike :func:`tracktr.rounding.percentage_units`, which gives
    them to the earlier cell so that its own output is deterministic.
    """
    s = _scale(decimals)
    c = np.asarray(counts, dtype=object)
    b = np.asarray(bases, dtype=object)[None, :]
    floors = c * s // b
    remainders = c * s - floors * b
    up = np.asarray(units, dtype=object)[:, None] - floors
    if sum(units) != s:  # Hamilton's method always gives a partition of 100%
        return np.zeros(c.shape[1], dtype=bool)
    shape_ok = ((up == 0) | (up == 1)).all(axis=0) & (c.sum(axis=0) == b[0])
    is_up = up == 1
    least_up = np.where(is_up, remainders, b).min(axis=0)
    most_down = np.where(is_up, -1, remainders).max(axis=0)
    return np.asarray(shape_ok & (least_up >= most_down), dtype=bool)


def _lr_fits(units: Sequence[int], bases: npt.NDArray[np.int64], decimals: int) -> list[int]:
    """Return the `bases` (ascending, each below ``2 * s``) that a largest-remainder table fits.

    The threshold search of :func:`_lr_witness`, run for every base at once with int64
    arrays of shape (cells, bases): about 2 * log2(base * cells) vectorised steps, then a
    check of every witness by :func:`_lr_rounds_to`. A base whose witness does not round
    back (not expected) is decided by :func:`_lr_witness` itself.
    """
    if not bases.size:
        return []
    s, n = _scale(decimals), len(units)
    width = _LR_WIDTH
    u = np.asarray(units, dtype=np.int64)[:, None]
    b = bases[None, :]
    d_lo, d_hi = np.maximum(_cdiv(u * b, s), 0), np.minimum(_cdiv((u + 1) * b, s) - 1, b)
    u_lo, u_hi = np.maximum(((u - 1) * b) // s + 1, 0), np.minimum(_cdiv(u * b, s) - 1, b)

    def interval(theta: npt.NDArray[np.int64]) -> tuple[Any, Any]:
        t_up = (theta[None, :] - _LR_UP) // width
        t_down = (theta[None, :] - _LR_DOWN) // width
        a_lo = np.maximum(u_lo, _cdiv(t_up + 1 + (u - 1) * b, s))
        c_hi = np.minimum(d_hi, (t_down + u * b) // s)
        return np.where(a_lo <= u_hi, a_lo, d_lo), np.where(d_lo <= c_hi, c_hi, u_hi)

    def first(condition: Callable[[npt.NDArray[np.int64]], Any], a: Any, z: Any) -> Any:
        a, z = a.copy(), z.copy()
        while (a < z).any():
            middle = (a + z) // 2
            hit = condition(middle)
            z = np.where((a < z) & hit, middle, z)
            a = np.where((a < z) & ~hit, middle + 1, a)
        return a

    top = bases * width + width
    zero = np.zeros_like(bases)
    ok = (interval(zero)[0].sum(axis=0) <= bases) & (interval(top)[1].sum(axis=0) >= bases)
    t1 = first(lambda th: interval(th)[0].sum(axis=0) > bases, zero, top + 1) - 1
    t2 = first(lambda th: interval(th)[1].sum(axis=0) >= bases, zero, top)
    last_up = np.where(u_lo <= u_hi, (s * u_hi - (u - 1) * b) * width + _LR_UP - 1, -1)
    first_down = np.where(d_lo <= d_hi, (s * d_lo - u * b) * width + _LR_DOWN, top[None, :] + 1)
    candidates = np.vstack([t2[None, :], first_down])  # (n + 1, bases)
    usable = ok[None, :] & (candidates >= t2[None, :]) & (candidates <= t1[None, :])
    for i in range(n):  # a candidate inside a cell's gap leaves that cell no count
        usable &= ~((last_up[i][None, :] < candidates) & (candidates < first_down[i][None, :]))
    never = np.iinfo(np.int64).max
    theta = np.where(usable, candidates, never).min(axis=0)
    found = theta != never
    if not found.any():
        return []
    kept, theta = bases[found], theta[found]
    b = kept[None, :]
    d_lo, d_hi, u_lo, u_hi = d_lo[:, found], d_hi[:, found], u_lo[:, found], u_hi[:, found]
    low, high = interval(theta)
    spare = kept - low.sum(axis=0)
    room = high - low
    before = np.cumsum(room, axis=0) - room  # room of the earlier cells
    witness = low + np.clip(spare[None, :] - before, 0, room)  # greedy, like _greedy
    exact = _lr_rounds_to(witness, kept, units, decimals)
    return [
        int(base)
        for base, good in zip(kept.tolist(), exact.tolist(), strict=True)
        if good or _lr_witness(units, int(base), decimals) is not None
    ]


def _bounds_at(
    u: npt.NDArray[np.int64], places: npt.NDArray[np.int64], base: Any, rule: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """:func:`_count_bounds` of cells ``u`` (shape (n, 1)), each at its `places` (shape (n,))."""
    kinds = np.unique(places).tolist()
    if len(kinds) == 1:
        return _count_bounds(u, base, rule, int(kinds[0]))
    shape = np.broadcast_shapes(u.shape, np.shape(base))
    lo_all = np.empty(shape, dtype=np.int64)
    hi_all = np.empty(shape, dtype=np.int64)
    for d in kinds:
        rows = places == d
        lo_all[rows], hi_all[rows] = _count_bounds(u[rows], base, rule, int(d))
    return lo_all, hi_all


def _progressions(
    units: Sequence[int],
    rule: str,
    decimals: int | Sequence[int],
    *,
    complete: bool,
    top: int,
) -> tuple[int, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every base up to `top` under which the cells can hold, as one progression per residue.

    With ``P = _period(rule, decimals)``, each cell's count bounds at base ``r + m * P``
    are ``bounds(r) + m * step``: every condition (a cell's interval not empty, the lower
    bounds summing to at most the base, the upper ones to at least it) is linear in ``m``,
    so the bases of residue ``r`` that fit are those with ``m`` in one interval. Cost
    O(P * n) integer operations in chunks of about a million, whatever `top` is.

    `decimals` may give each cell its own decimal places (12.5 printed beside 88): the
    period of the most decimals is a multiple of every cell's own, so the bounds of every
    cell still grow by a fixed step per period.
    """
    places = (
        [int(decimals)] * len(units) if isinstance(decimals, int) else [int(d) for d in decimals]
    )
    period = _period(rule, max(places))
    residues = min(period, top)
    # Cells printed alike have the same bounds: work on each distinct value once.
    pairs = np.asarray([list(units), places], dtype=np.int64).T
    distinct_pairs, copies = np.unique(pairs, axis=0, return_counts=True)
    u = distinct_pairs[:, :1]
    cell_places = distinct_pairs[:, 1]
    distinct = distinct_pairs[:, 0]
    copies = copies[:, None]
    # The growth per period is the same in every residue class: read it once at base 1.
    one = np.ones((1, 1), dtype=np.int64)
    lo_a, hi_a = _bounds_at(u, cell_places, one, rule)
    lo_b, hi_b = _bounds_at(u, cell_places, one + period, rule)
    grow_lo, grow_hi = lo_b - lo_a, hi_b - hi_a  # shape (n, 1)
    chunk = max(1, 2**20 // len(distinct))
    firsts: list[npt.NDArray[np.int64]] = []
    lasts: list[npt.NDArray[np.int64]] = []
    for start in range(1, residues + 1, chunk):
        r = np.arange(start, min(start + chunk, residues + 1), dtype=np.int64)
        lo0, hi0 = _bounds_at(u, cell_places, r[None, :], rule)
        m_lo = np.zeros(r.shape, dtype=np.int64)
        m_hi = (top - r) // period
        # Each cell: lo + m * grow_lo <= hi + m * grow_hi. Upper bounds never grow more
        # slowly than lower ones, so a cell either needs m large enough or never fits.
        gap = lo0 - hi0
        widening = (grow_hi - grow_lo)[:, 0]
        steady = widening == 0
        if steady.any():
            m_hi = np.where((gap[steady] > 0).any(axis=0), -1, m_hi)
        if (~steady).any():
            need = -((-gap[~steady]) // widening[~steady][:, None])
            m_lo = np.maximum(m_lo, need.max(axis=0))
        low, grow_low = (lo0 * copies).sum(axis=0), int((grow_lo * copies).sum())
        conditions = [(low - r, grow_low - period)]  # sum(lo) <= b
        if complete:  # sum(hi) >= b
            high, grow_high = (hi0 * copies).sum(axis=0), int((grow_hi * copies).sum())
            conditions.append((r - high, period - grow_high))
        for alpha, beta in conditions:  # alpha + m * beta <= 0
            if beta > 0:
                m_hi = np.minimum(m_hi, (-alpha) // beta)
            elif beta < 0:
                m_lo = np.maximum(m_lo, -((-alpha) // -beta))
            else:
                m_hi = np.where(alpha > 0, -1, m_hi)
        firsts.append(r + m_lo * period)
        lasts.append(np.where(m_lo <= m_hi, r + m_hi * period, 0))
    return period, np.concatenate(firsts), np.concatenate(lasts)


def _fitting(
    units: Sequence[int],
    rule: str,
    decimals: int | Sequence[int],
    *,
    complete: bool,
    top: int,
) -> BaseSet:
    """Return the bases from 1 to `top` under which the printed cells can all hold."""
    if rule != "largest_remainder":
        step, first, last = _progressions(units, rule, decimals, complete=complete, top=top)
        return BaseSet(step=step, first=first, last=last)
    assert isinstance(decimals, int)  # one for every cell: distribution() refuses others
    s = _scale(decimals)
    if sum(units) != s:
        return BaseSet()
    # From 2 * s on, every partition summing to 100% is reachable: round each exact count
    # units * base / s to the nearest whole, then move the sum onto the base by taking one
    # from (or giving one to) cells that were rounded up (or down). Each count stays less
    # than one from exact, so each share less than s / base <= 1/2 unit from its target:
    # the cells below their target have remainders above 1/2, the others below 1/2, and
    # Hamilton's method rounds every cell to its target. Below 2 * s, search base by base.
    below = min(top, 2 * s - 1)
    step, first, last = _progressions(
        units, "largest_remainder", decimals, complete=True, top=below
    )
    candidates = BaseSet(step=step, first=first, last=last).to_array()
    small = _lr_fits(units, candidates, decimals)
    if top <= below:
        return BaseSet(small)
    return BaseSet(small, first=[below + 1], last=[top])


def distribution(
    values: Sequence[Any] | Mapping[str, Any] | pd.Series,
    base: int | None = None,
    *,
    decimals: int | Sequence[int] = 0,
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
    decimals : int or sequence of int, default 0
        Decimal places of the percentages: one number for all, or one per value when they
        are printed with different decimals (``[1, 0]`` for 12.5 and 88: each value is read
        to its own, so 88 is anything from 87.5 to 88.5 under half-up).
    complete : bool, default True
        True when the cells are every answer, so their counts must sum to the base; False
        when other answers were not printed, so the counts must only not exceed it.
    rule : RoundingRule, default "half_up"
        The rounding rule the report used.
    max_base : int, default 5000
        The largest base tried when `base` is None, up to 10**15.

    Returns
    -------
    DistributionCheck
        With a witness (`counts`) when possible.

    Raises
    ------
    tracktr.InvalidOptionError
        If a value is outside 0-100, `decimals` is outside 0-3 (or does not give one per
        value), or ``largest_remainder`` is asked with ``complete=False`` or with values of
        different decimals.
    tracktr.InvalidBaseError
        If `base` is not a positive whole number.

    Notes
    -----
    Under every rule but largest remainder each cell's admissible counts form an interval
    ``[lo_i, hi_i]`` (see the module notes), so the percentages can hold together exactly
    when ``sum(lo) <= base <= sum(hi)`` (or ``sum(lo) <= base`` when not `complete`).

    For ``base=None`` the bases are not tried one by one. The bounds grow by a fixed step
    each time the base grows by the rule's period ``P`` (``100 * 10**decimals``; twice
    that for the half rules, twenty times for ``double_half_up``), so within each residue
    class of ``P`` the conditions are linear and the fitting bases are one arithmetic
    progression: O(P * n) integer operations for n cells, in bounded chunks, and memory
    O(P), whatever `max_base` is (up to 10**15).

    Largest remainder is decided per base by a search over remainder thresholds in closed
    form, O(n log(base) + n**2), and its witness is verified by rounding it again. Hamilton's
    method leaves tied remainders open, so the percentages are possible when some order
    of the tied cells gives them (:func:`tracktr.rounding.percentage_units` gives ties to
    the earlier cell; a report may list its cells in another order). Without a base, the
    bases below ``2 * P`` (``P = 100 * 10**decimals``) are searched together with numpy,
    O(P * n * log(P * n)); from ``2 * P`` on every partition that sums to 100% is
    reachable (see ``_fitting``), so only the bases below it are searched.

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

    Printed with different decimals, each value is read to its own: 1 of 8 is 12.5%, and
    7 of 8 (87.5%) prints as 88:

    >>> tt.check.distribution([12.5, 88], 8, decimals=[1, 0]).counts
    (1, 7)
    """
    check_choice(rule, RoundingRule, name="rule")
    labels, raw = _labels_values(values)
    if not raw:
        msg = "`values` is empty: give the printed percentages of at least one answer."
        raise InvalidOptionError(msg)
    places = _cell_places(decimals, len(raw))
    most = max(places)
    units = [
        _units(v, d, name=f"values[{label!r}]")
        for label, v, d in zip(labels, raw, places, strict=True)
    ]
    shown = tuple(u / 10**d for u, d in zip(units, places, strict=True))
    if rule == "largest_remainder" and not complete:
        msg = "largest_remainder rounds a whole partition; it cannot check some of its cells."
        hint = "Hint: pass complete=True with every answer's percentage, or another rule."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    mixed = len(set(places)) > 1
    if rule == "largest_remainder" and mixed:
        msg = (
            "largest_remainder rounds every cell of a partition to the same decimals; got "
            f"decimals={list(places)}."
        )
        hint = "Hint: pass one number of decimals, or another rule."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    decimals = list(places) if mixed else most
    top = _check_max_base(max_base)
    if base is not None:
        shown_base = _check_base(base)
        b: int | None = shown_base
        fitting = BaseSet()
    else:
        b = None
        fitting = _fitting(units, rule, decimals, complete=complete, top=top)
        shown_base = fitting[0] if fitting else top
    bounds = [_count_bounds(u, shown_base, rule, d) for u, d in zip(units, places, strict=True)]
    witness: tuple[int, ...] | None = None
    found = (
        _lr_witness(units, shown_base, most)
        if rule == "largest_remainder"
        else _witness(bounds, shown_base, complete=complete)
    )
    if found is not None:
        witness = tuple(found)
        if b is not None:
            fitting = BaseSet((b,))
    ranges = tuple(range(lo, hi + 1) if lo <= hi else range(0) for lo, hi in bounds)
    return DistributionCheck(
        labels=labels,
        values=shown,
        base=b,
        rule=rule,
        decimals=most,
        complete=complete,
        bases=fitting,
        counts=witness,
        ranges=ranges,
        max_base=top,
        cell_decimals=places,
    )


def _cell_places(decimals: Any, n: int) -> tuple[int, ...]:
    """Return the decimal places of each of `n` values: one number for all, or one each."""
    if isinstance(decimals, Sequence | np.ndarray) and not isinstance(decimals, str):
        places = tuple(_check_decimals(d) for d in decimals)
        if len(places) != n:
            msg = f"`decimals` gives {len(places)} decimal places for {n} values."
            hint = "Hint: pass one number for every value, or one per value, in their order."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        return places
    return (_check_decimals(decimals),) * n


def _named(printed: str, label: str) -> str:
    """Return a part as printed, with its label: "6% (C)"; "49% (part 2)"; "49%".

    An unlabelled part is named by the number it prints (and its position when two print
    alike), which is not repeated.
    """
    if label == printed:
        return f"{printed}%"
    if label.startswith(f"{printed} ("):
        return f"{printed}% {label.removeprefix(printed).strip()}"
    return f"{printed}% ({label})"

"""Column-proportion letters of a whole table at once, for tab books.

:func:`tracktr.compare_table` compares every pair of groups with a full
:func:`tracktr.compare_proportions` (intervals, ratios, the test), a few milliseconds per
comparison; a tab book makes tens of thousands. This module runs the same decision for
every (option, pair) cell of a table in one vectorised pass: the same choice of test
(Fisher's exact test where an expected count is below 5, else Pearson's chi-square
without correction), the same effective bases for weighted tables, the same adjustment
of the p-values over the table, and so the same letters (the tests of
:mod:`tracktr.tabbook` check this against ``compare_table``).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.compare._checks import _check_gaps
from tracktr.compare._intervals import _EXPECTED_MINIMUM
from tracktr.compare._tests import adjust_once, adjust_p_values, fisher_p_value
from tracktr.table import Table
from tracktr.typing import PAdjustMethod

__all__ = ["PairTests", "higher_than", "pair_tests", "pairs_tested"]


@dataclass(frozen=True, slots=True, repr=False)
class PairTests:
    """The pairwise tests behind a table's letters, before their p-values are adjusted.

    A letter is decided over a family of tests: Holm's adjustment reads every p-value
    of the family. Keeping the tests lets a protected tab book decide its letters again
    over the published cells alone, so that no published letter depends on a hidden
    count (one adjusted with them could tell a reader that a hidden cell differs).

    Attributes
    ----------
    rows : tuple or None
        The row (option or net) of each test; None for tests of whole columns (mean
        scores), whose letters are keyed by group alone.
    first, second : tuple
        The two groups of each test.
    p_values : numpy.ndarray
        Unadjusted p-values; NaN where no test is defined (left out of the family):
        where both groups are at 0% or both at 100%, which says nothing either way, or
        where Fisher's test rounds weighted effective counts to a table with a margin of 0.
    first_higher : numpy.ndarray of bool
        Whether the first group is the higher of the two.
    hypotheses : numpy.ndarray of int or None
        Which tests are one hypothesis, counted once in the family (:func:`adjust_once`):
        the two rows of a two-option question test each pair of groups once. None: every
        test its own.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.compare._letters import pair_tests
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
    ...     bases=pd.Series({"A": 40, "B": 40}),
    ... )
    >>> tests = pair_tests(table)
    >>> tests.letters(adjust="holm", level=0.95)
    {('Yes', 'A'): ['B'], ('No', 'B'): ['A']}
    >>> tests.letters(adjust="holm", level=0.95, hidden={("No", "B")})
    {('Yes', 'A'): ['B']}
    """

    rows: tuple[Any, ...] | None
    first: tuple[Any, ...]
    second: tuple[Any, ...]
    p_values: npt.NDArray[np.float64]
    first_higher: npt.NDArray[np.bool_]
    hypotheses: npt.NDArray[np.intp] | None = None

    def __len__(self) -> int:
        return len(self.first)

    def published(self, hidden: Collection[tuple[Any, Any]]) -> npt.NDArray[np.bool_]:
        """Return which tests compare two published cells (``(row, group)`` not hidden).

        For tests of whole columns the cells are ``(None, group)``.
        """
        rows = self.rows if self.rows is not None else (None,) * len(self)
        return np.array(
            [
                (row, a) not in hidden and (row, b) not in hidden
                for row, a, b in zip(rows, self.first, self.second, strict=True)
            ],
            dtype=bool,
        )

    def letters(
        self,
        *,
        adjust: PAdjustMethod,
        level: float,
        hidden: Collection[tuple[Any, Any]] = frozenset(),
    ) -> dict[Any, list[Any]]:
        """Return, for each cell, the groups it is significantly higher than.

        The p-values are adjusted over the tests that compare two cells not in `hidden`
        (and have a p-value): the family is what a reader of the published table sees.
        Keys are ``(row, group)``, or the group alone for tests of whole columns.
        """
        family = np.flatnonzero(self.published(hidden) & ~np.isnan(self.p_values))
        if self.hypotheses is None:
            adjusted = adjust_p_values(self.p_values[family], method=adjust)
        else:  # a Yes/No question's two rows test each pair once: one member, not two
            adjusted = adjust_once(self.p_values[family], self.hypotheses[family], method=adjust)
        higher: dict[Any, list[Any]] = {}
        for k, p in zip(family.tolist(), adjusted.tolist(), strict=True):
            if not p < 1 - level:
                continue
            a, b = self.first[k], self.second[k]
            top, bottom = (a, b) if self.first_higher[k] else (b, a)
            higher.setdefault(top if self.rows is None else (self.rows[k], top), []).append(bottom)
        return higher


def pairs_tested(
    rows: Sequence[Any] | None,
    first: Sequence[Any],
    second: Sequence[Any],
    p_values: Any,
    first_higher: Any,
    *,
    hypotheses: Any = None,
) -> PairTests:
    """Build a :class:`PairTests` from sequences (arrays are copied, read-only)."""
    p = np.array(p_values, dtype=np.float64).ravel()
    higher = np.array(first_higher, dtype=bool).ravel()
    p.flags.writeable = higher.flags.writeable = False
    same = None if hypotheses is None else np.array(hypotheses, dtype=np.intp).ravel()
    return PairTests(None if rows is None else tuple(rows), tuple(first), tuple(second), p,
                     higher, same)  # fmt: skip


def _scale(table: Table, effective_bases: pd.Series | None) -> pd.Series:
    """Effective base per displayed base, as compare_table's ``_sides`` computes it."""
    bases = table.bases.astype(float)
    columns = table.counts.columns
    unweighted = table.unweighted_bases  # each read of a table's field is a copy: read once
    scale = pd.Series(1.0, index=columns)
    if effective_bases is None:
        effective_bases = table.effective_bases  # a weighted table's own Kish bases
    if effective_bases is not None:
        scale = (effective_bases.reindex(columns).astype(float) / bases).fillna(1.0)
    elif unweighted is not None:
        scale = unweighted.astype(float) / bases
    return scale.where(bases > 0, 1.0)


@lru_cache(maxsize=65536)
def _fisher(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test of ``[[a, b], [c, d]]``, cached.

    The test :func:`tracktr.compare_proportions` runs (:func:`fisher_p_value`), so that
    a table's letters and its comparisons agree.
    """
    return fisher_p_value(a, b, c, d)


def higher_than(
    table: Table,
    *,
    total: Hashable | None = "All",
    effective_bases: pd.Series | None = None,
    adjust: PAdjustMethod = "holm",
    level: float = 0.95,
) -> dict[tuple[Any, Any], list[Any]]:
    """Return, for each (option, group) cell, the groups it is significantly higher than.

    Parameters
    ----------
    table : Table
        Options as rows, groups as columns (column percentages).
    total : label or None, default "All"
        The whole-sample column, left out of the comparisons.
    effective_bases : pandas.Series, optional
        Kish effective bases of a weighted table; by default ``table.effective_bases``.
    adjust, level
        As in :func:`tracktr.compare_table`.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.compare._letters import higher_than
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
    ...     bases=pd.Series({"A": 40, "B": 40}),
    ... )
    >>> higher_than(table)
    {('Yes', 'A'): ['B'], ('No', 'B'): ['A']}
    """
    tests = pair_tests(table, total=total, effective_bases=effective_bases)
    found: dict[tuple[Any, Any], list[Any]] = tests.letters(adjust=adjust, level=level)
    return found


def pair_tests(
    table: Table,
    *,
    total: Hashable | None = "All",
    effective_bases: pd.Series | None = None,
) -> PairTests:
    """Return the test of every (option, pair of groups) of `table`, in that order.

    The tests of :func:`higher_than`, before their p-values are adjusted.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.compare._letters import pair_tests
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
    ...     bases=pd.Series({"A": 40, "B": 40}),
    ... )
    >>> len(pair_tests(table))
    2
    """
    from scipy import stats

    _check_gaps(table)  # a gap (an option not offered) has no share to letter
    frame = table.counts  # each read of a table's field is a copy: read once
    columns = list(frame.columns)
    bases = table.bases.to_numpy(dtype=float)
    active = [i for i, c in enumerate(columns) if c != total and bases[i] > 0]
    pairs = [(g, h) for k, g in enumerate(active) for h in active[k + 1 :]]
    if not pairs or frame.empty:
        return pairs_tested([], [], [], [], [])
    scale = _scale(table, effective_bases).to_numpy(dtype=float)
    counts = frame.to_numpy(dtype=float)
    left = np.array([g for g, _ in pairs])
    right = np.array([h for _, h in pairs])
    x1 = counts[:, left] * scale[left]
    x2 = counts[:, right] * scale[right]
    n1 = np.broadcast_to(bases[left] * scale[left], x1.shape)
    n2 = np.broadcast_to(bases[right] * scale[right], x2.shape)
    whole = n1 + n2
    ticked = x1 + x2
    rest = whole - ticked
    expected_min = np.minimum(n1, n2) * np.minimum(ticked, rest) / whole
    p = np.ones(x1.shape)
    pearson = expected_min >= _EXPECTED_MINIMUM
    margins = n1 * n2 * ticked * rest
    with np.errstate(invalid="ignore", divide="ignore"):
        chi2 = whole * (x1 * (n2 - x2) - x2 * (n1 - x1)) ** 2 / margins
    usable = pearson & (margins > 0)
    if usable.any():
        p[usable] = stats.chi2.sf(chi2[usable], 1)
    for i, j in zip(*np.nonzero(~pearson), strict=True):
        a, b = round(float(x1[i, j])), round(float(n1[i, j] - x1[i, j]))
        c, d = round(float(x2[i, j])), round(float(n2[i, j] - x2[i, j]))
        # As compare_table's test (_two_by_two_test): effective counts rounded to a table
        # with a margin of 0 have one possible table, so no test, and no member of the
        # family. Kept at p = 1 it widened Holm's family and took real letters away.
        p[i, j] = np.nan if min(a + b, c + d, a + c, b + d) <= 0 else _fisher(a, b, c, d)
    # Both columns 0% (or both 100%): nothing to test. Counted as p = 1, such a row (an
    # option nobody chose, a "Don't know" left unused) widened the Holm family and took
    # the letters of a real difference away (raw p 0.021: 0.042 of two tests, 0.063 of 3).
    p[(ticked <= 0) | (rest <= 1e-12 * whole)] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        difference = x1 / n1 - x2 / n2
    options = list(frame.index)
    # The two rows of a two-option question are one partition: a pair's test of the one is
    # its test of the other, one hypothesis (counted twice, a pair lost its letter: p 0.053
    # over six tests, 0.026 over its three hypotheses).
    twins = np.tile(np.arange(len(pairs)), 2) if table.partition and len(options) == 2 else None
    # In the order of p.ravel(): option by option, each option's pairs in turn.
    return pairs_tested(
        [options[i] for i in range(len(options)) for _ in pairs],
        [columns[g] for _ in options for g, _ in pairs],
        [columns[h] for _ in options for _, h in pairs],
        p,
        difference > 0,
        hypotheses=twins,
    )

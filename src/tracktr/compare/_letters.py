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

from collections.abc import Hashable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from tracktr.compare._intervals import _EXPECTED_MINIMUM
from tracktr.compare._tests import adjust_p_values
from tracktr.table import Table
from tracktr.typing import PAdjustMethod

__all__ = ["higher_than"]


def _scale(table: Table, effective_bases: pd.Series | None) -> pd.Series:
    """Effective base per displayed base, as compare_table's ``_sides`` computes it."""
    bases = table.bases.astype(float)
    columns = table.counts.columns
    unweighted = table.unweighted_bases  # each read of a table's field is a copy: read once
    scale = pd.Series(1.0, index=columns)
    if effective_bases is not None:
        scale = (effective_bases.reindex(columns).astype(float) / bases).fillna(1.0)
    elif unweighted is not None:
        scale = unweighted.astype(float) / bases
    return scale.where(bases > 0, 1.0)


@lru_cache(maxsize=65536)
def _fisher(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test of ``[[a, b], [c, d]]``.

    The sum of the hypergeometric probabilities of the tables no more likely than the
    one observed (relative tolerance 1e-7, as R's ``fisher.test``); scipy's
    ``fisher_exact`` gives the same p-value, one call per table at a time.
    """
    from scipy.special import gammaln

    n1, n2, ticked = a + b, c + d, a + c
    low, high = max(0, ticked - n2), min(n1, ticked)
    k = np.arange(low, high + 1, dtype=float)
    log_pmf = (
        gammaln(n1 + 1)
        - gammaln(k + 1)
        - gammaln(n1 - k + 1)
        + gammaln(n2 + 1)
        - gammaln(ticked - k + 1)
        - gammaln(n2 - ticked + k + 1)
        - gammaln(n1 + n2 + 1)
        + gammaln(ticked + 1)
        + gammaln(n1 + n2 - ticked + 1)
    )
    pmf = np.exp(log_pmf)
    observed = pmf[a - low]
    return float(min(1.0, pmf[pmf <= observed * (1 + 1e-7)].sum()))


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
        Kish effective bases of a weighted table.
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
    from scipy import stats

    frame = table.counts  # each read of a table's field is a copy: read once
    columns = list(frame.columns)
    bases = table.bases.to_numpy(dtype=float)
    active = [i for i, c in enumerate(columns) if c != total and bases[i] > 0]
    pairs = [(g, h) for k, g in enumerate(active) for h in active[k + 1 :]]
    if not pairs or frame.empty:
        return {}
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
        p[i, j] = _fisher(a, b, c, d)
    adjusted = adjust_p_values(p.ravel(), method=adjust).reshape(p.shape)
    significant = adjusted < 1 - level
    higher: dict[tuple[Any, Any], list[Any]] = {}
    options = list(frame.index)
    with np.errstate(invalid="ignore", divide="ignore"):
        difference = x1 / n1 - x2 / n2
    for i, j in zip(*np.nonzero(significant), strict=True):
        g, h = columns[pairs[j][0]], columns[pairs[j][1]]
        top, bottom = (g, h) if difference[i, j] > 0 else (h, g)
        higher.setdefault((options[i], top), []).append(bottom)
    return higher

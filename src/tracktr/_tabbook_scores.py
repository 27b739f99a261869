"""A tab book's mean scores: the scores offered, their variances and the letters between means.

A step of building a section (:mod:`tracktr._tabbook_build`): the mean scores come from
:mod:`tracktr.nets`, their variances (plain, weighted or design-based) and the tests
between groups' means are computed here from the respondents' scores.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._pooled import unoffered
from tracktr.compare._letters import PairTests, pairs_tested
from tracktr.nets import mean_scores
from tracktr.table import Table

__all__: list[str] = []


def _offered_scores(
    data: pd.DataFrame, column: str, by: str, spec: Any, table: Table
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Return the mean scores of a section, n/a where a scored option is a gap, and notes.

    :func:`tracktr.mean_scores` refuses a table where a scored option is a gap (a wave
    that did not offer it: its mean would be over fewer points of the scale). The book
    prints that column's mean as n/a instead, untested, with a note, and the other
    columns' means as mean_scores gives them. A column that holds such a wave's
    respondents beside others (the Total) averages over both scales: a note says so.
    """
    scored = {option for option, _ in spec.scores}
    lacking = [c for o, c in table.gaps if o in scored] if table.percent_axis == "columns" else []
    kept = tuple(gap for gap in table.gaps if gap[0] not in scored or gap[1] not in lacking)
    scores = mean_scores(
        dataclasses.replace(table, gaps=kept), spec.scores, dont_know=spec.dont_know
    )
    notes = []
    refused = list(dict.fromkeys(lacking))
    if refused:
        scores.loc[refused, ["mean", "sd", "base"]] = np.nan
        missing = ", ".join(dict.fromkeys(repr(o) for o, c in table.gaps if o in scored))
        notes.append(
            f"Mean score: n/a in {', '.join(str(c) for c in refused)}, where {missing} "
            "was not offered: a mean there would be over fewer points of the scale "
            "(tt.mean_scores refuses it)."
        )
    wave, missed = unoffered(data, column)
    short = {w: [o for o in options if o in scored] for w, options in missed.items()}
    short = {w: options for w, options in short.items() if options}
    if short:
        shorter = data[wave].isin(list(short)) & data[column].isin(list(scored))
        rows = np.asarray(shorter, dtype=bool)
        groups = set(data[by][rows].dropna())
        mixed = [
            c for c in scores.index
            if c not in refused and ((c == "All" and rows.any()) or c in groups)
        ]  # fmt: skip
        if mixed:
            lacked = "; ".join(f"wave {w}: {', '.join(map(repr, o))}" for w, o in short.items())
            notes.append(
                f"Mean score of {', '.join(str(c) for c in mixed)}: it counts respondents "
                f"of waves whose scale lacked a scored option ({lacked}), so it mixes "
                "scales (tt.waves.trend shows each wave alone)."
            )
    return scores, tuple(notes)


def _score_values(answers: pd.Series, scores: Sequence[tuple[str, float]]) -> Any:
    """Return each respondent's score (NaN where the answer has none)."""
    table = dict(scores)
    if isinstance(answers.dtype, pd.CategoricalDtype):  # score each category, not each row
        lookup = np.array([table.get(c, np.nan) for c in answers.cat.categories] + [np.nan])
        return lookup[answers.cat.codes.to_numpy()]  # code -1 (blank) reads the last: NaN
    return np.asarray(answers.astype(object).map(table), dtype=np.float64)


def _scored_respondents(
    values: npt.NDArray[np.float64],
    codes: npt.NDArray[np.intp],
    labels: list[Any],
    index: list[Any],
) -> list[int]:
    """Return the respondents with a score in each group of `index` (and "All")."""
    scored = ~np.isnan(values)
    grouped = codes[scored]
    counts = np.bincount(grouped[grouped >= 0], minlength=len(labels))
    found = {label: int(c) for label, c in zip(labels, counts, strict=True)}
    found["All"] = int(np.count_nonzero(scored))
    return [found.get(g, 0) for g in index]


def _score_variances(
    values: npt.NDArray[np.float64],
    codes: npt.NDArray[np.intp],
    labels: list[Any],
    weights: str | Sequence[float] | None,
    data: pd.DataFrame,
) -> dict[Any, tuple[float, float]]:
    """Return each group's standard error of the mean score and Kish base, from rows.

    The mean score itself comes from the table's counts (:func:`tracktr.mean_scores`);
    its variance needs each respondent's weight, so it is read from the rows here.
    """
    from tracktr.tabulate import _weights

    scored = ~np.isnan(values)
    x, w = values[scored], _weights(data, weights)
    w = None if w is None else w[scored]
    grouped = codes[scored] >= 0  # respondents without a group are in the total only
    spread = _grouped_variance(
        x[grouped], None if w is None else w[grouped], codes[scored][grouped], len(labels)
    )
    everyone = _grouped_variance(x, w, np.zeros(len(x), dtype=np.intp), 1)
    rows = np.vstack([spread, everyone]).tolist()
    return {key: (row[0], row[1]) for key, row in zip([*labels, "All"], rows, strict=True)}


def _design_variances(
    values: npt.NDArray[np.float64],
    codes: npt.NDArray[np.intp],
    labels: list[Any],
    bound: Any,
    data: pd.DataFrame,
) -> tuple[dict[Any, tuple[float, float]], dict[tuple[int, int], tuple[float, float]]]:
    r"""Design-based standard errors of each group's mean score, and of each difference.

    Each group is a domain of the whole design: its linearised scores
    :math:`w_i (x_i - \bar x_g) / \sum_g w` on its own rows, zero elsewhere, and the
    design covariance of all groups' scores at once (``BoundDesign.covariance``), so a
    difference's variance includes the covariance of two groups sharing PSUs. Degrees of
    freedom of a pair: its PSUs less its strata, less one, as R's ``svyttest`` on the
    design subset to the pair. Returns, per group label, the standard error and the Kish
    base; per pair of group positions, the variance of the difference and its degrees of
    freedom.
    """
    weights = bound.weights
    rows = np.flatnonzero(~np.isnan(values))
    x, w, group = values[rows], weights[rows], codes[rows]
    k = len(labels)
    slot = np.where(group >= 0, group, k)  # slot k: no group (in the total only)
    total = np.bincount(slot, w, minlength=k + 1)[:k]
    squares = np.bincount(slot, w**2, minlength=k + 1)[:k]
    scores = np.zeros((len(rows), k + 1))
    inside = np.flatnonzero(group >= 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(slot, w * x, minlength=k + 1)[:k] / total
        g = group[inside]
        scores[inside, g] = w[inside] * (x[inside] - mean[g]) / total[g]
        scores[:, k] = w * (x - float(w @ x) / float(w.sum())) / float(w.sum())
        effective = np.append(total, w.sum()) ** 2 / np.append(squares, (w**2).sum())
    covariance = bound.covariance(np.nan_to_num(scores), rows)
    se = np.sqrt(np.clip(np.diag(covariance), 0, None))
    spread = {key: (float(se[j]), float(effective[j])) for j, key in enumerate([*labels, "All"])}
    psu = bound.psu_of_rows()
    psu = np.arange(len(weights)) if psu is None else psu
    strata_column = bound.design.strata
    strata = (
        pd.factorize(data[strata_column])[0]
        if strata_column is not None
        else np.zeros(len(weights), dtype=np.intp)
    )
    pairs: dict[tuple[int, int], tuple[float, float]] = {}
    for a in range(k):
        for b in range(a + 1, k):
            variance = covariance[a, a] + covariance[b, b] - 2 * covariance[a, b]
            members = rows[((group == a) | (group == b)) & (w > 0)]
            df = len(np.unique(psu[members])) - len(np.unique(strata[members])) - 1
            pairs[(a, b)] = (max(float(variance), 0.0), float(df))
    return spread, pairs


def _grouped_variance(
    x: npt.NDArray[np.float64],
    w: npt.NDArray[Any] | None,
    slot: npt.NDArray[np.intp],
    slots: int,
) -> npt.NDArray[np.float64]:
    r"""Return the standard error of each slot's (weighted) mean and its Kish base.

    The variance of a weighted mean is R survey's linearised (with-replacement) one for a
    design with weights only, :math:`\frac{n}{n-1} \sum w_i^2 (x_i - \bar x_w)^2 /
    (\sum w_i)^2`, which is :math:`s^2/n` for equal weights; the Kish base is
    :math:`(\sum w)^2 / \sum w^2`. Every slot in one pass of sums.
    """
    n = np.bincount(slot, minlength=slots).astype(float)
    weight = np.ones_like(x) if w is None else np.asarray(w, dtype=float)
    total = np.bincount(slot, weight, minlength=slots)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(slot, weight * x, minlength=slots) / total
        deviation = weight * (x - mean[slot])
        variance = n / (n - 1) * np.bincount(slot, deviation**2, minlength=slots) / total**2
        effective = total**2 / np.bincount(slot, weight**2, minlength=slots)
    variance = np.where(n > 1, variance, np.nan)
    out: npt.NDArray[np.float64] = np.column_stack([np.sqrt(variance), effective])
    return out


def _means_tests(
    scores: pd.DataFrame, design: dict[tuple[Any, Any], tuple[float, float]] | None = None
) -> PairTests:
    """Return the test of each pair of groups' mean scores, before adjustment.

    A t test of each pair with the variance of each (weighted) mean, its standard error
    squared, and Welch-Satterthwaite degrees of freedom on the Kish effective bases:
    unweighted, exactly Welch's t test. With a design, `design` gives each pair's
    variance of the difference and degrees of freedom instead.
    """
    from scipy import stats

    labels = list(scores.index)
    mean, se, effective = (
        scores[c].to_numpy(dtype=float) for c in ("mean", "se", "effective_base")
    )
    testable = [
        k for k, g in enumerate(labels) if g != "All" and effective[k] > 1 and se[k] == se[k]
    ]
    pairs = [(k, j) for n, k in enumerate(testable) for j in testable[n + 1 :]]
    if not pairs:
        return pairs_tested(None, [], [], [], [])
    first, second = np.array(pairs).T
    va, vb = se[first] ** 2, se[second] ** 2
    difference = mean[first] - mean[second]
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = va + vb
        df = (va + vb) ** 2 / (va**2 / (effective[first] - 1) + vb**2 / (effective[second] - 1))
        if design is not None:
            found = [design[(labels[k], labels[j])] for k, j in pairs]
            variance = np.array([v for v, _ in found])
            df = np.array([d for _, d in found])
        t = difference / np.sqrt(variance)
        p = 2 * stats.t.sf(np.abs(t), df)
    # Two groups without spread differ surely when their means differ, never when equal.
    p_values = np.where(variance == 0, np.where(difference == 0, 1.0, 0.0), p)
    return pairs_tested(
        None, [labels[k] for k, _ in pairs], [labels[j] for _, j in pairs], p_values,
        mean[first] > mean[second],
    )  # fmt: skip

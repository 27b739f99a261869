r"""The design-based rank test of an ordinal or numeric question between groups.

Lumley and Scott (2013) rank the answers by the estimated population distribution
function, :math:`\hat F(y_i) = (\sum_{j \le i} w_j - w_i / 2) / \sum w` over the answers in
order (ties share the mean of their values), turn each rank into a score (Wilcoxon:
the rank itself; van der Waerden: its normal quantile; median: above the middle or not),
and compare the groups' weighted mean scores with their design-based variance: a t test on
the degrees of freedom of the respondents tested (R ``degf`` of the design without the
rows it drops) less one for two groups, a Wald F test for more.

The computation follows R survey's ``svyranktest`` (``survey:::svyranktest.survey.design``
and ``survey:::multiranktest``, survey 4.1.1, GPL-2 | GPL-3) step by step, read and written
anew here: the ranks ``ave(cumsum(w[ii]) - w[ii] / 2, factor(y[ii]))`` over ``ii =
order(y)`` (a stable order, so that tied rows keep theirs), the score functions, and the
variance of the regression of the score on the groups, which for a factor is the
covariance of the groups' domain means of the score (the linearisation used here).

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> df = pd.DataFrame({"y": [1, 2, 3, 4, 5, 6, 7, 8], "g": list("aaaabbbb")})
>>> round(tt.design.ranktest(df, "y", "g").p_value, 4)
0.0032
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._engine import reads_rows
from tracktr._numeric_cells import number_cells, refuse_missing_codes
from tracktr.design._design import Design
from tracktr.design._estimates import _groups, _option_codes, _require, _resolve
from tracktr.design._nested import nested_by
from tracktr.exceptions import InvalidBaseError, InvalidOptionError, UnknownValueError
from tracktr.typing import DesignRankScore, check_choice

__all__ = ["DesignRankTest", "ranktest"]


@dataclass(frozen=True, slots=True, repr=False)
class DesignRankTest:
    r"""A design-based rank test of one question between groups (R ``svyranktest``).

    Attributes
    ----------
    question, by : str
        The ranked question and the column of the groups.
    score : str
        ``"wilcoxon"``, ``"van_der_waerden"`` or ``"median"``.
    groups : tuple
        The groups compared (sorted), those with at least one answer.
    mean_scores : pandas.Series
        Each group's weighted mean rank score (Wilcoxon: the mean of :math:`\hat F`,
        0.5 for every group when the groups do not differ).
    statistic_name : str
        ``"t"`` for two groups, ``"F"`` for more.
    statistic : float
        t, or the Wald :math:`\chi^2` divided by its degrees of freedom.
    df : tuple of float
        ``(df,)`` for t (the degrees of freedom of the respondents tested, their PSUs less
        their strata, less one); ``(ndf, ddf)`` for F (ddf: those degrees of freedom
        less ndf).
    p_value : float
        Two-sided.
    difference : float
        Two groups: the second group's mean score less the first's (R's ``estimate``);
        NaN for more groups.
    n : int
        Respondents ranked (an answer and a group).
    design : Design

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"y": [1, 2, 3, 4, 5, 6], "g": list("aabbcc")})
    >>> tt.design.ranktest(df, "y", "g").statistic_name
    'F'
    """

    question: str
    by: str
    score: str
    groups: tuple[Any, ...]
    mean_scores: pd.Series
    statistic_name: str
    statistic: float
    df: tuple[float, ...]
    p_value: float
    difference: float
    n: int
    design: Design

    def __repr__(self) -> str:
        dfs = ", ".join(f"{d:.3g}" for d in self.df)
        return (
            f"DesignRankTest({self.question} by {self.by}, {self.score} scores: "
            f"{self.statistic_name} = {self.statistic:.3f} on ({dfs}) df, "
            f"p = {self.p_value:.3g}, n = {self.n})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the test as a one-row DataFrame.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"y": [1, 2, 3, 4], "g": list("abab")})
        >>> list(tt.design.ranktest(df, "y", "g").to_frame().columns)[:3]
        ['question', 'by', 'score']
        """
        return pd.DataFrame([{
            "question": self.question, "by": self.by, "score": self.score,
            "groups": self.groups, "statistic_name": self.statistic_name,
            "statistic": self.statistic, "df": self.df, "p_value": self.p_value,
            "difference": self.difference, "n": self.n,
        }])  # fmt: skip


def _ordered_values(data: pd.DataFrame, question: str, survey: Any) -> npt.NDArray[np.float64]:
    """Return each answer's place on the scale (NaN: no answer, or outside the scale).

    Missing markers and blanks are no answer, and "don't know" options lie outside the
    scale, in every form of the column: neither is ranked as a value.
    """
    series = data[question]
    spec = survey.spec(question) if survey is not None else None
    if spec is not None and spec.type in {"single", "ordinal"} and spec.options:
        codes, answered, labels = _option_codes(series, spec.options, question)
        outside = [k for k, label in enumerate(labels) if label in set(spec.dont_know)]
        values = codes.astype(np.float64)
        values[~answered | np.isin(codes, outside)] = np.nan
        return values
    if isinstance(series.dtype, pd.CategoricalDtype) and series.cat.ordered:
        return _category_places(series)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.isinf(values).any():
            rows = list(series.index[np.isinf(values)][:20])
            msg = f"question {question!r} holds infinite values in rows {rows}."
            raise InvalidOptionError(msg)
        # a code of the codebook's [missing] (-99 = refused) was ranked as the lowest answer
        refuse_missing_codes(values, ~np.isnan(values), series, survey, question)
        return values
    if series.dtype == object or isinstance(series.dtype, pd.StringDtype):
        # Numbers beside missing markers ("<refused>") make an object column: the markers
        # are no answer, read as the design's means read them.
        try:
            numbers, kind = number_cells(series, question)
        except UnknownValueError as error:
            raise _no_order(question, series, error) from None
        refuse_missing_codes(numbers, (kind == "").to_numpy(), series, survey, question)
        return numbers
    raise _no_order(question, series, None)


def _category_places(series: pd.Series) -> npt.NDArray[np.float64]:
    """Each cell's place among an ordered categorical's answers (NaN: none, or outside).

    Missing markers may be categories ("<skipped>" last, so highest), and so may "don't
    know": neither is a place on the scale.
    """
    from tracktr.missing import MARKERS, is_dont_know

    scale = [
        c
        for c in series.cat.categories
        if not (isinstance(c, str) and (c in MARKERS or is_dont_know(c)))
    ]
    place = {c: float(k) for k, c in enumerate(scale)}
    table = np.array([place.get(c, np.nan) for c in series.cat.categories] + [np.nan])
    places: npt.NDArray[np.float64] = table[series.cat.codes.to_numpy()]
    return places


def _no_order(
    question: str, series: pd.Series, error: UnknownValueError | None
) -> InvalidOptionError:
    """Return the error for a column with no order to rank by, naming what is not a number."""
    found = (
        ""
        if error is None
        else f"; value(s) {list(error.values)} in rows {list(error.rows)} are not numbers"
    )
    msg = (
        f"question {question!r} has no order to rank by: its column is {series.dtype}, not "
        f"numeric or an ordered categorical{found}, and no codebook gives its options."
    )
    hint = (
        "Hint: pass survey= (the options' order is the scale's), or an ordered "
        "pandas.Categorical, or numeric codes (missing markers such as '<refused>' may "
        "stand among them)."
    )
    return InvalidOptionError(f"{msg}\n\n{hint}")


def _rank_scores(
    values: npt.NDArray[np.float64], w: npt.NDArray[np.float64], score: str
) -> npt.NDArray[np.float64]:
    """Return each answer's rank score, as R's ``svyranktest`` computes it."""
    from scipy import stats

    order = np.argsort(values, kind="stable")  # R's order(): ties keep the rows' order
    total = float(w.sum())
    mid = np.cumsum(w[order]) - w[order] / 2
    # ties share the (unweighted) mean of their mids, as R's ave() gives
    _, tie, counts = np.unique(values[order], return_inverse=True, return_counts=True)
    mid = (np.bincount(tie, weights=mid) / counts)[tie]
    rank = np.empty_like(mid)
    rank[order] = mid
    if score == "van_der_waerden":
        result: npt.NDArray[np.float64] = stats.norm.ppf(rank / total)
        return result
    if score == "median":
        return (rank > total / 2).astype(np.float64)
    return rank / total


@reads_rows
def ranktest(
    data: pd.DataFrame,
    question: str,
    by: str | tuple[str, ...],
    /,
    *,
    design: Design | None = None,
    survey: Any = None,
    score: DesignRankScore = "wilcoxon",
) -> DesignRankTest:
    r"""Test whether an ordinal or numeric question differs between groups, by design.

    The design-based rank test of Lumley and Scott (2013), R survey's ``svyranktest``: the
    answers are ranked by the estimated population distribution, each rank turned into a
    score, and the groups' weighted mean scores compared with their design-based variance.
    For two groups it is the design-based Wilcoxon (Mann–Whitney) test, for more the
    Kruskal–Wallis test; with equal weights and no strata or clusters it is close to them.

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
        One row per respondent.
    question : str
        The column ranked: numeric, an ordered categorical, or a single-choice or ordinal
        question of `survey` (ranked in the order of its options). Missing answers (blank
        cells and markers such as ``"<refused>"``, among numbers too) and don't know
        options (the codebook's, else "Don't know") are left out, never ranked.
    by : str or tuple of str
        The column of the groups; two groups or more. A tuple of columns is a nested
        banner (``("region", "funder")``: groups "North / CRC", ...).
    design : Design, optional
        The sample design (default: the codebook's ``[design]``, else unweighted).
    survey : Survey, optional
    score : {"wilcoxon", "van_der_waerden", "median"}, default "wilcoxon"
        The rank score: the rank itself (Wilcoxon; Kruskal–Wallis for more than two
        groups), its normal quantile (van der Waerden), or whether it is above the middle
        of the population (the median test).

    Returns
    -------
    DesignRankTest

    Raises
    ------
    tracktr.UnknownMethodError
        If `score` is not one of the three.
    tracktr.InvalidOptionError
        If `question` has no order (text with no codebook) or holds infinite values, or
        the codebook declares it (or `by`) a tick-all-that-apply set; if rows of waves
        pooled with an id put an organisation in two groups in different primary sampling
        units (cluster the design on the id).
    tracktr.InvalidBaseError
        If fewer than two groups have an answer, or the groups' scores have no
        design-based variance.

    Notes
    -----
    Respondents with no answer or no group are a domain of the whole design (their scores
    are zero), so the variance is the whole design's; the degrees of freedom are those of
    the respondents tested (their PSUs less their strata, counting only weights above 0),
    as R's ``svyranktest``, which drops the other rows and recounts the PSUs left: a design
    whose PSUs are respondents loses one for each who did not answer. For more than two
    groups R prints the Wald :math:`\chi^2` and its degrees of freedom as ``parameter``
    and ``statistic``; here ``statistic`` is :math:`\chi^2 / \mathrm{ndf}`, referred to F
    on (ndf, those degrees of freedom less ndf).

    References
    ----------
    Lumley, T. & Scott, A. J. (2013). Two-sample rank tests under complex sampling.
    *Biometrika* 100(4), 831–842. doi:10.1093/biomet/ast025

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"size": [3, 5, 2, 8, 9, 7, 4, 6],
    ...                    "funded": ["no"] * 4 + ["yes"] * 4,
    ...                    "w": [1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0]})
    >>> test = tt.design.ranktest(df, "size", "funded", design=tt.Design(weights="w"))
    >>> test.statistic_name, round(test.difference, 3), round(test.p_value, 3)
    ('t', 0.3, 0.149)
    """
    from scipy import stats

    check_choice(score, DesignRankScore, name="score")
    design, (data, by) = _resolve(design, survey), nested_by(data, by, survey)
    bound = design.bind(data)
    _require(data, [question, by], question, survey=survey, reads="ranktest")
    values = _ordered_values(data, question, survey)
    codes, labels = _groups(data, by, survey)
    rows = np.flatnonzero(np.isfinite(values) & (codes >= 0))
    weight_of = np.bincount(codes[rows], weights=bound.weights[rows], minlength=len(labels))
    rows = rows[weight_of[codes[rows]] > 0]  # a group of weight 0 counts nobody: no group
    bound.refuse_split_organisations(data, by, function="ranktest", rows=rows)
    present = np.unique(codes[rows])
    if len(present) < 2:
        found = [labels[k] for k in present]
        msg = (
            f"a rank test of {question!r} by {by!r} needs answers in two groups or more; "
            f"found {found} among the {len(rows)} respondents with an answer, a group and a "
            "weight above 0."
        )
        raise InvalidBaseError(msg)
    # R's svyranktest drops the rows not tested and counts the PSUs and strata left
    tested_degf = bound.domain_degf(rows)
    w = bound.weights[rows]
    ranked = _rank_scores(values[rows], w, score)
    group = np.searchsorted(present, codes[rows])
    k = len(present)
    member = np.zeros((len(rows), k))
    member[np.arange(len(rows)), group] = 1.0
    base = w @ member
    means = (w * ranked) @ member / base
    # each group's mean score linearised: w (score - mean) / base, zero outside the group
    scores = member * (w * (ranked - means[group]))[:, None] / base
    covariance = bound.covariance(scores, rows)
    contrast = np.column_stack([-np.ones(k - 1), np.eye(k - 1)])  # each group less the first
    beta = contrast @ means
    variance = contrast @ covariance @ contrast.T
    names = tuple(labels[c] for c in present)
    mean_scores = pd.Series(means, index=pd.Index(names, dtype=object), name="mean_score")
    common: dict[str, Any] = {"question": question, "by": by, "score": score, "groups": names,
              "mean_scores": mean_scores, "n": len(rows), "design": design}  # fmt: skip
    if k == 2:
        se = math.sqrt(max(float(variance[0, 0]), 0.0))
        dof = float(tested_degf - 1)
        if se == 0 or dof <= 0:
            _no_variance(question, by, dof)
        t = float(beta[0]) / se
        p_value = float(2 * stats.t.sf(abs(t), dof))
        return DesignRankTest(statistic_name="t", statistic=t, df=(dof,), p_value=p_value,
                              difference=float(beta[0]), **common)  # fmt: skip
    ndf = float(k - 1)
    ddf = float(tested_degf) - ndf
    try:
        chisq = float(beta @ np.linalg.solve(variance, beta))
    except np.linalg.LinAlgError:
        chisq = math.nan
    if not math.isfinite(chisq) or ddf <= 0:
        _no_variance(question, by, ddf)
    p_value = float(stats.f.sf(chisq / ndf, ndf, ddf))
    return DesignRankTest(statistic_name="F", statistic=chisq / ndf, df=(ndf, ddf),
                          p_value=p_value, difference=math.nan, **common)  # fmt: skip


def _no_variance(question: str, by: str, dof: float) -> None:
    why = (
        "the design has too few degrees of freedom"
        if dof <= 0
        else "the groups' mean scores have no design-based variance (every group's answers "
        "tied, or too few PSUs)"
    )
    msg = f"the rank test of {question!r} by {by!r} is not defined: {why}."
    hint = "Hint: compare the groups' shares with tt.compare_table(..., design=...)."
    raise InvalidBaseError(f"{msg}\n\n{hint}")

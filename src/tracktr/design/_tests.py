r"""Tests for weighted tables: Rao–Scott chi-square and the difference of two groups' shares.

Pearson's chi-square on weighted counts is too large when the design has clusters or unequal
weights: its null distribution is a weighted sum of chi-squares whose weights are the
eigenvalues of the design-effect matrix :math:`\Delta`. Rao and Scott (1984) divide it by
the mean eigenvalue (first order, R ``svychisq(statistic="Chisq")``) or match two moments and
refer it to an F distribution (second order, R's default ``"F"``). The computation follows R
survey's ``svychisq`` step by step; the values are checked against it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._engine import reads_rows
from tracktr._numbers import typed
from tracktr.compare._intervals import _check_level
from tracktr.design._design import Design
from tracktr.design._estimates import _groups, _one_hot, _option_codes, _require, _resolve
from tracktr.design._nested import nested_by
from tracktr.design._pairs import MEASURED
from tracktr.exceptions import InvalidBaseError, InvalidOptionError, UnknownValueError
from tracktr.missing import is_missing
from tracktr.survey._checks import _hashable
from tracktr.typing import RaoScottStatistic, check_choice

__all__ = ["DesignDifference", "DesignTest", "chisq", "difference"]

# Machine epsilon: the tolerance of R's solve() (.Machine$double.eps).
_EPS = float(np.finfo(float).eps)
# A mean design effect at or below this is round-off of zero, not a design effect.
_NO_VARIANCE = float(np.sqrt(_EPS))


@dataclass(frozen=True, slots=True, repr=False)
class DesignTest:
    """A Rao–Scott test of association in a weighted table.

    Attributes
    ----------
    row, column : str
        The two questions.
    statistic_name : str
        ``"F"`` (second-order) or ``"Chisq"`` (first-order).
    statistic : float
        F, or Pearson's X² on the weighted table scaled to the sample size (R reports X²
        for ``"Chisq"`` and corrects its p-value).
    df : tuple of float
        ``(ndf, ddf)`` for F; ``(df,)`` for Chisq.
    p_value : float
    pearson : float
        Pearson's X² of the weighted table, scaled to the unweighted base.
    mean_deff : float
        The mean eigenvalue of the design-effect matrix (the first-order correction).
    n : int
        Respondents in the table.
    design : Design

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"a": list("xxyyxyxy"), "b": list("ppqqpqqp")})
    >>> tt.design.chisq(df, "a", "b").statistic_name
    'F'
    """

    row: str
    column: str
    statistic_name: str
    statistic: float
    df: tuple[float, ...]
    p_value: float
    pearson: float
    mean_deff: float
    n: int
    design: Design

    def __repr__(self) -> str:
        dfs = ", ".join(f"{d:.3g}" for d in self.df)
        return (
            f"DesignTest({self.row} x {self.column}: Rao-Scott {self.statistic_name} = "
            f"{self.statistic:.3f} on ({dfs}) df, p = {self.p_value:.3g}, n = {self.n})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the test as a one-row DataFrame.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"a": list("xxyyxyxy"), "b": list("ppqqpqqp")})
        >>> list(tt.design.chisq(df, "a", "b").to_frame().columns)[:4]
        ['row', 'column', 'statistic_name', 'statistic']
        """
        return pd.DataFrame([{
            "row": self.row, "column": self.column, "statistic_name": self.statistic_name,
            "statistic": self.statistic, "df": self.df, "p_value": self.p_value,
            "pearson": self.pearson, "mean_deff": self.mean_deff, "n": self.n,
        }])  # fmt: skip


def _interaction_contrasts(rows: int, columns: int) -> npt.NDArray[np.float64]:
    """Columns spanning the interaction space of a rows x columns table (cells rows-first)."""
    r = np.tile(np.arange(rows), columns)
    c = np.repeat(np.arange(columns), rows)
    main = np.column_stack(
        [np.ones(rows * columns)]
        + [(r == i).astype(float) for i in range(1, rows)]
        + [(c == j).astype(float) for j in range(1, columns)]
    )
    product = np.column_stack(
        [((r == i) & (c == j)).astype(float) for j in range(1, columns) for i in range(1, rows)]
    )
    fitted = main @ np.linalg.lstsq(main, product, rcond=None)[0]
    contrasts: npt.NDArray[np.float64] = product - fitted
    return contrasts


@reads_rows
def chisq(
    data: pd.DataFrame,
    row: str,
    column: str | tuple[str, ...],
    /,
    *,
    design: Design | None = None,
    survey: Any = None,
    statistic: RaoScottStatistic = "F",
) -> DesignTest:
    r"""Test the association of two questions in a weighted table (Rao–Scott, R ``svychisq``).

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
    row, column : str
        Two categorical columns; respondents who answered both are the base. `column`
        may be the columns of a nested banner (``("region", "funder")``: groups
        "North / CRC", ...).
    design : Design, optional
        The sample design (default: the codebook's ``[design]``, else unweighted).
    survey : Survey, optional
    statistic : {"F", "Chisq"}, default "F"
        ``"F"``: the second-order correction, X²/trace(Δ) on an F distribution with
        :math:`d = \mathrm{tr}(\Delta)^2 / \mathrm{tr}(\Delta^2)` and :math:`d \nu`
        degrees of freedom (ν: the design's degrees of freedom), R's default.
        ``"Chisq"``: the first-order correction, X²/mean eigenvalue on (r-1)(c-1) df.

    Returns
    -------
    DesignTest

    Raises
    ------
    tracktr.InvalidOptionError
        If the codebook declares either question a tick-all-that-apply set; if rows of
        waves pooled with an id put an organisation in two groups of either question in
        different primary sampling units (cluster the design on the id).
    tracktr.InvalidBaseError
        If either question has fewer than two answers among the base, or the design
        effects of the cells cannot be estimated (a singular matrix), or are all zero
        (the design gives the table no sampling variance; R returns an F of round-off
        size over round-off size here).

    Notes
    -----
    With no design (equal weights, one stratum, no clusters) and no empty cell, Δ has
    every eigenvalue ``N / (N - 1)`` (N: the rows of `data`), so the first-order p-value
    is that of Pearson's X² multiplied by ``(N - 1) / N``, as R gives. An empty cell drops
    out of Δ (R's ``svychisq`` does the same), and the identity no longer holds.

    Pearson's X² (the ``"Chisq"`` statistic) is that of the respondents who answered both
    questions. R's ``svychisq`` scales the X-squared it prints to every row of the design,
    those who did not answer included, so with missing answers R's is this one times
    ``nrow / n``; the F statistic and every p-value are the same.

    References
    ----------
    Rao, J. N. K. & Scott, A. J. (1984). On chi-squared tests for multiway contingency
    tables with cell proportions estimated from survey data. *Annals of Statistics* 12(1),
    46–60. doi:10.1214/aos/1176346391

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({
    ...     "funded": ["Yes"] * 6 + ["No"] * 6,
    ...     "grew": ["Yes", "Yes", "Yes", "Yes", "No", "No", "Yes", "No", "No", "No", "No", "Yes"],
    ...     "w": [1.0, 2.0, 1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0],
    ... })
    >>> test = tt.design.chisq(df, "funded", "grew", design=tt.Design(weights="w"))
    >>> round(test.p_value, 3)
    0.238
    """
    from scipy import stats

    name = check_choice(statistic, RaoScottStatistic, name="statistic")
    design = _resolve(design, survey)
    data, column = nested_by(data, column, survey)  # ('region', 'funder') groups
    bound = design.bind(data)
    _require(data, [row, column], row, survey=survey, reads="chisq")
    complete = ~is_missing(data[row]).to_numpy() & ~is_missing(data[column]).to_numpy()
    for grouping in (row, column):
        bound.refuse_split_organisations(data, grouping, function="chisq", rows=complete)
    rows = np.flatnonzero(complete)
    # Only answers given: an empty row or column would add degrees of freedom, not data.
    row_values, _, row_labels = _one_hot(data[row].iloc[rows], [], row, chosen=True)
    column_values, _, column_labels = _one_hot(data[column].iloc[rows], [], column, chosen=True)
    n_r, n_c = len(row_labels), len(column_labels)
    if n_r < 2 or n_c < 2:
        msg = (
            f"a test of {row!r} by {column!r} needs two answers of each among the "
            f"{len(rows)} respondents who answered both; found {row_labels} and {column_labels}."
        )
        raise InvalidBaseError(msg)
    # cells in R's order: interaction(row, column), rows varying fastest
    cells = (row_values[:, :, None] * column_values[:, None, :]).transpose(0, 2, 1)
    cells = cells.reshape(len(rows), n_r * n_c)
    w = bound.weights[rows]
    _refuse_weightless((row, column), (row_labels, column_labels),
                       (w @ row_values, w @ column_values))  # fmt: skip
    total = float(w.sum())
    share = w @ cells / total
    scores = w[:, None] * (cells - share) / total
    variance = bound.covariance(scores, rows)
    n = len(rows)
    table = share.reshape(n_c, n_r).T
    expected = np.outer(table.sum(axis=1), table.sum(axis=0))
    with np.errstate(divide="ignore", invalid="ignore"):
        pearson = float(n * np.nansum((table - expected) ** 2 / expected))
        inverse = np.where(share > 0, 1 / share, 0.0)
    contrasts = _interaction_contrasts(n_r, n_c)
    weighted = contrasts * inverse[:, None]
    denominator = contrasts.T @ weighted / n
    numerator = weighted.T @ variance @ weighted
    delta = _design_effects(denominator, numerator, row, column)
    trace = float(np.trace(delta))
    trace2 = float(np.trace(delta @ delta))
    mean_deff = trace / delta.shape[0]
    if name == "F":
        d0 = trace**2 / trace2
        value = pearson / trace
        ddf = d0 * bound.degf
        p_value = float(stats.f.sf(value, d0, ddf))
        return DesignTest(row, column, "F", value, (d0, ddf), p_value, pearson, mean_deff, n,
                          design)  # fmt: skip
    dof = float((n_r - 1) * (n_c - 1))
    p_value = float(stats.chi2.sf(pearson / mean_deff, dof))
    return DesignTest(row, column, "Chisq", pearson, (dof,), p_value, pearson, mean_deff, n,
                      design)  # fmt: skip


def _refuse_weightless(
    questions: tuple[str, str],
    labels: tuple[list[Any], list[Any]],
    totals: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]],
) -> None:
    """Refuse an answer whose respondents all weigh 0: a margin of 0 is no category.

    Kept, it made an empty row of the table that diluted the test (F = 0, p = 1 for a group
    of weight 0); R's ``svychisq`` gives NaN there.
    """
    for question, found, weighted in zip(questions, labels, totals, strict=True):
        empty = [label for label, total in zip(found, weighted, strict=True) if not total > 0]
        if empty:
            msg = (
                f"answer(s) {empty} of {question!r} have no weighted respondents (every "
                f"weight is 0) among those who answered both {questions[0]!r} and "
                f"{questions[1]!r}, so the test's table has an empty margin."
            )
            hint = (
                "Hint: leave those rows out of the data (or give them their weights) "
                "before testing."
            )
            raise InvalidBaseError(f"{msg}\n\n{hint}")


def _design_effects(
    denominator: np.ndarray[Any, Any], numerator: np.ndarray[Any, Any], row: str, column: str
) -> np.ndarray[Any, Any]:
    """Δ of the Rao–Scott test, refused where it is singular or all zero."""
    # R's solve() refuses a matrix whose reciprocal condition number (1-norm) is below
    # machine epsilon ("computationally singular"); numpy's solve raises only for an
    # exactly singular one, and round-off (which varies with the BLAS) made a singular
    # matrix solvable into a meaningless F of hundreds. Refuse as R does.
    singular = not np.isfinite(cond := np.linalg.cond(denominator, 1)) or cond * _EPS > 1
    try:
        if singular:
            raise np.linalg.LinAlgError
        delta = np.linalg.solve(denominator, numerator)
    except np.linalg.LinAlgError:  # was a bare numpy error
        msg = (
            f"the Rao–Scott test of {row!r} by {column!r} is not defined for these "
            "answers: the matrix of its design effects is singular (as when each group "
            "gives a single answer, so that most cells are empty)."
        )
        hint = "Hint: compare the shares two groups at a time with tt.design.difference()."
        raise InvalidBaseError(f"{msg}\n\n{hint}") from None
    mean_deff = float(np.trace(delta)) / delta.shape[0]
    # Design effects are variance ratios, so a mean of round-off size means the design
    # gives the association no sampling variance (each stratum's PSUs answer alike);
    # dividing by it gave an F of 1e15 that moved with the scale of the weights.
    if not mean_deff > _NO_VARIANCE:
        msg = (
            f"the Rao–Scott test of {row!r} by {column!r} is not defined for these "
            f"answers: under this design the table has no sampling variance (mean "
            f"design effect {mean_deff:.3g}), as when the PSUs of each stratum give "
            "the same answers, so any difference would look infinitely significant."
        )
        hint = "Hint: check the design's strata and clusters, or test without the design."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    return delta


@dataclass(frozen=True, slots=True, repr=False)
class DesignDifference:
    """The difference of two groups' shares under a design, with its design-based variance.

    Attributes
    ----------
    question, option, by : str
        What is compared: the share choosing `option` of `question`, across `by`.
    groups : tuple
        The two groups, ``(first, second)``; the difference is second minus first.
    estimates : tuple of float
        The two shares.
    difference, se : float
        ``second - first`` and its standard error, from the joint covariance of the two
        domain estimates (R ``svyby(..., covmat=TRUE)`` and ``svycontrast``).
    ci_low, ci_high : float
        Interval on t with `df` degrees of freedom.
    statistic, df, p_value : float
        The design-based t test, as R ``svyttest`` on the design subset to the two groups:
        `df` is the PSUs less the strata holding a respondent of either group who answered
        (weight above 0), less one (not the whole design's). NaN, with `se` and the interval, when a
        group has one respondent: its share's linearised variance is 0 under any design,
        not a measured variance, so the difference is not tested.
    level : float
    design : Design
    counts, bases : tuple of float
        The weighted count choosing `option` and the weighted base of each group (the
        shares are their ratios; :func:`tracktr.describe_comparison` rounds from them).
    n : tuple of int
        Respondents (weight above 0) who answered in each group.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["Yes", "No", "Yes", "Yes"], "g": ["a", "a", "b", "b"]})
    >>> tt.design.difference(df, "q", "g", option="Yes").difference
    0.5
    """

    question: str
    option: Any
    by: str
    groups: tuple[Any, Any]
    estimates: tuple[float, float]
    difference: float
    se: float
    ci_low: float
    ci_high: float
    statistic: float
    df: float
    p_value: float
    level: float
    design: Design
    counts: tuple[float, float] = (math.nan, math.nan)
    bases: tuple[float, float] = (math.nan, math.nan)
    n: tuple[int, int] = (0, 0)

    def __repr__(self) -> str:
        first, second = self.groups
        return (
            f"DesignDifference({self.question}={self.option!r}: {second!r} - {first!r} = "
            f"{self.difference:.3f} (se {self.se:.3f}), t = {self.statistic:.3f} on "
            f"{self.df:g} df, p = {self.p_value:.3g})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the comparison as a one-row DataFrame.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"q": ["Yes", "No", "Yes", "Yes"], "g": ["a", "a", "b", "b"]})
        >>> tt.design.difference(df, "q", "g", option="Yes").to_frame()["difference"].tolist()
        [0.5]
        """
        first, second = self.groups
        return pd.DataFrame([{
            "question": self.question, "option": self.option, "group1": first,
            "group2": second, "estimate1": self.estimates[0], "estimate2": self.estimates[1],
            "difference": self.difference, "se": self.se, "ci_low": self.ci_low,
            "ci_high": self.ci_high, "statistic": self.statistic, "df": self.df,
            "p_value": self.p_value,
        }])  # fmt: skip


def _two_domains(  # noqa: PLR0917  (private, two callers; names at the call)
    bound: Any,
    answered: npt.NDArray[np.bool_],
    hit: npt.NDArray[np.bool_],
    group: npt.NDArray[np.intp],
    codes: tuple[int, int],
    names: tuple[str, tuple[Any, Any], str],
) -> tuple[list[float], float, float]:
    """Two domains' shares of `hit`, their difference and its design-based standard error.

    The standard error is NaN when a group has one respondent: its share's linearised
    variance is exactly 0 under any design, not a measured one (see ``lonely_pairs``).
    """
    by, groups, question = names
    parts = []
    estimates = []
    lonely = False
    for k, label in enumerate(groups):
        rows = np.flatnonzero(answered & (group == codes[k]))
        w = bound.weights[rows]
        total = float(w.sum())
        if total <= 0:
            msg = f"group {label!r} of `{by}` has no weighted respondents to {question!r}"
            if len(rows):  # say who is there, and that it is their weights
                shown = bound.index[rows][:10].tolist()
                msg += f": its {len(rows)} respondent(s) (rows {shown}) all weigh 0"
            hint = "Hint: compare groups whose respondents have weights, or check the weights."
            raise InvalidBaseError(f"{msg}.\n\n{hint}")
        lonely = lonely or int(np.count_nonzero(w)) < MEASURED
        y = hit[rows].astype(float)
        p = float(w @ y) / total
        estimates.append(p)
        scores = np.zeros((len(rows), 2))
        scores[:, k] = w * (y - p) / total
        parts.append((rows, scores))
    rows_all = np.concatenate([parts[0][0], parts[1][0]])
    scores_all = np.vstack([parts[0][1], parts[1][1]])
    covariance = bound.covariance(scores_all, rows_all)
    diff = estimates[1] - estimates[0]
    variance = covariance[0, 0] + covariance[1, 1] - 2 * covariance[0, 1]
    return estimates, diff, math.nan if lonely else math.sqrt(max(float(variance), 0.0))


def _answered_and_hit(
    data: pd.DataFrame, question: str, option: Any, survey: Any
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Who answered `question`, and who chose `option`, an option it has (else refused).

    The options are the codebook's with `survey`, else the answers found; ``True`` is not
    ``1`` and ``"1"`` is not ``1``, so a typo or a code of the wrong type is named rather
    than compared as a share of 0 against 0.
    """
    declared = list(survey.spec(question).options) if survey is not None else []
    codes, answered, options = _option_codes(data[question], declared, question)
    position = {typed(o): k for k, o in enumerate(options)}
    k = position.get(typed(option)) if _hashable(option) else None
    if k is None:
        source = "its options" if declared else "the answers found"
        msg = f"question {question!r}: option {option!r} is not among {source} {options[:20]}."
        hint = "Hint: spell the option as it is in the data, with its type (1 is not '1')."
        raise UnknownValueError(f"{msg}\n\n{hint}", question=question, values=(option,),
                                rows=())  # fmt: skip
    hit: npt.NDArray[np.bool_] = codes == k
    return answered, hit


@reads_rows
def difference(
    data: pd.DataFrame,
    question: str,
    by: str | tuple[str, ...],
    /,
    *,
    option: Any,
    groups: tuple[Any, Any] | None = None,
    design: Design | None = None,
    survey: Any = None,
    level: float = 0.95,
) -> DesignDifference:
    """Compare the share choosing `option` in two groups, with the design-based variance.

    Both shares are domains of one design; the variance of their difference includes their
    covariance (non-zero when the groups share PSUs or strata).

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
    question : str
        A categorical column.
    by : str or tuple of str
        The column holding the groups, or the columns of a nested banner
        (``("region", "funder")``: groups "North / CRC", ...).
    option : object
        The answer whose share is compared.
    groups : tuple of two, optional
        Which groups (default: the two groups of `by`; required when it has more).
    design, survey, level
        As :func:`tracktr.design.estimate_proportions`.

    Returns
    -------
    DesignDifference

    Raises
    ------
    tracktr.InvalidOptionError
        If `by` does not have exactly two groups and `groups` is not given, if `groups`
        is not two different groups, or names one that does not occur, or the codebook
        declares `question` (or `by`) a tick-all-that-apply set; if rows of waves pooled
        with an id put an organisation in both groups in different primary sampling units
        (cluster the design on the id).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({
    ...     "grew": ["Yes", "No", "Yes", "Yes", "No", "No", "Yes", "No"],
    ...     "funded": ["CRC", "CRC", "CRC", "CRC", "Other", "Other", "Other", "Other"],
    ...     "w": [1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 2.0],
    ... })
    >>> result = tt.design.difference(df, "grew", "funded", option="Yes",
    ...                               design=tt.Design(weights="w"))
    >>> round(result.difference, 3), round(result.se, 3)
    (-0.433, 0.343)
    """
    from scipy import stats

    level = _check_level(level)
    design = _resolve(design, survey)
    data, by = nested_by(data, by, survey)  # ('region', 'funder') groups
    bound = design.bind(data)
    _require(data, [question], question, survey=survey, reads="difference")
    group, labels = _groups(data, by, survey)
    if groups is None:
        if len(labels) != 2:
            msg = f"`{by}` has {len(labels)} groups {labels[:10]}; a difference needs two."
            hint = "Hint: pass groups=(first, second)."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        groups = (labels[0], labels[1])
    if isinstance(groups, str) or len(groups) != 2 or groups[0] == groups[1]:
        # one group with itself gave a difference of 0 with t and p NaN, and no message
        msg = f"groups must be two different groups of `{by}`; got {groups!r}."
        hint = f"Hint: pass groups=(first, second) from {labels[:10]}."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    missing = [g for g in groups if g not in labels]
    if missing:
        msg = f"group(s) {missing} do not occur in `{by}`; it holds {labels[:10]}."
        raise InvalidOptionError(msg)
    answered, hit = _answered_and_hit(data, question, option, survey)
    codes = (labels.index(groups[0]), labels.index(groups[1]))
    bound.refuse_split_organisations(data, by, function="difference", groups=groups,
                                     rows=answered & np.isin(group, codes))  # fmt: skip
    estimates, diff, se = _two_domains(bound, answered, hit, group, codes, (by, groups, question))
    # R's svyttest on subset(design, by %in% groups): the pair's PSUs and strata only
    dof = float(bound.domain_degf(np.flatnonzero(answered & np.isin(group, codes))) - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_value = diff / se if se > 0 else math.nan
    p_value = float(2 * stats.t.sf(abs(t_value), dof)) if math.isfinite(t_value) else math.nan
    quantile = float(stats.t.ppf(0.5 + level / 2, dof)) if dof > 0 else math.nan
    sums = []
    for code in codes:
        rows = answered & (group == code)
        w = bound.weights[rows]
        sums.append((float(w @ hit[rows]), float(w.sum()), int(np.count_nonzero(w))))
    return DesignDifference(
        question, option, by, (groups[0], groups[1]), (estimates[0], estimates[1]), diff, se,
        diff - quantile * se, diff + quantile * se, t_value, dof, p_value, level, design,
        (sums[0][0], sums[1][0]), (sums[0][1], sums[1][1]), (sums[0][2], sums[1][2]),
    )  # fmt: skip

"""Design-based estimates of numeric questions: means, totals and ratios, by domain.

The scores are those of R survey's ``svymean``, ``svytotal`` and ``svyratio``; a domain (a
group of `by`, or the respondents who answered) keeps the whole design, as in
:mod:`tracktr.design._estimates`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._engine import reads_rows
from tracktr._numeric_cells import number_cells, refuse_missing_codes
from tracktr.compare._intervals import _check_level
from tracktr.design._design import Design
from tracktr.design._estimates import (
    Estimates,
    _domain_mean,
    _finish,
    _groups,
    _option_codes,
    _require,
    _resolve,
    no_group_notes,
    precision_notes,
)
from tracktr.exceptions import InvalidBaseError, InvalidCountsError

__all__ = ["estimate_means", "estimate_ratio", "estimate_totals"]


def _numeric(data: pd.DataFrame, column: str, survey: Any) -> tuple[npt.NDArray[np.float64], Any]:
    """Return the numbers and which rows hold one, as :func:`tracktr.summarise` reads them.

    Blanks and missing-kind markers are left out of the domain; True/False, text that is
    not a number and infinities are refused, naming the rows; so, with `survey`, are the
    codes its ``[missing]`` declares (-99 = refused) in data not prepared, which were
    averaged as answers.
    """
    _require(data, [column], column)
    values, kind = number_cells(data[column], column)
    answered = (kind == "").to_numpy()
    if survey is not None:
        refuse_missing_codes(values, answered, data[column], survey, column)
    return values, answered


_MEAN_COLUMNS = (
    "group", "option", "estimate", "se", "ci_low", "ci_high", "deff", "deff_kish", "n",
    "n_eff", "weighted_base",
)  # fmt: skip
_RATIO_COLUMNS = ("group", "estimate", "se", "ci_low", "ci_high", "n", "weighted_base")


def _wald(est: float, se: float, degf: int, level: float) -> tuple[float, float]:
    from scipy import stats

    if degf <= 0 or not math.isfinite(se):
        return math.nan, math.nan
    t = float(stats.t.ppf(0.5 + level / 2, degf))
    return est - t * se, est + t * se


def _numeric_estimates(
    data: pd.DataFrame,
    question: str,
    *,
    design: Design | None,
    survey: Any,
    by: str | None,
    level: float,
    statistic: str,
) -> Estimates:
    level = _check_level(level)
    design = _resolve(design, survey)
    bound = design.bind(data)
    _require(data, [question], question)
    series = data[question]
    categorical = statistic == "total" and not (
        pd.api.types.is_numeric_dtype(series) or series.isna().all()
    )
    if categorical:
        # R svytotal(~factor): the estimated population count of every option
        codes, answered, options = _option_codes(series, [], question)
        values = np.zeros((len(series), len(options)))
        values[np.flatnonzero(answered), codes[answered]] = 1.0
    else:
        column, answered = _numeric(data, question, survey)
        values, options = column[:, None], [None]
    if not answered.any():  # a total of 0 with SE 0 read as a certain zero
        msg = f"question {question!r}: nobody answered, so there is no {statistic} to estimate."
        hint = "Hint: check the column, and that the routing asked someone."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    group, labels = _groups(data, by, survey)
    bound.refuse_repeated_in_domains(data, answered, group, function=f"estimate_{statistic}s",
                                     by=by)  # fmt: skip
    records = []
    for g, label in enumerate(labels):
        rows = np.flatnonzero(answered & (group == g))
        y = values[rows]
        if statistic == "mean":
            dom = _domain_mean(bound, y, rows)
        else:
            w = bound.weights[rows]
            weighted_total = w @ y
            variance = np.diag(bound.covariance(w[:, None] * y, rows)).copy()
            total = float(w.sum())
            deviations = y - (weighted_total / total if total > 0 else 0.0)
            square = (w @ deviations**2) / total if total > 0 else np.full(y.shape[1], np.nan)
            dom = _finish(bound, w, square, weighted_total, variance, weighted_total,
                          total, int(np.count_nonzero(w)), total)  # fmt: skip
        for j, option in enumerate(options):
            est, se = float(dom.estimate[j]), float(dom.se[j])
            low, high = _wald(est, se, bound.degf, level)
            with np.errstate(divide="ignore", invalid="ignore"):
                n_eff = dom.n / dom.deff_replace[j]
            records.append({
                "group": label, "option": option, "estimate": est, "se": se, "ci_low": low,
                "ci_high": high, "deff": float(dom.deff[j]), "deff_kish": dom.deff_kish,
                "n": dom.n, "n_eff": float(n_eff), "weighted_base": dom.weighted_base,
            })  # fmt: skip
    # No group anyone is in (every group cell blank or missing): no rows, the same columns.
    frame = pd.DataFrame.from_records(records, columns=_MEAN_COLUMNS)
    if by is None:
        frame = frame.drop(columns="group")
    if not categorical:
        frame = frame.drop(columns="option")
    notes = (
        f"Design: {design.describe()}.",
        "Base: respondents who answered.",
        *no_group_notes(data.index, answered, group, by),
        *precision_notes(frame),
    )
    return Estimates(question, statistic, design, "wald", level, bound.degf, frame, notes)


@reads_rows
def estimate_means(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    design: Design | None = None,
    survey: Any = None,
    by: str | None = None,
    level: float = 0.95,
) -> Estimates:
    """Estimate the mean of a numeric question under a design, by domain.

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
    question : str
        A numeric column; missing values leave the respondent out of the base (a domain).
    design, survey, by, level
        As :func:`estimate_proportions`; the interval is estimate ± t·se on the design's
        degrees of freedom (R ``confint(svymean(...), df=degf(design))``).

    Returns
    -------
    Estimates

    Raises
    ------
    tracktr.UnknownValueError
        For a cell that is not a number (text, True/False, an infinity), naming its rows.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"staff": [2.0, 10.0, 4.0, None], "w": [3.0, 1.0, 2.0, 1.0]})
    >>> est = tt.design.estimate_means(df, "staff", design=tt.Design(weights="w"))
    >>> est.to_frame()[["estimate", "n"]]
       estimate  n
    0       4.0  3
    """
    return _numeric_estimates(
        data, question, design=design, survey=survey, by=by, level=level, statistic="mean"
    )


@reads_rows
def estimate_totals(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    design: Design | None = None,
    survey: Any = None,
    by: str | None = None,
    level: float = 0.95,
) -> Estimates:
    """Estimate the population total of a numeric question (R ``svytotal``), by domain.

    For a categorical question, the total is the estimated population count of each option
    (R ``svytotal(~factor)``), one row per option.

    Parameters
    ----------
    data, question, design, survey, by, level
        As :func:`estimate_means`.

    Returns
    -------
    Estimates

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"staff": [2.0, 10.0, 4.0], "w": [3.0, 1.0, 2.0]})
    >>> tt.design.estimate_totals(df, "staff", design=tt.Design(weights="w")).rows["estimate"]
    0    24.0
    Name: estimate, dtype: float64
    """
    return _numeric_estimates(
        data, question, design=design, survey=survey, by=by, level=level, statistic="total"
    )


@reads_rows
def estimate_ratio(
    data: pd.DataFrame,
    numerator: str,
    denominator: str,
    /,
    *,
    design: Design | None = None,
    survey: Any = None,
    by: str | None = None,
    level: float = 0.95,
) -> Estimates:
    r"""Estimate the ratio of two population totals (R ``svyratio``), by domain.

    Respondents with either value missing are out of the base; a group where nobody (with
    a weight above 0) answered both has no estimate (NaN), and a note says so.

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
    numerator, denominator : str
        Numeric columns.
    design, survey, by, level
        As :func:`estimate_means`: with `survey`, the groups of `by` are its codebook
        options, in order.

    Returns
    -------
    Estimates

    Raises
    ------
    tracktr.InvalidBaseError
        If nobody answered both questions.
    tracktr.InvalidCountsError
        If the weighted total of `denominator` is zero in a group with answers.

    Notes
    -----
    :math:`\hat R = \sum w y / \sum w x` with scores :math:`w_i (y_i - \hat R x_i) /
    \sum w x`.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"paid": [2.0, 10.0, 4.0], "staff": [4.0, 12.0, 4.0]})
    >>> round(float(tt.design.estimate_ratio(df, "paid", "staff").rows["estimate"][0]), 3)
    0.8
    """
    level = _check_level(level)
    design = _resolve(design, survey)
    bound = design.bind(data)
    y, y_ok = _numeric(data, numerator, survey)
    x, x_ok = _numeric(data, denominator, survey)
    if not (y_ok & x_ok).any():  # read as a denominator "total of zero", it was no such thing
        msg = (
            f"{numerator!r} / {denominator!r}: nobody answered both, so there is no ratio "
            "to estimate."
        )
        hint = "Hint: check the columns, and that the routing asked someone."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    group, labels = _groups(data, by, survey)
    bound.refuse_repeated_in_domains(data, y_ok & x_ok, group, function="estimate_ratio", by=by)
    records = []
    for g, label in enumerate(labels):
        rows = np.flatnonzero(y_ok & x_ok & (group == g))
        w = bound.weights[rows]
        if not (w > 0).any():
            # Nobody in the group answered both: a placeholder and a note, as the means give
            # (it was refused as a denominator whose total is zero, which it was not).
            records.append({
                "group": label, "estimate": math.nan, "se": math.nan, "ci_low": math.nan,
                "ci_high": math.nan, "n": 0, "weighted_base": 0.0,
            })  # fmt: skip
            continue
        bottom = float(w @ x[rows])
        if bottom == 0:
            msg = f"the total of {denominator!r} is zero in group {label!r}: no ratio."
            raise InvalidCountsError(msg)
        ratio = float(w @ y[rows]) / bottom
        scores = (w * (y[rows] - ratio * x[rows]) / bottom)[:, None]
        se = math.sqrt(max(float(bound.covariance(scores, rows)[0, 0]), 0.0))
        low, high = _wald(ratio, se, bound.degf, level)
        records.append({
            "group": label, "estimate": ratio, "se": se, "ci_low": low, "ci_high": high,
            # respondents with a weight above 0, as the means' n (and the notes read it)
            "n": int(np.count_nonzero(w)), "weighted_base": float(w.sum()),
        })  # fmt: skip
    frame = pd.DataFrame.from_records(records, columns=_RATIO_COLUMNS)
    if by is None:
        frame = frame.drop(columns="group")
    notes = (
        f"Design: {design.describe()}.",
        *no_group_notes(data.index, y_ok & x_ok, group, by),
        *precision_notes(frame),
    )
    name = f"{numerator} / {denominator}"
    return Estimates(name, "ratio", design, "wald", level, bound.degf, frame, notes)

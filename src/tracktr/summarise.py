"""Numeric summaries: mean, median, quartiles, SD and an interval for the mean, by group.

A numeric question (staff, income, volunteers) is summarised rather than counted. Cells
hold numbers, the missing markers of :mod:`tracktr.missing` or blanks (read as skipped);
missing answers are left out and counted by kind, as in a :class:`~tracktr.Table`.
Anything else is an error naming the rows.

Weighted summaries follow the design-based estimators of R's ``survey`` package for a
design with weights only (``svydesign(ids = ~1, weights = ~w)``): the weighted mean, its
linearised (with-replacement) standard error, a t interval with ``n - 1`` degrees of
freedom, and quantiles read off the weighted distribution function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import InvalidOptionError, QuestionNotFoundError, UnknownValueError
from tracktr.missing import MARKERS
from tracktr.table import DEFAULT_SMALL_BASE

__all__ = ["Summary", "summarise"]

STATISTICS: tuple[str, ...] = (
    "n",
    "mean",
    "sd",
    "min",
    "q1",
    "median",
    "q3",
    "max",
    "ci_low",
    "ci_high",
)
_TOTAL = "All"


@dataclass(frozen=True, slots=True)
class Summary:
    """Numeric summaries of one question, by group.

    Attributes
    ----------
    question : str
        The question summarised.
    title : str or None
        Its wording.
    statistics : pandas.DataFrame
        One row per group (a first index level ``banner`` when `by` listed several
        banners; ``"All"`` for everyone): ``n`` (respondents with a number), ``mean``,
        ``sd``, ``min``, ``q1``, ``median``, ``q3``, ``max``, ``ci_low`` and ``ci_high``
        (the interval of the mean), and for weighted summaries ``sum_weights``.
    excluded : pandas.DataFrame
        Respondents left out of each group, by missing kind (rows ``skipped``,
        ``not_asked``, ``refused``).
    level : float
        The confidence level of the interval.
    weighted : bool
        Whether the statistics are weighted.
    method : str
        How the interval and the quantiles were computed.
    small_base : int
        Groups with fewer respondents are flagged in the notes.
    base_description : str
        Who is in the base.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> s = tt.summarise(pd.DataFrame({"staff": [1, 2, 3, 4, "<skipped>"]}), "staff")
    >>> s
    Summary(staff: All n=4 mean=2.5 median=2.5)
    """

    question: str
    title: str | None
    statistics: pd.DataFrame
    excluded: pd.DataFrame
    level: float
    weighted: bool
    method: str
    small_base: int = DEFAULT_SMALL_BASE
    base_description: str = "respondents who answered"
    extra_notes: tuple[str, ...] = field(default=())

    def _repr_html_(self) -> str:
        return str(self.statistics.to_html())

    def to_frame(self) -> pd.DataFrame:
        """Return the statistics, one row per group (a copy).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"staff": [1, 2, 3, 10], "size": ["S", "S", "L", "L"]})
        >>> tt.summarise(df, "staff", by="size").to_frame()[["n", "mean", "median"]]
               n  mean  median
        group
        L      2   6.5     6.5
        S      2   1.5     1.5
        All    4   4.0     2.5
        """
        return self.statistics.copy()

    @property
    def notes(self) -> tuple[str, ...]:
        """The notes printed under the summary: base, method, small bases.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> tt.summarise(pd.DataFrame({"staff": [1, 2, 3]}), "staff").notes[0]
        'Base: respondents who answered (n=3).'
        """
        n = self.statistics["n"]
        unique = pd.unique(n.to_numpy())
        if len(unique) == 1:
            notes = [f"Base: {self.base_description} (n={int(unique[0])})."]
        else:
            listed = "; ".join(f"{_label(k)} n={int(v)}" for k, v in n.items())
            notes = [f"Base: {self.base_description} ({listed})."]
        notes.append(self.method)
        small = n[(n > 0) & (n < self.small_base)]
        if len(small):
            listed = ", ".join(f"{_label(k)} (n={int(v)})" for k, v in small.items())
            notes.append(
                f"Small base: n below {self.small_base} for {listed}; read these with care."
            )
        return (*notes, *self.extra_notes)

    def __repr__(self) -> str:
        labels = _last(self.statistics)
        position = len(labels) - 1 - labels[::-1].index(_TOTAL) if _TOTAL in labels else -1
        row = self.statistics.iloc[position]
        groups = "All" if len(labels) == 1 else f"{len(labels)} groups, All"
        return (
            f"Summary({self.question}: {groups} n={int(row['n'])} "
            f"mean={_short(row['mean'])} median={_short(row['median'])})"
        )


def _last(frame: pd.DataFrame) -> list[Any]:
    index = frame.index
    return list(index.get_level_values(-1)) if isinstance(index, pd.MultiIndex) else list(index)


def _short(value: float) -> str:
    return "n/a" if np.isnan(value) else f"{value:.4g}"


def _label(key: object) -> str:
    return ": ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)


def _numbers(series: pd.Series, question: str) -> tuple[npt.NDArray[np.float64], pd.Series]:
    """Return the numbers (NaN where missing) and each row's missing kind ('' if a number)."""
    as_object = series.astype(object)
    marker = as_object.isin(list(MARKERS))
    blank = as_object.isna()
    kind = pd.Series("", index=series.index, dtype=object)
    kind[marker] = as_object[marker].map(MARKERS)
    kind[blank] = "skipped"
    candidates = as_object.where(~(marker | blank))
    numbers = pd.to_numeric(candidates, errors="coerce")
    bad = numbers.isna() & ~(marker | blank)
    if not bad.any():
        finite = np.isfinite(numbers.to_numpy(dtype=float))
        bad = pd.Series(~finite, index=series.index) & ~(marker | blank)
    if bad.any():
        values = list(pd.unique(as_object[bad]))[:10]
        rows = tuple(series.index[bad.to_numpy()][:20])
        msg = f"question {question!r}: value(s) {values} are not numbers, in rows {list(rows)}."
        hint = (
            "Hint: recode them (tt.recode.missing turns sentinels such as -99 into missing "
            "markers), or correct the data."
        )
        raise UnknownValueError(
            f"{msg}\n\n{hint}", question=question, values=tuple(values), rows=rows
        )
    return numbers.to_numpy(dtype=float), kind


def _weighted_quantile(x: npt.NDArray[np.float64], w: npt.NDArray[np.float64], p: float) -> float:
    order = np.argsort(x, kind="stable")
    cumulative = np.cumsum(w[order])
    position = int(np.searchsorted(cumulative, p * cumulative[-1] * (1 - 1e-12), side="left"))
    return float(x[order][min(position, len(x) - 1)])


@lru_cache(maxsize=4096)
def _t_quantile(level: float, df: int) -> float:
    from scipy import stats

    return float(stats.t.ppf((1 + level) / 2, df))


def _statistics(
    x: npt.NDArray[np.float64], w: npt.NDArray[np.float64] | None, level: float
) -> dict[str, float]:

    n = len(x)
    out: dict[str, float] = dict.fromkeys(STATISTICS, float("nan"))
    out["n"] = float(n)
    if w is not None:
        out["sum_weights"] = float(w.sum()) if n else 0.0
    if n == 0 or (w is not None and float(w.sum()) == 0):
        return out
    out["min"], out["max"] = float(x.min()), float(x.max())
    if w is None:
        out["mean"] = float(x.mean())
        out["q1"], out["median"], out["q3"] = (float(q) for q in np.quantile(x, [0.25, 0.5, 0.75]))
        if n > 1:
            out["sd"] = float(x.std(ddof=1))
            se = out["sd"] / np.sqrt(n)
    else:
        total = float(w.sum())
        mean = float((w * x).sum() / total)
        out["mean"] = mean
        out["q1"], out["median"], out["q3"] = (
            _weighted_quantile(x, w, p) for p in (0.25, 0.5, 0.75)
        )
        if n > 1:
            out["sd"] = float(np.sqrt((w * (x - mean) ** 2).sum() / total * n / (n - 1)))
            se = float(np.sqrt(n / (n - 1) * ((w * (x - mean)) ** 2).sum()) / total)
    if n > 1:
        t = _t_quantile(level, n - 1)
        out["ci_low"], out["ci_high"] = out["mean"] - t * se, out["mean"] + t * se
    return out


def summarise(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: Any = None,
    by: str | tuple[str, ...] | list[str | tuple[str, ...]] | None = None,
    weights: str | Sequence[float] | None = None,
    level: float = 0.95,
    total: bool = True,
    missing_group: str | None = None,
    small_base: int = DEFAULT_SMALL_BASE,
    title: str | None = None,
) -> Summary:
    r"""Summarise a numeric question: mean, median, quartiles, SD, n and a mean's interval.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    question : str
        The question id (a numeric question of `survey`), or the column.
    survey : Survey, optional
        A codebook: gives the column, the wording and the base description.
    by : str, tuple of str or list, optional
        Banners, as in :func:`tracktr.frequencies`: a column, nested columns, or a list of
        banners (the statistics then get a first index level ``banner``).
    weights : str or sequence of float, optional
        Weights; see Notes for the estimators.
    level : float, default 0.95
        Confidence level of the interval for the mean.
    total : bool, default True
        With `by`, add a row ``"All"`` for everyone.
    missing_group : str, optional
        With `by`, a group for respondents whose group is missing.
    small_base : int, default 30
        Groups with fewer respondents are flagged in the notes.
    title : str, optional
        Overrides the question wording.

    Returns
    -------
    Summary

    Raises
    ------
    tracktr.QuestionNotFoundError
        If the column is not in the data.
    tracktr.UnknownValueError
        If a cell is neither a number nor a missing marker; the message names the rows.
    tracktr.InvalidOptionError
        If `level` is not between 0 and 1, or the codebook question is not numeric.

    Notes
    -----
    Unweighted: the sample SD (divisor :math:`n - 1`), quartiles by linear interpolation
    (R's default, type 7) and the t interval :math:`\bar x \pm t_{n-1} s / \sqrt n`.

    Weighted: the mean :math:`\bar x_w = \sum w_i x_i / \sum w_i`; the SD
    :math:`\sqrt{\tfrac{n}{n-1} \sum w_i (x_i - \bar x_w)^2 / \sum w_i}`; the standard
    error of the mean by Taylor linearisation for a with-replacement design,
    :math:`\sqrt{\tfrac{n}{n-1} \sum w_i^2 (x_i - \bar x_w)^2} / \sum w_i` (R's
    ``svymean`` with ``ids = ~1``); a t interval with :math:`n - 1` degrees of freedom;
    quartiles are the smallest values whose cumulative weight reaches 25, 50 and 75% of
    the total weight.

    References
    ----------
    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
    https://doi.org/10.1002/9780470580066

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"staff": [2, 4, 4, 10, "<not asked>"],
    ...                    "size": ["Small", "Small", "Large", "Large", "Large"]})
    >>> s = tt.summarise(df, "staff", by="size")
    >>> s.to_frame()[["n", "mean", "sd", "median"]].round(3)
           n  mean     sd  median
    group
    Large  2   7.0  4.243     7.0
    Small  2   3.0  1.414     3.0
    All    4   5.0  3.464     4.0
    >>> s.excluded.loc["not_asked"].tolist()
    [1, 0, 1]
    """
    from tracktr.compare._intervals import _check_level
    from tracktr.tabulate import _weights

    level = _check_level(level)
    column, base_description, wording = _resolve(data, question, survey)
    x, kind = _numbers(data[column], question)
    w = _weights(data, weights)
    answered = kind.to_numpy() == ""
    groups, listed = _group_masks(data, by, total=total, missing_group=missing_group)
    rows, excluded = [], {}
    kinds = kind.to_numpy()
    by_kind = [kinds == k for k in MARKERS.values()]
    for key, mask in groups:
        keep = mask & answered
        rows.append(_statistics(x[keep], None if w is None else w[keep], level))
        excluded[key] = [int(np.count_nonzero(mask & is_kind)) for is_kind in by_kind]
    keys = [k if listed else k[-1:] for k, _ in groups]
    if listed:
        index = pd.MultiIndex.from_tuples([tuple(k) for k in keys], names=["banner", "group"])
    else:
        index = pd.Index([k[0] for k in keys], name=None if by is None else "group")
    stats_frame = pd.DataFrame(rows, index=index)
    stats_frame["n"] = stats_frame["n"].astype(np.int64)
    excluded_frame = pd.DataFrame(
        list(excluded.values()), index=index, columns=pd.Index(list(MARKERS.values()))
    ).T
    excluded_frame.index.name = "reason"
    if w is None:
        method = (
            f"Mean with a {_pct(level)} t interval; SD with divisor n - 1; quartiles by "
            "linear interpolation."
        )
    else:
        method = (
            f"Weighted mean with a {_pct(level)} t interval (n - 1 degrees of freedom) from "
            "the linearised standard error of a with-replacement design; weighted SD and "
            "quartiles of the weighted distribution."
        )
    return Summary(
        question=question,
        title=title or wording,
        statistics=stats_frame,
        excluded=excluded_frame,
        level=level,
        weighted=w is not None,
        method=method,
        small_base=small_base,
        base_description=base_description,
    )


def _resolve(data: pd.DataFrame, question: str, survey: Any) -> tuple[str, str, str | None]:
    """Return the question's column, base description and wording."""
    column, base_description, wording = question, "respondents who answered", None
    if survey is not None:
        spec = survey.spec(question)
        if spec.type != "numeric":
            msg = f"question {question!r} is a {spec.type} question, not numeric."
            hint = "Hint: tabulate it with tt.tabulate() instead."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        column = spec.columns[0]
        base_description = spec.base_description or base_description
        wording = spec.title
    if not isinstance(data, pd.DataFrame):
        msg = f"`data` must be a pandas DataFrame; got {type(data).__name__}."
        raise TypeError(msg)
    if column not in data.columns:
        msg = f"question {question!r}: column {column!r} is not in the data."
        hint = f"Hint: the data has columns such as {list(data.columns)[:10]}."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    return column, base_description, wording


def _group_masks(
    data: pd.DataFrame,
    by: str | tuple[str, ...] | list[str | tuple[str, ...]] | None,
    *,
    total: bool,
    missing_group: str | None,
) -> tuple[list[tuple[tuple[Any, ...], npt.NDArray[np.bool_]]], bool]:
    """Return (banner, group) keys with their rows, and whether banners were listed."""
    from tracktr.banners import banner_column, parse_banners

    everyone = np.ones(len(data), dtype=bool)
    if by is None:
        return [((_TOTAL,), everyone)], False
    banners, listed = parse_banners(by)
    groups: list[tuple[tuple[Any, ...], npt.NDArray[np.bool_]]] = []
    for banner in banners:
        series = banner_column(data, banner, missing_group=missing_group)
        groups.extend(
            ((banner.name, label), (series == label).to_numpy()) for label in series.cat.categories
        )
        if total:
            groups.append(((banner.name, _TOTAL), everyone))
    return groups, listed


def _pct(level: float) -> str:
    return f"{level * 100:g}%"

"""Numeric summaries: mean, median, quartiles, SD and an interval for the mean, by group.

A numeric question (staff, income, volunteers) is summarised rather than counted. Cells
hold numbers, the missing markers of :mod:`tracktr.missing` or blanks (read as skipped);
missing answers are left out and counted by kind, as in a :class:`~tracktr.Table`.
Anything else is an error naming the rows.

Weighted summaries follow the design-based estimators of R's ``survey`` package for a
design with weights only (``svydesign(ids = ~1, weights = ~w)``): the weighted mean, its
linearised (with-replacement) standard error, a t interval on the design's degrees of
freedom (R's ``degf``: respondents with a weight above 0, less 1), and quantiles read off
the weighted distribution function.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._columns import refuse_repeated_columns, refuse_unhashable_name
from tracktr._numbers import parse_number
from tracktr._numeric_cells import number_cells, refuse_missing_codes
from tracktr._text import a_kind
from tracktr.exceptions import (
    InvalidDataError,
    InvalidOptionError,
    QuestionNotFoundError,
    TracktrError,
    UnknownValueError,
)
from tracktr.missing import MARKERS
from tracktr.table import DEFAULT_SMALL_BASE
from tracktr.tabulate._common import unused_design_notes
from tracktr.tabulate._routing import RoutedOutPatternsError, routed_column, routing_columns
from tracktr.typing import check_survey

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
        if "sum_weights" in self.statistics.columns:
            # Respondents who all weigh 0: n of them, and no weight to take a mean of.
            out = n[(n > 0) & (self.statistics["sum_weights"] == 0)]
            if len(out):
                listed = ", ".join(_label(k) for k in out.index)
                notes.append(f"The weighted base of {listed} is 0: statistics are undefined.")
        return (*notes, *self.extra_notes)

    def __repr__(self) -> str:
        labels = _last(self.statistics)
        if not labels:
            return f"Summary({self.question}: no group anyone is in)"
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
    return "n/a" if np.isnan(value) else f"{value + 0.0:.4g}"  # -0.0 + 0.0 is 0.0: never "-0"


def _label(key: object) -> str:
    return ": ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)


# The spread is computed from deviations from one of the values (a shift changes no
# spread): the deviations of values close together are small and exact, where a mean
# near 1e10 rounds and swamps them. Integers from 2**53 up are not all floats (2**62 + 1
# reads as 2**62, and the SD of [2**62, 2**62 + 1] came out 0): for a column holding
# such numbers the deviations are taken from the exact values, group by group.
_EXACT_FROM: Final = 2.0**53


def _exact_values(
    series: pd.Series, x: npt.NDArray[np.float64], answered: npt.NDArray[np.bool_]
) -> npt.NDArray[np.object_] | None:
    """Each answered cell's exact value (int or Fraction) where floats may lose some, else None."""
    if (
        series.dtype.kind == "f"  # floats are their own exact values
        or not answered.any()
        or float(np.abs(x[answered]).max()) < _EXACT_FROM
    ):
        return None
    cells = series.to_numpy(dtype=object)
    exact = np.full(len(x), None, dtype=object)
    for position in np.flatnonzero(answered).tolist():
        exact[position] = _exact(cells[position], float(x[position]))
    return exact


def _exact(value: object, number: float) -> int | Fraction:
    """Return the exact value of a cell that reads as `number` (a float, exact itself)."""
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, Decimal | Fraction):
        return Fraction(value)
    if isinstance(value, str):
        parsed = parse_number(value)
        if isinstance(parsed, int):
            return parsed
    return Fraction(number)


def _deviations(
    exact: npt.NDArray[np.object_] | None, keep: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64] | None:
    """Return the kept values less the smallest, subtracted exactly, as floats (or None)."""
    if exact is None or not keep.any():
        return None
    values = exact[keep].tolist()
    shift = min(values)
    try:
        return np.array([float(v - shift) for v in values], dtype=float)
    except OverflowError:  # a spread beyond 1.8e308: the floats' own path scales it
        return None


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
    x: npt.NDArray[np.float64],
    w: npt.NDArray[np.float64] | None,
    level: float,
    deviations: npt.NDArray[np.float64] | None = None,
) -> dict[str, float]:
    """Return the statistics of values `x`; the spread from `deviations` when given.

    `deviations` are the values less one constant, exactly (see :func:`_deviations`);
    by default ``x - x[0]``.
    """
    n = len(x)
    if deviations is not None and n > 1:
        # Location from the values, spread from the deviations: each at its own scale.
        out = _statistics(x, w, level)
        spread = _statistics(deviations, w, level)
        half = spread["ci_high"] - spread["mean"]
        return {**out, "sd": spread["sd"], "ci_low": out["mean"] - half,
                "ci_high": out["mean"] + half}  # fmt: skip
    out = dict.fromkeys(STATISTICS, float("nan"))
    out["n"] = float(n)
    if w is not None:
        out["sum_weights"] = float(w.sum()) if n else 0.0
    if n == 0 or (w is not None and float(w.sum()) == 0):
        return out
    # A weight of 0 leaves a respondent out on purpose: no extreme of theirs (R's
    # svyquantile(~x, 1) is the largest value with weight). They stay in n, as in a
    # table's unweighted base, and in the n/(n-1) of the with-replacement variance, as
    # in R's svymean (the design's sample size counts every row); the degrees of freedom
    # and the SD's n/(n-1) count only the positive weights, as R's degf and svyvar.
    weighed = x if w is None else x[w > 0]
    positive = len(weighed)
    out["min"], out["max"] = float(weighed.min()), float(weighed.max())
    # Sums and squares of numbers near the float limit (1e308) overflow to inf: work in a
    # power of two of their size (exact, only the exponent moves), then scale back.
    big = max(abs(out["min"]), abs(out["max"]))
    if big > 2.0**500:
        exponent = math.frexp(big)[1]
        scaled = _statistics(np.ldexp(x, -exponent), w, level)
        with np.errstate(over="ignore"):  # a bound beyond the float range is inf
            return {
                k: v if k in ("n", "sum_weights", "min", "max") else float(np.ldexp(v, exponent))
                for k, v in {**scaled, "min": out["min"], "max": out["max"]}.items()
            }
    d = x - x[0]
    if w is None:
        out["mean"] = float(x.mean())
        out["q1"], out["median"], out["q3"] = (float(q) for q in np.quantile(x, [0.25, 0.5, 0.75]))
        if n > 1:
            out["sd"] = float(d.std(ddof=1))
            se = out["sd"] / np.sqrt(n)
    else:
        total = float(w.sum())
        out["mean"] = float((w * x).sum() / total)
        out["q1"], out["median"], out["q3"] = (
            _weighted_quantile(x, w, p) for p in (0.25, 0.5, 0.75)
        )
        if positive > 1:
            centred = d - float((w * d).sum() / total)
            spread = (w * centred**2).sum() / total
            out["sd"] = float(np.sqrt(spread * positive / (positive - 1)))
            se = float(np.sqrt(n / (n - 1) * ((w * centred) ** 2).sum()) / total)
    if positive > 1:
        t = _t_quantile(level, positive - 1)
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
    data : pandas.DataFrame or another engine's frame
        One row per respondent. A polars, pyarrow, DuckDB, Dask or Spark frame is
        summarised by the engine: see Notes.
    question : str
        The question id (a numeric question of `survey`), or the column.
    survey : Survey, optional
        A codebook: gives the column, the wording and the base description.
    by : str, tuple of str or list, optional
        Banners, as in :func:`tracktr.frequencies`: a column, nested columns, or a list of
        banners (the statistics then get a first index level ``banner``).
    weights : str or sequence of float, optional
        Weights; see Notes for the estimators. On another engine's frame, the name of a
        column of the frame.
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
    tracktr.InvalidDataError
        If `data` is not a data frame (a list or an array: build a frame first).
    tracktr.QuestionNotFoundError
        If the column is not in the data.
    tracktr.UnknownValueError
        If a cell is neither a number nor a missing marker, or (with `survey`) is a code
        its ``[missing]`` declares (-99 for refused) in data not prepared; the message
        names the rows. If two groups of a banner differ only in case or print alike
        ("a" and "a "), as a table by that banner is refused.
    tracktr.InvalidOptionError
        If `level` is not between 0 and 1, `small_base` is not a whole number at least 0,
        or the codebook question is not numeric; if a group is empty text.

    Notes
    -----
    Unweighted: the sample SD (divisor :math:`n - 1`), quartiles by linear interpolation
    (R's default, type 7) and the t interval :math:`\bar x \pm t_{n-1} s / \sqrt n`.

    Weighted, with :math:`n` the respondents with a number and :math:`n_+` those of them
    with a weight above 0: the mean :math:`\bar x_w = \sum w_i x_i / \sum w_i`; the SD
    :math:`\sqrt{\tfrac{n_+}{n_+-1} \sum w_i (x_i - \bar x_w)^2 / \sum w_i}` (R's
    ``svyvar``, whose :math:`n` counts the weights other than 0); the standard error of
    the mean by Taylor linearisation for a with-replacement design,
    :math:`\sqrt{\tfrac{n}{n-1} \sum w_i^2 (x_i - \bar x_w)^2} / \sum w_i` (R's
    ``svymean`` with ``ids = ~1``, whose design counts every row); a t interval with
    :math:`n_+ - 1` degrees of freedom (R's ``confint(..., df = degf(design))``: ``degf``
    counts the rows of weight above 0); quartiles are the smallest values whose cumulative
    weight reaches 25, 50 and 75% of the total weight. A respondent of weight 0 adds
    nothing to any weighted statistic but stays in ``n`` (as in a table's unweighted
    base), and the notes say how many there are; with :math:`n_+ < 2` the SD and the
    interval are NaN, as R's ``svyvar`` (NA) and its t quantile on 0 degrees of freedom.

    The SD and the standard error are computed from deviations from one of the group's
    values (a shift changes neither), so values close together far from zero keep their
    spread. Integers beyond :math:`2^{53}`, which floats cannot all hold (``2**62 + 1``
    reads as ``2**62``), are subtracted exactly before that: the SD of
    ``[2**62, 2**62 + 1]`` is :math:`\sqrt{1/2}`, not 0.

    On another engine's frame the engine runs one grouped query,
    ``SELECT by, x, count(*), sum(w), sum(w * w) GROUP BY by, x`` (weighted, also by
    ``w > 0``, so that respondents of weight 0 are counted apart; with `survey`, by the
    columns the question's routing reads too, which then reads the routing as for a pandas
    frame), and only the distinct values of each group come back (memory grows with the
    number of distinct values, not of respondents). Every statistic is then computed from
    them: ``n``, ``min``, ``max``, the quartiles and the excluded counts are those of the
    rows themselves, exactly; so is the mean of whole numbers (sums of whole numbers are
    exact); means of fractions, SDs and intervals agree with pandas up to the order of
    floating-point summation (within :math:`10^{-12}` relative), as do weighted statistics.

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
    check_survey(survey, optional=True)
    from tracktr._engine import is_engine_frame, native_frame
    from tracktr._pooled import with_pool_facts

    data = native_frame(data)  # (a narwhals frame is summarised as the frame it wraps)
    data = with_pool_facts(data, survey)
    from tracktr.compare._intervals import _check_level, _check_small_base
    from tracktr.tabulate import _weights

    level = _check_level(level)
    small_base = _check_small_base(small_base)
    refuse_unhashable_name(question, function="summarise")
    if not isinstance(data, pd.DataFrame) and is_engine_frame(data):
        return _summarise_engine(
            data,
            question,
            survey=survey,
            by=by,
            weights=weights,
            level=level,
            total=total,
            missing_group=missing_group,
            small_base=small_base,
            title=title,
        )
    column, base_description, wording = _resolve(data, question, survey)
    refuse_repeated_columns(data.columns, [column], what=f"question {question!r}")
    cells = data[column] if survey is None else routed_column(data, data[column], survey, question)
    x, kind = number_cells(cells, question)
    w = _weights(data, weights)
    answered = kind.to_numpy() == ""
    if survey is not None:
        refuse_missing_codes(x, answered, cells, survey, question)
    groups, listed, pooled = _group_masks(
        data, by, total=total, missing_group=missing_group, survey=survey
    )
    rows, excluded = [], {}
    kinds = kind.to_numpy()
    by_kind = [kinds == k for k in MARKERS.values()]
    exact = _exact_values(cells, x, answered)
    weighed_out: dict[tuple[Any, ...], int] = {}
    for key, mask in groups:
        keep = mask & answered
        weights_kept = None if w is None else w[keep]
        rows.append(_statistics(x[keep], weights_kept, level, _deviations(exact, keep)))
        excluded[key] = [int(np.count_nonzero(mask & is_kind)) for is_kind in by_kind]
        if weights_kept is not None:
            weighed_out[key] = int(np.count_nonzero(weights_kept == 0))
    return _summary(
        question,
        [k for k, _ in groups],
        rows,
        excluded,
        weighed_out,
        listed=listed,
        grouped=by is not None,
        weighted=w is not None,
        level=level,
        small_base=small_base,
        title=title or wording,
        base_description=base_description,
        notes=(*pooled, *unused_design_notes(survey, weights, what="summary")),
    )


def _engine_numbers(
    cells: pd.Series, column: str, question: str, data: object, survey: Any
) -> tuple[npt.NDArray[np.float64], pd.Series]:
    """Return the numbers and missing kinds of an engine's answer patterns.

    Refused as a pandas frame's cells are (text, declared missing codes), naming the
    engine frame's rows: the patterns are no respondents.
    """
    from tracktr.tabulate._engine_branch import of_engine_rows

    try:
        x, kind = number_cells(cells, question)
        if survey is not None:
            refuse_missing_codes(x, kind.to_numpy() == "", cells, survey, question)
    except UnknownValueError as error:
        raise of_engine_rows(error, data, [column], []) from None
    return x, kind


def _resolve(data: pd.DataFrame, question: str, survey: Any) -> tuple[str, str, str | None]:
    """Return the question's column, base description and wording."""
    column, base_description, wording = question, "respondents who answered", None
    if survey is not None:
        spec = survey.spec(question)
        if spec.type != "numeric":
            msg = f"question {question!r} is {a_kind(spec.type)} question, not numeric."
            hint = "Hint: tabulate it with tt.tabulate() instead."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        column = spec.columns[0]
        base_description = spec.base_description or base_description
        wording = spec.title
    if not isinstance(data, pd.DataFrame):
        msg = f"`data` must be a pandas DataFrame; got {type(data).__name__}."
        hint = (
            "Hint: one row per respondent, one column per question: "
            "pd.DataFrame({'x': values}), or series.to_frame() for one column."
        )
        raise InvalidDataError(f"{msg}\n\n{hint}")
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
    survey: Any = None,
) -> tuple[list[tuple[tuple[Any, ...], npt.NDArray[np.bool_]]], bool, list[str]]:
    """Return (banner, group) keys with their rows, whether banners were listed, and notes.

    The notes say where pooled waves put an organisation in two groups, or twice in one
    (:func:`tracktr._pooled.banner_note`), as a table's by the same banner do.
    """
    from tracktr._pooled import banner_note
    from tracktr.banners import banner_column, parse_banners, refuse_truth_groups
    from tracktr.tabulate._common import _check_distinct

    everyone = np.ones(len(data), dtype=bool)
    if by is None:
        return [((_TOTAL,), everyone)], False, []
    banners, listed = parse_banners(by)
    groups: list[tuple[tuple[Any, ...], npt.NDArray[np.bool_]]] = []
    notes: list[str] = []
    shown: dict[Hashable, list[Hashable]] = {}
    for banner in banners:
        series = banner_column(data, banner, missing_group=missing_group, survey=survey)
        # As a table's groups are: "a" and "a " (or "é" and "e" with a combining accent)
        # were two rows that print as one label, and "" a row that prints none.
        _check_distinct(list(series.cat.categories), banner.name, [series], what="groups")
        shown[banner.name] = list(series.cat.categories)
        groups.extend(
            ((banner.name, label), (series == label).to_numpy()) for label in series.cat.categories
        )
        if total:
            groups.append(((banner.name, _TOTAL), everyone))
        note = banner_note(data, banner.name, series)
        notes += [] if note is None else [note]
    if listed:  # the groups share a level of the index: True and 1 would be one label
        refuse_truth_groups(shown)
    return groups, listed, notes


def _pct(level: float) -> str:
    return f"{level * 100:g}%"


# -- other engines ---------------------------------------------------------------------------


def _summarise_engine(
    data: object,
    question: str,
    *,
    survey: Any,
    by: str | tuple[str, ...] | list[str | tuple[str, ...]] | None,
    weights: str | Sequence[float] | None,
    level: float,
    total: bool,
    missing_group: str | None,
    small_base: int,
    title: str | None,
) -> Summary:
    """Summarise a frame of another engine from its distinct values, counted by the engine.

    The engine returns one row per distinct (group columns, value) with its number of
    respondents, summed weights and summed squared weights; the values are then checked
    and summarised here with those numbers as frequencies (see :func:`summarise`, Notes).
    """
    from tracktr import _engine
    from tracktr.tabulate._engine_branch import banner_columns, name_routed_out, of_engine_rows

    weights = _engine.refuse_weight_values(data, weights, who=f"question {question!r}")
    names = _engine.schema_names(data, question=question)
    column, base_description, wording = _resolve(pd.DataFrame(columns=names), question, survey)
    grouping = banner_columns(by)
    # The routing's columns too: the values then follow the routing, as pandas does.
    routing = routing_columns(survey, question, names)
    keys = list(dict.fromkeys([column, *grouping, *routing]))
    flagged = None if weights is None else _flag_positive(data, weights, keys, question)
    patterns = _engine.aggregate(
        data if flagged is None else flagged,
        [*keys, *([] if flagged is None else [_POSITIVE])],
        question=question,
        weights=weights,
        squares=True,
    )
    cells = patterns[column]
    if survey is not None:  # the patterns are no respondents: the engine's are named
        try:
            cells = routed_column(patterns, cells, survey, question, patterns=True)
        except RoutedOutPatternsError as error:
            raise name_routed_out(error, data, patterns, keys, survey) from None
    x, kind = _engine_numbers(cells, column, question, data, survey)
    n = patterns[_engine.COUNT].to_numpy(dtype=np.int64)
    w = None if weights is None else patterns[_engine.WEIGHT].to_numpy(dtype=float)
    w2 = None if weights is None else patterns[_engine.SQUARES].to_numpy(dtype=float)
    # Each (group, value) comes back twice at most: its respondents of weight 0 and
    # those above 0 (without the flag, a weight of 0 could only be told by w == 0).
    positive = None
    if w is not None:
        above = patterns[_POSITIVE].eq(True).to_numpy(dtype=bool) if flagged is not None else w > 0
        positive = np.where(above, n, 0)
    answered = kind.to_numpy() == ""
    # An engine's frame is never pooled by tracktr (no attrs): no note of pooled waves.
    try:
        groups, listed, _ = _group_masks(
            patterns, by, total=total, missing_group=missing_group, survey=survey
        )
    except TracktrError as error:  # rows of the patterns named: name the frame's
        rewritten = of_engine_rows(error, data, [column], grouping)
        if rewritten is error:
            raise
        raise rewritten from None
    kinds = kind.to_numpy()
    by_kind = [kinds == k for k in MARKERS.values()]
    rows, excluded = [], {}
    weighed_out: dict[tuple[Any, ...], int] = {}
    exact = _exact_values(cells, x, answered)
    for key, mask in groups:
        keep = mask & answered
        counted = _counted_statistics(
            x[keep],
            n[keep],
            None if w is None else w[keep],
            None if w2 is None else w2[keep],
            level,
            deviations=_deviations(exact, keep),
            positive=None if positive is None else positive[keep],
        )
        rows.append(counted)
        excluded[key] = [int(n[mask & is_kind].sum()) for is_kind in by_kind]
        if positive is not None:
            weighed_out[key] = int(n[keep].sum() - positive[keep].sum())
    return _summary(
        question,
        [k for k, _ in groups],
        rows,
        excluded,
        weighed_out,
        listed=listed,
        grouped=by is not None,
        weighted=w is not None,
        level=level,
        small_base=small_base,
        title=title or wording,
        base_description=base_description,
    )


_POSITIVE: Final = "__tracktr_positive__"
"""The column an engine's query adds: whether a respondent's weight is above 0."""


def _flag_positive(data: object, weights: str, keys: Sequence[str], question: str) -> object | None:
    """Return the frame's `keys` and `weights` with a column :data:`_POSITIVE` (weight > 0).

    Counted as one more grouping column, it splits each (group, value) into respondents
    of weight 0 and above 0: the degrees of freedom count only the latter (R's ``degf``).
    Weights that are not numbers, or a column the frame lacks, give None:
    :func:`tracktr._engine.aggregate` refuses them by name.
    """
    import narwhals as nw

    from tracktr import _engine

    if _POSITIVE in (*keys, weights):
        msg = (
            f"question {question!r}: column {_POSITIVE!r} of the {_engine.engine_name(data)} "
            "frame has the name tracktr gives its own column in the engine's query."
        )
        hint = "Hint: rename it in the query (or read the frame into pandas first)."
        raise InvalidDataError(f"{msg}\n\n{hint}")
    frame = _engine._frame(data)
    with _engine.engine_failures(data, question=question, doing="reading its column types"):
        schema = frame.collect_schema()
    if any(c not in schema for c in (*keys, weights)):  # refused by name in aggregate()
        return None
    # The columns counted, under names the engine reads as they are (a DuckDB column
    # named "*" made with_columns() select every column twice), and back.
    source, alias = _engine._aliased(data, [*keys, weights])
    if source is not data:  # (a lazy plan's schema is read once where nothing is renamed)
        frame = _engine._frame(source)
        with _engine.engine_failures(data, question=question, doing="reading its column types"):
            schema = frame.collect_schema()
    dtype = schema[alias[weights]]
    if not dtype.is_numeric() or dtype == nw.Boolean:
        return None
    flag = (nw.col(alias[weights]).cast(nw.Float64()) > 0).alias(_POSITIVE)
    # Only the columns counted: beside a DuckDB column named "*" that is not counted,
    # with_columns() selected every column twice, and the summary was refused as one of
    # repeated columns ("2 columns named 'x'").
    frame = frame.select(*alias.values()).with_columns(flag)
    if source is not data:
        frame = frame.rename({a: c for c, a in alias.items()})
    flagged: object = frame.to_native()
    return flagged


def _weight_zero_notes(
    weighed_out: dict[tuple[Any, ...], int], rows: list[dict[str, float]], *, listed: bool
) -> tuple[str, ...]:
    """Say which groups hold respondents of weight 0, and how they are counted.

    `weighed_out` holds, for each group of a weighted summary in the order of `rows`
    (empty when unweighted), how many of its respondents weigh 0.
    """
    if not weighed_out:
        return ()
    found = [
        f"{_label(key if listed else key[-1])} ({zero} of n={int(row['n'])})"
        for (key, zero), row in zip(weighed_out.items(), rows, strict=True)
        if zero
    ]
    if not found:
        return ()
    note = (
        f"Weight 0: {', '.join(found)}. These respondents are in n and add nothing to the "
        "weighted statistics; the interval's degrees of freedom and the SD's n/(n - 1) "
        "count only respondents with a weight above 0 (R's degf and svyvar), the standard "
        "error's n/(n - 1) every respondent in n (R's svymean)."
    )
    return (note,)


def _method(level: float, *, weighted: bool) -> str:
    if not weighted:
        return (
            f"Mean with a {_pct(level)} t interval; SD with divisor n - 1; quartiles by "
            "linear interpolation."
        )
    return (
        f"Weighted mean with a {_pct(level)} t interval (degrees of freedom: respondents "
        "with a weight above 0, less 1) from the linearised standard error of a "
        "with-replacement design; weighted SD and quartiles of the weighted distribution."
    )


def _counted_statistics(
    x: npt.NDArray[np.float64],
    n: npt.NDArray[np.int64],
    w: npt.NDArray[np.float64] | None,
    w2: npt.NDArray[np.float64] | None,
    level: float,
    *,
    deviations: npt.NDArray[np.float64] | None = None,
    positive: npt.NDArray[np.int64] | None = None,
) -> dict[str, float]:
    """Return :func:`_statistics` of rows given as values `x` each held by `n` respondents.

    `w` and `w2` are the summed weights and squared weights of each value's respondents,
    `positive` how many of them weigh more than 0 (all of them when not given);
    `deviations` as for :func:`_statistics`.
    The order statistics (min, max, quartiles) are picked from the cumulative counts, so
    they are the rows' own; sums run over distinct values, not rows.
    """
    if deviations is not None and int(n.sum()) > 1:
        # Location from the values, spread from the deviations, as in _statistics.
        located = _counted_statistics(x, n, w, w2, level, positive=positive)
        spreads = _counted_statistics(deviations, n, w, w2, level, positive=positive)
        half = spreads["ci_high"] - spreads["mean"]
        return {**located, "sd": spreads["sd"], "ci_low": located["mean"] - half,
                "ci_high": located["mean"] + half}  # fmt: skip
    big = float(np.abs(x).max()) if len(x) else 0.0
    if big > 2.0**500:  # near the float limit: in a power of two of their size, as _statistics
        exponent = math.frexp(big)[1]
        scaled = _counted_statistics(np.ldexp(x, -exponent), n, w, w2, level, positive=positive)
        with np.errstate(over="ignore"):
            return {
                k: v if k in ("n", "sum_weights") else float(np.ldexp(v, exponent))
                for k, v in scaled.items()
            }
    order = np.argsort(x, kind="stable")
    x, n = x[order], n[order]
    d = x - x[0] if len(x) else x
    people = int(n.sum())
    # Respondents of weight 0 are in n and in the n/(n-1) of the standard error, not in
    # the degrees of freedom nor the SD's n/(n-1) (see _statistics).
    counted = people if positive is None else int(positive.sum())
    out: dict[str, float] = dict.fromkeys(STATISTICS, float("nan"))
    out["n"] = float(people)
    if w is not None:
        w = w[order]
        out["sum_weights"] = math.fsum(w) if people else 0.0
    if people == 0 or (w is not None and math.fsum(w) == 0):
        return out
    weighed = x if w is None else x[w > 0]  # no extreme of a value weighing 0 in all
    out["min"], out["max"] = float(weighed[0]), float(weighed[-1])
    if w is None or w2 is None:
        # Whole numbers times counts are exact, so fsum gives the exact sum, as pandas'
        # sum of the rows does: the same mean to the last bit.
        mean = math.fsum(x * n) / people
        cumulative = np.cumsum(n)
        out["q1"], out["median"], out["q3"] = (
            _counted_quantile(x, cumulative, people, p) for p in (0.25, 0.5, 0.75)
        )
        if people > 1:
            centred = d - math.fsum(d * n) / people
            out["sd"] = math.sqrt(math.fsum(n * centred**2) / (people - 1))
            se = out["sd"] / math.sqrt(people)
    else:
        w2 = w2[order]
        weight = math.fsum(w)
        mean = math.fsum(w * x) / weight
        cumulative_w = np.cumsum(w)
        out["q1"], out["median"], out["q3"] = (
            float(
                x[
                    min(
                        int(np.searchsorted(cumulative_w, p * cumulative_w[-1] * (1 - 1e-12))),
                        len(x) - 1,
                    )
                ]
            )
            for p in (0.25, 0.5, 0.75)
        )
        if counted > 1:
            centred = d - math.fsum(w * d) / weight
            spread = math.fsum(w * centred**2) / weight
            out["sd"] = math.sqrt(spread * counted / (counted - 1))
            squares = math.fsum(w2 * centred**2)
            se = math.sqrt(people / (people - 1) * squares) / weight
    out["mean"] = mean
    if counted > 1:
        t = _t_quantile(level, counted - 1)
        out["ci_low"], out["ci_high"] = mean - t * se, mean + t * se
    return out


def _counted_quantile(
    x: npt.NDArray[np.float64], cumulative: npt.NDArray[np.int64], people: int, p: float
) -> float:
    """Return the type-7 quantile of rows given as sorted values and cumulative counts.

    numpy interpolates between the order statistics at ``floor((n - 1) p)`` and the next;
    both are picked from the counts, and numpy itself interpolates between the two (its
    rounding, so the result is the pandas one to the last bit).
    """
    position = (people - 1) * p
    low = math.floor(position)
    high = min(low + 1, people - 1)
    a = x[int(np.searchsorted(cumulative, low, side="right"))]
    b = x[int(np.searchsorted(cumulative, high, side="right"))]
    return float(np.quantile(np.array([a, b], dtype=float), position - low))


def _summary(
    question: str,
    keys: list[Any],
    rows: list[dict[str, float]],
    excluded: dict[Any, list[int]],
    weighed_out: dict[tuple[Any, ...], int],
    *,
    listed: bool,
    grouped: bool,
    weighted: bool,
    level: float,
    small_base: int,
    title: str | None,
    base_description: str,
    notes: Sequence[str] = (),
) -> Summary:
    """Return the Summary of each group's statistics and excluded counts.

    The pandas and the engine paths count their groups differently (rows, or distinct
    values with their numbers of respondents) and end here, so that a summary is built,
    indexed and noted in one place.
    """
    stats_frame, excluded_frame = _frames(
        rows, excluded, keys, listed=listed, grouped=grouped, weighted=weighted
    )
    return Summary(
        question=question,
        title=title,
        statistics=stats_frame,
        excluded=excluded_frame,
        level=level,
        weighted=weighted,
        method=_method(level, weighted=weighted),
        small_base=small_base,
        base_description=base_description,
        extra_notes=(*_weight_zero_notes(weighed_out, rows, listed=listed), *notes),
    )


def _frames(
    rows: list[dict[str, Any]],
    excluded: dict[Any, list[int]],
    keys: list[Any],
    *,
    listed: bool,
    grouped: bool,
    weighted: bool,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a summary's statistics (a row a group) and excluded counts (a column a group).

    Shared by the pandas and the engine paths, so that both index their groups alike:
    ``(banner, group)`` pairs for a list of banners, the group alone for one.
    """
    shown = [k if listed else k[-1:] for k in keys]
    if listed:
        index = pd.MultiIndex.from_tuples([tuple(k) for k in shown], names=["banner", "group"])
    else:
        index = pd.Index([k[0] for k in shown], name="group" if grouped else None)
    # No group anyone is in (banners whose every cell is missing, no total): no rows, the
    # same columns of the same types as a summary with rows (sum_weights when weighted).
    columns = [*STATISTICS, *(["sum_weights"] if weighted else [])]
    statistics = pd.DataFrame(rows, index=index, columns=columns).astype(
        dict.fromkeys(columns, np.float64)
    )
    statistics["n"] = statistics["n"].astype(np.int64)
    counts = pd.DataFrame(
        list(excluded.values()), index=index, columns=pd.Index(list(MARKERS.values()))
    ).T
    counts.index.name = "reason"
    return statistics, counts

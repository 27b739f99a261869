"""Counting: the one step that reads respondent rows.

Every function turns answers into integer category codes and counts them in one pass
(:func:`numpy.bincount` over ``code + n_codes * group``), then returns a :class:`Table` of
counts and bases. Percentages are derived later, exactly, by :mod:`tracktr.rounding`.

Cells hold option labels, "don't know" options, or the missing markers of
:mod:`tracktr.missing`; a blank cell reads as skipped. Skipped, not-asked and refused
answers are never in a base, and the table records how many were left out.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from math import lcm
from typing import Any, Literal, NoReturn, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr import _engine, _kernels
from tracktr._numbers import refuse_truth_clash, truth_clashes, typed
from tracktr.exceptions import (
    InvalidDataError,
    InvalidOptionError,
    InvalidWeightsError,
    MultiResponseError,
    QuestionNotFoundError,
    TracktrError,
    UnknownValueError,
)
from tracktr.missing import DONT_KNOW, MARKERS, SKIPPED, is_dont_know
from tracktr.spec import QuestionSpec
from tracktr.table import DEFAULT_SMALL_BASE, Table
from tracktr.typing import DontKnowPolicy, RoundingRule, check_choice

__all__ = [
    "SurveyLike",
    "combine",
    "crosstab",
    "frequencies",
    "grid",
    "multi_response",
    "tabulate",
]

DEFAULT_DONT_KNOW: tuple[str, ...] = DONT_KNOW
TOTAL = "All"
AVERAGE = "AVERAGE"
PercentOf = Literal["respondents", "responses"]
By = str | tuple[str, ...] | list[str | tuple[str, ...]]
"""A ``by=`` argument: a column, a nested tuple of columns, or a list of banners."""
EmptyPolicy = Literal["skipped", "answered"]

# Codes after the options: one slot per missing kind, in the order of MARKERS.
_MISSING_KINDS: tuple[str, ...] = tuple(MARKERS.values())
_MARKER_LIST: tuple[str, ...] = tuple(MARKERS)


class SurveyLike(Protocol):
    """Anything that can describe a question for tabulation, such as :class:`tracktr.Survey`."""

    def spec(self, question: str, /) -> QuestionSpec:
        """Return the tabulation facts of one question."""
        ...


# -- resolving what to count -----------------------------------------------------------------


def _require_columns(data: pd.DataFrame, columns: Sequence[str], question: str) -> None:
    absent = [c for c in columns if c not in data.columns]
    if absent:
        msg = f"question {question!r}: column(s) {absent} are not in the data."
        near = [c for c in data.columns if str(c).startswith(str(question))][:10]
        hint = f"Hint: the data has columns such as {near or list(data.columns)[:10]}."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")


def _observed_options(series: pd.Series) -> tuple[Any, ...]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return tuple(c for c in series.cat.categories if c not in MARKERS)
    try:
        values = series[~(series.isna() | series.isin(_MARKER_LIST))].unique()
    except TypeError:  # unhashable cells: lists, dicts, sets
        _raise_unhashable(series)
    try:
        return tuple(sorted(values))
    except TypeError:
        return tuple(values)


def _blank_label(label: object) -> bool:
    if label is None or label is pd.NA or label is pd.NaT:
        return True
    return isinstance(label, float | np.floating) and bool(np.isnan(label))


def _printed(label: object) -> str:
    """Return a label as a table prints it, spaces collapsed: "Yes " is "Yes", 1 is "1"."""
    return " ".join(str(label).split())


def _check_distinct(
    labels: Sequence[Any],
    question: str,
    series: Sequence[pd.Series],
    *,
    what: str,
    separator: str | None = None,
) -> None:
    """Raise if labels repeat, name a missing marker, hold the separator, or print alike."""
    repeated = [label for (_, label), n in Counter(map(typed, labels)).items() if n > 1]
    markers = [label for label in labels if isinstance(label, str) and label in MARKERS]
    # A blank is a skipped answer, never an option: as one it would head an empty row.
    blanks = [label for label in labels if _blank_label(label)]
    split = [
        label
        for label in labels
        if separator and isinstance(label, str) and separator.strip() and separator.strip() in label
    ]
    truths, numbers = truth_clashes(labels)
    if repeated or markers or split or truths or blanks:
        problems = []
        if repeated:
            problems.append(f"{repeated} listed more than once")
        if truths:
            problems.append(
                f"{truths} beside the number(s) {numbers}, which Python takes as the same "
                "label (True is 1, False is 0)"
            )
        if markers:
            problems.append(f"{markers} named like missing markers, which are not answers")
        if blanks:
            problems.append(f"{blanks} blank, which is a skipped answer, not an option")
        if split:
            problems.append(
                f"{split} containing the separator {separator!r}, so they cannot be told "
                "apart from several ticked options"
            )
        msg = f"question {question!r}: {what} {'; '.join(problems)}."
        hint = (
            "Hint: list each option once, leave blanks (None, NaN) and the markers of "
            "tracktr.missing out of the options, and choose a separator no option contains."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    by_text: dict[str, list[Any]] = {}
    for label in labels:
        by_text.setdefault(_printed(label), []).append(label)
    clashes = [values for values in by_text.values() if len(values) > 1]
    if not clashes:
        return
    parts = []
    for values in clashes[:5]:
        held = []
        for value in values:
            rows: list[Hashable] = []
            for column in series:
                # Compare with the type kept: 1 and "1" are different cells.
                text = isinstance(value, str)
                same = [
                    isinstance(v, str) == text and v == value for v in column.to_numpy(dtype=object)
                ]
                rows += list(column.index[np.asarray(same, dtype=bool)][:5])
            held.append(f"{value!r} (rows {rows[:5]})" if rows else repr(value))
        parts.append(" and ".join(held))
    msg = (
        f"question {question!r}: {what} {'; '.join(parts)} are different values that would "
        "print as the same label, so the table would show two rows that look alike."
    )
    hint = (
        "Hint: make them one value first, e.g. data[col].str.strip() for stray spaces or "
        "data[col].astype(str) for numbers stored both as numbers and as text."
    )
    raise UnknownValueError(
        f"{msg}\n\n{hint}",
        question=question,
        values=tuple(v for values in clashes for v in values),
        rows=(),
    )


def _spec(
    data: pd.DataFrame,
    question: str,
    survey: SurveyLike | None,
    fallback: QuestionSpec,
) -> QuestionSpec:
    if not isinstance(data, pd.DataFrame):
        msg = f"`data` must be a pandas DataFrame; got {type(data).__name__}."
        hint = (
            "Hint: one row per respondent, one column per question: pd.DataFrame(...), or "
            "series.to_frame() for one column (polars, Arrow, DuckDB, Dask and Spark frames "
            "are read through narwhals)."
        )
        raise InvalidDataError(f"{msg}\n\n{hint}")
    spec = survey.spec(question) if survey is not None else fallback
    _require_columns(data, spec.columns, question)
    return spec


# -- coding answers --------------------------------------------------------------------------


def _factorize(series: pd.Series) -> tuple[npt.NDArray[np.integer[Any]], list[Any]]:
    """Codes of the distinct values (or categories), ``-1`` for a blank cell.

    The returned value list starts with ``None`` for blanks, so value ``i`` of the list
    belongs to code ``i - 1``. Categorical codes are returned as stored (often int8),
    without a copy.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        # The Categorical itself: `series.cat` builds a Series for the codes on each use.
        categorical = series.array
        return categorical.codes, [None, *categorical.categories.tolist()]
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # unhashable cells: lists, dicts, sets
        _raise_unhashable(series)
    refuse_truth_clash(series, uniques)
    return codes, [None, *uniques]


def _raise_unhashable(series: pd.Series) -> NoReturn:
    bad = [not isinstance(v, Hashable) for v in series.to_numpy(dtype=object)]
    rows = list(series.index[np.asarray(bad, dtype=bool)][:10])
    kinds = sorted({type(v).__name__ for v, b in zip(series, bad, strict=True) if b})
    name = "the column" if series.name is None else f"question {series.name!r}"
    msg = f"{name} holds {', '.join(kinds)} cells (rows {rows}); a cell holds one answer."
    hint = (
        "Hint: for several answers in one cell, join them with a separator and use "
        "tt.multi_response(..., separator=';'), or make one column per option."
    )
    raise InvalidDataError(f"{msg}\n\n{hint}")


def _lookup(values: Sequence[Any], options: Sequence[Any]) -> npt.NDArray[np.intp]:
    """Map raw values to option codes ``0..K-1``, then ``K + i`` for the i-th missing kind.

    Raw value 0 (a blank cell) reads as skipped; values that are neither options nor
    markers map to -1.
    """
    k = len(options)
    # Keyed with the type kept: an option 1 must not claim the answer True (True == 1).
    position: dict[Any, int] = {}
    for i, label in enumerate([*options, *_MARKER_LIST]):
        position.setdefault(typed(label), i)
    lookup = np.array([position.get(typed(v), -1) for v in values[1:]], dtype=np.intp)
    out: npt.NDArray[np.intp] = np.concatenate([[k + _MARKER_LIST.index(SKIPPED)], lookup])
    return out.astype(np.intp)


def _raise_unknown(
    series: pd.Series, values: Sequence[Any], options: Sequence[Any], question: str
) -> None:
    bad_values = list(values)
    bad = series[series.isin(bad_values)]
    rows = tuple(bad.index[:20])
    more = "" if len(bad) <= 20 else f" and {len(bad) - 20} more"
    msg = (
        f"question {question!r}: value(s) {bad_values[:10]} are not among its options "
        f"{list(options)}, in rows {list(rows)}{more}."
    )
    hint = (
        "Hint: recode the values (tt.recode.collapse), declare them as options, or "
        "mark missing answers with the markers of tracktr.missing."
    )
    raise UnknownValueError(
        f"{msg}\n\n{hint}", question=question, values=tuple(bad_values), rows=rows
    )


def _check_known(
    series: pd.Series,
    values: Sequence[Any],
    lookup: npt.NDArray[np.intp],
    *,
    used: npt.NDArray[Any],
    options: Sequence[Any],
    question: str,
) -> None:
    """Raise if any raw value that is not an option or marker occurs (``used > 0``)."""
    unknown = np.flatnonzero((lookup < 0) & (used > 0))
    if len(unknown):
        _raise_unknown(series, [values[int(i)] for i in unknown], options, question)


def _code_series(series: pd.Series, options: Sequence[Any], question: str) -> npt.NDArray[np.intp]:
    """Return option codes ``0..K-1``, then ``K + i`` for the i-th missing kind, per row."""
    codes, values = _factorize(series)
    raw = np.add(codes, 1, dtype=np.intp)
    lookup = _lookup(values, options)
    used = np.bincount(raw, minlength=len(values))
    _check_known(series, values, lookup, used=used, options=options, question=question)
    coded: npt.NDArray[np.intp] = lookup[raw]
    return coded


@dataclass(frozen=True, slots=True)
class _Groups:
    """How respondents split into the columns of a table."""

    series: pd.Series | None
    codes: npt.NDArray[np.integer[Any]] | None  # raw codes, -1 blank; None: one group
    values: list[Any]
    lookup: npt.NDArray[np.intp]  # raw value -> slot 0..G-1, G: group missing
    labels: list[Hashable]

    def slots(self, n: int) -> npt.NDArray[np.intp]:
        """Per-row group slot ``0..G`` (``G``: the group is missing)."""
        if self.codes is None:
            return np.zeros(n, dtype=np.intp)
        slots: npt.NDArray[np.intp] = self.lookup[np.add(self.codes, 1, dtype=np.intp)]
        return slots

    def check(self, used: npt.NDArray[Any], by: str) -> None:
        """Raise if a group value is neither a group nor a missing marker."""
        if self.series is not None:
            _check_known(
                self.series, self.values, self.lookup, used=used, options=self.labels, question=by
            )


def _groups(data: pd.DataFrame, by: str | None) -> _Groups:
    if by is None:
        return _Groups(None, None, [None], np.zeros(1, dtype=np.intp), [])
    _require_columns(data, [by], by)
    series = data[by]
    labels = list(_observed_options(series))
    _check_distinct(labels, by, [series], what="groups")
    codes, values = _factorize(series)
    lookup = _lookup(values, labels)
    # Missing markers and undeclared values both land past the groups; undeclared
    # values are reported by `check` once counts show they occur.
    folded = np.where(lookup < 0, -1, np.minimum(lookup, len(labels)))
    return _Groups(series, codes, values, folded, labels)


def _count_by_group(
    series: pd.Series,
    options: Sequence[Any],
    question: str,
    groups: _Groups,
    *,
    weights: npt.NDArray[Any] | None,
    by: str | None,
) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64] | None, npt.NDArray[Any] | None]:
    """Count (option code, group slot) pairs once over raw codes, then folded.

    Counting happens in the raw code space of the data, bincounts over
    ``raw_answer + n_raw * raw_group`` block by block; the small matrix of raw counts is
    then folded onto the options and groups, so no per-row remapping pass is needed. With
    weights, the unweighted counts come from the same pass, and the sums of squared
    weights (for Kish's effective base) from the same codes, factorised and checked once.
    """
    codes, values = _factorize(series)
    # Block by block (tracktr._kernels): the int8 codes are widened in cache, never in a
    # full-length intp copy.
    # With weights, the plain counts and squared weights come from the same pass.
    shape = (codes, groups.codes, len(values), len(groups.values))
    raw_counts, raw_plain, raw_squares = (
        (_kernels.count_pairs(*shape, None), None, None)
        if weights is None
        else _kernels.count_pairs_weighted(*shape, weights)
    )
    lookup = _lookup(values, options)
    used = raw_counts.sum(axis=0) if raw_plain is None else raw_plain.sum(axis=0)
    _check_known(series, values, lookup, used=used, options=options, question=question)
    if by is not None:
        groups.check(raw_counts.sum(axis=1) if raw_plain is None else raw_plain.sum(axis=1), by)
    folded = [_fold(raw, lookup, groups, options) for raw in (raw_counts, raw_plain)]
    weighted = folded[0] if weights is not None else folded[0].astype(np.int64)
    squares = None if raw_squares is None else _fold(raw_squares, lookup, groups, options)
    return weighted, (None if raw_plain is None else folded[1].astype(np.int64)), squares


def _fold(
    raw_counts: npt.NDArray[Any] | None,
    lookup: npt.NDArray[np.intp],
    groups: _Groups,
    options: Sequence[Any],
) -> npt.NDArray[Any]:
    """Fold raw (group, code) counts onto (option or marker, group slot)."""
    if raw_counts is None:
        return np.zeros((0, 0))
    n_codes = len(options) + len(_MARKER_LIST)
    out = np.zeros((n_codes, len(groups.labels) + 1), dtype=raw_counts.dtype)
    rows = np.broadcast_to(lookup[None, :], raw_counts.shape)
    cols = np.broadcast_to(groups.lookup[:, None], raw_counts.shape)
    keep = rows >= 0
    np.add.at(out, (rows[keep], cols[keep]), raw_counts[keep])
    return out


def _weights(
    data: pd.DataFrame, weights: str | pd.Series | Sequence[float] | None
) -> npt.NDArray[Any] | None:
    if weights is None:
        return None
    if isinstance(weights, str):
        _require_columns(data, [weights], weights)
        series = data[weights]
    elif isinstance(weights, pd.Series):
        series = _align_to_rows(weights, data.index, name="weights")
    else:
        if np.ndim(weights) != 1:
            msg = (
                f"`weights` must be one-dimensional (one weight per row); got {np.ndim(weights)}-D."
            )
            raise InvalidWeightsError(msg)
        series = pd.Series(weights)
        if len(series) != len(data):
            msg = f"`weights` has {len(series)} values for {len(data)} rows."
            raise InvalidWeightsError(msg)
        series.index = data.index
    # Text or True/False is not a weight: refuse rather than coerce ("2", or a filter).
    if series.dtype.kind not in "iuf":
        numeric = np.array(
            [
                isinstance(v, int | float | np.integer | np.floating)
                and not isinstance(v, bool | np.bool_)
                for v in series.to_numpy(dtype=object)
            ],
            dtype=bool,
        )
        if series.dtype.kind == "b" or not numeric.all():
            bad = series if series.dtype.kind == "b" else series[~numeric]
            msg = (
                f"weights must be numbers; got dtype {series.dtype} with values such as "
                f"{list(pd.unique(bad.astype(object)))[:5]} in rows {list(bad.index[:10])}."
            )
            hint = "Hint: convert them with pandas.to_numeric() first, and check the column."
            raise InvalidWeightsError(f"{msg}\n\n{hint}")
    values = series.to_numpy(dtype=float, na_value=np.nan)
    # Two passes without temporaries: a sum is finite only if every weight is (or it
    # overflows, which the full check below then clears).
    if len(values) and np.isfinite(values.sum()) and values.min() >= 0:
        return values
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        rows = list(series.index[bad][:20])
        msg = (
            f"weights must be finite and not negative; rows {rows} hold {values[bad][:5].tolist()}."
        )
        hint = "Hint: give every respondent a weight (0 leaves one out on purpose)."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    return values


def _align_to_rows(values: pd.Series, index: pd.Index, /, *, name: str) -> pd.Series:
    """Return `values` (one per respondent) in the order of `index`, aligned by label.

    A Series carries its respondents in its index, so it is aligned on it, never applied
    by position; a list or array is positional.

    Raises
    ------
    tracktr.InvalidWeightsError
        If the labels are not exactly the rows' labels (missing, extra or repeated).

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.tabulate import _align_to_rows
    >>> _align_to_rows(pd.Series([2.0, 1.0], index=[11, 10]), pd.Index([10, 11]),
    ...               name="weights").tolist()
    [1.0, 2.0]
    """
    if values.index.equals(index):
        return values
    missing = index.difference(values.index, sort=False)
    extra = values.index.difference(index, sort=False)
    repeated = not (values.index.is_unique and index.is_unique)
    if len(missing) or len(extra) or repeated or len(values) != len(index):
        parts = []
        if len(missing):
            parts.append(f"rows {list(missing[:10])} of the data have no value")
        if len(extra):
            parts.append(f"labels {list(extra[:10])} are not rows of the data")
        if repeated:
            parts.append("labels are repeated, so rows cannot be matched one to one")
        msg = (
            f"`{name}` is a pandas Series, so it is matched to the data's rows by its index, "
            f"but {'; '.join(parts)}."
        )
        hint = (
            f"Hint: index `{name}` like the data (e.g. build it from a column of the data), "
            f"or pass `{name}.to_numpy()` to apply the values by position."
        )
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    return values.reindex(index)


def _count(
    index: npt.NDArray[np.intp], size: int, weights: npt.NDArray[Any] | None
) -> npt.NDArray[Any]:
    counts: npt.NDArray[Any] = np.bincount(index, weights=weights, minlength=size)
    return counts if weights is not None else counts.astype(np.int64)


# -- assembling tables -----------------------------------------------------------------------


def _column_labels(groups: list[Hashable], by: str | None, total: bool) -> list[Hashable]:
    if by is None:
        return [TOTAL]
    if total and TOTAL in groups:
        msg = (
            f"`by={by!r}` has a group called {TOTAL!r}, the label of the total column, so "
            "the table would have two columns of that name."
        )
        hint = (
            f"Hint: rename the group (e.g. data[{by!r}].replace({{{TOTAL!r}: 'All groups'}})) "
            "or pass total=False."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return [*groups, TOTAL] if total else list(groups)


def _by_column(
    matrix: npt.NDArray[Any], groups: list[Hashable], by: str | None, total: bool
) -> npt.NDArray[Any]:
    """Turn counts per (row, group slot) into table columns: groups, then the total."""
    if by is None:
        summed: npt.NDArray[Any] = matrix.sum(axis=1, keepdims=True)
        return summed
    columns = matrix[:, : len(groups)]
    return np.column_stack([columns, matrix.sum(axis=1)]) if total else columns


def _describe_base(spec: QuestionSpec, dont_know: DontKnowPolicy) -> str:
    base = spec.base_description or "respondents who answered"
    if dont_know == "exclude" and any(is_dont_know(o, spec.dont_know) for o in spec.options):
        base += ", excluding don't know"
    return base


def _weight_places(weights: npt.NDArray[Any] | None) -> int | None:
    """Return the decimal places of the weights (0 to 9), or None (unweighted, or more).

    Weights such as 0.7 or 1.25 have a few decimal places, so every weighted sum of them is
    a whole number of 10**-places; the binary floats in which they are added miss it by a
    rounding error (0.7 + 4.9 is 5.6000000000000005), which :func:`_exact` removes.
    """
    return None if weights is None else _kernels.decimal_places(weights)


def _exact(values: npt.NDArray[Any], places: int) -> npt.NDArray[Any]:
    """Return weighted sums as the exact sums of the weights' decimal values.

    Each sum is rounded to the weights' decimal places, which recovers it exactly as long
    as the summation error is far below half a unit there (checked: otherwise the sums
    are returned as they are).
    """
    array = np.asarray(values, dtype=float)
    if array.size == 0:
        return values
    rounded = np.round(array, places)
    error = float(np.max(np.abs(array - rounded)))
    if error > 0.25 * 10.0**-places or float(np.max(np.abs(rounded))) * 10.0**places >= 2**52:
        return values
    return rounded


def _table(
    *,
    spec: QuestionSpec,
    counts: npt.NDArray[Any],
    bases: npt.NDArray[Any],
    excluded: npt.NDArray[Any],
    unweighted: npt.NDArray[Any] | None,
    rows: Sequence[Hashable],
    columns: Sequence[Hashable],
    excluded_labels: Sequence[str],
    kind: Literal["single", "multi", "grid", "crosstab"],
    base_description: str,
    rule: RoundingRule,
    decimals: int,
    small_base: int,
    partition: bool = True,
    percent_axis: Literal["columns", "rows"] = "columns",
    summary_rows: tuple[str, ...] = (),
    extra_notes: tuple[str, ...] = (),
    unweighted_counts: npt.NDArray[Any] | None = None,
    places: int | None = None,
    effective: npt.NDArray[Any] | None = None,
) -> Table:
    if places is not None:
        counts, bases, excluded = (_exact(a, places) for a in (counts, bases, excluded))
    row_index, column_index = _labels_index(rows), _labels_index(columns)
    # One Index object for the bases, the columns (rows) they divide and `excluded`: the
    # Table's alignment check is then an identity check, not a comparison of labels.
    along = column_index if percent_axis == "columns" else row_index
    excluded_frame = pd.DataFrame(
        excluded, index=_labels_index(excluded_labels, name="reason"), columns=along
    )
    return Table(
        counts=pd.DataFrame(counts, index=row_index, columns=column_index),
        bases=pd.Series(bases, index=along),
        question=spec.question,
        title=spec.title,
        kind=kind,
        percent_axis=percent_axis,
        partition=partition,
        rule=rule,
        decimals=decimals,
        base_description=base_description,
        unweighted_bases=None if unweighted is None else pd.Series(unweighted, index=along),
        excluded=excluded_frame,
        small_base=small_base,
        summary_rows=summary_rows,
        extra_notes=extra_notes,
        unweighted_counts=None
        if unweighted_counts is None
        else pd.DataFrame(unweighted_counts, index=row_index, columns=column_index),
        effective_bases=None
        if effective is None
        else pd.Series(effective, index=pd.Index(list(along))),
    )


def _kish(bases: npt.NDArray[Any], squares: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """Kish effective bases ``sum(w) ** 2 / sum(w ** 2)``, from each base's sums of squares."""
    square_sums = np.asarray(squares, dtype=np.float64).sum(axis=0)
    base = np.asarray(bases, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(square_sums > 0, base * base / square_sums, 0.0)


def _labels_index(labels: Sequence[Hashable], name: str | None = None) -> pd.Index:
    """Return a new Index of the labels, as ``pd.Index(list(labels), name=name)`` builds it.

    Building an Index of text (Arrow-backed in pandas 3) and hashing it to check that its
    labels are distinct cost about 0.2 ms, more than counting a small table; an Index
    built before for the same labels is copied instead (a copy has its own name, shares
    the immutable values and their hash table).
    """
    key = tuple((type(label), label) for label in labels)  # 1, 1.0 and True differ here
    try:
        cached = _built_index(key, name)
    except TypeError:  # an unhashable label: pandas says what is wrong with it
        return pd.Index(list(labels), name=name)
    return cached.copy()


@functools.lru_cache(maxsize=1024)
def _built_index(key: tuple[tuple[type, Hashable], ...], name: str | None) -> pd.Index:
    return pd.Index([label for _, label in key], name=name)


def _dont_know_rows(spec: QuestionSpec, dont_know: DontKnowPolicy) -> npt.NDArray[np.bool_]:
    check_choice(dont_know, DontKnowPolicy, name="dont_know")
    in_base = np.ones(len(spec.options), dtype=bool)
    if dont_know == "exclude":
        in_base[[i for i, o in enumerate(spec.options) if is_dont_know(o, spec.dont_know)]] = False
    return in_base


# -- public functions ------------------------------------------------------------------------


def frequencies(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike | None = None,
    options: Sequence[Any] | None = None,
    by: By | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    dont_know: DontKnowPolicy = "include",
    dont_know_options: Sequence[str] = DEFAULT_DONT_KNOW,
    total: bool = True,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
    title: str | None = None,
    missing_group: str | None = None,
) -> Table:
    """Count the answers to a single-choice (or ordinal) question, optionally by group.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    question : str
        The question id; without a survey, the column to count.
    survey : Survey, optional
        A codebook; gives the options, their order, "don't know" options, the wording and
        the routing-aware base description.
    options : sequence, optional
        Without a survey: the options in display order. Values outside them are an error.
        Defaults to the values found (categorical order, else sorted).
    by : str, tuple of str or list, optional
        A column whose groups become the table's columns (column percentages), followed
        by the total of everyone in the base. A tuple nests columns (``("region",
        "funder")``: funder within region, groups ``"North / CRC"``); a list of banners
        puts each banner's table side by side, each with its own total, under a first
        column level naming the banner (see ``tracktr.banners``).
    weights : str, pandas.Series or sequence of float, optional
        A column of weights, or the weights: a Series is matched to the rows by its index
        (a label missing or extra is an error), a list or array by position. Counts become
        weighted sums; the number of respondents behind each base is kept as
        ``table.unweighted_bases``.
    missing_group : str, optional
        With `by`: the label of a group for respondents whose group is missing, shown
        last. By default they are in no group, only in the total.
    dont_know : {"include", "exclude"}, default "include"
        Whether "don't know" answers are in the base.
    dont_know_options : sequence of str, default ("Don't know",)
        Without a survey: which options are "don't know".
    total : bool, default True
        With `by`, add a column for everyone in the base (respondents whose group is
        missing included).
    rule, decimals
        The rounding of the table's percentages (see :func:`tracktr.percentages`).
    small_base : int, default 30
        Bases below this are flagged in the notes.
    title : str, optional
        Overrides the question wording as the table's title.

    Returns
    -------
    Table
        Counts of every option (rows) by group (columns), each column's base, and the
        respondents left out of each base (skipped, not asked, refused, don't know).

    Raises
    ------
    tracktr.QuestionNotFoundError
        If the question's column is not in the data.
    tracktr.UnknownValueError
        If a cell holds a value that is not an option; the message names the rows.
    tracktr.InvalidWeightsError
        If a weight is missing, negative or infinite, or a Series of weights is not
        indexed like the data.
    tracktr.InvalidOptionError
        If `by` has a group called ``"All"``, the label of the total column.

    See Also
    --------
    crosstab : the same table, named by its row and column questions.
    tracktr.Table.percentages : the rounded percentages.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({
    ...     "changed": ["Yes", "No", "No", "Don't know", None, "<not asked>"],
    ...     "funder": ["CRC", "CRC", "Other", "Other", "Other", "Other"],
    ... })
    >>> table = tt.frequencies(df, "changed", options=["Yes", "No", "Don't know"])
    >>> table.counts["All"].tolist(), int(table.bases["All"])
    ([1, 2, 1], 4)
    >>> table.percentages()["All"].tolist()
    [25.0, 50.0, 25.0]
    >>> tt.frequencies(df, "changed", options=["Yes", "No", "Don't know"],
    ...                dont_know="exclude").percentages()["All"].tolist()
    [33.0, 67.0]
    >>> tt.frequencies(df, "changed", options=["Yes", "No", "Don't know"],
    ...                by="funder").counts
                CRC  Other  All
    Yes           1      0    1
    No            1      1    2
    Don't know    0      1    1
    """
    if not isinstance(data, pd.DataFrame) and _engine.is_engine_frame(data):
        return _engine_table(
            frequencies,
            data,
            question,
            columns=survey.spec(question).columns if survey is not None else (question,),
            by=by,
            weights=weights,
            options={
                "survey": survey,
                "options": options,
                "dont_know": dont_know,
                "dont_know_options": dont_know_options,
                "total": total,
                "rule": rule,
                "decimals": decimals,
                "small_base": small_base,
                "title": title,
            },
        )
    if by is not None and (not isinstance(by, str) or missing_group is not None):
        from tracktr.banners import by_banners

        return by_banners(
            frequencies,
            data,
            question,
            by=by,
            missing_group=missing_group,
            survey=survey,
            options=options,
            weights=weights,
            dont_know=dont_know,
            dont_know_options=dont_know_options,
            total=total,
            rule=rule,
            decimals=decimals,
            small_base=small_base,
            title=title,
        )
    fallback = QuestionSpec(
        question,
        "single",
        options=tuple(options) if options is not None else (),
        dont_know=tuple(dont_know_options),
        columns=(question,),
    )
    spec = _spec(data, question, survey, fallback)
    series = data[spec.columns[0]]
    if not spec.options:
        spec = dataclasses.replace(spec, options=tuple(_observed_options(series)))
    _check_distinct(spec.options, question, [series], what="options")
    k = len(spec.options)
    grouping = _groups(data, by)
    groups = grouping.labels
    w = _weights(data, weights)
    # With weights, the unweighted counts come from the same pass over the rows.
    weighted, unweighted, squares = _count_by_group(
        series, spec.options, question, grouping, weights=w, by=by
    )
    in_base = _dont_know_rows(spec, dont_know)
    by_col = _by_column(weighted, groups, by, total)
    counts = by_col[:k][in_base]
    excluded_rows = [by_col[k:]]
    excluded_labels = list(_MISSING_KINDS)
    if not in_base.all():
        excluded_rows.append(by_col[:k][~in_base].sum(axis=0, keepdims=True))
        excluded_labels.append("dont_know")
    unweighted_bases = None
    unweighted_counts = None
    effective = None
    if unweighted is not None and squares is not None:
        unweighted_counts = _by_column(unweighted, groups, by, total)[:k][in_base]
        unweighted_bases = unweighted_counts.sum(axis=0)
        effective = _kish(counts.sum(axis=0), _by_column(squares, groups, by, total)[:k][in_base])
    options_shown = [o for o, keep in zip(spec.options, in_base, strict=True) if keep]
    return _table(
        places=_weight_places(w),
        spec=spec if title is None else dataclasses.replace(spec, title=title),
        counts=counts,
        bases=counts.sum(axis=0),
        excluded=np.vstack(excluded_rows),
        unweighted=unweighted_bases,
        unweighted_counts=unweighted_counts,
        effective=effective,
        rows=options_shown,
        columns=_column_labels(groups, by, total),
        excluded_labels=excluded_labels,
        kind="single" if by is None else "crosstab",
        base_description=_describe_base(spec, dont_know),
        rule=rule,
        decimals=decimals,
        small_base=small_base,
    )


def crosstab(
    data: pd.DataFrame,
    row: str,
    column: str,
    /,
    *,
    survey: SurveyLike | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    options: Sequence[Any] | None = None,
    dont_know: DontKnowPolicy = "include",
    total: bool = True,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
) -> Table:
    """Cross-tabulate one question (rows) by another (columns), with column percentages.

    A named form of ``frequencies(data, row, by=column)``: each column's percentages are
    of that group's base, and a last column gives everyone in the base.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    row, column : str
        The question counted and the question that splits respondents into groups.
    survey, weights, options, dont_know, total, rule, decimals, small_base
        As in :func:`frequencies`.

    Returns
    -------
    Table

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"income": ["Small", "Large", "Large"],
    ...                    "funder": ["Other", "CRC", "Other"]})
    >>> tt.crosstab(df, "income", "funder", options=["Small", "Large"]).counts
           CRC  Other  All
    Small    0      1    1
    Large    1      1    2
    """
    return frequencies(
        data,
        row,
        survey=survey,
        options=options,
        by=column,
        weights=weights,
        dont_know=dont_know,
        total=total,
        rule=rule,
        decimals=decimals,
        small_base=small_base,
    )


# -- multi-response --------------------------------------------------------------------------


def _binary_column(
    series: pd.Series, question: str, out: npt.NDArray[np.bool_]
) -> npt.NDArray[np.intp] | None:
    """Write one column's ticks into `out`; return per-row marker slots where markers occur."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) and not series.hasnans:
        out[:] = series.to_numpy(dtype=bool)
        return None
    if dtype.kind in "iu":
        # Plain integer columns, the common export form: read as unsigned, a negative
        # value is large, so one max() finds any value outside 0/1.
        values = series.to_numpy()
        if len(values) and values.view(values.dtype.str.replace("i", "u")).max() > 1:
            _raise_not_binary(series, ~series.isin([0, 1]), question)
        if values.dtype.itemsize == 1:  # int8 0/1 bytes are already booleans
            out[:] = values.view(np.bool_)
        else:
            np.equal(values, 1, out=out)
        return None
    coded = _binary_by_value(series)
    if coded is not None:
        out[:], slots = coded
        return slots
    return _binary_cells(series, question, out)


def _binary_cells(
    series: pd.Series, question: str, out: npt.NDArray[np.bool_]
) -> npt.NDArray[np.intp] | None:
    """:func:`_binary_column` cell by cell: any values, and the message naming bad rows."""
    is_marker = series.isin(_MARKER_LIST).to_numpy()
    is_blank = series.isna().to_numpy()
    present = ~(is_marker | is_blank)
    numeric = pd.to_numeric(series[present].astype(object), errors="coerce")
    bad = numeric.isna() | ~numeric.isin([0, 1])
    if bad.any():
        mask = np.zeros(len(series), dtype=bool)
        mask[np.flatnonzero(present)[bad.to_numpy()]] = True
        _raise_not_binary(series, pd.Series(mask, index=series.index), question)
    out[:] = False
    out[np.flatnonzero(present)[numeric.to_numpy() == 1]] = True
    slots = None
    if is_marker.any():
        slots = np.full(len(series), -2, dtype=np.intp)
        slots[is_marker] = [_MARKER_LIST.index(m) for m in series[is_marker]]
    return slots


def _binary_by_value(
    series: pd.Series,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.intp] | None] | None:
    """:func:`_binary_column` from each distinct value, read once; None if one is unusual.

    Object and categorical columns hold a handful of distinct values (0, 1, the markers):
    each is classified once and the rows take their value's class through the codes. Only
    the plain numbers 0 and 1 and the markers are classified here; anything else (text
    such as "1", True, values that are not binary) returns None, and the cell by cell
    path reads or reports it.
    """
    try:
        codes, values = _factorize(series)
    except InvalidDataError:  # True beside 1: both are ticks, read cell by cell
        return None
    if len(values) > 16:  # not a column of ticks: the cell by cell path reports it
        return None
    raw = np.add(codes, 1, dtype=np.intp)
    used = np.bincount(raw, minlength=len(values)) > 0
    # Per raw value (0: a blank cell): tick, marker slot (-2: none).
    tick = np.zeros(len(values), dtype=bool)
    slot = np.full(len(values), -2, dtype=np.intp)
    for i, value in enumerate(values[1:], start=1):
        if not used[i]:
            continue
        if isinstance(value, str) and value in _MARKER_SLOTS:
            slot[i] = _MARKER_SLOTS[value]
        elif type(value) in _PLAIN_NUMBERS and value in (0, 1):
            tick[i] = value == 1
        else:
            return None
    return tick[raw], (slot[raw] if (slot > -2).any() else None)


_MARKER_SLOTS = {marker: i for i, marker in enumerate(_MARKER_LIST)}
_PLAIN_NUMBERS = frozenset({int, float, np.int8, np.int16, np.int32, np.int64, np.float64})


def _raise_not_binary(series: pd.Series, bad: pd.Series, question: str) -> None:
    shown = list(pd.unique(series[bad.to_numpy()].astype(object)))[:10]
    rows = list(series.index[bad.to_numpy()][:20])
    msg = (
        f"question {question!r}: column {series.name!r} must be binary (0/1 or "
        f"True/False); found {shown} in rows {rows}."
    )
    hint = "Hint: for one delimited text column, pass `separator=`."
    raise MultiResponseError(f"{msg}\n\n{hint}")


def _indicator_matrix(
    data: pd.DataFrame, spec: QuestionSpec
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.signedinteger[Any]]]:
    """Ticks (options x respondents) and each row's marker slot (-2: no marker seen).

    The slots are bytes (-2..2): a full ``intp`` array would be eight times the memory.
    """
    n, k = len(data), len(spec.columns)
    ticks = np.empty((k, n), dtype=bool)  # every row is written by _binary_column
    marker_slot = np.full(n, -2, dtype=np.int8)  # a byte a row: slots are -2..2
    for j, column in enumerate(spec.columns):
        slots = _binary_column(data[column], spec.question, ticks[j])
        if slots is not None:
            np.maximum(marker_slot, slots, out=marker_slot)
    return ticks, marker_slot


def _count_ticks(
    ticks: npt.NDArray[np.bool_],
    group: npt.NDArray[np.integer[Any]],
    slots: int,
    weights: npt.NDArray[Any] | None,
) -> npt.NDArray[Any]:
    """Ticks per (option, group slot); `ticks` is options x respondents.

    A packed bit matrix and a population count per group (tracktr._kernels.count_ticks).
    """
    return _kernels.count_ticks(ticks, group, slots, weights)


def _delimited_matrix(
    data: pd.DataFrame, spec: QuestionSpec
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.signedinteger[Any]]]:
    series = data[spec.columns[0]]
    n, k = len(series), len(spec.options)
    is_marker = series.isin(_MARKER_LIST).to_numpy()
    marker_slot = np.full(n, -2, dtype=np.int8)
    marker_slot[is_marker] = [_MARKER_LIST.index(m) for m in series[is_marker]]
    answered = ~(is_marker | series.isna().to_numpy())
    text = series[answered].astype(str)
    positions = np.flatnonzero(answered)
    ticks = np.zeros((k, n), dtype=bool)
    # Each distinct cell is split once (pyarrow, all cells at once) and its ticks
    # copied to the rows that hold it: cells repeat far more often than they differ.
    cell_codes, cells = pd.factorize(text)
    split = _kernels.split_delimited(np.asarray(cells, dtype=object), spec.separator or "")
    if split is not None:
        rows, part_codes, values = split
        codes = _lookup([None, *values], spec.options)[1:][part_codes]
        if not len(codes) or ((codes >= 0) & (codes < k)).all():
            cell_ticks = np.zeros((k, len(cells)), dtype=bool)
            cell_ticks[codes, rows] = True
            whole = len(positions) == n
            for j in range(k):  # row by row: each option's ticks are contiguous
                if whole:
                    np.take(cell_ticks[j], cell_codes, out=ticks[j])
                else:
                    ticks[j, positions] = cell_ticks[j, cell_codes]
            return ticks, marker_slot
    # Unknown parts (or no pyarrow): split with pandas, which names the rows at fault.
    parts = text.str.split(spec.separator, regex=False).explode().str.strip()
    parts = parts[parts != ""]
    row_of = pd.Series(np.arange(len(text)), index=text.index)
    codes = _code_series(parts, spec.options, spec.question)
    if len(codes) and codes.max() >= k:
        # A missing marker is a whole cell, never one part among options.
        markers = sorted(set(parts[codes >= k]))
        _raise_unknown(parts, markers, spec.options, spec.question)
    ticks[codes, positions[row_of.loc[parts.index].to_numpy()]] = True
    return ticks, marker_slot


def _refuse_empty_set(
    question: str, *, columns: Sequence[str] | None, options: Sequence[str] | None
) -> None:
    """Raise for a set of no options: its table would have no rows and an empty base."""
    for name, given in (("columns", columns), ("options", options)):
        if given is not None and len(given) == 0:
            msg = (
                f"question {question!r}: a multi-response set needs at least one option; "
                f"got `{name}=[]`."
            )
            example = (
                "the set's binary columns, one per option, e.g. columns=['help_housing', "
                "'help_jobs']"
                if name == "columns"
                else "the options a cell can hold, e.g. options=['Prison', 'Community']"
            )
            hint = f"Hint: pass {example}, or leave `{name}` out to take them from the codebook."
            raise InvalidOptionError(f"{msg}\n\n{hint}")


def _slots_matrix(
    data: pd.DataFrame, spec: QuestionSpec
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.intp]]:
    """Ticks and marker slots of category-coded slot columns, each holding one label.

    The slots are read as a set: an option in any slot is one tick (twice is still one),
    blank slots are empty places, and a missing marker in any slot is the row's marker.
    """
    n, k = len(data), len(spec.options)
    ticks = np.zeros((k, n), dtype=bool)
    marker_slot = np.full(n, -2, dtype=np.intp)
    for column in spec.columns:
        series = data[column]
        try:
            codes = _code_series(series, spec.options, spec.question)
        except UnknownValueError as error:
            hint = (
                "Hint: slot columns hold option codes until survey.prepare() turns them "
                "into labels; tabulate survey.prepare(data).data."
            )
            raise UnknownValueError(
                f"{error}\n\n{hint}", question=error.question, values=error.values, rows=error.rows
            ) from error
        option = codes < k
        ticks[codes[option], np.flatnonzero(option)] = True
        marker = ~option & ~series.isna().to_numpy()
        np.maximum(marker_slot, np.where(marker, codes - k, -2), out=marker_slot)
    return ticks, marker_slot


def _multi_matrix(
    data: pd.DataFrame, spec: QuestionSpec
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.intp]]:
    """Ticks (options x respondents) and marker slots of a set in any of its three forms."""
    if spec.slots:
        return _slots_matrix(data, spec)
    if spec.separator is None:
        return _indicator_matrix(data, spec)
    return _delimited_matrix(data, spec)


def _multi_answered(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike | None,
    columns: Sequence[str] | None,
    options: Sequence[str] | None,
    separator: str | None,
    exclusive: Sequence[str],
    empty: EmptyPolicy,
) -> tuple[
    QuestionSpec, npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.signedinteger[Any]]
]:
    """Read a multi-response set: its spec, ticks, who is in the base, and marker slots.

    :func:`multi_response` counts from this, and :func:`tracktr.compare_groups` takes
    the respondents of each base from it (Kish effective bases).
    """
    _refuse_empty_set(question, columns=columns, options=options)
    if columns is not None:
        fallback = QuestionSpec(
            question,
            "multi",
            options=tuple(options) if options is not None else tuple(columns),
            exclusive=tuple(exclusive),
            columns=tuple(columns),
        )
    else:
        if survey is None and (separator is None or options is None):
            msg = (
                f"question {question!r}: a multi-response set needs `columns` (one binary "
                "column per option) or `separator` and `options` (one delimited column)."
            )
            raise InvalidOptionError(msg)
        fallback = QuestionSpec(
            question,
            "multi",
            options=tuple(options or ()),
            exclusive=tuple(exclusive),
            columns=(question,),
            separator=separator,
        )
    spec = _spec(data, question, survey, fallback)
    _check_distinct(spec.options, question, [], what="options", separator=spec.separator)
    if spec.separator is None and not spec.slots and len(spec.columns) != len(spec.options):
        msg = (
            f"question {question!r}: {len(spec.columns)} columns for "
            f"{len(spec.options)} options; they must align one to one."
        )
        raise InvalidOptionError(msg)
    ticks, marker_slot = _multi_matrix(data, spec)
    _check_exclusive(data, spec, ticks)
    any_tick = np.asarray(ticks.any(axis=0), dtype=bool)
    answered: npt.NDArray[np.bool_] = (
        any_tick if empty == "skipped" else any_tick | (marker_slot == -2)
    )
    return spec, ticks, answered, marker_slot


def multi_response(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike | None = None,
    columns: Sequence[str] | None = None,
    options: Sequence[str] | None = None,
    separator: str | None = None,
    exclusive: Sequence[str] = (),
    by: By | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    percent_of: PercentOf = "respondents",
    empty: EmptyPolicy = "skipped",
    total: bool = True,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
    title: str | None = None,
    missing_group: str | None = None,
    slot_columns: Sequence[str] | None = None,
    codes: Mapping[Any, str] | None = None,
    true: Sequence[Any] | None = None,
    false: Sequence[Any] = (),
) -> Table:
    """Count a "tick all that apply" question: % of respondents or % of responses.

    The set is read either from one binary column per option (`columns`, aligned with
    `options`), from one text column of options joined by `separator`, from
    category-coded slot columns (`slot_columns` with the codeframe `codes`), or from yes/no coded
    columns (`columns` with the codes that mean ticked, `true`, and not ticked, `false`).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    question : str
        The question id; with `separator`, the text column.
    survey : Survey, optional
        A codebook describing the set.
    columns : sequence of str, optional
        Binary indicator columns, one per option (0/1 or True/False; blanks and the
        markers of :mod:`tracktr.missing` for respondents without an answer).
    options : sequence of str, optional
        Option labels, aligned with `columns` (defaults to the column names), or the
        options of a delimited column (required with `separator`).
    separator : str, optional
        The delimiter of a one-column set, e.g. ``";"``.
    exclusive : sequence of str
        Options that cannot be ticked with any other ("None of these"); breaking this is
        an error naming the rows.
    by, weights, total, rule, decimals, small_base, title, missing_group
        As in :func:`frequencies`; `by` may list several banners.
    percent_of : {"respondents", "responses"}, default "respondents"
        ``"respondents"``: each option as a share of the respondents who answered the set
        (shares can sum to more than 100). ``"responses"``: as a share of all ticks (a
        partition, summing to 100).
    empty : {"skipped", "answered"}, default "skipped"
        How to read a respondent who ticked nothing: as having skipped the set (left out
        of the base) or as an answer of "none" (in the base).
    slot_columns : sequence of str, optional
        Category-coded slot columns (``a1_1`` ... ``a1_6``), each holding the code of one
        answer or a blank; read with :func:`tracktr.recode.from_slots`.
    codes : mapping, optional
        With `slot_columns`: the codeframe, each code and its option label, in display order.
    true, false : sequence, optional
        With `columns`: the codes meaning ticked ("Oui", "Selected") and not ticked
        ("Non", "Not selected"), read with :func:`tracktr.recode.from_yes_no`.

    Returns
    -------
    Table
        ``partition`` is False for % of respondents: ``largest_remainder`` is refused and
        no "does not sum to 100" note is written.

    Raises
    ------
    tracktr.MultiResponseError
        If an indicator column is not binary or an exclusive option is ticked with others.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"where": ["Prison;Community", "Community", "", "<not asked>"]})
    >>> t = tt.multi_response(df, "where", options=["Prison", "Community"], separator=";")
    >>> t.counts["All"].tolist(), int(t.bases["All"])
    ([1, 2], 2)
    >>> t.percentages()["All"].tolist()
    [50.0, 100.0]
    """
    check_choice(percent_of, PercentOf, name="percent_of")
    check_choice(empty, EmptyPolicy, name="empty")
    if separator is not None and (not isinstance(separator, str) or not separator.strip()):
        msg = f"question {question!r}: `separator` must be a visible character; got {separator!r}."
        hint = 'Hint: the character between ticked options in one cell, such as ";".'
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    _refuse_empty_set(question, columns=columns, options=options)
    if not isinstance(data, pd.DataFrame) and _engine.is_engine_frame(data):
        return _engine_table(
            multi_response,
            data,
            question,
            columns=survey.spec(question).columns
            if survey is not None and columns is None
            else tuple(columns or (question,)),
            by=by,
            weights=weights,
            options={
                "survey": survey,
                "columns": columns,
                "options": options,
                "separator": separator,
                "exclusive": exclusive,
                "percent_of": percent_of,
                "empty": empty,
                "total": total,
                "rule": rule,
                "decimals": decimals,
                "small_base": small_base,
                "title": title,
            },
        )
    if slot_columns is not None or true is not None:
        from tracktr.recode._slots import coded_set

        data, columns, options = coded_set(
            data, question, slot_columns, codes, columns, true, false
        )
    if by is not None and (not isinstance(by, str) or missing_group is not None):
        from tracktr.banners import by_banners

        return by_banners(
            multi_response,
            data,
            question,
            by=by,
            missing_group=missing_group,
            survey=survey,
            columns=columns,
            options=options,
            separator=separator,
            exclusive=exclusive,
            weights=weights,
            percent_of=percent_of,
            empty=empty,
            total=total,
            rule=rule,
            decimals=decimals,
            small_base=small_base,
            title=title,
        )
    spec, ticks, answered, marker_slot = _multi_answered(
        data,
        question,
        survey=survey,
        columns=columns,
        options=options,
        separator=separator,
        exclusive=exclusive,
        empty=empty,
    )
    # Row state: 0..2 missing kinds, 3 answered. A row with no tick and no marker is
    # "skipped" (blank) unless `empty="answered"`.
    state = np.maximum(marker_slot, 0).astype(np.int8)
    state[answered] = len(_MARKER_LIST)
    grouping = _groups(data, by)
    group, groups = _narrow_slots(grouping, len(data), by), grouping.labels
    w = _weights(data, weights)
    slots = len(groups) + 1
    tick_counts = _count_ticks(ticks, group, slots, w)
    n_states = len(_MARKER_LIST) + 1
    state_counts = _count_states(state, group, n_states, slots, w)
    counts = _by_column(tick_counts, groups, by, total)
    states = _by_column(state_counts, groups, by, total)
    respondents = states[-1]
    bases = respondents if percent_of == "respondents" else counts.sum(axis=0)
    unweighted = None
    unweighted_ticks = None
    effective = None
    if w is not None:
        raw = _count_states(state, group, n_states, slots, None)
        unweighted = _by_column(raw, groups, by, total)[-1]
        unweighted_ticks = _by_column(_count_ticks(ticks, group, slots, None), groups, by, total)
        if percent_of == "respondents":
            squared = _count(state + n_states * group, n_states * slots, w * w)
            squares = _by_column(squared.reshape(slots, n_states).T, groups, by, total)[-1]
            effective = _kish(respondents, squares[None, :])
    spec = spec if title is None else dataclasses.replace(spec, title=title)
    base_text = spec.base_description or "respondents who answered"
    if empty == "answered":
        base_text += " (ticking nothing counted as an answer)"
    if percent_of == "responses":
        base_text = f"all answers given by {base_text}"
    return _table(
        places=_weight_places(w),
        spec=spec,
        counts=counts,
        bases=bases,
        excluded=states[:-1],
        unweighted=unweighted,
        unweighted_counts=unweighted_ticks,
        effective=effective,
        rows=list(spec.options),
        columns=_column_labels(groups, by, total),
        excluded_labels=list(_MISSING_KINDS),
        kind="multi",
        base_description=base_text,
        rule=rule,
        decimals=decimals,
        small_base=small_base,
        partition=percent_of == "responses",
    )


def _narrow_slots(grouping: _Groups, n: int, by: str | None) -> npt.NDArray[np.integer[Any]]:
    """Return :meth:`_Groups.slots`, as bytes when they fit; check the group values.

    Each group mask of the packed count then reads 1/8 of the memory, and the values
    are checked from the same widened codes.
    """
    if grouping.codes is None:
        return np.zeros(n, dtype=np.int8)
    raw = np.add(grouping.codes, 1, dtype=np.intp)
    if by is not None:
        grouping.check(np.bincount(raw, minlength=len(grouping.values)), by)
    lookup = grouping.lookup
    narrow = len(lookup) and lookup.max() < np.iinfo(np.int8).max
    slots: npt.NDArray[np.integer[Any]] = (lookup.astype(np.int8) if narrow else lookup)[raw]
    return slots


def _count_states(
    state: npt.NDArray[np.int8],
    group: npt.NDArray[np.integer[Any]],
    n_states: int,
    slots: int,
    weights: npt.NDArray[Any] | None,
) -> npt.NDArray[Any]:
    """Rows per (state, group slot), counted in cache-sized blocks (states x slots)."""
    # count_pairs counts (group + 1, code + 1) of raw codes: shift both down by one.
    counts = _kernels.count_pairs(
        np.subtract(state, 1, dtype=np.int8),
        np.subtract(group, 1, dtype=group.dtype),
        n_states,
        slots,
        weights,
    )
    return counts.T


def _check_exclusive(data: pd.DataFrame, spec: QuestionSpec, ticks: npt.NDArray[np.bool_]) -> None:
    for option in spec.exclusive:
        if option not in spec.options:
            msg = f"question {spec.question!r}: exclusive option {option!r} is not an option."
            raise InvalidOptionError(msg)
        j = spec.options.index(option)
        clash = ticks[j] & (ticks.sum(axis=0) > 1)
        if clash.any():
            rows = list(data.index[clash][:20])
            msg = (
                f"question {spec.question!r}: {option!r} cannot be ticked with other "
                f"options, but rows {rows} tick both."
            )
            hint = "Hint: correct those answers, or drop the option from `exclusive`."
            raise MultiResponseError(f"{msg}\n\n{hint}")


# -- grids -----------------------------------------------------------------------------------


def _check_grid_labels(
    columns: Sequence[pd.Series], spec: QuestionSpec, question: str, *, average: bool
) -> None:
    """Options, items and columns of a grid: distinct, and one item per column."""
    _check_distinct(spec.options, question, columns, what="options")
    item_labels = list(spec.items or spec.columns)
    if len(item_labels) != len(spec.columns):
        msg = (
            f"grid {question!r}: {len(item_labels)} items {item_labels} for "
            f"{len(spec.columns)} columns {list(spec.columns)}; they must align one to one."
        )
        hint = "Hint: give one item label per column, in the same order."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    _check_distinct([*item_labels, *([AVERAGE] if average else [])], question, [], what="items")
    _check_distinct(list(spec.columns), question, [], what="columns")


def grid(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike | None = None,
    columns: Sequence[str] | None = None,
    items: Sequence[str] | None = None,
    options: Sequence[Any] | None = None,
    dont_know: DontKnowPolicy = "include",
    dont_know_options: Sequence[str] = DEFAULT_DONT_KNOW,
    average: bool = False,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
    title: str | None = None,
    by: By | None = None,
    weights: str | Sequence[float] | None = None,
    total: bool = True,
    missing_group: str | None = None,
) -> Table:
    """Count a grid: several items answered on one scale, one row per item with its base.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    question : str
        The grid's id.
    survey : Survey, optional
        A codebook describing the grid.
    columns : sequence of str, optional
        One column per item.
    items : sequence of str, optional
        Item labels aligned with `columns` (defaults to the column names).
    options : sequence, optional
        The shared scale, in display order (defaults to the values found).
    dont_know, dont_know_options, rule, decimals, small_base, title
        As in :func:`frequencies`.
    average : bool, default False
        Add an ``AVERAGE`` row: the mean of the item percentages, each item weighted
        equally, as Table 2 of the 2016 report prints it. It is computed exactly (its
        "counts" are the exact mean on a common denominator) and shown as percentages only.
        Not available for weighted grids.
    by : str, tuple of str or list, optional
        Banners (as in :func:`frequencies`): the rows become (group, item) pairs, one block
        of items per group and a last block ``"All"`` (with `total`); a list of banners
        adds a first row level naming the banner. Every row keeps its own base.
    weights : str or sequence of float, optional
        Weights: counts become weighted sums, and ``unweighted_bases`` holds the number of
        respondents behind each row.
    total, missing_group
        As in :func:`frequencies`.

    Returns
    -------
    Table
        Items as rows, scale points as columns, ``percent_axis="rows"``.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"men": ["Worsened", "No change", "Worsened"],
    ...                    "women": ["Improved", "Worsened", None]})
    >>> t = tt.grid(df, "impact", columns=["men", "women"], items=["Men", "Women"],
    ...             options=["Improved", "No change", "Worsened"], average=True)
    >>> t.percentages()
             Improved  No change  Worsened
    Men           0.0       33.0      67.0
    Women        50.0        0.0      50.0
    AVERAGE      25.0       17.0      58.0
    >>> t.bases.tolist()[:2]
    [3, 2]
    """
    if columns is None and survey is None:
        msg = f"grid {question!r}: pass `columns` (one per item) or a `survey`."
        raise InvalidOptionError(msg)
    if not isinstance(data, pd.DataFrame) and _engine.is_engine_frame(data):
        return _engine_table(
            grid,
            data,
            question,
            columns=survey.spec(question).columns
            if survey is not None and columns is None
            else tuple(columns or ()),
            by=by,
            weights=weights,
            options={
                "survey": survey,
                "columns": columns,
                "items": items,
                "options": options,
                "dont_know": dont_know,
                "dont_know_options": dont_know_options,
                "average": average,
                "rule": rule,
                "decimals": decimals,
                "small_base": small_base,
                "title": title,
            },
        )
    cols = tuple(columns or ())
    fallback = QuestionSpec(
        question,
        "grid",
        options=tuple(options) if options is not None else (),
        dont_know=tuple(dont_know_options),
        columns=cols,
        items=tuple(items) if items is not None else cols,
    )
    spec = _spec(data, question, survey, fallback)
    if not spec.options:
        found: list[Any] = []
        for column in spec.columns:
            found += [o for o in _observed_options(data[column]) if o not in found]
        spec = dataclasses.replace(spec, options=tuple(found))
    # Each column is taken from the frame once (a copy of the frame's attrs every time).
    answers = [data[c] for c in spec.columns]
    _check_grid_labels(answers, spec, question, average=average)
    item_labels = list(spec.items or spec.columns)
    w = _weights(data, weights)
    if average and w is not None:
        msg = f"grid {question!r}: the AVERAGE row is not defined for a weighted grid."
        hint = "Hint: leave out `average=True`, or tabulate without weights."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if by is not None:
        from tracktr.banners import grid_by

        return grid_by(
            data,
            question,
            by=by,
            missing_group=missing_group,
            weights=w,
            total=total,
            grid=grid,
            survey=survey,
            columns=spec.columns,
            items=spec.items or spec.columns,
            options=spec.options,
            dont_know=dont_know,
            dont_know_options=dont_know_options,
            average=average,
            rule=rule,
            decimals=decimals,
            small_base=small_base,
            title=title or spec.title,
        )
    k, m = len(spec.options), len(spec.columns)
    n_codes = k + len(_MARKER_LIST)
    stacked = (
        np.concatenate(
            [
                _code_series(column, spec.options, question) + n_codes * i
                for i, column in enumerate(answers)
            ]
        )
        if m
        else np.zeros(0, dtype=np.intp)
    )
    tiled = None if w is None else np.tile(w, m)
    matrix = _count(stacked, n_codes * m, tiled).reshape(m, n_codes)
    in_base = _dont_know_rows(spec, dont_know)
    counts = matrix[:, :k][:, in_base]
    bases = counts.sum(axis=1)
    unweighted = None
    effective = None
    if w is not None and tiled is not None:
        raw = _count(stacked, n_codes * m, None).reshape(m, n_codes)
        unweighted = raw[:, :k][:, in_base].sum(axis=1)
        squares = _count(stacked, n_codes * m, tiled * tiled).reshape(m, n_codes)
        effective = None if average else _kish(bases, squares[:, :k][:, in_base].T)
    excluded = matrix[:, k:].T
    excluded_labels = list(_MISSING_KINDS)
    if not in_base.all():
        excluded = np.vstack([excluded, matrix[:, :k][:, ~in_base].sum(axis=1)])
        excluded_labels.append("dont_know")
    summary: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    if average:
        notes = (_average_note(bases),)
        counts, bases, excluded = _average_row(counts, bases, excluded)
        item_labels.append(AVERAGE)
        summary = (AVERAGE,)
    options_shown = [o for o, keep in zip(spec.options, in_base, strict=True) if keep]
    return _table(
        places=_weight_places(w),
        spec=spec if title is None else dataclasses.replace(spec, title=title),
        counts=counts,
        bases=bases,
        excluded=excluded,
        unweighted=unweighted,
        effective=effective,
        rows=item_labels,
        columns=options_shown,
        excluded_labels=excluded_labels,
        kind="grid",
        base_description=_describe_base(spec, dont_know),
        rule=rule,
        decimals=decimals,
        small_base=small_base,
        percent_axis="rows",
        summary_rows=summary,
        extra_notes=notes,
    )


def _average_note(bases: npt.NDArray[Any]) -> str:
    """Say what the AVERAGE row is; it has no respondent base, so give the items' range."""
    positive = [int(b) for b in bases if b > 0]
    if not positive:
        span = "no item has respondents"
    elif min(positive) == max(positive):
        span = f"each item's base is n={positive[0]}"
    else:
        span = f"item bases n={min(positive)} to {max(positive)}"
    empty = len(bases) - len(positive)
    left_out = (
        ""
        if not empty or not positive
        else f"; {empty} item{'s' if empty > 1 else ''} without respondents left out"
    )
    return (
        f"{AVERAGE} is the mean of the item percentages, each item weighted equally "
        f"({span}{left_out}); it has no base of its own."
    )


def _average_row(
    counts: npt.NDArray[Any], bases: npt.NDArray[Any], excluded: npt.NDArray[Any]
) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]:
    """Append the exact mean of the item shares as integers over a common denominator."""
    positive = [int(b) for b in bases if b > 0]
    common = lcm(*positive) if positive else 1
    scaled = [
        [int(c) * (common // int(b)) for c in row]
        for row, b in zip(counts.tolist(), bases.tolist(), strict=True)
        if b > 0
    ]
    mean_counts = (
        [sum(col) for col in zip(*scaled, strict=True)] if scaled else [0] * counts.shape[1]
    )
    as_object = np.vstack([counts.astype(object), np.array([mean_counts], dtype=object)])
    new_bases = np.append(bases.astype(object), common * len(positive))
    new_excluded = np.column_stack([excluded, np.zeros(len(excluded), dtype=excluded.dtype)])
    return as_object, new_bases, new_excluded


# -- dispatch and combination ----------------------------------------------------------------


def tabulate(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike,
    **options: Any,
) -> Table:
    """Tabulate any question of a codebook with the function its type calls for.

    Single and ordinal questions go to :func:`frequencies`, multi-response sets to
    :func:`multi_response`, grids to :func:`grid`; keyword options are passed on.

    Raises
    ------
    tracktr.InvalidOptionError
        For numeric and text questions, which are tabulated after recoding (bands, codes).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.spec import QuestionSpec
    >>> class Codebook:
    ...     def spec(self, question):
    ...         return QuestionSpec("role", "single", options=("Tier 2", "Tier 3"),
    ...                             columns=("role",), title="Your role?")
    >>> df = pd.DataFrame({"role": ["Tier 2", "Tier 3", "Tier 3"]})
    >>> tt.tabulate(df, "role", survey=Codebook()).title
    'Your role?'
    """
    kind = survey.spec(question).type
    if kind in ("single", "ordinal"):
        return frequencies(data, question, survey=survey, **options)
    if kind == "multi":
        return multi_response(data, question, survey=survey, **options)
    if kind == "grid":
        return grid(data, question, survey=survey, **options)
    msg = f"question {question!r} is a {kind} question, which is not tabulated directly."
    hint = "Hint: band numbers with tt.recode.band, or code text answers first."
    raise InvalidOptionError(f"{msg}\n\n{hint}")


# -- other engines ---------------------------------------------------------------------------


_ROWS = re.compile(r"in rows \[[^\]]*\]( and \d+ more)?")


def _engine_rows(message: str, data: object, columns: Sequence[str], values: Sequence[Any]) -> str:
    """Rewrite "in rows [...]" of a message about an aggregated frame for the engine frame.

    The pandas kernels counted distinct answer patterns, so the row labels they name are
    patterns, not respondents: name the engine frame's row positions where it has an
    order, or say how to find the rows where it has none (lazy frames).
    """
    found: list[int] = []
    for column in columns:
        found = _engine.positions(data, column, values) if values else []
        if found:
            break
    name = _engine.engine_name(data)
    where = (
        f"in rows {found} (0-based positions of the {name} frame)"
        if found
        else f"in some rows of the {name} frame (filter it on these values to list them)"
    )
    return _ROWS.sub(where, message)


def _engine_table(
    function: Any,
    data: object,
    question: str,
    *,
    columns: Sequence[str],
    by: Any,
    weights: str | pd.Series | Sequence[float] | None,
    options: dict[str, Any],
) -> Table:
    """Tabulate a frame of another engine: the engine counts patterns, pandas the rest.

    See :mod:`tracktr._engine`: the engine returns one row per distinct answer pattern
    with its number of respondents (and summed weights), and the pandas kernels count
    those rows with the numbers as frequency weights, which gives the same table.
    """
    if weights is not None and not isinstance(weights, str):
        msg = (
            f"question {question!r}: on a {_engine.engine_name(data)} frame, `weights` must "
            "name a column of the frame, not hold the values."
        )
        hint = "Hint: add the weights to the frame as a column and pass its name."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    if by is not None and not isinstance(by, str):
        msg = (
            f"question {question!r}: on a {_engine.engine_name(data)} frame, `by` names one "
            f"column; got {by!r}."
        )
        hint = "Hint: tabulate each banner on its own, or collect the frame to pandas first."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    keys = [*columns, *([by] if by is not None else [])]
    patterns = _engine.aggregate(
        data, keys, question=question, weights=weights, squares=weights is not None
    )
    extra: dict[str, Any] = {} if by is None else {"by": by}
    try:
        if weights is None:
            return count_patterns(function, patterns, question, **extra, **options)
        table: Table = function(patterns, question, weights=_engine.WEIGHT, **extra, **options)
        people = count_patterns(function, patterns, question, **extra, **options)
        # The same table weighted by each pattern's summed squared weights has, as its
        # bases, the sums of squared weights over each base's respondents: Kish's
        # denominator (a pattern's own Kish base would be the wrong one).
        squares: Table = function(patterns, question, weights=_engine.SQUARES, **extra, **options)
    except UnknownValueError as error:
        message = _engine_rows(str(error), data, keys, error.values)
        raise UnknownValueError(
            message, question=error.question, values=error.values, rows=()
        ) from None
    except TracktrError as error:
        message = _engine_rows(str(error), data, keys, ())
        if message == str(error):
            raise
        # Keep the error's class (an InvalidWeightsError stays one) where the message is
        # all it holds; one with attributes of its own becomes the base class.
        kind = type(error) if type(error).__init__ is TracktrError.__init__ else TracktrError
        raise kind(message) from error
    effective = pd.Series(
        _kish(table.bases.to_numpy(), squares.bases.to_numpy()[None, :]), index=table.bases.index
    )
    return dataclasses.replace(
        table, unweighted_bases=_integers(people.bases), effective_bases=effective
    )


def count_patterns(
    function: Any, patterns: pd.DataFrame, question: str, /, **options: Any
) -> Table:
    """Tabulate distinct answer patterns, each counted as often as respondents gave it.

    `patterns` holds one row per pattern and its number of respondents in the column
    :data:`tracktr._engine.COUNT`; the table is the one of the respondents themselves.
    Kernels with weights count each pattern once, weighted by its number; a kernel
    without weights counts the patterns repeated.
    """
    # A kernel without weights, or a grid's AVERAGE row (defined for unweighted grids
    # only), counts the patterns repeated: the rows come back.
    if "weights" not in inspect.signature(function).parameters or options.get("average"):
        rows = patterns.loc[patterns.index.repeat(patterns[_engine.COUNT])]
        repeated: Table = function(rows.reset_index(drop=True), question, **options)
        return repeated
    return _unweighted(function(patterns, question, weights=_engine.COUNT, **options))


def _integers(frame: Any) -> Any:
    """Turn counts summed as float frequency weights back into int64 (exact below 2**53)."""
    return frame.round().astype(np.int64)


def _unweighted(table: Table) -> Table:
    """Return a table counted with frequency weights as the unweighted table it is."""
    return dataclasses.replace(
        table,
        counts=_integers(table.counts),
        bases=_integers(table.bases),
        excluded=None if table.excluded is None else _integers(table.excluded),
        unweighted_bases=None,
        effective_bases=None,
    )


def combine(tables: Sequence[Table]) -> Table:
    """Add up tables of the same question computed on parts of the data (chunks, files).

    Counts and bases are additive, so the sum of the tables of the parts is exactly the
    table of the whole. An option or group that one part never saw counts zero there.

    Parameters
    ----------
    tables : sequence of Table
        Tables of one question, made with the same function and options.

    Returns
    -------
    Table
        The first table's settings with the summed counts, bases and exclusions.

    Raises
    ------
    tracktr.InvalidOptionError
        If the tables differ in question, kind or orientation, hold an AVERAGE row, or
        differ in their base: weighted and unweighted, or "don't know" in one base and
        not in the other.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["a", "b", "b", "a", "b"]})
    >>> parts = [tt.frequencies(df.iloc[:2], "q", options=["a", "b"]),
    ...          tt.frequencies(df.iloc[2:], "q", options=["a", "b"])]
    >>> tt.combine(parts).counts.equals(tt.frequencies(df, "q", options=["a", "b"]).counts)
    True
    """
    tables = list(tables)
    if not tables:
        msg = "combine() needs at least one table."
        raise InvalidOptionError(msg)
    strangers = [type(t).__name__ for t in tables if not isinstance(t, Table)]
    if strangers:
        msg = f"combine() adds tracktr Tables; got {strangers}."
        raise InvalidDataError(msg)
    first = tables[0]
    with_total = {TOTAL in t.counts.columns for t in tables}
    if len(with_total) > 1:
        msg = "combine(): some tables have an 'All' column and others not; they do not add up."
        hint = "Hint: tabulate every part with the same `total=`."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    shown = {(t.rule, t.decimals) for t in tables}
    if len(shown) > 1:
        msg = f"combine(): the tables round differently {sorted(shown)}; which would the sum use?"
        hint = "Hint: tabulate every part with the same `rule=` and `decimals=`."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    for other in tables:
        if (other.question, other.kind, other.percent_axis, other.partition) != (
            first.question,
            first.kind,
            first.percent_axis,
            first.partition,
        ):
            msg = (
                f"tables of {first.question!r} ({first.kind}) and {other.question!r} "
                f"({other.kind}) differ in question or kind and cannot be added."
            )
            raise InvalidOptionError(msg)
        if other.summary_rows:
            msg = "tables with an AVERAGE row cannot be added; combine first, then average."
            raise InvalidOptionError(msg)
        _check_same_base(first, other)
    rows = _union([t.counts.index for t in tables], last=None)
    columns = _union([t.counts.columns for t in tables], last=TOTAL)
    along = columns if first.percent_axis == "columns" else rows

    def total(parts: Sequence[pd.DataFrame | pd.Series | None], index: pd.Index) -> Any:
        if any(p is None for p in parts):
            return None
        aligned = [
            p.reindex(index, fill_value=0)
            if isinstance(p, pd.Series)
            else p.reindex(columns=index, fill_value=0)
            for p in parts
            if p is not None
        ]
        out = aligned[0]
        for part in aligned[1:]:
            out = out.add(part, fill_value=0)
        return out

    counts = total(
        [t.counts.reindex(index=rows, columns=columns, fill_value=0) for t in tables], columns
    )
    excluded_parts = [t.excluded for t in tables]
    excluded = total(excluded_parts, along)
    if excluded is not None:
        reasons = _union([e.index for e in excluded_parts if e is not None], last=None)
        excluded = excluded.reindex(reasons, fill_value=0)
    bases = total([t.bases for t in tables], along)
    return dataclasses.replace(
        first,
        counts=counts,
        bases=bases,
        unweighted_bases=total([t.unweighted_bases for t in tables], along),
        unweighted_counts=total(
            [
                None
                if t.unweighted_counts is None
                else t.unweighted_counts.reindex(index=rows, columns=columns, fill_value=0)
                for t in tables
            ],
            columns,
        ),
        excluded=excluded,
        effective_bases=_combined_effective(tables, bases, along),
    )


def _combined_effective(tables: Sequence[Table], bases: pd.Series, along: pd.Index) -> Any:
    """Kish bases of the whole from those of disjoint parts: their sums of squares add.

    A part's ``sum(w ** 2)`` is ``base ** 2 / effective``; the whole's effective base is
    its base squared over the parts' sums. None if a part has none.
    """
    if any(t.effective_bases is None for t in tables):
        return None
    squares = pd.Series(0.0, index=along)
    for t in tables:
        assert t.effective_bases is not None
        base = t.bases.astype(np.float64)
        effective = t.effective_bases.reindex(base.index).astype(np.float64)
        part = (base * base / effective).where(effective > 0, 0.0)
        squares = squares.add(part.reindex(along, fill_value=0.0), fill_value=0.0)
    whole = bases.astype(np.float64)
    return (whole * whole / squares).where(squares > 0, 0.0)


def _excludes_dont_know(table: Table) -> bool:
    return table.excluded is not None and "dont_know" in table.excluded.index


def _check_same_base(first: Table, other: Table) -> None:
    """Refuse to add tables whose counts are not of the same kind of base."""
    if first.weighted != other.weighted:
        msg = (
            f"tables of {first.question!r}: one is weighted and one is not, so their counts "
            "(weighted sums and respondents) cannot be added."
        )
        hint = "Hint: tabulate every part with the same `weights=` (a column of 1s for none)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if _excludes_dont_know(first) != _excludes_dont_know(other) or (
        first.base_description != other.base_description
    ):
        msg = (
            f"tables of {first.question!r} have different bases: {first.base_description!r} "
            f"and {other.base_description!r}; a sum would mix them."
        )
        hint = "Hint: tabulate every part with the same `dont_know=` and base options."
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _union(indexes: Sequence[pd.Index], *, last: str | None) -> pd.Index:
    """Labels of several indexes in first-seen order, with `last` (the total) kept last."""
    seen: list[Hashable] = []
    for index in indexes:
        seen += [label for label in index if label not in seen]
    if last is not None and last in seen:
        seen = [label for label in seen if label != last] + [last]
    return pd.Index(seen)

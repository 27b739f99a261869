"""What every question kind shares: resolving the question, coding answers, groups, weights.

The pieces :func:`tracktr.frequencies`, :func:`tracktr.multi_response` and
:func:`tracktr.grid` all count with: the question's spec and columns, answers turned into
integer codes (with unknown values refused), the groups of ``by=``, weights checked and
aligned, and the :class:`~tracktr.Table` assembled from counted arrays.
"""

from __future__ import annotations

import functools
import weakref
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Concatenate, Literal, NamedTuple, NoReturn, ParamSpec, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr import _kernels
from tracktr._columns import refuse_a_set, refuse_repeated_columns
from tracktr._engine import is_internal, is_patterns, native_frame
from tracktr._group_labels import numbers_in_order, refuse_case_twins
from tracktr._numbers import (
    WEIGHT_RANGE,
    refuse_truth_clash,
    refuse_weight_range,
    rows_holding,
    truth_clashes,
    typed,
    whole_number,
)
from tracktr._numeric_cells import refuse_coded_groups
from tracktr._pooled import with_pool_facts
from tracktr._table_arrays import Parts
from tracktr._text import a_kind, folded_label, printed_label, unicode_text
from tracktr.exceptions import (
    InvalidDataError,
    InvalidOptionError,
    InvalidWeightsError,
    QuestionNotFoundError,
    TracktrError,
    UnknownValueError,
    rows_named,
)
from tracktr.missing import DONT_KNOW, MARKERS, SKIPPED, is_dont_know
from tracktr.spec import QuestionSpec
from tracktr.table import Table
from tracktr.tabulate._memo import ByIdentity, Passed
from tracktr.typing import DontKnowPolicy, RoundingRule, check_choice

DEFAULT_DONT_KNOW: tuple[str, ...] = DONT_KNOW
TOTAL = "All"
AVERAGE = "AVERAGE"
BASE = "Base"
"""The label of the row (or, for row percentages, the column) of bases every table writes."""
PercentOf = Literal["respondents", "responses"]
By = str | tuple[str, ...] | list[str | tuple[str, ...]]
"""A ``by=`` argument: a column, a nested tuple of columns, or a list of banners."""
EmptyPolicy = Literal["skipped", "answered"]

# Codes after the options: one slot per missing kind, in the order of MARKERS.
_MISSING_KINDS: tuple[str, ...] = tuple(MARKERS.values())
_MARKER_LIST: tuple[str, ...] = tuple(MARKERS)
# The fixed work of a table, kept for the next table of the same column and options
# (tracktr.tabulate._memo): each categories Index listed (and its options), each
# lookup of its values, the text options that passed their checks.
_CATEGORY_VALUES = ByIdentity()
_KEPT_CATEGORIES = 1000  # more are listed anew: their table costs more than the listing
_LOOKUPS = ByIdentity()
_DISTINCT = Passed()


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
    refuse_repeated_columns(data.columns, columns, what=f"question {question!r}")


MISSING_TEXT: frozenset[str] = frozenset({"nan", "NaN", "None", "<NA>", "NaT", "null", "NULL"})
"""Text that spells a missing value: what ``str()`` (``.map(str)``, numpy's ``astype(str)``,
pandas' before 3.0) makes of NaN, None, pd.NA and NaT, and the nulls of JSON and SQL
exports. Never read as an answer unless declared an option."""


def _observed_options(
    series: pd.Series, question: str, *, what: str = "answers"
) -> tuple[Any, ...]:
    """Return the answers (or groups) found in a column: the options when none are declared.

    The one place where undeclared values become answers; text that spells a missing value
    (:data:`MISSING_TEXT`) is refused here rather than counted as an answer. Whole floats
    are returned as integers (:func:`~tracktr._numbers.whole_number`).
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        # Kept per categories Index: iterating an Arrow-backed one costs about 10 µs.
        categories = series.array.categories
        observed = _CATEGORY_VALUES.get(categories, "observed")
        if observed is None:
            observed = tuple(whole_number(c) for c in categories if c not in MARKERS)
            if len(categories) <= _KEPT_CATEGORIES:
                _CATEGORY_VALUES.put(categories, "observed", observed)
        found: tuple[Any, ...] = observed
    else:
        try:
            values = series[~(series.isna() | series.isin(_MARKER_LIST))].unique()
        except TypeError:  # unhashable cells: lists, dicts, sets
            _raise_unhashable(series)
        try:
            found = tuple(sorted(values))
        except TypeError:
            found = tuple(values)
        # Codes 0 and 1 read as floats (a blank made the column float) print "0" and "1",
        # as typed; they still find their cells (1 == 1.0, and both hash alike).
        found = tuple(map(whole_number, found))
        # Number text ("2", "12", "101") in numeric order; "12" and "12.0" refused.
        found = tuple(numbers_in_order(series, found, question, what=what))
    refuse_missing_text(series, found, question)
    return found


def refuse_missing_text(series: pd.Series, found: Sequence[Any], question: str) -> None:
    """Raise if a column holds text spelling a missing value ("nan") as an undeclared answer.

    Such text is what a blank becomes through ``str()`` or an export: counted, it
    would be an answer no respondent gave. A declared option of that text ("None" as the
    answer to "How many?") is never looked at here.
    """
    spelt = [v for v in found if isinstance(v, str) and v in MISSING_TEXT]
    if not spelt:
        return
    held = series.isin(spelt).to_numpy(dtype=bool)
    if not held.any():  # an unused category: no answer, and so no row to count
        return
    rows = tuple(series.index[held][:20])
    more = "" if held.sum() <= 20 else f" and {int(held.sum()) - 20} more"
    column = "" if series.name in (None, question) else f" (column {series.name!r})"
    msg = (
        f"question {question!r}{column}: the text {spelt} in rows {list(rows)}{more} is how a "
        "missing value reads once written out as text (str(), .map(str), a CSV or JSON "
        "export), "
        "so it is not counted as an answer."
    )
    hint = (
        "Hint: if these cells hold no answer, make them missing, e.g. "
        f"data[col].replace({dict.fromkeys(spelt)!r}); if it is a real answer, declare "
        "the options (options=[...] or in the codebook), and it is counted as one."
    )
    raise UnknownValueError(f"{msg}\n\n{hint}", question=question, values=tuple(spelt), rows=rows)


def _blank_label(label: object) -> bool:
    if label is None or label is pd.NA or label is pd.NaT:
        return True
    return isinstance(label, float | np.floating) and bool(np.isnan(label))


_RESERVED: dict[str, tuple[str, ...]] = {"options": (BASE,), "items": (BASE,)}
"""Labels that a table's own rows or columns take, by what is labelled (see _check_distinct)."""

_RESERVED_WHAT: dict[str, str] = {
    BASE: "the base (n) that every table prints beside its percentages (a 'Base' row, or a "
    "'Base' column for a grid), so a reader could not tell the one from the other",
    AVERAGE: "the AVERAGE row that average=True adds, so a reader could not tell the item "
    "from the mean of the items",
}


def _check_distinct(
    labels: Sequence[Any],
    question: str,
    series: Sequence[pd.Series],
    *,
    what: str,
    separator: str | None = None,
    reserved: Sequence[str] | None = None,
) -> None:
    """Raise if labels repeat, name a missing marker, hold the separator, or print alike.

    Options and items may not be labelled like a row or column the table writes itself:
    `reserved` (by default ``"Base"`` for options and items, nothing for other labels),
    compared as printed and regardless of case. Text labels that passed with a separator
    pass again (`series` only names rows in the errors): a survey checks the same options
    for table after table.
    """
    taken = tuple(_RESERVED.get(what, ()) if reserved is None else reserved)
    # Only a few labels (as the lookups, at most _KEPT_CATEGORIES): a key holds them all,
    # and the labels of a respondent id's categories, met once, held megabytes a table.
    text = len(labels) <= _KEPT_CATEGORIES and all(type(label) is str for label in labels)
    passed = (tuple(labels), separator, taken) if text else None
    if passed is not None and passed in _DISTINCT:
        return
    _check_labels(labels, question, series, what=what, separator=separator)
    _refuse_reserved(labels, question, series, what=what, reserved=taken)
    if passed is not None:
        _DISTINCT.add(passed)


def _refuse_reserved(
    labels: Sequence[Any],
    question: str,
    series: Sequence[pd.Series],
    *,
    what: str,
    reserved: Sequence[str],
) -> None:
    """Raise if a label prints like one of `reserved` (spaces collapsed, any case).

    A table prints its bases in a row (or column) ``"Base"``, and a grid's mean of the
    items in a row ``"AVERAGE"``: an option or item of that name would sit beside it, and
    the reader could not tell which is which.
    """
    folded = {folded_label(name): name for name in reserved}
    for name in dict.fromkeys(
        folded[folded_label(label)] for label in labels if folded_label(label) in folded
    ):
        clashing = [label for label in labels if folded_label(label) == folded_label(name)]
        rows: list[Hashable] = []
        for column in series:
            rows += list(column.index[column.isin(clashing).to_numpy(dtype=bool)][:5])
        where = f" (in rows {rows[:5]})" if rows else ""
        like = _RESERVED_WHAT[name]
        msg = f"question {question!r}: {what} {clashing} labelled like {like}{where}."
        new = f"{printed_label(clashing[0])} (answer)"
        hint = (
            f"Hint: relabel the option, e.g. data[column].replace({{{clashing[0]!r}: {new!r}}}), "
            "and use the new label in `options=` or the codebook."
            if what == "options"
            else f"Hint: relabel the {what.rstrip('s')} in `{what}=` or the codebook, e.g. "
            f"{printed_label(clashing[0]) + ' (item)'!r}."
        )
        error = InvalidOptionError(f"{msg}\n\n{hint}")
        error.values = tuple(clashing)  # (another engine's frame names their rows from them)
        raise error


def _check_labels(
    labels: Sequence[Any],
    question: str,
    series: Sequence[pd.Series],
    *,
    what: str,
    separator: str | None = None,
) -> None:
    """:func:`_check_distinct`, every time (the reserved labels apart)."""
    text = all(type(label) is str for label in labels)
    # Labels that are all text (the common case) cannot be booleans, numbers or blanks.
    repeated = (
        [label for label, n in Counter(labels).items() if n > 1]
        if text
        else [label for (_, label), n in Counter(map(typed, labels)).items() if n > 1]
    )
    markers = [label for label in labels if isinstance(label, str) and label in MARKERS]
    # A blank is a skipped answer, never an option: as one it would head an empty row.
    blanks = [] if text else [label for label in labels if _blank_label(label)]
    # Text of spaces or nothing prints as no label at all: a row (or column) with no name.
    empty = [label for label in labels if isinstance(label, str) and not label.strip()]
    split = [
        label
        for label in labels
        if separator and isinstance(label, str) and separator.strip() and separator.strip() in label
    ]
    truths, numbers = ([], []) if text else truth_clashes(labels)
    # A lone surrogate: the table's labels (pyarrow text) could not hold it, and the table
    # failed with a bare UnicodeEncodeError when first read.
    invalid = [label for label in labels if isinstance(label, str) and not unicode_text(label)]
    if repeated or markers or split or truths or blanks or empty or invalid:
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
        if empty:
            empty_rows = [r for column in series for r in column.index[column.isin(empty)][:5]]
            where = f" in rows {empty_rows[:5]}" if empty_rows else ""
            problems.append(
                f"{empty} empty text{where}, which would print with no label (to read "
                "such cells as no answer: data[col].replace(r'^\\s*$', None, regex=True))"
            )
        if split:
            problems.append(
                f"{split} containing the separator {separator!r}, so they cannot be told "
                "apart from several ticked options"
            )
        problems.extend(_not_unicode(invalid, series))
        msg = f"question {question!r}: {what} {'; '.join(problems)}."
        hint = (
            "Hint: list each option once, leave blanks (None, NaN) and the markers of "
            "tracktr.missing out of the options, and choose a separator no option contains."
        )
        error = InvalidOptionError(f"{msg}\n\n{hint}")
        # The rows named are those of the empty text: another engine's frame names its
        # own rows from these values (the kernel saw only distinct answer patterns).
        error.values = tuple(empty)
        raise error
    by_text: dict[str, list[Any]] = {}
    for label in labels:
        by_text.setdefault(printed_label(label), []).append(label)
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
        "Hint: make them one value first, e.g. data[col].str.strip() for stray spaces, "
        "data[col].astype(str) for numbers stored both as numbers and as text, or "
        "data[col].str.normalize('NFC') for accented letters written two ways."
    )
    raise UnknownValueError(
        f"{msg}\n\n{hint}",
        question=question,
        values=tuple(v for values in clashes for v in values),
        rows=(),
    )


def _not_unicode(invalid: list[str], series: Sequence[pd.Series]) -> list[str]:
    """Say which labels hold a lone surrogate, and in which rows of `series` (none: [])."""
    if not invalid:
        return []
    # Compared as objects: isin() of pyarrow text would encode the labels, and fail.
    rows = [
        r
        for column in series
        for r in column.index[
            pd.Series(column.to_numpy(dtype=object), dtype=object).isin(invalid).to_numpy()
        ][:5]
    ]
    where = f" in rows {rows[:5]}" if rows else ""
    problem = (
        f"{invalid} holding text that is not valid Unicode{where} (a lone surrogate, as a "
        "file read with errors='surrogateescape' leaves), which no table, CSV or Excel file "
        "can hold (read the file with its real encoding, e.g. encoding='cp1252', or replace "
        "the characters: data[col].str.encode('utf-8', 'replace').str.decode('utf-8'))"
    )
    return [problem]


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
    _refuse_other_kind(spec, question, fallback.type)
    _require_columns(data, spec.columns, question)
    return spec


# What each tabulation counts, and the codebook's kinds of question it cannot count so.
_OTHER_KINDS: dict[str, tuple[str, ...]] = {
    "single": ("multi", "grid"),
    "multi": ("single", "ordinal", "grid", "numeric", "text"),
    "grid": ("multi",),
}
_FUNCTION_FOR = {"multi": "tt.multi_response", "grid": "tt.grid", "numeric": "tt.summarise"}


def _refuse_other_kind(spec: QuestionSpec, question: str, counted: str) -> None:
    """Raise if the codebook's question is of a kind this tabulation cannot count.

    ``frequencies()`` of a grid counted its first item alone under the whole question's
    title (the other items' answers gone, no error); of a multi-response set it refused
    its ticks as unknown options.
    """
    if spec.type not in _OTHER_KINDS.get(counted, ()):
        return
    function = _FUNCTION_FOR.get(spec.type, "tt.frequencies")
    kind = {"single": "single-choice", "multi": "multi-response"}.get(counted, counted)
    msg = (
        f"question {question!r} is {a_kind(spec.type)} question in the codebook "
        f"({len(spec.columns)} column(s): {list(spec.columns)[:5]}), which this table "
        f"cannot count: it counts {a_kind(kind)} question."
    )
    hint = f"Hint: tabulate it with {function}(data, {question!r}, survey=survey)."
    raise InvalidOptionError(f"{msg}\n\n{hint}")


# -- coding answers --------------------------------------------------------------------------


def _factorize(series: pd.Series) -> tuple[npt.NDArray[np.integer[Any]], Sequence[Any]]:
    """Codes of the distinct values (or categories), ``-1`` for a blank cell.

    The returned values start with ``None`` for blanks, so value ``i`` belongs to code
    ``i - 1``. Categorical codes are returned as stored (often int8), without a copy, and
    their values as a tuple kept per categories Index (listing one costs more than
    counting a few thousand rows).
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        # The Categorical itself: `series.cat` builds a Series for the codes on each use.
        categorical = series.array
        categories = categorical.categories
        values = _CATEGORY_VALUES.get(categories)
        if values is None:
            values = (None, *categories.tolist())
            if len(categories) <= _KEPT_CATEGORIES:
                _CATEGORY_VALUES.put(categories, None, values)
        return categorical.codes, values
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
    markers map to -1. For the values of a categorical column (a tuple, see
    :func:`_factorize`) the lookup is kept, read-only, per options.
    """
    key = None
    if type(values) is tuple and len(values) <= _KEPT_CATEGORIES + 1:
        key = tuple((type(option), option) for option in options)  # 1 and True differ
        try:
            kept = _LOOKUPS.get(values, key)
        except TypeError:  # an unhashable option: reported where it is used
            key = None
        else:
            if kept is not None:
                return kept  # type: ignore[no-any-return]
    k = len(options)
    labels = [*options, *_MARKER_LIST]
    position: dict[Any, int] = {}
    if all(type(v) is str for v in labels) and all(type(v) is str for v in values[1:]):
        # Text only: no boolean to keep apart from a number, so the values are the keys.
        for i, label in enumerate(labels):
            position.setdefault(label, i)
        lookup = np.array([position.get(v, -1) for v in values[1:]], dtype=np.intp)
    else:
        # Keyed with the type kept: an option 1 must not claim the answer True (True == 1).
        for i, label in enumerate(labels):
            position.setdefault(typed(label), i)
        lookup = np.array([position.get(typed(v), -1) for v in values[1:]], dtype=np.intp)
    out: npt.NDArray[np.intp] = np.concatenate([[k + _MARKER_LIST.index(SKIPPED)], lookup])
    out = out.astype(np.intp)
    if key is not None:
        out.flags.writeable = False
        _LOOKUPS.put(values, key, out)
    return out


def _raise_unknown(
    series: pd.Series, values: Sequence[Any], options: Sequence[Any], question: str
) -> None:
    bad_values = list(values)
    bad = series[series.isin(bad_values)]
    rows = tuple(bad.index[:20])
    msg = (
        f"question {question!r}: value(s) {bad_values[:10]} are not among its options "
        f"{list(options)}, in rows {rows_named(bad.index)}."
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


def refuse_outside_codes(series: pd.Series, question: str) -> None:
    """Refuse a categorical column holding codes that name no category.

    ``pd.Categorical.from_codes(codes, categories, validate=False)`` keeps any code: one
    past the categories was counted as another option, or dropped, and one below -1
    raised a bare ``IndexError`` or ``ValueError``. The message names the question, the
    codes and their rows. The codes' smallest and largest are read once per column
    (:data:`_CHECKED_CODES`): pandas writes only codes of its categories into them.
    """
    if not isinstance(series.dtype, pd.CategoricalDtype):
        return
    categorical = series.array
    n = len(categorical.categories)
    if _CHECKED_CODES.within(categorical.codes, n):
        return
    codes = categorical.codes
    bad = (codes < -1) | (codes >= n)
    found = sorted(int(code) for code in np.unique(codes[bad]))
    msg = (
        f"question {question!r}: the categorical column holds code(s) {found[:10]} that name "
        f"none of its {n} categories (codes 0 to {n - 1}, -1 for a blank), in rows "
        f"{rows_named(series.index[bad])}; counting them would give answers they are not."
    )
    hint = (
        "Hint: the column was built with pd.Categorical.from_codes(..., validate=False) "
        "from codes that do not fit its categories; build it again with validate=True (the "
        "default) or from its values, and check where the codes came from."
    )
    raise InvalidDataError(f"{msg}\n\n{hint}")


class _CheckedCodes:
    """Large code arrays of categoricals found within their categories, held weakly.

    Checking 1e7 int8 codes reads 10 MB (0.7 ms, half a one-way count): done once per
    column, not once per table. An entry is keyed by the array owning the codes' memory,
    where the codes start, how many there are and the number of categories; it leaves
    when that array does (its ``id`` cannot be reused while the entry lives). pandas
    writes only codes of the categories into a Categorical, so a verdict stays true; the
    codes are only ever wrong from ``from_codes(..., validate=False)``, a new array.
    Below ``_kernels.BLOCK`` rows the check costs microseconds and is not kept.
    """

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[tuple[int, int, int, int], weakref.ref[Any]] = {}

    def within(self, codes: npt.NDArray[np.integer[Any]], n: int) -> bool:
        """Return whether every code is within ``-1..n - 1`` (kept for large arrays)."""
        owner = codes if codes.base is None else codes.base
        key = (id(owner), codes.__array_interface__["data"][0], len(codes), n)
        held = self._entries.get(key)
        if held is not None and held() is owner:
            return True
        if len(codes) and (codes.min() < -1 or codes.max() >= n):
            return False
        if len(codes) >= _kernels.BLOCK and isinstance(owner, np.ndarray):
            self._entries[key] = weakref.ref(owner, functools.partial(self._forget, key))
        return True

    def _forget(self, key: tuple[int, int, int, int], gone: object) -> None:
        """Drop the entry of an array that is no more (`gone`: its dead reference)."""
        held = self._entries.get(key)
        if held is gone:  # (not a newer entry of an array at the same address)
            del self._entries[key]


_CHECKED_CODES = _CheckedCodes()


def _code_series(series: pd.Series, options: Sequence[Any], question: str) -> npt.NDArray[np.intp]:
    """Return option codes ``0..K-1``, then ``K + i`` for the i-th missing kind, per row."""
    refuse_outside_codes(series, question)  # (lookup[raw] of a bad code: a wrong option)
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
    values: Sequence[Any]
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


def _declared_groups(survey: Any, by: str | None) -> tuple[Any, ...] | None:
    """Return the groups a codebook declares for `by`, a single or ordinal question.

    A breakdown by a codebook question has a column for each of its options, in the
    codebook's order, those no respondent gave included (as a categorical's categories
    are), and an answer outside them is an error, as it is in the question tabulated.
    ``None`` for a breakdown the codebook does not describe: its groups are the values
    found. An item of a grid is described by the grid's scale: by it, the groups were
    sorted by label ("Good" before "Poor") and a point of the scale no one gave had no
    column.
    """
    if survey is None or by is None:
        return None
    question = next((q for q in survey.questions if q.id == by), None)
    if question is None:
        grids = (q.id for q in survey.questions if q.type == "grid")
        owner = next((g for g in grids if by in survey.spec(g).columns), None)
        return None if owner is None else tuple(survey.spec(owner).options)
    if question.type not in {"single", "ordinal"}:
        return None
    return tuple(survey.spec(by).options)


def with_declared_groups(data: pd.DataFrame, by: Any, survey: Any) -> pd.DataFrame:
    """Return `data` with `by` as a categorical of the groups its codebook declares.

    For a table built from columns the codebook does not describe (the nets of a set),
    whose breakdown must still have every declared group, in order. Undeclared answers
    are refused; blanks and missing markers are in no group, as in a table. `data` is
    returned unchanged when the codebook does not describe `by`.
    """
    declared = _declared_groups(survey, by) if isinstance(by, str) else None
    if declared is None or by not in data.columns:
        return data
    coded = _code_series(data[by], declared, by)
    codes = np.where(coded < len(declared), coded, -1)
    dtype = pd.CategoricalDtype(list(declared))
    out = data.assign(**{by: pd.Categorical.from_codes(codes, dtype=dtype)})
    # The categories are the codebook's: a group spelt "None" is declared, not a blank
    # written out as text (which _observed_options refuses in an undeclared column).
    out.attrs = {**data.attrs, _DECLARED_ATTR: {**data.attrs.get(_DECLARED_ATTR, {}), by: declared}}
    return out


_DECLARED_ATTR = "tracktr_declared_groups"
"""Names the groups :func:`with_declared_groups` took from a codebook, in ``DataFrame.attrs``."""


def _groups(data: pd.DataFrame, by: str | None, survey: Any = None) -> _Groups:
    if by is None:
        return _Groups(None, None, [None], np.zeros(1, dtype=np.intp), [])
    if by not in data.columns:
        refuse_a_set(by, survey, what=f"by={by!r}")  # a set, not a missing column
    _require_columns(data, [by], by)
    series = data[by]
    refuse_coded_groups(series, survey, by)
    declared = _declared_groups(survey, by)
    if declared is None:
        declared = data.attrs.get(_DECLARED_ATTR, {}).get(by)
    labels = list(
        declared if declared is not None else _observed_options(series, by, what="groups")
    )
    _check_distinct(labels, by, [series], what="groups")
    refuse_case_twins(series, labels, by, columns=[by])  # as a tab book refuses them
    codes, values = _factorize(series)
    lookup = _lookup(values, labels)
    # Missing markers and undeclared values both land past the groups; undeclared
    # values are reported by `check` once counts show they occur.
    folded = np.where(lookup < 0, -1, np.minimum(lookup, len(labels)))
    return _Groups(series, codes, values, folded, labels)


class Counted(NamedTuple):
    """What :func:`_count_by_group` counts, folded onto (option or marker, group slot)."""

    counts: npt.NDArray[Any]
    """Counts, or weighted sums."""
    unweighted: npt.NDArray[np.int64] | None
    """With weights: the respondents."""
    squares: npt.NDArray[Any] | None
    """With weights: the squared weights summed."""
    zeros: npt.NDArray[np.int64] | None
    """With weights: the respondents weighted 0, or None where none is."""
    places: int | None = None
    """With weights: their decimal places (:func:`_weight_places`), found while counting."""


def _count_by_group(
    series: pd.Series,
    options: Sequence[Any],
    question: str,
    groups: _Groups,
    *,
    weights: WeightColumn | None,
    by: str | None,
) -> Counted:
    """Count (option code, group slot) pairs once over raw codes, then folded.

    Counting happens in the raw code space of the data, bincounts over
    ``raw_answer + n_raw * raw_group`` block by block; the small matrix of raw counts is
    then folded onto the options and groups, so no per-row remapping pass is needed. With
    weights, the unweighted counts, the sums of squared weights (for Kish's effective
    base) and the respondents weighted 0 come from the same pass, and so do the check
    of the weights (before the answers are checked, as when it came first) and their
    decimal places.
    """
    try:
        codes, values = _factorize(series)
    except TracktrError:
        if weights is not None:  # a bad weight is reported first, as when checked first
            weights.check()
        raise
    # Block by block (tracktr._kernels): the int8 codes are widened in cache, never in a
    # full-length intp copy.
    shape = (codes, groups.codes, len(values), len(groups.values))
    raw_plain = raw_squares = raw_zeros = places = None
    refuse_outside_codes(series, question)
    if groups.series is not None and by is not None:
        refuse_outside_codes(groups.series, by)
    if weights is None:
        raw_counts = _kernels.count_pairs(*shape, None)
    else:
        counted = _kernels.weighted_pairs(*shape, weights.values, low=weights.range[0])
        weights.check(counted)
        raw_counts, raw_plain, raw_squares = counted.sums, counted.plain, counted.squares
        places = counted.places
        # The engines' summed weights: a 0 is a pattern, not a respondent (zero_weighted).
        raw_zeros = None if is_internal(weights.given) else counted.zeros
    lookup = _lookup(values, options)
    used = raw_counts.sum(axis=0) if raw_plain is None else raw_plain.sum(axis=0)
    _check_known(series, values, lookup, used=used, options=options, question=question)
    if by is not None:
        groups.check(raw_counts.sum(axis=1) if raw_plain is None else raw_plain.sum(axis=1), by)
    folded = [_fold(raw, lookup, groups, options) for raw in (raw_counts, raw_plain)]
    return Counted(
        folded[0] if weights is not None else folded[0].astype(np.int64),
        None if raw_plain is None else folded[1].astype(np.int64),
        None if raw_squares is None else _fold(raw_squares, lookup, groups, options),
        None if raw_zeros is None else _fold(raw_zeros, lookup, groups, options),
        places,
    )


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
    keep = lookup >= 0
    # The (group, code) index pairs broadcast inside add.at, in the same order as the
    # cells of raw_counts (so weighted sums add up in the same order as ever).
    np.add.at(out, (lookup[keep][None, :], groups.lookup[:, None]), raw_counts[:, keep])
    return out


def _weights(
    data: pd.DataFrame, weights: str | pd.Series | Sequence[float] | None
) -> npt.NDArray[Any] | None:
    column = weight_column(data, weights)
    if column is None:
        return None
    column.check()
    return column.values


@dataclass(frozen=True)
class WeightColumn:
    """The weights of a table as floats, read but not yet checked, and how to name them.

    :meth:`check` refuses weights that are missing, negative, infinite or outside
    ``WEIGHT_RANGE`` (the messages name the rows by `rows`). A caller that counts the
    weights first may pass what that pass found (:func:`tracktr._kernels.weighted_pairs`):
    weights well within range are then accepted without reading them again.
    """

    values: npt.NDArray[np.float64]
    rows: pd.Index
    given: object  # the `weights` argument: a column's name is named in the messages

    @property
    def range(self) -> tuple[float, float]:
        """The lowest weight above 0 and the highest sum of the weights allowed."""
        # The engines' summed squared weights (tracktr._engine.SQUARES, known by its type,
        # not its text: a caller's column of that name is checked as any other) are counted
        # like weights; their range is the square of the weights' range, checked where the
        # data live.
        return (0.0, np.inf) if is_internal(self.given) else WEIGHT_RANGE

    def check(self, counted: _kernels.WeightedPairs | None = None) -> None:
        """Raise :class:`~tracktr.InvalidWeightsError` unless every weight is acceptable.

        With `counted`, the pass that counted these weights
        (:func:`tracktr._kernels.weighted_pairs`): the sum of its pairs' sums, its
        smallest weight and its smallest weight above 0 settle weights well within range.
        The sum must fall a millionth short of the range's top, which covers summing in
        another order (an error of at most ``n * 2**-53`` of the sum for fewer than 4e9
        rows, none of them negative). Anything else is checked exactly as without them.
        """
        values, weights, within = self.values, self.given, self.range
        if counted is not None and len(values) and _counted_within(counted, *within):
            return
        if len(values) and _within(values, *within):
            return
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            named = f"weights {weights!r}" if isinstance(weights, str) else "weights"
            held = rows_holding(list(self.rows[bad]), values[bad].tolist())
            msg = f"{named} must be finite and not negative; {held}."
            hint = "Hint: give every respondent a weight (0 leaves one out on purpose)."
            raise InvalidWeightsError(f"{msg}\n\n{hint}")
        if within == WEIGHT_RANGE:
            refuse_weight_range(values, self.rows)


def _counted_within(counted: _kernels.WeightedPairs, low: float, high: float) -> bool:
    """:func:`_within` from what the counting pass found (True only where it is True)."""
    with np.errstate(over="ignore", invalid="ignore"):  # a bad sum is refused after
        total = float(counted.sums.sum())
    smallest = counted.smallest
    # With 0s, no weight between 0 and `low` (as _within's pass of comparisons finds).
    return total <= high * (1 - 1e-6) and (smallest >= low or (smallest >= 0 and not counted.tiny))


def weight_column(
    data: pd.DataFrame, weights: str | pd.Series | Sequence[float] | None
) -> WeightColumn | None:
    """Read the weights of `data` (a column's name, a Series or a sequence) as floats.

    Refuses weights that are not numbers or not one per row; the values themselves are
    checked by :meth:`WeightColumn.check`.
    """
    if weights is None:
        return None
    if isinstance(weights, str):
        _require_weights_column(data, weights)
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
    return WeightColumn(values, series.index, weights)


def _require_weights_column(data: pd.DataFrame, name: str) -> None:
    """Raise unless `name` is one column of `data`, naming it as the weights."""
    # Named as a question, a missing weight column read "question 'w': column(s) ['w']
    # are not in the data" and sent the reader to the codebook instead of `weights=`.
    if name not in data.columns:
        msg = f"weights {name!r} is not a column of the data."
        hint = (
            f"Hint: pass weights= the name of the weight column; the data has columns "
            f"such as {list(data.columns)[:10]}."
        )
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    refuse_repeated_columns(data.columns, [name], what=f"weights {name!r}")


def _within(values: npt.NDArray[np.float64], low: float, high: float) -> bool:
    """Whether every weight is 0 or within [`low`, `high`], and their sum at most `high`.

    The sum is finite and within range only if every weight is (NaN fails the comparison);
    the smallest weight settles the rest unless there are zeros (common), when one pass of
    comparisons looks for a weight between 0 and `low` (a masked minimum costs 4 times as
    much).
    """
    # A sum past the float range, or NaN (inf and -inf), fails here and is reported.
    with np.errstate(over="ignore", invalid="ignore"):
        total = values.sum()
    if not total <= high:
        return False
    smallest = values.min()
    if smallest >= low:
        return True
    return bool(smallest >= 0 and not ((values > 0) & (values < low)).any())


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
    >>> from tracktr.tabulate._common import _align_to_rows
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
    # Compared as printed, in any case: " All " prints as "All", and "all" reads as it.
    alike = [g for g in groups if folded_label(g) == folded_label(TOTAL)]
    if alike:
        # Refused with total=False too: every reader of a table (compare_table, the tab
        # books, disclosure control) takes a column "All" for the whole sample, and from
        # the counts alone a group "All" cannot be told from a total.
        group = alike[0]
        clash = (
            "the table would have two columns of that name"
            if total
            else "a reader (and tt.compare_table) would take it for the total of the groups"
        )
        called = (
            f"called {TOTAL!r}" if group == TOTAL else f"{group!r}, which prints like {TOTAL!r}"
        )
        msg = f"`by={by!r}` has a group {called}, the label of the total column, so {clash}."
        hint = f"Hint: rename the group, e.g. data[{by!r}].replace({{{group!r}: 'All groups'}})."
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


EXCLUDING_DONT_KNOW = ", excluding don't know"
"""How a base description ends whose don't know answers are out of the base."""


def _describe_base(spec: QuestionSpec, dont_know: DontKnowPolicy) -> str:
    base = spec.base_description or "respondents who answered"
    if dont_know == "exclude" and any(is_dont_know(o, spec.dont_know) for o in spec.options):
        base += EXCLUDING_DONT_KNOW
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
    zero_weights: npt.NDArray[Any] | None = None,
) -> Table:
    if places is not None:
        counts, bases, excluded = (_exact(a, places) for a in (counts, bases, excluded))
    return Table._from_parts(
        Parts(
            counts=counts,
            bases=bases,
            excluded=excluded,
            unweighted=unweighted,
            unweighted_counts=unweighted_counts,
            effective=effective,
            rows=list(rows),
            columns=list(columns),
            excluded_labels=list(excluded_labels),
            percent_axis=percent_axis,
        ),
        question=spec.question,
        title=spec.title,
        kind=kind,
        percent_axis=percent_axis,
        partition=partition,
        rule=rule,
        decimals=decimals,
        base_description=base_description,
        small_base=small_base,
        summary_rows=summary_rows,
        extra_notes=extra_notes,
        zero_weights=None
        if zero_weights is None or not zero_weights.any()
        else pd.Series(
            np.asarray(zero_weights).round().astype(np.int64),
            index=pd.Index(list(columns if percent_axis == "columns" else rows)),
        ),
    )


def zero_weighted(
    weights: str | pd.Series | Sequence[float] | None, w: npt.NDArray[Any] | None
) -> npt.NDArray[np.bool_] | None:
    """Return which respondents have a weight of 0, or None where none has.

    Counted as the respondents of each base are, they give
    :attr:`tracktr.Table.zero_weights`. None too for the engines' summed weights, where a
    0 is a pattern, not a respondent
    (:func:`tracktr.tabulate._engine_branch.weighted_patterns` counts those).
    """
    if w is None or is_internal(weights):
        return None
    zero = np.asarray(w == 0)
    return zero if zero.any() else None


def _kish(bases: npt.NDArray[Any], squares: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """Kish effective bases ``sum(w) ** 2 / sum(w ** 2)``, from each base's sums of squares.

    Weights within their range (1e-150 to 1e150, summing to at most 1e150) give finite
    bases here. Only the engines' table of summed squared weights, whose own effective
    bases are never read (:func:`tracktr.tabulate._engine_branch.squares_table`), can
    square beyond the float range: 0 there, not NaN, so that the table stands.
    """
    square_sums = np.asarray(squares, dtype=np.float64).sum(axis=0)
    base = np.asarray(bases, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        kish = base * base / square_sums
    return np.where((square_sums > 0) & np.isfinite(kish), kish, 0.0)


def _dont_know_rows(spec: QuestionSpec, dont_know: DontKnowPolicy) -> npt.NDArray[np.bool_]:
    check_choice(dont_know, DontKnowPolicy, name="dont_know")
    in_base = np.ones(len(spec.options), dtype=bool)
    if dont_know == "exclude":
        in_base[[i for i, o in enumerate(spec.options) if is_dont_know(o, spec.dont_know)]] = False
    return in_base


_P = ParamSpec("_P")


def knows_rows(
    function: Callable[Concatenate[Any, _P], Table],
) -> Callable[Concatenate[Any, _P], Table]:
    """Record the rows a table is counted from: ``respondents`` of :class:`~tracktr.Table`.

    The decorated function's first argument is the frame. A pandas frame's index (every
    row passed, before any is left out as missing) is kept by reference, not copied: an
    Index is immutable. Any other frame (an engine's, read in as patterns or collected
    rows whose index numbers them, not the respondents) leaves it None. The outermost
    call sets it last, so a table built from calls on parts of the frame (a banner's
    groups) is of the frame passed.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.tabulate._common import knows_rows
    >>> from tracktr.tabulate._single import frequencies
    >>> count = knows_rows(lambda data, q: frequencies(data.head(1), q))
    >>> list(count(pd.DataFrame({"q": ["a", "b"]}, index=[3, 4]), "q").respondents)
    [3, 4]
    """

    @functools.wraps(function)
    def wrapper(data: Any, /, *args: _P.args, **kwargs: _P.kwargs) -> Table:
        data = native_frame(data)  # (a narwhals frame is read as the frame it wraps)
        _refuse_unordered(kwargs)
        data = with_pool_facts(data, kwargs.get("survey"))
        table = function(data, *args, **kwargs)
        known = isinstance(data, pd.DataFrame) and not is_patterns(data)
        if isinstance(table, Table):
            survey = kwargs.get("survey")
            if survey is not None:  # (no codebook, no [design]: nothing to look up)
                table = with_unused_design_note(table, survey, kwargs.get("weights"))
            # The table was made by this call: setting its field is not seen elsewhere.
            object.__setattr__(table, "respondents", data.index if known else None)
        return table

    return wrapper


def unused_design_notes(survey: object, weights: object, *, what: str = "table") -> tuple[str, ...]:
    """Return a note when the codebook's ``[design]`` declares weights not given as `weights`.

    A tab book and :mod:`tracktr.design` weight by the codebook's design unless told
    otherwise; a table or a summary takes only `weights`. Without this note, one codebook
    printed 40% in its tab book and 67% from ``tt.frequencies(data, q, survey=survey)``,
    unweighted with nothing to say so.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "T", "design": {"weights": "w"},
    ...     "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["a"]}]})
    >>> table = tt.frequencies(pd.DataFrame({"q": ["a"], "w": [2.0]}), "q", survey=survey)
    >>> table.notes[-1]
    "Unweighted: the codebook's [design] weights respondents by 'w', ..."
    """
    declared = getattr(survey, "design", None)
    name = declared.get("weights") if isinstance(declared, Mapping) else None
    if weights is not None or not isinstance(name, str):
        return ()
    note = (
        f"Unweighted: the codebook's [design] weights respondents by {name!r}, which this "
        f"{what} did not use (tt.tabbook and tt.design do); pass weights={name!r} to weight it."
    )
    return (note,)


def with_unused_design_note(table: Table, survey: object, weights: object) -> Table:
    """Return `table` with :func:`unused_design_notes` added once."""
    # An inner call (crosstab counts through frequencies) has added it already.
    notes = [n for n in unused_design_notes(survey, weights) if n not in table.extra_notes]
    return table.with_notes(*notes) if notes else table


# Arguments whose order is the order of the table's rows or columns.
_ORDERED = (
    "options", "items", "columns", "row_options", "column_options", "row_columns",
    "column_columns",
)  # fmt: skip


def _refuse_unordered(given: Mapping[str, Any]) -> None:
    """Raise for options, items or columns given as a set: the table would have no order.

    A set of text iterates in the order of its strings' hashes, which Python seeds anew
    in every process: the same call printed its rows in another order from run to run.
    """
    # A look at the arguments given first (one or two, as a rule), not the seven names.
    for value in given.values():
        if isinstance(value, (set, frozenset)):  # (a tuple is checked faster than a union)
            break
    else:
        return
    for name in _ORDERED:
        value = given.get(name)
        if isinstance(value, set | frozenset):
            shown = sorted(map(str, value))
            msg = (
                f"`{name}` is a {type(value).__name__}, which has no order: the table's rows "
                "or columns would come in another order from one run to the next."
            )
            hint = f"Hint: pass a list in the order to print, e.g. {name}={shown!r}."
            raise InvalidOptionError(f"{msg}\n\n{hint}")

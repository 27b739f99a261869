"""Tick-all-that-apply sets: :func:`multi_response` and the tick matrices it counts.

A set arrives as indicator columns, one delimited text column ("a;b;c") or answer slots;
each becomes one options x respondents matrix of ticks, which the kernels count by group:
boolean, a view of one-byte columns held in one block where it can be, or, for indicator
columns that must be copied, packed into bits as each column is read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr import _engine, _kernels
from tracktr._columns import refuse_unhashable_name
from tracktr._pooled import GAP_WORDS, waves_of_rows, with_shared_waves_note
from tracktr._text import unicode_text
from tracktr.exceptions import (
    InvalidDataError,
    InvalidOptionError,
    MultiResponseError,
    UnknownValueError,
    rows_named,
)
from tracktr.missing import NOT_ASKED, SKIPPED
from tracktr.spec import QuestionSpec
from tracktr.table import DEFAULT_SMALL_BASE, Table
from tracktr.tabulate._common import (
    _MARKER_LIST,
    _MISSING_KINDS,
    DEFAULT_DONT_KNOW,
    By,
    EmptyPolicy,
    PercentOf,
    SurveyLike,
    _by_column,
    _check_distinct,
    _code_series,
    _column_labels,
    _dont_know_rows,
    _factorize,
    _Groups,
    _groups,
    _kish,
    _raise_unknown,
    _spec,
    _table,
    _weight_places,
    _weights,
    knows_rows,
    refuse_outside_codes,
    zero_weighted,
)
from tracktr.tabulate._engine_branch import _engine_table, engine_columns
from tracktr.tabulate._routing import refuse_routed_out_ticks, routed_out
from tracktr.tabulate._single import _no_group_note
from tracktr.typing import DontKnowPolicy, RoundingRule, check_choice, check_survey

# -- multi-response --------------------------------------------------------------------------

# A set's ticks (options x respondents), each row's marker slot, and who ticked an option
# where reading the ticks found it (else None).
_ReadSet = tuple[
    npt.NDArray[np.bool_], npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.bool_] | None
]
# The same, its ticks packed where they were copied (_kernels.PackedTicks).
_ReadTicks = tuple[_kernels.Ticks, npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.bool_] | None]


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
    if isinstance(dtype, np.dtype) and dtype.kind == "f" and _float_ticks(series, out):
        return None
    refuse_outside_codes(series, question)  # a tick column of categories: its codes index
    coded = _binary_by_value(series)
    if coded is not None:
        out[:], slots = coded
        return slots
    return _binary_cells(series, question, out)


def _float_ticks(series: pd.Series, out: npt.NDArray[np.bool_]) -> bool:
    """Write a float column's ticks into `out` if it holds only 0, 1 and blanks (NaN).

    The form a CSV file of 0/1 columns with blank cells takes. Compared as numbers, a
    column at a time: hashing every float (:func:`_binary_by_value`) cost 33 ms a column
    at 1e6 rows, ten times the rest of a set of 50 columns. False: some other value (an
    infinity, 0.5, 2), which the other paths read or name with its rows.
    """
    values = series.to_numpy()
    np.equal(values, 1, out=out)
    # A blank is neither a tick nor a missing-kind marker: no marker slot, as by value.
    return bool((out | (values == 0) | np.isnan(values)).all())


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


def _indicator_matrix(data: pd.DataFrame, spec: QuestionSpec) -> _ReadSet:
    """Ticks (options x respondents), each row's marker slot (-2: no marker seen), who ticked.

    Who ticked an option is None unless reading the ticks found it. The slots are bytes
    (-2..2): a full ``intp`` array would be eight times the memory.
    """
    n, k = len(data), len(spec.columns)
    shared = _shared_ticks(data, spec)
    if shared is not None:
        return shared[0], np.full(n, -2, dtype=np.int8), shared[1]
    ticks = np.empty((k, n), dtype=bool)  # every row is written by _binary_column
    marker_slot = np.full(n, -2, dtype=np.int8)  # a byte a row: slots are -2..2
    for j, column in enumerate(spec.columns):
        slots = _binary_column(data[column], spec.question, ticks[j])
        if slots is not None:
            np.maximum(marker_slot, slots, out=marker_slot)
    return ticks, marker_slot, None


def _packed_indicators(data: pd.DataFrame, spec: QuestionSpec) -> _ReadTicks:
    """:func:`_indicator_matrix`, the ticks packed as each column is read when copied.

    Columns that cannot be viewed in place were copied into a boolean options x
    respondents matrix: one byte a tick, as large as one-byte columns themselves (477
    MiB for 50 options at 1e7 rows). Read into one reused column and packed, they take
    an eighth of that, and the counting packs nothing more.
    """
    n, k = len(data), len(spec.columns)
    shared = _shared_ticks(data, spec)
    if shared is not None:
        return shared[0], np.full(n, -2, dtype=np.int8), shared[1]
    marker_slot = np.full(n, -2, dtype=np.int8)
    column = np.empty(n, dtype=bool)  # every item is written by _binary_column

    def read() -> Iterator[npt.NDArray[np.bool_]]:
        for name in spec.columns:
            slots = _binary_column(data[name], spec.question, column)
            if slots is not None:
                np.maximum(marker_slot, slots, out=marker_slot)
            yield column

    return _kernels.pack_ticks(read(), k, n), marker_slot, None


def _shared_ticks(
    data: pd.DataFrame, spec: QuestionSpec
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_] | None] | None:
    """Read the set's 0/1 byte columns in place as a read-only ticks matrix, or None.

    Plain bool, int8 and uint8 columns that pandas holds in one block are viewed, not
    copied: side by side in the frame, as one slice (``to_numpy()`` of a one-block slice
    is the block itself, transposed); elsewhere, column by column when they lie at equal
    steps in one buffer (:func:`tracktr._kernels.byte_rows`). Each respondent's largest
    byte (read as unsigned: -1 is 255) checks that every value is 0 or 1, and says who
    ticked an option: returned beside the ticks (None for bool columns, which need no
    check). Such columns hold no missing-kind markers. Anything else, or a value that is
    not 0/1, is None: the copying path reads it and names the bad rows.
    """
    if not spec.columns or len(data) == 0:
        return None
    # Positions need unique labels; a repeated name elsewhere in the frame is harmless
    # (the set's own columns were checked to be unique), so those frames take the
    # column-by-column path.
    positions = (
        np.array([_position(data.columns, column) for column in spec.columns], dtype=np.intp)
        if data.columns.is_unique
        else np.full(len(spec.columns), -1)
    )
    start, stop = int(positions[0]), int(positions[0]) + len(positions)
    rows: npt.NDArray[Any] | None = None
    if start >= 0 and (positions == np.arange(start, stop)).all():
        # Sliced as an array: slicing the Series of dtypes slices its Index of column
        # names too (about 0.1 ms of Arrow-backed text in pandas 3, more than counting
        # a set of 50 columns of a thousand rows).
        dtypes = set(data.dtypes.to_numpy()[start:stop])
        if len(dtypes) != 1 or not _is_byte(dtypes.pop()):
            return None
        # One axis indexed: ``iloc[:, start:stop]`` takes pandas' tuple path, which
        # costs 4 times as much (0.2 ms against 0.04 ms for 50 columns in pandas 3).
        by_position = data.iloc(axis=1)
        # Only columns of one block: of columns side by side but held apart (each
        # assigned on its own), to_numpy() of the slice is a copy as large as they are.
        # Checked from a MiB of ticks on: below, the copy is small and the check (two
        # Series taken) cost 0.03 of 0.5 ms a table of 50 options x 1e3 rows.
        if (len(data) * (stop - start) < 1 << 20) or not _kernels.apart(
            by_position[start].to_numpy(), by_position[stop - 1].to_numpy()
        ):
            rows = by_position[start:stop].to_numpy().T
    if rows is None:
        arrays = []
        for column in spec.columns:
            series = data[column]
            if not _is_byte(series.dtype):
                return None
            arrays.append(series.to_numpy())
        rows = _kernels.byte_rows(arrays)
    if rows is None:
        return None
    ticked = None
    if rows.dtype.kind != "b":
        largest = _kernels.largest_bytes(rows)
        if largest.max() > 1:
            return None
        ticked = largest.view(np.bool_)
    ticks: npt.NDArray[np.bool_] = rows.view(np.bool_)
    ticks.flags.writeable = False  # a view of the caller's columns
    return ticks, ticked


def _position(columns: pd.Index, label: Hashable) -> int:
    """Return the position of `label` in unique `columns`, or -1 (absent, or a partial key).

    One hash lookup a label: building an Index of the labels for ``get_indexer`` costs
    more than counting a set of 50 columns of a thousand rows (0.2 ms of Arrow-backed
    text in pandas 3).
    """
    try:
        found = columns.get_loc(label)
    except (KeyError, TypeError, pd.errors.InvalidIndexError):
        return -1
    if not isinstance(found, int):
        return -1
    # get_loc finds None at a column named NaN (both missing to pandas); a label None
    # names no column but one named None, as get_indexer reads it.
    if label is None and columns[found] is not None:
        return -1
    return found


def _is_byte(dtype: Any) -> bool:
    """Whether a column's dtype is a plain numpy bool, int8 or uint8."""
    return isinstance(dtype, np.dtype) and dtype.kind in "biu" and dtype.itemsize == 1


def _count_ticks(
    ticks: _kernels.Ticks,
    group: npt.NDArray[np.integer[Any]],
    slots: int,
    weights: npt.NDArray[Any] | None,
) -> npt.NDArray[Any]:
    """Ticks per (option, group slot); `ticks` is options x respondents.

    A packed bit matrix and a population count per group (tracktr._kernels.count_ticks).
    """
    return _kernels.count_ticks(ticks, group, slots, weights)


def _factorized_as_text(
    series: pd.Series,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.object_]]:
    """Return each row's distinct cell (-1 for a blank) and the cells, as text (``str()``).

    Markers are text already; a cell of another type (a number, a boolean) is the text
    it prints as (``astype(str)``, as the cells are read one by one when a part is not
    an option), so cells equal as values but written apart stay apart.
    """
    blank = series.isna().to_numpy(dtype=bool)
    text = series.astype(str).to_numpy(dtype=object, copy=True)
    text[blank] = None
    row_cells, cells = pd.factorize(text)
    return row_cells, np.asarray(cells, dtype=object)


def _distinct_cells(series: pd.Series) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.object_]]:
    """Return each row's distinct cell (-1 for a blank) and the cells, every one text."""
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and len(series):
        # pandas' text column: its pyarrow dictionary encoding, read without pandas'
        # wrappers around it (they cost as much as the encoding of 1e4 cells).
        return _kernels.encoded_text(series.array.__arrow_array__())
    row_cells, cells = pd.factorize(series)
    distinct = np.asarray(cells, dtype=object)
    if not all(type(cell) is str for cell in distinct):
        # 1, 1.0 and True are equal and hash alike: one distinct cell to factorize, but
        # three texts ("1", "1.0", "True") to the cell-by-cell reading. Read as written.
        return _factorized_as_text(series)
    return row_cells, distinct


def _delimited_matrix(
    data: pd.DataFrame, spec: QuestionSpec
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.signedinteger[Any]]]:
    series = data[spec.columns[0]]
    n, k = len(series), len(spec.options)
    # Each distinct cell is read once (a missing marker? its parts, split by pyarrow for
    # all cells at once) and what it says copied to the rows that hold it: cells repeat
    # far more often than they differ. Blank cells take code -1.
    row_cells, distinct = _distinct_cells(series)
    cell_marker = np.array([_MARKER_SLOTS.get(cell, -2) for cell in distinct], dtype=np.int8)
    # Index -1 (a blank cell) reads the -2 appended: neither an option nor a marker.
    marker_slot = np.append(cell_marker, np.int8(-2))[row_cells]
    answered_cell = cell_marker == -2
    answered = np.append(answered_cell, False)[row_cells]
    text_cells = distinct[answered_cell]
    ticks = np.zeros((k, n), dtype=bool)
    # Options that are not text never match a part (text): pandas' path names them.
    textual = all(type(option) is str for option in spec.options)
    split = (
        _kernels.split_delimited(text_cells, spec.separator or "", spec.options)
        if textual
        else None
    )
    if split is not None:
        rows, codes = split
        if not len(codes) or codes.min() >= 0:
            m = len(text_cells)
            # One column more, of no ticks, for the rows of a blank or a marker.
            cell_ticks = np.zeros((k, m + 1), dtype=bool)
            cell_ticks[codes, rows] = True
            # Each row's column of `cell_ticks`: its cell's place among the answered
            # cells, or the last column.
            place = np.where(answered_cell, np.cumsum(answered_cell) - 1, m)
            row_place = np.append(place, m)[row_cells]
            # A cell with more parts than ticks gives an option twice ("A;A").
            repeats = np.bincount(rows, minlength=m) > cell_ticks[:, :m].sum(axis=0)
            if repeats.any():
                text = series[answered].astype(str)
                _refuse_repeated(text, repeats[row_place[answered]], spec.question)
            for j in range(k):  # row by row: each option's ticks are contiguous
                np.take(cell_ticks[j], row_place, out=ticks[j])
            return ticks, marker_slot
    # Unknown parts (or no pyarrow): split with pandas, which names the rows at fault.
    _refuse_unencodable(series, row_cells, distinct, spec.question)
    text = series[answered].astype(str)
    positions = np.flatnonzero(answered)
    parts = text.str.split(spec.separator, regex=False).explode().str.strip()
    parts = parts[parts != ""]
    row_of = pd.Series(np.arange(len(text)), index=text.index)
    codes = _code_series(parts, spec.options, spec.question)
    if len(codes) and codes.max() >= k:
        # A missing marker is a whole cell, never one part among options.
        markers = sorted(set(parts[codes >= k]))
        _raise_unknown(parts, markers, spec.options, spec.question)
    within = row_of.loc[parts.index].to_numpy()
    ticks[codes, positions[within]] = True
    repeats = np.bincount(within, minlength=len(text)) > ticks[:, positions].sum(axis=0)
    if repeats.any():
        _refuse_repeated(text, repeats, spec.question)
    return ticks, marker_slot


def _refuse_unencodable(
    series: pd.Series,
    row_cells: npt.NDArray[np.signedinteger[Any]],
    distinct: npt.NDArray[Any],
    question: str,
) -> None:
    r"""Raise for text cells that are not valid Unicode: a lone surrogate (``"\ud800"``).

    A file read with ``errors="surrogateescape"`` leaves them; Python holds them, but no
    UTF-8 text can (pyarrow's, pandas' ``astype(str)``, a CSV or Excel file): the reading
    failed with a bare ``UnicodeEncodeError``.
    """
    bad = [j for j, cell in enumerate(distinct) if isinstance(cell, str) and not unicode_text(cell)]
    if not bad:
        return
    rows = series.index[np.isin(row_cells, bad)]
    cells = [distinct[j] for j in bad[:5]]
    msg = (
        f"question {question!r}: cells {cells} (rows {list(rows[:10])}) hold text that is "
        "not valid Unicode (a lone surrogate, as a file read with errors='surrogateescape' "
        "leaves), which no table, CSV or Excel file can hold."
    )
    hint = (
        "Hint: read the file with its real encoding (e.g. encoding='cp1252'), or replace "
        f"the characters: data[{question!r}].str.encode('utf-8', 'replace').str.decode('utf-8')."
    )
    raise InvalidDataError(f"{msg}\n\n{hint}")


def _refuse_repeated(text: pd.Series, repeats: npt.NDArray[np.bool_], question: str) -> None:
    """Raise the recodings' error for a cell giving an option twice.

    Imported when needed: ``import tracktr`` leaves tracktr.recode for later.
    """
    from tracktr.recode._multi import refuse_repeated_ticks

    refuse_repeated_ticks(text, repeats, question)


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
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.signedinteger[Any]]]:
    """Ticks (options x respondents) and marker slots of a set in any of its three forms."""
    ticks, marker_slot, _ = _read_set(data, spec)
    return ticks, marker_slot


def _read_set(data: pd.DataFrame, spec: QuestionSpec) -> _ReadSet:
    """:func:`_multi_matrix`, and who ticked an option where reading the ticks found it."""
    if spec.slots:
        return (*_slots_matrix(data, spec), None)
    if spec.separator is None:
        return _indicator_matrix(data, spec)
    return (*_delimited_matrix(data, spec), None)


def _routed_slots(
    data: pd.DataFrame,
    spec: QuestionSpec,
    *,
    survey: SurveyLike,
    ticks: _kernels.Ticks,
    any_tick: npt.NDArray[np.bool_],
    marker_slot: npt.NDArray[np.signedinteger[Any]],
    patterns: bool,
) -> npt.NDArray[np.signedinteger[Any]]:
    """Read the set's routing from the data, as :func:`routed_column` does a column's.

    A respondent the routing did not ask who ticked an option is refused; one with no
    tick and no marker (or ``<skipped>``) is not asked, not skipped nor answered "none".
    `patterns`: `data` is an engine frame's answer patterns (a refusal names patterns).
    """
    out = routed_out(data, survey, spec.question)
    if out is None:
        return marker_slot
    ticked_out = out & any_tick
    if ticked_out.any():
        rows = np.flatnonzero(ticked_out)
        options = np.asarray(spec.options, dtype=object)
        chosen = _kernels.tick_columns(ticks, rows)
        joined = ["; ".join(map(str, options[chosen[:, i]])) for i in range(len(rows))]
        ticked = pd.Series(joined, name=spec.question, dtype=object)
        refuse_routed_out_ticks(
            data, ticked, ticked_out, survey, spec.question, columns=spec.columns,
            indicator=spec.separator is None and not spec.slots, patterns=patterns,
        )  # fmt: skip
    blank = (marker_slot == -2) | (marker_slot == _MARKER_LIST.index(SKIPPED))
    return np.where(out & blank, _MARKER_LIST.index(NOT_ASKED), marker_slot).astype(
        marker_slot.dtype
    )


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
    patterns: bool = False,
    dont_know_options: Sequence[str] = DEFAULT_DONT_KNOW,
) -> tuple[
    QuestionSpec, npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.signedinteger[Any]]
]:
    """Read a multi-response set: its spec, ticks, who is in the base, and marker slots.

    :func:`tracktr.compare_groups` takes the respondents of each base from it (Kish
    effective bases); :func:`multi_response` reads the same, its ticks packed where
    they are copied. `patterns`: `data` is an engine frame's answer patterns.
    """
    spec = _set_spec(
        data, question, survey=survey, columns=columns, options=options, separator=separator,
        exclusive=exclusive, dont_know_options=dont_know_options,
    )  # fmt: skip
    ticks, marker_slot, ticked = _read_set(data, spec)
    _, answered, marker_slot = _answered(
        data, spec, (ticks, marker_slot, ticked), survey=survey, empty=empty, patterns=patterns
    )
    return spec, ticks, answered, marker_slot


def _set_spec(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike | None,
    columns: Sequence[str] | None,
    options: Sequence[str] | None,
    separator: str | None,
    exclusive: Sequence[str],
    dont_know_options: Sequence[str],
) -> QuestionSpec:
    """Return a set's spec, from the codebook or the options given, checked."""
    _refuse_empty_set(question, columns=columns, options=options)
    if columns is not None:
        fallback = QuestionSpec(
            question,
            "multi",
            options=tuple(options) if options is not None else tuple(columns),
            dont_know=tuple(dont_know_options),
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
            dont_know=tuple(dont_know_options),
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
    return spec


def _read_ticks(data: pd.DataFrame, spec: QuestionSpec) -> _ReadTicks:
    """:func:`_read_set`, indicator columns that are copied packed as they are read."""
    if spec.slots or spec.separator is not None:
        return _read_set(data, spec)
    return _packed_indicators(data, spec)


def _answered(
    data: pd.DataFrame,
    spec: QuestionSpec,
    read: _ReadTicks,
    *,
    survey: SurveyLike | None,
    empty: EmptyPolicy,
    patterns: bool,
) -> tuple[_kernels.Ticks, npt.NDArray[np.bool_], npt.NDArray[np.signedinteger[Any]]]:
    """Check a set's ticks as read; return them, who is in the base and the marker slots."""
    ticks, marker_slot, ticked = read
    _check_exclusive(data, spec, ticks)
    any_tick = _kernels.any_tick(ticks) if ticked is None else ticked
    if survey is not None:
        marker_slot = _routed_slots(
            data, spec, survey=survey, ticks=ticks, any_tick=any_tick, marker_slot=marker_slot,
            patterns=patterns,
        )  # fmt: skip
    answered: npt.NDArray[np.bool_] = (
        any_tick if empty == "skipped" else any_tick | (marker_slot == -2)
    )
    return ticks, answered, marker_slot


@knows_rows
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
    dont_know: DontKnowPolicy = "include",
    dont_know_options: Sequence[str] = DEFAULT_DONT_KNOW,
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
    dont_know : {"include", "exclude"}, default "include"
        ``"exclude"`` leaves the set's "don't know" options out of the table: their lines
        are not printed, a respondent whose only ticks are "don't know" leaves the base
        (counted in ``excluded`` under ``dont_know``, and in a note), and one who ticked
        "don't know" beside other options stays in the base with those ticks (a note
        counts them). The notes count the total column's respondents, or, by groups
        with ``total=False``, each column's. ``"include"`` shows "don't know" as any
        other option.
    dont_know_options : sequence of str, default ("Don't know",)
        The "don't know" options of a set described by `columns` or `options`; a
        codebook's set uses the options it marks ``dont_know``.
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
        If an indicator column is not binary, an exclusive option is ticked with others,
        or a delimited cell gives an option twice ("A;A").

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
    check_survey(survey, optional=True)
    refuse_unhashable_name(question, function="multi_response")
    check_choice(percent_of, PercentOf, name="percent_of")
    check_choice(empty, EmptyPolicy, name="empty")
    if separator is not None and (not isinstance(separator, str) or not separator.strip()):
        msg = f"question {question!r}: `separator` must be a visible character; got {separator!r}."
        hint = 'Hint: the character between ticked options in one cell, such as ";".'
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    _refuse_empty_set(question, columns=columns, options=options)
    if not isinstance(data, pd.DataFrame) and _engine.is_engine_frame(data):
        # The engine counts the patterns of the columns read; the pandas path then reads
        # the patterns as it reads rows, every option passed on (`true=` and the slots
        # were dropped, and 0/1 read as ticks whatever they meant). The routing's columns
        # are counted too: the patterns then follow the routing as a pandas frame does.
        keys = (
            tuple(slot_columns)
            if slot_columns is not None
            else survey.spec(question).columns
            if survey is not None and columns is None
            else tuple(columns or (question,))
        )
        return _engine_table(
            multi_response,
            data,
            question,
            columns=engine_columns(data, question, survey, keys),
            by=by,
            weights=weights,
            options={
                "survey": survey,
                "columns": columns,
                "slot_columns": slot_columns,
                "codes": codes,
                "true": true,
                "false": false,
                "options": options,
                "separator": separator,
                "exclusive": exclusive,
                "percent_of": percent_of,
                "empty": empty,
                "dont_know": dont_know,
                "dont_know_options": dont_know_options,
                "total": total,
                "rule": rule,
                "decimals": decimals,
                "small_base": small_base,
                "title": title,
                "missing_group": missing_group,
            },
        )
    if slot_columns is not None or true is not None:
        from tracktr.recode._slots import coded_set

        data, columns, found = coded_set(data, question, slot_columns, codes, columns, true, false)
        # options= labels yes/no columns as it labels 0/1 ones (it was dropped for the names)
        options = options if options is not None and true is not None else found
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
            dont_know=dont_know,
            dont_know_options=dont_know_options,
            total=total,
            rule=rule,
            decimals=decimals,
            small_base=small_base,
            title=title,
        )
    spec = _set_spec(
        data, question, survey=survey, columns=columns, options=options, separator=separator,
        exclusive=exclusive, dont_know_options=dont_know_options,
    )  # fmt: skip
    # Indicator columns that are copied are packed as they are read (_read_ticks).
    ticks, answered, marker_slot = _answered(
        data, spec, _read_ticks(data, spec), survey=survey, empty=empty,
        patterns=_engine.is_internal(weights),  # an engine frame's patterns, not respondents
    )  # fmt: skip
    kept = _dont_know_rows(spec, dont_know)  # the options the table shows
    excluding = not kept.all()
    n_states = len(_MARKER_LIST) + 1 + excluding
    state, answered, split = _row_states(ticks, answered, marker_slot, kept)
    grouping = _groups(data, by, survey)
    group, groups = _narrow_slots(grouping, len(data), by), grouping.labels
    w = _weights(data, weights)
    slots = len(groups) + 1
    tick_counts = _count_ticks(ticks, group, slots, w)[kept]  # the options shown
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
        unweighted_ticks = _by_column(
            _count_ticks(ticks, group, slots, None)[kept], groups, by, total
        )
        if percent_of == "respondents":
            # Counted as the states are: ``state + n_states * group`` in the codes' own
            # int8 wrapped past 127 (from 32 groups on), a negative index or another cell.
            squared = _count_states(state, group, n_states, slots, w * w)
            squares = _by_column(squared, groups, by, total)[-1]
            effective = _kish(respondents, squares[None, :])
    # Respondents with a weight of 0 (in the answered state), as n counts respondents.
    zero_bases = None if (zeros := zero_weighted(weights, w)) is None else _by_column(
        _count_states(state[zeros], group[zeros], n_states, slots, None), groups, by, total
    )[-1]  # fmt: skip
    spec = spec if title is None else dataclasses.replace(spec, title=title)
    # Given to the table as it is built: each copy of a Table checks it again.
    people = data[_engine.COUNT] if _engine.is_internal(weights) else None
    tally = _Tally(group, slots, len(groups), by is None or total, people)
    table = _table(
        extra_notes=(
            *(() if split is None else _dont_know_notes(spec, kept, tally, split, groups)),
            # Those in the base with no group are in the total and in no column, as
            # frequencies notes: adding the columns' bases, a reader finds less than All's.
            *_no_group_note(
                (state_counts if unweighted is None else raw)[-1:],
                np.ones(1, dtype=bool),
                grouping,
                by=by,
                total=total,
            ),
        ),
        places=_weight_places(w),
        spec=spec,
        counts=counts,
        bases=bases,
        excluded=states[:-1],
        unweighted=unweighted,
        unweighted_counts=unweighted_ticks,
        effective=effective,
        zero_weights=zero_bases,
        rows=[option for option, shown in zip(spec.options, kept, strict=True) if shown],
        columns=_column_labels(groups, by, total),
        excluded_labels=[*_MISSING_KINDS, *(["dont_know"] if excluding else [])],
        kind="multi",
        base_description=_base_text(spec, empty, percent_of, excluding=excluding),
        rule=rule,
        decimals=decimals,
        small_base=small_base,
        partition=percent_of == "responses",
    )
    # by="wave" of a panel: waves sharing organisations are not independent (a note says so)
    return _with_unasked_gaps(
        with_shared_waves_note(table, data, by, rows=answered), data, spec, answered=answered,
        marker_slot=marker_slot, state=state, group=group, groups=groups, by=by, total=total,
        empty=empty, kept=kept,
    )  # fmt: skip


def _base_text(
    spec: QuestionSpec, empty: EmptyPolicy, percent_of: PercentOf, *, excluding: bool
) -> str:
    """Who is in a set's base, in words."""
    base_text = spec.base_description or "respondents who answered"
    if empty == "answered":
        base_text += " (ticking nothing counted as an answer)"
    if excluding:
        base_text += ", excluding don't know"
    if percent_of == "responses":
        base_text = f"all answers given by {base_text}"
    return base_text


def _row_states(
    ticks: _kernels.Ticks,
    answered: npt.NDArray[np.bool_],
    marker_slot: npt.NDArray[np.signedinteger[Any]],
    kept: npt.NDArray[np.bool_],
) -> tuple[
    npt.NDArray[np.int8],
    npt.NDArray[np.bool_],
    tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]] | None,
]:
    """Each row's state, the base the table counts, and who ticked don't know.

    States: 0..2 missing kinds, 3 answered. A row with no tick and no marker is "skipped"
    (blank) unless `empty="answered"` put it in `answered`. With options left out
    (`kept` False: don't know, excluded), a row whose only ticks are don't know is state 3
    ("dont_know") and the answered state is 4, and the base loses those rows (their
    ticks are all of options left out, whose counts the table drops). The last item is
    then (only don't know, don't know beside other options), else None.
    """
    state = np.maximum(marker_slot, 0).astype(np.int8)
    if kept.all():
        state[answered] = len(_MARKER_LIST)
        return state, answered, None
    only, beside = _dont_know_ticks(ticks, kept, answered)
    state[answered] = len(_MARKER_LIST) + 1
    state[only] = len(_MARKER_LIST)
    return state, answered & ~only, (only, beside)


def without_only_dont_know(
    spec: QuestionSpec, ticks: _kernels.Ticks, answered: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Return the base of ``dont_know="exclude"``: `answered` less who ticked only don't know.

    For readers of the rows of a table tabulated so (design-based letters, Kish bases).
    """
    kept = _dont_know_rows(spec, "exclude")
    if kept.all():
        return answered
    return answered & ~_dont_know_ticks(ticks, kept, answered)[0]


def _dont_know_ticks(
    ticks: _kernels.Ticks, kept: npt.NDArray[np.bool_], answered: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Respondents whose only ticks are don't know, and those who ticked it beside others.

    `ticks` is options x respondents and `kept` marks the options that are not don't know.
    Read an option at a time: ``ticks[kept]`` would copy the matrix (a view of the
    caller's columns) for one pass over it.
    """
    other = np.zeros(ticks.shape[1], dtype=bool)
    unknown = np.zeros(ticks.shape[1], dtype=bool)
    for j, shown in enumerate(kept.tolist()):
        row = _kernels.tick_row(ticks, j)  # packed ticks: unpacked an option at a time
        np.logical_or(other if shown else unknown, row, out=other if shown else unknown)
    return answered & unknown & ~other, answered & unknown & other


@dataclasses.dataclass(frozen=True, slots=True)
class _Tally:
    """Count respondents of a mask as the table's columns hold them (the total, or groups).

    The total holds everyone (those with no group too); without it, the groups' columns
    hold those with a group. `people` is an engine frame's respondents per answer pattern.
    """

    group: npt.NDArray[np.integer[Any]]
    slots: int
    groups: int
    total: bool
    people: pd.Series | None

    def __call__(self, mask: npt.NDArray[np.bool_]) -> int:
        found = self._found(mask)
        return round(float(found.sum() if self.total else found[: self.groups].sum()))

    def each(self, mask: npt.NDArray[np.bool_]) -> list[int]:
        """Count respondents of a mask in each group's column."""
        return [round(float(n)) for n in self._found(mask)[: self.groups]]

    def _found(self, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
        weights = None if self.people is None else self.people.to_numpy(dtype=np.float64)[mask]
        return np.bincount(self.group[mask], weights=weights, minlength=self.slots).astype(
            np.float64
        )


_ONLY_DONT_KNOW = ", excluded from the base."
_BESIDE_DONT_KNOW = " beside other options: they stay in the base with their other answers."
# A table of groups without a total counts each column: "Answered only Don't know,
# excluded from the base: x 1, y 1." (one number for all its columns is no column's).
_ONLY_EACH = ("Answered only ", ", excluded from the base: ")
_BESIDE_EACH = (
    "Ticked ",
    " beside other options (they stay in the base with their other answers): ",
)


def _dont_know_notes(
    spec: QuestionSpec,
    kept: npt.NDArray[np.bool_],
    tally: _Tally,
    split: tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]],
    groups: Sequence[Hashable],
) -> tuple[str, ...]:
    """Say how many respondents dont_know='exclude' took out of the base, and who stayed.

    A table with a total (or no groups) counts its total column's respondents; one of
    groups without a total counts each column's, as a sum of the groups is the count of
    no column of the table (and a trend's sum of its waves said nothing of any wave).
    """
    named = " or ".join(o for o, shown in zip(spec.options, kept, strict=True) if not shown)
    only, beside = split
    if not tally.total:
        notes = []
        for (head, middle), mask in ((_ONLY_EACH, only), (_BESIDE_EACH, beside)):
            counts = tally.each(mask)
            if any(counts):
                listed = _listed(dict(zip(groups, counts, strict=True)))
                notes.append(f"{head}{named}{middle}{listed}.")
        return tuple(notes)
    notes = []
    if n := tally(only):
        notes.append(f"{n} answered only {named}{_ONLY_DONT_KNOW}")
    if n := tally(beside):
        notes.append(f"{n} ticked {named}{_BESIDE_DONT_KNOW}")
    return tuple(notes)


def _listed(counts: Mapping[Hashable, int | str]) -> str:
    """Write each column's count after its label: "x 1, y 0"."""
    return ", ".join(f"{label} {n}" for label, n in counts.items())


def _each_form(note: str) -> tuple[str, str] | None:
    """Return a per-column don't know note's text before its counts, and the counts."""
    for head, middle in (_ONLY_EACH, _BESIDE_EACH):
        if note.startswith(head) and middle in note:
            before, _, listing = note.rpartition(middle)
            return before + middle, listing.removesuffix(".")
    return None


def is_dont_know_note(note: str) -> bool:
    """Whether a note is one of :func:`multi_response`'s notes of don't know excluded."""
    return note.endswith((_ONLY_DONT_KNOW, _BESIDE_DONT_KNOW)) or _each_form(note) is not None


def protected_dont_know_note(
    note: str, labels: Sequence[Hashable], *, threshold: int, marker: str
) -> str | None:
    """Return a don't know note with its counts of 1 to ``threshold - 1`` hidden.

    Published under disclosure control: "1 answered only Don't know" counts an
    organisation as a printed cell of 1 would. `labels` are the table's columns (a
    per-column note lists each). None: not a don't know note.
    """
    form = _each_form(note)
    if form is not None:
        before, listing = form
        try:
            counts = _read_listing(listing, labels)
        except ValueError:  # not the table's columns: hide every count
            return f"{before}{_listed(dict.fromkeys(labels, marker))}."
        shown: dict[Hashable, int | str] = {
            label: marker if 0 < n < threshold else n for label, n in counts.items()
        }
        return f"{before}{_listed(shown)}."
    if not is_dont_know_note(note):
        return None
    number, _, rest = note.partition(" ")
    return f"{marker} {rest}" if 0 < int(number) < threshold else note


def summed_dont_know_notes(
    parts: Sequence[tuple[Sequence[str], Sequence[Hashable]]], columns: Sequence[Hashable]
) -> list[str]:
    """Return the don't know notes of tables added up (:func:`tracktr.combine`).

    `parts` are each table's notes and columns. Each part's notes count its own
    respondents ("2 answered only Don't know, ..."), or each of its columns' (a table of
    groups without a total): the sum's count theirs added, column by column in the
    order of the sum's `columns`, the note of those out of the base first.
    """
    found: dict[str, int] = {}
    each: dict[str, dict[str, int]] = {}
    for notes, labels in parts:
        for note in notes:
            form = _each_form(note)
            if form is not None:
                summed = each.setdefault(form[0], {})
                for label, n in _read_listing(form[1], labels).items():
                    summed[label] = summed.get(label, 0) + n
            elif is_dont_know_note(note):
                number, _, rest = note.partition(" ")
                found[rest] = found.get(rest, 0) + int(number)
    order = sorted(found, key=lambda rest: not rest.endswith(_ONLY_DONT_KNOW))
    out = [f"{found[rest]} {rest}" for rest in order]
    for before in sorted(each, key=lambda text: not text.startswith(_ONLY_EACH[0])):
        added: dict[Hashable, int] = {label: each[before].get(str(label), 0) for label in columns}
        out.append(f"{before}{_listed(added)}.")
    return out


def _read_listing(listing: str, labels: Sequence[Hashable]) -> dict[str, int]:
    """Read "x 1, y 0" back, column by column: a label may hold ", " or a space itself."""
    out: dict[str, int] = {}
    rest = listing
    for label in map(str, labels):
        number, _, rest = rest.removeprefix(f"{label} ").partition(", ")
        out[label] = int(number)
    return out


def _with_unasked_gaps(
    table: Table,
    data: pd.DataFrame,
    spec: QuestionSpec,
    /,
    *,
    answered: npt.NDArray[np.bool_],
    marker_slot: npt.NDArray[np.signedinteger[Any]],
    state: npt.NDArray[np.int8],
    group: npt.NDArray[np.integer[Any]],
    groups: list[Hashable],
    by: str | None,
    total: bool,
    empty: EmptyPolicy,
    kept: npt.NDArray[np.bool_],
) -> Table:
    """Mark the cells of options not asked of a column's respondents as gaps, with a note.

    `answered` are the respondents in the base, the last of the row `state`s; options
    not `kept` (don't know, excluded) are not in the table and have no cells to mark.
    """
    unasked = _unasked_ticks(data, spec, answered, marker_slot)
    if unasked is not None and not kept.all():
        unasked &= kept[:, None]
    if unasked is None or not unasked.any():
        return table
    slots = len(groups) + 1
    n_states = len(_MARKER_LIST) + 1 + (not kept.all())  # as multi_response's states
    respondents = _by_column(_count_states(state, group, n_states, slots, None), groups, by, total)
    not_offered = _by_column(_count_ticks(unasked, group, slots, None), groups, by, total)
    columns = _column_labels(groups, by, total)
    gaps = _unasked_gaps(spec, data, unasked, (not_offered, respondents[-1]), columns, empty=empty)
    listed = ", ".join(dict.fromkeys(repr(option) for option, _ in gaps))
    note = f"{listed} not asked of those who answered the set in the columns marked n/a {GAP_WORDS}"
    return dataclasses.replace(table, gaps=gaps).with_notes(note)


_NOT_ASKED_SLOT = _MARKER_LIST.index(NOT_ASKED)


def _unasked_ticks(
    data: pd.DataFrame,
    spec: QuestionSpec,
    answered: npt.NDArray[np.bool_],
    marker_slot: npt.NDArray[np.signedinteger[Any]],
) -> npt.NDArray[np.bool_] | None:
    """Options x respondents: a tick cell "<not asked>" of a row that answered the set.

    Only indicator columns hold a cell per option: pooled waves write "<not asked>" in the
    column of an option a wave did not offer (:func:`tracktr.waves.pool`). Such a cell was
    read as an unticked 0 of the base. Only rows whose marker slot reaches "not asked"
    are looked at, so a set without such cells costs nothing. None when there are none.
    """
    if spec.separator is not None or spec.slots:
        return None
    suspect = np.flatnonzero(answered & (marker_slot >= _NOT_ASKED_SLOT))
    if not len(suspect):
        return None
    out = np.zeros((len(spec.columns), len(data)), dtype=bool)
    for j, column in enumerate(spec.columns):
        cells = data[column].iloc[suspect].to_numpy(dtype=object)
        out[j, suspect] = cells == NOT_ASKED
    return out if out.any() else None


def _unasked_gaps(
    spec: QuestionSpec,
    data: pd.DataFrame,
    unasked: npt.NDArray[np.bool_],
    counted: tuple[npt.NDArray[Any], npt.NDArray[Any]],
    columns: Sequence[Any],
    *,
    empty: EmptyPolicy,
) -> tuple[tuple[str, Any], ...]:
    """Return the (option, column) cells not asked of anyone in the column's base.

    An option asked of some of a column's respondents and not of others has no base of
    its own in the table (the base is the set's): refused, naming the rows.
    """
    not_offered, answered = counted
    gaps = []
    for j, option in enumerate(spec.options):
        for c, column in enumerate(columns):
            n = int(not_offered[j, c])
            if not n:
                continue
            if n == int(answered[c]):
                gaps.append((option, column))
                continue
            held = rows_named(data.index[unasked[j]])
            # "in rows [...]": an engine frame's patterns are renamed to its own rows, and
            # no count of respondents is given (an engine's rows here are patterns).
            msg = (
                f"question {spec.question!r}: option {option!r} was not asked of some of the "
                f"respondents who answered the set in column {column!r} and asked of others: "
                f"its cells hold {NOT_ASKED!r} in rows {held}, so its "
                "share of them would count those not asked as not ticking it."
            )
            waves = waves_of_rows(data, unasked[j])
            if waves:
                # Pooled waves: the rows' ids ("2024/1") hid which wave lacked the option.
                msg += f" The option was not offered in wave(s) {', '.join(map(repr, waves))}."
            hint = (
                "Hint: tabulate the groups that were asked it alike, e.g. the waves of pooled "
                "data (by='wave', total=False, or tt.waves.trend()); there the option is a "
                "gap in the columns that did not ask it."
            )
            if empty == "answered":
                # Pooled waves keep a row that ticked nothing as its wave had it (blank),
                # so with empty="answered" it counts as asked the option the wave lacked.
                hint += (
                    " With empty='answered', a row that ticked nothing has no cell saying "
                    "the option was not asked of it, and counts as asked it: tabulate "
                    "with empty='skipped' (the default), where such a row is left out."
                )
            error = UnaskedOptionError(f"{msg}\n\n{hint}")
            error.option, error.waves = option, tuple(waves)
            raise error
    return tuple(gaps)


class UnaskedOptionError(MultiResponseError):
    """An option of a set not asked of some who answered it, in one column of a table.

    Raised by the tabulation as a :class:`tracktr.MultiResponseError`; `option` and the
    `waves` of pooled rows that were not asked it let a caller that knows more (a tab
    book) say what to do in its own terms.
    """

    # Set after construction: an engine frame's tabulation re-raises an error whose
    # __init__ is TracktrError's as its own class with a rewritten message.
    option: str = ""
    waves: tuple[str, ...] = ()


def _narrow_slots(grouping: _Groups, n: int, by: str | None) -> npt.NDArray[np.integer[Any]]:
    """Return :meth:`_Groups.slots`, as bytes when they fit; check the group values.

    Each group mask of the packed count then reads 1/8 of the memory, and the values
    are checked from the same widened codes.
    """
    codes = grouping.codes
    if codes is None:
        return np.zeros(n, dtype=np.int8)
    if by is not None and (grouping.lookup < 0).any():
        # Only a value outside the groups (one a codebook does not declare) fails the
        # check: the values are counted only when there is one (a third of the counting
        # time of a set of 50 options at 1e5 rows went to this count).
        # Counted in cache-sized blocks: ``codes + 1`` as a full ``intp`` array would be
        # eight bytes a respondent (80 MB at 1e7 rows) for a column of bytes.
        used = _kernels.count_pairs(codes, None, len(grouping.values), 1, None)[0]
        grouping.check(used, by)
    lookup = grouping.lookup
    narrow = len(lookup) and lookup.max() < np.iinfo(np.int8).max
    # Raw value i + 1 is code i, and a blank's code -1 indexes the last entry: the lookup
    # rolled by one is indexed by the codes themselves, in their own (narrow) dtype.
    rolled = lookup.astype(np.int8) if narrow else lookup
    shifted = np.concatenate((rolled[1:], rolled[:1]))  # np.roll(rolled, -1), without its set-up
    last = len(shifted) - 1
    if (
        codes.dtype == np.int8
        and shifted.dtype == np.int8
        and shifted[last] >= last
        and np.array_equal(shifted[:last], np.arange(last))
    ):
        # The categories are the groups, in order (the common case): a code is its own
        # slot, and a blank's -1 (255 read unsigned) takes the last. One pass over the
        # bytes, where taking the slots widened every code to intp (80 MB and 72 of
        # 322 ms of a set of 50 options at 1e7 rows).
        in_order: npt.NDArray[np.int8] = np.minimum(
            codes.view(np.uint8), shifted[last].astype(np.uint8)
        ).view(np.int8)
        return in_order
    slots: npt.NDArray[np.integer[Any]] = _kernels.looked_up(shifted, codes)
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


def _check_exclusive(data: pd.DataFrame, spec: QuestionSpec, ticks: _kernels.Ticks) -> None:
    twice = None
    for option in spec.exclusive:
        if option not in spec.options:
            msg = f"question {spec.question!r}: exclusive option {option!r} is not an option."
            raise InvalidOptionError(msg)
        j = spec.options.index(option)
        if twice is None:  # who ticked two options or more, found once for every option
            twice = _kernels.ticked_twice(ticks)
        clash = _kernels.tick_row(ticks, j) & twice
        if clash.any():
            rows = list(data.index[clash][:20])
            msg = (
                f"question {spec.question!r}: {option!r} cannot be ticked with other "
                f"options, but rows {rows} tick both."
            )
            hint = "Hint: correct those answers, or drop the option from `exclusive`."
            raise MultiResponseError(f"{msg}\n\n{hint}")

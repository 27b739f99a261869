"""Plain CSV response files read against a codebook, whole or in bounded chunks."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import EllipsisType
from typing import Any, overload

import numpy as np
import pandas as pd

from tracktr._numbers import parse_number
from tracktr.exceptions import (
    InvalidOptionError,
    InvalidWeightsError,
    ReadError,
    SurveyValidationError,
)
from tracktr.io._cells import CSV_SUFFIXES, EXCEL_SUFFIXES, _records, read_cells, read_workbook
from tracktr.io._compact import PreparedCells, prepare_chunk
from tracktr.io._files import existing_file, prepare_file
from tracktr.io._seen import Numbers, SpilledIds, partitions_for, whole_numbers
from tracktr.survey import (
    GridQuestion,
    MultiQuestion,
    OrdinalQuestion,
    Prepared,
    SingleQuestion,
    Survey,
)
from tracktr.survey._checks import IdPlaces
from tracktr.survey._validate import _message, id_failures_on_lines
from tracktr.table import Table
from tracktr.tabulate import combine, tabulate

__all__ = ["read_csv", "tabulate_csv"]

_HELD_TABLES = 16
"""Tables of chunks held per question before they are added up (combine() is exact)."""
_TICKS = {"1": 1, "1.0": 1, "true": 1, "0": 0, "0.0": 0, "false": 0}
_ID_ROWS = 1 << 16
"""Ids read at a time by the first pass of a chunked read (one column: a few MB at most)."""


def _numbers(survey: Survey, raw: pd.DataFrame) -> Numbers | None:
    """Return the respondent ids as whole numbers (tracktr.io._seen), if every one is."""
    rid = survey.respondent_id
    return whole_numbers(raw[rid]) if rid in raw.columns else None


def _convert(
    survey: Survey,
    raw: pd.DataFrame,
    *,
    numbers: Numbers | EllipsisType | None = ...,
    chunked: bool = False,
) -> pd.DataFrame:
    """Turn text cells into what prepare() validates: ids as integers, ticks as 1/0.

    Ids become integers when every one is a whole number (tracktr.io._seen), so that
    validation refuses one number written twice; the readers then give back the ids as
    written (:func:`_ids_as_written`). A chunk
    keeps them as text when two of its texts are one number (``"03"`` and ``"3"``):
    whether they are one respondent depends on the rest of the file, which
    :class:`~tracktr.io._seen.SpilledIds` decides once the file is read.
    """
    if numbers is ...:  # (scan() converts the patterns it reads with this function too)
        numbers = _numbers(survey, raw)
    data = raw.copy(deep=False)  # (copy-on-write: setting a column leaves `raw` as it is)
    rid = survey.respondent_id
    # numbers is None when the id column is absent (validation names it) or holds text.
    if numbers is not None and not (chunked and numbers.merges(data[rid])):
        data[rid] = pd.Series(numbers.values, index=data.index, dtype="int64")
    elif rid in data.columns and data[rid].dtype != object:  # ids read as Arrow text
        data[rid] = data[rid].astype(object)
    for question in survey.questions:
        if isinstance(question, MultiQuestion) and question.form == "indicator":
            for column in question.columns:
                if column in data.columns:
                    data[column] = _ticks(data[column])
    return data


def _ticks(column: pd.Series) -> pd.Series:
    """Tick text as 1/0 (blank as None), reading each distinct cell once."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    if not all(type(u) is str for u in uniques):  # cells of other types: one by one
        return pd.Series([_tick(v) for v in column.tolist()], index=column.index, dtype=object)
    converted = np.empty(len(uniques) + 1, dtype=object)
    converted[:-1] = [_tick(u) for u in uniques]
    cells = converted[codes]
    missing = np.flatnonzero(codes < 0)
    cells[missing] = column.to_numpy(dtype=object)[missing]  # kept as they are
    return pd.Series(cells, index=column.index, dtype=object)


def _tick(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    return _TICKS.get(text.casefold(), value)


def _ids_are_numbers(path: str | os.PathLike[str], rid: str, *, encoding: str, sep: str) -> bool:
    """Return whether every respondent id of the file is a whole number (a first pass).

    Reading whole, ``read_csv`` gives integer ids when every id of the file is a whole
    number, else text ids. A chunk cannot tell from its own ids: chunks of ``1, 2`` then
    ``R3`` gave ``1`` and ``2`` as integers and ``"R3"`` as text, where the whole read
    gives ``"1"``, ``"2"``, ``"R3"``. So a chunked read first reads the id column alone
    (stopping at the first id that is no whole number) and every chunk follows the
    file's verdict. Memory stays one block of ids.
    """
    frames = read_cells(
        path,
        chunksize=_ID_ROWS,
        encoding=encoding,
        sep=sep,
        excel=False,
        arrow_text={rid},
        columns={rid},
    )
    with contextlib.closing(frames):  # stopping early ends pyarrow's reading thread now
        for frame in frames:
            if rid not in frame.columns:  # validation names the absent column
                return False
            if len(frame) and whole_numbers(frame[rid]) is None:
                return False
    return True


def _prepared_chunks(
    path: str | os.PathLike[str],
    survey: Survey,
    *,
    chunksize: int | None,
    allow_extra_columns: bool,
    encoding: str,
    sep: str,
) -> Iterator[pd.DataFrame]:
    rid = survey.respondent_id
    with tempfile.TemporaryDirectory(prefix="tracktr-ids-") as directory:
        # Ids go to partition files on disk, checked once the file is read: memory stays
        # one chunk and one partition however long the file (tracktr.io._seen).
        seen = SpilledIds(directory, partitions=partitions_for(_size(path)))
        # Columns of options are read as categoricals of their text (when pyarrow reads
        # the file): prepare() and validate() then classify each distinct text once.
        options = [
            column
            for question in survey.questions
            if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion)
            for column in question.columns
        ]
        cells = read_cells(
            path,
            chunksize=chunksize,
            encoding=encoding,
            sep=sep,
            excel=False,
            categorical=frozenset(options),
            arrow_text={rid},  # cast to numbers by pyarrow, without a str object per id
        )
        # In chunks, ids are numbers only if every id of the file is (as reading it whole).
        whole = chunksize is not None and _ids_are_numbers(path, rid, encoding=encoding, sep=sep)
        cache = PreparedCells()
        for raw in cells:
            if raw.index[:1].tolist() in ([], [0]):  # the header, once
                _refuse_near_names(survey, list(raw.columns), str(path))
            numbers = _numbers(survey, raw)
            as_read = numbers if chunksize is None or whole else None
            converted = _convert(survey, raw, numbers=as_read, chunked=chunksize is not None)
            try:
                data = prepare_chunk(
                    survey,
                    converted,
                    path=str(path),
                    allow_extra_columns=allow_extra_columns,
                    cache=cache,
                )
            except SurveyValidationError as error:
                placed = _ids_on_lines(error, survey, converted, path, encoding=encoding, sep=sep)
                if placed is error:
                    raise
                raise placed from error
            if chunksize is not None and rid in raw.columns:
                seen.add(raw[rid], numbers)  # the ids as written: unique within the chunk
            yield _ids_as_written(data, raw, rid)
        repeated = seen.repeated() if chunksize is not None else []
    if repeated:
        msg = (
            f"{str(path)!r}: respondent id(s) {repeated[:20]} occur in more than one "
            "chunk of the file (or, when every id is a whole number, are written twice "
            "in one chunk, as 03 and 3, or 3.0 and 3).\n\nHint: respondent ids must be "
            "unique; remove the duplicated rows."
        )
        raise ReadError(msg, path=str(path))


def _refuse_near_names(survey: Survey, names: list[Any], where: str) -> None:
    """Refuse header names that are a codebook column's but for spaces or case.

    ``"kind "`` (a space an export or a hand edit left) or ``"Kind"`` was reported as an
    unknown column beside a missing one, two failures whose cause is invisible in most
    viewers. Renaming them here would change the user's file unseen, so the message names
    each header cell and the column the codebook expects.
    """
    expected = [survey.respondent_id, *(c for q in survey.questions for c in q.columns)]
    if isinstance(persistent := survey.pooled.get("id"), str):
        expected.append(persistent)
    present = {name for name in names if isinstance(name, str)}
    folded: dict[str, list[str]] = {}
    for name in present:
        folded.setdefault(name.strip().casefold(), []).append(name)
    pairs = [
        (written, column)
        for column in expected
        if column not in present
        for written in sorted(folded.get(column.strip().casefold(), []))
        if written not in expected
    ]
    if not pairs:
        return
    shown = ", ".join(f"{written!r} for {column!r}" for written, column in pairs[:10])
    msg = (
        f"{where!r}: the header names {len(pairs)} column(s) as the codebook does but for "
        f"spaces or capitals: {shown}. Read as they are, they would be unknown columns and "
        "the codebook's columns missing."
    )
    hint = "Hint: rename them in the file's header to the codebook's names."
    raise ReadError(f"{msg}\n\n{hint}", path=where)


def _ids_on_lines(
    error: SurveyValidationError,
    survey: Survey,
    chunk: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    encoding: str,
    sep: str,
) -> SurveyValidationError:
    """Return `error` with its blank and repeated id failures naming the file's lines.

    Validation names rows by their 0-based positions in the frame (or chunk) it checked,
    which nobody who opens the file can find: a blank line skipped, or a cell spanning
    lines, moves every row after it. On this failing path only, the file is read once
    more for the line of each row (``chunk.index`` holds the rows' numbers in the file).
    """
    rid = survey.respondent_id
    failures = error.failures
    is_id = failures["question"].eq(rid) & failures["check"].isin(["missing_id", "duplicate_id"])
    if not is_id.any() or rid not in chunk.columns or not len(chunk):
        return error
    where = str(path)
    first, last = int(chunk.index[0]), int(chunk.index[-1])
    lines: list[int] = []
    for row, (line, _) in enumerate(_records(Path(path), where, encoding=encoding, sep=sep)):
        if first < row <= last + 1:  # row 0 is the header
            lines.append(line)
        elif row > last + 1:
            break
    if len(lines) != len(chunk):  # not the rows read (cannot happen): keep positions
        return error
    ours = id_failures_on_lines(survey, chunk[rid], IdPlaces(lines))
    ordered = pd.concat(
        [pd.DataFrame(ours, columns=list(failures.columns)).astype(object), failures.loc[~is_id]],
        ignore_index=True,
    )
    return SurveyValidationError(f"{where!r}: {_message(ordered, survey.title)}", failures=ordered)


def _size(path: str | os.PathLike[str]) -> int:
    """Return the file's size in bytes, as if uncompressed (a guess for .gz/.zip)."""
    try:
        size = os.path.getsize(path)
    except OSError:  # read_cells names the problem
        return 0
    return size * 10 if str(path).endswith((".gz", ".zip")) else size


def read_responses(
    path: str | os.PathLike[str],
    survey: Survey,
    *,
    allow_extra_columns: bool = False,
    encoding: str = "utf-8-sig",
    sep: str = ",",
    sheet: str | int = 0,
) -> Prepared:
    """Read a CSV or Excel response file as text and prepare it: the CLI's reading path.

    The same steps as :func:`read_csv` (cells as text, ids and ticks converted, then
    :meth:`tracktr.Survey.prepare`), for ``.xlsx`` workbooks too; returns the
    :class:`tracktr.Prepared` result with its changes. A workbook is read as
    :func:`tracktr.io.read_platform_export` reads one: a date or time cell is ISO text
    (``2025-03-01``, ``10:30``), listed first in the changes (reason ``"date_cell"``, the
    cell's date or time as ``before``), and a merged range in the answer rows is refused.
    """
    book = read_workbook(path, sheet=sheet) if _is_workbook(path) else None
    raw = book.frame if book is not None else next(read_cells(path, encoding=encoding, sep=sep))
    _refuse_near_names(survey, list(raw.columns), str(path))
    converted = _convert(survey, raw)
    try:
        prepared = prepare_file(
            survey, converted, path=str(path), allow_extra_columns=allow_extra_columns
        )
    except SurveyValidationError as error:
        if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
            raise  # (a workbook's rows: positions, as the message says)
        placed = _ids_on_lines(error, survey, converted, path, encoding=encoding, sep=sep)
        if placed is error:
            raise
        raise placed from error
    prepared = _prepared_as_written(prepared, raw, rid=survey.respondent_id)
    if book is None or not book.cells.dates:
        return prepared
    questions = {column: q.id for q in survey.questions for column in q.columns}
    rid = survey.respondent_id
    dates = book.date_changes(questions, prepared.data[rid])
    if not dates:  # date cells only in the header row, or in columns left out
        return prepared
    # The date cells were read as text before prepare changed anything: listed first.
    changes = pd.concat(
        [
            pd.DataFrame(dates, columns=list(prepared.changes.columns)).astype(object),
            prepared.changes,
        ],
        ignore_index=True,
    )
    return dataclasses.replace(prepared, changes=changes)


def _ids_as_written(data: pd.DataFrame, raw: pd.DataFrame, rid: str) -> pd.DataFrame:
    """Return prepared `data` with the respondent ids of `raw`, the text of the file.

    Ids that are all whole numbers are checked as numbers (:func:`_convert`), so ``"03"``
    beside ``"3"``, or ``"3.0"`` beside ``"3"``, is one id written twice and refused; but
    the ids returned are the file's text: ``"007"`` read as 7 no longer matches ``"007"``
    of a membership list or of a wave whose ids hold a letter ("R12"), and a joined table
    silently lost the organisation.
    """
    if rid not in data.columns or rid not in raw.columns or data[rid].dtype == object:
        return data
    text = pd.Series(raw[rid].to_numpy(dtype=object), index=data.index, dtype=object)
    return data.assign(**{rid: text})


def _prepared_as_written(prepared: Prepared, raw: pd.DataFrame, *, rid: str) -> Prepared:
    """Return `prepared` with the file's text ids in its data and its changes."""
    data = _ids_as_written(prepared.data, raw, rid)
    if data is prepared.data:
        return prepared
    # Validation passed, so each number is one id's: its text names the changes' rows.
    texts = dict(zip(prepared.data[rid].tolist(), data[rid].tolist(), strict=True))
    changes = prepared.changes
    if rid in changes.columns and len(changes):
        changes = changes.assign(
            **{rid: pd.Series([texts.get(v, v) for v in changes[rid].tolist()], dtype=object,
                              index=changes.index)}
        )  # fmt: skip
    return dataclasses.replace(prepared, data=data, changes=changes)


def _is_workbook(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in EXCEL_SUFFIXES


@overload
def read_csv(
    path: str | os.PathLike[str],
    survey: Survey,
    *,
    chunksize: None = None,
    allow_extra_columns: bool = False,
    encoding: str = "utf-8-sig",
    sep: str = ",",
) -> pd.DataFrame: ...


@overload
def read_csv(
    path: str | os.PathLike[str],
    survey: Survey,
    *,
    chunksize: int,
    allow_extra_columns: bool = False,
    encoding: str = "utf-8-sig",
    sep: str = ",",
) -> Iterator[pd.DataFrame]: ...


def read_csv(
    path: str | os.PathLike[str],
    survey: Survey,
    *,
    chunksize: int | None = None,
    allow_extra_columns: bool = False,
    encoding: str = "utf-8-sig",
    sep: str = ",",
) -> pd.DataFrame | Iterator[pd.DataFrame]:
    r"""Read a CSV response file, prepare it with a codebook and validate it.

    Every cell is read as text: "None", "NA", "N/A" and "null" are answers, an empty cell
    is blank, and only the codebook decides what is missing. Respondent ids are returned
    as the file writes them (``"007"``, not 7), and checked as numbers when all are whole
    numbers (``"007"`` beside ``"7"`` is one id written twice, refused). The cells are converted by
    :meth:`tracktr.Survey.prepare`: codes become labels, the codebook's missing codes and
    blanks become missing markers, numbers written as text become numbers, and tick
    columns hold 1/0. ``tracktr validate`` and ``tracktr tabulate`` read files the same way.

    Parameters
    ----------
    path : str or path
        The CSV file (compressed ``.gz``/``.zip`` files are read too).
    survey : Survey
        The codebook.
    chunksize : int, optional
        Read this many rows at a time and return an iterator of prepared chunks, so that
        a file larger than memory can be processed; respondent ids are checked for
        uniqueness across chunks once the last chunk is read (they are kept in
        temporary files meanwhile, so memory does not grow with the file). The chunks
        are the whole read's rows, with the same values and dtypes. Ids are checked as
        numbers in every chunk when every id of the file is a whole number (``03`` and
        ``3.0``, as pandas writes float ids, are then ``3`` written twice; ``3e0`` is
        text), else as text, which a first pass over the id column decides before the
        first chunk; they are returned as written either way.
    allow_extra_columns : bool, default False
        Accept columns the codebook does not describe.
    encoding : str, default "utf-8-sig"
        The text encoding.
    sep : str, default ","
        The delimiter.

    Returns
    -------
    pandas.DataFrame or iterator of pandas.DataFrame
        The prepared, validated responses (or chunks of them).

    Raises
    ------
    tracktr.ReadError
        If the file does not exist, is not CSV, or cannot be read faithfully: empty,
        binary, not in `encoding`, a header with repeated or blank names, a row with more
        or fewer cells than the header, or a last line cut off after a separator (the
        message names the file and the line).
    tracktr.SurveyValidationError
        If the answers do not validate (every failure listed).

    See Also
    --------
    tabulate_csv : Count questions of a large file chunk by chunk.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]}]})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "responses.csv"
    >>> _ = path.write_text("respondent_id,size\n001,2\n002,Small\n003,\n", encoding="utf-8")
    >>> data = tt.io.read_csv(path, survey)
    >>> data["size"].tolist()
    ['Large', 'Small', '<skipped>']
    >>> data["respondent_id"].tolist()
    ['001', '002', '003']
    """
    if chunksize is not None and (isinstance(chunksize, bool) or chunksize < 1):
        msg = f"`chunksize` must be a positive number of rows; got {chunksize!r}."
        raise InvalidOptionError(msg)
    chunks = _prepared_chunks(
        path,
        survey,
        chunksize=chunksize,
        allow_extra_columns=allow_extra_columns,
        encoding=encoding,
        sep=sep,
    )
    if chunksize is None:
        return next(chunks)
    # Check the path now, not at the first next(): errors belong to the call.
    existing_file(path, suffixes=CSV_SUFFIXES, what="a CSV file")
    return chunks


def _numeric_weights(chunk: pd.DataFrame, survey: Survey, weights: object) -> pd.DataFrame:
    """Return `chunk` with its weight column of text read as numbers.

    A CSV file holds text, and :func:`tabulate_csv` reads the file itself, so its caller
    cannot convert the column first (every chunk was refused as "weights must be
    numbers"). Each distinct cell is read once (:func:`tracktr._numbers.parse_number`); a
    blank stays blank, for tabulation to refuse with its row. A weight that is a question
    of the codebook was prepared as one already.
    """
    if not isinstance(weights, str) or weights not in chunk.columns:
        return chunk
    if weights not in survey.columns and chunk[weights].dtype.kind not in "iuf":
        chunk = _weights_read(chunk, survey, weights)
    _refuse_bad_weights(chunk, survey, weights)
    return chunk


def _refuse_bad_weights(chunk: pd.DataFrame, survey: Survey, weights: str) -> None:
    """Refuse blank, negative or infinite weights, naming respondents, not chunk rows.

    Tabulation refuses them too, but names the rows of the chunk (0-based positions,
    which are no line of the file and no respondent).
    """
    if chunk[weights].dtype.kind not in "iuf":
        return  # text of a codebook question: tabulation names it as not numbers
    values = chunk[weights].to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if not bad.any():
        return
    ids = chunk[survey.respondent_id].to_numpy()[bad].tolist()
    held = ["blank" if np.isnan(v) else float(v) for v in values[bad].tolist()]
    msg = (
        f"weights {weights!r} must be finite and not negative; respondents {ids[:10]} hold "
        f"{held[:10]}" + (f" ({int(bad.sum())} in all)." if bad.sum() > 10 else ".")
    )
    hint = "Hint: give every respondent a weight (0 leaves one out on purpose)."
    raise InvalidWeightsError(f"{msg}\n\n{hint}")


def _weights_read(chunk: pd.DataFrame, survey: Survey, weights: str) -> pd.DataFrame:
    """Return `chunk` with its weight column of text read as numbers (see _numeric_weights)."""
    cells = chunk[weights]
    numbers: dict[Any, float] = {}
    wrong: list[Any] = []
    for cell in pd.unique(cells.to_numpy(dtype=object)):
        if not isinstance(cell, str) or not cell.strip():
            numbers[cell] = np.nan  # blank: no weight
            continue
        number = parse_number(cell)
        if isinstance(number, str):
            wrong.append(cell)
        else:
            numbers[cell] = float(number)
    if wrong:
        held = cells.isin(wrong).to_numpy()
        ids = chunk[survey.respondent_id][held].tolist()[:10]
        msg = f"weights {weights!r}: {wrong[:5]} are not numbers (respondents {ids})."
        hint = "Hint: write each weight as a number with a decimal point (1.5, not 1,5)."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    return chunk.assign(**{weights: cells.map(numbers).astype(float)})


def _refuse_extra_columns(chunk: pd.DataFrame, wanted: set[Any], path: object) -> None:
    """Refuse the columns of the file that are neither the codebook's nor the weights."""
    extra = [c for c in chunk.columns if c not in wanted]
    if not extra:
        return
    msg = (
        f"{str(path)!r}: column(s) {extra} are not in the codebook (nor the weights); "
        "tabulating would ignore them."
    )
    hint = "Hint: pass allow_extra_columns=True if they are meant to be there."
    failures = pd.DataFrame(
        {"question": "", "column": extra, "check": "unknown_column", "expected": "only "
         "codebook columns and the weights (or allow_extra_columns=True)"}
    )  # fmt: skip
    raise SurveyValidationError(f"{msg}\n\n{hint}", failures=failures)


def tabulate_csv(
    path: str | os.PathLike[str],
    survey: Survey,
    questions: Sequence[str],
    *,
    chunksize: int = 10_000,
    allow_extra_columns: bool = False,
    encoding: str = "utf-8-sig",
    sep: str = ",",
    **options: Any,
) -> dict[str, Table]:
    r"""Tabulate questions of a CSV file chunk by chunk, in bounded memory.

    Each chunk is prepared, validated and tabulated with :func:`tracktr.tabulate`; the
    tables of the chunks are added with :func:`tracktr.combine`. Counts are additive, so
    the result equals the table of the whole file read at once, exactly.

    Parameters
    ----------
    path : str or path
        The CSV file.
    survey : Survey
        The codebook.
    questions : sequence of str
        The questions to tabulate.
    chunksize : int, default 10000
        Rows read at a time.
    allow_extra_columns, encoding, sep
        As in :func:`read_csv`.
    **options
        Passed to :func:`tracktr.tabulate` (``by=``, ``weights=``, ``dont_know=``,
        ``rule=``, ...). ``average=True`` is not additive: average the combined grid
        instead. A ``weights=`` column of the file that is not a question of the codebook
        is read as numbers, as a numeric question's cells are (``" 1.5"`` is 1.5,
        ``"1,500.0"`` is 1500); a cell that is not a number (``"1,500"``, which may be 1.5
        or 1500) is refused with its respondent. That column is not an extra column: it
        needs no `allow_extra_columns`. With the codebook of pooled waves
        (:func:`tracktr.waves.pool`), ``by=`` is refused: which organisations answered
        several waves cannot be told chunk by chunk.

    Returns
    -------
    dict of str to Table
        One table per question, in the order asked.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]}]})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "responses.csv"
    >>> rows = "".join(f"{i},{1 + i % 3 // 2}\n" for i in range(1, 101))
    >>> _ = path.write_text("respondent_id,size\n" + rows, encoding="utf-8")
    >>> tables = tt.io.tabulate_csv(path, survey, ["size"], chunksize=7)
    >>> tables["size"].counts["All"].tolist()
    [67, 33]
    """
    if isinstance(questions, str):
        msg = f"tabulate_csv(): `questions` is a list of question ids; got the text {questions!r}."
        hint = f"Hint: pass [{questions!r}]."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if options.get("average"):
        msg = (
            "average=True is not additive across chunks.\n\n"
            "Hint: tabulate without it; the AVERAGE row is the mean of the item percentages "
            "of the combined table."
        )
        raise InvalidOptionError(msg)
    parts: dict[str, list[Table]] = {q: [] for q in questions}
    for question in questions:
        survey.spec(question)  # unknown questions fail before the file is read
    persistent = survey.pooled.get("id")
    if persistent and options.get("by") is not None:
        msg = (
            f"tabulate_csv(): the codebook is of pooled waves (persistent id {persistent!r}), "
            f"and by={options['by']!r} splits them: which organisations answered more than "
            "one wave, and so are in several columns, cannot be told chunk by chunk (an "
            "organisation's rows of two waves are most often in two chunks)."
        )
        hint = (
            "Hint: read the whole file with tt.io.read_csv() and tabulate the rows it "
            "returns; a table of every row (no by=) can be counted chunk by chunk."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    weights = options.get("weights")
    # The column named by `weights=` is wanted, so it is no unknown column: it was refused
    # as one ("expected only codebook columns") unless every other column was allowed too.
    known = set(survey.described_columns)
    weight_column = isinstance(weights, str) and weights not in known
    checked = allow_extra_columns or not weight_column
    for chunk in read_csv(
        path,
        survey,
        chunksize=chunksize,
        allow_extra_columns=allow_extra_columns or weight_column,
        encoding=encoding,
        sep=sep,
    ):
        if not checked:
            _refuse_extra_columns(chunk, known | {weights}, path)
            checked = True
        weighed = _numeric_weights(chunk, survey, weights)
        for question in questions:
            parts[question].append(tabulate(weighed, question, survey=survey, **options))
            if len(parts[question]) >= _HELD_TABLES:  # memory must not grow with the file
                parts[question] = [combine(parts[question])]
    if any(not tables for tables in parts.values()):
        msg = f"{str(path)!r} has no respondents to tabulate."
        raise ReadError(msg, path=str(path))
    return {question: combine(tables) for question, tables in parts.items()}

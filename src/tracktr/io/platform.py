"""Survey-platform exports: CSV or Excel files (or DataFrames) with one to three header rows.

Online survey platforms export one row per respondent. Most write two header rows: the
question text on the first (written once, above the first column of a question), and on
the second the option text of each column of a tick-all-that-apply question (a cell
holding the option, or 1, when ticked; blank when not) or the item text of each column of
a grid. Single-column questions have a blank or generic second header ("Response").
Qualtrics writes three (column names, question texts, ``ImportId`` JSON) and Google or
Microsoft Forms one (see :mod:`tracktr.io._exports`); both are read as if they had two.
Columns of platform metadata (dates, IP addresses, names, e-mail) are dropped.
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tracktr._text import a_kind
from tracktr.exceptions import (
    CodebookError,
    InvalidOptionError,
    ReadError,
    SurveyValidationError,
)
from tracktr.io._cells import read_rows, refuse_formulas_without_values
from tracktr.io._drafting import _draft, _split_ticks, parse_amount
from tracktr.io._export_cells import (
    _as_ids,
    _Block,
    _cell_text,
    _Cells,
    _is_other,
    _norm,
    _other_box,
    _row,
    _single_column,
    _ticks,
    _with_other_box,
)
from tracktr.io._export_layout import _ID_NAMES, layout_of
from tracktr.io._exports import (
    _from_qualtrics,
    frame_rows,
    header_rows,
    is_metadata,
    separators,
    to_two_headers,
)
from tracktr.io._files import existing_file, prepare_file, require
from tracktr.io._sheet import SheetCells, date_changes, refuse_merged_answers
from tracktr.survey import (
    GridQuestion,
    MultiQuestion,
    OrdinalQuestion,
    Question,
    SingleQuestion,
    Survey,
    TextQuestion,
)
from tracktr.survey._cells import fold_label
from tracktr.survey._checks import IdPlaces, IdUnit
from tracktr.survey._validate import _message, id_failures_on_lines
from tracktr.typing import ExportLayout, check_choice

__all__ = ["PlatformExport", "read_platform_export"]

_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
_SHOWN = 20


@dataclass(frozen=True, slots=True)
class PlatformExport:
    r"""A survey-platform export read onto a codebook.

    Attributes
    ----------
    data : pandas.DataFrame
        The prepared, validated responses: one row per respondent, option labels as
        ordered categoricals, 1/0 ticks, missing markers.
    survey : Survey
        The codebook the export was read with, or the one drafted from its headers.
    columns : pandas.DataFrame
        One row per export column: ``position`` (1-based), ``question_text``,
        ``option_text``, ``question`` and ``column`` (its column in `data`).
    changes : pandas.DataFrame
        Every cell changed while reading and preparing (see :class:`tracktr.Prepared`):
        also a workbook's date and time cells read as ISO text (reason ``"date_cell"``,
        the cell's date or time as ``before``), spellings read as an option
        (``"spelling"``) and an "Other" box's typed words read as the "Other" option
        (``"other_text"``).
    drafted : bool
        Whether `survey` was drafted from the export (check it, then save it with
        ``survey.to_toml``).
    path : str
        The file read ("" for a DataFrame).
    kept : tuple of str
        The extra columns kept as they are (`keep`), after the codebook's columns.
    dropped : tuple of str
        The headers of the platform-metadata columns left out (dates, IP addresses...).
    layout : {"one_header", "two_headers", "three_headers"}
        The header layout read.
    empty_rows : tuple of int
        The file lines (sheet rows of a workbook) under the headers with no cell filled
        in, left out: no respondent (Excel keeps such rows under the answers).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import tracktr as tt
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text(
    ...     "Respondent ID,Where do you work?,,Is your funding secure?\n"
    ...     ",Prison,Community,Response\n"
    ...     "1,Prison,,Yes\n2,,Community,No\n3,Prison,Community,Yes\n", encoding="utf-8")
    >>> export = tt.io.read_platform_export(path)
    >>> export
    PlatformExport('export.csv', 3 respondents, 2 questions, drafted)
    >>> export.data[["where_do_you_work_1", "where_do_you_work_2"]].sum().tolist()
    [2, 2]
    >>> [q.type for q in export.survey.questions]
    ['multi', 'single']
    """

    data: pd.DataFrame
    survey: Survey
    columns: pd.DataFrame
    changes: pd.DataFrame
    drafted: bool
    path: str = field(default="")
    kept: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    layout: ExportLayout = "two_headers"
    empty_rows: tuple[int, ...] = ()

    def __repr__(self) -> str:
        state = "drafted" if self.drafted else "codebook"
        name = Path(self.path).name if self.path else "DataFrame"
        dropped = f", {len(self.dropped)} metadata columns dropped" if self.dropped else ""
        empty = f", {len(self.empty_rows)} empty row(s) left out" if self.empty_rows else ""
        return (
            f"PlatformExport({name!r}, {len(self.data)} respondents, "
            f"{len(self.survey.questions)} questions, {state}{dropped}{empty})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the header map: one row per export column (the same as `columns`)."""
        return self.columns.copy()


def _read_rows(
    path: Path, *, sheet: str | int, encoding: str, layout: ExportLayout
) -> tuple[list[list[str]], list[int], SheetCells | None]:
    """Return every cell as text (nothing read as missing) and each row's line in the file.

    Also, for a workbook, its merged ranges and date cells (see :mod:`tracktr.io._sheet`).
    """
    where = str(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        require("openpyxl", "Reading Excel exports")
        if path.stat().st_size == 0:
            msg = f"{where!r}: the workbook is empty (0 bytes)."
            raise ReadError(msg, path=where)
        try:
            raw = pd.read_excel(
                path,
                header=None,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                sheet_name=sheet,
            )
        except Exception as error:  # zipfile.BadZipFile, XML errors: a corrupted workbook
            msg = (
                f"{where!r}: the workbook is corrupted, not an .xlsx file or has no sheet "
                f"{sheet!r} ({type(error).__name__}: {error}).\n\nHint: export the responses "
                "again as CSV (UTF-8) or .xlsx."
            )
            raise ReadError(msg, path=where) from error
        refuse_formulas_without_values(path, where, sheet=sheet)
        rows = [[_cell_text(v) for v in row] for row in raw.itertuples(index=False, name=None)]
        found = SheetCells.of(path, sheet)
        for (line, column), (_, text) in found.dates.items():  # as shown, not "... 00:00:00"
            if line <= len(rows) and column < len(rows[line - 1]):
                rows[line - 1][column] = text
        return rows, list(range(1, len(raw) + 1)), found
    rows, lines = read_rows(path, encoding=encoding, header_rows=header_rows(layout))
    return rows, lines, None


def _source(
    path: str | os.PathLike[str] | pd.DataFrame,
    *,
    sheet: str | int,
    encoding: str,
    layout: ExportLayout,
) -> tuple[str, str, list[list[str]], list[int], tuple[IdUnit, int], SheetCells | None]:
    """Return where the export is, its file name, its rows of text and each row's line.

    Also how a row is placed for its reader (see :class:`_Places`): a CSV file's lines, a
    workbook's sheet rows, or a DataFrame's 0-based positions, offset by the header rows
    it holds as column labels; and a workbook's merged ranges and date cells.
    """
    if isinstance(path, pd.DataFrame):
        rows = frame_rows(path)
        lines = list(range(1, len(rows) + 1))  # "lines" of a frame: its header rows, then rows
        return "DataFrame", "", rows, lines, ("row", len(rows) - len(path)), None
    file = existing_file(path, suffixes=_SUFFIXES, what="a CSV or Excel export")
    rows, lines, sheet_cells = _read_rows(file, sheet=sheet, encoding=encoding, layout=layout)
    unit: IdUnit = "sheet row" if file.suffix.lower() in (".xlsx", ".xlsm") else "line"
    return str(path), file.name, rows, lines, (unit, 0), sheet_cells


def _two_headers(
    rows: list[list[str]], lines: list[int], layout: ExportLayout, where: str
) -> tuple[pd.DataFrame, list[int], ExportLayout, tuple[int, ...]]:
    """Detect (or check) the layout and return the rows under two header rows.

    Also returns the layout found and the lines of the empty rows left out.
    """
    rows = _without_empty_last_columns(rows)
    found, legacy = layout_of(rows, lines, layout, where)
    needed = header_rows(found)
    if len(rows) < needed:
        names = {1: "a header row", 2: "two header rows", 3: "three header rows"}
        msg = (
            f"{where!r}: an export laid out as {found!r} needs {names[needed]}; the file "
            f"has {len(rows)} row(s).\n\nHint: export with the header rows, or pass "
            "`layout=` if the layout was misread."
        )
        raise ReadError(msg, path=where)
    if legacy:  # Qualtrics' names and texts, as its three-row export without the third
        rows, lines = _from_qualtrics([rows[0], rows[1], [], *rows[2:]]), [lines[1], *lines[1:]]
    else:
        rows, lines = to_two_headers(rows, lines, found)
    rows, lines, empty = _without_empty_rows(rows, lines)
    return pd.DataFrame(rows, dtype=object), lines, found, empty


def _without_empty_last_columns(rows: list[list[str]]) -> list[list[str]]:
    """Return the rows without the last columns that are blank in every row, header too.

    A spreadsheet saved as CSV often ends every line with a separator: an empty column
    with no header. Its blank header cell read as the sub-header of a two-header export,
    and the first respondent was taken for a header row (3 respondents read as 2).
    """
    width = max((len(row) for row in rows), default=0)
    keep = width
    while keep > 0 and all(len(row) < keep or not row[keep - 1].strip() for row in rows):
        keep -= 1
    return rows if keep == width else [row[:keep] for row in rows]


def _without_empty_rows(
    rows: list[list[str]], lines: list[int]
) -> tuple[list[list[str]], list[int], tuple[int, ...]]:
    """Leave out the rows under the two header rows with no cell filled in.

    Such a row is no respondent: it has neither an id nor an answer. Read as one, it
    "skipped" every question and took an id of its own (ids 1, 2, ... are made when the
    export has none). Excel keeps empty rows under the answers, and a CSV saved from it
    writes them as ``,,``. Returns the rows kept, their file lines, and the lines left out.
    """
    kept = [k < 2 or any(cell.strip() for cell in row) for k, row in enumerate(rows)]
    left_out = tuple(line for line, keep in zip(lines, kept, strict=True) if not keep)
    if not left_out:
        return rows, lines, ()
    return (
        [row for row, keep in zip(rows, kept, strict=True) if keep],
        [line for line, keep in zip(lines, kept, strict=True) if keep],
        left_out,
    )


def _blocks(
    raw: pd.DataFrame, *, merge_repeated: bool, id_column: str | None, where: str
) -> list[_Block]:
    """Split the columns into questions: a question text starts a block, blanks continue it.

    Some platforms repeat the question text over every column of a question; with
    `merge_repeated`, consecutive columns with the same text form one block. The
    respondent id is one column: a column with no question text after it is refused
    (:func:`_refuse_column_after_id`).
    """
    first = [_cell_text(v).strip() for v in raw.iloc[0].tolist()]
    second = [_cell_text(v).strip() for v in raw.iloc[1].tolist()]
    blocks: list[_Block] = []
    for position, (text, option) in enumerate(zip(first, second, strict=True)):
        repeated = merge_repeated and blocks and _norm(text) == _norm(blocks[-1].text)
        if blocks and not text and _is_id(blocks[-1], id_column):
            _refuse_column_after_id(blocks[-1], position, option, where)
        if blocks and (not text or repeated):
            last = blocks[-1]
            blocks[-1] = _Block(last.text, (*last.positions, position), (*last.options, option))
        else:
            blocks.append(
                _Block(text or option or f"column {position + 1}", (position,), (option,))
            )
    return blocks


def _refuse_column_after_id(id_block: _Block, position: int, option: str, where: str) -> None:
    """Refuse a column with no question text right after the respondent id column.

    A blank first-row header continues the question before it; after the id it made the
    id column and this one a drafted grid whose answers were the ids.
    """
    under = f" (its second header is {option!r})" if option else ""
    msg = (
        f"{where!r}: export column {position + 1} has no question text in the first header "
        f"row{under}, and the column before it is the respondent id {id_block.text!r}, "
        "which is one column: column "
        f"{position + 1} belongs to no question.\n\nHint: write its question text over it "
        "in the first header row, or delete the column, then read the export again."
    )
    raise ReadError(msg, path=where)


def _is_id(block: _Block, id_column: str | None) -> bool:
    if len(block.positions) != 1:
        return False
    if id_column is not None:
        return _norm(block.text) == _norm(id_column)
    return _norm(block.text) in _ID_NAMES


def _raise_failures(cells: _Cells, where: str, others: SurveyValidationError | None = None) -> None:
    """Raise one error with the tick failures and any other validation failures.

    A tick failure is text that is neither the option nor a tick mark (``not_a_tick``), or
    a cell of joined options giving one twice (``duplicate_option``, as validation of a
    delimited set calls it).
    """
    if not cells.failures:
        if others is not None:
            raise others
        return
    failures = pd.DataFrame(cells.failures)
    shown = "\n".join(_failure_line(f) for f in cells.failures[:_SHOWN])
    more = "" if len(failures) <= _SHOWN else f"\n... and {len(failures) - _SHOWN} more."
    also = ""
    if others is not None:
        failures = pd.concat([failures, others.failures], ignore_index=True)
        also = f"\n\nAlso: {others}"
    checks = set(failures["check"])
    what = " or ".join(
        said
        for check, said in (
            ("not_a_tick", "hold text that is neither the option nor a tick mark"),
            ("duplicate_option", "give an option more than once"),
        )
        if check in checks
    )
    repeat = (
        " A repeated option often stands for another option lost in the export: write each "
        "option the respondent ticked once."
        if "duplicate_option" in checks
        else ""
    )
    msg = (
        f"{where!r}: {len(cells.failures)} cell(s) of tick-all-that-apply columns {what}:"
        f"\n{shown}{more}{also}\n\nHint: correct the cells; an answer typed under an option "
        f"is not counted as a tick.{repeat} `error.failures` lists every failure."
    )
    raise SurveyValidationError(msg, failures=failures)


def _failure_line(failure: dict[str, Any]) -> str:
    """Say where a tick failure is (line, export column, respondent) and what it is."""
    place = (
        f"- line {failure['line']}, column {failure['export_column']} ({failure['column']!r}, "
        f"question {failure['question']!r}, respondent {failure['respondent_id']})"
    )
    if failure["check"] == "duplicate_option":
        return (
            f"{place}: {failure['value']!r} gives an option more than once "
            f"(duplicate_option: {failure['expected']})"
        )
    return f"{place}: {failure['value']!r} is not a tick; expected {failure['expected']}"


@dataclass(frozen=True, slots=True)
class _Places:
    """Where the body rows of an export are for the person who opens it.

    `lines` are the file lines (sheet rows) of the rows in the two-header layout, empty
    rows left out; `unit` is what a place is called: ``"line"`` of a CSV file, ``"sheet
    row"`` of a workbook, or ``"row"`` of a DataFrame (its 0-based position, `offset`
    being the header rows that came from its column labels).
    """

    lines: Sequence[int]
    unit: IdUnit
    offset: int = 0

    def of(self, body_row: int) -> int:
        """Return the place of a body row (the rows under the two header rows)."""
        line = self.lines[body_row + 2]
        return line - 1 - self.offset if self.unit == "row" else line


def _placed(
    error: SurveyValidationError, survey: Survey, ids: pd.Series, places: _Places, where: str
) -> SurveyValidationError:
    """Return `error` with its blank and repeated id failures naming the export's lines."""
    failures = error.failures
    frame = "pandas" if places.unit == "row" else ""
    rows = IdPlaces([places.of(k) for k in range(len(ids))], places.unit, frame)
    ours = id_failures_on_lines(survey, ids, rows)
    is_id = failures["check"].isin([f["check"] for f in ours]) & failures["question"].eq(
        survey.respondent_id
    )
    if not ours or not is_id.any():
        return error
    rest = failures.loc[~is_id]
    ordered = pd.concat(
        [pd.DataFrame(ours, columns=list(failures.columns)).astype(object), rest],
        ignore_index=True,
    )
    msg = f"{where!r}: {_message(ordered, survey.title)}"
    return SurveyValidationError(msg, failures=ordered)


# -- reading onto a codebook -----------------------------------------------------------------


def _match(
    survey: Survey,
    blocks: list[_Block],
    cells: _Cells,
    where: str,
) -> tuple[dict[str, pd.Series], list[dict[str, Any]]]:
    # Text questions that hold the typed answers of an "Other (please specify)" option.
    other_texts = {
        f"{q.id}_other"
        for q in survey.questions
        if isinstance(q, MultiQuestion) and any(_is_other(o.label) for o in q.options)
    }
    # ... and of a single-choice question's "Other (please specify)" box, when it has one.
    box_texts = {
        f"{q.id}_other" for q in survey.questions if isinstance(q, SingleQuestion | OrdinalQuestion)
    }
    unfilled: list[Question] = []
    by_text: dict[str, list[int]] = {}
    for k, block in enumerate(blocks):
        by_text.setdefault(_norm(block.text), []).append(k)
    used: set[int] = set()
    # The question each header text (or id) was read as, and its columns: a later column
    # with the same header repeats it, and is said to, not to "match no question".
    claimed: dict[str, tuple[Question, _Block]] = {}
    frame: dict[str, pd.Series] = {}
    mapping: list[dict[str, Any]] = []
    mismatches: list[str] = []

    def take(question: Question) -> _Block | None:
        for key in (_norm(question.text), _norm(question.id)):
            for k in by_text.get(key, []):
                if k not in used:
                    used.add(k)
                    return _claim(claimed, question, _extend(question, k))
        return None

    def _extend(question: Question, k: int) -> _Block:
        """Add the following blocks of the same text whose headers are this question's."""
        block = blocks[k]
        if not isinstance(question, GridQuestion | MultiQuestion):
            return block
        wanted = (
            {_norm(i.label) for i in question.items}
            if isinstance(question, GridQuestion)
            else {_norm(o.label) for o in question.options}
        )
        taken = {_norm(o) for o in block.options}
        j = k + 1
        while (
            j < len(blocks)
            and j not in used
            and _norm(blocks[j].text) == _norm(block.text)
            and all(_norm(o) in wanted - taken for o in blocks[j].options)
        ):
            used.add(j)
            taken |= {_norm(o) for o in blocks[j].options}
            block = _Block(
                block.text,
                (*block.positions, *blocks[j].positions),
                (*block.options, *blocks[j].options),
            )
            j += 1
        return block

    for question in survey.questions:
        found_block = take(question)
        if found_block is None:
            # A text question of typed "Other" words is filled from its tick column or box.
            if question.id not in other_texts:
                unfilled.append(question)
            continue
        if isinstance(question, MultiQuestion) and _joined_set(question, found_block, cells):
            position = found_block.positions[0]
            frame.update(_split_ticks(cells, position, question, cells.separators))
            mapping.extend(
                _row(position, found_block.text, o.label, question.id, c)
                for o, c in zip(question.options, question.columns, strict=True)
            )
            continue
        if isinstance(question, SingleQuestion | OrdinalQuestion) and _with_other_box(found_block):
            frame[question.id], rows = _match_other_box(question, found_block, cells, where)
            mapping.extend(rows)
            continue
        if isinstance(question, GridQuestion) or (
            isinstance(question, MultiQuestion) and question.form == "indicator"
        ):
            _match_columns(
                question,
                found_block,
                cells=cells,
                frame=frame,
                mapping=mapping,
                mismatches=mismatches,
            )
            continue
        if len(found_block.positions) != 1:
            mismatches.append(
                f"question {question.id!r} is one column in the codebook but "
                f"{len(found_block.positions)} in the export (options {list(found_block.options)})"
            )
            continue
        position = found_block.positions[0]
        frame[question.id] = _answers(cells, position, question, question.id)
        mapping.append(
            _row(position, found_block.text, found_block.options[0], question.id, question.id)
        )
    mismatches += _unmatched(blocks, used, unfilled, box_texts, cells, claimed=claimed)
    _refuse_mismatches(mismatches, survey, where)
    return frame, mapping


def _claim(
    claimed: dict[str, tuple[Question, _Block]], question: Question, block: _Block
) -> _Block:
    """Record that `question` is read from `block`, under its text and its id; return it."""
    claimed.setdefault(_norm(question.text), (question, block))
    claimed.setdefault(_norm(question.id), (question, block))
    return block


def _unmatched(
    blocks: list[_Block],
    used: set[int],
    unfilled: list[Question],
    box_texts: set[str],
    cells: _Cells,
    *,
    claimed: Mapping[str, tuple[Question, _Block]],
) -> list[str]:
    """Say which questions have no column, and which columns match no question.

    A text question of the words typed in a single-choice question's "Other" box
    (`box_texts`) has a column when the export has that box. A column whose header is
    the text (or id) of a question read from other columns (`claimed`) repeats it: see
    :func:`_repeated`.
    """
    found = [
        f"question {question.id!r} ({question.text!r}) has no column in the export"
        for question in unfilled
        if question.id not in box_texts or question.id not in cells.others
    ]
    for k, block in enumerate(blocks):
        if k in used:
            continue
        if _norm(block.text) in claimed:
            found += _repeated(block, *claimed[_norm(block.text)], cells)
        else:
            found.append(
                f"export column {block.positions[0] + 1} ({block.text!r}) matches no question "
                "of the codebook"
            )
    return found


def _repeated(block: _Block, question: Question, read: _Block, cells: _Cells) -> list[str]:
    """Say how `block` repeats the header of `question`, which is read from `read`.

    A question is read from the first columns with its text (or id); a later column
    with the same header was said to match no question, though it does match one. The
    columns of a set or grid are named by option or item, as when they are matched.
    """
    if isinstance(question, GridQuestion) or (
        isinstance(question, MultiQuestion)
        and question.form == "indicator"
        and not _joined_set(question, read, cells)
    ):
        kind = "item" if isinstance(question, GridQuestion) else "option"
        labels = (
            [i.label for i in question.items]
            if isinstance(question, GridQuestion)
            else list(question.labels)
        )
        by_norm = {_norm(label): label for label in labels}
        return [
            f"question {question.id!r}: export column {position + 1} has {kind} {option!r}, "
            f"which is not in the codebook ({labels})"
            if _norm(option) not in by_norm
            else f"question {question.id!r}: {kind} {by_norm[_norm(option)]!r} heads two "
            f"columns of the export (the second is column {position + 1})"
            for position, option in zip(block.positions, block.options, strict=True)
        ]
    first = _columns_said(read.positions)
    again = _columns_said(block.positions)
    if _norm(block.text) == _norm(read.text):
        said = (
            f"export {again} repeats the question text {block.text!r} of {first}, which is "
            f"read as question {question.id!r}"
        )
    else:
        said = (
            f"export {again} is headed {block.text!r}, the id of question {question.id!r}, "
            f"which is read from {first} ({read.text!r})"
        )
    return [
        (
            f"{said} ({again} is read as nothing); delete {again} if it is a copy, or, if it "
            "is another question, give it its own text in the export's first header row and "
            "in the codebook"
        )
    ]


def _columns_said(positions: Sequence[int]) -> str:
    """Name 0-based positions as export columns: "column 3", "columns 3-5" or "columns 3, 7"."""
    numbers = [p + 1 for p in positions]
    if len(numbers) == 1:
        return f"column {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"columns {numbers[0]}-{numbers[-1]}"
    return f"columns {', '.join(map(str, numbers))}"


def _refuse_mismatches(mismatches: list[str], survey: Survey, where: str) -> None:
    """Raise one error listing every mismatch of the export with the codebook, if any."""
    if not mismatches:
        return
    shown = "\n".join(f"- {m}" for m in mismatches[:_SHOWN])
    more = "" if len(mismatches) <= _SHOWN else f"\n... and {len(mismatches) - _SHOWN} more."
    msg = (
        f"{where!r}: the export does not match the codebook {survey.title!r} "
        f"({len(mismatches)} mismatch{'es' if len(mismatches) != 1 else ''}):\n{shown}{more}"
        "\n\nHint: export columns are matched on the question text (or id) in the first "
        "header row and on option or item labels in the second; correct the codebook's "
        "text, or pass `ignore=` for columns such as dates that are not questions."
    )
    raise ReadError(msg, path=where, mismatches=tuple(mismatches))


def _match_other_box(
    question: SingleQuestion | OrdinalQuestion, block: _Block, cells: _Cells, where: str
) -> tuple[pd.Series, list[dict[str, Any]]]:
    """Read a single-choice question's answer column and its "Other (please specify)" box.

    A respondent who only typed in the box answered the question's one option starting
    with "Other" (see :func:`tracktr.io._export_cells._other_box`).
    """
    others = [label for label in question.labels if _is_other(label)]
    answers = _answers(cells, block.positions[0], question, question.id)
    label = others[0] if len(others) == 1 else None
    column = _other_box(cells, block, answers, question=question.id, label=label, where=where)
    text_id = f"{question.id}_other"
    rows = [
        _row(block.positions[0], block.text, block.options[0], question.id, question.id),
        _row(block.positions[1], block.text, block.options[1], text_id, text_id),
    ]
    return column, rows


def _joined_set(question: Question, block: _Block, cells: _Cells) -> bool:
    """Whether a tick-all-that-apply set is one column of options joined in a cell."""
    return (
        isinstance(question, MultiQuestion)
        and question.form == "indicator"
        and len(block.positions) == 1
        and bool(cells.separators)
        and _norm(block.options[0]) not in {_norm(o.label) for o in question.options}
    )


def _match_columns(
    question: Question,
    block: _Block,
    *,
    cells: _Cells,
    frame: dict[str, pd.Series],
    mapping: list[dict[str, Any]],
    mismatches: list[str],
) -> None:
    """Match the columns of a multi-response set (options) or a grid (items)."""
    if isinstance(question, GridQuestion):
        targets = {_norm(i.label): (i.label, i.column) for i in question.items}
        kind = "item"
    else:
        targets = {
            _norm(o.label): (o.label, c)
            for o, c in zip(question.options, question.columns, strict=True)
        }
        kind = "option"
    found: set[str] = set()
    for position, option in zip(block.positions, block.options, strict=True):
        target = targets.get(_norm(option))
        if target is None:
            mismatches.append(
                f"question {question.id!r}: export column {position + 1} has {kind} "
                f"{option!r}, which is not in the codebook "
                f"({[label for label, _ in targets.values()]})"
            )
            continue
        column = target[1]
        if column in found:  # the last column had silently replaced the first
            mismatches.append(
                f"question {question.id!r}: {kind} {target[0]!r} heads two columns of the "
                f"export (the second is column {position + 1})"
            )
            continue
        found.add(column)
        if kind == "option":
            frame[column] = _ticks(
                cells,
                position,
                target[0],
                question=question.id,
                wording=question.text,
                column=column,
            )
        else:
            frame[column] = _answers(cells, position, question, column)
        mapping.append(_row(position, block.text, option, question.id, column))
    for label, column in targets.values():
        if column not in found:
            mismatches.append(
                f"question {question.id!r}: {kind} {label!r} has no column in the export"
            )


def _answers(cells: _Cells, position: int, question: Question, name: str) -> pd.Series:
    """Return a column of answers, an option's spellings read as the option.

    A draft merges spellings that differ only by case, spacing or apostrophe shapes
    ("don't know", "Don\u2019t know") into one option; read with that codebook, the same
    export was refused for them. They are read as their option, each recorded in
    ``changes`` (reason ``"spelling"``), as the draft records them; a spelling two
    options share, and any other answer, is left for validation to name.
    """
    column = cells.body.iloc[:, position]
    if not isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
        return _single_column(column)
    labels = set(question.labels)
    folds: dict[str, list[str]] = {}
    for label in question.labels:
        folds.setdefault(fold_label(label), []).append(label)
    new: dict[str, str] = {}
    for value in pd.unique(column.to_numpy(dtype=object)):  # each distinct cell once
        text = _cell_text(value).strip()
        if text and text not in labels and text not in new:
            found = folds.get(fold_label(text), [])
            if len(found) == 1:
                new[text] = found[0]
    if not new:
        return _single_column(column)
    return cells.changed(column, new, question=question.id, name=name, reason="spelling")


# -- drafting a codebook ---------------------------------------------------------------------


def _keep_other_texts(survey: Survey, cells: _Cells, frame: dict[str, pd.Series]) -> Survey:
    """Keep the words typed under "Other (please specify)" as a text question.

    The tick column holds 1 for each typed answer; the text goes to the text question
    ``<question>_other`` (added to the codebook when it has none), unless the export
    already has a column for it.
    """
    for text_id, (wording, texts) in cells.others.items():
        if text_id in frame:
            continue
        existing = {q.id: q for q in survey.questions}.get(text_id)
        if existing is None:
            survey = survey.with_question(TextQuestion(text_id, wording))
        elif not isinstance(existing, TextQuestion):
            msg = (
                f"the words typed under {wording!r} go to a text question {text_id!r}, but the "
                f"codebook's {text_id!r} is {a_kind(existing.type)} question.\n\nHint: rename that "
                f"question, or add a text question {text_id!r} for the typed answers."
            )
            raise CodebookError(msg)
        frame[text_id] = texts
    return survey


# -- the public reader -----------------------------------------------------------------------


def _nearest(name: str, texts: Sequence[str]) -> str:
    """Return " (did you mean 'X'?)" with the headers nearest `name`, or ""."""
    by_norm = {_norm(text): text for text in texts}
    close = difflib.get_close_matches(_norm(name), list(by_norm), n=3, cutoff=0.6)
    if not close:
        return ""
    return f" (did you mean {' or '.join(repr(by_norm[c]) for c in close)}?)"


def _without_ignored(
    blocks: list[_Block], ignore: Sequence[str], keep: Sequence[str], where: str
) -> list[_Block]:
    """Leave out the columns headed `ignore`; refuse a name that heads no column.

    A typo in `ignore` left its column in, read as a question, with no word; a column
    named in both `ignore` and `keep` was left out and then not found to keep.
    """
    kept = {_norm(name) for name in keep}
    both = list(dict.fromkeys(name for name in ignore if _norm(name) in kept))
    if both:
        names = ", ".join(repr(name) for name in both)
        msg = (
            f"{where!r}: {names} {'is' if len(both) == 1 else 'are'} both in `ignore` and in "
            "`keep`; a column is either left out or kept as it is.\n\nHint: name it in one "
            "of them only."
        )
        raise InvalidOptionError(msg)
    texts = [b.text for b in blocks]
    known = {_norm(text) for text in texts}
    unknown = list(dict.fromkeys(name for name in ignore if _norm(name) not in known))
    if unknown:
        listed = "; ".join(f"{name!r}{_nearest(name, texts)}" for name in unknown)
        msg = (
            f"{where!r}: `ignore` names {len(unknown)} header(s) that no column has: {listed}."
            f"\n\nHint: `ignore` takes the question texts of the first header row, as "
            f"written; the export has {texts[:30]}."
        )
        raise InvalidOptionError(msg)
    ignored = {_norm(name) for name in ignore}
    return [b for b in blocks if _norm(b.text) not in ignored]


def _take(
    blocks: list[_Block], names: Sequence[str], where: str, *, id_block: _Block | None
) -> tuple[list[_Block], list[tuple[str, _Block]]]:
    """Take the columns headed `names` out of `blocks`, to keep them as they are."""
    if id_block is not None and any(_norm(n) == _norm(id_block.text) for n in names):
        msg = (
            f"{where!r}: {id_block.text!r} is the respondent id column; it is always kept, "
            "as the codebook's respondent_id.\n\nHint: leave it out of `keep`."
        )
        raise ReadError(msg, path=where)
    unique: dict[str, str] = {}  # one header named twice ("Weight", "weight") is kept once
    for name in names:
        unique.setdefault(_norm(name), name)
    taken: list[tuple[str, _Block]] = []
    for name in unique.values():
        found = [b for b in blocks if _norm(b.text) == _norm(name) and len(b.positions) == 1]
        if not found:
            headers = [b.text for b in blocks][:30]
            msg = (
                f"{where!r}: no column headed {name!r} to keep"
                f"{_nearest(name, [b.text for b in blocks])}.\n\nHint: `keep` names "
                f"headers of one-column fields; the export has {headers}."
            )
            raise ReadError(msg, path=where)
        taken.append((name, found[0]))
        blocks = [b for b in blocks if b is not found[0]]
    return blocks, taken


def _kept_column(column: pd.Series) -> pd.Series:
    """Return a kept column as numbers when every cell is one (weights), else as text."""
    texts = [_cell_text(v).strip() for v in column.tolist()]
    numbers = [parse_amount(t) for t in texts if t]
    if numbers and all(n is not None for n in numbers):
        return pd.Series(
            [parse_amount(t) if t else math.nan for t in texts], index=column.index, dtype=float
        )
    return pd.Series([t or None for t in texts], index=column.index, dtype=object)


def _metadata(
    blocks: list[_Block], survey: Survey | None, drop: bool
) -> tuple[list[_Block], tuple[str, ...]]:
    """Leave out platform metadata columns, unless the codebook has them as questions."""
    if not drop:
        return blocks, ()
    asked = set() if survey is None else {_norm(q.text) for q in survey.questions}
    dropped = [b for b in blocks if is_metadata(b.text) and _norm(b.text) not in asked]
    return [b for b in blocks if b not in dropped], tuple(b.text for b in dropped)


def _with_kept(
    data: pd.DataFrame,
    kept: list[tuple[str, _Block]],
    body: pd.DataFrame,
    mapping: list[dict[str, Any]],
    where: str,
) -> pd.DataFrame:
    """Return `data` with the kept columns after the codebook's, each added to `mapping`."""
    clashing = [name for name, _ in kept if name in data.columns]
    if clashing:
        msg = (
            f"{where!r}: the kept column(s) {clashing} have the name of a codebook column."
            "\n\nHint: keep them under other headers, or rename the questions."
        )
        raise ReadError(msg, path=where)
    result = data.copy()
    for name, block in kept:
        result[name] = _kept_column(body.iloc[:, block.positions[0]])
        mapping.append(_row(block.positions[0], block.text, block.options[0], "", name))
    return result


def _dates_read(
    sheet_cells: SheetCells | None,
    mapping: list[dict[str, Any]],
    lines: list[int],
    ids: pd.Series,
) -> list[dict[str, Any]]:
    """Return the changes reading a workbook's date cells as text (none for a CSV file)."""
    if sheet_cells is None or not sheet_cells.dates:
        return []
    return date_changes(sheet_cells.dates, mapping, lines, ids)


def _refuse_a_respondent_as_header(
    raw: pd.DataFrame, id_blocks: list[Any], layout: str, where: str
) -> None:
    """Refuse a second header row that is a respondent (the row of sub-headers deleted).

    Under the respondent id, a two-header export's second row is blank (SurveyMonkey) or
    a header; an id there is the first respondent, whose answers would otherwise be read
    as option labels and who would be lost from the data.
    """
    if not id_blocks or layout != "two_headers":
        return
    id_block = id_blocks[0]
    cell = str(raw.iloc[1, id_block.positions[0]]).strip()
    if cell.isdigit():
        msg = (
            f"{where!r}: the second row holds {cell!r} under {id_block.text!r}, a "
            "respondent's id: the row of sub-headers a two-header export has under its "
            "question texts (option labels, 'Response') is missing, and that respondent "
            "would be read as it and lost."
        )
        hint = (
            "Hint: export the file again with both header rows, or pass "
            'layout="one_header" if it has only one.'
        )
        raise ReadError(f"{msg}\n\n{hint}", path=where)


def read_platform_export(
    path: str | os.PathLike[str] | pd.DataFrame,
    survey: Survey | None = None,
    *,
    id_column: str | None = None,
    keep: Sequence[str] = (),
    ignore: Sequence[str] = (),
    drop_metadata: bool = True,
    layout: ExportLayout = "auto",
    sheet: str | int = 0,
    encoding: str = "utf-8-sig",
    title: str | None = None,
) -> PlatformExport:
    r"""Read a survey-platform export (CSV, Excel or a DataFrame) onto a codebook.

    Parameters
    ----------
    path : str, path or pandas.DataFrame
        A ``.csv`` or ``.xlsx`` export, or its cells in a DataFrame: read with
        ``header=None`` (every row a row), with ``header=[0, 1]`` (the header rows as
        column levels) or with pandas' defaults (the first header row as the columns).
    survey : Survey, optional
        The codebook. Export columns are matched to questions on the question text (or
        id) of the first header row, and to options (tick-all-that-apply) or items
        (grids) on the second. Without one, a codebook is drafted from the headers:
        columns of ticks (or of options joined in a cell, in the one- and three-header
        layouts) become multi-response sets, blocks of columns grids, columns of numbers
        the codebook reads back ("1,000,000", "2.5") numeric questions (amounts such as
        "£5k", or "1,200", which could be 1.2, are options or text, the note saying
        why), columns with few distinct answers
        single-choice questions (spellings that differ only by case, spacing or
        apostrophes merged into one option, and listed in its note) and the rest text.
    id_column : str, optional
        The header of the respondent id column; by default a column headed "Respondent
        ID", "Response ID" or "ID" is used, and without one ids 1, 2, ... are made.
    keep : sequence of str
        Headers of other columns to keep as they are (a weight, a region code), after
        the codebook's columns: as numbers when every cell is one, else as text. Pass
        the weight column on to :func:`tracktr.frequencies` (``weights=``).
    ignore : sequence of str
        Question texts of columns to leave out.
    drop_metadata : bool, default True
        Leave out the columns platforms add that are not answers (collector ids, start
        and end dates, timestamps, IP addresses, names, e-mail addresses, custom data,
        Qualtrics' progress, duration and location), unless the codebook asks them;
        ``PlatformExport.dropped`` lists them. The respondent id is kept as the id.
    layout : {"auto", "one_header", "two_headers", "three_headers"}, default "auto"
        The header rows: one (Google Forms, Microsoft Forms: grid items in brackets,
        ticked options joined by ", " or ";" in one cell), two (SurveyMonkey and most
        others) or three (Qualtrics: column names, question texts, ``ImportId`` row).
        ``"auto"`` tells them apart (see ``detect_layout``).
    sheet : str or int, default 0
        The worksheet of an Excel export.
    encoding : str, default "utf-8-sig"
        The text encoding of a CSV export.
    title : str, optional
        The title of a drafted codebook (default: the file name).

    Returns
    -------
    PlatformExport
        The prepared data, the codebook, the header map, every change made and the
        columns kept and dropped.

    Raises
    ------
    tracktr.ReadError
        If the file is absent, not a CSV or Excel file, corrupted, lacks the header
        rows, has no column to `keep`, does not match the codebook (``.mismatches``
        lists each mismatch), has formula cells with no stored value (a workbook written
        by a script), or with ``layout="auto"`` when its second row could be either
        sub-headers or the first respondent (pass `layout`).
    tracktr.InvalidOptionError
        If `ignore` names a header no column has (the nearest headers are suggested), or
        a column is named in both `ignore` and `keep`.
    tracktr.SurveyValidationError
        If the answers do not validate against the codebook. Blank and repeated
        respondent ids are named by the line of the file (the sheet row of a workbook)
        that holds them, counting the header rows and the empty rows left out; for a
        DataFrame, by their 0-based positions in it.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "where", "type": "multi", "text": "Where do you work?",
    ...      "options": ["Prison", "Community"]},
    ...     {"id": "secure", "type": "single", "text": "Is your funding secure?",
    ...      "options": ["Yes", "No"]}]})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text(
    ...     "Respondent ID,Where do you work?,,Is your funding secure?\n"
    ...     ",Prison,Community,Response\n"
    ...     "1,Prison,,Yes\n2,,,No\n", encoding="utf-8")
    >>> export = tt.io.read_platform_export(path, survey)
    >>> export.data
       respondent_id    where_1    where_2 secure
    0              1          1          0    Yes
    1              2  <skipped>  <skipped>     No

    A Google Forms export (one header row) in a DataFrame, keeping a weight column:

    >>> import pandas as pd
    >>> form = pd.DataFrame({
    ...     "Timestamp": ["2025/03/01 10:02:11 AM GMT", "2025/03/01 11:40:03 AM GMT"],
    ...     "Where do you work?": ["Prison, Community", "Prison"],
    ...     "Weight": ["1.5", "0.5"]})
    >>> export = tt.io.read_platform_export(form, keep=["Weight"])
    >>> export
    PlatformExport('DataFrame', 2 respondents, 1 questions, drafted, 1 metadata columns dropped)
    >>> export.dropped, export.layout
    (('Timestamp',), 'one_header')
    >>> export.data
       respondent_id  where_do_you_work_1  where_do_you_work_2  Weight
    0              1                    1                    1     1.5
    1              2                    1                    0     0.5
    """
    check_choice(layout, ExportLayout, name="layout")
    where, file_name, rows, lines, (unit, offset), sheet_cells = _source(
        path, sheet=sheet, encoding=encoding, layout=layout
    )
    raw, lines, found, empty_rows = _two_headers(rows, lines, layout, where)
    if sheet_cells is not None:
        refuse_merged_answers(sheet_cells, header_rows(found), where)
    places = _Places(lines, unit, offset)
    blocks = _blocks(raw, merge_repeated=survey is None, id_column=id_column, where=where)
    body = raw.iloc[2:].reset_index(drop=True)
    blocks = _without_ignored(blocks, ignore, keep, where)
    id_blocks = [b for b in blocks if _is_id(b, id_column)]
    if id_column is not None and not id_blocks:
        near = _nearest(id_column, [b.text for b in blocks])
        msg = f"{where!r}: no column headed {id_column!r}{near}.\n\nHint: check `id_column`."
        raise ReadError(msg, path=where)
    _refuse_a_respondent_as_header(raw, id_blocks, found, where)
    blocks = [b for b in blocks if not (id_blocks and b is id_blocks[0])]
    blocks, kept_blocks = _take(blocks, keep, where, id_block=id_blocks[0] if id_blocks else None)
    blocks, dropped = _metadata(blocks, survey, drop_metadata)
    ids = (
        _as_ids(body.iloc[:, id_blocks[0].positions[0]])
        if id_blocks
        else pd.Series(range(1, len(body) + 1), index=body.index, dtype="int64")
    )
    cells = _Cells(body=body, ids=ids, lines=lines, separators=separators(found))
    drafted = survey is None
    if survey is None:
        survey, frame, mapping = _draft(blocks, cells, title or file_name or "Export", where)
    else:
        frame, mapping = _match(survey, blocks, cells, where)
    survey = _keep_other_texts(survey, cells, frame)
    rid = survey.respondent_id
    if id_blocks:
        position = id_blocks[0].positions[0]
        mapping.insert(0, _row(position, id_blocks[0].text, id_blocks[0].options[0], rid, rid))
    data = pd.DataFrame({rid: ids, **frame}, index=body.index)
    ordered = [c for c in survey.columns if c in data.columns]
    try:
        prepared = prepare_file(survey, data[ordered], path=where)
    except SurveyValidationError as error:
        placed = _placed(error, survey, ids, places, where)  # lines, not frame positions
        _raise_failures(cells, where, placed)  # all failures in one error
        if placed is error:
            raise
        raise placed from error
    _raise_failures(cells, where)
    result = _with_kept(prepared.data, kept_blocks, body, mapping, where)
    columns = pd.DataFrame(
        mapping, columns=["position", "question_text", "option_text", "question", "column"]
    ).sort_values("position", ignore_index=True)
    changes = prepared.changes
    # Date cells read as text first, then the draft's changes: in the order they were made.
    made = [*_dates_read(sheet_cells, mapping, lines, ids), *cells.changes]
    if made:
        earlier = pd.DataFrame(made, columns=list(changes.columns))
        changes = pd.concat([earlier.astype(object), changes], ignore_index=True)
    return PlatformExport(
        data=result,
        survey=survey,
        columns=columns,
        changes=changes,
        drafted=drafted,
        path="" if isinstance(path, pd.DataFrame) else where,
        kept=tuple(name for name, _ in kept_blocks),
        dropped=dropped,
        layout=found,
        empty_rows=empty_rows,
    )

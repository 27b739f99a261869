"""Survey-platform exports: CSV or Excel files with two header rows.

Online survey platforms export one row per respondent under two header rows: the question
text on the first (written once, above the first column of a question), and on the second
the option text of each column of a tick-all-that-apply question (a cell holding the
option, or 1, when ticked; blank when not) or the item text of each column of a grid.
Single-column questions have a blank or generic second header ("Response").
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tracktr.exceptions import CodebookError, ReadError, SurveyValidationError
from tracktr.io._cells import read_rows
from tracktr.io._files import existing_file, prepare_file, require
from tracktr.survey import (
    GridQuestion,
    Item,
    MultiQuestion,
    NumericQuestion,
    Option,
    Question,
    SingleQuestion,
    Survey,
    TextQuestion,
)

__all__ = ["PlatformExport", "read_platform_export"]

_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
_GENERIC = {"", "response", "open-ended response", "answer", "responses", "value"}
_ID_NAMES = {
    "respondent_id",
    "respondent id",
    "respondentid",
    "response id",
    "response_id",
    "responseid",
    "id",
    "record id",
    "case id",
}
_TICKED = {"1", "1.0", "true", "yes", "x", "ticked", "selected", "checked"}
_UNTICKED = {"0", "0.0", "false", "no", "not selected", "unticked", "unchecked"}
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
        Every cell changed while preparing (see :class:`tracktr.Prepared`).
    drafted : bool
        Whether `survey` was drafted from the export (check it, then save it with
        ``survey.to_toml``).
    path : str
        The file read.

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

    def __repr__(self) -> str:
        state = "drafted" if self.drafted else "codebook"
        return (
            f"PlatformExport({Path(self.path).name!r}, {len(self.data)} respondents, "
            f"{len(self.survey.questions)} questions, {state})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the header map: one row per export column (the same as `columns`)."""
        return self.columns.copy()


@dataclass(frozen=True, slots=True)
class _Block:
    """The columns of one question in the export."""

    text: str
    positions: tuple[int, ...]
    options: tuple[str, ...]


def _norm(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _cell_text(value: object) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_raw(path: Path, *, sheet: str | int, encoding: str) -> tuple[pd.DataFrame, list[int]]:
    """Return every cell as text (nothing read as missing) and each row's line in the file."""
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
        lines = list(range(1, len(raw) + 1))
    else:
        rows, lines = read_rows(path, encoding=encoding, header_rows=2)
        raw = pd.DataFrame(rows, dtype=object)
    if len(raw) < 2:
        msg = (
            f"{where!r}: an export needs two header rows (question text, then option text); "
            f"the file has {len(raw)} row(s).\n\nHint: export with both header rows."
        )
        raise ReadError(msg, path=where)
    return raw.astype(object), lines


def _blocks(raw: pd.DataFrame, *, merge_repeated: bool) -> list[_Block]:
    """Split the columns into questions: a question text starts a block, blanks continue it.

    Some platforms repeat the question text over every column of a question; with
    `merge_repeated`, consecutive columns with the same text form one block.
    """
    first = [_cell_text(v).strip() for v in raw.iloc[0].tolist()]
    second = [_cell_text(v).strip() for v in raw.iloc[1].tolist()]
    blocks: list[_Block] = []
    for position, (text, option) in enumerate(zip(first, second, strict=True)):
        repeated = merge_repeated and blocks and _norm(text) == _norm(blocks[-1].text)
        if blocks and (not text or repeated):
            last = blocks[-1]
            blocks[-1] = _Block(last.text, (*last.positions, position), (*last.options, option))
        else:
            blocks.append(
                _Block(text or option or f"column {position + 1}", (position,), (option,))
            )
    return blocks


def _is_id(block: _Block, id_column: str | None) -> bool:
    if len(block.positions) != 1:
        return False
    if id_column is not None:
        return _norm(block.text) == _norm(id_column)
    return _norm(block.text) in _ID_NAMES


def _is_other(option: str) -> bool:
    """Whether an option is an "Other (please specify)" one, whose cells hold typed text."""
    return re.match(r"other\b", _norm(option)) is not None


def _tick(value: object, option: str) -> int | str | None:
    """Return a tick-all-that-apply cell as 1 (ticked), 0, None (blank) or its text.

    Only the option's own text and the platforms' tick marks count; anything else (an
    answer typed under the wrong option, stray text) is returned as it is, for the caller
    to report, or to keep as the typed answer of an "Other (please specify)" option.
    """
    if _blank(value):
        return None
    text = _cell_text(value).strip()
    if _norm(text) == _norm(option) or text.casefold() in _TICKED:
        return 1
    if text.casefold() in _UNTICKED:
        return 0
    return text


def _as_ids(values: pd.Series) -> pd.Series:
    texts = [_cell_text(v).strip() for v in values.tolist()]
    if texts and all(re.fullmatch(r"-?\d+", t) for t in texts):
        return pd.Series([int(t) for t in texts], index=values.index, dtype="int64")
    return pd.Series([t or None for t in texts], index=values.index, dtype=object)


def _single_column(values: pd.Series) -> pd.Series:
    return pd.Series(
        [None if _blank(v) else v for v in values.tolist()], index=values.index, dtype=object
    )


@dataclass(slots=True)
class _Cells:
    """The body of an export and what reading its tick columns collects."""

    body: pd.DataFrame
    ids: pd.Series
    lines: list[int]  # the file line (or sheet row) of each body row
    failures: list[dict[str, Any]] = field(default_factory=list)
    # "Other (please specify)" text: text question id -> (wording, typed answers)
    others: dict[str, tuple[str, pd.Series]] = field(default_factory=dict)


def _ticks(
    cells: _Cells, position: int, option: str, *, question: str, wording: str, column: str
) -> pd.Series:
    """Read one tick column: 1/0/None; typed text is kept for "Other", else a failure."""
    other = _is_other(option)
    ticks: list[int | None] = []
    texts: list[str | None] = []
    for k, value in enumerate(cells.body.iloc[:, position].tolist()):
        cell = _tick(value, option)
        if isinstance(cell, str) and other:
            ticks.append(1)
            texts.append(cell)
            continue
        if isinstance(cell, str):
            cells.failures.append(
                {
                    "question": question,
                    "column": column,
                    "respondent_id": cells.ids.iloc[k],
                    "value": cell,
                    "check": "not_a_tick",
                    "expected": f"{option!r}, a tick mark (1, x, true) or blank",
                    "line": cells.lines[k + 2],
                    "export_column": position + 1,
                }
            )
            cell = None
        ticks.append(cell)
        texts.append(None)
    if other and any(t is not None for t in texts):
        cells.others[f"{question}_other"] = (
            f"{wording} - {option}",
            pd.Series(texts, index=cells.body.index, dtype=object),
        )
    return pd.Series(ticks, index=cells.body.index, dtype=object)


def _raise_failures(cells: _Cells, where: str, others: SurveyValidationError | None = None) -> None:
    """Raise one error with the tick failures and any other validation failures."""
    if not cells.failures:
        if others is not None:
            raise others
        return
    failures = pd.DataFrame(cells.failures)
    shown = "\n".join(
        f"- line {f['line']}, column {f['export_column']} ({f['column']!r}, question "
        f"{f['question']!r}): {f['value']!r} is not a tick; expected {f['expected']}"
        for f in cells.failures[:_SHOWN]
    )
    more = "" if len(failures) <= _SHOWN else f"\n... and {len(failures) - _SHOWN} more."
    also = ""
    if others is not None:
        failures = pd.concat([failures, others.failures], ignore_index=True)
        also = f"\n\nAlso: {others}"
    msg = (
        f"{where!r}: {len(cells.failures)} cell(s) of tick-all-that-apply columns hold text "
        f"that is neither the option nor a tick mark:\n{shown}{more}{also}\n\nHint: correct "
        "the cells; an answer typed under an option is not counted as a tick. "
        "`error.failures` lists every failure."
    )
    raise SurveyValidationError(msg, failures=failures)


# -- reading onto a codebook -----------------------------------------------------------------


def _match(
    survey: Survey,
    blocks: list[_Block],
    cells: _Cells,
    where: str,
) -> tuple[dict[str, pd.Series], list[dict[str, Any]]]:
    body = cells.body
    # Text questions that hold the typed answers of an "Other (please specify)" option.
    other_texts = {
        f"{q.id}_other"
        for q in survey.questions
        if isinstance(q, MultiQuestion) and any(_is_other(o.label) for o in q.options)
    }
    by_text: dict[str, list[int]] = {}
    for k, block in enumerate(blocks):
        by_text.setdefault(_norm(block.text), []).append(k)
    used: set[int] = set()
    frame: dict[str, pd.Series] = {}
    mapping: list[dict[str, Any]] = []
    mismatches: list[str] = []

    def take(question: Question) -> _Block | None:
        for key in (_norm(question.text), _norm(question.id)):
            for k in by_text.get(key, []):
                if k not in used:
                    used.add(k)
                    return _extend(question, k)
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
        if found_block is None and question.id in other_texts:
            continue  # filled from the "Other" tick column below
        if found_block is None:
            mismatches.append(
                f"question {question.id!r} ({question.text!r}) has no column in the export"
            )
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
        frame[question.id] = _single_column(body.iloc[:, position])
        mapping.append(
            _row(position, found_block.text, found_block.options[0], question.id, question.id)
        )
    for k, block in enumerate(blocks):
        if k not in used:
            mismatches.append(
                f"export column {block.positions[0] + 1} ({block.text!r}) matches no question "
                "of the codebook"
            )
    if mismatches:
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
    return frame, mapping


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
            frame[column] = _single_column(cells.body.iloc[:, position])
        mapping.append(_row(position, block.text, option, question.id, column))
    for label, column in targets.values():
        if column not in found:
            mismatches.append(
                f"question {question.id!r}: {kind} {label!r} has no column in the export"
            )


def _row(position: int, text: str, option: str, question: str, column: str) -> dict[str, Any]:
    return {
        "position": position + 1,
        "question_text": text,
        "option_text": option,
        "question": question,
        "column": column,
    }


# -- drafting a codebook ---------------------------------------------------------------------


def _slug(text: str, taken: set[str]) -> str:
    number = re.match(r"\s*(?:q(?:uestion)?\s*)?(\d+[a-z]?)[.):]\s", text, flags=re.IGNORECASE)
    if number:
        base = f"q{number.group(1).lower()}"
    else:
        words = re.findall(r"[a-z0-9]+", text.casefold())
        base = "_".join(words[:5])[:40].strip("_") or "question"
        if base[0].isdigit():
            base = f"q_{base}"
    slug = base
    k = 2
    while slug in taken:
        slug = f"{base}_{k}"
        k += 1
    taken.add(slug)
    return slug


def _short(values: Sequence[str]) -> bool:
    """Whether answers look like options rather than free text (a few short words)."""
    return all(len(v) <= 30 and len(v.split()) <= 4 for v in values)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _distinct(values: Sequence[object]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if not _blank(v):
            seen.setdefault(_cell_text(v).strip(), None)
    return list(seen)


def _tick_column(option: str, column: pd.Series, *, typed_other: bool) -> bool:
    """Whether a column holds only ticks of `option` (or typed text, for an "Other")."""
    if _norm(option) in _GENERIC:
        return False
    if typed_other and _is_other(option):
        return True
    return all(_blank(v) or _tick(v, option) in (0, 1) for v in column.tolist())


def _draft(
    blocks: list[_Block], cells: _Cells, title: str, where: str
) -> tuple[Survey, dict[str, pd.Series], list[dict[str, Any]]]:
    body = cells.body
    taken: set[str] = {"respondent_id"}
    questions: list[Question] = []
    frame: dict[str, pd.Series] = {}
    mapping: list[dict[str, Any]] = []
    for block in blocks:
        qid = _slug(block.text, taken)
        columns = [body.iloc[:, p] for p in block.positions]
        # An "Other (please specify)" column of a set holds typed text, not ticks.
        ticks = all(
            _tick_column(option, column, typed_other=len(block.positions) > 1)
            for option, column in zip(block.options, columns, strict=True)
        )
        if ticks:
            options = tuple(
                Option(k, option, column=f"{qid}_{k}")
                for k, option in enumerate(block.options, start=1)
            )
            questions.append(MultiQuestion(qid, block.text, options=options, inferred=True))
            for option, position in zip(block.options, block.positions, strict=True):
                name = f"{qid}_{block.options.index(option) + 1}"
                frame[name] = _ticks(
                    cells, position, option, question=qid, wording=block.text, column=name
                )
                mapping.append(_row(position, block.text, option, qid, name))
            continue
        if len(block.positions) > 1:
            found: list[str] = []
            for column in columns:
                found += [v for v in _distinct(column.tolist()) if v not in found]
            items: list[Item] = []
            item_ids: set[str] = set()
            for option, position, column in zip(
                block.options, block.positions, columns, strict=True
            ):
                item_id = _slug(option or f"item {len(items) + 1}", item_ids)
                name = f"{qid}_{item_id}"
                items.append(Item(item_id, option or item_id, name))
                frame[name] = _single_column(column)
                mapping.append(_row(position, block.text, option, qid, name))
            questions.append(
                GridQuestion(
                    qid,
                    block.text,
                    options=tuple(Option(k, v) for k, v in enumerate(found, start=1)),
                    items=tuple(items),
                    inferred=True,
                    note="Drafted from an export: scale points in order of first appearance.",
                )
            )
            continue
        position = block.positions[0]
        column = columns[0]
        values = _distinct(column.tolist())
        answered = sum(not _blank(v) for v in column.tolist())
        numbers = [_number(v) for v in values]
        question: Question
        if values and all(n is not None for n in numbers):
            integer = all(n is not None and n.is_integer() for n in numbers)
            question = NumericQuestion(qid, block.text, integer=integer, inferred=True)
        elif values and len(values) <= 15 and (len(values) <= answered // 2 or _short(values)):
            question = SingleQuestion(
                qid,
                block.text,
                options=tuple(Option(k, v) for k, v in enumerate(values, start=1)),
                inferred=True,
                note="Drafted from an export: options in order of first appearance.",
            )
        else:
            question = TextQuestion(qid, block.text, inferred=True)
        questions.append(question)
        frame[qid] = _single_column(column)
        mapping.append(_row(position, block.text, block.options[0], qid, qid))
    if not questions:
        msg = (
            f"{where!r}: the export has no question columns.\n\n"
            "Hint: the first header row holds the question texts."
        )
        raise ReadError(msg, path=where)
    survey = Survey(title=title, questions=tuple(questions))
    return survey, frame, mapping


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
                f"codebook's {text_id!r} is a {existing.type} question.\n\nHint: rename that "
                f"question, or add a text question {text_id!r} for the typed answers."
            )
            raise CodebookError(msg)
        frame[text_id] = texts
    return survey


# -- the public reader -----------------------------------------------------------------------


def read_platform_export(
    path: str | os.PathLike[str],
    survey: Survey | None = None,
    *,
    id_column: str | None = None,
    ignore: Sequence[str] = (),
    sheet: str | int = 0,
    encoding: str = "utf-8-sig",
    title: str | None = None,
) -> PlatformExport:
    r"""Read a survey-platform export (CSV or Excel, two header rows) onto a codebook.

    Parameters
    ----------
    path : str or path
        A ``.csv`` or ``.xlsx`` export.
    survey : Survey, optional
        The codebook. Export columns are matched to questions on the question text (or
        id) of the first header row, and to options (tick-all-that-apply) or items
        (grids) on the second. Without one, a codebook is drafted from the headers:
        columns of ticks become multi-response sets, blocks of columns grids, columns of
        numbers numeric questions, columns with few distinct answers single-choice
        questions and the rest text.
    id_column : str, optional
        The header of the respondent id column; by default a column headed "Respondent
        ID", "Response ID" or "ID" is used, and without one ids 1, 2, ... are made.
    ignore : sequence of str
        Question texts of columns to leave out (start dates, IP addresses).
    sheet : str or int, default 0
        The worksheet of an Excel export.
    encoding : str, default "utf-8-sig"
        The text encoding of a CSV export.
    title : str, optional
        The title of a drafted codebook (default: the file name).

    Returns
    -------
    PlatformExport
        The prepared data, the codebook, the header map and every change made.

    Raises
    ------
    tracktr.ReadError
        If the file is absent, not a CSV or Excel file, corrupted, lacks the two header
        rows, or does not match the codebook (``.mismatches`` lists each mismatch).
    tracktr.SurveyValidationError
        If the answers do not validate against the codebook.

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
    """
    where = str(path)
    file = existing_file(path, suffixes=_SUFFIXES, what="a CSV or Excel export")
    raw, lines = _read_raw(file, sheet=sheet, encoding=encoding)
    blocks = _blocks(raw, merge_repeated=survey is None)
    body = raw.iloc[2:].reset_index(drop=True)
    ignored = {_norm(text) for text in ignore}
    blocks = [b for b in blocks if _norm(b.text) not in ignored]
    id_blocks = [b for b in blocks if _is_id(b, id_column)]
    if id_column is not None and not id_blocks:
        msg = f"{where!r}: no column headed {id_column!r}.\n\nHint: check `id_column`."
        raise ReadError(msg, path=where)
    blocks = [b for b in blocks if not (id_blocks and b is id_blocks[0])]
    if id_blocks:
        ids = _as_ids(body.iloc[:, id_blocks[0].positions[0]])
    else:
        ids = pd.Series(range(1, len(body) + 1), index=body.index, dtype="int64")
    cells = _Cells(body=body, ids=ids, lines=lines)
    drafted = survey is None
    if survey is None:
        survey, frame, mapping = _draft(blocks, cells, title or file.name, where)
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
        _raise_failures(cells, where, error)  # all failures in one error
        raise
    _raise_failures(cells, where)
    columns = pd.DataFrame(
        mapping, columns=["position", "question_text", "option_text", "question", "column"]
    ).sort_values("position", ignore_index=True)
    return PlatformExport(
        data=prepared.data,
        survey=survey,
        columns=columns,
        changes=prepared.changes,
        drafted=drafted,
        path=where,
    )

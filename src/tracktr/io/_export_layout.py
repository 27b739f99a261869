"""The layout of a platform export: which of its first rows are headers.

``detect_layout`` takes the second row for sub-headers on any
sign of them. Read as headers, a respondent's row is lost; so each weak sign (a question
text repeated over adjacent columns, "Response" in the second row) is weighed here
against the answers below it, and a second row that could be either is refused with the
signs for each reading. Qualtrics' legacy export (column names, then question texts) is
recognised here too.
"""

from __future__ import annotations

import re

from tracktr.exceptions import ReadError
from tracktr.io._export_cells import _GENERIC as _GENERIC_CELLS
from tracktr.io._export_cells import _TICKED, _UNTICKED, _norm
from tracktr.io._exports import detect_layout
from tracktr.typing import ExportLayout

__all__ = ["layout_of"]

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
"""Headers of a respondent id column (folded), as platforms write them."""
_SIGNS = 3  # signs of each reading named when the second row is ambiguous
_QUALTRICS_QUESTION = re.compile(r"Q\d+(?:_\d+)*(?:_TEXT)?")
_QUALTRICS_MEMBER = re.compile(r"(?P<stem>.+)_\d+")


def layout_of(
    rows: list[list[str]], lines: list[int], layout: ExportLayout, where: str
) -> tuple[ExportLayout, bool]:
    """Return the layout to read, and whether rows 1-2 are Qualtrics' legacy headers.

    ``detect_layout`` takes the second row for sub-headers on
    any sign of them; a sign that the row's own cells and the answers below contradict
    is weighed here (:func:`_weigh_second_row`), so that no respondent is taken for a
    header row on weak evidence.
    """
    if layout in ("one_header", "three_headers"):
        return layout, False
    detected = detect_layout(rows)
    if detected != "three_headers" and _qualtrics_legacy(rows):
        return "two_headers", True
    if layout != "auto":
        return layout, False
    if detected == "two_headers":
        return _weigh_second_row(rows, lines, where), False
    return detected, False


def _qualtrics_legacy(rows: list[list[str]]) -> bool:
    """Whether the first two rows are Qualtrics' legacy headers: column names, then texts.

    Qualtrics' legacy CSV export has no third (``ImportId``) row. It is told by a column
    name such as ``Q1`` or ``Q2_1`` on the first row and, on the second, either "Response
    ID" under the ``ResponseID`` (or ``V1``) column, or the texts of a set's columns
    (``Q2_1``, ``Q2_2``) all naming one question before " - " ("Where do you work? -
    Prison"): cells no respondent writes.
    """
    if len(rows) < 2 or not any(_QUALTRICS_QUESTION.fullmatch(n.strip()) for n in rows[0]):
        return False
    names, texts = rows[0], rows[1]
    if any(
        _norm(name) in {"responseid", "v1"} and _norm(text) in _ID_NAMES
        for name, text in zip(names, texts, strict=False)
    ):
        return True
    sets: dict[str, list[str]] = {}
    for name, text in zip(names, texts, strict=False):
        member = _QUALTRICS_MEMBER.fullmatch(name.strip())
        if member is not None:
            sets.setdefault(member.group("stem"), []).append(text.strip())
    return any(
        len(texts) > 1
        and all(" - " in text for text in texts)
        and len({text.rsplit(" - ", 1)[0] for text in texts}) == 1
        for texts in sets.values()
    )


def _weigh_block(
    first: list[str],
    second: list[str],
    below: list[dict[str, str]],
    columns: range,
    *,
    signs: list[tuple[str, bool]],
    answers: list[str],
) -> None:
    """Add the signs of sub-headers and of a respondent of one question's columns."""
    text = first[columns.start].strip()
    labels = {k: _norm(second[k]) for k in columns}
    if len(columns) > 1:
        # Options or items of one question are distinct, and none is an answer in another
        # of its columns; a respondent's answers to it are often alike.
        shared = [(k, j) for k in columns for j in columns if j != k and labels[k] in below[j]]
        # "Response" over each of them is a header word, weighed below, not an answer.
        filled = [label for label in labels.values() if label and label not in _GENERIC_CELLS]
        twice = len(set(filled)) < len(filled)
        where = f"{text!r} heads columns {columns.start + 1} to {columns.stop}"
        signs.append((where, bool(shared) or twice))
        if shared:
            k, j = shared[0]
            answers.append(
                f"{second[k].strip()!r} under {text!r} is also an answer in column {j + 1}"
            )
        elif twice:
            answers.append(f"the cells under {text!r} repeat one another, as answers do")
    for k in columns:
        cell = second[k].strip()
        if _norm(cell) in _GENERIC_CELLS and cell:
            answered = _norm(cell) in below[k]
            signs.append((f"{cell!r} under {first[k].strip()!r}", answered))
            if answered:
                answers.append(f"{cell!r} under {first[k].strip()!r} is also an answer below")
        elif len(columns) == 1 and cell:
            others = sorted(below[k].keys() - {_norm(cell)} - _TICKED - _UNTICKED)
            if others:
                answers.append(
                    f"{cell!r} under {text!r} reads as an answer (the column also holds "
                    f"{below[k][others[0]]!r})"
                )


def _weigh_second_row(rows: list[list[str]], lines: list[int], where: str) -> ExportLayout:
    """Return the layout of an export whose second row looks like sub-headers, or refuse.

    A second row with no cell filled in, or a first row with a blank header, make it two
    header rows. The weak signs (a question text repeated over adjacent columns, or
    "Response", "Answer", "Value" in the second row) are each checked against the answers
    below: a repeated question's second-row cells are its options or items (distinct, and
    none an answer in another of its columns); a generic word is no answer in its own
    column. The second row is also a respondent's when a one-column field holds a word
    that is not a tick mark, with other answers below it ("North" over "South").

    Returns ``"two_headers"`` when no cell of the second row reads as an answer,
    ``"one_header"`` when every sign of sub-headers was contradicted, and otherwise
    raises :class:`tracktr.ReadError` naming the signs and `layout=`.
    """
    first, second, body = rows[0], rows[1], rows[2:]
    if not any(cell.strip() for cell in second) or any(not c.strip() for c in first[1:]):
        return "two_headers"
    width = len(first)
    second = [*second, *[""] * (width - len(second))]
    below = [
        {_norm(r[k]): r[k].strip() for r in body if k < len(r) and r[k].strip()}
        for k in range(width)
    ]
    signs: list[tuple[str, bool]] = []  # (a sign of sub-headers, contradicted)
    answers: list[str] = []  # why the second row reads as a respondent
    start = 0
    while start < width:
        end = start + 1
        while end < width and _norm(first[end]) == _norm(first[start]):
            end += 1
        _weigh_block(first, second, below, range(start, end), signs=signs, answers=answers)
        start = end
    if not answers:
        return "two_headers"
    standing = [sign for sign, contradicted in signs if not contradicted]
    if not standing:
        return "one_header"
    line = lines[1]
    msg = (
        f"{where!r}: cannot tell whether line {line} holds sub-headers or the first "
        f"respondent. As sub-headers: {'; '.join(standing[:_SIGNS])}. As a respondent: "
        f"{'; '.join(answers[:_SIGNS])}. Read the wrong way, a respondent is lost or a "
        "header row is read as one."
    )
    hint = (
        f'Hint: pass layout="one_header" if line {line} is a respondent (Google Forms, '
        f'Microsoft Forms), or layout="two_headers" if it holds option labels or '
        '"Response" (SurveyMonkey).'
    )
    raise ReadError(f"{msg}\n\n{hint}", path=where)

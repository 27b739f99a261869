"""The header layouts of survey-platform exports, and the columns that are not answers.

Platforms lay their headers out in one of three ways:

- two header rows (SurveyMonkey and most others): the question text once above its first
  column, then the option or item text of each column (``"Response"`` under a
  one-column question);
- three header rows (Qualtrics): the column names (``Q1``, ``Q2_1``...), the question text
  (``"Where do you work? - Selected Choice - Prison"`` for a column of a set), then one
  ``{"ImportId": ...}`` row;
- one header row (Google Forms, Microsoft Forms): the question text, with grid items in
  brackets (``"How do you rate us? [Advice]"``) and the ticked options of a
  tick-all-that-apply question joined in one cell (``"Prison, Community"``).

Every layout is turned into the two-header one, which the reader then splits into questions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import pandas as pd

from tracktr.typing import ExportLayout

__all__ = [
    "TEXT",
    "detect_layout",
    "frame_rows",
    "header_rows",
    "is_metadata",
    "separators",
    "to_two_headers",
]

# Columns platforms add that are not answers: who, when, from where, how far. Compared
# with spaces and underscores removed, so "StartDate" (Qualtrics' column name) and "Start
# Date" (its text) are both known.
_METADATA = {
    # SurveyMonkey
    "collector id",
    "start date",
    "end date",
    "ip address",
    "email address",
    "first name",
    "last name",
    # Qualtrics
    "status",
    "response type",
    "progress",
    "duration (in seconds)",
    "finished",
    "recorded date",
    "recipient last name",
    "recipient first name",
    "recipient email",
    "external reference",
    "external data reference",
    "location latitude",
    "location longitude",
    "distribution channel",
    "user language",
    # Google Forms, Microsoft Forms
    "timestamp",
    "email",
    "name",
    "score",
    "total score",
    "start time",
    "completion time",
    "last modified time",
}
_SQUASHED = {re.sub(r"[\s_]+", "", m) for m in _METADATA}
_METADATA_PATTERN = re.compile(r"custom ?data ?\d*|q_[a-z]+(score|duplicate|stuffing|url)\w*")
_GENERIC = {"response", "open-ended response", "answer", "responses", "value"}
_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"\s*:')
_QUALTRICS_NAME = re.compile(r"^(?P<stem>.+?)_(?P<k>\d+)(?P<text>_TEXT)?$")
_BRACKETED = re.compile(r"^(?P<question>.*\S)\s*\[(?P<item>[^\[\]]+)\]\s*$")
_SELECTED = " - Selected Choice"
TEXT = "Text"  # the second header of a column of typed text (Qualtrics' ``_TEXT`` columns)


def is_metadata(text: str) -> bool:
    """Return whether a header names platform metadata (dates, IP address, names, e-mail)."""
    norm = re.sub(r"\s+", " ", text).strip().casefold()
    return re.sub(r"[\s_]+", "", norm) in _SQUASHED or bool(_METADATA_PATTERN.fullmatch(norm))


def header_rows(layout: ExportLayout) -> int:
    """Return the number of header rows of a layout (2 while it is still to be detected)."""
    return {"one_header": 1, "three_headers": 3}.get(layout, 2)


def separators(layout: ExportLayout) -> tuple[str, ...]:
    """Return how a layout joins the ticked options of one cell (none: one column each)."""
    if layout == "one_header":
        return (", ", ";")  # Google Forms; Microsoft Forms ("A;B;")
    if layout == "three_headers":
        return (",",)  # Qualtrics, unless its columns were split
    return ()


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # noqa: PLR0124  (NaN)
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def frame_rows(frame: pd.DataFrame) -> list[list[str]]:
    """Return a DataFrame of an export as rows of text, its column labels as header rows.

    A frame read with ``header=None`` is all rows; one read with ``header=[0, 1]`` has the
    header rows as the levels of its columns; one read with the defaults has the first
    header row as its columns (pandas' ``"Unnamed: 3"`` labels stand for blank cells).
    """
    body = [[_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    if isinstance(frame.columns, pd.MultiIndex):
        levels = [[_unnamed(c[k]) for c in frame.columns] for k in range(frame.columns.nlevels)]
        return [*levels, *body]
    if [*frame.columns] == [*range(frame.shape[1])]:  # read with header=None
        return body
    return [[_unnamed(c) for c in frame.columns], *body]


def _unnamed(label: object) -> str:
    text = _text(label).strip()
    return "" if re.fullmatch(r"Unnamed: \d+(_level_\d+)?", text) else text


def detect_layout(rows: Sequence[Sequence[str]]) -> ExportLayout:
    """Tell the layout from the first rows of an export.

    A third row of ``{"ImportId": ...}`` cells is Qualtrics'. A blank or repeated question
    text over a column of the first row, a generic ``"Response"`` under one in the
    second, or a second row with no cell filled in (the sub-headers of one-column
    questions: an empty row is never a respondent) is the two-header layout; anything
    else has one header row.
    """
    if len(rows) >= 3 and any(_IMPORT_ID.match(cell) for cell in rows[2]):
        return "three_headers"
    if len(rows) < 2:
        return "one_header"
    first, second = rows[0], rows[1]
    if not any(cell.strip() for cell in second):
        return "two_headers"
    if any(not cell.strip() for cell in first[1:]):
        return "two_headers"
    if any(cell.strip().casefold() in _GENERIC for cell in second):
        return "two_headers"
    if any(a.strip() == b.strip() for a, b in itertools.pairwise(first)):
        return "two_headers"
    return "one_header"


def to_two_headers(
    rows: list[list[str]], lines: list[int], layout: ExportLayout
) -> tuple[list[list[str]], list[int]]:
    """Return the rows (and their file lines) of an export in the two-header layout."""
    if layout == "two_headers":
        return rows, lines
    if layout == "one_header":
        first: list[str] = []
        second: list[str] = []
        for header in rows[0]:
            bracketed = _BRACKETED.match(header)
            if bracketed is None:
                first.append(header)
                second.append("")
                continue
            question, item = bracketed.group("question"), bracketed.group("item").strip()
            same = first and _question_of(first, second) == question
            first.append("" if same else question)
            second.append(item)
        return [first, second, *rows[1:]], [lines[0], lines[0], *lines[1:]]
    return _from_qualtrics(rows), [lines[1], lines[1], *lines[3:]]


def _question_of(first: list[str], second: list[str]) -> str:
    """Return the question text of the last column so far (written above its first column)."""
    for text, option in zip(reversed(first), reversed(second), strict=True):
        if text:
            return text if option else ""
    return ""


def _from_qualtrics(rows: list[list[str]]) -> list[list[str]]:
    names, texts = rows[0], rows[1]
    first: list[str] = []
    second: list[str] = []
    previous_stem: str | None = None
    for k, (name, text) in enumerate(zip(names, texts, strict=True)):
        match = _QUALTRICS_NAME.match(name.strip())
        stem = match.group("stem") if match and not match.group("text") else None
        following = _QUALTRICS_NAME.match(names[k + 1].strip()) if k + 1 < len(names) else None
        in_set = stem is not None and (
            stem == previous_stem or (following is not None and following.group("stem") == stem)
        )
        if in_set and " - " in text:
            question, option = text.rsplit(" - ", 1)
            question = question.removesuffix(_SELECTED)
            first.append("" if stem == previous_stem else question)
            second.append(option)
        elif match is not None and match.group("text"):
            # The typed text of an "Other" option ("... - Other - Text"): a text question.
            first.append(text or name)
            second.append(TEXT)
        else:
            # A one-column question ("Is it secure? - Selected Choice" when it has a text box).
            first.append(text.removesuffix(_SELECTED) or name)
            second.append("")
        previous_stem = stem if in_set else None
    return [first, second, *rows[3:]]

"""What a workbook export holds beyond its cells' text: merged ranges and date cells.

pandas reads every cell of a sheet as text, which loses two things a person sees in
Excel: a merged range shows its value in every row it spans, but only its top-left cell
holds it (the others read as blank: skipped answers); and a date cell shows a date, but
reads as ``'2025-03-01 00:00:00'``, another answer than the same date typed. The sheet is
opened once more with openpyxl to find both.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tracktr.exceptions import ReadError
from tracktr.io._files import require

__all__ = [
    "DATE_REASON",
    "PERCENT_REASON",
    "SheetCells",
    "date_changes",
    "date_text",
    "percent_text",
    "refuse_merged_answers",
]

DATE_REASON = "date_cell"
"""The reason of a change that reads a date (or time) cell as its text."""
PERCENT_REASON = "percent_cell"
"""The reason of a change that reads a number formatted as a percentage as shown ("50%")."""
_SHOWN = 10


@dataclass(frozen=True, slots=True)
class _Merge:
    """A merged range holding a value: its address, rows and the value shown."""

    address: str
    first_row: int
    last_row: int
    value: object


@dataclass(frozen=True, slots=True)
class SheetCells:
    """The merged ranges with a value and the date cells of one worksheet.

    `dates` maps (sheet row, 0-based column) to the cell's value and the text it is read
    as: date and time cells (:func:`date_text`), and numbers formatted as percentages
    (:func:`percent_text`), both read as Excel shows them.
    """

    title: str
    merged: tuple[_Merge, ...]
    dates: Mapping[tuple[int, int], tuple[object, str]]

    @classmethod
    def of(cls, file: Path, sheet: str | int) -> SheetCells:
        """Return the merged ranges and date cells of a workbook's sheet."""
        openpyxl = require("openpyxl", "Reading Excel exports")
        # Not read-only: a read-only sheet does not know its merged ranges.
        book = openpyxl.load_workbook(file, data_only=True)
        try:
            found = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
            merged = tuple(
                _Merge(str(r.coord), r.min_row, r.max_row, value)
                for r in found.merged_cells.ranges
                if (value := found.cell(r.min_row, r.min_col).value) is not None
                and str(value).strip()
            )
            dates = {
                (row, column): (cell.value, text)
                for row, cells in enumerate(found.iter_rows(min_row=1, min_col=1), start=1)
                for column, cell in enumerate(cells)
                if (text := date_text(cell.value) or percent_text(cell.value, cell.number_format))
                is not None
            }
            return cls(str(found.title), merged, dates)
        finally:
            book.close()


def date_text(value: object) -> str | None:
    """Return a date or time cell's value as ISO text, or None if it is neither.

    A date with no time of day is its date; a time shows its seconds only when it has
    some. ISO text is what a date typed as text is most often written as, and it reads
    the same in every locale (``01/03/2025`` is March or January).

    Examples
    --------
    >>> import datetime as dt
    >>> date_text(dt.datetime(2025, 3, 1)), date_text(dt.time(10, 30))
    ('2025-03-01', '10:30')
    >>> date_text(dt.datetime(2025, 3, 1, 9, 5, 7)), date_text("2025-03-01")
    ('2025-03-01 09:05:07', None)
    """
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return f"{value.date().isoformat()} {_time_text(value.time())}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _time_text(value)
    return None


def percent_text(value: object, number_format: object) -> str | None:
    """Return a number cell formatted as a percentage as Excel shows it, else None.

    Excel stores 50% as 0.5: read as its value, an answer a respondent typed as "50%"
    was 0.5, a hundredth of what the sheet shows, without a word. Read as shown
    (``"50%"``), a numeric question refuses it naming the cell's respondent, and a text
    question keeps what the respondent saw. The percentage is exact: the value's decimal
    digits moved two places, never a float multiplied and rounded.

    Examples
    --------
    >>> percent_text(0.5, "0%"), percent_text(0.125, "0.0%"), percent_text(1, "0%")
    ('50%', '12.5%', '100%')
    >>> percent_text(0.5, "General"), percent_text("50%", "0%"), percent_text(True, "0%")
    (None, None, None)
    """
    if type(value) not in (int, float) or not isinstance(number_format, str):
        return None
    if "%" not in number_format.replace("\\%", "").replace('"%"', ""):
        return None  # (a literal percent sign, quoted or escaped, is no percentage format)
    shifted = decimal.Decimal(repr(value)).scaleb(2)
    text = format(shifted, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def _time_text(value: dt.time) -> str:
    spec = "minutes" if value.second == 0 and value.microsecond == 0 else "auto"
    return value.replace(tzinfo=None).isoformat(timespec=spec)


def refuse_merged_answers(cells: SheetCells, header_rows: int, where: str) -> None:
    """Refuse merged ranges holding a value that reach the answer rows.

    Excel shows a merged range's value in every row it spans, but only its top-left cell
    holds it: the respondents of the other rows were read as having skipped the question.
    Merged header cells are read as they are (a question text over its columns).

    Raises
    ------
    tracktr.ReadError
        Naming the sheet and up to ten ranges, with the value each shows.
    """
    merged = [m for m in cells.merged if m.last_row > header_rows]
    if not merged:
        return
    shown = "; ".join(
        f"{m.address} (sheet rows {m.first_row}-{m.last_row}) shows {m.value!r}"
        for m in merged[:_SHOWN]
    )
    more = "" if len(merged) <= _SHOWN else f"; and {len(merged) - _SHOWN} more"
    msg = (
        f"{where!r}: sheet {cells.title!r} has {len(merged)} merged range(s) of cells in its "
        f"answer rows: {shown}{more}. Only the first cell of a merge holds the value; the "
        "others would be read as blank (skipped), though Excel shows the value in them."
        "\n\nHint: unmerge the cells in Excel (Merge & Center > Unmerge Cells), fill in each "
        "respondent's own answer, save, and read the export again."
    )
    raise ReadError(msg, path=where)


def date_changes(
    dates: Mapping[tuple[int, int], tuple[object, str]],
    mapping: Sequence[Mapping[str, Any]],
    lines: Sequence[int],
    ids: pd.Series,
) -> list[dict[str, Any]]:
    """Return a change for each date cell read as text, by the question it answers.

    `mapping` holds each export column's ``position`` (1-based), ``question`` and
    ``column``; `lines` the sheet row of each row in the two-header layout.
    """
    by_position = {int(row["position"]) - 1: row for row in mapping}
    by_line = {line: k for k, line in enumerate(lines[2:])}
    found = sorted(
        (position, by_line[line], value, text)
        for (line, position), (value, text) in dates.items()
        if line in by_line and position in by_position
    )
    return [
        {
            "question": by_position[position]["question"] or by_position[position]["column"],
            "column": by_position[position]["column"],
            "respondent_id": ids.iloc[k],
            "before": value,
            "after": text,
            "reason": DATE_REASON if isinstance(value, dt.date | dt.time) else PERCENT_REASON,
        }
        for position, k, value, text in found
    ]

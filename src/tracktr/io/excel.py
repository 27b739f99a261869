r"""Excel export: one formatted sheet per table, with openpyxl (the ``excel`` extra).

Percentages are written as numbers with a percent number format (so a reader can compute
with them), counts beside them, the base under each column (a number displayed "n=151",
as every export prints it), and the notes under the table. Text is stored, unchanged, in
string cells (never run as a formula); one starting with "=" is also marked "quote
prefix", so a spreadsheet keeps it text when it is edited.
A line break (``\r\n``, ``\r`` or ``\n``) is one line feed in a cell that wraps its text.
Control characters a worksheet cannot hold are removed, with a note.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from tracktr._text import CONTROL, label_text
from tracktr.exceptions import InvalidOptionError
from tracktr.io._files import FORMULA_TRIGGERS, atomic_path, require
from tracktr.io._layout import BASE, Cell, Layout, Publishable, layout, refuse_hidden_printed

__all__ = ["excel_text", "sheet_name", "write_table", "write_workbook"]

_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MAX_SHEET = 31
_MAX_CELL = 32_767  # characters a worksheet cell holds; openpyxl cuts longer text silently
# What openpyxl refuses (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE: C0 controls but tab, LF,
# CR), and what every writer removes besides (DEL, C1, bidirectional overrides).
_CONTROL = CONTROL


def _openpyxl() -> Any:
    return require("openpyxl", "Writing Excel files")


def sheet_name(name: str, taken: Sequence[str] = ()) -> str:
    r"""Return a valid, unused sheet name: no ``[]:*?/\``, at most 31 characters.

    Examples
    --------
    >>> from tracktr.io.excel import sheet_name
    >>> sheet_name("Q1: funding / income?", taken=["Q1 funding  income"])
    'Q1 funding  income (2)'
    >>> sheet_name("views_of_the_organisation_s.it's good")
    'views_of_the_organisation_s.it'
    """
    # Line breaks and tabs (which _CONTROL keeps for cells) become spaces: a sheet tab
    # shows one line, and Excel's own sheet-rename refuses them.
    text = str(name).replace("\t", " ").replace("\r", " ").replace("\n", " ")
    base = _CONTROL.sub("", _BAD_SHEET_CHARS.sub("", text)).strip("' ") or "Table"
    # Excel refuses a name that ends with an apostrophe (and repairs the file, breaking
    # the index's links): cutting to 31 characters can leave one at the end.
    base = base[:_MAX_SHEET].rstrip("' ")
    candidate = base
    number = 2
    # Excel reserves "History" (its change-tracking sheet) and refuses a sheet of that name.
    lowered = {t.lower() for t in taken} | {"history"}
    while candidate.lower() in lowered:
        suffix = f" ({number})"
        candidate = base[: _MAX_SHEET - len(suffix)] + suffix
        number += 1
    return candidate


def excel_text(text: str) -> tuple[str, str | None]:
    r"""Return `text` as a worksheet can hold it, and what had to change (or None).

    Text is stored in string cells, which a spreadsheet never runs, so "-10% or more",
    "+1", "@home" and "=SUM(A1:A9)" are written as they are, without an apostrophe (which
    would be part of the cell's text, printed, and read back as typed). A text that
    Excel would read as a formula when the cell is edited is also given the cell style's
    quote prefix by this module's writers, as typing ``'=x`` in Excel does.
    A line break is stored as Excel stores one typed with Alt+Enter, a single line feed:
    ``"\r\n"`` and a lone ``"\r"`` (Windows and old Mac line ends) become ``"\n"`` (the
    writers also wrap the cell's text, without which Excel shows no break). Control
    characters other than tab and line feed, which worksheets cannot hold, are removed,
    and text beyond a cell's 32,767 characters is cut; the second value says so, for the
    sheet's notes.

    Examples
    --------
    >>> from tracktr.io.excel import excel_text
    >>> excel_text("-10% or more"), excel_text("=SUM(A1:A9)")
    (('-10% or more', None), ('=SUM(A1:A9)', None))
    >>> excel_text("Bell\x07")
    ('Bell', 'control characters removed')
    >>> excel_text("Funded by\r\na CRC"), excel_text("Funded by\ra CRC")
    (('Funded by\na CRC', None), ('Funded by\na CRC', None))
    """
    # The same line break, not a change to note: raw, a carriage return was written into
    # the sheet's XML, which readers turn into a line feed anyway (openpyxl and Excel).
    lines = _line_feeds(text)
    cleaned = _CONTROL.sub("", lines)
    change = "control characters removed" if cleaned != lines else None
    if len(cleaned) > _MAX_CELL:
        cleaned = cleaned[: _MAX_CELL - 1] + "…"
        change = f"cut to {_MAX_CELL:,} characters" if change is None else change + ", cut"
    return cleaned, change


def _line_feeds(text: str) -> str:
    r"""Return `text` with each line break (``\r\n``, ``\r`` or ``\n``) as one line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _quote_prefixed(text: str) -> bool:
    """Return whether a text cell needs the quote prefix: Excel would run it once edited.

    Excel reads what is typed into a cell starting with ``=``, ``+``, ``-`` or ``@`` as
    a formula (the CSV writers' ``FORMULA_TRIGGERS``, which neutralise the same text
    with an apostrophe); the quote prefix keeps such a cell text. A lone sign is text.
    """
    return len(text) > 1 and text.startswith(FORMULA_TRIGGERS)


def _write_text(cell: Any, value: str, **style: Any) -> str | None:
    """Write text into a string cell; return what had to change to fit (or None).

    A text of several lines is stored with line feeds and wrapped, so that its cell
    shows the lines as Excel shows a line break typed with Alt+Enter.
    """
    text, change = excel_text(value)
    cell.value = text
    cell.data_type = "s"  # a string cell: never a formula, an error code or a number
    # The quote prefix is a style, not text: Excel shows and returns the text as written,
    # and keeps it text (not a formula) when a reader edits the cell.
    cell.quotePrefix = _quote_prefixed(text)
    for key, setting in style.items():
        setattr(cell, key, setting)
    if "\n" in text:
        # Excel shows a line break only in a cell that wraps its text (Alt+Enter turns it
        # on): without it "Funded by\na CRC" read as one line. The cell's own alignment
        # (centred headers) is kept; a style shared by other cells is not changed.
        alignment = copy.copy(cell.alignment)
        alignment.wrap_text = True
        cell.alignment = alignment
    return change


def _fill_sheet(sheet: Any, lay: Layout) -> None:
    """Write one table's layout onto an empty worksheet."""
    openpyxl = _openpyxl()
    changed: list[str] = []  # texts changed to fit a worksheet, with what changed

    def _text(cell: Any, value: str, **style: Any) -> None:
        change = _write_text(cell, value, **style)
        if change is not None:
            changed.append(f"{value[:60]!r} ({change})")

    styles = openpyxl.styles
    bold = styles.Font(bold=True)
    title_font = styles.Font(bold=True, size=12)
    centre = styles.Alignment(horizontal="center")
    percent_format = "0%" if lay.decimals == 0 else "0." + "0" * lay.decimals + "%"

    _text(sheet.cell(row=1, column=1), lay.title, font=title_font)
    _text(sheet.cell(row=2, column=1), f"Question: {lay.question}")
    _text(sheet.cell(row=3, column=1), lay.base_line)
    header = 5
    for k, label in enumerate(lay.columns):
        first = 2 + 2 * k
        _text(sheet.cell(row=header, column=first), label_text(label), font=bold, alignment=centre)
        sheet.merge_cells(
            start_row=header, start_column=first, end_row=header, end_column=first + 1
        )
        _text(sheet.cell(row=header + 1, column=first), "%", font=bold, alignment=centre)
        # "n" is the number of organisations: a weighted table's counts are not (its note
        # says so, but "n = 6114.5" under a header read as organisations).
        count_header = "weighted" if lay.weighted else "n"
        _text(sheet.cell(row=header + 1, column=first + 1), count_header, font=bold,
              alignment=centre)  # fmt: skip
    by_rows = lay.percent_axis == "rows"
    base_column = 2 + 2 * len(lay.columns)
    if by_rows:
        _text(sheet.cell(row=header, column=base_column), BASE, font=bold, alignment=centre)
    row = header + 2
    for r, (label, cells) in enumerate(lay.rows):
        _text(sheet.cell(row=row, column=1), label_text(label), font=bold)
        for k, value in enumerate(cells):
            _put_cell(sheet, row, 2 + 2 * k, value, percent_format)
        if by_rows:
            _base(sheet.cell(row=row, column=base_column), lay.bases[r])
        row += 1
    if not by_rows:
        _text(sheet.cell(row=row, column=1), BASE, font=bold)
        for k, base in enumerate(lay.bases):
            _base(sheet.cell(row=row, column=3 + 2 * k), base)
        row += 1
    row += 1
    for note in lay.notes:
        _text(sheet.cell(row=row, column=1), note)
        row += 1
    if changed:
        more = " ..." if len(changed) > 5 else ""
        _text(
            sheet.cell(row=row, column=1),
            f"Changed to fit a worksheet: {'; '.join(changed[:5])}{more}.",
        )
    width = max([len(label_text(label)) for label, _ in lay.rows] + [len(BASE), 10])
    sheet.column_dimensions["A"].width = min(width + 2, 60)


def _put_cell(sheet: Any, row: int, column: int, value: Cell, percent_format: str) -> None:
    """Write a cell's percentage (a number with a percent format) and, beside it, its count."""
    p_cell = sheet.cell(row=row, column=column)
    if isinstance(value.percent, float):
        # The decimal shown, over 100, exactly: 83.4 / 100.0 is 0.8340000000000001.
        p_cell.value = float(Fraction(repr(value.percent)) / 100)
        p_cell.number_format = percent_format
    else:
        _write_text(p_cell, value.percent if isinstance(value.percent, str) else "n/a")
    n_cell = sheet.cell(row=row, column=column + 1)
    if isinstance(value.count, float):
        n_cell.value = int(value.count) if value.count.is_integer() else value.count
        n_cell.number_format = "0" if value.count.is_integer() else "0.0"
    elif isinstance(value.count, str):
        _write_text(n_cell, value.count)


def _base(cell: Any, value: float | str) -> None:
    """Write a base (the respondents, n) as a number displayed as the other exports print it.

    Under a weighted table's "weighted" header a bare 4 read as a weighted sum; ``"n="0``
    shows "n=4", as Markdown and HTML do, and the cell stays a number.
    """
    if isinstance(value, str):
        _write_text(cell, value)
    elif float(value).is_integer():
        cell.value = int(value)
        cell.number_format = '"n="0'
    else:
        cell.value = float(value)
        cell.number_format = '"n="General'


def _is_path(target: object) -> bool:
    return isinstance(target, str | os.PathLike)


def _excel_path(target: str | os.PathLike[str]) -> Path:
    path = Path(target)
    if path.suffix.lower() not in _EXCEL_SUFFIXES:
        msg = (
            f"{str(target)!r}: an Excel workbook must end in .xlsx, got "
            f"{path.suffix or 'no extension'!r}.\n\nHint: name the file e.g. 'tables.xlsx'."
        )
        raise InvalidOptionError(msg)
    return path


def write_table(
    table: Publishable,
    path_or_writer: Any,
    *,
    sheet: str | None = None,
) -> None:
    """Write one table (or suppressed table) to a formatted Excel sheet.

    Parameters
    ----------
    table : Table or tracktr.disclosure.Suppression
        What to write; a suppression is written as published, with its marker.
    path_or_writer : str, path, openpyxl Workbook or pandas.ExcelWriter
        A path writes a new workbook with this one sheet (atomically: a failure leaves no
        file behind). A workbook or an ``ExcelWriter(engine="openpyxl")`` gets a new sheet
        and is not saved.
    sheet : str, optional
        The sheet name; defaults to the question id. Made valid and unique.

    Raises
    ------
    tracktr.MissingDependencyError
        Without openpyxl (``pip install ".[excel]"`` from a clone).
    tracktr.InvalidOptionError
        For a path that does not end in ``.xlsx``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import openpyxl
    >>> import tracktr as tt
    >>> table = tt.Table(counts=pd.DataFrame({"All": [1, 7]}, index=["=Yes", "No"]),
    ...                  bases=pd.Series({"All": 8}), question="q1", title="Any change?")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "q1.xlsx"
    >>> tt.io.write_table(table, path)
    >>> ws = openpyxl.load_workbook(path)["q1"]
    >>> ws["A1"].value, ws["A7"].value, ws["B7"].value, ws["B7"].number_format, ws["C7"].value
    ('Any change?', '=Yes', 0.13, '0%', 1)
    >>> ws["A7"].data_type, ws["A7"].quotePrefix
    ('s', True)
    """
    lay = layout(table)
    name = sheet if sheet is not None else lay.question or "Table"
    # A pandas ExcelWriter is also os.PathLike: look for its workbook first.
    book = getattr(path_or_writer, "book", path_or_writer)
    if book is path_or_writer and _is_path(path_or_writer):
        write_workbook([table], path_or_writer, sheets=[name])
        return
    if not hasattr(book, "create_sheet"):
        msg = (
            "`path_or_writer` must be a path, an openpyxl Workbook or a pandas ExcelWriter "
            f"with engine='openpyxl'; got {type(path_or_writer).__name__}."
        )
        raise InvalidOptionError(msg)
    _fill_sheet(book.create_sheet(sheet_name(name, book.sheetnames)), lay)


def write_workbook(
    tables: Sequence[Publishable],
    path: str | os.PathLike[str],
    *,
    sheets: Sequence[str] | None = None,
    contents: bool = False,
    title: str | None = None,
) -> None:
    """Write several tables to one workbook, one sheet each, atomically.

    Parameters
    ----------
    tables : sequence of Table or Suppression
        The tables, in order.
    path : str or path
        The ``.xlsx`` file; replaced only once the whole workbook is written.
    sheets : sequence of str, optional
        Sheet names aligned with `tables` (default: the question ids).
    contents : bool, default False
        Start with a "Contents" sheet listing every sheet and its title.
    title : str, optional
        A heading for the contents sheet.

    Raises
    ------
    tracktr.InvalidDataError
        When a table prints a number that a protected table of the same question hides
        (the protected table beside its own original): protect the tables together.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import openpyxl
    >>> import tracktr as tt
    >>> t = tt.Table(counts=pd.DataFrame({"All": [3, 5]}), bases=pd.Series({"All": 8}),
    ...              question="q")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "all.xlsx"
    >>> tt.io.excel.write_workbook([t, t], path, contents=True)
    >>> openpyxl.load_workbook(path).sheetnames
    ['Contents', 'q', 'q (2)']
    """
    openpyxl = _openpyxl()
    target = _excel_path(path)
    layouts = [layout(t) for t in tables]
    refuse_hidden_printed(layouts)
    names = list(sheets) if sheets is not None else [lay.question or "Table" for lay in layouts]
    if len(names) != len(layouts):
        msg = f"{len(names)} sheet names for {len(layouts)} tables; give one name per table."
        raise InvalidOptionError(msg)
    book = openpyxl.Workbook()
    default = book.active
    used: list[str] = ["Contents"] if contents else []
    chosen = []
    for name in names:
        chosen.append(sheet_name(name, used))
        used.append(chosen[-1])
    if contents:
        index = book.create_sheet("Contents")
        _write_text(
            index.cell(row=1, column=1), title or "Contents", font=openpyxl.styles.Font(bold=True)
        )
        for k, (name, lay) in enumerate(zip(chosen, layouts, strict=True), start=3):
            _write_text(index.cell(row=k, column=1), name)
            _write_text(index.cell(row=k, column=2), lay.title)
        index.column_dimensions["A"].width = 32
    for name, lay in zip(chosen, layouts, strict=True):
        _fill_sheet(book.create_sheet(name), lay)
    book.remove(default)
    if not book.sheetnames:
        msg = "no tables to write; pass at least one table."
        raise InvalidOptionError(msg)
    with atomic_path(target) as temporary:
        book.save(temporary)

"""Writing a tab book: an Excel workbook, an HTML page, a Markdown or a CSV file.

Every format has an index of the sections, then each section as printed by
:meth:`tracktr.tabbook.TabBookSection.display`: the banners across the top (the total
first), "45% B" cells, nets, mean scores, the weighted and unweighted bases (``*`` marks a
small base) and the notes. In a workbook every printed number is a number whose format
shows exactly the printed text ("45% B" is 0.45 formatted ``0%" B"``); hidden cells and
other text stay text. A CSV file holds :meth:`tracktr.TabBook.to_frame`'s tidy rows,
one per printed cell, then each section's notes. Text a spreadsheet would run as a
formula is neutralised, HTML is escaped, and files are written atomically.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tracktr._text import html_text, markdown_text
from tracktr.exceptions import InvalidOptionError
from tracktr.io._files import TABLE_STYLE, atomic_path, format_of, html_page, require
from tracktr.io.excel import _write_text as _text
from tracktr.io.excel import sheet_name

if TYPE_CHECKING:
    import pandas as pd

    from tracktr.tabbook import TabBook, TabBookSection

__all__ = ["write_tabbook"]

BookLayout = Literal["sheets", "long"]
_FORMATS = {
    ".xlsx": "excel",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".csv": "csv",
}
_INDEX = "Index"
_BOOK_STYLE = (
    TABLE_STYLE
    + "tr.base{font-weight:bold}"
    # Headers and row labels stay in view while scrolling, like a workbook's panes.
    + "thead th{position:sticky;top:0;background:#fff}"
    + "th[scope=row]{position:sticky;left:0;background:#fff}"
)
# A printed number: digits, a percent sign, significance letters, a small base's star
# ("45%", "12.5% B C", "-0.32 A", "60.0 *"). Nothing else becomes a number: the letters
# and the star are the only literal text a number format ever carries.
_PRINTED_NUMBER = re.compile(r"(-?)(\d+)(?:\.(\d+))?(%?)((?: [A-Z]+)*(?: \*)?)")
# A spreadsheet holds a number as a double and displays at most 15 significant digits.
_DIGITS = 15


def write_tabbook(
    book: TabBook, path: str | os.PathLike[str], *, layout: BookLayout = "sheets"
) -> Path:
    """Write a tab book to ``.xlsx``, ``.html``, ``.md`` or ``.csv``, chosen by the extension.

    Parameters
    ----------
    book : TabBook
        From :func:`tracktr.tabbook`.
    path : str or path
        The file; replaced only once it is completely written.
    layout : {"sheets", "long"}, default "sheets"
        For workbooks: an index sheet and one sheet per section, or an index sheet and
        one long sheet with every section under the last. Panes are frozen below the
        headers (``"sheets"``) or right of the row labels (``"long"``).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    tracktr.InvalidOptionError
        For another extension or layout.
    tracktr.MissingDependencyError
        For ``.xlsx`` without openpyxl (``pip install ".[excel]"`` from a clone).

    Notes
    -----
    In a workbook, each printed number is a number whose format shows exactly the printed
    text: "45% B" is 0.45 formatted ``0%" B"``, a mean score "3.40" is 3.4 formatted
    ``0.00``, a small base ``"24 *"`` is 24 formatted ``0" *"``. A formula on a cell reads the
    printed figure. Hidden cells ("[c]") and other text are text.

    A CSV file has the columns of :meth:`tracktr.TabBook.to_frame` (``section``,
    ``question``, ``item``, ``row``, ``row_kind``, ``banner``, ``group``, ``letter``,
    ``cell``), one line per printed cell, each section's cells followed by its notes
    (``row_kind`` ``"note"``, the note in ``cell``), then the book's notes and the
    questions not tabulated. A cell a spreadsheet would run as a formula (``=``, ``+``,
    ``-`` or ``@`` before text) starts with an apostrophe. Read it back with
    ``pandas.read_csv(path, keep_default_na=False)``: by default pandas reads the printed
    "n/a", and labels such as "NA" or "None", as missing values.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import openpyxl
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["a", "b"] * 20, "g": ["x"] * 20 + ["y"] * 20})
    >>> survey = tt.Survey.from_dict({"title": "T", "questions": [
    ...     {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]}]})
    >>> book = tt.tabbook(df, survey, banners=["g"])
    >>> out = tt.io.write_tabbook(book, pathlib.Path(tempfile.mkdtemp()) / "book.xlsx")
    >>> openpyxl.load_workbook(out).sheetnames
    ['Index', 'q']
    >>> cell = openpyxl.load_workbook(out)["q"]["B6"]
    >>> cell.value, cell.number_format
    (0.5, '0%')
    """
    if layout not in ("sheets", "long"):
        msg = f"`layout` must be 'sheets' or 'long'; got {layout!r}."
        raise InvalidOptionError(msg)
    target = Path(path)
    kind = format_of(path, _FORMATS, "the tab book's format")
    if kind == "excel":
        _write_excel(book, target, layout)
        return target
    writers = {"csv": _csv, "html": _html, "markdown": _markdown}
    text = writers[kind](book)
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return target


def _header(frame: pd.DataFrame) -> list[tuple[Any, Any]]:
    """Return the (banner, group) pairs of a section's columns."""
    return [(pair[0], pair[1]) for pair in frame.columns]


# -- Excel -----------------------------------------------------------------------------------


class _Styles:
    """The few cell styles of a tab book, each looked up in the workbook once.

    Setting a font or an alignment on a cell makes openpyxl find it among the workbook's
    styles by hashing it, which a book of thousands of cells pays thousands of times (most
    of the writing time). So the first cell of each style is styled as usual, and every
    later one gets a copy of that cell's style indices (``cell._style``), the same numbers
    openpyxl would have found.
    """

    def __init__(self, styles: Any) -> None:
        bold = styles.Font(bold=True)
        self._settings: dict[str, dict[str, Any]] = {
            "title": {"font": styles.Font(bold=True, size=12)},
            "bold": {"font": bold},
            "header": {"font": bold, "alignment": styles.Alignment(horizontal="center")},
            "right": {"alignment": styles.Alignment(horizontal="right")},
        }
        self._indices: dict[str, Any] = {}

    def apply(self, cell: Any, name: str | None) -> None:
        """Give `cell` the style `name` (no style for None)."""
        if name is None:
            return
        indices = self._indices.get(name)
        if indices is None:
            for key, setting in self._settings[name].items():
                setattr(cell, key, setting)
            self._indices[name] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(indices)

    def text(self, cell: Any, value: str, name: str | None = None) -> None:
        """Write text into a string cell (formulas neutralised), styled `name`."""
        # Styled first: a style is shared from the first cell given it, and the quote
        # prefix (set by _text) is the cell's own, not its style's.
        self.apply(cell, name)
        _text(cell, value)

    def printed(self, cell: Any, value: str, name: str | None = None) -> None:
        """Write a printed cell: a number that displays as printed, else text.

        "45% B" is the number 0.45 (the printed percentage, not the unrounded share) with
        the format ``0%" B"``; "12.5%" is 0.125 with ``0.0%``; "0.84 B C" is 0.84 with
        ``0.00" B C"``; a small base ``"60.0 *"`` is 60.0 with ``0.0" *"``. Hidden cells
        ("[c]"), "n/a" and any other text stay text (:func:`_printed_number`).
        """
        number = _printed_number(value)
        if number is None:
            self.text(cell, value, name)
            return
        cell.value, number_format = number
        key = f"{name}\x00{number_format}"
        indices = self._indices.get(key)
        if indices is None:
            self.apply(cell, name)
            cell.number_format = number_format
            self._indices[key] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(indices)


def _literal(text: str) -> str:
    r"""Return `text` as the literal part of a number format, shown exactly as it is.

    Runs of text go in double quotes, where a ``;`` is text and not a new section; a
    ``"`` or ``\`` (which a quoted run cannot hold) is escaped with a backslash.

    Examples
    --------
    >>> from tracktr.io.tabbook import _literal
    >>> _literal(" B C"), _literal('a"b;c')
    ('" B C"', '"a"\\""b;c"')
    """
    parts = re.split(r'(["\\])', text)
    return "".join("\\" + part if part in ('"', "\\") else f'"{part}"' for part in parts if part)


def _printed_number(text: str) -> tuple[int | float, str] | None:
    """Return a printed number's value and number format, or None to keep it as text.

    The value is the number printed, exactly as a decimal ("19.5%" is 0.195, the double
    nearest), so a formula on the cell reads the published figure. A percentage is stored
    as a fraction with a ``%`` format, as :func:`tracktr.io.write_table` does, so that a
    spreadsheet knows it is a percentage. Text stays text when it is not a printed number,
    has more digits than a spreadsheet shows, or is a negative zero ("-0.00"), which a
    spreadsheet shows without its sign.

    Examples
    --------
    >>> from tracktr.io.tabbook import _printed_number
    >>> _printed_number("12.5% A C"), _printed_number("-0.32"), _printed_number("[c]")
    ((0.125, '0.0%" A C"'), (-0.32, '0.00'), None)
    """
    match = _PRINTED_NUMBER.fullmatch(text)
    if match is None:
        return None
    sign, whole, fraction, percent, suffix = match.groups()
    fraction = fraction or ""
    if len((whole + fraction).lstrip("0")) > _DIGITS:
        return None
    exact = Fraction(f"{sign}{whole}.{fraction or 0}")
    if sign and not exact:
        return None
    number_format = "0" + ("." + "0" * len(fraction) if fraction else "") + percent
    number_format += _literal(suffix)
    if percent:
        return float(exact / 100), number_format
    return (int(exact) if not fraction else float(exact)), number_format


def _write_section(sheet: Any, section: TabBookSection, top: int, styles: _Styles) -> int:
    """Write one section from row `top`; return the first free row after it."""
    frame = section.display()
    kinds = section.row_kinds()
    styles.text(sheet.cell(row=top, column=1), section.title, "title")
    styles.text(sheet.cell(row=top + 1, column=1), f"Question: {section.name}")
    banner_row, group_row = top + 3, top + 4
    spans: list[tuple[str, int, int]] = []
    for k, (banner, group) in enumerate(_header(frame), start=2):
        styles.text(sheet.cell(row=group_row, column=k), str(group), "header")
        if spans and spans[-1][0] == banner:
            spans[-1] = (banner, spans[-1][1], k)
        else:
            spans.append((banner, k, k))
    for banner, first, last in spans:
        styles.text(sheet.cell(row=banner_row, column=first), str(banner), "header")
        if last > first:
            sheet.merge_cells(
                start_row=banner_row, start_column=first, end_row=banner_row, end_column=last
            )
    row = group_row + 1
    for (label, cells), kind in zip(
        zip(frame.index, frame.to_numpy().tolist(), strict=True), kinds, strict=True
    ):
        is_base = kind in ("base", "unweighted_base")
        styles.text(sheet.cell(row=row, column=1), str(label), "bold" if is_base else None)
        for k, value in enumerate(cells, start=2):
            styles.printed(sheet.cell(row=row, column=k), str(value), "right")
        row += 1
    row += 1
    for note in section.notes:
        styles.text(sheet.cell(row=row, column=1), note)
        row += 1
    return row + 1


def _write_excel(book: TabBook, target: Path, layout: BookLayout) -> None:
    openpyxl = require("openpyxl", "Writing Excel tab books")
    workbook = openpyxl.Workbook()
    styles = _Styles(openpyxl.styles)
    index = workbook.active
    index.title = _INDEX
    styles.text(index.cell(row=1, column=1), book.title, "title")
    banners = ", ".join(("Total", *book.banners))
    styles.text(index.cell(row=2, column=1), f"Banners: {banners}")
    for k, head in enumerate(("Sheet", "Question", "Title"), start=1):
        styles.text(index.cell(row=4, column=k), head, "bold")
    used = [_INDEX]
    long_sheet = workbook.create_sheet("Tables") if layout == "long" else None
    if long_sheet is not None:
        used.append("Tables")
    top = 1
    for r, section in enumerate(book.sections, start=5):
        if long_sheet is None:
            name = sheet_name(section.name, used)
            used.append(name)
            sheet = workbook.create_sheet(name)
            _write_section(sheet, section, 1, styles)
            sheet.freeze_panes = "B6"
            link = "'" + name.replace("'", "''") + "'!A1"  # Excel doubles a quote in a name
        else:
            name = "Tables"
            link = f"'Tables'!A{top}"
            top = _write_section(long_sheet, section, top, styles)
            sheet = long_sheet
        sheet.column_dimensions["A"].width = 40
        _text(index.cell(row=r, column=1), name)
        cell = index.cell(row=r, column=1)
        # An internal link: a location in this workbook, not an external target.
        cell.hyperlink = openpyxl.worksheet.hyperlink.Hyperlink(ref=cell.coordinate, location=link)
        _text(index.cell(row=r, column=2), section.name)
        _text(index.cell(row=r, column=3), section.title)
    if long_sheet is not None:
        long_sheet.freeze_panes = "B1"
    row = 6 + len(book.sections)
    for question, reason in book.skipped:
        _text(index.cell(row=row, column=1), f"Not tabulated: {question} ({reason}).")
        row += 1
    for note in book.notes:
        _text(index.cell(row=row + 1, column=1), note)
        row += 1
    index.column_dimensions["A"].width = 24
    index.column_dimensions["C"].width = 80
    index.freeze_panes = "A5"
    with atomic_path(target) as temporary:
        workbook.save(temporary)


# -- HTML and Markdown -----------------------------------------------------------------------


def _anchors(sections: Sequence[TabBookSection]) -> list[str]:
    """Return one HTML id per section, each different from the others.

    Every character but letters and digits becomes "-", so grid items "full-time" and
    "full time" (or questions "q_1" and grid item "q.1") read alike: both sections had
    one id and the index linked both entries to the first.
    """
    anchors: list[str] = []
    for section in sections:
        anchor = base = "s-" + "".join(c if c.isalnum() else "-" for c in section.name)
        number = 2
        while anchor in anchors:
            anchor = f"{base}-{number}"
            number += 1
        anchors.append(anchor)
    return anchors


def _html_section(section: TabBookSection, anchor: str) -> str:
    esc = html_text
    frame = section.display()
    spans: list[list[Any]] = []
    for banner, _ in _header(frame):
        if spans and spans[-1][0] == banner:
            spans[-1][1] += 1
        else:
            spans.append([banner, 1])
    top = "".join(f'<th scope="colgroup" colspan="{n}">{esc(str(b))}</th>' for b, n in spans)
    groups = "".join(f'<th scope="col">{esc(str(g))}</th>' for _, g in _header(frame))
    body = "".join(
        f'<tr class="{kind}"><th scope="row">{esc(str(label))}</th>'
        + "".join(f"<td>{esc(str(v))}</td>" for v in cells)
        + "</tr>"
        for label, cells, kind in zip(
            frame.index, frame.to_numpy().tolist(), section.row_kinds(), strict=True
        )
    )
    notes = "".join(f"<li>{esc(n)}</li>" for n in section.notes)
    return (
        f'<section id="{anchor}"><table class="tracktr-table">'
        f"<caption>{esc(section.title)} ({esc(section.name)})</caption>"
        f"<thead><tr><td></td>{top}</tr><tr><td></td>{groups}</tr></thead>"
        f'<tbody>{body}</tbody></table><ul class="tracktr-notes">{notes}</ul></section>'
    )


def _html(book: TabBook) -> str:
    esc = html_text
    anchors = _anchors(book.sections)
    index = "".join(
        f'<li><a href="#{a}">{esc(s.name)}</a>: {esc(s.title)}</li>'
        for s, a in zip(book.sections, anchors, strict=True)
    )
    skipped = "".join(f"<li>{esc(q)} ({esc(r)})</li>" for q, r in book.skipped)
    skipped_html = f"<h2>Not tabulated</h2><ul>{skipped}</ul>" if skipped else ""
    notes = "".join(f"<p>{esc(n)}</p>" for n in book.notes)
    sections = "\n".join(_html_section(s, a) for s, a in zip(book.sections, anchors, strict=True))
    body = f"<ol>{index}</ol>{skipped_html}{notes}\n{sections}"
    return html_page(book.title, body, style=_BOOK_STYLE)


def _md_cell(value: object) -> str:
    return markdown_text(value)


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [
        line(r) for r in rows
    ]


def _markdown(book: TabBook) -> str:
    lines = [f"# {_md_cell(book.title)}", ""]
    lines += [f"- {_md_cell(s.name)}: {_md_cell(s.title)}" for s in book.sections]
    lines += [f"- Not tabulated: {_md_cell(q)} ({_md_cell(r)})" for q, r in book.skipped]
    lines += ["", *(_md_cell(n) for n in book.notes)] if book.notes else []
    for section in book.sections:
        frame = section.display()
        header = ["", *(_md_cell(f"{b}: {g}") for b, g in _header(frame))]
        rows = [
            [_md_cell(label), *(_md_cell(v) for v in cells)]
            for label, cells in zip(frame.index, frame.to_numpy().tolist(), strict=True)
        ]
        lines += ["", f"## {_md_cell(section.title)} ({_md_cell(section.name)})", ""]
        lines += _md_table(header, rows)
        lines += [""] + [f"- {_md_cell(n)}" for n in section.notes]
    return "\n".join(lines) + "\n"


# -- CSV -------------------------------------------------------------------------------------


def _csv(book: TabBook) -> str:
    """Return the book as CSV: every printed cell as a tidy row, each section's notes after it.

    ``book.to_frame()`` alone lost the notes (bases, weighting, rounding, small bases), and
    a label a spreadsheet runs as a formula went in as it was.
    """
    import csv
    import io

    from tracktr._text import csv_text

    def note(where: tuple[Any, Any, Any], text: str) -> list[Any]:
        return [*where, "", "note", "", "", "", text]

    rows: list[list[Any]] = []
    for section in book.sections:
        rows += section.to_frame().astype(object).to_numpy().tolist()
        where = (section.name, section.question, section.item)
        rows += [note(where, text) for text in section.notes]
    skipped = [f"Not tabulated: {q} ({reason})." for q, reason in book.skipped]
    rows += [note(("", "", ""), text) for text in (*book.notes, *skipped)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # The columns of to_frame(), read off the book (importing them would make a cycle).
    writer.writerow(list(book.to_frame().columns))
    writer.writerows([["" if v is None else csv_text(v) for v in row] for row in rows])
    return buffer.getvalue()

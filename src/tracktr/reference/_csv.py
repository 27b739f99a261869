"""The figures file as CSV: what a spreadsheet must not run, and rows cut or shifted.

:meth:`~tracktr.reference.FiguresFile.to_csv` writes a file a person opens in a
spreadsheet, which runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=cmd|' /C calc'!A0``). Such a cell is written with a leading apostrophe, as a
spreadsheet writes text and as :func:`tracktr._text.csv_text` does for every other CSV
tracktr writes, unless it is a plain number (``-10``). The figures file is read back, so
the neutralisation must be undone exactly: :func:`restored` removes the apostrophe from a
cell that the writer would have neutralised, and the writer also neutralises a text that
already starts with apostrophes before such a start ("'=1"), so that every text comes
back as written; any other text starting with an apostrophe is left alone both ways.
Unlike :func:`~tracktr._text.csv_text`, no character is removed: the file round-trips.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Any, Final

import pandas as pd

from tracktr._numbers import parse_number
from tracktr._text import _FORMULA_START
from tracktr.exceptions import ReadError

__all__ = ["neutralised", "restored"]


def _needs_apostrophe(text: str) -> bool:
    """Return whether `text` starts a formula after any apostrophes it starts with.

    The apostrophes count: "'=1" is neutralised ("''=1") too, or the reader could not tell
    it from "=1" neutralised. Any other text starting with an apostrophe ("'Of those'") is
    written as it is, and read as it is.
    """
    bare = text.lstrip("'")
    return bare.startswith(_FORMULA_START) and isinstance(parse_number(bare), str)


def neutralised(value: object) -> object:
    """Return a CSV cell a spreadsheet will not run: a formula-like text behind an apostrophe.

    Examples
    --------
    >>> from tracktr.reference._csv import neutralised
    >>> neutralised("=1+1"), neutralised("-10"), neutralised("'=1"), neutralised("'quoted'")
    ("'=1+1", '-10', "''=1", "'quoted'")
    """
    if isinstance(value, str) and _needs_apostrophe(value):
        return "'" + value
    return value


def _restore(value: object) -> object:
    if isinstance(value, str) and value.startswith("'") and _needs_apostrophe(value[1:]):
        return value[1:]
    return value


def may_hold_neutralised(text: str | None) -> bool:
    r"""Return whether a CSV text may hold a neutralised cell (None: unknown, so yes).

    A neutralised cell starts, at the start of the text or after a delimiter, a line break
    or an opening quote, with apostrophes then ``=``, ``+``, ``-`` or ``@``. A file without
    one (most) needs no cell restored. Each apostrophe is looked at once (a regular
    expression over the whole text cost more than reading it).

    Examples
    --------
    >>> from tracktr.reference._csv import may_hold_neutralised
    >>> may_hold_neutralised("id,claim\nn,'Of those'\n"), may_hold_neutralised("n,'=1")
    (False, True)
    """
    if text is None:
        return True
    at = text.find("'")
    while at != -1:
        end = at
        while end < len(text) and text[end] == "'":
            end += 1
        if (at == 0 or text[at - 1] in ',\r\n"') and text[end : end + 1] in _STARTS:
            return True
        at = text.find("'", end)
    return False


_STARTS: Final = frozenset(_FORMULA_START)


def restored(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`neutralised` in every cell of a CSV file's frame (its header excepted).

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.reference._csv import restored
    >>> restored(pd.DataFrame({"claim": ["'=1+1", "''=1", "'s-Hertogenbosch"]}))[
    ...     "claim"
    ... ].tolist()
    ['=1+1', "'=1", "'s-Hertogenbosch"]
    """
    columns = {}
    for name in frame.columns:
        cells = frame[name].tolist()
        if any(isinstance(v, str) and v.startswith("'") for v in cells):
            columns[name] = [_restore(v) for v in cells]
    if not columns:
        return frame
    out = frame.copy()
    for name, cells in columns.items():
        out[name] = pd.Series(cells, index=frame.index, dtype=object)
    return out


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, list):
        return "; ".join(_csv_cell(v) for v in value)
    return str(value)


# Separators a spreadsheet saves "CSV" or text with, instead of commas: what the file is
# then, and the pandas argument that reads it.
_OTHER_SEPARATORS: Final = {
    ";": ("semicolons", "as spreadsheets set to many European languages save CSV", "';'"),
    "\t": ("tabs", 'as a spreadsheet saves "Text (Tab delimited)" or a copied range', "'\\t'"),
}


def _refuse_other_separator(header: list[str], name: str) -> None:
    """Raise for a file separated by semicolons or tabs, not commas.

    Its header is one field, and every row would be read as one cell: the message would
    otherwise be that the whole header line is not a column.
    """
    if len(header) != 1:
        return
    found = {sep: header[0].count(sep) for sep in _OTHER_SEPARATORS}
    sep = max(found, key=lambda k: found[k])
    if not found[sep]:
        return
    what, why, argument = _OTHER_SEPARATORS[sep]
    msg = f"{name}: the header {header[0][:60]!r} is separated by {what}, not commas ({why})."
    decimal = "; a decimal comma (12,5) must become a point (12.5) either way" if sep == ";" else ""
    hint = (
        'Hint: save it as "CSV UTF-8 (comma delimited)", or read it with '
        f"pandas.read_csv(path, sep={argument}, dtype=str, keep_default_na=False) and pass "
        f"the frame to tt.reference.read_figures(){decimal}."
    )
    raise ReadError(f"{msg}\n\n{hint}", path=name)


def _decoded(path: Path, name: str, encoding: str) -> str:
    """Return the text of a CSV figures file, or raise naming where a byte cannot be read.

    The message and its hint (encoding='cp1252' for Excel's "CSV (Comma delimited)" on
    Windows, or saving as CSV UTF-8) are :mod:`tracktr.io`'s, as for a response file; the
    line, column and cell are found here, where the whole file is at hand.
    """
    data = path.read_bytes()
    if b"\x00" in data[:64] and not codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        from tracktr.io._cells import wide_encoding, wide_text_error

        # UTF-16 text without a byte-order mark decodes as UTF-8 (a NUL is valid UTF-8):
        # it was parsed into rows of '\x00' and called cut off.
        wide = wide_encoding(data[:64])
        if wide is not None:
            raise wide_text_error(name, wide, encoding)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        # Imported here, on the error path: tracktr.io costs a quarter of a second to import.
        from tracktr.io._cells import _decode_error

        # error.start counts from after a byte-order mark that utf-8-sig removed.
        at = error.start + len(data) - len(error.object)
        line = data.count(b"\n", 0, at) + 1
        raise _decode_error(
            name, error, encoding, line, cell=_bad_cell(data, at, encoding), head=data[:64]
        ) from error


def _bad_cell(data: bytes, at: int, encoding: str) -> str:
    """Return where the byte at `at` is: ``", column 5 ('claim'), in '?100k'"``.

    The text before it decodes (the byte is the first that does not); with a letter in
    the byte's place, its last record ends in the byte's cell, even when the byte starts a
    line or a cell. The file read with the byte replaced gives the cell's text.
    """
    try:
        before = list(csv.reader(io.StringIO(data[:at].decode(encoding) + "x")))
        records = list(csv.reader(io.StringIO(data.decode(encoding, errors="replace"))))
    except (csv.Error, UnicodeDecodeError):
        return ""  # a quote left open, or a codec that cannot restart: the line alone
    row, column = len(before) - 1, len(before[-1])
    header = records[0][column - 1] if records and len(records[0]) >= column else ""
    cell = records[row][column - 1] if row < len(records) else ""
    named = f" ({header!r})" if header and row else ""
    return f", column {column}{named}, in {cell[:40]!r}"


def _refuse_ragged(path: Path, name: str, encoding: str) -> str:
    """Raise for rows with more or fewer fields than the header, or a last row cut off.

    pandas reads a first row with one field too many as if its first cell were a row
    label, shifting every cell one column, pads a row with too few with blank cells (a
    figure whose base is lost reads as 'unchecked'), and a file cut off in a copy keeps its
    last row's first cells with the others blank; all would pass as figures. Return the
    file's text, decoded from `encoding`.
    """
    text = _decoded(path, name, encoding)
    try:
        records = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return text  # an open quote: the reader below reports it
    if not records:
        return text
    header = records[0]
    _refuse_other_separator(header, name)  # even with no rows: the header is all it needs
    if len(records) < 2:
        return text
    long = [(i, len(r)) for i, r in enumerate(records[1:], start=2) if len(r) > len(header)]
    if long:
        rows = ", ".join(f"row {i} ({n} fields)" for i, n in long[:5])
        msg = (
            f"{name}: {rows} {'has' if len(long) == 1 else 'have'} more fields than the "
            f"{len(header)} of the header, so its cells would be read under the wrong columns."
        )
        hint = "Hint: remove the extra cells, or name their column in the header."
        raise ReadError(f"{msg}\n\n{hint}", path=name)
    last = records[-1]
    if not text.endswith(("\n", "\r")) and len(last) < len(header):
        row = len(records)
        msg = (
            f"{name}: row {row} ({','.join(last)[:40]!r}) has {len(last)} of the "
            f"{len(header)} fields of the header and the file ends without a newline: the "
            "file looks cut off."
        )
        hint = (
            "Hint: copy or export the file again; if the row is complete, end it with the "
            "commas of its blank cells and a newline."
        )
        raise ReadError(f"{msg}\n\n{hint}", path=name)
    # A short row of blank cells (",,") holds no figure: it is skipped as a blank row is.
    short = [
        (i, r)
        for i, r in enumerate(records[1:], start=2)
        if 0 < len(r) < len(header) and any(c.strip() for c in r)
    ]
    if short:
        rows = ", ".join(f"row {i} ({len(r)} fields)" for i, r in short[:5])
        more = f" and {len(short) - 5} more" if len(short) > 5 else ""
        msg = (
            f"{name}: {rows}{more} {'has' if len(short) == 1 else 'have'} fewer fields than "
            f"the {len(header)} of the header, so the cells it lacks would be read as blank."
        )
        i, first = short[0]
        padded = ",".join(first) + "," * (len(header) - len(first))
        hint = (
            f"Hint: give every row {len(header)} fields: fill in the missing cells, or end a "
            f"row whose last cells are blank with their commas (row {i}: {padded[:60]!r})."
        )
        raise ReadError(f"{msg}\n\n{hint}", path=name)
    return text

"""A response file's cells as text: the one reading path of ``read_csv``, exports and the CLI.

Every cell is read as the text it holds. Nothing is guessed to be missing here: "None",
"NA", "N/A" and "null" are answers like any other, and an empty cell is an empty string;
only the codebook (:meth:`tracktr.Survey.prepare`) decides what is missing. A file that
cannot be read faithfully is a :class:`tracktr.ReadError` naming the file and the line:
empty, binary, in another encoding, a header with repeated or blank names, a row with
more or fewer fields than the header (a ragged or cut-off row), or a last line that ends
in a separator with no line end (a file cut off while it was written).

CSV files are parsed with the standard library's :mod:`csv` module rather than pandas,
because pandas pads a short row with empty cells and, with ``index_col=False``, drops the
extra cells of a long one, so neither can be reported. When pyarrow is installed and reads
a file cell for cell as the csv module would (compressed or not, in any encoding),
pyarrow parses it, ten times faster (tracktr.io._arrow); anything it refuses is read
again by the csv module, whose messages name the line.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import csv
import gzip
import io
import lzma
import os
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Collection, Generator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from tracktr.exceptions import InvalidOptionError, ReadError
from tracktr.io._arrow import UnsureError, arrow_frames, usable
from tracktr.io._files import existing_file, require
from tracktr.io._sheet import SheetCells, date_changes, refuse_merged_answers

__all__ = [
    "CSV_SUFFIXES",
    "EXCEL_SUFFIXES",
    "Workbook",
    "read_cells",
    "read_rows",
    "read_workbook",
    "refuse_formulas_without_values",
]

CSV_SUFFIXES = (".csv", ".txt", ".tsv", ".gz", ".zip", ".bz2", ".xz")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_COMPRESSED = (".gz", ".zip", ".bz2", ".xz")
_SNIFF = 8192
_SHOWN = 10


def _check_options(encoding: str, sep: str) -> None:
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError) as error:
        msg = (
            f"`encoding` (tracktr: --encoding) {encoding!r} is not a text encoding Python "
            "knows (e.g. 'cp1252')."
        )
        raise InvalidOptionError(msg) from error
    if not isinstance(sep, str) or len(sep) != 1 or sep in '\r\n"':
        msg = (
            f"`sep` (tracktr: --sep) must be one character other than a quote or line break; "
            f"got {sep!r}."
        )
        raise InvalidOptionError(msg)


def _fail(path: str, message: str, hint: str = "") -> ReadError:
    text = f"{path!r}: {message}"
    if hint:
        text += f"\n\nHint: {hint}"
    return ReadError(text, path=path)


def _check_plain(file: Path, where: str, sep: str, encoding: str) -> None:
    """Refuse an empty, binary or cut-off plain-text file before parsing it."""
    size = file.stat().st_size
    if size == 0:
        raise _fail(where, "the file is empty (0 bytes).", "export the responses again.")
    with file.open("rb") as handle:
        head = handle.read(_SNIFF)
        handle.seek(max(size - 64, 0))
        tail = handle.read()
    if head.startswith(b"PK\x03\x04"):
        raise _fail(
            where,
            "the file is a zip archive (an Excel workbook?), not CSV text.",
            "save it as .xlsx and pass that, or export it as CSV.",
        )
    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    if b"\x00" in head and not wide and (named := wide_encoding(head)) is not None:
        raise wide_text_error(where, named, encoding)
    if b"\x00" in head and not wide:
        raise _fail(
            where,
            "the file holds NUL bytes: it is binary, or UTF-16 text, not CSV.",
            "export it as CSV (UTF-8); for UTF-16 text pass encoding='utf-16'.",
        )
    if _one_byte(encoding):
        _refuse_utf8_as_one_byte(file, where, encoding)
    if head.startswith(codecs.BOM_UTF8) and codecs.lookup(encoding).name == "utf-8":
        # Plain UTF-8 keeps the mark as a character: the first column was "\ufeffid".
        first = head[3:].split(b"\n", 1)[0].split(sep.encode(), 1)[0].decode("utf-8", "replace")
        raise _fail(
            where,
            f"the file starts with UTF-8's byte-order mark, which encoding={encoding!r} reads "
            f"as part of the first column's name ({chr(0xFEFF) + first.rstrip()!r}).",
            "pass encoding='utf-8-sig' (the default; tracktr: leave out --encoding), which "
            "reads UTF-8 with or without the mark.",
        )
    if not wide and not tail.endswith((b"\n", b"\r")) and tail.endswith(sep.encode()):
        with file.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        raise _fail(
            where,
            f"line {lines + 1}, the last, ends with a separator {sep!r} and no line end: the "
            "file looks cut off, and its last respondent would read as having skipped.",
            "export the file again; if it is complete, end it with a line break.",
        )


def _one_byte(encoding: str) -> bool:
    """Whether `encoding` reads every byte as one character (cp1252, latin-1, mac-roman).

    UTF-8 reads each stray high byte as one replacement character too, but the two bytes
    of "é" as one character.
    """
    high = bytes(range(0x80, 0x100))
    one_each = len(high.decode(encoding, errors="replace")) == len(high)
    return one_each and len("é".encode().decode(encoding, errors="replace")) == 2


_UTF8_SAMPLE = 1 << 20
"""Bytes of a file read to tell UTF-8 text given a one-byte encoding (1 MiB: ~2 ms)."""
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def _refuse_utf8_as_one_byte(file: Path, where: str, encoding: str) -> None:
    """Refuse UTF-8 text read with a one-byte encoding: "£" would read as "Â£", silently.

    A one-byte encoding decodes any byte, so UTF-8 text read as cp1252 raised nothing:
    every answer with an accent or a pound sign became another text (an option's label
    no longer matched, or an open answer was published garbled). A file that starts with
    UTF-8's byte-order mark, or whose first non-ASCII bytes are all well-formed UTF-8
    (which text in a one-byte encoding almost never is: "Ã©" would have to be typed),
    is refused, naming the line and both readings. Only the first MiB is read.
    """
    with file.open("rb") as handle:
        sample = handle.read(_UTF8_SAMPLE)
    found = _HIGH_BYTE.search(sample)
    if found is None:
        return
    marked = sample.startswith(codecs.BOM_UTF8)
    if not marked:
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as error:
            # Not UTF-8, unless the sample merely cut the last character in two.
            if len(sample) < _UTF8_SAMPLE or error.start < len(sample) - 3:
                return
    at = found.start() if not marked else len(codecs.BOM_UTF8)
    line = sample.count(b"\n", 0, at) + 1
    start = sample.rfind(b"\n", 0, at) + 1
    end = sample.find(b"\n", at)
    text = sample[start : end if end >= 0 else len(sample)].rstrip(b"\r")[:80]
    if marked:
        problem = (
            f"the file starts with UTF-8's byte-order mark: it is UTF-8 text, not {encoding} "
            f"(its header would read {text.decode(encoding, 'replace')[:24]!r}...)."
        )
    else:
        problem = (
            f"the file is UTF-8 text, not {encoding}: line {line} reads "
            f"{text.decode('utf-8', 'replace')!r} as UTF-8 but "
            f"{text.decode(encoding, 'replace')!r} as {encoding}."
        )
    raise _fail(
        where,
        problem,
        "pass encoding='utf-8-sig' (the default; tracktr: leave out --encoding), which "
        "reads UTF-8 with or without the mark.",
    )


@contextlib.contextmanager
def _open_text(file: Path, encoding: str) -> Iterator[IO[str]]:
    suffix = file.suffix.lower()
    if suffix == ".gz":
        with gzip.open(file, "rt", encoding=encoding, newline="") as text:
            yield text
    elif suffix == ".bz2":
        with bz2.open(file, "rt", encoding=encoding, newline="") as text:
            yield text
    elif suffix == ".xz":
        with lzma.open(file, "rt", encoding=encoding, newline="") as text:
            yield text
    elif suffix == ".zip":
        with zipfile.ZipFile(file) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if len(names) != 1:
                msg = f"the archive holds {len(names)} files, not one CSV file."
                raise _fail(str(file), msg, "unzip it and pass the CSV file.")
            with (
                archive.open(names[0]) as raw,
                io.TextIOWrapper(raw, encoding=encoding, newline="") as text,
            ):
                yield text
    else:
        with file.open(encoding=encoding, newline="") as text:
            yield text


def _head(file: Path) -> bytes:
    """Return the first bytes of a plain file (b"" for a compressed one)."""
    if file.suffix.lower() in _COMPRESSED:
        return b""
    with file.open("rb") as handle:
        return handle.read(64)


def _bad_line(file: Path, error: UnicodeDecodeError, line: int) -> int:
    """Return the line of the first bad byte (a text stream decodes blocks ahead)."""
    if file.suffix.lower() in _COMPRESSED:
        return line
    data = file.read_bytes()
    try:
        data.decode(error.encoding)
    except UnicodeDecodeError as exact:
        return data.count(b"\n", 0, exact.start) + 1
    return line


def wide_encoding(head: bytes) -> str | None:
    """Return the encoding of UTF-16 or UTF-32 text from a file's first bytes, else None.

    A byte-order mark says so ("utf-16", "utf-32": Python reads the mark); without one,
    text in the Latin alphabet has a NUL byte every other byte ("utf-16-le", "-be").

    Examples
    --------
    >>> wide_encoding("id,kind".encode("utf-16")), wide_encoding(b"id,kind")
    ('utf-16', None)
    >>> wide_encoding("id,kind".encode("utf-16-be"))
    'utf-16-be'
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"  # before UTF-16's: UTF-32-LE's mark starts with UTF-16-LE's
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[: len(head[:64]) // 2 * 2]
    if len(sample) >= 4 and not any(sample[1::2]) and all(sample[0::2]):
        return "utf-16-le"
    if len(sample) >= 4 and not any(sample[0::2]) and all(sample[1::2]):
        return "utf-16-be"
    return None


def wide_text_error(where: str, wide: str, encoding: str) -> ReadError:
    """Return the error for a UTF-16 or UTF-32 file read as `encoding` (see wide_encoding)."""
    mark = " (it starts with a byte-order mark)" if wide in ("utf-16", "utf-32") else ""
    return _fail(
        where,
        f"the file is {wide.upper()} text{mark}, not {encoding}.",
        f"pass encoding={wide!r} (tracktr: --encoding {wide}), or save it as CSV UTF-8.",
    )


def _decode_error(
    where: str,
    error: UnicodeDecodeError,
    encoding: str,
    line: int,
    *,
    cell: str = "",
    head: bytes = b"",
) -> ReadError:
    """Return the error for a byte that is not `encoding` text, on `line`.

    `cell`, where the reader knows it: the byte's column and cell, e.g. ``", column 5
    ('claim'), in '?100k'"``. `head`, the file's first bytes: UTF-16 or UTF-32 text is
    named as such (a UTF-16 file read as UTF-8 was told it was probably cp1252).
    """
    wide = wide_encoding(head)
    if wide is not None:
        return wide_text_error(where, wide, encoding)
    byte = error.object[error.start : error.start + 1]
    hint = (
        "a file saved by Excel on Windows is usually cp1252: pass encoding='cp1252' "
        "(tracktr: --encoding cp1252), or save it as 'CSV UTF-8'."
        if encoding.replace("-", "").replace("_", "").lower().startswith("utf8")
        else "pass the file's encoding as `encoding=` (tracktr: --encoding)."
    )
    return _fail(
        where,
        f"line {line}{cell}: byte {byte!r} is not {encoding} text ({error.reason}).",
        hint,
    )


def _records(
    file: Path, where: str, *, encoding: str, sep: str, blank_header_rows: int = 0
) -> Generator[tuple[int, list[str]]]:
    """Yield (line number, fields) for every non-blank record of a CSV file.

    Blank lines are skipped, except among the first `blank_header_rows` records, where
    they are yielded as ``[]`` (an export's second header row may be blank).
    """
    if file.suffix.lower() not in _COMPRESSED:
        _check_plain(file, where, sep, encoding)
    line = 1
    try:
        with _open_text(file, encoding) as text:
            reader = csv.reader(text, delimiter=sep, strict=True)
            count = 0
            for record in reader:
                line = reader.line_num
                # An empty line is skipped, as pandas does; a row of empty cells is kept,
                # and so is a line of spaces under the header, a row of one cell that the
                # engines' scans refuse too (pandas skipped it: the same file read one way
                # and not the other, and the line's text was dropped unseen).
                if len(record) > 1 or (record and (count or record[0].strip())):
                    count += 1
                    yield line, record
                elif count < blank_header_rows:
                    count += 1
                    yield line, []
    except UnicodeDecodeError as error:
        bad = _bad_line(file, error, line + 1)
        raise _decode_error(where, error, encoding, bad, head=_head(file)) from error
    except UnicodeError as error:  # a codec's own check: UTF-16 text without its BOM
        raise _fail(
            where,
            f"line {line + 1}: the text is not {encoding} ({error}).",
            "pass the file's encoding as `encoding=` (tracktr: --encoding).",
        ) from error
    except csv.Error as error:
        if "field limit" in str(error):
            raise _fail(
                where,
                f"line {line + 1} holds a cell longer than {csv.field_size_limit():,} "
                "characters, more than any survey answer; the file is probably damaged "
                "(a quote that is never closed).",
                "check the quotes on that line.",
            ) from error
        raise _fail(
            where,
            f"line {line + 1} cannot be parsed as CSV ({error}).",
            'check its quotes: a quote inside a quoted cell is written twice (""); a file '
            "cut off inside a quoted cell ends this way too.",
        ) from error
    except (OSError, EOFError, zipfile.BadZipFile, lzma.LZMAError, zlib.error) as error:
        raise _fail(where, f"the file cannot be read ({error}).") from error


def _header(where: str, names: list[str], line: int, *, unit: str = "line") -> list[str]:
    repeated = sorted(n for n, k in Counter(names).items() if k > 1)
    if repeated:
        raise _fail(
            where,
            f"the header on {unit} {line} repeats the column name(s) {repeated}; each column "
            "needs its own name.",
            "rename the repeated columns (a tick-all-that-apply set has one column per option).",
        )
    blank = [k + 1 for k, n in enumerate(names) if not n.strip()]
    if blank:
        raise _fail(
            where,
            f"the header on {unit} {line} has no name for column(s) {blank}.",
            "name every column, or delete empty columns.",
        )
    return names


def _ragged(where: str, bad: list[tuple[int, int]], width: int) -> ReadError:
    shown = ", ".join(f"line {line} has {n}" for line, n in bad[:_SHOWN])
    more = f" (and {len(bad) - _SHOWN} more lines)" if len(bad) > _SHOWN else ""
    return _fail(
        where,
        f"the header has {width} columns but {shown}{more}. A row with fewer cells is "
        "usually cut off; one with more has an unquoted separator in a cell.",
        "export the file again, or quote cells that contain the separator.",
    )


def read_rows(
    path: str | os.PathLike[str],
    *,
    encoding: str = "utf-8-sig",
    sep: str = ",",
    header_rows: int = 1,
) -> tuple[list[list[str]], list[int]]:
    """Return every non-blank row of a CSV file as text, with its line number.

    A blank line among the first `header_rows` rows is a header row of empty cells. All
    rows must have as many cells as the first; otherwise a ReadError names the lines.
    """
    _check_options(encoding, sep)
    where = str(path)
    file = existing_file(path, suffixes=CSV_SUFFIXES, what="a CSV file")
    rows: list[list[str]] = []
    lines: list[int] = []
    records = _records(file, where, encoding=encoding, sep=sep, blank_header_rows=header_rows)
    for line, record in records:
        rows.append(record)
        lines.append(line)
    if not rows or not rows[0]:
        raise _fail(where, "the file holds no rows, not even a header.")
    _refuse_other_separator(rows[0], sep, where)
    rows = [r or [""] * len(rows[0]) for r in rows]
    bad = [(line, len(r)) for line, r in zip(lines, rows, strict=True) if len(r) != len(rows[0])]
    if bad:
        raise _ragged(where, bad, len(rows[0]))
    return rows, lines


def _refuse_other_separator(
    header: list[str], sep: str, where: str, *, takes_sep: bool = False
) -> None:
    """Refuse a header of one cell that holds another separator (a ';' or tab export).

    Spreadsheets in many European locales save "CSV" with semicolons: read with commas,
    the whole header was one column and every answer one text question. `takes_sep`:
    the reader has a `sep` argument, which the hint then names.
    """
    if len(header) != 1:
        return
    found = [other for other in (";", "\t", "|") if other != sep and other in header[0]]
    if found:
        shown = {"\t": "a tab"}.get(found[0], repr(found[0]))
        problem = (
            f"the header is one column, {header[0][:60]!r}, holding {shown}: the file seems "
            f"separated by {shown}, not {sep!r}."
        )
        hint = (
            "save it again as comma-separated CSV, or read its cells with pandas and pass "
            f"the frame: pd.read_csv(path, sep={found[0]!r}, header=None, dtype=str, "
            "keep_default_na=False)."
        )
        if takes_sep:
            hint = (
                f"pass sep={found[0]!r} (tracktr: --sep {found[0]!r}), or save it again as "
                "comma-separated CSV; a decimal comma (12,5) must become a point (12.5) either "
                "way."
            )
        raise _fail(where, problem, hint)


def _csv_frames(
    file: Path,
    where: str,
    *,
    encoding: str,
    sep: str,
    chunksize: int | None,
    categorical: Collection[str] = (),
    arrow_text: Collection[str] = (),
    columns: Collection[str] | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield the frames of a CSV file: by pyarrow when it reads the same cells, else by csv.

    A file pyarrow refuses (a ragged row, a byte that is not UTF-8...) is read again from
    the start by the csv module, which names the line; the frames pyarrow already gave
    are the same rows, so they are skipped, not given twice. `columns`: only these
    columns of the file (in the file's order) are in the frames; the file is checked whole.
    """
    records = _records(file, where, encoding=encoding, sep=sep)
    first = next(records, None)
    if first is None:
        raise _fail(where, "the file holds no rows, not even a header.")
    records.close()  # the header is checked here; the rows are read by one reader below
    names = first[1]
    _header(where, names[: _named(names)], first[0])
    given = 0
    if usable(names, sep=sep):
        try:
            for frame in arrow_frames(
                file,
                names,
                encoding=encoding,
                sep=sep,
                chunksize=chunksize,
                categorical=categorical,
                arrow_text=arrow_text,
                columns=columns,
            ):
                yield frame
                given += len(frame)
        except UnsureError:
            pass
        else:
            return
    for frame in _python_frames(
        file, where, encoding=encoding, sep=sep, chunksize=chunksize, columns=columns
    ):
        first_row = int(frame.index[0]) if len(frame) else 0
        if first_row >= given:
            yield frame


def _named(header: list[str]) -> int:
    """How many columns to keep: unnamed columns at the right are dropped if empty."""
    keep = len(header)
    while keep > 1 and not header[keep - 1].strip():
        keep -= 1
    return keep


def _python_frames(
    file: Path,
    where: str,
    *,
    encoding: str,
    sep: str,
    chunksize: int | None,
    columns: Collection[str] | None = None,
) -> Iterator[pd.DataFrame]:
    records = _records(file, where, encoding=encoding, sep=sep)
    first = next(records, None)
    if first is None:
        raise _fail(where, "the file holds no rows, not even a header.")
    header = first[1]
    _refuse_other_separator(header, sep, where, takes_sep=True)
    # Spreadsheets often save empty columns at the right (",,"): unnamed and empty, they
    # are dropped; a cell with data under a blank name is an error.
    keep = _named(header)
    names = _header(where, header[:keep], first[0])
    picked = [k for k, name in enumerate(names) if columns is None or name in columns]
    if len(picked) < len(names):
        names = [names[k] for k in picked]
    width = len(header)
    rows: list[list[str]] = []
    bad: list[tuple[int, int]] = []
    start = 0
    for line, record in records:
        if len(record) != width:
            bad.append((line, len(record)))
        elif any(cell.strip() for cell in record[keep:]):
            column = keep + 1 + next(k for k, c in enumerate(record[keep:]) if c.strip())
            raise _fail(
                where,
                f"line {line} has data in column {column}, which has no name in the header.",
                "name every column that holds answers.",
            )
        rows.append(record[:keep] if len(picked) == keep else [record[k] for k in picked])
        if chunksize is not None and len(rows) >= chunksize:
            if bad:
                raise _ragged(where, bad, width)
            yield _frame(rows, names, start)
            start += len(rows)
            rows = []
    if bad:
        raise _ragged(where, bad, width)
    # Read whole, a header-only file is an empty frame; in chunks, it has no chunk (as pandas).
    if rows or chunksize is None:
        yield _frame(rows, names, start)


def _frame(rows: list[list[str]], names: list[str], start: int) -> pd.DataFrame:
    # Rows are rectangular here (ragged ones were refused): one 2-D object array is the
    # fastest way in, and object dtype keeps every cell the text it was.
    cells = np.array(rows, dtype=object).reshape(len(rows), len(names))
    index = pd.RangeIndex(start, start + len(rows))
    return pd.DataFrame(cells, columns=names, index=index, dtype=object, copy=False)


# A formula cell in a sheet's XML (``<f>``, ``<f t="shared" .../>``, or ``<x:f>``): only
# workbooks that have one are opened a second time to look for values never stored.
_FORMULA_XML = re.compile(rb"<(?:\w+:)?f[\s>/]")


def refuse_formulas_without_values(file: Path, where: str, *, sheet: str | int) -> None:
    """Refuse formula cells of a workbook's sheet that hold no stored (cached) value.

    Excel stores the value of each formula beside it, and readers take that value. A
    workbook written by a script or a library (openpyxl) holds formulas without values,
    which every reader sees as blank cells: answers read as skipped, with no word. The
    message names the sheet and the cells (``B4``), and how to store the values.

    Raises
    ------
    tracktr.ReadError
        Naming the sheet and up to ten cells, when any formula has no stored value.
    """
    try:
        with zipfile.ZipFile(file) as book:
            if not any(
                _FORMULA_XML.search(book.read(name))
                for name in book.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            ):
                return
    except (zipfile.BadZipFile, OSError, KeyError):  # the reader names a corrupted workbook
        return
    openpyxl = require("openpyxl", "Reading Excel files")
    formulas = openpyxl.load_workbook(file, read_only=True, data_only=False)
    values = openpyxl.load_workbook(file, read_only=True, data_only=True)
    try:
        written, stored = (
            (book.worksheets[sheet] if isinstance(sheet, int) else book[sheet])
            for book in (formulas, values)
        )
        missing = [
            f"{openpyxl.utils.get_column_letter(column)}{row}"
            for row, (cells, cached) in enumerate(
                # One sheet read twice: the same rows and cells (from A1, not the first used).
                zip(
                    written.iter_rows(min_row=1, min_col=1, values_only=True),
                    stored.iter_rows(min_row=1, min_col=1, values_only=True),
                    strict=True,
                ),
                start=1,
            )
            for column, (cell, value) in enumerate(zip(cells, cached, strict=True), start=1)
            if value is None and _is_formula(cell)
        ]
        title = written.title
        xml_path = getattr(written, "_worksheet_path", None)
    finally:
        formulas.close()
        values.close()
    if missing and xml_path is not None:
        empty = _empty_text_results(file, xml_path)
        missing = [cell for cell in missing if cell not in empty]
    if missing:
        shown = ", ".join(missing[:_SHOWN])
        more = "" if len(missing) <= _SHOWN else f" and {len(missing) - _SHOWN} more"
        raise _fail(
            where,
            f"sheet {title!r} has {len(missing)} formula cell(s) with no stored value: "
            f"{shown}{more}. Read as they are, they would be blank answers (skipped); the "
            "workbook was written by a program that stores formulas without their values.",
            "open the workbook and save it in Excel (or LibreOffice), which stores each "
            "formula's value, or export the responses as CSV.",
        )


_CELL_XML = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_ATTRIBUTE_XML = re.compile(rb'\b(r|t)="([^"]*)"')


def _empty_text_results(file: Path, xml_path: str) -> set[str]:
    """Return the cells of a sheet typed as text results (``t="str"``).

    A formula whose stored value is the empty string (``=IF(A2, "x", "")`` saved by Excel)
    reads as no value too; Excel marks its cell ``t="str"``, which a formula written
    without a value lacks.
    """
    with zipfile.ZipFile(file) as book:
        xml = book.read(xml_path.lstrip("/"))
    found = set()
    for cell in _CELL_XML.finditer(xml):
        attributes = dict(_ATTRIBUTE_XML.findall(cell.group(1)))
        if attributes.get(b"t") == b"str" and b"r" in attributes:
            found.add(attributes[b"r"].decode("ascii", "replace"))
    return found


def _is_formula(cell: object) -> bool:
    """Whether a cell read with ``data_only=False`` holds a formula (text "=..." or array)."""
    if isinstance(cell, str):
        return cell.startswith("=")
    return type(cell).__name__ in {"ArrayFormula", "DataTableFormula"}


@dataclass(frozen=True, slots=True)
class Workbook:
    """A workbook's sheet read as text under its first row, with what the text loses.

    Attributes
    ----------
    frame : pandas.DataFrame
        The cells as text; a date or time cell as ISO text (see
        :func:`tracktr.io._sheet.date_text`).
    cells : SheetCells
        The sheet's merged ranges and date cells.
    positions : tuple of int
        The 0-based sheet column of each column of `frame` (empty columns are left out).
    """

    frame: pd.DataFrame
    cells: SheetCells
    positions: tuple[int, ...]

    def date_changes(self, questions: Mapping[str, str], ids: pd.Series) -> list[dict[str, Any]]:
        """Return a change for each date cell of the answer rows read as text.

        `questions` maps a column to its question (a column of none is its own); `ids`
        holds each row's respondent id.
        """
        mapping = [
            {"position": position + 1, "question": questions.get(name), "column": name}
            for name, position in zip(self.frame.columns, self.positions, strict=True)
        ]
        # date_changes takes a two-header export's lines, its rows from the third on; here
        # one header row: row k of the frame is sheet row k + 2.
        lines = list(range(len(self.frame) + 2))
        return date_changes(self.cells.dates, mapping, lines, ids)


def _excel_frame(file: Path, where: str, *, sheet: str | int) -> Workbook:
    """Read a workbook's sheet as text, its first row naming the columns.

    As :func:`tracktr.io.read_platform_export` reads one: a date or time cell is ISO text
    (pandas gave ``'2025-03-01 00:00:00'``, another answer than the date typed), and a
    merged range reaching the answer rows is refused (only its first cell holds the value
    Excel shows in every row).
    """
    require("openpyxl", "Reading Excel files")
    if file.stat().st_size == 0:
        raise _fail(where, "the workbook is empty (0 bytes).", "save it again from Excel.")
    try:
        raw = pd.read_excel(
            file, header=None, dtype=str, keep_default_na=False, na_filter=False, sheet_name=sheet
        )
    except KeyError as error:
        raise _fail(where, f"the workbook has no sheet {sheet!r}.", "check `sheet=`.") from error
    except Exception as error:  # zipfile.BadZipFile, XML errors: a corrupted workbook
        raise _fail(
            where,
            f"the workbook is corrupted or not an .xlsx file ({type(error).__name__}: {error}).",
            "open and save it again in Excel, or export the responses as CSV.",
        ) from error
    if raw.empty:
        raise _fail(where, "the worksheet is empty.")
    refuse_formulas_without_values(file, where, sheet=sheet)
    cells = SheetCells.of(file, sheet)
    refuse_merged_answers(cells, 1, where)
    for (line, column), (_, text) in cells.dates.items():  # as shown, not "... 00:00:00"
        if line <= len(raw) and column < raw.shape[1]:
            raw.iloc[line - 1, column] = text
    names = [str(v) for v in raw.iloc[0].tolist()]
    body = raw.iloc[1:]
    # Excel often keeps formatted but empty columns at the right: drop those, nothing else.
    keep = [
        k
        for k, name in enumerate(names)
        if name.strip() or any(str(v).strip() for v in body.iloc[:, k].tolist())
    ]
    names = _header(where, [names[k] for k in keep], 1, unit="row")
    frame = pd.DataFrame(
        {name: body.iloc[:, k].astype(object).tolist() for name, k in zip(names, keep, strict=True)}
    )
    return Workbook(frame.reset_index(drop=True).astype(object), cells, tuple(keep))


def read_workbook(path: str | os.PathLike[str], *, sheet: str | int = 0) -> Workbook:
    """Read a workbook's sheet as :func:`read_cells` does, keeping its date cells to record.

    Raises
    ------
    tracktr.ReadError
        As :func:`read_cells`; also for a merged range in the answer rows.
    """
    file = existing_file(path, suffixes=EXCEL_SUFFIXES, what="an Excel file")
    return _excel_frame(file, str(path), sheet=sheet)


def read_cells(
    path: str | os.PathLike[str],
    *,
    encoding: str = "utf-8-sig",
    sep: str = ",",
    chunksize: int | None = None,
    sheet: str | int = 0,
    excel: bool = True,
    categorical: Collection[str] = (),
    arrow_text: Collection[str] = (),
    columns: Collection[str] | None = None,
) -> Generator[pd.DataFrame]:
    """Yield a response file's cells as text frames: the whole file, or chunks of rows.

    The first row names the columns. CSV files (also ``.gz``, ``.zip``, ``.bz2``,
    ``.xz``) and, with `excel`, ``.xlsx`` workbooks (read whole) are accepted. Columns
    named in `categorical` may come back as categoricals of their text and those named in
    `arrow_text` as pandas' Arrow-backed strings (when pyarrow reads the file), the others
    are object columns of ``str``. With `columns`, the frames hold only those of the
    file's columns (a pass that reads one column: every row is still checked). A
    workbook's date and time cells are ISO text (``2025-03-01``, ``10:30``), not recorded
    here (:func:`read_workbook` keeps them to record), and a merged range reaching its
    answer rows is refused.
    """
    _check_options(encoding, sep)
    where = str(path)
    suffixes = CSV_SUFFIXES + (EXCEL_SUFFIXES if excel else ())
    what = "a CSV or Excel file" if excel else "a CSV file"
    file = existing_file(path, suffixes=suffixes, what=what)
    if file.suffix.lower() in EXCEL_SUFFIXES:
        frame = _excel_frame(file, where, sheet=sheet).frame
        if columns is not None:
            frame = frame[[name for name in frame.columns if name in columns]]
        if chunksize is None:
            yield frame
            return
        for start in range(0, max(len(frame), 1), chunksize):
            yield frame.iloc[start : start + chunksize]
        return
    yield from _csv_frames(
        file,
        where,
        encoding=encoding,
        sep=sep,
        chunksize=chunksize,
        categorical=categorical,
        arrow_text=arrow_text,
        columns=columns,
    )

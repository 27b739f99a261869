"""The shape of a CSV file before an engine scans it: its names, line ends and regular rows.

What :func:`tracktr.io.scan` checks of a file's text so that DuckDB and polars read it as
:func:`tracktr.io.read_csv` does: the header's names, the line end, rows with another
number of cells (named by their lines), blank lines and rows of empty cells (polars reads
both as a row of nulls), and a file cut off in its last line.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracktr.exceptions import ReadError
from tracktr.io._arrow import UnsureError, arrow_frames, usable
from tracktr.io._cells import _SHOWN, _fail, _header, _open_text, _records

_REGULAR_ROWS = 100_000
"""Rows of each frame of the pyarrow pass that checks the records' cells (memory bound)."""
_LINE = re.compile(r"CSV Error on Line: (\d+)")
_WIDTH = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")
# A quoted cell (a quote inside it written twice), removed before counting separators.
_QUOTED = r'"(?:[^"]|"")*"'


def _ragged(where: str, shown: list[tuple[int, int]], total: int, width: int) -> ReadError:
    """Return the in-memory reader's error for rows with another number of cells than the header."""
    listed = ", ".join(f"line {line} has {n}" for line, n in shown)
    more = f" (and {total - len(shown)} more lines)" if total > len(shown) else ""
    return _fail(
        where,
        f"the header has {width} columns but {listed}{more}. A row with fewer cells is "
        "usually cut off; one with more has an unquoted separator in a cell.",
        "export the file again, or quote cells that contain the separator.",
    )


def _names(path: Path, sep: str) -> list[str]:
    """Return the header of a CSV file, read by Python's csv module (the first record only)."""
    where = str(path)
    try:
        with _open_text(path, "utf-8-sig") as text:
            names = next(csv.reader(text, delimiter=sep), None)
    except UnicodeDecodeError as error:  # decoded a block at a time: not only the header
        raise _fail(
            where,
            f"the file is not UTF-8 text (byte {error.object[error.start]:#04x} at offset "
            f"{error.start} of the first block read).",
            "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`), or read it with "
            "tt.io.read_csv(..., encoding=...).",
        ) from error
    except (OSError, csv.Error, EOFError) as error:
        raise _fail(where, f"the header cannot be read ({error}).") from error
    if not names:
        raise _fail(where, "the file holds no rows, not even a header.")
    return _header(where, names, 1)


def _first_ragged(path: Path, sep: str, width: int) -> list[tuple[int, int]]:
    """Return the line and cells of the first row with another number of cells than `width`."""
    for line, record in _records(path, str(path), encoding="utf-8-sig", sep=sep):
        if line > 1 and len(record) != width:
            return [(line, len(record))]
    return []


def _line_end(path: Path) -> str:
    r"""Return ``"\r"`` for a file whose lines end with CR alone (classic Mac), else ``"\n"``.

    Excel for Mac's "CSV (Macintosh)" writes them; polars reads lines at LF only, so such
    a file would be one header line and no rows. The header's end tells (CRLF is "\n").
    """
    if path.suffix.lower() not in {".csv", ".txt", ".tsv"}:
        return "\n"  # a compressed file's bytes are not its lines
    with path.open("rb") as handle:
        head = handle.read(65_536)
    end = re.search(rb"\r\n?|\n", head)
    # (a CR that ends the block read may be followed by an LF: read as the usual ends)
    cr = end is not None and end.group() == b"\r" and end.end() < len(head)
    return "\r" if cr else "\n"


def _lines(path: Path, eol: str) -> Any:
    """Return the file's lines (``text``, ``line`` from 1) as a polars LazyFrame."""
    import polars as pl

    if eol == "\n":
        return pl.scan_lines(path, name="text", row_index_name="line", row_index_offset=1)
    # scan_lines splits at LF only: the CSV reader, splitting at CR, with no quoting and
    # LF as the separator reads each line as one cell (an LF inside a line, in a quoted
    # cell, cuts the cell there; its open quote then sends the file to the record check).
    return pl.scan_csv(
        path,
        has_header=False,
        separator="\n",
        quote_char=None,
        eol_char="\r",
        infer_schema=False,
        new_columns=["text"],
        truncate_ragged_lines=True,
        row_index_name="line",
        row_index_offset=1,
    ).select("line", "text")


@dataclass(frozen=True, slots=True)
class _Shape:
    """What the pass over a CSV file's lines found, for polars to read its rows as csv does.

    Attributes
    ----------
    blank : int
        Empty lines, which the in-memory reader skips and polars reads as rows of nulls.
    empty : int
        Rows of empty cells (``,,``): respondents with no id or answer, which polars also
        reads as rows of nulls.
    spanning : bool
        Whether a quoted cell spans lines (the lines are not the rows).
    """

    blank: int
    empty: int
    spanning: bool


def _polars_shape(path: Path, sep: str, width: int, eol: str = "\n") -> _Shape:
    """Refuse rows with another number of cells than the header; count the blank lines.

    polars pads a short row with nulls and, when a query reads only some columns, drops
    the cells of a long row, silently. So its scan is preceded by one pass over the
    file's lines: outside quoted cells, a row of `width` cells holds ``width - 1``
    separators (a line of spaces is a row of one cell, as DuckDB reads it). A quoted
    cell that spans lines leaves a quote open on a line; then the lines are not the
    rows, and the file is checked record by record instead: by pyarrow when it reads the
    file as the csv module would (:func:`_regular`), else, or when a record has another
    number of cells, by Python's csv module, which names the lines.
    """
    import polars as pl

    # (the CSV reader of a CR-only file reads an empty line as null)
    text = pl.col("text").fill_null("").str.strip_suffix("\r")
    outside = text.str.replace_all(_QUOTED, "")
    lines = (
        _lines(path, eol)
        .filter(pl.col("line") > 1)
        .select(
            "line",
            cells=outside.str.count_matches(sep, literal=True) + 1,
            open=outside.str.contains('"', literal=True),
            blank=text == "",
            empty=(text == sep * (width - 1)) & (width > 1),
        )
    )
    wrong = (pl.col("cells") != width) & ~pl.col("blank")
    summary, shown = pl.collect_all(
        [
            lines.select(
                pl.col("open").any(),
                pl.col("blank").sum(),
                pl.col("empty").sum(),
                wrong.sum().alias("wrong"),
            ),
            lines.filter(wrong).select("line", "cells").head(_SHOWN),
        ]
    )
    shape = _Shape(
        int(summary["blank"][0] or 0), int(summary["empty"][0] or 0), bool(summary["open"][0])
    )
    if shape.spanning:
        if _regular(path, sep, width):
            return shape
        bad = [
            (line, len(record))
            for line, record in _records(path, str(path), encoding="utf-8-sig", sep=sep)
            if line > 1 and len(record) != width
        ]
        if bad:
            raise _ragged(str(path), bad[:_SHOWN], len(bad), width)
        return shape
    total = int(summary["wrong"][0] or 0)
    if total:
        raise _ragged(str(path), [tuple(row) for row in shown.rows()], total, width)
    return shape


def _without_blank_lines(frame: Any, path: Path, sep: str, eol: str, shape: _Shape) -> Any:
    """Return the polars scan without the rows it read from blank lines (read_csv skips them).

    polars reads a blank line as a row of nulls, and a row of empty cells (``,,``) too:
    when the file has no such row, every row of nulls is a blank line. Otherwise the
    blank lines' rows are dropped by their position: the line less two (the header, and
    lines counted from 1), or, where a quoted cell spans lines, the position of the
    blank record read by Python's csv module (one more pass, on this failing path only:
    a row of empty cells has no respondent id).
    """
    import polars as pl

    if not shape.empty:
        return frame.filter(~pl.all_horizontal(pl.all().is_null()))
    if shape.spanning:
        with _open_text(path, "utf-8-sig") as text:
            records = csv.reader(text, delimiter=sep)
            next(records, None)  # the header
            positions = pl.Series([i for i, record in enumerate(records) if not record])
    else:
        blank = (pl.col("text").fill_null("").str.strip_suffix("\r") == "") & (pl.col("line") > 1)
        positions = _lines(path, eol).filter(blank).select(pl.col("line") - 2).collect()["line"]
    row = "__tracktr_row__"  # (a name tracktr's counting refuses in a file: see tracktr._engine)
    return frame.with_row_index(row).filter(~pl.col(row).is_in(positions.implode())).drop(row)


def _regular(path: Path, sep: str, width: int) -> bool:
    """Whether pyarrow reads every record of the file with `width` cells, as csv would.

    When it refuses a record or may read the file otherwise (tracktr.io._arrow), False:
    the csv module then checks the records and names the lines.
    """
    names = _names(path, sep)
    if len(names) != width or not usable(names, sep=sep):
        return False
    frames = arrow_frames(
        path,
        names,
        encoding="utf-8-sig",
        sep=sep,
        chunksize=_REGULAR_ROWS,
        arrow_text=frozenset(names),  # (the cells are not read: no Python str for them)
    )
    try:
        for _ in frames:
            pass
    except UnsureError:
        return False
    return True


def _refuse_cut_off(path: Path, sep: str) -> None:
    """Raise if a CSV file ends mid-row: no final newline and fewer fields than the header.

    polars reads such a row with its missing cells blank (skipped answers), DuckDB fails
    to sniff the file; only the header and the file's tail are read, so a large file
    costs nothing more. A last row that ends with a separator and no newline is refused
    too, as :func:`tracktr.io.read_csv` refuses it: the file was cut after that
    separator, and its last answer would read as skipped.
    """
    if path.suffix.lower() not in {".csv", ".txt", ".tsv"}:
        return  # Parquet has no rows to cut; a compressed file is checked by its reader
    with path.open("rb") as handle:
        header = handle.readline()
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(len(header), size - 65_536))
        tail = handle.read()
    last = tail.rsplit(b"\n", 1)[-1]
    if tail and not tail.endswith((b"\n", b"\r")) and tail.endswith(sep.encode()):
        shown = last.decode("utf-8", "replace")
        shown = shown if len(shown) <= 40 else f"...{shown[-37:]}"  # (its end is the point)
        msg = (
            f"{str(path)!r}: the last row ({shown!r}) ends with a separator {sep!r} and the "
            "file ends without a newline: the file looks cut off, and its last respondent "
            "would read as having skipped."
        )
        hint = "Hint: export the file again; if it is complete, end it with a line break."
        raise ReadError(f"{msg}\n\n{hint}", path=str(path))
    if not tail or tail.endswith((b"\n", b"\r")) or b'"' in last:
        return  # complete, header only, or a last line inside quotes: nothing to tell
    fields = next(csv.reader([header.decode("utf-8-sig", "replace").rstrip("\r\n")], delimiter=sep))
    cells = last.decode("utf-8", "replace").split(sep)
    if len(cells) < len(fields):
        msg = (
            f"{str(path)!r}: the last row ({last.decode('utf-8', 'replace')[:40]!r}) has "
            f"{len(cells)} of the {len(fields)} cells of the header and the file ends "
            "without a newline: the file looks cut off."
        )
        hint = "Hint: copy or export the file again."
        raise ReadError(f"{msg}\n\n{hint}", path=str(path))

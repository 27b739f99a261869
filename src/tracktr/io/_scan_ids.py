"""The respondent ids of a scanned file: read as read_csv reads them, placed by file line.

:func:`tracktr.io.scan` counts the blank and repeated ids in the engine as
``survey.validate`` does on any engine frame (:func:`tracktr.survey._engine_ids.count_ids`:
only the failing ids come back). What is the scan's own is here: the ids read as numbers
when every id of a CSV file is a whole number (:func:`integer_ids`), the file lines of the
failing ids (read by Python's csv module, on the failing path only), and how the file
wrote an id that is one number written twice (``3`` and ``03``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from tracktr._engine import polars_column, sql_identifier
from tracktr.io._cells import _records
from tracktr.io._seen import _WHOLE, whole_numbers
from tracktr.survey._checks import IDS_SHOWN, ROWS_SHOWN
from tracktr.survey._distinct import is_blank
from tracktr.survey._engine_ids import SPACE, IdCounts, id_failures
from tracktr.survey._patterns import PatternCheck

__all__ = ["FileCheck", "FileLines", "file_id_failures", "id_lines", "integer_ids"]

_SPACES: Final = "".join(f"\\x{{{ord(c):x}}}" for c in SPACE)  # RE2 and Rust regex escapes
_WHOLE_ID: Final = f"^[{_SPACES}]*{_WHOLE.pattern}[{_SPACES}]*$"
"""An id that is a whole number by read_csv's rule, its integer part in group 1 (``" 3.0"``
gives ``3``; its number within int64 is checked by the cast)."""
_DIGIT_FIRST: Final = f"^[{_SPACES}]*-?[0-9]"
"""An id that may be a whole number: a test that spares text ids (``R7``) DuckDB's
extraction, which costs twice a failed match (1e6 ids ``R1``...: 0.21 s against 0.11 s)."""

_BATCH: Final = 65_536  # ids converted at once when their lines are looked for
_FAILURE_COLUMNS: Final = ("question", "column", "respondent_id", "value", "check", "expected")


@dataclass(frozen=True, slots=True)
class FileCheck(PatternCheck):
    """The codebook's checks on a scanned file, whose respondent ids the scan checks itself.

    The scan's id check names the file's lines and is found once per scan (a file of 1e8
    rows is not grouped again for every table); `ids` returns it.
    """

    ids: Callable[[], pd.DataFrame] | None = None

    def _id_failures(self, names: Sequence[str]) -> pd.DataFrame:
        if self.ids is None:
            return PatternCheck._id_failures(self, names)
        return self.ids()


@dataclass(frozen=True, slots=True)
class FileLines:
    """The file lines of the blank ids and of each repeated id shown, and how it was written."""

    blank: list[int]
    repeated: dict[Any, list[int]]
    written: dict[Any, list[str]]


def integer_ids(frame: Any, engine: str, rid: str) -> Any | None:
    """Return the frame with its ids as integers if every id is a whole number, else None.

    :func:`tracktr.io.read_csv`'s rule (:func:`tracktr.io._seen.whole_numbers`), in the
    engine (``"duckdb"`` or ``"polars"``): one pass over the id column counts the ids that
    are not a whole number within int64 (a blank one included: it makes the ids text there
    too).

    Each id is matched once, its integer part extracted by the same anchored pattern
    (``" 12.00 "`` gives ``"12"``, an id that does not match gives no number) and cast.
    One extraction costs less than a match followed by stripping the spaces and casting
    (1e6 plain ids of a scanned file, 2026-12-04 at load 3-4, best of 5: DuckDB 0.19-0.31 s
    against 0.32-0.41 s, polars alike at 0.12-0.17 s), and no regex replace of the
    fraction is needed.
    """
    if engine == "duckdb":
        quoted = sql_identifier(rid)
        # Not a bare TRY_CAST of the column, which DuckDB pushes into its CSV reader; an id
        # that does not match extracts '', which TRY_CAST makes NULL.
        number = (
            f"CASE WHEN regexp_matches({quoted}, '{_DIGIT_FIRST}') THEN "
            f"TRY_CAST(regexp_extract({quoted}, '{_WHOLE_ID}', 1) AS BIGINT) END"
        )
        other = frame.aggregate(f"count(*) FILTER (WHERE ({number}) IS NULL)").fetchall()
        return None if other[0][0] else frame.project(f"* REPLACE ({number} AS {quoted})")
    import polars as pl

    # (A column "^id$" is itself, not the column "id" that pl.col() would match.)
    value = polars_column(frame, rid).str.extract(_WHOLE_ID, 1).cast(pl.Int64, strict=False)
    others = frame.select(value.is_null().sum()).collect().item()
    return None if others else frame.with_columns(value.alias(rid))


def id_lines(path: Path, sep: str, column: int, found: IdCounts, *, integers: bool) -> FileLines:
    """Return the lines of the blank ids and of the repeated ids shown, read by Python's csv.

    `column` is the id's position in the header. One pass over the file (memory: a batch
    of ids), stopped once every line to name is found. With `integers`, each id is read as
    a number, as the engine read it.
    """
    lines = FileLines([], {value: [] for value in found.repeated}, {})
    wanted = min(found.blank, IDS_SHOWN) + sum(min(n, ROWS_SHOWN) for n in found.repeated.values())
    batch: list[tuple[int, str]] = []
    for line, record in _records(path, str(path), encoding="utf-8-sig", sep=sep):
        if line == 1:
            continue  # the header
        batch.append((line, record[column] if column < len(record) else ""))
        if len(batch) == _BATCH:
            wanted -= _place(batch, lines, found, integers=integers)
            batch = []
            if wanted <= 0:
                return lines
    _place(batch, lines, found, integers=integers)
    return lines


def _place(
    batch: list[tuple[int, str]], lines: FileLines, found: IdCounts, *, integers: bool
) -> int:
    """Add the lines of `batch` that hold a blank or shown repeated id; return how many."""
    if not batch:
        return 0
    cells = pd.Series([cell for _, cell in batch], dtype=object)
    numbers = whole_numbers(cells) if integers else None
    keys = numbers.values.tolist() if numbers is not None else cells.tolist()
    added = 0
    for (line, cell), key in zip(batch, keys, strict=True):
        if is_blank(cell):
            if len(lines.blank) < min(found.blank, IDS_SHOWN):
                lines.blank.append(line)
                added += 1
        elif key in lines.repeated and len(lines.repeated[key]) < ROWS_SHOWN:
            lines.repeated[key].append(line)
            texts = lines.written.setdefault(key, [])
            if cell not in texts:
                texts.append(cell)
            added += 1
    return added


def file_id_failures(
    rid: str, found: IdCounts, lines: FileLines | None, *, integers: bool
) -> pd.DataFrame:
    """Return the ``missing_id`` and ``duplicate_id`` failures of a file, naming its lines.

    The checks of :func:`tracktr.io.read_csv`, said as ``survey.validate`` says them
    (:func:`tracktr.survey._engine_ids.id_failures`) with the file's lines rather than
    0-based positions; a Parquet file has no lines, and the message says how to find the
    rows.
    """
    places = None if lines is None else (lines.blank, lines.repeated)
    note = _written(lines.written) if integers and lines is not None else ""
    failures = id_failures(rid, found, places, unit="line", note=note)
    return pd.DataFrame(failures, columns=list(_FAILURE_COLUMNS), dtype=object)


def _written(written: dict[Any, list[str]]) -> str:
    """Say which ids are one number written otherwise (``'3'`` and ``' 03'``), if any."""
    spelled = [
        f"{value!r} as {' and '.join(repr(t) for t in texts)}"
        for value, texts in written.items()
        if len(texts) > 1
    ]
    if not spelled:
        return ""
    return (
        f" (written {'; '.join(spelled)}: every id of the file is a whole number, so these "
        "are one respondent, as read_csv reads them)"
    )

"""A plain UTF-8 CSV file parsed by pyarrow, when it reads exactly what the csv module reads.

Python's :mod:`csv` module (tracktr.io._cells) reads about 20 MB of text a second;
pyarrow's multi-threaded reader reads several hundred. pyarrow is optional, and it reads
some damaged files differently: it accepts text after a closing quote (``"ab"c`` is
``abc``), a quote never closed (the rest of the file becomes one cell) and cells of any
length, which the csv module refuses; and it refuses a ragged row without naming its line.
So pyarrow reads a file only when

- pyarrow is installed, the file is plain (not compressed) UTF-8 text, the separator is
  one byte and every column of the header has a name;
- every quote of the file sits where a quoted cell opens or closes, or is a doubled quote
  inside one (:func:`plain_quoting`, one pass over the bytes with numpy), so that both
  readers see the same cells;

and whenever pyarrow refuses a block (a ragged row, bytes that are not UTF-8), or a cell
is longer than the csv module's limit, :class:`UnsureError` sends the caller back to the csv
module, which re-reads the file and names the line. Every refusal therefore stays the csv
module's, word for word; pyarrow only makes the files that read cleanly fast.

Columns named in `categorical` come back as pandas categoricals of their text (dictionary
encoded by pyarrow: each distinct text is hashed once, and tracktr's checks then read
each distinct cell once), the others as object columns of ``str``.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["UnsureError", "arrow_frames", "plain_quoting", "usable"]

_SCAN_BYTES = 1 << 24
"""Bytes read at a time by the quote scan (memory stays one block)."""

_BLOCK_BYTES = 1 << 22
"""pyarrow's block: large enough for its threads to share, small enough to stay bounded."""

_BOM = codecs.BOM_UTF8
_QUOTE = ord('"')


class UnsureError(Exception):
    """pyarrow refused the file, or may read it otherwise: read it with the csv module."""


def _arrow() -> Any:
    """Return ``pyarrow.csv`` or None when pyarrow is not installed."""
    try:
        import pyarrow.csv as arrow_csv
    except ImportError:
        return None
    return arrow_csv


def usable(file: Path, header: list[str], *, encoding: str, sep: str) -> bool:
    """Return whether pyarrow reads `file` cell for cell as the csv module does."""
    if _arrow() is None or file.suffix.lower() in {".gz", ".zip", ".bz2", ".xz"}:
        return False
    name = codecs.lookup(encoding).name
    if name not in {"utf-8", "utf-8-sig"} or len(sep.encode("utf-8")) != 1:
        return False
    with file.open("rb") as handle:
        # pyarrow drops a BOM; with encoding="utf-8" the csv module keeps it in the header.
        if name == "utf-8" and handle.read(3) == _BOM:
            return False
    # A single column: the csv module skips a line of spaces, pyarrow reads it as a cell.
    if len(header) < 2 or not all(n.strip() for n in header):
        return False
    return plain_quoting(file, sep)


def plain_quoting(file: Path, sep: str) -> bool:
    r"""Return whether every run of quotes in `file` opens a cell, closes it, or is doubled.

    A run of quotes is classified by the bytes around it: after a separator or a line
    break (or at the start) it opens a quoted cell (an odd run) or is an empty or doubled
    quote (an even run followed by a separator or line break); before a separator, line
    break or the end it closes the cell (odd) or is doubled (even); inside text it is
    doubled (even). The openings and closings must alternate, from closed to closed.
    Anything else (``"ab"c``, a quote never closed, an odd quote inside text) is left to
    the csv module, which accepts or refuses it and names the line.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from tracktr.io._arrow import plain_quoting
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "f.csv"
    >>> _ = path.write_bytes(b'id,a\n1,"x, ""y"" z"\n2,\n')
    >>> plain_quoting(path, ",")
    True
    >>> _ = path.write_bytes(b'id,a\n1,"ab"c\n')
    >>> plain_quoting(path, ",")
    False
    """
    ends = np.zeros(256, dtype=bool)
    ends[[ord(sep), ord("\n"), ord("\r")]] = True
    inside = False
    before = ord("\n")  # the byte before the block: the start is a line start
    with file.open("rb") as handle:
        block = handle.read(_SCAN_BYTES)
        if block.startswith(_BOM):
            block = block[len(_BOM) :]
        while block:
            following = handle.read(1)
            while following == b'"':  # never cut a run of quotes between two blocks
                block += following
                following = handle.read(1)
            after = following[0] if following else ord("\n")  # the end closes a cell
            if b'"' in block:  # (most blocks hold no quote: a fast search, no numpy pass)
                state = _scan(np.frombuffer(block, dtype=np.uint8), before, after, ends, inside)
                if state is None:
                    return False
                inside = state
            before = block[-1]
            block = following + handle.read(_SCAN_BYTES - 1) if following else b""
    return not inside


def _scan(
    buf: np.ndarray[Any, np.dtype[np.uint8]],
    before: int,
    after: int,
    ends: np.ndarray[Any, np.dtype[np.bool_]],
    inside: bool,
) -> bool | None:
    """Return whether a quoted cell is open after `buf`; None if a quote is out of place."""
    where = np.flatnonzero(buf == _QUOTE)
    if not len(where):
        return inside
    starts = np.flatnonzero(np.diff(where, prepend=-2) != 1)
    first = where[starts]
    length = np.diff(np.append(starts, len(where)))
    last = first + length - 1
    padded = np.concatenate(([before], buf, [after]))
    opens_after = ends[padded[first]]  # the byte before the run (padded is shifted by one)
    closes_before = ends[padded[last + 2]]  # the byte after the run
    odd = length % 2 == 1
    out_of_place = np.where(opens_after == closes_before, odd, ~odd & opens_after)
    if out_of_place.any():
        return None
    # +1 opens a cell, -1 closes it; even runs (doubled quotes, empty cells) change nothing.
    kind = np.where(odd & opens_after, 1, np.where(odd & closes_before, -1, 0))
    kind = kind[kind != 0]
    if not len(kind):
        return inside
    if kind[0] != (-1 if inside else 1) or (kind[1:] == kind[:-1]).any():
        return None
    return bool(kind[-1] == 1)


def arrow_frames(
    file: Path,
    header: list[str],
    *,
    sep: str,
    chunksize: int | None,
    categorical: Collection[str],
) -> Iterator[pd.DataFrame]:
    """Yield frames of `chunksize` rows (or the whole file) as the csv module would.

    Raises
    ------
    UnsureError
        When pyarrow refuses a block or reads a cell the csv module would refuse; the
        caller re-reads the file with the csv module (frames already yielded are the
        same rows it yields).
    """
    import pyarrow as pa
    import pyarrow.csv as arrow_csv

    reader_options = arrow_csv.ReadOptions(block_size=_BLOCK_BYTES, use_threads=True)
    parse = arrow_csv.ParseOptions(delimiter=sep, newlines_in_values=True)
    # Columns of options are dictionary encoded as they are parsed, on pyarrow's threads.
    text = pa.string()
    options = pa.dictionary(pa.int32(), text)
    convert = arrow_csv.ConvertOptions(
        column_types={name: options if name in categorical else text for name in header},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        reader = arrow_csv.open_csv(
            file, read_options=reader_options, parse_options=parse, convert_options=convert
        )
    except (pa.ArrowException, OSError) as error:
        raise UnsureError from error
    if reader.schema.names != header:
        raise UnsureError
    pending: list[Any] = []
    held = 0
    start = 0
    limit = csv.field_size_limit()
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except (pa.ArrowException, OSError) as error:
            raise UnsureError from error
        if _too_long(batch, limit):
            raise UnsureError
        pending.append(batch)
        held += batch.num_rows
        while chunksize is not None and held >= chunksize:
            table = pa.Table.from_batches(pending, schema=reader.schema)
            yield _frame(table.slice(0, chunksize), start, categorical)
            start += chunksize
            rest = table.slice(chunksize)
            pending, held = rest.to_batches(), rest.num_rows
    if held or chunksize is None:
        table = pa.Table.from_batches(pending, schema=reader.schema)
        yield _frame(table, start, categorical)


def _too_long(batch: Any, limit: int) -> bool:
    """Whether a cell of `batch` may exceed the csv module's limit (in bytes, so maybe)."""
    import pyarrow.compute as pc

    for column in batch.columns:
        cells = column.dictionary if hasattr(column, "dictionary") else column
        if len(cells) and pc.max(pc.binary_length(cells)).as_py() > limit:
            return True
    return False


def _frame(table: Any, start: int, categorical: Collection[str]) -> pd.DataFrame:
    index = pd.RangeIndex(start, start + table.num_rows)
    columns: dict[str, pd.Series] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if name in categorical:
            # One dictionary for the chunk's blocks; a block cut between two chunks leaves
            # texts of the other chunk in it, which are dropped.
            encoded = column.unify_dictionaries().combine_chunks()
            texts = encoded.dictionary.to_numpy(zero_copy_only=False)
            codes = encoded.indices.to_numpy(zero_copy_only=False)
            used = np.bincount(codes, minlength=len(texts)) > 0
            if not used.all():  # one pass, where remove_unused_categories() sorts
                codes = (np.cumsum(used) - 1).astype(codes.dtype)[codes]
                texts = texts[used]
            categories = pd.Index(texts, dtype=object)
            cells = pd.Categorical.from_codes(codes, categories=categories, validate=False)
            columns[name] = pd.Series(cells, index=index, copy=False)
        else:
            text = column.to_numpy(zero_copy_only=False).astype(object, copy=False)
            columns[name] = pd.Series(text, index=index, dtype=object, copy=False)
    return pd.DataFrame(columns, index=index, copy=False)

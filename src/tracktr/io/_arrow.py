"""A CSV file parsed by pyarrow, when it reads exactly what the csv module reads.

Python's :mod:`csv` module (tracktr.io._cells) reads about 20 MB of text a second;
pyarrow's reader several hundred. pyarrow is optional, and it reads some damaged files
differently: it accepts text after a closing quote (``"ab"c`` is ``abc``), a quote never
closed (the rest of the file becomes one cell) and cells of any length, which the csv
module refuses; and it refuses a ragged row without naming its line. So pyarrow reads a
file only when pyarrow is installed, the separator is one byte in UTF-8 and every column
of the header has a name, and it reads it through :class:`CheckedText`, which gives
pyarrow the file's text as UTF-8 and checks it on the way:

- the bytes come from the same decompressor as the csv module's (:mod:`gzip`,
  :mod:`bz2`, :mod:`lzma`, :mod:`zipfile`), so both readers see the same bytes (pyarrow's
  own gzip stream was not used: one decompressor means no doubt about concatenated
  members or damaged tails);
- a file in another encoding than UTF-8 is decoded with Python's codec, as the csv module
  decodes it, and given to pyarrow re-encoded as UTF-8; UTF-8 is passed through, and
  pyarrow checks it;
- every quote must sit where a quoted cell opens or closes, or be a doubled quote inside
  one (:func:`plain_quoting` tells the rule), so that both readers see the same cells.

A quote out of place, a byte the codec refuses or a damaged archive ends the text for
pyarrow early and marks it; the batches pyarrow gives are checked against that mark, and
whenever the text was marked, pyarrow refuses a block (a ragged row, bytes that are not
UTF-8), or a cell is longer than the csv module's limit, :class:`UnsureError` sends the
caller back to the csv module, which re-reads the file and names the line. Every refusal
therefore stays the csv module's, word for word; pyarrow only makes the files that read
cleanly fast. The file is read once: the checks run on the blocks as pyarrow reads them.

Columns named in `categorical` come back as pandas categoricals of their text (dictionary
encoded by pyarrow: each distinct text is hashed once, and tracktr's checks then read
each distinct cell once), columns named in `arrow_text` as pandas' Arrow-backed strings
(no Python object per cell: the respondent ids, cast to numbers by pyarrow when they all
are), and the others as object columns of ``str``.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import csv
import gzip
import io
import lzma
import queue
import sys
import threading
import zipfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

__all__ = ["CheckedText", "UnsureError", "arrow_frames", "plain_quoting", "usable"]

_SCAN_BYTES = 1 << 22
"""Bytes read from the file at a time when pyarrow asks for no size (memory: one block)."""

_BLOCK_BYTES = 1 << 20
"""pyarrow's block: large enough for its threads to share, small enough to stay bounded."""

_BOM = codecs.BOM_UTF8
_QUOTE = ord('"')
_PASSED = frozenset({"utf-8", "utf-8-sig"})
"""Encodings whose bytes go to pyarrow as they are (it checks UTF-8, skips a leading BOM)."""


_Bytes = io.BufferedIOBase | IO[bytes]
"""A binary file: open(), gzip, bz2, lzma or a zip archive's member."""


class UnsureError(Exception):
    """pyarrow refused the file, or may read it otherwise: read it with the csv module."""


def _arrow() -> Any:
    """Return ``pyarrow.csv`` or None when pyarrow is not installed."""
    try:
        import pyarrow.csv as arrow_csv
    except ImportError:
        return None
    return arrow_csv


def usable(header: list[str], *, sep: str) -> bool:
    """Return whether pyarrow may read a file of this header and separator.

    pyarrow reads UTF-8 text (:class:`CheckedText` gives it any file so), needs a
    separator of one byte, and a single column would differ: the csv module skips a line
    of spaces, pyarrow reads it as a cell.
    """
    if _arrow() is None or len(sep.encode("utf-8")) != 1:
        return False
    return len(header) >= 2 and all(n.strip() for n in header)


@contextlib.contextmanager
def _open_bytes(file: Path) -> Iterator[_Bytes]:
    """Open the file's bytes through the decompressor that the csv module's reader uses."""
    suffix = file.suffix.lower()
    if suffix == ".gz":
        with gzip.open(file, "rb") as raw:
            yield raw
    elif suffix == ".bz2":
        with bz2.open(file, "rb") as raw:
            yield raw
    elif suffix == ".xz":
        with lzma.open(file, "rb") as raw:
            yield raw
    elif suffix == ".zip":
        with zipfile.ZipFile(file) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if len(names) != 1:  # the csv module's reader names the problem
                raise UnsureError
            with archive.open(names[0]) as raw:
                yield raw
    else:
        with file.open("rb") as raw:
            yield raw


class CheckedText(io.RawIOBase):
    """A binary file's text as UTF-8 for pyarrow, with its quotes checked as it is read.

    `marked` turns True when the text is not what pyarrow may read alike (a quote out of
    place, a quoted cell never closed, a byte the codec refuses, a damaged archive): the
    text then ends early, and no batch pyarrow gives after that may be trusted. Read
    before parsed, every byte of a batch has been checked when the batch arrives.
    """

    def __init__(self, source: _Bytes, *, encoding: str, sep: str) -> None:
        super().__init__()
        self.marked = False
        self._source = source
        name = codecs.lookup(encoding).name
        self._decoder = None if name in _PASSED else codecs.getincrementaldecoder(name)()
        self._ascii_as_is = _ascii_as_is(name)
        self._ends = np.zeros(256, dtype=bool)
        self._ends[[ord(sep), ord("\n"), ord("\r")]] = True
        self._inside = False  # inside a quoted cell at the end of the text given so far
        self._before = ord("\n")  # the byte before the next block: a line start at first
        self._first = True
        self._held = b""  # quotes at the end of the last block, until the byte after them
        self._ready = b""
        self._at = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        """Return up to `size` bytes of checked UTF-8 text (all that is left if negative)."""
        if size is None or size < 0:
            return self.readall()
        while self._at == len(self._ready) and not self._done:
            self._ready, self._at = self._next_block(size), 0
        out = self._ready[self._at : self._at + size]
        self._at += len(out)
        return out

    def readall(self) -> bytes:
        return b"".join(iter(lambda: self.read(_SCAN_BYTES), b""))

    def _next_block(self, size: int) -> bytes:
        """Read, decode and check the next block; b"" (and `_done`) at the end or a mark."""
        try:
            raw = self._source.read(max(size, 1))
            end = not raw
            if self._decoder is None or (self._ascii_as_is and raw.isascii()):
                text = raw
            else:
                text = self._decoder.decode(raw, final=end).encode("utf-8")
        except Exception:  # any failure is the csv module's to name, with its line
            return self._mark()
        block = self._held + text
        if end:
            self._held = b""
        else:  # never end a block on a quote: its run is classified by the byte after it
            keep = len(block.rstrip(b'"'))
            block, self._held = block[:keep], block[keep:]
        self._check(block, end)
        if self.marked:
            return self._mark()
        if end:
            self._done = True
        return block

    def _mark(self) -> bytes:
        self.marked = self._done = True
        return b""

    def _check(self, block: bytes, end: bool) -> None:
        scanned = block
        if self._first and block:
            self._first = False
            if self._decoder is None and block.startswith(_BOM):  # the csv module drops it
                scanned = block[len(_BOM) :]
        if b'"' in scanned:  # (most blocks hold no quote: a fast search, no numpy pass)
            buf = np.frombuffer(scanned, dtype=np.uint8)
            state = _scan(buf, self._before, ord("\n"), self._ends, self._inside)
            if state is None:
                self.marked = True
                return
            self._inside = state
        if scanned:
            self._before = scanned[-1]
        if end and self._inside:  # a quoted cell never closed
            self.marked = True


def _ascii_as_is(name: str) -> bool:
    """Whether codec `name` reads each byte alone, and ASCII bytes as themselves.

    Then a block of ASCII bytes is its own UTF-8 text, and skips the codec (most blocks
    of a cp1252 or Latin-1 file). Charmap codecs (cp1252, iso8859-15, mac-roman...) show
    it in their decoding table; stateful or multi-byte codecs (utf-16, utf-7, shift_jis)
    have none and are always decoded.
    """
    if name in {"ascii", "iso8859-1"}:
        return True
    module = getattr(codecs.lookup(name).decode, "__module__", None) or ""
    table = getattr(sys.modules.get(module), "decoding_table", None)
    return isinstance(table, str) and table[:128] == "".join(map(chr, range(128)))


def plain_quoting(file: Path, sep: str, *, encoding: str = "utf-8-sig") -> bool:
    r"""Return whether every run of quotes in `file` opens a cell, closes it, or is doubled.

    A run of quotes is classified by the bytes around it: after a separator or a line
    break (or at the start) it opens a quoted cell (an odd run) or is an empty or doubled
    quote (an even run followed by a separator or line break); before a separator, line
    break or the end it closes the cell (odd) or is doubled (even); inside text it is
    doubled (even). The openings and closings must alternate, from closed to closed.
    Anything else (``"ab"c``, a quote never closed, an odd quote inside text) is left to
    the csv module, which accepts or refuses it and names the line. (pyarrow's reading
    checks this as it reads, through :class:`CheckedText`; this reads the file for it.)

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
    with _open_bytes(file) as source:
        text = CheckedText(source, encoding=encoding, sep=sep)
        while text.read(_SCAN_BYTES):
            pass
    return not text.marked


def _scan(
    buf: np.ndarray[Any, np.dtype[np.uint8]],
    before: int,
    after: int,
    ends: np.ndarray[Any, np.dtype[np.bool_]],
    inside: bool,
) -> bool | None:
    """Return whether a quoted cell is open after `buf`; None if a quote is out of place.

    Every odd run of quotes opens or closes a quoted cell (one quote, and doubled ones),
    so whether a run starts inside a cell is `inside` flipped once per odd run before it.
    """
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
    within = inside ^ ((np.cumsum(odd) - odd) % 2 == 1)  # the run starts inside a cell
    # An odd run opens a cell where one starts, or closes one before a separator or line
    # end; an even run inside a cell is doubled quotes, and outside one either an empty
    # cell (between separators) or quotes inside unquoted text, which both readers keep.
    fits = np.where(odd, np.where(within, closes_before, opens_after), within | ~opens_after)
    fits |= ~odd & closes_before
    if not fits.all():
        return None
    return bool(inside ^ (np.count_nonzero(odd) % 2 == 1))


def arrow_frames(
    file: Path,
    header: list[str],
    *,
    encoding: str,
    sep: str,
    chunksize: int | None,
    categorical: Collection[str] = (),
    arrow_text: Collection[str] = (),
    columns: Collection[str] | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield frames of `chunksize` rows (or the whole file) as the csv module would.

    With `columns`, the frames hold only those columns of `header` (pyarrow still parses
    every cell, and refuses what it refuses, but converts only these).

    Raises
    ------
    UnsureError
        When the text is marked (:class:`CheckedText`), pyarrow refuses a block or reads
        a cell the csv module would refuse; the caller re-reads the file with the csv
        module (frames already yielded are the same rows it yields).
    """
    import pyarrow as pa

    try:
        with _open_bytes(file) as source:
            text = CheckedText(source, encoding=encoding, sep=sep)
            yield from _batches_as_frames(
                text,
                header,
                sep=sep,
                chunksize=chunksize,
                frame=_Frames(categorical, arrow_text),
                columns=columns,
            )
    except (pa.ArrowException, OSError, EOFError, zipfile.BadZipFile) as error:
        raise UnsureError from error


class _Frames:
    """How the columns of a table become a frame's: categoricals, Arrow text or objects."""

    __slots__ = ("arrow_text", "categorical")

    def __init__(self, categorical: Collection[str], arrow_text: Collection[str]) -> None:
        self.categorical = frozenset(categorical)
        self.arrow_text = frozenset(arrow_text)

    def __call__(self, table: Any, start: int) -> pd.DataFrame:
        index = pd.RangeIndex(start, start + table.num_rows)
        columns: dict[str, pd.Series] = {}
        for name, column in zip(table.column_names, table.columns, strict=True):
            if name in self.categorical:
                columns[name] = pd.Series(_categorical(column), index=index, copy=False)
            elif name in self.arrow_text:
                cells = pd.arrays.ArrowExtensionArray(column)
                columns[name] = pd.Series(cells, index=index, copy=False)
            else:
                cells = column.to_numpy(zero_copy_only=False).astype(object, copy=False)
                columns[name] = pd.Series(cells, index=index, dtype=object, copy=False)
        return pd.DataFrame(columns, index=index, copy=False)


def _categorical(column: Any) -> pd.Categorical:
    # One dictionary for the chunk's blocks; a block cut between two chunks leaves texts
    # of the other chunk in it, which are dropped.
    encoded = column.unify_dictionaries().combine_chunks()
    texts = encoded.dictionary.to_numpy(zero_copy_only=False)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    used = np.bincount(codes, minlength=len(texts)) > 0
    if not used.all():  # one pass, where remove_unused_categories() sorts
        codes = (np.cumsum(used) - 1).astype(codes.dtype)[codes]
        texts = texts[used]
    categories = pd.Index(texts, dtype=object)
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)


def _batches_as_frames(
    text: CheckedText,
    header: list[str],
    *,
    sep: str,
    chunksize: int | None,
    frame: _Frames,
    columns: Collection[str] | None = None,
) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.csv as arrow_csv

    reader_options = arrow_csv.ReadOptions(block_size=_BLOCK_BYTES, use_threads=True)
    parse = arrow_csv.ParseOptions(delimiter=sep, newlines_in_values=True)
    # Columns of options are dictionary encoded as they are parsed, on pyarrow's threads.
    plain = pa.string()
    options = pa.dictionary(pa.int32(), plain)
    names = header if columns is None else [name for name in header if name in columns]
    convert = arrow_csv.ConvertOptions(
        column_types={name: options if name in frame.categorical else plain for name in header},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        include_columns=names,
    )
    reader = arrow_csv.open_csv(
        text, read_options=reader_options, parse_options=parse, convert_options=convert
    )
    if text.marked or reader.schema.names != names:
        raise UnsureError
    pending: list[Any] = []
    held = 0
    start = 0
    limit = csv.field_size_limit()
    for batch in _ahead(reader):
        if text.marked:
            raise UnsureError
        pending.append(batch)
        held += batch.num_rows
        while chunksize is not None and held >= chunksize:
            table = pa.Table.from_batches(pending, schema=reader.schema)
            yield frame(_checked(table.slice(0, chunksize), limit), start)
            start += chunksize
            rest = table.slice(chunksize)
            pending, held = rest.to_batches(), rest.num_rows
    if text.marked:
        raise UnsureError
    if held or chunksize is None:
        yield frame(_checked(pa.Table.from_batches(pending, schema=reader.schema), limit), start)


def _checked(table: Any, limit: int) -> Any:
    """Return `table`, or raise UnsureError if a cell may exceed the csv module's limit.

    (The length is in bytes, so maybe: the csv module counts characters.)
    """
    import pyarrow.compute as pc

    for column in table.columns:
        if hasattr(column.type, "value_type"):  # dictionary encoded: each block's texts
            pieces = [piece.dictionary for piece in column.chunks]
        else:
            pieces = [column]
        for cells in pieces:
            if len(cells) and pc.max(pc.binary_length(cells)).as_py() > limit:
                raise UnsureError
    return table


_END = object()
_DEPTH = 2
"""Batches parsed ahead of the caller (a batch is one block of the file)."""


def _ahead(reader: Any, depth: int = _DEPTH) -> Iterator[Any]:
    """Yield the reader's batches, parsed on a thread while the caller works on the last.

    pyarrow releases the GIL while it parses: the next block is parsed on one core while
    the caller prepares and counts a chunk on the other. At most `depth` batches wait.
    """
    waiting: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: Any) -> bool:
        """Put `item` in the queue, unless the caller has stopped reading."""
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.05)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for batch in reader:
                if not offer(batch):
                    return
            offer(_END)
        except BaseException as error:  # raised again on the caller's thread
            offer(error)

    thread = threading.Thread(target=produce, name="tracktr-csv", daemon=True)
    thread.start()
    try:
        while (item := waiting.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()

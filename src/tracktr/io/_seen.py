"""Respondent ids of a CSV file: read as numbers or text, and found again across chunks.

Every id in a CSV file is text. A file whose ids are *all* whole numbers (ASCII digits, a
minus sign at most, a zero fraction at most, spaces around, within int64) has integer ids,
so ``"03"``, ``" 3"``, ``"3.0"`` and ``"3"`` are one respondent; a file with one other id
(``"R7"``) has text ids, compared as written, so they are four. :func:`whole_numbers` reads
a column of ids that way, and ``read_csv`` of a whole file converts the column when it
returns numbers.

A zero fraction (``"3.0"``, ``"12.00"``) is how pandas writes a column of ids that became
floats (one blank id does it), so a file stacked from two exports holds ``"3.0"`` and
``"3"`` for one respondent. An exponent (``"3e0"``) is not read as a number: pandas writes
one only for numbers beyond 1e16, whose float has already lost the id's last digits (two
ids may have become one), and text such as ``"1E5"`` is as likely a code as a number.

Reading a file in chunks must reach the same verdict, though no chunk knows the rest of
the file. A chunk converts its ids only when that cannot merge two ids that the whole
file might keep apart (two texts of one number in the chunk keep the chunk's ids as
text), so the checks inside each chunk agree with either reading. Across chunks,
:class:`SpilledIds` keeps every id on disk and decides once the file is read: as numbers
if every id of every chunk was a whole number, else as text.

Keeping every id seen in memory (a set, sorted arrays) makes memory grow with the file.
Instead each chunk's ids are hashed into a fixed number of partition files on disk; an
id can only repeat within its own partition, so after the pass each partition is read
alone and its repeated ids found. Memory is then one chunk plus one partition, and the
number of partitions grows with the size of the file (:func:`partitions_for`), so a
partition stays around a million ids whatever the file. Hash partitions were chosen over
an external sort: one sequential write and one read of each id, no merge passes, and the
partitions are independent.

An id written as its number's plain text (``"3"``, ``"-12"``; not ``"03"``, ``" 3"``,
``"3.0"``, ``"-0"``) is spilled as a raw ``int64``: as a number and as text it is the same
id. Any other id is spilled as its text (pickled), and a whole number written otherwise
also as an ``int64`` "alias", read only if the file turns out to have integer ids.
"""

from __future__ import annotations

import os
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import EllipsisType
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["Numbers", "SpilledIds", "partitions_for", "whole_numbers"]

_INTEGER: Final = "-?[0-9]+"
_ZERO_FRACTION: Final = r"(?:\.0+)?"
_WHOLE: Final = re.compile(f"({_INTEGER}){_ZERO_FRACTION}")
"""A whole number: ASCII digits with at most one minus sign and at most a zero fraction
("12.00"); group 1 is its integer part ("--5", "²", "1.5", "1." or "1e0" are text)."""

_INT64: Final = 2**63
_PLAIN_PATTERN: Final = "^(0|-?[1-9][0-9]{0,17})$"
"""A whole number in its plain form, within int64 (18 digits at most): pyarrow's regex."""
_UNSPACED_PATTERN: Final = f"^(?P<integer>{_INTEGER}){_ZERO_FRACTION}$"
"""A whole number without spaces around (``"3.0"``, ``"03"``), its integer part named:
pyarrow's regex (the spaces Python's ``str.strip`` removes are left to the Python path)."""

_BYTES_PER_PARTITION = 16 * 2**20
"""File bytes per partition: a CSV row holds more than 16 bytes, so at most ~1e6 ids."""


@dataclass(frozen=True, slots=True)
class Numbers:
    """A column of ids that are all whole numbers: each row's number, and its writing.

    Attributes
    ----------
    values : numpy.ndarray
        Each row's id as an ``int64``.
    plain : numpy.ndarray
        Whether each row's text is its number's plain form (``"3"``, not ``"03"``).
    """

    values: npt.NDArray[np.int64]
    plain: npt.NDArray[np.bool_]

    def merges(self, texts: pd.Series) -> bool:
        """Return whether two different texts of `texts` are the same number here."""
        if self.plain.all():  # plain text and number are one to one
            return False
        return len(pd.unique(self.values)) != len(pd.unique(texts.to_numpy(dtype=object)))


def whole_numbers(ids: pd.Series) -> Numbers | None:
    """Return the ids as numbers if every one is a whole number within int64, else None.

    Spaces around the digits are allowed (``" 12 "`` is 12), and a zero fraction
    (``"12.0"``, ``"12.00"`` are 12, as pandas writes ids that became floats); an
    exponent is not (``"1e0"`` is text). Ids without spaces around are read by pyarrow
    when it is installed; any other column takes the Python path, which decides alike.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.io._seen import whole_numbers
    >>> found = whole_numbers(pd.Series(["3", "03", " -4 ", "5.0"], dtype=object))
    >>> found.values.tolist(), found.plain.tolist()
    ([3, 3, -4, 5], [True, False, False, False])
    >>> whole_numbers(pd.Series(["3", "R7"], dtype=object)) is None
    True
    """
    if not len(ids):
        return None
    fast = _arrow_numbers(ids)
    if fast is not None:
        return fast
    cells = ids.to_numpy(dtype=object)
    values: list[int] = []
    plain: list[bool] = []
    for cell in cells.tolist():
        text = str(cell)
        whole = _WHOLE.fullmatch(text.strip())
        if whole is None:
            return None
        number = int(whole.group(1))
        if not -_INT64 <= number < _INT64:  # beyond int64: text ids, as an id is text
            return None
        values.append(number)
        plain.append(text == str(number))  # (a number given as a number is plain)
    return Numbers(np.array(values, dtype=np.int64), np.array(plain, dtype=bool))


def _arrow_numbers(ids: pd.Series) -> Numbers | None:
    """Ids that are all whole numbers without spaces, cast by pyarrow; None to decide in Python.

    Plain ids are cast at once; others (``"3.0"``, as pandas writes float ids, or ``"03"``)
    have their integer part extracted, and are plain where their number's text is theirs,
    as :func:`whole_numbers` decides in Python.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        return None
    try:
        if isinstance(ids.dtype, pd.ArrowDtype):  # read by pyarrow: no Python str per id
            if not pa.types.is_string(ids.dtype.pyarrow_dtype):
                return None
            text = pa.array(ids.array)
        else:
            text = pa.array(ids.to_numpy(dtype=object), type=pa.string())
        plain = pc.match_substring_regex(text, _PLAIN_PATTERN)
        if pc.all(plain).as_py():
            values = pc.cast(text, pa.int64())
            return Numbers(values.to_numpy(), np.ones(len(values), dtype=bool))
        first = text[pc.index(plain, False).as_py()].as_py()
        if first is None or not _WHOLE.fullmatch(first):  # text ids ("R7"): no extraction
            return None
        whole = pc.extract_regex(text, _UNSPACED_PATTERN)
        if whole.null_count:  # not all whole numbers, or spaced: decided in Python
            return None
        values = pc.cast(pc.struct_field(whole, [0]), pa.int64())
        plain = pc.equal(pc.cast(values, pa.string()), text)
    except (pa.ArrowException, TypeError, ValueError):  # not all text, or beyond int64
        return None
    return Numbers(values.to_numpy(), plain.to_numpy(zero_copy_only=False))


def partitions_for(file_bytes: int) -> int:
    """Return how many partition files to use for a file of `file_bytes` bytes.

    Examples
    --------
    >>> from tracktr.io._seen import partitions_for
    >>> partitions_for(1_000), partitions_for(10**10)
    (16, 597)
    """
    return int(min(4096, max(16, -(-file_bytes // _BYTES_PER_PARTITION))))


class SpilledIds:
    """The ids of each chunk of a file, spilled to partition files in `directory`.

    Each chunk's ids must be unique within it (validation has checked them); the ids
    repeated across chunks are found by :meth:`repeated` once the file is read.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from tracktr.io._seen import SpilledIds, whole_numbers
    >>> ids = SpilledIds(tempfile.mkdtemp(), partitions=4)
    >>> for chunk in (["1", "2", "03"], ["3", "4"]):
    ...     ids.add(pd.Series(chunk, dtype=object), whole_numbers(pd.Series(chunk)))
    >>> ids.repeated()  # every id is a whole number: "03" and "3" are respondent 3
    [3]
    >>> chunk = pd.Series(["R1", "4"], dtype=object)
    >>> ids.add(chunk, whole_numbers(chunk))
    >>> ids.repeated()  # now the ids are text: "03" is not "3", "4" is "4"
    [4]
    """

    __slots__ = ("_directory", "_numbers", "_partitions")

    def __init__(self, directory: str | os.PathLike[str], *, partitions: int = 16) -> None:
        self._directory = Path(directory)
        self._partitions = partitions
        self._numbers = True  # every id so far is a whole number

    def _path(self, kind: str, part: int) -> Path:
        return self._directory / f"{kind}-{part}"

    def add(self, ids: pd.Series, numbers: Numbers | EllipsisType | None = ...) -> None:
        """Spill one chunk's ids: their text as read, and :func:`whole_numbers` of them.

        Without `numbers`, the chunk's distinct ids are spilled (numbers or text) and
        their numbers found here; with them, the ids must be unique within the chunk (as
        validation has checked them).
        """
        if numbers is ...:
            ids = pd.Series(pd.unique(ids.to_numpy(dtype=object)), dtype=object)
            numbers = whole_numbers(ids)
        if numbers is not None and numbers.plain.all():
            self._add_integers("int", numbers.values)
            return
        cells = ids.to_numpy(dtype=object)
        if numbers is not None:
            plain, values = numbers.plain, numbers.values
            self._add_integers("alias", values[~plain])
        else:
            self._numbers = False
            plain, values = self._plain(cells)
        self._add_integers("int", values[plain])
        by_part: dict[int, list[Any]] = {}
        for cell in cells[~plain].tolist():
            by_part.setdefault(hash(cell) % self._partitions, []).append(cell)
        for part, texts in by_part.items():
            with self._path("text", part).open("ab") as handle:
                pickle.dump(texts, handle)

    @staticmethod
    def _plain(
        cells: npt.NDArray[Any],
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
        """Which cells are whole numbers in plain form, and their numbers (0 elsewhere)."""
        plain = np.zeros(len(cells), dtype=bool)
        values = np.zeros(len(cells), dtype=np.int64)
        for position, cell in enumerate(cells.tolist()):
            text = str(cell) if isinstance(cell, int) and not isinstance(cell, bool) else cell
            whole = _WHOLE.fullmatch(text) if type(text) is str else None
            if whole is not None:
                number = int(whole.group(1))
                if str(number) == text and -_INT64 <= number < _INT64:
                    plain[position] = True
                    values[position] = number
        return plain, values

    def _add_integers(self, kind: str, values: npt.NDArray[np.int64]) -> None:
        if not len(values):
            return
        # A hash spreads runs of consecutive ids evenly over the partitions.
        parts = (pd.util.hash_array(values) % np.uint64(self._partitions)).astype(np.uint16)
        order = np.argsort(parts, kind="stable")  # a radix sort of 16-bit keys
        bounds = np.searchsorted(parts[order], np.arange(self._partitions + 1))
        for part in range(self._partitions):
            chunk = values[order[bounds[part] : bounds[part + 1]]]
            if len(chunk):
                with self._path(kind, part).open("ab") as handle:
                    chunk.astype("<i8").tofile(handle)

    def _integers(self, kind: str, part: int) -> npt.NDArray[np.int64]:
        path = self._path(kind, part)
        if not path.exists():
            return np.zeros(0, dtype=np.int64)
        return np.fromfile(path, dtype="<i8").astype(np.int64)

    def repeated(self) -> list[Any]:
        """Return the ids spilled more than once, sorted by their text.

        An id written as a plain whole number (``3``) is shown as that number, others as
        their text (``'03'``, ``'R2'``); which of them are one id depends on the file
        (every id a whole number or not), as reading it whole decides.
        """
        found: list[Any] = []
        for part in range(self._partitions):
            values = self._integers("int", part)
            if self._numbers:
                values = np.concatenate([values, self._integers("alias", part)])
            unique, counts = np.unique(values, return_counts=True)
            found += unique[counts > 1].tolist()
            path = self._path("text", part)
            if not self._numbers and path.exists():
                counted: Counter[Any] = Counter()
                with path.open("rb") as handle:
                    # Our own files, written above in a private temporary directory.
                    while handle.peek(1):
                        counted.update(pickle.load(handle))
                found += [value for value, count in counted.items() if count > 1]
        return sorted(found, key=_id_order)


def _id_order(value: Any) -> tuple[str, str]:
    """Sort key of an id: its text, then its type's name (numbers before text)."""
    return str(value), type(value).__name__

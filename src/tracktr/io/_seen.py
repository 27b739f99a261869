"""Respondent ids of a file read in chunks, spilled to disk and checked after the pass.

Reading a file in chunks must find an id that comes in two chunks. Keeping every id seen
(a set, or sorted arrays) makes memory grow with the file. Instead each chunk's distinct
ids are hashed into a fixed number of partition files on disk; an id can only repeat
within its own partition, so after the pass each partition is read alone and its
repeated ids found. Memory is then one chunk plus one partition, and the number of
partitions grows with the size of the file (:func:`partitions_for`), so a partition stays
around a million ids whatever the file. Hash partitions were chosen over an external
sort: one sequential write and one read of each id, no merge passes, and the partitions
are independent.

Integer ids (the usual export form) are written as raw ``int64``; other ids (text) are
pickled. A file's ids are text: a chunk whose ids are all whole numbers reads them as
integers, a later chunk with one text id reads its ``"3"`` as text, so text that writes a
whole number in its plain form (``"3"``, not ``"03"``) is spilled as that integer, and
the same id in two chunks is found whatever each chunk's type.
"""

from __future__ import annotations

import os
import pickle
import re
from collections import Counter
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

__all__ = ["SpilledIds", "partitions_for"]

_WHOLE: Final = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
"""Text that is a whole number in its plain form, within int64 (18 digits at most)."""

_BYTES_PER_PARTITION = 16 * 2**20
"""File bytes per partition: a CSV row holds more than 16 bytes, so at most ~1e6 ids."""


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
    """Ids of each chunk, spilled to partition files in `directory`.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from tracktr.io._seen import SpilledIds
    >>> ids = SpilledIds(tempfile.mkdtemp(), partitions=4)
    >>> ids.add(pd.Series([1, 2, 3]))
    >>> ids.add(pd.Series([3, 4]))
    >>> ids.add(pd.Series(["a", "3"], dtype=object))
    >>> ids.repeated()
    [3]
    """

    __slots__ = ("_directory", "_partitions")

    def __init__(self, directory: str | os.PathLike[str], *, partitions: int = 16) -> None:
        self._directory = Path(directory)
        self._partitions = partitions

    def _path(self, kind: str, part: int) -> Path:
        return self._directory / f"{kind}-{part}"

    def add(self, ids: pd.Series) -> None:
        """Spill one chunk's distinct ids (repeats within a chunk are validation's to find)."""
        if ids.dtype == np.int64:
            self._add_integers(np.unique(ids.to_numpy()))
            return
        whole: list[int] = []
        by_part: dict[int, list[Any]] = {}
        for value in dict.fromkeys(ids.tolist()):  # distinct, in order
            if isinstance(value, str) and _WHOLE.fullmatch(value):
                whole.append(int(value))  # "3" in a text chunk is 3 in an integer chunk
            elif isinstance(value, int | np.integer) and not isinstance(value, bool):
                whole.append(int(value))
            else:
                by_part.setdefault(hash(value) % self._partitions, []).append(value)
        if whole:
            self._add_integers(np.unique(np.array(whole, dtype=np.int64)))
        for part, cells in by_part.items():
            with self._path("obj", part).open("ab") as handle:
                pickle.dump(cells, handle)

    def _add_integers(self, values: np.ndarray[Any, np.dtype[np.int64]]) -> None:
        # A hash spreads runs of consecutive ids evenly over the partitions.
        parts = pd.util.hash_array(values) % np.uint64(self._partitions)
        order = np.argsort(parts, kind="stable")
        bounds = np.searchsorted(parts[order], np.arange(self._partitions + 1))
        for part in range(self._partitions):
            chunk = values[order[bounds[part] : bounds[part + 1]]]
            if len(chunk):
                with self._path("int", part).open("ab") as handle:
                    chunk.astype("<i8").tofile(handle)

    def repeated(self) -> list[Any]:
        """Return the ids spilled from more than one chunk, sorted as text, then by type.

        The number -3 and the text "-3" are different ids with the same text: the type
        breaks the tie, so the order never depends on which partition was read first.
        """
        found: list[Any] = []
        for part in range(self._partitions):
            path = self._path("int", part)
            if path.exists():
                values, counts = np.unique(np.fromfile(path, dtype="<i8"), return_counts=True)
                found += values[counts > 1].tolist()
            path = self._path("obj", part)
            if path.exists():
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

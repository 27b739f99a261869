"""What a table computes from its column's categories and its options, kept for the next.

Counting a column of a few thousand rows costs a few microseconds; the fixed work around
it (listing the categories of an Arrow-backed Index, mapping them onto the options,
checking the options) cost more. A survey tabulates the same columns with the same options
again and again, so that work is kept here, keyed by the objects it was computed from.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

_SIZE = 256
"""Entries kept by each cache; past that it starts again empty (the work is small)."""


class ByIdentity:
    """Values computed from an immutable object, keyed by the object itself, not its value.

    A categories Index is immutable and shared by every Series of its column, so what is
    computed from it holds as long as it lives. The entry keeps the object, so its ``id``
    cannot be reused by another object while the entry is here.

    Examples
    --------
    >>> from tracktr.tabulate._memo import ByIdentity
    >>> cache, labels = ByIdentity(), ("Yes", "No")
    >>> cache.get(labels, "upper") is None
    True
    >>> cache.put(labels, "upper", ("YES", "NO"))
    >>> cache.get(labels, "upper"), cache.get(("Yes", "No"), "upper")
    (('YES', 'NO'), None)
    """

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[tuple[int, Hashable], tuple[object, Any]] = {}

    def get(self, owner: object, key: Hashable = None) -> Any:
        """Return what was put for `owner` (this very object) and `key`, else None."""
        hit = self._entries.get((id(owner), key))
        return hit[1] if hit is not None and hit[0] is owner else None

    def put(self, owner: object, key: Hashable, value: Any) -> None:
        """Keep `value` for `owner` and `key` (`value` must never be changed after)."""
        if len(self._entries) >= _SIZE:
            self._entries.clear()
        self._entries[(id(owner), key)] = (owner, value)


class Passed:
    """Keys of checks that passed: the same check of the same immutable key passes again.

    Examples
    --------
    >>> from tracktr.tabulate._memo import Passed
    >>> passed = Passed()
    >>> ("Yes", "No") in passed
    False
    >>> passed.add(("Yes", "No"))
    >>> ("Yes", "No") in passed
    True
    """

    __slots__ = ("_keys",)

    def __init__(self) -> None:
        self._keys: set[Hashable] = set()

    def __contains__(self, key: Hashable) -> bool:
        return key in self._keys

    def add(self, key: Hashable) -> None:
        """Note that the check of `key` passed."""
        if len(self._keys) >= _SIZE:
            self._keys.clear()
        self._keys.add(key)

"""A set of bases held in closed form: a few listed bases, then one progression per residue.

The bases that fit a printed figure can be every base from 86 to 87, or every even base up
to 10**15: far too many to list. Under every rounding rule but largest remainder the count
bounds of a base ``b`` grow by a fixed step when ``b`` grows by the rule's period ``P``
(``100 * 10**decimals``, twice or twenty times that), so within each residue class of ``P``
the fitting bases form one arithmetic progression. A :class:`BaseSet` stores those
progressions (and, below them, a short tuple of bases found one by one) and answers
``len``, ``in``, indexing and iteration without listing anything; memory is O(P), never
O(base).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

__all__ = ["BaseSet"]

_SHOWN_AS_TUPLE = 12


class BaseSet(Sequence[int]):
    """An ordered set of bases (whole numbers), stored in closed form.

    It behaves like the sorted tuple of its bases (``len``, ``in``, indexing, slicing to a
    tuple, iteration, equality with a tuple or range) without holding them: see the
    module notes. Small sets print as the tuple.

    Examples
    --------
    >>> import tracktr as tt
    >>> fits = tt.check.distribution([50, 50], rule="floor", max_base=10**15).bases
    >>> len(fits), fits[:3], 10**15 in fits, 10**15 - 1 in fits
    (500000000000000, (2, 4, 6), True, False)
    >>> fits
    BaseSet(2, 4, 6, 8, 10, ..., 1000000000000000; 500,000,000,000,000 bases)
    >>> tt.check.bases(58, 67).bases["half_up"]
    (86, 87)
    """

    __slots__ = ("_explicit", "_first", "_last", "_lengths", "_step")

    def __init__(
        self,
        explicit: Sequence[int] = (),
        *,
        step: int = 1,
        first: npt.ArrayLike = (),
        last: npt.ArrayLike = (),
    ) -> None:
        firsts = np.asarray(first, dtype=np.int64).reshape(-1)
        lasts = np.asarray(last, dtype=np.int64).reshape(-1)
        keep = firsts <= lasts
        self._step = int(step)
        self._first: npt.NDArray[np.int64] = firsts[keep]
        self._last: npt.NDArray[np.int64] = lasts[keep]
        self._lengths: npt.NDArray[np.int64] = (self._last - self._first) // self._step + 1
        self._explicit = tuple(sorted(int(b) for b in explicit))
        if self._explicit and self._first.size and self._explicit[-1] >= self._first.min():
            msg = "listed bases must all lie below the progressions"
            raise ValueError(msg)

    @classmethod
    def span(cls, start: int, stop: int) -> BaseSet:
        """Return the bases ``start`` to ``stop - 1``, like ``range(start, stop)``.

        Examples
        --------
        >>> from tracktr.check import BaseSet
        >>> BaseSet.span(3, 6)
        (3, 4, 5)
        """
        return cls(first=[start], last=[stop - 1])

    # -- size and membership ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._explicit) + int(self._lengths.sum())

    def __bool__(self) -> bool:
        return bool(self._explicit) or bool(self._first.size)

    def __contains__(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | np.integer | float):
            return False
        if isinstance(value, float) and not value.is_integer():
            return False
        b = int(value)
        if b in self._explicit:
            return True
        inside = (self._first <= b) & (b <= self._last) & ((b - self._first) % self._step == 0)
        return bool(inside.any())

    def _count_upto(self, value: int) -> int:
        """How many progression members are at most `value`."""
        below = np.clip((value - self._first) // self._step + 1, 0, self._lengths)
        return int(below.sum())

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[int, ...]: ...
    def __getitem__(self, index: int | slice) -> int | tuple[int, ...]:
        size = len(self)
        if isinstance(index, slice):
            start, stop, stride = index.indices(size)
            if stride == 1 and start == 0:
                return tuple(itertools.islice(iter(self), stop))
            return tuple(self[i] for i in range(start, stop, stride))
        position = index + size if index < 0 else index
        if not 0 <= position < size:
            msg = f"index {index} out of range for {size} bases"
            raise IndexError(msg)
        if position < len(self._explicit):
            return self._explicit[position]
        if position == len(self._explicit):
            return int(self._first.min())
        if position == size - 1:
            return int(self._last.max())
        wanted = position - len(self._explicit) + 1
        low, high = int(self._first.min()), int(self._last.max())
        while low < high:  # the smallest value with `wanted` members at or below it
            middle = (low + high) // 2
            if self._count_upto(middle) >= wanted:
                high = middle
            else:
                low = middle + 1
        return low

    def __iter__(self) -> Iterator[int]:
        yield from self._explicit
        progressions = [
            range(int(f), int(t) + 1, self._step)
            for f, t in zip(self._first.tolist(), self._last.tolist(), strict=True)
        ]
        yield from heapq.merge(*progressions)

    def to_array(self) -> npt.NDArray[np.int64]:
        """Return every base, ascending, as an int64 array (only for sets you can hold).

        Examples
        --------
        >>> from tracktr.check import BaseSet
        >>> BaseSet((1,), step=3, first=[4, 5], last=[10, 5]).to_array().tolist()
        [1, 4, 5, 7, 10]
        """
        offsets = np.arange(int(self._lengths.sum()), dtype=np.int64)
        starts = np.repeat(np.cumsum(self._lengths) - self._lengths, self._lengths)
        members = np.repeat(self._first, self._lengths) + (offsets - starts) * self._step
        explicit = np.asarray(self._explicit, dtype=np.int64)
        return np.concatenate([explicit, np.sort(members)])

    # -- runs of consecutive bases, for "74-76, 79" --------------------------------------

    def _residue_arrays(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """First and last member of every residue class (first > last where none)."""
        first = np.ones(self._step, dtype=np.int64)
        last = np.zeros(self._step, dtype=np.int64)
        residues = self._first % self._step
        first[residues] = self._first
        last[residues] = self._last
        return first, last

    def _runs_of_progressions(self) -> Iterator[tuple[int, int]]:
        if not self._first.size:
            return
        first, last = self._residue_arrays()
        present = first <= last
        residues = np.arange(self._step, dtype=np.int64)
        x = int(self._first.min())
        top = int(self._last.max())
        while x <= top:
            # the smallest member >= x
            shift = np.maximum(0, -((first - x) // self._step)) * self._step
            candidate = np.where(present, first + shift, np.iinfo(np.int64).max)
            candidate = np.where(candidate <= last, candidate, np.iinfo(np.int64).max)
            start = int(candidate.min())
            if start > top:
                return
            # the smallest non-member >= start
            at = start + (residues - start) % self._step
            covered = present & (first <= at) & (at <= last)
            missing = np.where(covered, last + self._step, at)
            end = int(missing.min()) - 1
            yield start, end
            x = end + 1

    def _last_run(self) -> tuple[int, int]:
        if not self._first.size:
            values = self._explicit
            end = values[-1]
            start = end
            for value in reversed(values[:-1]):
                if value != start - 1:
                    break
                start = value
            return start, end
        first, last = self._residue_arrays()
        present = first <= last
        residues = np.arange(self._step, dtype=np.int64)
        end = int(self._last.max())
        at = end - (end - residues) % self._step
        covered = present & (first <= at) & (at <= last)
        missing = np.where(covered, first - self._step, at)
        start = int(missing.max()) + 1
        if start == int(self._first.min()) and self._explicit:
            for value in reversed(self._explicit):
                if value != start - 1:
                    break
                start = value
        return start, end

    def _runs(self) -> Iterator[tuple[int, int]]:
        pending: tuple[int, int] | None = None
        explicit = ((v, v) for v in self._explicit)
        for start, end in itertools.chain(explicit, self._runs_of_progressions()):
            if pending is not None and start == pending[1] + 1:
                pending = (pending[0], end)
                continue
            if pending is not None:
                yield pending
            pending = (start, end)
        if pending is not None:
            yield pending

    # -- comparing and showing ---------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str) or not isinstance(other, Sequence | BaseSet):
            return NotImplemented
        if len(self) != len(other):
            return False
        if isinstance(other, BaseSet) and self._same_form(other):
            return True
        # Member by member: cheap for the short tuples results are compared with; two
        # huge sets held in different forms are compared in order, lazily.
        return all(a == b for a, b in zip(self, other, strict=True))

    def _same_form(self, other: BaseSet) -> bool:
        if self._explicit != other._explicit or self._step != other._step:
            return False
        mine, theirs = np.argsort(self._first), np.argsort(other._first)
        return bool(
            np.array_equal(self._first[mine], other._first[theirs])
            and np.array_equal(self._last[mine], other._last[theirs])
        )

    def __hash__(self) -> int:
        size = len(self)
        if size <= 10_000:
            return hash(tuple(self))
        return hash((size, self[0], self[-1]))

    def __repr__(self) -> str:
        if len(self) <= _SHOWN_AS_TUPLE:
            return repr(tuple(self))
        return f"BaseSet({_spans(self)}; {len(self):,} bases)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self._explicit, self._step, self._first.tolist(), self._last.tolist()),
        )


def _rebuild(explicit: tuple[int, ...], step: int, first: list[int], last: list[int]) -> BaseSet:
    return BaseSet(explicit, step=step, first=first, last=last)


def _spans(values: Sequence[int]) -> str:
    """``[74, 75, 76, 79]`` -> ``"74-76, 79"``; at most six parts, the last always shown.

    Works on a list, a ``range`` or a :class:`~tracktr.check.BaseSet` without listing
    their members.
    """
    if not values:
        return "none"
    runs: list[tuple[int, int]]
    last: tuple[int, int] | None = None
    if isinstance(values, BaseSet):
        runs = list(itertools.islice(values._runs(), 7))
        if len(runs) == 7:
            last = values._last_run()
    elif isinstance(values, range) and values.step == 1:
        runs = [(values[0], values[-1])]
    else:
        runs = []
        for v in values:
            if runs and v == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], v)
            else:
                runs.append((v, v))
        if len(runs) > 6:
            last = runs[-1]
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in runs]
    if last is not None:
        end = str(last[0]) if last[0] == last[1] else f"{last[0]}-{last[1]}"
        parts = [*parts[:5], "...", end]
    return ", ".join(parts)

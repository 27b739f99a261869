"""A :class:`~tracktr.Table`'s numbers as numpy arrays, and its pandas objects built once.

Counting ends in small integer arrays; building a DataFrame, a Series and their Indexes
from them costs more than the counting of a table of a few thousand rows. A table made
by :mod:`tracktr.tabulate` therefore keeps the arrays (:class:`Parts`), renders its
percentages, notes and Markdown from them (:class:`Views`), and builds its pandas fields
(``counts``, ``bases``, ``excluded``...) only when one of them is read, all at once, the
same objects it built before (:func:`pandas_fields`). A table made from pandas objects
gets the same :class:`Views` from them (:func:`views_of_frames`), so every rendering has
one code path.

A table is frozen through and through: every array it holds is read-only, and a pandas
field is read as a copy (:func:`detached`) of the object the table keeps, so that writing
into what a caller got can change neither the table's fields nor its renderings.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._numbers import whole_number

if TYPE_CHECKING:
    from tracktr.table import Table

PANDAS_FIELDS = (
    "counts",
    "bases",
    "unweighted_bases",
    "excluded",
    "unweighted_counts",
    "effective_bases",
)
"""The fields of a Table that hold pandas objects (built on demand from :class:`Parts`)."""


class Parts(NamedTuple):
    """What a counted table is made of: read-only arrays and the labels of their axes."""

    counts: npt.NDArray[Any]  # rows x columns, int64 (or float64 when weighted)
    bases: npt.NDArray[Any]  # one per column (per row with percent_axis="rows")
    excluded: npt.NDArray[Any]  # reasons x bases
    unweighted: npt.NDArray[Any] | None  # respondents behind each weighted base
    unweighted_counts: npt.NDArray[Any] | None
    effective: npt.NDArray[Any] | None
    rows: list[Any]
    columns: list[Any]
    excluded_labels: list[str]
    percent_axis: str


class Views(NamedTuple):
    """A table's numbers and labels as rendering reads them (arrays and Python lists)."""

    counts: npt.NDArray[Any]  # as ``counts.to_numpy()`` gives them
    shown: npt.NDArray[Any]  # the counts as displayed (object where int and float mix)
    bases: npt.NDArray[Any]
    rows: list[Any]
    columns: list[Any]
    base_labels: list[Any]  # the labels of `bases`
    n: list[Any]  # the respondent base of each base (Python numbers)
    base_values: list[Any]  # `bases` as Python numbers
    weighted: bool
    effective: list[float] | None  # the effective bases, when there are some
    effective_labels: list[Any]
    levels: int  # levels of the column labels (a banner's columns have two)


def readonly(values: npt.NDArray[Any] | None) -> Any:
    """Return `values` marked read-only, as a table's stored numbers are (``None`` stays).

    Only for arrays the table owns (counted for it): marking a caller's array would change
    the caller's object.
    """
    if values is None:
        return None
    values = np.asarray(values)
    values.flags.writeable = False
    return values


def detached(value: Any) -> Any:
    """Return a pandas field of a table as a caller gets it: a copy of the stored object.

    A shallow copy under pandas' copy-on-write (about 20 us): it shares the values until
    one side writes, and has Indexes of its own (an Index's name can be set). Writing into
    it, adding a column or renaming its labels leaves the table as it was; the same copy
    is taken of a caller's objects when a table is made from them. Other values pass.
    """
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    return value


def views_of_parts(parts: Parts) -> Views:
    """Return the views of a counted table, from its arrays and labels."""
    n = parts.unweighted if parts.unweighted is not None else parts.bases
    along = parts.columns if parts.percent_axis == "columns" else parts.rows
    return Views(
        counts=parts.counts,
        shown=parts.counts,
        bases=parts.bases,
        rows=parts.rows,
        columns=parts.columns,
        base_labels=along,
        n=n.tolist(),
        base_values=parts.bases.tolist(),
        weighted=parts.unweighted is not None,
        effective=None if parts.effective is None else parts.effective.tolist(),
        effective_labels=along,
        # pandas makes a MultiIndex of tuples (a banner's columns): its levels, once.
        levels=_labels_index(parts.columns).nlevels
        if any(isinstance(label, tuple) for label in parts.columns)
        else 1,
    )


def views_of_frames(
    counts: pd.DataFrame,
    bases: pd.Series,
    unweighted: pd.Series | None,
    effective: pd.Series | None,
) -> Views:
    """Return the views of a table made from pandas objects (checked by the table)."""
    n = unweighted if unweighted is not None else bases
    rows = _printed(counts.index)
    columns = _printed(counts.columns)
    # Listing an Index of text costs more than the rest of the notes: the bases of a
    # tabulated table share their Index object with the columns (rows) they divide.
    labels = (
        columns
        if n.index is counts.columns
        else rows
        if n.index is counts.index
        else _printed(n.index)
    )
    # Copies, owned by the table (to_numpy may give a view of a caller's values).
    values = readonly(counts.to_numpy(copy=True))
    shown = values
    if values.dtype.kind == "f" and any(d.kind != "f" for d in counts.dtypes):
        shown = readonly(counts.to_numpy(dtype=object))  # integers beside floats stay exact
    return Views(
        counts=values,
        shown=shown,
        bases=readonly(bases.to_numpy(copy=True)),
        rows=rows,
        columns=columns,
        base_labels=labels,
        n=n.tolist(),
        base_values=bases.tolist(),
        weighted=unweighted is not None,
        effective=None if effective is None else [float(v) for v in effective],
        effective_labels=[] if effective is None else _printed(effective.index),
        levels=counts.columns.nlevels,
    )


def _printed(index: pd.Index) -> list[Any]:
    """Return an Index's labels as a counted table prints them: whole floats as integers.

    A column of 1.0 and 2.5 is counted under the labels 1 and 2.5
    (:func:`tracktr._numbers.whole_number`), which a float Index holds as 1.0 and 2.5: a
    table rebuilt from its pandas fields (an engine's table, :func:`tracktr.combine`)
    printed "1.0" where the table counted from the rows printed "1".
    """
    labels = index.tolist()
    if index.dtype.kind != "f":
        return labels
    return [whole_number(label) for label in labels]


def pandas_fields(parts: Parts) -> dict[str, Any]:
    """Return the pandas fields of a counted table, as :mod:`tracktr.tabulate` built them.

    One Index object serves the bases, the columns (rows) they divide and `excluded`, so
    that aligning them is an identity check, not a comparison of labels.
    """
    row_index, column_index = _labels_index(parts.rows), _labels_index(parts.columns)
    # Not copied (copy=False): the fields hold the table's own read-only arrays. A
    # writable copy could be written through a field's Series.array, which pandas'
    # copy-on-write does not see: every later reader of the table saw the change.
    along = column_index if parts.percent_axis == "columns" else row_index
    return {
        "counts": pd.DataFrame(parts.counts, index=row_index, columns=column_index, copy=False),
        "bases": pd.Series(parts.bases, index=along, copy=False),
        "unweighted_bases": None
        if parts.unweighted is None
        else pd.Series(parts.unweighted, index=along, copy=False),
        "excluded": pd.DataFrame(
            parts.excluded,
            index=_labels_index(parts.excluded_labels, name="reason"),
            columns=along,
            copy=False,
        ),
        "unweighted_counts": None
        if parts.unweighted_counts is None
        else pd.DataFrame(
            parts.unweighted_counts, index=row_index, columns=column_index, copy=False
        ),
        "effective_bases": None
        if parts.effective is None
        else pd.Series(parts.effective, index=pd.Index(list(along)), copy=False),
    }


def fits(parts: Parts, *, partition: bool) -> bool:
    """Whether a table's checks of its numbers would pass, from its arrays, in one pass.

    ``False`` sends the table to the full checks on its pandas objects, which name what
    is wrong; ``True`` only when every one of them passes.
    """
    counts, bases = parts.counts, parts.bases
    arrays = [counts, bases, parts.excluded, parts.unweighted, parts.effective]
    if any(a is not None and a.dtype.kind not in "iuf" for a in arrays):
        return False
    if parts.unweighted is None and parts.effective is None and counts.size and bases.size:
        exact = _fits_integers(counts, bases, parts.percent_axis, partition=partition)
        if exact is not None:
            return exact
    present = [v for v in (counts, bases, parts.unweighted, parts.effective) if v is not None]
    # All the numbers at once (float64 keeps every sign, and integers are finite): three
    # reductions where each array had its own three (about 15 µs a weighted table).
    numbers = np.concatenate([v.ravel() for v in present], dtype=np.float64)
    if numbers.size and (not np.isfinite(numbers).all() or numbers.min() < 0):
        return False
    along = counts if parts.percent_axis == "columns" else counts.T
    floats = bases.astype(float)
    slack = 1e-9 * np.maximum(floats, 1.0)
    if (along > floats[None, :] + slack[None, :]).any():
        return False
    return not (partition and (along.sum(axis=0) > floats + slack * max(len(along), 1)).any())


def _fits_integers(
    counts: npt.NDArray[Any], bases: npt.NDArray[Any], axis: str, *, partition: bool
) -> bool | None:
    """:func:`fits` for integer counts and bases, in integers; None if they are not.

    With integers below 5 * 10**8 / rows, the float slack of :func:`fits` (1e-9 of a
    base, a column's rows times that for its sum) is below 1/2, so "more than the base
    plus the slack" is "more than the base": the same answer with half the array
    operations. (Below 10**9 / rows the slack is below 1, but a base of 999,999,999 plus
    its slack of 0.999999999 rounds to 10**9 as a float, which a count of 10**9 fits.)
    """
    if counts.dtype.kind not in "iu" or bases.dtype.kind not in "iu":
        return None
    along = counts if axis == "columns" else counts.T
    top = int(bases.max())
    if top * max(len(along), 1) >= 5 * 10**8:
        return None  # the slack reaches 1/2: the float comparison decides
    if counts.min() < 0 or bases.min() < 0:
        return False
    if (along > bases).any():
        return False
    return not (partition and (along.sum(axis=0) > bases).any())


def distinct(labels: list[Hashable]) -> bool:
    """Whether pandas would find the labels distinct: text by a set, the rest by pandas."""
    if all(type(label) is str for label in labels):
        return len(set(labels)) == len(labels)
    return bool(pd.Index(labels).is_unique)


def _labels_index(labels: Sequence[Hashable], name: str | None = None) -> pd.Index:
    """Return a new Index of the labels, as ``pd.Index(list(labels), name=name)`` builds it.

    Building an Index of text (Arrow-backed in pandas 3) and hashing it to check that its
    labels are distinct cost about 0.2 ms, more than counting a small table; an Index
    built before for the same labels is viewed instead (a view is a new Index with its own
    name, sharing the immutable values and their hash table; a sixth of a copy's cost).
    """
    key = tuple((type(label), label) for label in labels)  # 1, 1.0 and True differ here
    try:
        cached = _built_index(key, name)
    except TypeError:  # an unhashable label: pandas says what is wrong with it
        return pd.Index(list(labels), name=name)
    return cached.view()


@functools.lru_cache(maxsize=1024)
def _built_index(key: tuple[tuple[type, Hashable], ...], name: str | None) -> pd.Index:
    """Return the Index of the labels in `key` (cached: see :func:`_labels_index`)."""
    return pd.Index([label for _, label in key], name=name)


_BUILDING = threading.Lock()
"""Held while a table builds its pandas fields: two threads reading one get one object."""


class _Lazy:
    """A pandas field of a table: built on first read (from arrays), stored, read as a copy.

    Wraps the field's slot; a table made from pandas objects has every slot set (to copies
    of the caller's objects), so it reads its fields as copies of them. The build is made
    once, under a lock: without it two threads could each build and store the fields, and
    one of them would hold objects the table no longer has.
    """

    __slots__ = ("slot",)

    def __init__(self, slot: Any) -> None:
        self.slot = slot

    def __get__(self, table: Table | None, owner: type | None = None) -> Any:
        if table is None:
            return self.slot
        return detached(self.stored(table))

    def stored(self, table: Table) -> Any:
        """Return the object the table keeps for this field (built on first read)."""
        try:
            return self.slot.__get__(table, type(table))
        except AttributeError:
            pass
        with _BUILDING:
            try:  # another thread may have built them while this one waited
                return self.slot.__get__(table, type(table))
            except AttributeError:
                table._frames()
                return self.slot.__get__(table, type(table))

    def __set__(self, table: Table, value: Any) -> None:
        self.slot.__set__(table, detached(value))

    def __delete__(self, table: Table) -> None:
        self.slot.__delete__(table)


def owned(values: npt.NDArray[Any] | None) -> npt.NDArray[Any] | None:
    """Return a copy the table owns (None stays None): never the caller's array."""
    return None if values is None else np.array(values, copy=True)


def same_field(one: object, other: object) -> bool:
    """Whether two field values of tables are equal: pandas objects by value and labels."""
    if isinstance(one, pd.DataFrame) and isinstance(other, pd.DataFrame):
        return bool(
            one.index.equals(other.index)
            and one.columns.equals(other.columns)
            and one.equals(other)
        )
    if isinstance(one, pd.Series) and isinstance(other, pd.Series):
        return bool(one.index.equals(other.index) and one.name == other.name and one.equals(other))
    if isinstance(one, pd.DataFrame | pd.Series) or isinstance(other, pd.DataFrame | pd.Series):
        return False
    return bool(one == other)

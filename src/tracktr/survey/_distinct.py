"""A column as its distinct cells and one code per row: classify each distinct cell once.

Validation and routing read a cell by its value *and* its type (``1``, ``1.0``, ``True``
and ``"1"`` are different answers: a code, a number, a tick, number text), as a dict keyed
on ``(type, value)`` would. :func:`distinct` factorises a column that way, so that a
check runs once per distinct cell and reaches every row through one array lookup. (A
Python scalar and the numpy scalar of the same kind -- ``1`` and ``numpy.int64(1)`` -- may
share a code: every check reads them alike.)
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "Distinct",
    "DistinctColumns",
    "TextCodes",
    "blanks",
    "categories",
    "cells_at",
    "distinct",
    "kept_distinct",
    "kept_text_codes",
    "remembered",
    "text_codes",
]


def is_blank(value: object) -> bool:
    """Return whether a cell is empty: None, NaN, NA or a whitespace-only string."""
    if isinstance(value, str):
        return not value.strip()
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return False


@dataclass(frozen=True, slots=True)
class Distinct:
    """A column's distinct cells, and each row's index into them.

    Attributes
    ----------
    codes : numpy.ndarray
        One ``intp`` code per row, ``0 <= code < len(values)``.
    values : list
        One cell per code, the object ``Series.tolist()`` gives at the code's first row.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.survey._distinct import distinct
    >>> found = distinct(pd.Series([1, "1", True, 1, None], dtype=object))
    >>> found.codes.tolist(), found.values
    ([0, 1, 2, 0, 3], [1, '1', True, None])
    >>> found.lookup(lambda v: v == 1).tolist()
    [True, False, True, True, False]
    """

    codes: npt.NDArray[np.intp]
    values: list[Any]
    # Rows a reader found, by its key, kept as long as these cells (a kept column's: for
    # the next table's routing). Read-only arrays; a few keys at most (_MEMO_KEYS).
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, check: Callable[[Any], bool]) -> npt.NDArray[np.bool_]:
        """Return `check` of each row's cell, calling it once per distinct cell."""
        per_value = np.fromiter((bool(check(v)) for v in self.values), bool, len(self.values))
        return per_value[self.codes]


_MEMO_KEYS = 16


def remembered(
    found: Distinct, key: Any, owner: object, rows: Callable[[], npt.NDArray[np.bool_]]
) -> npt.NDArray[np.bool_]:
    """Return `rows()`, remembered with `found` under `key` and `owner` (read-only).

    `key` names what `rows` reads besides the cells (``id(owner)`` among it: `owner` is
    held with the rows, so that its address names no other object meanwhile). A routing
    leaf of a kept column is then found once for all the tables of its frame.
    """
    held = found.memo.get(key)
    if held is not None and held[0] is owner:
        hits: npt.NDArray[np.bool_] = held[1]
        return hits
    hits = rows()
    hits.flags.writeable = False
    if len(found.memo) < _MEMO_KEYS:
        found.memo[key] = (owner, hits)
    return hits


def _numpy_like(series: pd.Series) -> bool:
    """Whether ``tolist`` converts each cell on its own (numpy dtypes, not categoricals)."""
    return isinstance(series.dtype, np.dtype)


def cells_at(series: pd.Series, positions: list[int]) -> list[Any]:
    """Return the cells at `positions`, each as ``series.tolist()`` gives it."""
    if not positions:
        return []
    if _numpy_like(series):
        return list(series.iloc[positions].tolist())
    # An extension dtype converts the column as a whole (a categorical of integers
    # holding NaN...): read it whole, as the cell-by-cell checks do.
    whole = series.tolist()
    return [whole[p] for p in positions]


# Cells of these kinds (``infer_dtype``) are read alike whatever their exact type: a
# Python int and a numpy integer are the same code, number and tick to every check.
_ONE_READING = frozenset({"integer", "floating", "boolean", "string"})


def _typed_codes(
    codes: npt.NDArray[np.intp], uniques: npt.NDArray[Any], cells: npt.NDArray[Any]
) -> npt.NDArray[np.intp]:
    """Split codes whose cells are equal but of different types (``1``, ``1.0``, ``True``).

    Only rows that are blank or hold a value that is not exactly a ``str`` can collide
    with a cell of another type; when those values are all of one kind (all integers,
    say), only the blank rows' types are read.
    """
    plain = np.fromiter((type(u) is str for u in uniques), bool, len(uniques))
    if plain.all():  # text: only the blanks (code -1) can be of several types
        where = np.flatnonzero(codes < 0)
    else:
        where = np.flatnonzero(~np.append(plain, False)[codes])  # code -1 is never plain
        valued = where[codes[where] >= 0]
        if not len(valued) or (
            pd.api.types.infer_dtype(cells[valued], skipna=False) in _ONE_READING
        ):
            where = where[codes[where] < 0]
    if not len(where):
        return codes
    kinds, types = pd.factorize(pd.Series(list(map(type, cells[where])), dtype=object))
    if len(types) <= 1:
        # One type among the rows that could collide: nothing to split. Blanks of one
        # type keep code -1, which distinct() turns into one code of their own; splitting
        # anyway factorised the whole column a second time (a column of text with a few
        # blanks, the commonest case).
        return codes
    key = (codes.astype(np.int64) + 1) * (len(types) + 1)
    key[where] += kinds + 1
    split, _ = pd.factorize(key)
    return split.astype(np.intp)


def _as_integers(cells: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Integers held as objects, as ``int64`` (factorised several times faster)."""
    if len(cells) and isinstance(cells[0], str):  # text: no scan of every cell
        return cells
    if pd.api.types.infer_dtype(cells, skipna=False) == "integer":
        try:
            return cells.astype(np.int64)
        except OverflowError:  # beyond int64: kept as objects
            pass
    return cells


def _first_rows(codes: npt.NDArray[np.intp], count: int) -> npt.NDArray[np.intp]:
    """Return the first row of each code 0..count-1."""
    if not len(codes):
        return np.zeros(0, dtype=np.intp)
    # Codes in order of appearance (what pd.factorize gives): a code is new where it
    # exceeds every code before it.
    seen = np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
    first = np.flatnonzero(codes > seen)
    if len(first) == count and np.array_equal(codes[first], np.arange(count)):
        return first
    _, first = np.unique(codes, return_index=True)
    return first.astype(np.intp)


def distinct(series: pd.Series) -> Distinct | None:
    """Return the distinct cells of `series` by (type, value); ``None`` if one is unhashable.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.survey._distinct import distinct
    >>> found = distinct(pd.Series(["Yes", None, "No", "Yes"]))
    >>> found.codes.tolist(), found.values
    ([0, 2, 1, 0], ['Yes', 'No', nan])
    """
    small = _small_integers(series)
    if small is not None:
        return small
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _categorical(series)
    uniques: Any = None  # the cells of codes 0.., when factorize's uniques are those cells
    try:
        if series.dtype == object:
            cells = series.to_numpy()
            integers = _as_integers(cells)
            raw, found = pd.factorize(integers)
            factorised = raw.astype(np.intp, copy=False)
            codes = factorised
            if integers is cells:
                codes = _typed_codes(factorised, np.asarray(found, dtype=object), cells)
                # Unsplit, the uniques are the cells themselves (each first occurrence).
                uniques = found if codes is factorised else None
        else:
            raw, found_index = pd.factorize(series)
            codes = raw.astype(np.intp, copy=False)
            if (_numpy_like(series) and series.dtype.kind in "biufc") or _is_text(series):
                uniques = found_index  # as Python scalars, as `tolist` converts them
    except TypeError:  # an unhashable cell (a list...)
        return None
    negative = codes < 0
    blank = int(negative.argmax()) if len(codes) else 0
    blanks_found = bool(len(codes)) and bool(negative[blank])
    if blanks_found:  # blanks, coded -1 by factorize: one more code (`codes` is ours)
        codes[negative] = len(uniques) if uniques is not None else codes.max() + 1
    if uniques is not None:
        blank_cells = series.iloc[[blank]].tolist() if blanks_found else []
        return Distinct(codes, [*_python(uniques), *blank_cells])
    count = int(codes.max()) + 1 if len(codes) else 0
    first = _first_rows(codes, count)
    return Distinct(codes, series.iloc[first].tolist())


def _categorical(series: pd.Series) -> Distinct:
    """Distinct cells of a categorical column, read off its codes.

    The codes are those :func:`distinct` gives any column (first appearance, a blank
    last), from the column's small integer codes instead of hashing its cells; the cells
    are those of ``series.iloc[first].tolist()``, taken from the categorical array itself
    (a routing column: 0.28 to 0.03 ms at 151 rows, most of it pandas' Series ``take``).
    """
    array = series.array
    raw, found = pd.factorize(array.codes)  # appearance order; -1 (missing) a code too
    codes = raw.astype(np.intp, copy=False)
    count = len(found)
    first = _first_rows(codes, count)
    missing = np.flatnonzero(found < 0)
    if len(missing):  # the blank's code moved last, as factorize's -1 is elsewhere
        where = int(missing[0])
        order = np.concatenate((np.delete(np.arange(count), where), [where]))
        renumber = np.empty(count, dtype=np.intp)
        renumber[order] = np.arange(count)
        codes = renumber[codes]
        first, found = first[order], found[order]
    cells = _category_cells(array)
    if cells is None:  # categories of dates...: their rows taken
        return Distinct(codes, array.take(first).tolist())
    return Distinct(codes, [cells[code] for code in found.tolist()])  # -1: the last


def _category_cells(array: Any) -> list[Any] | None:
    """Return each category as ``Series.tolist()`` gives its cells, then a missing cell.

    Categories of numbers, booleans, text or objects convert as the categories'
    ``tolist()`` does, and a missing cell is NaN (``Categorical.__array__`` fills with
    it): read off the few categories, not by a ``take`` of the rows (0.1 ms of pandas
    and Arrow for a routing column). ``None`` for other categories (dates...).
    """
    held = array.categories
    kind = held.dtype.kind if isinstance(held.dtype, np.dtype) else None
    if kind is None and not isinstance(held.dtype, pd.StringDtype):
        return None
    if kind is not None and kind not in "biufO":
        return None
    return [*held.tolist(), np.nan]


def categories(series: pd.Series) -> Distinct | None:
    """Return a categorical column's categories as its cells: every category, used or not.

    For checks that read each cell alone (:meth:`Distinct.lookup`): the codes are the
    column's own, a missing cell the code after the last category, so nothing is hashed
    or searched per row. A category no row holds is checked too, for nothing: a check
    that reports the cells found needs :func:`distinct`. ``None`` for a column that is
    not categorical, or whose categories (dates...) convert otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.survey._distinct import categories
    >>> found = categories(pd.Series(["b", None, "b"], dtype=pd.CategoricalDtype(["a", "b"])))
    >>> found.codes.tolist(), found.values
    ([1, 2, 1], ['a', 'b', nan])
    """
    if not isinstance(series.dtype, pd.CategoricalDtype):
        return None
    array = series.array
    cells = _category_cells(array)
    if cells is None:
        return None
    codes = array.codes.astype(np.intp)
    codes[codes < 0] = len(cells) - 1
    return Distinct(codes, cells)


@dataclass(slots=True)
class TextCodes:
    """A text column factorised by value: each row's code, and the texts.

    What a routed table counts (:func:`tracktr.tabulate._routing.routed_counted`): unlike
    :class:`Distinct`, a missing cell has code -1 whatever its type, and the cells of a
    code need only be equal (the caller reads them as text, ``type(v) is str``).

    Attributes
    ----------
    codes : numpy.ndarray
        One ``intp`` code per row, -1 for a cell pandas calls missing, else an index
        into `values` (each of which some row holds).
    values : list of str
        The texts, in order of first appearance.
    missing_blank : bool or None
        Whether every missing cell is blank (:func:`is_blank`), read once for codes that
        are kept (read-only); ``None`` until then.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from tracktr.survey._distinct import text_codes
    >>> column = pd.Series(["Yes", None, "No", "Yes"], dtype=object)
    >>> found = text_codes(column)
    >>> found.codes.tolist(), found.values
    ([0, -1, 1, 0], ['Yes', 'No'])
    >>> found.blank_at(column, np.array([1])).tolist()
    [True]
    """

    codes: npt.NDArray[np.intp]
    values: list[str]
    missing_blank: bool | None = None
    shifted_codes: npt.NDArray[np.int8] | None = None

    def missing_all_blank(self, series: pd.Series) -> bool | None:
        """Whether every missing cell of `series` (the column factorised) is blank.

        ``None`` where that is not known without reading them (an ``object`` column's
        codes read once: its tables read those of their routed-out rows alone).
        """
        if series.dtype != object:
            return True  # a text dtype's or a categorical's missing cell: NaN or pd.NA
        if self.missing_blank is None and not self.codes.flags.writeable:
            everywhere = missing_blank(series, np.flatnonzero(self.codes < 0))
            self.missing_blank = bool(everywhere.all())
        return self.missing_blank

    def shifted(self) -> npt.NDArray[np.int8] | None:
        """Each code plus one, as bytes (0: a missing cell); ``None`` past 61 texts.

        Kept with kept codes: a byte a row, read by each table's lookup
        (:func:`tracktr.tabulate._routing.routed_counted`) instead of eight.
        """
        if len(self.values) > _SHIFTED_TEXTS:
            return None
        if self.shifted_codes is None:
            shifted = np.add(self.codes, 1, dtype=np.int8, casting="unsafe")
            shifted.flags.writeable = self.codes.flags.writeable
            self.shifted_codes = shifted
        return self.shifted_codes

    def blank_at(self, series: pd.Series, positions: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
        """:func:`missing_blank` of `series` (the column factorised) at missing `positions`.

        Codes kept for the next table (read-only) have every missing cell of the column
        read once, and remembered: each table then reads none (an ``object`` column's
        missing cells, read by their types: up to 25 ms a table of a million rows).
        Codes read once have only those at `positions` read.
        """
        if self.missing_all_blank(series):
            return np.ones(len(positions), dtype=bool)
        return missing_blank(series, positions)


# The most texts whose codes a routed table reads as bytes: with a missing cell, twice over
# (asked or routed out), and two sentinels, within an int8.
_SHIFTED_TEXTS = 61


def text_codes(series: pd.Series) -> TextCodes | None:
    """Factorise an ``object`` or text column whose cells are all ``str`` or missing.

    ``None`` for another dtype, a cell (the first of its value) that is not exactly a
    ``str``, or an unhashable cell. The codes are a new array.
    """
    if series.dtype == object:
        values: Any = series.to_numpy()
    elif isinstance(series.dtype, pd.StringDtype):
        values = series
    else:
        return None
    try:
        raw, uniques = pd.factorize(values)
    except TypeError:  # an unhashable cell
        return None
    texts = list(uniques) if isinstance(uniques, np.ndarray) else uniques.tolist()
    if not all(type(v) is str for v in texts):
        return None
    return TextCodes(raw.astype(np.intp, copy=False), texts)


def missing_blank(series: pd.Series, positions: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    """:func:`is_blank` of missing cells (pandas' NA) at `positions`.

    A text dtype's or a categorical's missing cell reads as NaN or ``pd.NA``: blank. An
    ``object`` column may hold a missing cell ``is_blank`` does not call blank (a
    ``Decimal`` NaN, numpy's NaT): read by their types, cell by cell only then.
    """
    out = np.ones(len(positions), dtype=bool)
    if series.dtype != object:
        return out
    column = series.to_numpy()
    # None, pd.NA and pd.NaT are blank, and each one object: told by their addresses,
    # no cell read (a column of labels and None, as a platform's export reads).
    where = np.flatnonzero(~_among(np.asarray(_Addresses(column))[positions], _BLANK_ONES))
    if not len(where):
        return out
    cells = column[positions[where]]
    # Floats alone (the NaN of routed-out rows: the usual case) in one C pass; a mix by
    # their types.
    if pd.api.types.infer_dtype(cells, skipna=False) == "floating":
        return out
    if set(map(type, cells)) <= MISSING_TYPES:
        return out
    out[where] = np.fromiter(map(is_blank, cells), bool, len(cells))
    return out


def _among(addresses: npt.NDArray[np.intp], named: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    """``numpy.isin(addresses, named)`` for a few `named` addresses, one comparison each.

    ``isin`` sorts a million addresses (they span too wide a range for its table): about
    18 ms, against 0.3 ms a comparison.
    """
    if len(named) > 16:
        found: npt.NDArray[np.bool_] = np.isin(addresses, named)
        return found
    found = np.zeros(len(addresses), dtype=bool)
    for address in named.tolist():
        found |= addresses == address
    return found


def _is_text(series: pd.Series) -> bool:
    """Whether `series` is a pandas text dtype (every cell a ``str`` or missing)."""
    return isinstance(series.dtype, pd.StringDtype)


def _python(uniques: Any) -> list[Any]:
    """Return the uniques of :func:`pandas.factorize` as ``Series.tolist()`` gives them."""
    if isinstance(uniques, np.ndarray) and uniques.dtype == object:
        return list(uniques)
    return list(pd.Series(uniques, copy=False).tolist())


# A column of integers spanning at most this many values is coded by offset, not hashed.
_SMALL_SPAN = 1 << 16


def _small_integers(series: pd.Series) -> Distinct | None:
    """Distinct cells of a numpy integer or boolean column of a small range of values.

    The codes are the values' offsets from the smallest, renumbered over the values that
    occur (a bincount): several times faster than hashing each row, as routing reads
    indicator columns of 1/0 ticks. ``None`` for other columns.
    """
    if not _numpy_like(series) or series.dtype.kind not in "biu" or not len(series):
        return None
    values = series.to_numpy()
    if values.dtype.kind == "b":
        values = values.view(np.uint8)
    low, high = values.min(), values.max()
    if int(high) - int(low) >= _SMALL_SPAN:
        return None
    offsets = np.subtract(values, low, dtype=np.intp, casting="unsafe")
    # The smallest and largest values occur: a span of one or two values (ticks) needs
    # no count of which values occur (3.4 to 1.4 ms a column of 1e6 int64 ticks).
    span = int(high) - int(low) + 1
    present = np.ones(span, dtype=bool) if span <= 2 else np.bincount(offsets) > 0
    occurring = np.flatnonzero(present).astype(values.dtype) + low  # in the column's dtype
    cells = [bool(v) for v in occurring] if series.dtype.kind == "b" else occurring.tolist()
    if len(occurring) == len(present):  # every value in the span occurs (ticks 0 and 1)
        return Distinct(offsets, cells)
    renumber = np.cumsum(present, dtype=np.intp) - 1
    return Distinct(renumber[offsets], cells)


def blanks(series: pd.Series) -> npt.NDArray[np.bool_]:
    """Return :func:`tracktr.survey._cells.is_blank` of every cell, without a call per cell.

    Only cells pandas calls missing or whitespace-only strings can be blank; the test
    itself runs on those alone.
    """
    numpy_dtype = isinstance(series.dtype, np.dtype)  # not a nullable Int64, boolean...
    if numpy_dtype and series.dtype.kind in "biu":
        return np.zeros(len(series), dtype=bool)
    if numpy_dtype and series.dtype.kind == "f":
        nan: npt.NDArray[np.bool_] = np.isnan(series.to_numpy(dtype=float))
        return nan
    candidates = series.isna().to_numpy(dtype=bool, copy=True)
    if series.dtype == object:
        column = series.to_numpy()
        candidates |= _blank_text(column)
        where = np.flatnonzero(candidates)
        cells: Any = column[where]  # the objects tolist() gives (not a list of positions)
    elif pd.api.types.is_string_dtype(series.dtype):
        # A text dtype's missing cells read as its NA value (NaN or pd.NA): blank. Only
        # its whitespace text is read cell by cell (not the whole column, as cells_at).
        out = candidates
        text = series.str.strip().eq("").fillna(value=False).to_numpy(dtype=bool) & ~out
        where = np.flatnonzero(text)
        out[where] = [is_blank(v) for v in series.iloc[where].tolist()]
        return out
    else:
        return np.array([is_blank(v) for v in series.tolist()], dtype=bool)
    out = np.zeros(len(series), dtype=bool)
    if set(map(type, cells)) <= MISSING_TYPES:
        # Every candidate is a cell pandas calls missing of a kind is_blank calls blank
        # (the usual case: the NaN of routed-out rows): one pass over their types, not a
        # call per cell (about a third of a routed table's time).
        out[where] = True
    else:
        out[where] = [is_blank(v) for v in cells]
    return out


# What is_blank calls blank among the cells pandas calls missing: a float or numpy float
# that isna() flags is NaN. (Not numpy's NaT or a Decimal NaN: isna() flags them, is_blank
# does not, so they take the call per cell.)
MISSING_TYPES = frozenset(
    {float, np.float16, np.float32, np.float64, type(None), type(pd.NA), type(pd.NaT)}
)

# Blank cells that are each one object, told by address (None, pd.NA and pd.NaT).
_BLANK_ONES = np.array([id(None), id(pd.NA), id(pd.NaT)], dtype=np.intp)

# Cells of these types equal only cells that are blank alike: a str equals only a str.
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _blank_text(cells: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Which object cells are whitespace-only text, or text of a ``str`` subclass.

    The cells is_blank must then read one by one. Of plain Python types, each distinct
    text is stripped once (factorised; a column of labels and NaN, the usual case, in a
    third of the time of a test per cell); cells of no text type need no test at all.
    """
    kinds = set(map(type, cells))
    if not any(issubclass(kind, str) for kind in kinds):
        return np.zeros(len(cells), dtype=bool)
    if kinds <= _PLAIN_TYPES:
        codes, uniques = pd.factorize(cells)  # NaN and None are -1: not text
        text = np.fromiter((type(u) is str and not u.strip() for u in uniques), bool, len(uniques))
        blank: npt.NDArray[np.bool_] = np.append(text, False)[codes]
        return blank
    found = np.fromiter((type(v) is str and not v.strip() for v in cells), bool, len(cells))
    found |= np.fromiter(
        (isinstance(v, str) and type(v) is not str for v in cells), bool, len(cells)
    )
    return found


@dataclass(slots=True)
class DistinctColumns:
    """The distinct cells of a frame's columns, each factorised once when first asked for.

    Routing reads the same few columns for many questions: they are kept here, with the
    rows each routing leaf selects (keyed by the leaf, a frozen condition). With `kept`,
    a column's distinct cells are also taken from (and left in) :func:`kept_distinct`'s
    store, shared with the next call that reads the same unchanged column: its codes
    are then read-only, for readers that only look them up (routing).
    """

    data: pd.DataFrame
    columns: dict[str, Distinct | None] = field(default_factory=dict)
    leaves: dict[Any, npt.NDArray[np.bool_]] = field(default_factory=dict)
    kept: bool = False

    def __call__(self, column: str) -> Distinct | None:
        """Return the distinct cells of `column` (``None`` if a cell is unhashable)."""
        if column not in self.columns:
            series = self.data[column]
            self.columns[column] = kept_distinct(series) if self.kept else distinct(series)
        return self.columns[column]


# -- distinct cells kept between calls --------------------------------------------------------
#
# Each table of a routed question reads its routing columns again: the same few columns of
# the same frame, factorised table after table (``object`` text, about 30 ms a column of
# 1e6 rows). They are kept here, keyed by the memory that holds the column, and handed out
# again only while that memory provably holds what it held:
#
# - An ``object`` column may be written in place (``df.loc[rows, "q"] = x`` writes into the
#   same array; pandas gives no signal). The entry keeps a copy of the column's cells, so
#   each cell's object stays alive and its address cannot be taken by another object; the
#   column is unchanged exactly when it holds the same objects at the same places, which
#   one comparison of the addresses tells (8 bytes a row, about 1 ms a million rows). Only
#   columns whose cells are all of immutable built-in types are handed out again (a str, a
#   number, a missing value: not a subclass, whose equality could follow a mutable
#   attribute; read on first reuse), so an object held cannot change its value either.
# - A pyarrow-backed text column: pandas gives it a new Arrow array on any write, but the
#   array's memory need not be Arrow's own (``StringArray.from_buffers`` over a numpy
#   array, a memory-mapped file rewritten): the entry keeps a copy of the array's buffers
#   and holds while they are byte for byte the same (a memcmp: the offsets and the text).
#   Its key names the dtype too: one Arrow array may back a ``str`` column (a missing cell
#   reads NaN) and a ``string[pyarrow]`` one (``pd.NA``).
#
# A column is kept under the kind of reading made of it: its distinct cells (routing,
# :func:`kept_distinct`), or its texts (a routed table's own column, :func:`kept_text_codes`:
# read again by the next table of the question, by another banner or on a rerun).
#
# Other columns (numbers, categoricals) are read for little and are not kept. An entry goes
# when the memory it describes is freed (a weak reference), or, oldest first, when the
# entries would weigh more than _KEPT_ROWS rows (16 bytes a row: the codes and the cells;
# an Arrow column's copied buffers weigh a row per 8 bytes) or number more than
# _KEPT_ENTRIES (a column read once for its texts leaves a mark that weighs nothing).

_KEPT_ROWS = 1 << 23
_KEPT_ENTRIES = 1 << 10
_IMMUTABLE = frozenset(
    {str, np.str_, int, float, bool, type(None), type(pd.NA), type(pd.NaT), np.float64}
)


@dataclass(frozen=True, slots=True)
class _Kept:
    owner: weakref.ref[Any]  # the memory's owner: an ndarray, or a pyarrow ChunkedArray
    cells: npt.NDArray[np.object_] | None  # an object column's cells, each kept alive
    found: Any  # a Distinct, TextCodes, or None (a column read once, marked: nothing held)
    typed: bool  # every cell's type read (an object column's: on its first reuse)
    buffers: tuple[Any, ...] = ()  # an Arrow column's buffers, copied (None: absent)
    weight: int = 0  # in rows, against _KEPT_ROWS


_KEPT: dict[tuple[Any, ...], _Kept] = {}


class _Addresses:
    """An ``object`` array's memory read as its cells' addresses (kept alive while read)."""

    def __init__(self, cells: npt.NDArray[np.object_]) -> None:
        self.cells = cells
        self.__array_interface__ = {
            "data": (cells.__array_interface__["data"][0], True),
            "typestr": np.dtype(np.intp).str,
            "shape": cells.shape,
            "strides": cells.strides,
            "version": 3,
        }


def _same_objects(held: npt.NDArray[np.object_], cells: npt.NDArray[np.object_]) -> bool:
    """Whether two ``object`` arrays hold the very same objects, place by place."""
    if held.shape != cells.shape:
        return False
    return bool(np.array_equal(np.asarray(_Addresses(held)), np.asarray(_Addresses(cells))))


def _memory(series: pd.Series) -> tuple[tuple[Any, ...], Any, Any] | None:
    """Return a key for the memory holding `series`, its owner, and its cells (objects).

    ``None`` for a column that is not kept.
    """
    if series.dtype == object and isinstance(series.array, pd.arrays.NumpyExtensionArray):
        cells = series.to_numpy()
        owner = cells
        while isinstance(owner.base, np.ndarray):
            owner = owner.base
        where = cells.__array_interface__["data"][0]
        return ("object", id(owner), where, cells.shape, cells.strides), owner, cells
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        arrow = series.array.__arrow_array__()
        return ("arrow", id(arrow), len(series), series.dtype), arrow, None
    return None


def kept_distinct(series: pd.Series) -> Distinct | None:
    """:func:`distinct` of `series`, kept for the next call on the same unchanged column.

    The codes handed out are read-only (shared between calls). A column written in place
    since it was kept is factorised again (see the notes above).

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.survey._distinct import kept_distinct
    >>> data = pd.DataFrame({"q": pd.Series(["Yes", "No", "Yes"], dtype=object)})
    >>> kept_distinct(data["q"]) is kept_distinct(data["q"])
    True
    >>> data.loc[[1], "q"] = "Yes"
    >>> kept_distinct(data["q"]).codes.tolist()
    [0, 0, 0]
    """
    found: Distinct | None = _kept(series, "distinct", distinct)
    return found


def kept_text_codes(series: pd.Series) -> TextCodes | None:
    """:func:`text_codes` of `series`, kept from its second reading on the same column.

    A routed table's own column, read again by the next table of the same question (by
    another banner, a rerun): kept as :func:`kept_distinct` keeps routing columns, but
    only once read twice, as many a question is tabulated once (keeping costs a copy of
    the column's cells, and their release: about 10 ms a million rows). Only ``object``
    columns are kept: an Arrow column is factorised each time (Arrow's hashing costs
    half an ``object`` column's, and a kept copy of its buffers weighs as much again),
    leaving the store's room to the routing columns that every table reads.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.survey._distinct import kept_text_codes
    >>> data = pd.DataFrame({"q": pd.Series(["Yes", "No", None], dtype=object)})
    >>> kept_text_codes(data["q"]) is kept_text_codes(data["q"])  # read twice: kept
    False
    >>> kept_text_codes(data["q"]) is kept_text_codes(data["q"])
    True
    >>> data.loc[[2], "q"] = "No"
    >>> kept_text_codes(data["q"]).codes.tolist()
    [0, 1, 1]
    """
    if series.dtype != object:
        return text_codes(series)
    found: TextCodes | None = _kept(series, "text", text_codes, first=False)
    return found


def _kept(
    series: pd.Series, kind: str, compute: Callable[[pd.Series], Any], *, first: bool = True
) -> Any:
    """`compute` of `series`, kept under `kind` while the column provably holds the same.

    `compute` returns ``None`` or a result with ``codes`` (an array, made read-only here
    when kept) and ``values`` (the column's distinct cells, kept alive). `first`: keep
    from the first reading; else the first leaves a mark alone (no copy of the cells),
    and the second reading of the same memory keeps.
    """
    memory = _memory(series)
    if memory is None:
        return compute(series)
    key, owner, cells = memory
    key = (*key, kind)
    entry = _KEPT.get(key)
    if entry is not None and entry.found is not None and _holds(entry, owner, cells):
        if entry.typed:
            return entry.found
        # Each cell's type is read on the first reuse, not when kept (a column read once,
        # the commonest case, would pay for it for nothing: about 20 ms a million rows).
        if _immutable(cells, entry.found.values):
            _KEPT[key] = replace(entry, typed=True)
            return entry.found
        _KEPT.pop(key, None)  # a cell that could change its value in place: not kept
        return compute(series)
    found = compute(series)
    if found is None or len(series) > _KEPT_ROWS:
        return found
    if not set(map(type, found.values)) <= _IMMUTABLE:
        return found
    if not first and (entry is None or entry.owner() is not owner):
        _keep(key, owner, None, None, weight=0)  # read once: marked, nothing held
        return found
    buffers = () if cells is not None else _arrow_buffers(owner, copy=True)
    weight = len(series) + sum(0 if b is None else b.size for b in buffers) // 8
    if weight > _KEPT_ROWS:  # a slice of a far longer Arrow array, or very long texts
        return found
    found.codes.flags.writeable = False
    _keep(
        key, owner, None if cells is None else cells.copy(), found, buffers=buffers, weight=weight
    )
    return found


def _arrow_buffers(arrow: Any, *, copy: bool) -> tuple[Any, ...]:
    """Return the buffers of every chunk of a pyarrow ``ChunkedArray`` (copies, if `copy`)."""
    found = tuple(b for chunk in arrow.chunks for b in chunk.buffers())
    if not copy:
        return found
    import pyarrow as pa  # only here: a column backed by Arrow has loaded it

    return tuple(None if b is None else pa.py_buffer(b.to_pybytes()) for b in found)


def _same_bytes(held: tuple[Any, ...], arrow: Any) -> bool:
    """Whether an Arrow array's buffers hold, byte for byte, the `held` copies."""
    now = _arrow_buffers(arrow, copy=False)
    if len(now) != len(held):
        return False
    return all(
        (a is None and b is None) or (a is not None and b is not None and a.equals(b))
        for a, b in zip(held, now, strict=True)
    )


def _immutable(cells: npt.NDArray[np.object_], known: list[Any]) -> bool:
    """Whether every cell is of a type in ``_IMMUTABLE``.

    A cell that is one of the `known` objects (the column's distinct cells, kept alive
    by the caller) is of a known type: only the others are read. A column read from text,
    or made from a list of labels, repeats a few objects (a third of the time of reading
    every cell's type: about 20 ms a million cells).
    """
    if not {type(v) for v in known} <= _IMMUTABLE:
        return False
    named = np.array([id(v) for v in known], dtype=np.intp)
    others = ~_among(np.asarray(_Addresses(cells)), named)
    return set(map(type, cells[others])) <= _IMMUTABLE


def _holds(entry: _Kept, owner: Any, cells: npt.NDArray[np.object_] | None) -> bool:
    """Whether `entry` still describes the column: the same memory, the same objects."""
    if entry.owner() is not owner:
        return False
    if cells is None:  # an Arrow column: its memory may be written outside pandas
        return _same_bytes(entry.buffers, owner)
    return entry.cells is not None and _same_objects(entry.cells, cells)


def _keep(
    key: tuple[Any, ...],
    owner: Any,
    cells: Any,
    found: Any,
    *,
    buffers: tuple[Any, ...] = (),
    weight: int | None = None,
) -> None:
    """Keep `found` under `key` until `owner` is freed or newer entries push it out."""

    def forget(ref: weakref.ref[Any]) -> None:
        entry = _KEPT.get(key)
        if entry is not None and entry.owner is ref:
            _KEPT.pop(key, None)

    _KEPT.pop(key, None)
    # A snapshot of the entries, oldest first: a frame freed meanwhile (a collection, or
    # another thread) takes its entry out of _KEPT, which must not be iterated then.
    held = list(_KEPT.items())
    weight = len(found.codes) if weight is None else weight
    rows = sum(entry.weight for _, entry in held) + weight
    count = len(held) + 1  # marks weigh nothing, but each is an entry to walk here
    # A routed question's texts push out only other texts: the routing columns, read by
    # every table, stay (else five tables' columns past the budget pushed out the routing
    # that the next table read again, and so on round the tables).
    texts = key[-1] == "text"
    for old, entry in held:
        if rows <= _KEPT_ROWS and count <= _KEPT_ENTRIES:
            break
        if texts and old[-1] != "text":
            continue
        _KEPT.pop(old, None)
        rows -= entry.weight
        count -= 1
    if rows > _KEPT_ROWS or count > _KEPT_ENTRIES:
        return  # no room left by texts: not kept (read afresh next time)
    ref = weakref.ref(owner, forget)
    typed = cells is None  # an Arrow column's cells are text; a mark holds none
    _KEPT[key] = _Kept(ref, cells, found, typed=typed, buffers=buffers, weight=weight)

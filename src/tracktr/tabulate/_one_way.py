"""One categorical column counted alone: the fixed cost of a small one-way table.

``tt.frequencies(df, "q")`` of a categorical column, without a codebook, groups or weights,
is the commonest table and the one whose cost is all fixed cost (issue 16: 0.13 ms at
1e3 rows, where polars' ``value_counts`` takes 0.01 ms). What such a table depends on
besides its rows' codes (the options, the lookup of each category, which options are in
the base, the labels) is worked out once per categories Index and kept, as
:mod:`tracktr.tabulate._memo` keeps the general path's pieces; a call counts the codes
and builds the Table from arrays.

Anything out of the ordinary (a value that is not an option, pooled waves, categories that
are not text, a title) returns None, and the general path counts it and says what is
wrong: the errors are its own. ``tests/property/test_one_way_fast.py`` checks that both
paths give equal tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr import _kernels
from tracktr._pooled import pool_mark
from tracktr._table_arrays import Parts
from tracktr.spec import QuestionSpec
from tracktr.table import _FIELD_SETTERS, Table
from tracktr.tabulate._common import (
    _CHECKED_CODES,
    _KEPT_CATEGORIES,
    _MISSING_KINDS,
    MISSING_TEXT,
    TOTAL,
    _check_distinct,
    _describe_base,
    _dont_know_rows,
    _lookup,
    _observed_options,
)
from tracktr.tabulate._memo import ByIdentity
from tracktr.typing import DontKnowPolicy, RoundingRule


class _Plan(NamedTuple):
    """What a one-way table of a column takes from its categories and the call's options."""

    spec: QuestionSpec
    width: int
    """Raw codes counted: 0 for a blank cell, ``i + 1`` for category ``i``."""
    gather: npt.NDArray[np.intp]
    """The raw codes summed into each number of the table, one sum after another; a sum
    of none reads `width`, a 0 appended to the counts."""
    starts: npt.NDArray[np.intp]
    """Where each sum opens in `gather`: the counts of the options in the base, then the
    missing kinds (and don't know, when excluded) left out, then the base."""
    answers: int
    """Options in the base: the rows of the table."""
    refused: npt.NDArray[np.intp]
    """Raw codes the general path must see if a row holds one: categories that are neither
    options nor markers, and undeclared answers that spell a missing value ("nan")."""
    byte_gather: npt.NDArray[np.intp]
    """`gather` as bins of the codes read as bytes (:func:`_byte_bins`)."""
    byte_refused: npt.NDArray[np.intp]
    """`refused` as bins of the codes read as bytes."""
    rows: list[Any]
    excluded_labels: list[str]
    base_description: str
    kept: bool
    """Whether the plan is kept for the next table (of at most ``_KEPT_CATEGORIES``
    categories): only then are its table's fields kept (:func:`_table`)."""


_PLACES = ByIdentity()
"""The place of a question's column by the frame's columns Index (immutable: a frame
whose columns change gets a new one), where it is one column's (0.45 of 1.2 µs)."""

_PLANS = ByIdentity()
"""Plans by categories Index (immutable, shared by every Series of its column), of few."""

_TABLES = ByIdentity()
"""A table's fields other than its numbers, by plan and (rule, decimals, small base) of
plain types: set as they are on the next table (:func:`_table`), without the checks and
look-ups ``Table._from_parts`` makes of them (1.2 of 2.7 µs)."""

_SET_PARTS = Table.__mro__[1].__dict__["_parts"].__set__
"""The setter of a table's ``_parts`` slot (of ``_Stored``, Table's base)."""

_ZERO = np.zeros(1, dtype=np.int64)
"""Appended to the raw counts: what a sum of no raw code reads."""

_INT8 = np.dtype(np.int8)
_BYTES = 256
_TEXT = frozenset({str})
_POLICIES = get_args(DontKnowPolicy)


def _byte_bins(codes: npt.NDArray[np.int8]) -> npt.NDArray[np.int64]:
    """Count int8 codes read as bytes: bin ``c`` for code ``c``, bin 255 for a blank (-1).

    One :func:`numpy.bincount` of the bytes, without the ``codes + 1`` in ``intp`` that
    :func:`tracktr._kernels.count_pairs` makes first (half the cost of counting 1e3 to
    6e4 rows). Raw code ``r`` (0 blank, ``i + 1`` category ``i``) is bin ``(r - 1) %
    256`` (:func:`_as_bytes`); int8 codes are below 127, so bins 127 to 254 are always 0,
    and so is bin ``n_categories``, where a plan's empty sums read.
    """
    bins: npt.NDArray[np.int64] = np.bincount(codes.view(np.uint8), minlength=_BYTES).astype(
        np.int64, copy=False
    )
    return bins


def _as_bytes(raw: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Return raw codes as bins of :func:`_byte_bins` (read-only, as a plan's arrays are)."""
    bins = (raw - 1) % _BYTES
    bins.flags.writeable = False
    return bins


def one_way(
    data: pd.DataFrame,
    question: object,
    *,
    options: Sequence[Any] | None,
    dont_know: DontKnowPolicy,
    dont_know_options: Sequence[str],
    rule: RoundingRule,
    decimals: int,
    small_base: int,
) -> Table | None:
    """Return ``frequencies(data, question, ...)`` of one text categorical, else None.

    For a pandas frame, no survey, `by`, weights or title (the caller checks those); None
    where the general path must count (and, where something is wrong, raise).
    """
    if type(question) is not str or not isinstance(data, pd.DataFrame):
        return None
    if pool_mark(data) is not None:  # pooled waves: notes and gaps of their own
        return None
    categorical = _categorical(data, question)
    if categorical is None:
        return None
    plan = _plan(
        data,
        categorical.categories,
        question,
        options=options,
        dont_know=dont_know,
        dont_know_options=dont_know_options,
    )
    if plan is None:
        return None
    # The codes as the Categorical holds them (``.codes`` makes a read-only view of them
    # on every call: 0.4 µs, a thirtieth of a small table); never written here.
    codes = getattr(categorical, "_ndarray", None)
    if not isinstance(codes, np.ndarray):
        codes = categorical.codes
    if codes.dtype is _INT8 and len(codes) < _kernels.BLOCK:
        bins, gather, refused = _byte_bins(codes), plan.byte_gather, plan.byte_refused
        # Codes past the categories (a Categorical built with validate=False) land in bins
        # no plan reads but the last category's plus one, which empty sums read: the
        # general path names them. Their bins are counted already: one count_nonzero of
        # them (0.4 µs; ``.any()``, a reduction, 1.0-1.4) past the plan's categories
        # (``len(categorical.categories)`` cost 0.3 µs more).
        if np.count_nonzero(bins[plan.width - 1 : _BYTES - 1]):
            return None
    else:
        # The general path's kernel: large columns block by block (never a full-length
        # intp copy of the int8 codes), and codes of more than one byte. Codes past the
        # categories (checked once per column) are named by the general path.
        if not _CHECKED_CODES.within(codes, len(categorical.categories)):
            return None
        raw = _kernels.count_pairs(codes, None, plan.width, 1, None)[0]
        bins, gather, refused = np.concatenate((raw, _ZERO)), plan.gather, plan.refused
    # A value outside the options, or (the plan was kept from rows that may not have used
    # these categories: a slice of the column shares them) text that spells a missing
    # value: the general path names the values and their rows.
    if refused.size and bins[refused].any():
        return None
    # Every number of the table in one pass: each is a sum of raw counts (a blank cell
    # and a category "<skipped>" land in one), so the counts are at least 0, each base
    # is the sum of its column and the table's checks of them have nothing to find.
    numbers = np.add.reduceat(bins[gather], plan.starts)
    numbers.setflags(write=False)  # and so every view of it the table keeps
    k = plan.answers
    parts = Parts(
        numbers[:k, None],
        numbers[-1:],
        numbers[k:-1, None],
        None,
        None,
        None,
        list(plan.rows),
        [TOTAL],
        list(plan.excluded_labels),
        "columns",
    )
    return _table(parts, plan, question, rule=rule, decimals=decimals, small_base=small_base)


def _table(
    parts: Parts,
    plan: _Plan,
    question: str,
    *,
    rule: RoundingRule,
    decimals: int,
    small_base: int,
) -> Table:
    """Return the Table of `parts`, its other fields set as the last table of `plan` had them.

    Options of plain types only (a str rule, int decimals and small base; the table
    checks anything else one by one): as keys, ``0`` and ``False`` are one, and ``"x"``
    and a str subclass of it.
    """
    # A plan made anew on every call (of many categories) is never met again: kept, its
    # fields would only hold its options (megabytes of a respondent id's) in the cache.
    plain = plan.kept and type(rule) is str and type(decimals) is int and type(small_base) is int
    key = (rule, decimals, small_base)
    fields = _TABLES.get(plan, key) if plain else None
    if fields is None:
        table = Table._from_parts(
            parts,
            known_good=True,
            question=question,
            rule=rule,
            decimals=decimals,
            base_description=plan.base_description,
            small_base=small_base,
        )
        if plain:  # checked by the table just made: valid, and none of them a gap
            made = tuple((setter, getattr(table, name)) for name, setter, _ in _FIELD_SETTERS)
            _TABLES.put(plan, key, made)
        return table
    table = object.__new__(Table)
    for setter, value in fields:  # each immutable (str, int, tuple, None)
        setter(table, value)
    _SET_PARTS(table, parts)
    return table


def _categorical(data: pd.DataFrame, question: str) -> pd.Categorical | None:
    """Return the Categorical in the frame's column `question`, else None.

    Read without building a Series (``data[question]`` costs about 10 µs, a sixth of the
    table): through pandas' ``DataFrame._get_column_array`` (private, in pandas since
    1.3), which returns the array ``data[question].array`` holds; through
    ``data[question]`` for a subclass of DataFrame (which may read a column its own way)
    or a pandas without the method. A label that is not one column's is the general
    path's: a level of MultiIndex columns, even one pandas reads as a column (``("q",
    "")``, read as ``data["q"]``), which the general path refuses, naming the columns.
    """
    columns = data.columns
    loc = _PLACES.get(columns, question)
    if loc is None:
        if not columns.is_unique:
            return None
        try:  # what `question in columns` asks, keeping the answer
            loc = columns.get_loc(question)
        except (KeyError, TypeError, ValueError, pd.errors.InvalidIndexError):
            return None
        if not isinstance(loc, int | np.integer):
            return None  # a slice or mask: a level of MultiIndex columns
        _PLACES.put(columns, question, loc)
    getter = getattr(data, "_get_column_array", None)
    if type(data) is pd.DataFrame and getter is not None:
        values = getter(int(loc))
    else:
        series = data[question]
        values = series.array if isinstance(series, pd.Series) else None
    return values if isinstance(values, pd.Categorical) else None


def _plan(
    data: pd.DataFrame,
    categories: pd.Index,
    question: str,
    *,
    options: Sequence[Any] | None,
    dont_know: DontKnowPolicy,
    dont_know_options: Sequence[str],
) -> _Plan | None:
    """Return the plan of a column with these categories (kept), or None for the general path."""
    # Only a list or tuple: an iterator read here would reach the general path empty.
    given = type(options)
    if options is not None and given is not list and given is not tuple:
        return None
    given = type(dont_know_options)
    if given is not list and given is not tuple:
        return None
    # No options, or none listed: the categories found (as the general path reads them).
    # Only text: numbers and booleans are keyed by type in the general lookup (and 1,
    # 1.0 and True are one key here).
    listed = tuple(options) if options else None
    known = tuple(dont_know_options)
    if not {*map(type, listed or ()), *map(type, known)} <= _TEXT:  # (one set: 0.1 µs less)
        return None
    if dont_know not in _POLICIES:
        return None  # refused by the general path, after the errors it finds first
    options = listed
    key = (question, options, dont_know, known)
    plan: _Plan | None = _PLANS.get(categories, key)
    if plan is not None:
        return plan
    values = (None, *categories.tolist())
    if not all(type(value) is str for value in values[1:]):
        return None
    series = data[question]  # read once per categories Index: its errors name rows
    shown = tuple(_observed_options(series, question)) if options is None else options
    spec = QuestionSpec(question, "single", options=shown, dont_know=known, columns=(question,))
    _check_distinct(spec.options, question, [series], what="options")
    in_base = _dont_know_rows(spec, dont_know)
    lookup = _lookup(values, spec.options)
    # Undeclared answers that spell a missing value, refused wherever a row holds one.
    spelt = [i + 1 for i, value in enumerate(values[1:]) if value in MISSING_TEXT]
    excluded_labels = list(_MISSING_KINDS)
    if not in_base.all():
        excluded_labels.append("dont_know")
    gather, starts = _sums(lookup, in_base.tolist())
    refused = np.union1d(
        np.flatnonzero(lookup < 0), np.array(spelt if options is None else [], dtype=np.intp)
    ).astype(np.intp)
    refused.flags.writeable = False
    for array in (gather, starts):
        array.flags.writeable = False
    plan = _Plan(
        spec=spec,
        width=len(values),
        gather=gather,
        starts=starts,
        answers=int(in_base.sum()),
        refused=refused,
        byte_gather=_as_bytes(gather),
        byte_refused=_as_bytes(refused),
        rows=[option for option, keep in zip(spec.options, in_base, strict=True) if keep],
        excluded_labels=excluded_labels,
        base_description=_describe_base(spec, dont_know),
        # Kept, a plan holds its categories alive: as the general path, only a few of them.
        kept=len(categories) <= _KEPT_CATEGORIES,
    )
    if plan.kept:
        _PLANS.put(categories, key, plan)
    return plan


def _sums(
    lookup: npt.NDArray[np.intp], in_base: list[bool]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Return `gather` and `starts` of a plan: which raw codes each number of the table sums.

    `lookup` sends raw code ``r`` to option ``lookup[r]`` (``0..K-1``), then to the missing
    kinds (``K + i``); -1 to none. The numbers: the count of each option in the base, then
    the respondents left out for each missing kind, then (when some are out of the base)
    for don't know, then the base: the sum of the counts.
    """
    k = len(in_base)
    into: list[list[int]] = [[] for _ in range(k + len(_MISSING_KINDS))]
    for raw, slot in enumerate(lookup.tolist()):
        if slot >= 0:
            into[slot].append(raw)
    answers = [into[i] for i in range(k) if in_base[i]]
    sums = [*answers, *into[k:]]
    if not all(in_base):
        sums.append([raw for i in range(k) if not in_base[i] for raw in into[i]])
    sums.append([raw for codes in answers for raw in codes])
    zero = len(lookup)  # the 0 appended to the raw counts
    gather: list[int] = []
    starts: list[int] = []
    for codes in sums:
        starts.append(len(gather))
        gather.extend(codes or [zero])
    return np.array(gather, dtype=np.intp), np.array(starts, dtype=np.intp)

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
from tracktr.spec import QuestionSpec
from tracktr.table import Table
from tracktr.tabulate._common import (
    _KEPT_CATEGORIES,
    _MISSING_KINDS,
    MISSING_TEXT,
    TOTAL,
    _check_distinct,
    _describe_base,
    _dont_know_rows,
    _lookup,
    _observed_options,
    _table,
)
from tracktr.tabulate._memo import ByIdentity
from tracktr.typing import DontKnowPolicy, RoundingRule


class _Plan(NamedTuple):
    """What a one-way table of a column takes from its categories and the call's options."""

    spec: QuestionSpec
    source: npt.NDArray[np.intp]
    """Raw codes (0 for a blank cell, ``i + 1`` for category ``i``) that are counted."""
    target: npt.NDArray[np.intp]
    """Where each of `source` lands: option ``0..K-1``, then the missing kinds."""
    unknown: npt.NDArray[np.intp]
    """Raw codes of categories that are neither options nor markers (an error if used)."""
    spelt: npt.NDArray[np.intp]
    """Raw codes of undeclared answers that spell a missing value ("nan": an error if used)."""
    in_base: npt.NDArray[np.bool_]
    rows: list[Any]
    excluded_labels: list[str]
    base_description: str


_PLANS = ByIdentity()
"""Plans by categories Index (immutable, shared by every Series of its column), of few."""


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
    columns = data.columns
    if question not in columns or not columns.is_unique:
        return None
    series = data[question]
    # A label of several columns (a level of MultiIndex columns) reads as a frame.
    if not isinstance(series, pd.Series) or not isinstance(series.dtype, pd.CategoricalDtype):
        return None
    categorical = series.array
    plan = _plan(
        series,
        categorical.categories,
        question,
        options=options,
        dont_know=dont_know,
        dont_know_options=dont_know_options,
    )
    if plan is None:
        return None
    # The general path's kernel: small columns in one bincount, large ones block by block
    # (never a full-length intp copy of the int8 codes).
    n_raw = len(plan.source) + len(plan.unknown)
    raw = _kernels.count_pairs(categorical.codes, None, n_raw, 1, None)[0]
    if plan.unknown.size and raw[plan.unknown].any():
        return None  # the general path names the values and their rows
    # The plan was kept from rows that may not have used these categories (a slice of
    # the column shares its categories): the general path refuses them, naming the rows.
    if plan.spelt.size and raw[plan.spelt].any():
        return None
    k = len(plan.spec.options)
    folded = np.zeros(k + len(_MISSING_KINDS), dtype=np.int64)
    # Added, not assigned: a blank cell and a category "<skipped>" land in one slot.
    np.add.at(folded, plan.target, raw[plan.source])
    answers = folded[:k, None]
    counts = answers[plan.in_base]
    excluded = folded[k:, None]
    if not plan.in_base.all():
        excluded = np.concatenate([excluded, answers[~plan.in_base].sum(axis=0, keepdims=True)])
    return _table(
        spec=plan.spec,
        counts=counts,
        bases=counts.sum(axis=0),
        excluded=excluded,
        unweighted=None,
        rows=plan.rows,
        columns=[TOTAL],
        excluded_labels=plan.excluded_labels,
        kind="single",
        base_description=plan.base_description,
        rule=rule,
        decimals=decimals,
        small_base=small_base,
    )


def _plan(
    series: pd.Series,
    categories: pd.Index,
    question: str,
    *,
    options: Sequence[Any] | None,
    dont_know: DontKnowPolicy,
    dont_know_options: Sequence[str],
) -> _Plan | None:
    """Return the plan of a column with these categories (kept), or None for the general path."""
    # Only a list or tuple: an iterator read here would reach the general path empty.
    if not (options is None or type(options) in {list, tuple}):
        return None
    if type(dont_know_options) not in {list, tuple}:
        return None
    # No options, or none listed: the categories found (as the general path reads them).
    listed = tuple(options) if options is not None else ()
    if not all(type(option) is str for option in listed):
        return None  # numbers, booleans: keyed by type in the general lookup
    options = listed or None
    if dont_know not in get_args(DontKnowPolicy):
        return None  # refused by the general path, after the errors it finds first
    known = tuple(dont_know_options)
    if not all(type(option) is str for option in known):
        return None
    key = (question, options, dont_know, known)
    plan: _Plan | None = _PLANS.get(categories, key)
    if plan is not None:
        return plan
    values = (None, *categories.tolist())
    if not all(type(value) is str for value in values[1:]):
        return None
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
    plan = _Plan(
        spec=spec,
        source=np.flatnonzero(lookup >= 0),
        target=lookup[lookup >= 0],
        unknown=np.flatnonzero(lookup < 0),
        spelt=np.array(spelt if options is None else [], dtype=np.intp),
        in_base=in_base,
        rows=[option for option, keep in zip(spec.options, in_base, strict=True) if keep],
        excluded_labels=excluded_labels,
        base_description=_describe_base(spec, dont_know),
    )
    for array in (plan.source, plan.target, plan.unknown, plan.spelt, plan.in_base):
        array.flags.writeable = False
    # Kept, a plan holds its categories alive: as the general path, only a few of them.
    if len(categories) <= _KEPT_CATEGORIES:
        _PLANS.put(categories, key, plan)
    return plan

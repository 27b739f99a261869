"""Grids: several items rated on one scale, tabulated side by side by :func:`grid`."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from math import lcm
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr import _engine
from tracktr._columns import refuse_unhashable_name
from tracktr.exceptions import (
    InvalidOptionError,
)
from tracktr.spec import QuestionSpec
from tracktr.table import DEFAULT_SMALL_BASE, Table
from tracktr.tabulate._common import (
    _MARKER_LIST,
    _MISSING_KINDS,
    AVERAGE,
    BASE,
    DEFAULT_DONT_KNOW,
    By,
    SurveyLike,
    _check_distinct,
    _code_series,
    _count,
    _describe_base,
    _dont_know_rows,
    _kish,
    _observed_options,
    _refuse_reserved,
    _spec,
    _table,
    _weight_places,
    _weights,
    knows_rows,
    zero_weighted,
)
from tracktr.tabulate._engine_branch import _engine_table, engine_columns
from tracktr.tabulate._routing import routed_counted_items, routed_out
from tracktr.typing import DontKnowPolicy, RoundingRule, check_survey

# -- grids -----------------------------------------------------------------------------------


def _check_grid_call(question: object, columns: object, survey: object) -> None:
    """Refuse a grid named by a list, or with neither `columns` nor a codebook."""
    check_survey(survey, optional=True)
    refuse_unhashable_name(question, function="grid")
    if columns is None and survey is None:
        msg = f"grid {question!r}: pass `columns` (one per item) or a `survey`."
        raise InvalidOptionError(msg)


def _check_grid_labels(
    columns: Sequence[pd.Series], spec: QuestionSpec, question: str, *, average: bool
) -> None:
    """Options, items and columns of a grid: distinct, and one item per column."""
    _check_distinct(spec.options, question, columns, what="options")
    item_labels = list(spec.items or spec.columns)
    if len(item_labels) != len(spec.columns):
        msg = (
            f"grid {question!r}: {len(item_labels)} items {item_labels} for "
            f"{len(spec.columns)} columns {list(spec.columns)}; they must align one to one."
        )
        hint = "Hint: give one item label per column, in the same order."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    # The table writes a column "Base" and, with `average`, a row AVERAGE of its own: an
    # item "AVERAGE" is then listed twice, and one printed alike ("Average") is refused.
    with_average = [*item_labels, *([AVERAGE] if average else [])]
    _check_distinct(with_average, question, [], what="items", reserved=(BASE,))
    if average:
        _refuse_reserved(item_labels, question, [], what="items", reserved=(AVERAGE,))
    _check_distinct(list(spec.columns), question, [], what="columns")


def _item_answers(
    data: pd.DataFrame, spec: QuestionSpec, survey: SurveyLike | None, weights: object
) -> list[pd.Series]:
    """Return each item's column, as its routing reads it (:func:`routed_column`)."""
    answers = [data[c] for c in spec.columns]
    if survey is None:
        return answers
    # An engine frame's patterns (counted as weights, or repeated for the AVERAGE row):
    # a refusal names the patterns, whose respondents the engine then finds.
    patterns = _engine.is_internal(weights) or _engine.is_patterns(data)
    out = routed_out(data, survey, spec.question)  # read once for every item
    return routed_counted_items(data, answers, survey, spec.question, out, patterns=patterns)


@knows_rows
def grid(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike | None = None,
    columns: Sequence[str] | None = None,
    items: Sequence[str] | None = None,
    options: Sequence[Any] | None = None,
    dont_know: DontKnowPolicy = "include",
    dont_know_options: Sequence[str] = DEFAULT_DONT_KNOW,
    average: bool = False,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
    title: str | None = None,
    by: By | None = None,
    weights: str | Sequence[float] | None = None,
    total: bool = True,
    missing_group: str | None = None,
) -> Table:
    """Count a grid: several items answered on one scale, one row per item with its base.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    question : str
        The grid's id.
    survey : Survey, optional
        A codebook describing the grid.
    columns : sequence of str, optional
        One column per item.
    items : sequence of str, optional
        Item labels aligned with `columns` (defaults to the column names).
    options : sequence, optional
        The shared scale, in display order (defaults to the values found).
    dont_know, dont_know_options, rule, decimals, small_base, title
        As in :func:`frequencies`.
    average : bool, default False
        Add an ``AVERAGE`` row: the mean of the item percentages, each item weighted
        equally, as Table 2 of the 2016 report prints it. It is computed exactly (its
        "counts" are the exact mean on a common denominator) and shown as percentages only.
        Not available for weighted grids.
    by : str, tuple of str or list, optional
        Banners (as in :func:`frequencies`): the rows become (group, item) pairs, one block
        of items per group and a last block ``"All"`` (with `total`); a list of banners
        adds a first row level naming the banner. Every row keeps its own base.
    weights : str or sequence of float, optional
        Weights: counts become weighted sums, and ``unweighted_bases`` holds the number of
        respondents behind each row.
    total, missing_group
        As in :func:`frequencies`.

    Returns
    -------
    Table
        Items as rows, scale points as columns, ``percent_axis="rows"``.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"men": ["Worsened", "No change", "Worsened"],
    ...                    "women": ["Improved", "Worsened", None]})
    >>> t = tt.grid(df, "impact", columns=["men", "women"], items=["Men", "Women"],
    ...             options=["Improved", "No change", "Worsened"], average=True)
    >>> t.percentages()
             Improved  No change  Worsened
    Men           0.0       33.0      67.0
    Women        50.0        0.0      50.0
    AVERAGE      25.0       17.0      58.0
    >>> t.bases.tolist()[:2]
    [3, 2]
    """
    _check_grid_call(question, columns, survey)
    if not isinstance(data, pd.DataFrame) and _engine.is_engine_frame(data):
        # The routing's columns too: the patterns then follow the routing, as pandas does.
        return _engine_table(
            grid,
            data,
            question,
            columns=engine_columns(
                data,
                question,
                survey,
                survey.spec(question).columns
                if survey is not None and columns is None
                else tuple(columns or ()),
            ),
            by=by,
            weights=weights,
            options={
                "survey": survey,
                "columns": columns,
                "items": items,
                "options": options,
                "dont_know": dont_know,
                "dont_know_options": dont_know_options,
                "average": average,
                "total": total,
                "rule": rule,
                "decimals": decimals,
                "small_base": small_base,
                "title": title,
                "missing_group": missing_group,
            },
        )
    cols = tuple(columns or ())
    fallback = QuestionSpec(
        question,
        "grid",
        options=tuple(options) if options is not None else (),
        dont_know=tuple(dont_know_options),
        columns=cols,
        items=tuple(items) if items is not None else cols,
    )
    spec = _spec(data, question, survey, fallback)
    if not spec.options:
        found: list[Any] = []
        for column in spec.columns:
            found += [o for o in _observed_options(data[column], question) if o not in found]
        spec = dataclasses.replace(spec, options=tuple(found))
    # Each column is taken from the frame once (a copy of the frame's attrs every time).
    answers = _item_answers(data, spec, survey, weights)
    _check_grid_labels(answers, spec, question, average=average)
    item_labels = list(spec.items or spec.columns)
    w = _weights(data, weights)
    if average and w is not None:
        msg = f"grid {question!r}: the AVERAGE row is not defined for a weighted grid."
        hint = "Hint: leave out `average=True`, or tabulate without weights."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if by is not None:
        from tracktr.banners import grid_by

        return grid_by(
            data,
            question,
            by=by,
            missing_group=missing_group,
            weights=w,
            total=total,
            grid=grid,
            survey=survey,
            columns=spec.columns,
            items=spec.items or spec.columns,
            options=spec.options,
            dont_know=dont_know,
            dont_know_options=dont_know_options,
            average=average,
            rule=rule,
            decimals=decimals,
            small_base=small_base,
            title=title or spec.title,
        )
    k, m = len(spec.options), len(spec.columns)
    n_codes = k + len(_MARKER_LIST)
    stacked = (
        np.concatenate(
            [
                _code_series(column, spec.options, question) + n_codes * i
                for i, column in enumerate(answers)
            ]
        )
        if m
        else np.zeros(0, dtype=np.intp)
    )
    tiled = None if w is None else np.tile(w, m)
    matrix = _count(stacked, n_codes * m, tiled).reshape(m, n_codes)
    in_base = _dont_know_rows(spec, dont_know)
    counts = matrix[:, :k][:, in_base]
    bases = counts.sum(axis=1)
    unweighted = None
    effective = None
    if w is not None and tiled is not None:
        raw = _count(stacked, n_codes * m, None).reshape(m, n_codes)
        unweighted = raw[:, :k][:, in_base].sum(axis=1)
        squares = _count(stacked, n_codes * m, tiled * tiled).reshape(m, n_codes)
        effective = None if average else _kish(bases, squares[:, :k][:, in_base].T)
    zeros = zero_weighted(weights, w)
    zero_bases = None if zeros is None else _zero_items(stacked, zeros, (m, n_codes), in_base)
    excluded = matrix[:, k:].T
    excluded_labels = list(_MISSING_KINDS)
    if not in_base.all():
        excluded = np.vstack([excluded, matrix[:, :k][:, ~in_base].sum(axis=1)])
        excluded_labels.append("dont_know")
    summary: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    if average:
        notes = (_average_note(bases),)
        counts, bases, excluded = _average_row(counts, bases, excluded)
        item_labels.append(AVERAGE)
        summary = (AVERAGE,)
    options_shown = [o for o, keep in zip(spec.options, in_base, strict=True) if keep]
    return _table(
        places=_weight_places(w),
        spec=spec if title is None else dataclasses.replace(spec, title=title),
        counts=counts,
        bases=bases,
        excluded=excluded,
        unweighted=unweighted,
        effective=effective,
        zero_weights=zero_bases,
        rows=item_labels,
        columns=options_shown,
        excluded_labels=excluded_labels,
        kind="grid",
        base_description=_describe_base(spec, dont_know),
        rule=rule,
        decimals=decimals,
        small_base=small_base,
        percent_axis="rows",
        summary_rows=summary,
        extra_notes=notes,
    )


def _zero_items(
    stacked: npt.NDArray[np.intp],
    zeros: npt.NDArray[np.bool_],
    shape: tuple[int, int],
    in_base: npt.NDArray[np.bool_],
) -> npt.NDArray[np.float64]:
    """Return each item's respondents in its base with a weight of 0."""
    m, n_codes = shape
    # Each item's codes are one row of `stacked`: keep the rows weighted 0 of each.
    codes = stacked.reshape(m, len(zeros))[:, zeros].ravel()
    counted = _count(codes, m * n_codes, None).reshape(m, n_codes)
    summed: npt.NDArray[np.float64] = counted[:, : len(in_base)][:, in_base].sum(axis=1)
    return summed


def _average_note(bases: npt.NDArray[Any]) -> str:
    """Say what the AVERAGE row is; it has no respondent base, so give the items' range."""
    positive = [int(b) for b in bases if b > 0]
    if not positive:
        span = "no item has respondents"
    elif min(positive) == max(positive):
        span = f"each item's base is n={positive[0]}"
    else:
        span = f"item bases n={min(positive)} to {max(positive)}"
    empty = len(bases) - len(positive)
    left_out = (
        ""
        if not empty or not positive
        else f"; {empty} item{'s' if empty > 1 else ''} without respondents left out"
    )
    return (
        f"{AVERAGE} is the mean of the item percentages, each item weighted equally "
        f"({span}{left_out}); it has no base of its own."
    )


def _average_row(
    counts: npt.NDArray[Any], bases: npt.NDArray[Any], excluded: npt.NDArray[Any]
) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]:
    """Append the exact mean of the item shares as integers over a common denominator."""
    positive = [int(b) for b in bases if b > 0]
    common = lcm(*positive) if positive else 1
    scaled = [
        [int(c) * (common // int(b)) for c in row]
        for row, b in zip(counts.tolist(), bases.tolist(), strict=True)
        if b > 0
    ]
    mean_counts = (
        [sum(col) for col in zip(*scaled, strict=True)] if scaled else [0] * counts.shape[1]
    )
    as_object = np.vstack([counts.astype(object), np.array([mean_counts], dtype=object)])
    new_bases = np.append(bases.astype(object), common * len(positive))
    new_excluded = np.column_stack([excluded, np.zeros(len(excluded), dtype=excluded.dtype)])
    return as_object, new_bases, new_excluded

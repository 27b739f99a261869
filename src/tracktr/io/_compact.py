"""A chunk of a CSV file prepared through its distinct cells, when that is exact.

:meth:`tracktr.Survey.prepare` reads every row of a chunk; for most codebooks what it
makes of a cell depends on the cell alone. Then preparing one row per distinct cell of
each column, and giving each row of the chunk the prepared cell of its text, is the same
frame, for a few distinct cells instead of a hundred thousand rows.

That holds when no question is routed (``ask_if``: whether a respondent was asked reads
other columns) and every question is a single, ordinal, grid, numeric or text question
(a tick-all-that-apply set is checked row by row: an answered set, exclusive options),
and when the chunk's respondent ids are present and unique (checked here, vectorised).
Otherwise, or when the distinct cells fail validation, the chunk is prepared whole, so
that every failure names its respondent exactly as before.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tracktr.exceptions import SurveyValidationError
from tracktr.io._files import prepare_file
from tracktr.survey import (
    GridQuestion,
    NumericQuestion,
    OrdinalQuestion,
    SingleQuestion,
    Survey,
    TextQuestion,
)

__all__ = ["PreparedCells", "cellwise", "prepare_chunk"]

_CELLWISE = (SingleQuestion, OrdinalQuestion, GridQuestion, NumericQuestion, TextQuestion)


def cellwise(survey: Survey) -> bool:
    """Return whether preparing a cell of `survey`'s responses reads that cell alone."""
    return all(isinstance(q, _CELLWISE) and q.ask_if is None for q in survey.questions)


class PreparedCells:
    """The distinct cells of the last chunk prepared, and what prepare() made of them.

    Successive chunks of a file mostly hold the same distinct texts (in another order):
    a chunk with the same texts in each column reuses them.
    """

    __slots__ = ("cells", "key", "prepared")

    def __init__(self) -> None:
        self.key: tuple[Any, ...] | None = None
        self.cells: dict[str, list[str]] = {}
        self.prepared: pd.DataFrame | None = None


Cells = dict[str, tuple[list[str], np.ndarray[Any, Any]]]
"""Each question column's distinct texts, and each row's index into them."""


def prepare_chunk(
    survey: Survey,
    data: pd.DataFrame,
    *,
    path: str,
    allow_extra_columns: bool,
    cache: PreparedCells | None = None,
) -> pd.DataFrame:
    """Return ``prepare_file(survey, data, ...).data``, from the distinct cells when exact."""
    columns = _distinct_cells(survey, data) if cellwise(survey) else None
    if columns is None:
        return prepare_file(survey, data, path=path, allow_extra_columns=allow_extra_columns).data
    key = (tuple(data.columns), *(frozenset(cells) for cells, _ in columns.values()))
    if cache is not None and cache.key == key and cache.prepared is not None:
        return _rows(data, columns, cache.prepared, cache.cells)
    size = max([len(cells) for cells, _ in columns.values()] + [1])
    compact = {}
    for name in data.columns:
        if name == survey.respondent_id:
            compact[name] = pd.Series(np.arange(1, size + 1), dtype=np.int64)
        elif name in columns:
            cells = columns[name][0]
            padded = np.empty(size, dtype=object)
            padded[:] = cells[0]  # repeats of a cell change nothing: no check spans rows
            padded[: len(cells)] = cells
            compact[name] = pd.Series(padded, dtype=object)
        else:  # a column no question reads (allow_extra_columns): kept as it is
            compact[name] = pd.Series([data[name].iloc[0]] * size, dtype=object)
    try:
        prepared = prepare_file(
            survey,
            pd.DataFrame(compact, columns=data.columns),
            path=path,
            allow_extra_columns=allow_extra_columns,
        ).data
    except SurveyValidationError:  # some cell fails: prepare the rows, to name them
        return prepare_file(survey, data, path=path, allow_extra_columns=allow_extra_columns).data
    order = {name: cells for name, (cells, _) in columns.items()}
    if cache is not None:
        cache.key, cache.cells, cache.prepared = key, order, prepared
    return _rows(data, columns, prepared, order)


def _rows(
    data: pd.DataFrame, columns: Cells, prepared: pd.DataFrame, order: dict[str, list[str]]
) -> pd.DataFrame:
    """Give each row of `data` the prepared cell of its text.

    `prepared` holds one row per distinct text of each column, in the `order` given.
    """
    out: dict[Any, pd.Series] = {}
    for name in data.columns:
        if name not in columns:
            out[name] = data[name]
            continue
        cells, codes = columns[name]
        if cells != order[name]:  # the same texts in another order
            known = pd.Index(order[name], dtype=object)
            codes = known.get_indexer(pd.Index(cells, dtype=object))[codes]
        column = prepared[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            per_cell = column.cat.codes.to_numpy()
            rows = pd.Categorical.from_codes(per_cell[codes], dtype=column.dtype, validate=False)
            out[name] = pd.Series(rows, index=data.index, copy=False)
        else:
            values = column.to_numpy()[codes]
            out[name] = pd.Series(values, index=data.index, dtype=column.dtype, copy=False)
    return pd.DataFrame(out, index=data.index, columns=data.columns, copy=False)


def _distinct_cells(survey: Survey, data: pd.DataFrame) -> Cells | None:
    """Each question column's distinct texts and each row's index into them.

    None when the chunk must be prepared whole: no rows, ids absent, blank or repeated,
    or a cell that is not text.
    """
    if not len(data) or not _unique_ids(survey, data):
        return None
    found: Cells = {}
    for question in survey.questions:
        for name in question.columns:
            if name not in data.columns:
                return None  # validation names the missing column
            column = data[name]
            if isinstance(column.dtype, pd.CategoricalDtype):
                cells = column.cat.categories.tolist()
                codes = column.cat.codes.to_numpy()
            else:
                codes, uniques = pd.factorize(column.to_numpy(dtype=object))
                cells = uniques.tolist()
            if not all(type(c) is str for c in cells) or (codes < 0).any():
                return None
            found[name] = (cells, codes)
    return found


def _unique_ids(survey: Survey, data: pd.DataFrame) -> bool:
    """Whether the chunk has an id column of non-blank, distinct ids."""
    rid = survey.respondent_id
    if rid not in data.columns:
        return False
    ids = data[rid]
    if ids.dtype == np.int64:
        values = ids.to_numpy()
        return bool((np.diff(values) > 0).all()) or len(pd.unique(values)) == len(values)
    cells = ids.to_numpy(dtype=object)
    distinct = pd.unique(cells).tolist()
    if len(distinct) != len(cells) or not all(type(c) is str for c in distinct):
        return False
    return all(c.strip() for c in distinct)

"""Vectorised checks: each distinct cell of a column classified once, rows reached by masks.

A column is factorised by (type, value) (tracktr.survey._distinct); each distinct cell is
probed through the cell-by-cell checks of tracktr.survey._checks twice, as asked and as
not asked, and each row then takes the failure of its cell and routing by an array
lookup. The failures are the same rows, in the same order, as checking cell by cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.survey._cells import delimited_ticks, ticked, ticked_rows
from tracktr.survey._checks import (
    ANSWERED_NOT_ASKED,
    _allowed_markers,
    _check_cells,
    _check_multi,
    _Collector,
    _exclusive_failure,
)
from tracktr.survey._distinct import Distinct, cells_at, distinct
from tracktr.survey._questions import (
    GridQuestion,
    MultiQuestion,
    OrdinalQuestion,
    Question,
    SingleQuestion,
)

if TYPE_CHECKING:
    from tracktr.survey._survey import Survey


_ROW_CHECKS = ("answered_not_asked", "exclusive")
"""Checks of a whole row of a set, not of one cell."""


class _Recorder(_Collector):
    """Records failures by position: a probe of each distinct cell, asked then not asked."""

    def __init__(self, size: int) -> None:
        self.rows = []
        self._source = None
        self._ids = list(range(size))

    def by_cell(self, cells: int) -> list[list[dict[str, Any]]]:
        """Rows per distinct cell; a row's ``respondent_id`` becomes 0 (asked) or 1."""
        out: list[list[dict[str, Any]]] = [[] for _ in range(cells)]
        for row in self.rows:
            cell, not_asked = divmod(row["respondent_id"], 2)
            out[cell].append({**row, "respondent_id": not_asked})
        return out


def _probe(values: list[Any]) -> tuple[list[Any], list[bool]]:
    """Each distinct cell twice, asked then not asked."""
    cells = [value for value in values for _ in range(2)]
    return cells, [True, False] * len(values)


def _routed_failures(  # noqa: PLR0917  (internal helper)
    question_id: str,
    column: str | None,
    series: pd.Series,
    codes: npt.NDArray[np.intp],
    probes: list[list[dict[str, Any]]],
    asked: npt.NDArray[np.bool_],
    out: _Collector,
) -> None:
    """Add each cell's failure, in row order, from its distinct value's two probes."""
    kinds: list[tuple[str, str]] = []
    when = np.full((len(probes), 2), -1, dtype=np.intp)  # [asked, not asked] -> failure
    for code, rows in enumerate(probes):
        for row in rows:
            kinds.append((row["check"], row["expected"]))
            when[code, row["respondent_id"]] = len(kinds) - 1
    if not kinds:
        return
    if np.array_equal(when[:, 0], when[:, 1]):  # the same failures, asked or not
        failing = (when[:, 0] >= 0)[codes]
    else:
        failing = np.where(asked, (when[:, 0] >= 0)[codes], (when[:, 1] >= 0)[codes])
    positions = np.flatnonzero(failing).tolist()
    for position, value in zip(positions, cells_at(series, positions), strict=True):
        failure = when[codes[position], 0 if asked[position] else 1]
        out.add(question_id, column, position, value, *kinds[failure])


def _check_cells_fast(
    survey: Survey,
    question: Question,
    series: pd.Series,
    asked: npt.NDArray[np.bool_],
    out: _Collector,
    *,
    codes: dict[str, npt.NDArray[np.integer[Any]]] | None = None,
) -> None:
    """:func:`_check_cells`, classifying each distinct cell once: the same rows, in order.

    Keeps the column's categorical codes in `codes` (for :func:`typed`), if given.
    """
    column = str(series.name)
    found = distinct(series)
    if found is None:
        _check_cells(survey, question, column, series.tolist(), asked.tolist(), out)
        return
    if codes is not None and isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
        categories = [*question.labels, *_allowed_markers(survey)]
        codes[column] = _category_codes(found, categories)
    probe = _Recorder(2 * len(found.values))
    _check_cells(survey, question, column, *_probe(found.values), probe)
    probes = probe.by_cell(len(found.values))
    _routed_failures(question.id, column, series, found.codes, probes, asked, out)


def _check_multi_fast(
    survey: Survey,
    question: MultiQuestion,
    data: pd.DataFrame,
    asked: npt.NDArray[np.bool_],
    out: _Collector,
    *,
    known: Mapping[str, Distinct] | None = None,
) -> None:
    """:func:`_check_multi`, classifying each column's distinct cells once: the same rows.

    Each distinct cell is probed through :func:`_check_multi` itself on a two-row frame
    (asked, not asked) whose other columns are blank: its cell failure, and whether it
    counts as an answer (it then fails ``answered_not_asked`` when not asked). `known`
    holds the distinct cells of columns already read (as they are in `data`).
    """
    known = known or {}
    answered: list[npt.NDArray[np.bool_]] = []  # per column: the rows its cell answers

    def blank(size: int) -> dict[str, list[None]]:
        return {other: [None] * size for other in question.columns}

    cell_checks = []
    found_columns: list[Distinct] = []
    for column in question.columns:
        found = known[column] if column in known else distinct(data[column])
        if found is None:
            _check_multi(survey, question, data, asked.tolist(), out)
            return
        cells, probe_asked = _probe(found.values)
        probe = _Recorder(len(cells))
        frame = pd.DataFrame({**blank(len(cells)), column: cells}, dtype=object)
        _check_multi(survey, question, frame, probe_asked, probe)
        probes, answers = [], []
        for rows in probe.by_cell(len(found.values)):
            kept = [r for r in rows if r["check"] not in _ROW_CHECKS]
            probes.append(kept)
            answers.append(any(r["check"] == "answered_not_asked" for r in rows))
        cell_checks.append((column, found.codes, probes))
        found_columns.append(found)
        answered.append(np.array(answers, dtype=bool)[found.codes])
    for column, codes, probes in cell_checks:
        _routed_failures(question.id, column, data[column], codes, probes, asked, out)
    _answered_not_asked(question, data, np.column_stack(answered) & ~asked[:, None], out)
    _exclusive_fast(question, data, found_columns, out)


def _answered_not_asked(
    question: MultiQuestion, data: pd.DataFrame, failing: npt.NDArray[np.bool_], out: _Collector
) -> None:
    """Each answered cell of a row routing did not ask, row by row, columns in order."""
    rows, columns = np.nonzero(failing)  # row-major: the reference's order
    if not len(rows):
        return
    values: list[Any] = [None] * len(rows)
    for k, column in enumerate(question.columns):
        at = np.flatnonzero(columns == k)
        for i, value in zip(at.tolist(), cells_at(data[column], rows[at].tolist()), strict=True):
            values[i] = value
    for position, k, value in zip(rows.tolist(), columns.tolist(), values, strict=True):
        out.add(question.id, question.columns[k], position, value, *ANSWERED_NOT_ASKED)


def _exclusive_fast(
    question: MultiQuestion, data: pd.DataFrame, found: list[Distinct], out: _Collector
) -> None:
    """Rows ticking an exclusive option with another, from each column's distinct cells."""
    exclusive = set(question.exclusive)
    if not exclusive:
        return
    if question.form == "indicator":
        ticks = np.column_stack([ticked(column) for column in found])
        alone = [i for i, o in enumerate(question.options) if o.label in exclusive]
        failing = ticks[:, alone].any(axis=1) & (ticks.sum(axis=1) > 1)
        labels = [o.label for o in question.options]
        for position in np.flatnonzero(failing).tolist():
            row = [label for label, tick in zip(labels, ticks[position], strict=True) if tick]
            _exclusive_failure(question, position, row, out)
        return
    if question.form == "delimited":
        per_cell = [delimited_ticks(question, value) for value in found[0].values]
        fails = np.array(
            [bool(t and len(t) > 1 and exclusive & set(t)) for t in per_cell], dtype=bool
        )
        for position in np.flatnonzero(fails[found[0].codes]).tolist():
            _exclusive_failure(question, position, per_cell[found[0].codes[position]] or [], out)
        return
    for position, row_ticks in enumerate(ticked_rows(question, data)):  # pragma: no cover
        if row_ticks and len(row_ticks) > 1 and exclusive & set(row_ticks):
            _exclusive_failure(question, position, row_ticks, out)


def _category_codes(found: Distinct, categories: list[str]) -> npt.NDArray[np.integer[Any]]:
    """Each row's code among `categories` (-1 where its cell is none of them)."""
    index = {category: code for code, category in enumerate(categories)}
    per_cell = np.array([_category_code(index, v) for v in found.values], dtype=np.int32)
    if len(categories) < np.iinfo(np.int8).max:  # a byte a row, as pandas keeps them
        return per_cell.astype(np.int8)[found.codes]
    return per_cell[found.codes]


def _category_code(index: dict[str, int], value: object) -> int:
    return index.get(value, -1) if isinstance(value, str) else -1

"""The printed figures of the 2016 report, recomputed one by one from the microdata.

:func:`tracktr.reproduce` sets each figure of :func:`tracktr.reference.figures` that comes
from one question (a base, a percentage, a count) beside the same figure counted from the
synthetic microdata, for everyone or for one group of respondents. Each column is read
once: every figure of a question (one per option, one per group) reuses it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.missing import MARKERS, is_missing
from tracktr.rounding import percentage_units

if TYPE_CHECKING:
    from tracktr.reference import Figure

__all__ = ["GROUPS", "figure_rows", "flagged_figures"]

GROUPS = {
    "all": None,
    "crc_funded": "Funded by a CRC",
    "outside_supply_chains": "Not funded by a CRC or the NPS",
}
"""The respondent groups the report's figures describe, by their answer to main_funding."""


class _Columns:
    """The columns of the whole frame, each read (and who answered it found) once.

    A categorical column (single, ordinal and grid questions, as the codebook validates
    them) is answered from its categories: each label is judged once and its verdict
    spread to the rows through the codes, instead of judging every cell.
    """

    def __init__(self, data: pd.DataFrame) -> None:
        self.data = data
        self.values: dict[str, npt.NDArray[Any]] = {}
        self.answered: dict[str, npt.NDArray[np.bool_]] = {}
        self.ticked: dict[str, list[list[str] | None]] = {}
        self._coded: dict[str, tuple[npt.NDArray[np.intp], list[Any]] | None] = {}

    def coded(self, column: str) -> tuple[npt.NDArray[np.intp], list[Any]] | None:
        """Return a categorical column's codes (-1: NaN) and categories; None for others."""
        if column not in self._coded:
            series = self.data[column]
            coded = None
            if isinstance(series.dtype, pd.CategoricalDtype):
                categorical = series.array
                coded = (categorical.codes.astype(np.intp), list(categorical.categories))
            self._coded[column] = coded
        return self._coded[column]

    def answered_in(self, column: str) -> npt.NDArray[np.bool_]:
        """Return whether each row answered `column`: not blank, no missing marker."""
        if column not in self.answered:
            coded = self.coded(column)
            if coded is None:
                series = self.data[column].astype(object)
                self.answered[column] = ~is_missing(series).to_numpy(dtype=bool)
            else:
                codes, categories = coded
                # A category is never NaN: it is missing only as a marker. The last entry
                # is where code -1 (a NaN cell, missing) points.
                verdicts = [label not in MARKERS for label in categories] + [False]
                self.answered[column] = np.array(verdicts, dtype=bool)[codes]
        return self.answered[column]

    def chosen_in(self, column: str, options: Sequence[str]) -> npt.NDArray[np.bool_]:
        """Return whether each row's cell is one of `options` (a label compares equal)."""
        wanted = set(options)
        coded = self.coded(column)
        if coded is not None:
            codes, categories = coded
            return np.array([c in wanted for c in categories] + [False], dtype=bool)[codes]
        if column not in self.values:
            self.values[column] = self.data[column].to_numpy(dtype=object)
        values = self.values[column]
        return np.fromiter((v in wanted for v in values), dtype=bool, count=len(values))


class _Answers:
    """The rows of one respondent group, each column read (and its answers found) once.

    Many printed figures come from the same question (one per option, one per group), so
    the cells of a column, who answered it and who ticked what are read from the whole
    frame once (`columns`, shared by the groups) and kept for the next figure; `rows`
    selects the group's respondents (None: everyone).
    """

    def __init__(self, columns: _Columns, rows: npt.NDArray[np.bool_] | None) -> None:
        self.columns = columns
        self.rows = rows
        self._answered: dict[str, npt.NDArray[np.bool_]] = {}

    def __len__(self) -> int:
        return len(self.columns.data) if self.rows is None else int(self.rows.sum())

    def answered(self, column: str) -> npt.NDArray[np.bool_]:
        """Return whether each row answered `column`: not blank, no missing marker."""
        if column not in self._answered:
            whole = self.columns.answered_in(column)
            self._answered[column] = whole if self.rows is None else whole[self.rows]
        return self._answered[column]

    def chosen(self, column: str, options: Sequence[str]) -> npt.NDArray[np.bool_]:
        """Return whether each row's cell is one of `options` (a label compares equal)."""
        whole = self.columns.chosen_in(column, options)
        return whole if self.rows is None else whole[self.rows]

    def ticked(self, question: Any) -> list[list[str] | None]:
        """Return the labels each row ticked in a multi-response set; None: unanswered."""
        from tracktr.survey._cells import ticked_rows

        shared = self.columns.ticked
        if question.id not in shared:
            shared[question.id] = ticked_rows(question, self.columns.data)
        if self.rows is None:
            return shared[question.id]
        return [r for r, keep in zip(shared[question.id], self.rows.tolist(), strict=True) if keep]


def _split(option: str) -> list[str]:
    return [part.strip() for part in option.split(";") if part.strip()]


def _question_counts(
    data: _Answers, survey: Any, question: str, option: str
) -> tuple[int, int] | None:
    """Respondents who chose any of `option` and respondents who answered, or None."""
    spec = survey.spec(question)
    if spec.type in ("single", "ordinal"):
        answered = data.answered(question)
        chosen = data.chosen(question, _split(option)) if option else answered
        return int((chosen & answered).sum()), int(answered.sum())
    if spec.type == "multi":
        return _multi_counts(data, survey.question(question), option)
    if spec.type == "grid":
        return _grid_counts(data, spec, option)
    return None


def _multi_counts(data: _Answers, question: Any, option: str) -> tuple[int, int] | None:
    rows = data.ticked(question)
    answered = [r is not None and len(r) > 0 for r in rows]
    wanted = set(_split(option))
    chosen = [r is not None and bool(wanted & set(r)) for r in rows] if wanted else answered
    return sum(chosen), sum(answered)


def _grid_counts(data: _Answers, spec: Any, option: str) -> tuple[int, int] | None:
    by_item = dict(zip(spec.items, spec.columns, strict=True))
    parts: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for part in _split(option):
        item, sep, scale = part.partition(":")
        if sep and item.strip() in by_item:
            current = (by_item[item.strip()], [scale.strip()])
            parts.append(current)
        elif current is not None:
            current[1].append(part)
        else:
            return None  # a scale point without an item: an average over items
    if not parts:
        answered = np.logical_or.reduce([data.answered(c) for c in spec.columns])
        return int(answered.sum()), int(answered.sum())
    chosen = np.zeros(len(data), dtype=bool)
    answered = np.zeros(len(data), dtype=bool)
    for column, points in parts:
        ok = data.answered(column)
        answered |= ok
        chosen |= ok & data.chosen(column, points)
    return int(chosen.sum()), int(answered.sum())


def _figure_row(
    figure: Figure, subsets: dict[str, _Answers], survey: Any
) -> tuple[dict[str, Any], tuple[int, int] | None]:
    """Start the comparison of one printed figure: its row, and what it counts, or None.

    The counts are ``(count, base)`` of the same figure in `subsets` (rows per group);
    None when the figure comes from no single question of one group, or prints nothing.
    """
    value = figure.value
    if figure.kind == "count" and value is None and figure.count is not None:
        value = float(figure.count)  # a count printed alone: its value is the count
    row: dict[str, Any] = {
        "figure": figure.figure,
        "where": figure.source if figure.source != "text" else f"section {figure.section}",
        "kind": figure.kind,
        "claim": figure.claim,
        "printed": math.nan if value is None else value,
        "reproduced": None,
        # pd.NA, as tt.reference.figures() holds an unprinted base (a nullable integer).
        "printed_base": pd.NA if figure.base is None else figure.base,
        "base": None,
        "status": "not recomputed",
        "note": "",
    }
    question, group = figure.question, figure.group
    if not question or ";" in question or group not in GROUPS:
        row["note"] = "describes no single question of one group"
        return row, None
    if value is None:
        row["note"] = "no printed value"
        return row, None
    counts = _question_counts(subsets[group], survey, question, figure.option)
    if counts is None:
        row["note"] = "an average over items or a numeric amount; see the tables"
        return row, None
    row["base"] = counts[1]
    if figure.kind == "percent" and counts[1] == 0:
        row["note"] = "nobody in the base"
        return row, None
    return row, counts


def _settle(row: dict[str, Any], figure: Figure, reproduced: float, flagged: set[str]) -> None:
    """Finish a figure's row: the reproduced value beside the printed one, and a status."""
    base = row["base"]
    if figure.kind == "count":
        # Both columns must hold counts: "58 organisations (67%)" prints a count and a share.
        row["printed"] = float(figure.count if figure.count is not None else row["printed"])
    printed = row["printed"]
    row["reproduced"] = reproduced
    base_ok = figure.base is None or figure.kind == "count" or figure.base == base
    if reproduced == printed and base_ok:
        row["status"] = "reproduced"
    elif figure.figure in flagged:
        row["status"] = "nearest possible"
        row["note"] = "the print is impossible or inconsistent (see findings)"
    else:
        row["status"] = "differs"
        if not base_ok:
            row["note"] = f"base {base}, printed n={figure.base}"


_RECOMPUTED = ("base", "percent", "count")


def _shares(pairs: Sequence[tuple[int, int]], decimals: int) -> list[int]:
    """Return ``count / base`` as half-up percentage units for each pair, in one call.

    Each pair is a table of one cell (a row of a 2-D call) with its own base: the same
    units as one :func:`tracktr.rounding.percentage_units` call per pair.
    """
    if not pairs:
        return []
    tallies = np.array([[count] for count, _ in pairs], dtype=np.int64)
    bases = np.array([base for _, base in pairs], dtype=np.int64)
    units: list[int] = percentage_units(tallies, bases, decimals=decimals)[:, 0].tolist()
    return units


def figure_rows(
    frame: pd.DataFrame, survey: Any, figures: Iterable[Figure], flagged: set[str]
) -> list[dict[str, Any]]:
    """Return one comparison row per base, percentage and count of `figures`, in order.

    Each column is read once for every figure and group; a group is a mask of rows. The
    percentages are rounded together, one call of :func:`tracktr.rounding.percentage_units`
    per number of decimals, each figure a table of one cell with its own base.
    """
    whole = _Columns(frame)
    funding = frame["main_funding"].to_numpy(dtype=object)
    subsets = {
        group: _Answers(whole, None if value is None else funding == value)
        for group, value in GROUPS.items()
    }
    chosen = [f for f in figures if f.kind in _RECOMPUTED]
    started = [_figure_row(f, subsets, survey) for f in chosen]
    shares: dict[int, list[int]] = {}  # decimals -> positions of the percentages
    for i, (f, (_, counts)) in enumerate(zip(chosen, started, strict=True)):
        if counts is None:
            continue
        count, base = counts
        if f.kind == "percent":
            shares.setdefault(f.decimals, []).append(i)
        else:
            _settle(started[i][0], f, float(base if f.kind == "base" else count), flagged)
    for decimals, positions in shares.items():
        pairs = [counted for i in positions if (counted := started[i][1]) is not None]
        for i, unit in zip(positions, _shares(pairs, decimals), strict=True):
            _settle(started[i][0], chosen[i], int(unit) / 10**decimals, flagged)
    return [row for row, _ in started]


def flagged_figures(findings: pd.DataFrame) -> set[str]:
    """Figures whose print no data can give: flagged themselves, or in a flagged check.

    A finding about a whole printed distribution (Graph 11's shares sum to 106) flags
    every figure of that distribution.
    """
    from tracktr.reference import _checks

    bad = findings.loc[findings["verdict"].isin(["impossible", "inconsistent"]), "figure"]
    flagged = set(bad)
    for check in _checks():
        if check["id"] in flagged:
            flagged |= {cell[1] for cell in check.get("cells", ()) if isinstance(cell[1], str)}
    return flagged

"""The weighted figures of a weighted tab book in the reader's model, beside its counts.

A weighted tab book is protected on its counts of organisations: the threshold counts
organisations, and the model grants the reader the count behind every figure shown. But
the book prints weighted figures, and the weights can be read off it: where every
respondent of a column has the same weight (weights made per region, as a one-margin rake
gives), the column's weighted base over its unweighted base is that weight, and each of its
weighted counts is the weight times the count. The total column's weighted counts are
sums over the regions, so each is a known sum of counts of organisations with other
coefficients than the counts' own sum: with weights 1 and 3, ``All b = 44`` printed beside
the regions' cells proved a hidden count of 1 to lie in 0 to 3 where the audit, without
the weights, said 0 to 7.

So the model holds the weighted figures too, as a reader reads them: every weighted table
the book prints, with its own links (groups add up to the total, options to the base, a
net to its options), is added to the model of counts as numbers of its own, and each
weighted number is tied to the count of organisations behind it by the weights of its
column. In a column of one weight ``w`` the weighted number is ``w`` times the count; in a
column whose weights vary, it lies between the smallest and the largest weight of the
column's respondents times the count. A weighted number needs no room of its own: the
threshold is about organisations, and its count beside it carries the requirement. The
two are printed in one cell, so a cell is shown with the marker when either is hidden.

Where no printed group has one weight (weights that vary within every group, as raking
on two margins gives), nothing is added: a reader reads no count off a weighted figure,
and the model stays that of the counts (in 80 random books, a reader who solved the
weighted figures with the range of the weights proved no hidden count narrower than the
audit did). What is not modelled: a reader who knows that the weights take a few values
(1 or 3) reasons on whole numbers, which a linear programme does not; the joint table of
two banners within an answer (region by funder among those who answered ``a``), whose
weighted and unweighted bases tell each funder group's regions, is not a table of the
book; and the tick patterns of a weighted multi-response set's nets are not tied to
their counts.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.disclosure._model import REMAINDER, Model, NetLink, Position, build
from tracktr.disclosure._variables import BASE_ROW
from tracktr.disclosure.suppression import ProtectedSet, Suppression
from tracktr.exceptions import DisclosureWarning
from tracktr.table import Table

if TYPE_CHECKING:
    from tracktr._tabbook_book import TabBook

__all__ = ["Printed", "WeightedFigures", "add_weighted_figures", "printed_tables"]

_SAME = 1e-9  # relative difference under which two mean weights are one weight


@dataclass(frozen=True, slots=True)
class WeightedFigures:
    """The weighted tables added to a model of counts, shown after the tables of counts.

    Attributes
    ----------
    tables : tuple of Table
        The weighted tables as printed, at positions ``first``, ``first + 1``, ... of
        the set passed to :func:`tracktr.disclosure.protection.solve`.
    counted : tuple of int
        For each, the position of the table of counts printed in the same cells.
    first : int
        The number of tables of counts.
    """

    tables: tuple[Table, ...]
    counted: tuple[int, ...]
    first: int

    def fold(self, protected: ProtectedSet) -> ProtectedSet:
        """Return the tables of counts, each hiding a cell where its weighted twin does.

        A count and its weighted figure are printed in one cell: either hidden hides the
        cell. The audit is that of the counts, and a cell hidden for its weighted figure
        only (its count published alone would be safe) has the weighted figure's row,
        with reason :data:`WEIGHTED`: its value and interval in weighted units.
        """
        folded = list(protected.tables[: self.first])
        for u, t in enumerate(self.counted):
            twin, mine = protected.tables[self.first + u], folded[t]
            shape = mine.suppressed
            cells = twin.suppressed.reindex(
                index=shape.index, columns=shape.columns, fill_value=False
            ).astype(bool)
            bases = twin.suppressed_bases.reindex(
                mine.suppressed_bases.index, fill_value=False
            ).astype(bool)
            rows = _weighted_only(twin, cells & ~shape, bases & ~mine.suppressed_bases)
            folded[t] = dataclasses.replace(
                mine,
                suppressed=(shape | cells).astype(bool),
                suppressed_bases=(mine.suppressed_bases | bases).astype(bool),
                cells=_appended(mine.cells, rows[mine.cells.columns]),
                checks=_appended(mine.checks, rows[mine.checks.columns]),
            )
        return dataclasses.replace(protected, tables=tuple(folded))


WEIGHTED = "weighted"
"""The audit's reason for a cell hidden for its weighted figure only (its count is safe)."""


def _weighted_only(twin: Suppression, cells: pd.DataFrame, bases: pd.Series) -> pd.DataFrame:
    """Return the weighted twin's audit rows of the cells and bases hidden for it alone."""
    found = twin.checks
    wanted = {(row, column) for column in cells.columns for row in cells.index[cells[column]]}
    hidden_bases = bases.index[bases.to_numpy(dtype=bool)]
    columns = twin.table.percent_axis == "columns"
    wanted |= {(BASE_ROW, b) if columns else (b, BASE_ROW) for b in hidden_bases}
    keep = [
        (row, column) in wanted for row, column in zip(found["row"], found["column"], strict=True)
    ]
    rows = found[np.asarray(keep, dtype=bool)].copy()
    rows["reason"] = WEIGHTED
    return rows


def _appended(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return frame
    return (
        pd.concat([frame, rows], ignore_index=True)
        if not frame.empty
        else rows.reset_index(drop=True)
    )


@dataclass(frozen=True, slots=True)
class Printed:
    """A weighted table printed in the cells of a table of counts, and its weights.

    Attributes
    ----------
    table : Table
        The weighted table as printed (the same labels as the table of counts).
    weights : dict
        For each line (column) label, the smallest and largest weight of the
        respondents it may hold; ``"All"``: of everyone, for a line not named.
    """

    table: Table
    weights: dict[Hashable, tuple[float, float]]


def printed_tables(
    book: TabBook,
    where: Sequence[tuple[int, int, str]],
    *,
    data: pd.DataFrame,
    weights: str | Sequence[float] | None,
    by: Mapping[str, str],
) -> list[Printed | None]:
    """Return the weighted table a book prints in the cells of each table of counts.

    `where` says, for each table of counts, its section, its block and what it holds
    (``"options"``, ``"nets"`` or ``"numeric"``: a numeric question's bases, which have
    none). Each column's weights are read in `data`: the rows of its group (the grouping
    column of its banner, in `by`), or every row for the total.
    """
    from tracktr.tabulate import TOTAL, _weights

    values = _weights(data, weights)  # the book's, checked when it was built
    out: list[Printed | None] = []
    ranges: dict[str, dict[Hashable, tuple[float, float]]] = {}
    for s, b, holds in where:
        block = book.sections[s].blocks[b]
        shown = {"options": block.table, "nets": block.nets}.get(holds)
        if shown is None or not shown.weighted or values is None:
            out.append(None)
            continue
        if block.banner not in ranges:
            ranges[block.banner] = _group_weights(data, np.asarray(values, dtype=float),
                                                  by.get(block.banner), TOTAL)  # fmt: skip
        out.append(Printed(shown, ranges[block.banner]))
    return out


def _group_weights(
    data: pd.DataFrame, values: npt.NDArray[np.float64], column: str | None, total: Hashable
) -> dict[Hashable, tuple[float, float]]:
    """Return the smallest and largest weight of each group of a banner, and of everyone."""
    out: dict[Hashable, tuple[float, float]] = {}
    if values.size:
        out[total] = (float(np.nanmin(values)), float(np.nanmax(values)))
    if column is None or column not in data.columns:
        return out
    frame = pd.DataFrame({"group": data[column].astype(object).to_numpy(), "w": values})
    for label, found in frame.dropna(subset=["group"]).groupby("group", sort=False)["w"]:
        out[label] = (float(found.min()), float(found.max()))
    return out


def add_weighted_figures(
    model: Model,
    counted: Sequence[Table],
    printed: Sequence[Printed | None],
    nets: Sequence[NetLink],
    *,
    threshold: int,
) -> WeightedFigures | None:
    """Add the printed weighted figures to a model of counts of organisations.

    `printed` holds, for each table of `counted`, the weighted table printed in its
    cells (the same labels) with its columns' weights, or None. Returns None, and adds
    nothing, when no weighted figure tells more than the counts: no weighted table, one
    weight for everyone, or no group of one weight whose bases may be printed (of
    `threshold` respondents or more).
    """
    pairs = [(t, shown) for t, shown in enumerate(printed) if shown is not None]
    twins = [_twin(shown.table, counted[t]) for t, shown in pairs]
    lines = [_lines(twin, shown.weights) for twin, (_, shown) in zip(twins, pairs, strict=True)]
    if not _weights_tell(twins, lines, threshold):
        return None
    at = {t: u for u, (t, _) in enumerate(pairs)}
    links = [
        NetLink(at[link.nets], at[link.options], link.members)
        for link in nets
        if link.nets in at and link.options in at
    ]
    with warnings.catch_warnings():
        # The same tables as the counts, weighted: the counts' model has said it already.
        warnings.simplefilter("ignore", DisclosureWarning)
        weighted = build(twins, nets=links)
    of = [t for t, _ in pairs]
    ties = [
        tie
        for u, (t, _) in enumerate(pairs)
        for tie in _ties(t, model, weighted.positions[u], twins[u], lines[u])
    ]
    _merge(model, weighted, of, ties)
    return WeightedFigures(tuple(twins), tuple(of), len(counted))


def _twin(shown: Table, counted: Table) -> Table:
    """Return the printed weighted table, with the organisations the model counts in it."""
    return dataclasses.replace(
        shown,
        unweighted_counts=counted.counts.reindex(
            index=shown.counts.index, columns=shown.counts.columns
        ),
        unweighted_bases=counted.bases.reindex(shown.bases.index),
        extra_notes=(),
    )


def _ratios(table: Table) -> list[tuple[float, float, float | None]]:
    """Return each line's smallest and largest mean weight, and its base's (None if empty).

    A line is a column (percentages down) or a row: the respondents of one base.
    """
    assert table.unweighted_counts is not None
    assert table.unweighted_bases is not None
    weighted = table.counts.to_numpy(dtype=float)
    people = table.unweighted_counts.to_numpy(dtype=float)
    if table.percent_axis != "columns":
        weighted, people = weighted.T, people.T
    base_w = table.bases.to_numpy(dtype=float)
    base_n = table.unweighted_bases.to_numpy(dtype=float)
    out: list[tuple[float, float, float | None]] = []
    for j in range(weighted.shape[1]):
        inside = people[:, j] > 0
        ratios = list(weighted[inside, j] / people[inside, j])
        own = float(base_w[j] / base_n[j]) if base_n[j] > 0 else None
        if own is not None:
            ratios.append(own)
        out.append((min(ratios), max(ratios), own) if ratios else (np.nan, np.nan, None))
    return out


Line = tuple[float, float]  # the smallest and largest weight of a line's respondents


def _lines(table: Table, weights: Mapping[Hashable, tuple[float, float]]) -> list[Line]:
    """Return the smallest and largest weight of each line's respondents (NaN: unknown).

    Read in the data: the weights of the line's group, or of everyone where its group is
    not found (a column with one respondent in each cell has cells of one mean weight
    whatever the weights, so its cells alone do not tell one weight). A hidden line may
    be empty, and its weighted figures are still tied to its counts. Without the data,
    the mean weights of its cells and base bound the line. One weight is exactly the
    base's mean weight.
    """
    from tracktr.tabulate import TOTAL

    columns = table.percent_axis == "columns"
    labels = list(table.counts.columns if columns else table.counts.index)
    out = []
    for label, (smallest, largest, own) in zip(labels, _ratios(table), strict=True):
        known = weights.get(label, weights.get(TOTAL))
        low, high = (
            (smallest, largest)
            if known is None
            else (float(np.fmin(smallest, known[0])), float(np.fmax(largest, known[1])))
        )
        out.append((own, own) if _one(low, high) and own is not None else (low, high))
    return out


def _one(low: float, high: float) -> bool:
    return high - low <= _SAME * max(1.0, abs(high))


def _weights_tell(tables: Sequence[Table], lines: Sequence[Sequence[Line]], threshold: int) -> bool:
    """Whether the weights tell a reader counts: a line of one weight, not everyone's.

    The reader reads a group's weight off its bases, so a group of one weight tells it
    only where its bases may be printed: not below the threshold (a group of one
    organisation has one weight, and its bases are hidden in every table). Where the
    weights vary within every line, a reader reads no count off a weighted figure (the
    guide says what the model leaves out then); where everyone has one weight, the
    weighted figures are the counts times it.
    """
    known: list[Line] = []
    told = False
    for table, found in zip(tables, lines, strict=True):
        assert table.unweighted_bases is not None  # a twin carries its counts' bases
        people = table.unweighted_bases.to_numpy(dtype=float)
        for n, line in zip(people, found, strict=True):
            if np.isfinite(line[0]):
                known.append(line)
                told = told or (_one(*line) and n >= threshold)
    if not told:
        return False
    low, high = min(line[0] for line in known), max(line[1] for line in known)
    return not _one(low, high)


@dataclass(frozen=True, slots=True)
class _Tie:
    """Weighted numbers (of the weighted model) and their counts (of the model of counts).

    The sum ``weighted`` lies between ``low`` and ``high`` times the sum ``count``: the
    smallest and largest weight of their respondents; one weight where they are equal.
    Most ties are one number and its count; those of the respondents a table leaves out
    are differences (the total less its groups).
    """

    table: int
    weighted: dict[int, float]
    count: dict[int, float]
    low: float
    high: float

    @property
    def one_weight(self) -> bool:
        return _one(self.low, self.high)

    @property
    def pair(self) -> tuple[int, int] | None:
        """The weighted number and its count, for a tie of one number each."""
        if len(self.weighted) == len(self.count) == 1:
            (w, a), (n, b) = next(iter(self.weighted.items())), next(iter(self.count.items()))
            if a == b == 1.0:
                return w, n
        return None


def _ties(
    t: int,
    model: Model,
    weighted: Mapping[Position, int],
    twin: Table,
    lines: Sequence[Line],
) -> list[_Tie]:
    """Return how the weighted numbers of a table are tied to its counts by the weights.

    One weight ``w``: the weighted number is ``w`` times the count. Weights that vary:
    between the smallest and the largest weight of the line's respondents times the
    count. The respondents printed beside a weighted base (``n=``) are the count of its
    base. Those in the total but in no group (less its groups) are weighed like
    everyone, and those in a base but in no row shown (the base less its rows) like
    their column.
    """
    from tracktr.tabulate import TOTAL

    counts = model.positions[t]
    columns = twin.percent_axis == "columns"
    out = []
    for position, w in weighted.items():
        what, i, j = position
        n = counts.get(("base", i, -1) if what == "n" else position)
        if n is None:
            continue
        if what == "n":  # the respondents of the base: the same number
            out.append(_Tie(t, {w: 1.0}, {n: 1.0}, 1.0, 1.0))
            continue
        low, high = lines[(j if columns else i) if what == "count" else i]
        if np.isfinite(low):  # else no weight is known: the line is left apart
            out.append(_Tie(t, {w: 1.0}, {n: 1.0}, low, high))
    if not columns:
        return out
    labels = list(twin.counts.columns)
    total = labels.index(TOTAL) if TOTAL in labels and len(labels) > 1 else None
    rows = len(twin.counts.index)

    def left_out(whole: Position, parts: list[Position], line: Line) -> None:
        if not all(p in counts and p in weighted for p in (whole, *parts)):
            return
        count = _difference(counts, whole, parts)
        if sum(c * model.values[k] for k, c in count.items()) > 0.5 and np.isfinite(line[0]):
            out.append(_Tie(t, _difference(weighted, whole, parts), count, *line))

    groups = [j for j in range(len(labels)) if j != total]
    if total is not None:
        for i in range(rows):
            left_out(("count", i, total), [("count", i, j) for j in groups], lines[total])
        left_out(("base", total, -1), [("base", j, -1) for j in groups], lines[total])
    if twin.partition:
        for j in range(len(labels)):
            left_out(("base", j, -1), [("count", i, j) for i in range(rows)], lines[j])
    return out


@dataclass(frozen=True, slots=True)
class _Numbers:
    """Where each number of the weighted model is in the model of counts.

    ``index``: a number added as it is; ``same``: a number of one weight, written as
    that weight times its count.
    """

    index: dict[int, int]
    same: dict[int, tuple[int, float]]

    def number(self, k: int) -> int:
        return self.index[k] if k in self.index else self.same[k][0]

    def terms(self, terms: Mapping[int, float]) -> dict[int, float]:
        out: dict[int, float] = {}
        for k, coef in terms.items():
            n, times = (self.index[k], 1.0) if k in self.index else self.same[k]
            out[n] = out.get(n, 0.0) + coef * times
        return {k: c for k, c in out.items() if abs(c) > 1e-12}


def _merge(model: Model, weighted: Model, of: Sequence[int], ties: Sequence[_Tie]) -> None:
    """Add the weighted model's numbers and links to `model`, tied to the counts.

    A weighted number of one weight ``w`` is ``w`` times its count: it is written so in
    every link, and not added (the cell shows the count's marker). Any other belongs, for
    the solvers, to the table of counts printed in the same cells (so it moves with
    them), is shown through its own weighted table, whose positions follow those of the
    tables of counts, and carries no requirement of its own (room 0): the count beside
    it does.
    """
    same: dict[int, tuple[int, float]] = {}
    for tie in ties:
        if tie.one_weight and (pair := tie.pair) is not None:
            same.setdefault(pair[0], (pair[1], tie.low))
    numbers = _Numbers(_append(model, weighted, of, same), same)
    for k, bases in enumerate(weighted.full_of):
        if k in numbers.index:
            model.full_of[numbers.index[k]] = [numbers.number(b) for b in bases]
    for positions in weighted.positions:
        model.positions.append({p: numbers.number(k) for p, k in positions.items()})
    for links, into in ((weighted.equations, model.equations),
                        (weighted.inequalities, model.inequalities)):  # fmt: skip
        for u, terms in links:
            if found := numbers.terms(terms):
                into.append((of[u], found))
    for tie in ties:
        pair = tie.pair
        if pair is not None and same.get(pair[0], (-1,))[0] == pair[1]:
            continue  # written as the weight times the count
        w = numbers.terms(tie.weighted)
        if tie.one_weight:
            model.equations.append((tie.table, _plus(w, _times(tie.count, -tie.low))))
        else:
            model.inequalities.append((tie.table, _plus(w, _times(tie.count, -tie.high))))
            model.inequalities.append((tie.table, _plus(_times(w, -1.0),
                                                        _times(tie.count, tie.low))))  # fmt: skip


def _append(
    model: Model, weighted: Model, of: Sequence[int], same: Mapping[int, tuple[int, float]]
) -> dict[int, int]:
    """Append the weighted numbers not written as a count; return where each went."""
    index: dict[int, int] = {}
    for k in range(weighted.size):
        if k in same:  # printed where its count is: in the tables of the weighted number
            model.tables[same[k][0]].update(of[u] for u in weighted.tables[k])
            continue
        index[k] = model.size
        kind = weighted.kinds[k]
        model.values.append(weighted.values[k])
        model.respondents.append(weighted.respondents[k])
        model.scale.append(weighted.scale[k] if kind == REMAINDER else 0.0)
        model.kinds.append(kind)
        model.tables.append({of[u] for u in weighted.tables[k]})
        model.full_of.append([])
        model.integral.append(weighted.integral[k])
    return index


def _difference(
    numbers: Mapping[Position, int], whole: Position, parts: Sequence[Position]
) -> dict[int, float]:
    """Return the terms of a whole less its parts (a number may be a part twice)."""
    out = {numbers[whole]: 1.0}
    for part in parts:
        k = numbers[part]
        out[k] = out.get(k, 0.0) - 1.0
    return out


def _times(terms: Mapping[int, float], factor: float) -> dict[int, float]:
    return {k: c * factor for k, c in terms.items()}


def _plus(a: Mapping[int, float], b: Mapping[int, float]) -> dict[int, float]:
    out = dict(a)
    for k, c in b.items():
        out[k] = out.get(k, 0.0) + c
    return out

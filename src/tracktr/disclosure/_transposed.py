"""A two-way table printed both ways round: ``crosstab(q, g)`` and ``crosstab(g, q)``.

The count of option ``a`` in group ``x`` of one is the count of ``x`` in group ``a`` of
the other: one number, which the model makes one variable (hidden in both tables or in
neither). Labels that match but counts that do not (other respondents) are not linked,
with a :class:`tracktr.DisclosureWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._variables import _same
from tracktr.exceptions import DisclosureWarning
from tracktr.table import Table
from tracktr.tabulate import TOTAL

Cell = tuple[int, int]  # (row, column) of a table's counts


@dataclass(frozen=True, slots=True)
class _Breakdown:
    """A table's labels (as printed) and counts, read once to match tables in pairs."""

    rows: list[str]
    columns: list[str]  # every column, All included
    groups: set[str]
    printed: list[npt.NDArray[np.float64]]  # counts (and a weighted table's respondents)
    weighted: bool

    @classmethod
    def of(cls, table: Table) -> _Breakdown | None:
        """None for a table that cannot be one side of a two-way table."""
        if table.percent_axis != "columns":
            return None
        rows = [str(r) for r in table.counts.index]
        columns = [str(c) for c in table.counts.columns]
        groups = {c for c, raw in zip(columns, table.counts.columns, strict=True) if raw != TOTAL}
        if len(rows) < 2 or len(groups) < 2:  # a two-way table, not a line
            return None
        if len(set(rows)) != len(rows) or len(set(columns)) != len(columns):
            return None
        return cls(rows, columns, groups, _printed_counts(table), table.weighted)


def _transposed_cells(tables: Sequence[Table]) -> dict[int, dict[Cell, tuple[int, Cell]]]:
    """Return, for a two-way table printed both ways round, where each cell was printed first.

    ``crosstab(g, q)`` prints the cells of ``crosstab(q, g)`` transposed: the count of
    option ``a`` in group ``x`` of one is that of ``x`` in group ``a`` of the other. A
    reader matches them by their labels and counts, so the model makes them one number
    (hidden in one, hidden in both). Labels that match but counts that do not (other
    respondents: a filter, a wave, other weights) are not linked, with a
    :class:`tracktr.DisclosureWarning`: the reader may know how the two relate.
    """
    shapes = [_Breakdown.of(table) for table in tables]
    out: dict[int, dict[Cell, tuple[int, Cell]]] = {}
    for u, second in enumerate(shapes):
        if second is None:
            continue
        unlinked = []
        for t, first in enumerate(shapes[:u]):
            pairs = None if first is None else _transposed_pairs(first, second)
            if first is None or pairs is None:
                continue
            if _same_cells(first, second, pairs):
                out[u] = {b: (t, a) for a, b in pairs}
                break
            if _nested(first, second, pairs):
                unlinked.append(t)
        if u not in out and unlinked:
            t = unlinked[0]
            first = shapes[t]
            assert first is not None
            msg = (
                f"tables {t} ({tables[t].question!r} by groups {sorted(first.groups)}) and "
                f"{u} ({tables[u].question!r} by groups {sorted(second.groups)}) print one "
                "two-way table both ways "
                "round, but of other respondents (the organisations behind each count of "
                "one are at most those of the other: a filter?), so the model does not "
                "link them, and a reader who knows how their respondents relate may narrow "
                "hidden numbers more than the audit shows.\n\nHint: publish the table one "
                "way round, or both ways from the same respondents."
            )
            warnings.warn(msg, DisclosureWarning, stacklevel=4)
    return out


def _transposed_pairs(first: _Breakdown, second: _Breakdown) -> list[tuple[Cell, Cell]] | None:
    """Return the cells (i, j) of `first` and (j', i') of `second` that print one count.

    None unless the options of each are the groups of the other: on each axis, the
    labels of one table include those of the other (a group nobody is in may not be
    printed), at least two of them. Cells whose labels only one table prints must be
    zero in it.
    """
    rows, their_rows = set(first.rows), set(second.rows)
    down, across = rows & second.groups, first.groups & their_rows
    if len(down) < 2 or len(across) < 2:  # a two-way table
        return None
    if down not in (rows, second.groups) or across not in (first.groups, their_rows):
        return None
    if not (_zero_outside(first, down, across) and _zero_outside(second, across, down)):
        return None
    row_at = {r: i for i, r in enumerate(second.rows)}
    mine_at = {c: j for j, c in enumerate(first.columns)}
    theirs_at = {c: j for j, c in enumerate(second.columns)}
    return [
        ((i, mine_at[c]), (row_at[c], theirs_at[r]))
        for i, r in enumerate(first.rows)
        if r in down
        for c in first.columns
        if c in across
    ]


def _zero_outside(table: _Breakdown, rows: set[str], groups: set[str]) -> bool:
    """Whether the table's cells outside these rows and groups are all zero."""
    counts = table.printed[0]
    return all(
        counts[i, j] == 0
        for i, r in enumerate(table.rows)
        for j, c in enumerate(table.columns)
        if c in table.groups and (r not in rows or c not in groups)
    )


def _same_cells(first: _Breakdown, second: _Breakdown, pairs: list[tuple[Cell, Cell]]) -> bool:
    """Whether the cells print the same counts (and, weighted, of the same respondents)."""
    if first.weighted != second.weighted:
        return False
    for mine, theirs in zip(first.printed, second.printed, strict=True):
        if not all(_same(float(mine[a]), float(theirs[b])) for a, b in pairs):
            return False
    return True


def _nested(first: _Breakdown, second: _Breakdown, pairs: list[tuple[Cell, Cell]]) -> bool:
    """Whether the respondents behind each cell of one are at most those of the other.

    As if one table were printed of some of the other's respondents (a filter, one
    wave of two), or of the same respondents weighted otherwise: a reader may link
    them, the model does not. Two questions that only share their labels seldom nest.
    """
    mine, theirs = first.printed[-1], second.printed[-1]
    a = np.array([mine[p] for p, _ in pairs])
    b = np.array([theirs[q] for _, q in pairs])
    return bool((a <= b).all() or (b <= a).all())


def _printed_counts(table: Table) -> list[npt.NDArray[np.float64]]:
    """Return the counts, and for a weighted table the respondents behind them too."""
    out = [table.counts.to_numpy(dtype=float)]
    if table.weighted and table.unweighted_counts is not None:
        people = table.unweighted_counts.reindex(
            index=table.counts.index, columns=table.counts.columns
        )
        out.append(people.to_numpy(dtype=float))
    elif table.weighted:
        out.append(np.full(out[0].shape, np.nan))  # unknown: never the same
    return out

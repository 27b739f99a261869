"""Cycles of breakdowns: the joint table of which three published tables are faces.

``crosstab(q, g)``, ``crosstab(q, h)`` and ``crosstab(g, h)`` published together are the
three two-way faces of one table of ``q`` by ``g`` by ``h``, which nobody prints but a
reader can solve for: its cells are not negative, which bounds hidden numbers more than
the links of :mod:`tracktr.disclosure._model` do. This module adds that joint table to the
reader's model as never-published unknowns, one per cell, with one more category on each
axis for the respondents a table leaves out (the variable missing, not asked, or in no
group shown): without it, the equations would be false for every survey with a missing
answer.

A grouping variable is known by its question where a table of it is in the set (its
options are the groups), else by its groups. Cycles the model does not close (faces
that fit no joint table, weighted and unweighted tables mixed, cycles of four tables or
more) are reported by a :class:`tracktr.DisclosureWarning`, as before.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._model import REMAINDER, Model
from tracktr.exceptions import DisclosureWarning
from tracktr.table import Table
from tracktr.tabulate import TOTAL

Node = Hashable  # a question's name, or the frozenset of a grouping variable's groups
Coordinates = tuple[int, int, int]

# Cells of joint tables a set may add to the model, about ten cycles of 10 x 9 x 9: each
# takes seconds to protect; beyond this, a cycle is left out and the warning says so.
_LIMIT = 12_000


@dataclass(frozen=True, slots=True)
class _Face:
    """One table of a cycle: which axis of the joint table its rows and columns are."""

    table: int
    rows: int  # axis of the joint table (0, 1 or 2)
    columns: int


def _breakdowns(tables: Sequence[Table]) -> dict[frozenset[Node], tuple[int, Node, Node]]:
    """Return each pair of variables a breakdown links: (its first table, rows, columns)."""
    questions = {
        frozenset(map(str, t.counts.index)): t.question
        for t in tables
        if t.percent_axis == "columns" and t.question
    }
    edges: dict[frozenset[Node], tuple[int, Node, Node]] = {}
    for t, table in enumerate(tables):
        groups = [str(c) for c in table.counts.columns if c != TOTAL]
        if table.percent_axis != "columns" or len(groups) < 2 or not table.question:
            continue
        rows: Node = table.question
        columns: Node = questions.get(frozenset(groups), frozenset(groups))
        edge = frozenset((rows, columns))
        if rows != columns and edge not in edges:
            edges[edge] = (t, rows, columns)
    return edges


def _neighbours(edges: dict[frozenset[Node], tuple[int, Node, Node]]) -> dict[Node, set[Node]]:
    out: dict[Node, set[Node]] = {}
    for a, b in edges:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def add_joint_tables(model: Model, tables: Sequence[Table]) -> set[frozenset[int]]:
    """Add the joint table of every cycle of three breakdowns; return their tables.

    A cycle is modelled only where its three tables are counts of one partition each
    (single-choice, percentages down the columns), all unweighted or all weighted, with
    the same categories wherever a variable appears, and where some joint table fits
    all three faces (one from different waves or filters does not, and is left out).
    The smallest are modelled first, up to `_LIMIT` cells of joint tables in all.
    """
    edges = _breakdowns(tables)
    adjacent = _neighbours(edges)
    trios: dict[frozenset[int], list[tuple[int, Node, Node]]] = {}
    for edge in edges:
        a, b = tuple(edge)
        for c in adjacent[a] & adjacent[b]:
            trio = [edges[frozenset(pair)] for pair in itertools.combinations((a, b, c), 2)]
            trios.setdefault(frozenset(t for t, _, _ in trio), sorted(trio, key=lambda e: e[0]))
    modelled: set[frozenset[int]] = set()
    room = _LIMIT
    for key, trio in sorted(trios.items(), key=lambda kv: (_size(tables, kv[1]), sorted(kv[0]))):
        size = _size(tables, trio)
        if size <= room and _add_cube(model, tables, trio):
            modelled.add(key)
            room -= size
    return modelled


def _size(tables: Sequence[Table], trio: list[tuple[int, Node, Node]]) -> int:
    """Return the number of cells of a cycle's joint table, with the left-out categories."""
    counts: dict[Node, int] = {}
    for t, rows, columns in trio:
        table = tables[t]
        counts[rows] = len(table.counts.index)
        counts[columns] = sum(c != TOTAL for c in table.counts.columns)
    return int(np.prod([n + 1 for n in counts.values()]))


def _fits(table: Table) -> bool:
    return table.partition and table.kind in ("single", "crosstab")


def _add_cube(model: Model, tables: Sequence[Table], trio: list[tuple[int, Node, Node]]) -> bool:
    """Add the joint table of three breakdowns to the model; False if it does not fit."""
    chosen = [tables[t] for t, _, _ in trio]
    if not all(_fits(t) for t in chosen) or len({t.weighted for t in chosen}) != 1:
        return False
    nodes: list[Node] = []
    for _, rows, columns in trio:
        nodes += [v for v in (rows, columns) if v not in nodes]
    categories: dict[int, list[str]] = {}
    faces = []
    for t, rows, columns in trio:
        table = tables[t]
        axes = (nodes.index(rows), nodes.index(columns))
        labels = (
            [str(v) for v in table.counts.index],
            [str(c) for c in table.counts.columns if c != TOTAL],
        )
        for axis, names in zip(axes, labels, strict=True):
            known = categories.setdefault(axis, names)
            if len(set(names)) != len(names) or set(known) != set(names):
                return False  # the same variable shown with other categories
        faces.append(_Face(t, *axes))
    equations = []
    seen: set[tuple[int, frozenset[Coordinates]]] = set()
    for face in faces:
        for t, whole, parts in _face_equations(model, tables, face, categories):
            # The All column of q by g and of q by h is one number: one equation.
            if (whole, frozenset(parts)) not in seen:
                seen.add((whole, frozenset(parts)))
                equations.append((t, whole, parts))
    cells = sorted({c for _, _, parts in equations for c in parts})
    weighted = chosen[0].weighted
    values = _joint_values(model, equations, cells, weighted=weighted)
    if values is None:
        return False
    index: dict[Coordinates, int] = {}
    for cell, value in zip(cells, values, strict=True):
        index[cell] = model.add(
            None,
            value=max(float(value), 0.0),
            respondents=np.nan,
            scale=model.scale[equations[0][1]],
            kind=REMAINDER,
            table=trio[0][0],
            integral=not weighted,
        )
        model.tables[index[cell]].update(t for t, _, _ in trio)
    for t, whole, parts in equations:
        terms = dict.fromkeys((index[c] for c in parts), 1.0)
        terms[whole] = -1.0
        model.equations.append((t, terms))
    return True


def _face_equations(
    model: Model, tables: Sequence[Table], face: _Face, categories: dict[int, list[str]]
) -> list[tuple[int, int, list[Coordinates]]]:
    """Return (table, published number, joint cells it sums) for every count of a face.

    A cell of the face sums its line of the joint table across the third variable,
    including those left out of the table of the other two; an ``All`` cell sums its
    whole slice, including those in no group shown. The last category of each axis
    (one past the options) is the respondents a table leaves out.
    """
    table = tables[face.table]
    other = 3 - face.rows - face.columns
    far = range(len(categories[other]) + 1)
    across = range(len(categories[face.columns]) + 1)

    def at(r: int, c: int, k: int) -> Coordinates:
        point = [0, 0, 0]
        point[face.rows], point[face.columns], point[other] = r, c, k
        return (point[0], point[1], point[2])

    out = []
    positions = model.positions[face.table]
    for i, label in enumerate(table.counts.index):
        r = categories[face.rows].index(str(label))
        for j, column in enumerate(table.counts.columns):
            if column == TOTAL:
                parts = [at(r, c, k) for c in across for k in far]
            else:
                c = categories[face.columns].index(str(column))
                parts = [at(r, c, k) for k in far]
            out.append((face.table, positions[("count", i, j)], parts))
    return out


def _joint_values(
    model: Model,
    equations: list[tuple[int, int, list[Coordinates]]],
    cells: list[Coordinates],
    *,
    weighted: bool,
) -> npt.NDArray[np.float64] | None:
    """Return one joint table that fits the faces (None if none does).

    Weighted faces must fit with their respondents too: tables weighted by different
    weights could fit one table of weighted sums by chance, but not both.
    """
    from scipy import sparse
    from scipy.optimize import linprog

    column = {c: p for p, c in enumerate(cells)}
    rows = [r for r, (_, _, parts) in enumerate(equations) for _ in parts]
    columns = [column[c] for _, _, parts in equations for c in parts]
    matrix = sparse.csr_array(
        (np.ones(len(rows)), (rows, columns)), shape=(len(equations), len(cells))
    )
    found = None
    for numbers in (model.values, model.respondents) if weighted else (model.values,):
        b = np.array([numbers[whole] for _, whole, _ in equations], dtype=float)
        if not np.isfinite(b).all():
            return None
        solved = linprog(
            np.zeros(len(cells)), A_eq=matrix, b_eq=b, bounds=(0, None), method="highs"
        )
        if solved.status != 0:
            return None
        found = np.asarray(solved.x, dtype=float) if found is None else found
    return found


def warn_open_cycles(tables: Sequence[Table], modelled: set[frozenset[int]]) -> None:
    """Warn when breakdowns close a cycle whose joint table the model does not hold.

    Three tables whose joint table is modelled close no open cycle. The graph of
    breakdowns is taken apart from its ends: a variable linked to one other, or to two
    that are linked to each other by a modelled cycle, adds nothing the model lacks.
    Whatever cannot be taken apart holds a cycle the audit may not see through (faces of
    no one table, or a cycle of four tables or more).
    """
    edges = _breakdowns(tables)
    adjacent = _neighbours(edges)
    removed = True
    while removed:
        removed = False
        for node in list(adjacent):
            near = adjacent[node]
            if len(near) == 2:
                a, b = tuple(near)
                trio = [frozenset((node, a)), frozenset((node, b)), frozenset((a, b))]
                if trio[2] not in edges or frozenset(edges[e][0] for e in trio) not in modelled:
                    continue
            elif len(near) > 2:
                continue
            for other in near:
                adjacent[other].discard(node)
            del adjacent[node]
            removed = True
    parent: dict[Node, Node] = {}

    def find(node: Node) -> Node:
        parent.setdefault(node, node)
        while parent[node] != node:
            node = parent[node]
        return node

    for edge, (t, rows, columns) in sorted(edges.items(), key=lambda kv: kv[1][0]):
        if not all(v in adjacent for v in edge):
            continue
        if find(rows) == find(columns):
            by = columns if isinstance(columns, str) else _groups(columns)
            msg = (
                f"table {t} ({rows} by {by}) closes a cycle of breakdowns with other tables "
                "of the set: together they are faces of one larger table, which the audit "
                "does not model (faces of no one table, weighted and unweighted tables, "
                "a cycle of four tables or more, or joint tables of more than "
                f"{_LIMIT:,} cells in all), so a reader with a solver may work "
                "out more than the audit shows.\n\nHint: publish at most two sides of each "
                "such cycle, or see 'A cycle of breakdowns' in the guide "
                "(docs/guide/protecting.rst)."
            )
            warnings.warn(msg, DisclosureWarning, stacklevel=3)
            return
        parent[find(rows)] = find(columns)


def _groups(node: Node) -> str:
    names = sorted(map(str, node)) if isinstance(node, frozenset) else [str(node)]
    return f"groups {', '.join(names)}"

"""Small-cell suppression: publish a table without identifying the organisations in it.

A survey of 151 organisations is small enough that a published count of 1 or 2 can point
at one organisation ("Only one organisation ... had a direct funding relationship with the
NPS"). :func:`suppress` hides every count below a threshold (primary suppression) and then
enough other cells (secondary suppression) that no hidden count can be worked out from the
totals that stay published: row totals (the ``All`` column), column bases and the overall
total.

How it works. The published totals are linear equations over the cells, together with
what is never published: the respondents of a row total who are in no group (their group
was not answered) and those of a base who are in no row shown. Put one node per
equation, one edge per cell between the equations it appears in (a cell in a line without
a published total joins a common "free" node): a hidden cell can be solved from the
published figures exactly when its edge is a *bridge* of the graph of hidden cells. So
every hidden cell must lie on a cycle of hidden cells; cycles are completed along the
cheapest path of non-zero cells (small cells first, totals only when nothing else will
do). Cells with a count of at least one can then all move by one along the cycle, so no
hidden count is pinned to a single integer. Finally an audit solves the published margins
as linear programmes (exact for these network constraints) and records the interval an
adversary can deduce for every hidden cell; if any interval is a single value, more cells
are hidden until none is.

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> df = pd.DataFrame({"size": ["Small"] * 40 + ["Medium"] * 2 + ["Large"] * 30})
>>> table = tt.frequencies(df, "size", options=["Small", "Medium", "Large"])
>>> tt.disclosure.suppress(table).display_frame()
            All
Small   56 (40)
Medium      [c]
Large       [c]
Base       n=72
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import InvalidOptionError
from tracktr.table import Table
from tracktr.tabulate import TOTAL

__all__ = ["DEFAULT_MARKER", "DEFAULT_THRESHOLD", "Suppression", "suppress"]

DEFAULT_THRESHOLD = 5
"""Counts from 1 to ``DEFAULT_THRESHOLD - 1`` are suppressed."""

DEFAULT_MARKER = "[c]"
"""The marker of a suppressed cell ("confidential", as the UK statistics code writes it)."""

BASE = "Base"
_FREE = ("free",)
_CELL_CAP = 10**9


@dataclass(frozen=True, slots=True)
class Suppression:
    """A table with small cells suppressed, and what was suppressed and why.

    Attributes
    ----------
    table : Table
        The table before suppression (its counts are not published).
    threshold : int
        Counts ``1 <= n < threshold`` were suppressed as primary cells.
    marker : str
        Shown in place of a suppressed count and its percentage.
    suppressed : pandas.DataFrame
        Booleans shaped like ``table.counts``: which cells are hidden.
    suppressed_bases : pandas.Series
        Booleans over ``table.bases``: which bases are hidden (only when no cheaper cell
        protects a small cell, and never for a base that holds no hidden cell).
    cells : pandas.DataFrame
        One row per hidden cell: ``row``, ``column``, ``count``, ``reason`` (``"primary"``
        or ``"secondary"``), ``protects`` (the primary cell a secondary cell protects),
        ``low`` and ``high``: the smallest and largest value the published figures allow.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> counts = pd.DataFrame({"CRC": [2, 10, 12], "NPS": [9, 11, 8]},
    ...                       index=["Yes", "No", "Don't know"])
    >>> table = tt.Table(counts=counts.assign(All=counts.sum(axis=1)),
    ...                  bases=pd.Series({"CRC": 24, "NPS": 28, "All": 52}))
    >>> result = tt.disclosure.suppress(table, threshold=3)
    >>> result
    Suppression(question='', threshold=3, primary=1, secondary=3, bases hidden=0)
    >>> result.display_frame()
                    CRC      NPS      All
    Yes             [c]      [c]  21 (11)
    No          42 (10)  39 (11)  40 (21)
    Don't know      [c]      [c]  38 (20)
    Base           n=24     n=28     n=52
    >>> result.cells[["row", "column", "count", "reason", "low", "high"]]
              row column  count     reason  low  high
    0         Yes    CRC      2    primary    0    11
    1         Yes    NPS      9  secondary    0    11
    2  Don't know    CRC     12  secondary    3    14
    3  Don't know    NPS      8  secondary    6    17
    """

    table: Table
    threshold: int
    marker: str
    suppressed: pd.DataFrame
    suppressed_bases: pd.Series
    cells: pd.DataFrame

    def __repr__(self) -> str:
        primary = int((self.cells["reason"] == "primary").sum())
        return (
            f"Suppression(question={self.table.question!r}, threshold={self.threshold}, "
            f"primary={primary}, secondary={len(self.cells) - primary}, "
            f"bases hidden={int(self.suppressed_bases.sum())})"
        )

    @property
    def hidden_percentages(self) -> pd.DataFrame:
        """Booleans shaped like the counts: percentages hidden (a hidden cell or base)."""
        hidden = self.suppressed.copy()
        if self.table.percent_axis == "columns":
            for column, flag in self.suppressed_bases.items():
                if flag:
                    hidden[column] = True
        else:
            for row, flag in self.suppressed_bases.items():
                if flag:
                    hidden.loc[row, :] = True
        return hidden

    @property
    def notes(self) -> tuple[str, ...]:
        """The table's notes and one saying what the marker means.

        The note on percentages summing to other than 100 is left out: it is written from
        the hidden counts.
        """
        kept = [n for n in self.table.notes if "because of rounding" not in n]
        kept.append(
            f"{self.marker}: suppressed to protect respondents: counts below "
            f"{self.threshold}, and further cells from which they could be worked out."
        )
        return tuple(kept)

    def display_frame(self) -> pd.DataFrame:
        """Return the published table as strings: "% (n)" cells, the marker where hidden.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}, index=["a", "b", "c"]),
        ...              bases=pd.Series({"n": 101}))
        >>> tt.disclosure.suppress(t).display_frame()["n"].tolist()
        ['[c]', '[c]', '59 (60)', 'n=101']
        """
        frame = self.table.to_frame(layout="report").astype(object)
        frame = frame.mask(self.hidden_percentages, self.marker)
        n = (
            self.table.unweighted_bases
            if self.table.unweighted_bases is not None
            else self.table.bases
        )
        shown_n = [
            self.marker if flag else f"n={_fmt(value)}"
            for flag, value in zip(
                self.suppressed_bases.to_numpy(dtype=bool), n.to_numpy(), strict=True
            )
        ]
        if self.table.percent_axis == "columns":
            base_row = pd.DataFrame([shown_n], columns=frame.columns, index=pd.Index([BASE]))
            return pd.concat([frame, base_row])
        frame[BASE] = shown_n
        return frame

    def to_frame(self) -> pd.DataFrame:
        """Return the hidden cells, one row each (the same as `cells`).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}))
        >>> tt.disclosure.suppress(t).to_frame()["reason"].tolist()
        ['primary', 'secondary']
        """
        return self.cells.copy()

    def to_html(self) -> str:
        """Return the published table as accessible HTML (caption, base, notes).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}))
        >>> "<td>[c]</td>" in tt.disclosure.suppress(t).to_html()
        True
        """
        from tracktr.io.report import table_html

        return table_html(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_excel(self, path_or_writer: object, *, sheet: str | None = None) -> None:
        """Write the published table to an Excel sheet (see :func:`tracktr.io.write_table`).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}),
        ...              question="q")
        >>> tt.disclosure.suppress(t).to_excel(pathlib.Path(tempfile.mkdtemp()) / "q.xlsx")
        """
        from tracktr.io.excel import write_table

        write_table(self, path_or_writer, sheet=sheet)

    def to_latex(self, *, label: str | None = None) -> str:
        r"""Return the published table as a LaTeX float (see :func:`tracktr.io.table_to_latex`).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}))
        >>> "[c]" in tt.disclosure.suppress(t).to_latex()
        True
        """
        from tracktr.io.latex import table_to_latex

        return table_to_latex(self, label=label)

    def to_markdown(self) -> str:
        """Return the published table as Markdown, with its notes.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}, index=["a", "b", "c"]),
        ...              bases=pd.Series({"n": 101}), small_base=0)
        >>> print(tt.disclosure.suppress(t).to_markdown())
        |      | n       |
        |------|---------|
        | a    | [c]     |
        | b    | [c]     |
        | c    | 59 (60) |
        | Base | n=101   |
        <BLANKLINE>
        - Base: respondents who answered (n=101).
        - Percentages are rounded half-up to whole numbers.
        - [c]: suppressed to protect respondents: counts below 5, and further cells ...
        """
        frame = self.display_frame()
        header = ["", *(str(c) for c in frame.columns)]
        rows = [
            [str(i), *(str(v) for v in row)]
            for i, row in zip(frame.index, frame.to_numpy(), strict=True)
        ]
        widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]

        def line(cells: list[str]) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

        lines = [f"**{self.table.title}**", ""] if self.table.title else []
        lines.append(line(header))
        lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        lines += [line(r) for r in rows]
        lines.append("")
        lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines)


# -- the published equations ----------------------------------------------------------------

Pos = tuple[int, int]
Key = tuple[str, int, int]  # ("count", row, column) or ("base", k, -1) of the Table


@dataclass(frozen=True, slots=True)
class _Model:
    """The table extended by a row and a column of remainders that are never published.

    Rows are the table's rows, then V (respondents in a base but in no row shown), then B
    (the bases, when they are column totals). Columns are the groups, then W (respondents
    in the ``All`` column but in no group), then T (row totals: the ``All`` column, or a
    grid's row bases). Every existing row sums to its T cell, every existing column to its
    B cell, where the table publishes those totals.
    """

    values: npt.NDArray[np.float64]
    exists: npt.NDArray[np.bool_]
    published: dict[Pos, Key]
    row_eq: bool
    col_eq: bool
    upper: dict[Pos, float]
    cost: dict[Pos, float]

    @property
    def shape(self) -> tuple[int, int]:
        """The shape of the extended table."""
        n, m = self.values.shape
        return int(n), int(m)

    def row_node(self, pos: Pos) -> tuple[Any, ...]:
        """Return the equation of a position's row (or the free node)."""
        return ("row", pos[0]) if self.row_eq else _FREE

    def col_node(self, pos: Pos) -> tuple[Any, ...]:
        """Return the equation of a position's column (or the free node)."""
        return ("col", pos[1]) if self.col_eq else _FREE


def _multi_bounds(
    bases: npt.NDArray[np.float64], groups: list[int], n: int, t: int
) -> dict[Pos, float]:
    """Bound each count of a multi-response set by its column's base."""
    g = len(groups)
    out: dict[Pos, float] = {}
    for i in range(n):
        for b, j in enumerate(groups):
            out[(i, b)] = float(bases[j])
        if t >= 0:
            out[(i, g + 1)] = float(bases[t])
            out[(i, g)] = max(float(bases[t] - bases[groups].sum()), 0.0)
    return out


def _columns_totals(
    table: Table,
    *,
    values: npt.NDArray[np.float64],
    exists: npt.NDArray[np.bool_],
    published: dict[Pos, Key],
    upper: dict[Pos, float],
    has_total: bool,
    use_bases: bool,
) -> tuple[bool, bool]:
    """Fill the totals of a table percentaged down its columns; return the equations used."""
    counts = table.counts.to_numpy(dtype=float)
    bases = table.bases.to_numpy(dtype=float)
    n, m = counts.shape
    t = list(table.counts.columns).index(TOTAL) if has_total else -1
    groups = [j for j in range(m) if j != t]
    g = len(groups)
    v_row, b_row, w_col, t_col = n, n + 1, g, g + 1
    row_eq, col_eq = has_total, use_bases and table.partition
    if has_total:
        values[:n, t_col] = counts[:, t]
        values[:n, w_col] = counts[:, t] - counts[:, groups].sum(axis=1)
        exists[:n, w_col] = exists[:n, t_col] = True
        for i in range(n):
            published[(i, t_col)] = ("count", i, t)
    if col_eq:
        values[b_row, :g] = bases[groups]
        values[v_row, :g] = bases[groups] - counts[:, groups].sum(axis=0)
        exists[v_row, :g] = exists[b_row, :g] = True
        for b, j in enumerate(groups):
            published[(b_row, b)] = ("base", j, -1)
        if has_total:
            values[b_row, t_col] = bases[t]
            values[v_row, t_col] = bases[t] - counts[:, t].sum()
            values[b_row, w_col] = bases[t] - bases[groups].sum()
            values[v_row, w_col] = values[v_row, t_col] - values[v_row, :g].sum()
            exists[v_row:, w_col:] = True
            published[(b_row, t_col)] = ("base", t, -1)
    if not table.partition:
        upper.update(_multi_bounds(bases, groups, n, t))
    return row_eq, col_eq


def _costs(
    values: npt.NDArray[np.float64], published: dict[Pos, Key], t_col: int
) -> dict[Pos, float]:
    """Price each published number: a cell's count; row totals dear; bases dearest."""
    grand = float(np.abs(values).sum()) + 1.0
    cost: dict[Pos, float] = {}
    for pos, key in published.items():
        value = float(values[pos])
        if key[0] == "base":
            cost[pos] = grand * 1e6 + value
        elif pos[1] == t_col:
            cost[pos] = grand * 1e3 + value
        else:
            cost[pos] = value
    return cost


def _model(table: Table, *, use_total: bool = True, use_bases: bool = True) -> _Model:
    counts = table.counts.to_numpy(dtype=float)
    bases = table.bases.to_numpy(dtype=float)
    n, m = counts.shape
    columns = list(table.counts.columns)
    by_columns = table.percent_axis == "columns"
    has_total = use_total and by_columns and TOTAL in columns and m > 1
    t = columns.index(TOTAL) if has_total else -1
    groups = [j for j in range(m) if j != t]
    g = len(groups)
    w_col, t_col = g, g + 1
    values = np.zeros((n + 2, g + 2))
    exists = np.zeros((n + 2, g + 2), dtype=bool)
    published: dict[Pos, Key] = {}
    upper: dict[Pos, float] = {}
    values[:n, :g] = counts[:, groups]
    exists[:n, :g] = True
    for i in range(n):
        for b, j in enumerate(groups):
            published[(i, b)] = ("count", i, j)
    if by_columns:
        row_eq, col_eq = _columns_totals(
            table,
            values=values,
            exists=exists,
            published=published,
            upper=upper,
            has_total=has_total,
            use_bases=use_bases,
        )
    else:
        row_eq, col_eq = use_bases and table.partition, False
        if row_eq:
            values[:n, t_col] = bases
            values[:n, w_col] = bases - counts.sum(axis=1)
            exists[:n, w_col] = exists[:n, t_col] = True
            for i in range(n):
                published[(i, t_col)] = ("base", i, -1)
    remainders = values[exists] if exists.any() else np.zeros(0)
    if (remainders < 0).any():
        # Totals that are not sums of the cells (an "All" column that is not a total, bases
        # smaller than their columns): drop those equations rather than assume them.
        if use_total and has_total and (values[:n, w_col] < 0).any():
            return _model(table, use_total=False, use_bases=use_bases)
        if use_bases:
            return _model(table, use_total=use_total, use_bases=False)
    cost = _costs(values, published, t_col)
    return _Model(values, exists, published, row_eq, col_eq, upper, cost)


# -- secondary suppression -------------------------------------------------------------------


def _edges(model: _Model, positions: Iterable[Pos]) -> list[tuple[Pos, Any, Any]]:
    return [(p, model.row_node(p), model.col_node(p)) for p in positions]


def _connected(edges: list[tuple[Pos, Any, Any]], skip: Pos, start: Any, goal: Any) -> bool:
    adjacency: dict[Any, list[Any]] = {}
    for pos, u, v in edges:
        if pos == skip:
            continue
        adjacency.setdefault(u, []).append(v)
        adjacency.setdefault(v, []).append(u)
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for other in adjacency.get(node, []):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return False


def _virtual(model: _Model) -> list[Pos]:
    """Unpublished remainders that are not zero: unknown to any reader, free to move."""
    n, m = model.shape
    return [
        (a, b)
        for a in range(n)
        for b in range(m)
        if model.exists[a, b] and (a, b) not in model.published and model.values[a, b] > 0
    ]


def _bridges(model: _Model, hidden: Iterable[Pos]) -> list[Pos]:
    reported = sorted(hidden)
    edges = _edges(model, [*reported, *_virtual(model)])
    return [
        p
        for p in reported
        if model.row_node(p) != model.col_node(p)
        and not _connected(edges, p, model.row_node(p), model.col_node(p))
    ]


def _cheapest_path(
    model: _Model, hidden: set[Pos], bridge: Pos, usable: set[Pos]
) -> list[Pos] | None:
    """Dijkstra between the ends of `bridge` over hidden (free) and usable (costed) cells."""
    adjacency: dict[Any, list[tuple[float, Pos, Any]]] = {}
    free = hidden | set(_virtual(model))
    for pos in sorted(free | usable):
        if pos == bridge:
            continue
        step = 0.0 if pos in free else model.cost[pos] + 1.0
        u, v = model.row_node(pos), model.col_node(pos)
        adjacency.setdefault(u, []).append((step, pos, v))
        adjacency.setdefault(v, []).append((step, pos, u))
    start, goal = model.row_node(bridge), model.col_node(bridge)
    best: dict[Any, float] = {start: 0.0}
    previous: dict[Any, tuple[Pos, Any]] = {}
    heap: list[tuple[float, int, Any]] = [(0.0, 0, start)]
    done: set[Any] = set()
    tick = 0
    while heap:
        cost, _, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        if node == goal:
            break
        for step, pos, other in adjacency.get(node, []):
            total = cost + step
            if other not in best or total < best[other]:
                best[other] = total
                previous[other] = (pos, node)
                tick += 1
                heapq.heappush(heap, (total, tick, other))
    if goal not in done:
        return None
    path: list[Pos] = []
    node = goal
    while node != start:
        pos, node = previous[node]
        path.append(pos)
    return [p for p in path if p not in free]


# -- the audit -------------------------------------------------------------------------------


def _audit(model: _Model, hidden: set[Pos]) -> dict[Pos, tuple[float, float]]:
    """Min and max of every hidden published number, solving all that is published.

    The unknowns are the hidden cells and every unpublished remainder; the constraints
    are the published cells and totals. The constraint matrix is a network matrix, so
    the linear programmes have integral optima: these are the integer bounds.
    """
    from scipy.optimize import linprog

    if not hidden:
        return {}
    n, m = model.shape
    unknown = sorted(
        hidden
        | {
            (a, b)
            for a in range(n)
            for b in range(m)
            if model.exists[a, b] and (a, b) not in model.published
        }
    )
    index = {pos: k for k, pos in enumerate(unknown)}
    rows: list[npt.NDArray[np.float64]] = []
    rhs: list[float] = []

    def equation(terms: list[tuple[Pos, float]]) -> None:
        coefficients = np.zeros(len(unknown))
        constant = 0.0
        for pos, sign in terms:
            if pos in index:
                coefficients[index[pos]] += sign
            else:
                constant += sign * float(model.values[pos])
        if coefficients.any():
            rows.append(coefficients)
            rhs.append(-constant)

    total_col, base_row = m - 1, n - 1
    if model.row_eq:
        for a in range(n):
            if model.exists[a, total_col]:
                cells = [(a, b) for b in range(m - 1) if model.exists[a, b]]
                equation([*((p, 1.0) for p in cells), ((a, total_col), -1.0)])
    if model.col_eq:
        for b in range(m):
            if model.exists[base_row, b]:
                cells = [(a, b) for a in range(n - 1) if model.exists[a, b]]
                equation([*((p, 1.0) for p in cells), ((base_row, b), -1.0)])
    bounds = [(0.0, model.upper.get(pos, float(_CELL_CAP))) for pos in unknown]
    a_eq = np.vstack(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    out: dict[Pos, tuple[float, float]] = {}
    for pos in sorted(hidden):
        objective = np.zeros(len(unknown))
        objective[index[pos]] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if low.status != 0 or high.status != 0:  # pragma: no cover - inconsistent totals
            out[pos] = (np.nan, np.nan)
            continue
        out[pos] = (float(round(low.fun)), float(round(-high.fun)))
    return out


# -- the public function ---------------------------------------------------------------------


def suppress(
    table: Table,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    secondary: bool = True,
    marker: str = DEFAULT_MARKER,
) -> Suppression:
    """Suppress small counts, and the cells from which they could be worked out.

    Parameters
    ----------
    table : Table
        The table to publish. A table's ``All`` column holds row totals; with
        ``percent_axis="columns"`` and a partition, each base is the total of its column;
        for a grid, each base is the total of its row. These totals stay published.
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are hidden (primary suppression). Zero counts
        are published: they identify no one.
    secondary : bool, default True
        Also hide the cheapest further cells (small ones first; row totals and bases only
        when nothing else will do) so that no hidden count can be recovered from the
        published totals. ``False`` hides the small cells only, which a reader can often
        undo by subtraction.
    marker : str, default "[c]"
        Shown in place of a hidden count and its percentage.

    Returns
    -------
    Suppression
        The hidden cells with the reason for each and the interval (``low``, ``high``)
        an adversary can deduce from the published figures; ``display_frame()`` gives the
        table as published.

    Raises
    ------
    tracktr.InvalidOptionError
        For a threshold below 1, or a table with an ``AVERAGE`` row (suppress the item
        rows before averaging them).

    Notes
    -----
    The algorithm is deterministic: the same table and threshold always hide the same
    cells. After secondary suppression every hidden count lies on a cycle of hidden,
    non-zero cells in the graph of published equations, so it can move by one in either
    direction without changing any published figure; the audit confirms this by linear
    programming (integral here, because the constraints form a network matrix).

    What is never published stays unknown to the adversary: respondents in the ``All``
    column whose group is missing, and respondents in a base but in no row shown. In a
    multi-response table each count is also at most its base; a cell equal to its base
    can only move down, so such cells are not used as complements, and the audit hides
    more cells while any interval is a single value. Weighted tables are suppressed on
    their weighted counts.

    References
    ----------
    Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley, chapter 4
    (cell suppression in tabular data). https://doi.org/10.1002/9781118348239

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"funder": ["CRC"] * 20 + ["NPS"] * 7,
    ...                    "size": ["Small"] * 18 + ["Large"] * 2 + ["Small"] * 4 + ["Large"] * 3})
    >>> table = tt.crosstab(df, "size", "funder")
    >>> result = tt.disclosure.suppress(table, threshold=3)
    >>> result.suppressed
            CRC   NPS    All
    Large  True  True  False
    Small  True  True  False
    >>> result.cells[["row", "column", "count", "reason", "low", "high"]]
         row column  count     reason  low  high
    0  Large    CRC      2    primary    0     5
    1  Large    NPS      3  secondary    0     5
    2  Small    CRC     18  secondary   15    20
    3  Small    NPS      4  secondary    2     7
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int | np.integer) or threshold < 1:
        msg = f"`threshold` must be a whole number of at least 1; got {threshold!r}."
        raise InvalidOptionError(msg)
    if table.summary_rows:
        msg = (
            f"table {table.question!r} has summary rows {list(table.summary_rows)}, which are "
            "computed from every item and would reveal suppressed cells.\n\n"
            "Hint: tabulate the grid without `average=True`, suppress, then average what is "
            "published."
        )
        raise InvalidOptionError(msg)
    model = _model(table)
    hidden: dict[Pos, tuple[str, Pos | None]] = {
        pos: ("primary", None)
        for pos, key in sorted(model.published.items())
        if key[0] == "count" and 0 < model.values[pos] < threshold
    }
    if secondary and hidden:
        _protect(model, hidden)
    intervals = _audit(model, set(hidden))
    return _result(
        table,
        threshold=threshold,
        marker=marker,
        model=model,
        hidden=hidden,
        intervals=intervals,
    )


def _label(table: Table, key: Key) -> str:
    if key[0] == "base":
        return f"{BASE} of {table.bases.index[key[1]]}"
    return f"{table.counts.index[key[1]]} / {table.counts.columns[key[2]]}"


def _protect(model: _Model, hidden: dict[Pos, tuple[str, Pos | None]]) -> None:
    """Hide complementary cells until no hidden cell is a bridge, then until none is pinned."""

    def usable(pos: Pos) -> bool:
        value = float(model.values[pos])
        return value > 0 and value < model.upper.get(pos, np.inf)

    published = sorted(model.published)
    for _ in range(4 * len(published) + 4):
        bridges = _bridges(model, hidden)
        if not bridges:
            break
        bridge = bridges[0]
        candidates = {p for p in published if p not in hidden and usable(p)}
        path = _cheapest_path(model, set(hidden), bridge, candidates)
        if path is None:
            candidates = {p for p in published if p not in hidden and model.values[p] > 0}
            path = _cheapest_path(model, set(hidden), bridge, candidates)
        if path is None:  # a line total always offers a path; keep the audit honest anyway
            break
        for pos in path:
            hidden.setdefault(pos, ("secondary", bridge))
    # The audit catches what the graph cannot see (bounds of multi-response counts).
    for _ in range(len(published)):
        intervals = _audit(model, set(hidden))
        pinned = [p for p, (low, high) in intervals.items() if low == high]
        if not pinned:
            return
        pos = pinned[0]
        spare = [p for p in published if p not in hidden and model.values[p] > 0]
        lines = [p for p in spare if p[0] == pos[0] or p[1] == pos[1]]
        choice = min(lines or spare, key=lambda p: (model.cost[p], p), default=None)
        if choice is None:
            return
        hidden[choice] = ("secondary", pos)


def _result(
    table: Table,
    *,
    threshold: int,
    marker: str,
    model: _Model,
    hidden: dict[Pos, tuple[str, Pos | None]],
    intervals: dict[Pos, tuple[float, float]],
) -> Suppression:
    mask = pd.DataFrame(False, index=table.counts.index, columns=table.counts.columns)
    base_mask = pd.Series(False, index=table.bases.index)
    rows: list[dict[str, Any]] = []
    keyed = sorted(hidden, key=lambda p: (model.published[p][0] != "count", model.published[p]))
    for pos in keyed:
        key = model.published[pos]
        reason, protects = hidden[pos]
        row: Hashable
        column: Hashable
        if key[0] == "count":
            mask.iloc[key[1], key[2]] = True
            row, column = table.counts.index[key[1]], table.counts.columns[key[2]]
        else:
            base_mask.iloc[key[1]] = True
            if table.percent_axis == "columns":
                row, column = BASE, table.bases.index[key[1]]
            else:
                row, column = table.bases.index[key[1]], BASE
        low, high = intervals.get(pos, (np.nan, np.nan))
        value = float(model.values[pos])
        rows.append(
            {
                "row": row,
                "column": column,
                "count": int(value) if value.is_integer() else value,
                "reason": reason,
                "protects": "" if protects is None else _label(table, model.published[protects]),
                "low": low,
                "high": high,
            }
        )
    frame = pd.DataFrame(
        rows, columns=["row", "column", "count", "reason", "protects", "low", "high"]
    )
    if len(frame) and frame[["low", "high"]].notna().all().all():
        frame = frame.astype({"low": "int64", "high": "int64"})
    return Suppression(
        table=table,
        threshold=int(threshold),
        marker=marker,
        suppressed=mask,
        suppressed_bases=base_mask,
        cells=frame,
    )


def _fmt(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    if np.isnan(number):
        return "n/a"
    return str(int(number)) if number.is_integer() else f"{number:.1f}"

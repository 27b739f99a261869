"""Small-cell suppression: publish a table without identifying the organisations in it.

A survey of 151 organisations is small enough that a published count of 1 or 2 can point
at one organisation ("Only one organisation ... had a direct funding relationship with the
NPS"). :func:`suppress` hides every count below a threshold (primary suppression) and then
enough other cells (secondary suppression) that no hidden count can be worked out from the
totals that stay published: row totals (the ``All`` column), column bases and the overall
total.

How it works. The published totals are linear equations over the cells. Put one node per
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
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable
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


# -- the structure of published totals -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cell:
    """One published number: a count cell or a base, and the equations it appears in."""

    key: tuple[str, int, int]  # ("count", i, j) or ("base", k, -1)
    value: float
    row_node: tuple[Any, ...]
    col_node: tuple[Any, ...]
    cost: float


@dataclass(frozen=True, slots=True)
class _Structure:
    counts: npt.NDArray[np.float64]
    bases: npt.NDArray[np.float64]
    has_total: bool
    total_col: int
    row_eq: bool
    col_eq: bool
    upper: bool  # multi-response: each count is at most its column's base


def _structure(table: Table) -> _Structure:
    counts = table.counts.to_numpy(dtype=float)
    bases = table.bases.to_numpy(dtype=float)
    columns = list(table.counts.columns)
    by_columns = table.percent_axis == "columns"
    has_total = by_columns and TOTAL in columns and len(columns) > 1
    total_col = columns.index(TOTAL) if has_total else -1
    return _Structure(
        counts=counts,
        bases=bases,
        has_total=has_total,
        total_col=total_col,
        row_eq=has_total or (not by_columns and table.partition),
        col_eq=by_columns and table.partition,
        upper=by_columns and not table.partition,
    )


def _cells(s: _Structure) -> list[_Cell]:
    """Every publishable number as an edge between the equations it appears in."""
    n_rows, n_cols = s.counts.shape
    grand = float(np.nansum(s.bases)) + 1.0
    out: list[_Cell] = []
    by_rows = not s.col_eq and not s.upper  # percent_axis == "rows"
    for i in range(n_rows):
        for j in range(n_cols):
            value = float(s.counts[i, j])
            is_total = j == s.total_col
            row_node: tuple[Any, ...] = ("row", i) if s.row_eq else _FREE
            col_node: tuple[Any, ...] = ("col", j) if s.col_eq else _FREE
            if is_total:
                # A row total: the right-hand side of row i's equation.
                col_node = ("col", j) if s.col_eq else _FREE
            cost = value + (grand * 1e3 if is_total else 0.0)
            out.append(_Cell(("count", i, j), value, row_node, col_node, cost))
    if s.col_eq:
        for k, value in enumerate(s.bases):
            row_node = ("row", "bases") if s.has_total else _FREE
            out.append(_Cell(("base", k, -1), float(value), row_node, ("col", k), grand * 1e6))
    elif by_rows and s.row_eq:
        for k, value in enumerate(s.bases):
            out.append(_Cell(("base", k, -1), float(value), ("row", k), _FREE, grand * 1e6))
    return out


# -- secondary suppression -------------------------------------------------------------------


def _connected_without(
    edges: list[_Cell], skip: tuple[str, int, int], start: tuple[Any, ...], goal: tuple[Any, ...]
) -> bool:
    adjacency: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for cell in edges:
        if cell.key == skip:
            continue
        adjacency.setdefault(cell.row_node, []).append(cell.col_node)
        adjacency.setdefault(cell.col_node, []).append(cell.row_node)
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


def _bridges(hidden: list[_Cell]) -> list[_Cell]:
    return [
        cell
        for cell in hidden
        if cell.row_node != cell.col_node
        and not _connected_without(hidden, cell.key, cell.row_node, cell.col_node)
    ]


def _cheapest_path(
    cells: list[_Cell],
    hidden_keys: set[tuple[str, int, int]],
    bridge: _Cell,
    usable: set[tuple[str, int, int]],
) -> list[_Cell] | None:
    """Dijkstra from one end of `bridge` to the other over hidden (free) and usable cells."""
    adjacency: dict[tuple[Any, ...], list[tuple[float, int, _Cell, tuple[Any, ...]]]] = {}
    for order, cell in enumerate(cells):
        if cell.key == bridge.key:
            continue
        if cell.key in hidden_keys:
            cost = 0.0
        elif cell.key in usable:
            cost = cell.cost + 1.0
        else:
            continue
        adjacency.setdefault(cell.row_node, []).append((cost, order, cell, cell.col_node))
        adjacency.setdefault(cell.col_node, []).append((cost, order, cell, cell.row_node))
    start, goal = bridge.row_node, bridge.col_node
    best: dict[tuple[Any, ...], float] = {start: 0.0}
    previous: dict[tuple[Any, ...], tuple[_Cell, tuple[Any, ...]]] = {}
    heap: list[tuple[float, int, tuple[Any, ...]]] = [(0.0, -1, start)]
    done: set[tuple[Any, ...]] = set()
    while heap:
        cost, _, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        if node == goal:
            break
        for step, order, cell, other in adjacency.get(node, []):
            total = cost + step
            if other not in best or total < best[other]:
                best[other] = total
                previous[other] = (cell, node)
                heapq.heappush(heap, (total, order, other))
    if goal not in done:
        return None
    path: list[_Cell] = []
    node = goal
    while node != start:
        cell, node = previous[node]
        path.append(cell)
    return path


# -- the audit -------------------------------------------------------------------------------


def _audit(
    s: _Structure, hidden: set[tuple[str, int, int]]
) -> dict[tuple[str, int, int], tuple[float, float]]:
    """Min and max of every hidden number given everything published (linear programmes)."""
    from scipy.optimize import linprog

    keys = sorted(hidden)
    if not keys:
        return {}
    index = {key: n for n, key in enumerate(keys)}
    n_rows, n_cols = s.counts.shape
    rows: list[npt.NDArray[np.float64]] = []
    rhs: list[float] = []

    def value_of(key: tuple[str, int, int]) -> float:
        return float(s.counts[key[1], key[2]] if key[0] == "count" else s.bases[key[1]])

    def equation(terms: list[tuple[tuple[str, int, int], float]]) -> None:
        # sum(sign * x) + remainder = 0, where the remainder (respondents outside the
        # cells, e.g. with no group) is treated as known: the adversary is given more
        # than is published, never less.
        remainder = -sum(sign * value_of(key) for key, sign in terms)
        coefficients = np.zeros(len(keys))
        constant = remainder
        for key, sign in terms:
            if key in index:
                coefficients[index[key]] += sign
            else:
                constant += sign * value_of(key)
        if coefficients.any():
            rows.append(coefficients)
            rhs.append(-constant)

    groups = [j for j in range(n_cols) if j != s.total_col]
    if s.has_total:
        for i in range(n_rows):
            equation([*((("count", i, j), 1.0) for j in groups), (("count", i, s.total_col), -1.0)])
    if s.col_eq:
        for j in range(n_cols):
            equation([*((("count", i, j), 1.0) for i in range(n_rows)), (("base", j, -1), -1.0)])
        if s.has_total:
            equation([*((("base", j, -1), 1.0) for j in groups), (("base", s.total_col, -1), -1.0)])
    elif s.row_eq and not s.has_total:
        for i in range(n_rows):
            equation([*((("count", i, j), 1.0) for j in range(n_cols)), (("base", i, -1), -1.0)])
    upper = []
    for key in keys:
        if s.upper and key[0] == "count":
            upper.append(float(s.bases[key[2]]))
        else:
            upper.append(float(_CELL_CAP))
    bounds = [(0.0, u) for u in upper]
    a_eq = np.vstack(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    out: dict[tuple[str, int, int], tuple[float, float]] = {}
    for key in keys:
        objective = np.zeros(len(keys))
        objective[index[key]] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        out[key] = (round(float(low.fun)), round(float(-high.fun)))
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
    s = _structure(table)
    cells = _cells(s)
    by_key = {cell.key: cell for cell in cells}
    counts_keys = [c.key for c in cells if c.key[0] == "count"]
    primary = [k for k in counts_keys if 0 < by_key[k].value < threshold]
    hidden: dict[tuple[str, int, int], tuple[str, str]] = dict.fromkeys(primary, ("primary", ""))
    if secondary and primary:
        _protect(s, cells, by_key, hidden)
    intervals = _audit(s, set(hidden)) if hidden else {}
    return _result(
        table, threshold=threshold, marker=marker, hidden=hidden, intervals=intervals, by_key=by_key
    )


def _label(table: Table, key: tuple[str, int, int]) -> str:
    if key[0] == "base":
        return f"{BASE} of {table.bases.index[key[1]]}"
    return f"{table.counts.index[key[1]]} / {table.counts.columns[key[2]]}"


def _protect(
    s: _Structure,
    cells: list[_Cell],
    by_key: dict[tuple[str, int, int], _Cell],
    hidden: dict[tuple[str, int, int], tuple[str, str]],
) -> None:
    """Hide complementary cells until no hidden cell is a bridge, then until none is pinned."""

    def usable(cell: _Cell) -> bool:
        at_bound = s.upper and cell.key[0] == "count" and cell.value >= s.bases[cell.key[2]]
        return cell.value > 0 and not at_bound

    for _ in range(4 * len(cells) + 4):
        hidden_cells = [by_key[k] for k in hidden]
        bridges = _bridges(hidden_cells)
        if not bridges:
            break
        bridge = bridges[0]
        candidates = {c.key for c in cells if c.key not in hidden and usable(c)}
        path = _cheapest_path(cells, set(hidden), bridge, candidates)
        if path is None:
            candidates = {c.key for c in cells if c.key not in hidden and c.value > 0}
            path = _cheapest_path(cells, set(hidden), bridge, candidates)
        if path is None:  # pragma: no cover - a line total always offers a path
            break
        for cell in path:
            if cell.key not in hidden:
                hidden[cell.key] = ("secondary", _describe(bridge.key))
    # The audit catches what the graph cannot see (bounds of multi-response counts).
    for _ in range(len(cells)):
        intervals = _audit(s, set(hidden))
        pinned = [k for k, (low, high) in intervals.items() if low == high]
        if not pinned:
            return
        key = pinned[0]
        lines = [
            c
            for c in cells
            if c.key not in hidden
            and c.value > 0
            and c.key[0] == "count"
            and key[0] == "count"
            and (c.key[1] == key[1] or c.key[2] == key[2])
        ]
        extra = lines or [c for c in cells if c.key not in hidden and c.value > 0]
        if not extra:
            return
        extra.sort(key=lambda c: (c.cost, c.key))
        hidden[extra[0].key] = ("secondary", _describe(key))


def _describe(key: tuple[str, int, int]) -> str:
    return f"{key[0]}:{key[1]}:{key[2]}"


def _result(
    table: Table,
    *,
    threshold: int,
    marker: str,
    hidden: dict[tuple[str, int, int], tuple[str, str]],
    intervals: dict[tuple[str, int, int], tuple[float, float]],
    by_key: dict[tuple[str, int, int], _Cell],
) -> Suppression:
    mask = pd.DataFrame(False, index=table.counts.index, columns=table.counts.columns)
    base_mask = pd.Series(False, index=table.bases.index)
    rows: list[dict[str, Any]] = []
    order = sorted(hidden, key=lambda k: (k[0] != "count", k[1], k[2]))
    for key in order:
        reason, protects = hidden[key]
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
        low, high = intervals.get(key, (np.nan, np.nan))
        value = by_key[key].value
        rows.append(
            {
                "row": row,
                "column": column,
                "count": int(value) if float(value).is_integer() else value,
                "reason": reason,
                "protects": _protects_label(table, protects),
                "low": int(low),
                "high": int(high),
            }
        )
    frame = pd.DataFrame(
        rows, columns=["row", "column", "count", "reason", "protects", "low", "high"]
    )
    return Suppression(
        table=table,
        threshold=int(threshold),
        marker=marker,
        suppressed=mask,
        suppressed_bases=base_mask,
        cells=frame,
    )


def _protects_label(table: Table, protects: str) -> str:
    if not protects:
        return ""
    kind, a, b = protects.split(":")
    return _label(table, (kind, int(a), int(b)))


def _fmt(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    if np.isnan(number):
        return "n/a"
    return str(int(number)) if number.is_integer() else f"{number:.1f}"

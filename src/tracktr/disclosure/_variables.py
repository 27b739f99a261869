"""The variables of the reader's model: one per number, printed or worked out.

Every number a set of tables can publish (a cell, an ``All`` total, a base) is one
variable. A number that appears in several tables of the set is one variable, linked by
its question and labels. What is never published is a variable too (a *remainder*): the
respondents of a total whose group is missing, those of a base in no row shown, and the
unknowns a reader solves for (tick patterns, the cells of a joint table). The first kind
counts organisations the reader can work out, and is protected like a printed count
(:meth:`Model.unprinted`); the second has no one true value.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tracktr.table import Table

Position = tuple[str, int, int]
"""("count", row, column) of a table's counts, or ("base", k, -1) of its bases."""

CELL, BASE, REMAINDER = "cell", "base", "remainder"

NO_GROUP = "(no group)"
"""How the audit names the line of respondents in a total but in no group shown."""

NOT_SHOWN = "(no option shown)"
"""How the audit names the respondents in a base but in no option shown."""

BASE_ROW = "Base"
"""How the audit names a base's line (as :mod:`tracktr.disclosure.suppression` does)."""


@dataclass(slots=True)
class Model:
    """Variables, their true values and the linear links between them."""

    values: list[float] = field(default_factory=list)
    # Unweighted; NaN for an unknown no one can count (a tick pattern, a joint cell).
    respondents: list[float] = field(default_factory=list)
    scale: list[float] = field(default_factory=list)  # weighted units per respondent
    kinds: list[str] = field(default_factory=list)
    tables: list[set[int]] = field(default_factory=list)
    # The bases a cell could equal: a cell printed in two tables (one transposed) has two.
    full_of: list[list[int]] = field(default_factory=list)
    equations: list[tuple[int, dict[int, float]]] = field(default_factory=list)
    inequalities: list[tuple[int, dict[int, float]]] = field(default_factory=list)
    positions: list[dict[Position, int]] = field(default_factory=list)
    integral: list[bool] = field(default_factory=list)
    keys: dict[Hashable, int] = field(default_factory=dict)
    # Breakdowns printed without their All column: (table, [(total key, parts)]).
    pending: list[tuple[int, list[tuple[Hashable, list[int]]]]] = field(default_factory=list)
    # Under each group alias: the bases of that group (in breakdowns), and its counts
    # (in the tables of the grouping question): a base is at most the count.
    group_bases: dict[Hashable, set[int]] = field(default_factory=dict)
    group_counts: dict[Hashable, set[int]] = field(default_factory=dict)
    # The counts no table prints but a reader works out (those in no group shown): where
    # each is, as (table, row, column), for the audit.
    derived: dict[int, tuple[int, Hashable, Hashable]] = field(default_factory=dict)
    # Of those, the respondents of a base who did not tick an option (not a line of
    # respondents of their own: never a worked-out line of :func:`rest_lines`).
    complements: set[int] = field(default_factory=set)
    # Pairs of tables whose counts fit several groupings (or the search gave up): the
    # coarse one may be a recode of the fine one that the model could not link, as
    # (fine table, coarse table, why), for the protected set's notes.
    unlinked: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """The number of variables."""
        return len(self.values)

    def array(self) -> npt.NDArray[np.float64]:
        """Return the true values as an array."""
        return np.asarray(self.values, dtype=float)

    def publishable(self) -> npt.NDArray[np.bool_]:
        """Which variables a table prints (everything but the remainders)."""
        return np.array([k != REMAINDER for k in self.kinds], dtype=bool)

    def add(
        self,
        key: Hashable,
        *,
        value: float,
        respondents: float,
        scale: float,
        kind: str,
        table: int,
        integral: bool,
        alias: Hashable = None,
    ) -> int:
        """Return the variable of `key`, reusing one already published with this value.

        `alias` names the same number as another table prints it: the base of group
        ``x`` of a breakdown is the count of ``x`` in the table of the grouping question
        (its ``All`` column), when no one in ``x`` left the question out. A reader
        matches them by label and value, and so does the model.
        """
        if alias is not None:
            registry = self.group_bases if kind == BASE else self.group_counts
            registry.setdefault(alias, set())
        if kind != REMAINDER:
            found = self.keys.get(key)
            if found is None and alias is not None:
                found = self.keys.get(alias)
                if found is not None and not _same(self.values[found], value):
                    found = None  # not the same respondents: a different number
            if found is not None and _same(self.values[found], value):
                self.tables[found].add(table)
                self.keys.setdefault(key, found)
                if alias is not None:
                    self.keys.setdefault(alias, found)
                    registry[alias].add(found)
                return found
            if found is not None:
                key = (key, table)
        index = len(self.values)
        if kind != REMAINDER:
            self.keys[key] = index
            if alias is not None:
                self.keys.setdefault(alias, index)
                registry[alias].add(index)
        self.values.append(float(value))
        self.respondents.append(float(respondents))
        self.scale.append(float(scale))
        self.kinds.append(kind)
        self.tables.append({table})
        self.full_of.append([])
        self.integral.append(integral)
        return index

    def unprinted(
        self,
        where: tuple[int, Hashable, Hashable],
        *,
        value: float,
        respondents: float,
        scale: float,
        integral: bool,
    ) -> int:
        """Add a count no table prints but a reader works out, e.g. those in no group.

        `where` is (table, row, column), the row and column as the audit names them
        (:data:`NO_GROUP`, :data:`NOT_SHOWN`). Such a count is sensitive like a printed
        one: the total less its groups gave the answers of 2 respondents with no group.
        """
        index = self.add(
            None,
            value=value,
            respondents=respondents,
            scale=scale,
            kind=REMAINDER,
            table=where[0],
            integral=integral,
        )
        self.derived[index] = where
        return index


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _tolerance(values: npt.NDArray[np.float64]) -> float:
    return 1e-9 * max(1.0, float(np.abs(values).sum()))


def _options(table: Table) -> list[Hashable]:
    """Return the options of a table: its rows, or its columns for a grid (items as rows)."""
    return list(table.counts.index if table.percent_axis == "columns" else table.counts.columns)


def _across(table: Table) -> list[Hashable]:
    """Return the other axis of the options: groups, or grid items."""
    return list(table.counts.columns if table.percent_axis == "columns" else table.counts.index)


def _var(model: Model, t: int, table: Table, option: Hashable, across: Hashable) -> int:
    """Return the variable of a count of table `t` by its option and its group."""
    options, other = _options(table), _across(table)
    i, j = options.index(option), other.index(across)
    if table.percent_axis != "columns":
        i, j = j, i
    return model.positions[t][("count", i, j)]


def rest_lines(model: Model, tables: Sequence[Table]) -> dict[tuple[int, str], dict[str, int]]:
    """Return the worked-out lines of each table: (table, column) to each row's count.

    A line is the counts a reader works out of one set of respondents in one table
    (those in no group shown, an outer group's in none of its nested groups), by the
    printed labels of its rows (:data:`BASE_ROW` for its base). A weighted table's line
    holds its weighted counts, not the respondents behind its ``n=``. A row not in it is
    0 (fixed) or not worked out.
    """
    lines: dict[tuple[int, str], dict[str, int]] = {}
    for v, (t, row, column) in model.derived.items():
        if v in model.complements:
            continue  # those who did not tick one option: no line of respondents
        if tables[t].weighted and model.integral[v]:
            continue  # the respondents behind a weighted base, under the same name
        lines.setdefault((t, str(column)), {})[str(row)] = v
    return lines

"""The reader's model of a set of published tables: one unknown per number, linear links.

Every number a set of tables can publish (a cell, an ``All`` total, a base) is one
variable. A number that appears in several tables of the set (the ``All`` column of a
breakdown is the total table; a base shared by two tables of the same question) is one
variable, linked by its question and labels. What is never published is a variable too:
the respondents of a total whose group is missing, and those of a base in no row shown.

The links a reader can use are linear: equations (each row of parts sums to its total,
each column to its base) and, for multi-response sets, inequalities (a count is at most
its base). Remainders that are zero are fixed at zero, which gives the reader more than
they know and so errs on the safe side.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tracktr.exceptions import DisclosureWarning, InvalidCountsError, InvalidOptionError
from tracktr.table import Table
from tracktr.tabulate import TOTAL

Position = tuple[str, int, int]
"""("count", row, column) of a table's counts, or ("base", k, -1) of its bases."""

CELL, BASE, REMAINDER = "cell", "base", "remainder"


@dataclass(slots=True)
class Model:
    """Variables, their true values and the linear links between them."""

    values: list[float] = field(default_factory=list)
    respondents: list[float] = field(default_factory=list)  # unweighted; NaN for remainders
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


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _tolerance(values: npt.NDArray[np.float64]) -> float:
    return 1e-9 * max(1.0, float(np.abs(values).sum()))


def _respondents(table: Table) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Unweighted counts and bases: the threshold is about organisations, not weights."""
    if not table.weighted:
        counts = table.counts.to_numpy(dtype=float)
        bases = table.bases.to_numpy(dtype=float)
        # An unweighted table counts organisations: a fraction is a weighted sum built
        # without its respondent counts, and would be shown cut to a whole number.
        parts = [float(v) for v in (*counts.ravel(), *bases.ravel()) if not float(v).is_integer()]
        if parts:
            msg = (
                f"{f'table {table.question!r}' if table.question else 'a table'} holds counts "
                "that are not whole numbers "
                f"({parts[:5]}) but no `unweighted_counts`: the threshold applies to "
                "organisations, so disclosure control needs how many are behind each cell."
            )
            hint = (
                "Hint: tabulate it with weights=... (tt.frequencies keeps the unweighted "
                "counts), or build the Table with `unweighted_counts` and `unweighted_bases`."
            )
            raise InvalidCountsError(f"{msg}\n\n{hint}")
        return counts, bases
    if table.unweighted_counts is None:
        msg = (
            f"table {table.question!r} is weighted but does not carry the number of "
            "respondents behind each cell, so its small cells cannot be found (the "
            "threshold applies to organisations, not to weighted sums).\n\n"
            "Hint: tabulate it with tt.frequencies or tt.multi_response (weights=...), "
            "which keep `unweighted_counts`, or build the Table with `unweighted_counts`."
        )
        raise InvalidOptionError(msg)
    unweighted = table.unweighted_counts.reindex(
        index=table.counts.index, columns=table.counts.columns
    )
    assert table.unweighted_bases is not None  # weighted tables carry them
    return unweighted.to_numpy(dtype=float), table.unweighted_bases.to_numpy(dtype=float)


@dataclass(frozen=True, slots=True)
class NetLink:
    """A table of nets and the table of its options, printed for the same respondents.

    Attributes
    ----------
    nets : int
        The position of the table of nets in the set.
    options : int
        The position of the table of its options (the same banner, the same bases).
    members : tuple of (str, tuple of str)
        Each net's label and the labels of its options.
    """

    nets: int
    options: int
    members: tuple[tuple[str, tuple[str, ...]], ...]


def build(tables: Sequence[Table], nets: Sequence[NetLink] | None = None) -> Model:
    """Return the reader's model of the tables published together.

    `nets` says which table of nets goes with which table of options; a caller that
    knows (a tab book, per banner) gives it. Without it, the nets are read where the
    reader reads them: in the notes of :func:`tracktr.net_table` and
    :func:`tracktr.multi_nets`, and matched to the table of options whose bases and
    counts they fit (:func:`noted_nets`).
    """
    model = Model()
    shared = _transposed_cells(tables)
    for t, table in enumerate(tables):
        if table.summary_rows:
            msg = (
                f"table {table.question!r} has summary rows {list(table.summary_rows)}, which "
                "are computed from every item and would reveal suppressed cells.\n\n"
                "Hint: tabulate the grid without `average=True`, suppress, then average "
                "what is published."
            )
            raise InvalidOptionError(msg)
        counts = table.counts.to_numpy(dtype=float)
        if np.isnan(counts).any() or (counts < 0).any():
            msg = (
                f"table {table.question!r} holds missing or negative counts; disclosure "
                "control needs the counts of every cell.\n\n"
                "Hint: fill structural empty cells with 0 before protecting the table."
            )
            raise InvalidOptionError(msg)
        _refuse_self_crosstab(table)
        model.positions.append({})
        if table.percent_axis == "columns":
            _columns_table(model, table, t, shared.get(t, {}))
        else:
            _rows_table(model, table, t)
    _link_totals(model)
    _link_groups(model)
    _link_nets(model, tables, noted_nets(tables) if nets is None else nets)
    _link_subsets(model, tables)
    _link_tick_counts(model, tables)
    return model


_TICKED = " (number ticked)"
"""How :func:`tracktr.tick_counts` names its table: the set's question and this."""


def _link_tick_counts(model: Model, tables: Sequence[Table]) -> None:
    """Link a set's number-ticked table to its options: the ticks are the same ticks.

    Who ticked k options gave k ticks, so in each group the options' counts add up to
    1 x n1 + 2 x n2 + ...: a hidden option was worked out exactly from the others.
    Linked where the true numbers agree (the same respondents, the same weights).
    """
    for t, ticked in enumerate(tables):
        question = ticked.question or ""
        if not question.endswith(_TICKED) or ticked.percent_axis != "columns":
            continue
        for u, options in enumerate(tables):
            if options.question != question.removesuffix(_TICKED) or options.kind != "multi":
                continue
            if options.percent_axis != "columns":
                continue
            counts, numbers = options.counts, ticked.counts
            for j, across in enumerate(numbers.columns):
                if across not in counts.columns:
                    continue
                k = list(counts.columns).index(across)
                terms: dict[int, float] = {}
                for i in range(len(counts.index)):
                    v = model.positions[u][("count", i, k)]
                    terms[v] = terms.get(v, 0.0) + 1.0
                for i, number in enumerate(numbers.index):
                    v = model.positions[t][("count", i, j)]
                    terms[v] = terms.get(v, 0.0) - float(number)
                total = sum(c * model.values[v] for v, c in terms.items())
                if abs(total) <= _tolerance(np.asarray(model.values)[list(terms)]):
                    model.equations.append((t, terms))


def _refuse_self_crosstab(table: Table) -> None:
    """Refuse a multi-response set crossed with itself: its pairs are given away.

    Its All base is everyone who ticked something, its diagonal the options' counts:
    |A and B| = |A| + |B| - |A or B| for two options (a hidden 2 was recovered
    exactly), and every pair and more through the tick patterns for more options.
    """
    groups = [c for c in table.counts.columns if c != TOTAL]
    labels = list(table.counts.index)
    if not (
        table.kind == "multi"
        and table.percent_axis == "columns"
        and len(groups) > 1
        and labels == groups
        and TOTAL in table.counts.columns
    ):
        return
    # The same set both ways: everyone who ticked A (its All cell) ticked A (the
    # diagonal). Two sets sharing labels (regions served by head-office region) seldom do.
    counts = table.counts
    if all(counts.loc[label, label] == counts.loc[label, TOTAL] for label in labels):
        msg = (
            f"table {table.question!r} crosses a multi-response set with itself; a reader "
            "works out its hidden pairs from the options' counts and the base (who ticked "
            "A and B is |A| + |B| less who ticked either), which disclosure control does "
            "not model."
        )
        hint = "Hint: publish the options' table (tt.multi_response) and protect that."
        raise InvalidOptionError(f"{msg}\n\n{hint}")


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


def _link_subsets(model: Model, tables: Sequence[Table]) -> None:
    """Link a one-way table to the same numbers printed as a line of another table.

    ``frequencies(q)`` of one wave's (or one funder's) respondents prints the column of
    that wave in ``trend(q)`` or ``crosstab(q, g)``, and ``frequencies(item)`` prints the
    item's row of a grid: under other keys, but a reader matches them by labels and the
    numbers shown. The model links them where the options are the same and every count
    and the base agree.
    """
    for t, table in enumerate(tables):
        if table.percent_axis != "columns" or list(table.counts.columns) != [TOTAL]:
            continue
        options = list(table.counts.index)
        mine = table.counts[TOTAL].to_numpy(dtype=float)
        for u, other in enumerate(tables):
            if u == t or other.weighted != table.weighted or other.partition != table.partition:
                continue
            if set(_options(other)) != set(options) or len(_options(other)) != len(options):
                continue
            if other.percent_axis == "columns" and other.question != table.question:
                continue  # a grid's row is another question's table; a column is not
            lines = _across(other)
            for j, line in enumerate(lines):
                if line == TOTAL and other.percent_axis == "columns":
                    continue
                if not _same(other.bases.iloc[j], table.bases.iloc[0]):
                    continue
                theirs = [_var(model, u, other, option, line) for option in options]
                if not all(_same(model.values[k], v) for k, v in zip(theirs, mine, strict=True)):
                    continue
                pairs = [(model.positions[t][("count", i, 0)], k) for i, k in enumerate(theirs)]
                pairs.append(
                    (model.positions[t][("base", 0, -1)], model.positions[u][("base", j, -1)])
                )
                for a, b in pairs:
                    if a != b:
                        model.equations.append((t, {a: 1.0, b: -1.0}))


def _options(table: Table) -> list[Hashable]:
    """Return the options of a table: its rows, or its columns for a grid (items as rows)."""
    return list(table.counts.index if table.percent_axis == "columns" else table.counts.columns)


def _link_nets(model: Model, tables: Sequence[Table], links: Sequence[NetLink]) -> None:
    """Link each net to its options, column by column, and its bases to theirs.

    A net of a single-answer question is the sum of its options; a net of a
    multi-response set is linked through the tick patterns (:func:`_tick_patterns`). A table
    of nets prints its options' bases. Only the columns both tables print are linked,
    each to the same column of the other.
    """
    for link in links:
        nets, options = tables[link.nets], tables[link.options]
        multi = options.kind == "multi"
        net_at, net_line = _lines(nets)
        option_at, option_line = _lines(options)
        shared = [across for across in net_line if across in option_line]

        def var(t: int, table: Table, i: int, j: int) -> int:
            at = (i, j) if table.percent_axis == "columns" else (j, i)
            return model.positions[t][("count", *at)]

        if multi:
            base_at = {label: j for j, label in enumerate(options.bases.index)}
            for across in shared:
                nets_here = {
                    name: var(link.nets, nets, net_at[name], net_line[across])
                    for name, _ in link.members
                }
                here = {m: var(link.options, options, i, option_line[across])
                        for m, i in option_at.items()}  # fmt: skip
                base = model.positions[link.options].get(("base", base_at.get(across, -1), -1))
                _tick_patterns(model, link, nets_here, here, base=base, across=str(across))
        else:  # a single-answer question: a net is the sum of its options
            for name, parts in link.members:
                for across in shared:
                    net = var(link.nets, nets, net_at[name], net_line[across])
                    cells = [
                        var(link.options, options, option_at[m], option_line[across]) for m in parts
                    ]
                    terms = dict.fromkeys(cells, 1.0)
                    terms[net] = terms.get(net, 0.0) - 1.0
                    model.equations.append((link.nets, terms))
        where = {label: j for j, label in enumerate(options.bases.index)}
        for j, label in enumerate(nets.bases.index):
            if label not in where:
                continue
            for kind in ("base", "n"):  # the base, and a weighted table's respondents (n=)
                mine = model.positions[link.nets].get((kind, j, -1))
                other = model.positions[link.options].get((kind, where[label], -1))
                if mine is not None and other is not None and mine != other:
                    model.equations.append((link.nets, {mine: 1.0, other: -1.0}))


MAX_PATTERN_OPTIONS = 10
"""The most options of a multi-response set whose nets are modelled by tick patterns."""


def _tick_patterns(
    model: Model,
    link: NetLink,
    nets: dict[str, int],
    options: dict[str, int],
    *,
    base: int | None,
    across: str,
) -> None:
    """Link the nets of a multi-response set to its options through the tick patterns.

    A net counts those who ticked any of its options: a reader who knows that solves
    for how many ticked each combination of options (inclusion and exclusion), and two
    nets that share an option, or a net and the base, then give away a count that
    "each option at most its net, the net at most their sum" leaves open (a hidden
    count of 2 was recovered exactly). So every combination of the options the nets
    name is an unknown the reader may solve for: each option is the sum of the
    combinations that hold it, each net the sum of those that meet it, and all of
    them together at most the base (everyone in the base if the nets name every
    option and the counts allow it). Their true split is not in the tables: any split
    that fits the true counts serves, as the reader cannot tell them apart.
    """
    import itertools

    from scipy.optimize import linprog

    used = sorted({m for _, parts in link.members for m in parts if m in options},
                  key=list(options).index)  # fmt: skip
    if len(used) > MAX_PATTERN_OPTIONS:
        msg = (
            f"the nets of a multi-response set name {len(used)} options; disclosure control "
            f"models a reader who solves for every combination of ticks only up to "
            f"{MAX_PATTERN_OPTIONS} options ({2**MAX_PATTERN_OPTIONS - 1} combinations)."
        )
        hint = "Hint: publish fewer nets, or nets of fewer options, with the protected tables."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    patterns = [c for c in itertools.product((0, 1), repeat=len(used)) if any(c)]
    at = {m: k for k, m in enumerate(used)}
    rows: list[tuple[int, np.ndarray]] = [
        (options[m], np.array([float(c[at[m]]) for c in patterns])) for m in used
    ]
    for name, parts in link.members:
        inside = [at[m] for m in parts if m in at]
        rows.append((nets[name], np.array([float(any(c[k] for k in inside)) for c in patterns])))
    a_eq = np.array([row for _, row in rows])
    b_eq = np.array([model.values[v] for v, _ in rows])
    total = 0.0 if base is None else model.values[base]
    ones = np.ones((1, len(patterns)))
    everyone = base is not None and set(used) == set(options)
    split = None
    for whole in (True, False) if everyone else (False,):
        # All the patterns make up the base (everyone in it ticked one), or fit within it.
        eq_a, eq_b = (np.vstack([a_eq, ones]), np.append(b_eq, total)) if whole else (a_eq, b_eq)
        within = {} if whole or base is None else {"A_ub": ones, "b_ub": np.array([total])}
        found = linprog(np.zeros(len(patterns)), A_eq=eq_a, b_eq=eq_b, bounds=(0, None),
                        method="highs", **within)  # fmt: skip
        if found.status == 0:
            split, everyone = found.x, whole
            break
    if split is None:
        msg = (
            f"the nets of a multi-response set (in {across!r}) do not fit its options' "
            "counts: no respondents' ticks give both, so they are not the same respondents."
        )
        raise InvalidCountsError(msg)
    scale = model.scale[next(iter(options.values()))]
    variables = [
        model.add(None, value=max(float(x), 0.0), respondents=np.nan, scale=scale,
                  kind=REMAINDER, table=link.nets, integral=False)
        for x in split
    ]  # fmt: skip
    for v, row in rows:
        terms = {variables[k]: -1.0 for k in np.flatnonzero(row)}
        terms[v] = terms.get(v, 0.0) + 1.0
        model.equations.append((link.nets, terms))
    if base is not None:
        terms = dict.fromkeys(variables, 1.0)
        terms[base] = -1.0
        (model.equations if everyone else model.inequalities).append((link.nets, terms))


def _lines(table: Table) -> tuple[dict[str, int], dict[Hashable, int]]:
    """Return where each option (by its printed label) and each group or item is."""
    options = {str(label): i for i, label in enumerate(_options(table))}
    return options, {label: j for j, label in enumerate(_across(table))}


_SUM_NOTE = " + "  # tracktr.net_table: "Agree: Agree a lot + Agree."
_ANY_NOTE = "respondents who ticked any of "  # tracktr.multi_nets


def _members_in_notes(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    """Return the nets a table's notes define (as a reader reads them) and their members."""
    if table.partition:
        return []
    nets = {str(label) for label in _options(table)}
    out = []
    for note in table.extra_notes:
        name, sep, rest = note.partition(": ")
        if not sep or name not in nets or not rest.endswith("."):
            continue
        text = rest[:-1]
        if table.kind == "multi":
            if not text.startswith(_ANY_NOTE):
                continue
            members = text.removeprefix(_ANY_NOTE).split(", ")
        else:
            members = text.split(_SUM_NOTE)
        out.append((name, tuple(members)))
    return out


def noted_nets(tables: Sequence[Table]) -> list[NetLink]:
    """Match each table of nets to the table of its options, as a reader would.

    The members are read in the nets' notes. A table of nets goes with a table of the
    same question that prints every member, with the same bases in every column both
    print, whose counts the nets fit (a sum; for a multi-response set, between the
    largest member and the sum): the same banner, the same respondents. Another
    banner's table of the same question is not its options, whatever its labels. Where
    some table prints the members but none fits, the nets are left unlinked and a
    :class:`tracktr.DisclosureWarning` says so.
    """
    links = []
    for t, table in enumerate(tables):
        members = _members_in_notes(table)
        if not members:
            continue
        printing = [
            u
            for u, other in enumerate(tables)
            if u != t
            and other.question == table.question
            and other.percent_axis == table.percent_axis
            and not _members_in_notes(other)
            and all(m in {str(o) for o in _options(other)} for _, parts in members for m in parts)
        ]
        fitting = [u for u in printing if _fits_nets(table, tables[u], members)]
        links += [NetLink(t, u, tuple(members)) for u in fitting]
        if printing and not fitting:
            msg = (
                f"table {t} (the nets of {table.question!r}) fits none of the tables that "
                f"print their options (tables {printing}): their bases or counts differ "
                "(other respondents: a filter, a wave, other weights), so the model does "
                "not link the nets to their options, and a reader who knows how their "
                "respondents relate may narrow hidden numbers more than the audit shows."
                "\n\nHint: publish the nets beside the table they were made from "
                "(tt.net_table(table, nets)), or protect the two sets apart."
            )
            warnings.warn(msg, DisclosureWarning, stacklevel=4)
    return links


def _fits_nets(nets: Table, options: Table, members: list[tuple[str, tuple[str, ...]]]) -> bool:
    """Whether `nets` are nets of `options`: the same respondents, in some shared column."""
    if nets.weighted != options.weighted:
        return False
    shared = [a for a in _across(nets) if a in set(_across(options))]
    if not shared:
        return False
    theirs = dict(zip(options.bases.index, options.bases.to_numpy(dtype=float), strict=True))
    for label, base in zip(nets.bases.index, nets.bases.to_numpy(dtype=float), strict=True):
        if label in theirs and not _same(float(base), float(theirs[label])):
            return False
    option_at = {str(label): label for label in _options(options)}
    net_at = {str(label): label for label in _options(nets)}
    for name, parts in members:
        for across in shared:
            net = _count(nets, net_at[name], across)
            values = [_count(options, option_at[m], across) for m in parts]
            if options.kind == "multi":
                fits = max(values) <= net + 1e-9 * max(1.0, net) and net <= sum(values) * (1 + 1e-9)
            else:
                fits = _same(net, sum(values))
            if not fits:
                return False
    return True


def _count(table: Table, option: Hashable, across: Hashable) -> float:
    """Return the count of `option` in line `across` (a group, or a grid's item)."""
    row, column = (option, across) if table.percent_axis == "columns" else (across, option)
    rows: list[Hashable] = list(table.counts.index)
    columns: list[Hashable] = list(table.counts.columns)
    i, j = rows.index(row), columns.index(column)
    return float(table.counts.to_numpy(dtype=float)[i, j])


def _across(table: Table) -> list[Hashable]:
    """Return the other axis of the options: groups, or grid items."""
    return list(table.counts.columns if table.percent_axis == "columns" else table.counts.index)


def _var(model: Model, t: int, table: Table, option: Hashable, across: Hashable) -> int:
    options, other = _options(table), _across(table)
    i, j = options.index(option), other.index(across)
    if table.percent_axis != "columns":
        i, j = j, i
    return model.positions[t][("count", i, j)]


def _link_groups(model: Model) -> None:
    """Bound a breakdown's base of group x by the count of x where the group is shown.

    Those who answered the question in group x are some of group x: when some left it
    out, the two differ and are not one number, but the reader still knows the order
    (a multi-response base of 11 in y and y's 13 organisations bound the rest).
    """
    for alias, bases in model.group_bases.items():
        for b in bases:
            for c in model.group_counts.get(alias, ()):
                if b != c and model.values[b] <= model.values[c]:
                    model.inequalities.append((min(model.tables[b]), {b: 1.0, c: -1.0}))


def _link_totals(model: Model) -> None:
    """Link a breakdown printed without its All column to a total another table prints.

    ``crosstab(q, by=g, total=False)`` beside ``frequencies(q)``: each row of groups sums
    to the total printed elsewhere, less those whose group is missing.
    """
    for t, lines in model.pending:
        for key, parts in lines:
            whole = model.keys.get(key)
            if whole is None:
                continue  # no table prints the total: the groups' sum is unconstrained
            rest = model.values[whole] - sum(model.values[p] for p in parts)
            if rest < -1e-9 * max(1.0, model.values[whole]):
                continue  # not the same respondents: no link
            terms = dict.fromkeys(parts, 1.0)
            terms[whole] = -1.0
            if rest > 1e-9 * max(1.0, model.values[whole]):
                extra = model.add(
                    None,
                    value=rest,
                    respondents=np.nan,
                    scale=model.scale[whole],
                    kind=REMAINDER,
                    table=t,
                    integral=model.integral[whole],
                )
                terms[extra] = 1.0
            model.tables[whole].add(t)
            model.equations.append((t, terms))


def _scale(table: Table) -> float:
    if not table.weighted or table.unweighted_bases is None:
        return 1.0
    people = float(table.unweighted_bases.sum())
    return float(table.bases.sum()) / people if people > 0 else 1.0


def _line_scales(table: Table) -> npt.NDArray[np.float64]:
    """Weighted units per respondent in each base's line: its own mean weight.

    The table's mean weight was the yardstick for every cell, but weights made per group
    (post-stratification) differ between groups, and the printed effective base then
    equals n= and gives a group's weight away: a hidden count of 2 in a group weighted 5
    had an interval that held 1 to 3 organisations. Measured by its own line's weight,
    a hidden cell's interval holds the protection level in organisations.
    """
    overall = _scale(table)
    if not table.weighted or table.unweighted_bases is None:
        return np.full(len(table.bases), overall)
    weighted = table.bases.to_numpy(dtype=float)
    people = table.unweighted_bases.reindex(table.bases.index).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        own = np.where(people > 0, weighted / people, overall)
    # The larger of the two: never less room than the table's mean weight gave.
    return np.maximum(own, overall)


def _group_alias(table: Table, label: Hashable) -> Hashable:
    """Return the key under which every table prints the respondents of group `label`.

    A weighted number never stands for an unweighted one. A label shared by unrelated
    questions may match a number by chance: the model then grants the reader a link
    they may not have, which errs on the safe side.
    """
    return ("group", label, table.weighted)


def _columns_table(  # noqa: PLR0912, PLR0915
    model: Model, table: Table, t: int, printed_before: dict[Cell, tuple[int, Cell]]
) -> None:
    counts = table.counts.to_numpy(dtype=float)
    bases = table.bases.to_numpy(dtype=float)
    people, people_bases = _respondents(table)
    n, m = counts.shape
    columns = list(table.counts.columns)
    labels = list(table.counts.index)  # read once: each read of `counts` copies the frame
    has_total = TOTAL in columns and m > 1
    total = columns.index(TOTAL) if has_total else -1
    groups = [j for j in range(m) if j != total]
    scale = _scale(table)
    scales = _line_scales(table)  # each column's own mean weight
    integral = not table.weighted
    q = table.question
    # The column of the whole base: All, or the only column of a one-way table.
    total_at = total if has_total else (0 if columns == [TOTAL] else -2)

    def cell(i: int, j: int) -> int:
        if (i, j) in printed_before:
            # The same count printed the other way round by an earlier table: one number.
            u, (r, c) = printed_before[(i, j)]
            index = model.positions[u][("count", r, c)]
            model.tables[index].add(t)
            model.positions[t][("count", i, j)] = index
            return index
        key = (q, "count", labels[i], columns[j], table.partition)
        index = model.add(
            key,
            value=counts[i, j],
            respondents=people[i, j],
            scale=float(scales[j]),
            kind=CELL,
            table=t,
            integral=integral,
            alias=_group_alias(table, labels[i]) if j == total_at else None,
        )
        model.positions[t][("count", i, j)] = index
        return index

    def base(j: int) -> int:
        key = (q, "base", "column", columns[j], table.partition)
        index = model.add(
            key,
            value=bases[j],
            respondents=people_bases[j],
            scale=float(scales[j]),
            kind=BASE,
            table=t,
            integral=integral,
            alias=_group_alias(table, columns[j]) if j != total_at else None,
        )
        model.positions[t][("base", j, -1)] = index
        return index

    def remainder(value: float) -> int | None:
        if value <= _tolerance(counts):
            return None  # fixed at zero: the reader is granted it
        return model.add(
            None,
            value=value,
            respondents=np.nan,
            scale=scale,
            kind=REMAINDER,
            table=t,
            integral=integral,
        )

    cells = [[cell(i, j) for j in range(m)] for i in range(n)]
    base_vars = [base(j) for j in range(m)]
    if table.weighted:
        printed = [
            _printed_base(model, table, t, j, people_bases[j], group=j != total_at)
            for j in range(m)
        ]
        if has_total:
            _sum_printed(model, t, [printed[j] for j in groups], printed[total])
    for i in range(n):
        for j in range(m):
            _full_of(model, cells[i][j], base_vars[j])
    if TOTAL not in columns:
        lines: list[tuple[Hashable, list[int]]] = [
            ((q, "count", labels[i], TOTAL, table.partition), cells[i]) for i in range(n)
        ]
        lines.append(((q, "base", "column", TOTAL, table.partition), base_vars))
        model.pending.append((t, lines))
    tol = _tolerance(counts)
    # Column equations: the rows shown, plus those in the base but in no row shown (V).
    col_rest = bases - counts.sum(axis=0)
    column_eq = table.partition and bool((col_rest >= -tol).all())
    # Row equations: the groups, plus those in the total whose group is missing (W).
    row_rest = counts[:, total] - counts[:, groups].sum(axis=1) if has_total else np.zeros(n)
    base_rest = float(bases[total] - bases[groups].sum()) if has_total else 0.0
    corner = base_rest - float(row_rest.sum())
    row_eq = (
        has_total
        and bool((row_rest >= -tol).all())
        and base_rest >= -tol
        and (corner >= -tol or not column_eq)
    )

    def equation(parts: list[int | None], whole: int | None) -> None:
        terms: dict[int, float] = {}
        for p in parts:
            if p is not None:
                terms[p] = terms.get(p, 0.0) + 1.0
        if whole is not None:
            terms[whole] = terms.get(whole, 0.0) - 1.0
        if any(v != 0.0 for v in terms.values()):
            model.equations.append((t, terms))

    v_row = [remainder(float(col_rest[j])) for j in range(m)] if column_eq else []
    if column_eq:
        for j in range(m):
            equation([*(cells[i][j] for i in range(n)), v_row[j]], base_vars[j])
    if row_eq:
        w_col = [remainder(float(row_rest[i])) for i in range(n)]
        w_base = remainder(base_rest)
        for i in range(n):
            equation([*(cells[i][j] for j in groups), w_col[i]], cells[i][total])
        equation([*(base_vars[j] for j in groups), w_base], base_vars[total])
        if column_eq:
            v_corner = remainder(corner)
            equation([*w_col, v_corner], w_base)
            equation([*(v_row[j] for j in groups), v_corner], v_row[total])
    if not table.partition:
        # Multi-response: each option is ticked by at most everyone in its base.
        for i in range(n):
            for j in range(m):
                if cells[i][j] != base_vars[j]:
                    model.inequalities.append((t, {cells[i][j]: 1.0, base_vars[j]: -1.0}))
        _at_least_one_answer(model, table, t, cells, base_vars)


def _at_least_one_answer(
    model: Model, table: Table, t: int, cells: list[list[int]], base_vars: list[int]
) -> None:
    """Everyone in a multi-response base gave an answer: the counts sum to the base or more.

    Granted to the reader wherever it holds (a base of respondents who ticked something,
    the default); where it holds by chance it gives the reader more than they know,
    which errs on the safe side.
    """
    if table.kind != "multi":
        return
    counts = table.counts.to_numpy(dtype=float)
    bases = table.bases.to_numpy(dtype=float)
    for j in range(counts.shape[1]):
        if counts[:, j].sum() >= bases[j] - _tolerance(counts) and bases[j] > 0:
            terms: dict[int, float] = {base_vars[j]: 1.0}
            for i in range(counts.shape[0]):
                terms[cells[i][j]] = terms.get(cells[i][j], 0.0) - 1.0
            model.inequalities.append((t, terms))


def _printed_base(model: Model, table: Table, t: int, j: int, n: float, *, group: bool) -> int:
    """Add the respondents behind a weighted base, which the table prints as ``n=``.

    They are a number of their own: a weighted table prints unweighted bases beside
    weighted counts, and the unweighted bases of the groups add up to that of the
    total, whatever the weights. Hiding the base hides both.
    """
    label = table.bases.index[j]
    index = model.add(
        (table.question, "n", table.percent_axis, label, table.partition),
        value=n,
        respondents=n,
        scale=1.0,
        kind=BASE,
        table=t,
        integral=True,
        alias=("group", label, False) if group else None,
    )
    model.positions[t][("n", j, -1)] = index
    return index


def _sum_printed(model: Model, t: int, parts: list[int], whole: int) -> None:
    """Link the groups' respondents to the total's, less those whose group is missing."""
    rest = model.values[whole] - sum(model.values[p] for p in parts)
    if rest < -0.5:
        return  # not a split of the total: no link
    terms = dict.fromkeys(parts, 1.0)
    terms[whole] = terms.get(whole, 0.0) - 1.0
    if rest > 0.5:
        extra = model.add(
            None,
            value=rest,
            respondents=np.nan,
            scale=1.0,
            kind=REMAINDER,
            table=t,
            integral=True,
        )
        terms[extra] = 1.0
    model.equations.append((t, terms))


def _rows_table(model: Model, table: Table, t: int) -> None:
    counts = table.counts.to_numpy(dtype=float)
    bases = table.bases.to_numpy(dtype=float)
    people, people_bases = _respondents(table)
    n, m = counts.shape
    scale = _scale(table)
    scales = _line_scales(table)  # each row's own mean weight
    integral = not table.weighted
    q = table.question
    tol = _tolerance(counts)
    rest = bases - counts.sum(axis=1)
    row_eq = table.partition and bool((rest >= -tol).all())
    labels, columns = list(table.counts.index), list(table.counts.columns)  # read once
    for i in range(n):
        label = labels[i]
        base = model.add(
            (q, "base", "row", label, table.partition),
            value=bases[i],
            respondents=people_bases[i],
            scale=float(scales[i]),
            kind=BASE,
            table=t,
            integral=integral,
        )
        model.positions[t][("base", i, -1)] = base
        if table.weighted:
            _printed_base(model, table, t, i, people_bases[i], group=False)
        cells = []
        for j in range(m):
            index = model.add(
                (q, "count", label, columns[j], table.partition),
                value=counts[i, j],
                respondents=people[i, j],
                scale=float(scales[i]),
                kind=CELL,
                table=t,
                integral=integral,
            )
            model.positions[t][("count", i, j)] = index
            _full_of(model, index, base)
            cells.append(index)
        if row_eq:
            terms = dict.fromkeys(cells, 1.0)
            terms[base] = terms.get(base, 0.0) - 1.0
            if rest[i] > tol:
                extra = model.add(
                    None,
                    value=rest[i],
                    respondents=np.nan,
                    scale=scale,
                    kind=REMAINDER,
                    table=t,
                    integral=integral,
                )
                terms[extra] = 1.0
            model.equations.append((t, terms))
        elif not table.partition:
            for c in cells:
                model.inequalities.append((t, {c: 1.0, base: -1.0}))


def _full_of(model: Model, cell: int, base: int) -> None:
    """Record that `cell` is full where it equals `base` (a shared cell: either base).

    A cell printed in a table and in its transpose has a column base in each: all of a
    group giving one answer, and all giving an answer being of one group, are both full.
    """
    if base not in model.full_of[cell]:
        model.full_of[cell].append(base)

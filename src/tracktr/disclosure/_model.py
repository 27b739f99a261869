"""The reader's model of a set of published tables: one unknown per number, linear links.

Every number a set of tables can publish (a cell, an ``All`` total, a base) is one
variable (:mod:`tracktr.disclosure._variables`). A number that appears in several tables
of the set (the ``All`` column of a breakdown is the total table; a base shared by two
tables of the same question) is one variable, linked by its question and labels. What is
never published is a variable too: the respondents of a total whose group is missing,
and those of a base in no row shown. They count organisations a reader works out, and
are protected like printed counts.

The links a reader can use are linear: equations (each row of parts sums to its total,
each column to its base) and, for multi-response sets, inequalities (a count is at most
its base). Remainders that are zero are fixed at zero, which gives the reader more than
they know and so errs on the safe side; so are a table's gaps (``Table.gaps``, an
option not offered), which every reader knows are 0. This module builds each table's
variables and its own links; the links between tables are in
:mod:`~tracktr.disclosure._links` (totals, groups, subsets, nested banners, blocks),
:mod:`~tracktr.disclosure._nets` (nets, number ticked) and
:mod:`~tracktr.disclosure._transposed` (a table printed both ways round).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._coarse import Declared, link_coarsenings
from tracktr.disclosure._links import (
    NestLink,
    link_blocks,
    link_filters,
    link_group_rows,
    link_groups,
    link_nests,
    link_siblings,
    link_subsets,
    link_totals,
    link_untied_parts,
    link_wave_sums,
    noted_nests,
)
from tracktr.disclosure._nets import (
    NetLink,
    _link_nets,
    _link_tick_counts,
    noted_nets,
)
from tracktr.disclosure._patterns import Known, link_patterns
from tracktr.disclosure._transposed import Cell, _transposed_cells
from tracktr.disclosure._variables import (
    BASE,
    BASE_ROW,
    CELL,
    NO_GROUP,
    NOT_SHOWN,
    REMAINDER,
    Model,
    Position,
    _tolerance,
    rest_lines,
)
from tracktr.exceptions import InvalidCountsError, InvalidOptionError
from tracktr.table import Table
from tracktr.tabulate import TOTAL

__all__ = [
    "BASE",
    "CELL",
    "NOT_SHOWN",
    "NO_GROUP",
    "REMAINDER",
    "Model",
    "NestLink",
    "NetLink",
    "Position",
    "build",
    "gap_variables",
    "noted_nests",
    "noted_nets",
]


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


def build(
    tables: Sequence[Table],
    nets: Sequence[NetLink] | None = None,
    nests: Sequence[NestLink] | None = None,
    recodes: Sequence[Declared] = (),
) -> Model:
    """Return the reader's model of the tables published together.

    `nets` says which table of nets goes with which table of options, and `nests`
    which table by a nested banner goes with which table by a banner it nests in; a
    caller that knows (a tab book, per banner) gives them. Without them, they are read
    where the reader reads them: the nets in the notes of :func:`tracktr.net_table` and
    :func:`tracktr.multi_nets`, matched to the table of options whose bases and counts
    they fit (:func:`noted_nets`), and the nested groups by their labels
    (:func:`noted_nests`). `recodes` are the recodes the user declared
    (:func:`tracktr.disclosure._coarse.check_recodes`), linked by their groups.
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
        _fix_gaps(model, table, t)
    link_totals(model)
    link_groups(model)
    net_links = noted_nets(tables) if nets is None else nets
    _link_nets(model, tables, net_links)
    link_coarsenings(model, tables, recodes)
    link_subsets(model, tables)
    nested = noted_nests(tables) if nests is None else nests
    # The nests made: of the same respondents (a filtered table's labels may also fit).
    nest_links = link_nests(model, tables, nested, warn=nests is None)
    link_blocks(model, tables)
    link_wave_sums(model, tables)
    link_group_rows(model, tables)
    _link_tick_counts(model, tables)
    rests = rest_lines(model, tables)  # every rest is made (nested banners included)
    parts = link_filters(model, tables, rests)
    link_siblings(model, tables, parts, rests)
    link_untied_parts(model, tables, parts)
    _bound_rest_lines(model, tables, rests)
    link_patterns(model, tables, net_links, Known(rests, parts, nest_links))
    return model


def gap_variables(model: Model, table: Table, t: int) -> list[int]:
    """Return the variables of table `t`'s gaps (``table.gaps``: cells with no value)."""
    if not table.gaps or t >= len(model.positions):
        return []
    rows = {label: i for i, label in enumerate(table.counts.index)}
    columns = {label: j for j, label in enumerate(table.counts.columns)}
    found = (model.positions[t].get(("count", rows[r], columns[c])) for r, c in table.gaps)
    return [k for k in found if k is not None]


def _fix_gaps(model: Model, table: Table, t: int) -> None:
    """Fix each gap of the table at 0: every reader knows it (the option was not offered).

    A gap prints ``n/a``, not a count, but it is a structural zero, not a number anyone
    could hide: hidden, it would protect nothing and claim a protection it does not give.
    """
    for k in gap_variables(model, table, t):
        model.equations.append((t, {k: 1.0}))


def _bound_rest_lines(
    model: Model, tables: Sequence[Table], rests: Mapping[tuple[int, str], dict[str, int]]
) -> None:
    """Bound a multi-response set's worked-out lines as its printed columns are bounded.

    Those of a total in no group shown (or of an outer group in none of its nested
    groups) are a column of their own: each option is ticked by at most everyone in
    its base, and everyone in a base of those who ticked something ticked at least one
    (:func:`_at_least_one_answer`). Without them a hidden option of those with no group
    could exceed the base of those with no group.
    """
    tol = _tolerance(model.array())
    for (t, _), rows in rests.items():
        table = tables[t]
        if table.partition or table.percent_axis != "columns" or BASE_ROW not in rows:
            continue
        base = rows[BASE_ROW]
        options = [rows[str(label)] for label in table.counts.index if str(label) in rows]
        for v in options:
            if model.values[v] <= model.values[base] + tol:  # else not one set of people
                model.inequalities.append((t, {v: 1.0, base: -1.0}))
        ticked = sum(model.values[v] for v in options)
        if table.kind == "multi" and ticked >= model.values[base] - tol:
            terms = dict.fromkeys(options, -1.0)
            terms[base] = 1.0
            model.inequalities.append((t, terms))


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


def _grid_group(table: Table, label: Hashable) -> Hashable:
    """Return the group alias of a grid by group's row (group, item): its base is of that group.

    Those in group x who answered the item are some of group x: a reader bounds the
    row's base by the count of x where the grouping question is printed, as a
    breakdown's base (:func:`~tracktr.disclosure._links.link_groups`). The ``All`` rows
    are of no group.
    """
    if getattr(table.counts.index, "nlevels", 1) != 2 or not isinstance(label, tuple):
        return None
    group = label[0]
    return None if group == TOTAL else _group_alias(table, group)


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

    def remainder(value: float, people: float, row: Hashable, column: Hashable) -> int | None:
        if value <= _tolerance(counts):
            return None  # fixed at zero: the reader is granted it
        # A count of organisations the reader works out (the total less its groups):
        # sensitive like a printed one. Fewer people than none: not one count (weights).
        return model.unprinted(
            (t, row, column),
            value=value,
            respondents=people if people >= -0.5 else np.nan,
            scale=scale,
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

    # The same, in respondents (a weighted table's remainders count organisations too).
    col_people = people_bases - people.sum(axis=0)
    v_row = (
        [
            remainder(float(col_rest[j]), float(col_people[j]), NOT_SHOWN, columns[j])
            for j in range(m)
        ]
        if column_eq
        else []
    )
    if column_eq:
        for j in range(m):
            equation([*(cells[i][j] for i in range(n)), v_row[j]], base_vars[j])
    if row_eq:
        row_people = people[:, total] - people[:, groups].sum(axis=1)
        base_people = float(people_bases[total] - people_bases[groups].sum())
        w_col = [
            remainder(float(row_rest[i]), float(row_people[i]), labels[i], NO_GROUP)
            for i in range(n)
        ]
        w_base = remainder(base_rest, base_people, BASE_ROW, NO_GROUP)
        for i in range(n):
            equation([*(cells[i][j] for j in groups), w_col[i]], cells[i][total])
        equation([*(base_vars[j] for j in groups), w_base], base_vars[total])
        if column_eq:
            corner_people = base_people - float(row_people.sum())
            v_corner = remainder(corner, corner_people, NOT_SHOWN, NO_GROUP)
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
        # The respondents of the total in no group: a count the reader works out.
        extra = model.unprinted(
            (t, BASE_ROW, NO_GROUP), value=rest, respondents=rest, scale=1.0, integral=True
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
            alias=_grid_group(table, label),
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
                # Those in the item's base in no option shown: a count the reader works out.
                people_rest = float(people_bases[i] - people[i].sum())
                extra = model.unprinted(
                    (t, label, NOT_SHOWN),
                    value=rest[i],
                    respondents=people_rest if people_rest >= -0.5 else np.nan,
                    scale=scale,
                    integral=integral,
                )
                terms[extra] = 1.0
            model.equations.append((t, terms))
        elif not table.partition:
            for c in cells:
                model.inequalities.append((t, {c: 1.0, base: -1.0}))


def add_complements(model: Model, tables: Sequence[Table], *, threshold: int) -> None:
    """Add, as counts the reader works out, those of a base who did not tick an option.

    A multi-response option is a yes or no for everyone in its base: "39 of 40 provide
    housing" says that one organisation does not, as plainly as "No: 1" of a yes-or-no
    question would, and a net of 39 says one ticked none of its members. The model knew
    only that the count is at most its base, so such a count was published, nothing
    hidden and the audit met. Each base less its count of 1 to ``threshold - 1``
    organisations is now a count of its own (row ``"<option> (not ticked)"``), sensitive
    like a printed one; larger ones are left out of the model, which they do not change.
    """
    for t, table in enumerate(tables):
        if table.kind != "multi" or table.partition or t >= len(model.positions):
            continue
        for (what, i, j), cell in list(model.positions[t].items()):
            if what != "count":
                continue
            at = j if table.percent_axis == "columns" else i
            base = model.positions[t].get(("base", at, -1))
            if base is None or base == cell:
                continue
            people = model.respondents[base] - model.respondents[cell]
            if not 0.5 < people < threshold:  # half an organisation
                continue  # none (a full count, see `full`), enough, or not known (NaN)
            option = (
                table.counts.index[i]
                if table.percent_axis == "columns"
                else table.counts.columns[j]
            )
            group = (
                table.counts.columns[j]
                if table.percent_axis == "columns"
                else table.counts.index[i]
            )
            extra = model.unprinted(
                (t, f"{option} (not ticked)", group),
                value=model.values[base] - model.values[cell],
                respondents=people,
                scale=model.scale[cell],
                integral=model.integral[cell],
            )
            model.complements.add(extra)
            model.equations.append((t, {extra: 1.0, cell: 1.0, base: -1.0}))


def _full_of(model: Model, cell: int, base: int) -> None:
    """Record that `cell` is full where it equals `base` (a shared cell: either base).

    A cell printed in a table and in its transpose has a column base in each: all of a
    group giving one answer, and all giving an answer being of one group, are both full.
    """
    if base not in model.full_of[cell]:
        model.full_of[cell].append(base)

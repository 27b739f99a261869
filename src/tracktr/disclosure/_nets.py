"""Nets and their options, and a set's number-ticked table: links a reader knows.

A net printed by :func:`tracktr.net_table` is the sum of its members; one printed by
:func:`tracktr.multi_nets` counts those who ticked any of them, which the model links
through the tick patterns (every combination of the options the nets name is an unknown
the reader may solve for). A set's number-ticked table (:func:`tracktr.tick_counts`)
is linked to its options: the ticks add up to 1 x n1 + 2 x n2 + ...
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from tracktr.disclosure._variables import (
    REMAINDER,
    Model,
    _across,
    _options,
    _same,
    _tolerance,
)
from tracktr.exceptions import DisclosureWarning, InvalidCountsError, InvalidOptionError
from tracktr.table import Table


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

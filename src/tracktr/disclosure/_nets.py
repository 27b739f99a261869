"""Nets and their options, and a set's number-ticked table: links a reader knows.

A net printed by :func:`tracktr.net_table` is the sum of its members; one printed by
:func:`tracktr.multi_nets` counts those who ticked any of them, which the model links
through the tick patterns (every combination of the options the nets name is an unknown
the reader may solve for). A set's number-ticked table (:func:`tracktr.tick_counts`)
is linked to its options: the ticks add up to 1 x n1 + 2 x n2 + ...
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._variables import (
    BASE_ROW,
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
    """Link each net of a single-answer question to its options, and every net's bases.

    A net of a single-answer question is the sum of its options, column by column; the
    nets of a multi-response set are linked through the tick patterns, once every line
    is known (:func:`tracktr.disclosure._patterns.link_patterns`). A table of nets
    prints its options' bases. Only the columns both tables print are linked, each to
    the same column of the other.
    """
    for link in links:
        nets, options = tables[link.nets], tables[link.options]
        if options.kind != "multi":  # a single-answer question: a net is the sum of its options
            net_at, net_line = _lines(nets)
            option_at, option_line = _lines(options)
            shared = [across for across in net_line if across in option_line]
            for name, parts in link.members:
                for across in shared:
                    net = _cell(model, link.nets, nets, net_at[name], net_line[across])
                    cells = [
                        _cell(model, link.options, options, option_at[m], option_line[across])
                        for m in parts
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


def _cell(model: Model, t: int, table: Table, i: int, j: int) -> int:
    """Return the variable of option `i` in line `j` of table `t` (a grid: item `j`)."""
    at = (i, j) if table.percent_axis == "columns" else (j, i)
    return model.positions[t][("count", *at)]


def link_column_patterns(model: Model, tables: Sequence[Table], link: NetLink) -> None:
    """Link the nets of a multi-response set to its options, each column's patterns apart.

    Used where one split of the patterns shared by every line
    (:func:`tracktr.disclosure._patterns.link_patterns`) does not fit, and for a grid.
    """
    nets, options = tables[link.nets], tables[link.options]
    net_at, net_line = _lines(nets)
    option_at, option_line = _lines(options)
    base_at = {label: j for j, label in enumerate(options.bases.index)}
    for across in (a for a in net_line if a in option_line):
        nets_here: dict[str, int | None] = {
            name: _cell(model, link.nets, nets, net_at[name], net_line[across])
            for name, _ in link.members
        }
        here: dict[str, int | None] = {
            m: _cell(model, link.options, options, i, option_line[across])
            for m, i in option_at.items()
        }
        base = model.positions[link.options].get(("base", base_at.get(across, -1), -1))
        _tick_patterns(model, link, nets_here, here, base=base, across=str(across))


def link_net_rests(
    model: Model,
    tables: Sequence[Table],
    links: Sequence[NetLink],
    lines_of: Mapping[tuple[int, str], dict[str, int]],
) -> None:
    """Link the tick patterns of the respondents in a total but in no group shown.

    The nets and options of a multi-response set are linked through the tick patterns
    in every column printed (:func:`link_column_patterns`), but a total less its groups is a
    column too: those with no group (or, by a nested banner, those of an outer group in
    none of its nested groups) ticked each pattern no fewer than 0 times. A reader who
    knows that bounds a group's "net less option" (who ticked Housing but not Advice)
    by the total's less the other groups' (a hidden 3 was narrowed to 2 to 5, and a
    hidden 1 to 0 to 2). So each such line of worked-out counts (the rests of the
    options' table, of the nets' table and of the base) is split into tick patterns
    like a printed column. `lines_of` holds them (``_variables.rest_lines``, once
    every rest is made: after the nested banners).
    """
    rests: dict[int, dict[str, dict[str, int]]] = {}
    for (t, column), line in lines_of.items():
        rests.setdefault(t, {})[column] = line
    for link in links:
        if tables[link.options].kind != "multi":
            continue
        option_rests, net_rests = rests.get(link.options, {}), rests.get(link.nets, {})
        options = [str(label) for label in _options(tables[link.options])]
        used = {m for _, parts in link.members for m in parts}
        for column, lines in option_rests.items():
            theirs = net_rests.get(column, {})
            if not any(m in lines for m in used) and not any(n in theirs for n, _ in link.members):
                continue  # no one of this line ticked what the nets name: nothing to split
            here: dict[str, int | None] = {m: lines.get(m) for m in options}
            nets_here: dict[str, int | None] = {n: theirs.get(n) for n, _ in link.members}
            base = lines.get(BASE_ROW)
            _tick_patterns(model, link, nets_here, here, base=base, across=column, strict=False)


MAX_PATTERN_OPTIONS = 10
"""The most options of a multi-response set whose nets are modelled by tick patterns."""


def too_many_options(count: int) -> InvalidOptionError:
    """Return the error for nets that name more options than the patterns are modelled for."""
    msg = (
        f"the nets of a multi-response set name {count} options; disclosure control "
        f"models a reader who solves for every combination of ticks only up to "
        f"{MAX_PATTERN_OPTIONS} options ({2**MAX_PATTERN_OPTIONS - 1} combinations)."
    )
    hint = "Hint: publish fewer nets, or nets of fewer options, with the protected tables."
    return InvalidOptionError(f"{msg}\n\n{hint}")


def _tick_patterns(
    model: Model,
    link: NetLink,
    nets: dict[str, int | None],
    options: dict[str, int | None],
    *,
    base: int | None,
    across: str,
    strict: bool = True,
) -> None:
    """Link the nets of a multi-response set to its options through the tick patterns.

    A net counts those who ticked any of its options: a reader who knows that solves
    for how many ticked each combination of options (inclusion and exclusion), and two
    nets that share an option, or a net and the base, then give away a count that
    "each option at most its net, the net at most their sum" leaves open (a hidden
    count of 2 was recovered exactly). So every combination of the options the nets
    name is an unknown the reader may solve for: each option is the sum of the
    combinations that hold it, each net the sum of those that meet it, and all of
    them together at most the base. Where the counts allow everyone in the base to
    have ticked something, the patterns and those who ticked only options no net names
    (an unknown, at most the sum of those options) make up the base. Their true split
    is not in the tables: any split that fits the true counts serves, as the reader
    cannot tell them apart.

    A count given as None is a line the model fixed at zero (a remainder of 0). With
    `strict` off, counts that no split fits are left unlinked instead of refused (the
    worked-out lines of :func:`link_net_rests`).
    """
    from scipy.optimize import linprog

    used = sorted({m for _, parts in link.members for m in parts if m in options},
                  key=list(options).index)  # fmt: skip
    if len(used) > MAX_PATTERN_OPTIONS:
        raise too_many_options(len(used))
    total = 0.0 if base is None else model.values[base]
    patterns, rows = _pattern_rows(link, nets, options, used)
    a_eq = np.array([row for _, row in rows])
    b_eq = np.array([0.0 if v is None else model.values[v] for v, _ in rows])
    ones = np.ones((1, len(patterns)))
    # Those who ticked only options no net names: at most the sum of those options.
    others = [v for m, v in options.items() if m not in used and v is not None]
    room = sum(model.values[v] for v in others)
    split = None
    for whole in (True, False) if base is not None else (False,):
        # Everyone in the base ticked something: the patterns and those who ticked only
        # the others make up the base (the patterns alone if the nets name every
        # option). Or the patterns fit within the base.
        if whole:
            bounds_a, bounds_b = np.vstack([ones, -ones]), np.array([total, room - total])
        else:
            bounds_a, bounds_b = ones, np.array([total])
        within = {} if base is None else {"A_ub": bounds_a, "b_ub": bounds_b}
        found = linprog(np.zeros(len(patterns)), A_eq=a_eq, b_eq=b_eq, bounds=(0, None),
                        method="highs", **within)  # fmt: skip
        if found.status == 0:
            split, everyone = found.x, whole
            break
    if split is None:
        if not strict:
            return
        msg = (
            f"the nets of a multi-response set (in {across!r}) do not fit its options' "
            "counts: no respondents' ticks give both, so they are not the same respondents."
        )
        raise InvalidCountsError(msg)
    known = [v for v in (*options.values(), base) if v is not None]
    scale = model.scale[known[0]] if known else 1.0

    def unknown(value: float) -> int:
        return model.add(None, value=max(value, 0.0), respondents=np.nan, scale=scale,
                         kind=REMAINDER, table=link.nets, integral=False)  # fmt: skip

    variables = [unknown(float(x)) for x in split]
    for v, row in rows:
        terms = {variables[k]: -1.0 for k in np.flatnonzero(row)}
        if v is not None:
            terms[v] = terms.get(v, 0.0) + 1.0
        model.equations.append((link.nets, terms))
    if base is None:
        return
    terms = dict.fromkeys(variables, 1.0)
    terms[base] = -1.0
    if not everyone:
        model.inequalities.append((link.nets, terms))
        return
    if others:
        # Base = patterns + those who ticked only the others, each of whom ticked one of
        # them: in a group of 7 with 5 in the net, Mentoring (no net) is at least 2.
        rest = unknown(total - float(split.sum()))
        terms[rest] = 1.0
        model.inequalities.append((link.nets, {rest: 1.0, **dict.fromkeys(others, -1.0)}))
    model.equations.append((link.nets, terms))


def _pattern_rows(
    link: NetLink,
    nets: dict[str, int | None],
    options: dict[str, int | None],
    chosen: list[str],
) -> tuple[list[tuple[int, ...]], list[tuple[int | None, npt.NDArray[np.float64]]]]:
    """Return the tick patterns of the `chosen` options and each count's row over them."""
    import itertools

    patterns = [c for c in itertools.product((0, 1), repeat=len(chosen)) if any(c)]
    at = {m: k for k, m in enumerate(chosen)}
    rows: list[tuple[int | None, npt.NDArray[np.float64]]] = [
        (options[m], np.array([float(c[at[m]]) for c in patterns])) for m in chosen
    ]
    for name, parts in link.members:
        inside = [at[m] for m in parts if m in at]
        rows.append((nets[name], np.array([float(any(c[k] for k in inside)) for c in patterns])))
    return patterns, rows


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

"""One split of tick patterns per set of respondents, shared by every table of a set.

The nets of a multi-response set are linked to its options through the tick patterns
(:mod:`tracktr.disclosure._nets`): how many ticked each combination of its options (of
every option of a set of up to :data:`ALL_OPTIONS`, else of those the nets name). A
reader who knows how the tables were made knows more than each column's patterns
apart: the ``All`` column's patterns are its groups' plus those of the respondents in
no group, by every banner; the North's column of a breakdown by region is the ``All``
column of the North's own breakdown by funder; the North's CRC organisations ticked
each pattern at most as often as all CRC organisations; and the nested groups
``North / CRC`` and ``North / Other`` at most as often as the North. Split column by
column, a book by region and by funder beside the North's breakdown by funder let a
reader narrow a hidden count of the North's (1 of 2 NPS organisations ticked Housing:
0 to 4 for the reader, 0 to 5 for the audit; 2 of 20 books).

So the patterns of every line of one set of respondents, in every table of the
question, are found in one linear programme with those ties (:func:`link_patterns`),
and the model gets the same ties. The true split is not in the tables: any split that
fits every printed count serves, as the reader cannot tell them apart. Where none fits
the ties (two lines taken for one set of respondents that are not, which the counts
did not show), the set is linked column by column as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._links import NestLink, same_banner
from tracktr.disclosure._nets import (
    MAX_PATTERN_OPTIONS,
    NetLink,
    _lines,
    link_column_patterns,
    link_net_rests,
    too_many_options,
)
from tracktr.disclosure._variables import (
    BASE,
    BASE_ROW,
    NO_GROUP,
    REMAINDER,
    Model,
    _options,
    _same,
    _tolerance,
)
from tracktr.table import Table
from tracktr.tabulate import TOTAL

Form = dict[int, float]
"""A linear form over the model's variables: variable to coefficient (empty: 0)."""


@dataclass(slots=True)
class _Line:
    """One line of respondents of the set: printed (a column) or worked out (a rest).

    `patterns` holds, for each tick pattern, a form over the programme's unknowns: a
    printed line's own unknowns, or its total's less its groups' for a rest.
    """

    table: int
    label: str
    counts: dict[str, Form]
    base: Form
    printed: bool
    patterns: list[dict[int, float]] = field(default_factory=list)


@dataclass(slots=True)
class _Programme:
    """The constraints of one set, each ``unknowns . a + variables . c (= or <=) 0``.

    `used` are the options the nets name, `patterns` every combination of them ticked.
    `everyone` holds the constraints that everyone in a base ticked something, each with
    its slack: an unknown the programme keeps as small as it can, so that a constraint
    whose slack is 0 in the split found fits the counts, and joins the model.
    """

    used: list[str]
    patterns: list[tuple[int, ...]]
    size: int = 0
    scales: list[tuple[int, float] | None] = field(default_factory=list)  # None: a slack
    equal: list[tuple[dict[int, float], Form]] = field(default_factory=list)
    at_most: list[tuple[dict[int, float], Form]] = field(default_factory=list)
    everyone: list[tuple[int, dict[int, float], Form]] = field(default_factory=list)

    def unknowns(self, count: int, table: int, scale: float) -> list[dict[int, float]]:
        """Add `count` unknowns (at least 0) of `table`; return each as a form."""
        first = self.size
        self.size += count
        self.scales += [(table, scale)] * count
        return [{k: 1.0} for k in range(first, self.size)]

    def slack(self) -> int:
        """Add a slack (at least 0, kept small) and return it."""
        self.size += 1
        self.scales.append(None)
        return self.size - 1


@dataclass(frozen=True, slots=True)
class Known:
    """What the model knows of how the tables' respondents relate, once every link is made.

    Attributes
    ----------
    rests : mapping of (table, column) to {row: variable}
        The lines worked out (``_variables.rest_lines``).
    parts : sequence of (int, int)
        Pairs of tables of which the first counts some of the second's respondents
        (``_links.link_filters``).
    nests : sequence of NestLink
        Each table by a nested banner, with a table by a banner it nests in.
    """

    rests: Mapping[tuple[int, str], dict[str, int]]
    parts: Sequence[tuple[int, int]]
    nests: Sequence[NestLink]


def link_patterns(
    model: Model, tables: Sequence[Table], links: Sequence[NetLink], known: Known
) -> None:
    """Link the nets of each multi-response set through one split of its tick patterns.

    `links` pairs each table of nets with its options. Single-answer nets are linked by
    :func:`tracktr.disclosure._nets._link_nets`.
    """
    sets: dict[tuple[str | None, bool], list[NetLink]] = {}
    for link in links:
        options = tables[link.options]
        if options.kind == "multi" and options.percent_axis == "columns":
            sets.setdefault((options.question, options.weighted), []).append(link)
    for (question, weighted), members in sets.items():
        used = _used(tables, members)
        if len(used) > MAX_PATTERN_OPTIONS:
            raise too_many_options(len(used))
        programme = _Programme(used, [c for c in itertools.product((0, 1), repeat=len(used))
                                      if any(c)])  # fmt: skip
        if not _link_set(model, tables, members, known, programme,
                         question=question, weighted=weighted):  # fmt: skip
            for link in members:  # the ties do not fit: column by column, as a reader may
                link_column_patterns(model, tables, link)
            link_net_rests(model, tables, members, known.rests)
    for link in links:  # the nets of a grid by items: column by column
        options = tables[link.options]
        if options.kind == "multi" and options.percent_axis != "columns":
            link_column_patterns(model, tables, link)


ALL_OPTIONS = 4
"""Up to this many options, a set's patterns are of all its options, not only those named."""


def _used(tables: Sequence[Table], links: Sequence[NetLink]) -> list[str]:
    """Return the options the patterns are of, in the order of the first table's options.

    Every option of a set of up to :data:`ALL_OPTIONS` (a reader who solves for the
    organisations of each kind knows how many ticked Mentoring with Housing, though no
    net names Mentoring: the North's CRC organisations who ticked only Mentoring are some
    of all CRC organisations who did); else the options the nets name.
    """
    named = {m for link in links for _, parts in link.members for m in parts}
    order = [str(o) for o in _options(tables[links[0].options])]
    return order if len(order) <= ALL_OPTIONS else [m for m in order if m in named]


def _link_set(
    model: Model,
    tables: Sequence[Table],
    links: Sequence[NetLink],
    known: Known,
    programme: _Programme,
    *,
    question: str | None,
    weighted: bool,
) -> bool:
    """Split one set's patterns jointly and link them; False if no split fits the ties."""
    used, patterns = programme.used, programme.patterns
    members = [
        t
        for t, table in enumerate(tables)
        if table.kind == "multi"
        and table.percent_axis == "columns"
        and table.question == question
        and table.weighted == weighted
        and t not in {link.nets for link in links}
        and set(used) <= {str(o) for o in _options(table)}
        and len({str(c) for c in table.counts.columns}) == len(table.counts.columns)
    ]
    lines: dict[tuple[int, str], _Line] = {}
    for t in members:
        for line in _table_lines(model, tables[t], t, known.rests):
            lines[(t, line.label)] = line
    for (t, _), line in lines.items():
        if line.printed:
            scale = model.scale[next(iter(line.base))] if line.base else 1.0
            line.patterns = programme.unknowns(len(patterns), t, scale)
    for t in members:
        _tie_groups(lines, t, len(patterns))
    for line in lines.values():
        _counts_and_base(programme, line)
    for link in links:
        _nets(model, programme, lines, tables, link)
    _tie_same_lines(model, programme, lines, len(patterns))
    for t, u in known.parts:
        if t in members and u in members:
            _tie_parts(programme, lines, (t, u), rests=same_banner(tables[t], tables[u]))
    for nest in known.nests:
        if nest.nested in members and nest.outer in members:
            _tie_nests(programme, lines, nest)
    split = _solve(model, programme)
    if split is None:
        return False
    _add_to_model(model, programme, split)
    return True


def _table_lines(
    model: Model, table: Table, t: int, rests: Mapping[tuple[int, str], dict[str, int]]
) -> list[_Line]:
    """Return a table's printed lines and its rest of those in no group (if worked out)."""
    at = model.positions[t]
    options = [str(o) for o in _options(table)]
    out = []
    for j, label in enumerate(table.counts.columns):
        counts = {m: {at[("count", i, j)]: 1.0} for i, m in enumerate(options)}
        base_at = list(table.bases.index).index(label)
        out.append(_Line(t, str(label), counts, {at[(BASE, base_at, -1)]: 1.0}, printed=True))
    rest = rests.get((t, NO_GROUP))
    columns = [str(c) for c in table.counts.columns]
    if TOTAL in columns and len(columns) > 1 and _groups_add_up(model, out, rest, options):
        found = rest or {}
        counts = {m: ({found[m]: 1.0} if m in found else {}) for m in options}
        base = {found[BASE_ROW]: 1.0} if BASE_ROW in found else {}
        out.append(_Line(t, NO_GROUP, counts, base, printed=False))
    return out


def _groups_add_up(
    model: Model, lines: list[_Line], rest: dict[str, int] | None, options: list[str]
) -> bool:
    """Whether the groups and the rest add up to the total (the model's row equations)."""
    total = next(line for line in lines if line.label == TOTAL)
    groups = [line for line in lines if line.label != TOTAL]
    found = rest or {}
    for m, form in (*((m, total.counts[m]) for m in options), (BASE_ROW, total.base)):
        whole = _value(model, form)
        shown = sum(_value(model, (g.base if m == BASE_ROW else g.counts[m])) for g in groups)
        worked_out = model.values[found[m]] if m in found else 0.0
        if not _same(whole, shown + worked_out):
            return False
    return True


def _tie_groups(lines: dict[tuple[int, str], _Line], t: int, size: int) -> None:
    """Give the rest of a table the total's patterns less its groups'."""
    rest = lines.get((t, NO_GROUP))
    if rest is None:
        return
    total = lines[(t, TOTAL)]
    groups = [line for (u, label), line in lines.items()
              if u == t and label not in (TOTAL, NO_GROUP)]  # fmt: skip
    for k in range(size):
        form = dict(total.patterns[k])
        for group in groups:
            for x, c in group.patterns[k].items():
                form[x] = form.get(x, 0.0) - c
        rest.patterns.append(form)


def _counts_and_base(programme: _Programme, line: _Line) -> None:
    """Each option the sum of the patterns that hold it, all of them within the base.

    A rest's options follow from its total's and groups' (the same sums), but that its
    patterns are at least 0 and fit its base does not. Where the counts allow everyone
    in the base to have ticked something, the patterns and those who ticked only options
    no net names (at most the sum of those options) make up the base (a slack of 0 in
    :func:`_solve`).
    """
    used, patterns = programme.used, programme.patterns
    if line.printed:
        for k, m in enumerate(used):
            holding = _sum([line.patterns[p] for p, c in enumerate(patterns) if c[k]])
            programme.equal.append((holding, _negated(line.counts[m])))
    else:
        for form in line.patterns:
            programme.at_most.append((_negated(form), {}))
    every = _sum(line.patterns)
    programme.at_most.append((every, _negated(line.base)))
    if line.base:
        others = [form for m, form in line.counts.items() if m not in used]
        variables = _merge(line.base, *map(_negated, others))
        programme.everyone.append((programme.slack(), _negated(every), variables))


def _nets(
    model: Model,
    programme: _Programme,
    lines: dict[tuple[int, str], _Line],
    tables: Sequence[Table],
    link: NetLink,
) -> None:
    """Each net the sum of the patterns that meet it, in every line the nets print."""
    used, patterns = programme.used, programme.patterns
    nets = tables[link.nets]
    net_at, net_line = _lines(nets)
    at = model.positions[link.nets]
    for across, j in net_line.items():
        line = lines.get((link.options, str(across)))
        if line is None:
            continue
        for name, parts in link.members:
            inside = [used.index(m) for m in parts if m in used]
            meeting = _sum([line.patterns[p] for p, c in enumerate(patterns)
                            if any(c[k] for k in inside)])  # fmt: skip
            net = at[("count", net_at[name], j)]
            programme.equal.append((meeting, {net: -1.0}))


def _tie_same_lines(
    model: Model, programme: _Programme, lines: dict[tuple[int, str], _Line], size: int
) -> None:
    """Tie the patterns of the lines of two tables that print the same numbers.

    As :func:`tracktr.disclosure._links.link_subsets` takes them for one line: the same
    options, every count and the base equal, in weights and in respondents; and of one
    group, or the ``All`` column of a table of that group's respondents (the North's
    column by region, the ``All`` column of the North's own breakdown).
    """
    found: dict[Hashable, list[_Line]] = {}
    for line in lines.values():
        if not line.printed:
            continue
        variables = [*(v for m in sorted(line.counts) for v in line.counts[m]), *line.base]
        people = tuple(round(model.respondents[v]) if np.isfinite(model.respondents[v]) else -1
                       for v in variables)  # fmt: skip
        found.setdefault((tuple(sorted(line.counts)), people), []).append(line)
    for alike in found.values():
        for first, second in itertools.combinations(alike, 2):
            if first.table == second.table or not _same_numbers(model, first, second):
                continue
            if TOTAL not in (first.label, second.label) and first.label != second.label:
                continue  # x's w and everyone's v, alike by chance: two sets of respondents
            for k in range(size):
                programme.equal.append((_merge(first.patterns[k], _negated(second.patterns[k])),
                                        {}))  # fmt: skip


def _same_numbers(model: Model, first: _Line, second: _Line) -> bool:
    pairs = [(first.counts[m], second.counts[m]) for m in first.counts]
    pairs.append((first.base, second.base))
    return all(_same(_value(model, a), _value(model, b)) for a, b in pairs)


def _tie_parts(
    programme: _Programme,
    lines: dict[tuple[int, str], _Line],
    pair: tuple[int, int],
    *,
    rests: bool,
) -> None:
    """Each pattern of a part's line at most the whole's (the North's CRC of all CRC).

    With `rests` (the same banner), those in no group too.
    """
    t, u = pair
    for (s, label), line in lines.items():
        whole = lines.get((u, label))
        if s == t and whole is not None and (label != NO_GROUP or rests):
            _at_most(programme, [line], whole)


def _tie_nests(programme: _Programme, lines: dict[tuple[int, str], _Line], nest: NestLink) -> None:
    """Each pattern of an outer group at least its nested groups' (``North / CRC`` of North)."""
    for group, inner in nest.members:
        whole = lines.get((nest.outer, str(group)))
        some = [lines[(nest.nested, str(label))] for label in inner
                if (nest.nested, str(label)) in lines]  # fmt: skip
        if whole is not None and len(some) == len(inner):
            _at_most(programme, some, whole)


def _at_most(programme: _Programme, some: Sequence[_Line], whole: _Line) -> None:
    """Each pattern of some lines together at most the whole's, and their base less it.

    The lines are of respondents of the whole, none in two of them: the North's CRC
    organisations of all CRC organisations, or the nested groups ``North / CRC`` and
    ``North / Other`` of ``North``. Those of the whole in none of them ticked each
    pattern at least 0 times, and fit in the base left.
    """
    for k in range(len(programme.patterns)):
        unknowns = _merge(*(line.patterns[k] for line in some), _negated(whole.patterns[k]))
        programme.at_most.append((unknowns, {}))
    left = _merge(_sum(whole.patterns), *(_negated(_sum(line.patterns)) for line in some))
    bases = _merge(*(line.base for line in some), _negated(whole.base))
    programme.at_most.append((left, bases))


def _solve(model: Model, programme: _Programme) -> np.ndarray | None:
    """Return a split that fits every constraint at the true values (None: none does).

    Of those, one that leaves as few as it can of the slacks of "everyone ticked
    something" above 0.
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    values = model.array()

    def matrix(rows: list[tuple[dict[int, float], Form]]) -> tuple[Any, npt.NDArray[np.float64]]:
        r, c, d = [], [], []
        rhs = np.zeros(len(rows))
        for i, (unknowns, variables) in enumerate(rows):
            for k, a in unknowns.items():
                r.append(i)
                c.append(k)
                d.append(a)
            rhs[i] = -sum(a * values[v] for v, a in variables.items())
        shape = (len(rows), programme.size)
        return coo_matrix((d, (r, c)), shape=shape).tocsr(), rhs

    relaxed = [(_merge(unknowns, {slack: -1.0}), variables)
               for slack, unknowns, variables in programme.everyone]  # fmt: skip
    a_eq, b_eq = matrix(programme.equal)
    a_ub, b_ub = matrix([*programme.at_most, *relaxed])
    cost = np.zeros(programme.size)
    cost[[slack for slack, _, _ in programme.everyone]] = 1.0
    # Tight tolerances: the split joins the model as true values, which must meet every
    # link as the printed numbers do (HiGHS' default leaves errors of 1e-7).
    exact = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
    for room in (0.0, _tolerance(values)):  # weighted sums may be off in the last digits
        found = linprog(cost, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub + room,
                        bounds=(0, None), method="highs", options=exact)  # fmt: skip
        if found.status == 0:
            return np.asarray(found.x, dtype=float)
    return None


def _add_to_model(model: Model, programme: _Programme, split: npt.NDArray[np.float64]) -> None:
    """Add the split's unknowns to the model, and every constraint over them."""
    variables: list[int] = []
    for x, of in zip(split, programme.scales, strict=True):
        if of is None:  # a slack: not an unknown of the reader's
            variables.append(-1)
            continue
        table, scale = of
        variables.append(model.add(None, value=max(float(x), 0.0), respondents=np.nan,
                                   scale=scale, kind=REMAINDER, table=table,
                                   integral=False))  # fmt: skip
    tol = _tolerance(model.array())
    everyone = [(u, v) for slack, u, v in programme.everyone if split[slack] <= tol]
    for rows, into in ((programme.equal, model.equations),
                       ([*programme.at_most, *everyone], model.inequalities)):  # fmt: skip
        for unknowns, others in rows:
            terms: dict[int, float] = {}
            for k, a in unknowns.items():
                terms[variables[k]] = terms.get(variables[k], 0.0) + a
            for v, a in others.items():
                terms[v] = terms.get(v, 0.0) + a
            kept = {v: a for v, a in terms.items() if a != 0.0}
            line = programme.scales[min(unknowns)] if unknowns else None
            if kept and line is not None:  # the table of its first unknown's line
                into.append((line[0], kept))


def _value(model: Model, form: Form) -> float:
    return sum(c * model.values[v] for v, c in form.items())


def _sum(forms: Sequence[Mapping[int, float]]) -> dict[int, float]:
    return _merge(*forms)


def _merge(*forms: Mapping[int, float]) -> dict[int, float]:
    out: dict[int, float] = {}
    for form in forms:
        for k, c in form.items():
            out[k] = out.get(k, 0.0) + c
    return out


def _negated(form: Mapping[int, float]) -> dict[int, float]:
    return {k: -c for k, c in form.items()}

"""A question beside a coarser version of it: a recode's options are sums of the original's.

``frequencies(q)`` and ``frequencies(q_band)`` of the same organisations, where the band
"Low" is options a and b of ``q``, print two questions to the model but one to a reader
who reads the band's definition (a codebook, a title, a footnote): a hidden ``a`` was
given back exactly as "Low" less ``b``. The model cannot read a recode's definition, so
it looks for one in the numbers: where every count of the coarse table is the sum of a
group of the fine table's counts (options the recode left out, made missing, in no
group), in every column both print, the reader may know those sums, and they are true
of the printed counts whatever the tables are, so adding them never hides the truth
from the model (it may hide more than needed where a grouping fits by chance). Where
several groupings fit, none is linked: the reader knows one of them, and all of them
together would bind the options to each other. The user can say what the reader knows
(``protect(..., recodes=...)``): a declared recode is linked by its stated groups, with
no search, and a pair that several groupings fit (or that the search gave up on), not
declared, is kept in ``Model.unlinked`` for the protected set's notes.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._variables import Model, _across, _options, _same
from tracktr.exceptions import InvalidOptionError
from tracktr.table import Table

Recodes: TypeAlias = Mapping[str, tuple[str, Mapping[str, Sequence[str]]] | None]
"""``{coarse question: (fine question, {coarse label: [fine labels it sums]})}``.

``None`` in place of the pair declares that the question is a recode of no question
of the set (its counts fit another's by chance). Labels are text, as tables print them
(a codebook's labels are).
"""

SEVERAL = "several"
"""Why a pair was not linked: several groupings of the fine options fit the coarse counts."""
BUDGET = "budget"
"""Why a pair was not linked: the search for groupings went past its budget."""


@dataclass(frozen=True, slots=True)
class Declared:
    """A recode the user declared: `coarse`'s options are sums of groups of `fine`'s.

    `groups` holds each coarse label with the fine labels it sums; a fine option in no
    group is the recode's missing. `groups` is empty for a question declared a recode of
    none (`fine` is then empty too).
    """

    coarse: str
    fine: str
    groups: tuple[tuple[Hashable, tuple[Hashable, ...]], ...]


_MAX_STEPS = 20_000
"""Steps of the search for groupings of one pair of tables before it gives up (no link)."""


class _TooManyError(Exception):
    """The search for groupings of one pair of tables went past its budget."""


_SHAPE_HINT = (
    "Hint: recodes={'q_band': ('q', {'Low': ['a', 'b'], 'High': ['c', 'd']})} says "
    "that Low of q_band is a + b of q and High is c + d (options of q in no group are "
    "q_band's missing); recodes={'g': None} says that g is a recode of no question."
)


def check_recodes(recodes: object) -> tuple[Declared, ...]:
    """Check the shape of ``protect(..., recodes=...)``; the labels are checked on the tables.

    Raises :class:`~tracktr.InvalidOptionError` for anything but a mapping of question
    ids to ``(question id, {label: [labels]})`` or ``None``, a recode of itself, and a
    group naming an option twice, or an option named by two groups (it would be counted
    in both bands, where a recode puts each answer in one).
    """
    if recodes is None:
        return ()
    if not isinstance(recodes, Mapping):
        msg = f"`recodes` must be a mapping of question ids; got {recodes!r}."
        raise InvalidOptionError(f"{msg}\n\n{_SHAPE_HINT}")
    out = []
    for coarse, declared in recodes.items():
        if not isinstance(coarse, str):
            msg = f"`recodes` keys must be question ids (text); got {coarse!r}."
            raise InvalidOptionError(f"{msg}\n\n{_SHAPE_HINT}")
        if declared is None:
            out.append(Declared(coarse, "", ()))
            continue
        if not (isinstance(declared, tuple | list) and len(declared) == 2):
            msg = (
                f"`recodes[{coarse!r}]` must be a pair (fine question id, "
                f"{{label: [options]}}), or None; got {declared!r}."
            )
            raise InvalidOptionError(f"{msg}\n\n{_SHAPE_HINT}")
        fine, groups = declared
        if not isinstance(fine, str) or fine == coarse:
            msg = (
                f"`recodes[{coarse!r}]` must name the question it recodes (another "
                f"question id, as text); got {fine!r}."
            )
            raise InvalidOptionError(f"{msg}\n\n{_SHAPE_HINT}")
        if not isinstance(groups, Mapping) or not groups:
            msg = (
                f"`recodes[{coarse!r}]` must give the groups of {fine!r} as a non-empty "
                f"mapping of {coarse!r}'s labels to {fine!r}'s; got {groups!r}."
            )
            raise InvalidOptionError(f"{msg}\n\n{_SHAPE_HINT}")
        out.append(Declared(coarse, fine, _checked_groups(coarse, fine, groups)))
    return tuple(out)


def _checked_groups(
    coarse: str, fine: str, groups: Mapping[object, object]
) -> tuple[tuple[Hashable, tuple[Hashable, ...]], ...]:
    """Return the groups as tuples; raise for a group that is no list, or names an option twice."""
    # Imported here: `import tracktr` must not load tracktr.survey (test_lazy_import).
    from tracktr.survey._checks import _hashable

    seen: dict[Hashable, Hashable] = {}
    out = []
    for label, members in groups.items():
        if isinstance(members, str | bytes) or not isinstance(members, Sequence | frozenset | set):
            msg = (
                f"`recodes[{coarse!r}]`: the group {label!r} must be a list of options of "
                f"{fine!r}; got {members!r}."
            )
            raise InvalidOptionError(f"{msg}\n\n{_SHAPE_HINT}")
        for option in members:
            if not _hashable(option):  # a label is text or a number, never a list
                msg = (
                    f"`recodes[{coarse!r}]`: the group {label!r} names {option!r}, which is "
                    f"no option of {fine!r}: a group lists labels (text), not lists of them."
                )
                raise InvalidOptionError(f"{msg}\n\n{_SHAPE_HINT}")
            if option in seen:
                where = "twice" if seen[option] == label else f"in {seen[option]!r} too"
                msg = (
                    f"`recodes[{coarse!r}]`: option {option!r} of {fine!r} is named by "
                    f"the group {label!r} {where}. A recode puts each answer in one group."
                )
                raise InvalidOptionError(f"{msg}\n\n{_SHAPE_HINT}")
            seen[option] = label
        out.append((label, tuple(members)))
    return tuple(out)


def link_coarsenings(
    model: Model, tables: Sequence[Table], declared: Sequence[Declared] = ()
) -> None:
    """Link each coarse table's counts to the sums of the fine table's they equal.

    A pair is a fine and a coarse single-answer table (percentages down the columns) of
    two questions, both weighted or both not, with fewer options in the coarse one, that
    share a column, the coarse bases at most the fine ones, and no breakdown of
    the one by the other's options in the set (it prints their joint counts, which the
    model holds). Where one grouping of the fine options (each option with a count in
    one group, or left out of the recode) has the coarse counts as its sums in every
    shared column, its equations are added. Where several do, none is: a reader who
    knows which is the recode knows one of them, and all of them together bind the fine
    counts to each other (the model hid a whole set of 12 organisations). Such a pair,
    and one the search gave up on, is kept in ``model.unlinked`` (fine table, coarse
    table, why): the protected set says so where it hides a number of either table.

    A pair `declared` (``protect(..., recodes=...)``) is linked by its stated groups, in
    every pair of tables of the two questions that share a column, with no search; a
    question declared a recode of none (``None``) is left out of the search. Warning
    of every pair whose groupings are several was weighed and not chosen: small
    unrelated questions add up alike by chance, and most such pairs hide nothing.
    """
    known = _link_declared(model, tables, declared)
    # Each table's options, lines, bases and counts, read once: a set may hold hundreds
    # of tables, and pandas' indexing (and `weighted`) cost more than the search.
    faces = [(frozenset(_options(t)), frozenset(_across(t))) for t in tables]
    bases = [dict(zip(t.bases.index, t.bases.to_numpy(dtype=float), strict=True)) for t in tables]
    counts = [t.counts.to_numpy(dtype=float) for t in tables]
    lines = [{label: j for j, label in enumerate(_across(t))} for t in tables]
    kinds = [(t.question, t.weighted, len(t.counts.index)) for t in tables]
    # A band printed with an option no one gave ("Other", 0 everywhere) may have as many
    # rows as its question, and still be a recode of fewer: count the options given.
    given = [int(c.any(axis=1).sum()) for c in counts]
    singles = [u for u, t in enumerate(tables) if _single(t)]
    for f in singles:
        for c in singles:
            (question, weighted, many), (other, other_weighted, few) = kinds[f], kinds[c]
            if f == c or question == other or weighted != other_weighted:
                continue
            if other in known or few < 2 or given[c] >= many:  # a recode has fewer options
                continue
            shared = _shared(list(lines[f]), bases[f], bases[c])
            if not shared:
                continue
            fine = counts[f][:, [lines[f][a] for a in shared]]
            coarse = counts[c][:, [lines[c][a] for a in shared]]
            try:
                groupings = _groupings(fine, coarse)
            except _TooManyError:
                groupings = []
                why = BUDGET
            else:
                why = SEVERAL
            if _broken_down(faces, faces[f][0], faces[c][0]):
                continue
            if len(groupings) == 1:
                _add_sums(model, (f, tables[f]), (c, tables[c]), shared, groupings[0])
            elif why == BUDGET or len(groupings) > 1:
                model.unlinked.append((f, c, why))


def _link_declared(model: Model, tables: Sequence[Table], declared: Sequence[Declared]) -> set[str]:
    """Link each declared recode by its groups; return the coarse questions declared.

    Raises :class:`~tracktr.InvalidOptionError` where the set holds no table of one of
    the two questions (or of a question declared a recode of none), where one is
    weighted and the other not, where a table of one is of a multi-response set or a
    grid (whose options do not add up to a recode's: nets do), where a label is in the declaration
    but not in the table (or in the coarse table but in no group), and where the
    printed counts contradict the groups' sums in a shared column.
    """
    known: set[str] = set()
    for recode in declared:
        known.add(recode.coarse)
        if not recode.fine:  # a recode of none: only left out of the search
            if not any(t.question == recode.coarse for t in tables):
                # A misspelt id would leave the pair it meant unsettled, and say nothing.
                msg = (
                    f"`recodes` declares {recode.coarse!r} a recode of no question, but no "
                    "table of the set is of it (tables are matched by `Table.question`); "
                    f"the set's questions are {sorted({str(t.question) for t in tables})}."
                )
                hint = "Hint: write the question id as the tables carry it, or leave it out."
                raise InvalidOptionError(f"{msg}\n\n{hint}")
            continue
        coarse = _tables_of(tables, recode.coarse, recode)
        fine = _tables_of(tables, recode.fine, recode)
        for c in coarse:
            for f in fine:
                if tables[f].weighted != tables[c].weighted:
                    # Weighted sums beside counts of organisations: no sum links them.
                    msg = (
                        f"`recodes` declares {recode.coarse!r} a recode of {recode.fine!r}, "
                        f"but the table at position {c if tables[c].weighted else f} of the "
                        "set is weighted and the one at position "
                        f"{f if tables[c].weighted else c} is not: the model cannot link "
                        "their counts."
                    )
                    hint = "Hint: publish both weighted (with the same weights), or both not."
                    raise InvalidOptionError(f"{msg}\n\n{hint}")
                lines = [a for a in _across(tables[f]) if a in set(_across(tables[c]))]
                if lines:
                    grouping = _declared_grouping(tables[f], tables[c], recode)
                    _check_sums(tables[f], tables[c], lines, grouping, recode)
                    _add_sums(model, (f, tables[f]), (c, tables[c]), lines, grouping)
    return known


def _tables_of(tables: Sequence[Table], question: str, recode: Declared) -> list[int]:
    """Return the positions of the tables of options of `question` (nets left out)."""
    found = [u for u, t in enumerate(tables) if t.question == question]
    if not found:
        msg = (
            f"`recodes` declares {recode.coarse!r} a recode of {recode.fine!r}, but no table "
            f"of the set is of {question!r} (tables are matched by `Table.question`)."
        )
        hint = "Hint: leave the declaration out, or pass the tables of both questions."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    for u in found:
        if tables[u].kind in ("multi", "grid") or tables[u].percent_axis != "columns":
            msg = (
                f"`recodes` declares {recode.coarse!r} a recode of {recode.fine!r}, but "
                f"the table of {question!r} at position {u} of the set is not of a "
                "single-answer question with percentages down the columns (kind "
                f"{tables[u].kind!r}): its options do not add up to a recode's."
            )
            hint = (
                "Hint: publish the bands of a multi-response set or a grid as nets "
                "(tt.multi_nets, tt.net_table), which the model links by their note."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")
    # A table of nets of the question (not a partition) prints sums, not its options.
    return [u for u in found if tables[u].partition]


def _declared_grouping(fine: Table, coarse: Table, recode: Declared) -> list[int]:
    """Return, for each option of the fine table, its group's row in the coarse table (-1: none).

    Raises where a declared label is not in its table, or a coarse label in no group.
    """
    options, bands = _options(fine), _options(coarse)
    named = [label for label, _ in recode.groups]
    for what, question, wanted, printed in (
        ("group", recode.coarse, named, bands),
        ("option", recode.fine, [o for _, members in recode.groups for o in members], options),
    ):
        absent = [label for label in wanted if label not in printed]
        if absent:
            msg = (
                f"`recodes[{recode.coarse!r}]` names {what}(s) {absent} that the table of "
                f"{question!r} does not print; it prints {list(printed)}."
            )
            hint = (
                "Hint: write the labels as the tables print them; tabulate with "
                "survey=... so that every option is printed, given or not."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")
    left = [label for label in bands if label not in named]
    if left:
        msg = (
            f"`recodes[{recode.coarse!r}]` gives no group of {recode.fine!r} for "
            f"{left}, which the table of {recode.coarse!r} prints."
        )
        hint = "Hint: give every option of the recode its options of the question ([] for none)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    to = {o: bands.index(label) for label, members in recode.groups for o in members}
    return [to.get(option, -1) for option in options]


def _check_sums(
    fine: Table, coarse: Table, lines: Sequence[Hashable], grouping: list[int], recode: Declared
) -> None:
    """Raise where a group's printed counts do not add up to its coarse count in a column."""
    options, bands = _options(fine), _options(coarse)
    fine_at, coarse_at = _across(fine), _across(coarse)
    many, few = fine.counts.to_numpy(dtype=float), coarse.counts.to_numpy(dtype=float)
    for across in lines:
        column = many[:, fine_at.index(across)]
        for g, band in enumerate(bands):
            members = [o for o, to in zip(options, grouping, strict=True) if to == g]
            total = float(sum(v for v, to in zip(column, grouping, strict=True) if to == g))
            printed = float(few[g, coarse_at.index(across)])
            if not _same(total, printed):
                msg = (
                    f"`recodes[{recode.coarse!r}]` says {band!r} of {recode.coarse!r} is "
                    f"{' + '.join(map(repr, members)) or 'no option'} of {recode.fine!r}, "
                    f"but in column {across!r} they count {_number(total)} and "
                    f"{band!r} counts {_number(printed)}."
                )
                hint = (
                    "Hint: correct the groups; if the two tables are of different "
                    "respondents (a filter, a wave), they are not one recode: protect "
                    "them apart, or leave the declaration out."
                )
                raise InvalidOptionError(f"{msg}\n\n{hint}")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _broken_down(
    faces: Sequence[tuple[frozenset[Hashable], frozenset[Hashable]]],
    fine: frozenset[Hashable],
    coarse: frozenset[Hashable],
) -> bool:
    """Whether a table of the set prints one question's options by the other's."""
    return any(
        (fine <= rows and coarse <= columns) or (coarse <= rows and fine <= columns)
        for rows, columns in faces
    )


def _single(table: Table) -> bool:
    """Whether a table is of a single-answer question, percentages down the columns."""
    return (
        table.kind in ("single", "crosstab") and table.partition and table.percent_axis == "columns"
    )


def _shared(
    lines: Sequence[Hashable], fine: Mapping[Hashable, float], coarse: Mapping[Hashable, float]
) -> list[Hashable]:
    """Return the lines both tables print (none if a base of the coarse one is larger).

    The recode may leave options out (they become missing): its bases are at most.
    """
    shared = [a for a in lines if a in coarse]
    if not all(coarse[a] <= fine[a] or _same(fine[a], coarse[a]) for a in shared):
        return []
    return shared


def _groupings(fine: npt.NDArray[np.float64], coarse: npt.NDArray[np.float64]) -> list[list[int]]:
    """Return the assignments of fine options to coarse ones whose sums are the coarse counts.

    The search stops at the second found: the caller needs to know only whether one fits.

    An option counted 0 in every column is left out (in no group): it adds nothing to
    any sum. Where the coarse counts add up to fewer than the fine ones (the recode left
    options out: "Don't know" made missing), options may be left out of every group,
    their counts adding up to the difference in every column. The search assigns the
    largest options first and stops a branch as soon as a coarse count is overdrawn; it
    raises :class:`_TooManyError` past its budget.
    """
    spare = [float(v) for v in fine.sum(axis=0) - coarse.sum(axis=0)]
    tolerance = 1e-9 * max(1.0, float(np.abs(fine).sum()))
    if min(spare) < -tolerance:
        return []  # the coarse options hold respondents the fine ones do not
    order = [int(i) for i in np.argsort(-fine.sum(axis=1), kind="stable") if fine[i].any()]
    # Plain lists: the search takes many small steps, each cheaper than numpy's.
    rows = [[float(v) for v in fine[i]] for i in order]
    room = [[float(v) for v in line] for line in coarse]
    room.append(spare)  # the last "group": options the recode left out
    chosen = [-1] * len(fine)
    found: list[list[int]] = []
    steps = 0

    def place(k: int) -> None:
        nonlocal steps
        if len(found) > 1:
            return
        if k == len(order):
            if all(abs(v) <= tolerance for line in room for v in line):
                found.append(list(chosen))
            return
        row = rows[k]
        for g, line in enumerate(room):
            steps += 1
            if steps > _MAX_STEPS:
                raise _TooManyError
            if all(have - need >= -tolerance for have, need in zip(line, row, strict=True)):
                for j, need in enumerate(row):
                    line[j] -= need
                chosen[order[k]] = g if g < len(coarse) else -1
                place(k + 1)
                for j, need in enumerate(row):
                    line[j] += need
                chosen[order[k]] = -1

    place(0)
    return found


def _add_sums(
    model: Model,
    fine: tuple[int, Table],
    coarse: tuple[int, Table],
    shared: Sequence[Hashable],
    grouping: list[int],
) -> None:
    """Add, in every shared column, each coarse count = the sum of its group's counts."""
    (f, fine_table), (c, coarse_table) = fine, coarse
    fine_at = {label: j for j, label in enumerate(_across(fine_table))}
    coarse_at = {label: j for j, label in enumerate(_across(coarse_table))}
    for across in shared:
        for g in range(len(_options(coarse_table))):
            parts = [
                model.positions[f].get(("count", i, fine_at[across]))
                for i, to in enumerate(grouping)
                if to == g
            ]
            whole = model.positions[c].get(("count", g, coarse_at[across]))
            if whole is None or None in parts:
                continue  # a cell the model holds no unknown for (none is printed)
            terms = dict.fromkeys((p for p in parts if p is not None), 1.0)
            terms[whole] = terms.get(whole, 0.0) - 1.0
            model.equations.append((c, terms))

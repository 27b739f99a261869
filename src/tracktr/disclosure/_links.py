"""Links between the lines of different tables: the same respondents printed twice.

A reader matches what several tables print of the same respondents, by their labels and
the numbers shown, and so does the model:

- a breakdown printed without its ``All`` column adds up to the total another table
  prints, less those whose group is missing (:func:`link_totals`);
- a group's base is at most its count in the grouping question's table
  (:func:`link_groups`);
- a line of one table (a column of a breakdown, a row of a grid) that prints the same
  options, base and counts as a line of another table of the question is the same
  numbers: a one-way table of one group's respondents is that group's column of a
  breakdown, the ``All`` column of one wave's breakdown that wave's column of a trend,
  and the table of a grid's item its row (:func:`link_subsets`);
- a breakdown of some of another's respondents (the North's, by funder, beside everyone's
  by funder) counts at most what the other counts, line by line, and parts that share no
  one add up to at most the whole, the rest those in none of them (:func:`link_filters`;
  which are of whose respondents is read from the tables' rows where known, else from
  the numbers);
- the groups of a nested banner (``"North / CRC"``, ``"North / Other"``) add up to their
  outer group (``"North"``, or ``"CRC"``, or a middle name of a deeper nest), less those
  of it with no inner group (:func:`link_nests`);
- a breakdown of one wave is that wave's block of a trend by group
  (``"2015-05: Funded by a CRC"``; :func:`link_blocks`), and a wave's column of a trend is
  the sum of that wave's block, less those with no group (:func:`link_wave_sums`);
- a grid by group: each item's rows of the groups add up to its ``All`` row, less those
  with no group (:func:`link_group_rows`).

Where the labels match but the numbers do not (other respondents: a filter), the nested
and block links are not made, and a :class:`tracktr.DisclosureWarning` says so.
"""

from __future__ import annotations

import functools
import itertools
import warnings
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_integer_dtype, is_object_dtype, is_string_dtype

from tracktr.banners import NESTED_SEPARATOR
from tracktr.disclosure._variables import (
    BASE,
    BASE_ROW,
    NO_GROUP,
    Model,
    _across,
    _options,
    _same,
    _tolerance,
    _var,
)
from tracktr.exceptions import DisclosureWarning
from tracktr.table import Table
from tracktr.tabulate import TOTAL

BLOCK_SEPARATOR = ": "
"""Joins a block's name and a group in a wider table's columns: ``"2015-05: Funded by a CRC"``
(:func:`tracktr.waves.trend` with ``by=``)."""


TOTAL_BASE = ("base", TOTAL)
"""Names the ``All`` column's base among a line's rows (:func:`_common_lines`)."""

Line = tuple[int, list[int], Hashable]  # the whole, its parts, and the row the audit names
_Expression = tuple[dict[int, float], float]  # a sum of the model's numbers, and its value


def link_groups(model: Model) -> None:
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


def link_totals(model: Model) -> None:
    """Link a breakdown printed without its All column to a total another table prints.

    ``crosstab(q, by=g, total=False)`` beside ``frequencies(q)``: each row of groups sums
    to the total printed elsewhere, less those whose group is missing (a count the reader
    works out, protected like a printed one).
    """
    for t, lines in model.pending:
        for key, parts in lines:
            whole = model.keys.get(key)
            if whole is None:
                continue  # no table prints the total: the groups' sum is unconstrained
            if not _sums_within(model, whole, parts):
                continue  # not the same respondents: no link
            row = key[2] if isinstance(key, tuple) and key[1] == "count" else BASE_ROW
            model.tables[whole].add(t)
            _add_sum(model, t, (whole, parts, row), NO_GROUP)


def _sums_within(model: Model, whole: int, parts: list[int]) -> bool:
    """Whether the parts add up to at most the whole (the same respondents, some left out)."""
    rest = model.values[whole] - sum(model.values[p] for p in parts)
    return rest >= -1e-9 * max(1.0, abs(model.values[whole]))


def _add_sum(
    model: Model, t: int, line: Line, column: Hashable, *, also: int | None = None
) -> int | None:
    """Add ``whole = parts + rest``, the rest a count the reader works out (if not 0).

    The rest counts organisations (those of the whole in none of the parts): when the
    respondents behind the numbers are known, it is sensitive like a printed count.
    Returns the rest's variable (None: it is 0, fixed).
    """
    whole, parts, row = line
    terms = dict.fromkeys(parts, 0.0)
    for p in parts:
        terms[p] += 1.0
    terms[whole] = terms.get(whole, 0.0) - 1.0
    rest = model.values[whole] - sum(model.values[p] for p in parts)
    extra = None
    if rest > 1e-9 * max(1.0, abs(model.values[whole])):
        people = model.respondents[whole] - sum(model.respondents[p] for p in parts)
        extra = model.unprinted(
            (t, row, column),
            value=rest,
            respondents=people if people >= -0.5 else np.nan,
            scale=model.scale[whole],
            integral=model.integral[whole],
        )
        if also is not None:
            model.tables[extra].add(also)
        terms[extra] = 1.0
    if any(v != 0.0 for v in terms.values()):
        model.equations.append((t, terms))
    return extra


def link_subsets(model: Model, tables: Sequence[Table]) -> None:
    """Link a line of one table to the same numbers printed as a line of another table.

    A line is a column of a breakdown (a row of a grid): its options' counts and its
    base. ``frequencies(q)`` of one wave's (or one funder's) respondents prints the
    column of that wave in ``trend(q)`` or ``crosstab(q, g)``; the ``All`` column of
    one wave's ``crosstab(q, by=g)`` is that wave's column of ``trend(q)``; and
    ``frequencies(item)`` prints the item's row of a grid: under other keys, but a
    reader matches them by labels and the numbers shown. The model links any two lines
    of different tables where the options are the same (each once), the tables count
    the same way (weighted or not, a partition or not), they are of one question (a
    grid's row and an item's column may be of two), and every count and the base agree,
    in weights and in respondents.
    """
    found: dict[Hashable, list[_LineOf]] = {}
    for t, table in enumerate(tables):
        for line in _lines(model, t, table):
            found.setdefault(line.signature, []).append(line)
    for lines in found.values():
        for first, second in itertools.combinations(lines, 2):
            if first.table == second.table or not _one_question(first, second):
                continue
            pairs = list(zip(first.variables, second.variables, strict=True))
            if not all(_same(model.values[a], model.values[b]) for a, b in pairs):
                continue
            for a, b in pairs:
                if a != b:
                    model.equations.append((first.table, {a: 1.0, b: -1.0}))


def link_filters(
    model: Model, tables: Sequence[Table], rests: Mapping[tuple[int, str], dict[str, int]]
) -> list[tuple[int, int]]:
    """Bound each number of a table of some of another's respondents by the other's.

    ``crosstab(q, by=g)`` of the North's respondents beside the same breakdown of
    everyone: the North's CRC organisations who disagree are some of the CRC
    organisations who disagree, and the difference (the other regions') is never
    negative. A reader who knows how the two tables were made uses that; without it, a
    hidden count of the whole breakdown was narrowed by the North's printed one (2 of
    12 tab books with such a table beside them). The model bounds each count and base
    of one table by the same (option, group) of the other, where the two break down one
    question by groups with the same labels, counted the same way, and every such
    number of the one is at most the other's (else they are not one set of respondents
    and its part). Lines printing the same numbers are one line (:func:`link_subsets`).
    The lines a reader works out (`rests`: those in no group shown) are bounded so too:
    the North's organisations with no funder are some of everyone's. The difference of
    the two is a column of respondents of its own (the other regions'): in a
    multi-response set, each option of it is at most its base, and its options add up
    to its base or more (:func:`_bound_the_rest`). The part may print fewer options than
    the whole (tabulated without a codebook, a table prints only the options someone
    gave): those it leaves out, no one in it gave. Returns each (part, whole) pair of
    tables so linked.

    Where both tables' rows are known and comparable (:class:`RowsOf`), a table is a
    part only if its rows are all rows of the other: the large organisations' table is
    no part of London's, though its numbers fit (they were linked, and London's less the
    large ones' was protected though no reader can work it out: more hidden than
    needed). Parts that share no row add up, with those in none of them, to their whole
    (:func:`_link_different_parts`).
    """
    parts: list[tuple[int, int]] = []
    alike: dict[tuple[str | None, bool, bool], list[int]] = {}
    for t, table in enumerate(tables):
        if table.percent_axis == "columns":
            alike.setdefault((table.question, table.weighted, table.partition), []).append(t)
    tol = _tolerance(model.array())
    rows = RowsOf(tables)
    for members in alike.values():
        for t, u in itertools.permutations(members, 2):
            if not _options_within(tables[t], tables[u]) or rows.within(t, u) is False:
                continue  # its rows say it is not some of the other's: numbers that fit do not
            lines = _common_lines(model, tables, t, u)
            if not _a_part(model, lines, tol):
                continue
            parts.append((t, u))
            names = _common_groups(tables[t], tables[u])
            worked_out = ((c, rows) for (s, c), rows in rests.items() if s == t)
            for column, mine in worked_out if same_banner(tables[t], tables[u]) else ():
                theirs = rests.get((u, column), {})
                lines.append([(v, theirs[row], row) for row, v in mine.items() if row in theirs])
                names.append(column)
            pairs = [(a, b) for line in lines for a, b, _ in line]
            for a, b in pairs:
                if a != b and model.values[a] <= model.values[b] + tol:
                    model.inequalities.append((t, {a: 1.0, b: -1.0}))
            for line, group in zip(lines, names, strict=True):
                _difference(model, t, u, line, group)
            if not tables[t].partition:
                more = _options_left_out(model, tables, t, u)
                for line, group in zip(lines, names, strict=True):
                    extra = more.get(str(group), [])
                    multi = tables[t].kind == "multi"
                    _bound_the_rest(model, t, line, multi=multi, tol=tol, extra=extra)
    _link_parts_that_add_up(model, tables, parts)
    _link_different_parts(model, tables, parts, rows)
    return parts


class RowsOf:
    """What the rows tables were counted from say of two of them (:attr:`Table.respondents`).

    Two tables' rows are comparable where both are known, each label once, under the same
    name and of one kind (numbers, or text): the index of one survey's frame, filtered by
    boolean masks. Each answer is kept for the next question of the same two tables.
    """

    def __init__(self, tables: Sequence[Table]) -> None:
        self._rows = [_known_rows(table) for table in tables]
        self._within: dict[tuple[int, int], bool | None] = {}
        self._apart: dict[tuple[int, int], bool | None] = {}

    def within(self, t: int, u: int) -> bool | None:
        """Whether table `t`'s rows are all rows of `u`'s; None: the rows do not say."""
        if (t, u) not in self._within:
            mine, theirs = self._rows[t], self._rows[u]
            found = None
            if mine is not None and theirs is not None and _comparable_rows(mine, theirs):
                found = mine is theirs or bool(mine.isin(theirs).all())
                if not found and not _named_ids(mine, theirs):
                    found = None
            self._within[t, u] = found
        return self._within[t, u]

    def apart(self, t: int, u: int) -> bool | None:
        """Whether tables `t` and `u` share no row; None: the rows do not say.

        A label in both says "they share someone" unless either table's rows may be
        renumbered (:func:`_labels_may_repeat`): each region's frame renumbered from 0
        labels its rows 0, 1, 2, ... like every other region's.
        """
        key = (min(t, u), max(t, u))
        if key not in self._apart:
            mine, theirs = self._rows[t], self._rows[u]
            found = None
            if mine is not None and theirs is not None and _comparable_rows(mine, theirs):
                found = mine is not theirs and not bool(mine.isin(theirs).any())
                if not found and _labels_may_repeat(mine, theirs):
                    found = None
            self._apart[key] = found
        return self._apart[key]

    def apart_within(self, t: int, u: int, whole: int) -> bool | None:
        """Whether parts `t` and `u` of `whole` share no row; None: the rows do not say.

        Under an index the user did not name, a label in both says "they share someone"
        only where both parts' rows are all rows of one table's that holds the whole's
        (the whole's own, or everyone's where the whole is a subset): filters of one frame. A
        part whose rows lie outside the whole's may come from a frame numbered apart (the
        North's from wave 1 pooled after wave 2 with ``concat(ignore_index=True)``, the
        South's from wave 1's own frame), where a label in both names two organisations:
        such regions were left unlinked, and everyone's less them printed those with no
        region (5 of 14 random sets). Filters of the whole's own frame keep their labels'
        word, so many overlapping subsets are not all left to the numbers.
        """
        found = self.apart(t, u)
        if found is False and not _named_ids(self._rows[t], self._rows[u]):  # type: ignore[arg-type]
            frames = (w for w in range(len(self._rows)) if w == whole or self.within(whole, w))
            if not any(self.within(t, w) and self.within(u, w) for w in frames):
                return None
        return found


def _known_rows(table: Table) -> pd.Index | None:
    """Return a table's rows where they name each respondent once, else None."""
    rows = table.respondents
    return rows if isinstance(rows, pd.Index) and rows.is_unique else None


def _comparable_rows(first: pd.Index, second: pd.Index) -> bool:
    """Whether two indexes label rows the same way: one name, and numbers or text in both.

    A frame's rows renumbered (``reset_index``) or another frame's are labelled apart from
    the survey's: their labels say nothing of which respondents they are.
    """
    if first.nlevels != second.nlevels or list(first.names) != list(second.names):
        return False
    if first.dtype == second.dtype:
        return True
    kinds = [
        "number" if is_integer_dtype(i.dtype) else "text" if _text(i) else None
        for i in (first, second)
    ]
    return kinds[0] is not None and kinds[0] == kinds[1]


def _named_ids(first: pd.Index, second: pd.Index) -> bool:
    """Whether two tables' rows are labelled by the survey's ids, so labels tell them apart.

    A label outside the other table's rows says "not a part" only under an index the
    user named (``data.set_index("id")``): unnamed, rows renumbered (``reset_index``, a
    ``concat`` with ``ignore_index``, a sorted copy renumbered) are labelled like the
    survey's, and a part so labelled was taken for no part of its whole, which printed
    the difference of the two (a reviewer's attack: the 3 members not in the North). A
    label inside says "a part" under any index: linking more than the truth hides
    more, never less.
    """
    names = [*first.names, *second.names]
    return all(name is not None and name not in _RESET_NAMES for name in names) and not (
        _renumbered(first, second)
    )


_RESET_NAMES = frozenset({"index", "level_0"})
"""The names pandas gives a renumbered frame's old rows (``reset_index().set_index("index")``)."""


def _renumbered(first: pd.Index, second: pd.Index) -> bool:
    """Whether either index may be a frame's rows renumbered from 0 (``reset_index``).

    Unnamed, such rows are comparable with the survey's by the labels' kind, but say nothing
    of who they are: everyone's frame renumbered beside a filter of the survey's left the
    filter outside its whole, and the difference of the two (2 organisations) was printed
    in effect. Where one side is a run 0, 1, 2, ... that does not hold the other, the
    numbers decide: a filter of a frame so numbered lies within it, and is such a run
    only if it keeps the frame's first rows (pandas keeps a contiguous block of a range
    as a range), where the numbers deciding errs on the safe side.
    """
    return any(
        isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
        for index in (first, second)
    )


def _labels_may_repeat(first: pd.Index, second: pd.Index) -> bool:
    """Whether a label in both indexes may name two organisations, one in each.

    Rows renumbered from 0 (:func:`_renumbered`), or kept under the name pandas gives
    renumbered rows (``reset_index().set_index("index")``), are labelled 0, 1, 2, ... in
    every frame so made. Other rows, named or not, are read as the survey's: where two
    filters of it share a label, they share that organisation. (Two frames numbered
    apart and each filtered, such as a ``concat`` with ``ignore_index``, may still
    share labels and no one: see the guide's limits.)
    """
    names = [*first.names, *second.names]
    return _renumbered(first, second) or any(name in _RESET_NAMES for name in names)


def _text(index: pd.Index) -> bool:
    return bool(is_string_dtype(index.dtype) or is_object_dtype(index.dtype))


def _link_different_parts(
    model: Model, tables: Sequence[Table], parts: Sequence[tuple[int, int]], rows: RowsOf
) -> None:
    """Add ``whole = part + part + ... + rest`` for parts of one whole that share no one.

    A table of each region beside everyone's, where some organisations have no region:
    the regions share no respondent (the reader knows it from the titles), so everyone's
    less the regions' is the counts of those with no region, never negative, and of 1 to
    ``threshold - 1`` organisations sensitive like a printed count (reason
    ``"derived"``). Linked only where the parts add up to at most the whole, without
    it 8 of 12 random such sets printed the counts of those with no region. Every
    largest group of parts each two of which may share no one is linked so; where they
    add up to the whole, the rest is 0 and fixed.

    Two parts may share no one where their rows say so, and where the rows cannot tell
    (either's unknown: built from counts, a polars frame; or untrusted: renumbered from
    0) and their numbers fit together within the whole: the reader may know
    from the titles what the rows do not say. Without that, each region's frame
    renumbered from 0 left the regions unlinked, and everyone's less the regions'
    printed those with no region (6 of 14 random sets). Linking parts that in truth
    share someone only hides more: the rest is true of the numbers whenever they fit.
    As the reader may know it of some of such parts only, every largest group of them
    that fits is linked (:func:`_add_every_rest`), not only the first found.
    """
    by_whole: dict[int, list[int]] = {}
    for t, u in parts:
        # Parts by their rows or, where the rows do not tell, by their numbers: a part
        # that is none (another wave's) only makes a group's sum exceed the whole, and
        # smaller groups are then tried without it.
        by_whole.setdefault(u, []).append(t)
    tol = _tolerance(model.array())
    for u, members in by_whole.items():
        done: set[tuple[int, ...]] = set()
        maps = {t: _whole_map(model, tables, t, u) for t in members}
        apart: dict[int, set[int]] = {t: set() for t in members}
        for t, v in itertools.combinations(members, 2):
            found = rows.apart_within(t, v, u)
            if found is None:  # the rows cannot tell: the numbers decide
                found = _fit_together(model, [maps[t], maps[v]], tol)
            if found:
                apart[t].add(v)
                apart[v].add(t)
        for group in _largest_groups(members, apart):
            told = all(rows.within(t, u) for t in group) and all(
                rows.apart(t, v) for t, v in itertools.combinations(group, 2)
            )
            if told:
                _add_rest_or_less(model, tables, u, sorted(group))
            else:
                _add_every_rest(model, tables, u, sorted(group), done)


def _whole_map(model: Model, tables: Sequence[Table], t: int, u: int) -> dict[int, int]:
    """Return each number of the whole `u` that the part `t` prints: the whole's variable, its."""
    return {b: a for a, b in _line_map(model, tables, t, u).values()}


def _fit_together(model: Model, maps: Sequence[Mapping[int, int]], tol: float) -> bool:
    """Whether parts add up to at most their whole in every number they all print.

    In value and in respondents, as parts that share no one do (a respondent count not
    known, NaN, does not fit).
    """
    shared = set(maps[0]).intersection(*maps[1:])
    return all(_within_whole(model, b, [m[b] for m in maps], tol) for b in shared)


def _within_whole(model: Model, whole: int, some: Sequence[int], tol: float) -> bool:
    """Whether numbers add up to at most another, in value and in respondents (NaN: no)."""
    values, people = model.values, model.respondents
    if values[whole] - sum(values[a] for a in some) < -tol:
        return False
    return bool(people[whole] - sum(people[a] for a in some) >= -0.5)


def _add_every_rest(
    model: Model, tables: Sequence[Table], u: int, group: list[int], done: set[tuple[int, ...]]
) -> None:
    """Link every largest group of these parts that fits within the whole, with a rest.

    Parts grouped only because their rows do not tell whether they share anyone: the
    reader may know it of some of them only (the three regions, not the North's large
    organisations beside them) and work out everyone's less those. With the North's
    large ones built from counts beside the regions', the four exceeded everyone's,
    only the first three that fitted were linked (the large ones, the North, the South),
    and a reader read the 4 with no region exactly. A group within one linked needs no
    rest of its own: everyone's less it is that rest plus printed parts, each
    protected. Each group is tried once per whole, largest first, up to
    :data:`_MOST_REST_TRIES` (and :data:`_MOST_GROUPS` looked at), else a warning says so.
    """
    linked: list[set[int]] = []
    candidates = (
        chosen
        for size in range(len(group), 1, -1)
        for chosen in itertools.combinations(group, size)
        if chosen not in done
    )
    tried = 0
    for looked, chosen in enumerate(candidates):
        if any(linked_group.issuperset(chosen) for linked_group in linked):
            if len(linked) == 1 and len(linked[0]) == len(group):
                return  # all of them fit: every smaller group lies within
            if looked < _MOST_GROUPS:
                continue
        if tried >= _MOST_REST_TRIES or looked >= _MOST_GROUPS:
            _warn_unlinked(group, untold=True)
            return
        tried += 1
        done.add(chosen)
        if _add_rest(model, tables, u, list(chosen)):
            linked.append(set(chosen))


def _add_rest_or_less(model: Model, tables: Sequence[Table], u: int, group: list[int]) -> None:
    """Link the group to its whole with a rest, or else each group of one part fewer.

    Where the group's sum exceeds the whole, groups of one part fewer are tried (down to
    two parts), so one stray part does not leave the others unlinked.
    """
    if _add_rest(model, tables, u, group):
        return
    # One part fewer at a time, each group once: a stray part (another wave's) is left
    # out by the first try without it. Within _MOST_REST_TRIES, else say so.
    tried = 1
    for size in range(len(group) - 1, 1, -1):
        for chosen in itertools.combinations(group, size):
            if tried >= _MOST_REST_TRIES:
                _warn_unlinked(group)
                return
            tried += 1
            if _add_rest(model, tables, u, list(chosen)):
                return
    _warn_unlinked(group)


_MOST_REST_TRIES = 64
"""Groups of parts tried as adding up, with those in none of them, to their whole."""


def _warn_unlinked(group: Sequence[int], *, untold: bool = False) -> None:
    numbers = ", ".join(str(t + 1) for t in group)
    if untold:
        msg = (
            f"tables {numbers} are each within one table's and their rows do not tell "
            f"whether they share anyone: the model tried {_MOST_REST_TRIES} groups of them "
            "(the largest first) as sharing no one, added up with those in none of them, "
            "and stopped. A "
            "reader who knows that the parts of a group it did not try share no one may "
            "work out those in none of them. Label every table's rows by the survey's ids "
            '(data.set_index("id")), or publish fewer filtered tables together.'
        )
        warnings.warn(msg, DisclosureWarning, stacklevel=6)
        return
    msg = (
        f"tables {numbers} share no respondent by their rows and are each within one "
        "table's, yet their numbers add up to more than its: their rows' labels may not "
        "name the same organisations in every table (a named index reused by another "
        "wave?). The model does not add them up with those in none of them, which a "
        "reader who reads their titles may do. Label every table's rows by the survey's "
        "ids, or protect each wave's tables apart."
    )
    warnings.warn(msg, DisclosureWarning, stacklevel=6)


_MOST_GROUPS = 1_000
"""Largest groups of parts with no row in common that are linked to one whole, at most."""


def _largest_groups(members: list[int], apart: Mapping[int, set[int]]) -> list[set[int]]:
    """Return the largest groups of two or more members, each two of them apart.

    Bron and Kerbosch's search (with a pivot): the cliques of the graph of `apart`.
    """
    found: list[set[int]] = []
    stack: list[tuple[set[int], set[int], set[int]]] = [(set(), set(members), set())]
    while stack and len(found) < _MOST_GROUPS:
        chosen, left, done = stack.pop()
        if not left and not done:
            if len(chosen) > 1:
                found.append(chosen)
            continue
        pivot = max(left | done, key=lambda v: len(apart[v] & left))
        for v in sorted(left - apart[pivot]):
            stack.append((chosen | {v}, left & apart[v], done & apart[v]))
            left = left - {v}
            done = done | {v}
    return found


def _add_rest(model: Model, tables: Sequence[Table], u: int, group: list[int]) -> bool:
    """Add, number by number of the whole the parts all hold, ``whole = sum of parts + rest``.

    An option a part does not print (tabulated without a codebook), no one in it gave:
    it adds 0 to the sum.
    """
    tol = _tolerance(model.array())
    maps: list[dict[int, tuple[int | None, Hashable, Hashable]]] = []
    for t in group:
        names = _common_groups(tables[t], tables[u])
        lines = _common_lines(model, tables, t, u)
        found: dict[int, tuple[int | None, Hashable, Hashable]] = {
            b: (a, row, name) for line, name in zip(lines, names, strict=True) for a, b, row in line
        }
        for column, left in _options_left_out(model, tables, t, u).items():
            found.update((b, (None, row, column)) for b, row in left)
        maps.append(found)
    shared = [b for b in maps[0] if all(b in m for m in maps[1:])]
    sums = [(b, [a for m in maps if (a := m[b][0]) is not None]) for b in shared]
    if not all(_within_whole(model, b, some, tol) for b, some in sums):
        return False  # more in the parts than in the whole: not parts sharing no one
    numbers = ", ".join(str(t + 1) for t in group)
    for b, some in sums:
        _, row, group_name = maps[0][b]
        label = BASE_ROW if row in (TOTAL_BASE, BASE_ROW, None) else row
        where = f"{group_name} (in table {u + 1}, in none of tables {numbers})"
        _add_sum(model, u, (b, some, label), where)
        model.tables[b].update(group)
    return True


def _link_parts_that_add_up(
    model: Model, tables: Sequence[Table], parts: Sequence[tuple[int, int]]
) -> None:
    """Add ``whole = part + part + ...`` where parts of one whole add up to it, number by number.

    London's table and the table of everyone but London beside everyone's: each is a part
    (bounded by the whole), but the reader, who reads the titles, also knows the two add
    up to it. Without that, London's base printed (6) and everyone's (80) pinned the
    hidden base of everyone but London (74) where the audit said 13 to 80 (4 of 40 random
    such sets); with a table of each of three regions, everyone's less the North's and
    the South's gave London's hidden counts (28 of 30 sets). Parts are linked so where
    every count, base and number of respondents they all print adds up to the whole's
    (any two or more of up to :data:`_MOST_PARTS` parts of a whole; of more, pairs and all
    of them); where that holds by chance it gives the reader more than they know, which
    errs on the safe side. Groups of parts whose rows share no one are also linked, with
    those in none of them, by :func:`_link_different_parts`.
    """
    by_whole: dict[int, list[int]] = {}
    for t, u in parts:
        by_whole.setdefault(u, []).append(t)
    for u, members in by_whole.items():
        maps = {t: _line_map(model, tables, t, u) for t in members}
        for chosen in _subsets(model, members, maps):
            # Groups whose rows share no one are also added up by _link_different_parts,
            # with a rest; where their numbers add up too, both say the same. Skipping
            # them here let one stray part (its sum past the whole) unlink the others.
            keys = maps[chosen[0]].keys()
            if not keys or any(maps[t].keys() != keys for t in chosen[1:]):
                continue
            sums = [([maps[t][key][0] for t in chosen], maps[chosen[0]][key][1]) for key in keys]
            if not all(_adds_up(model, some, whole) for some, whole in sums):
                continue
            for some, whole in sums:
                terms = {whole: -1.0}
                for k in some:
                    terms[k] = terms.get(k, 0.0) + 1.0
                if any(terms.values()):
                    model.equations.append((chosen[0], terms))
                    model.tables[whole].update(chosen)


_MOST_PARTS = 8
"""Parts of one whole up to which every group of two or more is tried as adding up."""

_MOST_STEPS = 200_000
"""Steps of the search for parts that add up to a whole, beyond which it gives up and warns."""


def _subsets(
    model: Model,
    members: list[int],
    maps: Mapping[int, dict[tuple[int, Hashable], tuple[int, int]]],
) -> list[tuple[int, ...]]:
    """Return the groups of two or more parts to try as adding up to their whole.

    Of a few parts, every group. Of more (a table of each of three regions beside six
    other filtered tables of everyone: 2**9 groups), only the groups whose respondents,
    summed over the numbers they print, add up to the whole's: a search that skips any
    group already past it (pairs and the full set alone had left the three regions
    untried, and everyone's less two regions gave the third's hidden counts).
    """
    if len(members) <= _MOST_PARTS:
        sizes = range(2, len(members) + 1)
        return [c for size in sizes for c in itertools.combinations(members, size)]
    found: list[tuple[int, ...]] = []
    by_keys: dict[frozenset[tuple[int, Hashable]], list[int]] = {}
    for t in members:
        by_keys.setdefault(frozenset(maps[t]), []).append(t)
    for keys, group in by_keys.items():
        if len(group) < 2 or not keys:
            continue
        people = model.respondents
        size = {t: sum(people[maps[t][key][0]] for key in keys) for t in group}
        target = sum(people[maps[group[0]][key][1]] for key in keys)
        found += _adding_up(sorted(group, key=lambda t: -size[t]), size, target)
    return found


def _adding_up(order: list[int], size: Mapping[int, float], target: float) -> list[tuple[int, ...]]:
    """Return the groups of two or more of `order` whose sizes add up to `target`."""
    found: list[tuple[int, ...]] = []
    steps = 0
    stack: list[tuple[int, tuple[int, ...], float]] = [(0, (), 0.0)]
    while stack:
        start, chosen, total = stack.pop()
        steps += 1
        if steps > _MOST_STEPS:
            msg = (
                f"disclosure control tried {_MOST_STEPS:,} groups of {len(order)} tables of "
                "some of one table's respondents as adding up to it, and stopped: a group "
                "it did not try may add up, which a reader could use. Publish fewer "
                "filtered tables of one question together, or protect them in smaller sets."
            )
            warnings.warn(msg, DisclosureWarning, stacklevel=6)
            break
        if len(chosen) >= 2 and _same(total, target):
            found.append(chosen)
        for k in range(start, len(order)):
            t = order[k]
            if size[t] > 0.5 and total + size[t] <= target + 0.5:
                stack.append((k + 1, (*chosen, t), total + size[t]))
    return found


def _line_map(
    model: Model, tables: Sequence[Table], t: int, u: int
) -> dict[tuple[int, Hashable], tuple[int, int]]:
    """Return each number the part `t` prints of the whole `u`: (part's, whole's) variables."""
    return {
        (j, row): (a, b)
        for j, line in enumerate(_common_lines(model, tables, t, u))
        for a, b, row in line
    }


def _adds_up(model: Model, some: list[int], whole: int) -> bool:
    """Whether numbers add up to another, in value and in respondents."""
    values, people = model.values, model.respondents
    return _same(sum(values[k] for k in some), values[whole]) and _same(
        sum(people[k] for k in some), people[whole]
    )


def _common_groups(table: Table, other: Table) -> list[Hashable]:
    """Return the groups both tables print, in the order of :func:`_common_lines`."""
    theirs = {str(label) for label in other.counts.columns}
    return [group for group in table.counts.columns if str(group) in theirs]


def _difference(
    model: Model, t: int, u: int, line: list[tuple[int, int, Hashable]], group: Hashable
) -> None:
    """Add the whole less its part, number by number, as counts the reader works out.

    ``frequencies(q)`` of everyone beside ``frequencies(q)`` of everyone but London's:
    the difference is London's answers. Bounded only (the part at most the whole), a
    London of one organisation was printed in full, nothing hidden and the audit met
    (all: a 20, b 10, c 10; the rest: a 19, b 10, c 10). Each difference of 1 to
    ``threshold - 1`` organisations is now sensitive like a printed count, and the
    audit names it in the part's table: row, and the group with the whole's table.
    """
    column = f"{group} (in table {u + 1}, not here)"
    for a, b, row in line:
        people = model.respondents[b] - model.respondents[a]
        if a == b or not people > 0.5:  # no one (or NaN): nothing to find
            continue
        name = BASE_ROW if row in (TOTAL_BASE, BASE_ROW, None) else row
        _add_sum(model, t, (b, [a], name), column, also=u)


def link_siblings(
    model: Model,
    tables: Sequence[Table],
    parts: Sequence[tuple[int, int]],
    rests: Mapping[tuple[int, str], dict[str, int]],
) -> None:
    """Bound a whole less all its parts that are different groups of one banner.

    The North's and the South's breakdowns by funder beside everyone's: each is some of
    everyone's (:func:`link_filters`), and, being different regions, the two together
    are too; the rest (the East's, and those with no region) is a column of respondents
    of its own, never negative, whose total the table by region prints. A reader who
    adds up the two parts used that; without it, hidden counts of 1 to 3 of the parts
    were proved below 5 (3 of 30 random books). Two parts are different groups where
    each one's ``All`` column prints the same numbers as a different group's column of
    one table by a banner (the North's column, the South's), as :func:`link_subsets`
    matches them.
    """
    by_whole: dict[int, list[int]] = {}
    for t, u in parts:
        if same_banner(tables[t], tables[u]):
            by_whole.setdefault(u, []).append(t)
    if not any(len(members) > 1 for members in by_whole.values()):
        return
    group_of = _groups_printed_as(model, tables, {t for m in by_whole.values() for t in m})
    for u, members in by_whole.items():
        banners: dict[int, dict[Hashable, int]] = {}
        for t in members:
            for banner, group in group_of.get(t, ()):
                banners.setdefault(banner, {}).setdefault(group, t)
        for found in banners.values():
            siblings = list(found.values())
            if len(siblings) > 1:
                _bound_all_parts(model, tables, u, siblings, rests)
        # Parts printed without All are read as different groups of the banner (their
        # titles say which), beside each other and beside parts that print their group:
        # x's set with All and y's without, the reader took y's base at w as at most
        # everyone's at w less x's (13 of 40 books broke). Each bound is kept only where
        # it is true of the counts.
        untied = [t for t in members if TOTAL not in tables[t].counts.columns]
        if untied and len(members) > 1:
            _bound_all_parts(model, tables, u, members, rests)


def link_untied_parts(
    model: Model, tables: Sequence[Table], parts: Sequence[tuple[int, int]]
) -> None:
    """Bound the groups of a part printed without its ``All`` column by its group's column.

    The North's breakdown by funder, printed without ``All``, beside everyone's by region:
    a reader who knows it is the North's (its title says so) adds its funders up, and the
    sum is at most the North's column (less the North's organisations with no funder).
    Nothing printed says which column that is, so the model finds the columns of other
    breakdowns of the question whose every count and base is at least the sum, and
    bounds the sum by each of them: true of the counts, and a tighter reader than any
    real one where a column other than the North's fits too (more is hidden, never
    less). Without it, with two such parts (the North's, the South's), the reader proved
    hidden counts of 1 to 3 below 5 in 26 of 30 random sets.

    The same for a breakdown printed without ``All`` that is no part of any table of the
    set (each wave's breakdown beside the trend by wave): its sums are bounded by every
    column that fits them.

    Parts of one whole are different regions (as :func:`link_siblings` reads them):
    their organisations with no funder are also some of everyone's with no funder, one
    part alone or several together, for each way of giving the parts different columns
    that fit (:func:`_bound_parts_left_out`; each bound true of the counts is kept).
    """
    tol = _tolerance(model.array())
    whole_of = {t: u for t, u in parts if _prints_the_groups_of(tables[t], tables[u])}
    fitting: dict[tuple[int, int], list[list[tuple[int, dict[str, _Expression]]]]] = {}
    # Every breakdown printed without All, a part of a whole in the set or not: one wave's
    # breakdown beside the trend by wave is some of that wave's column, which a reader
    # who reads its title uses (a hidden 4 was pinned where no table of everyone by the
    # same groups was published, so the wave's table was no part of anything).
    for t, table in enumerate(tables):
        if table.percent_axis != "columns" or TOTAL in table.counts.columns:
            continue  # tied by its All column (link_subsets, link_siblings)
        sums = _group_sums(model, t, table)
        for v, other in enumerate(tables):
            if v == t or not _comparable(table, other) or same_banner(table, other):
                continue
            fits = _columns_at_least(model, v, other, sums, tol)
            for _, lines in fits:
                for terms, value in lines.values():
                    kept = {k: c for k, c in terms.items() if c}
                    if kept and value <= tol:
                        model.inequalities.append((t, kept))
                if not table.partition and BASE in lines:
                    _bound_untied_rest(model, t, table, lines, tol)
            # Different groups of a banner whose columns do not overlap: different people.
            if fits and t in whole_of and not other.overlapping_columns:
                fitting.setdefault((whole_of[t], v), []).append(fits)
    tied = _tied_parts_left_out(model, tables, parts, {u for u, _ in fitting})
    for (u, _), parts_fits in fitting.items():
        # One part too: the North's organisations with no funder are some of everyone's
        # (a reader proved a hidden 1 of everyone's breakdown at most 3, and pinned the
        # North's hidden base, from the North's table printed without All).
        choices = itertools.islice(itertools.product(*parts_fits), _ASSIGNMENTS)
        for chosen in choices:
            if len({j for j, _ in chosen}) == len(chosen):  # each part a group of its own
                found = [lines for _, lines in chosen] + tied.get(u, [])
                _bound_parts_left_out(model, tables, u, found, tol)


def _bound_untied_rest(
    model: Model, t: int, table: Table, lines: Mapping[str, _Expression], tol: float
) -> None:
    """Bound those of a fitting column in none of a part's groups as a column of their own.

    Each option at most their base (x's organisations with no h ticked Mentoring twice, so
    at least two of them are in its base), and in a set they cover it. `lines` hold, line
    by line, the part's sum less the column: minus those respondents.
    """
    rest: dict[Hashable, _Expression] = {
        BASE_ROW if row == BASE else row: _minus(({}, 0.0), line) for row, line in lines.items()
    }
    _bound_rest(model, t, rest, multi=table.kind == "multi", tol=tol)


def _tied_parts_left_out(
    model: Model, tables: Sequence[Table], parts: Sequence[tuple[int, int]], wholes: set[int]
) -> dict[int, list[dict[str, _Expression]]]:
    """Return, for each whole, its parts printed with All: minus their respondents in no group.

    Worked out as All less the groups, they are different respondents from those of the
    parts printed without All (x's set with All and y's without: a hidden 1 of everyone's
    set by g was narrowed to [0, 4] before they were counted together).
    """
    tied: dict[int, list[dict[str, _Expression]]] = {}
    for t, u in parts:
        part = tables[t]
        if u in wholes and TOTAL in part.counts.columns and _prints_the_groups_of(part, tables[u]):
            left = _left_out(model, t, part)
            tied.setdefault(u, []).append({k: _minus(({}, 0.0), e) for k, e in left.items()})
    return tied


# Ways of giving untied parts their groups' columns that are tried, at most: a handful
# of parts with two or three fitting columns each.
_ASSIGNMENTS = 64


def _prints_the_groups_of(part: Table, whole: Table) -> bool:
    """Whether a part prints exactly the whole's groups (beside its own ``All``, if any)."""
    groups = {str(c) for c in whole.counts.columns if c != TOTAL}
    printed = {str(c) for c in part.counts.columns if c != TOTAL}
    return TOTAL in whole.counts.columns and printed == groups


def _bound_parts_left_out(
    model: Model,
    tables: Sequence[Table],
    u: int,
    parts: list[dict[str, _Expression]],
    tol: float,
) -> None:
    """Add: the parts' respondents in none of the groups are at most the whole's.

    Each entry of `parts` holds, line by line, the part's sum less its own group's
    column: minus its respondents in no group of the banner. The parts are different
    groups of another banner, so those respondents are different ones, all of them in
    the whole's ``All`` column and in none of its groups. Without it, a reader who
    worked out the group printed as no part (everyone less the North and the South)
    proved hidden counts of the parts below 5 (5 of 90 random sets).
    """
    for line, left_out in _left_out(model, u, tables[u]).items():
        found = [part.get(line) for part in parts]
        if any(e is None for e in found):
            continue
        terms, value = _minus(({}, 0.0), *(e for e in found if e is not None), left_out)
        kept = {k: c for k, c in terms.items() if c}
        if kept and value <= tol:
            model.inequalities.append((u, kept))


def _left_out(model: Model, u: int, table: Table) -> dict[str, _Expression]:
    """Return, line by line, a table's ``All`` less its groups: those in no group."""
    at = model.positions[u]
    columns = list(table.counts.columns)
    total = columns.index(TOTAL)
    out: dict[str, _Expression] = {}
    for i, option in enumerate(table.counts.index):
        groups = [at[("count", i, j)] for j in range(len(columns)) if j != total]
        everyone = at[("count", i, total)]
        out[str(option)] = _minus(({everyone: 1.0}, model.values[everyone]), _summed(model, groups))
    bases = [at.get((BASE, j, -1)) for j in range(len(table.bases.index))]
    at_total = list(table.bases.index).index(TOTAL)
    whole = bases[at_total]
    if whole is not None and all(b is not None for b in bases):
        rest = [b for j, b in enumerate(bases) if b is not None and j != at_total]
        out[BASE] = _minus(({whole: 1.0}, model.values[whole]), _summed(model, rest))
    return out


def _group_sums(model: Model, t: int, table: Table) -> dict[str, _Expression]:
    """Return, option by option and for the base, the sum of a table's printed groups."""
    at = model.positions[t]
    out: dict[str, _Expression] = {}
    for i, option in enumerate(table.counts.index):
        cells = [at[("count", i, j)] for j in range(len(table.counts.columns))]
        out[str(option)] = _summed(model, cells)
    bases = [at.get((BASE, j, -1)) for j in range(len(table.bases.index))]
    if all(b is not None for b in bases):
        out[BASE] = _summed(model, [b for b in bases if b is not None])
    return out


def _summed(model: Model, cells: list[int]) -> _Expression:
    terms: dict[int, float] = {}
    for k in cells:
        terms[k] = terms.get(k, 0.0) + 1.0
    return terms, float(sum(model.values[k] for k in cells))


def _columns_at_least(
    model: Model, v: int, other: Table, sums: Mapping[str, _Expression], tol: float
) -> list[tuple[int, dict[str, _Expression]]]:
    """Return each column of `other` at least `sums` on every line: ``sums - column``."""
    at = model.positions[v]
    rows = {str(label): i for i, label in enumerate(other.counts.index)}
    out = []
    for j, group in enumerate(other.counts.columns):
        if group == TOTAL:
            continue
        lines: dict[str, _Expression] = {}
        for row, summed in sums.items():
            k = at.get((BASE, j, -1)) if row == BASE else at.get(("count", rows[row], j))
            if k is None:
                break
            lines[row] = _minus(summed, ({k: 1.0}, model.values[k]))
        else:
            if all(value <= tol for _, value in lines.values()):
                out.append((j, lines))
    return out


def _groups_printed_as(
    model: Model, tables: Sequence[Table], wanted: set[int]
) -> dict[int, list[tuple[int, Hashable]]]:
    """Return, for each wanted table, the (table, group) columns its ``All`` column prints."""
    found: dict[Hashable, list[_LineOf]] = {}
    for t, table in enumerate(tables):
        if table.percent_axis == "columns":
            for line in _lines(model, t, table):
                found.setdefault(line.signature, []).append(line)
    out: dict[int, list[tuple[int, Hashable]]] = {}
    for lines in found.values():
        totals = [line for line in lines if line.table in wanted and line.label == TOTAL]
        for total in totals:
            for other in lines:
                if (
                    other.table != total.table
                    and other.label != TOTAL
                    and other.question == total.question
                    and all(
                        _same(model.values[a], model.values[b])
                        for a, b in zip(total.variables, other.variables, strict=True)
                    )
                ):
                    out.setdefault(total.table, []).append((other.table, other.label))
    return out


def _bound_all_parts(
    model: Model,
    tables: Sequence[Table],
    whole: int,
    parts: list[int],
    rests: Mapping[tuple[int, str], dict[str, int]],
) -> None:
    """Add: the whole less the sum of its parts is not negative, line by line."""
    tol = _tolerance(model.array())
    found: dict[str, list[tuple[Hashable, dict[int, float], float]]] = {}
    for (label, row), pairs in _shared_rows(model, tables, whole, parts, rests).items():
        if len(pairs) != len(parts) or len({b for _, b in pairs}) != 1:
            continue  # a line some part does not print: no sum of them all
        terms = {pairs[0][1]: -1.0}
        for a, _ in pairs:
            terms[a] = terms.get(a, 0.0) + 1.0
        value = sum(c * model.values[v] for v, c in terms.items())
        found.setdefault(label, []).append((row, terms, value))
    for entries in found.values():
        for _, terms, value in entries:
            kept = {v: c for v, c in terms.items() if c}
            if kept and value <= tol:
                model.inequalities.append((whole, kept))
        if tables[whole].kind == "multi" and not tables[whole].partition:
            _bound_summed_rest(model, whole, entries, tol)


def _shared_rows(
    model: Model,
    tables: Sequence[Table],
    whole: int,
    parts: list[int],
    rests: Mapping[tuple[int, str], dict[str, int]],
) -> dict[tuple[str, Hashable], list[tuple[int, int]]]:
    """Return (line, row) -> each part's number and the whole's, as a reader pairs them."""
    shared: dict[tuple[str, Hashable], list[tuple[int, int]]] = {}
    printed = {str(c) for c in tables[whole].counts.columns}
    for t in parts:
        # _common_lines gives the lines of the groups both print, in the part's order.
        groups = [g for g in tables[t].counts.columns if str(g) in printed]
        for group, line in zip(groups, _common_lines(model, tables, t, whole), strict=True):
            for a, b, row in line:
                shared.setdefault((str(group), row), []).append((a, b))
        for (s, column), mine in rests.items():
            worked_out = rests.get((whole, column), {}) if s == t else {}
            for row, v in mine.items():
                if row in worked_out:
                    shared.setdefault((f"rest {column}", row), []).append((v, worked_out[row]))
    return shared


def _bound_summed_rest(
    model: Model, t: int, entries: list[tuple[Hashable, dict[int, float], float]], tol: float
) -> None:
    """In a multi-response set, the rest's options are at most its base, and cover it.

    Each entry holds ``parts - whole`` (the rest, negated) of one row of a line.
    """
    rest = {row: ({k: -c for k, c in terms.items()}, -value) for row, terms, value in entries}
    _bound_rest(model, t, rest, multi=True, tol=tol)


def same_banner(first: Table, second: Table) -> bool:
    """Whether two breakdowns print a group of the same label (else only ``All`` is shared).

    The North's breakdown by funder is a part of everyone's by region only in its ``All``
    column: its organisations with no funder are not some of those with no region.
    """
    groups = {str(c) for c in first.counts.columns if c != TOTAL}
    return bool(groups & {str(c) for c in second.counts.columns if c != TOTAL})


def _a_part(model: Model, lines: list[list[tuple[int, int, Hashable]]], tol: float) -> bool:
    """Whether the first of each pair is at most the second, and fewer respondents.

    Two breakdowns of everyone by two banners whose groups share labels (Yes, No) print
    the same ``All`` column: they are not a part and its whole, though one group's
    counts may happen to be at most the other's.
    """
    pairs = [(a, b) for line in lines for a, b, _ in line]
    if not pairs or all(a == b for a, b in pairs):
        return False
    totals = [(a, b) for line in lines for a, b, row in line if row == TOTAL_BASE]
    if any(_same(model.values[a], model.values[b]) for a, b in totals):
        return False  # the same respondents (both print the same total)
    some = np.array([model.values[a] for a, _ in pairs])
    whole = np.array([model.values[b] for _, b in pairs])
    people = np.array([model.respondents[a] - model.respondents[b] for a, b in pairs])
    if (some > whole + tol).any() or (some >= whole - tol).all():
        return False  # not a part of the other (or the same numbers: linked as lines)
    return not (people > 0.5).any()  # not more organisations in the part than the whole


def _bound_the_rest(
    model: Model,
    t: int,
    line: list[tuple[int, int, Hashable]],
    *,
    multi: bool,
    tol: float,
    extra: Sequence[tuple[int, Hashable]] = (),
) -> None:
    """Bound the whole less its part, line by line, as a column of a set is bounded.

    Each option of those in the whole but not the part is ticked by at most all of them
    (their base), and in a multi-response set everyone in a base ticked something.
    `extra` holds the whole's counts of options the part does not print (0 in the part).
    """
    rest: dict[Hashable, _Expression] = {}
    for a, b, row in line:
        terms = {b: 1.0}
        terms[a] = terms.get(a, 0.0) - 1.0  # 0 where the part prints the whole's number
        rest[row] = (terms, model.values[b] - model.values[a])
    for b, row in extra:
        rest[row] = ({b: 1.0}, model.values[b])
    _bound_rest(model, t, rest, multi=multi, tol=tol)


def _options_left_out(
    model: Model, tables: Sequence[Table], t: int, u: int
) -> dict[str, list[tuple[int, Hashable]]]:
    """Return, by group, the whole's counts of the options its part `t` does not print."""
    part, whole = tables[t], tables[u]
    printed = {str(label) for label in part.counts.index}
    groups = {str(label) for label in part.counts.columns}
    out: dict[str, list[tuple[int, Hashable]]] = {}
    for (what, i, j), k in model.positions[u].items():
        if what != "count":
            continue
        option, group = str(whole.counts.index[i]), str(whole.counts.columns[j])
        if option not in printed and group in groups:
            out.setdefault(group, []).append((k, option))
    return out


def _bound_rest(
    model: Model, t: int, rest: Mapping[Hashable, _Expression], *, multi: bool, tol: float
) -> None:
    """Add: each option of the rest is at most the rest's base; in a set, they cover it.

    `rest` maps each row of a line (its options, its base row, its ``n`` as None) to the
    rest's number there, as a sum of the model's numbers.
    """
    base = next((rest[row] for row in (BASE_ROW, TOTAL_BASE) if row in rest), None)
    if base is None:
        return
    options = [e for row, e in rest.items() if row not in (BASE_ROW, TOTAL_BASE, None)]
    found = [_minus(option, base) for option in options]
    if multi and options:
        found.append(_minus(base, *options))
    for terms, value in found:
        kept = {v: c for v, c in terms.items() if c}
        if kept and value <= tol:  # true of the counts (and not 0 <= 0)
            model.inequalities.append((t, kept))


def _minus(first: _Expression, *others: _Expression) -> _Expression:
    """Return the first sum less the others, as a sum of the model's numbers."""
    terms, value = dict(first[0]), first[1]
    for their_terms, their_value in others:
        for k, c in their_terms.items():
            terms[k] = terms.get(k, 0.0) - c
        value -= their_value
    return terms, value


def _common_lines(
    model: Model, tables: Sequence[Table], t: int, u: int
) -> list[list[tuple[int, int, Hashable]]]:
    """Return, group by group, the counts and bases two tables print of the same option."""
    # Each read of a table's counts or bases copies them: read each once.
    mine, counts = tables[t].counts, tables[u].counts
    my_bases = list(tables[t].bases.index)
    at, theirs = model.positions[t], model.positions[u]
    rows = {str(label): i for i, label in enumerate(counts.index)}
    columns = {str(label): k for k, label in enumerate(counts.columns)}
    bases = {str(label): k for k, label in enumerate(tables[u].bases.index)}
    out = []
    for j, group in enumerate(mine.columns):
        k = columns.get(str(group))
        if k is None:
            continue
        line: list[tuple[int, int, Hashable]] = [
            (at[("count", i, j)], theirs[("count", rows[str(option)], k)], str(option))
            for i, option in enumerate(mine.index)
        ]
        jb, kb = my_bases.index(group), bases.get(str(group), -1)
        base_row = TOTAL_BASE if group == TOTAL else BASE_ROW
        for kind, row in ((BASE, base_row), ("n", None)):
            a, b = at.get((kind, jb, -1)), theirs.get((kind, kb, -1))
            if a is not None and b is not None:
                line.append((a, b, row))
        out.append(line)
    return out


@dataclass(frozen=True, slots=True)
class _LineOf:
    """A line of a table: its counts in the order of its options' labels, then its bases."""

    table: int
    question: str | None
    # "columns": a breakdown's column; "rows": a grid's row (items' tables may differ).
    axis: str
    signature: Hashable
    variables: tuple[int, ...]
    label: Hashable = None  # the line's group (or item)


def _lines(model: Model, t: int, table: Table) -> list[_LineOf]:
    """Return every line of a table, each keyed by what a reader matches it on."""
    options = _options(table)
    names = [str(o) for o in options]
    if len(set(names)) != len(names):
        return []  # an option printed twice: the reader cannot match it by its label
    order = sorted(range(len(options)), key=lambda i: names[i])
    at = model.positions[t]
    out = []
    for j, line in enumerate(_across(table)):
        cells = [_var(model, t, table, options[i], line) for i in order]
        bases = [at[(kind, j, -1)] for kind in (BASE, "n") if (kind, j, -1) in at]
        variables = (*cells, *bases)
        people = [model.respondents[v] for v in variables]
        if any(np.isnan(p) for p in people):
            continue
        signature = (
            table.weighted,
            table.partition,
            tuple(names[i] for i in order),
            tuple(round(p) for p in people),
        )
        out.append(_LineOf(t, table.question, table.percent_axis, signature, variables, line))
    return out


def _one_question(first: _LineOf, second: _LineOf) -> bool:
    """Whether two lines may be one: of one question, or a grid's row and an item's line."""
    return first.axis != second.axis or first.question == second.question


# -- nested banners ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NestLink:
    """A table by a nested banner and a table by a banner it nests in, of one question.

    Attributes
    ----------
    nested : int
        The position of the table by the nested banner (groups ``"North / CRC"``).
    outer : int
        The position of the table by the banner whose groups hold them (``"North"``).
    members : tuple of (Hashable, tuple of Hashable)
        Each group of the outer table and the nested groups within it.
    """

    nested: int
    outer: int
    members: tuple[tuple[Hashable, tuple[Hashable, ...]], ...]


def _comparable(first: Table, second: Table) -> bool:
    """Whether two tables print the same options by groups, counted the same way."""
    return _same_kind(first, second) and _same_options(first, second)


def _same_kind(first: Table, second: Table) -> bool:
    """Whether two tables break down one question by groups, counted the same way."""
    return (
        first.percent_axis == "columns"
        and second.percent_axis == "columns"
        and first.question == second.question
        and first.weighted == second.weighted
        and first.partition == second.partition
    )


def _options_within(part: Table, whole: Table) -> bool:
    """Whether a table prints the options of another (some or all of them), each once."""
    mine = list(map(str, part.counts.index))
    return set(mine) <= set(map(str, whole.counts.index)) and len(set(mine)) == len(mine)


def _same_options(first: Table, second: Table) -> bool:
    """Whether two tables print the same options (in any order), each once."""
    mine = list(map(str, first.counts.index))
    return sorted(mine) == sorted(map(str, second.counts.index)) and len(set(mine)) == len(mine)


def noted_nests(tables: Sequence[Table]) -> list[NestLink]:
    """Match each table by a nested banner to the tables of its outer groups, by labels.

    A nested group is named by its groups joined by ``" / "`` (``"North / CRC"``): it
    lies in the group ``"North"`` of a table by region, and in ``"CRC"`` of one by funder
    (the first and the last of the names; in ``"North / CRC / Big"``, ``"CRC"`` is a
    middle one). A reader matches them so; a table of the same question whose groups
    each nested group holds at one place of its name, exactly one each, is linked. Where
    the counts do not add up (other respondents), :func:`link_nests` leaves it out and
    warns.
    """
    links = []
    for t, nested in enumerate(tables):
        inner: list[Hashable] = [
            g for g in nested.counts.columns if g != TOTAL and NESTED_SEPARATOR in str(g)
        ]
        if not inner:
            continue
        for u, outer in enumerate(tables):
            if u == t or not _comparable(nested, outer):
                continue
            groups: list[Hashable] = [g for g in outer.counts.columns if g != TOTAL]
            links += [NestLink(t, u, found) for found in _members_by_label(inner, groups)]
    return links


def _members_by_label(
    inner: list[Hashable], groups: list[Hashable]
) -> list[tuple[tuple[Hashable, tuple[Hashable, ...]], ...]]:
    """Return the outer groups' members, read as one of the names a nested label joins.

    The first (``"North"`` of ``"North / CRC / Big"``), the last (``"Big"``), or one
    between (``"CRC"``, ``"North / CRC"``, ``"CRC / Big"``): a group lies at the same
    place in every nested label, counted in separators from the start or from the end,
    so that an outer label holding the separator itself is still read whole.
    """
    depth = max(str(n).count(NESTED_SEPARATOR) for n in inner) + 1
    tests = [
        functools.partial(_at_place, skip=k, from_end=from_end)
        for from_end in (False, True)
        for k in range(depth)
    ]
    out = []
    for inside in tests:
        members = {g: tuple(n for n in inner if inside(str(n), str(g))) for g in groups}
        placed = Counter(n for found in members.values() for n in found)
        if len(placed) == len(inner) and all(c == 1 for c in placed.values()):
            found = tuple((g, parts) for g, parts in members.items() if parts)
            if found not in out:
                out.append(found)
    return out


def _at_place(label: str, group: str, *, skip: int, from_end: bool) -> bool:
    """Whether `group` is in `label` between separators, `skip` of them before it.

    Counted from the start, or (`from_end`) `skip` separators after it to the end. A
    group that is the whole label is no nested group's outer group.
    """
    if label == group:
        return False
    sep = NESTED_SEPARATOR
    if from_end:
        if skip == 0:
            return label.endswith(sep + group)
        head, found, tail = label.rpartition(sep + group + sep)
        return bool(found) and tail.count(sep) == skip - 1
    if skip == 0:
        return label.startswith(group + sep)
    head, found, tail = label.partition(sep + group)
    return bool(found) and head.count(sep) == skip - 1 and (tail == "" or tail.startswith(sep))


def link_nests(
    model: Model, tables: Sequence[Table], links: Sequence[NestLink], *, warn: bool
) -> list[NestLink]:
    """Link each outer group's numbers to the sum of its nested groups' numbers.

    ``North = North / CRC + North / Other + those of North with no funder``, in every
    row, the base and a weighted table's respondents (``n=``). The last is a count the
    reader works out (the outer group less its nested groups), protected like a printed
    one. Where some nested groups add up to more than their outer group, the two tables
    are not of the same respondents: no link, and with `warn` a
    :class:`tracktr.DisclosureWarning`. Where the nested table is also linked to the
    inner banner (``CRC``), those of the total in no nested group are split three ways
    (:func:`_link_neither`). Returns the links made.
    """
    made: dict[int, list[tuple[NestLink, dict[Hashable, list[int]]]]] = {}
    for link in links:
        nested = tables[link.nested]
        lines = [
            (group, _nest_lines(model, link, tables, group=group, parts=parts))
            for group, parts in link.members
        ]
        if all(_sums_within(model, line[0], line[1]) for _, found in lines for _, line in found):
            rests: dict[Hashable, list[int]] = {}
            for group, found in lines:
                column = _no_inner_group(group, dict(link.members)[group])
                for key, line in found:
                    rest = _add_sum(model, link.nested, line, column, also=link.outer)
                    rests.setdefault(key, []).extend([] if rest is None else [rest])
            made.setdefault(link.nested, []).append((link, rests))
        elif warn:
            first = link.members[0][1][0]
            msg = (
                f"table {link.nested} ({nested.question!r} by nested groups such as "
                f"{str(first)!r}) and table {link.outer} (by groups "
                f"{[str(g) for g, _ in link.members]}) print nested groups and the groups "
                "they lie in, but of other respondents (nested groups add up to more than "
                "their outer group: a filter, a wave?), so the model does not link them, "
                "and a reader who knows how their respondents relate may narrow hidden "
                "numbers more than the audit shows.\n\nHint: publish both tables of the same "
                "respondents, or protect them apart."
            )
            warnings.warn(msg, DisclosureWarning, stacklevel=4)
    for t, done in made.items():
        for (first, rests), (second, others) in itertools.combinations(done, 2):
            if _crossed(first, second):
                inside = {n for _, parts in first.members for n in parts}
                _link_neither(model, tables[t], t, inside, [rests, others])
    return [link for done in made.values() for link, _ in done]


def _crossed(first: NestLink, second: NestLink) -> bool:
    """Whether the nested groups are those of two banners crossed (region by funder).

    Each nested group lies in one group of each, and no two in the same pair: those in
    no nested group then have one of the two (the outer groups' rests), or neither.
    """
    if first.outer == second.outer:
        return False
    homes = [{n: g for g, parts in link.members for n in parts} for link in (first, second)]
    if set(homes[0]) != set(homes[1]):
        return False
    pairs = {(homes[0][n], homes[1][n]) for n in homes[0]}
    return len(pairs) == len(homes[0])


def _link_neither(
    model: Model,
    table: Table,
    t: int,
    inside: set[Hashable],
    rests: list[dict[Hashable, list[int]]],
) -> None:
    """Add those of the total with neither banner's group: the rest of the nested table.

    ``All = nested groups + (region, no funder) + (funder, no region) + neither``. A
    reader knows that the last is not negative, which bounds the first two: before,
    a hidden 1 was proved to be at most 2 (threshold 3). It is a count the reader works
    out, protected like a printed one.
    """
    columns = list[Hashable](table.counts.columns)
    if TOTAL not in columns:
        return
    total = columns.index(TOTAL)
    at = model.positions[t]
    # The nested groups of both banners ("Not known", of missing_group=, is neither's).
    groups = [j for j, g in enumerate(columns) if g in inside]
    column = f"{NO_GROUP}{NESTED_SEPARATOR}{NO_GROUP}"
    for i, label in enumerate(table.counts.index):
        key: Hashable = ("count", str(label))
        parts = [at[("count", i, j)] for j in groups]
        parts += [r for found in rests for r in found.get(key, [])]
        if _sums_within(model, at[("count", i, total)], parts):
            _add_sum(model, t, (at[("count", i, total)], parts, label), column)
    j_base = list(table.bases.index).index(TOTAL)
    for kind in (BASE, "n"):
        whole = at.get((kind, j_base, -1))
        if whole is None:
            continue
        parts = [at[(kind, list(table.bases.index).index(columns[j]), -1)] for j in groups]
        parts += [r for found in rests for r in found.get((kind,), [])]
        if _sums_within(model, whole, parts):
            _add_sum(model, t, (whole, parts, BASE_ROW), column)


def _nest_lines(
    model: Model,
    link: NestLink,
    tables: Sequence[Table],
    *,
    group: Hashable,
    parts: tuple[Hashable, ...],
) -> list[tuple[Hashable, Line]]:
    """Return the lines of one outer group: each row, the base, and ``n=`` if weighted.

    Each with its key: ``("count", row)``, ``("base",)`` or ``("n",)``.
    """
    at = model.positions
    nested, outer = tables[link.nested], tables[link.outer]
    j = list[Hashable](outer.counts.columns).index(group)
    columns = list[Hashable](nested.counts.columns)
    ks = [columns.index(p) for p in parts]
    rows = {str(label): i for i, label in enumerate(nested.counts.index)}
    out: list[tuple[Hashable, Line]] = []
    for i, label in enumerate(outer.counts.index):
        r = rows[str(label)]
        cells = [at[link.nested][("count", r, k)] for k in ks]
        out.append((("count", str(label)), (at[link.outer][("count", i, j)], cells, label)))
    j_base = list(outer.bases.index).index(group)
    nested_bases = list(nested.bases.index)
    for kind in (BASE, "n"):
        whole = at[link.outer].get((kind, j_base, -1))
        if whole is None:
            continue
        bases = [at[link.nested].get((kind, nested_bases.index(p), -1)) for p in parts]
        out.append(((kind,), (whole, [b for b in bases if b is not None], BASE_ROW)))
    return out


def _no_inner_group(group: Hashable, parts: tuple[Hashable, ...]) -> str:
    """Name the line of an outer group's respondents in none of its nested groups."""
    if all(str(p).startswith(str(group) + NESTED_SEPARATOR) for p in parts):
        return f"{group}{NESTED_SEPARATOR}{NO_GROUP}"
    return f"{NO_GROUP}{NESTED_SEPARATOR}{group}"


# -- blocks of a wider table -----------------------------------------------------------------


def link_blocks(model: Model, tables: Sequence[Table]) -> None:
    """Link a breakdown to the same groups printed as a block of a wider table.

    ``tt.waves.trend(pooled, q, by=g)`` prints, for each wave, the columns
    ``"<wave>: <group>"``: the crosstab of that wave's respondents by ``g``. A reader
    matches the crosstab's groups with the block's by their labels and numbers, and so
    does the model, where every count and base of the block agrees. Where the labels
    match but the counts of one are at most the other's (a filter of the wave), or the
    two print other options of the question, the tables are not linked, and a
    :class:`tracktr.DisclosureWarning` says so.
    """
    for t, table in enumerate(tables):
        for u, other in enumerate(tables):
            blocks = _blocks(table, other) if u != t and _same_kind(table, other) else {}
            if not blocks:
                continue
            why = None if _same_options(table, other) else "other options of the question"
            linked = False
            for prefix, pairs in blocks.items():
                if why is not None:
                    break
                lines = _block_pairs(model, tables, t, u, pairs=pairs)
                if all(_same(model.values[a], model.values[b]) for a, b in lines) and all(
                    _same_people(model, a, b) for a, b in lines
                ):
                    for a, b in lines:
                        if a != b:
                            model.equations.append((t, {a: 1.0, b: -1.0}))
                    linked = True
                elif _within(model, lines):
                    why = (
                        f"the counts of other respondents (each count of one at most the "
                        f"other's in the block '{prefix}: ...': a filter?)"
                    )
            if why is not None and not linked:
                groups = [str(g) for g in table.counts.columns if g != TOTAL]
                msg = (
                    f"table {t} ({table.question!r} by groups {groups}) prints the groups "
                    f"of a block of table {u} (columns '<block>: <group>'), but {why}, so "
                    "the model does not link them, and a reader who knows how their "
                    "respondents relate may narrow hidden numbers more than the audit "
                    "shows.\n\nHint: publish the breakdown of the block's own respondents "
                    "(all of that wave, with the same options), or protect the two apart."
                )
                warnings.warn(msg, DisclosureWarning, stacklevel=4)


def link_wave_sums(model: Model, tables: Sequence[Table]) -> None:
    """Link each wave's column of a trend to the sum of that wave's block of a trend by group.

    ``trend(q)`` prints a column per wave; ``trend(q, by=g)`` the columns ``"<wave>:
    <group>"``: a wave's column is the sum of its block, less those of the wave with no
    group (a count the reader works out). Without this link a reader subtracted the
    block's published counts from the wave's and read a hidden one (a 1, exactly).
    """
    for t, whole in enumerate(tables):
        waves = {str(c): j for j, c in enumerate(whole.counts.columns) if c != TOTAL}
        for u, other in enumerate(tables):
            if u == t or not _same_kind(whole, other) or not _same_options(whole, other):
                continue
            blocks: dict[str, list[int]] = {}
            for k, label in enumerate(other.counts.columns):
                prefix, sep, _ = str(label).partition(BLOCK_SEPARATOR)
                if sep and prefix in waves:
                    blocks.setdefault(prefix, []).append(k)
            for wave, ks in blocks.items():
                lines = _column_sum_lines(model, tables, (t, waves[wave]), (u, ks))
                if all(_sums_within(model, w, parts) for w, parts, _ in lines):
                    for line in lines:
                        model.tables[line[0]].add(u)
                        _add_sum(model, u, line, f"{wave}{BLOCK_SEPARATOR}{NO_GROUP}")


def _column_sum_lines(
    model: Model, tables: Sequence[Table], whole: tuple[int, int], parts: tuple[int, list[int]]
) -> list[Line]:
    """Return, row by row and for the bases, a column of one table and columns of another."""
    (t, j), (u, ks) = whole, parts
    table, other = tables[t], tables[u]
    rows = {str(label): i for i, label in enumerate(other.counts.index)}
    at, theirs = model.positions[t], model.positions[u]
    out: list[Line] = [
        (at[("count", i, j)], [theirs[("count", rows[str(label)], k)] for k in ks], label)
        for i, label in enumerate(table.counts.index)
    ]
    jb = list(table.bases.index).index(table.counts.columns[j])
    kbs = [list(other.bases.index).index(other.counts.columns[k]) for k in ks]
    for kind in (BASE, "n"):
        base = at.get((kind, jb, -1))
        if base is not None:
            found = [theirs.get((kind, kb, -1)) for kb in kbs]
            out.append((base, [b for b in found if b is not None], BASE_ROW))
    return out


def link_group_rows(model: Model, tables: Sequence[Table]) -> None:
    """Link a grid by group's rows of each item to the item's ``All`` row.

    ``grid(q, by=g)`` prints a row per group and item, and the item's ``All`` row: in
    each option (and the bases), the groups' rows add up to it, less those with no group
    (a count the reader works out). Without this link a reader subtracted the groups'
    published counts from the ``All`` row's and read a hidden one (a 1, exactly).
    """
    for t, table in enumerate(tables):
        index = table.counts.index
        if table.percent_axis != "rows" or getattr(index, "nlevels", 1) != 2:
            continue
        at = model.positions[t]
        whole: dict[Hashable, int] = {}
        parts: dict[Hashable, list[int]] = {}
        for i, (group, item) in enumerate(index):
            if group == TOTAL:
                whole[item] = i
            else:
                parts.setdefault(item, []).append(i)
        options = list(table.counts.columns)
        for item, i_all in whole.items():
            rows = parts.get(item, [])
            if not rows:
                continue
            lines: list[Line] = [
                (at[("count", i_all, j)], [at[("count", i, j)] for i in rows], option)
                for j, option in enumerate(options)
            ]
            lines.append((at[("base", i_all, -1)], [at[("base", i, -1)] for i in rows], BASE_ROW))
            if all(_sums_within(model, w, ps) for w, ps, _ in lines):
                for w, ps, column in lines:
                    _add_sum(model, t, (w, ps, (NO_GROUP, item)), column)


def _blocks(table: Table, other: Table) -> dict[str, list[tuple[int, int]]]:
    """Return the blocks of `other` that print `table`'s groups: (its column, theirs)."""
    names = {str(g): j for j, g in enumerate(table.counts.columns) if g != TOTAL}
    blocks: dict[str, list[tuple[int, int]]] = {}
    for k, label in enumerate(other.counts.columns):
        prefix, sep, rest = str(label).partition(BLOCK_SEPARATOR)
        if sep and prefix and rest in names:
            blocks.setdefault(prefix, []).append((names[rest], k))
    return blocks


def _block_pairs(
    model: Model,
    tables: Sequence[Table],
    t: int,
    u: int,
    *,
    pairs: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Return the variables the two tables print of each pair of columns: cells, bases."""
    table, other = tables[t], tables[u]
    rows = {str(label): i for i, label in enumerate(other.counts.index)}
    out = []
    for j, k in pairs:
        for i, label in enumerate(table.counts.index):
            out.append(
                (
                    model.positions[t][("count", i, j)],
                    model.positions[u][("count", rows[str(label)], k)],
                )
            )
        jb = list(table.bases.index).index(table.counts.columns[j])
        kb = list(other.bases.index).index(other.counts.columns[k])
        for kind in (BASE, "n"):
            a, b = model.positions[t].get((kind, jb, -1)), model.positions[u].get((kind, kb, -1))
            if a is not None and b is not None:
                out.append((a, b))
    return out


def _same_people(model: Model, a: int, b: int) -> bool:
    first, second = model.respondents[a], model.respondents[b]
    if np.isnan(first) and np.isnan(second):
        return True
    return bool(first == second)


def _within(model: Model, pairs: list[tuple[int, int]]) -> bool:
    """Whether every number of one side is at most the other's (one of a subset)."""
    a = np.array([model.values[p] for p, _ in pairs])
    b = np.array([model.values[q] for _, q in pairs])
    return bool(len(pairs)) and bool((a <= b).all() or (b <= a).all())

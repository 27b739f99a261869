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
together would bind the options to each other.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._variables import Model, _across, _options, _same
from tracktr.table import Table

_MAX_STEPS = 20_000
"""Steps of the search for groupings of one pair of tables before it gives up (no link)."""


class _TooManyError(Exception):
    """The search for groupings of one pair of tables went past its budget."""


def link_coarsenings(model: Model, tables: Sequence[Table]) -> None:
    """Link each coarse table's counts to the sums of the fine table's they equal.

    A pair is a fine and a coarse single-answer table (percentages down the columns) of
    two questions, both weighted or both not, with fewer options in the coarse one, that
    share a column, the coarse bases at most the fine ones, and no breakdown of
    the one by the other's options in the set (it prints their joint counts, which the
    model holds). Where one grouping of the fine options (each option with a count in
    one group, or left out of the recode) has the coarse counts as its sums in every
    shared column, its equations are added. Where several do, none is: a reader who
    knows which is the recode knows one of them, and all of them together bind the fine
    counts to each other (the model hid a whole set of 12 organisations). The docs say
    so (a recode is best published as nets, which the model links by their note); a
    warning would be raised by most pairs of small unrelated questions, whose counts
    add up alike by chance.
    """
    # Each table's options, lines, bases and counts, read once: a set may hold hundreds
    # of tables, and pandas' indexing (and `weighted`) cost more than the search.
    faces = [(frozenset(_options(t)), frozenset(_across(t))) for t in tables]
    bases = [dict(zip(t.bases.index, t.bases.to_numpy(dtype=float), strict=True)) for t in tables]
    counts = [t.counts.to_numpy(dtype=float) for t in tables]
    lines = [{label: j for j, label in enumerate(_across(t))} for t in tables]
    kinds = [(t.question, t.weighted, len(t.counts.index)) for t in tables]
    singles = [u for u, t in enumerate(tables) if _single(t)]
    for f in singles:
        for c in singles:
            (question, weighted, many), (other, other_weighted, few) = kinds[f], kinds[c]
            if f == c or question == other or weighted != other_weighted:
                continue
            if not 2 <= few < many:  # a recode has fewer options, and two or more
                continue
            shared = _shared(list(lines[f]), bases[f], bases[c])
            if not shared:
                continue
            fine = counts[f][:, [lines[f][a] for a in shared]]
            coarse = counts[c][:, [lines[c][a] for a in shared]]
            try:
                groupings = _groupings(fine, coarse)
            except _TooManyError:
                continue  # as where several fit: the docs say what to do
            if len(groupings) == 1 and not _broken_down(faces, faces[f][0], faces[c][0]):
                _add_sums(model, (f, tables[f]), (c, tables[c]), shared, groupings[0])


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

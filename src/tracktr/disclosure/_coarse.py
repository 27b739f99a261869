"""A question beside a coarser version of it: a recode's options are sums of the original's.

``frequencies(q)`` and ``frequencies(q_band)`` of the same organisations, where the band
"Low" is options a and b of ``q``, print two questions to the model but one to a reader
who reads the band's definition (a codebook, a title, a footnote): a hidden ``a`` was
given back exactly as "Low" less ``b``. The model cannot read a recode's definition, so
it looks for one in the numbers: where every count of the coarse table is the sum of a
group of the fine table's counts, in every column both print, with the same bases, the
reader may know those sums, and they are true of the printed counts whatever the
tables are, so adding them never hides the truth from the model (it may hide more than
needed where a grouping fits by chance). Where several groupings fit, none is linked:
the reader knows one of them, and all of them together would bind the options to each
other.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._variables import Model, _across, _options, _same
from tracktr.table import Table

_MAX_STEPS = 20_000
"""Steps of the search for groupings of one pair of tables before it stops and warns."""


class _TooManyError(Exception):
    """The search for groupings of one pair of tables went past its budget."""


def link_coarsenings(model: Model, tables: Sequence[Table]) -> None:
    """Link each coarse table's counts to the sums of the fine table's they equal.

    A pair is a fine and a coarse single-answer table (percentages down the columns) of
    two questions, both weighted or both not, with fewer options in the coarse one, that
    share a column with the same base in every column they share, and no breakdown of
    the one by the other's options in the set (it prints their joint counts, which the
    model holds). Where one grouping of the fine options (every option with a count in
    one group) has the coarse counts as its sums in every shared column, its equations
    are added. Where several do, none is: a reader who knows which is the recode knows
    one of them, and all of them together bind the fine counts to each other (the
    model hid a whole set of 12 organisations). The docs say so (a recode is best
    published as nets, which the model links by their note); a warning would be raised
    by most pairs of small unrelated questions, whose counts add up alike by chance.
    """
    for f, fine in enumerate(tables):
        for c, coarse in enumerate(tables):
            shared = _pair_columns(fine, coarse) if f != c else []
            if not shared or _broken_down(tables, fine, coarse):
                continue
            try:
                groupings = _groupings(_lines(fine, shared), _lines(coarse, shared))
            except _TooManyError:
                continue  # as where several fit: the docs say what to do
            if len(groupings) == 1:
                _add_sums(model, (f, fine), (c, coarse), shared, groupings[0])


def _broken_down(tables: Sequence[Table], fine: Table, coarse: Table) -> bool:
    """Whether a table of the set prints one question's options by the other's."""
    pairs = [(_options(fine), _options(coarse)), (_options(coarse), _options(fine))]
    for table in tables:
        rows, columns = set(_options(table)), set(_across(table))
        for mine, theirs in pairs:
            if set(mine) <= rows and set(theirs) <= columns:
                return True
    return False


def _pair_columns(fine: Table, coarse: Table) -> list[Hashable]:
    """Return the columns where `coarse` may be `fine` recoded (none: not such a pair)."""
    single = all(
        t.kind in ("single", "crosstab") and t.partition and t.percent_axis == "columns"
        for t in (fine, coarse)
    )
    if not single or fine.question == coarse.question or fine.weighted != coarse.weighted:
        return []
    if not 2 <= len(_options(coarse)) < len(_options(fine)):
        return []
    theirs = dict(zip(coarse.bases.index, coarse.bases.to_numpy(dtype=float), strict=True))
    shared = [a for a in _across(fine) if a in theirs]
    mine = dict(zip(fine.bases.index, fine.bases.to_numpy(dtype=float), strict=True))
    if not shared or not all(_same(mine[a], theirs[a]) for a in shared):
        return []
    return shared


def _lines(table: Table, shared: Sequence[Hashable]) -> npt.NDArray[np.float64]:
    """Return the counts of the shared columns, one row per option."""
    return table.counts[list(shared)].to_numpy(dtype=float)


def _groupings(fine: npt.NDArray[np.float64], coarse: npt.NDArray[np.float64]) -> list[list[int]]:
    """Return the assignments of fine options to coarse ones whose sums are the coarse counts.

    The search stops at the third found: the caller needs to know only whether one fits.

    An option counted 0 in every column is left out (in no group): it adds nothing to
    any sum. The search assigns the largest options first and stops a branch as soon as
    a coarse count is overdrawn; it raises :class:`_TooManyError` past its budget.
    """
    if not np.allclose(fine.sum(axis=0), coarse.sum(axis=0)):
        return []  # the options do not make up the same respondents
    order = [int(i) for i in np.argsort(-fine.sum(axis=1), kind="stable") if fine[i].any()]
    # Plain lists: the search takes many small steps, each cheaper than numpy's.
    rows = [[float(v) for v in fine[i]] for i in order]
    room = [[float(v) for v in line] for line in coarse]
    tolerance = 1e-9 * max(1.0, float(np.abs(coarse).sum()))
    chosen = [-1] * len(fine)
    found: list[list[int]] = []
    steps = 0

    def place(k: int) -> None:
        nonlocal steps
        if len(found) > 2:  # at most one puts every option in one band: two others fit
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
                chosen[order[k]] = g
                place(k + 1)
                for j, need in enumerate(row):
                    line[j] += need
                chosen[order[k]] = -1

    place(0)
    # A grouping of every option into one coarse option is the base again: nothing new.
    return [g for g in found if len({x for x in g if x >= 0}) > 1]


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

"""Checks that a table can be compared: distinct columns, a whole sample holding its groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.compare._intervals import _fmt_count
from tracktr.exceptions import InvalidOptionError
from tracktr.multicross import OVERLAP_NOTE
from tracktr.table import Table

if TYPE_CHECKING:
    from tracktr.compare._groups import _Sides


def _check_columns(table: Table, effective_bases: pd.Series | None) -> None:
    """Refuse repeated column labels, and effective bases that do not name the columns."""
    columns = table.counts.columns
    if not columns.is_unique:
        repeated = sorted({str(c) for c in columns[columns.duplicated()]})
        msg = f"table {table.question!r} has repeated columns {repeated}; groups must differ."
        hint = "Hint: rename the groups so that each column has its own label."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if effective_bases is None:
        return
    if not isinstance(effective_bases, pd.Series):
        msg = (
            "`effective_bases` must be a pandas Series indexed by the table's columns; "
            f"got {type(effective_bases).__name__}."
        )
        raise InvalidOptionError(msg)
    missing = [c for c in columns if c not in effective_bases.index]
    extra = [c for c in effective_bases.index if c not in columns]
    if missing or extra or not effective_bases.index.is_unique:
        msg = (
            f"`effective_bases` must have one value per column of the table {list(columns)}, "
            f"matched by label; columns {missing} have none and labels {extra} are not columns."
        )
        hint = "Hint: index the effective bases by the table's column labels."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    values = effective_bases.reindex(columns).to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        msg = f"`effective_bases` must be finite and not negative; got {effective_bases.to_dict()}."
        raise InvalidOptionError(msg)
    _check_effective_range(table, values)


def _check_effective_range(table: Table, values: npt.NDArray[np.float64]) -> None:
    """Refuse a Kish effective base outside 1 to the respondents of a column with a base.

    Kish's ``(sum w) ** 2 / sum(w ** 2)`` is at least 1 (one respondent with weight) and at
    most the number of respondents (equal weights). A value outside cannot be one, and one
    near 0 divides by 0 later. The respondents are `unweighted_bases` where the table has
    them, else its bases, as the comparison itself reads them.
    """
    bases = table.bases.to_numpy(dtype=float)
    people = table.unweighted_bases if table.unweighted_bases is not None else table.bases
    respondents = people.reindex(table.counts.columns).to_numpy(dtype=float)
    slack = 1e-9  # relative: float sums of weights
    wrong = [
        (column, float(value), float(n))
        for column, value, base, n in zip(
            table.counts.columns, values, bases, respondents, strict=True
        )
        if base > 0 and not (1 - slack <= value <= n * (1 + slack))
    ]
    if wrong:
        listed = "; ".join(f"column {c!r}: {v:g} (from 1 to {_fmt_count(n)})" for c, v, n in wrong)
        msg = (
            "an effective base must be from 1 to the number of respondents of its column "
            "wherever the base is above 0 (Kish's (sum w)**2 / sum(w**2) is at least 1 "
            f"and at most the respondents); got {listed}."
        )
        hint = (
            "Hint: pass the Kish effective bases of the table's own respondents, as "
            "tt.frequencies(..., weights=...) stores them in table.effective_bases; a "
            "weighted table needs its unweighted_bases."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _check_overlap_mark(table: Table) -> None:
    """Refuse a table that says its columns overlap: its groups are not independent.

    Every test of compare_table() takes its two sides as independent samples. The columns
    of :func:`tracktr.multi_crosstab` are the options of a multi-response set, so one
    respondent is in each column he ticked; the table says so in its field
    ``overlapping_columns``, which every copy of it keeps. Its note says the same and is
    read too, for a table rebuilt by code that does not know the field (which keeps the
    notes, as :func:`tracktr.banners.stack_tables` does).
    """
    noted = any(note.endswith(OVERLAP_NOTE) for note in table.extra_notes)
    if not (table.overlapping_columns or noted):
        return
    msg = (
        f"table {table.question!r}: its columns {list(table.counts.columns)} overlap (a "
        "respondent can be in several of them, as in the column options of "
        "tt.multi_crosstab(); the table says so in `overlapping_columns`), so they are not "
        f"independent groups; {_ASSUMED}"
    )
    raise InvalidOptionError(f"{msg}\n\n{_TICK_HINT}")


_ASSUMED = (
    "compare_table()'s tests assume independent groups and would understate a difference "
    "or make one up."
)

_TICK_HINT = (
    "Hint: compare the respondents who ticked a column option with those who did not: "
    "tabulate the row question by that option's tick column, e.g. "
    "tt.multi_response(df, row_set, columns=..., by='tick_column'), and compare that."
)


def _check_gaps(table: Table) -> None:
    """Refuse a table with a gap: a cell of an option not offered has no share to test.

    A gap (``table.gaps``, printed ``n/a``: an option a wave did not offer) holds a count
    of 0 that no one could have made otherwise; tested against another column's share
    (and counted as a 0 in the overall chi-square) it would read as nobody choosing it.
    """
    if not table.gaps:
        return
    row, column = table.gaps[0]
    more = f" (and {len(table.gaps) - 1} more)" if len(table.gaps) > 1 else ""
    msg = (
        f"table {table.question!r}: {row!r} in column {column!r} is a gap{more}, an option "
        "not offered there (printed n/a): its 0 is not a share, and compare_table() would "
        "test it against the other columns' shares as if nobody had chosen it."
    )
    hint = (
        "Hint: compare waves with tt.waves.changes(), which leaves out the options a wave "
        "did not offer; or compare the columns that offered it, or nets with an option "
        "offered in every column (nets=...)."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _check_disjoint_groups(table: Table, sides: _Sides, *, guessed: bool) -> None:
    """Refuse groups that together hold more than the whole sample (the total column).

    Disjoint groups of one sample never do, in respondents, bases or any cell: either
    they overlap, or the column read as the total is not the whole sample. When that
    column was found by its label (``"All"``, `guessed`), it may be a group of the data
    so named: the hint says how to read it as one.
    """
    if sides.total is None:
        return
    groups = list(sides.groups)
    whole = sides.total
    slack = 1e-9  # relative: float sums of weights
    within = float(sides.respondents.reindex(groups).sum())
    base = float(sides.bases.reindex(groups).sum())
    summed = sides.counts.reindex(columns=groups).to_numpy(dtype=float).sum(axis=1)
    whole_counts = sides.whole_counts.to_numpy(dtype=float)
    over = np.flatnonzero(summed > whole_counts + slack * max(float(sides.whole_base), 1.0))
    if within > sides.whole_respondents * (1 + slack):
        detail = f"{_fmt_count(within)} respondents against {_fmt_count(sides.whole_respondents)}"
    elif base > sides.whole_base * (1 + slack):
        detail = f"a base of {_fmt_count(base)} against {_fmt_count(sides.whole_base)}"
    elif over.size:
        i = int(over[0])
        detail = (
            f"option {sides.counts.index[i]!r}: {_fmt_count(float(summed[i]))} against "
            f"{_fmt_count(float(whole_counts[i]))}"
        )
    else:
        return
    msg = (
        f"table {table.question!r}: its groups {groups} together hold more than column "
        f"{whole!r}, read as the whole sample ({detail}); disjoint groups never do. Either "
        "they overlap (a respondent can be in several of them, as in the column options of "
        f"tt.multi_crosstab()) and are not independent groups, and {_ASSUMED} Or {whole!r} "
        "is not the whole sample."
    )
    hint = _TICK_HINT
    if guessed:
        hint = (
            f"Hint: if {whole!r} is a group of the data rather than the total (the total is "
            "found by its label), pass total=False. If a respondent can be in several "
            f"groups, {_TICK_HINT.removeprefix('Hint: ')}"
        )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _check_has_rest(table: Table, sides: _Sides, against: str) -> None:
    """Refuse against="rest"/"total" when every group is the whole sample: no rest to test."""
    if against == "pairs":
        return
    answered = [g for g in sides.groups if sides.bases[g] > 0]
    if any(sides.whole_respondents - float(sides.respondents[g]) > 0 for g in answered):
        return
    whole = sides.total if sides.total is not None else "the groups together"
    msg = (
        f"table {table.question!r}: against={against!r} tests each group against the rest "
        f"of the sample, but group(s) {answered} hold the whole sample ({whole!r}, "
        f"n={_fmt_count(sides.whole_respondents)}): there is no rest to test against, so "
        "nothing can be compared."
    )
    hint = (
        "Hint: a group that is everyone cannot differ from the total; check `by` (a filter "
        "may have left one group), or compare two or more groups with against='pairs'."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _check_total_contains_groups(table: Table, sides: _Sides) -> None:
    """Refuse a whole-sample column smaller than a group it must contain."""
    if sides.total is None or not sides.groups:
        return
    groups = list(sides.groups)
    counts = sides.counts.reindex(columns=groups).to_numpy(dtype=float)
    whole = sides.counts[sides.total].to_numpy(dtype=float)[:, None]
    bases = sides.bases.reindex(groups).to_numpy(dtype=float)
    slack = 1e-9 * max(float(sides.whole_base), 1.0)  # float sums of weights
    over_base = [g for g, b in zip(groups, bases, strict=True) if b > sides.whole_base + slack]
    over_cells = [
        (option, g)
        for i, option in enumerate(sides.counts.index)
        for j, g in enumerate(groups)
        if counts[i, j] > whole[i, 0] + slack
    ]
    if over_base or over_cells:
        detail = (
            f"groups {over_base} have larger bases than {sides.total!r} "
            f"(n={_fmt_count(sides.whole_base)})"
            if over_base
            else f"cells {over_cells[:10]} count more than {sides.total!r} does"
        )
        msg = (
            f"table {table.question!r}: column {sides.total!r} is read as the whole sample, "
            f"which contains every group, but {detail}."
        )
        hint = (
            "Hint: pass total=False if that column is not the whole sample, or total= the "
            "label of the column that is."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")

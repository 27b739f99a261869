"""Protect a set of tables published together: requirements, secondary cells, an audit.

:func:`protect` finds the sensitive numbers of every table (counts of 1 to
``threshold - 1`` organisations, and optionally zeros and "everyone" counts), hides them,
chooses further numbers to hide so that a reader with a linear-programming solver and
every table of the set cannot narrow any sensitive number below its protection level,
and audits the result with the reader's own linear programmes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence, Set

import numpy as np
import numpy.typing as npt

from tracktr._table_text import GAP
from tracktr.disclosure._audit import intervals, whole_bounds
from tracktr.disclosure._coarse import Recodes, check_recodes
from tracktr.disclosure._joint import add_joint_tables, warn_open_cycles
from tracktr.disclosure._model import (
    CELL,
    REMAINDER,
    Model,
    add_complements,
    build,
    gap_variables,
)
from tracktr.disclosure._solve import Requirement, _linked_groups, heuristic, milp_size
from tracktr.disclosure._solve import exact as exact_solution
from tracktr.disclosure.suppression import (
    DEFAULT_MARKER,
    DEFAULT_THRESHOLD,
    ProtectedSet,
    Suppression,
)
from tracktr.exceptions import InvalidOptionError, InvalidWeightsError
from tracktr.table import Table
from tracktr.typing import CellSensitivity, SuppressionLoss, SuppressionMethod, check_choice

__all__ = ["protect", "suppress"]

_MILP_LIMIT = 40_000  # variables of the exact model above which "auto" uses the heuristic


def _whole(value: object, name: str, *, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        msg = f"`{name}` must be a whole number of at least {low}; got {value!r}."
        raise InvalidOptionError(msg)
    return int(value)


def _check_marker_and_time(marker: object, time_limit: object) -> None:
    """Raise for a marker a reader cannot see, or a time limit that is not a time."""
    if not isinstance(marker, str) or not _visible(marker):
        msg = f"`marker` must be visible text, such as '[c]'; got {marker!r}."
        hint = "Hint: a blank marker makes a hidden cell look like a cell with no data."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if _looks_like_a_figure(marker):
        msg = f"`marker` must not read as a number; got {marker!r}."
        hint = (
            "Hint: a hidden cell marked with a number or a percentage reads as a published "
            'figure ("n=5" as a base, "(3)" as a count, and "<5" is false of the '
            "cells hidden to protect another, which hold 5 or more); use text without "
            "digits, such as '[c]', '*' or 'x'."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if _reads_as_no_value(marker):
        msg = (
            f"`marker` must not read as a cell with no value; got {marker!r}, which every "
            "table prints for a gap or an undefined percentage."
        )
        hint = "Hint: a reader must tell a hidden number from a missing one; use '[c]'."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    ok = isinstance(time_limit, int | float) and not isinstance(time_limit, bool)
    if not ok or not time_limit >= 0:  # type: ignore[operator]  # NaN fails >= too
        msg = f"`time_limit` must be a number of seconds, at least 0; got {time_limit!r}."
        raise InvalidOptionError(msg)


def _visible(marker: str) -> bool:
    """Whether a marker prints a mark: a character neither space nor unprintable.

    ``strip()`` leaves a zero-width space (U+200B) or a soft hyphen, which print nothing:
    a hidden cell so marked looked like a cell with no data.
    """
    return any(ch.isprintable() and not ch.isspace() for ch in marker)


# Words that read as a count where a number stands: "five" as 5, "nil" and "none" as 0.
# fmt: off
_NUMBER_WORDS = frozenset({
    "zero", "nil", "none", "nought", "naught", "no", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "dozen",
})
# fmt: on


def _looks_like_a_figure(marker: str) -> bool:
    """Whether a marker reads as a count or a percentage ("0", "5", "12%", "1,234", "-").

    Any digit does ("n=5", "(3)", "<5", "½"): the marker stands in the place of a number,
    where a digit is read as the number's value; so does a number word ("five", "nil").
    """
    if any(ch.isnumeric() for ch in marker):
        return True
    if any(word in _NUMBER_WORDS for word in re.findall(r"[^\W\d_]+", marker.casefold())):
        return True
    text = marker.strip().rstrip("%").replace(",", "").strip()
    if text in {"-", "–", "—"}:  # a dash reads as zero in most published tables
        return True
    try:
        float(text)
    except ValueError:
        return False
    return True


def _reads_as_no_value(marker: str) -> bool:
    """Whether a marker reads as the ``n/a`` of a cell with no value ("N/A.", "n.a.", "NA").

    Letters alone are compared, so punctuation and case do not hide it.
    """
    letters = "".join(re.findall(r"[^\W\d_]+", marker.casefold()))
    return letters == "".join(re.findall(r"[^\W\d_]+", GAP))


def requirements(
    model: Model,
    *,
    threshold: int,
    level: int,
    zeros: CellSensitivity,
    full: CellSensitivity,
    gaps: Set[int] = frozenset(),
) -> list[Requirement]:
    """Return what must be protected: one requirement per sensitive number.

    A count no table prints but a reader works out (those of a total in no group) is
    sensitive like a printed one when it counts 1 to ``threshold - 1`` organisations.
    Before, it never was: the total less its groups gave the answers of 2 respondents
    with no group. An unknown no one counts (a tick pattern, a joint cell) is not, nor
    is a gap (`gaps`: a cell of an option not offered, known to be 0), even with
    ``zeros="protect"``.
    """
    out = []
    for k in range(model.size):
        if (model.kinds[k] == REMAINDER and k not in model.derived) or k in gaps:
            continue
        people, x, scale = model.respondents[k], model.values[k], model.scale[k]
        width, bar = level * scale, threshold * scale
        if 0 < people < threshold:
            lower = min(x, width / 2)
            upper = max(width - lower, bar - x)
            out.append(Requirement(k, "small", upper, lower, width, bar, None))
        elif model.kinds[k] == REMAINDER:
            continue  # a count worked out is small or not: a zero one is fixed at zero
        elif people == 0 and zeros == "protect":
            out.append(Requirement(k, "zero", max(width, bar), 0.0, width, bar, None))
        elif (
            full == "protect"
            and model.kinds[k] == CELL
            and people > 0
            and any(people == model.respondents[b] for b in model.full_of[k])
        ):
            lower = min(x, max(width, bar))
            out.append(Requirement(k, "full", 0.0, lower, width, None, x - bar))
    return out


def costs(model: Model, loss: SuppressionLoss) -> npt.NDArray[np.float64]:
    """Price each publishable number: what hiding it loses.

    ``"cells"``: one per number (ties go to the smaller number); a base also counts the
    percentages it hides. ``"values"``: the number itself plus one (so that zeros are not
    free); a base also counts the cells whose percentages it hides.
    """
    values = model.array()
    grand = float(np.abs(values).sum()) + 1.0
    cost = np.where(
        np.array(model.kinds) == REMAINDER,
        0.0,
        1.0 + values / (10.0 * grand) if loss == "cells" else values + 1.0,
    )
    for t, positions in enumerate(model.positions):
        for position, k in positions.items():
            if position[0] != "count":
                continue
            for b in model.full_of[k]:  # the base of this table prices its percentages
                if model.positions[t].get(("base", _base_index(model, t, b), -1)) == b:
                    cost[b] += 1.0 if loss == "cells" else values[k]
    return cost


def _base_index(model: Model, t: int, b: int) -> int:
    for position, k in model.positions[t].items():
        if k == b and position[0] == "base":
            return position[1]
    return -1


def protect(
    tables: Sequence[Table],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    level: int | None = None,
    zeros: CellSensitivity = "publish",
    full: CellSensitivity = "publish",
    secondary: bool = True,
    method: SuppressionMethod = "auto",
    loss: SuppressionLoss = "cells",
    time_limit: float = 2.0,
    marker: str = DEFAULT_MARKER,
    recodes: Recodes | None = None,
) -> ProtectedSet:
    """Protect tables published together against a reader who solves their links.

    Parameters
    ----------
    tables : sequence of Table
        Every table that will be published from the same respondents. Numbers with the
        same question and labels (and the same value) are the same number: the ``All``
        column of ``crosstab(q, by=g)`` is ``frequencies(q)``, and they are protected as
        one. Rows sum to their ``All`` total, partitions to their bases, and a
        multi-response count is at most its base (and a column's counts at least it).
        A group's base is its count in a table of the grouping question (at most
        that count when some of the group left the question out), a net from
        :func:`tracktr.net_table` is the sum of its members (one from
        :func:`tracktr.multi_nets` at least each and at most their sum) in the table
        of options whose bases and counts it fits (the same banner), and the
        respondents a weighted table prints (``n=``) add up like its weighted bases.
        ``crosstab(q, g)`` and ``crosstab(g, q)`` are one table printed both ways
        round: each count is one number, hidden in both or in neither. Three breakdowns
        that close a cycle (``q`` by ``g``, ``q`` by ``h``, ``g`` by ``h``) are faces of
        one ``q`` by ``g`` by ``h`` table, whose cells are unknowns a reader can solve
        for; that table is part of the model. The groups of a nested banner
        (``"North / CRC"``) add up to their outer group (``"North"``) and to their inner
        one (``"CRC"``, or a middle one of ``"North / CRC / Big"``) where a table prints
        those, and one wave's breakdown is that wave's block of a trend by group
        (``"2015-05: CRC"``). A line of one table (a column, a grid's row) with the
        options, base and every count of a line of another table of the question is the
        same numbers: one wave's ``frequencies(q)`` or the ``All`` column of its
        ``crosstab(q, g)`` is that wave's column of ``trend(q)``. Those of a total in no
        group (the total less its groups) are counted too: a count of them of 1 to
        ``threshold - 1`` is sensitive, though no table prints it, and the audit lists
        it (reason ``"derived"``); so are those of a table of everyone who are not in
        the same table of some of them (everyone's less everyone's but London's), those
        of a table in none of its parts that share no one (everyone's less each
        region's: those with no region), and those of a multi-response base who did not
        tick an option (39 of 40 ticked it: one did not).

        Which table is of some of another's respondents, and which share no one, is
        read from their rows (``Table.respondents``, the index of the
        pandas frame each was made from) where both are known, each label once, under
        one index name and of one kind: a part's rows are all rows of its whole. Rows
        outside another's say "not a part" only under a named index (the survey's ids,
        ``data.set_index("id")``), since unnamed rows may be renumbered; rows in both
        say "they share someone" unless either may be renumbered from 0
        (``reset_index``). Filter with boolean masks and keep the survey's index.
        Where the rows do not tell (a table built from counts, of another engine's
        frame, an unnamed index whose rows are not within the other's, rows
        renumbered), the numbers decide: a table whose every number is at most
        another's is read as some of its respondents, and parts of one whole whose
        numbers fit together within it are read as sharing no one, added up with those
        in none of them, as a reader who reads the titles may. That hides more than
        needed where groups merely happen to fit.
    threshold : int, default 5
        A number of 1 to ``threshold - 1`` organisations is sensitive (counted
        unweighted, also in weighted tables), and so is a base of that size.
    level : int, optional
        The protection level: every interval a reader can deduce for a sensitive number
        is at least this wide (in organisations; in weighted tables, times the mean
        weight). Defaults to `threshold`. The interval must also reach `threshold`: the
        reader cannot prove the number small.
    zeros : {"publish", "protect"}, default "publish"
        Whether a count of 0 is published (the default of tau-ARGUS and of the ONS for
        survey tables: a zero identifies no one) or protected like a small count. A gap
        (``Table.gaps``: an option not offered, printed ``n/a``) is neither: every reader
        knows it is 0, so it is never hidden, and the model holds it fixed at 0.
    full : {"publish", "protect"}, default "publish"
        Whether a count equal to its base ("every member said yes", group disclosure) is
        published, or protected: the reader cannot prove that all of the base gave it.
    secondary : bool, default True
        Also hide the complementary numbers that meet every requirement. ``False`` hides
        the sensitive numbers only, which the audit shows a reader can often undo.
    method : {"auto", "milp", "heuristic"}, default "auto"
        ``"milp"``: the complementary numbers of least information loss, by mixed-integer
        programming (:func:`scipy.optimize.milp`, HiGHS). ``"heuristic"``: one linear
        programme per sensitive number, cheapest move first; fast on large sets.
        ``"auto"`` runs the heuristic, then, while the exact model is small (under
        40,000 variables), asks the mixed-integer solver for a cheaper choice within
        `time_limit`. Either way the result is audited, and any requirement not met is
        repaired before it is returned.
    loss : {"cells", "values"}, default "cells"
        The information loss to minimise: the number of hidden numbers, or their sum.
    time_limit : float, default 2
        Seconds the mixed-integer solver may take; after that its best solution is used
        (or the heuristic's, if it has none cheaper). The solution is then optimal only
        if the solver finished in time, and may differ from one machine (or load) to
        another; ``method="heuristic"`` is deterministic.
    marker : str, default "[c]"
        Shown in place of a hidden number: visible text without digits or number words
        ("n=5" reads as a base, "<5" is false of the cells hidden to protect another,
        "five" and "nil" read as counts), and not ``n/a`` however written ("N/A.",
        "n.a."), which a cell with no value prints.
    recodes : mapping, optional
        What the reader knows of questions recoded into fewer options and published
        beside them: ``{"q_band": ("q", {"Low": ["a", "b"], "High": ["c", "d"]})}``
        says that Low of ``q_band`` is ``a + b`` of ``q`` and High ``c + d`` (options
        of ``q`` in no group are ``q_band``'s missing). Each is linked by its groups in
        every pair of tables of the two questions (``Table.question``) that share a
        column, whatever else the counts fit. ``{"g": None}`` says that ``g`` is a
        recode of no question of the set. Without a declaration, a recode is linked
        only where its counts fit one grouping of the question's options; a pair that
        several fit, with a number hidden, is named in ``ProtectedSet.notes`` and
        ``ProtectedSet.met`` is False.

    Returns
    -------
    ProtectedSet
        One :class:`~tracktr.disclosure.Suppression` per table, in order; each exports as the table
        does.

    Raises
    ------
    tracktr.InvalidOptionError
        For a threshold or level below 1, no tables, a table with an ``AVERAGE`` row,
        missing or negative counts, or a weighted table without the number of
        respondents behind its cells; and for one question printed both weighted and
        unweighted (a reader who reads the groups' weights off the one works hidden
        counts out with the other; a weighted tab book models the two together). And
        for `recodes` not of that shape, a group naming an option twice (or two groups
        one option), a question with no table in the set, a table of one that is of a
        multi-response set or a grid, a label not in its table (or a coarse label in no
        group), and a group whose printed counts do not add up to its coarse count in
        a column both tables print.
    tracktr.InvalidWeightsError
        For a weighted table with respondents of weight 0: a base of them prints a
        weighted base of 0 that pins hidden weighted counts of the other groups.
    tracktr.UnknownMethodError
        For a `zeros`, `full`, `method` or `loss` that is not one of the choices.

    Warns
    -----
    tracktr.DisclosureWarning
        When breakdowns close a cycle whose joint table the model does not hold: three
        faces of no one table (different waves or filters), weighted and unweighted
        tables mixed, a cycle of four tables or more, or cycles beyond 12,000 cells of
        joint tables in all (the smallest are modelled first). Also when a two-way
        table is printed both ways round of other respondents (the counts of one are
        at most the other's: a filter), a table of nets fits none of the tables that
        print its options, a nested table's groups add up to more than their outer
        group's, or a breakdown matches a block of a trend by group by its labels but
        not its counts (a filter of the wave): the model does not link them, a reader
        may.

    See Also
    --------
    suppress : One table.

    Notes
    -----
    The reader is assumed to know every published number of the set, the links between
    them, and that counts are whole and not negative; the audit solves, for every hidden
    number, the smallest and largest value this allows (:func:`scipy.optimize.milp` as a
    linear programme). A member who knows their own answer, or someone who knows who
    answered, knows more; see the guide (:doc:`/guide/protecting`).

    References
    ----------
    Fischetti, M. and Salazar-González, J. J. (2001). Solving the cell suppression
    problem on tabular data with linear constraints. *Management Science* 47(7),
    1008-1027. Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley,
    chapter 4.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["a"] * 20 + ["b"] * 8 + ["c"] * 2 + ["a"] * 6 + ["c"] * 2,
    ...                    "g": ["x"] * 30 + ["y"] * 8})
    >>> total, by_g = tt.frequencies(df, "q"), tt.frequencies(df, "q", by="g")
    >>> published = tt.disclosure.protect([total, by_g], method="milp")
    >>> published
    ProtectedSet(tables=2, threshold=5, method='milp', hidden=6, requirements met=True)
    >>> first, second = published
    >>> first.display_frame()
             All
    a        [c]
    b     21 (8)
    c        [c]
    Base    n=38
    >>> second.display_frame()
               x      y     All
    a        [c]    [c]     [c]
    b     27 (8)  0 (0)  21 (8)
    c        [c]    [c]     [c]
    Base    n=30    n=8    n=38
    >>> published[1].audit()[["row", "column", "count", "low", "high", "met"]]
      row column  count  low  high   met
    0   a      x     20    0    22  True
    1   a      y      6    0     8  True
    2   a    All     26    0    30  True
    3   c      x      2    0    22  True
    4   c      y      2    0     8  True
    5   c    All      4    0    30  True

    A band beside its question, declared: Mid (3) is ``b`` (3), though ``c`` (3)
    fits its count as well, and a reader who knows so is in the model:

    >>> df = pd.DataFrame({"q": ["a"] * 5 + ["b"] * 3 + ["c"] * 3 + ["d"] * 7})
    >>> df["band"] = df["q"].map({"a": "Low", "b": "Mid", "c": "High", "d": "High"})
    >>> pair = [tt.frequencies(df, "q"), tt.frequencies(df, "band")]
    >>> groups = {"Low": ["a"], "Mid": ["b"], "High": ["c", "d"]}
    >>> declared = tt.disclosure.protect(pair, method="milp", recodes={"band": ("q", groups)})
    >>> declared.met, declared.notes
    (True, ())
    >>> declared[1].display_frame()["All"].tolist()
    ['[c]', '28 (5)', '[c]', 'n=18']
    >>> tt.disclosure.protect(pair, method="milp").met  # undeclared: the notes say why
    False
    """
    check_choice(zeros, CellSensitivity, name="zeros")
    check_choice(full, CellSensitivity, name="full")
    check_choice(method, SuppressionMethod, name="method")
    check_choice(loss, SuppressionLoss, name="loss")
    threshold = _whole(threshold, "threshold", low=1)
    level = threshold if level is None else _whole(level, "level", low=1)
    _check_marker_and_time(marker, time_limit)
    if isinstance(tables, Table):  # iterating a Table failed with TypeError
        raise InvalidOptionError("`tables` must be a list of Tables: protect([table]).")
    tables = list(tables)
    if not tables or not all(isinstance(t, Table) for t in tables):
        msg = "`tables` must be a non-empty sequence of tracktr Tables."
        raise InvalidOptionError(msg)
    declared = check_recodes(recodes)
    _refuse_weight_zero(tables)
    _refuse_weighted_beside_unweighted(tables)
    model = build(tables, recodes=declared)
    return solve(
        tables,
        model,
        threshold=threshold,
        level=level,
        zeros=zeros,
        full=full,
        secondary=secondary,
        method=method,
        loss=loss,
        time_limit=time_limit,
        marker=marker,
    )


def _refuse_weight_zero(tables: Sequence[Table]) -> None:
    """Refuse a weighted table with respondents of weight 0.

    They count among its organisations (``n=``) but in none of its weighted figures: a
    group of them prints "The weighted base of z is 0" beside its hidden base, which pins
    every weighted count of the group at 0, and another group's hidden count follows by
    subtraction (a hidden 12 was worked out as 27 - 15 - 0 where the audit said 2 to 12).
    A protected tab book refuses them for the same reason.
    """
    for k, table in enumerate(tables):
        zero = table.zero_weights
        if zero is None or not bool((zero.to_numpy(dtype=float) > 0).any()):
            continue
        where = {str(b): int(v) for b, v in zero.items() if v > 0}
        name = table.question or table.title or f"table {k + 1}"
        msg = (
            f"{name!r}: respondents of weight 0 in {where} (respondents per base). They count "
            "among the organisations a protected table counts but in none of its weighted "
            "figures, and a base of them pins hidden weighted counts of the other groups."
        )
        hint = (
            "Hint: leave them out before tabulating (data[data['w'] > 0]), so that the "
            "weighted and the unweighted figures describe the same organisations."
        )
        raise InvalidWeightsError(f"{msg}\n\n{hint}")


def _refuse_weighted_beside_unweighted(tables: Sequence[Table]) -> None:
    """Refuse a set that prints one question both weighted and unweighted.

    The model counts a weighted table in weighted units and an unweighted one in
    organisations, as two sets of numbers. But a reader reads a group's weight off the
    weighted table (weighted base over ``n=``, exact where the group has one weight, as
    post-stratification gives), and a row's weighted and unweighted totals are then two
    equations in its hidden counts: a hidden 4 was pinned where the audit said 6 to 27
    (weighted), in 12 of 12 random such sets. A weighted tab book models the two together
    (``tt.tabbook(..., weights=..., threshold=..., publish_with=[...])``).
    """
    for k, first in enumerate(tables):
        for j in range(k + 1, len(tables)):
            second = tables[j]
            if first.weighted == second.weighted or not _same_cells(first, second):
                continue
            weighted, unweighted = (k, j) if first.weighted else (j, k)
            name = first.question or first.title
            msg = (
                f"tables {weighted + 1} (weighted) and {unweighted + 1} (unweighted) both print "
                f"{name!r}, at the same labels. A reader reads each group's weight off the "
                "weighted table, and with the unweighted counts of the same cells works "
                "hidden counts out; protect() does not model weighted and unweighted figures "
                "of one question together."
            )
            hint = (
                "Hint: publish the question weighted or unweighted, not both; or publish the "
                "weighted tables as a protected tab book with the unweighted ones beside it, "
                "tt.tabbook(data, ..., weights=..., threshold=5, publish_with=[...]), whose "
                "model holds both."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")


def _same_cells(first: Table, second: Table) -> bool:
    """Whether two tables of one question (and title) print a cell at the same labels.

    Two waves titled apart, or one question's tables of different groups' options, are
    left alone: they share no cell a reader could set side by side.
    """
    if (first.question or first.title) != (second.question or second.title):
        return False
    if first.title != second.title:
        return False
    rows = set(first.counts.index) & set(second.counts.index)
    columns = set(first.counts.columns) & set(second.counts.columns)
    return bool(rows and columns)


def solve(
    tables: Sequence[Table],
    model: Model,
    *,
    threshold: int,
    level: int,
    zeros: CellSensitivity,
    full: CellSensitivity,
    secondary: bool,
    method: SuppressionMethod,
    loss: SuppressionLoss,
    time_limit: float,
    marker: str,
) -> ProtectedSet:
    """Protect tables whose model is built (options checked): :func:`protect`'s work.

    Apart so that a caller that builds the model itself (a tab book, which gives
    :func:`build` its nets per banner) can protect it.
    """
    warn_open_cycles(tables, add_joint_tables(model, tables))
    add_complements(model, tables, threshold=threshold)
    # A gap (an option not offered) is a structural zero every reader knows: never hidden.
    gaps = {k for t, table in enumerate(tables) for k in gap_variables(model, table, t)}
    needs = requirements(model, threshold=threshold, level=level, zeros=zeros, full=full, gaps=gaps)
    hidden = {r.var for r in needs}
    used = "none"
    found: dict[int, tuple[float, float]] | None = None
    if secondary and needs:
        cost = costs(model, loss)
        chosen: tuple[set[int], dict[int, tuple[float, float]]] | None = None
        if method != "milp":
            chosen = _repair(model, heuristic(model, hidden, needs, cost), needs, cost)
            used = "heuristic"
        if method == "milp" or (method == "auto" and milp_size(model, needs) <= _MILP_LIMIT):
            # Given the heuristic's cost, the solver looks only for something cheaper.
            below = None if chosen is None else float(cost[list(chosen[0] - hidden)].sum())
            exact = exact_solution(model, hidden, needs, cost, time_limit=time_limit, below=below)
            if exact is not None:
                chosen, used = _repair(model, exact, needs, cost), "milp"
        if chosen is None:
            chosen = _repair(model, heuristic(model, hidden, needs, cost), needs, cost)
            used = "heuristic"
        hidden, found = chosen
    if found is None:
        found = intervals(model, hidden)
    # Fixed at 0 in the model, a gap hidden as a last resort (every number of linked
    # tables) protected nothing: it is printed n/a, and no interval changes.
    hidden = hidden - gaps
    return ProtectedSet.from_model(
        tables,
        model=model,
        hidden=hidden,
        requirements=needs,
        intervals=found,
        threshold=threshold,
        marker=marker,
        method=used,
    )


def _repair(
    model: Model, hidden: set[int], needs: Sequence[Requirement], cost: npt.NDArray[np.float64]
) -> tuple[set[int], dict[int, tuple[float, float]]]:
    """Audit; publish what a reader can work out anyway; protect what is still exposed.

    Returns the hidden numbers and their intervals (the last audit).
    """
    sensitive = {r.var for r in needs}
    for attempt in range(7):
        raw = intervals(model, hidden, rounded=False)
        # A hidden number the reader can work out exactly protects nothing: publish it
        # (publishing what is already determined changes no other interval).
        hidden -= {
            k
            for k in hidden - sensitive
            if np.isfinite(raw[k][1]) and raw[k][1] - raw[k][0] <= 1e-7 * max(1.0, raw[k][1])
        }
        found = {k: whole_bounds(*raw[k], whole=model.integral[k]) for k in hidden}
        todo = [
            # Met by the programme's bounds but not once they are whole: ask for whole moves.
            _in_whole_organisations(model, r) if r.met(raw[r.var]) else r
            for r in needs
            if not r.met(found[r.var])
        ]
        todo += [
            Requirement(k, "exact", model.scale[k], 0.0, 0.0, None, None)
            for k in sorted(hidden - sensitive)
            if found[k][0] >= found[k][1]
        ]
        if not todo:
            return hidden, found
        if attempt == 6:
            break
        hidden = heuristic(model, hidden, todo, cost, whole=True)
    # Still exposed after the rounds of repair: hide every number of the tables linked
    # to what is exposed. With no published number left to bound them, they can grow
    # together without limit; the audit says whether that was enough.
    linked = [g for g in _linked_groups(model) if any(model.tables[r.var] & g for r in todo)]
    tables = set().union(*linked)
    hidden |= {
        k for k in range(model.size) if model.kinds[k] != REMAINDER and model.tables[k] & tables
    }
    raw = intervals(model, hidden, rounded=False)
    return hidden, {k: whole_bounds(*raw[k], whole=model.integral[k]) for k in hidden}


def _in_whole_organisations(model: Model, requirement: Requirement) -> Requirement:
    """Ask a count whose bounds met its requirement only before rounding to move by whole units.

    The audit rounds a count's bounds inwards. Where every link has coefficients of 1,
    the extreme counts are whole and a move of 2.5 proves 3; where a weighted figure is
    tied to its count by a weight of 1.3, it proves only 2, and asking again for 2.5
    would find the same move.
    """
    if not model.integral[requirement.var]:
        return requirement
    return dataclasses.replace(
        requirement,
        upper=float(np.ceil(requirement.upper - 1e-9)),
        lower=float(np.ceil(requirement.lower - 1e-9)),
    )


def suppress(
    table: Table,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    secondary: bool = True,
    marker: str = DEFAULT_MARKER,
    **options: object,
) -> Suppression:
    """Protect one table: small counts and the numbers from which they could be worked out.

    The same as ``protect([table], ...)[0]``; to publish several tables from the same
    respondents, protect them together with :func:`protect`.

    Parameters
    ----------
    table : Table
        The table to publish.
    threshold : int, default 5
        Counts (and bases) of 1 to ``threshold - 1`` organisations are sensitive.
    secondary : bool, default True
        Also hide the complementary numbers.
    marker : str, default "[c]"
        Shown in place of a hidden number: visible text without digits or number words
        ("n=5" reads as a base, "<5" is false of the cells hidden to protect another,
        "five" and "nil" read as counts), and not ``n/a`` however written ("N/A.",
        "n.a."), which a cell with no value prints.
    **options
        Any other keyword option of :func:`protect` (``level``, ``zeros``, ``full``,
        ``method``, ``loss``, ``time_limit``).

    Returns
    -------
    Suppression

    Raises
    ------
    tracktr.InvalidOptionError
        As :func:`protect`.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"funder": ["CRC"] * 20 + ["NPS"] * 7,
    ...                    "size": ["Small"] * 18 + ["Large"] * 2 + ["Small"] * 4 + ["Large"] * 3})
    >>> table = tt.crosstab(df, "size", "funder")
    >>> result = tt.disclosure.suppress(table, threshold=3)
    >>> result.suppressed
            CRC   NPS    All
    Large  True  True  False
    Small  True  True  False
    >>> result.cells[["row", "column", "count", "reason", "low", "high"]]
         row column  count     reason  low  high
    0  Large    CRC      2    primary    0     5
    1  Large    NPS      3  secondary    0     5
    2  Small    CRC     18  secondary   15    20
    3  Small    NPS      4  secondary    2     7
    """
    allowed = {"level", "zeros", "full", "method", "loss", "time_limit"}
    unknown = sorted(set(options) - allowed)
    if unknown:
        msg = f"unknown option(s) {unknown} for suppress(); it takes {sorted(allowed)}."
        raise InvalidOptionError(msg)
    published = protect(
        [table],
        threshold=threshold,
        secondary=secondary,
        marker=marker,
        **options,  # type: ignore[arg-type]
    )
    return published[0]

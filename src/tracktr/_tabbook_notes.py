"""A tab book's notes: what each section says under its tables.

A step of building a section (:mod:`tracktr._tabbook_build`): bases, groups without
respondents or weight, rounding, weights, pooled waves, nets, don't know and scores.
:mod:`tracktr._tabbook_disclosure` reads some of these notes back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from tracktr._pooled import banner_note, is_offer_note
from tracktr._tabbook_book import BannerBlock, _small_summary_bases
from tracktr._tabbook_options import Options
from tracktr._table_text import (
    _effective_line,
    _fmt_number,
    no_group_note,
    zero_weight_note,
)
from tracktr.banners import Banner
from tracktr.compare._letters import PairTests
from tracktr.table import Table
from tracktr.tabulate import TOTAL
from tracktr.tabulate._multi import is_dont_know_note

__all__ = [
    "EMPTY_NOTE",
    "UNTESTED_NOTE",
    "WEIGHED_OUT_NOTE",
    "empty_group_notes",
    "unnumbered_untested_note",
    "untested_note",
]


def _no_group_notes(blocks: tuple[BannerBlock, ...]) -> list[str]:
    """Say how many respondents in the base have no group of a banner (total only)."""
    notes = []
    for block in blocks:
        if block.table is not None:
            n = block.table.unweighted_bases
            n = block.table.bases if n is None else n
        elif block.summary is not None:  # a numeric question: its respondents by group
            n = block.summary.statistics["n"]
        else:
            continue
        values = n.to_numpy(dtype=float)
        everyone = np.asarray(n.index == "All")
        outside = float(values[everyone].sum()) - float(values[~everyone].sum())
        if outside > 0:
            notes.append(no_group_note(outside, block.banner))
    return notes


def _summary_notes(
    data: pd.DataFrame, columns: list[tuple[Banner, str]], blocks: tuple[BannerBlock, ...]
) -> list[str]:
    """Return what a numeric section's summaries note beyond its own lines, by banner.

    :func:`tracktr.summarise` says which groups hold respondents of weight 0 and, of
    pooled waves, that the groups repeat organisations: a book printing the same
    figures says the same. The pooled note is made here, from the banner's name (the
    summary's would name the book's grouping column of a nested banner).
    """
    found: list[str] = []
    for (banner, column), block in zip(columns, blocks, strict=True):
        own = list(block.summary.extra_notes) if block.summary is not None else []
        shared = banner_note(data, banner.name, data[column])
        own += [] if shared is None else [shared]
        found += [n if len(blocks) == 1 else f"By {banner.name}: {n}" for n in own]
    return list(dict.fromkeys(found))


def _small_summary(summary: Any) -> bool:
    """Whether a numeric question's summary has a base the book flags as small.

    A base of 0 is the smallest of all: it is flagged too, and so is a group whose
    respondents all weigh 0.
    """
    return any(_small_summary_bases(summary).values())


EMPTY_NOTE = "No respondents in "
"""How the note on groups without respondents starts (read back by disclosure control)."""
WEIGHED_OUT_NOTE = "Weighted base 0 in "
"""How the note on groups whose respondents all weigh 0 starts (read back likewise)."""


def _weighted_bases(block: BannerBlock) -> pd.Series | None:
    """Return a weighted block's weighted bases by group, None when it is unweighted."""
    if block.table is not None:
        return block.table.bases if block.table.unweighted_bases is not None else None
    if block.summary is not None and "sum_weights" in block.summary.statistics.columns:
        weights: pd.Series = block.summary.statistics["sum_weights"]
        return weights
    return None


def empty_group_notes(
    blocks: tuple[BannerBlock, ...], hidden: Callable[[int, Any], bool] | None = None
) -> list[str]:
    """Name the groups with no respondents, or no weight: their figures are n/a.

    A base of 0 was printed "0" with n/a above it and no word under the table, beside
    "8 *" for a base of 8; a weighted base of 0 (respondents who all weigh 0) printed
    "0.0" with n/a above it and only the weight-0 note. Groups are named with their
    banner ("region: North"), as the rounding note names them; a group `hidden` says has
    its base hidden (block, group) is left out, so that the note does not print a
    suppressed base.
    """
    empty: list[str] = []
    weighed_out: list[str] = []
    for k, block in enumerate(blocks):
        if block.table is not None:
            n = block.table.respondent_bases
        elif block.summary is not None:
            n = block.summary.statistics["n"]
        else:
            continue
        weighted = _weighted_bases(block)
        for group in block.groups:
            if hidden is not None and hidden(k, group):
                continue
            if float(n[group]) == 0:
                empty.append(f"{block.banner}: {group}")
            elif weighted is not None and float(weighted[group]) == 0:
                weighed_out.append(f"{block.banner}: {group}")
    notes = []
    if empty:
        their = "its figures are" if len(empty) == 1 else "their figures are"
        notes.append(f"{EMPTY_NOTE}{'; '.join(empty)} (base 0), so {their} n/a.")
    if weighed_out:
        notes.append(_weighed_out_note(weighed_out, numeric=_numeric(blocks)))
    return notes


def _numeric(blocks: tuple[BannerBlock, ...]) -> bool:
    """Whether a section's blocks are a numeric question's summaries (no percentages)."""
    return all(b.table is None for b in blocks)


def _weighed_out_note(groups: list[str], *, numeric: bool) -> str:
    """Say that groups whose respondents all weigh 0 print n/a, in the section's terms.

    A numeric section's figures are a mean, an SD and quartiles: "not 0%" under them
    said that a percentage had been withheld, where there is none.
    """
    one = len(groups) == 1
    their = (
        "its respondents all weigh 0, so its" if one else "their respondents all weigh 0, so their"
    )
    figures = "statistics are n/a (undefined, not 0)" if numeric else "figures are n/a, not 0%"
    return f"{WEIGHED_OUT_NOTE}{'; '.join(groups)}: {their} {figures}."


def _rounding_notes(
    blocks: tuple[BannerBlock, ...], hidden: Callable[[int, Any], bool] | None = None
) -> list[str]:
    """Note the columns whose printed percentages do not sum to 100, as a table notes them.

    The total column ("All", the first block's) comes first, then each block's groups in
    the order printed, each named with its banner ("region: North"), as the note on
    effective bases names them: two banners can have a group of the same name. A column
    `hidden` says has a hidden percentage (block, group) is left out: its sum tells how
    the hidden percentages round (disclosure control).
    """
    off: dict[tuple[int, Any], str] = {}
    for k, block in enumerate(blocks):
        if block.table is None:
            continue
        totals = block.table.rounding_totals()
        for column in ["All", *block.groups] if k == 0 else block.groups:
            total = float(totals.get(column, math.nan))
            if math.isnan(total) or total == 100.0 or (hidden is not None and hidden(k, column)):
                continue
            # as printed: 99.99, never "100.0"
            name = "All" if column == "All" else f"{block.banner}: {column}"
            off[(k, column)] = f"{name} sum to {total:.{block.table.decimals}f}"
    if not off:
        return []
    return [f"Percentages of {' and of '.join(off.values())}, not 100, because of rounding."]


def _weight_notes(table: Table, blocks: tuple[BannerBlock, ...], options: Options) -> list[str]:
    """Return the notes of a weighted book or one with a design: test, effective bases."""
    notes = []
    if options.design is not None and options.letters:
        from tracktr.compare._design import DESIGN_TEST_NOTE

        if table.weighted:
            notes.append("Percentages are weighted; bases are shown weighted and unweighted.")
        # "on percentages": the mean-score letters have their own test and note.
        nets = (
            "; a net is tested as the share with any of its options"
            if any(b.nets is not None for b in blocks)
            else ""
        )
        notes.append(
            f"Design: {options.design.describe()}. Letters on percentages are "
            f"{DESIGN_TEST_NOTE}{nets}."
        )
    elif table.weighted and options.letters:
        notes.append(
            "Percentages are weighted; bases are shown weighted and unweighted; letters "
            "use Kish effective bases (design= gives design-based letters)."
        )
    elif table.weighted:  # no letters, so nothing to say of them
        notes.append("Percentages are weighted; bases are shown weighted and unweighted.")
    effective = [(b.banner, b.table.effective_bases) for b in blocks if b.table is not None]
    present = [(banner, e) for banner, e in effective if e is not None]
    if present and len(present) == len(effective):
        # the total once, then each banner's groups named "banner: group"
        parts = [present[0][1][["All"]]]
        for banner, e in present:
            groups = e.drop("All")
            parts.append(
                pd.Series(groups.to_numpy(), index=[f"{banner}: {g}" for g in groups.index])
            )
        design = options.design
        if design is not None and (design.strata is not None or design.clusters is not None):
            # Kish's base sees only the weights; under clusters or strata it would overstate
            # (or understate) the precision that the design-based letters measure.
            what = (
                "Kish, rounded down, from the weights alone; the letters use the design's variance"
                if options.letters
                else "Kish, rounded down, from the weights alone, not the design's clusters or "
                "strata"
            )
            notes.append(_effective_line(pd.concat(parts), what=what))
        else:
            notes.append(_effective_line(pd.concat(parts)))
        notes += _small_effective_notes(present, blocks, options.small_base)
    return notes + _zero_weight_notes(blocks)


def _small_effective_notes(
    present: list[tuple[str, pd.Series]], blocks: tuple[BannerBlock, ...], small_base: int
) -> list[str]:
    """Return a note naming the groups whose effective base, not their base, is small.

    A group of 40 respondents, one weighing 100 and the rest 1, has a Kish effective base
    of 1: its percentages are one organisation's answer. Its base was not flagged (40 is not
    below 30) and the effective base was only listed among the others, so nothing said to
    read it with care. Groups flagged for their base (``*``) are not named again.
    """
    unweighted = [b.table.unweighted_bases for b in blocks if b.table is not None]
    named: dict[str, float] = {}
    for (banner, effective), bases in zip(present, unweighted, strict=True):
        if bases is None:
            continue
        sizes = bases.reindex(effective.index).to_numpy(dtype=float)
        for (group, value), size in zip(effective.items(), sizes, strict=True):
            label = TOTAL if group == TOTAL else f"{banner}: {group}"
            shown = math.floor(float(value) + 1e-9)  # as the effective-base note prints it
            if shown < small_base <= size:
                named.setdefault(label, shown)
    if not named:
        return []
    order = sorted(named, key=lambda label: label != TOTAL)  # the total first, as above
    listed = "; ".join(f"{label} {named[label]}" for label in order)
    note = (
        f"Effective base below {small_base} where the base is not: {listed}. A few heavily "
        "weighted respondents carry these percentages: read them with care."
    )
    return [note]


def _zero_weight_notes(blocks: tuple[BannerBlock, ...]) -> list[str]:
    """Return the note of the book's bases holding respondents with a weight of 0."""
    lines: dict[str, tuple[Any, Any]] = {}  # label -> (n, of whom weight 0)
    for block in blocks:
        table = block.table
        if table is None or table.zero_weights is None or table.unweighted_bases is None:
            continue
        for group in table.zero_weights.index:
            # The total once, then each banner's groups (as the effective bases are named).
            label = TOTAL if group == TOTAL else f"{block.banner}: {group}"
            lines.setdefault(label, (table.unweighted_bases[group], table.zero_weights[group]))
    order = sorted(lines, key=lambda label: label != TOTAL)
    note = zero_weight_note(order, [lines[k][0] for k in order], [lines[k][1] for k in order])
    return [note] if note else []


def _offer_notes(blocks: tuple[BannerBlock, ...]) -> list[str]:
    """Return the tables' notes of options pooled waves did not offer, each banner's once.

    A gap prints n/a; where a column holds waves that offered an option and waves that
    did not (the Total), the table's note says whose base holds those who could not
    choose it. The book's own notes say nothing of waves: the tables' are carried over,
    named by their banner where more than one banner has such notes. So are a banner's
    own notes of its nets (a net counting the options a wave offered) and of its mean
    scores (``BannerBlock.notes``).
    """
    found: list[tuple[str, str]] = []
    shared = _shared_net_notes(blocks)
    for block in blocks:
        if block.table is not None:
            found += [(block.banner, n) for n in block.table.extra_notes if is_offer_note(n)]
        found += [
            (block.banner, n) for n in _nets_own_notes(block) if is_offer_note(n) or n not in shared
        ]
        found += [(block.banner, n) for n in block.notes]
    banners = {banner for banner, _ in found}
    notes = [note if len(banners) == 1 else f"By {banner}: {note}" for banner, note in found]
    return list(dict.fromkeys(notes))


def _shared_net_notes(blocks: tuple[BannerBlock, ...]) -> list[str]:
    """Return the notes every banner's nets carry (what each net holds), in order."""
    nets = [_nets_own_notes(b) for b in blocks if b.nets is not None]
    return [n for n in nets[0] if all(n in other for other in nets[1:])] if nets else []


def _nets_own_notes(block: BannerBlock) -> list[str]:
    """Return the notes of a banner's nets that its table does not carry too.

    :func:`tracktr.multi_nets` keeps the set table's notes (don't know left out of the
    base, organisations in several waves' columns); the book says those of the table
    once, in its own words, so only the nets' own notes are carried.
    """
    if block.nets is None:
        return []
    table = () if block.table is None else block.table.extra_notes
    return [n for n in block.nets.extra_notes if is_offer_note(n) or n not in table]


def _dont_know_notes(spec: Any, table: Table) -> list[str]:
    """Carry a tick-all-that-apply set's notes of don't know into the section's notes.

    With ``dont_know="exclude"`` :func:`tracktr.multi_response` notes how many answered
    only don't know (out of the base) and how many ticked it beside other options (in
    it), over the total column, which every banner's table shares: the first's are said.
    """
    if spec.type != "multi":
        return []
    return [note for note in table.extra_notes if is_dont_know_note(note)]


def _shared_notes(blocks: tuple[BannerBlock, ...], *, letters: bool = True) -> list[str]:
    """Say which banners' groups share organisations, so have no letters (with `letters`).

    A book without letters says it too: its All column counts such an organisation once
    per group, and a reader comparing the columns by eye takes them for independent.
    """
    lead = "No letters by {}: " if letters else "By {}: "
    notes = [
        f"{lead.format(b.banner)}{b.shared} organisation(s) answered in more than one "
        "of its groups (waves of a panel), so they are not independent samples, and the "
        "All column counts such an organisation once per group. Compare waves with "
        "tt.waves.change(), which pairs them."
        for b in blocks
        if b.shared
    ]
    notes += [
        f"{lead.format(b.banner)}{b.repeated} organisation(s) answered more than one "
        "wave and are counted once per wave in its groups, so the groups' respondents are "
        "not independent. Compare the groups within one wave."
        for b in blocks
        if b.repeated
    ]
    notes += [
        f"{lead.format(b.banner)}the rows lack the persistent id {b.lost_id!r}, so the "
        "organisations that answered more than one wave cannot be found: they may be "
        "counted once per wave in its groups, which are then not independent samples."
        for b in blocks
        if b.lost_id is not None
    ]
    return notes


def _score_notes(spec: Any, options: Options) -> list[str]:
    """Return the notes of a mean-score row: its scores and the test behind its letters."""
    notes: list[str] = []
    scored = ", ".join(f"{o} = {_fmt_number(s, 2)}" for o, s in spec.scores)
    notes.append(f"Mean score: {scored}; other answers are left out of the mean.")
    if options.letters and options.weights is None:
        notes.append(
            "Letters on mean scores: Welch's t test of each pair of groups of a banner, "
            f"p-values {options.adjust}-adjusted over the banner's pairs."
        )
    elif options.letters and options.bound is not None:
        notes.append(
            "Letters on mean scores: a design-based t test of each pair of groups of a "
            f"banner ({options.bound.design!r}): the variance of each difference from "
            "the groups' linearised covariance, degrees of freedom the pair's PSUs less "
            "strata less one (as R's svyttest on the pair); p-values "
            f"{options.adjust}-adjusted over the banner's pairs."
        )
    elif options.letters:
        notes.append(
            "Letters on mean scores: a t test of each pair of groups of a banner, with "
            "the linearised variance of each weighted mean (as R survey's svymean) and "
            "Welch-Satterthwaite degrees of freedom on Kish effective bases; p-values "
            f"{options.adjust}-adjusted over the banner's pairs."
        )
    return notes


UNTESTED_NOTE = (
    "{count} difference(s) shown were not tested under the design, so they carry no letter "
    "either way: a share of 0% or 100% has a linearised variance of zero, as has the share "
    "of a group of one respondent, so no variance of the difference could be measured. "
    "The book without design= tests the counts exactly and can show such a difference."
)
"""Under a design, the differences :func:`untested_note` counts."""

_UNTESTED_COUNT = re.compile(r"\d+ difference\(s\) shown were not tested under the design, so they")


def unnumbered_untested_note(note: str) -> str:
    """Return :data:`UNTESTED_NOTE` without its count, for a protected book; others as they are.

    The count takes in the tests of hidden cells: "2 differences" beside published cells
    that all differ measurably would say that a hidden cell is 0% or 100%, or a group is one
    respondent. The rule is said instead.

    Examples
    --------
    >>> from tracktr._tabbook_notes import UNTESTED_NOTE, unnumbered_untested_note
    >>> unnumbered_untested_note(UNTESTED_NOTE.format(count=2))[:70]
    'Differences the design cannot test carry no letter either way: a share'
    """
    found = _UNTESTED_COUNT.search(note)
    if found is None:
        return note
    return f"{note[: found.start()]}Differences the design cannot test{note[found.end() :]}"


def untested_note(*pairs: tuple[Table | None, PairTests | None]) -> tuple[str, ...]:
    """Return the note counting the differences a design left untested, if there are any.

    Each pair is a table (options or nets) and the design-based tests of its letters. A
    test without a p-value whose two shares differ (100% against 0%, or a group of one
    respondent against any other share) is a difference a reader sees with no letter and,
    but for this note, would read as not significant. Two equal shares (both 0%) and the
    cells of an option a wave did not offer (``table.gaps``, noted apart) are not counted.
    Only a count is given: the note names no cell, so a protected book prints it as it is.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.compare._letters import pairs_tested
    >>> table = tt.Table(counts=pd.DataFrame({"A": [40, 0], "B": [0, 40]}, index=["x", "y"]),
    ...                  bases=pd.Series({"A": 40, "B": 40}))
    >>> tests = pairs_tested(["x", "y"], ["A", "A"], ["B", "B"], [np.nan, np.nan],
    ...                      [True, False])
    >>> untested_note((table, tests))[0][:48]
    '2 difference(s) shown were not tested under the '
    """
    count = 0
    for table, tests in pairs:
        if table is None or tests is None or tests.rows is None:
            continue
        gaps = set(table.gaps)
        # shares before rounding: counts (weighted sums) over their bases
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = table.counts.to_numpy(dtype=np.float64) / table.bases.reindex(
                table.counts.columns).to_numpy(dtype=np.float64)  # fmt: skip
        row_at = {row: i for i, row in enumerate(table.counts.index)}
        column_at = {group: j for j, group in enumerate(table.counts.columns)}
        for row, a, b, p in zip(tests.rows, tests.first, tests.second, tests.p_values,
                                strict=True):  # fmt: skip
            if not math.isnan(p) or (row, a) in gaps or (row, b) in gaps:
                continue
            share_a, share_b = shares[row_at[row], column_at[a]], shares[row_at[row], column_at[b]]
            if not (np.isfinite(share_a) and np.isfinite(share_b)):  # n/a: no share to compare
                continue
            count += not math.isclose(share_a, share_b, rel_tol=1e-12, abs_tol=1e-12)
    return (UNTESTED_NOTE.format(count=count),) if count else ()

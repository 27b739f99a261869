"""Building a tab book's sections: each question by each banner, via the one-question functions.

Kept apart from :mod:`tracktr.tabbook` (the results and how they print): here every number
comes from :func:`tracktr.frequencies`, :func:`tracktr.multi_response`,
:func:`tracktr.summarise`, :mod:`tracktr.nets` and the letters of
:mod:`tracktr.compare`; nothing counts respondents itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._pooled import pooled_notes, repeat_counts, without_id
from tracktr._tabbook_book import BannerBlock, TabBookSection
from tracktr._tabbook_notes import (
    _dont_know_notes,
    _no_group_notes,
    _offer_notes,
    _rounding_notes,
    _score_notes,
    _shared_net_notes,
    _shared_notes,
    _small_summary,
    _summary_notes,
    _weight_notes,
    empty_group_notes,
    untested_note,
)
from tracktr._tabbook_options import Options
from tracktr._tabbook_scores import (
    _design_variances,
    _means_tests,
    _offered_scores,
    _score_values,
    _score_variances,
    _scored_respondents,
)
from tracktr._table_text import (
    _RULE_WORDS,
    _fmt_base,
)
from tracktr._text import folded_label
from tracktr.banners import Banner, named_notes
from tracktr.compare._letters import PairTests, pair_tests, pairs_tested
from tracktr.exceptions import InvalidOptionError
from tracktr.missing import kind_of
from tracktr.multicross import multi_nets
from tracktr.nets import net_table
from tracktr.summarise import Summary, summarise
from tracktr.table import Table
from tracktr.tabulate import TOTAL, EmptyPolicy
from tracktr.tabulate._common import EXCLUDING_DONT_KNOW

__all__ = ["Options", "sections"]


def sections(
    data: pd.DataFrame,
    survey: Any,
    spec: Any,
    columns: list[tuple[Banner, str]],
    options: Options,
) -> list[TabBookSection]:
    if spec.type == "numeric":
        blocks = tuple(
            BannerBlock(
                banner.name,
                None,
                summary=_design_intervals(
                    data,
                    summarise(
                        without_id(data),  # its note would name the book's column: see below
                        spec.question,
                        survey=survey,
                        by=column,
                        weights=options.weights,
                        small_base=options.small_base,
                    ),
                    column,
                    survey,
                    options.design,
                ),
            )
            for banner, column in columns
        )
        first = blocks[0].summary
        assert first is not None
        # The total n and who has no group, as a categorical section says: a Total mean
        # above every group's (the respondents with no group answered higher) read as wrong.
        everyone = _fmt_base(first.statistics.loc["All", "n"])
        notes: tuple[str, ...] = (
            f"Base: {spec.base_description} (total n={everyone}).",
            first.method,
        )
        if any(_small_summary(b.summary) for b in blocks):
            notes += (f"* Base below {options.small_base}: read these figures with care.",)
        notes += tuple(empty_group_notes(blocks))
        notes += tuple(_no_group_notes(blocks))
        notes += tuple(_summary_notes(data, columns, blocks))
        return [
            TabBookSection(
                spec.question, None, spec.title or spec.question, "numeric", blocks, notes
            )
        ]
    if spec.type == "grid":
        out = []
        for item, column in zip(spec.items or spec.columns, spec.columns, strict=True):
            kwargs = {
                "options": spec.options,
                "dont_know_options": spec.dont_know,
                "title": f"{spec.title} — {item}",
            }
            blocks = tuple(
                _block(data, column, banner, grouped, None, spec, options, kwargs)
                for banner, grouped in ((b, options.ordered.get(by, by)) for b, by in columns)
            )
            blocks = tuple(_describe(b, spec.base_description) for b in blocks)
            _refuse_look_alike_rows(data, column, spec, blocks[0])
            out.append(_section(spec, item, blocks, options, pooled_notes(data, spec.question)))
        return out
    blocks = tuple(
        _block(data, spec.question, banner, by, survey, spec, options, {}) for banner, by in columns
    )
    _refuse_look_alike_rows(data, spec.question, spec, blocks[0])
    return [_section(spec, None, blocks, options, pooled_notes(data, spec.question))]


def _design_intervals(
    data: pd.DataFrame, summary: Summary, by: str, survey: Any, design: Any
) -> Summary:
    """Return `summary` with the interval of each mean from the design, when it has one.

    :func:`tracktr.summarise` knows the weights only. Under clusters, strata, an fpc or a
    calibration, its interval was that of a with-replacement sample of respondents: on
    R's ``api`` cluster sample, 629 to 660 where the design gives 594 to 694 (15 PSUs).
    The interval is :func:`tracktr.design.estimate_means`'s (R ``confint(svymean(...),
    df = degf(design))``, each group a domain); the other statistics describe the
    weighted answers and stay as they are.
    """
    if design is None or all(
        part is None for part in (design.strata, design.clusters, design.fpc, design.calibration)
    ):
        return summary
    answered = summary.statistics["n"].to_numpy(dtype=np.float64)
    if not (answered[summary.statistics.index == TOTAL] > 0).any():  # nobody answered: n/a
        return summary
    from tracktr.design import estimate_means

    level = summary.level
    none = np.full(2, np.nan)  # no interval: a group nobody answered, as summarise gives
    ends: dict[Any, npt.NDArray[np.float64]] = {}
    refused: list[str] = []
    for grouped in (by, None):
        try:
            rows = estimate_means(
                data, summary.question, design=design, survey=survey, by=grouped, level=level
            ).rows
        except InvalidOptionError:
            # Pooled waves: an organisation's rows of two waves in one estimate, in two PSUs.
            # No design interval accounts for them; n/a and a note, as the letters do.
            refused.append("the groups" if grouped is not None else "the Total")
            continue
        intervals = rows[["ci_low", "ci_high"]].to_numpy(dtype=np.float64, copy=True)
        # One respondent with weight: a linearised variance of 0 measured nothing, and an
        # interval "12.27 to 12.27" read as certainty; n/a, as summarise gives.
        intervals[rows["n"].to_numpy() < 2] = np.nan
        labels = rows["group"] if grouped is not None else [TOTAL]
        ends.update(zip(labels, intervals, strict=True))
    chosen = np.array([ends.get(g, none) for g in summary.statistics.index]).reshape(-1, 2)
    statistics = summary.statistics.assign(ci_low=chosen[:, 0], ci_high=chosen[:, 1])
    extra = summary.extra_notes
    if refused:
        note = (
            f"Mean: CI n/a for {' and '.join(refused)}: an organisation of the pooled waves "
            "has a row in each wave it answered, and the design puts them in different "
            "primary sampling units, so no interval would count the covariance of its "
            "answers. Make each organisation one cluster of the design to have them."
        )
        extra += (note,)
    method = (
        f"Weighted mean with a {level * 100:g}% t interval from the design-based linearised "
        f"standard error ({design.describe()}; degrees of freedom: the design's PSUs less "
        "its strata, as R's confint(svymean(...), df = degf(design))); weighted SD and "
        "quartiles of the weighted distribution."
    )
    return dataclasses.replace(summary, statistics=statistics, method=method,
                               extra_notes=extra)  # fmt: skip


# The rows a section writes itself (see _tabbook_book._table_rows), as printed and folded.
_OWN_ROWS = ("Mean score", "Mean score base", "Base", "Base (weighted)", "Unweighted base")
_NET_PREFIX = "NET: "


def _refuse_look_alike_rows(data: pd.DataFrame, column: str, spec: Any, block: BannerBlock) -> None:
    """Raise if an option prints like a row the section writes itself, or like a net.

    A tab book prints a mean score, its base and the bases in rows of their own, and each
    net as ``"NET: <name>"`` beside the options: an option labelled ``"Mean score"`` or
    ``"NET: Good"`` would sit beside them, and a reader could not tell which row is which.
    """
    assert block.table is not None
    own = {folded_label(label) for label in _OWN_ROWS}
    prefix = folded_label(_NET_PREFIX)
    options = [str(o) for o in block.table.counts.index]
    clashing = [o for o in options if folded_label(o) in own or folded_label(o).startswith(prefix)]
    if not clashing:
        return
    rows: list[Any] = []
    if column in data.columns:
        values = data[column].astype(object)
        rows = list(values.index[values.isin(clashing).to_numpy(dtype=bool)][:5])
    where = f" (in rows {rows})" if rows else ""
    msg = (
        f"question {spec.question!r}: option(s) {clashing}{where} print like a row the tab "
        f"book writes itself ({', '.join(repr(r) for r in _OWN_ROWS)}, or a net "
        f"{_NET_PREFIX!r}...), so a reader could not tell the answer from that row."
    )
    hint = (
        f"Hint: relabel the option in the data and the codebook, e.g. "
        f"{clashing[0]!r} -> {' '.join(clashing[0].replace(':', '').split()) + ' (answer)'!r}."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _tabulate(  # noqa: PLR0917  (private, one caller)
    data: pd.DataFrame, question: str, by: str, survey: Any, spec: Any, kwargs: dict[str, Any]
) -> Table:
    import tracktr as tt

    if spec.type == "multi":
        return tt.multi_response(data, question, survey=survey, by=by, **kwargs)
    return tt.frequencies(data, question, survey=survey, by=by, **kwargs)


def _compare(
    data: pd.DataFrame,
    table: Table,
    *,
    columns: Sequence[str],
    by: str,
    single: bool,
    options: Options,
    nets: Any = None,
    survey: Any = None,
    effective_bases: pd.Series | None = None,
) -> PairTests:
    """Return the tests behind one banner's letters: compare_table()'s, for the whole table.

    A gap (``table.gaps``: an option a wave did not offer, printed n/a) has no share: its
    tests are left out of the family (no p-value), and its cell gets no letter. The rest
    of its row is lettered over the columns that offered the option.
    """
    gaps = set(table.gaps)
    if gaps:
        table = dataclasses.replace(table, gaps=())  # tested as counts; gaps masked below
    if options.design is not None:
        from tracktr.compare._design import design_pair_tests

        tests = design_pair_tests(
            table, data=data, by=by, design=options.design,
            survey=survey if not single else None,
            columns=None if not single and survey is not None else columns,
            empty=None if single else options.empty, nets=nets,
        )  # fmt: skip
    else:
        # The tabulator's Kish bases, over the respondents in its own base (a
        # multi-response set's follows `empty`: with "answered", those who ticked nothing
        # count too; reading the base again as "any tick" gave other bases). Nets share
        # their question's base.
        effective = table.effective_bases if effective_bases is None else effective_bases
        assert options.weights is None or effective is not None, "weighted, no effective bases"
        tests = pair_tests(table, effective_bases=effective)
    return _untested(tests, gaps) if gaps else tests


def _untested(tests: PairTests, gaps: set[tuple[Any, Any]]) -> PairTests:
    """Return the tests with those of a gap cell left out of the family (no p-value)."""
    rows = tests.rows if tests.rows is not None else (None,) * len(tests)
    p = tests.p_values.copy()
    for k, (row, a, b) in enumerate(zip(rows, tests.first, tests.second, strict=True)):
        if (row, a) in gaps or (row, b) in gaps:
            p[k] = np.nan
    return pairs_tested(tests.rows, tests.first, tests.second, p, tests.first_higher,
                        hypotheses=tests.hypotheses)  # fmt: skip


def _repeats(
    data: pd.DataFrame, question: str, by: str, spec: Any, table: Table, *, options: Options
) -> tuple[int, int]:
    """Return the organisations of pooled waves in the base of `table` more than once.

    Waves of a panel share organisations: tests of independent groups ignore the pairing
    (30 then 45 of the same 100 gave p = 0.028 here, p = 0.0001 by tt.waves.change).
    Grouped by what an organisation keeps (its region), its rows of two waves are in one
    group: tests of independent respondents take its two answers for two. The book reads
    both counts once over its rows; a question's own base repeats fewer organisations
    (none, of a question one wave did not ask), and the book's counts withheld its
    letters with a note that "250 organisation(s) answered more than one wave".
    """
    if not (options.shared.get(by, 0) or options.repeated.get(by, 0)):
        return 0, 0
    return repeat_counts(data[_base_rows(data, question, spec, table)], by)


def _base_rows(data: pd.DataFrame, question: str, spec: Any, table: Table) -> Any:
    """Return which rows of `data` may be in the base of `table` (`question` by a banner).

    A single-choice question or grid item: the rows whose answer is an option the table
    counts. A tick-all-that-apply set: the rows with a cell that is not "not asked" (a
    superset of its base under either `empty`, so that no repeated organisation is missed).
    """
    if spec.type != "multi":
        return data[question].isin(list(table.counts.index)).to_numpy()
    answers = data[[c for c in spec.columns if c in data.columns]]
    kinds = answers.map(kind_of).to_numpy(dtype=object)
    return np.asarray(kinds != "not_asked").any(axis=1)


def _block(  # noqa: PLR0917  (private; one call site per question kind)
    data: pd.DataFrame,
    question: str,
    banner: Banner,
    by: str,
    survey: Any,
    spec: Any,
    options: Options,
    kwargs: dict[str, Any],
) -> BannerBlock:
    tab_kwargs: dict[str, Any] = {
        "weights": options.weights,
        "small_base": options.small_base,
        "rule": options.rule,
        "decimals": options.decimals,
        **kwargs,
    }
    tab_kwargs["dont_know"] = options.dont_know
    if spec.type == "multi":
        tab_kwargs["empty"] = options.empty
    # Its notes name the banner, not the book's grouping column ("g (groups)" of a grid).
    table = named_notes(_tabulate(data, question, by, survey, spec, tab_kwargs), by, banner)
    answer_columns = spec.columns if survey is not None else (question,)
    compare_options = {
        "columns": answer_columns,
        "by": by,
        "single": spec.type != "multi",
        "options": options,
        "survey": survey,
    }
    # A banner of the question itself (a section of "region" by region): its groups are
    # the answers, every cell 100% or 0% by construction, and letters there test nothing.
    # Not so for one tick column of a multi-response set: its other options still vary.
    own = spec.type != "multi" and bool(set(answer_columns) & set(banner.columns))
    shared, repeated = (0, 0) if own else _repeats(data, question, by, spec, table, options=options)
    # By waves, an organisation is in each of its waves' groups once (repeated = shared).
    # By a breakdown some moved between (region), the repeated count holds those that
    # moved and those twice in one group: the shared note said "1 organisation(s) ...
    # (waves of a panel)" of a region where 4 answered twice.
    if repeated > shared:
        shared = 0
    else:
        repeated = 0
    lost_id = None if own else options.lost_id
    letters = options.letters and not own and not shared and not repeated and lost_id is None
    tests = _compare(data, table, **compare_options) if letters else None
    nets = net_tests = scores = score_tests = None
    if options.nets and spec.type == "multi" and (shown := _shown_nets(spec, options)[0]):
        nets = multi_nets(
            data,
            question,
            shown,
            survey=survey,
            by=by,
            weights=options.weights,
            empty=options.empty,
            dont_know=options.dont_know,
            rule=options.rule,
            decimals=options.decimals,
            small_base=options.small_base,
        )
        nets = named_notes(nets, by, banner)
        if letters:
            net_tests = _net_letters(data, table, nets, shown, compare_options)
    elif options.nets and (kept := _shown_nets(spec, options)[0]):
        nets = net_table(table, kept)
        if letters:
            net_tests = _net_letters(data, table, nets, kept, compare_options)
    tests, net_tests, block_notes = _own_tick(spec, banner, tests, net_tests, empty=options.empty)
    # Under a design, 100% against 0% has no variance to test: no letter, and a note says
    # why (else a reader takes the missing letter for "not significant").
    block_notes += untested_note((table, tests), (nets, net_tests)) if options.design else ()
    if options.nets and spec.scores:
        scores, score_notes = _offered_scores(data, answer_columns[0], by, spec, table)
        block_notes += score_notes
        values = _score_values(data[answer_columns[0]], spec.scores)
        codes, labels = pd.factorize(data[by], use_na_sentinel=True)
        pairs = None
        if options.bound is None:
            spread = _score_variances(values, codes, list(labels), options.weights, data)
        else:
            spread, pairs = _design_variances(values, codes, list(labels), options.bound, data)
        found = [spread.get(g, (np.nan, np.nan)) for g in scores.index]
        scores = scores.assign(
            se=[se for se, _ in found],
            effective_base=[n for _, n in found],
            n=_scored_respondents(values, codes, list(labels), list(scores.index)),
        )
        scores.loc[scores["mean"].isna(), "se"] = np.nan  # n/a (a gap): never tested
        if letters:
            by_label = None
            if pairs is not None:  # either order: the table's groups need not be factorize's
                by_label = {
                    key: value
                    for (a, b), value in pairs.items()
                    for key in ((labels[a], labels[b]), (labels[b], labels[a]))
                }
            score_tests = _means_tests(scores, by_label)
    return BannerBlock(
        banner.name, table, _letters(tests, options), nets, _letters(net_tests, options),
        scores, score_higher=_letters(score_tests, options), tests=tests, net_tests=net_tests,
        score_tests=score_tests, notes=block_notes, shared=shared, repeated=repeated,
        lost_id=lost_id,
    )  # fmt: skip


def _own_tick(
    spec: Any,
    banner: Banner,
    tests: PairTests | None,
    net_tests: PairTests | None,
    *,
    empty: EmptyPolicy,
) -> tuple[PairTests | None, PairTests | None, tuple[str, ...]]:
    """Leave untested the rows of a set that a banner of its own tick column decides.

    By the tick column of "Nuts", the set's row "Nuts" is 0% and 100% by construction, and
    so is a net holding Nuts in the group that ticked it: their letters ("100% A") tested
    nothing, and weakened the other rows' through the adjustment. So is a net of every
    other option, when the base is those who ticked something (``empty="skipped"``): each
    respondent who did not tick Nuts ticked one of them, and it read "100% B" by
    construction. The other options still vary and keep their letters.
    """
    if spec.type != "multi" or len(spec.columns) != len(spec.options):
        return tests, net_tests, ()
    decided = {o for o, c in zip(spec.options, spec.columns, strict=True) if c in banner.columns}
    if not decided:
        return tests, net_tests, ()
    nets = {name for name, members in spec.nets if set(members) & decided}
    rest = set(spec.options) - decided
    others = set()
    if empty == "skipped" and rest:
        others = {name for name, members in spec.nets if rest <= set(members)} - nets
    if tests is not None:
        tests = _untested_rows(tests, decided)
    if net_tests is not None:
        net_tests = _untested_rows(net_tests, nets | others)
    names = [*sorted(decided, key=str), *sorted(nets), *sorted(others)]
    ticks = ", ".join(repr(str(o)) for o in sorted(decided, key=str))
    note = (
        f"Letters leave out {', '.join(repr(str(r)) for r in names)} by {banner.name}: the "
        f"banner is the tick column of {ticks}, so its groups are 0% and 100% of it by "
        "construction"
    )
    if others:
        held = ", ".join(repr(str(n)) for n in sorted(others))
        note += (
            f", and {held} hold(s) every other option, so 100% of the respondents who did "
            f"not tick {ticks}"
        )
    return tests, net_tests, (note + ".",)


def _untested_rows(tests: PairTests, rows: set[Any]) -> PairTests:
    """Return the tests with those of `rows` left out of the family (no p-value)."""
    if tests.rows is None or not rows:
        return tests
    p = tests.p_values.copy()
    p[[row in rows for row in tests.rows]] = np.nan
    return pairs_tested(tests.rows, tests.first, tests.second, p, tests.first_higher,
                        hypotheses=tests.hypotheses)  # fmt: skip


def _letters(tests: PairTests | None, options: Options) -> dict[Any, list[Any]] | None:
    return None if tests is None else tests.letters(adjust=options.adjust, level=options.level)


def _net_letters(
    data: pd.DataFrame,
    table: Table,
    nets: Table,
    members: Any,
    compare_options: dict[str, Any],
) -> PairTests:
    """Letters of the nets: from their counts, or under a design from the rows' options.

    A design re-reads the respondents, and a net is not an answer in the rows: it is the
    indicator of any of its options, tested over the question's base as an option is.
    """
    if compare_options["options"].design is None:
        return _compare(data, nets, **compare_options, effective_bases=table.effective_bases)
    return _compare(data, table, **compare_options, nets=members)


def _describe(block: BannerBlock, base_description: str | None) -> BannerBlock:
    """Give a grid item's tables the grid's base description, and say if it excludes don't know.

    The item's own description says that ``dont_know="exclude"`` took don't know out of
    its base (a base of 13 of 20): the grid's alone read as everyone who answered.
    """
    if base_description is None or block.table is None:
        return block
    if block.table.base_description.endswith(EXCLUDING_DONT_KNOW):
        base_description += EXCLUDING_DONT_KNOW
    table = dataclasses.replace(block.table, base_description=base_description)
    nets = (
        None
        if block.nets is None
        else dataclasses.replace(block.nets, base_description=base_description)
    )
    return dataclasses.replace(block, table=table, nets=nets)


def _shown_nets(spec: Any, options: Options) -> tuple[tuple[Any, ...], list[str]]:
    """Return the codebook nets a single or grid section shows, and those it leaves out.

    With ``dont_know="exclude"`` a net holding a don't know option has members outside
    the table: it is left out with a note (the whole book failed before). So is a
    tick-all-that-apply set's net of ticks (:func:`tracktr.multi_nets` refuses it).
    """
    if options.dont_know != "exclude" or not spec.dont_know:
        return tuple(spec.nets), []
    unknown = set(spec.dont_know)
    kept = tuple((name, members) for name, members in spec.nets if not set(members) & unknown)
    return kept, [name for name, members in spec.nets if set(members) & unknown]


def _section(
    spec: Any,
    item: str | None,
    blocks: tuple[BannerBlock, ...],
    options: Options,
    pooled: tuple[str, ...] = (),
) -> TabBookSection:
    table = blocks[0].table
    assert table is not None
    n = table.unweighted_bases if table.unweighted_bases is not None else table.bases
    notes = [f"Base: {table.base_description} (total n={_fmt_base(n['All'])})."]
    notes += _dont_know_notes(spec, table)
    unit = "whole numbers" if table.decimals == 0 else f"{table.decimals} decimal place(s)"
    notes.append(f"Percentages are rounded {_RULE_WORDS[table.rule]} to {unit}.")
    if not table.partition:
        notes.append(
            "Respondents could give more than one answer, so percentages may sum to more than 100."
        )
    if options.letters:
        test = (
            "two-sided test of two proportions, the test tt.compare_proportions() chooses "
            "for the counts"
            if options.design is None
            else "two-sided design-based t test of the difference, with its linearised "
            "design variance (see below)"
        )
        # The nets are tested as a table of their own: a family apart from the options.
        family = ", the nets apart from the options" if blocks[0].nets is not None else ""
        notes.append(
            "Letters: each group is compared with every other group of the same banner "
            f"({test}; p-values {options.adjust}-adjusted within each table and "
            f"banner{family}; {options.level * 100:g}% level). A letter marks a percentage "
            "significantly higher than that of the column with that letter."
        )
        if any(b.table is not None and b.table.gaps for b in blocks):
            notes.append(
                "Cells marked n/a (an option a wave did not offer) are not tested: their "
                "rows are lettered over the columns that offered it."
            )
        own = [
            b.banner
            for b in blocks
            if b.table is not None
            and b.tests is None
            and not b.shared
            and not b.repeated
            and b.lost_id is None
        ]
        if own:
            notes.append(
                f"No letters by {', '.join(own)}: the groups are this question's own "
                "answers, so each is 100% of itself and 0% of the others."
            )
        notes += _shared_notes(blocks)
    else:  # no letters to withhold, but the columns still repeat organisations
        notes += _shared_notes(blocks, letters=False)
    notes += _weight_notes(table, blocks, options)
    notes += _rounding_notes(blocks)
    if any(b.table is not None and b.table.small_bases.any() for b in blocks):
        notes.append(f"* Base below {options.small_base}: read these percentages with care.")
    notes += empty_group_notes(blocks)
    notes += _no_group_notes(blocks)
    notes += _offer_notes(blocks)
    notes += [n for n in _shared_net_notes(blocks) if n not in notes]
    if options.nets and (left_out := _shown_nets(spec, options)[1]):
        notes.append(
            f"Net(s) {', '.join(repr(n) for n in left_out)} hold a don't know option, which "
            "dont_know='exclude' leaves out of the base: they are not shown."
        )
    if blocks[0].scores is not None:
        notes += _score_notes(spec, options)
    if options.nets:  # the waves scored it, or made its nets, differently
        notes += pooled
    title = spec.title or spec.question
    if item is not None:
        title = f"{title} — {item}"
    return TabBookSection(spec.question, item, title, spec.type, blocks, tuple(notes))

"""Building a tab book's sections: each question by each banner, via the one-question functions.

Kept apart from :mod:`tracktr.tabbook` (the results and how they print): here every number
comes from :func:`tracktr.frequencies`, :func:`tracktr.multi_response`,
:func:`tracktr.summarise`, :mod:`tracktr.nets` and the letters of
:mod:`tracktr.compare`; nothing counts respondents itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tracktr._tabbook_book import BannerBlock, TabBookSection, _fmt_base, _fmt_number
from tracktr.banners import Banner
from tracktr.compare._letters import higher_than
from tracktr.multicross import multi_nets
from tracktr.nets import mean_scores, net_table
from tracktr.summarise import summarise
from tracktr.table import _RULE_WORDS, Table, _effective_line
from tracktr.tabulate import EmptyPolicy
from tracktr.typing import DontKnowPolicy, PAdjustMethod, RoundingRule

__all__ = ["Options", "sections"]


@dataclass(frozen=True, slots=True)
class Options:
    """The options of a tab book that every section shares."""

    weights: str | Sequence[float] | None
    letters: bool
    nets: bool
    level: float
    adjust: PAdjustMethod
    dont_know: DontKnowPolicy
    empty: EmptyPolicy
    small_base: int
    rule: RoundingRule = "half_up"
    decimals: int = 0
    design: Any = None  # a tracktr.Design: letters from design-based tests


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
                summary=summarise(
                    data,
                    spec.question,
                    survey=survey,
                    by=column,
                    weights=options.weights,
                    small_base=options.small_base,
                ),
            )
            for banner, column in columns
        )
        notes = (f"Base: {spec.base_description}.", blocks[0].summary.method)  # type: ignore[union-attr]
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
                _block(data, column, banner, by, None, spec, options, kwargs)
                for banner, by in columns
            )
            blocks = tuple(_describe(b, spec.base_description) for b in blocks)
            out.append(_section(spec, item, blocks, options))
        return out
    blocks = tuple(
        _block(data, spec.question, banner, by, survey, spec, options, {}) for banner, by in columns
    )
    return [_section(spec, None, blocks, options)]


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
    survey: Any = None,
) -> dict[tuple[Any, Any], list[Any]]:
    """Letters of one banner: compare_table()'s decisions, for the whole table at once."""
    from tracktr.compare._groups import _kish_bases
    from tracktr.tabulate import _weights

    if options.design is not None:
        from tracktr.compare._design import design_higher_than

        return design_higher_than(
            table, data=data, by=by, design=options.design, adjust=options.adjust,
            level=options.level, survey=survey if not single else None,
            columns=None if not single and survey is not None else columns,
            empty=None if single else options.empty,
        )  # fmt: skip
    effective = None
    w = _weights(data, options.weights)
    if w is not None:
        # Kish bases over the respondents in the table's base: an option of the question
        # for a single answer, a tick for a multi-response set.
        if single:
            in_base = data[columns[0]].isin(list(table.counts.index)).to_numpy()
        else:
            ticks = data[list(columns)].apply(pd.to_numeric, errors="coerce")
            in_base = (ticks == 1).any(axis=1).to_numpy()
        effective = _kish_bases(table, in_base=in_base, groups=data[by], weights=w)
    return higher_than(table, effective_bases=effective, adjust=options.adjust, level=options.level)


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
    if spec.type != "multi":
        tab_kwargs["dont_know"] = options.dont_know
    else:
        tab_kwargs["empty"] = options.empty
    table = _tabulate(data, question, by, survey, spec, tab_kwargs)
    answer_columns = spec.columns if survey is not None else (question,)
    compare_options = {
        "columns": answer_columns,
        "by": by,
        "single": spec.type != "multi",
        "options": options,
        "survey": survey,
    }
    higher = _compare(data, table, **compare_options) if options.letters else None
    nets = net_higher = scores = None
    # nets are not answers of the rows, so a design cannot re-read them: no letters
    net_letters = options.letters and options.design is None
    if options.nets and spec.nets and spec.type == "multi":
        nets = multi_nets(
            data,
            question,
            spec.nets,
            survey=survey,
            by=by,
            weights=options.weights,
            empty=options.empty,
            rule=options.rule,
            decimals=options.decimals,
            small_base=options.small_base,
        )
        net_higher = _compare(data, nets, **compare_options) if net_letters else None
    elif options.nets and spec.nets:
        nets = net_table(table, spec.nets)
        net_higher = _compare(data, nets, **compare_options) if net_letters else None
    score_higher = None
    if options.nets and spec.scores:
        scores = mean_scores(table, spec.scores)
        if options.letters and options.weights is None:
            score_higher = _means_higher(scores, options)
    return BannerBlock(
        banner.name, table, higher, nets, net_higher, scores, score_higher=score_higher
    )


def _means_higher(scores: pd.DataFrame, options: Options) -> dict[Any, list[Any]]:
    """Return the groups each group's mean score significantly exceeds (Welch's t test)."""
    from scipy import stats

    from tracktr.compare import adjust_p_values

    groups = [g for g in scores.index if g != "All" and scores.loc[g, "base"] > 1]
    pairs = [(g, h) for k, g in enumerate(groups) for h in groups[k + 1 :]]
    if not pairs:
        return {}
    rows = scores.to_dict("index")
    p_values = []
    for g, h in pairs:
        a, b = rows[g], rows[h]
        if a["sd"] == 0 and b["sd"] == 0:
            p_values.append(1.0 if a["mean"] == b["mean"] else 0.0)
            continue
        result = stats.ttest_ind_from_stats(
            a["mean"], a["sd"], a["base"], b["mean"], b["sd"], b["base"], equal_var=False
        )
        p_values.append(float(result.pvalue))
    adjusted = adjust_p_values(p_values, method=options.adjust)
    higher: dict[Any, list[Any]] = {}
    for (g, h), p in zip(pairs, adjusted, strict=True):
        if p < 1 - options.level:
            top, bottom = (g, h) if rows[g]["mean"] > rows[h]["mean"] else (h, g)
            higher.setdefault(top, []).append(bottom)
    return higher


def _describe(block: BannerBlock, base_description: str | None) -> BannerBlock:
    """Give a grid item's tables the grid's base description."""
    if base_description is None or block.table is None:
        return block
    table = dataclasses.replace(block.table, base_description=base_description)
    nets = (
        None
        if block.nets is None
        else dataclasses.replace(block.nets, base_description=base_description)
    )
    return dataclasses.replace(block, table=table, nets=nets)


def _no_group_notes(blocks: tuple[BannerBlock, ...]) -> list[str]:
    """Say how many respondents in the base have no group of a banner (total only)."""
    notes = []
    for block in blocks:
        if block.table is None:
            continue
        n = block.table.unweighted_bases
        n = block.table.bases if n is None else n
        outside = float(n["All"]) - float(n.drop("All").sum())
        if outside > 0:
            notes.append(
                f"{_fmt_base(outside)} respondent(s) in the base have no {block.banner} "
                "group: they are in the total only (missing_group= shows them as a column)."
            )
    return notes


def _weight_notes(table: Table, blocks: tuple[BannerBlock, ...], options: Options) -> list[str]:
    """Return the notes of a weighted book or one with a design: test, effective bases."""
    notes = []
    if options.design is not None and options.letters:
        from tracktr.compare._design import DESIGN_TEST_NOTE

        if table.weighted:
            notes.append("Percentages are weighted; bases are shown weighted and unweighted.")
        notes.append(
            f"Design: {options.design.describe()}. Letters are {DESIGN_TEST_NOTE}; nets are "
            "not tested (no letters)."
        )
    elif table.weighted:
        notes.append(
            "Percentages are weighted; bases are shown weighted and unweighted; letters "
            "use Kish effective bases (design= gives design-based letters)."
        )
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
        notes.append(_effective_line(pd.concat(parts)))
    return notes


def _section(
    spec: Any, item: str | None, blocks: tuple[BannerBlock, ...], options: Options
) -> TabBookSection:
    table = blocks[0].table
    assert table is not None
    n = table.unweighted_bases if table.unweighted_bases is not None else table.bases
    notes = [f"Base: {table.base_description} (total n={_fmt_base(n['All'])})."]
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
        notes.append(
            "Letters: each group is compared with every other group of the same banner "
            f"({test}; p-values {options.adjust}-adjusted within each table and "
            f"banner; {options.level * 100:g}% level). A letter marks a percentage "
            "significantly higher than that of the column with that letter."
        )
    notes += _weight_notes(table, blocks, options)
    if any(b.table is not None and b.table.small_bases.any() for b in blocks):
        notes.append(f"* Base below {options.small_base}: read these percentages with care.")
    notes += _no_group_notes(blocks)
    if blocks[0].nets is not None:
        notes += list(blocks[0].nets.extra_notes)
    if blocks[0].scores is not None:
        scored = ", ".join(f"{o} = {_fmt_number(s, 2)}" for o, s in spec.scores)
        notes.append(f"Mean score: {scored}; other answers are left out of the mean.")
        if options.letters and options.weights is None:
            notes.append(
                "Letters on mean scores: Welch's t test of each pair of groups of a banner, "
                f"p-values {options.adjust}-adjusted over the banner's pairs."
            )
        elif options.letters:
            notes.append("Mean scores of a weighted book are not tested (no letters).")
    title = spec.title or spec.question
    if item is not None:
        title = f"{title} — {item}"
    return TabBookSection(spec.question, item, title, spec.type, blocks, tuple(notes))

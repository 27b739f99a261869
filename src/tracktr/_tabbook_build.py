"""Building a tab book's sections: each question by each banner, via the one-question functions.

Kept apart from :mod:`tracktr.tabbook` (the results and how they print): here every number
comes from :func:`tracktr.frequencies`, :func:`tracktr.multi_response`,
:func:`tracktr.summarise`, :mod:`tracktr.nets` and the letters of
:mod:`tracktr.compare`; nothing counts respondents itself.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._pooled import banner_note, is_offer_note, pooled_notes, unoffered, without_id
from tracktr._tabbook_book import BannerBlock, TabBookSection, _small_summary_bases
from tracktr._table_text import (
    _RULE_WORDS,
    _effective_line,
    _fmt_base,
    _fmt_number,
    no_group_note,
    zero_weight_note,
)
from tracktr._text import folded_label
from tracktr.banners import Banner
from tracktr.compare._letters import PairTests, pair_tests, pairs_tested
from tracktr.exceptions import InvalidOptionError
from tracktr.multicross import multi_nets
from tracktr.nets import mean_scores, net_table
from tracktr.summarise import summarise
from tracktr.table import Table
from tracktr.tabulate import TOTAL, EmptyPolicy
from tracktr.tabulate._common import EXCLUDING_DONT_KNOW
from tracktr.tabulate._multi import is_dont_know_note
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
    bound: Any = None  # a tracktr.design.BoundDesign: design-based mean-score letters
    # Per banner column, the organisations in more than one of its groups (pooled waves
    # of a panel, by wave): read once per book, not once per question.
    shared: Mapping[str, int] = field(default_factory=dict)
    # Per banner column, the organisations of pooled waves in more than one of its rows
    # (twice in one group, by a breakdown they keep from wave to wave: their region).
    repeated: Mapping[str, int] = field(default_factory=dict)
    # A plain banner's column -> the book's column of its groups in display order (the
    # codebook's, those no one gave included), by which grid items are tabulated.
    ordered: Mapping[str, str] = field(default_factory=dict)


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
                    without_id(data),  # its note would name the book's column: see below
                    spec.question,
                    survey=survey,
                    by=column,
                    weights=options.weights,
                    small_base=options.small_base,
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
    return pairs_tested(tests.rows, tests.first, tests.second, p, tests.first_higher)


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
    table = _tabulate(data, question, by, survey, spec, tab_kwargs)
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
    # Waves of a panel share organisations: tests of independent groups ignore the pairing
    # (30 then 45 of the same 100 gave p = 0.028 here, p = 0.0001 by tt.waves.change).
    shared = 0 if own else options.shared.get(by, 0)
    # Grouped by what an organisation keeps (its region), its rows of two waves are in
    # one group: tests of independent respondents take its two answers for two.
    repeated = 0 if own or shared else options.repeated.get(by, 0)
    letters = options.letters and not own and not shared and not repeated
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
        if letters:
            net_tests = _net_letters(data, table, nets, shown, compare_options)
    elif options.nets and (kept := _shown_nets(spec, options)[0]):
        nets = net_table(table, kept)
        if letters:
            net_tests = _net_letters(data, table, nets, kept, compare_options)
    tests, net_tests, block_notes = _own_tick(spec, banner, tests, net_tests)
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
    )  # fmt: skip


def _own_tick(
    spec: Any, banner: Banner, tests: PairTests | None, net_tests: PairTests | None
) -> tuple[PairTests | None, PairTests | None, tuple[str, ...]]:
    """Leave untested the rows of a set that a banner of its own tick column decides.

    By the tick column of "Nuts", the set's row "Nuts" is 0% and 100% by construction, and
    so is a net holding Nuts in the group that ticked it: their letters ("100% A") tested
    nothing, and weakened the other rows' through the adjustment. The other options still
    vary and keep their letters.
    """
    if spec.type != "multi" or len(spec.columns) != len(spec.options):
        return tests, net_tests, ()
    decided = {o for o, c in zip(spec.options, spec.columns, strict=True) if c in banner.columns}
    if not decided:
        return tests, net_tests, ()
    nets = {name for name, members in spec.nets if set(members) & decided}
    if tests is not None:
        tests = _untested_rows(tests, decided)
    if net_tests is not None:
        net_tests = _untested_rows(net_tests, nets)
    rows = ", ".join(repr(str(r)) for r in [*sorted(decided, key=str), *sorted(nets)])
    note = (
        f"Letters leave out {rows} by {banner.name}: the banner is the tick column of "
        f"{', '.join(repr(str(o)) for o in sorted(decided, key=str))}, so its groups are "
        "0% and 100% of it by construction."
    )
    return tests, net_tests, (note,)


def _untested_rows(tests: PairTests, rows: set[Any]) -> PairTests:
    """Return the tests with those of `rows` left out of the family (no p-value)."""
    if tests.rows is None or not rows:
        return tests
    p = tests.p_values.copy()
    p[[row in rows for row in tests.rows]] = np.nan
    return pairs_tested(tests.rows, tests.first, tests.second, p, tests.first_higher)


def _offered_scores(
    data: pd.DataFrame, column: str, by: str, spec: Any, table: Table
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Return the mean scores of a section, n/a where a scored option is a gap, and notes.

    :func:`tracktr.mean_scores` refuses a table where a scored option is a gap (a wave
    that did not offer it: its mean would be over fewer points of the scale). The book
    prints that column's mean as n/a instead, untested, with a note, and the other
    columns' means as mean_scores gives them. A column that holds such a wave's
    respondents beside others (the Total) averages over both scales: a note says so.
    """
    scored = {option for option, _ in spec.scores}
    lacking = [c for o, c in table.gaps if o in scored] if table.percent_axis == "columns" else []
    kept = tuple(gap for gap in table.gaps if gap[0] not in scored or gap[1] not in lacking)
    scores = mean_scores(
        dataclasses.replace(table, gaps=kept), spec.scores, dont_know=spec.dont_know
    )
    notes = []
    refused = list(dict.fromkeys(lacking))
    if refused:
        scores.loc[refused, ["mean", "sd", "base"]] = np.nan
        missing = ", ".join(dict.fromkeys(repr(o) for o, c in table.gaps if o in scored))
        notes.append(
            f"Mean score: n/a in {', '.join(str(c) for c in refused)}, where {missing} "
            "was not offered: a mean there would be over fewer points of the scale "
            "(tt.mean_scores refuses it)."
        )
    wave, missed = unoffered(data, column)
    short = {w: [o for o in options if o in scored] for w, options in missed.items()}
    short = {w: options for w, options in short.items() if options}
    if short:
        shorter = data[wave].isin(list(short)) & data[column].isin(list(scored))
        rows = np.asarray(shorter, dtype=bool)
        groups = set(data[by][rows].dropna())
        mixed = [
            c for c in scores.index
            if c not in refused and ((c == "All" and rows.any()) or c in groups)
        ]  # fmt: skip
        if mixed:
            lacked = "; ".join(f"wave {w}: {', '.join(map(repr, o))}" for w, o in short.items())
            notes.append(
                f"Mean score of {', '.join(str(c) for c in mixed)}: it counts respondents "
                f"of waves whose scale lacked a scored option ({lacked}), so it mixes "
                "scales (tt.waves.trend shows each wave alone)."
            )
    return scores, tuple(notes)


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


def _score_values(answers: pd.Series, scores: Sequence[tuple[str, float]]) -> Any:
    """Return each respondent's score (NaN where the answer has none)."""
    table = dict(scores)
    if isinstance(answers.dtype, pd.CategoricalDtype):  # score each category, not each row
        lookup = np.array([table.get(c, np.nan) for c in answers.cat.categories] + [np.nan])
        return lookup[answers.cat.codes.to_numpy()]  # code -1 (blank) reads the last: NaN
    return np.asarray(answers.astype(object).map(table), dtype=np.float64)


def _scored_respondents(
    values: npt.NDArray[np.float64],
    codes: npt.NDArray[np.intp],
    labels: list[Any],
    index: list[Any],
) -> list[int]:
    """Return the respondents with a score in each group of `index` (and "All")."""
    scored = ~np.isnan(values)
    grouped = codes[scored]
    counts = np.bincount(grouped[grouped >= 0], minlength=len(labels))
    found = {label: int(c) for label, c in zip(labels, counts, strict=True)}
    found["All"] = int(np.count_nonzero(scored))
    return [found.get(g, 0) for g in index]


def _score_variances(
    values: npt.NDArray[np.float64],
    codes: npt.NDArray[np.intp],
    labels: list[Any],
    weights: str | Sequence[float] | None,
    data: pd.DataFrame,
) -> dict[Any, tuple[float, float]]:
    """Return each group's standard error of the mean score and Kish base, from rows.

    The mean score itself comes from the table's counts (:func:`tracktr.mean_scores`);
    its variance needs each respondent's weight, so it is read from the rows here.
    """
    from tracktr.tabulate import _weights

    scored = ~np.isnan(values)
    x, w = values[scored], _weights(data, weights)
    w = None if w is None else w[scored]
    grouped = codes[scored] >= 0  # respondents without a group are in the total only
    spread = _grouped_variance(
        x[grouped], None if w is None else w[grouped], codes[scored][grouped], len(labels)
    )
    everyone = _grouped_variance(x, w, np.zeros(len(x), dtype=np.intp), 1)
    rows = np.vstack([spread, everyone]).tolist()
    return {key: (row[0], row[1]) for key, row in zip([*labels, "All"], rows, strict=True)}


def _design_variances(
    values: npt.NDArray[np.float64],
    codes: npt.NDArray[np.intp],
    labels: list[Any],
    bound: Any,
    data: pd.DataFrame,
) -> tuple[dict[Any, tuple[float, float]], dict[tuple[int, int], tuple[float, float]]]:
    r"""Design-based standard errors of each group's mean score, and of each difference.

    Each group is a domain of the whole design: its linearised scores
    :math:`w_i (x_i - \bar x_g) / \sum_g w` on its own rows, zero elsewhere, and the
    design covariance of all groups' scores at once (``BoundDesign.covariance``), so a
    difference's variance includes the covariance of two groups sharing PSUs. Degrees of
    freedom of a pair: its PSUs less its strata, less one, as R's ``svyttest`` on the
    design subset to the pair. Returns, per group label, the standard error and the Kish
    base; per pair of group positions, the variance of the difference and its degrees of
    freedom.
    """
    weights = bound.weights
    rows = np.flatnonzero(~np.isnan(values))
    x, w, group = values[rows], weights[rows], codes[rows]
    k = len(labels)
    slot = np.where(group >= 0, group, k)  # slot k: no group (in the total only)
    total = np.bincount(slot, w, minlength=k + 1)[:k]
    squares = np.bincount(slot, w**2, minlength=k + 1)[:k]
    scores = np.zeros((len(rows), k + 1))
    inside = np.flatnonzero(group >= 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(slot, w * x, minlength=k + 1)[:k] / total
        g = group[inside]
        scores[inside, g] = w[inside] * (x[inside] - mean[g]) / total[g]
        scores[:, k] = w * (x - float(w @ x) / float(w.sum())) / float(w.sum())
        effective = np.append(total, w.sum()) ** 2 / np.append(squares, (w**2).sum())
    covariance = bound.covariance(np.nan_to_num(scores), rows)
    se = np.sqrt(np.clip(np.diag(covariance), 0, None))
    spread = {key: (float(se[j]), float(effective[j])) for j, key in enumerate([*labels, "All"])}
    psu = bound.psu_of_rows()
    psu = np.arange(len(weights)) if psu is None else psu
    strata_column = bound.design.strata
    strata = (
        pd.factorize(data[strata_column])[0]
        if strata_column is not None
        else np.zeros(len(weights), dtype=np.intp)
    )
    pairs: dict[tuple[int, int], tuple[float, float]] = {}
    for a in range(k):
        for b in range(a + 1, k):
            variance = covariance[a, a] + covariance[b, b] - 2 * covariance[a, b]
            members = rows[((group == a) | (group == b)) & (w > 0)]
            df = len(np.unique(psu[members])) - len(np.unique(strata[members])) - 1
            pairs[(a, b)] = (max(float(variance), 0.0), float(df))
    return spread, pairs


def _grouped_variance(
    x: npt.NDArray[np.float64],
    w: npt.NDArray[Any] | None,
    slot: npt.NDArray[np.intp],
    slots: int,
) -> npt.NDArray[np.float64]:
    r"""Return the standard error of each slot's (weighted) mean and its Kish base.

    The variance of a weighted mean is R survey's linearised (with-replacement) one for a
    design with weights only, :math:`\frac{n}{n-1} \sum w_i^2 (x_i - \bar x_w)^2 /
    (\sum w_i)^2`, which is :math:`s^2/n` for equal weights; the Kish base is
    :math:`(\sum w)^2 / \sum w^2`. Every slot in one pass of sums.
    """
    n = np.bincount(slot, minlength=slots).astype(float)
    weight = np.ones_like(x) if w is None else np.asarray(w, dtype=float)
    total = np.bincount(slot, weight, minlength=slots)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(slot, weight * x, minlength=slots) / total
        deviation = weight * (x - mean[slot])
        variance = n / (n - 1) * np.bincount(slot, deviation**2, minlength=slots) / total**2
        effective = total**2 / np.bincount(slot, weight**2, minlength=slots)
    variance = np.where(n > 1, variance, np.nan)
    out: npt.NDArray[np.float64] = np.column_stack([np.sqrt(variance), effective])
    return out


def _means_tests(
    scores: pd.DataFrame, design: dict[tuple[Any, Any], tuple[float, float]] | None = None
) -> PairTests:
    """Return the test of each pair of groups' mean scores, before adjustment.

    A t test of each pair with the variance of each (weighted) mean, its standard error
    squared, and Welch-Satterthwaite degrees of freedom on the Kish effective bases:
    unweighted, exactly Welch's t test. With a design, `design` gives each pair's
    variance of the difference and degrees of freedom instead.
    """
    from scipy import stats

    labels = list(scores.index)
    mean, se, effective = (
        scores[c].to_numpy(dtype=float) for c in ("mean", "se", "effective_base")
    )
    testable = [
        k for k, g in enumerate(labels) if g != "All" and effective[k] > 1 and se[k] == se[k]
    ]
    pairs = [(k, j) for n, k in enumerate(testable) for j in testable[n + 1 :]]
    if not pairs:
        return pairs_tested(None, [], [], [], [])
    first, second = np.array(pairs).T
    va, vb = se[first] ** 2, se[second] ** 2
    difference = mean[first] - mean[second]
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = va + vb
        df = (va + vb) ** 2 / (va**2 / (effective[first] - 1) + vb**2 / (effective[second] - 1))
        if design is not None:
            found = [design[(labels[k], labels[j])] for k, j in pairs]
            variance = np.array([v for v, _ in found])
            df = np.array([d for _, d in found])
        t = difference / np.sqrt(variance)
        p = 2 * stats.t.sf(np.abs(t), df)
    # Two groups without spread differ surely when their means differ, never when equal.
    p_values = np.where(variance == 0, np.where(difference == 0, 1.0, 0.0), p)
    return pairs_tested(
        None, [labels[k] for k, _ in pairs], [labels[j] for _, j in pairs], p_values,
        mean[first] > mean[second],
    )  # fmt: skip


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
        their = "its respondents all weigh 0, so its figures are"
        if len(weighed_out) > 1:
            their = "their respondents all weigh 0, so their figures are"
        notes.append(f"{WEIGHED_OUT_NOTE}{'; '.join(weighed_out)}: {their} n/a, not 0%.")
    return notes


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
    return notes + _zero_weight_notes(blocks)


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
        for table in (block.table, block.nets):
            if table is not None:
                found += [
                    (block.banner, n)
                    for n in table.extra_notes
                    if is_offer_note(n) or (table is block.nets and n not in shared)
                ]
        found += [(block.banner, n) for n in block.notes]
    banners = {banner for banner, _ in found}
    notes = [note if len(banners) == 1 else f"By {banner}: {note}" for banner, note in found]
    return list(dict.fromkeys(notes))


def _shared_net_notes(blocks: tuple[BannerBlock, ...]) -> list[str]:
    """Return the notes every banner's nets carry (what each net holds), in order."""
    nets = [b.nets.extra_notes for b in blocks if b.nets is not None]
    return [n for n in nets[0] if all(n in other for other in nets[1:])] if nets else []


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
            if b.table is not None and b.tests is None and not b.shared and not b.repeated
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
    return [
        f"{lead.format(b.banner)}{b.shared} organisation(s) answered in more than one "
        "of its groups (waves of a panel), so they are not independent samples, and the "
        "All column counts such an organisation once per group. Compare waves with "
        "tt.waves.change(), which pairs them."
        for b in blocks
        if b.shared
    ] + [
        f"{lead.format(b.banner)}{b.repeated} organisation(s) answered more than one "
        "wave and are counted once per wave in its groups, so the groups' respondents are "
        "not independent. Compare the groups within one wave."
        for b in blocks
        if b.repeated
    ]


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

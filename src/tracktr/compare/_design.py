"""compare_table() and tab-book letters under a survey design.

A :class:`~tracktr.Table` holds weighted sums, not the rows whose PSUs and strata a
design-based variance needs, so the design path reads the respondents again from `data`:
the answers of the table's question, the groups of `by`, and the design's columns. It
checks that these rows reproduce the table's bases (so that the tests are of the table
shown), then tests every difference with :func:`tracktr.design._pairs.pair_tests` and the
whole table with the Rao–Scott F test (:func:`tracktr.design.chisq`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._pooled import without_id
from tracktr.compare._groups import (
    _COMPARISON_COLUMNS,
    GroupComparison,
    _letters,
    _Sides,
    group_notes,
)
from tracktr.compare._intervals import _fmt_count
from tracktr.compare._letters import PairTests, pairs_tested
from tracktr.compare._tests import AssociationTest, adjust_once
from tracktr.design._nested import nested_by
from tracktr.exceptions import InvalidBaseError, InvalidOptionError, QuestionNotFoundError
from tracktr.table import Table
from tracktr.typing import CompareAgainst, PAdjustMethod

if TYPE_CHECKING:
    from tracktr.design import Design
    from tracktr.tabulate import EmptyPolicy

__all__ = ["DESIGN_TEST_NOTE", "design_higher_than", "design_rows", "design_table"]

DESIGN_TEST_NOTE = (
    "tested with the design-based variance of each difference (domains of the whole "
    "design) on t with each pair's degrees of freedom (the PSUs less the strata holding "
    "its two groups' answers, less one), as R svyttest on the design subset to the pair"
)


_COLUMNS = [
    "option", "group", "versus", "count", "base", "proportion", "count_versus", "base_versus",
    "proportion_versus", "difference", "ci_low", "ci_high", "relative_risk", "test", "p_value",
    "small_base", "hypothesis",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Read:
    """A table's question read from the rows: each option's indicator and who is in base."""

    values: npt.NDArray[np.float64]
    in_base: npt.NDArray[np.bool_]
    column: str | None  # the answer column of a single-choice question (for Rao–Scott)


def _read_question(
    data: pd.DataFrame,
    table: Table,
    survey: Any,
    columns: Sequence[str] | None,
    empty: EmptyPolicy | None = None,
) -> _Read:
    options = list(table.counts.index)
    question = table.question
    spec = None
    if survey is not None and question:
        spec = survey.spec(question)
    if table.kind == "multi":
        return _read_ticks(data, table, survey if spec is not None else None, columns, empty)
    column = columns[0] if columns else spec.columns[0] if spec is not None else question
    if column not in data.columns:
        msg = f"table {question!r}: its answers (column {column!r}) are not in `data`."
        hint = "Hint: a design-based test reads the respondents: pass the data tabulated."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    answers = data[column]
    values = np.column_stack([(answers == option).to_numpy(dtype=np.float64) for option in options])
    return _Read(values, np.asarray(values.any(axis=1), dtype=bool), column)


def _read_ticks(
    data: pd.DataFrame,
    table: Table,
    survey: Any,
    columns: Sequence[str] | None,
    empty: EmptyPolicy | None,
) -> _Read:
    """Return a multi-response table's ticks, read as :func:`tracktr.multi_response` does."""
    from tracktr.tabulate import _multi_answered

    options = list(table.counts.index)
    if survey is None and columns is None:
        columns = [str(o) for o in options]  # multi_response(columns=...) names the options
    absent = [c for c in (columns or ()) if c not in data.columns]
    if absent or (columns is not None and len(columns) != len(options)):
        msg = (
            f"table {table.question!r} is a multi-response set; its tick columns "
            f"{absent or list(columns or ())} are not {len(options)} columns of `data`."
        )
        hint = "Hint: pass survey= (the codebook) or columns= (one binary column per option)."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    if empty is None:  # as the table was tabulated: its base says so
        empty = "answered" if "ticking nothing counted" in table.base_description else "skipped"
    spec, ticks, answered, _ = _multi_answered(
        data, table.question, survey=survey, columns=columns,
        options=options if columns is not None else None, separator=None, exclusive=(),
        empty=empty,
    )  # fmt: skip
    if table.excluded is not None and "dont_know" in table.excluded.index:
        from tracktr.tabulate._multi import without_only_dont_know

        # Tabulated with dont_know="exclude": who ticked only don't know is out of its base.
        answered = without_only_dont_know(spec, ticks, answered)
    order = [list(spec.options).index(o) for o in options]
    values = np.asarray(ticks, dtype=np.float64)[order].T
    return _Read(values, np.asarray(answered, dtype=bool), None)


def _net_values(read: _Read, table: Table, nets: Any) -> tuple[_Read, list[Any]]:
    """Return each respondent's net indicators (any of its options), and the nets' labels.

    A net is the share of the base with any of its options: the domain mean of an
    indicator, so its design-based variance follows as an option's does. The base stays
    the question's (who is in base does not depend on the nets).
    """
    options = list(table.counts.index)
    position = {option: k for k, option in enumerate(options)}
    pairs = list(nets.items()) if isinstance(nets, Mapping) else list(nets)
    columns, labels = [], []
    for name, members in pairs:
        missing = [m for m in members if m not in position]
        if missing or isinstance(members, str):
            msg = (
                f"net {name!r} of {table.question!r} is made of {missing or members!r}, "
                f"which are not options of the table {options}."
            )
            hint = (
                "Hint: pass the table of the options (not of the nets) and each net as a "
                "list of its options, e.g. nets={'Agree': ['Strongly agree', 'Agree']}."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        columns.append(read.values[:, [position[m] for m in members]].max(axis=1))
        labels.append(name)
    values = np.column_stack(columns) if columns else np.zeros((len(read.in_base), 0))
    return _Read(np.asarray(values, dtype=np.float64), read.in_base, None), labels


def _group_masks(data: pd.DataFrame, by: str, groups: Sequence[Any]) -> npt.NDArray[np.bool_]:
    if by not in data.columns:
        msg = f"`by` names column {by!r}, which is not in `data`."
        raise QuestionNotFoundError(f"{msg}\n\nHint: pass the column the table was split by.")
    series = data[by]
    return np.column_stack([(series == g).to_numpy(dtype=bool) for g in groups])


def _check_bases(
    table: Table, columns: Sequence[Any], masks: npt.NDArray[np.bool_], weights: Any
) -> None:
    """Refuse data whose rows do not give the table's bases: the test would be of another table."""
    respondents = table.unweighted_bases if table.unweighted_bases is not None else table.bases
    found_n = masks.sum(axis=0)
    found_w = (masks * weights[:, None]).sum(axis=0)
    wrong = []
    for j, column in enumerate(columns):
        n = float(respondents[column])
        w = float(table.bases[column])
        if n != found_n[j]:
            wrong.append(f"{column!r}: table n={_fmt_count(n)}, data n={int(found_n[j])}")
        elif not np.isclose(w, found_w[j], rtol=1e-9, atol=1e-9):
            # The same respondents, weighted otherwise: say so, not "n=123, data n=123".
            wrong.append(
                f"{column!r}: table weighted base {w:.6g}, the design's weights give "
                f"{float(found_w[j]):.6g} (n={int(found_n[j])} in both)"
            )
    if wrong:
        msg = (
            f"table {table.question!r}: the rows of `data` do not give the table's bases "
            f"({'; '.join(wrong[:5])}), so a design-based test would be of another table."
        )
        hint = (
            "Hint: pass the data (and `by`) the table was tabulated from, with the design's "
            "weights as the table's weights; dont_know='exclude' and hidden options change "
            "the base. A table of nets (tt.net_table, tt.multi_nets) is not read from the "
            "rows: pass the options' table with nets= instead."
        )
        raise InvalidBaseError(f"{msg}\n\n{hint}")


def _pairs_for(
    against: str, n_groups: int, whole: int, rests: Sequence[int]
) -> list[tuple[int, int]]:
    if against == "pairs":
        return [(g, h) for g in range(n_groups) for h in range(g + 1, n_groups)]
    if against == "rest":
        return [(g, rests[g]) for g in range(n_groups)]
    return [(g, whole) for g in range(n_groups)]


def design_rows(
    table: Table,
    *,
    data: pd.DataFrame,
    by: str,
    design: Design,
    groups: Sequence[Any],
    total: Any,
    against: str,
    adjust: PAdjustMethod,
    level: float,
    survey: Any = None,
    columns: Sequence[str] | None = None,
    empty: EmptyPolicy | None = None,
    overall: bool = True,
    nets: Any = None,
) -> tuple[pd.DataFrame, AssociationTest | None, tuple[str, ...]]:
    """Return compare_table()'s comparisons under a design: rows, Rao–Scott test, notes.

    With `nets` (label: member options of `table`), the nets are compared instead of the
    options: each respondent's indicator of any member, over the question's base.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["Yes", "No"] * 20, "g": ["a"] * 20 + ["b"] * 20,
    ...                    "w": [1.0, 2.0] * 20})
    >>> result = tt.compare_table(tt.frequencies(df, "q", by="g", weights="w"),
    ...                           design=tt.Design(weights="w"), data=df, by="g")
    >>> result.to_frame()["test"].unique().tolist()
    ['design t']
    """
    from tracktr.design._pairs import (
        MEASURED,
        domain_shares,
        lonely_pairs,
        pair_degf,
        pair_tests,
    )

    bound = design.bind(data)
    read = _read_question(data, table, survey, columns, empty)
    options = list(table.counts.index)
    if nets is not None:
        read, options = _net_values(read, table, nets)
    group_masks = _group_masks(data, by, groups) & read.in_base[:, None]
    whole = read.in_base if total is not None else np.asarray(group_masks.any(axis=1), dtype=bool)
    # Pooled waves: an organisation in two groups, its rows in two PSUs, was compared as
    # two independent respondents (as tt.compare_groups refuses; a tab book has no letters)
    # An organisation twice in one group (a banner it keeps from wave to wave) too.
    bound.refuse_split_organisations(
        data, by, function="compare_table", groups=groups, rows=np.any(group_masks, axis=1)
    )
    checked = [*groups, *([total] if total is not None else [])]
    masks = np.column_stack([group_masks, whole[:, None]]) if total is not None else group_masks
    _check_bases(table, checked, masks, bound.weights)
    rests = group_masks.shape[1] + 1 + np.arange(len(groups))
    rest_masks = whole[:, None] & ~group_masks if against == "rest" else np.zeros((len(whole), 0))
    domains = np.column_stack([group_masks, whole[:, None], rest_masks]).astype(bool)
    shares = domain_shares(bound, read.values, domains)
    pairs = _pairs_for(against, len(groups), len(groups), list(rests))
    tests = pair_tests(shares, pairs, degf=pair_degf(bound, domains, pairs), level=level)
    twins = _split_in_two(read)
    whole_name = total if total is not None else "total"
    labels = [*groups, whole_name, *(["rest"] * len(groups))]
    n = shares.n
    one = lonely_pairs(n, np.array([a for a, _ in pairs], dtype=np.intp),
                       np.array([b for _, b in pairs], dtype=np.intp))  # fmt: skip
    records: list[dict[str, Any]] = []
    alone: list[bool] = []
    for i, option in enumerate(options):
        for p, (a, b) in enumerate(pairs):
            if shares.weighted_base[a] <= 0 or shares.weighted_base[b] <= 0:
                continue
            p_a, p_b = shares.estimate[a, i], shares.estimate[b, i]
            records.append({
                "option": option, "group": labels[a], "versus": labels[b],
                "count": shares.weighted_count[a, i], "base": shares.weighted_base[a],
                "proportion": p_a, "count_versus": shares.weighted_count[b, i],
                "base_versus": shares.weighted_base[b], "proportion_versus": p_b,
                "difference": tests.difference[i, p], "ci_low": tests.ci_low[i, p],
                "ci_high": tests.ci_high[i, p],
                "relative_risk": p_a / p_b if p_b > 0 else np.nan,
                "test": "design t", "p_value": tests.p_value[i, p],
                "small_base": bool(min(n[a], n[b]) < table.small_base),
                "hypothesis": p if twins else len(records),
            })  # fmt: skip
            alone.append(bool(one[p]))
    frame = _adjusted(pd.DataFrame.from_records(records, columns=_COLUMNS), adjust, level)
    finite = frame["p_value"].notna().to_numpy()
    notes = [
        f"Design: {design.describe()}. Differences {DESIGN_TEST_NOTE}; p-values {adjust}-adjusted.",
    ]
    # A group of one respondent is its own reason, whatever its shares: the note gave
    # "each share 0% or 100%" for a 50% against one respondent's answer.
    single = ~finite & np.array(alone, dtype=bool)
    if single.any():
        in_pairs = {g for pair, flag in zip(pairs, one, strict=True) if flag for g in pair}
        named = sorted(str(labels[g]) for g in in_pairs if n[g] < MEASURED)
        notes.append(
            f"{int(single.sum())} comparison(s) involve a group of one respondent "
            f"({', '.join(named)}), whose share has no measured variance: not tested, never "
            "marked significant."
        )
    undefined = int((~finite & ~single).sum())
    if undefined:
        notes.append(
            f"{undefined} comparison(s) have no design-based variance (each share 0% or 100%, "
            "where a linearised variance is zero, or too few PSUs): not tested, never marked "
            "significant; an exact test of the unweighted counts can show such a difference."
        )
    whole_test = None
    if overall and read.column is not None and table.partition and len(groups) >= 2:
        whole_test = _rao_scott(data, read, by, groups, design, group_masks)
        if whole_test is not None:
            notes.append(
                "The whole table is tested with the design-based Rao–Scott second-order "
                "F test (R svychisq's default)."
            )
    return frame, whole_test, tuple(notes)


def _split_in_two(read: _Read) -> bool:
    """Return whether the question has two options that split its base (Yes and No).

    Then a pair's test of the one is its test of the other (the same variance, the
    difference negated): one hypothesis, counted once in the family, as compare_table
    counts it without a design. Counted twice, Holm doubled its p-value.
    """
    values = read.values[read.in_base]
    return values.shape[1] == 2 and bool(np.all(values.sum(axis=1) == 1))


def _adjusted(frame: pd.DataFrame, adjust: PAdjustMethod, level: float) -> pd.DataFrame:
    """Return `frame` with p-values adjusted over its tests, each hypothesis counted once."""
    finite = frame["p_value"].notna().to_numpy()
    adjusted = np.full(len(frame), np.nan)
    if finite.any():
        p_values = frame["p_value"].to_numpy(dtype=float)[finite]
        hypotheses = frame["hypothesis"].to_numpy()[finite]
        adjusted[finite] = adjust_once(p_values, hypotheses, method=adjust)
    return frame.assign(p_adjusted=adjusted, significant=adjusted < 1 - level)


def _rao_scott(  # noqa: PLR0917  (private, one caller)
    data: pd.DataFrame,
    read: _Read,
    by: str,
    groups: Sequence[Any],
    design: Design,
    group_masks: npt.NDArray[np.bool_],
) -> AssociationTest | None:
    from tracktr.design import chisq

    assert read.column is not None
    in_table = np.asarray(group_masks.any(axis=1), dtype=bool)
    answers = data[read.column].astype(object).where(in_table, None)
    grouped = data[by].astype(object).where(in_table, None)
    used = np.asarray(group_masks.any(axis=0), dtype=bool)
    present = {g for g, flag in zip(groups, used, strict=True) if flag}
    options_used = int((read.values[in_table].sum(axis=0) > 0).sum())
    if len(present) < 2 or options_used < 2:
        return None
    names = ("__tracktr_answer", "__tracktr_group")
    frame = without_id(data.assign(**{names[0]: answers, names[1]: grouped}))
    try:
        test = chisq(frame, names[0], names[1], design=design)
    except InvalidBaseError:  # no overall test (a singular table): the pairs still stand
        return None
    d0, ddf = test.df
    note = f"Rao–Scott F on ({d0:.3g}, {ddf:.3g}) df; mean design effect {test.mean_deff:.3g}."
    return AssociationTest("rao_scott_f", test.statistic, test.p_value, None, None, (note,))


def design_higher_than(
    table: Table,
    *,
    data: pd.DataFrame,
    by: str,
    design: Design,
    adjust: PAdjustMethod,
    level: float,
    total: Any = "All",
    survey: Any = None,
    columns: Sequence[str] | None = None,
    empty: EmptyPolicy | None = None,
    nets: Any = None,
) -> dict[tuple[Any, Any], list[Any]]:
    """Tab-book letters under a design: for each cell, the groups it is significantly above.

    The design-based counterpart of :func:`tracktr.compare._letters.higher_than`: the same
    decisions as ``compare_table(table, design=..., data=..., by=...)``. With `nets`, the
    letters of the nets of `table`'s options (keys are the nets' labels).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.compare._design import design_higher_than
    >>> df = pd.DataFrame({"q": ["Yes"] * 18 + ["No"] * 2 + ["Yes"] * 4 + ["No"] * 16,
    ...                    "g": ["a"] * 20 + ["b"] * 20, "w": [1.0, 1.5] * 20})
    >>> table = tt.frequencies(df, "q", by="g", weights="w")
    >>> design_higher_than(table, data=df, by="g", design=tt.Design(weights="w"),
    ...                    adjust="holm", level=0.95)
    {('No', 'b'): ['a'], ('Yes', 'a'): ['b']}
    """
    tests = design_pair_tests(
        table, data=data, by=by, design=design, total=total, survey=survey, columns=columns,
        empty=empty, nets=nets,
    )  # fmt: skip
    higher = tests.letters(adjust=adjust, level=level)
    return dict(sorted(higher.items(), key=lambda item: str(item[0])))


def design_pair_tests(
    table: Table,
    *,
    data: pd.DataFrame,
    by: str,
    design: Design,
    total: Any = "All",
    survey: Any = None,
    columns: Sequence[str] | None = None,
    empty: EmptyPolicy | None = None,
    nets: Any = None,
) -> PairTests:
    """Return the design-based test of every (option, pair of groups), before adjustment.

    The tests of :func:`design_higher_than`.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.compare._design import design_pair_tests
    >>> df = pd.DataFrame({"q": ["Yes"] * 18 + ["No"] * 2 + ["Yes"] * 4 + ["No"] * 16,
    ...                    "g": ["a"] * 20 + ["b"] * 20, "w": [1.0, 1.5] * 20})
    >>> table = tt.frequencies(df, "q", by="g", weights="w")
    >>> len(design_pair_tests(table, data=df, by="g", design=tt.Design(weights="w")))
    2
    """
    present = total if total in table.counts.columns else None
    groups = [c for c in table.counts.columns if c != present and float(table.bases[c]) > 0]
    if len(groups) < 2:
        return pairs_tested([], [], [], [], [])
    frame, _, _ = design_rows(
        table, data=data, by=by, design=design, groups=groups, total=present,
        against="pairs", adjust="none", level=0.95, survey=survey, columns=columns,
        empty=empty, overall=False,  # letters need the pairs only, not Rao–Scott
        nets=nets,
    )  # fmt: skip
    return pairs_tested(
        frame["option"].tolist(),
        frame["group"].tolist(),
        frame["versus"].tolist(),
        frame["p_value"].to_numpy(dtype=float),
        ~(frame["difference"].to_numpy(dtype=float) < 0),
        hypotheses=frame["hypothesis"].to_numpy(dtype=np.intp),
    )


def design_rows_of(*, data: Any, by: Any, survey: Any, **given: Any) -> tuple[Any, Any]:
    """Return the rows (`data`, `by`) a design-based test reads, a nested banner joined.

    Refuse options that a design replaces (effective bases, fpc, a forced test), and
    require the rows.
    """
    if data is None or by is None:
        msg = "compare_table(design=...) needs the rows: pass data= and by= too."
        hint = "Hint: compare_table(table, design=design, data=df, by='group')."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    clash = sorted(name for name, value in given.items() if value is not None)
    if clash:
        msg = f"with a `design`, {clash} cannot be given too: the design decides them."
        hint = (
            "Hint: the design carries the weights and fpc, and its tests are design-based; "
            "drop these options."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return nested_by(data, by, survey)


def design_rank(
    table: Table,
    *,
    data: pd.DataFrame,
    by: str,
    design: Design,
    groups: Sequence[Any],
    dont_know: Sequence[str],
    survey: Any = None,
    columns: Sequence[str] | None = None,
) -> AssociationTest | None:
    """Return the design-based rank test of an ordinal table (compare_table(ordinal=True)).

    The counterpart of the unweighted Mann–Whitney and Kruskal–Wallis tests: R survey's
    ``svyranktest`` (:func:`tracktr.design.ranktest`) on each respondent's place on the
    scale (the table's options in order, don't know left out). None when it is not defined.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.compare._design import design_rank
    >>> df = pd.DataFrame({"q": ["Low", "High"] * 4 + ["High"] * 8,
    ...                    "g": ["a"] * 8 + ["b"] * 8, "w": [1.0, 2.0] * 8})
    >>> table = tt.frequencies(df, "q", by="g", weights="w", options=["Low", "High"])
    >>> design_rank(table, data=df, by="g", design=tt.Design(weights="w"), groups=["a", "b"],
    ...             dont_know=()).name
    'design_wilcoxon'
    """
    from tracktr.design._rank import ranktest
    from tracktr.missing import is_dont_know

    if table.kind == "multi" or not table.partition:
        return None
    read = _read_question(data, table, survey, columns)
    keep = [k for k, option in enumerate(table.counts.index) if not is_dont_know(option, dont_know)]
    if len(keep) < 2:
        return None
    chosen = read.values[:, keep]
    scale = np.where(chosen.any(axis=1), chosen @ np.arange(len(keep), dtype=np.float64), np.nan)
    series = data[by]
    grouped = series.astype(object).where(series.isin(list(groups)), None)
    if len(groups) == 1:  # one group and the whole sample: the group against the rest
        grouped = pd.Series(np.where(series == groups[0], "group", "rest"), index=data.index)
    names = ("__tracktr_scale", "__tracktr_group")
    frame = data.assign(**{names[0]: pd.Series(scale, index=data.index), names[1]: grouped})
    frame = without_id(frame)
    try:
        test = ranktest(frame, names[0], names[1], design=design)
    except InvalidBaseError:  # a scale with no variance: no ordinal test, the pairs stand
        return None
    if test.statistic_name == "t":
        name, note = "design_wilcoxon", f"design-based Wilcoxon t on {test.df[0]:.3g} df"
    else:
        dfs = f"({test.df[0]:.3g}, {test.df[1]:.3g})"
        name, note = "design_kruskal_wallis", f"design-based Kruskal–Wallis F on {dfs} df"
    return AssociationTest(name, test.statistic, test.p_value, None, None,
                           (f"{note} (R svyranktest, Lumley & Scott 2013).",))  # fmt: skip


# -- compare_table()'s design paths: the comparison, its rank test, nets -------------------


def design_table(
    table: Table,
    sides: _Sides,
    against: CompareAgainst,
    adjust: PAdjustMethod,
    level: float,
    *,
    design: Design,
    data: Any,
    by: Any,
    survey: Any,
    columns: Sequence[str] | None,
    source: Table,
    nets: Mapping[str, Sequence[Any]] | None = None,
) -> GroupComparison:
    """compare_table() under a design: design-based differences, Rao–Scott overall.

    `source` is the table of the options, read from the rows; `table` is what is shown
    (the same table, or its nets when `nets` is given).
    """
    groups = [g for g in sides.groups if sides.bases[g] > 0]
    frame, overall, notes = design_rows(
        source, data=data, by=by, design=design, groups=groups, total=sides.total,
        against=against, adjust=adjust, level=level, survey=survey, columns=columns,
        nets=nets,
    )  # fmt: skip
    frame = frame.reindex(columns=_COMPARISON_COLUMNS)
    frame["significant"] = frame["significant"].fillna(False).astype(bool)
    frame["small_base"] = frame["small_base"].fillna(False).astype(bool)
    extra = [*notes, *group_notes(table, sides)]
    return GroupComparison(
        table=table,
        comparisons=frame,
        overall=overall,
        ordinal=None,
        letters=_letters(frame, sides) if against == "pairs" else None,
        against=against,
        adjust=adjust,
        level=level,
        groups=sides.groups,
        total=sides.total,
        notes=tuple(extra),
        design=design,
    )


def design_ordinal(
    result: GroupComparison,
    *,
    ordered_groups: bool,
    dont_know: Sequence[str],
    data: Any,
    by: Any,
    survey: Any,
    columns: Sequence[str] | None,
    source: Table,
) -> GroupComparison:
    """Add the design-based rank test (R ``svyranktest``) to a design comparison."""
    assert result.design is not None
    groups = [g for g in result.groups if float(source.bases[g]) > 0]
    test = design_rank(source, data=data, by=by, design=result.design, groups=groups,
                       dont_know=dont_know, survey=survey, columns=columns)  # fmt: skip
    notes = list(result.notes)
    if test is None:
        notes.append("No ordinal test: the scale has no design-based rank test here.")
    else:
        notes.append(f"Ordinal test: {test.notes[0]}")
    if ordered_groups:
        notes.append(
            "ordered_groups=True has no design-based test (no linear-by-linear under a "
            "design): the rank test compares the groups unordered."
        )
    return dataclasses.replace(result, ordinal=test, notes=tuple(notes))


def nets_of(
    table: Table,
    nets: Mapping[str, Sequence[Any]],
    *,
    design: Design | None,
    data: Any,
    by: Any,
    survey: Any,
    columns: Sequence[str] | None,
) -> Table:
    """Return the table of `table`'s nets, to show and letter (compare_table(nets=...))."""
    from tracktr.multicross import multi_nets
    from tracktr.nets import net_table

    if table.kind != "multi":
        return net_table(table, nets)
    if design is None or data is None or by is None:
        msg = (
            f"table {table.question!r} is a multi-response set: a net counts respondents "
            "who ticked any of its options, which the table's counts cannot tell."
        )
        hint = (
            "Hint: compare tt.multi_nets(data, question, nets, by=...) instead, or give "
            "design=, data= and by= to test the nets from the ticks."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    empty: EmptyPolicy = (
        "answered" if "ticking nothing counted" in table.base_description else "skipped"
    )
    if survey is None and columns is None:  # multi_response(columns=...) names the options
        columns = [str(o) for o in table.counts.index]
    return multi_nets(
        data, table.question, nets, survey=survey, columns=columns,
        options=list(table.counts.index) if survey is None else None, by=by,
        weights=design.weights, empty=empty, rule=table.rule, decimals=table.decimals,
        small_base=table.small_base,
    )  # fmt: skip

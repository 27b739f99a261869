"""compare_groups(): tabulate a question by group, then compare every option between groups.

The comparison itself is :func:`tracktr.compare_table`'s (:mod:`tracktr.compare._groups`);
here the question is tabulated (single choice, ordinal or multi-response), the groups
restricted, weighted tables given Kish effective bases over the respondents in base, and a
design handed to :func:`tracktr.design.compare_groups`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import pandas as pd

from tracktr._columns import refuse_unhashable_name
from tracktr._pooled import pool_mark, repeated_respondents, shared_respondents
from tracktr.compare._groups import GroupComparison, _find_total
from tracktr.compare._table import compare_table
from tracktr.exceptions import InvalidOptionError
from tracktr.table import Table
from tracktr.typing import CompareAgainst, PAdjustMethod, ProportionTest, check_choice, check_survey

if TYPE_CHECKING:
    from tracktr.design import Design, DesignGroupComparison

__all__ = ["compare_groups"]


def _kish_bases(table: Table) -> pd.Series:
    """Return the Kish effective base of every column of a weighted table, from the table.

    Weighted tabulation records each column's ``(sum w)**2 / sum(w**2)`` over the
    respondents in its base (``table.effective_bases``), alike for pandas and every
    engine. A column whose weights sum to 0 keeps its respondents as its base (its
    percentages are undefined either way). They were recomputed here from the rows: an
    engine's frame has none to read (a bare AttributeError on every engine), and the rows
    of a `missing_group` column matched no group, so its base was its unweighted n.
    """
    if table.effective_bases is None or table.unweighted_bases is None:  # not reached
        raise InvalidOptionError("the weighted table has no effective bases.")
    effective = table.effective_bases.astype(float)
    respondents = table.unweighted_bases.reindex(effective.index).astype(float)
    return effective.where(table.bases.reindex(effective.index).to_numpy() != 0, respondents)


def _design_comparison(
    data: pd.DataFrame,
    question: str,
    by: str | tuple[str, ...],
    *,
    design: Design,
    survey: Any,
    adjust: PAdjustMethod,
    level: float,
    weights: Any,
    groups: Sequence[Any] | None,
    options: dict[str, Any],
    against: CompareAgainst | None,
    refused: dict[str, Any],
) -> DesignGroupComparison | GroupComparison:
    """compare_groups() under a survey design: the design module's comparison.

    Each pair of groups is :func:`tracktr.design.compare_groups`; each group against the
    rest or the total is :func:`compare_table`'s design-based path, which tests it with
    the design-based variance (and the covariance of a group with the total). Options
    the design replaces or that neither path takes are refused, never dropped.
    """
    from tracktr.design import compare_groups as design_groups

    against = "pairs" if against is None else against
    check_choice(against, CompareAgainst, name="against")
    clash = sorted(name for name, value in refused.items() if value not in (None, False))
    if clash:
        msg = (
            f"compare_groups(design=...) cannot take {clash} too: the design decides the "
            "tests (design-based t and Rao–Scott F) and carries the fpc."
        )
        hint = (
            "Hint: drop these options; for an ordinal test under a design, use "
            "tt.compare_table(table, design=design, data=df, by=group, ordinal=True)."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if weights is not None:
        msg = "compare_groups(): give the weights in the design, not as `weights=` too."
        hint = "Hint: tt.design.Design(weights='w', ...) carries the weights."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    spec = survey.spec(question) if survey is not None else None
    if (spec is not None and spec.type == "multi") or "columns" in options:
        msg = f"compare_groups(design=...) compares single-choice questions; {question!r} is not."
        hint = "Hint: estimate the set with tt.design.estimate_proportions(..., by=...)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    unknown = sorted(set(options) - {"options"})
    if unknown or groups is not None:
        named = unknown + (["groups"] if groups is not None else [])
        msg = f"compare_groups(design=...) does not take {named}."
        hint = "Hint: subset the data before comparing, or compare without a design."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    from tracktr.design._nested import nested_by

    # A nested banner ("region", "funder") is one column of "North / CRC" groups, as the
    # tabulation makes it, so both paths compare the groups a table by it shows.
    data, column = nested_by(data, by, survey)
    if against != "pairs":
        import tracktr as tt

        table = tt.frequencies(data, question, survey=survey, by=column, weights=design.weights,
                               **options)  # fmt: skip
        return compare_table(
            table, against=against, adjust=adjust, level=level, design=design, data=data,
            by=column, survey=survey,
        )  # fmt: skip
    return design_groups(
        data,
        question,
        column,
        design=design,
        survey=survey,
        options=options.get("options"),
        adjust=adjust,
        level=level,
    )


def _only_groups(
    table: Table, groups: Sequence[Any], by: str | tuple[str, ...], *, total: Any = None
) -> Table:
    """Keep only `groups` (and the total) among a table's columns, in the order given."""
    total = _find_total(table, total)
    available = [c for c in table.counts.columns if c != total]
    unknown = [g for g in groups if g not in available]
    if unknown:
        msg = f"`groups` names {unknown}, which are not groups of {by!r}: {available}."
        hint = "Hint: check the spelling, or the column given as `by`."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    keep = [*dict.fromkeys(groups), *([total] if total is not None else [])]
    excluded = None if table.excluded is None else table.excluded[keep]
    unweighted = None if table.unweighted_bases is None else table.unweighted_bases[keep]
    effective = None if table.effective_bases is None else table.effective_bases[keep]
    zeros = None if table.zero_weights is None else table.zero_weights[keep]
    return dataclasses.replace(
        table,
        counts=table.counts[keep],
        bases=table.bases[keep],
        unweighted_bases=unweighted,
        effective_bases=effective,
        zero_weights=zeros if zeros is not None and zeros.any() else None,
        excluded=excluded,
    )


@overload
def compare_groups(
    data: pd.DataFrame,
    question: str,
    by: str | tuple[str, ...],
    /,
    *,
    survey: Any = None,
    against: CompareAgainst | None = None,
    adjust: PAdjustMethod = "holm",
    level: float = 0.95,
    population: int | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    ordinal: bool | None = None,
    ordered_groups: bool = False,
    test: ProportionTest | None = None,
    groups: Sequence[Any] | None = None,
    design: None = None,
    **options: Any,
) -> GroupComparison: ...


@overload
def compare_groups(
    data: pd.DataFrame,
    question: str,
    by: str | tuple[str, ...],
    /,
    *,
    survey: Any = None,
    against: Literal["pairs"] | None = None,
    adjust: PAdjustMethod = "holm",
    level: float = 0.95,
    population: int | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    ordinal: bool | None = None,
    ordered_groups: bool = False,
    test: ProportionTest | None = None,
    groups: Sequence[Any] | None = None,
    design: Design,
    **options: Any,
) -> DesignGroupComparison: ...


@overload
def compare_groups(
    data: pd.DataFrame,
    question: str,
    by: str | tuple[str, ...],
    /,
    *,
    survey: Any = None,
    against: Literal["rest", "total"],
    adjust: PAdjustMethod = "holm",
    level: float = 0.95,
    population: int | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    ordinal: bool | None = None,
    ordered_groups: bool = False,
    test: ProportionTest | None = None,
    groups: Sequence[Any] | None = None,
    design: Design,
    **options: Any,
) -> GroupComparison: ...


def compare_groups(
    data: pd.DataFrame,
    question: str,
    by: str | tuple[str, ...],
    /,
    *,
    survey: Any = None,
    against: CompareAgainst | None = None,
    adjust: PAdjustMethod = "holm",
    level: float = 0.95,
    population: int | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    ordinal: bool | None = None,
    ordered_groups: bool = False,
    test: ProportionTest | None = None,
    groups: Sequence[Any] | None = None,
    design: Design | None = None,
    **options: Any,
) -> GroupComparison | DesignGroupComparison:
    """Tabulate a question by group and compare every option between the groups.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    question : str
        A single-choice, ordinal or multi-response question.
    by : str or tuple of str
        The column that splits respondents into groups (two or more), or the columns of
        a nested banner (``("region", "funder")``: groups ``"North / CRC"``, ...).
    survey : Survey, optional
        A codebook: gives the question's type (``"multi"`` is tabulated with
        :func:`tracktr.multi_response`, ``"ordinal"`` gets an ordinal test), options and
        "don't know" options.
    against : {"pairs", "rest", "total"}, optional
        Compare every pair of groups (default), each group with everyone else, or each
        group with the whole sample that contains it (tested against the rest).
    adjust : {"holm", "bh", "bonferroni", "none"}, default "holm"
        Adjustment for the number of comparisons.
    level : float, default 0.95
        Confidence level.
    population : int, optional
        The number of units in the population, for the finite population correction.
    weights : str, pandas.Series or sequence of float, optional
        Weights (a column, a Series matched to the rows by its index, or values by
        position): counts become weighted sums, and intervals and tests use each group's
        Kish effective base, computed over the respondents in that group's base.
    ordinal : bool, optional
        Run an ordinal test; by default when the codebook says the question is ordinal.
    ordered_groups : bool, default False
        The groups are ordered: with more than two, use the linear-by-linear test.
    test : {"fisher", "chi2", "chi2_yates"}, optional
        Force the two-group test.
    groups : sequence, optional
        Compare only these groups of `by`, in this order (e.g. a subset of regions);
        other groups are left out of the comparison (and of the p-value adjustment) but
        the ``"All"`` column still holds the whole sample.
    design : tracktr.design.Design, optional
        A survey design (weights, strata, clusters, fpc): the comparison is then
        design-based, by :func:`tracktr.design.compare_groups` (domain estimates with
        linearised variances, t tests of each difference, the Rao–Scott F test of the
        table), and says so in its notes. Single-choice and ordinal questions. With
        ``against="rest"`` or ``"total"``, :func:`compare_table`'s design-based path
        compares each group with the rest or the total (a
        :class:`~tracktr.GroupComparison` with its `design`). The design
        replaces `test` and `population`, and takes no `ordinal` or `ordered_groups`:
        they are refused.
    **options
        Passed to :func:`tracktr.frequencies` (or :func:`tracktr.multi_response` when
        `columns` or `separator` is given or the codebook says ``"multi"``), such as
        ``options=``, ``dont_know=``, ``rule=`` and ``decimals=``. With ``total=False``
        the table has no total column, and a group of `by` called ``"All"`` is compared
        as the group it is.

    Returns
    -------
    GroupComparison or tracktr.design.DesignGroupComparison
        The latter when a `design` is given and pairs are compared.

    Raises
    ------
    tracktr.InvalidOptionError
        If `by` splits the respondents into fewer than two groups, or the question is a
        grid; with a `design`, if `weights`, `test`, `population`, ``ordinal=True`` or
        ``ordered_groups=True`` is given too (the design carries the weights and decides
        the tests) or the question is a multi-response set.
    tracktr.QuestionNotFoundError
        If the question or `by` is not in the data.

    See Also
    --------
    compare_table : the same comparison of a table already tabulated.
    tracktr.describe_comparison : one comparison as a sentence.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({
    ...     "funder": ["CRC"] * 30 + ["Other"] * 40,
    ...     "grants": ["Yes"] * 5 + ["No"] * 25 + ["Yes"] * 29 + ["No"] * 11,
    ... })
    >>> result = tt.compare_groups(df, "grants", "funder", options=["Yes", "No"])
    >>> result.display()
            CRC (A) Other (B)      All
    Yes         17%     73% A      49%
    No        83% B       28%      51%
    Base         30        40       70
    >>> round(result.overall.cramers_v, 2)
    0.55
    """
    check_survey(survey, optional=True)
    import tracktr as tt

    refuse_unhashable_name(question, function="compare_groups")
    _refuse_self_comparison(question, by, survey)
    if design is not None:
        return _design_comparison(
            data,
            question,
            by,
            design=design,
            survey=survey,
            adjust=adjust,
            level=level,
            weights=weights,
            groups=groups,
            options=options,
            against=against,
            refused={
                "test": test,
                "population": population,
                "ordinal": ordinal,
                "ordered_groups": ordered_groups,
            },
        )
    spec = survey.spec(question) if survey is not None else None
    kind = spec.type if spec is not None else None
    if kind is None and ("columns" in options or "separator" in options):
        kind = "multi"
    if kind == "grid":
        msg = f"compare_groups() compares one question; {question!r} is a grid."
        hint = "Hint: compare each item of the grid as its own question."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if kind == "multi":
        _refuse_shared_respondents(data, by, groups)
    tabulate = tt.multi_response if kind == "multi" else tt.frequencies
    table = tabulate(data, question, survey=survey, by=by, weights=weights, **options)
    if kind != "multi":
        _refuse_shared_respondents(_in_base(data, question, table), by, groups)
    # Tabulated with total=False, a column "All" is a group of `by`, never the total.
    total = False if options.get("total", True) is False else None
    if groups is not None:
        table = _only_groups(table, groups, by, total=total)
    if ordinal is None:
        ordinal = kind == "ordinal"
    dont_know: Sequence[str] = (
        spec.dont_know if spec is not None else options.get("dont_know_options", ("Don't know",))
    )
    effective = None if weights is None else _kish_bases(table)
    groups = [c for c in table.counts.columns if c != _find_total(table, total)]
    if len(groups) < 2:
        msg = (
            f"`by={by!r}` splits the respondents who answered {question!r} into "
            f"{len(groups)} group(s): {groups}; a comparison needs at least two."
        )
        hint = (
            "Hint: choose a `by` column with two or more groups, or compare the group with "
            "everyone using tt.compare_proportions()."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    result = compare_table(
        table,
        against=against,
        adjust=adjust,
        level=level,
        population=population,
        ordinal=ordinal,
        ordered_groups=ordered_groups,
        dont_know=dont_know,
        effective_bases=effective,
        test=test,
        total=total,
    )
    declared = getattr(survey, "design", None) if survey is not None else None
    if declared:
        note = (
            f"The codebook declares a sample design ({declared}) that this comparison did "
            "not use; pass design=tt.Design.from_survey(survey) for design-based tests."
        )
        result = dataclasses.replace(result, notes=(*result.notes, note))
    return result


def _in_base(data: pd.DataFrame, question: str, table: Table) -> pd.DataFrame:
    """Return the rows of `data` whose answer to `question` is an option `table` counts.

    Only they can repeat an organisation of pooled waves: a question one wave did not ask
    has each organisation in its base once, yet was refused as comparing waves that share
    organisations (as tables and tab books count them, tracktr._pooled).
    """
    if pool_mark(data) is None:  # only pooled rows (a pandas frame) repeat organisations
        return data
    answered = data[question].isin(list(table.counts.index)).to_numpy(dtype=bool)
    if answered.all():
        return data
    rows = data[answered]
    rows.attrs = data.attrs  # the pool's mark and persistent id
    return rows


def _refuse_shared_respondents(data: pd.DataFrame, by: Any, groups: Sequence[Any] | None) -> None:
    """Refuse groups that share organisations, as the waves of a pooled panel do.

    Data pooled by :func:`tracktr.waves.pool` carry their persistent id (in
    ``data.attrs``); an organisation that answered two waves is a row in each, so
    ``by="wave"`` made groups that are not independent, and their tests (p = 0.11) ignored
    the pairing that :func:`tracktr.waves.change` uses (p = 0.025).
    """
    id_column, shared = shared_respondents(data, by, groups)
    if not shared:
        _refuse_repeated_respondents(data, by, groups)
        return
    msg = (
        f"`by={by!r}` puts the same organisations in several groups: {len(shared)} "
        f"organisations (id {id_column!r}, e.g. {shared[:3]}) are in more than one of them, "
        "as the waves pooled by tt.waves.pool() are; the groups are not independent, and "
        "compare_groups()'s tests assume they are."
    )
    hint = (
        "Hint: compare waves with tt.waves.change(pooled, question, option), which pairs "
        "the organisations in both waves; or compare groups within one wave "
        "(pooled.wave(name))."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _refuse_repeated_respondents(data: pd.DataFrame, by: Any, groups: Sequence[Any] | None) -> None:
    """Refuse groups that hold an organisation of pooled waves twice.

    Grouped by something an organisation keeps from wave to wave (its region), its rows
    of two waves are in one group: the tests would take its two answers, which go
    together, for two independent respondents, and overstate how sure a difference is.
    """
    id_column, repeated = repeated_respondents(data, by, groups)
    if not repeated:
        return
    msg = (
        f"`by={by!r}` holds organisations more than once: {len(repeated)} organisations "
        f"(id {id_column!r}, e.g. {repeated[:3]}) are in a group once for each wave they "
        "answered, as in waves pooled by tt.waves.pool(); their rows are not independent "
        "respondents, and compare_groups()'s tests assume they are."
    )
    hint = (
        "Hint: compare the groups within one wave (pooled.wave(name)), or pass "
        "design=tt.Design(clusters=<the id column>), which counts an organisation's rows "
        "together."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _refuse_self_comparison(question: str, by: Any, survey: Any) -> None:
    """Refuse groups made by the question itself: every difference would be certain."""
    columns = {question}
    if survey is not None and question in {q.id for q in survey.questions}:
        columns |= set(survey.question(question).columns)
    if isinstance(by, str) and by in columns:
        msg = (
            f"`by={by!r}` is the question {question!r} itself: each group holds one answer, "
            "so every difference between groups is certain and no test means anything."
        )
        hint = "Hint: compare the question across another column (a banner such as region)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")

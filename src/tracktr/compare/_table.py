"""``compare_table``: every comparison of a table's groups, plain or under a design.

The design-based path is in :mod:`tracktr.compare._design`.

It sits apart from :mod:`tracktr.compare._groups` (the result and the plain tests) so that
the design-based path can build on those without an import cycle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tracktr._pooled import REPEATED_WORDS, SHARED_WAVES_WORDS
from tracktr.compare._checks import (
    _check_columns,
    _check_disjoint_groups,
    _check_gaps,
    _check_has_rest,
    _check_overlap_mark,
    _check_total_contains_groups,
)
from tracktr.compare._intervals import _check_level
from tracktr.compare._tests import adjust_once, adjust_p_values
from tracktr.exceptions import InvalidOptionError
from tracktr.table import Table
from tracktr.typing import CompareAgainst, PAdjustMethod, ProportionTest, check_choice

if TYPE_CHECKING:
    from tracktr.design import Design

from tracktr.compare._design import (
    design_ordinal,
    design_rows_of,
    design_table,
    nets_of,
)
from tracktr.compare._groups import (
    _COMPARISON_COLUMNS,
    GroupComparison,
    _association,
    _check_comparable,
    _comparison_rows,
    _letters,
    _Sides,
    _sides,
    group_notes,
    unshown,
)


def compare_table(
    table: Table,
    *,
    against: CompareAgainst | None = None,
    adjust: PAdjustMethod = "holm",
    level: float = 0.95,
    population: int | None = None,
    total: Any = None,
    ordinal: bool = False,
    ordered_groups: bool = False,
    dont_know: Sequence[str] = ("Don't know",),
    effective_bases: pd.Series | None = None,
    test: ProportionTest | None = None,
    design: Design | None = None,
    data: pd.DataFrame | None = None,
    by: str | tuple[str, ...] | None = None,
    survey: Any = None,
    columns: Sequence[str] | None = None,
    nets: Mapping[str, Sequence[Any]] | None = None,
) -> GroupComparison:
    r"""Compare every option of a tabulated question between the table's groups.

    Parameters
    ----------
    table : Table
        A table with options as rows and groups as columns (column percentages), such as
        ``tt.frequencies(df, question, by=group)``.
    against : {"pairs", "rest", "total"}, optional
        ``"pairs"`` (the default, also ``None``): every pair of groups. ``"rest"``: each
        group against everyone else in the whole sample. ``"total"``: each group against
        the whole sample that contains it, tested against the rest (see Notes).
    adjust : {"holm", "bh", "bonferroni", "none"}, default "holm"
        Adjustment of the p-values for the number of comparisons (all rows of the result).
    level : float, default 0.95
        Confidence level of the intervals; a comparison is significant when its adjusted
        p-value is below ``1 - level``.
    population : int, optional
        The number of units in the population (e.g. member organisations): applies the
        finite population correction for the sampling fraction of the whole table.
    total : label, False or None
        The column holding the whole sample. By default the column ``"All"``, the total
        column tracktr's tabulations add (they refuse a group so labelled when they add
        it); a column of any other label, ``"Total"`` included, is a group unless named
        here. ``False`` for none, in which case the whole sample is the sum of the groups:
        pass it for a table tabulated with ``total=False`` whose data has a group called
        ``"All"``. The whole sample holds at least the groups together, in respondents,
        bases and every cell; a column that does not is refused.
    ordinal : bool, default False
        The options are an ordered scale: also run an ordinal test (Mann–Whitney for two
        groups; Kruskal–Wallis, or linear-by-linear with `ordered_groups`, for more). With
        a `design`: the design-based rank test (:func:`tracktr.design.ranktest`, R
        ``svyranktest``), named ``"design_wilcoxon"`` (t) or ``"design_kruskal_wallis"`` (F).
    ordered_groups : bool, default False
        The groups are ordered too (e.g. income bands): use the linear-by-linear test.
    dont_know : sequence of str, default ("Don't know",)
        Options outside the scale, left out of the ordinal test.
    effective_bases : pandas.Series, optional
        Kish effective bases of a weighted table, by column; by default the table's own
        (``table.effective_bases``, which weighted tabulation records), and
        :func:`compare_groups` computes them from the weights. Each is from 1 to its
        column's respondents (``unweighted_bases``, else the bases) wherever the base is
        above 0. Only a weighted table without them falls back on its unweighted bases.
    test : {"fisher", "chi2", "chi2_yates"}, optional
        Force the two-group test; see :func:`compare_proportions`.
    design : tracktr.Design, optional
        A survey design (weights, strata, clusters, fpc): every difference is then tested
        with its design-based variance (a t test on the pair's degrees of freedom, as R
        ``svyttest`` on the design subset to the two groups: their PSUs less their strata,
        less one; a group against the total includes their covariance; a two-option
        question's Yes and No rows count once in the adjusted family), the
        whole table with the Rao–Scott second-order F test (R ``svychisq``), and the notes
        say so. Needs `data` and `by`; excludes `effective_bases`, `population` and `test`.
    data : pandas.DataFrame, optional
        With `design`: the rows the table was tabulated from (with the design's weights);
        they must give the table's bases.
    by : str or tuple of str, optional
        With `design`: the column of `data` whose groups are the table's columns, or the
        columns of the nested banner the table was tabulated by (``("region",
        "funder")``, groups ``"North / CRC"``).
    survey : Survey, optional
        With `design`: the codebook, to find the question's column(s).
    columns : sequence of str, optional
        With `design` and a multi-response table without `survey`: its tick columns.
    nets : mapping of str to sequence, optional
        Compare these nets of `table`'s options instead of the options (each net's label
        and its options; a codebook's ``spec.nets`` works too). Without a design this is
        ``compare_table(tt.net_table(table, nets))``; with a `design` each net is tested as
        an option is: the design-based difference of the shares of the base with any of
        its options (the domain mean of an indicator), for a multi-response set too.

    Returns
    -------
    GroupComparison

    Raises
    ------
    tracktr.InvalidOptionError
        If the table has fewer than two groups (or one group and no total), is a grid,
        holds row percentages, or holds multi-response shares of answers rather than of
        respondents; if its columns overlap (``table.overlapping_columns``, as in
        :func:`tracktr.multi_crosstab`, or groups that together hold more than the total
        in respondents, bases or a cell), as the tests need independent groups; with
        ``against="rest"`` or ``"total"``, if a group is the whole sample (no rest); if a
        cell compared is a gap (``table.gaps``: an option not offered there, as in
        :func:`tracktr.waves.trend`), which has no share to test; if an
        effective base is outside 1 to its column's respondents; with a `design`, if
        `data` or `by` is missing or an option the design replaces is given.
    tracktr.InvalidBaseError
        With a `design`, if the rows of `data` do not give the table's bases.

    See Also
    --------
    compare_groups : tabulate and compare in one call.
    compare_proportions : one comparison, with ratios.

    Notes
    -----
    ``against="total"`` compares a subgroup with a whole that contains it. The subgroup
    and the rest of the sample are independent, the subgroup and the total are not; so
    the test is of the subgroup against the rest, and the subgroup-versus-total
    difference :math:`\hat p_g - \hat p = (n_r/n)(\hat p_g - \hat p_r)` gets the
    Newcombe interval of :math:`\hat p_g - \hat p_r` scaled by :math:`n_r/n`.

    The overall test is Pearson's chi-square of options by groups (by the group and the
    rest when one group is compared with a total), with Cramér's V
    :math:`\sqrt{\chi^2 / (N (\min(r, c) - 1))}`. Multi-response tables have no overall
    test: their options are not a partition.

    Weighted tables use Kish effective bases :math:`(\sum w)^2 / \sum w^2`: each
    weighted share is applied to its effective base, so that weighted counts are never
    treated as respondents. With a `design` the tests are design-based instead. With
    equal weights and no strata or clusters over :math:`N` rows, the design-based test
    of two groups is the unpooled Wald test with variance
    :math:`\frac{N}{N-1}(p_1 q_1 / n_1 + p_2 q_2 / n_2)` on t with :math:`N - 2` df (not
    Pearson's pooled chi-square or Fisher's test, so letters can differ), and the
    first-order Rao–Scott statistic is Pearson's :math:`X^2` times :math:`(N-1)/N` when
    no cell is empty.

    Examples
    --------
    The 2016 report's Table 3, income of CRC-funded respondents against all respondents:

    >>> import pandas as pd
    >>> import tracktr as tt
    >>> bands = ["Under £100,000", "£100,000 - £250,000", "£250,000 - £500,000",
    ...          "£500,000 - £1m", "£1m - £5m", "£5m - £10m", "Over £10m"]
    >>> table3 = tt.Table(
    ...     counts=pd.DataFrame({"CRC-funded": [2, 3, 6, 4, 7, 4, 8],
    ...                          "All": [35, 19, 20, 26, 31, 8, 12]}, index=bands),
    ...     bases=pd.Series({"CRC-funded": 34, "All": 151}),
    ...     question="income",
    ... )
    >>> result = tt.compare_table(table3, against="total")
    >>> result.to_frame().loc[[0, 6], ["option", "difference", "ci_low", "ci_high"]].round(3)
               option  difference  ci_low  ci_high
    0  Under £100,000      -0.173  -0.248   -0.056
    6       Over £10m       0.156   0.061    0.284
    """
    level = _check_level(level)
    against = "pairs" if against is None else against
    check_choice(against, CompareAgainst, name="against")
    check_choice(adjust, PAdjustMethod, name="adjust")
    if test is not None:
        check_choice(test, ProportionTest, name="test")
    _check_comparable(table)
    _check_columns(table, effective_bases)
    _check_waves_of_a_panel(table, designed=design is not None)
    _check_overlap_mark(table)  # the table given, before any nets are counted from it
    if design is not None:
        data, by = design_rows_of(
            effective_bases=effective_bases, population=population, test=test, data=data,
            by=by, survey=survey,
        )  # fmt: skip
    source = table
    if nets is not None:
        table = nets_of(table, nets, design=design, data=data, by=by, survey=survey,
                         columns=columns)  # fmt: skip
    _check_gaps(table)  # the table compared: its options, or its nets
    sides = _sides(table, total, effective_bases, population)
    _check_total_contains_groups(table, sides)
    _check_disjoint_groups(table, sides, guessed=total is None or total is True)
    empty = [g for g in sides.groups if not sides.bases[g] > 0]
    answered = [g for g in sides.groups if g not in empty]
    if len(answered) < 2 and (sides.total is None or against == "pairs"):
        without = f" ({empty} have a base of 0)" if empty else ""
        msg = (
            f"comparing groups needs at least two groups with a base above 0; table "
            f"{table.question!r} has {len(answered)}: {answered}{without}."
        )
        hint = (
            "Hint: check that `by` splits the respondents into two or more groups, or "
            "compare one group with the whole sample using against='total'."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    _check_has_rest(table, sides, against)
    if design is not None:
        result = design_table(table, sides, against, adjust, level, design=design, data=data,
                               by=by, survey=survey, columns=columns, source=source,
                               nets=nets)  # fmt: skip
        if ordinal:
            result = design_ordinal(result, ordered_groups=ordered_groups, dont_know=dont_know,
                                     data=data, by=by, survey=survey, columns=columns,
                                     source=source)  # fmt: skip
        return result
    rows = _comparison_rows(
        sides, against, level=level, test=test, small_base=table.small_base, population=population
    )
    frame = pd.DataFrame(rows, columns=_COMPARISON_COLUMNS)
    # A comparison with no test (nobody, or everybody, on both sides) is no member of the
    # family: counted as p = 1, an option nobody chose took the letters of a real
    # difference away (raw p 0.021: 0.042 adjusted over two tests, 0.063 over three).
    tested = (frame["test"] != "none").to_numpy()
    adjusted = np.ones(len(frame))
    p_values = frame["p_value"].to_numpy(dtype=float)[tested]
    if table.partition and frame["option"].nunique() == 2:
        # A two-option question's rows test each pair once: its Yes and No tests are one
        # hypothesis, one member of the family (counted twice, a pair lost its letter).
        pairs = pd.factorize(pd.MultiIndex.from_arrays([frame["group"], frame["versus"]]))[0]
        adjusted[tested] = adjust_once(p_values, pairs[tested], method=adjust)
    else:
        adjusted[tested] = adjust_p_values(p_values, method=adjust)
    frame["p_adjusted"] = adjusted
    frame["significant"] = frame["p_adjusted"] < 1 - level
    frame["small_base"] = frame["small_base"].astype(bool)
    for column in ("count", "base", "count_versus", "base_versus"):
        values = frame[column].to_numpy(dtype=float)
        if np.all(np.mod(values, 1) == 0):
            frame[column] = values.astype(np.int64)
    overall, ordinal_test = _association(
        table, sides, ordinal=ordinal, ordered_groups=ordered_groups, dont_know=dont_know
    )
    notes = _notes(table, sides, frame, against=against)
    return GroupComparison(
        table=table,
        comparisons=frame,
        overall=overall,
        ordinal=ordinal_test,
        letters=_letters(frame, sides) if against == "pairs" else None,
        against=against,
        adjust=adjust,
        level=level,
        groups=sides.groups,
        total=sides.total,
        effective_bases=effective_bases,
        notes=notes,
    )


def _check_waves_of_a_panel(table: Table, *, designed: bool = False) -> None:
    """Refuse a trend table whose waves share organisations: they are not independent.

    :func:`tracktr.waves.trend` marks such a table ``overlapping_columns`` and notes that
    its columns are waves; their tests as independent groups gave p = 0.11 where the
    overlapping-samples test of :func:`tracktr.waves.change` gives 0.025.
    """
    waves = any(
        "waves as columns" in note.casefold() or "each wave split by" in note
        for note in table.extra_notes
    )
    # A table of pooled rows by="wave" (tt.frequencies, tt.multi_response) says so in a
    # note; compare_table(design=...) checks the organisations against the design itself.
    noted = not designed and any(n.endswith(SHARED_WAVES_WORDS) for n in table.extra_notes)
    if not designed and any(n.endswith(REPEATED_WORDS) for n in table.extra_notes):
        _refuse_repeated_organisations(table)
    if not ((table.overlapping_columns and waves) or noted):
        return
    says = "its note says so" if noted else "tt.waves.trend() says so in `overlapping_columns`"
    msg = (
        f"table {table.question!r}: its columns {list(table.counts.columns)} are waves that "
        f"share organisations ({says}): an "
        "organisation that answered two waves is in both columns, so they are not "
        "independent groups, and compare_table()'s tests would misstate the change."
    )
    hint = (
        "Hint: compare waves with tt.waves.change(pooled, question, option) (or "
        "tt.waves.changes()), which pairs the organisations in both waves."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _refuse_repeated_organisations(table: Table) -> None:
    """Refuse a table of pooled rows whose columns count organisations once per wave.

    A breakdown an organisation keeps from wave to wave (its region) puts both its rows
    in one column: tested as independent respondents, its two answers, which go
    together, would make the columns' differences look surer than they are.
    """
    msg = (
        f"table {table.question!r}: its columns {list(table.counts.columns)} count "
        "organisations that answered more than one wave once per wave (its note says so), "
        "so their respondents are not independent, and compare_table()'s tests assume "
        "they are."
    )
    hint = (
        "Hint: compare the groups within one wave (tabulate pooled.wave(name)), or pass "
        "design=tt.Design(clusters=<the id column>) with data= and by=, which counts an "
        "organisation's rows together."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _notes(table: Table, sides: _Sides, frame: pd.DataFrame, *, against: str) -> tuple[str, ...]:
    """Return the notes of a comparison: the sides', the groups', then untested options."""
    notes = [*sides.notes, *group_notes(table, sides)]
    if table.partition and len(sides.groups) >= 2 and (unshown(sides) > 0).any():
        notes.append(
            "The overall test counts the respondents in no option shown (each group's base "
            "less its counts) as a category of their own."
        )
    none = frame["test"] == "none"
    count, versus = frame["count"].astype(float), frame["count_versus"].astype(float)
    base, base_versus = frame["base"].astype(float), frame["base_versus"].astype(float)
    # A margin of the 2x2 table is 0 in the counts, or only once weighted counts are
    # rounded to the whole numbers Fisher's test takes: the notes say which.
    plain = ((count == 0) & (versus == 0)) | ((count == base) & (versus == base_versus))
    untested = list(dict.fromkeys(frame.loc[none & plain, "option"]))
    rounded = [o for o in dict.fromkeys(frame.loc[none & ~plain, "option"]) if o not in untested]
    if untested:
        notes.append(
            f"No test possible for {untested}: nobody, or everybody, on both sides of a "
            "comparison gave the option (a margin of its 2x2 table is 0), so the data "
            "cannot show a difference; those rows read test 'none' and p = 1, and are not "
            "counted in the adjustment for multiple comparisons."
        )
    if rounded:
        notes.append(
            f"No test possible for {rounded}: their effective counts round to a 2x2 table "
            "with a margin of 0 for Fisher's exact test (too few respondents, weighted), so "
            "those rows read test 'none' and p = 1, and are not counted in the adjustment "
            "for multiple comparisons."
        )
    if against == "total":
        notes.append(
            "Each group is part of the total: it was tested against the rest of the sample, "
            "and its difference from the total derived from that comparison."
        )
    return tuple(notes)

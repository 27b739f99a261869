"""Every option of a question compared between groups: tables, letters and notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tracktr.compare._checks import _check_columns, _check_total_contains_groups
from tracktr.compare._intervals import _check_level, _fmt_count, _fpc, _level_text
from tracktr.compare._tests import AssociationTest, _chi2_test, _ordinal_test, adjust_p_values
from tracktr.compare._two import _compare
from tracktr.exceptions import InvalidOptionError
from tracktr.missing import is_dont_know
from tracktr.rounding import format_percent
from tracktr.table import Table
from tracktr.typing import CompareAgainst, PAdjustMethod, ProportionTest, RoundingRule, check_choice

if TYPE_CHECKING:
    from tracktr.design import Design

_COMPARISON_COLUMNS = [
    "option",
    "group",
    "versus",
    "count",
    "base",
    "proportion",
    "count_versus",
    "base_versus",
    "proportion_versus",
    "difference",
    "ci_low",
    "ci_high",
    "relative_risk",
    "test",
    "p_value",
    "p_adjusted",
    "significant",
    "small_base",
]


@dataclass(frozen=True, slots=True)
class GroupComparison:
    """Every option of a question compared between groups, from :func:`compare_table`.

    Attributes
    ----------
    table : Table
        The tabulation compared.
    comparisons : pandas.DataFrame
        One row per option and pair compared: ``option``, ``group``, ``versus``, counts,
        bases and proportions of both sides, ``difference`` with ``ci_low`` and
        ``ci_high``, ``relative_risk``, the ``test`` and its ``p_value``,
        ``p_adjusted`` (for the number of rows), ``significant`` (``p_adjusted`` below
        ``1 - level``) and ``small_base``.
    overall : AssociationTest or None
        Chi-square test of the whole table with Cramér's V; None for multi-response
        questions, which are not a partition.
    ordinal : AssociationTest or None
        A test that uses the order of the options, for ordinal questions.
    letters : pandas.DataFrame or None
        Column-proportion letters (``against="pairs"``): for each option and group, the
        letters of the groups whose proportion it significantly exceeds.
    against : CompareAgainst
        ``"pairs"``, ``"rest"`` or ``"total"``.
    adjust : PAdjustMethod
        The p-value adjustment.
    level : float
        The confidence level.
    groups : tuple
        The groups compared, in column order.
    total : object or None
        The label of the column holding the whole sample, if any.
    effective_bases : pandas.Series or None
        Kish effective bases of weighted tables.
    notes : tuple of str
        Caveats: small bases, weights, the overlap of a subgroup with the total.
    design : tracktr.Design or None
        The survey design of a design-based comparison (``compare_table(design=...)``):
        then ``test`` is ``"design t"`` and ``overall`` the Rao–Scott F test.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
    ...     bases=pd.Series({"A": 40, "B": 40}),
    ... )
    >>> result = tt.compare_table(table)
    >>> result.display().loc["Yes"].tolist()
    ['75% B', '38%']
    """

    table: Table
    comparisons: pd.DataFrame
    overall: AssociationTest | None
    ordinal: AssociationTest | None
    letters: pd.DataFrame | None
    against: CompareAgainst
    adjust: PAdjustMethod
    level: float
    groups: tuple[Any, ...]
    total: Any = None
    effective_bases: pd.Series | None = None
    notes: tuple[str, ...] = field(default=())
    design: Design | None = None

    def __repr__(self) -> str:
        significant = int(self.comparisons["significant"].sum())
        overall = f"; overall {self.overall!r}" if self.overall is not None else ""
        return (
            f"GroupComparison({self.table.question or 'table'}: {len(self.groups)} group(s) "
            f"against {self.against}, {len(self.comparisons)} comparisons, {significant} "
            f"significant at {_level_text(self.level)} after {self.adjust}{overall})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the comparisons, one row per option and pair (a copy).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> table = tt.Table(
        ...     counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
        ...     bases=pd.Series({"A": 40, "B": 40}),
        ... )
        >>> frame = tt.compare_table(table).to_frame()
        >>> frame[["option", "group", "versus", "difference"]]
          option group versus  difference
        0    Yes     A      B       0.375
        1     No     A      B      -0.375
        """
        return self.comparisons.copy()

    def display(
        self, *, rule: RoundingRule | None = None, decimals: int | None = None
    ) -> pd.DataFrame:
        """Return the table as printed: percentages with significance marks, and bases.

        With ``against="pairs"`` each group is given a letter (A, B, ...) and a cell shows
        the letters of the groups whose proportion it significantly exceeds, as market
        research tables print them. With ``"rest"`` or ``"total"`` a cell is marked
        ``▲`` (significantly higher) or ``▼`` (lower).

        Parameters
        ----------
        rule, decimals
            The rounding of the percentages; default the table's.

        Returns
        -------
        pandas.DataFrame
            Strings: one row per option and a last row ``"Base"``.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> table = tt.Table(
        ...     counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
        ...     bases=pd.Series({"A": 40, "B": 40}),
        ... )
        >>> tt.compare_table(table).display()
                A (A)    B (B)
        Yes     75% B      38%
        No        25%    63% A
        Base       40       40
        """
        decimals = self.table.decimals if decimals is None else decimals
        percent = self.table.percentages(rule=rule, decimals=decimals)
        columns = [*self.groups, *([self.total] if self.total is not None else [])]
        marks = self._marks()
        out: dict[str, list[str]] = {}
        for column in columns:
            cells = []
            for option in self.table.counts.index:
                value = percent.loc[option, column]
                text = "n/a" if pd.isna(value) else format_percent(float(value), decimals=decimals)
                mark = marks.get((option, column), "")
                cells.append(f"{text} {mark}" if mark else text)
            base = _fmt_count(float(self.table.bases[column]))
            if self.table.unweighted_bases is not None:
                base += f" (n={_fmt_count(float(self.table.unweighted_bases[column]))})"
            cells.append(base)
            out[self._header(column)] = cells
        return pd.DataFrame(out, index=pd.Index([*self.table.counts.index, "Base"]))

    def publication_layout(self) -> Any:
        """Return the comparison as every writer shows it: percentages with their letters.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"g": ["a"] * 20 + ["b"] * 20,
        ...                    "q": ["Yes"] * 18 + ["No"] * 2 + ["Yes"] * 4 + ["No"] * 16})
        >>> layout = tt.compare_groups(df, "q", "g").publication_layout()
        >>> layout.columns
        ('a (A)', 'b (B)', 'All')
        """
        from tracktr.io._layout import comparison_layout

        return comparison_layout(self)

    def _header(self, column: Any) -> str:
        if self.against == "pairs" and column in self.groups:
            return f"{column} ({_letter(self.groups.index(column))})"
        return str(column)

    def _marks(self) -> dict[tuple[Any, Any], str]:
        if self.letters is not None:
            return {
                (option, group): str(self.letters.loc[option, group])
                for option in self.letters.index
                for group in self.letters.columns
                if self.letters.loc[option, group]
            }
        marks: dict[tuple[Any, Any], str] = {}
        for row in self.comparisons.to_dict("records"):
            if row["significant"]:
                mark = "▲" if float(row["difference"]) > 0 else "▼"
                marks[(row["option"], row["group"])] = mark
        return marks

    def _repr_html_(self) -> str:
        return str(self.display().to_html())


def _letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _find_total(table: Table, total: Any) -> Any:
    columns = list(table.counts.columns)
    if total is False:
        return None
    if total is None or total is True:
        for name in ("All", "Total"):
            if name in columns:
                return name
        return None
    if total not in columns:
        msg = f"`total` names column {total!r}, which is not in the table's columns {columns}."
        raise InvalidOptionError(f"{msg}\n\nHint: pass the label of the whole-sample column.")
    return total


@dataclass(frozen=True, slots=True)
class _Sides:
    """A table read for comparison: groups, the whole sample, effective-base scales."""

    counts: pd.DataFrame
    bases: pd.Series
    scale: pd.Series
    groups: tuple[Any, ...]
    total: Any
    whole_counts: pd.Series
    whole_base: float
    whole_name: Any
    whole_scale: float
    fpc: float
    notes: tuple[str, ...]
    respondents: pd.Series  # unweighted: small bases are judged on organisations
    whole_respondents: float


def _sides(
    table: Table, total: Any, effective_bases: pd.Series | None, population: int | None
) -> _Sides:
    total_label = _find_total(table, total)
    groups = tuple(c for c in table.counts.columns if c != total_label)
    notes: list[str] = []
    counts = table.counts.astype(float)
    bases = table.bases.astype(float)
    scale = pd.Series(1.0, index=table.counts.columns)
    if effective_bases is not None:
        scale = (effective_bases.reindex(table.counts.columns).astype(float) / bases).fillna(1.0)
        notes.append(
            "Weighted: intervals and tests use Kish effective bases (design=tt.Design(...) "
            "gives design-based tests)."
        )
    elif table.unweighted_bases is not None:
        scale = table.unweighted_bases.astype(float) / bases
        notes.append(
            "Weighted table without effective bases: the unweighted bases were used, which "
            "ignores the design effect of the weights; compare_groups(weights=...) applies "
            "the Kish effective base."
        )
    scale = scale.where(bases > 0, 1.0)
    if total_label is None:
        whole_counts = counts.loc[:, list(groups)].sum(axis=1)
        whole_base = float(bases[list(groups)].sum())
        whole_scale = float((bases * scale)[list(groups)].sum() / whole_base) if whole_base else 1.0
        whole_name: Any = "total"
    else:
        whole_counts = counts[total_label]
        whole_base = float(bases[total_label])
        whole_scale = float(scale[total_label])
        whole_name = total_label
    respondents = whole_base
    if table.unweighted_bases is not None:
        unweighted = table.unweighted_bases.astype(float)
        respondents = float(
            unweighted[total_label] if total_label is not None else unweighted[list(groups)].sum()
        )
    fpc = _fpc(respondents, population)
    if population is not None:
        notes.append(f"Finite population correction for a population of {population}.")
    return _Sides(
        counts,
        bases,
        scale,
        groups,
        total_label,
        whole_counts,
        whole_base,
        whole_name,
        whole_scale,
        fpc,
        tuple(notes),
        (table.unweighted_bases if table.unweighted_bases is not None else table.bases).astype(
            float
        ),
        respondents,
    )


def _comparison_rows(
    sides: _Sides,
    against: str,
    *,
    level: float,
    test: str | None,
    small_base: int,
    population: int | None,
) -> list[dict[str, Any]]:
    counts, bases, scale = sides.counts, sides.bases, sides.scale
    rows: list[dict[str, Any]] = []

    def add(option: Any, g: Any, versus: Any, x2: float, n2: float, *, nested: bool) -> None:
        # x2, n2: the other side as displayed (respondents); the test uses effective ones.
        s2 = sides.whole_scale if versus in (sides.whole_name, "rest") else float(scale[versus])
        # Small bases are judged on respondents, whatever the scale of the weights.
        if versus == "rest":
            respondents_versus = sides.whole_respondents - float(sides.respondents[g])
        elif versus == sides.whole_name:
            respondents_versus = sides.whole_respondents
        else:
            respondents_versus = float(sides.respondents[versus])
        result = _compare(
            float(counts.loc[option, g] * scale[g]),
            float(bases[g] * scale[g]),
            x2 * s2,
            n2 * s2,
            level=level,
            test=test,
            fpc=sides.fpc,
            nested=nested,
            labels=(str(g), str(versus)),
            small_base=small_base,
            population=population,
        )
        rows.append(
            {
                "option": option,
                "group": g,
                "versus": versus,
                "count": counts.loc[option, g],
                "base": bases[g],
                "proportion": counts.loc[option, g] / bases[g],
                "count_versus": x2,
                "base_versus": n2,
                "proportion_versus": x2 / n2,
                "difference": result.difference,
                "ci_low": result.difference_ci[0],
                "ci_high": result.difference_ci[1],
                "relative_risk": result.relative_risk,
                "test": result.test,
                "p_value": result.p_value,
                "small_base": bool(
                    sides.respondents[g] < small_base or respondents_versus < small_base
                ),
            }
        )

    for option in counts.index:
        for i, g in enumerate(sides.groups):
            if bases[g] == 0:
                continue
            if against == "pairs":
                for h in sides.groups[i + 1 :]:
                    if bases[h] > 0:
                        add(option, g, h, counts.loc[option, h], bases[h], nested=False)
                continue
            rest_count = float(sides.whole_counts[option] - counts.loc[option, g])
            rest_base = sides.whole_base - float(bases[g])
            if rest_base <= 0:
                continue
            if against == "rest":
                add(option, g, "rest", rest_count, rest_base, nested=False)
            else:
                whole = float(sides.whole_counts[option])
                add(option, g, sides.whole_name, whole, sides.whole_base, nested=True)
    return rows


def _letters(frame: pd.DataFrame, sides: _Sides) -> pd.DataFrame:
    letters = pd.DataFrame("", index=sides.counts.index, columns=pd.Index(list(sides.groups)))
    marks: dict[tuple[Any, Any], str] = {}
    for row in frame.to_dict("records"):
        if row["significant"]:
            higher, lower = row["group"], row["versus"]
            if float(row["difference"]) < 0:
                higher, lower = lower, higher
            key = (row["option"], higher)
            marks[key] = marks.get(key, "") + _letter(sides.groups.index(lower))
    for (option, group), text in marks.items():
        letters.loc[option, group] = "".join(sorted(text))
    return letters


def _association(
    table: Table,
    sides: _Sides,
    *,
    ordinal: bool,
    ordered_groups: bool,
    dont_know: Sequence[str],
) -> tuple[AssociationTest | None, AssociationTest | None]:
    counts, scale = sides.counts, sides.scale
    if len(sides.groups) >= 2:
        columns = [counts[g] * scale[g] for g in sides.groups]
    else:  # one group and the whole sample: the group against the rest
        g = sides.groups[0]
        rest = (sides.whole_counts - counts[g]).clip(lower=0) * sides.whole_scale
        columns = [counts[g] * scale[g], rest]
    matrix = np.column_stack([c.to_numpy(dtype=float) for c in columns])
    overall = _chi2_test(matrix, sides.fpc) if table.partition else None
    ordinal_test = None
    if ordinal:
        keep = np.array([not is_dont_know(option, dont_know) for option in counts.index])
        ordinal_test = _ordinal_test(matrix[keep], ordered_groups=ordered_groups)
    return overall, ordinal_test


def _check_comparable(table: Table) -> None:
    """Refuse tables whose columns are not groups of one question's respondents."""
    if table.percent_axis != "columns" or table.kind == "grid":
        msg = (
            f"compare_table() compares the columns (groups) of a table of one question; "
            f"table {table.question!r} is a {table.kind} table with {table.percent_axis} "
            "percentages."
        )
        hint = "Hint: tabulate one question by group, e.g. tt.frequencies(df, q, by=group)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if table.kind == "multi" and table.partition:
        msg = (
            f"table {table.question!r} holds shares of all answers given (ticks), not of "
            "respondents; ticks by one respondent are not independent, so they cannot be "
            "tested as if each were a respondent."
        )
        hint = "Hint: tabulate with percent_of='respondents' (the default) to compare groups."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if isinstance(table.counts.columns, pd.MultiIndex):
        msg = (
            f"table {table.question!r} sets several banners side by side; groups are "
            "compared within one banner."
        )
        hint = "Hint: compare each banner's table: tt.banners.split_banners(table)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")


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
    by: str | None = None,
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
        The column holding the whole sample. By default a column named ``"All"`` or
        ``"Total"`` (as :func:`tracktr.frequencies` adds); ``False`` for none, in which case
        the whole sample is the sum of the groups.
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
        Kish effective bases of a weighted table, by column; :func:`compare_groups`
        computes them from the weights.
    test : {"fisher", "chi2", "chi2_yates"}, optional
        Force the two-group test; see :func:`compare_proportions`.
    design : tracktr.Design, optional
        A survey design (weights, strata, clusters, fpc): every difference is then tested
        with its design-based variance (a t test on the design's degrees of freedom less
        one, R ``svyttest``; a group against the total includes their covariance), the
        whole table with the Rao–Scott second-order F test (R ``svychisq``), and the notes
        say so. Needs `data` and `by`; excludes `effective_bases`, `population` and `test`.
    data : pandas.DataFrame, optional
        With `design`: the rows the table was tabulated from (with the design's weights);
        they must give the table's bases.
    by : str, optional
        With `design`: the column of `data` whose groups are the table's columns.
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
        respondents; with a `design`, if `data` or `by` is missing or an option the design
        replaces is given.
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
    source = table
    if nets is not None:
        from tracktr.compare._design import nets_of

        table = nets_of(table, nets, design=design, data=data, by=by, survey=survey,
                         columns=columns)  # fmt: skip
    if design is not None:
        from tracktr.compare._design import check_design_options

        check_design_options(
            effective_bases=effective_bases, population=population, test=test, data=data, by=by
        )
    sides = _sides(table, total, effective_bases, population)
    _check_total_contains_groups(table, sides)
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
    if design is not None:
        from tracktr.compare._design import design_ordinal, design_table

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
    frame["p_adjusted"] = adjust_p_values(frame["p_value"].to_numpy(dtype=float), method=adjust)
    frame["significant"] = frame["p_adjusted"] < 1 - level
    frame["small_base"] = frame["small_base"].astype(bool)
    for column in ("count", "base", "count_versus", "base_versus"):
        values = frame[column].to_numpy(dtype=float)
        if np.all(np.mod(values, 1) == 0):
            frame[column] = values.astype(np.int64)
    overall, ordinal_test = _association(
        table, sides, ordinal=ordinal, ordered_groups=ordered_groups, dont_know=dont_know
    )
    notes = list(sides.notes)
    if empty:
        notes.append(f"The base of {empty} is 0: left out of the comparisons.")
    if not table.partition:
        notes.append(
            "Multi-response: the options are not a partition, so there is no overall test; "
            "each option is compared separately."
        )
    small = [g for g in sides.groups if 0 < sides.respondents[g] < table.small_base]
    if small:
        listed = ", ".join(f"{g} (n={_fmt_count(float(sides.respondents[g]))})" for g in small)
        notes.append(f"Small base: care is needed with {listed}.")
    if against == "total":
        notes.append(
            "Each group is part of the total: it was tested against the rest of the sample, "
            "and its difference from the total derived from that comparison."
        )
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
        notes=tuple(notes),
    )

"""Every option of a question compared between groups: tables, letters and notes."""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._text import a_kind, level_text
from tracktr.compare._intervals import _fmt_count, _fpc
from tracktr.compare._tests import AssociationTest, _chi2_test, _ordinal_test
from tracktr.compare._two import _compare
from tracktr.exceptions import InvalidOptionError
from tracktr.missing import is_dont_know
from tracktr.rounding import format_percent
from tracktr.table import Table
from tracktr.typing import CompareAgainst, PAdjustMethod, RoundingRule

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
    """Every option of a question compared between groups, from :func:`~tracktr.compare_table`.

    Attributes
    ----------
    table : Table
        The tabulation compared.
    comparisons : pandas.DataFrame
        One row per option and pair compared: ``option``, ``group``, ``versus``, counts,
        bases and proportions of both sides, ``difference`` with ``ci_low`` and
        ``ci_high``, ``relative_risk``, the ``test`` and its ``p_value`` (``"none"``
        and 1 where no test is possible: nobody, or everybody, on both sides gave the
        option),
        ``p_adjusted`` (for the number of rows), ``significant`` (``p_adjusted`` below
        ``1 - level``) and ``small_base``.
    overall : AssociationTest or None
        Chi-square test of the whole table with Cramér's V; None for multi-response
        questions, which are not a partition.
    ordinal : AssociationTest or None
        A test that uses the order of the options, for ordinal questions.
    letters : pandas.DataFrame or None
        Column-proportion letters (``against="pairs"``): for each option and group, the
        letters of the groups whose proportion it significantly exceeds, in the groups'
        order and separated by spaces (``"C AB"``: past 26 groups a code has two letters).
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
            f"significant at {level_text(self.level)} after {self.adjust}{overall})"
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
                text = _percent_text(
                    percent.loc[option, column],
                    float(self.table.counts.loc[option, column]),
                    float(self.table.bases[column]),
                    decimals=decimals,
                )
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


def _percent_text(rounded: Any, count: float, base: float, *, decimals: int) -> str:
    """Write a rounded percentage, as ``"<1%"`` or ``">99%"`` where the exact share is not 0 or 100.

    The rounded value alone has lost whether anyone is behind a 0 (or anyone missing from
    a 100); the counts still know, and a printed "0%" would tell the reader nobody.
    """
    if pd.isna(rounded):
        return "n/a"
    # A share that rounds to 0 (or 100) under every rule lets format_percent write its
    # own marker, so the marker follows its conventions at every number of decimals.
    tiny = Fraction(1, 10 ** (decimals + 2))
    if float(rounded) == 0 and count > 0:
        return format_percent(tiny, decimals=decimals)
    if float(rounded) == 100 and count < base:
        return format_percent(100 - tiny, decimals=decimals)
    return format_percent(float(rounded), decimals=decimals)


def _letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


_TOTAL = "All"
"""The label of the whole-sample column that tracktr's tabulations add (``by=``, ``total=True``)."""


class _Other(enum.Enum):
    """The other side of a comparison when it is no group: the rest, or the whole sample.

    Enum members equal only themselves, so no group label (not even "rest" or "total")
    can be taken for one of them.
    """

    REST = enum.auto()
    WHOLE = enum.auto()


def _find_total(table: Table, total: Any) -> Any:
    columns = list(table.counts.columns)
    if total is False:
        return None
    if total is None or total is True:
        # Only tracktr's own total column: tabulating refuses a group labelled "All",
        # while "Total" is a plausible group (e.g. of funding) and is never guessed.
        if _TOTAL in columns:
            return _TOTAL
        _refuse_unnamed_total(table)
        return None
    if total not in columns:
        msg = f"`total` names column {total!r}, which is not in the table's columns {columns}."
        raise InvalidOptionError(f"{msg}\n\nHint: pass the label of the whole-sample column.")
    return total


def _refuse_unnamed_total(table: Table) -> None:
    """Refuse a column that is the sum of the others, unless `total` says what it is.

    A hand-typed "Total" beside its groups was tested as a group of its own: each group
    against a whole that holds it (p = 0.235 for 8 of 10 against 10 of 20, where the rest
    is 2 of 10), and against the rest as if the total were more respondents.
    """
    columns = list(table.counts.columns)
    if len(columns) < 3:
        return
    counts = table.counts.to_numpy(dtype=float)
    bases = table.bases.reindex(columns).to_numpy(dtype=float)
    everything = counts.sum(axis=1)
    for j, column in enumerate(columns):
        others = np.delete(bases, j)
        if bases[j] <= 0 or (others > 0).sum() < 2:  # a sum of at least two groups
            continue
        rest_counts = everything - counts[:, j]
        rest_base = others.sum()
        if np.allclose(counts[:, j], rest_counts, rtol=1e-9, atol=0) and np.isclose(
            bases[j], rest_base, rtol=1e-9, atol=0
        ):
            msg = (
                f"column {column!r} of table {table.question!r} holds the sum of the other "
                "columns in every cell and base: it is their total, and compared as a group it "
                "would be tested against the groups it holds."
            )
            hint = (
                f"Hint: pass total={column!r} to compare each group with it, or total=False "
                "to compare it as a group all the same."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")


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
    kish: bool = False  # the scales come from Kish effective bases


def _rest_scale(sides: _Sides, group: Any) -> float:
    """Return the effective base per displayed base of the rest of the whole beside `group`.

    With Kish bases the rest's is its own, ``(sum w)**2 / sum(w**2)`` over the rest's
    weights, read from the table alone: a column's ``sum(w**2)`` is ``base**2 /
    effective base``, so the rest's is the whole's less the group's. The whole's scale
    applied to the rest (or the whole's effective base less the group's, which can be
    negative) misstates it whenever the groups' weights differ. Without Kish bases the
    rest's is its respondents, the whole's less the group's.
    """
    rest_base = sides.whole_base - float(sides.bases[group])
    if not sides.kish:
        rest = sides.whole_respondents - float(sides.respondents[group])
        return rest / rest_base
    base_g = float(sides.bases[group])
    squares = sides.whole_base / sides.whole_scale - base_g / float(sides.scale[group])
    effective = rest_base**2 / squares if squares > 0 else math.inf
    respondents = sides.whole_respondents - float(sides.respondents[group])
    slack = 1e-9  # relative: float sums of weights
    if not 1 - slack <= effective <= respondents * (1 + slack):
        msg = (
            f"the effective bases of {sides.whole_name!r} and {group!r} cannot come from one "
            f"set of weights: the rest of the sample beside {group!r} (base "
            f"{_fmt_count(rest_base)}, {_fmt_count(respondents)} respondents) would have a "
            f"Kish effective base of {effective:g}, outside 1 to its respondents (a column's "
            "sum of squared weights is base**2 / effective base, and the rest's is the "
            "whole's less the group's)."
        )
        hint = (
            "Hint: pass the Kish effective bases of the table's own respondents, as "
            "tt.frequencies(..., weights=...) stores them in table.effective_bases."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return min(effective, respondents) / rest_base


def _sides(
    table: Table, total: Any, effective_bases: pd.Series | None, population: int | None
) -> _Sides:
    total_label = _find_total(table, total)
    groups = tuple(c for c in table.counts.columns if c != total_label)
    notes: list[str] = []
    counts = table.counts.astype(float)
    bases = table.bases.astype(float)
    scale = pd.Series(1.0, index=table.counts.columns)
    if effective_bases is None:
        # A weighted table carries its Kish effective bases: weighted counts are never
        # taken for respondents (nor the unweighted bases for the weights' precision).
        effective_bases = table.effective_bases
    kish = effective_bases is not None
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
        whole_counts = counts.reindex(columns=list(groups)).sum(axis=1)
        whole_base = float(bases.reindex(list(groups)).sum())
        whole_scale = (
            float((bases * scale).reindex(list(groups)).sum() / whole_base) if whole_base else 1.0
        )
        whole_name: Any = "total"  # shown in `versus`; only _Other.WHOLE is compared
    else:
        whole_counts = counts[total_label]
        whole_base = float(bases[total_label])
        whole_scale = float(scale[total_label])
        whole_name = total_label
    respondents = whole_base
    if table.unweighted_bases is not None:
        unweighted = table.unweighted_bases.astype(float)
        respondents = float(
            unweighted[total_label]
            if total_label is not None
            else unweighted.reindex(list(groups)).sum()
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
        kish=kish,
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

    def add(option: Any, g: Any, other: Any, x2: float, n2: float, *, nested: bool) -> None:
        # x2, n2: the other side as displayed (respondents); the test uses effective ones.
        # Small bases are judged on respondents, whatever the scale of the weights.
        rest = None
        if other is _Other.REST:
            versus: Any = "rest"
            s2 = _rest_scale(sides, g)
            respondents_versus = sides.whole_respondents - float(sides.respondents[g])
        elif other is _Other.WHOLE:
            versus, s2 = sides.whole_name, sides.whole_scale
            respondents_versus = sides.whole_respondents
            # Tested against the rest on the rest's own effective base (see _rest_scale).
            rest_count = x2 - float(counts.loc[option, g])
            rest_base = n2 - float(bases[g])
            sr = _rest_scale(sides, g)
            rest_effective = rest_base * sr
            rest = (
                min(max(rest_count * sr, 0.0), rest_effective),
                rest_effective,
                rest_base / n2,
            )
        else:
            versus, s2 = other, float(scale[other])
            respondents_versus = float(sides.respondents[other])
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
            rest=rest,
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
                "test": result.test if result.testable else "none",
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
                add(option, g, _Other.REST, rest_count, rest_base, nested=False)
            else:
                whole = float(sides.whole_counts[option])
                add(option, g, _Other.WHOLE, whole, sides.whole_base, nested=True)
    return rows


def group_notes(table: Table, sides: _Sides) -> list[str]:
    """Return the notes on the groups that every comparison of `table` prints.

    Groups of base 0 left out of the comparisons, a multi-response table's missing overall
    test, and small bases: the same with tests on counts and under a design.
    """
    notes = []
    empty = [g for g in sides.groups if not sides.bases[g] > 0]
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
    return notes


def _letters(frame: pd.DataFrame, sides: _Sides) -> pd.DataFrame:
    letters = pd.DataFrame("", index=sides.counts.index, columns=pd.Index(list(sides.groups)))
    lowers: dict[tuple[Any, Any], list[int]] = {}
    for row in frame.to_dict("records"):
        if row["significant"]:
            higher, lower = row["group"], row["versus"]
            if float(row["difference"]) < 0:
                higher, lower = lower, higher
            lowers.setdefault((row["option"], higher), []).append(sides.groups.index(lower))
    # Codes apart, in the groups' order, as the tab book writes them: past 26 groups a
    # code has two letters, and "C" + "AB" run together (or sorted by character, "ABC")
    # reads as other groups.
    for (option, group), positions in lowers.items():
        letters.loc[option, group] = " ".join(_letter(k) for k in sorted(positions))
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
        rest = (sides.whole_counts - counts[g]).clip(lower=0) * _rest_scale(sides, g)
        columns = [counts[g] * scale[g], rest]
    matrix = np.column_stack([c.to_numpy(dtype=float) for c in columns])
    overall = _chi2_test(_with_unshown(matrix, sides), sides.fpc) if table.partition else None
    ordinal_test = None
    if ordinal:
        keep = np.array([not is_dont_know(option, dont_know) for option in counts.index])
        ordinal_test = _ordinal_test(matrix[keep], ordered_groups=ordered_groups)
    return overall, ordinal_test


def unshown(sides: _Sides) -> pd.Series:
    """Return each group's respondents in no option shown: its base less its counts.

    A partition printed without some of its options (Table 1 leaves out "neither") still
    splits its base; the overall test counts those respondents as a category of their own.
    """
    # By label (reindex): groups True and False would read as a mask of rows.
    groups = list(sides.groups)
    shown = sides.counts.reindex(columns=groups).sum(axis=0).to_numpy(dtype=float)
    bases = sides.bases.reindex(groups).to_numpy(dtype=float)
    left = bases - shown
    return pd.Series(np.where(left > 1e-9 * np.maximum(np.abs(bases), 1), left, 0.0), index=groups)


def _with_unshown(matrix: npt.NDArray[np.float64], sides: _Sides) -> npt.NDArray[np.float64]:
    """Add the respondents in no option shown as a row of the overall test's table.

    Before, the chi-square of A = 3, 3 of 10 and B = 5, 5 of 10 was 0 (p = 1): A's 4
    respondents in no option shown were dropped, while each pairwise test kept them in
    the base. With them as a category: 5.0 on 2 degrees of freedom, p = 0.082.
    """
    if len(sides.groups) < 2:
        return matrix  # the group against the rest: the rest's base is not printed
    left = unshown(sides)
    if not (left > 0).any():
        return matrix
    scale = sides.scale.reindex(list(sides.groups)).to_numpy(dtype=float)
    row = left.to_numpy(dtype=float) * scale
    return np.vstack([matrix, row])


def _check_comparable(table: Table) -> None:
    """Refuse tables whose columns are not groups of one question's respondents."""
    if table.percent_axis != "columns" or table.kind == "grid":
        msg = (
            f"compare_table() compares the columns (groups) of a table of one question; "
            f"table {table.question!r} is {a_kind(table.kind)} table with {table.percent_axis} "
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
    # pandas reads a tuple as a key of several levels: groups or options labelled so
    # would be looked up as something else (a KeyError from deep inside the comparison).
    odd = [
        label for label in [*table.counts.columns, *table.counts.index] if isinstance(label, tuple)
    ]
    if odd:
        msg = (
            f"table {table.question!r}: the groups or options {odd[:5]} are tuples, which "
            "cannot label the groups and options compared."
        )
        hint = "Hint: label them as text first, e.g. data[by].astype(str)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")

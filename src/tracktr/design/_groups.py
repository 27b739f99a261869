"""Every option of a question compared between groups, under a design.

The design-based counterpart of :func:`tracktr.compare_groups`: each pair of groups'
shares of each option differ by :func:`tracktr.design.difference` (a t test with the
design-based variance of the difference on the pair's degrees of freedom, R ``svyttest``
on the design subset to the pair), p-values are adjusted for the number of comparisons (a
two-option question's two rows are one test of a pair, counted once), and the whole table
is tested with the Rao–Scott F test (:func:`tracktr.design.chisq`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._engine import reads_rows
from tracktr.compare._intervals import _check_level
from tracktr.design._design import Design
from tracktr.design._estimates import (
    _groups,
    _option_codes,
    _require,
    _resolve,
    no_group_notes,
)
from tracktr.design._nested import nested_by
from tracktr.design._tests import DesignTest, _two_domains, chisq
from tracktr.exceptions import InvalidOptionError
from tracktr.table import DEFAULT_SMALL_BASE
from tracktr.typing import PAdjustMethod, check_choice

__all__ = ["DesignGroupComparison", "compare_groups"]


@dataclass(frozen=True, slots=True, repr=False)
class DesignGroupComparison:
    """Every option of a question compared between every pair of groups, under a design.

    Attributes
    ----------
    question, by : str
    comparisons : pandas.DataFrame
        One row per option and pair: ``option``, ``group``, ``versus``, ``estimate``,
        ``estimate_versus``, ``difference`` (group less versus), ``se``, ``ci_low``,
        ``ci_high``, ``statistic``, ``df``, ``p_value``, ``n`` and ``n_versus``
        (respondents who answered in each group), ``small_base`` (either below
        ``DEFAULT_SMALL_BASE`` (30); a linearised standard error is unreliable
        there, and zero for a group of one), ``p_adjusted`` and ``significant``.
    overall : DesignTest or None
        The Rao–Scott F test of the whole table (None with fewer than two options).
    adjust : str
    level : float
    design : Design
    notes : tuple of str

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["Yes", "No"] * 6, "g": ["a"] * 4 + ["b"] * 4 + ["c"] * 4})
    >>> tt.design.compare_groups(df, "q", "g").comparisons[["option", "group", "versus"]].head(2)
      option group versus
    0     No     b      a
    1     No     c      a
    """

    question: str
    by: str
    comparisons: pd.DataFrame
    overall: DesignTest | None
    adjust: str
    level: float
    design: Design
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        significant = int(self.comparisons["significant"].sum())
        return (
            f"DesignGroupComparison({self.question!r} by {self.by!r}: "
            f"{len(self.comparisons)} comparisons, {significant} significant after "
            f"{self.adjust}; {self.design.describe()})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the comparisons (a copy).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"q": ["Yes", "No"] * 4, "g": ["a"] * 4 + ["b"] * 4})
        >>> len(tt.design.compare_groups(df, "q", "g").to_frame())
        2
        """
        return self.comparisons.copy()


@reads_rows
def compare_groups(
    data: pd.DataFrame,
    question: str,
    by: str | tuple[str, ...],
    /,
    *,
    design: Design | None = None,
    survey: Any = None,
    options: Any = None,
    adjust: PAdjustMethod = "holm",
    level: float = 0.95,
) -> DesignGroupComparison:
    """Compare every option of a single-choice question between groups, under a design.

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
    question : str
        A single-choice or ordinal column.
    by : str or tuple of str
        The column of groups (two or more), or the columns of a nested banner
        (``("region", "funder")``: groups "North / CRC", ...); each is a domain of the
        whole design. A group whose respondents all weigh 0 has no share: it is left
        out, with a note, and its rows stay in the design outside every domain.
    design : Design, optional
        Default: the codebook's ``[design]``, else unweighted.
    survey : Survey, optional
    options : sequence, optional
        The options, in order (default: the codebook's, else sorted).
    adjust : {"holm", "bh", "bonferroni", "none"}, default "holm"
        Adjustment of the p-values for the number of comparisons.
    level : float, default 0.95

    Returns
    -------
    DesignGroupComparison

    Raises
    ------
    tracktr.InvalidOptionError
        If `by` has fewer than two groups with weight, or the codebook declares `question`
        (or `by`) a tick-all-that-apply set (see :func:`tracktr.compare_table` with
        ``design=``);
        if rows of waves pooled with an id put an organisation in two groups in different
        primary sampling units (cluster the design on the id).

    See Also
    --------
    tracktr.compare_groups : the same for unweighted (or Kish-weighted) counts.

    Examples
    --------
    >>> import numpy as np
    >>> import tracktr as tt
    >>> data = tt.datasets.tracktr_2015()
    >>> weighted = data.assign(w=np.where(data["income"] == "Under £100,000", 3.0, 1.0))
    >>> result = tt.design.compare_groups(weighted, "footprint", "main_funding",
    ...                                   design=tt.Design(weights="w"))
    >>> result.overall.statistic_name, round(result.overall.p_value, 4)
    ('F', 0.0009)
    """
    from scipy import stats

    adjust = check_choice(adjust, PAdjustMethod, name="adjust")  # type: ignore[assignment]
    level = _check_level(level)
    design = _resolve(design, survey)
    data, by = nested_by(data, by, survey)  # ('region', 'funder') groups
    bound = design.bind(data)
    _require(data, [question, by], question, survey=survey, reads="compare_groups")
    order = list(options) if options is not None else []
    if survey is not None and options is None:
        order = list(survey.spec(question).options)
    codes, answered, labels = _option_codes(data[question], order, question)
    group, groups = _groups(data, by, survey)
    bound.refuse_split_organisations(data, by, function="compare_groups",
                                     rows=answered & (group >= 0))  # fmt: skip
    inside = answered & (group >= 0)
    sizes = np.bincount(group[inside], minlength=len(groups))
    weighed = np.bincount(group[inside], weights=bound.weights[inside], minlength=len(groups))
    # A group whose respondents all weigh 0 has no share (n/a in its table): it is left out
    # with a note, as a group nobody is in, where it used to stop the whole comparison.
    weightless = [g for k, g in enumerate(groups) if sizes[k] > 0 and not weighed[k] > 0]
    present = [g for k, g in enumerate(groups) if weighed[k] > 0]
    if len(present) < 2:
        msg = f"`{by}` splits those who answered {question!r} into {len(present)} group(s)"
        msg += f" with weight ({weightless} weigh 0)." if weightless else "."
        hint = "Hint: a comparison needs at least two groups with answers."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    pairs = list(itertools.combinations(present, 2))
    # Each pair on its own degrees of freedom, as R svyttest on the design subset to it.
    dofs = [_pair_dof(bound, answered, group, [groups.index(g) for g in pair]) for pair in pairs]
    records: list[dict[str, Any]] = []
    for k, option in enumerate(labels):
        hit = codes == k
        for index, (first, second) in enumerate(pairs):
            pair = (groups.index(first), groups.index(second))
            names = (by, (first, second), question)
            dof = dofs[index]
            quantile = float(stats.t.ppf(0.5 + level / 2, dof)) if dof > 0 else math.nan
            (p1, p2), diff, se = _two_domains(bound, answered, hit, group, pair, names)
            t_value = diff / se if se > 0 else math.nan
            p_value = (
                float(2 * stats.t.sf(abs(t_value), dof)) if math.isfinite(t_value) else math.nan
            )
            records.append({
                "option": option, "group": second, "versus": first, "estimate": p2,
                "estimate_versus": p1, "difference": p2 - p1, "se": se,
                "ci_low": p2 - p1 - quantile * se, "ci_high": p2 - p1 + quantile * se,
                "statistic": t_value, "df": dof,
                "p_value": p_value, "n": int(sizes[pair[1]]), "n_versus": int(sizes[pair[0]]),
                "small_base": min(sizes[pair[0]], sizes[pair[1]]) < DEFAULT_SMALL_BASE,
                # Two options split the answers: a pair's Yes and No tests are one hypothesis
                "hypothesis": index if len(labels) == 2 else len(records),
            })  # fmt: skip
    frame = _adjusted(pd.DataFrame.from_records(records), adjust, level)
    overall = None
    if len(labels) >= 2:
        # the weightless groups' rows stay in the design, outside every domain
        tested = data.assign(**{by: data[by].where(~data[by].isin(weightless))})
        overall = chisq(tested if weightless else data, question, by, design=design)
    notes: tuple[str, ...] = (
        f"Design: {design.describe()}.",
        (
            "Differences tested with design-based standard errors (t on each pair's "
            "PSUs less strata, less one, as R svyttest on the pair: "
            f"{_dof_text(dofs)} df); p-values adjusted by {adjust}"
            + ("; a pair's two rows are one test, counted once." if len(labels) == 2 else ".")
        ),
        (
            "The whole table is tested with the design-based Rao–Scott second-order F test "
            "(R svychisq's default)."
        ),
        *no_group_notes(data.index, answered, group, by),
        *_weightless_note(weightless, sizes[[groups.index(g) for g in weightless]], by),
    )
    lonely = int(frame["se"].isna().sum())  # only a group of one leaves it NaN
    if lonely:
        lonely_note = (
            f"{lonely} comparison(s) involve a group of one respondent, whose share has no "
            "measured variance: not tested, never marked significant."
        )
        notes = (*notes, lonely_note)
    return DesignGroupComparison(question, by, frame, overall, adjust, level, design, notes)


def _adjusted(frame: pd.DataFrame, adjust: Any, level: float) -> pd.DataFrame:
    """Return `frame` with p-values adjusted over its tests, each hypothesis counted once."""
    from tracktr.compare._tests import adjust_once

    finite = frame["p_value"].notna().to_numpy()
    adjusted = np.full(len(frame), np.nan)
    hypotheses = frame.pop("hypothesis").to_numpy()
    adjusted[finite] = adjust_once(
        frame["p_value"].to_numpy(dtype=float)[finite], hypotheses[finite], method=adjust
    )
    return frame.assign(p_adjusted=adjusted, significant=adjusted < 1 - level)


def _pair_dof(
    bound: Any, answered: npt.NDArray[np.bool_], group: npt.NDArray[np.intp], codes: list[int]
) -> float:
    """Return a pair's t degrees of freedom: R ``degf`` of the design subset to it, less one."""
    return float(bound.domain_degf(np.flatnonzero(answered & np.isin(group, codes))) - 1)


def _dof_text(dofs: list[float]) -> str:
    """Return the pairs' degrees of freedom as a note gives them: one value or a range."""
    low, high = min(dofs), max(dofs)
    return f"{low:g}" if low == high else f"{low:g} to {high:g}"


def _weightless_note(groups: list[Any], sizes: Any, by: str) -> tuple[str, ...]:
    """Say which groups were not compared because every respondent in them weighs 0."""
    if not groups:
        return ()
    listed = ", ".join(f"{g!r} ({int(n)})" for g, n in zip(groups, sizes, strict=True))
    note = (
        f"Not compared: {listed} of {by!r}, whose respondents all weigh 0, so they have no "
        "weighted share (n/a in a table); they stay in the design, outside every group."
    )
    return (note,)

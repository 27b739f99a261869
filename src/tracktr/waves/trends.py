"""Trend tables, wave-on-wave change from pooled data, and change in plain English.

A trend table is any question tabulated with the waves as columns, counted by
:func:`tracktr.tabulate` with ``by="wave"``: each wave keeps its own base. A change between
two waves is counted here (each wave's count and base, and the paired table of the
organisations in both) and compared by :func:`tracktr.waves.compare_overlapping`, whose
module (:mod:`tracktr.waves.overlap`) gives the formulas and references.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import pandas as pd

from tracktr.compare._intervals import _level_text
from tracktr.describe import describe_share
from tracktr.exceptions import (
    InvalidBaseError,
    InvalidOptionError,
    QuestionNotFoundError,
    TracktrError,
)
from tracktr.rounding import format_percent
from tracktr.table import DEFAULT_SMALL_BASE, Table
from tracktr.tabulate import crosstab, tabulate
from tracktr.typing import DontKnowPolicy, RoundingRule
from tracktr.waves.overlap import WaveChange, compare_overlapping
from tracktr.waves.pool import Pooled

__all__ = ["change", "changes", "describe_change", "trend"]


# -- trend tables ------------------------------------------------------------------------------


def trend(
    pooled: Pooled,
    question: str,
    /,
    *,
    by: str | None = None,
    dont_know: DontKnowPolicy = "include",
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
) -> Table:
    """Tabulate one pooled question with the waves as columns, each with its own base.

    Parameters
    ----------
    pooled : Pooled
        From :func:`tracktr.waves.pool`.
    question : str
        A single, ordinal or multi-response question of the pooled codebook.
    by : str, optional
        A single or ordinal question whose groups split each wave: the columns become
        ``"<wave>: <group>"``, wave by wave (a banner of waves beside groups).
        Respondents without an answer to `by` are in no column (a note says how many).
    dont_know : {"include", "exclude"}, default "include"
        Whether "don't know" answers are in the bases (single and ordinal questions).
    rule, decimals, small_base
        As in :func:`tracktr.frequencies`.

    Returns
    -------
    Table
        Counts by wave (columns), the base of each wave, and who was left out of each
        (a wave that did not ask the question has a base of 0 and its respondents under
        ``not_asked``).

    Raises
    ------
    tracktr.QuestionNotFoundError
        If the question is not in the pooled codebook.
    tracktr.TracktrError
        For grid, numeric and text questions (tabulate a grid item after recoding).

    Examples
    --------
    >>> import tracktr as tt
    >>> pooled = tt.waves.pool(tt.datasets.tracktr_waves(),
    ...                        harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    >>> table = tt.waves.trend(pooled, "income")
    >>> table.bases.tolist()
    [156, 151]
    >>> table.percentages().loc["Over £1m"].tolist()
    [28.0, 34.0]
    >>> by_funding = tt.waves.trend(pooled, "income", by="main_funding")
    >>> by_funding.bases.tolist()
    [19, 1, 121, 34, 1, 100]
    >>> by_funding.counts.columns[0]
    '2015-05: Funded by a CRC'
    """
    spec = pooled.survey.spec(question)
    if spec.type == "grid":
        msg = f"question {question!r} is a grid; a trend table takes one question at a time."
        hint = "Hint: tabulate one item with tt.frequencies(pooled.data, column, by='wave')."
        raise TracktrError(f"{msg}\n\n{hint}")
    options: dict[str, Any] = {
        "by": pooled.wave_column,
        "total": False,
        "rule": rule,
        "decimals": decimals,
        "small_base": small_base,
    }
    if spec.type in ("single", "ordinal"):
        options["dont_know"] = dont_know
    if by is None:
        table = tabulate(pooled.data, question, survey=pooled.survey, **options)
        return table.with_notes("Waves as columns; each wave's percentages are of its own base.")
    frame, column, left_out = _banner(pooled, question, by)
    options["by"] = column
    table = tabulate(frame, question, survey=pooled.survey, **options)
    notes = [f"Columns: each wave split by {by}; percentages are of each column's own base."]
    if left_out:
        notes.append(f"{left_out} respondents with no answer to {by} are in no column.")
    return table.with_notes(*notes)


def _banner(pooled: Pooled, question: str, by: str) -> tuple[pd.DataFrame, str, int]:
    """Return the question's columns and one column of ``"<wave>: <group>"`` labels."""
    spec = pooled.survey.spec(by)
    if spec.type not in ("single", "ordinal") or by == pooled.wave_column:
        msg = f"`by` must be a single or ordinal question other than the wave; got {by!r}."
        raise InvalidOptionError(msg)
    if by == question:
        msg = f"`by` must be another question than the one tabulated ({question!r})."
        raise InvalidOptionError(msg)
    column = f"{pooled.wave_column}: {by}"
    waves = pooled.data[pooled.wave_column].astype(object)
    groups = pooled.data[spec.columns[0]].astype(object)
    answered = groups.isin(list(spec.options))
    labels = [f"{w}: {g}" for w in pooled.waves for g in spec.options]
    combined = [
        f"{w}: {g}" if ok else None for w, g, ok in zip(waves, groups, answered, strict=True)
    ]
    columns = list(pooled.survey.question(question).columns)
    frame = pooled.data[columns].copy()
    frame[column] = pd.Categorical(combined, categories=labels, ordered=True)
    return frame, column, int((~answered).sum())


# -- from pooled data --------------------------------------------------------------------------


def _waves(pooled: Pooled, first: str | None, second: str | None) -> tuple[str, str]:
    if len(pooled.waves) < 2:
        msg = f"a change needs two waves; the pooled data has {list(pooled.waves)}."
        raise InvalidOptionError(msg)
    one = first if first is not None else pooled.waves[-2]
    two = second if second is not None else pooled.waves[-1]
    for name in (one, two):
        if name not in pooled.waves:
            msg = f"{name!r} is not a wave; the waves are {list(pooled.waves)}."
            raise InvalidOptionError(msg)
    if one == two:
        msg = f"`first` and `second` are the same wave {one!r}."
        raise InvalidOptionError(msg)
    return one, two


def _chosen(option: str | Sequence[str], shown: Sequence[Any], question: str) -> list[str]:
    chosen = [option] if isinstance(option, str) else list(option)
    if not chosen:
        msg = f"question {question!r}: `option` names no option; the share needs at least one."
        hint = f"Hint: name one or more of {list(shown)}."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    unknown = [o for o in chosen if o not in shown]
    if unknown:
        msg = (
            f"question {question!r}: option(s) {unknown or chosen} are not among the options "
            f"in the base {list(shown)}."
        )
        hint = (
            "Hint: name options of the pooled codebook; don't know is out with dont_know='exclude'."
        )
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    return chosen


def change(
    pooled: Pooled,
    question: str,
    option: str | Sequence[str],
    /,
    *,
    first: str | None = None,
    second: str | None = None,
    dont_know: DontKnowPolicy = "include",
    level: float = 0.95,
    what: str | None = None,
) -> WaveChange:
    """Compare one option's share between two waves, pairing the organisations in both.

    Counts come from :func:`trend` (each wave's count and base) and, for the
    organisations in the base of both waves, from :func:`tracktr.crosstab` of their
    first-wave answers by their second-wave ones.

    Parameters
    ----------
    pooled : Pooled
        From :func:`tracktr.waves.pool`.
    question : str
        A single or ordinal question of the pooled codebook.
    option : str or sequence of str
        The option whose share is compared, or several options counted together (a net).
    first, second : str, optional
        The waves compared; by default the last two.
    dont_know : {"include", "exclude"}, default "include"
        Whether "don't know" answers are in the bases.
    level : float, default 0.95
        The confidence level.
    what : str, optional
        What the share is of, in words, for :func:`describe_change`; by default the
        option label(s) in quotes.

    Returns
    -------
    WaveChange

    Raises
    ------
    tracktr.QuestionNotFoundError
        If the question or an option is not in the pooled codebook.
    tracktr.InvalidOptionError
        If a wave is unknown, or the two waves are the same.
    tracktr.TracktrError
        If the question is not single or ordinal.

    Examples
    --------
    >>> import tracktr as tt
    >>> pooled = tt.waves.pool(tt.datasets.tracktr_waves(),
    ...                        harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    >>> result = tt.waves.change(pooled, "main_funding", "Funded by a CRC",
    ...                          what="funded by a CRC")
    >>> result.count1, result.base1, result.count2, result.base2, result.both
    (19, 141, 34, 135, (11, 0, 10, 64))
    >>> print(tt.waves.describe_change(result))
    The share funded by a CRC rose from 13% (19 of 141) in 2015-05 to 25% (34 of 135) in
    2015-10, from under one in six to a quarter: a change of 12 percentage points (95% CI
    4 to 19; overlapping-samples test, 85 organisations in both waves, p = 0.002): a clear
    change.
    """
    one, two = _waves(pooled, first, second)
    spec = pooled.survey.spec(question)
    if spec.type not in ("single", "ordinal"):
        msg = f"question {question!r} is a {spec.type} question; change() compares one share."
        hint = "Hint: recode it to a single question first (tt.recode), then pool it."
        raise TracktrError(f"{msg}\n\n{hint}")
    table = trend(pooled, question, dont_know=dont_know)
    shown = list(table.counts.index)
    chosen = _chosen(option, shown, question)
    x1 = int(table.counts.loc[chosen, one].sum())
    x2 = int(table.counts.loc[chosen, two].sum())
    n1, n2 = int(table.bases[one]), int(table.bases[two])
    empty = [w for w, n in ((one, n1), (two, n2)) if n == 0]
    if empty:
        msg = (
            f"question {question!r}: nobody in wave(s) {empty} is in the base (bases "
            f"{one}: {n1}, {two}: {n2}), so there is no share to compare."
        )
        hint = (
            "Hint: check that the wave holds answers to the question (an empty wave, or one "
            "that did not ask it), or compare other waves with first= and second=."
        )
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    both = _overlap_table(pooled, question, (one, two), shown, chosen)
    label = what if what is not None else " or ".join(repr(c) for c in chosen)
    return compare_overlapping(
        x1, n1, x2, n2, both=both, level=level, labels=(one, two), what=label
    )


def _overlap_table(
    pooled: Pooled, question: str, waves: tuple[str, str], shown: list[Any], chosen: list[str]
) -> list[list[int]]:
    one, two = waves
    ids = pooled.in_both(one, two)
    if not ids or pooled.id is None:
        return [[0, 0], [0, 0]]
    column = pooled.survey.question(question).columns[0]

    def answers(wave: str) -> pd.Series:
        rows = pooled.data[pooled.data[pooled.wave_column] == wave]
        return pd.Series(rows[column].astype(object).to_numpy(), index=rows[pooled.id].to_numpy())

    frame = pd.DataFrame({"first": answers(one), "second": answers(two)}).loc[list(ids)]
    in_base = frame["first"].isin(shown) & frame["second"].isin(shown)
    frame = frame[in_base]
    if frame.empty:
        return [[0, 0], [0, 0]]
    dtype = pd.CategoricalDtype(shown, ordered=True)
    frame = frame.astype(dtype)
    counts = crosstab(frame, "first", "second", options=shown, total=False).counts
    yes = [o in chosen for o in shown]
    no = [not y for y in yes]
    return [
        [int(counts.loc[yes, yes].to_numpy().sum()), int(counts.loc[yes, no].to_numpy().sum())],
        [int(counts.loc[no, yes].to_numpy().sum()), int(counts.loc[no, no].to_numpy().sum())],
    ]


def changes(
    pooled: Pooled,
    question: str,
    /,
    *,
    first: str | None = None,
    second: str | None = None,
    dont_know: DontKnowPolicy = "include",
    level: float = 0.95,
) -> pd.DataFrame:
    """Return the change of every option's share between two waves, one row per option.

    Examples
    --------
    >>> import tracktr as tt
    >>> pooled = tt.waves.pool(tt.datasets.tracktr_waves(),
    ...                        harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    >>> frame = tt.waves.changes(pooled, "main_funding")
    >>> frame[["count_1", "base_1", "count_2", "base_2", "matched"]]
                                    count_1  base_1  count_2  base_2  matched
    option
    Funded by a CRC                      19     141       34     135       85
    Funded by the NPS                     1     141        1     135       85
    Not funded by a CRC or the NPS      121     141      100     135       85
    """
    one, two = _waves(pooled, first, second)
    options = trend(pooled, question, dont_know=dont_know).counts.index
    rows = []
    for option in options:
        result = change(
            pooled,
            question,
            str(option),
            first=one,
            second=two,
            dont_know=dont_know,
            level=level,
        )
        rows.append(
            {
                "option": option,
                "count_1": result.count1,
                "base_1": result.base1,
                "count_2": result.count2,
                "base_2": result.base2,
                "matched": result.matched,
                "difference": result.difference,
                "ci_low": result.difference_ci[0],
                "ci_high": result.difference_ci[1],
                "p_value": result.p_value,
                "test": result.test,
            }
        )
    return pd.DataFrame(rows).set_index("option")


# -- in words ----------------------------------------------------------------------------------


def _pct(count: int, base: int) -> str:
    return format_percent(100 * Fraction(count, base))


def _points(value: float) -> str:
    text = format_percent(Fraction(repr(abs(100 * value))), small=False, large=False)
    text = text.rstrip("%")
    return f"-{text}" if value < 0 and text != "0" else text


def describe_change(result: WaveChange, /, *, alpha: float | None = None) -> str:
    """Return one plain-English sentence about a change between waves.

    Parameters
    ----------
    result : WaveChange
        From :func:`change` or :func:`compare_overlapping`.
    alpha : float, optional
        The significance level of "a clear change"; by default ``1 - result.level``.

    Returns
    -------
    str
        Both percentages (rounded half-up through :mod:`tracktr.rounding`) with their
        counts and bases, the shares in words (:func:`tracktr.describe_share`), the
        change in percentage points with its interval, the test and the verdict: "a clear
        change" when the p-value is below `alpha`, otherwise "not a clear change".

    Examples
    --------
    >>> import tracktr as tt
    >>> result = tt.waves.compare_overlapping(
    ...     18, 100, 23, 100, both=[[12, 3], [6, 39]], labels=("2015", "2016"),
    ...     what="funded by a CRC")
    >>> print(tt.waves.describe_change(result))
    The share funded by a CRC rose from 18% (18 of 100) in 2015 to 23% (23 of 100) in 2016,
    from around one in six to nearly a quarter: a change of 5 percentage points (95% CI -4
    to 14; overlapping-samples test, 60 organisations in both waves, p = 0.23): not a clear
    change.
    """
    if alpha is None:
        alpha = 1 - result.level
    one, two = result.labels
    p1, p2 = _pct(result.count1, result.base1), _pct(result.count2, result.base2)
    if p1 == p2:
        verb = f"stayed at {p2}"
        where = (
            f" ({result.count1} of {result.base1} in {one}, {result.count2} of "
            f"{result.base2} in {two})"
        )
        opening = f"The share {result.what} {verb}{where}"
    else:
        verb = "rose" if result.proportion2 > result.proportion1 else "fell"
        opening = (
            f"The share {result.what} {verb} from {p1} ({result.count1} of {result.base1}) "
            f"in {one} to {p2} ({result.count2} of {result.base2}) in {two}"
        )
        words1 = describe_share(Fraction(result.count1, result.base1))
        words2 = describe_share(Fraction(result.count2, result.base2))
        if words1 != words2:
            opening += f", from {words1} to {words2}"
    low, high = result.difference_ci
    test = {
        "independent": "two-sample test, no organisation in both waves",
        "paired": f"McNemar's test, all {result.matched} organisations in both waves",
        "overlapping": f"overlapping-samples test, {result.matched} organisations in both waves",
    }[result.test]
    if result.p_value < 0.001:
        p = "p < 0.001"
    else:
        p = f"p = {result.p_value:.3f}" if result.p_value < 0.01 else f"p = {result.p_value:.2f}"
    verdict = "a clear change" if result.p_value < alpha else "not a clear change"
    sentence = (
        f"{opening}: a change of {_points(result.difference)} percentage points "
        f"({_level_text(result.level)} CI {_points(low)} to {_points(high)}; {test}, {p}): "
        f"{verdict}"
    )
    if result.small_base:
        smallest = min(result.base1, result.base2)
        sentence += f"; care is needed: a base is small (n={smallest})"
    return sentence + "."

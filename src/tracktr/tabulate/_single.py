"""Questions with one answer per respondent: :func:`frequencies` and :func:`crosstab`."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr import _engine
from tracktr._columns import refuse_unhashable_name
from tracktr._pooled import (
    GAP_WORDS,
    MIXED_WORDS,
    pool_mark,
    unoffered,
    with_shared_waves_note,
)
from tracktr._table_text import no_column_note
from tracktr.spec import QuestionSpec
from tracktr.table import DEFAULT_SMALL_BASE, Table
from tracktr.tabulate._common import (
    _MISSING_KINDS,
    DEFAULT_DONT_KNOW,
    By,
    SurveyLike,
    _by_column,
    _check_distinct,
    _column_labels,
    _count_by_group,
    _describe_base,
    _dont_know_rows,
    _Groups,
    _groups,
    _kish,
    _observed_options,
    _spec,
    _table,
    knows_rows,
    weight_column,
)
from tracktr.tabulate._engine_branch import _engine_table, engine_columns
from tracktr.tabulate._one_way import one_way
from tracktr.tabulate._routing import routed_counted
from tracktr.typing import DontKnowPolicy, RoundingRule, check_survey

# -- public functions ------------------------------------------------------------------------


def _check_call(question: object, survey: object, *, function: str) -> None:
    """Refuse a question named by a list, or a survey that is not a codebook."""
    if survey is not None:
        check_survey(survey, optional=True)
    if type(question) is not str:  # (a str is a name: the check costs a third of this)
        refuse_unhashable_name(question, function=function)


@knows_rows
def frequencies(  # noqa: PLR0915  (a one-way table's own path, then the general one)
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike | None = None,
    options: Sequence[Any] | None = None,
    by: By | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    dont_know: DontKnowPolicy = "include",
    dont_know_options: Sequence[str] = DEFAULT_DONT_KNOW,
    total: bool = True,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
    title: str | None = None,
    missing_group: str | None = None,
) -> Table:
    """Count the answers to a single-choice (or ordinal) question, optionally by group.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    question : str
        The question id; without a survey, the column to count.
    survey : Survey, optional
        A codebook; gives the options, their order, "don't know" options, the wording and
        the routing-aware base description.
    options : sequence, optional
        Without a survey: the options in display order. Values outside them are an error.
        Defaults to the values found, in the order `by` gives its groups.
    by : str, tuple of str or list, optional
        A column whose groups become the table's columns (column percentages), followed
        by the total of everyone in the base. A tuple nests columns (``("region",
        "funder")``: funder within region, groups ``"North / CRC"``); a list of banners
        puts each banner's table side by side, each with its own total, under a first
        column level naming the banner (see ``tracktr.banners``). The groups are in the
        order of the codebook's options, else of a pandas Categorical's categories (an
        order you choose, each label as written), else sorted: text that reads as
        numbers first, in numeric order (``"2"``, ``"12"``, ``"101"``), then other text
        in text order (``"Other"``); one number written two ways (``"12"`` and
        ``"12.0"``) is an error.
    weights : str, pandas.Series or sequence of float, optional
        A column of weights, or the weights: a Series is matched to the rows by its index
        (a label missing or extra is an error), a list or array by position. Counts become
        weighted sums; the number of respondents behind each base is kept as
        ``table.unweighted_bases``.
    missing_group : str, optional
        With `by`: the label of a group for respondents whose group is missing, shown
        last. By default they are in no group, only in the total.
    dont_know : {"include", "exclude"}, default "include"
        Whether "don't know" answers are in the base.
    dont_know_options : sequence of str, default ("Don't know",)
        Without a survey: which options are "don't know".
    total : bool, default True
        With `by`, add a column for everyone in the base (respondents whose group is
        missing included).
    rule, decimals
        The rounding of the table's percentages (see :func:`tracktr.percentages`).
    small_base : int, default 30
        Bases below this are flagged in the notes.
    title : str, optional
        Overrides the question wording as the table's title.

    Returns
    -------
    Table
        Counts of every option (rows) by group (columns), each column's base, and the
        respondents left out of each base (skipped, not asked, refused, don't know).

    Raises
    ------
    tracktr.QuestionNotFoundError
        If the question's column is not in the data.
    tracktr.UnknownValueError
        If a cell holds a value that is not an option, two groups of `by` differ only
        in case ("North" and "north"), or one number is written two ways ("12" and
        "12.0"); the message names the rows.
    tracktr.InvalidWeightsError
        If a weight is missing, negative or infinite, or a Series of weights is not
        indexed like the data.
    tracktr.InvalidOptionError
        If `by` has a group called ``"All"``, the label of the total column.

    See Also
    --------
    crosstab : the same table, named by its row and column questions.
    tracktr.Table.percentages : the rounded percentages.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({
    ...     "changed": ["Yes", "No", "No", "Don't know", None, "<not asked>"],
    ...     "funder": ["CRC", "CRC", "Other", "Other", "Other", "Other"],
    ... })
    >>> table = tt.frequencies(df, "changed", options=["Yes", "No", "Don't know"])
    >>> table.counts["All"].tolist(), int(table.bases["All"])
    ([1, 2, 1], 4)
    >>> table.percentages()["All"].tolist()
    [25.0, 50.0, 25.0]
    >>> tt.frequencies(df, "changed", options=["Yes", "No", "Don't know"],
    ...                dont_know="exclude").percentages()["All"].tolist()
    [33.0, 67.0]
    >>> tt.frequencies(df, "changed", options=["Yes", "No", "Don't know"],
    ...                by="funder").counts
                CRC  Other  All
    Yes           1      0    1
    No            1      1    2
    Don't know    0      1    1

    Groups of number text in numeric order, then text; a Categorical keeps its order:

    >>> sizes = pd.DataFrame({"q": ["Yes", "No", "Yes", "No"], "size": ["12", "Other", "2", "2"]})
    >>> tt.frequencies(sizes, "q", by="size").counts.columns.tolist()
    ['2', '12', 'Other', 'All']
    >>> chosen = sizes.assign(size=pd.Categorical(sizes["size"], ["Other", "12", "2"]))
    >>> tt.frequencies(chosen, "q", by="size").counts.columns.tolist()
    ['Other', '12', '2', 'All']
    """
    _check_call(question, survey, function="frequencies")
    if not isinstance(data, pd.DataFrame) and _engine.is_engine_frame(data):
        return _engine_table(
            frequencies,
            data,
            question,
            columns=[question]
            if survey is None
            else engine_columns(data, question, survey, survey.spec(question).columns),
            by=by,
            weights=weights,
            options={
                "survey": survey,
                "options": options,
                "dont_know": dont_know,
                "dont_know_options": dont_know_options,
                "total": total,
                "rule": rule,
                "decimals": decimals,
                "small_base": small_base,
                "title": title,
                "missing_group": missing_group,
            },
        )
    if by is not None and (not isinstance(by, str) or missing_group is not None):
        from tracktr.banners import by_banners

        return by_banners(
            frequencies,
            data,
            question,
            by=by,
            missing_group=missing_group,
            survey=survey,
            options=options,
            weights=weights,
            dont_know=dont_know,
            dont_know_options=dont_know_options,
            total=total,
            rule=rule,
            decimals=decimals,
            small_base=small_base,
            title=title,
        )
    if survey is None and by is None and weights is None and title is None:
        # One categorical column counted alone: its own path, the same table.
        table = one_way(
            data,
            question,
            options=options,
            dont_know=dont_know,
            dont_know_options=dont_know_options,
            rule=rule,
            decimals=decimals,
            small_base=small_base,
        )
        if table is not None:
            return table
    fallback = QuestionSpec(
        question,
        "single",
        options=tuple(options) if options is not None else (),
        dont_know=tuple(dont_know_options),
        columns=(question,),
    )
    spec = _spec(data, question, survey, fallback)
    series = data[spec.columns[0]]
    if survey is not None:  # weights of an engine frame's patterns: no respondents' rows
        patterns = _engine.is_internal(weights)
        series = routed_counted(data, series, survey, question, patterns=patterns)
    if not spec.options:
        spec = dataclasses.replace(spec, options=tuple(_observed_options(series, question)))
    _check_distinct(spec.options, question, [series], what="options")
    k = len(spec.options)
    grouping = _groups(data, by, survey)
    groups = grouping.labels
    column = weight_column(data, weights)
    # With weights, the unweighted counts, the squared weights, the respondents weighted
    # 0 and the weights' decimal places come from the same pass over the rows, and the
    # weights are checked from it.
    weighted, unweighted, squares, zeros, places = _count_by_group(
        series, spec.options, question, grouping, weights=column, by=by
    )
    in_base = _dont_know_rows(spec, dont_know)
    by_col = _by_column(weighted, groups, by, total)
    counts = by_col[:k][in_base]
    excluded_rows = [by_col[k:]]
    excluded_labels = list(_MISSING_KINDS)
    if not in_base.all():
        excluded_rows.append(by_col[:k][~in_base].sum(axis=0, keepdims=True))
        excluded_labels.append("dont_know")
    unweighted_bases = None
    unweighted_counts = None
    effective = None
    if unweighted is not None and squares is not None:
        unweighted_counts = _by_column(unweighted, groups, by, total)[:k][in_base]
        unweighted_bases = unweighted_counts.sum(axis=0)
        effective = _kish(counts.sum(axis=0), _by_column(squares, groups, by, total)[:k][in_base])
    zero_bases = None
    if zeros is not None:
        zero_bases = _by_column(zeros, groups, by, total)[:k][in_base].sum(axis=0)
    options_shown = [o for o, keep in zip(spec.options, in_base, strict=True) if keep]
    table = _table(
        extra_notes=_no_group_note(
            weighted if unweighted is None else unweighted, in_base, grouping, by=by, total=total
        ),
        places=places,
        spec=spec if title is None else dataclasses.replace(spec, title=title),
        counts=counts,
        bases=counts.sum(axis=0),
        excluded=np.vstack(excluded_rows),
        unweighted=unweighted_bases,
        unweighted_counts=unweighted_counts,
        effective=effective,
        zero_weights=zero_bases,
        rows=options_shown,
        columns=_column_labels(groups, by, total),
        excluded_labels=excluded_labels,
        kind="single" if by is None else "crosstab",
        base_description=_describe_base(spec, dont_know),
        rule=rule,
        decimals=decimals,
        small_base=small_base,
    )
    # A panel's waves are not independent: counted over the rows in the base. Only pooled
    # rows are read (else an isin over every row for nothing: 20 ms a million rows).
    in_table = None
    if pool_mark(data) is not None:
        in_table = series.isin(options_shown).to_numpy(dtype=bool)
    table = with_shared_waves_note(table, data, by, rows=in_table)
    wave, missed = unoffered(data, question)
    if not missed:
        return table
    in_rows = series.isin(options_shown).to_numpy(dtype=bool)
    slots = grouping.slots(len(data))
    members = [slots == j for j in range(len(groups))]
    if by is None or total:
        members.append(np.ones(len(data), dtype=bool))  # the total: everyone
    waves = data[wave].to_numpy(dtype=object)
    columns = [(label, np.unique(waves[in_rows & rows])) for label, rows in
               zip(table.counts.columns, members, strict=True)]  # fmt: skip
    return _with_unoffered(table, columns, missed)


def _with_unoffered(
    table: Table,
    columns: Sequence[tuple[Any, npt.NDArray[Any]]],
    missed: Mapping[str, tuple[Any, ...]],
) -> Table:
    """Mark what pooled waves did not offer: a gap, or a note where waves mix.

    `columns` holds each column's label and the waves of its respondents in the base.
    An option none of a column's waves offered is a gap there (``n/a``, not a 0); one
    some of them did not offer is counted, and a note says whose base holds respondents
    who could not choose it (the trend, ``tt.waves.trend``, shows each wave alone).
    """
    gaps: list[tuple[Any, Any]] = []
    mixed: dict[Any, list[Any]] = {}
    for label, waves in columns:
        for option in table.counts.index:
            lacking = [str(w) for w in waves if option in missed.get(str(w), ())]
            if not lacking:
                continue
            if len(lacking) == len(waves) and table.counts.loc[option, label] == 0:
                gaps.append((option, label))
            else:
                mixed.setdefault(option, []).append((label, lacking))
    notes = []
    if gaps:
        listed = ", ".join(dict.fromkeys(repr(option) for option, _ in gaps))
        notes.append(f"{listed} not offered in the waves of the columns marked n/a {GAP_WORDS}")
    for option, where in mixed.items():
        waves_of = sorted({w for _, lacking in where for w in lacking})
        labels = ", ".join(str(label) for label, _ in where)
        notes.append(
            f"{option!r} was not offered in wave(s) {', '.join(waves_of)}, whose respondents "
            f"are in the base of {labels}: its share there counts them, {MIXED_WORDS}"
        )
    return dataclasses.replace(table, gaps=(*table.gaps, *gaps)).with_notes(*notes)


@knows_rows
def crosstab(
    data: pd.DataFrame,
    row: str,
    column: str,
    /,
    *,
    survey: SurveyLike | None = None,
    weights: str | pd.Series | Sequence[float] | None = None,
    options: Sequence[Any] | None = None,
    dont_know: DontKnowPolicy = "include",
    total: bool = True,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
) -> Table:
    """Cross-tabulate one question (rows) by another (columns), with column percentages.

    A named form of ``frequencies(data, row, by=column)``: each column's percentages are
    of that group's base, and a last column gives everyone in the base.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    row, column : str
        The question counted and the question that splits respondents into groups.
    survey, weights, options, dont_know, total, rule, decimals, small_base
        As in :func:`frequencies`.

    Returns
    -------
    Table

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"income": ["Small", "Large", "Large"],
    ...                    "funder": ["Other", "CRC", "Other"]})
    >>> tt.crosstab(df, "income", "funder", options=["Small", "Large"]).counts
           CRC  Other  All
    Small    0      1    1
    Large    1      1    2
    """
    check_survey(survey, optional=True)
    return frequencies(
        data,
        row,
        survey=survey,
        options=options,
        by=column,
        weights=weights,
        dont_know=dont_know,
        total=total,
        rule=rule,
        decimals=decimals,
        small_base=small_base,
    )


def _no_group_note(
    matrix: npt.NDArray[Any],
    in_base: npt.NDArray[np.bool_],
    grouping: _Groups,
    *,
    by: str | None,
    total: bool,
) -> tuple[str, ...]:
    """Say that some in the base have no group: the total counts them, no column does.

    Without it, a reader adds the columns' bases, finds less than the total's, and cannot
    tell a missing group from an error. The note gives no count: beside a hidden group's
    base (tracktr.disclosure), the number would let a reader subtract their way to it.
    Without a total (``total=False``) they are in no number printed: the note counts
    them (:func:`no_column_note`, which disclosure control reads back and withholds
    where it must), or they would be dropped without a word.
    """
    if by is None or matrix.shape[1] <= len(grouping.labels):
        return ()
    if not matrix[: len(in_base)][in_base][:, len(grouping.labels) :].any():
        return ()
    if not total:
        # `matrix` counts respondents (the unweighted counts of a weighted table).
        left_out = matrix[: len(in_base)][in_base][:, len(grouping.labels) :].sum()
        return (no_column_note(round(float(left_out)), repr(by)),)
    note = (
        f"Respondents in the base who gave no answer to {by!r} (or an answer marked "
        "missing) are counted in the total, in no column."
    )
    return (note,)

"""Multi-response by multi-response, nets of a multi-response set, ticks per respondent.

Counting, like :mod:`tracktr.tabulate`, whose tick matrices it reuses: a multi-response
set (rows) by another (columns) is one matrix product of the two sets' ticks, each column
being the respondents who ticked that option of the column set (columns overlap).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr import _engine
from tracktr._engine import reads_rows
from tracktr._pooled import GAP_WORDS
from tracktr._text import a_kind, folded_label
from tracktr.exceptions import InvalidOptionError, MultiResponseError, rows_named
from tracktr.missing import NOT_ASKED
from tracktr.spec import QuestionSpec
from tracktr.table import DEFAULT_SMALL_BASE, Table
from tracktr.tabulate import (
    TOTAL,
    EmptyPolicy,
    SurveyLike,
    _multi_matrix,
    _spec,
    _weights,
)
from tracktr.tabulate._common import (
    DEFAULT_DONT_KNOW,
    _dont_know_rows,
    knows_rows,
    with_declared_groups,
)
from tracktr.tabulate._multi import (
    _base_text,
    _check_exclusive,
    _dont_know_ticks,
    _routed_slots,
    _unasked_gaps,
    _unasked_ticks,
    is_dont_know_note,
)
from tracktr.typing import DontKnowPolicy, RoundingRule, check_survey

__all__ = ["multi_crosstab", "multi_nets", "tick_counts"]

OVERLAP_NOTE = "a respondent who ticked several is in several columns."
"""The end of a multi_crosstab's note, for readers; the table says it in its own field,
``Table.overlapping_columns``, which every copy keeps and tt.compare_table reads."""


def _set(
    data: pd.DataFrame,
    question: str,
    survey: SurveyLike | None,
    columns: Sequence[str] | None,
    options: Sequence[str] | None,
    *,
    patterns: bool = False,
) -> tuple[QuestionSpec, npt.NDArray[np.bool_], npt.NDArray[np.intp]]:
    """Read a set as multi_response reads it: its spec, ticks and marker slots.

    Of a codebook's set, a blank row its routing did not ask is "not asked" (not skipped),
    and a tick of such a row is refused; so is an exclusive option ticked beside
    another. `patterns`: `data` is an engine frame's answer patterns.
    """
    if survey is None and columns is None:
        msg = f"question {question!r}: pass a `survey`, or the set's indicator columns."
        raise InvalidOptionError(msg)
    cols = tuple(columns or ())
    fallback = QuestionSpec(question, "multi", options=tuple(options or cols), columns=cols)
    spec = _spec(data, question, survey if columns is None else None, fallback)
    if spec.type != "multi":
        msg = f"question {question!r} is {a_kind(spec.type)} question, not a multi-response set."
        raise InvalidOptionError(msg)
    ticks, markers = _multi_matrix(data, spec)
    # As multi_response reads a set: "None of these" ticked with another option is refused
    # (counted, its respondent was in a net, a column or a count of ticks with both).
    _check_exclusive(data, spec, ticks)
    if survey is not None and columns is None:  # the codebook's set, with its routing
        # A blank row the routing did not ask is "not asked": it was "skipped", and with
        # empty="answered" in the base of the nets as "none".
        markers = _routed_slots(
            data, spec, survey=survey, ticks=ticks, any_tick=np.asarray(ticks.any(axis=0)),
            marker_slot=markers, patterns=patterns,
        )  # fmt: skip
    return spec, ticks, markers


@knows_rows
@reads_rows
def multi_crosstab(
    data: pd.DataFrame,
    row: str,
    column: str,
    /,
    *,
    survey: SurveyLike | None = None,
    row_columns: Sequence[str] | None = None,
    row_options: Sequence[str] | None = None,
    column_columns: Sequence[str] | None = None,
    column_options: Sequence[str] | None = None,
    weights: str | Sequence[float] | None = None,
    total: bool = True,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
) -> Table:
    """Cross-tabulate a multi-response set (rows) by another (columns).

    Column ``j`` holds the respondents who answered the row set and ticked option ``j`` of
    the column set; a cell counts those of them who also ticked the row option. Columns
    overlap (a respondent who ticked two column options is in both), so they are not
    independent groups.

    Parameters
    ----------
    data : pandas.DataFrame or another engine's frame
        One row per respondent. A polars, pyarrow, DuckDB, Dask or Spark frame has the
        columns the call names read into pandas (weights then name a column).
    row, column : str
        The two sets' ids (in `survey`), or names for sets given by their columns.
    survey : Survey, optional
        A codebook describing both sets.
    row_columns, column_columns : sequence of str, optional
        Without a survey: each set's indicator columns.
    row_options, column_options : sequence of str, optional
        Their labels (default: the column names).
    weights : str or sequence of float, optional
        Weights; ``unweighted_bases`` holds the respondents behind each base.
    total : bool, default True
        Add a column ``"All"``: every respondent who answered the row set.
    rule, decimals, small_base
        As in :func:`tracktr.frequencies`.

    Returns
    -------
    Table
        Row options by column options, column percentages, ``partition=False`` and
        ``overlapping_columns=True`` (so :func:`tracktr.compare_table` refuses it).

    Raises
    ------
    tracktr.InvalidOptionError
        If a set is given neither by `survey` nor by its columns, or is not a
        multi-response set; with `total`, if an option of the column set is labelled
        ``"All"``.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"likes_nuts": [1, 1, 0, 1], "likes_taste": [0, 1, 1, 0],
    ...                    "bad_price": [1, 0, 0, 1], "bad_size": [1, 1, 0, 0]})
    >>> t = tt.multi_crosstab(
    ...     df, "likes", "dislikes",
    ...     row_columns=["likes_nuts", "likes_taste"], row_options=["Nuts", "Taste"],
    ...     column_columns=["bad_price", "bad_size"], column_options=["Price", "Size"],
    ... )
    >>> t.counts
           Price  Size  All
    Nuts       2     2    3
    Taste      0     1    2
    >>> t.bases.tolist()
    [2, 2, 4]
    >>> t.overlapping_columns  # so tt.compare_table(t) refuses to test its columns
    True
    """
    check_survey(survey, optional=True)
    patterns = _engine.is_internal(weights)
    row_spec, row_ticks, row_markers = _set(
        data, row, survey, row_columns, row_options, patterns=patterns
    )
    column_spec, column_ticks, _ = _set(
        data, column, survey, column_columns, column_options, patterns=patterns
    )
    # Compared as printed, in any case: " All " prints as "All", and "all" reads as it.
    alike = [o for o in column_spec.options if folded_label(o) == folded_label(TOTAL)]
    if total and alike:
        called = (
            f"called {TOTAL!r}" if alike[0] == TOTAL else f"{alike[0]!r}, printed like {TOTAL!r}"
        )
        msg = (
            f"multi-response set {column!r} has an option {called}, the label of the "
            "total column, so the table would have two columns of that name."
        )
        hint = "Hint: relabel the option (`column_options=`) or pass total=False."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    w = _weights(data, weights)
    answered: npt.NDArray[np.bool_] = np.asarray(row_ticks.any(axis=0))
    members = column_ticks & answered[None, :]
    if total:
        members = np.vstack([members, answered[None, :]])
    labels: list[Any] = [*column_spec.options, *([TOTAL] if total else [])]
    if w is None:
        counts: npt.NDArray[Any] = row_ticks.astype(np.int64) @ members.T.astype(np.int64)
        bases: npt.NDArray[Any] = members.sum(axis=1).astype(np.int64)
        unweighted = None
    else:
        counts = (row_ticks * w[None, :]) @ members.T.astype(float)
        bases = members.astype(float) @ w
        unweighted = pd.Series(members.sum(axis=1).astype(np.int64), index=pd.Index(labels))
    # A row option not asked of a column's respondents (pooled waves): a gap; of some: refused.
    unasked = _unasked_ticks(data, row_spec, answered, row_markers)
    gaps: tuple[tuple[Any, Any], ...] = ()
    if unasked is not None:
        not_offered = unasked.astype(np.int64) @ members.T.astype(np.int64)
        counted = (not_offered, members.sum(axis=1))
        gaps = _unasked_gaps(row_spec, data, unasked, counted, labels, empty="skipped")
    base = row_spec.base_description or "respondents who answered"
    table = Table(
        counts=pd.DataFrame(
            counts, index=pd.Index(list(row_spec.options)), columns=pd.Index(labels)
        ),
        bases=pd.Series(bases, index=pd.Index(labels)),
        question=row,
        title=row_spec.title,
        kind="multi",
        partition=False,
        rule=rule,
        decimals=decimals,
        base_description=f"{base}, by the options of {column} they ticked",
        unweighted_bases=unweighted,
        small_base=small_base,
        extra_notes=((f"Columns are options of {column}; {OVERLAP_NOTE}"),),
        overlapping_columns=True,
    )
    if not gaps:
        return table
    listed = ", ".join(dict.fromkeys(repr(option) for option, _ in gaps))
    note = f"{listed} not asked of the respondents of the columns marked n/a {GAP_WORDS}"
    return dataclasses.replace(table, gaps=gaps).with_notes(note)


@knows_rows
@reads_rows
def tick_counts(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike | None = None,
    columns: Sequence[str] | None = None,
    by: Any = None,
    weights: str | Sequence[float] | None = None,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
) -> Table:
    """Return the distribution of the number of options each respondent ticked.

    Respondents who answered the set (ticked at least one option) are counted by how many
    they ticked, from 1 to the number of options; the rows are those numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0], "c": [1, 0, 0, 0]})
    >>> tt.tick_counts(df, "set", columns=["a", "b", "c"]).counts["All"].tolist()
    [2, 0, 1]
    """
    check_survey(survey, optional=True)
    import tracktr as tt

    spec, ticks, markers = _set(
        data, question, survey, columns, None, patterns=_engine.is_internal(weights)
    )
    number = ticks.sum(axis=0)
    values = pd.Series(number, index=data.index, dtype=object)
    values[number == 0] = None
    for slot, label in enumerate(tt.missing.MARKERS):
        values[(number == 0) & (markers == slot)] = label
    name = f"{question} (number ticked)"
    frame = data.assign(**{name: values})
    table: Table = tt.frequencies(
        frame,
        name,
        options=list(range(1, len(spec.options) + 1)),
        by=by,
        weights=weights,
        rule=rule,
        decimals=decimals,
        small_base=small_base,
        title=f"{spec.title or question}: number of options ticked",
    )
    unasked = _unasked_ticks(data, spec, np.asarray(number > 0, dtype=bool), markers)
    if unasked is None:
        return table
    # Pooled waves: those not offered an option could tick fewer; the counts are true,
    # but their spread is not one question's.
    missed = [option for option, row in zip(spec.options, unasked, strict=True) if row.any()]
    return table.with_notes(
        f"{', '.join(missed)} not asked of some respondents, who could tick fewer options "
        "than the others."
    )


@knows_rows
@reads_rows
def multi_nets(
    data: pd.DataFrame,
    question: str,
    nets: Mapping[str, Sequence[str]] | Sequence[tuple[str, Sequence[str]]],
    /,
    *,
    survey: SurveyLike | None = None,
    columns: Sequence[str] | None = None,
    options: Sequence[str] | None = None,
    by: Any = None,
    weights: str | Sequence[float] | None = None,
    empty: EmptyPolicy = "skipped",
    dont_know: DontKnowPolicy = "include",
    dont_know_options: Sequence[str] = DEFAULT_DONT_KNOW,
    total: bool = True,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
) -> Table:
    """Count the nets of a multi-response set: respondents who ticked any of their options.

    A net of a "tick all that apply" set cannot be summed from the options' counts (one
    respondent may tick several of its options), so it is counted from the ticks. The base
    is the set's: every respondent who answered it.

    Parameters
    ----------
    data : pandas.DataFrame or another engine's frame
        One row per respondent. A polars, pyarrow, DuckDB, Dask or Spark frame has the
        columns the call names read into pandas (weights then name a column).
    question : str
        The set (in `survey`), or a name for a set given by `columns`.
    nets : mapping of str to sequence of str
        Each net's label and its options; a codebook's ``spec.nets`` works too.
    survey, columns, options
        The set, as in :func:`tracktr.multi_crosstab`.
    by, weights, empty, dont_know, dont_know_options, total, rule, decimals, small_base
        As in :func:`tracktr.multi_response`; the base is the one the set has with the
        same `empty` and `dont_know`. With ``dont_know="exclude"`` a respondent whose only
        ticks are "don't know" is out of the base (under ``dont_know`` in ``excluded``),
        and a net may not hold a "don't know" option.

    Returns
    -------
    Table
        The nets as rows, by group, with the set's bases (``partition=False``). Its notes
        are the set table's that hold for the nets (who is in the base; with
        ``dont_know="exclude"``, how many answered only "don't know" and how many
        ticked it beside other options, worded as :func:`tracktr.multi_response` words
        them), then what each net holds.

    Raises
    ------
    tracktr.InvalidOptionError
        If a net is made of labels that are not options of the set, or holds a "don't
        know" option with ``dont_know="exclude"``.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"nuts": [1, 1, 0, 0], "taste": [1, 0, 0, 1], "look": [0, 0, 1, 0]})
    >>> t = tt.multi_nets(df, "likes", {"Nuts or taste": ["Nuts", "Taste"]},
    ...                   columns=["nuts", "taste", "look"], options=["Nuts", "Taste", "Look"])
    >>> t.counts["All"].tolist(), int(t.bases["All"])
    ([3], 4)
    """
    check_survey(survey, optional=True)
    import tracktr as tt

    patterns = _engine.is_internal(weights)
    spec, ticks, markers = _set(data, question, survey, columns, options, patterns=patterns)
    if columns is not None:  # a set given by hand: its don't know options are named here
        spec = dataclasses.replace(spec, dont_know=tuple(dont_know_options))
    pairs = list(nets.items()) if isinstance(nets, Mapping) else list(nets)
    labels = list(spec.options)
    answered = np.asarray(ticks.any(axis=0), dtype=bool)
    if empty == "answered":  # as multi_response reads it: no tick and no marker answers
        answered = answered | (markers == -2)
    kept = _dont_know_rows(spec, dont_know)
    dont_knows = [label for label, shown in zip(labels, kept, strict=True) if not shown]
    # Who answered only don't know: out of the set's base, so out of its nets' base too.
    only = _dont_know_ticks(ticks, kept, answered)[0] if dont_knows else None
    if only is not None:
        answered = answered & ~only
    missing = np.array(
        [
            tt.missing.SKIPPED if slot < 0 else list(tt.missing.MARKERS)[slot]
            for slot in markers.tolist()
        ],
        dtype=object,
    )
    unasked = _unasked_ticks(data, spec, np.asarray(answered, dtype=bool), markers)
    added: dict[str, Any] = {}
    partly: list[str] = []
    for name, members in pairs:
        unknown = [m for m in members if m not in labels]
        if unknown:
            msg = f"net {name!r} of {question!r} is made of {unknown}, which are not options."
            hint = f"Hint: make nets of the options {labels}."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        if set(members) & set(dont_knows):
            msg = (
                f"net {name!r} of {question!r} holds {sorted(set(members) & set(dont_knows))}, "
                "which dont_know='exclude' leaves out of the set's table and base."
            )
            hint = "Hint: tabulate with dont_know='include' if the net holds don't know."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        rows = [labels.index(m) for m in members]
        if unasked is not None and unasked[rows].any():
            partly.append(_unasked_net(data, question, name, [labels[r] for r in rows],
                                       unasked[rows]))  # fmt: skip
        net = ticks[rows].any(axis=0).astype(np.int64)
        # Those who answered only don't know hold 0s here (answers), out of the base below.
        held = answered if only is None else answered | only
        added[f"{question} (net: {name})"] = np.where(held, net, missing).astype(object)
    names = [name for name, _ in pairs]
    if only is not None:
        # A tick column of those who answered only don't know, excluded as a set's don't
        # know is: they leave the base into `excluded` ("dont_know"), as in the set's table.
        unknown_label = " or ".join(dont_knows)
        added[f"{question} (don't know)"] = np.where(
            answered | only, only.astype(np.int64), missing
        ).astype(object)
        names.append(unknown_label)
    # The nets' columns are not the codebook's: the breakdown's groups are given here.
    frame = with_declared_groups(data.assign(**added), by, survey)
    shared = {"by": by, "weights": weights, "total": total, "small_base": small_base}
    table = tt.multi_response(
        frame,
        question,
        columns=list(added),
        options=names,
        empty="answered",
        dont_know=dont_know,
        dont_know_options=(unknown_label,) if only is not None else (),
        rule=rule,
        decimals=decimals,
        title=spec.title,
        **shared,
    )
    # The synthetic set's notes of don't know saw only those who ticked nothing else:
    # the set's own say who ticked it beside other options too.
    kept_notes = tuple(n for n in table.extra_notes if not is_dont_know_note(n))
    if only is not None:
        found = _dont_know_notes_of_set(
            data, question, survey=survey, labels=labels, ticks=ticks, kept=kept,
            held=answered | only, shared=shared,
        )  # fmt: skip
        kept_notes = (*found, *kept_notes)
    own = tuple(
        f"{name}: respondents who ticked any of {', '.join(members)}." for name, members in pairs
    ) + tuple(partly)
    return dataclasses.replace(
        table,
        base_description=_base_text(spec, empty, "respondents", excluding=only is not None),
        extra_notes=(*kept_notes, *own),
    )


def _dont_know_notes_of_set(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike | None,
    labels: list[str],
    ticks: npt.NDArray[np.bool_],
    kept: npt.NDArray[np.bool_],
    held: npt.NDArray[np.bool_],
    shared: dict[str, Any],
) -> tuple[str, ...]:
    """Return the set table's notes of don't know excluded, for its nets' table.

    The set reduced to two ticks, "any other option" and "any don't know", has the set's
    notes of don't know (who ticked it alone, who beside other options), by the same
    groups, weights and total; it is counted so rather than the set itself, whose
    options not asked of some respondents (pooled waves) it would refuse where the nets
    count them (a note says so). `held` are the rows that answered the set (those who
    answered only don't know too).
    """
    import tracktr as tt

    unknown_label = " or ".join(o for o, shown in zip(labels, kept, strict=True) if not shown)
    other_label = f"not {unknown_label}"  # never the don't know label itself
    # Only who ticked don't know, and whether beside another option, matters here: the
    # rows out of the set's base tick neither (plain 0/1 columns, counted fast).
    columns = {
        f"{question} ({label})": (tick & held).astype(np.int8)
        for label, tick in (
            ("other options", ticks[kept].any(axis=0)),
            ("don't know", ticks[~kept].any(axis=0)),
        )
    }
    frame = with_declared_groups(data.assign(**columns), shared["by"], survey)
    table = tt.multi_response(
        frame,
        question,
        columns=list(columns),
        options=[other_label, unknown_label],
        dont_know="exclude",
        dont_know_options=(unknown_label,),
        **shared,
    )
    return tuple(n for n in table.extra_notes if is_dont_know_note(n))


def _unasked_net(
    data: pd.DataFrame,
    question: str,
    name: str,
    members: list[str],
    unasked: npt.NDArray[np.bool_],
) -> str:
    """Return the note of a net with options not asked of some who answered the set.

    Pooled waves hold an option a wave did not offer as "<not asked>". A net that keeps
    an option asked of them counts what each was asked (a note says so); a respondent
    asked none of its options has no answer to it, which a share would count as "no":
    refused, naming the rows.
    """
    none = np.asarray(unasked.all(axis=0), dtype=bool)
    if none.any():
        held = rows_named(data.index[none])
        msg = (
            f"question {question!r}: none of the options {members} of net {name!r} was "
            f"asked of respondents who answered the set: their cells hold {NOT_ASKED!r} "
            f"in rows {held}, and their share of the net would count them "
            "as not ticking it."
        )
        hint = (
            "Hint: count the net among those who were asked its options (e.g. the waves "
            "that offered them: filter the rows first), or make it of options every "
            "respondent was asked."
        )
        raise MultiResponseError(f"{msg}\n\n{hint}")
    missed = [m for m, row in zip(members, unasked, strict=True) if row.any()]
    return (
        f"{name}: {', '.join(missed)} not asked of some respondents; for them the net "
        "counts the options they were asked."
    )


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

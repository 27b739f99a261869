"""A routed question's column as its codebook's routing reads it.

A table of a routed question states the routing in its base ("respondents for whom q1 is
'Yes' who answered"). Data straight from a survey platform leaves a routed-out respondent's
cell blank, which reads as skipped, and a routed-out answer (a platform that did not
enforce the routing, a merge gone wrong) was counted in the base the line says excludes
it: 3 where those asked were 2. :meth:`tracktr.Survey.prepare` writes ``<not asked>`` and
:meth:`~tracktr.Survey.validate` lists such answers; tabulating with ``survey=`` now does
the same for the question it counts, wherever the routing questions' columns are in the
data.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import SurveyValidationError, rows_named
from tracktr.missing import MARKERS, NOT_ASKED, SKIPPED

__all__ = [
    "follow_routing",
    "refuse_routed_out_ticks",
    "routed_column",
    "routed_out",
    "routing_columns",
]


def _routing_columns(survey: Any, question: str) -> list[str] | None:
    """Return the columns the question's routing reads, or None when it is not routed."""
    find = getattr(survey, "question", None)
    if find is None or getattr(survey, "asked", None) is None:
        return None  # a description of questions without routing (SurveyLike)
    ask_if = find(question).ask_if
    if ask_if is None:
        return None
    return [c for q in dict.fromkeys(ask_if.questions()) for c in survey.spec(q).columns]


def routing_columns(survey: Any, question: str, names: list[str]) -> list[str]:
    """Return the columns a question's routing reads, where all of them are in `names`.

    An engine frame counts its answer patterns with these columns too, so that the pandas
    count of the patterns follows the routing as a pandas frame's count does.
    """
    if survey is None:
        return []
    columns = _routing_columns(survey, question)
    if columns is None or any(c not in names for c in columns):
        return []
    return columns


def routed_out(data: pd.DataFrame, survey: Any, question: str) -> npt.NDArray[np.bool_] | None:
    """Return who the question's routing did not ask; None if unrouted, unreadable or no one."""
    columns = _routing_columns(survey, question)
    if columns is None or any(c not in data.columns for c in columns):
        return None
    out = ~survey.asked(data, question).to_numpy(dtype=bool)
    return out if out.any() else None


def refuse_routed_out_ticks(
    data: pd.DataFrame,
    ticked: pd.Series,
    where_ticked: npt.NDArray[np.bool_],
    survey: Any,
    question: str,
    *,
    patterns: bool = False,
) -> None:
    """Refuse the ticks of respondents a multi-response set's routing did not ask.

    `ticked` holds, for each such respondent (the rows `where_ticked` says, in order),
    the options ticked, joined ("A; B").
    """
    _refuse_routed_out_answers(
        data, ticked, where_ticked, survey=survey, question=question, patterns=patterns
    )


def routed_column(
    data: pd.DataFrame, series: pd.Series, survey: Any, question: str, *, patterns: bool = False
) -> pd.Series:
    """Return `series` with the blanks of routed-out respondents read as not asked.

    A routed-out respondent's blank or ``<skipped>`` becomes ``<not asked>`` (in a copy):
    both are outside the base, and the table's count of those not asked is then the
    routing's. Other missing markers (a declared ``<refused>``) are left as they are, as
    :meth:`~tracktr.Survey.validate` leaves them, and so is anything that is not one of
    the question's options (a code of data not yet prepared), which the count then
    refuses as before. Where a routing question's column is not in `data`, the routing
    cannot be read and `series` is returned as it is. `patterns`: `data` is an engine
    frame's answer patterns, counted (its rows are no respondents to name).

    Raises
    ------
    tracktr.SurveyValidationError
        For an option (or don't know) answered by a respondent the routing did not ask,
        naming the respondents and values; ``failures`` lists them as
        :meth:`~tracktr.Survey.validate` does (check ``"answered_not_asked"``).
    """
    return follow_routing(
        data, series, survey, question, routed_out(data, survey, question), patterns=patterns
    )


def follow_routing(
    data: pd.DataFrame,
    series: pd.Series,
    survey: Any,
    question: str,
    out: npt.NDArray[np.bool_] | None,
    *,
    patterns: bool = False,
) -> pd.Series:
    """:func:`routed_column` with who was routed out (`out`) read once by the caller.

    A grid reads its routing once for all its items. Only the routed-out cells are
    looked at: the others are read as they were.
    """
    if out is None:
        return series
    rows = np.flatnonzero(out)
    cells = series.iloc[rows]
    answered = _answers(cells, survey, question)
    if answered.any():
        where = np.zeros(len(series), dtype=bool)
        where[rows[answered]] = True
        answers = pd.Series(cells.to_numpy(dtype=object)[answered], name=series.name)
        _refuse_routed_out_answers(
            data, answers, where, survey=survey, question=question, patterns=patterns
        )
    change = rows[_blank(cells) | cells.isin([SKIPPED]).to_numpy(dtype=bool)]
    if not change.size:
        return series
    values = series.astype(object).to_numpy(dtype=object, copy=True)
    values[change] = NOT_ASKED
    return pd.Series(values, index=series.index, name=series.name)


def _answers(series: pd.Series, survey: Any, question: str) -> npt.NDArray[np.bool_]:
    """Which cells are answers to the question.

    An option; for a question without options (a number), anything but a blank, a missing
    marker or a code the codebook declares missing.
    """
    options = survey.spec(question).options
    if options:
        return series.isin(options).to_numpy(dtype=bool)
    codes = [c for kind in getattr(survey, "missing", {}).values() for c in kind]
    return ~(_blank(series) | series.isin([*MARKERS, *codes]).to_numpy(dtype=bool))


def _blank(series: pd.Series) -> npt.NDArray[np.bool_]:
    """Which cells are blank: missing, or text of spaces alone (a CSV read as text)."""
    blank = series.isna().to_numpy(dtype=bool)
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        text = series.astype(object).map(lambda v: isinstance(v, str) and not v.strip())
        return np.asarray(blank | text.to_numpy(dtype=bool), dtype=bool)
    return blank


def _refuse_routed_out_answers(
    data: pd.DataFrame,
    answers: pd.Series,
    where_answered: npt.NDArray[np.bool_],
    *,
    survey: Any,
    question: str,
    patterns: bool,
) -> None:
    """Raise for the answers (positions `where_answered` of `data`) of routed-out rows.

    Respondents are found by position: a frame's index may repeat a label (two waves
    concatenated), and a label would find every row holding it.
    """
    from tracktr.survey._checks import ANSWERED_NOT_ASKED
    from tracktr.survey._validate import FAILURE_COLUMNS

    ids_column = getattr(survey, "respondent_id", None)
    if patterns:
        ids: Any = [None] * len(answers)
    elif ids_column in data.columns:
        ids = data[ids_column].to_numpy(dtype=object)[where_answered]
    else:
        ids = data.index[where_answered]
    check, expected = ANSWERED_NOT_ASKED
    failures = pd.DataFrame(
        {
            "question": question,
            "column": answers.name,
            "respondent_id": list(ids),
            "value": answers.to_numpy(dtype=object),
            "check": check,
            "expected": expected,
        },
        columns=list(FAILURE_COLUMNS),
    )
    asked = survey.spec(question).base_description or "those the routing asks"
    shown = list(dict.fromkeys(answers.astype(str)))[:5]
    if patterns:
        where = "in rows of the frame (filter it on the routing and this column to list them)"
    else:
        who = "respondents" if ids_column in data.columns else "rows"
        where = f"{who} {rows_named(list(ids))}"
    msg = (
        f"question {question!r}: respondent(s) its routing did not ask hold answers {shown}: "
        f"{where}. Counted, they would be in a base described as {asked!r}, which leaves "
        "them out."
    )
    hint = (
        "Hint: survey.validate(data) lists every answer that breaks the routing "
        f"(check {check!r}); correct the routing question or the answer, or blank the cell "
        "if the routing is right."
    )
    raise SurveyValidationError(f"{msg}\n\n{hint}", failures=failures)

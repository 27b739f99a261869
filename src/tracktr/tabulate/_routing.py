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

import pandas as pd

from tracktr.exceptions import SurveyValidationError, rows_named
from tracktr.missing import NOT_ASKED, SKIPPED

__all__ = ["routed_column"]


def _routing_columns(survey: Any, question: str) -> list[str] | None:
    """Return the columns the question's routing reads, or None when it is not routed."""
    find = getattr(survey, "question", None)
    if find is None or getattr(survey, "asked", None) is None:
        return None  # a description of questions without routing (SurveyLike)
    ask_if = find(question).ask_if
    if ask_if is None:
        return None
    return [c for q in dict.fromkeys(ask_if.questions()) for c in survey.spec(q).columns]


def routed_column(data: pd.DataFrame, series: pd.Series, survey: Any, question: str) -> pd.Series:
    """Return `series` with the blanks of routed-out respondents read as not asked.

    A routed-out respondent's blank or ``<skipped>`` becomes ``<not asked>`` (in a copy):
    both are outside the base, and the table's count of those not asked is then the
    routing's. Where a routing question's column is not in `data`, the routing cannot be
    read and `series` is returned as it is.

    Raises
    ------
    tracktr.SurveyValidationError
        For an answer (an option, don't know, a refusal) of a respondent the routing says
        was not asked, naming the rows and values; ``failures`` lists them.
    """
    columns = _routing_columns(survey, question)
    if columns is None or any(c not in data.columns for c in columns):
        return series
    out = ~survey.asked(data, question).to_numpy(dtype=bool)
    if not out.any():
        return series
    blank = series.isna().to_numpy(dtype=bool) | series.isin([SKIPPED]).to_numpy(dtype=bool)
    not_asked = series.isin([NOT_ASKED]).to_numpy(dtype=bool)
    answered = out & ~blank & ~not_asked
    if answered.any():
        _refuse_routed_out_answers(series[answered], survey, question)
    change = out & blank
    if not change.any():
        return series
    values = series.astype(object).to_numpy(dtype=object, copy=True)
    values[change] = NOT_ASKED
    return pd.Series(values, index=series.index, name=series.name)


def _refuse_routed_out_answers(answers: pd.Series, survey: Any, question: str) -> None:
    asked = survey.spec(question).base_description or "those the routing asks"
    failures = pd.DataFrame(
        {
            "question": question,
            "row": answers.index,
            "value": answers.to_numpy(dtype=object),
            "check": "answered_but_not_asked",
        }
    )
    shown = list(dict.fromkeys(answers.astype(str)))[:5]
    msg = (
        f"question {question!r}: {len(answers)} respondent(s) its routing did not ask hold "
        f"answers {shown}, in rows {rows_named(list(answers.index))}. Counted, they would "
        f"be in a base described as {asked!r}, which leaves them out."
    )
    hint = (
        "Hint: survey.validate(data) lists every answer that breaks the routing; correct "
        "the routing question or the answer, or blank the cell if the routing is right."
    )
    raise SurveyValidationError(f"{msg}\n\n{hint}", failures=failures)

"""Routing on an item of a grid: ask_if = {question = grid, item = ..., in = [...]}."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings

import tracktr as tt
from tracktr.testing import responses

SCALE = ["Agree", "Disagree", {"label": "Don't know", "dont_know": True}]
ITEMS = [
    {"id": "demand", "label": "Demand has risen", "column": "views_demand"},
    {"id": "costs", "label": "Costs have risen", "column": "views_costs"},
]


def codebook(ask_if: dict[str, object]) -> dict[str, object]:
    return {
        "title": "Views",
        "questions": [
            {"id": "views", "type": "grid", "text": "Do you agree?", "options": SCALE,
             "items": ITEMS},
            {"id": "response", "type": "single", "text": "How have you responded?",
             "options": ["Hired staff", "Waiting list"], "ask_if": ask_if},
        ],
    }  # fmt: skip


SURVEY = tt.Survey.from_dict(codebook({"question": "views", "item": "demand", "in": ["Agree"]}))


def test_follow_up_is_asked_of_those_who_agreed() -> None:
    raw = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "views_demand": ["Agree", "Disagree", "Agree", None],
            "views_costs": ["Disagree", "Agree", "Agree", "Agree"],
            "response": ["Hired staff", None, None, None],
        }
    )
    data = SURVEY.prepare(raw).data
    assert data["response"].tolist() == ["Hired staff", "<not asked>", "<skipped>", "<not asked>"]
    table = tt.frequencies(data, "response", survey=SURVEY)
    assert table.base_line() == (
        "Base: respondents for whom views (demand) is 'Agree' who answered (n=1)."
    )
    assert int(table.excluded.loc["skipped", "All"]) == 1
    assert int(table.excluded.loc["not_asked", "All"]) == 2


def test_answer_from_someone_not_routed_is_a_failure() -> None:
    frame = pd.DataFrame(
        {
            "respondent_id": [1],
            "views_demand": ["Disagree"],
            "views_costs": ["Agree"],
            "response": ["Hired staff"],
        }
    )
    with pytest.raises(tt.SurveyValidationError, match="answered_not_asked"):
        SURVEY.validate(frame)


def test_item_by_label_and_round_trip(tmp_path: object) -> None:
    survey = tt.Survey.from_dict(
        codebook({"question": "views", "item": "Costs have risen", "in": ["Agree"]})
    )
    frame = pd.DataFrame(
        {"views_demand": ["Agree"], "views_costs": ["Disagree"], "response": [None]}
    )
    assert not survey.asked(frame, "response").iloc[0]
    again = tt.Survey.from_dict(SURVEY.to_dict())
    assert again.question("response").ask_if == SURVEY.question("response").ask_if


@pytest.mark.parametrize(
    ("ask_if", "message"),
    [
        ({"question": "views", "in": ["Agree"]}, "grid 'views' names no item"),
        ({"question": "views", "item": "wages", "in": ["Agree"]}, "unknown item 'wages'"),
        ({"question": "views", "item": "demand", "in": ["Yes"]}, r"unknown options \['Yes'\]"),
    ],
)
def test_grid_routing_is_checked(ask_if: dict[str, object], message: str) -> None:
    with pytest.raises(tt.CodebookError, match=message):
        tt.Survey.from_dict(codebook(ask_if))


def test_item_on_a_question_that_is_not_a_grid() -> None:
    mapping = codebook({"question": "views", "item": "demand", "in": ["Agree"]})
    mapping["questions"].append(  # type: ignore[attr-defined]
        {"id": "extra", "type": "single", "text": "E?", "options": ["A"],
         "ask_if": {"question": "response", "item": "x", "in": ["Hired staff"]}}
    )  # fmt: skip
    with pytest.raises(tt.CodebookError, match="names item 'x' of 'response', which is not a"):
        tt.Survey.from_dict(mapping)


@settings(max_examples=20)
@given(responses(SURVEY, min_size=1, max_size=15))
def test_generated_responses_respect_grid_routing(frame: pd.DataFrame) -> None:
    checked = SURVEY.validate(frame)
    asked = SURVEY.asked(checked, "response")
    answered = (
        ~checked["response"].astype(object).isin(["<not asked>"]) & checked["response"].notna()
    )
    assert not (answered & ~asked).any()

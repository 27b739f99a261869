"""Validation failures of near-miss labels: "did you mean", and a hint naming the fix."""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt

NEAR = tt.Survey.from_dict(
    {
        "title": "Members",
        "questions": [
            {
                "id": "secure",
                "type": "single",
                "text": "Is your funding secure?",
                "options": ["Yes", "No", "Don't know"],
            },
            {
                "id": "topics",
                "type": "multi",
                "form": "delimited",
                "text": "Topics?",
                "options": ["Housing", "Employment"],
            },
        ],
    }
)


@pytest.mark.parametrize(
    ("value", "suggested"),
    [
        ("don't know", "Don't know"),  # case
        ("Don\u2019t know", "Don't know"),  # curly apostrophe
        ("  Don't   know ", "Don't know"),  # spacing
        ("YES", "Yes"),
        ("Dont know", "Don't know"),  # a slip of spelling (difflib)
    ],
)
def test_unknown_value_suggests_the_near_label(value: str, suggested: str) -> None:
    data = pd.DataFrame({"respondent_id": [1], "secure": [value], "topics": ["Housing"]})
    with pytest.raises(tt.SurveyValidationError) as info:
        NEAR.validate(data)
    expected = info.value.failures["expected"].tolist()
    assert expected == [f"one of ['Yes', 'No', \"Don't know\"]; did you mean {suggested!r}?"]
    message = str(info.value)
    assert f"did you mean {suggested!r}?" in message
    assert "Hint: 1 value(s) differ from an option label only by case" in message
    assert f"data.replace({{'secure': {{{value!r}: {suggested!r}}}}})" in message
    assert "tt.recode.collapse()" in message


def test_unknown_value_without_a_near_label_has_no_suggestion() -> None:
    data = pd.DataFrame({"respondent_id": [1], "secure": ["Perhaps"], "topics": ["Housing"]})
    with pytest.raises(tt.SurveyValidationError, match=r"expected one of \[.*\]\n") as info:
        NEAR.validate(data)
    assert "did you mean" not in str(info.value)
    assert "tt.recode.collapse" not in str(info.value)


def test_delimited_unknown_part_is_suggested_without_a_replace_hint() -> None:
    data = pd.DataFrame({"respondent_id": [1], "secure": ["Yes"], "topics": ["Housing;employment"]})
    with pytest.raises(tt.SurveyValidationError, match="did you mean 'Employment'") as info:
        NEAR.prepare(data)
    assert "data.replace" not in str(info.value)


def test_the_suggested_fix_works() -> None:
    data = pd.DataFrame(
        {"respondent_id": [1, 2], "secure": ["don't know", "Yes"], "topics": [None, None]}
    )
    fixed = data.replace({"secure": {"don't know": "Don't know"}})
    assert NEAR.prepare(fixed).data["secure"].tolist() == ["Don't know", "Yes"]
    assert data["secure"].tolist() == ["don't know", "Yes"]  # the input is not changed

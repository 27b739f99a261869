"""Hostile inputs of the weighted "real survey" paths (hK13): weights, books, designs."""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt


@pytest.fixture
def members() -> pd.DataFrame:
    return pd.DataFrame({"q": ["a", "b", "a"], "g": ["x", "y", "y"], "w": [1.0, 2.0, 1.0]})


@pytest.mark.parametrize(
    "call",
    [
        lambda d: tt.frequencies(d, "q", weights="weight"),
        lambda d: tt.crosstab(d, "q", "g", weights="weight"),
        lambda d: tt.compare_groups(d, "q", "g", weights="weight"),
    ],
    ids=["frequencies", "crosstab", "compare_groups"],
)
def test_a_missing_weights_column_is_named_as_the_weights(members, call) -> None:
    # It read "question 'weight': column(s) ['weight'] are not in the data", as if the
    # codebook lacked a question, and its hint listed no column like 'w'.
    with pytest.raises(tt.QuestionNotFoundError, match=r"^weights 'weight' is not a column") as err:
        call(members)
    assert "question" not in str(err.value)
    assert "'w'" in str(err.value)  # the hint lists the data's columns


def test_a_tabbook_names_its_missing_weights_column(members) -> None:
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
    ]})  # fmt: skip
    with pytest.raises(tt.QuestionNotFoundError, match=r"^weights 'wt' is not a column"):
        tt.tabbook(members, survey, banners=["g"], weights="wt")


def test_a_repeated_weights_column_is_refused_as_the_weights(members) -> None:
    doubled = pd.concat([members, members[["w"]]], axis=1)
    with pytest.raises(tt.InvalidDataError, match="weights 'w'"):
        tt.frequencies(doubled, "q", weights="w")

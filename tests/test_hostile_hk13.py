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


_DECLARED = {
    "title": "T",
    "design": {"weights": "w"},
    "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
        {"id": "g", "type": "single", "text": "G?", "options": ["a", "b"]},
        {"id": "s", "type": "multi", "text": "S?", "form": "indicator",
         "options": [{"label": "X", "column": "s_x"}, {"label": "Y", "column": "s_y"}]},
    ],
}  # fmt: skip
_NOTE = (
    "Unweighted: the codebook's [design] weights respondents by 'w', which this table did "
    "not use (tt.tabbook and tt.design do); pass weights='w' to weight it."
)


@pytest.fixture
def declared() -> tuple[pd.DataFrame, tt.Survey]:
    data = pd.DataFrame({
        "q": ["Yes", "No", "Yes", "No", "Yes", "Yes"], "g": ["a", "a", "b", "b", "b", "a"],
        "s_x": [1, 0, 1, 1, 0, 1], "s_y": [0, 1, 1, 0, 1, 0], "w": [1.0, 5, 1, 1, 1, 1],
    })  # fmt: skip
    return data, tt.Survey.from_dict(_DECLARED)


@pytest.mark.parametrize(
    "call",
    [
        lambda d, s: tt.frequencies(d, "q", survey=s),
        lambda d, s: tt.frequencies(d, "q", survey=s, by="g"),
        lambda d, s: tt.crosstab(d, "q", "g", survey=s),
        lambda d, s: tt.multi_response(d, "s", survey=s),
        lambda d, s: tt.tabulate(d, "q", survey=s),
    ],
    ids=["frequencies", "by", "crosstab", "multi_response", "tabulate"],
)
def test_a_table_says_it_left_out_the_codebooks_design_weights(declared, call) -> None:
    # The same codebook printed Yes 40% in its tab book (weighted by its [design]) and 67%
    # from tt.frequencies(data, "q", survey=survey), with no word that it was unweighted.
    data, survey = declared
    table = call(data, survey)
    assert table.unweighted_bases is None  # still unweighted: the note, not new numbers
    assert table.notes.count(_NOTE) == 1
    assert tt.tabbook(data, survey, banners=["g"], questions=["q"]).weighted


def test_a_table_given_weights_has_no_such_note(declared) -> None:
    data, survey = declared
    weighted = tt.frequencies(data, "q", survey=survey, weights="w")
    assert weighted.percentages()["All"].tolist() == [40.0, 60.0]
    assert not any("[design]" in n for n in weighted.notes)
    plain = tt.frequencies(data, "q", survey=tt.Survey.from_dict({**_DECLARED, "design": {}}))
    assert not any("[design]" in n for n in plain.notes)


def test_a_summary_says_it_left_out_the_codebooks_design_weights() -> None:
    survey = tt.Survey.from_dict({
        "title": "T", "design": {"weights": "w"},
        "questions": [{"id": "x", "type": "numeric", "text": "Staff?"}],
    })  # fmt: skip
    data = pd.DataFrame({"x": [1.0, 2.0, 3.0], "w": [5.0, 1.0, 1.0]})
    plain = tt.summarise(data, "x", survey=survey)
    assert plain.to_frame()["mean"].tolist() == [2.0]  # unweighted (weighted: 12 / 7)
    assert plain.notes[-1] == (
        "Unweighted: the codebook's [design] weights respondents by 'w', which this summary "
        "did not use (tt.tabbook and tt.design do); pass weights='w' to weight it."
    )
    weighted = tt.summarise(data, "x", survey=survey, weights="w")
    assert not any("[design]" in n for n in weighted.notes)

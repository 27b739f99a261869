"""Tabulating a routed question with survey=: the base follows the routing."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

SURVEY = tt.Survey.from_dict(
    {
        "title": "T",
        "questions": [
            {"id": "q1", "type": "single", "text": "Q1", "options": ["Yes", "No"]},
            {
                "id": "q2",
                "type": "single",
                "text": "Q2",
                "options": ["Yes", "No"],
                "ask_if": {"question": "q1", "in": ["Yes"]},
            },
        ],
    }
)


def test_a_routed_out_answer_is_refused_not_counted() -> None:
    # Before: base n=3 (Yes 2, No 1) under "respondents for whom q1 is 'Yes'", of whom
    # there were 2: respondent 3 was routed out and his answer counted.
    data = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "q1": ["Yes", "Yes", "No", "No"],
            "q2": ["Yes", "No", "Yes", None],
        }
    )
    before = data.copy()
    with pytest.raises(
        tt.SurveyValidationError, match=r"answers \['Yes'\]: respondents \[3\]"
    ) as e:
        tt.frequencies(data, "q2", survey=SURVEY)
    failures = e.value.failures
    assert failures[["respondent_id", "value", "check"]].values.tolist() == [
        [3, "Yes", "answered_not_asked"]  # as survey.validate(data) names it
    ]
    with pytest.raises(tt.SurveyValidationError) as validated:
        SURVEY.validate(data)
    assert list(failures.columns) == list(validated.value.failures.columns)
    pd.testing.assert_frame_equal(data, before)


@pytest.mark.parametrize("blank", [None, float("nan"), tt.missing.SKIPPED])
def test_a_routed_out_blank_is_not_asked(blank: object) -> None:
    # Before: counted as skipped (skipped 1, not asked 0), as though the routing asked them.
    data = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "q1": ["Yes", "Yes", "No", "No"],
            "q2": ["Yes", None, blank, "<not asked>"],
        }
    )
    table = tt.frequencies(data, "q2", survey=SURVEY, by="q1")
    assert table.counts["All"].tolist() == [1, 0]
    assert table.excluded["All"].to_dict() == {"skipped": 1, "not_asked": 2, "refused": 0}
    if blank is None:  # as the prepared data counts them
        prepared = SURVEY.prepare(data).data
        assert tt.frequencies(prepared, "q2", survey=SURVEY, by="q1").excluded.equals(
            table.excluded
        )


def test_without_the_routing_column_the_column_is_counted_as_it_is() -> None:
    data = pd.DataFrame({"q2": ["Yes", "No", None]})
    table = tt.frequencies(data, "q2", survey=SURVEY)
    assert table.bases["All"] == 2
    assert table.excluded["All"].to_dict() == {"skipped": 1, "not_asked": 0, "refused": 0}


def test_summarise_follows_the_routing_too() -> None:
    # Before: n=3, mean 2, counting respondent 3's answer though the routing left him out.
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "q1", "type": "single", "text": "Q1", "options": ["Yes", "No"]},
                {
                    "id": "n",
                    "type": "numeric",
                    "text": "N",
                    "ask_if": {"question": "q1", "in": ["Yes"]},
                },
            ],
        }
    )
    data = pd.DataFrame({"q1": ["Yes", "Yes", "No", "No"], "n": [1, 2, None, None]})
    summary = tt.summarise(data, "n", survey=survey)
    assert summary.excluded["All"].to_dict() == {"skipped": 0, "not_asked": 2, "refused": 0}
    answered = data.assign(n=[1, 2, 3, None])
    with pytest.raises(tt.SurveyValidationError, match=r"rows \[2\]"):
        tt.summarise(answered, "n", survey=survey)


def test_a_declared_refusal_of_a_routed_out_respondent_is_counted_as_validate_allows() -> None:
    survey = tt.Survey.from_dict({**SURVEY.to_dict(), "missing": {"refused": [-9]}})
    data = pd.DataFrame({"q1": ["Yes", "Yes", "No"], "q2": ["Yes", "No", tt.missing.REFUSED]})
    table = tt.frequencies(data, "q2", survey=survey)
    assert table.excluded["All"].to_dict() == {"skipped": 0, "not_asked": 0, "refused": 1}


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_an_engine_frame_follows_the_routing_as_pandas_does(engine: str) -> None:
    # Before: polars counted the routed-out answer ({'Yes': 2, 'No': 1}, n=3 of 2 asked)
    # and a routed-out blank as skipped, where pandas refused the one and said not asked.
    pytest.importorskip(engine)
    frame = pd.DataFrame({"q1": ["Yes", "Yes", "No", "No"], "q2": ["Yes", "No", None, None]})

    def held(data: pd.DataFrame) -> object:
        if engine == "polars":
            import polars as pl

            return pl.from_pandas(data)
        import duckdb

        return duckdb.from_df(data)

    table = tt.frequencies(held(frame), "q2", survey=SURVEY, by="q1")
    expected = tt.frequencies(frame, "q2", survey=SURVEY, by="q1")
    assert table.counts.equals(expected.counts)
    assert table.excluded.to_dict() == expected.excluded.to_dict()
    assert table.excluded["All"]["not_asked"] == 2
    answered = frame.assign(q2=["Yes", "No", "Yes", None])
    with pytest.raises(tt.SurveyValidationError, match=r"answers \['Yes'\]: in rows of the"):
        tt.frequencies(held(answered), "q2", survey=SURVEY)


SET_SURVEY = tt.Survey.from_dict(
    {
        "title": "T",
        "questions": [
            {"id": "q1", "type": "single", "text": "Q1", "options": ["Yes", "No"]},
            {
                "id": "m",
                "type": "multi",
                "text": "M",
                "ask_if": {"question": "q1", "in": ["Yes"]},
                "options": [{"label": "A", "column": "m_a"}, {"label": "B", "column": "m_b"}],
            },
            {
                "id": "gr",
                "type": "grid",
                "text": "G",
                "ask_if": {"question": "q1", "in": ["Yes"]},
                "items": [{"id": "i1", "label": "I1", "column": "gr_i1"}],
                "options": ["Good", "Bad"],
            },
        ],
    }
)


def test_a_multi_response_set_and_a_grid_follow_the_routing() -> None:
    # Before: respondent 3 (routed out) was in both bases: n=3 where 2 were asked.
    data = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "q1": ["Yes", "Yes", "No", "No"],
            "m_a": [1, 0, 1, 0],
            "m_b": [0, 1, 1, 0],
            "gr_i1": ["Good", "Bad", "Good", None],
        }
    )
    with pytest.raises(tt.SurveyValidationError, match=r"answers \['A; B'\]: respondents \[3\]"):
        tt.multi_response(data, "m", survey=SET_SURVEY)
    with pytest.raises(tt.SurveyValidationError, match=r"answers \['Good'\]: respondents \[3\]"):
        tt.grid(data, "gr", survey=SET_SURVEY)
    routed = data.assign(m_a=[1, 0, 0, 0], m_b=[0, 1, 0, 0], gr_i1=["Good", "Bad", None, None])
    ticks = tt.multi_response(routed, "m", survey=SET_SURVEY, empty="answered")
    assert ticks.bases["All"] == 2  # respondents 3 and 4 are not asked, not "ticked none"
    assert ticks.excluded["All"]["not_asked"] == 2
    items = tt.grid(routed, "gr", survey=SET_SURVEY)
    assert items.bases.tolist() == [2]


def test_a_routed_out_answer_in_a_frame_whose_index_repeats_names_the_respondent() -> None:
    # Before: ValueError "All arrays must be of the same length": the respondent was looked
    # up by index label, and two waves concatenated share labels 0 and 1.
    data = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "q1": ["Yes", "No", "No", "Yes"],
            "q2": ["Yes", "No", None, None],
        },
        index=[0, 0, 1, 1],
    )
    with pytest.raises(tt.SurveyValidationError, match=r"respondents \[2\]") as error:
        tt.frequencies(data, "q2", survey=SURVEY)
    assert error.value.failures["respondent_id"].tolist() == [2]


def test_a_routed_out_cell_of_spaces_is_blank_not_an_answer() -> None:
    # Before: "  " (a CSV read as text) was refused as an answer given when not asked.
    data = pd.DataFrame({"q1": ["Yes", "No", "No"], "q2": ["Yes", "", "  "]})
    table = tt.frequencies(data, "q2", survey=SURVEY)
    assert table.excluded["All"]["not_asked"] == 2


ROUTED_SETS = tt.Survey.from_dict(
    {
        "title": "T",
        "questions": [
            {"id": "q1", "type": "single", "text": "Q1", "options": ["Yes", "No"]},
            {
                "id": "m",
                "type": "multi",
                "text": "M",
                "ask_if": {"question": "q1", "in": ["Yes"]},
                "options": [{"label": "A", "column": "m_a"}, {"label": "B", "column": "m_b"}],
            },
            {
                "id": "d",
                "type": "multi",
                "text": "D",
                "ask_if": {"question": "q1", "in": ["Yes"]},
                "form": "delimited",
                "separator": ";",
                "options": ["A", "B"],
            },
            {
                "id": "gr",
                "type": "grid",
                "text": "G",
                "ask_if": {"question": "q1", "in": ["Yes"]},
                "items": [
                    {"id": "i1", "label": "I1", "column": "gr_i1"},
                    {"id": "i2", "label": "I2", "column": "gr_i2"},
                ],
                "options": ["Good", "Bad"],
            },
        ],
    }
)


def validated(data: pd.DataFrame, question: str) -> pd.DataFrame:
    """The failures survey.validate finds for a question's routing, as it orders them."""
    with pytest.raises(tt.SurveyValidationError) as error:
        ROUTED_SETS.validate(data)
    failures = error.value.failures
    found = failures[
        (failures["question"] == question) & (failures["check"] == "answered_not_asked")
    ]
    return found.reset_index(drop=True)


def test_a_refused_set_lists_each_cell_as_validate_does() -> None:
    # Before (hN F4): one failure per respondent, column "m" (no such column), value
    # "A; B" (no such cell); validate lists each ticked cell: m_a 1, m_b 1, and m_b 1 of
    # respondent 4 (whose unticked m_a, a 0, is no answer: hX2 task 3, it was listed).
    data = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "q1": ["Yes", "Yes", "No", "No"],
            "m_a": [1, 0, 1, 0],
            "m_b": [0, 1, 1, 1],
        }
    )
    with pytest.raises(
        tt.SurveyValidationError, match=r"answers \['A; B', 'B'\]: respondents \[3, 4\]"
    ) as error:
        tt.multi_response(data, "m", survey=ROUTED_SETS)
    failures = error.value.failures
    assert failures[["column", "respondent_id", "value"]].values.tolist() == [
        ["m_a", 3, 1],
        ["m_b", 3, 1],
        ["m_b", 4, 1],
    ]
    pd.testing.assert_frame_equal(failures, validated(data, "m"), check_dtype=False)


def test_a_refused_delimited_set_lists_the_cell_as_validate_does() -> None:
    data = pd.DataFrame({"respondent_id": [7, 8], "q1": ["Yes", "No"], "d": ["A", "A;B"]})
    with pytest.raises(tt.SurveyValidationError, match=r"respondents \[8\]") as error:
        tt.multi_response(data, "d", survey=ROUTED_SETS)
    failures = error.value.failures
    assert failures[["column", "respondent_id", "value"]].values.tolist() == [["d", 8, "A;B"]]
    pd.testing.assert_frame_equal(failures, validated(data, "d"), check_dtype=False)


def test_a_refused_grid_lists_the_answers_of_every_item() -> None:
    # Before: only the first item's answers were refused (gr_i1 of respondent 3); those of
    # gr_i2 came up on the next run, after the first was corrected.
    data = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "q1": ["Yes", "Yes", "No", "No"],
            "gr_i1": ["Good", "Bad", "Good", None],
            "gr_i2": ["Good", None, "Bad", "Good"],
        }
    )
    with pytest.raises(
        tt.SurveyValidationError, match=r"answers \['Good', 'Bad'\]: respondents \[3, 4\]"
    ) as error:
        tt.grid(data, "gr", survey=ROUTED_SETS)
    failures = error.value.failures
    assert failures[["column", "respondent_id", "value"]].values.tolist() == [
        ["gr_i1", 3, "Good"],
        ["gr_i2", 3, "Bad"],
        ["gr_i2", 4, "Good"],
    ]
    pd.testing.assert_frame_equal(failures, validated(data, "gr"), check_dtype=False)


TICK = st.sampled_from([1, 0, True, False, None, tt.missing.SKIPPED])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["Yes", "No", None]), TICK, TICK), min_size=1, max_size=12)
)
def test_a_refused_set_lists_validates_cells_of_the_respondents_it_refuses(
    rows: list[tuple[object, object, object]],
) -> None:
    data = pd.DataFrame(
        {
            "respondent_id": range(1, len(rows) + 1),
            "q1": pd.Series([r[0] for r in rows], dtype=object),
            "m_a": pd.Series([r[1] for r in rows], dtype=object),
            "m_b": pd.Series([r[2] for r in rows], dtype=object),
        }
    )
    try:
        tt.multi_response(data, "m", survey=ROUTED_SETS)
    except tt.SurveyValidationError as error:
        failures = error.failures
        # Refused: those the routing did not ask who ticked something, and validate
        # lists exactly their ticks: a routed-out row of 0s is "not asked" to both (it
        # was a validation failure that the table read as not asked).
        ticked = data[["m_a", "m_b"]].eq(1).any(axis=1) & data["q1"].ne("Yes")
        refused = set(data.loc[ticked, "respondent_id"])
        assert set(failures["respondent_id"]) == refused
        pd.testing.assert_frame_equal(failures, validated(data, "m"), check_dtype=False)
    else:
        assert not (data[["m_a", "m_b"]].eq(1).any(axis=1) & data["q1"].ne("Yes")).any()
        try:
            ROUTED_SETS.validate(data)
        except tt.SurveyValidationError as error:  # another question's failure, not m's
            failures = error.failures
            assert not (
                (failures["question"] == "m") & (failures["check"] == "answered_not_asked")
            ).any()


def test_a_refusal_names_rows_labelled_by_tuples_whole() -> None:
    # Before (as committed in 4faefca): the labels of a MultiIndex were read into a 2-D
    # array and printed as lists, rows [['w1', 2], ['w2', 2]].
    data = pd.DataFrame(
        {
            "q1": ["Yes", "No", "No"],
            "gr_i1": ["Good", "Bad", None],
            "gr_i2": [None, "Good", "Good"],
        },
        index=pd.MultiIndex.from_tuples([("w1", 1), ("w1", 2), ("w2", 2)]),
    )
    with pytest.raises(
        tt.SurveyValidationError, match=re.escape("rows [('w1', 2), ('w2', 2)]. Counted")
    ) as error:
        tt.grid(data, "gr", survey=ROUTED_SETS)
    assert error.value.failures["respondent_id"].tolist() == [("w1", 2), ("w1", 2), ("w2", 2)]

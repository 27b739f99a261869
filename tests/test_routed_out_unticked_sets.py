"""A routed-out respondent's tick set of 0s is "not asked" to validation as to the table.

Survey platforms export a tick-all-that-apply set that was not asked as a row of 0s.
tt.multi_response reads such a row as not asked; Survey.validate() listed each 0 as
``answered_not_asked``, so the data a table accepted failed validation (and prepare()).
A tick, or a value that is not 0/1, of a routed-out respondent still fails.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import tracktr as tt
from tracktr.missing import NOT_ASKED

SURVEY = tt.Survey.from_dict(
    {
        "title": "Routed",
        "questions": [
            {"id": "f", "type": "single", "text": "F?", "options": ["Yes", "No"]},
            {
                "id": "t",
                "type": "multi",
                "text": "T?",
                "form": "indicator",
                "ask_if": {"question": "f", "in": ["Yes"]},
                "options": [
                    {"code": 1, "label": "A", "column": "t_a"},
                    {"code": 2, "label": "B", "column": "t_b"},
                ],
            },
            {
                "id": "d",
                "type": "multi",
                "text": "D?",
                "form": "delimited",
                "separator": ";",
                "ask_if": {"question": "f", "in": ["Yes"]},
                "options": ["A", "B"],
            },
        ],
    }
)


def _frame(repeat: int = 1, **columns: Any) -> pd.DataFrame:
    # Respondents 1-2 asked (f = Yes), 3-4 not: 3 holds a row of 0s, 4 of False.
    small = pd.DataFrame(
        {
            "f": ["Yes", "Yes", "No", "No"],
            "t_a": pd.Series([1, 0, 0, False], dtype=object),
            "t_b": pd.Series([0, 1, 0, False], dtype=object),
            "d": ["A", "A;B", None, None],
        }
    ).assign(**columns)
    frame = pd.concat([small] * repeat, ignore_index=True)
    frame.insert(0, "respondent_id", range(1, len(frame) + 1))
    return frame


@pytest.mark.parametrize("repeat", [1, 600])  # the cell-by-cell and the vectorised paths
def test_a_routed_out_row_of_zeros_validates(repeat: int) -> None:
    # Before: 4 failures a block, "answered_not_asked: question 't', column 't_a',
    # respondent 3: 0" and the same for t_b, and for respondent 4's False.
    data = _frame(repeat)
    checked = SURVEY.validate(data)
    assert len(checked) == 4 * repeat
    prepared = SURVEY.prepare(data)
    table = tt.multi_response(prepared.data, "t", survey=SURVEY)
    assert table.bases.tolist() == [2 * repeat]
    assert table.counts["All"].tolist() == [1 * repeat, 1 * repeat]
    assert table.excluded is not None
    assert table.excluded.loc["not_asked", "All"] == 2 * repeat


@pytest.mark.parametrize("repeat", [1, 600])
def test_a_routed_out_tick_still_fails_naming_only_the_ticked_box(repeat: int) -> None:
    data = _frame(repeat, t_b=pd.Series([0, 1, 1, False], dtype=object))
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"answered_not_asked: question 't', column 't_b', respondent 3: 1;",
    ) as caught:
        SURVEY.validate(data)
    failures = caught.value.failures
    # The ticked box only: respondent 3's t_a = 0 is no answer (it was listed too).
    assert failures[["column", "respondent_id", "value", "check"]].values.tolist()[:1] == [
        ["t_b", 3, 1, "answered_not_asked"]
    ]
    assert len(failures) == repeat
    # The table refuses the same respondents and lists the same cells.
    with pytest.raises(tt.SurveyValidationError) as refused:
        tt.multi_response(data, "t", survey=SURVEY)
    pd.testing.assert_frame_equal(refused.value.failures, failures, check_dtype=False)


def test_a_routed_out_value_that_is_not_binary_still_fails() -> None:
    data = _frame(t_a=pd.Series([1, 0, 2, False], dtype=object))
    with pytest.raises(tt.SurveyValidationError) as caught:
        SURVEY.validate(data)
    failures = caught.value.failures
    assert failures[["column", "respondent_id", "value", "check"]].values.tolist() == [
        ["t_a", 3, 2, "not_binary"]
    ]


def test_a_routed_out_delimited_answer_still_fails() -> None:
    data = _frame(d=["A", "A;B", "B", None])
    with pytest.raises(tt.SurveyValidationError) as caught:
        SURVEY.validate(data)
    assert caught.value.failures[["column", "respondent_id", "check"]].values.tolist() == [
        ["d", 3, "answered_not_asked"]
    ]


def test_the_pandera_schema_reads_a_row_of_zeros_as_validate_does() -> None:
    pytest.importorskip("pandera")
    schema = SURVEY.to_pandera()
    data = _frame()
    data[["t_a", "t_b"]] = data[["t_a", "t_b"]].astype(int)
    schema.validate(data)  # before: SchemaError "t: answered only if f is 'Yes'"
    ticked = data.assign(t_a=[1, 0, 1, 0])
    with pytest.raises(Exception, match="answered only if"):
        schema.validate(ticked)


def test_an_engine_frame_reads_a_row_of_zeros_as_pandas_does() -> None:
    pl = pytest.importorskip("polars")
    data = _frame()
    data[["t_a", "t_b"]] = data[["t_a", "t_b"]].astype(int)
    SURVEY.validate(pl.from_pandas(data))  # before: answered_not_asked for respondents 3, 4
    with pytest.raises(tt.SurveyValidationError) as caught:
        SURVEY.validate(pl.from_pandas(data.assign(t_a=[1, 0, 1, 0])))
    failures = caught.value.failures
    assert failures[["column", "respondent_id", "check"]].values.tolist() == [
        ["t_a", 3, "answered_not_asked"]
    ]


def test_prepare_writes_not_asked_into_the_blanks_of_a_routed_out_row_of_zeros() -> None:
    # Before: respondent 3 (not asked) holding [0, blank] had the blank filled with 0 as
    # "blank_in_answered_set", as if the set had been answered (and validation then
    # refused the 0s). Asked, [0, blank] is still an answer whose blank is a 0.
    data = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "f": ["Yes", "Yes", "No", "No"],
            "t_a": [1, 0, 0, None],
            "t_b": [None, None, None, None],
            "d": [None, None, None, None],
        }
    )
    prepared = SURVEY.prepare(data)
    assert prepared.data["t_b"].tolist() == [0, 0, NOT_ASKED, NOT_ASKED]
    changes = prepared.changes.set_index(["column", "respondent_id"])["reason"]
    assert changes[("t_b", 2)] == "blank_in_answered_set"
    assert changes[("t_b", 3)] == "blank"
    table = tt.multi_response(prepared.data, "t", survey=SURVEY)
    assert table.bases.tolist() == [1]  # respondent 2, asked, ticked nothing: skipped
    assert table.excluded is not None
    assert table.excluded["All"].tolist() == [1, 2, 0]

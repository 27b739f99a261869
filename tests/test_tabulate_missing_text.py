"""Text spelling a missing value ("nan", "None", "<NA>"...) is not counted as an answer.

``.map(str)`` (and ``astype(str)`` before pandas 3) writes NaN as "nan", None as "None"
and pd.NA as "<NA>"; a JSON or SQL export writes "null". Counted without declared options,
such text became an answer no respondent gave. It is refused (naming the question, the
value and the rows) where the options are read from the data; declared as an option, it is
an answer like any other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

SPELT = ["<NA>", "NULL", "NaN", "NaT", "None", "nan", "null"]


@pytest.mark.parametrize("text", SPELT)
def test_frequencies_refuse_a_missing_value_spelt_as_text(text: str) -> None:
    data = pd.DataFrame({"q": ["Yes", text, "No", text]}, index=[10, 11, 12, 13])
    with pytest.raises(tt.UnknownValueError, match=r"question 'q'.*rows \[11, 13\]") as caught:
        tt.frequencies(data, "q")
    assert caught.value.values == (text,)
    assert caught.value.rows == (11, 13)
    assert "Hint: if these cells hold no answer, make them missing" in str(caught.value)


def test_what_str_makes_of_blanks_is_refused() -> None:
    # The case itself: a column with blanks written out as text.
    answers = pd.Series(["Yes", np.nan, None, "No", pd.NA], dtype=object)
    data = pd.DataFrame({"q": answers.map(str)})
    match = r"question 'q': the text \['<NA>', 'None', 'nan'\] in rows \[1, 2, 4\]"
    with pytest.raises(tt.UnknownValueError, match=match):
        tt.frequencies(data, "q")


def test_a_grid_item_and_a_group_column_are_refused_too() -> None:
    data = pd.DataFrame(
        {"a": ["Good", "Bad", "nan"], "b": ["Good", "Good", "Bad"], "g": ["x", "<NA>", "y"]}
    )
    with pytest.raises(tt.UnknownValueError, match=r"question 'grid' \(column 'a'\).*'nan'"):
        tt.grid(data, "grid", columns=["a", "b"])
    with pytest.raises(tt.UnknownValueError, match=r"question 'g'.*'<NA>'.*rows \[1\]"):
        tt.frequencies(data, "b", by="g")
    with pytest.raises(tt.UnknownValueError, match=r"question 'a'.*'nan'.*rows \[2\]"):
        tt.design.estimate_proportions(data, "a", design=tt.Design())


@pytest.mark.parametrize("text", SPELT)
def test_a_declared_option_of_that_text_is_an_answer(text: str) -> None:
    # "None" is a real answer to "How many staff?": declared, it is counted (2 of 3).
    data = pd.DataFrame({"q": [text, "1 to 5", text, None]})
    table = tt.frequencies(data, "q", options=[text, "1 to 5"])
    assert table.counts["All"].tolist() == [2, 1]
    assert table.bases.tolist() == [3]
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "q", "type": "single", "text": "Staff?", "options": [text, "1 to 5"]}
            ],
        }
    )
    assert tt.frequencies(data, "q", survey=survey).counts["All"].tolist() == [2, 1]
    shares = tt.design.estimate_proportions(data, "q", options=[text, "1 to 5"], design=tt.Design())
    assert shares.to_frame()["option"].tolist() == [text, "1 to 5"]


def test_an_unused_category_of_that_text_is_no_answer_and_not_refused() -> None:
    data = pd.DataFrame({"q": pd.Categorical(["Yes", "No"], categories=["Yes", "No", "nan"])})
    assert tt.frequencies(data, "q").counts["All"].tolist() == [1, 1, 0]


@settings(max_examples=60, deadline=None)
@given(answers=st.lists(st.sampled_from(["Yes", "No", "none", "NA", *SPELT, None]), min_size=1))
def test_refused_exactly_when_a_spelt_missing_value_is_there(answers: list[str | None]) -> None:
    data = pd.DataFrame({"q": answers})
    spelt = sorted({a for a in answers if a in SPELT})
    if spelt:
        with pytest.raises(tt.UnknownValueError) as caught:
            tt.frequencies(data, "q")
        assert sorted(caught.value.values) == spelt
        return
    counted = tt.frequencies(data, "q").counts["All"]
    # Lower-case "none" and "NA" are answers: no stringified blank looks like them.
    expected = pd.Series([a for a in answers if a is not None]).value_counts()
    assert counted.to_dict() == expected.to_dict()

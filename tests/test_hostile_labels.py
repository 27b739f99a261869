"""Labels pandas reads as something else, and labels that print as nothing.

A boolean group column (``True``/``False``), groups that are tuples, and answers of empty
text: each test says what the old code did.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import tracktr as tt

DATA = pd.DataFrame(
    {
        "q": ["p", "q", "p", "q", "p", "p"] * 4,
        "member": [True, False, True, None, False, True] * 4,
    }
)


@pytest.mark.parametrize(
    ("against", "total"), [("pairs", True), ("pairs", False), ("total", True), ("rest", True)]
)
def test_boolean_groups_are_compared_as_their_text(against: str, total: bool) -> None:
    # Old: IndexError "Boolean index has wrong length" (pandas read the list of groups
    # [False, True] as a mask) whenever the table had its total column.
    as_text = DATA.assign(member=DATA["member"].map({True: "True", False: "False"}))
    found = tt.compare_groups(DATA, "q", "member", against=against, total=total)  # type: ignore[arg-type]
    expected = tt.compare_groups(as_text, "q", "member", against=against, total=total)  # type: ignore[arg-type]
    left, right = found.to_frame(), expected.to_frame()
    assert left["group"].astype(str).tolist() == right["group"].tolist()
    assert left["p_value"].tolist() == pytest.approx(right["p_value"].tolist(), rel=1e-12)


def test_tuple_groups_are_refused_with_what_to_do() -> None:
    # Old: KeyError "None of [Index(['b'])] are in the [columns]" (a tuple label read as
    # a key of several levels).
    data = DATA.assign(member=[("a",), ("b",)] * 12)
    with pytest.raises(tt.InvalidOptionError, match=r"are tuples.*\n\nHint: label them as text"):
        tt.compare_groups(data, "q", "member")


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_answers_of_empty_text_are_refused_with_their_rows(blank: str) -> None:
    # Old: counted as an option printed with no label (a row with no name).
    data = pd.DataFrame({"q": ["a", blank, "b", "a"], "g": ["x", "y", blank, "x"]})
    with pytest.raises(tt.InvalidOptionError, match=r"options \[.*\] empty text in rows \[1\]"):
        tt.frequencies(data, "q")
    with pytest.raises(tt.InvalidOptionError, match=r"groups \[.*\] empty text in rows \[2\]"):
        tt.frequencies(data.assign(q="a"), "q", by="g")
    # As the message says: read as no answer, the table is made.
    cleaned = data["q"].replace(r"^\s*$", None, regex=True)
    assert tt.frequencies(data.assign(q=cleaned), "q").bases.tolist() == [3]


KINDS = tt.Survey.from_dict(
    {
        "title": "Kinds",
        "questions": [
            {
                "id": "rate",
                "type": "grid",
                "text": "Rate us",
                "options": ["Good", "Poor"],
                "items": [
                    {"id": "advice", "label": "Advice"},
                    {"id": "training", "label": "Training"},
                ],
            },
            {"id": "where", "type": "multi", "text": "Where?", "options": ["Prison", "Community"]},
            {"id": "size", "type": "single", "text": "Size?", "options": ["S", "L"]},
        ],
    }
)
ANSWERS = pd.DataFrame(
    {
        "respondent_id": [1, 2, 3],
        "rate_advice": ["Good", "Good", None],
        "rate_training": ["Poor", "Poor", "Poor"],
        "where_1": [1, 0, 1],
        "where_2": [1, 1, 0],
        "size": ["S", "L", "S"],
    }
)


@pytest.mark.parametrize(
    ("function", "question", "instead"),
    [
        (tt.frequencies, "rate", "tt.grid"),
        (tt.frequencies, "where", "tt.multi_response"),
        (tt.grid, "where", "tt.multi_response"),
        (tt.multi_response, "rate", "tt.grid"),
        (tt.multi_response, "size", "tt.frequencies"),
    ],
)
def test_a_question_of_another_kind_is_refused_with_its_function(
    function: Any, question: str, instead: str
) -> None:
    # Old: frequencies() of the grid 'rate' counted its first item alone (Good 2, Poor 0,
    # n=2) under the whole question's title; the other item's three answers were gone.
    data = KINDS.prepare(ANSWERS).data
    with pytest.raises(tt.InvalidOptionError, match=f"Hint: tabulate it with {instead}\\("):
        function(data, question, survey=KINDS)


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_a_tab_book_refuses_a_tick_column_the_codebook_lacks(engine: str) -> None:
    # Old: tt.tabbook() left where_3 out, and respondent 3 (who ticked only it) fell out
    # of the base: n=2 for a set three organisations answered, without a word.
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "where", "type": "multi", "text": "Where?", "options": ["A", "B"]},
                {"id": "size", "type": "single", "text": "Size?", "options": ["S", "L"]},
            ],
        }
    )
    data = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3],
            "where_1": [1, 0, 0],
            "where_2": [0, 1, 0],
            "where_3": [1, 1, 1],
            "where_other": ["", "x", ""],
            "size": ["S", "L", "S"],
        }
    )
    frame: Any = data if engine == "pandas" else pytest.importorskip("polars").from_pandas(data)
    with pytest.raises(tt.InvalidOptionError, match=r"\['where_3'\] are named like options"):
        tt.tabbook(frame, survey, banners=["size"])
    book = tt.tabbook(data.drop(columns="where_3"), survey, banners=["size"])
    assert book.section("where").blocks[0].table is not None

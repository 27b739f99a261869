"""Respondents with a weight of 0: in n, in no weighted figure, and named in a note.

Before, a weighted table printed ``y n=2`` where one of the two had a weight of 0: nothing
said that its percentages rest on one respondent (``tt.summarise`` said so of its
statistics; the tables did not). Hand counts are in the comments.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt

Q = {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]}
G = {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]}
SURVEY = tt.Survey.from_dict(
    {
        "title": "T",
        "questions": [
            Q,
            G,
            {"id": "m", "type": "multi", "text": "M?", "options": ["A", "B"]},
            {"id": "r", "type": "grid", "text": "R?", "options": ["Yes", "No"],
             "items": ["one", "two"]},
        ],
    }
)  # fmt: skip

# x: rows 0, 1, 4 (weights 1, 0, 1); y: rows 2, 3 (weights 2, 0). Weight 0: rows 1 and 3.
FIVE = pd.DataFrame(
    {
        "respondent_id": [1, 2, 3, 4, 5],
        "q": ["a", "a", "b", "b", "b"],
        "g": ["x", "x", "y", "y", "x"],
        "w": [1.0, 0.0, 2.0, 0.0, 1.0],
        "m_1": [1, 0, 1, 1, 0],
        "m_2": [0, 1, 1, 0, 1],
        "r_1": ["Yes", "No", None, "No", "Yes"],
        "r_2": ["No", "No", "Yes", "Yes", "Yes"],
    }
)
NOTE = (
    "Weight 0: x (1 of n=3), y (1 of n=2), All (2 of n=5). These respondents are in n and "
    "add nothing to the weighted percentages."
)


def test_a_crosstab_names_the_respondents_of_weight_0_in_each_base() -> None:
    table = tt.frequencies(FIVE, "q", by="g", weights="w", survey=SURVEY)
    assert table.zero_weights.tolist() == [1, 1, 2]
    assert table.unweighted_bases.tolist() == [3, 2, 5]
    assert NOTE in table.notes
    assert NOTE in table.to_markdown()


def test_a_tick_set_counts_respondents_not_ticks() -> None:
    # Row 1 (weight 0, x) ticked B; row 3 (weight 0, y) ticked A: one respondent each.
    table = tt.multi_response(FIVE, "m", by="g", weights="w", survey=SURVEY)
    assert table.zero_weights.tolist() == [1, 1, 2]
    responses = tt.multi_response(
        FIVE, "m", by="g", weights="w", survey=SURVEY, percent_of="responses"
    )
    assert responses.zero_weights.tolist() == [1, 1, 2]
    assert NOTE in table.notes


def test_a_grid_counts_each_items_base() -> None:
    # Item one: rows 0, 1, 3, 4 answered (row 2 blank): weight 0 are rows 1, 3 (2 of 4).
    # Item two: all five answered: rows 1, 3 (2 of 5).
    table = tt.grid(FIVE, "r", weights="w", survey=SURVEY)
    assert table.zero_weights.tolist() == [2, 2]
    assert table.unweighted_bases.tolist() == [4, 5]
    assert "Weight 0: one (2 of n=4), two (2 of n=5)." in " ".join(table.notes)


def test_no_weight_of_0_no_note_and_unweighted_tables_none() -> None:
    positive = FIVE.assign(w=[1.0, 0.5, 2.0, 3.0, 1.0])
    assert tt.frequencies(positive, "q", by="g", weights="w").zero_weights is None
    assert tt.frequencies(FIVE, "q", by="g").zero_weights is None
    assert not any(
        n.startswith("Weight 0") for n in tt.frequencies(positive, "q", weights="w").notes
    )


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_the_engines_count_them_as_pandas_does(engine: str) -> None:
    # The engines count answer patterns: a pattern's summed weight of 0 is not a
    # respondent of weight 0, so they count those respondents where the data live.
    frame = pl.from_pandas(FIVE) if engine == "polars" else duckdb.from_df(FIVE)
    for function, question in ((tt.frequencies, "q"), (tt.multi_response, "m")):
        here = function(FIVE, question, by="g", weights="w", survey=SURVEY)
        there = function(frame, question, by="g", weights="w", survey=SURVEY)
        assert there.zero_weights is not None
        assert there.zero_weights.equals(here.zero_weights)
        assert there.notes == here.notes


def test_banners_combine_and_nets_keep_them(tmp_path: Path) -> None:
    both = tt.frequencies(FIVE, "q", by=["g", "q"], weights="w", survey=SURVEY)
    # q: a is rows 0, 1 (row 1 weight 0); b is rows 2, 3, 4 (row 3 weight 0).
    assert both.zero_weights.tolist() == [1, 1, 2, 1, 1, 2]
    parts = [tt.frequencies(FIVE.iloc[:2], "q", by="g", weights="w", survey=SURVEY),
             tt.frequencies(FIVE.iloc[2:], "q", by="g", weights="w", survey=SURVEY)]  # fmt: skip
    assert tt.combine(parts).zero_weights.tolist() == [1, 1, 2]
    table = tt.frequencies(FIVE, "q", by="g", weights="w", survey=SURVEY)
    assert NOTE in tt.net_table(table, {"Any": ["a", "b"]}).notes
    path = tmp_path / "five.csv"
    FIVE[["respondent_id", "q", "g", "w"]].to_csv(path, index=False)
    two = tt.Survey.from_dict({"title": "T", "questions": [Q, G]})
    chunked = tt.io.tabulate_csv(path, two, ["q"], by="g", weights="w", chunksize=2)["q"]
    assert chunked.zero_weights.tolist() == [1, 1, 2]


def test_a_protected_table_refuses_them() -> None:
    # Before, the note printed no count of them, but "The weighted base of z is 0" still
    # gave a hidden base away; protect() now refuses them, as a protected tab book does.
    table = tt.frequencies(FIVE, "q", by="g", weights="w", survey=SURVEY)
    with pytest.raises(tt.InvalidWeightsError, match="respondents of weight 0"):
        tt.disclosure.suppress(table, threshold=3)


def test_a_tab_book_notes_them_once_per_base() -> None:
    book = tt.tabbook(FIVE, SURVEY, banners=["g"], weights="w", letters=False)
    notes = book.section("q").notes
    assert "Weight 0: All (2 of n=5), g: x (1 of n=3), g: y (1 of n=2)." in " ".join(notes)


def test_a_table_refuses_more_of_them_than_its_respondents() -> None:
    with pytest.raises(tt.InvalidBaseError, match="zero_weights"):
        tt.Table(
            counts=pd.DataFrame({"All": [1.0, 2.0]}, index=["a", "b"]),
            bases=pd.Series({"All": 3.0}),
            unweighted_bases=pd.Series({"All": 2}),
            zero_weights=pd.Series({"All": 3}),
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", None]),
            st.sampled_from(["x", "y"]),
            st.sampled_from([0.0, 0.0, 0.5, 1.0, 3.0]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_each_base_counts_its_answering_respondents_of_weight_0(
    rows: list[tuple[str | None, str, float]],
) -> None:
    data = pd.DataFrame(rows, columns=["q", "g", "w"])
    table = tt.frequencies(data, "q", by="g", weights="w", survey=SURVEY)
    answered = data[data["q"].notna()]
    expected = {
        group: int(((answered["g"] == group) & (answered["w"] == 0)).sum()) for group in "xy"
    }
    expected["All"] = int((answered["w"] == 0).sum())
    if not any(expected.values()):
        assert table.zero_weights is None
        return
    assert table.zero_weights.to_dict() == expected
    n = table.unweighted_bases
    listed = ", ".join(f"{g} ({z} of n={n[g]})" for g, z in expected.items() if z)
    assert f"Weight 0: {listed}." in " ".join(table.notes)

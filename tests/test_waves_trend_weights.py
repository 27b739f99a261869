"""tt.waves.trend(weights=): weighted shares of each wave's own weighted base.

Known values by hand in the comments; exact to the unit of the rounding rule.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

DK: dict[str, Any] = {"label": "Don't know", "dont_know": True}


def _survey(*, with_q: bool = True) -> tt.Survey:
    questions: list[dict[str, Any]] = [
        {"id": "region", "type": "single", "text": "Region?", "options": ["North", "South"]},
        {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No", DK]},
        {
            "id": "g",
            "type": "grid",
            "text": "How good?",
            "options": ["Good", "Poor", DK],
            "items": [{"id": "crc", "label": "CRCs", "column": "g_crc"}],
        },
        {
            "id": "t",
            "type": "multi",
            "text": "Topics?",
            "form": "indicator",
            "options": [
                {"code": 1, "label": "A", "column": "t_a"},
                {"code": 2, "label": "B", "column": "t_b"},
            ],
        },
    ]
    if not with_q:
        questions = [q for q in questions if q["id"] != "q"]
    return tt.Survey.from_dict({"title": "M", "questions": questions})


def _pooled(**changes: Any) -> tt.waves.Pooled:
    # Wave w1: Yes weighs 0.1 + 0.15 = 0.25 of 2.0 (12.5%: 13 half-up, 12 half-even),
    # No 0.35 + 0.6 + 0.8 = 1.75 (87.5%). Unweighted it is 2 of 5 (40%). Wave w2: Yes
    # 3 + 1 = 4 of 4 + 4 = 8 (50%), Don't know 2 (out of 10 with it).
    w1 = pd.DataFrame(
        {
            "respondent_id": range(1, 6),
            "org": list("abcde"),
            "region": ["North", "South", "North", "South", "North"],
            "q": ["Yes", "Yes", "No", "No", "No"],
            "g_crc": ["Good", "Good", "Poor", "Poor", "Poor"],
            "t_a": [1, 1, 0, 0, 0],
            "t_b": [0, 1, 1, 1, 1],
            "weight": [0.1, 0.15, 0.35, 0.6, 0.8],
        }
    )
    w2 = pd.DataFrame(
        {
            "respondent_id": range(1, 6),
            "org": list("abcfg"),
            "region": ["North", "North", "South", "South", "South"],
            "q": ["Yes", "Yes", "No", "No", "Don't know"],
            "g_crc": ["Good", "Good", "Poor", "Poor", "Don't know"],
            "t_a": [1, 1, 0, 0, 1],
            "t_b": [0, 0, 1, 1, 0],
            "weight": [3.0, 1.0, 2.0, 2.0, 2.0],
        }
    )
    w1, w2 = changes.get("w1", w1), changes.get("w2", w2)
    second = changes.get("second_survey", _survey())
    return tt.waves.pool(
        {"w1": (w1, _survey()), "w2": (w2, second)},
        id="org",
        keep=["weight"],
        harmonise=changes.get("harmonise"),
    )


def test_trend_weights_a_single_question_by_hand() -> None:
    # Before: trend() took no weights= (TypeError: unexpected keyword argument).
    table = tt.waves.trend(_pooled(), "q", weights="weight")
    # w1: Yes 0.25, No 1.75, base 2.0; w2: Yes 4, No 4, Don't know 2, base 10.
    assert table.counts.loc["Yes"].tolist() == [0.25, 4.0]
    assert table.bases.tolist() == [2.0, 10.0]
    assert table.unweighted_bases.tolist() == [5, 5]
    # 0.25 / 2 = 12.5%: exact, so half-up 13 and half-even 12 (never a float's 12.4999).
    assert table.percentages().loc["Yes"].tolist() == [13.0, 40.0]
    assert table.percentages(rule="half_even").loc["Yes"].tolist() == [12.0, 40.0]
    # Kish: w1 2^2 / (0.01 + 0.0225 + 0.1225 + 0.36 + 0.64) = 4 / 1.155; w2 100 / 22.
    assert table.effective_bases is not None
    assert table.effective_bases.tolist() == pytest.approx([4 / 1.155, 100 / 22], rel=1e-12)
    assert "Counts are weighted; n is the number of respondents." in table.notes
    assert "Waves as columns; each wave's percentages are of its own base." in table.notes


def test_trend_weights_exclude_dont_know_from_the_weighted_base() -> None:
    table = tt.waves.trend(_pooled(), "q", weights="weight", dont_know="exclude")
    # w2 without its Don't know (weight 2): Yes 4 of 8 = 50%.
    assert table.bases.tolist() == [2.0, 8.0]
    assert table.unweighted_bases.tolist() == [5, 4]
    assert table.percentages().loc["Yes"].tolist() == [13.0, 50.0]


def test_trend_weights_a_grid_item_and_a_multi_response_set() -> None:
    grid = tt.waves.trend(_pooled(), "g", item="crc", weights="weight")
    assert grid.percentages().loc["Good"].tolist() == [13.0, 40.0]
    assert grid.unweighted_bases.tolist() == [5, 5]
    ticks = tt.waves.trend(_pooled(), "t", weights="weight")
    # A: w1 0.25 of 2.0 (12.5%), w2 3 + 1 + 2 = 6 of 10; B: w1 1.9 of 2.0, w2 4 of 10.
    assert ticks.percentages().loc["A"].tolist() == [13.0, 60.0]
    assert ticks.percentages().loc["B"].tolist() == [95.0, 40.0]
    assert ticks.unweighted_bases.tolist() == [5, 5]


def test_trend_weights_reach_the_columns_of_a_banner() -> None:
    # The banner's frame holds only the question's columns: a weights column by name
    # was read from pooled.data before it was built.
    table = tt.waves.trend(_pooled(), "q", by="region", weights="weight")
    assert list(table.counts.columns) == ["w1: North", "w1: South", "w2: North", "w2: South"]
    # w1 North: Yes 0.1, No 0.35 + 0.8 (base 1.25: 8%); w1 South: Yes 0.15 of 0.75 (20%);
    # w2 North: Yes 4 of 4; w2 South: No 4 of 6 with Don't know 2.
    assert table.bases.tolist() == pytest.approx([1.25, 0.75, 4.0, 6.0])
    assert table.percentages().loc["Yes"].tolist() == [8.0, 20.0, 100.0, 0.0]
    assert table.unweighted_bases.tolist() == [3, 2, 2, 3]


def test_trend_weights_as_a_series_or_a_sequence_are_the_column() -> None:
    pooled = _pooled()
    by_name = tt.waves.trend(pooled, "q", weights="weight")
    shuffled = pooled.data["weight"].sample(frac=1, random_state=1)  # matched by index
    series = tt.waves.trend(pooled, "q", weights=shuffled)
    values = tt.waves.trend(pooled, "q", weights=pooled.data["weight"].tolist())
    assert series == by_name
    assert values == by_name


def test_trend_equal_weights_give_the_unweighted_percentages() -> None:
    pooled = _pooled()
    plain = tt.waves.trend(pooled, "q")
    weighted = tt.waves.trend(pooled, "q", weights=np.full(len(pooled.data), 2.5))
    assert weighted.percentages().equals(plain.percentages())
    assert weighted.unweighted_bases.tolist() == plain.bases.tolist()


def test_trend_weights_of_zero_leave_a_wave_without_a_weighted_base() -> None:
    pooled = _pooled()
    zero = pooled.data["weight"].where(pooled.data["wave"] != "w1", 0.0)
    table = tt.waves.trend(pooled, "q", weights=zero)
    assert table.bases.tolist() == [0.0, 10.0]
    assert table.unweighted_bases.tolist() == [5, 5]
    assert table.percentages()["w1"].isna().all()
    assert table.percentages().loc["Yes", "w2"] == 40.0
    assert "The weighted base of w1 is 0: percentages are undefined." in table.notes
    assert any(n.startswith("Weight 0: w1 (5 of n=5)") for n in table.notes)


def test_trend_weights_of_a_wave_that_did_not_ask_the_question() -> None:
    absent = {"id": "q", "waves": {"w2": {"absent": True}}}
    declared = {"waves": ["w1", "w2"], "questions": [absent]}
    base = _pooled()
    second = base.data[base.data["wave"] == "w2"].drop(columns=["q", "wave", "wave_respondent"])
    second = second.assign(respondent_id=range(1, 6)).reset_index(drop=True)
    first = base.data[base.data["wave"] == "w1"].drop(columns=["wave", "wave_respondent"])
    first = first.assign(respondent_id=range(1, 6)).reset_index(drop=True)
    pooled = _pooled(w1=first, w2=second, second_survey=_survey(with_q=False), harmonise=declared)
    table = tt.waves.trend(pooled, "q", weights="weight")
    assert table.bases.tolist() == [2.0, 0.0]
    assert table.unweighted_bases.tolist() == [5, 0]
    assert table.excluded is not None
    assert table.excluded.loc["not_asked", "w2"] == 10.0  # weighted, as the counts are
    assert table.percentages()["w2"].isna().all()


def test_trend_names_the_wave_pooled_without_weights() -> None:
    # Before the wave check: "weights must be finite and not negative; rows ['w2/1', ...]".
    pooled = _pooled()
    blank = pooled.data["weight"].where(pooled.data["wave"] != "w2")
    with pytest.raises(tt.InvalidWeightsError, match=r"wave 'w2' has no weights") as caught:
        tt.waves.trend(pooled, "q", weights=blank)
    assert "'w2/1'" in str(caught.value)
    assert "Hint: give every wave its own weights" in str(caught.value)


def test_trend_refuses_weights_that_are_not_a_column_of_the_pooled_rows() -> None:
    with pytest.raises(tt.InvalidWeightsError):
        tt.waves.trend(_pooled(), "q", weights=[1.0, 2.0])
    with pytest.raises(tt.TracktrError, match="wt"):
        tt.waves.trend(_pooled(), "q", weights="wt")


def test_trend_weights_do_not_change_the_pooled_data() -> None:
    pooled = _pooled()
    before = pooled.data.copy()
    tt.waves.trend(pooled, "q", by="region", weights="weight")
    pd.testing.assert_frame_equal(pooled.data, before)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(1, 9), min_size=10, max_size=10),
    st.integers(1, 7),
)
def test_scaling_one_waves_weights_changes_nothing_in_its_column(
    weights: list[int], scale: int
) -> None:
    # Each wave's percentages are of its own weighted base: a wave's weights scaled by a
    # constant give the same weighted shares (exactly: integer weights).
    pooled = _pooled()
    w = pd.Series([float(v) for v in weights], index=pooled.data.index)
    scaled = w.where(pooled.data["wave"] != "w2", w * scale)
    one = tt.waves.trend(pooled, "q", weights=w)
    two = tt.waves.trend(pooled, "q", weights=scaled)
    assert one.percentages(decimals=2).equals(two.percentages(decimals=2))
    assert one.unweighted_bases.tolist() == two.unweighted_bases.tolist()

"""Notes of trend tables that say what each wave's column lost (helper report hY3).

A tick-all-that-apply set with ``dont_know="exclude"`` noted "4 answered only Don't know,
excluded from the base": the waves' counts (1 and 3) added up, so that no reader could
tell which wave's base lost how many.
"""

from __future__ import annotations

import pandas as pd

import tracktr as tt

SET = {
    "id": "m",
    "type": "multi",
    "text": "M?",
    "options": [{"label": "A"}, {"label": "B"}, {"label": "Don't know", "dont_know": True}],
}
GROUP = {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]}


def _survey() -> tt.Survey:
    return tt.Survey.from_dict({"title": "P", "questions": [SET, GROUP]})


def _wave(only_dont_know: int) -> pd.DataFrame:
    # 12 respondents; the first `only_dont_know` of the x group tick only Don't know.
    frame = pd.DataFrame(
        {"respondent_id": range(12), "g": ["x", "y"] * 6, "m_1": [1] * 12, "m_2": [0, 1] * 6,
         "m_3": [0] * 12}
    )  # fmt: skip
    for row in range(0, 2 * only_dont_know, 2):
        frame.loc[row, ["m_1", "m_2", "m_3"]] = [0, 0, 1]
    return frame


def _pooled() -> tt.waves.Pooled:
    return tt.waves.pool({"2024": (_wave(1), _survey()), "2025": (_wave(3), _survey())})


def test_a_set_s_trend_counts_who_answered_only_dont_know_in_each_wave() -> None:
    # old: "4 answered only Don't know, excluded from the base." (1 + 3)
    table = tt.waves.trend(_pooled(), "m", dont_know="exclude")
    assert table.bases.tolist() == [11, 9]
    note = "Answered only Don't know, excluded from the base: 2024 1, 2025 3."
    assert note in table.notes
    assert not any(n.startswith("4 answered only") for n in table.notes)


def test_split_by_a_group_it_counts_each_column() -> None:
    table = tt.waves.trend(_pooled(), "m", dont_know="exclude", by="g")
    assert (
        "Answered only Don't know, excluded from the base: 2024: x 1, 2024: y 0, "
        "2025: x 3, 2025: y 0." in table.notes
    )


def test_weighted_it_counts_respondents_not_weights() -> None:
    pooled = _pooled()
    weights = pooled.data["wave"].map({"2024": 2.5, "2025": 1.0}).astype(float)
    table = tt.waves.trend(pooled, "m", dont_know="exclude", weights=weights)
    assert table.excluded is not None
    assert table.excluded.loc["dont_know"].tolist() == [2.5, 3.0]  # weighted
    assert "Answered only Don't know, excluded from the base: 2024 1, 2025 3." in table.notes


def test_with_dont_know_included_there_is_no_such_note() -> None:
    table = tt.waves.trend(_pooled(), "m")
    assert not any("excluded from the base" in n for n in table.notes)

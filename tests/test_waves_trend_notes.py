"""Notes of trend tables that say what each wave's column lost (helper report hY3).

A tick-all-that-apply set with ``dont_know="exclude"`` noted "4 answered only Don't know,
excluded from the base": the waves' counts (1 and 3) added up, so that no reader could
tell which wave's base lost how many.
"""

from __future__ import annotations

import pandas as pd
import pytest

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


BESIDE = "Ticked Don't know beside other options (they stay in the base with their other answers)"


def _beside_wave(beside: list[int]) -> pd.DataFrame:
    # 4 respondents (g: x y x y), all ticking A; those at `beside` tick Don't know too.
    frame = pd.DataFrame(
        {"respondent_id": range(4), "g": ["x", "y"] * 2, "m_1": [1] * 4, "m_2": [0] * 4,
         "m_3": [0] * 4}
    )  # fmt: skip
    frame.loc[beside, "m_3"] = 1
    return frame


def test_a_set_s_trend_counts_who_ticked_dont_know_beside_others_in_each_wave() -> None:
    # Wave 2024: respondent 0 ticked A and Don't know; 2025: 0, 1 and 2 did (1 and 3).
    # old: "4 ticked Don't know beside other options: ..." (the waves' 1 + 3 added up),
    # as the table of one wave says it: multi_response(...) of 2025 alone says 3.
    waves = {"2024": (_beside_wave([0]), _survey()), "2025": (_beside_wave([0, 1, 2]), _survey())}
    table = tt.waves.trend(tt.waves.pool(waves), "m", dont_know="exclude")
    assert table.bases.tolist() == [4, 4]  # ticked beside A: in the base
    beside = [n for n in table.notes if "beside other options" in n]
    assert beside == [f"{BESIDE}: 2024 1, 2025 3."]
    alone = tt.multi_response(_beside_wave([0, 1, 2]), "m", survey=_survey(), dont_know="exclude")
    said = "3 ticked Don't know beside other options: they stay in the base with their other"
    assert f"{said} answers." in alone.notes
    by_g = tt.waves.trend(tt.waves.pool(waves), "m", dont_know="exclude", by="g")
    # 2024: x 1 (respondent 0); 2025: x 2 (0 and 2), y 1 (1).
    assert [n for n in by_g.notes if "beside other options" in n] == [
        f"{BESIDE}: 2024: x 1, 2024: y 0, 2025: x 2, 2025: y 1."
    ]


def test_with_dont_know_included_there_is_no_such_note() -> None:
    table = tt.waves.trend(_pooled(), "m")
    assert not any("excluded from the base" in n for n in table.notes)


# A wave that did not ask a question: its weights are in no figure of its trend.
Q = {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}
R = {"id": "r", "type": "single", "text": "R?", "options": ["Yes", "No"]}
UNASKED = {
    "waves": ["2024", "2025"],
    "questions": [{"id": "q", "waves": {"2024": {"absent": True}}}],
}


def _unweighted_first_wave() -> tt.waves.Pooled:
    first = pd.DataFrame(
        {"respondent_id": range(6), "wt": [float("nan")] * 6, "r": ["Yes", "No"] * 3}
    )
    second = pd.DataFrame(
        {"respondent_id": range(6), "wt": [1.0, 2.0] * 3, "r": ["Yes"] * 6,
         "q": ["Yes", "No", "Yes", "Yes", "No", "Yes"]}
    )  # fmt: skip
    surveys = (
        tt.Survey.from_dict({"title": "P", "questions": [R]}),
        tt.Survey.from_dict({"title": "P", "questions": [Q, R]}),
    )
    waves = {"2024": (first, surveys[0]), "2025": (second, surveys[1])}
    return tt.waves.pool(waves, keep=["wt"], harmonise=UNASKED)


def test_a_wave_that_did_not_ask_the_question_needs_no_weights() -> None:
    # old: InvalidWeightsError "wave '2024' has no weights", though no base holds its rows
    pooled = _unweighted_first_wave()
    weights = pooled.data["wt"].copy()
    table = tt.waves.trend(pooled, "q", weights=weights)
    assert table.bases.tolist() == [0.0, 9.0]
    assert table.unweighted_bases is not None
    assert table.unweighted_bases.tolist() == [0, 6]
    assert table.counts["2025"].tolist() == [6.0, 3.0]
    # its respondents are its column's "not asked", counted as respondents
    assert table.excluded is not None
    assert table.excluded.loc["not_asked"].tolist() == [6.0, 0.0]
    assert weights.isna().sum() == 6  # the caller's weights are not filled in
    assert pooled.data["wt"].isna().sum() == 6
    by_row = tt.waves.trend(pooled, "q", weights=weights, by="r")
    assert by_row.unweighted_bases is not None
    assert by_row.unweighted_bases.sum() == 6


def test_a_wave_that_asked_the_question_without_weights_is_still_refused() -> None:
    pooled = _unweighted_first_wave()
    with pytest.raises(tt.InvalidWeightsError, match=r"wave '2024' has no weights"):
        tt.waves.trend(pooled, "r", weights="wt")


# A breakdown's respondents with no group: only those in the question's base are in no
# column of the trend by it.
GRID = {
    "id": "v",
    "type": "grid",
    "text": "V?",
    "items": [{"id": "i", "label": "I"}],
    "options": ["Good", "Bad"],
}


def _no_group_pooled() -> tt.waves.Pooled:
    # Wave 2024 did not ask q or v, and 2 of its 4 skipped g; in 2025 org c skipped g and
    # answered q and v, org d answered g but skipped q and v.
    first = pd.DataFrame(
        {"respondent_id": range(1, 5), "org": list("abcd"),
         "g": ["x", "<skipped>", "<skipped>", "y"]}
    )  # fmt: skip
    second = pd.DataFrame(
        {"respondent_id": range(1, 5), "org": list("abcd"), "g": ["x", "y", "<skipped>", "y"],
         "q": ["Yes", "No", "Yes", "<skipped>"], "v_i": ["Good", "Bad", "Good", "<skipped>"]}
    )  # fmt: skip
    surveys = (
        tt.Survey.from_dict({"title": "P", "questions": [GROUP]}),
        tt.Survey.from_dict({"title": "P", "questions": [GROUP, Q, GRID]}),
    )
    absent = {"2024": {"absent": True}}
    harmonise = {
        "waves": ["2024", "2025"],
        "questions": [{"id": "q", "waves": absent}, {"id": "v", "waves": absent}],
    }
    waves = {"2024": (first, surveys[0]), "2025": (second, surveys[1])}
    return tt.waves.pool(waves, id="org", harmonise=harmonise)


def test_a_trend_by_a_group_counts_in_no_column_only_those_in_its_base() -> None:
    # In a base of q with no g: org c of 2025 alone (1). Before: "3 respondents ...", the
    # 2 of 2024 (never asked q) counted too.
    pooled = _no_group_pooled()
    table = tt.waves.trend(pooled, "q", by="g")
    assert table.bases.tolist() == [0, 0, 1, 1]  # 2025: x (a), y (b); c has no column
    assert "1 respondent with no answer to g is in no column." in table.notes
    assert not any(n.startswith("3 respondents") for n in table.notes)
    item = tt.waves.trend(pooled, "v", item="i", by="g")
    assert "1 respondent with no answer to g is in no column." in item.notes


def test_a_trend_says_which_waves_did_not_ask_the_question() -> None:
    # Before: only "No respondents in the base of 2024: percentages are undefined.", as
    # if 2024's 4 organisations had been asked and none answered.
    table = tt.waves.trend(_no_group_pooled(), "q")
    assert table.bases.tolist() == [0, 3]
    assert "q: not asked in wave(s) 2024." in table.notes

"""tt.waves as a hostile tester used it: ids written two ways, a map naming no question.

Each test says in a comment what the old code did.
"""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt

YES_NO = tt.Survey.from_dict(
    {
        "title": "Members",
        "questions": [
            {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]}
        ],
    }
)


def _waves(
    first_ids: list[str], second_ids: list[str]
) -> dict[str, tuple[pd.DataFrame, tt.Survey]]:
    first = pd.DataFrame(
        {"respondent_id": range(1, 4), "org": first_ids, "funded": ["Yes", "Yes", "No"]}
    )
    second = pd.DataFrame(
        {"respondent_id": range(1, 4), "org": second_ids, "funded": ["No", "No", "No"]}
    )
    return {"2024": (first, YES_NO), "2025": (second, YES_NO)}


def test_pool_refuses_ids_that_lost_their_leading_zeros_in_one_wave() -> None:
    # Before: '007' (2024, kept as text by the platform) and '7' (2025, through a
    # spreadsheet) were two organisations: pool() said "0 organisations in both" and
    # change() compared the waves as independent samples, without a word.
    waves = _waves(["007", "012", "A9"], ["7", "12", "A9"])
    with pytest.raises(
        tt.InvalidDataError,
        match=r"(?s)'org' is written differently in different waves: '007' in wave\(s\) "
        r"\['2024'\] and '7' in wave\(s\) \['2025'\]; '012' .* '12' .*zfill",
    ):
        tt.waves.pool(waves, id="org")


def test_pool_refuses_ids_whose_case_differs_between_waves() -> None:
    # Before: "ab12" and "AB12" were two organisations, one in each wave.
    with pytest.raises(tt.InvalidDataError, match=r"'ab12' in wave\(s\) \['2024'\] and 'AB12'"):
        tt.waves.pool(_waves(["ab12", "B", "C"], ["AB12", "B", "D"]), id="org")


def test_pool_still_pairs_ids_written_the_same_way() -> None:
    # The check compares spellings across waves only: ids written alike pair as before,
    # and "07" in one wave alone clashes with nothing.
    pooled = tt.waves.pool(_waves(["07", "B", "c"], ["07", "B", "D"]), id="org")
    assert pooled.overlap().loc["2024", "2025"] == 2
    with pytest.raises(tt.InvalidDataError, match=r"'07' in wave\(s\) \['2024'\] and '7'"):
        tt.waves.pool(_waves(["07", "B", "c"], ["7", "B", "D"]), id="org")


def test_harmonisation_naming_an_unknown_question_lists_the_waves_questions() -> None:
    # Before: the hint read "did you mean []?" when no id was close.
    waves = _waves(["A", "B", "C"], ["A", "B", "D"])
    harmonise = {"waves": ["2024", "2025"], "questions": [{"id": "zz"}]}
    with pytest.raises(tt.CodebookError, match=r"its questions are \['funded'\]") as error:
        tt.waves.pool(waves, id="org", harmonise=harmonise)
    assert "[]" not in str(error.value)


def test_pool_says_when_a_wave_only_reordered_the_options() -> None:
    # Before: "differs from wave '2025' (single ['Yes', 'No'] against single ['No',
    # 'Yes'])" with a hint to declare options and a map, for a map of each option onto
    # itself. Declaring the question is all it takes, and that pools it.
    reordered = tt.Survey.from_dict(
        {
            "title": "Members",
            "questions": [
                {"id": "funded", "type": "single", "text": "Funded?", "options": ["No", "Yes"]}
            ],
        }
    )
    waves = _waves(["A", "B", "C"], ["A", "B", "D"])
    waves["2025"] = (waves["2025"][0], reordered)
    with pytest.raises(
        tt.CodebookError,
        match=r"(?s)lists the options of wave '2025' in another order \(\['Yes', 'No'\] "
        r"against \['No', 'Yes'\]\).*no map needed",
    ):
        tt.waves.pool(waves, id="org")
    pooled = tt.waves.pool(
        waves, id="org", harmonise={"waves": ["2024", "2025"], "questions": [{"id": "funded"}]}
    )
    assert tt.waves.trend(pooled, "funded").counts.loc["Yes"].tolist() == [2, 0]

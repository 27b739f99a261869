"""Waves: a tick-all-that-apply option renamed between waves, mapped through the wave map.

Hand counts are in the comments; each form of a multi-response set (indicator columns,
one delimited column, answer slots) is pooled.
"""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt

OLD = ["Housing", "Training", "Advice"]
NEW = ["Housing", "Training and skills", "Advice"]
RENAME: dict[str, Any] = {
    "waves": ["2024", "2025"],
    "questions": [
        {"id": "support", "waves": {"2024": {"map": {"Training": "Training and skills"}}}}
    ],
}


def _indicator_survey(labels: list[str], columns: list[str]) -> tt.Survey:
    options = [
        {"code": k, "label": label, "column": column}
        for k, (label, column) in enumerate(zip(labels, columns, strict=True), 1)
    ]
    question = {"id": "support", "type": "multi", "text": "Support?", "options": options}
    return tt.Survey.from_dict({"title": "Members", "questions": [question]})


OLD_SURVEY = _indicator_survey(OLD, ["support_housing", "support_training", "support_advice"])
NEW_SURVEY = _indicator_survey(NEW, ["support_housing", "support_skills", "support_advice"])


def _frame(ids: list[str], ticks: list[list[int]], columns: list[str]) -> pd.DataFrame:
    data = pd.DataFrame(ticks, columns=columns)
    data.insert(0, "org", ids)
    data.insert(0, "respondent_id", range(1, len(ids) + 1))
    return data


def _waves() -> dict[str, tuple[pd.DataFrame, tt.Survey]]:
    # 2024: Training ticked by A, C, D (3 of 4); 2025: Training and skills by B, E (2 of 3).
    old = _frame(
        ["A", "B", "C", "D"],
        [[1, 1, 0], [1, 0, 0], [0, 1, 1], [0, 1, 0]],
        ["support_housing", "support_training", "support_advice"],
    )
    new = _frame(
        ["A", "B", "E"],
        [[1, 0, 0], [0, 1, 1], [0, 1, 0]],
        ["support_housing", "support_skills", "support_advice"],
    )
    return {"2024": (old, OLD_SURVEY), "2025": (new, NEW_SURVEY)}


def test_a_renamed_tick_option_is_counted_under_its_new_label() -> None:
    # Before: CodebookError "options of a multi question cannot be re-mapped ... recode it
    # before pooling (tt.recode)", and no recoding renames a tick option.
    pooled = tt.waves.pool(_waves(), harmonise=RENAME, id="org")
    assert pooled.survey.question("support").labels == tuple(NEW)
    table = tt.waves.trend(pooled, "support")
    assert list(table.counts.index) == NEW
    # Hand counts: Housing 2 and 1, Training (and skills) 3 and 2, Advice 1 and 1.
    assert table.counts["2024"].tolist() == [2, 3, 1]
    assert table.counts["2025"].tolist() == [1, 2, 1]
    assert table.bases.tolist() == [4, 3]
    frame = tt.waves.changes(pooled, "support")
    row = frame.loc["Training and skills", ["count_1", "base_1", "count_2", "base_2"]]
    assert list(row) == [3, 4, 2, 3]
    result = tt.waves.change(pooled, "support", "Training and skills")
    # A and B are in both waves: A ticked it then not (yes, no), B not then ticked it.
    assert (result.count1, result.base1, result.count2, result.base2) == (3, 4, 2, 3)
    assert result.both == (0, 1, 1, 0)


def test_the_tick_columns_are_matched_by_label_not_by_position() -> None:
    # Before: refused as a re-map; undeclared sets were paired column by column.
    order = ["Advice", "Housing", "Training"]
    shuffled = _indicator_survey(order, ["s_advice", "s_housing", "s_training"])
    old, _ = _waves()["2024"]
    moved = old.rename(
        columns={
            "support_housing": "s_housing",
            "support_training": "s_training",
            "support_advice": "s_advice",
        }
    )[["respondent_id", "org", "s_advice", "s_housing", "s_training"]]
    waves = {"2024": (moved, shuffled), "2025": _waves()["2025"]}
    pooled = tt.waves.pool(waves, harmonise=RENAME, id="org")
    table = tt.waves.trend(pooled, "support")
    assert table.counts["2024"].tolist() == [2, 3, 1]


def _delimited(labels: list[str], separator: str) -> tt.Survey:
    question = {"id": "support", "type": "multi", "text": "Support?", "options": labels,
                "form": "delimited", "separator": separator}  # fmt: skip
    return tt.Survey.from_dict({"title": "Members", "questions": [question]})


def test_a_renamed_option_of_a_delimited_set_is_relabelled_in_each_cell() -> None:
    # Before: refused as a re-map of a multi question.
    old = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3],
            "support": ["Housing|Training", "Training", "<skipped>"],
        }
    )
    new = pd.DataFrame(
        {"respondent_id": [1, 2], "support": ["Training and skills; Advice", "Housing"]}
    )
    waves = {"2024": (old, _delimited(OLD, "|")), "2025": (new, _delimited(NEW, ";"))}
    pooled = tt.waves.pool(waves, harmonise=RENAME)
    assert pooled.data["support"].tolist() == [
        "Housing;Training and skills",
        "Training and skills",
        "<skipped>",
        "Training and skills; Advice",
        "Housing",
    ]
    table = tt.waves.trend(pooled, "support")
    # Hand counts: 2024 Housing 1, Training 2, of the 2 answering; 2025 one of 2 each.
    assert table.counts["2024"].tolist() == [1, 2, 0]
    assert table.counts["2025"].tolist() == [1, 1, 1]
    assert table.bases.tolist() == [2, 2]


def test_a_renamed_option_of_a_set_in_slots_is_relabelled_in_each_slot() -> None:
    # Before: refused as a re-map of a multi question.
    def slots(labels: list[str]) -> tt.Survey:
        question = {"id": "support", "type": "multi", "text": "Support?", "options": labels,
                    "form": "slots", "slots": ["support_1", "support_2"]}  # fmt: skip
        return tt.Survey.from_dict({"title": "Members", "questions": [question]})

    old = pd.DataFrame(
        {
            "respondent_id": [1, 2],
            "support_1": ["Training", "Advice"],
            "support_2": ["", "Training"],
        }
    )
    new = pd.DataFrame(
        {"respondent_id": [1], "support_1": ["Training and skills"], "support_2": ["Housing"]}
    )
    pooled = tt.waves.pool({"2024": (old, slots(OLD)), "2025": (new, slots(NEW))},
                           harmonise=RENAME)  # fmt: skip
    table = tt.waves.trend(pooled, "support")
    assert table.counts["2024"].tolist() == [0, 2, 1]
    assert table.counts["2025"].tolist() == [1, 1, 0]


def test_merging_two_tick_options_is_refused_and_says_what_to_do() -> None:
    # Before: "options of a multi question cannot be re-mapped ... recode it (tt.recode)":
    # no recoding merges tick options. A merge is refused: an organisation that ticked both
    # would be counted twice, or the merged tick must mean "either", which pooling does not
    # define.
    split = _indicator_survey(["Housing", "Training", "Skills", "Advice"], ["h", "t", "s", "a"])
    data = _frame(["A"], [[1, 1, 1, 0]], ["h", "t", "s", "a"])
    merge: dict[str, Any] = {
        "waves": ["2024", "2025"],
        "questions": [
            {
                "id": "support",
                "waves": {
                    "2024": {
                        "map": {"Training": "Training and skills", "Skills": "Training and skills"}
                    }
                },
            }
        ],
    }
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool({"2024": (data, split), "2025": _waves()["2025"]}, harmonise=merge)
    text = str(caught.value)
    assert "wave '2024', question 'support'" in text
    assert "'Skills' and 'Training' both map onto 'Training and skills'" in text
    assert "counted twice" in text
    assert "Hint: " in text
    assert "either" in text
    assert "tt.recode" not in text  # no recoding merges ticks: the hint must not send there


def test_a_map_naming_a_label_the_wave_lacks_is_refused_with_did_you_mean() -> None:
    # Before: refused for any map on a multi question, whatever its labels.
    typo = copy.deepcopy(RENAME)
    typo["questions"][0]["waves"]["2024"]["map"] = {"Trainig": "Training and skills"}
    with pytest.raises(
        tt.CodebookError, match=r"(?s)option 'Trainig'.*did you mean \['Training'\]"
    ):
        tt.waves.pool(_waves(), harmonise=typo)
    target = copy.deepcopy(RENAME)
    target["questions"][0]["waves"]["2024"]["map"] = {"Training": "Training & skills"}
    with pytest.raises(
        tt.CodebookError, match=r"(?s)'Training & skills'.*did you mean \['Training and skills'\]"
    ):
        tt.waves.pool(_waves(), harmonise=target)


def test_an_unrenamed_option_that_differs_is_refused_with_the_map_as_the_fix() -> None:
    # Before: "recode it before pooling; multi, numeric and text questions are pooled as
    # they are" (the map the codebooks' difference asked for was then refused).
    declared: dict[str, Any] = {"waves": ["2024", "2025"], "questions": [{"id": "support"}]}
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(_waves(), harmonise=declared)
    text = str(caught.value)
    assert "'Training'" in text
    assert "'Training and skills'" in text
    assert 'map = { "Training" = "Training and skills" }' in text
    with pytest.raises(tt.CodebookError) as undeclared:
        tt.waves.pool(_waves())
    hint = str(undeclared.value).split("Hint: ")[1]
    assert 'map = { "Training" = "Training and skills" }' in hint
    assert "options and" not in hint  # a multi question takes no common `options`


def test_pooling_a_renamed_set_changes_neither_frames_nor_codebooks() -> None:
    # Before: refused, so nothing to check.
    waves = _waves()
    frames = {w: data.copy(deep=True) for w, (data, _) in waves.items()}
    books = {w: survey.to_dict() for w, (_, survey) in waves.items()}
    harmonise = copy.deepcopy(RENAME)
    tt.waves.pool(waves, harmonise=harmonise, id="org")
    for w, (data, survey) in waves.items():
        pd.testing.assert_frame_equal(data, frames[w])
        assert survey.to_dict() == books[w]
    assert harmonise == RENAME


@given(
    old=st.lists(st.lists(st.integers(0, 1), min_size=3, max_size=3), min_size=1, max_size=12),
    new=st.lists(st.lists(st.integers(0, 1), min_size=3, max_size=3), min_size=1, max_size=12),
)
def test_each_wave_of_a_renamed_set_counts_as_that_wave_alone(
    old: list[list[int]], new: list[list[int]]
) -> None:
    # Before: refused. Property: the pooled trend's column of each wave is that wave's own
    # multi_response table, read under the new labels.
    first = _frame([f"o{k}" for k in range(len(old))], old,
                   ["support_housing", "support_training", "support_advice"])  # fmt: skip
    second = _frame([f"o{k}" for k in range(len(new))], new,
                    ["support_housing", "support_skills", "support_advice"])  # fmt: skip
    pooled = tt.waves.pool({"2024": (first, OLD_SURVEY), "2025": (second, NEW_SURVEY)},
                           harmonise=RENAME, id="org")  # fmt: skip
    table = tt.waves.trend(pooled, "support")
    for wave, data, survey in (("2024", first, OLD_SURVEY), ("2025", second, NEW_SURVEY)):
        alone = tt.multi_response(data, "support", survey=survey)
        assert table.counts[wave].tolist() == alone.counts.iloc[:, 0].tolist()
        assert table.bases[wave] == alone.bases.iloc[0]


def test_a_declared_set_held_in_other_forms_or_slots_is_refused_by_name() -> None:
    # Before: ValueError "zip() argument 2 is shorter than argument 1" from pool().
    def survey(form: str, slots: tuple[str, ...] = ()) -> tt.Survey:
        question: dict[str, Any] = {"id": "help", "type": "multi", "text": "Help?",
                                    "options": ["P", "Q"], "form": form}  # fmt: skip
        if slots:
            question["slots"] = list(slots)
        return tt.Survey.from_dict({"title": "W", "questions": [question]})

    declared: dict[str, Any] = {"waves": ["a", "b"], "questions": [{"id": "help"}]}
    delimited = pd.DataFrame({"respondent_id": [1], "help": ["P;Q"]})
    indicators = pd.DataFrame({"respondent_id": [1], "help_1": [1], "help_2": [0]})
    with pytest.raises(tt.CodebookError, match=r"(?s)is held delimited.*tt\.recode\.to_indicators"):
        tt.waves.pool(
            {"a": (delimited, survey("delimited")), "b": (indicators, survey("indicator"))},
            harmonise=declared,
        )
    two = pd.DataFrame({"respondent_id": [1], "s1": ["P"], "s2": ["Q"]})
    three = two.assign(s3="")
    with pytest.raises(tt.CodebookError, match=r"(?s)holds 2 answer slots.*holds 3.*from_slots"):
        tt.waves.pool(
            {
                "a": (two, survey("slots", ("s1", "s2"))),
                "b": (three, survey("slots", ("s1", "s2", "s3"))),
            },
            harmonise=declared,
        )

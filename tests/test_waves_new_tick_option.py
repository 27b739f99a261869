"""Waves: a tick-all-that-apply set that gained an option ("Digital support" added in 2025).

The earlier wave could not tick the new option: its cell of that wave is a gap (``n/a``),
not 0, and its column there holds ``"<not asked>"``. Hand counts are in the comments.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt

OLD = ["Housing", "Training", "Advice"]
NEW = [*OLD, "Digital support"]
OLD_COLUMNS = ["support_housing", "support_training", "support_advice"]
NEW_COLUMNS = [*OLD_COLUMNS, "support_digital"]
DECLARED: dict[str, Any] = {"waves": ["2024", "2025"], "questions": [{"id": "support"}]}


def _survey(labels: list[str], columns: list[str]) -> tt.Survey:
    options = [
        {"code": k, "label": label, "column": column}
        for k, (label, column) in enumerate(zip(labels, columns, strict=True), 1)
    ]
    question = {"id": "support", "type": "multi", "text": "Support?", "options": options}
    return tt.Survey.from_dict({"title": "Members", "questions": [question]})


OLD_SURVEY = _survey(OLD, OLD_COLUMNS)
NEW_SURVEY = _survey(NEW, NEW_COLUMNS)


def _frame(ids: list[str], ticks: list[list[Any]], columns: list[str]) -> pd.DataFrame:
    data = pd.DataFrame(ticks, columns=columns, dtype=object)
    data.insert(0, "org", ids)
    data.insert(0, "respondent_id", range(1, len(ids) + 1))
    return data


def _waves() -> dict[str, tuple[pd.DataFrame, tt.Survey]]:
    # 2024 (no Digital support): A Housing+Advice, B Training, C Housing+Training, D ticked
    # nothing, E skipped the set: base 3 (A, B, C); Housing 2, Training 2, Advice 1.
    skipped = tt.missing.SKIPPED
    old = _frame(
        ["A", "B", "C", "D", "E"],
        [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 0], [skipped] * 3],
        OLD_COLUMNS,
    )
    # 2025: A Housing+Digital, B Training+Advice+Digital, F Advice, G Housing: base 4;
    # Housing 2, Training 1, Advice 2, Digital support 2.
    new = _frame(
        ["A", "B", "F", "G"],
        [[1, 0, 0, 1], [0, 1, 1, 1], [0, 0, 1, 0], [1, 0, 0, 0]],
        NEW_COLUMNS,
    )
    return {"2024": (old, OLD_SURVEY), "2025": (new, NEW_SURVEY)}


def _pooled() -> tt.waves.Pooled:
    return tt.waves.pool(_waves(), harmonise=DECLARED, id="org")


def test_the_new_option_is_pooled_and_its_old_wave_holds_not_asked() -> None:
    # Before: CodebookError "this wave has no option ['Digital support'] ... A tick option
    # that one wave did not offer cannot be pooled into the same set".
    pooled = _pooled()
    assert pooled.survey.question("support").labels == tuple(NEW)
    digital = pooled.wave("2024")["support_digital"].tolist()
    # Those who ticked an option could not tick it; those with no tick keep their own
    # reading (D blank: ticked nothing; E skipped the set).
    assert digital[:3] == [tt.missing.NOT_ASKED] * 3
    assert pd.isna(digital[3])
    assert digital[4] == tt.missing.SKIPPED
    assert pooled.wave("2025")["support_digital"].tolist() == [1, 1, 0, 0]
    assert pooled.harmonised.question("support").unreachable == {"2024": ("Digital support",)}
    assert "support: wave 2024 had no option for 'Digital support'." in pooled.notes


def test_trend_shows_the_option_of_the_old_wave_as_a_gap_with_its_hand_counts() -> None:
    # Before: refused at pool().
    table = tt.waves.trend(_pooled(), "support")
    assert list(table.counts.index) == NEW
    assert table.counts["2024"].tolist() == [2, 2, 1, 0]
    assert table.counts["2025"].tolist() == [2, 1, 2, 2]
    assert table.bases.tolist() == [3, 4]  # 2024's base: those who answered the set
    assert table.gaps == (("Digital support", "2024"),)
    report = table.to_frame(layout="report")
    assert report["2024"].tolist() == ["67 (2)", "67 (2)", "33 (1)", "n/a"]
    assert report["2025"].tolist() == ["50 (2)", "25 (1)", "50 (2)", "50 (2)"]
    assert math.isnan(table.percentages()["2024"]["Digital support"])
    assert (
        "Wave 2024 did not offer 'Digital support': n/a there means not offered (a gap, "
        "not a zero)." in table.notes
    )
    # D (ticked nothing) and E (skipped) stay skipped, not "not asked".
    excluded = table.excluded
    assert excluded is not None
    assert excluded.loc["skipped", "2024"] == 2
    assert excluded.loc["not_asked", "2024"] == 0


def test_change_refuses_the_new_option_and_compares_the_others_by_hand() -> None:
    # Before: refused at pool().
    pooled = _pooled()
    with pytest.raises(
        tt.InvalidBaseError,
        match=r"question 'support': wave '2024' did not offer \['Digital support'\]",
    ):
        tt.waves.change(pooled, "support", "Digital support")
    with pytest.raises(tt.InvalidBaseError, match="did not offer"):
        tt.waves.change(pooled, "support", ["Housing", "Digital support"])
    housing = tt.waves.change(pooled, "support", "Housing")
    # Housing 2 of 3, then 2 of 4; A and B in both bases: A yes then yes, B no then no.
    assert (housing.count1, housing.base1, housing.count2, housing.base2) == (2, 3, 2, 4)
    assert housing.both == (1, 0, 0, 1)
    frame = tt.waves.changes(pooled, "support")
    assert frame["p_value"].isna().tolist() == [False, False, False, True]
    digital = frame.loc["Digital support", ["count_1", "base_1", "count_2", "base_2"]]
    assert list(digital) == [0, 3, 2, 4]
    assert any(
        "'Digital support'" in note and "not offered in wave 2024" in note
        for note in frame.attrs["notes"]
    )


def test_an_undeclared_set_that_gained_an_option_asks_for_a_declaration_not_a_map() -> None:
    # Before: the hint asked for a rename, map = { "old label" = "new label" }, where none
    # was renamed.
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(_waves(), id="org")
    text = str(caught.value)
    assert "question 'support'" in text
    hint = text.split("Hint: ")[1]
    assert '[[questions]] id = "support"' in hint
    assert "'Digital support'" in hint
    assert "old label" not in hint


def test_an_option_the_latest_wave_dropped_is_refused_with_the_map_as_the_fix() -> None:
    # Unchanged (this pins the decision; it passed before too): an earlier wave's option
    # that the latest wave lacks is refused, as most often it was renamed, and a dropped
    # option has no place in the latest wave's set.
    dropped = {
        "2024": (
            _frame(["A"], [[1, 0, 0, 1]], ["h", "t", "a", "p"]),
            _survey([*OLD, "Prison visits"], ["h", "t", "a", "p"]),
        ),
        "2025": _waves()["2025"],
    }
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(dropped, harmonise=DECLARED)
    text = str(caught.value)
    assert "wave '2024', question 'support'" in text
    assert "['Prison visits'] are not common options" in text
    hint = text.split("Hint: ")[1]
    assert 'map = { "Prison visits" = "Digital support" }' in hint
    assert "separate questions" in hint


def _delimited(labels: list[str]) -> tt.Survey:
    question = {"id": "support", "type": "multi", "text": "Support?", "options": labels,
                "form": "delimited", "separator": ";"}  # fmt: skip
    return tt.Survey.from_dict({"title": "Members", "questions": [question]})


def _slots(labels: list[str]) -> tt.Survey:
    question = {"id": "support", "type": "multi", "text": "Support?", "options": labels,
                "form": "slots", "slots": ["support_1", "support_2"]}  # fmt: skip
    return tt.Survey.from_dict({"title": "Members", "questions": [question]})


def test_a_delimited_set_that_gained_an_option_is_refused_with_to_indicators() -> None:
    # Before: refused with "pool the sets as separate questions": no way to keep one set.
    # One text column cannot say "not asked" of one option, so the set is converted first.
    old = pd.DataFrame({"respondent_id": [1, 2], "support": ["Housing;Advice", "Training"]})
    new = pd.DataFrame({"respondent_id": [1], "support": ["Digital support"]})
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(
            {"2024": (old, _delimited(OLD)), "2025": (new, _delimited(NEW))}, harmonise=DECLARED
        )
    text = str(caught.value)
    assert "'Digital support'" in text
    assert 'tt.recode.to_indicators(data["support"], question=survey.question("support"))' in text


def test_a_set_in_slots_that_gained_an_option_is_refused_with_from_slots() -> None:
    # Before: refused with "pool the sets as separate questions".
    old = pd.DataFrame({"respondent_id": [1], "support_1": ["Housing"], "support_2": [""]})
    new = pd.DataFrame(
        {"respondent_id": [1], "support_1": ["Digital support"], "support_2": ["Advice"]}
    )
    with pytest.raises(tt.CodebookError, match=r"(?s)'Digital support'.*tt\.recode\.from_slots"):
        tt.waves.pool({"2024": (old, _slots(OLD)), "2025": (new, _slots(NEW))}, harmonise=DECLARED)


def test_converted_to_indicators_a_delimited_set_pools_with_the_gap() -> None:
    # The hint's own recipe works: both waves converted, the new option is a gap in 2024.
    old = pd.DataFrame({"respondent_id": [1, 2], "support": ["Housing;Advice", "Training"]})
    new = pd.DataFrame({"respondent_id": [1], "support": ["Digital support;Housing"]})
    waves = {}
    for wave, data, survey in (("2024", old, _delimited(OLD)), ("2025", new, _delimited(NEW))):
        r = tt.recode.to_indicators(data["support"], question=survey.question("support"))
        waves[wave] = (r.assign(data), r.update(survey))
    table = tt.waves.trend(tt.waves.pool(waves, harmonise=DECLARED), "support")
    assert table.counts["2024"].tolist() == [1, 1, 1, 0]
    assert table.counts["2025"].tolist() == [1, 0, 0, 1]
    assert table.gaps == (("Digital support", "2024"),)


def test_pooling_a_set_that_gained_an_option_changes_no_input() -> None:
    # Before: refused, so nothing to check.
    waves = _waves()
    frames = {w: data.copy(deep=True) for w, (data, _) in waves.items()}
    books = {w: survey.to_dict() for w, (_, survey) in waves.items()}
    harmonise = copy.deepcopy(DECLARED)
    pooled = tt.waves.pool(waves, harmonise=harmonise, id="org")
    before = pooled.data.copy(deep=True)
    tt.waves.trend(pooled, "support")
    tt.waves.changes(pooled, "support")
    for w, (data, survey) in waves.items():
        pd.testing.assert_frame_equal(data, frames[w])
        assert survey.to_dict() == books[w]
    assert harmonise == DECLARED
    pd.testing.assert_frame_equal(pooled.data, before)


_ROW_3 = st.one_of(
    st.lists(st.integers(0, 1), min_size=3, max_size=3),
    st.just([tt.missing.SKIPPED] * 3),
    st.just([None] * 3),
)
_ROW_4 = st.lists(st.integers(0, 1), min_size=4, max_size=4)


@given(
    old=st.lists(_ROW_3, min_size=1, max_size=12),
    new=st.lists(_ROW_4, min_size=1, max_size=12),
)
def test_each_wave_of_a_set_that_gained_an_option_counts_as_that_wave_alone(
    old: list[list[Any]], new: list[list[int]]
) -> None:
    # Before: refused. Property: each wave's trend column is that wave's own
    # multi_response table for the options it offered (counts, base, who was left out);
    # the option 2024 did not offer is a gap there.
    first = _frame([f"o{k}" for k in range(len(old))], old, OLD_COLUMNS)
    second = _frame([f"o{k}" for k in range(len(new))], new, NEW_COLUMNS)
    pooled = tt.waves.pool({"2024": (first, OLD_SURVEY), "2025": (second, NEW_SURVEY)},
                           harmonise=DECLARED, id="org")  # fmt: skip
    table = tt.waves.trend(pooled, "support")
    assert table.gaps == (("Digital support", "2024"),)
    excluded = table.excluded
    assert excluded is not None
    for wave, data, survey, offered in (
        ("2024", first, OLD_SURVEY, OLD),
        ("2025", second, NEW_SURVEY, NEW),
    ):
        alone = tt.multi_response(data, "support", survey=survey)
        assert table.counts[wave].loc[offered].tolist() == alone.counts["All"].tolist()
        assert table.bases[wave] == alone.bases["All"]
        assert alone.excluded is not None
        assert excluded[wave].tolist() == alone.excluded["All"].tolist()


def test_multi_response_of_the_old_wave_does_not_count_the_new_option_as_zero() -> None:
    # Without the _multi.py patch: tt.multi_response reads each "<not asked>" cell of the
    # new option as an unticked 0: Digital support "0 (0)" of 2024's base of 3, and 2 of 7
    # in the pooled total where 2 of the 4 asked.
    pooled = _pooled()
    old = pooled.wave("2024")
    table = tt.multi_response(old, "support", survey=pooled.survey)
    assert table.counts["All"].tolist() == [2, 2, 1, 0]
    assert int(table.bases["All"]) == 3
    assert table.gaps == (("Digital support", "All"),)
    assert table.to_frame(layout="report")["All"].tolist()[-1] == "n/a"
    by_wave = tt.multi_response(pooled.data, "support", survey=pooled.survey, by="wave",
                                total=False)  # fmt: skip
    assert by_wave.gaps == (("Digital support", "2024"),)
    with pytest.raises(tt.MultiResponseError, match=r"(?s)'Digital support'.*not asked"):
        tt.multi_response(pooled.data, "support", survey=pooled.survey)


def test_with_empty_answered_the_old_wave_is_refused_with_the_reason() -> None:
    # D ticked nothing in 2024 and keeps a blank "Digital support" cell, so with
    # empty="answered" it counts as asked the option: refused (no base fits 2024), and
    # the hint says why and names empty='skipped'. Never a share of 2024 with D in it.
    pooled = _pooled()
    with pytest.raises(tt.MultiResponseError, match=r"(?s)'Digital support'.*empty='skipped'"):
        tt.multi_response(pooled.data, "support", survey=pooled.survey, by="wave",
                          total=False, empty="answered")  # fmt: skip


def test_a_net_with_the_new_option_says_what_it_counts_or_is_refused() -> None:
    # Before: multi_nets read 2024's "<not asked>" as unticked, silently: "Any" (Housing or
    # Digital support) was Housing alone in 2024 with no word of it, and a net of Digital
    # support alone printed 0 (0) for 2024. By hand: 2024 A, C ticked Housing: 2 of 3;
    # 2025 A, B, G: 3 of 4.
    pooled = _pooled()
    net = tt.multi_nets(pooled.data, "support", {"Any": ["Housing", "Digital support"]},
                        survey=pooled.survey, by="wave")  # fmt: skip
    assert net.counts.loc["Any"].tolist() == [2, 3, 5]
    assert net.bases.tolist() == [3, 4, 7]
    assert any("Digital support not asked of some respondents" in n for n in net.notes)
    with pytest.raises(tt.MultiResponseError, match=r"none of the options .*Digital support"):
        tt.multi_nets(pooled.data, "support", {"Digital": ["Digital support"]},
                      survey=pooled.survey, by="wave")  # fmt: skip
    alone = tt.multi_nets(pooled.wave("2025"), "support", {"Digital": ["Digital support"]},
                          survey=pooled.survey)  # fmt: skip
    assert alone.counts.loc["Digital", "All"] == 2
    assert not any("not asked" in n for n in alone.notes)


def test_multi_crosstab_of_the_old_wave_shows_the_new_option_as_a_gap() -> None:
    # Before: the row "Digital support" counted 0 of each 2024 column (n/a only where the
    # base was empty), and on the pooled rows 2 of 7 in All where 2 of the 4 asked.
    pooled = _pooled()
    old = tt.multi_crosstab(pooled.wave("2024"), "support", "support", survey=pooled.survey)
    assert set(old.gaps) == {("Digital support", c) for c in ["Housing", "Training", "Advice"]} | {
        ("Digital support", "All")
    }
    # The digital column itself is empty (no one in 2024 ticked it): no gap, an empty base.
    assert old.counts.loc["Housing"].tolist() == [2, 1, 1, 0, 2]
    with pytest.raises(tt.MultiResponseError, match=r"'Digital support' was not asked of some"):
        tt.multi_crosstab(pooled.data, "support", "support", survey=pooled.survey)


def test_tick_counts_of_pooled_waves_say_who_could_tick_fewer() -> None:
    # Before: no word that 2024 could tick 3 options at most. By hand: 2024 A 2, B 1,
    # C 2; 2025 A 2, B 3, F 1, G 1: one tick 3, two ticks 3, three ticks 1.
    pooled = _pooled()
    table = tt.tick_counts(pooled.data, "support", survey=pooled.survey)
    assert table.counts["All"].tolist() == [3, 3, 1, 0]
    assert "Digital support not asked of some respondents, who could tick fewer" in "".join(
        table.notes
    )
    alone = tt.tick_counts(pooled.wave("2025"), "support", survey=pooled.survey)
    assert not any("could tick fewer" in note for note in alone.notes)


@pytest.mark.parametrize("banners", [["wave"], ["org"], ["wave", "org"]])
def test_a_pooled_tab_book_refuses_the_set_naming_the_option_and_the_wave(
    banners: list[str],
) -> None:
    # The book's Total holds both waves: 2024's A, B and C answered the set and could not
    # tick "Digital support", so a share of the Total would count them as not ticking it.
    # Before: refused with rows ['2024/1', ...] and a hint (by='wave', total=False) that
    # a tab book cannot take; the wave that lacked the option was not named.
    pooled = _pooled()
    with pytest.raises(tt.MultiResponseError) as caught:
        tt.tabbook(pooled.data, pooled.survey, banners=banners)
    message = str(caught.value)
    assert message.startswith(
        "question 'support': the tick-all-that-apply option 'Digital support' was not "
        "offered in wave(s) '2024', whose respondents are in the book's Total"
    )
    assert "tt.waves.trend()" in message
    assert "questions=[...]" in message
    assert "total=False" not in message


def test_the_fixes_the_refusal_names_give_the_option_as_a_gap_in_2024() -> None:
    pooled = _pooled()
    # A book of the 2024 wave alone: the option it did not offer is n/a, never 0%.
    book = tt.tabbook(pooled.wave("2024"), pooled.survey, banners=["org"])
    shown = book.section("support").display()
    assert shown.loc["Digital support", ("Total", "All")] == "n/a"
    assert shown.loc["Housing", ("Total", "All")] == "67%"  # 2 of A, B, C
    assert tt.waves.trend(pooled, "support").gaps == (("Digital support", "2024"),)


def test_a_table_of_pooled_rows_names_the_wave_that_lacked_the_option() -> None:
    pooled = _pooled()
    with pytest.raises(tt.MultiResponseError, match=r"not offered in wave\(s\) '2024'\."):
        tt.multi_response(pooled.data, "support", survey=pooled.survey)

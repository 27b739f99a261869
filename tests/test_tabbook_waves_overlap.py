"""A tab book by wave of a panel's pooled waves prints no letters (helper report hB, F2).

The same organisations answer both waves, so the waves are not independent samples:
``tt.compare_groups`` and ``tt.compare_table`` refuse to test them and point to
``tt.waves.change``, which pairs them. The tab book tested them anyway, with the test of
two independent proportions (30 then 45 of the same 100: p = 0.028 against the paired
test's 0.0001), and said nothing of the overlap.
"""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt

QUESTION = {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}
GROUP = {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]}


def _survey() -> tt.Survey:
    return tt.Survey.from_dict({"title": "Panel", "questions": [QUESTION, GROUP]})


def _pooled(first_ids: range, second_ids: range) -> tt.waves.Pooled:
    first = pd.DataFrame({"org": first_ids, "q": ["Yes"] * 30 + ["No"] * 70, "g": ["x", "y"] * 50})
    second = pd.DataFrame(
        {"org": second_ids, "q": ["Yes"] * 50 + ["No"] * 50, "g": ["x", "y"] * 50}
    )
    for frame in (first, second):
        frame.insert(0, "respondent_id", range(100))
    waves = {"2024": (first, _survey()), "2025": (second, _survey())}
    return tt.waves.pool(waves, id="org")


def test_waves_that_share_organisations_get_no_letters_and_a_note() -> None:
    # old: "Yes 40% 30% 50% A": a letter from a test of independent groups, no note
    pooled = _pooled(range(100), range(100))
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave", "g"], questions=["q"])
    section = book.section("q")
    by_wave, by_g = section.blocks
    assert by_wave.higher is None
    assert by_wave.tests is None
    assert by_wave.shared == 100
    # g is the same for an organisation in both waves, so each group holds it twice: its
    # two answers are not two independent respondents (until hX F6 this banner had letters)
    assert by_g.higher is None
    assert by_g.repeated == 100
    assert (
        "No letters by g: 100 organisation(s) answered more than one wave and are counted "
        "once per wave in its groups, so the groups' respondents are not independent. "
        "Compare the groups within one wave." in section.notes
    )
    assert (
        "No letters by wave: 100 organisation(s) answered in more than one of its groups "
        "(waves of a panel), so they are not independent samples, and the All column counts "
        "such an organisation once per group. Compare waves with tt.waves.change(), which "
        "pairs them." in section.notes
    )
    assert not any("this question's own answers" in note for note in section.notes)
    # the counts are the waves' own: 30 and 50 of 100
    assert by_wave.table is not None
    assert by_wave.table.counts.loc["Yes"].tolist() == [30, 50, 80]


def test_waves_of_different_organisations_keep_their_letters() -> None:
    pooled = _pooled(range(100), range(100, 200))
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave"], questions=["q"])
    block = book.section("q").blocks[0]
    assert block.shared == 0
    assert block.higher is not None
    assert block.higher[("Yes", "2025")] == ["2024"]


def test_a_protected_book_by_overlapping_waves_has_no_letters_either() -> None:
    pooled = _pooled(range(100), range(100))
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave"], questions=["q"], threshold=5)
    block = book.section("q").blocks[0]
    assert block.higher is None
    text = book.section("q").display().to_string()
    assert " A" not in text.split("\n", 2)[2]  # no letter in any cell below the header


@pytest.mark.parametrize("overlap", [1, 60])
def test_the_note_counts_the_organisations_in_both_waves(overlap: int) -> None:
    pooled = _pooled(range(100), range(100 - overlap, 200 - overlap))
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave"], questions=["q"])
    assert book.section("q").blocks[0].shared == overlap
    assert any(n.startswith(f"No letters by wave: {overlap} organisation(s)") for n in
               book.section("q").notes)  # fmt: skip


def test_a_banner_kept_from_wave_to_wave_has_letters_when_no_organisation_repeats() -> None:
    pooled = _pooled(range(100), range(100, 200))
    book = tt.tabbook(pooled.data, pooled.survey, banners=["g"], questions=["q"])
    block = book.section("q").blocks[0]
    assert (block.shared, block.repeated) == (0, 0)
    assert block.higher is not None


def test_compare_groups_and_compare_table_refuse_a_banner_that_repeats_organisations() -> None:
    # hX F6: by a breakdown an organisation keeps, its two waves' rows sit in one group,
    # and the tests took them for two independent respondents
    pooled = _pooled(range(100), range(100))
    with pytest.raises(
        tt.InvalidOptionError, match=r"`by='g'` holds organisations more than once: 100"
    ):
        tt.compare_groups(pooled.data, "q", "g", survey=pooled.survey)
    table = tt.frequencies(pooled.data, "q", survey=pooled.survey, by="g")
    assert table.notes[-1] == (
        "100 organisation(s) (id 'org') answered more than one wave and are counted once per "
        "wave in the columns by 'g', so the columns are not independent samples."
    )
    with pytest.raises(tt.InvalidOptionError, match=r"count organisations that answered more"):
        tt.compare_table(table)
    # one wave's rows, and waves of different organisations, are compared as before
    one = tt.compare_groups(pooled.wave("2024"), "q", "g", survey=pooled.survey)
    assert one.overall is not None
    apart = _pooled(range(100), range(100, 200))
    assert tt.compare_groups(apart.data, "q", "g", survey=apart.survey).overall is not None
    assert not any("answered more than one wave" in n for n in
                   tt.frequencies(apart.data, "q", survey=apart.survey, by="g").notes)  # fmt: skip


def test_compare_table_with_a_design_refuses_an_organisation_twice_in_one_group() -> None:
    # review hK2 F1: with tt.Design() (each row its own PSU) the two waves' rows of an
    # organisation in one group were tested as two independent respondents, where
    # compare_groups(design=tt.Design()) refused them
    pooled = _pooled(range(100), range(100))
    table = tt.frequencies(pooled.data, "q", survey=pooled.survey, by="g")
    with pytest.raises(tt.InvalidOptionError, match=r"100 organisations \(id 'org'"):
        tt.compare_table(table, design=tt.Design(), data=pooled.data, by="g", survey=pooled.survey)
    clustered = tt.compare_table(
        table, design=tt.Design(clusters="org"), data=pooled.data, by="g", survey=pooled.survey
    )
    assert clustered.overall is not None


def test_a_book_without_letters_still_says_its_waves_share_organisations() -> None:
    # old (hY3): letters=False dropped the note with the letters; tt.frequencies(pooled,
    # "q", by="wave") says that 100 organisations are in both columns
    pooled = _pooled(range(100), range(100))
    book = tt.tabbook(
        pooled.data, pooled.survey, banners=["wave", "g"], questions=["q"], letters=False
    )
    notes = book.section("q").notes
    assert (
        "By wave: 100 organisation(s) answered in more than one of its groups (waves of a "
        "panel), so they are not independent samples, and the All column counts such an "
        "organisation once per group. Compare waves with tt.waves.change(), which pairs "
        "them." in notes
    )
    assert any(n.startswith("By g: 100 organisation(s) answered more than one wave") for n in notes)
    assert not any(n.startswith("No letters") for n in notes)


def test_a_book_without_letters_of_different_organisations_has_no_such_note() -> None:
    pooled = _pooled(range(100), range(100, 200))
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave"], questions=["q"], letters=False)
    assert not any("organisation(s)" in n for n in book.section("q").notes)


def test_a_breakdown_some_organisations_moved_between_counts_every_repeated_one() -> None:
    # Organisations 0-99 answer both waves; in the second wave 0 and 1 swap groups (0
    # x -> y, 1 y -> x): 2 are in both groups of g, 98 twice in one, 100 answered twice.
    # Before: "No letters by g: 2 organisation(s) answered in more than one of its groups
    # (waves of a panel) ... Compare waves with tt.waves.change()", of a banner that is
    # not the waves, and silent on the other 98.
    pooled = _pooled(range(100), range(100))
    data = pooled.data.copy()
    second = data["wave"] == "2025"
    moved = second & data["org"].isin([0, 1])
    data.loc[moved, "g"] = data.loc[moved, "g"].map({"x": "y", "y": "x"})
    book = tt.tabbook(data, pooled.survey, banners=["g"], questions=["q"])
    block = book.section("q").blocks[0]
    assert (block.shared, block.repeated) == (0, 100)
    assert block.higher is None
    by_g = [n for n in book.section("q").notes if n.startswith("No letters by g")]
    said = (
        "No letters by g: 100 organisation(s) answered more than one wave and are counted "
        "once per wave in its groups, so the groups' respondents are not independent. "
        "Compare the groups within one wave."
    )
    assert by_g == [said]

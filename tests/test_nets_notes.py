"""The notes of tt.net_table(): the table's notes that still hold for its nets, then its own.

The nets have the table's columns and bases, so what the table says of them (respondents
with no group, a grid's AVERAGE row, waves) holds for the nets; what it says of options
left out of the nets does not. Known values are counted by hand in the comments.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

OPTIONS = ["Agree a lot", "Agree", "Disagree"]
AGREE = {"Any agree": ["Agree a lot", "Agree"]}


def test_nets_keep_the_note_of_respondents_with_no_group() -> None:
    data = pd.DataFrame(
        {
            "v": ["Agree", "Agree a lot", "Disagree", "Agree", "Disagree"],
            "g": ["x", "y", "x", None, "y"],
        }
    )
    table = tt.frequencies(data, "v", options=OPTIONS, by="g")
    nets = tt.net_table(table, AGREE)
    # Respondent 4 (Agree) has no group: in All (3 of 5 agree), in neither x nor y (1 + 1).
    assert nets.counts.loc["Any agree"].tolist() == [1, 1, 3]
    # Before: only "Any agree: Agree a lot + Agree.", and x + y (4) did not make All (5).
    assert nets.extra_notes == (
        (
            "Respondents in the base who gave no answer to 'g' (or an answer marked missing) "
            "are counted in the total, in no column."
        ),
        "Any agree: Agree a lot + Agree.",
    )


def test_nets_of_a_grid_keep_its_average_row_a_summary_without_a_base() -> None:
    impact = pd.DataFrame(
        {"men": ["Worsened", "No change", "Worsened"], "women": ["Improved", "Worsened", None]}
    )
    grid = tt.grid(impact, "impact", columns=["men", "women"], items=["Men", "Women"],
                   options=["Improved", "No change", "Worsened"], average=True)  # fmt: skip
    nets = tt.net_table(grid, {"Not worse": ["Improved", "No change"]})
    # Not worse: Men 1 of 3 (33%), Women 1 of 2 (50%); AVERAGE their mean, 41.67 -> 42.
    assert nets.percentages()["Not worse"].tolist() == [33.0, 50.0, 42.0]
    # Before: AVERAGE was a row of respondents, "42 (5)" with a base of n=12 (its
    # common denominator), flagged small, and its note was gone.
    assert nets.summary_rows == ("AVERAGE",)
    assert nets.respondent_bases.tolist() == [3, 2, pd.NA]
    assert nets.to_frame(layout="report")["Not worse"].tolist() == ["33 (1)", "50 (1)", "42"]
    assert nets.notes[0] == "Base: respondents who answered (Men n=3; Women n=2)."
    assert nets.extra_notes == (
        (
            "AVERAGE is the mean of the item percentages, each item weighted equally (item "
            "bases n=2 to 3); it has no base of its own."
        ),
        "Not worse: Improved + No change.",
    )


def _pooled() -> tt.waves.Pooled:
    def survey(options: list[str]) -> tt.Survey:
        questions = [{"id": "c", "type": "ordinal", "text": "Change?", "options": options}]
        return tt.Survey.from_dict({"title": "T", "questions": questions})

    # Wave a offered Better and Worse: Better 3, Worse 1. Wave b added Same: Better 1,
    # Same 2, Worse 1. Organisations 1 and 2 answered both.
    a = pd.DataFrame({"respondent_id": [1, 2, 3, 4], "org": list("PQRS"),
                      "c": ["Better", "Better", "Better", "Worse"]})  # fmt: skip
    b = pd.DataFrame({"respondent_id": [1, 2, 3, 4], "org": list("PQTU"),
                      "c": ["Better", "Same", "Same", "Worse"]})  # fmt: skip
    waves = {"a": (a, survey(["Better", "Worse"])), "b": (b, survey(["Better", "Same", "Worse"]))}
    return tt.waves.pool(waves, harmonise={"waves": ["a", "b"], "questions": [{"id": "c"}]},
                         id="org")  # fmt: skip


def test_nets_by_wave_keep_the_shared_organisations_note_and_drop_the_options_gap() -> None:
    pooled = _pooled()
    table = tt.frequencies(pooled.data, "c", survey=pooled.survey, by="wave", total=False)
    assert table.gaps == (("Same", "a"),)
    nets = tt.net_table(table, {"Not worse": ["Better", "Same"], "Worse": ["Worse"]})
    # Not worse: a 3 of 4 (Better alone), b 3 of 4. No net is n/a: "'Same' not offered
    # in the waves of the columns marked n/a" names a cell the nets do not have.
    assert nets.counts.loc["Not worse"].tolist() == [3, 3]
    assert nets.gaps == ()
    # Before: the note that P and Q are in both waves' columns was dropped.
    assert nets.extra_notes == (
        (
            "2 organisation(s) (id 'org') answered more than one wave and are in each of "
            "their waves' columns, so the columns are not independent samples "
            "(tt.waves.change() pairs them)."
        ),
        "Not worse: Better + Same.",
        "Worse: Worse.",
        "Not worse in a: 'Same' was not offered there; the net counts its other options.",
    )


def test_nets_of_the_total_keep_a_mixed_waves_note_only_for_the_nets_that_count_it() -> None:
    pooled = _pooled()
    table = tt.frequencies(pooled.data, "c", survey=pooled.survey)
    mixed = (
        "'Same' was not offered in wave(s) a, whose respondents are in the base of All: its "
        "share there counts them, though they could not choose it (tt.waves.trend shows "
        "each wave alone)."
    )
    assert mixed in table.extra_notes
    # Not worse holds Same: 2 of All's 8 are of b's Same, and a's 4 could not choose it.
    assert mixed in tt.net_table(table, {"Not worse": ["Better", "Same"]}).extra_notes
    assert mixed not in tt.net_table(table, {"Worse": ["Worse"]}).extra_notes


def test_nets_of_a_trend_keep_its_waves_note() -> None:
    trend = tt.waves.trend(_pooled(), "c")
    nets = tt.net_table(trend, {"Not worse": ["Better", "Same"]})
    assert "Waves as columns; each wave's percentages are of its own base." in nets.extra_notes


@settings(max_examples=50, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.sampled_from([*OPTIONS, None]), st.sampled_from(["x", "y", None])),
        min_size=1,
        max_size=30,
    ),
    total=st.booleans(),
)
def test_property_nets_keep_every_note_of_a_table_without_gaps(
    answers: list[tuple[str | None, str | None]], total: bool
) -> None:
    data = pd.DataFrame({"v": [a for a, _ in answers], "g": [g for _, g in answers]})
    table = tt.frequencies(data, "v", options=OPTIONS, by="g", total=total)
    nets = tt.net_table(table, AGREE)
    assert nets.extra_notes == (*table.extra_notes, "Any agree: Agree a lot + Agree.")
    assert nets.bases.tolist() == table.bases.tolist()
    pd.testing.assert_frame_equal(data, pd.DataFrame({"v": [a for a, _ in answers],
                                                      "g": [g for _, g in answers]}))  # fmt: skip

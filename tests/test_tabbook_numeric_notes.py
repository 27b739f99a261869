"""A numeric section of a tab book states its total n and who has no group (report hB, F5).

The Total column holds respondents with no group of the banner: 20 of 100 here, who
answered higher than both groups, so the Total mean (49.5) is above both groups' (19.5,
59.5). A categorical section says so; the numeric section said only "Base: all
respondents who answered."
"""

from __future__ import annotations

import pandas as pd

import tracktr as tt

SURVEY = tt.Survey.from_dict(
    {
        "title": "T",
        "questions": [
            {"id": "g", "type": "single", "text": "Group?", "options": ["A", "B", "C"]},
            {"id": "n", "type": "numeric", "text": "N?"},
        ],
    }
)


def test_a_numeric_section_says_who_is_in_the_total_only() -> None:
    data = pd.DataFrame({"g": ["A"] * 40 + ["B"] * 40 + [None] * 20, "n": range(100)})
    section = tt.tabbook(data, SURVEY, banners=["g"]).section("n")
    assert section.notes[0] == "Base: all respondents who answered (total n=100)."
    assert (
        "20 respondent(s) in the base have no g group: they are in the total only "
        "(missing_group= shows them as a column)." in section.notes
    )
    statistics = section.blocks[0].summary.statistics  # type: ignore[union-attr]
    assert statistics.loc["All", "mean"] == 49.5


def test_no_note_where_everyone_has_a_group() -> None:
    data = pd.DataFrame({"g": ["A"] * 50 + ["B"] * 50, "n": range(100)})
    notes = tt.tabbook(data, SURVEY, banners=["g"]).section("n").notes
    assert not any("no g group" in note for note in notes)


def test_a_protected_numeric_section_prints_no_hidden_number_in_its_notes() -> None:
    # C's base (2) is hidden, so the total n and the count with no group would give it.
    data = pd.DataFrame({"g": ["A"] * 40 + ["B"] * 38 + ["C"] * 2 + [None] * 3, "n": range(83)})
    section = tt.tabbook(data, SURVEY, banners=["g"], threshold=5).section("n")
    assert section.notes[0] == "Base: all respondents who answered (total n=[c])."
    assert any(note.startswith("Some respondents in the base have no g group") for note in
               section.notes)  # fmt: skip
    assert not any("83" in note or " 3 respondent" in note for note in section.notes)


def _pooled_weighted() -> pd.DataFrame:
    # Two waves of the same 10 organisations; one respondent of 2024 weighs 0.
    def wave(shift: int) -> pd.DataFrame:
        return pd.DataFrame(
            {"respondent_id": range(10), "org": range(10), "n": [i + shift for i in range(10)],
             "g": ["A", "B"] * 5}
        )  # fmt: skip

    pooled = tt.waves.pool({"2024": (wave(0), SURVEY), "2025": (wave(1), SURVEY)}, id="org")
    return pooled.data.assign(w=[0.0] + [1.0] * 19)


def test_a_numeric_section_by_pooled_waves_says_they_share_organisations() -> None:
    # old: no word of it, while tt.summarise(data, "n", by="wave") says so
    data = _pooled_weighted()
    section = tt.tabbook(data, SURVEY, banners=["wave"], questions=["n"]).section("n")
    assert (
        "10 organisation(s) (id 'org') answered more than one wave and are in each of "
        "their waves' columns, so the columns are not independent samples "
        "(tt.waves.change() pairs them)." in section.notes
    )


def test_a_numeric_section_by_a_nested_banner_of_pooled_waves_names_the_banner() -> None:
    data = _pooled_weighted()
    book = tt.tabbook(data, SURVEY, banners=["wave", ("wave", "g")], questions=["n"])
    notes = book.section("n").notes
    assert any(n.startswith("By wave × g: 10 organisation(s)") for n in notes)
    assert not any("(banner)" in n for n in notes)


def test_a_weighted_numeric_section_carries_the_summary_s_weight_0_note() -> None:
    # old: the book printed the weighted statistics without the summary's "Weight 0:" note
    data = _pooled_weighted()
    summary = tt.summarise(data, "n", survey=SURVEY, by="g", weights="w")
    section = tt.tabbook(data, SURVEY, banners=["g"], questions=["n"], weights="w").section("n")
    zero = [n for n in summary.notes if n.startswith("Weight 0:")]
    assert zero[0].startswith("Weight 0: A (1 of n=10), All (1 of n=20).")
    assert zero[0] in section.notes
    two = tt.tabbook(data, SURVEY, banners=["g", "wave"], questions=["n"], weights="w")
    assert any(n.startswith("By wave: Weight 0: 2024 (1 of n=10)") for n in two.section("n").notes)

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

"""A protected tab book of a panel's waves does not number those who answered several waves.

Each organisation that answered two waves is in both waves' columns, so their number is
at most each wave's base: printed beside a wave's hidden base, "4 organisation(s)
answered in more than one of its groups" said that base (4) was at least 4, and a number
of 1 to 4 organisations is sensitive itself.
"""

from __future__ import annotations

import warnings

import pandas as pd

import tracktr as tt

QUESTION = {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}
GROUP = {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]}


def _survey() -> tt.Survey:
    return tt.Survey.from_dict({"title": "Panel", "questions": [QUESTION, GROUP]})


def _pooled(first: pd.DataFrame, second: pd.DataFrame) -> tt.waves.Pooled:
    for frame in (first, second):
        frame.insert(0, "respondent_id", range(len(frame)))
    return tt.waves.pool({"2024": (first, _survey()), "2025": (second, _survey())}, id="org")


def _book(pooled: tt.waves.Pooled, banners: list[str]) -> tt.TabBook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        return tt.tabbook(pooled.data, pooled.survey, banners=banners, questions=["q"], threshold=5)


def test_the_organisations_in_both_waves_are_not_numbered_beside_a_hidden_base() -> None:
    # The 2025 wave: 4 organisations, all of whom answered 2024 too; its base is hidden.
    first = pd.DataFrame({"org": range(40), "q": ["Yes"] * 22 + ["No"] * 18, "g": ["x", "y"] * 20})
    second = pd.DataFrame({"org": range(4), "q": ["Yes", "No", "Yes", "Yes"], "g": ["x", "y"] * 2})
    section = _book(_pooled(first, second), ["wave", "g"]).section("q")
    frame = section.to_frame()
    assert frame.query("row == 'Base' and group == '2025'")["cell"].tolist() == ["[c]"]
    panel = [n for n in section.notes if "answered" in n and "more than one" in n]
    assert len(panel) == 2  # by wave, and by g (counted once per wave in its groups)
    assert all("Some organisations answered" in n for n in panel)
    assert not any("4 organisation(s)" in n for n in section.notes)


def test_with_no_base_hidden_the_note_keeps_its_number() -> None:
    first = pd.DataFrame({"org": range(100), "q": ["Yes"] * 30 + ["No"] * 70, "g": ["x", "y"] * 50})
    second = pd.DataFrame(
        {"org": range(100), "q": ["Yes"] * 50 + ["No"] * 50, "g": ["x", "y"] * 50}
    )
    section = _book(_pooled(first, second), ["wave"]).section("q")
    assert "[c]" not in section.to_frame()["cell"].tolist()
    assert any(
        n.startswith("No letters by wave: 100 organisation(s) answered") for n in section.notes
    )

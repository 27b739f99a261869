"""A grid's section excluding don't know says so in its base line (helper report hY3).

``tt.frequencies`` of a grid item with ``dont_know="exclude"`` describes its base as
"respondents who answered, excluding don't know"; the tab book gave the item's tables the
grid's description alone, so a base of 13 of the 20 who answered read as all of them.
"""

from __future__ import annotations

import pandas as pd

import tracktr as tt

GRID = {
    "id": "gr",
    "type": "grid",
    "text": "Grid?",
    "items": ["a", "b"],
    "options": ["Good", "Bad", {"label": "Don't know", "dont_know": True}],
}
GROUP = {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]}
SURVEY = tt.Survey.from_dict({"title": "P", "questions": [GRID, GROUP]})
DATA = pd.DataFrame(
    {
        "g": ["x", "y"] * 10,
        "gr_1": ["Good"] * 8 + ["Bad"] * 5 + ["Don't know"] * 7,
        "gr_2": ["Good", "Bad"] * 10,
    }
)


def test_a_grid_section_excluding_dont_know_says_so() -> None:
    book = tt.tabbook(DATA, SURVEY, banners=["g"], dont_know="exclude")
    item = book.section("gr.a")
    assert item.notes[0] == "Base: all respondents who answered, excluding don't know (total n=13)."
    alone = tt.frequencies(
        DATA, "gr_1", options=["Good", "Bad", "Don't know"], dont_know_options=["Don't know"],
        dont_know="exclude",
    )  # fmt: skip
    assert alone.notes[0] == "Base: respondents who answered, excluding don't know (n=13)."
    assert item.blocks[0].table is not None
    assert item.blocks[0].table.bases["All"] == 13


def test_a_grid_section_including_dont_know_keeps_the_grid_s_words() -> None:
    book = tt.tabbook(DATA, SURVEY, banners=["g"])
    assert book.section("gr.a").notes[0] == ("Base: all respondents who answered (total n=20).")

"""A grid by groups with an AVERAGE row says whose items' bases each AVERAGE note gives."""

from __future__ import annotations

import pandas as pd

import tracktr as tt

IMPACT = pd.DataFrame(
    {
        "men": ["Worsened", "No change", "Worsened", "Improved", None],
        "women": ["Improved", "Worsened", None, "Improved", "Improved"],
        "g": ["x", "x", "y", "y", "y"],
    }
)
OPTIONS = {
    "columns": ["men", "women"],
    "items": ["Men", "Women"],
    "options": ["Improved", "No change", "Worsened"],
    "average": True,
}
WORDS = "is the mean of the item percentages, each item weighted equally"


def test_each_average_note_names_its_groups() -> None:
    table = tt.grid(IMPACT, "impact", by="g", **OPTIONS)
    # Item bases: x Men 2 (1, 2), Women 2 (1, 2); y Men 2 (3, 4), Women 2 (4, 5);
    # All Men 4, Women 4.
    assert table.respondent_bases.dropna().tolist() == [2, 2, 2, 2, 4, 4]
    # Before: two notes "AVERAGE is the mean ... (each item's base is n=2)" and
    # "... n=4" under rows x, y and All, naming no group.
    assert table.extra_notes == (
        f"x, y: AVERAGE {WORDS} (each item's base is n=2); it has no base of its own.",
        f"All: AVERAGE {WORDS} (each item's base is n=4); it has no base of its own.",
    )


def test_notes_that_differ_are_named_and_one_shared_by_every_group_is_not() -> None:
    table = tt.grid(IMPACT.iloc[:4], "impact", by="g", total=False, **OPTIONS)
    # x: Men 2, Women 2; y: Men 2 (3, 4), Women 1 (4): the notes differ, so named.
    assert table.extra_notes == (
        f"x: AVERAGE {WORDS} (each item's base is n=2); it has no base of its own.",
        f"y: AVERAGE {WORDS} (item bases n=1 to 2); it has no base of its own.",
    )
    alone = tt.grid(IMPACT.iloc[:2], "impact", by="g", **OPTIONS)
    # x is everyone: x and All have the same items' bases (2 and 2), one note.
    assert alone.extra_notes == (
        f"AVERAGE {WORDS} (each item's base is n=2); it has no base of its own.",
    )

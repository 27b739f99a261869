"""A protected table hides the small counts of its don't know notes, as it would their cells.

``multi_response(..., dont_know="exclude")`` says how many answered only "don't know" (out
of the base) and how many ticked it beside other options. Before, ``protect()`` printed
those notes as they were: "1 answered only Don't know" counts one organisation, which a
printed cell of 1 would never do (a reviewer's finding).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tracktr as tt


def members(only: dict[str, int], beside: dict[str, int]) -> pd.DataFrame:
    """60 organisations in x and y; in each group, `only` answered only don't know and
    `beside` ticked it beside option A."""
    rng = np.random.default_rng(0)
    frames = []
    for group in ("x", "y"):
        part = pd.DataFrame(
            {"g": group, "o1": rng.integers(0, 2, 30), "o2": 1, "dk": 0}, index=range(30)
        )
        part.loc[: only[group] - 1, ["o1", "o2", "dk"]] = [0, 0, 1]
        ticked = range(only[group], only[group] + beside[group])
        part.loc[list(ticked), ["o1", "dk"]] = [1, 1]
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def dont_know_notes(data: pd.DataFrame, *, total: bool) -> tuple[list[str], list[str], str]:
    table = tt.multi_response(
        data,
        "set",
        columns=["o1", "o2", "dk"],
        options=["A", "B", "Don't know"],
        dont_know="exclude",
        by="g",
        total=total,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        protected = tt.disclosure.protect([table])[0]
    before = [n for n in table.extra_notes if "Don't know" in n]
    after = [n for n in protected.notes if "Don't know" in n]
    return before, after, protected.to_markdown()


def test_a_total_s_small_counts_are_hidden() -> None:
    before, after, markdown = dont_know_notes(
        members({"x": 1, "y": 0}, {"x": 0, "y": 2}), total=True
    )
    assert before == [
        "1 answered only Don't know, excluded from the base.",
        "2 ticked Don't know beside other options: they stay in the base with their other answers.",
    ]
    assert after == [
        "[c] answered only Don't know, excluded from the base.",
        (
            "[c] ticked Don't know beside other options: they stay in the base with their other "
            "answers."
        ),
    ]
    assert "1 answered only" not in markdown
    assert "2 ticked" not in markdown


def test_each_column_s_small_counts_are_hidden_and_the_others_kept() -> None:
    before, after, markdown = dont_know_notes(
        members({"x": 1, "y": 6}, {"x": 0, "y": 2}), total=False
    )
    assert before == [
        "Answered only Don't know, excluded from the base: x 1, y 6.",
        (
            "Ticked Don't know beside other options (they stay in the base with their other "
            "answers): x 0, y 2."
        ),
    ]
    assert after == [
        "Answered only Don't know, excluded from the base: x [c], y 6.",
        (
            "Ticked Don't know beside other options (they stay in the base with their other "
            "answers): x 0, y [c]."
        ),
    ]
    assert "x 1," not in markdown


@pytest.mark.parametrize("count", [5, 7])
def test_counts_of_the_threshold_or_more_are_printed(count: int) -> None:
    _, after, _ = dont_know_notes(members({"x": count, "y": 0}, {"x": 0, "y": 0}), total=True)
    assert after == [f"{count} answered only Don't know, excluded from the base."]


def test_a_protected_tab_book_hides_them_too() -> None:
    # The section of a set in a tab book carries the total's don't know notes; protected,
    # "2 answered only Don't know" was printed beside the hidden cells.
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "m", "type": "multi", "text": "M?",
         "options": ["a", "b", {"label": "Don't know", "dont_know": True}]},
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
    ]})  # fmt: skip
    data = pd.DataFrame({
        "m_1": [1, 0, 1, 1] * 10, "m_2": [0, 1, 1, 1] * 10, "m_3": 0, "g": ["x", "y"] * 20,
    })  # fmt: skip
    data.loc[[0, 1], ["m_1", "m_2", "m_3"]] = [0, 0, 1]  # 2 answered only don't know
    data.loc[[2, 3, 4], "m_3"] = 1  # 3 ticked it beside a or b
    plain = tt.tabbook(data, survey, banners=["g"], dont_know="exclude").section("m").notes
    assert "2 answered only Don't know, excluded from the base." in plain
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        book = tt.tabbook(data, survey, banners=["g"], dont_know="exclude", threshold=5)
    notes = book.section("m").notes
    assert "[c] answered only Don't know, excluded from the base." in notes
    assert any(note.startswith("[c] ticked Don't know beside other options") for note in notes)
    assert not any(note.startswith(("2 answered", "3 ticked")) for note in notes)

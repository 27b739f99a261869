"""Tab books read by a hostile tester, fifth round: grids, don't know in sets, exports.

Each test names what the old code did. Numbers are recomputed here with plain pandas.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

REGIONS = ["South", "North", "West"]  # codebook order, not sorted


def _grid_survey() -> tt.Survey:
    return tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "region", "type": "single", "text": "Region?", "options": REGIONS},
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
        {"id": "v", "type": "grid", "text": "V?", "items": ["i1", "i2"], "options": ["a", "b"]},
    ]})  # fmt: skip


# -- grid items have the banner's groups of every other section --------------------------------


def test_grid_items_have_the_codebook_order_of_groups_and_unused_groups() -> None:
    # Before: the grid's sections printed North (A), South (B) (sorted, West left out)
    # while every other section printed South (A), North (B), West (C): letter A named
    # another group on the grid's sheet.
    df = pd.DataFrame({
        "region": ["North"] * 30 + ["South"] * 30,
        "q": ["a", "b"] * 30,
        "v_1": ["a"] * 25 + ["b"] * 35,
        "v_2": ["b"] * 60,
    })  # fmt: skip
    book = tt.tabbook(df, _grid_survey(), banners=["region"])
    expected = [("Total", "All", ""), ("region", "South", "A"), ("region", "North", "B")]
    expected.append(("region", "West", "C"))
    assert [s.columns() for s in book.sections] == [expected] * 4
    item = book.section("v.i1").display()
    # Plain pandas: the share of "a" in each region, rounded half-up: 25/60, 0/30, 25/30.
    shares = df.groupby("region")["v_1"].apply(lambda s: s.eq("a").sum())
    assert shares.to_dict() == {"North": 25, "South": 0}
    assert item.loc["a"].tolist() == ["42%", "0%", "83% A", "n/a"]
    assert item.loc["Base"].tolist() == ["60", "30", "30", "0 *"]


@settings(max_examples=25, deadline=None)
@given(groups=st.lists(st.sampled_from(REGIONS), min_size=4, max_size=30))
def test_every_section_of_a_book_has_the_same_columns(groups: list[str]) -> None:
    # Property: whichever groups the rows hold, in whatever order, a letter names the same
    # group in every section (the codebook's order, groups no one gave included).
    n = len(groups)
    df = pd.DataFrame({
        "region": groups,
        "q": (["a", "b"] * n)[:n],
        "v_1": (["b", "a", "a"] * n)[:n],
        "v_2": (["a"] * n),
    })  # fmt: skip
    before = df.copy()
    book = tt.tabbook(df, _grid_survey(), banners=["region"], letters=False)
    columns = [s.columns() for s in book.sections]
    assert all(c == columns[0] for c in columns)
    assert [g for _, g, _ in columns[0]] == ["All", *REGIONS]
    pd.testing.assert_frame_equal(df, before)  # the data is not changed

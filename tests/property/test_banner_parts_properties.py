"""split_banners gives each banner the table that ``by=banner`` alone gives, field by field.

Before: every part kept every banner's notes, so the part by "h" said "Respondents in the
base who gave no answer to 'g' ..." (a note about another banner); a weighted part had
no `unweighted_counts` (disclosure control refused it), and a grid's part no `excluded`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr._table_arrays import same_field
from tracktr.banners import split_banners
from tracktr.missing import NOT_ASKED, SKIPPED

ANSWERS = ["a", "b", "Don't know", None, SKIPPED]
GROUPS = ["x", "y", None]
SURVEY = tt.Survey.from_dict(
    {
        "title": "Parts",
        "questions": [
            {"id": "r", "type": "single", "text": "Routing", "options": ["Yes", "No"]},
            {
                "id": "q",
                "type": "single",
                "text": "Q",
                "options": ["a", "b", "Don't know"],
                "ask_if": {"question": "r", "in": ["Yes"]},
            },
            {"id": "g", "type": "single", "text": "G", "options": ["x", "y", "z"]},
            {"id": "h", "type": "single", "text": "H", "options": ["x", "y"]},
        ],
    }
)


def assert_same_table(part: tt.Table, alone: tt.Table) -> None:
    """Every field equal (the notes shown too), each named where it differs."""
    for f in dataclasses.fields(tt.Table):
        mine, theirs = getattr(part, f.name), getattr(alone, f.name)
        if f.name == "respondents":
            assert (mine is None) == (theirs is None), f.name
            assert mine is None or mine.equals(theirs), f.name
        else:  # as Table.__eq__ compares them, and the private one too (both empty)
            assert same_field(mine, theirs), f"{f.name}: {mine!r} != {theirs!r}"
    assert part.notes == alone.notes
    assert part == alone


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 25))
    column = st.lists(st.sampled_from(GROUPS), min_size=n, max_size=n)
    weights = st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.5]), min_size=n, max_size=n).filter(
        lambda w: sum(w) > 0
    )
    return pd.DataFrame(
        {
            "q": draw(st.lists(st.sampled_from(ANSWERS), min_size=n, max_size=n)),
            "g": draw(column),
            "h": draw(column),
            "w": draw(weights),
            "t1": draw(st.lists(st.sampled_from([0, 1, None]), min_size=n, max_size=n)),
            "t2": draw(st.lists(st.sampled_from([0, 1, None]), min_size=n, max_size=n)),
        }
    )


BANNER_LISTS = st.sampled_from([["g", "h"], ["h", "g"], ["g", ("g", "h")]])


def _name(banner: str | tuple[str, ...]) -> str:
    return banner if isinstance(banner, str) else " × ".join(banner)


@given(frames(), BANNER_LISTS, st.booleans(), st.sampled_from([None, "No group"]))
def test_frequencies_parts_are_the_tables_by_one_banner(
    df: pd.DataFrame, by: list[Any], weighted: bool, missing_group: str | None
) -> None:
    before = df.copy()
    options: dict[str, Any] = {"weights": "w" if weighted else None}
    options["missing_group"] = missing_group
    parts = split_banners(tt.frequencies(df, "q", by=by, **options))
    assert list(parts) == [_name(b) for b in by]
    for banner in by:
        assert_same_table(parts[_name(banner)], tt.frequencies(df, "q", by=banner, **options))
    pd.testing.assert_frame_equal(df, before)


@given(frames(), BANNER_LISTS, st.booleans())
def test_multi_response_parts_are_the_tables_by_one_banner(
    df: pd.DataFrame, by: list[Any], weighted: bool
) -> None:
    options: dict[str, Any] = {"columns": ["t1", "t2"], "weights": "w" if weighted else None}
    parts = split_banners(tt.multi_response(df, "t", by=by, **options))
    for banner in by:
        assert_same_table(parts[_name(banner)], tt.multi_response(df, "t", by=banner, **options))


@given(frames(), BANNER_LISTS, st.booleans())
def test_grid_parts_are_the_tables_by_one_banner(
    df: pd.DataFrame, by: list[Any], average: bool
) -> None:
    data = df.assign(i2=df["q"].iloc[::-1].to_numpy())
    options: dict[str, Any] = {"columns": ["q", "i2"], "options": ["a", "b", "Don't know"]}
    options["average"] = average
    parts = split_banners(tt.grid(data, "grid", by=by, **options))
    for banner in by:
        assert_same_table(parts[_name(banner)], tt.grid(data, "grid", by=banner, **options))


@given(frames(), st.booleans())
def test_routed_parts_with_a_codebook_are_the_tables_by_one_banner(
    df: pd.DataFrame, weighted: bool
) -> None:
    # Routing: those not asked q (r is "No") are out of every base, in `excluded`.
    routed = np.arange(len(df)) % 3 == 0
    data = df.assign(r=np.where(routed, "No", "Yes"), q=df["q"].where(~routed, NOT_ASKED))
    options: dict[str, Any] = {"survey": SURVEY, "weights": "w" if weighted else None}
    parts = split_banners(tt.frequencies(data, "q", by=["g", "h"], **options))
    for banner in ("g", "h"):
        assert_same_table(parts[banner], tt.frequencies(data, "q", by=banner, **options))

"""Tables of pooled rows: an option a wave did not offer is a gap, or a note where waves mix.

``tt.waves.trend`` always marked such cells; ``tt.frequencies`` of the same pooled rows
printed ``0 (0)`` there, as if nobody in that wave had chosen it. Hand counts in comments.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tests.test_waves_gaps import SCALE_2, SCALE_3, _survey
from tracktr._pooled import POOLED_ATTR


def _pooled(
    a: list[tuple[str, str]] | None = None, b: list[tuple[str, str]] | None = None
) -> tt.waves.Pooled:
    # Wave a (no middle point): Better 2, Worse 1 (x, y, x); wave b: Same 1, Worse 1 (x, y).
    a = a or [("Better", "x"), ("Worse", "y"), ("Better", "x")]
    b = b or [("Same", "x"), ("Worse", "y")]
    frames = {
        name: pd.DataFrame(
            {
                "respondent_id": range(1, len(rows) + 1),
                "c": [r[0] for r in rows],
                "g": [r[1] for r in rows],
            }
        )
        for name, rows in (("a", a), ("b", b))
    }
    return tt.waves.pool(
        {"a": (frames["a"], _survey(SCALE_2)), "b": (frames["b"], _survey(SCALE_3))},
        harmonise={"waves": ["a", "b"], "questions": [{"id": "c"}]},
    )


def _unmarked(data: pd.DataFrame) -> pd.DataFrame:
    out = data.copy()
    out.attrs = {}
    return out


def _unpooled(survey: tt.Survey) -> tt.Survey:
    # The pool's codebook without its [pooled] table: the pool's own gives the facts back
    # to rows without the mark (tests/test_review_hk11.py).
    return dataclasses.replace(survey, pooled={})


def test_by_wave_the_option_a_wave_did_not_offer_is_a_gap_and_the_total_says_so() -> None:
    # Before: Same printed 0 (0) in wave a, with no word.
    pooled = _pooled()
    table = tt.frequencies(pooled.data, "c", survey=pooled.survey, by="wave")
    assert table.gaps == (("Same", "a"),)
    assert table.counts.loc["Same"].tolist() == [0, 1, 1]
    assert table.to_frame(layout="report").loc["Same", "a"] == "n/a"
    notes = " ".join(table.notes)
    assert "'Same' not offered in the waves of the columns marked n/a" in notes
    assert "'Same' was not offered in wave(s) a, whose respondents are in the base of All" in notes


def test_one_wave_alone_has_the_gap_in_every_column() -> None:
    # Before: wave a's rows alone printed Same 0 (0) of 3.
    pooled = _pooled()
    table = tt.frequencies(pooled.wave("a"), "c", survey=pooled.survey, by="g")
    assert set(table.gaps) == {("Same", "x"), ("Same", "y"), ("Same", "All")}
    assert not any("whose respondents are in the base" in n for n in table.notes)


def test_another_banner_mixing_the_waves_counts_and_says_whose_base_holds_them() -> None:
    # x holds a's two and b's one: Same 1 of 3, of whom 2 could not choose it.
    pooled = _pooled()
    table = tt.frequencies(pooled.data, "c", survey=pooled.survey, by="g")
    assert table.gaps == ()
    assert table.counts["x"].tolist() == [2, 1, 0]
    assert any("in the base of x, y, All" in n for n in table.notes)


def test_a_column_of_wave_b_only_has_no_note() -> None:
    # Group y is a's Worse and b's Worse; make wave a all x: then y is wave b alone.
    pooled = _pooled(a=[("Better", "x"), ("Worse", "x")], b=[("Same", "x"), ("Worse", "y")])
    table = tt.frequencies(pooled.data, "c", survey=pooled.survey, by="g")
    assert any("in the base of x, All" in n for n in table.notes)


def test_the_trend_says_it_once() -> None:
    # The trend marks its gaps itself: the table's own notes are not added twice.
    pooled = _pooled()
    trend = tt.waves.trend(pooled, "c")
    assert trend.gaps == (("Same", "a"),)
    assert sum("Same" in note for note in trend.notes) == 1


def test_without_the_mark_nothing_changes() -> None:
    pooled = _pooled()
    plain = tt.frequencies(_unmarked(pooled.data), "c", survey=_unpooled(pooled.survey), by="wave")
    assert plain.gaps == ()
    assert pooled.data.attrs[POOLED_ATTR]["unoffered"] == {"c": {"a": ("Same",)}}


_ROW = st.tuples(st.sampled_from(SCALE_2), st.sampled_from(["x", "y"]))
_ROW_B = st.tuples(st.sampled_from(SCALE_3), st.sampled_from(["x", "y"]))


@given(
    a=st.lists(_ROW, min_size=1, max_size=8),
    b=st.lists(_ROW_B, min_size=1, max_size=8),
    by=st.sampled_from([None, "wave", "g"]),
    weighted=st.booleans(),
)
def test_the_mark_changes_no_number_and_every_gap_is_a_zero_of_one_wave_a_column(
    a: list[tuple[str, str]], b: list[tuple[str, str]], by: str | None, weighted: bool
) -> None:
    pooled = _pooled(a, b)
    data = pooled.data.assign(w=[1.5 if g == "x" else 0.5 for g in pooled.data["g"]])
    data.attrs = pooled.data.attrs
    options = {"survey": pooled.survey, "by": by, "weights": "w" if weighted else None}
    marked = tt.frequencies(data, "c", **options)
    plain = tt.frequencies(_unmarked(data), "c", **options | {"survey": _unpooled(pooled.survey)})
    pd.testing.assert_frame_equal(marked.counts, plain.counts)
    pd.testing.assert_series_equal(marked.bases, plain.bases)
    for option, column in marked.gaps:
        assert option == "Same"
        assert marked.counts.loc[option, column] == 0
        rows = data if column == "All" else data[data[by] == column]  # type: ignore[index]
        assert set(rows["wave"].astype(str)) == {"a"}

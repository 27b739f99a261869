"""Properties of wave comparisons and pooling.

- With no organisation in both waves, the overlapping-samples test is the independent
  two-sample chi-square test (tt.compare_proportions) and its interval Newcombe's.
- With every organisation in both waves, it is McNemar's test, and the interval
  Newcombe's (1998a) method 10 for paired data.
- A harmonised pool tabulated by wave equals each wave tabulated alone with its own
  codebook, then summed through the map, cell by cell.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tracktr as tt


@st.composite
def _independent(draw: st.DrawFn) -> tuple[int, int, int, int]:
    n1 = draw(st.integers(1, 300))
    n2 = draw(st.integers(1, 300))
    return draw(st.integers(0, n1)), n1, draw(st.integers(0, n2)), n2


# Each example runs scipy's tests three times; 100 examples keep the test near a second.
@settings(max_examples=100)
@given(_independent())
def test_no_overlap_is_the_independent_two_sample_test(counts: tuple[int, int, int, int]) -> None:
    x1, n1, x2, n2 = counts
    assume(0 < x1 + x2 < n1 + n2)  # a margin of zero has nothing to test
    ours = tt.waves.compare_overlapping(x1, n1, x2, n2, both=[[0, 0], [0, 0]])
    theirs = tt.compare_proportions(x2, n2, x1, n1, test="chi2")
    assert ours.test == "independent"
    assert ours.statistic == pytest.approx(theirs.statistic, rel=1e-9, abs=1e-12)
    assert ours.p_value == pytest.approx(theirs.p_value, rel=1e-9, abs=1e-12)
    assert ours.difference == pytest.approx(theirs.difference, abs=1e-15)
    assert ours.difference_ci == pytest.approx(theirs.difference_ci, abs=1e-12)


def _newcombe_paired(a: int, b: int, c: int, d: int) -> tuple[float, float]:
    """Newcombe (1998a) method 10 for p2 - p1, written from the paper's formula (independently
    of tracktr.waves.trend): Wilson limits of each margin, phi with his adjustment."""
    n = a + b + c + d
    p1, p2 = (a + b) / n, (a + c) / n
    z = 1.959963984540054

    def wilson(x: int) -> tuple[float, float]:
        p = x / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return centre - half, centre + half

    l1, u1 = wilson(a + b)
    l2, u2 = wilson(a + c)
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    cross = a * d - b * c
    adjusted = cross - n / 2 if cross > n / 2 else (cross if cross < 0 else 0)
    phi = adjusted / math.sqrt(margins) if margins else 0.0
    diff = p2 - p1
    low = diff - math.sqrt((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2)
    high = diff + math.sqrt((u2 - p2) ** 2 - 2 * phi * (u2 - p2) * (p1 - l1) + (p1 - l1) ** 2)
    return max(-1.0, low), min(1.0, high)


@settings(max_examples=100)
@given(st.lists(st.integers(0, 80), min_size=4, max_size=4))
def test_full_overlap_is_mcnemars_test(cells: list[int]) -> None:
    a, b, c, d = cells
    n = a + b + c + d
    assume(n > 0)
    ours = tt.waves.compare_overlapping(a + b, n, a + c, n, both=[[a, b], [c, d]])
    paired = tt.waves.mcnemar([[a, b], [c, d]])
    assert ours.test == "paired"
    assert ours.statistic == pytest.approx(paired.statistic, rel=1e-9, abs=1e-12)
    assert ours.p_value == pytest.approx(paired.p_value, rel=1e-9, abs=1e-12)
    assert ours.difference_ci == pytest.approx(_newcombe_paired(a, b, c, d), abs=1e-9)


@settings(max_examples=100)
@given(
    st.lists(st.integers(0, 40), min_size=4, max_size=4),
    st.tuples(st.integers(0, 60), st.integers(0, 60)),
    st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_the_overlap_test_is_well_defined(
    cells: list[int], only1: tuple[int, int], only2: tuple[int, int]
) -> None:
    a, b, c, d = cells
    x1, n1 = a + b + only1[0], a + b + c + d + only1[0] + only1[1]
    x2, n2 = a + c + only2[0], a + b + c + d + only2[0] + only2[1]
    assume(n1 > 0 and n2 > 0)
    result = tt.waves.compare_overlapping(x1, n1, x2, n2, both=[[a, b], [c, d]])
    assert 0.0 <= result.p_value <= 1.0
    assert result.statistic >= 0
    low, high = result.difference_ci
    assert -1.0 <= low <= result.difference <= high <= 1.0


SCALE_4 = ["Much better", "Better", "Worse", "Much worse"]
SCALE_5 = ["Much better", "Better", "Same", "Worse", "Much worse"]
MARKERS = ["<skipped>", "<not asked>"]
W1 = tt.Survey.from_dict(
    {
        "title": "1",
        "questions": [
            {"id": "change", "type": "ordinal", "text": "?", "options": SCALE_4},
            {"id": "size", "type": "single", "text": "?", "options": ["Small", "Large"]},
        ],
    }
)
W2 = tt.Survey.from_dict(
    {
        "title": "2",
        "questions": [
            {"id": "change5", "type": "ordinal", "text": "?", "options": SCALE_5},
            {"id": "size", "type": "single", "text": "?", "options": ["Small", "Large"]},
        ],
    }
)
COLLAPSE_4 = {
    "Much better": "Better",
    "Better": "Better",
    "Worse": "Not better",
    "Much worse": "Not better",
}
COLLAPSE_5 = {**COLLAPSE_4, "Same": "Not better"}
MAP: dict[str, Any] = {
    "waves": ["w1", "w2"],
    "questions": [
        {
            "id": "change",
            "options": ["Better", "Not better"],
            "waves": {"w1": {"map": COLLAPSE_4}, "w2": {"question": "change5", "map": COLLAPSE_5}},
        }
    ],
}


@st.composite
def _two_waves(draw: st.DrawFn) -> dict[str, tuple[pd.DataFrame, tt.Survey]]:
    orgs = [f"O{i}" for i in range(30)]
    first = draw(st.lists(st.sampled_from(orgs), min_size=1, max_size=20, unique=True))
    second = draw(st.lists(st.sampled_from(orgs), min_size=1, max_size=20, unique=True))

    def frame(ids: list[str], column: str, scale: list[str]) -> pd.DataFrame:
        answers = draw(
            st.lists(st.sampled_from(scale + MARKERS[:1]), min_size=len(ids), max_size=len(ids))
        )
        sizes = draw(
            st.lists(
                st.sampled_from(["Small", "Large", *MARKERS[:1]]),
                min_size=len(ids),
                max_size=len(ids),
            )
        )
        return pd.DataFrame(
            {"respondent_id": range(1, len(ids) + 1), "org": ids, column: answers, "size": sizes}
        )

    return {
        "w1": (frame(first, "change", SCALE_4), W1),
        "w2": (frame(second, "change5", SCALE_5), W2),
    }


# Each example validates and pools two small waves (~0.1 s): fewer examples than the
# profile's keep the test near a second.
@settings(max_examples=15)
@given(_two_waves())
def test_a_pool_tabulated_by_wave_equals_each_wave_alone(
    waves: dict[str, tuple[pd.DataFrame, tt.Survey]],
) -> None:
    pooled = tt.waves.pool(waves, harmonise=MAP, id="org")
    for question, source, collapse in (
        ("change", {"w1": "change", "w2": "change5"}, {"w1": COLLAPSE_4, "w2": COLLAPSE_5}),
        ("size", {"w1": "size", "w2": "size"}, None),
    ):
        table = tt.waves.trend(pooled, question)
        for wave, (data, survey) in waves.items():
            alone = tt.frequencies(data, source[wave], survey=survey)
            counts = alone.counts["All"]
            if collapse is not None:
                counts = counts.groupby(counts.index.map(collapse[wave])).sum()
            expected = counts.reindex(table.counts.index, fill_value=0)
            assert table.counts[wave].tolist() == expected.tolist()
            assert int(table.bases[wave]) == int(alone.bases["All"])
            assert table.excluded is not None
            assert alone.excluded is not None
            skipped = table.excluded.loc[["skipped"], [wave]].to_numpy()
            assert skipped.tolist() == alone.excluded.loc[["skipped"], ["All"]].to_numpy().tolist()
    assert pooled.membership is not None
    both = set(waves["w1"][0]["org"]) & set(waves["w2"][0]["org"])
    assert set(pooled.in_both("w1", "w2")) == both


# -- multi-response options and grid items from pooled data ------------------------------------

SHARES = tt.Survey.from_dict(
    {
        "title": "Members",
        "questions": [
            {
                "id": "topics",
                "type": "multi",
                "text": "Which topics?",
                "form": "indicator",
                "options": [
                    {"code": 1, "label": "Housing", "column": "topics_housing"},
                    {"code": 2, "label": "Health", "column": "topics_health"},
                ],
            },
            {
                "id": "rating",
                "type": "grid",
                "text": "How good?",
                "options": ["Good", "Fair", "Poor", {"label": "Don't know", "dont_know": True}],
                "items": [
                    {"id": "crc", "label": "CRCs", "column": "rating_crc"},
                    {"id": "nps", "label": "NPS", "column": "rating_nps"},
                ],
            },
        ],
    }
)
TICK = st.sampled_from([0, 1])
RATING = st.sampled_from(["Good", "Fair", "Poor", "Don't know", "<skipped>"])
SHARED = [("topics", "Housing", None), ("topics", "Health", None), ("rating", "Good", "crc")]


@st.composite
def _answers(draw: st.DrawFn, ids: list[str], *, answered: bool) -> pd.DataFrame:
    n = len(ids)
    rating = st.sampled_from(["Good", "Fair", "Poor"]) if answered else RATING
    housing = draw(st.lists(TICK, min_size=n, max_size=n))
    # at least one tick each when everyone must answer (an empty set is "skipped")
    health = [1 if answered and h == 0 else draw(TICK) for h in housing]
    return pd.DataFrame(
        {
            "respondent_id": range(1, n + 1),
            "org": ids,
            "topics_housing": housing,
            "topics_health": health,
            "rating_crc": draw(st.lists(rating, min_size=n, max_size=n)),
            "rating_nps": draw(st.lists(RATING, min_size=n, max_size=n)),
            "weight": draw(st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n)),
        }
    )


def _pool(first: pd.DataFrame, second: pd.DataFrame) -> tt.waves.Pooled:
    waves = {"w1": (first, SHARES), "w2": (second, SHARES)}
    return tt.waves.pool(waves, id="org", keep=["weight"])


# Each example pools two small waves (~0.1 s) and compares three shares.
@settings(max_examples=10)
@given(st.data(), st.integers(2, 25), st.integers(2, 25))
def test_no_overlap_of_pooled_shares_is_the_independent_test(
    data: st.DataObject, n1: int, n2: int
) -> None:
    first = data.draw(_answers([f"A{i}" for i in range(n1)], answered=False))
    second = data.draw(_answers([f"B{i}" for i in range(n2)], answered=False))
    pooled = _pool(first, second)
    for question, option, item in SHARED:
        try:
            ours = tt.waves.change(pooled, question, option, item=item)
        except tt.InvalidBaseError:
            continue  # nobody in the base of a wave (every rating skipped)
        if not 0 < ours.count1 + ours.count2 < ours.base1 + ours.base2:
            continue  # a margin of zero has nothing to test
        theirs = tt.compare_proportions(
            ours.count2, ours.base2, ours.count1, ours.base1, test="chi2"
        )
        assert ours.test == "independent"
        assert ours.statistic == pytest.approx(theirs.statistic, rel=1e-9, abs=1e-12)
        assert ours.p_value == pytest.approx(theirs.p_value, rel=1e-9, abs=1e-12)


@settings(max_examples=10)
@given(st.data(), st.integers(1, 30))
def test_full_overlap_of_pooled_shares_is_mcnemars_test(data: st.DataObject, n: int) -> None:
    ids = [f"O{i}" for i in range(n)]
    first = data.draw(_answers(ids, answered=True))
    second = data.draw(_answers(list(reversed(ids)), answered=True))
    pooled = _pool(first, second)
    for question, option, item in SHARED:
        ours = tt.waves.change(pooled, question, option, item=item)
        a, b, c, d = ours.both
        assert ours.matched == ours.base1 == ours.base2 == n
        assert ours.test == "paired"
        paired = tt.waves.mcnemar([[a, b], [c, d]])
        assert ours.statistic == pytest.approx(paired.statistic, rel=1e-9, abs=1e-12)
        assert ours.p_value == pytest.approx(paired.p_value, rel=1e-9, abs=1e-12)


@settings(max_examples=10)
@given(
    st.data(),
    st.lists(st.sampled_from([f"O{i}" for i in range(30)]), min_size=1, max_size=20, unique=True),
    st.lists(st.sampled_from([f"O{i}" for i in range(30)]), min_size=1, max_size=20, unique=True),
)
def test_a_pool_tabulated_by_wave_equals_each_wave_alone_for_sets_and_grids(
    data: st.DataObject, ids1: list[str], ids2: list[str]
) -> None:
    first = data.draw(_answers(ids1, answered=False))
    second = data.draw(_answers(ids2, answered=False))
    pooled = _pool(first, second)
    sets = tt.waves.trend(pooled, "topics")
    grids = tt.grid(pooled.data, "rating", survey=pooled.survey, by="wave", total=False)
    changed = tt.waves.changes(pooled, "topics")
    for wave, frame in (("w1", first), ("w2", second)):
        alone = tt.multi_response(frame, "topics", survey=SHARES)
        assert sets.counts[wave].tolist() == alone.counts["All"].tolist()
        assert int(sets.bases[wave]) == int(alone.bases["All"])
        grid = tt.grid(frame, "rating", survey=SHARES)
        for label in ("CRCs", "NPS"):
            assert grids.counts.loc[(wave, label)].tolist() == grid.counts.loc[label].tolist()
            assert int(grids.bases[(wave, label)]) == int(grid.bases[label])
            one_item = tt.waves.trend(pooled, "rating", item=label)
            assert one_item.counts[wave].tolist() == grid.counts.loc[label].tolist()
            assert int(one_item.bases[wave]) == int(grid.bases[label])
        # and changes() counts what the tables count
        side = "1" if wave == "w1" else "2"
        assert changed[f"count_{side}"].tolist() == alone.counts["All"].tolist()
        assert set(changed[f"base_{side}"]) == {int(alone.bases["All"])}


# -- weights -----------------------------------------------------------------------------------


# Each example pools two waves and makes 15 comparisons: 8 examples keep it near 2 s.
@settings(max_examples=8)
@given(
    st.data(),
    st.lists(st.sampled_from([f"O{i}" for i in range(30)]), min_size=2, max_size=20, unique=True),
    st.lists(st.sampled_from([f"O{i}" for i in range(30)]), min_size=2, max_size=20, unique=True),
    st.floats(0.01, 100.0),
    st.floats(0.01, 100.0),
)
def test_equal_weights_give_the_unweighted_change_and_scaling_changes_nothing(
    data: st.DataObject, ids1: list[str], ids2: list[str], scale1: float, scale2: float
) -> None:
    pooled = _pool(
        data.draw(_answers(ids1, answered=False)), data.draw(_answers(ids2, answered=False))
    )
    is_first = (pooled.data["wave"] == "w1").to_numpy()
    weights = pooled.data["weight"].to_numpy(dtype=float)
    scaled = weights * (is_first * scale1 + ~is_first * scale2)
    for question, option, item in SHARED:
        try:
            plain = tt.waves.change(pooled, question, option, item=item)
        except tt.InvalidBaseError:
            continue  # nobody in the base of a wave: nothing to compare, weighted or not
        equal = tt.waves.change(
            pooled, question, option, item=item, weights=is_first * scale1 + ~is_first * scale2
        )
        assert equal.statistic == pytest.approx(plain.statistic, rel=1e-9, abs=1e-12)
        assert equal.p_value == pytest.approx(plain.p_value, rel=1e-9, abs=1e-12)
        assert equal.difference_ci == pytest.approx(plain.difference_ci, rel=1e-9, abs=1e-12)
        once = tt.waves.change(pooled, question, option, item=item, weights="weight")
        again = tt.waves.change(pooled, question, option, item=item, weights=scaled)
        assert again.statistic == pytest.approx(once.statistic, rel=1e-9, abs=1e-12)
        assert again.p_value == pytest.approx(once.p_value, rel=1e-9, abs=1e-12)
        assert again.difference_ci == pytest.approx(once.difference_ci, rel=1e-9, abs=1e-12)
        assert 0.0 <= once.p_value <= 1.0
        low, high = once.difference_ci
        assert -1.0 <= low <= once.difference <= high <= 1.0

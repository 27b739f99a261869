"""Hypothesis properties of tracktr.compare and tracktr.describe."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, get_args

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.compare import adjust_p_values
from tracktr.compare._letters import pairs_tested
from tracktr.describe import phrase_holds
from tracktr.typing import CIMethod

METHODS = get_args(CIMethod)
EPS = 1e-12


@st.composite
def count_and_base(draw: st.DrawFn, max_base: int = 400) -> tuple[int, int]:
    base = draw(st.integers(1, max_base))
    return draw(st.integers(0, base)), base


levels = st.floats(0.5, 0.999)


@given(count_and_base(), st.sampled_from(METHODS), levels)
def test_interval_contains_estimate_within_unit(
    xn: tuple[int, int], method: CIMethod, level: float
) -> None:
    x, n = xn
    ci = tt.proportion_ci(x, n, method=method, level=level)
    assert 0.0 <= ci.ci_low <= ci.proportion <= ci.ci_high <= 1.0


@given(count_and_base(), st.sampled_from(METHODS), levels, levels)
def test_interval_widens_with_level(
    xn: tuple[int, int], method: CIMethod, a: float, b: float
) -> None:
    low_level, high_level = sorted((a, b))
    x, n = xn
    narrow = tt.proportion_ci(x, n, method=method, level=low_level)
    wide = tt.proportion_ci(x, n, method=method, level=high_level)
    assert wide.ci_high - wide.ci_low >= narrow.ci_high - narrow.ci_low - EPS
    if method in ("wilson", "clopper_pearson", "jeffreys"):
        assert wide.ci_low <= narrow.ci_low + EPS
        assert wide.ci_high >= narrow.ci_high - EPS


@given(count_and_base(max_base=200), st.sampled_from(METHODS), st.integers(2, 5))
def test_interval_narrows_with_base(xn: tuple[int, int], method: CIMethod, k: int) -> None:
    x, n = xn
    small = tt.proportion_ci(x, n, method=method)
    large = tt.proportion_ci(k * x, k * n, method=method)
    assert large.ci_high - large.ci_low <= small.ci_high - small.ci_low + EPS


@given(count_and_base(), st.integers(0, 1000))
def test_finite_population_correction_narrows(xn: tuple[int, int], extra: int) -> None:
    x, n = xn
    plain = tt.proportion_ci(x, n)
    corrected = tt.proportion_ci(x, n, population=n + extra)
    assert corrected.ci_high - corrected.ci_low <= plain.ci_high - plain.ci_low + EPS
    assert corrected.ci_low <= corrected.proportion <= corrected.ci_high


@given(count_and_base(), count_and_base(), levels)
def test_difference_interval_contains_difference(
    a: tuple[int, int], b: tuple[int, int], level: float
) -> None:
    result = tt.compare_proportions(*a, *b, level=level)
    low, high = result.difference_ci
    assert -1.0 <= low <= result.difference <= high <= 1.0
    assert 0.0 <= result.p_value <= 1.0
    for lo, estimate, hi in (
        (result.relative_risk_ci[0], result.relative_risk, result.relative_risk_ci[1]),
        (result.odds_ratio_ci[0], result.odds_ratio, result.odds_ratio_ci[1]),
    ):
        assert 0 < lo <= estimate * (1 + 1e-9)
        assert estimate <= hi * (1 + 1e-9)


@given(count_and_base(), count_and_base())
def test_swapping_groups_negates_difference_and_inverts_ratio(
    a: tuple[int, int], b: tuple[int, int]
) -> None:
    ab = tt.compare_proportions(*a, *b)
    ba = tt.compare_proportions(*b, *a)
    assert ba.difference == pytest.approx(-ab.difference, abs=1e-12)
    assert ba.difference_ci == pytest.approx((-ab.difference_ci[1], -ab.difference_ci[0]))
    assert ba.relative_risk == pytest.approx(1 / ab.relative_risk)
    assert ba.relative_risk_ci == pytest.approx(
        (1 / ab.relative_risk_ci[1], 1 / ab.relative_risk_ci[0])
    )
    assert ba.odds_ratio == pytest.approx(1 / ab.odds_ratio)
    assert ba.p_value == pytest.approx(ab.p_value, rel=1e-9, abs=1e-15)
    assert ba.test == ab.test


@given(count_and_base(max_base=100), count_and_base(max_base=200))
def test_nested_is_the_rest_comparison_rescaled(
    group: tuple[int, int], rest: tuple[int, int]
) -> None:
    (x1, n1), (xr, nr) = group, rest
    nested = tt.compare_proportions(x1, n1, x1 + xr, n1 + nr, nested=True)
    separate = tt.compare_proportions(x1, n1, xr, nr)
    share = nr / (n1 + nr)
    assert nested.difference == pytest.approx(share * separate.difference, abs=1e-12)
    assert nested.difference_ci == pytest.approx(
        tuple(share * v for v in separate.difference_ci), abs=1e-12
    )
    assert nested.p_value == pytest.approx(separate.p_value)
    low, high = nested.difference_ci
    assert low <= nested.difference <= high


@given(st.lists(st.floats(0, 1), max_size=30))
def test_adjusted_p_values_bounds(p: list[float]) -> None:
    raw = np.array(p, dtype=float)
    holm = adjust_p_values(raw)
    bh = adjust_p_values(raw, method="bh")
    bonferroni = adjust_p_values(raw, method="bonferroni")
    assert np.all(holm >= raw - EPS)
    assert np.all(bh >= raw - EPS)
    assert np.all(holm <= 1.0)
    assert np.all(bh <= holm + EPS)  # BH is never more conservative than Holm
    assert np.all(holm <= bonferroni + EPS)
    order = np.argsort(raw, kind="stable")
    assert np.all(np.diff(holm[order]) >= -EPS)  # adjustment keeps the order


@given(st.fractions(0, 1, max_denominator=1000) | st.floats(0, 1))
def test_described_share_is_true(p: Fraction | float) -> None:
    assert phrase_holds(tt.describe_share(p), p)


_CLAIM = re.compile(r"^(almost |over )?(\S+) times (?:as|less|fewer)")
_WORDS = {
    "twice": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


@given(st.integers(1, 1000), st.integers(1, 1000))
def test_described_ratio_never_overstates(a: int, b: int) -> None:
    assume(a != b)
    p1, p2 = Fraction(a, 1000), Fraction(b, 1000)
    text = tt.describe_ratio(p1, p2)
    m = max(p1 / p2, p2 / p1)
    match = _CLAIM.match(text.replace("twice as", "twice times as"))
    if text.startswith(("about", "just")):
        assert m < Fraction(11, 10)
        return
    if text.endswith(("% less likely", "% fewer")):
        shortfall = Fraction(int(text.split("%")[0]), 100)
        assert shortfall <= 1 - p1 / p2
        return
    assert match is not None, text
    modifier, number = match.group(1), match.group(2)
    value = Fraction(_WORDS[number]) if number in _WORDS else Fraction(number)
    if modifier == "almost ":
        assert value - Fraction(15, 100) <= m < value
    elif modifier == "over ":
        assert m > value
    else:
        assert m >= value
    assert ("less" in text) == (p1 < p2)


@given(
    st.integers(1, 1000),
    st.integers(1, 1000),
    st.sampled_from(["likely", "many"]),
)
def test_described_ratio_holds(a: int, b: int, wording: str) -> None:
    p1, p2 = Fraction(a, 1000), Fraction(b, 1000)
    text = tt.describe_ratio(p1, p2, wording=wording)  # type: ignore[arg-type]
    assert tt.describe.ratio_holds(text, p1, p2), text


@st.composite
def pair_families(draw: st.DrawFn) -> tuple[Any, set[tuple[str, str]], list[float]]:
    """Tests of every pair of 2-5 groups on 1-3 rows, a hidden set and other p-values."""
    groups = [f"g{k}" for k in range(draw(st.integers(2, 5)))]
    rows = [f"r{k}" for k in range(draw(st.integers(1, 3)))]
    keys = [(r, a, b) for r in rows for i, a in enumerate(groups) for b in groups[i + 1 :]]
    p = st.one_of(st.floats(0, 1), st.just(float("nan")), st.sampled_from([0.001, 0.01, 0.02]))
    values = draw(st.lists(p, min_size=len(keys), max_size=len(keys)))
    others = draw(st.lists(st.floats(0, 1), min_size=len(keys), max_size=len(keys)))
    higher = draw(st.lists(st.booleans(), min_size=len(keys), max_size=len(keys)))
    cells = [(r, g) for r in rows for g in groups]
    hidden = set(draw(st.lists(st.sampled_from(cells), max_size=len(cells))))
    tests = pairs_tested(*zip(*[(r, a, b) for r, a, b in keys], strict=True), values, higher)
    return tests, hidden, others


@given(pair_families(), st.sampled_from(["holm", "bonferroni", "bh", "none"]))
def test_letters_of_published_cells_ignore_hidden_tests(
    family: tuple[Any, set[tuple[str, str]], list[float]], adjust: str
) -> None:
    # Whatever the tests of a hidden cell gave, the published letters are the same, and
    # they are the plain adjustment of the published tests' p-values.
    tests, hidden, others = family
    published = tests.published(hidden)
    other_p = np.where(published, tests.p_values, others)
    swapped = pairs_tested(tests.rows, tests.first, tests.second, other_p, tests.first_higher)
    letters = tests.letters(adjust=adjust, level=0.95, hidden=hidden)
    assert letters == swapped.letters(adjust=adjust, level=0.95, hidden=hidden)
    family_at = [
        k for k in range(len(tests)) if published[k] and tests.p_values[k] == tests.p_values[k]
    ]
    adjusted = adjust_p_values(tests.p_values[family_at], method=adjust)  # type: ignore[arg-type]
    expected: dict[Any, list[Any]] = {}
    for k, p in zip(family_at, adjusted, strict=True):
        if p < 1 - 0.95:  # the library's test: level 0.95 reads as below 1 - 0.95
            a, b = tests.first[k], tests.second[k]
            top, bottom = (a, b) if tests.first_higher[k] else (b, a)
            expected.setdefault((tests.rows[k], top), []).append(bottom)
    assert letters == expected
    for (row, top), lower in letters.items():
        assert (row, top) not in hidden
        assert not any((row, g) in hidden for g in lower)

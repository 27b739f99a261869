"""Verbal shares at their landmark: "over half" of exactly 50%, and of 50% after rounding.

75 of 151 is 49.7% and 76 of 151 is 50.3%: both print as 50%. "over half" (a strict
comparison) is false of 1/2 and of 75/151, true of 76/151; "at least half" is true of 1/2;
"half" and "around half" cover all three.

Before: "over half" of exactly 50%, or of 75 of 151, was only "doubtful" (the 3-point
leniency of loose phrases such as "almost a third"), so ``--fail-on inconsistent`` let
the false claim through; "over a third" of exactly 50 of 150 was "consistent" (the
phrase's interval was read through floats, and float(1/3) is below a third); and "at
least half" was not read at all ("not a share phrase tracktr knows").
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt


def _verdicts(rows: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    found = tt.check.report(pd.DataFrame(rows).fillna(""), include_consistent=True)
    return {f.figure: (f.verdict, f.explanation) for f in found if f.check == "share"}


@pytest.mark.parametrize(
    ("phrase", "count", "base", "verdict"),
    [
        ("over half", 1, 2, "inconsistent"),  # exactly 50%
        ("over half", 75, 150, "inconsistent"),
        ("over half", 75, 151, "inconsistent"),  # 49.7%, prints 50%
        ("over half", 76, 151, "consistent"),  # 50.3%
        ("more than half", 75, 150, "inconsistent"),
        ("the majority", 75, 150, "inconsistent"),  # a tie is no majority
        ("a minority", 75, 150, "inconsistent"),
        ("under half", 75, 150, "inconsistent"),
        ("under half", 75, 151, "consistent"),
        ("at least half", 75, 150, "consistent"),
        ("at least half", 75, 151, "inconsistent"),
        ("at most half", 75, 150, "consistent"),
        ("no more than half", 76, 151, "inconsistent"),
        ("half", 75, 150, "consistent"),
        ("half", 75, 151, "consistent"),
        ("half", 76, 151, "consistent"),
        ("around half", 75, 151, "consistent"),
        ("around half", 76, 151, "consistent"),
        ("over a third", 50, 150, "inconsistent"),  # exactly a third
        ("over two thirds", 100, 150, "inconsistent"),
        ("at least a third", 50, 150, "consistent"),
        # Loose phrases keep their 3-point leniency: a writer's "almost half" of 50.3%.
        ("almost half", 76, 151, "doubtful"),
        ("just over half", 75, 151, "doubtful"),
    ],
)
def test_check_share_at_the_landmark(phrase: str, count: int, base: int, verdict: str) -> None:
    assert tt.check.share(phrase, Fraction(count, base)).verdict == verdict
    rows = [{"id": "s", "kind": "share", "phrase": phrase, "count": str(count), "base": str(base)}]
    assert _verdicts(rows)["s"][0] == verdict


def test_a_false_comparison_says_why_and_fails_the_check() -> None:
    check = tt.check.share("over half", Fraction(1, 2))
    assert (check.holds, check.verdict) == (False, "inconsistent")
    assert check.explanation == (
        "'over half' covers 50.0%-58.0%; the value is 50.0%: false as written, on the wrong "
        "side of its landmark."
    )
    rows = [{"id": "s", "kind": "share", "phrase": "over half", "count": "75", "base": "151"}]
    assert _verdicts(rows)["s"] == (
        "inconsistent",
        (
            "'over half' covers 50.0%-58.0%, but 75 of 151 is 49.7%: false as written, on "
            "the wrong side of its landmark. 'half' is true of it."
        ),
    )


def test_a_printed_percentage_is_judged_by_every_count_it_could_be() -> None:
    # "over half (50%)" of 151: 75 (49.7%) or 76 (50.3%), so it may be true: consistent.
    # Of 100, 50% is exactly 50 of 100: false. "over half (49.7%)" without a base: every
    # share printing 49.7% is below one half: false.
    rows = [
        {"id": "a", "kind": "percent", "value": "50", "base": "151", "phrase": "over half"},
        {"id": "b", "kind": "percent", "value": "50", "base": "100", "phrase": "over half"},
        {"id": "c", "kind": "percent", "value": "49.7", "phrase": "over half"},
        {"id": "d", "kind": "percent", "value": "50", "phrase": "over half"},
        {"id": "e", "kind": "percent", "value": "50", "base": "100", "phrase": "at least half"},
    ]
    found = _verdicts(rows)
    assert {k: v for k, (v, _) in found.items()} == {
        "a": "consistent",
        "b": "inconsistent",
        "c": "inconsistent",
        "d": "consistent",
        "e": "consistent",
    }


@given(st.integers(1, 400).flatmap(lambda b: st.tuples(st.integers(0, b), st.just(b))))
def test_property_over_and_at_least_half_are_exact_comparisons(case: tuple[int, int]) -> None:
    count, base = case
    value = Fraction(count, base)
    over = tt.check.share("over half", value)
    at_least = tt.check.share("at least half", value)
    under = tt.check.share("under half", value)
    # False exactly when the comparison is false: never merely doubtful.
    assert (over.verdict == "inconsistent") == (value <= Fraction(1, 2))
    assert (at_least.verdict == "inconsistent") == (value < Fraction(1, 2))
    assert (under.verdict == "inconsistent") == (value >= Fraction(1, 2))

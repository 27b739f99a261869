"""Hostile tests of tab books, waves and the checker on realistic data (hK19).

Each test says what the old code did.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

# -- the checker: "all" and "none" allow no exception --------------------------------------


@pytest.mark.parametrize(
    ("phrase", "count"), [("all", 148), ("everyone", 150), ("none", 1), ("no one", 3)]
)
def test_all_or_none_missed_by_a_few_is_false_as_written(phrase: str, count: int) -> None:
    # Before: "all" of 148 of 151 (98%) was only doubtful, as a loose phrase within 3
    # points of its interval, though every organisation but three is not all of them.
    check = tt.check.share(phrase, Fraction(count, 151))
    assert (check.holds, check.verdict) == (False, "inconsistent")
    figures = pd.DataFrame(
        {"id": ["s"], "kind": ["share"], "phrase": [phrase], "count": [count], "base": [151]}
    )
    (finding,) = tt.check.report(figures)
    assert finding.verdict == "inconsistent"
    assert "false as written" in finding.explanation


@settings(max_examples=50, deadline=None)
@given(base=st.integers(1, 500), data=st.data())
def test_all_holds_only_of_every_one(base: int, data: st.DataObject) -> None:
    # Property: "all" is consistent of count == base and inconsistent of any other count;
    # "none" likewise of 0.
    count = data.draw(st.integers(0, base))
    for phrase, exact in (("all", base), ("none", 0)):
        verdict = tt.check.share(phrase, Fraction(count, base)).verdict
        assert verdict == ("consistent" if count == exact else "inconsistent")

"""A count printed with its base and its percentage is checked, not left unchecked."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.rounding import percentage_units

COLUMNS = ["id", "kind", "source", "value", "count", "base", "claim"]


def _verdicts(value: float | None, count: int | None, base: int | None) -> list[str]:
    figures = pd.DataFrame([("a", "count", "Graph 1", value, count, base, "")], columns=COLUMNS)
    return [f.verdict for f in tt.check.report(figures, include_consistent=True)]


@given(base=st.integers(1, 500), data=st.data())
def test_the_printed_percentage_of_a_count_must_be_the_counts(
    base: int, data: st.DataObject
) -> None:
    count = data.draw(st.integers(0, base))
    printed = int(percentage_units([count], base, rule="half_up", decimals=0)[0])
    assert _verdicts(printed, count, base) == ["consistent"]
    other = data.draw(st.integers(0, 100).filter(lambda v: v != printed))
    assert _verdicts(other, count, base) == ["inconsistent"]


def test_the_message_says_what_the_count_prints_as() -> None:
    figures = pd.DataFrame([("a", "count", "G", 12, 1, 8, "1 (12%)")], columns=COLUMNS)
    (finding,) = tt.check.report(figures)
    assert finding.verdict == "inconsistent"
    assert "1 of 8 prints as 13% (half-up), not 12%" in finding.explanation


def test_a_percentage_and_base_without_a_count_is_checked_as_a_percentage() -> None:
    assert _verdicts(11, None, 10) == ["impossible"]
    assert _verdicts(10, None, 10) == ["consistent"]


def test_a_count_and_base_alone_stay_unchecked() -> None:
    assert _verdicts(None, 3, 10) == ["unchecked"]

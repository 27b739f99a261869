"""Tests of what a chart's note lines say beyond the base: totals and rounding.

A reader of a chart has no table beside it: arithmetic that does not add up on the chart
needs its reason on the chart.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

import tracktr as tt
from tracktr import plot

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the test backend)

SCALE = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree", "Don't know"]
TOTALS = "Side totals are rounded from the counts, so may differ from the sum of the segments."


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _scale(counts: list[int], rule: tt.typing.RoundingRule = "half_up") -> tt.Table:
    return tt.Table(
        counts=pd.DataFrame({"All": counts}, index=SCALE),
        bases=pd.Series({"All": sum(counts)}),
        rule=rule,
    )


def _title(ax: plt.Axes) -> str:
    return ax.get_title(loc="left").replace("\n", " ")


@pytest.mark.parametrize(
    ("counts", "rule", "segments", "total"),
    [
        # 1 of 6 twice: 17% + 17% beside a total of 33% (2 of 6, 33.3%).
        ([1, 1, 1, 1, 1, 1], "largest_remainder", ["17%", "17%"], "33%"),
        # 1 of 8 twice, half-up: 13% + 13% beside 25%.
        ([1, 1, 2, 1, 1, 2], "half_up", ["13%", "13%"], "25%"),
    ],
)
def test_likert_says_when_a_total_is_not_the_sum_of_its_segments(
    counts: list[int], rule: tt.typing.RoundingRule, segments: list[str], total: str
) -> None:
    # Before: the bold total differed from the printed segments' sum with no word why.
    ax = plot.likert(_scale(counts, rule))
    texts = [t.get_text() for t in ax.texts]
    assert texts[:3] == [*segments, total]
    assert TOTALS in _title(ax)


def test_likert_whose_totals_add_up_has_no_totals_note() -> None:
    ax = plot.likert(_scale([10, 20, 30, 20, 10, 10]))
    assert "Side totals" not in _title(ax)
    assert "Side totals" not in _title(plot.likert(_scale([1, 1, 2, 1, 1, 2]), totals=False))

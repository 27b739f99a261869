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


def _thirds(rule: tt.typing.RoundingRule = "half_up") -> tt.Table:
    return tt.Table(
        counts=pd.DataFrame({"All": [1, 1, 1], "G": [2, 2, 3]}, index=["x", "y", "z"]),
        bases=pd.Series({"All": 3, "G": 7}),
        rule=rule,
    )


def _draw_all(table: tt.Table) -> list[str]:
    """Return the titles of a bar chart of "All", a comparison and a Likert chart."""
    axes = [plot.bar(table, column="All"), plot.compare(table), plot.likert(table)]
    return [_title(ax) for ax in axes]


def test_charts_carry_the_tables_note_that_percentages_do_not_sum_to_100() -> None:
    # Before: three bars of 33% said only "n=3, small base: read with care".
    table = _thirds()
    all_note, g_note = (n for n in table.notes if "because of rounding" in n)
    assert all_note == "Percentages of All sum to 99, not 100, because of rounding."
    bar, compare, likert = _draw_all(table)
    assert all_note in bar
    assert g_note not in bar  # the chart of one column carries only that column's note
    assert all_note in compare
    assert g_note in compare
    assert all_note in likert
    assert g_note in likert
    assert "Percentages are rounded" not in bar  # half-up, the default, goes unsaid


@pytest.mark.parametrize("rule", ["largest_remainder", "double_half_up", "half_even"])
def test_charts_name_a_rounding_rule_that_is_not_half_up(rule: tt.typing.RoundingRule) -> None:
    # Before: no chart named its rule, though its labels follow it.
    table = _thirds(rule)
    rule_note = next(n for n in table.notes if n.startswith("Percentages are rounded"))
    for title in _draw_all(table):
        assert rule_note in title


def test_a_chart_whose_percentages_sum_to_100_has_no_rounding_note() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"All": [1, 3]}, index=["a", "b"]), bases=pd.Series({"All": 4})
    )
    assert _title(plot.bar(table)) == "n=4, small base: read with care"

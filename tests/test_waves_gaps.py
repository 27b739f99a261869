"""Waves: an option a wave did not offer is a gap in the trend table and its chart, not a 0."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt

SCALE_2 = ["Better", "Worse"]
SCALE_3 = ["Better", "Same", "Worse"]


def _survey(options: list[str]) -> tt.Survey:
    questions = [
        {"id": "c", "type": "ordinal", "text": "Change?", "options": options},
        {"id": "g", "type": "single", "text": "Group?", "options": ["x", "y"]},
    ]
    return tt.Survey.from_dict({"title": "T", "questions": questions})


def _pooled() -> tt.waves.Pooled:
    # Wave a (no middle point): Better 2, Worse 1; wave b: Same 1, Worse 1.
    a = pd.DataFrame(
        {"respondent_id": [1, 2, 3], "c": ["Better", "Worse", "Better"], "g": ["x", "y", "x"]}
    )
    b = pd.DataFrame({"respondent_id": [1, 2], "c": ["Same", "Worse"], "g": ["x", "y"]})
    harmonise = {"waves": ["a", "b"], "questions": [{"id": "c"}]}
    return tt.waves.pool({"a": (a, _survey(SCALE_2)), "b": (b, _survey(SCALE_3))},
                         harmonise=harmonise)  # fmt: skip


def test_an_option_a_wave_did_not_offer_prints_as_a_gap() -> None:
    # Before: the cell printed "0 (0)", read as nobody choosing it.
    table = tt.waves.trend(_pooled(), "c")
    assert table.gaps == (("Same", "a"),)
    report = table.to_frame(layout="report")
    assert report.loc["Same", "a"] == "n/a"
    assert report["b"].tolist() == ["0 (0)", "50 (1)", "50 (1)"]  # not offered: only in a
    assert report["a"].tolist() == ["67 (2)", "n/a", "33 (1)"]
    assert "Same       n/a  50 (1)" in str(table)
    assert "Wave a did not offer 'Same': n/a there means not offered (a gap, not a zero)." in (
        table.notes
    )
    # Counts stay the truth (nobody could give it); only its display and percentage go.
    assert table.counts.loc["Same", "a"] == 0
    assert math.isnan(table.percentages()["a"]["Same"])
    assert table.percentage_units().loc["Same", "a"] is pd.NA
    assert table.rounding_totals().tolist() == [100.0, 100.0]


def test_the_gap_reaches_markdown_html_excel_and_the_frames(tmp_path: Path) -> None:
    # Before: every export wrote "0 (0)" (Excel: 0% and 0) for the option not offered.
    table = tt.waves.trend(_pooled(), "c")
    markdown = table.to_markdown()
    assert "| Same   | n/a    | 50 (1) |" in markdown
    html = table.to_html()
    assert '<th scope="row">Same</th><td>n/a</td><td>50 (1)</td>' in html
    long = table.to_frame(layout="long").set_index(["row", "column"])
    assert long.loc[("Same", "a"), "count"] is pd.NA
    assert math.isnan(long["percent"][("Same", "a")])
    assert long.loc[("Same", "b"), "count"] == 1
    wide = table.to_frame()
    assert wide.loc["Same", ("a", "count")] is pd.NA
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "trend.xlsx"
    table.to_excel(path)
    sheet = openpyxl.load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    same = next(row for row in rows if row and row[0] == "Same")
    assert "n/a" in same
    assert same.count("n/a") == 2  # its percentage and its count
    better = next(row for row in rows if row and row[0] == "Better")
    assert "n/a" not in better


def test_a_banner_of_waves_and_groups_has_a_gap_in_each_group_of_the_wave() -> None:
    # Before: "0 (0)" in each of wave a's groups.
    table = tt.waves.trend(_pooled(), "c", by="g")
    assert table.gaps == (("Same", "a: x"), ("Same", "a: y"))
    assert list(table.to_frame(layout="report").loc["Same", :]) == [
        "n/a",
        "n/a",
        "100 (1)",
        "0 (0)",
    ]


def test_with_dont_know_excluded_a_gap_row_that_left_the_table_is_no_gap() -> None:
    # A don't know offered only in wave b leaves the table with dont_know="exclude".
    a = pd.DataFrame({"respondent_id": [1, 2], "c": ["Better", "Worse"], "g": ["x", "y"]})
    b = pd.DataFrame({"respondent_id": [1, 2], "c": ["Better", "DK"], "g": ["x", "y"]})
    later = [*SCALE_2, {"label": "DK", "dont_know": True}]
    survey_b = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "c", "type": "ordinal", "text": "Change?", "options": later},
                {"id": "g", "type": "single", "text": "Group?", "options": ["x", "y"]},
            ],
        }
    )
    pooled = tt.waves.pool({"a": (a, _survey(SCALE_2)), "b": (b, survey_b)},
                           harmonise={"waves": ["a", "b"], "questions": [{"id": "c"}]})  # fmt: skip
    assert tt.waves.trend(pooled, "c").gaps == (("DK", "a"),)
    assert tt.waves.trend(pooled, "c", dont_know="exclude").gaps == ()


def test_a_table_refuses_a_gap_it_does_not_have_or_one_holding_answers() -> None:
    counts = pd.DataFrame({"a": [2, 0], "b": [1, 1]}, index=["Yes", "No"])
    bases = pd.Series({"a": 2, "b": 2})
    with pytest.raises(tt.InvalidOptionError, match=r"gap \('Maybe', 'a'\).*rows \['Yes', 'No'\]"):
        tt.Table(counts=counts, bases=bases, gaps=(("Maybe", "a"),))
    with pytest.raises(tt.InvalidCountsError, match=r"gap \('Yes', 'b'\) holds a count of 1"):
        tt.Table(counts=counts, bases=bases, gaps=(("No", "a"), ("Yes", "b")))
    table = tt.Table(counts=counts, bases=bases, gaps=(("No", "a"),))
    assert list(table.to_frame(layout="report").loc["No", :]) == ["n/a", "50 (1)"]


@given(
    counts=st.lists(st.integers(0, 40), min_size=2, max_size=6),
    other=st.lists(st.integers(0, 40), min_size=2, max_size=6),
    data=st.data(),
)
def test_a_gap_changes_no_other_cell_and_no_sum(
    counts: list[int], other: list[int], data: st.DataObject
) -> None:
    # Property: marking a zero cell a gap blanks that cell only; the other percentages,
    # the bases and the rounding totals are those of the table without the gap.
    size = min(len(counts), len(other))
    rows = [f"o{k}" for k in range(size)]
    gap_row = data.draw(st.sampled_from(rows))
    first = [0 if r == gap_row else c for r, c in zip(rows, counts, strict=False)]
    frame = pd.DataFrame({"w1": first, "w2": other[:size]}, index=rows)
    bases = pd.Series({"w1": max(sum(first), 1), "w2": max(sum(other[:size]), 1)})
    plain = tt.Table(counts=frame, bases=bases)
    gapped = tt.Table(counts=frame, bases=bases, gaps=((gap_row, "w1"),))
    expected = plain.percentages()
    expected.loc[gap_row, "w1"] = np.nan
    pd.testing.assert_frame_equal(gapped.percentages(), expected)
    pd.testing.assert_series_equal(gapped.rounding_totals(), plain.rounding_totals())
    assert gapped.notes == plain.notes
    report = gapped.to_frame(layout="report")
    assert report.loc[gap_row, "w1"] == "n/a"
    assert report.drop(index=gap_row).equals(plain.to_frame(layout="report").drop(index=gap_row))


# -- charts -------------------------------------------------------------------------------------

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the test backend)


@pytest.fixture
def _close() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.mark.usefixtures("_close")
def test_the_trend_chart_draws_no_point_where_the_option_was_not_offered() -> None:
    # Before: the line of "Same" started at 0% in wave a, with a "0%" label and an interval.
    table = tt.waves.trend(_pooled(), "c")
    ax = tt.waves.plot.trend_lines(table, options=["Same"])
    line = next(line for line in ax.lines if line.get_gid() == "trend")
    ys = np.asarray(line.get_ydata(), dtype=float)
    assert math.isnan(ys[0])
    assert ys[1] == 50.0
    assert [t.get_text() for t in ax.texts] == ["Same 50%"]


@pytest.mark.usefixtures("_close")
def test_the_slope_chart_leaves_the_end_of_a_gap_undrawn() -> None:
    # Before: "Same" was drawn from 0% in wave a to 50% in wave b.
    table = tt.waves.trend(_pooled(), "c")
    ax = tt.waves.plot.slope(table)
    same = next(line for line in ax.lines if line.get_label() == "Same")
    ys = np.asarray(same.get_ydata(), dtype=float)
    assert math.isnan(ys[0])
    assert ys[1] == 50.0
    texts = [t.get_text() for t in ax.texts]
    assert "Same 50%" in texts
    assert "0%" not in texts
    assert texts.count("n/a") == 0

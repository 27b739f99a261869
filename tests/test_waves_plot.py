"""Charts of trend tables: the artists drawn (lines, intervals, labels), not pixels."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the test backend)
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    plt.close("all")


def _ys(ax: Axes, gid: str) -> list[list[float]]:
    """The y values of the option lines (error-bar caps are lines too)."""
    return [
        [float(v) for v in np.asarray(line.get_ydata(), dtype=float)]
        for line in ax.lines
        if line.get_gid() == gid
    ]


def _table() -> tt.Table:
    return tt.Table(
        counts=pd.DataFrame(
            {"w1": [1, 7, 0], "w2": [3, 5, 0], "w3": [0, 0, 0]}, index=["Yes", "No", "Maybe"]
        ),
        bases=pd.Series({"w1": 8, "w2": 8, "w3": 0}),
        question="q",
    )


def test_trend_lines_draw_one_line_per_option_with_intervals() -> None:
    ax = tt.waves.plot.trend_lines(_table(), options=["Yes", "No"])
    lines = [line for line in ax.lines if line.get_gid() == "trend"]
    assert len(lines) == 2
    yes = _ys(ax, "trend")[0]
    assert yes[:2] == [12.5, 37.5]
    assert math.isnan(yes[2])  # the wave that did not ask it is a gap, not a zero
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(bars) == 2
    wilson = tt.proportion_ci(1, 8)
    segment = bars[0].get_segments()[0]
    assert segment[0][1] == pytest.approx(100 * wilson.ci_low)
    assert segment[1][1] == pytest.approx(100 * wilson.ci_high)
    # labels through the table's rule (12.5 -> 13 half-up); the last point is named
    assert [t.get_text() for t in ax.texts] == ["13%", "Yes 38%", "88%", "No 63%"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "w1\n(n=8, small base)",
        "w2\n(n=8, small base)",
        "w3\n(n=0, small base)",  # no respondents: below any threshold, flagged too
    ]
    # not told by colour alone: markers and line styles differ
    assert lines[0].get_marker() != lines[1].get_marker()
    assert lines[0].get_linestyle() != lines[1].get_linestyle()


def test_trend_lines_without_intervals_draw_no_bars() -> None:
    ax = tt.waves.plot.trend_lines(_table(), intervals=False)
    assert not [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(_ys(ax, "trend")) == 3


def test_slope_joins_two_waves() -> None:
    ax = tt.waves.plot.slope(_table(), first="w1", second="w2", options=["Yes", "No"])
    assert _ys(ax, "slope") == [[12.5, 37.5], [87.5, 62.5]]
    assert [t.get_text() for t in ax.texts] == ["13%", "Yes 38%", "88%", "No 63%"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"second": "w3"}, r"wave 'w3' has a base of zero"),
        ({"second": "w9"}, r"has no wave 'w9'"),
        ({"first": "w2", "second": "w2"}, r"two different waves"),
        ({"first": "w1", "second": "w2", "options": ["Perhaps"]}, r"no option\(s\) \['Perhaps'\]"),
    ],
)
def test_slope_refuses_what_it_cannot_draw(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(tt.InvalidOptionError, match=message):
        tt.waves.plot.slope(_table(), **kwargs)  # type: ignore[arg-type]


def test_trend_lines_name_their_methods() -> None:
    with pytest.raises(tt.UnknownMethodError, match=r"`method` must be one of"):
        tt.waves.plot.trend_lines(_table(), method="wald")  # type: ignore[arg-type]


def test_charts_of_the_synthetic_waves() -> None:
    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    table = tt.waves.trend(pooled, "main_funding")
    ax = tt.waves.plot.trend_lines(table)
    assert ax.get_title(loc="left").startswith("What is the main way")
    assert len(_ys(tt.waves.plot.slope(table), "slope")) == 3


def test_grid_items_and_ticked_options_chart_like_any_trend() -> None:
    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    item = tt.waves.trend(pooled, "relationships", item="prisons", dont_know="exclude")
    ax = tt.waves.plot.trend_lines(item)
    # one line per scale point (don't know left out), each at its wave's percentage
    lines = _ys(ax, "trend")
    assert len(lines) == 5
    shares = item.percentages(decimals=1)
    assert lines[0] == pytest.approx(shares.loc["Very good"].tolist(), abs=0.051)
    ticked = tt.waves.plot.slope(tt.waves.trend(pooled, "specialism"))
    labels = [t.get_text() for t in ticked.texts]
    assert "A women's organisation 12%" in labels

"""Visual regression: each chart type drawn on fixed data matches its committed image.

A change to how a chart looks fails here until the images are looked at and renewed::

    python tests/test_plot_images.py --update

which redraws every chart into ``tests/baseline_images/``; look at each PNG before
committing it. The comparison is matplotlib's own (``compare_images``, RMS tolerance), on
matplotlib's bundled DejaVu fonts, so it does not depend on the fonts of the machine.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tracktr as tt

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
from matplotlib.testing.compare import compare_images  # noqa: E402

from tracktr import plot  # noqa: E402

BASELINES = Path(__file__).with_name("baseline_images")
TOLERANCE = 3.0  # RMS over 0-255 grey levels: text shifted by a pixel fails, anti-aliasing does not

AGREE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]


def agree_table() -> tt.Table:
    """A grid on an agreement scale written from "Strongly agree", with don't know."""
    return tt.Table(
        counts=pd.DataFrame(
            {
                "Demand for our services rose": [30, 40, 10, 8, 2, 10],
                "Our funding fell": [5, 20, 20, 30, 15, 10],
                "We lost staff": [1, 2, 50, 25, 20, 2],
            },
            index=[*AGREE, "Don't know"],
        ),
        bases=pd.Series(
            {"Demand for our services rose": 100, "Our funding fell": 100, "We lost staff": 100}
        ),
        title="To what extent do you agree with the following statements?",
    )


def likert_agree() -> Any:
    """A grid on an agreement scale written from "Strongly agree", with don't know."""
    return plot.likert(agree_table())


def likert_impact() -> Any:
    """Graph 10 of the 2016 report: one bar, a scale from "Very negative", don't know."""
    points = ["Very negative", "Negative", "No impact", "Positive", "Very positive", "Don't know"]
    table = tt.Table(
        counts=pd.DataFrame({"n": [11, 26, 45, 8, 3, 12]}, index=points),
        bases=pd.Series({"n": 105}),
        title="How have the changes impacted on your service users?",
    )
    return plot.likert(table)


def bar_small_shares() -> Any:
    """A bar chart whose largest share is small: ticks must still be round percentages."""
    table = tt.Table(
        counts=pd.DataFrame(
            {"n": [9, 6, 4, 2, 1]}, index=["Grants", "Contracts", "Fees", "PbR", "Other"]
        ),
        bases=pd.Series({"n": 120}),
        title="How is the service funded?",
    )
    return plot.bar(table)


def compare_groups() -> Any:
    """Two groups side by side with intervals."""
    table = tt.Table(
        counts=pd.DataFrame(
            {"CRC-funded": [10, 14, 10], "All": [40, 60, 51]},
            index=["Under £100k", "£100k to £1m", "Over £1m"],
        ),
        bases=pd.Series({"CRC-funded": 34, "All": 151}),
        title="Income of respondents",
        kind="crosstab",
    )
    return plot.compare(table)


def likert_nets() -> Any:
    """The agreement grid with the codebook's nets as columns at the right."""
    nets = {"Any agree": AGREE[:2], "Any disagree": AGREE[3:]}
    return plot.likert(agree_table(), nets=nets)


def bar_nets() -> Any:
    """One question with two nets drawn above its options."""
    table = tt.Table(
        counts=pd.DataFrame(
            {"n": [12, 30, 25, 18, 9, 6]},
            index=["Very good", "Good", "Fair", "Poor", "Very poor", "Don't know"],
        ),
        bases=pd.Series({"n": 100}),
        title="How would you rate the support you received?",
    )
    nets = {"Good": ["Very good", "Good"], "Poor": ["Poor", "Very poor"]}
    return plot.bar(table, sort="codebook", nets=nets)


CHARTS: dict[str, Callable[[], Any]] = {
    "likert_agree": likert_agree,
    "likert_impact": likert_impact,
    "bar_small_shares": bar_small_shares,
    "compare_groups": compare_groups,
    "likert_nets": likert_nets,
    "bar_nets": bar_nets,
}


def draw(name: str, path: Path) -> None:
    import matplotlib.pyplot as plt

    with mpl.rc_context({"savefig.dpi": 72, "font.family": "DejaVu Sans"}):
        ax = CHARTS[name]()
        ax.figure.savefig(path)
        plt.close(ax.figure)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_matches_its_committed_image(name: str, tmp_path: Path) -> None:
    expected = BASELINES / f"{name}.png"
    assert expected.exists(), (
        f"no baseline for {name}: run python tests/test_plot_images.py --update"
    )
    actual = tmp_path / f"{name}.png"
    draw(name, actual)
    difference = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert difference is None, difference


def test_likert_reads_the_polarity_from_the_labels() -> None:
    ax = likert_agree()
    headings = {t.get_text() for t in ax.texts}
    assert {"Disagree", "Agree"} <= headings
    assert "Negative" not in headings
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend.index("Strongly disagree") < legend.index("Strongly agree")


def test_likert_polarity_and_sides_can_be_given() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"n": [5, 3, 2, 1]}, index=["A", "B", "C", "D"]),
        bases=pd.Series({"n": 11}),
    )
    ax = plot.likert(table, polarity="positive_first", sides=("Against", "For"))
    headings = {t.get_text() for t in ax.texts}
    assert {"Against", "For"} <= headings
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["D", "C"]  # the negative side is the end of the scale
    with pytest.raises(tt.TracktrError, match="polarity"):
        plot.likert(table, polarity="upside_down")  # type: ignore[arg-type]


def test_bar_ticks_are_round_percentages() -> None:
    ax = bar_small_shares()
    ax.figure.canvas.draw()
    ticks = [float(t) for t in ax.get_xticks()]
    assert all(t == int(t) for t in ticks), ticks


def test_the_legend_fits_inside_the_figure() -> None:
    ax = likert_agree()
    figure = ax.figure
    figure.canvas.draw()
    box = ax.get_legend().get_window_extent()
    assert box.x0 >= 0
    assert box.x1 <= figure.bbox.width


if __name__ == "__main__" and "--update" in sys.argv:
    BASELINES.mkdir(exist_ok=True)
    for chart in CHARTS:
        draw(chart, BASELINES / f"{chart}.png")
        print(f"wrote {BASELINES / chart}.png")

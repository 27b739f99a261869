"""Charts publish as drawn: at print sizes, with hostile labels, nothing is clipped or overlaps.

Each chart is drawn with 12 options whose names run to 90 characters (non-ASCII letters,
an analyst's line break), a base small enough to be flagged, on its own figure and on
figures 16 cm and 8 cm wide, then rendered at 300 dpi. The figure's renderer then places
every text: each must lie inside the figure (saved without ``bbox_inches="tight"``), and no
two texts may overlap (tick labels, value labels, headings, legend, title). Geometry, not
pixels: the image baselines are in ``test_plot_images.py``. The charts of waves
(:mod:`tracktr.waves.plot`) are drawn the same way on their own figure and 16 cm wide.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from tracktr import plot  # noqa: E402
from tracktr.plot._figure import _spread  # noqa: E402

CM = 1 / 2.54
DPI = 300

NAMES = [
    "Organisations delivering services under contract to a Community Rehabilitation Company (CRC)",
    "Associações e cooperativas de reinserção social — Überwachung, Ærø, Łódź, Zürich (ﬁnal)",
    "A label written\nover two lines by the analyst, and then some more words after it",
    "Yes",
    "No",
    "Reduced funding from the National Probation Service after the 2014 reforms took effect",
    "Services for women in contact with the criminal justice system, and their families",
    "Housing and accommodation advice, tenancy support and resettlement after release",
    "Education, training and employment (ETE) support for service users in prison",
    "Substance misuse: drug and alcohol treatment, harm reduction and recovery communities",
    "Other (please specify)",
    "Don't know",
]
TITLE = (
    "Which of the following services does your organisation deliver to people in contact "
    "with the criminal justice system, and to their families?"
)
SCALE = [
    "Strongly disagree with the statement as it was put to us",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
    "Don't know",
]


def one_question() -> tt.Table:
    """12 options, a base of 24: flagged small (below 30)."""
    counts = [(i * 7) % 3 + 1 for i in range(len(NAMES))]
    return tt.Table(
        counts=pd.DataFrame({"n": counts}, index=NAMES),
        bases=pd.Series({"n": sum(counts)}),
        title=TITLE,
    )


def by_group() -> tt.Table:
    """The 12 options for two groups, one of 25 respondents, a multi-response set."""
    groups = {
        "Funded by a Community Rehabilitation Company (CRC) in England and Wales": 25,
        "Every other respondent — all funders, Zürich and Łódź": 140,
    }
    counts = {
        group: [(i * 7 + seed) % 19 + 1 for i in range(len(NAMES))]
        for group, seed in zip(groups, (3, 5), strict=True)
    }
    return tt.Table(
        counts=pd.DataFrame(counts, index=NAMES),
        bases=pd.Series(groups),
        title=TITLE,
        kind="multi",
        partition=False,
    )


def agreement_grid() -> tt.Table:
    """12 statements on an agreement scale, bases 24 (flagged), 30 and 36."""
    counts = pd.DataFrame(
        {item: [(j * 3 + i) % 9 + 1 for j in range(len(SCALE))] for i, item in enumerate(NAMES)},
        index=SCALE,
    )
    return tt.Table(
        counts=counts,
        bases=counts.sum(),
        title="To what extent do you agree with each of the following statements?",
        kind="crosstab",
    )


def by_wave() -> tt.Table:
    """The 12 options over three waves, the first of 24 organisations (a multi-response set)."""
    waves = {"May 2015": 24, "Autumn 2015": 151, "2016 — third wave": 90}
    counts = {
        wave: [(i * 5 + k) % 7 + 1 for i in range(len(NAMES))] for k, wave in enumerate(waves)
    }
    return tt.Table(
        counts=pd.DataFrame(counts, index=NAMES),
        bases=pd.Series(waves),
        title=TITLE,
        kind="multi",
        partition=False,
    )


AGREE = ["Agree", "Strongly agree"]
CHARTS: dict[str, Callable[..., Any]] = {
    "bar": lambda ax: plot.bar(one_question(), ax=ax),
    "bar_nets": lambda ax: plot.bar(
        one_question(),
        nets={"Housing, education or drugs, as a net": NAMES[7:10]},
        ax=ax,
    ),
    "compare": lambda ax: plot.compare(by_group(), intervals=True, ax=ax),
    "likert": lambda ax: plot.likert(agreement_grid(), ax=ax),
    "likert_nets": lambda ax: plot.likert(
        agreement_grid(), nets={"Any agreement at all": AGREE}, ax=ax
    ),
}


WAVES: dict[str, Callable[..., Any]] = {
    "trend_lines": lambda ax, options=None: tt.waves.plot.trend_lines(
        by_wave(), options=options, ax=ax
    ),
    "slope": lambda ax, options=None: tt.waves.plot.slope(by_wave(), options=options, ax=ax),
}


def drawn_texts(figure: Any) -> list[Text]:
    """Every text the figure draws: tick labels outside the axis limits are not drawn."""
    hidden = set()
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for label, where in zip(axis.get_ticklabels(), axis.get_ticklocs(), strict=True):
                if not low - 1e-9 <= where <= high + 1e-9:
                    hidden.add(id(label))
    return [
        text
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip() and id(text) not in hidden
    ]


def problems(figure: Any) -> list[str]:
    """Render at 300 dpi; list each text outside the figure and each pair that overlaps."""
    figure.set_dpi(DPI)  # the renderer of a figure saved at 300 dpi, no bbox_inches
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    found = []
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in drawn_texts(figure)]
    for text, box in boxes:
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            found.append(f"outside the figure: {text!r}")
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if x > 1 and y > 1:  # pixels at 300 dpi: touching is not overlapping
            found.append(f"overlap: {a!r} and {b!r}")
    return found


def fit_height(ax: Any) -> None:
    """Give a figure of a set width the height its chart needs, as the charts' own do.

    Names wrap to the figure's width, not its height, so the height is set after drawing:
    a row per bar as tall as the tallest name, plus the title, axis and legend.
    """
    figure = ax.figure
    names = [t.get_text() for t in ax.get_yticklabels()]
    lines = max(name.count("\n") + 1 for name in names)
    legend = ax.get_legend()
    below = 0 if legend is None else sum(t.get_text().count("\n") + 1 for t in legend.texts)
    title = ax.get_title(loc="left").count("\n") + 1
    rows = len(names) * max(0.42, 0.18 * lines + 0.12)
    figure.set_size_inches(figure.get_size_inches()[0], 2.0 + rows + 0.25 * (title + below))


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_the_default_figure_publishes_as_drawn(name: str) -> None:
    ax = CHARTS[name](None)
    try:
        assert problems(ax.figure) == []
    finally:
        plt.close(ax.figure)


@pytest.mark.parametrize(
    ("name", "width"),
    [(name, 16) for name in sorted(CHARTS)] + [("bar", 8), ("bar_nets", 8), ("compare", 8)],
)
def test_a_figure_of_print_width_publishes_as_drawn(name: str, width: float) -> None:
    figure, ax = plt.subplots(figsize=(width * CM, 20), layout="constrained")
    try:
        CHARTS[name](ax)
        fit_height(ax)
        assert problems(figure) == []
    finally:
        plt.close(figure)


@pytest.mark.parametrize(
    ("name", "width", "options"),
    [
        *[(name, width, None) for name in sorted(WAVES) for width in (None, 16)],
        ("slope", 8, NAMES[:4]),
    ],
)
def test_a_chart_of_waves_publishes_as_drawn(
    name: str, width: float | None, options: list[str] | None
) -> None:
    """The labels at the ends of the lines wrap, and are spread apart where values are close."""
    ax = None
    if width is not None:
        _, ax = plt.subplots(figsize=(width * CM, 8), layout="constrained")
    ax = WAVES[name](ax, options)
    try:
        assert problems(ax.figure) == []
    finally:
        plt.close(ax.figure)


def test_names_and_titles_wrap_to_the_figure() -> None:
    figures = [plt.subplots(figsize=(w * CM, 20), layout="constrained") for w in (19, 8)]
    try:
        (_, wide), (_, narrow) = [(f, plot.bar(one_question(), ax=ax)) for f, ax in figures]
        longest = [
            max(len(line) for t in ax.get_yticklabels() for line in t.get_text().split("\n"))
            for ax in (wide, narrow)
        ]
        assert longest == [34, 16]  # 34 characters from 7.5 inches up, 40% of 8 cm below
        names = [t.get_text() for t in wide.get_yticklabels()]
        # The analyst's line break is kept; the words after it wrap.
        assert "A label written\nover two lines by the analyst, and\nthen some" in "".join(names)
        # The title and its base line wrap to the room right of the names.
        assert narrow.get_title(loc="left").endswith("n=24, small\nbase: read\nwith care")
        assert wide.get_title(loc="left").endswith("\nn=24, small base: read with care")
    finally:
        for figure, _ in figures:
            plt.close(figure)


def test_the_small_base_is_flagged_on_every_chart() -> None:
    bar = plot.bar(one_question())
    assert bar.get_title(loc="left").endswith("n=24, small base: read with care")
    legend = plot.compare(by_group()).get_legend()
    assert legend is not None
    names = " ".join(t.get_text() for t in legend.texts).replace("\n", " ")
    assert "(n=25, small base)" in names
    likert = plot.likert(agreement_grid())
    assert "(n=24, small base)" in likert.get_yticklabels()[0].get_text()
    plt.close("all")


@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0.5, 10)),
        min_size=1,
        max_size=15,
    )
)
def test_spread_labels_keep_their_order_and_never_overlap(
    labels: list[tuple[float, float]],
) -> None:
    ys, needs = [y for y, _ in labels], [need for _, need in labels]
    low, high = 0.0, max(100.0, sum(needs))
    placed = _spread(ys, needs, low, high)
    order = sorted(range(len(ys)), key=lambda i: (ys[i], i))
    for below, above in itertools.pairwise(order):
        assert placed[above] - placed[below] >= (needs[below] + needs[above]) / 2 - 1e-9
    for i in order:
        assert low - 1e-9 <= placed[i] - needs[i] / 2
        assert placed[i] + needs[i] / 2 <= high + 1e-9


def test_spread_leaves_labels_apart_where_they_are() -> None:
    assert _spread([10.0, 50.0, 30.0], [4.0, 4.0, 4.0], 0.0, 100.0) == [10.0, 50.0, 30.0]
    # Two labels at the same place: the second goes above; at the top, both come down.
    assert _spread([20.0, 20.0], [4.0, 4.0], 0.0, 100.0) == [20.0, 24.0]
    assert _spread([99.0, 99.0], [4.0, 4.0], 0.0, 100.0) == [94.0, 98.0]

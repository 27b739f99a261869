"""Hostile tests of tracktr.plot: a chart must show what its table says, or refuse clearly.

Each test names, in a comment, what the charts did before the fix (probe_books2 report).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr import plot

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the test backend)
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.text import Text  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


RATINGS = ["Very poor", "Poor", "Fair", "Good", "Very good"]


def _rating_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {
                    "id": "q",
                    "type": "ordinal",
                    "text": "Rating?",
                    "options": [*RATINGS, {"label": "Not sure", "dont_know": True}],
                }
            ],
        }
    )


def _rating_table() -> tt.Table:
    # Good + Very good = 35 of 100; "Not sure" (30) is the codebook's don't know option.
    answers = ["Very poor"] * 5 + ["Poor"] * 10 + ["Fair"] * 20 + ["Good"] * 25
    answers += ["Very good"] * 10 + ["Not sure"] * 30
    return tt.frequencies(pd.DataFrame({"q": answers}), "q", survey=_rating_survey())


def _bold(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]


def _legend(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


# -- 1. the codebook's "don't know" options ------------------------------------------------


def test_likert_reads_dont_know_options_from_the_codebook() -> None:
    # Before: no survey= keyword; "Not sure" was stacked on the positive side, whose bold
    # total read 65% where the table says Good + Very good = 35%.
    table = _rating_table()
    ax = plot.likert(table, survey=_rating_survey())
    assert _bold(ax) == ["15%", "35%"]
    assert _legend(ax) == ["Very poor", "Poor", "Good", "Very good", "Fair", "Not sure"]


def test_likert_refuses_a_point_that_reads_as_dont_know() -> None:
    # Before: drawn silently, "Not sure" counted with "Good" and "Very good" (65%).
    with pytest.raises(tt.InvalidOptionError, match=r"'Not sure'.*\n\nHint: .*survey="):
        plot.likert(_rating_table())


def test_likert_places_a_dont_know_point_named_by_hand() -> None:
    # Before: the same chart was right only with dont_know= given; it still is.
    ax = plot.likert(_rating_table(), dont_know=["Not sure"])
    assert _bold(ax) == ["15%", "35%"]


def test_bar_draws_the_codebooks_dont_know_last() -> None:
    # Before: bar() had no survey=; "Not sure" (30%) was sorted among the answers, second,
    # and drawn in the scale's colour.
    ax = plot.bar(_rating_table(), survey=_rating_survey())
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names[len(RATINGS)] == "Not sure"
    assert names[: len(RATINGS)] == ["Good", "Fair", "Poor", "Very good", "Very poor"]


def test_compare_keeps_the_codebooks_dont_know_last() -> None:
    # Before: compare() had no survey=; sort="size" put "Not sure" first.
    answers = pd.DataFrame(
        {"q": ["Not sure"] * 6 + ["Good"] * 3 + ["Poor"] * 3, "g": ["a", "b"] * 6}
    )
    table = tt.frequencies(answers, "q", survey=_rating_survey(), by="g")
    ax = plot.compare(table, groups=["a", "b"], sort="size", survey=_rating_survey())
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Not sure"


def test_survey_without_the_question_is_refused() -> None:
    # Before: no survey= keyword at all.
    table = tt.Table(
        counts=pd.DataFrame({"All": [1, 2]}, index=["a", "b"]),
        bases=pd.Series({"All": 3}),
        question="other",
    )
    with pytest.raises(tt.QuestionNotFoundError):
        plot.bar(table, survey=_rating_survey())


# -- 2. "$" is text, never math ------------------------------------------------------------

BANDS = ["Under $100,000", "$100,000 - $250,000", "Over $250,000"]


def _dollar_table() -> tt.Table:
    return tt.Table(
        counts=pd.DataFrame({"In $": [10, 20, 30], "Out $": [5, 5, 5]}, index=BANDS),
        bases=pd.Series({"In $": 60, "Out $": 15}),
        title="Income in $ of $ members",
    )


def _texts(ax: Axes) -> list[Text]:
    figure = ax.get_figure(root=True)
    assert figure is not None
    return [t for t in figure.findobj(Text) if "$" in t.get_text()]


@pytest.mark.parametrize(
    "draw",
    [
        lambda t: plot.bar(t, column="In $", sort="codebook"),
        lambda t: plot.likert(t, negative=BANDS[:1], neutral=BANDS[1:2], positive=BANDS[2:]),
        lambda t: plot.compare(t, intervals=True),
    ],
    ids=["bar", "likert", "compare"],
)
def test_dollar_signs_are_drawn_as_written(draw: Callable[[tt.Table], Axes]) -> None:
    # Before: "$100,000 - $250,000" was drawn as math ("100,000−250,000" in italics) in
    # tick labels, titles, legends and headings.
    ax = draw(_dollar_table())
    texts = _texts(ax)
    assert any(t.get_text() == "$100,000 - $250,000" for t in texts)
    assert any("Income in $ of $ members" in t.get_text() for t in texts)
    for text in texts:
        assert not text.get_parse_math(), text.get_text()
        assert not text.get_usetex(), text.get_text()


def test_a_label_mathtext_cannot_parse_saves(tmp_path: Path) -> None:
    # Before: drawn, then savefig raised matplotlib's raw ValueError (ParseException).
    table = tt.Table(
        counts=pd.DataFrame({"All": [1, 2]}, index=[r"Between $\x and $", "Other"]),
        bases=pd.Series({"All": 3}),
    )
    figure = plot.bar(table).get_figure(root=True)
    assert figure is not None
    figure.savefig(tmp_path / "chart.png", dpi=50)
    assert (tmp_path / "chart.png").stat().st_size > 0


# -- 3. the confidence level as given ------------------------------------------------------


@pytest.mark.parametrize(("level", "shown"), [(0.999, "99.9%"), (0.975, "97.5%"), (0.9, "90%")])
def test_compare_prints_the_level_as_given(level: float, shown: str) -> None:
    # Before: f"{level:.0%}" printed "100%" for 0.999 and "98%" for 0.975.
    table = tt.Table(
        counts=pd.DataFrame({"All": [35, 65, 51], "CRC": [2, 13, 19]}, index=["a", "b", "c"]),
        bases=pd.Series({"All": 151, "CRC": 34}),
    )
    label = plot.compare(table, intervals=True, level=level).get_xlabel()
    assert f"lines: {shown} Wilson confidence intervals" in label.replace("\n", " ")


# -- 4. weighted percentages say so --------------------------------------------------------


def _weighted() -> tt.Table:
    rng = np.random.default_rng(7)
    answers = rng.choice(["Agree", "Disagree"], 370, p=[0.3, 0.7])
    weights = rng.uniform(0.3, 3, 370) * np.where(answers == "Agree", 2, 1)
    data = pd.DataFrame({"v": answers, "w": weights, "g": ["x", "y"] * 185})
    return tt.frequencies(data, "v", options=["Agree", "Disagree"], weights="w", by="g")


@pytest.mark.parametrize(
    "draw",
    [
        lambda t: plot.bar(t, column="All"),
        plot.likert,
        lambda t: plot.compare(t, groups=["x", "y"]),
    ],
    ids=["bar", "likert", "compare"],
)
def test_weighted_charts_say_the_percentages_are_weighted(
    draw: Callable[[tt.Table], Axes],
) -> None:
    # Before: the title said "n=370" and nothing on the chart said "weighted".
    ax = draw(_weighted())
    title = ax.get_title(loc="left").replace("\n", " ")
    assert title.casefold().endswith("percentages are weighted"), title


def test_unweighted_charts_do_not_say_weighted() -> None:
    # Before and after: an unweighted table's title is its question and base only.
    table = tt.Table(counts=pd.DataFrame({"All": [1, 2]}), bases=pd.Series({"All": 3}))
    assert "weighted" not in plot.bar(table).get_title(loc="left")


# -- 5. anything but a Table ---------------------------------------------------------------


def _by_group() -> tuple[pd.DataFrame, tt.Table]:
    data = pd.DataFrame({"q": ["a"] * 20 + ["b"] * 18 + ["c"] * 2, "g": ["x", "y"] * 20})
    return data, tt.frequencies(data, "q", options=["a", "b", "c"], by="g")


def _not_tables() -> list[tuple[str, Any, str]]:
    data, table = _by_group()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the disclosure warning is not under test here
        protected = tt.disclosure.protect([table], threshold=5)[0]
    return [
        ("Suppression", protected, "hidden"),
        ("GroupComparison", tt.compare_groups(data, "q", "g"), r"\.table"),
        ("DataFrame", table.counts, r"tt\.Table\(counts="),
        ("NoneType", None, r"tt\.frequencies"),
    ]


@pytest.mark.parametrize("draw", [plot.bar, plot.likert, plot.compare])
@pytest.mark.parametrize("case", range(4))
def test_anything_but_a_table_is_refused_clearly(draw: Callable[[Any], Axes], case: int) -> None:
    # Before: AttributeError: '<type>' object has no attribute 'percent_axis'.
    name, value, hint = _not_tables()[case]
    match = (
        rf"plot\.{draw.__name__}\(\) draws a tracktr\.Table; got a {name}\.(.|\n)*Hint: .*{hint}"
    )
    with pytest.raises(tt.InvalidDataError, match=match):
        draw(value)


def test_a_protected_table_is_never_drawn() -> None:
    # Before: AttributeError; a protected table must not become a chart of its hidden
    # counts (bar lengths, axis range and totals would give them away).
    _, table = _by_group()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        protected = tt.disclosure.protect([table], threshold=5)[0]
    with pytest.raises(TypeError, match="protected"):  # InvalidDataError is a TypeError too
        # The wrong type is what is under test (hence the ignore below).
        plot.bar(protected, column="x")  # type: ignore[arg-type]


def test_a_protected_table_that_hides_nothing_is_drawn_as_its_table() -> None:
    # Before: refused, and the hint's "draw that table" sent users to `.table` of tables
    # that did hide numbers. Hiding nothing, every number the chart shows is published.
    data = pd.DataFrame({"q": ["a"] * 20 + ["b"] * 20, "g": ["x", "y"] * 20})
    table = tt.frequencies(data, "q", options=["a", "b"], by="g")
    protected = tt.disclosure.protect([table], threshold=5)[0]
    assert protected.cells.empty
    drawn = [t.get_text() for t in plot.bar(protected, column="x").texts]
    assert drawn == [t.get_text() for t in plot.bar(table, column="x").texts]
    assert drawn


def test_the_refusal_of_a_protected_table_warns_against_its_table() -> None:
    _, table = _by_group()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        protected = tt.disclosure.protect([table], threshold=5)[0]
    with pytest.raises(tt.InvalidDataError, match=r"its `\.table`, the table before"):
        plot.bar(protected)


# -- minor: the group a one-column chart shows ---------------------------------------------


def test_bar_of_one_column_names_its_group() -> None:
    # Before: the title ended "n=34" with nothing saying the chart is the CRC group.
    table = tt.Table(
        counts=pd.DataFrame({"All": [35, 65], "CRC": [2, 13]}, index=["a", "b"]),
        bases=pd.Series({"All": 100, "CRC": 34}),
    )
    ax = plot.bar(table, column="CRC", title="Income")
    # 2 and 13 of 34: the options shown are not CRC's whole base, as the table notes.
    assert ax.get_title(loc="left") == (
        "Income\nCRC (n=34)\nPercentages of CRC do not sum to 100: the options shown do not "
        "make\nup its whole base."
    )


def test_the_waves_chart_prints_its_level_as_given() -> None:
    # Before: f"{level:.0%}": 0.999 printed "100% confidence intervals".
    table = tt.Table(
        counts=pd.DataFrame({"w1": [1, 7], "w2": [3, 5]}, index=["Yes", "No"]),
        bases=pd.Series({"w1": 8, "w2": 8}),
        question="q",
    )
    ax = tt.waves.plot.trend_lines(table, intervals=True, level=0.999)
    assert "99.9% confidence intervals" in ax.get_ylabel()


def test_charts_guide_says_non_latin_labels_need_a_font_that_has_them() -> None:
    # Before: "Text is drawn as written", and nothing on fonts; CJK and emoji labels drew
    # as empty boxes with only a matplotlib warning (hH report, F4). The guide now says so.
    table = tt.Table(counts=pd.DataFrame({"All": [2, 1]}, index=["你好", "yes"]),
                     bases=pd.Series({"All": 3}))  # fmt: skip
    # matplotlib's default font, whatever a matplotlibrc of the machine says
    with plt.rc_context({"font.family": ["DejaVu Sans"]}):
        figure = plot.bar(table).get_figure(root=True)
        assert figure is not None
        with pytest.warns(UserWarning, match=r"Glyph \d+ .* missing from font\(s\) DejaVu Sans"):
            figure.canvas.draw()  # it has no CJK glyph: the warning the guide names
    guide = Path(__file__).resolve().parent.parent / "docs" / "guide" / "charts.rst"
    said = " ".join(guide.read_text(encoding="utf-8").split())
    assert "CJK characters and emoji need a font that has them" in said
    assert 'rcParams["font.family"]' in said
    assert "missing from font(s) DejaVu Sans" in said

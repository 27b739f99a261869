"""Tests of tracktr.plot: the artists drawn (bars, widths, labels, titles), not pixels."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr import plot

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the test backend)
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

INCOME = [
    "Under £100,000",
    "£100,000 - £250,000",
    "£250,000 - £500,000",
    "£500,000 - £1m",
    "£1m - £5m",
    "£5m - £10m",
    "Over £10m",
]


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def table3() -> tt.Table:
    # Table 3 of the 2016 report (page 25): income of all respondents and CRC-funded ones.
    return tt.Table(
        counts=pd.DataFrame(
            {
                "Respondents as a whole": [35, 19, 20, 26, 31, 8, 12],
                "CRC-funded respondents": [2, 3, 6, 4, 7, 4, 8],
            },
            index=INCOME,
        ),
        bases=pd.Series({"Respondents as a whole": 151, "CRC-funded respondents": 34}),
        question="income",
        title="The income of respondents as a whole compared with CRC-funded respondents",
    )


def one_question(counts: list[int], options: list[str], **kwargs: object) -> tt.Table:
    base = kwargs.pop("base", sum(counts))
    return tt.Table(
        counts=pd.DataFrame({"All": counts}, index=options),
        bases=pd.Series({"All": base}),
        question="q",
        **kwargs,  # type: ignore[arg-type]
    )


def table2() -> tt.Table:
    # Table 2 of the 2016 report (page 19), first rows; the printed percentages of a base
    # of 100 stand in for the unpublished counts.
    counts = pd.DataFrame(
        [[9, 13, 49, 28], [10, 20, 40, 29], [12, 21, 31, 36], [5, 11, 5, 78]],
        index=["Offenders, ex-offenders and their families", "Men", "Women", "Children"],
        columns=["Improved", "No change", "Worsened", "Don't know"],
    )
    return tt.Table(
        counts=counts,
        bases=counts.sum(axis=1),
        question="impact_groups",
        kind="grid",
        percent_axis="rows",
        title="What impact has TR had on services for the following groups?",
    )


def rects(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def ticks(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def containers(ax: Axes) -> dict[str, list[Rectangle]]:
    """The bars of each scale point, by its label (one container per point)."""
    return {
        str(c.get_label()): list(c.patches) for c in ax.containers if isinstance(c, BarContainer)
    }


def legend(ax: Axes) -> list[str]:
    found = ax.get_legend()
    assert found is not None
    return [t.get_text() for t in found.get_texts()]


def expected_label(value: float, count: float, base: float, decimals: int) -> str:
    """The label a table cell should carry, from its rounded percentage."""
    step = "1" if decimals == 0 else "0." + "0" * (decimals - 1) + "1"
    if value == 0 and count > 0:
        return f"<{step}%"
    if value == 100 and count < base:
        return ">99%" if decimals == 0 else ">99." + "9" * decimals + "%"
    return f"{value:.{decimals}f}%"


# -- bar -----------------------------------------------------------------------------------


def test_bar_sorts_by_size_and_keeps_dont_know_last() -> None:
    # Graph 9 of the 2016 report: 35% yes, 60% no, 6% don't know, n=104.
    table = one_question([36, 62, 6], ["Yes", "No", "Don't know"], title="Changed services?")
    ax = plot.bar(table)
    assert ticks(ax) == ["No", "Yes", "Don't know"]
    assert len(ax.patches) == 3
    widths = [p.get_width() for p in rects(ax)]
    np.testing.assert_allclose(widths, [6200 / 104, 3600 / 104, 600 / 104], rtol=1e-12)
    assert texts(ax) == ["60%", "35%", "6%"]
    # 35 + 60 + 6: the chart carries the table's note on the sum.
    sums = "Percentages of All sum to 101, not 100, because of rounding."
    assert ax.get_title(loc="left") == f"Changed services?\nn=104\n{sums}"
    # The top bar is drawn highest.
    ys = [p.get_y() for p in rects(ax)]
    assert ys == sorted(ys, reverse=True)


def test_bar_codebook_order() -> None:
    table = one_question([36, 62, 6], ["Yes", "No", "Don't know"])
    ax = plot.bar(table, sort="codebook")
    assert ticks(ax) == ["Yes", "No", "Don't know"]
    assert texts(ax) == ["35%", "60%", "6%"]


def test_bar_dont_know_is_hatched_not_only_grey() -> None:
    ax = plot.bar(one_question([36, 62, 6], ["Yes", "No", "Don't know"]))
    hatches = [p.get_hatch() for p in rects(ax)]
    assert hatches[:2] == [None, None]
    assert hatches[2]


def test_bar_title_carries_base_of_151() -> None:
    ax = plot.bar(
        tt.Table(
            counts=table3().counts[["Respondents as a whole"]],
            bases=pd.Series({"Respondents as a whole": 151}),
            title="Income",
        )
    )
    assert ax.get_title(loc="left").endswith("n=151")


@pytest.mark.parametrize(
    ("rule", "decimals", "label"),
    [("half_up", 0, "13%"), ("half_even", 0, "12%"), ("half_up", 1, "12.5%"), ("floor", 0, "12%")],
)
def test_bar_labels_follow_the_table_rule(rule: str, decimals: int, label: str) -> None:
    # 1 of 8 is 12.5% exactly: 13 half-up, 12 half-even (DESIGN.md, "Exact rounding").
    table = one_question([1, 7], ["a", "b"], rule=rule, decimals=decimals)
    ax = plot.bar(table, sort="codebook")
    assert texts(ax)[0] == label


def test_bar_small_share_reads_less_than_one_percent() -> None:
    ax = plot.bar(one_question([1, 299], ["rare", "common"]), sort="codebook")
    assert texts(ax) == ["<1%", ">99%"]


def test_bar_largest_remainder_labels_equal_the_table() -> None:
    table = one_question([1, 1, 1], ["a", "b", "c"], rule="largest_remainder")
    ax = plot.bar(table, sort="codebook")
    assert texts(ax) == ["34%", "33%", "33%"]


def test_bar_multi_response_axis_says_more_than_one_answer() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"All": [90, 80, 10]}, index=["Men", "Women", "Children"]),
        bases=pd.Series({"All": 151}),
        kind="multi",
        partition=False,
    )
    ax = plot.bar(table)
    assert "more than one answer" in ax.get_xlabel()
    assert texts(ax) == ["60%", "53%", "7%"]


def test_bar_small_base_is_flagged_in_title() -> None:
    ax = plot.bar(one_question([5, 14], ["Yes", "No"]))
    assert "n=19, small base" in ax.get_title(loc="left")


def test_bar_weighted_title_shows_respondents() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"All": [40.5, 60.25]}, index=["Yes", "No"]),
        bases=pd.Series({"All": 100.75}),
        unweighted_bases=pd.Series({"All": 98}),
    )
    ax = plot.bar(table, sort="codebook")
    # The respondents behind the weighted percentages, and that they are weighted.
    assert ax.get_title(loc="left").endswith("n=98; percentages are weighted")
    assert texts(ax) == [f"{v:.0f}%" for v in table.percentages()["All"]]


def test_bar_zero_base_reads_not_available() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"All": [0, 0]}, index=["a", "b"]), bases=pd.Series({"All": 0})
    )
    ax = plot.bar(table, sort="codebook")
    assert texts(ax) == ["n/a", "n/a"]
    assert [p.get_width() for p in rects(ax)] == [0.0, 0.0]


def test_bar_draws_on_the_given_axes_and_picks_a_column() -> None:
    _, given_ax = plt.subplots()
    ax = plot.bar(table3(), column="CRC-funded respondents", ax=given_ax, title="CRC")
    assert ax is given_ax
    # The base line names the column drawn, as a table of several columns needs.
    assert ax.get_title(loc="left").splitlines()[:2] == ["CRC", "CRC-funded respondents (n=34)"]
    assert len(ax.patches) == 7


def test_bar_errors() -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"2 columns.*\n\nHint: pass column="):
        plot.bar(table3())
    with pytest.raises(tt.InvalidOptionError, match="no column 'Outside'"):
        plot.bar(table3(), column="Outside")
    with pytest.raises(tt.InvalidOptionError, match=r"grid.*plot\.likert"):
        plot.bar(table2())
    with pytest.raises(tt.UnknownMethodError, match="`sort` must be one of 'size', 'codebook'"):
        plot.bar(one_question([1, 2], ["a", "b"]), sort="alphabetical")  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(
    counts=st.lists(st.integers(0, 400), min_size=1, max_size=6),
    extra=st.integers(0, 50),
    rule=st.sampled_from(["half_up", "half_even", "half_down", "floor", "ceil", "double_half_up"]),
    decimals=st.integers(0, 2),
)
def test_bar_labels_always_equal_table_percentages(
    counts: list[int], extra: int, rule: str, decimals: int
) -> None:
    base = sum(counts) + extra
    options = [f"option {k}" for k in range(len(counts))]
    table = one_question(counts, options, base=base, rule=rule, decimals=decimals, partition=False)
    ax = plot.bar(table, sort="codebook")
    shown = table.percentages()["All"].tolist()
    if base == 0:
        assert texts(ax) == ["n/a"] * len(counts)
    else:
        expected = [
            expected_label(v, c, base, decimals) for v, c in zip(shown, counts, strict=True)
        ]
        assert texts(ax) == expected
        widths = [p.get_width() for p in rects(ax)]
        np.testing.assert_allclose(widths, [100 * c / base for c in counts], rtol=1e-12)
    plt.close("all")


# -- likert --------------------------------------------------------------------------------

FIVE = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree", "Don't know"]


def likert_one(counts: list[int], points: list[str] = FIVE) -> tt.Table:
    return one_question(counts, points, title="Contractual risk is managed appropriately")


def test_likert_default_split_of_an_odd_scale() -> None:
    table = likert_one([2, 4, 3, 6, 4, 1])  # base 20
    ax = plot.likert(table)
    bars = {label: patches[0] for label, patches in containers(ax).items()}
    # Negative points end at zero on the left, nearest the middle first.
    assert bars["Disagree"].get_x() + bars["Disagree"].get_width() == pytest.approx(0)
    assert bars["Strongly disagree"].get_x() == pytest.approx(-30)
    assert bars["Agree"].get_x() == pytest.approx(0)
    assert bars["Strongly agree"].get_x() == pytest.approx(30)
    # Neutral and don't know are drawn apart, right of every positive bar, hatched.
    positive_end = bars["Strongly agree"].get_x() + bars["Strongly agree"].get_width()
    assert bars["Neither"].get_x() > positive_end
    assert bars["Don't know"].get_x() > bars["Neither"].get_x() + bars["Neither"].get_width()
    assert bars["Neither"].get_hatch()
    assert bars["Don't know"].get_hatch()

    # The strongest answers are the darkest of their side.
    def lightness(point: str) -> float:
        return sum(to_rgb(bars[point].get_facecolor()))

    assert lightness("Strongly disagree") < lightness("Disagree")
    assert lightness("Strongly agree") < lightness("Agree")
    # The legend reads left to right, as the chart does.
    assert legend(ax) == [FIVE[0], FIVE[1], FIVE[3], FIVE[4], FIVE[2], FIVE[5]]
    assert ax.get_title(loc="left").endswith("n=20, small base: read with care")


def test_likert_labels_and_totals() -> None:
    table = likert_one([2, 4, 3, 6, 4, 1])
    ax = plot.likert(table)
    labels = texts(ax)
    # Inside labels of each segment, bold totals of each side, side-panel labels.
    for expected in ["20%", "10%", "30%", "50%", "15%", "5%"]:
        assert expected in labels
    bold = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]
    assert bold == ["30%", "50%"]


def test_likert_even_scale_has_no_neutral() -> None:
    points = ["Very poor", "Poor", "Good", "Very good"]
    ax = plot.likert(likert_one([1, 2, 3, 4], points))
    assert list(containers(ax)) == ["Poor", "Very poor", "Good", "Very good"]
    assert all(p.get_hatch() is None for p in ax.patches)


def test_likert_scale_written_positive_first() -> None:
    # Table 2 lists "Improved" before "Worsened": explicit sides place them.
    ax = plot.likert(table2(), negative=["Worsened"], neutral=["No change"], positive=["Improved"])
    assert len(ax.patches) == 4 * 4
    worse, better = containers(ax)["Worsened"], containers(ax)["Improved"]
    assert all(p.get_x() + p.get_width() == pytest.approx(0) for p in worse)
    assert all(p.get_x() == pytest.approx(0) for p in better)
    bases = table2().bases.to_numpy()
    np.testing.assert_allclose(
        [p.get_width() for p in worse], 100 * np.array([49, 40, 31, 5]) / bases
    )
    assert legend(ax) == ["Worsened", "Improved", "No change", "Don't know"]
    assert ticks(ax)[0] == "Offenders, ex-offenders and their\nfamilies\n(n=99)"


def test_likert_orders_a_reversed_scale_from_the_middle() -> None:
    points = ["Very positive", "Positive", "No impact", "Negative", "Very negative"]
    ax = plot.likert(
        likert_one([1, 2, 3, 4, 5], points),
        negative=["Very negative", "Negative"],
        neutral=["No impact"],
        positive=["Positive", "Very positive"],
    )
    assert list(containers(ax)) == [
        "Negative",
        "Very negative",
        "Positive",
        "Very positive",
        "No impact",
    ]


def test_likert_groups_show_their_bases() -> None:
    table = tt.Table(
        counts=pd.DataFrame(
            {"CRC": [5, 10, 19], "Outside": [30, 40, 30]}, index=["Disagree", "Neither", "Agree"]
        ),
        bases=pd.Series({"CRC": 34, "Outside": 100}),
    )
    ax = plot.likert(table)
    assert ticks(ax) == ["CRC\n(n=34)", "Outside\n(n=100)"]
    assert "n=" not in ax.get_title(loc="left")


def test_likert_without_totals_labels_every_wide_segment() -> None:
    ax = plot.likert(likert_one([2, 4, 3, 6, 4, 1]), totals=False)
    assert not [t for t in ax.texts if t.get_fontweight() == "bold"]
    assert "30%" in texts(ax)  # Agree, labelled inside


def test_likert_errors() -> None:
    table = likert_one([2, 4, 3, 6, 4, 1])
    with pytest.raises(tt.InvalidOptionError, match=r"no scale point\(s\) \['Bad'\]"):
        plot.likert(table, negative=["Bad"])
    with pytest.raises(tt.InvalidOptionError, match="more than one side"):
        plot.likert(table, negative=["Agree"], positive=["Agree"])
    with pytest.raises(tt.InvalidOptionError, match=r"not placed.*\n\nHint: list each"):
        plot.likert(table, negative=["Disagree"], positive=["Agree"])


# -- compare -------------------------------------------------------------------------------


def test_compare_paired_bars_of_table3() -> None:
    ax = plot.compare(table3())
    assert len(ax.patches) == 14
    assert ticks(ax) == INCOME
    assert legend(ax) == ["Respondents as a whole (n=151)", "CRC-funded respondents (n=34)"]
    # Printed in Table 3: 23 13 13 17 21 5 8 and 6 9 18 12 21 12 24.
    printed = ["23", "13", "13", "17", "21", "5", "8", "6", "9", "18", "12", "21", "12", "24"]
    assert texts(ax) == [f"{p}%" for p in printed]
    crc = rects(ax)[7:]
    assert crc[0].get_width() == pytest.approx(200 / 34)
    # Groups differ by hatching as well as colour.
    assert rects(ax)[0].get_hatch() != crc[0].get_hatch()
    assert rects(ax)[0].get_facecolor() != crc[0].get_facecolor()


def test_compare_groups_order_and_small_base() -> None:
    # Graph 24 compares CRC-funded respondents with those outside supply chains.
    counts = pd.DataFrame(
        {"All": [35, 116], "CRC-funded": [2, 17], "Outside": [30, 70]},
        index=["Under £100,000", "£100,000 or more"],
    )
    table = tt.Table(counts=counts, bases=pd.Series({"All": 151, "CRC-funded": 19, "Outside": 100}))
    ax = plot.compare(table, groups=["Outside", "CRC-funded"])
    assert legend(ax) == ["Outside (n=100)", "CRC-funded (n=19, small base)"]
    assert len(ax.patches) == 4


def test_compare_sort_by_first_group() -> None:
    ax = plot.compare(table3(), sort="size")
    assert ticks(ax)[0] == "Under £100,000"
    assert ticks(ax)[-1] == "£5m - £10m"


def test_compare_intervals_come_from_proportion_ci() -> None:
    compare = pytest.importorskip("tracktr.compare")
    ax = plot.compare(table3(), intervals=True, method="wilson", level=0.95)
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = [s for c in lines for s in c.get_segments() if s[0][1] == s[1][1]]
    assert len(segments) == 14
    first = compare.proportion_ci(35, 151, method="wilson", level=0.95)
    xs = sorted(segments, key=lambda s: -s[0][1])[0][:, 0]
    np.testing.assert_allclose(sorted(xs), [100 * first.ci_low, 100 * first.ci_high])
    assert "95% Wilson confidence intervals" in ax.get_xlabel()


def test_compare_weighted_intervals_use_respondents() -> None:
    compare = pytest.importorskip("tracktr.compare")
    table = tt.Table(
        counts=pd.DataFrame({"a": [20.5, 80.5], "b": [10.0, 30.0]}, index=["Yes", "No"]),
        bases=pd.Series({"a": 101.0, "b": 40.0}),
        unweighted_bases=pd.Series({"a": 50, "b": 40}),
    )
    ax = plot.compare(table, intervals=True)
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    segment = next(s for c in lines for s in c.get_segments() if s[0][1] == s[1][1])
    expected = compare.proportion_ci(20.5 / 101 * 50, 50)
    np.testing.assert_allclose(
        sorted(segment[:, 0]), [100 * expected.ci_low, 100 * expected.ci_high], rtol=1e-9
    )


def test_likert_zero_base_row_reads_not_available() -> None:
    counts = pd.DataFrame(
        [[1, 2, 3], [0, 0, 0]], index=["asked", "nobody"], columns=["Disagree", "Neither", "Agree"]
    )
    table = tt.Table(counts=counts, bases=counts.sum(axis=1), kind="grid", percent_axis="rows")
    ax = plot.likert(table)
    assert texts(ax).count("n/a") == 3  # two totals and the neutral panel


def test_compare_errors() -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)two or more groups.*plot\.bar"):
        plot.compare(one_question([1, 2], ["a", "b"]))
    with pytest.raises(tt.InvalidOptionError, match=r"no group\(s\) \['Outside'\]"):
        plot.compare(table3(), groups=["Outside", "CRC-funded respondents"])
    with pytest.raises(tt.InvalidOptionError, match="grid"):
        plot.compare(table2())
    with pytest.raises(tt.UnknownMethodError, match="`method` must be one of"):
        plot.compare(table3(), intervals=True, method="normal")  # type: ignore[arg-type]


# -- all charts ----------------------------------------------------------------------------


def test_charts_do_not_mutate_the_table() -> None:
    table = table3()
    before = table.counts.copy(), table.bases.copy()
    plot.compare(table, intervals=False)
    plot.bar(table, column="CRC-funded respondents")
    plot.likert(table2(), negative=["Worsened"], neutral=["No change"], positive=["Improved"])
    pd.testing.assert_frame_equal(table.counts, before[0])
    pd.testing.assert_series_equal(table.bases, before[1])


def test_fonts_are_readable() -> None:
    for ax in (
        plot.bar(one_question([36, 62, 6], ["Yes", "No", "Don't know"])),
        plot.likert(likert_one([2, 4, 3, 6, 4, 1])),
        plot.compare(table3()),
    ):
        sizes = [float(t.get_fontsize()) for t in [*ax.texts, *ax.get_yticklabels()]]
        assert min(sizes) >= 9


def test_label_colour_contrasts_with_fill() -> None:
    from tracktr.plot._figure import _text_colour

    assert _text_colour(plot.OKABE_ITO["blue"]) == "white"
    assert _text_colour("#E6E6E6") == "black"
    assert _text_colour(plot.OKABE_ITO["orange"]) == "black"


def test_each_chart_type_renders_to_png(tmp_path: Path) -> None:
    charts = {
        "bar": plot.bar(one_question([36, 62, 6], ["Yes", "No", "Don't know"])),
        "likert": plot.likert(
            table2(), negative=["Worsened"], neutral=["No change"], positive=["Improved"]
        ),
        "compare": plot.compare(table3(), intervals=True),
    }
    for name, ax in charts.items():
        path = tmp_path / f"{name}.png"
        figure = ax.figure
        assert isinstance(figure, Figure)
        figure.savefig(path, dpi=60)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.stat().st_size > 5_000


def test_missing_matplotlib_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    table = one_question([1, 2], ["a", "b"])
    for draw in (plot.bar, plot.likert):
        with pytest.raises(
            tt.MissingDependencyError, match=r'pip install "\.\[plot\]" in a clone of tracktr'
        ):
            draw(table)
    with pytest.raises(
        tt.MissingDependencyError, match=r'pip install "\.\[plot\]" in a clone of tracktr'
    ):
        plot.compare(table3())


def test_import_tracktr_does_not_import_matplotlib() -> None:
    code = "import sys; import tracktr; tracktr.plot.bar; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_exact_shares_match_fraction_arithmetic() -> None:
    from tracktr.plot._labels import _share

    assert _share(1, 3) == float(Fraction(100, 3))
    assert _share(0.1, 0.3) == float(Fraction(100, 3))
    assert np.isnan(_share(1, 0))


# -- nets ---------------------------------------------------------------------------------

RATING = ["Very good", "Good", "Fair", "Poor", "Very poor", "Don't know"]
RATING_NETS = {"Good": ["Very good", "Good"], "Poor": ["Poor", "Very poor"]}


def rating_table() -> tt.Table:
    return tt.Table(
        counts=pd.DataFrame({"A": [1, 2, 3, 1, 0, 1], "B": [5, 1, 1, 0, 1, 0]}, index=RATING),
        bases=pd.Series({"A": 8, "B": 8}),
        question="rating",
    )


def test_bar_draws_declared_nets_above_the_options() -> None:
    table = rating_table()
    ax = plot.bar(table, column="A", sort="codebook", nets=RATING_NETS)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[-2:] == ["NET: Good", "NET: Poor"]
    assert all(t.get_fontweight() == "bold" for t in ax.get_yticklabels()[-2:])
    # Independent: the net labels are net_table's percentages, 3 of 8 and 1 of 8, half up.
    expected = tt.net_table(table, RATING_NETS).percentages()["A"]
    assert expected.tolist() == [38.0, 13.0]
    assert [t.get_text() for t in ax.texts[-2:]] == ["38%", "13%"]
    nets_y = sorted(p.get_y() for p in ax.patches if p.get_facecolor()[:3] == to_rgb("#009E73"))
    options_y = [p.get_y() for p in ax.patches if p.get_facecolor()[:3] != to_rgb("#009E73")]
    assert min(nets_y) > max(options_y)  # the nets sit above every option
    plt.close(ax.figure)


def test_bar_nets_of_a_multi_response_set_need_their_ticks() -> None:
    data = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0], "c": [0, 0, 0, 1]})
    table = tt.multi_response(data, "set", columns=["a", "b", "c"])
    with pytest.raises(tt.InvalidOptionError, match=r"tt\.multi_nets\(\)"):
        plot.bar(table, nets={"a or b": ["a", "b"]})
    nets = tt.multi_nets(data, "set", {"a or b": ["a", "b"]}, columns=["a", "b", "c"])
    ax = plot.bar(table, nets=nets)
    assert ax.texts[-1].get_text() == "75%"  # three of four ticked a or b; a sum says 100%
    plt.close(ax.figure)
    other = tt.Table(counts=pd.DataFrame({"x": [1]}, index=["n"]), bases=pd.Series({"x": 2}))
    with pytest.raises(tt.InvalidOptionError, match=r"lacks column\(s\) \['All'\]"):
        plot.bar(table, nets=other)


def test_bar_net_of_an_unknown_option_is_refused() -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"made of \['Excellent'\]"):
        plot.bar(rating_table(), column="A", nets={"Top": ["Excellent"]})


def test_likert_writes_each_net_as_a_column() -> None:
    table = rating_table()
    ax = plot.likert(table, nets=RATING_NETS)
    texts = [t.get_text() for t in ax.texts]
    assert {"Good", "Poor"} <= set(texts)
    shown = tt.net_table(table, RATING_NETS).percentages()
    bold = [t for t in ax.texts if t.get_fontweight() == "bold"]
    for group in ("A", "B"):
        for net in RATING_NETS:
            assert f"{shown.loc[net, group]:.0f}%" in [t.get_text() for t in bold]
    assert ax.get_xlim()[1] > max(t.get_position()[0] for t in bold)  # inside the axes
    plt.close(ax.figure)


def test_compare_weighted_intervals_use_effective_bases() -> None:
    # Before: set on the 4 respondents behind each weighted share (too narrow when the
    # weights vary): a share of 0.6 drew 20.5 to 89.7 where Kish's base of 3.57 gives
    # 19.2 to 90.5; the axis did not say which base.
    compare = pytest.importorskip("tracktr.compare")
    data = pd.DataFrame(
        {"v": ["Yes", "Yes", "No", "No"] * 2, "g": ["a"] * 4 + ["b"] * 4,
         "w": [4.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0]}
    )  # fmt: skip
    table = tt.frequencies(data, "v", options=["Yes", "No"], by="g", weights="w")
    ax = plot.compare(table, groups=["a", "b"], intervals=True)
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = [s for c in lines for s in c.get_segments() if s[0][1] == s[1][1]]
    effective = 10.0**2 / (16 + 4 + 4 + 4)  # Kish: (sum w)^2 / sum w^2 = 100 / 28
    expected = compare.proportion_ci(0.6 * effective, effective)
    top = sorted(segments, key=lambda s: -s[0][1])[0][:, 0]  # group a's "Yes"
    np.testing.assert_allclose(sorted(top), [100 * expected.ci_low, 100 * expected.ci_high])
    assert "confidence intervals on the effective bases" in ax.get_xlabel()

"""A gap (``Table.gaps``: an option not offered) survives every path a table takes.

A trend cell of an option a wave did not offer prints ``n/a``; a table derived from it
(disclosure control, combine, banners, nets), a chart of it and a comparison of it must
not turn it back into ``0 (0)``, a drawn 0 or a test of 0 against a share.
"""

from __future__ import annotations

import dataclasses
import pickle
import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import tracktr as tt
from tracktr.banners import split_banners, stack_tables

SCALE_2 = ["Better", "Worse"]
SCALE_3 = ["Better", "Same", "Worse"]


def _survey(options: list[str]) -> tt.Survey:
    questions = [
        {"id": "c", "type": "ordinal", "text": "Change?", "options": options},
        {"id": "g", "type": "single", "text": "Group?", "options": ["x", "y"]},
    ]
    return tt.Survey.from_dict({"title": "T", "questions": questions})


def _pooled(a_counts: dict[str, int], b_counts: dict[str, int]) -> tt.waves.Pooled:
    """Wave a offers Better and Worse; wave b also Same. Groups alternate x, y."""

    def frame(counts: dict[str, int]) -> pd.DataFrame:
        answers = [option for option, n in counts.items() for _ in range(n)]
        groups = ["x", "y"] * len(answers)
        return pd.DataFrame(
            {"respondent_id": range(1, len(answers) + 1), "c": answers, "g": groups[: len(answers)]}
        )

    harmonise = {"waves": ["a", "b"], "questions": [{"id": "c"}]}
    waves = {"a": (frame(a_counts), _survey(SCALE_2)), "b": (frame(b_counts), _survey(SCALE_3))}
    return tt.waves.pool(waves, harmonise=harmonise)


def _trend() -> tt.Table:
    # Better a = 2 and Same b = 3 are sensitive at threshold 5; Same a is the gap.
    table = tt.waves.trend(
        _pooled({"Better": 2, "Worse": 28}, {"Better": 10, "Same": 3, "Worse": 17}), "c"
    )
    assert table.gaps == (("Same", "a"),)
    return table


def _plain() -> tt.Table:
    """A table with a gap made directly: Same was not offered in column a."""
    counts = pd.DataFrame({"a": [20, 0, 10], "b": [3, 12, 25]}, index=SCALE_3)
    table = tt.Table(counts=counts, bases=pd.Series({"a": 30, "b": 40}), question="c")
    return dataclasses.replace(table, gaps=(("Same", "a"),))


# -- 1. disclosure control --------------------------------------------------------------------


def _count(text: str) -> float | None:
    """The count a reader reads in a "67 (20)" cell; None for the marker."""
    found = re.fullmatch(r"\S+ \((\d+)\)", text)
    return None if found is None else float(found.group(1))


def _reader(published: tt.disclosure.Suppression) -> dict[tuple[str, str], tuple[float, float]]:
    """The interval a reader proves for each hidden cell of a table of column percentages.

    Written apart from the model: the reader reads the published frame, knows that each
    column's counts sum to its base, that counts are not negative, and that a cell
    printed ``n/a`` in a trend is an option the wave did not offer: 0.
    """
    frame = published.display_frame()
    rows = [r for r in frame.index if r != "Base"]
    columns = list(frame.columns)
    cells = [(r, c) for c in columns for r in rows]
    index = {cell: k for k, cell in enumerate(cells)}
    a_eq, b_eq = [], []
    for r, c in cells:
        text = str(frame.loc[r, c])
        value = 0.0 if text == "n/a" else _count(text)
        if value is not None:
            row = np.zeros(len(cells))
            row[index[(r, c)]] = 1.0
            a_eq.append(row)
            b_eq.append(value)
    for c in columns:
        row = np.zeros(len(cells))
        for r in rows:
            row[index[(r, c)]] = 1.0
        a_eq.append(row)
        b_eq.append(float(str(frame.loc["Base", c]).removeprefix("n=")))
    out = {}
    for r, c in cells:
        if str(frame.loc[r, c]) != published.marker:
            continue
        objective = np.zeros(len(cells))
        objective[index[(r, c)]] = 1.0
        low = linprog(objective, A_eq=np.array(a_eq), b_eq=b_eq, bounds=(0, None))
        high = linprog(-objective, A_eq=np.array(a_eq), b_eq=b_eq, bounds=(0, None))
        out[(r, c)] = (round(low.fun), round(-high.fun))
    return out


@pytest.mark.parametrize("zeros", ["publish", "protect"])
def test_a_protected_trend_prints_the_gap_as_n_a_and_never_hides_it(zeros: str) -> None:
    # Before: the gap printed "n/a (0)"; with zeros="protect" it was hidden as a sensitive
    # zero ("[c]", audited as protected though every reader knows it is 0), and Worse a
    # was hidden with it to protect it.
    table = _trend()
    published = tt.disclosure.suppress(table, threshold=5, zeros=zeros)
    frame = published.display_frame()
    assert frame.loc["Same", "a"] == "n/a"
    assert frame.loc["Worse", "a"] == "[c]"  # the complement of Better a = 2
    assert not published.suppressed.loc["Same", "a"]
    hidden = set(zip(published.cells["row"], published.cells["column"], strict=True))
    assert ("Same", "a") not in hidden
    assert re.search(r"\| Same +\| n/a +\| \[c\] +\|", published.to_markdown())
    assert "<td>n/a</td>" in published.to_html()
    assert published.audit()["met"].all()
    # A reader who solves the published table (and knows the gap is 0) proves no less.
    proved = _reader(published)
    audit = published.audit().set_index(["row", "column"])
    for (row, column), (low, high) in proved.items():
        assert (low, high) == (audit.loc[(row, column), "low"], audit.loc[(row, column), "high"])
        count = table.counts.to_numpy()[list(table.counts.index).index(row),
                                        list(table.counts.columns).index(column)]  # fmt: skip
        if 0 < count < 5:
            assert high - low >= 5
            assert high >= 5
    assert set(proved) == {("Better", "a"), ("Worse", "a"), ("Better", "b"), ("Same", "b")}


def test_a_protected_set_of_trends_keeps_every_gap_printed() -> None:
    # Before: each gap of the set printed "n/a (0)" (the trend by group's two as well).
    pooled = _pooled({"Better": 2, "Worse": 28}, {"Better": 10, "Same": 3, "Worse": 17})
    trend, by_group = tt.waves.trend(pooled, "c"), tt.waves.trend(pooled, "c", by="g")
    published = tt.disclosure.protect([trend, by_group], threshold=5, zeros="protect")
    assert published.met
    for protected in published:
        frame = protected.display_frame()
        for row, column in protected.table.gaps:
            assert frame.loc[row, column] == "n/a"
            assert not protected.suppressed.loc[row, column]


def test_the_excel_sheet_of_a_protected_trend_writes_n_a_at_the_gap(tmp_path: object) -> None:
    # Before: the sheet wrote the gap's count as 0 beside "n/a".
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "protected.xlsx"  # type: ignore[operator]
    tt.disclosure.suppress(_trend(), threshold=5).to_excel(path)
    sheet = openpyxl.load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    same = next(row for row in rows if row and row[0] == "Same")
    assert same.count("n/a") == 2
    assert 0 not in same


# -- 2. combine and banners ---------------------------------------------------------------------


def test_combine_keeps_a_gap_every_part_has() -> None:
    # Before: the sum kept the first part's gaps only; here the second part's were lost.
    plain = _plain()
    without = dataclasses.replace(plain, gaps=())
    summed = tt.combine([plain, plain])
    assert summed.gaps == (("Same", "a"),)
    assert summed.to_frame(layout="report").loc["Same", "a"] == "n/a"
    with pytest.raises(tt.InvalidOptionError, match=r"'Same'.*column 'a'.*not offered in part 1"):
        tt.combine([without, plain])


def test_combine_refuses_a_gap_in_one_part_and_an_answer_in_another() -> None:
    # Before: InvalidCountsError "gap ('Same', 'a') holds a count of 2", naming no part.
    plain = _plain()
    counts = plain.counts.copy()
    counts.loc["Same", "a"], counts.loc["Better", "a"] = 2, 18
    offered = dataclasses.replace(plain, counts=counts, gaps=())
    with pytest.raises(tt.InvalidOptionError, match=r"'Same'.*column 'a'.*not offered in part 0"):
        tt.combine([plain, offered])


def test_banners_side_by_side_keep_the_gaps_under_their_new_labels() -> None:
    # Before: stack_tables dropped the gaps ("0 (0)" under each banner), and splitting a
    # table with gaps raised InvalidOptionError (the gap's label was no column of a part).
    plain = _plain()
    stacked = stack_tables([plain, plain], ["one", "two"])
    assert stacked.gaps == (("Same", ("one", "a")), ("Same", ("two", "a")))
    report = stacked.to_frame(layout="report")
    assert list(report.loc["Same"]) == ["n/a", "30 (12)", "n/a", "30 (12)"]
    parts = split_banners(stacked)
    assert parts["one"].gaps == (("Same", "a"),)
    assert parts["two"].gaps == (("Same", "a"),)
    assert parts["two"].to_frame(layout="report").equals(plain.to_frame(layout="report"))


def test_a_grid_stacked_by_blocks_keeps_its_gaps_on_the_rows() -> None:
    # Before: the gap of a grid (row percentages) left the stacked table.
    counts = pd.DataFrame({"Yes": [5, 0], "No": [5, 4]}, index=["i1", "i2"])
    grid = tt.Table(counts=counts, bases=pd.Series({"i1": 10, "i2": 4}), kind="grid",
                    percent_axis="rows")  # fmt: skip
    grid = dataclasses.replace(grid, gaps=(("i2", "Yes"),))
    stacked = stack_tables([grid, grid], ["x", "y"], level="group")
    assert stacked.gaps == ((("x", "i2"), "Yes"), (("y", "i2"), "Yes"))
    assert stacked.to_frame(layout="report").loc[("y", "i2"), "Yes"] == "n/a"


# -- 3. nets -----------------------------------------------------------------------------------


def test_a_net_of_gaps_is_a_gap_and_a_net_partly_offered_is_a_count_with_a_note() -> None:
    # Before: the net of Same alone printed "0 (0)" in wave a, with no note that the net
    # of Better and Same held only Better there.
    nets = tt.net_table(_trend(), {"Not worse": ["Better", "Same"], "Same": ["Same"]})
    assert nets.gaps == (("Same", "a"),)
    report = nets.to_frame(layout="report")
    assert report.loc["Same", "a"] == "n/a"
    assert report.loc["Not worse", "a"] == "7 (2)"
    assert (
        "Not worse in a: 'Same' was not offered there; the net counts its other options."
        in nets.notes
    )
    assert "Same: n/a in a: none of its options was offered there (a gap, not a zero)." in (
        nets.notes
    )


def test_nets_of_a_grid_keep_its_gaps_on_the_item_rows() -> None:
    # Before: the net of a gap printed "0 (0)".
    counts = pd.DataFrame({"Yes": [5, 0], "No": [5, 4]}, index=["i1", "i2"])
    grid = tt.Table(counts=counts, bases=pd.Series({"i1": 10, "i2": 4}), kind="grid",
                    percent_axis="rows")  # fmt: skip
    grid = dataclasses.replace(grid, gaps=(("i2", "Yes"),))
    nets = tt.net_table(grid, {"Any yes": ["Yes"], "Answered": ["Yes", "No"]})
    assert nets.gaps == (("i2", "Any yes"),)
    assert nets.to_frame(layout="report").loc["i2", "Answered"] == "100 (4)"


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(0, 30), min_size=3, max_size=3),
    other=st.lists(st.integers(0, 30), min_size=3, max_size=3),
    gap=st.integers(0, 2),
    members=st.sets(st.integers(0, 2), min_size=1),
)
def test_a_net_is_a_gap_exactly_where_every_member_is(
    counts: list[int], other: list[int], gap: int, members: set[int]
) -> None:
    # Property: a net is a gap in a column iff all its members are gaps there; otherwise
    # its count is the sum of its members' (the gaps adding 0), as without gaps.
    rows = ["o0", "o1", "o2"]
    first = [0 if k == gap else c for k, c in enumerate(counts)]
    frame = pd.DataFrame({"w1": first, "w2": other}, index=rows)
    bases = pd.Series({"w1": max(sum(first), 1), "w2": max(sum(other), 1)})
    plain = tt.Table(counts=frame, bases=bases)
    gapped = dataclasses.replace(plain, gaps=((rows[gap], "w1"),))
    spec = {"net": [rows[k] for k in sorted(members)]}
    net, net_plain = tt.net_table(gapped, spec), tt.net_table(plain, spec)
    pd.testing.assert_frame_equal(net.counts, net_plain.counts)
    assert net.gaps == ((("net", "w1"),) if members == {gap} else ())


# -- 4. comparisons ----------------------------------------------------------------------------


def test_compare_table_refuses_to_test_a_gap_against_a_share() -> None:
    # Before: "Same" was tested, 0 of 30 against 12 of 40 (p = 0.002), and the overall
    # chi-square counted the gap as a 0.
    with pytest.raises(tt.InvalidOptionError, match=r"'Same' in column 'a' is a gap"):
        tt.compare_table(_plain())
    with pytest.raises(tt.InvalidOptionError, match=r"tt.waves.changes"):
        tt.compare_table(_plain(), against="total", total="b")


def test_tab_book_letters_refuse_a_gap_too() -> None:
    # Before: the letters tested Same 0 of 30 against 12 of 40: b was "higher than" a.
    from tracktr.compare._letters import higher_than

    with pytest.raises(tt.InvalidOptionError, match=r"'Same' in column 'a' is a gap"):
        higher_than(_plain())


def test_compare_table_of_nets_refuses_a_net_that_is_a_gap_only() -> None:
    # Before: the net of Same alone was tested, 0 against 12 of 40.
    plain = _plain()
    with pytest.raises(tt.InvalidOptionError, match=r"'Same' in column 'a' is a gap"):
        tt.compare_table(plain, nets={"Same": ["Same"]})
    # A net with an option offered in every column is compared (its note says which).
    compared = tt.compare_table(plain, nets={"Not worse": ["Better", "Same"]})
    assert list(compared.to_frame()["option"]) == ["Not worse"]


# -- 5. charts ---------------------------------------------------------------------------------

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the test backend)
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from tracktr import plot  # noqa: E402


def _rectangles(ax: Axes) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


@pytest.fixture
def _close() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.mark.usefixtures("_close")
def test_a_bar_chart_draws_no_bar_at_a_gap() -> None:
    # Before: a bar of width 0 was drawn for Same (3 bars), labelled "n/a".
    ax = plot.bar(_plain(), column="a", sort="codebook")
    assert len(ax.patches) == 2
    assert [t.get_text() for t in ax.texts] == ["67%", "n/a", "33%"]
    ax = plot.bar(_plain(), column="a", nets={"Same": ["Same"], "Any": SCALE_3})
    assert len(ax.patches) == 3  # Better, Worse and the net Any
    assert "0%" not in [t.get_text() for t in ax.texts]


@pytest.mark.usefixtures("_close")
def test_a_comparison_chart_draws_no_bar_and_no_interval_at_a_gap() -> None:
    # Before: a 0-wide bar and a Wilson interval of 0 to 11% were drawn for Same in a.
    ax = plot.compare(_plain(), intervals=True)
    widths = sorted(round(float(p.get_width()), 1) for p in _rectangles(ax))
    assert widths == [7.5, 30.0, 33.3, 62.5, 66.7]
    segments = [c.get_segments() for c in ax.collections if isinstance(c, LineCollection)]
    assert sum(len(s) for s in segments) == 5  # one interval per bar drawn
    assert "0%" not in [t.get_text() for t in ax.texts]


@pytest.mark.usefixtures("_close")
def test_a_likert_chart_draws_no_segment_and_no_0_label_at_a_gap() -> None:
    # Before: the neutral segment of wave a was drawn 0 wide and labelled "0%".
    ax = plot.likert(_plain(), neutral=["Same"], negative=["Worse"], positive=["Better"])
    texts = [t.get_text() for t in ax.texts]
    assert "0%" not in texts
    assert texts.count("30%") == 1  # the neutral label of b
    zero_wide = [p for p in _rectangles(ax) if float(p.get_width()) == 0.0]
    assert zero_wide == []


# -- 6. other paths ----------------------------------------------------------------------------


def test_copies_keep_the_gaps() -> None:
    # Pickling, with_notes, with_rounding and dataclasses.replace keep the gaps (they did).
    plain = _plain()
    for copy in (
        pickle.loads(pickle.dumps(plain)),
        plain.with_notes("x"),
        plain.with_rounding(decimals=1),
        dataclasses.replace(plain, title="T"),
    ):
        assert copy.gaps == (("Same", "a"),)
        assert copy.to_frame(layout="report").loc["Same", "a"] == "n/a"


# -- 6. mean scores ---------------------------------------------------------------------------


def test_mean_scores_refuse_a_scored_option_that_is_a_gap() -> None:
    # Before: wave a's mean was over its two points (-0.87) and wave b's over three
    # (-0.23), side by side as if on one scale.
    scores = {"Better": 1, "Same": 0, "Worse": -1}
    with pytest.raises(tt.InvalidOptionError, match=r"'Same' in 'a'.*fewer points"):
        tt.mean_scores(_trend(), scores)


def test_mean_scores_of_options_every_column_offered_are_kept() -> None:
    # Scoring only the two ends, offered in both waves: a mean on one scale everywhere.
    table = _plain()
    means = tt.mean_scores(table, {"Better": 1, "Worse": -1}, dont_know=["Same"])
    assert means.loc["a", "mean"] == pytest.approx((20 - 10) / 30)
    assert means.loc["b", "mean"] == pytest.approx((3 - 25) / 28)

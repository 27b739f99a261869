"""Hostile inputs from real surveys: design-based letters that could not be tested.

Under a design, a difference of shares is tested with its linearised variance. That
variance is exactly zero for 100% against 0% (no respondent varies) and for a group of
one respondent: such pairs are left untested, never marked significant. The tab book
printed "100%" beside "0%" for two groups of 40 with no letter and no note, so a reader
took the difference for not significant; ``compare_table`` said "each share 0% or 100%"
of a 50% compared with one respondent's answer.
"""

from __future__ import annotations

import pathlib
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

SURVEY = tt.Survey.from_dict({
    "title": "T",
    "questions": [
        {"id": "g", "type": "single", "text": "Group?", "options": ["A", "B", "C"]},
        {"id": "v", "type": "single", "text": "View?", "options": ["x", "y"]},
    ],
})  # fmt: skip

UNTESTED = re.compile(r"^(\d+) difference\(s\) shown were not tested under the design")


def _untested(notes: tuple[str, ...]) -> list[int]:
    return [int(m.group(1)) for note in notes if (m := UNTESTED.match(note))]


def _book(data: pd.DataFrame, **options: object) -> tt.TabBook:
    return tt.tabbook(data, SURVEY, banners=["g"], questions=["v"], **options)  # type: ignore[arg-type]


def test_design_book_says_why_100_against_0_has_no_letter() -> None:
    data = pd.DataFrame({"g": ["A"] * 40 + ["B"] * 40, "v": ["x"] * 40 + ["y"] * 40, "w": 1.0})
    section = _book(data, design=tt.Design(weights="w")).section("v")
    assert section.blocks[0].higher == {}  # no letter: the variance of 1 - 0 is zero
    # x: A vs B and y: A vs B
    assert _untested(section.notes) == [2]
    # the book without a design tests the counts exactly, gives letters, needs no note
    plain = _book(data).section("v")
    assert plain.blocks[0].higher == {("x", "A"): ["B"], ("y", "B"): ["A"]}
    assert _untested(plain.notes) == []


def test_design_book_counts_a_group_of_one() -> None:
    # C is one respondent: its share has no measured variance, whatever the other's
    data = pd.DataFrame({
        "g": ["A"] * 40 + ["B"] * 40 + ["C"],
        "v": ["x"] * 40 + ["x", "y"] * 20 + ["y"],
        "w": np.r_[np.ones(80), 5.0],
    })  # fmt: skip
    section = _book(data, design=tt.Design(weights="w")).section("v")
    # A vs C and B vs C on x and y; A (100%) vs B (50%) is tested on B's variance
    assert _untested(section.notes) == [4]
    letters = section.blocks[0].higher
    assert letters is not None
    assert not any("C" in key or "C" in groups for key, groups in letters.items())


def test_design_book_leaves_equal_shares_out_of_the_count() -> None:
    # both groups at 100% x (0% y): untested, and there is no difference to explain
    data = pd.DataFrame({"g": ["A"] * 5 + ["B"] * 5, "v": ["x"] * 10, "w": 1.0})
    section = _book(data, design=tt.Design(weights="w")).section("v")
    assert _untested(section.notes) == []


def test_compare_table_names_a_group_of_one_as_the_reason() -> None:
    data = pd.DataFrame({
        "g": ["A"] * 40 + ["B"] * 40 + ["C"],
        "v": ["x"] * 40 + ["x", "y"] * 20 + ["y"],
        "w": 1.0,
    })  # fmt: skip
    table = tt.frequencies(data, "v", by="g", weights="w")
    result = tt.compare_table(table, design=tt.Design(weights="w"), data=data, by="g")
    assert (
        "4 comparison(s) involve a group of one respondent (C), whose share has no measured "
        "variance: not tested, never marked significant."
    ) in result.notes
    # B (50%) against C was said to be "each share 0% or 100%"
    assert not any("each share 0% or 100%" in note for note in result.notes)


def test_compare_table_keeps_both_reasons_apart() -> None:
    data = pd.DataFrame({
        "g": ["A"] * 30 + ["B"] * 30 + ["C"],
        "v": ["x"] * 30 + ["y"] * 30 + ["y"],
        "w": 1.0,
    })  # fmt: skip
    table = tt.frequencies(data, "v", by="g", weights="w")
    notes = tt.compare_table(table, design=tt.Design(weights="w"), data=data, by="g").notes
    assert any(n.startswith("4 comparison(s) involve a group of one respondent (C)") for n in notes)
    # A (100% x) vs B (0% x): both constant, 2 comparisons (x and y)
    assert any(n.startswith("2 comparison(s) have no design-based variance") for n in notes)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(["x", "y"]), min_size=4, max_size=30),
    st.lists(st.sampled_from(["A", "B", "C"]), min_size=4, max_size=30),
)
def test_untested_count_is_the_visible_untested_differences(
    answers: list[str], groups: list[str]
) -> None:
    """The note counts exactly the pairs without a p-value whose shares differ."""
    n = min(len(answers), len(groups))
    data = pd.DataFrame({"g": groups[:n], "v": answers[:n], "w": 1.0})
    if data["g"].nunique() < 2:
        return
    section = _book(data, design=tt.Design(weights="w")).section("v")
    block = section.blocks[0]
    assert block.table is not None
    tests = block.tests
    assert tests is not None
    shares = block.table.counts / block.table.bases
    rows = tests.rows or ()
    expected = sum(
        1
        for row, a, b, p in zip(rows, tests.first, tests.second, tests.p_values, strict=True)
        if np.isnan(p) and not np.isclose(shares.loc[row, a], shares.loc[row, b])
    )
    assert _untested(section.notes) == ([expected] if expected else [])


@pytest.mark.parametrize("letters", [True, False])
def test_untested_note_only_with_design_letters(letters: bool) -> None:
    data = pd.DataFrame({"g": ["A"] * 40 + ["B"] * 40, "v": ["x"] * 40 + ["y"] * 40, "w": 1.0})
    notes = _book(data, design=tt.Design(weights="w"), letters=letters).section("v").notes
    assert _untested(notes) == ([2] if letters else [])


def test_protected_design_book_states_the_rule_without_the_count() -> None:
    # C's one respondent is a hidden base: "4 differences" would count its tests too
    data = pd.DataFrame({
        "g": ["A"] * 40 + ["B"] * 40 + ["C"],
        "v": ["x"] * 40 + ["x", "y"] * 20 + ["y"],
        "w": 1.0,
    })  # fmt: skip
    book = _book(data, design=tt.Design(weights="w"), threshold=5)
    assert book.disclosure is not None
    notes = book.section("v").notes
    assert _untested(notes) == []
    assert any(
        note.startswith("Differences the design cannot test carry no letter either way: a share")
        for note in notes
    )


def test_pool_names_a_repeated_numeric_id_as_written() -> None:
    # A panel respondent entered twice in one wave: the message read "ids [np.int64(1)]"
    survey = tt.Survey.from_dict({
        "title": "W",
        "respondent_id": "rid",
        "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}],
    })  # fmt: skip
    first = pd.DataFrame({"rid": [1, 2, 3], "q": ["Yes", "No", "No"]})
    second = pd.DataFrame({"rid": [1, 1, 2], "q": ["Yes", "No", "No"]})
    with pytest.raises(
        tt.SurveyValidationError,
        match=re.escape(
            "wave '2022': the persistent id 'rid' is repeated (ids [1]) in rows [0, 1]"
        ),
    ):
        tt.waves.pool({"2020": (first, survey), "2022": (second, survey)}, id="rid")


# -- a numeric question's interval in a tab book under a design -----------------------------

API = pathlib.Path(__file__).parent / "data" / "api" / "apiclus1.csv"
API_SURVEY = tt.Survey.from_dict({
    "title": "api",
    "questions": [
        {"id": "stype", "type": "single", "text": "School type?", "options": ["E", "H", "M"]},
        {"id": "api00", "type": "numeric", "text": "API in 2000"},
    ],
})  # fmt: skip

# R 4.2.2, survey 4.1.1, on survey's own data(api):
#   d <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
#   confint(svymean(~api00, d), df = degf(d))                       # degf(d) = 14
#   confint(svyby(~api00, ~stype, d, svymean), df = degf(d))
R_INTERVALS = {
    "All": (593.67631446332553, 694.66248335088221),
    "E": (600.90545865029026, 696.83065246082083),
    "H": (537.02610387405593, 700.11675326880118),
    "M": (563.64443976840312, 699.23556023159699),
}


@pytest.fixture(scope="module")
def apiclus1() -> pd.DataFrame:
    return pd.read_csv(API)[["stype", "api00", "pw", "dnum", "fpc"]]


def test_design_book_gives_a_numeric_mean_the_design_interval(apiclus1: pd.DataFrame) -> None:
    # Before: the weights-only interval of summarise(), 628.75 to 659.59 for All (a
    # with-replacement sample of 183 schools, not 15 districts), a third as wide as R's.
    design = tt.Design(weights="pw", clusters="dnum", fpc="fpc")
    book = tt.tabbook(apiclus1, API_SURVEY, banners=["stype"], design=design)
    summary = book.section("api00").blocks[0].summary
    assert summary is not None
    for group, (low, high) in R_INTERVALS.items():
        assert summary.statistics.loc[group, "ci_low"] == pytest.approx(low, rel=1e-9)
        assert summary.statistics.loc[group, "ci_high"] == pytest.approx(high, rel=1e-9)
    notes = book.section("api00").notes
    assert any("design-based linearised standard error (weighted by pw; clusters dnum" in n
               for n in notes)  # fmt: skip
    assert not any("with-replacement design" in n for n in notes)


def test_weights_only_design_keeps_the_summarise_interval(apiclus1: pd.DataFrame) -> None:
    # weights alone: summarise's interval is already R's svymean of that design
    weighted = tt.tabbook(apiclus1, API_SURVEY, banners=["stype"], design=tt.Design(weights="pw"))
    plain = tt.summarise(apiclus1, "api00", survey=API_SURVEY, by="stype", weights="pw")
    summary = weighted.section("api00").blocks[0].summary
    assert summary is not None
    pd.testing.assert_frame_equal(summary.statistics, plain.statistics)


def test_calibrate_names_missing_values_of_a_numeric_total() -> None:
    # Before: "calibration column 'staff' must be numeric; rows [2] are not." (it is
    # numeric: the cell is blank) with no fix.
    data = pd.DataFrame({"size": ["S", "S", "L", "L"], "staff": [1.0, 3.0, np.nan, 10.0]})
    before = data.copy()
    with pytest.raises(
        tt.InvalidCountsError,
        match=re.escape(
            "calibration column 'staff' has no finite number in rows [2] (they hold [nan]): "
            "they cannot be weighted to its total of 900.\n\nHint: impute the missing values"
        ),
    ):
        tt.weights.calibrate(data, {"size": {"S": 60, "L": 40}, "staff": 900.0})
    pd.testing.assert_frame_equal(data, before)


def test_design_compare_groups_leaves_out_a_group_that_weighs_nothing() -> None:
    # Before: InvalidBaseError "group 'Z' of `g` has no weighted respondents to 'q'." for
    # the whole comparison, where its table prints Z as n/a and compares A with B.
    rng = np.random.default_rng(2)
    data = pd.DataFrame({
        "g": ["A"] * 30 + ["B"] * 30 + ["Z"] * 5,
        "q": rng.choice(["x", "y"], 65),
        "w": np.r_[rng.uniform(0.5, 2.0, 60), np.zeros(5)],
    })  # fmt: skip
    before = data.copy()
    design = tt.Design(weights="w")
    result = tt.design.compare_groups(data, "q", "g", design=design)
    pd.testing.assert_frame_equal(data, before)
    frame = result.to_frame()
    assert set(frame["group"]) | set(frame["versus"]) == {"A", "B"}
    assert (
        "Not compared: 'Z' (5) of 'g', whose respondents all weigh 0, so they have no weighted "
        "share (n/a in a table); they stay in the design, outside every group."
    ) in result.notes
    # Z's rows stay in the design outside every domain: as if their group were blank
    blank = tt.design.compare_groups(data.assign(g=data["g"].where(data["g"] != "Z")), "q", "g",
                                     design=design)  # fmt: skip
    pd.testing.assert_frame_equal(frame, blank.to_frame())
    assert result.overall is not None
    assert blank.overall is not None
    assert result.overall.statistic == pytest.approx(blank.overall.statistic, rel=1e-12)


def test_design_compare_groups_needs_two_groups_with_weight() -> None:
    data = pd.DataFrame({"g": ["A"] * 5 + ["Z"] * 5, "q": ["x", "y"] * 5,
                         "w": [1.0] * 5 + [0.0] * 5})  # fmt: skip
    with pytest.raises(
        tt.InvalidOptionError, match=r"into 1 group\(s\) with weight \(\['Z'\] weigh 0\)"
    ):
        tt.design.compare_groups(data, "q", "g", design=tt.Design(weights="w"))


def test_design_difference_names_the_respondents_who_weigh_nothing() -> None:
    data = pd.DataFrame(
        {"g": ["A"] * 5 + ["Z"] * 3, "q": ["x", "y"] * 4, "w": [1.0] * 5 + [0.0] * 3},
        index=[f"r{i}" for i in range(8)],
    )
    with pytest.raises(
        tt.InvalidBaseError,
        match=re.escape(
            "group 'Z' of `g` has no weighted respondents to 'q': its 3 respondent(s) (rows "
            "['r5', 'r6', 'r7']) all weigh 0.\n\nHint: compare groups whose respondents have "
            "weights, or check the weights."
        ),
    ):
        tt.design.difference(data, "q", "g", option="x", groups=("A", "Z"),
                             design=tt.Design(weights="w"))  # fmt: skip


def test_design_book_gives_no_interval_to_one_respondent(apiclus1: pd.DataFrame) -> None:
    # One school of type "X": its design-based standard error is 0 (one score), and the
    # interval printed "641.00 to 641.00"; summarise() gives n/a.
    survey = tt.Survey.from_dict({
        "title": "api",
        "questions": [
            {"id": "stype", "type": "single", "text": "Type?", "options": ["E", "H", "M", "X"]},
            {"id": "api00", "type": "numeric", "text": "API in 2000"},
        ],
    })  # fmt: skip
    data = apiclus1.copy()
    data.loc[data.index[0], "stype"] = "X"
    design = tt.Design(weights="pw", clusters="dnum", fpc="fpc")
    summary = tt.tabbook(data, survey, banners=["stype"], design=design).section("api00")
    statistics = summary.blocks[0].summary.statistics  # type: ignore[union-attr]
    assert statistics.loc["X", "n"] == 1
    assert np.isnan(statistics.loc["X", ["ci_low", "ci_high"]].to_numpy(dtype=float)).all()
    assert np.isfinite(statistics.loc["E", ["ci_low", "ci_high"]].to_numpy(dtype=float)).all()


def test_design_book_of_a_numeric_question_nobody_answered(apiclus1: pd.DataFrame) -> None:
    # estimate_means() refuses a question nobody answered; the book prints n/a, as before
    data = apiclus1.assign(api00="<skipped>")
    design = tt.Design(weights="pw", clusters="dnum", fpc="fpc")
    summary = tt.tabbook(data, API_SURVEY, banners=["stype"], design=design).section("api00")
    statistics = summary.blocks[0].summary.statistics  # type: ignore[union-attr]
    assert (statistics["n"] == 0).all()
    assert statistics[["ci_low", "ci_high"]].isna().all().all()


def _pooled_numeric() -> tt.waves.Pooled:
    survey = tt.Survey.from_dict({
        "title": "W",
        "respondent_id": "rid",
        "questions": [
            {"id": "g", "type": "single", "text": "G?", "options": ["A", "B"]},
            {"id": "n", "type": "numeric", "text": "N?"},
        ],
    })  # fmt: skip
    rng = np.random.default_rng(5)

    def wave(ids: range) -> pd.DataFrame:
        return pd.DataFrame({
            "rid": list(ids), "g": rng.choice(["A", "B"], len(ids)),
            "n": rng.normal(5, 1, len(ids)), "w": 1.0, "st": ["s1", "s2"] * (len(ids) // 2),
        })  # fmt: skip

    waves = {"a": (wave(range(40)), survey), "b": (wave(range(20, 60)), survey)}
    return tt.waves.pool(waves, id="rid", keep=["w", "st"])


def test_design_book_of_pooled_waves_gives_no_interval_it_cannot_measure() -> None:
    # 20 organisations answered both waves; the design puts their two rows in two PSUs.
    # estimate_means() refuses such an estimate: the book prints n/a with a note (where
    # by wave each organisation is once per column, so the waves keep their intervals).
    pooled = _pooled_numeric()
    book = tt.tabbook(pooled.data, pooled.survey, banners=["g", "wave"],
                      design=tt.Design(weights="w", strata="st"))  # fmt: skip
    section = book.section("n")
    by_g, by_wave = (block.summary.statistics for block in section.blocks)  # type: ignore[union-attr]
    assert by_g[["ci_low", "ci_high"]].isna().all().all()
    assert by_wave.loc[["a", "b"], ["ci_low", "ci_high"]].notna().all().all()
    assert by_wave.loc["All", ["ci_low", "ci_high"]].isna().all()
    assert any(n.startswith("By g: Mean: CI n/a for the groups and the Total: an organisation")
               for n in section.notes)  # fmt: skip
    # clustered on the organisation, every interval is measured
    clustered = tt.tabbook(pooled.data, pooled.survey, banners=["g", "wave"],
                           design=tt.Design(weights="w", strata="st", clusters="rid"))  # fmt: skip
    for block in clustered.section("n").blocks:
        assert block.summary is not None
        assert block.summary.statistics[["ci_low", "ci_high"]].notna().all().all()


# -- raking within bounds ----------------------------------------------------------------------

BOUNDED = pd.read_csv(pathlib.Path(__file__).parent / "reference" / "rake_bounded_api.csv",
                      comment="#")  # fmt: skip
MARGINS = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1460, "Yes": 4734}}


@pytest.mark.parametrize(("low", "high"), [(0.5, 2.0), (0.8, 2.2)])
@pytest.mark.parametrize("order", [("stype", "sch.wide"), ("sch.wide", "stype")])
def test_bounded_rake_is_r_bounded_raking_in_either_order(
    low: float, high: float, order: tuple[str, str]
) -> None:
    # R's calibrate(dclus1, ~stype + sch.wide, pop, calfun = "raking", bounds = c(low, high))
    # (tests/reference/rake_bounded_api.R). Before, the weights were clipped after each
    # cycle: with bounds (0.5, 2) they met the margins, but 0.9% from R's in one order of
    # the margins and equal to them in the other.
    data = pd.read_csv(API)
    margins = {name: MARGINS[name] for name in order}
    raked = tt.weights.rake(data, margins, weights="pw", bounds=(low, high), tol=1e-13,
                            max_iter=1000)  # fmt: skip
    assert raked.converged
    expected = BOUNDED.query("low == @low and high == @high")["weight"].to_numpy()
    np.testing.assert_allclose(raked.weights.to_numpy(), expected, rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("xyz"), st.sampled_from("pq"), st.floats(0.2, 5.0)),
             min_size=12, max_size=40),
    st.floats(0.2, 0.8),
    st.floats(0.2, 0.8),
    st.floats(1.3, 4.0),
)  # fmt: skip
def test_bounded_rake_does_not_depend_on_the_order_of_the_margins(
    rows: list[tuple[str, str, float]], share_x: float, share_p: float, high: float
) -> None:
    """Within bounds, the weights solve R's calibration equations: one solution, any order."""
    data = pd.DataFrame(rows, columns=["a", "b", "w"])
    held_a, held_b = sorted(data["a"].unique()), sorted(data["b"].unique())
    if len(held_a) < 2 or len(held_b) < 2:
        return
    rest = (1 - share_x) / (len(held_a) - 1)
    a = {k: share_x if k == held_a[0] else rest for k in held_a}
    b = {held_b[0]: share_p, held_b[1]: 1 - share_p}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.TracktrWarning)  # margins out of reach: not met
        first = tt.weights.rake(data, {"a": a, "b": b}, weights="w", bounds=(0.4, high),
                                max_iter=500, tol=1e-12)  # fmt: skip
        second = tt.weights.rake(data, {"b": b, "a": a}, weights="w", bounds=(0.4, high),
                                 max_iter=500, tol=1e-12)  # fmt: skip
    ratio = first.weights / data["w"]
    assert (ratio >= 0.4 - 1e-12).all()
    assert (ratio <= high + 1e-12).all()
    if first.converged and second.converged:
        np.testing.assert_allclose(first.weights, second.weights, rtol=1e-7)


def test_bounded_rake_gives_r_calibrated_standard_errors() -> None:
    # R 4.2.2, survey 4.1.1 (as tests/reference/rake_bounded_api.R, bounds c(0.5, 2)):
    #   b <- calibrate(dclus1, ~stype + sch.wide, population, calfun = "raking",
    #                  bounds = c(0.5, 2), maxit = 1000, epsilon = 1e-12)
    #   svymean(~api00, b)   # 638.086166607458, SE 23.9629040369983
    data = pd.read_csv(API)
    # (in this order of the margins, clipping after each cycle gave 0.9% other weights)
    raked = tt.weights.rake(data, MARGINS, weights="pw", bounds=(0.5, 2.0), tol=1e-13,
                            max_iter=1000)  # fmt: skip
    design = tt.Design(weights="w", clusters="dnum", fpc="fpc", calibration=raked)
    mean = tt.design.estimate_means(data.assign(w=raked.weights), "api00", design=design).rows
    assert float(mean["estimate"].iloc[0]) == pytest.approx(638.086166607458, rel=1e-9)
    assert float(mean["se"].iloc[0]) == pytest.approx(23.9629040369983, rel=1e-8)


def test_design_ratio_counts_n_as_the_means_do() -> None:
    # Before: a ratio's n counted respondents of weight 0 (4 in A), the means' n does not
    # (2), and the small-base note of the ratio named "A (n=4)".
    data = pd.DataFrame({
        "g": ["A"] * 4 + ["B"] * 4, "y": [1.0, 2, 3, 4, 5, 6, 7, 8], "x": [2.0] * 8,
        "w": [1.0, 1, 0, 0, 1, 1, 1, 1],
    })  # fmt: skip
    design = tt.Design(weights="w")
    ratio = tt.design.estimate_ratio(data, "y", "x", design=design, by="g")
    means = tt.design.estimate_means(data, "y", design=design, by="g")
    assert ratio.rows["n"].tolist() == means.rows["n"].tolist() == [2, 4]
    assert any("A (n=2)" in note for note in ratio.notes)

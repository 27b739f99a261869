"""Hostile inputs around weights, summaries, intervals, routing and the writers.

Each test here once gave a wrong number, a misleading message or markup out of a label;
each now gets the truth or a clear tracktr error.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

# -- Markdown: a label is shown as written --------------------------------------------------

_EMPHASIS_LABELS = ["*bold*", "_draft_", "`code`", "~~gone~~", "snake_case_name", "2*3"]
_ESCAPED = ["\\*bold\\*", "\\_draft\\_", "\\`code\\`", "\\~\\~gone\\~\\~"]


def _emphasis_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "The *members* survey",
            "respondent_id": "id",
            "questions": [
                {"id": "q", "type": "single", "text": "Which `one`?", "options": _EMPHASIS_LABELS}
            ],
        }
    )


def _emphasis_data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": range(12),
            "q": _EMPHASIS_LABELS * 2,
            "g": ["__x__", "y"] * 6,
        }
    )


def _check_escaped(markdown: str) -> None:
    for escaped in _ESCAPED:
        assert escaped in markdown
    assert "snake_case_name" in markdown  # intraword underscores open nothing: left as is
    assert "2\\*3" in markdown
    assert "| *bold*" not in markdown
    assert "| `code`" not in markdown


def test_table_and_codebook_markdown_escape_emphasis() -> None:
    table = tt.frequencies(_emphasis_data(), "q", survey=_emphasis_survey())
    _check_escaped(table.to_markdown())
    _check_escaped(_emphasis_survey().to_markdown())
    html = table.to_html()  # HTML is not Markdown: nothing to escape there
    assert '<th scope="row">*bold*</th>' in html
    assert "\\*" not in html
    assert "~~gone~~" in html


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_report_and_tab_book_files_escape_emphasis(tmp_path: Path, suffix: str) -> None:
    data, survey = _emphasis_data(), _emphasis_survey()
    comparison = tt.compare_groups(data, "q", "g", survey=survey)
    report = tt.io.write_report([comparison], tmp_path / f"r{suffix}").read_text("utf-8")
    book = tt.tabbook(data, survey, banners=["g"]).write(tmp_path / f"b{suffix}")
    for text in (report, book.read_text("utf-8")):
        if suffix == ".md":
            _check_escaped(text)
            assert "\\_\\_x\\_\\_" in text
        else:
            assert "*bold*" in text
            assert "__x__" in text
            assert "\\*" not in text


def test_findings_markdown_escapes_emphasis() -> None:
    figures = pd.DataFrame(
        {
            "id": ["n", "p"],
            "kind": ["base", "percent"],
            "source": ["Graph 1", "Table *2* of `the` ~~report~~"],
            "value": [None, 94],
            "base": [19, 19],
        }
    )
    markdown = tt.check.report(figures).render("markdown")
    assert "Table \\*2\\* of \\`the\\` \\~\\~report\\~\\~" in markdown


# -- routing: a set answered by someone not asked names its cells ---------------------------

_ROUTED_SET = {
    "title": "Routed",
    "respondent_id": "rid",
    "questions": [
        {"id": "a", "type": "single", "text": "A?", "options": ["Yes", "No"]},
        {"id": "m", "type": "multi", "text": "M?", "options": ["x", "y", "z"],
         "ask_if": {"question": "a", "in": ["Yes"]}},
        {"id": "d", "type": "multi", "form": "delimited", "separator": ";", "text": "D?",
         "options": ["x", "y"], "ask_if": {"question": "a", "in": ["Yes"]}},
        {"id": "s", "type": "multi", "form": "slots", "slots": ["s_1", "s_2"], "text": "S?",
         "options": ["x", "y"], "ask_if": {"question": "a", "in": ["Yes"]}},
    ],
}  # fmt: skip


def _routed_frame(rows: int) -> pd.DataFrame:
    # Respondent 2 was not asked (a = "No") but holds m_2 = 1, m_3 = 0, d = "y", s_2 = "x";
    # its first columns (m_1, s_1) are blank, which the failures once named with None. Its
    # m_3 = 0 is an unticked box, no answer (it was listed as one).
    small = pd.DataFrame(
        {"rid": [1, 2], "a": ["Yes", "No"], "m_1": [1, None], "m_2": [0, 1], "m_3": [0, 0],
         "d": ["x", "y"], "s_1": ["x", None], "s_2": [None, "x"]}
    )  # fmt: skip
    frame = pd.concat([small] * (rows // 2), ignore_index=True)
    return frame.assign(rid=range(1, len(frame) + 1))


@pytest.mark.parametrize("rows", [2, 2_400])  # the cell-by-cell and the vectorised paths
def test_a_set_answered_when_not_asked_names_each_answering_column(rows: int) -> None:
    survey = tt.Survey.from_dict(_ROUTED_SET)
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"answered_not_asked: question 'm', column 'm_2', respondent 2: 1;",
    ) as caught:
        survey.validate(_routed_frame(rows))
    assert "Hint: routing (ask_if) says some respondents were not asked ['m', 'd', 's']" in str(
        caught.value
    )
    failures = caught.value.failures
    first = failures[failures["respondent_id"] == 2]
    assert first[["question", "column", "value", "check"]].to_numpy().tolist() == [
        ["m", "m_2", 1, "answered_not_asked"],
        ["d", "d", "y", "answered_not_asked"],
        ["s", "s_2", "x", "answered_not_asked"],
    ]
    assert len(failures) == 3 * rows // 2  # every not-asked row, no other failure


# -- summarise: the spread of integers beyond float precision -------------------------------


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([2**62, 2**62 + 1]),  # int64
        pd.Series([2**62, "<skipped>", 2**62 + 1], dtype=object),  # a marker made it object
        pd.Series([str(2**62), str(2**62 + 1)], dtype=object),  # integer text
        pd.Series([2**70, 2**70 + 1], dtype=object),  # beyond int64
    ],
)
def test_summarise_keeps_the_spread_of_integers_beyond_2_53(column: pd.Series) -> None:
    # SD of two values one apart: sqrt(1/2) (statistics.stdev([0, 1]))
    stats = tt.summarise(pd.DataFrame({"x": column}), "x").statistics.loc["All"]
    assert stats["sd"] == pytest.approx(0.5**0.5, rel=1e-12)
    assert stats["n"] == 2


def test_summarise_on_an_engine_keeps_the_spread_of_integers_beyond_2_53() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"x": [2**62, 2**62 + 1, 2**62 + 1], "g": ["a", "a", "b"]})
    stats = tt.summarise(frame, "x", by="g").statistics
    assert stats.loc["a", "sd"] == pytest.approx(0.5**0.5, rel=1e-12)
    assert stats.loc["All", "sd"] == pytest.approx((1 / 3) ** 0.5, rel=1e-12)


def test_summarise_refuses_a_list_with_a_tracktr_error() -> None:
    with pytest.raises(tt.InvalidDataError, match=r"`data` must be a pandas DataFrame; got list"):
        tt.summarise([2**62, 2**62 + 1], "x")  # type: ignore[arg-type]


# -- weights: margins are shares (summing to 1) or counts -----------------------------------


def test_rake_reads_a_margin_of_ones_as_counts() -> None:
    # Before: every value at most 1 was read as shares, and 1 + 1 + 1 was refused.
    df = pd.DataFrame({"size": ["a", "a", "b", "c"]})
    raked = tt.weights.rake(df, {"size": {"a": 1, "b": 1, "c": 1}})
    assert raked.weights.tolist() == pytest.approx([0.5, 0.5, 1.0, 1.0])
    assert raked.weights.sum() == pytest.approx(3.0)
    # R survey's rake takes population counts (a table or data frame with Freq) and calls
    # postStratify margin by margin: with one margin, each category's weights sum to its Freq.


@pytest.mark.parametrize(
    ("margin", "match"),
    [
        ({"a": 0.5, "b": 0.4}, r"margin 'size': shares sum to 0.9, not 1 .* ambiguous"),
        ({"a": 1, "b": 0.5}, r"(?s)shares sum to 1.5, not 1 .*Hint: if they are shares"),
        ({"a": 0, "b": 0}, r"margin 'size': the values .* add up to 0: no population"),
    ],
)
def test_rake_refuses_an_ambiguous_or_empty_margin(margin: dict[str, float], match: str) -> None:
    df = pd.DataFrame({"size": ["a", "b"]})
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.weights.rake(df, {"size": margin})


def test_count_margins_must_share_their_total_and_shares_take_it() -> None:
    df = pd.DataFrame({"size": ["a", "b", "b"], "region": ["N", "N", "S"]})
    with pytest.raises(tt.InvalidOptionError, match=r"margin 'region' adds up to 2, but"):
        tt.weights.rake(df, {"size": {"a": 1, "b": 2}, "region": {"N": 1, "S": 1}})
    raked = tt.weights.rake(df, {"size": {"a": 1, "b": 2}, "region": {"N": 0.5, "S": 0.5}})
    assert raked.weights.sum() == pytest.approx(3.0)


def test_compare_population_reads_a_population_of_ones_as_counts() -> None:
    df = pd.DataFrame({"q": ["a", "b", "c", "c"]})
    result = tt.design.compare_population(df, "q", {"a": 1, "b": 1, "c": 1})
    assert result.to_frame()["population_share"].tolist() == pytest.approx([1 / 3] * 3)


def test_a_margin_of_numpy_booleans_is_refused() -> None:
    df = pd.DataFrame({"size": ["a", "b"]})
    with pytest.raises(tt.InvalidCountsError, match=r"every count or share must be a number"):
        tt.weights.rake(df, {"size": {"a": np.True_, "b": np.False_}})


# -- proportion_ci: exact whole numbers are counts; True/False and fractions are not ---------


@pytest.mark.parametrize("count", [Decimal(3), Fraction(3), Fraction(6, 2), np.int8(3), 3.0])
def test_proportion_ci_reads_an_exact_whole_number_as_a_count(count: object) -> None:
    # Before: Decimal(3) and Fraction(3) were refused as "not a number".
    assert tt.proportion_ci(count, Decimal(10)) == tt.proportion_ci(3, 10)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("count", "match"),
    [
        (True, r"`count` must be a number; got True: True/False is not a count"),
        (np.True_, r"got np.True_: True/False is not a count"),
        (Decimal("2.5"), r"`count` given as an exact number must be whole; got Decimal\('2.5'\)"),
        (Fraction(5, 2), r"must be whole; got Fraction\(5, 2\)"),
        (Decimal("NaN"), r"`count` must be a finite number; got Decimal\('NaN'\)"),
        ("3", r"`count` must be a number; got '3' of type str"),
    ],
)
def test_proportion_ci_refuses_what_is_not_a_count(count: object, match: str) -> None:
    with pytest.raises(tt.InvalidCountsError, match=match):
        tt.proportion_ci(count, 10)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("counts", "match"),
    [
        ([True, 2], r"`count\[0\]` must be a number; got True: True/False is not a count"),
        (np.array([True, False]), r"`count` must hold numbers; got an array of bool"),
        (["3", "2"], r"`count\[0\]` must be a number; got '3'"),
        ([Decimal("2.5"), 1], r"`count\[0\]` given as an exact number must be whole"),
        ([[1], [1, 2]], r"`count\[0\]` must be a number; got \[1\]"),
    ],
)
def test_array_intervals_refuse_what_is_not_a_count(counts: object, match: str) -> None:
    from tracktr.compare._intervals import proportion_intervals

    with pytest.raises(tt.InvalidCountsError, match=match):
        proportion_intervals(counts, [10, 10])  # type: ignore[arg-type]


# -- weights: hostile starting weights, totals and limits -----------------------------------

_SIZES = pd.DataFrame({"size": ["a", "a", "b", "c"]})
_COUNTS = {"size": {"a": 10, "b": 5, "c": 5}}


@pytest.mark.parametrize(
    ("w", "match"),
    [
        (["1", 1, 1, 1], r"`w` must hold numbers; rows \[0\] hold \['1'\]"),
        ([True, False, True, True], r"`w` must hold numbers; rows \[0, 1, 2, 3\]"),
        (pd.Series([1, "x", 1, 1], dtype=object), r"rows \[1\] hold \['x'\]"),
        (pd.array([1, None, 1, 1], dtype="Int64"), r"`w` must be finite and not negative"),
    ],
)
def test_rake_refuses_starting_weights_that_are_not_numbers(w: object, match: str) -> None:
    # Before: "1" and True were read as 1 and "x" raised a bare ValueError.
    with pytest.raises(tt.InvalidWeightsError, match=match):
        tt.weights.rake(_SIZES.assign(w=w), _COUNTS, weights="w")


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"population": True}, r"`population` must be a positive finite number; got True"),
        ({"population": float("inf")}, r"`population` must be a positive finite number; got inf"),
        ({"trim": (None, float("nan"))}, r"`trim` must be a number or None; got nan"),
    ],
)
def test_rake_refuses_a_population_or_trim_that_is_no_number(
    options: dict[str, object], match: str
) -> None:
    shares = {"size": {"a": 0.5, "b": 0.25, "c": 0.25}}
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.weights.rake(_SIZES, shares, **options)  # type: ignore[arg-type]


def test_rake_refuses_a_missing_category_and_ignores_unused_categories() -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"lists a missing category \[nan\]"):
        tt.weights.rake(_SIZES, {"size": {"a": 1, "b": 1, "c": 1, float("nan"): 0}})
    unused = _SIZES.assign(size=pd.Categorical(_SIZES["size"], categories=["a", "b", "c", "d"]))
    raked = tt.weights.rake(unused, _COUNTS)  # no pandas deprecation warning either
    assert raked.weights.tolist() == [5.0, 5.0, 5.0, 5.0]


@pytest.mark.parametrize(
    ("total", "x", "error", "match"),
    [
        (float("nan"), [1.0, 2, 3, 4], tt.InvalidOptionError, r"finite number or a mapping"),
        (float("inf"), [1.0, 2, 3, 4], tt.InvalidOptionError, r"finite number or a mapping"),
        (10.0, ["1", 2, 3, 4], tt.InvalidCountsError, r"`x` must hold numbers; rows \[0\]"),
        (3.0, [True, False, True, True], tt.InvalidCountsError, r"`x` must hold numbers"),
    ],
)
def test_calibrate_refuses_totals_and_columns_that_are_no_numbers(
    total: float, x: list[object], error: type[Exception], match: str
) -> None:
    # Before: a NaN total warned "did not meet the margins (largest gap 0)"; "1" and True
    # were read as numbers.
    with pytest.raises(error, match=match):
        tt.weights.calibrate(_SIZES.assign(x=x), {"x": total})


def test_calibrate_takes_an_exact_total() -> None:
    frame = _SIZES.assign(x=[1.0, 2, 3, 4])
    exact = tt.weights.calibrate(frame, {"x": Decimal(12)})
    assert exact.weights.tolist() == tt.weights.calibrate(frame, {"x": 12.0}).weights.tolist()


@pytest.mark.parametrize("w", [[True, True], ["1", "2"]])
def test_diagnostics_and_trim_refuse_weights_that_are_no_numbers(w: list[object]) -> None:
    with pytest.raises(tt.InvalidWeightsError, match=r"`weights` must hold numbers"):
        tt.weights.diagnostics(w)  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidWeightsError, match=r"`weights` must hold numbers"):
        tt.weights.trim(w, upper=1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ["pandas", "polars"])
def test_summarise_of_values_near_the_float_limit(engine: str) -> None:
    # Before: the pandas path raised a bare OverflowError (the exact path subtracted
    # floats as Fractions) and the engine path gave SD NaN with overflow warnings.
    values = [1e308, -1e308, 5e307]
    frame = pd.DataFrame({"x": values})
    if engine == "polars":
        frame = pytest.importorskip("polars").from_pandas(frame)
    stats = tt.summarise(frame, "x").statistics.loc["All"]
    # statistics.stdev overflows here too; the SD of [2, -2, 1] is sqrt(13/3), scaled.
    assert stats["sd"] == pytest.approx((13 / 3) ** 0.5 * 0.5e308, rel=1e-12)
    assert (stats["min"], stats["median"], stats["max"]) == (-1e308, 5e307, 1e308)


# -- proportion_ci: whole numbers beyond 2**53 and the small-base option --------------------


def test_proportion_ci_compares_large_whole_counts_exactly() -> None:
    # Before: 2**62 + 2 of a base of 2**62 + 1 passed (both read as the float 2**62), and
    # the interval reported the count 2**62.
    with pytest.raises(tt.InvalidBaseError, match=r"`count` \(4611686018427387906\) is larger"):
        tt.proportion_ci(2**62 + 2, 2**62 + 1)
    ci = tt.proportion_ci(2**62 + 1, 2**62 + 2)
    assert (ci.count, ci.base) == (2**62 + 1, 2**62 + 2)
    with pytest.raises(tt.InvalidBaseError, match=r"`count1` .* is larger than `base1`"):
        tt.compare_proportions(2**62 + 2, 2**62 + 1, 1, 2)


@pytest.mark.parametrize("small_base", [True, float("nan"), -1, 2.5])
def test_proportion_ci_and_summarise_check_small_base(small_base: object) -> None:
    # Before: True and NaN were taken (NaN flagged nothing); tt.Table refused them.
    match = r"`small_base` must be a whole number of respondents, at least 0"
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.proportion_ci(3, 10, small_base=small_base)  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.summarise(pd.DataFrame({"x": [1, 2]}), "x", small_base=small_base)  # type: ignore[arg-type]


# -- recode.band: edges are numbers, compared exactly ---------------------------------------


def test_band_edges_beyond_2_53_are_compared_exactly() -> None:
    # Before: 2**62 and 2**62 + 1 were refused as "not strictly increasing" (one float).
    edges = [0, 2**62, 2**62 + 1]
    cells = pd.Series([1, 2**62, 2**62 + 1], dtype=object)
    banded = tt.recode.band(cells, edges).tolist()
    assert banded[1] == "4,611,686,018,427,387,904 to under 4,611,686,018,427,387,905"
    assert banded[2] == "4,611,686,018,427,387,905 and over"


@pytest.mark.parametrize("edges", [[True, 5], ["5", 10], "05", 5])
def test_band_refuses_edges_that_are_no_numbers(edges: object) -> None:
    # Before: True was the edge 1 and "5" the edge 5.
    with pytest.raises(tt.InvalidOptionError, match=r"`edges` must be numbers; got"):
        tt.recode.band(pd.Series([1, 2]), edges)  # type: ignore[arg-type]


def test_describe_comparison_keeps_a_label_with_a_line_break_on_one_line() -> None:
    result = tt.compare_proportions(3, 10, 5, 10, labels=("tier\n2", "tier\r\n3"))
    sentence = tt.describe_comparison(result)
    assert "30% of tier 2 (3 of 10)" in sentence
    assert "50% of tier 3 (5 of 10)" in sentence
    assert "\n" not in sentence


# -- writers: what is not a table, and sheet names ------------------------------------------


def test_write_workbook_of_a_mapping_names_the_fix(tmp_path: Path) -> None:
    # Before: a bare TypeError ("got str"), the mapping's keys taken for tables.
    table = tt.frequencies(pd.DataFrame({"q": ["a", "b"]}), "q")
    with pytest.raises(tt.InvalidDataError, match=r"(?s)got str\..*Hint: pass a list of tables"):
        tt.io.write_workbook({"one": table}, tmp_path / "w.xlsx")  # type: ignore[arg-type]


def test_sheet_names_hold_one_line_and_avoid_excels_reserved_name() -> None:
    from tracktr.io.excel import sheet_name

    assert sheet_name("Q1\nfunding\tincome") == "Q1 funding income"
    assert sheet_name("History") == "History (2)"  # Excel reserves "History"


def test_a_banner_named_by_a_number_gets_a_hint() -> None:
    frame = pd.DataFrame({"q": ["y", "n"] * 3, 1: ["a"] * 3 + ["b"] * 3})
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)got 1\..*data.rename\(columns=str\)"):
        tt.compare_groups(frame, "q", 1)  # type: ignore[arg-type]
    renamed = frame.rename(columns=str)
    assert len(tt.compare_groups(renamed, "q", "1").to_frame()) > 0


def test_a_margin_series_with_repeated_categories_is_refused() -> None:
    # Before: Series.to_dict() kept the last 'a' and dropped the other, silently.
    repeated = pd.Series([1, 2, 3], index=["a", "a", "b"])
    frame = pd.DataFrame({"s": ["a", "b"]})
    match = r"the categories \['a'\] are listed more than once"
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.weights.rake(frame, {"s": repeated})
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.design.compare_population(frame, "s", repeated)

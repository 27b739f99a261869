"""Hostile inputs to the views of a table: each gave a wrong number or lost its base.

Found by a hostile probe (waves, recodes, nets and exports); each test gives the right
arithmetic and says what the old code did.
"""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt

TICKS = pd.DataFrame({
    "a": [1, 1] + [0] * 8, "b": [1, 1] + [0] * 8, "c": [0, 0, 1, 1, 1] + [0] * 5,
})  # fmt: skip


def test_cumulative_percentages_refuse_a_table_that_is_not_a_partition() -> None:
    # Before: 2 respondents ticking both A and B were added twice: "A or B" 40%, not 20%.
    table = tt.multi_response(TICKS, "set", columns=["a", "b", "c"], options=["A", "B", "C"],
                              empty="answered")  # fmt: skip
    with pytest.raises(tt.InvalidOptionError, match=r"'set'.*not a partition.*more than one"):
        tt.cumulative_percentages(table)
    single = tt.frequencies(pd.DataFrame({"v": ["x", "y", "y", "z"]}), "v", options=list("xyz"))
    nets = tt.net_table(single, {"x or y": ["x", "y"], "y or z": ["y", "z"]})
    with pytest.raises(tt.InvalidOptionError, match="not a partition"):
        tt.cumulative_percentages(nets)
    assert tt.cumulative_percentages(single)["All"].tolist() == [25.0, 75.0, 100.0]


SCALE = ["Very good", "Good", "Poor", "Not sure"]
RATINGS = pd.DataFrame({"v": ["Very good", "Good", "Poor", "Poor", "Poor", "Not sure"]})


def test_mean_scores_refuse_a_scale_option_without_a_score() -> None:
    # Before: "Poor" forgotten left 3 of the 5 answers on the scale out: 2.5 on a base of 2,
    # not 1.6 on a base of 5, without a word.
    table = tt.frequencies(RATINGS, "v", options=SCALE)
    with pytest.raises(
        tt.InvalidOptionError, match=r"\['Poor', 'Not sure'\] of the table of 'v' have no score"
    ):
        tt.mean_scores(table, {"Very good": 3, "Good": 2})
    scored = tt.mean_scores(table, {"Very good": 3, "Good": 2, "Poor": 1}, dont_know=["Not sure"])
    assert scored.loc["All", "mean"] == pytest.approx(8 / 5)
    assert scored.loc["All", "base"] == 5


def test_a_codebook_refuses_scores_that_leave_a_scale_option_out() -> None:
    # Before: accepted, and the tab book's mean scores left "Poor" out of mean and base.
    options = [*SCALE[:3], {"label": "Not sure", "dont_know": True}]
    question = {"id": "v", "type": "ordinal", "text": "Rating?", "options": options,
                "scores": {"Very good": 3, "Good": 2}}  # fmt: skip
    with pytest.raises(tt.CodebookError, match=r"no score to \['Poor'\]"):
        tt.Survey.from_dict({"title": "S", "questions": [question]})
    question["scores"] = {"Very good": 3, "Good": 2, "Poor": 1}
    group = {"id": "g", "type": "single", "text": "Group?", "options": ["x", "y"]}
    survey = tt.Survey.from_dict({"title": "S", "questions": [question, group]})
    data = RATINGS.assign(g=["x", "y"] * 3)
    book = tt.tabbook(data, survey, banners=["g"], nets=True)  # "Not sure" is don't know
    [section] = [s for s in book.sections if s.question == "v"]
    rows = {label: cells for label, _, cells in section.rows}
    assert rows["Mean score"][0] == "1.60"  # 8 / 5, the Total column
    assert rows["Mean score base"][0] == "5 *"  # 5 scored answers: a small base


def test_the_wide_frame_ends_with_the_bases() -> None:
    # Before: the documented "base in a last row" was not there: the percentages left
    # without what they are percentages of.
    df = pd.DataFrame({"v": ["Yes", "No", "Yes"], "g": ["a", "b", "a"]})
    wide = tt.frequencies(df, "v", options=["Yes", "No"], by="g").to_frame()
    assert wide.index.tolist() == ["Yes", "No", "Base"]
    assert wide.loc["Base", ("a", "count")] == 2
    assert wide.loc["Base", ("All", "count")] == 3
    assert pd.isna(wide.loc["Base", ("All", "percent")])


def test_a_latex_label_or_note_starting_with_a_star_keeps_it() -> None:
    # Before: "\\ *Starred option" is LaTeX's starred line break: the star was lost.
    df = pd.DataFrame({"v": ["*Starred option", "x"]})
    table = tt.frequencies(df, "v", options=["x", "*Starred option"]).with_notes("*Weighted")
    latex = tt.io.table_to_latex(table)
    assert "\\\\\n{}*Starred option" in latex or "{}*Starred option" in latex
    assert "{}*Weighted" in latex


def test_a_net_given_as_text_is_refused() -> None:
    # Before: {"AB": "AB"} was read letter by letter: the net of options A and B.
    table = tt.frequencies(pd.DataFrame({"v": ["A", "B", "C"]}), "v", options=["A", "B", "C"])
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)net 'AB'.*the text 'AB'.*\['AB'\]"):
        tt.net_table(table, {"AB": "AB"})


def test_a_net_with_no_options_is_refused() -> None:
    # Before: a 0% row nobody could be in (tt.recode.nets refuses it too).
    table = tt.frequencies(pd.DataFrame({"v": ["A", "B"]}), "v", options=["A", "B"])
    with pytest.raises(tt.InvalidOptionError, match="net 'None of them' of 'v' has no options"):
        tt.net_table(table, {"None of them": []})


def test_latex_keeps_dashes_and_quotes_as_written() -> None:
    # Before: "2015--16" printed an en dash and ``as written'' curly quotes.
    assert tt.io.latex.escape("2015--16 ``a''") == "2015-{}-16 `{}`a'{}'"
    assert tt.io.latex.escape("a---b") == "a-{}-{}-b"


def test_the_wide_frame_of_a_grid_leaves_the_average_rows_base_blank() -> None:
    # Before the base column was blanked for summary rows, AVERAGE showed a base of 12, a
    # common denominator of the items' 3 and 2 that no respondents make up.
    impact = pd.DataFrame({"men": ["Worsened", "No change", "Worsened"],
                           "women": ["Improved", "Worsened", None]})  # fmt: skip
    grid = tt.grid(impact, "impact", columns=["men", "women"], items=["Men", "Women"],
                   options=["Improved", "No change", "Worsened"], average=True)  # fmt: skip
    base = grid.to_frame()[("Base", "count")]
    assert base.loc["Men"] == 3
    assert base.loc["Women"] == 2
    assert pd.isna(base.loc["AVERAGE"])


def test_levels_print_as_given_and_no_p_value_prints_as_zero() -> None:
    # Before: level 0.999 read "100% CI" (and 0.995 "100%" in a GroupComparison); a
    # p-value of 0.0012 read "p = 0.00".
    interval = tt.proportion_ci(3, 10, level=0.999)
    assert "99.9% wilson CI" in repr(interval)
    comparison = tt.compare_proportions(13, 60, 30, 60)
    sentence = tt.describe_comparison(comparison)
    assert "p = 0.001)" in sentence
    assert "p = 0.00)" not in sentence
    table = tt.Table(counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
                     bases=pd.Series({"A": 40, "B": 40}))  # fmt: skip
    assert "significant at 99.5%" in repr(tt.compare_table(table, level=0.995))


def test_a_respondent_of_weight_zero_sets_no_extreme() -> None:
    # Before: max 1000, from the respondent weighted 0 (R's svyquantile(~x, 1) gives 3);
    # the mean (2) and its standard error (0.5443, as R's svymean) are unchanged.
    df = pd.DataFrame({"x": [1, 2, 3, 1000], "w": [1.0, 1.0, 1.0, 0.0]})
    row = tt.summarise(df, "x", weights="w").to_frame().loc["All"]
    assert (row["min"], row["max"], row["mean"]) == (1, 3, 2)
    assert row["n"] == 4  # respondents, as a table's unweighted base counts them


@pytest.mark.parametrize(
    ("p", "shown"),
    [(0.0012, "p = 0.001"), (0.0467, "p = 0.047"), (0.0496, "p = 0.0496"), (0.2, "p = 0.20"),
     (0.04999999, "p = 0.04999999"), (0.0004, "p < 0.001")],
)  # fmt: skip
def test_a_printed_p_value_is_on_the_side_of_the_threshold_it_is(p: float, shown: str) -> None:
    # Before: 0.0467 printed "p = 0.05" beside "significant at 95%".
    from tracktr.describe import _p_text

    assert _p_text(p, 0.95) == shown

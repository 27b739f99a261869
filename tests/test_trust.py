"""Hostile inputs that once gave a wrong answer silently: each now gets an error or the truth.

Python hashes ``True`` as ``1``, so sets, dicts, ``pd.unique`` and ``pd.factorize`` merge
True with 1; exact types (Decimal, Fraction) lose digits through float64; open bounds print
as None; writers must not pass markup or control characters through.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt

# -- True is not 1 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cells",
    [[True, 1, False, 0], [1, True], [0.0, False, "x"], [1.0, True]],
)
def test_a_column_mixing_booleans_and_numbers_is_refused(cells: list[object]) -> None:
    df = pd.DataFrame({"q": pd.Series(cells, dtype=object)})
    with pytest.raises(tt.InvalidDataError, match=r"question 'q' holds both True/False \(rows"):
        tt.frequencies(df, "q")


def test_a_banner_mixing_booleans_and_numbers_is_refused() -> None:
    df = pd.DataFrame({"q": ["a", "b", "a"], "g": pd.Series([True, 1, 0], dtype=object)})
    with pytest.raises(tt.InvalidDataError, match=r"question 'g' holds both True/False"):
        tt.crosstab(df, "q", "g")


def test_booleans_and_numbers_apart_are_counted_as_before() -> None:
    assert tt.frequencies(pd.DataFrame({"q": [True, False, True]}), "q").counts["All"].tolist() == [
        1,
        2,
    ]
    df = pd.DataFrame({"q": pd.Series([1, 0, 1.0, "x"], dtype=object)})
    # 1 and 1.0 are the same number: counted together, as numpy would.
    assert tt.frequencies(df, "q", options=[0, 1, "x"]).counts["All"].tolist() == [1, 2, 1]


def test_number_options_do_not_claim_boolean_answers() -> None:
    df = pd.DataFrame({"q": [True, False, True]})
    with pytest.raises(
        tt.UnknownValueError, match=r"value\(s\) \[True, False\] are not among its options \[1, 0\]"
    ):
        tt.frequencies(df, "q", options=[1, 0])


def test_boolean_and_number_options_are_refused_with_the_reason() -> None:
    df = pd.DataFrame({"q": pd.Series([True, 2], dtype=object)})
    assert tt.frequencies(df, "q", options=[True, 2]).counts["All"].tolist() == [1, 1]
    with pytest.raises(
        tt.InvalidOptionError, match=r"options \[True\] beside the number\(s\) \[1\]"
    ):
        tt.frequencies(df, "q", options=[True, 1, 2])


@pytest.mark.parametrize(
    ("cells", "mapping", "match"),
    [
        (
            [True, False],
            {"one": [1], "zero": [0]},
            r"the mapping names the number\(s\) \[1, 0\] but the series holds True/False",
        ),
        (
            [1, 0],
            {"yes": [True], "no": [False]},
            r"names True/False \[True, False\] but the series holds the number\(s\) \[1, 0\]",
        ),
        (
            [True, 1],
            {"yes": [True]},
            r"the series holds both True/False \(rows 0\) and the number\(s\) \[1\]",
        ),
        (
            ["a"],
            {"y": [True], "n": [1]},
            r"the mapping names both True/False and the number\(s\) \[1\]",
        ),
    ],
)
def test_collapse_keeps_booleans_and_numbers_apart(
    cells: list[object], mapping: dict[str, list[object]], match: str
) -> None:
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.recode.collapse(pd.Series(cells, dtype=object), mapping, other="Other")  # type: ignore[arg-type]


def test_nets_keep_booleans_and_numbers_apart() -> None:
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"`nets` names the number\(s\) \[1, 0\] but the series holds True/False",
    ):
        tt.recode.nets(pd.Series([True, False]), {"Any": [1]}, options=[1, 0])  # type: ignore[list-item]


def test_collapse_suggestion_names_text_and_numbers_apart() -> None:
    with pytest.raises(
        tt.InvalidOptionError, match=r"\(the text '1': did you mean the number 1\?\)"
    ):
        tt.recode.collapse(pd.Series([1, 2]), {"one": ["1"]}, other="Other")
    with pytest.raises(tt.InvalidOptionError, match=r"\('yes': did you mean 'Yes'\?\)"):
        tt.recode.collapse(pd.Series(["Yes", "No"]), {"Y": ["yes"], "N": ["No"]})


# -- empty sets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "match"),
    [
        (
            {"columns": []},
            r"question 'set': a multi-response set needs at least one option; got `columns=\[\]`",
        ),
        ({"options": [], "separator": ";"}, r"needs at least one option; got `options=\[\]`"),
    ],
)
def test_multi_response_of_no_options_is_refused(options: dict[str, object], match: str) -> None:
    df = pd.DataFrame({"set": ["a;b"], "a": [1]})
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.multi_response(df, "set", **options)  # type: ignore[arg-type]


# -- exact counts stay exact --------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "base", "rule", "expected"),
    [
        # 1/8 is 12.5% exactly: half-even gives 12, as for the integers 1 and 8.
        ([Fraction(1, 8)], 1, "half_even", [12.0]),
        ([Decimal("0.125")], Decimal(1), "half_even", [12.0]),
        # 12.5000000000000001% is above the half: 13 by every rule but floor. Through a
        # float64 it was 12.5, and half-even gave 12.
        ([Decimal("0.125000000000000001")], 1, "half_even", [13.0]),
        ([Decimal("0.125000000000000001")], 1.0, "half_down", [13.0]),
        ([Fraction(1, 3), Fraction(2, 3)], None, "largest_remainder", [33.0, 67.0]),
        # 28 digits are all Decimal arithmetic keeps; the exact integer path keeps more.
        ([Decimal("1" + "0" * 40), Decimal("7" + "0" * 40)], None, "half_even", [12.0, 88.0]),
    ],
)
def test_decimal_and_fraction_counts_are_rounded_exactly(
    counts: list[object], base: object, rule: str, expected: list[float]
) -> None:
    assert tt.percentages(counts, base, rule=rule).tolist() == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("counts", "error", "match"),
    [
        (
            [Decimal("NaN"), Decimal(1)],
            tt.InvalidCountsError,
            r"finite numbers; got \[Decimal\('NaN'\)\]",
        ),
        (
            [Fraction(-1, 2), Fraction(1)],
            tt.InvalidCountsError,
            r"not be negative; got \[Fraction\(-1, 2\)\]",
        ),
    ],
)
def test_exact_counts_that_cannot_be_counts_are_refused(
    counts: list[object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        tt.percentages(counts)


# -- open bounds are not None -------------------------------------------------------------


def test_an_open_bound_is_left_out_of_the_message() -> None:
    survey = tt.Survey.from_dict(
        {
            "respondent_id": "id",
            "questions": [{"id": "n", "type": "numeric", "min": 0, "text": "N?"}],
        }
    )
    with pytest.raises(
        tt.SurveyValidationError, match=r"expected a number of at least 0\n"
    ) as error:
        survey.validate(pd.DataFrame({"id": [1, 2], "n": [-1, 5]}))
    assert "None" not in str(error.value)
    with pytest.raises(tt.InvalidOptionError, match=r"cannot all be at most 1\.0\.\n"):
        tt.weights.trim([1.0, 1.0, 1.0, 5.0], upper=1.0)
    with pytest.raises(tt.InvalidOptionError, match=r"cannot all be at least 3\.0\.\n"):
        tt.weights.trim([1.0, 1.0, 1.0, 5.0], lower=3.0)


# -- a figures file cut off mid-row -------------------------------------------------------

_FIGURES = "id,kind,source,value,base\nn,base,Graph 1,,19\nyes,percent,Graph 1,94,19\n"


def test_a_figures_file_cut_off_mid_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(_FIGURES + "no,percent,Gr", encoding="utf-8")
    match = r"row 4 \('no,percent,Gr'\) has 3 of the 5 fields of the header .* cut off"
    with pytest.raises(tt.ReadError, match=match):
        tt.reference.read_figures(path)
    with pytest.raises(tt.ReadError, match=match):
        tt.check.report(path)


@pytest.mark.parametrize("text", [_FIGURES, _FIGURES.rstrip("\n"), _FIGURES + "m,base,,,\n"])
def test_a_complete_figures_file_is_read_with_or_without_a_final_newline(
    tmp_path: Path, text: str
) -> None:
    # A row whose trailing blank cells are left out ("m,base") is refused, newline or not:
    # it reads the same as a row whose cells were lost (test_report.py,
    # test_a_row_with_fewer_fields_than_the_header_is_refused); with their commas it is read.
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    assert tt.reference.read_figures(path)["yes"].value == 94


# -- hostile labels in every writer -------------------------------------------------------

_HOSTILE = [
    "<script>alert(1)</script>",
    "a|b",
    "red\x1b[31m",
    "evil\u202etxt.exe",
    "=cmd|' /C calc'!A0",
]
_UNPRINTABLE = ("\x1b", "\u202e")


def _hostile_table() -> tt.Table:
    counts = pd.DataFrame({"<b>All</b>": [1, 2, 3, 4, 5]}, index=_HOSTILE)
    return tt.Table(
        counts=counts,
        bases=pd.Series({"<b>All</b>": 15}),
        title="<img src=x onerror=alert(1)>\u202e",
        question="q",
    ).with_notes("<script>note()</script> a|b \x1b[0m")


def _check_html(text: str) -> None:
    assert "<script" not in text
    assert "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert not any(ch in text for ch in _UNPRINTABLE)


def _check_markdown(text: str) -> None:
    assert "<script" not in text
    assert "<img" not in text
    assert "<b>" not in text
    assert "&lt;script>alert(1)&lt;/script>" in text
    assert "a\\|b" in text
    assert not any(ch in text for ch in _UNPRINTABLE)
    # Every row of a pipe table has as many cells as its header: no label split a cell.
    for block in text.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        widths = {len(re.split(r"(?<!\\)\|", line)) for line in rows}
        assert len(widths) <= 1, block


def test_table_markdown_and_html_escape_hostile_labels() -> None:
    table = _hostile_table()
    _check_markdown(table.to_markdown())
    _check_html(table.to_html())
    latex = table.to_latex()
    assert not any(ch in latex for ch in _UNPRINTABLE)


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_report_files_escape_hostile_labels(tmp_path: Path, suffix: str) -> None:
    table = _hostile_table()
    comparison = tt.compare_groups(
        pd.DataFrame({"q": ["<script>x</script>", "a|b"] * 4, "g": ["<i>g</i>", "h"] * 4}),
        "q",
        "g",
    )
    path = tt.io.write_report([table, comparison], tmp_path / f"r{suffix}", title="<script>t")
    text = path.read_text(encoding="utf-8")
    (_check_html if suffix == ".html" else _check_markdown)(text)
    assert "<i>g" not in text


def test_excel_removes_control_characters_and_neutralises_formulas(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "t.xlsx"
    _hostile_table().to_excel(path)
    values = [
        str(cell.value)
        for row in openpyxl.load_workbook(path).active.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    # The text as written, in a string cell with the quote prefix (before: "'=cmd|...").
    assert "=cmd|' /C calc'!A0" in values
    cells = [c for row in openpyxl.load_workbook(path).active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert all(c.quotePrefix for c in cells if str(c.value).startswith("="))
    assert not any(ch in v for v in values for ch in _UNPRINTABLE)
    assert any("control characters removed" in v for v in values)


def test_findings_and_reproduce_page_escape_hostile_text() -> None:
    from tracktr._reproduce_page import _e

    assert _e("<script>x</script>\u202e") == "&lt;script&gt;x&lt;/script&gt;"
    figures = pd.DataFrame(
        {
            "id": ["n", "p"],
            "kind": ["base", "percent"],
            "source": ["Graph 1", "<script>alert(1)</script> a|b\x1b"],
            "value": [None, 94],
            "base": [19, 19],
        }
    )
    found = tt.check.report(figures)
    _check_html(found.render("html"))
    markdown = found.render("markdown")
    assert "<script" not in markdown
    assert not any(ch in markdown for ch in _UNPRINTABLE)


def test_codebook_markdown_and_comparison_sentences_drop_hostile_characters() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "<script>s()</script>",
            "respondent_id": "id",
            "questions": [
                {
                    "id": "q",
                    "type": "single",
                    "text": "Which?\u202e",
                    "options": ["<img src=x>", "a|b", "c\x1b[31m"],
                }
            ],
        }
    )
    markdown = survey.to_markdown()
    assert "<script" not in markdown
    assert "<img" not in markdown
    assert "| a\\|b |" in markdown
    assert not any(ch in markdown for ch in _UNPRINTABLE)
    result = tt.compare_proportions(12, 34, 20, 151, labels=("tier\u202e 2", "tier\x1b 3"))
    sentence = tt.describe_comparison(result)
    assert "tier 2" in sentence
    assert not any(ch in sentence for ch in _UNPRINTABLE)


def test_design_estimates_and_raking_keep_booleans_and_numbers_apart() -> None:
    mixed = pd.Series([True, 1, False, 0, True, 1], dtype=object)
    df = pd.DataFrame({"q": mixed, "g": ["a", "b"] * 3, "w": [1.0] * 6})
    match = r"question 'q' holds both True/False \(rows \[0, 2, 4\]\) and the number\(s\) \[1, 0\]"
    with pytest.raises(tt.InvalidDataError, match=match):
        tt.design.estimate_proportions(df, "q", design=tt.Design(weights="w"))
    with pytest.raises(tt.InvalidDataError, match=r"question 'q' holds both True/False"):
        tt.design.estimate_proportions(df, "g", by="q")
    with pytest.raises(tt.InvalidDataError, match=r"question 'q' holds both True/False"):
        tt.weights.rake(df, {"q": {True: 0.5, False: 0.5}})
    truths = pd.DataFrame({"sex": [True, False, True]})
    match = r"margin 'sex' lists \[1, 0\] for a column holding \[True, False\]"
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.weights.rake(truths, {"sex": {1: 0.5, 0: 0.5}})
    weights = tt.weights.rake(truths, {"sex": {True: 0.5, False: 0.5}}).weights
    assert weights.tolist() == [0.75, 1.5, 0.75]  # half the total, 3, to each side


# -- waves: ids that cannot match ----------------------------------------------------------

_WAVE_SURVEY = {
    "respondent_id": "rid",
    "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}],
}


@pytest.mark.parametrize(
    ("first", "second", "match"),
    [
        ([1, 2, 3], ["1", "2", "3"], r"is numbers in wave 'w1' \(\[1, 2, 3\]\); text in wave 'w2'"),
        ([True, 2, 3], [1, 2, 3], r"is a mixture \(mixed-integer\) in wave 'w1'"),
    ],
)
def test_pool_refuses_ids_of_different_kinds(
    first: list[object], second: list[object], match: str
) -> None:
    survey = tt.Survey.from_dict(_WAVE_SURVEY)
    a = pd.DataFrame({"rid": [1, 2, 3], "org": pd.Series(first, dtype=object), "q": "Yes"})
    b = pd.DataFrame({"rid": [1, 2, 3], "org": pd.Series(second, dtype=object), "q": "No"})
    with pytest.raises(tt.InvalidDataError, match=match):
        tt.waves.pool({"w1": (a, survey), "w2": (b, survey)}, id="org")


def test_pool_names_only_the_id_problem_there_is() -> None:
    survey = tt.Survey.from_dict(_WAVE_SURVEY)
    a = pd.DataFrame({"rid": [1, 2, 3], "org": ["A", "A", "C"], "q": "Yes"})
    match = (
        r"wave 'w1': the persistent id 'org' is repeated \(ids \['A'\]\) in rows \[0, 1\] "
        r"\(0-based positions\)\.\n"
    )
    with pytest.raises(tt.SurveyValidationError, match=match):
        tt.waves.pool({"w1": (a, survey)}, id="org")


def test_change_names_an_empty_wave_and_an_empty_choice() -> None:
    survey = tt.Survey.from_dict(_WAVE_SURVEY)
    a = pd.DataFrame({"rid": [1, 2, 3], "org": ["A", "B", "C"], "q": ["Yes", "No", "Yes"]})
    pooled = tt.waves.pool({"w1": (a, survey), "w2": (a.iloc[:0], survey)}, id="org")
    match = r"question 'q': no respondent of wave 'w2' is in the base of 'Yes'"
    with pytest.raises(tt.InvalidBaseError, match=match):
        tt.waves.change(pooled, "q", "Yes")
    with pytest.raises(tt.InvalidOptionError, match=r"`option` names no option"):
        tt.waves.change(pooled, "q", [])


# -- disclosure control --------------------------------------------------------------------


def _plain_table(counts: list[list[float]], bases: list[float]) -> tt.Table:
    frame = pd.DataFrame(counts, index=["r0", "r1"], columns=["c0", "c1"])
    return tt.Table(counts=frame, bases=pd.Series(bases, index=frame.columns))


def test_protect_refuses_fractional_counts_without_respondent_counts() -> None:
    table = _plain_table([[2.5, 10.0], [20.5, 30.0]], [23.0, 40.0])
    match = r"a table holds counts that are not whole numbers \(\[2\.5, 20\.5\]\)"
    with pytest.raises(tt.InvalidCountsError, match=match):
        tt.disclosure.protect([table])


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"marker": ""}, r"`marker` must be visible text, such as '\[c\]'; got ''"),
        ({"marker": "  "}, r"`marker` must be visible text"),
        ({"time_limit": float("nan")}, r"`time_limit` must be a number of seconds, at least 0"),
        ({"time_limit": -1}, r"got -1\."),
    ],
)
def test_protect_refuses_invisible_markers_and_impossible_time_limits(
    options: dict[str, object], match: str
) -> None:
    table = _plain_table([[3, 10], [20, 30]], [23, 40])
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.disclosure.protect([table], **options)  # type: ignore[arg-type]
    assert tt.disclosure.protect([table], marker="*").tables[0].marker == "*"


# -- summaries of numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "cells",
    [
        pd.Series([True, False, True]),
        pd.Series([True, False, None], dtype="boolean"),
        pd.Series([True, 2, 3], dtype=object),
    ],
)
def test_summarise_refuses_true_false_as_numbers(cells: pd.Series) -> None:
    match = r"question 'x': value\(s\) \[True.*\] are not numbers.*\n\nHint: .*tabulate it"
    with pytest.raises(tt.UnknownValueError, match=match):
        tt.summarise(pd.DataFrame({"x": cells}), "x")


@pytest.mark.parametrize(("value", "row"), [("1,5", 0), (float("inf"), 1), (float("-inf"), 1)])
def test_summarise_refuses_ambiguous_and_infinite_numbers(value: object, row: int) -> None:
    cells = [value, 2.0] if row == 0 else [2.0, value]
    match = rf"value\(s\) \[{re.escape(repr(value))}\] are not numbers, in rows \[{row}\]"
    with pytest.raises(tt.UnknownValueError, match=match):
        tt.summarise(pd.DataFrame({"x": pd.Series(cells, dtype=object)}), "x")


def test_tabbook_of_no_questions_is_refused() -> None:
    survey = tt.Survey.from_dict(_WAVE_SURVEY)
    df = pd.DataFrame({"rid": [1, 2], "q": ["Yes", "No"]})
    with pytest.raises(tt.InvalidOptionError, match=r"at least one question; `questions` names"):
        tt.tabbook(df, survey, banners=["q"], questions=[])


# -- smaller refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "base", "match"),
    [
        (
            [True, False],
            None,
            r"counts must be numbers; got an array of dtype bool\.\n\nHint: True/False",
        ),
        ([1, 2], True, r"base must be numbers; got an array of dtype bool"),
    ],
)
def test_percentages_refuse_true_false_as_counts(counts: object, base: object, match: str) -> None:
    with pytest.raises(tt.InvalidCountsError, match=match):
        tt.percentages(counts, base)


def test_reverse_refuses_a_scale_with_repeats_or_none() -> None:
    answers = pd.Series(["Agree", "Disagree", "Agree"])
    with pytest.raises(tt.InvalidOptionError, match=r"`scale` lists \['Agree'\] more than once"):
        tt.recode.reverse(answers, scale=["Agree", "Agree", "Disagree"])
    with pytest.raises(tt.InvalidOptionError, match=r"`scale` is empty"):
        tt.recode.reverse(answers, scale=[])


def test_describe_share_reads_a_decimal_exactly() -> None:
    # 1/3 exactly is "a third"; Decimal('0.3333') is just under it.
    assert tt.describe_share(Decimal("0.358")) == tt.describe_share(0.358)
    with pytest.raises(
        tt.InvalidOptionError, match=r"finite number from 0 to 1; got Decimal\('sNaN'\)"
    ):
        tt.describe_share(Decimal("sNaN"))


def test_a_figures_file_with_shifted_cells_or_no_figures_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(_FIGURES + "m,base,Graph 1,,19,extra\n", encoding="utf-8")
    match = r"row 4 \(6 fields\) has more fields than the 5 of the header"
    with pytest.raises(tt.ReadError, match=match):
        tt.reference.read_figures(path)
    path.write_text(_FIGURES.splitlines()[0] + "\n", encoding="utf-8")
    # Checking no figures would say "No findings", which reads as all clear.
    with pytest.raises(tt.ReadError, match=r"the figures file holds no figures\."):
        tt.check.report(path)


def test_population_comparison_and_strata_keep_booleans_and_numbers_apart() -> None:
    df = pd.DataFrame(
        {
            "q": [True, False, True, True],
            "w": [1.0] * 4,
            "s": pd.Series([True, 1, 2, 2], dtype=object),
        }
    )
    match = r"the population's categories \[1, 0\] and the answers mix True/False with \[1, 0\]"
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.design.compare_population(df, "q", {1: 0.5, 0: 0.5})
    design = tt.Design(weights="w", strata="s", lonely_psu="certainty")
    with pytest.raises(tt.InvalidDataError, match=r"question 's' holds both True/False"):
        tt.design.estimate_proportions(df, "q", design=design)


def test_summarise_numbers_near_the_float_limit_without_overflow() -> None:
    # The mean of 1e308 and 1e308 is 1e308; the sum, 2e308, is beyond a float.
    summary = tt.summarise(pd.DataFrame({"x": [1e308, 1e308]}), "x").to_frame()
    row = summary.iloc[0]
    assert (row["mean"], row["sd"], row["median"]) == (1e308, 0.0, 1e308)
    weighted = tt.summarise(pd.DataFrame({"x": [1e308, 5e307]}), "x", weights=[1.0, 1.0])
    assert weighted.to_frame().iloc[0]["mean"] == 7.5e307


@pytest.mark.parametrize("blank", [None, float("nan")])
def test_a_blank_option_is_refused(blank: object) -> None:
    df = pd.DataFrame({"q": ["a", "b", None]})
    match = r"options \[(None|nan)\] blank, which is a skipped answer, not an option"
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.frequencies(df, "q", options=["a", blank, "b"])


def test_cells_that_hold_several_values_are_refused() -> None:
    df = pd.DataFrame({"q": ["a", "b"], "g": [["x"], "y"]})
    match = r"question 'g' holds list cells \(rows \[0\]\); a cell holds one answer"
    with pytest.raises(tt.InvalidDataError, match=match):
        tt.frequencies(df, "q", by="g")
    with pytest.raises(tt.InvalidDataError, match=r"question 'q' holds dict cells"):
        tt.frequencies(pd.DataFrame({"q": [{"a": 1}, "b"]}), "q", options=["b"])


@pytest.mark.parametrize("small_base", [-1, 2.5, True])
def test_a_small_base_that_is_not_a_number_of_respondents_is_refused(small_base: object) -> None:
    df = pd.DataFrame({"q": ["a", "b"]})
    with pytest.raises(tt.InvalidOptionError, match=r"`small_base` must be a whole number"):
        tt.frequencies(df, "q", small_base=small_base)  # type: ignore[arg-type]


def test_findings_csv_neutralises_formulas() -> None:
    figures = pd.DataFrame(
        {
            "id": ["n", "p"],
            "kind": ["base", "percent"],
            "source": ["Graph 1", "=cmd|' /C calc'!A0\x1b"],
            "value": [None, 94],
            "base": [19, 19],
        }
    )
    text = tt.check.report(figures).render("csv")
    assert ",'=cmd|' /C calc'!A0," in text
    assert ",=cmd" not in text
    assert "\x1b" not in text
    assert "\x1b" not in tt.check.report(figures).render("text")


def test_printing_a_table_sends_no_terminal_escapes() -> None:
    text = str(_hostile_table())
    assert "<script>alert(1)</script>" in text  # plain text: shown as written
    assert not any(ch in text for ch in _UNPRINTABLE)


def test_suppressed_tables_escape_hostile_labels_and_markers() -> None:
    # A marker holding a digit is refused (it reads as a figure): alert(x), not alert(1).
    published = tt.disclosure.protect([_hostile_table()], marker="<script>alert(x)</script>")
    _check_markdown(published[0].to_markdown())
    _check_html(published[0].to_html())


def test_weight_diagnostics_name_an_empty_input() -> None:
    with pytest.raises(tt.InvalidWeightsError, match=r"^`weights` is empty\.$"):
        tt.weights.diagnostics([])
    with pytest.raises(tt.InvalidWeightsError, match=r"all zero: nobody is counted"):
        tt.weights.diagnostics([0.0, 0.0])


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_scan_refuses_a_file_cut_off_mid_row(tmp_path: Path, engine: str) -> None:
    pytest.importorskip(engine)
    survey = tt.Survey.from_dict(
        {
            "respondent_id": "rid",
            "questions": [
                {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
                {"id": "n", "type": "numeric", "text": "N?"},
            ],
        }
    )
    path = tmp_path / "answers.csv"
    path.write_bytes(b"rid,q,n\n1,Yes,3\n2,No")
    match = r"the last row \('2,No'\) has 2 of the 3 cells of the header .* cut off"
    with pytest.raises(tt.ReadError, match=match):
        tt.io.scan(path, survey, engine=engine)  # type: ignore[arg-type]
    path.write_bytes(b"rid,q,n\n1,Yes,3\n2,No,4")  # complete, without a final newline
    assert tt.io.scan(path, survey, engine=engine).rows() == 2  # type: ignore[arg-type]


def test_validation_keeps_true_apart_from_the_code_1() -> None:
    survey = tt.Survey.from_dict(
        {
            "respondent_id": "id",
            "questions": [
                {
                    "id": "q",
                    "type": "single",
                    "text": "Q?",
                    "options": [{"code": 1, "label": "Yes"}, {"code": 0, "label": "No"}],
                }
            ],
        }
    )
    df = pd.DataFrame({"id": [1, 2, 3], "q": pd.Series([True, 1, "Yes"], dtype=object)})
    with pytest.raises(tt.SurveyValidationError) as error:
        survey.validate(df)
    checks = error.value.failures.set_index("respondent_id")["check"].to_dict()
    assert checks == {1: "unknown_value", 2: "code_not_label"}


def test_compare_groups_refuses_the_question_as_its_own_groups() -> None:
    df = pd.DataFrame({"q": ["Yes", "No"] * 20, "g": ["a", "b", "c", "d"] * 10})
    with pytest.raises(tt.InvalidOptionError, match=r"`by='q'` is the question 'q' itself"):
        tt.compare_groups(df, "q", "q")
    # A multi-response set by one of its own tick columns, through the codebook.
    survey = tt.Survey.from_dict(
        {
            "title": "t",
            "respondent_id": "rid",
            "questions": [
                {"id": "m", "type": "multi", "text": "?", "options": ["A", "B"]},
            ],
        }
    )  # fmt: skip
    ticks = pd.DataFrame({"rid": range(4), "m_1": [1, 0, 1, 0], "m_2": [0, 1, 1, 0]})
    with pytest.raises(tt.InvalidOptionError, match=r"`by='m_1'` is the question 'm' itself"):
        tt.compare_groups(ticks, "m", "m_1", survey=survey)


def test_pool_refuses_ids_with_spaces_at_either_end() -> None:
    survey = tt.Survey.from_dict(_WAVE_SURVEY)
    a = pd.DataFrame({"rid": [1, 2], "org": ["A", "B"], "q": ["Yes", "No"]})
    b = pd.DataFrame({"rid": [1, 2], "org": ["A ", "B"], "q": ["No", "No"]})
    match = r"wave 'w2': the persistent id 'org' holds \['A '\] \(rows \[0\]\), with spaces"
    with pytest.raises(tt.InvalidDataError, match=match):
        tt.waves.pool({"w1": (a, survey), "w2": (b, survey)}, id="org")


def test_a_label_that_would_be_a_markdown_link_is_escaped() -> None:
    df = pd.DataFrame(
        {"q": ["[click](https://example.org)", "[c]", "[click](https://example.org)"]}
    )
    table = tt.frequencies(df, "q", options=["[click](https://example.org)", "[c]"])
    markdown = table.to_markdown()
    assert "\\[click](https://example.org)" in markdown
    assert "| [click](" not in markdown
    assert "| [c] " in markdown  # a bracketed label that opens no link stays as it is


@pytest.mark.parametrize("weight", [4e-156, 1e151, 1e-300])
def test_weights_whose_squares_leave_the_floats_are_refused_on_every_engine(weight: float) -> None:
    # A weight of 4e-156 squares to a subnormal that dask flushed to 0: the effective base
    # was 0 on dask and 1 on pandas. Refused alike everywhere, with the way out.
    import polars as pl

    data = pd.DataFrame({"q": ["a", "b", "a"], "w": [weight, 1.0, 0.0]})
    for frame in (data, pl.from_pandas(data)):
        with pytest.raises(tt.InvalidWeightsError, match=r"1e-150 .*1e\+150(?s:.*)multiply every"):
            tt.frequencies(frame, "q", weights="w")


def test_weights_summing_past_the_range_are_refused() -> None:
    data = pd.DataFrame({"q": ["a", "b"], "w": [0.9e150, 0.9e150]})
    with pytest.raises(tt.InvalidWeightsError, match=r"sum to 1\.8e\+150"):
        tt.frequencies(data, "q", weights="w")


def test_zero_weights_beside_ordinary_ones_are_kept() -> None:
    table = tt.frequencies(pd.DataFrame({"q": ["a", "b"], "w": [0.0, 2.5]}), "q", weights="w")
    assert table.effective_bases is not None
    assert table.effective_bases.tolist() == [1.0]


def test_normalised_weights_are_not_rounded_to_whole_numbers() -> None:
    # Weights normalised to sum to 1 (1e-7 each) were read as whole numbers within an
    # absolute 1e-6, and every weighted count was rounded to 0.
    data = pd.DataFrame({"q": ["a"] * 600 + ["b"] * 400, "w": [1e-7] * 1000})
    table = tt.frequencies(data, "q", weights="w")
    assert table.counts["All"].tolist() == pytest.approx([6e-5, 4e-5], rel=1e-12)
    assert table.percentages()["All"].tolist() == [60.0, 40.0]
    assert table.effective_bases is not None
    assert table.effective_bases.tolist() == pytest.approx([1000.0])


def test_squared_weights_on_an_engine_keep_the_effective_base() -> None:
    # A weight of 7e-118 squares to 5e-235: the engine's summed squares were rounded to 0
    # decimal places, so dask gave an effective base of 0 where pandas gave 1.
    import polars as pl

    data = pd.DataFrame({"q": ["Yes"] * 3, "w": [0.0, 7.158095e-118, 0.0]})
    for frame in (data, pl.from_pandas(data)):
        table = tt.frequencies(frame, "q", weights="w")
        assert table.effective_bases is not None
        assert table.effective_bases.tolist() == pytest.approx([1.0])


def test_a_total_holding_respondents_in_no_group_says_so() -> None:
    # Respondents with no group were counted in All and in no column, with no word: the
    # columns' bases (2 + 3) did not add up to the total's (6), unexplained.
    data = pd.DataFrame({"q": ["x", "y", "x", "y", "x", "y"], "g": ["a", "a", "b", "b", "b", None]})
    note = "Respondents in the base who gave no answer to 'g'"
    assert any(n.startswith(note) for n in tt.frequencies(data, "q", by="g").extra_notes)
    assert note in tt.frequencies(data, "q", by="g").to_markdown()
    assert tt.frequencies(data.iloc[:5], "q", by="g").extra_notes == ()
    # Without a total, they are in no column, and a note says so (review hK8).
    assert tt.frequencies(data, "q", by="g", total=False).extra_notes == (
        "1 respondent with no answer to 'g' is in no column.",
    )
    # Someone with no group and no answer is in no base: nothing to say.
    data.loc[5, "q"] = None
    assert tt.frequencies(data, "q", by="g").extra_notes == ()

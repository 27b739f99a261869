"""An analyst's usual spellings in a figures file: refused, with what was seen and what to write.

A figures file's figures are digits as printed, on purpose ("1e1" and Arabic-Indic digits are
refused); these spellings stay refused. Each test says what the old error said.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.cli import _parser, main

_ROW = {"id": "x", "kind": "percent", "value": "31", "base": "151"}


def _problems(frame: pd.DataFrame) -> tuple[str, ...]:
    with pytest.raises(tt.ReadError) as error:
        tt.check.report(frame)
    message = str(error.value)
    for problem in error.value.mismatches:  # the message lists the same problems
        assert f"- {problem}" in message
    return error.value.mismatches


def _one(column: str, value: str) -> str:
    problems = _problems(pd.DataFrame([{**_ROW, column: value}]))
    assert len(problems) == 1, problems
    return problems[0]


# -- bases as a report prints them ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("n=151", "'n=' before 151"),
        ("N = 151", "'N =' before 151"),
        ("(n=151)", "'(n=' before 151 and ')' after it"),
        ("(151)", "'(' before 151 and ')' after it"),
        ("151 organisations", "'organisations' after 151"),
        ("base: 151", "'base:' before 151"),
    ],
)
def test_a_base_as_printed_says_to_write_the_number(typed: str, seen: str) -> None:
    # Before: "row 2 ('x'): base 'n=151' is not a number", and nothing more.
    problem = _one("base", typed)
    assert problem.startswith(f"row 2 ('x'): base {typed!r} is not a number: ")
    assert seen in problem
    assert "a base is a number of respondents, digits 0-9 alone" in problem
    assert problem.endswith("write the base as 151")


def test_a_count_with_words_says_to_write_the_count() -> None:
    # Before: "row 2 ('c'): count '58 organisations' is not a number".
    row = {"id": "c", "kind": "count", "count": "58 organisations", "base": "87"}
    (problem,) = _problems(pd.DataFrame([row]))
    assert problem.startswith("row 2 ('c'): count '58 organisations' is not a number: ")
    assert problem.endswith("write the count as 58")


@given(
    base=st.integers(min_value=1, max_value=10**6),
    template=st.sampled_from(
        ["n={}", "n = {}", "N={}", "(n={})", "({})", "{} organisations", "base {}", "{} (n)"]
    ),
)
def test_the_base_it_says_to_write_is_read(base: int, template: str) -> None:
    # Before: no fix was named. Now the fix it names, written in, makes the file read.
    problem = _one("base", template.format(base))
    assert problem.endswith(f"write the base as {base}")
    fixed = tt.reference.read_figures(pd.DataFrame([{**_ROW, "base": str(base)}]))
    assert fixed["x"].base == base


def test_a_weighted_base_says_what_the_checker_does_with_it() -> None:
    # Before: "base 150.7 is not a whole number", and no word on weighted bases.
    problem = _one("base", "150.7")
    assert problem.startswith("row 2 ('x'): base 150.7 is not a whole number: ")
    assert "a weighted base (a sum of weights)" in problem
    assert "leave base blank (the figure is then unchecked)" in problem
    assert "not the unweighted base" in problem
    # The fix it names reads, and the figure is unchecked, never judged.
    row = {**_ROW, "base": "", "note": "weighted base 150.7"}
    (found,) = tt.check.report(pd.DataFrame([row]), include_consistent=True)
    assert found.verdict == "unchecked"


def test_a_weighted_count_is_named_as_one() -> None:
    # Before: "count 12.5 is not a whole number".
    row = {"id": "c", "kind": "count", "count": "12.5", "base": "87"}
    (problem,) = _problems(pd.DataFrame([row]))
    assert problem.startswith("row 2 ('c'): count 12.5 is not a whole number: ")
    assert "a weighted count" in problem


# -- values as a report prints them ---------------------------------------------------------


def test_a_value_with_a_mark_says_what_the_mark_may_mean() -> None:
    # Before: "row 2 ('x'): value '0*' is not a number".
    problem = _one("value", "0*")
    assert problem.startswith("row 2 ('x'): value '0*' is not a number: ")
    assert "'*' after 0" in problem
    assert "above 0 but below 0.5%" in problem  # the tables' convention for '*'
    assert "leave the row out" in problem
    assert "write the value as 0" in problem


def test_a_mark_after_another_number_is_a_footnote_not_a_bound() -> None:
    # Before: "value '12*' is not a number". Only 0* can be the tables' "below 0.5%".
    problem = _one("value", "12*")
    assert "below 0.5%" not in problem
    assert "if '*' is a footnote or significance mark, write the value as 12" in problem


def test_a_space_after_the_sign_keeps_the_sign() -> None:
    # Before: "value '- 5' is not a number".
    row = {"id": "x", "kind": "external", "value": "- 5"}
    (problem,) = _problems(pd.DataFrame([row]))
    assert "a space inside the number" in problem
    assert problem.endswith("write the value as -5")


def test_an_approximate_value_names_the_kind_that_checks_it() -> None:
    # Before: "row 2 ('x'): value 'c. 40%' is not a number".
    problem = _one("value", "c. 40%")
    assert problem.startswith("row 2 ('x'): value 'c. 40%' is not a number: ")
    assert "'c.' before 40%" in problem
    assert "an approximate figure" in problem
    assert "kind 'share' with phrase 'around 40%'" in problem
    assert "qualifier 'about'" in problem  # what a count or an external figure takes
    assert "write the value as 40" in problem
    # The share it suggests is one the checker reads and checks: 56 to 64 of 151.
    row = {"id": "x", "kind": "share", "phrase": "around 40%", "count": "60", "base": "151"}
    (found,) = tt.check.report(pd.DataFrame([row]), include_consistent=True)
    assert found.verdict == "consistent"


@pytest.mark.parametrize("typed", ["about 40%", "approx. 40", "~40%", "ca. 40%", "around 40"])
def test_other_approximate_values(typed: str) -> None:
    # Before: "value '~40%' is not a number" and so on.
    problem = _one("value", typed)
    assert "an approximate figure" in problem
    assert "phrase 'around 40%'" in problem


def test_a_unicode_minus_is_named() -> None:
    # Before: "row 2 ('x'): value '−5' is not a number" (U+2212 looks like '-').
    row = {"id": "x", "kind": "external", "value": "\u22125"}
    (problem,) = _problems(pd.DataFrame([row]))
    assert problem.startswith("row 2 ('x'): value '\u22125' is not a number: ")
    assert "'\u2212' (U+2212 MINUS SIGN)" in problem
    assert "write the value as -5" in problem


def test_full_width_characters_are_named() -> None:
    # Before: "row 2 ('x'): value '15％' is not a number".
    problem = _one("value", "15\uff05")
    assert "'\uff05' (U+FF05 FULLWIDTH PERCENT SIGN)" in problem
    assert problem.endswith("write the value as 15")
    problem = _one("value", "\uff11\uff15")  # full-width digits
    assert "U+FF11 FULLWIDTH DIGIT ONE" in problem
    assert problem.endswith("write the value as 15")


def test_arabic_indic_digits_stay_refused_and_are_named() -> None:
    # Before: "value '٣٠' is not a number (type the figure as the report prints it: ...)".
    problem = _one("value", "\u0663\u0660")
    assert "digits 0-9" in problem
    assert "U+0663 ARABIC-INDIC DIGIT THREE" in problem
    assert problem.endswith("write the value as 30")


def test_spellings_stay_refused_in_a_toml_file(tmp_path: Path) -> None:
    # Before: "entry 1 ('x'): base 'n=151' is not a number". Entries count from 1 in TOML.
    path = tmp_path / "figures.toml"
    path.write_text(
        '[[figures]]\nid = "x"\nkind = "percent"\nvalue = 31\nbase = "n=151"\n', "utf-8"
    )
    with pytest.raises(tt.ReadError) as error:
        tt.check.report(path)
    (problem,) = error.value.mismatches
    assert problem.startswith("entry 1 ('x'): base 'n=151' is not a number: ")
    assert problem.endswith("write the base as 151")


@given(st.text(max_size=12))
def test_any_value_reads_or_is_refused_with_a_read_error(text: str) -> None:
    # Explaining a refused cell never fails in its turn, whatever the cell holds.
    frame = pd.DataFrame([{**_ROW, "value": text, "base": text}])
    try:
        tt.check.report(frame)
    except tt.ReadError as error:
        problems = error.mismatches
    else:
        return  # digits as printed, read
    assert problems
    for problem in problems:
        assert problem.startswith("row 2 ('x'): ")
        if "is not a number" in problem:  # said with a fix, or with the reader's hint
            assert "is not a number: " in problem or "is not a number (" in problem


def test_the_hints_the_reader_gave_are_kept() -> None:
    # A spelling the reader already explains ("1,234", "<1%", "[c]") keeps its hint, once.
    problem = _one("value", "<1%")
    assert problem.count("is a bound") + problem.count("a bound such as") == 1
    assert "leave its row out" in problem


# -- column names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "meant"),
    [
        ("n", "base"),
        ("N", "base"),
        ("sample size", "base"),
        ("pct", "value"),
        ("%", "value"),
        ("percentage", "value"),
        ("type", "kind"),
        ("rounding", "rule"),  # the reader's own guess was 'wording'
        ("number", "count"),  # the reader's own guess was 'numerator'
        ("quote", "claim"),  # the reader's own guess was 'note'
        ("comments", "note"),
        ("Value (%)", "value"),
        ("bases", "base"),  # the reader's own guess, kept
    ],
)
def test_a_column_near_a_figures_file_column_names_it(column: str, meant: str) -> None:
    # Before: "column 'n' is not a column of a figures file", with no guess.
    row = {"id": "x", "kind": "percent", "value": "31", column: "151"}
    if column in ("pct", "%", "percentage", "Value (%)"):
        row = {"id": "x", "kind": "percent", column: "31"}
    problems = _problems(pd.DataFrame([row]))
    assert len(problems) == 1, problems
    assert problems[0].startswith(
        f"column {column!r} is not a column of a figures file (did you mean {meant!r}?"
    )


def test_a_weighted_base_column_says_it_is_not_checked() -> None:
    # Before: "column 'weighted base' is not a column of a figures file".
    row = {"id": "x", "kind": "percent", "value": "31", "weighted base": "150.7"}
    (problem,) = _problems(pd.DataFrame([row]))
    assert "a weighted base cannot be checked" in problem
    assert "`note`" in problem


# -- the command ------------------------------------------------------------------------------


def test_the_command_prints_the_fix_on_its_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "tracktr: error: ... base 'n=151' is not a number Hint: ..." and no fix.
    path = tmp_path / "figures.csv"
    path.write_text("id,kind,value,base\nx,percent,31,n=151\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert "row 2 ('x'): base 'n=151' is not a number: " in line
    assert "write the base as 151" in line


def test_one_finding_is_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before: "Findings of figures.csv: 1 findings: 1 impossible."
    path = tmp_path / "figures.csv"
    # 17% of 80: 13 gives 16%, 14 gives 18% (half-up).
    path.write_text("id,kind,value,base\nshare,percent,17,80\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Findings of figures.csv: 1 finding: 1 impossible.")
    found = tt.check.report(path)
    assert "\n1 finding: 1 impossible.\n" in found.render("markdown")
    assert "1 finding: 1 impossible." in found.render("html")
    assert "1 findings" not in found.render("html")
    path.write_text("id,kind,value,base\na,percent,17,80\nb,percent,18,81\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Findings of figures.csv: 2 findings: 2 impossible.")


def _check_help() -> str:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return str(sub.choices["check"].format_help())


def test_the_exit_statuses_are_in_the_help_and_the_guide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: --help said only "exit 1 when a figure is found this severe or more"; the
    # command also exits 2 when the file cannot be read or a row is wrong.
    path = tmp_path / "figures.csv"
    path.write_text("id,kind,value,base\nx,percent,31,n=151\n", encoding="utf-8")
    assert main(["check", str(path), "--fail-on", "impossible"]) == 2
    capsys.readouterr()
    text = " ".join(_check_help().split())
    assert "exit status: 0 the findings were printed, whatever they are" in text
    assert "1 with --fail-on: a figure was found that severe or more" in text
    assert "2 nothing was checked: the figures file cannot be read or a row of it" in text
    guide = Path(__file__).parent.parent / "docs" / "guide" / "checking-a-report.rst"
    words = " ".join(guide.read_text("utf-8").split())
    assert "It exits 2 when nothing was checked, with or without ``--fail-on``" in words

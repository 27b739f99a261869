"""The spelling advice comes from the figures reader itself: tt.reference.read_figures.

tests/test_check_spellings.py tests each spelling's words through tt.check.report; these tests
check that the reader alone gives the same words, and that the fixes it names read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt

_ROW = {"id": "x", "kind": "percent", "value": "31", "base": "151"}


def _read_problems(figures: pd.DataFrame | Path) -> tuple[str, ...]:
    with pytest.raises(tt.ReadError) as error:
        tt.reference.read_figures(figures)
    message = str(error.value)
    for problem in error.value.mismatches:  # the message lists the same problems
        assert f"- {problem}" in message
    return error.value.mismatches


def test_read_figures_says_to_write_the_base_as_a_number() -> None:
    # Before: read_figures said "row 2 ('x'): base 'n=151' is not a number" and no more;
    # only tt.check.report added the fix.
    (problem,) = _read_problems(pd.DataFrame([{**_ROW, "base": "n=151"}]))
    assert problem == (
        "row 2 ('x'): base 'n=151' is not a number: it holds 'n=' before 151, and a base is a "
        "number of respondents, digits 0-9 alone; write the base as 151"
    )


def test_read_figures_names_a_weighted_base_and_an_approximate_value() -> None:
    # Before: "base 150.7 is not a whole number" and "value 'c. 40%' is not a number", bare.
    frame = pd.DataFrame(
        [{**_ROW, "base": "150.7"}, {"id": "y", "kind": "percent", "value": "c. 40%"}]
    )
    weighted, approximate = _read_problems(frame)
    assert weighted.startswith("row 2 ('x'): base 150.7 is not a whole number: ")
    assert "a weighted base (a sum of weights)" in weighted
    assert approximate.startswith("row 3 ('y'): value 'c. 40%' is not a number: ")
    # The phrase it suggests is one the checker reads (tt.check.share).
    assert "kind 'share' with phrase 'around 40%'" in approximate
    assert tt.check.share("around 40%", 0.4).holds


def test_read_figures_guesses_a_spreadsheet_column(tmp_path: Path) -> None:
    # Before: "column 'n' is not a column of a figures file", no guess (difflib found none).
    path = tmp_path / "figures.csv"
    path.write_text("id,kind,value,n\nx,percent,31,151\n", encoding="utf-8")
    (problem,) = _read_problems(path)
    assert problem == (
        "column 'n' is not a column of a figures file (did you mean 'base'? a figures file "
        "calls the n= of a figure its base)"
    )


def test_read_figures_gives_the_advice_in_a_toml_file(tmp_path: Path) -> None:
    # Before: "entry 1 ('x'): count '58 organisations' is not a number", bare.
    path = tmp_path / "figures.toml"
    path.write_text(
        '[[figures]]\nid = "x"\nkind = "count"\ncount = "58 organisations"\nbase = 87\n',
        "utf-8",
    )
    (problem,) = _read_problems(path)
    assert problem.startswith("entry 1 ('x'): count '58 organisations' is not a number: ")
    assert problem.endswith("write the count as 58")


def test_a_hint_the_reader_gives_is_not_doubled() -> None:
    # Before and after: '1,200' has the reader's own hint, and no second piece of advice.
    (problem,) = _read_problems(pd.DataFrame([{**_ROW, "base": "1,200"}]))
    assert problem == (
        "row 2 ('x'): base '1,200' is not a number (write 12.5 with a point, and no thousands "
        "separators)"
    )


@given(
    text=st.text(
        alphabet=st.sampled_from(list("0123456789 .-+%*n=()~c\u2212\uff05\u0663abc,_<")),
        max_size=10,
    ),
    column=st.sampled_from(["value", "base"]),
)
def test_read_figures_and_check_report_refuse_with_the_same_words(text: str, column: str) -> None:
    # Before: tt.check.report's lines were read_figures' lines with advice added to some.
    frame = pd.DataFrame([{**_ROW, column: text}])
    try:
        tt.reference.read_figures(frame)
    except tt.ReadError as error:
        read = error.mismatches
    else:
        return  # digits as printed: read by both
    with pytest.raises(tt.ReadError) as checked:
        tt.check.report(frame)
    assert checked.value.mismatches == read
    for problem in read:
        if "is not a number" in problem:  # always said with a fix or the reader's hint
            assert "is not a number: " in problem or "is not a number (" in problem


@given(base=st.integers(min_value=1, max_value=10**6))
def test_the_base_read_figures_says_to_write_reads(base: int) -> None:
    # Before: no fix was named by read_figures. The fix it names, written in, reads.
    (problem,) = _read_problems(pd.DataFrame([{**_ROW, "base": f"(n={base})"}]))
    fix = problem.rpartition("write the base as ")[2]
    fixed = tt.reference.read_figures(pd.DataFrame([{**_ROW, "base": fix}]))
    assert fixed["x"].base == base

"""What tables and tab books print, read by a hostile tester: signs, group labels, notes.

Each test names what the old code printed.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr._table_text import _fmt_number

# -- a statistic that rounds to 0 prints without a sign ------------------------------------------


def _numeric_survey() -> tt.Survey:
    return tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "g", "type": "single", "text": "G?", "options": ["a", "b"]},
        {"id": "x", "type": "numeric", "text": "X?"},
        {"id": "v", "type": "ordinal", "text": "V?", "options": ["lo", "mid", "hi"],
         "scores": {"lo": -1, "mid": 0, "hi": 1}},
    ]})  # fmt: skip


def test_a_mean_just_below_zero_prints_as_zero_in_every_format(tmp_path: Path) -> None:
    # Before: "-0.00" for the mean (-0.002), the median and the interval's ends, in the
    # display, the Markdown, the HTML and the workbook (as text there, not a number).
    df = pd.DataFrame({"g": ["a", "b"] * 20, "x": [-0.004, 0.0] * 20, "v": ["mid"] * 40})
    book = tt.tabbook(df, _numeric_survey(), banners=["g"])
    shown = book.section("x").display()
    assert list(shown.loc["Mean"]) == ["0.00", "0.00", "0.00"]
    assert list(shown.loc["Minimum"]) == ["0.00", "0.00", "0.00"]  # -0.004
    assert not any(text.startswith("-0") for text in shown.to_numpy().ravel())
    for suffix in (".md", ".html"):
        text = book.write(tmp_path / f"book{suffix}").read_text(encoding="utf-8")
        assert "-0.00" not in text
    sheet = openpyxl.load_workbook(book.write(tmp_path / "book.xlsx"))["x"]
    means = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Mean"]
    assert means == [("Mean", 0, 0, 0)]  # numbers a formula reads, not the text "-0.00"


def test_a_mean_score_just_below_zero_prints_as_zero() -> None:
    # Before: "-0.00" on the mean-score line of the total (-1 of 300 answers scored -1 .. 1);
    # group a's -1 of 150 (-0.0067) is "-0.01", as before.
    df = pd.DataFrame({"g": ["a", "b"] * 150, "x": 1.0, "v": ["lo"] + ["mid"] * 299})
    shown = tt.tabbook(df, _numeric_survey(), banners=["g"], nets=True).section("v").display()
    assert list(shown.loc["Mean score"]) == ["0.00", "-0.01", "0.00"]


def test_a_statistic_below_zero_keeps_its_sign() -> None:
    shown = (_fmt_number(-0.005), _fmt_number(-0.004), _fmt_number(-0.0))
    assert shown == ("-0.01", "0.00", "0.00")
    assert _fmt_number(-12.345, 1) == "-12.3"


def test_an_infinite_statistic_prints_rather_than_crash() -> None:
    # Before: decimal.InvalidOperation from the book (not a TracktrError): an SD and an
    # interval beyond the largest float.
    assert (_fmt_number(float("inf")), _fmt_number(-np.inf)) == ("inf", "-inf")
    df = pd.DataFrame({"g": ["a", "a", "b"], "x": [1.5e308, 1.5e308, 1.0], "v": "mid"})
    with np.errstate(over="ignore"):
        shown = tt.tabbook(df, _numeric_survey(), banners=["g"]).section("x").display()
    assert list(shown.loc["Mean: CI high"])[0] == "inf"


def test_the_summary_repr_never_prints_minus_zero() -> None:
    summary = tt.summarise(pd.DataFrame({"x": [-0.0, -0.0]}), "x")
    assert repr(summary) == "Summary(x: All n=2 mean=0 median=0)"


@given(st.floats(allow_nan=False, allow_infinity=False, width=64), st.integers(0, 3))
def test_a_printed_statistic_is_its_half_up_value_and_never_a_signed_zero(
    value: float, decimals: int
) -> None:
    text = _fmt_number(value, decimals)
    places = Decimal(1).scaleb(-decimals)
    exact = Decimal(repr(value)).quantize(places, ROUND_HALF_UP, Context(prec=400))
    assert Decimal(text) == exact
    assert not re.fullmatch(r"-0(\.0*)?", text)

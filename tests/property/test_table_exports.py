"""Every number an export of a table shows is a count, a base or a rounded percentage.

Each exported form (text, Markdown, HTML, LaTeX, the report layout and an Excel sheet read
back with openpyxl) is parsed, and every number in it must be one the table can justify:
a count or a base as stored (respondent bases for weighted tables), a percentage
recomputed here from the counts and bases by :func:`tracktr.rounding.percentage_units`
(never a float rounded afterwards), a total of displayed percentages the notes state, or
the fixed numbers of the notes (100, the small-base threshold, the decimals).
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.missing import MARKERS
from tracktr.rounding import percentage_units
from tracktr.typing import DontKnowPolicy, RoundingRule

# Labels without digits, so that every digit in an export is a number of the table.
OPTIONS = ["Improved", "No change", "Worsened", "Don't know"]
GROUPS = ["Crc", "Nps", "Other"]
RULES: list[RoundingRule] = ["half_up", "half_even", "floor", "ceil", "double_half_up"]
POLICIES: list[DontKnowPolicy] = ["include", "exclude"]
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")


@st.composite
def tables(draw: st.DrawFn) -> tt.Table:
    n = draw(st.integers(1, 40))
    cells = st.one_of(st.sampled_from(OPTIONS), st.sampled_from([*MARKERS, None]))
    df = pd.DataFrame(
        {
            "q": draw(st.lists(cells, min_size=n, max_size=n)),
            "r": draw(st.lists(cells, min_size=n, max_size=n)),
            "g": draw(st.lists(st.sampled_from([*GROUPS, None]), min_size=n, max_size=n)),
            "a": draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n)),
            "b": draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n)),
            # Halves: weighted counts print exactly with the one decimal counts show.
            "w": draw(st.lists(st.sampled_from([0.5, 1.0, 1.5, 2.0]), min_size=n, max_size=n)),
        }
    )
    rule = draw(st.sampled_from(RULES))
    decimals = draw(st.integers(0, 2))
    small_base = draw(st.sampled_from([0, 10, 30]))
    kind = draw(st.sampled_from(["single", "crosstab", "weighted", "multi", "grid"]))
    dont_know = draw(st.sampled_from(POLICIES))
    if kind == "multi":
        return tt.multi_response(
            df,
            "qq",
            columns=["a", "b"],
            options=["Grants", "Loans"],
            by="g",
            rule=rule,
            decimals=decimals,
            small_base=small_base,
        )
    if kind == "grid":
        return tt.grid(
            df,
            "qq",
            columns=["q", "r"],
            items=["Men", "Women"],
            options=OPTIONS,
            dont_know=dont_know,
            average=draw(st.booleans()),
            rule=rule,
            decimals=decimals,
            small_base=small_base,
        )
    return tt.frequencies(
        df,
        "q",
        options=OPTIONS,
        by=None if kind == "single" else "g",
        weights="w" if kind == "weighted" else None,
        dont_know=dont_know,
        rule=rule,
        decimals=decimals,
        small_base=small_base,
    )


def _allowed(table: tt.Table) -> tuple[set[Fraction], set[Fraction]]:
    """Return the numbers a table may show, and the subset that are its percentages."""
    numbers: set[Fraction] = {Fraction(100), Fraction(table.small_base), Fraction(table.decimals)}
    counts = table.counts.drop(index=list(table.summary_rows))
    numbers |= {Fraction(repr(float(v))) for v in counts.to_numpy().ravel()}
    numbers |= {Fraction(repr(float(v))) for v in table.respondent_bases.dropna()}
    if table.weighted:
        numbers |= {Fraction(repr(float(v))) for v in table.bases}
    if table.effective_bases is not None:  # stated in whole respondents, rounded down
        numbers |= {Fraction(math.floor(float(v) + 1e-9)) for v in table.effective_bases}
    # Percentages recomputed from the counts through tracktr.rounding, base by base.
    oriented = table.counts.T if table.percent_axis == "columns" else table.counts
    percents: set[Fraction] = set()
    for position in range(len(oriented.index)):
        row = oriented.iloc[position]
        base = table.bases.iloc[position]
        if base > 0:
            units = percentage_units(
                list(row.to_numpy()), base, rule=table.rule, decimals=table.decimals
            )
            percents |= {Fraction(int(u), 10**table.decimals) for u in units}
    totals = table.rounding_totals().dropna()
    numbers |= {Fraction(repr(float(v))) for v in totals}
    return numbers | percents, percents


def _numbers(text: str) -> list[Fraction]:
    return [Fraction(match) for match in NUMBER.findall(text)]


def _check_text(text: str, allowed: set[Fraction], form: str) -> None:
    strays = [number for number in _numbers(text) if number not in allowed]
    assert not strays, f"{form} shows {strays}, which no count, base or percentage explains"


# Five exports of one table take about 0.1 s: a few examples keep the test near 2 s.
@settings(max_examples=min(settings().max_examples, 20))
@given(tables())
def test_every_number_in_every_text_export_is_a_count_base_or_rounded_percentage(
    table: tt.Table,
) -> None:
    allowed, percents = _allowed(table)
    _check_text(table.to_markdown(), allowed, "to_markdown()")
    _check_text(table.to_html(), allowed, "to_html()")
    _check_text(table.to_latex(), allowed, "to_latex()")
    _check_text(str(table), allowed, "str()")
    report = table.to_frame(layout="report")
    _check_text(" ".join(report.to_numpy().ravel().astype(str)), allowed, "to_frame('report')")
    # The percentages of the report layout are the table's own, cell by cell.
    shown = table.percentages()
    for row, column in itertools.product(shown.index, shown.columns):
        value = shown.loc[row, column]
        cell = str(report.loc[row, column]).split(" ")[0]
        expected = "n/a" if np.isnan(value) else f"{value:.{table.decimals}f}"
        assert cell == expected
        if cell != "n/a":
            assert Fraction(cell) in percents


# Writing and reading a workbook costs about 0.15 s: a few examples keep the test short.
@settings(max_examples=min(settings().max_examples, 12))
@given(tables())
def test_every_number_in_an_excel_export_is_a_count_base_or_rounded_percentage(
    table: tt.Table,
) -> None:
    import openpyxl

    allowed, percents = _allowed(table)
    with TemporaryDirectory() as folder:
        path = Path(folder) / "table.xlsx"
        table.to_excel(path)
        sheet = openpyxl.load_workbook(path).active
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str):
                    _check_text(value, allowed, "to_excel() text")
                elif isinstance(value, bool) or value is None:
                    continue
                elif "%" in cell.number_format:
                    # Stored as a fraction of one, shown with the table's decimals.
                    percent = Fraction(repr(float(value))) * 100
                    assert percent in percents, f"Excel percentage {value} is not derived"
                else:
                    assert Fraction(repr(float(value))) in allowed, f"Excel number {value}"

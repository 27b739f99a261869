"""A base of 0 is flagged wherever small bases are: it is below any threshold.

Before: a tab book printed a group no one was in as "0", unflagged, beside "8 *" for a
group of 8, with no note; ``Table.small_bases`` was False for it, so a chart's label
read "n=0" where a base of 8 read "n=8, small base".
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.plot._labels import _base_text

SURVEY = tt.Survey.from_dict(
    {
        "title": "S",
        "questions": [
            {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
            {"id": "g", "type": "single", "text": "G?", "options": ["A", "B", "C"]},
            {"id": "x", "type": "numeric", "text": "X?"},
        ],
    }
)
# 32 in A, 8 in B, none in C (a group the codebook declares).
DATA = pd.DataFrame(
    {
        "q": ["Yes", "No", "Yes", "No", "Yes"] * 8,
        "g": ["A", "A", "A", "A", "B"] * 8,
        "x": range(40),
        "w": [1.0, 2.0] * 20,
    }
)
EMPTY = "No respondents in g: C (base 0), so its figures are n/a."


def test_table_flags_a_base_of_zero_and_small_base_zero_flags_none() -> None:
    table = tt.crosstab(DATA, "q", "g", survey=SURVEY)
    assert table.small_bases.to_dict() == {"A": False, "B": True, "C": True, "All": False}
    assert not tt.crosstab(DATA, "q", "g", survey=SURVEY, small_base=0).small_bases.any()
    # The table's own notes already said so; they are unchanged.
    assert "No respondents in the base of C: percentages are undefined." in table.notes
    assert "Small base: n below 30 for B (n=8); read these percentages with care." in table.notes


def test_chart_label_of_an_empty_group_says_small_base() -> None:
    table = tt.crosstab(DATA, "q", "g", survey=SURVEY)
    assert _base_text(table, "C") == "n=0, small base"
    assert _base_text(table, "A") == "n=32"


def test_tab_book_flags_an_empty_group_and_names_it(tmp_path: Path) -> None:
    book = tt.tabbook(DATA, SURVEY, banners=["g"], questions=["q", "x"])
    for name in ("q", "x"):
        section = book.section(name)
        shown = section.display()
        assert shown.loc["Base"].tolist() == ["40", "32", "8 *", "0 *"]
        assert EMPTY in section.notes
        assert any(n.startswith("* Base below 30") for n in section.notes)
        # Its figures are n/a, never 0%.
        column = shown[("g", "C (C)")].drop("Base")
        assert set(column) == {"n/a"}
    for suffix in ("md", "html", "xlsx"):
        book.write(tmp_path / f"book.{suffix}")
    markdown = (tmp_path / "book.md").read_text(encoding="utf-8")
    assert "| 0 \\*     |" in markdown
    assert EMPTY in markdown
    html = (tmp_path / "book.html").read_text(encoding="utf-8")
    assert "<td>0 *</td>" in html
    assert f"<li>{EMPTY}</li>" in html
    sheet = openpyxl.load_workbook(tmp_path / "book.xlsx")["q"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    base = next(c for c in cells if c.value == "Base")
    zero = sheet.cell(row=base.row, column=base.column + 4)
    assert (zero.value, zero.number_format) == (0, '0" *"')
    assert EMPTY in [c.value for c in cells]


def test_weighted_and_protected_books_flag_and_name_the_empty_group() -> None:
    weighted = tt.tabbook(DATA, SURVEY, banners=["g"], questions=["q"], weights="w")
    shown = weighted.section("q").display()
    assert shown.loc["Base (weighted)"].tolist() == ["60.0", "48.0", "12.0 *", "0.0 *"]
    assert EMPTY in weighted.section("q").notes
    protected = tt.tabbook(DATA, SURVEY, banners=["g"], questions=["q"], threshold=10)
    section = protected.section("q")
    assert section.display().loc["Base"].tolist() == ["40", "[c]", "[c]", "0 *"]
    assert EMPTY in section.notes  # a published 0: named


@st.composite
def grouped(draw: st.DrawFn) -> tuple[pd.DataFrame, int]:
    n = draw(st.integers(1, 40))
    q = draw(st.lists(st.sampled_from(["Yes", "No"]), min_size=n, max_size=n))
    g = draw(st.lists(st.sampled_from(["A", "B"]), min_size=n, max_size=n))  # C: empty
    return pd.DataFrame({"q": q, "g": g, "x": range(n)}), draw(st.integers(0, 45))


@settings(max_examples=25, deadline=None)
@given(grouped())
def test_property_every_base_below_the_threshold_is_starred(case: tuple[pd.DataFrame, int]) -> None:
    frame, small = case
    book = tt.tabbook(frame, SURVEY, banners=["g"], questions=["q", "x"], small_base=small)
    for section in book.sections:
        bases = section.display().loc["Base"]
        for cell in bases.tolist():
            number = int(cell.removesuffix(" *"))
            assert cell.endswith(" *") == (number < small), (cell, small)
        empty = [f"g: {group[:1]}" for (_, group), cell in bases.items() if cell in ("0", "0 *")]
        named = [n for n in section.notes if n.startswith("No respondents in ")]
        assert "g: C" in empty  # no one is ever in C
        assert named == [
            f"No respondents in {'; '.join(empty)} (base 0), so "
            + ("its figures are n/a." if len(empty) == 1 else "their figures are n/a.")
        ]

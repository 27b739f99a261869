"""Tab book flags and names a hostile tester found missing or wrong.

Each test says what the old code did; the book must carry every flag the tables it is
made of carry (small bases, percentages that do not sum to 100), and explain its marks.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt

TWO = tt.Survey.from_dict({"title": "T", "questions": [
    {"id": "size", "type": "single", "text": "Size?", "options": ["Small", "Large"]},
    {"id": "grants", "type": "single", "text": "Grants?", "options": ["Yes", "No"]},
]})  # fmt: skip


def test_a_small_total_base_is_flagged() -> None:
    # Before: "25" for the Total column, flagged by tt.frequencies but not in the book.
    df = pd.DataFrame({"size": ["Small"] * 12 + ["Large"] * 13,
                       "grants": ["Yes", "No"] * 12 + ["Yes"]})  # fmt: skip
    section = tt.tabbook(df, TWO, banners=["size"], questions=["grants"]).section("grants")
    assert section.display().loc["Base"].tolist() == ["25 *", "12 *", "13 *"]


SCORED = tt.Survey.from_dict({"title": "T", "questions": [
    {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
    {"id": "v", "type": "ordinal", "text": "V?", "options": [
        "Agree", "Disagree", {"label": "Don't know", "dont_know": True}],
     "scores": {"Agree": 1, "Disagree": -1}},
]})  # fmt: skip


@pytest.mark.parametrize("weighted", [False, True])
def test_a_small_mean_score_base_is_flagged(weighted: bool) -> None:
    # Before: a mean score on 20 organisations printed with no "*" (the column's base, 30
    # with 10 don't know, is not small). A weighted book is judged on the respondents.
    df = pd.DataFrame({
        "g": ["x"] * 30 + ["y"] * 60,
        "v": ["Agree"] * 12 + ["Disagree"] * 8 + ["Don't know"] * 10 + ["Agree", "Disagree"] * 30,
        "w": [0.5] * 90,
    })  # fmt: skip
    book = tt.tabbook(df, SCORED, banners=["g"], questions=["v"], weights="w" if weighted else None)
    row = book.section("v").display().loc["Mean score base"].tolist()
    assert row[1].endswith(" *")
    assert not row[0].endswith("*")
    assert not row[2].endswith("*")


def test_percentages_that_do_not_sum_to_100_are_noted() -> None:
    # Before: tt.frequencies noted "Percentages of All sum to 99"; the book did not.
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b", "c"]},
    ]})  # fmt: skip
    df = pd.concat([pd.DataFrame({"q": ["a", "b", "c"], "g": ["x", "y", "x"]})] * 20)
    section = tt.tabbook(df, survey, banners=["g"], questions=["q"]).section("q")
    [note] = [n for n in section.notes if "because of rounding" in n]
    assert "All" in note
    assert "sum to 99" in note


def test_a_numeric_section_explains_its_star() -> None:
    # Before: "10 *" in the Base row and no note saying what "*" means.
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
        {"id": "staff", "type": "numeric", "text": "Staff?"},
    ]})  # fmt: skip
    df = pd.DataFrame({"g": ["x"] * 10 + ["y"] * 40, "staff": range(50)})
    section = tt.tabbook(df, survey, banners=["g"], questions=["staff"]).section("staff")
    assert any(cell.endswith("*") for cell in section.display().loc["Base"].tolist())
    assert any(n.startswith("* Base below 30") for n in section.notes)


def test_an_unknown_section_is_a_tracktr_error() -> None:
    # Before: a bare KeyError.
    df = pd.DataFrame({"size": ["Small", "Large"] * 20, "grants": ["Yes", "No"] * 20})
    book = tt.tabbook(df, TWO, banners=["size"], questions=["grants"])
    with pytest.raises(tt.QuestionNotFoundError, match="no section 'grant'"):
        book.section("grant")


def test_an_index_link_to_a_sheet_with_an_apostrophe_doubles_it(tmp_path: Path) -> None:
    # Before: 'rel.Women's groups'!A1, which Excel refuses ("Reference isn't valid").
    openpyxl = pytest.importorskip("openpyxl")
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
        {"id": "rel", "type": "grid", "text": "Relations?", "options": ["Good", "Poor"],
         "items": [{"label": "Women's groups", "column": "rel_w"},
                   {"label": "Prisons", "column": "rel_p"}]},
    ]})  # fmt: skip
    df = pd.DataFrame({"g": ["x", "y"] * 20, "rel_w": ["Good", "Poor", "Poor", "Good"] * 10,
                       "rel_p": ["Good"] * 40})  # fmt: skip
    path = tt.tabbook(df, survey, banners=["g"]).write(tmp_path / "book.xlsx")
    index = openpyxl.load_workbook(path)["Index"]
    links = [row[0].hyperlink.location for row in index.iter_rows() if row[0].hyperlink]
    assert "'rel.Women''s groups'!A1" in links


def test_a_sum_off_100_is_written_in_the_tables_decimals() -> None:
    # Before: a column summing to 99.99 at two decimals was noted as "sum to 100.0".
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b", "c"]},
    ]})  # fmt: skip
    df = pd.concat([pd.DataFrame({"q": ["a", "b", "c"], "g": ["x", "y", "x"]})] * 20)
    table = tt.frequencies(df, "q", survey=survey, decimals=2)
    assert "Percentages of All sum to 99.99, not 100, because of rounding." in table.notes
    book = tt.tabbook(df, survey, banners=["g"], questions=["q"], decimals=2)
    assert any("All sum to 99.99" in n for n in book.section("q").notes)

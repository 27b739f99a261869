"""A tab book's workbook cells are numbers that show exactly what the book prints.

Every cell is read back with openpyxl and displayed from its value and number format by
:func:`shown`, a small reading of Excel's number formats written here, apart from the
writer: the value rounded half away from zero (as a spreadsheet displays) to the format's
decimals, times 100 before a ``%``, and the quoted or backslash-escaped literal text.
"""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.io.excel import excel_text
from tracktr.io.tabbook import _literal, _Styles

SCALE = ["Agree", "Neither", "Disagree"]
GROUPS = ["CRC", "NPS", "Prison", "Other"]
# A printed plain number: what the workbook must hold as a number.
NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)(%?)((?: [A-Z]+)*)( \*)?")


# -- reading a cell as a spreadsheet displays it ---------------------------------------------


def format_tokens(number_format: str) -> list[tuple[str, str]]:
    """Split a number format into ("code", "0.0%") and ("literal", text) parts, in order.

    Fails on a second section (``;`` outside quotes) or a code this reader does not know.
    """
    tokens: list[tuple[str, str]] = []
    k = 0
    while k < len(number_format):
        char = number_format[k]
        if char == '"':
            end = number_format.index('"', k + 1)  # ValueError: an unclosed quote
            tokens.append(("literal", number_format[k + 1 : end]))
            k = end + 1
        elif char == "\\":
            tokens.append(("literal", number_format[k + 1]))
            k += 2
        elif char in "0.%":
            tokens.append(("code", char))
            k += 1
        else:
            msg = f"{char!r} at {k} of {number_format!r}: not a code this test reads"
            raise AssertionError(msg)
    return tokens


def show_number(value: float, number_format: str) -> str:
    """Return `value` as a spreadsheet shows it with `number_format`."""
    tokens = format_tokens(number_format)
    code = "".join(text for kind, text in tokens if kind == "code")
    assert re.fullmatch(r"0(\.0+)?%?", code), number_format
    decimals = len(code.partition(".")[2].rstrip("%"))
    # A spreadsheet displays a double from its 15 significant digits.
    number = Decimal(f"{value:.15g}") * (100 if code.endswith("%") else 1)
    digits = f"{number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
    out, placed = [], False
    for kind, text in tokens:
        if kind == "literal":
            out.append(text)
        elif not placed:
            out.append(digits + ("%" if code.endswith("%") else ""))
            placed = True
    return "".join(out)


def shown(cell: Any) -> str:
    """A cell as a spreadsheet displays it."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, str):
        return cell.value
    return show_number(cell.value, str(cell.number_format))


def check_cell(cell: Any, printed: str) -> None:
    """A printed number is a number that shows as printed; anything else is the same text."""
    if printed == "":
        assert cell.value is None  # an empty string cell reads back as an empty cell
        return
    match = NUMBER.fullmatch(printed)
    if match is None or (match[1].startswith("-") and float(match[1]) == 0):
        assert cell.data_type == "s", (printed, cell.value)
        assert cell.value == excel_text(printed)[0], (printed, cell.value)
        return
    assert isinstance(cell.value, int | float), (printed, cell.value)
    assert shown(cell) == printed, (printed, cell.value, cell.number_format)
    # A formula reads the printed number: 19.5% is 0.195 (the double nearest), not 0.1949...
    exact = Fraction(match[1]) / (100 if match[2] else 1)
    assert cell.value == float(exact), (printed, cell.value)


# -- a book with letters, nets, means, weighted and small bases and hidden cells -------------


def _survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "Members",
            "questions": [
                {"id": "funder", "type": "single", "text": "Funder?", "options": GROUPS},
                {
                    "id": "views",
                    "type": "ordinal",
                    "text": "Demand rose?",
                    "options": [*SCALE, {"label": "Don't know", "dont_know": True}],
                    "nets": {"Any view": ["Agree", "Disagree"]},
                    "scores": {"Agree": 1, "Neither": 0, "Disagree": -1},
                },
                {"id": "staff", "type": "numeric", "text": "Staff?", "min": 0},
            ],
        }
    )


def _responses() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    funder = np.repeat(GROUPS, [60, 50, 40, 10])
    shares = {
        "CRC": [0.8, 0.05, 0.05, 0.1],
        "NPS": [0.2, 0.2, 0.5, 0.1],
        "Prison": [0.15, 0.35, 0.45, 0.05],
        "Other": [0.3, 0.3, 0.3, 0.1],
    }
    views = [rng.choice([*SCALE, "Don't know"], p=shares[f]) for f in funder]
    n = len(funder)
    return pd.DataFrame(
        {
            "respondent_id": range(1, n + 1),
            "funder": funder,
            "views": views,
            "staff": rng.poisson(8, n).astype(float),
            "w": 1 + (np.arange(n) % 3) / 4,
        }
    )


def _weighted_book() -> tt.TabBook:
    """Weighted, one decimal, "85.0% B C D", "0.84 B C", "12.3 *", quartiles shown as "*"."""
    return tt.tabbook(
        _responses(), _survey(), banners=["funder"], weights="w", small_base=20,
        decimals=1, threshold=2, protection={"marker": "*"},
    )  # fmt: skip


def _plain_book() -> tt.TabBook:
    """Unweighted, whole percentages, letters, hidden cells printed "[c]"."""
    return tt.tabbook(_responses(), _survey(), banners=["funder"], threshold=3)


def _every_cell(book: tt.TabBook, path: Path) -> list[tuple[str, Any]]:
    """Each printed cell of the book beside its workbook cell (one sheet per section)."""
    workbook = openpyxl.load_workbook(book.write(path))
    pairs = []
    for section in book.sections:
        sheet = workbook[section.name]
        for r, (label, _, cells) in enumerate(section.rows, start=6):
            assert sheet.cell(row=r, column=1).value == label
            pairs += [(text, sheet.cell(row=r, column=k)) for k, text in enumerate(cells, 2)]
    return pairs


def test_the_weighted_book_prints_what_it_must() -> None:
    # The book the next tests read: every kind of cell the brief names is in it.
    book = _weighted_book()
    views = {label: list(cells) for label, _, cells in book.section("views").rows}
    assert views["Agree"] == ["42.7%", "85.0% B C D", "21.3%", "10.9%", "22.4%"]
    assert views["NET: Any view"][1] == "89.3% C D"
    assert views["Mean score"] == ["0.14", "0.84 B C", "-0.32", "-0.30", "-0.10"]
    assert views["Mean score base"][4] == "10.0 *"
    assert views["Base (weighted)"][4] == "12.3 *"
    staff = {label: set(cells) for label, _, cells in book.section("staff").rows}
    assert staff["Median"] == {"*"}  # hidden: one organisation's own answer


def test_percentages_and_means_are_numbers_that_show_as_printed(tmp_path: Path) -> None:
    # Before: every cell but the bases was text ("85.0% B C D", "0.84 B C", "7.41"), so a
    # spreadsheet could not add, chart or sort them.
    book = _weighted_book()
    pairs = _every_cell(book, tmp_path / "book.xlsx")
    for printed, cell in pairs:
        check_cell(cell, printed)
    by_text = dict(pairs)
    letters = by_text["85.0% B C D"]
    assert (letters.value, letters.number_format) == (0.85, '0.0%" B C D"')
    assert (by_text["42.7%"].value, by_text["42.7%"].number_format) == (0.427, "0.0%")
    assert (by_text["0.84 B C"].value, by_text["0.84 B C"].number_format) == (0.84, '0.00" B C"')
    assert (by_text["-0.32"].value, by_text["-0.32"].number_format) == (-0.32, "0.00")
    assert (by_text["12.3 *"].value, by_text["12.3 *"].number_format) == (12.3, '0.0" *"')
    assert (by_text["160"].value, by_text["160"].number_format) == (160, "0")
    assert by_text["*"].data_type == "s"  # hidden: the marker stays text
    numbers = sum(isinstance(cell.value, int | float) for _, cell in pairs)
    assert (numbers, len(pairs)) == (100, 125)


def test_whole_percentages_and_hidden_cells_of_an_unweighted_book(tmp_path: Path) -> None:
    # Before: "85% B C D" and "38%" were text; now 0.85 shown as '0%" B C D"'.
    book = _plain_book()
    pairs = _every_cell(book, tmp_path / "plain.xlsx")
    for printed, cell in pairs:
        check_cell(cell, printed)
    texts = {text for text, _ in pairs}
    assert "[c]" in texts
    assert any(re.fullmatch(r"\d+% [A-Z]( [A-Z])*", text) for text in texts)
    formats = {str(cell.number_format) for _, cell in pairs if not isinstance(cell.value, str)}
    assert "0%" in formats
    assert {"0.00", "0"} <= formats


def test_long_layout_writes_the_same_numbers(tmp_path: Path) -> None:
    book = _weighted_book()
    sheet = openpyxl.load_workbook(book.write(tmp_path / "long.xlsx", layout="long"))["Tables"]
    by_label: dict[str, list[str]] = {}
    for row in sheet.iter_rows(min_col=1):
        if row[0].value == "Agree":
            by_label["Agree"] = [shown(c) for c in row[1:6]]
            assert isinstance(row[1].value, float)
    assert by_label["Agree"] == ["42.7%", "85.0% B C D", "21.3%", "10.9%", "22.4%"]


# -- the cell writer, over random printed cells ----------------------------------------------


def _write_and_read(texts: list[str]) -> list[Any]:
    """Write `texts` into one row as the tab book writes its cells; read the row back."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    styles = _Styles(openpyxl.styles)
    for k, text in enumerate(texts, start=1):
        styles.printed(sheet.cell(row=1, column=k), text, "right")
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    read = openpyxl.load_workbook(buffer).active
    return [read.cell(row=1, column=k) for k in range(1, len(texts) + 1)]


letters = st.lists(st.sampled_from(["A", "B", "C", "D", "Z", "AA", "AB"]), max_size=3)


@st.composite
def printed_cells(draw: st.DrawFn) -> str:
    """A cell as a tab book prints it: "12%", "12.5% A C", "3.40 B", "60.0 *", "*", "–"."""
    kind = draw(st.sampled_from(["percent", "number", "base", "other", "text"]))
    decimals = draw(st.integers(0, 3))
    marks = " ".join(draw(letters))
    suffix = f" {marks}" if marks else ""
    if kind == "percent":
        hundredths = draw(st.integers(0, 100 * 10**decimals))
        return f"{Decimal(hundredths).scaleb(-decimals):f}%{suffix}"
    if kind == "number":
        value = draw(st.integers(-(10**9), 10**9))
        return f"{Decimal(value).scaleb(-decimals):f}{suffix}"
    if kind == "base":
        value = draw(st.integers(0, 10**7))
        return f"{Decimal(value).scaleb(-min(decimals, 1)):f}" + draw(st.sampled_from(["", " *"]))
    if kind == "other":
        return draw(st.sampled_from(["*", "–", "[c]", "n/a", "x", "-0.00", "0%", "100%"]))
    # Anything else, including text shaped to break a format or run as a formula.
    return draw(
        st.one_of(
            st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
            st.sampled_from(['12% "A"', "12% A;B", "12%;@", "=1+1", "3.4 \\A", "12 % A"]),
        )
    )


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(printed_cells(), min_size=1, max_size=12))
def test_each_printed_cell_shows_exactly_as_printed(texts: list[str]) -> None:
    for text, cell in zip(texts, _write_and_read(texts), strict=True):
        check_cell(cell, text)


@pytest.mark.parametrize(
    "text",
    ['12% "A"', "12% A;B", "12%;@", "=1+1", '3.4 A"; 0', "0.5 \\", "12 %", "1e5", "nan"],
)
def test_text_that_is_not_a_printed_number_stays_text(text: str) -> None:
    # A quote, backslash, section separator or formula never reaches a number format.
    (cell,) = _write_and_read([text])
    assert cell.data_type == "s"
    assert cell.value == excel_text(text)[0]
    assert cell.number_format == "General"


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20))
def test_a_literal_is_one_section_that_shows_its_text(text: str) -> None:
    # Quotes and backslashes are escaped; ";" is inside quotes, so no second section.
    literal = _literal(text)
    tokens = format_tokens(literal)
    assert all(kind == "literal" for kind, _ in tokens)
    assert "".join(part for _, part in tokens) == text
    assert show_number(0.25, "0%" + literal) == "25%" + text

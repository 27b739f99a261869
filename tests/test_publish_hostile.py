"""What gets published says what the table says: hostile checks of the exports.

Each test names the behaviour before its fix.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt

openpyxl = pytest.importorskip("openpyxl")


def _weighted_by_group() -> tt.Table:
    # Weighted bases 7 and 3 (all 10) behind 4, 4 and 8 respondents.
    data = pd.DataFrame(
        {
            "q": ["Yes"] * 3 + ["No"] * 4 + ["DK"],
            "g": list("aabbabab"),
            "w": [3.5, 0.5, 1.25, 1, 1, 0.75, 2, 0],
        }
    )
    return tt.frequencies(data, "q", weights="w", by="g", options=["Yes", "No", "DK"])


def test_excel_base_of_a_weighted_table_reads_as_respondents(tmp_path: Path) -> None:
    # Before: the Base row printed 4, 4 and 8 under the "weighted" header of each group,
    # as though they were weighted sums (the weighted bases are 7, 3 and 10).
    table = _weighted_by_group()
    path = tmp_path / "weighted.xlsx"
    table.to_excel(path, sheet="w")
    ws = openpyxl.load_workbook(path)["w"]
    assert ws["A10"].value == "Base"
    bases = [ws.cell(row=10, column=c) for c in (3, 5, 7)]
    assert [cell.value for cell in bases] == [4, 4, 8]  # still numbers a reader can use
    # Displayed as the Markdown and HTML exports print them: "n=4".
    assert {cell.number_format for cell in bases} == {'"n="0'}
    assert "| Base | n=4" in table.to_markdown()


def test_excel_bases_of_a_table_of_row_percentages_read_as_respondents(tmp_path: Path) -> None:
    counts = pd.DataFrame({"Good": [3, 4], "Poor": [5, 1]}, index=["Staff", "Funding"])
    table = tt.Table(counts=counts, bases=counts.sum(axis=1), kind="grid", percent_axis="rows")
    path = tmp_path / "rows.xlsx"
    table.to_excel(path, sheet="rows")
    ws = openpyxl.load_workbook(path)["rows"]
    assert ws.cell(row=5, column=6).value == "Base"
    bases = [ws.cell(row=r, column=6) for r in (7, 8)]
    assert [(cell.value, cell.number_format) for cell in bases] == [(8, '"n="0'), (5, '"n="0')]

"""Every text cell of a tab book's workbook that starts like a formula is quote-prefixed."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

import tracktr as tt


def test_headers_and_labels_that_start_like_formulas_are_all_quote_prefixed(
    tmp_path: Path,
) -> None:
    # The workbook shares a style from the first cell given it: the first header's quote
    # prefix (none, for "Total") was given to every later header, "=Formula (B)" included.
    survey = tt.Survey.from_dict({"title": "t", "questions": [
        {"id": "g", "type": "single", "text": "Group?",
         "options": ["Plain", "=Formula", "-10% or more"]},
        {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "=No", "@home"]},
    ]})  # fmt: skip
    data = pd.DataFrame(
        {"g": ["Plain", "=Formula", "-10% or more"] * 20, "q": ["Yes", "=No", "@home", "Yes"] * 15}
    )
    path = tmp_path / "book.xlsx"
    tt.io.write_tabbook(tt.tabbook(data, survey, banners=["g"]), path)
    cells = [
        cell
        for sheet in openpyxl.load_workbook(path).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    like_formulas = [c for c in cells if c.value[:1] in "=+-@"]
    assert {c.value for c in like_formulas} >= {"=Formula (B)", "-10% or more (C)", "=No", "@home"}
    assert all(c.quotePrefix and c.data_type == "s" for c in like_formulas)
    assert not any(c.quotePrefix for c in cells if c.value[:1] not in "=+-@")

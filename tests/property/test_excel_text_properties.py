"""Text written to a worksheet reads back as written, and no cell is ever a formula.

Before, a text starting with "=" was written as "'=x": the apostrophe was part of the
cell's text, printed, and read back as if typed. Now the text is stored unchanged in a
string cell with the quote prefix (a style), so openpyxl and pandas read it back exactly.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

openpyxl = pytest.importorskip("openpyxl")

from tracktr.io.excel import _write_text  # noqa: E402  (after the importorskip)

# Text a worksheet can hold: no control characters (removed, with a note) but tab and
# line feed; "=", "+", "-", "@" starts made likely.
_CHARS = st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\t\n")
TEXT = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(["", "=", "+", "-", "@", "'", "=SUM(", "'="]),
    st.text(_CHARS, max_size=30),
).filter(lambda t: t != "" and t.strip(" \t\n") == t)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXT, min_size=1, max_size=5))
def test_text_reads_back_exactly_and_no_cell_is_a_formula(texts: list[str], tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row, text in enumerate(texts, start=1):
        assert _write_text(sheet.cell(row=row, column=1), text) is None
    path = tmp_path / "t.xlsx"
    book.save(path)
    read = openpyxl.load_workbook(path).active
    cells = [read.cell(row=row, column=1) for row in range(1, len(texts) + 1)]
    assert [c.value for c in cells] == texts
    assert all(c.data_type == "s" for c in cells)
    assert all(
        c.quotePrefix for c, t in zip(cells, texts, strict=True) if len(t) > 1 and t[0] in "=+-@"
    )
    frame = pd.read_excel(path, header=None, dtype=object, keep_default_na=False, na_filter=False)
    assert frame[0].tolist() == texts


# Text with line breaks written as Windows ("\r\n"), old Mac ("\r") and Unix ("\n") do.
# Lines not blank and not padded: an empty cell reads back as None, not "".
_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=8)
_LINES = st.lists(_LINE.map(str.strip).filter(bool), min_size=1, max_size=4)
BREAKS = st.sampled_from(["\r\n", "\r", "\n"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=_LINES, breaks=st.lists(BREAKS, min_size=3, max_size=3), centred=st.booleans())
def test_a_line_break_reads_back_as_one_line_feed_in_a_wrapped_cell(
    lines: list[str], breaks: list[str], centred: bool, tmp_path: Path
) -> None:
    text = lines[0] + "".join(brk + line for brk, line in zip(breaks, lines[1:], strict=False))
    book = openpyxl.Workbook()
    style = {"alignment": openpyxl.styles.Alignment(horizontal="center")} if centred else {}
    assert _write_text(book.active.cell(row=1, column=1), text, **style) is None
    path = tmp_path / "t.xlsx"
    book.save(path)
    cell = openpyxl.load_workbook(path).active.cell(row=1, column=1)
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert cell.value == expected
    assert bool(cell.alignment.wrap_text) == ("\n" in expected)
    assert cell.alignment.horizontal == ("center" if centred else None)

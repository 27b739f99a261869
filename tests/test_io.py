"""Writers of tracktr.io: Excel sheets, LaTeX, reports; atomic output; missing extras."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tracktr as tt
from tracktr.disclosure import Suppression, suppress
from tracktr.io._files import atomic_path

openpyxl = pytest.importorskip("openpyxl")

DANGEROUS = ["=SUM(A1:A9)", "+1+1", "-2+3", "@cmd", "\tTAB", "\rCR"]


def crosstab_table() -> tt.Table:
    df = pd.DataFrame(
        {
            "funder": ["CRC"] * 20 + ["NPS"] * 12,
            "size": ["Small"] * 14 + ["Large"] * 6 + ["Small"] * 2 + ["Large"] * 10,
        }
    )
    return tt.crosstab(df, "size", "funder")


def formula_table() -> tt.Table:
    counts = pd.DataFrame({"All": [1, 2, 3, 4, 5, 5]}, index=DANGEROUS)
    return tt.Table(
        counts=counts,
        bases=pd.Series({"All": 20}),
        question="open_text",
        title='=HYPERLINK("http://evil")',
        base_description="@everyone",
    )


def all_cells(path: Path) -> list[Any]:
    book = openpyxl.load_workbook(path)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            cells.extend(row)
    return cells


def assert_no_live_formula(path: Path) -> None:
    # Text is stored in string cells, which are never run; one Excel would run once
    # edited ("=", "+", "-", "@" before text) is also marked quote prefix.
    for cell in all_cells(path):
        assert cell.data_type != "f", f"{cell.coordinate} holds a formula"
        if isinstance(cell.value, str):
            assert cell.data_type == "s", cell.coordinate
            if cell.value.startswith("=") and len(cell.value) > 1:
                assert cell.quotePrefix, cell.coordinate


def test_excel_sheet_of_a_weighted_table_heads_its_counts_weighted(tmp_path: Path) -> None:
    # Before: weighted sums (6114.5) under "n", the number of organisations.
    data = pd.DataFrame({"q": ["a", "a", "b"], "w": [1.5, 2.0, 0.5]})
    table = tt.frequencies(data, "q", weights="w")
    path = tmp_path / "weighted.xlsx"
    for written in (table, suppress(table, threshold=1)):
        written.to_excel(path, sheet="Weighted")
        ws = openpyxl.load_workbook(path)["Weighted"]
        assert [ws.cell(row=6, column=c).value for c in (2, 3)] == ["%", "weighted"]
        assert ws["C7"].value == 3.5  # a: 1.5 + 2.0


def test_excel_sheet_has_title_wording_base_percent_numbers_and_counts(tmp_path: Path) -> None:
    table = crosstab_table()
    path = tmp_path / "size.xlsx"
    table.to_excel(path, sheet="Size by funder")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Size by funder"]
    ws = book["Size by funder"]
    assert ws["A1"].value == "size"
    assert ws["A2"].value == "Question: size"
    assert ws["A3"].value == table.base_line()
    # Header: each column's label over "%" and "n".
    assert [ws.cell(row=5, column=c).value for c in (2, 4, 6)] == ["CRC", "NPS", "All"]
    assert [ws.cell(row=6, column=c).value for c in range(2, 8)] == ["%", "n"] * 3
    # Rows are Large, Small; CRC Large is 6 of 20 = 30%.
    assert ws["A7"].value == "Large"
    assert ws["B7"].value == pytest.approx(0.30)
    assert ws["B7"].number_format == "0%"
    assert ws["C7"].value == 6
    pct = table.percentages()
    for r, label in enumerate(table.counts.index, start=7):
        for k, column in enumerate(table.counts.columns):
            assert ws.cell(row=r, column=2 + 2 * k).value == pytest.approx(
                pct.loc[label, column] / 100
            )
            assert ws.cell(row=r, column=3 + 2 * k).value == table.counts.loc[label, column]
    assert ws["A9"].value == "Base"
    assert [ws.cell(row=9, column=c).value for c in (3, 5, 7)] == [20, 12, 32]
    notes = [ws.cell(row=r, column=1).value for r in range(11, 11 + len(table.notes))]
    assert notes == list(table.notes)


def test_excel_percent_format_follows_decimals(tmp_path: Path) -> None:
    table = crosstab_table().with_rounding(decimals=1)
    path = tmp_path / "one.xlsx"
    tt.io.write_table(table, path)
    ws = openpyxl.load_workbook(path)["size"]
    assert ws["B7"].number_format == "0.0%"
    # 2 of 12 is 16.666...%, rounded half-up to 16.7 by the table's rule: stored as 0.167.
    assert ws["D8"].value == pytest.approx(0.167)


@pytest.mark.parametrize("text", DANGEROUS)
def test_excel_neutralises_text_a_spreadsheet_would_run(tmp_path: Path, text: str) -> None:
    path = tmp_path / "formula.xlsx"
    tt.io.write_table(formula_table(), path)
    values = [c.value for c in all_cells(path)]
    # Every text is shown as typed, in text cells (before, "=" got an apostrophe as part
    # of its text); those Excel would run once edited have the quote prefix (checked by
    # assert_no_live_formula). XML reads a carriage return back as a line feed.
    assert text in values or text.replace("\r", "\n") in values
    assert_no_live_formula(path)


def test_excel_report_has_no_live_formula_anywhere(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    tt.io.write_report({"=bad": formula_table(), "+also": crosstab_table()}, path, title="-x")
    assert_no_live_formula(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Contents", "=bad", "+also"]


def test_excel_into_an_open_workbook_and_a_pandas_writer(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    tt.io.write_table(crosstab_table(), book, sheet="a/b:c?")
    tt.io.write_table(crosstab_table(), book, sheet="a/b:c?")
    assert book.sheetnames[1:] == ["abc", "abc (2)"]
    path = tmp_path / "writer.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="data")
        tt.io.write_table(crosstab_table(), writer, sheet="table")
    assert openpyxl.load_workbook(path).sheetnames == ["data", "table"]


def test_excel_grid_has_a_base_column(tmp_path: Path) -> None:
    df = pd.DataFrame({"men": ["Worse", "Same", "Worse"], "women": ["Better", "Worse", None]})
    table = tt.grid(
        df,
        "impact",
        columns=["men", "women"],
        items=["Men", "Women"],
        options=["Better", "Same", "Worse"],
    )
    path = tmp_path / "grid.xlsx"
    tt.io.write_table(table, path)
    ws = openpyxl.load_workbook(path)["impact"]
    assert ws.cell(row=5, column=8).value == "Base"
    assert [ws.cell(row=r, column=8).value for r in (7, 8)] == [3, 2]


def test_excel_of_a_suppressed_table_shows_the_marker_not_the_count(tmp_path: Path) -> None:
    result = suppress(crosstab_table(), threshold=3)
    path = tmp_path / "suppressed.xlsx"
    tt.io.write_table(result, path)
    ws = openpyxl.load_workbook(path)["size"]
    # NPS Small (2) is hidden with its percentage.
    assert ws["D8"].value == "[c]"
    assert ws["E8"].value == "[c]"
    values = [c.value for c in all_cells(path)]
    assert any(isinstance(v, str) and v.startswith("[c]: suppressed") for v in values)


def test_bad_excel_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"must end in \.xlsx"):
        tt.io.write_table(crosstab_table(), tmp_path / "table.csv")
    with pytest.raises(tt.InvalidOptionError, match="must be a path, an openpyxl Workbook"):
        tt.io.write_table(crosstab_table(), 42)


def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.xlsx"

    def broken_save(self: object, filename: object) -> None:
        Path(str(filename)).write_bytes(b"partial")
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        tt.io.write_report([crosstab_table()], target)
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("previous", encoding="utf-8")

    def write_then_fail() -> None:
        with atomic_path(target) as temporary:
            temporary.write_text("half", encoding="utf-8")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert target.read_text(encoding="utf-8") == "previous"
    assert list(tmp_path.iterdir()) == [target]


def test_missing_openpyxl_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(
        tt.MissingDependencyError, match=r'pip install "\.\[excel\]" in a clone of tracktr'
    ):
        crosstab_table().to_excel(tmp_path / "t.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_latex_escapes_and_carries_caption_base_and_notes() -> None:
    table = tt.Table(
        counts=pd.DataFrame({"100%_sure": [3, 5]}, index=["A & B", "£1,000+"]),
        bases=pd.Series({"100%_sure": 8}),
        title="Funding $ & risk #1",
        small_base=0,
    )
    latex = table.to_latex(label="tab:risk")
    assert r"\caption{Funding \$ \& risk \#1}" in latex
    assert r"\label{tab:risk}" in latex
    assert r" & 100\%\_sure \\" in latex
    assert r"A \& B & 38 (3) \\" in latex
    assert r"£1,000+ & 63 (5) \\" in latex
    assert r"Base & n=8 \\" in latex
    assert r"\end{table}" in latex
    assert latex.count(r"\begin{tabular}{lr}") == 1


def test_latex_of_a_grid_has_a_base_column() -> None:
    df = pd.DataFrame({"men": ["Worse", "Same"], "women": ["Better", "Worse"]})
    table = tt.grid(df, "impact", columns=["men", "women"], options=["Better", "Same", "Worse"])
    latex = tt.io.table_to_latex(table)
    assert r"\begin{tabular}{lrrrr}" in latex
    assert r"men & 0 (0) & 50 (1) & 50 (1) & n=2 \\" in latex


def test_report_html_and_markdown(tmp_path: Path) -> None:
    # Another question beside the protected one: its original would give the hidden away.
    tables: list[tt.Table | Suppression] = [
        formula_table(),
        suppress(crosstab_table(), threshold=3),
    ]
    html = tt.io.write_report(tables, tmp_path / "report.html", title="Members <2025>")
    page = html.read_text(encoding="utf-8")
    assert page.count("<table") == 2
    assert "<title>Members &lt;2025&gt;</title>" in page
    assert '<th scope="col">CRC</th>' in page
    assert "[c]" in page
    md = tt.io.write_report(tables, tmp_path / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Tables")
    assert "| Base" in md


def test_report_format_comes_from_the_extension(tmp_path: Path) -> None:
    with pytest.raises(tt.InvalidOptionError, match="cannot tell the report format"):
        tt.io.write_report([crosstab_table()], tmp_path / "report.pdf")
    with pytest.raises(tt.InvalidOptionError, match="no tables"):
        tt.io.write_report([], tmp_path / "report.html")
    assert list(tmp_path.iterdir()) == []


def test_neutralise() -> None:
    for text in DANGEROUS:
        assert tt.io.neutralise(text) == "'" + text
    assert tt.io.neutralise("Prison") == "Prison"
    assert tt.io.neutralise("") == ""


def test_import_tracktr_imports_no_optional_dependency() -> None:
    import subprocess

    code = (
        "import sys, tracktr, tracktr.io, tracktr.disclosure; "
        "print(sorted(m for m in ('pyreadstat', 'openpyxl', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def hostile_table() -> tt.Table:
    labels = ["[2015] figures", "line one\n\nline two", "a | b", "-10% or more", "Bell\x07"]
    return tt.Table(
        counts=pd.DataFrame({"All": [1, 2, 3, 4, 5]}, index=labels),
        bases=pd.Series({"All": 20}),
        question="q",
        title="[Draft]\nTitle",
    )


def test_latex_guards_brackets_blank_lines_and_bars() -> None:
    latex = hostile_table().to_latex()
    # After "\\" or "\midrule" LaTeX would read "[2015]" as an optional argument.
    assert "\\midrule\n{}[2015] figures & 5 (1) \\\\" in latex
    assert "line one line two & 10 (2) \\\\" in latex
    assert r"a \textbar{} b & 15 (3) \\" in latex
    assert r"-10\% or more & 20 (4) \\" in latex
    assert "Bell & 25 (5)" in latex
    assert "\x07" not in latex
    assert r"\caption{[Draft] Title}" in latex
    # No blank line (a paragraph break) inside the tabular.
    body = latex[latex.index(r"\begin{tabular}") : latex.index(r"\end{tabular}")]
    assert "\n\n" not in body


@pytest.mark.parametrize("label", ["tab x", "tab:}", "a\\b", "50%", "", "#1"])
def test_latex_refuses_a_label_latex_cannot_use(label: str) -> None:
    with pytest.raises(tt.InvalidOptionError, match="cannot be a LaTeX label"):
        hostile_table().to_latex(label=label)
    assert r"\label{tab:risk-2.1}" in hostile_table().to_latex(label="tab:risk-2.1")


def test_markdown_escapes_bars_and_line_breaks() -> None:
    text = hostile_table().to_markdown()
    assert text.startswith("**[Draft] Title**")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + 5 + 1  # header, rule, five rows, base
    # Every row has the same number of unescaped pipes: one cell per column.
    assert {line.replace("\\|", "").count("|") for line in rows} == {3}
    assert any("line one line two" in line for line in rows)
    assert any("a \\| b" in line for line in rows)


def test_excel_keeps_labels_as_typed_and_removes_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "hostile.xlsx"
    tt.io.write_table(hostile_table(), path)
    sheet = openpyxl.load_workbook(path)["q"]
    labels = [sheet.cell(row=r, column=1) for r in range(7, 12)]
    # "-10% or more" without the apostrophe that used to show, in a text cell.
    assert [c.value for c in labels][2:] == ["a | b", "-10% or more", "Bell"]
    assert all(c.data_type == "s" for c in labels)
    notes = [c.value for c in all_cells(path) if isinstance(c.value, str)]
    assert "Changed to fit a worksheet: 'Bell\\x07' (control characters removed)." in notes
    assert_no_live_formula(path)


def test_excel_text_of_error_codes_and_signs() -> None:
    from tracktr.io.excel import excel_text

    assert excel_text("#N/A") == ("#N/A", None)
    assert excel_text("+44 20") == ("+44 20", None)
    assert excel_text("@home") == ("@home", None)
    assert excel_text("=") == ("=", None)  # openpyxl reads only "=" and more as a formula
    assert excel_text("=1") == ("=1", None)  # unchanged: the writers mark it quote prefix
    assert excel_text("a\x00b\x1fc") == ("abc", "control characters removed")
    long, change = excel_text("x" * 40_000)
    assert (len(long), long[-1], change) == (32_767, "…", "cut to 32,767 characters")


# -- a protected table beside what it hides ----------------------------------------------


def _north_south(north_a: int = 41) -> tt.Table:
    counts = pd.DataFrame({"North": [north_a, 2, 37], "South": [23, 29, 1]}, index=["a", "b", "c"])
    bases = pd.Series({"North": 78 + north_a - 39, "South": 53})
    return tt.Table(counts=counts, bases=bases, question="q", title="Q")


@pytest.mark.parametrize("suffix", [".html", ".md", ".xlsx"])
def test_a_report_refuses_a_protected_table_beside_its_original(
    tmp_path: Path, suffix: str
) -> None:
    # Both printed, the original gives every hidden count back ("2 (3%)" beside "[c]").
    original = _north_south()
    protected = suppress(original)
    assert protected.suppressed.to_numpy().any()
    with pytest.raises(tt.InvalidDataError, match=r"tables 1 and 2 .* hides") as info:
        tt.io.write_report([protected, original], tmp_path / f"r{suffix}")
    assert "the count of 'b' in 'North'" in str(info.value)
    assert "tt.disclosure.protect" in str(info.value)
    assert not (tmp_path / f"r{suffix}").exists()


def test_a_one_way_table_of_a_protected_breakdowns_all_column_is_refused() -> None:
    # The 2 answering y are hidden in the All column too; frequencies(q) prints them.
    data = pd.DataFrame({"q": ["x"] * 30 + ["y"] * 2 + ["z"] * 20, "g": ["A", "B"] * 26})
    protected = suppress(tt.crosstab(data, "q", "g"))
    assert protected.suppressed.loc["y", "All"]
    with pytest.raises(tt.InvalidDataError, match="the count of 'y' in 'All'"):
        tt.io.report.report_html([protected, tt.frequencies(data, "q")])


def test_a_report_of_other_numbers_under_one_title_is_written(tmp_path: Path) -> None:
    # Another wave of the question prints other numbers under the same labels: not a twin.
    protected = suppress(_north_south())
    out = tt.io.write_report([protected, _north_south(north_a=40)], tmp_path / "r.html")
    assert out.read_text(encoding="utf-8").count("<caption>") == 2
    tt.io.excel.write_workbook([protected, protected], tmp_path / "twice.xlsx")


def test_two_groups_tables_protected_together_are_written(tmp_path: Path) -> None:
    # Before: refused. Heavily protected, the two print only their bases (25 and 25), and
    # one title; but the North's hidden B is 2 where the South prints 5: other numbers.
    options = ["A", "B", "C"]
    north = pd.DataFrame({"q1": ["A"] * 20 + ["B"] * 2 + ["C"] * 3})
    south = pd.DataFrame({"q1": ["A"] * 20 + ["B"] * 5})
    tables = [
        tt.frequencies(north, "q1", options=options),
        tt.frequencies(south, "q1", options=options),
    ]
    published = list(tt.disclosure.protect(tables))
    for suffix in (".html", ".md", ".xlsx"):
        assert tt.io.write_report(published, tmp_path / f"r{suffix}").exists()
    with pytest.raises(tt.InvalidDataError, match="hides"):  # the North's own original
        tt.io.write_report([published[0], tables[0]], tmp_path / "leak.html")

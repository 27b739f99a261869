"""Figures files (tracktr.reference.read_figures) and tt.check.report over them."""

from __future__ import annotations

import dataclasses
import math
import re
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr.cli import main
from tracktr.reference import Figure, FiguresFile


def _strip(file: FiguresFile) -> list[Figure]:
    # Where a figure sits in its file (CSV row, TOML entry) is not part of the figure.
    return [dataclasses.replace(f, line=0) for f in file]


def _frame(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows)).astype(object).fillna("")


GRAPH = (
    {"id": "n", "kind": "base", "source": "Graph 19", "base": 19},
    {"id": "no", "kind": "percent", "source": "Graph 19", "value": 94, "base": 19},
    {"id": "yes", "kind": "percent", "source": "Graph 19", "value": 5, "base": 19},
)


# -- the shipped files ------------------------------------------------------------------


def test_report_on_the_shipped_file_is_reference() -> None:
    path = tt.reference.path("trackTR-2016")
    assert tt.check.report(path) == tt.check.reference()
    every = tt.check.report(path, include_consistent=True)
    assert every == tt.check.reference(include_consistent=True)
    assert len(every) == 197


def test_the_shipped_file_holds_every_reference_figure() -> None:
    file = tt.reference.read_figures(tt.reference.path("trackTR-2016"))
    statements = [f for f in file if f.kind in ("base", "percent", "share", "count", "ratio")]
    assert {f.figure for f in statements} <= set(tt.reference.figure_names())
    assert file.tables() == tt.reference.tables()
    # Graph 19's caption, n=19, and the sentence "94%" that no count of 19 gives.
    assert file["graph_19_n"].base == 19
    assert (file["s24_no_transparency"].value, file["s24_no_transparency"].base) == (94.0, 19)
    assert len(file) == 381


def test_the_shipped_csv_is_what_the_writer_writes() -> None:
    # The file is in the canonical form, so reading and writing it changes nothing.
    path = tt.reference.path("trackTR-2016")
    assert tt.reference.read_figures(path).to_csv() == path.read_text("utf-8")


def test_template_is_consistent_in_both_formats() -> None:
    csv = tt.reference.read_figures(tt.reference.path("template"))
    toml = tt.reference.read_figures(tt.reference.path("template-toml"))
    assert _strip(csv) == _strip(toml)
    every = tt.check.report(csv, include_consistent=True)
    assert len(tt.check.report(csv)) == 0
    assert {f.verdict for f in every} == {"consistent", "unchecked"}
    assert {"s3_small", "t1", "g1_shares", "s2_ratio"} <= {f.figure for f in every}


def test_round_trip_of_the_shipped_file(tmp_path: Path) -> None:
    file = tt.reference.read_figures(tt.reference.path("trackTR-2016"))
    file.to_toml(tmp_path / "report.toml")
    again = tt.reference.read_figures(tmp_path / "report.toml")
    assert _strip(again) == _strip(file)
    again.to_csv(tmp_path / "report.csv")
    assert _strip(tt.reference.read_figures(tmp_path / "report.csv")) == _strip(file)
    assert tt.check.report(tmp_path / "report.toml") == tt.check.reference()


def test_path_of_an_unknown_file() -> None:
    with pytest.raises(tt.ReferenceNotFoundError, match=r"'trackTR-2016', 'template'"):
        tt.reference.path("trackTR-2017")


# -- reading ----------------------------------------------------------------------------


def test_csv_as_a_spreadsheet_user_types_it(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    # Excel's byte-order mark, a percent sign, a blank row, columns in any order, no id for
    # table cells, "yes" for a flag, one decimal typed as printed.
    path.write_text(
        "\ufeffkind,id,value,base,source,parts,complete,table,row,column,axis\n"
        "base,n,,80,Graph 1,,,,,,\n"
        "percent,a,37.5%,80,Graph 1,,,,,,\n"
        ",,,,,,,,,,\n"
        "percent,b,62.5,80,Graph 1,,,,,,\n"
        "distribution,all,,80,Graph 1,a; b,yes,,,,\n"
        "table,t1,,,Table 1,,no,,,,rows\n"
        "cell,,40,,Table 1,,,t1,Women,Main,\n",
        encoding="utf-8",
    )
    file = tt.reference.read_figures(path)
    assert file["a"].value == 37.5
    assert file["a"].decimals == 1
    assert file["all"].parts == (("", "a"), ("", "b"))
    assert file["all"].complete is True
    assert file["t1[Main]: Women"].line == 8
    assert len(tt.check.report(path)) == 0


def test_to_frame_is_text() -> None:
    frame = tt.reference.read_figures(_frame(*GRAPH)).to_frame()
    assert frame.columns.tolist() == list(tt.reference.FILE_COLUMNS)
    assert frame.loc[1, ["id", "kind", "value", "base"]].tolist() == ["no", "percent", "94", "19"]


def test_reading_does_not_change_the_frame() -> None:
    frame = _frame(*GRAPH)
    before = frame.copy()
    tt.reference.read_figures(frame)
    pd.testing.assert_frame_equal(frame, before)


# -- bad files: each error names the row --------------------------------------------------


def _error(*rows: dict[str, object]) -> tt.ReadError:
    with pytest.raises(tt.ReadError) as caught:
        tt.reference.read_figures(_frame(*rows))
    return caught.value


@pytest.mark.parametrize(
    ("row", "message"),
    [
        # A kind whose fields do not match it.
        (
            {"id": "x", "kind": "percent", "phrase": "almost half"},
            r"row 5 \('x'\): a percent needs a value",
        ),
        ({"id": "x", "kind": "base", "base": 19, "phrase": "half"}, r"a base has no phrase"),
        ({"id": "x", "kind": "ratio", "value": 2}, r"a ratio needs a numerator"),
        ({"id": "x", "kind": "share", "value": 30}, r"a share needs a phrase"),
        ({"id": "x", "kind": "cell", "value": 30}, r"a cell needs a table"),
        ({"id": "x", "kind": "sum", "parts": "n"}, r"a sum needs a of"),
        (
            {"id": "x", "kind": "percents", "value": 3},
            r"kind 'percents' is not a kind of figure \(did you mean 'percent'\?\)",
        ),
        ({"id": "", "kind": "percent", "value": 3}, r"a percent needs an id"),
        # Numbers that cannot be what they say.
        (
            {"id": "x", "kind": "percent", "value": 104, "base": 19},
            r"the percentage 104 is not between 0 and 100",
        ),
        (
            {"id": "x", "kind": "percent", "value": -1},
            r"the percentage -1 is not between 0 and 100",
        ),
        (
            {"id": "x", "kind": "percent", "value": 40, "base": 0},
            r"a base of 0: a share of no respondents cannot be printed",
        ),
        ({"id": "x", "kind": "base", "base": -3}, r"a base of -3"),
        (
            {"id": "x", "kind": "count", "count": 20, "base": 19},
            r"the count 20 is more than its base 19",
        ),
        ({"id": "x", "kind": "count", "count": -2}, r"the count -2 is negative"),
        ({"id": "x", "kind": "count", "count": 2.5}, r"count 2.5 is not a whole number"),
        # A float cannot hold every whole number above 2**53 (an OverflowError before).
        ({"id": "x", "kind": "base", "base": 1e30}, r"base 1e\+30 is too large"),
        # Before: float() read these as 10 and 30, figures no report prints.
        (
            {"id": "x", "kind": "percent", "value": "1e1"},
            r"value '1e1' is not a number \(type the figure as the report prints it",
        ),
        ({"id": "x", "kind": "percent", "value": "٣٠"}, r"value '٣٠' is not a number"),
        ({"id": "x", "kind": "base", "base": "1e30"}, r"base '1e30' is not a number"),
        ({"id": "x", "kind": "count", "count": 2**53 + 2}, r"count 9.0072e\+15 is too large"),
        ({"id": "x", "kind": "percent", "value": "ninety"}, r"value 'ninety' is not a number"),
        (
            {"id": "x", "kind": "count", "count": "1,200"},
            r"'1,200' is not a number \(write 12.5 with a point, and no thousands separators\)",
        ),
        ({"id": "x", "kind": "list", "values": "10; 120"}, r"the percentage 120 in values"),
        (
            {"id": "x", "kind": "ratio", "value": 0, "numerator": "no", "denominator": "yes"},
            r"the ratio 0 is not above 0",
        ),
        (
            {"id": "x", "kind": "base", "value": 20, "base": 19},
            r"a base prints one number, but value is 20 and base 19",
        ),
        (
            {"id": "x", "kind": "percent", "value": 5, "decimals": 7},
            # 0-3, as the checks read decimals: 4 passed the reader and then failed in the
            # check with "`decimals` must be from 0 to 3" and no row.
            r"decimals 7 is not between 0 and 3",
        ),
        (
            {"id": "x", "kind": "percent", "value": 5, "rule": "bankers"},
            r"rule 'bankers' is not a rounding rule",
        ),
        (
            {"id": "x", "kind": "table", "axis": "diagonal"},
            r"axis 'diagonal' is neither 'rows' nor 'columns'",
        ),
        (
            {"id": "x", "kind": "distribution", "parts": "no; yes", "complete": "maybe"},
            r"complete 'maybe' is not yes or no",
        ),
        # Links to what the file does not hold.
        (
            {"id": "x", "kind": "share", "phrase": "half", "restates": "noo"},
            r"links to figure 'noo', which is not in the file; close: 'no'",
        ),
        (
            {
                "id": "x",
                "kind": "ratio",
                "value": 2,
                "numerator": "no",
                "denominator": "yes + maybe",
            },
            r"links to figure 'maybe'",
        ),
        (
            {"id": "x", "kind": "distribution", "parts": "No = no; Maybe = maybe"},
            r"links to figure 'maybe'",
        ),
        (
            {"id": "x", "kind": "distribution", "parts": "No = no; Other = 130"},
            r"the percentage 130 is not between 0 and 100",
        ),
        (
            {"id": "x", "kind": "sum", "parts": "4", "of": "n"},
            r"a sum adds up figures; '4' is a number",
        ),
        (
            {"id": "x", "kind": "percent", "value": 5, "restates": "t9[Women]: Main"},
            r"links to table 't9'",
        ),
        (
            {"id": "x", "kind": "cell", "table": "t9", "row": "a", "column": "b", "value": 5},
            r"links to table 't9'",
        ),
        # Links to figures that do not print what the check reads of them.
        (
            {"id": "x", "kind": "distribution", "parts": "no; n"},
            r"links to 'n', which prints no percentage \(value\)",
        ),
        (
            {"id": "x", "kind": "sum", "parts": "no", "of": "n"},
            r"links to 'no', which prints no count",
        ),
        (
            {"id": "x", "kind": "subset", "parts": "n; no", "of": "no", "base": 19},
            r"links to 'n', which prints no count",
        ),
        (
            {"id": "x", "kind": "ratio", "value": 2, "numerator": "no", "denominator": "t"},
            r"links to figure 't'",
        ),
        ({"id": "a+b", "kind": "percent", "value": 5}, r"the id 'a\+b' holds one of \+ ; = \[ \]"),
        # An id used twice.
        ({"id": "no", "kind": "percent", "value": 5}, r"row 5 \('no'\): the same id as row 3"),
    ],
)
def test_bad_rows_are_named(row: dict[str, object], message: str) -> None:
    error = _error(*GRAPH, row)
    # The row's first problem is the one named (a row may have more: a cell with no table
    # has no row or column either).
    assert re.search(message, error.mismatches[0])
    with pytest.raises(tt.ReadError, match=message):
        tt.reference.read_figures(_frame(*GRAPH, row))


def test_every_problem_is_listed_at_once() -> None:
    error = _error(
        {"id": "a", "kind": "percent", "value": 120},
        {"id": "b", "kind": "percent", "value": 50, "base": 0},
        {"id": "c", "kind": "share", "phrase": "half", "restates": "z"},
    )
    assert error.mismatches == (
        "row 2 ('a'): the percentage 120 is not between 0 and 100",
        "row 3 ('b'): a base of 0: a share of no respondents cannot be printed",
        "row 4 ('c'): links to figure 'z', which is not in the file",
    )
    assert "3 problem(s)" in str(error)
    assert "Hint:" in str(error)


def test_links_to_rows_and_columns_of_a_table() -> None:
    table = (
        {"id": "t1", "kind": "table", "axis": "columns", "source": "Table 1"},
        {"kind": "cell", "table": "t1", "row": "Women", "column": "All", "value": 40},
    )
    with pytest.raises(tt.ReadError, match=r"links to a column of t1: 'Al'.*close: 'All'"):
        tt.reference.read_figures(
            _frame(*table, {"id": "x", "kind": "percent", "value": 40, "restates": "t1[Al]: Women"})
        )
    with pytest.raises(tt.ReadError, match=r"links to a row of t1: 'Men'"):
        tt.reference.read_figures(
            _frame(*table, {"id": "x", "kind": "percent", "value": 40, "restates": "t1[All]: Men"})
        )
    with pytest.raises(tt.ReadError, match=r"row 4 \('t1\[All\]: Women'\): the same cell as row 3"):
        tt.reference.read_figures(_frame(*table, table[1]))


def test_unknown_and_missing_columns() -> None:
    with pytest.raises(
        tt.ReadError,
        match=r"column 'vlaue' is not a column of a figures file \(did you mean 'value'\?\)",
    ):
        tt.reference.read_figures(pd.DataFrame({"id": ["a"], "kind": ["percent"], "vlaue": [3]}))
    with pytest.raises(tt.ReadError, match=r"the file has no 'kind' column"):
        tt.reference.read_figures(pd.DataFrame({"id": ["a"]}))


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(tt.ReadError, match=r"no such figures file"):
        tt.reference.read_figures(tmp_path / "absent.csv")
    (tmp_path / "report.xlsx").write_bytes(b"PK")
    with pytest.raises(
        tt.ReadError, match=r"a figures file is a \.csv or a \.toml file; got '\.xlsx'"
    ):
        tt.reference.read_figures(tmp_path / "report.xlsx")
    (tmp_path / "bad.toml").write_text("[[figures]\nid = 1\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"bad\.toml: not valid TOML"):
        tt.reference.read_figures(tmp_path / "bad.toml")
    (tmp_path / "empty.toml").write_text('title = "x"\n', encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"holds \[\[figures\]\] entries; found none"):
        tt.reference.read_figures(tmp_path / "empty.toml")
    (tmp_path / "keys.toml").write_text(
        '[[figures]]\nid = "a"\nkind = "base"\nbase = 3\n\n'
        '[[figures]]\nid = "b"\nkind = "percent"\nvalu = 3\n',
        encoding="utf-8",
    )
    with pytest.raises(tt.ReadError, match=r"entry 2 \('b'\): unknown keys valu"):
        tt.reference.read_figures(tmp_path / "keys.toml")
    (tmp_path / "rows.toml").write_text(
        '[[figures]]\nid = "a"\nkind = "percent"\nvalue = 300\n', encoding="utf-8"
    )
    with pytest.raises(tt.ReadError, match=r"entry 1 \('a'\): the percentage 300"):
        tt.reference.read_figures(tmp_path / "rows.toml")


def test_sides_of_a_ratio_and_a_sum_total() -> None:
    rows = (
        *GRAPH,
        {"id": "q", "kind": "quote", "value": None},
        {"id": "c", "kind": "count", "count": 3},
        {"id": "r", "kind": "ratio", "value": 2, "numerator": "no", "denominator": "q"},
        {"id": "s", "kind": "sum", "parts": "c", "of": "c"},
    )
    with pytest.raises(tt.ReadError) as caught:
        tt.reference.read_figures(_frame(*rows))
    assert caught.value.mismatches == (
        "row 7 ('r'): a side of the ratio, 'q', prints neither a value nor a count and base",
        "row 8 ('s'): links to 'c', which prints no base",
    )


def test_an_empty_csv_file(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"empty\.csv: the file is empty"):
        tt.reference.read_figures(tmp_path / "empty.csv")
    # A header and no figures is refused: "no findings" would read as all clear.
    (tmp_path / "header.csv").write_text("id,kind\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"header\.csv: the figures file holds no figures"):
        tt.check.report(tmp_path / "header.csv")


def test_a_verbal_share_of_a_huge_base_is_instant() -> None:
    # "Just over a third" of a billion, with no count printed: the counts that fit are one
    # interval, found in closed form (never one count at a time). tracktr.describe reads the
    # phrase as above 1/3, up to 1/3 + 3 points (included).
    rows = ({"id": "s", "kind": "share", "phrase": "just over a third", "base": 10**9},)
    (finding,) = tt.check.report(_frame(*rows), include_consistent=True)
    assert finding.verdict == "unchecked"
    low, high, low_in, high_in = tt.describe.phrase_interval("just over a third")
    assert (low_in, high_in) == (False, True)
    first = math.floor(Fraction(low) * 10**9) + 1
    last = math.floor(Fraction(high) * 10**9)
    assert (first, last) == (333_333_334, 363_333_333)
    assert finding.explanation == (
        "No count is printed; 'just over a third' of 1000000000 means 333333334 to "
        "363333333 respondents."
    )


def test_a_phrase_the_checker_cannot_read() -> None:
    frame = _frame(*GRAPH, {"id": "x", "kind": "share", "phrase": "a goodly number", "base": 19})
    with pytest.raises(tt.ReadError, match=r"row 5 \('x'\): phrase 'a goodly number'"):
        tt.check.report(frame)


def test_a_figure_not_in_the_file() -> None:
    file = tt.reference.read_figures(_frame(*GRAPH))
    with pytest.raises(tt.ReferenceNotFoundError, match=r"no figure 'nn'.*close ids: 'n'"):
        file["nn"]


# -- checking ---------------------------------------------------------------------------


def test_report_finds_graph_19() -> None:
    # Section 2.4 of the 2016 report: 94% of n=19; 17/19 = 89.5%, 18/19 = 94.7%.
    found = tt.check.report(_frame(*GRAPH))
    assert [(f.figure, f.verdict) for f in found] == [("no", "impossible")]
    assert "17 gives 89%, 18 gives 95%" in found[0].explanation


def test_a_declared_rule_is_used() -> None:
    # 94% of 19 is 18/19 = 94.7% truncated: a report that says it truncates is right.
    rows = [dict(r, rule="floor") for r in GRAPH if r["kind"] != "base"]
    assert len(tt.check.report(_frame(GRAPH[0], *rows))) == 0


def test_restated_table_cell_and_distribution() -> None:
    rows = (
        {"id": "t1", "kind": "table", "axis": "columns", "complete": "yes", "source": "Table 1"},
        {
            "kind": "cell",
            "table": "t1",
            "row": "Small",
            "column": "All",
            "value": 38,
            "count": 30,
            "base": 80,
        },
        {
            "kind": "cell",
            "table": "t1",
            "row": "Large",
            "column": "All",
            "value": 62,
            "count": 50,
            "base": 80,
        },
        {
            "id": "s",
            "kind": "percent",
            "value": 36,
            "restates": "t1[All]: Small",
            "claim": "36% are small",
        },
        {"id": "d", "kind": "distribution", "parts": "a = 40; b = 40; c = 40", "source": "Graph 2"},
    )
    found = tt.check.report(_frame(*rows))
    by_id = {f.figure: f for f in found}
    # 30 of 80 is 37.5%, half-up 38; the text's 36 restates it wrongly.
    assert by_id["s"].verdict == "inconsistent"
    assert "Table 1: 30 of 80 (37.5%)" in by_id["s"].explanation
    assert by_id["s"].claim == "36% are small"
    # Three options of 40% each sum to 120.
    assert by_id["d"].verdict == "impossible"


def test_table_without_counts_rows_partition() -> None:
    rows = [
        {"id": "t2", "kind": "table", "axis": "rows", "complete": "yes", "source": "Table 2"},
    ]
    for row, values in {"A": (6, 11, 30, 50), "B": (10, 20, 30, 40)}.items():
        rows += [
            {"kind": "cell", "table": "t2", "row": row, "column": c, "value": v}
            for c, v in zip("wxyz", values, strict=True)
        ]
    rows += [
        {"kind": "average", "table": "t2", "row": "AVERAGE", "column": c, "value": v}
        for c, v in zip("wxyz", (8, 18, 30, 45), strict=True)
    ]
    found = {f.figure: f for f in tt.check.report(_frame(*rows), include_consistent=True)}
    # Row A is Table 2's "People with mental health needs": 97 in all, no base gives it.
    assert found["t2_a"].verdict == "impossible"
    assert "(sum 97) fit no base up to 1000" in found["t2_a"].explanation
    assert found["t2_average_w"].verdict == "consistent"
    # The mean of 50 and 40 is 45; of 11 and 20, 15.5, not 18.
    assert found["t2_average_z"].verdict == "consistent"
    assert found["t2_average_x"].verdict == "inconsistent"


def test_ratio_to_a_share_that_may_be_zero() -> None:
    rows = (
        {"id": "n", "kind": "base", "base": 300, "source": "Graph 1"},
        {"id": "a", "kind": "percent", "value": 30, "source": "Graph 1"},
        {"id": "b", "kind": "percent", "value": 0, "source": "Graph 1"},
        {"id": "c", "kind": "count", "count": 0, "base": 300, "source": "Graph 1"},
        {"id": "r", "kind": "ratio", "value": 3, "numerator": "a", "denominator": "b"},
        {"id": "z", "kind": "ratio", "value": 3, "numerator": "a", "denominator": "c"},
    )
    found = {f.figure: f for f in tt.check.report(_frame(*rows))}
    # 0% printed is below 0.5%, 30% at least 29.5%: the ratio is 59 or more, never "about 3".
    assert found["r"].verdict == "inconsistent"
    assert "59.00 or more" in found["r"].explanation
    assert found["z"].verdict == "inconsistent"
    assert "the second share is 0" in found["z"].explanation


# -- findings written out ---------------------------------------------------------------


def test_findings_by_severity_and_formats(tmp_path: Path) -> None:
    found = tt.check.reference()
    ordered = [f.verdict for f in found.by_severity()]
    assert ordered == sorted(ordered, key=["impossible", "inconsistent", "doubtful"].index)
    text = found.render()
    assert text.startswith("Findings: 31 findings: 8 impossible, 11 inconsistent, 12 doubtful.")
    assert "Printed: Given that probation services" in text
    csv = pd.read_csv(found.write(tmp_path / "found.csv"))
    assert csv["verdict"].tolist()[:8] == ["impossible"] * 8
    markdown = found.write(tmp_path / "found.md").read_text("utf-8")
    assert markdown.count("\n| ") == 32
    page = found.write(tmp_path / "found.html", title="Report <2016>").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Report &lt;2016&gt;</title>" in page
    assert page.count('<tr class="impossible">') == 8
    assert "<q>Given that probation services" in page
    with pytest.raises(
        tt.InvalidOptionError, match=r"cannot tell the format from the suffix '\.pdf'"
    ):
        found.write(tmp_path / "found.pdf")
    with pytest.raises(tt.UnknownMethodError, match="format"):
        found.render("pdf")  # type: ignore[arg-type]
    assert "No findings." in tt.check.report(_frame(GRAPH[0])).render()


# -- the command ------------------------------------------------------------------------


def test_command_checks_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.csv"
    tt.reference.read_figures(_frame(*GRAPH)).to_csv(path)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Findings of report.csv: 1 finding: 1 impossible.")
    assert "IMPOSSIBLE: no (Graph 19)" in out
    assert main(["check", str(path), "--format", "markdown"]) == 0
    assert "| impossible | no | Graph 19 |" in capsys.readouterr().out
    page = tmp_path / "found.html"
    assert main(["check", str(path), "--output", str(page)]) == 0
    assert f"Wrote {page}." in capsys.readouterr().out
    assert '<tr class="impossible">' in page.read_text("utf-8")
    assert main(["check", "--reference", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("figure,verdict,explanation")


def test_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "94"]) == 2
    assert "94 looks like a printed percentage: give its base too" in capsys.readouterr().err
    assert main(["check", "ninety", "19"]) == 2
    assert "'ninety' is not a printed percentage" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "absent.csv")]) == 2
    assert "no such figures file" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("id,kind,value\nx,percent,140\n", encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    assert "row 2 ('x'): the percentage 140 is not between 0 and 100" in capsys.readouterr().err


def test_a_figure_linked_to_itself_is_a_problem_of_the_file() -> None:
    # Before: a ratio whose denominator was itself was read and checked, with no finding.
    frame = tt.reference.read_figures(tt.reference.path("template")).to_frame()
    frame.loc[frame["id"] == "s2_ratio", "denominator"] = "s2_ratio"
    with pytest.raises(tt.ReadError) as caught:
        tt.check.report(frame)
    assert caught.value.mismatches == (
        "row 9 ('s2_ratio'): links to itself; link it to another figure",
    )


def test_figures_that_are_not_a_file_or_frame_are_refused() -> None:
    # Before: TypeError: expected str, bytes or os.PathLike object, not list.
    with pytest.raises(
        tt.ReadError, match="a file's path, a DataFrame or a FiguresFile; got a list"
    ):
        tt.check.report([{"id": "a", "kind": "base", "base": 80}])  # type: ignore[arg-type]


@pytest.mark.parametrize("marker", ["[c]", "x", "..", "*"])
def test_a_suppressed_figure_is_refused_with_the_way_to_list_the_rest(marker: str) -> None:
    template = tt.reference.read_figures(tt.reference.path("template")).to_frame()
    cells = template[template["kind"] == "cell"]
    cell = cells.index[(cells["row"] == "Over £1m") & (cells["column"].str.startswith("Funded"))]
    marked = template.copy()
    marked.loc[cell, "value"] = marker
    with pytest.raises(tt.ReadError, match=r"marks as suppressed or not available"):
        tt.check.report(marked)
    # The hint followed: the cell left out, its table no longer complete. Left out but
    # still complete, the table would share out the funded base over a cell it lacks.
    kept = template.drop(index=cell)
    with pytest.raises(tt.ReadError, match=r"is complete, but the file lists no cell \['Fun"):
        tt.check.report(kept)
    kept.loc[kept["id"] == "t1", "complete"] = ""
    assert len(tt.check.report(kept)) == 0
    # The cells still listed are read, not blanked with the one left out.
    table = tt.reference.read_figures(kept).table("t1")
    assert table.printed.loc["Under £100k"].tolist() == [38, 25]


def test_a_figure_restating_a_cell_the_file_leaves_out_is_a_file_problem() -> None:
    # The row and the column are listed, but not their cell: the check crashed with
    # "ValueError: cannot convert float NaN to integer".
    template = tt.reference.read_figures(tt.reference.path("template")).to_frame()
    restated = template.index[(template["kind"] == "cell") & (template["row"] == "Under £100k")
                              & template["column"].str.startswith("All")]  # fmt: skip
    expected = (
        r"row 20 \('s3_small'\): restates t1 cell\(s\) "
        r"\[.All members \(n=80\): Under £100k.\], which the file does not list"
    )
    with pytest.raises(tt.ReadError, match=expected):
        tt.check.report(template.drop(index=restated))


def test_a_figures_file_separated_by_semicolons_is_named_as_such(tmp_path: Path) -> None:
    # A spreadsheet's "CSV" in French or German: before, "rows 6, 8... have more fields
    # than the 1 of the header", which said nothing of semicolons.
    frame = tt.reference.read_figures(tt.reference.path("template")).to_frame()
    path = tmp_path / "figures.csv"
    frame.to_csv(path, sep=";", index=False)
    with pytest.raises(tt.ReadError, match=r"the header 'id;kind;source;.* separated by semic"):
        tt.reference.read_figures(path)
    again = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    assert len(tt.check.report(again)) == 0  # what the hint says works


# -- how a figures file is read: encodings, separators, headers, rows ----------------------


def test_a_cp1252_figures_file_names_the_line_and_cell_and_reads_with_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Excel's "CSV (Comma delimited)" on Windows, with "£" in a claim. Before: "not a
    # readable CSV file: 'utf-8' codec can't decode byte 0xa3 in position 41", no line,
    # no remedy, and no way to give the encoding.
    path = tmp_path / "figures.csv"
    text = "id,kind,value,base,claim\na,percent,45,20,£100k\nb,percent,94,19,\n"
    path.write_bytes(text.encode("cp1252"))
    expected = (
        r"line 2, column 5 \('claim'\), in '\ufffd100k': byte b'\\xa3' is not utf-8-sig text"
        r"(.|\n)*pass encoding='cp1252' \(tracktr: --encoding cp1252\), or save it as 'CSV UTF-8'"
    )
    with pytest.raises(tt.ReadError, match=expected):
        tt.check.report(path)
    assert tt.reference.read_figures(path, encoding="cp1252")["a"].claim == "£100k"
    (finding,) = tt.check.report(path, encoding="cp1252")
    assert finding.figure == "b"
    assert main(["check", str(path)]) == 2
    assert "line 2, column 5 ('claim')" in capsys.readouterr().err
    assert main(["check", str(path), "--encoding", "cp1252"]) == 0
    assert "IMPOSSIBLE: b" in capsys.readouterr().out
    assert main(["check", "67", "87", "--encoding", "cp1252"]) == 2
    assert "and --encoding reads one (.csv), not one number" in capsys.readouterr().err
    unknown = r"`encoding` \(tracktr: --encoding\) 'latin-9x' is not a text enc"
    with pytest.raises(tt.InvalidOptionError, match=unknown):
        tt.reference.read_figures(path, encoding="latin-9x")


def test_a_byte_after_a_byte_order_mark_is_placed_in_the_file(tmp_path: Path) -> None:
    # utf-8-sig counts a bad byte's position from after the mark it removes.
    path = tmp_path / "figures.csv"
    path.write_bytes("\ufeffid,kind,value\n\na,percent,45\n".encode() + b"\xe9,percent,5\n")
    with pytest.raises(tt.ReadError, match=r"line 4, column 1 \('id'\), in '\ufffd'"):
        tt.reference.read_figures(path)


def test_a_toml_figures_file_that_is_not_utf8_is_a_read_error(tmp_path: Path) -> None:
    # Before: UnicodeDecodeError escaped tt.check.report.
    path = tmp_path / "figures.toml"
    path.write_bytes('[[figures]]\nid = "a"\nkind = "amount"\nclaim = "£1"\n'.encode("cp1252"))
    with pytest.raises(tt.ReadError, match=r"line 4: byte b'\\xa3' is not UTF-8 text"):
        tt.check.report(path)


@pytest.mark.parametrize("header_only", [False, True])
def test_a_tab_separated_figures_file_is_named_as_such(tmp_path: Path, header_only: bool) -> None:
    # Before: "column 'id\tkind\tvalue\tbase' is not a column of a figures file", then
    # "the file has no 'id' column" and no 'kind' column.
    path = tmp_path / "figures.csv"
    rows = "" if header_only else "a\tpercent\t94\t19\n"
    path.write_text("id\tkind\tvalue\tbase\n" + rows, encoding="utf-8")
    expected = (
        r"the header 'id\\tkind\\tvalue\\tbase' is separated by tabs, not commas "
        r"(.|\n)*pandas.read_csv\(path, sep='\\t', dtype=str, keep_default_na=False\)"
    )
    with pytest.raises(tt.ReadError, match=expected):
        tt.check.report(path)
    if not header_only:  # what the hint says works
        again = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
        assert [f.figure for f in tt.check.report(again)] == ["a"]


def test_a_repeated_or_blank_header_is_named_as_the_file_has_it(tmp_path: Path) -> None:
    # Before: "column 'value.1' is not a column of a figures file (did you mean 'value'?)"
    # and "column 'Unnamed: 4' is not a column", names pandas gives, not the file.
    path = tmp_path / "figures.csv"
    path.write_text("id,kind,value,base,value,\na,percent,94,19,45,x\n", encoding="utf-8")
    with pytest.raises(tt.ReadError) as caught:
        tt.reference.read_figures(path)
    assert caught.value.mismatches == (
        (
            "column 6 has no header: give it one of the columns of a figures file, or "
            "delete the column if it holds nothing"
        ),
        (
            "the header has 'value' twice (columns 3 and 5): a figure has one 'value'; "
            "delete the repeat, or name the column it should be"
        ),
    )
    # A frame's 'value ' is its 'value' (names are read stripped): before, the row kept
    # the second cell, 45, and dropped 94 unseen.
    frame = pd.DataFrame({"id": ["a"], "kind": ["percent"], "value": ["94"], "value ": ["45"]})
    with pytest.raises(tt.ReadError, match=r"the header has 'value' twice \(columns 3 and 4\)"):
        tt.check.report(frame)


def test_a_row_with_fewer_fields_than_the_header_is_refused(tmp_path: Path) -> None:
    # Before: the row was padded with blank cells, its base lost and the figure
    # 'unchecked', while a row with more fields was refused.
    path = tmp_path / "figures.csv"
    path.write_text("id,kind,value,base\na,percent,94\nb,percent,94,19\n,,\n", encoding="utf-8")
    expected = (
        r"row 2 \(3 fields\) has fewer fields than the 4 of the header, so the cells it "
        r"lacks would be read as blank\.\n\nHint: give every row 4 fields: .* "
        r"\(row 2: 'a,percent,94,'\)"
    )
    with pytest.raises(tt.ReadError, match=expected):
        tt.check.report(path, include_consistent=True)
    # The row written as the hint says is read, its base blank; ",," holds no figure.
    path.write_text("id,kind,value,base\na,percent,94,\nb,percent,94,19\n,,\n", encoding="utf-8")
    found = tt.check.report(path, include_consistent=True)
    assert [(f.figure, f.verdict) for f in found] == [("a", "unchecked"), ("b", "impossible")]


def test_a_folder_given_as_the_figures_file_is_named_as_a_folder(tmp_path: Path) -> None:
    # Before: "no such figures file", though the path exists (a folder).
    with pytest.raises(tt.ReadError, match="is a folder, not a figures file"):
        tt.check.report(tmp_path)

"""tt.reproduce(): the 2016 report rebuilt from the synthetic microdata."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt


@pytest.fixture(scope="module")
def result() -> tt.Reproduction:
    return tt.reproduce()


def test_table_3_counts_and_percentages_are_reproduced_exactly(result: tt.Reproduction) -> None:
    # Change & challenge (2016), Table 3, page 25.
    t3 = result.table("table_3")
    assert t3.table.counts["Respondents as a whole"].tolist() == [35, 19, 20, 26, 31, 8, 12]
    assert t3.table.counts["CRC-funded respondents"].tolist() == [2, 3, 6, 4, 7, 4, 8]
    assert t3.matches == len(t3.comparison) == 14


def test_table_1_differs_only_where_the_print_is_not_half_up(result: tt.Reproduction) -> None:
    t1 = result.table("table_1").comparison
    differing = t1[~t1["match"]]
    # The two cells the checker explains only by rounding twice (46 and 49 of 151).
    assert sorted(differing["printed_count"].tolist()) == [46, 49]
    assert (differing["count"] == differing["printed_count"]).all()


def test_every_cell_not_reproduced_says_why(result: tt.Reproduction) -> None:
    # The page marked these four cells "differs" in bold orange beside a summary saying
    # "0 differ": the print of each is impossible, which the cell did not say.
    statuses = {
        t.name: t.comparison.loc[~t.comparison["match"], "status"].tolist() for t in result.tables
    }
    # Table 1: 46 and 49 of 151 printed as 31% and 33% (rounded twice): counts as printed.
    assert statuses["table_1"] == ["count as printed", "count as printed"]
    # Table 2, mental health needs: 6, 11, 30 and 50% of 96 no counts give together.
    assert statuses["table_2"] == ["nearest possible", "nearest possible"]
    assert not tt.check.distribution([6, 11, 30, 50], 96).possible
    assert statuses["table_3"] == []
    for t in result.tables:
        assert (t.comparison["status"] == "same").sum() == t.matches
    page = result.render(format="html")
    assert ">differs<" not in page
    assert "2 cells take the nearest possible value" in result.summary()
    assert "0 differ." in result.summary()


def test_every_figure_is_reproduced_or_explained(result: tt.Reproduction) -> None:
    statuses = result.counts()
    assert statuses["reproduced"] >= 70
    # A figure takes the nearest possible value only where the checker flags its print
    # (or the printed distribution it belongs to) as impossible or inconsistent.
    assert statuses["differs"] == 0
    nearest = result.figures[result.figures["status"] == "nearest possible"]
    assert "s26_users_over_250" in set(nearest["figure"])  # 64% + 35% of 89 (Graph 23)
    assert "s23_statutory_no_change" in set(nearest["figure"])  # Graph 11 sums to 106


def test_bases_of_the_graphs_are_reproduced(result: tt.Reproduction) -> None:
    bases = result.figures[result.figures["kind"] == "base"]
    computed = bases[bases["status"] != "not recomputed"]
    assert len(computed) >= 20
    assert (computed["status"] == "reproduced").all()


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_render_every_format(result: tt.Reproduction, fmt: str) -> None:
    text = result.render(format=fmt)  # type: ignore[arg-type]
    assert "151" in text
    if fmt == "json":
        parsed = json.loads(text)
        assert parsed["synthetic"] is True
        assert set(parsed["tables"]) == {"table_1", "table_2", "table_3"}
    else:
        assert "synthetic" in text.lower()


def test_write_one_file_per_table(result: tt.Reproduction, tmp_path: Path) -> None:
    paths = result.write(tmp_path / "out", format="markdown")
    assert sorted(p.name for p in paths) == [
        "figures.md",
        "findings.md",
        "table_1.md",
        "table_2.md",
        "table_3.md",
    ]
    assert "| Under £100,000" in (tmp_path / "out" / "table_3.md").read_text(encoding="utf-8")


def test_unknown_table_and_format(result: tt.Reproduction) -> None:
    with pytest.raises(tt.InvalidOptionError, match="table_1"):
        result.table("table_9")
    with pytest.raises(tt.UnknownMethodError, match="markdown"):
        result.render(format="pdf")  # type: ignore[arg-type]


def test_invalid_data_is_reported() -> None:
    data = tt.datasets.tracktr_2015().copy()
    data["income"] = data["income"].astype(object)
    data.loc[data.index[0], "income"] = "A lot"
    with pytest.raises(tt.SurveyValidationError):
        tt.reproduce(data)


def test_summary_mentions_the_findings(result: tt.Reproduction) -> None:
    summary = result.summary()
    assert summary.startswith("Reproduced ")
    assert "impossible" in summary
    assert isinstance(result.to_frame(), pd.DataFrame)


def test_a_count_figure_shows_counts_in_both_columns(result: tt.Reproduction) -> None:
    # Issue 11: s26_subsidy_either printed 67 (its percentage) beside 58 (the count).
    # Section 2.6: "58 organisations (67%) have had to subsidise their service delivery".
    row = result.figures.set_index("figure").loc["s26_subsidy_either"]
    assert (row["kind"], row["printed"], row["reproduced"]) == ("count", 58.0, 58.0)
    counts = result.figures[result.figures["kind"] == "count"]
    # A printed count is a whole number of organisations, never a share.
    assert all(float(v).is_integer() for v in counts["printed"])


@pytest.mark.parametrize("width", [40, 72, 100])
def test_render_fits_a_width(result: tt.Reproduction, width: int) -> None:
    lines = result.render(width=width).splitlines()
    assert max(len(line) for line in lines) <= width
    # Numbers are never cut: every figure of Table 3's CRC column is still there.
    text = "\n".join(lines)
    for cell in ["6 (2)", "9 (3)", "18 (6)", "12 (4)", "21 (7)", "24 (8)"]:
        assert cell in text
    # Long labels are abbreviated with "…", not dropped.
    assert "s26_sub" in text
    assert "…" in text


def test_render_width_must_be_usable(result: tt.Reproduction) -> None:
    with pytest.raises(tt.InvalidOptionError, match="`width` must be at least 40"):
        result.render(width=10)


def test_write_takes_a_str_and_refuses_a_file(result: tt.Reproduction, tmp_path: Path) -> None:
    paths = result.write(str(tmp_path / "as-str"), format="text")
    assert len(paths) == 5
    assert all(p.parent == tmp_path / "as-str" for p in paths)
    afile = tmp_path / "report.txt"
    afile.write_text("mine", encoding="utf-8")
    with pytest.raises(tt.WriteError, match=r"report\.txt' is a file, not a folder"):
        result.write(afile)
    assert afile.read_text(encoding="utf-8") == "mine"

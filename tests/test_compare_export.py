"""compare_groups(groups=) and group comparisons written by tt.io.write_report."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import tracktr as tt


@pytest.fixture
def regions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": pd.Categorical(
                ["North"] * 30 + ["South"] * 40 + ["Wales"] * 5,
                categories=["North", "South", "Wales", "East"],
            ),
            "grants": ["Yes"] * 5 + ["No"] * 25 + ["Yes"] * 29 + ["No"] * 11 + ["Yes"] * 5,
        }
    )


def test_groups_keeps_a_subset_in_order(regions: pd.DataFrame) -> None:
    every = tt.compare_groups(regions, "grants", "region", options=["Yes", "No"])
    assert every.groups == ("North", "South", "Wales", "East")  # East: n/a, no respondents
    subset = tt.compare_groups(
        regions, "grants", "region", options=["Yes", "No"], groups=["South", "North"]
    )
    assert subset.groups == ("South", "North")
    assert list(subset.display().columns) == ["South (A)", "North (B)", "All"]
    assert subset.display().loc["Yes"].tolist() == ["73% B", "17%", "52%"]
    # Two groups: one comparison per option, adjusted over those two only.
    assert len(subset.comparisons) == 2
    assert int(subset.table.bases["All"]) == 75  # the whole sample stays the total


def test_groups_must_be_groups(regions: pd.DataFrame) -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"`groups` names \['Kent'\]"):
        tt.compare_groups(regions, "grants", "region", options=["Yes", "No"], groups=["Kent"])


def test_group_comparison_is_written_with_its_letters(
    regions: pd.DataFrame, tmp_path: Path
) -> None:
    result = tt.compare_groups(
        regions, "grants", "region", options=["Yes", "No"], groups=["North", "South"]
    )
    tt.io.write_report({"grants by region": result}, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["grants by region"]
    assert [sheet.cell(row=5, column=k).value for k in (2, 4, 6)] == [
        "North (A)",
        "South (B)",
        "All",
    ]
    assert sheet["D7"].value == "73 A"  # South, significantly above North (A)
    assert sheet["B8"].value == "83 B"
    markdown = tt.io.write_report([result], tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| Yes | 17 (5) | 73 A (29) | 52 (39) |" in markdown
    assert "Letters: a percentage followed by a letter" in markdown
    page = tt.io.write_report([result], tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<td>73 A (29)</td>" in page


def test_write_report_still_refuses_other_objects(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"a protected table or a group comparison .*; got dict"):
        tt.io.write_report([{"a": 1}], tmp_path / "r.html")  # type: ignore[list-item]

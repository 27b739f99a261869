"""Small-cell suppression: known tables, what is recorded, errors, and publishing."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import tracktr as tt
from tracktr.disclosure import Suppression, suppress


def by_funder() -> tt.Table:
    # The shape of the report's crosstabs: options by funder, an All column, column bases.
    counts = pd.DataFrame(
        {"CRC": [2, 10, 12], "NPS": [9, 11, 8]}, index=["Increased", "Same", "Decreased"]
    )
    return tt.Table(
        counts=counts.assign(All=counts.sum(axis=1)),
        bases=pd.Series({"CRC": 24, "NPS": 28, "All": 52}),
        question="services_changed",
        title="Have your services changed?",
    )


def test_a_known_table() -> None:
    result = suppress(by_funder(), threshold=3)
    assert isinstance(result, Suppression)
    hidden = result.suppressed
    assert hidden.loc["Increased", "CRC"]
    # One small cell forces a rectangle of four cells; row totals and bases stay published.
    assert int(hidden.to_numpy().sum()) == 4
    assert not hidden["All"].any()
    assert not result.suppressed_bases.any()
    cells = result.cells
    assert cells.columns.tolist() == ["row", "column", "count", "reason", "protects", "low", "high"]
    primary = cells[cells["reason"] == "primary"]
    assert primary[["row", "column", "count"]].to_numpy().tolist() == [["Increased", "CRC", 2]]
    secondary = cells[cells["reason"] == "secondary"]
    assert set(secondary["protects"]) == {"Increased / CRC"}
    # The interval an adversary can deduce holds the truth and is never a single value.
    assert (cells["low"] <= cells["count"]).all()
    assert (cells["count"] <= cells["high"]).all()
    assert (cells["low"] < cells["high"]).all()


def test_display_frame_hides_counts_and_percentages() -> None:
    result = suppress(by_funder(), threshold=3)
    shown = result.display_frame()
    assert shown.loc["Increased", "CRC"] == "[c]"
    assert shown.loc["Base", "CRC"] == "n=24"
    visible = shown.drop(index="Base").to_numpy().ravel().tolist()
    assert "[c]" in visible
    assert all(v == "[c]" or "(" in v for v in visible)
    markdown = result.to_markdown()
    assert "**Have your services changed?**" in markdown
    assert "(2)" not in markdown
    assert "[c]: suppressed to protect respondents: counts below 3" in markdown


def test_notes_leave_out_rounding_sums_written_from_hidden_counts() -> None:
    result = suppress(by_funder(), threshold=3)
    assert all("because of rounding" not in note for note in result.notes)
    assert result.notes[-1].startswith("[c]: suppressed")


def test_nothing_small_hides_nothing() -> None:
    result = suppress(by_funder(), threshold=2)
    assert len(result.cells) == 0
    assert not result.suppressed.to_numpy().any()
    expected = by_funder().to_frame(layout="report")
    pd.testing.assert_frame_equal(
        result.display_frame().drop(index="Base"), expected.astype(object)
    )
    assert repr(result) == (
        "Suppression(question='services_changed', threshold=2, primary=0, secondary=0, "
        "bases hidden=0)"
    )


def test_zero_counts_are_published() -> None:
    table = dataclasses.replace(
        by_funder(),
        counts=by_funder().counts.assign(CRC=[0, 12, 12], All=[9, 23, 20]),
    )
    result = suppress(table, threshold=3)
    assert not result.suppressed.to_numpy().any()


def test_secondary_false_hides_only_small_cells() -> None:
    result = suppress(by_funder(), threshold=3, secondary=False)
    assert result.cells["reason"].tolist() == ["primary"]
    # ... which a reader can undo: the row total minus the other cell.
    assert result.cells["low"].tolist() == result.cells["high"].tolist() == [2]


def test_a_frequency_table_without_groups() -> None:
    df = pd.DataFrame({"q": ["a"] * 40 + ["b"] * 2 + ["c"] * 30})
    table = tt.frequencies(df, "q", options=["a", "b", "c"])
    result = suppress(table)
    # "b" (2) and the smallest other cell that hides it: "c" (30).
    assert result.suppressed["All"].tolist() == [False, True, True]
    assert result.cells["reason"].tolist() == ["primary", "secondary"]


def test_a_grid_is_protected_along_its_rows() -> None:
    counts = pd.DataFrame(
        {"Better": [3, 20, 15], "Same": [40, 10, 12], "Worse": [30, 25, 2]},
        index=["Men", "Women", "Young people"],
    )
    table = tt.Table(counts=counts, bases=counts.sum(axis=1), kind="grid", percent_axis="rows")
    result = suppress(table, threshold=5)
    assert result.suppressed.sum(axis=1).tolist() == [2, 0, 2]
    shown = result.display_frame()
    assert shown.loc["Men", "Base"] == "n=73"


def test_a_multi_response_table_by_group() -> None:
    df = pd.DataFrame(
        {
            "funder": ["CRC"] * 3 + ["NPS"] * 30,
            "prison": [1, 1, 1] + [1] * 10 + [0] * 20,
            "community": [0, 1, 0] + [1] * 25 + [0] * 5,
        }
    )
    table = tt.multi_response(df, "where", columns=["prison", "community"], by="funder")
    result = suppress(table, threshold=5)
    # Everyone in the CRC group ticked "prison" (3 of 3): hidden with enough else that
    # the group's count cannot be recovered from the All column.
    assert result.suppressed.loc["prison", "CRC"]
    assert (result.cells["low"] < result.cells["high"]).all()


def test_bad_options() -> None:
    with pytest.raises(tt.InvalidOptionError, match="`threshold` must be a whole number"):
        suppress(by_funder(), threshold=0)
    with pytest.raises(tt.InvalidOptionError, match="`threshold` must be a whole number"):
        suppress(by_funder(), threshold=2.5)  # type: ignore[arg-type]
    df = pd.DataFrame({"men": ["Better", "Worse"], "women": ["Worse", "Worse"]})
    grid = tt.grid(df, "impact", columns=["men", "women"], average=True)
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)summary rows.*Hint: tabulate the grid"):
        suppress(grid)


def test_the_input_table_is_unchanged() -> None:
    table = by_funder()
    before = table.counts.copy()
    suppress(table, threshold=20)
    pd.testing.assert_frame_equal(table.counts, before)


def test_suppressed_tables_export() -> None:
    result = suppress(by_funder(), threshold=3)
    latex = tt.io.table_to_latex(result)
    assert r"Increased & [c] & [c] & 21 (11) \\" in latex
    html = tt.io.report.report_html([result])
    assert "<td>[c]</td>" in html

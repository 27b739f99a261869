"""Unit tests for tt.Table: validation, percentages, notes and exports (exact strings)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt

# Change & challenge (2016), Table 3: income of all respondents (n=151) and of the
# CRC-funded respondents (n=34), printed counts.
BANDS = [
    "Under £100,000",
    "£100,000 - £250,000",
    "£250,000 - £500,000",
    "£500,000 - £1m",
    "£1m - £5m",
    "£5m - £10m",
    "Over £10m",
]


@pytest.fixture
def table3() -> tt.Table:
    counts = pd.DataFrame(
        {"All respondents": [35, 19, 20, 26, 31, 8, 12], "CRC-funded": [2, 3, 6, 4, 7, 4, 8]},
        index=BANDS,
    )
    return tt.Table(
        counts=counts,
        bases=pd.Series({"All respondents": 151, "CRC-funded": 34}),
        question="income",
        title="The income of respondents as a whole compared to the CRC funded respondents",
        kind="crosstab",
    )


def test_table3_percentages_match_the_report(table3: tt.Table) -> None:
    pct = table3.percentages()
    assert pct["All respondents"].tolist() == [23, 13, 13, 17, 21, 5, 8]
    assert pct["CRC-funded"].tolist() == [6, 9, 18, 12, 21, 12, 24]


def test_table3_notes(table3: tt.Table) -> None:
    assert table3.notes == (
        "Base: respondents who answered (All respondents n=151; CRC-funded n=34).",
        "Percentages are rounded half-up to whole numbers.",
        "Percentages of CRC-funded sum to 102, not 100, because of rounding.",
    )


def test_small_base_flag_and_largest_remainder(table3: tt.Table) -> None:
    small = dataclasses.replace(table3, small_base=35)
    assert small.small_bases.to_dict() == {"All respondents": False, "CRC-funded": True}
    assert any("Small base" in note and "CRC-funded (n=34)" in note for note in small.notes)
    fixed = table3.with_rounding(rule="largest_remainder")
    assert fixed.percentages().sum().tolist() == [100, 100]
    assert not any("because of rounding" in note for note in fixed.notes)
    assert "largest remainder" in fixed.notes[1]


def test_report_layout_and_long_layout(table3: tt.Table) -> None:
    report = table3.to_frame(layout="report")
    assert report.loc["Under £100,000"].tolist() == ["23 (35)", "6 (2)"]
    long = table3.to_frame(layout="long")
    assert long.columns.tolist() == ["row", "column", "count", "base", "percent"]
    assert len(long) == 14
    first = long.iloc[1]
    assert (first["row"], first["column"], first["count"], first["base"]) == (
        "Under £100,000",
        "CRC-funded",
        2,
        34,
    )
    wide = table3.to_frame()
    assert wide[("CRC-funded", "percent")].tolist()[0] == 6


def test_markdown_exact(table3: tt.Table) -> None:
    text = table3.to_markdown()
    assert text.splitlines()[2] == "|                     | All respondents | CRC-funded |"
    assert "| Under £100,000      | 23 (35)         | 6 (2)      |" in text
    assert "| Base                | n=151           | n=34       |" in text


def test_html_is_escaped_and_has_a_caption(table3: tt.Table) -> None:
    html = dataclasses.replace(table3, title="<b>Income</b>").to_html()
    assert "<caption>&lt;b&gt;Income&lt;/b&gt;</caption>" in html
    assert '<th scope="row">Under £100,000</th>' in html
    assert table3._repr_html_() == table3.to_html()


def test_repr_and_str(table3: tt.Table) -> None:
    assert repr(table3).startswith("Table(question='income', kind='crosstab', shape=(7, 2)")
    assert "n=151" in str(table3)


def test_is_frozen(table3: tt.Table) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        table3.rule = "floor"  # type: ignore[misc]


def test_bad_construction() -> None:
    counts = pd.DataFrame({"a": [1]})
    with pytest.raises(tt.InvalidOptionError, match="indexed like"):
        tt.Table(counts=counts, bases=pd.Series({"b": 1}))
    with pytest.raises(tt.UnknownMethodError, match="half_up"):
        tt.Table(counts=counts, bases=pd.Series({"a": 1}), rule="round")  # type: ignore[arg-type]
    with pytest.raises(tt.NotAPartitionError):
        tt.Table(
            counts=counts, bases=pd.Series({"a": 1}), partition=False, rule="largest_remainder"
        )


def test_decimals_in_display() -> None:
    t = tt.Table(counts=pd.DataFrame({"n": [1, 7]}), bases=pd.Series({"n": 8}), decimals=1)
    assert t.to_frame(layout="report")["n"].tolist() == ["12.5 (1)", "87.5 (7)"]
    assert "1 decimal place(s)" in t.notes[1]


# -- issue 11: a summary row has no respondent base; a Table refuses impossible counts ------


def _average_grid() -> tt.Table:
    df = pd.DataFrame(
        {"men": ["Worsened", "No change", "Worsened"], "women": ["Improved", "Worsened", None]}
    )
    return tt.grid(
        df,
        "impact",
        columns=["men", "women"],
        items=["Men", "Women"],
        options=["Improved", "No change", "Worsened"],
        average=True,
    )


def test_average_row_shows_no_base_in_any_export(tmp_path: Path) -> None:
    import openpyxl

    table = _average_grid()
    # The common denominator (lcm of the item bases times the items) is arithmetic, not n.
    assert table.respondent_bases.tolist() == [3, 2, pd.NA]
    assert "AVERAGE n=" not in table.base_line()
    assert table.base_line() == "Base: respondents who answered (Men n=3; Women n=2)."
    assert "item bases n=2 to 3" in table.notes[-1]
    assert "AVERAGE" not in " ".join(table.notes[:-1])  # not listed as small, nor zero
    long = table.to_frame(layout="long")
    assert long.loc[long["row"] == "AVERAGE", "base"].isna().all()
    assert long.loc[long["row"] == "Men", "base"].tolist() == [3, 3, 3]
    markdown = table.to_markdown()
    assert "| AVERAGE | 25       | 17        | 58       |      |" in markdown
    assert "n=12" not in markdown
    assert "n=12" not in table.to_html()
    assert "AVERAGE & 25 & 17 & 58 &  \\\\" in table.to_latex()
    assert "n=12" not in str(table)
    assert "12" not in repr(table)
    path = tmp_path / "grid.xlsx"
    table.to_excel(path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    average = next(r for r in rows if r[0] == "AVERAGE")
    assert average[-1] is None  # no base cell
    assert [v for v in average[1:] if v is not None] == [0.25, 0.17, 0.58]


def test_average_row_plot_label_has_no_base() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    ax = tt.plot.likert(
        _average_grid(), negative=["Worsened"], neutral=["No change"], positive=["Improved"]
    )
    labels = [t.get_text() for t in ax.get_yticklabels()]
    plt.close(ax.figure)
    assert "AVERAGE" in labels  # the label alone, no "(n=...)"
    assert any("n=3" in label for label in labels)
    assert not any("n=12" in label for label in labels)


@pytest.mark.parametrize(
    ("counts", "bases", "error", "match"),
    [
        ([1, 2], -5, tt.InvalidBaseError, r"base must be a finite number of at least 0"),
        ([1, 0], 0, tt.InvalidBaseError, r"counts above their base in cells \[\(0, 'n'\)\]"),
        ([3, 4], 5, tt.InvalidBaseError, r"sum to more than their base"),
        ([-1, 4], 5, tt.InvalidCountsError, r"counts must be finite and at least 0"),
        ([float("nan"), 4], 5, tt.InvalidCountsError, r"finite"),
        ([1, 2], float("inf"), tt.InvalidBaseError, r"finite"),
    ],
)
def test_table_refuses_impossible_counts(
    counts: list[float], bases: float, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        tt.Table(counts=pd.DataFrame({"n": counts}), bases=pd.Series({"n": bases}))


def test_multi_response_counts_may_sum_above_the_base() -> None:
    table = tt.Table(counts=pd.DataFrame({"n": [3, 4]}), bases=pd.Series({"n": 5}), partition=False)
    assert table.percentages()["n"].tolist() == [60.0, 80.0]
    with pytest.raises(tt.InvalidBaseError, match="counts above their base"):
        tt.Table(counts=pd.DataFrame({"n": [6, 4]}), bases=pd.Series({"n": 5}), partition=False)


@pytest.mark.parametrize(
    ("counts", "bases", "match"),
    [
        (pd.DataFrame({"n": ["1"]}), pd.Series({"n": 2}), r"counts must be numbers; got \['1'\]"),
        (pd.DataFrame({"n": [True]}), pd.Series({"n": 2}), r"counts must be numbers; got \[True\]"),
        ([[1]], pd.Series({"n": 2}), "needs `counts` as a pandas DataFrame"),
    ],
)
def test_table_refuses_counts_that_are_not_numbers(
    counts: object, bases: object, match: str
) -> None:
    with pytest.raises(tt.InvalidCountsError, match=match):
        tt.Table(counts=counts, bases=bases)  # type: ignore[arg-type]


def test_table_refuses_negative_unweighted_bases() -> None:
    with pytest.raises(tt.InvalidBaseError, match="unweighted bases must be finite"):
        tt.Table(
            counts=pd.DataFrame({"n": [1.5]}),
            bases=pd.Series({"n": 2.5}),
            unweighted_bases=pd.Series({"n": -1}),
        )


def test_huge_counts_stay_exact_in_exports() -> None:
    # Counts beyond int64 are Python integers; 2**69 + 1 is not a float.
    table = tt.Table(
        counts=pd.DataFrame({"n": [2**69 + 1, 3 * 2**69 - 1]}, dtype=object),
        bases=pd.Series({"n": 2**71}, dtype=object),
    )
    assert table.percentages()["n"].tolist() == [25.0, 75.0]
    assert f"| 25 ({2**69 + 1}) " in table.to_markdown()
    assert f"n={2**71}" in table.base_line()


def test_a_partition_short_of_its_base_is_not_said_to_miss_100_through_rounding() -> None:
    # Before: "Percentages of CRC sum to 44, not 100, because of rounding": 2 and 2 of n=9
    # miss 100 because the options shown are not the whole base.
    counts = pd.DataFrame({"CRC": [2, 2]}, index=["a", "b"])
    short = tt.Table(counts=counts, bases=pd.Series({"CRC": 9}))
    assert not any("because of rounding" in note for note in short.notes)
    said = "Percentages of CRC do not sum to 100: the options shown do not make up its whole base."
    assert said in short.notes
    thirds = tt.Table(counts=pd.DataFrame({"CRC": [1, 1, 1]}), bases=pd.Series({"CRC": 3}))
    assert "Percentages of CRC sum to 99, not 100, because of rounding." in thirds.notes

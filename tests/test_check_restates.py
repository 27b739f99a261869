"""Restated figures in a figures file: each case gave a wrong verdict, none, or a crash.

Found by a hostile probe of tt.check.report; each test gives the arithmetic of the right
verdict and says what the old code did.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import tracktr as tt


def _verdicts(rows: list[dict[str, str]], figure: str) -> list[tuple[str, str]]:
    found = tt.check.report(pd.DataFrame(rows).fillna(""), include_consistent=True)
    return [(f.verdict, f.explanation) for f in found if f.figure == figure]


def _cells(column: str, yes: tuple[str, str, str], no: tuple[str, str, str]) -> list[Any]:
    """Two cells of a column: (value, count, base) each; blanks are not printed."""
    return [
        {"kind": "cell", "table": "t", "row": row, "column": column, "value": value,
         "count": count, "base": base}
        for row, (value, count, base) in (("Yes", yes), ("No", no))
    ]  # fmt: skip


def test_a_percent_restating_a_table_with_counts_but_no_base_reads_the_printed_cell() -> None:
    # Before: a bare AssertionError.
    rows = [{"id": "t", "kind": "table", "axis": "columns"}]
    rows += _cells("All", ("30", "3", ""), ("70", "7", ""))
    rows.append({"id": "s", "kind": "percent", "value": "30", "restates": "t[All]: Yes"})
    assert _verdicts(rows, "s") == [("consistent", "30% restates t prints 30%.")]


def test_a_ratio_side_may_be_a_cell_of_a_table_of_percentages() -> None:
    # Before: IndexError. 30% (29.5-30.5) over 1 of 10 is 2.95-3.05 times: "about 3".
    rows = [{"id": "t", "kind": "table", "axis": "columns"}]
    rows += _cells("All", ("30", "", ""), ("70", "", ""))
    rows += [
        {"id": "c", "kind": "percent", "value": "10", "base": "10"},
        {"id": "r", "kind": "ratio", "value": "3", "numerator": "t[All]: Yes",
         "denominator": "c"},
    ]  # fmt: skip
    [(verdict, text)] = _verdicts(rows, "r")
    assert verdict == "consistent"
    assert "= 2.95-3.05" in text


@pytest.mark.parametrize("axis", ["columns", "rows"])
def test_restating_several_groups_combines_their_counts_and_bases(axis: str) -> None:
    # Before: a bare ValueError for two columns; for two rows of a row table, (3 + 3) of
    # the first row's base alone: 60%, "inconsistent". (3 + 3) / (10 + 10) is 30%.
    rows: list[dict[str, str]] = [{"id": "t", "kind": "table", "axis": axis}]
    for group in ("A", "B"):
        for option, value, count in (("Yes", "30", "3"), ("No", "70", "7")):
            row, column = (option, group) if axis == "columns" else (group, option)
            rows.append({"kind": "cell", "table": "t", "row": row, "column": column,
                         "value": value, "count": count, "base": "10"})  # fmt: skip
    ref = "t[A + B]: Yes" if axis == "columns" else "t[Yes]: A + B"
    rows.append({"id": "s", "kind": "percent", "value": "30", "restates": ref})
    assert _verdicts(rows, "s") == [("consistent", "30% restates t: 6 of 20 (A + B) (30.0%).")]


def test_several_groups_of_a_table_of_percentages_are_refused() -> None:
    rows = [{"id": "t", "kind": "table", "axis": "columns"}]
    rows += _cells("A", ("30", "", ""), ("70", "", "")) + _cells(
        "B", ("40", "", ""), ("60", "", "")
    )
    rows.append({"id": "s", "kind": "percent", "value": "35", "restates": "t[A + B]: Yes"})
    with pytest.raises(tt.ReadError, match=r"row 7 \('s'\).*2 groups of 't'.*do not add"):
        tt.check.report(pd.DataFrame(rows).fillna(""))


def test_a_count_restating_a_table_cell_is_compared_with_its_count() -> None:
    # Before: "A count with nothing printed to compare it with" (unchecked).
    rows = [{"id": "t", "kind": "table", "axis": "columns", "complete": "yes"}]
    rows += _cells("All", ("30", "3", "10"), ("70", "7", "10"))
    rows.append({"id": "c", "kind": "count", "count": "5", "restates": "t[All]: Yes"})
    assert _verdicts(rows, "c") == [("inconsistent", "5 here, but 3 in t.")]
    rows[-1]["count"] = "3"
    assert _verdicts(rows, "c") == [("consistent", "3 matches t.")]


def test_a_count_restating_a_share_is_the_count_behind_it() -> None:
    # Before: 44 restating "55% of 80" was compared with the base: "44 here, but 80".
    # 55% of 80 is a count of 44 (43.5-44.5 of 80 -> 44).
    rows = [
        {"id": "g", "kind": "percent", "value": "55", "base": "80"},
        {"id": "c", "kind": "count", "count": "44", "restates": "g"},
    ]
    assert _verdicts(rows, "c") == [("consistent", "44 is 55% of 80 (g).")]
    rows[1]["count"] = "80"  # its base, as a sentence may restate it
    assert _verdicts(rows, "c") == [("consistent", "80 is the base of 55% of 80 (g).")]
    rows[1]["count"] = "50"
    [(verdict, text)] = _verdicts(rows, "c")
    assert verdict == "inconsistent"
    assert "55% of 80 (g) is 44, and its base is 80" in text


def test_a_count_and_percent_restating_a_share_are_of_its_base() -> None:
    # Before: "50 members (55%)" restating "55% of 80" was consistent: 50/80 is 62.5%.
    rows = [
        {"id": "g", "kind": "percent", "value": "55", "base": "80"},
        {"id": "c", "kind": "count", "count": "50", "value": "55", "restates": "g"},
    ]
    [(verdict, text)] = _verdicts(rows, "c")
    assert verdict == "inconsistent"
    assert "not g's n=80" in text
    rows[1]["count"] = "44"
    assert [v for v, _ in _verdicts(rows, "c")] == ["consistent"]


def test_a_share_restating_what_prints_no_share_is_said_unchecked() -> None:
    # Before: no finding at all, even with include_consistent=True.
    targets = [
        {"id": "c", "kind": "count", "count": "44"},
        {"id": "c", "kind": "amount", "value": "44"},
    ]
    texts = [
        {"id": "s", "kind": "percent", "value": "55", "restates": "c"},
        {"id": "s", "kind": "share", "phrase": "over half", "restates": "c"},
    ]
    for target in targets:
        for text in texts:
            [(verdict, explanation)] = _verdicts([target, text], "s")
            assert verdict == "unchecked"
            assert "Restates c, which print no share" in explanation


def test_a_share_restating_a_count_and_percent_takes_the_one_base_they_fit() -> None:
    # The report's "almost 60%" restates "three (17%)": 3 of 18 is the one base (16.7%);
    # 10/18 = 55.6% and 11/18 = 61.1%, neither "almost 60%" (57-60%).
    rows = [
        {"id": "c", "kind": "count", "count": "3", "value": "17"},
        {"id": "s", "kind": "share", "phrase": "almost 60%", "restates": "c"},
    ]
    [(verdict, text)] = _verdicts(rows, "s")
    assert verdict == "doubtful"
    assert "No count of 18 is 'almost 60%'" in text
    assert "Base 18: the one base 3 (17%) fits, c." in text


@pytest.mark.parametrize(
    ("restated", "text", "verdict"),
    [
        ("12.7", "12.3", "inconsistent"),  # before: consistent, within a +-0.5 window
        ("12.7", "12.7", "consistent"),
        ("12", "12.3", "consistent"),  # a whole 12% is 11.5-12.5: 12.3 fits
    ],
)
def test_a_restated_percent_is_read_to_its_own_decimals(
    restated: str, text: str, verdict: str
) -> None:
    rows = [
        {"id": "g", "kind": "percent", "value": restated},
        {"id": "s", "kind": "percent", "value": text, "restates": "g"},
    ]
    assert [v for v, _ in _verdicts(rows, "s")] == [verdict]


def test_a_table_of_decimal_percentages_is_restated_exactly() -> None:
    # Before: the cell 12.9 was cut to 12 ("t prints 12%"), so 12.9% was inconsistent.
    rows = [{"id": "t", "kind": "table", "axis": "columns", "decimals": "1"}]
    rows += _cells("All", ("12.9", "", ""), ("87.1", "", ""))
    rows.append({"id": "s", "kind": "percent", "value": "12.9", "restates": "t[All]: Yes"})
    assert _verdicts(rows, "s") == [("consistent", "12.9% restates t prints 12.9%.")]
    rows[-1]["value"] = "13.0"
    assert [v for v, _ in _verdicts(rows, "s")] == ["inconsistent"]


@pytest.mark.parametrize(
    ("restated", "count", "qualifier", "verdict"),
    [
        ({"id": "g", "kind": "count", "count": "95"}, "90", "over", "consistent"),
        ({"id": "g", "kind": "count", "count": "95"}, "100", "over", "inconsistent"),
        (
            {"id": "g", "kind": "percent", "value": "55", "base": "80"},
            "40",
            "at least",
            "consistent",
        ),
        (
            {"id": "g", "kind": "percent", "value": "55", "base": "80"},
            "50",
            "at least",
            "inconsistent",
        ),
    ],
)
def test_a_count_restating_a_figure_is_read_with_its_qualifier(
    restated: dict[str, str], count: str, qualifier: str, verdict: str
) -> None:
    # Before: "over 90" restating 95 was compared as 90 == 95: inconsistent. 55% of 80
    # is 44: "at least 40" holds of it, "at least 50" does not.
    text = {"id": "c", "kind": "count", "count": count, "qualifier": qualifier, "restates": "g"}
    assert [v for v, _ in _verdicts([restated, text], "c")] == [verdict]


def test_a_count_qualifier_tracktr_cannot_read_is_refused() -> None:
    rows = [{"id": "c", "kind": "count", "count": "90", "qualifier": "give or take"}]
    with pytest.raises(tt.ReadError, match="qualifier 'give or take' is not one tracktr reads"):
        tt.check.report(pd.DataFrame(rows))

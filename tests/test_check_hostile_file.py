"""A hostile probe of figures files: each case gave a wrong verdict, none, or a raw error.

Each test gives the arithmetic of the right verdict and says what the old code did.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows).fillna("")


def _found(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    found = tt.check.report(_frame(rows), include_consistent=True)
    return [(f.figure, f.verdict, f.explanation) for f in found]


def _verdicts(rows: list[dict[str, str]], figure: str) -> list[str]:
    return [verdict for name, verdict, _ in _found(rows) if name == figure]


def _problems(rows: list[dict[str, str]]) -> tuple[str, ...]:
    with pytest.raises(tt.ReadError) as error:
        tt.check.report(_frame(rows))
    return error.value.mismatches


def _cell(row: str, column: str, value: str, **fields: str) -> dict[str, str]:
    return {"kind": "cell", "table": "t", "row": row, "column": column, "value": value, **fields}


# -- 1. a cell's rule -----------------------------------------------------------------------


def test_a_cell_rule_other_than_its_tables_is_refused() -> None:
    # Before: accepted and ignored, the table checked half-up: "1 of 8 gives 13".
    rows = [
        {"id": "t", "kind": "table", "axis": "columns", "complete": "yes"},
        _cell("A", "All", "12", count="1", base="8", rule="half_even"),
        _cell("B", "All", "88", count="7", base="8", rule="half_even"),
    ]
    problems = _problems(rows)
    assert problems[0].startswith("row 3 ('t[All]: A'): rule 'half_even' differs")
    assert "set `rule` on the table row" in problems[0]


def test_a_cell_rule_equal_to_its_tables_is_used() -> None:
    # 1/8 = 12.5% rounds half-even to 12, 7/8 = 87.5% to 88: consistent.
    rows = [
        {"id": "t", "kind": "table", "axis": "columns", "complete": "yes", "rule": "half_even"},
        _cell("A", "All", "12", count="1", base="8", rule="half_even"),
        _cell("B", "All", "88", count="7", base="8"),
    ]
    assert _verdicts(rows, "t") == ["consistent"]


# -- 2. cells of one base printing two bases ---------------------------------------------------


@pytest.mark.parametrize("axis", ["columns", "rows"])
def test_cells_sharing_a_base_that_print_two_bases_are_refused(axis: str) -> None:
    # Before: the first base (90) kept, the other dropped; 45 of 80 is 56.25% -> 56, not 50,
    # so with either base one cell is wrong: the file contradicts itself.
    def cell(option: str, base: str) -> dict[str, str]:
        row, column = (option, "All") if axis == "columns" else ("All", option)
        return _cell(row, column, "50", count="45", base=base)

    rows = [{"id": "t", "kind": "table", "axis": axis}, cell("Yes", "90"), cell("No", "80")]
    [problem] = _problems(rows)
    assert problem.startswith("row 4 (")
    assert "base 80 differs from base 90 of row 3" in problem


def test_a_cell_base_other_than_its_tables_base_is_refused() -> None:
    rows = [
        {"id": "t", "kind": "table", "axis": "columns", "base": "10"},
        _cell("Yes", "All", "30", count="3", base="20"),
        _cell("No", "All", "70", count="7"),
    ]
    [problem] = _problems(rows)
    assert "base 20 differs from the base 10 of its table 't' (row 2)" in problem


# -- 3. a distribution of parts printed with different decimals ---------------------------------


def test_each_part_of_a_distribution_is_read_to_its_own_decimals() -> None:
    # 1/8 = 12.5% prints "12.5"; 7/8 = 87.5% prints "88" half-up; 1 + 7 = 8. Before: "88"
    # read as exactly 88.0, which no count of 8 gives: "impossible".
    rows = [
        {"id": "a", "kind": "percent", "base": "8", "value": "12.5"},
        {"id": "b", "kind": "percent", "base": "8", "value": "88"},
        {"id": "d", "kind": "distribution", "base": "8", "parts": "A = a; B = b",
         "complete": "yes"},
    ]  # fmt: skip
    [(_, verdict, text)] = [x for x in _found(rows) if x[0] == "d"]
    assert verdict == "consistent"
    assert text.endswith("possible with counts 1, 7.")
    # Numbers typed in the parts too.
    rows[2]["parts"] = "A = 12.5; B = 88"
    assert _verdicts(rows, "d") == ["consistent"]


def test_a_distributions_decimals_is_the_least_every_part_prints() -> None:
    # decimals = 1 on the distribution: "88" is 88.0, which no count of 8 gives (7 of 8 is
    # 87.5, 8 of 8 is 100): impossible, as the row says.
    rows = [
        {"id": "a", "kind": "percent", "base": "8", "value": "12.5"},
        {"id": "b", "kind": "percent", "base": "8", "value": "88"},
        {"id": "d", "kind": "distribution", "base": "8", "parts": "A = a; B = b",
         "complete": "yes", "decimals": "1"},
    ]  # fmt: skip
    assert _verdicts(rows, "d") == ["impossible"]


def test_distribution_takes_decimals_per_value() -> None:
    d = tt.check.distribution([12.5, 88], 8, decimals=[1, 0])
    assert d.possible
    assert d.counts == (1, 7)
    assert d.cell_decimals == (1, 0)
    # Without a base: 8 fits, and 16 (2 + 14); 10 does not (1 of 10 is 10%).
    bases = tt.check.distribution([12.5, 88], decimals=[1, 0], max_base=20).bases
    assert tuple(bases) == (8, 16)
    with pytest.raises(tt.TracktrError, match="gives 1 decimal places for 2 values"):
        tt.check.distribution([12.5, 88], decimals=[1])
    with pytest.raises(tt.TracktrError, match="same decimals"):
        tt.check.distribution([12.5, 88], 8, decimals=[1, 0], rule="largest_remainder")


# -- 4. a distribution with `complete` blank ---------------------------------------------------


def test_a_distribution_with_complete_blank_need_only_fit_its_base() -> None:
    # 30% and 50% of 10 are 3 and 5: 8 of 10, the third answer (2) suppressed. Before: blank
    # read as yes, "impossible" (the parts account for at most 8 of 10).
    rows = [
        {"id": "y", "kind": "percent", "base": "10", "value": "30"},
        {"id": "n", "kind": "percent", "base": "10", "value": "50"},
        {"id": "d", "kind": "distribution", "base": "10", "parts": "Yes = y; No = n"},
    ]
    assert _verdicts(rows, "d") == ["consistent"]
    rows[2]["complete"] = "yes"  # said to be every answer: 3 + 5 = 8 is not 10
    assert _verdicts(rows, "d") == ["impossible"]
    rows[2].update(complete="", rule="largest_remainder")  # shares out a whole base only
    assert _verdicts(rows, "d") == ["unchecked"]


# -- 5. a count's percentage typed with decimals ---------------------------------------------


def test_a_counts_percentage_is_read_to_the_digits_typed() -> None:
    # 1 of 8 is 12.5%, which prints "12.5" at one decimal, not "13.0". Before: "13.0" read
    # as a whole 13%, which 12.5% rounds to half-up: "consistent".
    rows = [{"id": "a", "kind": "count", "count": "1", "base": "8", "value": "13.0"}]
    assert _found(rows) == [("a", "inconsistent", "1 of 8 prints as 12.5% (half-up), not 13.0%.")]


def test_a_toml_float_keeps_its_decimals(tmp_path: Path) -> None:
    # value = 13.0 in TOML is "13.0": no count of 8 prints as 13.0% (1 gives 12.5%, 2 gives
    # 25%). Before: TOML's float 13.0 lost its decimal and read as 13%: "consistent".
    path = tmp_path / "f.toml"
    path.write_text('[[figures]]\nid = "a"\nkind = "percent"\nvalue = 13.0\nbase = 8\n')
    [finding] = tt.check.report(path, include_consistent=True)
    assert finding.verdict == "impossible"
    # TOML allows digit separators: 1_2.5 is 12.5 (1 of 8).
    path.write_text('[[figures]]\nid = "a"\nkind = "percent"\nvalue = 1_2.5\nbase = 8\n')
    assert [f.verdict for f in tt.check.report(path, include_consistent=True)] == ["consistent"]


# -- 6. an external figure's qualifier -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "qualifier", "verdict"),
    [
        # 75% of 300 is a count of 224 to 226 (223.5 to 226.5, half-up).
        ("200", "at least", "consistent"),  # 226 >= 200; before: "inconsistent"
        ("230", "at least", "inconsistent"),  # 226 < 230
        ("230", "under", "consistent"),  # 224 < 230
        ("200", "under", "inconsistent"),  # 224 >= 200
        ("225", "", "consistent"),  # 225 is 224 to 226
        ("230", "about", "doubtful"),  # 226 is within a tenth of 230, not 230
        ("230", "", "inconsistent"),
    ],
)
def test_an_external_figure_honours_its_qualifier(value: str, qualifier: str, verdict: str) -> None:
    rows = [
        {"id": "m", "kind": "external", "value": "75", "base": "300"},
        {"id": "x", "kind": "external", "value": value, "qualifier": qualifier, "restates": "m"},
    ]
    assert _verdicts(rows, "x") == [verdict]


def test_an_external_percentage_is_not_compared_with_counts() -> None:
    # "55" restating 55% of 80: as a percentage, 55 is what g prints. Before: read as a
    # count, 55 against the count 44: "inconsistent".
    rows = [
        {"id": "g", "kind": "percent", "value": "55", "base": "80"},
        {"id": "x", "kind": "external", "value": "55", "restates": "g"},
    ]
    [(_, verdict, text)] = [x for x in _found(rows) if x[0] == "x"]
    assert verdict == "consistent"
    assert "read as a percentage" in text
    # 60 is neither the count (44) nor the percentage (55, 54.5-55.5).
    rows[1]["value"] = "60"
    assert _verdicts(rows, "x") == ["inconsistent"]


def test_an_unknown_external_qualifier_is_refused() -> None:
    rows = [
        {"id": "g", "kind": "percent", "value": "55", "base": "80"},
        {"id": "x", "kind": "external", "value": "55", "qualifier": "sort of", "restates": "g"},
    ]
    [problem] = _problems(rows)
    assert problem.startswith("row 3 ('x'): qualifier 'sort of' is not one")


# -- 7. table cells printing a percentage and a base, no count ----------------------------------


def test_table_cells_are_checked_against_their_bases() -> None:
    # 3 of 7 is 42.9% -> 43, 4 of 7 is 57.1% -> 57: no count of 7 prints as 50%. Before:
    # "t prints no bases; the other rows all fit a base of 2, 4, 6...": consistent.
    rows = [
        {"id": "t", "kind": "table", "axis": "columns", "complete": "yes"},
        _cell("Yes", "All", "50", base="7"),
        _cell("No", "All", "50", base="7"),
    ]
    found = _found(rows)
    assert {(f, v) for f, v, _ in found} == {
        ("t_yes_all", "impossible"),
        ("t_no_all", "impossible"),
        ("t", "impossible"),
    }
    assert not any("prints no bases" in text for _, _, text in found)


def test_table_cells_with_bases_are_checked_when_not_complete() -> None:
    # 17 of 19 is 89.47% -> 89, 18 of 19 is 94.7% -> 95: 94% of 19 cannot be printed. 1 of
    # 19 is 5.3% -> 5: possible. Before: "unchecked" (percentages only).
    rows = [
        {"id": "t", "kind": "table", "axis": "columns"},
        _cell("Yes", "All", "94", base="19"),
        _cell("No", "All", "5", base="19"),
    ]
    assert _verdicts(rows, "t_yes_all") == ["impossible"]
    assert _verdicts(rows, "t_no_all") == []
    assert _verdicts(rows, "t") == ["impossible"]


def test_table_cells_that_fit_their_bases_are_consistent() -> None:
    # 3 of 7 -> 43, 4 of 7 -> 57, summing to 7; row R2 of an implied base 10: 3 and 7.
    rows = [
        {"id": "t", "kind": "table", "axis": "columns", "complete": "yes"},
        _cell("Yes", "All", "43", base="7"),
        _cell("No", "All", "57", base="7"),
    ]
    [(_, verdict, text)] = [x for x in _found(rows) if x[0] == "t"]
    assert verdict == "consistent"
    assert "every cell with a base is possible for it and each shares out its base" in text
    # 43 + 57 of 7: possible cell by cell, but 3 + 3 = 6 or 4 + 4 = 8 do not make 7.
    rows[1]["value"], rows[2]["value"] = "43", "43"
    assert _verdicts(rows, "t_all") == ["impossible"]


# -- 8. averages --------------------------------------------------------------------------------


@pytest.mark.parametrize("complete", ["yes", ""])
def test_averages_are_checked_in_every_table(complete: str) -> None:
    # The mean of 30 and 50 is 40, not 99; of 70 and 50, 60, not 1. Before: unchecked
    # unless the table printed percentages only and was complete.
    rows = [
        {"id": "t", "kind": "table", "axis": "rows", "complete": complete},
        _cell("R1", "Yes", "30", count="3", base="10"),
        _cell("R1", "No", "70", count="7", base="10"),
        _cell("R2", "Yes", "50", count="5", base="10"),
        _cell("R2", "No", "50", count="5", base="10"),
        {"kind": "average", "table": "t", "row": "AVERAGE", "column": "Yes", "value": "99"},
        {"kind": "average", "table": "t", "row": "AVERAGE", "column": "No", "value": "60"},
    ]
    assert _verdicts(rows, "t_average_yes") == ["inconsistent"]
    assert _verdicts(rows, "t_average_no") == ["consistent"]


# -- 9, 10. numbers and TOML entries --------------------------------------------------------


def test_a_number_with_an_underscore_is_refused() -> None:
    # Before: float("10_0") is 100, and "1_0" a base of 10.
    rows = [
        {"id": "a", "kind": "percent", "value": "10_0", "base": "1000"},
        {"id": "b", "kind": "percent", "value": "50", "base": "1_0"},
    ]
    problems = _problems(rows)
    assert problems[0].startswith("row 2 ('a'): value '10_0' is not a number")
    assert problems[1].startswith("row 3 ('b'): base '1_0' is not a number")


def test_a_toml_entry_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    # Before: TypeError: 'int' object is not iterable.
    path = tmp_path / "bad.toml"
    path.write_text("figures = [1, 2]\n")
    with pytest.raises(tt.ReadError) as error:
        tt.check.report(path)
    assert error.value.mismatches[0].startswith("entry 1: is 1, not a [[figures]] table")
    assert len(error.value.mismatches) == 2


# -- 11. messages ---------------------------------------------------------------------------


def test_a_base_as_a_side_of_a_ratio_is_refused_by_the_reader() -> None:
    # Before: "a printed percentage must be from 0 to 100; got value=150.0".
    rows = [
        {"id": "c", "kind": "count", "count": "44", "base": "80"},
        {"id": "n", "kind": "base", "base": "150"},
        {"id": "r", "kind": "ratio", "value": "2", "numerator": "c", "denominator": "n"},
    ]
    [problem] = _problems(rows)
    assert problem.startswith("row 4 ('r'): a side of the ratio, 'n', is a base (n=150)")


def test_a_percentage_typed_with_four_decimals_is_refused_by_the_reader() -> None:
    # Before: the reader allowed 4, the check then said "`decimals` must be from 0 to 3".
    [problem] = _problems([{"id": "g", "kind": "percent", "value": "12.3456", "base": "10000"}])
    assert problem.startswith("row 2 ('g'): value 12.3456 has 4 decimal places")


def test_a_cell_with_more_decimals_than_its_table_is_refused_by_the_reader() -> None:
    # Before: "row 2 ('t'): printed=np.float64(12.5) has more decimal places than decimals=0".
    rows = [
        {"id": "t", "kind": "table", "axis": "columns"},
        _cell("A", "All", "12.5", count="1", base="8"),
        _cell("B", "All", "87.5", count="7", base="8"),
    ]
    problems = _problems(rows)
    assert problems[0].startswith("row 3 ('t[All]: A'): prints 1 decimal place(s)")
    assert "set decimals = 1 on the table row" in problems[0]
    rows[0]["decimals"] = "1"  # 1/8 = 12.5%, 7/8 = 87.5%
    assert _verdicts(rows, "t") == ["consistent"]


def test_a_bound_printed_as_a_percentage_says_what_to_do() -> None:
    [problem] = _problems([{"id": "g", "kind": "percent", "value": "<1%", "base": "800"}])
    assert "a bound such as '<1%' is not a printed number: leave its row out" in problem


def test_one_impossible_line_has_no_finding_about_other_lines() -> None:
    # 13 + 88 = 101 fits no base under half-even. Before: also "doubtful: ... the smallest
    # common base is None", about other rows the table does not have.
    rows = [
        {"id": "t", "kind": "table", "axis": "columns", "complete": "yes", "rule": "half_even"},
        _cell("A", "All", "13"),
        _cell("B", "All", "88"),
    ]
    found = _found(rows)
    assert [(f, v) for f, v, _ in found] == [("t_all", "impossible")]


@pytest.mark.parametrize("dtype", ["float64", "Float64"])
def test_numbers_read_by_pandas_keep_the_decimals_they_show(tmp_path: Path, dtype: str) -> None:
    # pd.read_csv gives `value` as numbers: 12.5 was read to 0 decimals and refused
    # ("has more decimal places than decimals=0. Hint: pass decimals=1", an argument
    # report() does not have), where the same file's path gave "consistent" (10 of 80).
    text = "id,kind,value,base\na,percent,12.5,80\nb,percent,38,80\nc,percent,12.4,80\n"
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    frame = pd.read_csv(path).astype({"value": dtype})

    def verdicts(source: object) -> list[tuple[str, str]]:
        found = tt.check.report(source, include_consistent=True)  # type: ignore[arg-type]
        return [(f.figure, f.verdict) for f in found]

    assert verdicts(frame) == verdicts(path)
    # 12.4% of 80 is impossible to one decimal (9 is 11.25%, 10 is 12.5%)
    assert ("c", "impossible") in verdicts(frame)


# -- 12. parts listing one id twice ----------------------------------------------------------


@pytest.mark.parametrize(("kind", "extra"), [("distribution", {}), ("sum", {"of": "n"})])
def test_parts_listing_an_id_twice_is_a_mistake_of_the_file(
    kind: str, extra: dict[str, str]
) -> None:
    # Before: a;a;b of a distribution was read as 50, 50, 50 (sum 150) of 20 and the report
    # was called impossible; a sum counted a twice.
    rows = [
        {"id": "n", "kind": "base", "base": "20"},
        {"id": "a", "kind": "count", "value": "50", "count": "10", "base": "20"},
        {"id": "b", "kind": "count", "value": "50", "count": "10", "base": "20"},
        {"id": "d", "kind": kind, "parts": "a;a;b", **extra},
    ]
    message = (
        "row 5 ('d'): parts lists 'a' twice: each part is counted once; remove the repeat, "
        "or write the id of the part it should be"
    )
    assert _problems(rows) == (message,)


def test_parts_printing_the_same_number_are_still_parts() -> None:
    rows = [{"id": "d", "kind": "distribution", "parts": "50;50", "base": "20"}]
    assert _verdicts(rows, "d") == ["consistent"]


# -- 13. typos in parts and values: the `value` column's diagnosis ----------------------------


@pytest.mark.parametrize(
    ("parts", "problem"),
    [
        # Before, each: "links to figure '...', which is not in the file".
        ("50, 50", "the items of parts are separated by ';', not ',': write '50; 50'"),
        ("1,5; 98,5", "(write 12.5 with a point, and no thousands separators)"),
        ("50;\u22120;50", "it holds '\u2212' (U+2212 MINUS SIGN), a look-alike"),
        ("<1;99", "a bound such as '<1%' is not a printed number: leave its row out"),
    ],
)
def test_a_typo_in_printed_parts_is_diagnosed_as_in_value(parts: str, problem: str) -> None:
    rows = [{"id": "d", "kind": "distribution", "parts": parts, "base": "20"}]
    found = _problems(rows)
    assert found[0].startswith("row 2 ('d'): parts item ")
    assert problem in found[0]


def test_values_typed_with_commas_are_told_the_separator() -> None:
    # Before: "values item '7, 20, 30' is not a number (write 12.5 with a point, ...)".
    rows = [{"id": "l", "kind": "list", "values": "7, 20, 30"}]
    assert _problems(rows) == (
        (
            "row 2 ('l'): values item '7, 20, 30' is not a number: the items of values are "
            "separated by ';', not ',': write '7; 20; 30'"
        ),
    )

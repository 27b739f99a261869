"""A second hostile probe of the report checker: each case gave a wrong verdict or a raw error.

Each test gives the arithmetic of the right verdict and says what the old code did.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt


def _found(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    found = tt.check.report(pd.DataFrame(rows).fillna(""), include_consistent=True)
    return [(f.figure, f.verdict, f.explanation) for f in found]


def _of(rows: list[dict[str, str]], figure: str) -> list[tuple[str, str]]:
    return [(verdict, text) for name, verdict, text in _found(rows) if name == figure]


# -- 1. a count and its percentage with no base: no search cap turns into a verdict -----------


@pytest.mark.parametrize(
    ("count", "value", "first"),
    [
        (2500, "62", 4001),  # 2500/4001 = 62.48% -> 62 half-up; 2500/4000 = 62.5% -> 63
        (1300, "62", 2081),  # 1300/2081 = 62.47% -> 62; 1300/2080 = 62.5% -> 63
        (2001, "100", 2001),  # 2001/2001 = 100%
        (30000, "12.5", 239044),  # 30000/239044 = 12.5499%, 1 decimal; /239043 = 12.5500%
    ],
)
@pytest.mark.parametrize("kind", ["count", "external"])
def test_a_count_and_percent_fits_bases_above_2000(
    kind: str, count: int, value: str, first: int
) -> None:
    # Before: "impossible | No base up to 2000 makes 2500 print as 62% (half_up)."
    rows = [{"id": "c", "kind": kind, "count": str(count), "value": value}]
    [(verdict, text)] = _of(rows, "c")
    assert verdict == "consistent"
    assert f"{count} prints as {value}% of a base of {first}" in text


def test_a_count_past_the_search_limit_is_not_checked_rather_than_impossible() -> None:
    # 10**15 of 2 * 10**15 is 50%, but bases are searched only up to 10**15.
    # Before: "impossible" (no base up to 2000).
    rows = [{"id": "c", "kind": "count", "count": str(10**15), "value": "50"}]
    [(verdict, text)] = _of(rows, "c")
    assert verdict == "unchecked"
    assert text.startswith("Not checked: no base up to 1,000,000,000,000,000 makes")


@given(count=st.integers(1, 10**6), value=st.integers(1, 100))
def test_a_count_and_percent_is_impossible_only_when_no_base_fits(count: int, value: int) -> None:
    # Before: any count whose smallest fitting base was above 2000 was called impossible.
    rows = [{"id": "c", "kind": "count", "count": str(count), "value": str(value)}]
    [(verdict, _)] = _of(rows, "c")
    # A base b fits half-up when 100 * count / b is in [value - 1/2, value + 1/2); for
    # value >= 1 the largest base is 100 * count / (value - 1/2): try b near each end.
    low, high = 200 * count / (2 * value + 1), 200 * count / (2 * value - 1)
    near = {max(count, int(x) + d) for x in (low, high) for d in (-1, 0, 1, 2)}
    fits = any(count in tt.check.percent(value, b, rules="half_up").counts["half_up"] for b in near)
    assert (verdict == "impossible") == (not fits), (verdict, sorted(near))


# -- 2. largest remainder: tied remainders may go to any of the tied cells ---------------------


@pytest.mark.parametrize(
    ("values", "base"),
    [
        ([33, 34, 33], 3),  # counts 1, 1, 1: 33.33% each, one spare point to any cell
        ([33, 33, 34], 3),
        ([17, 16, 67], 6),  # counts 1, 1, 4: 16.67, 16.67, 66.67, two spare points
        ([16, 17, 67], 6),
    ],
)
def test_largest_remainder_ties_may_go_to_any_tied_cell(values: list[int], base: int) -> None:
    # Before: possible only when the spare points went to the earlier cells ([34, 33, 33]).
    check = tt.check.distribution(values, base, rule="largest_remainder")
    assert check.possible
    assert sum(check.counts or ()) == base
    # The same percentages with no base: the smallest base is the one above.
    assert tt.check.distribution(values, rule="largest_remainder").bases[0] == base


def test_largest_remainder_impossible_says_ties_were_tried() -> None:
    # 0, 1, 2 of 3 are 0, 33.33, 66.67%: the spare point goes to 66.67 (remainder .67,
    # not tied with .33), so 0, 34, 66 is impossible in any order of tied cells.
    check = tt.check.distribution([0, 34, 66], 3, rule="largest_remainder")
    assert not check.possible
    assert check.explanation.endswith("whichever way tied remainders go.")


def test_a_figures_file_distribution_under_largest_remainder_reads_ties_openly() -> None:
    # Before: "impossible | 33, 34, 33 (sum 100) of 3: largest-remainder rounding of any
    # counts gives other percentages."
    rows = [
        {"id": "d", "kind": "distribution", "base": "3", "rule": "largest_remainder",
         "parts": "Yes = 33; No = 34; Don't know = 33", "complete": "yes"},
    ]  # fmt: skip
    assert _of(rows, "d") == [
        ("consistent", "33, 34, 33 of 3 (sum 100): possible with counts 1, 1, 1.")
    ]


def _orders(n: int) -> list[tuple[int, ...]]:
    from itertools import permutations

    return list(permutations(range(n)))


def _partitions(base: int, n: int) -> list[tuple[int, ...]]:
    if n == 1:
        return [(base,)]
    return [(k, *rest) for k in range(base + 1) for rest in _partitions(base - k, n - 1)]


@pytest.mark.parametrize("n", [2, 3, 4])
def test_largest_remainder_possible_exactly_when_some_order_gives_it(n: int) -> None:
    # Every partition of every base up to 12 (8 for four cells), rounded by tt.rounding in
    # every order of its cells (ties to the earlier cell of that order), then put back in
    # the printed order.
    for base in range(1, 13 if n < 4 else 9):
        reachable: set[tuple[int, ...]] = set()
        for counts in _partitions(base, n):
            for order in _orders(n):
                units = tt.rounding.percentage_units(
                    [counts[i] for i in order], base, rule="largest_remainder"
                )
                printed = [0] * n
                for position, i in enumerate(order):
                    printed[i] = int(units[position])
                reachable.add(tuple(printed))
        for printed_units in reachable:
            assert tt.check.distribution(
                list(printed_units), base, rule="largest_remainder"
            ).possible
        # And some near misses: one point moved between two cells.
        for printed_units in list(reachable)[:40]:
            moved = (printed_units[0] + 1, printed_units[1] - 1, *printed_units[2:])
            if min(moved) < 0 or moved in reachable:
                continue
            assert not tt.check.distribution(list(moved), base, rule="largest_remainder").possible


@given(counts=st.lists(st.integers(0, 40), min_size=2, max_size=6), data=st.data())
def test_largest_remainder_any_tie_break_is_possible_with_no_base(
    counts: list[int], data: st.DataObject
) -> None:
    # Rounded in a shuffled order and printed in the original one: some base must fit.
    base = sum(counts)
    if base == 0:
        return
    order = data.draw(st.permutations(range(len(counts))))
    units = tt.rounding.percentage_units([counts[i] for i in order], base, rule="largest_remainder")
    printed = [0] * len(counts)
    for position, i in enumerate(order):
        printed[i] = int(units[position])
    assert tt.check.distribution(printed, base, rule="largest_remainder").possible
    assert base in tt.check.distribution(printed, rule="largest_remainder", max_base=300).bases


# -- 3. a restating figure's base never replaces the base of the figure it restates ----------


def _restating(g: dict[str, str], t: dict[str, str]) -> list[tuple[str, str]]:
    return _of([{"id": "g", **g}, {"id": "t", "restates": "g", **t}], "t")


MISMATCH = (
    "The text gives a base of 80, but g, which it restates, is of 81: one share cannot be "
    "of both. The text is compared with it at 81; correct the base that is a typo."
)


def test_a_text_base_other_than_the_restated_counts_is_inconsistent() -> None:
    # Graph: 44 of 81 = 54.3% -> 54%. Text: "55% (n=80)". The guide's own example: the
    # text is compared with 44 of 81, and the two bases are inconsistent.
    # Before: "consistent | 55% restates 44 of 80 (55.0%)" (the count moved onto the
    # text's base) and the bases only doubtful.
    found = _restating(
        {"kind": "count", "count": "44", "base": "81"},
        {"kind": "percent", "value": "55", "base": "80"},
    )
    assert found == [
        ("inconsistent", MISMATCH),
        ("inconsistent", "The text prints 55%, but 44 of 81 (54.3%), which prints as 54%."),
    ]


def test_a_restated_percent_is_read_at_its_own_base() -> None:
    # Graph: 54% of 81 is 44 (54.3%). Before: "54% of 80 is 43 (53.8%)", the text's base.
    found = _restating(
        {"kind": "percent", "value": "54", "base": "81"},
        {"kind": "percent", "value": "55", "base": "80"},
    )
    assert found[0] == ("inconsistent", MISMATCH)
    assert found[1][1] == "The text prints 55%, but 54% of 81 is 44 (54.3%), which prints as 54%."


def test_a_share_restating_a_count_of_another_base_names_both() -> None:
    # 'over half' of g: 44 of 81 (54.3%), at the count's own base. Before: read as 44 of
    # 80, the text's base, and the bases only doubtful.
    found = _restating(
        {"kind": "count", "count": "44", "base": "81"},
        {"kind": "share", "phrase": "over half", "base": "80"},
    )
    assert found[0] == ("inconsistent", MISMATCH)
    assert found[1] == ("consistent", "'over half' covers 50.0%-58.0%; 44 of 81 (54.3%).")


def test_a_text_base_other_than_the_restated_cells_is_inconsistent() -> None:
    # Table: 44 of 80 (55%). Text: "54% (n=81)" of that cell, compared at the table's 80.
    # Before: the two bases were only doubtful, where a restated figure's are inconsistent.
    rows = [
        {"id": "t", "kind": "table", "axis": "columns"},
        {"kind": "cell", "table": "t", "row": "Yes", "column": "All", "value": "55",
         "count": "44", "base": "80"},
        {"kind": "cell", "table": "t", "row": "No", "column": "All", "value": "45",
         "count": "36", "base": "80"},
        {"id": "x", "kind": "percent", "value": "54", "base": "81", "restates": "t[All]: Yes"},
    ]  # fmt: skip
    message = (
        "The text gives a base of 81, but t, whose cells it restates, is of 80: one share "
        "cannot be of both. The text is compared with it at 80; correct the base that is a "
        "typo."
    )
    assert _of(rows, "x")[0] == ("inconsistent", message)


def test_a_text_base_still_completes_a_count_printed_without_one() -> None:
    # The count has no base: the text's n=80 is its base, as before (44 of 80 = 55%).
    found = _restating(
        {"kind": "count", "count": "44"}, {"kind": "percent", "value": "55", "base": "80"}
    )
    assert found == [("consistent", "55% restates 44 of 80 (55.0%).")]


# -- 4, 5. distribution parts: "55%" and unlabelled equal numbers ------------------------------


def _distribution(parts: str, base: str) -> list[tuple[str, str]]:
    return _of(
        [{"id": "d", "kind": "distribution", "base": base, "parts": parts, "complete": "yes"}], "d"
    )


def test_a_distribution_part_may_carry_its_percent_sign() -> None:
    # 44 and 36 of 80 are 55% and 45%. Before: a bare ValueError, "could not convert
    # string to float: '55%'" (not a TracktrError, no row named).
    assert _distribution("Yes = 55%; No = 45%", "80") == [
        ("consistent", "55, 45 of 80 (sum 100): possible with counts 44, 36.")
    ]


def test_a_distribution_part_out_of_range_with_a_percent_sign_names_its_row() -> None:
    # Before: ValueError from float('155%').
    with pytest.raises(tt.ReadError, match=r"row 2 \('d'\): the percentage 155% is not between"):
        _distribution("Yes = 155%; No = 45%", "80")


@pytest.mark.parametrize(
    ("parts", "base", "counts"),
    [
        ("33; 33; 33", "3", "1, 1, 1"),  # 1 of 3 = 33.3% -> 33 each (sum 99)
        ("17; 17; 67", "6", "1, 1, 4"),  # 16.7, 16.7, 66.7 -> 17, 17, 67 (sum 101)
        ("25; 25; 25; 25", "4", "1, 1, 1, 1"),
    ],
)
def test_unlabelled_parts_printing_the_same_number_are_all_kept(
    parts: str, base: str, counts: str
) -> None:
    # Before: ReadError "`decimals` gives 3 decimal places for 1 values" (equal numbers
    # collapsed into one part).
    [(verdict, text)] = _distribution(parts, base)
    assert verdict == "consistent"
    assert text.endswith(f"possible with counts {counts}.")


def test_unlabelled_equal_parts_are_named_by_position_when_impossible() -> None:
    # 40 of 3: no count of 3 prints as 40 (0, 33.3, 66.7, 100). Before: the decimals error.
    [(verdict, text)] = _distribution("40; 40; 20", "3")
    assert verdict == "impossible"
    assert "no count of 3 prints as 40%, 40% (part 2), 20%" in text


# -- 6. an open-ended phrase that is literally true is doubtful, never inconsistent ------------


@pytest.mark.parametrize(
    ("phrase", "count", "base"),
    [
        ("over half", "56", "80"),  # 70%: over 50%, but 'over half' is written of 50-58%
        ("more than a quarter", "40", "100"),  # 40% > 25%
        ("less than a quarter", "5", "100"),  # 5% < 25%
        ("over 90%", "100", "100"),  # 100% > 90% (doubtful before too, by distance)
    ],
)
def test_a_true_open_ended_share_is_doubtful_not_inconsistent(
    phrase: str, count: str, base: str
) -> None:
    # Before: "inconsistent | 'over half' covers 50.0%-58.0%, but 56 of 80 is 70.0%."
    rows = [{"id": "s", "kind": "share", "phrase": phrase, "count": count, "base": base}]
    [(verdict, text)] = _of(rows, "s")
    assert verdict == "doubtful"
    assert text.endswith(": true as written, but understated.")


def test_a_false_open_ended_share_stays_inconsistent() -> None:
    # 'over half' of 30%: false as written, 20 points below the landmark.
    rows = [{"id": "s", "kind": "share", "phrase": "over half", "count": "30", "base": "100"}]
    # The finding says what would be true: describe_share(0.3) is '3 in 10'.
    assert _of(rows, "s") == [(
        "inconsistent",
        ("'over half' covers 50.0%-58.0%, but 30 of 100 is 30.0%: false as written, on the "
         "wrong side of its landmark. '3 in 10' is true of it."),
    )]  # fmt: skip


def test_a_true_open_ended_share_of_a_printed_percent_is_doubtful() -> None:
    # 'less than a quarter (5%)': any share printing as 5% is below 25%. Before: inconsistent.
    rows = [{"id": "p", "kind": "percent", "value": "5", "phrase": "less than a quarter"}]
    [(verdict, text)] = _of(rows, "p")
    assert verdict == "doubtful"
    assert "understated" in text


def test_check_share_reads_a_true_open_ended_phrase_as_understated() -> None:
    # tt.check.share, the function the report checker's verdicts follow. Before: inconsistent.
    from fractions import Fraction

    check = tt.check.share("over half", Fraction(7, 10))
    assert not check.holds
    assert check.verdict == "doubtful"
    assert (
        check.explanation
        == "'over half' covers 50.0%-58.0%; the value is 70.0%: true as written, but understated."
    )
    assert tt.check.share("over half", Fraction(3, 10)).verdict == "inconsistent"


def test_describe_still_writes_the_nearest_phrase() -> None:
    # A guard, not a fix: tt.describe's words are unchanged (70% is '7 in 10', and
    # describe does not hold 'over half' of it); only the checker reads it as understated.
    assert tt.describe.describe_share(0.7) == "7 in 10"
    assert not tt.describe.phrase_holds("over half", 0.7)
    assert tt.describe.phrase_interval("over half")[1] == pytest.approx(0.58)


# -- 7. `tracktr check VALUE BASE` reads a number as a figures file does ----------------------


@pytest.mark.parametrize("value", ["1_5", "1e1", "15.", "nan"])
def test_cli_refuses_what_a_figures_file_refuses(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: float() read '1_5' as 15 and '1e1' as 10, and checked them (exit 0).
    from tracktr.cli import main

    if value == "15.":  # "15." is digits and a point, as a file reads it: accepted
        assert main(["check", value, "80"]) == 0
        return
    assert main(["check", value, "80"]) == 2
    err = capsys.readouterr().err
    assert f"{value!r} is not a printed percentage: digits 0-9, a point and an optional %" in err


def test_cli_reads_a_percent_sign(capsys: pytest.CaptureFixture[str]) -> None:
    # 12 of 80 is 15%. Before: "'15%' is not a printed percentage" (exit 2).
    from tracktr.cli import main

    assert main(["check", "15%", "80"]) == 0
    assert "PercentCheck(15% of 80: half_up=12" in capsys.readouterr().out


def test_cli_counts_the_decimals_typed(capsys: pytest.CaptureFixture[str]) -> None:
    # 1 of 8 is 12.5% exactly. Before: refused unless --decimals 1 was given.
    from tracktr.cli import main

    assert main(["check", "12.5", "8", "--fail-on", "impossible"]) == 0
    assert "PercentCheck(12.5% of 8: half_up=1" in capsys.readouterr().out


def test_cli_decimals_hint_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    # Fewer decimals than typed. Before: the hint named only `decimals=1` and a file column.
    from tracktr.cli import main

    assert main(["check", "12.5", "8", "--decimals", "0"]) == 2
    assert "--decimals 1" in capsys.readouterr().err


def test_cli_decimals_has_help() -> None:
    # Before: `--decimals DECIMALS` with no help text.
    import subprocess

    out = subprocess.run(
        ["tracktr", "check", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "decimal places the percentage is printed with" in " ".join(out.split())


PHRASES = ["a third", "over half", "nearly a quarter", "7 in 10", "almost all", "one in ten"]


@given(count=st.integers(0, 200), extra=st.integers(1, 200), phrase=st.sampled_from(PHRASES))
def test_a_share_that_does_not_hold_names_a_phrase_that_does(
    count: int, extra: int, phrase: str
) -> None:
    # Every suggested phrase holds of the count and base it is suggested for.
    base = count + extra
    rows = [{"id": "s", "kind": "share", "phrase": phrase, "count": str(count),
             "base": str(base)}]  # fmt: skip
    [(verdict, text)] = _of(rows, "s")
    suggested = re.search(r"'([^']+)' is true of it\.$", text)
    if verdict == "consistent" or "understated" in text:
        assert suggested is None
        return
    assert suggested is not None, text
    assert tt.check.share(suggested.group(1), Fraction(count, base)).holds


# -- 8. a distribution's parts print the distribution's base --------------------------------


def _parts(a: dict[str, str], b: dict[str, str], d: dict[str, str]) -> list[tuple[str, str]]:
    rows = [
        {"id": "a", "kind": "percent", "value": "45", **a},
        {"id": "b", "kind": "percent", "value": "55", **b},
        {"id": "d", "kind": "distribution", "parts": "a;b", "complete": "yes", **d},
    ]
    return _of(rows, "d")


def test_parts_printing_another_base_than_their_distribution_are_inconsistent() -> None:
    # 45% and 55% of 20 (9 and 11), the distribution of 22 (10 and 12): one question has
    # one base. Before: both consistent, not a word on the bases.
    found = _parts({"base": "20"}, {"base": "20"}, {"base": "22"})
    assert found[0] == (
        "inconsistent",
        (
            "The distribution prints a base of 22, but its parts a (n=20), b (n=20) print "
            "another: the options of one question are shares of one base. The parts are "
            "checked together against 22; check which base is a typo."
        ),
    )
    assert found[1] == ("consistent", "45, 55 of 22 (sum 100): possible with counts 10, 12.")


def test_parts_printing_different_bases_are_inconsistent() -> None:
    # 9 of 20 and 12 of 22 cannot share out one base. Before: the distribution ignored
    # its parts' bases ("fit bases 11, 20, 22, ...") and passed.
    found = _parts({"base": "20"}, {"base": "22"}, {})
    assert found[0][0] == "inconsistent"
    assert found[0][1].startswith("The parts print different bases, a (n=20), b (n=22):")
    assert len(found) == 2  # the bases, and the parts checked without a base


def test_a_distribution_without_a_base_is_checked_at_its_parts_base() -> None:
    # 45% and 55% of 20 print from 9 and 11 of 20. Before: checked with no base at all.
    found = _parts({"base": "20"}, {"base": "20"}, {})
    assert found == [("consistent", "45, 55 of 20 (sum 100): possible with counts 9, 11.")]


# -- 9. share phrases name a share between 0% and 100% --------------------------------------


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        # Before: "covers 137.0%-100.0%" (an inverted interval), inconsistent.
        ("around 140%", "the percentage 140 is not between 0 and 100."),
        # Before: "covers 98.0%-100.0%", consistent with 20 of 20.
        ("about 101%", "the percentage 101 is not between 0 and 100."),
        # Before: the minus dropped, read as "around 5%" (2.0%-8.0%).
        ("around -5%", "the percentage -5 is not between 0 and 100."),
        ("around \u22125%", "the percentage -5 is not between 0 and 100."),
        # Before: "covers 100.0%-100.0%", doubtful of 20 of 20.
        ("over 100%", "'over 100%' is no share between 0% and 100%."),
        # Before: not a share phrase tracktr knows (while "10 in 10" was read).
        ("11 in 10", "'11 in 10' is 110%, which is not between 0 and 100."),
    ],
)
def test_a_share_phrase_beyond_every_share_is_refused(phrase: str, problem: str) -> None:
    rows = [{"id": "s", "kind": "share", "phrase": phrase, "count": "20", "base": "20"}]
    with pytest.raises(tt.ReadError) as error:
        tt.check.report(pd.DataFrame(rows))
    assert error.value.mismatches == (f"row 2 ('s'): phrase {phrase!r}: {problem}",)


def test_none_in_ten_is_read_as_ten_in_ten_is() -> None:
    # "0 in 10" was refused as unknown where "10 in 10" was read: both are shares.
    rows = [{"id": "s", "kind": "share", "phrase": "0 in 10", "count": "0", "base": "20"}]
    assert _of(rows, "s") == [("consistent", "'0 in 10' covers 0.0%-2.0%; 0 of 20 is 0.0%.")]


# -- 10. messages: a part's percentage, an empty rule list, a sum's base -------------------


def test_a_part_no_count_prints_is_named_by_its_percentage_and_label() -> None:
    # 6% of 20: 1 is 5%, 2 is 10%. Before: "no count of 20 prints as C".
    rows = [{"id": "d", "kind": "distribution", "parts": "A=50%;B=45%;C=6%", "base": "20",
             "complete": "yes"}]  # fmt: skip
    assert _of(rows, "d") == [
        ("impossible", "50, 45, 6 of 20: no count of 20 prints as 6% (C) under half-up rounding.")
    ]


def test_a_cell_no_rule_explains_says_so() -> None:
    # 3 of 7 is 42.86% and 4 of 7 57.14%: no rule prints 50. Before: "explained by ."
    rows = [
        {"id": "t", "kind": "table", "axis": "columns", "complete": "yes"},
        {"kind": "cell", "table": "t", "row": "A", "column": "All", "value": "50", "count": "3"},
        {"kind": "cell", "table": "t", "row": "B", "column": "All", "value": "50", "count": "4"},
    ]
    [(_, text)] = _of(rows, "t_a_all")
    assert text.endswith("which rounds half-up to 43; explained by no rounding rule.")


def test_a_sum_names_the_figure_it_adds_up_to() -> None:
    # Before: "12 + 9 = 21, not 's n=20." (the sum's own, blank, source).
    rows = [
        {"id": "g1_n", "kind": "base", "base": "20"},
        {"id": "x", "kind": "count", "count": "12"},
        {"id": "y", "kind": "count", "count": "9"},
        {"id": "s", "kind": "sum", "parts": "x;y", "of": "g1_n"},
    ]
    assert _of(rows, "s") == [("inconsistent", "12 + 9 = 21, not g1_n's n=20.")]

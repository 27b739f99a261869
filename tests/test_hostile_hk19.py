"""Hostile tests of tab books, waves and the checker on realistic data (hK19).

Each test says what the old code did.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

# -- the checker: "all" and "none" allow no exception --------------------------------------


@pytest.mark.parametrize(
    ("phrase", "count"), [("all", 148), ("everyone", 150), ("none", 1), ("no one", 3)]
)
def test_all_or_none_missed_by_a_few_is_false_as_written(phrase: str, count: int) -> None:
    # Before: "all" of 148 of 151 (98%) was only doubtful, as a loose phrase within 3
    # points of its interval, though every organisation but three is not all of them.
    check = tt.check.share(phrase, Fraction(count, 151))
    assert (check.holds, check.verdict) == (False, "inconsistent")
    figures = pd.DataFrame(
        {"id": ["s"], "kind": ["share"], "phrase": [phrase], "count": [count], "base": [151]}
    )
    (finding,) = tt.check.report(figures)
    assert finding.verdict == "inconsistent"
    assert "false as written" in finding.explanation


@settings(max_examples=50, deadline=None)
@given(base=st.integers(1, 500), data=st.data())
def test_all_holds_only_of_every_one(base: int, data: st.DataObject) -> None:
    # Property: "all" is consistent of count == base and inconsistent of any other count;
    # "none" likewise of 0.
    count = data.draw(st.integers(0, base))
    for phrase, exact in (("all", base), ("none", 0)):
        verdict = tt.check.share(phrase, Fraction(count, base)).verdict
        assert verdict == ("consistent" if count == exact else "inconsistent")


# -- tab books of pooled waves: repeated organisations are counted in each question's base --


def _panel() -> tt.waves.Pooled:
    # 60 organisations answer both waves; "new" is asked in 2026 only, and its share of
    # "a" differs by funding (40 of 40 funded, 4 of 20 not).
    def codebook(new: bool) -> tt.Survey:
        questions = [
            {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]},
            {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
        ]
        if new:
            questions.append({"id": "new", "type": "single", "text": "N?", "options": ["a", "b"]})
        return tt.Survey.from_dict({"title": "Panel", "questions": questions})

    ids = list(range(1, 61))
    funded = ["Yes"] * 40 + ["No"] * 20
    first = pd.DataFrame({"respondent_id": ids, "funded": funded, "q": ["a", "b"] * 30})
    second = first.assign(new=["a"] * 40 + ["a"] * 4 + ["b"] * 16)
    harmonise = {"waves": ["2025", "2026"], "questions": [
        {"id": "new", "waves": {"2025": {"absent": True}}},
    ]}  # fmt: skip
    return tt.waves.pool(
        {"2025": (first, codebook(False)), "2026": (second, codebook(True))},
        id="respondent_id",
        harmonise=harmonise,
    )


def test_a_question_one_wave_asked_is_lettered_in_a_pooled_book() -> None:
    # Before: the book counted organisations in both waves over all its rows, so the
    # section of "new" (asked in 2026 only, each organisation in its base once) said "60
    # organisation(s) answered more than one wave and are counted once per wave" and had
    # no letters by funding. Its letters are now those of the 2026 book.
    pooled = _panel()
    book = tt.tabbook(pooled.data, pooled.survey, banners=["funded"], questions=["new"])
    alone = tt.tabbook(pooled.wave("2026"), pooled.survey, banners=["funded"], questions=["new"])
    shown = book.section("new").display()
    assert shown.loc["a", ("funded", "Yes (A)")] == "100% B"  # 40 of 40 against 4 of 20
    assert shown.equals(alone.section("new").display())
    assert not any("more than one wave" in note for note in book.section("new").notes)


def test_a_pooled_book_counts_the_organisations_in_both_bases() -> None:
    # Before: the note said 60 organisations (every one has a row in both waves) were in
    # both waves' columns of "q", which 30 of them skipped in 2025. It now counts the
    # organisations in the question's base in both waves: 30.
    pooled = _panel()
    data = pooled.data.copy()
    first = (data["wave"] == "2025").to_numpy() & (data["respondent_id"] > 30).to_numpy()
    data.loc[first, "q"] = "<skipped>"
    book = tt.tabbook(data, pooled.survey, banners=["wave"], questions=["q"])
    (note,) = [n for n in book.section("q").notes if n.startswith("No letters by wave")]
    assert note.startswith("No letters by wave: 30 organisation(s) answered in more than one")


@settings(max_examples=15, deadline=None)
@given(new=st.lists(st.sampled_from(["a", "b"]), min_size=60, max_size=60))
def test_a_pooled_book_of_a_one_wave_question_is_that_wave_s_book(new: list[str]) -> None:
    # Property: a question only 2026 asked prints the same cells, letters included, in the
    # pooled book as in the book of 2026 alone (its base holds each organisation once).
    pooled = _panel()
    data = pooled.data.copy()
    data.loc[(data["wave"] == "2026").to_numpy(), "new"] = new
    book = tt.tabbook(data, pooled.survey, banners=["funded"], questions=["new"])
    alone = tt.tabbook(
        data[(data["wave"] == "2026").to_numpy()],
        pooled.survey,
        banners=["funded"],
        questions=["new"],
    )
    assert book.section("new").display().equals(alone.section("new").display())
    assert book.section("new").notes == alone.section("new").notes


# -- the checker: a table's total row typed as a cell --------------------------------------


def test_a_total_row_typed_as_a_cell_is_named_in_the_finding() -> None:
    # Before: "50, 38, 13, 100 (sum 201) of 80: these percentages need at least 160
    # respondents", with no word that the 100 is the column's total, not a share of it.
    cells = {"Under £100k": 50, "£100k to £1m": 38, "Over £1m": 13, "Total": 100}
    rows: list[dict[str, object]] = [
        {"id": "t1", "kind": "table", "axis": "columns", "complete": "yes"}
    ]
    rows += [
        {"kind": "cell", "table": "t1", "row": row, "column": "All", "value": v, "base": 80}
        for row, v in cells.items()
    ]
    found = tt.check.report(pd.DataFrame(rows).astype(object))
    explanation = next(f.explanation for f in found if f.figure == "t1_all")
    assert explanation.endswith(
        "100% (Total) is all of the base, beside other parts: if it is a total row, "
        "leave its row out of the figures file."
    )
    # Without it, the column is consistent: 40, 30 and 10 of 80.
    rows = [r for r in rows if r.get("row") != "Total"]
    assert len(tt.check.report(pd.DataFrame(rows).astype(object))) == 0
    # Unknown base: the same sentence.
    check = tt.check.distribution([50, 38, 13, 100], None)
    assert check.explanation.startswith("50, 38, 13, 100 (sum 201) fit no base up to 5000")
    assert "100% (cell 4) is all of the base, beside other parts" in check.explanation
    # A part of 100% beside parts of 0 is a possible distribution, and says nothing more.
    assert tt.check.distribution([100, 0, 0], 80).explanation.endswith("counts 80, 0, 0.")


# -- the checker: a text restating several cells names them, not a sum printed nowhere ----


def _restated(base: int | str) -> list[tuple[str, str]]:
    rows: list[dict[str, object]] = [
        {"id": "t1", "kind": "table", "axis": "columns", "complete": "yes"}
    ]
    rows += [
        {"kind": "cell", "table": "t1", "row": r, "column": "All", "value": v, "base": base}
        for r, v in (("a", 13), ("b", 38), ("c", 50))
    ]
    rows.append({"id": "s", "kind": "percent", "value": "60", "restates": "t1[All]: b + a"})
    rows.append({"id": "k", "kind": "count", "count": "5", "restates": "t1[All]: b + a"})
    found = tt.check.report(pd.DataFrame(rows).astype(object), include_consistent=True)
    return [(f.verdict, f.explanation) for f in found if f.figure in ("s", "k")]


def test_restated_cells_are_named_as_printed() -> None:
    # Before: "The text prints 60%, but t1 prints 51% of 8 (4 to 4), which prints as 50%":
    # t1 prints 38% and 13%, no 51% (1 + 3 of 8 is 50%).
    assert _restated(8) == [
        (
            "inconsistent",
            "The text prints 60%, but t1 prints 38% + 13% of 8 (4 to 4), which prints as 50%.",
        ),
        ("inconsistent", "5 here, but t1 prints 38% + 13% of 8: 4."),
    ]
    # Without bases, the sum of the printed cells is what the text is compared with.
    verdict, explanation = _restated("")[0]
    assert verdict == "inconsistent"
    assert explanation == "The text prints 60%, but t1 prints 38% + 13% = 51% (lower)."


# -- tab books: a net of every other option by a banner of one tick column --------------------


def test_a_net_of_the_other_options_by_a_tick_banner_is_not_lettered() -> None:
    # Before: by the tick column of "a", the net of "b" and "c" read "100% B" in the group
    # that did not tick "a": everyone in the base ticked something, so everyone who did
    # not tick "a" ticked "b" or "c" (100% by construction, a letter that tested nothing).
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "s", "type": "multi", "text": "S?", "options": ["a", "b", "c"],
         "nets": {"Not a": ["b", "c"], "Only b": ["b"]}},
    ]})  # fmt: skip
    # 40 tick "a" only, 20 tick "a" and "b", 40 tick "b" or "c" without "a".
    ticks = [(1, 0, 0)] * 40 + [(1, 1, 0)] * 20 + [(0, 1, 0)] * 20 + [(0, 0, 1)] * 20
    df = pd.DataFrame(ticks, columns=["s_1", "s_2", "s_3"])
    book = tt.tabbook(df, survey, banners=["s_1"])
    shown = book.section("s").display()
    assert list(shown.loc["NET: Not a"]) == ["60%", "100%", "33%"]  # 60/100, 40/40, 20/60
    (note,) = [n for n in book.section("s").notes if "Letters leave out" in n]
    assert note == (
        "Letters leave out 'a', 'Not a' by s_1: the banner is the tick column of 'a', so "
        "its groups are 0% and 100% of it by construction, and 'Not a' hold(s) every other "
        "option, so 100% of the respondents who did not tick 'a'."
    )
    # "Only b" is no such net: 20 of 40 against 20 of 60 is tested as before.
    (block,) = book.section("s").blocks
    tests = block.net_tests
    assert tests is not None
    rows = tests.rows or ()
    tested = {row for row, p in zip(rows, tests.p_values, strict=True) if not math.isnan(p)}
    assert tested == {"Only b"}
    # With empty="answered" a respondent may tick nothing: the net varies, and is tested.
    answered = tt.tabbook(df, survey, banners=["s_1"], empty="answered").section("s")
    assert not any("hold(s) every other option" in n for n in answered.notes)


# -- a banner of a grid item has the groups of the grid's scale, in its order -----------------


def test_a_grid_item_as_a_banner_has_the_scale_s_groups_in_order() -> None:
    # Before: by the item column "rel_1" the groups were sorted by label, "Good (A)" before
    # "Poor (B)", the unused "Fair" had no column, and an answer outside the scale ("Bad")
    # was a group of its own.
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
        {"id": "rel", "type": "grid", "text": "Rel?", "items": ["x", "y"],
         "options": ["Poor", "Fair", "Good"]},
    ]})  # fmt: skip
    df = pd.DataFrame({"q": ["a", "b"] * 20, "rel_1": ["Poor", "Good"] * 20, "rel_2": "Good"})
    book = tt.tabbook(df, survey, banners=["rel_1"], questions=["q"])
    groups = [(g, letter) for banner, g, letter in book.section("q").columns() if banner == "rel_1"]
    assert groups == [("Poor", "A"), ("Fair", "B"), ("Good", "C")]
    table = tt.frequencies(df, "q", survey=survey, by="rel_1")
    assert list(table.bases.index) == ["Poor", "Fair", "Good", "All"]
    with pytest.raises(tt.UnknownValueError, match=r"value\(s\) \['Bad'\] are not among"):
        tt.frequencies(df.assign(rel_1="Bad"), "q", survey=survey, by="rel_1")


def test_a_table_of_pooled_rows_counts_repeated_organisations_in_its_base() -> None:
    # Before: tt.frequencies() of a question only 2026 asked, by funding, said "60
    # organisation(s) (id 'respondent_id') answered more than one wave and are counted once
    # per wave in the columns", though each is in its base once, and tt.compare_table()
    # refused to compare its columns.
    pooled = _panel()
    table = tt.frequencies(pooled.data, "new", survey=pooled.survey, by="funded")
    assert not any("more than one wave" in note for note in table.notes)
    alone = tt.compare_table(
        tt.frequencies(pooled.wave("2026"), "new", survey=pooled.survey, by="funded")
    )
    assert tt.compare_table(table).to_frame().equals(alone.to_frame())
    # A question both waves asked keeps its note, counting those in both bases: 30 of 60
    # skipped it in 2025.
    data = pooled.data.copy()
    data.loc[(data["wave"] == "2025").to_numpy() & (data["respondent_id"] > 30).to_numpy(), "q"] = (
        "<skipped>"
    )
    table = tt.frequencies(data, "q", survey=pooled.survey, by="wave")
    assert table.notes[-1].startswith("30 organisation(s) (id 'respondent_id') answered more")

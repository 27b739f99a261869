"""Tab books read by a hostile tester, fifth round: grids, don't know in sets, exports.

Each test names what the old code did. Numbers are recomputed here with plain pandas.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.io.excel import sheet_name

REGIONS = ["South", "North", "West"]  # codebook order, not sorted


def _grid_survey() -> tt.Survey:
    return tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "region", "type": "single", "text": "Region?", "options": REGIONS},
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
        {"id": "v", "type": "grid", "text": "V?", "items": ["i1", "i2"], "options": ["a", "b"]},
    ]})  # fmt: skip


# -- grid items have the banner's groups of every other section --------------------------------


def test_grid_items_have_the_codebook_order_of_groups_and_unused_groups() -> None:
    # Before: the grid's sections printed North (A), South (B) (sorted, West left out)
    # while every other section printed South (A), North (B), West (C): letter A named
    # another group on the grid's sheet.
    df = pd.DataFrame({
        "region": ["North"] * 30 + ["South"] * 30,
        "q": ["a", "b"] * 30,
        "v_1": ["a"] * 25 + ["b"] * 35,
        "v_2": ["b"] * 60,
    })  # fmt: skip
    book = tt.tabbook(df, _grid_survey(), banners=["region"])
    expected = [("Total", "All", ""), ("region", "South", "A"), ("region", "North", "B")]
    expected.append(("region", "West", "C"))
    assert [s.columns() for s in book.sections] == [expected] * 4
    item = book.section("v.i1").display()
    # Plain pandas: the share of "a" in each region, rounded half-up: 25/60, 0/30, 25/30.
    shares = df.groupby("region")["v_1"].apply(lambda s: s.eq("a").sum())
    assert shares.to_dict() == {"North": 25, "South": 0}
    assert list(item.loc["a"]) == ["42%", "0%", "83% A", "n/a"]
    assert list(item.loc["Base"]) == ["60", "30", "30", "0 *"]


@settings(max_examples=25, deadline=None)
@given(groups=st.lists(st.sampled_from(REGIONS), min_size=4, max_size=30))
def test_every_section_of_a_book_has_the_same_columns(groups: list[str]) -> None:
    # Property: whichever groups the rows hold, in whatever order, a letter names the same
    # group in every section (the codebook's order, groups no one gave included).
    n = len(groups)
    df = pd.DataFrame({
        "region": groups,
        "q": (["a", "b"] * n)[:n],
        "v_1": (["b", "a", "a"] * n)[:n],
        "v_2": (["a"] * n),
    })  # fmt: skip
    before = df.copy()
    book = tt.tabbook(df, _grid_survey(), banners=["region"], letters=False)
    columns = [s.columns() for s in book.sections]
    assert all(c == columns[0] for c in columns)
    assert [g for _, g, _ in columns[0]] == ["All", *REGIONS]
    pd.testing.assert_frame_equal(df, before)  # the data is not changed


# -- dont_know="exclude" and a tick-all-that-apply set with don't know ------------------------


def _set_with_dont_know() -> tuple[pd.DataFrame, tt.Survey]:
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "m", "type": "multi", "text": "M?",
         "options": ["a", "b", {"label": "Don't know", "dont_know": True}]},
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
    ]})  # fmt: skip
    df = pd.DataFrame({
        "m_1": [1, 0, 0, 1] * 10, "m_2": [0, 1, 0, 1] * 10, "m_3": [0, 0, 1, 0] * 10,
        "g": ["x", "y"] * 20,
    })  # fmt: skip
    return df, survey


def test_exclude_leaves_a_sets_dont_know_out_of_the_book() -> None:
    # First: dont_know="exclude" printed the book of "include" (the Don't know row, a
    # base of 40 counting the 10 who ticked it) without a word; then a note said the
    # exclusion did not apply to a set. Now it applies: the 10 who ticked only Don't know
    # (all of group x's third pattern) leave the base, and its row is not printed.
    df, survey = _set_with_dont_know()
    section = tt.tabbook(df, survey, banners=["g"], dont_know="exclude").section("m")
    # Plain pandas: 40 ticked something, 10 of them Don't know alone (m_3 and no other).
    only = (df["m_3"] == 1) & (df[["m_1", "m_2"]].sum(axis=1) == 0)
    assert int(only.sum()) == 10
    assert list(section.display().loc["Base"]) == ["30", "10 *", "20 *"]
    assert "Don't know" not in section.display().index
    # a: 10 of x's 10 and 10 of y's 20 (the a+b pattern).
    assert list(section.display().loc["a"]) == ["67%", "100% B", "50%"]
    assert section.notes[1] == "10 answered only Don't know, excluded from the base."
    assert not any("does not apply" in note for note in section.notes)


def test_include_has_no_note_on_a_sets_dont_know() -> None:
    df, survey = _set_with_dont_know()
    section = tt.tabbook(df, survey, banners=["g"]).section("m")
    assert not any("does not apply" in note for note in section.notes)


# -- sheet names Excel accepts -----------------------------------------------------------------


def test_a_sheet_name_cut_to_31_characters_does_not_end_with_an_apostrophe(
    tmp_path: Path,
) -> None:
    # Before: grid item "x'yz" of a 28-character question made the sheet
    # "aaaaaaaaaaaaaaaaaaaaaaaaaaaa.x'", which Excel refuses (it repairs the file, and the
    # index's link then points at no sheet).
    qid = "a" * 28
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": qid, "type": "grid", "text": "Q?", "items": ["x'yz"], "options": ["a", "b"]},
    ]})  # fmt: skip
    df = pd.DataFrame({f"{qid}_1": ["a", "b"] * 20, "g": ["x", "y"] * 20})
    out = tt.io.write_tabbook(tt.tabbook(df, survey, banners=["g"]), tmp_path / "book.xlsx")
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Index", f"{qid}.x"]
    link = workbook["Index"]["A5"].hyperlink.location
    assert link == f"'{qid}.x'!A1"


_SHEET_TEXT = st.text(alphabet=st.sampled_from("ab' []:*?/\\\n."), max_size=12)
# Names around Excel's 31 characters, where the cut falls among the hostile characters.
_SHEET_NAMES = _SHEET_TEXT | st.builds(
    lambda n, mark, tail: "a" * n + mark + tail,
    st.integers(26, 34),
    st.sampled_from(["", "'", " '", "''"]),
    _SHEET_TEXT,
)


@settings(max_examples=200, deadline=None)
@given(name=_SHEET_NAMES, taken=st.lists(st.text(alphabet="ab' .", max_size=31), max_size=5))
def test_sheet_names_are_names_excel_accepts(name: str, taken: list[str]) -> None:
    # Excel's rules: 1 to 31 characters, none of []:*?/\, no apostrophe at either end,
    # unique regardless of case, not "History".
    chosen = sheet_name(name, taken)
    assert 1 <= len(chosen) <= 31
    assert not re.search(r"[\[\]:*?/\\\n]", chosen)
    assert not chosen.startswith("'")
    assert not chosen.endswith("'")
    assert chosen.lower() not in {t.lower() for t in taken} | {"history"}


# -- HTML: one id per section -----------------------------------------------------------------


def _html_links(items: list[str], tmp_path: Path) -> tuple[list[str], list[str], list[str]]:
    """Write a book of a grid with `items`; return its section ids, index links, captions."""
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "v", "type": "grid", "text": "V?", "items": items, "options": ["a", "b"]},
    ]})  # fmt: skip
    columns = {f"v_{k}": ["a", "b"] * 10 for k in range(1, len(items) + 1)}
    df = pd.DataFrame(columns | {"g": ["x"] * 10 + ["y"] * 10})
    page = tt.io.write_tabbook(tt.tabbook(df, survey, banners=["g"]), tmp_path / "b.html")
    text = page.read_text(encoding="utf-8")
    ids = re.findall(r'<section id="([^"]*)">', text)
    links = re.findall(r'<li><a href="#([^"]*)">', text)
    captions = re.findall(
        r'<section id="[^"]*"><table class="tracktr-table"><caption>[^<]*\((v\.[^<]*)\)', text
    )
    return ids, links, captions


def test_sections_whose_names_differ_in_punctuation_have_their_own_ids(tmp_path: Path) -> None:
    # Before: both sections had id "s-v-full-time" and both index entries led to the first.
    ids, links, captions = _html_links(["full-time", "full time"], tmp_path)
    assert ids == ["s-v-full-time", "s-v-full-time-2"]
    assert links == ids
    assert captions == ["v.full-time", "v.full time"]


@settings(max_examples=30, deadline=None)
@given(
    items=st.lists(
        st.text(alphabet="ab -_.", min_size=1, max_size=4), min_size=2, max_size=4, unique=True
    )
)
def test_every_section_has_an_id_of_its_own(items: list[str]) -> None:
    import tempfile

    # Items that differ only in stray spaces are refused by the codebook.
    try:
        tt.Survey.from_dict({"title": "T", "questions": [
            {"id": "v", "type": "grid", "text": "V?", "items": items, "options": ["a", "b"]},
        ]})  # fmt: skip
    except tt.TracktrError:
        assume(False)
    with tempfile.TemporaryDirectory() as folder:
        ids, links, _ = _html_links(items, Path(folder))
    assert len(set(ids)) == len(items)
    assert links == ids


# -- missing_group that prints like the total or a group ---------------------------------------


@pytest.mark.parametrize("label", ["All", "all ", " ALL"])
def test_missing_group_like_the_total_is_refused_by_its_own_name(label: str) -> None:
    # Before: "All" was refused as a group of the column 'h (banner)' (not in the data),
    # with a hint to rename it there; "all " printed a column "all" beside the total "All".
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
    ]})  # fmt: skip
    df = pd.DataFrame({"q": ["a", "b"] * 20, "h": ["x", None] * 20})
    message = f"`missing_group={label!r}` prints like the total column 'All'"
    with pytest.raises(tt.InvalidOptionError, match=re.escape(message)) as caught:
        tt.tabbook(df, survey, banners=["h"], missing_group=label)
    assert "(banner)" not in str(caught.value)
    assert "Hint: choose another label" in str(caught.value)
    with pytest.raises(tt.InvalidOptionError, match="prints like the total column"):
        tt.frequencies(df, "q", by="h", missing_group=label)


def test_missing_group_like_a_group_is_refused() -> None:
    df = pd.DataFrame({"q": ["a", "b"] * 20, "h": ["x", None] * 20})
    with pytest.raises(
        tt.InvalidOptionError, match=r"`missing_group='X '` prints like the group 'x' of 'h'"
    ):
        tt.frequencies(df, "q", by="h", missing_group="X ")


# -- a net labelled like the line of bases -----------------------------------------------------


@pytest.mark.parametrize("name", ["Base", " base", "BASE"])
def test_a_codebook_net_labelled_base_is_refused_when_the_codebook_is_read(name: str) -> None:
    # Before: the codebook took it, and the tab book failed later with "a Table's option
    # 'Base' is labelled like its line of bases", naming neither the net nor the question.
    with pytest.raises(
        tt.CodebookError, match=r"question 'q': net .* is labelled like the line of bases"
    ):
        tt.Survey.from_dict({"title": "T", "questions": [
            {"id": "q", "type": "ordinal", "text": "Q?", "options": ["a", "b"],
             "nets": {name: ["a"]}},
        ]})  # fmt: skip


def test_net_table_names_the_net_labelled_base() -> None:
    table = tt.frequencies(pd.DataFrame({"q": ["a", "b"]}), "q", options=["a", "b"])
    with pytest.raises(
        tt.InvalidOptionError, match=r"net 'Base' of 'q' is labelled like its line of bases"
    ):
        tt.net_table(table, {"Base": ["a"]})


# -- the base line of a weighted numeric section -----------------------------------------------


def test_a_weighted_numeric_section_says_its_base_is_unweighted() -> None:
    # Before: its line read "Base" (40) beside the "Base (weighted)" (80.0) of the book's
    # other sections, as if it were weighted too.
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "n", "type": "numeric", "text": "N?"},
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
    ]})  # fmt: skip
    df = pd.DataFrame({"n": [1.0, 2, 3, 4] * 10, "q": ["a", "b"] * 20, "g": ["x", "y"] * 20})
    df["w"] = [1.0, 3.0] * 20
    book = tt.tabbook(df, survey, banners=["g"], weights="w")
    numeric = book.section("n")
    # Plain pandas: 20 respondents in each group, weights 20 and 60.
    assert df.groupby("g").size().tolist() == [20, 20]
    assert numeric.display().index[-1] == "Unweighted base"
    assert list(numeric.display().loc["Unweighted base"]) == ["40", "20 *", "20 *"]
    assert numeric.row_kinds()[-1] == "unweighted_base"
    assert list(book.section("q").display().loc["Base (weighted)"]) == [
        "80.0",
        "20.0 *",
        "60.0 *",
    ]
    unweighted = tt.tabbook(df, survey, banners=["g"]).section("n")
    assert unweighted.display().index[-1] == "Base"


def test_stray_grid_columns_name_the_question_and_its_columns() -> None:
    # Before: the message named the stray columns only, not the grid nor the columns
    # q_1 and q_2 it reads (the items named in the data, numbered in the codebook).
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "q", "type": "grid", "text": "Q?", "items": ["vsx", "sdf"], "options": ["a", "b"]},
    ]})  # fmt: skip
    df = pd.DataFrame({"q_vsx": ["a", "b"], "q_sdf": ["b", "a"], "g": ["x", "y"]})
    message = "(question 'q' reads its items from ['q_1', 'q_2'])"
    with pytest.raises(tt.InvalidOptionError, match=re.escape(message)):
        tt.tabbook(df, survey, banners=["g"])


# -- a set by the tick column of one of its options ---------------------------------------------


def test_a_set_by_its_own_tick_column_has_no_letters_on_the_rows_it_decides() -> None:
    # Before: by the tick column of "b", row "b" read 0% / "100% A" and the net holding b
    # "100% A" too: letters on a row that is 0% and 100% by construction.
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "m", "type": "multi", "text": "M?", "options": ["a", "b", "c"],
         "nets": {"BC": ["b", "c"], "A": ["a"]}},
    ]})  # fmt: skip
    n = 80
    df = pd.DataFrame({
        "m_1": ([1] * 30 + [0] * 10) * 2,   # a: 30 of 40 in each group
        "m_2": [0] * 40 + [1] * 40,         # b: the banner
        "m_3": [0] * 20 + [1] * 20 + [1] * 35 + [0] * 5,  # everyone ticked something
    })  # fmt: skip
    assert len(df) == n
    section = tt.tabbook(df, survey, banners=["m_2"]).section("m")
    shown = section.display()
    # Plain pandas: row b is 0/40 and 40/40; c is 20/40 and 35/40.
    ticked = df.groupby("m_2")[["m_1", "m_2", "m_3"]].sum()
    assert ticked.to_dict("list") == {"m_1": [30, 30], "m_2": [0, 40], "m_3": [20, 35]}
    assert list(shown.loc["b"]) == ["50%", "0%", "100%"]
    assert list(shown.loc["NET: BC"]) == ["75%", "50%", "100%"]
    assert list(shown.loc["c"]) == ["69%", "50%", "88% A"]  # still tested
    assert list(shown.loc["NET: A"]) == ["75%", "75%", "75%"]
    assert (
        "Letters leave out 'b', 'BC' by m_2: the banner is the tick column of 'b', so its groups "
        "are 0% and 100% of it by construction." in section.notes
    )


# -- a numeric question's missing codes in data not prepared -----------------------------------


def _coded_survey() -> tt.Survey:
    return tt.Survey.from_dict({
        "title": "T",
        "missing": {"refused": [-99], "skipped": [-98]},
        "questions": [
            {"id": "n", "type": "numeric", "text": "N?"},
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
        ],
    })  # fmt: skip


def test_a_numeric_questions_missing_codes_are_not_averaged() -> None:
    # Before: the book (and tt.summarise) read -99 (refused) and -98 (skipped) as answers:
    # mean -38.20 where the 24 answers average 2.00, without a word.
    df = pd.DataFrame({"n": [1, 2, 3, -99, -98] * 8, "g": ["x", "y"] * 20})
    df.index = pd.Index([f"org{k}" for k in range(40)], name="respondent_id")
    with pytest.raises(tt.UnknownValueError, match=r"-99 = refused, -98 = skipped") as caught:
        tt.tabbook(df, _coded_survey(), banners=["g"])
    assert caught.value.values == (-99, -98)
    assert caught.value.rows[:2] == ("org3", "org4")
    assert "survey.prepare(data)" in str(caught.value)
    with pytest.raises(tt.UnknownValueError, match="codes for missing answers"):
        tt.summarise(df, "n", survey=_coded_survey())
    # Prepared, the codes are missing markers; the mean is that of the answers (pandas).
    prepared = _coded_survey().prepare(df.reset_index()).data
    section = tt.tabbook(prepared, _coded_survey(), banners=["g"]).section("n")
    answers = df["n"][~df["n"].isin([-99, -98])]
    assert answers.mean() == 2.0
    assert list(section.display().loc["Mean"]) == ["2.00", "2.00", "2.00"]
    assert list(section.display().loc["Base"]) == ["24 *", "12 *", "12 *"]


def test_missing_codes_in_an_engine_frame_are_refused() -> None:
    polars = pytest.importorskip("polars")
    frame = polars.DataFrame({"n": [1, 2, -99, 4], "g": ["x", "y", "x", "y"]})
    with pytest.raises(tt.UnknownValueError, match=r"in rows \[2\] \(0-based positions"):
        tt.summarise(frame, "n", survey=_coded_survey())


def test_numbers_beside_declared_codes_are_summarised() -> None:
    # No code among the answers: nothing to refuse (and -97 is not a declared code).
    df = pd.DataFrame({"n": [1, 2, 3, -97]})
    summary = tt.summarise(df, "n", survey=_coded_survey())
    assert summary.statistics.loc["All", "mean"] == df["n"].mean()


# -- banner groups that differ only in case ------------------------------------------------------


def test_banner_groups_differing_only_in_case_are_refused() -> None:
    # Before: "North" and "north" were two columns, "North (A)" and "north (B)": one region
    # typed two ways, split in two (groups differing in spaces were already refused).
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
    ]})  # fmt: skip
    df = pd.DataFrame({"q": ["a", "b"] * 20, "region": ["North", "north"] * 20})
    df.index = pd.Index([f"org{k}" for k in range(40)])
    message = "banner 'region': groups 'North' (rows ['org0', 'org2', 'org4', 'org6', 'org8'])"
    with pytest.raises(tt.UnknownValueError, match=re.escape(message)) as caught:
        tt.tabbook(df, survey, banners=["region"])
    assert caught.value.values == ("North", "north")
    assert "differ only in case" in str(caught.value)
    assert "data['region'].replace({'north': 'North'})" in str(caught.value)
    # Nested: "North / CRC" and "north / CRC" likewise.
    df["funder"] = "CRC"
    with pytest.raises(tt.UnknownValueError, match="differ only in case"):
        tt.tabbook(df, survey, banners=[("region", "funder")])
    # Made one value, the book is built, by one group of 40.
    fixed = df.assign(region=df["region"].replace({"north": "North"}))
    section = tt.tabbook(fixed, survey, banners=["region"]).section("q")
    assert list(section.display().loc["Base"]) == ["40", "40"]

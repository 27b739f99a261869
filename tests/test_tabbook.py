"""Tab books: numbers equal the one-question functions', letters equal compare_table's.

Known data: expss's ``product_test`` (category-coded slots, a 7-point scale) and
questionr's ``hdv2003`` (a yes/no hobbies set, weights); see tests/data/README.md. Every
multi-response count is checked against an independent plain-pandas computation.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.test_tabbook_xlsx_numbers import show_number
from tracktr.cli import main
from tracktr.compare._letters import higher_than

DATA = Path(__file__).parent / "data"
CODES = {
    1: "Liked everything",
    2: "Disliked everything",
    3: "Chocolate",
    4: "Appearance",
    5: "Taste",
    6: "Stuffing",
    7: "Nuts",
    8: "Consistency",
    98: "Other",
    99: "Hard to answer",
}
QUALITY = [
    "Extremely poor",
    "Very poor",
    "Quite poor",
    "Neither good, nor poor",
    "Quite good",
    "Very good",
    "Excellent",
]
SLOTS = [f"a1_{i}" for i in range(1, 7)]


def product_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "Product test",
            "questions": [
                {
                    "id": "cell",
                    "type": "single",
                    "text": "Order of testing",
                    "options": ["VSX123 first", "SDF456 first"],
                },
                {"id": "s2a", "type": "numeric", "text": "Age", "min": 0},
                {
                    "id": "likes",
                    "type": "multi",
                    "text": "Likes. VSX123",
                    "options": [
                        {"code": c, "label": label, "column": f"likes_{c}"}
                        for c, label in CODES.items()
                    ],
                    "nets": {"Filling": ["Stuffing", "Nuts"]},
                },
                {
                    "id": "a22",
                    "type": "ordinal",
                    "text": "Overall quality. VSX123",
                    "options": QUALITY,
                    "nets": {"Top 2": QUALITY[-2:], "Bottom 3": QUALITY[:3]},
                    "scores": {label: i for i, label in enumerate(QUALITY, start=1)},
                },
                {
                    "id": "c1",
                    "type": "single",
                    "text": "Preferences",
                    "options": ["VSX123", "SDF456", "Hard to say"],
                },
                {"id": "comment", "type": "text", "text": "Anything else?"},
            ],
        }
    )


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.read_csv(DATA / "product_test.csv")


@pytest.fixture(scope="module")
def product(raw: pd.DataFrame) -> pd.DataFrame:
    names = {label: f"likes_{code}" for code, label in CODES.items()}
    likes = tt.recode.from_slots(raw, SLOTS, codes=CODES, names=names)
    frame = pd.concat([raw.rename(columns={"id": "respondent_id"}), likes], axis=1)
    frame["comment"] = "<skipped>"
    return product_survey().prepare(frame, allow_extra_columns=True).data


@pytest.fixture(scope="module")
def book(product: pd.DataFrame) -> tt.TabBook:
    return tt.tabbook(product, product_survey(), banners=["cell", "c1"])


# -- multi-response from category-coded slots, against pandas ---------------------------------


def test_slots_by_group_match_pandas(raw: pd.DataFrame, book: tt.TabBook) -> None:
    # Plain pandas: a respondent mentions code c if any slot holds it; the base is the
    # respondents with at least one slot filled.
    answered = raw[SLOTS].notna().any(axis=1)
    block = book.section("likes").blocks[0]
    assert block.table is not None
    for cell, label in ((1, "VSX123 first"), (2, "SDF456 first")):
        rows = raw[answered & (raw["cell"] == cell)]
        for code, option in CODES.items():
            mentions = int(rows[SLOTS].eq(code).any(axis=1).sum())
            assert block.table.counts.loc[option, label] == mentions
        assert block.table.bases[label] == len(rows)


def test_slot_codes_outside_the_codeframe_are_errors(raw: pd.DataFrame) -> None:
    codes = {k: v for k, v in CODES.items() if k != 7}
    with pytest.raises(tt.UnknownValueError, match=r"value\(s\) \[7.0\] are not codes"):
        tt.recode.from_slots(raw, SLOTS, codes=codes)


def test_yes_no_set_weighted_by_group_matches_pandas() -> None:
    hdv = pd.read_csv(DATA / "hdv2003.csv")
    hobbies = ["hard.rock", "lecture.bd", "peche.chasse", "cuisine", "bricol", "cinema", "sport"]
    ticks = tt.recode.from_yes_no(hdv, hobbies, true=["Oui"], false=["Non"])
    frame = pd.concat([ticks, hdv[["sexe", "poids"]]], axis=1)
    table = tt.multi_response(frame, "hobbies", columns=hobbies, by="sexe", weights="poids")
    yes = hdv[hobbies].eq("Oui")
    answered = yes.any(axis=1)
    for sexe in ("Homme", "Femme"):
        rows = answered & hdv["sexe"].eq(sexe)
        weight = hdv.loc[rows, "poids"]
        expected = yes[rows].mul(weight, axis=0).sum() / weight.sum()
        got = table.counts[sexe] / table.bases[sexe]
        np.testing.assert_allclose(got.loc[hobbies].to_numpy(), expected.to_numpy(), rtol=1e-12)


def test_yes_no_refuses_undeclared_codes() -> None:
    df = pd.DataFrame({"a": ["Oui", "Peut-être"], "b": ["Non", "Non"]})
    with pytest.raises(tt.UnknownValueError, match=r"\['Peut-être'\] are not among the true"):
        tt.recode.from_yes_no(df, ["a", "b"], true=["Oui"], false=["Non"])


# -- the book equals the one-question functions -----------------------------------------------


def _cells(table: tt.Table, higher: dict[tuple[object, object], list[object]]) -> pd.DataFrame:
    """Expected "45% B" cells of a banner from Table.percentages() and compare_table()."""
    comparison = tt.compare_table(table)
    letters = {g: chr(ord("A") + i) for i, g in enumerate(comparison.groups)}
    percent = table.percentages()
    out = percent.map(lambda v: f"{v:.0f}%")
    for (option, group), lower in higher.items():
        mark = " ".join(sorted(letters[g] for g in lower))
        out.loc[option, group] = f"{out.loc[option, group]} {mark}"
    return out


def test_book_cells_equal_the_one_question_functions(product: pd.DataFrame) -> None:
    survey = product_survey()
    book = tt.tabbook(product, survey, banners=["c1"])
    for qid in ("a22", "likes", "cell"):
        section = book.section(qid)
        function = tt.multi_response if qid == "likes" else tt.frequencies
        table = function(product, qid, survey=survey, by="c1")
        expected = _cells(table, higher_than(table))
        shown = section.display()
        letters = {"VSX123": "A", "SDF456": "B", "Hard to say": "C"}
        for group, letter in letters.items():
            column = shown[("c1", f"{group} ({letter})")]
            # The book's letters are the same as compare_table's here (one banner).
            assert column.loc[list(table.counts.index)].tolist() == expected[group].tolist()
        assert shown.loc["Base", ("c1", "VSX123 (A)")] == str(table.bases["VSX123"])


def test_nets_and_mean_score_rows(product: pd.DataFrame, book: tt.TabBook) -> None:
    section = book.section("a22")
    shown = section.display()
    counts = product["a22"].value_counts()
    top2 = counts[QUALITY[-2:]].sum()
    assert shown.loc["NET: Top 2", ("Total", "All")] == f"{round(100 * top2 / 150)}%"
    scores = product["a22"].map({label: i for i, label in enumerate(QUALITY, 1)}).astype(float)
    assert shown.loc["Mean score", ("Total", "All")] == f"{scores.mean():.2f}"
    by_cell = scores.groupby(product["cell"], observed=True).mean()
    assert shown.loc["Mean score", ("cell", "VSX123 first (A)")] == (
        f"{by_cell['VSX123 first']:.2f}"
    )


def test_letters_note_says_the_nets_are_a_family_of_their_own(book: tt.TabBook) -> None:
    # Before: "adjusted within each table and banner" beside nets whose letters come from
    # a Holm adjustment over the nets alone (a newcomer could not reproduce them).
    letters = [n for n in book.section("a22").notes if n.startswith("Letters:")]
    assert len(letters) == 1
    assert "within each table and banner, the nets apart from the options;" in letters[0]
    without = [
        note
        for section in book.sections
        if section.blocks and section.blocks[0].nets is None
        for note in section.notes
        if note.startswith("Letters:")
    ]
    assert without
    assert not any("nets apart" in note for note in without)


def test_text_questions_are_skipped_and_named(book: tt.TabBook) -> None:
    assert book.skipped == (("comment", "text question"),)
    assert [s.name for s in book.sections] == ["cell", "s2a", "likes", "a22", "c1"]


def test_numeric_section_equals_summarise(product: pd.DataFrame, book: tt.TabBook) -> None:
    shown = book.section("s2a").display()
    summary = tt.summarise(product, "s2a", by="cell")
    assert shown.loc["Median", ("cell", "SDF456 first (B)")] == (
        f"{summary.statistics.loc['SDF456 first', 'median']:.2f}"
    )
    assert shown.loc["Base", ("Total", "All")] == "150"


@st.composite
def survey_data(draw: st.DrawFn) -> tuple[pd.DataFrame, bool]:
    n = draw(st.integers(20, 60))
    q = draw(st.lists(st.sampled_from(["Yes", "No", "Maybe"]), min_size=n, max_size=n))
    g = draw(st.lists(st.sampled_from(["x", "y", "z", None]), min_size=n, max_size=n))
    h = draw(st.lists(st.sampled_from(["u", "v"]), min_size=n, max_size=n))
    weighted = draw(st.booleans())
    if draw(st.booleans()):  # a real difference, so that letters appear
        q = [
            "Yes" if gi == "x" else ("No" if gi == "y" else qi) for qi, gi in zip(q, g, strict=True)
        ]
    frame = pd.DataFrame({"q": q, "g": g, "h": h})
    frame["w"] = np.linspace(0.5, 2.0, n)
    return frame, weighted


SMALL = tt.Survey.from_dict(
    {
        "title": "Small",
        "questions": [
            {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No", "Maybe"]},
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y", "z"]},
            {"id": "h", "type": "single", "text": "H?", "options": ["u", "v"]},
        ],
    }
)


@settings(max_examples=15)
@given(survey_data())
def test_property_book_equals_frequencies_and_compare_table(
    case: tuple[pd.DataFrame, bool],
) -> None:
    frame, weighted = case
    weights = "w" if weighted else None
    book = tt.tabbook(frame, SMALL, banners=["g", "h"], questions=["q"], weights=weights)
    section = book.section("q")
    shown = section.display()
    for banner in ("g", "h"):
        table = tt.frequencies(frame, "q", survey=SMALL, by=banner, weights=weights)
        percent = table.percentages()
        for _, group, letter in [c for c in section.columns() if c[0] == banner]:
            cells = shown[(banner, f"{group} ({letter})")]
            for option in table.counts.index:
                value = percent.loc[option, group]  # NaN: a declared group no one is in
                printed = "n/a" if np.isnan(value) else f"{value:.0f}%"
                assert cells[option].split(" ")[0] == printed
            base_row = "Base (weighted)" if weighted else "Base"
            assert cells[base_row].split(" ")[0] == _fmt(table.bases[group], weighted)
            if weighted:
                assert cells["Unweighted base"] == str(table.unweighted_bases[group])
        # Letters: the same significant pairs as compare_groups makes (weighted: on Kish
        # effective bases), and the book prints them.
        if sum(table.bases.drop("All") > 0) >= 2:
            comparison = tt.compare_groups(frame, "q", banner, survey=SMALL, weights=weights)
            expected = {
                (
                    r.option,
                    r.group if r.difference > 0 else r.versus,
                    r.versus if r.difference > 0 else r.group,
                )
                for r in comparison.comparisons.itertuples()
                if r.significant
            }
            letter_of = {g: letter for b, g, letter in section.columns() if b == banner}
            for option, higher, lower in expected:
                cell = shown.loc[option, (banner, f"{higher} ({letter_of[higher]})")]
                assert letter_of[lower] in cell.split(" ")[1:]
            marked = {
                (option, group)
                for _, group, letter in section.columns()
                if _ == banner
                for option in table.counts.index
                if len(shown.loc[option, (banner, f"{group} ({letter})")].split(" ")) > 1
            }
            assert marked == {(o, h) for o, h, _ in expected}


# -- writing ---------------------------------------------------------------------------------


def _as_shown(cell: Any) -> str:
    """A cell as a spreadsheet shows it: text, or its number in its number format."""
    if isinstance(cell.value, str):
        return cell.value
    return show_number(cell.value, str(cell.number_format))


def test_workbook_sheets_bases_and_letters(book: tt.TabBook, tmp_path: Path) -> None:
    path = book.write(tmp_path / "book.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Index", "cell", "s2a", "likes", "a22", "c1"]
    index = workbook["Index"]
    linked = [index.cell(row=r, column=1).hyperlink.location for r in range(5, 10)]
    assert linked == ["'cell'!A1", "'s2a'!A1", "'likes'!A1", "'a22'!A1", "'c1'!A1"]
    assert "Not tabulated: comment (text question)." in [c.value for c in index["A"]]
    for section in book.sections:
        sheet = workbook[section.name]
        assert sheet.freeze_panes == "B6"
        frame = section.display()
        header = [sheet.cell(row=5, column=k).value for k in range(2, 2 + frame.shape[1])]
        assert header == [g for _, g in frame.columns]
        labels = [sheet.cell(row=r, column=1).value for r in range(6, 6 + len(frame))]
        assert labels == [str(i) for i in frame.index]
        base_row = 6 + labels.index("Base")
        written = [sheet.cell(row=base_row, column=k) for k in range(2, 2 + frame.shape[1])]
        assert [_as_shown(c) for c in written] == frame.loc["Base"].tolist()
        for r, row in enumerate(frame.itertuples(index=False), start=6):
            for k, value in enumerate(row, start=2):
                # "63% B" as printed: numbers, the letters and a small base's flag in
                # their format (0.63 as '0%" B"', 6 as '0" *"').
                assert _as_shown(sheet.cell(row=r, column=k)) == value
    c1 = workbook["c1"]
    # VSX123 first: 63% prefer VSX123, above column B. Before: the text "63% B".
    assert (c1["C6"].value, c1["C6"].number_format) == (0.63, '0%" B"')
    # Hard to say: a small base, flagged; a number (it was the text "6 *").
    assert (c1["G9"].value, c1["G9"].number_format) == (6, '0" *"')
    assert c1["B9"].value == 150
    # Styles (copied from one cell of each style to the others): the title, the headers,
    # the bold base label and right-aligned cells, on every sheet.
    for name in ("cell", "c1"):
        sheet = workbook[name]
        assert (sheet["A1"].font.bold, sheet["A1"].font.size) == (True, 12)
        assert sheet["C5"].font.bold
        assert sheet["C5"].alignment.horizontal == "center"
        assert sheet[f"A{9 if name == 'c1' else 8}"].font.bold  # "Base"
        assert not sheet["A6"].font.bold
        assert sheet["C6"].alignment.horizontal == "right"
    assert workbook["Index"]["A4"].font.bold


def test_long_layout_and_weighted_bases(product: pd.DataFrame, tmp_path: Path) -> None:
    weights = 1 + (product["respondent_id"] % 3) / 2
    book = tt.tabbook(
        product, product_survey(), banners=["cell"], questions=["a22"], weights=weights.tolist()
    )
    shown = book.section("a22").display()
    assert shown.index[-2:].tolist() == ["Base (weighted)", "Unweighted base"]
    assert shown.loc["Unweighted base", ("Total", "All")] == "150"
    assert shown.loc["Base (weighted)", ("Total", "All")] == _fmt(weights.sum())
    # Every weighted base to one decimal, whole or not. Before: "225" beside "74.5".
    assert all(re.fullmatch(r"\d+\.\d( \*)?", cell) for cell in shown.loc["Base (weighted)"])
    path = book.write(tmp_path / "long.xlsx", layout="long")
    sheet = openpyxl.load_workbook(path)["Tables"]
    assert sheet.freeze_panes == "B1"
    assert "Percentages are weighted" in " ".join(str(c.value) for c in sheet["A"])


def _fmt(value: float, weighted: bool = True) -> str:
    """A base as printed: whole, or weighted to one decimal rounded half-up from its digits."""
    if not weighted:
        return str(int(value))
    return str(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def test_hostile_labels_are_neutralised_and_escaped(tmp_path: Path) -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "<script>alert(1)</script>",
            "questions": [
                {
                    "id": "q",
                    "type": "single",
                    "text": '=HYPERLINK("x")',
                    "options": ["=1+1", "b|c"],
                },
                {"id": "g", "type": "single", "text": "G", "options": ["x", "y"]},
            ],
        }
    )
    frame = pd.DataFrame({"q": ["=1+1", "b|c"] * 20, "g": ["x"] * 20 + ["y"] * 20})
    book = tt.tabbook(frame, survey, banners=["g"], questions=["q"])
    sheet = openpyxl.load_workbook(book.write(tmp_path / "b.xlsx"))["q"]
    # Written as typed, in string cells marked "quote prefix" (text, even once edited);
    # before: "'=1+1", an apostrophe printed as part of the label.
    assert sheet["A1"].value == '=HYPERLINK("x")'
    assert sheet["A6"].value == "=1+1"
    for cell in (sheet["A1"], sheet["A6"]):
        assert (cell.data_type, cell.quotePrefix) == ("s", True)
    page = book.write(tmp_path / "b.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    markdown = book.write(tmp_path / "b.md").read_text(encoding="utf-8")
    assert "| b\\|c " in markdown


def test_unknown_format_and_layout(book: tt.TabBook, tmp_path: Path) -> None:
    with pytest.raises(tt.InvalidOptionError, match="cannot tell the tab book's format"):
        book.write(tmp_path / "book.pdf")
    with pytest.raises(tt.InvalidOptionError, match="`layout` must be 'sheets' or 'long'"):
        book.write(tmp_path / "book.xlsx", layout="wide")  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


def test_tabbook_needs_a_banner(product: pd.DataFrame) -> None:
    with pytest.raises(tt.InvalidOptionError, match="needs at least one banner"):
        tt.tabbook(product, product_survey(), banners=[])


def test_to_frame_is_tidy(book: tt.TabBook) -> None:
    frame = book.to_frame()
    assert list(frame.columns) == [
        "section",
        "question",
        "item",
        "row",
        "row_kind",
        "banner",
        "group",
        "letter",
        "cell",
    ]
    row = frame[(frame.section == "c1") & (frame.row == "VSX123") & (frame.letter == "A")]
    assert row["cell"].tolist() == ["63% B"]


# -- codebook nets and scores -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"nets": {"Good": ["Good", "Great"]}}, "net 'Good' has the label of an option"),
        ({"nets": {"Up": ["Great", "Superb"]}}, r"made of \['Superb'\], which are not options"),
        ({"scores": {"Don't know": 0}}, "outside the scale"),
        ({"scores": {"Good": "high"}}, "must be a number"),
        ({"scores": {"Fine": 1}}, "'Fine', which is not an option"),
    ],
)
def test_codebook_nets_and_scores_are_validated(extra: dict[str, object], message: str) -> None:
    question = {
        "id": "q",
        "type": "ordinal",
        "text": "Q?",
        "options": ["Great", "Good", "Poor", {"label": "Don't know", "dont_know": True}],
        **extra,
    }
    with pytest.raises(tt.CodebookError, match=message):
        tt.Survey.from_dict({"title": "T", "questions": [question]})


def test_net_table_refuses_multi_response(book: tt.TabBook) -> None:
    table = book.section("likes").blocks[0].table
    assert table is not None
    with pytest.raises(tt.InvalidOptionError, match="which its counts cannot tell"):
        tt.net_table(table, {"Any": ["Nuts", "Taste"]})


def test_nets_round_trip_through_toml(tmp_path: Path) -> None:
    survey = product_survey()
    survey.to_toml(tmp_path / "c.toml")
    again = tt.Survey.from_toml(tmp_path / "c.toml")
    assert again.spec("a22").nets == survey.spec("a22").nets
    assert again.spec("a22").scores == survey.spec("a22").scores


# -- command line ----------------------------------------------------------------------------


def test_cli_tabbook(
    product: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    survey = product_survey()
    survey.to_toml(tmp_path / "codebook.toml")
    raw = pd.read_csv(DATA / "product_test.csv").rename(columns={"id": "respondent_id"})
    names = {label: f"likes_{code}" for code, label in CODES.items()}
    likes = tt.recode.from_slots(raw, SLOTS, codes=CODES, names=names).fillna(0).astype(int)
    frame = pd.concat([raw[["respondent_id", "s2a", "a22", "c1", "cell"]], likes], axis=1)
    frame["comment"] = ""
    frame.to_csv(tmp_path / "data.csv", index=False)
    code = main(
        [
            "tabbook",
            str(tmp_path / "codebook.toml"),
            str(tmp_path / "data.csv"),
            "--banner",
            "cell,cell+c1",
            "-o",
            str(tmp_path / "book.xlsx"),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "5 tables by cell, cell × c1" in out
    sheet = openpyxl.load_workbook(tmp_path / "book.xlsx")["c1"]
    assert sheet["C4"].value == "cell"
    assert sheet["E4"].value == "cell × c1"


def test_cli_reports_a_bad_banner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    product_survey().to_toml(tmp_path / "codebook.toml")
    pd.DataFrame({"respondent_id": [1], "cell": [1]}).to_csv(tmp_path / "d.csv", index=False)
    arguments = [str(tmp_path / "codebook.toml"), str(tmp_path / "d.csv")]
    code = main(["tabbook", *arguments, "--banner", "cell", "-o", str(tmp_path / "b.xlsx")])
    assert code == 2
    assert "missing_column" in capsys.readouterr().err
    assert not (tmp_path / "b.xlsx").exists()


def test_questions_without_data_are_skipped_and_named(product: pd.DataFrame) -> None:
    book = tt.tabbook(product.drop(columns=["c1"]), product_survey(), banners=["cell"])
    assert ("c1", "no column(s) ['c1'] in the data") in book.skipped
    assert "c1" not in [s.name for s in book.sections]


def test_hostile_tabbook_inputs(product: pd.DataFrame) -> None:
    survey = product_survey()
    with pytest.raises(tt.InvalidWeightsError, match="finite and not negative"):
        tt.tabbook(product, survey, banners=["cell"], weights=[-1.0] * len(product))
    with pytest.raises(tt.UnknownMethodError, match="`adjust` must be one of"):
        tt.tabbook(product, survey, banners=["cell"], adjust="sidak")  # type: ignore[arg-type]
    with pytest.raises(tt.QuestionNotFoundError, match="No question 'zzz'"):
        tt.tabbook(product, survey, banners=["cell"], questions=["zzz"])
    with pytest.raises(tt.QuestionNotFoundError, match="banner 'region'"):
        tt.tabbook(product, survey, banners=["region"])
    # Before: the question's sections were printed twice.
    with pytest.raises(tt.InvalidOptionError, match=r"`questions` lists \['c1'\] more than once"):
        tt.tabbook(product, survey, banners=["cell"], questions=["c1", "a22", "c1"])
    empty = tt.tabbook(product.iloc[:0], survey, banners=["cell"], questions=["c1"])
    # A base of 0 is below any threshold: flagged like a small one, and named.
    assert empty.section("c1").display().loc["Base"].tolist() == ["0 *", "0 *", "0 *"]
    assert any(n.startswith("No respondents in cell: ") for n in empty.section("c1").notes)


def test_mean_score_letters_match_welch_t_tests() -> None:
    # Independent: scipy's Welch t test on the respondents' scores, Holm-adjusted.
    from scipy import stats

    scale = ["Good", "Fair", "Poor"]
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "g", "type": "single", "text": "G?", "options": ["x", "y", "z"]},
                {"id": "q", "type": "ordinal", "text": "Q?", "options": scale,
                 "scores": {"Good": 3, "Fair": 2, "Poor": 1}},
            ],
        }
    )  # fmt: skip
    answers = ["Good"] * 30 + ["Fair"] * 10 + ["Fair"] * 20 + ["Poor"] * 20 + ["Good"] * 25
    groups = ["x"] * 40 + ["y"] * 40 + ["z"] * 25
    answers += ["Poor"] * 5
    groups += ["z"] * 5
    frame = pd.DataFrame({"q": answers, "g": groups})
    book = tt.tabbook(frame, survey, banners=["g"], questions=["q"])
    shown = book.section("q").display().loc["Mean score"]
    score = frame["q"].map({"Good": 3, "Fair": 2, "Poor": 1})
    pairs = [("x", "y"), ("x", "z"), ("y", "z")]
    p = [
        stats.ttest_ind(score[frame.g == a], score[frame.g == b], equal_var=False).pvalue
        for a, b in pairs
    ]
    adjusted = tt.compare.adjust_p_values(p, method="holm")
    letter = {"x": "A", "y": "B", "z": "C"}
    expected = {g: [] for g in letter}
    for (a, b), q in zip(pairs, adjusted, strict=True):
        if q < 0.05:
            top, bottom = (
                (a, b) if score[frame.g == a].mean() > score[frame.g == b].mean() else (b, a)
            )
            expected[top].append(letter[bottom])
    for g, mark in expected.items():
        text = f"{score[frame.g == g].mean():.2f}"
        cell = shown[("g", f"{g} ({letter[g]})")]
        assert cell == (f"{text} {' '.join(sorted(mark))}" if mark else text)
    assert any(expected.values())  # the data make at least one difference significant


def test_missing_group_banner_keeps_the_question_itself(product: pd.DataFrame) -> None:
    frame = product.copy()
    frame["c1"] = frame["c1"].astype(object)
    frame.loc[:9, "c1"] = "<skipped>"
    book = tt.tabbook(frame, product_survey(), banners=["c1"], missing_group="No answer")
    shown = book.section("c1").display()
    assert list(shown.columns)[-1] == ("c1", "No answer (D)")
    assert shown.loc["Base", ("c1", "No answer (D)")] == "0 *"  # skipped c1: not in c1's base
    cell = book.section("cell").display()
    assert cell.loc["Base", ("c1", "No answer (D)")] == "10 *"
    assert "No answer" not in list(shown.index)
    # Without missing_group they are in the total only, and the notes say so.
    quiet = tt.tabbook(frame, product_survey(), banners=["c1"], questions=["cell"])
    assert (
        "10 respondent(s) in the base have no c1 group: they are in the total only "
        "(missing_group= shows them as a column)." in quiet.section("cell").notes
    )


def test_rounding_options(product: pd.DataFrame) -> None:
    survey = product_survey()
    book = tt.tabbook(product, survey, banners=["cell"], questions=["c1"], decimals=1)
    table = tt.frequencies(product, "c1", survey=survey, by="cell", decimals=1)
    shown = book.section("c1").display()
    assert (
        shown.loc["VSX123", ("Total", "All")] == f"{table.percentages().loc['VSX123', 'All']:.1f}%"
    )
    with pytest.raises(tt.InvalidOptionError, match="cannot round by largest remainder"):
        tt.tabbook(product, survey, banners=["cell"], rule="largest_remainder")


def test_multi_response_nets_match_pandas(raw: pd.DataFrame, book: tt.TabBook) -> None:
    # Plain pandas: a respondent is in the net if any slot holds code 6 or 7.
    answered = raw[SLOTS].notna().any(axis=1)
    filling = raw[SLOTS].isin([6, 7]).any(axis=1)
    shown = book.section("likes").display()
    for cell, column in ((1, "VSX123 first (A)"), (2, "SDF456 first (B)")):
        rows = answered & raw["cell"].eq(cell)
        expected = round(100 * filling[rows].sum() / rows.sum())
        assert shown.loc["NET: Filling", ("cell", column)].split(" ")[0] == f"{expected}%"
    total = round(100 * filling[answered].sum() / answered.sum())
    assert shown.loc["NET: Filling", ("Total", "All")] == f"{total}%"
    # Fewer than the sum of its options: one respondent can like both.
    block = book.section("likes").blocks[0]
    assert block.nets is not None
    assert block.table is not None
    both = block.table.counts.loc[["Stuffing", "Nuts"], "All"].sum()
    assert block.nets.counts.loc["Filling", "All"] < both
    assert block.nets.bases.tolist() == block.table.bases.tolist()


def test_cli_weights_column_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    survey = tt.Survey.from_dict(
        {"title": "T", "questions": [
            {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
        ]}
    )  # fmt: skip
    survey.to_toml(tmp_path / "c.toml")
    frame = pd.DataFrame(
        {"respondent_id": range(1, 5), "q": ["a", "b"] * 2, "g": ["x", "y"] * 2,
         "w": ["1", "2", "x", "1"]}
    )  # fmt: skip
    frame.to_csv(tmp_path / "d.csv", index=False)
    base = ["tabbook", str(tmp_path / "c.toml"), str(tmp_path / "d.csv"), "--banner", "g"]
    out = ["-o", str(tmp_path / "b.md")]
    assert main([*base, *out, "--weights", "poids"]) == 2
    assert "--weights 'poids': no such column" in capsys.readouterr().err
    assert main([*base, *out, "--weights", "w"]) == 2
    assert "not numbers" in capsys.readouterr().err
    frame.assign(w=["1", "2", "1.5", "1"]).to_csv(tmp_path / "d.csv", index=False)
    assert main([*base, *out, "--weights", "w", "--layout", "long"]) == 0
    assert "Unweighted base" in (tmp_path / "b.md").read_text(encoding="utf-8")


# -- weighted mean-score letters ----------------------------------------------------------------

RELIG = [
    "Pratiquant regulier",
    "Pratiquant occasionnel",
    "Appartenance sans pratique",
    "Ni croyance ni appartenance",
    "Rejet",
    "NSP ou NVPR",
]
SATISF = {"Satisfaction": 3, "Equilibre": 2, "Insatisfaction": 1}
# R 4.x, survey 4.x, one design per group (the variance of each group's weighted mean):
#   d <- read.csv("tests/data/hdv2003.csv")
#   d$score <- c(Satisfaction=3, Equilibre=2, Insatisfaction=1)[d$trav.satisf]
#   d <- d[!is.na(d$score), ]
#   for (g in unique(d$relig)) print(svymean(~score,
#       svydesign(ids=~1, weights=~poids, data=d[d$relig == g, ])), digits=15)
R_SVYMEAN = {
    "Appartenance sans pratique": (2.39048261719937, 0.0416799980678078),
    "Ni croyance ni appartenance": (2.24538631021837, 0.0532336647087598),
    "NSP ou NVPR": (2.74687382547903, 0.120728437841253),
    "Pratiquant occasionnel": (2.43902785470265, 0.0477744336622554),
    "Pratiquant regulier": (2.31736006741505, 0.137374200586884),
    "Rejet": (2.2575562777965, 0.132361042272431),
}


def hdv_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "Histoire de vie 2003",
            "questions": [
                {"id": "relig", "type": "single", "text": "Religion", "options": RELIG},
                {
                    "id": "satisf",
                    "type": "ordinal",
                    "text": "Satisfaction with work",
                    "options": list(SATISF),
                    "scores": SATISF,
                },
            ],
        }
    )


@pytest.fixture(scope="module")
def hdv() -> pd.DataFrame:
    raw = pd.read_csv(DATA / "hdv2003.csv")
    frame = raw[["id", "relig", "trav.satisf", "poids"]].rename(
        columns={"id": "respondent_id", "trav.satisf": "satisf"}
    )
    return hdv_survey().prepare(frame, allow_extra_columns=True).data


def _welch_kish(rows: pd.DataFrame, a: str, b: str) -> float:
    """Independent: t on two weighted means, Welch-Satterthwaite df on Kish bases."""
    from scipy import stats

    parts = []
    for g in (a, b):
        part = rows[rows["relig"] == g]
        x, w = part["score"].to_numpy(), part["poids"].to_numpy()
        mean = np.average(x, weights=w)
        n = len(x)
        variance = n / (n - 1) * np.sum((w * (x - mean)) ** 2) / w.sum() ** 2
        parts.append((mean, variance, w.sum() ** 2 / np.sum(w**2)))
    (ma, va, na), (mb, vb, nb) = parts
    t = (ma - mb) / np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    return float(2 * stats.t.sf(abs(t), df))


def test_weighted_mean_score_letters_use_the_variance_of_a_weighted_mean(
    hdv: pd.DataFrame,
) -> None:
    book = tt.tabbook(hdv, hdv_survey(), banners=["relig"], weights="poids", questions=["satisf"])
    section = book.section("satisf")
    block = next(b for b in section.blocks if b.banner == "relig")
    assert block.scores is not None
    for group, (mean, se) in R_SVYMEAN.items():
        assert block.scores.loc[group, "mean"] == pytest.approx(mean, rel=1e-12)
        assert block.scores.loc[group, "se"] == pytest.approx(se, rel=1e-10)
    rows = hdv.assign(score=hdv["satisf"].astype(object).map(SATISF)).dropna(subset=["score"])
    pairs = [(a, b) for k, a in enumerate(RELIG) for b in RELIG[k + 1 :]]
    adjusted = tt.compare.adjust_p_values([_welch_kish(rows, a, b) for a, b in pairs])
    letter = dict(zip(RELIG, "ABCDEF", strict=True))
    expected: dict[str, list[str]] = {g: [] for g in RELIG}
    for (a, b), p in zip(pairs, adjusted, strict=True):
        if p < 0.05:
            top, bottom = (a, b) if R_SVYMEAN[a][0] > R_SVYMEAN[b][0] else (b, a)
            expected[top].append(letter[bottom])
    assert any(expected.values())  # these data make at least one difference significant
    shown = section.display().loc["Mean score"]
    for group, marks in expected.items():
        text = f"{R_SVYMEAN[group][0]:.2f}"
        assert shown[("relig", f"{group} ({letter[group]})")] == (
            f"{text} {' '.join(sorted(marks))}" if marks else text
        )
    assert any("linearised variance of each weighted mean" in n for n in section.notes)


def test_equal_weights_give_the_unweighted_mean_score_letters(hdv: pd.DataFrame) -> None:
    # With every weight 2.5, the variance of the weighted mean is s^2/n and the Kish base
    # is n: the letters are Welch's, the unweighted book's.
    survey = hdv_survey()
    options = {"banners": ["relig"], "questions": ["satisf"]}
    weighted = tt.tabbook(hdv.assign(w=2.5), survey, weights="w", **options)
    plain = tt.tabbook(hdv, survey, **options)
    mean_row = [b.section("satisf").display().loc["Mean score"] for b in (weighted, plain)]
    pd.testing.assert_series_equal(*mean_row)


# -- progress ---------------------------------------------------------------------------------


def test_progress_is_reported_after_every_question(product: pd.DataFrame) -> None:
    calls: list[tuple[int, int, str]] = []
    tt.tabbook(product, product_survey(), banners=["cell"], progress=lambda *a: calls.append(a))
    ids = [q.id for q in product_survey().questions]
    assert calls == [(k, len(ids), qid) for k, qid in enumerate(ids, start=1)]  # skipped too


def test_cli_reports_progress_for_a_large_survey(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = [
        {"id": f"q{k}", "type": "single", "text": f"Q{k}?", "options": ["Yes", "No"]}
        for k in range(1, 21)
    ]
    tt.Survey.from_dict({"title": "Twenty", "questions": questions}).to_toml(tmp_path / "c.toml")
    rows = {"respondent_id": range(1, 41), **{f"q{k}": ["Yes", "No"] * 20 for k in range(1, 21)}}
    pd.DataFrame(rows).to_csv(tmp_path / "d.csv", index=False)
    arguments = [str(tmp_path / "c.toml"), str(tmp_path / "d.csv"), "--banner", "q1"]
    assert main(["tabbook", *arguments, "-o", str(tmp_path / "b.xlsx")]) == 0
    # stderr is no terminal here: a line at every tenth of the questions, and at the end.
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"tabbook: {k}/20 questions" for k in range(2, 21, 2)]


# -- property: multi-response, nets and mean scores equal the one-question functions ----------


@st.composite
def scale_and_set(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(10, 40))
    points = st.sampled_from([*QUALITY[:4], "<skipped>"])
    cells = st.sampled_from(["VSX123 first", "SDF456 first"])
    return pd.DataFrame(
        {
            "respondent_id": range(1, n + 1),
            "cell": draw(st.lists(cells, min_size=n, max_size=n)),
            "a22": draw(st.lists(points, min_size=n, max_size=n)),
            **{
                f"likes_{c}": draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n))
                for c in CODES
            },
        }
    )  # fmt: skip


@settings(max_examples=10)
@given(scale_and_set())
def test_property_multi_nets_and_scores_equal_their_functions(frame: pd.DataFrame) -> None:
    survey = product_survey()
    book = tt.tabbook(frame, survey, banners=["cell"], questions=["likes", "a22"])
    likes = book.section("likes").display()
    table = tt.multi_response(frame, "likes", survey=survey, by="cell")
    nets = tt.multi_nets(frame, "likes", survey.spec("likes").nets, survey=survey, by="cell")
    percent, net_percent = table.percentages(), nets.percentages()
    for group in table.counts.columns:
        column = ("Total", "All") if group == "All" else next(
            c for c in likes.columns if c[1].startswith(f"{group} (")
        )  # fmt: skip
        for option in table.counts.index:
            assert _number(likes.loc[option, column]) == _pct(percent.loc[option, group])
        assert _number(likes.loc["NET: Filling", column]) == _pct(net_percent.loc["Filling", group])
    scale = book.section("a22").display()
    counts = tt.frequencies(frame, "a22", survey=survey, by="cell")
    scores = tt.mean_scores(counts, survey.spec("a22").scores)
    for group in scores.index:
        column = ("Total", "All") if group == "All" else next(
            c for c in scale.columns if c[1].startswith(f"{group} (")
        )  # fmt: skip
        mean = scores.loc[group, "mean"]
        expected = "n/a" if pd.isna(mean) else str(
            Decimal(repr(float(mean))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        )  # fmt: skip
        assert _number(scale.loc["Mean score", column]) == expected


def _number(cell: str) -> str:
    """The figure of a printed cell, without its letters ("45% B" -> "45%")."""
    return cell.split(" ", maxsplit=1)[0]


def _pct(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{value:.0f}%"


# -- design-based mean-score letters ------------------------------------------------------------

# R 4.x, survey 4.x, on R's apiclus1 (tests/data/api), a one-stage cluster sample:
#   d <- read.csv("apiclus1.csv"); d$lvl <- floor(d$avg.ed)
#   des <- svydesign(ids=~dnum, weights=~pw, fpc=~fpc, data=d)
#   svyby(~lvl, ~stype, subset(des, !is.na(lvl)), svymean, covmat=TRUE)
#   svyttest(lvl ~ stype, subset(des, stype %in% c("H", "M")))  # t -0.767, df 10, p 0.4607
R_SVYBY = {
    "E": (2.15254237288136, 0.115748849010081),
    "H": (2.28571428571429, 0.216842185947232),
    "M": (2.16, 0.137086344272496),
}
LEVELS = {f"Level {k}": k for k in range(1, 5)}


@pytest.fixture(scope="module")
def api() -> pd.DataFrame:
    raw = pd.read_csv(DATA / "api" / "apiclus1.csv")
    level = np.floor(raw["avg.ed"])
    return pd.DataFrame(
        {
            "stype": raw["stype"],
            "lvl": ["<skipped>" if np.isnan(v) else f"Level {int(v)}" for v in level],
            "dnum": raw["dnum"],
            "pw": raw["pw"],
            "fpc": raw["fpc"],
        }
    )


def api_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "API",
            "questions": [
                {"id": "stype", "type": "single", "text": "Type", "options": ["E", "H", "M"]},
                {"id": "lvl", "type": "ordinal", "text": "Parents' education",
                 "options": list(LEVELS), "scores": LEVELS},
            ],
        }
    )  # fmt: skip


def test_design_based_mean_score_letters_match_r_svyttest(api: pd.DataFrame) -> None:
    design = tt.Design(weights="pw", clusters="dnum", fpc="fpc")
    options = {"banners": ["stype"], "questions": ["lvl"], "design": design, "adjust": "none"}
    book = tt.tabbook(api, api_survey(), **options)  # type: ignore[arg-type]
    block = next(b for b in book.section("lvl").blocks if b.banner == "stype")
    assert block.scores is not None
    for group, (mean, se) in R_SVYBY.items():
        assert block.scores.loc[group, "mean"] == pytest.approx(mean, rel=1e-12)
        assert block.scores.loc[group, "se"] == pytest.approx(se, rel=1e-9)
    # H - M: p = 0.4607 on R's 10 degrees of freedom (0.443 on a normal reference): a
    # letter at a threshold of 0.47, none at 0.452. E - H (p 0.539) and E - M never.
    loose = tt.tabbook(api, api_survey(), level=0.53, **options)  # type: ignore[arg-type]
    strict = tt.tabbook(api, api_survey(), level=0.548, **options)  # type: ignore[arg-type]
    rows = [b.section("lvl").display().loc["Mean score"] for b in (loose, strict)]
    assert rows[0][("stype", "H (B)")] == "2.29 C"
    assert rows[1][("stype", "H (B)")] == "2.29"
    assert [rows[0][("stype", f"{g} ({x})")] for g, x in (("E", "A"), ("M", "C"))] == [
        "2.15",
        "2.16",
    ]
    assert any("design-based" in note for note in book.section("lvl").notes)


def test_design_and_weights_together_are_refused(api: pd.DataFrame) -> None:
    # The design's own weights column is accepted as `weights`; any other is refused.
    with pytest.raises(tt.InvalidOptionError, match=r"weights='api00' differ from the design's"):
        tt.tabbook(
            api, api_survey(), banners=["stype"], weights="api00", design=tt.Design(weights="pw")
        )


def test_weighted_set_letters_use_the_base_of_its_empty_policy() -> None:
    # With empty="answered" a set's base holds those who ticked nothing too: the letters'
    # effective bases were read again over "any tick" (other bases, other letters). The
    # reference: compare_groups, which reads the base through the same `empty`.
    survey = tt.Survey.from_dict({"title": "t", "questions": [
        {"id": "g", "type": "single", "text": "g", "options": ["a", "b", "c"]},
        {"id": "m", "type": "multi", "text": "m", "options": [
            {"code": 1, "label": "One", "column": "m1"},
            {"code": 2, "label": "Two", "column": "m2"}]}]})  # fmt: skip
    rng = np.random.default_rng(211)  # a seed where the two readings disagree
    n = 90
    df = pd.DataFrame({"g": rng.choice(["a", "b", "c"], n), "w": rng.choice([0.3, 1.0, 4.0], n),
                       "m1": rng.choice([0, 1], n, p=[0.6, 0.4]),
                       "m2": rng.choice([0, 1], n, p=[0.7, 0.3])})  # fmt: skip
    book = tt.tabbook(df, survey, banners=["g"], questions=["m"], weights="w", empty="answered")
    reference = tt.compare_groups(df, "m", "g", survey=survey, weights="w", empty="answered",
                                  against="pairs").to_frame()  # fmt: skip
    expected: dict[tuple[Any, Any], list[Any]] = {}
    for row in reference[reference["significant"]].itertuples():
        high, low = (row.group, row.versus) if row.difference > 0 else (row.versus, row.group)
        expected.setdefault((row.option, high), []).append(low)
    assert book.section("m").blocks[0].higher == expected == {("Two", "b"): ["c"]}


def test_nets_and_scores_refuse_what_would_count_wrong() -> None:
    # Each was a wrong number before: a member listed twice counted twice (80% for 40%),
    # a misspelt scored option was left out of the mean unseen (1.0 for 0), a NaN score
    # gave a NaN mean, and a second net of one label replaced the first.
    df = pd.DataFrame({"v": ["Agree", "Disagree", "Agree", "Disagree", "Disagree"]})
    table = tt.frequencies(df, "v", options=["Agree", "Disagree"])
    refused = [
        (lambda: tt.net_table(table, {"Any": ["Agree", "Agree"]}), r"lists \['Agree'\] more"),
        (lambda: tt.net_table(table, [("A", ["Agree"]), ("A", ["Disagree"])]), r"\['A'\] more"),
        (lambda: tt.mean_scores(table, {"Agree": 1, "Disagre": -1}), r"\['Disagre'\], which"),
        (lambda: tt.mean_scores(table, [("Agree", 1), ("Agree", 1)]), r"\['Agree'\] more than"),
        (lambda: tt.mean_scores(table, {"Agree": float("nan")}), r"must be a finite number"),
        (lambda: tt.mean_scores(table, {"Agree": "1"}), r"must be a finite number; got '1'"),
    ]
    for call, message in refused:
        with pytest.raises(tt.InvalidOptionError, match=message):
            call()
    assert tt.net_table(table, {"Any": ["Agree"]}).counts.loc["Any", "All"] == 2
    assert tt.mean_scores(table, {"Agree": 1, "Disagree": np.int64(-1)}).loc["All", "mean"] == (
        pytest.approx(-0.2)
    )
    with pytest.raises(tt.CodebookError, match=r"net 'Agree' lists \['A'\] more than once"):
        tt.Survey.from_dict({"title": "T", "questions": [
            {"id": "v", "type": "ordinal", "text": "V?", "options": ["A", "D"],
             "nets": {"Agree": ["A", "A"]}},
        ]})  # fmt: skip


def test_a_net_holding_dont_know_is_left_out_with_a_note_when_dont_know_is_excluded() -> None:
    # Before: tabbook(..., dont_know="exclude") failed the whole book with
    # InvalidOptionError when a codebook net held a don't know option.
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
        {"id": "v", "type": "ordinal", "text": "V?",
         "options": ["SA", "A", "D", {"label": "Don't know", "dont_know": True}],
         "nets": {"Any": ["SA", "Don't know"], "Agree": ["SA", "A"]}},
    ]})  # fmt: skip
    data = pd.DataFrame({
        "g": ["x", "y"] * 6,
        "v": ["SA", "A", "Don't know", "SA", "D", "A", "SA", "D", "A", "SA", "Don't know", "A"],
    })  # fmt: skip
    for threshold in (None, 3):
        book = tt.tabbook(data, survey, banners=["g"], dont_know="exclude", threshold=threshold)
        section = next(s for s in book.sections if s.question == "v")
        nets = section.blocks[0].nets
        assert nets is not None
        assert nets.counts.index.tolist() == ["Agree"]
        assert "Net(s) 'Any' hold a don't know option" in " ".join(section.notes)
        if threshold is None:
            assert nets.counts.loc["Agree", "All"] == 8  # 4 SA + 4 A of the 10 who answered
    included = tt.tabbook(data, survey, banners=["g"])
    section = next(s for s in included.sections if s.question == "v")
    assert section.blocks[0].nets.counts.index.tolist() == ["Any", "Agree"]  # type: ignore[union-attr]
    assert not any("hold a don't know" in note for note in section.notes)


@pytest.mark.parametrize("threshold", [None, 3])
def test_no_letters_on_a_section_by_its_own_question(threshold: int | None) -> None:
    # Before: the section of g by the banner g printed "100% B" against "0%" on its
    # diagonal: letters testing that a group is itself.
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
        {"id": "h", "type": "single", "text": "H?", "options": ["u", "v"]},
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
    ]})  # fmt: skip
    data = pd.DataFrame(
        {"g": ["x"] * 30 + ["y"] * 30, "h": ["u", "v"] * 30, "q": ["a"] * 25 + ["b"] * 35}
    )
    book = tt.tabbook(data, survey, banners=["g", "h"], questions=["g", "q"], threshold=threshold)
    own, other = book.section("g"), book.section("q")
    assert own.blocks[0].higher is None
    assert own.blocks[1].higher is not None  # g by h: letters as usual
    shown = own.display()
    assert shown.loc["x", ("g", "x (A)")] == "100%"
    assert "No letters by g: the groups are this question's own answers" in " ".join(own.notes)
    assert other.blocks[0].higher is not None
    assert "100% B" not in " ".join(map(str, shown.to_numpy().ravel()))
    assert not any(n.startswith("No letters") for n in other.notes)


def test_weighted_bases_are_numbers_with_their_decimals_in_the_workbook(
    product: pd.DataFrame, tmp_path: Path
) -> None:
    # Before: "60.0" written as the integer 60 (General), and a small base "697.0 *" as
    # text among numbers; the mean score base printed "46" beside "25.3".
    weights = 1 + (product["respondent_id"] % 3) / 2
    book = tt.tabbook(
        product, product_survey(), banners=["cell"], questions=["a22"],
        weights=weights.tolist(), small_base=100,
    )  # fmt: skip
    shown = book.section("a22").display()
    for row in ("Base (weighted)", "Mean score base"):
        assert all(re.fullmatch(r"\d+\.\d( \*)?", cell) for cell in shown.loc[row]), row
    path = book.write(tmp_path / "weighted.xlsx")
    sheet = openpyxl.load_workbook(path)[book.sections[0].question]
    (found,) = [r for r in sheet.iter_rows() if r[0].value == "Base (weighted)"]
    cells = [c for c in found[1:] if c.value is not None]
    printed = list(shown.loc["Base (weighted)"])
    assert len(cells) == len(printed)
    for cell, text in zip(cells, printed, strict=True):
        assert isinstance(cell.value, int | float), (cell.value, text)  # a number, not text
        assert cell.value == float(text.removesuffix(" *"))
        assert cell.number_format == ('0.0" *"' if text.endswith(" *") else "0.0")
    assert any(text.endswith(" *") for text in printed)


def test_a_banner_of_one_tick_column_keeps_the_sets_letters() -> None:
    # Review: a banner that is one tick column of a multi-response set took every letter
    # off the set's section, with a note saying each group is 100% of itself (false for
    # the other options).
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "m", "type": "multi", "text": "M?", "options": [
            {"code": 1, "label": "Housing", "column": "m_h"},
            {"code": 2, "label": "Advice", "column": "m_a"}]},
    ]})  # fmt: skip
    data = pd.DataFrame({"m_h": [1] * 30 + [0] * 30, "m_a": [0] * 25 + [1] * 35})
    book = tt.tabbook(data, survey, banners=["m_h"], questions=["m"])
    section = book.section("m")
    assert section.blocks[0].higher is not None
    assert section.blocks[0].higher.get(("Advice", 0)) == [1]  # 30 of 30 against 5 of 30
    assert not any(n.startswith("No letters") for n in section.notes)

"""Platform exports of every header layout, from DataFrames, with metadata and kept columns.

The files in tests/data/ were written by hand after each platform's export format:

- qualtrics_export.csv: Qualtrics' "Download data table" CSV, three header rows (column
  names such as ``StartDate``/``Q2_1``/``Q2_4_TEXT``; question texts such as "Which groups
  do you house? - Selected Choice - Young people"; ``{"ImportId": ...}`` cells), its
  metadata columns (Status, IP address, Progress, Duration, location...), a
  tick-all-that-apply question split into columns, one left as choices joined by ",", a
  matrix (grid) and an embedded-data field ``weight``;
- google_forms_responses.csv: Google Forms' "Download responses (.csv)": one header row,
  "Timestamp" and "Email Address" first, grid rows as "Question [Row]", checkbox answers
  joined by ", " in one cell;
- surveymonkey_export.csv: SurveyMonkey's "All responses data" CSV: two header rows,
  Respondent ID, Collector ID, Start/End Date, IP Address, Email Address, First/Last Name,
  Custom Data 1, "Response" under one-column questions, option text under tick columns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.io._drafting import merge_variants, parse_amount, split_delimited
from tracktr.io._exports import detect_layout, is_metadata

DATA = Path(__file__).parent / "data"
QUALTRICS = DATA / "qualtrics_export.csv"
GOOGLE = DATA / "google_forms_responses.csv"
SURVEYMONKEY = DATA / "surveymonkey_export.csv"

SECURE = "Is your funding secure for the next year?"
GROUPS = "Which groups do you house?"
RATE = "How would you rate our support?"
INCOME = "What was your organisation's income last year?"


def _types(export: tt.io.PlatformExport) -> list[tuple[str, str]]:
    return [(q.type, q.text) for q in export.survey.questions]


# -- Qualtrics: three header rows -------------------------------------------------------------


def test_qualtrics_three_headers_are_read() -> None:
    export = tt.io.read_platform_export(QUALTRICS, keep=["weight"])
    assert export.layout == "three_headers"
    # Question order follows the file.
    assert _types(export) == [
        ("single", SECURE),
        ("multi", GROUPS),
        ("text", f"{GROUPS} - Other - Text"),
        ("grid", RATE),
        ("single", INCOME),  # amounts with £ and k: see test_amounts_are_not_guessed
        ("multi", "Which regions do you work in?"),
    ]
    data = export.data
    assert data["respondent_id"].tolist() == [
        "R_1a2B3c4D5e6F7g8",
        "R_2b3C4d5E6f7G8h9",
        "R_3c4D5e6F7g8H9i0",
        "R_4d5E6f7G8h9I0j1",
    ]
    groups = export.survey.questions[1]
    assert groups.labels == ("Young people", "Families", "Older people", "Other")
    assert data[list(groups.columns)].to_numpy().tolist() == [
        [1, 1, 0, 0],
        [0, 1, 1, 1],
        [1, 0, 0, 0],
        [0, 0, 1, 0],
    ]
    grid = export.survey.questions[3]
    assert isinstance(grid, tt.GridQuestion)
    assert [i.label for i in grid.items] == ["Advice", "Training"]
    # Choices joined by "," in one column become one 1/0 column per option.
    regions = export.survey.questions[5]
    assert regions.labels == ("North", "South", "Wales")
    assert data[list(regions.columns)].to_numpy().tolist() == [
        [1, 1, 0],
        [1, 0, 0],
        [0, 1, 0],
        [1, 1, 1],
    ]
    assert data["weight"].tolist() == [1.25, 0.8, 1.1, 0.85]
    assert export.kept == ("weight",)


def test_qualtrics_metadata_is_dropped_and_named() -> None:
    export = tt.io.read_platform_export(QUALTRICS, keep=["weight"])
    assert export.dropped == (
        "Start Date",
        "End Date",
        "Response Type",
        "IP Address",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "Recorded Date",
        "Recipient Last Name",
        "Recipient First Name",
        "Recipient Email",
        "External Data Reference",
        "Location Latitude",
        "Location Longitude",
        "Distribution Channel",
        "User Language",
    )
    assert "16 metadata columns dropped" in repr(export)
    assert not any("ip" in c for c in export.data.columns)


def test_without_dropping_metadata_it_is_drafted_as_questions() -> None:
    export = tt.io.read_platform_export(QUALTRICS, drop_metadata=False)
    texts = [q.text for q in export.survey.questions]
    assert "IP Address" in texts
    assert export.dropped == ()


def test_the_layout_can_be_forced() -> None:
    # Read as two headers, the ImportId row is taken for an answer row.
    export = tt.io.read_platform_export(QUALTRICS, layout="two_headers", drop_metadata=False)
    assert export.layout == "two_headers"
    assert len(export.data) == 5
    assert tt.io.read_platform_export(QUALTRICS, layout="three_headers").layout == ("three_headers")


# -- Google Forms: one header row -------------------------------------------------------------


def test_google_forms_one_header_is_read() -> None:
    export = tt.io.read_platform_export(GOOGLE, keep=["Region code"])
    assert export.layout == "one_header"
    assert export.dropped == ("Timestamp", "Email Address")
    assert _types(export) == [
        ("single", SECURE),
        ("multi", GROUPS),
        ("grid", RATE),
        ("single", INCOME),  # amounts with £ and k: see test_amounts_are_not_guessed
        ("text", "Anything else you would like to tell us?"),
    ]
    groups = export.survey.questions[1]
    assert groups.labels == ("Young people", "Families", "Older people")
    assert export.data[list(groups.columns)].to_numpy().tolist() == [
        [1, 1, 0],
        [0, 1, 1],
        [1, 0, 0],
        [0, 0, 1],
    ]
    # Ids are made (Google Forms has none); the region code is kept as text.
    assert export.data["respondent_id"].tolist() == [1, 2, 3, 4]
    assert export.data["Region code"].tolist() == ["N1", "S2", "S2", "N1"]
    # A free-text answer with a comma is not split into options.
    assert export.data.iloc[2, -2] == "More training on tenancy law, please"


def test_a_codebook_matches_a_google_forms_export() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "Members",
            "questions": [
                {"id": "secure", "type": "single", "text": SECURE,
                 "options": ["Yes", "No", "Don't know"]},
                {"id": "groups", "type": "multi", "text": GROUPS,
                 "options": ["Young people", "Families", "Older people"]},
                {"id": "rate", "type": "grid", "text": RATE, "options": ["Good", "Fair", "Poor"],
                 "items": [{"id": "advice", "label": "Advice"},
                           {"id": "training", "label": "Training"}]},
                {"id": "income", "type": "numeric", "text": INCOME},
                {"id": "else", "type": "text", "text": "Anything else you would like to tell us?"},
            ],
        }
    )  # fmt: skip
    frame = pd.read_csv(GOOGLE, dtype=str, keep_default_na=False)
    fixed = frame.replace({SECURE: {"Don\u2019t know": "Don't know", "don't know": "Don't know"}})
    # "12,500" is ambiguous to the one number parser (12.5 in many countries): with a
    # codebook, amounts are written plainly; drafting without one reads them (below).
    fixed[INCOME] = ["5000", "5000", "12500", "250000"]
    export = tt.io.read_platform_export(fixed, survey, keep=["Region code"])
    assert export.path == ""
    assert export.data["groups_2"].tolist() == [1, 1, 0, 0]
    assert export.data["rate_training"].tolist() == ["Fair", "Good", "Fair", "Poor"]
    # Unfixed, spellings that differ only by case or apostrophes are read as the option,
    # each recorded, as a draft reads them (before: refused, "did you mean").
    unfixed = frame.copy()
    unfixed[INCOME] = fixed[INCOME]
    read = tt.io.read_platform_export(unfixed, survey, keep=["Region code"])
    assert read.data["secure"].tolist() == export.data["secure"].tolist()
    spelled = read.changes[read.changes["reason"] == "spelling"]
    assert sorted(spelled["before"]) == ["Don\u2019t know", "don't know"]
    # A slip of spelling is no spelling of the option: reported with the label it means.
    slip = fixed.copy()
    slip.loc[0, SECURE] = "Dont know"
    with pytest.raises(tt.SurveyValidationError, match='did you mean "Don\'t know"') as info:
        tt.io.read_platform_export(slip, survey, keep=["Region code"])
    assert "DataFrame" in str(info.value)
    # An option the codebook does not have, in a joined cell, is a failure naming the cell.
    odd = fixed.copy()
    odd.loc[0, GROUPS] = "Young people, Students"
    cell = r"line 2, column 4 \('groups'.*'Students' is not a tick"
    with pytest.raises(tt.SurveyValidationError, match=cell):
        tt.io.read_platform_export(odd, survey, keep=["Region code"])


# -- SurveyMonkey: two header rows, from files and DataFrames ---------------------------------


def test_surveymonkey_metadata_is_dropped_and_the_weight_kept() -> None:
    export = tt.io.read_platform_export(SURVEYMONKEY, keep=["weight"])
    assert export.layout == "two_headers"
    assert export.dropped == (
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    )
    assert export.data["respondent_id"].tolist() == [114420001, 114420002, 114420003]
    # `keep` matches headers whatever their case; the column keeps the name given.
    assert export.data["weight"].tolist() == [1.25, 0.8, 1.1]
    assert list(export.data.columns)[-1] == "weight"
    # Weighted percentages on the unweighted base (1.25 + 1.1 of 3.15 say Yes).
    table = tt.frequencies(
        export.data, "is_your_funding_secure_for", survey=export.survey, weights="weight"
    )
    assert table.weighted
    assert table.to_frame()[("All", "percent")].tolist()[:2] == [75.0, 25.0]  # then Base
    assert "Counts are weighted; n is the number of respondents." in str(table)
    assert "n=3" in str(table)


@pytest.mark.parametrize("header", [None, [0, 1], 0])
def test_a_dataframe_reads_as_the_file_does(header: int | list[int] | None) -> None:
    from_file = tt.io.read_platform_export(SURVEYMONKEY)
    frame = pd.read_csv(SURVEYMONKEY, header=header, dtype=str, keep_default_na=False)
    from_frame = tt.io.read_platform_export(frame)
    assert repr(from_frame).startswith("PlatformExport('DataFrame', 3 respondents, 4 questions")
    pd.testing.assert_frame_equal(from_frame.data, from_file.data)
    assert from_frame.survey.questions == from_file.survey.questions
    assert from_frame.dropped == from_file.dropped


def test_keep_names_a_missing_column() -> None:
    message = r"(?s)no column headed 'Wieght' to keep.*Hint: `keep`.*'Weight'"
    with pytest.raises(tt.ReadError, match=message):
        tt.io.read_platform_export(SURVEYMONKEY, keep=["Wieght"])


def test_a_kept_column_may_not_take_a_codebook_name(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Respondent ID,Secure?,respondent_id\n,Response,\n1,Yes,7\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"kept column\(s\) \['respondent_id'\]"):
        tt.io.read_platform_export(path, keep=["respondent_id"])


def test_a_codebook_question_named_like_metadata_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Respondent ID,Status,Start Date\n,Response,Response\n1,Charity,2025-01-01\n",
        encoding="utf-8",
    )
    survey = tt.Survey.from_dict(
        {"title": "T", "questions": [
            {"id": "status", "type": "single", "text": "Status",
             "options": ["Charity", "Company"]}]}
    )  # fmt: skip
    export = tt.io.read_platform_export(path, survey)
    assert export.data["status"].tolist() == ["Charity"]
    assert export.dropped == ("Start Date",)


# -- drafting: spellings, amounts, joined ticks -----------------------------------------------


def test_spelling_variants_are_one_option_and_listed() -> None:
    export = tt.io.read_platform_export(GOOGLE)
    secure = export.survey.questions[0]
    assert secure.labels == ("Yes", "Don't know")
    assert secure.note == (
        "Drafted from an export: options in order of first appearance. Merged spellings "
        'into one option: \'Don\u2019t know\' as "Don\'t know"; "don\'t know" as "Don\'t know".'
    )
    assert export.data[secure.id].tolist() == ["Yes", "Don't know", "Don't know", "Don't know"]
    changes = export.changes[export.changes["reason"] == "spelling"]
    assert changes[["respondent_id", "before", "after"]].to_numpy().tolist() == [
        [3, "Don\u2019t know", "Don't know"],
        [4, "don't know", "Don't know"],
    ]


def test_amounts_are_not_guessed() -> None:
    # Before: a numeric question read from '£5,000', '£5k' and '12,500', which the same
    # export read with the codebook drafted from it then refused: the draft now holds
    # only what its codebook reads back, and says why the amounts are not numbers.
    export = tt.io.read_platform_export(GOOGLE)
    income = export.survey.questions[3]
    assert isinstance(income, tt.SingleQuestion)
    assert income.note is not None
    assert "a numeric question reads no currency sign or k/m multiplier" in income.note
    assert "'12,500' could be 12.5 or 12500" in income.note
    assert export.data[income.id].tolist() == ["£5,000", "£5k", "12,500", "£250,000"]


def test_a_column_of_amounts_and_words_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "ID,Income?\n,Response\n1,£5k\n2,about five thousand pounds a year\n3,£6k\n",
        encoding="utf-8",
    )
    question = tt.io.read_platform_export(path).survey.questions[0]
    assert question.type == "text"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("£5,000", 5000.0),
        ("5,000", 5000.0),
        ("£5k", 5000.0),
        ("£ 5K", 5000.0),
        ("$1.2m", 1_200_000.0),
        ("-20", -20.0),
        ("€300.50", 300.5),
        ("0.85", 0.85),
        ("5-10", None),
        ("5,00", None),
        ("about 5", None),
        ("£", None),
        ("", None),
    ],
)
def test_parse_amount(text: str, number: float | None) -> None:
    assert parse_amount(text) == number


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(["", "£", "$", "€"]))
def test_parse_amount_reads_every_amount_written_with_thousands(number: int, currency: str) -> None:
    sign = "-" if number < 0 else ""
    assert parse_amount(f"{sign}{currency}{abs(number):,}") == number
    assert parse_amount(f"{sign}{currency}{abs(number)}") == number
    assert parse_amount(f"{sign}{currency}{abs(number)}k") == number * 1000


_SPELLINGS = st.sampled_from(
    ["Don't know", "don't know", "Don\u2019t know", "DON'T  KNOW", "Yes", "yes ", "No", "Maybe"]
)


@given(st.lists(_SPELLINGS, min_size=1, unique=True))
def test_merge_variants_gives_one_label_per_reading(values: list[str]) -> None:
    from tracktr.survey._cells import fold_label

    labels, variants = merge_variants(values)
    assert len({fold_label(label) for label in labels}) == len(labels)  # no two alike
    assert set(labels) | set(variants) == set(values)  # every spelling accounted for
    for variant, label in variants.items():
        assert label in labels
        assert fold_label(variant) == fold_label(label)
        assert variant not in labels


def test_merge_variants_takes_the_most_common_spelling() -> None:
    labels, variants = merge_variants(
        ["Don\u2019t know", "Yes", "don't  know", "Don't know"],
        {"Don\u2019t know": 1, "Yes": 5, "don't  know": 1, "Don't know": 4},
    )
    assert labels == ["Don't know", "Yes"]
    assert variants == {"Don\u2019t know": "Don't know", "don't  know": "Don't know"}


def test_split_delimited_needs_a_part_standing_alone() -> None:
    assert split_delimited(["A;B;", "A;"], [", ", ";"]) == (";", ["A", "B"])  # MS Forms
    assert split_delimited(["Yes, definitely", "No, never"], [", "]) is None
    assert split_delimited(["Prison", "Community"], [", "]) is None  # nothing joined


@pytest.mark.parametrize(
    ("header", "metadata"),
    [
        ("StartDate", True),
        ("IPAddress", True),
        ("Custom Data 3", True),
        ("Q_RecaptchaScore", True),
        ("Completion time", True),
        ("Respondent ID", False),
        ("Email your MP?", False),
        ("Where do you work?", False),
    ],
)
def test_is_metadata(header: str, metadata: bool) -> None:
    assert is_metadata(header) is metadata


def test_detect_layout() -> None:
    assert detect_layout([["ID", "Q?"], ["", "Response"], ["1", "Yes"]]) == "two_headers"
    assert detect_layout([["ID", "Q?", ""], ["", "A", "B"]]) == "two_headers"
    assert detect_layout([["Timestamp", "Q?"], ["2025/03/01", "Yes"]]) == "one_header"
    assert detect_layout([["Q1"], ["Q?"], ['{"ImportId":"QID1"}']]) == "three_headers"


def test_hostile_keeps() -> None:
    # A header named twice is kept once, under its first spelling.
    export = tt.io.read_platform_export(SURVEYMONKEY, keep=["Weight", "weight"])
    assert export.kept == ("Weight",)
    # The respondent id is always kept, as the id.
    with pytest.raises(tt.ReadError, match="'Respondent ID' is the respondent id column"):
        tt.io.read_platform_export(SURVEYMONKEY, keep=["Respondent ID"])
    # Metadata the user names is kept, not dropped.
    kept = tt.io.read_platform_export(SURVEYMONKEY, keep=["IP Address"])
    assert kept.data["IP Address"].tolist() == ["203.0.113.7", "198.51.100.23", "192.0.2.144"]
    assert "IP Address" not in kept.dropped


def test_empty_frames() -> None:
    with pytest.raises(tt.ReadError, match="'DataFrame': an export laid out as 'one_header'"):
        tt.io.read_platform_export(pd.DataFrame())
    header_only = tt.io.read_platform_export(pd.DataFrame(columns=["Timestamp", "Q?"]))
    assert len(header_only.data) == 0
    assert header_only.dropped == ("Timestamp",)


def test_a_qualtrics_frame_read_with_three_header_levels() -> None:
    frame = pd.read_csv(QUALTRICS, header=[0, 1, 2], dtype=str, keep_default_na=False)
    from_frame = tt.io.read_platform_export(frame, keep=["weight"])
    from_file = tt.io.read_platform_export(QUALTRICS, keep=["weight"])
    assert from_frame.layout == "three_headers"
    pd.testing.assert_frame_equal(from_frame.data, from_file.data)


def test_a_codebook_matches_a_qualtrics_export_and_names_near_misses() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "Members",
            "questions": [
                {"id": "secure", "type": "single", "text": SECURE,
                 "options": ["Yes", "No", "Don't know"]},
                {"id": "groups", "type": "multi", "text": GROUPS,
                 "options": ["Young people", "Families", "Older people", "Other"]},
                {"id": "groups_other", "type": "text", "text": f"{GROUPS} - Other - Text"},
                {"id": "rate", "type": "grid", "text": RATE, "options": ["Good", "Fair", "Poor"],
                 "items": [{"id": "advice", "label": "Advice"},
                           {"id": "training", "label": "Training"}]},
                {"id": "regions", "type": "multi", "text": "Which regions do you work in?",
                 "options": ["North", "South", "Wales"]},
            ],
        }
    )  # fmt: skip
    # Spellings of "Don't know" by case and apostrophe are read as it (before: refused).
    export = tt.io.read_platform_export(QUALTRICS, survey, keep=["weight"], ignore=[INCOME])
    spelled = export.changes[export.changes["reason"] == "spelling"]
    assert sorted(spelled["before"]) == ["Don\u2019t know", "don't know"]
    assert export.data["secure"].tolist() == ["Yes", "Don't know", "Don't know", "Don't know"]
    assert export.data["groups_other"].tolist() == [
        "<skipped>",
        "Refuges",
        "<skipped>",
        "<skipped>",
    ]
    assert export.data["regions_3"].tolist() == [0, 0, 0, 1]
    assert export.data["rate_advice"].tolist() == ["Good", "Poor", "Fair", "Good"]


@pytest.mark.parametrize(("export", "options"), [(GOOGLE, {}), (QUALTRICS, {"keep": ["weight"]})])
def test_an_export_read_with_its_own_draft_reads_alike(
    export: Path, options: dict[str, Any]
) -> None:
    # Before: the draft merged "don't know" and "Don’t know" into one option, and the same
    # export read with that codebook was refused for them ("did you mean").
    drafted = tt.io.read_platform_export(export, **options)
    again = tt.io.read_platform_export(export, drafted.survey, **options)
    pd.testing.assert_frame_equal(again.data, drafted.data)
    spelled = again.changes[again.changes["reason"] == "spelling"]
    assert len(spelled) > 0
    assert spelled[["before", "after"]].equals(
        drafted.changes[drafted.changes["reason"] == "spelling"][["before", "after"]]
    )


def test_a_grid_item_heading_two_columns_is_refused_with_a_codebook() -> None:
    # Before: the second column silently replaced the first (r_a read Poor, Poor, Poor).
    survey = tt.Survey.from_dict(
        {
            "title": "t",
            "questions": [
                {
                    "id": "r",
                    "type": "grid",
                    "text": "Rate us",
                    "options": ["Good", "Poor"],
                    "items": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
                }
            ],
        }
    )
    form = pd.DataFrame(
        {
            "Rate us [A]": ["Good", "Poor", "Good"],
            "Rate us [B]": ["Good", "Good", "Poor"],
            "Rate us [A] ": ["Poor", "Poor", "Poor"],
        }
    )
    with pytest.raises(tt.ReadError, match=r"item 'A' heads two columns of the export"):
        tt.io.read_platform_export(form, survey)

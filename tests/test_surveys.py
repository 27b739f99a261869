"""Tests of the shipped codebooks: the trackTR 2015 codebook covers the 2016 report."""

from __future__ import annotations

import pathlib
import re

import pandas as pd
import pytest

import tracktr as tt
from tracktr.missing import NOT_ASKED, SKIPPED

CRC = "Funded by a CRC"
OUTSIDE = "Not funded by a CRC or the NPS"


@pytest.fixture(scope="module")
def survey() -> tt.Survey:
    return tt.surveys.tracktr_2015()


def test_loads_with_title_and_respondent_id(survey: tt.Survey) -> None:
    assert survey.title == "trackTR survey 2015"
    assert survey.respondent_id == "respondent_id"
    assert survey.population == "organisations"
    assert tt.surveys.names() == ("tracktr_2015", "housing_members")
    assert tt.surveys.tracktr_2015() is survey  # loaded once


def test_unknown_shipped_codebook() -> None:
    with pytest.raises(tt.ReferenceNotFoundError, match="No shipped codebook 'tracktr_2016'"):
        tt.surveys.path("tracktr_2016")


def test_every_graph_and_table_of_the_report_is_covered(survey: tt.Survey) -> None:
    # Change & challenge (2016) presents Graphs 1-32 and Tables 1-3.
    sources = " ; ".join(q.source or "" for q in survey.questions)
    for graph in range(1, 33):
        assert re.search(rf"Graph {graph}\b", sources), f"Graph {graph}"
    for table in (1, 2, 3):
        assert f"Table {table}" in sources


def test_text_only_figures_are_covered(survey: tt.Survey) -> None:
    text_only = {q.id for q in survey.questions if (q.source or "").startswith("Text")}
    assert {
        "crc_funding_type",
        "crc_contract_value",
        "crc_pbr_at_risk",
        "crc_referrals_received",
        "crc_agreement_viable",
        "outside_pbr_at_risk",
    } <= text_only


def test_ids_are_short_snake_case(survey: tt.Survey) -> None:
    for question in survey.questions:
        assert re.fullmatch(r"[a-z][a-z0-9_]{1,30}", question.id), question.id
    for column in survey.columns:
        assert re.fullmatch(r"[a-z][a-z0-9_]+", column), column


def test_wording_as_printed(survey: tt.Survey) -> None:
    # Graph titles of the report, copied character for character.
    assert survey.question("main_funding").text == (
        "What is the main way in which you are funded to support the rehabilitation of offenders?"
    )
    assert survey.question("income").text == (
        "What is your organisation’s overall income in the last financial year?"
    )
    assert survey.question("crc_ispa").text == (
        "Have you signed an Industry Standard Partnership Agreement (ISPA)?"
    )
    assert (
        survey.question("beneficiaries").text == "Who are your clients/service users/beneficiaries?"
    )


def test_table_1_is_a_grid_of_22_groups(survey: tt.Survey) -> None:
    grid = survey.question("beneficiaries")
    assert isinstance(grid, tt.GridQuestion)
    assert len(grid.items) == 22
    assert grid.labels == ("Main beneficiary", "Also a beneficiary", "Not a beneficiary")
    assert grid.items[0].label == "Offenders and ex-offenders"
    assert grid.items[-1].label == "Victims of crime"


def test_table_2_is_a_grid_of_20_groups(survey: tt.Survey) -> None:
    grid = survey.question("group_impact")
    assert isinstance(grid, tt.GridQuestion)
    assert len(grid.items) == 20
    assert grid.labels == ("Improved", "No change", "Worsened", "Don't know")
    assert grid.dont_know == ("Don't know",)


def test_income_bands_as_printed_in_table_3(survey: tt.Survey) -> None:
    assert survey.question("income").labels == (
        "Under £100,000",
        "£100,000 - £250,000",
        "£250,000 - £500,000",
        "£500,000 - £1m",
        "£1m - £5m",
        "£5m - £10m",
        "Over £10m",
    )
    assert survey.question("income").type == "ordinal"
    assert survey.question("staff").type == "ordinal"


def test_crc_section_is_asked_only_of_crc_funded(survey: tt.Survey) -> None:
    crc = [q for q in survey.questions if q.id.startswith("crc_")]
    assert len(crc) >= 14
    for question in crc:
        assert question.ask_if is not None
        assert "main_funding" in set(question.ask_if.questions())
        assert survey.base_description(question.id).startswith("organisations funded by a CRC")


def test_outside_section_is_asked_only_of_those_outside_supply_chains(survey: tt.Survey) -> None:
    outside = [q for q in survey.questions if q.id.startswith("outside_")]
    assert len(outside) >= 9
    df = pd.DataFrame(
        {
            "main_funding": [CRC, "Funded by the NPS", OUTSIDE, None],
        }
    )
    for column in tt.surveys.tracktr_2015().question("outside_funding_type").columns:
        cells: list[object] = [NOT_ASKED, NOT_ASKED, int(column.endswith("_pbr")), NOT_ASKED]
        df[column] = pd.Series(cells, dtype=object)
    for question in outside:
        expected = [False, False, True, False]
        assert survey.asked(df, question.id).tolist() == expected, question.id
    assert survey.asked(df, "crc_role").tolist() == [True, False, False, False]


def test_payment_by_results_routing(survey: tt.Survey) -> None:
    df = pd.DataFrame(
        {
            "main_funding": [CRC, CRC, OUTSIDE],
            "crc_funding_type_grant": [1, 0, NOT_ASKED],
            "crc_funding_type_fee": [0, 0, NOT_ASKED],
            "crc_funding_type_pbr": [0, 1, NOT_ASKED],
            "crc_funding_type_other": [0, 0, NOT_ASKED],
        }
    )
    assert survey.asked(df, "crc_pbr_at_risk").tolist() == [False, True, False]
    assert survey.base_description("crc_pbr_at_risk") == (
        "organisations funded by a CRC on payment-by-results contracts who answered"
    )


def test_spec_for_tabulation(survey: tt.Survey) -> None:
    spec = survey.spec("crc_role")
    assert spec.title == "How would you describe your organisation's role?"
    assert spec.base_description == "organisations funded by a CRC who answered"
    assert survey.spec("main_funding").base_description == "all organisations who answered"
    assert survey.spec("specialism").exclusive == ("None of these",)
    assert survey.spec("crc_contract_value").options == (
        "Under £80,000",
        "£80,000 - £5m",
        "Over £5m",
    )


def test_inferred_questions_say_what_was_inferred(survey: tt.Survey) -> None:
    inferred = [q for q in survey.questions if q.inferred]
    assert inferred
    for question in inferred:
        assert question.note, question.id
    printed = {q.id for q in survey.questions if not q.inferred}
    assert printed == {"income", "group_impact"}


def test_round_trips_through_toml(survey: tt.Survey, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "tracktr_2015.toml"
    survey.to_toml(path)
    assert tt.Survey.from_toml(path) == survey
    assert tt.Survey.from_dict(survey.to_dict()) == survey


def test_data_dictionary_renders(survey: tt.Survey) -> None:
    text = survey.to_markdown()
    assert text.startswith("# trackTR survey 2015: data dictionary")
    for question in survey.questions:
        assert f"## `{question.id}` ({question.type})" in text
    assert "- Routing: `main_funding is 'Funded by a CRC'`" in text
    assert "| 7 | Over £10m |  |" in text


def test_main_funding_published_counts_validate(survey: tt.Survey) -> None:
    # Graph 1 and the text of section 2.1: 34 CRC, 1 NPS, 100 neither; 16 of 151 skipped.
    answers = [CRC] * 34 + ["Funded by the NPS"] + [OUTSIDE] * 100 + [None] * 16
    df = pd.DataFrame({"respondent_id": range(1, 152), "main_funding": answers})
    table = tt.frequencies(df.fillna(SKIPPED), "main_funding", survey=survey)
    assert table.bases["All"] == 135
    assert table.counts["All"].tolist() == [34, 1, 100]
    assert table.percentages()["All"].tolist() == [25.0, 1.0, 74.0]

"""Found reviewing the day's changes: what the new refusals refused that they should not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt


def test_a_survey_updated_by_to_delimited_reads_back(tmp_path: Path) -> None:
    # Before: to_delimited kept each option's indicator column, to_dict wrote it, and the
    # reader refused it ("keys ['column'], which do nothing ... in delimited form").
    survey = tt.Survey.from_toml(tt.surveys.path("housing_members"))
    ticks = pd.DataFrame(
        {
            "provides_social": [1, 0],
            "provides_supported": [1, 0],
            "provides_shared": [0, 0],
            "provides_none": [0, 1],
        }
    )
    recoded = tt.recode.to_delimited(ticks, question=survey.question("provides"), name="text")
    updated = recoded.update(survey)
    assert tt.Survey.from_dict(updated.to_dict()).question("text").form == "delimited"
    updated.to_toml(tmp_path / "c.toml")
    assert tt.Survey.from_toml(tmp_path / "c.toml").question("text").separator == ";"


def test_one_question_of_two_waves_titled_apart_weighted_and_not_is_protected() -> None:
    # Before: refused because the two tables share a question id, though no cell of one
    # is a cell of the other (other respondents, other titles).
    rng = np.random.default_rng(1)
    data = pd.DataFrame(
        {
            "q1": rng.choice(["Yes", "No"], 120),
            "w": rng.choice([0.5, 1.0, 2.0], 120),
            "wave": rng.choice([1, 2], 120),
        }
    )
    first, second = data[data.wave == 1], data[data.wave == 2]
    tables = [
        tt.frequencies(first, "q1", weights="w", title="Q1 (wave 1)"),
        tt.frequencies(second, "q1", title="Q1 (wave 2)"),
    ]
    assert tt.disclosure.protect(tables).met


@pytest.mark.parametrize("key", ["respondent_id"])
def test_a_blank_respondent_id_is_refused_not_replaced_by_the_default(key: str) -> None:
    # Before (today): respondent_id = "" became "respondent_id", a column never named.
    questions = [{"id": "q", "type": "single", "text": "Q", "options": ["A"]}]
    with pytest.raises(tt.CodebookError, match="respondent id column is ''"):
        tt.Survey.from_dict({"title": "T", key: "", "questions": questions})
    assert tt.Survey.from_dict({"title": "T", "questions": questions}).respondent_id == key


def test_a_workbook_given_as_the_codebook_is_named_as_one(tmp_path: Path) -> None:
    # Before: "the codebook is not UTF-8 text (byte 0xc7 on line 1)", with a hint to
    # re-save it as UTF-8.
    workbook = tmp_path / "codebook.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(60))
    with pytest.raises(tt.CodebookError, match=r"zip archive \(an Excel workbook\?\)"):
        tt.Survey.from_toml(workbook)

"""A header naming a codebook column but for spaces or capitals is refused, naming both.

Before, ``"kind "`` (a trailing space an export left) or ``"Respondent_ID"`` was reported as
an unknown column beside a missing one: two failures whose cause most viewers do not show.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tracktr as tt
from tracktr.io.csvfile import read_responses

KIND = tt.Survey.from_dict(
    {
        "title": "Kind",
        "questions": [{"id": "kind", "type": "single", "text": "Kind?", "options": ["A", "B"]}],
    }
)


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        ("respondent_id,kind \n", "'kind ' for 'kind'"),
        ("respondent_id,\u00a0kind\n", "'\\xa0kind' for 'kind'"),
        ("Respondent_ID,kind\n", "'Respondent_ID' for 'respondent_id'"),
    ],
)
@pytest.mark.parametrize("chunksize", [None, 1])
def test_near_names_are_refused_whole_and_in_chunks(
    tmp_path: Path, header: str, shown: str, chunksize: int | None
) -> None:
    # Old: SurveyValidationError "unknown_column ... missing_column".
    path = tmp_path / "answers.csv"
    path.write_text(header + "1,A\n2,B\n", encoding="utf-8")
    pattern = rf"but for spaces or capitals: {re.escape(shown)}\..*Hint: rename them"

    def read() -> object:
        if chunksize is None:
            return tt.io.read_csv(path, KIND)
        return list(tt.io.read_csv(path, KIND, chunksize=chunksize))

    with pytest.raises(tt.ReadError, match=f"(?s){pattern}"):
        read()


def test_a_workbook_header_is_checked_alike(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in (["respondent_id", "KIND"], [1, "A"]):
        book.active.append(row)
    path = tmp_path / "answers.xlsx"
    book.save(path)
    with pytest.raises(tt.ReadError, match="'KIND' for 'kind'"):
        read_responses(path, KIND)


def test_exact_names_and_other_extra_columns_are_as_before(tmp_path: Path) -> None:
    # Unchanged, a guard: an extra column of another name is the codebook's check.
    path = tmp_path / "answers.csv"
    path.write_text("respondent_id,kind,kind_2\n1,A,x\n", encoding="utf-8")
    with pytest.raises(tt.SurveyValidationError, match="unknown_column"):
        tt.io.read_csv(path, KIND)
    assert tt.io.read_csv(path, KIND, allow_extra_columns=True)["kind"].tolist() == ["A"]

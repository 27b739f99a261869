"""File readers, round 6: export columns, Excel cells, SPSS labels (hostile report hG).

Each test says in a comment what the code did before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tracktr as tt


def export(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    """Write `text` as a CSV export and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- F12. a column with no question text after the respondent id ---------------------------


@pytest.mark.parametrize("codebook", [False, True])
def test_a_blank_headed_column_after_the_id_is_refused(tmp_path: Path, codebook: bool) -> None:
    # Before: the id column and the blank-headed column were drafted as a grid
    # "respondent_id_2" whose options were the ids and the answers ('1', '2', 'x', 'y').
    path = export(tmp_path, "Respondent ID,,Who funds you?\n,Response,Response\n1,x,CRC\n2,y,NPS\n")
    survey = tt.Survey.from_dict(
        {
            "title": "t",
            "questions": [
                {"id": "funder", "type": "single", "text": "Who funds you?", "options": ["CRC"]}
            ],
        }
    )
    with pytest.raises(tt.ReadError, match=r"export column 2 has no question text") as error:
        tt.io.read_platform_export(path, survey if codebook else None)
    assert "'Respondent ID'" in str(error.value)
    assert "export.csv" in str(error.value)
    assert "delete the column" in str(error.value)


def test_the_id_column_alone_is_still_the_id(tmp_path: Path) -> None:
    path = export(tmp_path, "Respondent ID,Who funds you?\n,Response\n7,CRC\n8,NPS\n")
    result = tt.io.read_platform_export(path)
    assert result.data["respondent_id"].tolist() == [7, 8]
    assert [q.id for q in result.survey.questions] == ["who_funds_you"]

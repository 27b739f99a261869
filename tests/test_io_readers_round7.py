"""File readers, round 7: repeated options and question texts, Excel cells given to read_csv.

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


# -- an option given twice in a Google Forms cell ----------------------------------------

WHERE = tt.Survey.from_dict(
    {
        "title": "t",
        "questions": [
            {
                "id": "where",
                "type": "multi",
                "text": "Where do you work?",
                "options": ["Prison", "Community, including probation", "Courts"],
            }
        ],
    }
)


@pytest.mark.parametrize("codebook", [True, False])
def test_an_option_given_twice_in_a_joined_cell_is_refused(tmp_path: Path, codebook: bool) -> None:
    # Before: "Prison, Prison" counted one tick for Prison, with nothing said (validation
    # of a delimited set reports the same cell as duplicate_option).
    path = export(
        tmp_path,
        "Timestamp,Where do you work?\n"
        '2025/03/01 10:02:11 AM GMT,"Community, including probation, Courts"\n'
        '2025/03/01 10:03:11 AM GMT,"Prison, Courts, Prison"\n'
        "2025/03/01 10:04:11 AM GMT,Courts\n",
    )
    with pytest.raises(tt.SurveyValidationError) as error:
        tt.io.read_platform_export(path, WHERE if codebook else None)
    said = str(error.value)
    assert "export.csv" in said
    assert "give an option more than once" in said
    column = "where" if codebook else "where_do_you_work"
    assert (
        f"line 3, column 2 ('{column}', question '{column}', respondent 2): "
        "'Prison, Courts, Prison' gives an option more than once (duplicate_option: "
        "each option once; ['Prison'] given twice)"
    ) in said
    failures = error.value.failures
    assert failures[["check", "respondent_id", "line", "value"]].values.tolist() == [
        ["duplicate_option", 2, 3, "Prison, Courts, Prison"]
    ]


def test_an_option_with_a_comma_given_once_is_still_read(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        "Timestamp,Where do you work?\n"
        '2025/03/01 10:02:11 AM GMT,"Prison, Community, including probation"\n'
        "2025/03/01 10:03:11 AM GMT,Courts\n",
    )
    result = tt.io.read_platform_export(path, WHERE)
    assert result.data[["where_1", "where_2", "where_3"]].values.tolist() == [[1, 1, 0], [0, 0, 1]]

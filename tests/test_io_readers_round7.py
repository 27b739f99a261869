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


# -- a question text repeated in two export columns, with a codebook ----------------------

FUNDER = tt.Survey.from_dict(
    {
        "title": "t",
        "questions": [
            {"id": "funder", "type": "single", "text": "Who funds you?", "options": ["CRC", "NPS"]},
            {"id": "where", "type": "multi", "text": "Where?", "options": ["Prison", "Community"]},
        ],
    }
)


def test_a_repeated_question_text_is_said_to_be_repeated(tmp_path: Path) -> None:
    # Before: "export column 3 ('Who funds you?') matches no question of the codebook",
    # though it matches one: the problem is the repeat.
    path = export(
        tmp_path,
        "Respondent ID,Who funds you?,Who funds you?,Where?,\n"
        ",Response,Response,Prison,Community\n1,CRC,NPS,Prison,\n2,NPS,CRC,,Community\n",
    )
    with pytest.raises(tt.ReadError) as error:
        tt.io.read_platform_export(path, FUNDER)
    assert error.value.mismatches == (
        (
            "export column 3 repeats the question text 'Who funds you?' of column 2, which "
            "is read as question 'funder' (column 3 is read as nothing); delete column 3 if "
            "it is a copy, or, if it is another question, give it its own text in the "
            "export's first header row and in the codebook"
        ),
    )
    assert "matches no question" not in str(error.value)
    assert "export.csv" in str(error.value)


def test_a_column_headed_by_a_question_id_read_elsewhere_is_named(tmp_path: Path) -> None:
    # Before: "export column 2 ('funder') matches no question of the codebook".
    path = export(
        tmp_path,
        "Respondent ID,funder,Who funds you?,Where?,\n"
        ",Response,Response,Prison,Community\n1,CRC,NPS,Prison,\n2,NPS,CRC,,Community\n",
    )
    with pytest.raises(tt.ReadError) as error:
        tt.io.read_platform_export(path, FUNDER)
    assert error.value.mismatches[0].startswith(
        "export column 2 is headed 'funder', the id of question 'funder', which is read "
        "from column 3 ('Who funds you?') (column 2 is read as nothing)"
    )


def test_a_set_repeating_its_text_over_an_unknown_option_names_the_option(
    tmp_path: Path,
) -> None:
    # Before: "export column 5 ('Where?') matches no question of the codebook"; the same
    # column under a blank first-row header was already named by its option.
    path = export(
        tmp_path,
        "Respondent ID,Who funds you?,Where?,Where?,Where?\n"
        ",Response,Prison,Community,Courts\n1,CRC,Prison,,\n2,NPS,,Community,Courts\n",
    )
    with pytest.raises(tt.ReadError) as error:
        tt.io.read_platform_export(path, FUNDER, layout="two_headers")
    assert error.value.mismatches == (
        (
            "question 'where': export column 5 has option 'Courts', which is not in the "
            "codebook (['Prison', 'Community'])"
        ),
    )


def test_a_question_text_over_each_column_of_a_set_is_still_read(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        "Respondent ID,Who funds you?,Where?,Where?\n"
        ",Response,Prison,Community\n1,CRC,Prison,\n2,NPS,,Community\n",
    )
    result = tt.io.read_platform_export(path, FUNDER, layout="two_headers")
    assert result.data[["where_1", "where_2"]].values.tolist() == [[1, 0], [0, 1]]

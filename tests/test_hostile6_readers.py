"""tt.io readers as a hostile tester used them: respondent ids held as text in an SPSS file.

Each test says in a comment what the old code did.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt

pyreadstat = pytest.importorskip("pyreadstat")


def _sav(tmp_path: Path, ids: list[str]) -> str:
    path = str(tmp_path / "members.sav")
    answers = [1 + k % 2 for k in range(len(ids))]
    pyreadstat.write_sav(
        pd.DataFrame({"id": ids, "size": answers}),
        path,
        variable_value_labels={"size": {1: "Small", 2: "Large"}},
    )
    return path


@pytest.mark.parametrize("ids", [["£7", "7"], ["1,000", "1000"]])
def test_read_spss_keeps_text_ids_that_are_not_whole_numbers_as_written(
    tmp_path: Path, ids: list[str]
) -> None:
    # Before: the text id column was read as amounts, so "£7" and "7" were both 7.0 and
    # the file's two organisations were refused as "repeated: 7.0", an id it does not hold.
    path = _sav(tmp_path, ids)
    data = tt.io.read_spss(path)
    assert data["id"].tolist() == ids
    prepared = tt.io.survey_from_spss(path).prepare(data).data
    assert prepared["id"].tolist() == ids


def test_read_spss_reads_12_0_and_12_as_one_id_refused_as_repeated(tmp_path: Path) -> None:
    # "12.0" is the whole number 12, as read_csv and read_platform_export read it: kept as
    # text beside "12", one organisation would count twice. Refused, naming the rows.
    path = _sav(tmp_path, ["12.0", "12"])
    data = tt.io.read_spss(path)
    assert data["id"].tolist() == [12, 12]
    with pytest.raises(tt.SurveyValidationError, match="repeated: 12"):
        tt.io.survey_from_spss(path).prepare(data)


def test_read_spss_reads_whole_number_text_ids_as_numbers_like_the_other_readers(
    tmp_path: Path,
) -> None:
    # Before: 101.0 and 102.0 (floats, printed so in every message). Now as read_csv and
    # read_platform_export read them: whole numbers, ints.
    data = tt.io.read_spss(_sav(tmp_path, ["101", "102", "007"]))
    assert data["id"].tolist() == [101, 102, 7]
    assert data["id"].dtype == "int64"


SIZES = tt.Survey.from_dict(
    {
        "title": "Members",
        "questions": [
            {"id": "size", "type": "single", "text": "Size?", "options": ["Small", "Large"]}
        ],
    }
)


def test_tabulate_csv_reads_the_named_weight_column_without_allow_extra_columns(
    tmp_path: Path,
) -> None:
    # Before: weights="wt" was refused as an unknown column ("expected only codebook
    # columns (or validate(..., allow_extra_columns=True))") though the docstring reads it.
    # Weighted: Small 2 + 0.5 = 2.5, Large 1.5, of 4: 62.5% rounds half up to 63%.
    path = tmp_path / "members.csv"
    path.write_text(
        "respondent_id,size,wt\n1,Small,2\n2,Large,1.5\n3,Small,0.5\n", encoding="utf-8"
    )
    table = tt.io.tabulate_csv(path, SIZES, ["size"], weights="wt", chunksize=2)["size"]
    assert table.counts["All"].tolist() == [2.5, 1.5]
    assert table.percentages()["All"].tolist() == [63.0, 38.0]


def test_tabulate_csv_still_refuses_other_extra_columns_beside_the_weights(
    tmp_path: Path,
) -> None:
    # Allowing the weight column must not let an unexpected column (here an e-mail
    # address) through unnoticed.
    path = tmp_path / "members.csv"
    path.write_text(
        "respondent_id,size,wt,email\n1,Small,2,a@example.org\n2,Large,1,b@example.org\n",
        encoding="utf-8",
    )
    with pytest.raises(
        tt.SurveyValidationError, match=r"column\(s\) \['email'\] are not in the codebook"
    ) as error:
        tt.io.tabulate_csv(path, SIZES, ["size"], weights="wt")
    assert error.value.failures["column"].tolist() == ["email"]
    assert "example.org" not in str(error.value)
    tables = tt.io.tabulate_csv(path, SIZES, ["size"], weights="wt", allow_extra_columns=True)
    assert tables["size"].counts["All"].tolist() == [2.0, 1.0]


@pytest.mark.parametrize(("cell", "held"), [("-1", "[-1.0]"), ("", "['blank']")])
def test_tabulate_csv_names_the_respondent_of_a_bad_weight(
    tmp_path: Path, cell: str, held: str
) -> None:
    # Before: "rows [1] hold [-1.0]", the 0-based row of the chunk: no line of the file
    # and no respondent (respondent 12 is the second of the second chunk, line 5).
    path = tmp_path / "members.csv"
    path.write_text(
        f"respondent_id,size,wt\n9,Small,1\n10,Large,1\n11,Small,1\n12,Large,{cell}\n",
        encoding="utf-8",
    )
    with pytest.raises(tt.InvalidWeightsError) as error:
        tt.io.tabulate_csv(path, SIZES, ["size"], weights="wt", chunksize=2)
    assert f"respondents ['12'] hold {held}" in str(error.value)

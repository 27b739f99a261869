"""The columns a codebook describes without a question: [design] columns, the pooled id.

``Survey.columns`` names them all, and every check of "a column the codebook does not
know" reads it: ``validate`` refused a codebook's own weights column as unknown.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

QUESTION = tt.SingleQuestion("q", "Q?", tt.survey.options(["a", "b"]))


def _survey(**design: str) -> tt.Survey:
    return tt.Survey("Members", [QUESTION], respondent_id="id", design=design)


def _rows(**extra: list[object]) -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2, 3], "q": ["a", "b", "a"], **extra})


def test_columns_name_the_design_and_the_pooled_id_once() -> None:
    survey = _survey(weights="wt", strata="st", clusters="id", lonely_psu="adjust")
    assert survey.columns == ("id", "q")
    assert survey.described_columns == ("id", "q", "wt", "st")
    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    assert pooled.survey.described_columns[-1] == "org_id"
    assert pooled.survey.described_columns.count("org_id") == 1


def test_validate_accepts_the_codebooks_own_design_columns() -> None:
    survey = _survey(weights="wt", strata="st")
    # Before: two unknown_column failures, for 'wt' and 'st'.
    survey.validate(_rows(wt=[1.0, 2.0, 1.5], st=["n", "n", "s"]))


def test_validate_names_a_design_column_the_file_lacks() -> None:
    survey = _survey(weights="wt", strata="st")
    with pytest.raises(tt.SurveyValidationError) as caught:
        survey.validate(_rows(wt=[1.0, 2.0, 1.5]))
    failures = caught.value.failures
    assert failures[["column", "check", "expected"]].values.tolist() == [
        ["st", "missing_column", "the [design] strata column"]
    ]


@pytest.mark.parametrize(
    ("cells", "bad"),
    [
        ([1.0, -2.0, math.inf], [2, 3]),
        ([1.0, None, 2.0], [2]),
        ([1.0, "1.5", "heavy"], [2, 3]),  # text, even a number's, is refused by the tables
        ([True, 1.0, 2.0], [1]),
    ],
)
def test_validate_names_the_rows_whose_weights_are_no_weights(
    cells: list[object], bad: list[int]
) -> None:
    survey = _survey(weights="wt")
    with pytest.raises(tt.SurveyValidationError) as caught:
        survey.validate(_rows(wt=cells))
    failures = caught.value.failures
    assert set(failures["check"]) == {"invalid_weight"}
    assert failures["respondent_id"].tolist() == bad
    assert failures["column"].tolist() == ["wt"] * len(bad)


def test_the_cli_validates_a_file_with_its_design_columns(tmp_path: Path) -> None:
    survey = _survey(weights="wt", strata="st")
    codebook, data = tmp_path / "members.toml", tmp_path / "members.csv"
    survey.to_toml(codebook)
    _rows(wt=[1.0, 2.0, 1.5], st=["n", "n", "s"]).to_csv(data, index=False)
    done = subprocess.run(
        [sys.executable, "-m", "tracktr", "validate", str(data), str(codebook)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    # Before: exit 2, "unknown_column: question '', column 'wt'".
    assert done.returncode == 0, done.stderr
    assert "3 responses match" in done.stdout


def test_tabulate_csv_weighs_pooled_rows_by_a_column_outside_the_codebook(
    tmp_path: Path,
) -> None:
    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    codebook, rows = tmp_path / "pooled.toml", tmp_path / "pooled.csv"
    pooled.survey.to_toml(codebook)
    weighed = pooled.data.assign(w=[1.0 + (i % 3) for i in range(len(pooled.data))])
    weighed.to_csv(rows, index=False)
    survey = tt.Survey.from_toml(codebook)
    # Before: refused, "column(s) ['org_id'] are not in the codebook": the persistent id
    # was known only while no weights= column asked for the columns to be listed.
    chunked = tt.io.tabulate_csv(rows, survey, ["main_funding"], weights="w", chunksize=50)
    whole = tt.frequencies(weighed, "main_funding", survey=pooled.survey, weights="w")
    assert chunked["main_funding"].counts.equals(whole.counts)


def test_options_given_as_plain_text_get_a_clear_error() -> None:
    plain = tt.SingleQuestion("q", "Q?", ("a", "b"))  # type: ignore[arg-type]
    # Before: a bare AttributeError, "'str' object has no attribute 'label'".
    with pytest.raises(tt.CodebookError, match=r"(?s)question 'q'.*\['a', 'b'\].*options\("):
        tt.Survey("Members", [plain], respondent_id="id")


def test_prepare_reads_the_number_text_of_design_weights_and_notes_it() -> None:
    survey = _survey(weights="wt")
    rows = _rows(wt=["1.0", "2", "0.5"])
    prepared = survey.prepare(rows)
    assert prepared.data["wt"].tolist() == [1.0, 2.0, 0.5]
    assert prepared.changes["reason"].tolist() == ["number_text"] * 3
    assert rows["wt"].tolist() == ["1.0", "2", "0.5"]  # the input is not changed
    with pytest.raises(tt.SurveyValidationError) as caught:
        survey.prepare(_rows(wt=["1.0", "2,5", "heavy"]))
    failures = caught.value.failures
    assert failures[["respondent_id", "value"]].values.tolist() == [[2, "2,5"], [3, "heavy"]]


def test_the_pandera_schema_holds_the_design_columns_and_checks_the_weights() -> None:
    survey = _survey(weights="wt", strata="st")
    schema = survey.to_pandera()
    good = _rows(wt=[1.0, 0.0, 1.5], st=["n", "n", "s"])
    # Before: pandera's strict schema refused 'wt' and 'st' as columns not in the schema.
    schema.validate(good)
    import pandera.errors

    with pytest.raises(pandera.errors.SchemaError, match="weights 'wt'"):
        schema.validate(good.assign(wt=[1.0, -1.0, 2.0]))


def test_a_scanned_file_with_the_design_columns_validates_and_tabulates(tmp_path: Path) -> None:
    survey = _survey(weights="wt")
    path = tmp_path / "answers.csv"
    path.write_text("id,q,wt\n1,a,1.5\n2,b,2\n3,a,1\n", encoding="utf-8")
    scanned = tt.io.scan(path, survey)
    # Before: 'wt' was an unknown_column of the file.
    assert scanned.failures().empty
    weighted = scanned.tabulate("q", weights="wt")
    assert weighted.counts["All"].tolist() == [2.5, 2.0]
    assert scanned.tabulate("q").counts["All"].tolist() == [2, 1]


def test_another_engines_frame_without_the_design_column_is_named() -> None:
    polars = pytest.importorskip("polars")
    survey = _survey(weights="wt")
    frame = polars.DataFrame({"id": [1, 2, 3], "q": ["a", "b", "a"]})
    # Before: valid, though the codebook's design cannot be used on it.
    with pytest.raises(tt.SurveyValidationError) as caught:
        survey.validate(frame)
    assert caught.value.failures[["column", "check"]].values.tolist() == [["wt", "missing_column"]]
    survey.validate(frame.with_columns(wt=polars.lit(1.0)))


def test_a_scanned_unweighted_table_says_it_left_the_codebooks_weights(tmp_path: Path) -> None:
    survey = _survey(weights="wt")
    path = tmp_path / "answers.csv"
    path.write_text("id,q,wt\n1,a,1.5\n2,b,2\n3,a,1\n", encoding="utf-8")
    scanned = tt.io.scan(path, survey).tabulate("q")
    in_memory = tt.frequencies(_rows(wt=[1.5, 2.0, 1.0]), "q", survey=survey)
    # Before: the scan's table said nothing of the codebook's weights it did not use.
    assert scanned.notes == in_memory.notes
    assert "Unweighted: the codebook's [design]" in scanned.notes[-1]


@pytest.mark.parametrize("design", [False, True])
def test_bad_weights_are_named_row_beside_value(design: bool) -> None:
    rows = pd.DataFrame({"q": ["a"] * 12, "w": [np.nan] * 6 + [-1.0] * 6})

    def table() -> object:
        if design:
            return tt.design.estimate_proportions(rows, "q", design=tt.Design(weights="w"))
        return tt.frequencies(rows, "q", weights="w")

    with pytest.raises(tt.InvalidWeightsError) as caught:
        table()
    # Before: "rows [0, 1, 2, 3, 4, 5, ..., 11] hold [nan, nan, nan, nan, nan]", 12 rows
    # beside 5 values, read as pairs.
    assert (
        "rows [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] hold [nan, nan, nan, nan, nan, nan, -1.0, -1.0, "
        "-1.0, -1.0] (12 in all)."
    ) in str(caught.value)

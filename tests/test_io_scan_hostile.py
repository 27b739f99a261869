"""tt.io.scan against files a hostile tester wrote: ids, line endings and default banners.

Each test names what the old code did; the rule it checks is the in-memory reader's
(``tt.io.read_csv``), which the scanned tables must equal.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt

# (tracktr.io.scan is also the function's name)
scan_module = importlib.import_module("tracktr.io.scan")

pytest.importorskip("duckdb")
pytest.importorskip("polars")

ENGINES = ["duckdb", "polars"]

SURVEY = tt.Survey.from_dict(
    {
        "title": "Members",
        "questions": [
            {"id": "funder", "type": "single", "text": "Who funds you?", "options": ["CRC", "NPS"]},
            {"id": "staff", "type": "numeric", "text": "Staff?"},
        ],
    }
)


def _file(tmp_path: Path, text: str, name: str = "responses.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _failures(error: pytest.ExceptionInfo[tt.SurveyValidationError]) -> set[tuple[str, str]]:
    return {(row.check, str(row.value)) for row in error.value.failures.itertuples()}


# -- 1. the id rule of read_csv: whole-number ids are numbers --------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_ids_written_as_one_number_are_one_respondent(tmp_path: Path, engine: str) -> None:
    # The old scan counted "4" and "04", " 3" and "3" as four respondents (n=6, validate()
    # passed); read_csv refuses the file, as the guide documents: when every id of a file
    # is a whole number, 03 and 3 are one respondent.
    path = _file(tmp_path, "respondent_id,funder,staff\n1,CRC,1\n2,NPS,1\n3,CRC,1\n4,NPS,1\n"
                 "04,NPS,1\n 3,CRC,1\n")  # fmt: skip
    with pytest.raises(tt.SurveyValidationError) as memory:
        tt.io.read_csv(path, SURVEY)
    scanned = tt.io.scan(path, SURVEY, engine=engine)  # type: ignore[arg-type]
    with pytest.raises(tt.SurveyValidationError) as found:
        scanned.validate()
    assert _failures(found) == _failures(memory) == {("duplicate_id", "(3, 4)")}
    with pytest.raises(tt.SurveyValidationError, match="line") as tabulated:
        scanned.tabulate("funder")
    message = str(tabulated.value)
    assert "3 at lines 4, 7" in message, message
    assert "4 at lines 5, 6" in message, message
    assert "written 3 as '3' and ' 3'; 4 as '4' and '04'" in message, message
    assert "Hint:" in message, message


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "ids",
    [
        ["R1", "3", "03"],  # one id is not a number: ids are text, "3" is not "03"
        ["1", "01", "99999999999999999999"],  # beyond int64: text, as read_csv reads it
        ["1", "2", "-0", "0"],  # whole numbers: "-0" and "0" are respondent 0
    ],
)
def test_the_id_rule_is_read_csvs_on_every_file(
    tmp_path: Path, engine: str, ids: list[str]
) -> None:
    # The old scan compared ids as written; whatever read_csv decides, scan decides alike.
    rows = "".join(f"{i},CRC,1\n" for i in ids)
    path = _file(tmp_path, f"respondent_id,funder,staff\n{rows}")
    try:
        tt.io.read_csv(path, SURVEY)
        expected: set[tuple[str, str]] = set()
    except tt.SurveyValidationError as error:
        expected = {(row.check, str(row.value)) for row in error.failures.itertuples()}
    scanned = tt.io.scan(path, SURVEY, engine=engine)  # type: ignore[arg-type]
    got = {(row.check, str(row.value)) for row in scanned.failures().itertuples()}
    assert got == expected
    if not expected:
        assert scanned.tabulate("funder").counts["All"].tolist() == [len(ids), 0]


@pytest.mark.parametrize("engine", ENGINES)
def test_ids_padded_with_any_whitespace_python_strips_are_one(tmp_path: Path, engine: str) -> None:
    # A no-break space (Excel's) and a tab: Python's str.strip(), which read_csv's rule
    # applies, removes them; the engine's own trim() would not (the old scan kept them).
    path = _file(tmp_path, "respondent_id,funder,staff\n1,CRC,1\n\u00a02,NPS,1\n2\t,NPS,1\n")
    with pytest.raises(tt.SurveyValidationError) as memory:
        tt.io.read_csv(path, SURVEY)
    with pytest.raises(tt.SurveyValidationError) as found:
        tt.io.scan(path, SURVEY, engine=engine).validate()  # type: ignore[arg-type]
    assert _failures(found) == _failures(memory) == {("duplicate_id", "(2,)")}


def test_the_whitespace_of_the_engines_regex_is_pythons() -> None:
    every = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(scan_module._SPACE) == every


@pytest.mark.parametrize("engine", ENGINES)
def test_failing_respondents_are_named_by_their_number(tmp_path: Path, engine: str) -> None:
    # read_csv names respondent 7 (an int) for the id "007"; the old scan named '007'.
    path = _file(tmp_path, "respondent_id,funder,staff\n1,CRC,1\n007,Maybe,1\n")
    with pytest.raises(tt.SurveyValidationError) as memory:
        tt.io.read_csv(path, SURVEY)
    with pytest.raises(tt.SurveyValidationError) as found:
        tt.io.scan(path, SURVEY, engine=engine).validate()  # type: ignore[arg-type]
    named = found.value.failures["respondent_id"].tolist()
    assert named == memory.value.failures["respondent_id"].tolist() == [7]


# -- 2. tabulating checks the ids first ------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_tabulate_refuses_repeated_and_blank_ids(tmp_path: Path, engine: str) -> None:
    # The old Scan.tabulate and Scan.tables counted respondent 2 twice and the row with no
    # id (n=5 for 3 respondents) unless .validate() was called first; read_csv refuses it.
    path = _file(tmp_path, "respondent_id,funder,staff\n1,CRC,1\n2,NPS,1\n3,CRC,1\n2,NPS,1\n"
                 ",NPS,1\n")  # fmt: skip
    with pytest.raises(tt.SurveyValidationError) as memory:
        tt.io.read_csv(path, SURVEY)
    scanned = tt.io.scan(path, SURVEY, engine=engine)  # type: ignore[arg-type]
    with pytest.raises(tt.SurveyValidationError) as found:
        scanned.tabulate("funder")
    assert {c for c, _ in _failures(found)} == {c for c, _ in _failures(memory)}
    message = str(found.value)
    assert "responses.csv': respondent ids" in message, message
    assert "column 'respondent_id'" in message, message
    assert "'2' at lines 3, 5" in message, message  # one id is blank: the ids are text
    assert "blank in 1 row: line 6" in message, message
    assert "Hint:" in message, message
    with pytest.raises(tt.SurveyValidationError, match="'2' at lines 3, 5"):
        scanned.tables(["funder"], by=[None, "funder"])
    with pytest.raises(tt.SurveyValidationError, match="'2' at lines 3, 5"):
        scanned.tabulate("funder", weights="staff")


def test_a_parquet_file_names_its_repeated_ids(tmp_path: Path) -> None:
    # The old scan counted a Parquet file's repeated respondent twice too.
    path = tmp_path / "responses.parquet"
    pd.DataFrame({"respondent_id": [1, 2, 2], "funder": ["CRC", "NPS", "NPS"],
                  "staff": [1, 1, 1]}).to_parquet(path, index=False)  # fmt: skip
    with pytest.raises(tt.SurveyValidationError, match=r"2 in 2 rows"):
        tt.io.scan(path, SURVEY).tabulate("funder")


@pytest.mark.parametrize("engine", ENGINES)
def test_tabulate_refuses_a_file_without_its_id_column(tmp_path: Path, engine: str) -> None:
    # The old scan counted a file with no respondent ids at all; read_csv refuses it.
    path = _file(tmp_path, "funder,staff\nCRC,1\nNPS,1\n")
    with pytest.raises(tt.SurveyValidationError, match=r"missing_column.*'respondent_id'"):
        tt.io.scan(path, SURVEY, engine=engine).tabulate("funder")  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_ids_are_checked_once_per_scan(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A scan of 1e8 rows must not read every id again for each table.
    path = _file(tmp_path, "respondent_id,funder,staff\n1,CRC,1\n2,NPS,3\n3,CRC,2\n")
    calls: list[str] = []
    repeated = scan_module._repeated_ids

    def spy(*args: object, **kwargs: object) -> object:
        calls.append("ids")
        return repeated(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scan_module, "_repeated_ids", spy)
    scanned = tt.io.scan(path, SURVEY, engine=engine)  # type: ignore[arg-type]
    assert scanned.tabulate("funder").counts["All"].tolist() == [2, 1]
    scanned.tabulate("funder", by="funder")
    scanned.tables(["funder"], by=[None, "funder"])
    scanned.validate()
    assert calls == ["ids"]


# -- 3. CR-only line endings -----------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_cr_only_line_endings_read_as_in_memory(tmp_path: Path, engine: str) -> None:
    # The old polars scan read the whole file as one header line: a table of 0 respondents
    # (n=0) and no error.
    path = tmp_path / "mac.csv"
    path.write_bytes(b"respondent_id,funder,staff\r1,CRC,5\r\r2,NPS,3\r3,CRC,1\r")
    expected = tt.frequencies(tt.io.read_csv(path, SURVEY), "funder", survey=SURVEY)
    scanned = tt.io.scan(path, SURVEY, engine=engine)  # type: ignore[arg-type]
    assert scanned.rows() == 3
    table = scanned.tabulate("funder")
    assert table.counts["All"].tolist() == [2, 1]
    assert table.to_markdown() == expected.to_markdown()
    scanned.validate()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_ragged_row_of_a_cr_only_file_is_named(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b"respondent_id,funder,staff\r1,CRC,5\r2,NPS\r3,CRC,1\r")
    with pytest.raises(tt.ReadError, match="line 3 has 2"):
        tt.io.scan(path, SURVEY, engine=engine).tabulate("funder")  # type: ignore[arg-type]


# -- 4. Scan.tables with its default banner --------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_tables_by_default_gives_one_table_of_everyone(tmp_path: Path, engine: str) -> None:
    # The old Scan.tables(questions) failed with "the codebook has no questions" (the
    # empty codebook of no banners).
    path = _file(tmp_path, "respondent_id,funder,staff\n1,CRC,1\n2,NPS,1\n3,CRC,1\n")
    scanned = tt.io.scan(path, SURVEY, engine=engine)  # type: ignore[arg-type]
    book = scanned.tables(["funder"])
    assert list(book) == [("funder", None)]
    assert book["funder", None].to_markdown() == scanned.tabulate("funder").to_markdown()


@pytest.mark.parametrize("engine", ENGINES)
def test_many_repeated_ids_are_counted_and_the_first_named(tmp_path: Path, engine: str) -> None:
    # More repeated ids than one fetch brings back: they are counted in the engine.
    rows = [f"{i},CRC,1\n" for i in range(1, 1201)] * 2 + [",NPS,1\n"] * 3
    path = _file(tmp_path, "respondent_id,funder,staff\n" + "".join(rows))
    with pytest.raises(tt.SurveyValidationError) as found:
        tt.io.scan(path, SURVEY, engine=engine).tabulate("funder")  # type: ignore[arg-type]
    message = str(found.value)
    assert "blank in 3 rows: lines 2402, 2403, 2404" in message, message
    assert "'1' at lines 2, 1202; '10' at lines 11, 1211" in message, message
    assert "and 1180 more repeated ids" in message, message

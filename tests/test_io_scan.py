"""tt.io.scan: files validated and counted by DuckDB or polars equal the in-memory reading."""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt

pytest.importorskip("duckdb")
pytest.importorskip("polars")

# Single, ordinal, multi-response, grid and routed questions of the trackTR codebook.
QUESTIONS = [
    "main_funding",
    "income",
    "delivery_regions",
    "relationships",
    "crc_role",
    "crc_funding_type",
    "crc_subsidise",
    "outside_funding_sources",
]


@pytest.fixture(scope="module")
def survey() -> tt.Survey:
    return tt.surveys.tracktr_2015()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scan")
    csv = folder / "responses.csv"
    tt.datasets.tracktr_2015().to_csv(csv, index=False)
    text = pd.read_csv(csv, dtype=str, keep_default_na=False)
    parquet = folder / "responses.parquet"
    text.where(text != "", None).to_parquet(parquet, index=False)
    return {"csv": csv, "parquet": parquet}


@pytest.mark.parametrize(
    ("engine", "kind"), [("duckdb", "csv"), ("polars", "csv"), ("duckdb", "parquet")]
)
def test_every_table_equals_the_file_read_into_memory(
    survey: tt.Survey, files: dict[str, Path], engine: str, kind: str
) -> None:
    memory = tt.io.read_csv(files["csv"], survey)
    scanned = tt.io.scan(files[kind], survey, engine=engine)  # type: ignore[arg-type]
    for question in QUESTIONS:
        expected = tt.tabulate(memory, question, survey=survey)
        table = scanned.tabulate(question)
        assert table.to_markdown() == expected.to_markdown(), question
        pd.testing.assert_frame_equal(table.counts, expected.counts)
        pd.testing.assert_frame_equal(table.excluded, expected.excluded)
    by_income = scanned.tabulate("crc_role", by="income")
    assert (
        by_income.to_markdown()
        == tt.crosstab(memory, "crc_role", "income", survey=survey).to_markdown()
    )


def test_a_valid_file_has_no_failures(survey: tt.Survey, files: dict[str, Path]) -> None:
    scanned = tt.io.scan(files["csv"], survey)
    assert scanned.failures().empty
    assert scanned.validate() is scanned
    assert scanned.rows() == 151


def _corrupt(path: Path, folder: Path) -> Path:
    text = pd.read_csv(path, dtype=str, keep_default_na=False)
    text.loc[3, "main_funding"] = "Maybe"  # not an option
    text.loc[7, "income"] = "Maybe"  # the same wrong value in another question
    outside = text.index[text["main_funding"] != "Funded by a CRC"][0]
    text.loc[outside, "crc_role"] = "Tier 2 provider"  # answered, but routed out
    text.loc[10, "respondent_id"] = text.loc[11, "respondent_id"]  # a repeated id
    corrupt = folder / "corrupt.csv"
    text.to_csv(corrupt, index=False)
    return corrupt


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_failures_name_the_same_respondents_as_the_in_memory_check(
    survey: tt.Survey, files: dict[str, Path], tmp_path: Path, engine: str
) -> None:
    corrupt = _corrupt(files["csv"], tmp_path)
    with pytest.raises(tt.SurveyValidationError) as memory:
        tt.io.read_csv(corrupt, survey)
    expected = {
        (row.question, str(row.respondent_id), row.check)
        for row in memory.value.failures.itertuples()
    }
    scanned = tt.io.scan(corrupt, survey, engine=engine)  # type: ignore[arg-type]
    with pytest.raises(tt.SurveyValidationError, match=r"corrupt\.csv") as found:
        scanned.validate()
    got = {
        (row.question, str(row.respondent_id), row.check)
        for row in found.value.failures.itertuples()
    }
    assert got == expected
    # The repeated id is refused before anything is counted (a respondent would count
    # twice); the failing answers are named by validate() above.
    with pytest.raises(tt.SurveyValidationError, match=r"duplicate_id.*at lines \d+, \d+"):
        scanned.tabulate("main_funding")


def test_absent_file_and_directory_are_read_errors(survey: tt.Survey, tmp_path: Path) -> None:
    with pytest.raises(tt.ReadError, match="no such file"):
        tt.io.scan(tmp_path / "absent.csv", survey)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with pytest.raises(tt.ReadError, match="is a directory"):
        tt.io.scan(folder, survey)


def test_an_unknown_engine_is_refused(survey: tt.Survey, files: dict[str, Path]) -> None:
    with pytest.raises(tt.TracktrError, match="engine"):
        tt.io.scan(files["csv"], survey, engine="spark")  # type: ignore[arg-type]


def test_text_that_looks_missing_is_an_answer(tmp_path: Path) -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "Demo",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "NA"]}],
        }
    )
    path = tmp_path / "answers.csv"
    path.write_text("respondent_id,q\n1,NA\n2,Yes\n3,\n", encoding="utf-8")
    table = tt.io.scan(path, survey).tabulate("q")
    assert table.counts["All"].tolist() == [1, 1]
    assert table.excluded.loc["skipped", "All"] == 1


def _demo() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "Demo",
            "questions": [
                {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No", "a,\nb"]}
            ],
        }
    )


def _write(path: Path, bad: str, *, at: int, rows: int = 3000) -> Path:
    lines = ["respondent_id,q", *(f"{i},Yes" for i in range(1, rows + 1))]
    lines[at] = bad
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("engine", "bad"),
    [
        *((e, b) for e in ["duckdb", "polars"] for b in ["2500,No,extra", "2500", '2500,"a","b"']),
        ("polars", "2500,No,"),  # DuckDB drops empty cells at a row's end: see below
    ],
)
def test_a_ragged_row_is_refused_naming_its_line(tmp_path: Path, engine: str, bad: str) -> None:
    # Far past the first rows, where DuckDB's sniffer and polars' schema look; the message
    # is the one of the in-memory reader.
    path = _write(tmp_path / "ragged.csv", bad, at=2500)
    with pytest.raises(tt.ReadError) as memory:
        tt.io.read_csv(path, _demo())
    with pytest.raises(tt.ReadError, match=r"line 2501 has [13]\b") as found:
        tt.io.scan(path, _demo(), engine=engine).validate()  # type: ignore[arg-type]
    assert str(found.value) == str(memory.value)
    assert found.value.path == str(path)


def test_duckdb_drops_empty_cells_at_the_end_of_a_row(tmp_path: Path) -> None:
    # DuckDB's reader (1.x-2.x, strict mode or not) reads "2500,No," as two cells; the
    # cell it drops is empty, so no answer is lost or shifted.
    path = _write(tmp_path / "trailing.csv", "2500,No,,", at=2500)
    table = tt.io.scan(path, _demo()).tabulate("q")
    assert table.counts["All"].tolist() == [2999, 1, 0]


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_a_ragged_row_after_a_cell_spanning_lines(tmp_path: Path, engine: str) -> None:
    # The quoted cell spans two lines: line numbers are the file's, as the reader counts.
    path = tmp_path / "multiline.csv"
    path.write_text('respondent_id,q\n1,"a,\nb"\n2,Yes,No\n3,No\n', encoding="utf-8")
    with pytest.raises(tt.ReadError) as memory:
        tt.io.read_csv(path, _demo())
    with pytest.raises(tt.ReadError, match="line 4 has 3") as found:
        tt.io.scan(path, _demo(), engine=engine).tabulate("q")  # type: ignore[arg-type]
    assert str(found.value) == str(memory.value)


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_cells_spanning_lines_and_blank_lines_read_as_in_memory(
    tmp_path: Path, engine: str
) -> None:
    path = tmp_path / "fine.csv"
    path.write_text('respondent_id,q\n1,"a,\nb"\n\n2,Yes\n3,\n\n', encoding="utf-8")
    expected = tt.tabulate(tt.io.read_csv(path, _demo()), "q", survey=_demo())
    scanned = tt.io.scan(path, _demo(), engine=engine)  # type: ignore[arg-type]
    assert scanned.rows() == 3
    assert scanned.tabulate("q").to_markdown() == expected.to_markdown()


def test_a_repeated_header_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "repeated.csv"
    path.write_text("respondent_id,q,q\n1,Yes,No\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"repeats the column name\(s\) \['q'\]"):
        tt.io.scan(path, _demo())


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_a_file_that_is_not_utf8_is_named_as_such(tmp_path: Path, engine: str) -> None:
    # The header is plain ASCII; the bad byte is in a row (the first block read holds both).
    path = tmp_path / "latin.csv"
    path.write_bytes("respondent_id,q\n1,Yes\n2,Non é\n".encode("latin-1"))
    match = r"(?s)latin\.csv': the file is not UTF-8 text \(byte 0xe9 at offset 28.*iconv"
    with pytest.raises(tt.ReadError, match=match):
        tt.io.scan(path, _demo(), engine=engine)  # type: ignore[arg-type]


# -- several tables from one scan ------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "kind"), [("duckdb", "csv"), ("polars", "csv"), ("duckdb", "parquet")]
)
def test_tables_equal_one_tabulate_per_table(
    survey: tt.Survey, files: dict[str, Path], engine: str, kind: str
) -> None:
    scanned = tt.io.scan(files[kind], survey, engine=engine)  # type: ignore[arg-type]
    banners = [None, "income"]
    book = scanned.tables(QUESTIONS, by=banners)
    assert list(book) == [(q, b) for q in QUESTIONS for b in banners]
    for (question, banner), table in book.items():
        expected = scanned.tabulate(question, by=banner)
        assert table.to_markdown() == expected.to_markdown(), (question, banner)
        pd.testing.assert_frame_equal(table.counts, expected.counts)
        pd.testing.assert_frame_equal(table.excluded, expected.excluded)


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_one_query_per_question_for_every_banner(
    survey: tt.Survey, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    from tracktr import _engine

    counted: list[list[str]] = []
    aggregate = _engine.aggregate

    def spy(data: object, columns: list[str], **options: object) -> object:
        counted.append(list(columns))
        return aggregate(data, columns, **options)  # type: ignore[arg-type]

    scanned = tt.io.scan(files["csv"], survey, engine=engine)  # type: ignore[arg-type]
    monkeypatch.setattr(_engine, "aggregate", spy)
    questions = ["main_funding", "income", "crc_role", "relationships"]
    book = scanned.tables(questions, by=[None, "income", "main_funding"])
    assert len(book) == 12
    assert len(counted) == 4  # not 12
    assert all({"income", "main_funding"} <= set(columns) for columns in counted)


ROUTED = tt.Survey.from_dict(
    {
        "title": "Routed demo",
        "questions": [
            {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]},
            {
                "id": "role",
                "type": "single",
                "text": "Role?",
                "options": ["Tier 2", "Tier 3"],
                "ask_if": {"question": "funded", "in": ["Yes"]},
            },
            {"id": "size", "type": "ordinal", "text": "Size?", "options": ["S", "M", "L"]},
            {
                "id": "help",
                "type": "multi",
                "text": "Help?",
                "form": "indicator",
                "options": [
                    {"code": 1, "label": "Money", "column": "help_money"},
                    {"code": 2, "label": "Advice", "column": "help_advice"},
                ],
            },
        ],
    }
)


@st.composite
def routed_files(draw: st.DrawFn) -> str:
    n = draw(st.integers(min_value=1, max_value=30))
    lines = ["respondent_id,funded,role,size,help_money,help_advice"]
    for i in range(1, n + 1):
        funded = draw(st.sampled_from(["Yes", "No", ""]))
        role = draw(st.sampled_from(["Tier 2", "Tier 3", ""])) if funded == "Yes" else ""
        size = draw(st.sampled_from(["S", "M", "L", ""]))
        ticks = draw(st.sampled_from(["1,0", "0,1", "1,1", "0,0", ","]))
        lines.append(f"{i},{funded},{role},{size},{ticks}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@settings(max_examples=5, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=routed_files())
def test_tables_equal_tabulate_on_random_files(tmp_path: Path, engine: str, text: str) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8")
    scanned = tt.io.scan(path, ROUTED, engine=engine)  # type: ignore[arg-type]
    questions = ["funded", "role", "size", "help"]
    banners = [None, "funded"]
    for (question, banner), table in scanned.tables(questions, by=banners).items():
        expected = scanned.tabulate(question, by=banner)
        assert table.to_markdown() == expected.to_markdown()
        pd.testing.assert_frame_equal(table.counts, expected.counts)
        pd.testing.assert_series_equal(table.bases, expected.bases)
        pd.testing.assert_frame_equal(table.excluded, expected.excluded)


def test_tables_name_a_question_that_does_not_validate(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent_id,funded,role,size,help_money,help_advice\n1,Maybe,,S,1,0\n", encoding="utf-8"
    )
    with pytest.raises(tt.SurveyValidationError, match="question 'funded' does not validate"):
        tt.io.scan(path, ROUTED).tables(["size", "funded"], by=[None, "size"])


def test_an_unknown_question_is_named_with_the_nearest(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("respondent_id,funded,role,size,help_money,help_advice\n1,No,,S,1,0\n")
    scanned = tt.io.scan(path, ROUTED)
    with pytest.raises(
        tt.QuestionNotFoundError, match=r"(?s)No question 'sise'.*did you mean 'size'"
    ):
        scanned.tabulate("sise")
    with pytest.raises(tt.QuestionNotFoundError, match="No question 'sise'"):
        scanned.tables(["size", "sise"], by=[None, "funded"])
    with pytest.raises(tt.QuestionNotFoundError, match=r"\['sise'\] are not in the duckdb frame"):
        scanned.tables(["size"], by=["sise"])


def test_cells_spanning_lines_are_checked_by_pyarrow_when_it_reads_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # polars' line check cannot count the cells of a cell spanning lines: pyarrow checks
    # the records; the csv module is needed only for a file pyarrow refuses.
    pytest.importorskip("pyarrow")
    # The file's shape is checked in tracktr.io._scan_shape (tt.io.scan's helpers).
    scan_module = importlib.import_module("tracktr.io._scan_shape")

    path = tmp_path / "spanning.csv"
    path.write_text('respondent_id,q\n1,"a,\nb"\n2,Yes\n3,No\n', encoding="utf-8")
    expected = tt.tabulate(tt.io.read_csv(path, _demo()), "q", survey=_demo())
    with monkeypatch.context() as patch:
        patch.setattr(scan_module, "_records", None)  # not needed: pyarrow reads it alike
        scanned = tt.io.scan(path, _demo(), engine="polars")
        assert scanned.tabulate("q").to_markdown() == expected.to_markdown()
    path.write_text('respondent_id,q\n1,"a,\nb"\n2,Yes,No\n3,No\n', encoding="utf-8")
    with pytest.raises(tt.ReadError, match="line 4 has 3"):
        tt.io.scan(path, _demo(), engine="polars").tabulate("q")

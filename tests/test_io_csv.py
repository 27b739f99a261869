"""CSV response files read against a codebook, whole and in chunks."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
import tracktr.testing
from tracktr.survey import Survey

SURVEY = tt.surveys.tracktr_2015()
QUESTIONS = ["main_funding", "income", "delivery_regions", "relationships", "crc_role"]


def demo() -> Survey:
    return tt.Survey.from_dict(
        {
            "title": "Demo",
            "questions": [
                {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]},
                {
                    "id": "where",
                    "type": "multi",
                    "text": "Where?",
                    "options": ["Prison", "Community"],
                },
                {"id": "staff", "type": "numeric", "text": "Staff?", "integer": True},
            ],
        }
    )


def write(data: pd.DataFrame, path: Path) -> None:
    """Write responses as a plain CSV file: labels, 1/0 ticks, markers as written."""

    def cell(value: Any) -> Any:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return repr(value) if isinstance(value, float) else value

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(data.columns))
        writer.writerows([[cell(v) for v in row] for row in data.astype(object).to_numpy()])


def test_read_csv_prepares_and_validates(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(
        "respondent_id,size,where_1,where_2,staff\n1,2,1,0,12\n2,Small,,1, 3 \n3,,,,\n",
        encoding="utf-8",
    )
    data = tt.io.read_csv(path, demo())
    assert data["respondent_id"].tolist() == ["1", "2", "3"]  # as written (were 1, 2, 3)
    assert data["size"].tolist() == ["Large", "Small", "<skipped>"]
    assert data["where_1"].tolist() == [1, 0, "<skipped>"]
    assert data["staff"].tolist() == [12, 3, "<skipped>"]


def test_a_file_separated_by_semicolons_is_named_with_sep(tmp_path: Path) -> None:
    # Before: the ragged-row error (or validation failures naming a column
    # 'respondent_id;size'), with no word of the separator.
    path = tmp_path / "responses.csv"
    path.write_text("respondent_id;size;staff\n1;Large;12\n2;Small;3,5\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"(?s)separated by ';', not ','.*pass sep=';'"):
        tt.io.read_csv(path, demo())
    path.write_text(
        "respondent_id;size;where_1;where_2;staff\n1;Large;1;0;12\n2;Small;0;1;3\n",
        encoding="utf-8",
    )
    assert tt.io.read_csv(path, demo(), sep=";")["staff"].tolist() == [12, 3]


def test_read_csv_lists_every_failure(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(
        "respondent_id,size,where_1,where_2,staff,extra\n1,Huge,1,0,x,a\n1,Small,2,0,1,b\n",
        encoding="utf-8",
    )
    with pytest.raises(tt.SurveyValidationError, match=r"responses\.csv.*failures") as caught:
        tt.io.read_csv(path, demo())
    checks = set(caught.value.failures["check"])
    assert {
        "duplicate_id",
        "unknown_value",
        "not_binary",
        "not_numeric",
        "unknown_column",
    } <= checks


def test_chunks_are_bounded_and_ids_unique_across_them(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    rows = "".join(f"{i},{'Small' if i % 3 else 'Large'},1,0,{i}\n" for i in range(1, 26))
    path.write_text("respondent_id,size,where_1,where_2,staff\n" + rows, encoding="utf-8")
    chunks = list(tt.io.read_csv(path, demo(), chunksize=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert pd.concat(chunks)["respondent_id"].tolist() == [str(i) for i in range(1, 26)]
    duplicated = tmp_path / "duplicated.csv"
    duplicated.write_text(
        "respondent_id,size,where_1,where_2,staff\n" + rows + "3,Small,1,0,1\n", encoding="utf-8"
    )
    with pytest.raises(
        tt.ReadError, match=r"respondent id\(s\) \[3\] occur in more than one chunk"
    ):
        list(tt.io.read_csv(duplicated, demo(), chunksize=10))


def test_ids_wait_on_disk_and_leave_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    spill = tmp_path / "spill"
    spill.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill))
    path = tmp_path / "responses.csv"
    # Text ids and a repeat three chunks apart: found after the last chunk.
    rows = "".join(f"R{i},Small,1,0,{i}\n" for i in range(1, 31)) + "R2,Large,0,1,5\n"
    path.write_text("respondent_id,size,where_1,where_2,staff\n" + rows, encoding="utf-8")
    chunks = tt.io.read_csv(path, demo(), chunksize=8)
    first = next(chunks)
    assert len(first) == 8
    assert [p.name[:12] for p in spill.iterdir()] == ["tracktr-ids-"]
    with pytest.raises(tt.ReadError, match=r"respondent id\(s\) \['R2'\] occur in more than"):
        list(chunks)
    assert list(spill.iterdir()) == []  # the partition files are removed
    abandoned = tt.io.read_csv(path, demo(), chunksize=8)
    next(abandoned)
    abandoned.close()  # a reader that stops early removes them too
    assert list(spill.iterdir()) == []


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(
    tt.testing.responses(SURVEY, min_size=1, max_size=30),
    st.integers(1, 12),
)
def test_chunked_counts_equal_the_in_memory_table_exactly(
    tmp_path: Path, data: pd.DataFrame, chunksize: int
) -> None:
    path = tmp_path / "responses.csv"
    write(data, path)
    whole = tt.io.read_csv(path, SURVEY)
    chunked = tt.io.tabulate_csv(path, SURVEY, QUESTIONS, chunksize=chunksize)
    for question in QUESTIONS:
        expected = tt.tabulate(whole, question, survey=SURVEY)
        got = chunked[question]
        pd.testing.assert_frame_equal(got.counts, expected.counts, check_dtype=False)
        pd.testing.assert_series_equal(got.bases, expected.bases, check_dtype=False)
    by = tt.io.tabulate_csv(path, SURVEY, ["income"], chunksize=chunksize, by="main_funding")
    expected = tt.frequencies(whole, "income", survey=SURVEY, by="main_funding")
    pd.testing.assert_frame_equal(
        by["income"].counts.reindex(columns=expected.counts.columns, fill_value=0),
        expected.counts,
        check_dtype=False,
    )


def test_bad_files_and_options(tmp_path: Path) -> None:
    with pytest.raises(tt.ReadError, match="no such file") as caught:
        tt.io.read_csv(tmp_path / "absent.csv", demo())
    assert caught.value.path == str(tmp_path / "absent.csv")
    with pytest.raises(tt.ReadError, match="no such file"):
        tt.io.read_csv(tmp_path / "absent.csv", demo(), chunksize=5)
    sav = tmp_path / "data.sav"
    sav.write_bytes(b"$FL2")
    with pytest.raises(tt.ReadError, match="is not a CSV file"):
        tt.io.read_csv(sav, demo())
    latin = tmp_path / "latin.csv"
    latin.write_bytes("respondent_id,size\n1,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(tt.ReadError, match=r"(?s)latin\.csv.*line 2.*not utf-8-sig text.*cp1252"):
        tt.io.read_csv(latin, demo())
    with pytest.raises(tt.InvalidOptionError, match="`chunksize` must be a positive"):
        tt.io.read_csv(latin, demo(), chunksize=0)
    ok = tmp_path / "ok.csv"
    ok.write_text("respondent_id,size,where_1,where_2,staff\n1,Small,1,0,1\n", encoding="utf-8")
    with pytest.raises(tt.InvalidOptionError, match="not additive"):
        tt.io.tabulate_csv(ok, demo(), ["size"], average=True)
    with pytest.raises(tt.QuestionNotFoundError, match="No question 'sise'"):
        tt.io.tabulate_csv(ok, demo(), ["sise"])


# -- issue 11: one reading path, every cell as text -------------------------------------------

WORDS = ["Yes", "No", "None", "NA", "N/A", "null", "NaN", "#N/A", "Two words"]


def words_survey() -> Survey:
    return tt.Survey.from_dict(
        {
            "title": "Words",
            "questions": [
                {"id": "q", "type": "single", "text": "Q?", "options": WORDS},
                {"id": "m", "type": "multi", "text": "M?", "options": ["A", "B"]},
            ],
        }
    )


def test_none_na_and_null_are_answers_not_blanks(tmp_path: Path) -> None:
    # Issue 11: 7 answers gave n=2, "None", "NA", "N/A" and "null" having been read as blank.
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent_id,q,m_1,m_2\n1,Yes,1,0\n2,None,0,1\n3,NA,1,1\n4,N/A,0,0\n5,null,1,0\n"
        "6,NaN,0,1\n7,#N/A,1,0\n8,,,\n",
        encoding="utf-8",
    )
    data = tt.io.read_csv(path, words_survey())
    table = tt.tabulate(data, "q", survey=words_survey())
    assert table.bases["All"] == 7
    assert table.counts["All"].tolist() == [1, 0, 1, 1, 1, 1, 1, 1, 0]
    assert data["q"].tolist()[-1] == "<skipped>"


def test_a_truncated_last_row_names_the_file_and_line(tmp_path: Path) -> None:
    # Issue 11: a file cut off after a separator read the last respondent as having skipped.
    path = tmp_path / "cut.csv"
    path.write_text("respondent_id,size,where_1,where_2,staff\n1,Small,1,0,3\n2,Large,\n", "utf-8")
    with pytest.raises(tt.ReadError, match=r"(?s)cut\.csv.*header has 5 columns but line 3 has 3"):
        tt.io.read_csv(path, demo())
    path.write_text(
        "respondent_id,size,where_1,where_2,staff\n1,Small,1,0,3\n2,Large,1,0,", "utf-8"
    )
    with pytest.raises(tt.ReadError, match=r"cut\.csv': line 3, the last, ends with a separator"):
        tt.io.read_csv(path, demo())
    # The same row with its line end is a complete row with a blank last answer.
    path.write_text("respondent_id,size,where_1,where_2,staff\n2,Large,1,0,\n", "utf-8")
    assert tt.io.read_csv(path, demo())["staff"].tolist() == ["<skipped>"]


def test_ragged_rows_are_listed_in_chunks_too(tmp_path: Path) -> None:
    rows = "".join(f"{i},Small,1,0,3\n" for i in range(1, 30))
    path = tmp_path / "ragged.csv"
    path.write_text(
        "respondent_id,size,where_1,where_2,staff\n" + rows + "30,Small,1,0,3,extra\n", "utf-8"
    )
    with pytest.raises(tt.ReadError, match="header has 5 columns but line 31 has 6"):
        list(tt.io.read_csv(path, demo(), chunksize=7))
    with pytest.raises(tt.ReadError, match="line 31 has 6"):
        tt.io.tabulate_csv(path, demo(), ["size"], chunksize=7)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"the file is empty \(0 bytes\)"),
        (b"respondent_id,size\x00\x01\x02", "holds NUL bytes: it is binary"),
        (b"PK\x03\x04\x14\x00rest of a workbook", "zip archive"),
        (b"respondent_id,size,size\n1,Small,Large\n", r"repeats the column name\(s\) \['size'\]"),
        (b"respondent_id,,size\n1,x,Small\n", r"no name for column\(s\) \[2\]"),
        (b'respondent_id,size\n1,"Small\n', "line 2 cannot be parsed as CSV"),
        (b"respondent_id,size\n1,Caf\xe9\n", r"(?s)line 2: byte b'\\xe9' is not utf-8-sig.*cp1252"),
    ],
)
def test_hostile_files_are_read_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "hostile.csv"
    path.write_bytes(content)
    with pytest.raises(tt.ReadError, match=message) as caught:
        tt.io.read_csv(path, demo(), allow_extra_columns=True)
    assert caught.value.path == str(path)
    assert "hostile.csv" in str(caught.value)


def test_a_huge_field_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("respondent_id,size\n1," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"line 2 holds a cell longer than 131,072"):
        tt.io.read_csv(path, demo(), allow_extra_columns=True)


def test_a_directory_named_like_a_csv_file(tmp_path: Path) -> None:
    folder = tmp_path / "responses.csv"
    folder.mkdir()
    with pytest.raises(tt.ReadError, match=r"responses\.csv' is a directory"):
        tt.io.read_csv(folder, demo())


def test_bom_crlf_quoted_newlines_and_cp1252(tmp_path: Path) -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "size", "type": "single", "text": "Size?", "options": ["Small", "Café"]},
                {"id": "note", "type": "text", "text": "Note?"},
            ],
        }
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(
        b'\xef\xbb\xbfrespondent_id,size,note\r\n1,Small,"two\r\nlines"\r\n\r\n2,Caf\xc3\xa9,\r\n'
    )
    data = tt.io.read_csv(path, survey)
    assert data["respondent_id"].tolist() == ["1", "2"]
    assert data["note"].tolist() == ["two\r\nlines", "<skipped>"]
    assert data["size"].tolist() == ["Small", "Café"]
    windows = tmp_path / "windows.csv"
    windows.write_bytes("respondent_id,size,note\r\n1,Café,x\r\n".encode("cp1252"))
    assert tt.io.read_csv(windows, survey, encoding="cp1252")["size"].tolist() == ["Café"]


def test_a_header_only_file_has_no_respondents(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("respondent_id,size,where_1,where_2,staff\n", encoding="utf-8")
    assert len(tt.io.read_csv(path, demo())) == 0
    with pytest.raises(tt.ReadError, match="no respondents to tabulate"):
        tt.io.tabulate_csv(path, demo(), ["size"])


def test_compressed_files_are_read_the_same_way(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "answers.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        handle.write("respondent_id,q,m_1,m_2\n1,NA,1,0\n2,null,,\n")
    assert tt.io.read_csv(path, words_survey())["q"].tolist() == ["NA", "null"]


def test_an_excel_file_through_the_cli_reading_path(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from tracktr.io.csvfile import read_responses

    book = openpyxl.Workbook()
    for row in [
        ["respondent_id", "q", "m_1", "m_2", None],
        [1, "None", 1, 0],
        [2, None, None, None],
    ]:
        book.active.append(row)
    path = tmp_path / "answers.xlsx"
    book.save(path)
    data = read_responses(path, words_survey()).data
    assert data["q"].tolist() == ["None", "<skipped>"]
    assert data["m_1"].tolist() == [1, "<skipped>"]
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(tt.ReadError, match=r"empty\.xlsx': the workbook is empty"):
        read_responses(empty, words_survey())
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(tt.ReadError, match=r"corrupt\.xlsx': the workbook is corrupted"):
        read_responses(corrupt, words_survey())


_ANSWERS = st.sampled_from([*WORDS, None])


# Each example writes a file and reads it twice (~0.15 s): 30 examples keep the test near 2 s
# under every profile; the answer space is small (nine words and a blank).
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
@given(
    answers=st.lists(_ANSWERS, min_size=1, max_size=12),
    ticks=st.lists(st.sampled_from([1, 0, None]), min_size=12, max_size=12),
)
def test_a_file_gives_the_same_tables_as_the_data_in_memory(
    tmp_path: Path, answers: list[str | None], ticks: list[int | None]
) -> None:
    # Issue 11: read_csv, the CLI's reading path and the same data in memory agree, whatever
    # the answers ("None", "NA", "null", "N/A", two-word text) and blanks.
    from tracktr.io.csvfile import read_responses

    survey = words_survey()
    n = len(answers)
    memory = pd.DataFrame(
        {
            "respondent_id": list(range(1, n + 1)),
            "q": pd.Series(answers, dtype=object),
            "m_1": pd.Series(ticks[:n], dtype=object),
            "m_2": pd.Series([None if t is None else 1 - t for t in ticks[:n]], dtype=object),
        }
    )
    path = tmp_path / "property.csv"
    memory.to_csv(path, index=False)
    expected = survey.prepare(memory).data
    for data in (tt.io.read_csv(path, survey), read_responses(path, survey).data):
        for question in ("q", "m"):
            mine = tt.tabulate(data, question, survey=survey)
            theirs = tt.tabulate(expected, question, survey=survey)
            pd.testing.assert_frame_equal(mine.counts, theirs.counts)
            pd.testing.assert_series_equal(mine.bases, theirs.bases)


def test_options_and_more_hostile_files(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("respondent_id,size,where_1,where_2,staff\n1,Small,1,0,3\n", encoding="utf-16")
    # UTF-16 text holds NUL bytes but is text when its encoding is given.
    assert tt.io.read_csv(path, demo(), encoding="utf-16")["size"].tolist() == ["Small"]
    with pytest.raises(
        tt.InvalidOptionError, match=r"`sep` \(tracktr: --sep\) must be one character"
    ):
        tt.io.read_csv(path, demo(), sep=";;")
    with pytest.raises(
        tt.InvalidOptionError, match=r"`encoding` \(tracktr: --encoding\) 'latin-9x' is not"
    ):
        tt.io.read_csv(path, demo(), encoding="latin-9x")
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(b"\x1f\x8b\x08 not really gzip")
    with pytest.raises(tt.ReadError, match=r"broken\.csv\.gz': the file cannot be read"):
        tt.io.read_csv(broken, demo())
    blank = tmp_path / "blank.csv"
    blank.write_text("\n\n \n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match="holds no rows, not even a header"):
        tt.io.read_csv(blank, demo())


def test_empty_unnamed_columns_at_the_right_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "excel-saved.csv"
    path.write_text(
        "respondent_id,size,where_1,where_2,staff,,\n1,Small,1,0,3,,\n2,Large,0,1,4,,\n", "utf-8"
    )
    assert tt.io.read_csv(path, demo())["size"].tolist() == ["Small", "Large"]
    path.write_text(
        "respondent_id,size,where_1,where_2,staff,,\n1,Small,1,0,3,,\n2,Large,0,1,4,,oops\n",
        "utf-8",
    )
    with pytest.raises(tt.ReadError, match="line 3 has data in column 7, which has no name"):
        tt.io.read_csv(path, demo())


def test_ids_that_only_look_like_integers_stay_text(tmp_path: Path) -> None:
    # "--5" and "²" passed str.isdigit() after lstrip("-"), then int() raised ValueError.
    path = tmp_path / "responses.csv"
    head = "respondent_id,size,where_1,where_2,staff\n"
    path.write_text(head + "--5,Small,1,0,1\n\u00b2,Large,1,0,1\n7,Small,1,0,1\n", encoding="utf-8")
    assert tt.io.read_csv(path, demo())["respondent_id"].tolist() == ["--5", "\u00b2", "7"]
    plain = tmp_path / "plain.csv"
    plain.write_text(head + "-5,Small,1,0,1\n 12 ,Large,1,0,1\n", encoding="utf-8")
    # Checked as the numbers -5 and 12 (" 12 " beside "12" is one id twice), kept as written.
    assert tt.io.read_csv(plain, demo())["respondent_id"].tolist() == ["-5", " 12 "]

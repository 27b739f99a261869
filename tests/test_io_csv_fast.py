"""The fast CSV path reads, refuses and counts exactly as the csv module path does.

pyarrow parses a file when it reads the same cells as Python's csv module
(tracktr.io._arrow), and chunks of a codebook whose cells are prepared alone are
prepared from their distinct cells (tracktr.io._compact). Each property here runs the
fast path against the plain one (pyarrow hidden, preparation row by row) on random files:
quoted separators, quotes and line breaks, empty cells, a BOM, CRLF, damaged quoting and
ragged rows; the frames, or the error messages, must be the same.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import lzma
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.io import _cells, _compact, _files
from tracktr.io._arrow import CheckedText, plain_quoting
from tracktr.io._cells import read_cells

SIZES = ["Small", "Large, very", 'Say "huge"', "Two\nlines"]
"""Ordinal labels that must be quoted in a CSV file."""

SURVEY = tt.Survey.from_dict(
    {
        "title": "Fast",
        "missing": {"refused": [99]},
        "questions": [
            {"id": "size", "type": "ordinal", "text": "Size?", "options": SIZES},
            {"id": "kind", "type": "single", "text": "Kind?", "options": ["A", "B", "C"]},
            {"id": "staff", "type": "numeric", "text": "Staff?", "integer": True},
            {"id": "note", "type": "text", "text": "Note?"},
        ],
    }
)
ROUTED = tt.Survey.from_dict(
    {
        "title": "Routed",
        "questions": [
            {"id": "kind", "type": "single", "text": "Kind?", "options": ["A", "B", "C"]},
            {
                "id": "size",
                "type": "ordinal",
                "text": "Size?",
                "options": SIZES,
                "ask_if": {"question": "kind", "in": ["A"]},
            },
            {"id": "where", "type": "multi", "text": "Where?", "options": ["In", "Out"]},
        ],
    }
)
FAST_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@contextmanager
def plain_path(*, pyarrow: bool = False, compact: bool = False) -> Iterator[None]:
    """Hide pyarrow (an ImportError, as when it is not installed) and/or the compact path."""
    with pytest.MonkeyPatch.context() as patch:
        if not pyarrow:
            for name in ("pyarrow", "pyarrow.csv", "pyarrow.compute"):
                patch.setitem(sys.modules, name, None)
        if not compact:
            patch.setattr(_compact, "cellwise", lambda survey: False)
        yield


def outcome(work: Any) -> Any:
    """The frames a reader gives, or its error class and message."""
    try:
        return [frame.astype(object) for frame in work()]
    except tt.TracktrError as error:
        return type(error).__name__, str(error)


def same(fast: Any, slow: Any) -> None:
    assert type(fast) is type(slow)
    if isinstance(fast, tuple):
        assert fast == slow
        return
    assert len(fast) == len(slow)
    for got, expected in zip(fast, slow, strict=True):
        pd.testing.assert_frame_equal(got, expected)


CELL_TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\u00e9;1')), max_size=6)


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    """A CSV file written by the csv module, sometimes damaged afterwards."""
    width = draw(st.integers(2, 4))
    rows = draw(st.lists(st.lists(CELL_TEXT, min_size=width, max_size=width), max_size=12))
    header = [f"c{k}" for k in range(width)]
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
    )
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    for _ in range(draw(st.integers(0, 2))):  # damage: a quote, a separator, a line end...
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', ",", "\n", "", " "])) + text[at:]
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff" + data[at:]
    return data


@FAST_SETTINGS
@given(csv_bytes(), st.one_of(st.none(), st.integers(1, 5)))
def test_pyarrow_reads_and_refuses_as_the_csv_module(
    tmp_path: Path, data: bytes, chunksize: int | None
) -> None:
    path = tmp_path / "cells.csv"
    path.write_bytes(data)
    fast = outcome(lambda: read_cells(path, chunksize=chunksize, categorical={"c1"}))
    with plain_path():
        slow = outcome(lambda: read_cells(path, chunksize=chunksize))
    same(fast, slow)


ENCODINGS = ["utf-8-sig", "utf-8", "latin-1", "cp1252", "utf-16"]
COMPRESSIONS = ["", ".gz", ".bz2", ".xz", ".zip"]


def compressed(tmp_path: Path, data: bytes, suffix: str) -> Path:
    """Write `data` as a CSV file, compressed as `suffix` says ("" for none)."""
    path = tmp_path / f"cells.csv{suffix}"
    if suffix == ".zip":
        path = tmp_path / "cells.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("cells.csv", data)
    elif suffix:
        compressors: dict[str, Callable[[bytes], bytes]] = {
            ".gz": gzip.compress,
            ".bz2": bz2.compress,
            ".xz": lzma.compress,
        }
        compress = compressors[suffix]
        path.write_bytes(compress(data))
    else:
        path.write_bytes(data)
    return path


@st.composite
def encoded_csv(draw: st.DrawFn) -> tuple[bytes, str]:
    """A CSV file in an encoding, sometimes damaged in its text or its bytes."""
    encoding = draw(st.sampled_from(ENCODINGS))
    data = draw(csv_bytes())
    if encoding.startswith("utf-8"):
        return data, encoding
    text = data.decode("utf-8-sig", errors="replace")
    raw = text.encode(encoding, errors="replace")  # (a damaged byte becomes "?")
    if draw(st.integers(0, 5)) == 0:  # a byte the codec refuses, or half a UTF-16 unit
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + b"\x81" + raw[at:] if encoding == "cp1252" else raw[:at] + raw[at + 1 :]
    return raw, encoding


@FAST_SETTINGS
@given(encoded_csv(), st.sampled_from(COMPRESSIONS), st.one_of(st.none(), st.integers(1, 5)))
def test_compressed_and_encoded_files_read_and_refuse_as_the_csv_module(
    tmp_path: Path, drawn: tuple[bytes, str], suffix: str, chunksize: int | None
) -> None:
    data, encoding = drawn
    path = compressed(tmp_path, data, suffix)
    fast = outcome(
        lambda: read_cells(path, chunksize=chunksize, encoding=encoding, categorical={"c0"})
    )
    with plain_path():
        slow = outcome(lambda: read_cells(path, chunksize=chunksize, encoding=encoding))
    same(fast, slow)


CLEAN_TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\u00e9;1')), max_size=6)


@FAST_SETTINGS
@given(
    st.lists(st.lists(CLEAN_TEXT, min_size=3, max_size=3), min_size=1, max_size=12),
    st.tuples(st.sampled_from(ENCODINGS), st.sampled_from(COMPRESSIONS), st.booleans()),
)
def test_clean_files_of_any_encoding_and_compression_are_read_by_pyarrow(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[list[str]],
    form: tuple[str, str, bool],
) -> None:
    encoding, suffix, bom = form
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # (quotes a cell holding "\r")
    writer.writerows([["id", "a", "b"], *rows])
    data = buffer.getvalue().encode(encoding)
    if bom and encoding == "utf-8-sig":
        data = codecs.BOM_UTF8 + data
    path = compressed(tmp_path, data, suffix)
    with plain_path():
        slow = outcome(lambda: read_cells(path, chunksize=4, encoding=encoding))
    with monkeypatch.context() as patch:  # the csv module must not be needed
        patch.setattr(_cells, "_python_frames", None)
        fast = outcome(lambda: read_cells(path, chunksize=4, encoding=encoding))
    same(fast, slow)


@settings(max_examples=40, deadline=None)
@given(
    st.binary(max_size=40).map(lambda b: b.replace(b"\x00", b"")),
    st.sampled_from(["utf-8-sig", "latin-1", "utf-16"]),
    st.integers(1, 9),
)
def test_checked_text_gives_the_text_whole_in_blocks_of_any_size(
    data: bytes, encoding: str, size: int
) -> None:
    # Quotes held back between blocks, the codec's state: the blocks join to the text.
    whole = CheckedText(io.BytesIO(data), encoding=encoding, sep=",")
    text = whole.read()
    pieces = CheckedText(io.BytesIO(data), encoding=encoding, sep=",")
    joined = b"".join(iter(lambda: pieces.read(size), b""))
    assert whole.marked == pieces.marked
    if not whole.marked:
        assert joined == text
        # UTF-8 is passed through (pyarrow checks it); other encodings are transcoded.
        expected = data if encoding == "utf-8-sig" else data.decode(encoding).encode("utf-8")
        assert text == expected


ANSWERS = {
    "size": st.sampled_from([*SIZES, "1", "4", "", " Small ", "99", "<skipped>"]),
    "kind": st.sampled_from(["A", "B", "C", "2", "", "99"]),
    "staff": st.sampled_from(["0", "12", " 7 ", "", "99", "3.0"]),
    "note": CELL_TEXT,
}
HOSTILE = {  # cells a validation refuses
    "size": st.sampled_from(["Huge", "5"]),
    "kind": st.sampled_from(["D", "<not asked>"]),
    "staff": st.sampled_from(["many", "-1.5"]),
    "note": CELL_TEXT,
}


@st.composite
def response_file(draw: st.DrawFn, *, repeats: bool = True) -> tuple[pd.DataFrame, bytes]:
    """Responses as text (ids unique, or not), and the CSV file holding them."""
    n = draw(st.integers(1, 12))
    id_kinds = draw(st.sampled_from(["numbers", "text"] + (["repeats"] if repeats else [])))
    if id_kinds == "numbers":
        ids = [
            str(i)
            for i in draw(st.lists(st.integers(-5, 10**6), min_size=n, max_size=n, unique=True))
        ]
    elif id_kinds == "text":
        ids = [f"R{i}" for i in range(n)]
    else:
        ids = draw(
            st.lists(st.sampled_from(["1", "2", "03", "3", " 4", "R5"]), min_size=n, max_size=n)
        )
    hostile = draw(st.integers(0, 4)) == 0
    frame = {"respondent_id": ids}
    for column, cells in ANSWERS.items():
        pool = st.one_of(cells, HOSTILE[column]) if hostile else cells
        frame[column] = draw(st.lists(pool, min_size=n, max_size=n))
    data = pd.DataFrame(frame, dtype=object)
    buffer = io.StringIO()
    # (csv.writer quotes a cell holding "\r" only when "\r" ends its lines.)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(data.columns))
    writer.writerows(data.to_numpy().tolist())
    raw = buffer.getvalue().encode("utf-8")
    return data, (b"\xef\xbb\xbf" + raw if draw(st.booleans()) else raw)


@FAST_SETTINGS
@given(response_file(), st.integers(1, 9))
def test_chunks_prepared_from_distinct_cells_equal_chunks_prepared_whole(
    tmp_path: Path, drawn: tuple[pd.DataFrame, bytes], chunksize: int
) -> None:
    _, data = drawn
    path = tmp_path / "responses.csv"
    path.write_bytes(data)
    fast = outcome(lambda: tt.io.read_csv(path, SURVEY, chunksize=chunksize))
    with plain_path(pyarrow=True):  # pyarrow, but every chunk prepared row by row
        rows = outcome(lambda: tt.io.read_csv(path, SURVEY, chunksize=chunksize))
    with plain_path():
        slow = outcome(lambda: tt.io.read_csv(path, SURVEY, chunksize=chunksize))
    same(fast, rows)
    same(fast, slow)


def tables_or_error(work: Any) -> Any:
    """The counts and bases of each table, or the error's class and message."""
    try:
        tables = work()
    except tt.TracktrError as error:
        return type(error).__name__, str(error)
    return {q: (t.counts.to_dict(), t.bases.to_dict()) for q, t in tables.items()}


@FAST_SETTINGS
@given(
    response_file(),
    st.sampled_from(["utf-8-sig", "latin-1", "cp1252"]),
    st.sampled_from(COMPRESSIONS),
    st.integers(1, 9),
)
def test_tabulate_csv_counts_and_refuses_alike_through_pyarrow_and_the_csv_module(
    tmp_path: Path, drawn: tuple[pd.DataFrame, bytes], encoding: str, suffix: str, chunksize: int
) -> None:
    # Compressed files and other encodings go through pyarrow too: the same tables, and
    # the same errors (a bad value named with its question and respondents, repeated ids).
    _, raw = drawn
    data = raw.decode("utf-8-sig").encode(encoding) if encoding != "utf-8-sig" else raw
    path = compressed(tmp_path, data, suffix)

    def work() -> Any:
        questions = ["size", "kind", "staff"]
        return tt.io.tabulate_csv(path, SURVEY, questions, chunksize=chunksize, encoding=encoding)

    fast = tables_or_error(work)
    with plain_path():
        slow = tables_or_error(work)
    assert fast == slow


def test_a_bad_value_in_a_gzip_latin1_file_is_named_as_in_a_plain_file(tmp_path: Path) -> None:
    rows = "respondent_id,size,kind,staff,note\n1,Small,A,3,caf\u00e9\n2,Huge,B,4,\n"
    path = compressed(tmp_path, rows.encode("latin-1"), ".gz")
    message = r"(?s)cells\.csv\.gz.*unknown_value: question 'size', respondent 2: 'Huge'"
    with pytest.raises(tt.SurveyValidationError, match=message) as fast:
        tt.io.tabulate_csv(path, SURVEY, ["size"], encoding="latin-1")
    with plain_path(), pytest.raises(tt.SurveyValidationError) as slow:
        tt.io.tabulate_csv(path, SURVEY, ["size"], encoding="latin-1")
    assert str(fast.value) == str(slow.value)


@FAST_SETTINGS
@given(response_file(repeats=False), st.integers(1, 9), st.booleans())
def test_chunked_counts_equal_the_whole_frame_in_memory(
    tmp_path: Path, drawn: tuple[pd.DataFrame, bytes], chunksize: int, pyarrow: bool
) -> None:
    data, raw = drawn
    path = tmp_path / "responses.csv"
    path.write_bytes(raw)
    try:
        whole = SURVEY.prepare(data).data
    except tt.SurveyValidationError:
        whole = None
    with plain_path(pyarrow=pyarrow, compact=True):
        try:
            tables = tt.io.tabulate_csv(path, SURVEY, ["size", "kind"], chunksize=chunksize)
        except tt.SurveyValidationError:
            tables = None
    assert (whole is None) == (tables is None)
    if whole is None or tables is None:
        return
    for question, table in tables.items():
        expected = tt.tabulate(whole, question, survey=SURVEY)
        pd.testing.assert_frame_equal(table.counts, expected.counts, check_dtype=False)
        pd.testing.assert_series_equal(table.bases, expected.bases, check_dtype=False)


def test_a_routed_codebook_is_prepared_row_by_row_with_the_same_result(tmp_path: Path) -> None:
    path = tmp_path / "routed.csv"
    rows = "".join(f"{i},{'ABC'[i % 3]},{'Small' if i % 3 == 0 else ''},1,0\n" for i in range(30))
    path.write_text("respondent_id,kind,size,where_1,where_2\n" + rows, encoding="utf-8")
    assert not _compact.cellwise(ROUTED)
    fast = outcome(lambda: tt.io.read_csv(path, ROUTED, chunksize=7))
    with plain_path():
        slow = outcome(lambda: tt.io.read_csv(path, ROUTED, chunksize=7))
    same(fast, slow)
    assert pd.concat(fast)["size"].tolist()[:3] == ["Small", "<not asked>", "<not asked>"]


@pytest.mark.parametrize("pyarrow", [True, False])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'id,a\n1,"ab"c\n', r"line 2 cannot be parsed as CSV \(',' expected after '\"'\)"),
        (b'id,a\n1,"abc\n2,x\n', r"line 2 cannot be parsed as CSV \(unexpected end of data\)"),
        (b"id,a\n1,x\n2\n3,y,z\n", r"the header has 2 columns but line 3 has 1\. A row"),
        (b"id,a\n1,x\n2,\xff\n", r"line 3: byte b'\\xff' is not utf-8-sig text"),
        (b'id,a\n1, "x,y"\n', r"line 2 has 3"),
    ],
)
def test_damaged_files_get_the_csv_module_message_with_or_without_pyarrow(
    tmp_path: Path, content: bytes, message: str, pyarrow: bool
) -> None:
    path = tmp_path / "damaged.csv"
    path.write_bytes(content)
    with plain_path(pyarrow=pyarrow, compact=True), pytest.raises(tt.ReadError, match=message):
        list(read_cells(path, chunksize=1))


def test_blank_lines_are_skipped_and_a_huge_cell_refused_with_pyarrow(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_bytes(b"id,a\n\n1,x\n\n\n2,\n")
    frames = list(read_cells(path, chunksize=1))
    assert [f.to_numpy().tolist() for f in frames] == [[["1", "x"]], [["2", ""]]]
    # A line of spaces is a row of one cell, refused as the engines' scans refuse it
    # (it was skipped like an empty line).
    path.write_bytes(b"id,a\n\n1,x\n  \n\n2,\n")
    with pytest.raises(tt.ReadError, match="the header has 2 columns but line 4 has 1"):
        list(read_cells(path, chunksize=1))
    huge = tmp_path / "huge.csv"
    huge.write_text(f'id,a\n1,"{"x" * (csv.field_size_limit() + 1)}"\n', encoding="utf-8")
    with pytest.raises(tt.ReadError, match="holds a cell longer than"):
        list(read_cells(huge))


@pytest.mark.parametrize(
    ("content", "plain"),
    [
        (b"id,a\n1,x\n", True),
        (b'id,a\n1,"x, ""y"" z"\n2,""\n', True),
        (b'"id","a"\r\n"1","line\r\nbreak"\r\n', True),
        (b'id,a\n1,"ab"c\n', False),  # text after a closing quote
        (b'id,a\n1,"abc\n', False),  # never closed
        (b'id,a\n1,ab"c\n', False),  # a lone quote inside text: left to the csv module
        (b'id,a\n1,"a,"b\n', False),  # closes early, then text
        (b'id,a\n1,"x" \n', False),  # a space after the closing quote
    ],
)
def test_quotes_out_of_place_send_the_file_to_the_csv_module(
    tmp_path: Path, content: bytes, plain: bool
) -> None:
    path = tmp_path / "quotes.csv"
    path.write_bytes(content)
    assert plain_quoting(path, ",") is plain


def test_a_run_of_quotes_is_never_cut_between_two_scanned_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracktr.io import _arrow

    monkeypatch.setattr(_arrow, "_SCAN_BYTES", 8)
    path = tmp_path / "quotes.csv"
    path.write_bytes(b'id,a\n1,"x ""y"" z"\n2,"""q"""\n3,""\n')
    assert plain_quoting(path, ",")
    path.write_bytes(b'id,a\n1,"x ""y"" z"\n2,"""q""" \n')
    assert not plain_quoting(path, ",")


# -- "03" and "3": one respondent when every id of the file is a whole number ------------

HEAD = "respondent_id,kind\n"
KIND = tt.Survey.from_dict(
    {
        "title": "Kind",
        "questions": [{"id": "kind", "type": "single", "text": "Kind?", "options": ["A", "B"]}],
    }
)


def ids_file(tmp_path: Path, ids: list[str]) -> Path:
    path = tmp_path / "ids.csv"
    path.write_text(HEAD + "".join(f"{i},A\n" for i in ids), encoding="utf-8")
    return path


@pytest.mark.parametrize("pyarrow", [True, False])
def test_03_and_3_are_one_respondent_when_every_id_is_a_number(
    tmp_path: Path, pyarrow: bool
) -> None:
    with plain_path(pyarrow=pyarrow, compact=True):
        path = ids_file(tmp_path, ["1", "03", "2", "3"])
        with pytest.raises(tt.SurveyValidationError, match="duplicate_id"):
            tt.io.read_csv(path, KIND)
        for chunksize in (2, 4):  # in two chunks, and in one
            with pytest.raises(tt.ReadError, match=r"respondent id\(s\) \[3\] occur"):
                list(tt.io.read_csv(path, KIND, chunksize=chunksize))
        spaced = ids_file(tmp_path, ["1", " 3", "2", "3"])
        with pytest.raises(tt.ReadError, match=r"respondent id\(s\) \[3\] occur"):
            tt.io.tabulate_csv(spaced, KIND, ["kind"], chunksize=2)


@pytest.mark.parametrize("pyarrow", [True, False])
def test_03_and_3_are_two_respondents_when_an_id_is_text(tmp_path: Path, pyarrow: bool) -> None:
    with plain_path(pyarrow=pyarrow, compact=True):
        path = ids_file(tmp_path, ["1", "03", "3", "R4"])
        assert tt.io.read_csv(path, KIND)["respondent_id"].tolist() == ["1", "03", "3", "R4"]
        for chunksize in (1, 2, 3):
            chunks = list(tt.io.read_csv(path, KIND, chunksize=chunksize))
            assert sum(len(c) for c in chunks) == 4
        repeated = ids_file(tmp_path, ["1", "03", "R4", "03", "1"])
        with pytest.raises(tt.ReadError, match=r"respondent id\(s\) \['03', 1\] occur"):
            list(tt.io.read_csv(repeated, KIND, chunksize=2))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.sampled_from(["1", "01", " 1", "2", "-0", "0", "R", "r1", "9" * 20]), max_size=8),
    st.integers(1, 4),
)
def test_chunked_reading_finds_a_repeated_id_exactly_when_reading_whole_does(
    tmp_path: Path, ids: list[str], chunksize: int
) -> None:
    path = ids_file(tmp_path, ids)
    try:
        tt.io.read_csv(path, KIND)
        checks = set()
    except tt.SurveyValidationError as error:
        checks = set(error.failures["check"])
    whole = bool(checks)
    assert checks <= {"duplicate_id"}
    try:
        list(tt.io.read_csv(path, KIND, chunksize=chunksize))
        chunked = False
    except (tt.SurveyValidationError, tt.ReadError):
        chunked = True
    assert chunked == whole


def test_a_chunk_with_the_same_texts_in_another_order_reuses_them_rightly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The second chunk holds the first chunk's texts in the other order: its rows must
    # take the prepared cells of their own texts, not of the first chunk's positions.
    path = tmp_path / "order.csv"
    rows = ["1,Small,A,3,x", "2,2,B,,y", "3,2,B,,y", "4,Small,A,3,x", "5,Small,B,3,y"]
    path.write_text("respondent_id,size,kind,staff,note\n" + "\n".join(rows) + "\n", "utf-8")
    calls: list[int] = []
    prepare = _files.prepare_file  # what _compact calls

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(len(args[1]))
        return prepare(*args, **kwargs)

    monkeypatch.setattr(_compact, "prepare_file", counted)
    fast = outcome(lambda: tt.io.read_csv(path, SURVEY, chunksize=2))
    assert len(calls) == 2  # chunks 1 and 3; chunk 2 reused chunk 1's prepared texts
    with plain_path():
        slow = outcome(lambda: tt.io.read_csv(path, SURVEY, chunksize=2))
    same(fast, slow)
    large = "Large, very"
    assert pd.concat(fast)["size"].tolist() == ["Small", large, large, "Small", "Small"]


@pytest.mark.parametrize("arrow", [True, False])
def test_minus_zero_is_a_whole_number_but_not_its_plain_text(arrow: bool) -> None:
    # pyarrow's pattern once took "-0" as plain: "-0" and "0" were one id in chunks
    # while reading whole kept them apart (hypothesis found ['-0', '0', 'R']).
    from tracktr.io._seen import whole_numbers

    pa = pytest.importorskip("pyarrow")
    texts = pd.Series(["-0", "0", "-7"], dtype=object)
    ids = texts.astype(pd.ArrowDtype(pa.string())) if arrow else texts
    found = whole_numbers(ids)
    assert found is not None
    assert found.values.tolist() == [0, 0, -7]
    assert found.plain.tolist() == [False, True, True]


@pytest.mark.parametrize(
    "damage", ['"ab"c', '"never closed', "x,y", "caf\udce9"], ids=["text", "open", "ragged", "byte"]
)
def test_damage_after_chunks_already_given_is_read_by_the_csv_module_from_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    # Small blocks: pyarrow has given chunks when the damage near the end is read; the
    # csv module reads on from the first row not given, and names the line alike.
    from tracktr.io import _arrow

    monkeypatch.setattr(_arrow, "_BLOCK_BYTES", 64)
    lines = [f'{i},"cell {i}, quoted"' for i in range(200)]
    lines[190] = f"190,{damage}"
    path = tmp_path / "late.csv"
    path.write_bytes(("id,a\n" + "\n".join(lines) + "\n").encode("utf-8", "surrogateescape"))
    fast = outcome(lambda: read_cells(path, chunksize=7, categorical={"a"}))
    with plain_path():
        slow = outcome(lambda: read_cells(path, chunksize=7))
    same(fast, slow)

"""UTF-8 text read with a one-byte encoding (cp1252, latin-1) is refused, not garbled.

A one-byte encoding decodes every byte, so before, a UTF-8 export read with
``encoding="cp1252"`` (``--encoding cp1252``) raised nothing: "£5 café" became
"Â£5 cafÃ©" in every open answer, and a label with an accent no longer matched its option
(or, worse, matched nothing only in some rows). A byte-order mark turned the first column
into "ï»¿respondent_id", reported as a missing id column.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.cli import main

NOTE = tt.Survey.from_dict(
    {
        "title": "Note",
        "questions": [
            {"id": "size", "type": "single", "text": "Size?", "options": ["Small", "Café"]},
            {"id": "note", "type": "text", "text": "Note?"},
        ],
    }
)
UTF8 = "respondent_id,size,note\n1,Small,costs £5\n2,Café,x\n"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "iso-8859-15"])
def test_utf8_text_given_a_one_byte_encoding_is_refused_naming_both_readings(
    tmp_path: Path, encoding: str
) -> None:
    # Old: note read as ['costs Â£5', 'x'] and size 'CafÃ©' refused as an unknown value.
    path = tmp_path / "export.csv"
    path.write_text(UTF8, encoding="utf-8")
    pattern = (
        rf"(?s)export\.csv'?: the file is UTF-8 text, not {encoding}: line 2 reads "
        r"'1,Small,costs £5' as UTF-8 but '1,Small,costs Â£5' as .*Hint: pass "
        r"encoding='utf-8-sig'"
    )
    with pytest.raises(tt.ReadError, match=pattern):
        tt.io.read_csv(path, NOTE, encoding=encoding)
    with pytest.raises(tt.ReadError, match=pattern):
        list(tt.io.read_csv(path, NOTE, encoding=encoding, chunksize=1))


def test_a_byte_order_mark_read_as_cp1252_is_refused(tmp_path: Path) -> None:
    # Old: "missing_column: question 'respondent_id'" beside "unknown column 'ï»¿respondent_id'".
    path = tmp_path / "export.csv"
    path.write_text("respondent_id,size,note\n1,Small,x\n", encoding="utf-8-sig")
    with pytest.raises(tt.ReadError, match=r"starts with UTF-8's byte-order mark.*'ï»¿respondent"):
        tt.io.read_csv(path, NOTE, encoding="cp1252")


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "utf_8"])
def test_a_byte_order_mark_read_as_plain_utf8_is_refused(tmp_path: Path, encoding: str) -> None:
    # Old: "missing_column 'respondent_id'" beside "unknown column '\ufeffrespondent_id'".
    path = tmp_path / "export.csv"
    path.write_text("respondent_id,size,note\n1,Small,x\n", encoding="utf-8-sig")
    pattern = r"byte-order mark, which encoding=.* reads as part of the first column's name"
    with pytest.raises(tt.ReadError, match=pattern):
        tt.io.read_csv(path, NOTE, encoding=encoding)
    assert tt.io.read_csv(path, NOTE)["note"].tolist() == ["x"]  # the default reads it


def test_the_command_line_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "export.csv"
    path.write_text(UTF8, encoding="utf-8")
    book = tmp_path / "note.toml"
    NOTE.to_toml(book)
    assert main(["validate", str(path), str(book), "--encoding", "cp1252"]) == 2
    assert "the file is UTF-8 text, not cp1252" in capsys.readouterr().err


def test_cp1252_text_still_reads_with_its_encoding(tmp_path: Path) -> None:
    # Unchanged, a guard: a real cp1252 file ("é" one byte) is read as it is written.
    path = tmp_path / "windows.csv"
    path.write_bytes(UTF8.encode("cp1252"))
    data = tt.io.read_csv(path, NOTE, encoding="cp1252")
    assert data["note"].tolist() == ["costs £5", "x"]
    assert data["size"].tolist() == ["Small", "Café"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abc £éèàçœ€‘’“”–ÀÉ", min_size=1, max_size=12).filter(str.strip))
def test_one_byte_text_is_never_taken_for_utf8(note: str) -> None:
    # Property: text written in cp1252 with at least one non-ASCII character is read as
    # written (it is not well-formed UTF-8, as real cp1252 text almost never is). A note of
    # spaces alone is a blank cell, read as skipped by design, so it is not drawn.
    import tempfile

    folder = Path(tempfile.mkdtemp())
    path = folder / "windows.csv"
    path.write_bytes(f"respondent_id,size,note\n1,Small,{note}\n".encode("cp1252"))
    written = note.encode("cp1252")
    try:
        written.decode("utf-8")
    except UnicodeDecodeError:
        also_utf8 = False
    else:
        also_utf8 = not written.isascii()
    if also_utf8:  # a text that is UTF-8 too ("Ã©"): refused, naming both readings
        with pytest.raises(tt.ReadError, match="UTF-8 text, not cp1252"):
            tt.io.read_csv(path, NOTE, encoding="cp1252")
    else:
        assert tt.io.read_csv(path, NOTE, encoding="cp1252")["note"].tolist() == [note]

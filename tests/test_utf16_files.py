"""A UTF-16 (or UTF-32) file is named as such, with the `encoding=` that reads it.

Before: a figures file saved as UTF-16 (Excel's "Unicode Text", Windows tools) given to
``tracktr check`` got "byte b'\\xff' is not utf-8-sig text ... a file saved by Excel on
Windows is usually cp1252: pass encoding='cp1252'", which reads it as garbage; UTF-16
without a byte-order mark was parsed (a NUL is valid UTF-8) into rows of '\\x00' and
called cut off; a response file got "binary, or UTF-16 text".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tracktr as tt
from tracktr.cli import main
from tracktr.io._cells import wide_encoding

FIGURES = "id,kind,value,base\ng1,percent,50,10\n"


@pytest.mark.parametrize(
    ("codec", "named", "mark"),
    [
        ("utf-16", "utf-16", True),
        ("utf-16-le", "utf-16-le", False),
        ("utf-16-be", "utf-16-be", False),
        ("utf-32", "utf-32", True),
    ],
)
def test_checker_names_a_wide_figures_file_and_its_encoding_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str, named: str, mark: bool
) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes(FIGURES.encode(codec))
    said = f"the file is {named.upper()} text" + (
        " (it starts with a byte-order mark)" if mark else ""
    )
    with pytest.raises(
        tt.ReadError, match=rf"{re.escape(said)}, not utf-8-sig(?s:.*)encoding='{named}'"
    ):
        tt.check.report(path)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"--encoding {named}" in err
    assert "cp1252" not in err
    # The hint works.
    assert main(["check", str(path), "--encoding", named]) == 0
    assert capsys.readouterr().out == "Findings of figures.csv: No findings.\n"
    found = tt.check.report(path, encoding=named, include_consistent=True)
    assert [(f.figure, f.verdict) for f in found] == [("g1", "consistent")]


def test_a_cp1252_file_still_gets_the_cp1252_hint(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes("id,kind,value,base,source\ng1,percent,50,10,caf\u00e9\n".encode("cp1252"))
    with pytest.raises(tt.ReadError, match="usually cp1252"):
        tt.check.report(path)


def test_a_utf16_response_file_is_named(tmp_path: Path) -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}],
        }
    )
    path = tmp_path / "answers.csv"
    for codec, named in (("utf-16", "utf-16"), ("utf-16-le", "utf-16-le")):
        path.write_bytes("respondent_id,q\n1,Yes\n2,No\n".encode(codec))
        with pytest.raises(tt.ReadError, match=rf"{named.upper()} text(?s:.*)encoding='{named}'"):
            tt.io.read_csv(path, survey)
        assert tt.io.read_csv(path, survey, encoding=named)["q"].tolist() == ["Yes", "No"]


def test_wide_encoding_reads_marks_and_nul_patterns() -> None:
    assert wide_encoding("ab".encode("utf-32-le")[:0] + "\ufeffab".encode("utf-32-le")) == "utf-32"
    assert wide_encoding(b"\xff\xfe" + "id".encode("utf-16-le")) == "utf-16"
    assert wide_encoding("id,kind".encode("utf-16-le")) == "utf-16-le"
    assert wide_encoding(b"id,kind") is None
    assert wide_encoding(b"\x00\x01\x02\x03binary") is None  # NULs, but not every other byte

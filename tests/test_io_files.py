"""Every writer goes through one atomic path: permissions, symlinks, failures, bad targets."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr._atomic import atomic_path, atomic_write_text


def table() -> tt.Table:
    return tt.Table(counts=pd.DataFrame({"All": [3, 5]}), bases=pd.Series({"All": 8}), question="q")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    # Issue 11: replaced files became 0600, the mode of a fresh temporary file.
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    tt.io.write_report([table()], target)
    assert mode(target) == 0o640
    assert "<table" in target.read_text(encoding="utf-8")


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        tt.io.write_report([table()], tmp_path / "new.md")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.md") == 0o640


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    tt.io.write_report([table()], link)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("# Tables")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]


def test_to_toml_keeps_the_old_codebook_on_an_encoding_error(tmp_path: Path) -> None:
    # Issue 11: an encoding error emptied the existing codebook.
    path = tmp_path / "codebook.toml"
    good = tt.Survey.from_dict(
        {"title": "Good", "questions": [{"id": "q", "type": "text", "text": "Q?"}]}
    )
    good.to_toml(path)
    before = path.read_bytes()
    bad = tt.Survey.from_dict(
        {"title": "Bad \udc80", "questions": [{"id": "q", "type": "text", "text": "Q?"}]}
    )
    with pytest.raises(tt.WriteError, match=r"codebook\.toml': cannot be written as utf-8.*line 1"):
        bad.to_toml(path)
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]
    assert tt.Survey.from_toml(path) == good


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(tt.WriteError, match=r"report\.md' is read-only") as caught:
        tt.io.write_report([table()], target)
    assert isinstance(caught.value, OSError)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert list(tmp_path.iterdir()) == [target]


def test_a_directory_named_like_a_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "tables.xlsx"
    folder.mkdir()
    with pytest.raises(tt.WriteError, match=r"tables\.xlsx' is a directory"):
        tt.io.write_workbook([table()], folder)
    assert list(folder.iterdir()) == []


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(tt.WriteError, match="does not exist"):
        atomic_write_text(tmp_path / "absent" / "x.md", "text")


def _interrupted(target: Path) -> None:
    with atomic_path(target) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt


def _disk_full(target: Path) -> None:
    with atomic_path(target):
        raise OSError(28, "No space left on device")


def test_no_temporary_file_is_left_on_any_error(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    with pytest.raises(KeyboardInterrupt):
        _interrupted(target)
    with pytest.raises(tt.WriteError, match=r"could not be written \(No space left on device\)"):
        _disk_full(target)
    assert list(tmp_path.iterdir()) == []


def test_write_spss_to_a_read_only_file(tmp_path: Path) -> None:
    pytest.importorskip("pyreadstat")
    survey = tt.Survey.from_dict(
        {"title": "T", "questions": [{"id": "q", "type": "text", "text": "Q?"}]}
    )
    target = tmp_path / "out.sav"
    target.write_bytes(b"old")
    target.chmod(0o400)
    data = pd.DataFrame({"respondent_id": [1], "q": ["x"]})
    with pytest.raises(tt.WriteError, match="read-only"):
        tt.io.write_spss(data, target, survey=survey)
    assert target.read_bytes() == b"old"


def test_reading_a_codebook_names_the_file_and_the_fix(tmp_path: Path) -> None:
    folder = tmp_path / "codebook.toml"
    folder.mkdir()
    with pytest.raises(tt.CodebookError, match=r"codebook\.toml is a directory, not a codebook"):
        tt.Survey.from_toml(folder)
    ansi = tmp_path / "ansi.toml"
    ansi.write_bytes(
        'title = "Members"\n[[questions]]\nid = "q"\ntext = "Café?"\n'.encode("cp1252")
    )
    with pytest.raises(
        tt.CodebookError,
        match=r"(?s)ansi\.toml: the codebook is not UTF-8 text \(byte 0xe9 on "
        r"line 4\).*re-save it as UTF-8",
    ):
        tt.Survey.from_toml(ansi)
    bom = tmp_path / "bom.toml"
    bom.write_bytes(
        b'\xef\xbb\xbftitle = "Members"\n[[questions]]\nid = "q"\ntype = "text"\ntext = "Q?"\n'
    )
    assert tt.Survey.from_toml(bom).title == "Members"

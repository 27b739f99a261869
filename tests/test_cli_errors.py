"""What ``tracktr`` says when the system fails it, and when tracktr itself fails.

An error from the operating system is one line naming the file (standard output
included) and exit code 2; a reader that goes away (``| head``) stops the command
quietly; anything else is a bug in tracktr: its traceback, a line saying so, and exit
code 70.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import tracktr as tt
from tracktr import cli
from tracktr.cli import main

SRC = str(Path(tt.__file__).resolve().parents[1])
RUN = [sys.executable, "-m", "tracktr.cli"]
ENV = {**os.environ, "PYTHONPATH": SRC}


def _codebook_and_data(tmp_path: Path) -> tuple[Path, Path]:
    book = tmp_path / "c.toml"
    tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}],
        }
    ).to_toml(book)
    data = tmp_path / "answers.csv"
    data.write_text("respondent_id,q\n1,Yes\n2,No\n", encoding="utf-8")
    return book, data


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a full disk)")
def test_a_full_standard_output_is_one_line_naming_it() -> None:
    # Before: "tracktr: error: No space left on device", naming no file.
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [*RUN, "reproduce"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "tracktr: error: standard output: No space left on device\n"


def test_a_reader_that_goes_away_stops_the_command_quietly() -> None:
    # The HTML report (1.6 MB) cannot fit in a pipe's buffer: the command is still
    # writing when the reader goes.
    with subprocess.Popen(
        [*RUN, "reproduce", "--format", "html"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # as `head -1` does
        err = process.stderr.read().decode()
        code = process.wait()
    assert code == 1
    assert "Traceback" not in err
    assert err == ""


def test_a_pipe_or_device_as_the_output_is_refused_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: the book was written into a temporary file and renamed over the pipe (run
    # as root, a link to /dev/full replaced the device with a regular file).
    book, data = _codebook_and_data(tmp_path)
    fifo = tmp_path / "book.md"
    os.mkfifo(fifo)
    link = tmp_path / "link.md"
    link.symlink_to(fifo)
    for out in (fifo, link):
        assert main(["tabbook", str(book), str(data), "--banner", "q", "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"tracktr: error: {str(out)!r} is not a regular file (a device, pipe")
        assert err.count("\n") == 1
        assert fifo.is_fifo()


def test_a_folder_where_a_file_is_expected_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book, data = _codebook_and_data(tmp_path)
    folder = tmp_path / "out.md"
    folder.mkdir()
    assert main(["tabbook", str(book), str(data), "--banner", "q", "-o", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tracktr: error: {str(folder)!r} is a directory")
    assert err.count("\n") == 1
    assert main(["tabbook", str(book), str(tmp_path), "--banner", "q", "-o", "x.md"]) == 2
    assert "is a directory, not a CSV or Excel file" in capsys.readouterr().err


def test_an_error_reading_a_file_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Permission denied cannot be made for root by chmod: the reader is made to meet it.
    book, data = _codebook_and_data(tmp_path)

    def denied(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(data))

    monkeypatch.setattr(cli, "_cmd_validate", denied)
    assert main(["validate", str(data), str(book)]) == 2
    assert capsys.readouterr().err == f"tracktr: error: {data}: Permission denied\n"


def test_an_unexpected_error_is_reported_as_a_bug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: the traceback escaped main() with nothing saying whose fault it was.
    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("an internal slip")

    monkeypatch.setattr(tt.check, "percent", broken)
    assert main(["check", "67", "87"]) == cli.BUG_EXIT == 70
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert "RuntimeError: an internal slip" in err
    assert (
        err.rstrip()
        .splitlines()[-1]
        .startswith(
            "tracktr: internal error: this is a bug in tracktr, not a problem with your files. "
            "Please report it"
        )
    )

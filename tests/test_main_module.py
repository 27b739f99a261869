"""``python -m tracktr`` runs the command: before, "No module named tracktr.__main__"."""

from __future__ import annotations

import subprocess
import sys


def test_python_m_tracktr_runs_the_command() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tracktr", "check", "67", "87"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("PercentCheck(")


def test_python_m_tracktr_passes_on_the_exit_code() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tracktr", "tabulate", "no-such-file.csv", "q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("tracktr: error: ")

"""``python -m tracktr`` runs the command: before, "No module named tracktr.__main__"."""

from __future__ import annotations

import subprocess
import sys


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tracktr", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_python_m_tracktr_runs_the_command() -> None:
    run = _run("check", "67", "87")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("PercentCheck(")


def test_python_m_tracktr_passes_on_the_exit_code() -> None:
    run = _run("tabulate", "no-such-file.csv", "q")
    assert run.returncode == 2
    assert run.stderr.startswith("tracktr: error: ")


def test_importing_the_module_does_not_run_the_command() -> None:
    # pytest --doctest-modules src/tracktr/__main__.py, pydoc or an API documenter import
    # it: the command ran with their arguments and its SystemExit ended them.
    command = [sys.executable, "-c", "import tracktr.__main__; print('imported')"]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout, run.stderr) == (0, "imported\n", "")

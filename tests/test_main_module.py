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


# The command as a process (its script, python -m tracktr, python -m tracktr.cli) ran
# main() and exited: Python's collections at exit walked every object still alive (after
# pandas, about 0.1 s of a 0.5 s `tracktr reproduce`). It now freezes them after main().
_FROZEN_AT_EXIT = """
import gc, runpy, sys
calls = []
gc.freeze = lambda: calls.append("freeze")
sys.argv = ["tracktr", "check", "67", "87"]
try:
    runpy.run_module(sys.argv.pop(), run_name="__main__", alter_sys=True)
except SystemExit as done:
    print(calls, done.code, file=sys.stderr)
"""


def test_python_m_tracktr_freezes_the_collector_after_the_command() -> None:
    for module in ("tracktr", "tracktr.cli"):
        code = _FROZEN_AT_EXIT.replace("sys.argv.pop()", repr(module))
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert run.stdout.startswith("PercentCheck("), (module, run.stderr)
        assert run.stderr.strip() == "['freeze'] 0", module


def test_the_script_freezes_the_collector_and_main_does_not() -> None:
    import gc
    import tomllib
    from pathlib import Path
    from unittest import mock

    from tracktr import cli

    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    scripts = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"tracktr": "tracktr.cli:_process_main"}
    with (
        mock.patch.object(sys, "argv", ["tracktr", "check", "67", "87"]),
        mock.patch.object(gc, "freeze") as freeze,
        mock.patch.object(cli, "main", wraps=cli.main) as main,
    ):
        assert cli._process_main() == 0
        assert main.call_count == 1
        assert freeze.call_count == 1
        # main() alone, as tests and scripts call it in a process that goes on: no freeze.
        assert cli.main(["check", "67", "87"]) == 0
        assert freeze.call_count == 1

"""Every install hint names the same command, one that installs this tracktr.

tracktr is installed from a clone (README.md, getting-started.rst); it is not on PyPI.
A hint ``pip install "tracktr[plot]"`` asks PyPI for a package of that name, which need
not be this one, and contradicts the getting-started page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import tracktr as tt

ROOT = Path(__file__).resolve().parent.parent
PYPI_HINT = re.compile(r'pip install "?tracktr\[')


def test_no_hint_asks_pypi_for_tracktr() -> None:
    # Before: charts.rst, platform-to-table.rst and every MissingDependencyError said
    # pip install "tracktr[plot]"; getting-started.rst said pip install ".[plot]".
    files = [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("docs").rglob("*.rst")]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*files, ROOT / "README.md"]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PYPI_HINT.search(line)
    ]
    assert found == []


def test_a_missing_extra_names_the_clones_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracktr.exceptions import install_hint
    from tracktr.io._files import require

    assert install_hint("excel") == 'pip install ".[excel]" in a clone of tracktr (not on PyPI yet)'
    monkeypatch.setitem(sys.modules, "pyreadstat", None)  # import pyreadstat now fails
    with pytest.raises(tt.MissingDependencyError, match=r'pip install "\.\[spss\]" in a clone'):
        require("pyreadstat", "Reading SPSS files")

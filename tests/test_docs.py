"""The public API is documented: every exported name is in the API reference with an example."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import tracktr as tt

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "reference"
PUBLIC = sorted(name for name in tt.__all__ if not name.startswith("_"))


def reference_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(REFERENCE.glob("*.rst")))


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_is_in_the_api_reference(name: str) -> None:
    assert re.search(rf"(^|[\s.`~]){re.escape(name)}(\b|$)", reference_text(), re.M), (
        f"tt.{name} is exported but missing from docs/reference/*.rst"
    )


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_has_a_runnable_example(name: str) -> None:
    obj = getattr(tt, name)
    if isinstance(obj, str):  # __version__
        return
    doc = inspect.getdoc(obj) or ""
    assert doc, f"tt.{name} has no docstring"
    assert "Examples" in doc or inspect.ismodule(obj), f"tt.{name} has no Examples section"
    assert ">>>" in doc, f"tt.{name} has no example to run"

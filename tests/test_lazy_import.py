"""``import tracktr`` loads the counting core; every other public name loads on first use."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest

import tracktr as tt

# Loaded on first use only: none of them is needed to count and render a table.
LAZY_MODULES = (
    "tracktr.check",
    "tracktr.compare",
    "tracktr.datasets",
    "tracktr.design",
    "tracktr.disclosure",
    "tracktr.io",
    "tracktr.plot",
    "tracktr.recode",
    "tracktr.reference",
    "tracktr.reproduce",
    "tracktr.summarise",
    "tracktr.survey",
    "tracktr.surveys",
    "tracktr.tabbook",
    "tracktr.waves",
    "tracktr.weights",
)


def test_import_tracktr_leaves_the_other_modules_for_later() -> None:
    code = (
        "import sys, tracktr;"
        f"print(sorted(m for m in {LAZY_MODULES!r} if m in sys.modules));"
        "heavy = ('scipy', 'pandera', 'matplotlib', 'polars', 'duckdb', 'openpyxl');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "[]"]


def test_every_public_name_resolves_and_dir_lists_exactly_them() -> None:
    for name in tt.__all__:
        assert getattr(tt, name) is not None, name
    assert dir(tt) == sorted(tt.__all__)
    assert isinstance(tt.io, types.ModuleType)
    assert tt.Survey is importlib.import_module("tracktr.survey").Survey


@pytest.mark.parametrize("name", ["tabulate", "reproduce", "summarise", "tabbook"])
def test_a_function_named_like_its_module_stays_the_function(name: str) -> None:
    importlib.import_module(f"tracktr.{name}")  # importing the module again changes nothing
    assert callable(getattr(tt, name))
    assert not isinstance(getattr(tt, name), types.ModuleType)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'tracktr' has no attribute 'Tabel'"):
        _ = tt.Tabel


@pytest.mark.parametrize("name", ["reproduce", "summarise", "tabbook"])
def test_a_lazy_function_stays_the_function_whichever_is_imported_first(name: str) -> None:
    # In a fresh process: the module imported before the package's name is ever read.
    code = (
        f"import tracktr.{name}, types, tracktr as tt;"
        f"print(callable(tt.{name}), isinstance(tt.{name}, types.ModuleType),"
        f" tt.{name}.__module__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False", f"tracktr.{name}"]


def test_import_tracktr_a_small_table_and_reproduce_leave_numba_unloaded() -> None:
    # The compiled kernels (numba, the fast extra) load from _kernels.COMPILED_ROWS rows
    # only: importing numba and its kernels costs about half a second.
    code = (
        "import sys, pandas as pd, tracktr as tt;"
        "loaded = ['numba' in sys.modules, 'tracktr._compiled' in sys.modules];"
        "frame = pd.DataFrame({'q': pd.Categorical(list('abca')), 'w': [1.0, 2.0, 0.5, 1.5]});"
        "tt.frequencies(frame, 'q');"
        "tt.frequencies(frame, 'q', weights='w');"
        "tt.reproduce();"
        "loaded += ['numba' in sys.modules, 'tracktr._compiled' in sys.modules];"
        "print(loaded)"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[0] == "[False, False, False, False]"

"""The tracktr package pickles by name, as every module does, for Dask and process pools.

``import tracktr as tt`` gives a module of a class of its own (it keeps a function where
the import system would set a submodule of its name), and pickle and cloudpickle, which
send a module by its name only when its type is exactly ``types.ModuleType``, refused it:
a function using ``tt`` could not be sent to a process of Dask's or of a
``concurrent.futures`` pool (``TypeError: cannot pickle '_Package' object``).
"""

from __future__ import annotations

import pickle

import pytest

import tracktr as tt


def test_the_package_pickles_as_itself() -> None:
    assert pickle.loads(pickle.dumps(tt)) is tt


def test_a_function_using_the_package_is_sent_by_cloudpickle() -> None:
    cloudpickle = pytest.importorskip("cloudpickle")
    namespace: dict[str, object] = {"tt": tt}
    # Defined in a namespace of no importable module: sent by value, with `tt` in it.
    exec("def version():\n    return tt.__version__", namespace)
    sent = cloudpickle.loads(cloudpickle.dumps(namespace["version"]))
    assert sent() == tt.__version__

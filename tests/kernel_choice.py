"""Which counting kernels a test runs: the compiled ones (from 0 rows) or numpy's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from tracktr import _kernels


@contextmanager
def kernels_of(choice: str) -> Iterator[None]:
    """Count with the compiled kernels (`choice` ``auto``) or numpy, at every size."""
    saved = os.environ.get("TRACKTR_KERNELS")
    os.environ["TRACKTR_KERNELS"] = choice
    try:
        with mock.patch.object(_kernels, "COMPILED_ROWS", 0):
            yield
    finally:
        if saved is None:
            os.environ.pop("TRACKTR_KERNELS", None)
        else:
            os.environ["TRACKTR_KERNELS"] = saved

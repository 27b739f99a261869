"""Hostile review of the speed changes of issue 16 (hK12): each test failed before its fix."""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt

SURROGATE = "\udc80"  # what a file read with errors="surrogateescape" leaves for byte 0x80


def _object_column(values: list[str | None]) -> pd.Series:
    # An object column: pandas' text dtype (pyarrow) cannot hold a lone surrogate at all.
    return pd.Series(values, dtype=object)


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(
            lambda d: tt.multi_response(d, "d", separator=";", options=["a", "b", SURROGATE]),
            id="multi-separator-options",
        ),
        pytest.param(
            lambda d: tt.multi_response(d, "m", columns=["m1", "m2"], options=["a", SURROGATE]),
            id="multi-columns-options",
        ),
        pytest.param(
            lambda d: tt.frequencies(d, "c", options=["a", "b", SURROGATE]), id="one-way-options"
        ),
        pytest.param(lambda d: tt.frequencies(d, "s"), id="observed-answers"),
        pytest.param(lambda d: tt.frequencies(d, "c", by="s"), id="observed-groups"),
    ],
)
def test_labels_that_are_not_valid_unicode_are_refused_naming_them(table: object) -> None:
    # A label holding a lone surrogate made a table that raised a bare UnicodeEncodeError
    # on first reading (its Index is pyarrow text): refused up front, naming the label.
    data = pd.DataFrame(
        {
            "d": _object_column(["a;b", "b", None]),
            "m1": [1, 0, 1],
            "m2": [0, 1, 1],
            "c": pd.Categorical(["a", "b", None]),
            "s": _object_column(["a", SURROGATE, "a"]),
        }
    )
    with pytest.raises(tt.InvalidOptionError, match=r"not valid Unicode") as raised:
        str(table(data))  # type: ignore[operator]
    assert repr(SURROGATE) in str(raised.value)

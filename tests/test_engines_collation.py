"""Labels an engine's collation may read as one are kept apart and ordered as pandas does.

"a" and "A", "é" and "e", "é" and "e" with a combining accent, "a" and "a ", and the empty
label are different values to pandas: each is its own option or group (or the table is
refused, naming them, where two would print alike), in code-point order. An engine that
groups text by a collation that ignores case, accents or trailing spaces merged them
into one pattern, counted under whichever label came first. DuckDB (a connection's
``default_collation``, a column ``COLLATE NOCASE``) and Spark (a column collated
``UTF8_LCASE``, ``UNICODE``...; see ``test_engines_spark.py``) do; polars, pyarrow and
Dask compare bytes. These tests guard every engine against it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import tracktr as tt
from tests.test_engines import ENGINES, assert_same, assert_same_summary

pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")

FAMILIES: dict[str, list[str]] = {
    "case": ["a", "A", "b", "B"],
    "accent": ["é", "e", "f", "É"],
    "combining": ["é", "e\u0301", "e"],
    "trailing-space": ["a", "a ", "b"],
    "empty": ["", "a", "b"],
}

CALLS: dict[str, Callable[[Any], tt.Table | tt.Summary]] = {
    "frequencies": lambda data: tt.frequencies(data, "q"),
    "crosstab": lambda data: tt.crosstab(data, "q", "g"),
    "summarise": lambda data: tt.summarise(data, "x", by="g"),
}

# What pandas gives, written out: the engines are compared with pandas below, and these
# keep pandas itself from drifting unseen (labels in code-point order, none merged). The
# other families are refused, as groups or options that print alike or blank, naming
# each of the labels (compared below).
PINNED: dict[tuple[str, str], list[str]] = {
    ("case", "frequencies"): ["A", "B", "a", "b"],
    ("accent", "frequencies"): ["e", "f", "É", "é"],
}


def family_frame(labels: list[str]) -> pd.DataFrame:
    """Twelve rows: each label three or four times as an answer `q` and as a group `g`."""
    n = 12
    return pd.DataFrame(
        {
            "q": pd.Series([labels[i % len(labels)] for i in range(n)], dtype=object),
            "g": pd.Series([labels[(i * 5 + 1) % len(labels)] for i in range(n)], dtype=object),
            "x": [float(i) for i in range(n)],
        }
    )


def labels_of(result: tt.Table | tt.Summary) -> list[str]:
    if isinstance(result, tt.Summary):
        return [str(label) for label in result.statistics.index]
    return [str(label) for label in result.counts.index]


def assert_as_pandas(family: str, call: str, native: Any, frame: pd.DataFrame) -> None:
    """The engine gives the pandas table or summary, or refuses it as pandas does."""
    refused: tt.TracktrError | None = None
    try:
        expected = CALLS[call](frame)
    except tt.TracktrError as error:
        refused = error
    if refused is not None:
        with pytest.raises(type(refused)) as found:
            CALLS[call](native)
        # The same labels named (a merged pair would name one, or none).
        named = sorted(map(repr, getattr(found.value, "values", ())))
        assert named == sorted(map(repr, getattr(refused, "values", ())))
        return
    got = CALLS[call](native)
    if isinstance(expected, tt.Summary):
        assert isinstance(got, tt.Summary)
        assert_same_summary(got, expected, exact_mean=True)
    else:
        assert isinstance(got, tt.Table)
        assert_same(got, expected, weighted=False)
    if (family, call) in PINNED:
        assert labels_of(got) == labels_of(expected) == PINNED[family, call]


def _duckdb_setting(setting: str) -> Callable[[pd.DataFrame], Any]:
    def make(frame: pd.DataFrame) -> Any:
        connection = duckdb.connect()
        connection.execute(f"SET default_collation = '{setting}'")
        connection.register("answers", frame)
        return connection.sql("SELECT * FROM answers")

    return make


def _duckdb_column(collation: str) -> Callable[[pd.DataFrame], Any]:
    def make(frame: pd.DataFrame) -> Any:
        connection = duckdb.connect()
        connection.register("answers", frame)
        return connection.sql(
            f"SELECT q COLLATE {collation} AS q, g COLLATE {collation} AS g, x FROM answers"
        )

    return make


COLLATED: dict[str, Callable[[pd.DataFrame], Any]] = {
    **ENGINES,
    "duckdb-nocase.noaccent": _duckdb_setting("nocase.noaccent"),
    "duckdb-nfc": _duckdb_setting("nfc"),
    "duckdb-column-nocase": _duckdb_column("NOCASE"),
    "polars-categorical": lambda frame: pl.from_pandas(frame).with_columns(
        pl.col("q", "g").cast(pl.Categorical)
    ),
}


@pytest.mark.parametrize("engine", sorted(COLLATED))
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_labels_a_collation_could_merge_are_kept_apart(engine: str, family: str) -> None:
    frame = family_frame(FAMILIES[family])
    native = COLLATED[engine](frame)
    for call in CALLS:
        assert_as_pandas(family, call, native, frame)

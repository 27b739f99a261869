"""A :class:`~tracktr.Table` is frozen through and through (its arrays and pandas fields).

The dataclass refuses new field values, but a field is a DataFrame or Series a caller can
write into, add a column to or rename; and a table keeps numpy arrays that rendering reads.
Whatever a caller does to what a table gave them (or to the objects it was made from), the
table's fields and renderings stay as they were; every array it holds is read-only; and
two threads reading a field of a fresh table see the one object it built.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

import tracktr as tt
import tracktr._table_arrays as table_arrays
from tests.property.test_table_arrays import FEW, assert_same, from_pandas, parts, renderings
from tracktr._table_arrays import PANDAS_FIELDS, Parts


def fields_of(table: tt.Table) -> dict[str, Any]:
    return {name: getattr(table, name) for name in PANDAS_FIELDS}


def scribble(value: pd.DataFrame | pd.Series) -> None:
    """Change a field's object every way pandas allows: values, labels, shape, names."""
    if len(value):
        value.iloc[0] = 5
    value.index.name = "scribbled"
    value.attrs["scribbled"] = True
    if isinstance(value, pd.DataFrame):
        value[0] = 5  # a new column
        value.columns.name = "scribbled"
    else:
        value["scribbled"] = 5  # a new label
    value.index = value.index[::-1]  # relabelled


def tables(made: tuple[Parts, dict[str, Any]]) -> list[tt.Table]:
    arrays, options = made
    if options["rule"] == "largest_remainder" and not options["partition"]:
        return []
    return [tt.Table._from_parts(arrays, **options), from_pandas(arrays, options)]


@FEW
@given(made=parts())
def test_writing_into_a_tables_fields_leaves_the_table_as_it_was(
    made: tuple[Parts, dict[str, Any]],
) -> None:
    for table in tables(made):
        before_fields = {
            k: None if v is None else v.copy(deep=True) for k, v in fields_of(table).items()
        }
        before = renderings(table, rules=False)
        for value in fields_of(table).values():
            if value is not None:
                scribble(value)
        for name, value in fields_of(table).items():
            wanted = before_fields[name]
            if wanted is None:
                assert value is None
            else:
                assert_same(value, wanted)
                assert not value.attrs
        after = renderings(table, rules=False)
        for key in before:
            assert_same(after[key], before[key])


@FEW
@given(made=parts())
def test_changing_the_objects_a_table_was_made_from_leaves_the_table_as_it_was(
    made: tuple[Parts, dict[str, Any]],
) -> None:
    arrays, options = made
    if options["rule"] == "largest_remainder" and not options["partition"]:
        return
    counts = pd.DataFrame(arrays.counts.copy(), index=arrays.rows, columns=arrays.columns)
    along = counts.columns if arrays.percent_axis == "columns" else counts.index
    bases = pd.Series(arrays.bases.copy(), index=along)
    table = tt.Table(counts=counts, bases=bases, **options)
    before = renderings(table, rules=False)
    wanted_counts, wanted_bases = counts.copy(deep=True), bases.copy(deep=True)
    scribble(counts)
    scribble(bases)
    assert_same(table.counts, wanted_counts)
    assert_same(table.bases, wanted_bases)
    after = renderings(table, rules=False)
    for key in before:
        assert_same(after[key], before[key])


@FEW
@given(made=parts())
def test_every_array_a_table_holds_is_read_only(made: tuple[Parts, dict[str, Any]]) -> None:
    arrays = made[0]
    original = [None if a is None else a.copy() for a in arrays[:6]]
    for table in tables(made):
        renderings(table, rules=False)  # computes the views and the units it keeps
        held = [*table._views[:3], *table._units]  # counts, shown, bases; units, mask
        stored = getattr(table, "_parts", None)
        if stored is not None:
            held += list(stored[:6])
        for values in held:
            if isinstance(values, np.ndarray):
                assert not values.flags.writeable
                if values.size:
                    with pytest.raises(ValueError, match="read-only"):
                        values.flat[0] = 0
    # The arrays the table was made from are copied, not marked read-only behind the
    # caller's back (nor changed).
    for given_array, copy in zip(arrays[:6], original, strict=True):
        if given_array is not None:
            assert given_array.flags.writeable
            np.testing.assert_array_equal(given_array, copy)


def test_a_write_into_a_field_does_not_reach_the_table() -> None:
    # The brief's case: `table.counts[0] = 5` then rendering. Known values: 2 of 3 chose a.
    table = tt.frequencies(pd.DataFrame({"q": ["a", "b", "a"]}), "q")
    counts = table.counts
    counts[0] = 5
    counts.iloc[0, 0] = 9
    bases = table.bases
    bases.iloc[0] = 99
    assert table.counts.to_dict() == {"All": {"a": 2, "b": 1}}
    assert table.bases.tolist() == [3]
    assert "| a    | 67 (2) |" in table.to_markdown()


def test_two_threads_reading_a_fresh_table_see_one_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builds: list[dict[str, Any]] = []
    build = table_arrays.pandas_fields

    def slow_build(parts: Parts) -> dict[str, Any]:
        time.sleep(0.05)  # widens the window in which a second thread finds no fields
        built = build(parts)
        builds.append(built)
        return built

    monkeypatch.setattr("tracktr.table.pandas_fields", slow_build)
    table = tt.frequencies(pd.DataFrame({"q": ["a", "b", "a"], "g": ["x", "y", "x"]}), "q", by="g")
    start = threading.Barrier(4)
    seen: list[tuple[pd.DataFrame, pd.Series]] = []

    def read() -> None:
        start.wait()
        seen.append((table.counts, table.bases))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    kept = builds[0]
    for counts, bases in seen:
        # Each read is a copy of the one object the table keeps, sharing its values.
        assert np.shares_memory(counts.to_numpy(), kept["counts"].to_numpy())
        assert np.shares_memory(bases.to_numpy(), kept["bases"].to_numpy())
        assert counts.to_dict() == {
            "x": {"a": 2, "b": 0},
            "y": {"a": 0, "b": 1},
            "All": {"a": 2, "b": 1},
        }

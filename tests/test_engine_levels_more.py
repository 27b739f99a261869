"""Declared levels on other engines, and the rows named for labels that print alike.

Every engine runs for real (DuckDB embedded, Dask's local scheduler). The pandas table of
the same data is the reference: a DuckDB ``ENUM`` and a Dask column with known categories
give every declared level a row (0 when unused), in the declared order, as a pandas
categorical and a polars ``Enum`` do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr import _engine
from tracktr._text import folded_label

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")
dd = pytest.importorskip("dask.dataframe")

LEVELS = ["Strongly agree", "Agree", "Neutral", "Disagree"]
ANSWERS = ["Disagree", "Agree", "Agree", "Strongly agree", None]


def _enum_relation(answers: list[str | None], levels: list[str] = LEVELS) -> Any:
    """A DuckDB relation whose column ``q`` is an ENUM of `levels` (declared order)."""
    connection = duckdb.connect()
    declared = ", ".join("'" + level.replace("'", "''") + "'" for level in levels)
    connection.sql(f"CREATE TYPE lik AS ENUM ({declared})")
    frame = pd.DataFrame({"q": pd.Series(answers, dtype=object)})
    connection.register("answers", frame)
    return connection.sql("SELECT q::lik AS q FROM answers")


def _categorical(answers: list[str | None], levels: list[str], *, ordered: bool) -> pd.DataFrame:
    return pd.DataFrame({"q": pd.Categorical(answers, categories=levels, ordered=ordered)})


def assert_same(engine_table: tt.Table, pandas_table: tt.Table) -> None:
    pd.testing.assert_frame_equal(engine_table.counts, pandas_table.counts)
    pd.testing.assert_series_equal(engine_table.bases, pandas_table.bases)
    pd.testing.assert_frame_equal(engine_table.excluded, pandas_table.excluded)
    assert engine_table.to_markdown() == pandas_table.to_markdown()


# -- DuckDB ENUM -------------------------------------------------------------------------------


def test_a_duckdb_enum_keeps_its_declared_levels_and_order() -> None:
    # Old: rows ['Agree', 'Disagree', 'Strongly agree'] (alphabetical), 'Neutral' dropped.
    table = tt.frequencies(_enum_relation(ANSWERS), "q")
    assert list(table.counts.index) == LEVELS
    assert table.counts["All"].tolist() == [1, 2, 0, 1]
    assert_same(table, tt.frequencies(_categorical(ANSWERS, LEVELS, ordered=True), "q"))


def test_a_registered_pandas_categorical_in_duckdb_is_tabulated_as_pandas_does() -> None:
    # DuckDB reads a pandas Categorical as an ENUM. Old: the unused 'Neutral' was dropped.
    frame = _categorical(
        ["Disagree", "Agree", "Agree"], ["Agree", "Neutral", "Disagree"], ordered=False
    )
    relation = duckdb.connect().from_df(frame)
    table = tt.frequencies(relation, "q")
    assert list(table.counts.index) == ["Agree", "Neutral", "Disagree"]
    assert table.counts["All"].tolist() == [2, 0, 1]
    assert_same(table, tt.frequencies(frame, "q"))


def test_a_duckdb_enum_banner_keeps_its_declared_groups() -> None:
    # Old: the banner's groups came alphabetical, the unused group missing.
    connection = duckdb.connect()
    frame = pd.DataFrame(
        {
            "q": ["Yes", "No", "Yes", "No"],
            "g": pd.Categorical(
                ["South", "North", "South", "South"], categories=["South", "East", "North"]
            ),
        }
    )
    relation = connection.from_df(frame)
    expected = tt.frequencies(frame, "q", by="g")
    table = tt.frequencies(relation, "q", by="g")
    assert list(table.counts.columns) == list(expected.counts.columns)
    assert_same(table, expected)


def test_a_duckdb_enum_with_a_codebook_takes_the_codebook_rows() -> None:
    # With survey=, the codebook's options decide the rows (right before the fix too).
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": LEVELS}],
        }
    )
    answers = ["Disagree", "Agree", "Agree", None]
    frame = _categorical(answers, LEVELS, ordered=True)
    expected = tt.frequencies(frame, "q", survey=survey)
    table = tt.frequencies(_enum_relation(answers), "q", survey=survey)
    assert list(table.counts.index) == LEVELS
    assert table.counts["All"].tolist() == [0, 2, 0, 1]
    assert_same(table, expected)


def test_a_duckdb_enum_with_a_codebook_in_another_order_follows_the_codebook() -> None:
    # The codebook's order, not the ENUM's (right before the fix too).
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": LEVELS[::-1]}],
        }
    )
    answers = ["Disagree", "Agree", "Agree"]
    table = tt.frequencies(_enum_relation(answers), "q", survey=survey)
    assert list(table.counts.index) == LEVELS[::-1]
    assert_same(
        table, tt.frequencies(_categorical(answers, LEVELS, ordered=True), "q", survey=survey)
    )


def test_a_duckdb_enum_level_outside_the_codebook_is_refused_as_pandas_refuses_it() -> None:
    # An answer that is no option is refused on both (right before the fix too).
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": LEVELS[1:]}],
        }
    )
    answers = ["Strongly agree", "Agree"]
    with pytest.raises(tt.UnknownValueError, match="Strongly agree") as pandas_error:
        tt.frequencies(_categorical(answers, LEVELS, ordered=True), "q", survey=survey)
    with pytest.raises(tt.UnknownValueError, match="Strongly agree") as engine_error:
        tt.frequencies(_enum_relation(answers), "q", survey=survey)
    assert engine_error.value.values == pandas_error.value.values


def test_an_enum_counts_in_the_engine_not_in_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    # The levels come from the schema: the respondents' rows are never read into pandas.
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the rows were collected")

    monkeypatch.setattr(_engine, "collect", refuse)
    assert tt.frequencies(_enum_relation(ANSWERS), "q").counts["All"].tolist() == [1, 2, 0, 1]


@pytest.mark.parametrize("ordered", [False, True])
def test_dask_categories_with_a_codebook_take_the_codebook_rows(ordered: bool) -> None:
    # The codebook's options decide the rows, with or without the declared levels.
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": LEVELS}],
        }
    )
    frame = _categorical(["Disagree", "Agree", None], LEVELS[1:], ordered=ordered)
    table = tt.frequencies(dd.from_pandas(frame, npartitions=2), "q", survey=survey)
    assert list(table.counts.index) == LEVELS
    assert table.counts["All"].tolist() == [0, 1, 0, 1]
    assert_same(table, tt.frequencies(frame, "q", survey=survey))


# -- Dask ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ordered", [False, True])
def test_dask_known_categories_give_every_level_a_row(ordered: bool) -> None:
    # Old: the unused level 'Neutral' was dropped (pandas prints it with 0).
    frame = _categorical(
        ["Disagree", "Agree", "Agree"], ["Agree", "Neutral", "Disagree"], ordered=ordered
    )
    table = tt.frequencies(dd.from_pandas(frame, npartitions=2), "q")
    assert list(table.counts.index) == ["Agree", "Neutral", "Disagree"]
    assert table.counts["All"].tolist() == [2, 0, 1]
    assert_same(table, tt.frequencies(frame, "q"))


def test_dask_categories_in_an_order_that_is_not_alphabetical() -> None:
    # Old: rows alphabetical (['Agree', 'Disagree', 'Strongly agree']), 'Neutral' dropped.
    frame = _categorical(ANSWERS, LEVELS, ordered=False)
    table = tt.frequencies(dd.from_pandas(frame, npartitions=2), "q")
    assert list(table.counts.index) == LEVELS
    assert_same(table, tt.frequencies(frame, "q"))


def test_dask_unknown_categories_are_read_as_text() -> None:
    # Categories Dask does not know (cat.as_unknown()) cannot be listed without a scan.
    frame = _categorical(ANSWERS, LEVELS, ordered=False)
    native = dd.from_pandas(frame, npartitions=2)
    native["q"] = native["q"].cat.as_unknown()
    table = tt.frequencies(native, "q")
    assert list(table.counts.index) == ["Agree", "Disagree", "Strongly agree"]
    assert table.counts["All"].tolist() == [2, 1, 1]


def test_a_polars_enum_still_keeps_its_levels() -> None:
    frame = _categorical(ANSWERS, LEVELS, ordered=True)
    native = pl.DataFrame({"q": pl.Series(ANSWERS, dtype=pl.Enum(LEVELS))})
    assert_same(tt.frequencies(native, "q"), tt.frequencies(frame, "q"))
    assert_same(tt.frequencies(native.lazy(), "q"), tt.frequencies(frame, "q"))


# -- the same data on every engine -------------------------------------------------------------

CATEGORICAL_ENGINES: dict[str, Callable[[pd.DataFrame], Any]] = {
    "duckdb": lambda frame: duckdb.connect().from_df(frame),
    "dask": lambda frame: dd.from_pandas(frame, npartitions=2),
    "polars-enum": lambda frame: pl.DataFrame(
        {
            "q": pl.Series(
                [None if pd.isna(v) else v for v in frame["q"].astype(object)],
                dtype=pl.Enum(list(frame["q"].cat.categories)),
            )
        }
    ),
}


@pytest.mark.parametrize("engine", sorted(CATEGORICAL_ENGINES))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    levels=st.lists(
        st.text(alphabet="abcXYZ ", min_size=1, max_size=4).map(str.strip).filter(bool),
        min_size=1,
        max_size=5,
        unique_by=folded_label,  # "X X" and "X  X" print alike: refused on every path
    ),
    ordered=st.booleans(),
    data=st.data(),
)
def test_declared_levels_give_the_pandas_table(
    engine: str, levels: list[str], ordered: bool, data: st.DataObject
) -> None:
    # Old: DuckDB and Dask (unordered) dropped the unused levels and sorted the rest.
    answers = data.draw(st.lists(st.sampled_from([*levels, None]), min_size=1, max_size=12))
    frame = _categorical(answers, levels, ordered=ordered or engine == "polars-enum")
    expected = tt.frequencies(frame, "q")
    assert list(expected.counts.index) == levels
    assert_same(tt.frequencies(CATEGORICAL_ENGINES[engine](frame), "q"), expected)


# -- labels that print alike -----------------------------------------------------------------

ALIKE = pd.DataFrame({"q": ["a", "a ", "a", "b", "b", "a"]})  # 'a' in rows 0, 2, 5; 'a ' in row 1

LAZY: dict[str, Callable[[pd.DataFrame], Any]] = {
    "polars-lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "duckdb": lambda frame: duckdb.connect().from_df(frame),
    "dask": lambda frame: dd.from_pandas(frame, npartitions=2),
}
EAGER: dict[str, Callable[[pd.DataFrame], Any]] = {
    "polars": pl.from_pandas,
    "pyarrow": lambda frame: pa.Table.from_pandas(frame, preserve_index=False),
}


def _alike_error(data: Any, **options: Any) -> tt.UnknownValueError:
    with pytest.raises(tt.UnknownValueError, match="would print as the same label") as info:
        tt.frequencies(data, "q", **options)
    return info.value


def test_pandas_names_the_rows_of_labels_that_print_alike() -> None:
    message = str(_alike_error(ALIKE))
    assert "'a' (rows [0, 2, 5]) and 'a ' (rows [1])" in message


@pytest.mark.parametrize("engine", sorted(EAGER))
def test_an_eager_engine_names_the_right_rows_of_labels_that_print_alike(engine: str) -> None:
    # Old (polars): 'a' (rows [0]) and 'a ' (rows [2]): rows of the table of distinct answers.
    error = _alike_error(EAGER[engine](ALIKE))
    first = str(error).split("\n")[0]
    assert f"'a' (rows [0, 2, 5] of the {_engine.engine_name(EAGER[engine](ALIKE))} frame" in first
    assert "'a ' (rows [1] of the" in first
    assert "0-based" in first
    assert error.values == ("a", "a ")


@pytest.mark.parametrize("engine", sorted(LAZY))
def test_a_lazy_engine_says_how_to_find_the_rows_of_labels_that_print_alike(engine: str) -> None:
    # Old (duckdb): 'a' (rows [1]) and 'a ' (rows [2]): wrong rows, named as if they were right.
    native = LAZY[engine](ALIKE)
    error = _alike_error(native)
    first = str(error).split("\n")[0]
    assert "rows [" not in first
    assert "'a' and 'a '" in first
    assert f"filter the {_engine.engine_name(native)} frame on these values" in first
    assert error.values == ("a", "a ")


@pytest.mark.parametrize("engine", sorted({**EAGER, **LAZY}))
def test_labels_that_print_alike_in_two_columns_on_every_engine(engine: str) -> None:
    # A grid: the rows of each value are searched in every column, as pandas does.
    frame = pd.DataFrame({"i1": ["x", "y", "x"], "i2": ["y", "x ", "x"]})
    native = {**EAGER, **LAZY}[engine](frame)
    with pytest.raises(tt.UnknownValueError, match="print as the same label") as info:
        tt.grid(native, "battery", columns=["i1", "i2"])
    first = str(info.value).split("\n")[0]
    if engine in EAGER:
        # pandas names rows [0, 2, 2] for 'x' (row 0 and 2 of i1, row 2 of i2)
        assert re.search(r"'x' \(rows \[0, 2, 2\] of the \w+ frame", first), first
        assert re.search(r"'x ' \(rows \[1\] of the \w+ frame", first), first
    else:
        assert "rows [" not in first
        assert "filter the" in first


@pytest.mark.parametrize("engine", sorted({**EAGER, **LAZY}))
def test_banner_groups_that_print_alike_on_every_engine(engine: str) -> None:
    # The rows are searched in the banner's column, not the question's ('N' is no answer).
    frame = pd.DataFrame({"q": ["a", "b", "N", "b"], "g": ["N", "N ", "S", "N"]})
    native = {**EAGER, **LAZY}[engine](frame)
    with pytest.raises(tt.UnknownValueError, match="print as the same label") as info:
        tt.frequencies(native, "q", by="g")
    first = str(info.value).split("\n")[0]
    assert first.startswith("question 'g': groups 'N'")
    if engine in EAGER:
        # pandas: 'N' (rows [0, 3]) and 'N ' (rows [1])
        assert re.search(r"'N' \(rows \[0, 3\] of the \w+ frame, 0-based\)", first), first
        assert re.search(r"'N ' \(rows \[1\] of the \w+ frame, 0-based\)", first), first
    else:
        assert "rows [" not in first
        assert "filter the" in first


@pytest.mark.parametrize("ordered", [False, True])
def test_a_pyarrow_dictionary_column_gives_every_level_a_row(ordered: bool) -> None:
    # Old: a pyarrow Table made from a pandas categorical lost the unused level 'Neutral'
    # and its order (rows alphabetical), where pandas prints it with 0.
    frame = _categorical(
        ["Disagree", "Agree", "Agree"], ["Agree", "Neutral", "Disagree"], ordered=ordered
    )
    table = tt.frequencies(pa.Table.from_pandas(frame, preserve_index=False), "q")
    assert list(table.counts.index) == ["Agree", "Neutral", "Disagree"]
    assert table.counts["All"].tolist() == [2, 0, 1]
    assert_same(table, tt.frequencies(frame, "q"))


def test_pyarrow_chunks_with_other_dictionaries_are_read_as_text() -> None:
    # Two chunks whose dictionaries differ declare no one set of levels: the column is
    # read as text, as the guide says. Old: pyarrow's grouping refused it ("Unifying
    # differing dictionaries"), an EngineError telling the user to fix a valid table.
    first = _categorical(["Agree"], ["Agree", "Neutral"], ordered=False)
    second = _categorical(["Disagree"], ["Disagree", "Agree"], ordered=False)
    table = pa.concat_tables(
        [pa.Table.from_pandas(f, preserve_index=False) for f in (first, second)]
    )
    assert _engine.declared_levels(table, ["q"]) == {}
    text = pd.DataFrame({"q": ["Agree", "Disagree"]})
    pd.testing.assert_frame_equal(
        tt.frequencies(table, "q", by="q").counts, tt.frequencies(text, "q", by="q").counts
    )
    assert table.column("q").num_chunks == 2  # the caller's table is left as it was


def test_bad_weights_are_placed_as_pandas_places_them() -> None:
    # Old: "2 row(s) of the polars frame hold a missing, negative or infinite weight",
    # no row named, where pandas names rows [1, 2].
    frame = pl.DataFrame({"q": ["a", "b", "a", "b"], "w": [1.0, None, -2.0, 1.0]})
    with pytest.raises(tt.InvalidWeightsError, match=r"polars frame \(rows \[1, 2\], 0-based\)"):
        tt.frequencies(frame, "q", weights="w")
    with pytest.raises(tt.InvalidWeightsError, match="rows \\[1, 2\\]"):
        tt.frequencies(frame.to_pandas(), "q", weights="w")
    lazy = duckdb.from_arrow(frame.to_arrow())
    with pytest.raises(tt.InvalidWeightsError, match="Filter the frame on 'w'"):
        tt.frequencies(lazy, "q", weights="w")

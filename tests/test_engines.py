"""Counting on other engines: the same random frame gives the same Table on every engine.

Each engine is run for real: polars (eager and lazy), pyarrow, DuckDB embedded and Dask's
local scheduler here; Spark in local mode in ``test_engines_spark.py``. The pandas table is
the reference; unweighted tables must be identical (counts, bases, missing kinds, every
export), weighted ones equal up to the order of floating-point summation.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr import _engine

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")
dd = pytest.importorskip("dask.dataframe")

OPTIONS = ["Yes", "No", "Don't know"]
ANSWERS = [*OPTIONS, None, "<not asked>", "<skipped>", "<refused>"]
GROUPS = ["CRC", "NPS", "Other", None]
NOT_ASKED = "<not asked>"
TICKS = ["1", "0", None, NOT_ASKED]
NUMBERS = ["0", "1", "2", "3", "10", "2.5", "0.1", "-4", "<skipped>", "<refused>", None]


def _dask(frame: pd.DataFrame) -> Any:
    return dd.from_pandas(frame, npartitions=2)


ENGINES: dict[str, Callable[[pd.DataFrame], Any]] = {
    "polars": pl.from_pandas,
    "polars-lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "pyarrow": lambda frame: pa.Table.from_pandas(frame, preserve_index=False),
    "duckdb": duckdb.from_df,
    "dask": _dask,
}


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=40))

    def column(values: list[Any]) -> list[Any]:
        return draw(st.lists(st.sampled_from(values), min_size=n, max_size=n))

    # "<not asked>" in every tick column of a row is the set routed past it; in one column
    # only, that option alone was not asked (pooled waves): a gap where no one in a
    # column was asked it, refused where some were. Both kinds, not every frame mixed.
    ticks = [t for t in TICKS if t != NOT_ASKED]
    pairs = [(a, b) for a in ticks for b in ticks] + [(NOT_ASKED, NOT_ASKED)] * 2
    if draw(st.booleans()):
        pairs += [(t, NOT_ASKED) for t in ticks] + [(NOT_ASKED, t) for t in ticks]
    m1, m2 = zip(*draw(st.lists(st.sampled_from(pairs), min_size=n, max_size=n)), strict=True)
    weights = draw(
        st.lists(
            # 0, or a weight whose square is a normal float (tracktr refuses the others).
            st.just(0.0) | st.floats(min_value=1e-150, max_value=50, allow_nan=False),
            min_size=n,
            max_size=n,
        )
    )
    return pd.DataFrame(
        {
            "q": pd.Series(column(ANSWERS), dtype=object),
            "g": pd.Series(column(GROUPS), dtype=object),
            "m1": pd.Series(m1, dtype=object),
            "m2": pd.Series(m2, dtype=object),
            "i1": pd.Series(column(ANSWERS), dtype=object),
            "i2": pd.Series(column(ANSWERS), dtype=object),
            "x": pd.Series(column(NUMBERS), dtype=object),
            "w": weights,
        }
    )


def assert_same_outcome(
    table: Callable[[Any, bool], tt.Table], native: Any, frame: pd.DataFrame, *, weighted: bool
) -> None:
    """The engine gives the pandas table, or refuses it with the same error as pandas."""
    try:
        expected = table(frame, weighted)
    except tt.TracktrError as error:
        with pytest.raises(type(error), match=r"^question "):
            table(native, weighted)
        return
    assert_same(table(native, weighted), expected, weighted=weighted)


def assert_same(engine_table: tt.Table, pandas_table: tt.Table, *, weighted: bool) -> None:
    assert engine_table.gaps == pandas_table.gaps
    if weighted:
        np.testing.assert_allclose(
            engine_table.counts.to_numpy(float), pandas_table.counts.to_numpy(float), rtol=1e-9
        )
        np.testing.assert_allclose(
            engine_table.bases.to_numpy(float), pandas_table.bases.to_numpy(float), rtol=1e-9
        )
        assert engine_table.unweighted_bases is not None
        pd.testing.assert_series_equal(
            engine_table.unweighted_bases, pandas_table.unweighted_bases, check_dtype=False
        )
        # Kish's effective base over each base's respondents, not over the patterns
        assert engine_table.effective_bases is not None
        assert pandas_table.effective_bases is not None
        assert engine_table.effective_bases.index.equals(pandas_table.effective_bases.index)
        np.testing.assert_allclose(
            engine_table.effective_bases.to_numpy(float),
            pandas_table.effective_bases.to_numpy(float),
            rtol=1e-9,
            atol=1e-9,
        )
        # The respondents of weight 0, counted where the data live (not patterns of sum 0)
        there, here = engine_table.zero_weights, pandas_table.zero_weights
        assert (there is None and here is None) or (
            there is not None and here is not None and there.equals(here)
        )
        return
    pd.testing.assert_frame_equal(engine_table.counts, pandas_table.counts)
    pd.testing.assert_series_equal(engine_table.bases, pandas_table.bases)
    pd.testing.assert_frame_equal(engine_table.excluded, pandas_table.excluded)
    assert engine_table.unweighted_bases is None
    assert engine_table.to_markdown() == pandas_table.to_markdown()
    assert engine_table.notes == pandas_table.notes


TABLES: dict[str, Callable[[Any, bool], tt.Table]] = {
    "frequencies": lambda data, weighted: tt.frequencies(
        data, "q", options=OPTIONS, weights="w" if weighted else None
    ),
    "crosstab": lambda data, weighted: tt.crosstab(
        data, "q", "g", options=OPTIONS, weights="w" if weighted else None
    ),
    "dont-know-excluded": lambda data, weighted: tt.frequencies(
        data, "q", options=OPTIONS, by="g", dont_know="exclude", weights="w" if weighted else None
    ),
    "multi_response": lambda data, weighted: tt.multi_response(
        data,
        "set",
        columns=["m1", "m2"],
        options=["First", "Second"],
        by="g",
        weights="w" if weighted else None,
    ),
    "grid": lambda data, weighted: tt.grid(
        data, "battery", columns=["i1", "i2"], options=OPTIONS, average=True
    ),
    # missing_group was dropped on every engine: no "(none)" column, silently.
    "missing-group": lambda data, weighted: tt.frequencies(
        data,
        "q",
        options=OPTIONS,
        by="g",
        missing_group="(none)",
        weights="w" if weighted else None,
    ),
    "multi-missing-group": lambda data, weighted: tt.multi_response(
        data,
        "set",
        columns=["m1", "m2"],
        options=["First", "Second"],
        by="g",
        missing_group="(none)",
        weights="w" if weighted else None,
    ),
    "grid-missing-group": lambda data, weighted: tt.grid(
        data, "battery", columns=["i1", "i2"], options=OPTIONS, by="g", missing_group="(none)"
    ),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@settings(max_examples=10)
@given(frame=frames(), weighted=st.booleans())
def test_every_engine_gives_the_pandas_tables(
    engine: str, frame: pd.DataFrame, weighted: bool
) -> None:
    native = ENGINES[engine](frame)
    for name, table in TABLES.items():
        weigh = weighted and not name.startswith("grid")
        assert_same_outcome(table, native, frame, weighted=weigh)


SUMMARIES: dict[str, Callable[[Any, bool], tt.Summary]] = {
    "all": lambda data, weighted: tt.summarise(data, "x", weights="w" if weighted else None),
    "by-group": lambda data, weighted: tt.summarise(
        data, "x", by="g", missing_group="(none)", weights="w" if weighted else None
    ),
    "banners": lambda data, weighted: tt.summarise(
        data, "x", by=["g", ("g", "q")], total=False, weights="w" if weighted else None
    ),
}


def assert_same_summary(engine: tt.Summary, pandas: tt.Summary, *, exact_mean: bool) -> None:
    # The order statistics, n and the excluded counts are the rows' own; sums run over
    # distinct values, so means of fractions and SDs agree to the summation order.
    ordered = ["n", "min", "q1", "median", "q3", "max"]
    pd.testing.assert_frame_equal(engine.statistics[ordered], pandas.statistics[ordered])
    pd.testing.assert_frame_equal(engine.statistics, pandas.statistics, rtol=1e-12)
    pd.testing.assert_frame_equal(engine.excluded, pandas.excluded)
    assert engine.notes == pandas.notes
    if exact_mean:
        pd.testing.assert_series_equal(engine.statistics["mean"], pandas.statistics["mean"])
        assert repr(engine) == repr(pandas)
    # Otherwise the printed mean may differ in its last digit at a half-way case
    # (0.29375 summed in another order is 0.2937499... or 0.2937500...).


@pytest.mark.parametrize("engine", sorted(ENGINES))
@settings(max_examples=10)
@given(frame=frames(), weighted=st.booleans(), name=st.sampled_from(sorted(SUMMARIES)))
def test_every_engine_gives_the_pandas_summaries(
    engine: str, frame: pd.DataFrame, weighted: bool, name: str
) -> None:
    # One summary per example (an engine query costs ~0.1 s on Dask): hypothesis spreads
    # the three over the examples.
    native = ENGINES[engine](frame)
    whole = not frame["x"].isin(["2.5", "0.1"]).any()
    summary = SUMMARIES[name]
    expected = summary(frame, weighted)
    assert_same_summary(summary(native, weighted), expected, exact_mean=whole and not weighted)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_weighted_engine_summary_of_nobody_keeps_sum_weights(engine: str) -> None:
    # No group anyone is in: the summary has no rows, but the columns and types of one
    # with rows (sum_weights was lost and the statistics were object columns).
    frame = pd.DataFrame(
        {"x": [1.0, 2.0], "w": [1.0, 2.0], "g": pd.Series([None, None], dtype=object)}
    )
    summary = tt.summarise(ENGINES[engine](frame), "x", weights="w", by="g", total=False)
    expected = tt.summarise(frame.assign(g="a"), "x", weights="w", by="g").statistics.dtypes
    assert summary.statistics.empty
    pd.testing.assert_series_equal(summary.statistics.dtypes, expected)


def test_an_engine_summary_names_the_rows_of_a_value_that_is_not_a_number() -> None:
    frame = pl.DataFrame({"x": ["1", "lots", "3", "lots"]})
    with pytest.raises(tt.UnknownValueError, match=r"\['lots'\] are not numbers, in rows \[1, 3\]"):
        tt.summarise(frame, "x")


def test_an_engine_summary_needs_a_weights_column() -> None:
    with pytest.raises(tt.InvalidWeightsError, match="must name a column"):
        tt.summarise(pl.DataFrame({"x": [1.0]}), "x", weights=[1.0])
    with pytest.raises(tt.QuestionNotFoundError, match=r"column 'y' is not in the data"):
        tt.summarise(pl.DataFrame({"x": [1.0]}), "y")


def test_an_engine_summary_of_numbers_with_nulls() -> None:
    # Summary statistics cross-checked by hand: values 1, 2, 4, 9 (mean 4, type-7 median 3).
    frame = pl.DataFrame({"x": [1, 2, None, 4, 9]})
    stats = tt.summarise(frame, "x").statistics.loc["All"]
    assert (stats["n"], stats["mean"], stats["median"], stats["q1"]) == (4, 4.0, 3.0, 1.75)
    assert tt.summarise(frame, "x").excluded.loc["skipped", "All"] == 1


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_the_trackTR_codebook_on_every_engine(engine: str) -> None:
    survey = tt.surveys.tracktr_2015()
    data = survey.validate(tt.datasets.tracktr_2015())
    questions = ["main_funding", "crc_role", "income", "relationships", "delivery_regions"]
    text = data[[c for q in questions for c in survey.spec(q).columns]].astype("string")
    frame = text.astype(object).where(text.notna(), None)
    native = ENGINES[engine](frame)
    for question in questions:
        expected = tt.tabulate(frame, question, survey=survey)
        assert_same(tt.tabulate(native, question, survey=survey), expected, weighted=False)


@pytest.mark.parametrize("engine", ["polars", "pyarrow"])
def test_a_value_that_is_not_an_option_names_its_rows(engine: str) -> None:
    frame = pd.DataFrame({"q": ["Yes", "Maybe", "No", "Maybe"]})
    native = ENGINES[engine](frame)
    with pytest.raises(tt.UnknownValueError, match=r"'Maybe'.*rows \[1, 3\] \(0-based") as info:
        tt.frequencies(native, "q", options=["Yes", "No"])
    assert info.value.values == ("Maybe",)


@pytest.mark.parametrize("engine", ["polars-lazy", "duckdb", "dask"])
def test_a_lazy_frame_says_how_to_find_the_rows(engine: str) -> None:
    native = ENGINES[engine](pd.DataFrame({"q": ["Yes", "Maybe"]}))
    with pytest.raises(tt.UnknownValueError, match="filter it on these values"):
        tt.frequencies(native, "q", options=["Yes", "No"])


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("weight", [-1.0, float("nan"), float("inf")])
def test_bad_weights_are_counted_and_refused(engine: str, weight: float) -> None:
    frame = pd.DataFrame({"q": ["Yes", "No", "No"], "w": [1.0, weight, 2.0]})
    with pytest.raises(tt.InvalidWeightsError, match=r"1 row\(s\) of the \w+ frame"):
        tt.frequencies(ENGINES[engine](frame), "q", weights="w")


def test_weights_must_be_a_column_of_the_frame() -> None:
    with pytest.raises(tt.InvalidWeightsError, match="must name a column"):
        tt.frequencies(pl.DataFrame({"q": ["Yes"]}), "q", weights=[1.0])


WEIGHED_BY_VALUES: dict[str, Callable[[Any, list[float]], object]] = {
    "frequencies": lambda data, w: tt.frequencies(data, "q", weights=w),
    "summarise": lambda data, w: tt.summarise(data, "x", weights=w),
    "tick_counts": lambda data, w: tt.tick_counts(data, ["m1", "m2"], weights=w),
    # Old: the book was built, the values matched to the rows in the order the engine
    # returned them (a DuckDB or Spark frame has none), where the tables refused them.
    "tabbook": lambda data, w: tt.tabbook(
        data,
        tt.Survey.from_dict(
            {
                "title": "t",
                "questions": [
                    {"id": "q", "type": "single", "text": "Q", "options": ["Yes", "No"]},
                    {"id": "g", "type": "single", "text": "G", "options": ["a", "b"]},
                ],
            }
        ),
        banners=["g"],
        weights=w,
    ),
}


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
@pytest.mark.parametrize("call", sorted(WEIGHED_BY_VALUES))
def test_weights_by_position_are_refused_by_every_function(engine: str, call: str) -> None:
    frame = pd.DataFrame(
        {"q": ["Yes", "No"], "g": ["a", "b"], "x": [1.0, 2.0], "m1": [1, 0], "m2": [0, 1]}
    )
    native = ENGINES[engine](frame)
    who = (
        "tabbook()"
        if call == "tabbook"
        else "tick_counts()"
        if call == "tick_counts"
        else "question"
    )
    message = (
        rf"^{re.escape(who)}.*on a {engine} frame, `weights` must name a column .*got a list of 2"
    )
    with pytest.raises(tt.InvalidWeightsError, match=message):
        WEIGHED_BY_VALUES[call](native, [1.0, 2.0])


def test_text_weights_are_refused_with_the_engine_error() -> None:
    frame = pl.DataFrame({"q": ["Yes"], "w": ["heavy"]})
    with pytest.raises(tt.InvalidWeightsError, match="must be numbers"):
        tt.frequencies(frame, "q", weights="w")


def test_an_absent_column_is_named() -> None:
    with pytest.raises(tt.QuestionNotFoundError, match=r"\['q'\] are not in the polars frame"):
        tt.frequencies(pl.DataFrame({"x": ["Yes"]}), "q")


def test_only_the_patterns_come_back() -> None:
    frame = pl.DataFrame({"q": ["Yes", "No"] * 50_000, "g": ["a"] * 100_000})
    patterns = _engine.aggregate(frame, ["q", "g"], question="q")
    assert sorted(patterns[_engine.COUNT].tolist()) == [50_000, 50_000]


def test_the_input_frame_is_not_changed() -> None:
    frame = pl.DataFrame({"q": ["Yes", None], "w": [1, 2]})
    before = frame.clone()
    tt.frequencies(frame, "q", weights="w")
    assert frame.equals(before)


def test_a_list_is_not_a_frame() -> None:
    with pytest.raises(TypeError, match="pandas DataFrame"):
        tt.frequencies(["Yes"], "q")  # type: ignore[arg-type]


ROUTED = tt.Survey.from_dict(
    {
        "title": "Routed demo",
        "questions": [
            {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]},
            {
                "id": "role",
                "type": "single",
                "text": "Role?",
                "options": ["Tier 2", "Tier 3"],
                "ask_if": {"question": "funded", "in": ["Yes"]},
            },
        ],
    }
)


@st.composite
def routed_frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(min_value=1, max_value=25))
    funded = draw(st.lists(st.sampled_from(["Yes", "No", "Maybe", None]), min_size=n, max_size=n))
    role = draw(
        st.lists(
            st.sampled_from(["Tier 2", "Tier 3", "Tier 9", None, "<not asked>"]),
            min_size=n,
            max_size=n,
        )
    )
    ids = draw(st.lists(st.integers(1, n + 3), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "respondent_id": ids,
            "funded": pd.Series(funded, dtype=object),
            "role": pd.Series(role, dtype=object),
        }
    )


def failure_set(failures: pd.DataFrame) -> set[tuple[Any, ...]]:
    return {
        (row.question, row.column, str(row.respondent_id), str(row.value), row.check)
        for row in failures.itertuples()
    }


@pytest.mark.parametrize("engine", sorted(ENGINES))
@settings(max_examples=10)
@given(frame=routed_frames())
def test_validation_on_every_engine_finds_the_pandas_failures(
    engine: str, frame: pd.DataFrame
) -> None:
    native = ENGINES[engine](frame)
    expected = pandas_failures(frame)
    if expected is None:
        assert ROUTED.validate(native) is native
        return
    with pytest.raises(tt.SurveyValidationError) as found:
        ROUTED.validate(native)
    assert failure_set(found.value.failures) == failure_set(expected)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_repeated_and_blank_ids_are_one_failure_each_on_every_engine(engine: str) -> None:
    # Before: one failure per row, ids read back as floats (1.0) and no rows named.
    ids = pd.Series([7, 8, 7, None, 8, 7, None, 9], dtype="Int64")
    frame = pd.DataFrame({"respondent_id": ids, "funded": "Yes", "role": "Tier 2"})
    expected = pandas_failures(frame.astype({"respondent_id": object}))
    assert expected is not None
    with pytest.raises(tt.SurveyValidationError) as found:
        ROUTED.validate(ENGINES[engine](frame))
    failures = found.value.failures
    assert failures["check"].tolist() == ["missing_id", "duplicate_id"]
    assert failures["value"].tolist() == [None, (7, 8)] == expected["value"].tolist()
    blank, repeated = failures["expected"].tolist()
    if engine in {"polars", "pyarrow"}:  # eager: the frame's own row positions
        name = _engine.engine_name(ENGINES[engine](frame))
        assert blank.endswith(f"blank in 2 rows: 3, 6 (0-based positions of the {name} frame)")
        assert repeated.endswith(
            f"7 at rows 0, 2, 5; 8 at rows 1, 4 (0-based positions of the {name} frame)"
        )
    else:  # lazy: no order, so counts and how to find the rows
        assert "blank in 2 rows of the" in blank
        assert "7 in 3 rows; 8 in 2 rows of the" in repeated
        assert repeated.endswith("(filter it on these ids to list them)")


def pandas_failures(frame: pd.DataFrame) -> pd.DataFrame | None:
    try:
        ROUTED.validate(frame)
    except tt.SurveyValidationError as error:
        return error.failures  # type: ignore[no-any-return]
    return None


# -- the engine's own failures, in tracktr's terms ------------------------------------------


def _failing_lazy(engine: str) -> Any:
    """A lazy frame whose own query fails when run: text cast to a number."""
    if engine == "polars-lazy":
        return pl.LazyFrame({"q": ["1", "Yes"]}).select(pl.col("q").cast(pl.Int64).cast(pl.String))
    if engine == "duckdb":
        return duckdb.sql(
            "SELECT CAST(q AS INTEGER)::VARCHAR AS q FROM (VALUES ('1'), ('Yes')) t(q)"
        )
    frame = _dask(pd.DataFrame({"q": ["1", "Yes"]}))
    return frame.assign(q=frame["q"].astype("int64").astype(str))


@pytest.mark.parametrize("engine", ["polars-lazy", "duckdb", "dask"])
@pytest.mark.parametrize(
    "call",
    [
        lambda data: tt.frequencies(data, "q"),
        lambda data: tt.crosstab(data, "q", "q"),
        lambda data: tt.multi_response(data, "q", columns=["q"]),
    ],
    ids=["frequencies", "crosstab", "multi_response"],
)
def test_a_lazy_query_that_fails_is_an_engine_error(engine: str, call: Any) -> None:
    data = _failing_lazy(engine)
    with pytest.raises(tt.EngineError, match=r"question 'q': the \w+ frame failed while") as info:
        call(data)
    assert "Hint: the failure is in the frame's own query" in str(info.value)
    assert info.value.__cause__ is not None
    assert not isinstance(info.value.__cause__, tt.TracktrError)
    assert info.value.question == "q"


def test_validation_of_a_failing_lazy_frame_is_an_engine_error() -> None:
    survey = tt.Survey.from_dict(
        {"title": "T", "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["1"]}]}
    )
    with pytest.raises(tt.EngineError, match="duckdb says: Conversion Error") as info:
        survey.validate(_failing_lazy("duckdb"))
    assert type(info.value.__cause__).__name__ == "ConversionException"


def test_a_closed_connection_is_an_engine_error() -> None:
    connection = duckdb.connect()
    relation = connection.sql("SELECT 'Yes' AS q")
    connection.close()
    with pytest.raises(tt.EngineError, match=r"failed while reading its column names.*closed"):
        tt.frequencies(relation, "q")


@pytest.mark.parametrize("value", [["Yes", "No"], {"answer": "Yes"}])
def test_a_column_of_lists_or_records_is_refused(value: Any) -> None:
    with pytest.raises(tt.InvalidDataError, match=r"question 'q': .*'q' holds (List|Struct)"):
        tt.frequencies(pl.DataFrame({"q": [value]}), "q")


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_hostile_columns_name_the_question(engine: str) -> None:
    native = ENGINES[engine](pd.DataFrame({"q": ["Yes"], "w": ["heavy"]}))
    with pytest.raises(
        tt.InvalidWeightsError, match=r"question 'q': weights 'w' .* must be numbers"
    ):
        tt.frequencies(native, "q", weights="w")
    with pytest.raises(tt.QuestionNotFoundError, match=r"question 'q': column\(s\) \['g'\]"):
        tt.crosstab(native, "q", "g")


def test_hostile_frames_for_an_engine_summary() -> None:
    failing = pl.LazyFrame({"x": ["1", "two"]}).select(pl.col("x").cast(pl.Int64))
    with pytest.raises(tt.EngineError, match=r"question 'x': the polars frame failed") as info:
        tt.summarise(failing, "x")
    assert info.value.__cause__ is not None
    with pytest.raises(tt.InvalidWeightsError, match=r"question 'x': weights 'w' .* String"):
        tt.summarise(pl.DataFrame({"x": [1], "w": ["heavy"]}), "x", weights="w")
    with pytest.raises(tt.InvalidDataError, match=r"'x' holds List"):
        tt.summarise(pl.DataFrame({"x": [[1]]}), "x")
    with pytest.raises(tt.QuestionNotFoundError, match=r"\['h'\] are not in the polars frame"):
        tt.summarise(pl.DataFrame({"x": [1], "g": ["a"]}), "x", by="h")


@pytest.mark.parametrize("engine", sorted(ENGINES))
@settings(max_examples=10)
@given(
    answers=st.lists(st.sampled_from([1, 2, 3, None]), min_size=1, max_size=30),
    groups=st.data(),
)
def test_whole_number_answers_with_blanks_keep_their_labels(
    engine: str, answers: list[int | None], groups: st.DataObject
) -> None:
    # An integer column with a blank came back from the engine as float64: the table of
    # answers coded 1, 2, 3 was labelled 1.0, 2.0, 3.0 where pandas (Int64) says 1, 2, 3.
    group = groups.draw(st.lists(st.sampled_from([7, 8, None]), min_size=len(answers)))
    frame = pd.DataFrame(
        {
            "q": pd.array(answers, dtype="Int64"),
            "g": pd.array(group[: len(answers)], dtype="UInt8"),
        }
    )
    native = ENGINES[engine](frame)
    for call in (
        lambda data: tt.frequencies(data, "q"),
        lambda data: tt.crosstab(data, "q", "g"),
        lambda data: tt.frequencies(data, "q", by="g", missing_group="(none)"),
    ):
        engine_table, pandas_table = call(native), call(frame)
        assert engine_table.counts.index.tolist() == pandas_table.counts.index.tolist()
        assert engine_table.counts.columns.tolist() == pandas_table.counts.columns.tolist()
        assert engine_table.to_markdown() == pandas_table.to_markdown()


def test_integers_past_two_to_the_53_stay_exact() -> None:
    big = 2**53 + 1  # float64 holds 2**53 + 1 as 2**53: two answers would become one
    frame = pl.DataFrame({"q": pl.Series([big, big - 1, None], dtype=pl.Int64)})
    table = tt.frequencies(frame, "q")
    assert table.counts.index.tolist() == [big - 1, big]
    assert table.counts["All"].tolist() == [1, 1]


@pytest.mark.parametrize("engine", ["pandas", *sorted(ENGINES)])
@pytest.mark.parametrize(
    "call",
    [
        lambda data: tt.frequencies(data, ["q"]),
        lambda data: tt.multi_response(data, ["m1", "m2"]),
        lambda data: tt.grid(data, ["i1"], columns=["i1", "i2"]),
        lambda data: tt.summarise(data, ["x"]),
    ],
)
def test_a_list_of_columns_as_the_question_is_refused(engine: str, call: Any) -> None:
    frame = pd.DataFrame({"q": ["Yes"], "m1": ["1"], "m2": ["0"], "i1": ["No"], "i2": ["No"]})
    frame["x"] = ["3"]
    native = frame if engine == "pandas" else ENGINES[engine](frame)
    with pytest.raises(tt.InvalidOptionError, match="must be one column's name"):
        call(native)


# -- found by a probe of engines against pandas: each gave other numbers or a raw error ------


@pytest.mark.parametrize("engine", ["polars", "polars-lazy", "duckdb"])
def test_coded_multi_response_sets_count_the_same_on_engines(engine: str) -> None:
    # Before: true=/false= and slot_columns= were dropped on engines: with true=[0] the
    # engine read 0/1 as ticks (a=2, b=3 of 4 against pandas m1=2, m2=1 of 3), and the
    # slots were looked for as a column named after the question.
    reversed_codes = pd.DataFrame({"m1": [0, 0, 1, 1], "m2": [1, 1, 1, 0]})
    slots = pd.DataFrame({
        "s1": pd.array([1, 2, None], dtype="Int64"), "s2": pd.array([2, None, None], dtype="Int64"),
    })  # fmt: skip
    for frame, options in (
        (
            reversed_codes,
            {"columns": ["m1", "m2"], "options": ["a", "b"], "true": [0], "false": [1]},
        ),
        (slots, {"slot_columns": ["s1", "s2"], "codes": {1: "a", 2: "b"}}),
    ):
        expected = tt.multi_response(frame, "s", **options)  # type: ignore[arg-type]
        found = tt.multi_response(ENGINES[engine](frame), "s", **options)  # type: ignore[arg-type]
        pd.testing.assert_frame_equal(found.counts, expected.counts)
        pd.testing.assert_series_equal(found.bases, expected.bases)
    assert expected.counts.index.tolist() == ["a", "b"]


def test_yes_no_columns_take_the_labels_of_options() -> None:
    # Before: options= was dropped for the column names when true=/false= were given.
    frame = pd.DataFrame({"m1": ["Oui", "Non", "Oui"], "m2": ["Non", "Non", "Oui"]})
    table = tt.multi_response(frame, "s", columns=["m1", "m2"], options=["Prison", "Community"],
                              true=["Oui"], false=["Non"])  # fmt: skip
    assert table.counts["All"].to_dict() == {"Prison": 2, "Community": 1}


@pytest.mark.parametrize("engine", ["polars", "polars-lazy"])
def test_a_polars_categorical_is_tabulated_in_the_order_of_pandas(engine: str) -> None:
    # Before: the categories came in polars' group_by order, which changed between runs
    # (all six orders in 20 runs), and with largest_remainder the extra point moved.
    frame = pd.DataFrame({"q": ["Mid", "High", "Low", "Mid"], "g": ["S", "N", "E", "N"]})
    native = ENGINES[engine](frame)
    native = native.with_columns(pl.col("q", "g").cast(pl.Categorical))
    expected = tt.frequencies(frame, "q", by="g", rule="largest_remainder")
    for _ in range(5):
        found = tt.frequencies(native, "q", by="g", rule="largest_remainder")
        pd.testing.assert_frame_equal(found.counts, expected.counts)
        assert found.counts.index.tolist() == ["High", "Low", "Mid"]


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_a_grid_without_its_total_has_none_on_engines(engine: str) -> None:
    # Before: total=False was dropped on engines, which added an "All" group.
    frame = pd.DataFrame({"i1": ["Yes", "No", "Yes"], "i2": ["No", "No", "Yes"], "g": list("AAB")})
    options: dict[str, Any] = {"columns": ["i1", "i2"], "by": "g", "total": False}
    expected = tt.grid(frame, "q", **options)
    found = tt.grid(ENGINES[engine](frame), "q", **options)
    pd.testing.assert_series_equal(found.bases, expected.bases)
    assert "All" not in {group for group, _ in found.bases.index}


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_weights_up_to_the_documented_range_are_taken_on_engines(engine: str) -> None:
    # Before: above about 1e77 the engines' effective base squared the squared weights
    # again and overflowed: InvalidBaseError "effective bases must be finite".
    frame = pd.DataFrame({"q": ["Yes", "No", "Yes"], "w": [1e140, 1.0, 1.0]})
    expected = tt.frequencies(frame, "q", weights="w")
    found = tt.frequencies(ENGINES[engine](frame), "q", weights="w")
    np.testing.assert_allclose(found.effective_bases, expected.effective_bases, rtol=1e-12)
    assert float(found.effective_bases["All"]) == pytest.approx(1.0)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_a_group_of_tiny_weights_beside_huge_ones_keeps_its_effective_base(engine: str) -> None:
    # Before: the squared weights were scaled by the largest pattern's (6e296), and those
    # of the group weighted 1e-150 underflowed to 0: its effective base was 0, not 4.76.
    tiny, huge = [1e-150, 2e-150, 1e-150, 3e-150, 1e-150, 1e-150], [1e148] * 6
    frame = pd.DataFrame({
        "q": ["a", "b", "a", "b"] * 3, "g": ["x"] * 6 + ["y"] * 6, "w": tiny + huge,
        "m1": [1, 0] * 6, "m2": [0, 1, 1] * 4,
    })  # fmt: skip
    for table in (
        lambda data: tt.frequencies(data, "q", by="g", weights="w"),
        lambda data: tt.multi_response(data, "set", columns=["m1", "m2"], by="g", weights="w"),
    ):
        expected = table(frame).effective_bases
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # nor a float warning along the way
            found = table(ENGINES[engine](frame)).effective_bases
        np.testing.assert_allclose(found, expected, rtol=1e-12)
        assert float(found.iloc[0]) > 4


def test_bytes_are_refused_on_engines() -> None:
    # Before: DuckDB's BIT and VARINT were counted under labels such as b'\x05\xfd'.
    relation = duckdb.sql("select '101'::bit as flags, 5::varint as staff, 'x'::blob as raw")
    for column in ("flags", "staff", "raw"):
        with pytest.raises(tt.InvalidDataError, match=rf"\['{column}'\].*hold bytes"):
            tt.frequencies(relation, column)


@pytest.mark.parametrize("name", ["__tracktr_n__", "__tracktr_w__", "__tracktr_row__"])
def test_a_column_named_like_tracktrs_own_is_named(name: str) -> None:
    # Before: EngineError "more than one occurrence", blaming the frame's own query.
    frame = pl.DataFrame({name: ["Yes", "No", "Yes"]})
    with pytest.raises(tt.InvalidDataError, match="names tracktr uses for its own columns"):
        tt.frequencies(frame, name)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_option_not_asked_is_a_gap_or_refused_alike_on_every_engine(engine: str) -> None:
    # Pooled waves write "<not asked>" in the column of an option a wave did not offer.
    # Every engine counted it as an unticked 0 of the base (as pandas did): NPS's
    # "Second" printed 0 (0%) where none of NPS was asked it.
    frame = pd.DataFrame(
        {
            "g": ["CRC", "CRC", "NPS", "NPS", "NPS"],
            "m1": ["1", "0", "1", "1", "0"],
            "m2": ["1", "1", NOT_ASKED, NOT_ASKED, NOT_ASKED],
            "w": [1.0, 2.0, 1.0, 3.0, 1.0],
        }
    )
    native = ENGINES[engine](frame)

    def table(data: Any, weighted: bool) -> tt.Table:
        return tt.multi_response(
            data,
            "set",
            columns=["m1", "m2"],
            options=["First", "Second"],
            by="g",
            total=False,
            weights="w" if weighted else None,
        )

    for weighted in (False, True):
        gapped = table(native, weighted)
        assert gapped.gaps == (("Second", "NPS"),)
        assert "n/a" in gapped.to_markdown()
        assert_same(gapped, table(frame, weighted), weighted=weighted)
    # CRC's second organisation ticked "First" and was not asked "Second": no one base.
    mixed = frame.assign(m1="1", m2=["1", NOT_ASKED, NOT_ASKED, NOT_ASKED, NOT_ASKED])
    with pytest.raises(tt.MultiResponseError, match=r"'Second' was not asked of some .* 'CRC'"):
        table(ENGINES[engine](mixed), False)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_compare_groups_of_an_engine_frame_is_the_pandas_comparison(engine: str) -> None:
    # It raised AttributeError: the check for pooled waves read DataFrame.attrs, which
    # only a pandas frame has.
    frame = pd.DataFrame(
        {
            "funder": ["CRC"] * 30 + ["Other"] * 40,
            "grants": ["Yes"] * 5 + ["No"] * 25 + ["Yes"] * 29 + ["No"] * 11,
        }
    )
    expected = tt.compare_groups(frame, "grants", "funder", options=["Yes", "No"])
    result = tt.compare_groups(ENGINES[engine](frame), "grants", "funder", options=["Yes", "No"])
    pd.testing.assert_frame_equal(result.display(), expected.display())
    assert result.overall.p_value == expected.overall.p_value

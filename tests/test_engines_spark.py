"""Counting on Spark in local mode: the same random frames give the pandas tables.

One Spark session (local mode, one core, no UI) serves the module; starting it takes most
of the module's time, so the frames are few and small.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import tracktr as tt

pytest.importorskip("pyspark")
from tests.test_engines import (
    SUMMARIES,
    TABLES,
    assert_same_outcome,
    assert_same_summary,
    frames,
)
from tests.test_engines_collation import CALLS, FAMILIES, assert_as_pandas, family_frame

# PySpark warns that it does not yet fully support pandas 3 when it converts frames; the
# conversion used here (object columns of text, float weights) is exact, which the
# comparison with the pandas tables checks.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("tracktr-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def to_spark(spark: Any, frame: pd.DataFrame) -> Any:
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    schema = StructType(
        [
            StructField(name, DoubleType() if name == "w" else StringType(), nullable=True)
            for name in frame.columns
        ]
    )
    rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    return spark.createDataFrame(rows, schema=schema)


@settings(max_examples=5, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=frames())
def test_spark_gives_the_pandas_tables(spark: Any, frame: pd.DataFrame) -> None:
    native = to_spark(spark, frame)
    for name, table in TABLES.items():
        for weighted in (False, True) if not name.startswith("grid") else (False,):
            assert_same_outcome(table, native, frame, weighted=weighted)


def test_spark_names_a_value_that_is_not_an_option(spark: Any) -> None:
    native = to_spark(spark, pd.DataFrame({"q": ["Yes", "Maybe"], "w": [1.0, 1.0]}))
    with pytest.raises(tt.UnknownValueError, match=r"Maybe.*rows of the pyspark frame"):
        tt.frequencies(native, "q", options=["Yes", "No"])


def test_a_spark_query_that_fails_is_an_engine_error(spark: Any) -> None:
    frame = spark.sql(
        "SELECT CASE WHEN q = 'Yes' THEN raise_error('the view failed') ELSE q END AS q "
        "FROM VALUES ('No'), ('Yes') AS t(q)"
    )
    failed = r"question 'q': the pyspark frame failed while counting the answers .*view failed"
    with pytest.raises(tt.EngineError, match=failed) as info:
        tt.frequencies(frame, "q", options=["Yes", "No"])
    assert "frame.count()" in str(info.value)
    assert info.value.__cause__ is not None
    with pytest.raises(tt.QuestionNotFoundError, match=r"\['g'\] are not in the pyspark frame"):
        tt.crosstab(frame, "q", "g")


@settings(max_examples=3, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=frames())
def test_spark_gives_the_pandas_summaries(spark: Any, frame: pd.DataFrame) -> None:
    native = to_spark(spark, frame)
    for weighted in (False, True):
        expected = SUMMARIES["by-group"](frame, weighted)
        assert_same_summary(SUMMARIES["by-group"](native, weighted), expected, exact_mean=False)


def test_spark_counts_columns_whose_names_hold_a_dot_or_a_backtick(spark: Any) -> None:
    # Old: "[UNRESOLVED_COLUMN] `a`.`b` cannot be resolved" (an EngineError blaming the
    # frame): Spark read the name as field b of a.
    frame = pd.DataFrame({"a.b": ["Yes", "No", "Yes"], "`g`": ["A", "A", "B"], "w.1": [1.0] * 3})
    native = spark.createDataFrame(frame)
    expected = tt.frequencies(frame, "a.b", by="`g`", weights="w.1")
    table = tt.frequencies(native, "a.b", by="`g`", weights="w.1")
    pd.testing.assert_frame_equal(table.counts, expected.counts)


def test_spark_reads_the_rows_and_respondents_of_columns_whose_names_hold_a_dot(
    spark: Any,
) -> None:
    # Old: "[UNRESOLVED_COLUMN] `Q1`.`1` cannot be resolved" (an EngineError) where a
    # tab book or design estimate read the rows, and where validate() checked the ids
    # and named the respondents behind a failing answer: only the counting aliased them.
    from tracktr._engine import collect

    frame = pd.DataFrame({"resp.id": ["1", "2", "3"], "Q1.1": ["Yes", "Huge", "No"]})
    native = spark.createDataFrame(frame)
    pd.testing.assert_frame_equal(collect(native, ["Q1.1"], doing="a test"), frame[["Q1.1"]])
    question = {"id": "Q1.1", "type": "single", "text": "Q?", "options": ["Yes", "No"]}
    survey = tt.Survey.from_dict(
        {"title": "Demo", "respondent_id": "resp.id", "questions": [question]}
    )
    with pytest.raises(tt.SurveyValidationError) as found:
        survey.validate(native)
    assert found.value.failures[["respondent_id", "value"]].to_dict("records") == [
        {"respondent_id": "2", "value": "Huge"}
    ]


def test_spark_refuses_columns_whose_names_differ_only_in_case(spark: Any) -> None:
    # Old: "[AMBIGUOUS_REFERENCE] Reference `q` is ambiguous", an EngineError.
    native = spark.createDataFrame(pd.DataFrame({"q": ["Yes", "No"], "Q": ["A", "B"]}))
    with pytest.raises(tt.InvalidDataError, match=r"differ only in case \('q' and \['Q'\]"):
        tt.frequencies(native, "q")


def test_routed_sets_grids_and_numbers_follow_the_routing_on_spark(spark: Any) -> None:
    # Before: a routed-out blank was skipped and a routed-out answer counted on Spark, as
    # on every engine but for tt.frequencies.
    from tests.test_engines_routing import KNOWN, SURVEY, check_known_bases

    check_known_bases(to_spark(spark, KNOWN))
    answered = KNOWN.assign(views_costs=["Worse", "Worse", "Better", None])
    with pytest.raises(tt.SurveyValidationError, match=r"\['Better'\]: respondents") as error:
        tt.grid(to_spark(spark, answered), "views", survey=SURVEY)
    # The ids come back as Spark holds them (text here, as the frame is built).
    assert error.value.failures[["column", "respondent_id"]].values.tolist() == [
        ["views_costs", "103"]
    ]


def test_spark_counts_a_column_named_star(spark: Any) -> None:
    # Old: "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in Aggregate" (an
    # EngineError): Spark read the name as every column.
    frame = pd.DataFrame({"*": ["Yes", "No", "Yes"], "g": ["A", "A", "B"], "w": [1.0, 2.0, 0.5]})
    native = spark.createDataFrame(frame)
    expected = tt.frequencies(frame, "*", by="g", weights="w")
    table = tt.frequencies(native, "*", by="g", weights="w")
    pd.testing.assert_frame_equal(table.counts, expected.counts)


def test_spark_counts_a_weighted_table_by_a_nested_banner(spark: Any) -> None:
    frame = pd.DataFrame(
        {
            "q": ["Yes", "No", "Yes", "Yes", "No", "Yes"],
            "region": ["North", "North", "South", "South", "South", "North"],
            "funder": ["CRC", "CRC", "CRC", "Other", "Other", "Other"],
            "w": [1.0, 2.0, 0.5, 1.5, 1.0, 0.0],
        }
    )
    table = tt.frequencies(
        to_spark(spark, frame), "q", options=["Yes", "No"], by=("region", "funder"), weights="w"
    )
    assert table.counts.columns.tolist() == [
        "North / CRC",
        "North / Other",
        "South / CRC",
        "South / Other",
        "All",
    ]
    assert table.counts.loc["Yes"].tolist() == [1.0, 0.0, 0.5, 1.5, 3.0]
    assert table.counts.loc["No"].tolist() == [2.0, 0.0, 0.0, 1.0, 3.0]
    assert table.unweighted_bases is not None
    assert table.unweighted_bases.tolist() == [2, 1, 1, 2, 6]


def test_spark_refuses_a_weight_past_the_float_range_by_name(spark: Any) -> None:
    frame = pd.DataFrame({"q": ["Yes", "No"], "w": [1.0, 1e200]})
    with pytest.raises(tt.InvalidWeightsError, match=r"1 row\(s\) .* outside 1e-150 to 1e\+150"):
        tt.frequencies(to_spark(spark, frame), "q", options=["Yes", "No"], weights="w")


@pytest.mark.parametrize(
    "collation", ["UTF8_BINARY", "UTF8_LCASE", "UNICODE", "UNICODE_CI_AI", "UTF8_LCASE_RTRIM"]
)
def test_spark_collations_do_not_merge_labels(spark: Any, collation: str) -> None:
    # Old: Spark grouped by the column's collation: under UTF8_LCASE "a" and "A" were one
    # answer ({'a': 6, 'b': 6} where pandas counts A, B, a, b three times each), under
    # UNICODE "é" and "e" with a combining accent one, under ..._RTRIM "a" and "a ".
    for family, labels in FAMILIES.items():
        frame = family_frame(labels)
        native = to_spark(spark, frame).selectExpr(
            f"q COLLATE {collation} AS q", f"g COLLATE {collation} AS g", "CAST(x AS DOUBLE) AS x"
        )
        for call in CALLS:
            assert_as_pandas(family, call, native, frame)


def test_spark_collated_respondent_ids_are_not_merged(spark: Any) -> None:
    # Ids "a" and "A" are two respondents, as in pandas: only "a" is given twice. A guard
    # (it passed before the collation was undone too): a grouping by the collated id
    # would count one id three times.
    survey = tt.Survey.from_dict(
        {
            "title": "Ids",
            "respondent_id": "respondent_id",
            "questions": [{"id": "size", "type": "single", "text": "Size?", "options": ["S"]}],
        }
    )
    frame = pd.DataFrame({"respondent_id": ["a", "A", "a"], "size": ["S", "S", "S"]})
    native = to_spark(spark, frame).selectExpr(
        "respondent_id COLLATE UTF8_LCASE AS respondent_id", "size"
    )
    with pytest.raises(tt.SurveyValidationError) as expected:
        survey.validate(frame)
    with pytest.raises(tt.SurveyValidationError) as found:
        survey.validate(native)
    columns = ["value", "check"]
    assert expected.value.failures[columns].to_numpy().tolist() == [[("a",), "duplicate_id"]]
    assert found.value.failures[columns].to_numpy().tolist() == [[("a",), "duplicate_id"]]

"""Engine frames are read as pandas reads the same rows: the faults a hostile tester found.

Each engine runs for real (DuckDB embedded, polars, pyarrow, Dask's local scheduler). The
pandas result of the same rows is the reference: the same table, or the same error class
naming the same values.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import tracktr as tt

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")
dd = pytest.importorskip("dask.dataframe")

ALIKE = ["Yes", "yes", "YES", "No", "café", "cafe"]


def _size_survey() -> tt.Survey:
    question = {"id": "size", "type": "single", "text": "Size?", "options": ["Small", "Large"]}
    return tt.Survey.from_dict({"title": "Demo", "questions": [question]})


def _collated(setting: str | None, column_type: str = "VARCHAR") -> Any:
    """A DuckDB relation of ALIKE in column ``q``, under a connection's default collation."""
    connection = duckdb.connect()
    if setting is not None:
        connection.execute(f"SET default_collation = '{setting}'")
    connection.execute(f"CREATE TABLE answers (q {column_type})")
    connection.executemany("INSERT INTO answers VALUES (?)", [[a] for a in ALIKE])
    return connection.table("answers")


@pytest.mark.parametrize(
    ("setting", "column_type"),
    [("nocase.noaccent", "VARCHAR"), (None, "VARCHAR COLLATE NOCASE"), ("noaccent", "VARCHAR")],
)
def test_a_duckdb_collation_does_not_merge_answers(setting: str | None, column_type: str) -> None:
    # Old: the GROUP BY followed the collation: {'Yes': 3, 'No': 1, 'café': 2} under
    # nocase.noaccent, where the rows (and pandas) hold six answers, one each.
    relation = _collated(setting, column_type)
    expected = tt.frequencies(pd.DataFrame({"q": ALIKE}), "q")
    pd.testing.assert_frame_equal(tt.frequencies(relation, "q").counts, expected.counts)


def test_a_duckdb_collation_does_not_hide_values_outside_the_options() -> None:
    # Old: no error at all: 'yes' and 'YES' were counted as 'Yes', 'cafe' as 'café'.
    relation = _collated("nocase.noaccent")
    with pytest.raises(tt.UnknownValueError) as error:
        tt.frequencies(relation, "q", options=["Yes", "No", "café"])
    assert sorted(error.value.values) == ["YES", "cafe", "yes"]


def test_a_duckdb_collation_does_not_merge_respondent_ids() -> None:
    # Ids "a" and "A" are two respondents, as in pandas; under NOCASE they were one.
    connection = duckdb.connect()
    connection.execute("SET default_collation = 'nocase'")
    frame = pd.DataFrame({"respondent_id": ["a", "A"], "size": ["Small", "Small"]})
    connection.register("answers", frame)
    survey = _size_survey()
    survey.validate(frame)
    survey.validate(connection.sql("SELECT * FROM answers"))


VALIDATE_ENGINES: dict[str, Any] = {
    "polars": pl.from_pandas,
    "polars-lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "pyarrow": lambda frame: pa.Table.from_pandas(frame, preserve_index=False),
    "duckdb": duckdb.from_df,
    "dask": lambda frame: dd.from_pandas(frame, npartitions=2),
}


def _validation_failures(survey: tt.Survey, data: Any) -> list[tuple[Any, Any, str]]:
    try:
        survey.validate(data)
    except tt.SurveyValidationError as error:
        found = error.failures[["respondent_id", "value", "check"]].itertuples(index=False)
        return sorted((int(r), v, c) for r, v, c in found)
    return []


@pytest.mark.parametrize("engine", sorted(VALIDATE_ENGINES))
def test_engine_validate_refuses_padded_labels_as_pandas_does(engine: str) -> None:
    # Old: validate() passed on every engine (the patterns were prepared, which strips
    # text), then tabulating the same frame refused ' Large' and 'Large '.
    frame = pd.DataFrame({"respondent_id": [1, 2, 3], "size": ["Small", " Large", "Large "]})
    expected = [(2, " Large", "unknown_value"), (3, "Large ", "unknown_value")]
    assert _validation_failures(_size_survey(), frame) == expected
    assert _validation_failures(_size_survey(), VALIDATE_ENGINES[engine](frame)) == expected


@pytest.mark.parametrize("engine", sorted(VALIDATE_ENGINES))
def test_engine_validate_refuses_number_text_as_pandas_does(engine: str) -> None:
    # Old: only 'x' failed on the engines; pandas also refuses the text '1' (prepare()
    # converts it, validate() does not).
    question = {"id": "staff", "type": "numeric", "text": "Staff?"}
    survey = tt.Survey.from_dict({"title": "Demo", "questions": [question]})
    frame = pd.DataFrame({"respondent_id": [1, 2, 3], "staff": ["1", "x", None]})
    expected = _validation_failures(survey, frame)
    assert [(r, v) for r, v, _ in expected] == [(1, "1"), (2, "x")]
    assert _validation_failures(survey, VALIDATE_ENGINES[engine](frame)) == expected


@pytest.mark.parametrize(
    ("levels", "answers"),
    [
        ([1, 2, 3], [1, 2, 1]),
        ([3, 1, 2], [1, None, 2]),
        ([1.5, 2.5], [1.5]),
        ([True, False], [True]),
    ],
)
def test_a_pyarrow_dictionary_of_numbers_gives_every_level_a_row(
    levels: list[Any], answers: list[Any]
) -> None:
    # Old: only text levels were read, so a categorical of the codes 1, 2, 3 with no 3
    # lost the row '3: 0' that pandas prints.
    frame = pd.DataFrame({"q": pd.Series(answers, dtype=pd.CategoricalDtype(levels))})
    table = tt.frequencies(pa.Table.from_pandas(frame, preserve_index=False), "q")
    assert list(table.counts.index) == levels
    pd.testing.assert_frame_equal(table.counts, tt.frequencies(frame, "q").counts)


def test_a_duckdb_categorical_of_numbers_takes_its_rows_from_the_options() -> None:
    # DuckDB reads a pandas categorical of numbers as BIGINT: its levels are gone before
    # tracktr sees the relation, so an unused code has a row only when the options name it.
    frame = pd.DataFrame({"q": pd.Series([1, 2, 1], dtype=pd.CategoricalDtype([1, 2, 3]))})
    relation = duckdb.from_df(frame)
    assert tt.frequencies(relation, "q").counts["All"].to_dict() == {1: 2, 2: 1}
    table = tt.frequencies(relation, "q", options=[1, 2, 3])
    assert table.counts["All"].to_dict() == {1: 2, 2: 1, 3: 0}


@pytest.mark.parametrize("name", ["a.b", "Q1.1", "`x`", 'a"b.c'])
def test_duckdb_counts_columns_whose_names_hold_a_dot_or_a_backtick(name: str) -> None:
    # Old: "Binder Error: Referenced table "a" not found!" (an EngineError blaming the
    # relation, which runs on its own): the name was read as table a, column b.
    frame = pd.DataFrame({name: ["Yes", "No", None, "Yes"], "g.1": ["A", None, "B", "A"]})
    frame["w.1"] = [1.0, 2.0, 1.0, 0.5]
    relation = duckdb.from_df(frame)
    for by, weights in [(None, None), ("g.1", None), ("g.1", "w.1")]:
        expected = tt.frequencies(frame, name, by=by, weights=weights)
        table = tt.frequencies(relation, name, by=by, weights=weights)
        pd.testing.assert_frame_equal(table.counts, expected.counts)


def test_duckdb_names_weights_with_a_dot_by_their_own_name() -> None:
    frame = pd.DataFrame({"q": ["Yes", "No"], "w.1": [1.0, -1.0]})
    with pytest.raises(tt.InvalidWeightsError, match=r"weights 'w\.1': 1 row\(s\)"):
        tt.frequencies(duckdb.from_df(frame), "q", weights="w.1")


@pytest.mark.parametrize(("name", "rid"), [("Q1.1", "respondent_id"), ("`x`", "resp.id")])
def test_duckdb_validate_names_the_respondents_of_columns_whose_names_hold_a_dot(
    name: str, rid: str
) -> None:
    # Old: EngineError "Referenced table "resp" not found!" while checking the ids (a
    # grouped query, which reads resp.id as column id of table resp, as the counting did
    # before it aliased such names). DuckDB's filters, which find the respondents behind
    # a failing answer, read them whole (Spark's do not: tests/test_engines_spark.py).
    question = {"id": name, "type": "single", "text": "Q?", "options": ["Yes", "No"]}
    survey = tt.Survey.from_dict({"title": "Demo", "respondent_id": rid, "questions": [question]})
    frame = pd.DataFrame({rid: [1, 2, 3, 4], name: ["Yes", "Huge", "No", "Huge"]})
    with pytest.raises(tt.SurveyValidationError) as expected:
        survey.validate(frame)
    with pytest.raises(tt.SurveyValidationError) as found:
        survey.validate(duckdb.from_df(frame))
    columns = ["question", "respondent_id", "value", "check"]
    assert found.value.failures[columns].to_dict("records") == (
        expected.value.failures[columns].to_dict("records")
    )


def test_duckdb_collect_reads_columns_whose_names_hold_a_dot_or_a_backtick() -> None:
    # (It did before; the columns now pass through the same aliases as on Spark.)
    from tracktr._engine import collect

    frame = pd.DataFrame({"Q1.1": ["Yes", "No"], "`x`": [1, 2], "other": [0, 0]})
    rows = collect(duckdb.from_df(frame), ["Q1.1", "`x`"], doing="a test")
    pd.testing.assert_frame_equal(rows, frame[["Q1.1", "`x`"]])


@pytest.mark.parametrize(
    "convert", [pl.from_pandas, lambda frame: pa.Table.from_pandas(frame, preserve_index=False)]
)
def test_an_eager_frame_names_the_rows_of_empty_text_options(convert: Any) -> None:
    # Old: "empty text in some rows of the polars frame (filter it on these values to
    # list them)": only an UnknownValueError passed its values on to find the rows.
    frame = pd.DataFrame({"q": ["Yes", "No", None, "", " "], "g": ["A", "B", "A", "B", "A"]})
    with pytest.raises(tt.InvalidOptionError, match=r"empty text in rows \[3, 4\],"):
        tt.frequencies(frame, "q", by="g")
    with pytest.raises(tt.InvalidOptionError, match=r"empty text in rows \[3, 4\] \(0-based"):
        tt.frequencies(convert(frame), "q", by="g")


def _unknown_values(data: Any, question: str, **options: Any) -> tuple[Any, ...]:
    with pytest.raises(tt.UnknownValueError) as error:
        tt.frequencies(data, question, **options)
    return error.value.values


def test_duckdb_lists_values_that_are_not_options_in_order() -> None:
    # Old: [2, 1], the order of DuckDB's GROUP BY, where pandas lists [1, 2]. A relation
    # has no row order: its values are listed sorted, whatever order the grouping gives.
    frame = pd.DataFrame({"q": pd.array([1, 2, None, 2], dtype="Int64")})
    assert _unknown_values(frame, "q", options=["1", "2"]) == (1, 2)
    assert _unknown_values(duckdb.from_df(frame), "q", options=["1", "2"]) == (1, 2)
    words = pd.DataFrame({"q": [f"w{i:02d}" for i in range(40)] * 2})
    assert _unknown_values(duckdb.from_df(words), "q", options=["x"])[:10] == tuple(
        f"w{i:02d}" for i in range(10)
    )


@pytest.mark.parametrize(
    "convert", [pl.from_pandas, lambda frame: pa.Table.from_pandas(frame, preserve_index=False)]
)
def test_an_eager_frame_lists_values_that_are_not_options_as_pandas_does(convert: Any) -> None:
    # Old (polars): the order of its hash grouping, which changed from run to run. An
    # eager frame's rows have an order: values are listed in it, as pandas lists them.
    frame = pd.DataFrame({"q": [f"w{(7 * i) % 40:02d}" for i in range(40)] * 2})
    expected = _unknown_values(frame, "q", options=["x"])
    assert expected[:3] == ("w00", "w07", "w14")
    for _ in range(3):
        assert _unknown_values(convert(frame), "q", options=["x"]) == expected


@pytest.mark.parametrize(
    "convert",
    [
        lambda frame: pa.Table.from_pandas(frame, preserve_index=False),
        lambda frame: dd.from_pandas(frame, npartitions=2),
    ],
)
@pytest.mark.parametrize(("question", "by"), [("", "g"), ("q", "")])
def test_pyarrow_and_dask_count_a_column_named_with_no_text(
    convert: Any, question: str, by: str
) -> None:
    # Old: EngineError "'str' object has no attribute '_evaluate_aliases'" (narwhals
    # grouped by no column for the name ""), where pandas counts it.
    frame = pd.DataFrame({question: ["Yes", "No", "Yes"], by: ["A", "B", "B"], "w": [1.0, 2, 1]})
    for weights in (None, "w"):
        expected = tt.frequencies(frame, question, by=by, weights=weights)
        table = tt.frequencies(convert(frame), question, by=by, weights=weights)
        pd.testing.assert_frame_equal(table.counts, expected.counts)


@pytest.mark.parametrize(("question", "by"), [("Q", None), ("q", None), ("q", "Q")])
def test_duckdb_refuses_columns_whose_names_differ_only_in_case(question: str, by: Any) -> None:
    # Old: a bare KeyError 'Q' (no TracktrError), or "Expected unique column names":
    # DuckDB reads "Q" as q, so either name gave the first column.
    relation = duckdb.sql("""SELECT 'Yes' AS q, 'A' AS "Q" """)
    with pytest.raises(tt.InvalidDataError, match=r"differ only in case \('\w' and \['\w'\]"):
        tt.frequencies(relation, question, by=by)


@pytest.mark.parametrize(
    "convert", [pl.from_pandas, lambda frame: pa.Table.from_pandas(frame, preserve_index=False)]
)
def test_an_error_about_a_text_banner_beside_a_number_question_keeps_its_class(
    convert: Any,
) -> None:
    # Old: EngineError "'is_in' cannot check for Int64 values in List(String) data": the
    # rows of 'None' were looked for in the number column q first, and that query failed.
    frame = pd.DataFrame({"q": [1, 2, 1], "g": ["A", "None", "B"]})
    with pytest.raises(tt.UnknownValueError, match=r"'g': the text \['None'\] in rows \[1\]"):
        tt.frequencies(frame, "q", by="g")
    with pytest.raises(tt.UnknownValueError, match=r"in rows \[1\] \(0-based positions of the"):
        tt.frequencies(convert(frame), "q", by="g")


def test_duckdb_names_a_dotted_column_of_records_by_its_own_name() -> None:
    # Before: "'__tracktr_c0__' holds Struct(...)": the alias read in the user's place.
    con = duckdb.connect()
    relation = con.sql("""SELECT * FROM (VALUES ({'a': 1}), ({'a': 2})) t("Q1.1")""")
    with pytest.raises(tt.InvalidDataError, match=r"'Q1\.1' holds Struct"):
        tt.frequencies(relation, "Q1.1", options=["1", "2"])

"""Columns whose names an engine reads as a pattern give the pandas tables.

polars reads a column name ``"*"`` as every column and ``"^...$"`` as a regular expression
over the names; DuckDB and Spark read ``"*"`` as every column. Before, a polars column
``"^a$"`` beside a column ``a`` was counted as ``a`` and then lost (a bare ``KeyError``),
its rows were named from ``a``, and ``"*"`` was an :class:`tracktr.EngineError` on polars,
DuckDB and Spark, where pandas counts every such column as the column it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.test_engines import ENGINES, assert_same, assert_same_summary

pl = pytest.importorskip("polars")

# Each name beside a decoy its pattern picks out: "^a$" matches "a", "^q.*$" matches "q1".
PATTERNS = ["*", "^a$", "^q.*$", "^.*$"]
PLAIN = ["a", "q1", "Q.1", "w", "g"]


def _frame(question: str, banner: str, weights: str) -> pd.DataFrame:
    columns = {
        question: ["Yes", "No", "Yes", None, "No", "Yes"],
        banner: ["x", "y", "x", "y", "x", "x"],
        weights: [1.0, 2.0, 0.5, 1.0, 0.0, 3.0],
    }
    # The decoys hold answers the question does not have, and weights of another size.
    decoys = {name: ["decoy"] * 6 for name in PLAIN if name not in columns}
    return pd.DataFrame({**columns, **decoys})


NAMES = st.lists(st.sampled_from([*PATTERNS, *PLAIN]), min_size=3, max_size=3, unique=True)


@pytest.mark.parametrize("engine", sorted(ENGINES))
@settings(max_examples=6, deadline=None)
@given(names=NAMES, weighted=st.booleans())
def test_a_table_does_not_depend_on_the_names_of_its_columns(
    engine: str, names: list[str], weighted: bool
) -> None:
    question, banner, weights = names
    frame = _frame(question, banner, weights)
    native = ENGINES[engine](frame)
    w = weights if weighted else None
    expected = tt.frequencies(frame, question, by=banner, weights=w)
    assert_same(tt.frequencies(native, question, by=banner, weights=w), expected, weighted=weighted)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_weights_named_as_a_pattern_are_not_the_weights_of_another_column(engine: str) -> None:
    # Old, polars: the weights of column "w" ({'Yes': 11.0, 'No': 1.0}), silently.
    frame = pd.DataFrame({"q": ["Yes", "No", "Yes"], "^w$": [1.0, 2.0, 3.0], "w": [10.0, 1.0, 1.0]})
    table = tt.frequencies(ENGINES[engine](frame), "q", weights="^w$")
    assert table.counts["All"].to_dict() == {"Yes": 4.0, "No": 2.0}
    assert_same(table, tt.frequencies(frame, "q", weights="^w$"), weighted=True)


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("name", PATTERNS)
def test_a_weighted_summary_by_a_banner_named_as_a_pattern(engine: str, name: str) -> None:
    # DuckDB: a banner named "*" made the weighted summary's flag of weights above 0
    # select every column twice ("the data has 2 columns named ...").
    frame = pd.DataFrame(
        {"x": [1.0, 2.0, 4.0, 8.0], name: ["a", "b", "a", "b"], "w": [1.0, 2.0, 0.0, 1.0]}
    ).assign(a=9.0, q1="decoy")
    native = ENGINES[engine](frame)
    expected = tt.summarise(frame, "x", by=name, weights="w")
    assert_same_summary(tt.summarise(native, "x", by=name, weights="w"), expected, exact_mean=False)


# Nested, listed (a column in two banners), numeric (groups 1, 2, 3) and blank groups.
BANNERS: list[Any] = [None, "g", ("g", "h"), ["g", ("g", "h"), ("h", "g")], "n", ("n", "g")]


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("by", BANNERS, ids=str)
def test_a_weighted_summary_beside_a_column_named_as_a_pattern(engine: str, by: Any) -> None:
    # Old, DuckDB: a column "*" the summary does not count made its flag of weights above
    # 0 select every column twice: "the data has 2 columns named 'x'", whatever `by` was.
    frame = pd.DataFrame(
        {
            "x": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, None],
            "g": ["a", "b", "a", None, "b", "a", "b", "a"],
            "h": ["u", "u", "v", "v", None, "u", "v", "u"],
            "n": [1.0, 2.0, 1.0, 3.0, 2.0, None, 1.0, 2.0],
            "*": ["s", "t", "s", "t", "s", "t", "s", "t"],
            "w": [1.0, 2.0, 0.0, 1.5, 1.0, 2.0, 3.0, 1.0],
        }
    )
    native = ENGINES[engine](frame)
    for missing_group in [None] if by is None else [None, "(none)"]:
        options: dict[str, Any] = {"by": by, "weights": "w", "missing_group": missing_group}
        expected = tt.summarise(frame, "x", **options)
        assert_same_summary(tt.summarise(native, "x", **options), expected, exact_mean=False)


@pytest.mark.parametrize("engine", ["polars", "pyarrow"])
@pytest.mark.parametrize("name", PATTERNS)
def test_an_eager_frame_names_the_rows_of_the_column_itself(engine: str, name: str) -> None:
    # polars named the rows of the decoy: "in rows [0]" for the answer in row 2.
    frame = pd.DataFrame({name: ["Yes", "No", "Maybe"], "a": ["Maybe", "x", "x"]}).assign(
        q1="Maybe"
    )
    native = ENGINES[engine](frame)
    with pytest.raises(tt.UnknownValueError, match=r"\['Maybe'\].*in rows \[2\] \(0-based"):
        tt.frequencies(native, name, options=["Yes", "No"])


SURVEY = tt.Survey.from_dict(
    {
        "title": "Pattern names",
        "respondent_id": "rid",
        "questions": [
            {"id": "^q$", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
            {"id": "*", "type": "single", "text": "Group?", "options": ["a", "b"]},
        ],
    }
)


def _failures(error: pytest.ExceptionInfo[tt.SurveyValidationError]) -> list[Any]:
    failures = error.value.failures[["column", "respondent_id", "value", "check"]]
    return sorted(map(tuple, failures.astype(str).to_numpy().tolist()))


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_validate_checks_the_columns_named_as_patterns(engine: str) -> None:
    # Old: a bare KeyError '^q$' on polars, an EngineError on DuckDB.
    frame = pd.DataFrame(
        {
            "rid": ["r1", "r2", "r3", "r4"],
            "^q$": ["Yes", "No", "Bad", None],
            "*": ["a", "b", "a", "zz"],
            "q": ["Bad", "Bad", "Yes", "Yes"],
        }
    )
    with pytest.raises(tt.SurveyValidationError) as expected:
        SURVEY.validate(frame, allow_extra_columns=True)
    with pytest.raises(tt.SurveyValidationError) as found:
        SURVEY.validate(ENGINES[engine](frame), allow_extra_columns=True)
    assert _failures(found) == _failures(expected)
    assert [row[1] for row in _failures(found)] == ["r4", "r3"]


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_tab_book_of_columns_named_as_patterns(engine: str) -> None:
    frame = pd.DataFrame(
        {
            "rid": ["r1", "r2", "r3", "r4"],
            "^q$": ["Yes", "No", "No", None],
            "*": ["a", "b", "a", "b"],
            "q": ["x", "x", "x", "x"],
            "w": [1.0, 2.0, 0.5, 1.0],
        }
    )
    expected = tt.tabbook(frame, SURVEY, banners=["*"], weights="w").to_frame()
    found = tt.tabbook(ENGINES[engine](frame), SURVEY, banners=["*"], weights="w").to_frame()
    pd.testing.assert_frame_equal(found, expected)


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_a_scanned_file_reads_ids_and_weights_named_as_patterns(
    tmp_path: Path, engine: Literal["duckdb", "polars"]
) -> None:
    # Old, polars: the ids "^id$" were read from column "id" (a false duplicate_id:
    # "repeated: 9 in 4 rows"), and the weights "^w$" from column "w".
    survey = tt.Survey.from_dict(
        {
            "title": "Pattern names",
            "respondent_id": "^id$",
            "design": {"weights": "^w$"},
            "questions": [
                {"id": "*", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
                {"id": "^g$", "type": "single", "text": "G?", "options": ["a", "b"]},
                {"id": "g", "type": "single", "text": "Decoy", "options": ["z"]},
                {"id": "id", "type": "text", "text": "Decoy"},
                {"id": "w", "type": "numeric", "text": "Decoy"},
            ],
        }
    )
    frame = pd.DataFrame(
        {
            "^id$": ["1", "2", "3", "4"],
            "id": ["9"] * 4,
            "*": ["Yes", "No", "Yes", "Yes"],
            "^g$": ["a", "b", "a", "b"],
            "g": ["z"] * 4,
            "^w$": [1.0, 2.0, 3.0, 4.0],
            "w": [10.0, 1.0, 1.0, 1.0],
        }
    )
    path = tmp_path / "hostile.csv"
    frame.to_csv(path, index=False)
    expected = tt.frequencies(frame, "*", survey=survey, by="^g$", weights="^w$")
    tables = tt.io.scan(path, survey, engine=engine).tables(["*"], by=["^g$"], weights="^w$")
    pd.testing.assert_frame_equal(tables["*", "^g$"].counts, expected.counts)
    assert tables["*", "^g$"].counts["All"].to_dict() == {"Yes": 8.0, "No": 2.0}

"""Columns named as tracktr's own columns in an engine's query: counted as themselves.

tracktr adds columns to an engine's query (row numbers, aliases of hostile names, counts
of the respondent ids, flags of refused weights). A caller's column of the same name,
even one the call did not name, made polars and pyarrow fail on two columns of one name;
the pandas table (or the pandas failures) is the reference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import tracktr as tt
from tests.test_engines import ENGINES, assert_same

ANSWERS = ["Yes", "No", "Yes", None, "No", "Yes"]
WEIGHTS = [1.0, 2.0, 0.0, 0.5, 1.5, 3.0]
CODES = ["a", "b", "a", "b", "a", "b"]

CASES: dict[str, tuple[dict[str, list[Any]], Callable[[Any], tt.Table]]] = {
    # A column named as the alias of another that needs one ("Q1.1", "*").
    "alias-as-banner": (
        {"Q1.1": CODES, "__tracktr_c0__": ["x", "x", "y", "y", "x", "y"], "w": WEIGHTS},
        lambda data: tt.frequencies(
            data, "Q1.1", options=["a", "b"], by="__tracktr_c0__", weights="w"
        ),
    ),
    "alias-as-question": (
        {"*": CODES, "__tracktr_c1__": ANSWERS, "w": WEIGHTS},
        lambda data: tt.frequencies(
            data, "__tracktr_c1__", options=["Yes", "No"], by="*", weights="w"
        ),
    ),
    "alias-as-weights": (
        {"Q1.1": CODES, "__tracktr_c0__": WEIGHTS},
        lambda data: tt.frequencies(data, "Q1.1", options=["a", "b"], weights="__tracktr_c0__"),
    ),
    # A column named as the row numbers, not counted: polars and pyarrow failed.
    "row-numbers-beside": (
        {"q": ANSWERS, "__tracktr_row__": [1, 2, 3, 4, 5, 6], "w": WEIGHTS},
        lambda data: tt.frequencies(data, "q", options=["Yes", "No"], weights="w"),
    ),
    # Columns named as the flags of refused weights, counted.
    "weight-flags-counted": (
        {"__tracktr_bad__": ANSWERS, "__tracktr_out__": CODES, "w": WEIGHTS},
        lambda data: tt.frequencies(
            data, "__tracktr_bad__", options=["Yes", "No"], by="__tracktr_out__", weights="w"
        ),
    ),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_column_named_as_an_internal_one_is_counted_as_itself(engine: str, case: str) -> None:
    columns, table = CASES[case]
    frame = pd.DataFrame(columns)
    assert_same(table(ENGINES[engine](frame)), table(frame), weighted=True)


@pytest.mark.parametrize("engine", ["polars", "pyarrow"])
def test_the_rows_of_a_refused_weight_are_named_beside_a_row_numbers_column(engine: str) -> None:
    frame = pd.DataFrame({"q": ANSWERS, "__tracktr_row__": [1, 2, 3, 4, 5, 6], "w": WEIGHTS})
    native = ENGINES[engine](frame.assign(w=[1.0, -1.0, 1.0, 1.0, 1.0, 1.0]))
    with pytest.raises(tt.InvalidWeightsError, match=r"\(rows \[1\], 0-based\)"):
        tt.frequencies(native, "q", options=["Yes", "No"], weights="w")


@pytest.mark.parametrize("engine", ["polars", "pyarrow"])
def test_the_rows_of_an_unknown_value_are_named_beside_a_row_numbers_column(engine: str) -> None:
    frame = pd.DataFrame({"q": ["Yes", "Maybe", "No"], "__tracktr_row__": [1, 2, 3]})
    with pytest.raises(tt.UnknownValueError, match=r"in rows \[1\] \(0-based positions"):
        tt.frequencies(ENGINES[engine](frame), "q", options=["Yes", "No"])


@pytest.mark.parametrize("engine", ["polars", "polars-lazy", "pyarrow", "duckdb"])
@pytest.mark.parametrize("rid", ["__tracktr_rows__", "__tracktr_position__"])
def test_a_respondent_id_named_as_an_internal_column_is_checked(engine: str, rid: str) -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "Members",
            "respondent_id": rid,
            "questions": [
                {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]}
            ],
        }
    )
    frame = pd.DataFrame({rid: [1, 1, None, 2], "size": "Small"}).astype({rid: object})
    with pytest.raises(tt.SurveyValidationError) as expected:
        survey.validate(frame)
    with pytest.raises(tt.SurveyValidationError) as got:
        survey.validate(ENGINES[engine](frame))
    checks = got.value.failures["check"].tolist()
    assert sorted(checks) == sorted(expected.value.failures["check"].tolist())
    assert sorted(checks) == ["duplicate_id", "missing_id"]

"""Properties of the one number reader and of routing evaluated without recursion."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr._numbers import parse_number
from tracktr.survey import All, AnyOf, Is, Not
from tracktr.survey._cells import _leaf, evaluate
from tracktr.survey._distinct import DistinctColumns
from tracktr.survey._routing import Condition

FINITE = st.floats(allow_nan=False, allow_infinity=False)


@given(FINITE)
def test_str_of_any_finite_float_reads_back_exactly(number: float) -> None:
    assert parse_number(str(number)) == number
    assert parse_number(f" {number!r}\u00a0") == number  # spaces and a no-break space around


@given(st.integers(-(10**18), 10**18), st.sampled_from(["\u00a0", "\u202f"]))
def test_thousands_between_no_break_spaces_read_back(number: int, space: str) -> None:
    assert parse_number(f"{number:,}".replace(",", space)) == number
    assert parse_number(f"{number:,}.5".replace(",", space)) == float(f"{number}.5")


CELLS = st.one_of(
    FINITE,
    st.integers(-(10**6), 10**6),
    st.integers(-(10**6), 10**6).map(lambda n: f"{n:,}"),
    st.sampled_from(["1,000", "2,5", " 7 ", "lots", "inf", "1\u00a0000", "", True, 1 + 2j]),
    st.sampled_from([None, np.nan, "<refused>", "<skipped>", "<not asked>"]),
)


@given(st.lists(CELLS, max_size=12))
def test_number_cells_read_what_parse_number_reads(cells: list[Any]) -> None:
    from tracktr._numeric_cells import number_cells
    from tracktr.missing import MARKERS

    series = pd.Series(cells, dtype=object)
    blank = series.isna() | series.isin(list(MARKERS))
    read = [None if b else parse_number(c) for c, b in zip(cells, blank, strict=True)]
    refused = [p for p, r in enumerate(read) if isinstance(r, str)]
    if refused:
        with pytest.raises(tt.UnknownValueError) as error:
            number_cells(series, "x")
        assert list(error.value.rows) == refused
        return
    numbers, kind = number_cells(series, "x")
    expected = [np.nan if r is None else float(r) for r in read]
    np.testing.assert_array_equal(numbers, expected)
    assert (kind == "").tolist() == (~blank).tolist()


@given(FINITE)
def test_g_format_of_any_finite_float_reads_back_as_written(number: float) -> None:
    text = "%g" % number  # noqa: UP031  (the printf form is the point)
    assert parse_number(text) == float(text)


@given(st.integers(-(10**300), 10**300))
def test_str_of_any_int_reads_back_as_that_int(number: int) -> None:
    read = parse_number(str(number))
    assert read == number
    assert isinstance(read, int)


@given(st.integers(0, 999), st.integers(0, 999), st.integers(1, 999))
def test_grouped_thousands_read_as_one_number(a: int, b: int, head: int) -> None:
    assert parse_number(f"{head},{a:03d},{b:03d}") == head * 1_000_000 + a * 1000 + b
    assert parse_number(f"{head},{a:03d}.5") == head * 1000 + a + 0.5
    # One group and no decimal point: 1,000 or 1.000? Refused.
    assert parse_number(f"{head},{a:03d}") == "ambiguous_separator"


@given(st.sampled_from(["inf", "-inf", "Infinity", "nan", "NaN", "1e400", "-1e999"]))
def test_non_finite_text_is_refused(text: str) -> None:
    assert parse_number(text) == "not_finite"


# -- routing: the explicit-stack evaluation equals the plain recursive definition ------

SURVEY = tt.Survey.from_dict(
    {
        "title": "Routing",
        "questions": [
            {"id": "a", "type": "single", "text": "A?", "options": ["Yes", "No"]},
            {"id": "b", "type": "ordinal", "text": "B?", "options": ["Low", "High"]},
            {"id": "c", "type": "multi", "text": "C?", "options": ["X", "Y", "Z"]},
        ],
    }
)
QUESTIONS = {q.id: q for q in SURVEY.questions}
LEAVES = st.one_of(
    st.lists(st.sampled_from(["Yes", "No"]), min_size=1, max_size=2).map(
        lambda v: Is("a", tuple(v))
    ),
    st.lists(st.sampled_from(["Low", "High"]), min_size=1, max_size=2).map(
        lambda v: Is("b", tuple(v))
    ),
    st.lists(st.sampled_from(["X", "Y", "Z"]), min_size=1, max_size=3).map(
        lambda v: Is("c", tuple(v))
    ),
)
CONDITIONS: st.SearchStrategy[Condition] = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        inner.map(Not),
        st.lists(inner, min_size=1, max_size=3).map(lambda c: All(tuple(c))),
        st.lists(inner, min_size=1, max_size=3).map(lambda c: AnyOf(tuple(c))),
    ),
    max_leaves=8,
)


def recursive(condition: Condition, data: pd.DataFrame) -> pd.Series:
    """The evaluation as the codebook defines it, written recursively (the old way)."""
    if isinstance(condition, Is):  # a leaf reads its column's distinct cells (a mask)
        mask = _leaf(condition, data, QUESTIONS, DistinctColumns(data))
        return pd.Series(mask, index=data.index, dtype=bool)
    if isinstance(condition, Not):
        return ~recursive(condition.condition, data)
    parts = [recursive(part, data) for part in condition.conditions]
    out = parts[0]
    for part in parts[1:]:
        out = out & part if isinstance(condition, All) else out | part
    return out


CELLS: dict[str, list[Any]] = {
    "a": ["Yes", "No", 1, 2, None, "<skipped>", "<not asked>", " Yes", "2"],
    "b": ["Low", "High", 1, 2.0, None, "<skipped>"],
}


@given(CONDITIONS, st.data())
def test_iterative_routing_equals_recursive_routing(
    condition: Condition, data: st.DataObject
) -> None:
    rows = data.draw(st.integers(1, 8))
    frame = pd.DataFrame(
        {
            "a": data.draw(st.lists(st.sampled_from(CELLS["a"]), min_size=rows, max_size=rows)),
            "b": data.draw(st.lists(st.sampled_from(CELLS["b"]), min_size=rows, max_size=rows)),
            **{
                f"c_{i}": data.draw(
                    st.lists(st.sampled_from([0, 1, None]), min_size=rows, max_size=rows)
                )
                for i in (1, 2, 3)
            },
        }
    )
    got = evaluate(condition, frame, QUESTIONS)
    expected = recursive(condition, frame)
    assert got.dtype == np.bool_
    pd.testing.assert_series_equal(got, expected)

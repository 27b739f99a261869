"""A categorical column whose codes name no category is refused, naming them, on every path.

``pd.Categorical.from_codes(codes, categories, validate=False)`` keeps any code. Before,
a code past the categories (5 of 3) was dropped by the small one-way count, counted as
the last category by the count of few codes (from 2**16 rows, numpy or compiled), or
into the next group's blank cell; one below -1 raised a bare ``ValueError`` or
``IndexError``. Now every table refuses the column with :class:`tracktr.InvalidDataError`
naming the question, the codes and the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.kernel_choice import kernels_of
from tracktr import _kernels

SMALL, LARGE = 10, _kernels.BLOCK + 10  # below and above a block (the kept checks, few codes)
SURVEY = tt.Survey.from_dict(
    {
        "title": "Codes",
        "questions": [
            {"id": "kind", "type": "single", "text": "Kind?", "options": ["A", "B", "C"]},
            {"id": "g", "type": "single", "text": "Group?", "options": ["X", "Y"]},
            {
                "id": "r",
                "type": "single",
                "text": "Routed?",
                "options": ["A", "B", "C"],
                "ask_if": {"question": "g", "in": ["X"]},
            },
            {"id": "t", "type": "multi", "text": "Ticks?", "options": ["P", "Q"]},
            {"id": "gr", "type": "grid", "text": "Grid?", "items": ["i1", "i2"],
             "options": ["A", "B", "C"]},
        ],
    }
)  # fmt: skip


# Count with the compiled kernels (auto, from 0 rows) or numpy's, at every size.
kernels = kernels_of


def corrupt(n: int, categories: list[Any], bad: tuple[int, ...] = (5, -2)) -> Any:
    codes = np.zeros(n, dtype=np.int8)
    codes[[1, 3][: len(bad)]] = bad
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories), validate=False)


def frame(n: int, **columns: Any) -> pd.DataFrame:
    """A frame every question of SURVEY can read, with `columns` replaced."""
    fine = pd.Categorical(["A"] * n, categories=["A", "B", "C"])
    data = {
        "respondent_id": np.arange(n),
        "kind": fine,
        "g": pd.Categorical(["X"] * n, categories=["X", "Y"]),
        "r": fine,
        "t_1": np.ones(n, dtype=np.int64),
        "t_2": np.zeros(n, dtype=np.int64),
        "gr_1": fine,
        "gr_2": fine,
        "w": np.ones(n),
    }
    return pd.DataFrame(data | columns)


CALLS: dict[str, tuple[str, Callable[[pd.DataFrame], object], str]] = {
    "one-way": ("kind", lambda d: tt.frequencies(d, "kind"), "kind"),
    "codebook": ("kind", lambda d: tt.frequencies(d, "kind", survey=SURVEY), "kind"),
    "by answers": ("kind", lambda d: tt.frequencies(d, "kind", by="g"), "kind"),
    "by groups": ("g", lambda d: tt.frequencies(d, "kind", by="g"), "g"),
    "weighted": ("kind", lambda d: tt.frequencies(d, "kind", weights="w"), "kind"),
    "weighted groups": ("g", lambda d: tt.frequencies(d, "kind", by="g", weights="w"), "g"),
    "crosstab": ("kind", lambda d: tt.crosstab(d, "kind", "g"), "kind"),
    "routed": ("r", lambda d: tt.frequencies(d, "r", survey=SURVEY), "r"),
    "grid": ("gr_1", lambda d: tt.grid(d, "gr", survey=SURVEY), "gr"),
}
CATEGORIES = {"g": ["X", "Y"]}


@pytest.mark.parametrize("n", [SMALL, LARGE])
@pytest.mark.parametrize("choice", ["numpy", "auto"])
@pytest.mark.parametrize("call", sorted(CALLS))
def test_codes_past_the_categories_are_refused_naming_question_codes_and_rows(
    call: str, choice: str, n: int
) -> None:
    # Old: one-way dropped them (A 7, B 1, C 0 of 10 rows), few codes counted them as C
    # (C 2 of 0), a codebook raised "'list' argument must have no negative elements".
    if choice == "auto":
        pytest.importorskip("numba")
    column, count, question = CALLS[call]
    data = frame(n, **{column: corrupt(n, CATEGORIES.get(column, ["A", "B", "C"]))})
    with kernels(choice), pytest.raises(tt.InvalidDataError) as caught:
        count(data)
    message = str(caught.value)
    assert f"question {question!r}: the categorical column holds code(s) [-2, 5]" in message
    assert "in rows [1, 3]" in message
    assert "validate=False" in message


def test_a_tick_column_of_categories_with_a_code_past_them_is_refused() -> None:
    # Old: ValueError: 'list' argument must have no negative elements.
    data = frame(SMALL, t_1=corrupt(SMALL, [0, 1], bad=(2, -3)))
    with pytest.raises(tt.InvalidDataError, match=r"question 't'.* code\(s\) \[-3, 2\]"):
        tt.multi_response(data, "t", survey=SURVEY)


def test_the_input_is_left_as_it_was() -> None:
    data = frame(SMALL, kind=corrupt(SMALL, ["A", "B", "C"]))
    before = data["kind"].array.codes.copy()
    with pytest.raises(tt.InvalidDataError):
        tt.frequencies(data, "kind")
    assert np.array_equal(data["kind"].array.codes, before)


@pytest.mark.parametrize("n", [SMALL, LARGE])
def test_a_checked_column_whose_slice_holds_bad_codes_is_still_refused(n: int) -> None:
    # The kept verdict is per array, start and length: a good column passes, and a frame
    # of corrupted codes beside it (another array) is refused, before and after.
    good = frame(n)
    assert tt.frequencies(good, "kind").counts["All"].tolist() == [n, 0, 0]
    bad = frame(n, kind=corrupt(n, ["A", "B", "C"]))
    for _ in range(2):
        with pytest.raises(tt.InvalidDataError, match=r"\[-2, 5\]"):
            tt.frequencies(bad, "kind")
        with pytest.raises(tt.InvalidDataError, match=r"\[5\]"):
            tt.frequencies(bad.iloc[1:2], "kind")
    assert tt.frequencies(bad.iloc[4:], "kind").counts["All"].tolist() == [n - 4, 0, 0]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(-1, 3), min_size=1, max_size=40),
    st.lists(st.integers(-128, 127).filter(lambda c: not -1 <= c <= 3), max_size=3),
    st.booleans(),
)
def test_counts_are_the_values_counts_or_the_codes_are_refused(
    codes: list[int], wrong: list[int], large: bool
) -> None:
    # Property: with valid codes the table counts the values; any code outside -1..3 is
    # refused, whatever the size of the column (large: past a block, the few-codes path).
    every = (codes * (LARGE // len(codes) + 1))[:LARGE] if large else codes
    values = np.array(every + wrong, dtype=np.int8)
    dtype = pd.CategoricalDtype(["A", "B", "C", "D"])
    categorical = pd.Categorical.from_codes(values, dtype=dtype, validate=False)
    data = pd.DataFrame({"kind": categorical})
    if wrong:
        with pytest.raises(tt.InvalidDataError, match=r"code\(s\) \["):
            tt.frequencies(data, "kind")
        return
    counted = tt.frequencies(data, "kind").counts["All"].tolist()
    assert counted == [every.count(code) for code in range(4)]

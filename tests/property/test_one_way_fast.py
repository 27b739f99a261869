"""A one-way table of one categorical column has a path of its own: it equals the general one.

``tt.frequencies(df, "q")`` of a categorical column, without codebook, groups or weights,
counts the codes and builds the table from arrays, with what the categories and options
decide kept per categories Index (issue 16). On random columns (blanks, missing markers,
values outside the options, "don't know", reserved or repeated labels) it must give the
table, or the error, that the general path gives.
"""

from __future__ import annotations

import gc
import weakref
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.tabulate._one_way import one_way

FEW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LABELS = ["Yes", "No", "Don't know", "Maybe", "yes", "Base", "<skipped>", "<not asked>", "nan"]


@st.composite
def calls(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, Any]]:
    categories = draw(st.lists(st.sampled_from(LABELS), unique=True, max_size=6))
    codes = draw(st.lists(st.integers(-1, len(categories) - 1), max_size=25))
    column = pd.Categorical.from_codes(
        np.array(codes, dtype=np.int8),
        dtype=pd.CategoricalDtype(categories, ordered=draw(st.booleans())),
    )
    frame = pd.DataFrame({"q": column, "other": np.arange(len(codes))})
    if draw(st.booleans()):  # respondents named by an index of their own
        frame.index = pd.Index([f"r{i}" for i in range(len(codes))])
    options = draw(
        st.none() | st.lists(st.sampled_from([*LABELS[:5], "Other"]), unique=True, max_size=6)
    )
    keywords = {
        "options": options,
        "dont_know": draw(st.sampled_from(["include", "exclude"])),
        "dont_know_options": draw(st.sampled_from([("Don't know",), (), ("Maybe", "No")])),
        "rule": draw(st.sampled_from(["half_up", "half_even", "largest_remainder"])),
        "decimals": draw(st.sampled_from([0, 1])),
        "small_base": draw(st.sampled_from([0, 5, 30])),
    }
    return frame, keywords


def outcome(frame: pd.DataFrame, keywords: dict[str, Any]) -> tt.Table | tuple[type, str]:
    try:
        return tt.frequencies(frame, "q", **keywords)
    except tt.TracktrError as error:
        return type(error), str(error)


@FEW
@given(made=calls())
def test_the_one_way_path_gives_the_general_paths_table_or_error(
    made: tuple[pd.DataFrame, dict[str, Any]],
) -> None:
    frame, keywords = made
    before = frame.copy(deep=True)
    fast = outcome(frame, keywords)
    fast_again = outcome(frame, keywords)  # the second call reads the kept plan
    with mock.patch("tracktr.tabulate._single.one_way", return_value=None):
        general = outcome(frame, keywords)
    pd.testing.assert_frame_equal(frame, before)  # the input is not changed
    for result in (fast, fast_again):
        if isinstance(general, tt.Table):
            assert isinstance(result, tt.Table)
            assert result == general
            assert result.respondents is not None
            assert result.respondents.equals(general.respondents)
            assert result.counts.dtypes.tolist() == general.counts.dtypes.tolist()
            assert result.to_markdown() == general.to_markdown()
            pd.testing.assert_frame_equal(result.to_frame(), general.to_frame())
        else:
            assert result == general


def test_a_plain_categorical_takes_the_one_way_path() -> None:
    options = ["a", "b", "Don't know"]
    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", "b", None, "Don't know"], options)})
    table = one_way(
        frame,
        "q",
        options=None,
        dont_know="exclude",
        dont_know_options=("Don't know",),
        rule="half_up",
        decimals=0,
        small_base=30,
    )
    assert table is not None
    assert table.counts["All"].tolist() == [1, 2]
    assert table.excluded is not None
    assert table.excluded["All"].to_dict() == {
        "skipped": 1,
        "not_asked": 0,
        "refused": 0,
        "dont_know": 1,
    }


def test_a_value_outside_the_options_is_left_to_the_general_path() -> None:
    frame = pd.DataFrame({"q": pd.Categorical(["a", "c"], ["a", "c"])})
    keywords: dict[str, Any] = {
        "options": ["a", "b"],
        "dont_know": "include",
        "dont_know_options": (),
        "rule": "half_up",
        "decimals": 0,
        "small_base": 30,
    }
    assert one_way(frame, "q", **keywords) is None
    result = outcome(frame, keywords)
    assert isinstance(result, tuple)
    assert result[0] is tt.UnknownValueError
    assert "value(s) ['c'] are not among its options" in result[1]


def test_a_long_column_counted_block_by_block_equals_the_general_path() -> None:
    # Past one block of the counting kernel (65,536 rows): counted by comparisons.
    rng = np.random.default_rng(16)
    options = ["a", "b", "<skipped>", "Don't know"]
    codes = rng.integers(-1, len(options), 200_003).astype(np.int8)
    frame = pd.DataFrame(
        {"q": pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(options))}
    )
    keywords: dict[str, Any] = {"dont_know": "exclude"}
    fast = tt.frequencies(frame, "q", **keywords)
    with mock.patch("tracktr.tabulate._single.one_way", return_value=None):
        general = tt.frequencies(frame, "q", **keywords)
    assert fast == general
    assert int(fast.bases["All"]) == int(np.isin(codes, [0, 1]).sum())


def test_a_label_of_several_columns_is_left_to_the_general_path() -> None:
    # MultiIndex columns: data["q"] is a frame of the columns under "q", not a column.
    frame = pd.DataFrame(
        {("q", "a"): pd.Categorical(["x", "y"]), ("q", "b"): pd.Categorical(["x", "x"])}
    )
    keywords: dict[str, Any] = {
        "options": None,
        "dont_know": "include",
        "dont_know_options": (),
        "rule": "half_up",
        "decimals": 0,
        "small_base": 30,
    }
    assert one_way(frame, "q", **keywords) is None


@FEW
@given(made=calls(), cut=st.integers(0, 25))
def test_a_plan_kept_from_some_rows_gives_the_general_paths_table_for_others(
    made: tuple[pd.DataFrame, dict[str, Any]], cut: int
) -> None:
    # A slice shares its column's categories Index, so it shares the kept plan: what the
    # plan decided from the slice's rows must not decide for the other rows.
    frame, keywords = made
    outcome(frame.iloc[:cut], keywords)  # keeps the plan, when the slice passes
    fast = outcome(frame, keywords)
    with mock.patch("tracktr.tabulate._single.one_way", return_value=None):
        general = outcome(frame, keywords)
    assert fast == general


def test_missing_text_in_rows_the_kept_plan_did_not_see_is_refused() -> None:
    # The plan of the first three rows (no "nan" in them) was kept; the fourth row's
    # "nan" was then counted as an answer instead of refused.
    frame = pd.DataFrame({"q": pd.Categorical(["Yes", "No", "Yes", "nan"], ["Yes", "No", "nan"])})
    assert tt.frequencies(frame.iloc[:3], "q").counts["All"].tolist() == [2, 1, 0]
    with pytest.raises(tt.UnknownValueError, match=r"the text \['nan'\] in rows \[3\]"):
        tt.frequencies(frame, "q")


def test_options_given_as_an_iterator_reach_the_general_path_whole() -> None:
    # The one-way path read the iterator, then left the column to the general path,
    # which found it empty: "zz" was counted as an answer instead of refused.
    def once(*labels: str) -> Any:  # an iterator, which the API's types do not name
        return iter(labels)

    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", "zz"])})
    with pytest.raises(tt.UnknownValueError, match=r"value\(s\) \['zz'\] are not among"):
        tt.frequencies(frame, "q", options=once("a", "b"))
    numbers = pd.DataFrame({"q": pd.Categorical([1, 2])})
    with pytest.raises(tt.UnknownValueError, match=r"value\(s\) \[1, 2\] are not among"):
        tt.frequencies(numbers, "q", options=once("a"))
    known = frame.assign(q=pd.Categorical(["a", "b", "b"]))
    table = tt.frequencies(known, "q", dont_know="exclude", dont_know_options=once("b"))
    assert table.counts["All"].tolist() == [1]


def test_the_plan_of_a_column_of_many_categories_is_not_kept() -> None:
    # As the general path keeps what it reads of at most 1,000 categories: kept, the plan
    # held the categories (and arrays as long) of every such column tabulated, up to 256
    # of them, long after the data were gone (a respondent id as a Categorical).
    frame = pd.DataFrame({"q": pd.Categorical([f"id{i}" for i in range(1500)])})
    categories = weakref.ref(frame["q"].cat.categories)
    assert tt.frequencies(frame, "q").counts["All"].sum() == 1500
    del frame
    gc.collect()
    assert categories() is None

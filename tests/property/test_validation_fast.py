"""Vectorised validation and routing equal the cell-by-cell reference on random frames.

Frames are generated from a codebook (``tracktr.testing``) with every routing shape
(``in`` on a single question, a grid item, an indicator set and a delimited set; ``all``,
``any``, ``not``), then hostile cells are written into them: codes instead of labels,
``True`` beside ``1`` and ``1.0``, number text, lists, numpy scalars, undeclared markers,
blanks of every kind. Columns are kept as ``object``, or turned into categoricals, pandas
strings or numbers when they can be.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.missing import NOT_ASKED, SKIPPED
from tracktr.survey import All, AnyOf, Condition, Is, Not
from tracktr.survey._cells import evaluate, is_blank, label_of, ticked_rows
from tracktr.survey._distinct import blanks, distinct
from tracktr.survey._questions import MultiQuestion, Question
from tracktr.testing import responses

# Generating a codebook's frames is slow: few examples keep each test near 2 s.
FEW = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SURVEY = tt.Survey.from_dict(
    {
        "title": "Members",
        "missing": {"refused": ["-8"]},
        "questions": [
            {"id": "size", "type": "single", "text": "Size?",
             "options": ["Small", "Large", {"code": 9, "label": "Don't know", "dont_know": True}]},
            {"id": "channels", "type": "multi", "text": "How?", "options": [
                {"code": 1, "label": "Post", "column": "channels_post"},
                {"code": 2, "label": "Phone", "column": "channels_phone"},
                {"code": 3, "label": "None of these", "exclusive": True,
                 "column": "channels_none"}]},
            {"id": "topics", "type": "multi", "form": "delimited", "separator": "|",
             "text": "Topics?", "options": ["Housing", "Debt", {"code": 4, "label": "None",
                                                                "exclusive": True}],
             "ask_if": {"not": {"question": "channels", "in": ["None of these"]}}},
            {"id": "rating", "type": "grid", "text": "Rate", "options": ["Good", "Poor"],
             "items": [{"id": "council", "label": "The council"},
                       {"id": "police", "label": "Police"}],
             "ask_if": {"any": [{"question": "size", "in": ["Large"]},
                                {"all": [{"question": "topics", "in": ["Debt", "None"]},
                                         {"question": "channels", "in": ["Post"]}]}]}},
            {"id": "grant", "type": "numeric", "text": "Grant?", "min": 0, "max": 1000,
             "integer": True,
             "ask_if": {"question": "rating", "item": "council", "in": ["Good"]}},
            {"id": "comments", "type": "text", "text": "Anything else?",
             "ask_if": {"not": {"question": "size", "in": ["Small"]}}},
        ],
    }
)  # fmt: skip

HOSTILE = [
    "Small", "Large", "Don't know", 1, 2, 9, 1.0, True, False, np.int64(2), "1", "0", 0,
    "Good", "Poor", "Post", "Debt", "Housing|Debt", "None|Debt", "Debt|zzz", "Good ",
    "smal", 2.5, -3, 5000, "12", "-8", NOT_ASKED, SKIPPED, "<refused>", "<other>", "", " ",
    None, float("nan"), pd.NA, ["a"], 3, 2**70, np.float64(2.0), np.True_,
]  # fmt: skip


def _hostile(
    data: pd.DataFrame, edits: list[tuple[int, int, Any]], fill: tuple[int, list[Any]]
) -> pd.DataFrame:
    """Write hostile cells here and there, and one column wholly of hostile cells."""
    data = data.astype(object)
    columns = list(data.columns)
    for row, column, value in edits:
        if len(data):
            data.iat[row % len(data), column % len(columns)] = value
    column, values = fill
    for row in range(len(data)):
        data.iat[row, column % len(columns)] = values[row % len(values)]
    return data


EDITS = st.lists(
    st.tuples(st.integers(0, 99), st.integers(0, 99), st.sampled_from(HOSTILE)), max_size=30
)
# Equal cells of different types: a code, a number, a tick and a blank read differently.
COLLIDING = [1, 1.0, True, np.int64(1), 0, 0.0, False, None, float("nan"), pd.NA]
FILL = st.tuples(
    st.integers(0, 99),
    st.lists(st.sampled_from(COLLIDING) | st.sampled_from(HOSTILE), min_size=1, max_size=6),
)


def _retyped(data: pd.DataFrame, kinds: list[int]) -> pd.DataFrame:
    """Columns as categoricals, pandas strings or numbers, where their cells allow it."""
    out = data.copy()
    for column, kind in zip(data.columns, kinds, strict=False):
        cells = data[column]
        if any(isinstance(v, list) for v in cells):
            continue
        try:
            if kind == 1:
                out[column] = cells.astype("category")
            elif kind == 2 and all(isinstance(v, str) or v is None for v in cells):
                out[column] = cells.astype("str")
            elif kind == 3:
                out[column] = pd.to_numeric(cells)
        except (TypeError, ValueError, OverflowError):  # pandas cannot hold 2**70 so
            continue
    return out


@st.composite
def hostile_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Responses to SURVEY with hostile cells here and there, columns of assorted dtypes."""
    frame = draw(responses(SURVEY, max_size=15))
    edits = draw(EDITS)
    fill = draw(FILL)
    kinds = draw(st.lists(st.integers(0, 3), min_size=12, max_size=12))
    return _retyped(_hostile(frame, edits, fill), kinds)


def _both_paths(survey: tt.Survey, data: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    from tracktr.survey import _validate

    saved = _validate._VECTORISED_FROM
    try:
        _validate._VECTORISED_FROM = 0
        fast = _validate.failures_of(survey, data)
        _validate._VECTORISED_FROM = 10**9
        slow = _validate.failures_of(survey, data)
    finally:
        _validate._VECTORISED_FROM = saved
    return fast, slow


def _rows(frame: pd.DataFrame) -> list[list[str]]:
    """Each failure as the reprs of its cells: 1 stays 1, not 1.0 or True."""
    return [[repr(cell) for cell in row] for row in frame.itertuples(index=False)]


@FEW
@given(data=hostile_frames())
def test_vectorised_failures_equal_cell_by_cell(data: pd.DataFrame) -> None:
    before = data.copy()
    fast, slow = _both_paths(SURVEY, data)
    pd.testing.assert_frame_equal(fast, slow)
    assert _rows(fast) == _rows(slow)
    pd.testing.assert_frame_equal(data, before)  # the input is not mutated
    _answers_are_named(SURVEY, data, fast)


def _answers_are_named(survey: tt.Survey, data: pd.DataFrame, failures: pd.DataFrame) -> None:
    """Each answered_not_asked failure names a column of its question holding its value."""
    routed = failures[failures["check"] == "answered_not_asked"]
    ids = [repr(i) for i in data[survey.respondent_id].tolist()]  # hostile ids may repeat
    for row in routed.itertuples(index=False):
        assert row.column in survey.question(row.question).columns, row
        cells = data[row.column].tolist()
        held = [cells[p] for p, i in enumerate(ids) if i == repr(row.respondent_id)]
        assert any(not is_blank(c) and repr(c) == repr(row.value) for c in held), row


@settings(FEW, max_examples=5)
@given(frame=responses(SURVEY, min_size=1, max_size=15))
def test_valid_generated_frames_stay_valid_and_typed_as_pandas_would(frame: pd.DataFrame) -> None:
    from tracktr.survey import _validate

    fast, slow = _both_paths(SURVEY, frame)
    assert len(fast) == len(slow) == 0
    typed = SURVEY.validate(frame)
    for question in SURVEY.questions:
        if question.type in {"single", "ordinal", "grid"}:
            markers = list(_validate._allowed_markers(SURVEY))
            for column in question.columns:
                expected = pd.Categorical(
                    frame[column].astype(object),
                    categories=[*question.labels, *markers],
                    ordered=True,
                )
                pd.testing.assert_extension_array_equal(typed[column].array, expected)


def test_a_large_frame_takes_the_vectorised_path_and_names_the_same_rows() -> None:
    # 3,000 rows (over _VECTORISED_FROM): every failure is found at its own row.
    rng = np.random.default_rng(0)
    n = 3_000
    data = pd.DataFrame(
        {
            "respondent_id": np.arange(n),
            "size": rng.choice(["Small", "Large", "Don't know"], n),
            "channels_post": rng.integers(0, 2, n),
            "channels_phone": rng.integers(0, 2, n),
            "channels_none": 0,
            "topics": rng.choice(["Housing", "Debt|Housing", SKIPPED], n).astype(object),
            "rating_council": NOT_ASKED,
            "rating_police": NOT_ASKED,
            "grant": NOT_ASKED,
            "comments": None,
        }
    )
    data.loc[[5, 2_999], "size"] = "Huge"
    data.loc[17, "respondent_id"] = 3
    data.loc[40, ["channels_none", "channels_post", "channels_phone"]] = [1, 1, 0]
    with pytest.raises(tt.SurveyValidationError, match="failures in") as caught:
        SURVEY.validate(data)
    failures = caught.value.failures
    rows = failures[["column", "respondent_id", "value", "check"]].values.tolist()
    assert ["respondent_id", None, (3,), "duplicate_id"] in rows
    assert ["size", 5, "Huge", "unknown_value"] in rows
    assert ["size", 2_999, "Huge", "unknown_value"] in rows
    assert [None, 40, "Post; None of these", "exclusive"] in rows
    fast, slow = _both_paths(SURVEY, data)
    pd.testing.assert_frame_equal(fast, slow)


# -- routing ---------------------------------------------------------------------------------


def _reference(condition: Any, data: pd.DataFrame, questions: Mapping[str, Question]) -> list[bool]:
    """Routing row by row, as it was written before it read distinct cells."""
    if isinstance(condition, Not):
        return [not v for v in _reference(condition.condition, data, questions)]
    if isinstance(condition, All | AnyOf):
        parts = [_reference(c, data, questions) for c in condition.conditions]
        combine = all if isinstance(condition, All) else any
        return [combine(row) for row in zip(*parts, strict=True)]
    question = questions[condition.question]
    if isinstance(question, MultiQuestion):
        wanted = set(condition.values)
        return [bool(set(t or ()) & wanted) for t in ticked_rows(question, data)]
    column = question.id
    if condition.item is not None:
        column = next(i.column for i in question.items if condition.item in (i.id, i.label))  # type: ignore[attr-defined]
    return [
        not is_blank(v) and label_of(question, v) in condition.values for v in data[column].tolist()
    ]


@FEW
@given(data=hostile_frames())
def test_routing_equals_a_row_by_row_reference(data: pd.DataFrame) -> None:
    questions = {q.id: q for q in SURVEY.questions}
    extra: list[Condition] = [
        Is("channels", ("Post", "None of these")),
        Is("topics", ("Housing",)),
        Is("rating", ("Poor",), item="The council"),
        Not(All((Is("size", ("Large", "Don't know")), AnyOf((Is("topics", ("None",)),))))),
    ]
    conditions: list[Condition] = [q.ask_if for q in SURVEY.questions if q.ask_if is not None]
    conditions += extra
    for condition in conditions:
        expected = _reference(condition, data, questions)
        assert evaluate(condition, data, questions).tolist() == expected


def _refuses(call: Any) -> bool:
    """Whether `call` raises InvalidDataError for True/False in a routing column."""
    try:
        call()
    except tt.InvalidDataError as error:
        return "holds True/False" in str(error)
    return False


@FEW
@given(data=hostile_frames())
def test_asked_frame_is_asked_of_each_question(data: pd.DataFrame) -> None:
    # One read of the routing columns for every question gives what a read per question
    # gives, and the frame is left as it was.
    before = data.copy()
    # True/False in a routing column is refused by both, question by question or at once
    refused = [_refuses(lambda q=q: SURVEY.asked(data, q.id)) for q in SURVEY.questions]
    if any(refused) or _refuses(lambda: SURVEY.asked_frame(data)):
        assert any(refused)
        assert _refuses(lambda: SURVEY.asked_frame(data))
        pd.testing.assert_frame_equal(data, before)
        return
    asked = SURVEY.asked_frame(data)
    assert list(asked.columns) == [q.id for q in SURVEY.questions]
    assert asked.index.equals(data.index)
    for question in SURVEY.questions:
        expected = SURVEY.asked(data, question.id)
        pd.testing.assert_series_equal(asked[question.id], expected, check_names=False)
    pd.testing.assert_frame_equal(data, before)


# -- distinct cells --------------------------------------------------------------------------

CELLS = [1, 1.0, True, "1", np.int64(1), 0, False, None, float("nan"), pd.NA, "a", " ", "", -0.0]


def _key(value: Any) -> tuple[Any, ...]:
    if is_blank(value) and not isinstance(value, str):
        return (type(value), "blank")
    return (type(value), value)


def _reading(value: Any) -> tuple[Any, ...]:
    """The key up to numpy's scalars, which every check reads as Python's."""
    kind, rest = _key(value)
    for python, numpy in ((bool, np.bool_), (int, np.integer), (float, np.floating)):
        if issubclass(kind, numpy):
            kind = python
    return (kind, rest)


@FEW
@given(cells=st.lists(st.sampled_from(CELLS), max_size=40), categorical=st.booleans())
def test_distinct_cells_are_what_a_dict_keyed_on_type_and_value_finds(
    cells: list[Any], categorical: bool
) -> None:
    series = pd.Series(cells, dtype=object)
    if categorical:
        series = series.astype("category")
    found = distinct(series)
    assert found is not None
    whole = series.tolist()
    for i in range(len(whole)):
        assert _reading(found.values[found.codes[i]]) == _reading(whole[i])
        for j in range(i):
            if _key(whole[i]) == _key(whole[j]):  # one cell: one code
                assert found.codes[i] == found.codes[j]
            if found.codes[i] == found.codes[j]:  # one code: one reading
                assert _reading(whole[i]) == _reading(whole[j])
    assert blanks(series).tolist() == [is_blank(v) for v in whole]


def _typed_column(draw: st.DrawFn) -> pd.Series:
    """A column of one dtype: numpy integers (a small span or not), booleans, floats, text."""
    kind = draw(st.sampled_from(["int64", "uint8", "int8", "uint64", "bool", "float", "str"]))
    if kind == "str":
        cells = st.one_of(st.none(), st.sampled_from(["a", "b", " ", "", "1"]))
        dtype = draw(st.sampled_from(["str", "string"]))
        return pd.Series(draw(st.lists(cells, max_size=30)), dtype=dtype)
    if kind == "bool":
        return pd.Series(draw(st.lists(st.booleans(), max_size=30)), dtype=bool)
    if kind == "float":
        floats = st.sampled_from([0.0, -0.0, 1.0, 2.5, float("nan"), 1e300])
        return pd.Series(draw(st.lists(floats, max_size=30)), dtype=float)
    info = np.iinfo(kind)
    low = draw(st.integers(int(info.min), int(info.max)))
    span = draw(st.sampled_from([0, 1, 5, 70_000, int(info.max) - int(info.min)]))
    values = st.integers(low, min(int(info.max), low + span))
    return pd.Series(draw(st.lists(values, max_size=30)), dtype=kind)


@FEW
@given(data=st.data())
def test_distinct_cells_of_every_dtype_are_the_cells_themselves(data: st.DataObject) -> None:
    # The fast paths (integers coded by offset, factorize's uniques taken as the cells)
    # give what a dict keyed on (type, value) over `tolist()` gives.
    series = data.draw(st.composite(_typed_column)())
    found = distinct(series)
    assert found is not None
    whole = series.tolist()
    assert len(found.values) == len({_key(v) for v in whole})
    assert sorted(set(found.codes.tolist())) == list(range(len(found.values)))
    for i, cell in enumerate(whole):
        assert _reading(found.values[found.codes[i]]) == _reading(cell)
        assert type(found.values[found.codes[i]]) is type(cell)


def test_text_with_blanks_of_one_or_two_types() -> None:
    # Blanks of one type need no split by type (the column is factorised once); None
    # and NaN are read apart, as the cell-by-cell checks read them.
    one = distinct(pd.Series(["a", None, "b", None, "a"], dtype=object))
    assert one is not None
    assert one.codes.tolist() == [0, 2, 1, 2, 0]
    two = distinct(pd.Series(["a", None, "b", float("nan"), None], dtype=object))
    assert two is not None
    assert two.codes[1] == two.codes[4] != two.codes[3]
    assert len(set(two.codes.tolist())) == 4


def test_an_unhashable_cell_has_no_distinct_cells() -> None:
    assert distinct(pd.Series([["a"], "b"], dtype=object)) is None


@pytest.mark.parametrize("column", SURVEY.columns)
def test_a_column_of_equal_cells_of_different_types(column: str) -> None:
    # 1, 1.0, True and numpy's 1 are equal keys to a dict or a hash table, but a code,
    # a number and a tick to the checks: each is read as itself on both paths.
    data = pd.DataFrame({c: [None] * 20 for c in SURVEY.columns}, dtype=object)
    data["respondent_id"] = range(20)
    data[column] = pd.Series([COLLIDING[i % len(COLLIDING)] for i in range(20)], dtype=object)
    fast, slow = _both_paths(SURVEY, data)
    assert _rows(fast) == _rows(slow)
    questions = {q.id: q for q in SURVEY.questions}
    for question in SURVEY.questions:
        if question.ask_if is not None:
            expected = _reference(question.ask_if, data, questions)
            assert evaluate(question.ask_if, data, questions).tolist() == expected


def _prepare_both(survey: tt.Survey, data: pd.DataFrame) -> tuple[Any, Any]:
    from tracktr.survey import _validate

    saved = _validate._VECTORISED_FROM
    out = []
    try:
        for threshold in (0, 10**9):
            _validate._VECTORISED_FROM = threshold
            try:
                out.append(survey.prepare(data))
            except tt.SurveyValidationError as error:
                out.append(error.failures)
    finally:
        _validate._VECTORISED_FROM = saved
    return out[0], out[1]


@FEW
@given(data=hostile_frames())
def test_vectorised_prepare_makes_the_same_changes(data: pd.DataFrame) -> None:
    before = data.copy()
    fast, slow = _prepare_both(SURVEY, data)
    assert type(fast) is type(slow)
    if isinstance(fast, pd.DataFrame):  # both failed: the same failures
        assert _rows(fast) == _rows(slow)
    else:
        assert _rows(fast.changes) == _rows(slow.changes)
        pd.testing.assert_frame_equal(fast.data, slow.data)
    pd.testing.assert_frame_equal(data, before)


def test_prepare_converts_codes_of_a_large_frame_like_a_small_one() -> None:
    n = 2_500  # over _VECTORISED_FROM
    data = pd.DataFrame(
        {c: pd.Series([None] * n, dtype=object) for c in SURVEY.columns if c != "respondent_id"}
    )
    data.insert(0, "respondent_id", range(n))
    data["size"] = pd.Series([1, "2", " Large", -8, None] * (n // 5), dtype=object)
    fast, slow = _prepare_both(SURVEY, data)
    assert _rows(fast.changes) == _rows(slow.changes)
    assert fast.data["size"].tolist()[:5] == ["Small", "Large", "Large", "<refused>", "<skipped>"]


@pytest.mark.parametrize("dtype", ["Int64", "Float64", "float64", "category", "str"])
def test_ids_and_numbers_of_nullable_dtypes(dtype: str) -> None:
    # A nullable integer column is of kind "i" yet holds NA: NA ids are missing ids.
    n = 2_100
    data = pd.DataFrame({c: pd.Series([None] * n, dtype=object) for c in SURVEY.columns})
    ids = [i % 2_050 if i % 9 else None for i in range(n)]
    grant = [i % 1_500 if i % 7 else None for i in range(n)]
    if dtype == "str":
        data["respondent_id"] = pd.Series([None if v is None else str(v) for v in ids], dtype=dtype)
    else:
        data["respondent_id"] = pd.Series(ids, dtype=dtype)
        data["grant"] = pd.Series(grant, dtype=dtype)
    data["rating_council"] = "Good"
    fast, slow = _both_paths(SURVEY, data)
    assert {"missing_id", "duplicate_id"} <= set(fast["check"])
    assert _rows(fast) == _rows(slow)

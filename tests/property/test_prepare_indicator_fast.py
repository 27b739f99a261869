"""Preparing indicator sets by distinct cell equals the cell-by-cell reference.

``Survey.prepare`` reads a tick-all-that-apply set in indicator form once per distinct
cell from ``_VECTORISED_FROM`` rows. Frames are drawn cell by cell from a hostile pool
(ticks as ints, floats, text and booleans; blanks of every kind; markers; declared missing
codes; yes/no text; cells that are no tick), their columns kept as objects or retyped, and
prepared on both paths: the prepared frames, the changes (with each value's type) and,
where validation fails, the failures must be the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.missing import NOT_ASKED, REFUSED, SKIPPED
from tracktr.survey._distinct import distinct
from tracktr.survey._questions import MultiQuestion

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SURVEY = tt.Survey.from_dict(
    {
        "title": "Members",
        "missing": {"refused": [-8, "Refus"], "skipped": ["-9"]},
        "questions": [
            {"id": "route", "type": "single", "text": "Asked?", "options": ["Yes", "No"]},
            {"id": "help", "type": "multi", "text": "Which help?",
             "ask_if": {"question": "route", "in": ["Yes"]}, "options": [
                {"code": 1, "label": "Advice", "column": "help_advice"},
                {"code": 2, "label": "Grants", "column": "help_grants"},
                {"code": 3, "label": "Training", "column": "help_training"},
                {"code": 4, "label": "None of these", "exclusive": True,
                 "column": "help_none"}]},
            {"id": "uses", "type": "multi", "text": "Which uses?",
             "true": ["Oui", "yes"], "false": ["Non"], "options": [
                {"code": 1, "label": "Email", "column": "uses_email"},
                {"code": 2, "label": "Post", "column": "uses_post"},
                {"code": 3, "label": "Phone", "column": "uses_phone"}]},
        ],
    }
)  # fmt: skip

SET_COLUMNS = [c for c in SURVEY.columns if c.startswith(("help_", "uses_"))]

TICKS = [1, 0, 1.0, 0.0, -0.0, "1", "0", " 1", True, False, np.int64(1), np.float64(0.0)]
BLANKS = [None, float("nan"), pd.NA, "", "  "]
MISSING = [SKIPPED, NOT_ASKED, REFUSED, -8, -8.0, "-8", "Refus", " Refus ", "-9", -9]
YES_NO = ["Oui", "Non", " yes ", "yes", "NON"]
NOT_TICKS = [2, 0.5, "x", "<other>", 3.0, "Advice"]
POOL = TICKS + BLANKS + MISSING + YES_NO + NOT_TICKS

# Cells of one row: mostly one kind, so that answered and unanswered sets both occur.
ROW = st.one_of(
    st.lists(st.sampled_from(TICKS), min_size=7, max_size=7),
    st.lists(st.sampled_from(BLANKS + MISSING[:3]), min_size=7, max_size=7),
    st.lists(st.sampled_from(POOL), min_size=7, max_size=7),
)


def _retyped(data: pd.DataFrame, kinds: list[int]) -> pd.DataFrame:
    """Columns as categoricals, pandas strings, floats or nullable integers where possible."""
    out = data.copy()
    for column, kind in zip(SET_COLUMNS, kinds, strict=True):
        cells = data[column]
        try:
            if kind == 1:
                out[column] = cells.astype("category")
            elif kind == 2 and all(isinstance(v, str) or v is None for v in cells):
                out[column] = cells.astype("str")
            elif kind == 3:
                out[column] = pd.to_numeric(cells).astype(float)
            elif kind == 4:
                out[column] = pd.to_numeric(cells).astype("Int64")
        except (TypeError, ValueError):  # text that is no number stays as it is
            continue
    return out


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    """A frame of the codebook's columns holding hostile cells."""
    rows = draw(st.lists(ROW, max_size=25))
    routes = draw(st.lists(st.sampled_from(["Yes", "No", None]), min_size=len(rows)))
    data = pd.DataFrame(
        {c: pd.Series([row[j] for row in rows], dtype=object) for j, c in enumerate(SET_COLUMNS)}
    )
    data.insert(0, "route", pd.Series(routes[: len(rows)], dtype=object))
    data.insert(0, "respondent_id", range(len(rows)))
    kinds = draw(st.lists(st.integers(0, 4), min_size=len(SET_COLUMNS), max_size=len(SET_COLUMNS)))
    return _retyped(data, kinds)


def _prepare_both(data: pd.DataFrame) -> tuple[Any, Any]:
    """``SURVEY.prepare(data)`` by distinct cell and cell by cell (or the failures of each)."""
    from tracktr.survey import _validate

    saved = _validate._VECTORISED_FROM
    out = []
    try:
        for threshold in (0, 10**9):
            _validate._VECTORISED_FROM = threshold
            try:
                out.append(SURVEY.prepare(data))
            except tt.SurveyValidationError as error:
                out.append(error.failures)
    finally:
        _validate._VECTORISED_FROM = saved
    return out[0], out[1]


def _rows(frame: pd.DataFrame) -> list[list[str]]:
    """Each row as the reprs of its cells: 1 stays 1, not 1.0 or True."""
    return [[repr(cell) for cell in row] for row in frame.itertuples(index=False)]


def _assert_same(fast: Any, slow: Any) -> None:
    assert type(fast) is type(slow)
    if isinstance(fast, pd.DataFrame):  # both failed: the same failures
        assert _rows(fast) == _rows(slow)
    else:
        assert _rows(fast.changes) == _rows(slow.changes)
        pd.testing.assert_frame_equal(fast.data, slow.data)
        assert _rows(fast.data) == _rows(slow.data)


@SETTINGS
@given(frames())
def test_vectorised_indicator_prepare_makes_the_same_changes(data: pd.DataFrame) -> None:
    before = data.copy()
    fast, slow = _prepare_both(data)
    _assert_same(fast, slow)
    pd.testing.assert_frame_equal(data, before)


VALID = [1, 0, 1.0, 0.0, True, False, np.int64(1), None, float("nan"), "", SKIPPED, -8, "Refus"]


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(VALID), min_size=7, max_size=7), max_size=25))
def test_valid_sets_prepare_alike(rows: list[list[Any]]) -> None:
    # Cells that pass validation (no "None of these" beside a tick): both paths prepare.
    data = pd.DataFrame(rows, columns=SET_COLUMNS, dtype=object)
    data["help_none"] = data["help_none"].map(lambda v: 0 if v in (1, True) else v)
    data.insert(0, "route", "Yes")
    data.insert(0, "respondent_id", range(len(rows)))
    fast, slow = _prepare_both(data)
    assert isinstance(fast, tt.survey.Prepared)
    _assert_same(fast, slow)


def test_a_large_frame_is_prepared_by_distinct_cell_like_a_small_one() -> None:
    n = 2_500  # over _VECTORISED_FROM, at its default
    cycle = [
        ["Yes", 1, None, 0.0, "", "Oui", "Non", None],  # answered: the blanks become 0
        ["Yes", None, None, None, None, None, None, None],  # skipped
        ["No", None, float("nan"), None, None, None, None, None],  # not asked
        ["Yes", -8, "-9", SKIPPED, None, "Refus", "yes", 0],  # refused and skipped codes
        ["No", -8, None, None, None, None, None, None],  # a code of the not asked
    ]
    rows = [cycle[i % len(cycle)] for i in range(n)]
    data = pd.DataFrame(rows, columns=["route", *SET_COLUMNS], dtype=object)
    data.insert(0, "respondent_id", range(n))
    fast = SURVEY.prepare(data)
    _, slow = _prepare_both(data)
    _assert_same(fast, slow)
    prepared = fast.data
    assert prepared.loc[:4, "help_advice"].tolist() == [1, SKIPPED, NOT_ASKED, REFUSED, NOT_ASKED]
    assert prepared.loc[:4, "help_grants"].tolist() == [0, SKIPPED, NOT_ASKED, SKIPPED, NOT_ASKED]
    assert prepared.loc[:4, "uses_email"].tolist() == [1, SKIPPED, SKIPPED, REFUSED, SKIPPED]
    assert prepared.loc[:4, "uses_phone"].tolist() == [0, SKIPPED, SKIPPED, 0, SKIPPED]
    counts = fast.summary()
    assert counts[("uses", "yes_no_code")] == 3 * (n // len(cycle))
    assert counts[("help", "blank_in_answered_set")] == 2 * (n // len(cycle))
    # yes/no codes are noted first, column by column, then the rest row by row
    changes = fast.changes
    first = changes[changes["question"] == "uses"].head(2)
    assert first["reason"].tolist() == ["yes_no_code", "yes_no_code"]
    assert first["respondent_id"].tolist() == [0, 5]  # "Oui" in uses_email


def _same_cell(a: object, b: object) -> bool:
    """Whether two cells are one: NaN is NaN, and 1 is numpy's 1 (distinct() merges them)."""
    if a is b:
        return True
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:  # noqa: PLR0124
        return True
    kinds: set[type] = {type(a), type(b)}
    return any(kinds <= alike for alike in ALIKE) and bool(a == b)


ALIKE: list[set[type]] = [{int, np.int64}, {float, np.float64}, {bool, np.bool_}, {str}]


@SETTINGS
@given(frames())
def test_prepared_columns_distinct_cells_are_their_cells(data: pd.DataFrame) -> None:
    # Validation reads the prepared columns through the distinct cells prepare() returns.
    from tracktr.survey import _validate

    question = next(q for q in SURVEY.questions if q.id == "uses")
    assert isinstance(question, MultiQuestion)
    work = data.copy()
    found = [distinct(work[column]) for column in question.columns]
    asked = [True] * len(work)
    prepared = _validate._prepare_indicator(
        question,
        work,
        [f for f in found if f is not None],
        asked,
        _validate._sentinels(SURVEY),
        _validate._Changes(list(range(len(work)))),
    )
    for column, cells in zip(question.columns, prepared, strict=True):
        assert len(cells.codes) == len(work)
        read = [cells.values[code] for code in cells.codes.tolist()]
        assert all(map(_same_cell, read, work[column].tolist())), column

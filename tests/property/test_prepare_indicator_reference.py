"""Preparing an indicator set with arrays equals a plain cell-by-cell reference written here.

``_prepare_indicator`` classifies each distinct cell once and notes the changes of a whole
set as arrays. The reference below is the rule as a reader would write it, one cell at a
time (yes/no codes first, column by column; then row by row: a blank in an answered set
is 0, where a set not asked is answered by a tick only, not a 0; blanks and declared
missing codes become markers), kept independent of the
library's own cell-by-cell path. Random small sets of hostile cells (ticks of every type,
blanks of every kind, markers, missing codes, yes/no text, values that are no tick) must
give the same changes, in the same order and of the same types, and the same columns.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.missing import MARKERS as MISSING_MARKERS
from tracktr.missing import NOT_ASKED, REFUSED, SKIPPED
from tracktr.survey import _validate
from tracktr.survey._cells import is_marker, sentinel_key, tick_of
from tracktr.survey._distinct import distinct, is_blank
from tracktr.survey._questions import MultiQuestion

SURVEY = tt.Survey.from_dict(
    {
        "title": "Members",
        "missing": {"refused": [-8, "Refus"], "skipped": ["-9"]},
        "questions": [
            {"id": "uses", "type": "multi", "text": "Which uses?",
             "true": ["Oui", "yes"], "false": ["Non"], "options": [
                {"code": 1, "label": "Email", "column": "uses_email"},
                {"code": 2, "label": "Post", "column": "uses_post"},
                {"code": 3, "label": "Phone", "column": "uses_phone"}]},
        ],
    }
)  # fmt: skip
QUESTION = SURVEY.questions[0]
assert isinstance(QUESTION, MultiQuestion)
COLUMNS = list(QUESTION.columns)

# The codebook's declared codes, as the reference reads them (sentinel_key: -8 is "-8").
MISSING_CODES = {sentinel_key(-8): REFUSED, sentinel_key("Refus"): REFUSED}
MISSING_CODES[sentinel_key("-9")] = SKIPPED
YES_NO = {"Oui": 1, "yes": 1, "Non": 0}

TICKS = [1, 0, 1.0, 0.0, -0.0, "1", " 0", True, False, np.int64(1), np.float64(0.0)]
BLANKS = [None, float("nan"), np.float64("nan"), pd.NA, "", "  "]
MARKERS = [*MISSING_MARKERS, "<SKIPPED>"]  # the last is no marker: text
CODES = [-8, -8.0, "-8", "Refus", " Refus ", "-9", -9, np.int64(-8)]
TEXT = ["Oui", "Non", " yes ", "NON", "oui"]
BAD = [2, 0.5, "x", "<other>", 3.0, "Email", -1]
POOL = TICKS + BLANKS + MARKERS + CODES + TEXT + BAD


def _missing(value: Any, asked: bool) -> tuple[Any, str] | None:
    """The marker a blank or a declared missing code becomes, and why; None otherwise."""
    if is_blank(value):
        return (SKIPPED if asked else NOT_ASKED), "blank"
    try:
        marker = MISSING_CODES.get(sentinel_key(value))
    except TypeError:
        marker = None
    if marker is not None:
        return (marker if asked else NOT_ASKED), "sentinel"
    return None


def _yes_no(value: Any) -> int | None:
    if value is None or is_marker(value) or is_blank(value):
        return None
    return YES_NO.get(str(value).strip())


def reference(
    columns: dict[str, list[Any]], asked: list[bool]
) -> tuple[list[tuple[Any, ...]], dict[str, list[Any]]]:
    """The changes (column, row, before, after, reason) and the prepared columns."""
    cells = {column: list(values) for column, values in columns.items()}
    changes: list[tuple[Any, ...]] = []
    for column, values in cells.items():
        for row, value in enumerate(values):
            tick = _yes_no(value)
            if tick is not None:
                changes.append((column, row, value, tick, "yes_no_code"))
                values[row] = tick
    for row in range(len(asked)):
        # Asked, a 0 answers the set; routed out, only a tick does (a row of 0s is how
        # platforms export a set not asked).
        answered = any(
            not is_marker(values[row])
            and tick_of(values[row]) in ((True, False) if asked[row] else (True,))
            for values in cells.values()
        )
        for column, values in cells.items():
            value = values[row]
            if is_marker(value):
                continue
            if answered and is_blank(value):
                changes.append((column, row, value, 0, "blank_in_answered_set"))
                values[row] = 0
                continue
            missing = _missing(value, asked[row])
            if missing is not None:
                changes.append((column, row, value, *missing))
                values[row] = missing[0]
    return changes, cells


def _retyped(data: pd.DataFrame, kinds: list[int]) -> pd.DataFrame:
    """Some columns as categoricals or floats, where their cells allow it."""
    out = data.copy()
    for column, kind in zip(COLUMNS, kinds, strict=True):
        try:
            if kind == 1:
                out[column] = data[column].astype("category")
            elif kind == 2:
                out[column] = pd.to_numeric(data[column]).astype(float)
        except (TypeError, ValueError):  # text that is no number stays as it is
            continue
    return out


# Integers of two types that distinct() reads as one cell (1 and numpy's 1): a change
# must still note the cell itself.
INTEGERS = [1, np.int64(1), 0, -8, np.int64(-8), np.int64(-9)]
POOLS = [TICKS + BLANKS, POOL, INTEGERS, [*INTEGERS, None, 2], BLANKS + CODES]


@st.composite
def sets(draw: st.DrawFn) -> tuple[pd.DataFrame, list[bool]]:
    """A small set of hostile cells, and who was asked it."""
    pool = draw(st.sampled_from(POOLS))
    row = st.one_of(
        st.lists(st.sampled_from(pool), min_size=3, max_size=3),
        st.lists(st.sampled_from(POOL), min_size=3, max_size=3),
    )
    count = draw(st.integers(0, 20))
    rows = draw(st.lists(row, min_size=count, max_size=count))
    data = pd.DataFrame(
        {c: pd.Series([r[j] for r in rows], dtype=object) for j, c in enumerate(COLUMNS)}
    )
    kinds = draw(st.lists(st.integers(0, 2), min_size=len(COLUMNS), max_size=len(COLUMNS)))
    asked = draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    return _retyped(data, kinds), asked


def _reprs(values: list[Any]) -> list[str]:
    """Each value's repr: 1, 1.0, True and numpy's 1 stay apart."""
    return [repr(v) for v in values]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sets())
def test_array_preparation_of_a_set_equals_the_cell_by_cell_reference(
    drawn: tuple[pd.DataFrame, list[bool]],
) -> None:
    data, asked = drawn
    columns = {c: data[c].tolist() for c in COLUMNS}
    expected_changes, expected_cells = reference(columns, asked)
    work = data.copy()
    found = [distinct(work[c]) for c in COLUMNS]
    assert all(f is not None for f in found)
    changes = _validate._Changes(list(range(len(work))))
    _validate._prepare_indicator(
        QUESTION,
        work,
        [f for f in found if f is not None],
        asked,
        _validate._sentinels(SURVEY),
        changes,
    )
    frame = changes.frame()
    assert list(frame.columns) == list(_validate.CHANGE_COLUMNS)
    assert set(frame["question"]) <= {"uses"}
    got = list(
        zip(
            frame["column"],
            frame["respondent_id"],
            frame["before"],
            frame["after"],
            frame["reason"],
            strict=True,
        )
    )
    assert [_reprs(list(c)) for c in got] == [_reprs(list(c)) for c in expected_changes]
    for column in COLUMNS:
        assert _reprs(work[column].tolist()) == _reprs(expected_cells[column]), column
        if expected_changes:  # a changed set is written back as objects, every column
            assert work[column].dtype == object
        else:  # an unchanged set is left as it was
            pd.testing.assert_series_equal(work[column], data[column])


def test_changes_noted_one_at_a_time_and_as_arrays_keep_their_order() -> None:
    changes = _validate._Changes(["a", "b", "c"])
    changes.note("q", "x", 2, None, SKIPPED, "blank")
    changes.note_many(
        "q",
        np.array(["y", "z"], dtype=object),
        np.array([0, 1], dtype=np.intp),
        np.fromiter([-8, (1, 2)], dtype=object, count=2),  # a tuple is one cell
        np.array([REFUSED, "t"], dtype=object),
        "sentinel",
    )
    changes.note_many("q", "x", np.array([], dtype=np.intp), *[np.empty(0, dtype=object)] * 2, "r")
    changes.note("p", "w", 0, "1", 1, "number_text")
    frame = changes.frame()
    assert frame.to_dict("list") == {
        "question": ["q", "q", "q", "p"],
        "column": ["x", "y", "z", "w"],
        "respondent_id": ["c", "a", "b", "a"],
        "before": [None, -8, (1, 2), "1"],
        "after": [SKIPPED, REFUSED, "t", 1],
        "reason": ["blank", "sentinel", "sentinel", "number_text"],
    }
    assert all(dtype == np.dtype(object) for dtype in frame.dtypes)
    empty = _validate._Changes([]).frame()
    assert list(empty.columns) == list(_validate.CHANGE_COLUMNS)
    assert len(empty) == 0
    assert all(dtype == np.dtype(object) for dtype in empty.dtypes)

"""The fast paths of a routed table equal plain loops.

``tracktr.survey._distinct.blanks`` tells blank cells by their types and distinct texts
instead of calling ``is_blank`` per cell; a routed column marks its routed-out blanks in
its own dtype (``Series.mask``) instead of a column of objects made anew. Both are
compared here with the cell-by-cell reading they replace, on columns of hostile cells
(whitespace, ``str`` subclasses, every kind of missing value, numbers beside text), in
``object``, ``str`` and categorical columns, with all-missing columns and routing that
asks no one or everyone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.missing import NOT_ASKED, SKIPPED
from tracktr.survey._distinct import blanks, is_blank
from tracktr.tabulate._routing import routed_column

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HOSTILE = [
    "a",
    "b",
    " ",
    "",
    "\t \n",
    None,
    np.nan,
    pd.NA,
    pd.NaT,
    np.datetime64("NaT"),
    Decimal("NaN"),
    np.str_(" "),
    np.str_("x"),
    np.float32("nan"),
    np.float64("nan"),
    0,
    1,
    True,
    1.5,
    SKIPPED,
]
TEXT = ["a", "b", " ", "", "  x ", None, np.nan, SKIPPED]


@FEW
@given(cells=st.lists(st.sampled_from(HOSTILE), max_size=60))
def test_blanks_of_object_cells_equal_is_blank_cell_by_cell(cells: list[Any]) -> None:
    series = pd.Series(cells, dtype=object)
    expected = [is_blank(v) for v in series.tolist()]
    assert blanks(series).tolist() == expected


@FEW
@given(
    cells=st.lists(st.sampled_from(TEXT), max_size=60),
    dtype=st.sampled_from(["str", "string", "category", "object"]),
)
def test_blanks_of_text_columns_equal_is_blank_cell_by_cell(cells: list[Any], dtype: Any) -> None:
    series = pd.Series(cells, dtype=object).astype(dtype)
    expected = [is_blank(v) for v in series.tolist()]
    assert blanks(series).tolist() == expected


def _survey() -> Any:
    return tt.Survey.from_dict(
        {
            "title": "routed",
            "questions": [
                {"id": "member", "type": "single", "text": "M?", "options": ["Yes", "No"]},
                {
                    "id": "q",
                    "type": "single",
                    "text": "Q?",
                    "options": ["a", "b", "c"],
                    "ask_if": {"question": "member", "in": ["Yes"]},
                },
            ],
        }
    )


def _same(one: object, other: object) -> bool:
    """Whether two cells are the same answer: equal text, or both a missing value."""
    if isinstance(one, str) or isinstance(other, str):
        return type(one) is type(other) and one == other
    return _missing(one) and _missing(other)


def _missing(cell: Any) -> bool:
    return bool(pd.isna(cell))


@FEW
@given(
    data=st.data(),
    n=st.integers(0, 80),
    dtype=st.sampled_from(["object", "str", "category"]),
)
def test_a_routed_column_equals_a_loop_over_its_cells(
    data: st.DataObject, n: int, dtype: Any
) -> None:
    # Routed-out rows hold blanks (None, NaN, whitespace) or <skipped>: each becomes
    # <not asked>; asked rows keep their answers, blanks and <skipped> as they are.
    survey = _survey()
    member = data.draw(st.lists(st.sampled_from(["Yes", "No", None]), min_size=n, max_size=n))
    asked_cells = st.sampled_from(["a", "b", "c", None, np.nan, SKIPPED])
    out_cells = st.sampled_from([None, np.nan, " ", "", SKIPPED])
    q = [data.draw(asked_cells if m == "Yes" else out_cells) for m in member]
    df = pd.DataFrame({"member": pd.Series(member, dtype=object), "q": pd.Series(q, dtype=object)})
    df["q"] = df["q"].astype(dtype)
    before = df.copy()
    asked = survey.asked(df, "q").to_numpy(dtype=bool)
    expected = [
        NOT_ASKED if not asked[i] and (is_blank(v) or v == SKIPPED) else v
        for i, v in enumerate(df["q"].tolist())
    ]
    got = routed_column(df, df["q"], survey, "q")
    assert len(got) == n
    assert got.name == "q"
    assert got.index.equals(df.index)
    assert all(_same(a, b) for a, b in zip(got.tolist(), expected, strict=True))
    pd.testing.assert_frame_equal(df, before)  # the input is not changed
    # The table counts what the loop marked: each option among the asked, the rest as
    # skipped or not asked.
    table = tt.frequencies(df, "q", survey=survey)
    assert table.counts["All"].tolist() == [expected.count(o) for o in ["a", "b", "c"]]
    assert table.excluded is not None
    left_out = table.excluded["All"].astype(int).to_dict()
    assert left_out["not_asked"] == expected.count(NOT_ASKED)
    skipped = sum(1 for v in expected if v == SKIPPED or (not isinstance(v, str) and _missing(v)))
    assert left_out["skipped"] == skipped

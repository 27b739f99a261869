"""The fast paths of a routed table equal plain loops.

``tracktr.survey._distinct.blanks`` tells blank cells by their types and distinct texts
instead of calling ``is_blank`` per cell; a routed column marks its routed-out blanks in
its own dtype (``Series.mask``) instead of a column of objects made anew. Both are
compared here with the cell-by-cell reading they replace, on columns of hostile cells
(whitespace, ``str`` subclasses, every kind of missing value, numbers beside text), in
``object``, ``str`` and categorical columns, with all-missing columns and routing that
asks no one or everyone. A categorical column is read off its codes and categories, each
category once: its distinct cells equal those of factorising its rows.
"""

from __future__ import annotations

import gc
import sys
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.missing import NOT_ASKED, SKIPPED
from tracktr.survey._distinct import blanks, categories, distinct, is_blank
from tracktr.tabulate._routing import follow_routing_items, routed_column, routed_counted

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


# -- categorical columns: each category read once ------------------------------------------

CATEGORIES: st.SearchStrategy[list[Any]] = st.sampled_from(
    [
        ["a", "b", " ", SKIPPED],
        [1, 2, 3],
        [1.5, 2.0],
        [True, False],
        [1, "1", "a"],
        list(pd.to_datetime(["2020-01-01", "2021-06-30"])),
    ]
)


def _categorical(data: st.DataObject, n: int) -> pd.Series:
    """A categorical column of `n` rows: some categories unused, some rows missing."""
    categories: list[Any] = data.draw(CATEGORIES)
    cells = data.draw(st.lists(st.sampled_from([*categories, None]), min_size=n, max_size=n))
    ordered = data.draw(st.booleans())
    dtype = pd.CategoricalDtype(categories, ordered=ordered)
    return pd.Series(pd.Categorical(cells, dtype=dtype))


def _factorised(series: pd.Series) -> tuple[list[int], list[Any]]:
    """Distinct cells as factorize and ``tolist`` of each code's first row give them."""
    raw, _ = pd.factorize(series)
    codes = raw.astype(np.intp)
    if (codes < 0).any():  # a blank: one code after the others
        codes[codes < 0] = codes.max() + 1
    first = [int(np.flatnonzero(codes == code)[0]) for code in range(len(set(codes.tolist())))]
    return codes.tolist(), series.iloc[first].tolist()


def _typed(cells: list[Any]) -> list[tuple[type, str]]:
    return [(type(v), repr(v)) for v in cells]


@FEW
@given(data=st.data(), n=st.integers(0, 60))
def test_distinct_cells_of_a_categorical_equal_factorize_and_tolist(
    data: st.DataObject, n: int
) -> None:
    # distinct() reads a categorical's codes and categories instead of hashing its rows
    # and taking the first row of each: the same codes, cells of the same types.
    series = _categorical(data, n)
    found = distinct(series)
    assert found is not None
    codes, cells = _factorised(series)
    assert found.codes.tolist() == codes
    assert _typed(found.values) == _typed(cells)


@FEW
@given(data=st.data(), n=st.integers(0, 60))
def test_categories_read_each_cell_as_tolist_gives_it(data: st.DataObject, n: int) -> None:
    series = _categorical(data, n)
    found = categories(series)
    cells = series.tolist()
    if found is None:  # dates: read through distinct()
        assert isinstance(series.cat.categories, pd.DatetimeIndex)
        return
    assert len(found.codes) == n
    # Every cell is its category's cell (a missing one the last), of the same type.
    assert _typed([found.values[c] for c in found.codes.tolist()]) == _typed(cells)
    for check in (is_blank, lambda v: isinstance(v, str) and v == SKIPPED):
        assert found.lookup(check).tolist() == [bool(check(v)) for v in cells]


def test_a_routed_categorical_reads_each_category_once_not_each_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before: a routed categorical's routed-out cells were tested one by one (is_blank
    # per row, through pandas' isin and take): the survey's tables took twice as long
    # routed as unrouted. Now each category is tested once, whatever the rows.
    n = 3_000
    member = pd.Series(["Yes", "No", None] * (n // 3), dtype="category")
    q = pd.Series(["a", None, SKIPPED] * (n // 3), dtype="category")
    df = pd.DataFrame({"member": member, "q": q})
    calls = []

    def counted(value: object) -> bool:
        calls.append(value)
        return is_blank(value)

    monkeypatch.setattr("tracktr.survey._distinct.is_blank", counted)
    monkeypatch.setattr("tracktr.survey._cells.is_blank", counted)
    got = routed_column(df, df["q"], _survey(), "q")
    assert len(calls) <= 2 * (len(member.cat.categories) + len(q.cat.categories) + 2)
    assert got.tolist()[:3] == ["a", NOT_ASKED, NOT_ASKED]


@FEW
@given(
    data=st.data(),
    n=st.integers(1, 60),
    member_dtype=st.sampled_from(["object", "category"]),
    dtype=st.sampled_from(["object", "str", "category"]),
)
def test_a_routed_out_answer_is_refused_as_validate_lists_it(
    data: st.DataObject, n: int, member_dtype: Any, dtype: Any
) -> None:
    # Answers of routed-out respondents are found among each distinct cell once: the
    # refusal lists the cells survey.validate lists, row by row.
    survey = _survey()
    member = data.draw(st.lists(st.sampled_from(["Yes", "No", None]), min_size=n, max_size=n))
    cells = st.sampled_from(["a", "b", "c", None, np.nan, " ", SKIPPED])
    q = data.draw(st.lists(cells, min_size=n, max_size=n))
    df = pd.DataFrame(
        {
            "respondent_id": range(1, n + 1),
            "member": pd.Series(member, dtype=object).astype(member_dtype),
            "q": pd.Series(q, dtype=object).astype(dtype),
        }
    )
    before = df.copy()
    asked = [m == "Yes" for m in member]
    refused = [i + 1 for i, v in enumerate(q) if not asked[i] and v in ("a", "b", "c")]
    if not refused:
        routed_column(df, df["q"], survey, "q")
        return
    with pytest.raises(tt.SurveyValidationError) as error:
        routed_column(df, df["q"], survey, "q")
    failures = error.value.failures
    assert failures["respondent_id"].tolist() == refused
    with pytest.raises(tt.SurveyValidationError) as validated:
        survey.validate(df)
    expected = validated.value.failures
    expected = expected[expected["check"] == "answered_not_asked"].reset_index(drop=True)
    pd.testing.assert_frame_equal(failures, expected, check_dtype=False)
    pd.testing.assert_frame_equal(df, before)


# -- a routed table counted from one factorisation -------------------------------------------

COUNTED = [
    "a",
    "b",
    "c",
    " ",
    "",
    "x",
    None,
    np.nan,
    pd.NA,
    pd.NaT,
    np.datetime64("NaT"),
    Decimal("NaN"),
    np.str_("a"),
    np.float32("nan"),
    1,
    True,
    SKIPPED,
    NOT_ASKED,
    "<refused>",
]


def _outcome(df: pd.DataFrame, survey: Any) -> tuple[str, ...]:
    """The table as text (counts, bases, left out, notes), or the error's type and words."""
    try:
        table = tt.frequencies(df, "q", survey=survey, by="g")
    except tt.TracktrError as error:
        return (type(error).__name__, str(error))
    excluded = None if table.excluded is None else table.excluded.to_string()
    return (
        table.counts.to_string(),
        table.bases.to_string(),
        str(excluded),
        repr(table.notes),
        repr(table.base_description),
    )


@FEW
@given(
    data=st.data(),
    n=st.integers(0, 60),
    dtype=st.sampled_from(["object", "str", "string", "category"]),
    clean=st.booleans(),
)
def test_a_routed_table_counted_once_equals_the_marked_columns_table(
    data: st.DataObject, n: int, dtype: Any, clean: bool
) -> None:
    # The table of a routed question is counted from one factorisation of its column (a
    # categorical whose routed-out blanks are <not asked>): the same table, and the same
    # error word for word, as marking a copy of the column and counting that
    # (routed_column), on hostile cells asked and routed out in every text dtype.
    survey = _survey()
    member = data.draw(st.lists(st.sampled_from(["Yes", "No", None]), min_size=n, max_size=n))
    # Mostly clean columns (options, blanks, markers), which the fast path counts; else
    # any hostile cell, which it hands to the marked column's path.
    asked = st.sampled_from(["a", "b", "c", None, np.nan, SKIPPED, "<refused>"])
    out = st.sampled_from([None, np.nan, " ", "", SKIPPED, NOT_ASKED, "<refused>", pd.NA])
    if not clean:
        asked = out = st.sampled_from(COUNTED)
    q = [data.draw(asked if m == "Yes" else out) for m in member]
    groups = data.draw(st.lists(st.sampled_from(["g1", "g2"]), min_size=n, max_size=n))
    df = pd.DataFrame(
        {
            "member": pd.Series(member, dtype=object),
            "q": pd.Series(q, dtype=object),
            "g": pd.Series(groups, dtype=object),
        }
    )
    try:
        df["q"] = df["q"].astype(dtype)
    except (TypeError, ValueError):  # categories that cannot be told apart (1 and True)
        return
    before = df.copy()
    got = _outcome(df, survey)
    if clean:  # the fast path: marked in a categorical's codes, else the column itself
        kept = (NOT_ASKED, "<refused>")
        out_cells = [v for m, v in zip(member, q, strict=True) if m != "Yes"]
        marked = any(not (isinstance(v, str) and v in kept) for v in out_cells)
        got_dtype = routed_counted(df, df["q"], survey, "q").dtype
        assert isinstance(got_dtype, pd.CategoricalDtype) if marked else got_dtype == df["q"].dtype
    with pytest.MonkeyPatch.context() as patch:  # the code before: a marked copy counted
        patch.setattr(sys.modules["tracktr.tabulate._single"], "routed_counted", routed_column)
        expected = _outcome(df, survey)
    assert got == expected
    pd.testing.assert_frame_equal(df, before)  # the input is not changed


@pytest.mark.parametrize("dtype", ["object", "str", "category"])
def test_a_routed_tables_question_is_hashed_once(
    dtype: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: the routed-out cells were factorised to test them, then the marked copy of
    # the column factorised again to count it (object text: twice over its cells, and a
    # copy of every cell). Now one factorisation serves the tests and the count. The
    # routing column is a categorical here, read off its codes (its hashes are integers).
    n = 3_000
    member = pd.Series(["Yes", "No", None] * (n // 3), dtype="category")
    q = pd.Series(["a", None, SKIPPED] * (n // 3), dtype=object).astype(dtype)
    df = pd.DataFrame({"member": member, "q": q})
    hashed = []
    factorize = pd.factorize

    def counted(values: Any, *args: Any, **kwargs: Any) -> Any:
        kind = getattr(values, "dtype", None)
        if kind is not None and not np.issubdtype(np.asarray(values[:0]).dtype, np.integer):
            hashed.append(len(values))
        return factorize(values, *args, **kwargs)

    monkeypatch.setattr(pd, "factorize", counted)
    table = tt.frequencies(df, "q", survey=_survey())
    assert table.counts["All"].tolist() == [n // 3, 0, 0]
    assert table.excluded is not None
    assert table.excluded["All"].astype(int).to_dict()["not_asked"] == 2 * n // 3
    assert len(hashed) <= 1, hashed


# -- routing columns' distinct cells kept between tables -------------------------------------

WRITES = st.sampled_from(["loc", "iloc", "numpy", "assign", "same object", "none"])


def _write(df: pd.DataFrame, how: str, rows: list[int], value: Any) -> None:
    """Change column "member" of `df` in place, in one of the ways pandas allows."""
    if how == "loc":
        df.loc[rows, "member"] = value
    elif how == "iloc":
        df.iloc[rows, list(df.columns).index("member")] = value
    elif how == "numpy" and df["member"].dtype == object:
        cells = df["member"].to_numpy()
        if cells.flags.writeable:  # copy-on-write may hand out a read-only view
            cells[rows] = value
    elif how == "assign":
        df["member"] = df["member"].copy()
    elif how == "same object":  # the very objects written back: nothing changes
        df.loc[rows, "member"] = df["member"].iloc[rows].to_numpy()


@FEW
@given(
    data=st.data(),
    n=st.integers(1, 60),
    dtype=st.sampled_from(["object", "str"]),
    writes=st.lists(st.tuples(WRITES, st.sampled_from(["Yes", "No", None])), max_size=4),
)
def test_kept_routing_cells_follow_every_write_to_the_column(
    data: st.DataObject, n: int, dtype: Any, writes: list[tuple[str, Any]]
) -> None:
    # Tables of one frame share their routing columns' distinct cells (kept_distinct).
    # After any write into the routing column, in place or not, who was asked (and so
    # each table) is what a fresh reading of the column gives: never a stale table.
    survey = _survey()
    member = data.draw(st.lists(st.sampled_from(["Yes", "No", None]), min_size=n, max_size=n))
    df = pd.DataFrame(
        {
            "member": pd.Series(member, dtype=object).astype(dtype),
            "q": pd.Series(["a"] * n, dtype=object),
        }
    )
    for how, value in writes:
        tt.frequencies(df.assign(q=df["q"].where(_asked_fresh(df))), "q", survey=survey)
        rows = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
        _write(df, how, rows, value)
        expected = _asked_fresh(df)
        assert survey.asked(df, "q").to_numpy(dtype=bool).tolist() == expected.tolist()
        assert survey.asked_frame(df, ["q"])["q"].tolist() == expected.tolist()
        table = tt.frequencies(df.assign(q=df["q"].where(expected)), "q", survey=survey)
        assert table.counts["All"].tolist() == [int(expected.sum()), 0, 0]


def _asked_fresh(df: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Who was asked, read cell by cell: member is "Yes"."""
    return np.array([isinstance(v, str) and v == "Yes" for v in df["member"].tolist()])


def test_routing_columns_are_factorised_once_for_the_tables_of_a_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before: each table of a routed question factorised its routing columns again (five
    # tables of one frame, the same column five times). Now the second table takes the
    # first one's distinct cells, the column unchanged.
    n = 3_000
    member = pd.Series(["Yes", "No", None] * (n // 3), dtype=object)
    df = pd.DataFrame({"member": member, "q": pd.Series(["a", None, None] * (n // 3))})
    survey = _survey()
    read = []
    factorize = pd.factorize

    def counted(values: Any, *args: Any, **kwargs: Any) -> Any:
        if len(values) == n and np.asarray(values[:1]).tolist() == ["Yes"]:  # "member"
            read.append(len(values))
        return factorize(values, *args, **kwargs)

    monkeypatch.setattr(pd, "factorize", counted)
    first = tt.frequencies(df, "q", survey=survey)
    second = tt.frequencies(df, "q", survey=survey)
    asked = survey.asked_frame(df, ["q"])
    assert first.counts.equals(second.counts)
    assert int(asked["q"].sum()) == n // 3
    assert len(read) == 1, read
    df.loc[[1], "member"] = "Yes"  # written in place: read again, once
    third = tt.frequencies(df, "q", survey=survey)
    assert len(read) == 2, read
    assert third.excluded is not None
    assert int(third.excluded["All"]["not_asked"]) == 2 * n // 3 - 1


class _Label(str):
    """Text whose equality could follow a mutable attribute: never kept."""

    __slots__ = ()


def test_columns_of_mutable_cells_are_not_kept_and_entries_go_with_their_frame() -> None:
    from tracktr.survey import _distinct

    for cells in (["Yes", _Label("No"), None], ["No", _Label("No"), None]):
        df = pd.DataFrame({"member": pd.Series(cells, dtype=object)})
        first = _distinct.kept_distinct(df["member"])
        assert first is not _distinct.kept_distinct(df["member"])
    df = pd.DataFrame({"member": pd.Series(["Yes", "No", None], dtype=object)})
    found = _distinct.kept_distinct(df["member"])
    assert found is not None
    assert found is _distinct.kept_distinct(df["member"])
    assert not found.codes.flags.writeable  # shared: nobody writes them
    assert any(entry.found is found for entry in _distinct._KEPT.values())
    del df
    gc.collect()
    assert not any(entry.found is found for entry in _distinct._KEPT.values())


def test_kept_entries_stay_within_their_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracktr.survey import _distinct

    monkeypatch.setattr(_distinct, "_KEPT_ROWS", 250)
    monkeypatch.setattr(_distinct, "_KEPT", {})
    frames = [pd.DataFrame({"m": pd.Series(["Yes", "No"] * 50, dtype=object)}) for _ in range(5)]
    for frame in frames:
        _distinct.kept_distinct(frame["m"])
    assert sum(len(e.found.codes) for e in _distinct._KEPT.values()) <= 250
    assert len(_distinct._KEPT) == 2
    too_long = pd.DataFrame({"m": pd.Series(["Yes"] * 300, dtype=object)})
    _distinct.kept_distinct(too_long["m"])
    assert len(_distinct._KEPT) == 2  # longer than the budget: not kept


def _grid_survey() -> Any:
    return tt.Survey.from_dict(
        {
            "title": "routed grid",
            "questions": [
                {"id": "member", "type": "single", "text": "M?", "options": ["Yes", "No"]},
                {
                    "id": "g",
                    "type": "grid",
                    "text": "G?",
                    "options": ["a", "b", "c"],
                    "items": [
                        {"id": "g1", "label": "one", "column": "g1"},
                        {"id": "g2", "label": "two", "column": "g2"},
                    ],
                    "ask_if": {"question": "member", "in": ["Yes"]},
                },
            ],
        }
    )


def _grid_outcome(df: pd.DataFrame, survey: Any) -> tuple[str, ...]:
    try:
        table = tt.grid(df, "g", survey=survey)
    except tt.TracktrError as error:
        failures = getattr(error, "failures", None)
        return (type(error).__name__, str(error), str(failures))
    excluded = None if table.excluded is None else table.excluded.to_string()
    return (table.counts.to_string(), table.bases.to_string(), str(excluded), repr(table.notes))


@FEW
@given(
    data=st.data(),
    n=st.integers(0, 40),
    dtype=st.sampled_from(["object", "str", "category"]),
    clean=st.booleans(),
)
def test_a_routed_grid_counted_once_equals_the_marked_items_table(
    data: st.DataObject, n: int, dtype: Any, clean: bool
) -> None:
    # A grid's items are counted from one factorisation each; where any item cannot be
    # (a routed-out answer, an unknown value), all take the marked path, which refuses
    # every item's routed-out answers at once: the same table or error as before.
    survey = _grid_survey()
    member = data.draw(st.lists(st.sampled_from(["Yes", "No", None]), min_size=n, max_size=n))
    asked = st.sampled_from(["a", "b", "c", None, np.nan, SKIPPED])
    out = st.sampled_from([None, np.nan, " ", SKIPPED, NOT_ASKED])
    if not clean:
        asked = out = st.sampled_from(COUNTED)
    columns = {
        item: [data.draw(asked if m == "Yes" else out) for m in member] for item in ("g1", "g2")
    }
    df = pd.DataFrame({"member": pd.Series(member, dtype=object)})
    try:
        for item, cells in columns.items():
            df[item] = pd.Series(cells, dtype=object).astype(dtype)
    except (TypeError, ValueError):  # categories that cannot be told apart (1 and True)
        return
    before = df.copy()
    got = _grid_outcome(df, survey)
    with pytest.MonkeyPatch.context() as patch:  # the code before: marked copies counted
        grid_module = sys.modules["tracktr.tabulate._grid"]
        patch.setattr(grid_module, "routed_counted_items", follow_routing_items)
        expected = _grid_outcome(df, survey)
    assert got == expected
    pd.testing.assert_frame_equal(df, before)


def test_a_kept_arrow_column_follows_writes_to_its_memory() -> None:
    # Before: a pyarrow text column was kept for its very Arrow array, on the grounds that
    # pandas never writes one in place. But an Arrow array's memory need not be Arrow's
    # own (from_buffers over a numpy array; a memory-mapped file rewritten): written
    # there, the column read "No" as "Yes" from the kept cells, a stale routing.
    pa = pytest.importorskip("pyarrow")
    text = np.frombuffer(b"YesNo", dtype=np.uint8).copy()
    offsets = np.array([0, 3, 5], dtype=np.int32)
    array = pa.StringArray.from_buffers(2, pa.py_buffer(offsets), pa.py_buffer(text))
    member = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([array])))
    df = pd.DataFrame({"member": member, "q": pd.Series(["a", "b"], dtype=object)})
    survey = _survey()
    assert survey.asked(df, "q").tolist() == [True, False]
    assert survey.asked(df, "q").tolist() == [True, False]  # kept, then reused
    text[:] = np.frombuffer(b"NooYe", dtype=np.uint8)  # now "Noo" and "Ye": nobody asked
    assert df["member"].tolist() == ["Noo", "Ye"]
    assert survey.asked(df, "q").tolist() == [False, False]
    assert survey.asked_frame(df, ["q"])["q"].tolist() == [False, False]
    text[:] = np.frombuffer(b"YesNo", dtype=np.uint8)  # the same bytes again: reused
    assert survey.asked(df, "q").tolist() == [True, False]


def test_one_arrow_array_behind_two_text_dtypes_is_read_in_each() -> None:
    # One Arrow array may back a "string[pyarrow]" column (a missing cell reads pd.NA) and
    # a "str" one (NaN). Before, the kept cells of the first were handed to the second.
    pa = pytest.importorskip("pyarrow")
    from tracktr.survey._distinct import kept_distinct

    arrow = pa.chunked_array([pa.array(["Yes", None, "No"], type=pa.large_string())])
    with_na = pd.Series(pd.arrays.ArrowStringArray(arrow))
    nan_dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    with_nan = pd.Series(pd.arrays.ArrowStringArray(arrow, dtype=nan_dtype))
    assert with_na.array.__arrow_array__() is with_nan.array.__arrow_array__()
    for series in (with_na, with_nan, with_na, with_nan):
        kept, fresh = kept_distinct(series), distinct(series)
        assert kept is not None
        assert fresh is not None
        assert kept.codes.tolist() == fresh.codes.tolist()
        assert [(type(v), str(v)) for v in kept.values] == [(type(v), str(v)) for v in fresh.values]


def test_a_kept_arrow_column_is_reused_while_unchanged() -> None:
    # The copy of its buffers does not stop an unchanged text column from being reused.
    pytest.importorskip("pyarrow")
    from tracktr.survey._distinct import kept_distinct

    df = pd.DataFrame({"member": pd.Series(["Yes", None, "No"] * 10, dtype="str")})
    first = kept_distinct(df["member"])
    assert first is not None
    assert first is kept_distinct(df["member"])
    df.loc[[1], "member"] = "Yes"  # a new Arrow array: read again
    again = kept_distinct(df["member"])
    assert again is not None
    assert again is not first
    assert again.codes.tolist()[:3] == [0, 0, 1]


@FEW
@given(
    first=st.lists(st.sampled_from(["Yes", "No", "Yeah"]), min_size=1, max_size=20),
    data=st.data(),
)
def test_kept_arrow_cells_follow_any_write_to_the_arrays_memory(
    first: list[str], data: st.DataObject
) -> None:
    # Whatever bytes are written into the memory behind an Arrow text column between two
    # readings, who was asked is what a fresh reading of the column gives.
    pa = pytest.importorskip("pyarrow")
    text = np.frombuffer("".join(first).encode(), dtype=np.uint8).copy()
    offsets = np.cumsum([0, *map(len, first)], dtype=np.int32)
    array = pa.StringArray.from_buffers(len(first), pa.py_buffer(offsets), pa.py_buffer(text))
    member = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([array])))
    df = pd.DataFrame({"member": member, "q": pd.Series(["a"] * len(first), dtype=object)})
    survey = _survey()
    for _ in range(3):
        assert survey.asked(df, "q").tolist() == _asked_fresh(df).tolist()
        at = data.draw(st.integers(0, len(text) - 1))
        text[at] = data.draw(st.sampled_from(list(b"YesNoah")))


# -- a routed table's own column kept between its tables ------------------------------------

Q_WRITES = st.sampled_from(["loc", "iloc", "memory", "same object", "none"])


def _write_q(
    df: pd.DataFrame, cells: npt.NDArray[Any], how: str, rows: list[int], value: Any
) -> None:
    """Change column "q" of `df` in place; "memory": through `cells`, behind pandas' back."""
    if how == "loc":
        df.loc[rows, "q"] = value
    elif how == "iloc":
        df.iloc[rows, list(df.columns).index("q")] = value
    elif how == "memory" and np.shares_memory(df["q"].to_numpy(), cells):
        cells[rows] = value  # the frame's own memory: pandas is not told
    elif how == "same object":  # the very objects written back: nothing changes
        df.loc[rows, "q"] = df["q"].iloc[rows].to_numpy()


@FEW
@given(
    data=st.data(),
    n=st.integers(1, 40),
    clean=st.booleans(),
    writes=st.lists(Q_WRITES, min_size=1, max_size=4),
)
def test_tables_of_a_kept_routed_column_follow_every_write_to_it(
    data: st.DataObject, n: int, clean: bool, writes: list[str]
) -> None:
    # A routed question's object column read twice is kept for its next tables
    # (kept_text_codes). Whatever is written into it between tables, in place through
    # pandas or into its memory behind pandas' back, each table (or error, word for
    # word) is that of the marked column counted afresh (routed_column, no kept cells).
    survey = _survey()
    member = data.draw(st.lists(st.sampled_from(["Yes", "No", None]), min_size=n, max_size=n))
    asked = st.sampled_from(["a", "b", "c", None, np.nan, SKIPPED, "<refused>"])
    out = st.sampled_from([None, np.nan, " ", "", SKIPPED, NOT_ASKED, pd.NA])
    if not clean:
        asked = out = st.sampled_from(COUNTED)
    q = np.empty(n, dtype=object)
    q[:] = [data.draw(asked if m == "Yes" else out) for m in member]
    groups = data.draw(st.lists(st.sampled_from(["g1", "g2"]), min_size=n, max_size=n))
    df = pd.DataFrame(
        {
            "member": pd.Series(member, dtype=object),
            "q": pd.Series(q, dtype=object, copy=False),
            "g": pd.Series(groups, dtype=object),
        }
    )
    for how in [*writes, "none"]:
        got = [_outcome(df, survey) for _ in range(3)]  # read, kept, then reused
        with pytest.MonkeyPatch.context() as patch:  # the column marked and counted afresh
            patch.setattr(sys.modules["tracktr.tabulate._single"], "routed_counted", routed_column)
            expected = _outcome(df, survey)
        assert got == [expected] * 3
        rows = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
        _write_q(df, q, how, rows, data.draw(st.sampled_from(COUNTED)))


def test_a_routed_column_tabulated_again_is_hashed_twice_then_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before: each table of a routed question hashed its object column again (tables of
    # one question by several banners, or a rerun: 30 ms a million rows each). Now its
    # second reading keeps the codes, and the next tables take them while the column is
    # unchanged; a write in place is seen (read again).
    n = 3_000
    member = pd.Series(["Yes", "No", None] * (n // 3), dtype="category")
    q = pd.Series(["a", None, SKIPPED] * (n // 3), dtype=object)
    df = pd.DataFrame({"member": member, "q": q})
    hashed = []
    factorize = pd.factorize

    def counted(values: Any, *args: Any, **kwargs: Any) -> Any:
        if len(values) == n and np.asarray(values[1:3]).tolist() == [None, SKIPPED]:  # "q"
            hashed.append(len(values))
        return factorize(values, *args, **kwargs)

    monkeypatch.setattr(pd, "factorize", counted)
    survey = _survey()
    tables = [tt.frequencies(df, "q", survey=survey) for _ in range(4)]
    assert len(hashed) == 2, hashed
    for table in tables:
        assert table.counts["All"].tolist() == [n // 3, 0, 0]
        assert table.excluded is not None
        assert table.excluded["All"].astype(int).to_dict()["not_asked"] == 2 * n // 3
    df.loc[[0, 3], "q"] = "b"  # in place: read again
    again = tt.frequencies(df, "q", survey=survey)
    assert len(hashed) == 3, hashed
    assert again.counts["All"].tolist() == [n // 3 - 2, 2, 0]


@FEW
@given(cells=st.lists(st.sampled_from(HOSTILE), max_size=60), data=st.data())
def test_missing_cells_read_by_address_and_type_equal_is_blank(
    cells: list[Any], data: st.DataObject
) -> None:
    # missing_blank tells None, pd.NA and pd.NaT by their addresses and floats by one C
    # pass: the same as is_blank of each missing cell, at any positions.
    from tracktr.survey._distinct import missing_blank

    series = pd.Series(cells, dtype=object)
    missing = np.flatnonzero(series.isna().to_numpy())
    positions = np.array(data.draw(st.permutations(missing.tolist())), dtype=np.intp)
    expected = [is_blank(series.iloc[p]) for p in positions.tolist()]
    assert missing_blank(series, positions).tolist() == expected


@FEW
@given(data=st.data(), n=st.integers(1, 80), dtype=st.sampled_from(["object", "str", "category"]))
def test_a_routed_column_of_many_texts_is_marked_as_the_marked_column(
    data: st.DataObject, n: int, dtype: Any
) -> None:
    # Past 61 texts a routed table's codes are no longer read as bytes through one lookup
    # but gathered at the routed-out rows (and a categorical's codes widen past 127
    # categories): the same table, or error, as the marked column counted afresh.
    many = [f"t{i}" for i in range(data.draw(st.sampled_from([60, 61, 62, 130])))]
    survey = tt.Survey.from_dict(
        {
            "title": "many options",
            "questions": [
                {"id": "member", "type": "single", "text": "M?", "options": ["Yes", "No"]},
                {
                    "id": "q",
                    "type": "single",
                    "text": "Q?",
                    "options": ["a", "b", *many],
                    "ask_if": {"question": "member", "in": ["Yes"]},
                },
            ],
        }
    )
    member = data.draw(st.lists(st.sampled_from(["Yes", "No"]), min_size=n, max_size=n))
    cells = st.sampled_from(["a", "b", None, " ", SKIPPED, *many])
    q = [data.draw(cells if m == "Yes" else st.sampled_from([None, " ", SKIPPED])) for m in member]
    df = pd.DataFrame(
        {
            "member": pd.Series(member, dtype=object),
            "q": pd.Series(q, dtype=object).astype(dtype),
            "g": pd.Series(["g1"] * n, dtype=object),
        }
    )
    if dtype == "category":  # every text a category, used or not
        df["q"] = df["q"].cat.set_categories(["a", "b", " ", SKIPPED, *many])
    got = [_outcome(df, survey) for _ in range(3)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys.modules["tracktr.tabulate._single"], "routed_counted", routed_column)
        expected = _outcome(df, survey)
    assert got == [expected] * 3


def test_a_kept_routing_leaf_is_read_once_for_the_tables_of_a_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before: each table looked up its routing leaf again (member in ["Yes"]: each of
    # the column's distinct cells tested, then a pass over every row), table after
    # table. Now the rows a leaf selects are kept with the kept column's cells; a write
    # in place makes them read again. What a caller is handed is its own to change.
    import tracktr.survey._cells as cells_module

    n = 3_000
    df = pd.DataFrame(
        {
            "member": pd.Series(["Yes", "No", None] * (n // 3), dtype=object),
            "q": pd.Series(["a", None, None] * (n // 3), dtype=object),
        }
    )
    survey = _survey()
    read = []
    label_of = cells_module.label_of

    def counted(question: Any, value: object) -> Any:
        read.append(value)
        return label_of(question, value)

    monkeypatch.setattr(cells_module, "label_of", counted)
    asked = [survey.asked(df, "q") for _ in range(3)]
    tables = [tt.frequencies(df, "q", survey=survey) for _ in range(2)]
    assert sorted(read, key=str) == ["No", "Yes"], read  # None is blank: never read
    assert all(a.tolist() == [True, False, False] * (n // 3) for a in asked)
    assert all(t.counts["All"].tolist() == [n // 3, 0, 0] for t in tables)
    asked[0].iloc[0] = False  # the caller's own copy: the next reading is unchanged
    rows = survey._asked_rows(df, "q")
    rows[1] = True
    assert survey.asked(df, "q").tolist()[:2] == [True, False]
    df.loc[[0], "member"] = "No"  # in place: the leaf read again
    assert survey.asked(df, "q").tolist()[:2] == [False, False]
    assert len(read) == 4, read


def test_a_routed_columns_texts_never_push_the_routing_columns_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The store holds a budget of rows. The texts of routed questions' columns, kept past
    # it, pushed out the oldest entries whatever they were: the routing columns that
    # every next table reads again, so that tables past the budget read everything
    # afresh, round and round. Now texts push out only older texts.
    from tracktr.survey import _distinct

    monkeypatch.setattr(_distinct, "_KEPT_ROWS", 350)
    monkeypatch.setattr(_distinct, "_KEPT", {})
    n = 100
    df = pd.DataFrame(
        {
            "member": pd.Series(["Yes", "No"] * (n // 2), dtype=object),
            **{f"q{i}": pd.Series(["a", None] * (n // 2), dtype=object) for i in range(4)},
        }
    )
    routing = _distinct.kept_distinct(df["member"])
    assert routing is not None
    for _ in range(3):
        for i in range(4):
            _distinct.kept_text_codes(df[f"q{i}"])
    kept = [entry for entry in _distinct._KEPT.values() if entry.found is not None]
    assert sum(entry.weight for entry in kept) <= 350
    assert routing is _distinct.kept_distinct(df["member"])  # still kept
    assert len(kept) == 3  # the routing column and two texts


@pytest.mark.parametrize("bad", [3, 5, -2])
@pytest.mark.parametrize("table", ["frequencies", "routed_column"])
def test_a_routed_categorical_with_codes_past_its_categories_is_refused(
    bad: int, table: str
) -> None:
    # A categorical built with from_codes(..., validate=False) may hold codes that name
    # no category. Routed, such a column was marked through pandas' astype(object), which
    # crashed the interpreter (a segmentation fault), or read code 3 of three categories
    # as the cell after the last (<not asked>). Now refused, naming the codes and rows.
    survey = _survey()
    member = pd.Series(["Yes", "No", "Yes", "No"], dtype=object)
    codes = np.array([0, -1, bad, 1], dtype=np.int8)
    dtype = pd.CategoricalDtype(["a", "b", "c"])
    q = pd.Series(pd.Categorical.from_codes(codes, dtype=dtype, validate=False))
    df = pd.DataFrame({"member": member, "q": q})

    def tabulate() -> object:
        if table == "frequencies":
            return tt.frequencies(df, "q", survey=survey)
        return routed_column(df, df["q"], survey, "q")

    with pytest.raises(tt.InvalidDataError, match=rf"question 'q'.*code\(s\) \[{bad}\]"):
        tabulate()


def test_a_table_of_rows_not_pooled_reads_no_rows_for_the_shared_waves_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The note on organisations shared by pooled waves reads the rows in the table's
    # base; every table of any frame read them (an isin of the column's options over
    # every row: 20 ms a table of a million rows). Now only pooled rows are read.
    n = 3_000
    df = pd.DataFrame(
        {
            "member": pd.Series(["Yes", "No", None] * (n // 3), dtype=object),
            "q": pd.Series(["a", None, None] * (n // 3), dtype=object),
        }
    )
    read = []
    isin = pd.Series.isin

    def counted(self: pd.Series, values: Any) -> Any:
        if len(self) == n:
            read.append(list(values))
        return isin(self, values)

    monkeypatch.setattr(pd.Series, "isin", counted)
    table = tt.frequencies(df, "q", survey=_survey())
    assert table.counts["All"].tolist() == [n // 3, 0, 0]
    assert ["a", "b", "c"] not in read, read

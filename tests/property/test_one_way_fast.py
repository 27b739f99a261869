"""A one-way table of one categorical column has a path of its own: it equals the general one.

``tt.frequencies(df, "q")`` of a categorical column, without codebook, groups or weights,
counts the codes and builds the table from arrays, with what the categories and options
decide kept per categories Index (issue 16). On random columns (blanks, missing markers,
values outside the options, "don't know", reserved or repeated labels) it must give the
table, or the error, that the general path gives.
"""

from __future__ import annotations

import contextlib
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


def test_the_table_fields_of_a_plan_that_is_not_kept_are_not_kept() -> None:
    # A plan of more than 1,000 categories is made anew on every call, so the fields its
    # table kept per plan were never read again: they only held the plan (its options,
    # arrays as long) in the cache, up to 256 of them (2 MiB each at 20,000 categories),
    # and pushed out the fields of the plans that are kept.
    from tracktr.tabulate import _one_way

    small = pd.DataFrame({"q": pd.Categorical(["a", "b", "a"])})
    tt.frequencies(small, "q")
    tt.frequencies(small, "q")  # the fields of a kept plan are kept
    assert any(len(plan.spec.options) == 2 for plan, _ in _one_way._TABLES._entries.values())
    frame = pd.DataFrame({"q": pd.Categorical([f"id{i}" for i in range(1500)])})
    table = tt.frequencies(frame, "q", decimals=1)
    assert table.decimals == 1
    assert table.counts["All"].sum() == 1500
    held = [plan for plan, _ in _one_way._TABLES._entries.values()]
    assert all(len(plan.spec.options) <= 1000 for plan in held)


@pytest.mark.parametrize("one_way_path", [True, False])
def test_the_labels_of_many_categories_are_not_kept_as_checked(one_way_path: bool) -> None:
    # Options that passed the check of distinct labels are kept, so that the next table
    # of them skips it: kept whatever their number, the 1,500 labels of a respondent id
    # (20,000: 1.3 MiB a table, up to 256 of them) stayed in memory after the data.
    from tracktr.tabulate import _common

    frame = pd.DataFrame({"q": pd.Categorical([f"id{i}" for i in range(1500)])})
    reserved = frame.assign(q=frame["q"].cat.rename_categories({"id7": "Base"}))
    general = mock.patch("tracktr.tabulate._single.one_way", return_value=None)
    with contextlib.nullcontext() if one_way_path else general:
        table = tt.frequencies(frame, "q")
        with pytest.raises(tt.TracktrError, match="Base"):  # still checked, every time
            tt.frequencies(reserved, "q")
    assert table.counts["All"].sum() == 1500
    assert all(len(labels) <= 1000 for labels, _, _ in _common._DISTINCT._keys)


# Every public name of a Table, and how the properties below read it. A name added to
# Table without a reading here fails the first test: the comparison must cover it.
_READ_AS_IS = {
    "base_description", "bases", "counts", "decimals", "effective_bases", "excluded",
    "extra_notes", "gaps", "kind", "notes", "overlapping_columns", "partition",
    "percent_axis", "question", "respondent_bases", "respondents", "rule", "small_base",
    "small_bases", "source", "summary_rows", "title", "unweighted_bases",
    "unweighted_counts", "weighted", "zero_weights",
}  # fmt: skip
_CALLED = {
    "base_line", "percentage_units", "percentages", "publication_layout", "rounding_totals",
    "to_excel", "to_frame", "to_html", "to_latex", "to_markdown", "with_notes",
    "with_rounding",
}  # fmt: skip


def _excel_cells(table: tt.Table) -> list[tuple[Any, ...]]:
    """Return the cells of the sheet `table.to_excel` writes, row by row."""
    import openpyxl

    book = openpyxl.Workbook()
    table.to_excel(book, sheet="t")
    return [tuple(row) for row in book["t"].iter_rows(values_only=True)]


def _everything(table: tt.Table, *, excel: bool) -> dict[str, Any]:
    """Return what every public name of the table gives, read in the order written."""
    out: dict[str, Any] = {name: getattr(table, name) for name in sorted(_READ_AS_IS)}
    out["base_line"] = table.base_line()
    for rule in ("half_up", "half_even", "half_down", "floor", "ceil", "double_half_up"):
        for decimals in (0, 1):
            out[f"percentages {rule} {decimals}"] = table.percentages(rule=rule, decimals=decimals)
            out[f"units {rule} {decimals}"] = table.percentage_units(rule=rule, decimals=decimals)
    out["percentages"] = table.percentages()
    out["units"] = table.percentage_units()
    out["publication_layout"] = repr(table.publication_layout())
    out["rounding_totals"] = table.rounding_totals()
    for layout in ("wide", "long", "report"):
        out[f"to_frame {layout}"] = table.to_frame(layout=layout)
    out["to_html"] = table.to_html()
    out["to_latex"] = table.to_latex(label="t")
    out["to_markdown"] = table.to_markdown()
    out["with_notes"] = table.with_notes("A note.")
    out["with_rounding"] = table.with_rounding(rule="floor", decimals=1)
    out["repr"] = repr(table)
    out["str"] = str(table)
    if excel:
        out["to_excel"] = _excel_cells(table)
    return out


def _assert_identical(seen: Any, wanted: Any, name: str) -> None:
    if isinstance(wanted, pd.DataFrame):
        pd.testing.assert_frame_equal(seen, wanted, check_exact=True, obj=name)
    elif isinstance(wanted, pd.Series):
        pd.testing.assert_series_equal(seen, wanted, check_exact=True, obj=name)
    elif isinstance(wanted, pd.Index):
        pd.testing.assert_index_equal(seen, wanted, exact=True, obj=name)
    elif isinstance(wanted, tt.Table):
        assert isinstance(seen, tt.Table), name
        assert seen == wanted, name
        assert seen.to_markdown() == wanted.to_markdown(), name
    else:
        assert type(seen) is type(wanted), name
        assert seen == wanted, name


def test_the_comparison_reads_every_public_name_of_a_table() -> None:
    public = {name for name in dir(tt.Table) if not name.startswith("_")}
    assert public == _READ_AS_IS | _CALLED


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(made=calls(), fields_first=st.booleans(), excel=st.booleans())
def test_every_public_name_of_the_one_way_table_gives_what_the_general_path_gives(
    made: tuple[pd.DataFrame, dict[str, Any]], fields_first: bool, excel: bool
) -> None:
    # The one-way path builds its Table from arrays it counted itself, without copying or
    # checking them again (issue 16): every public field, property and method must give
    # exactly what the general path's table gives (values, dtypes, labels, text), whether
    # its pandas fields are read before its renderings or after.
    frame, keywords = made
    fast = outcome(frame, keywords)
    with mock.patch("tracktr.tabulate._single.one_way", return_value=None):
        general = outcome(frame, keywords)
    if not isinstance(general, tt.Table):
        assert fast == general
        return
    assert isinstance(fast, tt.Table)
    if fields_first:
        fast.counts  # noqa: B018 (builds the pandas fields before anything is rendered)
    seen, wanted = _everything(fast, excel=excel), _everything(general, excel=excel)
    assert seen.keys() == wanted.keys()
    for name, value in wanted.items():
        _assert_identical(seen[name], value, name)
    # The arrays the table keeps cannot be written, nor can the array they are views of.
    for array in (fast._parts.counts, fast._parts.bases, fast._parts.excluded):
        assert not array.flags.writeable
        assert array.base is None or not array.base.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            array[...] = 0


def test_a_kept_plan_reads_the_column_without_building_a_series() -> None:
    # ``data[question]`` built a Series on every call (about 10 µs, a sixth of a small
    # table): once the plan of the categories is kept, the Categorical is read directly.
    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", None, "a"]), "w": [1.0] * 4})
    first = tt.frequencies(frame, "q")
    with mock.patch.object(pd.DataFrame, "__getitem__", side_effect=AssertionError):
        again = tt.frequencies(frame, "q")
    assert again == first
    assert again.counts["All"].tolist() == [2, 1]


def test_the_one_way_table_is_neither_copied_nor_checked_again() -> None:
    # Its counts are sums of a bincount and its base their sum: the checks of the numbers
    # (fits) and of the labels (distinct, checked with the plan) have nothing to find, and
    # took two thirds of the table's cost.
    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", "b", None], ["a", "b", "c"])})
    with (
        mock.patch("tracktr.table.fits", side_effect=AssertionError),
        mock.patch("tracktr.table.distinct", side_effect=AssertionError),
        mock.patch("tracktr.table.owned", side_effect=AssertionError),
    ):
        table = tt.frequencies(frame, "q", dont_know="exclude", dont_know_options=["c"])
    assert table.counts["All"].tolist() == [1, 2]
    assert table.excluded is not None
    assert table.excluded["All"].tolist() == [1, 0, 0, 0]
    # Any other table made from arrays is still checked: counts above their base.
    parts = table._parts._replace(bases=np.array([2]))
    with pytest.raises(tt.InvalidBaseError, match="sum to more than their base"):
        tt.Table._from_parts(parts, question="q")


def test_the_column_is_read_through_getitem_where_the_fast_read_does_not_apply() -> None:
    # A subclass of DataFrame may read a column its own way, and a pandas without the
    # private DataFrame._get_column_array has none: both are read as data[question].
    class Frame(pd.DataFrame):
        def __getitem__(self, key: Any) -> Any:
            seen.append(key)
            return super().__getitem__(key)

    seen: list[Any] = []
    plain = pd.DataFrame({"q": pd.Categorical(["a", "b", "b", None])})
    keywords: dict[str, Any] = {
        "options": None,
        "dont_know": "include",
        "dont_know_options": (),
        "rule": "half_up",
        "decimals": 0,
        "small_base": 30,
    }
    expected = tt.frequencies(plain, "q")
    assert one_way(Frame(plain), "q", **keywords) == expected
    assert "q" in seen
    with mock.patch.object(pd.DataFrame, "_get_column_array", None):
        assert one_way(plain, "q", **keywords) == expected


def test_a_level_of_multiindex_columns_read_as_one_column_is_refused_as_elsewhere() -> None:
    # ("q", "") under MultiIndex columns: pandas reads data["q"] as that column (it drops
    # the empty level), so the one-way path counted it, where the general path (and
    # so every other call: with options that are numbers, by a group) refuses "q" as a
    # level of the columns, not one column. Both now refuse it.
    frame = pd.DataFrame(
        {("q", ""): pd.Categorical(["x", "y", "y"]), ("r", "b"): pd.Categorical(["x"] * 3)}
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
    with pytest.raises(tt.InvalidDataError, match=r"'q' is the first level of 1 of the data"):
        tt.frequencies(frame, "q")
    with pytest.raises(tt.InvalidDataError, match=r"name one column in full, e.g. \('q', ''\)"):
        tt.frequencies(frame, "q", options=["x", "y"])
    full: Any = ("q", "")  # the column named in full, as the hint says (a tuple)
    assert tt.frequencies(frame, full).counts["All"].tolist() == [1, 2]


def test_a_short_column_of_byte_codes_is_counted_as_bytes() -> None:
    # Below one block, the int8 codes are counted by one bincount of their bytes (a
    # blank, -1, is byte 255): the general kernel first made ``codes + 1`` in intp,
    # half the cost of counting 1e3 rows.
    frame = pd.DataFrame({"q": pd.Categorical(["a", None, "b", "b", "nan"], ["a", "b", "nan"])})
    with mock.patch("tracktr._kernels.count_pairs", side_effect=AssertionError):
        table = tt.frequencies(frame.iloc[:4], "q")
        # Text that spells a missing value, in a row the kept plan did not see, is still
        # the general path's to refuse (which counts with the kernel).
        assert one_way(frame, "q", **_PLAIN) is None
    assert table.counts["All"].tolist() == [1, 2, 0]
    assert table.excluded is not None
    assert table.excluded["All"].tolist() == [1, 0, 0]


_PLAIN: dict[str, Any] = {
    "options": None,
    "dont_know": "include",
    "dont_know_options": ("Don't know",),
    "rule": "half_up",
    "decimals": 0,
    "small_base": 30,
}


@pytest.mark.parametrize("rows", [65_535, 65_536])
@pytest.mark.parametrize("categories", [3, 126, 127, 130])
def test_byte_counts_and_the_kernels_counts_give_the_general_paths_table(
    rows: int, categories: int
) -> None:
    # Either side of one block of the kernel (65,536 rows: bytes below, the kernel from
    # there), and codes of one byte (up to 126 categories) or two (from 127, where a
    # category's byte would be 127 and past it): the same table as the general path.
    rng = np.random.default_rng(rows + categories)
    labels = [f"c{i}" for i in range(categories - 2)] + ["<skipped>", "Don't know"]
    codes = rng.integers(-1, categories, rows)
    column = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(labels))
    assert column.codes.dtype == (np.int8 if categories < 127 else np.int16)
    frame = pd.DataFrame({"q": column})
    answers = [label for label in labels if label != "<skipped>"]
    for keywords in ({}, {"dont_know": "exclude"}, {"options": answers[::-1]}):
        fast = tt.frequencies(frame, "q", **keywords)
        with mock.patch("tracktr.tabulate._single.one_way", return_value=None):
            general = tt.frequencies(frame, "q", **keywords)
        assert fast == general
        assert fast.excluded is not None
        skipped = int(np.isin(codes, [-1, categories - 2]).sum())
        assert int(fast.excluded["All"]["skipped"]) == skipped


class _Text(str):
    """A subclass of str: valid where the checks compare by value, not by the shortcut."""


_OPTION_VALUES = st.sampled_from(
    [
        "half_up", "largest_remainder", "columns", "rows", "single", "crosstab", "Half_up",
        _Text("half_up"), _Text("rows"), np.str_("single"), "", None, ["half_up"],
        0, 1, 3, 4, -1, True, False, np.int64(2), 2.0, 30, np.int8(5),
    ]
)  # fmt: skip


def _made(parts: Any, options: dict[str, Any]) -> tuple[Any, ...]:
    """Return the table's options as made (values and types), or the error and its message."""
    try:
        table = tt.Table._from_parts(parts, question="q", **options)
    except (tt.TracktrError, TypeError) as error:
        return type(error), str(error)
    return tuple((type(getattr(table, name)), getattr(table, name)) for name in _VALID)


_VALID: dict[str, list[Any]] = {
    "rule": ["half_up", "floor", "largest_remainder"],
    "percent_axis": ["columns", "rows"],
    "kind": ["single", "crosstab"],
    "decimals": [0, 1, 3],
    "small_base": [0, 30],
    "overlapping_columns": [False, True],
}


@st.composite
def table_options(draw: st.DrawFn) -> dict[str, Any]:
    # Valid options, one of them (or none, or all) replaced by any value at all.
    options = {name: draw(st.sampled_from(values)) for name, values in _VALID.items()}
    for name in draw(st.sampled_from([[], *([n] for n in _VALID), list(_VALID)])):
        options[name] = draw(_OPTION_VALUES)
    return options


@FEW
@given(options=table_options())
def test_the_shortcut_of_a_tables_option_checks_changes_no_outcome(options: dict[str, Any]) -> None:
    # Plain valid options (a str rule, an int of decimals...) skip the checks one by one
    # (a third of their cost); anything else, a str subclass or a numpy integer included,
    # takes them: the table, or the error and its message, are the same either way.
    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", "b", None])})
    parts = tt.frequencies(frame, "q")._parts
    seen = _made(parts, options)
    with mock.patch("tracktr.table._plainly_valid", return_value=False):
        wanted = _made(parts, options)
    assert seen == wanted


def test_a_one_way_tables_plain_options_are_not_checked_one_by_one() -> None:
    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", "b", None])})
    with mock.patch("tracktr.table.check_choice", side_effect=AssertionError):
        table = tt.frequencies(frame, "q", rule="floor", decimals=1, small_base=0)
    assert table.percentages(decimals=1)["All"].tolist() == [33.3, 66.6]
    with pytest.raises(tt.UnknownMethodError, match="`rule` must be one of"):
        tt.frequencies(frame, "q", rule=_Text("nearest"))  # type: ignore[arg-type]


def test_a_columns_place_is_kept_by_its_columns_index_and_read_anew_for_another() -> None:
    # The place of "q" among the frame's columns is kept by the columns Index (which is
    # immutable): the next call looks it up without asking the Index (0.45 of 1.2 µs).
    # Columns that change make a new Index, whose places are read afresh.
    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", "b"]), "r": [1, 2, 3]})
    first = tt.frequencies(frame, "q")
    with mock.patch.object(pd.Index, "get_loc", side_effect=AssertionError):
        assert tt.frequencies(frame, "q") == first
    frame.insert(0, "p", pd.Series(pd.Categorical(["x", "x", "x"])))
    assert tt.frequencies(frame, "q") == first
    assert tt.frequencies(frame, "p").counts["All"].tolist() == [3]
    renamed = frame.rename(columns={"q": "s", "p": "q"})
    assert tt.frequencies(renamed, "q").counts["All"].tolist() == [3]
    twice = pd.concat([frame[["q"]], frame[["q"]]], axis=1)  # now two columns "q"
    with pytest.raises(tt.InvalidDataError, match=r"the data has 2 columns named 'q'"):
        tt.frequencies(twice, "q")


def test_a_plans_next_table_takes_the_kept_fields_and_the_codes_as_held() -> None:
    # The fields of a plan's table (rule, decimals, small base, notes...) are checked once
    # and set as they are on its next tables, without Table._from_parts; the codes are
    # read as the Categorical holds them, not through ``.codes`` (a new view each call).
    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", "b", None], ["a", "b", "c"])})
    first = tt.frequencies(frame, "q", rule="floor", decimals=1, small_base=3)
    with (
        mock.patch.object(tt.Table, "_from_parts", side_effect=AssertionError),
        mock.patch.object(pd.Categorical, "codes", property(mock.Mock(side_effect=AssertionError))),
    ):
        again = tt.frequencies(frame, "q", rule="floor", decimals=1, small_base=3)
    assert again == first
    assert again is not first
    assert again.respondents is frame.index
    assert (again.rule, again.decimals, again.small_base) == ("floor", 1, 3)
    assert again.counts["All"].tolist() == [1, 2, 0]
    assert again.notes == first.notes


@pytest.mark.parametrize(
    "calls",
    [
        # Options that are equal as keys but not as options: 0 and False, a str and a
        # str subclass (checked one by one, and refused or not, every time).
        [{"decimals": 0}, {"decimals": False}, {"decimals": 0}],
        [{"small_base": 1}, {"small_base": True}],
        [{"rule": "half_up"}, {"rule": _Text("half_up")}, {"rule": "half_up"}],
        # Each plan's fields are its own options', whatever was counted before.
        [{"rule": "half_even", "decimals": 1}, {"rule": "largest_remainder"}, {}],
        [{"small_base": 0}, {"small_base": 30}, {"small_base": 0}],
    ],
)
def test_kept_table_fields_are_those_of_the_calls_own_options(calls: list[dict[str, Any]]) -> None:
    frame = pd.DataFrame({"q": pd.Categorical(["a", "b", "b", None, "a", "a", "b"])})
    for keywords in calls * 2:
        fast = outcome(frame, keywords)
        with mock.patch("tracktr.tabulate._single.one_way", return_value=None):
            general = outcome(frame, keywords)
        if isinstance(general, tt.Table):
            assert isinstance(fast, tt.Table)
            assert fast == general
            assert fast.to_markdown() == general.to_markdown()
            assert (fast.rule, fast.decimals, fast.small_base) == (
                general.rule,
                general.decimals,
                general.small_base,
            )
            assert type(fast.decimals) is type(general.decimals)
            assert type(fast.rule) is type(general.rule)
        else:
            assert fast == general


_PLAN_KEYWORDS = st.fixed_dictionaries(
    {
        "options": st.none()
        | st.permutations(["Yes", "No", "Don't know"]).map(list)
        | st.just(("Yes", "No", "Don't know", "Maybe")),
        "dont_know_options": st.sampled_from([("Don't know",), ["No"], ()]),
    }
)
_TABLE_KEYWORDS = st.fixed_dictionaries(
    {
        "dont_know": st.sampled_from(["include", "exclude"]),
        "rule": st.sampled_from(["half_up", "half_even", "largest_remainder", "floor"]),
        "decimals": st.sampled_from([0, 1, 2, np.int64(1), True]),
        "small_base": st.sampled_from([0, 5, 30, np.int64(5), 5.0]),
    }
)


@FEW
@given(
    plans=st.lists(_PLAN_KEYWORDS, min_size=1, max_size=2),
    calls=st.lists(
        st.tuples(
            st.sampled_from(["q", "r"]), st.integers(0, 4), st.integers(0, 1), _TABLE_KEYWORDS
        ),
        min_size=2,
        max_size=10,
    ),
    codes=st.lists(st.integers(-1, 3), min_size=1, max_size=40),
)
def test_tables_after_tables_of_one_column_each_have_their_own_fields(
    plans: list[dict[str, Any]], calls: list[tuple[str, int, int, dict[str, Any]]], codes: list[int]
) -> None:
    # A table's fields (question, rule, decimals, small base, base description, rows) are
    # kept per plan and options and set on the next table of them: tables of one frame
    # one after another (two columns of one categories Index, slices, a column renamed,
    # reordered or whose categories changed), each with other options, must each be the
    # general path's table, whatever table came before.
    dtype = pd.CategoricalDtype(["Yes", "No", "Don't know", "Maybe"])
    column = pd.Categorical.from_codes(np.array(codes, dtype=np.int8), dtype=dtype)
    frame = pd.DataFrame({"q": column, "r": column[::-1]})
    frames = [
        frame,
        frame.iloc[::2],
        frame[["r", "q"]],
        frame.rename(columns={"q": "r", "r": "q"}),
        frame.assign(q=frame["q"].cat.rename_categories({"Maybe": "Perhaps"})),
    ]
    for question, which, plan, options in calls:
        keywords = {**plans[plan % len(plans)], **options}
        fast = outcome_of(frames[which], question, keywords)
        with mock.patch("tracktr.tabulate._single.one_way", return_value=None):
            general = outcome_of(frames[which], question, keywords)
        assert fast == general
        if isinstance(general, tt.Table):
            assert isinstance(fast, tt.Table)
            assert fast.to_markdown() == general.to_markdown()


def outcome_of(
    frame: pd.DataFrame, question: str, keywords: dict[str, Any]
) -> tt.Table | tuple[type, str]:
    try:
        return tt.frequencies(frame, question, **keywords)
    except tt.TracktrError as error:
        return type(error), str(error)


@FEW
@given(
    n_categories=st.sampled_from([1, 3, 127, 128, 200]),
    codes=st.lists(st.integers(-1, 199), max_size=60),
    step=st.sampled_from([1, 2, 3, -1]),
    readonly=st.booleans(),
)
def test_the_codes_read_as_held_count_as_value_counts_of_the_labels(
    n_categories: int, codes: list[int], step: int, readonly: bool
) -> None:
    # The one-way path reads the codes the Categorical holds (not ``.codes``): int8 or,
    # past 127 categories, int16; read-only; or a strided view of a larger array, as
    # Categorical.from_codes keeps it. Each option's count is value_counts' of the labels.
    held = np.array([c % (n_categories + 1) - 1 for c in codes])
    dtype = np.int8 if n_categories <= 127 else np.int16
    array = held.astype(dtype)
    array.flags.writeable = not readonly
    labels = [f"c{i}" for i in range(n_categories)]
    column = pd.Categorical.from_codes(array[::step], dtype=pd.CategoricalDtype(labels))
    assert column.codes.itemsize == (1 if n_categories < 127 else 2)  # as pandas holds them
    frame = pd.DataFrame({"q": column})
    table = tt.frequencies(frame, "q")
    expected = frame["q"].value_counts(sort=False)
    assert table.counts["All"].to_dict() == {label: int(n) for label, n in expected.items()}
    assert int(table.bases["All"]) == int((array[::step] >= 0).sum())
    with mock.patch("tracktr.tabulate._single.one_way", return_value=None):
        assert table == tt.frequencies(frame, "q")


@pytest.mark.parametrize("n_categories", [1, 3, 9])
@pytest.mark.parametrize("wrong", ["one past", -2, 127, -128])
def test_a_code_just_past_the_categories_is_refused_after_a_kept_plan(
    n_categories: int, wrong: int | str
) -> None:
    # The short column's byte bins are read past the plan's categories for codes that
    # name none. Code n (one past the last category) lands in the bin the plan's empty
    # sums read: checked from there, it is refused, not counted as a respondent left out.
    dtype = pd.CategoricalDtype([f"c{i}" for i in range(n_categories)])
    good = pd.DataFrame({"q": pd.Categorical.from_codes([0, -1, 0], dtype=dtype)})
    assert tt.frequencies(good, "q").counts["All"].tolist()[0] == 2  # keeps the plan
    code = n_categories if wrong == "one past" else wrong
    codes = np.array([0, code, -1], dtype=np.int8)
    bad = pd.DataFrame({"q": pd.Categorical.from_codes(codes, dtype=dtype, validate=False)})
    with pytest.raises(tt.InvalidDataError, match=rf"code\(s\) \[{code}\] that name none"):
        tt.frequencies(bad, "q")
    with pytest.raises(tt.InvalidDataError, match=r"in rows \[1\]"):
        tt.frequencies(bad, "q", dont_know="exclude")

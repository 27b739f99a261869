"""What tables and tab books print, read by a hostile tester: signs, group labels, notes.

Each test names what the old code printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr._table_text import _fmt_number

# -- a statistic that rounds to 0 prints without a sign ------------------------------------------


def _numeric_survey() -> tt.Survey:
    return tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "g", "type": "single", "text": "G?", "options": ["a", "b"]},
        {"id": "x", "type": "numeric", "text": "X?"},
        {"id": "v", "type": "ordinal", "text": "V?", "options": ["lo", "mid", "hi"],
         "scores": {"lo": -1, "mid": 0, "hi": 1}},
    ]})  # fmt: skip


def test_a_mean_just_below_zero_prints_as_zero_in_every_format(tmp_path: Path) -> None:
    # Before: "-0.00" for the mean (-0.002), the median and the interval's ends, in the
    # display, the Markdown, the HTML and the workbook (as text there, not a number).
    df = pd.DataFrame({"g": ["a", "b"] * 20, "x": [-0.004, 0.0] * 20, "v": ["mid"] * 40})
    book = tt.tabbook(df, _numeric_survey(), banners=["g"])
    shown = book.section("x").display()
    assert list(shown.loc["Mean"]) == ["0.00", "0.00", "0.00"]
    assert list(shown.loc["Minimum"]) == ["0.00", "0.00", "0.00"]  # -0.004
    assert not any(text.startswith("-0") for text in shown.to_numpy().ravel())
    for suffix in (".md", ".html"):
        text = book.write(tmp_path / f"book{suffix}").read_text(encoding="utf-8")
        assert "-0.00" not in text
    sheet = openpyxl.load_workbook(book.write(tmp_path / "book.xlsx"))["x"]
    means = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Mean"]
    assert means == [("Mean", 0, 0, 0)]  # numbers a formula reads, not the text "-0.00"


def test_a_mean_score_just_below_zero_prints_as_zero() -> None:
    # Before: "-0.00" on the mean-score line of the total (-1 of 300 answers scored -1 .. 1);
    # group a's -1 of 150 (-0.0067) is "-0.01", as before.
    df = pd.DataFrame({"g": ["a", "b"] * 150, "x": 1.0, "v": ["lo"] + ["mid"] * 299})
    shown = tt.tabbook(df, _numeric_survey(), banners=["g"], nets=True).section("v").display()
    assert list(shown.loc["Mean score"]) == ["0.00", "-0.01", "0.00"]


def test_a_statistic_below_zero_keeps_its_sign() -> None:
    shown = (_fmt_number(-0.005), _fmt_number(-0.004), _fmt_number(-0.0))
    assert shown == ("-0.01", "0.00", "0.00")
    assert _fmt_number(-12.345, 1) == "-12.3"


def test_an_infinite_statistic_prints_rather_than_crash() -> None:
    # Before: decimal.InvalidOperation from the book (not a TracktrError): an SD and an
    # interval beyond the largest float.
    assert (_fmt_number(float("inf")), _fmt_number(-np.inf)) == ("inf", "-inf")
    df = pd.DataFrame({"g": ["a", "a", "b"], "x": [1.5e308, 1.5e308, 1.0], "v": "mid"})
    with np.errstate(over="ignore"):
        shown = tt.tabbook(df, _numeric_survey(), banners=["g"]).section("x").display()
    assert shown.loc["Mean: CI high", ("Total", "All")] == "inf"


def test_the_summary_repr_never_prints_minus_zero() -> None:
    summary = tt.summarise(pd.DataFrame({"x": [-0.0, -0.0]}), "x")
    assert repr(summary) == "Summary(x: All n=2 mean=0 median=0)"


@given(st.floats(allow_nan=False, allow_infinity=False, width=64), st.integers(0, 3))
def test_a_printed_statistic_is_its_half_up_value_and_never_a_signed_zero(
    value: float, decimals: int
) -> None:
    text = _fmt_number(value, decimals)
    places = Decimal(1).scaleb(-decimals)
    exact = Decimal(repr(value)).quantize(places, ROUND_HALF_UP, Context(prec=400))
    assert Decimal(text) == exact
    assert not re.fullmatch(r"-0(\.0*)?", text)


# -- groups coded 0 and 1 print as 0 and 1 --------------------------------------------------------


def _coded() -> pd.DataFrame:
    # `flag` holds codes 0 and 1; one blank made pandas store them as 0.0 and 1.0.
    return pd.DataFrame({
        "q": ["a", "b"] * 20,
        "flag": [0.0, 1.0, np.nan, 1.0] * 10,
        "size": [1.0, 1.5, 2.0, np.nan] * 10,
        "x": np.arange(40.0),
        "m_1": [1, 0] * 20,
        "m_2": [1, 1] * 20,
        "v_1": ["lo", "hi"] * 20,
        "v_2": ["hi"] * 40,
    })  # fmt: skip


def _coded_survey() -> tt.Survey:
    return tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
        {"id": "x", "type": "numeric", "text": "X?"},
        {"id": "m", "type": "multi", "text": "M?", "options": ["x", "y"]},
        {"id": "v", "type": "grid", "text": "V?", "items": ["i1", "i2"], "options": ["lo", "hi"]},
    ]})  # fmt: skip


def test_groups_coded_0_and_1_print_as_0_and_1_in_every_table() -> None:
    # Before: columns "0.0" and "1.0" (and "0.0 / 1.5" nested), a spurious ".0" the data never
    # had; 1.5 stays 1.5 beside 1 and 2, never merged.
    df, survey = _coded(), _coded_survey()
    table = tt.frequencies(df, "q", by="flag")
    assert list(table.counts.columns) == [0, 1, "All"]
    assert "0.0" not in str(table)
    assert table.counts[1].tolist() == [0, 20]  # the rows of 1.0, found by 1
    assert list(tt.crosstab(df, "q", "flag").counts.columns) == [0, 1, "All"]
    assert list(tt.frequencies(df, "flag").counts.index) == [0, 1]
    assert list(tt.frequencies(df, "q", by="size").counts.columns) == [1, 1.5, 2, "All"]
    nested = tt.frequencies(df, "q", by=("flag", "size")).counts.columns
    assert list(nested) == ["0 / 1", "1 / 1.5", "All"]
    missing = tt.frequencies(df, "q", by="flag", missing_group="Not known").counts.columns
    assert list(missing) == [0, 1, "Not known", "All"]
    ticks = tt.multi_response(df, "m", survey=survey, by="flag")
    assert list(ticks.counts.columns) == [0, 1, "All"]
    grid = tt.grid(df, "v", survey=survey, by="flag")
    assert list(dict.fromkeys(grid.counts.index.get_level_values(0))) == [0, 1, "All"]
    summary = tt.summarise(df, "x", by="size")
    assert [str(g) for g in summary.statistics.index] == ["1", "1.5", "2", "All"]


def test_tab_book_groups_coded_0_and_1_print_as_0_and_1() -> None:
    book = tt.tabbook(_coded(), _coded_survey(), banners=["flag", "size"])
    expected = ["All", "0 (A)", "1 (B)", "1 (C)", "1.5 (D)", "2 (E)"]
    for name in ("q", "x", "m", "v.i1"):
        columns = book.section(name).display().columns
        assert list(columns.get_level_values("group")) == expected, name


def test_a_number_and_its_text_as_groups_are_refused_as_labels_that_print_alike() -> None:
    # 1.0 and "1" now print alike ("1"): refused, as 1 and "1" always were (before: two
    # columns "1.0" and "1" for what is one group typed two ways).
    df = pd.DataFrame({"q": ["a", "b"] * 3, "g": pd.Series([1.0, "1", 2.0] * 2, dtype=object)})
    with pytest.raises(tt.UnknownValueError, match="would print as the same label"):
        tt.frequencies(df, "q", by="g")


@given(st.lists(st.sampled_from([0.0, 1.0, 1.5, 2.0, -3.0, 0.25, np.nan]), min_size=1))
def test_whole_float_groups_keep_their_respondents(values: list[float]) -> None:
    # Printed whole, groups still count exactly the rows of their value, and none merge.
    df = pd.DataFrame({"q": "a", "g": values})
    counts = tt.frequencies(df, "q", by="g").counts.loc["a"].drop("All")
    expected = df["g"].value_counts().sort_index()
    assert list(counts) == list(expected)
    assert [float(g) for g in counts.index] == expected.index.tolist()
    assert all(type(g) is int for g in counts.index if float(g).is_integer())


# -- by= refuses groups that differ only in case, as a tab book does ------------------------------


def test_every_by_refuses_groups_that_differ_only_in_case() -> None:
    # Before: frequencies, crosstab, multi_response, grid and summarise by "region" printed
    # two columns "North" and "north" (one region typed two ways); only tab books refused.
    df, survey = _coded(), _coded_survey()
    df["region"], df["funder"] = ["North", "north"] * 20, "CRC"
    df.index = pd.Index([f"org{k}" for k in range(40)])
    tables: dict[str, Callable[[], object]] = {
        "frequencies": lambda: tt.frequencies(df, "q", by="region"),
        "listed": lambda: tt.frequencies(df, "q", by=["flag", "region"]),
        "nested": lambda: tt.frequencies(df, "q", by=("region", "funder")),
        "missing_group": lambda: tt.frequencies(df, "q", by="region", missing_group="None"),
        "crosstab": lambda: tt.crosstab(df, "q", "region"),
        "multi_response": lambda: tt.multi_response(df, "m", survey=survey, by="region"),
        "grid": lambda: tt.grid(df, "v", survey=survey, by="region"),
        "summarise": lambda: tt.summarise(df, "x", by="region"),
        "tabbook": lambda: tt.tabbook(df, survey, banners=["region"]),
    }
    for name, build in tables.items():
        with pytest.raises(tt.UnknownValueError, match="differ only in case") as caught:
            build()
        message = str(caught.value)
        if name == "nested":
            assert "'North / CRC' (rows ['org0', 'org2', 'org4', 'org6', 'org8'])" in message
            assert "in the one of ['region', 'funder'] written two ways" in message
            continue
        assert "groups 'North' (rows ['org0', 'org2', 'org4', 'org6', 'org8'])" in message, name
        assert caught.value.values == ("North", "north"), name
        assert "data['region'].replace({'north': 'North'})" in message, name
    # Made one value, the tables are built.
    fixed = df.assign(region="North")
    assert tt.frequencies(fixed, "q", by="region").bases.tolist() == [40, 40]


def test_an_engine_frame_names_its_own_rows_of_groups_that_differ_only_in_case() -> None:
    polars = pytest.importorskip("polars")
    df = pd.DataFrame({"q": ["a", "b"] * 5, "region": ["North", "north"] * 5})
    with pytest.raises(tt.UnknownValueError, match="differ only in case") as caught:
        tt.frequencies(polars.from_pandas(df), "q", by="region")
    assert "'north' (rows [1, 3, 5, 7, 9] of the polars frame, 0-based)" in str(caught.value)


def test_groups_that_differ_in_case_but_no_respondent_holds_both_pass() -> None:
    # A codebook may declare "North" and "north" (its own checks judge option labels);
    # with respondents in one only, there are no two columns to tell apart.
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
        {"id": "region", "type": "single", "text": "R?", "options": ["North", "South"]},
    ]})  # fmt: skip
    df = pd.DataFrame({"q": ["a", "b"] * 5, "region": ["North", "South"] * 5})
    table = tt.frequencies(df, "q", by="region", survey=survey)
    assert list(table.counts.columns) == ["North", "South", "All"]


# -- grids and summaries of pooled waves say that waves share organisations -----------------------


def _panel() -> tt.waves.Pooled:
    survey = tt.Survey.from_dict({"title": "Panel", "questions": [
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
        {"id": "v", "type": "grid", "text": "V?", "items": ["i1", "i2"], "options": ["lo", "hi"]},
        {"id": "n", "type": "numeric", "text": "N?"},
    ]})  # fmt: skip

    def wave(ids: range) -> pd.DataFrame:
        return pd.DataFrame({
            "respondent_id": range(100), "org": ids, "g": ["x", "y"] * 50,
            "v_1": ["lo", "hi"] * 50, "v_2": ["hi"] * 100, "n": np.arange(100.0),
        })  # fmt: skip

    # 60 organisations answered both waves
    waves = {"2024": (wave(range(100)), survey), "2025": (wave(range(40, 140)), survey)}
    return tt.waves.pool(waves, id="org")


WAVES_NOTE = (
    "60 organisation(s) (id 'org') answered more than one wave and are in each of their waves' "
    "columns, so the columns are not independent samples (tt.waves.change() pairs them)."
)
KEPT_NOTE = (
    "60 organisation(s) (id 'org') answered more than one wave and are counted once per wave "
    "in the columns by 'g', so the columns are not independent samples."
)


def test_grids_and_summaries_of_pooled_waves_note_the_organisations_in_two_waves() -> None:
    # Before (review F2): tt.frequencies and tt.multi_response by wave said so; tt.grid and
    # tt.summarise of the same rows said nothing.
    pooled = _panel()
    data, survey = pooled.data, pooled.survey
    assert WAVES_NOTE in tt.frequencies(data, "g", survey=survey, by="wave").notes
    both: list[str | tuple[str, ...]] = ["wave", "g"]
    for by, expected in (("wave", [WAVES_NOTE]), ("g", [KEPT_NOTE]),
                         (both, [WAVES_NOTE, KEPT_NOTE])):  # fmt: skip
        grid = tt.grid(data, "v", survey=survey, by=by)
        summary = tt.summarise(data, "n", survey=survey, by=by)
        for notes in (grid.notes, summary.notes):
            assert [n for n in notes if "more than one wave" in n] == expected, by
    nested = tt.summarise(data, "n", survey=survey, by=("wave", "g")).notes
    assert any("in the columns by 'wave × g'" in n for n in nested)
    # one wave's rows, and no grouping, say nothing of it
    for notes in (
        tt.grid(pooled.wave("2024"), "v", survey=survey, by="g").notes,
        tt.summarise(pooled.wave("2024"), "n", survey=survey, by="g").notes,
        tt.summarise(data, "n", survey=survey).notes,
    ):
        assert not any("more than one wave" in n for n in notes)


# -- a group whose respondents all weigh 0 is flagged and noted, as a group of none ---------------


def _weighed_out() -> tuple[pd.DataFrame, tt.Survey]:
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
        {"id": "v", "type": "ordinal", "text": "V?", "options": ["lo", "hi"],
         "scores": {"lo": 1, "hi": 2}},
        {"id": "m", "type": "multi", "text": "M?", "options": ["x", "y"]},
        {"id": "n", "type": "numeric", "text": "N?"},
    ]})  # fmt: skip
    # 40 respondents in "zero", every one weighted 0: more than the small base of 30.
    df = pd.DataFrame({
        "q": ["a", "b"] * 40, "v": ["lo", "hi"] * 40, "m_1": [1, 0] * 40, "m_2": 1,
        "n": np.arange(80.0), "g": ["big"] * 40 + ["zero"] * 40, "w": [1.0] * 40 + [0.0] * 40,
    })  # fmt: skip
    return df, survey


WEIGHED_OUT = (
    "Weighted base 0 in g: zero: its respondents all weigh 0, so its figures are n/a, not 0%."
)


def test_a_group_that_weighs_0_is_flagged_and_its_percentages_are_undefined() -> None:
    # Before: small_bases False for 40 respondents weighted 0 (a group of none: True); the
    # tab book printed "0.0" unflagged and no note beside its n/a cells.
    df, survey = _weighed_out()
    tables = (
        tt.frequencies(df, "q", by="g", weights="w"),
        tt.crosstab(df, "q", "g", weights="w"),
        tt.multi_response(df, "m", survey=survey, by="g", weights="w"),
    )
    for table in tables:
        assert table.small_bases.tolist() == [False, True, False]
        assert table.percentages()["zero"].isna().all()  # undefined, never 0%
        assert "The weighted base of zero is 0: percentages are undefined." in table.notes
        assert "n/a (0)" in str(table)
    # small_base=0 flags nothing, as for a base of none
    quiet = tt.frequencies(df, "q", by="g", weights="w", small_base=0)
    assert not quiet.small_bases.any()
    summary = tt.summarise(df, "n", by="g", weights="w")
    assert "The weighted base of zero is 0: statistics are undefined." in summary.notes


def test_a_tab_book_flags_and_notes_a_group_that_weighs_0() -> None:
    df, survey = _weighed_out()
    book = tt.tabbook(df, survey, banners=["g"], weights="w", nets=True)
    for name in ("q", "v", "m"):
        section = book.section(name)
        shown = section.display()
        assert list(shown.loc["Base (weighted)"]) == ["40.0", "40.0", "0.0 *"], name
        first = {"q": "a", "v": "lo", "m": "x"}[name]
        assert shown.loc[first, ("g", "zero (B)")] == "n/a", name
        assert WEIGHED_OUT in section.notes, name
        assert "* Base below 30: read these percentages with care." in section.notes, name
    assert list(book.section("v").display().loc["Mean score base"]) == ["40.0", "40.0", "0.0 *"]
    numeric = book.section("n")
    assert list(numeric.display().loc["Unweighted base"]) == ["80", "40", "40 *"]
    # Its 40 respondents weigh 0 in all: no weighted mean, SD or quartile. Before, the
    # note said "its figures are n/a, not 0%" under a section that has no percentage.
    assert (
        "Weighted base 0 in g: zero: its respondents all weigh 0, so its statistics are n/a "
        "(undefined, not 0)."
    ) in numeric.notes
    assert not any("0%" in note for note in numeric.notes)


# -- a yes/no banner beside one coded 0 and 1 ------------------------------------------------------


def test_a_yes_no_banner_beside_one_coded_0_and_1_is_refused() -> None:
    # Before: by=["flag", "member"] printed the yes/no banner's groups False and True as
    # 0 and 1 (pandas keeps one label of a level for True and 1): columns mislabelled.
    df = _coded().assign(member=[True, False] * 20)
    survey = _coded_survey()
    for build in (
        lambda: tt.frequencies(df, "q", by=["flag", "member"]),
        lambda: tt.multi_response(df, "m", survey=survey, by=["member", "flag"]),
        lambda: tt.grid(df, "v", survey=survey, by=["flag", "member"]),
        lambda: tt.summarise(df, "x", by=["member", "flag"]),
    ):
        with pytest.raises(tt.InvalidOptionError, match="True is 1, False is 0") as caught:
            build()
        assert "data['member'].map({True: 'Yes', False: 'No'})" in str(caught.value)
    # each banner alone, and yes/no beside groups that are not 0 and 1, are tabulated
    alone = tt.frequencies(df, "q", by="member").counts.columns
    assert list(alone) == [False, True, "All"]
    beside = tt.frequencies(df.assign(band=[2, 3] * 20), "q", by=["member", "band"]).counts
    assert list(beside.columns.get_level_values(1)) == [False, True, "All", 2, 3, "All"]


def test_notes_of_a_nested_banner_name_the_banner_not_its_internal_column() -> None:
    # Before: "... gave no answer to 'r × f (banner)' ..." and "... in the columns by
    # 'wave × g (banner)'": a column of tracktr's own, not in the user's data.
    df = pd.DataFrame({"q": ["a", "b"] * 20, "r": ["N", "S", None, "S"] * 10, "f": ["x", "y"] * 20})
    notes = tt.frequencies(df, "q", by=("r", "f")).notes
    assert any("gave no answer to 'r × f' (or" in n for n in notes)
    assert not any("(banner)" in n for n in notes)
    pooled = _panel()
    nested = tt.frequencies(pooled.data, "g", survey=pooled.survey, by=("wave", "g")).notes
    assert any("in the columns by 'wave × g', so" in n for n in nested)
    assert not any("(banner)" in n for n in nested)

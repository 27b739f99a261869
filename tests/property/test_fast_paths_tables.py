"""The fast paths of small tables equal a plain reference on random inputs (issue 16).

A Table renders its percentages, cells and notes from numpy arrays and Python lists, once
per rendering; a tabulation builds its labels' Index from a cache, classifies tick
columns by distinct value and rounds integer percentages without the public function's
checks. Each is compared here with the obvious loop (or the public function) it
replaces: weighted and unweighted tables, zero bases, bases weighed out, summary rows,
both percent axes, every rule.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr._table_text import _rounded_units
from tracktr.missing import MARKERS
from tracktr.rounding import percentage_units, weighted_count_text
from tracktr.tabulate import _binary_by_value, _binary_cells, _labels_index

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RULES = ["half_up", "half_even", "half_down", "floor", "ceil", "double_half_up"]
WORDS = {
    "half_up": "half-up",
    "half_even": "half-to-even",
    "half_down": "half-down",
    "floor": "down (truncated)",
    "ceil": "up (ceiling)",
    "largest_remainder": "by largest remainder (each partition sums to 100)",
    "double_half_up": "half-up to one more decimal, then half-up again,",
}


# -- a plain rendering of a table ------------------------------------------------------------


def number(value: Any) -> str:
    """A count or base as printed: whole numbers bare, else one decimal rounded half-up."""
    return str(int(value)) if float(value) == int(value) else weighted_count_text(float(value))


def reference_cells(table: tt.Table) -> dict[tuple[Any, Any], str]:
    """Each "% (n)" cell, rounding the cells of one base at a time by the public function."""
    out = {}
    for r in table.counts.index:
        for c in table.counts.columns:
            along = c if table.percent_axis == "columns" else r
            base = table.bases[along]
            if base == 0:
                text = "n/a"
            else:
                line = table.counts[c] if table.percent_axis == "columns" else table.counts.loc[r]
                units = percentage_units(
                    line.to_numpy(), base, rule=table.rule, decimals=table.decimals
                )
                where = list(line.index).index(r if table.percent_axis == "columns" else c)
                text = f"{units[where] / 10**table.decimals:.{table.decimals}f}"
            if r not in table.summary_rows:
                text += f" ({number(table.counts.loc[r, c])})"
            out[r, c] = text
    return out


def reference_notes(table: tt.Table) -> list[str]:
    """The notes, written with a loop over the bases from the documented rules."""
    n = table.unweighted_bases if table.unweighted_bases is not None else table.bases
    shown = [(label, n[label]) for label in n.index if label not in table.summary_rows]
    if len({v for _, v in shown}) == 1:
        notes = [f"Base: {table.base_description} (n={number(shown[0][1])})."]
    else:
        listed = "; ".join(f"{label} n={number(v)}" for label, v in shown)
        notes = [f"Base: {table.base_description} ({listed})."]
    unit = "whole numbers" if table.decimals == 0 else f"{table.decimals} decimal place(s)"
    notes.append(f"Percentages are rounded {WORDS[table.rule]} to {unit}.")
    if not table.partition and table.kind == "multi":
        notes.append(
            "Respondents could give more than one answer, so percentages may sum to more than 100."
        )
    elif not table.partition:
        notes.append("Percentages need not sum to 100 down a column.")
    small = [f"{label} (n={number(v)})" for label, v in shown if 0 < v < table.small_base]
    if small:
        notes.append(
            f"Small base: n below {table.small_base} for {', '.join(small)}; read these "
            "percentages with care."
        )
    zero = [(label, v) for label, v in shown if table.bases[label] == 0]
    if empty := [str(label) for label, v in zero if not v > 0]:
        notes.append(
            f"No respondents in the base of {', '.join(empty)}: percentages are undefined."
        )
    if out := [str(label) for label, v in zero if v > 0]:
        notes.append(f"The weighted base of {', '.join(out)} is 0: percentages are undefined.")
    if table.partition:
        for label in table.bases.index:
            if table.bases[label] == 0 or not len(table.counts):
                continue
            line = (
                table.counts[label] if table.percent_axis == "columns" else table.counts.loc[label]
            )
            units = percentage_units(
                line.to_numpy(), table.bases[label], rule=table.rule, decimals=table.decimals
            )
            total = int(units.sum())
            if total != 100 * 10**table.decimals:  # written in the table's decimals
                whole, part = divmod(total, 10**table.decimals)
                shown = f"{whole}.{part:0{table.decimals}d}" if table.decimals else f"{whole}"
                notes.append(
                    f"Percentages of {label} sum to {shown}, not 100, because of rounding."
                )
    if table.weighted:
        notes.append("Counts are weighted; n is the number of respondents.")
    return [*notes, *table.extra_notes]


@st.composite
def tables(draw: st.DrawFn) -> tt.Table:
    """A random table: counts within their bases, some bases zero, weighted or not."""
    rows = draw(st.integers(1, 5))
    columns = draw(st.integers(1, 4))
    axis = draw(st.sampled_from(["columns", "rows"]))
    weighted = draw(st.booleans())
    partition = draw(st.booleans())
    n_bases = columns if axis == "columns" else rows
    cell = st.sampled_from([0.0, 0.5, 1.25, 2.0, 3.75]) if weighted else st.integers(0, 40)
    counts = np.array(
        draw(st.lists(cell, min_size=rows * columns, max_size=rows * columns))
    ).reshape(rows, columns)
    oriented = counts if axis == "columns" else counts.T  # one column per base
    bases = oriented.sum(axis=0) + (0 if partition else draw(st.sampled_from([0, 1, 7])))
    if not partition:  # a multi-response base: each count at most the base
        bases = np.maximum(bases, oriented.max(axis=0))
    row_labels = [f"r{i}" for i in range(rows)]
    column_labels = [f"c{j}" for j in range(columns)]
    along = column_labels if axis == "columns" else row_labels
    summary: tuple[str, ...] = ()
    if axis == "rows" and rows > 1 and draw(st.booleans()):
        summary = (row_labels[-1],)  # like a grid's AVERAGE row
    unweighted = None
    if weighted:  # respondents behind each weighted base (a base of 0 may have some)
        unweighted = pd.Series(
            draw(st.lists(st.integers(0, 60), min_size=n_bases, max_size=n_bases)), index=along
        )
    rule = draw(st.sampled_from(RULES + (["largest_remainder"] if partition else [])))
    return tt.Table(
        counts=pd.DataFrame(counts, index=row_labels, columns=column_labels),
        bases=pd.Series(bases, index=along),
        question="q",
        title=draw(st.sampled_from([None, "A title", "Two | parts"])),
        kind="grid" if axis == "rows" else ("single" if partition else "multi"),
        percent_axis=axis,
        partition=partition,
        rule=rule,
        decimals=draw(st.integers(0, 2)),
        unweighted_bases=unweighted,
        small_base=draw(st.sampled_from([0, 10, 30])),
        summary_rows=summary,
        extra_notes=draw(st.sampled_from([(), ("Synthetic data.",)])),
    )


@FEW
@given(table=tables())
def test_rendered_cells_and_notes_equal_a_plain_rendering(table: tt.Table) -> None:
    expected = reference_cells(table)
    report = table.to_frame(layout="report")
    for (r, c), text in expected.items():
        assert report.loc[r, c] == text
    assert list(table.notes) == reference_notes(table)
    markdown = table.to_markdown().splitlines()
    html = table.to_html()
    for r in table.counts.index:
        row = next(line for line in markdown if line.startswith(f"| {r} "))
        cells = [cell.strip() for cell in row.strip("|").split("|")][1:]
        shown = [expected[r, c] for c in table.counts.columns]
        assert cells[: len(shown)] == shown
        assert all(f"<td>{text}</td>" in html for text in shown)
    assert markdown[-len(table.notes) :] == [f"- {note}" for note in reference_notes(table)]


@FEW
@given(table=tables())
def test_percentages_and_totals_equal_rounding_base_by_base(table: tt.Table) -> None:
    percent = table.percentages()
    units = table.percentage_units()
    for (r, c), text in reference_cells(table).items():
        shown = text.split(" ")[0]
        if shown == "n/a":
            assert math.isnan(percent.loc[r, c])
            assert units.loc[r, c] is pd.NA
        else:
            assert percent.loc[r, c] == float(shown)
            assert units.loc[r, c] == round(float(shown) * 10**table.decimals)
    if table.partition:
        totals = table.rounding_totals()
        oriented = percent if table.percent_axis == "rows" else percent.T
        for label, total in totals.items():
            expected = oriented.loc[label].sum(min_count=1)
            assert (math.isnan(total) and math.isnan(expected)) or total == pytest.approx(
                expected, abs=1e-9
            )


@FEW
@given(
    counts=st.lists(st.lists(st.integers(0, 10**6), min_size=3, max_size=3), min_size=1),
    extra=st.one_of(st.integers(0, 100), st.integers(0, 10**15)),
    rule=st.sampled_from(RULES),
    decimals=st.integers(0, 3),
)
def test_integer_rounding_without_checks_equals_percentage_units(
    counts: list[list[int]], extra: int, rule: Any, decimals: int
) -> None:
    c = np.array(counts, dtype=np.int64)
    b = c.sum(axis=1) + extra  # huge bases take the public function's Python integers
    b = np.maximum(b, 1)
    fast = _rounded_units(c, b, rule, decimals)
    assert np.array_equal(fast, percentage_units(c, b, rule=rule, decimals=decimals))


# -- tabulation ------------------------------------------------------------------------------

labels_st = st.lists(
    st.one_of(
        st.sampled_from(["a", "b", "Yes", "No"]),
        st.integers(-3, 3),
        st.sampled_from([1.0, 2.5, True, False, None]),
    ),
    max_size=6,
)


@FEW
@given(labels=labels_st, name=st.sampled_from([None, "reason"]))
def test_a_cached_index_equals_a_new_one_and_is_its_own(labels: list[Any], name: Any) -> None:
    expected = pd.Index(list(labels), name=name)
    first = _labels_index(labels, name=name)
    second = _labels_index(labels, name=name)
    for index in (first, second):
        pd.testing.assert_index_equal(index, expected, exact=True)
        assert [type(v) for v in index.tolist()] == [type(v) for v in expected.tolist()]
    first.name = "renamed"  # a copy: renaming one leaves the next untouched
    assert second.name == name
    assert _labels_index(labels, name=name).name == name


CELLS = [0, 1, 0.0, 1.0, np.int64(1), None, np.nan, True, "1", "x", 2, *MARKERS]


@FEW
@given(
    cells=st.lists(st.sampled_from(CELLS), max_size=30),
    categorical=st.booleans(),
)
def test_tick_columns_read_by_value_equal_the_cell_by_cell_reading(
    cells: list[Any], categorical: bool
) -> None:
    series = pd.Series(cells, dtype=object)
    if categorical:
        kept = [c for c in cells if isinstance(c, str) or (c in (0, 1) and not pd.isna(c))]
        labels = list(dict.fromkeys(str(c) if isinstance(c, str) else int(c) for c in kept))
        series = pd.Series(
            pd.Categorical(
                [c if isinstance(c, str) else int(c) for c in kept],
                categories=[*labels, "unused"],  # an unused category is never classified
            )
        )
    fast = _binary_by_value(series)
    ticks = np.zeros(len(series), dtype=bool)
    try:
        slots = _binary_cells(series, "q", ticks)
    except tt.MultiResponseError:
        assert fast is None  # the cell by cell path names the bad rows
        return
    if fast is None:  # an unusual value (text "1", True): read cell by cell
        assert any(isinstance(c, bool | str) and c not in MARKERS for c in series.tolist())
        return
    for got, want in zip(fast, (ticks, slots), strict=True):
        if want is None:
            assert got is None
        else:
            assert got is not None
            assert np.array_equal(got, want)


# -- reproduce -------------------------------------------------------------------------------


@pytest.mark.parametrize("group", [None, "Funded by a CRC"])
def test_reproduce_reads_each_column_as_pandas_does(group: str | None) -> None:
    from tracktr._reproduce_figures import _Answers, _Columns

    frame = tt.datasets.tracktr_2015()
    rows = None if group is None else (frame["main_funding"] == group).to_numpy()
    answers = _Answers(_Columns(frame), rows)
    subset = frame if rows is None else frame[rows]
    assert len(answers) == len(subset)
    survey = tt.surveys.tracktr_2015()
    for column in frame.columns[1:]:
        series = subset[column]
        answered = ~tt.missing.is_missing(series.astype(object))
        assert np.array_equal(answers.answered(column), answered.to_numpy())
        options = sorted({v for v in frame[column].astype(object) if isinstance(v, str)})[:2]
        chosen = series.astype(object).isin(options).to_numpy()
        assert np.array_equal(answers.chosen(column, options), chosen)
    for question in survey.questions:
        if question.type == "multi":
            from tracktr.survey._cells import ticked_rows

            assert answers.ticked(question) == ticked_rows(question, subset)

"""The fast paths of ``tracktr reproduce`` against the plain code they replaced.

Each speed-up of the command (issue 16: ``tracktr reproduce`` <= 0.5 s) keeps its numbers:
percentages rounded in one call equal one call per figure, answers judged per category
equal answers judged per cell, bases intersected as arrays equal sets, the bundled data
read by the standard library equal pandas' reading of the same file.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import tempfile
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr._numbers import parse_number
from tracktr._reproduce_figures import _Columns, _shares
from tracktr.check._run_tables import _cells, _members
from tracktr.missing import MARKERS, is_missing
from tracktr.rounding import percentage_units

# Enough examples to meet every branch, few enough to stay well under a second in CI.
SOME = settings(max_examples=60)
_LABELS = ["Yes", "No", "Don't know", *MARKERS]


@st.composite
def _pairs(draw: st.DrawFn) -> list[tuple[int, int]]:
    size = draw(st.integers(0, 30))
    bases = draw(st.lists(st.integers(1, 10**6), min_size=size, max_size=size))
    return [(draw(st.integers(0, base)), base) for base in bases]


@SOME
@given(_pairs(), st.integers(0, 2))
def test_shares_rounded_together_equal_one_call_per_figure(
    pairs: list[tuple[int, int]], decimals: int
) -> None:
    alone = [int(percentage_units([c], b, decimals=decimals)[0]) for c, b in pairs]
    assert _shares(pairs, decimals) == alone


@SOME
@given(
    st.lists(st.sampled_from([*_LABELS, None]), min_size=1, max_size=40),
    st.lists(st.sampled_from(_LABELS), max_size=3),
    st.booleans(),
)
def test_answers_judged_per_category_equal_answers_judged_per_cell(
    cells: list[str | None], options: list[str], categorical: bool
) -> None:
    series = pd.Series(
        pd.Categorical(cells, categories=_LABELS) if categorical else cells, dtype=None
    )
    if not categorical:
        series = series.astype(object)
    columns = _Columns(pd.DataFrame({"q": series}))
    plain = series.astype(object)
    assert np.array_equal(columns.answered_in("q"), ~is_missing(plain).to_numpy(dtype=bool))
    assert np.array_equal(columns.chosen_in("q", options), plain.isin(options).to_numpy())


@SOME
@given(
    st.lists(st.tuples(st.integers(1, 40), st.integers(0, 100)), min_size=1, max_size=6).map(
        lambda cells: [(min(c, 100), p) for c, p in cells]
    )
)
def test_common_bases_as_arrays_equal_common_bases_as_sets(cells: list[tuple[int, int]]) -> None:
    common_set: set[int] | None = None
    common_array: npt.NDArray[np.int64] | None = None
    for count, printed in cells:
        fits = tt.check.bases(count, printed, max_base=300).bases["half_up"]
        common_set = set(fits) if common_set is None else common_set & set(fits)
        members = _members(fits)
        common_array = (
            members
            if common_array is None
            else np.intersect1d(common_array, members, assume_unique=True)
        )
    assert common_array is not None
    assert common_array.tolist() == sorted(common_set or ())


@SOME
@given(st.lists(st.lists(st.integers(0, 100), min_size=2, max_size=4), min_size=1, max_size=4))
def test_common_bases_of_distributions_as_arrays_equal_sets(lines: list[list[int]]) -> None:
    common_set: set[int] | None = None
    common_array: npt.NDArray[np.int64] | None = None
    for line in lines:
        fits = tt.check.distribution(line, max_base=400).bases
        common_set = set(fits) if common_set is None else common_set & set(fits)
        members = _members(fits)
        common_array = (
            members
            if common_array is None
            else np.intersect1d(common_array, members, assume_unique=True)
        )
    assert common_array is not None
    assert common_array.tolist() == sorted(common_set or ())


def test_members_of_a_tuple_and_of_a_huge_progression() -> None:
    assert _members((5, 3, 3)).tolist() == [3, 5]
    # 50% of an even base: every even base, held in closed form.
    fits = tt.check.distribution([50, 50], rule="floor", max_base=1000).bases
    assert _members(fits).tolist() == list(range(2, 1001, 2))


def test_cells_read_like_loc() -> None:
    table = tt.reference.table("table_1")
    cells = _cells(table.counts)
    for row in table.counts.index:
        for column in table.counts.columns:
            assert cells[row][column] == table.counts.loc[row, column]
    restated = sum(cells[r][c] for r in ["Women", "Men"] for c in table.counts.columns[:2])
    assert restated == int(table.counts.loc[["Women", "Men"], table.counts.columns[:2]].sum().sum())


def test_bundled_data_read_as_pandas_reads_them() -> None:
    from tracktr.datasets._bundled import _DATA, _columns

    text = resources.files("tracktr.datasets").joinpath(_DATA).read_text("utf-8")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    columns = _columns(_DATA)
    assert list(columns) == list(frame.columns)
    for name, cells in columns.items():
        assert cells == frame[name].tolist(), name


# -- the figures file as CSV: formula-like cells neutralised, and restored on reading ------

_FREE_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12
)
# Texts that start like a formula, a number, or the neutralised form itself.
_RISKY = st.one_of(
    _FREE_TEXT,
    st.tuples(
        st.sampled_from(["=", "+", "-", "@", "'", "''", "'=", "'-", "-1", "+2.5", "'+1"]),
        _FREE_TEXT,
    ).map("".join),
).map(str.strip)


# Each example writes and reads a file.
@settings(max_examples=25)
@given(_RISKY, _RISKY, _RISKY)
def test_a_figures_file_round_trips_any_text_and_writes_no_formula(
    claim: str, wording: str, note: str
) -> None:
    frame = pd.DataFrame(
        [
            {"id": "n", "kind": "base", "base": 19, "claim": claim, "wording": wording},
            {"id": "p", "kind": "percent", "value": 50, "base": 19, "note": note},
        ]
    )
    file = tt.reference.read_figures(frame)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "figures.csv"
        text = file.to_csv(path)
        again = tt.reference.read_figures(path)
    assert [dataclasses.replace(f, line=0) for f in again] == [
        dataclasses.replace(f, line=0) for f in file
    ]
    assert (again["n"].claim, again["n"].wording, again["p"].note) == (claim, wording, note)
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            formula = cell.startswith(("=", "+", "-", "@"))
            assert not formula or not isinstance(parse_number(cell), str), cell


def test_a_spreadsheets_apostrophe_is_read_as_the_text_it_protects(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        "id,kind,base,claim,wording,note\n"
        "n,base,19,'=SUM(A1:A3),'s-Hertogenbosch,''=1 and 'quoted'\n",
        encoding="utf-8",
    )
    figure = tt.reference.read_figures(path)["n"]
    # The apostrophe a spreadsheet puts before a formula-like text is not part of it; an
    # apostrophe before anything else is.
    assert (figure.claim, figure.wording, figure.note) == (
        "=SUM(A1:A3)",
        "'s-Hertogenbosch",
        "'=1 and 'quoted'",
    )
    # Written back as it was read: neutralised where needed, as it is otherwise.
    row = next(csv.DictReader(io.StringIO(tt.reference.read_figures(path).to_csv())))
    assert (row["claim"], row["wording"], row["note"]) == (
        "'=SUM(A1:A3)",
        "'s-Hertogenbosch",
        "''=1 and 'quoted'",
    )

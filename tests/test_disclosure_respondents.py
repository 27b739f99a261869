"""protect() reads from each table's rows (``Table.respondents``) which are of whose respondents.

A table of each region beside everyone's, where some organisations have no region, is
attacked by a reader who knows the regions share no one: everyone's less the regions'
is the counts of those with no region. Two filters that overlap but neither holds the
other ("London", "large") are no part and whole, though their numbers may fit.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import tracktr as tt

THRESHOLD = 5
OPTIONS = ["a", "b", "c"]


def survey(seed: int, n: int = 60, *, no_region: float = 0.1) -> pd.DataFrame:
    """Organisations with an answer to q, a region (some none) and a size."""
    rng = np.random.default_rng(seed)
    share = (1.0 - no_region) / 3
    region = rng.choice(
        np.array(["North", "South", "East", None], dtype=object),
        size=n,
        p=[share, share, share, no_region],
    )
    return pd.DataFrame(
        {
            "q": rng.choice(OPTIONS, size=n, p=[0.5, 0.3, 0.2]),
            "region": region,
            "size": rng.choice(["large", "small"], size=n),
        },
        index=pd.Index(range(1000, 1000 + n), name="id"),
    )


def printed(result: tt.disclosure.Suppression) -> dict[str, int | None]:
    """Each count and the base of a one-column table as printed (None: hidden)."""
    layout = result.publication_layout()
    out: dict[str, int | None] = {}
    for label, cells in layout.rows:
        count = cells[0].count
        out[str(label)] = None if isinstance(count, str) else int(count)
    base = layout.bases[0]
    out["Base"] = None if isinstance(base, str) else int(base)
    return out


def true_numbers(table: tt.Table) -> dict[str, int]:
    out = {str(k): int(v) for k, v in table.counts.iloc[:, 0].items()}
    out["Base"] = int(table.bases.iloc[0])
    return out


class Reader:
    """A reader of one-column tables of everyone and of parts with no one in common.

    Unknowns: every number of every table, and the rest (everyone less the parts, those
    in none of them). Known: every printed number; each table's counts add up to its
    base; everyone's = the parts' + the rest, number by number; nothing is negative.
    """

    def __init__(self, whole: dict[str, int | None], parts: Sequence[dict[str, int | None]]):
        self.rows = list(whole)
        self.tables = [whole, *parts, dict.fromkeys(self.rows)]  # the rest last
        self.size = len(self.tables) * len(self.rows)
        self.eq: list[np.ndarray] = []
        for k in range(len(self.tables)):  # each table's counts add up to its base
            row = np.zeros(self.size)
            for r in self.rows:
                row[self.at(k, r)] = -1.0 if r == "Base" else 1.0
            self.eq.append(row)
        for r in self.rows:  # everyone = the parts + the rest
            row = np.zeros(self.size)
            row[self.at(0, r)] = -1.0
            for k in range(1, len(self.tables)):
                row[self.at(k, r)] = 1.0
            self.eq.append(row)

    def at(self, table: int, row: str) -> int:
        return table * len(self.rows) + self.rows.index(row)

    def interval(self, table: int, row: str) -> tuple[float, float]:
        bounds = [(0.0, None)] * self.size
        for k, numbers in enumerate(self.tables):
            for r, v in numbers.items():
                if v is not None:
                    bounds[self.at(k, r)] = (float(v), float(v))
        c = np.zeros(self.size)
        c[self.at(table, row)] = 1.0
        a_eq, b_eq = np.array(self.eq), np.zeros(len(self.eq))
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds)
        assert low.status == 0
        return float(low.fun), (math.inf if high.status == 3 else float(-high.fun))


def regions_and_everyone(data: pd.DataFrame) -> list[tt.Table]:
    masks = [data["region"] == r for r in ["North", "South", "East"]]
    return [tt.frequencies(data, "q", options=OPTIONS)] + [
        tt.frequencies(data[m], "q", options=OPTIONS) for m in masks
    ]


def breaches(
    data: pd.DataFrame, tables: list[tt.Table], beside: Sequence[tt.Table] = ()
) -> list[str]:
    """The sensitive numbers a reader of the regions' tables narrows below the level.

    ``beside``: tables published with them, which this reader does not use.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        protected = tt.disclosure.protect([*tables, *beside], threshold=THRESHOLD)
    assert protected.met
    shown = [printed(result) for result in protected][: len(tables)]
    truth = [true_numbers(t) for t in tables]
    rest = {r: truth[0][r] - sum(t[r] for t in truth[1:]) for r in truth[0]}
    assert rest["Base"] == int(data["region"].isna().sum())
    truth.append(rest)
    reader = Reader(shown[0], shown[1:])
    found = []
    for k, numbers in enumerate(truth):
        for row, value in numbers.items():
            if not 0 < value < THRESHOLD:
                continue
            if k < len(shown) and shown[k][row] is not None:
                found.append(f"table {k + 1} {row} = {value} printed")
                continue
            low, high = reader.interval(k, row)
            low, high = (
                math.ceil(low - 1e-6),
                math.floor(high + 1e-6) if math.isfinite(high) else high,
            )
            if high - low < THRESHOLD or high < THRESHOLD:
                found.append(f"table {k + 1} {row} = {value} read as {low} to {high}")
    return found


@pytest.mark.parametrize("seed", range(12))
def test_regions_beside_everyone_do_not_give_away_those_with_no_region(seed: int) -> None:
    # Before, the regions' tables were each linked to everyone's, but not their sum: the
    # counts of those with no region (everyone's less the three regions') were printed
    # in effect, 1 or 2 organisations, with the audit met (8 of 12 such sets).
    data = survey(seed)
    assert breaches(data, regions_and_everyone(data)) == []


def unknown_rows(tables: list[tt.Table], how: str) -> list[tt.Table]:
    """Tables as if built from counts: every table's rows unknown, or the parts' only."""
    if how == "counts":
        return [dataclasses.replace(t, respondents=None) for t in tables]
    return [tables[0], *(dataclasses.replace(t, respondents=None) for t in tables[1:])]


def regions_renumbered(data: pd.DataFrame) -> list[tt.Table]:
    """Each region's frame renumbered from 0: the regions' labels overlap, everyone's do not."""
    masks = [data["region"] == r for r in ["North", "South", "East"]]
    return [tt.frequencies(data, "q", options=OPTIONS)] + [
        tt.frequencies(data[m].reset_index(drop=True), "q", options=OPTIONS) for m in masks
    ]


def regions_unnamed_renumbered(data: pd.DataFrame) -> list[tt.Table]:
    """Everyone's rows unnamed, each region's renumbered from 0 (all RangeIndex)."""
    return regions_renumbered(data.reset_index(drop=True))


def regions_of_polars(data: pd.DataFrame) -> list[tt.Table]:
    """Every table counted from a polars frame, which has no rows to read."""
    pl = pytest.importorskip("polars")
    masks = [data["region"] == r for r in ["North", "South", "East"]]
    frames = [data, *(data[m] for m in masks)]
    return [tt.frequencies(pl.from_pandas(f), "q", options=OPTIONS) for f in frames]


ROWS_THAT_DO_NOT_TELL = {
    "renumbered": regions_renumbered,
    "unnamed renumbered": regions_unnamed_renumbered,
    "from counts": lambda data: unknown_rows(regions_and_everyone(data), "counts"),
    "parts from counts": lambda data: unknown_rows(regions_and_everyone(data), "parts"),
    "polars": regions_of_polars,
}


@pytest.mark.parametrize("how", list(ROWS_THAT_DO_NOT_TELL))
@pytest.mark.parametrize("seed", range(14))
def test_regions_whose_rows_do_not_tell_do_not_give_away_those_with_no_region(
    seed: int, how: str
) -> None:
    # Before, where the regions' rows did not tell (each region's frame renumbered from 0,
    # tables built from counts, polars frames), the regions were each linked to
    # everyone's but not added up with those in none of them: a reader who knows the
    # regions share no one read everyone's less the regions' (5 of 12 seeds renumbered).
    # Now parts whose rows cannot tell are assumed to share no one where their numbers fit.
    data = survey(seed)
    assert breaches(data, ROWS_THAT_DO_NOT_TELL[how](data)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(20, 80),
    no_region=st.floats(0.02, 0.3),
    how=st.sampled_from(list(ROWS_THAT_DO_NOT_TELL)),
)
def test_any_regions_whose_rows_do_not_tell_hold(
    seed: int, n: int, no_region: float, how: str
) -> None:
    # The same for any survey: where the rows cannot tell, those with no region are
    # never narrowed below the level, nor a region's own numbers.
    data = survey(seed, n, no_region=no_region)
    assert breaches(data, ROWS_THAT_DO_NOT_TELL[how](data)) == []


def test_those_in_no_region_are_audited_as_a_derived_count() -> None:
    data = survey(3)  # 3 organisations with no region: 2 answered a, 1 b, none c
    audit = tt.disclosure.protect(regions_and_everyone(data))[0].audit()
    rest = audit[audit["column"] == "All (in table 1, in none of tables 2, 3, 4)"]
    assert dict(zip(rest["row"], rest["count"], strict=True)) == {"a": 2, "b": 1, "Base": 3}
    assert (rest["reason"] == "derived").all()
    assert rest["met"].all()


def london_and_large() -> pd.DataFrame:
    """London's 30 organisations and 10 large ones, 4 of them in London: neither holds the
    other, but the large ones' counts (5, 3, 2) fit within London's (16, 9, 5)."""
    rows = [("a", "London", "small")] * 14 + [("b", "London", "small")] * 8
    rows += [("c", "London", "small")] * 4 + [("a", "London", "large")] * 2
    rows += [("b", "London", "large"), ("c", "London", "large")]
    rows += [("a", "North", "large")] * 3 + [("b", "North", "large")] * 2
    rows += [("c", "North", "large")] + [("a", "North", "small")] * 20
    rows += [("b", "North", "small")] * 12 + [("c", "North", "small")] * 9
    data = pd.DataFrame(rows, columns=["q", "region", "size"])
    return data.set_axis(pd.Index(range(500, 500 + len(data)), name="id"))


def test_overlapping_filters_whose_numbers_fit_are_not_a_part_and_its_whole() -> None:
    # Before, the large organisations' table was read as a part of London's (its numbers
    # fit), and London's b and c (9, 5) were hidden to protect "London less the large
    # ones", which no reader can work out: 5 numbers hidden, now 3 (the large ones' own).
    data = london_and_large()
    tables = [
        tt.frequencies(data, "q"),
        tt.frequencies(data[data["region"] == "London"], "q"),
        tt.frequencies(data[data["size"] == "large"], "q"),
    ]
    protected = tt.disclosure.protect(tables, method="milp")
    assert protected.met
    assert [printed(result) for result in protected] == [
        {"a": 39, "b": 23, "c": 15, "Base": 77},
        {"a": 16, "b": 9, "c": 5, "Base": 30},
        {"a": None, "b": None, "c": None, "Base": 10},
    ]


def test_a_renumbered_frame_leaves_the_numbers_to_decide() -> None:
    # London's rows renumbered from 0 are not the survey's: they say nothing of who is in
    # the table, and the large ones' table is read as a part of London's, as before.
    data = london_and_large()
    london = data[data["region"] == "London"].reset_index(drop=True)
    tables = [
        tt.frequencies(data, "q"),
        tt.frequencies(london, "q"),
        tt.frequencies(data[data["size"] == "large"], "q"),
    ]
    protected = tt.disclosure.protect(tables, method="milp")
    assert protected.met
    assert printed(protected[1])["b"] is None  # protects London less the large ones


# -- random masks ---------------------------------------------------------------------------

ATOMS = [(region, large) for region in ["North", "South", "East", None] for large in (True, False)]


def atoms_reader(
    tables: Sequence[dict[str, int | None]], masks: Sequence[tuple[str | None, bool | None]]
) -> tuple[np.ndarray, np.ndarray]:
    """A reader who knows which atoms (region x large) make up each table: ``A x = shown``."""
    a_eq, b_eq = [], []
    for numbers, (region, large) in zip(tables, masks, strict=True):
        for row, value in numbers.items():
            if value is not None:
                a_eq.append(cover(row, region, large))
                b_eq.append(float(value))
    return np.array(a_eq), np.array(b_eq)


def cover(row: str, region: str | None, large: bool | None) -> np.ndarray:
    """The atoms a table's number counts (the base: all options)."""
    out = np.zeros(len(ATOMS) * len(OPTIONS))
    for i, (r, big) in enumerate(ATOMS):
        if region not in ("any", r) or (large is not None and big != large):
            continue
        for j, option in enumerate(OPTIONS):
            if row in ("Base", option):
                out[i * len(OPTIONS) + j] = 1.0
    return out


def mask(data: pd.DataFrame, region: str | None, large: bool | None) -> np.ndarray:
    """Rows of a region (``"any"``: every row; None: no region), large or not (None: both)."""
    keep = np.ones(len(data), dtype=bool)
    if region != "any":
        keep &= (data["region"].isna() if region is None else data["region"].eq(region)).to_numpy()
    if large is not None:
        keep &= data["size"].eq("large").to_numpy() == large
    return keep


def sensitive(
    masks: Sequence[tuple[str | None, bool | None]], rows: Sequence[str]
) -> list[tuple[str, np.ndarray]]:
    """Each table's numbers; a table less one of some of its rows; those of no region."""
    out = [(f"table {k + 1} {row}", cover(row, *m)) for k, m in enumerate(masks) for row in rows]
    for (k, whole), (j, part) in itertools.permutations(enumerate(masks), 2):
        if (cover("Base", *part) <= cover("Base", *whole)).all():
            out += [
                (f"table {k + 1} less table {j + 1} {row}", cover(row, *whole) - cover(row, *part))
                for row in rows
            ]
    if {"North", "South", "East"} <= {region for region, large in masks if large is None}:
        out += [(f"no region {row}", cover(row, None, None)) for row in rows]
    return out


def narrowed(
    data: pd.DataFrame, chosen: Sequence[tuple[str, bool | None]], *, rows: bool = True
) -> list[str]:
    """Protect everyone's table and the chosen filters' (by masks); return what a reader narrows.

    ``rows=False``: every table as if built from counts, its rows unknown.
    """
    masks: list[tuple[str | None, bool | None]] = [("any", None), *chosen]
    tables = [tt.frequencies(data[mask(data, *m)], "q", options=OPTIONS) for m in masks]
    if not rows:
        tables = [dataclasses.replace(t, respondents=None) for t in tables]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        protected = tt.disclosure.protect(tables, threshold=THRESHOLD)
    assert protected.met
    shown = [printed(result) for result in protected]
    a_eq, b_eq = atoms_reader(shown, masks)
    truth = np.zeros(len(ATOMS) * len(OPTIONS))
    for i, atom in enumerate(ATOMS):
        answers = data.loc[mask(data, *atom), "q"]
        for j, option in enumerate(OPTIONS):
            truth[i * len(OPTIONS) + j] = int((answers == option).sum())
    found = []
    for name, vector in sensitive(masks, list(shown[0])):
        value = float(vector @ truth)
        if not 0 < value < THRESHOLD:
            continue
        low = linprog(vector, A_eq=a_eq, b_eq=b_eq, bounds=(0, None))
        high = linprog(-vector, A_eq=a_eq, b_eq=b_eq, bounds=(0, None))
        assert low.status == 0
        top = math.inf if high.status == 3 else math.floor(-high.fun + 1e-6)
        bottom = math.ceil(low.fun - 1e-6)
        if top - bottom < THRESHOLD or top < THRESHOLD:
            found.append(f"{name} = {value:g} read as {bottom} to {top}")
    return found


REGIONS = [("North", None), ("South", None), ("East", None)]
OTHERS = st.lists(
    st.sampled_from([("any", True), ("any", False), ("North", True), ("South", False)]),
    max_size=2,
    unique=True,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(20, 70), others=OTHERS, order=st.randoms())
def test_random_filters_beside_everyone_hold(
    seed: int, n: int, others: list[tuple[str, bool | None]], order: Any
) -> None:
    # Each region's table and other filters (large, small, the North's large ones...),
    # in any order, beside everyone's: a reader who knows which rows each is of narrows
    # no sensitive number (of a table, of everyone less a table, of those with no region).
    chosen = [*REGIONS, *others]
    order.shuffle(chosen)
    assert narrowed(survey(seed, n), chosen) == []


def test_a_filter_of_a_region_from_counts_beside_the_regions_leaves_them_added_up() -> None:
    # Every table built from counts: the North's large organisations (4, 4, 4), the
    # North's, the South's and the East's beside everyone's. The four exceed everyone's
    # (b: 23 of 19), and the first three that fit (the large ones, the North, the South)
    # were added up instead of the regions: a reader who knows the regions share no one
    # read the 4 with no region exactly (Base 4 to 4).
    chosen = [("North", True), ("North", None), ("South", None), ("East", None)]
    assert narrowed(survey(2433, 60), chosen, rows=False) == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(20, 70), others=OTHERS, order=st.randoms())
def test_random_filters_from_counts_beside_everyone_hold(
    seed: int, n: int, others: list[tuple[str, bool | None]], order: Any
) -> None:
    # As above, every table built from counts: the rows tell nothing, the numbers decide.
    chosen = [*REGIONS, *others]
    order.shuffle(chosen)
    assert narrowed(survey(seed, n), chosen, rows=False) == []


@pytest.mark.parametrize("seed", [32, 39])
def test_a_region_that_prints_fewer_options_adds_none_of_the_others(seed: int) -> None:
    # Tabulated without a list of options, the North's table prints only a and b: no one
    # of the North gave c. The sum of the regions left c out, and left those with no
    # region open to a reader: b = 2 and c = 1 read as 0 to 3 (seed 32), a = 4 as 0 to 4.
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 80))
    regions = np.array(["North", "South", "East", None], dtype=object)
    region = rng.choice(regions, size=n, p=[0.3, 0.3, 0.3, 0.1])
    q = rng.choice(OPTIONS, size=n, p=[0.5, 0.35, 0.15])
    q[(region == "North") & (q == "c")] = "a"
    data = pd.DataFrame({"q": q, "region": region}, index=pd.Index(range(n), name="id"))
    masks = [data["region"] == r for r in ["North", "South", "East"]]
    tables = [tt.frequencies(data, "q")] + [tt.frequencies(data[m], "q") for m in masks]
    assert list(tables[1].counts.index) == ["a", "b"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        protected = tt.disclosure.protect(tables, threshold=THRESHOLD)
    assert protected.met
    shown = [printed(result) for result in protected]
    shown[1]["c"] = 0  # the reader knows: no one in the North gave c
    shown = [{row: numbers[row] for row in [*OPTIONS, "Base"]} for numbers in shown]
    truth = [true_numbers(t) for t in tables]
    reader = Reader(shown[0], shown[1:])
    for row in [*OPTIONS, "Base"]:  # those with no region
        rest = truth[0][row] - sum(t.get(row, 0) for t in truth[1:])
        if 0 < rest < THRESHOLD:
            low, high = reader.interval(len(shown), row)
            assert high - low >= THRESHOLD - 1e-6, (row, rest, low, high)


@pytest.mark.parametrize("seed", [8, 18, 59, 91])
def test_parts_renumbered_from_zero_that_add_up_still_add_up(seed: int) -> None:
    # London's rows and everyone else's, each renumbered from 0 (reset_index): their
    # labels overlap, though the two share no one. Read as parts that share someone, they
    # were not added up (as the rows' first reading had it), and everyone's numbers with
    # everyone else's pinned London's hidden ones (c = 1 read as exactly 1; 4 of 120
    # random sets): the reader knows the two add up from the titles.
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 70))
    data = pd.DataFrame(
        {
            "q": rng.choice(OPTIONS, size=n, p=[0.5, 0.3, 0.2]),
            "london": rng.random(n) < rng.uniform(0.05, 0.3),
        }
    )
    london = data[data["london"]].reset_index(drop=True)
    others = data[~data["london"]].reset_index(drop=True)
    tables = [tt.frequencies(f, "q", options=OPTIONS) for f in (data, london, others)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        protected = tt.disclosure.protect(tables, threshold=THRESHOLD)
    assert protected.met
    shown = [printed(result) for result in protected]
    reader = Reader(shown[0], shown[1:])
    reader.tables[-1] = dict.fromkeys(shown[0], 0)  # the two are everyone
    truth = [true_numbers(t) for t in tables]
    for k, numbers in enumerate(truth):
        for row, value in numbers.items():
            if 0 < value < THRESHOLD:
                assert shown[k][row] is None, (k, row)
                low, high = reader.interval(k, row)
                assert high - low >= THRESHOLD - 1e-6, (k, row, value, low, high)


def test_everyone_renumbered_beside_an_unnamed_filter_is_still_its_whole() -> None:
    # The survey's rows are unnamed and labelled from 500; everyone's table is counted
    # from the frame renumbered from 0 (reset_index), the members' from a filter of the
    # survey's own rows. Before, the filter's labels lay outside everyone's, so the two
    # were taken for no part and whole: nothing was hidden, and everyone's less the
    # members' printed the 2 organisations who are not members (a: 1, b: 1).
    rows = [("a", True)] * 20 + [("b", True)] * 10 + [("c", True)] * 8
    rows += [("a", False), ("b", False)]
    data = pd.DataFrame(rows, columns=["q", "member"]).set_axis(range(500, 540))
    members = data[data["member"]]
    renumbered = [tt.frequencies(data.reset_index(drop=True), "q"), tt.frequencies(members, "q")]
    as_labelled = [tt.frequencies(data, "q"), tt.frequencies(members, "q")]
    protected = tt.disclosure.protect(renumbered, method="milp")
    assert protected.met
    assert any(value is None for value in printed(protected[1]).values())
    expected = tt.disclosure.protect(as_labelled, method="milp")
    assert [printed(r) for r in protected] == [printed(r) for r in expected]


def test_a_part_labelled_otherwise_under_an_unnamed_index_is_still_a_part() -> None:
    # A reviewer's attack: everyone's table from wave 1's frame filtered to members, the
    # North's from the pooled frame (concat with ignore_index, wave 2 first) filtered to
    # wave 1's members in the North: the same organisations under other labels. Before,
    # the North's labels lay outside everyone's, so the two were no part and whole: both
    # printed in full, and everyone's less the North's gave the 3 members not in the
    # North (a 1, b 1, c 1). Unnamed labels no longer say "not a part".
    def wave(n: int, seed: int) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        return pd.DataFrame(
            {
                "q": rng.choice(OPTIONS, n, p=[0.5, 0.3, 0.2]),
                "region": ["North"] * (n - 3) + ["South"] * 3,
                "member": rng.random(n) < 0.9,
            }
        )

    first, second = wave(50, 1), wave(40, 2)
    pooled = pd.concat([second.assign(wave=2), first.assign(wave=1)], ignore_index=True)
    everyone = first[first["member"]]
    north = pooled[(pooled["wave"] == 1) & pooled["member"] & (pooled["region"] == "North")]
    protected = tt.disclosure.protect([tt.frequencies(everyone, "q"), tt.frequencies(north, "q")])
    assert protected.met
    assert any(value is None for value in printed(protected[1]).values())


@pytest.mark.parametrize("seed", range(10))
def test_a_stray_part_beside_the_regions_leaves_them_added_up(seed: int) -> None:
    # A reviewer's attack: wave 1 (rows 0..59) and its three regions, beside a small table
    # of wave 2 labelled 60.. (pooled with ignore_index). All four parts share no row, and
    # the regions' sum was tried only with the stray part, past the whole: nothing was
    # linked, and everyone's less two regions pinned the third's hidden counts (South's
    # c = 4 read as exactly 4 at seed 3; 4 of 10 seeds).
    first = survey(seed, no_region=0.0).reset_index(drop=True)
    second = survey(seed + 100, no_region=0.0).reset_index(drop=True)
    second.index = second.index + len(first)
    stray = second[(second["region"] == "North") & (second["size"] == "small")].head(8)
    parts = [first[first["region"] == r] for r in ["North", "South", "East"]]
    tables = [tt.frequencies(f, "q", options=OPTIONS) for f in [first, *parts, stray]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        protected = tt.disclosure.protect(tables, threshold=THRESHOLD)
    assert protected.met
    shown = [printed(result) for result in protected][:4]
    truth = [true_numbers(t) for t in tables][:4]
    reader = Reader(shown[0], shown[1:])
    found = []
    for k, numbers in enumerate(truth):
        for row, value in numbers.items():
            if not 0 < value < THRESHOLD:
                continue
            if shown[k][row] is not None:
                found.append(f"table {k + 1} {row} = {value} printed")
                continue
            low, high = reader.interval(k, row)
            low = math.ceil(low - 1e-6)
            high = math.floor(high + 1e-6) if math.isfinite(high) else high
            if high - low < THRESHOLD or high < THRESHOLD:
                found.append(f"table {k + 1} {row} = {value} read as {low} to {high}")
    assert found == []


def test_rows_renumbered_under_pandas_own_name_are_not_the_survey_s() -> None:
    # A reviewer's attack: the same as above with both frames renumbered and their old
    # rows kept under the name pandas gives them (reset_index().set_index("index")):
    # named, the labels were trusted, and both tables printed in full again.
    rows = [("a", "North", False), ("b", "North", False)] + [("a", "North", True)] * 20
    rows += [("b", "North", True)] * 18 + [("c", "North", True)] * 9
    rows += [("a", "South", True), ("b", "South", True), ("c", "South", True)]
    first = pd.DataFrame(rows, columns=["q", "region", "member"])
    pooled = pd.concat([first.iloc[:7].assign(wave=2), first.assign(wave=1)], ignore_index=True)
    everyone = first.reset_index().set_index("index")
    everyone = everyone[everyone["member"]]
    pooled = pooled.reset_index().set_index("index")
    north = pooled[(pooled["wave"] == 1) & pooled["member"] & (pooled["region"] == "North")]
    protected = tt.disclosure.protect([tt.frequencies(everyone, "q"), tt.frequencies(north, "q")])
    assert protected.met
    assert any(value is None for value in printed(protected[1]).values())


def test_parts_whose_labels_lie_are_left_unlinked_with_a_warning() -> None:
    # A reviewer's attack: a second wave's tables reusing the first wave's named ids (for
    # other organisations) beside the first wave's regions: every group of the parts came
    # to more than the whole, and the search for one that did not tried 1,000 groups (2
    # minutes for 12 such tables) and stopped without a word.
    first = survey(0, n=80, no_region=0.35)
    free = list(first.index[first["region"].isna()])
    second = survey(100, n=80, no_region=0.0).assign(q="a")
    strays = [second.loc[free[2 * k : 2 * k + 2]] for k in range(12)]
    parts = [first[first["region"] == r] for r in ["North", "South", "East"]]
    tables = [tt.frequencies(f, "q", options=OPTIONS) for f in [first, *parts, *strays]]
    with pytest.warns(tt.DisclosureWarning, match="share no respondent by their rows"):
        protected = tt.disclosure.protect(tables, threshold=THRESHOLD)
    assert protected.met


def test_parts_by_their_numbers_alone_that_do_not_add_up_raise_no_warning() -> None:
    # Unnamed rows: the filter of rows 140.. fits within the table of rows 100..139 by its
    # numbers (a part, as far as the rows can tell), and shares no label with the filter
    # of rows 100..124. Added up, the two exceed the whole: they are not parts sharing no
    # one, which no reader can use. Before, a DisclosureWarning blamed their labels.
    q = ["a"] * 20 + ["b"] * 12 + ["c"] * 8 + ["a"] * 10 + ["b"] * 6 + ["c"] * 4
    data = pd.DataFrame({"q": q}, index=pd.Index(range(100, 160)))
    whole, numbers_only, labelled = data.iloc[:40], data.iloc[40:], data.iloc[:25]
    tables = [tt.frequencies(f, "q") for f in (whole, numbers_only, labelled)]
    assert (labelled["q"].value_counts() + numbers_only["q"].value_counts()).max() > 20
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        protected = tt.disclosure.protect(tables, threshold=THRESHOLD)
    assert protected.met
    assert [str(w.message) for w in caught] == []


def test_many_regions_whose_rows_do_not_tell_are_added_up_once() -> None:
    # Eight regions' tables built from counts beside everyone's: all eight fit, and every
    # smaller group lies within them. Before, 64 of its 247 smaller groups were linked
    # too, each with a rest of its own, and a warning said the others were not tried.
    rng = np.random.default_rng(8)
    data = pd.DataFrame(
        {"q": rng.choice(OPTIONS, size=90), "region": np.repeat(np.arange(9), 10)},
        index=pd.Index(range(90), name="id"),
    )
    frames = [data] + [data[data["region"] == r] for r in range(8)]
    tables = [
        dataclasses.replace(tt.frequencies(f, "q", options=OPTIONS), respondents=None)
        for f in frames
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        protected = tt.disclosure.protect(tables, threshold=THRESHOLD)
    assert protected.met
    assert [str(w.message) for w in caught] == []


def test_many_parts_whose_rows_do_not_tell_stop_at_the_tries_and_say_so() -> None:
    # Ten filters of a fifth of everyone each, built from counts: any two fit within
    # everyone's, six never do, so the groups of nine, eight, seven and six (385) are
    # tried before any fits. The model stops at 64 and says so.
    rng = np.random.default_rng(3)
    data = pd.DataFrame({"q": rng.choice(OPTIONS, size=100, p=[0.4, 0.35, 0.25])})
    frames = [data] + [data.sample(20, random_state=k) for k in range(10)]
    tables = [
        dataclasses.replace(tt.frequencies(f, "q", options=OPTIONS), respondents=None)
        for f in frames
    ]
    with pytest.warns(tt.DisclosureWarning, match="tried 64 groups of them"):
        protected = tt.disclosure.protect(tables, threshold=THRESHOLD)
    assert protected.met


def regions_of_two_frames(seed: int) -> tuple[pd.DataFrame, list[tt.Table]]:
    """Wave 1 (rows 0..59) and its regions: the North's from wave 1 pooled after wave 2
    (``concat(ignore_index=True)``, labelled 20..), the South's and East's from wave 1's
    own frame. The North's labels overlap the others' and name other organisations."""
    first = survey(seed).reset_index(drop=True)
    second = survey(seed + 100, 20).reset_index(drop=True)
    pooled = pd.concat([second.assign(wave=2), first.assign(wave=1)], ignore_index=True)
    north = pooled[(pooled["wave"] == 1) & (pooled["region"] == "North")]
    parts = [north, *(first[first["region"] == r] for r in ["South", "East"])]
    return first, [tt.frequencies(f, "q", options=OPTIONS) for f in [first, *parts]]


@pytest.mark.parametrize("seed", range(14))
def test_regions_from_two_frames_numbered_apart_do_not_give_away_those_with_no_region(
    seed: int,
) -> None:
    # A reviewer's attack (hK10): a label in both the North's rows (from the pooled frame)
    # and the South's said "they share someone", so the regions were not added up with
    # those of no region, and everyone's less the regions' was read (5 of 14 seeds: at
    # seed 6 the 4 with no region read as exactly 4). Under an unnamed index a shared
    # label is now trusted only where both parts' rows are all rows of the whole's.
    first, tables = regions_of_two_frames(seed)
    assert breaches(first, tables) == []


@pytest.mark.xfail(
    strict=True,
    reason="known limit (hK10): beside a table of the pooled frame, whose rows hold both "
    "regions' labels, the regions' shared labels still read as 'they share someone'",
)
def test_regions_from_two_frames_beside_the_pooled_frame_s_table() -> None:
    # Everyone's (wave 1), the regions as above, and the pooled frame's table: the North's
    # and the South's rows both lie within the pooled frame's, so their shared labels are
    # trusted, the regions are not added up, and the 4 with no region read as exactly 4
    # (4 of 14 seeds). Labels alone cannot tell this from subsets of one frame.
    first, tables = regions_of_two_frames(6)
    second = survey(106, 20).reset_index(drop=True)
    pooled = pd.concat([second, first], ignore_index=True)
    beside = [tt.frequencies(pooled, "q", options=OPTIONS)]
    assert breaches(first, tables, beside) == []

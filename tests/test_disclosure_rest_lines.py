"""A reader who solves for the respondents of every kind, with an integer programme.

1. A multi-response set and its nets by a banner with a missing group: those with no
   group ticked each combination of options no fewer than 0 times, and everyone in a
   base of those who ticked something ticked some option, a net or another.
2. A grid by group beside its items' tables and the grouping question: the base of a
   group's row is at most that group's count.

The reader's unknowns are the counts of every kind of respondent (one value of each
variable, missing included); every number printed is a sum of them (found by tabulating
the kinds with one doubled); scipy's milp (HiGHS) gives the least and the most each
hidden count can be. The audit's intervals must hold the reader's, and a sensitive count
must keep its protection level.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

import tracktr as tt
from tracktr.disclosure._model import build as build_model
from tracktr.multicross import multi_nets

Key = tuple[Hashable, ...]
Build = Callable[[pd.DataFrame], list[tt.Table]]
THRESHOLD = 5

# -- the reader ---------------------------------------------------------------------------


def _numbers(tables: Sequence[tt.Table]) -> dict[Key, float]:
    """Every count and base of the tables, by (table, "cell", row, column) or "base"."""
    out: dict[Key, float] = {}
    for t, table in enumerate(tables):
        counts = table.counts
        values = counts.to_numpy(dtype=float)
        for i, row in enumerate(counts.index):
            for j, column in enumerate(counts.columns):
                out[(t, "cell", row, column)] = float(values[i, j])
        for label, value in zip(table.bases.index, table.bases.to_numpy(dtype=float), strict=True):
            out[(t, "base", label)] = float(value)
    return out


def _coefficients(build: Build, kinds: pd.DataFrame) -> dict[Key, npt.NDArray[np.float64]]:
    """How many times each number counts each kind of respondent (one kind doubled)."""
    base = _numbers(build(kinds))
    out = {key: np.zeros(len(kinds)) for key in base}
    for k in range(len(kinds)):
        doubled = _numbers(build(pd.concat([kinds, kinds.iloc[[k]]], ignore_index=True)))
        for key in base:
            out[key][k] = doubled[key] - base[key]
    return out


def _key(result: tt.disclosure.ProtectedSet, row: pd.Series[Any]) -> Key:
    t = int(row["table"])
    cells = result[t].table.counts
    if row["row"] == "Base" and "Base" not in cells.index:
        return (t, "base", row["column"])
    return (t, "cell", row["row"], row["column"])


def _derived(a: Mapping[Key, npt.NDArray[np.float64]], key: Key) -> npt.NDArray[np.float64]:
    """A count of those with no group: the All column's less the groups'."""
    t, kind, *rest = key
    if kind == "base":
        whole = a[(t, "base", "All")].copy()
        for k, v in a.items():
            if k[:2] == (t, "base") and k[2] not in ("All", "(no group)"):
                whole -= v
        return whole
    row = rest[0]
    whole = a[(t, "cell", row, "All")].copy()
    for k, v in a.items():
        if k[:3] == (t, "cell", row) and k[3] != "All":
            whole -= v
    return whole


def reader(
    build: Build, domains: Mapping[str, Sequence[Any]], result: tt.disclosure.ProtectedSet
) -> list[tuple[Key, float, float, float, float, float]]:
    """(number, true, audit low, audit high, reader low, reader high) of each hidden one."""
    kinds = pd.DataFrame(list(itertools.product(*domains.values())), columns=list(domains))
    a = _coefficients(build, kinds.astype(object))
    rows, values = [], []
    for t, protected in enumerate(result):
        for key, value in _numbers([protected.table]).items():
            _, kind, *rest = key
            hidden = (
                protected.suppressed.at[rest[0], rest[1]]
                if kind == "cell"
                else protected.suppressed_bases.get(rest[0], False)
            )
            if not hidden:
                rows.append(a[(t, *key[1:])])
                values.append(value)
    published = LinearConstraint(np.array(rows), values, values)
    out = []
    for _, row in result.audit().iterrows():
        key = _key(result, row)
        if key not in a and key[-1] != "(no group)":
            continue  # another worked-out line (a grid's): the probe reads those elsewhere
        c = a[key] if key in a else _derived(a, key)
        found = [
            milp(sign * c, constraints=published, integrality=np.ones(len(c)), bounds=Bounds(0))
            for sign in (1.0, -1.0)
        ]
        assert all(f.status == 0 for f in found), key  # the truth is a solution
        low, high = round(found[0].fun), round(-found[1].fun)
        out.append((key, float(row["count"]), float(row["low"]), float(row["high"]), low, high))
    return out


def narrower(found: list[tuple[Key, float, float, float, float, float]]) -> list[str]:
    """Hidden numbers the reader narrows beyond the audit, or below protection."""
    out = []
    for key, true, low, high, r_low, r_high in found:
        where = f"{key} = {true:g}: audit [{low:g}, {high:g}], reader [{r_low:g}, {r_high:g}]"
        if r_low > low + 1e-6 or r_high < high - 1e-6:
            out.append(f"narrower: {where}")
        if 0 < true < THRESHOLD and (r_high - r_low < THRESHOLD or r_high < THRESHOLD):
            out.append(f"sensitive: {where}")
    return out


def _frame(kinds: Mapping[tuple[Any, ...], int], columns: Sequence[str]) -> pd.DataFrame:
    rows = [kind for kind, k in kinds.items() for _ in range(k)]
    return pd.DataFrame(rows, columns=list(columns), dtype=object)


# -- 1. a multi-response set and its nets, by a banner with a missing group ---------------

TICKS = ["s_housing", "s_mentoring", "s_advice"]
SERVICES = tt.Survey.from_dict(
    {
        "title": "Services",
        "questions": [
            {"id": "funder", "type": "single", "text": "F?", "options": ["CRC", "NPS", "Other"]},
            {
                "id": "services",
                "type": "multi",
                "text": "Services?",
                "options": [
                    {"code": 1, "label": "Housing", "column": "s_housing"},
                    {"code": 2, "label": "Mentoring", "column": "s_mentoring"},
                    {"code": 3, "label": "Advice", "column": "s_advice"},
                ],
                "nets": {"Practical": ["Housing", "Advice"]},
            },
        ],
    }
)
FUNDERS: list[str | None] = ["CRC", "NPS", "Other", None]
SERVICE_DOMAINS: dict[str, list[Any]] = {"funder": FUNDERS, **{c: [0, 1] for c in TICKS}}


def services(data: pd.DataFrame) -> list[tt.Table]:
    df = data.copy()
    for column in TICKS:
        df[column] = df[column].astype(int)
    nets = SERVICES.spec("services").nets
    return [
        tt.multi_response(df, "services", survey=SERVICES, by="funder"),
        multi_nets(df, "services", nets, survey=SERVICES, by="funder"),
    ]


def _ticks(counts: Mapping[str, int]) -> pd.DataFrame:
    """Respondents from "<housing><mentoring><advice><funder>": how many ("-": no funder)."""
    kinds = {
        (None if name[3:] == "-" else name[3:], *(int(c) for c in name[:3])): k
        for name, k in counts.items()
    }
    return _frame(kinds, ["funder", *TICKS])


# Seed 4 of the probe: Housing of Other (3) was narrowed to [2, 5] through Practical less
# Advice of the All column less the other groups'; seed 14: Mentoring of those with no
# funder (1) to [0, 4], as Other's base of 7 needs 2 who ticked Mentoring only.
NARROWED_NET = {
    "000-": 1, "001-": 1, "011-": 2, "100-": 1, "111-": 2, "000CRC": 10, "001CRC": 5,
    "010CRC": 4, "011CRC": 7, "100CRC": 1, "101CRC": 1, "110CRC": 4, "111CRC": 1,
    "000NPS": 1, "001NPS": 2, "010NPS": 1, "110NPS": 1, "000Other": 3, "001Other": 6,
    "010Other": 4, "011Other": 9, "100Other": 2, "111Other": 1,
}  # fmt: skip
NARROWED_OTHER_OPTION = {
    "010-": 1, "000CRC": 2, "001CRC": 2, "010CRC": 3, "011CRC": 3, "100CRC": 1, "110CRC": 1,
    "000NPS": 3, "001NPS": 1, "000Other": 6, "001Other": 2, "010Other": 2, "011Other": 2,
    "111Other": 1,
}  # fmt: skip


@pytest.mark.parametrize("counts", [NARROWED_NET, NARROWED_OTHER_OPTION], ids=["net", "other"])
def test_the_nets_of_those_with_no_group_hold_for_a_reader(counts: Mapping[str, int]) -> None:
    # Before: Housing of Other (3) was [2, 5] to the reader, [2, 7] in the audit; and
    # Mentoring of those with no funder (1) [0, 4], [0, 6] in the audit.
    data = _ticks(counts)
    result = tt.disclosure.protect(services(data), threshold=THRESHOLD)
    assert result.met
    assert narrower(reader(services, SERVICE_DOMAINS, result)) == []


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(FUNDERS), *[st.sampled_from([0, 1])] * 3),
        min_size=1,
        max_size=40,
    )
)
def test_the_model_holds_the_truth(kinds: list[tuple[Any, ...]]) -> None:
    # The patterns of the lines with no group are split to fit the true counts: the true
    # numbers meet every link of the model (else the audit would solve an empty set).
    model = build_model(services(pd.DataFrame(kinds, columns=["funder", *TICKS], dtype=object)))
    x = model.array()
    for _, terms in model.equations:
        assert abs(sum(c * x[v] for v, c in terms.items())) <= 1e-6
    for _, terms in model.inequalities:
        assert sum(c * x[v] for v, c in terms.items()) <= 1e-6


def test_the_line_of_those_with_no_group_is_split_into_patterns() -> None:
    # Before (two sessions ago): the tick patterns were of the printed columns only; those
    # with no funder who ticked Housing (a count the reader works out) were in no
    # pattern's equation. Now the line's patterns are the total's less its groups', each
    # at least 0: Housing of those with no funder is then pinned by the patterns that hold
    # it (Housing only, Housing and Advice) in the total and in each group.
    model = build_model(services(_ticks(NARROWED_NET)))
    unknowns = {k for k, kind in enumerate(model.kinds) if kind == "remainder"} - set(model.derived)
    rests = [
        terms
        for _, terms in model.inequalities
        if set(terms) <= unknowns and sorted(set(terms.values())) == [-1.0, 1.0]
    ]
    groups = len(FUNDERS) - 1  # the total less each printed funder's (None: no funder)
    assert len(rests) == 7  # every pattern of the three options
    assert all(len(terms) == 1 + groups for terms in rests)


# -- 2. a grid by group beside its items' tables ------------------------------------------

VIEWS = ["Agree", "Neutral", "Disagree"]
REGIONS = ["N", "S", "E"]
GRID = tt.Survey.from_dict(
    {
        "title": "Grid",
        "questions": [
            {"id": "region", "type": "single", "text": "R?", "options": REGIONS},
            {
                "id": "views",
                "type": "grid",
                "text": "Views?",
                "options": VIEWS,
                "items": [
                    {"id": "i1", "label": "Item one", "column": "i1"},
                    {"id": "i2", "label": "Item two", "column": "i2"},
                ],
            },
        ],
    }
)
GRID_DOMAINS: dict[str, list[Any]] = {"region": REGIONS, "i1": [*VIEWS, None], "i2": [*VIEWS, None]}


def grid_set(df: pd.DataFrame) -> list[tt.Table]:
    return [
        tt.grid(df, "views", survey=GRID),
        tt.grid(df, "views", survey=GRID, by="region"),
        tt.frequencies(df, "i1", options=VIEWS),
        tt.frequencies(df, "i2", options=VIEWS),
        tt.frequencies(df, "i1", options=VIEWS, by="region"),
        tt.frequencies(df, "region", survey=GRID),
    ]


def _answers(counts: Mapping[tuple[str, str, str], int]) -> pd.DataFrame:
    kinds = {
        (region, None if a == "-" else a, None if b == "-" else b): k
        for (region, a, b), k in counts.items()
    }
    return _frame(kinds, ["region", "i1", "i2"])


# Seed 6 of the probe: E's count (3) was narrowed to [2, 5]; its rows' bases bound it.
NARROWED_GROUP = {
    ("E", "Agree", "Agree"): 1, ("E", "Agree", "Disagree"): 1, ("E", "Neutral", "Neutral"): 1,
    ("N", "-", "Agree"): 1, ("N", "-", "Disagree"): 3, ("N", "-", "Neutral"): 1,
    ("N", "Agree", "-"): 1, ("N", "Agree", "Agree"): 6, ("N", "Agree", "Neutral"): 6,
    ("N", "Disagree", "Disagree"): 2, ("N", "Neutral", "Agree"): 3,
    ("N", "Neutral", "Disagree"): 1, ("N", "Neutral", "Neutral"): 6, ("S", "-", "Disagree"): 1,
    ("S", "-", "Neutral"): 1, ("S", "Agree", "-"): 1, ("S", "Agree", "Agree"): 5,
    ("S", "Agree", "Disagree"): 1, ("S", "Agree", "Neutral"): 5, ("S", "Disagree", "-"): 1,
    ("S", "Disagree", "Neutral"): 1, ("S", "Neutral", "Agree"): 1, ("S", "Neutral", "Neutral"): 1,
}  # fmt: skip


def test_a_grid_by_group_beside_its_items_holds_for_a_reader() -> None:
    # Before: E's count of 3 (hidden) was [2, 5] to the reader, [0, 7] in the audit.
    result = tt.disclosure.protect(grid_set(_answers(NARROWED_GROUP)), threshold=THRESHOLD)
    assert result.met
    assert narrower(reader(grid_set, GRID_DOMAINS, result)) == []


def test_a_grid_rows_base_is_bounded_by_its_groups_count() -> None:
    # Before: no link between a grid row's base and the count of its group.
    model = build_model(grid_set(_answers(NARROWED_GROUP)))
    bounds = [terms for _, terms in model.inequalities]
    for region, item in itertools.product(REGIONS, ["Item one", "Item two"]):
        base = model.keys[("views", "base", "row", (region, item), True)]
        count = model.keys[("region", "count", region, "All", True)]
        # One number where everyone in the group answered the item (E: 3 of 3), else
        # at most the group's count (N: 29 of 30 answered item two).
        assert base == count or {base: 1.0, count: -1.0} in bounds, (region, item)

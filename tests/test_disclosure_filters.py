"""Tables of some of the respondents (a filter) published beside tables of all of them.

``frequencies(q, by=h)`` of the organisations in group ``x`` of ``g`` beside
``frequencies(q, by=h)`` of everyone: a reader who knows how they were made knows that
each count of the first is at most the second's, and that the difference (those outside
``x``) is never negative. The reader here (:class:`JointReader`) has the joint table of
``q``, ``g`` and ``h`` as unknowns and every printed number as an equation.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.test_disclosure_round5 import JointReader, read_book, read_layout
from tests.test_tabbook_publish_with import breaches
from tracktr.disclosure._model import build
from tracktr.multicross import multi_nets

THRESHOLD = 5
SURVEY = tt.Survey.from_dict(
    {
        "title": "Filters",
        "questions": [
            {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b", "c", "d"]},
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y", "z"]},
            {"id": "h", "type": "single", "text": "H?", "options": ["u", "v", "w"]},
        ],
    }
)


def responses(n: int, seed: int) -> pd.DataFrame:
    """Answers with rare options and groups, and a few missing ``h``: small cells."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "q": rng.choice(list("abcd"), n, p=[0.45, 0.35, 0.12, 0.08]),
            "g": rng.choice(list("xyz"), n, p=[0.5, 0.35, 0.15]),
            "h": rng.choice(["u", "v", "w", None], n, p=[0.5, 0.35, 0.1, 0.05]),
        }
    )


def of_x(data: pd.DataFrame) -> list[tt.Table]:
    """The tables of group x's organisations only: q, and q by h."""
    some = data[data["g"] == "x"]
    return [
        tt.frequencies(some, "q", survey=SURVEY),
        tt.frequencies(some, "q", survey=SURVEY, by="h"),
    ]


def protected_set(data: pd.DataFrame) -> list[str]:
    """Protect q by g, q by h and x's tables together; return what the reader breaks."""
    tables = [
        tt.frequencies(data, "q", survey=SURVEY, by="g"),
        tt.frequencies(data, "q", survey=SURVEY, by="h"),
        *of_x(data),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        done = tt.disclosure.protect(tables, threshold=THRESHOLD, method="heuristic")
    reader = JointReader(data, ["q", "g", "h"])
    read_layout(reader, done[0], "q", "g")
    read_layout(reader, done[1], "q", "h")
    read_layout(reader, done[2], "q", None, g="x")
    read_layout(reader, done[3], "q", "h", g="x")
    return reader.broken(THRESHOLD)


def test_a_filtered_breakdown_beside_the_whole_holds() -> None:
    # Before: the two breakdowns by h were not linked; the reader proved a hidden 1
    # (h = w, q = c) to lie in [0, 3] (1 of 40 random sets broken so).
    assert protected_set(responses(65, seed=10)) == []


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(n=st.integers(30, 80), seed=st.integers(0, 2**16))
def test_random_filtered_sets_hold(n: int, seed: int) -> None:
    assert protected_set(responses(n, seed)) == []


def test_tables_of_a_group_published_with_a_book_hold() -> None:
    # Before: a reader narrowed the book's hidden 1 (h = w, q = c) to [0, 3] with the
    # tables of x's organisations (2 of 60 random books; 3 of 12 in the probe's books).
    data = responses(int(np.random.default_rng(10).integers(30, 80)), seed=10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        book = tt.tabbook(
            data,
            SURVEY,
            banners=["g", "h"],
            questions=["q"],
            letters=False,
            threshold=THRESHOLD,
            publish_with=of_x(data),
            protection={"method": "heuristic"},  # the same pattern however loaded the machine
        )
    assert book.disclosure is not None
    reader = JointReader(data, ["q", "g", "h"])
    read_book(reader, book, "q", ["g", "h"])
    alone, by_h = book.disclosure.published_with
    read_layout(reader, alone, "q", None, g="x")
    read_layout(reader, by_h, "q", "h", g="x")
    assert reader.broken(THRESHOLD) == []


def _bounds_between(tables: list[tt.Table]) -> list[dict[int, float]]:
    """The model's inequalities that tie a number of the first table to one of the second."""
    model = build(tables)
    first = set(model.positions[0].values())
    second = set(model.positions[1].values())
    return [
        terms for _, terms in model.inequalities if terms.keys() & first and terms.keys() & second
    ]


FIRST = pd.DataFrame({"q": list("aaaabbbbbccd") * 2, "h": list("uuuvvvwwuuvv") * 2})


def test_a_part_of_the_other_is_bounded_by_it() -> None:
    part = FIRST.iloc[:15]
    bounds = _bounds_between(
        [tt.frequencies(part, "q", survey=SURVEY, by="h"),
         tt.frequencies(FIRST, "q", survey=SURVEY, by="h")]
    )  # fmt: skip
    # Each of the 4 options and the base in each of u, v, w and All: part <= whole,
    # but for the 5 counts equal in both (6, 0, 0, 0, 0), which are one number already.
    assert len(bounds) == 20 - 5
    assert all(sorted(terms.values()) == [-1.0, 1.0] for terms in bounds)


@pytest.mark.parametrize("more", [1, 3])
def test_tables_that_are_not_a_part_of_the_other_are_not_bounded_by_it(more: int) -> None:
    # Two waves with the same labels: the second has more "a" in u and fewer "d", so
    # neither is a part of the other. A bound false for the true counts would leave the
    # reader's model without the truth in it.
    extra = pd.DataFrame({"q": ["a"] * more, "h": ["u"] * more})
    second = pd.concat([FIRST, extra]).assign(q=lambda d: d["q"].replace({"d": "c"}))
    tables = [
        tt.frequencies(FIRST, "q", survey=SURVEY, by="h"),
        tt.frequencies(second, "q", survey=SURVEY, by="h"),
    ]
    assert _bounds_between(tables) == []
    assert tt.disclosure.protect(tables, threshold=THRESHOLD).met


# -- multi-response sets ------------------------------------------------------------------

TICKS = {"Housing": "m_h", "Mentoring": "m_m", "Advice": "m_a"}
SERVICES = tt.Survey.from_dict(
    {
        "title": "Services",
        "questions": [
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y", "z"]},
            {"id": "h", "type": "single", "text": "H?", "options": ["u", "v", "w"]},
            {
                "id": "m",
                "type": "multi",
                "text": "Services?",
                "options": [
                    {"code": code, "label": label, "column": column}
                    for code, (label, column) in enumerate(TICKS.items(), start=1)
                ],
            },
        ],
    }
)
# The reader's unknowns: how many organisations of each group, group and ticks.
KINDS = list(itertools.product("xyz", ["u", "v", "w", None], *[[0, 1]] * len(TICKS)))


def ticked(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(
        {
            "g": rng.choice(list("xyz"), n, p=[0.5, 0.35, 0.15]),
            "h": rng.choice(["u", "v", "w", None], n, p=[0.5, 0.3, 0.15, 0.05]),
        }
    )
    for column, share in zip(TICKS.values(), [0.15, 0.5, 0.4], strict=True):
        data[column] = (rng.random(n) < share).astype(int)
    return data


NETS = {"Practical": ["Housing", "Advice"]}


def kinds(g: str | None, h: str | None, option: str | None = None) -> np.ndarray:
    """Which kinds a printed number counts: those who ticked something (the base).

    `option` is an option, or a net of :data:`NETS` (those who ticked any of its options).
    """
    names = list(TICKS)
    members = NETS.get(option or "", [option] if option is not None else names)
    at = [names.index(m) for m in members]
    return np.array(
        [
            any(ticks) and g in (None, kg) and h in (None, kh) and any(ticks[k] for k in at)
            for kg, kh, *ticks in KINDS
        ],
        dtype=float,
    )


def numbers(
    done: tt.disclosure.Suppression, g: str | None, by: str = "h"
) -> list[tuple[np.ndarray, int, bool]]:
    """The numbers of a protected table of `g`'s organisations (None: everyone) by `by`."""
    table, out = done.table, []
    for column in table.counts.columns:
        group = None if column == "All" else str(column)
        where = {"g": g, "h": None, by: group} if group is not None else {"g": g, "h": None}
        for option in table.counts.index:
            hidden = bool(done.suppressed.loc[option, column])
            count = int(table.counts.loc[option, column])
            out.append((kinds(where["g"], where["h"], str(option)), count, hidden))
        hidden = bool(done.suppressed_bases.get(column, False))
        out.append((kinds(where["g"], where["h"]), int(table.bases[column]), hidden))
    return out


def test_a_filtered_multi_response_set_beside_the_whole_holds() -> None:
    # Before: a hidden 3 of the whole set was proved within [0, 4] and a 4 within [3, 7]
    # (1 of 40 random pairs): those of the other groups (the whole less x's) tick each
    # option at most as often as they answered, which the model did not know.
    data = ticked(int(np.random.default_rng(15).integers(30, 80)), seed=15)
    tables = [
        tt.multi_response(data, "m", survey=SERVICES, by="h"),
        tt.multi_response(data[data["g"] == "x"], "m", survey=SERVICES, by="h"),
    ]
    done = tt.disclosure.protect(tables, threshold=THRESHOLD, method="heuristic")
    found = numbers(done[0], None) + numbers(done[1], "x")
    assert breaches(found, threshold=THRESHOLD, level=THRESHOLD) == []


def test_breakdowns_by_two_banners_with_the_same_labels_are_not_a_part() -> None:
    # Everyone by two yes/no banners, the first skipped by many: the same All column,
    # so neither is a part of the other, though each count of the first is at most the
    # second's. A first version of the bound linked them (true of the counts, but
    # hiding more than needed: a cycle of three breakdowns hid as much without its joint
    # table).
    data = pd.DataFrame(
        {
            "q": list("aabbc") * 4,
            "first": ["Yes"] * 4 + ["No"] * 4 + [None] * 12,
            "second": ["Yes"] * 10 + ["No"] * 10,
        }
    )
    tables = [tt.frequencies(data, "q", by=banner) for banner in ("first", "second")]
    first, second = (table.counts.drop(columns="All") for table in tables)
    assert (first <= second).all().all()
    assert _bounds_between(tables) == []


def two_banners_and_a_part(data: pd.DataFrame) -> list[tt.Table]:
    """The set with its net by g and by h, and x's set by h (no net) beside them."""
    return [
        tt.multi_response(data, "m", survey=SERVICES, by="g"),
        multi_nets(data, "m", NETS, survey=SERVICES, by="g"),
        tt.multi_response(data, "m", survey=SERVICES, by="h"),
        multi_nets(data, "m", NETS, survey=SERVICES, by="h"),
        tt.multi_response(data[data["g"] == "x"], "m", survey=SERVICES, by="h"),
    ]


@pytest.mark.parametrize("seed", [14, 43])
def test_a_part_of_a_set_with_nets_by_two_banners_holds(seed: int) -> None:
    # Before: the tick patterns were split column by column, the All column's apart from
    # its groups' and from the other banner's. A reader who knows they are one set of
    # organisations proved x's hidden 1 (v, Housing) within [0, 1] (seed 43) and a hidden
    # 2 and 1 within [0, 4] (seed 14): 7 of 60 random sets (/tmp/mine/netsub.py).
    data = ticked(int(np.random.default_rng(seed).integers(30, 90)), seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        done = tt.disclosure.protect(
            two_banners_and_a_part(data), threshold=THRESHOLD, method="heuristic"
        )
    found = [
        *numbers(done[0], None, "g"),
        *numbers(done[1], None, "g"),
        *numbers(done[2], None),
        *numbers(done[3], None),
        *numbers(done[4], "x"),
    ]
    assert breaches(found, threshold=THRESHOLD, level=THRESHOLD) == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(8, 60), seed=st.integers(0, 2**16))
def test_one_split_of_the_patterns_holds_the_truth(n: int, seed: int) -> None:
    # The patterns of every line are split once, tied across columns, banners and the
    # part (x's organisations): the split fits every link of the model at the true
    # numbers, and it is found (the column by column split is only a fallback).
    data = ticked(n, seed)
    model = build(two_banners_and_a_part(data))
    x = model.array()
    for _, terms in model.equations:
        assert abs(sum(c * x[v] for v, c in terms.items())) <= 1e-6
    for _, terms in model.inequalities:
        assert sum(c * x[v] for v, c in terms.items()) <= 1e-6
    tied = [
        terms
        for _, terms in model.inequalities
        if all(model.kinds[v] == "remainder" and v not in model.derived for v in terms)
        and len(terms) > 1
    ]
    assert tied  # the rests' and the part's patterns, bounded by the whole's


def test_a_part_by_another_banner_is_bounded_in_its_all_column_only() -> None:
    # x's organisations by h beside everyone by g: x's All column is some of everyone's,
    # but x's organisations with no h are not some of those with no g. Before, the two
    # lines "in no group" were bounded as one (true of these counts, a link the reader
    # does not have: it hid more, and made the shared split of tick patterns fail).
    data = pd.DataFrame(
        {
            "q": list("aabbcab") * 3,
            "g": ["x"] * 12 + [None] * 6 + ["y"] * 3,
            "h": ["u", None, "v"] * 7,
        }
    )
    tables = [
        tt.frequencies(data, "q", survey=SURVEY, by="g"),
        tt.frequencies(data[data["g"] == "x"], "q", survey=SURVEY, by="h"),
    ]
    model = build(tables)
    no_group = {
        t: {v for v, (u, _, column) in model.derived.items() if u == t and column == "(no group)"}
        for t in (0, 1)
    }
    assert no_group[0]
    assert no_group[1]
    linked = [
        terms
        for _, terms in model.inequalities
        if terms.keys() & no_group[0] and terms.keys() & no_group[1]
    ]
    assert linked == []
    assert _bounds_between(tables)  # the All columns are still bounded


def test_a_nested_table_beside_a_part_keeps_one_split(monkeypatch: pytest.MonkeyPatch) -> None:
    # x's set by h beside the set by (g, h): the nested groups "x / u" lie in u of
    # everyone's table by h, not in u of x's own (whose labels match, but whose
    # respondents are some of them: the nested link is not made). Before, the patterns
    # were tied to it anyway, no split fitted, and the set fell back to column by column
    # in 30 of 30 random books (review 98).
    from tracktr.disclosure import _patterns

    found: list[bool] = []
    link_set = _patterns._link_set

    def spy(*args: object, **kwargs: object) -> bool:
        found.append(link_set(*args, **kwargs))  # type: ignore[arg-type]
        return found[-1]

    monkeypatch.setattr(_patterns, "_link_set", spy)
    data = ticked(60, seed=3)
    tables = [*two_banners_and_a_part(data), tt.multi_response(data, "m", survey=SERVICES,
                                                               by=("g", "h"))]  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        model = build(tables)
    assert found == [True]
    x = model.array()
    for _, terms in model.inequalities:
        assert sum(c * x[v] for v, c in terms.items()) <= 1e-6


def sibling_tables(
    data: pd.DataFrame, *, total: bool = True, y_total: bool | None = None
) -> list[tt.Table]:
    """Return q by g and by h, with x's and y's q by h (with or without their All)."""
    y_total = total if y_total is None else y_total
    return [
        tt.frequencies(data, "q", survey=SURVEY, by="g"),
        tt.frequencies(data, "q", survey=SURVEY, by="h"),
        tt.frequencies(data[data["g"] == "x"], "q", survey=SURVEY, by="h", total=total),
        tt.frequencies(data[data["g"] == "y"], "q", survey=SURVEY, by="h", total=y_total),
    ]


def sibling_set(
    data: pd.DataFrame, *, total: bool = True, y_total: bool | None = None
) -> list[str]:
    """Protect q by g and by h, with x's and y's q by h; return what the reader breaks."""
    tables = sibling_tables(data, total=total, y_total=y_total)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        done = tt.disclosure.protect(tables, threshold=THRESHOLD, method="heuristic")
    reader = JointReader(data, ["q", "g", "h"])
    read_layout(reader, done[0], "q", "g")
    read_layout(reader, done[1], "q", "h")
    read_layout(reader, done[2], "q", "h", g="x")
    read_layout(reader, done[3], "q", "h", g="y")
    return reader.broken(THRESHOLD)


def test_two_groups_tables_beside_the_whole_hold_together() -> None:
    # Before: each of x's and y's tables was bounded by everyone's alone, not their sum;
    # the rest (z's, and those with no g) is never negative, and the reader used it to
    # prove a hidden 2 (h = w, q = b) to lie in [0, 2] (1 of 30 random sets so; 3 of 30
    # multi-response books with the North's and the South's sets, review rscan "ns").
    data = responses(int(np.random.default_rng(13).integers(30, 80)), seed=13)
    assert sibling_set(data) == []


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(n=st.integers(30, 80), seed=st.integers(0, 2**16))
def test_random_sets_of_two_groups_tables_hold(n: int, seed: int) -> None:
    assert sibling_set(responses(n, seed)) == []


def test_two_groups_tables_without_their_all_column_hold_together() -> None:
    # x's and y's tables printed with total=False: nothing printed ties them to x's and
    # y's columns of the table by g, but their titles do. Before, the reader added each
    # one's groups up (at most its column of the table by g) and the two together (at
    # most everyone's), and proved hidden counts of 1 to 3 below 5: seed 15, a hidden 2
    # (h = w, q = b) in [0, 4]; 26 of seeds 0-29 so, 25 of seeds 30-59 (2 now).
    data = responses(int(np.random.default_rng(15).integers(30, 80)), seed=15)
    assert sibling_set(data, total=False) == []


@pytest.mark.parametrize("seed", [44, 52, 62, 68, 78])
def test_the_group_printed_as_no_part_is_bounded_too(seed: int) -> None:
    # x's and y's tables without All, beside q by g (groups x, y, z) and q by h. The
    # reader works out z's table (everyone's less x's and y's, line by line, with those
    # of no h group) and bounds it by z's column. Seed 78: z's count at h = u is 3 by
    # the printed bases, so at most 3 at h = v, and y's hidden 4 (q = a, h = v) is at
    # least 12 - 7 - 3 = 2: [2, 5], too narrow. 5 of seeds 0-89 broke so (0 now).
    data = responses(int(np.random.default_rng(seed).integers(30, 80)), seed=seed)
    assert sibling_set(data, total=False) == []


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(n=st.integers(30, 80), seed=st.integers(0, 2**16), total=st.booleans())
def test_what_the_model_holds_of_groups_tables_is_true(n: int, seed: int, total: bool) -> None:
    # Every bound is true at the true counts, with or without the parts' All columns
    # (where a column other than the part's own fits its sums, the model is a tighter
    # reader than any real one, never a false one).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        model = build(sibling_tables(responses(n, seed), total=total))
    x = model.array()
    for _, terms in model.inequalities:
        assert sum(c * x[v] for v, c in terms.items()) <= 1e-9
    for _, terms in model.equations:
        assert abs(sum(c * x[v] for v, c in terms.items())) <= 1e-9


def test_a_part_without_its_all_column_is_bounded_by_its_groups_column() -> None:
    # x's groups by h add up to at most x's column of the table by g, line by line.
    data = responses(60, seed=13)
    tables = sibling_tables(data, total=False)
    model = build(tables)
    x_column = list(tables[0].counts.columns).index("x")
    column = {model.positions[0][("count", i, x_column)] for i in range(4)}
    parts = set(model.positions[2].values())
    summed = [
        terms
        for _, terms in model.inequalities
        if {v for v, c in terms.items() if c > 0} <= parts
        and len([c for c in terms.values() if c > 0]) == 3  # u, v, w of one option
        and {v for v, c in terms.items() if c < 0} & column
    ]
    assert len(summed) == 4  # one per option (a, b, c, d)


def test_the_sum_of_two_groups_tables_is_bounded_by_the_whole() -> None:
    # The model holds x's + y's <= everyone's, line by line, true at the true counts.
    data = responses(60, seed=13)
    tables = [
        tt.frequencies(data, "q", survey=SURVEY, by="g"),
        tt.frequencies(data, "q", survey=SURVEY, by="h"),
        tt.frequencies(data[data["g"] == "x"], "q", survey=SURVEY, by="h"),
        tt.frequencies(data[data["g"] == "y"], "q", survey=SURVEY, by="h"),
    ]
    model = build(tables)
    x = model.array()
    third, fourth, second = (set(model.positions[t].values()) for t in (2, 3, 1))
    summed = [
        terms
        for _, terms in model.inequalities
        if sorted(terms.values()) == [-1.0, 1.0, 1.0]
        and {v for v, c in terms.items() if c > 0} & third
        and {v for v, c in terms.items() if c > 0} & fourth
        and {v for v, c in terms.items() if c < 0} & second
    ]
    assert summed
    for terms in summed:
        assert sum(c * x[v] for v, c in terms.items()) <= 1e-9


def untied_tables(data: pd.DataFrame, *, everyone_by_h: bool, parts: str) -> list[tt.Table]:
    """Return q by g (and q by h), and the `parts` groups' q by h printed without All."""
    tables = [tt.frequencies(data, "q", survey=SURVEY, by="g")]
    if everyone_by_h:
        tables.append(tt.frequencies(data, "q", survey=SURVEY, by="h"))
    some = {g: data[data["g"] == g] for g in parts}
    return tables + [
        tt.frequencies(some[g], "q", survey=SURVEY, by="h", total=False) for g in parts
    ]


def untied_set(data: pd.DataFrame, *, everyone_by_h: bool, parts: str) -> list[str]:
    """Protect :func:`untied_tables`; return what the reader breaks."""
    tables = untied_tables(data, everyone_by_h=everyone_by_h, parts=parts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        done = tt.disclosure.protect(tables, threshold=THRESHOLD, method="heuristic")
    reader = JointReader(data, ["q", "g", "h"])
    read_layout(reader, done[0], "q", "g")
    if everyone_by_h:
        read_layout(reader, done[1], "q", "h")
    for table, g in zip(done[len(done) - len(parts) :], parts, strict=True):
        read_layout(reader, table, "q", "h", g=g)
    return reader.broken(THRESHOLD)


@pytest.mark.parametrize("seed", [1, 2, 39])
def test_groups_tables_without_all_and_without_everyone_by_the_groups_hold(seed: int) -> None:
    # x's and y's q by h without All, beside q by g only (as each wave's breakdown beside
    # the trend by wave): the tables were no part of anything, so nothing tied them to x's
    # and y's columns, which their titles name. Seed 1: x's, y's bases by h add up to x's,
    # y's bases by g, so none of them lacks an h, and the reader subtracted. 29 of seeds
    # 0-39 broke (a hidden 4 pinned in the tester's trend by wave); 0 now.
    data = responses(int(np.random.default_rng(seed).integers(30, 80)), seed=seed)
    assert untied_set(data, everyone_by_h=False, parts="xy") == []


def test_one_groups_table_without_all_is_bounded_with_everyone_left_out() -> None:
    # x's q by h without All beside q by g and q by h: x's organisations with no h are
    # some of everyone's with no h. Before, that held only for two parts or more, and the
    # reader proved a hidden 3 (h = u, q = a) within [0, 4] (seed 30; 1 of seeds 0-59,
    # and 8 of 230 tab books with the North's table beside them in the tester's scan).
    data = responses(int(np.random.default_rng(30).integers(30, 80)), seed=30)
    assert untied_set(data, everyone_by_h=True, parts="x") == []


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(
    n=st.integers(30, 80),
    seed=st.integers(0, 2**16),
    everyone_by_h=st.booleans(),
    parts=st.sampled_from(["x", "xy", "xyz"]),
)
def test_random_untied_sets_hold_and_the_model_is_true(
    n: int, seed: int, everyone_by_h: bool, parts: str
) -> None:
    data = responses(n, seed)
    assert untied_set(data, everyone_by_h=everyone_by_h, parts=parts) == []
    tables = untied_tables(data, everyone_by_h=everyone_by_h, parts=parts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        model = build(tables)
    x = model.array()
    for _, terms in model.inequalities:  # every bound true at the true counts
        assert sum(c * x[v] for v, c in terms.items()) <= 1e-9


@pytest.mark.parametrize("seed", [16, 22, 25])
def test_a_groups_table_with_all_beside_one_without_holds(seed: int) -> None:
    # x's q by h with All, y's without, beside q by g and q by h: x's and y's
    # organisations are different, so y's numbers are at most everyone's less x's. Before,
    # parts without All were bounded together only with each other: seed 25, a hidden 1
    # (h = v, q = b) within [0, 3]; 3 of seeds 0-29 (helper report hD).
    data = responses(int(np.random.default_rng(seed).integers(30, 80)), seed=seed)
    assert sibling_set(data, total=True, y_total=False) == []

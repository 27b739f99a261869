"""A question published beside a recode of it: bands whose counts are sums of its options.

``frequencies(q)`` beside ``frequencies(band)``, where the band "Low" is options ``a``
and ``b`` of ``q``: a reader who reads the band's definition knows that Low is ``a +
b``. Before, the model took them for two unrelated questions, hid ``a`` with ``c``, and
the reader got ``a`` back exactly as Low less ``b`` (32 - 30 = 2).

The reader here is written apart from the suppression code: its unknowns are the cells
of ``q`` by ``g`` (no answer is missing, so every printed number is a sum of them), it
fixes every number the tables print, and solves linear programmes with scipy's
``linprog`` for the smallest and largest value of every sensitive count.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import tracktr as tt

THRESHOLD = 5
FAST = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def frame_of(counts: Sequence[Sequence[int]], bands: Mapping[str, str | None]) -> pd.DataFrame:
    """One respondent per count: option ``o{i}`` of q, group ``g{j}`` of g, q's band."""
    rows = [
        (f"o{i}", f"g{j}")
        for i, line in enumerate(counts)
        for j, n in enumerate(line)
        for _ in range(n)
    ]
    frame = pd.DataFrame(rows, columns=["q", "g"])
    frame["band"] = frame["q"].map(bands)
    return frame


def reader_bounds(
    frame: pd.DataFrame,
    bands: Mapping[str, str | None],
    published: Sequence[tt.disclosure.Suppression],
) -> dict[tuple[str, str], tuple[int, float, float]]:
    """Return {(option, group): (true count, low, high)} for every sensitive cell of q by g.

    Each printed number of a table of q or of its band (a count in a group or in All, a
    base) is a sum of the cells of q by g; the reader fixes every one that is printed.
    """
    joint = pd.crosstab(frame["q"], frame["g"])
    cells = [(a, x) for a in joint.index for x in joint.columns]
    at = {cell: k for k, cell in enumerate(cells)}
    rows: list[np.ndarray] = []
    rhs: list[float] = []

    def fix(members: list[tuple[str, str]], value: float) -> None:
        row = np.zeros(len(cells))
        for cell in members:
            row[at[cell]] = 1.0
        rows.append(row)
        rhs.append(value)

    for shown in published:
        table = shown.table
        question = table.question
        for label in table.counts.columns:
            groups = list(joint.columns) if label == "All" else [label]
            for option in table.counts.index:
                if shown.suppressed.loc[option, label]:
                    continue
                options = [a for a in joint.index if (a if question == "q" else bands[a]) == option]
                members = [(a, x) for a in options for x in groups]
                fix(members, float(table.counts.loc[option, label]))
            if not shown.suppressed_bases[label]:
                # a band's base: those whose answer is in a band (one left out is missing)
                answered = [a for a in joint.index if question == "q" or bands[a] is not None]
                fix([(a, x) for a in answered for x in groups], float(table.bases[label]))
    # Everything hidden: nothing fixed (linprog refuses a matrix of no rows).
    a_eq, b_eq = (np.array(rows), np.array(rhs)) if rows else (None, None)
    out = {}
    for (a, x), k in at.items():
        true = int(joint.loc[a, x])
        if not 0 < true < THRESHOLD:
            continue
        goal = np.zeros(len(cells))
        goal[k] = 1.0
        low = linprog(goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0  # the true counts are a solution
        assert high.status in (0, 3)  # 3: unbounded (nothing bounds the cell from above)
        out[(a, x)] = (true, float(low.fun), float(-high.fun) if high.status == 0 else np.inf)
    return out


def assert_protected(bounds: Mapping[tuple[str, str], tuple[int, float, float]]) -> None:
    """Every sensitive cell's interval is the protection level wide and reaches the threshold."""
    assert bounds, "the data hold no sensitive cell: nothing was tested"
    for cell, (true, low, high) in bounds.items():
        assert low - 1e-6 <= true <= high + 1e-6, (cell, true, low, high)
        assert high - low >= THRESHOLD - 1e-6, f"{cell}: {true} proved in [{low}, {high}]"
        assert high >= THRESHOLD - 1e-6, f"{cell}: {true} proved at most {high}"


def fitting_groupings(fine: tt.Table, coarse: tt.Table) -> int:
    """Count the ways of putting each option given of `fine` in a row of `coarse` that fit."""
    given = fine.counts[fine.counts.sum(axis=1) > 0].to_numpy(dtype=int)
    target = coarse.counts.to_numpy(dtype=int)
    fits = 0
    for choice in itertools.product(range(len(target)), repeat=len(given)):
        sums = np.zeros_like(target)
        for row, band in zip(given, choice, strict=True):
            sums[band] += row
        fits += bool((sums == target).all())
    return fits


BANDS = {"o0": "Low", "o1": "Low", "o2": "High", "o3": "High"}


def test_a_band_beside_its_question_does_not_give_a_hidden_count_back() -> None:
    # a = 2, b = 30, c = 6, d = 20: alone, q hides a with c (the smallest loss), and
    # Low (32) less b (30) printed a's 2 exactly.
    frame = frame_of([[2], [30], [6], [20]], BANDS)
    tables = [tt.frequencies(frame, "q"), tt.frequencies(frame, "band")]
    published = tt.disclosure.protect(tables, loss="values")
    assert published.met
    assert_protected(reader_bounds(frame, BANDS, published))


def test_a_band_by_group_beside_the_question_by_group_holds() -> None:
    frame = frame_of([[2, 9], [30, 12], [6, 3], [20, 25]], BANDS)
    tables = [tt.crosstab(frame, "q", "g"), tt.crosstab(frame, "band", "g")]
    published = tt.disclosure.protect(tables, loss="values")
    assert published.met
    assert_protected(reader_bounds(frame, BANDS, published))


@FAST
@given(
    counts=st.lists(
        st.lists(st.integers(0, 25), min_size=2, max_size=2), min_size=4, max_size=5
    ).filter(
        # every option and group given by someone, and some cell sensitive
        lambda c: (
            all(sum(line) for line in c)
            and all(sum(column) for column in zip(*c, strict=True))
            and any(0 < n < THRESHOLD for line in c for n in line)
        )
    ),
    cut=st.integers(1, 3),
)
def test_random_bands_beside_their_question_hold(counts: list[list[int]], cut: int) -> None:
    bands = {f"o{i}": ("Low" if i <= cut else "High") for i in range(len(counts))}
    frame = frame_of(counts, bands)
    tables = [tt.crosstab(frame, "q", "g"), tt.crosstab(frame, "band", "g")]
    published = tt.disclosure.protect(tables, loss="values")
    if fitting_groupings(tables[0], tables[1]) > 1:
        # Several groupings fit: none is linked, and the set does not claim protection.
        assert not published.met  # a sensitive count of q is hidden
        assert "'band' may be a recode of 'q'" in published.notes[0]
        # Declared, the recode is linked by its groups and holds.
        declared = {
            "band": ("q", {b: [o for o in bands if bands[o] == b] for b in ("Low", "High")})
        }
        published = tt.disclosure.protect(tables, loss="values", recodes=declared)
    assert published.met
    assert not published.notes
    assert_protected(reader_bounds(frame, bands, published))


def test_a_band_that_leaves_an_option_out_holds() -> None:
    # d ("Don't know") is missing in the band: Low (32) less b (30) gave a's 2 back.
    bands = {**BANDS, "o3": None}
    frame = frame_of([[2], [30], [6], [20]], bands)
    tables = [tt.frequencies(frame, "q"), tt.frequencies(frame, "band")]
    assert tables[1].bases["All"] == 38
    published = tt.disclosure.protect(tables, loss="values")
    assert published.met
    assert_protected(reader_bounds(frame, bands, published))


def test_the_groupings_found_are_those_whose_sums_fit() -> None:
    from tracktr.disclosure import _coarse

    fine = np.array([[2.0], [30.0], [6.0], [20.0], [0.0]])
    coarse = np.array([[32.0], [26.0]])
    # o4 (0 everywhere) is in no group; o0 + o1 = 32 and o2 + o3 = 26 is the only fit.
    assert _coarse._groupings(fine, coarse) == [[0, 0, 1, 1, -1]]
    assert _coarse._groupings(fine, np.array([[31.0], [27.0]])) == []
    # Left out of every band: o3 (20) is the difference of the bases, 58 - 38.
    assert _coarse._groupings(fine, np.array([[32.0], [6.0]])) == [[0, 0, 1, -1, -1]]


def test_a_search_past_its_budget_links_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracktr.disclosure import _coarse

    monkeypatch.setattr(_coarse, "_MAX_STEPS", 3)
    frame = frame_of([[2], [30], [6], [20]], BANDS)
    tables = [tt.frequencies(frame, "q"), tt.frequencies(frame, "band")]
    published = tt.disclosure.protect(tables, loss="values")
    # q alone hides a (2) with c (6); unlinked, the band is printed in full.
    assert published[0].suppressed["All"].tolist() == [True, False, True, False]
    assert not published[1].suppressed.to_numpy().any()
    # ... and the set says that it could not link them, and claims no protection.
    assert not published.met
    (note,) = published.notes
    assert "'band' may be a recode of 'q'" in note
    assert "the search for groups of the options of 'q'" in note
    assert "gave up" in note
    assert "recodes={'band': ('q', {label: [options]})}" in note


def test_a_pair_with_several_groupings_is_not_linked() -> None:
    # g (x 6, y 6) is q (a 4, b 6, c 2) grouped as x = b or as x = a + c: linking both
    # bound b to a + c, and every number of the set was hidden.
    frame = pd.DataFrame(
        {"q": ["a"] * 4 + ["b"] * 6 + ["c"] * 2, "g": ["x"] * 3 + ["y"] * 6 + ["x"] * 3}
    )
    tables = [tt.frequencies(frame, "q"), tt.frequencies(frame, "g")]
    published = tt.disclosure.protect(tables)
    shown = published[1].suppressed_bases
    assert not shown.any()  # g's base of 12 is printed: nothing in g is sensitive
    # Before, `met` was True: the audit could not see a reader who knows the recode.
    assert not published.met
    (note,) = published.notes
    assert note.startswith(
        "The tables at positions [0, 1] of the set (the audit's `table`): 'g' may be a "
        "recode of 'q'"
    )
    assert "in more than one way" in note
    assert "notes=1" in repr(published)
    # Declared a recode of none, g is left out of the search: nothing to say.
    apart = tt.disclosure.protect(tables, recodes={"g": None})
    assert apart.met
    assert apart.notes == ()


def test_a_tab_book_with_a_question_and_its_bands_holds() -> None:
    # Before, the book hid o0 (2 in g0) and printed o1 (52% of 58: 30) beside Low (55%
    # of 58: 32), so o0 was 32 - 30 = 2.
    frame = frame_of([[2, 9], [30, 12], [6, 3], [20, 25]], BANDS)
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "q", "type": "single", "text": "Q?", "options": list(BANDS)},
                {"id": "band", "type": "single", "text": "Band?", "options": ["Low", "High"]},
                {"id": "g", "type": "single", "text": "G?", "options": ["g0", "g1"]},
            ],
        }
    )
    book = tt.tabbook(frame, survey, banners=["g"], threshold=5, questions=["q", "band"])
    options, bands = (book.section(name).display() for name in ("q", "band"))
    marker = "[c]"
    for column in options.columns:
        # Low is o0 + o1, High o2 + o3: a printed band and one printed member give the other.
        for one, other in (("o0", "o1"), ("o2", "o3")):
            band = "Low" if one == "o0" else "High"
            if bands.loc[band, column] == marker:
                continue
            hidden = {options.loc[one, column] == marker, options.loc[other, column] == marker}
            assert hidden != {True, False}, (column, one, other)

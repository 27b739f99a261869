"""A protected tab book: its audit of weighted figures, and its note on those with no group.

1. A cell hidden only for its weighted figure (the count beside it would be safe) has a
   row in ``book.disclosure.audit()``, with reason ``"weighted"``.
2. The note "N respondent(s) in the base have no X group" is written and read by one
   pair of functions (``no_group_note`` / ``no_group_count``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tests.test_tabbook_disclosure_weighted import example, protected

# -- 1. cells hidden for their weighted figure -----------------------------------------------


def _audited(book: tt.TabBook) -> tuple[set[tuple[int, str, str]], pd.DataFrame]:
    """Every hidden cell of the protected tables (table, row, column), and the audit."""
    assert book.disclosure is not None
    hidden = set()
    for t, result in enumerate(book.disclosure.protected):
        mask = result.suppressed
        hidden |= {(t, str(r), str(c)) for c in mask.columns for r in mask.index[mask[c]]}
    return hidden, book.disclosure.audit()


@pytest.mark.parametrize(("seed", "weighted_only"), [(0, 6), (4, 2)])
def test_a_cell_hidden_for_its_weighted_figure_is_audited(seed: int, weighted_only: int) -> None:
    # Before: the book hid b, c and d of the total (seed 0) for their weighted figures
    # (the weighted total is a sum over regions of other weights), and the audit had no
    # row for them: 6 printed markers with no reason (seed 4: b of CRC and of Other).
    data = example(seed)
    book = protected(data, protection={"method": "heuristic"})
    hidden, audit = _audited(book)
    rows = {
        (int(t), str(r), str(c))
        for t, r, c in audit[["table", "row", "column"]].itertuples(index=False)
    }
    assert hidden <= rows
    weighted = audit[audit["reason"] == "weighted"]
    assert len(weighted) == weighted_only
    assert weighted["met"].all()
    # The row is the weighted figure's: its value is the weighted count printed there.
    assert book.disclosure is not None
    for banner, row, column, count in weighted[["banner", "row", "column", "count"]].to_numpy():
        block = next(b for b in book.sections[0].blocks if b.banner == banner)
        assert block.table is not None
        printed = block.table.counts.to_numpy(dtype=float)
        i, j = (
            list(block.table.counts.index).index(row),
            list(block.table.counts.columns).index(column),
        )
        assert float(count) == pytest.approx(printed[i, j])


# -- 2. one writer and one reader of the no-group note ---------------------------------------


@pytest.mark.parametrize("count", [0, 1, 2, 12.5])
@pytest.mark.parametrize("banner", ["region", "Q12b (2015: v3.1) × funder/size", "g"])
def test_the_no_group_note_is_read_back(count: float, banner: str) -> None:
    # Before: the book wrote the note in _tabbook_build and read it with its own regular
    # expression in _tabbook_disclosure (no shared pair; this import failed).
    from tracktr._table_text import no_group_count, no_group_note

    note = no_group_note(count, banner)
    assert no_group_count(note) == (count, banner)


def test_the_no_group_note_reads_as_before() -> None:
    from tracktr._table_text import no_group_note

    assert no_group_note(10, "c1") == (
        "10 respondent(s) in the base have no c1 group: they are in the total only "
        "(missing_group= shows them as a column)."
    )
    assert no_group_note(12.5, "c1").startswith("12.5 respondent(s) in the base have no c1 ")
    assert no_group_note(None, "c1").startswith("Some respondents in the base have no c1 group")


@given(
    count=st.one_of(st.integers(0, 10**6), st.integers(0, 10**5).map(lambda k: k / 10)),
    banner=st.text(min_size=1, max_size=30).filter(lambda s: s.strip() == s and "\n" not in s),
)
def test_any_no_group_note_is_read_back(count: float, banner: str) -> None:
    from tracktr._table_text import no_group_count, no_group_note

    assert no_group_count(no_group_note(count, banner)) == (count, banner)


def test_other_notes_are_not_no_group_notes() -> None:
    from tracktr._table_text import no_group_count

    assert no_group_count("Base: all respondents (total n=40).") is None
    assert no_group_count("3 respondents with no answer to g are in no column.") is None


def test_the_rounding_note_names_no_column_with_a_hidden_percentage() -> None:
    # The note "Percentages of NPS sum to 99, not 100, because of rounding." was printed
    # for a column whose every percentage was hidden: it told the reader how the hidden
    # percentages round, something that depends on the hidden counts.
    rng = np.random.default_rng(3)
    n = 60
    data = pd.DataFrame(
        {
            "q": rng.choice(["Good", "Fair", "Poor"], n, p=[0.5, 0.4, 0.1]),
            "region": rng.choice(["North", "South", "East"], n, p=[0.5, 0.4, 0.1]),
            "funder": rng.choice(["CRC", "NPS", "Other"], n),
        }
    )
    data["w"] = data["region"].map({"North": 1.2, "South": 0.8, "East": 1.5})
    survey = tt.Survey.from_dict(
        {
            "title": "Members",
            "questions": [
                {"id": "q", "type": "ordinal", "text": "Q?", "options": ["Good", "Fair", "Poor"]},
                {"id": "region", "type": "single", "text": "Region?",
                 "options": ["North", "South", "East"]},
                {"id": "funder", "type": "single", "text": "Funder?",
                 "options": ["CRC", "NPS", "Other"]},
            ],
        }
    )  # fmt: skip
    plain = tt.tabbook(data, survey, banners=["region", "funder"], weights="w")
    book = tt.tabbook(data, survey, banners=["region", "funder"], weights="w", threshold=5)
    assert any("NPS sum to 99" in note for note in plain.section("region").notes)
    for name in ("q", "region", "funder"):
        shown = book.section(name).display()
        # groups as the notes name them: "NPS (E)" is NPS lettered E
        hidden = {
            group.rsplit(" (", 1)[0]
            for (_, group) in shown.columns
            if (shown[(_, group)].iloc[:-2] == "[c]").any()
        }
        notes = [n for n in book.section(name).notes if "because of rounding" in n]
        named = {g for g in hidden for n in notes if f" {g} sum to " in n}
        assert named == set(), (name, notes)


def test_a_group_of_five_keeps_its_smallest_and_largest_answers() -> None:
    # Old: Minimum and Maximum hidden, but the quartiles and median (three of the five
    # answers) printed beside the mean and SD: min + max and min² + max² followed, and
    # so min = 10 and max = 1000 exactly (helper 81's probe).
    income = [10, 20, 30, 40, 1000, 15, 25, 35, 45, 55, 65]
    data = pd.DataFrame({"income": income, "region": ["North"] * 5 + ["South"] * 6})
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "income", "type": "numeric", "text": "Income"},
                {"id": "region", "type": "single", "text": "Region", "options": ["North", "South"]},
            ],
        }
    )
    book = tt.tabbook(data, survey, banners=["region"], questions=["income"], threshold=5)
    shown = book.section("income").display()
    north = next(c for c in shown.columns if "North" in str(c))
    published = [row for row in shown.index if shown.loc[row, north] != "[c]"]
    assert not {"Minimum", "Lower quartile", "Median", "Upper quartile", "Maximum"} & set(published)
    assert {"Mean", "SD"} <= set(published)

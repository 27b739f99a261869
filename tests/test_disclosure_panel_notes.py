"""A protected table of pooled waves does not number the organisations in several waves.

Each organisation that answered two waves is in both waves' columns, so their number is
at most each wave's base: a protected ``frequencies(pooled.data, q, by="wave")`` printed
"4 organisation(s) (id 'org') answered more than one wave" under the 2025 wave's hidden
base of 4 (at least 4, and a count below the threshold). A protected tab book already
said "Some organisations"; every protected table now says so too.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

QUESTION = {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}
GROUP = {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]}


def _survey() -> tt.Survey:
    return tt.Survey.from_dict({"title": "Panel", "questions": [QUESTION, GROUP]})


def _pooled(first: pd.DataFrame, second: pd.DataFrame) -> tt.waves.Pooled:
    for frame in (first, second):
        frame.insert(0, "respondent_id", range(len(frame)))
    return tt.waves.pool({"2024": (first, _survey()), "2025": (second, _survey())}, id="org")


def _panel(in_both: int, second_size: int) -> tt.waves.Pooled:
    """40 organisations in 2024; `second_size` in 2025, the first `in_both` of them panel."""
    first = pd.DataFrame({"org": range(40), "q": ["Yes"] * 22 + ["No"] * 18, "g": ["x", "y"] * 20})
    orgs = list(range(in_both)) + list(range(100, 100 + second_size - in_both))
    answers = (["Yes", "No", "Yes"] * second_size)[:second_size]
    groups = (["x", "y"] * second_size)[:second_size]
    second = pd.DataFrame({"org": orgs, "q": answers, "g": groups})
    return _pooled(first, second)


def _protect(table: tt.Table) -> tt.disclosure.Suppression:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        return tt.disclosure.protect([table], threshold=5)[0]


def _published(result: tt.disclosure.Suppression) -> list[str]:
    return [*result.notes, result.to_markdown(), result.to_html()]


def test_beside_a_hidden_base_the_panel_note_says_some_organisations() -> None:
    pooled = _panel(in_both=4, second_size=4)
    table = tt.frequencies(pooled.data, "q", by="wave", survey=pooled.survey, total=False)
    assert any(n.startswith("4 organisation(s) (id 'org') answered") for n in table.notes)
    result = _protect(table)
    assert result.suppressed_bases.tolist() == [False, True]  # 2025's base of 4
    assert not any("4 organisation" in text for text in _published(result))
    assert any(n.startswith("Some organisations (id 'org') answered") for n in result.notes)
    # tt.compare_table reads the note's end: it is kept.
    assert any(n.endswith("(tt.waves.change() pairs them).") for n in result.notes)


def test_a_count_below_the_threshold_is_not_printed_though_no_base_is_hidden() -> None:
    pooled = _panel(in_both=3, second_size=40)
    table = tt.frequencies(pooled.data, "q", by="g", survey=pooled.survey)
    assert any(n.startswith("3 organisation(s) (id 'org') answered") for n in table.notes)
    result = _protect(table)
    assert not result.suppressed_bases.any()
    assert not any("3 organisation" in text for text in _published(result))
    assert any("Some organisations (id 'org') answered" in n for n in result.notes)


def test_a_count_at_the_threshold_with_no_base_hidden_is_printed() -> None:
    pooled = _panel(in_both=30, second_size=40)
    table = tt.frequencies(pooled.data, "q", by="wave", survey=pooled.survey, total=False)
    result = _protect(table)
    assert not result.suppressed_bases.any()
    assert any(n.startswith("30 organisation(s) (id 'org') answered") for n in result.notes)


@settings(max_examples=15, deadline=None)
@given(in_both=st.integers(1, 12), second_size=st.integers(12, 14))
def test_the_printed_number_is_at_least_the_threshold_and_no_base_is_hidden(
    in_both: int, second_size: int
) -> None:
    pooled = _panel(in_both=in_both, second_size=second_size)
    table = tt.frequencies(pooled.data, "q", by="wave", survey=pooled.survey, total=False)
    result = _protect(table)
    numbered = [n for n in result.notes if f"{in_both} organisation(s)" in n]
    if in_both < 5 or result.suppressed_bases.any():
        assert numbered == []
        assert any(n.startswith("Some organisations") for n in result.notes)
    else:
        assert len(numbered) == 1


@pytest.mark.parametrize("kind", ["wave", "g"])
def test_protect_of_several_tables_withholds_it_too(kind: str) -> None:
    pooled = _panel(in_both=4, second_size=4)
    tables = [
        tt.frequencies(pooled.data, "q", by=kind, survey=pooled.survey),
        tt.frequencies(pooled.data, "g", by=kind, survey=pooled.survey),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        results = tt.disclosure.protect(tables, threshold=5)
    for result in results:
        assert not any("4 organisation" in text for text in _published(result))

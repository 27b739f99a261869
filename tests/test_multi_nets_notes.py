"""The notes of tt.multi_nets(): the set table's notes that hold for its nets, then its own.

The nets of a set are counted over the set's base, so the notes that say who is in that
base (those who answered only "don't know", left out; those who ticked it beside other
options, kept) are the set table's, word for word. Known values are counted by hand.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

SURVEY = tt.Survey.from_dict(
    {
        "title": "M",
        "questions": [
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
            {
                "id": "t",
                "type": "multi",
                "text": "T?",
                "form": "indicator",
                "options": [
                    {"code": 1, "label": "A", "column": "t_a"},
                    {"code": 2, "label": "B", "column": "t_b"},
                    {"code": 3, "label": "C", "column": "t_c"},
                    {"code": 9, "label": "Don't know", "column": "t_dk", "dont_know": True},
                ],
            },
        ],
    }
)
NETS = {"A or B": ["A", "B"]}


def _data() -> pd.DataFrame:
    # Respondents (g; ticks): 1 (x; A), 2 (x; B), 3 (x; DK), 4 (y; A B DK), 5 (y; DK),
    # 6 (y; nothing: skipped), 7 (y; B), 8 (y; C DK), 9 (x; not asked).
    return pd.DataFrame(
        {
            "respondent_id": range(1, 10),
            "g": list("xxxyyyyyx"),
            "t_a": [1, 0, 0, 1, 0, 0, 0, 0, "<not asked>"],
            "t_b": [0, 1, 0, 1, 0, 0, 1, 0, "<not asked>"],
            "t_c": [0, 0, 0, 0, 0, 0, 0, 1, "<not asked>"],
            "t_dk": [0, 0, 1, 1, 1, 0, 0, 1, "<not asked>"],
            "w": [1.0, 2.0, 1.0, 0.0, 1.0, 1.0, 1.0, 3.0, 1.0],
        }
    )


def test_nets_keep_the_sets_dont_know_notes() -> None:
    nets = tt.multi_nets(_data(), "t", NETS, survey=SURVEY, dont_know="exclude")
    # Only don't know: 3 and 5 (2). Don't know beside others: 4 (A B) and 8 (C) (2): 8
    # ticked no option of the net, and is in its base all the same. Not asked: 9.
    # Base: 1, 2, 4, 7, 8 (5); "A or B": 1, 2, 4, 7 (4).
    assert nets.counts["All"].tolist() == [4]
    assert nets.bases.tolist() == [5]
    assert nets.extra_notes == (
        "2 answered only Don't know, excluded from the base.",
        (
            "2 ticked Don't know beside other options: they stay in the base with their "
            "other answers."
        ),
        "A or B: respondents who ticked any of A, B.",
    )
    assert nets.notes[0] == "Base: all respondents who answered, excluding don't know (n=5)."
    # Before: the nets' notes were their own alone, and said nothing of the 4 above.
    table = tt.multi_response(_data(), "t", survey=SURVEY, dont_know="exclude")
    assert nets.notes[:-1] == table.notes


def test_nets_by_groups_without_a_total_count_each_column() -> None:
    nets = tt.multi_nets(
        _data(), "t", NETS, survey=SURVEY, by="g", total=False, dont_know="exclude"
    )
    # x: 1, 2 in the base, 3 only don't know; y: 4, 7, 8 in the base (4 and 8 ticked
    # don't know beside others), 5 only don't know.
    assert nets.counts.columns.tolist() == ["x", "y"]
    assert nets.bases.tolist() == [2, 3]
    assert nets.extra_notes[:2] == (
        "Answered only Don't know, excluded from the base: x 1, y 1.",
        (
            "Ticked Don't know beside other options (they stay in the base with their other "
            "answers): x 0, y 2."
        ),
    )
    table = tt.multi_response(_data(), "t", survey=SURVEY, by="g", total=False, dont_know="exclude")
    assert nets.notes[:-1] == table.notes


def test_weighted_nets_keep_the_weight_zero_and_dont_know_notes() -> None:
    nets = tt.multi_nets(_data(), "t", NETS, survey=SURVEY, by="g", weights="w",
                         dont_know="exclude")  # fmt: skip
    table = tt.multi_response(_data(), "t", survey=SURVEY, by="g", weights="w",
                              dont_know="exclude")  # fmt: skip
    # Respondent 4 (y) weighs 0: in n, a note says so, as under the set's table.
    assert "Weight 0: y (1 of n=3), All (1 of n=5)." in " ".join(nets.notes)
    # The notes count respondents, not weights: 2 and 2, as unweighted.
    assert nets.notes[:-1] == table.notes


def test_nets_say_ticking_nothing_counted_as_an_answer() -> None:
    nets = tt.multi_nets(_data(), "t", NETS, survey=SURVEY, empty="answered")
    # Respondent 6 ticked nothing: an answer, in the base (8 but the one not asked).
    assert nets.bases.tolist() == [8]
    # Before: "Base: all respondents who answered (n=8).", as if 6 had ticked something.
    assert nets.notes[0] == (
        "Base: all respondents who answered (ticking nothing counted as an answer) (n=8)."
    )


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["x", "y"]),
            st.integers(0, 15),  # the ticks of A, B, C and don't know, as bits
            st.booleans(),  # routed out (not asked)
        ),
        min_size=1,
        max_size=25,
    ),
    by=st.sampled_from([None, "g"]),
    total=st.booleans(),
    empty=st.sampled_from(["skipped", "answered"]),
)
def test_property_nets_notes_are_the_sets_then_their_own(
    rows: list[tuple[str, int, bool]], by: str | None, total: bool, empty: Any
) -> None:
    def tick(bits: int, k: int, routed: bool) -> object:
        return "<not asked>" if routed else (bits >> k) & 1

    data = pd.DataFrame(
        {
            "g": [g for g, _, _ in rows],
            **{
                column: [tick(bits, k, routed) for _, bits, routed in rows]
                for k, column in enumerate(["t_a", "t_b", "t_c", "t_dk"])
            },
        }
    )
    options: dict[str, Any] = {"survey": SURVEY, "by": by, "empty": empty}
    if by is not None:
        options["total"] = total
    for dont_know in ("include", "exclude"):
        nets = tt.multi_nets(data, "t", NETS, dont_know=dont_know, **options)
        table = tt.multi_response(data, "t", dont_know=dont_know, **options)
        assert nets.bases.tolist() == table.bases.tolist()
        assert nets.notes[:-1] == table.notes[: len(nets.notes) - 1]
        assert nets.notes[-1] == "A or B: respondents who ticked any of A, B."


# -- pooled waves: the nets' columns repeat organisations as the set's do -------------------

_WAVE_OPTIONS = [
    {"code": 1, "label": "Housing", "column": "s_h"},
    {"code": 2, "label": "Training", "column": "s_t"},
    {"code": 3, "label": "Advice", "column": "s_a"},
]
_WAVE_SURVEY = tt.Survey.from_dict(
    {
        "title": "M",
        "questions": [
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
            {
                "id": "support",
                "type": "multi",
                "text": "Support?",
                "options": _WAVE_OPTIONS,
                "nets": {"H or T": ["Housing", "Training"]},
            },
        ],
    }
)


def _wave(ids: str, ticks: list[list[int]], groups: str) -> pd.DataFrame:
    data = pd.DataFrame(ticks, columns=["s_h", "s_t", "s_a"], dtype=object)
    data.insert(0, "org", list(ids))
    data.insert(0, "respondent_id", range(1, len(ids) + 1))
    return data.assign(g=list(groups))


def _pooled() -> tt.waves.Pooled:
    # Organisations A and B answered both waves; C only 2024, D only 2025.
    old = _wave("ABC", [[1, 0, 1], [0, 1, 0], [1, 1, 0]], "xyx")
    new = _wave("ABD", [[1, 0, 0], [0, 1, 1], [0, 0, 1]], "xyy")
    waves = {"2024": (old, _WAVE_SURVEY), "2025": (new, _WAVE_SURVEY)}
    return tt.waves.pool(waves, id="org")


def test_nets_by_wave_say_that_the_waves_share_organisations() -> None:
    pooled = _pooled()
    nets = tt.multi_nets(pooled.data, "support", {"H or T": ["Housing", "Training"]},
                         survey=pooled.survey, by="wave")  # fmt: skip
    table = tt.multi_response(pooled.data, "support", survey=pooled.survey, by="wave")
    # Before: the nets' notes were their own alone, and their wave columns read as
    # independent samples though A and B are in both.
    assert nets.extra_notes == (
        (
            "2 organisation(s) (id 'org') answered more than one wave and are in each of "
            "their waves' columns, so the columns are not independent samples "
            "(tt.waves.change() pairs them)."
        ),
        "H or T: respondents who ticked any of Housing, Training.",
    )
    assert nets.extra_notes[:1] == table.extra_notes


def test_a_tab_book_says_the_waves_share_organisations_once() -> None:
    pooled = _pooled()
    for banners in (["wave"], ["wave", "g"]):
        notes = (
            tt.tabbook(pooled.data, pooled.survey, banners=banners, letters=False)
            .section("support")
            .notes
        )
        # The book's own words, not those of the nets' table besides them.
        assert sum("more than one wave" in n or "more than one of its" in n for n in notes) == (
            len(banners)
        )
        assert not any("(id 'org')" in n for n in notes)
        assert notes[-1] == "H or T: respondents who ticked any of Housing, Training."


# -- routing: who was not asked is out of the nets' base, as out of the set's -----------------

_ROUTED = tt.Survey.from_dict(
    {
        "title": "M",
        "questions": [
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
            {
                "id": "t",
                "type": "multi",
                "text": "T?",
                "form": "indicator",
                "ask_if": {"question": "g", "in": ["y"]},
                "options": [
                    {"code": 1, "label": "A", "column": "t_a"},
                    {"code": 2, "label": "B", "column": "t_b"},
                    {"code": 9, "label": "Don't know", "column": "t_dk", "dont_know": True},
                ],
            },
        ],
    }
)


def _routed() -> pd.DataFrame:
    # 1, 2 (x): not asked, blank. 3 (y): A DK; 4 (y): DK; 5 (y): A; 6 (y): B.
    return pd.DataFrame(
        {
            "respondent_id": range(1, 7),
            "g": list("xxyyyy"),
            "t_a": [None, None, 1, 0, 1, 0],
            "t_b": [None, None, 0, 0, 0, 1],
            "t_dk": [None, None, 1, 1, 0, 0],
        }
    )


@pytest.mark.parametrize("empty", ["skipped", "answered"])
def test_nets_leave_out_who_the_routing_did_not_ask(empty: Any) -> None:
    nets = tt.multi_nets(_routed(), "t", {"A or B": ["A", "B"]}, survey=_ROUTED, empty=empty)
    # Base: 3, 4, 5, 6 (4); A or B: 3, 5, 6 (3). 1 and 2 were not asked.
    assert nets.counts["All"].tolist() == [3]
    assert nets.bases.tolist() == [4]
    assert nets.excluded is not None
    # Before: 1 and 2 were "skipped"; with empty="answered", in the base (n=6), as
    # having ticked none of A and B (3 of 6, 50% where the set's base gives 75%).
    assert nets.excluded["All"].to_dict() == {"skipped": 0, "not_asked": 2, "refused": 0}
    table = tt.multi_response(_routed(), "t", survey=_ROUTED, empty=empty)
    pd.testing.assert_frame_equal(nets.excluded, table.excluded)


def test_nets_refuse_a_tick_of_a_respondent_the_routing_did_not_ask() -> None:
    ticked = _routed().assign(t_a=[1, None, 1, 0, 1, 0])
    # Before: respondent 1 (x, not asked) was counted in the nets' base and net.
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"routing did not ask hold answers \['A'\]: respondents \[1\]",
    ):
        tt.multi_nets(ticked, "t", {"A or B": ["A", "B"]}, survey=_ROUTED)


def test_a_set_and_its_nets_say_who_has_no_group() -> None:
    data = pd.DataFrame(
        {"a": [1, 0, 1, 0], "b": [0, 1, 1, 0], "g": ["x", "y", None, None], "w": [1, 2, 0.5, 1]}
    )
    options: dict[str, Any] = {"columns": ["a", "b"], "by": "g"}
    # Answered: 1 (x), 2 (y), 3 (no group); 4 ticked nothing (skipped). All: 3, x + y: 2.
    table = tt.multi_response(data, "s", **options)
    nets = tt.multi_nets(data, "s", {"A or B": ["A", "B"]}, options=["A", "B"], **options)
    assert table.bases.tolist() == nets.bases.tolist() == [1, 1, 3]
    note = (
        "Respondents in the base who gave no answer to 'g' (or an answer marked missing) are "
        "counted in the total, in no column."
    )
    # Before: neither said so, where tt.frequencies() does.
    assert table.extra_notes == (note,)
    assert nets.extra_notes == (note, "A or B: respondents who ticked any of A, B.")
    assert tt.multi_response(data, "s", weights="w", **options).extra_notes == (note,)
    # Without a total, no column holds them, and a note says how many (review hK8).
    assert tt.multi_response(data, "s", total=False, **options).extra_notes == (
        "1 respondent with no answer to 'g' is in no column.",
    )

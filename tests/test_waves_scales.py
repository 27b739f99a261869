"""Waves whose codebooks score a question, or make its nets, differently say so.

Found by a hostile test of waves (helper report hB, F3): ``tt.waves.pool`` compared an
undeclared question across waves by type and labels only, so a scale re-scored between
waves (1/0/-1, then 2/0/-2) or a net redefined pooled with no word; a book by wave printed
2024's mean score as 0.50 on 2025's scale, where 2024's own codebook gives 0.25.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

QUESTION = {"id": "q", "type": "ordinal", "text": "Q?", "options": ["Good", "OK", "Bad"]}


def _pooled(first: dict[str, object], second: dict[str, object]) -> tt.waves.Pooled:
    def survey(extra: dict[str, object]) -> tt.Survey:
        return tt.Survey.from_dict({"title": "T", "questions": [{**QUESTION, **extra}]})

    answers = ["Good", "OK", "Bad", "Good"]
    waves = {
        "2024": (pd.DataFrame({"respondent_id": [1, 2, 3, 4], "q": answers}), survey(first)),
        "2025": (pd.DataFrame({"respondent_id": [1, 2, 5, 6], "q": answers}), survey(second)),
    }
    return tt.waves.pool(waves, id="respondent_id")


SCORED = (
    "q: scored differently across the waves (2024: Good = 1, OK = 0, Bad = -1; 2025: Good "
    "= 2, OK = 0, Bad = -2); every wave's mean score uses the pooled codebook's scores "
    "(Good = 2, OK = 0, Bad = -2), so a wave's may differ from the one its own codebook gives."
)
NETTED = (
    "q: net 'Pos' is made differently across the waves (2024: ['Good']; 2025: ['Good', "
    "'OK']); every wave's is counted as the pooled codebook's ['Good', 'OK']."
)


def test_a_rescored_scale_and_a_redefined_net_are_noted() -> None:
    # old: pooled.notes was () and the book said nothing
    pooled = _pooled(
        {"scores": {"Good": 1, "OK": 0, "Bad": -1}, "nets": {"Pos": ["Good"]}},
        {"scores": {"Good": 2, "OK": 0, "Bad": -2}, "nets": {"Pos": ["Good", "OK"]}},
    )
    assert SCORED in pooled.notes
    assert NETTED in pooled.notes
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave"], questions=["q"])
    notes = book.section("q").notes
    assert SCORED in notes
    assert NETTED in notes
    # the numbers are the pooled codebook's: 2024's mean on 2025's scale
    scores = book.section("q").blocks[0].scores
    assert scores is not None
    assert scores.loc["2024", "mean"] == 0.5


def test_a_wave_with_no_scores_is_named() -> None:
    pooled = _pooled({}, {"scores": {"Good": 2, "OK": 0, "Bad": -2}})
    assert any(n.startswith("q: scored differently across the waves (2024: no scores;")
               for n in pooled.notes)  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(
    first=st.tuples(st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2)),
    second=st.tuples(st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2)),
)
def test_the_note_appears_exactly_when_the_scales_differ(
    first: tuple[int, int, int], second: tuple[int, int, int]
) -> None:
    labels = QUESTION["options"]
    assert isinstance(labels, list)
    pooled = _pooled(
        {"scores": dict(zip(labels, first, strict=True))},
        {"scores": dict(zip(labels, second, strict=True))},
    )
    noted = any(n.startswith("q: scored differently") for n in pooled.notes)
    assert noted == (first != second)

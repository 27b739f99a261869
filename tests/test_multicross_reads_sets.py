"""multi_nets, multi_crosstab and tick_counts read a set as tt.multi_response reads it.

tt.multi_response refuses "None of these" ticked beside another option, reads a blank
row the codebook's routing did not ask as "not asked", and refuses a tick of such a row;
the functions that count the same set's ticks another way did none of these.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

import tracktr as tt

SURVEY = tt.Survey.from_dict(
    {
        "title": "M",
        "questions": [
            {
                "id": "t",
                "type": "multi",
                "text": "T?",
                "form": "indicator",
                "options": [
                    {"code": 1, "label": "A", "column": "t_a"},
                    {"code": 2, "label": "B", "column": "t_b"},
                    {"code": 3, "label": "None of these", "column": "t_n", "exclusive": True},
                ],
            }
        ],
    }
)
# The third row ticks A and "None of these".
DATA = pd.DataFrame({"t_a": [1, 0, 1], "t_b": [0, 1, 0], "t_n": [0, 0, 1]})
MESSAGE = r"'None of these' cannot be ticked with other options, but rows \[2\] tick both"


@pytest.mark.parametrize(
    "count",
    [
        lambda data: tt.multi_response(data, "t", survey=SURVEY),
        # Before: [3], a net of A or B over 3 respondents, one of whom ticked "none".
        lambda data: tt.multi_nets(data, "t", {"A or B": ["A", "B"]}, survey=SURVEY),
        lambda data: tt.multi_crosstab(data, "t", "t", survey=SURVEY),
        lambda data: tt.tick_counts(data, "t", survey=SURVEY),
    ],
    ids=["multi_response", "multi_nets", "multi_crosstab", "tick_counts"],
)
def test_a_set_breaking_its_exclusive_option_is_refused(
    count: Callable[[pd.DataFrame], tt.Table],
) -> None:
    with pytest.raises(tt.MultiResponseError, match=MESSAGE):
        count(DATA)


def test_a_set_keeping_its_exclusive_option_is_counted() -> None:
    kept = DATA.assign(t_a=[1, 0, 0])
    # A or B: rows 1 and 2; row 3 ticked "None of these" alone: 2 of 3.
    nets = tt.multi_nets(kept, "t", {"A or B": ["A", "B"]}, survey=SURVEY)
    assert nets.counts["All"].tolist() == [2]
    assert nets.bases.tolist() == [3]


ROUTED = tt.Survey.from_dict(
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
                ],
            },
        ],
    }
)
# 1, 2 (x): not asked, blank. 3 (y): A; 4 (y): A B; 5 (y): B.
ROUTED_DATA = pd.DataFrame(
    {"g": list("xxyyy"), "t_a": [None, None, 1, 1, 0], "t_b": [None, None, 0, 1, 1]}
)


def test_tick_counts_say_who_the_routing_did_not_ask() -> None:
    table = tt.tick_counts(ROUTED_DATA, "t", survey=ROUTED)
    # One tick: 3 and 5; two: 4. Before: 1 and 2 were "skipped", not "not asked".
    assert table.counts["All"].tolist() == [2, 1]
    assert table.excluded is not None
    assert table.excluded["All"].to_dict() == {"skipped": 0, "not_asked": 2, "refused": 0}


@pytest.mark.parametrize(
    "count",
    [
        lambda data: tt.multi_response(data, "t", survey=ROUTED),
        lambda data: tt.tick_counts(data, "t", survey=ROUTED),
        lambda data: tt.multi_crosstab(data, "t", "t", survey=ROUTED),
    ],
    ids=["multi_response", "tick_counts", "multi_crosstab"],
)
def test_a_tick_the_routing_did_not_ask_is_refused(
    count: Callable[[pd.DataFrame], tt.Table],
) -> None:
    # Before: respondent 1 (x, not asked) was counted with its tick of A.
    with pytest.raises(tt.SurveyValidationError, match=r"routing did not ask hold answers"):
        count(ROUTED_DATA.assign(t_a=[1, None, 1, 1, 0]))

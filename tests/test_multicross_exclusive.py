"""multi_nets, multi_crosstab and tick_counts refuse a set that breaks its exclusive option.

tt.multi_response refuses "None of these" ticked beside another option; the functions
that count the same set's ticks another way counted it, silently.
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

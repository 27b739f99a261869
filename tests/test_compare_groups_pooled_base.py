"""compare_groups() on pooled waves counts repeated organisations in the question's base.

A question one wave did not ask has each organisation in its base once: the tables and
tab books of the pooled rows compare its groups (as of the wave alone), but
compare_groups() refused it, counting organisations in both waves over every row.
"""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt
from tests.test_hostile_hk19 import _panel  # 60 organisations in both waves; "new" in 2026


def test_a_question_one_wave_asked_is_compared_as_that_wave_alone() -> None:
    pooled = _panel()
    # Before: refused, "`by='funded'` holds organisations more than once: 60 ...".
    compared = tt.compare_groups(pooled.data, "new", "funded", survey=pooled.survey)
    alone = tt.compare_groups(pooled.wave("2026"), "new", "funded", survey=pooled.survey)
    assert compared.to_frame().equals(alone.to_frame())


@pytest.mark.parametrize(("by", "says"), [("funded", "more than once"), ("wave", "several")])
def test_a_question_both_waves_asked_is_still_refused(by: str, says: str) -> None:
    pooled = _panel()
    with pytest.raises(tt.InvalidOptionError, match=says):
        tt.compare_groups(pooled.data, "q", by, survey=pooled.survey)


def test_a_weighted_change_prints_its_weighted_sums() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}],
        }
    )
    first = pd.DataFrame({"respondent_id": range(1, 41), "q": ["Yes"] * 16 + ["No"] * 24})
    second = pd.DataFrame({"respondent_id": range(21, 61), "q": ["Yes"] * 16 + ["No"] * 24})
    pooled = tt.waves.pool({"2024": (first, survey), "2025": (second, survey)}, id="respondent_id")
    weights = (pooled.data["q"] == "Yes").to_numpy() + 1.0
    change = tt.waves.change(pooled, "q", "Yes", weights=weights)
    # Before: "WaveChange(2024 16/40 = 0.571 -> ...", a share the counts beside it deny.
    assert repr(change).startswith("WaveChange(2024 32/56 weighted = 0.571 -> 2025 32/56")

"""tt.combine() keeps the notes of every part that hold for the sum, not the first's alone."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

NO_GROUP = (
    "Respondents in the base who gave no answer to 'g' (or an answer marked missing) are "
    "counted in the total, in no column."
)


def test_a_note_of_a_later_part_is_kept() -> None:
    data = pd.DataFrame({"v": ["a", "b", "a", "b"], "g": ["x", "y", "x", None]})
    parts = [tt.frequencies(data.iloc[:2], "v", by="g"), tt.frequencies(data.iloc[2:], "v", by="g")]
    summed = tt.combine(parts)
    # Respondent 4 (b) has no group: All counts b twice, x and y once between them.
    assert summed.counts.loc["b"].tolist() == [0, 1, 2]
    # Before: () -- the first part had no one without a group, so no note said so.
    assert summed.extra_notes == (NO_GROUP,)
    assert summed.extra_notes == tt.frequencies(data, "v", by="g").extra_notes


@settings(max_examples=50, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.sampled_from(["a", "b", None]), st.sampled_from(["x", "y", None])),
        min_size=2,
        max_size=30,
    ),
    cut=st.integers(1, 29),
)
def test_property_the_sum_of_parts_has_the_notes_of_the_whole(
    answers: list[tuple[str | None, str | None]], cut: int
) -> None:
    data = pd.DataFrame({"v": [v for v, _ in answers], "g": [g for _, g in answers]})
    cut = min(cut, len(data) - 1)
    options = {"options": ["a", "b"], "by": "g"}
    parts = [tt.frequencies(data.iloc[:cut], "v", **options),
             tt.frequencies(data.iloc[cut:], "v", **options)]  # fmt: skip
    summed = tt.combine(parts)
    whole = tt.frequencies(data, "v", **options)
    assert summed.extra_notes == whole.extra_notes

"""Raking to margins written differently from the data: the error says how, not "collapse".

A margin typed as text ("1") for a column of numbers (1), or "S" for "s " in the data, is
the same category to a person. Before, the hint was to collapse the answers
(tt.recode.collapse), which cannot help, and the answers printed as ``np.int64(1)``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt

SIZES = {"size": {"S": 50, "M": 30, "L": 20}}


def test_numbers_in_the_data_and_text_in_the_margin_are_named_as_such() -> None:
    data = pd.DataFrame({"size": [1, 1, 2, 3, 3, 3]})
    with pytest.raises(tt.UnknownValueError) as caught:
        tt.weights.rake(data, {"size": {"1": 50, "2": 30, "3": 20}})
    text = str(caught.value)
    assert "respondents answered [1, 2, 3]" in text  # before: [np.int64(1), ...]
    assert "the data hold 1 for '1', 2 for '2', 3 for '3'" in text
    assert "tt.recode.collapse" not in text
    assert caught.value.rows == (0, 1, 2, 3, 4, 5)


def test_case_and_spaces_are_named_with_the_category_they_match() -> None:
    data = pd.DataFrame({"size": ["s", "S", "M", "L", "L", "L "]})
    with pytest.raises(tt.UnknownValueError, match=r"'s' for 'S', 'L ' for 'L'") as caught:
        tt.weights.rake(data, SIZES)
    assert caught.value.rows == (0, 5)


def test_a_category_of_another_name_still_gets_the_collapse_hint() -> None:
    data = pd.DataFrame({"size": ["XL", "S", "M", "L"]})
    with pytest.raises(tt.UnknownValueError, match=r"(?s)\['XL'\].*tt\.recode\.collapse"):
        tt.weights.rake(data, SIZES)


@given(label=st.sampled_from(["S", "M", "L"]), pad=st.sampled_from(["", " ", "  "]),
       lower=st.booleans())  # fmt: skip
def test_any_respelling_of_a_category_is_matched_to_it(label: str, pad: str, lower: bool) -> None:
    written = pad + (label.lower() if lower else label) + pad
    data = pd.DataFrame({"size": ["S", "M", "L", written]})
    if written == label:
        assert tt.weights.rake(data, SIZES).weights.sum() == pytest.approx(100)
        return
    with pytest.raises(tt.UnknownValueError, match=f"the data hold {written!r} for {label!r}"):
        tt.weights.rake(data, SIZES)


def test_trim_names_limits_the_wrong_way_round() -> None:
    # Before: "weights totalling 103 over 3 respondents cannot all be between 5 and 2".
    with pytest.raises(tt.InvalidOptionError, match=r"`lower` \(5\) is above `upper` \(2\)"):
        tt.weights.trim([1.0, 2.0, 100.0], lower=5, upper=2)

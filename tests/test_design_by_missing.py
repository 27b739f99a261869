"""A missing group (a blank or a marker in the ``by=`` column) is no group under a design.

``tt.frequencies(by=...)`` leaves respondents whose group is blank, ``"<skipped>"``,
``"<not asked>"`` or ``"<refused>"`` out of every group column (``missing_group=`` shows
them as one). The design functions made each marker a group of its own: "<skipped>"
had an estimate beside the real groups, and ``tt.design.difference`` saw three groups
where there were two. They now split respondents into the groups ``tt.frequencies``
shows: the same labels, the same respondents in each.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.missing import NOT_ASKED, REFUSED, SKIPPED

GROUP_CELLS = ["x", "y", "z", SKIPPED, NOT_ASKED, REFUSED, None, np.nan]


@st.composite
def surveys(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(4, 30))
    answers = draw(st.lists(st.sampled_from(["Yes", "No", None]), min_size=n, max_size=n))
    groups = draw(st.lists(st.sampled_from(GROUP_CELLS), min_size=n, max_size=n))
    return pd.DataFrame(
        {"q": answers, "g": groups, "n": np.arange(n, dtype=float), "d": np.ones(n)},
        dtype=object,
    ).astype({"n": float, "d": float})


def tabulated(data: pd.DataFrame) -> dict[Any, dict[Any, Any]] | None:
    """The groups of tt.frequencies(by=): each group's counts of the answers (None: none)."""
    if not data["q"].isin(["Yes", "No"]).any():
        return None
    table = tt.frequencies(data, "q", by="g", options=["Yes", "No"], total=False)
    return {g: table.counts[g].to_dict() for g in table.counts.columns}


@settings(max_examples=40, deadline=None)
@given(data=surveys())
def test_design_estimates_have_the_groups_of_frequencies(data: pd.DataFrame) -> None:
    expected = tabulated(data)
    if expected is None:
        return
    est = tt.design.estimate_proportions(data, "q", by="g", options=["Yes", "No"])
    frame = est.to_frame()
    # Unweighted, an estimate's weighted count is the table's count, group by group.
    seen: dict[Any, dict[Any, Any]] = {}
    for group, option, count in zip(
        frame["group"], frame["option"], frame["weighted_count"], strict=True
    ):
        seen.setdefault(group, {})[option] = int(count)
    assert seen == expected
    assert not set(frame["group"]) & {SKIPPED, NOT_ASKED, REFUSED}


@settings(max_examples=25, deadline=None)
@given(data=surveys())
def test_design_means_and_ratios_count_the_respondents_of_those_groups(
    data: pd.DataFrame,
) -> None:
    answered = ~tt.missing.is_missing(data["g"])
    sizes = data["g"][answered].value_counts().sort_index()
    means = tt.design.estimate_means(data, "n", by="g").to_frame()
    assert dict(zip(means["group"], means["n"], strict=True)) == sizes.to_dict()
    ratios = tt.design.estimate_ratio(data, "n", "d", by="g").to_frame()
    assert list(ratios["group"]) == list(sizes.index)


def test_a_difference_sees_the_two_real_groups() -> None:
    # Known values: unweighted, "Yes" is 2 of 2 in x and 1 of 3 in y: y - x = 1/3 - 1.
    data = pd.DataFrame(
        {
            "q": ["Yes", "Yes", "Yes", "No", "No", "Yes", "No"],
            "g": ["x", "x", "y", "y", "y", SKIPPED, None],
        }
    )
    result = tt.design.difference(data, "q", "g", option="Yes")
    assert result.groups == ("x", "y")
    assert result.difference == pytest.approx(1 / 3 - 1, abs=1e-12)
    compared = tt.design.compare_groups(data, "q", "g").comparisons
    assert set(compared["group"]) | set(compared["versus"]) == {"x", "y"}


def test_a_group_column_of_text_spelling_a_blank_is_refused_as_by_frequencies() -> None:
    data = pd.DataFrame({"q": ["Yes", "No", "Yes"], "g": ["x", "nan", "y"]})
    with pytest.raises(tt.UnknownValueError, match=r"question 'g'.*'nan'.*rows \[1\]"):
        tt.frequencies(data, "q", by="g")
    with pytest.raises(tt.UnknownValueError, match=r"question 'g'.*'nan'.*rows \[1\]"):
        tt.design.estimate_proportions(data, "q", by="g")


def test_no_one_in_any_group_gives_estimates_without_rows() -> None:
    # Every group cell missing: no domain, so no rows (the columns stay); it raised KeyError.
    data = pd.DataFrame({"q": ["Yes"] * 4, "g": [SKIPPED] * 4, "n": [0.0, 1.0, 2.0, 3.0]})
    shares = tt.design.estimate_proportions(data, "q", by="g", options=["Yes", "No"])
    assert shares.to_frame().empty
    assert {"group", "option", "estimate"} <= set(shares.to_frame().columns)
    assert tt.design.estimate_means(data, "n", by="g").to_frame().empty
    assert tt.design.estimate_ratio(data, "n", "n", by="g").to_frame().empty
    assert (
        list(tt.frequencies(data, "q", by="g", options=["Yes", "No"], total=False).counts.columns)
        == []
    )

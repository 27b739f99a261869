"""protect() of weighted tables: what it refuses because a reader would undo it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

OPTIONS = list("abcd")
GROUP_WEIGHTS = {"x": 1.0, "y": 2.5, "z": 4.0}  # one weight per group: post-stratification


def _members(seed: int = 0, weights: dict[str, float] = GROUP_WEIGHTS) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 81
    data = pd.DataFrame(
        {
            "g": rng.choice(list("xyz"), n, p=[0.55, 0.33, 0.12]),
            "q": rng.choice(OPTIONS, n, p=[0.45, 0.3, 0.15, 0.1]),
        }
    )
    data["w"] = data["g"].map(weights).astype(float)
    return data


def test_one_question_weighted_and_unweighted_is_refused() -> None:
    # Before: met=True, yet the groups' weights read off the weighted table (weighted base
    # over n=) and the unweighted row totals gave two equations in z's hidden counts: a
    # hidden 4 was pinned where the audit said 6 to 27 (weighted), in 12 of 12 such sets.
    data = _members()
    weighted = tt.frequencies(data, "q", by="g", weights="w", options=OPTIONS)
    unweighted = tt.frequencies(data, "q", options=OPTIONS)
    with pytest.raises(tt.InvalidOptionError, match=r"tables 1 \(weighted\) and 2 \(unweighted\)"):
        tt.disclosure.protect([weighted, unweighted])
    with pytest.raises(tt.InvalidOptionError, match="publish_with"):
        tt.disclosure.protect([unweighted, weighted])


def test_weighted_tables_of_other_questions_beside_unweighted_ones_are_protected() -> None:
    data = _members()
    weighted = tt.frequencies(data, "q", by="g", weights="w", options=OPTIONS)
    groups = tt.frequencies(data, "g", options=list("xyz"))
    published = tt.disclosure.protect([weighted, groups], method="heuristic")
    assert published.met


def test_a_weighted_table_with_respondents_of_weight_0_is_refused() -> None:
    # Before: z's base was hidden, but the note "The weighted base of z is 0" printed it,
    # and y's hidden a followed as 27 - 15 - 0 = 12 (audit: 2 to 12, met).
    data = _members(weights={"x": 1.0, "y": 2.0, "z": 0.0})
    table = tt.frequencies(data, "q", by="g", weights="w", options=OPTIONS)
    zero = int((data["w"] == 0).sum())
    where = rf"weight 0 in \{{'z': {zero}, 'All': {zero}\}}"
    with pytest.raises(tt.InvalidWeightsError, match=where):
        tt.disclosure.protect([table])
    with pytest.raises(tt.InvalidWeightsError, match=r"data\[data\['w'\] > 0\]"):
        tt.disclosure.suppress(table)
    kept = data[data["w"] > 0]
    assert (
        tt.disclosure.suppress(
            tt.frequencies(kept, "q", by="g", weights="w", options=OPTIONS)
        ).table.zero_weights
        is None
    )


def test_the_audit_tells_a_weighted_base_from_its_respondents() -> None:
    # Before: a hidden weighted base and the respondents behind it were both listed as
    # "Base" of the same column, one above the other, with different counts (z: 1.77
    # and 2).
    rng = np.random.default_rng(1)
    n = 60
    data = pd.DataFrame(
        {
            "q": rng.choice(["a", "b", "c"], n, p=[0.6, 0.35, 0.05]),
            "g": rng.choice(["x", "y", "z"], n, p=[0.5, 0.45, 0.05]),
            "w": rng.uniform(0.5, 2, n).round(2),
        }
    )
    table = tt.frequencies(data, "q", by="g", weights="w")
    audit = tt.disclosure.protect([table], method="heuristic")[0].audit()
    assert not audit.duplicated(["row", "column"]).any()
    weighted = audit[audit["row"] == "Base"].set_index("column")["count"]
    respondents = audit[audit["row"] == "Base (n)"].set_index("column")["count"]
    assert "z" in respondents.index
    assert list(weighted.index) == list(respondents.index)
    assert table.unweighted_bases is not None
    for group, count in respondents.items():
        assert count == table.unweighted_bases[group]
        assert weighted[group] == table.bases[group]

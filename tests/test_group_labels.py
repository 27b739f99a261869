"""Banner groups that differ only in case are refused; other spellings are groups of their own."""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt


def _frame(groups: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"q": ["a", "b"] * len(groups), "street": [g for g in groups for _ in "ab"]}
    )


@pytest.mark.parametrize("pair", [["Straße", "Strasse"], ["ﬁeld", "field"]])
def test_spellings_that_casefold_alike_are_two_groups(pair: list[str]) -> None:
    # casefold() reads "ß" as "ss" and the ligature "ﬁ" as "fi": two spellings a reader
    # tells apart, which were refused as "differ only in case".
    table = tt.frequencies(_frame(pair), "q", by="street")
    assert sorted(map(str, table.counts.columns)) == sorted(["All", *pair])
    assert table.counts.loc["a", pair[0]] == 1
    crossed = tt.crosstab(_frame(pair), "q", "street")
    assert crossed.counts.loc["b", pair[1]] == 1


def test_groups_that_differ_only_in_case_are_still_refused() -> None:
    with pytest.raises(tt.UnknownValueError, match="differ only in case"):
        tt.frequencies(_frame(["North", "north"]), "q", by="street")

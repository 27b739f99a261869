"""Options given as a set are refused: a set has no order to print the rows in."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import tracktr as tt


@pytest.mark.parametrize(
    "call",
    [
        lambda d, o: tt.frequencies(d, "q", options=o),
        lambda d, o: tt.frequencies(d, "q", by="g", options=o),
        lambda d, o: tt.crosstab(d, "q", "g", options=o),
        lambda d, o: tt.multi_response(d, "m", separator=";", options=o),
        lambda d, o: tt.multi_response(d, "ticks", columns={f"t_{x}" for x in o}),
        lambda d, o: tt.multi_crosstab(d, "m", "n", row_options=o, column_options=["a"]),
    ],
)
@pytest.mark.parametrize("unordered", [set, frozenset])
def test_options_given_as_a_set_are_refused(call: Any, unordered: Any) -> None:
    # Before: accepted, and the rows came in the order of the strings' hashes, which
    # Python seeds anew in each process: the same call printed another order each run.
    data = pd.DataFrame({"q": ["a", "b", "c"], "g": ["x", "y", "x"], "m": ["a;b", "c", "a"]})
    data = data.assign(n=data["m"], t_a=[1, 0, 1], t_b=[1, 0, 0], t_c=[0, 1, 0])
    refused = r"has no order.*\n\nHint: .*\['(t_)?a', '(t_)?b', '(t_)?c'\]"
    with pytest.raises(tt.InvalidOptionError, match=refused):
        call(data, unordered({"a", "b", "c"}))

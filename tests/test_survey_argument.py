"""A survey= that is not a codebook is refused by name, with what to do, on every table path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import tracktr as tt

DF = pd.DataFrame({"q": ["a", "b", "a"], "g": ["x", "y", "x"]})

CALLS: dict[str, Callable[[Any], object]] = {
    "frequencies": lambda s: tt.frequencies(DF, "q", survey=s),
    "crosstab": lambda s: tt.crosstab(DF, "q", "g", survey=s),
    "multi_response": lambda s: tt.multi_response(DF, "q", survey=s),
    "grid": lambda s: tt.grid(DF, "q", survey=s),
    "summarise": lambda s: tt.summarise(DF, "q", survey=s),
    "tabulate": lambda s: tt.tabulate(DF, "q", survey=s),
    "tabbook": lambda s: tt.tabbook(DF, s, banners=["g"]),
    "compare_groups": lambda s: tt.compare_groups(DF, "q", "g", survey=s),
    "multi_crosstab": lambda s: tt.multi_crosstab(DF, "q", "g", survey=s),
    "tick_counts": lambda s: tt.tick_counts(DF, "q", survey=s),
    "multi_nets": lambda s: tt.multi_nets(DF, "q", {"Any": ["a"]}, survey=s),
}
GIVEN = {
    "codebook.toml": "Survey.from_toml",
    "mapping": "Survey.from_dict",
    "list": "questions=",
}


def _given(kind: str) -> object:
    return {"codebook.toml": "codebook.toml", "mapping": {"title": "x"}, "list": ["q"]}[kind]


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("kind", sorted(GIVEN))
def test_a_survey_that_is_not_a_codebook_is_refused_clearly(call: str, kind: str) -> None:
    # These failed deep in tabulation with a bare AttributeError ('str' object has no
    # attribute 'spec').
    with pytest.raises(tt.InvalidOptionError, match=r"`survey` must be a tracktr\.Survey") as e:
        CALLS[call](_given(kind))
    assert GIVEN[kind] in str(e.value)


def test_an_object_like_a_survey_is_still_taken() -> None:
    class Codebook:
        def spec(self, question: str) -> tt.spec.QuestionSpec:
            return tt.spec.QuestionSpec(question, "single", options=("a", "b"), columns=("q",))

    assert tt.tabulate(DF, "q", survey=Codebook()).counts["All"].tolist() == [2, 1]

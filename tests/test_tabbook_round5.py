"""Tab book rows a reader could confuse: an option printed like a row the book writes itself."""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt


def _survey(options: list[str]) -> tt.Survey:
    scores = {option: k + 1 for k, option in enumerate(options)}
    return tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "g", "type": "single", "text": "G?", "options": ["A", "B"]},
                {"id": "q", "type": "ordinal", "text": "Q?", "options": options, "scores": scores},
            ],
        }
    )


@pytest.mark.parametrize(
    "label", ["Mean score", "mean  score", "Mean score base", "Unweighted base", "NET: Good"]
)
def test_an_option_printed_like_a_row_of_the_book_is_refused(label: str) -> None:
    # Old code: the book printed an option row "Mean score 25%" above its own
    # "Mean score 2.50" row, and an option "NET: Good" among the nets.
    options = [label, "Good", "Bad"]
    df = pd.DataFrame({"g": ["A", "B"] * 15, "q": options * 10})
    with pytest.raises(tt.InvalidOptionError, match=r"question 'q'.*print like a row") as info:
        tt.tabbook(df, _survey(options), banners=["g"])
    assert "rows [0, 3, 6, 9, 12]" in str(info.value)
    assert "relabel" in str(info.value)


def test_options_that_only_contain_those_words_are_kept() -> None:
    options = ["Mean scores are fine", "Network", "Good"]
    df = pd.DataFrame({"g": ["A", "B"] * 15, "q": options * 10})
    book = tt.tabbook(df, _survey(options), banners=["g"])
    labels = [label for label, _, _ in book.section("q").rows]
    assert labels[:3] == options
    assert labels.count("Mean score") == 1

"""A multi-response or grid question given as a banner is refused for what it is.

Before: ``tracktr tabbook book.toml answers.csv --banner m`` (``m`` a tick-all set with
columns ``m_1``, ``m_2``) said "banner 'm': column(s) ['m'] are not in the data", as did
``tt.tabbook(banners=["m"])`` and ``tt.frequencies(by="m")``: the user went looking for
a column that the codebook says is not one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr.cli import main

SURVEY = tt.Survey.from_dict(
    {
        "title": "Sets",
        "questions": [
            {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
            {"id": "m", "type": "multi", "text": "M?", "options": ["A", "B"]},
            {
                "id": "gr",
                "type": "grid",
                "text": "G?",
                "items": ["x", "y"],
                "options": ["Good", "Bad"],
            },
        ],
    }
)
DATA = pd.DataFrame(
    {
        "q": ["Yes", "No", "Yes"],
        "m_1": [1, 0, 1],
        "m_2": [0, 1, 1],
        "gr_1": ["Good", "Bad", "Good"],
        "gr_2": ["Bad", "Bad", "Good"],
    }
)
MULTI = (
    r"'m' is a multi-response question \(its answers are the columns \['m_1', 'm_2'\]\): "
    r"a respondent can give several of its answers(?s:.*)Hint: one option's tick column, "
    r"such as 'm_1' \(ticked or not\), can be a banner"
)


def test_cli_tabbook_says_a_multi_response_banner_is_a_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "sets.toml"
    SURVEY.to_toml(book)
    data = tmp_path / "answers.csv"
    DATA.assign(respondent_id=[1, 2, 3]).to_csv(data, index=False)
    out = tmp_path / "book.md"
    for banner in ("m", "q+m"):
        assert main(["tabbook", str(book), str(data), "--banner", banner, "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert "is a multi-response question" in err, err
        assert "not in the data" not in err
        assert not out.exists()
    # What the hint offers works: a tick column is a banner.
    assert main(["tabbook", str(book), str(data), "--banner", "m_1", "-o", str(out)]) == 0
    assert out.exists()


def test_library_banners_and_by_say_so_too() -> None:
    with pytest.raises(tt.QuestionNotFoundError, match=rf"^banner 'm': {MULTI}"):
        tt.tabbook(DATA, SURVEY, banners=["m"])
    with pytest.raises(tt.QuestionNotFoundError, match=rf"^by='m': {MULTI}"):
        tt.frequencies(DATA, "q", survey=SURVEY, by="m")
    grid = r"^banner 'gr': 'gr' is a grid question(?s:.*)Hint: group by one item's column"
    with pytest.raises(tt.QuestionNotFoundError, match=grid):
        tt.tabbook(DATA, SURVEY, banners=["gr"])


def test_a_column_that_is_truly_absent_is_still_reported_as_absent() -> None:
    with pytest.raises(tt.QuestionNotFoundError, match=r"column\(s\) \['region'\] are not in"):
        tt.tabbook(DATA, SURVEY, banners=["region"])
    with pytest.raises(tt.QuestionNotFoundError, match=r"column\(s\) \['m'\] are not in"):
        tt.frequencies(DATA, "q", by="m")  # no codebook: nothing says m is a set

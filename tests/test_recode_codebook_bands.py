"""``tt.recode.band(..., question=...)``: errors about a codebook's bands speak of the codebook.

Found by a helper: a codebook with a single band was refused with "`edges` must hold at
least one boundary", and bands listed from highest to lowest with "do not meet at one edge.
Hint: pass `edges=`": neither names what to change in the codebook, whose bands give the
edges. A single band is one group: every answer must fall in it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr.cli import main
from tracktr.survey import Band, NumericQuestion


def _question(*bands: Band) -> NumericQuestion:
    return NumericQuestion(id="staff", text="How many staff?", bands=bands)


def test_a_single_band_holds_every_answer_as_one_group() -> None:
    question = _question(Band("Any staff", 1, None))
    values = pd.Series([1, 5, "<skipped>", 400], name="staff")
    banded = tt.recode.band(values, question=question)
    assert banded.series.tolist() == ["Any staff", "Any staff", "<skipped>", "Any staff"]
    assert [o.label for o in banded.question.options] == ["Any staff"]
    assert values.tolist() == [1, 5, "<skipped>", 400]  # not mutated


def test_a_single_band_refuses_the_answers_it_does_not_hold() -> None:
    question = _question(Band("Any staff", 1, None))
    with pytest.raises(tt.UnknownValueError, match=r"1 answer\(s\) fall in no band") as caught:
        tt.recode.band(pd.Series([0, 5], name="staff"), question=question)
    assert caught.value.values == (0,)
    assert "lower the min of 'Any staff'" in str(caught.value)


def test_bands_listed_from_highest_to_lowest_are_named_with_the_order_to_write() -> None:
    question = _question(Band("10 or more", 10, None), Band("Under 10", None, 10))
    with pytest.raises(tt.InvalidOptionError) as caught:
        tt.recode.band(pd.Series([3, 12]), question=question)
    text = str(caught.value)
    assert text.startswith("question 'staff': the codebook's bands are not listed from lowest")
    assert '{ label = "10 or more", min = 10 }, { label = "Under 10", max = 10 }' in text
    assert (
        "Hint: in the codebook, list them from lowest to highest: bands = [{ label = "
        '"Under 10", max = 10 }, { label = "10 or more", min = 10 }].'
    ) in text
    assert "edges=" not in text


def test_overlapping_bands_say_which_bound_to_change() -> None:
    question = _question(Band("Small", 0, 20), Band("Large", 10, None))
    with pytest.raises(tt.InvalidOptionError) as caught:
        tt.recode.band(pd.Series([3, 12]), question=question)
    text = str(caught.value)
    assert (
        "question 'staff': the codebook's bands { label = \"Small\", min = 0, max = 20 } and "
        '{ label = "Large", min = 10 } overlap'
    ) in text
    assert "Hint: in the codebook, make the max of 'Small' 10, or the min of 'Large' 20." in text
    assert "edges=" not in text


def test_a_band_open_above_before_another_says_to_close_it_or_list_it_last() -> None:
    question = _question(Band("Any", 0, None), Band("Large", 10, 20), Band("Huge", 20, None))
    with pytest.raises(tt.InvalidOptionError, match="give 'Any' a max") as caught:
        tt.recode.band(pd.Series([3]), question=question)
    assert "edges=" not in str(caught.value)


CODEBOOK = """\
respondent_id = "id"

[[questions]]
id = "region"
type = "single"
text = "Region"
options = ["North", "South"]

[[questions]]
id = "staff"
type = "numeric"
text = "How many staff?"
min = 0
bands = BANDS
"""


def _files(tmp_path: Path, bands: str) -> list[str]:
    book = tmp_path / "codebook.toml"
    book.write_text(CODEBOOK.replace("BANDS", bands), encoding="utf-8")
    data = tmp_path / "answers.csv"
    data.write_text("id,region,staff\n1,North,3\n2,South,12\n3,North,40\n", encoding="utf-8")
    return [str(data), str(book)]


def test_cli_tabulates_a_question_of_one_band(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, book = _files(tmp_path, '[{ label = "Any staff", min = 0 }]')
    assert main(["tabulate", data, "region", "--codebook", book, "--by", "staff"]) == 0
    out = capsys.readouterr().out
    assert "Any staff" in out
    assert "North    67 (2)  67 (2)" in out


def test_cli_names_the_codebook_bands_out_of_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bands = '[{ label = "10 or more", min = 10 }, { label = "Under 10", max = 10 }]'
    data, book = _files(tmp_path, bands)
    assert main(["tabulate", data, "staff", "--codebook", book]) == 2
    err = capsys.readouterr().err
    assert "question 'staff': the codebook's bands are not listed from lowest to highest" in err
    assert "edges=" not in err

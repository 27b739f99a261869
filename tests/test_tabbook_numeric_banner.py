"""A tab book by a numeric question: its codebook bands are the banner's groups.

Found by a hostile tester: ``tt.tabbook(..., banners=["staff"])`` (and ``tracktr tabbook
--banner staff``) had a column for every distinct number ("3", "5", "10", ...), each of
one or two organisations, while ``tracktr tabulate --by staff`` grouped by the bands.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr.cli import main
from tracktr.tabbook import BannerBlock

BANDS = [
    {"label": "Under 10", "max": 10},
    {"label": "10 to 49", "min": 10, "max": 50},
    {"label": "50 or more", "min": 50},
]


def _block(book: tt.TabBook, question: str, banner: str) -> BannerBlock:
    return next(b for b in book.section(question).blocks if b.banner == banner)


def _survey(*, bands: bool = True) -> tt.Survey:
    staff: dict[str, object] = {"id": "staff", "type": "numeric", "text": "Staff?", "min": 0}
    if bands:
        staff["bands"] = BANDS
    return tt.Survey.from_dict(
        {
            "respondent_id": "id",
            "questions": [
                {"id": "region", "type": "single", "text": "Region?", "options": ["N", "S"]},
                staff,
            ],
        }
    )


DATA = pd.DataFrame(
    {
        "region": ["N", "S", "N", "S", "N", "S", "N"],
        "staff": [3, 12, 60, 5, 10, "<skipped>", 3],
    }
)


def test_a_numeric_banner_groups_by_its_codebook_bands_in_band_order() -> None:
    data = DATA.copy()
    book = tt.tabbook(data, _survey(), banners=["staff"], questions=["region"], letters=False)
    block = _block(book, "region", "staff")
    groups = block.groups
    assert groups == ["Under 10", "10 to 49", "50 or more"]
    # As tt.recode.band + tt.frequencies count them: 3, 5, 3 are under 10; 10 on an edge
    # is in "10 to 49" with 12; the skipped answer is in no band (but in the Total).
    banded = tt.recode.band(data["staff"], question=_survey().question("staff"))
    expected = tt.frequencies(
        banded.assign(data), "region", survey=banded.update(_survey()), by="staff"
    )
    assert block.table is not None
    pd.testing.assert_frame_equal(block.table.counts, expected.counts, check_names=False)
    assert block.table.counts["Under 10"].tolist() == [2, 1]
    assert block.table.counts["10 to 49"].tolist() == [1, 1]
    assert block.table.counts["All"].tolist() == [4, 3]  # the Total holds the skipped one
    pd.testing.assert_frame_equal(data, DATA)  # the input is not changed


def test_the_numeric_question_itself_is_still_summarised_from_its_numbers() -> None:
    book = tt.tabbook(DATA, _survey(), banners=["staff"], questions=["staff"], letters=False)
    frame = book.section("staff").display()
    assert list(frame.columns.get_level_values(1)) == [
        "All",
        "Under 10 (A)",
        "10 to 49 (B)",
        "50 or more (C)",
    ]
    assert frame.loc["Maximum", ("staff", "Under 10 (A)")] == "5.00"
    assert frame.loc["Maximum", ("Total", "All")] == "60.00"


def test_a_nested_banner_with_a_numeric_question_nests_its_bands() -> None:
    book = tt.tabbook(
        DATA, _survey(), banners=[("region", "staff")], questions=["region"], letters=False
    )
    groups = _block(book, "region", "region × staff").groups
    assert groups == ["N / Under 10", "N / 10 to 49", "N / 50 or more", "S / Under 10",
                      "S / 10 to 49"]  # fmt: skip


def test_a_numeric_banner_without_bands_is_refused_saying_to_declare_them() -> None:
    with pytest.raises(tt.InvalidOptionError, match="numeric question without bands") as caught:
        tt.tabbook(DATA, _survey(bands=False), banners=["staff"], questions=["region"])
    message = str(caught.value)
    assert "banner 'staff': question 'staff'" in message
    assert "Hint: give question 'staff' the bands" in message
    assert "tt.recode.band(data['staff'], [10]" in message


def test_the_hint_of_the_refusal_runs() -> None:
    survey, data = _survey(bands=False), DATA
    banded = tt.recode.band(
        data["staff"], [10], question=survey.question("staff"), name="staff_band"
    )
    book = tt.tabbook(
        banded.assign(data), banded.update(survey), banners=["staff_band"], questions=["region"]
    )
    assert _block(book, "region", "staff_band").groups == ["Under 10", "10 and over"]


def test_the_command_line_book_groups_by_the_bands(tmp_path: Path) -> None:
    codebook = tmp_path / "codebook.toml"
    _survey().to_toml(codebook)
    data = tmp_path / "answers.csv"
    DATA.replace("<skipped>", "").rename_axis("id").to_csv(data)
    book = tmp_path / "book.md"
    argv = ["tabbook", str(codebook), str(data), "--banner", "staff", "-o", str(book)]
    assert main(argv) == 0
    text = book.read_text(encoding="utf-8")
    assert "Under 10" in text
    assert "50 or more" in text
    assert "| 12 " not in text


# -- bands that leave answers out -------------------------------------------------------

GAPPED = [
    {"label": "1 to 10", "min": 1, "max": 11},
    {"label": "21 to 50", "min": 21, "max": 51},
]


def _gapped_survey(bands: list[dict[str, object]]) -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "respondent_id": "id",
            "questions": [
                {"id": "region", "type": "single", "text": "Region?", "options": ["N", "S"]},
                {"id": "staff", "type": "numeric", "text": "Staff?", "min": 0, "bands": bands},
            ],
        }
    )


GAPPED_DATA = pd.DataFrame(
    {"region": list("NSNSNSNS"), "staff": [1, 5, 11, 15, 20, 30, 50, 12]},
    index=pd.Index([101, 102, 103, 104, 105, 106, 107, 108], name="id"),
)


def test_bands_with_a_gap_name_the_answers_in_it_and_say_to_extend_or_add_a_band() -> None:
    # Before: "the bands '1 to 10' and '21 to 50' of question 'staff' do not meet at one
    # edge. Hint: pass `edges=` and `labels=` explicitly." -- not the fix of a codebook.
    with pytest.raises(tt.UnknownValueError) as caught:
        tt.tabbook(GAPPED_DATA, _gapped_survey(GAPPED), banners=["staff"], questions=["region"])
    assert str(caught.value) == (
        "question 'staff': 4 answer(s) fall in no band of the codebook (between the bands "
        "'1 to 10' and '21 to 50'), from 11 to 20, in rows [103, 104, 105, 108].\n\n"
        "Hint: extend the bands of question 'staff', or add one, so that a band holds every "
        'answer (a band holds min <= value < max): add { label = "11 to under 21", '
        "min = 11, max = 21 } between them, or extend one to meet the other."
    )
    assert "edges=" not in str(caught.value)
    assert caught.value.rows == (103, 104, 105, 108)
    assert caught.value.values == (11, 12, 15, 20)


def test_answers_beyond_the_first_or_last_band_are_refused_not_put_in_it() -> None:
    # Before: 0 was counted in "1 to 10" and 60 in "21 to 50", labels they contradict.
    data = GAPPED_DATA.assign(staff=[0, 5, 60, 25, 30, 1, 50, 70])
    with pytest.raises(tt.UnknownValueError) as caught:
        tt.tabbook(data, _gapped_survey(GAPPED), banners=["staff"], questions=["region"])
    message = str(caught.value)
    assert message.startswith(
        "question 'staff': 3 answer(s) fall in no band of the codebook (below the band "
        "'1 to 10'; above the band '21 to 50'), from 0 to 70, in rows [101, 103, 108]."
    )
    assert message.endswith("lower the min of '1 to 10'; raise the max of '21 to 50'.")


def test_bands_with_a_gap_no_answer_falls_in_group_every_answer_in_its_band() -> None:
    # Nothing to refuse: every answer is in a band that holds it (before: refused).
    data = GAPPED_DATA[~GAPPED_DATA["staff"].between(11, 20)]
    book = tt.tabbook(data, _gapped_survey(GAPPED), banners=["staff"], questions=["region"])
    block = _block(book, "region", "staff")
    assert block.groups == ["1 to 10", "21 to 50"]
    assert block.table is not None
    assert block.table.counts["1 to 10"].tolist() == [1, 1]
    assert block.table.counts["21 to 50"].tolist() == [1, 1]


def test_the_command_line_names_the_answers_in_the_gap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codebook = tmp_path / "codebook.toml"
    _gapped_survey(GAPPED).to_toml(codebook)
    data = tmp_path / "answers.csv"
    GAPPED_DATA.to_csv(data)
    book = tmp_path / "book.md"
    assert main(["tabbook", str(codebook), str(data), "--banner", "staff", "-o", str(book)]) == 2
    err = capsys.readouterr().err
    assert "4 answer(s) fall in no band of the codebook (between the bands" in err
    # The respondents by their ids, as the file shows them (was "rows [2, 3, 4, 7]").
    assert "from 11 to 20, in respondents '103', '104', '105', '108'." in err
    assert main(["tabulate", str(data), "staff", "--codebook", str(codebook)]) == 2
    assert "4 answer(s) fall in no band of the codebook" in capsys.readouterr().err

"""Drafted options are coded so that no option's code is another option's label."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr._numbers import parse_number
from tracktr.io._drafting import _codes

WORDS = st.sampled_from(["n/a", "Good", "Poor", "Don't know", "None", "Other", "Fair"])
NUMBERS = st.integers(-20, 40).map(str)


@given(st.lists(st.one_of(WORDS, NUMBERS), unique=True, max_size=25))
def test_codes_are_distinct_and_never_another_options_label(labels: list[str]) -> None:
    codes = _codes(labels)
    assert len(set(codes)) == len(codes)
    by_code = dict(zip(codes, labels, strict=True))
    for label, code in zip(labels, codes, strict=True):
        number = parse_number(label)
        if not isinstance(number, str):
            assert code == int(number)  # a number keeps its own code
        assert by_code.get(code) == label
        if not isinstance(number, str):
            assert by_code[int(number)] == label  # nobody else holds its number


def test_an_export_of_numbers_and_words_drafts_a_codebook(tmp_path: Path) -> None:
    # Before, "3" coded 5 beside "n/a" coded 3: the drafted codebook was refused.
    path = tmp_path / "export.csv"
    path.write_text(
        "Respondent ID,How many staff?\n,Response\n1,12\n2,n/a\n3,Many\n4,-5\n5,3\n",
        encoding="utf-8",
    )
    export = tt.io.read_platform_export(path)
    (question,) = export.survey.questions
    codes = {option.label: option.code for option in question.options}
    assert codes == {"12": 12, "n/a": 1, "Many": 2, "-5": -5, "3": 3}
    assert export.data["how_many_staff"].tolist() == ["12", "n/a", "Many", "-5", "3"]

"""``tracktr tabulate --by`` a numeric question: grouped by its bands, or refused, as the book.

Found by a hostile tester: ``tracktr tabulate answers.csv region --codebook c.toml --by
staff``, with ``staff`` a numeric question (staff numbers 1 to 400) without bands, printed
a column for every distinct number, most of one organisation, and exited 0; ``tracktr
tabbook --banner staff`` refuses the same question and asks for bands. The codebook
decides, not a count of values: a single question coded 1/2/3 is still grouped, and a
column the codebook does not describe is grouped by its values, as the book groups it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr.cli import main

CODEBOOK = """\
respondent_id = "id"

[[questions]]
id = "region"
type = "single"
text = "Region"
options = ["North", "South"]

[[questions]]
id = "size"
type = "single"
text = "Size"
options = [
  { code = 1, label = "Small" },
  { code = 2, label = "Medium" },
  { code = 3, label = "Large" },
]

[[questions]]
id = "staff"
type = "numeric"
text = "How many staff?"
min = 0
"""

STAFF = [1, 400, 12, 12.0, 60, 3, 250]
RESPONSES = "id,region,size,staff\n" + "".join(
    f"{i},{'North' if i % 2 else 'South'},{i % 3 + 1},{staff}\n"
    for i, staff in enumerate(STAFF, start=1)
)


def _files(tmp_path: Path, codebook: str = CODEBOOK, responses: str = RESPONSES) -> list[str]:
    book = tmp_path / "codebook.toml"
    book.write_text(codebook, encoding="utf-8")
    data = tmp_path / "answers.csv"
    data.write_text(responses, encoding="utf-8")
    return [str(data), str(book)]


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


def test_by_a_numeric_question_without_bands_is_refused_naming_its_numbers_and_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: exit 0 and a column for each of 1, 3, 12, 60, 250 and 400.
    data, codebook = _files(tmp_path)
    argv = ["tabulate", data, "region", "--codebook", codebook, "--by", "staff"]
    assert main(argv) == 2
    line = _error(capsys)
    assert line.startswith(
        "tracktr: error: --by 'staff': question 'staff' is a numeric question without bands "
        "in the codebook, and its answers hold 6 distinct number(s) (1 to 400): the table "
        "would have a column for every distinct number. Hint: give question 'staff' in the "
        'codebook the bands a report publishes it in, e.g. bands = [{ label = "Under 10"'
    )
    assert line.endswith(
        "--by staff then groups by them, as `tracktr tabbook --banner staff` does."
    )


def test_the_refusal_is_a_tracktr_error_raised_by_its_helper() -> None:
    from tracktr.cli import _refuse_unbanded_by

    survey = tt.Survey.from_dict(
        {"respondent_id": "id", "questions": [{"id": "staff", "type": "numeric", "text": "?"}]}
    )
    data = pd.DataFrame({"staff": [5, "<skipped>", None]})
    with pytest.raises(
        tt.InvalidOptionError, match=r"and its answers hold 1 distinct number\(s\) \(5 to 5\)"
    ):
        _refuse_unbanded_by(data, survey, "staff")
    blank = pd.DataFrame({"staff": [None, "<skipped>"]})
    with pytest.raises(tt.InvalidOptionError, match="and it has no answer: the table"):
        _refuse_unbanded_by(blank, survey, "staff")


def test_the_command_line_and_the_tab_book_refuse_the_same_numeric_banner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, codebook = _files(tmp_path)
    book = str(tmp_path / "book.md")
    assert main(["tabbook", codebook, data, "--banner", "staff", "-o", book]) == 2
    assert "question 'staff' is a numeric question without bands" in _error(capsys)
    assert main(["tabulate", data, "region", "--codebook", codebook, "--by", "staff"]) == 2
    assert "question 'staff' is a numeric question without bands" in _error(capsys)


@pytest.mark.parametrize("staff", [[7] * 7, [1, 2] * 3 + [1]], ids=["one number", "two numbers"])
def test_few_distinct_numbers_are_refused_too_the_codebook_decides_not_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], staff: list[int]
) -> None:
    responses = "id,region,size,staff\n" + "".join(
        f"{i},North,1,{s}\n" for i, s in enumerate(staff, start=1)
    )
    data, codebook = _files(tmp_path, responses=responses)
    assert main(["tabulate", data, "region", "--codebook", codebook, "--by", "staff"]) == 2
    assert f"hold {len(set(staff))} distinct number(s)" in _error(capsys)


def test_a_single_question_coded_by_numbers_is_still_grouped_by_its_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, codebook = _files(tmp_path)
    assert main(["tabulate", data, "region", "--codebook", codebook, "--by", "size"]) == 0
    out = capsys.readouterr().out
    survey = tt.Survey.from_toml(codebook)
    frame = tt.io.read_csv(data, survey)
    assert out == f"{tt.frequencies(frame, 'region', survey=survey, by='size')}\n"
    assert out.splitlines()[1].split() == ["Small", "Medium", "Large", "All"]


def test_a_numeric_question_with_bands_is_grouped_by_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    banded = CODEBOOK + 'bands = [{ label = "Under 50", max = 50 }, { label = "50+", min = 50 }]\n'
    data, codebook = _files(tmp_path, codebook=banded)
    assert main(["tabulate", data, "region", "--codebook", codebook, "--by", "staff"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split() == ["Under", "50", "50+", "All"]


def test_a_column_the_codebook_does_not_describe_is_grouped_as_the_tab_book_groups_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No question says what `staff` is: tt.tabbook and tt.banners group it by its
    # values, and so does the command line (the two agree; neither guesses). Its text
    # all reads as numbers, so the groups are in numeric order (STAFF without 12.0:
    # "12" and "12.0" are refused, tests/test_cli_number_groups.py).
    undescribed = CODEBOOK[: CODEBOOK.index('[[questions]]\nid = "staff"')]
    responses = RESPONSES.replace(",12.0\n", ",13\n")
    data, codebook = _files(tmp_path, codebook=undescribed, responses=responses)
    assert main(["tabulate", data, "region", "--codebook", codebook, "--by", "staff"]) == 0
    groups = capsys.readouterr().out.splitlines()[1].split()[:-1]
    book = tt.tabbook(
        tt.io.read_csv(data, tt.Survey.from_toml(codebook), allow_extra_columns=True),
        tt.Survey.from_toml(codebook),
        banners=["staff"],
        questions=["region"],
        letters=False,
    )
    assert groups == [str(g) for g in book.section("region").blocks[0].groups]
    assert groups == ["1", "3", "12", "13", "60", "250", "400"]

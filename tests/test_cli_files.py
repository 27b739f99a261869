"""The tracktr command on files a hostile tester hands it: no responses, banded numbers.

Found by probing every subcommand with an empty file, a header-only file and a file of
blank lines: the empty and blank files were refused, but a header-only file printed a
table (or wrote a tab book) of n=0 and exited 0.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr.cli import main

CODEBOOK = """\
title = "T"
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
bands = [
  { label = "Under 10", max = 10 },
  { label = "10 to 49", min = 10, max = 50 },
  { label = "50 or more", min = 50 },
]
"""

RESPONSES = "id,region,staff\n1,North,3\n2,South,12\n3,North,60\n4,South,5\n5,North,10\n"


@pytest.fixture
def codebook(tmp_path: Path) -> Path:
    path = tmp_path / "codebook.toml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return path


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


HEADER_ONLY = {
    "header": "id,region,staff\n",
    "header and blank lines": "id,region,staff\n\n\n",
    "header without a line end": "id,region,staff",
}


def _commands(codebook: Path, data: Path, tmp_path: Path) -> dict[str, list[str]]:
    book = tmp_path / "book.md"
    return {
        "tabulate --codebook": ["tabulate", str(data), "region", "--codebook", str(codebook)],
        "tabulate": ["tabulate", str(data), "region"],
        "tabulate --options": ["tabulate", str(data), "region", "--options", "North,South"],
        "tabbook": ["tabbook", str(codebook), str(data), "--banner", "region", "-o", str(book)],
    }


@pytest.mark.parametrize("content", HEADER_ONLY.values(), ids=HEADER_ONLY.keys())
@pytest.mark.parametrize(
    "command", ["tabulate --codebook", "tabulate", "tabulate --options", "tabbook"]
)
def test_a_file_with_a_header_and_no_responses_is_refused(
    codebook: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    command: str,
) -> None:
    # Before: exit 0, a table "North n/a (0) ... Base n=0" (or a tab book of n=0 tables).
    data = tmp_path / "answers export.csv"
    data.write_text(content, encoding="utf-8")
    assert main(_commands(codebook, data, tmp_path)[command]) == 2
    line = _error(capsys)
    assert f"tracktr: error: {str(data)!r}: the file holds a header row but no responses" in line
    assert "nothing to tabulate" in line
    assert "Hint: export the responses again" in line
    assert not (tmp_path / "book.md").exists()


def test_a_workbook_with_a_header_and_no_responses_is_refused(
    codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("openpyxl")
    data = tmp_path / "answers.xlsx"
    pd.DataFrame(columns=["id", "region", "staff"]).to_excel(data, index=False)
    assert main(["tabulate", str(data), "region", "--codebook", str(codebook)]) == 2
    assert "the file holds a header row but no responses (0 rows)" in _error(capsys)


def test_validate_accepts_a_header_only_file_and_says_it_holds_no_responses(
    codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Checking an export template's columns before fieldwork is legitimate; before, the
    # line "0 responses match" read as a success for an export that had stopped.
    data = tmp_path / "answers.csv"
    data.write_text("id,region,staff\n", encoding="utf-8")
    assert main(["validate", str(data), str(codebook)]) == 0
    out = capsys.readouterr().out
    assert out == f"{data}: no responses (a header row only); its columns match {codebook}.\n"


EMPTY = {
    "empty": ("", "the file is empty (0 bytes)"),
    "blank lines": ("\n\n\n", "the file holds no rows, not even a header"),
}


@pytest.mark.parametrize("kind", EMPTY)
def test_an_empty_file_or_blank_lines_are_refused_by_every_command(
    codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    content, said = EMPTY[kind]
    data = tmp_path / "answers.csv"
    data.write_text(content, encoding="utf-8")
    for argv in [
        *_commands(codebook, data, tmp_path).values(),
        ["validate", str(data), str(codebook)],
    ]:
        assert main(argv) == 2, argv
        assert said in _error(capsys)


def test_the_refusal_is_a_read_error_naming_the_file() -> None:
    from tracktr.cli import _refuse_no_responses

    with pytest.raises(tt.ReadError, match="holds a header row but no responses") as caught:
        _refuse_no_responses(pd.DataFrame(columns=["id"]), "x.csv")
    assert caught.value.path == "x.csv"


def _banded_by_the_library(codebook: Path, data: Path, question: str, **options: str) -> str:
    survey = tt.Survey.from_toml(codebook)
    frame = tt.io.read_csv(data, survey)
    banded = tt.recode.band(frame[question], question=survey.question(question))
    if options.get("by") == question:
        by = tt.recode.band(frame[options["by"]], question=survey.question(options["by"]))
        frame, survey = by.assign(frame), by.update(survey)
    table = tt.frequencies(banded.assign(frame), question, survey=banded.update(survey), **options)
    return f"{table}\n"


@pytest.mark.parametrize("by", [None, "region", "staff"])
def test_tabulate_puts_a_numeric_question_into_its_codebook_bands(
    codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], by: str | None
) -> None:
    # Before: "question 'staff' is a numeric question, which is not tabulated directly",
    # exit 2, with a hint to call tt.recode.band (no such thing on the command line).
    data = tmp_path / "answers.csv"
    data.write_text(RESPONSES, encoding="utf-8")
    extra = ["--by", by] if by else []
    assert main(["tabulate", str(data), "staff", "--codebook", str(codebook), *extra]) == 0
    out = capsys.readouterr().out
    options = {"by": by} if by else {}
    assert out == _banded_by_the_library(codebook, data, "staff", **options)
    # 10 is on an edge: in "10 to 49", as the codebook's min <= value < max says.
    if by is None:
        assert "10 to 49    40 (2)" in out


def test_tabulate_groups_by_the_bands_of_a_numeric_question(
    codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: one column per distinct number (3, 5, 10, 12, 60), each of one respondent.
    data = tmp_path / "answers.csv"
    data.write_text(RESPONSES, encoding="utf-8")
    assert (
        main(["tabulate", str(data), "region", "--codebook", str(codebook), "--by", "staff"]) == 0
    )
    header = capsys.readouterr().out.splitlines()[1].split()
    assert header == ["Under", "10", "10", "to", "49", "50", "or", "more", "All"]


def test_tabulate_keeps_the_routing_and_missing_answers_of_a_banded_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codebook = tmp_path / "routed.toml"
    routing = 'ask_if = { question = "region", in = ["North"] }'
    routed = CODEBOOK.replace('staff?"', f'staff?"\n{routing}').replace(
        'respondent_id = "id"', 'respondent_id = "id"\n\n[missing]\nskipped = ["", -99]'
    )
    codebook.write_text(routed, encoding="utf-8")
    data = tmp_path / "answers.csv"
    data.write_text("id,region,staff\n1,North,3\n2,South,\n3,North,-99\n4,North,60\n", "utf-8")
    assert main(["tabulate", str(data), "staff", "--codebook", str(codebook)]) == 0
    out = capsys.readouterr().out
    assert out == _banded_by_the_library(codebook, data, "staff")
    assert "Base: respondents for whom region is 'North' who answered (n=2)." in out


def test_tabulate_refuses_a_numeric_question_without_bands_saying_what_to_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codebook = tmp_path / "plain.toml"
    codebook.write_text(CODEBOOK[: CODEBOOK.index("bands = [")], encoding="utf-8")
    data = tmp_path / "answers.csv"
    data.write_text(RESPONSES, encoding="utf-8")
    assert main(["tabulate", str(data), "staff", "--codebook", str(codebook)]) == 2
    line = _error(capsys)
    assert "question 'staff' is a numeric question without bands in the codebook" in line
    assert "Hint: give question 'staff' the bands a report publishes it in" in line
    assert "tt.recode" not in line


# -- errors name the option the user typed ---------------------------------------------


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        # Before: "question 'nosuch': column(s) ['nosuch'] are not in the data".
        (["--by", "nosuch"], "tracktr: error: --by 'nosuch': no such column in"),
        (["--codebook", "{codebook}", "--by", "nosuch"], "tracktr: error: --by 'nosuch': no such"),
        # Before: "`rule` must be one of ...", a keyword the command line does not have.
        (["--rule", "bogus"], "argument --rule: invalid choice: 'bogus' (choose from 'half_up'"),
        # Before: accepted as no --options at all (the table listed the answers found).
        (["--options", ""], "tracktr: error: --options '' lists no option."),
        (["--options", " , "], "tracktr: error: --options ' , ' lists no option."),
        # Before: "`encoding` 'bogus' is not a text encoding", naming no option.
        (["--encoding", "bogus"], "`encoding` (tracktr: --encoding) 'bogus' is not a text"),
    ],
)
def test_tabulate_errors_name_the_option(
    codebook: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    said: str,
) -> None:
    data = tmp_path / "answers.csv"
    data.write_text(RESPONSES, encoding="utf-8")
    options = [a.replace("{codebook}", str(codebook)) for a in argv]
    try:
        code = main(["tabulate", str(data), "region", *options])
    except SystemExit as refused:  # argparse's own refusal: exit 2 as well
        code = refused.code
    assert code == 2
    assert said in _error(capsys)


def test_tabbook_refuses_an_empty_output_naming_the_option(
    codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "'.': cannot tell the tab book's format from 'no extension'".
    data = tmp_path / "answers.csv"
    data.write_text(RESPONSES, encoding="utf-8")
    assert main(["tabbook", str(codebook), str(data), "--banner", "region", "-o", " "]) == 2
    assert _error(capsys) == (
        "tracktr: error: -o/--output is empty: it names the tab book's file. "
        "Hint: e.g. -o book.xlsx."
    )


@pytest.mark.parametrize("folder", ["dir with spaces", "données ü", "a/../b"])
def test_paths_with_spaces_unicode_and_dot_dot_are_read_and_written(
    codebook: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    folder: str,
) -> None:
    where = tmp_path / folder
    where.mkdir(parents=True)
    (tmp_path / "a").mkdir(exist_ok=True)
    data = where / "réponses 2025.csv"
    data.write_text(RESPONSES, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "a")
    relative = f"../{folder}/réponses 2025.csv"
    assert main(["validate", relative, str(codebook)]) == 0
    assert capsys.readouterr().out.startswith(f"{relative}: 5 responses match")
    output = f"../{folder}/livre ü.md"
    argv = ["tabbook", str(codebook), relative, "--banner", "region", "-o", output]
    assert main(argv) == 0
    assert capsys.readouterr().out == f"{output}: 2 tables by region.\n"
    assert "## Region" in (where / "livre ü.md").read_text(encoding="utf-8")
    # Run again: the book it wrote is replaced, whole (not the response file).
    assert main(argv) == 0
    assert capsys.readouterr().out == f"{output}: 2 tables by region.\n"
    assert data.read_text(encoding="utf-8") == RESPONSES


@pytest.mark.parametrize(
    "command", [[], ["reproduce"], ["check"], ["tabulate"], ["tabbook"], ["validate"]]
)
def test_the_help_of_every_subcommand_runs(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*command, "--help"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: tracktr {' '.join(command)}".rstrip())


BLANK_ROWS = {
    "one blank row": "id,region,staff\n,,\n",
    "blank rows": "id,region,staff\n,,\n,,\n",
    "spaces and tabs": "id,region,staff\n , \t,\n",
    "quoted empty cells": 'id,region,staff\n"","",""\n',
}


@pytest.mark.parametrize("content", BLANK_ROWS.values(), ids=BLANK_ROWS.keys())
@pytest.mark.parametrize("options", [[], ["--options", "North,South"], ["--by", "staff"]])
def test_tabulate_without_a_codebook_refuses_a_file_whose_rows_are_all_blank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, options: list[str]
) -> None:
    # Before: a table of n=0 ("No respondents in the base of All"), exit 0, where a
    # header-only file is refused.
    data = tmp_path / "answers.csv"
    data.write_text(content, encoding="utf-8")
    assert main(["tabulate", str(data), "region", *options]) == 2
    line = _error(capsys)
    rows = content.count("\n") - 1
    assert f"every row under the header ({rows} row(s)) is blank in every column" in line
    assert str(data) in line


@pytest.mark.parametrize("content", BLANK_ROWS.values(), ids=BLANK_ROWS.keys())
def test_commands_with_a_codebook_refuse_blank_rows_as_rows_without_an_id(
    codebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    data = tmp_path / "answers.csv"
    data.write_text(content, encoding="utf-8")
    commands = _commands(codebook, data, tmp_path)
    for argv in [commands["tabulate --codebook"], commands["tabbook"]]:
        assert main(argv) == 2, argv
        assert "expected a respondent id in every row" in _error(capsys)


def test_a_blank_row_beside_an_answer_is_a_respondent_who_did_not_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "answers.csv"
    data.write_text("id,region,staff\n,,\n1,North,\n", encoding="utf-8")
    assert main(["tabulate", str(data), "region"]) == 0
    assert "(n=1)" in capsys.readouterr().out

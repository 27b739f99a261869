"""The ``tracktr`` command.

``tracktr reproduce`` rebuilds the 2016 report's tables from the bundled synthetic
microdata and sets them beside the printed figures; ``tracktr check`` asks whether a
printed percentage is possible; ``tracktr tabulate``, ``tracktr validate`` and
``tracktr tabbook`` work on a response file of your own.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import gc
import os
import re
import shutil
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, get_args

import pandas as pd

from tracktr.exceptions import InvalidOptionError, ReadError, TracktrError
from tracktr.typing import LonelyPSU, RoundingRule

if TYPE_CHECKING:
    from tracktr.check import Findings

__all__ = ["main"]


def _blank_to_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Without a codebook, only an empty cell is blank; every text, "NA" included, is an answer."""
    return frame.apply(
        lambda column: pd.Series(
            [None if not str(v).strip() else v for v in column.tolist()],
            index=column.index,
            dtype=object,
        )
    )


def _refuse_no_responses(data: pd.DataFrame, path: str) -> None:
    """Raise if the response file holds a header and no respondent.

    A table or a tab book of nobody (every base n=0) was printed, and exited 0, from a
    file whose export stopped after its header row: nothing said the file was empty.
    """
    if len(data):
        return
    msg = (
        f"{path!r}: the file holds a header row but no responses (0 rows), so there is "
        "nothing to tabulate."
    )
    hint = "Hint: export the responses again; `tracktr validate` checks a file's columns alone."
    raise ReadError(f"{msg}\n\n{hint}", path=path)


def _refuse_blank_rows(raw: pd.DataFrame, path: str) -> None:
    """Raise if every row of a file read without a codebook is blank in every cell.

    A file of a header and lines of bare separators (``,,``), as a spreadsheet exports
    its empty rows, printed a table of n=0 and exited 0, where a header-only file is
    refused: its rows are no more responses than blank lines are.
    """
    if not len(raw) or _blank_to_none(raw).notna().to_numpy().any():
        return
    msg = (
        f"{path!r}: every row under the header ({len(raw)} row(s)) is blank in every "
        "column, so the file holds no responses to tabulate."
    )
    hint = "Hint: export the responses again; `tracktr validate` checks a file's columns alone."
    raise ReadError(f"{msg}\n\n{hint}", path=path)


_Places = tuple[str, str, dict[Any, str]]
"""What a row is called (one, several) and each row's place, by the data's row label."""

_ROWS = re.compile(r"\brows? \[([^\[\]]*)\]")
"""A list of rows in an error's message: ``rows [2, 3]`` (the data's 0-based row labels)."""


def _places(data: pd.DataFrame, path: str, survey: Any, *, encoding: str, sep: str) -> _Places:
    """Return what each row of the data read from `path` is to the person who opens it.

    The respondent's id where the codebook has an id question (as `tracktr validate`
    names them), else the row's line in a CSV file (the header is line 1; blank lines
    and cells spanning lines counted as an editor counts them), or its row in a
    workbook's sheet.
    """
    rid = getattr(survey, "respondent_id", None)
    if rid is not None and rid in data.columns:
        return "respondent", "respondents", dict(zip(data.index, data[rid].map(repr), strict=True))
    from tracktr.io._cells import EXCEL_SUFFIXES, _records

    if Path(path).suffix.lower() in EXCEL_SUFFIXES:
        # The frame's rows are the sheet's rows under its header row, in order.
        return "sheet row", "sheet rows", {k: str(k + 2) for k in range(len(data))}
    records = _records(Path(path), path, encoding=encoding, sep=sep)
    lines = [line for _, (line, _) in zip(range(len(data) + 1), records, strict=False)][1:]
    return "line", "lines", {k: str(line) for k, line in enumerate(lines)}


def _named_rows(text: str, places: _Places) -> str:
    """Return an error's text with each ``rows [2, 3]`` as ``lines 4, 5`` (or respondents)."""
    one, many, where = places

    def name(match: re.Match[str]) -> str:
        try:
            rows = ast.literal_eval(f"[{match.group(1)}]")
        except (ValueError, SyntaxError):
            return match.group(0)
        # Only a list of the data's row labels: other lists stay as they are.
        if not rows or not all(type(r) is int and r in where for r in rows):
            return match.group(0)
        return f"{one if len(rows) == 1 else many} {', '.join(where[r] for r in rows)}"

    # A value quoted in the message ('rows [1]' as a group) is the data's, not a list of
    # rows: only the text between quoted values is rewritten.
    parts = _QUOTED.split(text)
    return "".join(p if k % 2 else _ROWS.sub(name, p) for k, p in enumerate(parts))


_QUOTED = re.compile(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
"""A value quoted as Python writes it (``repr``): kept whole by :func:`_named_rows`."""


@contextlib.contextmanager
def _rows_in_file(
    data: pd.DataFrame, path: str, survey: Any = None, *, encoding: str, sep: str
) -> Iterator[None]:
    """Name the rows of an error raised once the file is read as the file shows them.

    ``tracktr tabulate`` named 0-based row positions ("rows [2, 3]" for the respondents
    103 and 104 on lines 4 and 5), which no one who opens the file can find; `tracktr
    validate` names respondents. The places are worked out on this failing path only.
    """
    try:
        yield
    except TracktrError as error:
        if not _ROWS.search(str(error)):
            raise
        places = _places(data, path, survey, encoding=encoding, sep=sep)
        error.args = (_named_rows(str(error), places), *error.args[1:])
        raise


def _refuse_absent_by(data: pd.DataFrame, by: str | None, path: str) -> None:
    """Raise if ``--by`` names no column of the file, naming the option (not a "question")."""
    if by is None or by in data.columns:
        return
    msg = f"--by {by!r}: no such column in {path!r}."
    hint = f"Hint: the file has columns such as {list(data.columns)[:10]}."
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _options(text: str | None) -> list[str] | None:
    """Return the options of ``--options``, or None when it is not given; refuse it blank.

    ``--options ""`` was read as no --options at all: the table listed the answers found.
    """
    if text is None:
        return None
    options = text.split(",")
    if not any(o.strip() for o in options):
        msg = f"--options {text!r} lists no option."
        hint = "Hint: give the options in order, comma-separated, e.g. --options Yes,No."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return options


def _cmd_tabulate(args: argparse.Namespace) -> int:
    from tracktr.io._cells import read_cells
    from tracktr.io.csvfile import read_responses
    from tracktr.tabulate import frequencies, tabulate

    if args.codebook:
        from tracktr.survey import Survey

        survey = Survey.from_toml(args.codebook)
        data = read_responses(
            args.data, survey, allow_extra_columns=True, encoding=args.encoding, sep=args.sep
        ).data
        _refuse_no_responses(data, args.data)
        _refuse_absent_by(data, args.by, args.data)
        _refuse_unnamed_columns(data, survey, [args.by], args.data)
        extra: dict[str, object] = {"by": args.by} if args.by else {}
        if args.options is not None:
            # The codebook lists the options; --options would silently disagree with it.
            msg = "--options lists the options of a file without a codebook; drop one of them."
            raise TracktrError(msg)
        file = {"encoding": args.encoding, "sep": args.sep}
        with _rows_in_file(data, args.data, survey, **file):
            banded, survey = _banded(data, survey, args.question)
            if args.by:
                # Groups of a banded number are its bands, as its table's rows are.
                _refuse_unbanded_by(banded, survey, args.by)
                banded, survey = _banded(banded, survey, args.by)
            table = tabulate(banded, args.question, survey=survey, rule=args.rule, **extra)
    else:
        raw = next(read_cells(args.data, encoding=args.encoding, sep=args.sep))
        _refuse_no_responses(raw, args.data)
        _refuse_blank_rows(raw, args.data)
        _refuse_absent_by(raw, args.by, args.data)
        options = _options(args.options)
        with _rows_in_file(raw, args.data, encoding=args.encoding, sep=args.sep):
            table = frequencies(
                _blank_to_none(raw), args.question, options=options, by=args.by, rule=args.rule
            )
    print(table.to_markdown() if args.format == "markdown" else table)
    return 0


def _refuse_unbanded_by(data: pd.DataFrame, survey: Any, by: str) -> None:
    """Raise if ``--by`` is a numeric question of the codebook without bands.

    It grouped by every distinct number (a column for each of hundreds of staff
    numbers, most of one organisation), where ``tracktr tabbook --banner`` refuses the
    same question. The codebook decides, not a count of values: a single question
    coded 1/2/3 is grouped by its options, and a column the codebook does not describe
    by its values, as :func:`tracktr.banners.banner_column` groups it for both.
    """
    from tracktr._numbers import whole_number
    from tracktr._numeric_cells import number_values
    from tracktr.survey import NumericQuestion

    question = next((q for q in survey.questions if q.id == by), None)
    if not isinstance(question, NumericQuestion) or question.bands:
        return
    column = question.columns[0]
    answers: list[Any] = number_values(data[column], by)[0].tolist() if column in data else []
    distinct: set[Any] = {whole_number(v) for v in answers if v is not None}  # 3 and 3.0: one
    numbers = sorted(distinct)
    found = (
        f"its answers hold {len(numbers)} distinct number(s) ({numbers[0]} to {numbers[-1]})"
        if numbers
        else "it has no answer"
    )
    msg = (
        f"--by {by!r}: question {by!r} is a numeric question without bands in the codebook, "
        f"and {found}: the table would have a column for every distinct number."
    )
    hint = (
        f"Hint: give question {by!r} in the codebook the bands a report publishes it in, "
        'e.g. bands = [{ label = "Under 10", max = 10 }, { label = "10 or more", min = 10 }]; '
        f"--by {by} then groups by them, as `tracktr tabbook --banner {by}` does."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _banded(data: pd.DataFrame, survey: Any, question_id: str) -> tuple[pd.DataFrame, Any]:
    """Return the data and codebook with a numeric question put into its codebook bands.

    As a script does it (``tt.recode.band(..., question=...)``, then ``assign`` and
    ``update``), so the command prints the table ``tt.frequencies`` gives of the banded
    question; ``tracktr tabulate`` refused every numeric question, bands or none.
    Other questions, and ids the codebook lacks (refused by the tabulation), pass through;
    a numeric question without bands is refused.
    """
    from tracktr.recode import band
    from tracktr.survey import NumericQuestion

    question = next((q for q in survey.questions if q.id == question_id), None)
    if not isinstance(question, NumericQuestion):
        return data, survey
    if not question.bands:
        msg = (
            f"question {question_id!r} is a numeric question without bands in the codebook, "
            "so it has no options to tabulate."
        )
        hint = (
            f"Hint: give question {question_id!r} the bands a report publishes it in, e.g. "
            'bands = [{ label = "Under 10", max = 10 }, { label = "10 or more", min = 10 }].'
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    banded = band(data[question.columns[0]], question=question)
    return banded.assign(data), banded.update(survey)


def _cmd_validate(args: argparse.Namespace) -> int:
    from tracktr.io.csvfile import read_responses
    from tracktr.survey import Survey

    survey = Survey.from_toml(args.codebook)
    prepared = read_responses(args.data, survey, encoding=args.encoding, sep=args.sep)
    if not len(prepared.data):
        # Legitimate (a template exported before fieldwork), but said: "0 responses match"
        # read as a success for a file whose export had stopped after its header.
        print(f"{args.data}: no responses (a header row only); its columns match {args.codebook}.")
        return 0
    print(f"{args.data}: {len(prepared.data)} responses match {args.codebook}.")
    if len(prepared.changes):
        print(f"Prepared {len(prepared.changes)} cells (codes to labels, blanks to missing kinds):")
        print(prepared.summary().to_string())
    return 0


def _printed_percent(text: str) -> str | None:
    """Return the digits of a percentage typed as a figures file reads it, or None.

    "67", "12.5" and "15%" are read; "1_5", "1e1" and "nan" are not (``float()`` reads
    them, but no report prints them), as in :func:`tracktr.reference.read_figures`.
    """
    from tracktr.reference._format import _PRINTED_NUMBER

    digits = text.strip().removesuffix("%").strip()
    return digits if _PRINTED_NUMBER.fullmatch(digits) else None


def _cmd_check(args: argparse.Namespace) -> int:
    from tracktr import check

    if args.reference and args.value is not None:
        msg = "--reference checks the shipped report; give either it or figures, not both."
        raise TracktrError(msg)
    if args.reference or (args.value is not None and args.base is None):
        from tracktr.reference._format import _reads_as_float

        if not args.reference and (
            _reads_as_float(args.value) or _printed_percent(args.value) is not None
        ):
            msg = (
                f"{args.value} looks like a printed percentage: give its base too, e.g. "
                f"`tracktr check {args.value} 87`."
            )
            raise TracktrError(msg)
        if args.reference and args.encoding:
            msg = "--encoding reads your figures file (.csv); the shipped report's is UTF-8."
            raise TracktrError(msg)
        if args.output:
            _check_output(args)
        if args.reference:
            findings = check.reference()
            title = "Findings of the 2016 trackTR report"
        else:
            findings = check.report(args.value, encoding=args.encoding or "utf-8-sig")
            title = f"Findings of {Path(args.value).name}"
        _show_findings(args, findings, title)
        return _failed(args.fail_on, [f.verdict for f in findings])
    if args.value is None or args.base is None:
        msg = (
            "give a figures file (`tracktr check figures.csv`), or a printed percentage and "
            "its base (`tracktr check 67 87`), or --reference."
        )
        raise TracktrError(msg)
    digits = _printed_percent(args.value)
    if digits is None:
        msg = (
            f"{args.value!r} is not a printed percentage: digits 0-9, a point and an "
            "optional %, as a report prints it and a figures file reads it; e.g. "
            "`tracktr check 67 87`."
        )
        raise TracktrError(msg)
    if args.output or args.format or args.encoding:
        msg = (
            "--output and --format write the findings of a figures file, and --encoding reads "
            "one (.csv), not one number."
        )
        raise TracktrError(msg)
    from tracktr.reference._format import _decimals_of

    decimals = _decimals_of(digits) if args.decimals is None else args.decimals
    found = check.percent(digits, args.base, decimals=decimals)
    print(found)
    if args.fail_on is None or found.possible_under("half_up"):
        return 0
    # As tt.check.report judges a percentage: impossible under half-up rounding, the
    # rule reports are printed with, even where another rule gives it.
    print(f"{digits}% of {args.base} is impossible under half-up rounding.")
    return _failed(args.fail_on, ["impossible"])


def _check_output(args: argparse.Namespace) -> None:
    """Refuse the ``--output`` of ``tracktr check`` before any figure is read.

    In command-line terms: ``Findings.write`` would say "pass format=", or call a folder's
    name a suffix it cannot read.
    """
    from tracktr.check._findings import _SUFFIXES

    figures = None if args.reference else args.value
    _refuse_overwriting(args.output, "--output", {"figures file": figures})
    output = Path(args.output)
    if output.is_dir():
        msg = f"--output {args.output!r} is a folder; give a file name inside it."
        example = output / "findings.csv"
        raise InvalidOptionError(f"{msg}\n\nHint: e.g. --output {str(example)!r}.")
    listed = ", ".join(_SUFFIXES)
    written_as = _SUFFIXES.get(output.suffix.lower())
    if written_as is None and args.format is None:
        msg = f"--output {args.output!r}: cannot tell the format from the suffix {output.suffix!r}."
        hint = f"Hint: name the file with one of {listed}, or give --format."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    # The file would say one format and hold another (HTML in a .csv): refuse, not choose.
    if written_as is not None and args.format is not None and args.format != written_as:
        msg = (
            f"--format {args.format} disagrees with --output {args.output!r}: a "
            f"{output.suffix} file is written as {written_as}."
        )
        suffixes = [s for s, f in _SUFFIXES.items() if f == args.format]
        hint = f"Hint: drop --format, or name the file {suffixes[0]}."
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _show_findings(args: argparse.Namespace, findings: Findings, title: str) -> None:
    """Print the findings, and write them to ``--output`` when given."""
    if args.output:
        path = findings.write(args.output, format=args.format, title=title)
        print(findings.render("text", title=title), end="")
        print(f"Wrote {path}.")
    else:
        print(findings.render(args.format or "text", title=title), end="")


_FAIL_ON = ("impossible", "inconsistent", "doubtful")
"""The verdicts ``tracktr check --fail-on`` takes, most severe first."""


_CHECK_EXIT = """\
exit status:
  0  the findings were printed, whatever they are
  1  with --fail-on: a figure was found that severe or more
  2  nothing was checked: the figures file cannot be read or a row of it is
     wrong (every row is named, with what to write), value is not a printed
     percentage, or the arguments are wrong; the error is one line on
     standard error
"""
"""The exit statuses of ``tracktr check``, as its ``--help`` prints them."""


def _failed(fail_on: str | None, verdicts: Sequence[str]) -> int:
    """Return 1 when a finding is as severe as `fail_on` or more (a CI step fails), else 0."""
    if fail_on is None:
        return 0
    severe = set(_FAIL_ON[: _FAIL_ON.index(fail_on) + 1])
    return 1 if severe.intersection(verdicts) else 0


def _cmd_reproduce(args: argparse.Namespace) -> int:
    from tracktr.reproduce import reproduce

    report = reproduce()
    if args.output:
        paths = report.write(args.output, format=args.format)
        for path in paths:
            print(path)
        print(report.summary())
        return 0
    width = shutil.get_terminal_size((100, 24)).columns if args.format == "text" else None
    print(report.render(format=args.format, width=max(width, 40) if width else None))
    return 0


def _file_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encoding", default="utf-8-sig", help="the CSV file's text encoding, e.g. cp1252"
    )
    parser.add_argument("--sep", default=",", help="the CSV file's delimiter")


def _one_line(error: BaseException) -> str:
    """Return an error as one line: its paragraphs (the message, the Hint) joined."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " ".join(lines) or type(error).__name__


def _for_the_command_line(text: str, command: str | None) -> str:
    """Return an error's text with its fixes in Python written as the command line's.

    The library's hints show the fix as code (``data['g'].replace({'north': 'North'})``,
    ``options=[...]``, ``by='g'``), which a user of the command cannot run: each is
    written as what to change in the file, or as the command's own option.
    """
    text = _rewrite_replaces(text, _REPLACE_IN_COLUMN, "})")
    text = _rewrite_replaces(text, _REPLACE_IN_FRAME, "}})")
    text = text.replace(" (data[column].replace())", " (in the file)")
    # Fixes only Python has: the codebook's options are the command line's way.
    text = text.replace(", or make the column numbers (pandas.to_numeric())", "")
    text = text.replace(
        ", or make the column a pandas Categorical: its categories are then the groups, in "
        "their order, each as written.",
        ": they are then the groups, in their order, each as written.",
    )
    text = text.replace(" before survey.prepare(), e.g.", ", e.g.")
    text = text.replace(", or group variants with tt.recode.collapse()", "")
    text = text.replace(
        "`error.failures` lists every failure as a DataFrame; survey.prepare() turns codes "
        "and sentinels into labels and missing markers.",
        "in Python, `error.failures` of `tt.Survey.from_toml(codebook).validate(data)` lists "
        "every failure as a DataFrame.",
    )
    text = text.replace("(see `.failures`)", "(in Python, see `error.failures`)")
    # Only `tracktr tabulate` takes --options; elsewhere the codebook alone declares them.
    tabulate = command == "tabulate"
    text = text.replace(
        "options=[...] or in the codebook",
        "--options or in the codebook" if tabulate else "in the codebook",
    )
    text = text.replace(
        "`options=` or the codebook", "--options or the codebook" if tabulate else "the codebook"
    )
    banner = "--banner" if command == "tabbook" else "--by"
    return _BY_KEYWORD.sub(lambda m: f"`{banner} {m.group(1)}`", text)


_REPLACE_IN_COLUMN = re.compile(r"data\[(?P<column>'[^']*'|\"[^\"]*\"|col|column)\]\.replace\(")
"""The start of a hint's ``data['g'].replace({'north': 'North'})`` (or ``data[col]...``)."""
_REPLACE_IN_FRAME = re.compile(r"data\.replace\(\{(?P<column>'[^']*'|\"[^\"]*\"): ")
"""The start of a hint's ``data.replace({'q': {'Nrth': 'North'}})``."""


def _rewrite_replaces(text: str, start: re.Pattern[str], close: str) -> str:
    """Return `text` with each ``.replace(...)`` that `start` begins written as file changes.

    The mapping runs from the end of `start` to a `close` (``})``) after which it reads
    as a dict: the first that does, as a label may hold ``})`` itself. A call whose
    mapping never reads as one is left as it is.
    """
    out: list[str] = []
    done = 0
    for found in start.finditer(text):
        if found.start() < done:
            continue  # inside a call already rewritten
        end = text.find(close, found.end())
        while end >= 0:
            changes = _write_in_file(text[found.end() : end + 1], found.group("column"))
            if changes is not None:
                out += [text[done : found.start()], changes]
                done = end + len(close)
                break
            end = text.find(close, end + 1)
    return "".join([*out, text[done:]])


_BY_KEYWORD = re.compile(r"`by=('[^']*'|\"[^\"]*\")`")
"""A message's ``by='g'``, the keyword the command line spells ``--by`` (``--banner``)."""


def _write_in_file(written: str, column: str) -> str | None:
    """Return a hint's mapping of ``data[column].replace`` as the changes to make in the file.

    None where `written` does not read as a mapping (a part of one, cut at a ``})`` in a
    label).
    """
    try:
        mapping = ast.literal_eval(written)
    except (ValueError, SyntaxError):
        return None
    if not isinstance(mapping, dict) or not mapping:
        return None
    named = f" of column {column}" if column[0] in "'\"" else ""
    changes = [
        f"leave the cells{named} that read {old!r} empty in the file"
        if new is None
        else f"write {old!r} as {new!r} in the cells{named} that hold it, in the file"
        for old, new in mapping.items()
    ]
    return "; ".join(changes)


_PROGRESS_FROM = 20
"""Surveys with at least this many questions report progress on stderr."""


def _progress(done: int, total: int, question: str) -> None:
    if total < _PROGRESS_FROM:
        return
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\rtabbook: {done}/{total} questions ({question})\x1b[K", end=end, file=sys.stderr)
    elif done == total or done % max(1, total // 10) == 0:
        print(f"tabbook: {done}/{total} questions", file=sys.stderr)


def _refuse_unnamed_columns(data: Any, survey: Any, named: Sequence[str | None], path: str) -> None:
    """Raise if the file has a column neither the codebook nor ``--by`` names.

    As ``tracktr validate`` does, but the column ``--by`` names is read as the groups
    (``tabulate --by region`` refused the file for its column ``region``).
    """
    known = {*survey.described_columns, *(c for c in named if c)}
    extra = [c for c in data.columns if c not in known]
    if extra:
        msg = (
            f"{path!r}: column(s) {extra[:10]} are neither in the codebook nor named by "
            "--by, so their answers would be left out without a word."
        )
        hint = (
            "Hint: add them to the codebook, or delete them from the file; `tracktr "
            "validate` lists what does not match."
        )
        raise TracktrError(f"{msg}\n\n{hint}")


def _same_file(output: str, source: str) -> bool:
    """Return whether `output` names the file `source`, whatever the spelling or link."""
    try:
        # Both exist: the same file, through a symlink or a hard link too.
        return os.path.samefile(output, source)
    except OSError:
        # One does not exist (yet): the paths they would name, links resolved.
        return os.path.realpath(output) == os.path.realpath(source)


def _refuse_overwriting(output: str, option: str, inputs: dict[str, str | None]) -> None:
    """Raise if the file a command writes is one it reads: writing it would destroy it.

    ``tracktr tabbook data.csv -o data.csv`` replaced the response file with the tab book,
    and exited 0; so did a symlink to it or another spelling of its path.
    """
    for what, source in inputs.items():
        if source and _same_file(output, source):
            msg = (
                f"{option} {output!r} is the {what} {source!r} this command reads; writing "
                "there would destroy it."
            )
            raise InvalidOptionError(f"{msg}\n\nHint: give {option} another file name.")


def _cmd_tabbook(args: argparse.Namespace) -> int:
    from tracktr.io.csvfile import read_responses
    from tracktr.survey import Survey
    from tracktr.tabbook import tabbook

    inputs = {"codebook": args.codebook, "response file": args.data}
    if not args.output.strip():
        # Path("") is ".": the error named the current folder, not the empty option.
        msg = "-o/--output is empty: it names the tab book's file."
        raise InvalidOptionError(f"{msg}\n\nHint: e.g. -o book.xlsx.")
    _refuse_overwriting(args.output, "-o/--output", inputs)
    _refuse_tabbook_options(args)
    survey = Survey.from_toml(args.codebook)
    # The one reading path of the command line: every cell as text, then prepared.
    data = read_responses(
        args.data, survey, allow_extra_columns=True, encoding=args.encoding, sep=args.sep
    ).data
    _refuse_no_responses(data, args.data)
    banners = _banners(args)
    design = _tabbook_design(args, survey)
    read = {"encoding": args.encoding, "sep": args.sep}
    with _rows_in_file(data, args.data, survey, **read):
        weights = None
        if design is not None:
            # the response file is read as text: the design's numbers are made numbers here
            numbers = {"--weights": design.weights, "--fpc": design.fpc}
            data = data.assign(**{
                column: _numbers(data, column, option, args.data)
                for option, column in numbers.items() if column is not None
            })  # fmt: skip
        elif args.weights:
            weights = _numbers(data, args.weights, "--weights", args.data).tolist()
        try:
            book = tabbook(
                data,
                survey,
                banners=banners,
                weights=weights,
                design=design,
                letters=not args.no_letters,
                nets=not args.no_nets,
                missing_group=args.missing_group,
                progress=_progress,
                threshold=args.threshold,
                protection=_protection(args),
            )
        except InvalidOptionError as error:
            # The label clashes with a group or the total: name the option the user typed.
            keyword = f"`missing_group={args.missing_group!r}`"
            if args.missing_group is None or not str(error).startswith(keyword):
                raise
            text = str(error).replace(keyword, f"--missing-group {args.missing_group!r}", 1)
            raise InvalidOptionError(text) from error
    path = book.write(Path(args.output), layout=args.layout)
    print(f"{path}: {len(book.sections)} tables by {', '.join(book.banners)}.")
    if book.disclosure is not None:
        met = "met" if book.disclosure.met else "NOT met: see book.disclosure.audit()"
        print(
            f"Disclosure control: {len(book.disclosure.cells)} cell(s) suppressed "
            f"(threshold {book.disclosure.threshold}); requirements {met}."
        )
        for note in book.disclosure.notes:  # a recode the model could not link
            print(f"Disclosure control: {note}")
        if book.disclosure.notes:
            print(
                "Hint: declare recodes in a JSON file given as --recodes, e.g. "
                '{"band": ["q", {"Low": ["a", "b"], "High": ["c", "d"]}]} or {"g": null}.'
            )
    for question, reason in book.skipped:
        print(f"Not tabulated: {question} ({reason}).")
    return 0


def _banners(args: argparse.Namespace) -> list[str | tuple[str, ...]]:
    """Return the banners of ``--banner`` (``a,b+c``), each once, or refuse it.

    Checked here so that the error names ``--banner``, not tt.tabbook's ``banners=``.
    """
    banners: list[str | tuple[str, ...]] = []
    for spec in args.banner.split(","):
        parts = tuple(p.strip() for p in spec.split("+") if p.strip())
        if parts:
            banners.append(parts[0] if len(parts) == 1 else parts)
    if not banners:
        msg = f"--banner {args.banner!r} names no column."
        hint = "Hint: give the banner columns, comma-separated, e.g. --banner funder,region."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    named = ["+".join([b] if isinstance(b, str) else b) for b in banners]
    twice = sorted({name for name in named if named.count(name) > 1})
    if twice:
        msg = f"--banner lists {twice} more than once."
        raise InvalidOptionError(f"{msg}\n\nHint: list each banner once.")
    return banners


_PROTECTION_OPTIONS = {
    "protection_level": "--protection-level",
    "zeros": "--zeros",
    "full": "--full",
    "marker": "--marker",
    "recodes": "--recodes",
}
"""The options that adjust the disclosure control of ``--threshold``, by their dest."""


def _refuse_tabbook_options(args: argparse.Namespace) -> None:
    """Refuse what tt.tabbook would refuse in its keywords (``threshold=``), by option name."""
    for option, value in (
        ("--threshold", args.threshold),
        ("--protection-level", args.protection_level),
    ):
        if value is not None and value < 1:
            msg = f"{option} must be a whole number of at least 1; got {value}."
            raise InvalidOptionError(msg)
    given = [
        option for dest, option in _PROTECTION_OPTIONS.items() if getattr(args, dest) is not None
    ]
    if given and args.threshold is None:
        msg = f"{', '.join(given)} adjust the disclosure control of --threshold, not given."
        raise InvalidOptionError(f"{msg}\n\nHint: give --threshold too, e.g. --threshold 5.")
    if args.missing_group is not None and not args.missing_group.strip():
        msg = (
            "--missing-group must not be empty: it labels the column of respondents without "
            "a group."
        )
        raise InvalidOptionError(f"{msg}\n\nHint: e.g. --missing-group 'No answer'.")


def _protection(args: argparse.Namespace) -> dict[str, Any] | None:
    """Return the protect() options given on the command line (None: only the threshold)."""
    given = {
        "level": args.protection_level,
        "zeros": args.zeros,
        "full": args.full,
        "marker": args.marker,
        "recodes": None if args.recodes is None else _recodes(args.recodes),
    }
    options = {name: value for name, value in given.items() if value is not None}
    return options or None


def _recodes(path: str) -> object:
    """Read the JSON file of ``--recodes`` (its shape is checked by tt.tabbook)."""
    import json

    hint = (
        'Hint: write {"band": ["q", {"Low": ["a", "b"], "High": ["c", "d"]}]}: '
        "band's Low is options a and b of q."
    )
    try:
        recodes = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        msg = f"--recodes {path!r} cannot be read as JSON: {error}."
        raise ReadError(f"{msg}\n\n{hint}", path=path) from error
    if recodes is None:
        # tt.tabbook reads None as "no recodes": a file of null would be dropped unread.
        msg = f"--recodes {path!r} holds null, not a mapping of question ids ({{}} for none)."
        raise ReadError(f"{msg}\n\n{hint}", path=path)
    return recodes


def _numbers(data: pd.DataFrame, column: str, option: str, source: str) -> pd.Series:
    """Return a column of the response file as numbers (a weight or an fpc), or refuse it."""
    if column not in data.columns:
        msg = f"{option} {column!r}: no such column in {source}."
        raise TracktrError(msg)
    try:
        return pd.to_numeric(data[column]).astype(float)
    except (TypeError, ValueError) as error:
        from tracktr.exceptions import rows_named

        # Named, as every refused answer is: which cells, and where (the rows' labels,
        # which _rows_in_file names as respondents or lines).
        cells = data[column]
        bad = pd.to_numeric(cells, errors="coerce").isna() & cells.notna()
        values = list(dict.fromkeys(cells[bad].tolist()))
        msg = (
            f"{option} {column!r}: the column holds values that are not numbers, "
            f"{values[:5]} in rows {rows_named(list(cells.index[bad.to_numpy()]), shown=10)}."
        )
        hint = f"Hint: correct those cells in {source}, or give {option} another column."
        raise TracktrError(f"{msg}\n\n{hint}") from error


def _tabbook_design(args: argparse.Namespace, survey: Any) -> Any:
    """Return the tab book's design: from the options, else the codebook's [design], or None.

    ``--strata``, ``--clusters``, ``--fpc`` or ``--lonely-psu`` declare a design (with
    ``--weights`` as its weights) in place of the codebook's; ``--no-design`` ignores the
    codebook's; ``--weights`` alone is a weighted book with Kish letters, unless the
    codebook declares a design with these weights.
    """
    from tracktr.design import Design

    parts = {"strata": args.strata, "clusters": args.clusters, "fpc": args.fpc}
    given = any(v is not None for v in parts.values()) or args.lonely_psu is not None
    if args.no_design:
        if given:
            msg = "--no-design cannot be given with --strata, --clusters, --fpc or --lonely-psu."
            raise InvalidOptionError(f"{msg}\n\nHint: drop --no-design to use that design.")
        return None
    if given:
        return Design(weights=args.weights, **parts, lonely_psu=args.lonely_psu or "fail")
    declared = getattr(survey, "design", None)
    if not declared:
        return None
    design = Design.from_survey(survey)
    if args.weights is not None and args.weights != design.weights:
        msg = (
            f"--weights {args.weights!r} differ from the codebook's [design] weights "
            f"{design.weights!r}."
        )
        hint = (
            "Hint: drop --weights to use the codebook's design, or add --no-design to "
            "weight by --weights alone (Kish letters instead of design-based ones)."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return design


_GIVEN = "_tracktr_given"
"""The attribute of the parsed namespace listing the options given so far (as argparse
keeps its own unrecognised arguments there)."""

_TWICE_HINTS = {"banner": "list the banners in one --banner, comma-separated: --banner a,b"}
"""What to do instead of repeating an option, where more than "give it once" is meant."""


class _Once(argparse.Action):
    """Store an option's value, and refuse a second one.

    argparse's own ``store`` keeps the last value without a word: ``--threshold 3
    --threshold 1`` protected the book at 1, ``--banner a --banner b`` dropped the banner a.
    Flags (``--no-nets``) say the same thing twice, so they are left as argparse has them.
    """

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        given: set[str] = vars(namespace).setdefault(_GIVEN, set())
        if self.option_strings and self.dest in given:
            first = getattr(namespace, self.dest)
            what = _TWICE_HINTS.get(self.dest, "give it once")
            msg = f"given twice ({first!r}, then {values!r}); {what}."
            raise argparse.ArgumentError(self, msg)
        given.add(self.dest)
        setattr(namespace, self.dest, values)


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like tracktr's own, and exit 2.

    An option that takes a value takes one: given twice, it is refused (:class:`_Once`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The default action of every option of every subcommand, so none is forgotten.
        self.register("action", None, _Once)
        self.register("action", "store", _Once)

    def error(self, message: str) -> NoReturn:
        hint = f" (see '{self.prog} --help')"
        self.exit(2, f"tracktr: error: {self.prog}: {message}{hint}\n")


def _protection_options(book: argparse.ArgumentParser) -> None:
    """Add the disclosure-control options of ``tracktr tabbook``."""
    protect = book.add_argument_group(
        "disclosure control", "protect the whole book as one set (as tt.disclosure.protect)"
    )
    protect.add_argument(
        "--threshold",
        type=int,
        help="hide counts of 1 to N-1 organisations and what reveals them (e.g. 5)",
    )
    protect.add_argument(
        "--protection-level", type=int, help="the protection level (default: the threshold)"
    )
    protect.add_argument("--zeros", choices=["publish", "protect"], help="protect zero counts")
    protect.add_argument(
        "--full", choices=["publish", "protect"], help="protect counts equal to their base"
    )
    protect.add_argument("--marker", help="shown in place of a hidden number (default [c])")
    protect.add_argument(
        "--recodes",
        metavar="FILE",
        help='a JSON file of the recodes a reader knows: {"band": ["q", {"Low": ["a", "b"]}]}',
    )


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="tracktr",
        description="Statistics for surveys of member organisations, with exact percentages.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_OneLineParser)

    reproduce = sub.add_parser(
        "reproduce", help="rebuild the 2016 report's tables and compare them with the print"
    )
    reproduce.add_argument("--format", choices=["text", "markdown", "html", "json"], default="text")
    reproduce.add_argument("--output", help="a folder: write one file per table there")
    reproduce.set_defaults(run=_cmd_reproduce)

    check = sub.add_parser(
        "check",
        help="check a report's figures file, or one printed percentage and its base",
        epilog=_CHECK_EXIT,
        formatter_class=argparse.RawDescriptionHelpFormatter,  # the epilog's list as written
    )
    check.add_argument(
        "value", nargs="?", help="a figures file (.csv, .toml), or a printed percentage, e.g. 67"
    )
    check.add_argument("base", nargs="?", type=int, help="the base it was printed with, e.g. 87")
    check.add_argument(
        "--decimals",
        type=int,
        help="decimal places the percentage is printed with, 0-3 (default: the digits "
        "typed, as in a figures file: 12.5 has 1)",
    )
    check.add_argument(
        "--reference", action="store_true", help="check every figure of the 2016 report"
    )
    check.add_argument(
        "--format",
        choices=["text", "csv", "markdown", "html"],
        help="how to write the findings (default: text, or what the --output suffix says; "
        "given with --output, it must agree with the suffix)",
    )
    check.add_argument(
        "--output",
        help="a file to write the findings to; its suffix (.csv, .md, .html, .txt) says how",
    )
    check.add_argument(
        "--encoding",
        help="the figures CSV file's text encoding, e.g. cp1252 for Excel's 'CSV (Comma "
        "delimited)' on Windows (default: UTF-8)",
    )
    check.add_argument(
        "--fail-on",
        choices=_FAIL_ON,
        help="exit 1 when a figure is found this severe or more (default: exit 0 after "
        "printing the findings; an error exits 2 either way)",
    )
    check.set_defaults(run=_cmd_check)

    tabulate = sub.add_parser("tabulate", help="tabulate one question of a response file")
    tabulate.add_argument("data", help="a CSV or Excel file, one row per respondent")
    tabulate.add_argument(
        "question",
        help="the question id (column); a numeric question is tabulated in its codebook bands",
    )
    tabulate.add_argument("--codebook", help="a TOML codebook describing the survey")
    tabulate.add_argument("--options", help="without a codebook: options in order, comma-separated")
    tabulate.add_argument(
        "--by",
        help="a column whose groups become the table's columns; a numeric question is "
        "grouped by its codebook bands",
    )
    tabulate.add_argument(
        "--rule", default="half_up", choices=list(get_args(RoundingRule)), help="the rounding rule"
    )
    tabulate.add_argument("--format", choices=["text", "markdown"], default="text")
    _file_options(tabulate)
    tabulate.set_defaults(run=_cmd_tabulate)

    book = sub.add_parser("tabbook", help="every question by several banners, in one file")
    book.add_argument("codebook", help="a TOML codebook")
    book.add_argument("data", help="a CSV or Excel file, one row per respondent")
    book.add_argument(
        "--banner",
        required=True,
        help="banner columns, comma-separated; nest with + (e.g. funder,region+funder)",
    )
    book.add_argument("-o", "--output", required=True, help="the file: .xlsx, .html, .md or .csv")
    book.add_argument("--weights", help="a column of weights")
    design = book.add_argument_group(
        "design", "a survey design (as tt.Design; by default the codebook's [design])"
    )
    design.add_argument("--strata", help="a column of strata")
    design.add_argument("--clusters", help="a column of primary sampling units (clusters)")
    design.add_argument("--fpc", help="a column of finite population corrections")
    design.add_argument(
        "--lonely-psu",
        choices=list(get_args(LonelyPSU)),
        help="a stratum with one PSU, as R's survey.lonely.psu (default: fail)",
    )
    design.add_argument("--no-design", action="store_true", help="ignore the codebook's [design]")
    book.add_argument("--layout", choices=["sheets", "long"], default="sheets")
    book.add_argument("--missing-group", help="a column label for respondents without a group")
    book.add_argument("--no-letters", action="store_true", help="no significance letters")
    book.add_argument("--no-nets", action="store_true", help="no nets or mean scores")
    _protection_options(book)
    _file_options(book)
    book.set_defaults(run=_cmd_tabbook)

    validate = sub.add_parser("validate", help="validate a response file against a codebook")
    validate.add_argument("data", help="a CSV or Excel file, one row per respondent")
    validate.add_argument("codebook", help="a TOML codebook")
    _file_options(validate)
    validate.set_defaults(run=_cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``tracktr`` command; return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; defaults to ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success; 1 when ``tracktr check --fail-on VERDICT`` found a figure that
        severe or more; 2 when an error was reported, as one line ``tracktr: error: ...`` on
        standard error (a tracktr error, or a file that cannot be read or written); 1 when
        the reader of the output went away (``tracktr reproduce | head``). An error that
        names a file (one that cannot be read or written, a folder where a file is
        expected, a full disk, standard output included) is one line naming it. Any other
        exception is a bug in tracktr: its traceback is printed with a line saying so,
        and the code is 70 (``BUG_EXIT``).

    Examples
    --------
    >>> from tracktr.cli import main
    >>> main(["check", "67", "87"])  # doctest: +ELLIPSIS
    PercentCheck(...)
    0
    """
    args = _parser().parse_args(argv)
    vars(args).pop(_GIVEN, None)
    try:
        with _naming_stdout():
            code: int = args.run(args)
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader closed the pipe (`| head`): stop quietly. Point stdout at devnull so
        # that Python's flush at exit does not raise again (the Python docs' recipe).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("tracktr: interrupted", file=sys.stderr)
        return 130  # the shell's code for a run ended by Ctrl-C (128 + SIGINT)
    except TracktrError as error:
        text = _for_the_command_line(_one_line(error), getattr(args, "command", None))
        print(f"tracktr: error: {text}", file=sys.stderr)
        return 2
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"tracktr: error: {where}{error.strerror or error}", file=sys.stderr)
        return 2
    except Exception:
        # Anything else is tracktr's own fault, not the user's files': the traceback shows
        # where, and the last line says so (a bare traceback read as the user's mistake).
        traceback.print_exc()
        print(_BUG, file=sys.stderr)
        return BUG_EXIT
    return code


def _process_main() -> int:
    """Run the command as a process of its own (its script, ``python -m tracktr``).

    :func:`main`, then a quick exit: at exit Python's collector walks every object still
    alive, several times, only to find them referenced (after pandas, about 100 ms of
    a 0.5 s ``tracktr reproduce``, the wait for the next prompt). :func:`gc.freeze`
    leaves them to the modules' teardown and the operating system instead; the output is
    written and flushed by then. Only at the end of a process: in one that goes on,
    frozen objects that become garbage in cycles are never collected, so :func:`main`,
    which tests and scripts call, leaves the collector as it is.
    """
    code = main()
    gc.freeze()
    return code


BUG_EXIT = 70
"""The exit code of an unexpected error: a bug in tracktr (sysexits' EX_SOFTWARE)."""

_BUG = (
    "tracktr: internal error: this is a bug in tracktr, not a problem with your files. "
    "Please report it to the tracktr maintainers with the command you ran, the traceback "
    'above and `python -c "import tracktr; print(tracktr.__version__)"`.'
)


class _NamedOutput:
    """Standard output whose write errors name it, as a file's name the file.

    Writing into a full disk (``tracktr reproduce > out.txt``) raised an OSError without
    a file name: "tracktr: error: No space left on device" did not say which file.
    A broken pipe is left as it is (``| head``: stopped quietly).
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with _named("standard output"):
            return int(self._stream.write(text))

    def flush(self) -> None:
        with _named("standard output"):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _named(name: str) -> Iterator[None]:
    """Give an OSError without a file name (other than a broken pipe) the name `name`."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        if error.filename is not None:
            raise
        raise OSError(error.errno, error.strerror or str(error), name) from error


@contextlib.contextmanager
def _naming_stdout() -> Iterator[None]:
    stream = sys.stdout
    sys.stdout = _NamedOutput(stream)
    try:
        yield
    finally:
        sys.stdout = stream


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_process_main())

"""Response files larger than memory, scanned by DuckDB or polars and counted in the engine.

:func:`scan` opens a CSV or Parquet file lazily: nothing is read until a question is
validated or tabulated, and then the engine reads the file itself and returns only the
distinct answer patterns of the columns involved (a question, the questions its routing
reads, the grouping column), each with its number of respondents. tracktr prepares and
validates those patterns exactly as :meth:`tracktr.Survey.prepare` prepares rows (codes to
labels, blanks to skipped or not asked by the routing, every value checked against the
codebook) and counts them with the numbers of respondents as frequency weights, which
gives the tables the whole file would give in memory. A failure names the respondents
(up to `limit` of each failing pattern) found by a second, filtered scan.

Memory is bounded by the number of distinct patterns, not by the number of rows.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from tracktr import _engine
from tracktr.exceptions import InvalidOptionError, ReadError, SurveyValidationError
from tracktr.io._files import existing_file
from tracktr.io.csvfile import _convert
from tracktr.survey import Survey
from tracktr.survey._patterns import PatternCheck
from tracktr.table import Table
from tracktr.tabulate import count_patterns, frequencies, grid, multi_response, tabulate
from tracktr.typing import check_choice

__all__ = ["Scan", "ScanEngine", "scan"]

ScanEngine = Literal["duckdb", "polars"]
_SUFFIXES = (".csv", ".txt", ".tsv", ".parquet", ".pq", ".gz")
_PATTERN = "__tracktr_pattern__"


@dataclass(frozen=True, slots=True)
class Scan:
    r"""A response file opened lazily by an engine, with the codebook that describes it.

    Attributes
    ----------
    path : pathlib.Path
        The file.
    survey : Survey
        The codebook.
    engine : {"duckdb", "polars"}
        The engine that reads the file.
    frame : object
        The engine's lazy frame (a DuckDB relation or a polars LazyFrame), every cell text
        for CSV files; nothing is read until a method needs it.
    limit : int
        How many respondents of each failing answer pattern a failure names.

    Examples
    --------
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]}]})
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "answers.csv"
    >>> _ = path.write_text("respondent_id,size\n1,Small\n2,Large\n3,Large\n4,\n")
    >>> answers = tt.io.scan(path, survey)
    >>> answers.tabulate("size").counts["All"].tolist()
    [1, 2]
    >>> answers.validate()
    Scan('answers.csv', engine='duckdb', 4 respondents)
    """

    path: Path
    survey: Survey
    engine: ScanEngine
    frame: Any
    limit: int = 20

    def __repr__(self) -> str:
        return f"Scan({self.path.name!r}, engine={self.engine!r}, {self.rows()} respondents)"

    def rows(self) -> int:
        """Return the number of rows of the file (one scan of the engine)."""
        counted = _engine.aggregate(self.frame, [], question="(rows)")
        return int(counted[_engine.COUNT].sum()) if len(counted) else 0

    def failures(self, *, allow_extra_columns: bool = False) -> pd.DataFrame:
        """Return every failure of the file against the codebook, one row per respondent named.

        Parameters
        ----------
        allow_extra_columns : bool, default False
            Accept columns the codebook does not describe.

        Returns
        -------
        pandas.DataFrame
            The columns of :attr:`tracktr.SurveyValidationError.failures` (question,
            column, respondent_id, value, check, expected); empty if the file is valid.
        """
        return self._check().failures(allow_extra_columns=allow_extra_columns)

    def validate(self, *, allow_extra_columns: bool = False) -> Scan:
        """Check every value and every routing of the file; raise listing every failure.

        Returns
        -------
        Scan
            Itself, so that ``tt.io.scan(path, survey).validate().tabulate(...)`` reads.

        Raises
        ------
        tracktr.SurveyValidationError
            With ``.failures`` as :meth:`failures` returns them.
        """
        failures = self.failures(allow_extra_columns=allow_extra_columns)
        if len(failures):
            lines = [f"{str(self.path)!r}: {len(failures)} failure(s) against {self.survey.title}:"]
            lines += [
                f"- {row.check}: question {row.question!r}, column {row.column!r}, "
                f"respondent {row.respondent_id!r}: {row.value!r}; expected {row.expected}"
                for row in failures.head(20).itertuples(index=False)
            ]
            lines.append("\nHint: `error.failures` lists every failure as a DataFrame.")
            raise SurveyValidationError("\n".join(lines), failures=failures)
        return self

    def tabulate(self, question: str, /, *, by: str | None = None, **options: Any) -> Table:
        """Tabulate one question of the file, counted by the engine.

        Parameters
        ----------
        question : str
            A question of the codebook.
        by : str, optional
            A question (or column) whose groups become the table's columns.
        **options
            Passed on to :func:`tracktr.tabulate` (``dont_know=``, ``rule=``, ...).

        Returns
        -------
        Table
            Equal to the table of the whole file read into memory and prepared.

        Raises
        ------
        tracktr.SurveyValidationError
            If the columns involved do not validate (the failing respondents named).
        """
        if "weights" in options:
            msg = "Scan.tabulate() counts respondents; weighted scans are not offered yet."
            hint = "Hint: read the file with the engine and pass the frame to tt.frequencies."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        check = self._check()
        involved = check.closure([question, *([by] if by else [])])
        extra = [by] if by is not None and by not in self.survey.columns else []
        prepared, failures = check.prepared(involved, extra)
        if len(failures):
            raise SurveyValidationError(
                f"{str(self.path)!r}: question {question!r} does not validate "
                f"({len(failures)} failure(s)).\n\nHint: run .validate() to list them.",
                failures=failures,
            )
        grouped = {} if by is None else {"by": by}
        survey = check.subsurvey(involved)
        kinds = {"single": frequencies, "ordinal": frequencies, "multi": multi_response}
        function = kinds.get(survey.spec(question).type, grid)
        if survey.spec(question).type not in {*kinds, "grid"}:
            function = tabulate  # raises its error for numeric and text questions
        return count_patterns(function, prepared, question, survey=survey, **grouped, **options)

    # -- helpers -------------------------------------------------------------------------

    def _check(self) -> PatternCheck:
        return PatternCheck(self.survey, self.frame, self.limit, _convert)


def _refuse_cut_off(path: Path, sep: str) -> None:
    """Raise if a CSV file ends mid-row: no final newline and fewer fields than the header.

    polars reads such a row with its missing cells blank (skipped answers), DuckDB fails
    to sniff the file; only the header and the file's tail are read, so a large file
    costs nothing more.
    """
    if path.suffix.lower() not in {".csv", ".txt", ".tsv"}:
        return  # Parquet has no rows to cut; a compressed file is checked by its reader
    with path.open("rb") as handle:
        header = handle.readline()
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(len(header), size - 65_536))
        tail = handle.read()
    if not tail or tail.endswith((b"\n", b"\r")) or b'"' in tail.rsplit(b"\n", 1)[-1]:
        return  # complete, header only, or a last line inside quotes: nothing to tell
    last = tail.rsplit(b"\n", 1)[-1]
    fields = next(csv.reader([header.decode("utf-8-sig", "replace").rstrip("\r\n")], delimiter=sep))
    cells = last.decode("utf-8", "replace").split(sep)
    if len(cells) < len(fields):
        msg = (
            f"{str(path)!r}: the last row ({last.decode('utf-8', 'replace')[:40]!r}) has "
            f"{len(cells)} of the {len(fields)} cells of the header and the file ends "
            "without a newline: the file looks cut off."
        )
        hint = "Hint: copy or export the file again."
        raise ReadError(f"{msg}\n\n{hint}", path=str(path))


def _open(path: Path, engine: ScanEngine, sep: str) -> Any:
    parquet = path.suffix.lower() in {".parquet", ".pq"}
    if engine == "duckdb":
        import duckdb

        connection = duckdb.connect()
        if parquet:
            return connection.read_parquet(str(path))
        # Every cell as text, and only an empty cell is blank: "NA", "None" and "null"
        # are answers until the codebook says otherwise.
        return connection.read_csv(str(path), all_varchar=True, header=True, sep=sep)
    import polars as pl

    if parquet:
        return pl.scan_parquet(path)
    return pl.scan_csv(path, infer_schema=False, separator=sep)


def scan(
    path: str | os.PathLike[str],
    survey: Survey,
    /,
    *,
    engine: ScanEngine = "duckdb",
    sep: str = ",",
    limit: int = 20,
) -> Scan:
    r"""Open a CSV or Parquet response file lazily, to validate and tabulate it in an engine.

    Parameters
    ----------
    path : str or path
        A CSV (every cell read as text) or Parquet file.
    survey : Survey
        The codebook.
    engine : {"duckdb", "polars"}, default "duckdb"
        Which engine reads the file: DuckDB (embedded; streams files larger than memory)
        or polars' lazy scanner. Each needs the ``engines`` extra.
    sep : str, default ","
        The delimiter of a CSV file.
    limit : int, default 20
        How many respondents of each failing answer pattern a failure names.

    Returns
    -------
    Scan
        The lazily opened file; :meth:`Scan.validate`, :meth:`Scan.tabulate` and
        :meth:`Scan.failures` read it.

    Raises
    ------
    tracktr.ReadError
        If the file does not exist or the engine cannot open it.

    See Also
    --------
    read_csv : the file read into memory (pandas).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]}]})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "answers.csv"
    >>> _ = path.write_text("respondent_id,size\n1,Small\n2,Huge\n")
    >>> try:
    ...     tt.io.scan(path, survey, engine="polars").validate()
    ... except tt.SurveyValidationError as error:
    ...     print(error.failures[["question", "respondent_id", "value", "check"]])
      question respondent_id value          check
    0     size             2  Huge  unknown_value
    """
    check_choice(engine, ScanEngine, name="engine")
    file = existing_file(path, suffixes=_SUFFIXES, what="a CSV or Parquet file")
    _refuse_cut_off(Path(file), sep)
    try:
        frame = _open(Path(file), engine, sep)
    except ImportError as error:
        msg = f"tt.io.scan(engine={engine!r}) needs {engine}."
        raise ReadError(f'{msg}\n\nHint: pip install "tracktr[engines]"', path=str(path)) from error
    except Exception as error:  # the engine's own error class for a file it cannot read
        msg = f"{str(path)!r}: {engine} cannot open it ({type(error).__name__}: {error})."
        raise ReadError(msg, path=str(path)) from error
    return Scan(Path(file), survey, engine, frame, limit)

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

Respondent ids are read as :func:`tracktr.io.read_csv` reads them: when every id of a CSV
file is a whole number, they are numbers (``03``, ``3.0`` and ``3`` are one respondent), converted
in the engine. Before the first table, one grouped query of the engine finds the blank
and repeated ids (only those come back), so that no respondent is counted twice.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from tracktr import _engine
from tracktr.exceptions import (
    EngineError,
    InvalidOptionError,
    InvalidWeightsError,
    ReadError,
    SurveyValidationError,
    install_hint,
)
from tracktr.io._cells import _fail
from tracktr.io._files import existing_file
from tracktr.io._scan_ids import FileCheck, file_id_failures, id_lines, integer_ids
from tracktr.io._scan_shape import (
    _LINE,
    _WIDTH,
    _first_ragged,
    _line_end,
    _names,
    _polars_shape,
    _ragged,
    _refuse_cut_off,
    _without_blank_lines,
)
from tracktr.io.csvfile import _convert
from tracktr.missing import MARKERS
from tracktr.survey import Survey

# The engine's count of the blank and repeated ids (by this name, tests spy on it), and the
# whitespace its queries strip, which a test checks against all of Unicode.
from tracktr.survey._engine_ids import SPACE as _SPACE  # noqa: F401  (read by a test)
from tracktr.survey._engine_ids import count_ids as _repeated_ids
from tracktr.survey._patterns import PatternCheck
from tracktr.table import Table
from tracktr.tabulate import (
    count_patterns,
    frequencies,
    grid,
    multi_response,
    tabulate,
)
from tracktr.tabulate._common import with_unused_design_note
from tracktr.tabulate._engine_branch import weighted_patterns
from tracktr.typing import check_choice

__all__ = ["Scan", "ScanEngine", "scan"]

ScanEngine = Literal["duckdb", "polars"]
_SUFFIXES = (".csv", ".txt", ".tsv", ".parquet", ".pq", ".gz")
_PATTERN = "__tracktr_pattern__"
_WEIGHTS = "__tracktr_weights__"  # the weights column as numbers, added by the engine


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
    sep : str
        The delimiter of a CSV file.

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
    sep: str = ","
    # The id-converted frame and the id failures, found once per scan (a file of 1e8 rows
    # is not read again for every table); filled by _ids_frame() and _id_problems().
    _found: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"Scan({self.path.name!r}, engine={self.engine!r}, {self.rows()} respondents)"

    def rows(self) -> int:
        """Return the number of rows of the file (one scan of the engine)."""
        with self._reading():
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
            The columns of ``failures`` of :class:`~tracktr.SurveyValidationError` (question,
            column, respondent_id, value, check, expected); empty if the file is valid.
        """
        with self._reading():
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
            msg = _listed(f"{str(self.path)!r}", self.survey.title, failures)
            hint = "Hint: `error.failures` lists every failure as a DataFrame."
            raise SurveyValidationError(f"{msg}\n\n{hint}", failures=failures)
        return self

    def tabulate(
        self,
        question: str,
        /,
        *,
        by: str | None = None,
        weights: str | None = None,
        **options: Any,
    ) -> Table:
        r"""Tabulate one question of the file, counted by the engine.

        Parameters
        ----------
        question : str
            A question of the codebook.
        by : str, optional
            A question (or column) whose groups become the table's columns.
        weights : str, optional
            A column of the file holding each respondent's weight (text cells of a CSV file
            are read as numbers). The table is then weighted, with its unweighted and Kish
            effective bases, as :func:`tracktr.tabulate` gives with ``weights=``: the engine
            sums each answer pattern's weights and squared weights.
        **options
            Passed on to :func:`tracktr.tabulate` (``dont_know=``, ``rule=``, ...).

        Returns
        -------
        Table
            Equal to the table of the whole file read into memory and prepared.

        Raises
        ------
        tracktr.SurveyValidationError
            If a respondent id is blank or repeated, or the file has no id column (checked
            once per scan, before anything is counted; the ids and their lines named), or
            if the columns involved do not validate (the failing respondents named).
        tracktr.InvalidWeightsError
            If a weight is blank, not a number, negative or infinite (respondents named).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
        ...     {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]}]})
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "answers.csv"
        >>> _ = path.write_text("respondent_id,size,w\n1,Small,2.5\n2,Large,1\n3,Large,0.5\n")
        >>> table = tt.io.scan(path, survey).tabulate("size", weights="w")
        >>> table.counts["All"].tolist(), int(table.unweighted_bases["All"])
        ([2.5, 1.5], 3)

        A respondent written twice is refused, as :func:`tracktr.io.read_csv` refuses it
        (every id here is a whole number, so ``03`` is respondent 3):

        >>> _ = path.write_text("respondent_id,size\n1,Small\n3,Large\n03,Large\n")
        >>> try:
        ...     tt.io.scan(path, survey).tabulate("size")
        ... except tt.SurveyValidationError as error:
        ...     print(error.failures.loc[0, "check"], error.failures.loc[0, "value"])
        ...     print("3 at lines 3, 4" in str(error))
        duplicate_id (3,)
        True
        """
        self._refuse_bad_ids()
        check, column = self._weighted_check(weights)
        involved, extra = self._plan(check, question, by)
        with self._reading():
            prepared = check.prepared(involved, extra, weights=column)
        return self._table(check, question, by, involved, prepared, options, column is not None)

    def tables(
        self,
        questions: Sequence[str],
        /,
        *,
        by: Sequence[str | None] = (None,),
        weights: str | None = None,
        **options: Any,
    ) -> dict[tuple[str, str | None], Table]:
        r"""Tabulate several questions by several banners, one engine query per question.

        The tables of one question by every banner are counted together: the engine groups
        by the question's columns and every banner's at once, and tracktr's counting adds
        up the patterns of each table (the counts of the question by one banner are sums
        over the groups of the others). That is one query per question rather than one per
        table. Grouping by every banner at once multiplies a question's patterns by at most
        the number of combinations of the banners' values, so it is done when the codebook
        bounds those (options, missing kinds and blanks of the banners' columns multiply
        to at most 10,000); otherwise, or with a banner that is not a question of the
        codebook or a numeric one, the tables are counted one by one. The tables equal
        those of :meth:`tabulate`, one call per pair; if the columns do not validate, the
        tables are counted one by one so that the error is the one :meth:`tabulate` raises.

        Parameters
        ----------
        questions : sequence of str
            Questions of the codebook.
        by : sequence of str or None, default (None,)
            The banners: each a question (or column) whose groups become a table's
            columns, or None for a table of everyone.
        weights : str, optional
            A column of the file holding each respondent's weight: every table weighted,
            with unweighted and effective bases, as :meth:`tabulate` with ``weights=``.
        **options
            Passed on to :func:`tracktr.tabulate` for every table.

        Returns
        -------
        dict
            ``{(question, banner): Table}``, in the order of `questions`, then `by`.

        Raises
        ------
        tracktr.SurveyValidationError
            If a respondent id is blank or repeated (as :meth:`tabulate`), or if the
            columns of a table do not validate (the failing respondents named).
        tracktr.InvalidOptionError
            If `questions` or `by` is a str rather than a list.
        tracktr.InvalidWeightsError
            If a weight is blank, not a number, negative or infinite (respondents named).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
        ...     {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]},
        ...     {"id": "paid", "type": "single", "text": "Paid staff?", "options": ["Yes", "No"]}]})
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "answers.csv"
        >>> _ = path.write_text("respondent_id,size,paid\n1,Small,No\n2,Large,Yes\n3,Large,Yes\n")
        >>> book = tt.io.scan(path, survey).tables(["size", "paid"], by=[None, "paid"])
        >>> list(book)
        [('size', None), ('size', 'paid'), ('paid', None), ('paid', 'paid')]
        >>> book["size", "paid"].counts
               Yes  No  All
        Small    0   1    1
        Large    2   0    2
        >>> list(tt.io.scan(path, survey).tables(["size"]))  # by default, everyone
        [('size', None)]
        """
        # A str is a sequence too: by="region" was read as the banners 'r', 'e', 'g'...
        for name, given in (("questions", questions), ("by", by)):
            if isinstance(given, str):
                msg = f"Scan.tables() takes a list of {name}; got the text {given!r}."
                hint = f"Hint: pass {name}=[{given!r}]."
                raise InvalidOptionError(f"{msg}\n\n{hint}")
        self._refuse_bad_ids()
        check, column = self._weighted_check(weights)
        book: dict[tuple[str, str | None], Table] = {}
        for question in questions:
            self.survey.spec(question)
            banners = [b for b in by if b is not None]
            involved = check.closure([question, *banners])
            ids = {q.id for q in self.survey.questions}
            if all(b in ids for b in banners) and _bound(
                self.survey, _banner_columns(check, banners)
            ):
                with self._reading():
                    prepared = check.prepared(involved, [], weights=column)
                if not len(prepared[1]):
                    for banner in by:
                        book[question, banner] = self._table(
                            check, question, banner, involved, prepared, options,
                            column is not None,
                        )  # fmt: skip
                    continue
            for banner in by:
                book[question, banner] = self.tabulate(
                    question, by=banner, weights=weights, **options
                )
        return book

    def _weighted_check(self, weights: Any) -> tuple[PatternCheck, str | None]:
        """Return the pattern check, on the file with its weights as numbers when weighted.

        A CSV file's cells are text: the weights become numbers in the engine (a cell that
        is not a number becomes blank there) and every blank, non-number, negative or
        infinite weight is refused, naming the respondents, before anything is counted.
        """
        if weights is None:
            return self._check(), None
        if not isinstance(weights, str):
            msg = (
                "Scan.tabulate(weights=...) names a column of the file; got "
                f"{type(weights).__name__}."
            )
            hint = "Hint: add the weights to the file as a column and pass its name."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        with self._reading():
            names = _engine.schema_names(self.frame, question=weights)
        if weights not in names:
            close = [n for n in names if n.lower() == weights.lower()]
            msg = f"{str(self.path)!r}: weights {weights!r} is not a column of the file."
            hint = f"Hint: did you mean {close[0]!r}?" if close else "Hint: check the name."
            raise InvalidWeightsError(f"{msg}\n\n{hint}")
        frame = _numbers(self._ids_frame(), self.engine, weights)
        with self._reading():
            self._refuse_bad_weights(frame, weights)
        return self._check(frame), _WEIGHTS

    def _refuse_bad_weights(self, frame: Any, weights: str) -> None:
        import narwhals as nw

        number = nw.col(_WEIGHTS)
        bad = number.is_null() | number.is_nan() | (number < 0) | (number.abs() == float("inf"))
        rid = self.survey.respondent_id
        shown = [rid, weights] if rid in _engine.schema_names(self.frame) else [weights]
        with _engine.engine_failures(frame, question=weights, doing="checking the weights"):
            lazy = nw.from_native(frame)
            total = lazy.select(bad.cast(nw.Int64()).sum().alias("n"))
            found = lazy.filter(bad).select(*shown).head(self.limit)
            if isinstance(lazy, nw.LazyFrame):
                total, found = total.collect(), found.collect()
            count = int(total.to_pandas()["n"].iloc[0] or 0)
            rows = found.to_pandas()
        if count:
            said = ["blank" if pd.isna(v) else repr(v) for v in rows[weights]]
            ids = rows[rid].tolist() if rid in rows else [None] * len(said)
            listed = ", ".join(
                v if i is None else f"{i}: {v}" for i, v in zip(ids, said, strict=True)
            )
            msg = (
                f"{str(self.path)!r}: weights {weights!r}: {count} respondent(s) have a weight "
                f"that is blank, not a number, negative or infinite ({listed})."
            )
            hint = "Hint: give every respondent a finite weight (0 leaves one out on purpose)."
            raise InvalidWeightsError(f"{msg}\n\n{hint}")

    def _plan(
        self, check: PatternCheck, question: str, by: str | None
    ) -> tuple[list[str], list[str]]:
        """Return the questions a table involves (and those their routing reads), extra columns."""
        self.survey.spec(question)  # an unknown question is named, with the nearest ids
        involved = check.closure([question, *([by] if by else [])])
        extra = [by] if by is not None and by not in self.survey.columns else []
        return involved, extra

    def _table(  # noqa: PLR0917  (private: one call per caller, each value needed)
        self,
        check: PatternCheck,
        question: str,
        by: str | None,
        involved: list[str],
        prepared: tuple[pd.DataFrame, pd.DataFrame],
        options: dict[str, Any],
        weighted: bool = False,
    ) -> Table:
        patterns, failures = prepared
        if len(failures):
            raise SurveyValidationError(
                f"{str(self.path)!r}: question {question!r} does not validate "
                f"({len(failures)} failure(s)).\n\nHint: run .validate() to list them.",
                failures=failures,
            )
        grouped = {} if by is None else {"by": by}
        survey = check.subsurvey(involved)
        kinds: dict[str, Any] = {
            "single": frequencies, "ordinal": frequencies, "multi": multi_response,
        }  # fmt: skip
        function: Any = kinds.get(survey.spec(question).type, grid)
        if survey.spec(question).type not in {*kinds, "grid"}:
            function = tabulate  # raises its error for numeric and text questions
        if not weighted:
            options = {"survey": survey, **grouped, **options}
            table = count_patterns(function, patterns, question, **options)
            # Said as a table of the frame says it (its pattern codebook has no design).
            return with_unused_design_note(table, self.survey, None)
        options = {"survey": survey, **grouped, **options}
        return weighted_patterns(function, patterns, question, **options)  # as tabulate's engines

    def _check(self, frame: Any = None) -> PatternCheck:
        """Return the codebook's checks on the file (its ids converted), ids checked once."""
        frame = self._ids_frame() if frame is None else frame
        return FileCheck(self.survey, frame, self.limit, _convert, ids=self._id_problems)

    def _integers(self) -> bool:
        """Whether the ids are read as numbers: a CSV file whose every id is a whole number."""
        self._ids_frame()
        return bool(self._found["integers"])

    def _ids_frame(self) -> Any:
        """Return the frame with the ids as :func:`tracktr.io.read_csv` reads them (once).

        Parquet columns have their own types and are compared as stored.
        """
        if "frame" not in self._found:
            rid = self.survey.respondent_id
            frame = None
            if not _is_parquet(self.path) and rid in self._names():
                with (
                    self._reading(),
                    _engine.engine_failures(
                        self.frame, question=rid, doing="reading the respondent ids"
                    ),
                ):
                    frame = integer_ids(self.frame, self.engine, rid)
            self._found["integers"] = frame is not None
            self._found["frame"] = self.frame if frame is None else frame
        return self._found["frame"]

    def _names(self) -> list[str]:
        with self._reading():
            return _engine.schema_names(self.frame)

    def _id_problems(self) -> pd.DataFrame:
        """Return the failures of the respondent ids (absent column, blanks, repeats), once."""
        if "ids" not in self._found:
            self._found["ids"] = self._find_id_problems()
        problems: pd.DataFrame = self._found["ids"]
        return problems

    def _find_id_problems(self) -> pd.DataFrame:
        rid = self.survey.respondent_id
        names = self._names()
        if rid not in names:  # the failure validate() reports, without a scan
            return PatternCheck._id_failures(PatternCheck(self.survey, self.frame), names)
        frame = self._ids_frame()
        with self._reading():
            found = _repeated_ids(frame, rid)
        lines = None
        if found and not _is_parquet(self.path):  # (on this failing path only: read again)
            column = _names(self.path, self.sep).index(rid)
            lines = id_lines(self.path, self.sep, column, found, integers=self._integers())
        return file_id_failures(rid, found, lines, integers=self._integers())

    def _refuse_bad_ids(self) -> None:
        """Raise before counting if a respondent id is blank or repeated, or the column absent.

        A table counts rows: a respondent written twice would be counted twice, and the
        file read into memory (read_csv, prepare) is refused. The check is the one
        :meth:`validate` reports, found once per scan.
        """
        failures = self._id_problems()
        if len(failures):
            rid = self.survey.respondent_id
            msg = _listed(f"{str(self.path)!r}: respondent ids", self.survey.title, failures)
            hint = (
                f"Hint: a table counts rows, so each respondent needs one row with its own id "
                f"in column {rid!r}: remove repeated rows and give rows with a blank id their "
                "id, then scan the file again."
            )
            raise SurveyValidationError(f"{msg}\n\n{hint}", failures=failures)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Report the engine's failure to read the file as a ReadError about the file.

        DuckDB finds a row with too many or too few cells only when a query reaches it:
        its error names the line, which becomes the message of the in-memory reader.
        """
        try:
            yield
        except EngineError as error:
            cause = error.__cause__
            said = str(cause) if cause is not None else str(error)
            where = str(self.path)
            line = _LINE.search(said)
            width = _WIDTH.search(said)
            if line and width:
                # DuckDB counts records, not lines: a quoted cell spanning lines before the
                # row shifts its count. Python's csv module finds the same row by line, reading
                # the file up to it (on this failing path only).
                columns = int(width.group(1))
                shown = _first_ragged(self.path, self.sep, columns) or [
                    (int(line.group(1)), int(width.group(2)))
                ]
                raise _ragged(where, shown, len(shown), columns) from cause
            first = next((t.strip() for t in said.splitlines() if t.strip()), said)
            place = f"line {line.group(1)}" if line else "the file"
            raise _fail(
                where,
                f"{self.engine} cannot read {place} ({self.engine} says: {first}).",
                "check the file's quotes and separator on that line, or export it again.",
            ) from cause


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() in {".parquet", ".pq"}


def _listed(subject: str, title: str, failures: pd.DataFrame) -> str:
    """Return a validation error's message: how many failures, then the first 20 listed."""
    lines = [f"{subject}: {len(failures)} failure(s) against {title}:"]
    lines += [
        f"- {row.check}: question {row.question!r}, column {row.column!r}, "
        f"respondent {row.respondent_id!r}: {row.value!r}; expected {row.expected}"
        for row in failures.head(20).itertuples(index=False)
    ]
    return "\n".join(lines)


def _banner_columns(check: PatternCheck, banners: Sequence[str]) -> list[str]:
    """Return the columns of the banners' questions (none when the only banner is everyone).

    With no banner, the sub-codebook of the banners would hold no question, which a
    codebook may not.
    """
    return check.columns(check.closure(banners), []) if banners else []


_COMBINATIONS = 10_000  # the most combinations of banner values Scan.tables groups by at once


def _bound(survey: Survey, columns: Sequence[str]) -> bool:
    """Whether the codebook bounds the value combinations of `columns` to :data:`_COMBINATIONS`.

    A column holds its options (as labels or codes), the missing markers or a blank; a
    tick column its true and false codes. Numeric and text columns are not bounded.
    """
    owner = {c: q for q in survey.questions for c in q.columns}
    product = 1
    for column in columns:
        question = owner.get(column)
        if question is None or question.type not in {"single", "ordinal", "multi", "grid"}:
            return False
        values = 2 if question.type == "multi" else len(question.options)
        # Labels or codes (2 each), markers, a blank, and a few spellings of true/false.
        product *= 2 * values + len(MARKERS) + 1 + (4 if question.type == "multi" else 0)
        if product > _COMBINATIONS:
            return False
    return True


def _numbers(frame: Any, engine: ScanEngine, column: str) -> Any:
    """Return the engine frame with `column` as numbers in :data:`_WEIGHTS` (else blank)."""
    if engine == "duckdb":
        quoted = _engine.sql_identifier(column)
        kind = str(dict(zip(frame.columns, frame.types, strict=True))[column])
        # A bare TRY_CAST of a CSV column is pushed into DuckDB's reader, which then fails
        # on a cell that is not a number ("CSV Error on Line"): trim() keeps it a cast.
        number = f"TRY_CAST({quoted} AS DOUBLE)"
        if kind == "VARCHAR":
            # DuckDB's cast reads "1_000" as 1000 and "1_0.5" as 10.5; tracktr reads no
            # number with an underscore (tracktr._numbers), nor does polars: a blank here,
            # refused as not a number.
            number = (
                f"CASE WHEN NOT contains({quoted}, '_') THEN TRY_CAST(trim({quoted}) AS DOUBLE) END"
            )
        return frame.project(f'*, {number} AS "{_WEIGHTS}"')
    import polars as pl

    expr = _engine.polars_column(frame, column)  # the column itself, never a pattern
    if frame.collect_schema()[column] == pl.String:
        expr = expr.str.strip_chars()  # " 1.5" is 1.5, as DuckDB's trim() reads it
    return frame.with_columns(expr.cast(pl.Float64, strict=False).alias(_WEIGHTS))


def _open(path: Path, engine: ScanEngine, sep: str) -> Any:
    parquet = _is_parquet(path)
    if engine == "duckdb":
        import duckdb

        connection = duckdb.connect()
        if parquet:
            return connection.read_parquet(str(path))
        # Every cell as text, and only an empty cell is blank: "NA", "None" and "null"
        # are answers until the codebook says otherwise. The dialect is given, not
        # sniffed: DuckDB's sniffer can take a ragged file's last line for its header.
        # A row with another number of cells fails the query that reaches it, naming it.
        columns = dict.fromkeys(_names(path, sep), "VARCHAR")
        return connection.read_csv(
            str(path),
            header=True,
            sep=sep,
            quotechar='"',
            escapechar='"',
            auto_detect=False,
            columns=columns,
        )
    import polars as pl

    if parquet:
        return pl.scan_parquet(path)
    names = _names(path, sep)
    eol = _line_end(path)
    shape = _polars_shape(path, sep, len(names), eol)
    frame = pl.scan_csv(path, infer_schema=False, separator=sep, eol_char=eol)
    return _without_blank_lines(frame, path, sep, eol, shape) if shape.blank else frame


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
    except ReadError:
        raise
    except ImportError as error:
        msg = f"tt.io.scan(engine={engine!r}) needs {engine}."
        hint = f"Hint: {install_hint('engines')}."
        raise ReadError(f"{msg}\n\n{hint}", path=str(path)) from error
    except Exception as error:  # the engine's own error class for a file it cannot read
        msg = f"{str(path)!r}: {engine} cannot open it ({type(error).__name__}: {error})."
        raise ReadError(msg, path=str(path)) from error
    return Scan(Path(file), survey, engine, frame, limit, sep)

"""Validating and preparing a frame of another engine through its distinct answer patterns.

The checks of :meth:`tracktr.Survey.validate` and :meth:`tracktr.Survey.prepare` read
every cell of a pandas frame. On a frame that another engine holds (polars, DuckDB, Dask,
Spark, a file scanned lazily), the engine instead returns the distinct answer patterns of
the columns one question involves (its own and those its routing reads) with their numbers
of respondents, and the pandas checks run on those patterns: a value or a routing is wrong
in a pattern exactly when it is wrong for every respondent who gave that pattern. The
respondents behind a failing pattern are then found by one filtered query (at most
`limit` of them), and respondent ids are checked by one grouped query that brings back
only the blank and repeated ones (tracktr.survey._engine_ids).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from tracktr import _engine
from tracktr.exceptions import SurveyValidationError

if TYPE_CHECKING:
    from tracktr.survey._survey import Survey

__all__ = ["PatternCheck"]


def _unchanged(survey: Survey, frame: pd.DataFrame) -> pd.DataFrame:
    return frame


@dataclass(frozen=True, slots=True)
class PatternCheck:
    """A codebook's checks, run on the distinct answer patterns of an engine frame.

    Attributes
    ----------
    survey : Survey
        The codebook.
    frame : object
        A frame narwhals reads (not pandas).
    limit : int
        How many respondents of each failing pattern a failure names.
    convert : callable
        Applied to each pandas frame of patterns before it is prepared (CSV files turn
        their text ticks into 1/0 here).
    strict : bool
        Check the patterns as :meth:`tracktr.Survey.validate` checks a pandas frame
        (``" Large"`` or the text ``"1"`` of a numeric question fails), rather than as
        :meth:`tracktr.Survey.prepare` reads one (which strips text and converts number
        text, as reading a CSV file does).

    Examples
    --------
    >>> import polars as pl
    >>> import tracktr as tt
    >>> from tracktr.survey._patterns import PatternCheck
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]}]})
    >>> frame = pl.DataFrame({"respondent_id": [1, 2, 3], "size": ["Small", "Huge", "Huge"]})
    >>> PatternCheck(survey, frame).failures()[["respondent_id", "value", "check"]]
      respondent_id value          check
    0             2  Huge  unknown_value
    1             3  Huge  unknown_value
    """

    survey: Survey
    frame: Any
    limit: int = 20
    convert: Callable[[Survey, pd.DataFrame], pd.DataFrame] = field(default=_unchanged)
    strict: bool = False

    def failures(self, *, allow_extra_columns: bool = False) -> pd.DataFrame:
        """Return every failure of the frame against the codebook, one row per respondent named.

        Parameters
        ----------
        allow_extra_columns : bool, default False
            Accept columns the codebook does not describe.

        Returns
        -------
        pandas.DataFrame
            The columns of ``failures`` of :class:`~tracktr.SurveyValidationError` (question,
            column, respondent_id, value, check, expected); empty if the frame is valid.
        """
        # Imported here: the validation module imports this one.
        from tracktr.survey._checks import column_failures

        names = _engine.schema_names(self.frame)
        found: list[pd.DataFrame] = [self._id_failures(names)]
        missing, incomplete = column_failures(
            self.survey, names, allow_extra_columns=allow_extra_columns
        )
        found += [_failure(q, c, None, None, check, why) for q, c, check, why in missing if not q]
        for question in self.survey.questions:
            if question.id in incomplete:
                found += [
                    _failure(q, c, None, None, check, why)
                    for q, c, check, why in missing
                    if q == question.id
                ]
                continue
            found.append(self._question_failures(question.id, names))
        frames = [f for f in found if len(f)]
        if not frames:
            return _no_failures()
        return pd.concat(frames, ignore_index=True)

    def closure(self, ids: Iterable[str]) -> list[str]:
        """Return the questions `ids` name and, transitively, every question their routing reads."""
        wanted: list[str] = []
        stack = [i for i in ids if i in {q.id for q in self.survey.questions}]
        while stack:
            current = stack.pop()
            if current in wanted:
                continue
            wanted.append(current)
            condition = self.survey.question(current).ask_if
            if condition is not None:
                stack.extend(condition.questions())
        order = [q.id for q in self.survey.questions]
        return sorted(wanted, key=order.index)

    def subsurvey(self, ids: Sequence[str]) -> Survey:
        mapping = self.survey.to_dict()
        mapping["questions"] = [q for q in mapping["questions"] if q["id"] in ids]
        # Its frames hold the answer patterns of these questions, never the [design]
        # columns, which validation would name as missing (the file's are checked whole).
        mapping.pop("design", None)
        # The codebook's own class: this module is imported by validation, beneath Survey.
        return type(self.survey).from_dict(mapping)

    def columns(self, ids: Sequence[str], extra: Sequence[str]) -> list[str]:
        """Return the columns whose patterns :meth:`prepared` counts for `ids` and `extra`."""
        survey = self.subsurvey(ids)
        return [*(c for q in survey.questions for c in q.columns), *extra]

    def prepared(
        self, ids: Sequence[str], extra: Sequence[str], *, weights: str | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Prepare the distinct patterns of the questions `ids`; failures name respondents.

        With `weights` (a numeric column of the frame), each pattern also carries its summed
        weights and squared weights (:data:`tracktr._engine.WEIGHT`, ``SQUARES``), and its
        respondents with a weight of 0 (``ZEROS``).
        """
        survey = self.subsurvey(ids)
        columns = self.columns(ids, extra)
        patterns = _engine.aggregate(
            self.frame, columns, question=ids[0] if ids else "", weights=weights,
            squares=weights is not None,
        )  # fmt: skip
        text = patterns[columns].astype(object).where(patterns[columns].notna(), None)
        frame = self.convert(survey, text.astype(object))
        frame.insert(0, survey.respondent_id, range(len(frame)))
        frame[_engine.COUNT] = patterns[_engine.COUNT].to_numpy()
        if weights is not None:
            frame[_engine.WEIGHT] = patterns[_engine.WEIGHT].to_numpy(dtype=float)
            frame[_engine.SQUARES] = patterns[_engine.SQUARES].to_numpy(dtype=float)
            frame[_engine.ZEROS] = patterns[_engine.ZEROS].to_numpy(dtype=float)
        # validate() refuses what prepare() would change (" Large", the text "1" of a
        # numeric question); both return the frame they checked, typed.
        try:
            if self.strict:
                prepared = survey.validate(frame, allow_extra_columns=True)
            else:
                prepared = survey.prepare(frame, allow_extra_columns=True).data
        except SurveyValidationError as error:
            failing = error.failures
            return frame, self._named(failing, patterns, columns)
        return prepared, _no_failures()

    def _question_failures(self, question: str, names: Sequence[str]) -> pd.DataFrame:
        involved = [
            q
            for q in self.closure([question])
            if set(self.survey.question(q).columns) <= set(names)
        ]
        _, failures = self.prepared(involved, [])
        if not len(failures):
            return failures
        return failures[failures["question"] == question].reset_index(drop=True)

    def _named(
        self, failures: pd.DataFrame, patterns: pd.DataFrame, columns: Sequence[str]
    ) -> pd.DataFrame:
        """Failures of patterns, as failures of the respondents who gave each pattern."""
        import narwhals as nw

        rows: list[pd.DataFrame] = []
        rid = self.survey.respondent_id
        has_ids = rid in _engine.schema_names(self.frame)
        # Under plain names where DuckDB or Spark would read a dot or backtick in one
        # ("Q1.1" as column 1 of table Q1), as the counting reads them.
        source, alias = _engine._aliased(self.frame, [*columns, *([rid] if has_ids else [])])
        frame = _engine._frame(source)
        for failure in failures.to_dict("records"):
            pattern = failure["respondent_id"]
            if pattern is None or not isinstance(pattern, int):
                rows.append(pd.DataFrame([failure], dtype=object))
                continue
            values = patterns.iloc[pattern]
            condition = None
            for column in columns:
                value = values[column]
                named = nw.col(alias[column])
                test = named.is_null() if pd.isna(value) else named == value
                condition = test if condition is None else condition & test
            ids: list[Any] = []
            if has_ids and condition is not None:
                doing = "finding the respondents who gave a failing answer"
                with _engine.engine_failures(self.frame, question=failure["question"], doing=doing):
                    picked = frame.filter(condition).select(alias[rid]).head(self.limit)
                    if isinstance(picked, nw.LazyFrame):
                        picked = picked.collect()
                    ids = picked.get_column(alias[rid]).to_list()
            rows.extend(
                pd.DataFrame([{**failure, "respondent_id": respondent}], dtype=object)
                for respondent in ids or [None]
            )
        return pd.concat(rows, ignore_index=True) if rows else failures.iloc[:0]

    def _id_failures(self, names: Sequence[str]) -> pd.DataFrame:
        """Blank and repeated respondent ids, found by one grouped query: one failure each.

        Only the failing ids come back from the engine (tracktr.survey._engine_ids), and
        the rows of those named, for a frame that has an order.
        """
        # Imported here: the validation module imports this one.
        from tracktr.survey._engine_ids import count_ids, id_failures, id_positions

        rid = self.survey.respondent_id
        if rid not in names:
            return _failure(rid, rid, None, None, "missing_column", f"a column {rid!r}")
        found = count_ids(self.frame, rid)
        if not found:
            return _no_failures()
        places = id_positions(self.frame, rid, found)
        failures = id_failures(
            rid, found, places, unit="row", frame=_engine.engine_name(self.frame)
        )
        return pd.DataFrame(failures, columns=list(_FAILURE_COLUMNS), dtype=object)


_FAILURE_COLUMNS = ("question", "column", "respondent_id", "value", "check", "expected")


def _no_failures() -> pd.DataFrame:
    return _failure("", "", None, None, "", "").iloc[:0]


def _failure(  # noqa: PLR0917  (one positional per failure column, as in survey/_validate)
    question: str, column: str, respondent: Any, value: Any, check: str, expected: str
) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "question": question,
                "column": column,
                "respondent_id": respondent,
                "value": value,
                "check": check,
                "expected": expected,
            }
        ],
        dtype=object,
    )

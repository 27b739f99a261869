"""The validation engine: every failure of a response frame, collected before raising."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.types import infer_dtype

from tracktr._engine import is_engine_frame
from tracktr._numbers import PROBLEMS, parse_number
from tracktr.exceptions import InvalidDataError, SurveyValidationError
from tracktr.missing import MARKERS, NOT_ASKED, REFUSED, SKIPPED
from tracktr.survey._cells import (
    delimited_ticks,
    evaluate,
    is_blank,
    is_marker,
    label_of,
    near_label,
    sentinel_key,
    tick_of,
    ticked,
    ticked_rows,
)
from tracktr.survey._distinct import Distinct, DistinctColumns, blanks, cells_at, distinct
from tracktr.survey._patterns import PatternCheck
from tracktr.survey._questions import (
    GridQuestion,
    MultiQuestion,
    NumericQuestion,
    OrdinalQuestion,
    Question,
    SingleQuestion,
    TextQuestion,
)

if TYPE_CHECKING:
    from tracktr.survey._survey import Survey

__all__ = ["FAILURE_COLUMNS", "Prepared", "prepare", "validate"]

FAILURE_COLUMNS = ("question", "column", "respondent_id", "value", "check", "expected")
"""The columns of :attr:`tracktr.SurveyValidationError.failures`."""

CHANGE_COLUMNS = ("question", "column", "respondent_id", "before", "after", "reason")

_SHOWN = 15


def _respondents(survey: Survey, data: pd.DataFrame) -> list[Any]:
    ids = _id_series(survey, data)
    return list(data.index) if ids is None else list(ids.tolist())


def _id_series(survey: Survey, data: pd.DataFrame) -> pd.Series | None:
    """Return the respondent ids: the id column, or an index of that name; else None."""
    if survey.respondent_id in data.columns:
        return data[survey.respondent_id]
    if data.index.name == survey.respondent_id:
        return data.index.to_series()
    return None


def _allowed_markers(survey: Survey) -> tuple[str, ...]:
    kinds = survey.missing_kinds
    return tuple(marker for marker, kind in MARKERS.items() if kind in kinds)


def check_frame(survey: Survey, data: object, *, action: str) -> pd.DataFrame:
    """Refuse what is not a DataFrame with unique column names, before any cell is read."""
    if not isinstance(data, pd.DataFrame):
        msg = (
            f"{action}() needs a pandas DataFrame; got a {type(data).__name__}.\n\n"
            "Hint: pass pandas.DataFrame(your_data), or read a file with tracktr.io.read_csv()."
        )
        raise InvalidDataError(msg)
    duplicated = sorted({str(c) for c in data.columns[data.columns.duplicated()]})
    if duplicated:
        owners = []
        for column in duplicated:
            owner = next((q.id for q in survey.questions if column in q.columns), None)
            owners.append(f"{column!r}" + (f" (question {owner!r})" if owner else ""))
        msg = (
            f"{action}(): the frame has more than one column named {', '.join(owners)}; "
            "a cell could come from either.\n\n"
            "Hint: rename or drop the copies, e.g. data.loc[:, ~data.columns.duplicated()] "
            "after checking they hold the same answers."
        )
        raise InvalidDataError(msg)
    return data


class _Collector:
    def __init__(self, survey: Survey, data: pd.DataFrame) -> None:
        self.rows: list[dict[str, Any]] = []
        self._source: tuple[Survey, pd.DataFrame] | None = (survey, data)
        self._ids: list[Any] = []

    @property
    def ids(self) -> list[Any]:
        """The respondent ids, read when the first failure needs them."""
        if self._source is not None:
            self._ids = _respondents(*self._source)
            self._source = None
        return self._ids

    def add(  # noqa: PLR0917  (one positional per failure column)
        self,
        question: str,
        column: str | None,
        position: int | None,
        value: object,
        check: str,
        expected: str,
    ) -> None:
        respondent = None if position is None else self.ids[position]
        self.rows.append(
            {
                "question": question,
                "column": column,
                "respondent_id": respondent,
                "value": value,
                "check": check,
                "expected": expected,
            }
        )


def _check_cells(  # noqa: PLR0912, PLR0917  (one branch per cell kind; internal helper)
    survey: Survey,
    question: Question,
    column: str,
    values: list[Any],
    asked: list[bool],
    out: _Collector,
) -> None:
    markers = _allowed_markers(survey)
    # Most cells repeat a few values: classify each distinct value once.
    kinds: dict[tuple[type, Any], str] = {}
    problems: dict[tuple[type, Any], tuple[str, str] | None] = {}
    for position, value in enumerate(values):
        try:
            key = (type(value), value)
            kind = kinds.get(key)
        except TypeError:  # unhashable cell
            key, kind = None, None
        if kind is None:
            kind = "blank" if is_blank(value) else "marker" if is_marker(value) else "value"
            if key is not None:
                kinds[key] = kind
        if kind == "blank":
            continue
        if kind == "marker":
            if value not in markers:
                out.add(
                    question.id,
                    column,
                    position,
                    value,
                    "undeclared_missing_kind",
                    f"one of {list(markers)}; declare 'refused' under [missing] to use {REFUSED!r}",
                )
            elif value == NOT_ASKED and asked[position]:
                out.add(
                    question.id,
                    column,
                    position,
                    value,
                    "not_asked_but_routed",
                    f"an answer or {SKIPPED!r}: routing says this respondent was asked",
                )
            continue
        if key is not None and key in problems:
            problem = problems[key]
        else:
            problem = _cell_problem(question, value)
            if key is not None:
                problems[key] = problem
        if problem is not None:
            out.add(question.id, column, position, value, *problem)
        elif not asked[position]:
            out.add(
                question.id,
                column,
                position,
                value,
                "answered_not_asked",
                f"{NOT_ASKED!r} or blank: routing says this respondent was not asked",
            )


def _cell_problem(question: Question, value: object) -> tuple[str, str] | None:
    if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
        if isinstance(value, str) and value in question.labels:
            return None
        option = question.option(value)
        if option is not None:
            return (
                "code_not_label",
                f"a label: code {option.code} is {option.label!r} (survey.prepare() maps codes)",
            )
        return ("unknown_value", f"one of {list(question.labels)}{_did_you_mean(value, question)}")
    if isinstance(question, NumericQuestion):
        number = parse_number(value)
        if isinstance(number, str):
            return (number, PROBLEMS[number])
        if isinstance(value, str):
            return ("not_numeric", "a number, not text (survey.prepare() converts number text)")
        if not question.in_bounds(number):
            return ("out_of_bounds", f"a number between {question.min} and {question.max}")
        if question.integer and not float(number).is_integer():
            return ("not_integer", "a whole number")
        return None
    if isinstance(question, TextQuestion):
        return None if isinstance(value, str) else ("not_text", "text")
    return None  # pragma: no cover - multi-response cells are checked by _check_multi


_DID_YOU_MEAN = "; did you mean "


def _did_you_mean(value: object, question: Question) -> str:
    label = near_label(value, question.labels)
    return "" if label is None else f"{_DID_YOU_MEAN}{label!r}?"


def _check_multi(  # noqa: PLR0912  (one branch per cell form)
    survey: Survey, question: MultiQuestion, data: pd.DataFrame, asked: list[bool], out: _Collector
) -> None:
    markers = _allowed_markers(survey)
    answered_rows: set[int] = set()
    for column in question.columns:
        for position, value in enumerate(data[column].tolist()):
            if is_blank(value):
                continue
            if is_marker(value):
                if value not in markers:
                    out.add(
                        question.id,
                        column,
                        position,
                        value,
                        "undeclared_missing_kind",
                        f"one of {list(markers)}",
                    )
                elif value == NOT_ASKED and asked[position]:
                    out.add(
                        question.id,
                        column,
                        position,
                        value,
                        "not_asked_but_routed",
                        f"an answer or {SKIPPED!r}: routing says this respondent was asked",
                    )
                continue
            if question.form == "delimited":
                if not isinstance(value, str):
                    out.add(
                        question.id,
                        column,
                        position,
                        value,
                        "not_text",
                        f"labels joined by {question.separator!r}",
                    )
                    continue
                parts = [p.strip() for p in value.split(question.separator)]
                unknown = [p for p in parts if p not in question.labels]
                if unknown:
                    out.add(
                        question.id,
                        column,
                        position,
                        value,
                        "unknown_value",
                        f"labels among {list(question.labels)} joined by "
                        f"{question.separator!r}{_did_you_mean(unknown[0], question)}",
                    )
                    continue
            elif tick_of(value) is None or isinstance(value, str):
                out.add(question.id, column, position, value, "not_binary", "1/0 or True/False")
                continue
            answered_rows.add(position)
    for position in sorted(answered_rows):
        if not asked[position]:
            out.add(
                question.id,
                question.columns[0],
                position,
                None,
                "answered_not_asked",
                f"{NOT_ASKED!r} or blank: routing says this respondent was not asked",
            )
    if question.exclusive:
        for position, ticks in enumerate(ticked_rows(question, data)):
            if ticks and len(ticks) > 1 and set(question.exclusive) & set(ticks):
                _exclusive_failure(question, position, ticks, out)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _id_failures_by_cell(rid: str, ids: pd.Series, out: _Collector) -> None:
    values = ids.tolist()
    hashable = [_hashable(v) for v in values]
    duplicated = pd.Series(
        [
            v if h else ("<unhashable>", i)
            for i, (v, h) in enumerate(zip(values, hashable, strict=True))
        ],
        dtype=object,
    )
    for position, (value, dup) in enumerate(
        zip(values, duplicated.duplicated(keep=False), strict=True)
    ):
        if not hashable[position]:
            out.add(rid, rid, position, value, "invalid_id", "a respondent id, not a list")
        elif is_blank(value):
            out.add(rid, rid, position, value, "missing_id", "a respondent id")
        elif dup:
            out.add(rid, rid, position, value, "duplicate_id", "unique respondent ids")


_PLAIN_IDS = frozenset({"integer", "string", "floating", "boolean", "empty"})
"""Kinds of object ids (``infer_dtype``, blanks skipped) that hold no unhashable cell."""


def _id_failures(rid: str, ids: pd.Series, out: _Collector, *, vectorised: bool) -> None:
    """Blank and repeated respondent ids (and unhashable ones), in row order."""
    # Object ids of mixed kinds may hold a list (an invalid id): read them one by one.
    plain = ids.dtype != object or infer_dtype(ids, skipna=True) in _PLAIN_IDS
    if not vectorised or not plain:
        _id_failures_by_cell(rid, ids, out)
        return
    cells = ids if isinstance(ids.dtype, np.dtype) else pd.Series(ids.tolist(), dtype=object)
    repeated = cells.duplicated(keep=False).to_numpy()
    blank = blanks(ids)
    failing = np.flatnonzero(blank | repeated).tolist()
    for position, value in zip(failing, cells_at(ids, failing), strict=True):
        if blank[position]:
            out.add(rid, rid, position, value, "missing_id", "a respondent id")
        else:
            out.add(rid, rid, position, value, "duplicate_id", "unique respondent ids")


def column_failures(
    survey: Survey, names: Iterable[str], *, allow_extra_columns: bool
) -> tuple[list[tuple[str, str, str, str]], set[str]]:
    """Columns the codebook does not know, and codebook columns `names` lacks.

    The one owner of these checks, for pandas frames and engine frames alike. Returns
    ``(question, column, check, expected)`` failures -- unknown columns first, then each
    question's missing columns in codebook order -- and the ids of the questions whose
    columns are not all present (their cells cannot be checked).
    """
    names = list(names)
    present = set(names)
    known = {survey.respondent_id} | {c for q in survey.questions for c in q.columns}
    found: list[tuple[str, str, str, str]] = []
    if not allow_extra_columns:
        found += [("", c, "unknown_column", _EXTRA) for c in names if c not in known]
    incomplete: set[str] = set()
    for question in survey.questions:
        for column in question.columns:
            if column not in present:
                found.append((question.id, column, "missing_column", f"a column {column!r}"))
                incomplete.add(question.id)
    return found, incomplete


_EXTRA = "only codebook columns (or validate(..., allow_extra_columns=True))"


def _asked(
    survey: Survey, data: pd.DataFrame, question: Question, columns: DistinctColumns
) -> npt.NDArray[np.bool_]:
    """:meth:`Survey.asked`, reading each routing column once for all questions."""
    if question.ask_if is None:
        return np.ones(len(data), dtype=bool)
    questions = {q.id: q for q in survey.questions}
    return evaluate(question.ask_if, data, questions, columns=columns).to_numpy()


def _check_question(
    survey: Survey,
    question: Question,
    data: pd.DataFrame,
    asked: npt.NDArray[np.bool_],
    out: _Collector,
    *,
    vectorised: bool,
    codes: dict[str, npt.NDArray[np.integer[Any]]] | None,
) -> None:
    """Check every cell of one question whose columns are all present."""
    if vectorised and isinstance(question, MultiQuestion):
        _check_multi_fast(survey, question, data, asked, out)
    elif vectorised:
        for column in question.columns:
            _check_cells_fast(survey, question, data[column], asked, out, codes=codes)
    elif isinstance(question, MultiQuestion):
        _check_multi(survey, question, data, asked.tolist(), out)
    else:
        for column in question.columns:
            _check_cells(survey, question, column, data[column].tolist(), asked.tolist(), out)


def failures_of(
    survey: Survey,
    data: pd.DataFrame,
    *,
    allow_extra_columns: bool = False,
    codes: dict[str, npt.NDArray[np.integer[Any]]] | None = None,
) -> pd.DataFrame:
    """Every failure of `data` against `survey`, one row each (an empty frame if none).

    On the vectorised path, `codes` (if given) receives the categorical codes of each
    single, ordinal and grid column, from the cells the checks already read (for
    :func:`typed`).
    """
    out = _Collector(survey, data)
    rid = survey.respondent_id
    ids = _id_series(survey, data)
    vectorised = len(data) >= _VECTORISED_FROM
    if ids is None:
        out.add(
            rid,
            rid,
            None,
            None,
            "missing_column",
            f"a column (or an index named) {rid!r} of unique respondent ids",
        )
    else:
        _id_failures(rid, ids, out, vectorised=vectorised)
    missing, incomplete = column_failures(
        survey, data.columns, allow_extra_columns=allow_extra_columns
    )
    unknown = [m for m in missing if m[2] == "unknown_column"]
    for question_id, column, check, expected in unknown:
        out.add(question_id, column, None, None, check, expected)
    routing = DistinctColumns(data)
    for question in survey.questions:
        if question.id in incomplete:
            for failure in missing:
                if failure[0] == question.id:
                    out.add(failure[0], failure[1], None, None, failure[2], failure[3])
            continue
        asked = _asked(survey, data, question, routing)
        _check_question(survey, question, data, asked, out, vectorised=vectorised, codes=codes)
    return _object_frame(out.rows, FAILURE_COLUMNS)


def _object_frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """Build a frame of object columns, so that values keep their type (1 stays 1, not 1.0)."""
    return pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in columns})


def _message(failures: pd.DataFrame, source: str) -> str:
    count = len(failures)
    questions = failures["question"].nunique()
    plural = "s" if count != 1 else ""
    q_plural = "s" if questions != 1 else ""
    lines = [f"{count} failure{plural} in {questions} question{q_plural} against {source}:"]
    for row in failures.head(_SHOWN).itertuples(index=False):
        who = "" if row.respondent_id is None else f", respondent {row.respondent_id!r}"
        column = "" if row.column in (None, row.question) else f", column {row.column!r}"
        value = "" if row.value is None else f": {row.value!r}"
        lines.append(
            f"- {row.check}: question {row.question!r}{column}{who}{value}; expected {row.expected}"
        )
    if count > _SHOWN:
        lines.append(f"... and {count - _SHOWN} more (see `.failures`).")
    lines.append("")
    lines.append(
        "Hint: `error.failures` lists every failure as a DataFrame; "
        "survey.prepare() turns codes and sentinels into labels and missing markers."
    )
    near = [  # single cells only: a delimited cell's value is not one label
        row
        for row in failures.itertuples(index=False)
        if row.check == "unknown_value"
        and _DID_YOU_MEAN in str(row.expected)
        and str(row.expected).startswith("one of")
    ]
    if near:
        # Name the fix with the user's own first near-miss, so it can be pasted.
        first = near[0]
        label = str(first.expected).rsplit(_DID_YOU_MEAN, 1)[1].rstrip("?")
        name = first.column if first.column is not None else first.question
        lines.append("")
        lines.append(
            f"Hint: {len(near)} value(s) differ from an option label only by case, spacing, "
            "apostrophes or a slip of spelling. Map each to its label before "
            f"survey.prepare(), e.g. data.replace({{{name!r}: {{{first.value!r}: {label}}}}}), "
            "or group variants with tt.recode.collapse(); if the variant is a real answer, "
            "add it to the question's options in the codebook."
        )
    return "\n".join(lines)


def typed(
    survey: Survey,
    data: pd.DataFrame,
    codes: dict[str, npt.NDArray[np.integer[Any]]] | None = None,
) -> pd.DataFrame:
    """Return a copy with ordered categoricals (codebook order, then markers).

    `codes` holds the categorical codes of columns already read (see :func:`failures_of`).
    """
    codes = codes or {}
    result = data.copy()
    markers = list(_allowed_markers(survey))
    for question in survey.questions:
        if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
            categories = [*question.labels, *markers]
            for column in question.columns:
                # Validated cells are labels, markers or blanks; blanks (not categories)
                # become NaN.
                if column in codes:
                    dtype = pd.CategoricalDtype(categories, ordered=True)
                    result[column] = pd.Categorical.from_codes(codes[column], dtype=dtype)
                else:
                    result[column] = _categorical(data[column], categories)
    return result


def _categorical(series: pd.Series, categories: list[str]) -> pd.Categorical:
    """``pd.Categorical(series, categories)``, looking up each distinct cell once."""
    found = distinct(series)
    if found is None:
        return pd.Categorical(series.astype(object), categories=categories, ordered=True)
    dtype = pd.CategoricalDtype(categories, ordered=True)
    return pd.Categorical.from_codes(_category_codes(found, categories), dtype=dtype)


def _category_codes(found: Distinct, categories: list[str]) -> npt.NDArray[np.integer[Any]]:
    """Each row's code among `categories` (-1 where its cell is none of them)."""
    index = {category: code for code, category in enumerate(categories)}
    per_cell = np.array([_category_code(index, v) for v in found.values], dtype=np.int32)
    if len(categories) < np.iinfo(np.int8).max:  # a byte a row, as pandas keeps them
        return per_cell.astype(np.int8)[found.codes]
    return per_cell[found.codes]


def _category_code(index: dict[str, int], value: object) -> int:
    return index.get(value, -1) if isinstance(value, str) else -1


def validate(
    survey: Survey, data: pd.DataFrame, *, allow_extra_columns: bool = False
) -> pd.DataFrame:
    """Validate lazily; raise with every failure, or return the typed copy."""
    if not isinstance(data, pd.DataFrame) and is_engine_frame(data):
        # Another engine's frame is checked where it lives, pattern by pattern, and
        # returned as it is (nothing to type: the engine keeps its own dtypes).
        failures = PatternCheck(survey, data).failures(allow_extra_columns=allow_extra_columns)
        if len(failures):
            raise SurveyValidationError(_message(failures, survey.title), failures=failures)
        return data
    data = check_frame(survey, data, action="validate")
    codes: dict[str, npt.NDArray[np.integer[Any]]] = {}
    failures = failures_of(survey, data, allow_extra_columns=allow_extra_columns, codes=codes)
    if len(failures):
        raise SurveyValidationError(_message(failures, survey.title), failures=failures)
    return typed(survey, data, codes)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A prepared response frame and every change made to get it.

    Attributes
    ----------
    data : pandas.DataFrame
        The validated frame: option labels as ordered categoricals, missing markers.
    changes : pandas.DataFrame
        One row per changed cell: question, column, respondent_id, before, after and
        reason (``"code"``, ``"sentinel"``, ``"blank"``, ``"whitespace"``, ``"number_text"``,
        ``"blank_in_answered_set"``).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}]})
    >>> prepared = survey.prepare(pd.DataFrame({"respondent_id": [1, 2], "q": [1, None]}))
    >>> prepared.data["q"].tolist()
    ['Yes', '<skipped>']
    >>> prepared.summary()
    question  reason
    q         blank     1
              code      1
    Name: cells, dtype: int64
    """

    data: pd.DataFrame
    changes: pd.DataFrame

    def __repr__(self) -> str:
        return f"Prepared({len(self.data)} respondents, {len(self.changes)} cells changed)"

    def summary(self) -> pd.Series:
        """Count the changed cells by question and reason."""
        return self.changes.groupby(["question", "reason"]).size().rename("cells")

    def to_frame(self) -> pd.DataFrame:
        """Return the changes, one row per changed cell (the same as `changes`)."""
        return self.changes.copy()


def _sentinels(survey: Survey) -> dict[Any, str]:
    found: dict[Any, str] = {}
    for kind, values in survey.missing.items():
        for value in values:
            found[sentinel_key(value)] = MARKERS_BY_KIND[kind]
    return found


MARKERS_BY_KIND = {kind: marker for marker, kind in MARKERS.items()}


def _sentinel_marker(sentinels: dict[Any, str], value: object) -> str | None:
    try:
        return sentinels.get(sentinel_key(value))
    except TypeError:  # an unhashable cell (a list) is no missing code
        return None


def prepare(survey: Survey, data: pd.DataFrame, *, allow_extra_columns: bool = False) -> Prepared:
    """Codes to labels, sentinels and blanks to missing markers, then validate."""
    data = check_frame(survey, data, action="prepare")
    work = data.copy()
    ids = _respondents(survey, data)
    sentinels = _sentinels(survey)
    changes: list[dict[str, Any]] = []

    def note(  # noqa: PLR0917  (one positional per change column)
        question: str, column: str, position: int, before: object, after: object, reason: str
    ) -> None:
        changes.append(
            {
                "question": question,
                "column": column,
                "respondent_id": ids[position],
                "before": before,
                "after": after,
                "reason": reason,
            }
        )

    for question in survey.ordered_questions():
        if not set(question.columns) <= set(work.columns):
            continue
        asked = survey.asked(work, question.id).tolist()
        if isinstance(question, MultiQuestion) and question.form == "indicator":
            _prepare_indicator(question, work, asked, sentinels, note)
            continue
        for column in question.columns:
            found = distinct(work[column]) if len(work) >= _VECTORISED_FROM else None
            if found is not None:
                _prepare_column(question, work, column, found, asked, sentinels, note)
            else:
                _prepare_column_by_cell(question, work, column, asked, sentinels, note)
    frame = _object_frame(changes, CHANGE_COLUMNS)
    return Prepared(validate(survey, work, allow_extra_columns=allow_extra_columns), frame)


def _prepare_column_by_cell(  # noqa: PLR0917  (internal helper)
    question: Question,
    work: pd.DataFrame,
    column: str,
    asked: list[bool],
    sentinels: dict[Any, str],
    note: Any,
) -> None:
    """Prepare one column cell by cell (small frames, and columns holding lists)."""
    values = work[column].tolist()
    new: list[Any] = []
    changed = False
    # Most cells repeat a few values: convert each distinct (value, asked) once.
    done: dict[tuple[Any, ...], tuple[Any, str | None]] = {}
    for position, value in enumerate(values):
        try:
            key: tuple[Any, ...] | None = (type(value), value, asked[position])
            hit = done.get(key)  # type: ignore[arg-type]
        except TypeError:  # an unhashable cell (a list)
            key, hit = None, None
        if hit is None:
            hit = _prepare_cell(question, value, asked[position], sentinels)
            if key is not None:
                done[key] = hit
        after, reason = hit
        if reason is None:  # unchanged: keep the cell itself (-0.0 stays -0.0)
            after = value
        if reason is not None:
            note(question.id, column, position, value, after, reason)
            changed = True
        new.append(after)
    if changed:
        work[column] = _column_dtype(question, pd.Series(new, index=work.index, dtype=object))


def _prepare_column(  # noqa: PLR0917  (internal helper)
    question: Question,
    work: pd.DataFrame,
    column: str,
    found: Distinct,
    asked: list[bool],
    sentinels: dict[Any, str],
    note: Any,
) -> None:
    """Prepare one column converting each distinct (cell, asked) once: the same changes.

    Rows reach their conversion through one array lookup; only changed cells are read
    back (for the changes frame) and written.
    """
    key = found.codes * 2 + ~np.array(asked, dtype=bool)  # (cell, not asked)
    used = np.flatnonzero(np.bincount(key, minlength=2 * len(found.values)))
    hits: dict[int, tuple[Any, str | None]] = {
        int(k): _prepare_cell(question, found.values[k // 2], not k % 2, sentinels) for k in used
    }
    changing = np.zeros(2 * len(found.values), dtype=bool)
    changing[[k for k, hit in hits.items() if hit[1] is not None]] = True
    rows = np.flatnonzero(changing[key]).tolist()
    if not rows:
        return
    series = work[column]
    new = series.to_numpy(dtype=object, copy=True)
    for position, value in zip(rows, cells_at(series, rows), strict=True):
        after, reason = hits[int(key[position])]
        note(question.id, column, position, value, after, reason)
        new[position] = after
    if series.dtype != object:  # unchanged cells as the cell-by-cell path keeps them
        unchanged = np.ones(len(new), dtype=bool)
        unchanged[rows] = False
        kept = np.flatnonzero(unchanged).tolist()
        new[kept] = cells_at(series, kept)
    work[column] = _column_dtype(question, pd.Series(new, index=work.index, dtype=object))


def _column_dtype(question: Question, column: pd.Series) -> pd.Series:
    """Give a numeric column without missing markers a numeric dtype (``.mean()`` works).

    Columns holding markers stay ``object``: the markers are what keeps skipped and not
    asked apart (:func:`tracktr.summarise` reads them).
    """
    if not isinstance(question, NumericQuestion) or column.isin(list(MARKERS)).any():
        return column
    try:
        return pd.to_numeric(column)
    except (TypeError, ValueError):  # text that validation reports as not_numeric
        return column


def _missing_marker(
    value: object, asked: bool, sentinels: dict[Any, str]
) -> tuple[str, str] | None:
    if is_blank(value):
        return (SKIPPED if asked else NOT_ASKED), "blank"
    marker = _sentinel_marker(sentinels, value)
    if marker is not None:
        return (NOT_ASKED if not asked else marker), "sentinel"
    return None


def _prepare_cell(
    question: Question, value: object, asked: bool, sentinels: dict[Any, str]
) -> tuple[Any, str | None]:
    if is_marker(value):
        return value, None
    missing = _missing_marker(value, asked, sentinels)
    if missing is not None:
        return missing
    if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
        if isinstance(value, str) and value in question.labels:
            return value, None
        if isinstance(value, str) and value.strip() in question.labels:
            return value.strip(), "whitespace"
        label = label_of(question, value)
        return (label, "code") if label is not None else (value, None)
    if isinstance(question, NumericQuestion) and isinstance(value, str):
        number = parse_number(value)
        if isinstance(number, str):  # validation names the problem, row and value
            return value, None
        return (int(number) if float(number).is_integer() else number), "number_text"
    if isinstance(question, MultiQuestion) and not isinstance(value, str):  # one code
        label = label_of(question, value)
        return (label, "code") if label is not None else (value, None)
    if isinstance(question, MultiQuestion) and isinstance(value, str):  # delimited text
        parts = [p.strip() for p in value.split(question.separator)]
        labels = [label_of(question, p) for p in parts]
        if all(label is not None for label in labels):
            joined = question.separator.join(str(label) for label in labels)
            return (joined, "code") if joined != value else (value, None)
    return value, None


def _yes_no(question: MultiQuestion, columns: dict[str, list[Any]], note: Any) -> bool:
    """Turn a set's declared yes/no codes ("Oui"/"Non") into 1/0; return whether any was."""
    if not question.true_codes:
        return False
    meaning = dict.fromkeys(question.true_codes, 1) | dict.fromkeys(question.false_codes, 0)
    changed = False
    for column, values in columns.items():
        for position, value in enumerate(values):
            if value is None or is_marker(value) or is_blank(value):
                continue
            tick = meaning.get(str(value).strip())
            if tick is not None:
                values[position] = tick
                note(question.id, column, position, value, tick, "yes_no_code")
                changed = True
    return changed


def _prepare_indicator(
    question: MultiQuestion,
    work: pd.DataFrame,
    asked: list[bool],
    sentinels: dict[Any, str],
    note: Any,
) -> None:
    columns = {c: work[c].tolist() for c in question.columns}
    changed = _yes_no(question, columns, note)
    for position in range(len(work)):
        cells = {c: columns[c][position] for c in question.columns}
        answered = any(not is_marker(v) and tick_of(v) is not None for v in cells.values())
        for column, value in cells.items():
            if is_marker(value):
                continue
            if answered and is_blank(value):
                columns[column][position] = 0
                note(question.id, column, position, value, 0, "blank_in_answered_set")
                changed = True
                continue
            missing = _missing_marker(value, asked[position], sentinels)
            if missing is not None:
                columns[column][position] = missing[0]
                note(question.id, column, position, value, missing[0], missing[1])
                changed = True
    if changed:
        for column, values in columns.items():
            work[column] = pd.Series(values, index=work.index, dtype=object)


# -- vectorised checks: each distinct cell classified once, rows routed with masks ----------


_VECTORISED_FROM = 2_000
"""Rows from which cells are checked once per distinct value (below, cell by cell is faster)."""

_ROW_CHECKS = ("answered_not_asked", "exclusive")
"""Checks of a whole row of a set, not of one cell."""


class _Recorder(_Collector):
    """Records failures by position: a probe of each distinct cell, asked then not asked."""

    def __init__(self, size: int) -> None:
        self.rows = []
        self._source = None
        self._ids = list(range(size))

    def by_cell(self, cells: int) -> list[list[dict[str, Any]]]:
        """Rows per distinct cell; a row's ``respondent_id`` becomes 0 (asked) or 1."""
        out: list[list[dict[str, Any]]] = [[] for _ in range(cells)]
        for row in self.rows:
            cell, not_asked = divmod(row["respondent_id"], 2)
            out[cell].append({**row, "respondent_id": not_asked})
        return out


def _probe(values: list[Any]) -> tuple[list[Any], list[bool]]:
    """Each distinct cell twice, asked then not asked."""
    cells = [value for value in values for _ in range(2)]
    return cells, [True, False] * len(values)


def _routed_failures(  # noqa: PLR0917  (internal helper)
    question_id: str,
    column: str | None,
    series: pd.Series,
    codes: npt.NDArray[np.intp],
    probes: list[list[dict[str, Any]]],
    asked: npt.NDArray[np.bool_],
    out: _Collector,
) -> None:
    """Add each cell's failure, in row order, from its distinct value's two probes."""
    kinds: list[tuple[str, str]] = []
    when = np.full((len(probes), 2), -1, dtype=np.intp)  # [asked, not asked] -> failure
    for code, rows in enumerate(probes):
        for row in rows:
            kinds.append((row["check"], row["expected"]))
            when[code, row["respondent_id"]] = len(kinds) - 1
    if not kinds:
        return
    if np.array_equal(when[:, 0], when[:, 1]):  # the same failures, asked or not
        failing = (when[:, 0] >= 0)[codes]
    else:
        failing = np.where(asked, (when[:, 0] >= 0)[codes], (when[:, 1] >= 0)[codes])
    positions = np.flatnonzero(failing).tolist()
    for position, value in zip(positions, cells_at(series, positions), strict=True):
        failure = when[codes[position], 0 if asked[position] else 1]
        out.add(question_id, column, position, value, *kinds[failure])


def _check_cells_fast(
    survey: Survey,
    question: Question,
    series: pd.Series,
    asked: npt.NDArray[np.bool_],
    out: _Collector,
    *,
    codes: dict[str, npt.NDArray[np.integer[Any]]] | None = None,
) -> None:
    """:func:`_check_cells`, classifying each distinct cell once: the same rows, in order.

    Keeps the column's categorical codes in `codes` (for :func:`typed`), if given.
    """
    column = str(series.name)
    found = distinct(series)
    if found is None:
        _check_cells(survey, question, column, series.tolist(), asked.tolist(), out)
        return
    if codes is not None and isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
        categories = [*question.labels, *_allowed_markers(survey)]
        codes[column] = _category_codes(found, categories)
    probe = _Recorder(2 * len(found.values))
    _check_cells(survey, question, column, *_probe(found.values), probe)
    probes = probe.by_cell(len(found.values))
    _routed_failures(question.id, column, series, found.codes, probes, asked, out)


def _check_multi_fast(
    survey: Survey,
    question: MultiQuestion,
    data: pd.DataFrame,
    asked: npt.NDArray[np.bool_],
    out: _Collector,
) -> None:
    """:func:`_check_multi`, classifying each column's distinct cells once: the same rows.

    Each distinct cell is probed through :func:`_check_multi` itself on a two-row frame
    (asked, not asked) whose other columns are blank: its cell failure, and whether it
    counts as an answer (it then fails ``answered_not_asked`` when not asked).
    """
    answered = np.zeros(len(data), dtype=bool)

    def blank(size: int) -> dict[str, list[None]]:
        return {other: [None] * size for other in question.columns}

    cell_checks = []
    found_columns: list[Distinct] = []
    for column in question.columns:
        found = distinct(data[column])
        if found is None:
            _check_multi(survey, question, data, asked.tolist(), out)
            return
        cells, probe_asked = _probe(found.values)
        probe = _Recorder(len(cells))
        frame = pd.DataFrame({**blank(len(cells)), column: cells}, dtype=object)
        _check_multi(survey, question, frame, probe_asked, probe)
        probes, answers = [], []
        for rows in probe.by_cell(len(found.values)):
            kept = [r for r in rows if r["check"] not in _ROW_CHECKS]
            probes.append(kept)
            answers.append(any(r["check"] == "answered_not_asked" for r in rows))
        cell_checks.append((column, found.codes, probes))
        found_columns.append(found)
        answered |= np.array(answers, dtype=bool)[found.codes]
    for column, codes, probes in cell_checks:
        _routed_failures(question.id, column, data[column], codes, probes, asked, out)
    for position in np.flatnonzero(answered & ~asked).tolist():
        out.add(
            question.id,
            question.columns[0],
            position,
            None,
            "answered_not_asked",
            f"{NOT_ASKED!r} or blank: routing says this respondent was not asked",
        )
    _exclusive_fast(question, data, found_columns, out)


def _exclusive_failure(
    question: MultiQuestion, position: int, ticks: list[str], out: _Collector
) -> None:
    exclusive = set(question.exclusive)
    out.add(
        question.id,
        None,
        position,
        "; ".join(ticks),
        "exclusive",
        f"{sorted(exclusive & set(ticks))} ticked alone",
    )


def _exclusive_fast(
    question: MultiQuestion, data: pd.DataFrame, found: list[Distinct], out: _Collector
) -> None:
    """Rows ticking an exclusive option with another, from each column's distinct cells."""
    exclusive = set(question.exclusive)
    if not exclusive:
        return
    if question.form == "indicator":
        ticks = np.column_stack([ticked(column) for column in found])
        alone = [i for i, o in enumerate(question.options) if o.label in exclusive]
        failing = ticks[:, alone].any(axis=1) & (ticks.sum(axis=1) > 1)
        labels = [o.label for o in question.options]
        for position in np.flatnonzero(failing).tolist():
            row = [label for label, tick in zip(labels, ticks[position], strict=True) if tick]
            _exclusive_failure(question, position, row, out)
        return
    if question.form == "delimited":
        per_cell = [delimited_ticks(question, value) for value in found[0].values]
        fails = np.array(
            [bool(t and len(t) > 1 and exclusive & set(t)) for t in per_cell], dtype=bool
        )
        for position in np.flatnonzero(fails[found[0].codes]).tolist():
            _exclusive_failure(question, position, per_cell[found[0].codes[position]] or [], out)
        return
    for position, row_ticks in enumerate(ticked_rows(question, data)):  # pragma: no cover
        if row_ticks and len(row_ticks) > 1 and exclusive & set(row_ticks):
            _exclusive_failure(question, position, row_ticks, out)

"""The validation engine: every failure of a response frame, collected before raising."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._engine import is_engine_frame
from tracktr._numbers import PROBLEMS, parse_number
from tracktr.exceptions import InvalidDataError, SurveyValidationError
from tracktr.missing import MARKERS, NOT_ASKED, REFUSED, SKIPPED
from tracktr.survey._cells import (
    is_blank,
    is_marker,
    label_of,
    near_label,
    sentinel_key,
    tick_of,
    ticked_rows,
)
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
from tracktr.survey._slots import check_slots, prepare_slots

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
        self.ids = _respondents(survey, data)

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
            return ("out_of_bounds", question.bounds_text())
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
    exclusive = set(question.exclusive)
    if exclusive:
        for position, ticks in enumerate(ticked_rows(question, data)):
            if ticks and len(ticks) > 1 and exclusive & set(ticks):
                out.add(
                    question.id,
                    None,
                    position,
                    "; ".join(ticks),
                    "exclusive",
                    f"{sorted(exclusive & set(ticks))} ticked alone",
                )


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def failures_of(  # noqa: PLR0912  (one branch per check)
    survey: Survey, data: pd.DataFrame, *, allow_extra_columns: bool = False
) -> pd.DataFrame:
    """Every failure of `data` against `survey`, one row each (an empty frame if none)."""
    out = _Collector(survey, data)
    rid = survey.respondent_id
    ids = _id_series(survey, data)
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
    known = {rid} | {c for q in survey.questions for c in q.columns}
    vectorised = len(data) >= _VECTORISED_FROM
    if not allow_extra_columns:
        for column in data.columns:
            if column not in known:
                out.add(
                    "",
                    column,
                    None,
                    None,
                    "unknown_column",
                    "only codebook columns (or validate(..., allow_extra_columns=True))",
                )
    for question in survey.questions:
        missing = [c for c in question.columns if c not in data.columns]
        for column in missing:
            out.add(question.id, column, None, None, "missing_column", f"a column {column!r}")
        if missing:
            continue
        asked = survey.asked(data, question.id).tolist()
        if isinstance(question, MultiQuestion) and question.form == "slots":
            check_slots(question, data, asked, _allowed_markers(survey), out.add)
        elif isinstance(question, MultiQuestion):
            (_check_multi_fast if vectorised else _check_multi)(survey, question, data, asked, out)
        else:
            check = _check_cells_fast if vectorised else _check_cells
            for column in question.columns:
                check(survey, question, column, data[column].tolist(), asked, out)
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


def typed(survey: Survey, data: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with ordered categoricals (codebook order, then markers)."""
    result = data.copy()
    markers = list(_allowed_markers(survey))
    for question in survey.questions:
        if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
            categories = [*question.labels, *markers]
            for column in question.columns:
                # Validated cells are labels, markers or blanks; blanks (not categories)
                # become NaN.
                values = data[column].astype(object)
                result[column] = pd.Categorical(values, categories=categories, ordered=True)
    return result


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
    failures = failures_of(survey, data, allow_extra_columns=allow_extra_columns)
    if len(failures):
        raise SurveyValidationError(_message(failures, survey.title), failures=failures)
    return typed(survey, data)


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
        if isinstance(question, MultiQuestion) and question.form == "slots":

            def convert(value: object, asked: bool, question: Question = question) -> Any:
                return _prepare_cell(question, value, asked, sentinels)

            prepare_slots(question, work, asked, convert, note)
            continue
        for column in question.columns:
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
                work[column] = _column_dtype(
                    question, pd.Series(new, index=work.index, dtype=object)
                )
    frame = _object_frame(changes, CHANGE_COLUMNS)
    return Prepared(validate(survey, work, allow_extra_columns=allow_extra_columns), frame)


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
        self.ids = list(range(size))

    def by_cell(self, cells: int) -> list[list[dict[str, Any]]]:
        """Rows per distinct cell; a row's ``respondent_id`` becomes 0 (asked) or 1."""
        out: list[list[dict[str, Any]]] = [[] for _ in range(cells)]
        for row in self.rows:
            cell, not_asked = divmod(row["respondent_id"], 2)
            out[cell].append({**row, "respondent_id": not_asked})
        return out


def _distinct_cells(values: list[Any]) -> tuple[npt.NDArray[np.intp], list[int]] | None:
    """Code each cell by (type, value), as a dict keyed on both would; ``None`` if unhashable.

    Returns each cell's code and the first position holding each code.
    """
    try:
        value_codes, _ = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    except TypeError:  # an unhashable cell (a list...): the cell-by-cell path handles it
        return None
    kinds = list(map(type, values))
    if len(set(kinds)) > 1:
        type_codes, types = pd.factorize(pd.Series(kinds, dtype=object))
        combined = (value_codes.astype(np.int64) + 1) * len(types) + type_codes
        value_codes, _ = pd.factorize(combined)
    _, first = np.unique(value_codes, return_index=True)
    codes: npt.NDArray[np.intp] = value_codes.astype(np.intp)
    if len(first) and codes.min() < 0:  # blanks coded -1 by factorize: shift to 0..
        codes += 1
    return codes, first.tolist()


def _probe(first: list[int], values: list[Any]) -> tuple[list[Any], list[bool]]:
    """Each distinct cell twice, asked then not asked."""
    cells = [values[position] for position in first for _ in range(2)]
    return cells, [True, False] * len(first)


def _routed_failures(  # noqa: PLR0917  (internal helper)
    question_id: str,
    column: str | None,
    values: list[Any],
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
    failure = np.where(asked, when[codes, 0], when[codes, 1])
    for position in np.flatnonzero(failure >= 0).tolist():
        out.add(question_id, column, position, values[position], *kinds[failure[position]])


def _check_cells_fast(  # noqa: PLR0917  (the arguments of _check_cells)
    survey: Survey,
    question: Question,
    column: str,
    values: list[Any],
    asked: list[bool],
    out: _Collector,
) -> None:
    """:func:`_check_cells`, classifying each distinct cell once: the same rows, in order."""
    distinct = _distinct_cells(values)
    if distinct is None:
        _check_cells(survey, question, column, values, asked, out)
        return
    codes, first = distinct
    probe = _Recorder(2 * len(first))
    _check_cells(survey, question, column, *_probe(first, values), probe)
    probes = probe.by_cell(len(first))
    _routed_failures(question.id, column, values, codes, probes, np.array(asked, bool), out)


def _check_multi_fast(
    survey: Survey, question: MultiQuestion, data: pd.DataFrame, asked: list[bool], out: _Collector
) -> None:
    """:func:`_check_multi`, classifying each column's distinct cells once: the same rows.

    Each distinct cell is probed through :func:`_check_multi` itself on a two-row frame
    (asked, not asked) whose other columns are blank: its cell failure, and whether it
    counts as an answer (it then fails ``answered_not_asked`` when not asked).
    """
    asked_mask = np.array(asked, dtype=bool)
    answered = np.zeros(len(data), dtype=bool)

    def blank(size: int) -> dict[str, list[None]]:
        return {other: [None] * size for other in question.columns}

    cell_checks = []
    for column in question.columns:
        values = data[column].tolist()
        distinct = _distinct_cells(values)
        if distinct is None:
            _check_multi(survey, question, data, asked, out)
            return
        codes, first = distinct
        cells, probe_asked = _probe(first, values)
        probe = _Recorder(len(cells))
        frame = pd.DataFrame({**blank(len(cells)), column: cells}, dtype=object)
        _check_multi(survey, question, frame, probe_asked, probe)
        probes, answers = [], []
        for rows in probe.by_cell(len(first)):
            kept = [r for r in rows if r["check"] not in _ROW_CHECKS]
            probes.append(kept)
            answers.append(any(r["check"] == "answered_not_asked" for r in rows))
        cell_checks.append((column, values, codes, probes))
        answered |= np.array(answers, dtype=bool)[codes]
    for column, values, codes, probes in cell_checks:
        _routed_failures(question.id, column, values, codes, probes, asked_mask, out)
    for position in np.flatnonzero(answered & ~asked_mask).tolist():
        out.add(
            question.id,
            question.columns[0],
            position,
            None,
            "answered_not_asked",
            f"{NOT_ASKED!r} or blank: routing says this respondent was not asked",
        )
    exclusive = set(question.exclusive)
    if exclusive:
        for position, ticks in enumerate(ticked_rows(question, data)):
            if ticks and len(ticks) > 1 and exclusive & set(ticks):
                out.add(
                    question.id,
                    None,
                    position,
                    "; ".join(ticks),
                    "exclusive",
                    f"{sorted(exclusive & set(ticks))} ticked alone",
                )

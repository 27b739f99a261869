"""The validation engine: every failure of a response frame, collected before raising."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.types import infer_dtype

from tracktr._engine import is_engine_frame, native_frame
from tracktr._numbers import is_weight, parse_number
from tracktr.exceptions import InvalidDataError, SurveyValidationError
from tracktr.missing import MARKERS, NOT_ASKED, SKIPPED
from tracktr.survey._cells import evaluate, is_marker, label_of, sentinel_key, tick_of
from tracktr.survey._checks import (
    _DID_YOU_MEAN,
    IdPlaces,
    _allowed_markers,
    _check_cells,
    _check_multi,
    _Collector,
    _hashable,
    _id_series,
    _respondents,
    add_id_failures,
    column_failures,
)
from tracktr.survey._distinct import Distinct, DistinctColumns, blanks, cells_at, distinct, is_blank
from tracktr.survey._patterns import PatternCheck
from tracktr.survey._questions import (
    GridQuestion,
    MultiQuestion,
    NumericQuestion,
    OrdinalQuestion,
    Question,
    SingleQuestion,
)
from tracktr.survey._slots import check_slots, prepare_slots
from tracktr.survey._vectorised import _category_codes, _check_cells_fast, _check_multi_fast

if TYPE_CHECKING:
    from tracktr.survey._survey import Survey

__all__ = ["FAILURE_COLUMNS", "Prepared", "prepare", "validate"]

FAILURE_COLUMNS = ("question", "column", "respondent_id", "value", "check", "expected")
"""The columns of ``failures`` of :class:`~tracktr.SurveyValidationError`."""

CHANGE_COLUMNS = ("question", "column", "respondent_id", "before", "after", "reason")

_SHOWN = 15


def _not_a_frame(data: object, action: str) -> str:
    """Say what `data` is and how to pass it: "got a DataFrame" did not say polars'."""
    from tracktr._engine import engine_name, is_engine_frame

    if is_engine_frame(data):
        return (
            f"{action}() needs a pandas DataFrame; got a {engine_name(data)} "
            f"{type(data).__name__}.\n\nHint: validate() checks an engine's frame where it "
            f"lives; {action}() rewrites cells, so read the rows into pandas first (polars: "
            "frame.to_pandas(); DuckDB: relation.df())."
        )
    return (
        f"{action}() needs a pandas DataFrame; got a {type(data).__name__}.\n\n"
        "Hint: pass pandas.DataFrame(your_data), or read a file with tracktr.io.read_csv()."
    )


def check_frame(survey: Survey, data: object, *, action: str) -> pd.DataFrame:
    """Refuse what is not a DataFrame with unique column names, before any cell is read."""
    if not isinstance(data, pd.DataFrame):
        raise InvalidDataError(_not_a_frame(data, action))
    if data.columns.is_unique:  # kept by the Index: no pass over the names per call
        return data
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


def _id_failures_by_cell(
    rid: str, ids: pd.Series, out: _Collector, places: IdPlaces | None = None
) -> None:
    values = ids.tolist()
    hashable = [_hashable(v) for v in values]
    duplicated = pd.Series(
        [
            v if h else ("<unhashable>", i)
            for i, (v, h) in enumerate(zip(values, hashable, strict=True))
        ],
        dtype=object,
    )
    blank: list[int] = []
    repeated: dict[Any, list[int]] = {}
    for position, (value, dup) in enumerate(
        zip(values, duplicated.duplicated(keep=False), strict=True)
    ):
        if not hashable[position]:
            out.add(rid, rid, position, value, "invalid_id", "a respondent id, not a list")
        elif is_blank(value):
            blank.append(position)
        elif dup:
            repeated.setdefault(value, []).append(position)
    add_id_failures(out, rid, blank, repeated, places)


_PLAIN_IDS = frozenset({"integer", "string", "floating", "boolean", "empty"})
"""Kinds of object ids (``infer_dtype``, blanks skipped) that hold no unhashable cell."""


def _id_failures(
    rid: str,
    ids: pd.Series,
    out: _Collector,
    *,
    vectorised: bool,
    places: IdPlaces | None = None,
) -> None:
    """Blank and repeated respondent ids (one failure each, naming rows), and unhashable ones.

    With `places`, the failures name each row's place in its file instead of its
    position.
    """
    # Object ids of mixed kinds may hold a list (an invalid id): read them one by one.
    plain = ids.dtype != object or infer_dtype(ids, skipna=True) in _PLAIN_IDS
    if not vectorised or not plain:
        _id_failures_by_cell(rid, ids, out, places)
        return
    cells = ids if isinstance(ids.dtype, np.dtype) else pd.Series(ids.tolist(), dtype=object)
    repeated = cells.duplicated(keep=False).to_numpy()
    blank = blanks(ids)
    failing = np.flatnonzero(repeated & ~blank).tolist()
    by_id: dict[Any, list[int]] = {}
    for position, value in zip(failing, cells_at(ids, failing), strict=True):
        by_id.setdefault(value, []).append(position)
    add_id_failures(out, rid, np.flatnonzero(blank).tolist(), by_id, places)


def id_failures_on_lines(survey: Survey, ids: pd.Series, places: IdPlaces) -> list[dict[str, Any]]:
    """Return the blank and repeated id failures of :meth:`Survey.validate`, naming lines.

    `ids` are the respondent ids of rows read from a file, `places` where each row is
    (its line, sheet row, or position in a frame that held header rows): the failures
    are validate()'s own, placed where the person who opens the file finds them rather
    than at the positions of the frame validated.
    """
    out = _Collector(survey, ids.to_frame(survey.respondent_id))
    _id_failures(survey.respondent_id, ids, out, vectorised=True, places=places)
    return [row for row in out.rows if row["check"] in {"missing_id", "duplicate_id"}]


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
    known: Mapping[str, Distinct] | None = None,
) -> None:
    """Check every cell of one question whose columns are all present."""
    if isinstance(question, MultiQuestion) and question.form == "slots":
        check_slots(question, data, asked.tolist(), _allowed_markers(survey), out.add)
    elif vectorised and isinstance(question, MultiQuestion):
        _check_multi_fast(survey, question, data, asked, out, known=known)
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
    known: Mapping[str, Distinct] | None = None,
) -> pd.DataFrame:
    """Every failure of `data` against `survey`, one row each (an empty frame if none).

    On the vectorised path, `codes` (if given) receives the categorical codes of each
    single, ordinal and grid column, from the cells the checks already read (for
    :func:`typed`); `known` holds the distinct cells of columns already read (by
    :func:`prepare`), which the checks of a multi-response set then do not read again.
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
    unknown = [m for m in missing if not m[0]]  # the file's, not a question's
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
        _check_question(
            survey, question, data, asked, out, vectorised=vectorised, codes=codes, known=known
        )
    _weight_failures(survey, data, out)
    return _object_frame(out.rows, FAILURE_COLUMNS)


_WEIGHT: Final = "a finite number of 0 or more (the [design] weights)"


def _weight_failures(survey: Survey, data: pd.DataFrame, out: _Collector) -> None:
    """Check the codebook's ``[design]`` weights are weights.

    They are no question's, but the codebook names them: a text or negative weight would
    only fail later, at the first weighted table. Strata and clusters take any labels.
    """
    column = survey.design.get("weights")
    if column is None or column not in data.columns:
        return  # (a missing column is named by column_failures)
    cells = data[column]
    for position in np.flatnonzero(_not_weights(cells)).tolist():
        out.add("", column, position, cells.iloc[position], "invalid_weight", _WEIGHT)


def _prepare_design_numbers(work: pd.DataFrame, column: str, changes: _Changes) -> None:
    """Read the number text of a ``[design]`` weights or fpc column as numbers, noted.

    A response file read as text (the command line's reading path) holds "1.5": the
    tables refuse a text column of weights, and validation named every cell of a good
    file. Text that is no number stays, for validation to name with its row.
    """
    cells = work[column]
    if pd.api.types.is_numeric_dtype(cells.dtype):  # text is object or str (pandas 3)
        return
    values = _object_cells(cells)
    numbers = {}
    for cell in pd.unique(values):
        number = parse_number(cell) if isinstance(cell, str) else None
        if number is not None and not isinstance(number, str):
            numbers[cell] = number
    rows = np.flatnonzero(pd.Series(values, dtype=object).isin(list(numbers)).to_numpy())
    if not len(rows):
        return
    after = np.array([numbers[v] for v in values[rows]], dtype=object)
    changes.note_many("", column, rows, values[rows].copy(), after, "number_text")
    values[rows] = after
    converted = pd.Series(values, index=work.index, dtype=object)
    work[column] = pd.to_numeric(converted) if len(rows) == len(values) else converted


def _not_weights(cells: pd.Series) -> npt.NDArray[np.bool_]:
    """Return which cells are no weight.

    Blank, text (even "1.5": the tables refuse a text column), a truth value, infinite or
    negative.
    """
    if pd.api.types.is_numeric_dtype(cells.dtype) and not pd.api.types.is_bool_dtype(cells.dtype):
        values = cells.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        return np.array([not is_weight(v) for v in cells.tolist()], dtype=bool)
    with np.errstate(invalid="ignore"):
        bad: npt.NDArray[np.bool_] = ~np.isfinite(values) | (values < 0)
    return bad


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
    routed = failures.loc[failures["check"] == "answered_not_asked", "question"].unique()
    if len(routed):
        lines.append("")
        lines.append(
            f"Hint: routing (ask_if) says some respondents were not asked {list(routed)[:5]} "
            "but their cells hold answers. If the routing is right, blank those cells or "
            f"write {NOT_ASKED!r} in them; if they were asked, correct the question's ask_if "
            "in the codebook."
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

    Single-choice, ordinal and grid columns, and the slot columns of a set in slots form.

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
        elif isinstance(question, MultiQuestion) and question.form == "slots":
            # each slot holds one label, marker or blank, as a single-choice column does:
            # the same dtype, so that a slot reads as the single choice of the same options
            categories = [*question.labels, *markers]
            for column in question.slots:
                result[column] = _categorical(data[column], categories)
    return result


def _categorical(series: pd.Series, categories: list[str]) -> pd.Categorical:
    """``pd.Categorical(series, categories)``, looking up each distinct cell once."""
    found = distinct(series)
    if found is None:
        return pd.Categorical(series.astype(object), categories=categories, ordered=True)
    dtype = pd.CategoricalDtype(categories, ordered=True)
    return pd.Categorical.from_codes(_category_codes(found, categories), dtype=dtype)


def validate(
    survey: Survey,
    data: pd.DataFrame,
    *,
    allow_extra_columns: bool = False,
    known: Mapping[str, Distinct] | None = None,
) -> pd.DataFrame:
    """Validate lazily; raise with every failure, or return the typed copy.

    `known`: the distinct cells of columns of `data` already read (see :func:`failures_of`).
    """
    data = native_frame(data)  # (a narwhals frame is checked as the frame it wraps)
    if not isinstance(data, pd.DataFrame) and is_engine_frame(data):
        # Another engine's frame is checked where it lives, pattern by pattern, and
        # returned as it is (nothing to type: the engine keeps its own dtypes).
        check = PatternCheck(survey, data, strict=True)
        failures = check.failures(allow_extra_columns=allow_extra_columns)
        if len(failures):
            raise SurveyValidationError(_message(failures, survey.title), failures=failures)
        return data
    data = check_frame(survey, data, action="validate")
    codes: dict[str, npt.NDArray[np.integer[Any]]] = {}
    failures = failures_of(
        survey, data, allow_extra_columns=allow_extra_columns, codes=codes, known=known
    )
    if len(failures):
        raise SurveyValidationError(_message(failures, survey.title), failures=failures)
    return typed(survey, data, codes)


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
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
    changes = _Changes(_respondents(survey, data))
    note = changes.note
    sentinels = _sentinels(survey)
    known: dict[str, Distinct] = {}  # distinct cells of prepared columns
    for question in survey.ordered_questions():
        if not set(question.columns) <= set(work.columns):
            continue
        # not survey.asked(): True/False in a routing column is a failure prepare reports
        asked = _asked(survey, work, question, DistinctColumns(work)).tolist()
        if isinstance(question, MultiQuestion) and question.form == "indicator":
            found_set = _distinct_set(work, question)
            if found_set is None:
                _prepare_indicator_by_cell(question, work, asked, sentinels, note)
            else:  # validation need not factorise the prepared columns again
                prepared = _prepare_indicator(question, work, found_set, asked, sentinels, changes)
                known.update(zip(question.columns, prepared, strict=True))
            continue
        if isinstance(question, MultiQuestion) and question.form == "slots":

            def convert(value: object, asked: bool, question: Question = question) -> Any:
                return _prepare_cell(question, value, asked, sentinels)

            prepare_slots(question, work, asked, convert, note)
            continue
        for column in question.columns:
            found = distinct(work[column]) if len(work) >= _VECTORISED_FROM else None
            if found is not None:
                _prepare_column(question, work, column, found, asked, sentinels, changes)
            else:
                _prepare_column_by_cell(question, work, column, asked, sentinels, note)
    for key in ("weights", "fpc"):
        number_column = survey.design.get(key)
        if number_column is not None and number_column in work.columns:
            _prepare_design_numbers(work, number_column, changes)
    typed_frame = validate(survey, work, allow_extra_columns=allow_extra_columns, known=known)
    return Prepared(typed_frame, changes.frame())


ObjectArray = npt.NDArray[np.object_]


def _objects(values: Iterable[Any], count: int) -> ObjectArray:
    """Return `values` as a 1-d object array, each value one cell (a tuple stays one cell)."""
    return np.fromiter(values, dtype=object, count=count)


def _object_cells(series: pd.Series) -> ObjectArray:
    """Return a new object array of the cells of `series`, each as ``tolist()`` gives it."""
    if isinstance(series.dtype, np.dtype) and series.dtype.kind in "biufcO":
        # numpy makes the same Python scalars as tolist() (a float64 cell is a float)
        return series.to_numpy(dtype=object, copy=True)
    return _objects(series.tolist(), len(series))


class _Changes:
    """The cells prepare() changes, in the order it changes them: one or a block at a time.

    A cell-by-cell path notes one change per call (:meth:`note`); the paths that read each
    distinct cell once note all the changes of a column or a set as arrays
    (:meth:`note_many`), without a Python call per cell: a set may change every cell.
    """

    __slots__ = ("_blocks", "_id_cells", "_ids", "_rows")

    def __init__(self, ids: list[Any]) -> None:
        self._ids = ids  # the respondent id of each row position
        self._id_cells: ObjectArray | None = None
        self._rows: list[tuple[Any, ...]] = []  # tuples, not dicts, until the frame
        self._blocks: list[list[tuple[Any, ...]] | tuple[ObjectArray, ...]] = [self._rows]

    def note(  # noqa: PLR0917  (one positional per change column)
        self, question: str, column: str, position: int, before: object, after: object, reason: str
    ) -> None:
        """Note one changed cell, at row `position`."""
        self._rows.append((question, column, self._ids[position], before, after, reason))

    def note_many(  # noqa: PLR0917  (one positional per change column)
        self,
        question: str,
        columns: str | ObjectArray,
        positions: npt.NDArray[np.intp],
        before: ObjectArray,
        after: ObjectArray,
        reasons: str | ObjectArray,
    ) -> None:
        """Note the changed cells at rows `positions`, in that order (a string: every cell's)."""
        count = len(positions)
        if not count:
            return
        if self._id_cells is None:
            self._id_cells = _objects(self._ids, len(self._ids))

        def cells(value: str | ObjectArray) -> ObjectArray:
            return np.full(count, value, dtype=object) if isinstance(value, str) else value

        block = (cells(question), cells(columns), self._id_cells[positions], before, after)
        self._blocks.append((*block, cells(reasons)))
        self._rows = []  # changes noted one at a time after these come after them
        self._blocks.append(self._rows)

    def frame(self) -> pd.DataFrame:
        """Return the changes as a frame of object columns (1 stays 1, not 1.0)."""
        parts: list[tuple[ObjectArray, ...]] = []
        for block in self._blocks:
            if isinstance(block, tuple):
                parts.append(block)
            elif block:
                parts.append(tuple(_objects(v, len(block)) for v in zip(*block, strict=True)))
        columns = [
            np.concatenate([part[i] for part in parts]) if parts else np.empty(0, dtype=object)
            for i in range(len(CHANGE_COLUMNS))
        ]
        return pd.DataFrame(
            {c: pd.Series(v, dtype=object) for c, v in zip(CHANGE_COLUMNS, columns, strict=True)}
        )


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
    changes: _Changes,
) -> None:
    """Prepare one column converting each distinct (cell, asked) once: the same changes.

    Rows reach their conversion through one array lookup; the changed cells are read
    back, noted and written as arrays.
    """
    key = found.codes * 2 + ~np.array(asked, dtype=bool)  # (cell, not asked)
    used = np.flatnonzero(np.bincount(key, minlength=2 * len(found.values)))
    hits: dict[int, tuple[Any, str | None]] = {
        int(k): _prepare_cell(question, found.values[k // 2], not k % 2, sentinels) for k in used
    }
    changing = np.zeros(2 * len(found.values), dtype=bool)
    changing[[k for k, hit in hits.items() if hit[1] is not None]] = True
    rows = np.flatnonzero(changing[key])
    if not len(rows):
        return
    after_of = np.empty(len(changing), dtype=object)  # each changing key's cell and reason
    reason_of = np.empty(len(changing), dtype=object)
    for k in np.flatnonzero(changing).tolist():
        after_of[k], reason_of[k] = hits[k]
    new = _object_cells(work[column])  # unchanged cells as the cell-by-cell path keeps them
    keys = key[rows]
    after = after_of[keys]
    changes.note_many(question.id, column, rows, new[rows], after, reason_of[keys])
    new[rows] = after
    work[column] = _column_dtype(question, pd.Series(new, index=work.index, dtype=object))


def _column_dtype(question: Question, column: pd.Series) -> pd.Series:
    """Give a numeric column without missing markers a numeric dtype (``.mean()`` works).

    Columns holding markers stay ``object``: the markers are what keeps skipped and not
    asked apart (:func:`tracktr.summarise` reads them).
    """
    if not isinstance(question, NumericQuestion) or column.isin(list(MARKERS)).any():
        return column
    if column.dtype == object and any(isinstance(v, bool | np.bool_) for v in column.array):
        # pd.to_numeric reads True/False as 1/0, unnoted; kept, validation names them as
        # not_numeric, as it does in a column with no number text to convert.
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


def _yes_no_meaning(question: MultiQuestion) -> dict[str, int]:
    """Return the tick each declared yes/no code of a set stands for ("Oui": 1, "Non": 0)."""
    return dict.fromkeys(question.true_codes, 1) | dict.fromkeys(question.false_codes, 0)


def _yes_no_tick(meaning: dict[str, int], value: object) -> int | None:
    """Return the tick (1 or 0) a cell's yes/no code stands for; ``None`` for other cells."""
    if value is None or is_marker(value) or is_blank(value):
        return None
    return meaning.get(str(value).strip())


def _yes_no(question: MultiQuestion, columns: dict[str, list[Any]], note: Any) -> bool:
    """Turn a set's declared yes/no codes ("Oui"/"Non") into 1/0; return whether any was."""
    if not question.true_codes:
        return False
    meaning = _yes_no_meaning(question)
    changed = False
    for column, values in columns.items():
        for position, value in enumerate(values):
            tick = _yes_no_tick(meaning, value)
            if tick is not None:
                values[position] = tick
                note(question.id, column, position, value, tick, "yes_no_code")
                changed = True
    return changed


def _prepare_indicator_by_cell(
    question: MultiQuestion,
    work: pd.DataFrame,
    asked: list[bool],
    sentinels: dict[Any, str],
    note: Any,
) -> None:
    """Prepare a set in indicator form cell by cell (small frames, and cells holding lists)."""
    columns = {c: work[c].tolist() for c in question.columns}
    changed = _yes_no(question, columns, note)
    for position in range(len(work)):
        cells = {c: columns[c][position] for c in question.columns}
        # A 0 answers a set the respondent was asked; routed out, only a tick does (a row
        # of 0s is how platforms export "not asked", and validate() reads it so).
        answered = any(
            not is_marker(v) and _answers(tick_of(v), asked=asked[position]) for v in cells.values()
        )
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


def _answers(tick: bool | None, *, asked: bool) -> bool:
    """Whether a cell's tick (None: not a tick) answers a set, for :func:`prepare`."""
    return tick is not None and (asked or tick)


_BLANK_IN_ANSWERED: tuple[Any, str | None] = (0, "blank_in_answered_set")
_UNCHANGED: tuple[Any, str | None] = (None, None)


def _prepare_indicator(  # noqa: PLR0917  (internal helper)
    question: MultiQuestion,
    work: pd.DataFrame,
    found: list[Distinct],
    asked: list[bool],
    sentinels: dict[Any, str],
    changes: _Changes,
) -> list[Distinct]:
    """Prepare a set in indicator form reading each distinct cell once: the same changes.

    `found` holds the distinct cells of each of the set's columns. Each distinct cell is
    read once (its yes/no code, whether it ticks, is blank, or is a missing code for the
    asked and the not asked); the rows that answer the set and the cells that change are
    array lookups, and so are the changes, noted as arrays in the order of the cell by
    cell loop: yes/no codes column by column, then row by row in the set's column order.
    Return the distinct cells of the prepared columns.
    """
    meaning = _yes_no_meaning(question) if question.true_codes else {}
    not_asked = ~np.array(asked, dtype=bool)
    answered = np.zeros(len(work), dtype=bool)
    ticked = np.zeros(len(work), dtype=bool)  # a tick (1): routed out, only it answers
    yes_no: list[list[int | None]] = []
    read: list[list[Any]] = []  # each distinct cell as the loop reads it (after yes/no)
    for cells in found:
        ticks = [_yes_no_tick(meaning, v) if meaning else None for v in cells.values]
        read.append([v if t is None else t for v, t in zip(cells.values, ticks, strict=True)])
        yes_no.append(ticks)
        ticking = [not is_marker(v) and tick_of(v) is not None for v in read[-1]]
        answered |= np.array(ticking, dtype=bool)[cells.codes]
        ones = [not is_marker(v) and tick_of(v) is True for v in read[-1]]
        ticked |= np.array(ones, dtype=bool)[cells.codes]
    # A 0 answers a set the respondent was asked; routed out, only a tick does (a row of
    # 0s is how platforms export "not asked", and validate() reads it so).
    answered &= ~not_asked | ticked
    # Each cell's outcome: -1 unchanged, 0 a blank in an answered row, 1 + 2 * code +
    # (not asked) the missing marker of its distinct cell. One row per column of the set,
    # so that each column's outcomes are contiguous.
    outcome = np.full((len(found), len(work)), -1, dtype=np.intp)
    outcomes: list[list[tuple[Any, str | None]]] = []
    for j, cells in enumerate(found):
        conversions = [_BLANK_IN_ANSWERED]
        for v in read[j]:
            for was_asked in (True, False):
                missing = None if is_marker(v) else _missing_marker(v, was_asked, sentinels)
                conversions.append(_UNCHANGED if missing is None else missing)
        changing = np.array([reason is not None for _, reason in conversions], dtype=bool)
        blank = np.array([not is_marker(v) and is_blank(v) for v in read[j]], dtype=bool)
        key = 1 + 2 * cells.codes + not_asked
        key[answered & blank[cells.codes]] = 0
        outcome[j] = np.where(changing[key], key, -1)
        outcomes.append(conversions)
    converted = [np.array([t is not None for t in ticks], dtype=bool) for ticks in yes_no]
    changed = outcome >= 0
    if not changed.any() and not any(c.any() for c in converted):
        return found
    cells_now = []  # each column's cells, as the loop reads them once yes/no codes are ticks
    for column, cells, ticks, is_tick in zip(
        question.columns, found, yes_no, converted, strict=True
    ):
        values = _object_cells(work[column])
        rows = np.flatnonzero(is_tick[cells.codes])
        tick = _objects(ticks, len(ticks))[cells.codes[rows]]
        changes.note_many(question.id, column, rows, values[rows], tick, "yes_no_code")
        values[rows] = tick
        cells_now.append(values)
    rows, where = np.nonzero(changed.T)  # row by row, then the set's column order
    before = np.empty(len(rows), dtype=object)
    after = np.empty(len(rows), dtype=object)
    reasons = np.empty(len(rows), dtype=object)
    for j, values in enumerate(cells_now):
        in_column = where == j
        positions = rows[in_column]
        kinds = outcome[j, positions]
        before[in_column] = values[positions]
        after[in_column] = _objects((a for a, _ in outcomes[j]), len(outcomes[j]))[kinds]
        reasons[in_column] = _objects((r for _, r in outcomes[j]), len(outcomes[j]))[kinds]
        values[positions] = after[in_column]
    names = _objects(question.columns, len(question.columns))
    changes.note_many(question.id, names[where], rows, before, after, reasons)
    for column, values in zip(question.columns, cells_now, strict=True):
        work[column] = pd.Series(values, index=work.index, dtype=object)
    return [_rewritten(cells, read[j], outcome[j], outcomes[j]) for j, cells in enumerate(found)]


def _rewritten(
    found: Distinct,
    read: list[Any],
    outcome: npt.NDArray[np.intp],
    outcomes: list[tuple[Any, str | None]],
) -> Distinct:
    """Return the distinct cells of a prepared column, from those of the column as it was.

    A code's cell is `read` (a yes/no code became its tick in every row of the code);
    each outcome that changed cells is one more code. (An outcome may equal the cell of
    another code, as ``0`` does ``0.0``, which :func:`distinct` also keeps apart: the
    checks read each code's cell on its own.)
    """
    changed = outcome >= 0
    used = np.flatnonzero(np.bincount(outcome[changed], minlength=len(outcomes)))
    code_of = np.zeros(len(outcomes), dtype=np.intp)  # each used outcome's new code
    code_of[used] = len(read) + np.arange(len(used))
    codes = np.where(changed, code_of[np.maximum(outcome, 0)], found.codes)
    return Distinct(codes, [*read, *(outcomes[k][0] for k in used.tolist())])


def _distinct_set(work: pd.DataFrame, question: Question) -> list[Distinct] | None:
    """Return the distinct cells of each of a question's columns, or None (cell by cell).

    ``None`` below :data:`_VECTORISED_FROM` rows, or where a cell is unhashable (a list).
    """
    if len(work) < _VECTORISED_FROM:
        return None
    found = []
    for column in question.columns:
        cells = distinct(work[column])
        if cells is None:
            return None
        found.append(cells)
    return found


_VECTORISED_FROM = 2_000
"""Rows from which cells are checked once per distinct value (below, cell by cell is faster)."""

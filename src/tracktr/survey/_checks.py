"""Checking cells one by one: the reference that the vectorised checks must equal.

Each function reads every cell of a column (or a multi-response set) and records its
failures, in row order, with a :class:`_Collector`. Small frames are checked this way;
larger ones probe these same functions once per distinct cell (tracktr.survey._vectorised).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

import pandas as pd

from tracktr._numbers import PROBLEMS, parse_number
from tracktr.missing import MARKERS, NOT_ASKED, REFUSED, SKIPPED
from tracktr.survey._cells import is_marker, near_label, repeated_parts, tick_of, ticked_rows
from tracktr.survey._distinct import is_blank
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


ANSWERED_NOT_ASKED: Final = (
    "answered_not_asked",
    f"{NOT_ASKED!r} or blank: routing says this respondent was not asked",
)
"""The check and expectation of a cell answered by a respondent routing did not ask."""


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
            out.add(question.id, column, position, value, *ANSWERED_NOT_ASKED)


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
    # Each row's answered cells, (column, value) in column order: where routing says the
    # row was not asked, each is a failure of its own column and value.
    answered: dict[int, list[tuple[str, object]]] = {}
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
                repeated = repeated_parts(question, value)
                if repeated:
                    # The slots form reports this slip as duplicate_slot; a delimited
                    # cell has no slots. Still an answer: its routing is checked below.
                    out.add(
                        question.id,
                        column,
                        position,
                        value,
                        "duplicate_option",
                        f"each option once; {repeated} given twice",
                    )
            elif (tick := tick_of(value)) is None or isinstance(value, str):
                out.add(question.id, column, position, value, "not_binary", "1/0 or True/False")
                continue
            elif not tick:
                # An unticked box is no answer: survey platforms export a set not asked
                # as a row of 0s, and tt.multi_response reads such a row as not asked.
                continue
            answered.setdefault(position, []).append((column, value))
    for position in sorted(answered):
        if not asked[position]:
            for column, value in answered[position]:
                out.add(question.id, column, position, value, *ANSWERED_NOT_ASKED)
    if question.exclusive:
        for position, ticks in enumerate(ticked_rows(question, data)):
            if ticks and len(ticks) > 1 and set(question.exclusive) & set(ticks):
                _exclusive_failure(question, position, ticks, out)


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


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


DESIGN_COLUMNS: Final = ("weights", "strata", "clusters", "fpc")
"""The ``[design]`` entries that name a column (``lonely_psu`` names a rule)."""


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
    # The [design] columns and pooled waves' persistent id are no question's, but the
    # codebook describes them (validate refused a codebook's own weights).
    known = set(survey.described_columns)
    found: list[tuple[str, str, str, str]] = []
    if not allow_extra_columns:
        found += [("", c, "unknown_column", _EXTRA) for c in names if c not in known]
    # The codebook's [design] columns: without them the file cannot be weighted, nor its
    # variances estimated, as the codebook says.
    for key in DESIGN_COLUMNS:
        column = survey.design.get(key)
        if column is not None and column not in present:
            found.append(("", column, "missing_column", f"the [design] {key} column"))
    incomplete: set[str] = set()
    for question in survey.questions:
        for column in question.columns:
            if column not in present:
                found.append((question.id, column, "missing_column", f"a column {column!r}"))
                incomplete.add(question.id)
    return found, incomplete


_EXTRA = "only codebook columns (or validate(..., allow_extra_columns=True))"


# -- respondent ids: one failure for the repeated ids, one for the blank ones ------------------

IDS_SHOWN: Final = 20
"""Repeated ids named in a ``duplicate_id`` failure (the rest are counted)."""

ROWS_SHOWN: Final = 10
"""Rows (or lines) named for each repeated id (the rest are counted)."""

IdUnit = Literal["row", "line", "sheet row"]
"""Where an id failure places its ids: 0-based row positions of a frame, a file's lines, or
a workbook's sheet rows."""


def _shown(items: list[str], total: int) -> str:
    more = f" and {total - len(items)} more" if total > len(items) else ""
    return ", ".join(items) + more


def _at(unit: IdUnit, places: list[int], total: int) -> str:
    """Return ``rows 0, 3``, ``line 6`` or ``lines 3, 5 and 4 more``."""
    word = unit if len(places) == 1 and total == 1 else f"{unit}s"
    return f"{word} {_shown([str(p) for p in places], total)}"


def _where(unit: IdUnit, frame: str, *, found: bool, what: str) -> str:
    """Return the end of an id message: whose places these are, or how to find the rows."""
    if unit != "row":
        return "" if found else f" (filter the file on {what} to list them)"
    if found:
        return f" (0-based positions{' of the ' + frame + ' frame' if frame else ''})"
    return f" of the {frame} frame (filter it on {what} to list them)"


def sorted_ids(ids: Iterable[Any]) -> list[Any]:
    """Return ids in order (by type, then text, when they do not compare), each once."""
    unique = list(dict.fromkeys(ids))
    try:
        return sorted(unique)
    except TypeError:  # numbers and text, say
        return sorted(unique, key=lambda v: (type(v).__name__, repr(v)))


def repeated_ids_failure(
    rid: str,
    places: dict[Any, list[int]],
    counts: dict[Any, int],
    *,
    unit: IdUnit = "row",
    frame: str = "",
    total: int | None = None,
    note: str = "",
) -> dict[str, Any]:
    """Return the one ``duplicate_id`` failure: the repeated ids and where each is.

    The message of :meth:`tracktr.Survey.validate` (rows) and of :func:`tracktr.io.scan`
    (a file's lines) alike.

    Parameters
    ----------
    rid : str
        The respondent id column.
    places : dict
        The places of the ids shown, each id's first :data:`ROWS_SHOWN` named: 0-based row
        positions (`unit` "row") or file lines (`unit` "line"); nothing for a frame without
        an order or a file without lines (the message then says how to find them).
    counts : dict
        The number of rows of each repeated id; the first :data:`IDS_SHOWN` in order are
        named.
    unit : {"row", "line"}, default "row"
        What `places` hold.
    frame : str, optional
        The engine of the frame whose rows these are (``"polars"``).
    total : int, optional
        How many ids are repeated, when `counts` holds only the first of them.
    note : str, optional
        Said after the places (how the file wrote an id).

    Examples
    --------
    >>> from tracktr.survey._checks import repeated_ids_failure
    >>> failure = repeated_ids_failure("id", {7: [0, 3]}, {7: 2})
    >>> failure["value"], failure["expected"]
    ((7,), 'unique respondent ids; repeated: 7 at rows 0, 3 (0-based positions)')
    >>> repeated_ids_failure("id", {"2": [3, 5]}, {"2": 2}, unit="line")["expected"]
    "unique respondent ids; repeated: '2' at lines 3, 5"
    """
    ids = sorted_ids(counts)
    shown = ids[:IDS_SHOWN]
    parts = []
    for value in shown:
        at = places.get(value, [])
        if at:
            parts.append(f"{value!r} at {_at(unit, at[:ROWS_SHOWN], counts[value])}")
        else:
            parts.append(f"{value!r} in {counts[value]} rows")
    total = len(ids) if total is None else total
    more = f"; and {total - len(shown)} more repeated ids" if total > len(shown) else ""
    where = _where(unit, frame, found=any(places.get(v) for v in shown), what="these ids")
    return {
        "question": rid,
        "column": rid,
        "respondent_id": None,
        "value": tuple(shown),
        "check": "duplicate_id",
        "expected": f"unique respondent ids; repeated: {'; '.join(parts)}{more}{where}{note}",
    }


def blank_ids_failure(
    rid: str, places: list[int], count: int, *, unit: IdUnit = "row", frame: str = ""
) -> dict[str, Any]:
    """Return the one ``missing_id`` failure: how many rows have no id, and where.

    `places` are the first :data:`IDS_SHOWN` of them: 0-based row positions (`unit`
    "row") or file lines (`unit` "line"), or nothing for a frame without an order (`frame`
    names its engine) or a file without lines.

    Examples
    --------
    >>> from tracktr.survey._checks import blank_ids_failure
    >>> blank_ids_failure("id", [4, 9], 2)["expected"]
    'a respondent id in every row; blank in 2 rows: 4, 9 (0-based positions)'
    >>> blank_ids_failure("id", [6], 1, unit="line")["expected"]
    'a respondent id in every row; blank in 1 row: line 6'
    """
    if places:
        shown = places[:IDS_SHOWN]
        listed = (
            _shown([str(p) for p in shown], count) if unit == "row" else _at(unit, shown, count)
        )
        where = f": {listed}{_where(unit, frame, found=True, what='a blank id')}"
    else:
        where = _where(unit, frame, found=False, what="a blank id")
    plural = "row" if count == 1 else "rows"
    return {
        "question": rid,
        "column": rid,
        "respondent_id": None,
        "value": None,
        "check": "missing_id",
        "expected": f"a respondent id in every row; blank in {count} {plural}{where}",
    }


@dataclass(frozen=True, slots=True)
class IdPlaces:
    """Where the rows validated were read from, to name them there.

    Attributes
    ----------
    lines : sequence of int
        Each row's place: its line in a file, its sheet row, or its position in a frame
        that held header rows.
    unit : {"line", "sheet row", "row"}
        What a place is called.
    frame : str
        The engine of a frame whose positions `lines` are (``"pandas"``).
    """

    lines: Sequence[int]
    unit: IdUnit = "line"
    frame: str = ""


def add_id_failures(
    out: _Collector,
    rid: str,
    blank: list[int],
    repeated: dict[Any, list[int]],
    places: IdPlaces | None = None,
) -> None:
    """Record one failure for the blank ids and one for the repeated ids, naming the rows.

    With `places`, each row is named where it was read from instead of by its 0-based
    position in the frame validated.
    """
    unit: IdUnit = "row"
    frame = ""
    if places is not None:
        lines, unit, frame = places.lines, places.unit, places.frame
        blank = [lines[p] for p in blank]
        repeated = {value: [lines[p] for p in rows] for value, rows in repeated.items()}
    if blank:
        out.rows.append(blank_ids_failure(rid, blank, len(blank), unit=unit, frame=frame))
    if repeated:
        counts = {value: len(rows) for value, rows in repeated.items()}
        out.rows.append(repeated_ids_failure(rid, repeated, counts, unit=unit, frame=frame))

"""A routed question's column as its codebook's routing reads it.

A table of a routed question states the routing in its base ("respondents for whom q1 is
'Yes' who answered"). Data straight from a survey platform leaves a routed-out respondent's
cell blank, which reads as skipped, and a routed-out answer (a platform that did not
enforce the routing, a merge gone wrong) was counted in the base the line says excludes
it: 3 where those asked were 2. :meth:`tracktr.Survey.prepare` writes ``<not asked>`` and
:meth:`~tracktr.Survey.validate` lists such answers; tabulating with ``survey=`` now does
the same for the question it counts, wherever the routing questions' columns are in the
data.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import SurveyValidationError, rows_named
from tracktr.missing import MARKERS, NOT_ASKED, SKIPPED
from tracktr.tabulate._common import refuse_outside_codes

if TYPE_CHECKING:  # tracktr.survey is loaded only with a Survey: `import tracktr` must not
    from tracktr.survey._distinct import TextCodes

__all__ = [
    "PATTERNS_WHERE",
    "RoutedOutPatternsError",
    "follow_routing",
    "is_routed",
    "refuse_routed_out_ticks",
    "routed_column",
    "routed_counted",
    "routed_counted_items",
    "routed_out",
    "routing_columns",
]


def _routing_columns(survey: Any, question: str) -> list[str] | None:
    """Return the columns the question's routing reads, or None when it is not routed."""
    find = getattr(survey, "question", None)
    if find is None or getattr(survey, "asked", None) is None:
        return None  # a description of questions without routing (SurveyLike)
    ask_if = find(question).ask_if
    if ask_if is None:
        return None
    return [c for q in dict.fromkeys(ask_if.questions()) for c in survey.spec(q).columns]


def is_routed(survey: Any, question: str) -> bool:
    """Whether the codebook routes the question (a survey without routing routes none)."""
    return survey is not None and _routing_columns(survey, question) is not None


def routing_columns(survey: Any, question: str, names: list[str]) -> list[str]:
    """Return the columns a question's routing reads, where all of them are in `names`.

    An engine frame counts its answer patterns with these columns too, so that the pandas
    count of the patterns follows the routing as a pandas frame's count does.
    """
    if survey is None:
        return []
    columns = _routing_columns(survey, question)
    if columns is None or any(c not in names for c in columns):
        return []
    return columns


def routed_out(data: pd.DataFrame, survey: Any, question: str) -> npt.NDArray[np.bool_] | None:
    """Return who the question's routing did not ask; None if unrouted, unreadable or no one."""
    columns = _routing_columns(survey, question)
    if columns is None or any(c not in data.columns for c in columns):
        return None
    # Imported here: a routed question has a Survey (tracktr.survey is loaded by now), and
    # `import tracktr` must not load it.
    from tracktr.survey._survey import Survey
    from tracktr.survey._validate import check_frame

    if isinstance(survey, Survey):  # who was asked as an array: no Series made and read
        out = ~survey._asked_rows(check_frame(survey, data, action="asked"), question)
    else:
        out = ~survey.asked(data, question).to_numpy(dtype=bool)
    return out if out.any() else None


def refuse_routed_out_ticks(
    data: pd.DataFrame,
    ticked: pd.Series,
    where_ticked: npt.NDArray[np.bool_],
    survey: Any,
    question: str,
    *,
    columns: Sequence[str],
    indicator: bool = False,
    patterns: bool = False,
) -> None:
    """Refuse the ticks of respondents a multi-response set's routing did not ask.

    `ticked` holds, for each such respondent (the rows `where_ticked` says, in order),
    the options ticked, joined ("A; B"): the message shows them. The failures list each
    cell of the set's `columns` that holds an answer in those rows (a 1, a delimited
    cell, a slot), row by row and column by column, with the cell as it is, as
    :meth:`~tracktr.Survey.validate` lists them for the same data. An `indicator` set's
    unticked boxes (0, False) are no answer: a routed-out row of 0s is "not asked".
    """
    rows = np.flatnonzero(where_ticked)
    found = []
    for column in columns:
        cells = data[column].iloc[rows]
        held = ~(_blank(cells) | cells.isin(list(MARKERS)).to_numpy(dtype=bool))
        if indicator:
            held &= ~_unticked(cells)
        found.append((column, rows[held], cells.to_numpy(dtype=object)[held]))
    _refuse_routed_out_answers(
        data,
        _row_major(found),
        shown=ticked.astype(str).tolist(),
        survey=survey,
        question=question,
        patterns=patterns,
    )


def _row_major(found: Sequence[Cells]) -> list[Cells]:
    """Return cells found column by column as one list per cell, row by row (stable)."""
    flat = [(p, c, v) for c, ps, vs in found for p, v in zip(ps.tolist(), vs, strict=True)]
    flat.sort(key=lambda cell: cell[0])  # stable: a row's cells keep the columns' order
    return [(c, np.array([p], dtype=np.intp), np.array([v], dtype=object)) for p, c, v in flat]


def routed_column(
    data: pd.DataFrame, series: pd.Series, survey: Any, question: str, *, patterns: bool = False
) -> pd.Series:
    """Return `series` with the blanks of routed-out respondents read as not asked.

    A routed-out respondent's blank or ``<skipped>`` becomes ``<not asked>`` (in a copy):
    both are outside the base, and the table's count of those not asked is then the
    routing's. Other missing markers (a declared ``<refused>``) are left as they are, as
    :meth:`~tracktr.Survey.validate` leaves them, and so is anything that is not one of
    the question's options (a code of data not yet prepared), which the count then
    refuses as before. Where a routing question's column is not in `data`, the routing
    cannot be read and `series` is returned as it is. `patterns`: `data` is an engine
    frame's answer patterns, counted: a refusal is a :class:`RoutedOutPatternsError`
    naming the patterns, whose respondents the engine then finds.

    Raises
    ------
    tracktr.SurveyValidationError
        For an option (or don't know) answered by a respondent the routing did not ask,
        naming the respondents and values; ``failures`` lists them as
        :meth:`~tracktr.Survey.validate` does (check ``"answered_not_asked"``).
    """
    return follow_routing(
        data, series, survey, question, routed_out(data, survey, question), patterns=patterns
    )


def routed_counted(
    data: pd.DataFrame, series: pd.Series, survey: Any, question: str, *, patterns: bool = False
) -> pd.Series:
    """:func:`routed_column` for counting: the same table from one factorisation.

    A routed table read the routed-out cells (a factorisation), marked a copy of the
    column, and its count factorised that copy again (``object`` text: three hash
    passes over the rows, and a copy of every cell). Where the column holds text alone
    and every cell it counts is an option or a missing marker, it is factorised once
    here: the same codes tell the routed-out answers, blanks and ``<skipped>``, and
    become the codes of a categorical (the routed-out blanks those of ``<not asked>``),
    which the count reads without hashing. Anything else (numbers, an unknown value, a
    routed-out answer) takes :func:`routed_column`'s path, so that the table and every
    error are the same.
    """
    out = routed_out(data, survey, question)
    if out is None:
        return series
    refuse_outside_codes(series, question)  # else read as another cell's, or a crash
    counted = _counted_codes(series, out, survey.spec(question).options)
    if counted is not None:
        return counted
    return follow_routing(data, series, survey, question, out, patterns=patterns)


def routed_counted_items(
    data: pd.DataFrame,
    items: Sequence[pd.Series],
    survey: Any,
    question: str,
    out: npt.NDArray[np.bool_] | None,
    *,
    patterns: bool = False,
) -> list[pd.Series]:
    """:func:`follow_routing_items` for counting, each item as :func:`routed_counted` reads it.

    A grid's items are refused together: where one item cannot be counted from its codes
    alone (a routed-out answer, an unknown value...), every item takes
    :func:`follow_routing_items`'s path, which names them all at once.
    """
    if out is None:
        return list(items)
    for series in items:
        refuse_outside_codes(series, question)
    options = survey.spec(question).options
    counted = [_counted_codes(series, out, options) for series in items]
    if any(series is None for series in counted):
        return follow_routing_items(data, items, survey, question, out, patterns=patterns)
    return [series for series in counted if series is not None]


def _counted_codes(
    series: pd.Series, out: npt.NDArray[np.bool_], options: Sequence[Any]
) -> pd.Series | None:
    """Return `series` marked as :func:`follow_routing` marks it, as a categorical.

    ``None`` where the table could differ from the marked column's, or an error be
    raised: options or cells other than ``str``, a routed-out answer, or a counted cell
    that is neither an option nor a missing marker.
    """
    if not options or not all(type(o) is str for o in options):
        return None
    found = _text_codes(series)
    if found is None:
        return None
    values = found.values
    known = set(options)
    answer = np.fromiter((v in known for v in values), bool, len(values))
    unanswered = np.fromiter((not v.strip() or v == SKIPPED for v in values), bool, len(values))
    marker = values.index(NOT_ASKED) if NOT_ASKED in values else len(values)
    shifted = found.shifted() if found.missing_all_blank(series) else None
    if shifted is not None:
        marked_codes = _marked_by_lookup(shifted, out, answer, unanswered, marker=marker)
    else:
        marked_codes = _marked_at_rows(found, series, out, answer, unanswered, marker=marker)
    if marked_codes is None:
        return None  # refused, by follow_routing's own words
    if not len(marked_codes):  # routed-out cells already <not asked> (prepared data)
        return series
    # A categorical that has the marker keeps its dtype, and with it the lookups the
    # count keeps per categories (a new categorical costs more than 151 rows' count).
    dtype = series.dtype if NOT_ASKED in values else None
    if NOT_ASKED not in values:
        values = [*values, NOT_ASKED]
    counted = np.fromiter((v in known or v in MARKERS for v in values), bool, len(values))
    if not counted.all():
        # A value neither an option nor a marker: refused by the count (naming its rows),
        # unless no row holds it now (a categorical's unused category, or whitespace
        # whose every row was routed out and marked).
        used = np.bincount(marked_codes.astype(np.intp) + 1, minlength=len(values) + 1)[1:]
        if (used.astype(bool) & ~counted).any():
            return None
    if not isinstance(dtype, pd.CategoricalDtype):
        dtype = pd.CategoricalDtype(pd.Index(values, dtype=object))
    marked = pd.Categorical.from_codes(marked_codes, dtype=dtype, validate=False)
    return pd.Series(marked, index=series.index, name=series.name, copy=False)


# A category's codes, marked; ``None`` for a routed-out answer; empty where nothing changes.
Marked = npt.NDArray[np.signedinteger[Any]] | None

# Codes of the lookup that are no category: a routed-out answer, a cell marked not asked.
_REFUSED, _CHANGED = 127, 126


def _marked_by_lookup(
    shifted: npt.NDArray[np.int8],
    out: npt.NDArray[np.bool_],
    answer: npt.NDArray[np.bool_],
    unanswered: npt.NDArray[np.bool_],
    *,
    marker: int,
) -> Marked:
    """Each row's category code, routed-out blanks and ``<skipped>`` made `marker`.

    `shifted` is each row's code plus one (0: a missing cell, every one of them blank,
    at most 61 texts). A row's code and whether it was routed out index one small table
    (asked: the code as it is; routed out: `marker` for a blank or ``<skipped>``, a
    sentinel for an answer), so the column is read in passes over bytes, not gathered
    and scattered at the routed-out rows (about 6 to 2 ms a table of a million rows).
    """
    width = len(answer) + 1  # the codes and a missing cell
    # A new marker (no cell holds <not asked>) is its own sign of a change: written by the
    # lookup, with no second pass to write it.
    fresh = marker == len(answer)
    change = marker if fresh else _CHANGED
    own = np.arange(-1, len(answer), dtype=np.int8)  # asked: each code as it is
    away = np.where(answer, _REFUSED, np.where(unanswered, change, np.arange(len(answer))))
    table = np.concatenate((own, [change], away)).astype(np.int8)
    marked: npt.NDArray[np.int8] = table.take(shifted + out.view(np.int8) * np.int8(width))
    if (marked == _REFUSED).any():
        return None
    changed = marked == change
    if not changed.any():
        return np.zeros(0, dtype=np.int8)
    if not fresh:
        np.putmask(marked, changed, marker)
    return marked


def _marked_at_rows(
    found: TextCodes,
    series: pd.Series,
    out: npt.NDArray[np.bool_],
    answer: npt.NDArray[np.bool_],
    unanswered: npt.NDArray[np.bool_],
    *,
    marker: int,
) -> Marked:
    """:func:`_marked_by_lookup` read at the routed-out rows: any missing cell, any texts.

    A missing cell is marked where :func:`~tracktr.survey._distinct.is_blank` calls it
    blank (only those of the routed-out rows are read, for codes read once).
    """
    codes = found.codes  # may be shared: never written
    rows = np.flatnonzero(out)
    held = codes[rows]
    # Index -1 (a missing cell) is last: never an answer; blank or not, tested below.
    if np.append(answer, False)[held].any():
        return None
    change = np.append(unanswered, False)[held]
    missing = np.flatnonzero(held < 0)
    if len(missing):
        change[missing] = found.blank_at(series, rows[missing])
    if not change.any():
        return np.zeros(0, dtype=np.int8)
    # The categorical's own code width, copied from the (shared) codes in one pass.
    marked = codes.astype(_code_width(len(answer) + 1))
    marked[rows[change]] = marker
    return marked


def _code_width(count: int) -> type[np.signedinteger[Any]]:
    """Return the type pandas gives the codes of a categorical of `count` categories."""
    for width in (np.int8, np.int16, np.int32):
        if count < np.iinfo(width).max:
            return width
    return np.int64


def _text_codes(series: pd.Series) -> TextCodes | None:
    """Each row's distinct cell (-1: missing) and the cells, where all are ``str``.

    A categorical's are its own codes and categories; an ``object`` column's are kept
    for the next table of the same unchanged column
    (:func:`~tracktr.survey._distinct.kept_text_codes`). ``None`` where a cell (or
    category) is not exactly a ``str``, or is unhashable.
    """
    from tracktr.survey._distinct import TextCodes, kept_text_codes  # loaded by now

    if isinstance(series.dtype, pd.CategoricalDtype):
        values = series.array.categories.tolist()
        if not all(type(v) is str for v in values):
            return None
        # Codes that name no category were refused before (refuse_outside_codes).
        return TextCodes(series.array.codes.astype(np.intp, copy=False), values)
    return kept_text_codes(series)


def follow_routing(
    data: pd.DataFrame,
    series: pd.Series,
    survey: Any,
    question: str,
    out: npt.NDArray[np.bool_] | None,
    *,
    patterns: bool = False,
) -> pd.Series:
    """:func:`routed_column` with who was routed out (`out`) read once by the caller."""
    return follow_routing_items(data, [series], survey, question, out, patterns=patterns)[0]


def follow_routing_items(
    data: pd.DataFrame,
    items: Sequence[pd.Series],
    survey: Any,
    question: str,
    out: npt.NDArray[np.bool_] | None,
    *,
    patterns: bool = False,
) -> list[pd.Series]:
    """:func:`routed_column` of each column of a question (a grid's items), refused at once.

    A grid reads its routing once for all its items. Only the routed-out cells are
    looked at: the others are read as they were. The answers of routed-out respondents
    in every item are refused together, item by item, as
    :meth:`~tracktr.Survey.validate` lists them (the first item's alone left the others
    to a second run).
    """
    if out is None:
        return list(items)
    rows = np.flatnonzero(out)
    found = []
    routed = []
    for series in items:
        # Codes naming no category crashed pandas' astype(object) below (a segmentation
        # fault), or were read as another cell's: refused, naming them and their rows.
        refuse_outside_codes(series, question)
        answered, unanswered = _routed_out_cells(series, rows, survey, question)
        if answered.any():
            values = series.iloc[rows[answered]].to_numpy(dtype=object)
            found.append((series.name, rows[answered], values))
        change = rows[unanswered]
        if not change.size:
            routed.append(series)
            continue
        routed.append(_marked(series, change))
    if found:
        shown = [v for _, _, values in found for v in values.tolist()]
        _refuse_routed_out_answers(
            data, found, shown=shown, survey=survey, question=question, patterns=patterns
        )
    return routed


def _marked(series: pd.Series, change: npt.NDArray[np.intp]) -> pd.Series:
    """Return `series` with the cells at positions `change` read as not asked (a copy).

    Text is marked in its own dtype: a column of Python objects made anew was read back
    as ``str`` by pandas 3, converting every cell to Arrow (about half a routed table's
    time at 1e5 rows). ``object`` cells are copied and marked, the copy kept as
    ``object`` (half the time of ``Series.mask`` there); pandas' ``str`` is masked in
    Arrow. A categorical, or any other dtype, whose values may not hold the marker,
    becomes a column of objects, as before.
    """
    if isinstance(series.dtype, pd.StringDtype):
        mask = np.zeros(len(series), dtype=bool)
        mask[change] = True
        return series.mask(mask, NOT_ASKED)
    text = series.dtype == object
    values = series.to_numpy(copy=True) if text else series.astype(object).to_numpy(copy=True)
    values[change] = NOT_ASKED
    return pd.Series(values, index=series.index, name=series.name, dtype=object if text else None)


def _routed_out_cells(
    series: pd.Series, rows: npt.NDArray[np.intp], survey: Any, question: str
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Return which cells at `rows` are answers, and which are blank or ``<skipped>``.

    Each distinct cell is read once (a categorical's categories, or the distinct cells
    at `rows`), with the same tests as the cells themselves: those tests made cell by
    cell, through pandas, were most of a routed table's time at 151 rows (about 0.5 ms
    a column; the trackTR survey's tables took twice as long as unrouted).
    """
    from tracktr.survey._distinct import categories, distinct, is_blank  # loaded by now

    found = categories(series)  # read off the codes: no rows taken
    codes: npt.NDArray[np.intp] | None = None
    if found is not None:
        codes = found.codes[rows]
    else:
        found = distinct(series.iloc[rows])
        codes = None if found is None else found.codes
    if found is None or codes is None:  # an unhashable cell: read cell by cell
        cells = series.iloc[rows]
        skipped = cells.isin([SKIPPED]).to_numpy(dtype=bool)
        return _answers(cells, survey, question), _blank(cells) | skipped
    answered = _answers_of(found.values, survey, question)
    unanswered = np.fromiter(
        (is_blank(v) or (isinstance(v, str) and v == SKIPPED) for v in found.values),
        bool,
        len(found.values),
    )
    return answered[codes], unanswered[codes]


def _answers_of(values: list[Any], survey: Any, question: str) -> npt.NDArray[np.bool_]:
    """:func:`_answers` of distinct cells: text options are matched as ``isin`` does."""
    options = survey.spec(question).options
    if options and all(type(o) is str for o in options):
        # isin matches a label only with text equal to it (a str, or a subclass of it).
        known = set(options)
        return np.fromiter((isinstance(v, str) and v in known for v in values), bool, len(values))
    return _answers(pd.Series(values, dtype=object), survey, question)


def _answers(series: pd.Series, survey: Any, question: str) -> npt.NDArray[np.bool_]:
    """Which cells are answers to the question.

    An option; for a question without options (a number), anything but a blank, a missing
    marker or a code the codebook declares missing.
    """
    options = survey.spec(question).options
    if options:
        return series.isin(options).to_numpy(dtype=bool)
    codes = [c for kind in getattr(survey, "missing", {}).values() for c in kind]
    return ~(_blank(series) | series.isin([*MARKERS, *codes]).to_numpy(dtype=bool))


def _unticked(series: pd.Series) -> npt.NDArray[np.bool_]:
    """Which cells are an unticked box (0 or False; not text), as validate() reads them."""
    from tracktr.survey._cells import tick_of  # a Survey's module: loaded by now

    return np.array(
        [not isinstance(v, str) and tick_of(v) is False for v in series.tolist()], dtype=bool
    )


def _blank(series: pd.Series) -> npt.NDArray[np.bool_]:
    """Which cells are blank: missing, or text of spaces alone (a CSV read as text)."""
    # Imported here: only a routed question, so a Survey, gets here (tracktr.survey is
    # loaded), and `import tracktr` must not load it.
    from tracktr.survey._distinct import blanks

    return blanks(series)


PATTERNS_WHERE = (
    "in rows of the frame (filter it on the routing and the question's columns to list them)"
)
"""Where a refusal on an engine frame's patterns says the respondents are, until named."""


class RoutedOutPatternsError(SurveyValidationError):
    """A refusal of routed-out answers found in an engine frame's answer patterns.

    The patterns are no respondents: `rows` holds each failure's pattern (its position
    in the frame of patterns), from which the engine's respondents are then found
    (``tracktr.tabulate._engine_branch.name_routed_out``).
    """

    def __init__(self, message: str, *, failures: pd.DataFrame, rows: list[int]) -> None:
        super().__init__(message, failures=failures)
        self.rows = rows


Cells = tuple[Hashable, npt.NDArray[np.intp], npt.NDArray[np.object_]]
"""A column, the positions of its cells found and their values (in `data`'s row order)."""


def _refuse_routed_out_answers(
    data: pd.DataFrame,
    found: Sequence[Cells],
    *,
    shown: Sequence[Any],
    survey: Any,
    question: str,
    patterns: bool,
) -> None:
    """Raise for the answers of routed-out rows: one failure per cell `found`.

    `shown` holds the answers the message quotes. Respondents are found by position: a
    frame's index may repeat a label (two waves concatenated), and a label would find
    every row holding it.
    """
    from tracktr.survey._checks import ANSWERED_NOT_ASKED
    from tracktr.survey._validate import FAILURE_COLUMNS

    ids_column = getattr(survey, "respondent_id", None)
    positions = np.concatenate([where for _, where, _ in found])
    if patterns:
        ids: Any = [None] * len(positions)
    elif ids_column in data.columns:
        ids = data[ids_column].to_numpy(dtype=object)[positions]
    else:
        ids = data.index[positions]
    check, expected = ANSWERED_NOT_ASKED
    failures = pd.DataFrame(
        {
            "question": question,
            "column": [column for column, where, _ in found for _ in range(len(where))],
            "respondent_id": list(ids),
            "value": np.concatenate([values for _, _, values in found]),
            "check": check,
            "expected": expected,
        },
        columns=list(FAILURE_COLUMNS),
    )
    asked = survey.spec(question).base_description or "those the routing asks"
    quoted = list(dict.fromkeys(str(v) for v in shown))[:5]
    if patterns:
        where = PATTERNS_WHERE
    else:
        who = "respondents" if ids_column in data.columns else "rows"
        listed = list(ids)  # an index's labels may be tuples: kept whole, not an array
        first = np.unique(positions, return_index=True)[1]  # each row once, in data's order
        where = f"{who} {rows_named([listed[i] for i in first])}"
    msg = (
        f"question {question!r}: respondent(s) its routing did not ask hold answers {quoted}: "
        f"{where}. Counted, they would be in a base described as {asked!r}, which leaves "
        "them out."
    )
    hint = (
        "Hint: survey.validate(data) lists every answer that breaks the routing "
        f"(check {check!r}); correct the routing question or the answer, or blank the cell "
        "if the routing is right."
    )
    if patterns:
        raise RoutedOutPatternsError(f"{msg}\n\n{hint}", failures=failures, rows=positions.tolist())
    raise SurveyValidationError(f"{msg}\n\n{hint}", failures=failures)

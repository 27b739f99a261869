"""Hypothesis strategies for any codebook: valid response frames, and frames with one defect.

Import it explicitly (``import tracktr.testing``); ``import tracktr`` does not, so that
hypothesis stays a test-only dependency.

- :func:`responses` draws DataFrames that validate against a survey: routing respected,
  skipped and not-asked cells, "don't know" answers, multi-response sets with exclusive
  options, numbers within bounds.
- :func:`invalid_responses` draws an :class:`InvalidFrame`: a valid frame with one known
  :class:`Defect` injected, so that you can check that your validation and analyses
  report it.

Examples
--------
>>> import tracktr as tt
>>> import tracktr.testing
>>> from hypothesis import HealthCheck, given, settings
>>> survey = tt.surveys.tracktr_2015()
>>> # Drawing a whole survey's responses is slower than Hypothesis expects of a strategy.
>>> @settings(max_examples=5, database=None, deadline=None,
...           suppress_health_check=[HealthCheck.too_slow])
... @given(tt.testing.responses(survey, max_size=10))
... def test_valid(df):
...     survey.validate(df)
>>> test_valid()
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from tracktr.exceptions import MissingDependencyError, install_hint
from tracktr.missing import NOT_ASKED, REFUSED, SKIPPED
from tracktr.survey import (
    GridQuestion,
    MultiQuestion,
    NumericQuestion,
    OrdinalQuestion,
    Question,
    SingleQuestion,
    Survey,
    TextQuestion,
)
from tracktr.survey._cells import is_marker
from tracktr.survey._distinct import is_blank

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = ["DEFECTS", "Defect", "InvalidFrame", "invalid_responses", "responses"]

DEFECTS = (
    "unknown_value",
    "duplicate_id",
    "missing_id",
    "missing_column",
    "unknown_column",
    "answered_not_asked",
    "not_asked_but_routed",
    "out_of_bounds",
    "not_binary",
    "exclusive",
)
"""The defects :func:`invalid_responses` can inject; each is a check name of
:meth:`tracktr.Survey.validate`."""

UNKNOWN_VALUE = "__not an option__"
UNKNOWN_COLUMN = "__unexpected_column__"


def _hypothesis() -> Any:
    try:
        from hypothesis import strategies
    except ImportError as error:  # pragma: no cover - exercised without hypothesis only
        msg = f"tracktr.testing needs hypothesis.\n\nHint: {install_hint('test')}."
        raise MissingDependencyError(msg) from error
    return strategies


def _choice(draw: DrawFn, st: Any, labels: tuple[str, ...], missing_cells: list[Any]) -> Any:
    """One draw: a label (five times in six) or a missing cell."""
    k = len(labels)
    index = draw(st.integers(0, 5 * k + len(missing_cells) - 1))
    return labels[index // 5] if index < 5 * k else missing_cells[index - 5 * k]


def _answer(draw: DrawFn, st: Any, question: Question, missing_cells: list[Any]) -> dict[str, Any]:
    """Draw one asked respondent's cells: column -> cell."""
    if isinstance(question, SingleQuestion | OrdinalQuestion):
        return {question.id: _choice(draw, st, question.labels, missing_cells)}
    if isinstance(question, GridQuestion):
        return {c: _choice(draw, st, question.labels, missing_cells) for c in question.columns}
    if draw(st.integers(0, 5)) == 5:  # one in six
        return dict.fromkeys(question.columns, draw(st.sampled_from(missing_cells)))
    if isinstance(question, NumericQuestion):
        # An open bound is set from the other one: -1e6..1e6 held no number above a
        # min of 2e6 (hypothesis refused the range) or below a max of -2e6.
        low = question.min if question.min is not None else min(-1e6, (question.max or 0) - 2e6)
        high = question.max if question.max is not None else max(1e6, low + 2e6)
        low_int, high_int = math.ceil(low), math.floor(high)
        choices = [st.integers(low_int, high_int)] if low_int <= high_int else []
        if not question.integer:
            choices.append(st.floats(low, high, allow_nan=False, allow_infinity=False))
        if not choices:  # whole numbers wanted, but none lies within the bounds
            return {question.id: SKIPPED}
        return {question.id: draw(st.one_of(choices))}
    if isinstance(question, TextQuestion):
        alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ'-,."
        text = draw(st.text(alphabet=alphabet, min_size=1, max_size=12).filter(lambda t: t.strip()))
        return {question.id: text}
    if not isinstance(question, MultiQuestion):  # pragma: no cover - every type is handled
        msg = f"cannot draw answers to {type(question).__name__}"
        raise TypeError(msg)
    return _ticks(draw, st, question)


def _ticks(draw: DrawFn, st: Any, question: MultiQuestion) -> dict[str, Any]:
    """Draw the cells of one answered multi-response set, in its form."""
    exclusive = [o for o in question.options if o.exclusive]
    others = [o for o in question.options if not o.exclusive]
    if exclusive and (not others or draw(st.integers(0, 4)) == 0):
        ticked = {draw(st.sampled_from(exclusive)).label}
    else:
        ticked = {o.label for o in others if draw(st.booleans())}
    if not ticked and question.form != "indicator":  # one cell, or slots: give one answer
        ticked = {draw(st.sampled_from(question.options)).label}
    if question.form == "slots":  # the ticked labels in the first slots, the rest blank
        given = [o.label for o in question.options if o.label in ticked][: len(question.slots)]
        return {c: given[i] if i < len(given) else None for i, c in enumerate(question.slots)}
    if question.form == "delimited":
        ordered = [o.label for o in question.options if o.label in ticked]
        return {question.id: question.separator.join(ordered)}
    return {
        column: int(o.label in ticked)
        for o, column in zip(question.options, question.columns, strict=True)
    }


def responses(
    survey: Survey, *, min_size: int = 0, max_size: int = 20
) -> SearchStrategy[pd.DataFrame]:
    """Return a hypothesis strategy of response frames that validate against `survey`.

    Rows are respondents with unique ids. Questions are answered in routing order: a
    respondent the routing does not ask gets ``"<not asked>"`` (or a blank cell); one who is
    asked gets an answer (labels, 1/0 ticks, numbers within bounds, text), or
    ``"<skipped>"``, a blank cell, or ``"<refused>"`` where the codebook declares it.

    Parameters
    ----------
    survey : Survey
        The codebook.
    min_size, max_size : int
        Bounds on the number of respondents.

    Returns
    -------
    hypothesis.strategies.SearchStrategy of pandas.DataFrame

    Examples
    --------
    >>> import tracktr as tt
    >>> import tracktr.testing
    >>> survey = tt.surveys.tracktr_2015()
    >>> df = tt.testing.responses(survey, min_size=3, max_size=3).example()  # doctest: +SKIP
    >>> len(df)  # doctest: +SKIP
    3
    """
    st = _hypothesis()
    missing_cells = [SKIPPED, None] + ([REFUSED] if "refused" in survey.missing_kinds else [])
    ordered = survey.ordered_questions()
    column_order = list(survey.columns)

    def frames(draw: DrawFn) -> pd.DataFrame:
        n = draw(st.integers(min_size, max_size))
        ids = draw(
            st.lists(
                st.integers(1, 10 * max(max_size, 1) + 1000), min_size=n, max_size=n, unique=True
            )
        )
        data: dict[str, list[Any]] = {survey.respondent_id: ids}
        for question in ordered:
            if question.ask_if is None:
                asked = [True] * n
            else:
                needed = {
                    c for q in question.ask_if.questions() for c in survey.question(q).columns
                }
                frame = pd.DataFrame(
                    {c: pd.Series(data[c], dtype=object) for c in needed}, index=pd.RangeIndex(n)
                )
                asked = survey.asked(frame, question.id).tolist()
            columns: dict[str, list[Any]] = {c: [] for c in question.columns}
            not_asked_cell = draw(st.sampled_from([NOT_ASKED, None]))
            for row in range(n):
                if not asked[row]:
                    answer = dict.fromkeys(question.columns, not_asked_cell)
                else:
                    answer = _answer(draw, st, question, missing_cells)
                for column, cell in answer.items():
                    columns[column].append(cell)
            data.update(columns)
        return pd.DataFrame({c: pd.Series(data[c], dtype=object) for c in column_order})

    strategy: SearchStrategy[pd.DataFrame] = st.composite(frames)()
    return strategy


@dataclass(frozen=True, slots=True)
class Defect:
    """One defect injected into a valid frame.

    Attributes
    ----------
    check : str
        The validation check that must report it (one of :data:`DEFECTS`).
    question : str
        The question id (the respondent id column for id defects; ``""`` for an unknown
        column).
    column : str or None
        The column changed.
    respondent_id : object
        The respondent whose cell was changed, or ``None`` for a column defect and for
        blank and repeated ids (one failure for the column each).
    value : object
        The injected value.

    Examples
    --------
    >>> from tracktr.testing import Defect
    >>> Defect("unknown_value", "income", "income", 7, "__not an option__").check
    'unknown_value'
    """

    check: str
    question: str
    column: str | None
    respondent_id: Any
    value: Any

    def found_in(self, failures: pd.DataFrame) -> bool:
        """Return whether `failures` (from :class:`tracktr.SurveyValidationError`) report it."""
        hits = failures[(failures["check"] == self.check) & (failures["question"] == self.question)]
        if self.check == "duplicate_id" and len(hits):  # one failure, the repeated ids its value
            hits = hits[hits["value"].map(lambda ids: self.value in ids).astype(bool)]
        elif self.respondent_id is not None and len(hits):
            hits = hits[hits["respondent_id"].map(lambda v: v == self.respondent_id).astype(bool)]
        return bool(len(hits))


@dataclass(frozen=True, slots=True)
class InvalidFrame:
    """A response frame with one known defect.

    Attributes
    ----------
    data : pandas.DataFrame
        The frame.
    defect : Defect
        What was injected.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.testing import Defect, InvalidFrame
    >>> bad = InvalidFrame(pd.DataFrame({"a": [1]}), Defect("unknown_column", "", "a", None, None))
    >>> bad.defect.check, len(bad.data)
    ('unknown_column', 1)
    """

    data: pd.DataFrame
    defect: Defect

    def __repr__(self) -> str:
        return f"InvalidFrame({len(self.data)} respondents, {self.defect!r})"

    def to_frame(self) -> pd.DataFrame:
        """Return the defective frame (a copy)."""
        return self.data.copy()


def _candidates(survey: Survey, data: pd.DataFrame) -> dict[str, list[tuple[Any, ...]]]:
    """For each defect, the (question, column, row) places it can be injected."""
    places: dict[str, list[tuple[Any, ...]]] = {d: [] for d in DEFECTS}
    n = len(data)
    rid = survey.respondent_id
    if n >= 2:
        places["duplicate_id"].append((rid, rid, 1))
    if n >= 1:
        places["missing_id"].append((rid, rid, 0))
    places["unknown_column"].append(("", UNKNOWN_COLUMN, None))
    for question in survey.questions:
        for column in question.columns:
            places["missing_column"].append((question.id, column, None))
        asked = survey.asked(data, question.id).tolist()
        for row in range(n):
            if asked[row]:
                places["not_asked_but_routed"].append((question.id, question.columns[0], row))
            cells = [data[c].iloc[row] for c in question.columns]
            answered = any(not (is_blank(v) or is_marker(v)) for v in cells)
            if (
                not asked[row]
                and not answered
                and isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion)
            ):
                places["answered_not_asked"].append((question.id, question.columns[0], row))
            if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
                places["unknown_value"].append((question.id, question.columns[0], row))
            if isinstance(question, NumericQuestion) and (
                question.max is not None or question.min is not None
            ):
                places["out_of_bounds"].append((question.id, question.id, row))
            if isinstance(question, MultiQuestion) and question.form == "indicator":
                places["not_binary"].append((question.id, question.columns[0], row))
                if asked[row] and question.exclusive and len(question.options) > 1:
                    places["exclusive"].append((question.id, None, row))
    return places


def _inject(  # noqa: PLR0912  (one branch per kind of defect)
    survey: Survey, data: pd.DataFrame, check: str, place: tuple[Any, ...]
) -> InvalidFrame:
    qid, column, row = place
    df = data.copy()
    ids = df[survey.respondent_id].tolist()
    who = None if row is None else ids[row]
    value: Any = None
    if check == "duplicate_id":  # reported once for the column, the id as its value
        value = ids[0]
        df.loc[df.index[row], column] = value
        who = None
    elif check == "missing_id":
        df.loc[df.index[row], column] = None
        who = None
    elif check == "unknown_column":
        df[column] = 0
    elif check == "missing_column":
        df = df.drop(columns=[column])
    elif check == "not_asked_but_routed":
        question = survey.question(qid)
        value = NOT_ASKED
        for c in question.columns:
            df.loc[df.index[row], c] = NOT_ASKED
    elif check == "answered_not_asked":
        question = survey.question(qid)
        value = question.labels[0]
        df.loc[df.index[row], column] = value
    elif check == "unknown_value":
        value = UNKNOWN_VALUE
        df.loc[df.index[row], column] = value
    elif check == "out_of_bounds":
        question = survey.question(qid)
        if isinstance(question, NumericQuestion) and question.max is not None:
            value = question.max + 1
        elif isinstance(question, NumericQuestion) and question.min is not None:
            value = question.min - 1
        df.loc[df.index[row], column] = value
    elif check == "not_binary":
        value = 7
        df.loc[df.index[row], column] = value
    elif check == "exclusive":
        question = survey.question(qid)
        first_exclusive = next(o for o in question.options if o.exclusive)
        other = next(o for o in question.options if o is not first_exclusive)
        ticked = {first_exclusive.label, other.label}
        for option, c in zip(question.options, question.columns, strict=True):
            df.loc[df.index[row], c] = int(option.label in ticked)
        value = "; ".join(o.label for o in question.options if o.label in ticked)
    return InvalidFrame(df, Defect(check, qid, column, who, value))


def invalid_responses(
    survey: Survey, *, min_size: int = 2, max_size: int = 20, defects: tuple[str, ...] = DEFECTS
) -> SearchStrategy[InvalidFrame]:
    """Return a strategy of frames with exactly one injected, known defect.

    A valid frame is drawn from :func:`responses`, then one defect among `defects`
    that the frame allows is injected. :meth:`tracktr.Survey.validate` must raise and
    list the defect among its failures (other failures may follow from it: a dropped
    routing column changes who was asked); ``defect.found_in(error.failures)`` checks it.

    Parameters
    ----------
    survey : Survey
        The codebook.
    min_size, max_size : int
        Bounds on the number of respondents (at least 2 for duplicate ids).
    defects : tuple of str
        The kinds of defect to draw from (:data:`DEFECTS`).

    Returns
    -------
    hypothesis.strategies.SearchStrategy of InvalidFrame

    Examples
    --------
    >>> import tracktr as tt
    >>> import tracktr.testing
    >>> from hypothesis import HealthCheck, given, settings
    >>> survey = tt.surveys.tracktr_2015()
    >>> @settings(max_examples=5, database=None, deadline=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(tt.testing.invalid_responses(survey, max_size=8))
    ... def test_reported(bad):
    ...     try:
    ...         survey.validate(bad.data)
    ...     except tt.SurveyValidationError as error:
    ...         assert bad.defect.found_in(error.failures)
    ...     else:
    ...         raise AssertionError("not reported")
    >>> test_reported()
    """
    st = _hypothesis()
    import hypothesis

    unknown = sorted(set(defects) - set(DEFECTS))
    if unknown:
        from tracktr.exceptions import InvalidOptionError

        msg = f"unknown defects {unknown}.\n\nHint: choose among {list(DEFECTS)}."
        raise InvalidOptionError(msg)

    def frames(draw: DrawFn) -> InvalidFrame:
        data = draw(
            responses(survey, min_size=max(min_size, 1), max_size=max(max_size, min_size, 1))
        )
        places = _candidates(survey, data)
        available = [d for d in defects if places[d]]
        # Only drawn frames that allow one of `defects` are kept (always true of the
        # default list, where an unknown column can always be added).
        hypothesis.assume(bool(available))
        check = draw(st.sampled_from(available))
        place = draw(st.sampled_from(places[check]))
        return _inject(survey, data, check, place)

    strategy: SearchStrategy[InvalidFrame] = st.composite(frames)()
    return strategy

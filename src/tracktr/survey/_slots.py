"""Checking and preparing a multi-response set in slots form (``form = "slots"``).

Each slot column (``a1_1`` ... ``a1_6``) holds one answer: an option label (its code
before :meth:`tracktr.Survey.prepare`), a blank, or a missing marker. The slots of one
respondent are read as a set, by these rules:

- a blank slot is an empty place, wherever it is: blanks between answers are allowed,
  because the order of mention is not counted;
- an option given in two slots of one respondent is a failure (``duplicate_slot``): the
  respondent mentioned it once, and the second slot probably lost another answer;
- a respondent whose slots are all blank gave no answer: :meth:`~tracktr.Survey.prepare`
  writes ``"<skipped>"`` (asked) or ``"<not asked>"`` (routed out) in every slot, or the
  missing marker one of the slots already holds.

The checks return the same failure rows as the other question forms, so
:meth:`tracktr.Survey.validate` lists them with the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from tracktr.missing import NOT_ASKED, SKIPPED
from tracktr.survey._cells import is_marker, near_label
from tracktr.survey._checks import ANSWERED_NOT_ASKED
from tracktr.survey._distinct import is_blank
from tracktr.survey._questions import MultiQuestion

__all__ = ["check_slots", "prepare_slots"]

Add = Callable[[str, str | None, int | None, object, str, str], None]
"""Records one failure: question, column, row position, value, check, expected."""

Note = Callable[[str, str, int, object, object, str], None]
"""Records one changed cell: question, column, row position, before, after, reason."""


def _cell_problem(question: MultiQuestion, value: object) -> tuple[str, str] | None:
    """Return the failure of one non-blank, non-marker slot cell (``None`` for a label)."""
    if isinstance(value, str) and value in question.labels:
        return None
    option = None if isinstance(value, bool) else question.option(value)
    if option is not None:
        return (
            "code_not_label",
            f"a label: code {option.code} is {option.label!r} (survey.prepare() maps codes)",
        )
    near = near_label(value, question.labels)
    hint = "" if near is None else f"; did you mean {near!r}?"
    return ("unknown_value", f"one of {list(question.labels)}{hint}")


def _marker_problem(
    value: object, markers: tuple[str, ...], *, asked: bool
) -> tuple[str, str] | None:
    """Return the failure of a missing marker in a slot, if any."""
    if value not in markers:
        return ("undeclared_missing_kind", f"one of {list(markers)}")
    if value == NOT_ASKED and asked:
        return (
            "not_asked_but_routed",
            f"an answer or {SKIPPED!r}: routing says this respondent was asked",
        )
    return None


def _cached_problem(
    question: MultiQuestion,
    value: object,
    problems: dict[tuple[type, Any], tuple[str, str] | None],
) -> tuple[str, str] | None:
    """:func:`_cell_problem`, once per distinct cell (most cells repeat a few codes)."""
    try:
        key = (type(value), value)
        if key not in problems:
            problems[key] = _cell_problem(question, value)
        return problems[key]
    except TypeError:  # an unhashable cell (a list) is no option
        return _cell_problem(question, value)


def check_slots(
    question: MultiQuestion,
    data: pd.DataFrame,
    asked: list[bool],
    markers: tuple[str, ...],
    add: Add,
) -> None:
    """Add every failure of a set in slots form: cells, then duplicates, routing, exclusives.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> q = tt.MultiQuestion("a1", "Likes", options=tt.survey.options(["Nuts", "Taste"]),
    ...                      form="slots", slots=("a1_1", "a1_2"))
    >>> found = []
    >>> df = pd.DataFrame({"a1_1": ["Nuts", "Nuts", 2], "a1_2": ["Nuts", None, None]})
    >>> check_slots(q, df, [True] * 3, ("<skipped>",), lambda *row: found.append(row[2:5]))
    >>> found
    [(2, 2, 'code_not_label'), (0, 'Nuts; Nuts', 'duplicate_slot')]
    """
    given: list[list[tuple[str, object]]] = [[] for _ in range(len(data))]  # (slot, cell)
    problems: dict[tuple[type, Any], tuple[str, str] | None] = {}
    for column in question.slots:
        for position, value in enumerate(data[column].tolist()):
            if is_blank(value):
                continue
            if is_marker(value):
                problem = _marker_problem(value, markers, asked=asked[position])
            else:
                problem = _cached_problem(question, value, problems)
                if problem is None:
                    given[position].append((column, value))
            if problem is not None:
                add(question.id, column, position, value, *problem)
    for position, labels in enumerate(given):
        if labels:
            _row_failures(question, position, labels, asked=asked[position], add=add)


def _row_failures(
    question: MultiQuestion,
    position: int,
    cells: list[tuple[str, object]],
    *,
    asked: bool,
    add: Add,
) -> None:
    """Add the failures of one row's answers, given as (slot, cell) in slot order."""
    labels = [str(value) for _, value in cells]
    if len(set(labels)) < len(labels):
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        add(
            question.id,
            None,
            position,
            "; ".join(labels),
            "duplicate_slot",
            f"each option in one slot; {repeated} given twice",
        )
    if not asked:
        # Each slot holding an answer, with its cell, as for the other forms: not the
        # first slot and None, which named a blank cell when a later slot answered.
        for column, value in cells:
            add(question.id, column, position, value, *ANSWERED_NOT_ASKED)
    exclusive = set(question.exclusive)
    if exclusive & set(labels) and len(set(labels)) > 1:
        add(
            question.id,
            None,
            position,
            "; ".join(labels),
            "exclusive",
            f"{sorted(exclusive & set(labels))} given alone",
        )


def prepare_slots(
    question: MultiQuestion,
    work: pd.DataFrame,
    asked: list[bool],
    convert: Callable[[object, bool], tuple[Any, str | None]],
    note: Note,
) -> None:
    """Codes to labels and missing codes to markers in each slot; fill unanswered rows.

    `convert` is the one-cell conversion of :meth:`tracktr.Survey.prepare` (code to
    label, missing code to marker); `work` is changed in place (it is prepare's copy).
    A respondent with an answer in any slot keeps the other slots blank; one with none
    gets the missing marker a slot holds, else ``"<skipped>"`` or ``"<not asked>"``, in
    every slot.
    """
    columns = {c: work[c].tolist() for c in question.slots}
    done: dict[tuple[type, Any, bool], tuple[Any, str | None]] = {}

    def cached(value: object, asked: bool) -> tuple[Any, str | None]:
        try:
            key = (type(value), value, asked)
            hit = done[key] if key in done else convert(value, asked)
            done[key] = hit
        except TypeError:  # an unhashable cell; validation names it
            return value, None
        return hit

    changed = False
    for position in range(len(work)):
        cells = {column: values[position] for column, values in columns.items()}
        for column, (after, reason) in _prepare_row(cells, asked[position], cached).items():
            note(question.id, column, position, cells[column], after, reason)
            columns[column][position] = after
            changed = True
    if changed:
        for column, values in columns.items():
            work[column] = pd.Series(values, index=work.index, dtype=object)


def _prepare_row(
    cells: dict[str, Any],
    asked: bool,
    convert: Callable[[object, bool], tuple[Any, str | None]],
) -> dict[str, tuple[Any, str]]:
    """Return the changed slots of one respondent: column -> (new cell, reason)."""
    changes: dict[str, tuple[Any, str]] = {}
    answered, marker = False, None
    for column, value in cells.items():
        if is_blank(value):
            continue
        after, reason = convert(value, asked)
        if reason is not None:
            changes[column] = (after, reason)
        if is_marker(after):
            marker = marker or after
        else:
            answered = True
    for column, value in cells.items():
        if not is_blank(value):
            continue
        if not answered:
            changes[column] = (marker or (SKIPPED if asked else NOT_ASKED), "blank")
        elif isinstance(value, str):  # whitespace: an empty slot, written as blank
            changes[column] = (None, "blank")
    return changes

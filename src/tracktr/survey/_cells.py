"""Reading one cell or one column against a question: labels, codes, ticks and routing."""

from __future__ import annotations

import difflib
import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._numbers import parse_number
from tracktr.missing import MARKERS
from tracktr.survey._distinct import Distinct, DistinctColumns, categories, is_blank, remembered
from tracktr.survey._questions import GridQuestion, MultiQuestion, Question, _as_code
from tracktr.survey._routing import All, Condition, Is, Not

# Apostrophe shapes a reader takes for one apostrophe (’ ʼ ` ´), in cells and labels alike.
APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u0060\u00b4", "'"))


def fold_label(text: str) -> str:
    """Return a label as a reader sees it: case, spacing and apostrophe shapes ignored."""
    return " ".join(text.translate(APOSTROPHES).split()).casefold()


@functools.lru_cache(maxsize=64)
def _folded(labels: tuple[str, ...]) -> dict[str, str]:
    return {fold_label(label): label for label in labels}


def near_label(value: object, labels: Sequence[str]) -> str | None:
    """Return the label `value` nearly is (same folded text, or a close spelling), if any.

    Examples
    --------
    >>> near_label("don\u2019t  KNOW", ["Yes", "Don't know"]), near_label("Yse", ["Yes"])
    ("Don't know", None)
    >>> near_label("Strongly agre", ["Strongly agree", "Agree"])
    'Strongly agree'
    """
    if not isinstance(value, str) or not labels:
        return None
    folded = _folded(tuple(labels))
    key = fold_label(value)
    if key in folded:
        return folded[key]
    # A slip of spelling after the first letter, in a label of about the same length (a
    # ratio of 0.85 needs it): checking these first keeps a column of thousands of
    # unrelated answers fast.
    candidates = [
        k
        for k in folded
        if k[:1] == key[:1] and 2 * min(len(k), len(key)) >= 0.85 * (len(k) + len(key))
    ]
    if not candidates:
        return None
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.85)
    return folded[close[0]] if close else None


def is_marker(value: object) -> bool:
    """Return whether a cell holds one of the missing markers."""
    return isinstance(value, str) and value in MARKERS


def is_missing_cell(value: object) -> bool:
    """Blank or a missing marker."""
    return is_blank(value) or is_marker(value)


def label_of(question: Question, value: object) -> str | None:
    """Return the option label a cell holds, by label or by code; ``None`` otherwise."""
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, str) and value in question.labels:
        return value
    option = question.option(value)
    return None if option is None else option.label


def sentinel_key(value: object) -> tuple[str, Any]:
    """Return the key a missing code and a cell share when they match: -99, -99.0, "-99".

    Numbers (and number text) are compared as numbers, other text after stripping
    surrounding whitespace.
    """
    number = parse_number(value)
    if not isinstance(number, str):
        return ("number", number)
    return ("text", value.strip() if isinstance(value, str) else value)


def tick_of(value: object) -> bool | None:
    """Return True/False for a binary cell (1/0, True/False, "1"/"0"), ``None`` otherwise."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, str):
        text = value.strip()
        return {"1": True, "0": False}.get(text)
    code = _as_code(value)
    if code in (0, 1):
        return bool(code)
    return None


def delimited_ticks(question: MultiQuestion, value: object) -> list[str] | None:
    """Return the labels one delimited cell ticks, each once; ``None`` where it is no answer.

    An option given twice ("A;A") is one tick: validation reports the repeat on its own
    (``duplicate_option``), so the row checks (exclusive options) must not read it as
    two options ticked together.
    """
    if is_missing_cell(value):
        return None
    if not isinstance(value, str):  # a single code
        label = label_of(question, value)
        return None if label is None else [label]
    labels = [label_of(question, part.strip()) for part in value.split(question.separator)]
    return list(dict.fromkeys(label for label in labels if label is not None))


def repeated_parts(question: MultiQuestion, value: str) -> list[str]:
    """Return the parts a delimited cell gives more than once ("A;A" gives ['A']).

    Parts are compared as validation reads them, spaces around each part dropped.
    """
    parts = [part.strip() for part in value.split(question.separator)]
    return [part for part, count in Counter(parts).items() if count > 1]


def ticked_rows(question: MultiQuestion, data: pd.DataFrame) -> list[list[str] | None]:
    """Return the labels ticked by each row of a multi-response set; ``None`` where not answered."""
    if question.form == "delimited":
        return [delimited_ticks(question, value) for value in data[question.id].tolist()]
    columns = [data[column].tolist() for column in question.columns]
    out: list[list[str] | None] = []
    if question.form == "slots":  # each slot holds one label (or code), read as a set
        for cells in zip(*columns, strict=True):
            given = {label_of(question, cell) for cell in cells if not is_missing_cell(cell)}
            out.append([o.label for o in question.options if o.label in given] or None)
        return out
    for cells in zip(*columns, strict=True):
        ticks = [tick_of(cell) for cell in cells]
        if all(tick is None for tick in ticks):
            out.append(None)
        else:
            out.append([o.label for o, tick in zip(question.options, ticks, strict=True) if tick])
    return out


def ticked(column: Distinct) -> npt.NDArray[np.bool_]:
    """Return which rows of an indicator column hold a tick (1, True, "1")."""
    return column.lookup(lambda value: tick_of(value) is True)


def _matches(
    question: Question, series: pd.Series, values: tuple[str, ...], found: Distinct | None
) -> npt.NDArray[np.bool_]:
    if found is not None:  # each distinct cell read once, each leaf once for kept cells
        return remembered(
            found,
            ("matches", id(question), values),
            question,
            lambda: found.lookup(lambda v: not is_blank(v) and label_of(question, v) in values),
        )
    # An unhashable cell (a list) is no option; validation says so.
    hits = [not is_blank(v) and label_of(question, v) in values for v in series.tolist()]
    return np.array(hits, dtype=bool)


def _multi_leaf(
    question: MultiQuestion, wanted: set[str], data: pd.DataFrame, columns: DistinctColumns
) -> npt.NDArray[np.bool_]:
    """Rows that tick at least one of `wanted`, each column's distinct cells read once."""
    if question.form == "indicator":
        hits = np.zeros(len(data), dtype=bool)
        found = [
            columns(column)
            for option, column in zip(question.options, question.columns, strict=True)
            if option.label in wanted
        ]
        if all(f is not None for f in found):
            for column in found:
                hits |= ticked(column)  # type: ignore[arg-type]
            return hits
    if question.form == "delimited":
        cells = columns(question.id)
        if cells is not None:
            return cells.lookup(lambda v: bool(set(delimited_ticks(question, v) or ()) & wanted))
    rows = ticked_rows(question, data)
    return np.array([bool(set(ticks or ()) & wanted) for ticks in rows], dtype=bool)


def _item_column(question: Question, item: str | None) -> str | None:
    """Return the data column of a grid item named by id or label (None if not one)."""
    if item is None or not isinstance(question, GridQuestion):
        return None
    for candidate in question.items:
        if item in (candidate.id, candidate.label):
            return candidate.column
    return None


def _leaf(
    condition: Is,
    data: pd.DataFrame,
    questions: Mapping[str, Question],
    columns: DistinctColumns,
) -> npt.NDArray[np.bool_]:
    if condition in columns.leaves:
        return columns.leaves[condition]
    question = questions[condition.question]
    if isinstance(question, MultiQuestion):
        if not set(question.columns) <= set(data.columns):
            hits = np.zeros(len(data), dtype=bool)
        else:
            hits = _multi_leaf(question, set(condition.values), data, columns)
    else:
        column = _item_column(question, condition.item) or question.id
        if column not in data.columns:
            hits = np.zeros(len(data), dtype=bool)
        else:
            series = data[column]
            # A categorical's categories are read once each, with no pass over its rows
            # (unless another check has factorised the column already).
            found = columns.columns.get(column) if column in columns.columns else None
            found = found or categories(series) or columns(column)
            hits = _matches(question, series, condition.values, found)
    columns.leaves[condition] = hits
    return hits


def evaluate(
    condition: Condition,
    data: pd.DataFrame,
    questions: Mapping[str, Question],
    *,
    columns: DistinctColumns | None = None,
) -> pd.Series:
    """Return, per row, whether `condition` holds on the answers in `data`.

    A respondent with no answer to the routing question (blank, skipped, not asked, or a
    column absent from `data`) matches no ``in`` list.

    Each routing column's distinct cells are read once (kept in `columns`, which a caller
    evaluating many conditions on one frame passes to each call); the condition is then
    combined as boolean masks. The tree is walked with an explicit stack, children before
    parents, so that no nesting depth can exhaust Python's recursion limit.
    """
    return pd.Series(evaluate_rows(condition, data, questions, columns=columns),
                     index=data.index, dtype=bool)  # fmt: skip


def evaluate_rows(
    condition: Condition,
    data: pd.DataFrame,
    questions: Mapping[str, Question],
    *,
    columns: DistinctColumns | None = None,
) -> npt.NDArray[np.bool_]:
    """:func:`evaluate` as an array, one value per row (no Series for callers that need none)."""
    if columns is None:
        columns = DistinctColumns(data)
    done: dict[int, npt.NDArray[np.bool_]] = {}
    stack: list[tuple[Condition, bool]] = [(condition, False)]
    while stack:
        node, expanded = stack.pop()
        if isinstance(node, Is):
            done[id(node)] = _leaf(node, data, questions, columns)
            continue
        children: tuple[Condition, ...] = (
            (node.condition,) if isinstance(node, Not) else node.conditions
        )
        if not expanded:
            stack.append((node, True))
            stack.extend((child, False) for child in children)
            continue
        if isinstance(node, Not):
            done[id(node)] = ~done[id(node.condition)]
            continue
        result = done[id(children[0])].copy()
        for child in children[1:]:
            part = done[id(child)]
            result = result & part if isinstance(node, All) else result | part
        done[id(node)] = result
    hits = done[id(condition)]
    return hits.copy() if isinstance(condition, Is) else hits  # a leaf's may be remembered

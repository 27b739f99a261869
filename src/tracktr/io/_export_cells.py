"""The cells of a platform export: header blocks, ticks, ids, and what reading collects.

Shared by the reader (:mod:`tracktr.io.platform`) and the drafter (:mod:`tracktr.io._drafting`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

_GENERIC = {"", "response", "open-ended response", "answer", "responses", "value"}


_TICKED = {"1", "1.0", "true", "yes", "x", "ticked", "selected", "checked"}


_UNTICKED = {"0", "0.0", "false", "no", "not selected", "unticked", "unchecked"}


@dataclass(frozen=True, slots=True)
class _Block:
    """The columns of one question in the export."""

    text: str
    positions: tuple[int, ...]
    options: tuple[str, ...]


def _norm(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _cell_text(value: object) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_other(option: str) -> bool:
    """Whether an option is an "Other (please specify)" one, whose cells hold typed text."""
    return re.match(r"other\b", _norm(option)) is not None


def _tick(value: object, option: str) -> int | str | None:
    """Return a tick-all-that-apply cell as 1 (ticked), 0, None (blank) or its text.

    Only the option's own text and the platforms' tick marks count; anything else (an
    answer typed under the wrong option, stray text) is returned as it is, for the caller
    to report, or to keep as the typed answer of an "Other (please specify)" option.
    """
    if _blank(value):
        return None
    text = _cell_text(value).strip()
    if _norm(text) == _norm(option) or text.casefold() in _TICKED:
        return 1
    if text.casefold() in _UNTICKED:
        return 0
    return text


def _as_ids(values: pd.Series) -> pd.Series:
    """Return respondent ids: whole numbers where every id is one, else the text as written.

    "1.0" is the whole number 1, as :func:`tracktr.io.read_csv` reads it: kept as text
    beside "1", one respondent was two, and their answers counted twice.
    """
    texts = [_cell_text(v).strip() for v in values.tolist()]
    if texts and all(re.fullmatch(r"-?\d+(\.0*)?", t) for t in texts):
        whole = [int(t.partition(".")[0]) for t in texts]
        return pd.Series(whole, index=values.index, dtype="int64")
    return pd.Series([t or None for t in texts], index=values.index, dtype=object)


def _single_column(values: pd.Series) -> pd.Series:
    return pd.Series(
        [None if _blank(v) else v for v in values.tolist()], index=values.index, dtype=object
    )


@dataclass(slots=True)
class _Cells:
    """The body of an export and what reading its tick columns collects."""

    body: pd.DataFrame
    ids: pd.Series
    lines: list[int]  # the file line (or sheet row) of each body row
    failures: list[dict[str, Any]] = field(default_factory=list)
    # "Other (please specify)" text: text question id -> (wording, typed answers)
    others: dict[str, tuple[str, pd.Series]] = field(default_factory=dict)
    # How the layout joins ticked options in one cell ("Prison, Community").
    separators: tuple[str, ...] = ()
    # Cells a draft changed (a merged spelling, an amount read as a number).
    changes: list[dict[str, Any]] = field(default_factory=list)

    def changed(
        self, column: pd.Series, new: dict[str, Any], *, question: str, name: str, reason: str
    ) -> pd.Series:
        """Return `column` with the cells `new` maps replaced, each change recorded."""
        values: list[Any] = []
        for k, value in enumerate(column.tolist()):
            text = _cell_text(value).strip()
            if _blank(value) or text not in new:
                values.append(None if _blank(value) else value)
                continue
            values.append(new[text])
            if new[text] != value:
                self.changes.append(
                    {
                        "question": question,
                        "column": name,
                        "respondent_id": self.ids.iloc[k],
                        "before": value,
                        "after": new[text],
                        "reason": reason,
                    }
                )
        return pd.Series(values, index=column.index, dtype=object)


def _ticks(
    cells: _Cells, position: int, option: str, *, question: str, wording: str, column: str
) -> pd.Series:
    """Read one tick column: 1/0/None; typed text is kept for "Other", else a failure."""
    other = _is_other(option)
    ticks: list[int | None] = []
    texts: list[str | None] = []
    for k, value in enumerate(cells.body.iloc[:, position].tolist()):
        cell = _tick(value, option)
        if isinstance(cell, str) and other:
            ticks.append(1)
            texts.append(cell)
            continue
        if isinstance(cell, str):
            cells.failures.append(
                {
                    "question": question,
                    "column": column,
                    "respondent_id": cells.ids.iloc[k],
                    "value": cell,
                    "check": "not_a_tick",
                    "expected": f"{option!r}, a tick mark (1, x, true) or blank",
                    "line": cells.lines[k + 2],
                    "export_column": position + 1,
                }
            )
            cell = None
        ticks.append(cell)
        texts.append(None)
    if other and any(t is not None for t in texts):
        cells.others[f"{question}_other"] = (
            f"{wording} - {option}",
            pd.Series(texts, index=cells.body.index, dtype=object),
        )
    return pd.Series(ticks, index=cells.body.index, dtype=object)


def _row(position: int, text: str, option: str, question: str, column: str) -> dict[str, Any]:
    return {
        "position": position + 1,
        "question_text": text,
        "option_text": option,
        "question": question,
        "column": column,
    }

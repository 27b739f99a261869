"""The cells of a platform export: header blocks, ticks, ids, and what reading collects.

Shared by the reader (:mod:`tracktr.io.platform`) and the drafter (:mod:`tracktr.io._drafting`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tracktr.exceptions import ReadError

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


def _with_other_box(block: _Block) -> bool:
    """Whether a block is one answer column and an "Other (please specify)" box.

    SurveyMonkey exports a single-choice question with a box to type another answer in as
    two columns under one question text: "Response" (the option chosen) and "Other
    (please specify)" (the words typed).
    """
    return (
        len(block.positions) == 2
        and _norm(block.options[0]) in _GENERIC
        and _is_other(block.options[1])
    )


def _other_box(
    cells: _Cells,
    block: _Block,
    answers: pd.Series,
    *,
    question: str,
    label: str | None,
    where: str,
) -> pd.Series:
    """Read the "Other (please specify)" box of a single-choice question; return the answers.

    The typed words go to the text question ``<question>_other`` (see
    :func:`tracktr.io.platform._keep_other_texts`). A respondent who typed there and chose
    no option answered `label` (SurveyMonkey leaves "Response" blank then): the answer is
    filled in and recorded in ``changes`` (reason ``"other_text"``); read as skipped, it was
    out of the question's base. With no "Other" option (`label` None) such a respondent is
    refused, naming the line, the column and the words typed.
    """
    position = block.positions[1]
    texts = [_cell_text(v).strip() or None for v in cells.body.iloc[:, position].tolist()]
    cells.others[f"{question}_other"] = (
        f"{block.text} - {block.options[1]}",
        pd.Series(texts, index=cells.body.index, dtype=object),
    )
    filled = _single_column(answers).tolist()
    only_typed = [k for k, text in enumerate(texts) if text is not None and filled[k] is None]
    if only_typed and label is None:
        shown = "; ".join(
            f"line {cells.lines[k + 2]} (respondent {cells.ids.iloc[k]}): {texts[k]!r}"
            for k in only_typed[:10]
        )
        more = "" if len(only_typed) <= 10 else f"; and {len(only_typed) - 10} more"
        msg = (
            f"{where!r}: {len(only_typed)} respondent(s) typed an answer in export column "
            f"{position + 1} ({block.options[1]!r} of {block.text!r}) and chose no option: "
            f"{shown}{more}. They answered 'Other', but question {question!r} of the codebook "
            "has no option starting with 'Other' to count them under (or has several)."
            f"\n\nHint: add one 'Other' option to question {question!r}; the typed words are "
            f"kept in the text question {question}_other."
        )
        raise ReadError(msg, path=where)
    for k in only_typed:
        filled[k] = label
        cells.changes.append(
            {
                "question": question,
                "column": question,
                "respondent_id": cells.ids.iloc[k],
                "before": None,
                "after": label,
                "reason": "other_text",
            }
        )
    return pd.Series(filled, index=answers.index, dtype=object)

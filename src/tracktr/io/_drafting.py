"""What drafting a codebook from a file reads into its answers: spellings, amounts, ticks.

Shared by the platform-export reader and the SPSS reader, which draft a codebook when the
user has none. A draft proposes; the notes it writes say what it merged, so that the user
can check before saving it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from tracktr._numbers import parse_number
from tracktr.exceptions import ReadError
from tracktr.io._export_cells import (
    _GENERIC,
    _blank,
    _Block,
    _cell_text,
    _Cells,
    _is_other,
    _norm,
    _row,
    _single_column,
    _tick,
    _ticks,
)
from tracktr.io._exports import TEXT
from tracktr.survey import (
    GridQuestion,
    Item,
    MultiQuestion,
    NumericQuestion,
    Option,
    Question,
    SingleQuestion,
    Survey,
    TextQuestion,
)
from tracktr.survey._cells import fold_label

__all__ = ["amounts", "merge_variants", "parse_amount", "split_delimited", "variants_note"]

# "£5,000", "5,000", "£5k", "$1.2m", "-20", "€300.50": an amount with an optional currency
# sign, thousands commas and a k/m multiplier. Nothing else ("5-10", "about 5").
_AMOUNT = re.compile(
    r"(?P<sign>[-+]?)\s*[£$€]?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?"
    r"\s*(?P<unit>[kKmM])?"
)
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000}


def parse_amount(text: str) -> float | None:
    """Return the number an amount of money or a count is written as, else None.

    Examples
    --------
    >>> [parse_amount(t) for t in ["£5,000", "5,000", "£5k", "1.2m", "5-10"]]
    [5000.0, 5000.0, 5000.0, 1200000.0, None]
    """
    match = _AMOUNT.fullmatch(text.strip())
    if match is None:
        return None
    try:
        number = Decimal(match["number"].replace(",", "") + (match["decimals"] or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    number *= _UNITS[(match["unit"] or "").lower()]
    return float(-number if match["sign"] == "-" else number)


def amounts(series: pd.Series) -> pd.Series | None:
    """Return a text column whose every answer is an amount ("£5,000", "£5k") as numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> amounts(pd.Series(["£5,000", "£5k", None])).tolist()
    [5000.0, 5000.0, nan]
    >>> amounts(pd.Series(["£5k", "a lot"])) is None
    True
    """
    texts = [v.strip() if isinstance(v, str) else "" for v in series.tolist()]
    numbers = {t: parse_amount(t) for t in texts if t}
    if not numbers or any(n is None for n in numbers.values()):
        return None
    return pd.Series([numbers.get(t, np.nan) for t in texts], index=series.index, dtype=float)


def merge_variants(
    values: Sequence[str], counts: Mapping[str, int] | None = None
) -> tuple[list[str], dict[str, str]]:
    """Merge spellings of one answer that differ by case, spacing or apostrophes.

    Returns the labels (in order of first appearance) and each variant's label. A group's
    label is its most frequent spelling (the first, on a tie).

    Examples
    --------
    >>> merge_variants(["Yes", "Don't know", "don't know", "Don\u2019t know"],
    ...                {"Yes": 3, "Don't know": 1, "don't know": 2, "Don\u2019t know": 1})
    (['Yes', "don't know"], {"Don't know": "don't know", 'Don’t know': "don't know"})
    """
    groups: dict[str, list[str]] = {}
    for value in values:
        groups.setdefault(fold_label(value), []).append(value)
    counts = counts or {}
    labels: list[str] = []
    variants: dict[str, str] = {}
    for spellings in groups.values():
        label = max(spellings, key=lambda s: (counts.get(s, 0), -spellings.index(s)))
        labels.append(label)
        variants.update({s: label for s in spellings if s != label})
    return labels, variants


def variants_note(variants: Mapping[str, str]) -> str:
    r"""Say which spellings a draft merged into one option, for the question's note.

    Examples
    --------
    >>> variants_note({"don't know": "Don't know"})
    'Merged spellings into one option: "don\'t know" as "Don\'t know".'
    """
    merged = "; ".join(f"{v!r} as {label!r}" for v, label in variants.items())
    return f"Merged spellings into one option: {merged}."


def split_delimited(
    values: Sequence[str], separators: Sequence[str], *, most: int = 20
) -> tuple[str, list[str]] | None:
    """Return the separator and options of a column of ticked options joined in a cell.

    A column qualifies when some cell holds several parts, a part of such a cell also
    stands alone in another, there are at most `most` distinct parts and every part is
    short (a few words).

    Examples
    --------
    >>> split_delimited(["Prison, Community", "Prison", "Online"], [", "])
    (', ', ['Prison', 'Community', 'Online'])
    >>> split_delimited(["I work in prisons, mostly", "We do not"], [", "]) is None
    True
    """
    for separator in separators:
        cells = [[p.strip() for p in v.split(separator) if p.strip()] for v in values]
        parts = list(dict.fromkeys(p for cell in cells for p in cell))
        alone = Counter(cell[0] for cell in cells if len(cell) == 1)
        if (
            any(len(cell) > 1 for cell in cells)
            and any(p in alone for cell in cells if len(cell) > 1 for p in cell)
            and 1 < len(parts) <= most
            and all(len(p) <= 40 and len(p.split()) <= 5 for p in parts)
        ):
            return separator, parts
    return None


# -- drafting a codebook from an export's headers and cells ----------------------------


def _slug(text: str, taken: set[str]) -> str:
    number = re.match(r"\s*(?:q(?:uestion)?\s*)?(\d+[a-z]?)[.):]\s", text, flags=re.IGNORECASE)
    if number:
        base = f"q{number.group(1).lower()}"
    else:
        words = re.findall(r"[a-z0-9]+", text.casefold())
        base = "_".join(words[:5])[:40].strip("_") or "question"
        if base[0].isdigit():
            base = f"q_{base}"
    slug = base
    k = 2
    while slug in taken:
        slug = f"{base}_{k}"
        k += 1
    taken.add(slug)
    return slug


def _short(values: Sequence[str]) -> bool:
    """Whether answers look like options rather than free text (a few short words)."""
    return all(len(v) <= 30 and len(v.split()) <= 4 for v in values)


def _distinct(values: Sequence[object]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if not _blank(v):
            seen.setdefault(_cell_text(v).strip(), None)
    return list(seen)


def _tick_column(option: str, column: pd.Series, *, typed_other: bool) -> bool:
    """Whether a column holds only ticks of `option` (or typed text, for an "Other")."""
    if _norm(option) in _GENERIC:
        return False
    if typed_other and _is_other(option):
        return True
    return all(_blank(v) or _tick(v, option) in (0, 1) for v in column.tolist())


def _counts(columns: Sequence[pd.Series]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for column in columns:
        for value in column.tolist():
            if not _blank(value):
                text = _cell_text(value).strip()
                counts[text] = counts.get(text, 0) + 1
    return counts


def _draft_options(
    cells: _Cells, columns: dict[str, pd.Series], qid: str, *, what: str = "options"
) -> tuple[tuple[Option, ...], str, dict[str, pd.Series]]:
    """Options in order of first appearance, spellings merged; the note and the columns."""
    counts = _counts(list(columns.values()))
    labels, variants = merge_variants(list(counts), counts)
    note = f"Drafted from an export: {what} in order of first appearance."
    if variants:
        note = f"{note} {variants_note(variants)}"
    new = {**{label: label for label in labels}, **variants}
    changed = {
        name: cells.changed(column, new, question=qid, name=name, reason="spelling")
        for name, column in columns.items()
    }
    options = tuple(Option(code, label) for code, label in zip(_codes(labels), labels, strict=True))
    return options, note, changed


def _codes(labels: Sequence[str]) -> list[int]:
    """Codes for drafted options: a label that is a whole number keeps it as its code.

    The others are numbered 1, 2, ... in order, skipping those numbers, so that no
    option's code is another option's label (the codebook refuses a cell holding 3
    that could be the option "3" or the option coded 3). A label that repeats the number
    of one before it ("3" and "3.0") is numbered like a word, and the codebook names it.
    """
    codes: dict[str, int] = {}
    for label in labels:
        number = parse_number(label)
        whole = not isinstance(number, str) and float(number).is_integer()
        if whole and int(number) not in codes.values():
            codes[label] = int(number)
    taken = set(codes.values())
    free = (code for code in range(1, len(labels) + len(taken) + 2) if code not in taken)
    return [codes[label] if label in codes else next(free) for label in labels]


def _draft_set(
    cells: _Cells, block: _Block, position: int, qid: str, split: tuple[str, list[str]]
) -> tuple[Question, dict[str, pd.Series], list[dict[str, Any]]]:
    """Draft a tick-all-that-apply question whose ticked options are joined in one cell."""
    separator, parts = split
    labels, variants = merge_variants(parts)
    options = tuple(
        Option(k, label, column=f"{qid}_{k}") for k, label in enumerate(labels, start=1)
    )
    note = f"Drafted from an export: options joined by {separator!r} in one column."
    if variants:
        note = f"{note} {variants_note(variants)}"
    question = MultiQuestion(qid, block.text, options=options, inferred=True, note=note)
    frame = _split_ticks(cells, position, question, (separator,), variants=variants)
    mapping = [_row(position, block.text, o.label, qid, str(o.column)) for o in options]
    return question, frame, mapping


def _split_ticks(
    cells: _Cells,
    position: int,
    question: MultiQuestion,
    candidates: Sequence[str],
    *,
    variants: dict[str, str] | None = None,
) -> dict[str, pd.Series]:
    """Turn one column of ticked options joined in a cell into one 1/0 column per option."""
    variants = variants or {}
    texts = [_cell_text(v).strip() for v in cells.body.iloc[:, position].tolist()]
    labels = {o.label: o for o in question.options}
    separator = next(
        (
            c
            for c in candidates
            if all(
                variants.get(p.strip(), p.strip()) in labels
                for t in texts
                for p in t.split(c)
                if p.strip()
            )
        ),
        candidates[0],
    )
    ticks: dict[str, list[int | None]] = {c: [] for c in question.columns}
    for k, text in enumerate(texts):
        parts = [variants.get(p.strip(), p.strip()) for p in text.split(separator) if p.strip()]
        for part in parts:
            if part not in labels:
                cells.failures.append(
                    {
                        "question": question.id,
                        "column": question.id,
                        "respondent_id": cells.ids.iloc[k],
                        "value": part,
                        "check": "not_a_tick",
                        "expected": f"options among {list(labels)} joined by {separator!r}",
                        "line": cells.lines[k + 2],
                        "export_column": position + 1,
                    }
                )
        for option, column in zip(question.options, question.columns, strict=True):
            ticks[column].append(None if not parts else int(option.label in parts))
    return {c: pd.Series(v, index=cells.body.index, dtype=object) for c, v in ticks.items()}


def _draft_grid(
    cells: _Cells, block: _Block, qid: str
) -> tuple[Question, dict[str, pd.Series], list[dict[str, Any]]]:
    items: list[Item] = []
    item_ids: set[str] = set()
    columns: dict[str, pd.Series] = {}
    mapping: list[dict[str, Any]] = []
    for option, position in zip(block.options, block.positions, strict=True):
        item_id = _slug(option or f"item {len(items) + 1}", item_ids)
        name = f"{qid}_{item_id}"
        items.append(Item(item_id, option or item_id, name))
        columns[name] = cells.body.iloc[:, position]
        mapping.append(_row(position, block.text, option, qid, name))
    options, note, frame = _draft_options(cells, columns, qid, what="scale points")
    question = GridQuestion(
        qid, block.text, options=options, items=tuple(items), inferred=True, note=note
    )
    return question, frame, mapping


def _draft_column(
    cells: _Cells, block: _Block, qid: str
) -> tuple[Question, dict[str, pd.Series], list[dict[str, Any]]]:
    """Draft a one-column question: a set joined in a cell, numbers, options or text."""
    position = block.positions[0]
    column = cells.body.iloc[:, position]
    values = _distinct(column.tolist())
    mapping = [_row(position, block.text, block.options[0], qid, qid)]
    if block.options[0] == TEXT and cells.separators:  # Qualtrics' typed "Other" text
        return TextQuestion(qid, block.text, inferred=True), {qid: _single_column(column)}, mapping
    split = split_delimited(values, cells.separators) if cells.separators else None
    if split is not None:
        return _draft_set(cells, block, position, qid, split)
    answered = sum(not _blank(v) for v in column.tolist())
    numbers = {v: parse_amount(v) for v in values}
    question: Question
    if values and all(n is not None for n in numbers.values()):
        integer = all(n is not None and n.is_integer() for n in numbers.values())
        written = [v for v in values if not re.fullmatch(r"-?\d+(\.\d+)?", v)]
        note = (
            f"Drafted from an export: amounts such as {written[:3]} read as numbers."
            if written
            else None
        )
        question = NumericQuestion(qid, block.text, integer=integer, inferred=True, note=note)
        # "£5,000" and "£5k" are read here; plain "5,000" too, so that each is recorded.
        new = {v: int(n) if integer else n for v, n in numbers.items() if n is not None}
        frame = {qid: cells.changed(column, new, question=qid, name=qid, reason="number_text")}
        return question, frame, mapping
    counts = _counts([column])
    labels, _ = merge_variants(list(counts), counts)
    if values and len(labels) <= 15 and (len(labels) <= answered // 2 or _short(labels)):
        options, note, frame = _draft_options(cells, {qid: column}, qid)
        question = SingleQuestion(qid, block.text, options=options, inferred=True, note=note)
        return question, frame, mapping
    return TextQuestion(qid, block.text, inferred=True), {qid: _single_column(column)}, mapping


def _draft(
    blocks: list[_Block], cells: _Cells, title: str, where: str
) -> tuple[Survey, dict[str, pd.Series], list[dict[str, Any]]]:
    body = cells.body
    taken: set[str] = {"respondent_id"}
    questions: list[Question] = []
    frame: dict[str, pd.Series] = {}
    mapping: list[dict[str, Any]] = []
    for block in blocks:
        qid = _slug(block.text, taken)
        columns = [body.iloc[:, p] for p in block.positions]
        # An "Other (please specify)" column of a set holds typed text, not ticks.
        ticks = all(
            _tick_column(option, column, typed_other=len(block.positions) > 1)
            for option, column in zip(block.options, columns, strict=True)
        )
        if ticks:
            options = tuple(
                Option(k, option, column=f"{qid}_{k}")
                for k, option in enumerate(block.options, start=1)
            )
            questions.append(MultiQuestion(qid, block.text, options=options, inferred=True))
            taken.update(questions[-1].columns)  # a later id must not be one of its columns
            for option, position in zip(block.options, block.positions, strict=True):
                name = f"{qid}_{block.options.index(option) + 1}"
                frame[name] = _ticks(
                    cells, position, option, question=qid, wording=block.text, column=name
                )
                mapping.append(_row(position, block.text, option, qid, name))
            continue
        drafter = _draft_grid if len(block.positions) > 1 else _draft_column
        question, columns_of, rows = drafter(cells, block, qid)
        questions.append(question)
        taken.update(question.columns)
        frame.update(columns_of)
        mapping.extend(rows)
    if not questions:
        msg = (
            f"{where!r}: the export has no question columns.\n\n"
            "Hint: the first header row holds the question texts."
        )
        raise ReadError(msg, path=where)
    survey = Survey(title=title, questions=tuple(questions))
    return survey, frame, mapping

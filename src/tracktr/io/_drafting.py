"""What drafting a codebook from a file reads into its answers: spellings, amounts, ticks.

Shared by the platform-export reader and the SPSS reader, which draft a codebook when the
user has none. A draft proposes; the notes it writes say what it merged, so that the user
can check before saving it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
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
    _other_box,
    _row,
    _single_column,
    _tick,
    _ticks,
    _with_other_box,
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
_CURRENCY = "£$€"


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
    if len(_currencies(list(numbers))) > 1 or _point_may_group(list(numbers)):
        return None  # "$100" is not "£100"; "€1.000" may be 1 or 1000
    return pd.Series([numbers.get(t, np.nan) for t in texts], index=series.index, dtype=float)


def _currencies(values: Sequence[str]) -> list[str]:
    """Return the currency signs the amounts are written with, in order of first use."""
    return list(dict.fromkeys(c for v in values for c in v if c in _CURRENCY))


def _bare(value: str) -> str:
    """Return an amount without sign, currency, spaces and k/m: the digits as written."""
    return re.sub(r"[-+\s" + _CURRENCY + r"kKmM]", "", value)


# "1.000", "€2.500", "12.345.678": a point before groups of three digits, which continental
# notation writes for thousands ("1.000" is one thousand) and English for decimals.
_POINT_GROUPS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def _point_may_group(values: Sequence[str]) -> list[str]:
    """Return the values whose point may group thousands (unless one shows it is decimal).

    A point followed by other than three digits ("2.5") or after commas grouping thousands
    ("1,000.50") is a decimal point, and then so is every point of the column.

    Examples
    --------
    >>> _point_may_group(["€1.000", "€2.500", "£900"])
    ['€1.000', '€2.500']
    >>> _point_may_group(["1.000", "2.5"])
    []
    """
    bare = [_bare(v) for v in values]
    decimal = any(
        re.fullmatch(r"[\d,]*\.(?:\d{1,2}|\d{4,})", b) or re.fullmatch(r"\d+(?:,\d{3})+\.\d+", b)
        for b in bare
    )
    if decimal:
        return []
    return [v for v, b in zip(values, bare, strict=True) if _POINT_GROUPS.fullmatch(b)]


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
    short (a few words). An option that holds the separator ("Yes, sometimes") is kept
    whole: a cell that is a whole answer on its own and also appears inside longer cells,
    unless each of its parts also stands alone (then it is those options ticked together).

    Examples
    --------
    >>> split_delimited(["Prison, Community", "Prison", "Online"], [", "])
    (', ', ['Prison', 'Community', 'Online'])
    >>> split_delimited(["I work in prisons, mostly", "We do not"], [", "]) is None
    True
    >>> split_delimited(["Yes, sometimes", "No", "Yes, sometimes, No"], [", "])
    (', ', ['Yes, sometimes', 'No'])
    """
    for separator in separators:
        whole = _whole_options(values, separator)
        cells = [_parts(v, separator, whole) for v in values]
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


def _whole_options(values: Sequence[str], separator: str) -> set[str]:
    """Return the cells holding `separator` that are one option each (kept whole).

    Such a cell is a whole answer in a row and also appears inside longer cells. A cell
    each of whose parts also stands alone ("Prison, Community" beside "Prison" and
    "Community"), or each of whose parts is a numeric code ("3;4"), is options ticked
    together, not one option.
    """
    cells = {v.strip() for v in values if v.strip()}
    candidates: dict[str, int] = {}  # cell -> how many pieces the separator cuts it into
    for cell in cells:
        pieces = cell.split(separator)
        parts = [p.strip() for p in pieces if p.strip()]
        # Codes joined ("3;4") are codes ticked together, never one option, even when a
        # code ("4") is never ticked alone: a set of numeric codes drafted "3;4", "7;4"
        # and "4;7" as options of their own.
        codes = all(re.fullmatch(r"\d+", p) for p in parts)
        if len(parts) >= 2 and not codes and not all(p in cells for p in parts):
            candidates[cell] = len(pieces)
    sizes = set(candidates.values())
    inside: set[str] = set()  # runs of those sizes inside longer cells, joined as written
    for cell in cells:
        pieces = cell.split(separator)
        for size in sizes:
            inside.update(
                separator.join(pieces[i : i + size]).strip()
                for i in range(len(pieces) - size + 1)
                if size < len(pieces)
            )
    return {cell for cell in candidates if cell in inside}


def _parts(text: str, separator: str, known: Collection[str]) -> list[str]:
    """Split a cell of joined options, taking the longest known option at each place first.

    Examples
    --------
    >>> _parts("Yes, sometimes, No", ", ", {"Yes, sometimes", "No"})
    ['Yes, sometimes', 'No']
    """
    raw = text.split(separator)
    parts: list[str] = []
    i = 0
    while i < len(raw):
        j = next(
            (j for j in range(len(raw), i + 1, -1) if separator.join(raw[i:j]).strip() in known),
            i + 1,
        )
        part = separator.join(raw[i:j]).strip()
        if part:
            parts.append(part)
        i = j
    return parts


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
    # Codes as a one-column question's: a label that is a whole number keeps it ("7;5"
    # drafted '7' as code 1 and '4' as code 7, which the codebook refused).
    options = tuple(
        Option(k, label, column=f"{qid}_{k}")
        for k, label in zip(_codes(labels), labels, strict=True)
    )
    note = f"Drafted from an export: options joined by {separator!r} in one column."
    whole = [label for label in labels if separator in label]
    if whole:
        note = (
            f"{note} {_some(whole)} kept whole: each is a whole answer on its own in other cells."
        )
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
    known = {*labels, *variants}

    def split(text: str, separator: str) -> list[str]:
        return [variants.get(p, p) for p in _parts(text, separator, known)]

    # The separator that leaves the fewest parts that are no option ("a;zzz" beside "c;a"
    # is joined by ";", whatever "zzz" is); the first on a tie.
    separator = min(
        candidates,
        key=lambda c: sum(p not in labels for t in texts for p in split(t, c)),
    )
    ticks: dict[str, list[int | None]] = {c: [] for c in question.columns}
    for k, text in enumerate(texts):
        parts = split(text, separator)
        place = {
            "question": question.id,
            "column": question.id,
            "respondent_id": cells.ids.iloc[k],
            "line": cells.lines[k + 2],
            "export_column": position + 1,
        }
        for part in parts:
            if part not in labels:
                cells.failures.append(
                    {
                        **place,
                        "value": part,
                        "check": "not_a_tick",
                        "expected": f"options among {list(labels)} joined by {separator!r}",
                    }
                )
        # Counted once, "Prison, Prison" would pass unseen, though a repeat often stands for
        # another option lost in the export; validation of a delimited set says the same.
        repeated = [p for p, n in Counter(parts).items() if n > 1 and p in labels]
        if repeated:
            cells.failures.append(
                {
                    **place,
                    "value": text,
                    "check": "duplicate_option",
                    "expected": f"each option once; {repeated} given twice",
                }
            )
        for option, column in zip(question.options, question.columns, strict=True):
            ticks[column].append(None if not parts else int(option.label in parts))
    return {c: pd.Series(v, index=cells.body.index, dtype=object) for c, v in ticks.items()}


def _repeated_columns(block: _Block, where: str) -> bool:
    """Whether a block is one question text over several answer columns ("Response" each).

    Such columns are drafted as questions of their own. A grid whose item heads two
    columns ("Rate us [A]" and "Rate us [A] ") is refused: two items would print alike.
    """
    if len(block.positions) < 2:
        return False
    at: dict[str, list[int]] = {}
    first: dict[str, str] = {}
    for position, option in zip(block.positions, block.options, strict=True):
        at.setdefault(_norm(option), []).append(position + 1)
        first.setdefault(_norm(option), option.strip())
    if all(key in _GENERIC for key in at):
        return any(len(columns) > 1 for columns in at.values())
    repeated = {first[key]: columns for key, columns in at.items() if len(columns) > 1}
    if not repeated:
        return False
    said = "; ".join(
        f"item {option!r} heads columns {', '.join(map(str, columns[:-1]))} and {columns[-1]}"
        for option, columns in repeated.items()
    )
    msg = (
        f"{where!r}: the grid {block.text!r} cannot be drafted: {said} of the export.\n\n"
        "Hint: delete or rename the repeated column (often the same row twice in the form, "
        "or a header with a trailing space), then read the export again."
    )
    raise ReadError(msg, path=where)


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


def _draft_other_box(
    cells: _Cells, block: _Block, qid: str, where: str
) -> tuple[Question, dict[str, pd.Series], list[dict[str, Any]]]:
    """Draft a single-choice question whose "Other (please specify)" box is a column.

    The options are the answers chosen; the words typed in the box are the text question
    ``<qid>_other``. A respondent who only typed answered "Other": the answer column's
    one option starting with "Other", else the box's header (see
    :func:`tracktr.io._export_cells._other_box`).
    """
    answers = cells.body.iloc[:, block.positions[0]]
    chosen = [v for v in _distinct(answers.tolist()) if _is_other(v)]
    label = chosen[0] if len(chosen) == 1 else block.options[1]
    filled = _other_box(cells, block, answers, question=qid, label=label, where=where)
    options, note, frame = _draft_options(cells, {qid: filled}, qid)
    note = (
        f"{note} The words typed under {block.options[1]!r} are the text question "
        f"{qid}_other; a respondent who only typed there answered {label!r}."
    )
    question = SingleQuestion(qid, block.text, options=options, inferred=True, note=note)
    text_id = f"{qid}_other"
    mapping = [
        _row(block.positions[0], block.text, block.options[0], qid, qid),
        _row(block.positions[1], block.text, block.options[1], text_id, text_id),
    ]
    return question, frame, mapping


_OPEN_ENDED = "open-ended response"
"""The sub-header of a typed answer's column in a SurveyMonkey export."""


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
    numbers = [parse_number(v) for v in values]
    question: Question
    # Numbers only as the codebook reads them back ("1,000,000", "2.5"), never a guess: the
    # cells go through as they are, and reading the draft converts them as the codebook does.
    if values and all(not isinstance(n, str) for n in numbers) and not _point_may_group(values):
        integer = all(isinstance(n, int) for n in numbers)
        written = [v for v in values if not re.fullmatch(r"-?\d+(\.\d+)?", v)]
        note = (
            f"Drafted from an export: numbers written as {written[:3]} read as numbers."
            if written
            else None
        )
        question = NumericQuestion(qid, block.text, integer=integer, inferred=True, note=note)
        return question, {qid: _single_column(column)}, mapping
    why = _amounts_note(values)
    if _norm(block.options[0]) == _OPEN_ENDED:
        # The platform says the answers were typed (SurveyMonkey's comment and text
        # boxes): a phrase many typed alike is still not an option anyone was offered.
        said = f"The export heads this column {block.options[0]!r}: typed answers."
        note = said if why is None else f"{said} {why}"
        return (
            TextQuestion(qid, block.text, inferred=True, note=note),
            {qid: _single_column(column)},
            mapping,
        )
    counts = _counts([column])
    labels, _ = merge_variants(list(counts), counts)
    if values and len(labels) <= 15 and (len(labels) <= answered // 2 or _short(labels)):
        options, note, frame = _draft_options(cells, {qid: column}, qid)
        note = note if why is None else f"{note} {why}"
        question = SingleQuestion(qid, block.text, options=options, inferred=True, note=note)
        return question, frame, mapping
    question = TextQuestion(qid, block.text, inferred=True, note=why)
    return question, {qid: _single_column(column)}, mapping


def _amounts_note(values: Sequence[str]) -> str | None:
    """Say why a column of amounts was not drafted as numbers; None if it is not amounts.

    Examples
    --------
    >>> import textwrap
    >>> print(textwrap.fill(_amounts_note(["€1.000", "£900", "$100"]) or "", 80))
    Answers written as amounts are not read as numbers: they are in several
    currencies ('€', '£', '$'); '€1.000' could be 1 or 1000. Hint: write them as
    plain numbers in one currency (1000, not '£1k' or '1,000') and make the
    question numeric.
    """
    if not values or any(parse_amount(v) is None for v in values):
        return None
    reasons: list[str] = []
    currencies = _currencies(values)
    if len(currencies) > 1:
        reasons.append(f"they are in several currencies ({', '.join(map(repr, currencies))})")
    else:
        signed = [v for v in values if re.search(f"[{_CURRENCY}kKmM]", v)]
        if signed:
            reasons.append(
                f"a numeric question reads no currency sign or k/m multiplier ({_some(signed)})"
            )
    commas = [v for v in values if parse_number(_bare(v)) == "ambiguous_separator"]
    reasons += [_readings(v, ",") for v in commas[:3]]
    reasons += [_readings(v, ".") for v in _point_may_group(values)[:3]]
    if not reasons:  # pragma: no cover - every amount the codebook refuses is named above
        reasons.append(f"a numeric question does not read {_some(values)}")
    return (
        f"Answers written as amounts are not read as numbers: {'; '.join(reasons)}. Hint: "
        "write them as plain numbers in one currency (1000, not '£1k' or '1,000') and make "
        "the question numeric."
    )


def _some(values: Sequence[str]) -> str:
    return ", ".join(repr(v) for v in values[:3]) + (", ..." if len(values) > 3 else "")


def _readings(value: str, mark: str) -> str:
    """Say the two numbers an amount could be: "'1,200' could be 1.2 or 1200"."""
    bare = _bare(value)
    decimal = Decimal(bare.replace(mark, ".", 1) if mark == "," else bare).normalize()
    return f"{value!r} could be {decimal:f} or {bare.replace(mark, '')}"


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
        if _with_other_box(block):  # a single-choice question with a box to type in
            taken.add(f"{qid}_other")
            question, columns_of, rows = _draft_other_box(cells, block, qid, where)
            questions.append(question)
            frame.update(columns_of)
            mapping.extend(rows)
            continue
        if _repeated_columns(block, where):  # one question text over answer columns
            taken.discard(qid)
            for position, option in zip(block.positions, block.options, strict=True):
                one = _Block(block.text, (position,), (option,))
                question, columns_of, rows = _draft_column(cells, one, _slug(block.text, taken))
                note = (
                    f"The export has {len(block.positions)} columns headed {block.text!r}; "
                    f"this is column {position + 1}."
                )
                note = note if question.note is None else f"{question.note} {note}"
                questions.append(replace(question, note=note))
                taken.update(question.columns)
                frame.update(columns_of)
                mapping.extend(rows)
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

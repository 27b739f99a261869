"""SPSS (``.sav``, ``.zsav``) and Stata (``.dta``) files through pyreadstat (``spss`` extra).

A statistical-package file carries a codebook of sorts: a label per variable (the
question wording), value labels (the options and their codes), a measurement level
(nominal, ordinal, scale) and, in SPSS, multiple-response sets. :func:`survey_from_spss`
drafts a :class:`tracktr.Survey` from them; :func:`read_spss` reads the data with value
labels applied, keeping tick-all-that-apply columns as 1/0.

Columns are grouped as follows. A multiple-dichotomy set becomes a tick-all-that-apply
question. Without sets, consecutive columns whose variable labels share a question text
and differ by option ("Where do you work? - Prison", "Where do you work? - Community")
are one too when their value labels are only 0 and 1, and a grid when they share other
value labels; the rest of each label names the option or item. Columns without variable
labels are grouped by name (``stem_a, stem_b, ...``). Questions keep the order of the
file. Value labels that differ only by case, spacing or apostrophes ("Don't know",
"Don’t know") are one label, the first in the file; distinct codes of one column so read
as one answer, or sharing one label, are named in a warning by :func:`read_spss` (and the
drafted question's note says which were merged).

User-missing codes (SPSS) and extended missing values (Stata) keep their kind: one
labelled don't know stays an answer, one labelled refused reads as ``"<refused>"``, and a
codebook passed as ``survey=`` decides for the codes it declares (the Notes of
:func:`read_spss` give the rule); the others are blank, as system-missing values are.

Value labels of text codes ("N" = "North") are applied as numeric ones are. Dates, times
and datetimes are read as ISO 8601 text ("2024-03-31 14:05"), not as ``datetime64``:
a prepared frame holds missing markers ("<skipped>") beside the answers, which a datetime
column cannot, and a text question of the drafted codebook validates them.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from tracktr.exceptions import (
    CodebookError,
    InvalidDataError,
    InvalidOptionError,
    ReadError,
    SurveyValidationError,
    TracktrWarning,
    WriteError,
)
from tracktr.io._drafting import amounts as read_amounts
from tracktr.io._drafting import variants_note
from tracktr.io._export_cells import _as_ids
from tracktr.io._files import atomic_path, existing_file, prepare_file, require
from tracktr.io._sheet import DATE_REASON, date_text
from tracktr.missing import MARKERS, REFUSED, is_dont_know, marker_for
from tracktr.survey import (
    GridQuestion,
    Item,
    MultiQuestion,
    NumericQuestion,
    Option,
    OrdinalQuestion,
    Prepared,
    Question,
    SingleQuestion,
    Survey,
    TextQuestion,
)
from tracktr.survey._cells import fold_label, sentinel_key
from tracktr.typing import MissingKind

__all__ = ["read_spss", "read_stata", "survey_from_spss", "write_spss"]

_SPSS = (".sav", ".zsav")
_STATA = (".dta",)
_DONT_KNOW = re.compile(r"don.?t know|not sure|can.?t say|cannot say|\bdk\b", re.IGNORECASE)
_REFUSED = re.compile(r"\brefus|\bdeclin|prefer(?:s|red)? not|rather not", re.IGNORECASE)
"""A value label that says the respondent refused ("Refused", "Declined", "Prefer not to say")."""
_SEPARATORS = (" - ", " – ", ": ", "? ")
_ID_NAMES = {"respondent_id", "respondentid", "respid", "response_id", "responseid", "id"}
_STEM = re.compile(r"^(?P<stem>.+)_(?P<suffix>[^_]+)$")
_WHOLE_TEXT = re.compile(r"[+-]?[0-9]+")

_Code = float | str
"""A value label's code: a number, or text for a string variable ("N" = "North")."""


@dataclass(frozen=True, slots=True)
class _Group:
    """Columns that form one question."""

    kind: Literal["multi", "grid", "single", "ordinal", "numeric", "text"]
    qid: str
    columns: tuple[str, ...]
    text: str
    labels: tuple[str, ...] = ()  # option labels (multi) or item labels (grid)
    counted: float = 1.0  # the value that means "ticked" in a multi-response set


_Reading = Option | str | None
"""How a user-missing cell reads: the codebook's don't know option, a missing marker, the
file's own value (``"answer"``), or blank (None)."""

_ANSWER = "answer"
"""The reading of a user-missing code that stays the answer the file holds (don't know)."""

_Readings = dict[str, list[_Reading]]
"""Per column, the reading of each row that the file's own value does not give."""


def _read(
    path: str | os.PathLike[str],
    *,
    stata: bool,
    encoding: str | None,
    stacklevel: int = 6,
    survey: Survey | None = None,
) -> tuple[Any, Any, _Readings]:
    """Read the file with pyreadstat; `stacklevel` points a warning at the user's call.

    6 for ``read_spss``/``read_stata`` (through ``_reader``), 5 for ``survey_from_spss``.
    Returns the frame (user-missing codes that do not stay answers blanked), the
    metadata, and the missing kinds (or codebook options) the blanked cells read as.
    """
    pyreadstat = require("pyreadstat", "Reading SPSS and Stata files")
    suffixes = _STATA if stata else _SPSS
    what = "a Stata file" if stata else "an SPSS file"
    file = existing_file(path, suffixes=suffixes, what=what)
    reader = pyreadstat.read_dta if stata else pyreadstat.read_sav
    # Stata's extended missing values come back as their letters ("a"), to be told apart.
    options = {"user_missing": True}
    try:
        frame, meta = reader(str(file), encoding=encoding, **options)
    except Exception as error:  # pyreadstat raises its own ReadstatError / PyreadstatError
        msg = (
            f"{str(path)!r}: cannot be read as {what} ({type(error).__name__}: {error}).\n\n"
            "Hint: the file may be corrupted or truncated; export it again from the package."
        )
        raise ReadError(msg, path=str(path)) from error
    if stata:
        out, readings = _stata_numbers(frame, meta, str(path), stacklevel, survey)
        return out, meta, readings
    out, readings = _user_missing(frame, meta, survey)
    return out, meta, readings


def _missing_reading(
    code: _Code, label: str | None, question: Question | None, survey: Survey | None
) -> _Reading:
    """Return how one user-missing code reads (the rule of :func:`read_spss`'s Notes).

    `code` is the code as the file holds it (a number, a text code, or ``".a"`` for a
    Stata extended missing value), `label` its value label, `question` the codebook's
    question of the column. In order: a code (or label) the codebook declares under
    ``[missing]`` reads as that kind; a code (or label) of a don't know option of the
    question is that option; a label that says don't know stays the answer; one that says
    refused is refused; any other code is blank (skipped, or not asked by routing).
    """
    if survey is not None:
        keys = {sentinel_key(code)} | ({sentinel_key(label)} if label is not None else set())
        for kind, values in survey.missing.items():
            if any(sentinel_key(value) in keys for value in values):
                return marker_for(kind)
        if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
            for option in question.options:
                if not option.dont_know:
                    continue
                if (isinstance(code, float) and code == option.code) or (
                    label is not None and is_dont_know(label, [option.label])
                ):
                    return option
    if label is not None and _DONT_KNOW.search(label):
        return _ANSWER
    if label is not None and _REFUSED.search(label):
        return REFUSED
    return None


def _questions_of(survey: Survey | None) -> dict[str, Question]:
    """Return the codebook's question of each column (none without a codebook)."""
    if survey is None:
        return {}
    return {column: q for q in survey.questions for column in q.columns}


def _stata_numbers(
    frame: pd.DataFrame, meta: Any, path: str, stacklevel: int, survey: Survey | None
) -> tuple[pd.DataFrame, _Readings]:
    """Give back their numbers to Stata columns that hold extended missing values.

    pyreadstat reads a numeric column with extended missing values (``.a`` to ``.z``)
    as ``object``: the answers as numbers, the extended missing values as their letters
    (read with ``user_missing=True``). Read as text, every answer of the column was lost
    (each labelled code became blank). The extended missing values are blank in the
    frame and read as :func:`_missing_reading` says (a letter is written ``".a"``): one
    labelled refused is refused. Unlike SPSS's user-missing values they have no number to
    keep, so one labelled "don't know" stays an answer only as the don't know option of
    a codebook passed in; otherwise it is blank and leaves the question's base, and the
    reader is told (a warning) rather than left to find out. Text variables ("m"/"f")
    keep their letters. Each column is read once.
    """
    out = frame
    readings: _Readings = {}
    questions = _questions_of(survey)
    kinds: Mapping[str, str] = getattr(meta, "readstat_variable_types", None) or {}
    for column in frame.columns:
        series = frame[column]
        if series.dtype != object or kinds.get(column) == "string":
            continue
        values = series.tolist()
        letters = [isinstance(v, str) and len(v) == 1 and "a" <= v <= "z" for v in values]
        numbers = [
            v
            for v, letter in zip(values, letters, strict=True)
            if not letter and not (isinstance(v, float) and np.isnan(v))
        ]
        if not all(
            isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
            for v in numbers
        ):
            continue
        labels: Mapping[Any, str] = (meta.variable_value_labels or {}).get(column, {}) or {}
        read = {
            v: _missing_reading(f".{v}", labels.get(v), questions.get(column), survey)
            for v in dict.fromkeys(v for v, letter in zip(values, letters, strict=True) if letter)
        }
        cells: list[_Reading] = [
            read[v] if letter else None for v, letter in zip(values, letters, strict=True)
        ]
        blank_answers = [v for v in values if read.get(v) == _ANSWER]
        _warn_dont_know(labels, column, blank_answers, path, stacklevel)
        if any(c is not None and c != _ANSWER for c in cells):
            readings[column] = [None if c == _ANSWER else c for c in cells]
        if out is frame:
            out = frame.copy()
        numbered = [np.nan if letter else v for v, letter in zip(values, letters, strict=True)]
        out[column] = pd.Series(numbered, index=frame.index, dtype=float)
    return out, readings


def _warn_dont_know(
    labels: Mapping[Any, str], column: str, letters: list[str], path: str, stacklevel: int
) -> None:
    """Warn that answers coded as an extended missing value labelled don't know are blank."""
    unknown = {k: labels[k] for k in dict.fromkeys(letters)}
    if not unknown:
        return
    count = len(letters)
    said = ", ".join(f".{k} ({v!r})" for k, v in unknown.items())
    warnings.warn(
        f"{path!r}, column {column!r}: {count} answer(s) coded {said} are Stata "
        "extended missing values, read as blank: they leave the question's base. "
        'Hint: recode them to a number in Stata (a value labelled "Don\'t know") '
        "to keep them as answers, or pass the codebook as `survey=`: its don't know "
        "option is then the answer.",
        TracktrWarning,
        stacklevel=stacklevel,  # the caller of read_stata / survey_from_spss
    )


def _user_missing(
    frame: pd.DataFrame, meta: Any, survey: Survey | None
) -> tuple[pd.DataFrame, _Readings]:
    """Blank the user-missing values of an SPSS file that are no answers; say what they read as.

    SPSS files often declare "Don't know" (9, -1...) user-missing. Read as blank, such
    answers became "skipped" and left the question's base, though the codebook drafted
    from the same file lists "Don't know" as an option, and don't know counts in the
    default base. They keep their code (and label). Every other user-missing value is
    blank in the frame, as system-missing values are, and reads as
    :func:`_missing_reading` says: "Refused" had read as skipped, so a refusal was
    counted as a respondent who left the question out.
    """
    ranges: Mapping[str, Sequence[Mapping[str, Any]]] = meta.missing_ranges or {}
    questions = _questions_of(survey)
    out = frame.copy()
    readings: _Readings = {}
    for column, declared in ranges.items():
        if column not in out.columns:
            continue
        labels = _raw_labels(meta, column)
        series = out[column]
        numeric = pd.api.types.is_numeric_dtype(series)
        values = series.to_numpy(dtype=float) if numeric else series.to_numpy(dtype=object)
        # SPSS pads text to a fixed width: text codes are compared without trailing spaces.
        spelled = series if numeric else series.map(_unpadded, na_action="ignore")
        missing = np.zeros(len(series), dtype=bool)
        for span in declared:
            low, high = span.get("lo"), span.get("hi")
            if numeric and isinstance(low, int | float) and isinstance(high, int | float):
                missing |= (values >= float(low)) & (values <= float(high))
            elif not numeric and isinstance(low, str):
                missing |= spelled.eq(low.rstrip()).fillna(False).to_numpy(dtype=bool)
        if not missing.any():
            continue
        # Each distinct missing code is read once; the rows follow their code.
        codes = values if numeric else spelled.to_numpy(dtype=object)
        blank = missing.copy()
        cells = np.full(len(series), None, dtype=object)
        for code in pd.unique(codes[missing]).tolist():
            key: _Code = float(code) if numeric else str(code)
            reading = _missing_reading(key, labels.get(key), questions.get(column), survey)
            rows = missing & (codes == code)
            if reading == _ANSWER:
                blank &= ~rows
            elif reading is not None:
                cells[rows] = reading
        if blank.any():
            out[column] = series.mask(blank, np.nan if numeric else "")
        if any(cell is not None for cell in pd.unique(cells).tolist()):
            readings[column] = cells.tolist()
    return out, readings


def _overlaid(series: pd.Series, readings: Sequence[_Reading], *, labels: bool) -> pd.Series:
    """Write the missing markers (and codebook options) of `readings` into a read column.

    The column becomes ``object`` (numbers and markers side by side); its blanks are None.
    """
    cells: list[object] = [None if _is_blank(v) else v for v in series.astype(object).tolist()]
    for row, reading in enumerate(readings):
        if isinstance(reading, Option):
            cells[row] = reading.label if labels else reading.code
        elif reading is not None:
            cells[row] = reading
    return pd.Series(cells, index=series.index, dtype=object)


def _is_blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _refusals(meta: Any, column: str, *, stata: bool) -> dict[_Code, str]:
    """Return the labels of a column's missing codes that read as refused, without a codebook."""
    found: dict[_Code, str]
    if stata:
        kinds: Mapping[str, str] = getattr(meta, "readstat_variable_types", None) or {}
        if kinds.get(column) == "string":
            return {}
        labels: Mapping[Any, str] = meta.variable_value_labels.get(column, {}) or {}
        found = {f".{k}": str(v) for k, v in labels.items() if isinstance(k, str)}
    else:
        found = _missing_labels(meta, column)
    return {
        code: label
        for code, label in found.items()
        if _missing_reading(code, label, None, None) == REFUSED
    }


def _split_labels(labels: Sequence[str]) -> tuple[str | None, list[str]]:
    """Return the common question text of several variable labels and the rest of each."""
    if len(labels) < 2 or not all(labels):
        return None, list(labels)
    prefix = _common_start(labels)
    best: tuple[int, str] | None = None
    for separator in _SEPARATORS:
        at = prefix.rfind(separator)
        if at > 0 and (best is None or at + len(separator) > best[0] + len(best[1])):
            best = (at, separator)
    if best is None:
        return None, list(labels)
    at, separator = best
    text = prefix[:at] + ("?" if separator == "? " else "")
    return text, [label[at + len(separator) :] for label in labels]


def _common_start(texts: Sequence[str]) -> str:
    shortest = min(texts, key=len)
    for k, ch in enumerate(shortest):
        if any(t[k] != ch for t in texts):
            return shortest[:k]
    return shortest


def _raw_labels(meta: Any, column: str) -> dict[_Code, str]:
    """Return a column's value labels: numeric codes as floats, text codes as text.

    Text codes count only for a string variable: in a Stata number they are the letters
    of extended missing values (``.a``), which read as blank. SPSS pads text to a fixed
    width, so a text code is read without trailing spaces.
    """
    labels: Mapping[Any, str] = meta.variable_value_labels.get(column, {}) or {}
    kinds: Mapping[str, str] = getattr(meta, "readstat_variable_types", None) or {}
    if kinds.get(column) == "string":
        return {k.rstrip(): str(v) for k, v in labels.items() if isinstance(k, str)}
    return {float(k): str(v) for k, v in labels.items() if _is_number(k)}


def _unpadded(value: object) -> object:
    return value.rstrip() if isinstance(value, str) else value


def _in_code_order(labels: Mapping[_Code, str]) -> list[tuple[_Code, str]]:
    """Return value labels by code: numbers in order, then text codes (a column has one kind)."""
    numbers = sorted((c, label) for c, label in labels.items() if isinstance(c, float))
    texts = sorted((c, label) for c, label in labels.items() if isinstance(c, str))
    return [*numbers, *texts]


def _code_text(code: _Code) -> str:
    """Write a code as a person reads it: 99 (not 99.0), 'N'."""
    return repr(code) if isinstance(code, str) else f"{code:g}"


def _spellings(meta: Any) -> dict[str, str]:
    """Return each value label's spelling: the first in the file equal to it but for case.

    Spacing and apostrophes are ignored too. Cached on the file's metadata (read once).
    """
    cached: dict[str, str] | None = getattr(meta, "_tracktr_spellings", None)
    if cached is None:
        first: dict[str, str] = {}
        cached = {}
        for column in meta.column_names or []:
            for _, label in _in_code_order(_raw_labels(meta, column)):
                cached[label] = first.setdefault(fold_label(label), label)
        meta._tracktr_spellings = cached
    return cached


def _value_labels(meta: Any, column: str) -> dict[_Code, str]:
    spelling = _spellings(meta)
    return {code: spelling.get(label, label) for code, label in _raw_labels(meta, column).items()}


def _merged_codes(meta: Any, column: str) -> list[str]:
    """Name the distinct codes of a column whose labels are read as one answer.

    Codes sharing a label are; so are "Yes", "yes" and "Yes ", one spelling (see
    :func:`_spellings`): across columns that makes a grid's labels agree, but within one
    column it reads distinct codes as one answer.
    """
    spelling = _spellings(meta)
    groups: dict[str, list[tuple[_Code, str]]] = {}
    for code, label in _in_code_order(_raw_labels(meta, column)):
        groups.setdefault(spelling.get(label, label), []).append((code, label))
    # Codes that share one label exactly ("Yes" for 1 and 2) are read as one answer too:
    # they were merged without a word from read_spss (survey_from_spss noted them).
    return [
        f"codes {', '.join(f'{_code_text(c)} ({label!r})' for c, label in found)} as {read!r}"
        for read, found in groups.items()
        if len(found) > 1
    ]


def _warn_merged_codes(meta: Any, column: str, path: str) -> None:
    """Warn that distinct codes of a column are read as one answer (labels alike)."""
    merged = _merged_codes(meta, column)
    if not merged:
        return
    warnings.warn(
        f"{path!r}, column {column!r}: distinct codes whose value labels are the same, or "
        "differ only by case, spacing or apostrophes, are read as one answer: "
        f"{'; '.join(merged)}. Hint: if they "
        "are different answers, give them distinct labels in SPSS (or read the codes with "
        "labels=False and recode them); if they are one answer, recode them to one code.",
        TracktrWarning,
        stacklevel=5,  # _data, _reader, read_spss / read_stata, the caller
    )


def _merged_note(meta: Any, columns: Sequence[str]) -> str | None:
    """Say which value labels of these columns were read as another spelling."""
    spelling = _spellings(meta)
    merged = {
        label: spelling[label]
        for column in columns
        for label in _raw_labels(meta, column).values()
        if spelling.get(label, label) != label
    }
    shared = []
    for column in columns:
        codes: dict[str, list[_Code]] = {}
        for code, label in _in_code_order(_raw_labels(meta, column)):  # the same spelling
            codes.setdefault(label, []).append(code)
        shared += [
            f"codes {', '.join(_code_text(c) for c in found)} of {column} share the label "
            f"{label!r} and are read as one answer."
            for label, found in codes.items()
            if len(found) > 1
        ]
    notes = ([variants_note(merged)] if merged else []) + list(dict.fromkeys(shared))
    return " ".join(notes) if notes else None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _is_binary(labels: Mapping[_Code, str]) -> bool:
    return bool(labels) and set(labels) <= {0.0, 1.0}


def _qid(name: str) -> str:
    text = re.sub(r"[^0-9a-zA-Z_]+", "_", name.lstrip("$")).strip("_").lower() or "question"
    return f"q_{text}" if text[0].isdigit() else text


def _plan(frame: pd.DataFrame, meta: Any, respondent_id: str) -> list[_Group]:
    """Group the columns of a file into questions, in the order of the file."""
    labels_of: dict[str, str] = {
        c: str(v) for c, v in (meta.column_names_to_labels or {}).items() if v
    }
    measure: dict[str, str] = dict(getattr(meta, "variable_measure", None) or {})
    groups: list[_Group] = []
    claimed: set[str] = {respondent_id}
    for name, spec in (getattr(meta, "mr_sets", None) or {}).items():
        members = [c for c in spec.get("variable_list", []) if c in frame.columns]
        if not members or not (spec.get("is_dichotomy") or spec.get("type") == "D"):
            continue
        text, rests = _split_labels([labels_of.get(c, c) for c in members])
        counted = spec.get("counted_value")
        groups.append(
            _Group(
                "multi",
                _qid(name),
                tuple(members),
                str(spec.get("label") or text or _qid(name)),
                tuple(rests),
                float(counted) if _is_number(counted) else 1.0,
            )
        )
        claimed.update(members)
    columns = [c for c in frame.columns if c not in claimed]
    k = 0
    while k < len(columns):
        column = columns[k]
        run = _run(columns, k, meta, labels_of)
        if len(run) > 1:
            text, rests = _split_labels([labels_of.get(c, c) for c in run])
            binary = _is_binary(_answer_labels(meta, column))  # missing codes are no options
            qid = _common_name(run) or _qid(text or column)
            groups.append(
                _Group(
                    "multi" if binary else "grid",
                    qid,
                    tuple(run),
                    text or qid,
                    tuple(rest or c for rest, c in zip(rests, run, strict=True)),
                )
            )
            k += len(run)
            continue
        text = labels_of.get(column, column)
        series = frame[column]
        kind: Literal["single", "ordinal", "numeric", "text"]
        if _answer_labels(meta, column):  # labels only for missing codes make no options
            kind = "ordinal" if measure.get(column) == "ordinal" else "single"
        elif pd.api.types.is_numeric_dtype(series) or read_amounts(series) is not None:
            kind = "numeric"
        else:
            kind = "text"
        groups.append(_Group(kind, column, (column,), text))
        k += 1
    order = {c: n for n, c in enumerate(frame.columns)}
    return sorted(groups, key=lambda g: order[g.columns[0]])  # sets where the file has them


def _common_name(columns: Sequence[str]) -> str:
    """Return the start the names of a group share, as a question id ("" when too short)."""
    start = _common_start(columns)
    if not re.search(r"[^0-9A-Za-z]$", start):  # "q1" of q10, q11 is not their stem
        return ""
    qid = re.sub(r"[^0-9A-Za-z]+$", "", start)
    # The names' own case: the options' columns are ``<id>_<code>`` (Q5 -> Q5_1).
    return qid if len(qid) >= 2 and qid[0].isalpha() and qid not in columns else ""


def _run(columns: Sequence[str], start: int, meta: Any, labels_of: Mapping[str, str]) -> list[str]:
    """Return the consecutive columns of one question, from `start`.

    They have the same value labels, and variable labels that share a question text and
    differ by option (or, without variable labels, names ``stem_x``).
    """
    labels = _value_labels(meta, columns[start])
    if not _answer_labels(meta, columns[start]):  # no labels, or only for missing codes
        return [columns[start]]
    first = columns[start]
    run = [first]
    text: str | None = None
    for column in columns[start + 1 :]:
        if _value_labels(meta, column) != labels:
            break
        if first in labels_of and column in labels_of:
            shared, _ = _split_labels([labels_of[c] for c in (*run, column)])
            if shared is None or (text is not None and shared != text):
                break
            text = shared
        elif first in labels_of or column in labels_of:
            break
        else:
            stems = [_STEM.match(c) for c in (first, column)]
            if not all(stems) or len({m.group("stem") for m in stems if m}) != 1:
                break
        run.append(column)
    return run


def _answer_labels(meta: Any, column: str) -> dict[_Code, str]:
    """Return the value labels of the codes that can be answers: not user-missing codes.

    A user-missing code is read as blank or refused (see `_user_missing`) unless its
    label is a "don't know", so it is no option: "Refused" declared user-missing had
    become an option whose label reads as the refused marker, and the draft was refused.
    """
    missing = _missing_labels(meta, column)
    answers = _value_labels(meta, column).items()
    return {code: label for code, label in answers if code not in missing}


def _missing_labels(meta: Any, column: str) -> dict[_Code, str]:
    """Return the value labels of the user-missing codes that are no answers (not don't know)."""
    declared: Sequence[Mapping[str, Any]] = (meta.missing_ranges or {}).get(column, [])
    spans = [(span.get("lo"), span.get("hi")) for span in declared]
    return {
        code: label
        for code, label in _value_labels(meta, column).items()
        if not _DONT_KNOW.search(label) and any(_within(code, low, high) for low, high in spans)
    }


def _within(code: _Code, low: object, high: object) -> bool:
    """Whether a code is in a declared missing range (a text range is one value)."""
    if isinstance(code, str):
        return isinstance(low, str) and code == low.rstrip()
    if isinstance(low, int | float) and isinstance(high, int | float):
        return float(low) <= code <= float(high)
    return False


def _option_codes(codes: Iterable[_Code]) -> dict[_Code, int]:
    """Return the option code of each value-label code that can be one.

    A whole number keeps its code. Text codes keep theirs when each is a distinct whole
    number ("1", "2"), so the codes read with ``labels=False`` prepare as the labels do;
    other text codes ("N", "S") are numbered 1, 2, ... in order. A fraction (1.5 =
    "Half") is numbered after the largest code, as the note says
    (:func:`_fraction_codes_note`): left out, its label was refused by ``prepare`` as an
    unknown answer with no word of why.
    """
    listed = list(codes)
    out: dict[_Code, int] = {c: int(c) for c in listed if isinstance(c, float) and c.is_integer()}
    texts = sorted(c for c in listed if isinstance(c, str))
    whole = {c: int(c) for c in texts if _WHOLE_TEXT.fullmatch(c.strip())}
    if len(whole) == len(texts) and len(set(whole.values())) == len(whole):
        out.update(whole)
    else:
        out.update({c: n for n, c in enumerate(texts, 1)})
    fractions = sorted(c for c in listed if isinstance(c, float) and not c.is_integer())
    after = max(out.values(), default=0) + 1
    out.update({c: after + k for k, c in enumerate(fractions)})
    return out


def _renumbered(codes: Iterable[_Code]) -> list[str]:
    """Return the text codes that an option holds under another number ('N' as 1)."""
    numbers = _option_codes(codes)
    return [c for c, n in numbers.items() if isinstance(c, str) and c.strip() != str(n)]


def _options(labels: Mapping[_Code, str]) -> tuple[Option, ...]:
    codes = _option_codes(labels)
    options: dict[str, Option] = {}  # two codes of one spelling: the first code
    for code, label in sorted((codes[c], label) for c, label in labels.items() if c in codes):
        if label not in options:
            options[label] = Option(code, label, dont_know=bool(_DONT_KNOW.search(label)))
    return tuple(options.values())


def _question(group: _Group, frame: pd.DataFrame, meta: Any) -> Question:
    note = _merged_note(meta, group.columns)
    if group.kind == "multi":
        options = []
        for code, (column, label) in enumerate(zip(group.columns, group.labels, strict=True), 1):
            number = column.removeprefix(f"{group.qid}_")
            if number.isdigit() and column == f"{group.qid}_{int(number)}":
                options.append(Option(int(number), label))
            else:
                options.append(Option(code, label, column=column))
        return MultiQuestion(group.qid, group.text, options=tuple(options))
    if group.kind == "grid":
        items = []
        for column, label in zip(group.columns, group.labels, strict=True):
            item = column.removeprefix(f"{group.qid}_")
            items.append(Item(item if item != column else column, label, column))
        labels, between = _with_unlabelled(
            _answer_labels(meta, group.columns[0]), frame[list(group.columns)]
        )
        return GridQuestion(
            group.qid,
            group.text,
            options=_options(labels),
            items=tuple(items),
            note=_joined(note, between, _fraction_codes_note(group.columns[0], labels)),
        )
    column = group.columns[0]
    if group.kind in ("single", "ordinal"):
        cls = OrdinalQuestion if group.kind == "ordinal" else SingleQuestion
        labels, between = _with_unlabelled(_answer_labels(meta, column), frame[[column]])
        note = _joined(
            note,
            between,
            _text_codes_note(column, _renumbered(labels)),
            _fraction_codes_note(column, labels),
        )
        return cls(group.qid, group.text, options=_options(labels), note=note)
    if group.kind == "numeric":
        amounts = read_amounts(frame[column])
        if amounts is not None:
            note = "Answers written as amounts (such as '£5,000' or '£5k'); read as numbers."
        note = _joined(note, _missing_codes_note(_missing_labels(meta, column)))
        series = frame[column] if amounts is None else amounts
        values = series.dropna().to_numpy(dtype=float)
        integer = bool(np.all(np.mod(values, 1) == 0))  # vacuously true with no answers
        return NumericQuestion(group.qid, group.text, integer=integer, note=note)
    dates = _holds_dates(frame[column])
    return TextQuestion(group.qid, group.text, note=_DATES_NOTE if dates else None)


_DATES_NOTE = (
    "Dates, read as ISO 8601 text (2024-03-31, or 2024-03-31 14:05 with a time); "
    "pandas.to_datetime(..., format='ISO8601') turns them back into dates."
)


_WIDEST_SCALE = 10
"""The widest span of codes whose unlabelled middle codes are drafted as options (0-10)."""


def _with_unlabelled(
    labels: Mapping[_Code, str], answers: pd.DataFrame
) -> tuple[dict[_Code, str], str | None]:
    """Return the labels with the whole numbers answered between the labelled codes.

    A scale whose value labels name only its end points (1 = "Very poor", 5 = "Very
    good") was drafted with two options, and every 2, 3 and 4 of the file was then
    refused as an unknown value. Each unlabelled whole number answered between the
    smallest and the largest labelled code is an option of its own, labelled by its
    code, as the note says; a number outside them stays unknown (validation names it).
    """
    numbers = [c for c in labels if isinstance(c, float) and c.is_integer()]
    if len(numbers) != len(labels):
        return dict(labels), None
    # The scale's end points: a "don't know" code (99) is off the scale, and a span
    # wider than a 0-10 scale is no scale whose middle went unlabelled.
    scale = [c for c in numbers if not _DONT_KNOW.search(labels[c])]
    if len(scale) < 2 or max(scale) - min(scale) > _WIDEST_SCALE:
        return dict(labels), None
    low, high = min(scale), max(scale)
    values = pd.to_numeric(pd.Series(answers.to_numpy().ravel()), errors="coerce").dropna()
    inside = values[(values > low) & (values < high) & (values % 1 == 0)]
    added = sorted(set(inside.astype(float).tolist()) - set(numbers))
    if not added:
        return dict(labels), None
    out: dict[_Code, str] = dict(labels)
    out.update({code: _code_text(code) for code in added})
    shown = ", ".join(_code_text(code) for code in added)
    note = (
        f"Value labels name only some codes: {shown} (answered, between the labelled "
        f"{_code_text(low)} and {_code_text(high)}) are options labelled by their code."
    )
    return out, note


def _joined(*notes: str | None) -> str | None:
    said = [n for n in notes if n]
    return " ".join(said) if said else None


def _text_codes_note(column: str, codes: Sequence[str]) -> str | None:
    """Say that an option's code is not the file's (text codes numbered 1, 2, ...)."""
    if not codes:
        return None
    listed = ", ".join(repr(c) for c in codes)
    return f"Codes of {column} are text ({listed}); read_spss() reads their labels."


def _fraction_codes_note(column: str, labels: Mapping[_Code, str]) -> str | None:
    """Say which labelled codes are fractions, and the whole-number code each option has."""
    codes = _option_codes(labels)
    fractions = [
        f"{_code_text(c)} ({label!r}) as {codes[c]}"
        for c, label in _in_code_order(labels)
        if isinstance(c, float) and not c.is_integer()
    ]
    if not fractions:
        return None
    return (
        f"Codes of {column} that are fractions have whole-number option codes: "
        f"{', '.join(fractions)}; read_spss() reads their labels, but the codes read with "
        "labels=False are no option. Hint: recode them to whole numbers in SPSS."
    )


def _missing_codes_note(labels: Mapping[_Code, str]) -> str | None:
    """Say which labelled codes of a number are missing values, read as refused or blank."""
    refused = {c: label for c, label in labels.items() if _REFUSED.search(label)}
    blank = {c: label for c, label in labels.items() if c not in refused}
    notes = [
        _codes_read_as(group, what)
        for group, what in ((refused, "refused ('<refused>')"), (blank, "blank"))
        if group
    ]
    return " ".join(notes) if notes else None


def _codes_read_as(labels: Mapping[_Code, str], what: str) -> str:
    listed = ", ".join(f"{_code_text(c)} ({label!r})" for c, label in _in_code_order(labels))
    if len(labels) == 1:
        return f"Code {listed} is a missing value: read_spss() reads it as {what}."
    return f"Codes {listed} are missing values: read_spss() reads them as {what}."


def _holds_dates(series: pd.Series) -> bool:
    """Whether a column holds dates, times or datetimes (and blanks), as pyreadstat reads them.

    pyreadstat gives datetimes as ``datetime64`` but dates and times as ``datetime.date``
    and ``datetime.time`` objects in an ``object`` column.
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        return True
    if series.dtype != object:
        return False
    answers = series.dropna().tolist()
    return bool(answers) and all(isinstance(v, datetime.date | datetime.time) for v in answers)


def _iso_text(value: object) -> str | None:
    """Write a date, time or datetime as ISO 8601 text (a space before the time); None if blank.

    A datetime column cannot hold the missing markers a prepared frame puts beside the
    answers, so dates are read as text, which sorts as the dates do. The text is a
    workbook's (:func:`tracktr.io._sheet.date_text`): a datetime at midnight is its date,
    a time shows seconds only when it has some. The same answer read from a .sav was
    "2025-03-01 00:00:00" and "10:30:00", from a workbook "2025-03-01" and "10:30".
    """
    if value is pd.NaT or not isinstance(value, datetime.date | datetime.time):
        return None  # NaT (a datetime to isinstance), NaN, None
    return date_text(value)


def _respondent_id(frame: pd.DataFrame, respondent_id: str | None, where: str) -> str:
    if respondent_id is not None:
        if respondent_id not in frame.columns:
            msg = (
                f"{where!r}: no column {respondent_id!r}.\n\n"
                f"Hint: the columns are {list(frame.columns)[:20]}."
            )
            raise ReadError(msg, path=where)
        return respondent_id
    for column in frame.columns:
        if str(column).casefold() in _ID_NAMES:
            return str(column)
    return str(frame.columns[0])


def _data(
    frame: pd.DataFrame,
    meta: Any,
    groups: Sequence[_Group],
    *,
    labels: bool,
    respondents: Sequence[object],
    path: str,
    readings: _Readings,
    id_column: str,
) -> pd.DataFrame:
    """Read each column as its question needs: ticks as 1/0, codes as labels, dates as text.

    Tick values that are neither ticked nor not ticked are collected over every column
    and refused together (named by `respondents`, the ids of the rows). The missing
    markers of `readings` are written over the blanks they stand for.
    """
    out: dict[str, pd.Series] = {}
    failures: list[dict[str, object]] = []
    kinds = {c: g for g in groups for c in g.columns}
    for column in frame.columns:
        series = frame[column]
        group = kinds.get(column)
        if group is not None and group.kind == "multi":
            values = series.to_numpy(dtype=float)
            unticked = _unticked(_raw_labels(meta, column), group.counted)
            ticks, stray = _ticks(values, group.counted, unticked)
            out[column] = pd.Series(ticks, index=frame.index).astype("Int64")
            rows = np.flatnonzero(stray).tolist()
            failures += _stray_ticks(
                group, column, [values[r] for r in rows], [respondents[r] for r in rows], unticked
            )
        elif column == id_column and not pd.api.types.is_numeric_dtype(series):
            # Text ids by the rule of the other readers: numbers when every id is a whole
            # number, else text as written. Read as amounts, "£7" and "7" (or "1,000" and
            # "1000") were one respondent, refused as a repeated id 7.0 that the file lacks.
            out[column] = _as_ids(series)
        else:
            # A number drafted as a numeric question has labels only for its missing codes.
            drafted_numeric = group is None or group.kind == "numeric"
            value_labels = _value_labels(meta, column) if labels and not drafted_numeric else {}
            if value_labels:
                _warn_merged_codes(meta, column, path)
            out[column] = _column(series, value_labels, amounts=drafted_numeric)
        if column in readings:
            out[column] = _overlaid(out[column], readings[column], labels=labels)
    if failures:
        _refuse_stray_ticks(failures, path)
    return pd.DataFrame(out, index=frame.index)


def _unticked(labels: Mapping[_Code, str], counted: float) -> frozenset[float]:
    """Return the values that mean "not ticked": 0 and the other labelled codes (1 = "No")."""
    return frozenset({0.0} | {c for c in labels if isinstance(c, float) and c != counted})


def _ticks(
    values: np.ndarray, counted: float, unticked: frozenset[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Return a tick column as 1/0/NaN, and where it holds a value that is neither.

    A stray value (5 in a 0/1 column) had read as 0, an answer that was not ticked.
    """
    blank = np.isnan(values)
    ticked = values == counted
    stray = ~blank & ~ticked & ~np.isin(values, list(unticked))
    return np.where(blank | stray, np.nan, ticked.astype(float)), stray


def _stray_ticks(
    group: _Group,
    column: str,
    values: Sequence[float],
    respondents: Sequence[object],
    unticked: frozenset[float],
) -> list[dict[str, object]]:
    """Return one failure per stray tick value, as read_csv's ``not_binary`` failures."""
    expected = (
        f"{_code_text(group.counted)} (ticked) or "
        f"{' or '.join(_code_text(c) for c in sorted(unticked))} (not ticked)"
    )
    return [
        {
            "question": group.qid,
            "column": column,
            "respondent_id": respondent,
            "value": int(value) if value.is_integer() else value,
            "check": "not_binary",
            "expected": expected,
        }
        for value, respondent in zip(values, respondents, strict=True)
    ]


def _listed(failures: list[dict[str, object]], check: str = "") -> str:
    """Return the first 20 failures as message lines, and how many more there are."""
    shown = "\n".join(
        f"- {check}question {f['question']!r}, column {f['column']!r}, respondent "
        f"{f['respondent_id']!r}: {f['value']!r}; expected {f['expected']}"
        for f in failures[:20]
    )
    return shown + ("" if len(failures) <= 20 else f"\n... and {len(failures) - 20} more.")


def _refuse_stray_ticks(failures: list[dict[str, object]], path: str) -> None:
    msg = (
        f"{path!r}: {len(failures)} value(s) of tick-all-that-apply columns are neither "
        f"ticked nor not ticked:\n{_listed(failures, 'not_binary: ')}\n\n"
        "Hint: recode them in SPSS or Stata (RECODE, or MISSING VALUES to read them as "
        "blank); `error.failures` lists every value."
    )
    raise SurveyValidationError(msg, failures=pd.DataFrame(failures))


def _column(series: pd.Series, value_labels: Mapping[_Code, str], *, amounts: bool) -> pd.Series:
    """Read a column that is no tick: numbers, labels, dates as ISO text, or text.

    Codes without a label are kept; a text column of amounts is numbers when `amounts`
    (as survey_from_spss drafts a numeric question).
    """
    if pd.api.types.is_numeric_dtype(series):
        numbers = series.to_numpy(dtype=float)
        finite = numbers[~np.isnan(numbers)]
        whole = bool(np.all(np.mod(finite, 1) == 0))
        if value_labels:
            mapped = [
                None if np.isnan(v) else value_labels.get(float(v), int(v) if whole else v)
                for v in numbers
            ]
            return pd.Series(mapped, index=series.index, dtype=object)
        return series.astype("Int64") if whole else series
    if _holds_dates(series):
        return pd.Series([_iso_text(v) for v in series.tolist()], index=series.index, dtype=object)
    numbers_read = read_amounts(series) if amounts else None
    if numbers_read is not None:
        return numbers_read
    texts = [v if isinstance(v, str) and v.strip() else None for v in series.tolist()]
    labelled = [None if v is None else value_labels.get(v.rstrip(), v) for v in texts]
    return pd.Series(labelled, index=series.index, dtype=object)


def _reader(
    path: str | os.PathLike[str],
    *,
    stata: bool,
    labels: bool,
    columns: Sequence[str] | None,
    encoding: str | None,
    survey: Survey | None,
) -> tuple[pd.DataFrame, list[_DateRead]]:
    if survey is not None and not isinstance(survey, Survey):
        msg = (
            f"`survey` must be a tracktr.Survey (the codebook), got {type(survey).__name__}."
            "\n\nHint: load it with tt.Survey.from_toml(path) or tt.Survey.from_dict(mapping)."
        )
        raise InvalidDataError(msg)
    frame, meta, readings = _read(path, stata=stata, encoding=encoding, survey=survey)
    rid = _respondent_id(frame, None, str(path))
    readings.pop(rid, None)  # an id is no answer: its missing codes stay blank
    groups = _plan(frame, meta, rid)
    if columns is not None:
        absent = [c for c in columns if c not in frame.columns]
        if absent:
            msg = (
                f"{str(path)!r}: no column(s) {absent}.\n\n"
                f"Hint: the file has {list(frame.columns)[:20]}."
            )
            raise ReadError(msg, path=str(path))
    respondents = _column(frame[rid], {}, amounts=False).tolist()
    wanted = frame if columns is None else frame[list(columns)]  # only these are checked
    data = _data(
        wanted,
        meta,
        groups,
        labels=labels,
        respondents=respondents,
        path=str(path),
        readings=readings,
        id_column=rid,
    )
    return data, _dates_read(wanted, groups, rid)


_DateRead = tuple[str, int, object, str]
"""A date, time or datetime cell read as ISO text: column, row, the value, the text."""


def _dates_read(frame: pd.DataFrame, groups: Sequence[_Group], id_column: str) -> list[_DateRead]:
    """Return every date, time or datetime cell that :func:`_data` wrote as ISO text.

    The same columns as :func:`_column` converts (not ticks, not the id), column by
    column, so that a prepared result can list them as the workbook readers list theirs.
    """
    ticks = {c for g in groups if g.kind == "multi" for c in g.columns}
    found: list[_DateRead] = []
    for column in frame.columns:
        series = frame[column]
        if column in ticks or column == id_column or not _holds_dates(series):
            continue
        for row, value in enumerate(series.tolist()):
            text = _iso_text(value)
            if text is not None:
                # A Timestamp is a datetime already; as one, it reads as a workbook's cell.
                before = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
                found.append((column, row, before, text))
    return found


def _prepared(
    data: pd.DataFrame, dates: Sequence[_DateRead], survey: Survey | None, path: str
) -> Prepared:
    """Return `data` prepared with `survey`, the date cells read as text listed first.

    As :func:`tracktr.io.read_platform_export` and the command line record a workbook's
    date cells: reason ``"date_cell"``, the value as ``before``, its ISO text as ``after``.
    """
    if survey is None:
        msg = (
            "`prepare=True` prepares the data with their codebook, and no `survey` was given."
            "\n\nHint: pass survey=tt.Survey.from_toml(path), or survey_from_spss(path)."
        )
        raise InvalidOptionError(msg)
    prepared = prepare_file(survey, data, path=path)
    if not dates:
        return prepared
    questions = {column: q.id for q in survey.questions for column in q.columns}
    rid = survey.respondent_id
    ids = prepared.data[rid] if rid in prepared.data.columns else prepared.data.index.to_series()
    records = [
        {
            "question": questions.get(column, column),
            "column": column,
            "respondent_id": ids.iloc[row],
            "before": before,
            "after": after,
            "reason": DATE_REASON,
        }
        for column, row, before, after in dates
    ]
    # Read as text before prepare changed anything: listed first, as read_responses does.
    changes = pd.concat(
        [
            pd.DataFrame(records, columns=list(prepared.changes.columns)).astype(object),
            prepared.changes,
        ],
        ignore_index=True,
    )
    return dataclasses.replace(prepared, changes=changes)


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and (value in MARKERS or not value.strip())


class _Coder:
    """Turns answers into SPSS numbers, collecting every value that has none."""

    def __init__(self, survey: Survey, data: pd.DataFrame) -> None:
        rid = survey.respondent_id
        self.data = data
        self.ids = data[rid].tolist() if rid in data.columns else list(data.index)
        self.failures: list[dict[str, object]] = []

    def codes(self, question: Question, column: str) -> pd.Series:
        lookup = {o.label: o.code for o in question.options}
        known = {o.code for o in question.options}
        values: list[int | None] = []
        for respondent, value in zip(self.ids, self.data[column].tolist(), strict=True):
            if _is_missing(value):
                values.append(None)
            elif str(value) in lookup:
                values.append(lookup[str(value)])
            elif _whole(value) in known:
                values.append(_whole(value))
            else:
                self.failures.append(
                    {
                        "question": question.id,
                        "column": column,
                        "respondent_id": respondent,
                        "value": value,
                        "check": "unknown_value",
                        "expected": f"one of {list(question.labels)} or their codes",
                    }
                )
                values.append(None)
        return pd.Series(values, index=self.data.index, dtype="float64")

    def numbers(self, question: Question, column: str, *, ticks: bool = False) -> pd.Series:
        values: list[float | None] = []
        for respondent, value in zip(self.ids, self.data[column].tolist(), strict=True):
            number = None if _is_missing(value) else _finite(value)
            if not _is_missing(value) and (number is None or (ticks and number not in (0, 1))):
                self.failures.append(
                    {
                        "question": question.id,
                        "column": column,
                        "respondent_id": respondent,
                        "value": value,
                        "check": "not_binary" if ticks else "not_a_number",
                        "expected": "1/0" if ticks else "a finite number",
                    }
                )
                number = None
            values.append(number)
        return pd.Series(values, index=self.data.index, dtype="float64")


def _spss_columns(
    survey: Survey, data: pd.DataFrame
) -> tuple[dict[str, pd.Series], dict[str, str], dict[str, dict[int, str]], dict[str, str]]:
    """Codes, variable labels, value labels and measurement levels of every column.

    Every value that has no code (a label outside the codebook, text in a number or tick
    column) is collected; one SurveyValidationError lists them all.
    """
    columns: dict[str, pd.Series] = {}
    variable_labels: dict[str, str] = {}
    value_labels: dict[str, dict[int, str]] = {}
    measure: dict[str, str] = {}

    coder = _Coder(survey, data)
    codes, numbers = coder.codes, coder.numbers
    for question in survey.questions:
        if isinstance(question, MultiQuestion) and question.form == "indicator":
            for option, column in zip(question.options, question.columns, strict=True):
                columns[column] = numbers(question, column, ticks=True)
                variable_labels[column] = f"{question.text} - {option.label}"
                value_labels[column] = {0: "Not selected", 1: "Selected"}
                measure[column] = "nominal"
        elif isinstance(question, GridQuestion):
            for item in question.items:
                columns[item.column] = codes(question, item.column)
                variable_labels[item.column] = f"{question.text} - {item.label}"
                value_labels[item.column] = {o.code: o.label for o in question.options}
                measure[item.column] = "nominal"
        elif isinstance(question, SingleQuestion | OrdinalQuestion):
            columns[question.id] = codes(question, question.id)
            variable_labels[question.id] = question.text
            value_labels[question.id] = {o.code: o.label for o in question.options}
            measure[question.id] = "ordinal" if isinstance(question, OrdinalQuestion) else "nominal"
        elif isinstance(question, NumericQuestion):
            columns[question.id] = numbers(question, question.id)
            variable_labels[question.id] = question.text
            measure[question.id] = "scale"
        else:  # text, and multi-response sets in delimited form
            texts = ["" if _is_missing(v) else str(v) for v in data[question.id].tolist()]
            columns[question.id] = pd.Series(texts, index=data.index, dtype=object)
            variable_labels[question.id] = question.text
            measure[question.id] = "nominal"
    failures = coder.failures
    if failures:
        frame = pd.DataFrame(failures)
        msg = (
            f"{len(failures)} value(s) cannot be written to SPSS with this codebook:\n"
            f"{_listed(failures)}\n\nHint: write the frame that survey.prepare() returned; "
            "`error.failures` lists every value."
        )
        raise SurveyValidationError(msg, failures=frame)
    return columns, variable_labels, value_labels, measure


def _whole(value: object) -> int | None:
    """Return a number that is a whole number as an int (a raw code), else None."""
    number = _finite(value)
    return int(number) if number is not None and number.is_integer() else None


def _finite(value: object) -> float | None:
    if isinstance(value, bool):
        return float(value)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


_SPSS_NAME = 64  # bytes: the longest variable name an SPSS file can hold


_SPSS_VALUE_LABEL = 120
"""Bytes of a value label that an SPSS file holds (longer ones are cut when written)."""

_SPSS_VARIABLE_LABEL = 256
"""Bytes of a variable label that an SPSS file holds."""


def _check_label_lengths(
    variable_labels: Mapping[str, str], value_labels: Mapping[str, Mapping[int, str]], path: str
) -> None:
    """Raise if a label is longer than SPSS holds: the file would read back another one.

    Value labels were cut to 120 bytes as they were written: two options that share
    their first 120 bytes read back as one, and a table of the file merged them.
    """
    problems = [
        f"column {column!r}: the label of code {code} is {len(label.encode('utf-8'))} bytes "
        f"({label[:40]!r}...)"
        for column, labels in value_labels.items()
        for code, label in labels.items()
        if len(label.encode("utf-8")) > _SPSS_VALUE_LABEL
    ]
    problems += [
        f"column {column!r}: its text is {len(text.encode('utf-8'))} bytes ({text[:40]!r}...)"
        for column, text in variable_labels.items()
        if len(text.encode("utf-8")) > _SPSS_VARIABLE_LABEL
    ]
    if problems:
        msg = (
            f"{path!r}: SPSS holds value labels of at most {_SPSS_VALUE_LABEL} bytes and "
            f"variable labels of at most {_SPSS_VARIABLE_LABEL}; longer ones would be cut, "
            "and the file would not read back as written:\n"
            + "\n".join(f"- {p}" for p in problems[:10])
            + (f"\n- and {len(problems) - 10} more" if len(problems) > 10 else "")
            + "\n\nHint: shorten the options (or question texts) in the codebook; the "
            "full text can live in a `note`."
        )
        raise CodebookError(msg)


def _check_names(names: Sequence[str], path: str) -> None:
    long = [n for n in names if len(n.encode("utf-8")) > _SPSS_NAME]
    bad = [n for n in names if n not in long and not re.fullmatch(r"[^\W\d][\w.@#$]*", n)]
    if long or bad:
        problems = [f"{n!r} is {len(n.encode('utf-8'))} bytes, over {_SPSS_NAME}" for n in long]
        problems += [
            f"{n!r} must start with a letter and hold only letters, digits and _ . @ # $"
            for n in bad
        ]
        msg = (
            f"{path!r}: SPSS cannot name these columns:\n"
            + "\n".join(f"- {p}" for p in problems)
            + "\n\nHint: rename the questions (or their `column`) in the codebook."
        )
        raise CodebookError(msg)


def write_spss(
    data: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    survey: Survey,
) -> None:
    """Write responses to an SPSS ``.sav`` file that carries their codebook.

    Option labels become their codes with value labels, the question wording the
    variable labels (``"wording - option"`` for the columns of a tick-all-that-apply set,
    ``"wording - item"`` for a grid's), ordinal questions the ordinal measurement level;
    missing markers are written as blank (system-missing) cells. :func:`survey_from_spss`
    reads the codebook back and :func:`read_spss` the data. The file is written to a
    temporary file beside `path` and renamed into place.

    Parameters
    ----------
    data : pandas.DataFrame
        Prepared responses (labels, 1/0 ticks, missing markers) or raw codes.
    path : str or path
        The ``.sav`` file to write.
    survey : Survey
        The codebook.

    Raises
    ------
    tracktr.ReadError
        If `data` lacks columns of the codebook (each listed).
    tracktr.SurveyValidationError
        If a value has no code: a label outside the codebook, text in a number or tick
        column (every value listed, in ``.failures``).
    tracktr.CodebookError
        If a column name is not a valid SPSS name (over 64 bytes, or starting with a
        digit or holding spaces).
    tracktr.MissingDependencyError
        Without pyreadstat (``pip install ".[spss]"`` from a clone).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "size", "type": "ordinal", "text": "How large?",
    ...      "options": ["Small", "Large"]}]})
    >>> data = pd.DataFrame({"respondent_id": [1, 2, 3], "size": ["Large", "Small", "<skipped>"]})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.sav"
    >>> tt.io.write_spss(data, path, survey=survey)
    >>> tt.io.survey_from_spss(path) == survey
    True
    >>> tt.io.read_spss(path)["size"].tolist()
    ['Large', 'Small', None]
    """
    pyreadstat = require("pyreadstat", "Writing SPSS files")
    target = Path(path)
    if target.suffix.lower() not in _SPSS:
        msg = f"{str(path)!r}: an SPSS file must end in .sav or .zsav, got {target.suffix!r}."
        raise ReadError(msg, path=str(path))
    absent = [c for c in survey.columns if c not in data.columns]
    if absent:
        msg = (
            f"{str(path)!r}: the data lack the codebook's column(s) {absent}.\n\n"
            "Hint: write the frame that survey.prepare() returned."
        )
        raise ReadError(msg, path=str(path))
    columns, variable_labels, value_labels, measure = _spss_columns(survey, data)
    rid = survey.respondent_id
    frame = pd.DataFrame({rid: data[rid].to_numpy(), **columns}, index=data.index)
    frame = frame.reset_index(drop=True)
    _check_names([str(c) for c in frame.columns], str(path))
    _check_label_lengths(variable_labels, value_labels, str(path))
    with atomic_path(target) as temporary:
        try:
            pyreadstat.write_sav(
                frame,
                str(temporary),
                file_label=survey.title,
                column_labels=variable_labels,
                variable_value_labels=value_labels,
                variable_measure=measure,
                compress=target.suffix.lower() == ".zsav",
            )
        except Exception as error:  # pyreadstat's ReadstatError / PyreadstatError
            msg = (
                f"{str(path)!r}: pyreadstat could not write the SPSS file "
                f"({type(error).__name__}: {error}); nothing was written."
            )
            raise WriteError(msg, path=str(path)) from error


@overload
def read_spss(
    path: str | os.PathLike[str],
    *,
    labels: bool = ...,
    columns: Sequence[str] | None = ...,
    encoding: str | None = ...,
    survey: Survey | None = ...,
    prepare: Literal[False] = ...,
) -> pd.DataFrame: ...


@overload
def read_spss(
    path: str | os.PathLike[str],
    *,
    labels: bool = ...,
    columns: Sequence[str] | None = ...,
    encoding: str | None = ...,
    survey: Survey | None = ...,
    prepare: Literal[True],
) -> Prepared: ...


def read_spss(
    path: str | os.PathLike[str],
    *,
    labels: bool = True,
    columns: Sequence[str] | None = None,
    encoding: str | None = None,
    survey: Survey | None = None,
    prepare: bool = False,
) -> pd.DataFrame | Prepared:
    """Read an SPSS ``.sav`` or ``.zsav`` file: the data, with their value labels.

    Parameters
    ----------
    path : str or path
        The file.
    labels : bool, default True
        Replace codes by their value labels, numeric or text (codes without a label are
        kept). Columns of a tick-all-that-apply set are always 1 (ticked: the set's
        counted value), 0 (not ticked: 0 or another labelled code, such as 2 = "No") or
        blank (a missing code).
    columns : sequence of str, optional
        Keep only these columns.
    encoding : str, optional
        The file's text encoding, when it does not say.
    survey : Survey, optional
        The codebook the data will be prepared with. Its ``[missing]`` codes and its
        don't know options decide what the file's user-missing codes read as (see
        Notes); without it, their value labels decide.
    prepare : bool, default False
        Return ``survey.prepare(data)`` (`survey` is then required): a
        :class:`tracktr.Prepared` whose ``changes`` list every cell changed, first the
        date, time and datetime cells read as ISO text (reason ``"date_cell"``, the
        file's value as ``before``), as :func:`read_platform_export` lists a workbook's.

    Returns
    -------
    pandas.DataFrame or tracktr.Prepared
        One row per case (with `prepare`, the :class:`tracktr.Prepared` of it).
        Labelled columns hold labels (object dtype); whole numbers are ``Int64``;
        blank strings and system-missing values are blank, which
        :meth:`tracktr.Survey.prepare` reads as skipped (or not asked, by routing).
        User-missing values read as the Notes say: a column that holds a missing
        marker ("<refused>") beside numbers is ``object``. SPSS pads text to a fixed
        width, so trailing spaces of text answers are lost.
        Value labels that differ only by case, spacing or apostrophes read as one (the
        first in the file), and a text column whose every answer is an amount ("£5,000",
        "£5k") as numbers, as :func:`survey_from_spss` drafts them. Dates, times and
        datetimes are ISO 8601 text ("2024-03-31", "14:05", "2024-03-31 14:05:30"), as
        a workbook's date cells are read: a datetime at midnight is its date, a time
        shows seconds only when it has some. The text sorts as the dates do;
        ``pandas.to_datetime(column, format="ISO8601")`` turns it back into dates (the
        format, since a column can hold "2024-03-31" beside "2024-03-31 14:05"). A
        DataFrame has no record of these conversions: pass `prepare` (with `survey`)
        for one.

    Raises
    ------
    tracktr.ReadError
        If the file does not exist, is not ``.sav``/``.zsav``, or is corrupted.
    tracktr.InvalidOptionError
        If `prepare` is given without `survey`.
    tracktr.SurveyValidationError
        If a column of a tick-all-that-apply set that is read holds a value that is
        neither ticked nor not ticked (5 in a 0/1 set): every such value is listed, with
        its question, column and respondent, in ``.failures``.
    tracktr.MissingDependencyError
        Without pyreadstat (``pip install ".[spss]"`` from a clone).

    See Also
    --------
    survey_from_spss : Draft the codebook of the same file.

    Notes
    -----
    SPSS declares some codes of a variable user-missing (``MISSING VALUES q (8, 9)``);
    Stata has extended missing values ``.a`` to ``.z``. Such a code is not always a
    blank: "Don't know" is an answer, in the default base, and "Refused" is a missing
    kind of its own (:mod:`tracktr.missing`). Each user-missing code reads, by the first
    rule that holds:

    1. a code (or its value label) that `survey` declares under ``[missing]`` reads as
       that kind's marker (``refused = [8]`` gives ``"<refused>"``, ``skipped = [8]``
       ``"<skipped>"``), as :func:`read_csv` reads the same code; a Stata extended
       missing value is written ``".a"`` there;
    2. a code (or value label) of a don't know option of the `survey` question that
       holds the column reads as that option (its label; its code with
       ``labels=False``);
    3. a value label that says don't know ("Don't know", "Not sure", "Can't say")
       keeps the code, an answer (its label); a Stata extended missing value, which has
       no code, is blank instead, with a :class:`tracktr.TracktrWarning`;
    4. a value label that says refused ("Refused", "Declined", "Prefer not to say")
       reads as ``"<refused>"``; :func:`survey_from_spss` then declares the refused
       kind, and a codebook that does not is told so by
       :meth:`tracktr.Survey.prepare` (``undeclared_missing_kind``);
    5. any other code (no value label, or one such as "Not applicable" or "No answer")
       is blank, as a system-missing value: the file does not say which kind it is, so
       :meth:`tracktr.Survey.prepare` decides as for any blank cell, skipped or, where
       the codebook's routing did not ask the respondent, not asked. Declare the code
       under ``[missing]`` and pass `survey` to read it as another kind.

    Missing codes of the respondent id column stay blank.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import pyreadstat
    >>> import tracktr as tt
    >>> path = str(pathlib.Path(tempfile.mkdtemp()) / "members.sav")
    >>> pyreadstat.write_sav(
    ...     pd.DataFrame({"id": [1, 2, 3], "size": [1, 2, None]}), path,
    ...     column_labels={"size": "How large is your organisation?"},
    ...     variable_value_labels={"size": {1: "Small", 2: "Large"}})
    >>> tt.io.read_spss(path)
       id   size
    0   1  Small
    1   2  Large
    2   3   None

    Dates are read as ISO 8601 text; blanks stay blank (skipped):

    >>> import datetime
    >>> pyreadstat.write_sav(
    ...     pd.DataFrame({"id": [1, 2], "joined": [datetime.date(2019, 5, 1), None]}), path)
    >>> tt.io.read_spss(path)["joined"].tolist()
    ['2019-05-01', None]

    Prepared with their codebook, the conversions are listed among the changes:

    >>> members = tt.Survey.from_dict({"title": "Demo", "respondent_id": "id", "questions": [
    ...     {"id": "joined", "type": "text", "text": "When did you join?"}]})
    >>> prepared = tt.io.read_spss(path, survey=members, prepare=True)
    >>> prepared.changes[["respondent_id", "before", "after", "reason"]]
      respondent_id      before       after     reason
    0             1  2019-05-01  2019-05-01  date_cell
    1             2        None   <skipped>      blank

    User-missing codes labelled don't know stay answers, those labelled refused are
    refused, and the others (99 here) are blank:

    >>> pyreadstat.write_sav(
    ...     pd.DataFrame({"id": [1, 2, 3, 4], "q": [1, 8, 9, 99]}), path,
    ...     variable_value_labels={"q": {1: "Yes", 2: "No", 8: "Refused", 9: "Don't know"}},
    ...     missing_ranges={"q": [8, 9, 99]})
    >>> tt.io.read_spss(path)["q"].tolist()
    ['Yes', '<refused>', "Don't know", None]

    A codebook passed as `survey` decides for the codes it declares:

    >>> survey = tt.Survey.from_dict({"title": "Demo", "respondent_id": "id",
    ...     "missing": {"refused": [8], "not_asked": [99]},
    ...     "questions": [{"id": "q", "type": "single", "text": "Q?", "options": [
    ...         "Yes", "No", {"code": 9, "label": "Don't know", "dont_know": True}]}]})
    >>> tt.io.read_spss(path, survey=survey)["q"].tolist()
    ['Yes', '<refused>', "Don't know", '<not asked>']
    """
    data, dates = _reader(
        path, stata=False, labels=labels, columns=columns, encoding=encoding, survey=survey
    )
    return _prepared(data, dates, survey, str(path)) if prepare else data


@overload
def read_stata(
    path: str | os.PathLike[str],
    *,
    labels: bool = ...,
    columns: Sequence[str] | None = ...,
    encoding: str | None = ...,
    survey: Survey | None = ...,
    prepare: Literal[False] = ...,
) -> pd.DataFrame: ...


@overload
def read_stata(
    path: str | os.PathLike[str],
    *,
    labels: bool = ...,
    columns: Sequence[str] | None = ...,
    encoding: str | None = ...,
    survey: Survey | None = ...,
    prepare: Literal[True],
) -> Prepared: ...


def read_stata(
    path: str | os.PathLike[str],
    *,
    labels: bool = True,
    columns: Sequence[str] | None = None,
    encoding: str | None = None,
    survey: Survey | None = None,
    prepare: bool = False,
) -> pd.DataFrame | Prepared:
    """Read a Stata ``.dta`` file: the data, with their value labels.

    Parameters, result and the reading of extended missing values (``.a`` to ``.z``)
    as :func:`read_spss`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import pyreadstat
    >>> import tracktr as tt
    >>> path = str(pathlib.Path(tempfile.mkdtemp()) / "members.dta")
    >>> pyreadstat.write_dta(pd.DataFrame({"id": [1, 2], "size": [2, 1]}), path,
    ...                      variable_value_labels={"size": {1: "Small", 2: "Large"}})
    >>> tt.io.read_stata(path)["size"].tolist()
    ['Large', 'Small']
    >>> pyreadstat.write_dta(pd.DataFrame({"id": [1, 2], "size": [2, "r"]}), path,
    ...                      missing_user_values={"size": ["r"]},
    ...                      variable_value_labels={"size": {1: "Small", 2: "Large",
    ...                                                      "r": "Refused"}})
    >>> tt.io.read_stata(path)["size"].tolist()
    ['Large', '<refused>']
    >>> import datetime
    >>> pyreadstat.write_dta(pd.DataFrame({"id": [1], "joined": [datetime.date(2019, 5, 1)]}),
    ...                      path)
    >>> survey = tt.Survey.from_dict({"title": "Demo", "respondent_id": "id", "questions": [
    ...     {"id": "joined", "type": "text", "text": "When did you join?"}]})
    >>> tt.io.read_stata(path, survey=survey, prepare=True).changes["reason"].tolist()
    ['date_cell']
    """
    data, dates = _reader(
        path, stata=True, labels=labels, columns=columns, encoding=encoding, survey=survey
    )
    return _prepared(data, dates, survey, str(path)) if prepare else data


def survey_from_spss(
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    respondent_id: str | None = None,
    encoding: str | None = None,
) -> Survey:
    """Draft a codebook from an SPSS (or Stata) file's labels and response sets.

    Variable labels become question wording, value labels become options (codes and
    labels; labels such as "Don't know" are marked outside the scale), the ordinal
    measurement level makes an ordinal question, multiple-dichotomy sets (and runs of
    0/1 columns whose variable labels share a question text, "Where do you work? -
    Prison", "Where do you work? - Community") become tick-all-that-apply questions, such
    runs with other shared value labels grids, unlabelled numbers and text columns of
    amounts ("£5,000", "£5k") numeric questions and other strings text questions. Value
    labels that differ only by case, spacing or apostrophes are one option, listed in the
    question's note. Questions keep the order of the file.

    Text codes with value labels ("N" = "North") make a single (or ordinal) question
    whose options are numbered 1, 2, ... (text codes that are whole numbers keep them),
    as the note says. A scale whose labels name only some codes (1 = "Very poor", 5 =
    "Very good") has an option for each whole number answered between its labelled
    codes, labelled by the code ("2"), as the note says. A number whose only labels are
    for user-missing codes (99 =
    "Refused") is a numeric question, the missing codes named in its note (they read as
    blank). A date, time or datetime column is a text question (read as ISO 8601 text),
    its note saying so.

    Parameters
    ----------
    path : str or path
        A ``.sav``, ``.zsav`` or ``.dta`` file.
    title : str, optional
        The codebook's title (default: the file label, else the file name).
    respondent_id : str, optional
        The id column (default: one named like ``id`` or ``respondent_id``, else the
        first column).
    encoding : str, optional
        The file's text encoding, when it does not say.

    Returns
    -------
    Survey
        A draft: check the wording and types, then save it with ``survey.to_toml(path)``.

    Raises
    ------
    tracktr.ReadError
        If the file does not exist, is of another format, or is corrupted.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import pyreadstat
    >>> import tracktr as tt
    >>> path = str(pathlib.Path(tempfile.mkdtemp()) / "members.sav")
    >>> data = pd.DataFrame({"id": [1, 2], "size": [1, 2], "where_1": [1, 0], "where_2": [1, 1]})
    >>> pyreadstat.write_sav(data, path,
    ...     column_labels={"size": "How large is your organisation?",
    ...                    "where_1": "Where do you work? - Prison",
    ...                    "where_2": "Where do you work? - Community"},
    ...     variable_value_labels={"size": {1: "Small", 2: "Large", 9: "Don't know"},
    ...                            "where_1": {0: "No", 1: "Yes"}, "where_2": {0: "No", 1: "Yes"}},
    ...     variable_measure={"size": "ordinal"})
    >>> survey = tt.io.survey_from_spss(path)
    >>> [(q.id, q.type) for q in survey.questions]
    [('size', 'ordinal'), ('where', 'multi')]
    >>> survey.question("where").text, survey.question("where").labels
    ('Where do you work?', ('Prison', 'Community'))
    >>> survey.question("size").dont_know
    ("Don't know",)
    """
    stata = Path(path).suffix.lower() in _STATA
    frame, meta, _ = _read(path, stata=stata, encoding=encoding, stacklevel=5)
    rid = _respondent_id(frame, respondent_id, str(path))
    groups = _plan(frame, meta, rid)
    questions = tuple(_question(group, frame, meta) for group in groups)
    name = title or (getattr(meta, "file_label", None) or Path(path).stem)
    # read_spss() writes "<refused>" for the missing codes labelled refused: declared here
    # (without codes: the markers are written by the reader), so the draft accepts them.
    refused = any(_refusals(meta, c, stata=stata) for c in frame.columns if c != rid)
    missing: dict[MissingKind, tuple[Any, ...]] = {"refused": ()} if refused else {}
    return Survey(title=str(name), questions=questions, respondent_id=rid, missing=missing)

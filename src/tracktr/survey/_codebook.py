"""Reading and writing codebooks: mappings and TOML files, and their consistency checks."""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tracktr._atomic import atomic_write_text
from tracktr.exceptions import CodebookError
from tracktr.missing import MARKERS
from tracktr.survey._questions import (
    QUESTION_CLASSES,
    Band,
    GridQuestion,
    Item,
    MultiQuestion,
    NumericQuestion,
    Option,
    Question,
)
from tracktr.survey._routing import _KEYS as _SHAPES
from tracktr.survey._routing import Condition, Is, Not, condition_from_dict

__all__ = [
    "BAND_KEYS",
    "CONDITION_KEYS",
    "ITEM_KEYS",
    "OPTION_KEYS",
    "QUESTION_KEYS",
    "check_questions",
    "question_from_dict",
    "read_toml",
    "write_toml",
]

_COMMON = {"id", "type", "text", "options", "ask_if", "base", "source", "note", "inferred"}
_EXTRA = {
    "single": set(),
    "ordinal": set(),
    "text": set(),
    "multi": {"form", "separator"},
    "grid": {"items"},
    "numeric": {"min", "max", "integer", "bands"},
}

# Every key a codebook's questions may hold, listed here: the reader refuses any other, and
# the codebook reference page (docs/guide/codebook-reference.rst) is tested against these
# (and against the survey's top-level keys, ``tracktr.survey._survey._SURVEY_KEYS``).
QUESTION_KEYS: dict[str, frozenset[str]] = {
    kind: frozenset(_COMMON | extra) for kind, extra in _EXTRA.items()
}
"""The keys of a ``[[questions]]`` table, by question type."""
OPTION_KEYS = frozenset({"code", "label", "dont_know", "exclusive", "column"})
"""The keys of an option written as a table."""
ITEM_KEYS = frozenset({"id", "label", "column"})
"""The keys of a grid item written as a table."""
BAND_KEYS = frozenset({"label", "min", "max"})
"""The keys of a band of a numeric question."""
CONDITION_KEYS = frozenset({*_SHAPES, "in"})
"""The keys of a routing condition (``ask_if``)."""


def _fail(where: str, problem: str, hint: str) -> CodebookError:
    return CodebookError(f"{where}: {problem}\n\nHint: {hint}")


def _options(raw: object, *, where: str, qid: str) -> tuple[Option, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list | tuple):
        raise _fail(where, "`options` must be a list.", "list labels, or tables {code, label}.")
    built: list[Option] = []
    for position, entry in enumerate(raw, start=1):
        if isinstance(entry, str):
            built.append(Option(position, entry))
            continue
        if not isinstance(entry, Mapping) or "label" not in entry:
            raise _fail(
                where,
                f"option {position} ({entry!r}) has no label.",
                'write an option as "Label" or {code = 1, label = "Label"}.',
            )
        unknown = sorted(set(entry) - OPTION_KEYS)
        if unknown:
            raise _fail(
                where,
                f"option {entry['label']!r} has unknown keys {unknown}.",
                "an option may have code, label, dont_know, exclusive and column.",
            )
        code = entry.get("code", position)
        if isinstance(code, bool) or not isinstance(code, int):
            raise _fail(
                where,
                f"option {entry['label']!r} has a non-integer code {code!r}.",
                "codes are integers.",
            )
        built.append(
            Option(
                code,
                str(entry["label"]),
                dont_know=bool(entry.get("dont_know", False)),
                exclusive=bool(entry.get("exclusive", False)),
                column=None if entry.get("column") is None else str(entry["column"]),
            )
        )
    for option in built:
        if not option.label.strip() or option.label in MARKERS:
            raise _fail(
                where,
                f"question {qid!r} has the option label {option.label!r}, which reads as missing.",
                f"labels must be non-blank and differ from the missing markers {list(MARKERS)}.",
            )
    for attribute in ("label", "code"):
        seen: set[object] = set()
        for option in built:
            value = getattr(option, attribute)
            if value in seen:
                raise _fail(
                    where,
                    f"question {qid!r} has the duplicate option {attribute} {value!r}.",
                    f"give every option of {qid!r} its own {attribute}.",
                )
            seen.add(value)
    return tuple(built)


def _items(raw: object, *, where: str, qid: str) -> tuple[Item, ...]:
    if not isinstance(raw, list | tuple) or not raw:
        raise _fail(
            where,
            f"grid {qid!r} needs a non-empty list `items`.",
            "list item labels or tables {id, label}.",
        )
    built: list[Item] = []
    for position, entry in enumerate(raw, start=1):
        if isinstance(entry, str):
            built.append(Item(str(position), entry, f"{qid}_{position}"))
            continue
        if not isinstance(entry, Mapping) or "label" not in entry:
            raise _fail(
                where,
                f"item {position} of {qid!r} has no label.",
                'write {id = "x", label = "..."}.',
            )
        unknown = sorted(set(entry) - ITEM_KEYS)
        if unknown:
            raise _fail(
                where,
                f"item {entry['label']!r} of {qid!r} has unknown keys {unknown}.",
                f"an item may have {', '.join(sorted(ITEM_KEYS))}.",
            )
        item_id = str(entry.get("id", position))
        built.append(
            Item(item_id, str(entry["label"]), str(entry.get("column", f"{qid}_{item_id}")))
        )
    for attribute in ("id", "label", "column"):
        values = [getattr(i, attribute) for i in built]
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise _fail(
                where,
                f"grid {qid!r} has duplicate item {attribute}s {duplicates}.",
                "make items unique.",
            )
    return tuple(built)


def _number(value: object, *, where: str, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise _fail(where, f"`{name}` must be a number, got {value!r}.", f"write {name} = 0.")
    return value


def question_from_dict(  # noqa: PLR0912  (one branch per question type)
    mapping: Mapping[str, Any], *, source: str = "codebook"
) -> Question:
    """Build one question from its codebook mapping.

    Parameters
    ----------
    mapping : Mapping
        ``{id = ..., type = ..., text = ..., options = [...], ...}``.
    source : str
        Where the mapping comes from (a file name), for error messages.

    Returns
    -------
    Question
        An instance of the subclass named by ``type``.

    Raises
    ------
    tracktr.CodebookError
        If the type is unknown, a key does not belong to the type, or options are duplicated.

    Examples
    --------
    >>> from tracktr.survey import question_from_dict
    >>> mapping = {"id": "q", "type": "single", "text": "Q?", "options": ["A", "B"]}
    >>> question_from_dict(mapping).labels
    ('A', 'B')
    """
    if not isinstance(mapping, Mapping):
        raise _fail(
            source, f"a question must be a table, got {mapping!r}.", "write [[questions]] tables."
        )
    qid = mapping.get("id")
    if not isinstance(qid, str) or not qid:
        raise _fail(
            source,
            f"a question has no id: {dict(mapping)!r}.",
            'give every question an id = "snake_case".',
        )
    where = f"{source}, question {qid!r}"
    kind = mapping.get("type")
    if kind not in QUESTION_CLASSES:
        raise _fail(
            where,
            f"unknown question type {kind!r}.",
            f"use one of {', '.join(repr(k) for k in QUESTION_CLASSES)}.",
        )
    unknown = sorted(set(mapping) - _COMMON - _EXTRA[kind])
    if unknown:
        raise _fail(
            where,
            f"unknown keys {unknown} for a {kind} question.",
            f"a {kind} question takes {sorted(_COMMON | _EXTRA[kind])}.",
        )
    text = mapping.get("text")
    if not isinstance(text, str):
        raise _fail(
            where,
            "the question has no `text` (its wording).",
            'add text = "The question as asked".',
        )
    common: dict[str, Any] = {
        "id": qid,
        "text": text,
        "options": _options(mapping.get("options"), where=where, qid=qid),
        "ask_if": None
        if mapping.get("ask_if") is None
        else condition_from_dict(mapping["ask_if"], where=where),
        "base": mapping.get("base"),
        "source": mapping.get("source"),
        "note": mapping.get("note"),
        "inferred": bool(mapping.get("inferred", False)),
    }
    if kind in {"single", "ordinal", "multi", "grid"} and not common["options"]:
        raise _fail(where, f"a {kind} question needs options.", 'add options = ["...", "..."].')
    if kind == "multi":
        form = mapping.get("form", "indicator")
        if form not in ("indicator", "delimited"):
            raise _fail(
                where, f"unknown multi-response form {form!r}.", "use 'indicator' or 'delimited'."
            )
        separator = str(mapping.get("separator", ";"))
        clashing = [o.label for o in common["options"] if separator in o.label]
        if form == "delimited" and (not separator or clashing):
            raise _fail(
                where,
                f"the separator {separator!r} is empty or occurs in the labels {clashing}.",
                'choose a separator no label contains, e.g. separator = "|".',
            )
        return MultiQuestion(**common, form=form, separator=separator)
    if kind == "grid":
        return GridQuestion(**common, items=_items(mapping.get("items"), where=where, qid=qid))
    if kind == "numeric":
        bands = []
        for entry in mapping.get("bands", []) or []:
            if not isinstance(entry, Mapping) or "label" not in entry:
                raise _fail(
                    where, f"band {entry!r} has no label.", 'write {label = "Under 10", max = 10}.'
                )
            unknown = sorted(set(entry) - BAND_KEYS)
            if unknown:
                raise _fail(
                    where,
                    f"band {entry['label']!r} has unknown keys {unknown}.",
                    f"a band may have {', '.join(sorted(BAND_KEYS))}.",
                )
            bands.append(
                Band(
                    str(entry["label"]),
                    _number(entry.get("min"), where=where, name="min"),
                    _number(entry.get("max"), where=where, name="max"),
                )
            )
        labels = [b.label for b in bands]
        if len(set(labels)) != len(labels):
            raise _fail(
                where, f"duplicate band labels in {labels}.", "give every band its own label."
            )
        return NumericQuestion(
            **common,
            min=_number(mapping.get("min"), where=where, name="min"),
            max=_number(mapping.get("max"), where=where, name="max"),
            integer=bool(mapping.get("integer", False)),
            bands=tuple(bands),
        )
    return QUESTION_CLASSES[kind](**common)


def _leaves(condition: Condition) -> Iterable[Is]:
    if isinstance(condition, Is):
        yield condition
    elif hasattr(condition, "conditions"):
        for part in condition.conditions:
            yield from _leaves(part)
    elif isinstance(condition, Not):
        yield from _leaves(condition.condition)


def check_questions(questions: Sequence[Question], *, respondent_id: str, source: str) -> None:
    """Check ids, columns and routing of a list of questions; raise CodebookError if bad.

    Examples
    --------
    >>> import tracktr as tt
    >>> q = tt.SingleQuestion("a", "A?", options=tt.survey.options(["Yes"]))
    >>> tt.survey.check_questions([q, q], respondent_id="id", source="example")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.CodebookError: example, question 'a': duplicate question id 'a'...
    """
    by_id: dict[str, Question] = {}
    columns: dict[str, str] = {respondent_id: "the respondent id"}
    for question in questions:
        where = f"{source}, question {question.id!r}"
        if question.id in by_id:
            raise _fail(
                where, f"duplicate question id {question.id!r}.", "give every question its own id."
            )
        by_id[question.id] = question
        for column in question.columns:
            if column in columns:
                raise _fail(
                    where,
                    f"column {column!r} is also used by {columns[column]}.",
                    "rename the column or the question.",
                )
            columns[column] = f"question {question.id!r}"
    for question in questions:
        if question.ask_if is None:
            continue
        where = f"{source}, question {question.id!r}"
        for leaf in _leaves(question.ask_if):
            target = by_id.get(leaf.question)
            if target is None:
                raise _fail(
                    where,
                    f"routing names the unknown question {leaf.question!r}.",
                    f"route on one of {sorted(by_id)}.",
                )
            if target.type not in ("single", "ordinal", "multi"):
                raise _fail(
                    where,
                    f"routing on {leaf.question!r}, a {target.type} question.",
                    "route on single, ordinal or multi-response questions.",
                )
            unknown = [v for v in leaf.values if v not in target.labels]
            if unknown:
                raise _fail(
                    where,
                    f"routing names unknown options {unknown} of {leaf.question!r}.",
                    f"the options of {leaf.question!r} are {list(target.labels)}.",
                )
    _check_cycles(by_id, source=source)


def _check_cycles(by_id: Mapping[str, Question], *, source: str) -> None:
    state: dict[str, int] = {}  # 1 = on the path, 2 = done

    def visit(qid: str, path: list[str]) -> None:
        if state.get(qid) == 2:
            return
        if state.get(qid) == 1:
            cycle = [*path[path.index(qid) :], qid]
            raise _fail(
                f"{source}, question {qid!r}",
                f"routing cycle {' -> '.join(cycle)}.",
                "a question can only be routed on questions that do not depend on it.",
            )
        state[qid] = 1
        condition = by_id[qid].ask_if
        if condition is not None:
            for parent in dict.fromkeys(condition.questions()):
                visit(parent, [*path, qid])
        state[qid] = 2

    for qid in by_id:
        visit(qid, [])


def read_toml(path: str | Path) -> dict[str, Any]:
    """Read a TOML codebook; a syntax error names the file.

    Examples
    --------
    >>> import tracktr as tt
    >>> from tracktr.survey import read_toml
    >>> path = tt.surveys.path("tracktr_2015")
    >>> read_toml(path)["respondent_id"]
    'respondent_id'
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        msg = f"{path}: no such codebook file.\n\nHint: check the path."
        raise CodebookError(msg) from error
    except IsADirectoryError as error:
        msg = f"{path} is a directory, not a codebook.\n\nHint: give the path of the .toml file."
        raise CodebookError(msg) from error
    except OSError as error:
        msg = f"{path}: the codebook cannot be read ({error.strerror or error})."
        raise CodebookError(msg) from error
    try:
        text = raw.decode("utf-8-sig")  # TOML is UTF-8; a byte-order mark is harmless
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        msg = (
            f"{path}: the codebook is not UTF-8 text (byte {raw[error.start]:#04x} on line "
            f"{line}).\n\nHint: TOML files must be UTF-8; re-save it as UTF-8 (a Windows editor "
            "may have saved it as cp1252/'ANSI')."
        )
        raise CodebookError(msg) from error
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        msg = (
            f"{path}: the codebook is not valid TOML: {error}.\n\n"
            "Hint: check the quoting and brackets on that line."
        )
        raise CodebookError(msg) from error


# --- writing TOML (the standard library only reads it) ---------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    msg = f"cannot write {value!r} to TOML"
    raise TypeError(msg)


def _toml_key(key: str) -> str:
    if key and all(c.isalnum() or c in "_-" for c in key) and key.isascii():
        return key
    return json.dumps(key, ensure_ascii=False)


def _toml_array(name: str, values: list[Any]) -> list[str]:
    if not values or any(isinstance(v, Mapping | list) for v in values):
        lines = [f"{name} = ["]
        lines.extend(f"  {_toml_value(v)}," for v in values)
        lines.append("]")
        return lines
    return [f"{name} = {_toml_value(values)}"]


def write_toml(data: Mapping[str, Any], path: str | Path) -> None:  # noqa: PLR0912  (one branch per TOML form)
    """Write a codebook mapping as TOML: scalars, a ``[missing]`` table, ``[[questions]]``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from tracktr.survey import read_toml, write_toml
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.toml"
    >>> write_toml({"title": "T", "questions": [{"id": "q", "type": "text", "text": "Q?"}]}, path)
    >>> read_toml(path)["questions"][0]["id"]
    'q'
    """
    lines: list[str] = []
    tables: list[tuple[str, Mapping[str, Any]]] = []
    arrays: list[tuple[str, list[Mapping[str, Any]]]] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            arrays.append((key, value))
        elif isinstance(value, list):
            lines.extend(_toml_array(_toml_key(key), value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, table in tables:
        lines.extend(["", f"[{_toml_key(key)}]"])
        for name, value in table.items():
            if isinstance(value, list):
                lines.extend(_toml_array(_toml_key(name), value))
            else:
                lines.append(f"{_toml_key(name)} = {_toml_value(value)}")
    for key, entries in arrays:
        for entry in entries:
            lines.extend(["", f"[[{_toml_key(key)}]]"])
            for name, value in entry.items():
                if isinstance(value, list):
                    lines.extend(_toml_array(_toml_key(name), value))
                else:
                    lines.append(f"{_toml_key(name)} = {_toml_value(value)}")
    # Atomic: an error (a character UTF-8 cannot hold) leaves an existing codebook intact.
    atomic_write_text(path, "\n".join(lines) + "\n", encoding="utf-8")

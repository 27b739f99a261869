"""Reading codebooks: questions from mappings, and their consistency checks.

The TOML files themselves are read and written by :mod:`tracktr.survey._toml`.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from math import ceil, floor
from typing import Any

from tracktr._columns import repeated
from tracktr._numbers import parse_number
from tracktr._text import a_kind, printed_label
from tracktr.exceptions import CodebookError
from tracktr.missing import MARKERS
from tracktr.survey._cells import APOSTROPHES, sentinel_key
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
from tracktr.survey._routing import MAX_DEPTH, Condition, Is, Not, condition_from_dict, depth
from tracktr.survey._toml import read_toml, write_toml  # still importable from here

__all__ = [
    "BAND_KEYS",
    "CONDITION_KEYS",
    "ITEM_KEYS",
    "OPTION_KEYS",
    "QUESTION_KEYS",
    "check_missing_codes",
    "check_questions",
    "flag",
    "option_keys",
    "question_from_dict",
    "read_toml",
    "text_key",
    "write_toml",
]

_COMMON = {"id", "type", "text", "ask_if", "base", "source", "note", "inferred"}
# `options` belongs to the types that have options: on a numeric or text question it was
# kept and written back, but nothing read it.
_EXTRA = {
    "single": {"options", "nets", "scores"},
    "ordinal": {"options", "nets", "scores"},
    "text": set(),
    "multi": {"options", "form", "separator", "slots", "nets", "true", "false"},
    "grid": {"options", "items", "nets", "scores"},
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
CONDITION_KEYS = frozenset({*_SHAPES, "in", "item"})
"""The keys of a routing condition (``ask_if``)."""


def _fail(where: str, problem: str, hint: str) -> CodebookError:
    return CodebookError(f"{where}: {problem}\n\nHint: {hint}")


def _dont_know_hint(unknown: Sequence[str]) -> str:
    """Say where a question's don't know options are marked, when it was tried as a key."""
    if "dont_know" not in unknown:
        return ""
    return (
        " A don't know option is marked in the options: "
        'options = ["Low", "High", { label = "Don\'t know", dont_know = true }].'
    )


def flag(raw: object, *, where: str, key: str) -> bool:
    """Read a true/false key; absent (None) is false.

    Anything but a boolean is refused: ``bool("false")`` is True, so coercing the text
    would turn ``dont_know = "false"`` into a don't-know option.
    """
    if raw is None:
        return False
    if not isinstance(raw, bool):
        raise _fail(
            where,
            f"`{key}` must be true or false, got {raw!r}.",
            f"write {key} = true or {key} = false, without quotes.",
        )
    return raw


def text_key(raw: object, *, where: str, key: str) -> str | None:
    """Read a key that holds text; absent is None.

    Anything but text is refused rather than passed through ``str()``, which turned a list
    of column names into one column named "['member_id']".
    """
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise _fail(
            where,
            f"`{key}` must be text, got {raw!r} ({type(raw).__name__}).",
            f'quote it: {key} = "...".',
        )
    return raw


def option_keys(kind: str, form: str | None) -> frozenset[str]:
    """Return the option keys that take effect for a `kind` question (multi: in `form`).

    ``exclusive`` only means something in a tick-all-that-apply set and ``column`` only
    names a 1/0 column of the indicator form; elsewhere they were kept and did nothing.
    """
    keys = {"code", "label", "dont_know"}
    if kind == "multi":
        keys.add("exclusive")
        if form == "indicator":
            keys.add("column")
    return frozenset(keys)


def _options(
    raw: object, *, where: str, qid: str, allowed: frozenset[str] = OPTION_KEYS, what: str = ""
) -> tuple[Option, ...]:
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
                f"option {position} ({entry!r}) is not a label or a table with a label.",
                'write an option as "Label" or {code = 1, label = "Label"}.',
            )
        unknown = sorted(set(entry) - allowed)
        if unknown:
            known = "" if set(unknown) <= OPTION_KEYS else "unknown "
            raise _fail(
                where,
                f"option {entry['label']!r} has {known}keys {unknown}"
                + (f", which do nothing in {what}." if not known else "."),
                f"an option{' of ' + what if what else ''} may have {', '.join(sorted(allowed))}.",
            )
        code = entry.get("code", position)
        if not isinstance(entry["label"], str):
            raise _fail(
                where,
                f"option {position} has the label {entry['label']!r}, which is not text.",
                f'quote it: label = "{entry["label"]}".',
            )
        if isinstance(code, bool) or not isinstance(code, int):
            raise _fail(
                where,
                f"option {entry['label']!r} has a non-integer code {code!r}.",
                "codes are integers.",
            )
        at = f"{where}, option {entry['label']!r}"
        column = text_key(entry.get("column"), where=at, key="column")
        if column is not None and not column.strip():
            raise _fail(at, "`column` is blank.", "name the 1/0 column, or leave column out.")
        built.append(
            Option(
                code,
                entry["label"],
                dont_know=flag(entry.get("dont_know"), where=at, key="dont_know"),
                exclusive=flag(entry.get("exclusive"), where=at, key="exclusive"),
                column=column,
            )
        )
    _check_labels(built, where=where, qid=qid)
    return tuple(built)


def label_key(label: str) -> str:
    """Return how a label reads: compatibility form, case, spaces and invisibles ignored.

    Two labels with the same key print alike ("Yes" and "YES", "Yes" and a full-width
    "Ｙｅｓ", "Yes" and "Yes" followed by a zero-width space, "Don't" and "Don’t"), so
    one question cannot have both. Letters of other scripts that merely look Latin
    (Cyrillic "е") are not folded.
    """
    if label.isascii():
        # No ASCII character is a format (Cf) character, NFKC leaves ASCII as it is, and
        # casefold() of ASCII is lower(): the same key, without a look-up per character.
        return " ".join(label.lower().replace("`", "'").split())  # ` is an apostrophe too
    visible = "".join(c for c in label if unicodedata.category(c) != "Cf")
    # Apostrophe shapes (’ ʼ ` ´) print as one apostrophe to a reader, as the reading of
    # cells already takes them (tracktr.survey._cells.fold_label).
    # Before NFKC, which turns an acute accent (´) into a space and a combining accent.
    folded = unicodedata.normalize("NFKC", visible.translate(APOSTROPHES))
    return " ".join(folded.casefold().split())


def _trimmed(label: str) -> str:
    """Return the label without spaces or invisible (format) characters around it."""
    start, end = 0, len(label)
    while start < end and (label[start].isspace() or unicodedata.category(label[start]) == "Cf"):
        start += 1
    while end > start and (
        label[end - 1].isspace() or unicodedata.category(label[end - 1]) == "Cf"
    ):
        end -= 1
    return label[start:end]


_MARKER_KEYS = {label_key(m): m for m in MARKERS} | {label_key(m.strip("<>")): m for m in MARKERS}


def _check_labels(built: Sequence[Option], *, where: str, qid: str) -> None:
    for option in built:
        if not option.label.strip():
            raise _fail(
                where,
                f"question {qid!r} has the blank option label {option.label!r} "
                f"(code {option.code}), which reads as missing (a blank cell).",
                "give every option a label a reader can see.",
            )
        if option.label != _trimmed(option.label):
            raise _fail(
                where,
                f"question {qid!r} has the option label {option.label!r} with spaces (or "
                "invisible characters) around it; a cell without them would print the same.",
                f"write {_trimmed(option.label)!r}; survey.prepare() strips spaces around "
                "answers in the data.",
            )
        marker = _MARKER_KEYS.get(label_key(option.label))
        if marker is not None:
            raise _fail(
                where,
                f"question {qid!r} has the option label {option.label!r}, which reads as missing "
                f"(the marker {marker!r}).",
                f"declare missing codes under [missing] (they become {list(MARKERS)}); "
                "an option label must not look like one.",
            )
    for attribute in ("label", "code"):
        seen: dict[object, Option] = {}
        for option in built:
            value = getattr(option, attribute)
            key = label_key(value) if attribute == "label" else value
            if key in seen:
                first = getattr(seen[key], attribute)
                same = "the duplicate" if first == value else f"{first!r} and the look-alike"
                raise _fail(
                    where,
                    f"question {qid!r} has {same} option {attribute} {value!r}.",
                    f"give every option of {qid!r} its own {attribute}.",
                )
            seen[key] = option
    codes = {option.code: option for option in built}
    for option in built:
        as_number = parse_number(option.label)
        if isinstance(as_number, str) or not float(as_number).is_integer():
            continue
        other = codes.get(int(as_number))
        if other is not None and other is not option:
            raise _fail(
                where,
                f"the option label {option.label!r} (code {option.code}) is "
                f"also the code of the option {other.label!r}; a cell holding {option.label} "
                "could be either.",
                "code each option by the number its label shows (label '0' as code 0), "
                "or give the labels words.",
            )


def _missing_codes(
    missing: Mapping[Any, Sequence[Any]], *, source: str
) -> dict[tuple[str, Any], tuple[str, Any]]:
    """Return each missing code's key (as cells match it) -> (kind, code), refusing bad ones."""
    codes: dict[tuple[str, Any], tuple[str, Any]] = {}
    for kind, values in missing.items():
        for value in values:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise _fail(
                    f"{source}, [missing]",
                    f"the {kind} code {value!r} is not text or a number.",
                    'write missing codes as numbers or text, e.g. refused = [-98, "Refused"].',
                )
            if isinstance(value, float) and not math.isfinite(value):
                # NaN equals no cell, so the declaration did nothing; a blank cell is
                # already skipped (or not asked).
                raise _fail(
                    f"{source}, [missing]",
                    f"the {kind} code {value!r} is not a finite number; no cell would match it.",
                    "blank cells are skipped without being declared; write the code the "
                    "file uses, e.g. -98.",
                )
            key = sentinel_key(value)
            earlier = codes.get(key)
            if earlier is not None and earlier[0] != kind:
                # prepare() would read it as one of the two kinds, silently: the last declared.
                raise _fail(
                    f"{source}, [missing]",
                    f"the code {value!r} is declared as {kind} and as {earlier[0]} "
                    f"({earlier[1]!r}); prepare() could only read it as one of them.",
                    "give each missing kind its own code (e.g. skipped = [-99], refused = [-98]).",
                )
            codes[key] = (kind, value)
    return codes


def check_missing_codes(
    questions: Sequence[Question], missing: Mapping[Any, Sequence[Any]], *, source: str
) -> None:
    """Refuse missing codes that read as an answer, or as two kinds of missing.

    A code is refused when it is also an option's code or label, a tick (1/0), a valid
    answer of a bounded numeric question, or a code of another missing kind; and when it
    is not a finite number or text (NaN matches no cell).
    """
    codes = _missing_codes(missing, source=source)
    if not codes:
        return
    for question in questions:
        where = f"{source}, question {question.id!r}"
        if isinstance(question, NumericQuestion):
            _check_sentinels_outside_bounds(question, codes, where=where)
        for option in question.options:
            for name, shown in (("code", option.code), ("label", option.label)):
                clash = codes.get(sentinel_key(shown))
                if clash is not None:
                    kind, value = clash
                    raise _fail(
                        where,
                        f"the {kind} code {value!r} under [missing] is also the {name} of the "
                        f"option {option.label!r}; every {option.label!r} would read as {kind}.",
                        "choose a missing code no option uses (such as -99), or recode the option.",
                    )
        if isinstance(question, MultiQuestion) and question.form == "indicator":
            for tick in (0, 1):
                clash = codes.get(sentinel_key(tick))
                if clash is not None:
                    kind, value = clash
                    raise _fail(
                        where,
                        f"the {kind} code {value!r} under [missing] is also a tick (1/0) of "
                        "the multi-response columns; ticks would read as missing.",
                        "choose a missing code that is not 0 or 1, e.g. -99.",
                    )


def _check_sentinels_outside_bounds(
    question: NumericQuestion, codes: Mapping[tuple[str, Any], tuple[str, Any]], *, where: str
) -> None:
    """Refuse a numeric missing code that is also a valid answer of a bounded question.

    prepare() reads every cell holding the code as missing, so real answers of 99 would
    become refused. Without bounds every number is valid and nothing can be checked: the
    codes are read as missing, as declared (the codebook reference says so).
    """
    if question.min is None and question.max is None:
        return
    for (form, number), (kind, value) in codes.items():
        if form != "number" or not question.in_bounds(number):
            continue
        if question.integer and not float(number).is_integer():
            continue  # not a valid answer of a whole-number question
        raise _fail(
            where,
            f"the {kind} code {value!r} under [missing] is a valid answer of {question.id!r} "
            f"({question.bounds_text()}); every answer of {value!r} would read as {kind}.",
            "choose a missing code outside the bounds (such as -99), or narrow min/max.",
        )


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
        label = _label(entry["label"], where=where, what="item")
        at = f"{where}, item {label!r}"
        given_id = text_key(entry.get("id"), where=at, key="id")
        item_id = str(position) if given_id is None else given_id
        column = text_key(entry.get("column"), where=at, key="column")
        built.append(Item(item_id, label, f"{qid}_{item_id}" if column is None else column))
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


def _label(raw: object, *, where: str, what: str) -> str:
    """Read the label of an item or band: text, as printed (a number is refused, not str()-ed)."""
    if not isinstance(raw, str):
        raise _fail(
            where,
            f"the {what} label {raw!r} is not text.",
            f'quote it: label = "{raw}".',
        )
    return raw


def _number(value: object, *, where: str, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(
            where,
            f"`{name}` must be a finite number, got {value!r}.",
            f"write {name} = 0, or leave {name} out for no bound.",
        )
    return value


def _check_numeric(question: NumericQuestion, *, where: str) -> None:
    """Bounds in order, bands not empty and not overlapping (a value in two bands)."""
    if question.min is not None and question.max is not None and question.min > question.max:
        raise _fail(
            where,
            f"`min` {question.min} is above `max` {question.max}: no answer could be valid.",
            "swap them.",
        )
    low, high = question.min, question.max
    if question.integer and low is not None and high is not None and ceil(low) > floor(high):
        raise _fail(
            where,
            f"`integer` answers between `min` {low} and `max` {high}: no whole number lies "
            "there, so no answer could be valid.",
            "widen the bounds to hold a whole number, or leave `integer` out.",
        )
    for band in question.bands:
        if band.min is not None and band.max is not None and band.min >= band.max:
            raise _fail(
                where,
                f"band {band.label!r} holds nothing: min {band.min} is not below max {band.max}.",
                "a band holds min <= value < max.",
            )
    for i, first in enumerate(question.bands):
        for second in question.bands[i + 1 :]:
            low = max(-math.inf if b.min is None else b.min for b in (first, second))
            high = min(math.inf if b.max is None else b.max for b in (first, second))
            if low < high:
                raise _fail(
                    where,
                    f"bands {first.label!r} and {second.label!r} overlap: a value of {low:g} "
                    "falls in both.",
                    "a band holds min <= value < max; make each band start where another ends.",
                )


def _yes_no_codes(raw: object, *, where: str, key: str) -> tuple[str, ...]:
    """Read ``true = ["Oui"]`` / ``false = ["Non"]``: a list of codes, kept as text."""
    if raw is None:
        return ()
    listed = [raw] if isinstance(raw, str | int) and not isinstance(raw, bool) else raw
    if not isinstance(listed, list | tuple) or not listed:
        raise _fail(where, f"`{key}` must list codes.", f'write {key} = ["Oui"].')
    return tuple(str(v).strip() for v in listed)


def _nets(
    raw: object, options: tuple[Option, ...], *, where: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Read ``nets = {Agree = ["Strongly agree", "Agree"]}``: members must be options."""
    if not isinstance(raw, Mapping):
        raise _fail(where, "`nets` must be a table.", 'write nets = {Agree = ["A", "B"]}.')
    labels = [o.label for o in options]
    built: list[tuple[str, tuple[str, ...]]] = []
    for name, members in raw.items():
        listed = [members] if isinstance(members, str) else members
        if not isinstance(listed, list | tuple) or not listed:
            raise _fail(
                where, f"net {name!r} must list its options.", f'write {name} = ["A", "B"].'
            )
        unknown = [m for m in listed if m not in labels]
        if unknown:
            raise _fail(
                where,
                f"net {name!r} is made of {unknown}, which are not options.",
                f"make nets of the options {labels}.",
            )
        twice = repeated(listed)
        if twice:  # a net counts each respondent once: a member listed twice counts twice
            raise _fail(
                where, f"net {name!r} lists {twice} more than once.", "list each option once."
            )
        if name in labels or name in MARKERS:
            raise _fail(
                where,
                f"net {name!r} has the label of an option or a missing marker.",
                "give the net its own label.",
            )
        if printed_label(name).casefold() == "base":  # net_table's line of bases
            raise _fail(
                where,
                f"net {name!r} is labelled like the line of bases ('Base') every table prints, "
                "so a reader could not tell the one from the other.",
                f"give the net its own label, e.g. {str(name).strip() + ' (net)'!r}.",
            )
        # A blank name printed "NET:" with nothing after it; "X" and "X " two rows alike.
        alike = [n for n, _ in built if printed_label(n) == printed_label(name)]
        if not printed_label(name) or alike:
            problem = "has no label" if not printed_label(name) else f"prints as {alike[0]!r}"
            raise _fail(where, f"net {name!r} {problem}.", "give each net a label of its own.")
        built.append((str(name), tuple(str(m) for m in listed)))
    return tuple(built)


def _scores(
    raw: object, options: tuple[Option, ...], *, where: str
) -> tuple[tuple[str, float], ...]:
    """Read ``scores = {"Agree" = 2, ...}``: numbers for options on the scale."""
    if not isinstance(raw, Mapping):
        raise _fail(where, "`scores` must be a table.", 'write scores = {"Agree" = 1}.')
    by_label = {o.label: o for o in options}
    built = []
    for label, score in raw.items():
        option = by_label.get(label)
        if option is None:
            raise _fail(
                where,
                f"`scores` names {label!r}, which is not an option.",
                f"score the options {list(by_label)}.",
            )
        if option.dont_know:
            raise _fail(
                where,
                f"`scores` gives a score to {label!r}, which is outside the scale.",
                "leave don't know options out of `scores`: they are left out of the mean.",
            )
        if isinstance(score, bool) or not isinstance(score, int | float) or math.isnan(score):
            raise _fail(
                where, f"the score of {label!r} must be a number, got {score!r}.", "write 1."
            )
        built.append((str(label), float(score)))
    # An option on the scale without a score would leave its answers out of the mean
    # scores and their base, unseen.
    unscored = [o.label for o in options if not o.dont_know and o.label not in raw]
    if unscored:
        raise _fail(
            where,
            f"`scores` gives no score to {unscored}, which are on the scale: their answers "
            "would be left out of the mean and its base.",
            "score every option, and mark those outside the scale dont_know = true.",
        )
    return tuple(built)


def question_from_dict(  # noqa: PLR0912, PLR0915  (one branch per question type)
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
    if qid != qid.strip():
        raise _fail(
            where,
            "the id has spaces around it; a column header would not match it.",
            f"write id = {qid.strip()!r}.",
        )
    kind = mapping.get("type")
    if kind not in QUESTION_CLASSES:
        raise _fail(
            where,
            f"unknown question type {kind!r}.",
            f"use one of {', '.join(repr(k) for k in QUESTION_CLASSES)}.",
        )
    a_type = a_kind(kind)  # "an ordinal question"
    unknown = sorted(set(mapping) - _COMMON - _EXTRA[kind])
    if unknown:
        # A key of another type (options on a numeric question) is known but would do
        # nothing here: say so, rather than call it unknown.
        elsewhere = all(any(k in keys for keys in _EXTRA.values()) for k in unknown)
        raise _fail(
            where,
            f"the keys {unknown} do nothing for {a_type} question."
            if elsewhere
            else f"unknown keys {unknown} for {a_type} question.",
            f"{a_type} question takes {sorted(_COMMON | _EXTRA[kind])}." + _dont_know_hint(unknown),
        )
    text = mapping.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _fail(
            where,
            "the question has no `text` (its wording)"
            + ("." if text is None else f": got {text!r}."),
            'add text = "The question as asked"; tables print it as their title.',
        )
    # Checked here, before the options, whose keys depend on it; Any as read from the mapping.
    form: Any = mapping.get("form", "indicator") if kind == "multi" else None
    if form not in (None, "indicator", "delimited", "slots"):
        raise _fail(
            where,
            f"unknown multi-response form {form!r}.",
            "use 'indicator', 'delimited' or 'slots'.",
        )
    what = f"{a_type} question" + ("" if form is None else f" in {form} form")
    common: dict[str, Any] = {
        "id": qid,
        "text": text,
        "options": _options(
            mapping.get("options"),
            where=where,
            qid=qid,
            allowed=option_keys(kind, form),
            what=what,
        ),
        "ask_if": None
        if mapping.get("ask_if") is None
        else condition_from_dict(mapping["ask_if"], where=where),
        "base": text_key(mapping.get("base"), where=where, key="base"),
        "source": text_key(mapping.get("source"), where=where, key="source"),
        "note": text_key(mapping.get("note"), where=where, key="note"),
        "inferred": flag(mapping.get("inferred"), where=where, key="inferred"),
    }
    if kind in {"single", "ordinal", "multi", "grid"} and not common["options"]:
        raise _fail(where, f"{a_type} question needs options.", 'add options = ["...", "..."].')
    if "nets" in mapping:
        common["nets"] = _nets(mapping["nets"], common["options"], where=where)
    if "scores" in mapping:
        common["scores"] = _scores(mapping["scores"], common["options"], where=where)
    if kind == "multi":
        slots = _slots(mapping.get("slots"), form, where=where)
        if "separator" in mapping and form != "delimited":
            raise _fail(
                where,
                f"`separator` belongs to the delimited form; this set has form {form!r}.",
                'write form = "delimited" for one text column of ticked labels, '
                "or drop `separator`.",
            )
        given = text_key(mapping.get("separator"), where=where, key="separator")
        separator = ";" if given is None else given
        clashing = [o.label for o in common["options"] if separator in o.label]
        if form == "delimited" and (not separator or clashing):
            raise _fail(
                where,
                f"the separator {separator!r} is empty or occurs in the labels {clashing}.",
                'choose a separator no label contains, e.g. separator = "|".',
            )
        codes = {
            key: _yes_no_codes(mapping.get(key), where=where, key=key) for key in ("true", "false")
        }
        if (codes["true"] or codes["false"]) and (form != "indicator" or not codes["true"]):
            raise _fail(
                where,
                "`true` and `false` codes need an indicator set and at least one true code.",
                'write true = ["Oui"] and false = ["Non"] for a set with one column per option.',
            )
        clash = sorted(set(codes["true"]) & set(codes["false"]))
        if clash:
            raise _fail(
                where, f"codes {clash} are both true and false.", "give each code one meaning."
            )
        return MultiQuestion(
            **common,
            form=form,
            separator=separator,
            true_codes=codes["true"],
            false_codes=codes["false"],
            slots=slots,
        )
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
                    _label(entry["label"], where=where, what="band"),
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
            integer=flag(mapping.get("integer"), where=where, key="integer"),
            bands=tuple(bands),
        )
    return QUESTION_CLASSES[kind](**common)


def _leaves(condition: Condition) -> Iterable[Is]:
    stack: list[Condition] = [condition]
    while stack:
        node = stack.pop()
        if isinstance(node, Is):
            yield node
        elif isinstance(node, Not):
            stack.append(node.condition)
        else:
            stack.extend(reversed(node.conditions))


def _slots(raw: object, form: str, *, where: str) -> tuple[str, ...]:
    """Read the slot columns of a multi-response set in slots form (refused in other forms)."""
    if form != "slots":
        if raw not in (None, [], ()):
            raise _fail(
                where,
                f"`slots` belong to the slots form; this set has form {form!r}.",
                'write form = "slots" for category-coded slot columns, or drop `slots`.',
            )
        return ()
    if (
        not isinstance(raw, list | tuple)
        or not raw
        or not all(isinstance(c, str) and c.strip() for c in raw)
    ):
        raise _fail(
            where,
            f"a set in slots form needs `slots`, a list of column names; got {raw!r}.",
            'write slots = ["a1_1", "a1_2", "a1_3"], one column per slot, in order of mention.',
        )
    repeated = sorted({c for c in raw if list(raw).count(c) > 1})
    if repeated:
        raise _fail(where, f"slot columns {repeated} are listed twice.", "list each slot once.")
    return tuple(raw)


def _check_question(question: Question, *, where: str) -> None:
    """Give questions built in Python the checks a codebook mapping gets."""
    plain = [o for o in question.options if not isinstance(o, Option)]
    if plain:
        # Labels given as plain text met a bare AttributeError ('str' object has no
        # attribute 'label') in the first check that read one.
        raise _fail(
            where,
            f"options must be tracktr.survey.Option values; got {plain[:5]!r}.",
            f"build them with tt.survey.options({[str(o) for o in plain[:5]]!r}), which codes "
            "them 1, 2, ... in order.",
        )
    if question.options:
        _check_labels(question.options, where=where, qid=question.id)
    if isinstance(question, MultiQuestion):
        _slots(question.slots, question.form, where=where)
    if isinstance(question, NumericQuestion):
        _check_numeric(question, where=where)
    if isinstance(question, MultiQuestion) and question.form == "delimited":
        clashing = [o.label for o in question.options if question.separator in o.label]
        if not question.separator or clashing:
            raise _fail(
                where,
                f"the separator {question.separator!r} is empty or occurs in the labels "
                f"{clashing}.",
                'choose a separator no label contains, e.g. separator = "|".',
            )


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
    if not isinstance(respondent_id, str) or not respondent_id.strip():
        raise _fail(
            source,
            f"the respondent id column is {respondent_id!r}.",
            'name the column of respondent ids, e.g. respondent_id = "id".',
        )
    by_id: dict[str, Question] = {}
    columns: dict[str, str] = {respondent_id: "the respondent id"}
    for question in questions:
        where = f"{source}, question {question.id!r}"
        _check_question(question, where=where)
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
        if depth(question.ask_if) > MAX_DEPTH:
            raise _fail(
                where,
                f"the routing condition nests more than {MAX_DEPTH} levels of all/any/not.",
                "simplify it: not (not X) is X, and nested all/any can be one list.",
            )
        for leaf in _leaves(question.ask_if):
            target = by_id.get(leaf.question)
            if target is None:
                raise _fail(
                    where,
                    f"routing names the unknown question {leaf.question!r}.",
                    f"route on one of {sorted(by_id)}.",
                )
            if target.type not in ("single", "ordinal", "multi", "grid"):
                raise _fail(
                    where,
                    f"routing on {leaf.question!r}, a {target.type} question.",
                    "route on single, ordinal, multi-response or grid questions.",
                )
            _check_item(leaf, target, where)
            unknown = [v for v in leaf.values if v not in target.labels]
            if unknown:
                raise _fail(
                    where,
                    f"routing names unknown options {unknown} of {leaf.question!r}.",
                    f"the options of {leaf.question!r} are {list(target.labels)}.",
                )
    _check_cycles(by_id, source=source)


def _check_item(leaf: Is, target: Question, where: str) -> None:
    """Routing on a grid names one of its items (by id or label); other questions none."""
    if not isinstance(target, GridQuestion):
        if leaf.item is not None:
            raise _fail(
                where,
                f"routing names item {leaf.item!r} of {leaf.question!r}, which is not a grid.",
                "leave out `item` when routing on a question that is not a grid.",
            )
        return
    names = [i.id for i in target.items] + [i.label for i in target.items]
    if leaf.item is None or leaf.item not in names:
        found = "no item" if leaf.item is None else f"the unknown item {leaf.item!r}"
        raise _fail(
            where,
            f"routing on the grid {leaf.question!r} names {found}.",
            f"add item = one of {[i.id for i in target.items]} to the condition.",
        )


def routing_order(by_id: Mapping[str, Question]) -> list[str]:
    """Question ids with every routing question before the questions it routes.

    A depth-first walk with an explicit stack (no recursion, so a chain of thousands of
    routed questions is fine), keeping questionnaire order where routing allows. Raises
    ValueError with the cycle as its argument when routing is circular.
    """
    state: dict[str, int] = {}  # 1 = on the path, 2 = done
    order: list[str] = []
    for root in by_id:
        if state.get(root) == 2:
            continue
        path: list[str] = [root]
        state[root] = 1
        pending: list[list[str]] = [_parents(by_id, root)]
        while pending:
            if pending[-1]:
                parent = pending[-1].pop(0)
                if state.get(parent) == 2 or parent not in by_id:
                    continue
                if state.get(parent) == 1:
                    raise ValueError([*path[path.index(parent) :], parent])
                state[parent] = 1
                path.append(parent)
                pending.append(_parents(by_id, parent))
                continue
            pending.pop()
            done = path.pop()
            state[done] = 2
            order.append(done)
    return order


def _parents(by_id: Mapping[str, Question], qid: str) -> list[str]:
    condition = by_id[qid].ask_if
    return [] if condition is None else list(dict.fromkeys(condition.questions()))


def _check_cycles(by_id: Mapping[str, Question], *, source: str) -> None:
    try:
        routing_order(by_id)
    except ValueError as error:
        cycle: list[str] = error.args[0]
        raise _fail(
            f"{source}, question {cycle[0]!r}",
            f"routing cycle {' -> '.join(cycle)}.",
            "a question can only be routed on questions that do not depend on it.",
        ) from None

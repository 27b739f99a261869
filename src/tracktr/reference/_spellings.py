"""A figures file's usual spellings, refused with what was seen and what to write instead.

A figures file holds each figure as the digits a report prints, on purpose: ``n=151``,
``c. 40%``, ``0*``, a unicode minus or a full-width ``15％`` is never read as a number, since
guessing would check a figure the analyst did not mean. Where the reader
(:func:`tracktr.reference.read_figures`) refuses a cell for one of those spellings, or a
column a spreadsheet often has, these functions give the words it adds to its line: what the
cell holds, what the reader takes and what to write ("write the base as 151").

They take a cell's text and return words; they read nothing of the file, and import only the
file's vocabulary (:mod:`tracktr.reference._vocabulary`) and the verbal shares the checker
reads (:mod:`tracktr.reference._share_phrases`), so that the reader imports them without a
cycle, and :func:`tracktr.check.report`, which reads its file with the reader, gives the same
words.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from tracktr.exceptions import TracktrError
from tracktr.reference._share_phrases import _phrase_bounds
from tracktr.reference._vocabulary import _PRINTED_NUMBER, _QUALIFIERS, FILE_COLUMNS

__all__: list[str] = []

_READS = "digits 0-9, a point, a leading '-' and a trailing '%'"
"""What the reader takes as a printed number (`_PRINTED_NUMBER`, an optional ``%``)."""

_SPACED = re.compile(r"[+-]?\d{1,3}(?: \d{3})+(?:\.\d+)?", re.ASCII)
"""A number with spaces as thousands separators: "1 234" (a no-break space reads as one)."""

_GENERAL = (
    f"a figures file reads one printed number a cell ({_READS}); type it as the report prints it"
)
"""The advice for a cell with no digits, or several numbers: no usual spelling explains it."""

_MINUS = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")
"""Dashes and minus signs that look like the ASCII hyphen-minus a figures file reads."""

_APPROXIMATE = frozenset({"c", "ca", "circa", "approx", "~", "\u2248", "\u223c"}) | {
    word for word, claim in _QUALIFIERS.items() if claim == "about"
}
"""Words (their dots dropped) that make a number approximate: "c. 40%", "~40%"."""

_MARKS = frozenset("*\u2020\u2021\u00a7#")
"""Marks printed after a number: '*' (0* is above 0 but below 0.5%, or a footnote), dagger..."""


def _ascii_like(text: str) -> str:
    """Return `text` with look-alike characters as the ASCII a figures file reads.

    Digits of other scripts become 0-9, dashes and the unicode minus '-', full-width forms
    their ASCII, and unusual spaces a space; superscripts and every other character stay.
    """
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif ch in _MINUS:
            out.append("-")
        elif unicodedata.decimal(ch, None) is not None:
            out.append(str(unicodedata.decimal(ch)))
        elif "\uff01" <= ch <= "\uff5e":
            out.append(unicodedata.normalize("NFKC", ch))
        elif unicodedata.category(ch) == "Zs":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _named(ch: str) -> str:
    return f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'an unnamed character')})"


def _fix(name: str, number: str) -> str:
    """Return "write the base as 151", "write the item as 15" for a `values` item."""
    return (
        f"write the item as {number}" if name == "values item" else f"write the {name} as {number}"
    )


def _number_advice(name: str, text: str) -> str | None:
    """Return what `text`, a cell the reader refused as no number, holds and what to write.

    The words follow ``is not a number``: what was seen, what the checker reads, the fix.
    None when the cell holds no number, or several, that a usual spelling would explain.
    """
    like = _ascii_like(text)
    digits = like.strip().removesuffix("%").strip()
    if like != text and _PRINTED_NUMBER.fullmatch(digits):
        odd = list(dict.fromkeys(ch for ch in text if not ch.isascii()))
        shown = ", ".join(_named(ch) for ch in odd[:3]) + (", ..." if len(odd) > 3 else "")
        return (
            f"it holds {shown}, a look-alike of what a figures file reads ({_READS}, in "
            f"ASCII); {_fix(name, digits.lstrip('+'))}"
        )
    if _SPACED.fullmatch(digits):
        return (
            "it holds a space between digits (a thousands separator), and a figures file "
            f"reads digits with no separator; {_fix(name, digits.replace(' ', ''))}"
        )
    found = list(re.finditer(r"(?:[+-] *)?\d+(?:\.\d+)?", like))
    if len(found) != 1:
        return None
    match = found[0]
    number = match.group().replace(" ", "").lstrip("+")
    before = like[: match.start()].strip()
    after = like[match.end() :].strip()
    percent = after.startswith("%")
    after = after.removeprefix("%").strip()
    printed = f"{number}%" if percent else number
    if before and after:
        seen = f"{before!r} before {printed} and {after!r} after it"
    elif before or after:
        seen = f"{before!r} before {printed}" if before else f"{after!r} after {printed}"
    else:
        seen = "a space inside the number"
    word = " ".join(before.lower().replace(".", " ").split())
    if not before and (after in _MARKS or (len(after) == 1 and not after.isascii())):
        return _mark_advice(name, number, after, seen)
    if word in _APPROXIMATE or word in _QUALIFIERS:
        return _approximate_advice(name, printed, number, word, seen)
    if name in ("base", "count"):
        return (
            f"it holds {seen}, and a {name} is a number of respondents, digits 0-9 alone; "
            f"{_fix(name, number)}"
        )
    return f"it holds {seen}, and a figures file reads the printed number alone ({_READS}); " + (
        _fix(name, number)
    )


def _mark_advice(name: str, number: str, mark: str, seen: str) -> str:
    footnote = (
        f"if {mark!r} is a footnote or significance mark, {_fix(name, number)} and what it "
        "marks in `note`"
    )
    if mark != "*" or float(number) != 0:
        return f"it holds {seen}, a mark a figures file does not read; {footnote}"
    return (
        f"it holds {seen}: many survey tables print '*' for a share above 0 but below 0.5%, "
        "a bound rather than a printed number: then leave the row out, and `complete` blank "
        f"on its table or distribution; {footnote}"
    )


def _approximate_advice(name: str, printed: str, number: str, word: str, seen: str) -> str:
    if name == "base":
        return (
            f"it holds {seen}, an approximate base, and a base is a number of respondents "
            f"exactly as printed; {_fix(name, number)} if the report prints {number}, or "
            "leave base blank (the figure is then unchecked)"
        )
    qualifier = _QUALIFIERS.get(word, "about")
    if name == "count":
        said = word if word in _QUALIFIERS else "about"
        return (
            f"it holds {seen}, an approximate count, and a count is a number of respondents "
            f"as printed; {_fix(name, number)} and the qualifier {said!r} (checked against "
            "the figure it restates)"
        )
    phrase = f"{'around' if qualifier == 'about' else word} {number}%"
    try:
        if number.startswith("-"):  # no share of respondents is negative
            raise TracktrError(phrase)
        _phrase_bounds(phrase)
    except TracktrError:
        share = ""
    else:
        share = (
            f"give it kind 'share' with phrase {phrase!r} (checked against its count or base), or "
        )
    what = "an approximate figure" if qualifier == "about" else f"a figure qualified by {word!r}"
    return (
        f"it holds {seen}, {what}, and a percent or a cell is checked as "
        f"printed ({_READS}): {share}kind 'external' with value {number} and qualifier "
        f"{qualifier!r} (checked against the figure it restates); if the report prints "
        f"{printed} on its own, {_fix(name, number)}"
    )


def _whole_advice(name: str) -> str:
    """Return why a base or count with decimals cannot be checked, and what to write."""
    return (
        f"a {name} with decimals is a weighted {name} (a sum of weights), and the checker "
        "asks which whole numbers of respondents give each printed percentage, which a "
        f"weighted percentage need not be; leave {name} blank (the figure is then unchecked) "
        f"and put the weighted {name} in `note`, not the unweighted {name} in its place (a "
        "weighted percentage checked against it can be found impossible when it is not)"
    )


_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "base": (
        "n", "n=", "base n", "base size", "sample", "sample size", "size", "respondents",
        "unweighted base", "unweighted n", "total",
    ),
    "value": ("%", "pct", "percent", "per cent", "percentage", "value %", "figure %"),
    "kind": ("type", "figure type", "kind of figure", "figure kind"),
    "rule": ("rounding", "rounding rule", "round"),
    "count": ("number", "no", "frequency", "freq", "k", "number of respondents"),
    "claim": ("quote", "text", "printed text", "sentence", "statement"),
    "note": ("comment", "comments", "remark", "remarks"),
    "decimals": ("dp", "decimal places", "places", "precision"),
    "id": ("figure", "figure id", "name", "key", "ref"),
}  # fmt: skip
"""Columns a spreadsheet often has, and the figures file's column for each."""
_ALIASES = {alias: column for column, names in _COLUMN_ALIASES.items() for alias in names}
_WEIGHTED = frozenset({"weighted base", "weighted n", "wbase", "base weighted", "weighted"})
_WHAT: dict[str, str] = {
    "base": "a figures file calls the n= of a figure its base",
    "value": "the printed percentage is a figure's value",
    "count": "a printed number of respondents is a figure's count",
    "claim": "the printed text is a figure's claim",
}


def _column_advice(name: str, guess: str) -> str | None:
    """Return the words after "is not a column of a figures file", or None to keep them."""
    key = " ".join(re.sub(r"[^a-z0-9%=]+", " ", name.lower()).split())
    if key in _WEIGHTED:
        return (
            ": a weighted base cannot be checked (the checker asks which whole numbers of "
            "respondents give each printed percentage); leave the column out and put the "
            "weighted base in `note`"
        )
    column = _ALIASES.get(key) or (key if key in FILE_COLUMNS else None)
    if column is None:
        plain = key.replace("%", " ").replace("=", " ").strip()
        close = difflib.get_close_matches(plain, FILE_COLUMNS, n=1) if plain else []
        column = close[0] if close else None
    if column is None or (guess and f"{column!r}" in guess):
        return None
    what = _WHAT.get(column)
    return f" (did you mean {column!r}?{f' {what}' if what else ''})"


def _refused_number(name: str, text: str, hint: str) -> str:
    """Return the words after "is not a number" for a cell the reader refused.

    `hint` is the reader's own ("" for none, or its general one about digits): kept when no
    usual spelling explains `text`, replaced by the advice when one does; with neither, the
    general advice. A hint about anything else (``1,234``, ``<1%``) is the reader's to give.
    """
    advice = _number_advice(name, text)
    if advice is not None:
        return f": {advice}"
    return hint or f": {_GENERAL}"


def _refused_whole(name: str) -> str:
    """Return the words after "is not a whole number" for a base or a count, else ""."""
    return f": {_whole_advice(name)}" if name in ("base", "count") else ""


def _refused_column(name: str, guess: str) -> str:
    """Return the words after "is not a column of a figures file": the advice, or `guess`."""
    advice = _column_advice(name, guess)
    return guess if advice is None else advice

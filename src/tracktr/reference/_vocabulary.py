"""The words of a figures file: its columns, its qualifiers, a number as a report prints it.

A leaf module: the reader (:mod:`tracktr.reference._format`), its spelling advice
(:mod:`tracktr.reference._spellings`) and the checks (:mod:`tracktr.check`) read these,
and it imports nothing of tracktr, so that none of them imports another for them.
"""

from __future__ import annotations

import re

__all__ = ["FILE_COLUMNS"]

FILE_COLUMNS = (
    "id",
    "kind",
    "source",
    "section",
    "page",
    "question",
    "option",
    "group",
    "table",
    "row",
    "column",
    "value",
    "decimals",
    "count",
    "base",
    "rule",
    "phrase",
    "qualifier",
    "values",
    "parts",
    "complete",
    "axis",
    "restates",
    "numerator",
    "denominator",
    "of",
    "claim",
    "wording",
    "also_in",
    "note",
)
"""The columns of a figures file, in the order they are written."""


# The qualifiers an external figure may carry ("at least 225 organisations"), each read as
# one of a few claims about the number it restates.
_QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(("about", "around", "approximately", "roughly", "some", "circa"), "about"),
    **dict.fromkeys(("exactly", "precisely"), "exactly"),
    **dict.fromkeys(("at least", "no fewer than", "no less than"), "at_least"),
    **dict.fromkeys(("over", "more than", "above", "upwards of"), "over"),
    "just over": "just_over",
    **dict.fromkeys(("at most", "no more than", "up to"), "at_most"),
    **dict.fromkeys(("under", "less than", "fewer than", "below"), "under"),
    **dict.fromkeys(("almost", "nearly", "just under", "just below"), "almost"),
}


def _qualifier_word(text: str) -> str:
    """Return a qualifier as :data:`_QUALIFIERS` spells it: "At_least" is "at least"."""
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


_PRINTED_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
"""A number as a report prints it: digits, a point, a sign; no exponent or separator."""

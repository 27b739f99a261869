"""The verbal shares a figures file may hold ("just over a third"), as intervals of proportions.

:func:`_phrase_bounds` reads a phrase as :func:`tracktr.check.share` checks it: the vocabulary
of :mod:`tracktr.describe`, and the few phrases the 2016 report prints beyond it. It lives
beside the figures reader, whose spelling advice names a phrase only when the checker reads it
(:mod:`tracktr.reference._spellings`), and imports nothing of :mod:`tracktr.check`.
"""

from __future__ import annotations

import re
from fractions import Fraction

from tracktr._phrases import _exact_interval
from tracktr.exceptions import InvalidOptionError

# Phrases the 2016 report prints that tracktr.describe does not list: an equivalent phrase
# of its vocabulary, or the interval itself.
_EXTRA_PHRASES: dict[str, str | tuple[Fraction, Fraction, bool, bool]] = {
    "nearly all": "almost all",
    "a slim majority": (Fraction(1, 2), Fraction(3, 5), False, True),
    "slim majority": (Fraction(1, 2), Fraction(3, 5), False, True),
}
_WORD_PERCENT = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "ten": "10"}


def _phrase_bounds(phrase: str) -> tuple[Fraction, Fraction, bool, bool]:
    """Return (low, high, low inclusive, high inclusive): the proportions `phrase` covers.

    Raises :class:`tracktr.InvalidOptionError` for a phrase the checker does not read.
    """
    # Hyphens join words ("two-thirds"); a minus before a number ("-5%") is kept, to be
    # refused as a share below 0% rather than read as 5%.
    text = " ".join(re.sub(r"(?<=\S)-|-(?!\d)", " ", phrase.lower()).split())
    text = text.removeprefix("only ").removeprefix("a further ")
    for word, digits in _WORD_PERCENT.items():
        text = text.replace(f"{word} percent", f"{digits}%")
    extra = _EXTRA_PHRASES.get(text, text)
    if isinstance(extra, tuple):
        return extra
    # The exact interval, not describe.phrase_interval's floats: float(1/3) is below a
    # third, so "over a third" passed for exactly 50 of 150.
    try:
        return _exact_interval(extra)
    except InvalidOptionError:
        return _exact_interval(phrase)  # its own message

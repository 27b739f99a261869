"""The words of shares and ratios: landmarks, modifiers and how a printed phrase is read.

Data and parsing only, for :mod:`tracktr.describe`, which documents the phrases and the
proportions they cover, chooses phrases and checks them: a share phrase ("just over a
third") is read into the interval of proportions it covers (:func:`_exact_interval`), a
ratio claim ("almost four times less likely") by the patterns below.
"""

from __future__ import annotations

import re
from fractions import Fraction

from tracktr.exceptions import InvalidOptionError

__all__ = ["AROUND", "BEYOND", "EXACT"]

EXACT = Fraction(2, 100)
"""A bare landmark ("a third") covers values this close to it."""
AROUND = Fraction(3, 100)
""""Around X" covers values this close to X; "just over/under X" this far on one side."""
BEYOND = Fraction(8, 100)
""""Over X" and "under X" cover values up to this far beyond X."""

_ZERO, _ONE = Fraction(0), Fraction(1)
_Bounds = tuple[Fraction, Fraction, bool, bool]

# Landmarks: value, the name describe_share uses, and other names a report may print.
_LANDMARKS: tuple[tuple[Fraction, str, tuple[str, ...]], ...] = (
    (Fraction(1, 10), "one in ten", ("a tenth", "one tenth", "1 in 10")),
    (Fraction(1, 6), "one in six", ("a sixth", "one sixth", "1 in 6")),
    (Fraction(1, 5), "a fifth", ("one fifth", "one in five", "1 in 5", "2 in 10")),
    (Fraction(1, 4), "a quarter", ("one quarter", "one in four", "1 in 4")),
    (Fraction(3, 10), "3 in 10", ("three in ten",)),
    (Fraction(1, 3), "a third", ("one third", "one in three", "1 in 3")),
    (Fraction(2, 5), "two fifths", ("4 in 10", "four in ten")),
    (Fraction(1, 2), "half", ("one half", "a half", "one in two", "5 in 10")),
    (Fraction(3, 5), "three fifths", ("6 in 10", "six in ten")),
    (Fraction(2, 3), "two thirds", ("2 in 3", "two in three")),
    (Fraction(7, 10), "7 in 10", ("seven in ten",)),
    (Fraction(3, 4), "three quarters", ("3 in 4", "three in four")),
    (Fraction(4, 5), "four fifths", ("8 in 10", "eight in ten")),
    (Fraction(9, 10), "9 in 10", ("nine in ten", "nine tenths")),
)

# modifier -> (low offset, high offset, low inclusive, high inclusive)
_MODIFIERS: dict[str, _Bounds] = {
    "": (-EXACT, EXACT, True, True),
    "around": (-AROUND, AROUND, True, True),
    "about": (-AROUND, AROUND, True, True),
    "roughly": (-AROUND, AROUND, True, True),
    "approximately": (-AROUND, AROUND, True, True),
    "some": (-AROUND, AROUND, True, True),
    "just over": (_ZERO, AROUND, False, True),
    "just above": (_ZERO, AROUND, False, True),
    "slightly over": (_ZERO, AROUND, False, True),
    "slightly more than": (_ZERO, AROUND, False, True),
    "a little over": (_ZERO, AROUND, False, True),
    "just more than": (_ZERO, AROUND, False, True),
    "just under": (-AROUND, _ZERO, True, False),
    "just below": (-AROUND, _ZERO, True, False),
    "slightly under": (-AROUND, _ZERO, True, False),
    "slightly less than": (-AROUND, _ZERO, True, False),
    "just less than": (-AROUND, _ZERO, True, False),
    "almost": (-AROUND, _ZERO, True, False),
    "nearly": (-AROUND, _ZERO, True, False),
    "not quite": (-AROUND, _ZERO, True, False),
    "over": (_ZERO, BEYOND, False, True),
    "more than": (_ZERO, BEYOND, False, True),
    "above": (_ZERO, BEYOND, False, True),
    "under": (-BEYOND, _ZERO, True, False),
    "less than": (-BEYOND, _ZERO, True, False),
    "fewer than": (-BEYOND, _ZERO, True, False),
    "below": (-BEYOND, _ZERO, True, False),
    # The landmark itself included: "at least half" is true of 50%, "over half" is not.
    "at least": (_ZERO, BEYOND, True, True),
    "no less than": (_ZERO, BEYOND, True, True),
    "no fewer than": (_ZERO, BEYOND, True, True),
    "at most": (-BEYOND, _ZERO, True, True),
    "no more than": (-BEYOND, _ZERO, True, True),
}

# Stand-alone phrases: (low, high, low inclusive, high inclusive).
_ALONE: dict[str, _Bounds] = {
    "none": (_ZERO, _ZERO, True, True),
    "no one": (_ZERO, _ZERO, True, True),
    "all": (_ONE, _ONE, True, True),
    "everyone": (_ONE, _ONE, True, True),
    "very few": (_ZERO, Fraction(5, 100), False, False),
    "almost all": (Fraction(95, 100), _ONE, False, False),
    "almost everyone": (Fraction(95, 100), _ONE, False, False),
    "the majority": (Fraction(1, 2), _ONE, False, True),
    "a majority": (Fraction(1, 2), _ONE, False, True),
    "most": (Fraction(1, 2), _ONE, False, True),
    "the vast majority": (Fraction(8, 10), _ONE, True, True),
    "a minority": (_ZERO, Fraction(1, 2), True, False),
    "a small minority": (_ZERO, Fraction(15, 100), False, False),
}

_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}

_PERCENT = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(?:%|per ?cent)$")


def _normalise(phrase: str) -> str:
    text = phrase.lower().strip().rstrip(".,;:")
    # "two-thirds" -> "two thirds"; a minus before a number ("around -5%", also U+2212) is
    # kept, so that the share is refused as negative rather than read as 5%.
    text = re.sub(r"(?<=\S)[-‐‑–—−]|[-‐‑–—−](?!\d)", " ", text).replace("−", "-")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"^only ", "", text)


def _landmark_value(name: str) -> Fraction | None:
    for value, main, others in _LANDMARKS:
        if name in (main, *others):
            return value
    words = name.split(" ")
    if len(words) == 3 and words[1] == "in":  # "N in M" in digits or words
        n, m = (_NUMBER_WORDS.get(w, w) for w in (words[0], words[2]))
        if n.isdigit() and m.isdigit() and int(m) > 0:
            share = Fraction(int(n), int(m))
            return _share_of_all(share, f"{name!r} is {float(100 * share):g}%, which")
    match = _PERCENT.match(name)
    if match:
        return _share_of_all(Fraction(match.group(1)) / 100, f"the percentage {match.group(1)}")
    return None


def _share_of_all(value: Fraction, said: str) -> Fraction:
    """Return `value`, a share of everyone; refuse one below 0% or above 100%.

    Clipped to [0, 1], "around 140%" would cover an inverted interval and "around -5%"
    another share; as the figures file's `value` column does, such a number is refused.
    """
    if not 0 <= value <= 1:
        msg = f"{said} is not between 0 and 100."
        raise InvalidOptionError(msg)
    return value


def _exact_interval(phrase: str) -> _Bounds:
    text = _normalise(phrase)
    if text in _ALONE:
        return _ALONE[text]
    for modifier in sorted(_MODIFIERS, key=len, reverse=True):
        if modifier and not text.startswith(modifier + " "):
            continue
        rest = text[len(modifier) :].strip() if modifier else text
        value = _landmark_value(rest)
        if value is None:
            continue
        low_offset, high_offset, low_in, high_in = _MODIFIERS[modifier]
        low, high = max(_ZERO, value + low_offset), min(_ONE, value + high_offset)
        if low == high and not (low_in and high_in):
            # "over 100%", "under 0%": beyond every share; clipped, an empty interval.
            msg = f"{phrase!r} is no share between 0% and 100%."
            raise InvalidOptionError(msg)
        return low, high, low_in, high_in
    msg = f"{phrase!r} is not a share phrase tracktr knows."
    hint = (
        "Hint: use a modifier ('just over', 'almost', 'around', 'over', ...) and a landmark "
        "('a third', '7 in 10', 'half', '15%'); tt.describe.share_phrases() lists them."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


# -- ratio claims ------------------------------------------------------------------------------

_RATIO = re.compile(
    r"^(?:(?P<mod>almost|nearly|just under|not quite|over|more than|just over|around|about"
    r"|roughly|some) )?(?:(?P<twice>twice)|(?P<num>\d+(?:\.\d+)?|[a-z]+) times)"
    r" (?P<dir>as likely|as many|as much|more likely|more|less likely|less|fewer)\b"
)
_SAME = re.compile(r"^(?:about|roughly|around|just|equally)? ?(?:as likely|as many|as much|likely)")
_SHARE_CHANGE = re.compile(r"^(?P<num>\d+(?:\.\d+)?)% (?P<dir>less likely|fewer|more likely|more)")
_TIMES_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

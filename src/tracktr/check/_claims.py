"""Claims in words: ratios ("three times as likely") and shares ("a third")."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

from tracktr import describe
from tracktr.check._units import _exact, _fmt_number, _places
from tracktr.exceptions import InvalidOptionError
from tracktr.reference._share_phrases import _phrase_bounds
from tracktr.typing import RatioQualifier, Verdict, check_choice

_STRETCH = Fraction(3, 100)
"""A share phrase missing its value by at most this much is "doubtful", not "inconsistent"."""


# -- ratio and share ------------------------------------------------------------------------


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
class RatioCheck:
    """Whether a printed ratio ("2.5 times more likely") is true of two values.

    Attributes
    ----------
    claim : float
        The printed ratio.
    qualifier : RatioQualifier
        How it is claimed: ``"about"``, ``"over"``, ``"at_least"``, ``"under"``, ``"almost"``.
    p1, p2 : float
        The two values compared (proportions, percentages or counts), ``p1 / p2``.
    ratio : float
        ``p1 / p2``, computed exactly and shown as a float.
    holds : bool
        Whether the claim is true of the ratio at its printed precision.
    low, high : float
        The ratios the claim covers (``high`` is ``inf`` for "over").
    loosely : bool
        Whether the claim holds by the looser reading of
        :func:`tracktr.describe.ratio_holds` ("k times" within 10% of k).

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.check.ratio(4, 35 / 151, 2 / 34, qualifier="almost").holds
    True
    """

    claim: float
    qualifier: RatioQualifier
    p1: float
    p2: float
    ratio: float
    holds: bool
    low: float
    high: float
    loosely: bool = False

    @property
    def verdict(self) -> Verdict:
        """Return ``"consistent"``, ``"doubtful"`` (holds only loosely) or ``"inconsistent"``."""
        if self.holds:
            return "consistent"
        return "doubtful" if self.loosely else "inconsistent"

    @property
    def explanation(self) -> str:
        """One line comparing the claim with the ratio."""
        words = {
            "about": "about",
            "over": "over",
            "at_least": "at least",
            "under": "under",
            "almost": "almost",
        }[self.qualifier]
        claim = f"{words} {_fmt_number(self.claim, 3)} times"
        actual = _fmt_number(self.ratio, 2)
        if self.holds:
            return f"'{claim}' holds: the ratio is {actual}."
        side = "above" if self.high != math.inf and self.ratio >= self.high else "below"
        loose = " (it holds loosely, within 10%)" if self.loosely else ""
        return (
            f"'{claim}' does not hold: the ratio is {actual}, {side} what the claim covers{loose}."
        )

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame of the fields.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.ratio(3, 0.35, 0.10, qualifier="over").to_frame()["ratio"].round(2).tolist()
        [3.5]
        """
        return pd.DataFrame(
            [
                (
                    self.claim,
                    self.qualifier,
                    self.p1,
                    self.p2,
                    self.ratio,
                    self.holds,
                    self.low,
                    self.high,
                    self.loosely,
                    self.verdict,
                )
            ],
            columns=[
                "claim",
                "qualifier",
                "p1",
                "p2",
                "ratio",
                "holds",
                "low",
                "high",
                "loosely",
                "verdict",
            ],
        )

    def __repr__(self) -> str:
        verdict = "holds" if self.holds else "does not hold"
        return (
            f"RatioCheck({self.qualifier} {_fmt_number(self.claim, 3)}x vs "
            f"{_fmt_number(self.ratio, 3)}: {verdict})"
        )


def _ratio_bounds(claim: Fraction, qualifier: str) -> tuple[Fraction, Fraction, bool, bool]:
    half_step = Fraction(1, 2 * 10 ** _places(claim))
    if qualifier == "about":
        return claim - half_step, claim + half_step, True, False
    if qualifier == "over":
        return claim, Fraction(10**12), False, True
    if qualifier == "at_least":
        return claim, Fraction(10**12), True, True
    if qualifier == "under":
        return Fraction(0), claim, True, False
    return claim - half_step, claim, True, False  # almost


def _inside(value: Fraction, bounds: tuple[Fraction, Fraction, bool, bool]) -> bool:
    low, high, low_in, high_in = bounds
    return (value >= low if low_in else value > low) and (
        value <= high if high_in else value < high
    )


def ratio(
    claim_value: float,
    p1: Any,
    p2: Any,
    *,
    qualifier: RatioQualifier = "about",
) -> RatioCheck:
    """Return whether "`claim_value` times" is true of ``p1 / p2``.

    Parameters
    ----------
    claim_value : float
        The printed ratio: 2.5 for "2.5 times more likely", 4 for "four times less likely"
        (pass the larger value as `p1`).
    p1, p2 : number
        The values compared, exactly as proportions, percentages or counts
        (:class:`fractions.Fraction` keeps them exact). `p2` must be positive.
    qualifier : {"about", "over", "at_least", "under", "almost"}, default "about"
        ``"about"``: the ratio rounds to the claim at the claim's printed precision
        (2.5 covers 2.45 to 2.55; "three times" 2.5 to 3.5). ``"over"``: above it.
        ``"almost"``: below it by at most half a unit of that precision (3.5 to 4 for
        "almost four times"). `loosely` on the result applies the looser reading of
        :func:`tracktr.describe.ratio_holds`.

    Returns
    -------
    RatioCheck

    Raises
    ------
    tracktr.InvalidOptionError
        If `claim_value` is not positive, a value is negative or `p2` is zero.
    tracktr.UnknownMethodError
        If `qualifier` is unknown.

    See Also
    --------
    tracktr.describe.describe_ratio : write a ratio in words.

    Examples
    --------
    Table 3: CRC-funded respondents "were 2.5 times more likely to have an income of over
    £5 million" (12 of 34) than respondents as a whole (20 of 151):

    >>> from fractions import Fraction
    >>> import tracktr as tt
    >>> c = tt.check.ratio(2.5, Fraction(12, 34), Fraction(20, 151))
    >>> c.holds, round(c.ratio, 2), c.verdict
    (False, 2.66, 'doubtful')
    >>> print(c.explanation)  # doctest: +NORMALIZE_WHITESPACE
    'about 2.5 times' does not hold: the ratio is 2.66, above what the claim covers
    (it holds loosely, within 10%).
    """
    check_choice(qualifier, RatioQualifier, name="qualifier")
    claim = _exact(claim_value, "claim_value")
    if claim <= 0:
        msg = f"`claim_value` must be positive; got {claim_value!r}."
        raise InvalidOptionError(msg)
    a, b = _exact(p1, "p1"), _exact(p2, "p2")
    if a < 0 or b <= 0:
        msg = f"`p1` must be 0 or more and `p2` positive; got p1={p1!r}, p2={p2!r}."
        hint = "Hint: a ratio to a share of zero is undefined."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    value = a / b
    bounds = _ratio_bounds(claim, qualifier)
    high = math.inf if qualifier in ("over", "at_least") else float(bounds[1])
    holds = _inside(value, bounds)
    return RatioCheck(
        claim=float(claim),
        qualifier=qualifier,
        p1=float(a),
        p2=float(b),
        ratio=float(value),
        holds=holds,
        low=float(bounds[0]),
        high=high,
        loosely=holds or _ratio_loosely(claim, qualifier, a, b),
    )


def _ratio_loosely(claim: Fraction, qualifier: str, a: Fraction, b: Fraction) -> bool:
    """Apply :func:`tracktr.describe.ratio_holds`, which reads a claim less strictly."""
    words = {"about": "", "over": "over ", "almost": "almost "}.get(qualifier)
    if words is None or a == 0:
        return False
    top = max(a, b)  # ratio_holds takes shares: scale both into (0, 1]
    number = f"{float(claim):g}"
    return describe.ratio_holds(f"{words}{number} times as likely", a / top, b / top)


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
class ShareCheck:
    """Whether a verbal share ("just over a third") is true of a proportion.

    The phrases and the proportions they cover are those of :mod:`tracktr.describe`
    (:func:`tracktr.describe.share_phrases`).

    Attributes
    ----------
    phrase : str
        The phrase as printed.
    proportion : float
        The proportion it describes, 0 to 1.
    holds : bool
        Whether the phrase is true of it.
    low, high : float
        The proportions the phrase covers.
    low_inclusive, high_inclusive : bool
        Whether `low` and `high` themselves are covered.
    distance : float
        How far `proportion` lies outside the phrase's interval (0 when it holds).
    understated : bool
        Whether an open-ended phrase ("over half", "less than a quarter") is true as
        written of a proportion past the interval it is written of ("over half" of 70%):
        doubtful, never inconsistent. :mod:`tracktr.describe` still writes the phrase only
        of its interval.
    comparison : bool
        Whether the phrase compares the value with its landmark ("over half", "at least
        half", "less than a quarter", "the majority", "a minority"), or claims every one
        or none ("all", "none"): such a phrase that does not hold is false as written (50%
        is not over half, however near; 49.7% is not at least half; 99% is not all), so
        inconsistent, where a looser phrase ("almost a third") missing by 3 points or less
        is doubtful.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.check.share("just over a third", 36 / 104).holds
    True
    """

    phrase: str
    proportion: float
    holds: bool
    low: float
    high: float
    low_inclusive: bool
    high_inclusive: bool
    distance: float
    understated: bool = False
    comparison: bool = False

    @property
    def verdict(self) -> Verdict:
        """Return ``"consistent"``, ``"doubtful"`` (near, or understated), ``"inconsistent"``.

        Doubtful: within 3 points of the phrase's interval, or an open-ended phrase true as
        written ("over half" of 70%). A comparison on the wrong side of its landmark
        ("over half" of 50%, or of 75 of 151, printed 50%) is inconsistent.
        """
        if self.holds:
            return "consistent"
        if self.understated:
            return "doubtful"
        if self.comparison:
            return "inconsistent"
        return "doubtful" if self.distance <= float(_STRETCH) else "inconsistent"

    @property
    def explanation(self) -> str:
        """One line: the phrase, the proportions it covers and the value."""
        covers = f"{100 * self.low:.1f}%-{100 * self.high:.1f}%"
        value = f"{100 * self.proportion:.1f}%"
        if self.holds:
            return f"'{self.phrase}' ({covers}) holds for {value}."
        said = f": {UNDERSTATED}" if self.understated else ""
        said = f": {FALSE_AS_WRITTEN}" if self.comparison and not said else said
        return f"'{self.phrase}' covers {covers}; the value is {value}{said}."

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame of the fields and the verdict.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.share("almost half", 0.48).to_frame()["verdict"].tolist()
        ['consistent']
        """
        return pd.DataFrame(
            [
                (
                    self.phrase,
                    self.proportion,
                    self.holds,
                    self.low,
                    self.high,
                    self.low_inclusive,
                    self.high_inclusive,
                    self.distance,
                    self.verdict,
                )
            ],
            columns=[
                "phrase",
                "proportion",
                "holds",
                "low",
                "high",
                "low_inclusive",
                "high_inclusive",
                "distance",
                "verdict",
            ],
        )

    def __repr__(self) -> str:
        return f"ShareCheck({self.phrase!r}, {self.proportion:.4g}: {self.verdict})"


# Phrases open on one side: true as written of any value past their landmark, although
# tracktr.describe writes them only of values up to 8 points past it.
_OPEN_ABOVE = ("over", "more than", "above", "at least", "no less than", "no fewer than")
_OPEN_BELOW = ("under", "less than", "fewer than", "below", "at most", "no more than")
UNDERSTATED = "true as written, but understated"
FALSE_AS_WRITTEN = "false as written, on the wrong side of its landmark"

# Phrases that compare with one half, as "over half" does.
_HALF_COMPARISONS = ("the majority", "a majority", "most", "a minority")


def _comparison(phrase: str) -> bool:
    """Whether `phrase` compares with its landmark: "over half", "at most a third", "all".

    Such a phrase is false of every value on the other side of its landmark (and at it,
    when strict); what it does not cover on its own side, it understates
    (:func:`_literal_bounds`).
    """
    text = " ".join(phrase.lower().replace("-", " ").split())
    text = text.removeprefix("only ").removeprefix("a further ")
    return (
        text in _HALF_COMPARISONS
        or any(text.startswith(f"{word} ") for word in (*_OPEN_ABOVE, *_OPEN_BELOW))
        or _absolute(phrase)
    )


def _absolute(phrase: str) -> bool:
    """Whether `phrase` claims every one or none ("all", "everyone", "none", "no one").

    Such a claim allows no exception: 148 of 151 is not "all", however near, so it is
    false as written, not a loose phrase missing by a few points.
    """
    low, high, _, _ = _phrase_bounds(phrase)
    return low == high and low in (0, 1)


def _literal_bounds(phrase: str) -> tuple[Fraction, Fraction, bool, bool] | None:
    """Return the proportions an open-ended phrase is literally true of, or None.

    "over half" is true of every proportion above one half, "less than a quarter" of every
    one below a quarter; other phrases (bare, "around", "just over", "almost") are judged
    by their interval alone.
    """
    text = " ".join(phrase.lower().replace("-", " ").split())
    text = text.removeprefix("only ").removeprefix("a further ")
    low, high, low_in, high_in = _phrase_bounds(phrase)
    if any(text.startswith(f"{word} ") for word in _OPEN_ABOVE):
        return low, Fraction(1), low_in, True
    if any(text.startswith(f"{word} ") for word in _OPEN_BELOW):
        return Fraction(0), high, True, high_in
    return None


def share(phrase: str, proportion: Any) -> ShareCheck:
    """Return whether a verbal share is true of a proportion.

    Parameters
    ----------
    phrase : str
        As printed: "just over a third", "around 7 in 10", "almost half", "over 90%",
        "the majority"; a leading "only" is ignored.
    proportion : number
        The proportion behind it, 0 to 1 (a :class:`fractions.Fraction` keeps a count
        over a base exact).

    Returns
    -------
    ShareCheck

    Raises
    ------
    tracktr.InvalidOptionError
        If the phrase is not in the vocabulary of :func:`tracktr.describe.share_phrases`
        or `proportion` is outside 0-1.

    Examples
    --------
    The report: "almost a third (28%) had seen a decrease" (29 of 105):

    >>> from fractions import Fraction
    >>> import tracktr as tt
    >>> c = tt.check.share("almost a third", Fraction(29, 105))
    >>> c.holds, c.verdict
    (False, 'doubtful')
    >>> c.explanation
    "'almost a third' covers 30.3%-33.3%; the value is 27.6%."
    """
    value = _exact(proportion, "proportion")
    if not 0 <= value <= 1:
        msg = f"`proportion` must be from 0 to 1; got {proportion!r}."
        hint = "Hint: pass 0.35 for 35%."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    bounds = _phrase_bounds(phrase)
    low, high, low_in, high_in = bounds
    holds = _inside(value, bounds)
    distance = Fraction(0) if holds else max(low - value, value - high, Fraction(0))
    literal = _literal_bounds(phrase)
    return ShareCheck(
        phrase=phrase,
        proportion=float(value),
        holds=holds,
        low=float(low),
        high=float(high),
        low_inclusive=low_in,
        high_inclusive=high_in,
        distance=float(distance),
        understated=not holds and literal is not None and _inside(value, literal),
        comparison=_comparison(phrase),
    )

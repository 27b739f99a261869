"""Plain-English shares, ratios and comparisons, in the vocabulary of published reports.

Reports say "just over a third", "around 7 in 10", "nearly three quarters", "almost four
times less likely". Each phrase here covers a documented interval of proportions, and a
phrase is only ever chosen for a value it is true of. :func:`~tracktr.describe.phrase_holds` checks
a phrase printed in a report against the value behind it.

Phrases and the proportions they cover
--------------------------------------
Each *landmark* (one in ten, one in six, a fifth, a quarter, 3 in 10, a third, two fifths,
half, three fifths, two thirds, 7 in 10, three quarters, four fifths, 9 in 10, and any
"N%") combines with a modifier; ``X`` is the landmark's value:

==============================================  =====================================
modifier                                        proportions covered
==============================================  =====================================
(none): "a third", "one in six"                 ``X - 0.02 <= p <= X + 0.02``
"around", "about", "roughly", "some"            ``X - 0.03 <= p <= X + 0.03``
"just over", "just above", "slightly over"      ``X < p <= X + 0.03``
"just under", "almost", "nearly", "not quite"   ``X - 0.03 <= p < X``
"over", "more than", "above"                    ``X < p <= X + 0.08``
"under", "less than", "fewer than", "below"     ``X - 0.08 <= p < X``
"at least", "no less than", "no fewer than"     ``X <= p <= X + 0.08``
"at most", "no more than"                       ``X - 0.08 <= p <= X``
==============================================  =====================================

and a few phrases stand alone: "none" (0), "all" (1), "very few" (below 0.05), "almost
all" (above 0.95), "the majority" / "most" (above one half), "a minority" (below one half).
A leading "only" is a judgement, not a quantity, and is ignored.

:func:`ratio_holds` does the same for ratio claims ("2.5 times more likely").

:func:`describe_share` picks the landmark nearest the value and says "X" within 0.005,
"around X" within 0.015, "just over X" or "nearly X" (for fractions), "just under X"
(for "N in M") or "almost half" within 0.03, and "over X" / "under X" beyond.

Examples
--------
>>> import tracktr as tt
>>> tt.describe_share(0.358)
'just over a third'
>>> tt.describe.phrase_holds("almost half", 0.48)
True
>>> tt.describe.ratio_holds("2.5 times more likely", 12 / 34, 20 / 151)
True
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np
import pandas as pd

from tracktr._phrases import (
    _ALONE,
    _LANDMARKS,
    _MODIFIERS,
    _RATIO,
    _SAME,
    _SHARE_CHANGE,
    _TIMES_WORDS,
    AROUND,
    BEYOND,  # noqa: F401  (BEYOND and EXACT stay importable from here)
    EXACT,  # noqa: F401
    _exact_interval,
    _normalise,
)
from tracktr._text import level_text, one_line
from tracktr.exceptions import InvalidOptionError
from tracktr.rounding import format_percent
from tracktr.typing import check_choice

if TYPE_CHECKING:
    from tracktr.compare import ProportionComparison
    from tracktr.design import DesignDifference

__all__ = [
    "describe_comparison",
    "describe_ratio",
    "describe_share",
    "phrase_holds",
    "phrase_interval",
    "ratio_holds",
    "share_phrases",
]

RatioWording = Literal["likely", "many"]


def phrase_interval(phrase: str) -> tuple[float, float, bool, bool]:
    """Return the proportions a phrase covers: ``(low, high, low_inclusive, high_inclusive)``.

    Parameters
    ----------
    phrase : str
        A share in words, such as "just over a third", "around 7 in 10", "almost half",
        "just over 13%" or "the majority"; case, hyphens and a leading "only" are ignored.

    Returns
    -------
    tuple
        ``(low, high, low_inclusive, high_inclusive)``, within [0, 1].

    Raises
    ------
    tracktr.InvalidOptionError
        If the phrase is not in the vocabulary (see :func:`share_phrases`).

    Examples
    --------
    >>> from tracktr.describe import phrase_interval
    >>> low, high, _, _ = phrase_interval("just over a third")
    >>> round(low, 4), round(high, 4)
    (0.3333, 0.3633)
    """
    low, high, low_in, high_in = _exact_interval(phrase)
    return float(low), float(high), low_in, high_in


def _check_proportion(value: Any, name: str = "proportion") -> Fraction:
    """Return a proportion as an exact fraction (floats read from their decimal form)."""
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | Fraction | Decimal | np.number
    ):
        msg = f"`{name}` must be a number from 0 to 1; got {value!r}."
        raise InvalidOptionError(msg)
    if isinstance(value, Fraction):
        exact = value
    elif isinstance(value, Decimal):
        if not value.is_finite():
            msg = f"`{name}` must be a finite number from 0 to 1; got {value!r}."
            raise InvalidOptionError(msg)
        exact = Fraction(value)  # exactly as written
    elif not math.isfinite(float(value)):
        msg = f"`{name}` must be a finite number from 0 to 1; got {value!r}."
        raise InvalidOptionError(msg)
    else:
        exact = Fraction(Decimal(repr(float(value))))
    if not 0 <= exact <= 1:
        msg = f"`{name}` must be a proportion from 0 to 1; got {value!r}."
        hint = "Hint: pass 0.35 for 35%."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return exact


def phrase_holds(phrase: str, proportion: float | Fraction) -> bool:
    """Return whether a share phrase is true of a proportion.

    Parameters
    ----------
    phrase : str
        As printed, e.g. "almost half" or "only 3 in 10" (see :func:`phrase_interval`).
    proportion : float
        The value the phrase describes, from 0 to 1.

    Returns
    -------
    bool

    Raises
    ------
    tracktr.InvalidOptionError
        If the phrase is not in the vocabulary or `proportion` is outside [0, 1].

    Examples
    --------
    The 2016 report says "almost half of the respondents (48%)" and "Almost a third
    (28%)":

    >>> import tracktr as tt
    >>> tt.describe.phrase_holds("almost half", 0.48)
    True
    >>> tt.describe.phrase_holds("almost a third", 0.28)
    False
    """
    p = _check_proportion(proportion)
    low, high, low_in, high_in = _exact_interval(phrase)
    above = p >= low if low_in else p > low
    below = p <= high if high_in else p < high
    return above and below


def share_phrases() -> pd.DataFrame:
    """Return the table of share phrases and the proportions each covers.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``phrase``; columns ``low``, ``high``, ``low_inclusive``,
        ``high_inclusive`` and ``landmark`` (the value of the landmark, NaN for phrases
        that stand alone). Percentages ("just over 13%") are accepted by
        :func:`~tracktr.describe.phrase_holds` but not listed.

    Examples
    --------
    >>> import tracktr as tt
    >>> table = tt.describe.share_phrases()
    >>> table.loc["nearly three quarters", ["low", "high"]].round(2).tolist()
    [0.72, 0.75]
    >>> "around 7 in 10" in table.index
    True
    """
    rows = []
    for value, main, others in _LANDMARKS:
        for name in (main, *others):
            for modifier in _MODIFIERS:
                phrase = f"{modifier} {name}".strip()
                low, high, low_in, high_in = phrase_interval(phrase)
                rows.append((phrase, low, high, low_in, high_in, float(value)))
    for phrase, (low_x, high_x, low_in, high_in) in _ALONE.items():
        rows.append((phrase, float(low_x), float(high_x), low_in, high_in, math.nan))
    frame = pd.DataFrame(
        rows,
        columns=["phrase", "low", "high", "low_inclusive", "high_inclusive", "landmark"],
    )
    return frame.set_index("phrase")


def describe_share(proportion: float | Fraction) -> str:
    """Return a proportion in the words of a published report, chosen to be true of it.

    Parameters
    ----------
    proportion : float
        From 0 to 1.

    Returns
    -------
    str
        Such as "just over a third" or "around 7 in 10"; :func:`~tracktr.describe.phrase_holds` is
        true of the phrase and the proportion.

    Raises
    ------
    tracktr.InvalidOptionError
        If `proportion` is outside [0, 1].

    See Also
    --------
    describe_ratio : a ratio of two proportions in words.

    Notes
    -----
    The phrase table and the rule that picks a phrase are in the module documentation
    (:mod:`tracktr.describe`).

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.describe_share(0.358)
    'just over a third'
    >>> [tt.describe_share(p) for p in (0.70, 0.73, 0.48, 0.08, 1 / 6)]
    ['7 in 10', 'nearly three quarters', 'almost half', 'just under one in ten', 'one in six']
    >>> tt.describe_share(0.69)
    'around 7 in 10'
    """
    p = _check_proportion(proportion)
    if p == 0:
        return "none"
    if p == 1:
        return "all"
    if p < Fraction(35, 1000):
        return "very few"
    if p > Fraction(965, 1000):
        return "almost all"
    value, name, _ = min(_LANDMARKS, key=lambda item: abs(p - item[0]))
    gap = p - value
    if abs(gap) <= Fraction(5, 1000):
        return name
    if abs(gap) <= Fraction(15, 1000):
        return f"around {name}"
    if 0 < gap <= AROUND:
        return f"just over {name}"
    if -AROUND <= gap < 0:
        if name == "half":
            return "almost half"
        return f"just under {name}" if " in " in name else f"nearly {name}"
    return f"over {name}" if gap > 0 else f"under {name}"


_SMALL_NUMBERS = {
    2: "twice",
    3: "three times",
    4: "four times",
    5: "five times",
    6: "six times",
    7: "seven times",
    8: "eight times",
    9: "nine times",
    10: "ten times",
}


def _times(k: int, *, more: bool) -> str:
    if k == 2 and not more:
        return "two times"  # "twice less likely" does not read
    return _SMALL_NUMBERS.get(k, f"{k} times")


def describe_ratio(
    proportion1: float | Fraction,
    proportion2: float | Fraction,
    *,
    wording: RatioWording = "likely",
) -> str:
    """Return how many times one proportion is another, in words that never overstate it.

    Parameters
    ----------
    proportion1, proportion2 : float
        The two proportions, from 0 to 1; the sentence is about group 1 relative to
        group 2.
    wording : {"likely", "many"}, default "likely"
        "… times as likely" or "… times as many".

    Returns
    -------
    str

    Raises
    ------
    tracktr.InvalidOptionError
        If a proportion is outside [0, 1], or either is 0 (no ratio exists; two zeros
        are not "just as likely").

    See Also
    --------
    describe_share : one proportion in words.

    Notes
    -----
    With ``r = proportion1 / proportion2`` and ``m = max(r, 1 / r)``:

    - ``m < 1.1``: "about as likely";
    - ``m < 2`` and ``r > 1``: "1.4 times as likely" (one decimal, truncated);
      ``r < 1``: "30% less likely" (``1 - r``, rounded down);
    - ``m`` within 0.15 below a whole number ``k`` (2 to 10): "almost k times";
    - ``m`` at most 0.05 above ``k``: "k times"; up to 0.5 above: "over k times";
    - otherwise one decimal, truncated: "2.6 times"; above 10, whole numbers: "over 12
      times".

    Ratios below one read "… times less likely" ("… times fewer"), the report's idiom.

    Examples
    --------
    The 2016 report's Table 3: 35.3% of CRC-funded respondents against 13.2% of all
    respondents have an income over £5m; 5.9% against 23.2% under £100,000:

    >>> import tracktr as tt
    >>> tt.describe_ratio(12 / 34, 20 / 151)
    '2.6 times as likely'
    >>> tt.describe_ratio(2 / 34, 35 / 151)
    'almost four times less likely'
    >>> tt.describe_ratio(0.35, 0.10, wording="many")
    'over three times as many'
    """
    check_choice(wording, RatioWording, name="wording")
    p1 = _check_proportion(proportion1, "proportion1")
    p2 = _check_proportion(proportion2, "proportion2")
    if p2 == 0 or p1 == 0:  # 0 and 0 too: "just as likely" said of two groups where none
        msg = (
            f"there is no ratio of {float(p1):g} to {float(p2):g}: one of them is zero, so "
            f"any 'times as {wording}' would be infinite, zero or undefined."
        )
        hint = "Hint: describe the two shares instead, e.g. with tt.describe_share()."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if p1 == p2:
        return f"just as {wording}"
    r = p1 / p2
    more = r > 1
    m = r if more else 1 / r
    same = "as likely" if wording == "likely" else "as many"
    less = "less likely" if wording == "likely" else "fewer"
    if m < Fraction(11, 10):
        return f"about {same}"
    if m < 2:
        if more:
            return f"{math.floor(m * 10) / 10:.1f} times {same}"
        # the share by which group 1 falls short, rounded down so as not to overstate it
        percent = format_percent(100 * (1 - r), rule="floor", small=False, large=False)
        return f"{percent} {less}"
    tail = same if more else less
    k_up = math.ceil(m)
    k_down = math.floor(m)
    if k_up <= 10 and k_up != m and k_up - m <= Fraction(15, 100):
        return f"almost {_times(k_up, more=more)} {tail}"
    if k_down <= 10 and m - k_down <= Fraction(5, 100):
        return f"{_times(k_down, more=more)} {tail}"
    if k_down <= 10 and m - k_down <= Fraction(1, 2):
        return f"over {_times(k_down, more=more)} {tail}"
    if m >= 10:  # large ratios in whole numbers, rounded down
        over = "over " if m - k_down > Fraction(5, 100) else ""
        return f"{over}{k_down} times {tail}"
    return f"{math.floor(m * 10) / 10:.1f} times {tail}"


def ratio_holds(phrase: str, proportion1: float | Fraction, proportion2: float | Fraction) -> bool:
    """Return whether a printed ratio claim ("2.5 times more likely") is true of two shares.

    Parameters
    ----------
    phrase : str
        The claim about group 1 relative to group 2, as printed: "over three times as
        many", "almost four times less likely", "2.5 times more likely", "twice as
        likely", "30% less likely", "about as likely".
    proportion1, proportion2 : float
        The two shares, from 0 to 1 and above 0.

    Returns
    -------
    bool

    Raises
    ------
    tracktr.InvalidOptionError
        If the phrase is not a ratio claim tracktr can read, or a share is outside (0, 1].

    Notes
    -----
    With ``m`` the ratio in the claimed direction (``p1 / p2`` for "as likely" or "more",
    ``p2 / p1`` for "less" or "fewer") and ``k`` the number printed:

    - "k times": ``|m - k| <= 0.1 k``; "around k times": ``|m - k| <= 0.15 k``;
    - "almost k times", "nearly k times": ``0.85 k <= m < k``;
    - "over k times", "more than k times": ``k < m < k + 1``;
    - "N% less likely": ``|(1 - p1 / p2) - N/100| <= 0.05``; "N% more": likewise;
    - "about as likely": ``1/1.1 <= p1 / p2 <= 1.1``.

    "k times more likely" is read as the report uses it, "k times as likely", not as
    ``k + 1`` times. Every phrase :func:`describe_ratio` produces holds by these rules.

    Examples
    --------
    The 2016 report, Table 3 (CRC-funded respondents against all respondents):

    >>> from tracktr.describe import ratio_holds
    >>> ratio_holds("2.5 times more likely", 12 / 34, 20 / 151)
    True
    >>> ratio_holds("almost four times less likely", 2 / 34, 35 / 151)
    True
    >>> ratio_holds("over three times as many", 0.35, 0.10)
    True
    >>> ratio_holds("four times less likely", 2 / 34, 35 / 151)
    True
    >>> ratio_holds("five times less likely", 2 / 34, 35 / 151)
    False
    """
    p1 = _check_proportion(proportion1, "proportion1")
    p2 = _check_proportion(proportion2, "proportion2")
    if p1 == 0 or p2 == 0:
        msg = "a ratio claim needs two shares above zero."
        raise InvalidOptionError(f"{msg}\n\nHint: a share of zero has no 'times as likely'.")
    text = _normalise(phrase)
    r = p1 / p2
    change = _SHARE_CHANGE.match(text)
    if change:
        claimed = Fraction(change.group("num")) / 100
        actual = 1 - r if change.group("dir") in ("less likely", "fewer") else r - 1
        return abs(actual - claimed) <= Fraction(5, 100)
    match = _RATIO.match(text)
    if match is None:
        if _SAME.match(text):
            return Fraction(10, 11) <= r <= Fraction(11, 10)
        msg = f"{phrase!r} is not a ratio claim tracktr can read."
        hint = (
            "Hint: write it as '[almost|over|around] <k> times as likely|more likely|less "
            "likely|as many|fewer', 'twice as likely' or 'N% less likely'."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if match.group("twice"):
        k = Fraction(2)
    else:
        number = match.group("num")
        if number in _TIMES_WORDS:
            k = Fraction(_TIMES_WORDS[number])
        elif re.fullmatch(r"\d+(?:\.\d+)?", number):
            k = Fraction(number)
        else:
            msg = f"{phrase!r}: {number!r} is not a number tracktr can read."
            raise InvalidOptionError(f"{msg}\n\nHint: use digits (2.5) or two to ten.")
    m = 1 / r if match.group("dir") in ("less likely", "less", "fewer") else r
    modifier = match.group("mod")
    if modifier in ("almost", "nearly", "just under", "not quite"):
        return k * Fraction(85, 100) <= m < k
    if modifier in ("over", "more than", "just over"):
        return k < m < k + 1
    if modifier in ("around", "about", "roughly", "some"):
        return abs(m - k) <= k * Fraction(15, 100)
    return abs(m - k) <= k / 10


def _percent(count: float, base: float) -> str:
    return format_percent(100 * Fraction(count) / Fraction(base))


def _p_text(p: float, level: float, *, alpha: float | None = None) -> str:
    """Return a p-value as a sentence prints it, on the same side of every threshold as p.

    Below 0.001, "p < 0.001". Otherwise two decimals, or as many more as it takes for the
    printed value to be above 0 and on the same side of 0.05, 0.01, the test's own
    threshold (1 - `level`) and `alpha` (the threshold the sentence's verdict uses, when
    it is another) as the p-value: 0.0012 is "p = 0.001", never "0.00", and 0.0467
    beside "significant at 95%" is "0.047", not "0.05".
    """
    if p < 0.001:  # the conventional floor of a printed p-value
        return "p < 0.001"
    thresholds = (0.05, 0.01, 1 - level, *(() if alpha is None else (alpha,)))
    for decimals in range(2, 7):
        text = f"{p:.{decimals}f}"
        shown = float(text)
        if shown > 0 and all((shown < a) == (p < a) for a in thresholds):
            return f"p = {text}"
    return f"p = {p!r}"  # the shortest text that reads back as p itself


def _points(value: float) -> str:
    # A Wald or t interval of a difference can reach past 100 points (a design with few
    # degrees of freedom); format_percent() takes 0 to 100, so whole hundreds are set
    # aside first (rounding whole hundreds plus a rest is rounding the rest).
    size = abs(Fraction(repr(float(value))) * 100)
    hundreds = int(size // 100) * 100 if size > 100 else 0
    rest = format_percent(size - hundreds, small=False, large=False).rstrip("%")
    text = rest if not hundreds else str(hundreds + int(rest))
    return f"-{text}" if value < 0 and text != "0" else text


def _count(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def describe_comparison(
    result: ProportionComparison | DesignDifference, *, outcome: str | None = None
) -> str:
    """Return one sentence stating a comparison: percentages, bases, interval, test, caveat.

    A direction ("2.6 times as likely", "30% less likely") is claimed only when the
    difference is significant: the test's p-value is below ``1 - level`` and the interval
    of the difference excludes 0. Otherwise the sentence says there is no clear
    difference and makes no directional claim.

    Parameters
    ----------
    result : ProportionComparison or tracktr.design.DesignDifference
        From :func:`tracktr.compare_proportions`, or from :func:`tracktr.design.difference`
        (a weighted comparison under a survey design): then the percentages are weighted,
        the bases are respondents (n), and the sentence names the design-based t test.
    outcome : str, optional
        What the percentages are of, as a verb phrase that reads after "of <group>" and
        after "to": ``"hold reserves"`` gives "35% of CRC-funded respondents (12 of 34)
        hold reserves" and "... were 2.6 times as likely to hold reserves". Without it
        the sentence says "have this".

    Returns
    -------
    str
        Percentages rounded half-up through :mod:`tracktr.rounding`, the bases, the
        difference in percentage points with its interval, the test's p-value, and a
        warning when a base is small.

    Raises
    ------
    tracktr.InvalidOptionError
        If `outcome` is empty.

    See Also
    --------
    tracktr.compare_proportions : the comparison.
    describe_ratio : the ratio alone.

    Examples
    --------
    >>> import tracktr as tt
    >>> result = tt.compare_proportions(
    ...     12, 34, 20, 151, nested=True, labels=("CRC-funded respondents", "all respondents")
    ... )
    >>> print(tt.describe_comparison(result))
    35% of CRC-funded respondents (12 of 34) have this, against 13% of all respondents
    (20 of 151, who include them): 2.6 times as likely, a difference of 22 percentage
    points (95% CI 10 to 35; Fisher's exact test against the rest, p < 0.001).
    >>> print(tt.describe_comparison(result, outcome="hold reserves"))
    35% of CRC-funded respondents (12 of 34) hold reserves, against 13% of all
    respondents (20 of 151, who include them): CRC-funded respondents were 2.6 times as
    likely to hold reserves, a difference of 22 percentage points (95% CI 10 to 35;
    Fisher's exact test against the rest, p < 0.001).

    Under a survey design, weighted percentages and the design-based test:

    >>> import numpy as np
    >>> data = tt.datasets.tracktr_2015()
    >>> data = data.assign(w=np.where(data["income"] == "Under £100,000", 3.0, 1.0))
    >>> weighted = tt.design.difference(data, "footprint", "main_funding", option="Local",
    ...     groups=("Not funded by a CRC or the NPS", "Funded by a CRC"),
    ...     design=tt.Design(weights="w"))
    >>> print(tt.describe_comparison(weighted, outcome="work locally"))
    29% of Funded by a CRC (n=34) work locally, against 63% of Not funded by a CRC or the
    NPS (n=100): Funded by a CRC were over two times less likely to work locally, a
    difference of -35 percentage points (95% CI -53 to -16; design-based t test (weighted
    by w), p < 0.001); percentages are weighted.
    >>> small = tt.compare_proportions(3, 19, 10, 30, labels=("tier 2", "tier 3"))
    >>> print(tt.describe_comparison(small))
    16% of tier 2 (3 of 19) have this, against 33% of tier 3 (10 of 30): no clear
    difference (a difference of -18 percentage points, 95% CI -38 to 8; chi-square test,
    p = 0.18); care is needed: the base of tier 2 is small (n=19).
    """
    if outcome is not None and (not isinstance(outcome, str) or not outcome.strip()):
        msg = f"`outcome` must be a verb phrase such as 'hold reserves'; got {outcome!r}."
        raise InvalidOptionError(msg)
    # A tt.design.difference() result carries its design (not imported: design uses this
    # module's words, so describe must not import design).
    if getattr(result, "design", None) is not None:
        return _describe_design(cast("DesignDifference", result), outcome)
    result = cast("ProportionComparison", result)
    # Plain text, but a terminal or a page shows it: control characters and bidirectional
    # overrides in a label are removed, as every writer does, and a line break inside a
    # label does not break the sentence.
    label1, label2 = (one_line(label) for label in result.labels)
    outcome = None if outcome is None else one_line(outcome)
    p1 = _percent(result.count1, result.base1)
    p2 = _percent(result.count2, result.base2)
    inside = ", who include them" if result.nested else ""
    test = {
        "fisher": "Fisher's exact test",
        "chi2": "chi-square test",
        "chi2_yates": "chi-square test with Yates' correction",
    }[result.test]
    if result.nested:
        test += " against the rest"
    p = _p_text(result.p_value, result.level)
    low, high = result.difference_ci
    level = level_text(result.level)
    difference = f"a difference of {_points(result.difference)} percentage points"
    interval = f"{level} CI {_points(low)} to {_points(high)}"
    verb = "have this" if outcome is None else outcome.strip()
    opening = (
        f"{p1} of {label1} ({_count(result.count1)} of {_count(result.base1)}) {verb}, "
        f"against {p2} of {label2} ({_count(result.count2)} of {_count(result.base2)}{inside})"
    )
    significant = result.p_value < 1 - result.level and (low > 0 or high < 0)
    if not result.testable:  # a margin of 0: the share is 0% (or 100%) in both groups
        sentence = (
            f"{opening}: no test is possible, with {p1} in both groups ({difference}, {interval})"
        )
    elif significant:
        if result.proportion1 > 0 and result.proportion2 > 0:
            ratio = describe_ratio(result.proportion1, result.proportion2)
        else:  # no ratio of a zero share: the direction alone
            ratio = "more likely" if result.difference > 0 else "less likely"
        claim = ratio if outcome is None else f"{label1} were {ratio} to {verb}"
        sentence = f"{opening}: {claim}, {difference} ({interval}; {test}, {p})"
    else:
        sentence = f"{opening}: no clear difference ({difference}, {interval}; {test}, {p})"
    small = [
        f"{label} is small (n={_count(n)})"
        for label, n, flag in (
            (label1, result.base1, result.small_base1),
            (label2, result.base2, result.small_base2),
        )
        if flag
    ]
    if small:
        sentence += "; care is needed: the base of " + " and the base of ".join(small)
    return sentence + "."


def _describe_design(result: DesignDifference, outcome: str | None) -> str:
    """describe_comparison() of a design-based difference: the second group first."""
    from tracktr.table import DEFAULT_SMALL_BASE

    # As for a ProportionComparison: the groups, the outcome and the design's column names
    # are data, so control characters and bidirectional overrides in them are removed.
    first, second = (one_line(g) for g in result.groups)
    (c1, c2), (b1, b2), (n1, n2) = result.counts, result.bases, result.n
    p1, p2 = _percent(c1, b1), _percent(c2, b2)
    verb = "have this" if outcome is None else one_line(outcome).strip()
    opening = f"{p2} of {second} (n={n2}) {verb}, against {p1} of {first} (n={n1})"
    level = level_text(result.level)
    difference = f"a difference of {_points(result.difference)} percentage points"
    test = f"design-based t test ({one_line(result.design.describe())})"
    if not math.isfinite(result.p_value):
        sentence = (
            f"{opening}: no clear difference ({difference}; the design gives it no variance, "
            f"so it is not tested; {test})"
        )
    else:
        p = _p_text(result.p_value, result.level)
        interval = f"{level} CI {_points(result.ci_low)} to {_points(result.ci_high)}"
        significant = result.p_value < 1 - result.level and (
            result.ci_low > 0 or result.ci_high < 0
        )
        share1, share2 = result.estimates
        if significant:
            if share1 > 0 and share2 > 0:
                ratio = describe_ratio(share2, share1)
            else:
                ratio = "more likely" if result.difference > 0 else "less likely"
            claim = ratio if outcome is None else f"{second} were {ratio} to {verb}"
            sentence = f"{opening}: {claim}, {difference} ({interval}; {test}, {p})"
        else:
            sentence = f"{opening}: no clear difference ({difference}, {interval}; {test}, {p})"
    small = [
        f"{label} is small (n={n})"
        for label, n in ((second, n2), (first, n1))
        if 0 < n < DEFAULT_SMALL_BASE
    ]
    if small:
        sentence += "; care is needed: the base of " + " and the base of ".join(small)
    return sentence + "; percentages are weighted."


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

r"""Wave-on-wave change of a share for overlapping samples: the interval and the test.

A change between two waves is the difference of two shares, :math:`d = \hat p_2 - \hat
p_1`. The waves are *overlapping* samples: the :math:`m` organisations answering both
waves are a paired sample and tend to answer alike; the rest are independent. Following
Kish (1965, section 12.4), the variance of the difference of two means of partially
overlapping samples is

.. math::

    V(\hat p_2 - \hat p_1) = V_1 + V_2 - 2\,\mathrm{Cov}(\hat p_1, \hat p_2),
    \qquad \mathrm{Cov}(\hat p_1, \hat p_2) = \frac{m\, s_{12}}{n_1 n_2},

where :math:`s_{12}` is the covariance of the two answers of an organisation in the
overlap. With the overlap's 2x2 table (:math:`a` yes in both waves, :math:`b` yes then
no, :math:`c` no then yes, :math:`d` no in both), :math:`m\, s_{12} = (ad - bc)/m`.

**The test** (:func:`~tracktr.waves.compare_overlapping`) estimates that variance under the null
hypothesis of no change: the shares are pooled, :math:`\bar p = (x_1 + x_2)/(n_1 + n_2)`,
and so are the overlap's margins, :math:`\bar q = (2a + b + c)/(2m)`:

.. math::

    V_0 = \bar p (1 - \bar p)\left(\frac{1}{n_1} + \frac{1}{n_2}\right)
          - \frac{2}{n_1 n_2}\left(a - m \bar q^2\right),
    \qquad X^2 = \frac{(\hat p_2 - \hat p_1)^2}{V_0} \sim \chi^2_1.

With no overlap (:math:`m = 0`) this is Pearson's chi-square test of two independent
proportions (as :func:`tracktr.compare_proportions` with ``test="chi2"``); with full
overlap (:math:`m = n_1 = n_2`) :math:`V_0 = (b + c)/m^2` and :math:`X^2 = (c - b)^2/(b +
c)`, McNemar's test. :math:`V_0` is never negative (the pooled variance is at least the
overlap's share of it, by concavity).

**The interval** is Newcombe's square-and-add (MOVER) interval with the correlation of
the two shares: with Wilson intervals :math:`(l_i, u_i)` and :math:`r = \mathrm{Cov} /
\sqrt{V_1 V_2}`,

.. math::

    \left(d - \sqrt{(\hat p_2 - l_2)^2 + (u_1 - \hat p_1)^2
                    - 2r(\hat p_2 - l_2)(u_1 - \hat p_1)},\;
          d + \sqrt{(u_2 - \hat p_2)^2 + (\hat p_1 - l_1)^2
                    - 2r(u_2 - \hat p_2)(\hat p_1 - l_1)}\right),

which is Newcombe's (1998b) hybrid score interval for independent samples when
:math:`r = 0` and his method 10 for paired data (1998a) under full overlap, where
:math:`r` is the phi coefficient with his continuity adjustment (:math:`ad - bc` is
reduced by :math:`m/2` when above it, and set to zero between 0 and :math:`m/2`).

**Weights** (:func:`tracktr.waves.change` with `weights`): each wave's share is its
weighted share :math:`\hat p_k = \sum w y / W_k`, each base :math:`n_k` becomes Kish's
effective base :math:`n^*_k = W_k^2 / \sum w^2`, the pooled share is :math:`\bar p =
(n^*_1 \hat p_1 + n^*_2 \hat p_2)/(n^*_1 + n^*_2)`, and the overlap's cells :math:`a, b,
c, d` become the sums of the products :math:`w_{1i} w_{2i}` of each organisation's two
weights (:math:`m` becomes their total :math:`S`), with :math:`W_1 W_2` in place of
:math:`n_1 n_2`: the linearised covariance of two ratio estimators sharing the overlap
(Wolter 2007, chapter 6). Newcombe's adjustment removes half an organisation's mean weight
product, :math:`S/(2m)`. With equal weights each substitution is the identity, so the
weighted change equals the unweighted one; scaling one wave's weights changes nothing.
Effective bases (rather than a fully linearised variance) keep the test's form under no
change, and with it the identities with Pearson's and McNemar's tests; like every
effective base, they assume the weights are unrelated to the answer within a wave.

References
----------
Kish, L. (1965). *Survey Sampling*. Wiley, sections 11.7 (effective base) and 12.4
(overlapping samples).

Kish, L. (1992). Weighting for unequal Pi. *Journal of Official Statistics*, 8(2),
183–200.

Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer, chapter 6.

McNemar, Q. (1947). Note on the sampling error of the difference between correlated
proportions or percentages. *Psychometrika*, 12(2), 153–157.
https://doi.org/10.1007/BF02295996

Newcombe, R. G. (1998a). Improved confidence intervals for the difference between binomial
proportions based on paired data. *Statistics in Medicine*, 17(22), 2635–2650.

Newcombe, R. G. (1998b). Interval estimation for the difference between independent
proportions: comparison of eleven methods. *Statistics in Medicine*, 17(8), 873–890.

Zou, G. Y. and Donner, A. (2008). Construction of confidence limits about effect measures:
a general approach. *Statistics in Medicine*, 27(10), 1693–1702.
https://doi.org/10.1002/sim.3095
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from tracktr._text import level_text
from tracktr.compare import ProportionComparison, compare_proportions, proportion_ci
from tracktr.compare._intervals import _check_level, _check_small_base, _number
from tracktr.compare._two import _measures
from tracktr.exceptions import InvalidBaseError, InvalidCountsError, InvalidOptionError
from tracktr.table import DEFAULT_SMALL_BASE
from tracktr.typing import McNemarMethod, WaveTest, check_choice

__all__ = ["McNemarTest", "WaveChange", "compare_overlapping", "mcnemar"]


# -- McNemar's test ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class McNemarTest:
    """McNemar's test of a paired 2x2 table, returned by :func:`~tracktr.waves.mcnemar`.

    Attributes
    ----------
    table : tuple of int
        ``(a, b, c, d)``: yes in both, yes then no, no then yes, no in both.
    statistic : float
        The chi-square statistic (``"exact"``: the number of "yes then no", `b`).
    p_value : float
        Two-sided.
    method : {"chi2", "chi2_yates", "exact"}
        Chi-square without or with the continuity correction, or the exact binomial test.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.waves.mcnemar([[794, 150], [86, 570]])
    McNemarTest(b=150, c=86, chi2 = 17.36, p = 3.1e-05)
    """

    table: tuple[int, int, int, int]
    statistic: float
    p_value: float
    method: McNemarMethod

    @property
    def discordant(self) -> int:
        """The pairs that changed answer, ``b + c``."""
        return self.table[1] + self.table[2]

    def __repr__(self) -> str:
        _, b, c, _ = self.table
        name = {"chi2": "chi2", "chi2_yates": "chi2 (Yates)", "exact": "exact"}[self.method]
        stat = "" if self.method == "exact" else f" = {self.statistic:.2f}"
        return f"McNemarTest(b={b}, c={c}, {name}{stat}, p = {self.p_value:.2g})"

    def to_frame(self) -> pd.DataFrame:
        """Return the test as one row: b, c, statistic, p_value, method.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.waves.mcnemar([[794, 150], [86, 570]]).to_frame()[["b", "c", "method"]]
             b   c method
        0  150  86   chi2
        """
        _, b, c, _ = self.table
        return pd.DataFrame(
            [
                {
                    "b": b,
                    "c": c,
                    "statistic": self.statistic,
                    "p_value": self.p_value,
                    "method": self.method,
                }
            ]
        )


def _paired_table(table: Any) -> tuple[int, int, int, int]:
    array = np.asarray(table, dtype=object)
    if array.shape != (2, 2):
        msg = f"a paired table must be 2x2 [[a, b], [c, d]]; got shape {array.shape}."
        raise InvalidCountsError(msg)
    cells = [_number(v, "table cell") for v in array.ravel()]
    if any(v < 0 or not float(v).is_integer() for v in cells):
        msg = f"the cells of a paired table must be whole numbers of at least 0; got {cells}."
        raise InvalidCountsError(msg)
    a, b, c, d = (int(v) for v in cells)
    return a, b, c, d


def mcnemar(table: Any, /, *, method: McNemarMethod = "chi2") -> McNemarTest:
    r"""McNemar's test that a paired yes/no answer did not change between two occasions.

    Parameters
    ----------
    table : array-like, 2x2
        ``[[a, b], [c, d]]``: rows the first occasion (yes, no), columns the second.
    method : {"chi2", "chi2_yates", "exact"}, default "chi2"
        :math:`X^2 = (b - c)^2 / (b + c)` on one degree of freedom; with Yates'
        correction :math:`(|b - c| - 1)^2 / (b + c)`; or the exact two-sided binomial
        test of `b` in :math:`b + c` trials at 1/2.

    Returns
    -------
    McNemarTest

    Raises
    ------
    tracktr.InvalidCountsError
        If the table is not 2x2 of whole numbers of at least 0.
    tracktr.UnknownMethodError
        If `method` is not one of the methods.

    Notes
    -----
    With no discordant pairs (:math:`b + c = 0`) nothing changed: the statistic is 0
    and the p-value 1.

    References
    ----------
    McNemar, Q. (1947), *Psychometrika* 12(2), 153–157;
    Agresti, A. (2013), *Categorical Data Analysis*, 3rd ed., section 11.1.

    Examples
    --------
    Agresti's (2013, Table 11.1) presidential approval ratings of 1600 people, asked twice;
    R's ``mcnemar.test(matrix(c(794, 86, 150, 570), 2), correct = FALSE)`` gives
    17.356:

    >>> import tracktr as tt
    >>> result = tt.waves.mcnemar([[794, 150], [86, 570]])
    >>> round(result.statistic, 3), f"{result.p_value:.3g}"
    (17.356, '3.1e-05')
    """
    check_choice(method, McNemarMethod, name="method")
    a, b, c, d = _paired_table(table)
    from scipy import stats

    n = b + c
    if n == 0:
        return McNemarTest((a, b, c, d), 0.0, 1.0, method)
    if method == "exact":
        p = float(stats.binomtest(b, n, 0.5).pvalue)
        return McNemarTest((a, b, c, d), float(b), min(1.0, p), method)
    gap = abs(b - c) - (1 if method == "chi2_yates" else 0)
    statistic = max(gap, 0) ** 2 / n
    return McNemarTest((a, b, c, d), statistic, float(stats.chi2.sf(statistic, 1)), method)


# -- overlapping samples -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WaveChange:
    r"""The change of one share between two waves, from ``compare_overlapping()``.

    Attributes
    ----------
    count1, base1, count2, base2 : int
        The count and base of each wave (every organisation that answered it).
    both : tuple of int
        ``(a, b, c, d)`` of the organisations answering both waves: yes in both, yes
        then no, no then yes, no in both.
    proportion1, proportion2 : float
        The shares of each wave.
    proportion1_ci, proportion2_ci : tuple of float
        Their Wilson intervals.
    difference : float
        ``proportion2 - proportion1``: the change.
    difference_ci : tuple of float
        The interval of the change (see the module documentation).
    statistic, p_value : float
        The overlapping-samples chi-square test of no change, one degree of freedom.
    test : {"independent", "paired", "overlapping"}
        Which case the counts are: no overlap, full overlap, or a mix; the test is the
        same formula in every case.
    correlation : float
        The correlation of the two shares used by the interval.
    paired : McNemarTest or None
        McNemar's test of the overlap alone.
    independent : ProportionComparison or None
        The organisations answering only one of the waves, compared as independent
        samples (second wave first).
    labels : tuple of str
        The two waves.
    what : str
        What the share is of, in words ("funded by a CRC").
    level : float
        The confidence level.
    small_base_threshold : int
        Bases below this are flagged.
    notes : tuple of str
        Caveats.
    paired_difference_ci : tuple of float
        The interval of the change within the overlap alone, :math:`(c - b)/m`
        (Newcombe's method 10); NaN without an overlap.
    weighted : tuple of float or None
        For a weighted change (:func:`~tracktr.waves.change` with `weights`): the weighted count and
        base of each wave, ``(count1, base1, count2, base2)``; the proportions are their
        ratios, and `count1` ... `base2` and `both` count respondents. None unweighted.
    effective_bases : tuple of float or None
        Kish's effective base of each wave, :math:`(\sum w)^2 / \sum w^2`, for a
        weighted change; None unweighted.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.waves.compare_overlapping(20, 100, 30, 100, both=[[10, 5], [12, 33]])
    WaveChange(wave 1 20/100 = 0.200 -> wave 2 30/100 = 0.300; change 0.100 (95% CI ...
    """

    count1: int
    base1: int
    count2: int
    base2: int
    both: tuple[int, int, int, int]
    proportion1: float
    proportion2: float
    proportion1_ci: tuple[float, float]
    proportion2_ci: tuple[float, float]
    difference: float
    difference_ci: tuple[float, float]
    statistic: float
    p_value: float
    test: WaveTest
    correlation: float
    paired: McNemarTest | None
    independent: ProportionComparison | None
    labels: tuple[str, str] = ("wave 1", "wave 2")
    what: str = "answering yes"
    level: float = 0.95
    small_base_threshold: int = DEFAULT_SMALL_BASE
    notes: tuple[str, ...] = field(default=())
    paired_difference_ci: tuple[float, float] = (math.nan, math.nan)
    weighted: tuple[float, float, float, float] | None = None
    effective_bases: tuple[float, float] | None = None

    @property
    def matched(self) -> int:
        """The organisations in the base of both waves."""
        return sum(self.both)

    @property
    def small_base(self) -> bool:
        """Whether either wave's base is small."""
        return min(self.base1, self.base2) < self.small_base_threshold

    def __repr__(self) -> str:
        first, second = self.labels
        low, high = self.difference_ci
        # Weighted, the share is that of the weighted sums: "16/40 = 0.571" read as false.
        counts = (
            (f"{self.count1}/{self.base1}", f"{self.count2}/{self.base2}")
            if self.weighted is None
            else tuple(f"{w:g}/{b:g} weighted" for w, b in (self.weighted[:2], self.weighted[2:]))
        )
        return (
            f"WaveChange({first} {counts[0]} = {self.proportion1:.3f} -> "
            f"{second} {counts[1]} = {self.proportion2:.3f}; change "
            f"{self.difference:.3f} ({level_text(self.level)} CI {low:.3f} to {high:.3f}); "
            f"{self.test} test, {self.matched} in both, p = {self.p_value:.2g}"
            f"{'; weighted' if self.weighted is not None else ''})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return one row per measure: estimate, interval, p-value.

        Rows: each wave's share, the change, the change within the overlap (McNemar's
        p-value), and the change between the organisations answering one wave only. A
        weighted change gives the last two as NaN: they are not estimated with weights.

        Examples
        --------
        >>> import tracktr as tt
        >>> result = tt.waves.compare_overlapping(20, 100, 30, 100, both=[[10, 5], [12, 33]])
        >>> result.to_frame().index.tolist()  # doctest: +NORMALIZE_WHITESPACE
        ['proportion_1', 'proportion_2', 'difference', 'paired_difference',
         'independent_difference']
        """
        a, b, c, d = self.both
        m = a + b + c + d
        # `both` counts respondents: a weighted change has no weighted paired difference
        # to show, and the unweighted (c - b)/m beside weighted shares misled
        paired = (c - b) / m if m and self.weighted is None else math.nan
        rows: dict[str, tuple[float, float, float, float]] = {
            "proportion_1": (self.proportion1, *self.proportion1_ci, math.nan),
            "proportion_2": (self.proportion2, *self.proportion2_ci, math.nan),
            "difference": (self.difference, *self.difference_ci, self.p_value),
            "paired_difference": (
                paired,
                *self.paired_difference_ci,
                self.paired.p_value if self.paired is not None else math.nan,
            ),
        }
        if self.independent is not None:
            rows["independent_difference"] = (
                self.independent.difference,
                *self.independent.difference_ci,
                self.independent.p_value,
            )
        else:
            rows["independent_difference"] = (math.nan, math.nan, math.nan, math.nan)
        return _measures(rows)


def _whole(value: Any, name: str) -> int:
    number = _number(value, name)
    if number < 0 or not number.is_integer():
        msg = f"`{name}` must be a whole number of at least 0; got {value!r}."
        raise InvalidCountsError(msg)
    return int(number)


def _check_words(labels: object, what: object) -> tuple[tuple[str, str], str]:
    """Return the waves' labels and `what`, checked: two texts, and a text.

    A str of two characters was split into two labels ("ab" -> "a", "b"), and three or one
    labels, or None, raised a raw ValueError, IndexError or TypeError.
    """
    pair = tuple(labels) if isinstance(labels, tuple | list) else ()
    if len(pair) != 2 or not all(isinstance(label, str) for label in pair):
        msg = f"`labels` must be two texts, one per wave; got {labels!r:.100}."
        hint = "Hint: labels=('2015', '2016'), the first wave's first."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if not isinstance(what, str):
        msg = f"`what` must be text, what the share is of; got {what!r:.100}."
        hint = 'Hint: what="funded by a CRC" reads "The share funded by a CRC rose ...".'
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return (str(pair[0]), str(pair[1])), what


def _check_overlap(x1: int, n1: int, x2: int, n2: int, both: tuple[int, ...]) -> None:
    a, b, c, d = both
    problems = []
    if a + b > x1 or c + d > n1 - x1:
        problems.append(
            f"the overlap's first-wave answers (yes {a + b}, no {c + d}) exceed wave 1's "
            f"(yes {x1}, no {n1 - x1})"
        )
    if a + c > x2 or b + d > n2 - x2:
        problems.append(
            f"the overlap's second-wave answers (yes {a + c}, no {b + d}) exceed wave 2's "
            f"(yes {x2}, no {n2 - x2})"
        )
    if problems:
        msg = "; ".join(problems) + "."
        hint = (
            "Hint: `both` counts organisations in the base of both waves; each wave's count "
            "and base include them."
        )
        raise InvalidBaseError(f"{msg}\n\n{hint}")


def _null_variance(x1: int, n1: int, x2: int, n2: int, both: tuple[int, ...]) -> float:
    """V0: the variance of the change under no change (module documentation)."""
    a, b, c, d = both
    m = a + b + c + d
    pooled = Fraction(x1 + x2, n1 + n2)
    v = pooled * (1 - pooled) * (Fraction(1, n1) + Fraction(1, n2))
    if m:
        v -= Fraction(2, n1 * n2) * (a - Fraction((2 * a + b + c) ** 2, 4 * m))
    return float(v)


def _correlation(n1: int, n2: int, p1: float, p2: float, both: tuple[int, ...]) -> float:
    """Return Cov(p1, p2) / sqrt(V1 V2), with Newcombe's continuity adjustment of ad - bc."""
    a, b, c, d = both
    m = a + b + c + d
    v1, v2 = p1 * (1 - p1) / n1, p2 * (1 - p2) / n2
    if m == 0 or v1 == 0 or v2 == 0:
        return 0.0
    cross = a * d - b * c
    adjusted = cross - m / 2 if cross > m / 2 else (cross if cross < 0 else 0.0)
    covariance = adjusted / (m * n1 * n2)
    return max(-1.0, min(1.0, covariance / math.sqrt(v1 * v2)))


def _square_and_add(
    x1: int, n1: int, x2: int, n2: int, cells: tuple[int, int, int, int], *, level: float
) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float], float]:
    """Return the interval of p2 - p1, both Wilson intervals and the correlation used."""
    p1, p2 = x1 / n1, x2 / n2
    difference = p2 - p1
    ci1 = proportion_ci(x1, n1, level=level)
    ci2 = proportion_ci(x2, n2, level=level)
    l1, u1 = float(ci1.ci_low), float(ci1.ci_high)
    l2, u2 = float(ci2.ci_low), float(ci2.ci_high)
    r = _correlation(n1, n2, p1, p2, cells)
    down = (p2 - l2) ** 2 + (u1 - p1) ** 2 - 2 * r * (p2 - l2) * (u1 - p1)
    up = (u2 - p2) ** 2 + (p1 - l1) ** 2 - 2 * r * (u2 - p2) * (p1 - l1)
    low = max(-1.0, min(difference, difference - math.sqrt(max(down, 0.0))))
    high = min(1.0, max(difference, difference + math.sqrt(max(up, 0.0))))
    return (low, high), (l1, u1), (l2, u2), r


def compare_overlapping(
    count1: int,
    base1: int,
    count2: int,
    base2: int,
    *,
    both: Any,
    level: float = 0.95,
    labels: tuple[str, str] = ("wave 1", "wave 2"),
    what: str = "answering yes",
    small_base: int = DEFAULT_SMALL_BASE,
) -> WaveChange:
    """Compare a share between two overlapping samples: the change, its interval, a test.

    Parameters
    ----------
    count1, base1 : int
        The count and base of the first wave (every organisation in its base).
    count2, base2 : int
        The count and base of the second wave.
    both : array-like, 2x2
        ``[[a, b], [c, d]]`` for the organisations in the base of both waves: rows the
        first wave (yes, no), columns the second. ``[[0, 0], [0, 0]]`` for independent
        samples.
    level : float, default 0.95
        The confidence level.
    labels : tuple of two str, default ("wave 1", "wave 2")
        The waves' names, the first wave's first.
    what : str, default "answering yes"
        What the share is of, for :func:`~tracktr.waves.describe_change`.
    small_base : int, default 30
        Bases below this are flagged.

    Returns
    -------
    WaveChange

    Raises
    ------
    tracktr.InvalidCountsError
        If a count is negative or not whole.
    tracktr.InvalidBaseError
        If a base is not above zero or below its count, or the overlap does not fit in
        the waves.
    tracktr.InvalidOptionError
        If `level` is not between 0 and 1, `labels` is not two texts (a tuple or list of
        two str), `what` is not text, or `small_base` is not a whole number of at least 0.

    See Also
    --------
    tracktr.waves.change : the same from pooled data.
    tracktr.compare_proportions : independent samples.
    tracktr.waves.mcnemar : paired samples alone.

    Notes
    -----
    The formulas, and why they reduce to the independent and the paired test at the two
    extremes, are in the documentation of :mod:`tracktr.waves.overlap`.

    Examples
    --------
    Hand computation: waves of 100 with 20 and 30 yes; 60 organisations in both, of
    whom 10 said yes twice, 5 yes then no, 12 no then yes, 33 no twice. The pooled share
    is 50/200 = 1/4, so :math:`V_0 = (1/4)(3/4)(2/100) - (2/10^4)(10 - (37^2)/240) =
    0.003750 - 0.000859 = 0.002891`; the change 0.1 gives :math:`X^2 = 0.01/0.002891 =
    3.459`:

    >>> import tracktr as tt
    >>> result = tt.waves.compare_overlapping(20, 100, 30, 100, both=[[10, 5], [12, 33]])
    >>> round(result.statistic, 3), round(result.p_value, 4), result.test
    (3.459, 0.0629, 'overlapping')
    """
    level = _check_level(level)
    labels, what = _check_words(labels, what)
    small_base = _check_small_base(small_base)
    x1, n1 = _whole(count1, "count1"), _whole(base1, "base1")
    x2, n2 = _whole(count2, "count2"), _whole(base2, "base2")
    for x, n, s in ((x1, n1, "1"), (x2, n2, "2")):
        if n == 0 or x > n:
            msg = f"`base{s}` must be above zero and at least `count{s}`; got {x} of {n}."
            raise InvalidBaseError(msg)
    cells = _paired_table(both)
    _check_overlap(x1, n1, x2, n2, cells)
    a, b, c, d = cells
    m = a + b + c + d
    p1, p2 = x1 / n1, x2 / n2
    difference = p2 - p1
    v0 = _null_variance(x1, n1, x2, n2, cells)
    if difference == 0:
        statistic, p_value = 0.0, 1.0
    elif v0 <= 0:
        statistic, p_value = math.inf, 0.0
    else:
        from scipy import stats

        statistic = difference**2 / v0
        p_value = float(stats.chi2.sf(statistic, 1))
    (low, high), (l1, u1), (l2, u2), r = _square_and_add(x1, n1, x2, n2, cells, level=level)
    test: WaveTest = "independent" if m == 0 else ("paired" if m == n1 == n2 else "overlapping")
    paired_ci = (math.nan, math.nan)
    if m:
        paired_ci = _square_and_add(a + b, m, a + c, m, cells, level=level)[0]
    notes: list[str] = []
    independent = None
    rest1, rest2 = n1 - m, n2 - m
    if rest1 > 0 and rest2 > 0:
        independent = compare_proportions(
            x2 - a - c, rest2, x1 - a - b, rest1, level=level, labels=(labels[1], labels[0])
        )
    for label, n in zip(labels, (n1, n2), strict=True):
        if n < small_base:
            notes.append(f"Small base: n={n} in {label} (below {small_base}).")
    return WaveChange(
        count1=x1,
        base1=n1,
        count2=x2,
        base2=n2,
        both=cells,
        proportion1=p1,
        proportion2=p2,
        proportion1_ci=(l1, u1),
        proportion2_ci=(l2, u2),
        difference=difference,
        difference_ci=(low, high),
        statistic=statistic,
        p_value=min(1.0, p_value),
        test=test,
        correlation=r,
        paired=mcnemar([[a, b], [c, d]]) if m else None,
        independent=independent,
        labels=(str(labels[0]), str(labels[1])),
        what=what,
        level=level,
        small_base_threshold=small_base,
        notes=tuple(notes),
        paired_difference_ci=paired_ci,
    )

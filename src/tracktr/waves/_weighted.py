r"""Weighted wave-on-wave change: weighted shares, Kish effective bases, a weighted cross term.

The unweighted statistic (:func:`tracktr.waves.compare_overlapping`) is Kish's variance of
the difference of two shares of overlapping samples. With weights :math:`w_{ki}` in wave
:math:`k` (each wave's own weights), each wave's share is the weighted share
:math:`\hat p_k = \sum_i w_{ki} y_{ki} / W_k` with :math:`W_k = \sum_i w_{ki}`, and three
substitutions give the weighted statistic:

- each base :math:`n_k` becomes Kish's effective base :math:`n^*_k = W_k^2 / \sum_i
  w_{ki}^2` (Kish 1965, section 11.7; Kish 1992): the variance of a weighted share is
  approximately :math:`\hat p_k (1 - \hat p_k) / n^*_k` when the weights are unrelated to
  the answer;
- the pooled share under no change is :math:`\bar p = (n^*_1 \hat p_1 + n^*_2 \hat p_2) /
  (n^*_1 + n^*_2)`;
- the covariance of the two shares is the linearised (Taylor) covariance of two ratio
  estimators that share the organisations of the overlap :math:`M`,
  :math:`\mathrm{Cov}(\hat p_1, \hat p_2) = \sum_{i \in M} w_{1i} w_{2i} (y_{1i} -
  \mu_1)(y_{2i} - \mu_2) / (W_1 W_2)` (Wolter 2007, chapter 6; Kish 1965, section 12.4).
  Writing :math:`A, B, C, D` for the sums of :math:`w_{1i} w_{2i}` over the overlap's
  cells (yes in both, yes then no, no then yes, no in both) and :math:`S = A + B + C +
  D`, it is the unweighted formula with weighted cells: under no change
  :math:`(A - S\bar q^2)/(W_1 W_2)` with :math:`\bar q = (2A + B + C)/(2S)`, and for the
  interval :math:`(AD - BC)/(S W_1 W_2)`, reduced by Newcombe's continuity adjustment of
  half an organisation's weight product (:math:`S / (2m)` for :math:`m` organisations).

So

.. math::

    V_0 = \bar p (1 - \bar p)\left(\frac{1}{n^*_1} + \frac{1}{n^*_2}\right)
          - \frac{2\,(A - S \bar q^2)}{W_1 W_2},
    \qquad X^2 = \frac{(\hat p_2 - \hat p_1)^2}{V_0},

and the interval is the square-and-add interval of the unweighted case with Wilson
intervals on the effective bases (:math:`\hat p_k n^*_k` of :math:`n^*_k`). When every
organisation of the overlap weighs 0 in one of the waves (:math:`S = 0`), the cross term is
0 and the change is compared as between independent samples, as with nobody in both
waves (test ``"independent"``, with a note). With equal weights every substitution is the
identity (:math:`n^*_k = n_k`, :math:`A = w^2 a`, ...), so the weighted change equals the
unweighted one; multiplying one wave's weights by a constant changes nothing, since every
term is a ratio of weights of the same wave.

We chose effective bases with the linearised cross term rather than a fully linearised
variance (each wave's :math:`\sum w^2 (y - \hat p)^2 / W^2`) so that the test keeps the
unweighted test's form under the null hypothesis (the pooled share), which gives
Pearson's and McNemar's tests at the two extremes, and reduces to it exactly with equal
weights. The price is Kish's assumption that weights and answers are unrelated within a
wave; with strongly informative weights, use :mod:`tracktr.design`'s linearised
estimates on the stacked data, clustered by organisation.

References
----------
Kish, L. (1965). *Survey Sampling*. Wiley, sections 11.7 and 12.4.

Kish, L. (1992). Weighting for unequal Pi. *Journal of Official Statistics*, 8(2),
183–200.

Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer, chapter 6
(Taylor series methods).
"""

from __future__ import annotations

import math

from tracktr.compare import proportion_ci
from tracktr.table import DEFAULT_SMALL_BASE
from tracktr.typing import WaveTest
from tracktr.waves.overlap import WaveChange, _check_words

__all__ = ["WaveSums", "compare_weighted"]

# (sum of w*y, sum of w, sum of w^2, respondents, respondents counted) of one wave's base
WaveSums = tuple[float, float, float, int, int]


def compare_weighted(
    first: WaveSums,
    second: WaveSums,
    *,
    both: list[list[float]],
    matched: tuple[int, int, int, int],
    level: float = 0.95,
    labels: tuple[str, str] = ("wave 1", "wave 2"),
    what: str = "answering yes",
    small_base: int = DEFAULT_SMALL_BASE,
) -> WaveChange:
    """Compare a weighted share between two overlapping waves (module documentation).

    `both` holds the sums of the products of each organisation's two weights over the
    overlap's cells; `matched` the overlap's respondent counts ``(a, b, c, d)``.
    """
    labels, what = _check_words(labels, what)
    s1, w1, q1, n1, x1 = first
    s2, w2, q2, n2, x2 = second
    p1, p2 = s1 / w1, s2 / w2
    e1, e2 = w1 * w1 / q1, w2 * w2 / q2
    (big_a, big_b), (big_c, big_d) = both
    total = big_a + big_b + big_c + big_d
    # Organisations in both waves whose weight products are all 0 (each weighs 0 in one
    # wave) add nothing to the covariance, which is a sum of those products: the waves
    # are then independent samples, as when nobody is in both (q divided by 0 before).
    m = sum(matched) if total > 0 else 0
    pooled = (e1 * p1 + e2 * p2) / (e1 + e2)
    v0 = pooled * (1 - pooled) * (1 / e1 + 1 / e2)
    if m:
        q = (2 * big_a + big_b + big_c) / (2 * total)
        v0 -= 2 * (big_a - total * q * q) / (w1 * w2)
    difference = p2 - p1
    # A relative tolerance: with equal weights V0 is the unweighted one up to rounding.
    if difference == 0 or abs(difference) < 1e-12:
        statistic, p_value = 0.0, 1.0
    elif v0 <= 1e-15 * (1 / e1 + 1 / e2):
        statistic, p_value = math.inf, 0.0
    else:
        from scipy import stats

        statistic = difference * difference / v0
        p_value = float(stats.chi2.sf(statistic, 1))
    ci1 = proportion_ci(p1 * e1, e1, level=level)
    ci2 = proportion_ci(p2 * e2, e2, level=level)
    l1, u1 = float(ci1.ci_low), float(ci1.ci_high)
    l2, u2 = float(ci2.ci_low), float(ci2.ci_high)
    r = _correlation((p1, e1, w1), (p2, e2, w2), both, m)
    down = (p2 - l2) ** 2 + (u1 - p1) ** 2 - 2 * r * (p2 - l2) * (u1 - p1)
    up = (u2 - p2) ** 2 + (p1 - l1) ** 2 - 2 * r * (u2 - p2) * (p1 - l1)
    low = max(-1.0, min(difference, difference - math.sqrt(max(down, 0.0))))
    high = min(1.0, max(difference, difference + math.sqrt(max(up, 0.0))))
    test: WaveTest = "independent" if m == 0 else ("paired" if m == n1 == n2 else "overlapping")
    weighted = (
        f"Weighted: shares of weighted sums; variances on Kish effective bases "
        f"({e1:.1f} and {e2:.1f})."
    )
    notes = [weighted]
    if sum(matched) and not m:
        notes.append(
            f"The {sum(matched)} organisations in both waves weigh 0 in one of them: they add "
            "nothing to the covariance, so the waves are compared as independent samples."
        )
    for label, n in zip(labels, (n1, n2), strict=True):
        if n < small_base:
            notes.append(f"Small base: n={n} in {label} (below {small_base}).")
    return WaveChange(
        count1=x1,
        base1=n1,
        count2=x2,
        base2=n2,
        both=matched,
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
        paired=None,
        independent=None,
        labels=(str(labels[0]), str(labels[1])),
        what=what,
        level=level,
        small_base_threshold=small_base,
        notes=tuple(notes),
        weighted=(s1, w1, s2, w2),
        effective_bases=(e1, e2),
    )


def _correlation(
    first: tuple[float, float, float],
    second: tuple[float, float, float],
    both: list[list[float]],
    m: int,
) -> float:
    """Cov / sqrt(V1 V2) with weighted cells and Newcombe's adjustment (module docs).

    `first` and `second` are each wave's (share, effective base, sum of weights).
    """
    p1, e1, w1 = first
    p2, e2, w2 = second
    (a, b), (c, d) = both
    total = a + b + c + d
    v1, v2 = p1 * (1 - p1) / e1, p2 * (1 - p2) / e2
    if m == 0 or total == 0 or v1 == 0 or v2 == 0:
        return 0.0
    cross = (a * d - b * c) / total
    half = total / (2 * m)
    adjusted = cross - half if cross > half else (cross if cross < 0 else 0.0)
    covariance = adjusted / (w1 * w2)
    return max(-1.0, min(1.0, covariance / math.sqrt(v1 * v2)))

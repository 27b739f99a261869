"""Many comparisons: adjusted p-values, and tests of association for a whole table."""

from __future__ import annotations

import decimal
import functools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.compare._intervals import _EXPECTED_MINIMUM
from tracktr.exceptions import InvalidOptionError
from tracktr.rounding import format_percent
from tracktr.typing import PAdjustMethod, check_choice

# -- many comparisons ------------------------------------------------------------------------


def adjust_p_values(p_values: Any, *, method: PAdjustMethod = "holm") -> npt.NDArray[np.float64]:
    """Adjust p-values for multiple comparisons.

    Parameters
    ----------
    p_values : array-like of float
        Unadjusted p-values, each from 0 to 1.
    method : {"holm", "bh", "bonferroni", "none"}, default "holm"
        Holm's step-down method (controls the family-wise error rate, always at least as
        powerful as Bonferroni), Benjamini–Hochberg (controls the false discovery rate),
        Bonferroni, or no adjustment.

    Returns
    -------
    numpy.ndarray of float
        Adjusted p-values, in the order given.

    Raises
    ------
    tracktr.UnknownMethodError
        If `method` is not one of the methods.
    tracktr.InvalidOptionError
        If a p-value is not a number from 0 to 1.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test procedure.
       *Scandinavian Journal of Statistics*, 6(2), 65–70.
    .. [2] Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate.
       *Journal of the Royal Statistical Society B*, 57(1), 289–300.
       https://doi.org/10.1111/j.2517-6161.1995.tb02031.x

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.compare.adjust_p_values([0.01, 0.04, 0.03]).round(3).tolist()
    [0.03, 0.06, 0.06]
    >>> tt.compare.adjust_p_values([0.01, 0.04, 0.03], method="bh").round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    check_choice(method, PAdjustMethod, name="adjust")
    try:
        p = np.asarray(p_values, dtype=float).ravel()
    except (TypeError, ValueError) as error:  # numpy's own message names no argument
        msg = f"p-values must be numbers from 0 to 1; got {p_values!r} ({error})."
        hint = "Hint: pass the p_value column of a comparison, as floats."
        raise InvalidOptionError(f"{msg}\n\n{hint}") from error
    if p.size and (not np.all(np.isfinite(p)) or p.min() < 0 or p.max() > 1):
        msg = f"p-values must be numbers from 0 to 1; got {p[~((p >= 0) & (p <= 1))][:5].tolist()}."
        raise InvalidOptionError(msg)
    m = p.size
    if m == 0 or method == "none":
        return p.copy()
    if method == "bonferroni":
        return np.asarray(np.minimum(1.0, p * m), dtype=float)
    if method == "bh":
        from scipy import stats

        return np.asarray(stats.false_discovery_control(p, method="bh"), dtype=float)
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(1.0, stepped)
    return adjusted


def adjust_once(
    p_values: Any, hypotheses: Any, *, method: PAdjustMethod = "holm"
) -> npt.NDArray[np.float64]:
    """Adjust p-values where the tests of one hypothesis count once in the family.

    Tests sharing an id in `hypotheses` test one hypothesis (and share its p-value): the
    Yes and No rows of a pair of groups of a two-option question, where a group higher on
    one is lower on the other by the same test. Each gets the adjusted p-value of its
    hypothesis, adjusted over the distinct hypotheses.

    Examples
    --------
    >>> from tracktr.compare._tests import adjust_once
    >>> adjust_once([0.01, 0.03, 0.01, 0.03], [0, 1, 0, 1]).round(3).tolist()
    [0.02, 0.03, 0.02, 0.03]
    """
    p = np.asarray(p_values, dtype=float).ravel()
    _, inverse = np.unique(np.asarray(hypotheses).ravel(), return_inverse=True)
    # The tests of one hypothesis agree up to rounding (a design's Yes and No tests differ
    # in the last bits): take the largest, so that no adjusted p-value falls below its own.
    worst = np.full(int(inverse.max()) + 1 if inverse.size else 0, -np.inf)
    np.maximum.at(worst, inverse, p)
    adjusted: npt.NDArray[np.float64] = adjust_p_values(worst, method=method)[inverse]
    return adjusted


@dataclass(frozen=True, slots=True)
class AssociationTest:
    """An overall test of association between a question and the groups.

    Attributes
    ----------
    name : str
        ``"chi2"`` (Pearson), ``"mann_whitney"``, ``"kruskal_wallis"`` or
        ``"linear_by_linear"``.
    statistic : float
        The test statistic (chi-square, U, H or M²).
    p_value : float
        Its p-value.
    dof : int or None
        Degrees of freedom, for chi-square-distributed statistics.
    cramers_v : float or None
        Cramér's V, for the chi-square test: 0 (no association) to 1.
    notes : tuple of str
        Caveats, such as the share of expected counts below 5.

    Examples
    --------
    >>> from tracktr.compare import AssociationTest
    >>> AssociationTest("chi2", 12.5, 0.014, dof=4, cramers_v=0.2)
    AssociationTest(chi2 = 12.5, dof 4, p = 0.014, Cramér's V 0.200)
    """

    name: str
    statistic: float
    p_value: float
    dof: int | None = None
    cramers_v: float | None = None
    notes: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        dof = f", dof {self.dof}" if self.dof is not None else ""
        v = f", Cramér's V {self.cramers_v:.3f}" if self.cramers_v is not None else ""
        return (
            f"AssociationTest({self.name} = {self.statistic:.3g}{dof}, p = {self.p_value:.2g}{v})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame of the test.

        Examples
        --------
        >>> from tracktr.compare import AssociationTest
        >>> AssociationTest("chi2", 12.5, 0.014, dof=4).to_frame().columns.tolist()
        ['test', 'statistic', 'dof', 'p_value', 'cramers_v']
        """
        return pd.DataFrame(
            {
                "test": [self.name],
                "statistic": [self.statistic],
                "dof": [self.dof],
                "p_value": [self.p_value],
                "cramers_v": [self.cramers_v],
            }
        )


def _chi2_test(matrix: npt.NDArray[np.float64], fpc: float) -> AssociationTest | None:
    from scipy import stats

    matrix = matrix[matrix.sum(axis=1) > 0][:, matrix.sum(axis=0) > 0]
    if min(matrix.shape) < 2:
        return None
    result = stats.chi2_contingency(matrix, correction=False)
    statistic = float(result.statistic)
    notes = []
    low = int(np.sum(result.expected_freq < _EXPECTED_MINIMUM))
    if low > 0:
        share = format_percent(Fraction(100 * low, result.expected_freq.size))
        notes.append(
            f"{share} of expected counts are below {_EXPECTED_MINIMUM}: the chi-square "
            "p-value is approximate."
        )
    v = math.sqrt(statistic / (matrix.sum() * (min(matrix.shape) - 1)))
    if fpc == 0:
        p_value = 0.0 if statistic > 0 else 1.0
    else:
        statistic /= fpc
        p_value = float(stats.chi2.sf(statistic, result.dof))
    return AssociationTest("chi2", statistic, p_value, int(result.dof), v, tuple(notes))


def _ordinal_test(
    matrix: npt.NDArray[np.float64], *, ordered_groups: bool
) -> AssociationTest | None:
    """Rows are ordered options (scores 0, 1, ...), columns are groups."""
    from scipy import stats

    matrix = matrix[:, matrix.sum(axis=0) > 0]
    counts = np.rint(matrix).astype(np.int64)
    k, groups = counts.shape
    if groups < 2 or k < 2 or counts.sum(axis=1).astype(bool).sum() < 2:
        return None
    # From the counts, never one value per respondent (memory grew with the base: a
    # weighted table of a population of 10**9 asked for 8 GB). Each option's respondents
    # share its midrank; the tie terms are those of scipy's rank tests.
    level = counts.sum(axis=1).astype(np.float64)  # respondents of each option (ties)
    size = counts.sum(axis=0).astype(np.float64)  # of each group
    total = float(level.sum())
    midrank = np.cumsum(level) - level + (level + 1) / 2
    rank_sums = midrank @ counts.astype(np.float64)
    ties = float(np.sum(level**3 - level))
    if groups == 2:
        return _mann_whitney(counts, size, total, rank_sums[0], ties)
    if not ordered_groups:
        h = 12 / (total * (total + 1)) * float(np.sum(rank_sums**2 / size)) - 3 * (total + 1)
        h /= 1 - ties / (total**3 - total)
        # Groups alike give H = 0, which the float sums leave a hair below (-4e-14).
        h = max(h, 0.0)
        return AssociationTest("kruskal_wallis", h, float(stats.chi2.sf(h, groups - 1)), groups - 1)
    # Linear-by-linear association (Agresti 2013, 3.4.1): M² = (N - 1) r² on integer scores,
    # r the correlation of option scores and group scores over the respondents.
    scores, columns = np.arange(k, dtype=np.float64), np.arange(groups, dtype=np.float64)
    mean_x, mean_y = float(scores @ level) / total, float(columns @ size) / total
    sxx = float(((scores - mean_x) ** 2) @ level)
    syy = float(((columns - mean_y) ** 2) @ size)
    sxy = float((scores - mean_x) @ counts.astype(np.float64) @ (columns - mean_y))
    m2 = (total - 1) * sxy * sxy / (sxx * syy)
    return AssociationTest("linear_by_linear", m2, float(stats.chi2.sf(m2, 1)), 1)


def _mann_whitney(
    counts: npt.NDArray[np.int64],
    size: npt.NDArray[np.float64],
    total: float,
    first_rank_sum: float,
    ties: float,
) -> AssociationTest:
    """Mann–Whitney U of two groups from their counts, as scipy's ``mannwhitneyu``.

    Two-sided, with scipy's choice of method: its normal approximation with the tie
    correction and the continuity correction, or (no ties, a group of 8 or fewer) the
    exact distribution, from scipy itself (then there are at most as many respondents
    as options).
    """
    from scipy import stats

    n1, n2 = float(size[0]), float(size[1])
    if not (counts.sum(axis=1) > 1).any() and min(n1, n2) <= 8:
        scores = np.arange(len(counts))
        exact = stats.mannwhitneyu(
            np.repeat(scores, counts[:, 0]), np.repeat(scores, counts[:, 1]), method="exact"
        )
        return AssociationTest("mann_whitney", float(exact.statistic), float(exact.pvalue))
    u1 = first_rank_sum - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    spread = math.sqrt(n1 * n2 / 12 * ((total + 1) - ties / (total * (total - 1))))
    z = (u - n1 * n2 / 2 - 0.5) / spread
    return AssociationTest("mann_whitney", u1, min(1.0, 2 * float(stats.norm.sf(z))))


# -- Fisher's exact test of a 2x2 table ------------------------------------------------------

_TIES = 1e-12
"""Tables whose log-probability is within this much (relative to 1 + its size) of the
observed table's are as likely: far above the rounding of the log-probabilities (below
5e-15 of that size, against exact fractions), far below the gap between two different
tables' probabilities (about 1 / variance, 1e-7 at bases of 10**8 split in half)."""

_SHORT = 256
"""Up to this many tables more likely than the observed one, their sum is taken from 1."""

_LOG_2PI = math.log(2 * math.pi)


def fisher_p_value(a: int, b: int, c: int, d: int) -> float:
    r"""Two-sided p-value of Fisher's exact test of the 2x2 table ``[[a, b], [c, d]]``.

    The sum of the hypergeometric probabilities of the tables with the same margins that
    are no more likely than the one observed (up to the rounding of the probabilities),
    as :func:`scipy.stats.fisher_exact` gives it, at a cost that does not grow with the
    bases. (R's ``fisher.test`` counts as ties the tables within a relative 1e-7 of the
    observed one, which merges different tables once the bases pass about 10**8.)

    Parameters
    ----------
    a, b, c, d : int
        The cells, each 0 or more.

    Returns
    -------
    float
        The p-value; 1 when a margin is 0 (the observed table is the only one possible).

    Notes
    -----
    With margins :math:`r_1 = a + b`, :math:`r_2 = c + d`, :math:`c_1 = a + c`, the
    count of the first cell is hypergeometric, with probabilities that rise to the mode
    and fall after it. The tables no more likely than the one observed are therefore two
    tails, whose ends are found by bisection on the log-probability (Loader's saddle-point
    formula, exact to rounding at any size, as R's ``dhyper``). Each tail is summed
    outwards from its end by the ratios of successive probabilities, until what is left
    is below ``1e-17`` of the sum (the ratios keep falling, so what is left is bounded by
    a geometric series). Where at most 256 tables are more likely than the observed one
    and they hold at least half the probability, their sum is taken from 1 instead. The
    terms summed are at most about nine standard deviations of the first cell per tail,
    whatever the bases: a few dozen when an expected count is below 5 (the variance is
    then below 5: the tables :func:`tracktr.compare_proportions` sends here by default),
    up to about 10**5 for two bases of 10**9 split in half and a p-value near 0.3 (a few
    milliseconds). scipy's ``hypergeom`` takes a time proportional to the bases (two to
    six seconds at 10**9), and there loses digits (1e-4 at 10**9).

    References
    ----------
    .. [1] Loader, C. (2000). Fast and accurate computation of binomial probabilities.
       https://www.r-project.org/doc/reports/CLoader-dbinom-2002.pdf

    Examples
    --------
    >>> from tracktr.compare._tests import fisher_p_value
    >>> round(fisher_p_value(8, 2, 1, 5), 6)
    0.034965
    >>> round(fisher_p_value(1, 10**9 - 1, 3, 10**9 - 3), 6)
    0.625
    """
    r1, r2, c1 = a + b, c + d, a + c
    n = r1 + r2
    if min(r1, r2, c1, n - c1) == 0:
        return 1.0
    low, high = max(0, c1 - r2), min(r1, c1)
    mode = min(max((c1 + 1) * (r1 + 1) // (n + 2), low), high)

    def log_pmf(x: int) -> float:
        return _log_hypergeometric(x, r1, r2, c1)

    observed = log_pmf(a)
    limit = observed + _TIES * (1 + abs(observed))
    if log_pmf(mode) <= limit:
        return 1.0
    left = _last_at_most(low, mode, log_pmf, limit)  # tables low..left, or none (low - 1)
    right = _first_at_most(mode, high, log_pmf, limit)  # tables right..high, or none

    def up(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        ratio: npt.NDArray[np.float64] = (r1 - x) * (c1 - x) / ((x + 1) * (r2 - c1 + x + 1))
        return ratio

    def down(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        ratio: npt.NDArray[np.float64] = x * (r2 - c1 + x) / ((r1 - x + 1) * (c1 - x + 1))
        return ratio

    if right - left - 1 <= _SHORT:  # few tables are more likely than the observed one
        inside = _sum_from(left + 1, right - 1, 1, log_pmf(left + 1), up)
        if inside <= 0.5:  # then 1 - inside loses no more than a bit to the subtraction
            return 1.0 - inside
    lower = _sum_from(left, low, -1, log_pmf(left), down) if left >= low else 0.0
    upper = _sum_from(right, high, 1, log_pmf(right), up) if right <= high else 0.0
    return min(1.0, lower + upper)


def _last_at_most(low: int, mode: int, log_pmf: Any, limit: float) -> int:
    """Return the largest x in [low, mode) with log_pmf(x) <= limit, or low - 1 if none."""
    if log_pmf(low) > limit:
        return low - 1
    inside, outside = low, mode  # log_pmf rises from low to mode
    while outside - inside > 1:
        middle = (inside + outside) // 2
        inside, outside = (middle, outside) if log_pmf(middle) <= limit else (inside, middle)
    return inside


def _first_at_most(mode: int, high: int, log_pmf: Any, limit: float) -> int:
    """Return the smallest x in (mode, high] with log_pmf(x) <= limit, or high + 1 if none."""
    if log_pmf(high) > limit:
        return high + 1
    outside, inside = mode, high  # log_pmf falls from mode to high
    while inside - outside > 1:
        middle = (inside + outside) // 2
        outside, inside = (outside, middle) if log_pmf(middle) <= limit else (middle, inside)
    return inside


def _sum_from(start: int, end: int, step: int, log_first: float, ratio: Any) -> float:
    """Sum the probabilities from `start` to `end` (step 1 or -1), from the first one.

    Each probability is the one before times ``ratio(x)`` (the probability at ``x + step``
    over that at ``x``), in blocks of growing length. Past the mode the ratios fall, so
    once the next term over ``1 - ratio`` is below 1e-17 of the sum nothing left counts.
    """
    first = math.exp(log_first)
    total, carry, x, size = 0.0, 1.0, start, 32
    while first > 0 and carry > 0 and (end - x) * step >= 0:
        count = min(size, (end - x) * step + 1)
        ratios = ratio(x + step * np.arange(count, dtype=np.float64))
        terms = carry * np.concatenate(([1.0], np.cumprod(ratios[:-1])))
        total += float(terms.sum())
        carry = float(terms[-1] * ratios[-1])
        x += step * count
        last = float(ratios[-1])
        if last < 1 and carry <= 1e-17 * total * (1 - last):
            break
        size = min(2 * size, 1 << 16)
    return first * total


def _log_hypergeometric(x: int, r1: int, r2: int, c1: int) -> float:
    """Log-probability of `x` in the first cell given the margins (R's ``dhyper``)."""
    n = r1 + r2
    p, q = c1 / n, (n - c1) / n
    return _log_binomial(x, r1, p, q) + _log_binomial(c1 - x, r2, p, q) - _log_binomial(c1, n, p, q)


def _log_binomial(x: int, n: int, p: float, q: float) -> float:
    """Log-probability of `x` of `n` at `p` (``q = 1 - p``), by Loader's formula."""
    if x == 0:
        return -_bd0(n, n * q) - n * p if p < 0.1 else n * math.log(q)
    if x == n:
        return -_bd0(n, n * p) - n * q if q < 0.1 else n * math.log(p)
    core = _stirlerr(n) - _stirlerr(x) - _stirlerr(n - x) - _bd0(x, n * p) - _bd0(n - x, n * q)
    return core - 0.5 * (_LOG_2PI + math.log(x) + math.log1p(-x / n))


def _stirlerr(n: int) -> float:
    """``log(n!) - log(sqrt(2 pi n) (n / e) ** n)``: the error of Stirling's formula."""
    if n <= 15:
        return _small_stirlerr(n)
    nn = float(n) * n
    s0, s1, s2, s3, s4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188
    if n > 500:
        return (s0 - s1 / nn) / n
    if n > 80:
        return (s0 - (s1 - s2 / nn) / nn) / n
    if n > 35:
        return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n


@functools.cache
def _small_stirlerr(n: int) -> float:
    """_stirlerr() of n up to 15, in 40-digit decimals (floats would lose 1e-14 to it)."""
    with decimal.localcontext() as context:
        context.prec = 40
        pi = decimal.Decimal("3.14159265358979323846264338327950288419716939937510")
        exact = (
            decimal.Decimal(math.factorial(n)).ln()
            - (n + decimal.Decimal("0.5")) * decimal.Decimal(n).ln()
            + n
            - (2 * pi).ln() / 2
        )
        return float(exact)


def _bd0(x: float, m: float) -> float:
    """``x log(x / m) + m - x``, without the cancellation where x is near m."""
    if abs(x - m) < 0.1 * (x + m):
        v = (x - m) / (x + m)
        total, term, squared, j = (x - m) * v, 2 * x * v, v * v, 1
        while True:
            term *= squared
            following = total + term / (2 * j + 1)
            if following == total:
                return following
            total, j = following, j + 1
    return x * math.log(x / m) + m - x

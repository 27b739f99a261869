"""Confidence intervals, tests and group comparisons of proportions.

Three levels, each built on the one before:

- :func:`proportion_ci`: the interval of one share (Wilson score by default, well defined
  at 0 and at the base);
- :func:`compare_proportions`: two shares, their difference (Newcombe's hybrid score
  interval), ratio and odds ratio with intervals, and a p-value from the test that suits
  the counts;
- :func:`compare_table` and :func:`compare_groups`: every option of a question by group,
  with p-values adjusted for the number of comparisons, an overall test of association
  with Cramér's V, an ordinal test where the options are ordered, and column-proportion
  letters for display.

A subgroup compared with the whole sample that contains it (the 2016 report's Table 3:
CRC-funded organisations, n=34, against all respondents, n=151) is not two independent
samples: the 34 are counted on both sides. ``nested=True`` (and ``against="total"``) tests
the subgroup against the *rest* of the sample, which is the correct test, and derives the
subgroup-versus-total difference and ratio from the same counts, as explained in the guide
"Comparing groups".

Distributions and exact tests come from :mod:`scipy.stats`, imported inside the functions so
that ``import tracktr`` stays light.

Examples
--------
>>> import tracktr as tt
>>> tt.proportion_ci(0, 19)
ProportionInterval(0/19 = 0.000, 95% wilson CI 0.000 to 0.168, small base)
>>> result = tt.compare_proportions(12, 34, 20, 151, nested=True)
>>> round(result.relative_risk, 2), result.test
(2.66, 'fisher')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import (
    InvalidBaseError,
    InvalidCountsError,
    InvalidOptionError,
)
from tracktr.rounding import format_percent
from tracktr.table import DEFAULT_SMALL_BASE, Table
from tracktr.typing import (
    CIMethod,
    CompareAgainst,
    PAdjustMethod,
    ProportionTest,
    RoundingRule,
    check_choice,
)

__all__ = [
    "AssociationTest",
    "GroupComparison",
    "ProportionComparison",
    "ProportionInterval",
    "adjust_p_values",
    "compare_groups",
    "compare_proportions",
    "compare_table",
    "proportion_ci",
]

_EXPECTED_MINIMUM = 5
"""Below this expected count, the chi-square approximation is doubtful: Fisher's test is used."""


# -- validation helpers ----------------------------------------------------------------------


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        msg = f"`{name}` must be a number; got {value!r} of type {type(value).__name__}."
        raise InvalidCountsError(msg)
    number = float(value)
    if not math.isfinite(number):
        msg = f"`{name}` must be a finite number; got {value!r}."
        hint = "Hint: a NaN count usually means a weight or a cell is missing; fix it first."
        raise InvalidCountsError(f"{msg}\n\n{hint}")
    return number


def _check_count_base(count: Any, base: Any, *, suffix: str = "") -> tuple[float, float]:
    c = _number(count, f"count{suffix}")
    b = _number(base, f"base{suffix}")
    if c < 0:
        msg = f"`count{suffix}` must not be negative; got {count!r}."
        raise InvalidCountsError(msg)
    if b <= 0:
        msg = f"`base{suffix}` must be above zero; got {base!r}: a share of nobody is undefined."
        hint = "Hint: check that the group has respondents who answered the question."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    if c > b:
        msg = (
            f"`count{suffix}` ({count!r}) is larger than `base{suffix}` ({base!r}): "
            "a share cannot exceed 100%."
        )
        hint = "Hint: pass the number of respondents who answered as the base."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    return c, b


def _check_level(level: Any) -> float:
    if isinstance(level, bool) or not isinstance(level, int | float | np.floating):
        msg = f"`level` must be a number between 0 and 1, such as 0.95; got {level!r}."
        raise InvalidOptionError(msg)
    if not 0 < float(level) < 1:
        msg = f"`level` must be between 0 and 1 (exclusive); got {level!r}."
        hint = "Hint: a 95% interval is level=0.95, not level=95."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return float(level)


def _z(level: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf(0.5 + level / 2))


def _fpc(sample: float, population: Any) -> float:
    """Return the finite population correction ``(N - n) / (N - 1)`` (1 without N)."""
    if population is None:
        return 1.0
    size = _number(population, "population")
    if size != int(size) or size < 1:
        msg = f"`population` must be a whole number of units; got {population!r}."
        raise InvalidOptionError(msg)
    if size < sample:
        msg = (
            f"`population` ({population!r}) is smaller than the sample ({sample:g}): a sample "
            "cannot be larger than the population it was drawn from."
        )
        hint = "Hint: pass the number of organisations in the population (e.g. all members)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if size == 1:
        return 0.0
    return max(0.0, (size - sample) / (size - 1))


def _level_text(level: float) -> str:
    """Return a confidence level as a percentage, e.g. ``"95%"``, rounded exactly."""
    return format_percent(Fraction(repr(float(level))) * 100, decimals=0, large=False)


def _fmt_count(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# -- one proportion --------------------------------------------------------------------------


def _raw_interval(x: float, n: float, method: str, z: float, level: float) -> tuple[float, float]:
    """Return the interval of ``x / n`` by `method`, unclipped; `x`, `n` may be fractional."""
    p = x / n
    z2 = z * z
    if method == "wilson":
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
        return centre - half, centre + half
    if method == "wilson_cc":
        # Newcombe (1998), method 4: the score interval with continuity correction.
        denominator = 2 * (n + z2)
        low_root = z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1)
        high_root = z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1)
        low = (2 * n * p + z2 - 1 - z * math.sqrt(max(low_root, 0.0))) / denominator
        high = (2 * n * p + z2 + 1 + z * math.sqrt(max(high_root, 0.0))) / denominator
        return low, high
    if method == "agresti_coull":
        n_tilde = n + z2
        p_tilde = (x + z2 / 2) / n_tilde
        half = z * math.sqrt(p_tilde * (1 - p_tilde) / n_tilde)
        return p_tilde - half, p_tilde + half
    from scipy import stats

    alpha = 1 - level
    if method == "clopper_pearson":
        low = float(stats.beta.ppf(alpha / 2, x, n - x + 1)) if x > 0 else 0.0
        high = float(stats.beta.ppf(1 - alpha / 2, x + 1, n - x)) if x < n else 1.0
        return low, high
    # jeffreys: equal-tailed interval of the Beta(x + 1/2, n - x + 1/2) posterior
    low = float(stats.beta.ppf(alpha / 2, x + 0.5, n - x + 0.5)) if x > 0 else 0.0
    high = float(stats.beta.ppf(1 - alpha / 2, x + 0.5, n - x + 0.5)) if x < n else 1.0
    return low, high


def _interval(
    count: float, base: float, method: str, level: float, fpc: float
) -> tuple[float, float]:
    p = count / base
    if fpc == 0:
        return p, p  # a census: the share is known exactly
    n = base / fpc  # the FPC shrinks the variance by `fpc`: an equivalent larger sample
    low, high = _raw_interval(p * n, n, method, _z(level), level)
    if count == 0:
        low = 0.0
    if count == base:
        high = 1.0
    # Clip to [0, 1] and guard against floating-point noise at the estimate itself.
    return max(0.0, min(low, p)), min(1.0, max(high, p))


@dataclass(frozen=True, slots=True)
class ProportionInterval:
    """The confidence interval of one proportion, returned by :func:`proportion_ci`.

    Attributes
    ----------
    count, base : float
        The count and its base (effective count and base for weighted data).
    proportion : float
        ``count / base``.
    ci_low, ci_high : float
        The interval, within [0, 1].
    method : CIMethod
        How the interval was computed.
    level : float
        The confidence level.
    population : int or None
        The population size used for the finite population correction.
    small_base : bool
        Whether `base` is below the small-base threshold (30 by default).

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.proportion_ci(0, 19)
    ProportionInterval(0/19 = 0.000, 95% wilson CI 0.000 to 0.168, small base)
    """

    count: float
    base: float
    proportion: float
    ci_low: float
    ci_high: float
    method: CIMethod
    level: float
    population: int | None = None
    small_base: bool = False

    def __repr__(self) -> str:
        small = ", small base" if self.small_base else ""
        fpc = f", population {self.population}" if self.population is not None else ""
        return (
            f"ProportionInterval({_fmt_count(self.count)}/{_fmt_count(self.base)} = "
            f"{self.proportion:.3f}, {_level_text(self.level)} {self.method} CI "
            f"{self.ci_low:.3f} to {self.ci_high:.3f}{fpc}{small})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame of the interval.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.proportion_ci(81, 263).to_frame()[["proportion", "ci_low", "ci_high"]].round(4)
           proportion  ci_low  ci_high
        0        0.308  0.2553   0.3662
        """
        return pd.DataFrame(
            {
                "count": [self.count],
                "base": [self.base],
                "proportion": [self.proportion],
                "ci_low": [self.ci_low],
                "ci_high": [self.ci_high],
                "method": [self.method],
                "level": [self.level],
                "population": [self.population],
                "small_base": [self.small_base],
            }
        )


def proportion_ci(
    count: float,
    base: float,
    *,
    method: CIMethod = "wilson",
    level: float = 0.95,
    population: int | None = None,
    small_base: int = DEFAULT_SMALL_BASE,
) -> ProportionInterval:
    r"""Return a confidence interval for the proportion ``count / base``.

    Parameters
    ----------
    count : int or float
        The number with the attribute. A float is an effective count (weighted data: the
        weighted share times the Kish effective base).
    base : int or float
        The number asked and answering; above zero.
    method : CIMethod, default "wilson"
        ``"wilson"`` (score interval), ``"wilson_cc"`` (with continuity correction),
        ``"clopper_pearson"`` (exact), ``"agresti_coull"`` or ``"jeffreys"``.
    level : float, default 0.95
        The confidence level, between 0 and 1.
    population : int, optional
        The number of units in the population (e.g. the member organisations of an
        umbrella body). Applies the finite population correction; at a census
        (``population == base``) the interval is the proportion itself.
    small_base : int, default 30
        Bases below this are flagged on the result.

    Returns
    -------
    ProportionInterval

    Raises
    ------
    tracktr.InvalidCountsError
        If `count` is negative or not a finite number.
    tracktr.InvalidBaseError
        If `base` is not above zero or is smaller than `count`.
    tracktr.UnknownMethodError
        If `method` is not one of the methods.
    tracktr.InvalidOptionError
        If `level` is not between 0 and 1, or `population` is smaller than `base`.

    See Also
    --------
    compare_proportions : two proportions, their difference, ratio and test.

    Notes
    -----
    With :math:`\hat p = x/n` and :math:`z` the normal quantile of the level, the Wilson
    score interval is

    .. math::

        \frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n}.

    It is well defined at :math:`x = 0` and :math:`x = n` and keeps close to its nominal
    coverage at the small bases of organisational surveys, unlike the Wald interval
    (Newcombe, 1998). Clopper–Pearson and Jeffreys use quantiles of the beta distribution
    (:mod:`scipy.stats`). The finite population correction multiplies the variance by
    :math:`f = (N-n)/(N-1)`; every method applies it by computing the interval for the
    equivalent sample :math:`n/f` with the same proportion.

    References
    ----------
    .. [1] Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion:
       comparison of seven methods. *Statistics in Medicine*, 17(8), 857–872.
       https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E
    .. [2] Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval estimation for a
       binomial proportion. *Statistical Science*, 16(2), 101–133.
       https://doi.org/10.1214/ss/1009213286

    Examples
    --------
    >>> import tracktr as tt
    >>> ci = tt.proportion_ci(0, 19)
    >>> round(ci.ci_low, 3), round(ci.ci_high, 3)
    (0.0, 0.168)
    >>> ci = tt.proportion_ci(15, 148, method="clopper_pearson")
    >>> round(ci.ci_low, 4), round(ci.ci_high, 4)
    (0.0578, 0.1617)
    >>> tt.proportion_ci(12, 34, population=200).small_base
    False
    """
    check_choice(method, CIMethod, name="method")
    level = _check_level(level)
    c, b = _check_count_base(count, base)
    fpc = _fpc(b, population)
    low, high = _interval(c, b, method, level, fpc)
    return ProportionInterval(
        count=c if not c.is_integer() else int(c),
        base=b if not b.is_integer() else int(b),
        proportion=c / b,
        ci_low=low,
        ci_high=high,
        method=method,
        level=level,
        population=None if population is None else int(population),
        small_base=b < small_base,
    )


# -- two proportions -------------------------------------------------------------------------


def _newcombe(
    x1: float, n1: float, x2: float, n2: float, *, level: float, fpc: float
) -> tuple[float, float]:
    """Newcombe's hybrid score interval for ``x1/n1 - x2/n2`` (method 10, 1998)."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = _interval(x1, n1, "wilson", level, fpc)
    l2, u2 = _interval(x2, n2, "wilson", level, fpc)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return max(-1.0, min(low, d)), min(1.0, max(high, d))


def _log_intervals(
    x1: float, n1: float, x2: float, n2: float, *, nested: bool, z: float, fpc: float
) -> tuple[tuple[float, float, float], tuple[float, float, float], bool]:
    """Relative risk and odds ratio, each ``(estimate, low, high)``, by the delta method.

    For ``nested=True``, ``x2 / n2`` is the *rest* of the sample and the ratios compare
    group 1 with the whole sample ``(x1 + x2) / (n1 + n2)``.
    """
    corrected = min(x1, n1 - x1, x2, n2 - x2) == 0
    if corrected:  # Haldane–Anscombe: add 1/2 to every cell of the 2x2 table
        x1, n1, x2, n2 = x1 + 0.5, n1 + 1, x2 + 0.5, n2 + 1
    v1 = x1 * (n1 - x1) / n1  # binomial variance of each count
    v2 = x2 * (n2 - x2) / n2
    if nested:
        total, n = x1 + x2, n1 + n2
        rr = (x1 / n1) / (total / n)
        g_rr = (1 / x1 - 1 / total, -1 / total)
        h = 1 / total + 1 / (n - total)
        odds = (x1 / (n1 - x1)) / (total / (n - total))
        g_or = (1 / x1 + 1 / (n1 - x1) - h, -h)
    else:
        rr = (x1 / n1) / (x2 / n2)
        g_rr = (1 / x1, -1 / x2)
        odds = (x1 * (n2 - x2)) / (x2 * (n1 - x1))
        g_or = (1 / x1 + 1 / (n1 - x1), -(1 / x2 + 1 / (n2 - x2)))
    out = []
    for estimate, (g1, g2) in ((rr, g_rr), (odds, g_or)):
        se = math.sqrt(fpc * (g1 * g1 * v1 + g2 * g2 * v2))
        out.append((estimate, estimate * math.exp(-z * se), estimate * math.exp(z * se)))
    return out[0], out[1], corrected


def _two_by_two_test(
    x1: float, n1: float, x2: float, n2: float, *, test: str | None, fpc: float
) -> tuple[str, float, float, list[str]]:
    """Return ``(test, statistic, p_value, notes)`` for the 2x2 table of two groups."""
    from scipy import stats

    notes: list[str] = []
    cells = np.array([[x1, n1 - x1], [x2, n2 - x2]], dtype=float)
    total = cells.sum()
    expected = np.outer(cells.sum(axis=1), cells.sum(axis=0)) / total
    if test is None:
        test = "fisher" if expected.min() < _EXPECTED_MINIMUM else "chi2"
    if test == "fisher":
        whole = np.rint(cells).astype(np.int64)
        if not np.allclose(whole, cells):
            notes.append("Fisher's exact test used effective counts rounded to whole numbers.")
        result = stats.fisher_exact(whole)
        if fpc < 1:
            notes.append(
                "Fisher's exact test has no finite population correction; its p-value is "
                "conservative here."
            )
        return test, float(result.statistic), float(result.pvalue), notes
    if expected.min() == 0:  # a margin of zero: nothing varies, nothing to test
        return test, 0.0, 1.0, notes
    chi2 = float(stats.chi2_contingency(cells, correction=test == "chi2_yates").statistic)
    if fpc == 0:
        return test, math.inf if chi2 > 0 else 0.0, 0.0 if chi2 > 0 else 1.0, notes
    chi2 /= fpc
    return test, chi2, float(stats.chi2.sf(chi2, 1)), notes


@dataclass(frozen=True, slots=True)
class ProportionComparison:
    """Two proportions compared, returned by :func:`compare_proportions`.

    Attributes
    ----------
    count1, base1, count2, base2 : float
        The counts and bases as given (effective ones for weighted data).
    proportion1, proportion2 : float
        ``count1 / base1`` and ``count2 / base2``.
    proportion1_ci, proportion2_ci : tuple of float
        Wilson score intervals of each proportion.
    difference : float
        ``proportion1 - proportion2``.
    difference_ci : tuple of float
        Newcombe's hybrid score interval of the difference.
    relative_risk, relative_risk_ci : float, tuple of float
        ``proportion1 / proportion2`` and its log-scale (delta method) interval.
    odds_ratio, odds_ratio_ci : float, tuple of float
        The odds ratio and its log-scale interval.
    p_value : float
        From the test named in `test`.
    statistic : float
        The chi-square statistic, or the sample odds ratio for Fisher's test.
    test : ProportionTest
        ``"fisher"``, ``"chi2"`` or ``"chi2_yates"``.
    level : float
        The confidence level of the intervals.
    nested : bool
        Whether group 1 is part of group 2 (a subgroup against the whole sample); the test
        then compares group 1 with the rest of group 2.
    labels : tuple of str
        Names of the two groups, used by :func:`tracktr.describe_comparison`.
    small_base1, small_base2 : bool
        Whether each base is below `small_base_threshold`.
    small_base_threshold : int
        The small-base threshold (30 by default).
    population : int or None
        The population size of the finite population correction.
    corrected : bool
        Whether 1/2 was added to every cell (a zero cell) for the ratios.
    notes : tuple of str
        Caveats: small bases, corrections, conservative tests.

    Examples
    --------
    >>> import tracktr as tt
    >>> result = tt.compare_proportions(56, 70, 48, 80, labels=("men", "women"))
    >>> round(result.difference, 3), result.test, result.small_base
    (0.2, 'chi2', False)
    """

    count1: float
    base1: float
    count2: float
    base2: float
    proportion1: float
    proportion2: float
    proportion1_ci: tuple[float, float]
    proportion2_ci: tuple[float, float]
    difference: float
    difference_ci: tuple[float, float]
    relative_risk: float
    relative_risk_ci: tuple[float, float]
    odds_ratio: float
    odds_ratio_ci: tuple[float, float]
    p_value: float
    statistic: float
    test: ProportionTest
    level: float
    nested: bool = False
    labels: tuple[str, str] = ("group 1", "group 2")
    small_base1: bool = False
    small_base2: bool = False
    small_base_threshold: int = DEFAULT_SMALL_BASE
    population: int | None = None
    corrected: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def small_base(self) -> bool:
        """Whether either base is small.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.compare_proportions(2, 34, 35, 151, nested=True).small_base
        False
        """
        return self.small_base1 or self.small_base2

    def __repr__(self) -> str:
        nested = " within " if self.nested else " vs "
        small = "; small base" if self.small_base else ""
        return (
            f"ProportionComparison({_fmt_count(self.count1)}/{_fmt_count(self.base1)} = "
            f"{self.proportion1:.3f}{nested}{_fmt_count(self.count2)}/"
            f"{_fmt_count(self.base2)} = {self.proportion2:.3f}; difference "
            f"{self.difference:.3f} ({_level_text(self.level)} CI {self.difference_ci[0]:.3f} to "
            f"{self.difference_ci[1]:.3f}); ratio {self.relative_risk:.3g}; {self.test} "
            f"p = {self.p_value:.2g}{small})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return one row per measure: estimate, interval and p-value.

        Examples
        --------
        >>> import tracktr as tt
        >>> frame = tt.compare_proportions(9, 10, 3, 10).to_frame()
        >>> frame.loc["difference", ["estimate", "ci_low", "ci_high"]].round(4).tolist()
        [0.6, 0.1705, 0.809]
        >>> frame.index.tolist()
        ['proportion_1', 'proportion_2', 'difference', 'relative_risk', 'odds_ratio']
        """
        rows = {
            "proportion_1": (self.proportion1, *self.proportion1_ci, math.nan),
            "proportion_2": (self.proportion2, *self.proportion2_ci, math.nan),
            "difference": (self.difference, *self.difference_ci, self.p_value),
            "relative_risk": (self.relative_risk, *self.relative_risk_ci, self.p_value),
            "odds_ratio": (self.odds_ratio, *self.odds_ratio_ci, self.p_value),
        }
        frame = pd.DataFrame.from_dict(
            rows, orient="index", columns=["estimate", "ci_low", "ci_high", "p_value"]
        )
        frame.index.name = "measure"
        return frame


def compare_proportions(
    count1: float,
    base1: float,
    count2: float,
    base2: float,
    *,
    level: float = 0.95,
    test: ProportionTest | None = None,
    population: int | None = None,
    nested: bool = False,
    labels: tuple[str, str] = ("group 1", "group 2"),
    small_base: int = DEFAULT_SMALL_BASE,
) -> ProportionComparison:
    r"""Compare two proportions: difference, ratio, odds ratio, intervals and a test.

    Parameters
    ----------
    count1, base1 : int or float
        The count and base of group 1 (floats: effective counts of weighted data).
    count2, base2 : int or float
        The count and base of group 2; with ``nested=True``, the whole sample that
        contains group 1.
    level : float, default 0.95
        The confidence level of every interval.
    test : {"fisher", "chi2", "chi2_yates"}, optional
        The test. By default Fisher's exact test when any expected count of the 2x2 table
        is below 5, otherwise Pearson's chi-square test (without continuity correction).
        The test used is named on the result.
    population : int, optional
        The number of units in the population the sample was drawn from (for
        ``nested=True``, the population of the whole sample). Applies the finite
        population correction ``(N - n) / (N - 1)`` with ``n`` the whole sample, assuming
        the same sampling fraction in both groups.
    nested : bool, default False
        Group 1 is part of group 2 (a subgroup against the whole sample containing it).
        The test compares group 1 with the rest of group 2; the difference, ratio and
        odds ratio are of group 1 against the whole of group 2, with intervals derived
        from the same two independent parts (see Notes).
    labels : tuple of str, default ("group 1", "group 2")
        Names of the groups, for :func:`tracktr.describe_comparison`.
    small_base : int, default 30
        Bases below this are flagged.

    Returns
    -------
    ProportionComparison

    Raises
    ------
    tracktr.InvalidCountsError
        If a count is negative or not a number.
    tracktr.InvalidBaseError
        If a base is not above zero or is smaller than its count; with ``nested=True``,
        if group 1 does not fit inside group 2.
    tracktr.UnknownMethodError
        If `test` is not a test.
    tracktr.InvalidOptionError
        If `level` is not between 0 and 1 or `population` is smaller than the sample.

    See Also
    --------
    proportion_ci : the interval of one proportion.
    compare_table : every option of a table by group.
    tracktr.describe_comparison : the result as one plain-English sentence.

    Notes
    -----
    The difference :math:`d = \hat p_1 - \hat p_2` has Newcombe's hybrid score interval
    (method 10 of Newcombe, 1998b): with :math:`(l_i, u_i)` the Wilson intervals,

    .. math::

        \left(d - \sqrt{(\hat p_1 - l_1)^2 + (u_2 - \hat p_2)^2},\;
        d + \sqrt{(u_1 - \hat p_1)^2 + (\hat p_2 - l_2)^2}\right).

    The relative risk and odds ratio have Wald intervals on the log scale (delta
    method); when a cell of the 2x2 table is zero, 1/2 is added to every cell first
    (``corrected=True``).

    **Nested groups.** When group 1 (:math:`n_1`) lies inside group 2 (:math:`n`), write
    the rest as :math:`n_r = n - n_1` with proportion :math:`\hat p_r`. The two parts are
    independent, so the test of group 1 against the rest is the valid test of "group 1
    differs from the whole", and

    .. math::

        \hat p_1 - \hat p = \frac{n_r}{n}(\hat p_1 - \hat p_r),

    so the interval of the subgroup-versus-total difference is the Newcombe interval of
    :math:`\hat p_1 - \hat p_r` scaled by :math:`n_r/n`. The ratios' log-scale variances
    are derived by the delta method from the two independent counts. A naive two-sample
    test of group 1 against the whole counts group 1 twice and understates the difference.

    References
    ----------
    .. [1] Newcombe, R. G. (1998b). Interval estimation for the difference between
       independent proportions: comparison of eleven methods. *Statistics in Medicine*,
       17(8), 873–890.
       https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
    .. [2] Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed. Wiley, sections 3.1
       (ratio intervals) and 3.5 (Fisher's exact test).

    Examples
    --------
    Newcombe's (1998b) first example, 56/70 against 48/80:

    >>> import tracktr as tt
    >>> result = tt.compare_proportions(56, 70, 48, 80)
    >>> [round(v, 4) for v in result.difference_ci]
    [0.0524, 0.3339]
    >>> result.test
    'chi2'

    The 2016 report's Table 3: 12 of the 34 CRC-funded organisations have an income over
    £5m, against 20 of all 151 respondents (who include the 34):

    >>> t3 = tt.compare_proportions(12, 34, 20, 151, nested=True)
    >>> round(t3.relative_risk, 2), t3.test, round(t3.p_value, 5)
    (2.66, 'fisher', 0.0001)
    """
    level = _check_level(level)
    if test is not None:
        check_choice(test, ProportionTest, name="test")
    x1, n1 = _check_count_base(count1, base1, suffix="1")
    x2, n2 = _check_count_base(count2, base2, suffix="2")
    if nested and (x1 > x2 or n1 >= n2 or (n1 - x1) > (n2 - x2)):
        msg = (
            f"with nested=True group 1 ({_fmt_count(x1)}/{_fmt_count(n1)}) must lie inside "
            f"group 2 ({_fmt_count(x2)}/{_fmt_count(n2)}) and leave a rest of at least one "
            "respondent."
        )
        hint = (
            "Hint: group 2 is the whole sample including group 1; pass nested=False to "
            "compare two separate groups."
        )
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    fpc = _fpc(n2 if nested else n1 + n2, population)
    return _compare(
        x1,
        n1,
        x2,
        n2,
        level=level,
        test=test,
        fpc=fpc,
        nested=nested,
        labels=labels,
        small_base=small_base,
        population=None if population is None else int(population),
    )


def _compare(
    x1: float,
    n1: float,
    x2: float,
    n2: float,
    *,
    level: float,
    test: str | None,
    fpc: float,
    nested: bool,
    labels: tuple[str, str],
    small_base: int,
    population: int | None,
) -> ProportionComparison:
    """compare_proportions() on validated numbers, with the variance factor `fpc` given."""
    notes: list[str] = []
    xr, nr = (x2 - x1, n2 - n1) if nested else (x2, n2)
    if nested:  # effective (weighted) parts can disagree slightly; keep the rest coherent
        nr = max(nr, 1e-9)
        xr = min(max(xr, 0.0), nr)
    ci1 = _interval(x1, n1, "wilson", level, fpc)
    ci2 = _interval(x2, n2, "wilson", level, fpc)
    low, high = _newcombe(x1, n1, xr, nr, level=level, fpc=fpc)
    difference = x1 / n1 - x2 / n2
    if nested:
        share = nr / n2
        low, high = share * low, share * high
    rr, odds, corrected = _log_intervals(x1, n1, xr, nr, nested=nested, z=_z(level), fpc=fpc)
    if corrected:
        notes.append("A cell was zero: 1/2 was added to every cell for the ratios.")
    used, statistic, p_value, test_notes = _two_by_two_test(x1, n1, xr, nr, test=test, fpc=fpc)
    notes.extend(test_notes)
    if nested:
        notes.append(f"{labels[0]} is part of {labels[1]}: tested against the rest.")
    small1, small2 = n1 < small_base, n2 < small_base
    for label, n, small in ((labels[0], n1, small1), (labels[1], n2, small2)):
        if small:
            notes.append(f"Small base: n={_fmt_count(n)} for {label} (below {small_base}).")
    return ProportionComparison(
        count1=_tidy(x1),
        base1=_tidy(n1),
        count2=_tidy(x2),
        base2=_tidy(n2),
        proportion1=x1 / n1,
        proportion2=x2 / n2,
        proportion1_ci=ci1,
        proportion2_ci=ci2,
        difference=difference,
        difference_ci=(max(-1.0, min(low, difference)), min(1.0, max(high, difference))),
        relative_risk=rr[0],
        relative_risk_ci=(rr[1], rr[2]),
        odds_ratio=odds[0],
        odds_ratio_ci=(odds[1], odds[2]),
        p_value=min(1.0, p_value),
        statistic=statistic,
        test=used,  # type: ignore[arg-type]  # one of ProportionTest, checked by the caller
        level=level,
        nested=nested,
        labels=(str(labels[0]), str(labels[1])),
        small_base1=small1,
        small_base2=small2,
        small_base_threshold=small_base,
        population=population,
        corrected=corrected,
        notes=tuple(notes),
    )


def _tidy(value: float) -> float:
    return int(value) if float(value).is_integer() else value


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
    p = np.asarray(p_values, dtype=float).ravel()
    if p.size and (not np.all(np.isfinite(p)) or p.min() < 0 or p.max() > 1):
        msg = f"p-values must be numbers from 0 to 1; got {p[(p < 0) | (p > 1)][:5].tolist()}."
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


_COMPARISON_COLUMNS = [
    "option",
    "group",
    "versus",
    "count",
    "base",
    "proportion",
    "count_versus",
    "base_versus",
    "proportion_versus",
    "difference",
    "ci_low",
    "ci_high",
    "relative_risk",
    "test",
    "p_value",
    "p_adjusted",
    "significant",
    "small_base",
]


@dataclass(frozen=True, slots=True)
class GroupComparison:
    """Every option of a question compared between groups, from :func:`compare_table`.

    Attributes
    ----------
    table : Table
        The tabulation compared.
    comparisons : pandas.DataFrame
        One row per option and pair compared: ``option``, ``group``, ``versus``, counts,
        bases and proportions of both sides, ``difference`` with ``ci_low`` and
        ``ci_high``, ``relative_risk``, the ``test`` and its ``p_value``,
        ``p_adjusted`` (for the number of rows), ``significant`` (``p_adjusted`` below
        ``1 - level``) and ``small_base``.
    overall : AssociationTest or None
        Chi-square test of the whole table with Cramér's V; None for multi-response
        questions, which are not a partition.
    ordinal : AssociationTest or None
        A test that uses the order of the options, for ordinal questions.
    letters : pandas.DataFrame or None
        Column-proportion letters (``against="pairs"``): for each option and group, the
        letters of the groups whose proportion it significantly exceeds.
    against : CompareAgainst
        ``"pairs"``, ``"rest"`` or ``"total"``.
    adjust : PAdjustMethod
        The p-value adjustment.
    level : float
        The confidence level.
    groups : tuple
        The groups compared, in column order.
    total : object or None
        The label of the column holding the whole sample, if any.
    effective_bases : pandas.Series or None
        Kish effective bases of weighted tables.
    notes : tuple of str
        Caveats: small bases, weights, the overlap of a subgroup with the total.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
    ...     bases=pd.Series({"A": 40, "B": 40}),
    ... )
    >>> result = tt.compare_table(table)
    >>> result.display().loc["Yes"].tolist()
    ['75% B', '38%']
    """

    table: Table
    comparisons: pd.DataFrame
    overall: AssociationTest | None
    ordinal: AssociationTest | None
    letters: pd.DataFrame | None
    against: CompareAgainst
    adjust: PAdjustMethod
    level: float
    groups: tuple[Any, ...]
    total: Any = None
    effective_bases: pd.Series | None = None
    notes: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        significant = int(self.comparisons["significant"].sum())
        overall = f"; overall {self.overall!r}" if self.overall is not None else ""
        return (
            f"GroupComparison({self.table.question or 'table'}: {len(self.groups)} group(s) "
            f"against {self.against}, {len(self.comparisons)} comparisons, {significant} "
            f"significant at {_level_text(self.level)} after {self.adjust}{overall})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the comparisons, one row per option and pair (a copy).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> table = tt.Table(
        ...     counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
        ...     bases=pd.Series({"A": 40, "B": 40}),
        ... )
        >>> frame = tt.compare_table(table).to_frame()
        >>> frame[["option", "group", "versus", "difference"]]
          option group versus  difference
        0    Yes     A      B       0.375
        1     No     A      B      -0.375
        """
        return self.comparisons.copy()

    def display(
        self, *, rule: RoundingRule | None = None, decimals: int | None = None
    ) -> pd.DataFrame:
        """Return the table as printed: percentages with significance marks, and bases.

        With ``against="pairs"`` each group is given a letter (A, B, ...) and a cell shows
        the letters of the groups whose proportion it significantly exceeds, as market
        research tables print them. With ``"rest"`` or ``"total"`` a cell is marked
        ``▲`` (significantly higher) or ``▼`` (lower).

        Parameters
        ----------
        rule, decimals
            The rounding of the percentages; default the table's.

        Returns
        -------
        pandas.DataFrame
            Strings: one row per option and a last row ``"Base"``.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> table = tt.Table(
        ...     counts=pd.DataFrame({"A": [30, 10], "B": [15, 25]}, index=["Yes", "No"]),
        ...     bases=pd.Series({"A": 40, "B": 40}),
        ... )
        >>> tt.compare_table(table).display()
                A (A)    B (B)
        Yes     75% B      38%
        No        25%    63% A
        Base       40       40
        """
        decimals = self.table.decimals if decimals is None else decimals
        percent = self.table.percentages(rule=rule, decimals=decimals)
        columns = [*self.groups, *([self.total] if self.total is not None else [])]
        marks = self._marks()
        out: dict[str, list[str]] = {}
        for column in columns:
            cells = []
            for option in self.table.counts.index:
                value = percent.loc[option, column]
                text = "n/a" if pd.isna(value) else format_percent(float(value), decimals=decimals)
                mark = marks.get((option, column), "")
                cells.append(f"{text} {mark}" if mark else text)
            base = _fmt_count(float(self.table.bases[column]))
            if self.table.unweighted_bases is not None:
                base += f" (n={_fmt_count(float(self.table.unweighted_bases[column]))})"
            cells.append(base)
            out[self._header(column)] = cells
        return pd.DataFrame(out, index=pd.Index([*self.table.counts.index, "Base"]))

    def _header(self, column: Any) -> str:
        if self.against == "pairs" and column in self.groups:
            return f"{column} ({_letter(self.groups.index(column))})"
        return str(column)

    def _marks(self) -> dict[tuple[Any, Any], str]:
        if self.letters is not None:
            return {
                (option, group): str(self.letters.loc[option, group])
                for option in self.letters.index
                for group in self.letters.columns
                if self.letters.loc[option, group]
            }
        marks: dict[tuple[Any, Any], str] = {}
        for row in self.comparisons.to_dict("records"):
            if row["significant"]:
                mark = "▲" if float(row["difference"]) > 0 else "▼"
                marks[(row["option"], row["group"])] = mark
        return marks

    def _repr_html_(self) -> str:
        return str(self.display().to_html())


def _letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _find_total(table: Table, total: Any) -> Any:
    columns = list(table.counts.columns)
    if total is False:
        return None
    if total is None or total is True:
        for name in ("All", "Total"):
            if name in columns:
                return name
        return None
    if total not in columns:
        msg = f"`total` names column {total!r}, which is not in the table's columns {columns}."
        raise InvalidOptionError(f"{msg}\n\nHint: pass the label of the whole-sample column.")
    return total


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
    scores = np.arange(k)
    samples = [np.repeat(scores, counts[:, j]) for j in range(groups)]
    if groups == 2:
        u = stats.mannwhitneyu(samples[0], samples[1], alternative="two-sided")
        return AssociationTest("mann_whitney", float(u.statistic), float(u.pvalue))
    if not ordered_groups:
        h = stats.kruskal(*samples)
        return AssociationTest("kruskal_wallis", float(h.statistic), float(h.pvalue), groups - 1)
    # Linear-by-linear association (Agresti 2013, 3.4.1): M² = (N - 1) r² on integer scores.
    row = np.repeat(np.tile(scores, groups), counts.T.ravel())
    column = np.repeat(np.repeat(np.arange(groups), k), counts.T.ravel())
    r = float(np.corrcoef(row, column)[0, 1])
    m2 = (row.size - 1) * r * r
    return AssociationTest("linear_by_linear", m2, float(stats.chi2.sf(m2, 1)), 1)


@dataclass(frozen=True, slots=True)
class _Sides:
    """A table read for comparison: groups, the whole sample, effective-base scales."""

    counts: pd.DataFrame
    bases: pd.Series
    scale: pd.Series
    groups: tuple[Any, ...]
    total: Any
    whole_counts: pd.Series
    whole_base: float
    whole_name: Any
    whole_scale: float
    fpc: float
    notes: tuple[str, ...]


def _sides(
    table: Table, total: Any, effective_bases: pd.Series | None, population: int | None
) -> _Sides:
    total_label = _find_total(table, total)
    groups = tuple(c for c in table.counts.columns if c != total_label)
    notes: list[str] = []
    counts = table.counts.astype(float)
    bases = table.bases.astype(float)
    scale = pd.Series(1.0, index=table.counts.columns)
    if effective_bases is not None:
        scale = (effective_bases.reindex(table.counts.columns).astype(float) / bases).fillna(1.0)
        notes.append("Weighted: intervals and tests use Kish effective bases.")
    elif table.unweighted_bases is not None:
        scale = table.unweighted_bases.astype(float) / bases
        notes.append(
            "Weighted table without effective bases: the unweighted bases were used, which "
            "ignores the design effect of the weights; compare_groups(weights=...) applies "
            "the Kish effective base."
        )
    scale = scale.where(bases > 0, 1.0)
    if total_label is None:
        whole_counts = counts.loc[:, list(groups)].sum(axis=1)
        whole_base = float(bases[list(groups)].sum())
        whole_scale = float((bases * scale)[list(groups)].sum() / whole_base) if whole_base else 1.0
        whole_name: Any = "total"
    else:
        whole_counts = counts[total_label]
        whole_base = float(bases[total_label])
        whole_scale = float(scale[total_label])
        whole_name = total_label
    respondents = whole_base
    if table.unweighted_bases is not None:
        unweighted = table.unweighted_bases.astype(float)
        respondents = float(
            unweighted[total_label] if total_label is not None else unweighted[list(groups)].sum()
        )
    fpc = _fpc(respondents, population)
    if population is not None:
        notes.append(f"Finite population correction for a population of {population}.")
    return _Sides(
        counts,
        bases,
        scale,
        groups,
        total_label,
        whole_counts,
        whole_base,
        whole_name,
        whole_scale,
        fpc,
        tuple(notes),
    )


def _comparison_rows(
    sides: _Sides,
    against: str,
    *,
    level: float,
    test: str | None,
    small_base: int,
    population: int | None,
) -> list[dict[str, Any]]:
    counts, bases, scale = sides.counts, sides.bases, sides.scale
    rows: list[dict[str, Any]] = []

    def add(option: Any, g: Any, versus: Any, x2: float, n2: float, *, nested: bool) -> None:
        # x2, n2: the other side as displayed (respondents); the test uses effective ones.
        s2 = sides.whole_scale if versus in (sides.whole_name, "rest") else float(scale[versus])
        result = _compare(
            float(counts.loc[option, g] * scale[g]),
            float(bases[g] * scale[g]),
            x2 * s2,
            n2 * s2,
            level=level,
            test=test,
            fpc=sides.fpc,
            nested=nested,
            labels=(str(g), str(versus)),
            small_base=small_base,
            population=population,
        )
        rows.append(
            {
                "option": option,
                "group": g,
                "versus": versus,
                "count": counts.loc[option, g],
                "base": bases[g],
                "proportion": counts.loc[option, g] / bases[g],
                "count_versus": x2,
                "base_versus": n2,
                "proportion_versus": x2 / n2,
                "difference": result.difference,
                "ci_low": result.difference_ci[0],
                "ci_high": result.difference_ci[1],
                "relative_risk": result.relative_risk,
                "test": result.test,
                "p_value": result.p_value,
                "small_base": bool(bases[g] < small_base or n2 < small_base),
            }
        )

    for option in counts.index:
        for i, g in enumerate(sides.groups):
            if bases[g] == 0:
                continue
            if against == "pairs":
                for h in sides.groups[i + 1 :]:
                    if bases[h] > 0:
                        add(option, g, h, counts.loc[option, h], bases[h], nested=False)
                continue
            rest_count = float(sides.whole_counts[option] - counts.loc[option, g])
            rest_base = sides.whole_base - float(bases[g])
            if rest_base <= 0:
                continue
            if against == "rest":
                add(option, g, "rest", rest_count, rest_base, nested=False)
            else:
                whole = float(sides.whole_counts[option])
                add(option, g, sides.whole_name, whole, sides.whole_base, nested=True)
    return rows


def _letters(frame: pd.DataFrame, sides: _Sides) -> pd.DataFrame:
    letters = pd.DataFrame("", index=sides.counts.index, columns=pd.Index(list(sides.groups)))
    marks: dict[tuple[Any, Any], str] = {}
    for row in frame.to_dict("records"):
        if row["significant"]:
            higher, lower = row["group"], row["versus"]
            if float(row["difference"]) < 0:
                higher, lower = lower, higher
            key = (row["option"], higher)
            marks[key] = marks.get(key, "") + _letter(sides.groups.index(lower))
    for (option, group), text in marks.items():
        letters.loc[option, group] = "".join(sorted(text))
    return letters


def _association(
    table: Table,
    sides: _Sides,
    *,
    ordinal: bool,
    ordered_groups: bool,
    dont_know: Sequence[str],
) -> tuple[AssociationTest | None, AssociationTest | None]:
    counts, scale = sides.counts, sides.scale
    if len(sides.groups) >= 2:
        columns = [counts[g] * scale[g] for g in sides.groups]
    else:  # one group and the whole sample: the group against the rest
        g = sides.groups[0]
        rest = (sides.whole_counts - counts[g]).clip(lower=0) * sides.whole_scale
        columns = [counts[g] * scale[g], rest]
    matrix = np.column_stack([c.to_numpy(dtype=float) for c in columns])
    overall = _chi2_test(matrix, sides.fpc) if table.partition else None
    ordinal_test = None
    if ordinal:
        keep = np.array([option not in set(dont_know) for option in counts.index])
        ordinal_test = _ordinal_test(matrix[keep], ordered_groups=ordered_groups)
    return overall, ordinal_test


def compare_table(
    table: Table,
    *,
    against: CompareAgainst | None = None,
    adjust: PAdjustMethod = "holm",
    level: float = 0.95,
    population: int | None = None,
    total: Any = None,
    ordinal: bool = False,
    ordered_groups: bool = False,
    dont_know: Sequence[str] = ("Don't know",),
    effective_bases: pd.Series | None = None,
    test: ProportionTest | None = None,
) -> GroupComparison:
    r"""Compare every option of a tabulated question between the table's groups.

    Parameters
    ----------
    table : Table
        A table with options as rows and groups as columns (column percentages), such as
        ``tt.frequencies(df, question, by=group)``.
    against : {"pairs", "rest", "total"}, optional
        ``"pairs"`` (the default, also ``None``): every pair of groups. ``"rest"``: each
        group against everyone else in the whole sample. ``"total"``: each group against
        the whole sample that contains it, tested against the rest (see Notes).
    adjust : {"holm", "bh", "bonferroni", "none"}, default "holm"
        Adjustment of the p-values for the number of comparisons (all rows of the result).
    level : float, default 0.95
        Confidence level of the intervals; a comparison is significant when its adjusted
        p-value is below ``1 - level``.
    population : int, optional
        The number of units in the population (e.g. member organisations): applies the
        finite population correction for the sampling fraction of the whole table.
    total : label, False or None
        The column holding the whole sample. By default a column named ``"All"`` or
        ``"Total"`` (as :func:`tracktr.frequencies` adds); ``False`` for none, in which case
        the whole sample is the sum of the groups.
    ordinal : bool, default False
        The options are an ordered scale: also run an ordinal test (Mann–Whitney for two
        groups; Kruskal–Wallis, or linear-by-linear with `ordered_groups`, for more).
    ordered_groups : bool, default False
        The groups are ordered too (e.g. income bands): use the linear-by-linear test.
    dont_know : sequence of str, default ("Don't know",)
        Options outside the scale, left out of the ordinal test.
    effective_bases : pandas.Series, optional
        Kish effective bases of a weighted table, by column; :func:`compare_groups`
        computes them from the weights.
    test : {"fisher", "chi2", "chi2_yates"}, optional
        Force the two-group test; see :func:`compare_proportions`.

    Returns
    -------
    GroupComparison

    Raises
    ------
    tracktr.InvalidOptionError
        If the table has fewer than two groups (or one group and no total), is a grid,
        holds row percentages, or holds multi-response shares of answers rather than of
        respondents.

    See Also
    --------
    compare_groups : tabulate and compare in one call.
    compare_proportions : one comparison, with ratios.

    Notes
    -----
    ``against="total"`` compares a subgroup with a whole that contains it. The subgroup
    and the rest of the sample are independent, the subgroup and the total are not; so
    the test is of the subgroup against the rest, and the subgroup-versus-total
    difference :math:`\hat p_g - \hat p = (n_r/n)(\hat p_g - \hat p_r)` gets the
    Newcombe interval of :math:`\hat p_g - \hat p_r` scaled by :math:`n_r/n`.

    The overall test is Pearson's chi-square of options by groups (by the group and the
    rest when one group is compared with a total), with Cramér's V
    :math:`\sqrt{\chi^2 / (N (\min(r, c) - 1))}`. Multi-response tables have no overall
    test: their options are not a partition.

    Weighted tables use Kish effective bases :math:`(\sum w)^2 / \sum w^2`: each
    weighted share is applied to its effective base, so that weighted counts are never
    treated as respondents.

    Examples
    --------
    The 2016 report's Table 3, income of CRC-funded respondents against all respondents:

    >>> import pandas as pd
    >>> import tracktr as tt
    >>> bands = ["Under £100,000", "£100,000 - £250,000", "£250,000 - £500,000",
    ...          "£500,000 - £1m", "£1m - £5m", "£5m - £10m", "Over £10m"]
    >>> table3 = tt.Table(
    ...     counts=pd.DataFrame({"CRC-funded": [2, 3, 6, 4, 7, 4, 8],
    ...                          "All": [35, 19, 20, 26, 31, 8, 12]}, index=bands),
    ...     bases=pd.Series({"CRC-funded": 34, "All": 151}),
    ...     question="income",
    ... )
    >>> result = tt.compare_table(table3, against="total")
    >>> result.to_frame().loc[[0, 6], ["option", "difference", "ci_low", "ci_high"]].round(3)
               option  difference  ci_low  ci_high
    0  Under £100,000      -0.173  -0.248   -0.056
    6       Over £10m       0.156   0.061    0.284
    """
    level = _check_level(level)
    against = "pairs" if against is None else against
    check_choice(against, CompareAgainst, name="against")
    check_choice(adjust, PAdjustMethod, name="adjust")
    if test is not None:
        check_choice(test, ProportionTest, name="test")
    if table.percent_axis != "columns" or table.kind == "grid":
        msg = (
            f"compare_table() compares the columns (groups) of a table of one question; "
            f"table {table.question!r} is a {table.kind} table with {table.percent_axis} "
            "percentages."
        )
        hint = "Hint: tabulate one question by group, e.g. tt.frequencies(df, q, by=group)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if table.kind == "multi" and table.partition:
        msg = (
            f"table {table.question!r} holds shares of all answers given (ticks), not of "
            "respondents; ticks by one respondent are not independent, so they cannot be "
            "tested as if each were a respondent."
        )
        hint = "Hint: tabulate with percent_of='respondents' (the default) to compare groups."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    sides = _sides(table, total, effective_bases, population)
    if len(sides.groups) < 2 and (sides.total is None or against == "pairs"):
        msg = (
            f"comparing groups needs at least two groups; table {table.question!r} has "
            f"{len(sides.groups)}: {list(sides.groups)}."
        )
        hint = (
            "Hint: check that `by` splits the respondents into two or more groups, or "
            "compare one group with the whole sample using against='total'."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    rows = _comparison_rows(
        sides, against, level=level, test=test, small_base=table.small_base, population=population
    )
    frame = pd.DataFrame(rows, columns=_COMPARISON_COLUMNS)
    frame["p_adjusted"] = adjust_p_values(frame["p_value"].to_numpy(dtype=float), method=adjust)
    frame["significant"] = frame["p_adjusted"] < 1 - level
    frame["small_base"] = frame["small_base"].astype(bool)
    for column in ("count", "base", "count_versus", "base_versus"):
        values = frame[column].to_numpy(dtype=float)
        if np.all(np.mod(values, 1) == 0):
            frame[column] = values.astype(np.int64)
    overall, ordinal_test = _association(
        table, sides, ordinal=ordinal, ordered_groups=ordered_groups, dont_know=dont_know
    )
    notes = list(sides.notes)
    if not table.partition:
        notes.append(
            "Multi-response: the options are not a partition, so there is no overall test; "
            "each option is compared separately."
        )
    small = [g for g in sides.groups if 0 < sides.bases[g] < table.small_base]
    if small:
        listed = ", ".join(f"{g} (n={_fmt_count(float(sides.bases[g]))})" for g in small)
        notes.append(f"Small base: care is needed with {listed}.")
    if against == "total":
        notes.append(
            "Each group is part of the total: it was tested against the rest of the sample, "
            "and its difference from the total derived from that comparison."
        )
    return GroupComparison(
        table=table,
        comparisons=frame,
        overall=overall,
        ordinal=ordinal_test,
        letters=_letters(frame, sides) if against == "pairs" else None,
        against=against,
        adjust=adjust,
        level=level,
        groups=sides.groups,
        total=sides.total,
        effective_bases=effective_bases,
        notes=tuple(notes),
    )


def _kish_bases(
    data: pd.DataFrame,
    table: Table,
    *,
    answer_columns: Sequence[str],
    by: str,
    weights: str | Sequence[float],
    single: bool,
) -> pd.Series:
    """Return the Kish effective base of every column of a weighted table.

    The design effect ``n * sum(w**2) / sum(w)**2`` is computed over the respondents of
    each column who answered, and divides the table's unweighted base.
    """
    from tracktr.missing import is_missing

    w = data[weights] if isinstance(weights, str) else pd.Series(weights, index=data.index)
    w = w.astype(float)
    answered = pd.Series(False, index=data.index)
    for column in answer_columns:
        cell = data[column]
        ok = ~is_missing(cell)
        if single:
            ok &= cell.isin(list(table.counts.index))
        answered |= ok.fillna(False).astype(bool)
    unweighted = table.unweighted_bases if table.unweighted_bases is not None else table.bases
    total = _find_total(table, None)
    effective = {}
    for column in table.counts.columns:
        if column == total:
            in_column = answered
        else:
            in_column = answered & (data[by] == column).fillna(False).astype(bool)
        weight = w[in_column].to_numpy(dtype=float)
        n = float(unweighted[column])
        if weight.size == 0 or float(weight.sum()) == 0:
            effective[column] = n
            continue
        deff = weight.size * float((weight**2).sum()) / float(weight.sum()) ** 2
        effective[column] = n / deff
    return pd.Series(effective, dtype=float)


def compare_groups(
    data: pd.DataFrame,
    question: str,
    by: str,
    /,
    *,
    survey: Any = None,
    against: CompareAgainst | None = None,
    adjust: PAdjustMethod = "holm",
    level: float = 0.95,
    population: int | None = None,
    weights: str | Sequence[float] | None = None,
    ordinal: bool | None = None,
    ordered_groups: bool = False,
    test: ProportionTest | None = None,
    **options: Any,
) -> GroupComparison:
    """Tabulate a question by group and compare every option between the groups.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    question : str
        A single-choice, ordinal or multi-response question.
    by : str
        The column that splits respondents into groups (two or more).
    survey : Survey, optional
        A codebook: gives the question's type (``"multi"`` is tabulated with
        :func:`tracktr.multi_response`, ``"ordinal"`` gets an ordinal test), options and
        "don't know" options.
    against : {"pairs", "rest", "total"}, optional
        Compare every pair of groups (default), each group with everyone else, or each
        group with the whole sample that contains it (tested against the rest).
    adjust : {"holm", "bh", "bonferroni", "none"}, default "holm"
        Adjustment for the number of comparisons.
    level : float, default 0.95
        Confidence level.
    population : int, optional
        The number of units in the population, for the finite population correction.
    weights : str or sequence of float, optional
        Weights: counts become weighted sums, and intervals and tests use each group's
        Kish effective base.
    ordinal : bool, optional
        Run an ordinal test; by default when the codebook says the question is ordinal.
    ordered_groups : bool, default False
        The groups are ordered: with more than two, use the linear-by-linear test.
    test : {"fisher", "chi2", "chi2_yates"}, optional
        Force the two-group test.
    **options
        Passed to :func:`tracktr.frequencies` (or :func:`tracktr.multi_response` when
        `columns` or `separator` is given or the codebook says ``"multi"``), such as
        ``options=``, ``dont_know=``, ``rule=`` and ``decimals=``.

    Returns
    -------
    GroupComparison

    Raises
    ------
    tracktr.InvalidOptionError
        If `by` splits the respondents into fewer than two groups, or the question is a
        grid.
    tracktr.QuestionNotFoundError
        If the question or `by` is not in the data.

    See Also
    --------
    compare_table : the same comparison of a table already tabulated.
    tracktr.describe_comparison : one comparison as a sentence.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({
    ...     "funder": ["CRC"] * 30 + ["Other"] * 40,
    ...     "grants": ["Yes"] * 5 + ["No"] * 25 + ["Yes"] * 29 + ["No"] * 11,
    ... })
    >>> result = tt.compare_groups(df, "grants", "funder", options=["Yes", "No"])
    >>> result.display()
            CRC (A) Other (B)      All
    Yes         17%     73% A      49%
    No        83% B       28%      51%
    Base         30        40       70
    >>> round(result.overall.cramers_v, 2)
    0.55
    """
    import tracktr as tt

    spec = survey.spec(question) if survey is not None else None
    kind = spec.type if spec is not None else None
    if kind is None and ("columns" in options or "separator" in options):
        kind = "multi"
    if kind == "grid":
        msg = f"compare_groups() compares one question; {question!r} is a grid."
        hint = "Hint: compare each item of the grid as its own question."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    tabulate = tt.multi_response if kind == "multi" else tt.frequencies
    table = tabulate(data, question, survey=survey, by=by, weights=weights, **options)
    if ordinal is None:
        ordinal = kind == "ordinal"
    dont_know: Sequence[str] = (
        spec.dont_know if spec is not None else options.get("dont_know_options", ("Don't know",))
    )
    effective = None
    if weights is not None:
        if spec is not None and spec.columns:
            answer_columns: Sequence[str] = spec.columns
        else:
            answer_columns = options.get("columns") or (question,)
        effective = _kish_bases(
            data,
            table,
            answer_columns=answer_columns,
            by=by,
            weights=weights,
            single=kind != "multi",
        )
    groups = [c for c in table.counts.columns if c != _find_total(table, None)]
    if len(groups) < 2:
        msg = (
            f"`by={by!r}` splits the respondents who answered {question!r} into "
            f"{len(groups)} group(s): {groups}; a comparison needs at least two."
        )
        hint = (
            "Hint: choose a `by` column with two or more groups, or compare the group with "
            "everyone using tt.compare_proportions()."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return compare_table(
        table,
        against=against,
        adjust=adjust,
        level=level,
        population=population,
        ordinal=ordinal,
        ordered_groups=ordered_groups,
        dont_know=dont_know,
        effective_bases=effective,
        test=test,
    )

"""Two proportions: difference, ratio and odds ratio with intervals, and a test."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._text import level_text
from tracktr.compare._intervals import (
    _EXPECTED_MINIMUM,
    _check_count_base,
    _check_level,
    _fmt_count,
    _fpc,
    _interval,
    _z,
)
from tracktr.compare._tests import fisher_p_value
from tracktr.exceptions import InvalidBaseError
from tracktr.table import DEFAULT_SMALL_BASE
from tracktr.typing import ProportionTest, check_choice

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
    x1: float,
    n1: float,
    x2: float,
    n2: float,
    *,
    nested: bool,
    z: float,
    fpc: float,
    rest_share: float | None = None,
) -> tuple[tuple[float, float, float], tuple[float, float, float], bool]:
    """Relative risk and odds ratio, each ``(estimate, low, high)``, by the delta method.

    For ``nested=True``, ``x2 / n2`` is the *rest* of the sample and the ratios compare
    group 1 with the whole sample, ``p1`` and the rest's share mixed by `rest_share` (the
    rest's part of the whole; by default ``n2 / (n1 + n2)``, the unweighted mix). Weighted
    bases give a weighted whole: its mix is the weighted one, not the effective bases'.
    """
    x1, x2 = _snap(x1, n1), _snap(x2, n2)
    corrected = min(x1, n1 - x1, x2, n2 - x2) == 0
    if corrected:  # Haldane–Anscombe: add 1/2 to every cell of the 2x2 table
        x1, n1, x2, n2 = x1 + 0.5, n1 + 1, x2 + 0.5, n2 + 1
    v1 = x1 * (n1 - x1) / n1  # binomial variance of each count
    v2 = x2 * (n2 - x2) / n2
    if nested:
        # The whole is pw = s1 p1 + sr pr; the gradients are of the log ratios in the
        # counts x1 and x2 (dp/dx = 1/n), which for s1 = n1/n are 1/x1 - 1/total, ...
        sr = n2 / (n1 + n2) if rest_share is None else rest_share
        s1 = 1 - sr
        p1, pr = x1 / n1, x2 / n2
        pw = s1 * p1 + sr * pr
        rr = p1 / pw
        g_rr = ((1 / p1 - s1 / pw) / n1, -sr / pw / n2)
        h = 1 / pw + 1 / (1 - pw)
        odds = (p1 / (1 - p1)) / (pw / (1 - pw))
        g_or = ((1 / p1 + 1 / (1 - p1) - s1 * h) / n1, -sr * h / n2)
    else:
        rr = (x1 / n1) / (x2 / n2)
        g_rr = (1 / x1, -1 / x2)
        odds = (x1 * (n2 - x2)) / (x2 * (n1 - x1))
        g_or = (1 / x1 + 1 / (n1 - x1), -(1 / x2 + 1 / (n2 - x2)))
    out = []
    for estimate, (g1, g2) in ((rr, g_rr), (odds, g_or)):
        se = math.sqrt(fpc * (g1 * g1 * v1 + g2 * g2 * v2))
        out.append((estimate, *_log_bounds(estimate, z * se)))
    return out[0], out[1], corrected


def _snap(count: float, base: float) -> float:
    """Return a count within float rounding of 0 or of its base as exactly 0 or the base.

    An effective count is a weighted share times an effective base: a share of 1 comes
    back a few ulps below the base (37.29999999999999 of 37.3), and the ratios would
    divide by that leftover instead of applying the zero-cell correction.
    """
    tolerance = 1e-12 * base
    if count <= tolerance:
        return 0.0
    return base if base - count <= tolerance else count


def _log_bounds(estimate: float, spread: float) -> tuple[float, float]:
    """Return ``estimate * exp(-spread), estimate * exp(spread)``, infinite past a float.

    A cell of a tiny fraction of a respondent gives a standard error so large that
    ``exp`` overflows: the interval is then unbounded above, as its limit is.
    """
    high = estimate * math.exp(spread) if spread < _LOG_MAX else math.inf
    return estimate * math.exp(-spread), high


_LOG_MAX = 700.0
"""Largest exponent taken (math.exp overflows just above 709)."""


def _two_by_two_test(
    x1: float, n1: float, x2: float, n2: float, *, test: str | None, fpc: float
) -> tuple[str, float, float, list[str], bool]:
    """Return ``(test, statistic, p_value, notes, tested)`` for the 2x2 table of two groups.

    A table with a margin of 0 (nobody, or everybody, on both sides; for Fisher's test,
    after rounding to whole numbers) has one possible table: nothing is tested, the
    p-value is 1, the statistic is NaN and `tested` is False.
    """
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
        if _zero_margin(whole):
            return test, math.nan, 1.0, notes, False
        a, b, c, d = (int(v) for v in whole.ravel())
        # The sample odds ratio, as scipy.stats.fisher_exact gives it (inf with a zero).
        odds = a * d / (b * c) if b > 0 and c > 0 else math.inf
        if fpc < 1:
            notes.append(
                "Fisher's exact test has no finite population correction; its p-value is "
                "conservative here."
            )
        return test, odds, fisher_p_value(a, b, c, d), notes, True
    if _zero_margin(cells):
        return test, math.nan, 1.0, notes, False
    chi2 = float(stats.chi2_contingency(cells, correction=test == "chi2_yates").statistic)
    if fpc == 0:
        return test, math.inf if chi2 > 0 else 0.0, 0.0 if chi2 > 0 else 1.0, notes, True
    chi2 /= fpc
    return test, chi2, float(stats.chi2.sf(chi2, 1)), notes, True


def _zero_margin(cells: npt.NDArray[Any]) -> bool:
    """Whether a row or a column of a 2x2 table sums to 0 (one table has its margins)."""
    return bool((cells.sum(axis=0) <= 0).any() or (cells.sum(axis=1) <= 0).any())


def _untested_note(nobody: bool, everybody: bool) -> str:
    """Return the note of a comparison with a margin of 0: why no test was possible."""
    if nobody or everybody:
        who = "nobody in either group has" if nobody else "everybody in both groups has"
        return (
            f"No test possible: {who} this (a margin of the 2x2 table is 0), so the data "
            "cannot show a difference; the p-value is 1 and the statistic undefined (NaN). "
            "The ratios are those of the table with 1/2 added to every cell: they come "
            "from that correction and the bases, not from a difference in the data."
        )
    return (
        "No test possible: Fisher's exact test takes whole numbers, and the effective "
        "counts rounded to them leave a margin of 0 (one possible table); the p-value is 1 "
        "and the statistic undefined (NaN)."
    )


@dataclass(frozen=True, slots=True)
class ProportionComparison:
    """Two proportions compared, returned by :func:`~tracktr.compare_proportions`.

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
        From the test named in `test`; 1 where no test is possible (`testable`).
    statistic : float
        The chi-square statistic, or the sample odds ratio for Fisher's test; NaN where
        no test is possible.
    test : ProportionTest
        ``"fisher"``, ``"chi2"`` or ``"chi2_yates"``: the test run, or, where no test is
        possible, the one that would have been.
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
        Caveats: small bases, corrections, conservative tests, and why no test was
        possible.
    testable : bool
        False where the 2x2 table has a margin of 0 (nobody, or everybody, on both sides
        has the outcome; for Fisher's test also after rounding effective counts to whole
        numbers): only the observed table has those margins, so no test can tell the
        groups apart. The p-value is then 1 and the statistic NaN, and the
        ``repr`` says "no test possible".

    Examples
    --------
    >>> import tracktr as tt
    >>> result = tt.compare_proportions(56, 70, 48, 80, labels=("men", "women"))
    >>> round(result.difference, 3), result.test, result.small_base
    (0.2, 'chi2', False)

    Nobody in either group: no test is possible, and the result says so.

    >>> nobody = tt.compare_proportions(0, 40, 0, 50)
    >>> nobody.testable, nobody.p_value
    (False, 1.0)
    >>> nobody.notes[1][:58]
    'No test possible: nobody in either group has this (a margi'
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
    testable: bool = True

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
        test = (
            f"{self.test} p = {self.p_value:.2g}"
            if self.testable
            else "no test possible (a margin is 0)"
        )
        return (
            f"ProportionComparison({_fmt_count(self.count1)}/{_fmt_count(self.base1)} = "
            f"{self.proportion1:.3f}{nested}{_fmt_count(self.count2)}/"
            f"{_fmt_count(self.base2)} = {self.proportion2:.3f}; difference "
            f"{self.difference:.3f} ({level_text(self.level)} CI {self.difference_ci[0]:.3f} to "
            f"{self.difference_ci[1]:.3f}); ratio {self.relative_risk:.3g}; {test}{small})"
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
        return _measures(rows)


def _measures(rows: dict[str, tuple[float, float, float, float]]) -> pd.DataFrame:
    """Return a comparison's ``to_frame()``: one row per measure, the same four columns.

    Shared with :class:`tracktr.waves.WaveChange`, so that every comparison of two shares
    reads the same way.
    """
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
        If a base is below 1 or is smaller than its count; with ``nested=True``,
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
    rest: tuple[float, float, float] | None = None,
) -> ProportionComparison:
    """compare_proportions() on validated numbers, with the variance factor `fpc` given.

    With ``nested=True``, `rest` gives the rest of the whole directly, as ``(count, base,
    share)``: its effective count and base and its part of the whole's (weighted) base.
    Weighted, the rest's Kish base is not the whole's less the group's (that difference
    can be negative), and the whole's weighted share is not read from effective bases.
    """
    notes: list[str] = []
    if rest is not None:
        xr, nr, share = rest
    else:
        xr, nr = (x2 - x1, n2 - n1) if nested else (x2, n2)
        share = nr / n2
    ci1 = _interval(x1, n1, "wilson", level, fpc)
    ci2 = _interval(x2, n2, "wilson", level, fpc)
    low, high = _newcombe(x1, n1, xr, nr, level=level, fpc=fpc)
    difference = x1 / n1 - x2 / n2
    if nested:
        low, high = share * low, share * high
    rr, odds, corrected = _log_intervals(
        x1, n1, xr, nr, nested=nested, z=_z(level), fpc=fpc, rest_share=share if nested else None
    )
    if corrected:
        notes.append("A cell was zero: 1/2 was added to every cell for the ratios.")
    used, statistic, p_value, test_notes, tested = _two_by_two_test(
        x1, n1, xr, nr, test=test, fpc=fpc
    )
    notes.extend(test_notes)
    if not tested:
        nobody = _snap(x1, n1) + _snap(xr, nr) == 0
        everybody = _snap(x1, n1) == n1 and _snap(xr, nr) == nr
        notes.append(_untested_note(nobody, everybody))
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
        testable=tested,
    )


def _tidy(value: float) -> float:
    return int(value) if float(value).is_integer() else value

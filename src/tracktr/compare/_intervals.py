"""The interval of one proportion, and the checks every comparison shares."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._numbers import is_truth
from tracktr._text import level_text
from tracktr.exceptions import InvalidBaseError, InvalidCountsError, InvalidOptionError
from tracktr.table import DEFAULT_SMALL_BASE
from tracktr.typing import CIMethod, check_choice

_EXPECTED_MINIMUM = 5
"""Below this expected count, the chi-square approximation is doubtful: Fisher's test is used."""


_TOO_SMALL = 1e-150
"""Counts and bases nearer 0 than this are refused: their squares underflow."""


# -- validation helpers ----------------------------------------------------------------------


def _number(value: Any, name: str) -> float:
    """Return a count or base as a float; refuse booleans, text and non-whole exact numbers.

    A float may be an effective count (weighted data) and keeps its fraction. An exact
    number (:class:`~decimal.Decimal`, :class:`~fractions.Fraction`) is a count when it is
    whole, and is refused otherwise: an exact 5/2 of a respondent is no count.
    """
    if is_truth(value):
        msg = f"`{name}` must be a number; got {value!r}: True/False is not a count."
        hint = "Hint: count the True answers first, e.g. int(series.sum())."
        raise InvalidCountsError(f"{msg}\n\n{hint}")
    if isinstance(value, Decimal | Fraction):
        if isinstance(value, Decimal) and not value.is_finite():
            msg = f"`{name}` must be a finite number; got {value!r}."
            raise InvalidCountsError(msg)
        if value != int(value):
            msg = f"`{name}` given as an exact number must be whole; got {value!r}."
            hint = (
                "Hint: counts are whole respondents; an effective count of weighted data "
                "is passed as a float (float(value))."
            )
            raise InvalidCountsError(f"{msg}\n\n{hint}")
        value = int(value)
    if not isinstance(value, int | float | np.integer | np.floating):
        msg = f"`{name}` must be a number; got {value!r} of type {type(value).__name__}."
        raise InvalidCountsError(msg)
    try:
        number = float(value)
    except OverflowError:  # a Python integer beyond any float
        number = math.inf
    # Below 1e-150 the Wilson formula's n ** 2 underflows (1e-199 ** 2 is 0.0): the bound
    # the weights check uses too.
    if not math.isfinite(number) or (number != 0 and abs(number) < _TOO_SMALL):
        if math.isfinite(number):
            msg = f"`{name}` is too small to compute with ({value!r}); counts are whole people."
            raise InvalidCountsError(msg)
        msg = f"`{name}` must be a finite number; got {value!r}."
        hint = "Hint: a NaN count usually means a weight or a cell is missing; fix it first."
        raise InvalidCountsError(f"{msg}\n\n{hint}")
    return number


def _whole(value: Any, number: float) -> int | float:
    """Return a checked count as it was given when whole (2**62 + 1 stays so), else `number`."""
    if isinstance(value, int | np.integer | Decimal | Fraction) and not is_truth(value):
        return int(value)  # whole: _number refused the other exact numbers
    return int(number) if number.is_integer() else number


# Float slack on "a base is at least 1": (Σw)²/Σw² of one large weight and tiny others
# can be a rounding error under 1.
_BELOW_ONE = 1e-9


def _check_count_base(count: Any, base: Any, *, suffix: str = "") -> tuple[float, float]:
    c = _number(count, f"count{suffix}")
    b = _number(base, f"base{suffix}")
    # Whole numbers are compared as given: beyond 2**53, floats merge neighbours, and
    # a count one above its base passed as equal to it.
    exact_c, exact_b = _whole(count, c), _whole(base, b)
    if c < 0:
        msg = f"`count{suffix}` must not be negative; got {count!r}."
        raise InvalidCountsError(msg)
    if b <= 0:
        msg = f"`base{suffix}` must be above zero; got {base!r}: a share of nobody is undefined."
        hint = "Hint: check that the group has respondents who answered the question."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    if b < 1 - _BELOW_ONE:
        msg = (
            f"`base{suffix}` must be at least 1; got {base!r}: no sample is smaller than one "
            "respondent. An effective base is too: Kish's (Σw)²/Σw² is at least 1 whenever "
            "a weight is above zero, and so is a design's n / deff for a share."
        )
        hint = (
            "Hint: pass the number of respondents who answered, or for weighted data the "
            "Kish effective base (a table's `effective_bases`, or tt.design's `n_eff`) with "
            "count = weighted share × that base; a sum of weights scaled to 1 is not a base."
        )
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    if exact_c > exact_b:
        msg = (
            f"`count{suffix}` ({count!r}) is larger than `base{suffix}` ({base!r}): "
            "a share cannot exceed 100%."
        )
        hint = "Hint: pass the number of respondents who answered as the base."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    return c, b


def _check_small_base(small_base: Any) -> int:
    """Return `small_base` checked as :class:`~tracktr.Table` checks it: a whole number >= 0."""
    if is_truth(small_base) or not isinstance(small_base, int | np.integer) or small_base < 0:
        msg = f"`small_base` must be a whole number of respondents, at least 0; got {small_base!r}."
        hint = "Hint: 30 flags bases under 30 (the default); 0 flags none."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return int(small_base)


def _check_level(level: Any) -> float:
    if isinstance(level, bool) or not isinstance(level, int | float | np.floating):
        msg = f"`level` must be a number between 0 and 1, such as 0.95; got {level!r}."
        raise InvalidOptionError(msg)
    if not 0 < float(level) < 1:
        msg = f"`level` must be between 0 and 1 (exclusive); got {level!r}."
        hint = "Hint: a 95% interval is level=0.95, not level=95."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if isinstance(level, np.floating):
        # The level as given: np.float32(0.95) widened to a float is 0.949999988..., which
        # printed "94.9999988079071%"; its own shortest decimal form is 0.95.
        return float(np.format_float_positional(level, unique=True))
    return float(level)


@functools.lru_cache(maxsize=64)
def _z(level: float) -> float:
    """Return the two-sided normal quantile of `level`, computed once per level."""
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


def _raw_intervals(
    x: npt.NDArray[np.float64],
    n: npt.NDArray[np.float64],
    method: str,
    z: float,
    level: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """:func:`_raw_interval` over arrays: the same formulas, one numpy pass per step."""
    p = x / n
    z2 = z * z
    if method == "wilson":
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = z / (1 + z2 / n) * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
        return centre - half, centre + half
    if method == "wilson_cc":
        denominator = 2 * (n + z2)
        low_root = z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1)
        high_root = z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1)
        low = (2 * n * p + z2 - 1 - z * np.sqrt(np.maximum(low_root, 0.0))) / denominator
        high = (2 * n * p + z2 + 1 + z * np.sqrt(np.maximum(high_root, 0.0))) / denominator
        return low, high
    if method == "agresti_coull":
        n_tilde = n + z2
        p_tilde = (x + z2 / 2) / n_tilde
        half = z * np.sqrt(p_tilde * (1 - p_tilde) / n_tilde)
        return p_tilde - half, p_tilde + half
    from scipy import stats

    alpha = 1 - level
    if method == "clopper_pearson":
        low_a, low_b, high_a, high_b = x, n - x + 1, x + 1, n - x
    else:  # jeffreys: the Beta(x + 1/2, n - x + 1/2) posterior
        low_a = high_a = x + 0.5
        low_b = high_b = n - x + 0.5
    # Where the bound is 0 or 1 in closed form, the beta arguments are kept valid.
    some, short = x > 0, x < n
    low = np.where(some, stats.beta.ppf(alpha / 2, np.where(some, low_a, 1.0), low_b), 0.0)
    high = np.where(short, stats.beta.ppf(1 - alpha / 2, high_a, np.where(short, high_b, 1.0)), 1.0)
    return np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)


def _intervals(
    counts: npt.ArrayLike, bases: npt.ArrayLike, method: str, level: float, fpc: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """:func:`_interval` over arrays of checked counts and bases (``0 <= count <= base``).

    One call for every cell of a table: the normal quantile is computed once and the
    beta quantiles in one vectorised call, instead of once per cell.
    """
    count = np.asarray(counts, dtype=np.float64)
    base = np.asarray(bases, dtype=np.float64)
    p = count / base
    if fpc == 0:
        return p.copy(), p.copy()
    n = base / fpc
    with np.errstate(divide="ignore", invalid="ignore"):
        low, high = _raw_intervals(p * n, n, method, _z(level), level)
    low = np.where(count == 0, 0.0, low)
    high = np.where(count == base, 1.0, high)
    return np.maximum(0.0, np.minimum(low, p)), np.minimum(1.0, np.maximum(high, p))


def proportion_intervals(
    counts: npt.ArrayLike,
    bases: npt.ArrayLike,
    *,
    method: CIMethod = "wilson",
    level: float = 0.95,
    population: int | None = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the lower and upper bounds of :func:`~tracktr.proportion_ci` for arrays of cells.

    The same numbers as calling :func:`~tracktr.proportion_ci` cell by cell, computed in one
    vectorised pass; counts and bases broadcast against each other.
    """
    check_choice(method, CIMethod, name="method")
    level = _check_level(level)
    count, base = np.broadcast_arrays(_numbers(counts, "count"), _numbers(bases, "base"))
    bad = ~np.isfinite(count) | ~np.isfinite(base) | (count < 0) | (base < 1 - _BELOW_ONE)
    bad |= count > base
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        cell = ", ".join(map(str, where))
        _check_count_base(count[where].item(), base[where].item(), suffix=f"[{cell}]")
    if population is not None and base.size:
        fpcs = {float(b): _fpc(float(b), population) for b in np.unique(base)}
        if len(set(fpcs.values())) > 1:
            low = np.empty(base.shape)
            high = np.empty(base.shape)
            for value, fpc in fpcs.items():
                cells = base == value
                low[cells], high[cells] = _intervals(count[cells], base[cells], method, level, fpc)
            return low, high
        return _intervals(count, base, method, level, next(iter(fpcs.values())))
    return _intervals(count, base, method, level, 1.0)


def _numbers(values: npt.ArrayLike, name: str) -> npt.NDArray[np.float64]:
    """Return counts or bases as floats, each cell read as :func:`_number` reads one.

    Arrays of numbers pass as they are; booleans, text and dates are refused, and the
    cells of a list or an object array (Decimals, Fractions, None, pd.NA) are checked one
    by one.
    """
    # A list is read cell by cell: numpy would make [True, 2] the integers [1, 2].
    plain = isinstance(values, list | tuple)
    try:
        array = np.asarray(values, dtype=object if plain else None)
    except ValueError as error:  # a ragged list
        msg = f"`{name}` must be numbers of one shape; got {values!r} ({error})."
        raise InvalidCountsError(msg) from None
    if array.dtype.kind in "iuf":
        return array.astype(np.float64)
    if array.dtype.kind != "O":
        msg = f"`{name}` must hold numbers; got an array of {array.dtype} ({array.ravel()[:5]})."
        hint = "Hint: count the True answers first; convert number text with pd.to_numeric."
        raise InvalidCountsError(f"{msg}\n\n{hint}")
    cells = [
        _number(cell, f"{name}[{', '.join(map(str, index))}]")
        for index, cell in np.ndenumerate(array)
    ]
    return np.array(cells, dtype=np.float64).reshape(array.shape)


@dataclass(frozen=True, slots=True)
class ProportionInterval:
    """The confidence interval of one proportion, returned by :func:`~tracktr.proportion_ci`.

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
            f"{self.proportion:.3f}, {level_text(self.level)} {self.method} CI "
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
    count : int, float, Decimal or Fraction
        The number with the attribute. A float is an effective count (weighted data: the
        weighted share times the Kish effective base). An exact number
        (:class:`~decimal.Decimal`, :class:`~fractions.Fraction`) must be whole; numpy
        integers and floats are read as Python's. True/False is refused, not read as 1/0.
    base : int, float, Decimal or Fraction
        The number asked and answering; at least 1. Read as `count` is. For weighted
        data, the Kish effective base :math:`(\sum w)^2/\sum w^2`, which is at least 1
        whenever a weight is above zero (as is a design's ``n_eff``): a base below 1 is
        refused, not read as a sample smaller than one respondent.
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
        If `count` is negative or not a finite number, is True/False or text, or is an
        exact number that is not whole.
    tracktr.InvalidBaseError
        If `base` is below 1 or is smaller than `count`.
    tracktr.UnknownMethodError
        If `method` is not one of the methods.
    tracktr.InvalidOptionError
        If `level` is not between 0 and 1, `population` is smaller than `base`, or
        `small_base` is not a whole number at least 0.

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
    >>> from decimal import Decimal
    >>> tt.proportion_ci(Decimal(3), 10) == tt.proportion_ci(3, 10)
    True
    """
    check_choice(method, CIMethod, name="method")
    level = _check_level(level)
    small_base = _check_small_base(small_base)
    c, b = _check_count_base(count, base)
    fpc = _fpc(b, population)
    low, high = _interval(c, b, method, level, fpc)
    shown_count, shown_base = _whole(count, c), _whole(base, b)
    return ProportionInterval(
        count=shown_count,
        base=shown_base,
        proportion=float(Fraction(shown_count) / Fraction(shown_base)),
        ci_low=low,
        ci_high=high,
        method=method,
        level=level,
        population=None if population is None else int(population),
        small_base=b < small_base,
    )

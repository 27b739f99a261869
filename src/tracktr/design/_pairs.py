r"""Many domains' shares at once, and the design-based tests of their differences.

:func:`tracktr.design.difference` compares two groups' shares of one option. Tables and tab
books compare every option between every pair of groups (or each group with the rest, or
with the whole sample): here the shares of `k` options in `m` domains come from one pass,
and the covariance of the `m` domain shares of each option from one call of
:meth:`BoundDesign.covariance` per option (a loop over options, never over rows or pairs).

Domains may overlap (a group and the whole sample that contains it): the linearised scores
of the two shares then share rows, and their covariance enters the variance of the
difference, which is how a subgroup is correctly compared with its own total under a design
(Lumley 2010, section 2.3; R ``svyby(..., covmat=TRUE)`` with ``svycontrast``).

With equal weights, no strata and no clusters over `N` rows, the variance of the difference
of two disjoint domains' shares is

.. math:: \frac{N}{N-1}\left(\frac{p_1(1-p_1)}{n_1} + \frac{p_2(1-p_2)}{n_2}\right)

(the unpooled Wald variance times ``N / (N - 1)``), tested on t with ``n_1 + n_2 - 2``
degrees of freedom: R's ``svyttest`` on an unweighted design subset to the two groups, not
Pearson's pooled chi-square.

Degrees of freedom are the pair's own, as R's ``svyttest(y ~ g, subset(design, g %in% c(a,
b)))`` gives: the PSUs less the strata that hold a respondent of either domain (with a
weight above 0), less one (:func:`pair_degf`). The variance is the same either way: R's
subset keeps the design's PSU counts and fpc, so a domain's variance is the whole design's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from tracktr.design._design import BoundDesign

__all__ = ["DomainShares", "domain_shares", "pair_degf", "pair_tests"]


@dataclass(frozen=True, slots=True)
class DomainShares:
    """Shares of `k` options in `m` domains, with the covariance of each option's shares.

    Attributes
    ----------
    estimate : numpy.ndarray
        ``(m, k)`` weighted shares (NaN in a domain with no weight).
    weighted_count, weighted_base : numpy.ndarray
        ``(m, k)`` weighted sums of each option, ``(m,)`` weighted bases.
    n : numpy.ndarray
        ``(m,)`` respondents in each domain (weight above 0).
    covariance : numpy.ndarray
        ``(k, m, m)``: the design covariance of the `m` shares of each option.
    degf : int
        The design's degrees of freedom.
    """

    estimate: npt.NDArray[np.float64]
    weighted_count: npt.NDArray[np.float64]
    weighted_base: npt.NDArray[np.float64]
    n: npt.NDArray[np.int64]
    covariance: npt.NDArray[np.float64]
    degf: int


def domain_shares(
    bound: BoundDesign, values: npt.NDArray[np.float64], domains: npt.NDArray[np.bool_]
) -> DomainShares:
    """Return every domain's share of every option, with their design covariances.

    Parameters
    ----------
    bound : BoundDesign
        The design bound to all rows of the data (domains keep the whole design).
    values : numpy.ndarray
        ``(n, k)``: 1 where a row chose (ticked) an option, else 0.
    domains : numpy.ndarray
        ``(n, m)`` booleans: the rows of each domain (its base); they may overlap.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.design._pairs import domain_shares
    >>> bound = tt.Design().bind(pd.DataFrame({"x": range(4)}))
    >>> values = np.array([[1.0], [0.0], [1.0], [1.0]])
    >>> domains = np.array([[True, False], [True, False], [False, True], [False, True]])
    >>> domain_shares(bound, values, domains).estimate.ravel().tolist()
    [0.5, 1.0]
    """
    w = bound.weights
    masks = domains.astype(np.float64)
    wd = masks * w[:, None]  # (n, m): each row's weight in each domain
    base = wd.sum(axis=0)
    counts = wd.T @ values  # (m, k)
    counted = wd > 0
    n = np.count_nonzero(counted, axis=0).astype(np.int64)
    chose = counted.T.astype(np.float64) @ values  # respondents choosing, by domain
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(base[:, None] > 0, counts / base[:, None], np.nan)
        # exact 0 and 1 where a domain's respondents all agree, not rounding noise of sums
        share = np.where((chose == 0) & (base[:, None] > 0), 0.0, share)
        share = np.where((chose == n[:, None]) & (base[:, None] > 0), 1.0, share)
        scale = np.where(base > 0, 1.0 / base, 0.0)
    k, m = values.shape[1], domains.shape[1]
    covariance = np.zeros((k, m, m))
    filled = np.nan_to_num(share)
    for j in range(k):  # a loop over options: each call is vectorised over rows and domains
        scores = wd * (values[:, j][:, None] - filled[:, j][None, :]) * scale[None, :]
        covariance[j] = bound.covariance(scores)
    return DomainShares(share, counts, base, n, covariance, bound.degf)


@dataclass(frozen=True, slots=True)
class PairTests:
    """Design-based t tests of ``share[a] - share[b]`` for every option and pair ``(a, b)``.

    Arrays are ``(k, P)``: options by pairs; ``df`` is ``(P,)``, each pair's degrees of
    freedom (:func:`pair_degf` less one). ``p_value`` is NaN where the difference has no
    design-based variance (both shares fixed, e.g. 0% and 100%), a group has one
    respondent (``se`` NaN too: see :func:`lonely_pairs`), or the design has too few
    degrees of freedom; such a comparison is never significant.
    """

    difference: npt.NDArray[np.float64]
    se: npt.NDArray[np.float64]
    statistic: npt.NDArray[np.float64]
    p_value: npt.NDArray[np.float64]
    ci_low: npt.NDArray[np.float64]
    ci_high: npt.NDArray[np.float64]
    df: npt.NDArray[np.float64]


_NO_VARIANCE = 1e-24
"""A variance of a difference of shares below this is rounding noise of an exact zero."""

MEASURED: Final = 2
"""Respondents (weight above 0) a group needs for its share to have a measured variance."""


def lonely_pairs(
    n: npt.NDArray[np.int64], a: npt.NDArray[np.intp], b: npt.NDArray[np.intp]
) -> npt.NDArray[np.bool_]:
    """Return which pairs ``(a, b)`` of groups hold a group of fewer than two respondents.

    Such a group's share is one respondent's answer: its linearised variance is exactly 0
    under any design, a variance nobody measured, so a test of its difference is refused.

    Examples
    --------
    >>> import numpy as np
    >>> from tracktr.design._pairs import lonely_pairs
    >>> lonely_pairs(np.array([1, 40, 35]), np.array([0, 1]), np.array([1, 2])).tolist()
    [True, False]
    """
    lonely: npt.NDArray[np.bool_] = (n[a] < MEASURED) | (n[b] < MEASURED)
    return lonely


def pair_degf(
    bound: BoundDesign, domains: npt.NDArray[np.bool_], pairs: Sequence[tuple[int, int]]
) -> npt.NDArray[np.int64]:
    """Return each pair's design degrees of freedom: R ``degf`` of the design subset to it.

    The PSUs less the strata holding a row of either domain of the pair with a weight
    above 0 (:meth:`BoundDesign.domains_degf`). R's ``svyttest(y ~ g, subset(design,
    g %in% c(a, b)))`` tests on this less one; the whole design's degrees of freedom
    counted PSUs that hold neither group (on R's ``apiclus1``, 14 where two groups'
    schools are in 11 districts).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.design._pairs import pair_degf
    >>> df = pd.DataFrame({"c": [1, 1, 2, 3, 4, 4]})
    >>> bound = tt.Design(clusters="c").bind(df)
    >>> domains = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1],
    ...                     [0, 0, 1]], dtype=bool)
    >>> pair_degf(bound, domains, [(0, 1), (0, 2)]).tolist()
    [1, 2]
    """
    a = np.array([p[0] for p in pairs], dtype=np.intp)
    b = np.array([p[1] for p in pairs], dtype=np.intp)
    return bound.domains_degf(domains[:, a] | domains[:, b])


def pair_tests(
    shares: DomainShares,
    pairs: Sequence[tuple[int, int]],
    *,
    degf: npt.NDArray[np.int64],
    level: float = 0.95,
) -> PairTests:
    """Return the t test of each pair's difference of shares, on the pair's df less one.

    As R ``svyttest`` on the design subset to the pair (t on its ``degf - 1`` df; `degf`
    from :func:`pair_degf`), with the variance of the difference from the joint covariance
    of the two domains (``svycontrast`` of ``svyby(..., covmat=TRUE)``), which is the
    variance ``svyttest`` gives.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.design._pairs import domain_shares, pair_degf, pair_tests
    >>> bound = tt.Design().bind(pd.DataFrame({"x": range(6)}))
    >>> values = np.array([[1.0], [0.0], [0.0], [1.0], [1.0], [0.0]])
    >>> domains = np.repeat(np.eye(2, dtype=bool), 3, axis=0)
    >>> result = pair_tests(domain_shares(bound, values, domains), [(1, 0)],
    ...                     degf=pair_degf(bound, domains, [(1, 0)]))
    >>> round(float(result.difference[0, 0]), 4), result.df.tolist()
    (0.3333, [4.0])
    """
    from scipy import stats

    a = np.array([p[0] for p in pairs], dtype=np.intp)
    b = np.array([p[1] for p in pairs], dtype=np.intp)
    est = shares.estimate
    cov = shares.covariance
    difference = est[a].T - est[b].T  # (k, P)
    variance = cov[:, a, a] + cov[:, b, b] - 2 * cov[:, a, b]
    variance = np.where(variance < _NO_VARIANCE, 0.0, variance)
    # A group of one respondent has a linearised variance of exactly 0 whatever the design:
    # not a measured variance, so its differences are not tested (R's svyttest tests them
    # on the other group's variance alone).
    variance = np.where(lonely_pairs(shares.n, a, b)[None, :], np.nan, variance)
    se = np.sqrt(variance)
    dof = np.asarray(degf, dtype=np.float64).reshape(-1) - 1.0
    positive = dof > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = np.where(se > 0, difference / se, np.nan)  # NaN > 0 is False
    p_value = np.full(statistic.shape, np.nan)
    usable = np.isfinite(statistic) & positive[None, :]
    if usable.any():
        spread = np.broadcast_to(dof[None, :], statistic.shape)
        p_value[usable] = 2 * stats.t.sf(np.abs(statistic[usable]), spread[usable])
    quantile = np.full(dof.shape, math.nan)
    quantile[positive] = stats.t.ppf(0.5 + level / 2, dof[positive])
    return PairTests(
        difference, se, statistic, p_value, difference - quantile * se,
        difference + quantile * se, dof,
    )  # fmt: skip

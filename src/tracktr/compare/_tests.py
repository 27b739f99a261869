"""Many comparisons: adjusted p-values, and tests of association for a whole table."""

from __future__ import annotations

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
    p = np.asarray(p_values, dtype=float).ravel()
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

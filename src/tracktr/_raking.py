"""Raking within limits: R survey's bounded raking, found margin by margin.

Raking multiplies each respondent's starting weight by ``g = exp(u)``, where ``u`` is the
sum of one multiplier per margin (the respondent's category's). Within limits (R's
``calibrate(..., calfun = "raking", bounds = )``, Deville & Särndal 1992), ``g`` is
``exp(u)`` clipped to the respondent's limits. :func:`tracktr.weights.rake` used to clip
the weights after each cycle of plain raking instead: every set of weights within the
limits that meets the margins is a fixed point of that, so where it stopped depended on
the path, and on the order of the margins (0.9% on R's ``api`` data, bounds (0.5, 2)).

Here each step solves one margin's multipliers exactly, with the others held (a block of
coordinate descent on the convex dual of the calibration problem), so the weights reach
the single solution of R's calibration equations whatever the order of the margins. With
no limit it is iterative proportional fitting.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["bounded_rake_step", "ratios"]

_EXP_LIMIT = 700.0
"""exp() of more overflows a float; a multiplier past it is at a limit anyway."""

_STEPS = 100
"""Newton or bisection steps to solve one margin's multipliers (a handful in practice)."""


def ratios(
    start: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    high: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the limits of each ratio g = new / starting weight, from limits on the weights.

    A starting weight of 0 stays 0 whatever its ratio: its limits are left open.

    Examples
    --------
    >>> import numpy as np
    >>> from tracktr._raking import ratios
    >>> ratios(np.array([2.0, 0.0]), np.array([1.0, 0.0]), np.array([8.0, 5.0]))
    (array([0.5, 0. ]), array([ 4., inf]))
    """
    held = start > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        g_low = np.where(held, low / np.where(held, start, 1.0), 0.0)
        g_high = np.where(held, high / np.where(held, start, 1.0), np.inf)
    return g_low, g_high


def _multipliers(  # noqa: PLR0917  (private, one caller; names at the call)
    start: npt.NDArray[np.float64],
    others: npt.NDArray[np.float64],
    g_low: npt.NDArray[np.float64],
    g_high: npt.NDArray[np.float64],
    codes: npt.NDArray[np.intp],
    target: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Solve, for each category k, sum of start * clip(exp(eta_k + others)) = target_k.

    The sum rises with ``eta_k`` (flat where every respondent is at a limit), so each
    equation has a solution when the target lies between the category's weights at its
    lower and upper limits. Within one pattern of clipped respondents it is solved in
    closed form (Newton's step is exact there); a step that leaves the bracket bisects.
    A target beyond the limits runs its multiplier to the limit of ``exp``: every weight
    of the category at its limit, and the margin reported as not met.
    """
    k = len(target)
    free_sum = np.bincount(codes, weights=start * np.exp(np.clip(others, None, _EXP_LIMIT)),
                           minlength=k)  # fmt: skip
    with np.errstate(divide="ignore"):
        eta = np.where(free_sum > 0, np.log(target) - np.log(free_sum), 0.0)
    below = np.full(k, -np.inf)  # where the category's sum is under its target
    above = np.full(k, np.inf)
    scale = np.maximum(target, np.finfo(np.float64).tiny)
    held = start > 0
    counted = np.bincount(codes, weights=held, minlength=k)
    for _ in range(_STEPS):
        u = np.clip(eta[codes] + others, -_EXP_LIMIT, _EXP_LIMIT)
        e = np.exp(u)
        g = np.clip(e, g_low, g_high)
        reached = np.bincount(codes, weights=start * g, minlength=k)
        gap = target - reached
        # every respondent of the category at the limit the gap pushes towards: out of
        # reach, nothing further to solve
        at_high = np.bincount(codes, weights=held & (e >= g_high), minlength=k) == counted
        at_low = np.bincount(codes, weights=held & (e <= g_low), minlength=k) == counted
        done = (
            (np.abs(gap) <= 1e-14 * scale)
            | (free_sum <= 0)
            | ((gap > 0) & at_high)
            | ((gap < 0) & at_low)
        )
        if done.all():
            break
        below = np.where(gap > 0, np.maximum(below, eta), below)
        above = np.where(gap < 0, np.minimum(above, eta), above)
        free = (e > g_low) & (e < g_high)
        clipped = np.bincount(codes, weights=start * g * ~free, minlength=k)
        moving = np.bincount(codes, weights=start * e * free, minlength=k)
        with np.errstate(divide="ignore", invalid="ignore"):
            exact = eta + np.log((target - clipped) / moving)
        inside = np.isfinite(exact) & (exact > below) & (exact < above)
        # no closed-form step within the bracket: halve it, or widen it by one e-fold
        with np.errstate(invalid="ignore"):  # inf - inf where a side is open: not chosen
            middle = np.where(
                np.isfinite(below) & np.isfinite(above),
                (below + above) / 2,
                np.where(np.isfinite(below), below + 1.0, above - 1.0),
            )
        stepped = np.clip(np.where(inside, exact, middle), -2 * _EXP_LIMIT, 2 * _EXP_LIMIT)
        eta = np.where(done, eta, stepped)
    return eta


def bounded_rake_step(  # noqa: PLR0917  (private, one caller; names at the call)
    start: npt.NDArray[np.float64],
    u: npt.NDArray[np.float64],
    etas: list[npt.NDArray[np.float64]],
    margins: Sequence[tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]],
    g_low: npt.NDArray[np.float64],
    g_high: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return (u, weights) after solving each margin in turn, the others held.

    `u` is each row's log ratio before clipping (the sum of its categories' multipliers
    `etas`, updated in place); `margins` are (codes, target) pairs.

    Examples
    --------
    Two categories, 1 and 3 respondents, to 2 and 2, the ratio at most 1.5: the lone
    respondent cannot reach 2, the others share 2.

    >>> import numpy as np
    >>> from tracktr._raking import bounded_rake_step
    >>> start = np.ones(4)
    >>> codes = np.array([0, 1, 1, 1])
    >>> u, w = bounded_rake_step(start, np.zeros(4), [np.zeros(2)],
    ...                          [(codes, np.array([2.0, 2.0]))], np.zeros(4), np.full(4, 1.5))
    >>> w.round(4).tolist()
    [1.5, 0.6667, 0.6667, 0.6667]
    """
    for m, (codes, target) in enumerate(margins):
        others = u - etas[m][codes]
        etas[m] = _multipliers(start, others, g_low, g_high, codes, target)
        u = others + etas[m][codes]
    g = np.clip(np.exp(np.clip(u, -_EXP_LIMIT, _EXP_LIMIT)), g_low, g_high)
    return u, start * g

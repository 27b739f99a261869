"""The audit: the interval a reader can prove for every hidden number.

The reader knows every published number of the set, every link between them, and that
counts are not negative. For each hidden number, two linear programmes give its smallest
and largest value. The unknowns split into groups that share no constraint, and each
group's programmes are re-solved from the last optimal basis of HiGHS (as scipy ships
it); without that object they go through :func:`scipy.optimize.milp` in batches.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._model import REMAINDER, Model
from tracktr.disclosure._slacks import slacks
from tracktr.disclosure._solve import _TOL, _Block, _cap, _highs, _solve_blocks

_PRIMAL_SIMPLEX = 4  # HiGHS option simplex_strategy


Constraint = tuple[dict[int, float], bool]  # terms, and whether it is an equation


def _components(
    model: Model, unknown: set[int], hidden: set[int]
) -> tuple[dict[int, list[int]], dict[int, list[Constraint]]]:
    """Split the unknowns into groups that share no constraint, with their constraints.

    A remainder not asked about that one equation alone holds (a slack) is left out, the
    equation kept as the inequality it implies (:mod:`tracktr.disclosure._slacks`): the
    same bounds, from smaller programmes.
    """
    equations, inequalities, _ = slacks(
        model, {k for k in unknown - hidden if model.kinds[k] == REMAINDER}
    ).rows(model)
    constraints = [(terms, True) for terms in equations] + [
        (terms, False) for terms in inequalities
    ]
    unknown = {k for terms, _ in constraints for k in terms if k in unknown} | hidden
    parent = {k: k for k in unknown}

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for terms, _ in constraints:
        inside = [k for k in terms if k in unknown]
        for k in inside[1:]:
            parent[find(k)] = find(inside[0])
    groups: dict[int, list[int]] = {}
    for k in sorted(unknown):
        groups.setdefault(find(k), []).append(k)
    by_root: dict[int, list[Constraint]] = {}
    for terms, is_eq in constraints:
        inside = [k for k in terms if k in unknown]
        if inside:
            by_root.setdefault(find(inside[0]), []).append((terms, is_eq))
    return groups, by_root


def intervals(
    model: Model, hidden: Iterable[int], *, rounded: bool = True
) -> dict[int, tuple[float, float]]:
    """Return, for each hidden number, the smallest and largest value the reader can prove.

    The reader knows every published number of the set, every link between them, and
    that counts are not negative. ``inf`` means no upper bound. With `rounded`, the
    bounds of unweighted counts are rounded inwards to whole numbers, as a reader would.
    """
    hidden = set(hidden)
    if not hidden:
        return {}
    values = model.array()
    unknown = hidden | {k for k in range(model.size) if model.kinds[k] == REMAINDER}
    groups, by_root = _components(model, unknown, hidden)
    cap = _cap(model)
    found: dict[int, tuple[float, float]] = {}
    blocks: list[tuple[npt.NDArray[np.float64], _Block]] = []
    asked: list[tuple[int, int]] = []  # (var, +1 for min / -1 for max), for the fallback
    for root, members in groups.items():
        targets = [k for k in members if k in hidden]
        if not targets:
            continue
        local = {k: p for p, k in enumerate(members)}
        rows: list[npt.NDArray[np.float64]] = []
        is_eq: list[bool] = []
        rhs: list[float] = []
        for terms, equation in by_root.get(root, []):
            row = np.zeros(len(members))
            constant = 0.0
            for k, coef in terms.items():
                if k in local:
                    row[local[k]] += coef
                else:
                    constant += coef * values[k]
            rows.append(row)
            is_eq.append(equation)
            rhs.append(-constant)
        n = len(members)
        matrix, eq, b, lb, ub = _singletons(
            np.array(rows).reshape(len(rows), n),
            np.array(is_eq, dtype=bool),
            np.asarray(rhs, dtype=np.float64),
            cap,
        )
        warm = _warm_extremes(matrix, eq, b, [local[k] for k in targets], lb=lb, ub=ub)
        if warm is not None:
            found.update(zip(targets, warm, strict=True))
            continue
        from scipy import sparse

        block = _Block(
            n=n,
            a_eq=sparse.coo_array(matrix[eq]),
            b_eq=b[eq],
            a_ub=sparse.coo_array(matrix[~eq]),
            b_ub=b[~eq],
            lb=lb,
            ub=ub,
        )
        for k in targets:
            for sign in (1, -1):
                objective = np.zeros(n)
                objective[local[k]] = sign
                blocks.append((objective, block))
                asked.append((k, sign))
    pairs: dict[int, list[float]] = {}
    for (k, sign), (objective, _), x in zip(asked, blocks, _solve_blocks(blocks), strict=True):
        # The true values are always a solution; None would mean inconsistent totals.
        value = float(values[k]) if x is None else float(objective @ x) * sign
        pairs.setdefault(k, []).append(value)
    found.update((k, (v[0], v[1])) for k, v in pairs.items())
    return {
        k: _bounds(lp_low, lp_high, cap=cap, whole=rounded and model.integral[k])
        for k, (lp_low, lp_high) in found.items()
    }


def _singletons(
    matrix: npt.NDArray[np.float64],
    eq: npt.NDArray[np.bool_],
    rhs: npt.NDArray[np.float64],
    cap: float,
) -> tuple[
    npt.NDArray[np.float64],
    npt.NDArray[np.bool_],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
]:
    """Turn each inequality of one unknown into a bound on it; return rows, bounds.

    A hidden count at most a printed one (a part's, within its whole's) is a row of one
    number: a fifth of the rows of 31 filtered tables under an unnamed index. As a bound
    it costs the simplex nothing. Each unknown is at least 0 and at most `cap`.
    """
    n = matrix.shape[1]
    lb, ub = np.zeros(n), np.full(n, cap)
    nonzero = matrix != 0.0
    single = ~eq & (nonzero.sum(axis=1) == 1)
    for r in np.flatnonzero(single):
        (p,) = np.flatnonzero(nonzero[r])
        bound = rhs[r] / matrix[r, p]
        if matrix[r, p] > 0.0:
            ub[p] = min(ub[p], bound)
        else:
            lb[p] = max(lb[p], bound)
    # The true values meet every bound: any crossing is rounding, at the true value.
    ub = np.maximum(ub, lb)
    return matrix[~single], eq[~single], rhs[~single], lb, ub


def _warm_extremes(
    matrix: npt.NDArray[np.float64],
    eq: npt.NDArray[np.bool_],
    rhs: npt.NDArray[np.float64],
    targets: list[int],
    *,
    lb: npt.NDArray[np.float64],
    ub: npt.NDArray[np.float64],
) -> list[tuple[float, float]] | None:
    """Min and max of each target over one polytope, re-solving from the last basis.

    Uses the HiGHS object that scipy ships (``scipy.optimize._highspy``): after the first
    solve, changing the objective and re-solving from the optimal basis takes a few
    pivots, where a fresh :func:`scipy.optimize.milp` call per bound would start over.
    Returns None if that object is not available, and the caller solves the programmes
    through :func:`scipy.optimize.milp` instead.
    """
    highs = _highs()
    if highs is None:
        return None
    from scipy import sparse

    try:
        solver = highs._Highs()
        solver.setOptionValue("output_flag", False)
        # Only the objective changes between solves: the last basis stays feasible, so
        # the primal simplex re-solves in a few pivots (about 4x faster than dual here).
        solver.setOptionValue("simplex_strategy", _PRIMAL_SIMPLEX)
        n = matrix.shape[1]
        columns = sparse.csc_array(matrix) if matrix.size else sparse.csc_array((0, n))
        lp = highs.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = matrix.shape[0]
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = lb
        lp.col_upper_ = ub
        lp.row_lower_ = np.where(eq, rhs, -highs.kHighsInf)
        lp.row_upper_ = rhs
        lp.a_matrix_.format_ = highs.MatrixFormat.kColwise
        lp.a_matrix_.start_ = columns.indptr
        lp.a_matrix_.index_ = columns.indices
        lp.a_matrix_.value_ = columns.data
        solver.passModel(lp)
        optimal = highs.HighsModelStatus.kOptimal
        # A bound some earlier solution already reaches needs no programme of its own:
        # a count seen at its lower bound (0) has that minimum; one seen at its upper
        # bound (the cap: unbounded above) that maximum.
        lowest = np.full(n, np.inf)
        highest = np.full(n, -np.inf)
        out = []
        previous: int | None = None
        for j in targets:
            bounds = []
            for sense, sign in ((highs.ObjSense.kMinimize, 1), (highs.ObjSense.kMaximize, -1)):
                if sign == 1 and lowest[j] <= lb[j] + _TOL:
                    bounds.append(float(lb[j]))
                    continue
                if sign == -1 and highest[j] >= ub[j] * (1 - 1e-9):
                    bounds.append(float(ub[j]))
                    continue
                if previous != j:
                    if previous is not None:
                        solver.changeColCost(previous, 0.0)
                    solver.changeColCost(j, 1.0)
                    previous = j
                solver.changeObjectiveSense(sense)
                solver.run()
                if solver.getModelStatus() != optimal:
                    return None
                x = np.asarray(solver.getSolution().col_value, dtype=float)
                np.minimum(lowest, x, out=lowest)
                np.maximum(highest, x, out=highest)
                bounds.append(float(solver.getInfo().objective_function_value))
            out.append((bounds[0], bounds[1]))
    except (AttributeError, TypeError, RuntimeError):  # pragma: no cover - API drift
        return None
    return out


def whole_bounds(low: float, high: float, *, whole: bool) -> tuple[float, float]:
    """Round a reader's bounds on a count of organisations inwards to whole numbers."""
    return _bounds(low, high, cap=np.inf, whole=whole)


def _bounds(low: float, high: float, *, cap: float, whole: bool) -> tuple[float, float]:
    """Tidy a programme's bounds: the cap means unbounded; counts round inwards."""
    high = np.inf if high >= cap * (1 - 1e-9) - 1 else high
    if whole:
        low = float(np.ceil(low - _TOL))
        if np.isfinite(high):
            high = float(np.floor(high + _TOL))
    return max(low, 0.0), float(high)

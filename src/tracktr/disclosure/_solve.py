"""The solvers: the reader's intervals (linear programming) and secondary suppression.

Everything here goes through :func:`scipy.optimize.milp` (HiGHS); with no integer
variables it solves a linear programme, with less overhead per call than ``linprog``.
Many independent linear programmes are solved as one block-diagonal programme: the
optimum of a sum of independent problems is the sum of their optima.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._model import REMAINDER, Model

_TOL = 1e-6
_BATCH = 60_000  # variables per block-diagonal programme
_PRIMAL_SIMPLEX = 4  # HiGHS option simplex_strategy


@dataclass(frozen=True, slots=True)
class Requirement:
    """What a reader must not learn about one hidden number.

    ``upper`` and ``lower`` are the distances the reader's interval must reach above and
    below the true value (the protection levels the solvers aim at); ``width``, ``high``
    and ``low`` are what the audit checks: the interval is at least ``width`` wide, its
    upper end at least ``high`` (it does not lie wholly below the threshold), its lower
    end at most ``low`` (the reader cannot prove that everyone gave the answer).
    """

    var: int
    sensitivity: str  # "small", "zero", "full", or "exact" (a hidden number must move)
    upper: float
    lower: float
    width: float
    high: float | None
    low: float | None

    def met(self, interval: tuple[float, float]) -> bool:
        """Whether the reader's interval meets the requirement."""
        low, high = interval
        eps = 1e-6 * max(1.0, abs(high) if np.isfinite(high) else 1.0)
        if high - low < self.width - eps:
            return False
        if self.high is not None and high < self.high - eps:
            return False
        return not (self.low is not None and low > self.low + eps)


# -- linear programmes in batches ------------------------------------------------------------


def _solve_blocks(
    blocks: Sequence[tuple[npt.NDArray[np.float64], _Block]],
) -> list[npt.NDArray[np.float64] | None]:
    """Solve min c_k·x_k over each block; return each block's solution (None: infeasible)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    out: list[npt.NDArray[np.float64] | None] = []
    start = 0
    while start < len(blocks):
        size = 0
        stop = start
        while stop < len(blocks) and (stop == start or size + blocks[stop][1].n <= _BATCH):
            size += blocks[stop][1].n
            stop += 1
        chunk = blocks[start:stop]
        start = stop
        c = np.concatenate([obj for obj, _ in chunk])
        lb = np.concatenate([b.lb for _, b in chunk])
        ub = np.concatenate([b.ub for _, b in chunk])
        constraints = []
        eq = [b.a_eq for _, b in chunk]
        if any(a.shape[0] for a in eq):
            constraints.append(
                LinearConstraint(
                    _diagonal(eq),
                    np.concatenate([b.b_eq for _, b in chunk]),
                    np.concatenate([b.b_eq for _, b in chunk]),
                )
            )
        ub_rows = [b.a_ub for _, b in chunk]
        if any(a.shape[0] for a in ub_rows):
            constraints.append(
                LinearConstraint(
                    _diagonal(ub_rows),
                    -np.inf,
                    np.concatenate([b.b_ub for _, b in chunk]),
                )
            )
        result = milp(c, constraints=constraints, bounds=Bounds(lb, ub))
        if result.x is None:
            # Some block is infeasible: halve until it is found.
            if len(chunk) == 1:
                out.append(None)
                continue
            half = len(chunk) // 2
            out.extend(_solve_blocks(chunk[:half]))
            out.extend(_solve_blocks(chunk[half:]))
            continue
        offset = 0
        for _, b in chunk:
            out.append(np.asarray(result.x[offset : offset + b.n], dtype=float))
            offset += b.n
    return out


def _diagonal(matrices: Sequence[Any]) -> Any:
    """Return the block-diagonal matrix of sparse COO matrices (faster than block_diag)."""
    from scipy import sparse

    rows, cols, data = [], [], []
    r0 = c0 = 0
    for matrix in matrices:
        rows.append(matrix.row + r0)
        cols.append(matrix.col + c0)
        data.append(matrix.data)
        r0 += matrix.shape[0]
        c0 += matrix.shape[1]
    return sparse.csr_array(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(r0, c0)
    )


@dataclass(frozen=True, slots=True)
class _Block:
    """One linear programme's constraints over ``n`` variables."""

    n: int
    a_eq: Any  # scipy sparse
    b_eq: npt.NDArray[np.float64]
    a_ub: Any
    b_ub: npt.NDArray[np.float64]
    lb: npt.NDArray[np.float64]
    ub: npt.NDArray[np.float64]


def _cap(model: Model) -> float:
    return 4.0 * float(np.abs(model.array()).sum()) + 10.0


# -- the reader's intervals ------------------------------------------------------------------


Constraint = tuple[dict[int, float], bool]  # terms, and whether it is an equation


def _components(
    model: Model, unknown: set[int]
) -> tuple[dict[int, list[int]], dict[int, list[Constraint]]]:
    """Split the unknowns into groups that share no constraint, with their constraints."""
    parent = {k: k for k in unknown}

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    constraints = [(terms, True) for _, terms in model.equations] + [
        (terms, False) for _, terms in model.inequalities
    ]
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
    groups, by_root = _components(model, unknown)
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
        matrix = np.array(rows).reshape(len(rows), n)
        eq = np.array(is_eq, dtype=bool)
        b = np.asarray(rhs, dtype=np.float64)
        warm = _warm_extremes(matrix, eq, b, [local[k] for k in targets], cap)
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
            lb=np.zeros(n),
            ub=np.full(n, cap),
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


def _warm_extremes(
    matrix: npt.NDArray[np.float64],
    eq: npt.NDArray[np.bool_],
    rhs: npt.NDArray[np.float64],
    targets: list[int],
    cap: float,
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
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.full(n, cap)
        lp.row_lower_ = np.where(eq, rhs, -highs.kHighsInf)
        lp.row_upper_ = rhs
        lp.a_matrix_.format_ = highs.MatrixFormat.kColwise
        lp.a_matrix_.start_ = columns.indptr
        lp.a_matrix_.index_ = columns.indices
        lp.a_matrix_.value_ = columns.data
        solver.passModel(lp)
        optimal = highs.HighsModelStatus.kOptimal
        # A bound some earlier solution already reaches needs no programme of its own:
        # a count seen at 0 has minimum 0; one seen at the cap is unbounded above.
        lowest = np.full(n, np.inf)
        highest = np.full(n, -np.inf)
        out = []
        previous: int | None = None
        for j in targets:
            bounds = []
            for sense, sign in ((highs.ObjSense.kMinimize, 1), (highs.ObjSense.kMaximize, -1)):
                if sign == 1 and lowest[j] <= _TOL:
                    bounds.append(0.0)
                    continue
                if sign == -1 and highest[j] >= cap * (1 - 1e-9):
                    bounds.append(cap)
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


# -- secondary suppression: the heuristic ----------------------------------------------------


def _linked_groups(model: Model) -> list[set[int]]:
    """Tables that share a number are protected together."""
    parent: dict[int, int] = {}

    def find(t: int) -> int:
        parent.setdefault(t, t)
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    for tables in model.tables:
        first = min(tables)
        find(first)
        for t in tables:
            parent[find(t)] = find(first)
    groups: dict[int, set[int]] = {}
    for t in list(parent):
        groups.setdefault(find(t), set()).add(t)
    return list(groups.values())


@dataclass(frozen=True, slots=True)
class _Sub:
    """The deviation programme over some tables: who may move, and the links they obey."""

    movable: list[int]
    a_eq: Any
    a_ub: Any
    b_ub: npt.NDArray[np.float64]
    split_eq: Any  # [A, -A] over (up, down) parts, COO
    split_ub: Any


def _sub(model: Model, tables: frozenset[int]) -> _Sub:
    from scipy import sparse

    values = model.array()
    movable = [k for k in range(model.size) if model.tables[k] <= tables]
    local = {k: p for p, k in enumerate(movable)}
    eq_rows = [terms for t, terms in model.equations if t in tables]
    ub_rows = [terms for t, terms in model.inequalities if t in tables]
    n = len(movable)

    def matrix(rows: list[dict[int, float]]) -> Any:
        data, r_idx, c_idx = [], [], []
        for r, terms in enumerate(rows):
            for k, coef in terms.items():
                if k in local:
                    data.append(coef)
                    r_idx.append(r)
                    c_idx.append(local[k])
        return sparse.csr_array((data, (r_idx, c_idx)), shape=(len(rows), n))

    b_ub = np.array(
        [-sum(coef * values[k] for k, coef in terms.items()) for terms in ub_rows], dtype=float
    )
    a_eq, a_ub = matrix(eq_rows), matrix(ub_rows)
    split_eq = sparse.hstack([a_eq, -a_eq], format="coo")
    split_ub = sparse.hstack([a_ub, -a_ub], format="coo")
    return _Sub(movable, a_eq, a_ub, b_ub, split_eq, split_ub)


def _directions(
    model: Model,
    sub: _Sub,
    requirement: Requirement,
    hidden: set[int],
    cost: npt.NDArray[np.float64],
) -> list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]]:
    """Return (cost, lower, upper) of the cheapest move up (and down), over (rises, falls)."""
    values = model.array()
    n = len(sub.movable)
    x = values[sub.movable]
    weight = np.array([0.0 if k in hidden else cost[k] for k in sub.movable])
    # The reader may count a remainder as free: it is never published.
    weight[[p for p, k in enumerate(sub.movable) if model.kinds[k] == REMAINDER]] = 0.0
    cap = _cap(model)
    target = sub.movable.index(requirement.var)
    out = []
    for direction, distance in (("up", requirement.upper), ("down", requirement.lower)):
        if distance <= 0:
            continue
        lb = np.zeros(2 * n)
        ub = np.concatenate([np.full(n, cap), x])
        if direction == "up":
            lb[target] = distance
            ub[n + target] = 0.0
        else:
            if distance > x[target] + _TOL:
                continue  # a count cannot go below zero; the audit reports it
            lb[n + target] = distance
            ub[target] = 0.0
        out.append((np.concatenate([weight, weight]) + 1e-9, lb, ub))
    return out


def _protection_blocks(
    model: Model,
    sub: _Sub,
    requirement: Requirement,
    hidden: set[int],
    cost: npt.NDArray[np.float64],
) -> list[tuple[npt.NDArray[np.float64], _Block]]:
    """Return the programmes of the cheapest move that takes the number up (and down)."""
    a_eq, a_ub = sub.split_eq, sub.split_ub
    return [
        (
            weight,
            _Block(
                n=len(lb),
                a_eq=a_eq,
                b_eq=np.zeros(a_eq.shape[0]),
                a_ub=a_ub,
                b_ub=sub.b_ub,
                lb=lb,
                ub=ub,
            ),
        )
        for weight, lb, ub in _directions(model, sub, requirement, hidden, cost)
    ]


class _Warm:
    """One deviation programme kept in HiGHS, re-solved from its last basis."""

    def __init__(self, sub: _Sub, highs: Any) -> None:
        from scipy import sparse

        rows = sparse.vstack([sub.split_eq, sub.split_ub], format="csc")
        n = rows.shape[1]
        n_eq = sub.split_eq.shape[0]
        self.highs = highs
        self.n = n
        self.index = np.arange(n, dtype=np.int32)
        self.solver = highs._Highs()
        self.solver.setOptionValue("output_flag", False)
        lp = highs.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = rows.shape[0]
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.zeros(n)
        lp.row_lower_ = np.concatenate([np.zeros(n_eq), np.full(len(sub.b_ub), -highs.kHighsInf)])
        lp.row_upper_ = np.concatenate([np.zeros(n_eq), sub.b_ub])
        lp.a_matrix_.format_ = highs.MatrixFormat.kColwise
        lp.a_matrix_.start_ = rows.indptr
        lp.a_matrix_.index_ = rows.indices
        lp.a_matrix_.value_ = rows.data
        self.solver.passModel(lp)

    def solve(
        self,
        weight: npt.NDArray[np.float64],
        lb: npt.NDArray[np.float64],
        ub: npt.NDArray[np.float64],
    ) -> npt.NDArray[np.float64] | None:
        self.solver.changeColsCost(self.n, self.index, weight)
        self.solver.changeColsBounds(self.n, self.index, lb, ub)
        self.solver.run()
        if self.solver.getModelStatus() != self.highs.HighsModelStatus.kOptimal:
            return None
        return np.asarray(self.solver.getSolution().col_value, dtype=float)


def _highs() -> Any:
    """Return scipy's HiGHS bindings, or None (then every programme goes through milp)."""
    try:
        from scipy.optimize._highspy import _core as highs
    except ImportError:  # pragma: no cover - depends on the scipy build
        return None
    return highs if hasattr(highs, "_Highs") else None


def heuristic(
    model: Model,
    hidden: set[int],
    requirements: Sequence[Requirement],
    cost: npt.NDArray[np.float64],
    *,
    whole: bool = False,
) -> set[int]:
    """Protect one sensitive number at a time by the cheapest move of published numbers.

    For each requirement in turn, a linear programme finds the cheapest change of the
    table (already hidden numbers move for free) that takes the number the required
    distance up, and another down; every published number that moves is hidden. The
    numbers that move are a valid reader's solution, so after this step the requirement's
    protection levels are met; a later audit checks everything together. With ``whole``,
    the programme spans every linked table; otherwise only the tables holding the number,
    with numbers shared with other tables held fixed (faster, still valid).
    """
    hidden = set(hidden)
    groups = _linked_groups(model)
    group_of = {t: frozenset(g) for g in groups for t in g}
    cache: dict[frozenset[int], _Sub] = {}
    queues: dict[frozenset[int], list[Requirement]] = {}
    for requirement in sorted(requirements, key=lambda r: (model.values[r.var], r.var)):
        tables = frozenset(model.tables[requirement.var])
        if whole:
            tables = group_of[min(tables)]
        queues.setdefault(tables, []).append(requirement)
    highs = _highs()
    if highs is not None:
        _warm_heuristic(
            model,
            hidden,
            queues=queues,
            cache=cache,
            group_of=group_of,
            cost=cost,
            highs=highs,
        )
        return hidden
    _batched_heuristic(model, hidden, queues=queues, cache=cache, group_of=group_of, cost=cost)
    return hidden


def _batched_heuristic(
    model: Model,
    hidden: set[int],
    *,
    queues: dict[frozenset[int], list[Requirement]],
    cache: dict[frozenset[int], _Sub],
    group_of: dict[int, frozenset[int]],
    cost: npt.NDArray[np.float64],
) -> None:
    """Run the heuristic through milp, solving independent tables in one call."""
    while any(queues.values()):
        # Programmes over disjoint movable numbers do not interact: solving them in one
        # call gives what solving them one after another would.
        taken: set[int] = set()
        batch: list[tuple[_Sub, Requirement, int]] = []
        blocks: list[tuple[npt.NDArray[np.float64], _Block]] = []
        for tables, queue in queues.items():
            if not queue:
                continue
            if tables not in cache:
                cache[tables] = _sub(model, tables)
            sub = cache[tables]
            if taken.intersection(sub.movable):
                continue
            taken.update(sub.movable)
            requirement = queue.pop(0)
            new = _protection_blocks(model, sub, requirement, hidden, cost)
            blocks += new
            batch += [(sub, requirement, len(new))]
        solutions = iter(_solve_blocks(blocks))
        for sub, requirement, count in batch:
            for _ in range(count):
                x = next(solutions)
                if x is not None:
                    _hide_moved(model, sub, x, hidden)
                    continue
                wider = group_of[min(model.tables[requirement.var])]
                if frozenset(model.tables[requirement.var]) != wider and (
                    requirement not in queues.get(wider, [])
                ):
                    # Held fixed, the shared numbers block every move: let them move.
                    queues.setdefault(wider, []).append(requirement)
                else:
                    # Nothing published can move this number far enough: hide its tables.
                    hidden.update(k for k in sub.movable if model.kinds[k] != REMAINDER)


def _warm_heuristic(
    model: Model,
    hidden: set[int],
    *,
    queues: dict[frozenset[int], list[Requirement]],
    cache: dict[frozenset[int], _Sub],
    group_of: dict[int, frozenset[int]],
    cost: npt.NDArray[np.float64],
    highs: Any,
) -> None:
    """Run the heuristic with one programme per table kept warm (few pivots per solve)."""
    warm: dict[frozenset[int], _Warm] = {}
    while True:
        # Single tables first; the linked group of a number that needs it last.
        waiting = sorted((len(k), sorted(k)) for k, q in queues.items() if q)
        if not waiting:
            return
        tables = frozenset(waiting[0][1])
        requirement = queues[tables].pop(0)
        if tables not in cache:
            cache[tables] = _sub(model, tables)
        sub = cache[tables]
        if tables not in warm:
            warm[tables] = _Warm(sub, highs)
        for weight, lb, ub in _directions(model, sub, requirement, hidden, cost):
            x = warm[tables].solve(weight, lb, ub)
            if x is not None:
                _hide_moved(model, sub, x, hidden)
                continue
            wider = group_of[min(model.tables[requirement.var])]
            if tables != wider:
                queues.setdefault(wider, []).append(requirement)
                break
            hidden.update(k for k in sub.movable if model.kinds[k] != REMAINDER)


def _hide_moved(model: Model, sub: _Sub, x: npt.NDArray[np.float64], hidden: set[int]) -> None:
    """Hide every published number the reader's move changes."""
    n = len(sub.movable)
    moved = np.abs(x[:n]) + np.abs(x[n:]) > 1e-7
    hidden.update(
        k
        for k, flag in zip(sub.movable, moved, strict=True)
        if flag and model.kinds[k] != REMAINDER
    )


# -- secondary suppression: mixed-integer programming ----------------------------------------


def milp_size(model: Model, requirements: Sequence[Requirement]) -> int:
    """Return the number of variables of the exact model (to choose the method)."""
    blocks = sum((r.upper > 0) + (r.lower > 0) for r in requirements)
    return blocks * model.size


def exact(
    model: Model,
    hidden: set[int],
    requirements: Sequence[Requirement],
    cost: npt.NDArray[np.float64],
    *,
    time_limit: float,
    below: float | None = None,
) -> set[int] | None:
    """Choose the complementary numbers of least cost by mixed-integer programming.

    The model of Fischetti and Salazar-González (2001): one binary per publishable
    number (hidden or not), and for each requirement and direction a copy of the table's
    links over deviations that may be non-zero only where a number is hidden. Returns
    None when the solver finds no solution in time (or none cheaper than `below`, the
    cost of a known solution, which also lets the solver prune).
    """
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    values = model.array()
    n = model.size
    fixed = hidden | {k for k in range(n) if model.kinds[k] == REMAINDER}
    candidates = [k for k in range(n) if k not in fixed]
    nz = len(candidates)
    cap = 2.0 * float(values.max(initial=0.0)) + max(
        [max(r.upper, r.lower) for r in requirements], default=1.0
    )
    sub = _sub(model, frozenset(t for ts in model.tables for t in ts))
    assert sub.movable == list(range(n))
    directions: list[tuple[Requirement, str]] = []
    for r in requirements:
        if r.upper > 0:
            directions.append((r, "up"))
        if r.lower > 0 and r.lower <= values[r.var] + _TOL:
            directions.append((r, "down"))
    if not directions:
        return set(hidden)
    k_blocks = len(directions)
    eye = sparse.identity(k_blocks, format="csr")
    a_eq = sparse.kron(eye, sub.a_eq, format="csr")
    a_ub = sparse.kron(eye, sub.a_ub, format="csr")
    select = sparse.csr_array(
        (np.ones(nz), (np.arange(nz), np.array(candidates, dtype=int))), shape=(nz, n)
    )
    link_y = sparse.kron(eye, select, format="csr")
    low_z = sparse.vstack([sparse.diags(values[candidates])] * k_blocks, format="csr")
    up_z = sparse.vstack([sparse.identity(nz) * cap] * k_blocks, format="csr")
    zeros_eq = sparse.csr_array((a_eq.shape[0], nz))
    zeros_ub = sparse.csr_array((a_ub.shape[0], nz))
    constraints = [
        LinearConstraint(sparse.hstack([a_eq, zeros_eq], format="csr"), 0.0, 0.0),
        LinearConstraint(sparse.hstack([link_y, low_z], format="csr"), 0.0, np.inf),
        LinearConstraint(sparse.hstack([link_y, -up_z], format="csr"), -np.inf, 0.0),
    ]
    if below is not None:
        row = np.concatenate([np.zeros(k_blocks * n), cost[candidates]])
        constraints.append(LinearConstraint(row.reshape(1, -1), -np.inf, below - 1e-6))
    if a_ub.shape[0]:
        constraints.append(
            LinearConstraint(
                sparse.hstack([a_ub, zeros_ub], format="csr"),
                -np.inf,
                np.tile(sub.b_ub, k_blocks),
            )
        )
    lb = np.concatenate([np.tile(-values, k_blocks), np.zeros(nz)])
    ub = np.concatenate([np.full(k_blocks * n, cap), np.ones(nz)])
    for b, (r, direction) in enumerate(directions):
        if direction == "up":
            lb[b * n + r.var] = r.upper
        else:
            ub[b * n + r.var] = -r.lower
    objective = np.concatenate([np.zeros(k_blocks * n), cost[candidates]])
    integrality = np.concatenate([np.zeros(k_blocks * n), np.ones(nz)])
    result = milp(
        objective,
        constraints=constraints,
        bounds=Bounds(lb, ub),
        integrality=integrality,
        options={"time_limit": time_limit, "disp": False},
    )
    if result.x is None:
        return None
    z = result.x[k_blocks * n :]
    return set(hidden) | {candidates[p] for p in range(nz) if z[p] > 0.5}

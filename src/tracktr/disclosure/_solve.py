"""Secondary suppression: the heuristic and mixed-integer programming, and their solvers.

The heuristic keeps one HiGHS model per table (the object scipy ships) and re-solves it
from its last basis; without that object, its programmes go through
:func:`scipy.optimize.milp`, which with no integer variables solves a linear programme,
many independent ones at once as one block-diagonal programme (the optimum of a sum of
independent problems is the sum of their optima). The exact method is one
mixed-integer programme.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tracktr.disclosure._model import REMAINDER, Model
from tracktr.disclosure._slacks import Slacks, slacks

_TOL = 1e-6
_BATCH = 60_000  # variables per block-diagonal programme


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
    # A link between numbers of different tables (a group's base at most its count in
    # the grouping question's table, a net and its members) links the tables too.
    for _, terms in [*model.equations, *model.inequalities]:
        first = min(min(model.tables[k]) for k in terms)
        for k in terms:
            for t in model.tables[k]:
                parent[find(t)] = find(first)
    groups: dict[int, set[int]] = {}
    for t in list(parent):
        groups.setdefault(find(t), set()).add(t)
    return list(groups.values())


def _joined(model: Model) -> dict[int, set[int]]:
    """Return, for each table, the tables that share an unknown with it (a joint table).

    The cells of a cycle's joint table are unknowns of its three tables: held fixed, they
    would fix every count of each table, so a table is protected with the other two.
    """
    out: dict[int, set[int]] = {}
    for k, tables in enumerate(model.tables):
        if model.kinds[k] == REMAINDER and len(tables) > 1:
            for t in tables:
                out.setdefault(t, set()).update(tables)
    return out


@dataclass(frozen=True, slots=True)
class _Sub:
    """The deviation programme over some tables: who may move, and the links they obey."""

    movable: list[int]
    a_eq: Any
    a_ub: Any
    b_ub: npt.NDArray[np.float64]
    split_eq: Any  # [A, -A] over (up, down) parts, COO
    split_ub: Any
    remainder: npt.NDArray[np.bool_]  # of each movable number: never printed?


def _sub(model: Model, tables: frozenset[int], *, slack: Slacks | None = None) -> _Sub:
    """Return the deviation programme over `tables`: numbers of no other table move.

    The remainders of `slack` are left out, each equation that holds them kept as the
    inequality it implies (:class:`Slacks`): the same moves, in a smaller programme.
    """
    from scipy import sparse

    values = model.array()
    movable = [k for k in range(model.size) if model.tables[k] <= tables]
    if slack is None:
        eq_rows = [terms for t, terms in model.equations if t in tables]
        ub_rows = [terms for t, terms in model.inequalities if t in tables]
    else:
        eq_rows, ub_rows, left_out = slack.rows(model, tables, set(movable))
        movable = [k for k in movable if k not in left_out]
    local = {k: p for p, k in enumerate(movable)}
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
    remainder = np.array([model.kinds[k] == REMAINDER for k in movable], dtype=bool)
    return _Sub(movable, a_eq, a_ub, b_ub, split_eq, split_ub, remainder)


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
        self.moves: list[npt.NDArray[np.float64]] = []  # each solution's net changes

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
        x = np.asarray(self.solver.getSolution().col_value, dtype=float)
        half = self.n // 2
        self.moves.append(x[:half] - x[half:])
        return x

    def moved_already(self, sub: _Sub, lb: npt.NDArray[np.float64], hidden: Set[int]) -> bool:
        """Whether a move found before takes the target as far, changing only hidden numbers.

        Every solution of this programme is a move a reader may make: the constraints
        and every bound but the target's are the same in each solve (the target's lower
        bound asks how far it must go, up or down). A move that already takes the
        target that far, and changes only numbers hidden since (or never printed), is
        a solution of cost 0, as the programme's would be: it hides nothing new.
        Of 1,548 programmes asked for 31 filtered tables under an unnamed index, 1,140 were.
        """
        half = self.n // 2
        (asked,) = np.flatnonzero(lb > 0)  # the target's rise, or its fall
        target, distance = asked % half, lb[asked]
        sign = 1.0 if asked < half else -1.0
        for move in self.moves:
            if sign * move[target] < distance - _TOL:
                continue
            changed = np.flatnonzero(np.abs(move) > 1e-7)
            if all(sub.movable[p] in hidden or sub.remainder[p] for p in changed):
                return True
        return False


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
    with numbers shared with other tables held fixed (faster, still valid), unless those
    (with the tables they share a remainder with) are more than half the linked tables:
    then every linked table, in one programme kept warm. Under an unnamed index, 31
    filtered tables linked by their numbers made 143 programmes, most of 20 to 31
    tables, each solved cold at first; now 20 (one of all 31 for most numbers), in half
    the time, and moves free to go through any table hid 174 numbers where the 143
    programmes hid 193.
    """
    hidden = set(hidden)
    groups = _linked_groups(model)
    group_of = {t: frozenset(g) for g in groups for t in g}
    cache: dict[frozenset[int], _Sub] = {}
    queues: dict[frozenset[int], list[Requirement]] = {}
    joined = _joined(model)
    # Remainders no one asks about, held by one equation each, are left out of the programmes.
    asked = {r.var for r in requirements}
    slack = slacks(model, {k for k in range(model.size) if model.kinds[k] == REMAINDER} - asked)
    for requirement in sorted(requirements, key=lambda r: (model.values[r.var], r.var)):
        tables = frozenset(model.tables[requirement.var])
        if not whole:
            tables = tables.union(*(joined.get(t, ()) for t in tables))
        if whole or 2 * len(tables) > len(group_of[min(tables)]):
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
            slack=slack,
        )
        return hidden
    _batched_heuristic(
        model, hidden, queues=queues, cache=cache, group_of=group_of, cost=cost, slack=slack
    )
    return hidden


def _batched_heuristic(
    model: Model,
    hidden: set[int],
    *,
    queues: dict[frozenset[int], list[Requirement]],
    cache: dict[frozenset[int], _Sub],
    group_of: dict[int, frozenset[int]],
    cost: npt.NDArray[np.float64],
    slack: Slacks,
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
                cache[tables] = _sub(model, tables, slack=slack)
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
    slack: Slacks,
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
            cache[tables] = _sub(model, tables, slack=slack)
        sub = cache[tables]
        if tables not in warm:
            warm[tables] = _Warm(sub, highs)
        for weight, lb, ub in _directions(model, sub, requirement, hidden, cost):
            if warm[tables].moved_already(sub, lb, hidden):
                continue  # a move found before takes it as far, moving only hidden numbers
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

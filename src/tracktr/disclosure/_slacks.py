"""Slacks: remainders one equation alone holds, left out of the programmes.

A remainder no one asks about (everyone's less a part, of 5 or more organisations) that
appears in one equation and no other link is a slack: ``whole - part - rest = 0`` with
the rest at least 0 says ``part - whole <= 0`` and no more, as the rest's upper bound is
the programmes' cap (no bound). Left out, with its equation kept as the inequality it
implies, a programme has the same solutions in every other number, with a column fewer
and often a row fewer (the inequality is usually stated already, and is stated once).

Under an unnamed index, the differences of tables whose numbers fit within others' were
1,322 such slacks of 2,222 numbers (31 filtered tables), and the heuristic and the audit
spent their time pivoting over them.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from tracktr.disclosure._variables import Model

Terms = dict[int, float]  # a sum of the model's numbers: at most 0, or 0
_Key = frozenset[tuple[int, float]]


@dataclass(frozen=True, slots=True)
class Slacks:
    """The slacks of a model, and what each equation holding some implies without them.

    ``implied[i]`` is equation ``i`` without its slacks, as an inequality (its terms at
    most 0) and that inequality's key, or None where slacks of both signs take up any
    difference (no constraint is left).
    """

    numbers: frozenset[int]
    of_equation: dict[int, list[int]]
    implied: dict[int, tuple[Terms, _Key] | None]
    stated: dict[_Key, set[int]]  # each inequality of the model: the tables stating it

    def rows(
        self, model: Model, tables: Set[int] | None = None, movable: Set[int] | None = None
    ) -> tuple[list[Terms], list[Terms], set[int]]:
        """Return the equations and inequalities of `tables` (None: all), and the slacks left out.

        A slack of an equation is left out only where every slack of it may move
        (`movable`; None: every number): one held fixed (a number of a table outside)
        keeps its equation whole.
        """
        equations: list[Terms] = []
        inequalities = [terms for t, terms in model.inequalities if tables is None or t in tables]
        left_out: set[int] = set()
        said: set[_Key] = set()
        for i, (t, terms) in enumerate(model.equations):
            if tables is not None and t not in tables:
                continue
            mine = self.of_equation.get(i)
            if not mine or (movable is not None and not all(k in movable for k in mine)):
                equations.append(terms)
                continue
            left_out.update(mine)
            implied = self.implied[i]
            if implied is None:
                continue
            kept, key = implied
            if not key:
                continue  # 0 <= 0
            owners = self.stated.get(key, ())
            if key in said or any(tables is None or o in tables for o in owners):
                continue  # said already
            said.add(key)
            inequalities.append(kept)
        return equations, inequalities, left_out


def slacks(model: Model, free: Set[int]) -> Slacks:
    """Return the numbers of `free` (remainders no one asks about) that are slacks."""
    seen: dict[int, int] = {}
    for _, terms in model.equations:
        for k in terms:
            if k in free:
                seen[k] = seen.get(k, 0) + 1
    for _, terms in model.inequalities:
        for k in terms:
            if k in free:
                seen[k] = 2  # an inequality's number is no slack
    numbers = frozenset(k for k, times in seen.items() if times == 1)
    of_equation: dict[int, list[int]] = {}
    implied: dict[int, tuple[Terms, _Key] | None] = {}
    for i, (_, terms) in enumerate(model.equations):
        mine = [k for k in terms if k in numbers and terms[k] != 0.0]
        if not mine:
            continue
        of_equation[i] = mine
        signs = {terms[k] > 0.0 for k in mine}
        if len(signs) > 1:
            implied[i] = None
            continue
        # sum + c * slack = 0 with the slack >= 0: the sum is <= 0 where c > 0, else >= 0.
        sign = 1.0 if signs.pop() else -1.0
        kept = {k: sign * c for k, c in terms.items() if k not in numbers}
        implied[i] = (kept, _key(kept))
    stated: dict[_Key, set[int]] = {}
    for t, terms in model.inequalities:
        stated.setdefault(_key(terms), set()).add(t)
    return Slacks(numbers, of_equation, implied, stated)


def _key(terms: Terms) -> _Key:
    return frozenset((k, c) for k, c in terms.items() if c != 0.0)

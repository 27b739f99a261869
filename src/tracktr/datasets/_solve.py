"""Integer search for the counts behind printed figures (used by the dataset generator).

A question's plan is a tree: the base splits into parts (options, or groups of options
such as "positive or very positive"), each carrying the figures the report prints about
it: a percentage, a count, a share in words, or a soft target. :func:`solve` finds the
counts that sum to the base and break the fewest printed figures, by dynamic programming
over the parts; where no counts meet every figure it returns the nearest ones, and
:func:`misses` lists the figures they break.

Nearness is lexicographic: first hard counts (``count``, ``at_least``), then the squares of
the percentage points by which half-up rounded percentages differ from the print, then the
number of share phrases that do not hold, then the squared distance of the exact shares
from their targets.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

from tracktr.describe import phrase_holds, phrase_interval
from tracktr.rounding import percentage_units

__all__ = [
    "Fig",
    "Miss",
    "Part",
    "at_least",
    "cost_of",
    "count",
    "misses",
    "near",
    "pct",
    "phrase",
    "solve",
    "solve_one",
]

FigKind = Literal["percent", "phrase", "count", "at_least", "near"]

# Tiers of the cost: hard counts >> percentage points (squared, so that a miss is spread
# thinly) >> phrases >> closeness (squared, so that soft targets share out a total in
# proportion). Every tier fits the one below it many times over; totals fit an int64.
_HARD = 10**15
_POINT = 10**10
_PHRASE = 10**8
_HARD_CAP = 100
_POINT_CAP = 30
_INF = np.int64(1 << 62)

Costs = npt.NDArray[np.int64]


@functools.cache
def _holds(words: str, base: int) -> tuple[bool, ...]:
    return tuple(phrase_holds(words, Fraction(c, base)) for c in range(base + 1))


@functools.cache
def _rounded(base: int) -> npt.NDArray[np.int64]:
    return np.asarray(percentage_units(np.arange(base + 1), base), dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Fig:
    """One printed figure about a count: what it says and where the report says it."""

    kind: FigKind
    value: int | float | str
    claim: str = ""
    note: str = ""

    def target(self) -> int:
        """Return the target share in 1/10 of a percent (for closeness)."""
        if self.kind in ("percent", "near"):
            return round(float(self.value) * 10)
        if self.kind == "phrase":
            low, high, _, _ = phrase_interval(str(self.value))
            return round((low + high) / 2 * 1000)
        return 0

    def costs(self, base: int, top: int, *, closeness: bool = True) -> Costs:
        """Return the cost of each count 0..top of `base` (`closeness` False: tiers only)."""
        c = np.arange(top + 1, dtype=np.int64)
        if self.kind == "count":
            return _HARD * np.minimum(np.abs(c - int(self.value)), _HARD_CAP)
        if self.kind == "at_least":
            return _HARD * np.minimum(np.maximum(int(self.value) - c, 0), _HARD_CAP)
        # Squared distance from the target in 1/10 of a percent (at most 10**6).
        close = (1000 * c - self.target() * base) ** 2 // (base * base) if closeness else 0 * c
        if self.kind == "percent":
            off = np.minimum(np.abs(_rounded(base)[: top + 1] - int(self.value)), _POINT_CAP)
            return _POINT * off * off + close
        if self.kind == "phrase":
            holds = np.array(_holds(str(self.value), base)[: top + 1], dtype=bool)
            return np.where(holds, 0, _PHRASE) + close
        return close

    def met(self, c: int, base: int) -> bool:
        """Whether count `c` of `base` agrees with the figure."""
        if self.kind == "count":
            return c == int(self.value)
        if self.kind == "at_least":
            return c >= int(self.value)
        if self.kind == "percent":
            return int(_rounded(base)[c]) == int(self.value)
        if self.kind == "phrase":
            return _holds(str(self.value), base)[c]
        return True

    def why(self, base: int) -> str:
        """Why no count of `base` meets the figure, or "" when some count does."""
        if self.kind not in ("percent", "phrase") or not base:
            return ""
        ok = [self.met(c, base) for c in range(base + 1)]
        if any(ok):
            return ""
        shown = f"{self.value}%" if self.kind == "percent" else repr(self.value)
        rounded = _rounded(base)
        target = self.target()
        below = [c for c in range(base + 1) if 1000 * c < target * base]
        above = [c for c in range(base + 1) if 1000 * c >= target * base]
        near_counts = ([below[-1]] if below else []) + ([above[0]] if above else [])
        around = ", ".join(f"{c} = {rounded[c]}%" for c in near_counts)
        return f"no count of {base} gives {shown} ({around})"


def pct(value: int, claim: str = "", note: str = "") -> Fig:
    """Return a printed percentage (whole percent, half-up)."""
    return Fig("percent", value, claim, note)


def phrase(value: str, claim: str = "", note: str = "") -> Fig:
    """Return a share in words ("just over a third"), read by ``phrase_holds``."""
    return Fig("phrase", value, claim, note)


def count(value: int, claim: str = "", note: str = "") -> Fig:
    """Return a printed count."""
    return Fig("count", value, claim, note)


def at_least(value: int, claim: str = "", note: str = "") -> Fig:
    """Return a lower bound implied by another figure (answers to a routed follow-up)."""
    return Fig("at_least", value, claim, note)


def near(value: float) -> Fig:
    """Return a soft target share in percent, for counts the report does not print."""
    return Fig("near", value)


@dataclass(frozen=True, slots=True)
class Part:
    """An option (``members`` empty) or a group of parts, with its printed figures."""

    name: str
    figs: tuple[Fig, ...] = ()
    members: tuple[Part, ...] = field(default=())

    def leaves(self) -> tuple[str, ...]:
        """Return the option labels under this part."""
        if not self.members:
            return (self.name,)
        return tuple(label for m in self.members for label in m.leaves())


@dataclass(frozen=True, slots=True)
class Miss:
    """A printed figure the solved counts cannot match."""

    part: str
    fig: Fig
    count: int
    base: int

    @property
    def percent(self) -> int:
        """The half-up percentage the counts give."""
        return int(_rounded(self.base)[self.count]) if self.base else 0


def _leaf_costs(part: Part, base: int, top: int) -> Costs:
    # A soft target ("near") says where in a phrase's interval to be; without one, the
    # middle of the interval.
    steered = any(fig.kind == "near" for fig in part.figs)
    total = np.zeros(top + 1, dtype=np.int64)
    for fig in part.figs:
        total += fig.costs(base, top, closeness=not (steered and fig.kind == "phrase"))
    return total


def _split(members: Sequence[Part], base: int, top: int) -> tuple[Costs, list[list[int]]]:
    """Best cost of each total 0..top split over `members` (min-plus), and each best split."""
    totals = np.arange(top + 1)[:, None]
    shares = np.arange(top + 1)[None, :]
    valid = shares <= totals
    rest = np.where(valid, totals - shares, 0)
    best = np.full(top + 1, _INF, dtype=np.int64)
    best[0] = 0
    choices = []
    for member in members:
        costs = _costs(member, base, top)
        values = np.where(valid, best[rest] + costs[shares], _INF)
        pick = np.argmin(values, axis=1)
        best = np.minimum(values[np.arange(top + 1), pick], _INF)
        choices.append(pick)
    ways: list[list[int]] = []
    for total in range(top + 1):
        split: list[int] = []
        left = total
        for pick in reversed(choices):
            c = int(pick[left])
            split.append(c)
            left -= c
        ways.append(split[::-1])
    return best, ways


def _costs(part: Part, base: int, top: int) -> Costs:
    own = _leaf_costs(part, base, top)
    if not part.members:
        return own
    best, _ = _split(part.members, base, top)
    total: Costs = np.minimum(own + best, _INF)
    return total


def _assign(part: Part, total: int, base: int, out: dict[str, int]) -> None:
    if not part.members:
        out[part.name] = total
        return
    _, ways = _split(part.members, base, total)
    for member, c in zip(part.members, ways[total], strict=True):
        _assign(member, c, base, out)


def solve(parts: Sequence[Part], base: int) -> dict[str, int]:
    """Return the counts of every option, summing to `base`, nearest to the printed figures."""
    out: dict[str, int] = {}
    _assign(Part("<base>", (), tuple(parts)), base, base, out)
    return out


def solve_one(figs: Sequence[Fig], base: int) -> int:
    """Return the one count of `base` nearest to `figs` (an option of a multi-response set)."""
    return int(np.argmin(_leaf_costs(Part("option", tuple(figs)), base, base)))


def cost_of(parts: Sequence[Part], counts: dict[str, int], base: int) -> int:
    """Return the tiers (hard, points, phrases) of a solution, without closeness."""
    total = 0
    for part in _walk(parts):
        c = sum(counts[label] for label in part.leaves())
        total += sum(int(f.costs(base, base)[c]) // _PHRASE for f in part.figs)
    return total


def _walk(parts: Sequence[Part]) -> list[Part]:
    out: list[Part] = []
    for part in parts:
        out.append(part)
        out += _walk(part.members)
    return out


def misses(parts: Sequence[Part], counts: dict[str, int], base: int) -> list[Miss]:
    """Return the printed figures of `parts` that `counts` do not match."""
    found: list[Miss] = []
    for part in _walk(parts):
        c = sum(counts[label] for label in part.leaves())
        found += [Miss(part.name, f, c, base) for f in part.figs if not f.met(c, base)]
    return found

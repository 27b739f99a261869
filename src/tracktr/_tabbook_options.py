"""The options every section of a tab book shares (:class:`Options`).

Kept apart from :mod:`tracktr._tabbook_build` so that a step of building a section
(:mod:`tracktr._tabbook_notes`) reads them without importing the builder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracktr.tabulate import EmptyPolicy
from tracktr.typing import DontKnowPolicy, PAdjustMethod, RoundingRule

__all__ = ["Options"]


@dataclass(frozen=True, slots=True)
class Options:
    """The options of a tab book that every section shares."""

    weights: str | Sequence[float] | None
    letters: bool
    nets: bool
    level: float
    adjust: PAdjustMethod
    dont_know: DontKnowPolicy
    empty: EmptyPolicy
    small_base: int
    rule: RoundingRule = "half_up"
    decimals: int = 0
    design: Any = None  # a tracktr.Design: letters from design-based tests
    bound: Any = None  # a tracktr.design.BoundDesign: design-based mean-score letters
    # Per banner column, the organisations in more than one of its groups (pooled waves
    # of a panel, by wave): read once per book, not once per question.
    shared: Mapping[str, int] = field(default_factory=dict)
    # Per banner column, the organisations of pooled waves in more than one of its rows
    # (twice in one group, by a breakdown they keep from wave to wave: their region).
    repeated: Mapping[str, int] = field(default_factory=dict)
    # A plain banner's column -> the book's column of its groups in display order (the
    # codebook's, those no one gave included), by which grid items are tabulated.
    ordered: Mapping[str, str] = field(default_factory=dict)
    # The persistent id column pooled rows should hold and do not (dropped before the
    # rows were saved): no one can tell which organisations several groups share.
    lost_id: str | None = None

"""What the generator solves for: the report's printed figures, or a wave's stated targets.

:data:`REPORT` gathers everything :mod:`tracktr.datasets._generate` reads about the 2016
report (the respondents, every question's plan, Table 2's rows, Table 3's cross-tabulation
and the few counts the dealing step honours). :func:`moved` makes the targets of another,
invented wave from them: every base scaled to the wave's organisations (a section's bases
to its own group), every printed count turned into its share, and the stated moves applied.
The generator solves and deals either the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from tracktr.datasets._plan import (
    CRC,
    INCOME,
    OUTSIDE,
    TABLE_2,
    TABLE_2_AVERAGE,
    TABLE_3_ALL,
    TABLE_3_CRC,
    Check,
    Plan,
)
from tracktr.datasets._plan_checks import CHECKS
from tracktr.datasets._plan_grids import GRIDS, MULTI
from tracktr.datasets._plan_single import SINGLE
from tracktr.datasets._solve import Fig, Part, count, near

__all__ = ["REPORT", "Targets", "moved"]

Multi = dict[str, tuple[int, dict[str, tuple[Fig, ...]], str]]


@dataclass(frozen=True, slots=True)
class Targets:
    """Everything the generator solves for and deals to `n` organisations."""

    n: int
    single: dict[str, Plan]
    grids: dict[str, dict[str, Plan]]
    multi: Multi
    table_2: tuple[tuple[str, int, int, int, int], ...]
    table_2_average: tuple[int, ...] | None  # None: no AVERAGE row to match
    table_2_bases: range
    table_3_all: tuple[int, ...]  # income of every organisation
    table_3_crc: tuple[int, ...]  # income of the CRC-funded
    skipped_main_funding_income: tuple[int, ...]  # income of those skipping main_funding
    outside_subsidised: int  # outside supply chains subsidising from either source
    national_few: int  # national organisations working in one to three regions
    specialism: tuple[tuple[str, int], ...]
    checks: tuple[Check, ...]


REPORT = Targets(
    n=151,
    single=SINGLE,
    grids=GRIDS,
    multi=MULTI,
    table_2=TABLE_2,
    table_2_average=TABLE_2_AVERAGE,
    table_2_bases=range(92, 106),  # Graphs 9 and 10 beside Table 2: n=104, 105
    table_3_all=TABLE_3_ALL,
    table_3_crc=TABLE_3_CRC,
    # Income of the 16 who did not answer main_funding (the NPS-funded one is £1m - £5m).
    skipped_main_funding_income=(5, 2, 2, 3, 2, 1, 1),
    outside_subsidised=58,  # "In total, 58 organisations (67%) have had to subsidise"
    national_few=15,  # "15 of the 42 organisations indicating a 'national' footprint"
    specialism=(  # the report prints no figures for Graph 8
        ("specialism_bame", 9),
        ("specialism_women", 18),
        ("specialism_young_adults", 14),
    ),
    checks=CHECKS,
)
"""The 2016 report's figures for the 151 organisations of the 2015 survey."""


def _scale(value: int, ratio: Fraction) -> int:
    """`value` times `ratio`, half up."""
    return int(value * ratio + Fraction(1, 2))


def _share(fig: Fig, base: int) -> Fig:
    """Return a printed count as a share of its base: a target, never a hard count."""
    if fig.kind in ("count", "at_least"):
        return near(100 * int(fig.value) / base)
    return fig


def _part(part: Part, base: int) -> Part:
    figs = tuple(_share(f, base) for f in part.figs)
    return Part(part.name, figs, tuple(_part(m, base) for m in part.members))


def _plan(plan: Plan, ratio: Fraction) -> Plan:
    parts = tuple(_part(p, plan.base) for p in plan.parts)
    return Plan(_scale(plan.base, ratio), parts, f"{plan.source}; scaled")


def moved(
    n: int,
    *,
    main_funding: tuple[int, int, int],
    table_3_all: tuple[int, ...],
    table_3_crc: tuple[int, ...],
    skipped_main_funding_income: tuple[int, ...],
    shifts: Mapping[tuple[str, str], Mapping[str, float]] = {},
) -> Targets:
    """Return the 2016 report's targets moved to another wave of `n` organisations.

    `main_funding` gives the wave's CRC-funded, NPS-funded and outside counts (the rest
    skip the question); the Table 3 counts give its income (all, CRC-funded, skipped).
    Every other plan keeps the report's shares: each base is scaled by the change in its
    section's group (CRC-funded, outside, or all organisations), half up, and each printed
    count becomes its share of the old base. `shifts` maps (question, grid item or "") to
    new soft targets (percent) for some options, replacing that option's figures.
    """
    crc, nps, outside = main_funding
    if min(main_funding) < 0 or crc + nps + outside > n:
        msg = f"main_funding {main_funding} must be counts of at most the {n} organisations"
        raise ValueError(msg)
    _check(table_3_all, n, "table_3_all", "organisations")
    _check(table_3_crc, crc, "table_3_crc", "CRC-funded organisations")
    _check(
        skipped_main_funding_income,
        n - crc - nps - outside,
        "skipped_main_funding_income",
        "organisations skipping main_funding",
    )
    old = REPORT.single["main_funding"]
    old_crc, old_outside = (_counted(old, label) for label in (CRC, OUTSIDE))
    ratios = {
        "crc_": Fraction(crc, old_crc),
        "outside_": Fraction(outside, old_outside),
        "": Fraction(n, REPORT.n),
    }

    def ratio(question: str) -> Fraction:
        return next(r for prefix, r in ratios.items() if question.startswith(prefix))

    def shifted(question: str, item: str, plan: Plan) -> Plan:
        plan = _plan(plan, ratio(question))
        moves = shifts.get((question, item), {})
        if not moves:
            return plan
        parts = tuple(_move(p, moves) for p in plan.parts)
        return dataclasses.replace(plan, parts=parts)

    single = {q: shifted(q, "", p) for q, p in REPORT.single.items()}
    single["main_funding"] = Plan(
        crc + nps + outside,
        tuple(Part(p.name, (_exact(c),)) for p, c in zip(old.parts, main_funding, strict=True)),
        "stated",
    )
    single["income"] = Plan(
        n,
        tuple(
            Part(p.name, (_exact(c),))
            for p, c in zip(REPORT.single["income"].parts, table_3_all, strict=True)
        ),
        "stated",
    )
    grids = {
        q: {item: shifted(q, item, p) for item, p in items.items()}
        for q, items in REPORT.grids.items()
    }
    multi: Multi = {
        q: (
            _scale(base, ratio(q)),
            {label: tuple(_share(f, base) for f in figs) for label, figs in options.items()},
            f"{source}; scaled",
        )
        for q, (base, options, source) in REPORT.multi.items()
    }
    bases = REPORT.table_2_bases
    scale = ratios[""]
    return dataclasses.replace(
        REPORT,
        n=n,
        single=single,
        grids=grids,
        multi=multi,
        table_2_average=None,
        table_2_bases=range(_scale(bases.start, scale), _scale(bases.stop, scale)),
        table_3_all=table_3_all,
        table_3_crc=table_3_crc,
        skipped_main_funding_income=skipped_main_funding_income,
        outside_subsidised=_scale(REPORT.outside_subsidised, ratios["outside_"]),
        national_few=_scale(REPORT.national_few, scale),
        specialism=tuple((c, _scale(k, scale)) for c, k in REPORT.specialism),
        checks=(),
    )


def _check(counts: tuple[int, ...], total: int, name: str, who: str) -> None:
    if len(counts) != len(INCOME) or sum(counts) != total or min(counts) < 0:
        msg = f"{name} {counts} must be {len(INCOME)} counts summing to the {total} {who}"
        raise ValueError(msg)


def _exact(c: int) -> Fig:
    return count(c, "a stated target of the synthetic wave")


def _counted(plan: Plan, label: str) -> int:
    part = next(p for p in plan.parts if p.name == label)
    return next(int(f.value) for f in part.figs if f.kind == "count")


def _move(part: Part, moves: Mapping[str, float]) -> Part:
    if part.name in moves:
        return Part(part.name, (near(moves[part.name]),), part.members)
    return Part(part.name, part.figs, tuple(_move(m, moves) for m in part.members))

"""The checks of a report's tables, for the run of :func:`tracktr.check.report`.

A table of the figures file is checked as a whole: its printed percentages against its
counts and bases (:func:`tracktr.check.table`), the bases that fit every cell when none
is printed, each printed line as a distribution when only percentages are printed, and
its printed averages against the mean of its rows. Each finding goes to the run
(:class:`tracktr.check._run._Run`) that owns the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.check._baseset import BaseSet, _spans
from tracktr.check._distribution import distribution as _distribution
from tracktr.check._percent import bases as _bases
from tracktr.check._table import table as _table
from tracktr.reference import Figure, PublishedTable
from tracktr.typing import RoundingRule, Verdict

if TYPE_CHECKING:
    from tracktr.check._run import _Run

__all__ = ["check_table"]


def _rule(f: Figure) -> RoundingRule:
    """Return the rule a figure was rounded by: as the file says, else half-up."""
    return f.rule or "half_up"  # type: ignore[return-value]


def check_table(run: _Run, spec: Figure) -> None:
    """Check one table of the file: its percentages against its counts or bases."""
    t = run.tables[spec.figure]
    label = spec.source or spec.figure
    rule = _rule(spec)
    if t.counts is not None and t.bases is not None:
        _with_bases(run, t, label, rule)
    elif t.counts is not None:
        _without_bases(run, t, label, rule)
    else:
        _printed_only(run, t, label, rule)


def _without_bases(run: _Run, t: PublishedTable, label: str, claimed: RoundingRule) -> None:
    assert t.counts is not None
    result = _table(
        t.counts,
        t.printed,
        t.implied_base,
        decimals=t.decimals,
        rule=claimed,
        percent_axis=t.percent_axis,
    )
    rule = claimed if result.consistent else (result.rules[0] if result.rules else claimed)
    common: npt.NDArray[np.int64] | None = None
    counts, printed = _cells(t.counts), _cells(t.printed)
    for row in t.printed.index:
        for column in t.printed.columns:
            fits = _bases(
                int(counts[row][column]),
                float(printed[row][column]),
                decimals=t.decimals,
                rules=rule,  # type: ignore[arg-type]
                max_base=1000,
            ).bases[rule]
            # Intersected as sorted arrays: iterating each set of bases costs more.
            members = _members(fits)
            common = (
                members if common is None else np.intersect1d(common, members, assume_unique=True)
            )
    bases_text = _spans(common.tolist() if common is not None else [])
    verdict: Verdict = "consistent"
    if not result.consistent:
        verdict = "doubtful" if result.rules else "inconsistent"
    run.add(
        None,
        verdict,
        f"{result.explanation} No base is printed; under {rule} the bases that fit every "
        f"cell are {bases_text}.",
        "table",
        figure=t.name,
        claim=f"{label} / {t.title}",
        source=t.source,
    )
    for _, cell in result.differing.iterrows():
        run.add(
            None,
            verdict,
            f"{label}, {cell['row']} / {cell['column']}: printed {cell['printed']:g} "
            f"({cell['count']}); {cell['count']} of {cell['base']} is "
            f"{float(Fraction(100 * int(cell['count']), int(cell['base']))):.2f}%, which "
            f"rounds {_rule_words(claimed)} to {cell['expected']:g}; explained by "
            f"{cell['explained_by']}.",
            "table",
            figure=f"{t.name}_{_row_key(str(cell['row']))}_{_row_key(str(cell['column']))}",
            claim=f"{cell['row']}: {cell['printed']:g} ({cell['count']})",
            source=t.source,
        )


def _with_bases(run: _Run, t: PublishedTable, label: str, rule: RoundingRule) -> None:
    assert t.counts is not None
    assert t.bases is not None
    result = _table(
        t.counts,
        t.printed,
        t.bases,
        decimals=t.decimals,
        rule=rule,
        percent_axis=t.percent_axis,
    )
    axis: Literal["index", "columns"] = "index" if t.percent_axis == "columns" else "columns"
    totals = t.printed.sum(axis=axis)
    sums = ", ".join(f"{c} {totals[c]:g}" for c in totals.index)
    verdict: Verdict = "consistent" if result.consistent else "inconsistent"
    along = "Column" if t.percent_axis == "columns" else "Row"
    run.add(
        None,
        verdict,
        f"{result.explanation} {along} totals of the percentages: {sums}.",
        "table",
        figure=t.name,
        claim=f"{label} / {t.title}",
        source=t.source,
    )
    if not t.partition:
        return
    counted = t.counts.sum(axis=axis)
    for name in counted.index:
        if int(counted[name]) != int(t.bases[name]):
            run.add(
                None,
                "inconsistent",
                f"The {name} frequencies sum to {int(counted[name])}, not n={int(t.bases[name])}.",
                "sum",
                figure=t.name,
                claim=f"{label} / {t.title}",
                source=t.source,
            )


def _printed_only(run: _Run, t: PublishedTable, label: str, rule: RoundingRule) -> None:
    if not t.partition:
        run.add(
            None,
            "unchecked",
            f"{label} prints percentages only, and they do not share out one base.",
            "table",
            figure=t.name,
            claim=f"{label} / {t.title}",
            source=t.source,
        )
        return
    named = {
        f.row: f.figure
        for f in run.file
        if f.kind == "distribution" and f.table == t.name and f.row
    }
    lines = t.printed if t.percent_axis == "rows" else t.printed.T
    common: npt.NDArray[np.int64] | None = None
    columns = list(lines.columns)
    # Each line as {column: printed value}, its values numpy scalars as a row's are.
    for key, row in zip(lines.index, lines.to_numpy(), strict=True):
        values = dict(zip(columns, list(row), strict=True))
        result = _distribution(values, None, decimals=t.decimals, rule=rule, max_base=1000)
        if not result.possible:
            also = ""
            if rule != "floor":
                floor = _distribution(
                    values, None, decimals=t.decimals, rule="floor", max_base=1000
                )
                also = " Truncation (floor) could produce it." if floor.possible else ""
            run.add(
                None,
                "impossible",
                f"{label}, {key}: {result.explanation}{also}",
                "distribution",
                figure=named.get(str(key), f"{t.name}_{_row_key(str(key))}"),
                claim=f"{key}: " + " / ".join(f"{c} {v:g}" for c, v in values.items()),
                source=t.source,
            )
            continue
        members = _members(result.bases)
        common = members if common is None else np.intersect1d(common, members, assume_unique=True)
    sample = _sample(run)
    shared = [] if common is None else common[common <= sample].tolist()
    if shared:
        verdict_2: Verdict = "consistent"
        text = f"the other rows all fit a base of {_spans(shared)}."
    else:
        verdict_2 = "doubtful"
        smallest = int(common.min()) if common is not None and common.size else None
        text = (
            f"each other row fits some base, but no single base up to the sample of "
            f"{sample} fits them all (the smallest common base is {smallest}), so the "
            "rows must have different, unprinted bases."
        )
    run.add(
        None,
        verdict_2,
        f"{label} prints no bases; {text}",
        "distribution",
        figure=t.name,
        claim=f"{label} / {t.title}",
        source=t.source,
    )
    if t.summary is None:
        return
    for row in t.summary.index:
        for column in lines.columns:
            mean = Fraction(str(lines[column].sum())) / len(lines)
            printed = Fraction(str(t.summary.loc[row, column]))
            unit = Fraction(1, 10**t.decimals)
            verdict: Verdict = "consistent" if abs(mean - printed) < unit else "inconsistent"
            run.add(
                None,
                verdict,
                f"{row} {column} prints {float(printed):g}; the mean of the printed rows is "
                f"{float(mean):.2f}.",
                "average",
                figure=f"{t.name}_{_row_key(str(row))}_{_row_key(str(column))}",
                claim=f"{row} {column} {float(printed):g}",
                source=t.source,
            )


def _sample(run: _Run) -> int:
    """Return the largest base the report prints: no table's rows can have a larger one."""
    printed = [f.base for f in run.figures.values() if f.kind == "base" and f.base]
    return max(printed, default=1000)


def _members(bases: Sequence[int]) -> npt.NDArray[np.int64]:
    """Return a set of bases (a BaseSet, a tuple, a range) as a sorted int64 array."""
    if isinstance(bases, BaseSet):
        return bases.to_array()  # sorted, each base once: np.intersect1d may assume unique
    return np.unique(np.asarray(list(bases), dtype=np.int64))


def _cells(frame: pd.DataFrame) -> dict[Any, dict[Any, Any]]:
    """Return a table's cells as ``{row: {column: value}}``: a .loc per cell costs more."""
    values = frame.to_numpy().tolist()
    columns = list(frame.columns)
    return {
        row: dict(zip(columns, line, strict=True))
        for row, line in zip(frame.index, values, strict=True)
    }


def _rule_words(rule: str) -> str:
    return {"half_up": "half-up", "half_even": "half-even", "half_down": "half-down"}.get(
        rule, f"by {rule}"
    )


_STOP = {"people", "with", "a", "the", "and", "from", "of", "or", "e", "g", "their"}


def _row_key(label: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in label.lower()).split()
    return "_".join([w for w in words if w not in _STOP][:3] or words[:3])

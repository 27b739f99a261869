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
from tracktr.check._percent import percent as _percent
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
    _averages(run, t, rule)


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
    _table_finding(
        run,
        t,
        label,
        verdict,
        f"{result.explanation} No base is printed; under {rule} the bases that fit every "
        f"cell are {bases_text}.",
        "table",
    )
    for _, cell in result.differing.iterrows():
        run.add(
            None,
            verdict,
            f"{label}, {cell['row']} / {cell['column']}: printed {cell['printed']:g} "
            f"({cell['count']}); {cell['count']} of {cell['base']} is "
            f"{float(Fraction(100 * int(cell['count']), int(cell['base']))):.2f}%, which "
            f"rounds {_rule_words(claimed)} to {cell['expected']:g}; explained by "
            f"{cell['explained_by'] or 'no rounding rule'}.",
            "table",
            figure=f"{t.name}_{_row_key(str(cell['row']))}_{_row_key(str(cell['column']))}",
            claim=f"{cell['row']}: {cell['printed']:g} ({cell['count']})",
            source=t.source,
        )


def _table_finding(  # noqa: PLR0917  (private; what the finding says, in order)
    run: _Run, t: PublishedTable, label: str, verdict: Verdict, text: str, check: str
) -> None:
    """Add a finding about a whole table (not one of its cells)."""
    run.add(
        None, verdict, text, check, figure=t.name, claim=f"{label} / {t.title}", source=t.source
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
    _table_finding(
        run,
        t,
        label,
        verdict,
        f"{result.explanation} {along} totals of the percentages: {sums}.",
        "table",
    )
    if not t.partition:
        return
    counted = t.counts.sum(axis=axis)
    for name in counted.index:
        if int(counted[name]) != int(t.bases[name]):
            _table_finding(
                run,
                t,
                label,
                "inconsistent",
                f"The {name} frequencies sum to {int(counted[name])}, not n={int(t.bases[name])}.",
                "sum",
            )


def _group_bases(run: _Run, t: PublishedTable) -> dict[str, int]:
    """Return the base of each row (or column) of a table that prints one, or implies one.

    A cell's printed base is its row's or column's (the file's reader refuses two cells of
    one that print different bases); the table's own ``base`` is for the rest.
    """
    out: dict[str, int] = {}
    for c in run.file:
        if c.kind == "cell" and c.table == t.name and c.base is not None:
            out.setdefault(c.row if t.percent_axis == "rows" else c.column, c.base)
    if t.implied_base is not None:
        along = t.printed.index if t.percent_axis == "rows" else t.printed.columns
        for group in along:
            out.setdefault(str(group), t.implied_base)
    return out


def _cells_against_bases(
    run: _Run, t: PublishedTable, label: str, rule: RoundingRule, bases: dict[str, int]
) -> dict[str, Verdict]:
    """Check each cell's percentage against its base (and its count, where printed).

    Return the rows (or columns) with a cell that no count, or not its count, prints as.
    """
    wrong: dict[str, Verdict] = {}
    for c in run.file:
        if c.kind != "cell" or c.table != t.name or c.value is None:
            continue
        group = c.row if t.percent_axis == "rows" else c.column
        base = bases.get(group)
        if base is None:
            continue
        found = _percent(c.value, base, decimals=t.decimals, rules=rule)
        verdict: Verdict
        if c.count is not None:
            if c.count in found.counts[rule]:
                continue
            verdict = "inconsistent"
            share = float(Fraction(100 * c.count, base))
            text = (
                f"printed {c.value:g} ({c.count}); {c.count} of {base} is {share:.2f}%, "
                f"which does not round {_rule_words(rule)} to {c.value:g}."
            )
        elif found.possible_under(rule):
            continue
        else:
            verdict = "impossible"
            text = found.explain(rule)
        wrong.setdefault(group, verdict)
        run.add(
            None,
            verdict,
            f"{label}, {c.row} / {c.column}: {text}",
            "percent",
            figure=f"{t.name}_{_row_key(c.row)}_{_row_key(c.column)}",
            claim=f"{c.row} / {c.column}: {c.value:g}",
            source=t.source,
        )
    return wrong


def _printed_only(run: _Run, t: PublishedTable, label: str, rule: RoundingRule) -> None:
    bases = _group_bases(run, t)
    wrong = _cells_against_bases(run, t, label, rule, bases)
    lines = t.printed if t.percent_axis == "rows" else t.printed.T
    word = "row" if t.percent_axis == "rows" else "column"
    unbased = [str(key) for key in lines.index if str(key) not in bases]
    if not t.partition:
        if not bases:
            _table_finding(
                run,
                t,
                label,
                "unchecked",
                f"{label} prints percentages only, and they do not share out one base.",
                "table",
            )
            return
        _based_summary(run, t, label, wrong=wrong, unbased=unbased, tail="")
        return
    common = _lines(run, t, label, rule, bases=bases, wrong=wrong)
    if len(unbased) < len(lines):
        tail = ""
        if common is not None:
            shared = common[common <= _sample(run)].tolist()
            fits = _spans(shared) if shared else "no single base"
            tail = f" The {word}s without a base ({', '.join(unbased)}) fit {fits}."
        _based_summary(run, t, label, wrong=wrong, unbased=unbased, tail=tail)
        return
    if common is None:
        return  # every line is impossible, and has its finding
    sample = _sample(run)
    shared = common[common <= sample].tolist()
    if shared:
        verdict_2: Verdict = "consistent"
        text = f"the other rows all fit a base of {_spans(shared)}."
    else:
        verdict_2 = "doubtful"
        smallest = int(common.min()) if common.size else None
        text = (
            f"each other row fits some base, but no single base up to the sample of "
            f"{sample} fits them all (the smallest common base is {smallest}), so the "
            "rows must have different, unprinted bases."
        )
    _table_finding(
        run,
        t,
        label,
        verdict_2,
        f"{label} prints no bases; {text}",
        "distribution",
    )


def _lines(
    run: _Run,
    t: PublishedTable,
    label: str,
    rule: RoundingRule,
    *,
    bases: dict[str, int],
    wrong: dict[str, Verdict],
) -> npt.NDArray[np.int64] | None:
    """Check each line (row or column sharing a base) of a complete table as a partition.

    A line with a base is checked at it; the others at every base up to 1000. Return the
    bases that fit every line without a base that can hold (None: no such line).
    """
    lines = t.printed if t.percent_axis == "rows" else t.printed.T
    named = {
        f.row: f.figure
        for f in run.file
        if f.kind == "distribution" and f.table == t.name and f.row
    }
    common: npt.NDArray[np.int64] | None = None
    columns = list(lines.columns)
    # Each line as {column: printed value}, its values numpy scalars as a row's are.
    for key, row in zip(lines.index, lines.to_numpy(), strict=True):
        values = dict(zip(columns, list(row), strict=True))
        base = bases.get(str(key))
        if base is not None and str(key) in wrong:
            continue  # a cell of it is wrong already
        result = _distribution(values, base, decimals=t.decimals, rule=rule, max_base=1000)
        if not result.possible:
            also = ""
            if rule != "floor":
                floor = _distribution(
                    values, base, decimals=t.decimals, rule="floor", max_base=1000
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
            if base is not None:
                wrong.setdefault(str(key), "impossible")
            continue
        if base is None:
            members = _members(result.bases)
            common = (
                members if common is None else np.intersect1d(common, members, assume_unique=True)
            )
    return common


def _based_summary(
    run: _Run,
    t: PublishedTable,
    label: str,
    *,
    wrong: dict[str, Verdict],
    unbased: list[str],
    tail: str,
) -> None:
    """Add the finding on a table of percentages whose rows (or columns) print bases."""
    word = "row" if t.percent_axis == "rows" else "column"
    order: list[Verdict] = ["impossible", "inconsistent", "consistent"]
    verdict = min([*wrong.values(), "consistent"], key=order.index)
    shares = " and each shares out its base" if t.partition else ""
    if wrong:
        text = (
            f"{label}: the cells of {len(wrong)} {word}(s) ({', '.join(wrong)}) cannot be "
            "printed from their bases (each has its own finding)."
        )
    else:
        text = f"{label}: every cell with a base is possible for it{shares}."
    if unbased:
        text += f" No base is printed for {', '.join(unbased)}."
    if not t.partition:
        text += " `complete` is blank, so the cells of a base need not share it out."
    _table_finding(
        run,
        t,
        label,
        verdict,
        text + tail,
        "table",
    )


def _averages(run: _Run, t: PublishedTable, rule: RoundingRule) -> None:
    """Check each printed average against the mean of the printed rows of its column."""
    if t.summary is None:
        return
    # Rounded to nearest, each printed row is within half a unit of its share and the
    # average within half a unit of their mean: less than one unit from the printed rows'
    # mean. Truncated (or rounded up, or largest remainder), within one unit each: two.
    near = rule in ("half_up", "half_down", "half_even", "double_half_up")
    unit = Fraction(1 if near else 2, 10**t.decimals)
    for row in t.summary.index:
        for column in t.summary.columns:
            value = t.summary.loc[row, column]
            if pd.isna(value):
                continue  # not printed
            printed = Fraction(str(value))
            figure = f"{t.name}_{_row_key(str(row))}_{_row_key(str(column))}"
            claim = f"{row} {column} {float(printed):g}"
            cells = t.printed[column].tolist() if column in t.printed.columns else []
            if not cells or any(pd.isna(v) for v in cells):
                run.add(
                    None,
                    "unchecked",
                    f"{row} {column} prints {float(printed):g}, but not every row of {column} "
                    "is printed: their mean is not known.",
                    "average",
                    figure=figure,
                    claim=claim,
                    source=t.source,
                )
                continue
            mean = sum((Fraction(str(v)) for v in cells), Fraction(0)) / len(cells)
            verdict: Verdict = "consistent" if abs(mean - printed) < unit else "inconsistent"
            run.add(
                None,
                verdict,
                f"{row} {column} prints {float(printed):g}; the mean of the printed rows is "
                f"{float(mean):.2f}.",
                "average",
                figure=figure,
                claim=claim,
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

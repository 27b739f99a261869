"""How a :class:`~tracktr.Table` writes its numbers and labels: cells, notes, Markdown, HTML.

Formatting only: the table computes its percentages and notes; these functions turn them
into text (counts without a spurious ".0", percentages at the table's decimals, labels
escaped for Markdown and HTML).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._text import html_text, label_text, markdown_text
from tracktr.rounding import _exact_units, decimal_text, percentage_units, weighted_count_text
from tracktr.typing import RoundingRule

if TYPE_CHECKING:
    from tracktr._table_arrays import Views
    from tracktr.table import Table


class _Labels(NamedTuple):
    """A table's labels and respondent bases as Python lists, for rendering."""

    rows: list[Any]
    columns: list[Any]
    summary: list[bool]  # per row: a summary row (shown without a count)
    bases: list[Any]  # the labels of `bases`
    n: list[Any]  # the respondent base of each
    flags: list[bool]  # per base: a summary row's (no respondent base)


GAP = "n/a"
"""How a cell with no value is written: a gap (an option not offered) or a share of no base."""


def no_column_note(count: int, by: str) -> str:
    """Say how many respondents are in no column of a table split by `by` (no total).

    Written by one function so that disclosure control can read it back
    (:func:`no_column_count`) and withhold a number that protection needs hidden.
    """
    if count == 1:
        return f"1 respondent with no answer to {by} is in no column."
    return f"{count} respondents with no answer to {by} are in no column."


_NO_COLUMN = re.compile(r"^(\d+) respondents? with no answer to (.+) (?:is|are) in no column\.$")


def no_column_count(note: str) -> tuple[int, str] | None:
    """Return the count and the question of a :func:`no_column_note`, or None."""
    found = _NO_COLUMN.match(note)
    return None if found is None else (int(found.group(1)), found.group(2))


def _fmt_number(value: Any, decimals: int = 2) -> str:
    """Round a statistic half-up from its shortest decimal representation.

    A zero is written without a sign (a mean of -0.004 is "0.00", not "-0.00"), and an
    infinite statistic (an SD or interval beyond the largest float) as "inf" or "-inf".
    """
    if pd.isna(value):
        return "n/a"
    number = float(value)
    if math.isinf(number):  # Decimal cannot quantize it: the book raised InvalidOperation
        return "inf" if number > 0 else "-inf"
    return decimal_text(Decimal(repr(number)), decimals)


def _fmt_base(value: Any) -> str:
    """Return a base as a tab book prints it: whole, or (weighted) to one decimal place."""
    number = float(value)
    return str(int(number)) if number.is_integer() else _fmt_number(number, 1)


def no_group_note(count: float | None, banner: str) -> str:
    """Say how many respondents in a tab book's base have no group of `banner`.

    They are in the total column only. Written by one function so that the book's
    disclosure control reads it back (:func:`no_group_count`) and withholds a number
    that protection needs hidden: `count` None writes "Some respondents". A count that
    is not whole (weighted) is written to one decimal place, rounded half-up.
    """
    who = "Some respondents" if count is None else f"{_fmt_base(count)} respondent(s)"
    return (
        f"{who} in the base have no {banner} group: they are in the total only "
        "(missing_group= shows them as a column)."
    )


_NO_GROUP = re.compile(
    r"^(\d+(?:\.\d+)?) respondent\(s\) in the base have no (.+) group: they are in the "
    r"total only \(missing_group= shows them as a column\)\.$",
    re.DOTALL,
)


def no_group_count(note: str) -> tuple[float, str] | None:
    """Return the count and the banner of a :func:`no_group_note` with a number, or None."""
    found = _NO_GROUP.match(note)
    return None if found is None else (float(found.group(1)), found.group(2))


ZERO_WEIGHT = "Weight 0:"
"""How the weight-0 note begins: protection finds it so and rewrites it."""
ZERO_WEIGHT_UNCOUNTED = (
    f"{ZERO_WEIGHT} some respondents in n have a weight of 0; they add nothing to the weighted "
    "percentages."
)
"""The weight-0 note of a protected table or book: its numbers could give a base away."""


def zero_weight_note(labels: Sequence[Any], n: Sequence[Any], zeros: Sequence[Any]) -> str | None:
    """Say which bases hold respondents with a weight of 0, and how many; None if none.

    They are in n and add nothing to the weighted counts (as :func:`tracktr.summarise`
    says of its statistics). A protected table prints :data:`ZERO_WEIGHT_UNCOUNTED`.
    """
    listed = [
        f"{_label(label)} ({_fmt(z)} of n={_fmt(v)})"
        for label, v, z in zip(labels, n, zeros, strict=True)
        if z > 0
    ]
    if not listed:
        return None
    return (
        f"{ZERO_WEIGHT} {', '.join(listed)}. These respondents are in n and add nothing to the "
        "weighted percentages."
    )


def table_notes(
    table: Table, shown: _Labels, view: Views, totals: list[float], base_line: str
) -> tuple[str, ...]:
    """Return a table's notes: base, rule, flags, from its labels and rounded totals.

    `totals` are the sums of the displayed percentages of each partition (NaN where
    undefined), `base_line` the table's base statement.
    """
    labels, n, flags = shown.bases, shown.n, shown.flags
    notes = [base_line]
    if view.effective is not None:
        notes.append(_effective_line(view.effective, view.effective_labels))
    notes.append(rule_note(table.rule, table.decimals))
    if not table.partition and table.kind == "multi":
        notes.append(
            "Respondents could give more than one answer, so percentages may sum to more than 100."
        )
    elif not table.partition:
        # Row or total percentages, or nets, of a question with one answer each: the
        # cells of a column are not a split of its base, but no one gave two answers.
        notes.append("Percentages need not sum to 100 down a column.")
    listed = ", ".join(
        f"{_label(label)} (n={_fmt(v)})"
        for label, v, flag in zip(labels, n, flags, strict=True)
        if not flag and 0 < v < table.small_base
    )
    if listed:
        notes.append(
            f"Small base: n below {table.small_base} for {listed}; "
            "read these percentages with care."
        )
    zero = [
        (label, v)
        for label, v, b, flag in zip(labels, n, view.base_values, flags, strict=True)
        if b == 0 and not flag
    ]
    empty = [_label(label) for label, v in zero if not v > 0]
    weighed_out = [_label(label) for label, v in zero if v > 0]
    if empty:
        listed = ", ".join(empty)
        notes.append(f"No respondents in the base of {listed}: percentages are undefined.")
    if weighed_out:  # respondents whose weights are all 0
        listed = ", ".join(weighed_out)
        notes.append(f"The weighted base of {listed} is 0: percentages are undefined.")
    if table.partition:
        along = shown.columns if table.percent_axis == "columns" else shown.rows
        short = _short_of_base(table, view)
        for label, total, missing in zip(along, totals, short, strict=True):
            if missing:  # not rounding: the counts shown are not the whole base
                notes.append(short_of_base_note(label))
                continue
            note = rounding_sum_note(label, total, table.decimals)
            notes += [note] if note else []
    if table.weighted:
        notes.append("Counts are weighted; n is the number of respondents.")
        if table.zero_weights is not None:
            note = zero_weight_note(labels, n, table.zero_weights.tolist())
            notes += [note] if note else []
    notes.extend(table.extra_notes)
    return tuple(notes)


def _short_of_base(table: Table, view: Views) -> list[bool]:
    """Whether each base's counts shown (summary rows aside) fall short of it.

    A partition's displayed percentages miss 100 through rounding only when its counts
    make up its base; a table built from some of a question's options (2 and 2 of n=9)
    misses it for that reason, and "sum to 44, not 100, because of rounding" was false.
    Weighted counts are sums of floats: equal to their base within 1e-9 of it.
    """
    counts = np.asarray(view.counts, dtype=float)
    bases = np.asarray(view.base_values, dtype=float)
    if table.percent_axis == "columns":
        summary = set(table.summary_rows)
        keep = np.array([row not in summary for row in view.rows], dtype=bool)
        sums = counts[keep].sum(axis=0) if keep.size else np.zeros(len(bases))
    else:
        sums = counts.sum(axis=1)
    # np.isclose(sums, bases, rtol=1e-9, atol=0) for the finite numbers a table holds,
    # written out: np.isclose costs more than the rest of the notes of a small table.
    short = (np.abs(sums - bases) > 1e-9 * np.abs(bases)) & (bases > 0)
    return [bool(v) for v in short]


def rule_note(rule: RoundingRule, decimals: int) -> str:
    """Say how a table's percentages are rounded: its rule and its decimals.

    One function writes it for the table's notes and for a chart's note line
    (:mod:`tracktr.plot`), so that the two never word the rule differently.
    """
    unit = "whole numbers" if decimals == 0 else f"{decimals} decimal place(s)"
    return f"Percentages are rounded {_RULE_WORDS[rule]} to {unit}."


def short_of_base_note(label: object) -> str:
    """Say that the options shown of `label` are not its whole base, so miss 100.

    Shared by the table's notes and a chart's note line: bars of 2 and 2 of n=9 read
    22% and 22%, and a reader must be told where the rest is.
    """
    return (
        f"Percentages of {_label(label)} do not sum to 100: the options shown do not make "
        "up its whole base."
    )


def rounding_sum_note(label: object, total: float, decimals: int) -> str | None:
    """Say that the displayed percentages of `label` sum to `total`, not 100; None if 100.

    `total` is the partition's sum of displayed percentages
    (:meth:`tracktr.Table.rounding_totals`), NaN where undefined (no note). Shared by the
    table's notes and a chart's note line.
    """
    if math.isnan(total) or total == 100.0:
        return None
    return (
        f"Percentages of {_label(label)} sum to {total:.{decimals}f}, not 100, because of rounding."
    )


def markdown_table(
    title: str | None,
    columns: list[Any],
    index: list[Any],
    cells: list[list[str]],
    notes: tuple[str, ...],
) -> str:
    """Return a rendered table as Markdown: bold title, pipe table, notes as a list."""
    header = ["", *(_md(label_text(c)) for c in columns)]
    rows = [
        [_md(label_text(i)), *(_md(v) for v in row)] for i, row in zip(index, cells, strict=True)
    ]
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    lines = []
    if title:
        lines += [f"**{_md(title)}**", ""]
    lines.append(line(header))
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += [line(r) for r in rows]
    lines.append("")
    lines += [f"- {_md(note)}" for note in notes]
    return "\n".join(lines)


def html_table(
    caption_text: str,
    columns: list[Any],
    index: list[Any],
    cells: list[list[str]],
    notes_text: tuple[str, ...],
) -> str:
    """Return a rendered table as HTML: caption, header cells with scope, notes as a list."""
    esc = html_text
    head = "".join(f'<th scope="col">{esc(label_text(c))}</th>' for c in columns)
    body = "".join(
        f'<tr><th scope="row">{esc(label_text(i))}</th>'
        + "".join(f"<td>{esc(v)}</td>" for v in row)
        + "</tr>"
        for i, row in zip(index, cells, strict=True)
    )
    caption = f"<caption>{esc(caption_text)}</caption>"
    notes = "".join(f"<li>{esc(n)}</li>" for n in notes_text)
    return (
        f'<table class="tracktr-table">{caption}<thead><tr><td></td>{head}</tr></thead>'
        f'<tbody>{body}</tbody></table><ul class="tracktr-notes">{notes}</ul>'
    )


# Exact in int64 while ``2 * base * 100 * 10**(decimals + 1)`` fits (double_half_up rounds
# at one more decimal): bases up to about 4e13 at 3 decimals.
_INT64_ROOM = 2**62


def _rounded_units(
    counts: npt.NDArray[Any], bases: npt.NDArray[Any], rule: RoundingRule, decimals: int
) -> npt.NDArray[Any]:
    """Return :func:`tracktr.rounding.percentage_units` of one table per row.

    A table has checked its counts (numbers, at least 0, at most their base), the caller
    the rule and decimals, and the bases here are above 0, so integer counts go straight
    to the exact integer rounding; the checks of the public function cost more than the
    rounding itself.
    Weighted (float) counts, huge bases and largest_remainder take the public function.
    """
    if (
        counts.dtype.kind in "iu"
        and bases.dtype.kind in "iu"
        and rule != "largest_remainder"
        and counts.size
        and int(bases.max()) * 100 * 10 ** (decimals + 2) < _INT64_ROOM
    ):
        whole = counts.astype(np.int64)
        units: npt.NDArray[Any] = _exact_units(
            whole, bases.astype(np.int64)[:, None], rule, decimals
        )
        return units
    return percentage_units(counts, bases, rule=rule, decimals=decimals)


def _md(value: object) -> str:
    """Return a label as one Markdown table cell: "|" and markup escaped, line breaks as spaces.

    Control characters are removed and what would start raw HTML (``<script>``) is escaped,
    as every writer does (:mod:`tracktr._text`).
    """
    return markdown_text(value)


_NOT_A_PARTITION = (
    "largest_remainder makes the shares of one partition sum to exactly 100, but this "
    "table's percentages are '% of respondents' of a multi-response set, which "
    "legitimately sum to more than 100.\n\nHint: use rule='half_up' for this table."
)

_RULE_WORDS: dict[str, str] = {
    "half_up": "half-up",
    "half_even": "half-to-even",
    "half_down": "half-down",
    "floor": "down (truncated)",
    "ceil": "up (ceiling)",
    "largest_remainder": "by largest remainder (each partition sums to 100)",
    "double_half_up": "half-up to one more decimal, then half-up again,",
}


def _label(label: object) -> str:
    """Return a column label as notes write it: (banner, group) as "banner: group"."""
    return label_text(label)


def _fmt(value: object) -> str:
    """Format a count or base: integers without a decimal point."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return str(int(value))  # exact, also beyond 2**53 where a float is not
    number = float(value)  # type: ignore[arg-type]
    if np.isnan(number):
        return "n/a"
    if number == int(number):
        return str(int(number))
    return weighted_count_text(number)


def _fmt_pct(value: float, decimals: int) -> str:
    if math.isnan(value):
        return GAP
    return f"{value:.{decimals}f}"


def _all_whole(values: pd.Series) -> bool:
    """Whether every value that is not NA is a whole number (so Int64 can hold them)."""
    present = [v for v in values if not pd.isna(v)]
    return all(float(v).is_integer() for v in present)


# What the effective-base note says they are. The bases are printed rounded down, and a
# reader who works 1.92 out from the weights and reads "1" must not take it for an error.
EFFECTIVE_WHAT = "for the precision of weighted percentages, rounded down"


def _effective_line(
    effective: pd.Series | list[float],
    labels: list[Any] | None = None,
    *,
    what: str = EFFECTIVE_WHAT,
) -> str:
    """State the effective bases: whole respondents, rounded down (never overstated).

    `labels` name the bases of a list; a Series carries its own. `what` is the note's
    parenthesis, and says that the bases are rounded down.
    """
    shown = [str(int(np.floor(float(v) + 1e-9))) for v in effective]
    if len(set(shown)) == 1:
        return f"Effective base ({what}): {shown[0]}."
    named = labels if labels is not None else list(getattr(effective, "index", []))
    listed = "; ".join(f"{_label(label)} {text}" for label, text in zip(named, shown, strict=True))
    return f"Effective bases ({what}): {listed}."


def _effective_column(table: Table, long: pd.DataFrame) -> list[float]:
    """Return the effective base of each cell of the long layout."""
    effective = table.effective_bases
    assert effective is not None
    keys = long["column"] if table.percent_axis == "columns" else long["row"]
    return [float(effective[key]) for key in keys]


def displayed_counts(table: Table) -> pd.DataFrame:
    """Return counts as shown: summary rows (exact weights, not respondents) are blank.

    So are gaps (cells with no value, such as an option a wave did not offer).
    """
    if not table.summary_rows and not table.gaps:
        return table.counts
    shown = table.counts.astype(object).copy()
    if table.summary_rows:
        shown.loc[list(table.summary_rows), :] = pd.NA
    for row, column in table.gaps:
        shown.loc[row, column] = pd.NA
    return shown


def long_frame(table: Table) -> pd.DataFrame:
    """Return :meth:`Table.to_frame`'s long layout: one tidy row per cell."""
    pct = table.percentages()
    shown = displayed_counts(table)
    long = pd.DataFrame(shown.stack(future_stack=True), columns=["count"]).reset_index()
    long.columns = pd.Index(["row", "column", "count"])
    bases = table.bases.astype(object).where(
        ~table.bases.index.isin(list(table.summary_rows)), pd.NA
    )
    long["base"] = [
        bases[c if table.percent_axis == "columns" else r]
        for r, c in zip(long["row"], long["column"], strict=True)
    ]
    if table.summary_rows:  # a summary row has no base: shown as <NA>
        long["base"] = long["base"].astype("Int64" if _all_whole(bases) else "Float64")
    if table.weighted:
        # The base is a weighted sum; the respondents behind it are what every printed
        # export shows as n, and a file of these rows must not lose them.
        n = table.respondent_bases
        keys = long["column"] if table.percent_axis == "columns" else long["row"]
        long["n"] = pd.Series([n[key] for key in keys], dtype=n.dtype).array
    long["percent"] = pct.stack(future_stack=True).to_numpy()
    if table.effective_bases is not None:
        long["effective_base"] = _effective_column(table, long)
    return long


def wide_frame(table: Table) -> pd.DataFrame:
    """Return :meth:`Table.to_frame`'s wide layout: each column's count and percentage.

    The bases the percentages are of come last: a ``"Base"`` row under the counts (its
    percentages blank), or a ``("Base", "count")`` column for row percentages.
    """
    pct = table.percentages()
    shown = displayed_counts(table)
    parts = {}
    for column in table.counts.columns:
        parts[(column, "count")] = shown[column]
        parts[(column, "percent")] = pct[column]
    wide = pd.DataFrame(parts, index=table.counts.index)
    wide.columns = pd.MultiIndex.from_tuples(list(parts))
    if table.percent_axis == "rows":
        # A summary row (a grid's AVERAGE) is a mean of shares: it has no base.
        summary = table.bases.index.isin(list(table.summary_rows))
        wide[("Base", "count")] = table.bases.astype(object).where(~summary, pd.NA).to_numpy()
        return wide
    base_row = {(column, "count"): table.bases[column] for column in table.counts.columns}
    base = pd.DataFrame([base_row], index=pd.Index(["Base"]), columns=wide.columns)
    return pd.concat([wide, base])


def display_frame(table: Table) -> pd.DataFrame:
    """Return the cells :meth:`Table.__str__` shows: the report layout and a base line."""
    frame = table.to_frame(layout="report")
    n = table.respondent_bases
    shown = ["" if pd.isna(v) else f"n={_fmt(v)}" for v in n]
    if table.percent_axis == "columns":
        base_row = pd.DataFrame([shown], columns=frame.columns)
        base_row.index = pd.Index(["Base"])
        frame = pd.concat([frame, base_row])
    else:
        frame["Base"] = shown
    return frame

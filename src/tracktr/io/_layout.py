"""One publishable layout of a table (or of a protected table) for every writer."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from tracktr._table_text import GAP
from tracktr._text import label_text
from tracktr.exceptions import InvalidDataError
from tracktr.rounding import weighted_count_text

if TYPE_CHECKING:
    from tracktr.compare import GroupComparison
    from tracktr.table import Table

BASE = "Base"


@dataclass(frozen=True, slots=True)
class Cell:
    """One displayed cell: a rounded percentage and a count, or a marker."""

    percent: float | str | None  # rounded percentage; a marker string; None when undefined
    count: float | str | None  # None when not shown (summary rows)


@dataclass(frozen=True, slots=True)
class Layout:
    """What every writer shows: title, wording, base line, cells, bases and notes."""

    question: str
    title: str
    base_line: str
    notes: tuple[str, ...]
    columns: tuple[Hashable, ...]
    rows: tuple[tuple[Hashable, tuple[Cell, ...]], ...]
    bases: tuple[float | str, ...]  # one per column ("columns" axis) or per row ("rows")
    percent_axis: str
    decimals: int
    weighted: bool = False  # counts are weighted sums, not organisations
    marker: str | None = None  # what a protected table prints in place of a hidden number
    # A protected table's layout with nothing hidden: never written, only compared (a table
    # printed beside it gives its hidden numbers away only if it is the same numbers).
    truth: Layout | None = field(default=None, repr=False, compare=False)

    def base_text(self, value: float | str) -> str:
        """Return a base as printed: ``n=151``, or the marker."""
        return value if isinstance(value, str) else f"n={fmt_number(value)}"


@runtime_checkable
class PublishableTable(Protocol):
    """Anything that says how it is published: a protected table, for one.

    io writes what :mod:`tracktr.disclosure` returns through this method, without
    importing it (arrows run down the data flow).
    """

    def publication_layout(self) -> Layout:
        """Return what every writer shows.

        A ``to_markdown()`` method, where there is one, gives a Markdown report its text;
        without one (a group comparison) the report writes the layout.
        """
        ...  # pragma: no cover


Publishable = PublishableTable
"""Anything a writer can publish: a Table, a protected table, a group comparison."""


def fmt_number(value: float) -> str:
    """Format a count: integers without a decimal point."""
    number = float(value)
    if np.isnan(number):
        return "n/a"
    return str(int(number)) if number.is_integer() else weighted_count_text(number)


def layout(item: Publishable) -> Layout:
    """Return the layout of a table, or of anything with a ``publication_layout()``."""
    # Every publishable object lays itself out: a Table, a protected table, a comparison.
    publication_layout = getattr(item, "publication_layout", None)
    if callable(publication_layout):
        laid_out: Layout = publication_layout()
        return laid_out
    msg = (
        "expected a tracktr Table, a protected table or a group comparison (anything with "
        "publication_layout()); "
        f"got {type(item).__name__}."
    )
    hint = (
        "Hint: pass a list of tables; a mapping of names to tables goes to "
        "tt.io.write_report(), or to write_workbook() as list(m.values()) with "
        "sheets=list(m)."
        if isinstance(item, str)
        else "Hint: build the table first, e.g. tt.frequencies(data, question)."
    )
    # InvalidDataError is a TypeError too, so existing `except TypeError` still works.
    raise InvalidDataError(f"{msg}\n\n{hint}")


def _numbers(lay: Layout) -> dict[tuple[str, Hashable, Hashable], float | str]:
    """Return every number a layout prints, or its marker, keyed by kind and labels.

    Kinds: ``"count"`` and ``"percent"`` of a cell (row, column), ``"base"`` of a column
    (or of a row, in a table of row percentages). Gaps, summary rows without a count and
    undefined percentages print no number and are left out; a percentage followed by a
    comparison's letters ("73 A") is text, not a number to match.
    """
    out: dict[tuple[str, Hashable, Hashable], float | str] = {}
    for row, cells in lay.rows:
        for column, cell in zip(lay.columns, cells, strict=True):
            for kind, value in (("count", cell.count), ("percent", cell.percent)):
                if value is None or value == GAP:
                    continue
                if isinstance(value, str) and value != lay.marker:
                    continue
                out[(kind, row, column)] = value
    labels = [row for row, _ in lay.rows] if lay.percent_axis == "rows" else lay.columns
    for label, base in zip(labels, lay.bases, strict=True):
        if base != "":
            out[("base", lay.percent_axis, label)] = base
    return out


def _what(key: tuple[str, Hashable, Hashable]) -> str:
    kind, row, column = key
    if kind == "base":
        return f"the base of {label_text(column)!r}"
    noun = "percentage" if kind == "percent" else kind
    return f"the {noun} of {label_text(row)!r} in {label_text(column)!r}"


def refuse_hidden_printed(layouts: Sequence[Layout]) -> None:
    """Refuse to publish together a protected table and one that prints what it hides.

    A protected table beside its own unprotected original (or beside a table of the same
    question protected on its own, or a one-way table of its ``All`` column) gives its
    hidden numbers away: the other table prints them under the same title and labels.
    Two tables are taken for the same numbers when they share a title and every number
    both hold at the same labels, printed or hidden, is equal: two waves of one question,
    or two regions' tables, differ somewhere and are left alone, and tables protected
    together hide the numbers they share in both.

    Raises
    ------
    tracktr.InvalidDataError
        Naming both tables (by their place in the report) and the numbers given away.
    """
    numbers = [_numbers(lay) for lay in layouts]
    truths = [_numbers(lay.truth or lay) for lay in layouts]
    for k, (lay, hiding) in enumerate(zip(layouts, numbers, strict=True)):
        if lay.marker is None:
            continue
        hidden = {key for key, value in hiding.items() if value == lay.marker}
        for j, other in enumerate(layouts):
            if j == k or other.title != lay.title:
                continue
            # The same numbers: every number both tables hold at the same labels, hidden or
            # not, is equal (two waves, or two groups' tables, differ somewhere).
            mine, theirs = truths[k], truths[j]
            common = [key for key in mine if key in theirs]
            if not common or any(mine[key] != theirs[key] for key in common):
                continue
            shown = {key: v for key, v in numbers[j].items() if not isinstance(v, str)}
            given_away = [key for key in hidden if key in shown]
            if given_away:
                listed = "; ".join(_what(key) for key in sorted(given_away, key=str)[:5])
                more = f" and {len(given_away) - 5} more" if len(given_away) > 5 else ""
                msg = (
                    f"tables {k + 1} and {j + 1} print the same numbers of {lay.title!r}, "
                    f"and table {j + 1} prints {len(given_away)} that table {k + 1} hides to "
                    f"protect respondents: {listed}{more}. Published together, the "
                    "protection is undone."
                )
                hint = (
                    "Hint: protect every table you publish together, "
                    "tt.disclosure.protect([...]), and write the protected tables it returns; "
                    "or leave the unprotected table out (a Suppression's .table is the "
                    "table before protection)."
                )
                raise InvalidDataError(f"{msg}\n\n{hint}")


def table_layout(
    table: Table,
    *,
    hidden_counts: pd.DataFrame | None = None,
    hidden_percentages: pd.DataFrame | None = None,
    hidden_bases: pd.Series | None = None,
    marker: str | None = None,
    notes: tuple[str, ...] | None = None,
    base_line: str | None = None,
) -> Layout:
    """Return the layout of a table, with the masked cells shown as `marker`.

    A gap of the table (``table.gaps``: a cell with no value, such as an option a wave did
    not offer) is written ``n/a`` (percentage and count) whatever the masks say: it is
    not a count of nobody, and not a hidden number either, whichever caller lays it out
    (the table itself, a protected table, a comparison).
    """
    if hidden_counts is None:
        hidden_counts = pd.DataFrame(False, index=table.counts.index, columns=table.counts.columns)
    if hidden_percentages is None:
        hidden_percentages = hidden_counts
    if hidden_bases is None:
        hidden_bases = pd.Series(False, index=table.bases.index)
    pct = table.percentages().to_numpy(dtype=float)
    counts = table.counts.to_numpy(dtype=float)
    hidden_c = hidden_counts.to_numpy(dtype=bool)
    hidden_p = hidden_percentages.to_numpy(dtype=bool)
    summary = set(table.summary_rows)
    gaps = set(table.gaps)
    columns = list(table.counts.columns)
    rows = []
    for i, label in enumerate(table.counts.index):
        cells = []
        for j, column in enumerate(columns):
            if (label, column) in gaps:
                cells.append(Cell(GAP, GAP))
                continue
            p = float(pct[i, j])
            count: float | str | None = None if label in summary else float(counts[i, j])
            percent: float | str | None = None if np.isnan(p) else p
            if marker is not None and bool(hidden_p[i, j]):
                percent = marker
            if marker is not None and bool(hidden_c[i, j]):
                count = marker
            cells.append(Cell(percent, count))
        rows.append((label, tuple(cells)))
    n = table.respondent_bases  # <NA> for summary rows, which have no respondent base
    flags = hidden_bases.to_numpy(dtype=bool)
    bases: tuple[float | str, ...] = tuple(
        marker if marker is not None and flag else ("" if pd.isna(v) else float(v))
        for flag, v in zip(flags, n.to_numpy(dtype=object), strict=True)
    )
    return Layout(
        question=table.question,
        title=table.title or table.question,
        base_line=table.base_line() if base_line is None else base_line,
        notes=tuple(table.notes if notes is None else notes),
        columns=tuple(columns),
        rows=tuple(rows),
        bases=bases,
        percent_axis=table.percent_axis,
        decimals=table.decimals,
        weighted=table.weighted,
        marker=marker,
        truth=None if marker is None else table_layout(table, notes=(), base_line=""),
    )


def comparison_layout(comparison: GroupComparison) -> Layout:
    """Lay out a comparison as its table, each percentage followed by its letters or arrow.

    A cell reads "73 A" (73%, significantly higher than group A) with letters, or "73 ▲"
    against the rest or the total; headers carry the groups' letters.
    """
    base = layout(comparison.table)
    marks = comparison._marks()
    columns = list(comparison.table.counts.columns)
    rows = []
    for label, cells in base.rows:
        marked = []
        for column, cell in zip(columns, cells, strict=True):
            mark = marks.get((label, column))
            if mark and not isinstance(cell.percent, str):
                text = f"{percent_text(cell.percent, base.decimals)} {mark}"
                marked.append(Cell(text, cell.count))
            else:
                marked.append(cell)
        rows.append((label, tuple(marked)))
    if comparison.against == "pairs":
        how = (
            "Letters: a percentage followed by a letter is significantly higher than that of "
            "the column with that letter"
        )
    else:
        how = f"▲/▼: significantly higher/lower than the {comparison.against} of the sample"
    test = f" ({comparison.adjust}-adjusted p-values, {comparison.level * 100:g}% level)."
    return Layout(
        question=base.question,
        title=base.title,
        base_line=base.base_line,
        notes=(*base.notes, how + test, *comparison.notes),
        columns=tuple(comparison._header(c) for c in columns),
        rows=tuple(rows),
        bases=base.bases,
        percent_axis=base.percent_axis,
        decimals=base.decimals,
        weighted=base.weighted,
        marker=base.marker,
    )


def percent_text(value: float | str | None, decimals: int) -> str:
    """Return a displayed percentage: the rounded value, ``n/a`` or the marker."""
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    return f"{value:.{decimals}f}"


def report_cell(cell: Cell, decimals: int) -> str:
    """Return a cell in the report's "59 (89)" style."""
    text = percent_text(cell.percent, decimals)
    if cell.count is None:
        return text
    if isinstance(cell.count, str):
        return text if text == cell.count else f"{text} ({cell.count})"
    return f"{text} ({fmt_number(cell.count)})"

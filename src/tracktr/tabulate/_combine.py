"""Adding up tables of the same question computed on parts of the data."""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from tracktr._pooled import unnumbered_panel_note
from tracktr._table_text import no_column_count, no_column_note
from tracktr.exceptions import (
    InvalidDataError,
    InvalidOptionError,
)
from tracktr.table import Table
from tracktr.tabulate._common import TOTAL
from tracktr.tabulate._multi import is_dont_know_note, summed_dont_know_notes


def combine(tables: Sequence[Table]) -> Table:
    """Add up tables of the same question computed on parts of the data (chunks, files).

    Counts and bases are additive, so the sum of the tables of the parts is exactly the
    table of the whole. An option or group that one part never saw counts zero there. A
    gap (``table.gaps``: an option not offered) stays a gap where every part that holds
    the cell has it as a gap.

    Parameters
    ----------
    tables : sequence of Table
        Tables of one question, made with the same function and options.

    Returns
    -------
    Table
        The first table's settings with the summed counts, bases and exclusions, and
        every table's notes once (a set's counts of don't know added up).

    Raises
    ------
    tracktr.InvalidOptionError
        If the tables differ in question, kind or orientation, hold an AVERAGE row, or
        differ in their base: weighted and unweighted, or "don't know" in one base and
        not in the other; or if a cell is a gap in one table and not in another.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["a", "b", "b", "a", "b"]})
    >>> parts = [tt.frequencies(df.iloc[:2], "q", options=["a", "b"]),
    ...          tt.frequencies(df.iloc[2:], "q", options=["a", "b"])]
    >>> tt.combine(parts).counts.equals(tt.frequencies(df, "q", options=["a", "b"]).counts)
    True
    """
    tables = list(tables)
    if not tables:
        msg = "combine() needs at least one table."
        raise InvalidOptionError(msg)
    strangers = [type(t).__name__ for t in tables if not isinstance(t, Table)]
    if strangers:
        msg = f"combine() adds tracktr Tables; got {strangers}."
        raise InvalidDataError(msg)
    first = tables[0]
    with_total = {TOTAL in t.counts.columns for t in tables}
    if len(with_total) > 1:
        msg = "combine(): some tables have an 'All' column and others not; they do not add up."
        hint = "Hint: tabulate every part with the same `total=`."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    shown = {(t.rule, t.decimals) for t in tables}
    if len(shown) > 1:
        msg = f"combine(): the tables round differently {sorted(shown)}; which would the sum use?"
        hint = "Hint: tabulate every part with the same `rule=` and `decimals=`."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    for other in tables:
        if (other.question, other.kind, other.percent_axis, other.partition) != (
            first.question,
            first.kind,
            first.percent_axis,
            first.partition,
        ):
            msg = (
                f"tables of {first.question!r} ({first.kind}) and {other.question!r} "
                f"({other.kind}) differ in question or kind and cannot be added."
            )
            raise InvalidOptionError(msg)
        if other.summary_rows:
            msg = "tables with an AVERAGE row cannot be added; combine first, then average."
            raise InvalidOptionError(msg)
        _check_same_base(first, other)
    rows = _union([t.counts.index for t in tables], last=None)
    columns = _union([t.counts.columns for t in tables], last=TOTAL)
    along = columns if first.percent_axis == "columns" else rows

    def total(parts: Sequence[pd.DataFrame | pd.Series | None], index: pd.Index) -> Any:
        if any(p is None for p in parts):
            return None
        aligned = [
            p.reindex(index, fill_value=0)
            if isinstance(p, pd.Series)
            else p.reindex(columns=index, fill_value=0)
            for p in parts
            if p is not None
        ]
        out = aligned[0]
        for part in aligned[1:]:
            out = out.add(part, fill_value=0)
        return out

    counts = total(
        [t.counts.reindex(index=rows, columns=columns, fill_value=0) for t in tables], columns
    )
    excluded_parts = [t.excluded for t in tables]
    excluded = total(excluded_parts, along)
    if excluded is not None:
        reasons = _union([e.index for e in excluded_parts if e is not None], last=None)
        excluded = excluded.reindex(reasons, fill_value=0)
    bases = total([t.bases for t in tables], along)
    return dataclasses.replace(
        first,
        respondents=None,  # the parts' rows together: not the first part's
        extra_notes=_combined_notes(tables),
        _banner_notes=_combined_owners(tables),
        gaps=_combined_gaps(tables, rows, columns),
        counts=counts,
        bases=bases,
        unweighted_bases=total([t.unweighted_bases for t in tables], along),
        unweighted_counts=total(
            [
                None
                if t.unweighted_counts is None
                else t.unweighted_counts.reindex(index=rows, columns=columns, fill_value=0)
                for t in tables
            ],
            columns,
        ),
        excluded=excluded,
        effective_bases=_combined_effective(tables, bases, along),
        zero_weights=_combined_zeros(tables, along),
    )


def _combined_owners(tables: Sequence[Table]) -> tuple[tuple[Any, tuple[str, ...]], ...]:
    """Return whose each note of the sum is (see :func:`tracktr.banners.split_banners`).

    Each banner's notes in every part, once: the first part's alone left a note of
    another part's banner to every banner of the sum. Where a part does not say whose its
    notes are, nor does the sum (each note is then of every banner, as in that part).
    """
    if not all(t._banner_notes for t in tables):
        return ()
    owners: dict[Hashable, list[str]] = {}
    for t in tables:
        for name, notes in t._banner_notes:
            kept = owners.setdefault(name, [])
            kept += [n for n in notes if n not in kept]
    return tuple((name, tuple(notes)) for name, notes in owners.items())


def _combined_notes(tables: Sequence[Table]) -> tuple[str, ...]:
    """Return every part's notes once, with the counts they print added up.

    A note of one part holds for the sum (a respondent of that part with no group is in
    the sum's total and in no column): the first part's alone lost the others'. A note
    that counts respondents counts the sum's: the don't know counts of a set's parts and
    the respondents in no column are added (each part's "1 respondent with no answer to
    'g' is in no column." was kept once, so ten parts printed 1, not 10). Organisations
    of pooled waves in several columns are not the parts' sum (an organisation's two
    waves may be in two parts): the sum says "Some organisations".
    """
    in_no_column: dict[str, int] = {}
    found: dict[tuple[str, str], None] = {}  # ("note", text) or ("no column", question)
    for note in (n for t in tables for n in t.extra_notes if not is_dont_know_note(n)):
        counted = no_column_count(note)
        if counted is None:
            found["note", unnumbered_panel_note(note, hidden_base=True, threshold=0)] = None
        else:
            found["no column", counted[1]] = None
            in_no_column[counted[1]] = in_no_column.get(counted[1], 0) + counted[0]
    kept = [
        no_column_note(in_no_column[text], text) if kind == "no column" else text
        for kind, text in found
    ]
    columns = _union([t.counts.columns for t in tables], last=TOTAL)
    parts = [(t.extra_notes, list(t.counts.columns)) for t in tables]
    return (*kept, *summed_dont_know_notes(parts, list(columns)))


def _combined_zeros(tables: Sequence[Table], along: pd.Index) -> pd.Series | None:
    """Add up the respondents with a weight of 0 (None in a part: it has none)."""
    parts = [t.zero_weights for t in tables if t.zero_weights is not None]
    if not parts:
        return None
    out = pd.Series(0, index=along, dtype=np.int64)
    for part in parts:
        out = out.add(part.reindex(along, fill_value=0), fill_value=0).astype(np.int64)
    return out


def _combined_gaps(
    tables: Sequence[Table], rows: pd.Index, columns: pd.Index
) -> tuple[tuple[Any, Any], ...]:
    """Return the gaps of the sum: the cells that are gaps in every part holding them.

    A cell a part does not hold (a row or column it never saw) says nothing either way.
    A cell that is a gap in one part (its option not offered there) and not in another
    is refused: the sum would count the first part's respondents in the base of an
    option they could not choose.
    """
    gapped: dict[tuple[Any, Any], list[int]] = {}
    for k, table in enumerate(tables):
        for cell in table.gaps:
            gapped.setdefault(cell, []).append(k)
    for (row, column), parts in gapped.items():
        offered = [
            k
            for k, table in enumerate(tables)
            if k not in parts and row in table.counts.index and column in table.counts.columns
        ]
        if offered:
            msg = (
                f"combine(): option {row!r} in column {column!r} was not offered in part "
                f"{parts[0]} (a gap: tables[{parts[0]}].gaps) but was in part {offered[0]}; "
                "a sum would count the respondents who could not choose it in its base."
            )
            hint = (
                "Hint: add up the parts that offered it and those that did not apart, or "
                "tabulate every part with the same options."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")
    if not gapped:
        return ()
    row_at = {label: i for i, label in enumerate(rows)}
    column_at = {label: j for j, label in enumerate(columns)}
    return tuple(sorted(gapped, key=lambda cell: (row_at[cell[0]], column_at[cell[1]])))


def _combined_effective(tables: Sequence[Table], bases: pd.Series, along: pd.Index) -> Any:
    """Kish bases of the whole from those of disjoint parts: their sums of squares add.

    A part's ``sum(w ** 2)`` is ``base ** 2 / effective``; the whole's effective base is
    its base squared over the parts' sums. None if a part has none.
    """
    if any(t.effective_bases is None for t in tables):
        return None
    squares = pd.Series(0.0, index=along)
    for t in tables:
        assert t.effective_bases is not None
        base = t.bases.astype(np.float64)
        effective = t.effective_bases.reindex(base.index).astype(np.float64)
        part = (base * base / effective).where(effective > 0, 0.0)
        squares = squares.add(part.reindex(along, fill_value=0.0), fill_value=0.0)
    whole = bases.astype(np.float64)
    return (whole * whole / squares).where(squares > 0, 0.0)


def _excludes_dont_know(table: Table) -> bool:
    return table.excluded is not None and "dont_know" in table.excluded.index


def _check_same_base(first: Table, other: Table) -> None:
    """Refuse to add tables whose counts are not of the same kind of base."""
    if first.weighted != other.weighted:
        msg = (
            f"tables of {first.question!r}: one is weighted and one is not, so their counts "
            "(weighted sums and respondents) cannot be added."
        )
        hint = "Hint: tabulate every part with the same `weights=` (a column of 1s for none)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if _excludes_dont_know(first) != _excludes_dont_know(other) or (
        first.base_description != other.base_description
    ):
        msg = (
            f"tables of {first.question!r} have different bases: {first.base_description!r} "
            f"and {other.base_description!r}; a sum would mix them."
        )
        hint = "Hint: tabulate every part with the same `dont_know=` and base options."
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _union(indexes: Sequence[pd.Index], *, last: str | None) -> pd.Index:
    """Labels of several indexes in the order the table of the whole would have them.

    Parts listing the same labels (declared options and groups, which every part lists,
    seen or not) keep their order. Parts that list different labels hold answers found,
    and tabulating the whole lists those in their natural order (in order of first
    appearance when they do not compare): so does the union, not in the order the parts
    first saw them. A grid by groups labels its rows (group, item), ordered by group. The
    total, `last` (or a grid's total block), stays last.
    """
    seen: list[Hashable] = []
    for index in indexes:
        seen += [label for label in index if label not in seen]
    if any(list(index) != list(indexes[0]) for index in indexes[1:]):
        seen = _natural(seen)
    grid = bool(seen) and all(isinstance(label, tuple) for label in seen)
    total = TOTAL if grid else last  # a grid's rows end with its total block
    if total is not None:
        seen = [s for s in seen if _head(s) != total] + [s for s in seen if _head(s) == total]
    names = list(indexes[0].names)
    if grid:
        return pd.MultiIndex.from_tuples(seen, names=names)  # type: ignore[arg-type]
    return pd.Index(seen, name=names[0] if len(names) == 1 else None)


def _head(label: Hashable) -> Hashable:
    """Return the group of a grid's (group, item) label, else the label."""
    return label[0] if isinstance(label, tuple) else label


def _natural(labels: list[Hashable]) -> list[Hashable]:
    """Sort answers found by their group (a stable sort), as tabulate lists them."""
    try:
        return sorted(labels, key=_head)  # type: ignore[arg-type]
    except TypeError:  # labels that do not compare (1 and "a"): first appearance
        return labels

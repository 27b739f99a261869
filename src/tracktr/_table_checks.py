"""Checks of a :class:`~tracktr.Table`'s numbers: counts and bases a table can hold.

Run when a table is made: counts and bases must be numbers (never text or True/False),
finite, at least 0, every count at most its base, and a partition's counts at most their
base in sum; and no option labelled like the line of bases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._text import folded_label, label_text, printed_label
from tracktr.exceptions import InvalidBaseError, InvalidCountsError, InvalidOptionError

if TYPE_CHECKING:
    from tracktr.table import Table


def _numbers(values: pd.DataFrame | pd.Series, where: str, what: str) -> npt.NDArray[np.float64]:
    """Return the values as floats, refusing text and True/False (never coerced)."""
    plain = values.to_numpy()
    # Numbers by their dtype need no look at each cell; NaN may be a nullable column's
    # <NA>, which the cell by cell check below names.
    if plain.dtype.kind in "iu" or (plain.dtype.kind == "f" and not np.isnan(plain).any()):
        return plain.astype(float)
    cells = values.to_numpy(dtype=object)
    ok = [
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool | np.bool_)
        for v in cells.ravel()
    ]
    if not all(ok):
        bad = [v for v, good in zip(cells.ravel(), ok, strict=True) if not good]
        msg = f"{where}: {what} must be numbers; got {bad[:5]}."
        raise InvalidCountsError(msg)
    return np.asarray(cells, dtype=float).reshape(cells.shape)


def _check_counts_fit(table: Table) -> None:
    """Refuse counts that no table can hold: negative, not finite, or above their base.

    One vectorised pass over the (small) table; summary rows hold exact numerators over
    a common denominator and obey the same rule.
    """
    where = f"table {table.question!r}" if table.question else "the table"
    counts = _numbers(table.counts, where, "counts")
    bases = _numbers(table.bases, where, "bases")
    if table.unweighted_bases is not None:
        n = table.unweighted_bases
        if not isinstance(n, pd.Series) or not n.index.equals(table.bases.index):
            msg = f"{where}: `unweighted_bases` must be a Series indexed like `bases`."
            raise InvalidBaseError(msg)
        unweighted = _numbers(n, where, "unweighted bases")
        if not np.isfinite(unweighted).all() or (unweighted < 0).any():
            msg = f"{where}: unweighted bases must be finite and at least 0; got {n.to_dict()}."
            raise InvalidBaseError(msg)
    if not np.isfinite(bases).all() or (bases < 0).any():
        bad = table.bases[~np.isfinite(bases) | (bases < 0)]
        msg = f"{where}: a base must be a finite number of at least 0; got {dict(bad.items())}."
        hint = "Hint: a base is the number of respondents (or the weighted sum) in it."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    if not np.isfinite(counts).all() or (counts < 0).any():
        rows, cols = (a.tolist() for a in np.nonzero(~np.isfinite(counts) | (counts < 0)))
        index, columns = table.counts.index, table.counts.columns
        cells = [(index[r], columns[c]) for r, c in zip(rows, cols, strict=True)]
        msg = f"{where}: counts must be finite and at least 0; cells {cells[:10]} are not."
        raise InvalidCountsError(msg)
    along = counts if table.percent_axis == "columns" else counts.T
    # Weighted sums carry float error; a count may exceed its base by that much only.
    slack = 1e-9 * np.maximum(bases, 1.0)
    over = along > bases[None, :] + slack[None, :]
    if over.any():
        rows, cols = (a.tolist() for a in np.nonzero(over))
        labels = table.bases.index
        cells = [
            (table.counts.index[r], labels[c])
            if table.percent_axis == "columns"
            else (labels[c], table.counts.columns[r])
            for r, c in zip(rows, cols, strict=True)
        ]
        msg = f"{where}: counts above their base in cells {cells[:10]}."
        hint = "Hint: each base must be at least every count it divides."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    if table.partition and (along.sum(axis=0) > bases + slack * max(len(along), 1)).any():
        sums = along.sum(axis=0)
        pairs = zip(table.bases.index, sums, bases, strict=True)
        over_sum = [label for label, total, b in pairs if total > b]
        msg = (
            f"{where}: the counts of {over_sum[:10]} sum to more than their base, so they "
            "cannot partition it."
        )
        hint = "Hint: for a tick-all-that-apply set, pass partition=False."
        raise InvalidBaseError(f"{msg}\n\n{hint}")


def _per_base(table: Table, name: str, what: str) -> tuple[str, pd.Series, npt.NDArray[Any]]:
    """Return where the table is, its field `name` and its values; refuse one not per base."""
    where = f"table {table.question!r}" if table.question else "the table"
    series = getattr(table, name)
    if not isinstance(series, pd.Series) or not series.index.equals(table.bases.index):
        msg = f"{where}: `{name}` must be a Series indexed like `bases`."
        raise InvalidBaseError(msg)
    return where, series, _numbers(series, where, what)


def _check_effective(table: Table) -> None:
    """Refuse effective bases that are not finite numbers of at least 0, one per base."""
    where, effective, values = _per_base(table, "effective_bases", "effective bases")
    if not np.isfinite(values).all() or (values < 0).any():
        msg = f"{where}: effective bases must be finite and at least 0; got {effective.to_dict()}."
        raise InvalidBaseError(msg)


def _check_zero_weights(table: Table) -> None:
    """Refuse counts of weight-0 respondents that are not whole numbers within n, per base."""
    where, zero, values = _per_base(table, "zero_weights", "counts of weight-0 respondents")
    n = table.unweighted_bases
    within = n is not None and bool((values <= _numbers(n, where, "unweighted bases")).all())
    if not (np.isfinite(values).all() and (values >= 0).all() and within):
        msg = (
            f"{where}: `zero_weights` must count respondents of a weighted table, from 0 to "
            f"its unweighted base; got {zero.to_dict()}."
        )
        raise InvalidBaseError(msg)


def _refuse_base_label(options: pd.Index) -> None:
    """Raise if an option (or grid item) prints as "Base", the label of the bases' line.

    Every view of a table prints its bases in a line "Base" beside the options: an option
    of that name (a net, or a table built by hand) could not be told from it.
    """
    clashing = [o for o in options if folded_label(o) == "base"]
    if clashing:
        msg = (
            f"a Table's option {clashing[0]!r} is labelled like its line of bases ('Base'), "
            "so a reader could not tell the one from the other."
        )
        hint = f"relabel it, e.g. {str(clashing[0]).strip() + ' (answer)'!r}."
        raise InvalidOptionError(f"{msg}\n\nHint: {hint}")


def _refuse_printed_alike(labels: pd.Index, axis: str) -> None:
    """Raise if two distinct labels print alike ("a" and "a ", 1 and "1").

    Every export prints a label with its spaces collapsed (:func:`printed_label`): two
    columns headed "a", each with its own percentages and base, cannot be told apart.
    """
    seen: dict[str, Any] = {}
    for label in labels:
        printed = printed_label(label_text(label))
        if printed in seen:
            msg = (
                f"a Table's {axis} {seen[printed]!r} and {label!r} print alike, as "
                f"{printed!r}, so a reader could not tell them apart."
            )
            hint = "Hint: make them one label, or relabel one (stray spaces: str.strip())."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        seen[printed] = label

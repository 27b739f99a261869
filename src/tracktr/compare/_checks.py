"""Checks that a table can be compared: distinct columns, a whole sample holding its groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tracktr.compare._intervals import _fmt_count
from tracktr.exceptions import InvalidOptionError
from tracktr.table import Table

if TYPE_CHECKING:
    from tracktr.compare._groups import _Sides


def _check_columns(table: Table, effective_bases: pd.Series | None) -> None:
    """Refuse repeated column labels, and effective bases that do not name the columns."""
    columns = table.counts.columns
    if not columns.is_unique:
        repeated = sorted({str(c) for c in columns[columns.duplicated()]})
        msg = f"table {table.question!r} has repeated columns {repeated}; groups must differ."
        hint = "Hint: rename the groups so that each column has its own label."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if effective_bases is None:
        return
    if not isinstance(effective_bases, pd.Series):
        msg = (
            "`effective_bases` must be a pandas Series indexed by the table's columns; "
            f"got {type(effective_bases).__name__}."
        )
        raise InvalidOptionError(msg)
    missing = [c for c in columns if c not in effective_bases.index]
    extra = [c for c in effective_bases.index if c not in columns]
    if missing or extra or not effective_bases.index.is_unique:
        msg = (
            f"`effective_bases` must have one value per column of the table {list(columns)}, "
            f"matched by label; columns {missing} have none and labels {extra} are not columns."
        )
        hint = "Hint: index the effective bases by the table's column labels."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    values = effective_bases.reindex(columns).to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        msg = f"`effective_bases` must be finite and not negative; got {effective_bases.to_dict()}."
        raise InvalidOptionError(msg)


def _check_total_contains_groups(table: Table, sides: _Sides) -> None:
    """Refuse a whole-sample column smaller than a group it must contain."""
    if sides.total is None or not sides.groups:
        return
    groups = list(sides.groups)
    counts = sides.counts[groups].to_numpy(dtype=float)
    whole = sides.counts[sides.total].to_numpy(dtype=float)[:, None]
    bases = sides.bases[groups].to_numpy(dtype=float)
    slack = 1e-9 * max(float(sides.whole_base), 1.0)  # float sums of weights
    over_base = [g for g, b in zip(groups, bases, strict=True) if b > sides.whole_base + slack]
    over_cells = [
        (option, g)
        for i, option in enumerate(sides.counts.index)
        for j, g in enumerate(groups)
        if counts[i, j] > whole[i, 0] + slack
    ]
    if over_base or over_cells:
        detail = (
            f"groups {over_base} have larger bases than {sides.total!r} "
            f"(n={_fmt_count(sides.whole_base)})"
            if over_base
            else f"cells {over_cells[:10]} count more than {sides.total!r} does"
        )
        msg = (
            f"table {table.question!r}: column {sides.total!r} is read as the whole sample, "
            f"which contains every group, but {detail}."
        )
        hint = (
            "Hint: pass total=False if that column is not the whole sample, or total= the "
            "label of the column that is."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")

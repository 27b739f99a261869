"""A printed table against the counts it claims to show, cell by cell."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.check._units import _check_base, _units
from tracktr.exceptions import (
    InvalidBaseError,
    InvalidCountsError,
    InvalidOptionError,
    NotAPartitionError,
)
from tracktr.rounding import RULES, _check_decimals, percentage_units
from tracktr.table import Table
from tracktr.typing import PercentAxis, RoundingRule, check_choice

# -- table ----------------------------------------------------------------------------------


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
class TableCheck:
    """Printed percentages compared with the counts they were computed from.

    Attributes
    ----------
    cells : pandas.DataFrame
        One row per printed cell: ``row, column, count, base, printed, expected`` (what
        `rule` prints), ``differs`` and ``explained_by`` (the rules that print this cell as
        printed, ``"; "``-separated).
    rule : RoundingRule
        The rule `expected` and `differs` refer to.
    decimals : int
        Decimal places of the printed percentages.
    rules : tuple of str
        The rules under which every cell is printed as the counts give.
    mismatches : Mapping[str, int]
        For each rule tried, how many cells it does not explain.

    Examples
    --------
    >>> import tracktr as tt
    >>> t3 = tt.reference.table("table_3")
    >>> tt.check.table(t3.counts, t3.printed, t3.bases).rules
    ('half_up', 'half_even', 'half_down', 'double_half_up')
    """

    cells: pd.DataFrame
    rule: RoundingRule
    decimals: int
    rules: tuple[str, ...]
    mismatches: Mapping[str, int]

    @property
    def consistent(self) -> bool:
        """Whether `rule` explains every cell."""
        return self.rule in self.rules

    @property
    def differing(self) -> pd.DataFrame:
        """The cells that `rule` prints differently."""
        return self.cells.loc[self.cells["differs"]].reset_index(drop=True)

    @property
    def explanation(self) -> str:
        """One line: whether the cells match, and which rules explain them."""
        n = len(self.cells)
        rules = ", ".join(self.rules) if self.rules else "no rounding rule"
        if self.consistent:
            return f"All {n} cells match the counts ({self.rule}); explained by {rules}."
        bad = self.differing
        first = bad.iloc[0]
        return (
            f"{len(bad)} of {n} cells differ from the counts under {self.rule}, e.g. "
            f"{first['row']} / {first['column']}: printed {first['printed']:g}, "
            f"{first['count']} of {first['base']} gives {first['expected']:g}; "
            f"every cell is explained by {rules}."
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the cells (a copy of `cells`).

        Examples
        --------
        >>> import tracktr as tt
        >>> t3 = tt.reference.table("table_3")
        >>> int(tt.check.table(t3.counts, t3.printed, t3.bases).to_frame()["differs"].sum())
        0
        """
        return self.cells.copy()

    def __repr__(self) -> str:
        n, bad = len(self.cells), int(self.cells["differs"].sum())
        return f"TableCheck({n} cells, {bad} differ under {self.rule}; explained by {self.rules})"


def _as_frame(data: Any, name: str) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    array = np.asarray(data)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        msg = f"`{name}` must be a DataFrame or a 2-D array; got {array.ndim}-D."
        raise InvalidCountsError(msg)
    return pd.DataFrame(array)


def table(
    counts: pd.DataFrame | Table | Any,
    printed: pd.DataFrame | Any,
    base: int | pd.Series | Sequence[int] | None = None,
    *,
    decimals: int = 0,
    rule: RoundingRule = "half_up",
    percent_axis: PercentAxis = "columns",
) -> TableCheck:
    """Compare printed percentages with counts, cell by cell, under every rounding rule.

    Parameters
    ----------
    counts : DataFrame, tracktr.Table or 2-D array
        The counts. A :class:`tracktr.Table` brings its bases and percent axis.
    printed : DataFrame or 2-D array
        The printed percentages, aligned with `counts` by labels (or by position for
        arrays). NaN cells were not printed and are skipped.
    base : int, Series or sequence, optional
        The base of each column (``percent_axis="columns"``) or row; one int for all.
        Defaults to the Table's bases, else to the column (row) sums of `counts`.
    decimals : int, default 0
        Decimal places of the printed percentages.
    rule : RoundingRule, default "half_up"
        The rule the report claims; `expected` and `differs` refer to it.
    percent_axis : {"columns", "rows"}, default "columns"
        Along which axis cells share a base.

    Returns
    -------
    TableCheck

    Raises
    ------
    tracktr.InvalidOptionError
        If the shapes or labels of `counts` and `printed` differ.
    tracktr.InvalidBaseError
        If a base is not positive or is smaller than a count.

    Notes
    -----
    ``largest_remainder`` is tried only when the counts sharing each base sum to it (a
    partition); otherwise it is left out of `mismatches` and `rules`.

    Examples
    --------
    Table 1 of the report prints each percentage beside its count, of 151 respondents.
    Two cells are not half-up roundings of their counts; rounding twice explains all:

    >>> import tracktr as tt
    >>> t1 = tt.reference.table("table_1")
    >>> check = tt.check.table(t1.counts, t1.printed, 151, percent_axis="rows")
    >>> check.consistent, check.rules
    (False, ('double_half_up',))
    >>> check.differing[["count", "printed", "expected", "explained_by"]].values.tolist()
    [[46, 31.0, 30.0, 'ceil; double_half_up'], [49, 33.0, 32.0, 'ceil; double_half_up']]
    """
    check_choice(rule, RoundingRule, name="rule")
    check_choice(percent_axis, PercentAxis, name="percent_axis")
    decimals = _check_decimals(decimals)
    if isinstance(counts, Table):
        if base is None:
            base = counts.bases
        percent_axis = counts.percent_axis
        counts = counts.counts
    frame, shown = _align(counts, printed)
    oriented = frame.T if percent_axis == "columns" else frame
    count_ints = _whole_counts(oriented)
    base_ints = _table_bases(base, oriented, percent_axis)
    printed_values = (shown.T if percent_axis == "columns" else shown).to_numpy(
        dtype=float, na_value=np.nan
    )
    present = ~np.isnan(printed_values)
    printed_units = np.zeros(printed_values.shape, dtype=np.int64)
    for idx in zip(*np.nonzero(present), strict=True):
        printed_units[idx] = _units(printed_values[idx], decimals, name="printed")
    partition = bool(np.all(count_ints.sum(axis=1) == base_ints))
    expected: dict[str, npt.NDArray[Any]] = {
        r: np.asarray(
            percentage_units(count_ints, base_ints, rule=r, decimals=decimals), dtype=np.int64
        )
        for r in RULES
        if partition or r != "largest_remainder"
    }
    if rule not in expected:
        msg = "largest_remainder needs counts that sum to each base."
        hint = "Hint: check with rule='half_up', or pass the full partition."
        raise NotAPartitionError(f"{msg}\n\n{hint}")
    mismatches = {r: int(np.sum((e != printed_units) & present)) for r, e in expected.items()}
    rows = []
    for row_pos, row in enumerate(frame.index):
        for col_pos, column in enumerate(frame.columns):
            i, j = (col_pos, row_pos) if percent_axis == "columns" else (row_pos, col_pos)
            if not present[i, j]:
                continue
            explained = [r for r, e in expected.items() if e[i, j] == printed_units[i, j]]
            rows.append(
                (
                    row,
                    column,
                    int(count_ints[i, j]),
                    int(base_ints[i]),
                    printed_units[i, j] / 10**decimals,
                    expected[rule][i, j] / 10**decimals,
                    bool(expected[rule][i, j] != printed_units[i, j]),
                    "; ".join(explained),
                )
            )
    cells = pd.DataFrame(rows, columns=list(_CELL_COLUMNS))
    return TableCheck(
        cells=cells,
        rule=rule,
        decimals=decimals,
        rules=tuple(r for r, n in mismatches.items() if n == 0),
        mismatches=mismatches,
    )


_CELL_COLUMNS = ("row", "column", "count", "base", "printed", "expected", "differs", "explained_by")


def _align(counts: Any, printed: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = _as_frame(counts, "counts")
    shown = _as_frame(printed, "printed")
    if shown.shape != frame.shape:
        msg = f"`printed` has shape {shown.shape} but `counts` has {frame.shape}."
        raise InvalidOptionError(msg)
    if isinstance(printed, pd.DataFrame) and isinstance(counts, pd.DataFrame):
        if set(shown.index) != set(frame.index) or set(shown.columns) != set(frame.columns):
            msg = "`printed` and `counts` must have the same row and column labels."
            hint = f"Hint: rows {list(frame.index)[:5]}..., columns {list(frame.columns)}."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        return frame, shown.loc[frame.index, frame.columns]
    return frame, pd.DataFrame(shown.to_numpy(), index=frame.index, columns=frame.columns)


def _whole_counts(frame: pd.DataFrame) -> npt.NDArray[np.int64]:
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | (values < 0) | (values != np.floor(values))
    if bad.any():
        shown = values[bad][:5].tolist()
        msg = f"counts must be whole numbers, 0 or more; got {shown}."
        hint = "Hint: check.table compares printed counts; round weighted counts first."
        raise InvalidCountsError(f"{msg}\n\n{hint}")
    return values.astype(np.int64)


def _table_bases(base: Any, oriented: pd.DataFrame, percent_axis: str) -> npt.NDArray[np.int64]:
    along = oriented.index
    if base is None:
        values = oriented.sum(axis=1).to_numpy()
    elif isinstance(base, pd.Series):
        values = base.reindex(along).to_numpy()
    elif np.ndim(base) == 0:
        values = np.full(len(along), base)
    else:
        values = np.asarray(base)
    if len(values) != len(along) or pd.isna(values).any():
        msg = f"expected one base for each of the {percent_axis} {list(along)}; got {base!r}."
        raise InvalidBaseError(msg)
    return np.array([_check_base(b) for b in values], dtype=np.int64)

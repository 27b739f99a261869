"""Other percentages of a tabulated question: row, total and cumulative.

A :class:`~tracktr.Table` by group holds column percentages. The same counts also give the
share of each option's respondents that fall in each group (row percentages), each cell's
share of everyone in the table (total percentages), and, for an ordered scale, the running
share up to each point (cumulative percentages). All three are new tables (or frames)
built from the counts, rounded exactly by :mod:`tracktr.rounding`; nothing is recounted.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from tracktr.exceptions import InvalidOptionError
from tracktr.rounding import percentages
from tracktr.table import Table

__all__ = ["cumulative_percentages", "row_percentages", "total_percentages"]

_TOTAL = "All"


def _by_group(table: Table, name: str, *, total: bool = False) -> None:
    """Refuse a table that is not options by groups (with the ``"All"`` column if `total`)."""
    if table.percent_axis != "columns" or table.summary_rows:
        msg = (
            f"{name}() needs a table of options (rows) by groups (columns); table "
            f"{table.question!r} has {table.percent_axis} percentages."
        )
        raise InvalidOptionError(msg)
    if total and _TOTAL not in table.counts.columns:
        msg = f"{name}() needs the total column {_TOTAL!r}; tabulate with total=True."
        raise InvalidOptionError(msg)


def row_percentages(table: Table, /) -> Table:
    """Return each option's respondents split across the groups: row percentages.

    The base of a row is the option's count in the total column ``"All"`` (everyone who
    gave the option, including those with no group), so a row's group percentages sum to
    100 only when every respondent has a group.

    Parameters
    ----------
    table : Table
        A table by group with a total column ``"All"`` (as ``by=`` makes), of a
        single-choice question or a multi-response set.

    Returns
    -------
    Table
        The same counts with ``percent_axis="rows"``.

    Raises
    ------
    tracktr.InvalidOptionError
        For a table without an ``"All"`` column or with row percentages already.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["a", "a", "b", "a"], "g": ["x", "y", "y", "y"]})
    >>> tt.row_percentages(tt.frequencies(df, "q", by="g")).percentages()
          x     y    All
    a  33.0  67.0  100.0
    b   0.0 100.0  100.0
    """
    _by_group(table, "row_percentages", total=True)
    bases = table.counts[_TOTAL].copy()
    # A weighted row's base is a weighted count; the respondents behind it stay beside it
    # (without them the table read as unweighted and showed "n=" the weighted count).
    unweighted = None
    if table.unweighted_counts is not None and _TOTAL in table.unweighted_counts.columns:
        unweighted = table.unweighted_counts[_TOTAL].copy()
    # Not a partition: each row also shows its total (100%) beside the groups.
    return dataclasses.replace(
        table,
        bases=bases,
        percent_axis="rows",
        partition=False,
        unweighted_bases=unweighted,
        effective_bases=None,
        zero_weights=None,  # per row, not counted: the notes say nothing rather than wrong
        excluded=None,
        base_description=f"{table.base_description} giving each answer",
    )


def total_percentages(table: Table, /) -> Table:
    """Return each cell as a share of everyone in the table (the ``"All"`` base).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["a", "a", "b", "a"], "g": ["x", "y", "y", "y"]})
    >>> tt.total_percentages(tt.frequencies(df, "q", by="g")).percentages()
          x     y    All
    a  25.0  50.0   75.0
    b   0.0  25.0   25.0
    """
    _by_group(table, "total_percentages", total=True)
    whole = table.bases[_TOTAL]
    bases = pd.Series(whole, index=table.bases.index)
    unweighted = None
    if table.unweighted_bases is not None:
        unweighted = pd.Series(table.unweighted_bases[_TOTAL], index=table.bases.index)
    effective = None
    if table.effective_bases is not None:
        effective = pd.Series(table.effective_bases[_TOTAL], index=table.bases.index)
    zeros = None
    if table.zero_weights is not None:
        zeros = pd.Series(table.zero_weights[_TOTAL], index=table.bases.index)
    return dataclasses.replace(
        table,
        bases=bases,
        unweighted_bases=unweighted,
        effective_bases=effective,
        zero_weights=zeros,
        partition=False,
        excluded=None,
    )


def cumulative_percentages(table: Table, /) -> pd.DataFrame:
    """Return the running percentage of each column down an ordered scale.

    Each value is ``100 * (count of this option and those above it) / base``, rounded
    exactly from the cumulative counts by the table's rule (so the last one is 100 when
    every respondent of the base is in a row).

    Raises
    ------
    tracktr.InvalidOptionError
        If the table is not options by groups, or not a partition (a multi-response set,
        nets): its rows may count a respondent more than once.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"size": ["Small", "Small", "Medium", "Large", "Small", "Large"]})
    >>> t = tt.frequencies(df, "size", options=["Small", "Medium", "Large"])
    >>> tt.cumulative_percentages(t)
             All
    Small   50.0
    Medium  67.0
    Large  100.0
    """
    _by_group(table, "cumulative_percentages")
    if not table.partition:
        msg = (
            f"cumulative_percentages(): the table of {table.question!r} is not a partition "
            "(a multi-response set, nets or total percentages): a respondent may be "
            "counted in more than one row, so running sums of its rows count them twice."
        )
        hint = "Hint: net the options instead (tt.net_table), which counts each respondent once."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    rule = "half_up" if table.rule == "largest_remainder" else table.rule
    running = table.counts.cumsum(axis=0).to_numpy(dtype=float).T
    bases = table.bases.to_numpy(dtype=float)
    out = np.full(running.shape, np.nan)
    defined = bases > 0
    if defined.any():
        out[defined] = percentages(
            running[defined], bases[defined], rule=rule, decimals=table.decimals
        )
    return pd.DataFrame(out.T, index=table.counts.index, columns=table.counts.columns)


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

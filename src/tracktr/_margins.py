"""Population margins: shares or counts, by one rule for raking, calibration and comparisons.

A margin maps each category to a number. It is read as **shares** when its values sum to
1 (within :data:`SHARE_TOLERANCE`), and as **counts** (population totals, as R survey's
``rake`` and ``calibrate`` take them) otherwise: any non-negative numbers with a positive
sum. A margin whose values are all at most 1, with a fraction among them, that does not
sum to 1 could be either -- shares that do not add up (a slip) or totals in a unit such
as millions -- and is refused, never guessed: ``{"a": 1, "b": 1, "c": 1}`` is counts of
a population of 3, ``{"a": 0.5, "b": 0.4}`` is an error.

:func:`_margin` reads one margin against a column of the data (every category the data
hold listed, none left empty) and :func:`_targets` turns the margins of one call into
totals of one population; :mod:`tracktr.weights` rakes and calibrates to them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._numbers import (
    WEIGHT_RANGE,
    is_truth,
    parse_number,
    refuse_truth_clash,
    truth_clashes,
)
from tracktr.exceptions import (
    InvalidCountsError,
    InvalidOptionError,
    QuestionNotFoundError,
    UnknownValueError,
    rows_named,
)
from tracktr.missing import is_missing

__all__ = ["SHARE_TOLERANCE", "is_shares", "margin_mapping"]

SHARE_TOLERANCE: Final = 1e-6
"""Shares must sum to 1 within this; count margins must agree on their total within it."""

RULE: Final = (
    "A margin is read as shares when it sums to 1, and as counts (population totals) "
    "otherwise; counts that are all at most 1 with a fraction among them are ambiguous."
)
"""The rule, for messages and documentation."""


def is_shares(values: Sequence[float], *, name: str, mapping: Mapping[Any, Any]) -> bool:
    """Return whether a margin's values are shares (else counts); refuse an ambiguous one.

    `values` are finite and not negative (the caller checks them); `name` starts the
    message (``"margin 'size':"``), `mapping` is shown in it.

    Examples
    --------
    >>> from tracktr._margins import is_shares
    >>> is_shares([0.83, 0.17], name="margin 'income':", mapping={}), is_shares(
    ...     [1, 1, 1], name="margin 'size':", mapping={})
    (True, False)
    >>> is_shares([0.5, 0.4], name="margin 'size':", mapping={"S": 0.5, "L": 0.4})
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidOptionError: margin 'size': shares sum to 0.9, not 1 ...
    """
    total = math.fsum(values)
    if total <= 0:
        msg = f"{name} the values {dict(mapping)} add up to 0: no population to weight to."
        hint = "Hint: give each category its population count, or its share (adding to 1)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if abs(total - 1) <= SHARE_TOLERANCE:
        return True
    if all(v <= 1 for v in values) and any(0 < v < 1 for v in values):
        msg = (
            f"{name} shares sum to {total:.6g}, not 1 ({dict(mapping)}); read as counts they "
            f"would be fractions of a population of {total:.6g}. {RULE}"
        )
        hint = (
            f"Hint: if they are shares, correct them so they add up to 1 (e.g. divide each "
            f"by {total:.6g}); if they are population totals in a unit such as millions, "
            "give them in whole units (0.25 million as 250000)."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return False


def margin_mapping(raw: Any, *, name: str) -> Any:
    """Return a margin given as a Series as a dict; refuse one whose categories repeat.

    ``Series.to_dict()`` keeps the last of repeated labels and drops the others silently.
    Anything else is returned as it is, for the caller to check.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._margins import margin_mapping
    >>> margin_mapping(pd.Series([1, 2], index=["a", "b"]), name="margin 's':")
    {'a': 1, 'b': 2}
    >>> margin_mapping(pd.Series([1, 2, 3], index=["a", "a", "b"]), name="margin 's':")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidOptionError: margin 's': the categories ['a'] are listed ...
    """
    if not isinstance(raw, pd.Series):
        return raw
    if not raw.index.is_unique:
        repeated = list(dict.fromkeys(raw.index[raw.index.duplicated()].tolist()))
        msg = (
            f"{name} the categories {repeated} are listed more than once; only one of "
            "their values could be used."
        )
        hint = "Hint: add them up first, e.g. margin.groupby(level=0).sum()."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return raw.to_dict()


# -- a margin against a column of the data -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Margin:
    column: str
    labels: list[Any]
    codes: npt.NDArray[np.intp]
    values: npt.NDArray[np.float64]
    shares: bool


def _refuse_truth_margin(series: pd.Series, labels: list[Any], column: str) -> None:
    """Raise if True/False meet 1/0 in the column or between it and its margin.

    ``isin`` and categories hash True as 1: a margin of 1/0 would silently weight answers
    True/False.
    """
    refuse_truth_clash(series)
    held = pd.unique(series).tolist()
    truths, numbers = truth_clashes([*held, *labels])
    if truths:  # the column is of one kind, so the margin is of the other
        msg = (
            f"margin {column!r} lists {labels} for a column holding {held}: Python takes "
            f"{truths} and {numbers} as the same category (True is 1)."
        )
        hint = "Hint: give the margin the column's own values (True/False, or 1/0)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _table_margin(column: str, table: Any) -> pd.Series:
    """Return a margin from a one-column :class:`~tracktr.Table` of population counts.

    Its counts are used (its ``"All"`` column when it has groups), never its rounded
    percentages: a published table such as the Almanac's income bands.
    """
    counts = table.counts
    columns = list(counts.columns)
    if len(columns) != 1 and "All" not in columns:
        msg = (
            f"margin {column!r}: a table used as a margin needs one column of counts (or an "
            f"'All' column); this one has {columns}."
        )
        raise InvalidOptionError(f"{msg}\n\nHint: pass table.counts['<column>'] instead.")
    if getattr(table, "summary_rows", ()):
        counts = counts.drop(index=list(table.summary_rows))
    series: pd.Series = counts[columns[0] if len(columns) == 1 else "All"]
    return series


def _margin_values(
    column: str, mapping: Mapping[Any, Any], labels: list[Any]
) -> npt.NDArray[np.float64]:
    """Return a margin's counts or shares as floats, refusing text, booleans and NaN."""
    try:
        if any(is_truth(mapping[k]) or isinstance(mapping[k], str) for k in labels):
            raise TypeError
        values = np.array([float(mapping[k]) for k in labels])
    except (TypeError, ValueError):
        msg = f"margin {column!r}: every count or share must be a number; got {mapping!r}."
        raise InvalidCountsError(msg) from None
    if (~np.isfinite(values) | (values < 0)).any():
        msg = f"margin {column!r}: counts and shares must be finite and not negative."
        raise InvalidCountsError(f"{msg} Got {mapping!r}.")
    # The weights sum to the margin's total: past this their squares overflow.
    if math.fsum(values) > WEIGHT_RANGE[1]:
        msg = f"margin {column!r}: the counts sum to more than {WEIGHT_RANGE[1]:g}."
        hint = "Hint: give the counts in a larger unit (thousands, millions) or as shares."
        raise InvalidCountsError(f"{msg} Got {mapping!r}.\n\n{hint}")
    return values


def _plain(values: Sequence[Any]) -> list[Any]:
    """Return numpy scalars as Python's, so that a message reads [1, 2], not [np.int64(1)]."""
    return [v.item() if isinstance(v, np.generic) else v for v in values]


def _near_hint(unknown: Sequence[Any], labels: Sequence[Any]) -> str | None:
    """Say which answers differ from a category only in type, case or spaces, if any.

    A margin typed as text ("1") for a column of numbers (1), or "North" for "north ": the
    same category to a person, and a collapse would be the wrong advice.
    """

    def key(value: Any) -> str:
        return " ".join(
            str(value.item() if isinstance(value, np.generic) else value).split()
        ).casefold()

    by_key = {key(label): label for label in labels}
    pairs = [(v, by_key[key(v)]) for v in _plain(unknown) if key(v) in by_key]
    if not pairs:
        return None
    listed = ", ".join(f"{v!r} for {label!r}" for v, label in pairs[:5])
    return (
        f"Hint: the data hold {listed}: the same category written differently (its type, "
        "case or spaces). Write the margin's categories as the data hold them, or clean "
        "the column first (e.g. data[col].astype(str).str.strip())."
    )


def _missing_rows(data: pd.DataFrame, series: pd.Series, missing: npt.NDArray[np.bool_]) -> str:
    """Name the rows missing a margin's column: their labels, respondent ids and cells.

    Read from a platform export or a file, the rows are numbered from 0 and the analyst
    looks respondents up by their id; what they hold says which kind of missing it is.
    """
    text = f"rows {rows_named(list(series.index[missing]))}"
    if "respondent_id" in data.columns and series.name != "respondent_id":
        text += f" (respondent_id {rows_named(list(data['respondent_id'][missing]))})"
    held: dict[str, Any] = {}
    for value in series[missing]:
        held.setdefault(repr(value), value)  # one of each, in the order met: NaN once
    return f"{text}, which hold {rows_named(list(held.values()), shown=5)}"


def _margin(data: pd.DataFrame, column: str, raw: Any) -> _Margin:
    if column not in data.columns:
        msg = f"margin {column!r} is not a column of the data."
        raise QuestionNotFoundError(f"{msg}\n\nHint: margins map a column to its categories.")
    mapping = _table_margin(column, raw) if hasattr(raw, "counts") else raw
    mapping = margin_mapping(mapping, name=f"margin {column!r}:")
    if not isinstance(mapping, Mapping) or not mapping:
        msg = f"margin {column!r} must map each category to a count or share; got {raw!r}."
        raise InvalidOptionError(msg)
    labels = list(mapping)
    blank = [k for k in labels if pd.api.types.is_scalar(k) and pd.isna(k)]
    if blank:
        msg = f"margin {column!r} lists a missing category {blank}: no respondent is in it."
        hint = "Hint: give the category a name (e.g. 'Not known') in the data and the margin."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    values = _margin_values(column, mapping, labels)
    series = data[column]
    missing = is_missing(series).to_numpy()
    if missing.any():
        msg = f"margin {column!r} is missing in {_missing_rows(data, series, missing)}: they "
        msg += "cannot be weighted to it."
        hint = "Hint: impute the category or add a 'not known' category to the margin."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    _refuse_truth_margin(series, labels, column)
    unknown_mask = ~series.isin(labels).to_numpy()
    if unknown_mask.any():
        unknown = list(pd.unique(series[unknown_mask]))
        where = tuple(series.index[unknown_mask][:20])
        msg = (
            f"margin {column!r}: respondents answered {_plain(unknown)}, which the population "
            f"margin does not list ({_plain(labels)})."
        )
        hint = _near_hint(unknown, labels) or (
            "Hint: collapse the answers to the margin's categories (tt.recode.collapse)."
        )
        raise UnknownValueError(f"{msg}\n\n{hint}", question=column, values=tuple(unknown),
                                rows=where)  # fmt: skip
    # An index lookup, not pd.Categorical: a categorical column's unused categories
    # must not matter (pandas warns when recasting them).
    codes = pd.Index(labels, dtype=object).get_indexer(series.astype(object)).astype(np.intp)
    shown = dict(zip(labels, values.tolist(), strict=True))
    shares = is_shares(values.tolist(), name=f"margin {column!r}:", mapping=shown)
    present = np.bincount(codes, minlength=len(labels))
    empty = [labels[k] for k in np.flatnonzero((present == 0) & (values > 0))]
    if empty:
        msg = (
            f"margin {column!r}: the population has {empty} but no respondent does, so no "
            "weights can reproduce it."
        )
        hint = "Hint: collapse the empty category with a neighbouring one before weighting."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    unpopulated = [labels[k] for k in np.flatnonzero((present > 0) & (values == 0))]
    if unpopulated:
        msg = (
            f"margin {column!r}: respondents are in {unpopulated}, which has no population; "
            "their weights would be zero."
        )
        hint = "Hint: check the margin, or drop those respondents explicitly first."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return _Margin(column, labels, codes, values, shares)


def _targets(
    margins: list[_Margin], population: float | None, start: npt.NDArray[np.float64]
) -> tuple[list[npt.NDArray[np.float64]], float]:
    counts = [m for m in margins if not m.shares]
    if population is not None:
        size = "not_numeric" if isinstance(population, str) else parse_number(population)
        if isinstance(size, str) or not size > 0:  # True is no population of 1
            msg = f"`population` must be a positive finite number; got {population!r}."
            raise InvalidOptionError(msg)
        total = float(size)
    elif counts:
        total = float(counts[0].values.sum())
    else:
        total = float(start.sum())
    for m in counts:
        if abs(m.values.sum() - total) > SHARE_TOLERANCE * total:
            _refuse_disagreement(m, counts[0], total, given=population is not None)
    # Shares within SHARE_TOLERANCE of 1 (1/3 printed as 0.3333333) are rescaled to add to
    # 1: unscaled, two margins described populations of different sizes and raking never
    # converged.
    return [m.values / math.fsum(m.values) * total if m.shares else m.values
            for m in margins], total  # fmt: skip


def _refuse_disagreement(margin: _Margin, first: _Margin, total: float, *, given: bool) -> None:
    """Raise for a count margin whose total is not the population's, naming where each came from.

    A margin adding up to 100 is most likely percentages: the hint says so, whichever of the
    two margins it is.
    """
    size = math.fsum(margin.values)
    against = (
        f"`population` is {total:g}" if given else f"margin {first.column!r} adds up to {total:g}"
    )
    msg = (
        f"margin {margin.column!r} adds up to {size:g}, but {against}: margins of one "
        "population must agree."
    )
    suspects = [margin] if given else [margin, first]
    percent = [m for m in suspects if abs(math.fsum(m.values) - 100) <= 100 * SHARE_TOLERANCE]
    if percent:
        hint = (
            f"Hint: if {percent[0].column!r} holds percentages, divide them by 100 (shares add "
            "up to 1 and are scaled to the population)."
        )
    elif given:
        hint = "Hint: give shares (adding up to 1), or counts that add up to `population`."
    else:
        hint = (
            "Hint: correct the counts, or give the margins as shares (adding up to 1) with "
            "`population=`."
        )
    raise InvalidOptionError(f"{msg}\n\n{hint}")

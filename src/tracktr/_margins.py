"""Population margins: shares or counts, by one rule for raking, calibration and comparisons.

A margin maps each category to a number. It is read as **shares** when its values sum to
1 (within :data:`SHARE_TOLERANCE`), and as **counts** (population totals, as R survey's
``rake`` and ``calibrate`` take them) otherwise: any non-negative numbers with a positive
sum. A margin whose values are all at most 1, with a fraction among them, that does not
sum to 1 could be either -- shares that do not add up (a slip) or totals in a unit such
as millions -- and is refused, never guessed: ``{"a": 1, "b": 1, "c": 1}`` is counts of
a population of 3, ``{"a": 0.5, "b": 0.4}`` is an error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from tracktr.exceptions import InvalidOptionError

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
    import pandas as pd

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

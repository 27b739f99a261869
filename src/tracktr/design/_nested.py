"""Nested banners as one grouping column, for the design-based tests.

A table by ``by=("region", "funder")`` has groups "North / CRC", ...; the design-based
tests read each respondent's group from one column, made as the tabulation makes it
(:func:`tracktr.banners.with_banner`), so they test the groups the table shows.
"""

from __future__ import annotations

from typing import Any, overload

import pandas as pd


@overload
def nested_by(
    data: pd.DataFrame, by: str | tuple[str, ...], survey: Any
) -> tuple[pd.DataFrame, str]: ...
@overload
def nested_by(
    data: pd.DataFrame, by: str | tuple[str, ...] | None, survey: Any
) -> tuple[pd.DataFrame, str | None]: ...
def nested_by(data: Any, by: Any, survey: Any) -> tuple[Any, Any]:
    """Return the data with the groups of a nested banner as one column, and its name.

    Any other `by` (a column's name) is returned as it is, with the data.

    A table by ``("region", "funder")`` has groups "North / CRC", ...: the design-based
    tests read each respondent's group from the same column the tabulation made (on a
    copy; the caller's data are left as they are).

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.design._nested import nested_by
    >>> df = pd.DataFrame({"region": ["North", "South"], "funder": ["CRC", "Other"]})
    >>> data, by = nested_by(df, ("region", "funder"), None)
    >>> by, data[by].tolist()
    ('region × funder (banner)', ['North / CRC', 'South / Other'])
    """
    from tracktr.banners import Banner, with_banner

    if not isinstance(by, tuple) or not isinstance(data, pd.DataFrame):
        return data, by
    return with_banner(data, Banner(by), survey=survey)

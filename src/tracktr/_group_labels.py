"""Checks of a banner's groups that every ``by=`` and every tab book share.

Kept apart from :mod:`tracktr.banners`, which builds on tabulation: tabulation's own
``by=`` refuses the same groups without importing the banners.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd

from tracktr._text import printed_label
from tracktr.exceptions import UnknownValueError

__all__ = ["refuse_case_twins"]


def refuse_case_twins(
    column: pd.Series, groups: Sequence[Hashable], name: str, *, columns: Sequence[str]
) -> None:
    """Raise if two groups of a banner that respondents are in differ only in case.

    "North" and "north" were two columns, "North (A)" and "north (B)": one region typed
    two ways, split in two without a word. Groups that differ in stray spaces are refused
    as labels that print alike (:func:`tracktr.tabulate._common._check_distinct`); the
    option labels of a question have checks of their own. `groups` are the column's
    groups (its categories, or the values found); only groups that hold a respondent
    count. `columns` are the data's columns the groups come from (the hint's fix).
    """
    seen: dict[str, list[Hashable]] = {}
    for group in groups:
        # lower(), not casefold(): casefold also rewrites letters ("Straße" as "strasse"),
        # and those are two spellings a reader tells apart, not one in two cases.
        seen.setdefault(printed_label(group).lower(), []).append(group)
    # Groups that print alike (stray spaces, a number and its text) are refused with
    # their own message: here only those that differ in case.
    twins = [g for g in seen.values() if len(g) > 1 and len(set(map(printed_label, g))) == len(g)]
    if not twins:
        return
    values = column.astype(object)
    held = [[g for g in group if values.isin([g]).any()] for group in twins]
    alike = next((group for group in held if len(group) > 1), None)
    if alike is None:  # declared groups no one is in: no two columns to tell apart
        return
    rows = [f"{g!r} (rows {list(values.index[values.isin([g]).to_numpy()][:5])})" for g in alike]
    msg = (
        f"banner {name!r}: groups {' and '.join(rows)} differ only in case, so the table "
        "would split one group into columns a reader could not tell apart."
    )
    fix = (
        f"e.g. data[{columns[0]!r}].replace({{{alike[1]!r}: {alike[0]!r}}})"
        if len(columns) == 1
        else f"in the one of {list(columns)} written two ways (data[column].replace())"
    )
    hint = f"Hint: make them one value first, {fix}, or label them apart by more than case."
    raise UnknownValueError(
        f"{msg}\n\n{hint}",
        question=name,
        values=tuple(alike),
        rows=tuple(values.index[values.isin(alike).to_numpy()][:10]),
    )

"""Checks of a banner's groups that every ``by=`` and every tab book share.

Kept apart from :mod:`tracktr.banners`, which builds on tabulation: tabulation's own
``by=`` refuses the same groups without importing the banners.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from tracktr._numbers import parse_number, whole_number
from tracktr._text import printed_label
from tracktr.exceptions import UnknownValueError

__all__ = ["numbers_in_order", "refuse_case_twins"]


def numbers_in_order(
    column: pd.Series, found: Sequence[Any], name: str, *, what: str = "groups"
) -> Sequence[Any]:
    """Return text values with those that read as numbers first, in numeric order.

    A file read as text (every cell of the command line's) gave the groups of a staff
    number "1", "101", "103", "12", ..., sorted as text, and "12" and "12.0" were two
    groups of one number. Text that is no number ("Other", "10+", "1-5") follows the
    numbers, in the order it has in `found` (text order): "1", "2", "10", "Other", where
    one label "Other" had put the whole column in text order ("1", "10", "2", "Other").
    The values keep their spellings (nothing is rewritten); two spellings of one number
    ("12", "12.0", "012") are refused, naming them and their rows, as labels differing
    only in case are (:func:`refuse_case_twins`). `found` are the distinct values of
    `column` (no blanks or missing markers), sorted; values that are not all text are
    returned as they are. `what` names them in the message ("groups", "answers").
    """
    if not found or not all(type(value) is str for value in found):
        return found
    plain = _plain_integers_in_order(found)
    return plain if plain is not None else _parsed_in_order(column, found, name, what=what)


_PLAIN_INTEGER = re.compile(r"0|-?[1-9][0-9]{0,17}")
"""An integer written the one way ``str(int)`` writes it, of at most 18 digits (an int64)."""


def _plain_integers_in_order(found: Sequence[str]) -> list[str] | None:
    """Return text that is every one a plainly written integer in numeric order, else None.

    Two such texts are never one number written two ways (no sign, zeros, spaces or
    decimals to tell them apart), so there are no twins to look for; and a regular
    expression and ``int`` per value cost a tenth of :func:`parse_number`'s reading of
    separators and spaces (a million respondent ids: about 0.3 s against 3 s).
    """
    if not all(map(_PLAIN_INTEGER.fullmatch, found)):
        return None
    numbers = np.fromiter(map(int, found), dtype=np.int64, count=len(found))
    return [found[k] for k in np.argsort(numbers, kind="stable").tolist()]


_NUMBER_START = frozenset("0123456789+-.")
_NUMBER_END = frozenset("0123456789.")


def _may_be_number(text: str) -> bool:
    """Whether text can read as a finite number: it begins and ends as one can.

    Free text (thousands of distinct answers, "3 staff", "Other") fails this at once,
    without the several patterns :func:`~tracktr._numbers.parse_number` tries.
    """
    stripped = text.strip()
    return bool(stripped) and stripped[0] in _NUMBER_START and stripped[-1] in _NUMBER_END


def _parsed_in_order(
    column: pd.Series, found: Sequence[str], name: str, *, what: str
) -> Sequence[Any]:
    """:func:`numbers_in_order` for text in any spelling a number takes, twins refused."""
    texts: list[str] = []
    labels: list[str] = []
    numbers: list[Any] = []
    for value in found:
        number = parse_number(value) if _may_be_number(value) else "not_numeric"
        if isinstance(number, str):  # a problem's name: a label, not a number
            labels.append(value)
        else:
            texts.append(value)
            numbers.append(number)
    if not numbers:
        return found
    # Exact only where two floats meet (12 == 12.0, or two long ids one float apart).
    seen: dict[Any, int] = {}
    for number in numbers:
        seen[number] = seen.get(number, 0) + 1
    numbers = [
        _exact(value, number) if seen[number] > 1 else number
        for value, number in zip(texts, numbers, strict=True)
    ]
    spellings: dict[Any, list[str]] = {}
    for value, number in zip(texts, numbers, strict=True):
        spellings.setdefault(number, []).append(value)  # 12 == 12.0: one key
    twins = next(((n, group) for n, group in spellings.items() if len(group) > 1), None)
    if twins is not None:
        number, group = twins
        # The plain spelling ("12") first: the hint turns the others into it.
        plain = sorted(group, key=lambda text: text != str(whole_number(number)))
        _refuse_number_twins(column, plain, name, what=what)
    order = sorted(range(len(texts)), key=lambda k: numbers[k])
    return [texts[k] for k in order] + labels


def _exact(text: str, number: float) -> Any:
    """Return the number a text writes, exactly: two long ids one float apart stay two."""
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return number


def _refuse_number_twins(
    column: pd.Series, twins: Sequence[str], name: str, *, what: str
) -> NoReturn:
    """Raise for one number written several ways in a column: "12" and "12.0"."""
    values = column.astype(object)
    held = [values.index[values.isin([twin]).to_numpy()] for twin in twins]
    listed = " and ".join(f"{t!r} (rows {list(r[:5])})" for t, r in zip(twins, held, strict=True))
    ways = {2: "two", 3: "three"}.get(len(twins), str(len(twins)))
    msg = (
        f"column {name!r}: the {what} {listed} read as one number written {ways} ways, so "
        f"the table would count it as {ways} {what} a reader could not tell apart, or "
        f"order them as numbers where they are labels."
    )
    hint = (
        f"Hint: if they are one number, write it one way first, e.g. "
        f"data[{name!r}].replace({{{twins[1]!r}: {twins[0]!r}}}), or make the column "
        "numbers (pandas.to_numeric()). If they are different labels (codes such as "
        "'01' and '1', versions such as '1.1' and '1.10'), declare them as the question's "
        "options in the codebook, or make the column a pandas Categorical: its categories "
        "are then the groups, in their order, each as written."
    )
    raise UnknownValueError(
        f"{msg}\n\n{hint}",
        question=name,
        values=tuple(twins),
        rows=tuple(values.index[values.isin(list(twins)).to_numpy()][:10]),
    )


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

"""Reading named columns of a frame: a name that labels two columns is refused.

Also what every list of names shares: a name listed twice is found by :func:`repeated`.

``data[name]`` on a frame with two columns of that name returns a DataFrame, not a
Series, and the code that expected a column then fails far away with an
``AttributeError`` (or, worse, reads the first copy). Every public function that takes
columns by name checks the names it reads here first, so the error names them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import pandas as pd

from tracktr.exceptions import InvalidDataError, InvalidOptionError, QuestionNotFoundError

__all__ = ["refuse_repeated_columns", "refuse_unhashable_name", "repeated"]


def repeated(items: Iterable[Hashable]) -> list[str]:
    """Return the items listed more than once, as sorted text (for a message).

    Items equal to Python count as one (``1`` and ``True``), as in a dict.

    Examples
    --------
    >>> from tracktr._columns import repeated
    >>> repeated(["b", "a", "b", "c", "a"]), repeated(["a", "b"])
    (['a', 'b'], [])
    """
    counts: Counter[Hashable] = Counter(items)
    return sorted({str(item) for item, count in counts.items() if count > 1})


def refuse_repeated_columns(
    columns: pd.Index | Sequence[Hashable], names: Iterable[Hashable], *, what: str
) -> None:
    """Raise InvalidDataError if any of `names` labels more than one of `columns`.

    `columns` are a frame's column labels (``data.columns``, or an engine frame's schema
    names); `what` says who reads the columns ("question 'q'", "rake()") for the message.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._columns import refuse_repeated_columns
    >>> df = pd.concat([pd.DataFrame({"q": ["a"]}), pd.DataFrame({"q": ["b"]})], axis=1)
    >>> refuse_repeated_columns(df.columns, ["q"], what="question 'q'")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidDataError: question 'q': the data has 2 columns named 'q'...
    """
    if isinstance(columns, pd.MultiIndex):
        _refuse_partial_keys(columns, names, what=what)
    if isinstance(columns, pd.Index) and columns.is_unique:
        return
    labels = list(columns)
    counts: Counter[Hashable] = Counter(labels)
    repeated = [(name, counts[name]) for name in dict.fromkeys(names) if counts[name] > 1]
    if not repeated:
        return
    said = "; ".join(f"{count} columns named {name!r}" for name, count in repeated)
    positions = [i for i, c in enumerate(labels) if any(c == name for name, _ in repeated)]
    msg = (
        f"{what}: the data has {said} (at positions {positions}); a cell could come from "
        "either copy."
    )
    hint = (
        "Hint: rename or drop the copies after checking they hold the same answers (in "
        "pandas, data.loc[:, ~data.columns.duplicated()]; in SQL, select each column once "
        "or give the copy another name with AS)."
    )
    raise InvalidDataError(f"{msg}\n\n{hint}")


def _refuse_partial_keys(columns: pd.MultiIndex, names: Iterable[Hashable], *, what: str) -> None:
    """Raise if a name is the first part(s) of columns of a frame with MultiIndex columns.

    ``data["q"]`` then returns those columns as a DataFrame, and the code that expected
    one column failed with ``AttributeError: 'DataFrame' object has no attribute 'dtype'``.
    """
    outer = set(columns.get_level_values(0))
    for name in dict.fromkeys(names):
        # A tuple of fewer parts than the levels is the first levels of columns as well.
        parts = name if isinstance(name, tuple) else (name,)
        if not parts or len(parts) >= columns.nlevels or parts[0] not in outer:
            continue
        held = [c for c in columns if c[: len(parts)] == parts]
        if not held:
            continue
        levels = "level" if len(parts) == 1 else "levels"
        msg = (
            f"{what}: {name!r} is the first {levels} of {len(held)} of the data's columns "
            f"{held[:5]}{' ...' if len(held) > 5 else ''} (the columns are a MultiIndex), "
            "not one column."
        )
        hint = (
            f"Hint: name one column in full, e.g. {held[0]!r}, or give the columns one level "
            "first, e.g. data.columns = ['_'.join(map(str, c)) for c in data.columns]."
        )
        raise InvalidDataError(f"{msg}\n\n{hint}")


def refuse_unhashable_name(question: object, *, function: str) -> None:
    """Raise InvalidOptionError unless `question` can name one column (a label, not a list).

    ``tt.frequencies(df, ["q1", "q2"])`` failed with ``TypeError: unhashable type`` deep
    inside, on pandas and on every engine alike; the message says what to pass instead.

    Examples
    --------
    >>> from tracktr._columns import refuse_unhashable_name
    >>> refuse_unhashable_name("changed", function="frequencies")
    >>> refuse_unhashable_name(["a", "b"], function="frequencies")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidOptionError: frequencies(): the question must be one column's ...
    """
    if isinstance(question, Hashable):
        return
    msg = (
        f"{function}(): the question must be one column's name (or a codebook question's "
        f"id); got a {type(question).__name__}: {question!r}."
    )
    hint = (
        "Hint: tabulate one question a call; for a set of 0/1 columns, name the set and "
        'pass them as columns=: tt.multi_response(df, "where", columns=["where_a", '
        '"where_b"]).'
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def refuse_a_set(name: str, survey: Any, *, what: str) -> None:
    """Refuse a banner (or `by`) that names a multi-response or grid question.

    `what` names the banner in the message (``"banner 'm'"``, ``"by='m'"``).

    Such a question has no column of its own (its answers are tick, slot or item
    columns), and "column(s) ['m'] are not in the data" sent the user looking for a
    missing column: a respondent can tick several options of a set, so its options are
    not groups that split respondents, and a grid has one answer per item.
    """
    spec = _question_of(survey, name)
    if spec is None or spec.type not in ("multi", "grid"):
        return
    columns = list(spec.columns)
    if spec.type == "multi":
        msg = (
            f"{what}: {name!r} is a multi-response question (its answers are "
            f"the columns {columns}): a respondent can give several of its answers, so its "
            "options are not groups a banner can split respondents into."
        )
        hint = "Hint: tt.multi_crosstab() crosses a multi-response set by another."
        if spec.form == "indicator":
            hint = (
                f"Hint: one option's tick column, such as {columns[0]!r} (ticked or not), can "
                "be a banner; tt.multi_crosstab() crosses a multi-response set by another."
            )
    else:
        msg = (
            f"{what}: {name!r} is a grid question (one answer per item, in "
            f"the columns {columns}): the grid as a whole gives no one group per respondent."
        )
        hint = f"Hint: group by one item's column, such as {columns[0]!r}."
    raise QuestionNotFoundError(f"{msg}\n\n{hint}")


def _question_of(survey: Any, name: str) -> Any:
    """Return the codebook's question `name`, or None (no codebook, or no such question)."""
    if survey is None or not hasattr(survey, "question"):
        return None
    try:
        return survey.question(name)
    except QuestionNotFoundError:
        return None

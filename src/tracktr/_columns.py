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

import pandas as pd

from tracktr.exceptions import InvalidDataError, InvalidOptionError

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

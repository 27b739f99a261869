r"""Reading one number, the same way for every input: cells, codes, sentinels, percentages.

A number arrives as a Python or numpy number, a :class:`~decimal.Decimal`, or text. Text is
read with one grammar, ASCII digits only::

    [+-] digits [. digits] [e [+-] digits]      (".5" and "5." too)

after stripping surrounding whitespace (a no-break space included). A comma is a thousands
separator only where that reading is the only one: every group after the first has exactly
three digits and either there are two or more groups (``"1,000,000"``) or a decimal point
follows (``"1,000.5"``). ``"2,5"`` (2.5 in much of Europe, 25 with the comma dropped) and
``"1,000"`` (1 or 1000) are ambiguous and rejected. A no-break space (U+00A0, or the
narrow U+202F) separates thousands wherever every group after the first has exactly three
digits (``"250\u00a0000"``, ``"1\u00a0000\u00a0000.5"``): spreadsheets in French and other
locales write numbers so, and no locale writes a decimal mark so. A plain space
(``"1 000"``, perhaps two numbers), ``"1_000"`` and digits of other scripts, which
Python's ``float()`` would silently accept, are rejected. Infinity, NaN written as text
and values too large for a float (``"1e400"``) are not finite and rejected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from numbers import Number
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NumberProblem", "parse_number"]

NumberProblem: TypeAlias = Literal["not_numeric", "not_finite", "ambiguous_separator"]

_PLAIN: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")
_GROUPED: Final = re.compile(r"([+-]?[0-9]{1,3})((?:,[0-9]{3})+)(\.[0-9]*)?")
_SPACED: Final = re.compile(r"([+-]?[0-9]{1,3})((?:[\u00a0\u202f][0-9]{3})+)(\.[0-9]*)?")
_NON_FINITE: Final = re.compile(r"[+-]?(?:inf|infinity|nan|snan)", re.IGNORECASE)

PROBLEMS: Final[dict[NumberProblem, str]] = {
    "not_numeric": "a number",
    "not_finite": "a finite number (not infinity, NaN, or beyond about 1.8e308)",
    "ambiguous_separator": (
        "a number without an ambiguous comma: write 2.5 or 25, not '2,5', and 1000 or "
        "'1,000.0' for a thousand, not '1,000'"
    ),
}
"""What each problem expects instead, for failure messages."""


def _finite(number: float | int) -> float | int | NumberProblem:
    try:
        as_float = float(number)
    except OverflowError:
        return "not_finite"
    return number if math.isfinite(as_float) else "not_finite"


def _from_text(text: str) -> int | float | NumberProblem:
    stripped = text.strip()
    spaced = _SPACED.fullmatch(stripped)
    if spaced is not None:  # no-break spaces between thousands: one reading only
        lead, groups, point = spaced.groups()
        stripped = lead + re.sub("[\u00a0\u202f]", "", groups) + (point or "")
    grouped = _GROUPED.fullmatch(stripped)
    if grouped is not None:
        lead, groups, point = grouped.groups()
        if groups.count(",") < 2 and point is None:
            return "ambiguous_separator"
        stripped = lead + groups.replace(",", "") + (point or "")
    elif "," in stripped and _PLAIN.fullmatch(stripped.replace(",", "", 1)):
        return "ambiguous_separator"
    if _NON_FINITE.fullmatch(stripped):
        return "not_finite"
    if _INTEGER.fullmatch(stripped):
        return _finite(int(stripped))
    if _PLAIN.fullmatch(stripped):
        return _finite(float(stripped))
    return "not_numeric"


def parse_number(value: object) -> int | float | NumberProblem:
    r"""Return `value` as a finite number, or the name of the problem that stops it being one.

    Integers (and integer text) stay ``int``; everything else becomes ``float``. Booleans,
    blanks and other objects are ``"not_numeric"``; see the module notes for text.

    Examples
    --------
    >>> from tracktr._numbers import parse_number
    >>> parse_number(" -99 "), parse_number("2.5"), parse_number("1,000,000")
    (-99, 2.5, 1000000)
    >>> parse_number("250\u00a0000"), parse_number("250 000")
    (250000, 'not_numeric')
    >>> parse_number("2,5"), parse_number("inf"), parse_number("1e400"), parse_number(True)
    ('ambiguous_separator', 'not_finite', 'not_finite', 'not_numeric')
    """
    if isinstance(value, bool | np.bool_):
        return "not_numeric"
    if isinstance(value, str):
        return _from_text(value)
    if isinstance(value, int | np.integer):
        return _finite(int(value))
    if isinstance(value, float | np.floating):
        return _finite(float(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return "not_finite"
        return _finite(int(value) if value == value.to_integral_value() else float(value))
    if isinstance(value, Fraction):
        return _finite(int(value) if value.denominator == 1 else float(value))
    return "not_numeric"


def is_number(result: int | float | NumberProblem) -> bool:
    """Whether a :func:`parse_number` result is a number (not a problem name)."""
    return not isinstance(result, str)


def as_code(value: object) -> int | None:
    """Return `value` as a whole-number code (3, 3.0, "3", " 3.0 "), else ``None``.

    Examples
    --------
    >>> from tracktr._numbers import as_code
    >>> as_code("-99"), as_code(-99.0), as_code("2,5"), as_code(True)
    (-99, -99, None, None)
    """
    if type(value) is int:  # the common cell, read without the general reader
        return value
    if type(value) is float:
        return int(value) if value.is_integer() else None  # inf and nan are not integers
    number = parse_number(value)
    if isinstance(number, str):
        return None
    if isinstance(number, int):
        return number
    return int(number) if number.is_integer() else None


_TRUTH_TYPES = frozenset({bool, np.bool_})


def is_truth(value: object) -> bool:
    """Whether `value` is a boolean (Python or numpy): ``True`` is not the number 1 here."""
    return isinstance(value, bool | np.bool_)


def zero_or_one(value: object) -> bool:
    """Whether `value` is a number (not a boolean) equal to 0 or 1, which hash as False and True."""
    return isinstance(value, Number) and not is_truth(value) and value in (0, 1)  # type: ignore[comparison-overlap]


def truth_clashes(values: Iterable[object]) -> tuple[list[bool], list[object]]:
    """Return the booleans and the numbers among `values` that Python would take as equal.

    Python hashes ``True`` as ``1`` and ``False`` as ``0`` (``1.0``, ``Decimal(1)`` too), so a
    dict, a set, ``pd.unique`` or ``pd.factorize`` over cells holding ``True`` and ``1`` merges
    them into one value. Callers refuse such a mixture when the lists are non-empty. ``True``
    beside ``2`` does not clash; a blank (NaN) is not a number here.

    Examples
    --------
    >>> from tracktr._numbers import truth_clashes
    >>> truth_clashes([True, 1, "1", 0.0, 2, float("nan")])
    ([True], [1])
    >>> truth_clashes([True, False, 2]), truth_clashes([1, 0])
    (([], []), ([], []))
    """
    truths: dict[bool, None] = {}
    numbers: dict[object, None] = {}
    for value in values:
        if is_truth(value):
            truths.setdefault(bool(value))
        elif zero_or_one(value):
            numbers.setdefault(value)
    clashing = [n for n in numbers if any(n == t for t in truths)]
    return [t for t in truths if any(n == t for n in clashing)], clashing


_EXACT_WHOLE: Final = 2**53
"""Whole floats up to this size are exactly integers; beyond it, a float stays a float."""


def whole_number(value: object) -> object:
    """Return a whole float as the integer it is (``1.0`` as ``1``); any other value as it is.

    pandas stores a column of codes 0 and 1 as floats as soon as one cell is blank, and a
    group or option printed ``"1.0"`` reads as another value than the ``1`` typed. Only
    floats change, and only whole ones: ``1.5`` stays ``1.5`` (so values never merge), a
    boolean stays a boolean, and floats beyond 2**53 (not exactly integers) stay floats.

    Examples
    --------
    >>> import numpy as np
    >>> from tracktr._numbers import whole_number
    >>> whole_number(np.float64(1.0)), whole_number(1.5), whole_number(-0.0), whole_number(True)
    (1, 1.5, 0, True)
    """
    if isinstance(value, float | np.floating):
        number = float(value)
        if number.is_integer() and abs(number) <= _EXACT_WHOLE:
            return int(number)
    return value


def typed(value: object) -> tuple[bool, object]:
    """Return a dict key that keeps booleans apart from numbers: ``typed(True) != typed(1)``.

    Examples
    --------
    >>> from tracktr._numbers import typed
    >>> {typed(True): "yes"}.get(typed(1)), {typed(1): "one"}.get(typed(1.0))
    (None, 'one')
    """
    return (is_truth(value), value)


def refuse_truth_clash(series: pd.Series, uniques: Iterable[object] | None = None) -> None:
    """Raise :class:`~tracktr.InvalidDataError` if a column holds True/False and 1/0.

    Call it where a column's values are hashed (``pd.factorize``, ``pd.unique``, a dict):
    there ``True`` and ``1`` would silently become one value. `uniques`, the factorized
    values when the caller has them, lets the common column be passed over without a
    scan; only a column pandas itself calls mixed is read cell by cell.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._numbers import refuse_truth_clash
    >>> refuse_truth_clash(pd.Series([True, False]))  # one kind: nothing to say
    >>> refuse_truth_clash(pd.Series([True, 1], dtype=object, name="q"))
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidDataError: question 'q' holds both True/False (rows [0]) ...
    """
    import pandas as pd

    from tracktr.exceptions import InvalidDataError

    if series.dtype != object:
        return
    if uniques is None:
        uniques = pd.unique(series)
    if not any(is_truth(v) or zero_or_one(v) for v in uniques):
        return
    # One C pass names columns of one kind ("boolean", "integer", "string"), which cannot
    # hold both; only a mixed column is read cell by cell.
    if not pd.api.types.infer_dtype(series, skipna=True).startswith("mixed"):
        return
    cells = series.to_numpy(dtype=object)
    # The types of the cells, in one C pass: a column without a boolean has no clash (the
    # common case: 0/1 ticks beside missing markers, which pandas calls mixed).
    if not set(map(type, cells)) & _TRUTH_TYPES:
        return
    truths, numbers = truth_clashes(cells)
    if not (truths and numbers):
        return
    kinds = np.fromiter(map(is_truth, cells), dtype=bool, count=len(cells))
    numeric = np.fromiter(map(zero_or_one, cells), dtype=bool, count=len(cells))
    name = "the column" if series.name is None else f"question {series.name!r}"
    msg = (
        f"{name} holds both True/False (rows {list(series.index[kinds][:5])}) and the "
        f"number(s) {numbers[:5]} (rows {list(series.index[numeric][:5])}); Python treats "
        "True as 1 and False as 0, so they would be counted as one answer."
    )
    hint = (
        "Hint: make the column one kind first, e.g. data[col].map({True: 1, False: 0}) "
        "for codes, or map each value to its label."
    )
    raise InvalidDataError(f"{msg}\n\n{hint}")


WEIGHT_RANGE = (1e-150, 1e150)
"""Positive weights lie in this range, and so does their sum: a weight's square (Kish's
effective base) then neither underflows to 0 nor overflows to infinity, on any engine."""


def refuse_weight_range(
    values: npt.NDArray[np.float64], rows: Sequence[object] | pd.Index, *, name: str = "weights"
) -> None:
    """Raise :class:`~tracktr.InvalidWeightsError` for a weight or sum outside `WEIGHT_RANGE`.

    `values` are finite and not negative (checked first); `rows` names them in the
    message (row labels, or positions), and `name` the weights. Outside the range a
    weight's square underflows to 0 or overflows, and an estimate crashed or divided by
    zero.

    Examples
    --------
    >>> import numpy as np
    >>> from tracktr._numbers import refuse_weight_range
    >>> refuse_weight_range(np.array([0.0, 1.0, 2.5]), ["a", "b", "c"])  # in range
    >>> refuse_weight_range(np.array([1e-300, 1.0]), ["a", "b"])
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidWeightsError: weights must lie between 1e-150 and 1e+150 ...
    """
    from tracktr.exceptions import InvalidWeightsError

    low, high = WEIGHT_RANGE
    out_of_range = (values > 0) & ((values < low) | (values > high))
    with np.errstate(over="ignore"):  # a sum past the float range is the error reported
        total = float(values.sum())
    if not (out_of_range.any() or total > high):
        return
    shown = [rows[i] for i in np.flatnonzero(out_of_range)[:20]]
    msg = (
        f"{name} must lie between {low:g} and {high:g} (or be 0), and sum to at most "
        f"{high:g}; rows {shown} hold {values[out_of_range][:5].tolist()} and the weights "
        f"sum to {total:g}. Their squares (for the effective base) would leave the range "
        "of a float."
    )
    hint = (
        "Hint: multiply every weight by one number to bring them into range; "
        "percentages and effective bases do not change."
    )
    raise InvalidWeightsError(f"{msg}\n\n{hint}")


def float_cells(values: object, *, name: str, error: type[Exception]) -> npt.NDArray[np.float64]:
    """Return `values` (a Series, an array or a list) as floats, refusing what is not a number.

    Numbers of any type pass (Decimal and Fraction too); blanks (None, NaN, ``pd.NA``)
    become NaN for the caller to judge. True/False and text raise `error`, naming the
    positions: ``np.asarray(..., dtype=float)`` would read them as 1/0 and numbers.

    Examples
    --------
    >>> from tracktr._numbers import float_cells
    >>> float_cells([1, 2.5, None], name="w", error=ValueError).tolist()
    [1.0, 2.5, nan]
    >>> float_cells([1.0, True, "2"], name="w", error=ValueError)
    Traceback (most recent call last):
    ...
    ValueError: `w` must hold numbers; positions [1, 2] hold [True, '2']....
    """
    import pandas as pd

    if isinstance(values, pd.Series | pd.Index):
        kind = values.dtype.kind
        if kind in "iuf":
            return values.to_numpy(dtype=np.float64, na_value=np.nan)
        cells = values.to_numpy(dtype=object)
    else:
        # list or tuple read cell by cell: [True, 2.0] is no array of floats
        array = np.asarray(values, dtype=object if isinstance(values, list | tuple) else None)
        if array.ndim > 1:  # a table of numbers was flattened into one list, silently
            shape = array.shape
            raise error(
                f"`{name}` must be one number per respondent; got an array of shape {shape}."
            )
        if array.dtype.kind in "iuf":
            return array.astype(np.float64).ravel()
        cells = array.astype(object).ravel()
    bad = [p for p, v in enumerate(cells) if is_truth(v) or not (_is_number(v) or _is_blank(v))]
    if bad:
        held = [cells[p] for p in bad]
        if isinstance(values, pd.Series):  # row labels, as where_in names them
            named = rows_holding(values.index[bad].tolist(), held)
        else:
            named = rows_holding(bad, held, where="positions")
        msg = f"`{name}` must hold numbers; {named}."
        hint = (
            "Hint: True/False and text are not numbers here: map them first (e.g. "
            "pd.to_numeric for number text, .astype(int) for yes/no)."
        )
        raise error(f"{msg}\n\n{hint}")
    return np.array([np.nan if _is_blank(v) else float(v) for v in cells], dtype=np.float64)


def is_weight(value: object) -> bool:
    """Return whether a cell is a weight: a finite number of 0 or more, not text nor a truth value.

    Examples
    --------
    >>> from tracktr._numbers import is_weight
    >>> [is_weight(v) for v in (1.5, 0, -1, float("nan"), "1.5", True)]
    [True, True, False, False, False, False]
    """
    number = "not_numeric" if isinstance(value, str) else parse_number(value)
    return not isinstance(number, str) and number >= 0


SHOWN_CELLS = 10
"""Bad cells an error names, each row beside its value (the rest are counted)."""


def rows_holding(rows: Sequence[object], held: Sequence[object], *, where: str = "rows") -> str:
    """Name bad cells as ``rows [...] hold [...]``: as many rows as values, the rest counted.

    The two lists used to be cut at 20 rows and 5 values, which read as pairs and were not.

    Examples
    --------
    >>> from tracktr._numbers import rows_holding
    >>> rows_holding(list(range(12)), list(range(-12, 0)))
    'rows [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] hold [-12, -11, -10, -9, -8, -7, -6, -5, -4, -3] (12...'
    """
    shown_rows, shown = list(rows[:SHOWN_CELLS]), list(held[:SHOWN_CELLS])
    more = f" ({len(rows)} in all)" if len(rows) > SHOWN_CELLS else ""
    return f"{where} {shown_rows} hold {shown}{more}"


def where_in(values: object, positions: list[int]) -> str:
    """Name `positions` of `values`: by a Series' row labels (``rows [...]``), else positions.

    A respondent's row label is what the analyst can look up; position 1 of a frame indexed
    by respondent id reads as respondent 1.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._numbers import where_in
    >>> where_in(pd.Series([1, 2], index=["a", "b"]), [1]), where_in([1, 2], [1])
    ("rows ['b']", 'positions [1]')
    """
    import pandas as pd

    if isinstance(values, pd.Series):
        return f"rows {values.index[positions].tolist()}"
    return f"positions {positions}"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating | Decimal | Fraction)


def _is_blank(value: object) -> bool:
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))

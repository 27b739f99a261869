"""Reading the cells of a numeric question: numbers, missing kinds, and what is neither.

Shared by the summaries (:func:`tracktr.summarise`), the design-based estimates of
means, totals and ratios (:mod:`tracktr.design`) and the bands of
:func:`tracktr.recode.band`, so that all read a column the same way: the same cells are
numbers, the same are missing, the same are refused. Text is read by
:func:`tracktr._numbers.parse_number`, the one grammar of the library (``"1,000,000"``,
``" 5 "``), never by ``pd.to_numeric`` (which refuses the first and reads
``complex`` numbers as their real part).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.types import infer_dtype

from tracktr._numbers import NumberProblem, is_truth, parse_number, typed
from tracktr.exceptions import UnknownValueError
from tracktr.missing import MARKERS

__all__ = [
    "number_cells",
    "number_values",
    "refuse_coded_cells",
    "refuse_coded_groups",
    "refuse_missing_codes",
]

_Reading: TypeAlias = tuple[object, NumberProblem | None]
"""A cell's number (None if it holds none) and the problem that stops it being one."""

_SHOWN_VALUES = 10
_SHOWN_ROWS = 20


def number_values(series: pd.Series, question: str) -> tuple[npt.NDArray[np.object_], pd.Series]:
    """Return each row's number as given (None where missing) and its missing kind.

    A number stays the object it is (an ``int`` of any size, a ``Decimal``, a
    ``Fraction``, a float), so that a caller may compare it exactly; text becomes the
    number :func:`~tracktr._numbers.parse_number` reads in it. The kind is ``''`` for a
    number, ``"skipped"`` for a blank cell and the kind of a :mod:`tracktr.missing`
    marker. Anything else is refused (see :func:`number_cells`).

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._numeric_cells import number_values
    >>> values, kind = number_values(pd.Series([2**70, " 1,000,000 ", "<refused>"]), "x")
    >>> values.tolist(), kind.tolist()
    ([1180591620717411303424, 1000000, None], ['', '', 'refused'])
    """
    as_object = series.astype(object)
    kind = _missing_kinds(as_object)
    cells = as_object.to_numpy()
    values = np.full(len(cells), None, dtype=object)
    problems: list[tuple[int, NumberProblem]] = []
    if series.dtype.kind in "iuf":  # no text, no markers: only blanks and numbers
        present = np.flatnonzero(kind.to_numpy() == "")
        numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)[present]
        values[present] = cells[present]
        problems = [(int(p), "not_finite") for p in present[~np.isfinite(numbers)]]
    else:
        present = np.flatnonzero(kind.to_numpy() == "")
        codes, readings = _distinct_readings(cells[present])
        numbers_read = np.empty(len(readings), dtype=object)
        numbers_read[:] = [number for number, _ in readings]
        values[present] = numbers_read[codes]
        failing = [k for k, (_, problem) in enumerate(readings) if problem is not None]
        if failing:
            at = np.flatnonzero(np.isin(codes, failing))
            problems = [(int(present[p]), readings[codes[p]][1]) for p in at]
    if problems:
        raise _not_numbers(series, cells, problems, question)
    return values, kind


def number_cells(series: pd.Series, question: str) -> tuple[npt.NDArray[np.float64], pd.Series]:
    """Return the numbers (NaN where missing) and each row's missing kind ('' if a number).

    Blank cells are "skipped" and the markers of :mod:`tracktr.missing` their kind; any
    other cell must be a finite number, or text that
    :func:`~tracktr._numbers.parse_number` reads as one (``"1,000,000"``, ``" 5 "``).
    True and False are refused (they answer a yes/no question), as are complex numbers,
    text that is not a number and infinities, naming the values and rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._numeric_cells import number_cells
    >>> numbers, kind = number_cells(pd.Series([3, None, "<refused>", "1,000.5"]), "staff")
    >>> numbers.tolist(), kind.tolist()
    ([3.0, nan, nan, 1000.5], ['', 'skipped', 'refused', ''])
    >>> number_cells(pd.Series([1, True]), "staff")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.UnknownValueError: question 'staff': value(s) [True] are not numbers...
    """
    if series.dtype.kind in "iuf":  # the common column: read whole, without a Python loop
        numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
        blank = np.isnan(numbers)
        infinite = np.isinf(numbers)
        if infinite.any():
            cells = series.to_numpy(dtype=object)
            problems: list[tuple[int, NumberProblem]] = [
                (int(p), "not_finite") for p in np.flatnonzero(infinite)
            ]
            raise _not_numbers(series, cells, problems, question)
        kind = pd.Series(np.where(blank, "skipped", ""), index=series.index, dtype=object)
        return numbers, kind
    values, kind = number_values(series, question)
    numbers = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    return numbers, kind


def _missing_kinds(as_object: pd.Series) -> pd.Series:
    """Each cell's missing kind: a marker's, "skipped" for a blank, '' otherwise."""
    marker = as_object.isin(list(MARKERS))
    kind = pd.Series("", index=as_object.index, dtype=object)
    kind[marker] = as_object[marker].map(MARKERS)
    kind[as_object.isna().to_numpy()] = "skipped"
    return kind


_NO_TRUTHS = frozenset({"string", "integer", "floating", "mixed-integer-float", "decimal"})
"""Kinds of cells (``infer_dtype``) that hold no True/False: hashing them merges no bool."""


def _distinct_readings(
    cells: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.intp], list[_Reading]]:
    """Return each cell's code and the reading of each distinct cell (read once each).

    Columns repeat their values, so each distinct cell is read once. ``pd.factorize``
    hashes True as 1, so a column that may hold True/False is read cell by cell; equal
    numbers of other types (1, 1.0, ``Decimal(1)``) are equal exactly, so merging them
    changes no value.
    """
    if infer_dtype(cells, skipna=False) in _NO_TRUTHS:
        codes, uniques = pd.factorize(cells)
        return codes, [_reading(u) for u in uniques]
    read: dict[Hashable, int] = {}
    readings: list[_Reading] = []
    codes = np.empty(len(cells), dtype=np.intp)
    for position, cell in enumerate(cells.tolist()):
        try:
            key: Hashable = (type(cell), typed(cell))  # True is not 1, nor "1" 1
            hash(key)
        except TypeError:  # a list or a dict: no number
            codes[position] = len(readings)
            readings.append((None, "not_numeric"))
            continue
        if key not in read:
            read[key] = len(readings)
            readings.append(_reading(cell))
        codes[position] = read[key]
    return codes, readings


def _reading(cell: object) -> _Reading:
    """Return the number in `cell` (as given if a number; read if text) or its problem."""
    number = parse_number(cell)
    if isinstance(number, str):
        return None, number
    return (number if isinstance(cell, str) else cell), None


def _not_numbers(
    series: pd.Series,
    cells: npt.NDArray[np.object_],
    problems: list[tuple[int, NumberProblem]],
    question: str,
) -> UnknownValueError:
    """Return the error naming the values that are not numbers, their rows and what to do."""
    positions = [p for p, _ in problems]
    values: list[object] = []
    for position in positions:
        value = cells[position]
        if not any(type(v) is type(value) and _same(v, value) for v in values):
            values.append(value)
        if len(values) == _SHOWN_VALUES:
            break
    rows = tuple(series.index[positions[:_SHOWN_ROWS]])
    more = f" and {len(positions) - _SHOWN_ROWS} more" if len(positions) > _SHOWN_ROWS else ""
    where = f"question {question!r}" if question else "the values"
    msg = f"{where}: value(s) {values} are not numbers, in rows {list(rows)}{more}."
    hints = [
        (
            "Hint: recode them (tt.recode.missing turns sentinels such as -99 into missing "
            "markers), or correct the data."
        )
    ]
    kinds = {problem for _, problem in problems}
    if "ambiguous_separator" in kinds:
        hints.append(
            "A comma must leave one reading: write 2.5 or 25, not '2,5', and 1000 or "
            "'1,000.0' for a thousand, not '1,000'."
        )
    if "not_finite" in kinds:
        hints.append("Infinity and NaN written as text are no answer: blank them.")
    if any(isinstance(v, complex | np.complexfloating) for v in values):
        hints.append(
            "A complex number is no answer to a numeric question (it has no order, and "
            "its imaginary part would be dropped): keep the real or the imaginary part."
        )
    if any(is_truth(v) for v in values):
        hints.append(
            "True/False answer a yes/no question: tabulate it (tt.frequencies), or "
            "average it as 0/1 with data[col].astype(int)."
        )
    return UnknownValueError(
        f"{msg}\n\n{' '.join(hints)}", question=question, values=tuple(values), rows=rows
    )


def _same(a: object, b: object) -> bool:
    try:
        return a is b or bool(a == b)
    except (TypeError, ValueError):  # cells that refuse comparison (arrays)
        return False


def refuse_missing_codes(
    x: npt.NDArray[np.float64],
    answered: npt.NDArray[np.bool_],
    cells: pd.Series,
    survey: Any,
    question: str,
) -> None:
    """Raise if a number is a code the codebook's ``[missing]`` declares (-99 = refused).

    `x` holds the numbers of `cells` (NaN where `answered` is False). Every reader of a
    numeric question with a codebook calls it: the summaries, the tab book's numeric
    sections and the design-based means, totals, ratios and rank tests.

    :meth:`tracktr.Survey.prepare` turns such codes into missing markers; in a frame not
    prepared they were read as answers, so that a mean of 2.0 printed as -38.2 (refused
    coded -99, skipped -98) without a word. A declared code is never a valid answer (the
    codebook refuses one within a question's bounds), so such a cell is a raw code.
    """
    codes: dict[float, str] = {}
    for kind, values in (getattr(survey, "missing", None) or {}).items():
        for value in values:
            number = parse_number(value)
            if not isinstance(number, str):
                codes.setdefault(float(number), str(kind))
    if not codes:
        return
    hit = answered & np.isin(x, list(codes))
    if not hit.any():
        return
    found = [int(v) if v.is_integer() else v for v in sorted({float(v) for v in x[hit]})]
    rows = list(cells.index[hit][:10])
    more = f" and {int(hit.sum()) - 10} more" if hit.sum() > 10 else ""
    named = ", ".join(f"{v:g} = {codes[float(v)]}" for v in found)
    msg = (
        f"question {question!r}: value(s) {found} in rows {rows}{more} "
        f"are the codebook's codes for missing answers ({named}), not numbers to count: "
        "the statistics would read them as answers."
    )
    hint = (
        "Hint: prepare the data first, survey.prepare(data), which turns them into "
        "missing markers (or tt.recode.missing)."
    )
    raise UnknownValueError(
        f"{msg}\n\n{hint}", question=question, values=tuple(found), rows=tuple(rows)
    )


def refuse_coded_cells(cells: pd.Series, survey: Any, question: str) -> None:
    """Raise if `cells` (a numeric question's column) hold a code of the codebook's ``[missing]``.

    :func:`refuse_missing_codes` for a reader that does not need the numbers, such as the
    bands of a numeric banner: a refused code of -99 fell in the lowest band, open below,
    and was counted in it.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr._numeric_cells import refuse_coded_cells
    >>> survey = tt.Survey.from_dict({"title": "T", "missing": {"refused": [-99]},
    ...     "questions": [{"id": "staff", "type": "numeric", "text": "Staff?"}]})
    >>> refuse_coded_cells(pd.Series([3.0, -99.0]), survey, "staff")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.UnknownValueError: question 'staff': value(s) [-99] in rows [1] ...
    """
    values, kind = number_cells(cells, question)
    refuse_missing_codes(values, (kind == "").to_numpy(), cells, survey, question)


def refuse_coded_groups(cells: pd.Series, survey: Any, by: str) -> None:
    """Raise if `by`, a numeric question of `survey`, holds a code of its ``[missing]``.

    Grouped by its values (``by=``, a banner), a refused -99 in data not prepared was a
    group of its own, "-99", as if an organisation had answered it; a tab book refused it.
    Any other column, or no codebook, is left to the grouping.
    """
    question = next((q for q in getattr(survey, "questions", ()) if q.id == by), None)
    if question is None or question.type != "numeric":
        return
    try:
        values, kind = number_cells(cells, by)
    except UnknownValueError:
        return  # not numbers: the question already put in its bands ("Under 5")
    refuse_missing_codes(values, (kind == "").to_numpy(), cells, survey, by)

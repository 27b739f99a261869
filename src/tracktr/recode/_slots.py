"""Two more shapes of a tick-all-that-apply set, read into 0/1 indicator columns.

- Category-coded slots: ``a1_1`` ... ``a1_6`` each hold the code of one answer given (the
  first mention, the second...), blank when fewer answers were given; the form of coded
  open questions and of many SPSS files (expss's ``product_test``).
- Yes/no coded sets: one column per option holding "Oui"/"Non", "Selected"/"Not
  selected" or any declared pair of codes (questionr's ``hdv2003`` hobbies).

Both return the indicator shape that :func:`tracktr.multi_response` reads (``columns=``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from tracktr.exceptions import InvalidOptionError, QuestionNotFoundError, UnknownValueError
from tracktr.missing import MARKERS

__all__ = ["from_slots", "from_yes_no"]


def _require(data: pd.DataFrame, columns: Sequence[str]) -> None:
    absent = [c for c in columns if c not in data.columns]
    if absent:
        msg = f"column(s) {absent} are not in the data."
        hint = f"Hint: the data has columns such as {list(data.columns)[:10]}."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")


def _raise_unknown(frame: pd.DataFrame, bad: pd.DataFrame, what: str, hint: str) -> None:
    values = list(dict.fromkeys(frame.to_numpy()[bad.to_numpy()].tolist()))[:10]
    rows = tuple(frame.index[bad.any(axis=1).to_numpy()][:20])
    where = ", ".join(str(c) for c in frame.columns)
    msg = f"columns {where}: value(s) {values} are not {what}, in rows {list(rows)}."
    raise UnknownValueError(
        f"{msg}\n\nHint: {hint}", question=str(frame.columns[0]), values=tuple(values), rows=rows
    )


def from_slots(
    data: pd.DataFrame,
    columns: Sequence[str],
    /,
    *,
    codes: Mapping[Any, str],
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Turn category-coded slot columns into one 0/1 column per option.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    columns : sequence of str
        The slot columns (``["a1_1", ..., "a1_6"]``), each holding one code or a blank.
    codes : mapping
        The codeframe: each code and its option label, in display order.
    names : mapping of str to str, optional
        Column names of the result by option label (default: the labels).

    Returns
    -------
    pandas.DataFrame
        Same index; one column per option of `codes`, 1 where any slot holds its code. A
        respondent whose slots are all blank has blank cells (read as skipped); one with
        a missing marker in the first slot has that marker in every column. A code given
        twice by one respondent is one tick.

    Raises
    ------
    tracktr.UnknownValueError
        A slot holds a code that is not in `codes`; the message names the rows.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"a1_1": [7, 5, None], "a1_2": [None, 3, None]})
    >>> tt.recode.from_slots(df, ["a1_1", "a1_2"], codes={3: "Chocolate", 5: "Taste", 7: "Nuts"})
       Chocolate  Taste  Nuts
    0        0.0    0.0   1.0
    1        1.0    1.0   0.0
    2        NaN    NaN   NaN
    """
    _require(data, columns)
    frame = data[list(columns)].astype(object)
    marker = frame.isin(list(MARKERS))
    blank = frame.isna()
    lookup: dict[Any, int] = {}
    for position, code in enumerate(codes):
        lookup[code] = position
        if isinstance(code, int | float) and not isinstance(code, bool):
            lookup[float(code)] = position
            lookup[str(code)] = position
    present = ~(marker | blank)
    known = frame.map(lambda v: v in lookup if isinstance(v, str | int | float) else False)
    bad = present & ~known
    if bad.to_numpy().any():
        _raise_unknown(frame, bad, f"codes of the codeframe {list(codes)}", "add them to `codes`.")
    n, k = len(frame), len(codes)
    ticks = np.zeros((n, k), dtype=float)
    rows, cols = np.nonzero(present.to_numpy())
    values = frame.to_numpy()[rows, cols]
    ticks[rows, [lookup[v] for v in values]] = 1.0
    labels = list(codes.values())
    out = pd.DataFrame(ticks, index=data.index, columns=pd.Index(labels)).astype(object)
    nothing = ~present.any(axis=1).to_numpy()
    out.loc[nothing, :] = np.nan
    first = frame.iloc[:, 0]
    markers = nothing & marker.iloc[:, 0].to_numpy()
    for label in labels:
        out.loc[markers, label] = first[markers]
    out = out.infer_objects()
    if names is not None:
        out = out.rename(columns=dict(names))
    return out


def from_yes_no(
    data: pd.DataFrame,
    columns: Sequence[str],
    /,
    *,
    true: Sequence[Any] = ("Yes",),
    false: Sequence[Any] = ("No",),
) -> pd.DataFrame:
    """Turn yes/no coded columns (one per option) into 0/1 columns.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    columns : sequence of str
        One column per option.
    true, false : sequence or a single code
        The codes meaning ticked ("Oui", "Selected", 1) and not ticked ("Non",
        "Not selected", 0). One code may be given alone: ``true="Oui"``.

    Returns
    -------
    pandas.DataFrame
        The same columns: 1, 0, and blanks and missing markers as they were.

    Raises
    ------
    tracktr.UnknownValueError
        A cell that is neither a true nor a false code, blank or a missing marker.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"cinema": ["Oui", "Non", None], "sport": ["Non", "Oui", "Non"]})
    >>> tt.recode.from_yes_no(df, ["cinema", "sport"], true=["Oui"], false=["Non"])
       cinema  sport
    0     1.0      0
    1     0.0      1
    2     NaN      0
    """
    _require(data, columns)
    true, false = _code_list(true), _code_list(false)
    frame = data[list(columns)].astype(object)
    is_true, is_false = frame.isin(true), frame.isin(false)
    other = ~(is_true | is_false | frame.isna() | frame.isin(list(MARKERS)))
    if other.to_numpy().any():
        _raise_unknown(
            frame,
            other,
            f"among the true codes {list(true)} or false codes {list(false)}",
            "declare every code that means ticked in `true` and not ticked in `false`.",
        )
    out = frame.mask(is_true, 1).mask(is_false, 0)
    return out.infer_objects()


def _code_list(codes: Any) -> list[Any]:
    """Return the codes as a list: one code given alone ("Oui") is one code, not letters."""
    if isinstance(codes, str | bytes) or not isinstance(codes, Iterable):
        return [codes]
    return list(codes)


def coded_set(  # noqa: PLR0917  (private: the coded forms' arguments)
    data: pd.DataFrame,
    question: str,
    slots: Sequence[str] | None,
    codes: Mapping[Any, str] | None,
    columns: Sequence[str] | None,
    true: Sequence[Any] | None,
    false: Sequence[Any],
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Read slots or yes/no codes into indicator columns added to a copy of the data."""
    if slots is not None:
        if codes is None:
            msg = f"question {question!r}: `slot_columns` need the codeframe `codes`."
            hint = 'Hint: pass codes={1: "Option one", 2: "Option two", ...}.'
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        names = {label: f"{question} ({label})" for label in codes.values()}
        ticks = from_slots(data, slots, codes=codes, names=names)
        return data.assign(**ticks), list(names.values()), list(codes.values())
    if columns is None:
        msg = f"question {question!r}: `true` codes need the set's `columns`."
        raise InvalidOptionError(msg)
    ticks = from_yes_no(data, columns, true=[] if true is None else true, false=false)
    return data.assign(**ticks), list(columns), list(columns)

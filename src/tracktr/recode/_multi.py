"""Tick-all-that-apply answers between their three shapes: indicators, delimited text, long."""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import (
    InvalidOptionError,
    MultiResponseError,
    UnknownValueError,
    rows_named,
)
from tracktr.recode._common import (
    _BLANK,
    Recoded,
    _check_not_marker,
    _is_blank,
    _is_missing_cell,
    _listing,
    _name,
    _shown_rows,
    _unknown_values,
    _where,
    _with_missing_rows,
    _wrong_question,
)
from tracktr.survey import MultiQuestion, Question

# ---------------------------------------------------------------------------------------
# multi-response shapes

_LONG_COLUMNS = ("ticked", "missing")


@dataclass(frozen=True, slots=True)
class _Ticks:
    """The canonical form of a multi-response set: a 0/1 matrix and each row's marker."""

    index: pd.Index
    options: list[object]
    ticked: np.ndarray[Any, np.dtype[np.int64]]
    missing: list[str | None]
    name: Hashable | None


def _check_exclusive(ticks: _Ticks, exclusive: Sequence[str], where: str) -> None:
    for option in exclusive:
        if option not in ticks.options:
            msg = (
                f"exclusive option {option!r} is not an option of {where}; its options are "
                f"{ticks.options}."
            )
            raise InvalidOptionError(msg)
    for option in exclusive:
        column = ticks.options.index(option)
        together = (ticks.ticked[:, column] == 1) & (ticks.ticked.sum(axis=1) > 1)
        if together.any():
            shown = _shown_rows(ticks.index[together].tolist())
            msg = (
                f"exclusive option {option!r} of {where} is ticked together with other "
                f"options in rows {shown}.\n\nHint: an exclusive option such as 'None of "
                "these' cannot be ticked with another; correct those rows at the source."
            )
            raise MultiResponseError(msg)


def _check_separator(separator: object, *, writing: bool) -> str:
    """Refuse a separator that cannot split (empty) or, for writing, only whitespace.

    Parts are stripped of spaces when read, so text joined by a separator of only
    whitespace could not be split back into the options it was made of.
    """
    if not isinstance(separator, str) or separator == "" or (writing and not separator.strip()):
        msg = (
            f"`separator` must be text with at least one character that is not a space; "
            f"got {separator!r}, which "
            + (
                "cannot split a cell."
                if not isinstance(separator, str) or separator == ""
                else "could not be told apart from the spaces around options when read back."
            )
        )
        hint = "Hint: use a character no option contains, such as ';' or '|' (or '; ')."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return separator


def _split_delimited(
    series: pd.Series, separator: str
) -> tuple[list[list[str] | None], list[str | None]]:
    """Return each cell's ticked options (None if missing) and each row's marker."""
    _check_separator(separator, writing=False)
    split: list[list[str] | None] = []
    missing_marks: list[str | None] = []
    bad = []
    for cell in series.to_numpy(dtype=object):
        bad.append(not (_is_missing_cell(cell) or isinstance(cell, str)))
        if _is_missing_cell(cell):
            split.append(None)
            missing_marks.append(_BLANK if _is_blank(cell) else str(cell))
        else:
            parts = [part.strip() for part in str(cell).split(separator)]
            split.append([part for part in parts if part])
            missing_marks.append(None)
    if any(bad):
        raise _unknown_values(
            series,
            bad,
            what="cells that are not text",
            hint=f"a delimited set holds text such as 'A{separator}B'; "
            "an empty string for a respondent who ticked nothing.",
        )
    return split, missing_marks


def refuse_repeated_ticks(
    text: pd.Series, repeats: npt.NDArray[np.bool_], question: object
) -> None:
    """Raise for delimited cells that give an option more than once ("A;A").

    Counted once, the repeat would pass unseen, though it often stands for another
    answer lost in the export; validation reports the same cells as ``duplicate_option``.
    Shared by :func:`tracktr.multi_response` and the recodings of a delimited set.
    """
    values = list(dict.fromkeys(text[repeats].tolist()))
    shown = ", ".join(repr(v) for v in values[:10])
    more = f" and {len(values) - 10} more" if len(values) > 10 else ""
    which = f"question {question!r}: a cell" if question else "a cell"  # a Series unnamed
    msg = (
        f"{which} gives an option more than once ({shown}{more}), "
        f"in rows {rows_named(text.index[repeats])}; each option of a tick-all-that-apply "
        "answer is ticked once."
    )
    hint = (
        "Hint: correct those cells (a repeat often stands for another option lost in the "
        "export); with a codebook, survey.validate() lists them as duplicate_option."
    )
    raise MultiResponseError(f"{msg}\n\n{hint}")


def _from_delimited(series: pd.Series, separator: str, options: Sequence[str] | None) -> _Ticks:
    split, missing_marks = _split_delimited(series, separator)
    if options is None:
        found = {part for parts in split if parts for part in parts}
        opts: list[object] = [*sorted(found)]
    else:
        opts = list(options)
        for option in opts:
            if separator in str(option):
                msg = (
                    f"option {option!r} contains the separator {separator!r}, so a "
                    "delimited cell cannot be read back.\n\nHint: choose another separator."
                )
                raise InvalidOptionError(msg)
    position = {option: i for i, option in enumerate(opts)}
    unknown_rows: dict[object, list[Hashable]] = {}
    repeated: list[int] = []
    ticked = np.zeros((len(split), len(opts)), dtype=np.int64)
    for row, parts in enumerate(split):
        if parts and len(set(parts)) < len(parts):  # "A;A": one tick given twice
            repeated.append(row)
        for part in parts or ():
            if part not in position:
                unknown_rows.setdefault(part, []).append(series.index[row])
            else:
                ticked[row, position[part]] = 1
    if repeated:
        where = np.zeros(len(series), dtype=bool)
        where[repeated] = True
        refuse_repeated_ticks(series.astype(str), where, _name(series))
    if unknown_rows:
        rows = tuple(r for labels in unknown_rows.values() for r in labels)
        msg = (
            f"options that are not among `options` in {_where(series)}: "
            f"{_listing(unknown_rows)}.\n\nHint: pass every option in `options=`, in "
            "display order."
        )
        raise UnknownValueError(msg, question=_name(series), values=tuple(unknown_rows), rows=rows)
    return _Ticks(series.index, opts, ticked, missing_marks, series.name)


def _from_indicators(frame: pd.DataFrame, options: Sequence[str] | None) -> _Ticks:
    if options is not None:
        absent = [option for option in options if option not in frame.columns]
        if absent:
            msg = (
                f"indicator columns {absent} are not in the data; its columns are "
                f"{list(frame.columns)}."
            )
            raise InvalidOptionError(msg)
        frame = frame.loc[:, list(options)]
    data = frame.to_numpy(dtype=object)
    ticked = np.zeros(data.shape, dtype=np.int64)
    missing_marks: list[str | None] = []
    bad: dict[object, list[Hashable]] = {}
    for row in range(data.shape[0]):
        cells = data[row, :]
        missing_cells = [_is_missing_cell(cell) for cell in cells]
        if cells.size and all(missing_cells):
            marks = {_BLANK if _is_blank(cell) else str(cell) for cell in cells}
            if len(marks) == 1:
                missing_marks.append(marks.pop())
                continue
        missing_marks.append(None)
        for column, cell in enumerate(cells):
            if isinstance(cell, bool | np.bool_) or (
                isinstance(cell, int | float | np.integer | np.floating) and cell in (0, 1)
            ):
                ticked[row, column] = int(cell)
            else:
                bad.setdefault(cell, []).append(frame.index[row])
    if bad:
        msg = (
            f"indicator cells that are neither 0/1 nor one missing marker across the row: "
            f"{_listing(bad)}.\n\nHint: a respondent who skipped the question has the same "
            "marker in every column; if your platform leaves unticked boxes blank, fill "
            "them with 0 (`df.fillna(0)`) for the rows that answered."
        )
        raise MultiResponseError(msg)
    name = frame.columns.name
    return _Ticks(frame.index, list(frame.columns), ticked, missing_marks, name)


def _from_long(frame: pd.DataFrame) -> _Ticks:
    if not isinstance(frame.index, pd.MultiIndex) or frame.index.nlevels != 2:
        msg = (
            "a long multi-response frame has a two-level index (respondent, option); "
            f"got {frame.index.nlevels} level(s).\n\nHint: build it with to_long()."
        )
        raise MultiResponseError(msg)
    respondents = frame.index.get_level_values(0)
    options_level = frame.index.get_level_values(1)
    respondent_index = respondents.unique()
    if isinstance(options_level.dtype, pd.CategoricalDtype):
        opts: list[object] = list(options_level.dtype.categories)
    else:
        opts = list(options_level.unique())
    if len(frame) != len(respondent_index) * len(opts) or frame.index.has_duplicates:
        msg = (
            "a long multi-response frame has exactly one row per respondent and option; "
            "this one has rows missing or repeated.\n\nHint: build it with to_long()."
        )
        raise MultiResponseError(msg)
    row_of = {label: i for i, label in enumerate(respondent_index)}
    column_of = {option: j for j, option in enumerate(opts)}
    ticked = np.zeros((len(respondent_index), len(opts)), dtype=np.int64)
    missing_marks: list[str | None] = [None] * len(respondent_index)
    flags = frame["ticked"].to_numpy(dtype=object)
    marks = frame["missing"].to_numpy(dtype=object)
    answered = (
        frame["answered"].to_numpy(dtype=bool)
        if "answered" in frame.columns
        else np.ones(len(frame), dtype=bool)
    )
    for respondent, option, flag, mark, said in zip(
        respondents, options_level, flags, marks, answered, strict=True
    ):
        row = row_of[respondent]
        if not _is_blank(mark):
            missing_marks[row] = str(mark)
        elif not said:
            missing_marks[row] = _BLANK
        elif flag in (0, 1):
            ticked[row, column_of[option]] = int(flag)
        else:
            msg = f"`ticked` must be 0 or 1; got {flag!r} for respondent {respondent!r}."
            raise MultiResponseError(msg)
    index = pd.Index(respondent_index, name=frame.index.names[0])
    return _Ticks(index, opts, ticked, missing_marks, frame.attrs.get("question"))


def _indicator_columns(question: MultiQuestion) -> tuple[str, ...]:
    """Return the indicator columns of `question`, whatever form it is stored in."""
    return tuple(o.column or f"{question.id}_{o.code}" for o in question.options)


def _ticks(
    data: pd.Series | pd.DataFrame,
    *,
    separator: str | None,
    options: Sequence[str] | None,
    exclusive: Sequence[str],
    question: Question | None = None,
) -> _Ticks:
    if question is not None:
        if not isinstance(question, MultiQuestion):
            raise _wrong_question(question, (MultiQuestion,), "a multi-response shape")
        options = question.labels if options is None else options
        exclusive = exclusive or question.exclusive
        if isinstance(data, pd.Series) and separator is None:
            separator = question.separator
        columns = _indicator_columns(question)
        if isinstance(data, pd.DataFrame) and set(columns) <= set(data.columns):
            data = data.loc[:, list(columns)].set_axis(list(question.labels), axis=1)
    if isinstance(data, pd.Series):
        if separator is None:
            msg = (
                "a Series is read as a delimited multi-response column, which needs "
                "`separator=`.\n\nHint: pass the separator your platform used, e.g. "
                "`separator=';'`."
            )
            raise InvalidOptionError(msg)
        ticks = _from_delimited(data, separator, options)
        where = _where(data)
    elif isinstance(data, pd.DataFrame) and set(_LONG_COLUMNS) <= set(data.columns):
        ticks = _from_long(data)
        if options is not None:
            ticks = _reorder(ticks, options)
        where = "the long frame"
    elif isinstance(data, pd.DataFrame):
        ticks = _from_indicators(data, options)
        where = "the indicator columns"
    else:
        msg = f"expected a Series or DataFrame of multi-response answers; got {type(data)}."
        raise InvalidOptionError(msg)
    # A marker is a whole cell's missing kind, never an option one can tick beside others.
    for option in ticks.options:
        _check_not_marker(option, role="option")
    _check_exclusive(ticks, exclusive, where)
    return ticks


def _reorder(ticks: _Ticks, options: Sequence[str]) -> _Ticks:
    absent = [option for option in options if option not in ticks.options]
    if absent:
        msg = f"options {absent} are not in the data; its options are {ticks.options}."
        raise InvalidOptionError(msg)
    columns = [ticks.options.index(option) for option in options]
    return _Ticks(ticks.index, list(options), ticks.ticked[:, columns], ticks.missing, ticks.name)


@overload
def to_indicators(
    data: pd.Series | pd.DataFrame,
    /,
    *,
    separator: str | None = ...,
    options: Sequence[str] | None = ...,
    exclusive: Sequence[str] = ...,
    question: None = ...,
) -> pd.DataFrame: ...
@overload
def to_indicators(
    data: pd.Series | pd.DataFrame,
    /,
    *,
    separator: str | None = ...,
    options: Sequence[str] | None = ...,
    exclusive: Sequence[str] = ...,
    question: Question,
) -> Recoded: ...
def to_indicators(
    data: pd.Series | pd.DataFrame,
    /,
    *,
    separator: str | None = None,
    options: Sequence[str] | None = None,
    exclusive: Sequence[str] = (),
    question: Question | None = None,
) -> pd.DataFrame | Recoded:
    """Return a tick-all-that-apply set as one 0/1 column per option.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        The set in any shape: a delimited text column (a Series, with `separator`), a
        long frame from :func:`to_long`, or indicator columns.
    separator : str, optional
        The separator of a delimited column, such as ``";"``.
    options : sequence of str, optional
        The options in display order. Defaults to the indicator columns, the categories
        of a long frame, or the sorted options found in a delimited column.
    exclusive : sequence of str, default ()
        Options that cannot be ticked with another, such as "None of these".
    question : tracktr.survey.MultiQuestion, optional
        The codebook question of the set: it gives the defaults of `options`,
        `exclusive` and `separator` and names the indicator columns of its data. The
        result is then a :class:`Recoded` with the question in indicator form, whose
        columns are named as the codebook names them.

    Returns
    -------
    pandas.DataFrame or Recoded
        One column per option, 1 where ticked and 0 where not; a respondent who ticked
        nothing has a row of zeros, and one with a missing answer has its marker in every
        column (a blank answer, blank cells). Same respondents, same index.

    Raises
    ------
    tracktr.InvalidOptionError
        An option named like a missing marker (in `options`, a column or a delimited
        cell): a marker stands for a whole row's missing answer, never for a tick.
    tracktr.MultiResponseError
        An exclusive option ticked with another, or indicator cells that are not 0/1.
    tracktr.UnknownValueError
        A delimited option that is not among `options`.

    See Also
    --------
    to_delimited, to_long : the other shapes; each round-trips with the others.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> funders = pd.Series(
    ...     ["Grants;Donations", "", "<not asked>", "None of these"],
    ...     index=pd.Index(["a", "b", "c", "d"], name="respondent"),
    ... )
    >>> tt.recode.to_indicators(
    ...     funders,
    ...     separator=";",
    ...     options=["Grants", "Donations", "None of these"],
    ...     exclusive=["None of these"],
    ... )
                     Grants    Donations None of these
    respondent
    a                     1            1             0
    b                     0            0             0
    c           <not asked>  <not asked>   <not asked>
    d                     0            0             1
    """
    ticks = _ticks(
        data, separator=separator, options=options, exclusive=exclusive, question=question
    )
    frame = pd.DataFrame(
        ticks.ticked, index=ticks.index, columns=pd.Index(ticks.options, dtype=object)
    )
    rows = {row: mark for row, mark in enumerate(ticks.missing) if mark is not None}
    result = _with_missing_rows(frame, rows)
    if not isinstance(question, MultiQuestion):
        return result
    new = dataclasses.replace(question, form="indicator")
    by_label: dict[object, str] = dict(
        zip(question.labels, _indicator_columns(question), strict=True)
    )
    return Recoded(result.set_axis([by_label[o] for o in ticks.options], axis=1), new)


@overload
def to_delimited(
    data: pd.Series | pd.DataFrame,
    /,
    *,
    separator: str | None = ...,
    options: Sequence[str] | None = ...,
    exclusive: Sequence[str] = ...,
    name: Hashable | None = ...,
    question: None = ...,
) -> pd.Series: ...
@overload
def to_delimited(
    data: pd.Series | pd.DataFrame,
    /,
    *,
    separator: str | None = ...,
    options: Sequence[str] | None = ...,
    exclusive: Sequence[str] = ...,
    name: Hashable | None = ...,
    question: Question,
) -> Recoded: ...
def to_delimited(
    data: pd.Series | pd.DataFrame,
    /,
    *,
    separator: str | None = None,
    options: Sequence[str] | None = None,
    exclusive: Sequence[str] = (),
    name: Hashable | None = None,
    question: Question | None = None,
) -> pd.Series | Recoded:
    """Return a tick-all-that-apply set as one text column, options joined by `separator`.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        The set in any shape: indicator columns, a long frame from :func:`to_long`, or a
        delimited column (a Series, read with the same `separator`).
    separator : str, optional
        Joins the ticked options, which are written in the order of `options`. Defaults
        to the separator of `question`, else ``";"``.
    options : sequence of str, optional
        The options in display order (see :func:`to_indicators`).
    exclusive : sequence of str, default ()
        Options that cannot be ticked with another.
    name : hashable, optional
        The name of the returned Series; defaults to the name of a delimited input, or
        the id of `question`.
    question : tracktr.survey.MultiQuestion, optional
        The codebook question of the set (see :func:`to_indicators`). The result is
        then a :class:`Recoded` with the question in delimited form.

    Returns
    -------
    pandas.Series or Recoded
        Text: the ticked options joined, ``""`` for a respondent who ticked nothing, the
        marker of a missing answer, a blank cell for a blank answer. Same index.

    Raises
    ------
    tracktr.InvalidOptionError
        An option that contains `separator`, is empty or has spaces at its ends; a
        `separator` that is empty or only whitespace. Each would write text that cannot
        be read back into the same ticks. An option named like a missing marker.
    tracktr.MultiResponseError
        An exclusive option ticked with another, or indicator cells that are not 0/1.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> ticks = pd.DataFrame(
    ...     {"Grants": [1, 0, "<skipped>"], "Donations": [1, 0, "<skipped>"]},
    ...     index=pd.Index([7, 8, 9], name="respondent"),
    ... )
    >>> tt.recode.to_delimited(ticks, separator="; ").tolist()
    ['Grants; Donations', '', '<skipped>']
    """
    if separator is None:
        separator = question.separator if isinstance(question, MultiQuestion) else ";"
    separator = _check_separator(separator, writing=True)
    ticks = _ticks(
        data,
        separator=separator if isinstance(data, pd.Series) else None,
        options=options,
        exclusive=exclusive,
        question=question,
    )
    for option in ticks.options:
        text = str(option)
        if not text.strip() or text != text.strip():
            msg = (
                f"option {option!r} is empty or has spaces at its ends, which are stripped "
                "when a delimited cell is read, so the joined text could not be read back."
                "\n\nHint: trim the option labels first."
            )
            raise InvalidOptionError(msg)
        if separator.strip() in text:
            msg = (
                f"option {option!r} contains the separator {separator!r}, so the joined "
                "text could not be read back.\n\nHint: choose another separator."
            )
            raise InvalidOptionError(msg)
    cells: list[object] = []
    for row, mark in enumerate(ticks.missing):
        if mark is not None:
            cells.append(np.nan if mark == _BLANK else mark)
        else:
            picked = [str(ticks.options[j]) for j in np.flatnonzero(ticks.ticked[row])]
            cells.append(separator.join(picked))
    label = name if name is not None else (data.name if isinstance(data, pd.Series) else None)
    if not isinstance(question, MultiQuestion):
        return pd.Series(cells, index=ticks.index, name=label, dtype=object)
    qid = question.id if name is None else str(name)
    # A delimited set has one column: its options name none (the codebook refuses them).
    unnamed = tuple(dataclasses.replace(o, column=None) for o in question.options)
    new = dataclasses.replace(
        question, id=qid, form="delimited", separator=separator, options=unnamed
    )
    return Recoded(pd.Series(cells, index=ticks.index, name=qid, dtype=object), new)


def to_long(
    data: pd.Series | pd.DataFrame,
    /,
    *,
    separator: str | None = None,
    options: Sequence[str] | None = None,
    exclusive: Sequence[str] = (),
    question: Question | None = None,
) -> pd.DataFrame:
    """Return a tick-all-that-apply set as one row per respondent and option.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        The set in any shape: indicator columns, a delimited column (a Series, with
        `separator`), or a long frame.
    separator : str, optional
        The separator of a delimited column.
    options : sequence of str, optional
        The options in display order (see :func:`to_indicators`).
    exclusive : sequence of str, default ()
        Options that cannot be ticked with another.
    question : tracktr.survey.MultiQuestion, optional
        The codebook question of the set, describing the input (see
        :func:`to_indicators`); the long shape is not a codebook form, so the result is
        a DataFrame either way.

    Returns
    -------
    pandas.DataFrame
        A two-level index (the respondent index, then ``option`` as an ordered
        categorical) and three columns: ``ticked`` (1 or 0), ``answered`` (False for a
        respondent without an answer, whose ``ticked`` is 0) and ``missing`` (the marker
        of a missing answer; ``None`` for an answer, and for a blank one). Respondents
        who ticked nothing keep their rows, all 0 and answered.

    Raises
    ------
    tracktr.InvalidOptionError
        An option named like a missing marker.
    tracktr.MultiResponseError
        An exclusive option ticked with another, or a long frame without one row per
        respondent and option.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> funders = pd.Series(["Grants", "", "<skipped>"], index=pd.Index([1, 2, 3], name="id"))
    >>> tt.recode.to_long(funders, separator=";", options=["Grants", "Donations"])
                  ticked  answered    missing
    id option
    1  Grants          1      True       None
       Donations       0      True       None
    2  Grants          0      True       None
       Donations       0      True       None
    3  Grants          0     False  <skipped>
       Donations       0     False  <skipped>
    """
    ticks = _ticks(
        data, separator=separator, options=options, exclusive=exclusive, question=question
    )
    n_options = len(ticks.options)
    respondents = np.repeat(np.arange(len(ticks.index)), n_options)
    option_codes = np.tile(np.arange(n_options), len(ticks.index))
    option_level = pd.Categorical.from_codes(
        option_codes, dtype=pd.CategoricalDtype(list(ticks.options), ordered=True)
    )
    index = pd.MultiIndex.from_arrays(
        [ticks.index.take(respondents), option_level],
        names=[ticks.index.name, "option"],
    )
    flags = ticks.ticked.reshape(-1)
    row_marks = [None if mark == _BLANK else mark for mark in ticks.missing]
    marks = np.repeat(np.array(row_marks, dtype=object), n_options)
    answered = np.repeat(np.array([m is None for m in ticks.missing], dtype=bool), n_options)
    frame = pd.DataFrame(
        {
            "ticked": flags,
            "answered": answered,
            "missing": pd.Series(marks, index=index, dtype=object),
        },
        index=index,
    )
    if ticks.name is not None:
        frame.attrs["question"] = ticks.name
    return frame

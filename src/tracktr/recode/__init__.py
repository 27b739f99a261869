"""Recodings between the response file and the published table.

Every function here is pure: it returns a new object and leaves its input unchanged. It
keeps the index (respondent ids), keeps an ordered scale ordered (a recoded ordinal is an
ordered categorical again), and passes the missing markers of :mod:`tracktr.missing`
through untouched. A value the recoding does not know raises a
:class:`~tracktr.TracktrError` that names the value and the rows holding it.

=============================  ===========================================================
function                       what it does
=============================  ===========================================================
:func:`collapse`               merge options into groups ("Improved", "No change", ...)
:func:`nets`                   add overlapping net categories beside the options
:func:`reverse`                reverse an ordinal scale, "Don't know" staying where it is
:func:`band`                   numbers to published bands, with an explicit boundary rule
:func:`to_indicators`          tick-all-that-apply answers as one 0/1 column per option
:func:`to_delimited`           ... as one text column ("A;B")
:func:`to_long`                ... as one row per respondent and option
:func:`other_specify`          code free-text "other (please specify)" answers by rules
:func:`missing`                sentinel values (-99, "N/A") to missing markers
:func:`supply_chain_status`    CRC-funded / NPS-funded / outside supply chains (trackTR)
:func:`derive`                 a new variable from other answers, by structured rules
=============================  ===========================================================

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> impact = pd.Series(["Improved a lot", "No change", "Worsened a little", "Don't know"])
>>> tt.recode.collapse(
...     impact,
...     {
...         "Improved": ["Improved a lot", "Improved a little"],
...         "No change": "No change",
...         "Worsened": ["Worsened a little", "Worsened a lot"],
...         "Don't know": "Don't know",
...     },
... ).tolist()
['Improved', 'No change', 'Worsened', "Don't know"]
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal, TypeAlias, overload

import numpy as np
import pandas as pd

from tracktr.exceptions import (
    InvalidOptionError,
    MultiResponseError,
    QuestionNotFoundError,
    UnknownValueError,
)
from tracktr.missing import MARKERS, marker_for
from tracktr.survey import (
    All,
    AnyOf,
    Band,
    Condition,
    Is,
    MultiQuestion,
    Not,
    NumericQuestion,
    Option,
    OrdinalQuestion,
    Question,
    SingleQuestion,
    Survey,
    condition_from_dict,
)
from tracktr.typing import BandClosed, MissingKind, check_choice

__all__ = [
    "CRC_FUNDED",
    "NPS_FUNDED",
    "OUTSIDE_SUPPLY_CHAINS",
    "MissingResult",
    "OtherSpecifyResult",
    "Recoded",
    "band",
    "band_labels",
    "collapse",
    "derive",
    "missing",
    "nets",
    "other_specify",
    "reverse",
    "supply_chain_status",
    "to_delimited",
    "to_indicators",
    "to_long",
]

# One option, or several, that a group (net) is made of.
Members: TypeAlias = str | Sequence[str]

Rule: TypeAlias = "str | re.Pattern[str]"

_MAX_VALUES_SHOWN = 10
_MAX_ROWS_SHOWN = 5

# ---------------------------------------------------------------------------------------
# helpers


def _is_marker(value: object) -> bool:
    return isinstance(value, str) and value in MARKERS


def _is_blank(value: object) -> bool:
    """Whether a cell is empty (None, NaN, NA): a blank cell reads as skipped."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return False


def _is_missing_cell(value: object) -> bool:
    return _is_marker(value) or _is_blank(value)


def _name(series: pd.Series) -> str:
    return "" if series.name is None else str(series.name)


def _where(series: pd.Series) -> str:
    return "the series" if series.name is None else f"question {series.name!r}"


def _rows_by_value(values: Sequence[object], index: pd.Index) -> dict[object, list[Hashable]]:
    rows: dict[object, list[Hashable]] = {}
    for value, row in zip(values, index, strict=True):
        rows.setdefault(value, []).append(row)
    return rows


def _listing(rows: Mapping[object, Sequence[Hashable]]) -> str:
    parts = []
    items = list(rows.items())
    for value, labels in items[:_MAX_VALUES_SHOWN]:
        shown = ", ".join(repr(label) for label in labels[:_MAX_ROWS_SHOWN])
        if len(labels) > _MAX_ROWS_SHOWN:
            shown += f" and {len(labels) - _MAX_ROWS_SHOWN} more"
        word = "row" if len(labels) == 1 else "rows"
        parts.append(f"{value!r} ({word} {shown})")
    if len(items) > _MAX_VALUES_SHOWN:
        parts.append(f"and {len(items) - _MAX_VALUES_SHOWN} more values")
    return "; ".join(parts)


def _unknown_values(
    series: pd.Series, mask: Sequence[bool], *, what: str, hint: str
) -> UnknownValueError:
    cells = series.to_numpy(dtype=object)
    picked = [v for v, m in zip(cells, mask, strict=True) if m]
    rows = series.index[np.asarray(mask, dtype=bool)]
    by_value = _rows_by_value(picked, rows)
    msg = f"{what} in {_where(series)}: {_listing(by_value)}.\n\nHint: {hint}"
    return UnknownValueError(
        msg, question=_name(series), values=tuple(by_value), rows=tuple(rows.tolist())
    )


def _as_series(values: object, *, name: str | None = None) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, pd.DataFrame):
        msg = (
            "expected one column (a pandas Series), got a DataFrame.\n\n"
            "Hint: select the column first, e.g. `df['income']`."
        )
        raise InvalidOptionError(msg)
    return pd.Series(list(values), name=name, dtype=object)  # type: ignore[call-overload]


def _markers_in(series: pd.Series) -> list[str]:
    """Return the missing markers in `series`, its values or categories, in MARKERS order."""
    present: set[object] = set()
    if isinstance(series.dtype, pd.CategoricalDtype):
        present.update(series.cat.categories.tolist())
    present.update(series.dropna().unique().tolist())
    return [marker for marker in MARKERS if marker in present]


def _categorical(
    cells: Sequence[object], categories: Sequence[object], series: pd.Series
) -> pd.Series:
    """Return an ordered categorical with `series`' index and name; blanks stay blank."""
    position = {category: code for code, category in enumerate(categories)}
    codes = np.fromiter(
        (-1 if _is_blank(cell) else position[cell] for cell in cells),
        dtype=np.int64,
        count=len(cells),
    )
    dtype = pd.CategoricalDtype(list(categories), ordered=True)
    values = pd.Categorical.from_codes(codes, dtype=dtype)
    return pd.Series(values, index=series.index, name=series.name)


def _as_members(group: str, members: Members) -> tuple[str, ...]:
    if isinstance(members, str):
        return (members,)
    if not isinstance(members, Iterable):
        msg = (
            f"the members of group {group!r} must be an option or a list of options; "
            f"got {members!r}."
        )
        raise InvalidOptionError(msg)
    return tuple(members)


def _check_not_marker(label: object, *, role: str) -> None:
    if _is_marker(label):
        msg = (
            f"{role} {label!r} is a missing marker; markers pass through recodings "
            "untouched.\n\nHint: use tracktr.recode.missing() to change missing kinds."
        )
        raise InvalidOptionError(msg)


def _substantive_options(series: pd.Series, options: Sequence[str] | None) -> list[object]:
    """Return the options of `series` in display order, without missing markers."""
    if options is not None:
        return list(options)
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [c for c in series.cat.categories.tolist() if not _is_marker(c)]
    found = {v for v in series.to_numpy(dtype=object) if not _is_missing_cell(v)}
    return sorted(found, key=str)


# ---------------------------------------------------------------------------------------
# codebook-aware results


@dataclass(frozen=True, slots=True)
class Recoded:
    """A recoded variable together with the codebook question that describes it.

    Every recoding that takes ``question=`` returns one, so that the new variable is
    validated, labelled and tabulated like any other: add the question to the survey
    with ``update(survey)`` (a new :class:`~tracktr.Survey`; the old one is unchanged)
    and the data to the response frame with ``assign(data)``.

    Attributes
    ----------
    data : pandas.Series or pandas.DataFrame
        The recoded answers: a Series, or the indicator columns of a multi-response set,
        named as `question` names its columns.
    question : tracktr.survey.Question
        The question describing `data`.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> survey = tt.surveys.tracktr_2015()
    >>> df = pd.DataFrame(
    ...     {"main_funding": ["Funded by a CRC", "Not funded by a CRC or the NPS"]},
    ...     index=pd.Index([1, 2], name="respondent_id"),
    ... )
    >>> status = tt.recode.supply_chain_status(
    ...     df["main_funding"], question=survey.question("main_funding")
    ... )
    >>> status
    Recoded(question='supply_chain_status', type='single', options=3, rows=2)
    >>> status.update(survey).question("supply_chain_status").labels
    ('CRC-funded', 'NPS-funded', 'Outside supply chains')
    >>> status.assign(df).columns.tolist()
    ['main_funding', 'supply_chain_status']
    """

    data: pd.Series | pd.DataFrame
    question: Question

    @property
    def series(self) -> pd.Series:
        """The recoded answers as one Series (for questions of one column)."""
        if isinstance(self.data, pd.DataFrame):
            msg = (
                f"question {self.question.id!r} occupies {len(self.data.columns)} columns; "
                "it has no single series.\n\nHint: use `.data` for its columns."
            )
            raise InvalidOptionError(msg)
        return self.data

    def assign(self, data: pd.DataFrame) -> pd.DataFrame:
        """Return a copy of `data` with the recoded column(s) added or replaced.

        Rows are matched on the index, so the response frame and the recoded series must
        share their respondent ids.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> q = tt.OrdinalQuestion("size", "Size?", options=tt.survey.options(["S", "M", "L"]))
        >>> df = pd.DataFrame({"size": ["S", "L"]})
        >>> tt.recode.reverse(df["size"], question=q, name="size_reversed").assign(df)
          size size_reversed
        0    S             S
        1    L             L
        """
        frame = self.data.to_frame() if isinstance(self.data, pd.Series) else self.data
        if not frame.index.equals(data.index):
            msg = (
                f"the recoded question {self.question.id!r} has other rows than `data`.\n\n"
                "Hint: recode columns of the same frame, without filtering rows."
            )
            raise InvalidOptionError(msg)
        out = data.copy()
        for column in frame.columns:
            out[column] = frame[column]
        return out

    def update(self, survey: Survey) -> Survey:
        """Return ``survey.with_question(question)``: a new survey describing the variable.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.surveys.tracktr_2015()
        >>> impact = tt.recode.collapse(
        ...     pd.Series(["Positive"]),
        ...     {"Positive": ["Very positive", "Positive"], "Other": ["Negative"]},
        ...     other="Other",
        ...     question=survey.question("service_user_impact"),
        ...     name="impact_net",
        ... )
        >>> len(impact.update(survey).questions) - len(survey.questions)
        1
        """
        return survey.with_question(self.question)

    def to_frame(self) -> pd.DataFrame:
        """Return the recoded data as a DataFrame (one column per data column).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> q = tt.SingleQuestion("yes", "Yes?", options=tt.survey.options(["y", "n"]))
        >>> tt.recode.collapse(pd.Series(["y"]), {"Yes": "y", "No": "n"}, question=q).to_frame()
           yes
        0  Yes
        """
        return self.data.to_frame() if isinstance(self.data, pd.Series) else self.data.copy()

    def __repr__(self) -> str:
        return (
            f"Recoded(question={self.question.id!r}, type={self.question.type!r}, "
            f"options={len(self.question.options)}, rows={len(self.data)})"
        )


def _new_options(
    labels: Sequence[str], dont_know: Iterable[str] = (), exclusive: Iterable[str] = ()
) -> tuple[Option, ...]:
    dk, ex = set(dont_know), set(exclusive)
    return tuple(
        Option(code, label, dont_know=label in dk, exclusive=label in ex)
        for code, label in enumerate(labels, start=1)
    )


def _derived(
    source: Question,
    cls: type[Question],
    *,
    id: str,
    options: tuple[Option, ...],
    note: str,
    text: str | None = None,
    **extra: Any,
) -> Question:
    """Return a question of type `cls` that keeps the wording and routing of `source`."""
    return cls(
        id=id,
        text=source.text if text is None else text,
        options=options,
        ask_if=source.ask_if,
        base=source.base,
        source=source.source,
        note=note,
        inferred=source.inferred,
        **extra,
    )


def _wrong_question(
    question: Question, allowed: tuple[type[Question], ...], what: str
) -> InvalidOptionError:
    kinds = " or ".join(repr(cls.type) for cls in allowed)
    msg = (
        f"{what} needs a question of type {kinds}; question {question.id!r} is "
        f"{question.type!r}.\n\nHint: pass the codebook question of the column being "
        "recoded, e.g. `question=survey.question('income')`."
    )
    return InvalidOptionError(msg)


def _check_labels(question: Question, labels: Iterable[object], what: str) -> None:
    absent = [label for label in labels if label not in question.labels]
    if absent:
        msg = (
            f"{what} names {absent}, which are not options of question {question.id!r}; its "
            f"options are {list(question.labels)}.\n\nHint: check the spelling against the "
            "codebook."
        )
        raise InvalidOptionError(msg)


def _named(series: pd.Series, name: str | None) -> pd.Series:
    return series if name is None else series.rename(name)


# ---------------------------------------------------------------------------------------
# collapse, nets, reverse


@overload
def collapse(
    series: pd.Series,
    mapping: Mapping[str, Members],
    /,
    *,
    other: str | None = ...,
    name: str | None = ...,
    question: None = ...,
) -> pd.Series: ...
@overload
def collapse(
    series: pd.Series,
    mapping: Mapping[str, Members],
    /,
    *,
    other: str | None = ...,
    name: str | None = ...,
    question: Question,
) -> Recoded: ...
def collapse(
    series: pd.Series,
    mapping: Mapping[str, Members],
    /,
    *,
    other: str | None = None,
    name: str | None = None,
    question: Question | None = None,
) -> pd.Series | Recoded:
    """Merge options into groups; the result is ordered in the order of `mapping`.

    Parameters
    ----------
    series : pandas.Series
        One question's answers: option labels and missing markers.
    mapping : mapping of str to str or list of str
        Each group label and the option (or options) it is made of, in the order the
        groups should be shown. An option belongs to at most one group; to show
        overlapping groups beside the options, use :func:`nets`.
    other : str, optional
        The group of every answer `mapping` does not name. Without it, such an answer
        raises. If `other` is also a key of `mapping` it keeps that place in the order,
        else it comes last.
    name : str, optional
        The name of the result (and the id of its question); defaults to the name of
        `series` (or the id of `question`).
    question : tracktr.survey.Question, optional
        The codebook question of `series` (single or ordinal). With it the function
        returns a :class:`Recoded` carrying the question of the grouped variable: same
        wording and routing, the groups as options, a group of only "don't know"
        options outside the scale, and the mapping recorded in its note.

    Returns
    -------
    pandas.Series or Recoded
        An ordered categorical with the groups as categories, then any missing markers
        of `series`; same index. Blank cells stay blank. A :class:`Recoded` with
        `question`.

    Raises
    ------
    tracktr.UnknownValueError
        An answer that no group names, and no `other`; the message names the values and
        their rows.
    tracktr.InvalidOptionError
        An option in two groups, a group named like a missing marker, or (for a
        categorical `series`) a member that is not one of its categories.

    See Also
    --------
    nets : overlapping net categories beside the original options.

    Examples
    --------
    Graph 10 of the 2016 report nets the five-point impact scale into "positive or very
    positive" and "negative or very negative":

    >>> import pandas as pd
    >>> import tracktr as tt
    >>> scale = ["Very positive", "Positive", "No impact", "Negative", "Very negative"]
    >>> answers = pd.Series(
    ...     ["Positive", "Negative", "Very negative", "No impact", "<skipped>"],
    ...     index=pd.Index([101, 102, 103, 104, 105], name="respondent"),
    ...     dtype=pd.CategoricalDtype([*scale, "<skipped>"], ordered=True),
    ... )
    >>> grouped = tt.recode.collapse(
    ...     answers,
    ...     {
    ...         "Positive or very positive": ["Very positive", "Positive"],
    ...         "No impact": "No impact",
    ...         "Negative or very negative": ["Negative", "Very negative"],
    ...     },
    ... )
    >>> grouped.tolist()
    ['Positive or very positive', 'Negative or very negative', 'Negative or very negative',
     'No impact', '<skipped>']
    >>> grouped.cat.categories.tolist()
    ['Positive or very positive', 'No impact', 'Negative or very negative', '<skipped>']
    """
    groups: dict[str, tuple[str, ...]] = {}
    group_of: dict[object, str] = {}
    for group, members in mapping.items():
        _check_not_marker(group, role="group")
        groups[group] = _as_members(group, members)
        for member in groups[group]:
            _check_not_marker(member, role="option")
            if member in group_of and group_of[member] != group:
                msg = (
                    f"option {member!r} is in two groups, {group_of[member]!r} and "
                    f"{group!r}; collapse() needs each option in one group.\n\n"
                    "Hint: use tracktr.recode.nets() to show overlapping nets beside the "
                    "options."
                )
                raise InvalidOptionError(msg)
            group_of[member] = group
    if other is not None:
        _check_not_marker(other, role="`other` group")
    if question is not None:
        if not isinstance(question, SingleQuestion | OrdinalQuestion):
            raise _wrong_question(question, (SingleQuestion, OrdinalQuestion), "collapse()")
        _check_labels(question, group_of, "the mapping")
    if isinstance(series.dtype, pd.CategoricalDtype):
        known = set(series.cat.categories.tolist())
        absent = [member for member in group_of if member not in known]
        if absent:
            listed = ", ".join(repr(m) for m in absent)
            msg = (
                f"{_where(series)} has no option {listed}; its options are "
                f"{[c for c in series.cat.categories.tolist() if not _is_marker(c)]}.\n\n"
                "Hint: check the spelling of the mapping's options."
            )
            raise InvalidOptionError(msg)
    cells = series.to_numpy(dtype=object)
    unmapped = [not _is_missing_cell(v) and v not in group_of for v in cells]
    if any(unmapped) and other is None:
        raise _unknown_values(
            series,
            unmapped,
            what="answers that no group of the mapping names",
            hint="add them to a group of the mapping, or pass `other=` to group them.",
        )
    labels = list(groups)
    if other is not None and other not in groups:
        labels.append(other)
    categories = [*labels, *_markers_in(series)]
    out = [cell if _is_missing_cell(cell) else group_of.get(cell, other) for cell in cells]
    result = _categorical(out, categories, series)
    if question is None:
        return _named(result, name)
    qid = name or question.id
    dont_know = [
        label
        for label in labels
        if groups.get(label) and all(m in question.dont_know for m in groups[label])
    ]
    parts = [f"{label} = {' + '.join(groups.get(label, ()))}" for label in labels]
    if other is not None:
        parts.append(f"{other} includes every other answer")
    new = _derived(
        question,
        type(question),
        id=qid,
        options=_new_options(labels, dont_know),
        note=f"Collapsed from {question.id}: " + "; ".join(parts) + ".",
    )
    return Recoded(result.rename(qid), new)


@overload
def nets(
    series: pd.Series,
    nets: Mapping[str, Members],
    /,
    *,
    options: Sequence[str] | None = ...,
    name: str | None = ...,
    question: None = ...,
) -> pd.DataFrame: ...
@overload
def nets(
    series: pd.Series,
    nets: Mapping[str, Members],
    /,
    *,
    options: Sequence[str] | None = ...,
    name: str | None = ...,
    question: Question,
) -> Recoded: ...
def nets(
    series: pd.Series,
    nets: Mapping[str, Members],
    /,
    *,
    options: Sequence[str] | None = None,
    name: str | None = None,
    question: Question | None = None,
) -> pd.DataFrame | Recoded:
    """Add net categories beside a question's options, as one 0/1 column each.

    A net ("any improvement") overlaps the options it is made of, so a respondent who
    answered "Improved a lot" counts in both. The result has the indicator shape of
    :func:`to_indicators` and tabulates as a multi-response set: one column per option,
    then one per net.

    Parameters
    ----------
    series : pandas.Series
        One question's answers: option labels and missing markers.
    nets : mapping of str to str or list of str
        Each net's label and the options it is made of, in display order.
    options : sequence of str, optional
        The options in display order. Defaults to the options of `question`, the
        categories of a categorical `series` (markers left out), else the sorted answers.
    name : str, optional
        With `question`, the id of the new multi-response question; defaults to the
        question's id followed by ``_nets``.
    question : tracktr.survey.Question, optional
        The codebook question of `series` (single or ordinal). The result is then a
        :class:`Recoded` whose question is a multi-response set in indicator form (the
        options, then the nets), with its columns named as the codebook names them.

    Returns
    -------
    pandas.DataFrame or Recoded
        Same index; one column per option then per net, holding 1 where the respondent's
        answer is (in) it and 0 where not. A respondent with a missing answer has its
        marker in every column (a blank answer, blank cells).

    Raises
    ------
    tracktr.UnknownValueError
        An answer that is not among `options`.
    tracktr.InvalidOptionError
        A net named like an option or marker, or made of an option that does not exist.

    See Also
    --------
    collapse : groups that partition the options, replacing them.
    to_long, to_delimited : other shapes of the same answers.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> scale = ["Improved a lot", "Improved a little", "No change", "Worsened a little"]
    >>> answers = pd.Series(
    ...     ["Improved a little", "No change", "<not asked>"],
    ...     dtype=pd.CategoricalDtype([*scale, "<not asked>"], ordered=True),
    ... )
    >>> improved = ["Improved a lot", "Improved a little"]
    >>> shown = tt.recode.nets(answers, {"Any improvement": improved})
    >>> shown.columns.tolist()
    ['Improved a lot', 'Improved a little', 'No change', 'Worsened a little', 'Any improvement']
    >>> shown["Any improvement"].tolist()
    [1, 0, '<not asked>']
    """
    if question is not None:
        if not isinstance(question, SingleQuestion | OrdinalQuestion):
            raise _wrong_question(question, (SingleQuestion, OrdinalQuestion), "nets()")
        options = question.labels if options is None else options
    opts = _substantive_options(series, options)
    members: dict[str, tuple[str, ...]] = {}
    for net, given in nets.items():
        _check_not_marker(net, role="net")
        if net in opts:
            msg = (
                f"net {net!r} has the same label as an option of {_where(series)}.\n\n"
                "Hint: give the net a label of its own, e.g. 'Any improvement'."
            )
            raise InvalidOptionError(msg)
        members[net] = _as_members(net, given)
        absent = [m for m in members[net] if m not in opts]
        if absent:
            msg = (
                f"net {net!r} names {absent}, which are not options of {_where(series)}; "
                f"its options are {opts}.\n\nHint: check the spelling of the net's options."
            )
            raise InvalidOptionError(msg)
    cells = series.to_numpy(dtype=object)
    known = set(opts)
    unknown = [not _is_missing_cell(v) and v not in known for v in cells]
    if any(unknown):
        raise _unknown_values(
            series,
            unknown,
            what="answers that are not among the options",
            hint="pass every option in `options=`, in display order.",
        )
    ticked = np.zeros((len(cells), len(opts) + len(members)), dtype=np.int64)
    position = {option: i for i, option in enumerate(opts)}
    net_members = [set(m) for m in members.values()]
    missing_rows: dict[int, str] = {}
    for row, cell in enumerate(cells):
        if _is_missing_cell(cell):
            missing_rows[row] = _BLANK if _is_blank(cell) else str(cell)
            continue
        ticked[row, position[cell]] = 1
        for j, member_set in enumerate(net_members):
            ticked[row, len(opts) + j] = int(cell in member_set)
    columns = [*opts, *members]
    frame = pd.DataFrame(ticked, index=series.index, columns=pd.Index(columns, dtype=object))
    result = _with_missing_rows(frame, missing_rows)
    if question is None:
        return result
    qid = name or f"{question.id}_nets"
    note = "; ".join(f"{net} = {' + '.join(given)}" for net, given in members.items())
    new = _derived(
        question,
        MultiQuestion,
        id=qid,
        options=_new_options([str(o) for o in columns], question.dont_know),
        note=f"The options of {question.id} with nets: {note}.",
        form="indicator",
    )
    return Recoded(result.set_axis(list(new.columns), axis=1), new)


def _with_missing_rows(frame: pd.DataFrame, missing_rows: Mapping[int, str]) -> pd.DataFrame:
    """Put each missing row's marker (or a blank) in every column, as object columns."""
    if not missing_rows:
        return frame
    data = frame.to_numpy(dtype=object, copy=True)
    for row, marker in missing_rows.items():
        data[row, :] = np.nan if marker == _BLANK else marker
    return pd.DataFrame(data, index=frame.index, columns=frame.columns, dtype=object)


@overload
def reverse(
    series: pd.Series,
    /,
    *,
    scale: Sequence[str] | None = ...,
    dont_know_options: Sequence[str] = ...,
    name: str | None = ...,
    question: None = ...,
) -> pd.Series: ...
@overload
def reverse(
    series: pd.Series,
    /,
    *,
    scale: Sequence[str] | None = ...,
    dont_know_options: Sequence[str] = ...,
    name: str | None = ...,
    question: Question,
) -> Recoded: ...
def reverse(
    series: pd.Series,
    /,
    *,
    scale: Sequence[str] | None = None,
    dont_know_options: Sequence[str] = ("Don't know",),
    name: str | None = None,
    question: Question | None = None,
) -> pd.Series | Recoded:
    """Reverse an ordinal scale, keeping options outside the scale where they are.

    Reversing changes the order of the categories, never the answers: a respondent who
    said "Improved a lot" still said it, and the scale now runs from "Worsened a lot" to
    "Improved a lot". Options outside the scale ("Don't know") and missing markers keep
    their positions, so reversing twice gives the input back.

    Parameters
    ----------
    series : pandas.Series
        An ordered categorical, or any series of labels when `scale` is given.
    scale : sequence of str, optional
        The scale in its current order, for a series that is not an ordered categorical.
    dont_know_options : sequence of str, default ("Don't know",)
        Options that are answers but outside the scale.
    name : str, optional
        The name of the result (and the id of its question).
    question : tracktr.survey.OrdinalQuestion, optional
        The codebook question of `series`; its scale and "don't know" options are used
        when `series` is not an ordered categorical, and the result is a
        :class:`Recoded` whose question lists the same options (codes kept) in the
        reversed order.

    Returns
    -------
    pandas.Series or Recoded
        An ordered categorical with the same answers and index.

    Raises
    ------
    tracktr.InvalidOptionError
        If `series` is not an ordered categorical and no `scale` is given.
    tracktr.UnknownValueError
        An answer that is neither on the scale nor outside it.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> order = ["Improved", "No change", "Worsened", "Don't know"]
    >>> answers = pd.Series(
    ...     ["Worsened", "Don't know", "Improved"],
    ...     dtype=pd.CategoricalDtype(order, ordered=True),
    ... )
    >>> flipped = tt.recode.reverse(answers)
    >>> flipped.cat.categories.tolist()
    ['Worsened', 'No change', 'Improved', "Don't know"]
    >>> flipped.tolist()
    ['Worsened', "Don't know", 'Improved']
    >>> tt.recode.reverse(flipped).equals(answers)
    True
    """
    if question is not None:
        if not isinstance(question, OrdinalQuestion):
            raise _wrong_question(question, (OrdinalQuestion,), "reverse()")
        dont_know_options = question.dont_know
        ordered = isinstance(series.dtype, pd.CategoricalDtype) and series.cat.ordered
        if scale is None and not ordered:
            scale = question.scale
    outside = set(dont_know_options) | set(MARKERS)
    if scale is not None:
        cells = series.to_numpy(dtype=object)
        allowed = set(scale) | outside
        unknown = [not _is_blank(v) and v not in allowed for v in cells]
        if any(unknown):
            raise _unknown_values(
                series,
                unknown,
                what="answers that are not on the scale",
                hint="add them to `scale=`, or to `dont_know_options=` if they are "
                "answers outside the scale.",
            )
        present = {v for v in cells if not _is_blank(v)}
        if isinstance(series.dtype, pd.CategoricalDtype):
            present |= set(series.cat.categories.tolist())
        extra = [o for o in dont_know_options if o in present and o not in scale]
        categories = [*scale, *extra, *[m for m in MARKERS if m in present]]
        series = _categorical(list(cells), categories, series)
    elif not (isinstance(series.dtype, pd.CategoricalDtype) and series.cat.ordered):
        msg = (
            f"{_where(series)} is not an ordered categorical, so its scale order is not "
            "known.\n\nHint: pass the scale in its current order, e.g. "
            "`reverse(series, scale=['Agree', 'Neither', 'Disagree'])`."
        )
        raise InvalidOptionError(msg)
    categories = series.cat.categories.tolist()
    on_scale = [i for i, c in enumerate(categories) if c not in outside]
    flipped = list(categories)
    for position, source in zip(on_scale, reversed(on_scale), strict=True):
        flipped[position] = categories[source]
    dtype = pd.CategoricalDtype(pd.Index(flipped, dtype=series.cat.categories.dtype), ordered=True)
    result = _named(series.astype(dtype), name)
    if question is None:
        return result
    if not isinstance(question, OrdinalQuestion):  # checked above; narrows the type
        raise _wrong_question(question, (OrdinalQuestion,), "reverse()")
    qid = name or question.id
    reversed_scale = iter(reversed(question.scale))
    options = tuple(
        option
        if option.dont_know
        else question.options[question.labels.index(next(reversed_scale))]
        for option in question.options
    )
    new = _derived(
        question,
        OrdinalQuestion,
        id=qid,
        options=options,
        note=f"The scale of {question.id}, reversed.",
    )
    return Recoded(result.rename(qid), new)


# ---------------------------------------------------------------------------------------
# band


def _format_edge(edge: float, prefix: str) -> str:
    sign = "-" if edge < 0 else ""
    magnitude = abs(edge)
    text = f"{int(magnitude):,}" if float(magnitude).is_integer() else f"{magnitude:,}"
    return f"{sign}{prefix}{text}"


def band_labels(
    edges: Sequence[float], /, *, closed: BandClosed = "left", prefix: str = ""
) -> list[str]:
    """Return the default labels of :func:`band`, which spell out the boundary rule.

    Parameters
    ----------
    edges : sequence of float
        The boundaries between bands, increasing.
    closed : {"left", "right"}, default "left"
        ``"left"``: a value on an edge belongs to the band above it ("Under 100,000",
        "100,000 to under 250,000", ..., "10,000,000 and over"). ``"right"``: to the band
        below it ("100,000 or less", "Over 100,000 to 250,000", ..., "Over 10,000,000").
    prefix : str, default ""
        Written before each number, e.g. ``"£"``.

    Returns
    -------
    list of str
        ``len(edges) + 1`` labels.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.recode.band_labels([100_000, 250_000], prefix="£")
    ['Under £100,000', '£100,000 to under £250,000', '£250,000 and over']
    >>> tt.recode.band_labels([100_000, 250_000], prefix="£", closed="right")
    ['£100,000 or less', 'Over £100,000 to £250,000', 'Over £250,000']
    """
    check_choice(closed, BandClosed, name="closed")
    cuts = _check_edges(edges)
    text = [_format_edge(edge, prefix) for edge in cuts]
    if closed == "left":
        middle = [f"{low} to under {high}" for low, high in pairwise(text)]
        return [f"Under {text[0]}", *middle, f"{text[-1]} and over"]
    middle = [f"Over {low} to {high}" for low, high in pairwise(text)]
    return [f"{text[0]} or less", *middle, f"Over {text[-1]}"]


def _check_edges(edges: Sequence[float]) -> list[float]:
    try:
        cuts = [float(edge) for edge in edges]
    except (TypeError, ValueError):
        msg = f"`edges` must be numbers; got {list(edges)!r}."
        raise InvalidOptionError(msg) from None
    if not cuts:
        msg = "`edges` must hold at least one boundary."
        raise InvalidOptionError(msg)
    if not all(math.isfinite(edge) for edge in cuts):
        msg = (
            f"`edges` must be finite; got {list(edges)!r}.\n\nHint: the first and last "
            "bands are open-ended already; give only the boundaries between bands."
        )
        raise InvalidOptionError(msg)
    if any(high <= low for low, high in pairwise(cuts)):
        msg = f"`edges` must be strictly increasing; got {list(edges)!r}."
        raise InvalidOptionError(msg)
    return cuts


@overload
def band(
    values: pd.Series | Sequence[float],
    edges: Sequence[float] | None = ...,
    /,
    *,
    labels: Sequence[str] | None = ...,
    closed: BandClosed = ...,
    prefix: str = ...,
    name: str | None = ...,
    question: None = ...,
) -> pd.Series: ...
@overload
def band(
    values: pd.Series | Sequence[float],
    edges: Sequence[float] | None = ...,
    /,
    *,
    labels: Sequence[str] | None = ...,
    closed: BandClosed = ...,
    prefix: str = ...,
    name: str | None = ...,
    question: Question,
) -> Recoded: ...
def band(
    values: pd.Series | Sequence[float],
    edges: Sequence[float] | None = None,
    /,
    *,
    labels: Sequence[str] | None = None,
    closed: BandClosed = "left",
    prefix: str = "",
    name: str | None = None,
    question: Question | None = None,
) -> pd.Series | Recoded:
    """Put numbers into published bands, with an explicit rule for values on an edge.

    Parameters
    ----------
    values : pandas.Series or sequence of numbers
        The numbers; missing markers and blank cells pass through.
    edges : sequence of float, optional
        The boundaries between bands, strictly increasing. ``k`` edges make ``k + 1``
        bands: the first open below, the last open above. Defaults to the bands of
        `question`.
    labels : sequence of str, optional
        One label per band. Defaults to :func:`band_labels`, which state the rule.
    closed : {"left", "right"}, default "left"
        Which side of each band includes its edge. The default follows the labels of the
        2016 report's Table 3: "Under £100,000" excludes £100,000, so £100,000 falls in
        "£100,000 - £250,000" (bands ``[low, high)``). With ``"right"`` a value on an
        edge falls in the band below (bands ``(low, high]``).
    prefix : str, default ""
        Written before each number of the default labels, e.g. ``"£"``.
    name : str, optional
        The name of the result (and the id of its question).
    question : tracktr.survey.NumericQuestion, optional
        The codebook question of `values`. Without `edges`, its published bands
        (``min <= value < max``, so ``closed="left"``) give the edges and labels. The
        result is then a :class:`Recoded` whose question is ordinal, with the bands as
        options.

    Returns
    -------
    pandas.Series or Recoded
        An ordered categorical of the band labels (then any missing markers), with the
        index and name of `values`.

    Raises
    ------
    tracktr.UnknownValueError
        A value that is not a number; the message names the values and rows.
    tracktr.InvalidOptionError
        Edges that are not increasing or not finite; labels of the wrong length.
    tracktr.UnknownMethodError
        `closed` is neither ``"left"`` nor ``"right"``.

    Notes
    -----
    With ``closed="left"`` a value ``x`` falls in band ``i`` when
    ``edges[i - 1] <= x < edges[i]``; with ``"right"`` when ``edges[i - 1] < x <= edges[i]``.
    The report's labels leave the top edge open to the same question: under the default
    rule exactly £10m is in "Over £10m". Its text also says "£100,000 or less" of the
    row "Under £100,000"; the labels, not the text, decide the default here.

    Examples
    --------
    Table 3 of the 2016 report bands annual income:

    >>> import pandas as pd
    >>> import tracktr as tt
    >>> income = pd.Series([99_999, 100_000, 250_000, 12_000_000])
    >>> tt.recode.band(income, [100_000, 250_000, 500_000], prefix="£").tolist()
    ['Under £100,000', '£100,000 to under £250,000', '£250,000 to under £500,000',
     '£500,000 and over']
    >>> tt.recode.band(income, [100_000, 250_000, 500_000], prefix="£", closed="right").tolist()
    ['£100,000 or less', '£100,000 or less', 'Over £100,000 to £250,000', 'Over £500,000']
    """
    check_choice(closed, BandClosed, name="closed")
    if question is not None and not isinstance(question, NumericQuestion):
        raise _wrong_question(question, (NumericQuestion,), "band()")
    if edges is None:
        if question is None or not question.bands:
            msg = (
                "band() needs `edges`, or a numeric `question` with published bands.\n\n"
                "Hint: pass the boundaries between bands, e.g. `[100_000, 250_000]`."
            )
            raise InvalidOptionError(msg)
        edges, codebook_labels = _edges_of(question.bands, closed, question.id)
        labels = codebook_labels if labels is None else labels
    cuts = _check_edges(edges)
    names = _band_names(cuts, labels, closed=closed, prefix=prefix)
    series = _as_series(values)
    cells = series.to_numpy(dtype=object)
    numbers = np.full(len(cells), np.nan)
    bad = []
    for i, cell in enumerate(cells):
        if _is_missing_cell(cell):
            bad.append(False)
            continue
        is_number = isinstance(cell, int | float | np.integer | np.floating) and not isinstance(
            cell, bool | np.bool_
        )
        bad.append(not is_number)
        if is_number:
            numbers[i] = float(cell)
    if any(bad):
        raise _unknown_values(
            series,
            bad,
            what="values that are not numbers",
            hint="convert the column with pandas.to_numeric(), and sentinel codes such as "
            "-99 with tracktr.recode.missing(), first.",
        )
    side: Literal["left", "right"] = "right" if closed == "left" else "left"
    positions = np.searchsorted(np.asarray(cuts), numbers, side=side)
    out: list[object] = [
        cell if _is_missing_cell(cell) else names[int(position)]
        for cell, position in zip(cells, positions, strict=True)
    ]
    result = _named(_categorical(out, [*names, *_markers_in(series)], series), name)
    if question is None:
        return result
    qid = name or question.id
    rule = "a value on an edge in the band above" if closed == "left" else "in the band below"
    new = _derived(
        question,
        OrdinalQuestion,
        id=qid,
        options=_new_options(names),
        note=f"Banded from {question.id} at {cuts} ({rule}).",
    )
    return Recoded(result.rename(qid), new)


def _band_names(
    cuts: list[float], labels: Sequence[str] | None, *, closed: BandClosed, prefix: str
) -> list[str]:
    if labels is None:
        return band_labels(cuts, closed=closed, prefix=prefix)
    names = list(labels)
    if len(names) != len(cuts) + 1:
        msg = (
            f"{len(cuts)} edges make {len(cuts) + 1} bands, but {len(names)} labels were "
            "given.\n\nHint: give one label per band, the open-ended first and last bands "
            "included."
        )
        raise InvalidOptionError(msg)
    if len(set(names)) != len(names):
        msg = f"band labels must be distinct; got {names!r}."
        raise InvalidOptionError(msg)
    for label in names:
        _check_not_marker(label, role="band label")
    return names


def _edges_of(bands: Sequence[Band], closed: BandClosed, qid: str) -> tuple[list[float], list[str]]:
    """Return the edges and labels of a codebook's contiguous bands."""
    if closed != "left":
        msg = (
            f"the bands of question {qid!r} include their lower edge (min <= value < max); "
            f"`closed={closed!r}` contradicts them.\n\nHint: leave `closed` at 'left', or "
            "pass `edges=` of your own."
        )
        raise InvalidOptionError(msg)
    edges: list[float] = []
    for below, above in pairwise(bands):
        if below.max is None or above.min is None or below.max != above.min:
            msg = (
                f"the bands {below.label!r} and {above.label!r} of question {qid!r} do not "
                "meet at one edge.\n\nHint: pass `edges=` and `labels=` explicitly."
            )
            raise InvalidOptionError(msg)
        edges.append(below.max)
    return edges, [b.label for b in bands]


# ---------------------------------------------------------------------------------------
# multi-response shapes

_LONG_COLUMNS = ("ticked", "missing")
_BLANK = ""  # a row whose cells are all blank: kept blank, never given a missing kind


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
            rows = ticks.index[together].tolist()
            shown = ", ".join(repr(r) for r in rows[:_MAX_ROWS_SHOWN])
            if len(rows) > _MAX_ROWS_SHOWN:
                shown += f" and {len(rows) - _MAX_ROWS_SHOWN} more"
            msg = (
                f"exclusive option {option!r} of {where} is ticked together with other "
                f"options in rows {shown}.\n\nHint: an exclusive option such as 'None of "
                "these' cannot be ticked with another; correct those rows at the source."
            )
            raise MultiResponseError(msg)


def _split_delimited(
    series: pd.Series, separator: str
) -> tuple[list[list[str] | None], list[str | None]]:
    """Return each cell's ticked options (None if missing) and each row's marker."""
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
    ticked = np.zeros((len(split), len(opts)), dtype=np.int64)
    for row, parts in enumerate(split):
        for part in parts or ():
            if part not in position:
                unknown_rows.setdefault(part, []).append(series.index[row])
            else:
                ticked[row, position[part]] = 1
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
        An option that contains `separator`.
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
    ticks = _ticks(
        data,
        separator=separator if isinstance(data, pd.Series) else None,
        options=options,
        exclusive=exclusive,
        question=question,
    )
    for option in ticks.options:
        if separator.strip() and separator.strip() in str(option):
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
    new = dataclasses.replace(question, id=qid, form="delimited", separator=separator)
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


# ---------------------------------------------------------------------------------------
# other (please specify)


@dataclass(frozen=True, slots=True)
class OtherSpecifyResult:
    """Free-text answers coded by rules, with the answers no rule matched.

    Attributes
    ----------
    series : pandas.Series
        The answers with every matched one replaced by its code; unmatched answers and
        missing cells as they were.
    answers : pandas.Series
        The answers as written, for the rows that answered (missing cells left out).
    codes : pandas.Series
        The code of each answer, ``None`` where no rule matched; aligned with `answers`.
    rules : pandas.Series
        The rule that matched each answer, ``None`` where none did.
    question : tracktr.survey.Question or None
        With ``question=``, the single-choice question of the coded variable, to add to
        the survey with ``survey.with_question(result.question)``.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> result = tt.recode.other_specify(pd.Series(["Big Lottery grant"]), {"Lottery": "lottery"})
    >>> result
    OtherSpecifyResult(question=None, matched=1, unmatched=0)
    """

    series: pd.Series
    answers: pd.Series
    codes: pd.Series
    rules: pd.Series
    question: Question | None = None

    @property
    def matched(self) -> pd.Series:
        """Whether a rule matched each answer (boolean, aligned with `answers`)."""
        return self.codes.notna().rename("matched")

    @property
    def unmatched(self) -> pd.Series:
        """The answers no rule matched, as written, with their rows."""
        return self.answers[self.codes.isna().to_numpy()]

    def to_frame(self) -> pd.DataFrame:
        """Return one row per answer: ``answer``, ``code``, ``rule`` and ``matched``.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> answers = pd.Series(["Big Lottery grant", "rent"])
        >>> tt.recode.other_specify(answers, {"Lottery": "lottery"}).to_frame()
                      answer     code       rule  matched
        0  Big Lottery grant  Lottery  'lottery'     True
        1               rent     None       None    False
        """
        return pd.DataFrame(
            {
                "answer": self.answers.rename(None),
                "code": self.codes,
                "rule": self.rules,
                "matched": self.matched,
            },
            index=self.answers.index,
        )

    def __repr__(self) -> str:
        n_matched = int(self.matched.sum())
        return (
            f"OtherSpecifyResult(question={self.series.name!r}, matched={n_matched}, "
            f"unmatched={len(self.answers) - n_matched})"
        )


def _compile_rules(
    rules: Mapping[str, Rule | Sequence[Rule]],
) -> list[tuple[str, str, re.Pattern[str]]]:
    """Return (code, rule as written, case-insensitive pattern) for every rule, in order."""
    compiled: list[tuple[str, str, re.Pattern[str]]] = []
    for code, given in rules.items():
        listed = [given] if isinstance(given, str | re.Pattern) else list(given)
        for rule in listed:
            if isinstance(rule, re.Pattern):
                pattern = re.compile(rule.pattern, rule.flags | re.IGNORECASE)
                compiled.append((code, f"re.compile({rule.pattern!r})", pattern))
            elif isinstance(rule, str) and rule.strip():
                words = [re.escape(word) for word in rule.split()]
                pattern = re.compile(r"\s+".join(words), re.IGNORECASE)
                compiled.append((code, repr(rule), pattern))
            else:
                msg = (
                    f"rule {rule!r} for code {code!r} must be a non-empty string or a "
                    "compiled regular expression (re.compile)."
                )
                raise InvalidOptionError(msg)
    return compiled


def other_specify(
    series: pd.Series,
    rules: Mapping[str, Rule | Sequence[Rule]],
    /,
    *,
    other: str | None = None,
    name: str | None = None,
    question: Question | None = None,
) -> OtherSpecifyResult:
    r"""Code free-text "other (please specify)" answers with literal or regex rules.

    Parameters
    ----------
    series : pandas.Series
        Free-text answers; missing markers and blank cells pass through.
    rules : mapping of str to rule or list of rules
        Each code and the rules that give it, tried in order; the first code with a
        matching rule wins. A rule is a string, matched case-insensitively anywhere in
        the answer (runs of whitespace count as one space), or a compiled regular
        expression (``re.compile(...)``), searched case-insensitively.
    other : str, optional
        The code of every answer no rule matches. Without it unmatched answers stay as
        written; with it the recoded series is an ordered categorical of the codes
        (then `other`, then the missing markers). Unmatched answers are reported either
        way.
    name : str, optional
        The name of the recoded series (and the id of its question).
    question : tracktr.survey.Question, optional
        The codebook question of `series` (usually a text question). The result then
        carries, as ``.question``, a single-choice question with the codes as options
        (then `other`); its id defaults to the question's id followed by ``_coded``.

    Returns
    -------
    OtherSpecifyResult
        The recoded series and a report: each answer's code and rule, and the answers no
        rule matched (as written).

    Raises
    ------
    tracktr.InvalidOptionError
        An empty rule, or a rule that is neither a string nor a compiled pattern.
    tracktr.UnknownValueError
        With `question` but no `other`, answers that no rule matched (a closed question
        needs a code for every answer); the message names them and their rows.

    Examples
    --------
    >>> import re
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> other = pd.Series(
    ...     ["Big Lottery", "Police and Crime Commissioner", "rent from tenants", "<skipped>"],
    ...     index=pd.Index([11, 12, 13, 14], name="respondent"),
    ... )
    >>> result = tt.recode.other_specify(
    ...     other,
    ...     {
    ...         "Charitable trusts and foundations": ["lottery", "trust"],
    ...         "Police and Crime Commissioner": re.compile(r"\bPCC\b|police and crime"),
    ...     },
    ... )
    >>> result.series.tolist()
    ['Charitable trusts and foundations', 'Police and Crime Commissioner',
     'rent from tenants', '<skipped>']
    >>> result.unmatched.tolist()
    ['rent from tenants']
    """
    compiled = _compile_rules(rules)
    cells = series.to_numpy(dtype=object)
    out = list(cells)
    answered: list[Hashable] = []
    codes: list[str | None] = []
    used: list[str | None] = []
    for i, cell in enumerate(cells):
        if _is_missing_cell(cell):
            continue
        text = str(cell)
        answered.append(series.index[i])
        hit = next(((c, r) for c, r, p in compiled if p.search(text)), None)
        codes.append(None if hit is None else hit[0])
        used.append(None if hit is None else hit[1])
        if hit is not None:
            out[i] = hit[0]
    rows = pd.Index(answered, name=series.index.name)
    answers = pd.Series(
        [cell for cell in cells if not _is_missing_cell(cell)],
        index=rows,
        name=series.name,
        dtype=object,
    )
    code_series = pd.Series(codes, index=rows, name="code", dtype=object)
    labels = [*rules, *([other] if other is not None and other not in rules else [])]
    qid = None if question is None else (name or f"{question.id}_coded")
    label = qid or name or series.name
    if other is not None:
        coded = dict(zip(answered, codes, strict=True))
        closed = [
            cell if _is_missing_cell(cell) else (coded[row] or other)
            for row, cell in zip(series.index, cells, strict=True)
        ]
        recoded = _categorical(closed, [*labels, *_markers_in(series)], series)
        recoded.name = label
    else:
        recoded = pd.Series(out, index=series.index, name=label, dtype=object)
        if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
            recoded = recoded.astype(series.dtype)
    new = None
    if question is not None and qid is not None:
        if other is None and code_series.isna().any():
            raise _unknown_values(
                answers,
                [code is None for code in codes],
                what="answers that no rule matches",
                hint="a coded question needs a code for every answer: add rules, or pass "
                "`other=` to code the rest.",
            )
        new = _coded_question(question, qid, labels, compiled, other)
    return OtherSpecifyResult(
        series=recoded,
        answers=answers,
        codes=code_series,
        rules=pd.Series(used, index=rows, name="rule", dtype=object),
        question=new,
    )


def _coded_question(
    question: Question,
    qid: str,
    labels: Sequence[str],
    compiled: Sequence[tuple[str, str, re.Pattern[str]]],
    other: str | None,
) -> Question:
    written: dict[str, list[str]] = {}
    for code, rule, _ in compiled:
        written.setdefault(code, []).append(rule)
    note = "; ".join(f"{code} = {', '.join(listed)}" for code, listed in written.items())
    if other is not None:
        note += f"; {other} otherwise"
    return _derived(
        question,
        SingleQuestion,
        id=qid,
        options=_new_options(labels),
        note=f"Coded from the text of {question.id} by rules: {note}.",
    )


# ---------------------------------------------------------------------------------------
# missing


@dataclass(frozen=True, slots=True)
class MissingResult:
    """Sentinel values turned into missing markers, with a record of every change.

    Attributes
    ----------
    series : pandas.Series
        The recoded series.
    changes : pandas.DataFrame
        One row per changed cell, indexed by row label: ``value`` (the sentinel found),
        ``kind`` (the missing kind) and ``marker``.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> tt.recode.missing(pd.Series([5, -99], name="staff"), {-99: "refused"})
    MissingResult(question='staff', changed=1: refused 1)
    """

    series: pd.Series
    changes: pd.DataFrame

    @property
    def counts(self) -> dict[str, int]:
        """How many cells became each missing kind."""
        return {str(k): int(v) for k, v in self.changes["kind"].value_counts(sort=False).items()}

    def to_frame(self) -> pd.DataFrame:
        """Return the changes: one row per changed cell.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> tt.recode.missing(pd.Series([5, -99]), {-99: "refused"}).to_frame()
           value     kind     marker
        1    -99  refused  <refused>
        """
        return self.changes.copy()

    def __repr__(self) -> str:
        detail = ", ".join(f"{kind} {n}" for kind, n in self.counts.items())
        changed = f"{len(self.changes)}: {detail}" if detail else "0"
        return f"MissingResult(question={self.series.name!r}, changed={changed})"


def missing(series: pd.Series, sentinels: Mapping[Any, MissingKind], /) -> MissingResult:
    """Turn sentinel values (-99, "N/A", "") into the missing markers of DESIGN.md.

    Parameters
    ----------
    series : pandas.Series
        One question's cells.
    sentinels : mapping of value to missing kind
        Each sentinel value and its kind: ``"skipped"``, ``"not_asked"`` or
        ``"refused"``. Values match exactly (``-99`` matches ``-99`` and ``-99.0`` but not
        the text ``"-99"``); ``float("nan")`` or ``None`` as a key matches blank cells.

    Returns
    -------
    MissingResult
        The recoded series (markers in place of the sentinels; a categorical keeps its
        order, the sentinel categories replaced by the markers at the end; numbers with
        markers become an object column) and the list of changes.

    Raises
    ------
    tracktr.UnknownMethodError
        A kind that is not a missing kind; the message lists them.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> income = pd.Series([120_000, -99, -98, 40_000], name="income")
    >>> result = tt.recode.missing(income, {-99: "refused", -98: "not_asked"})
    >>> result.series.tolist()
    [120000, '<refused>', '<not asked>', 40000]
    >>> result
    MissingResult(question='income', changed=2: refused 1, not_asked 1)
    """
    markers: list[tuple[Any, MissingKind, str]] = []
    for value, kind in sentinels.items():
        check_choice(kind, MissingKind, name="kind")
        markers.append((value, kind, marker_for(kind)))
    cells = series.to_numpy(dtype=object)
    out = list(cells)
    changed_rows: list[int] = []
    found: list[object] = []
    kinds: list[str] = []
    marks: list[str] = []
    for i, cell in enumerate(cells):
        if _is_marker(cell):
            continue
        for value, kind, marker in markers:
            hit = _is_blank(cell) if _is_blank(value) else _same(cell, value)
            if hit:
                out[i] = marker
                changed_rows.append(i)
                found.append(cell)
                kinds.append(kind)
                marks.append(marker)
                break
    changes = pd.DataFrame(
        {
            "value": pd.Series(found, dtype=object),
            "kind": pd.Series(kinds, dtype=object),
            "marker": pd.Series(marks, dtype=object),
        }
    )
    changes.index = series.index.take(changed_rows)
    return MissingResult(series=_rebuild(series, out, markers), changes=changes)


def _same(cell: object, value: object) -> bool:
    if _is_blank(cell) or isinstance(cell, bool | np.bool_) != isinstance(value, bool):
        return False
    if isinstance(cell, str) != isinstance(value, str):
        return False
    try:
        return bool(cell == value)
    except (TypeError, ValueError):
        return False


def _rebuild(
    series: pd.Series, cells: list[object], markers: Sequence[tuple[Any, MissingKind, str]]
) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        # Sentinel categories give way to the markers of their kinds, at the end, whether
        # or not this data holds them, so that every chunk recodes to the same dtype.
        kept = [
            category
            for category in series.cat.categories.tolist()
            if not any(_same(category, value) for value, _, _ in markers)
        ]
        used = {marker for _, _, marker in markers}
        added = [m for m in MARKERS if m in used and m not in kept]
        dtype = pd.CategoricalDtype([*kept, *added], ordered=series.cat.ordered)
        return pd.Series(cells, index=series.index, name=series.name, dtype=object).astype(dtype)
    out = pd.Series(cells, index=series.index, name=series.name, dtype=object)
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return out.astype(series.dtype)
    return out


# ---------------------------------------------------------------------------------------
# derived variables

CRC_FUNDED = "CRC-funded"
"""Supply-chain status of an organisation mainly funded by a Community Rehabilitation Company."""
NPS_FUNDED = "NPS-funded"
"""Supply-chain status of an organisation mainly funded by the National Probation Service."""
OUTSIDE_SUPPLY_CHAINS = "Outside supply chains"
"""Supply-chain status of an organisation funded by neither (section 2.6 of the report)."""


@overload
def supply_chain_status(
    main_funding: pd.Series,
    /,
    *,
    crc: Sequence[str] = ...,
    nps: Sequence[str] = ...,
    outside: Sequence[str] = ...,
    name: str = ...,
    question: None = ...,
) -> pd.Series: ...
@overload
def supply_chain_status(
    main_funding: pd.Series,
    /,
    *,
    crc: Sequence[str] = ...,
    nps: Sequence[str] = ...,
    outside: Sequence[str] = ...,
    name: str = ...,
    question: Question,
) -> Recoded: ...
def supply_chain_status(
    main_funding: pd.Series,
    /,
    *,
    crc: Sequence[str] = ("Funded by a CRC",),
    nps: Sequence[str] = ("Funded by the NPS",),
    outside: Sequence[str] = ("Not funded by a CRC or the NPS",),
    name: str = "supply_chain_status",
    question: Question | None = None,
) -> pd.Series | Recoded:
    """Derive supply-chain status from the main funding question of the 2015 survey.

    Graph 1 of the 2016 report asks "What is the main way in which you are funded to
    support the rehabilitation of offenders?" (n=135). The report's sections split the
    respondents by the answer: CRC-funded (in a supply chain; n=34 in Table 3),
    NPS-funded (fewer than 1%), and "outside supply chains" (section 2.6; 100
    organisations).

    Parameters
    ----------
    main_funding : pandas.Series
        Answers to the main funding question.
    crc, nps, outside : sequence of str
        The answer options that mean each status. The defaults are the option labels of
        the trackTR 2015 codebook (:func:`tracktr.surveys.tracktr_2015`); pass your own
        for another wording.
    name : str, default "supply_chain_status"
        The name of the result and the id of its question.
    question : tracktr.survey.Question, optional
        The codebook question of `main_funding`; with it the result is a
        :class:`Recoded` whose question (a single-choice question with the three
        statuses) can be added to the survey.

    Returns
    -------
    pandas.Series or Recoded
        An ordered categorical: ``"CRC-funded"``, ``"NPS-funded"``, ``"Outside supply
        chains"``, then any missing markers, which pass through; same index.

    Raises
    ------
    tracktr.UnknownValueError
        An answer that is in none of `crc`, `nps` and `outside`.

    See Also
    --------
    collapse : the general form.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> funding = pd.Series(
    ...     ["Funded by a CRC", "Not funded by a CRC or the NPS", "<skipped>"],
    ...     index=pd.Index([1, 2, 3], name="respondent_id"),
    ... )
    >>> tt.recode.supply_chain_status(funding).tolist()
    ['CRC-funded', 'Outside supply chains', '<skipped>']
    """
    mapping = {CRC_FUNDED: list(crc), NPS_FUNDED: list(nps), OUTSIDE_SUPPLY_CHAINS: list(outside)}
    status = collapse(main_funding, mapping, name=name)
    if question is None:
        return status
    _check_labels(
        question, [m for members in mapping.values() for m in members], "`crc`, `nps` or `outside`"
    )
    new = _derived(
        question,
        SingleQuestion,
        id=name,
        options=_new_options(list(mapping)),
        text=f"Supply-chain status, derived from: {question.text}",
        note=f"Derived from {question.id}: "
        + "; ".join(f"{label} = {' + '.join(members)}" for label, members in mapping.items())
        + ".",
    )
    return Recoded(status, new)


def _condition(rule: Condition | Mapping[str, Any], label: str) -> Condition:
    if isinstance(rule, Is | All | AnyOf | Not):
        return rule
    return condition_from_dict(rule, where=f"rule {label!r}")


def _holds(condition: Condition, data: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Return, per row, whether `condition` holds on the labels in `data`."""
    if isinstance(condition, Is):
        if condition.question not in data.columns:
            msg = (
                f"No column {condition.question!r} in the data; the rules read it.\n\n"
                f"Hint: the columns are {list(data.columns)}."
            )
            raise QuestionNotFoundError(msg)
        column = data[condition.question].astype(object)
        return column.isin(list(condition.values)).to_numpy(dtype=bool)
    if isinstance(condition, Not):
        return ~_holds(condition.condition, data)
    parts = [_holds(part, data) for part in condition.conditions]
    if not parts:
        return np.full(len(data), isinstance(condition, All))
    reduce = np.logical_and if isinstance(condition, All) else np.logical_or
    return np.asarray(reduce.reduce(parts), dtype=bool)


@overload
def derive(
    data: pd.DataFrame,
    rules: Mapping[str, Condition | Mapping[str, Any]],
    /,
    *,
    name: str,
    default: str | None = ...,
    survey: None = ...,
    text: str | None = ...,
) -> pd.Series: ...
@overload
def derive(
    data: pd.DataFrame,
    rules: Mapping[str, Condition | Mapping[str, Any]],
    /,
    *,
    name: str,
    default: str | None = ...,
    survey: Survey,
    text: str | None = ...,
) -> Recoded: ...
def derive(
    data: pd.DataFrame,
    rules: Mapping[str, Condition | Mapping[str, Any]],
    /,
    *,
    name: str,
    default: str | None = None,
    survey: Survey | None = None,
    text: str | None = None,
) -> pd.Series | Recoded:
    """Derive a new variable from other answers, by structured rules; the first match wins.

    Rules are conditions in the codebook's routing language, never code: ``{"question":
    "main_funding", "in": ["Funded by a CRC"]}``, combined with ``{"all": [...]}``,
    ``{"any": [...]}`` and ``{"not": ...}`` (or the objects :class:`~tracktr.survey.Is`,
    :class:`~tracktr.survey.All`, :class:`~tracktr.survey.AnyOf`,
    :class:`~tracktr.survey.Not`).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; the columns the rules read hold option labels.
    rules : mapping of str to condition
        Each label of the new variable and the condition that gives it, in display order.
    name : str
        The name of the new variable (and the id of its question).
    default : str, optional
        The label of a respondent no rule matches. Without it such a respondent raises,
        unless one of the columns the rules read holds a missing marker for them: then
        the first such marker (in the order the rules read the columns) passes through,
        and a blank cell stays blank.
    survey : Survey, optional
        The codebook of `data`. The rules are checked against it (every question and
        option must exist) and the result is a :class:`Recoded` with a single-choice
        question describing the new variable, its rules recorded in the note.
    text : str, optional
        The wording of that question; defaults to a description of the rules.

    Returns
    -------
    pandas.Series or Recoded
        An ordered categorical: the labels of `rules` (then `default`), then any missing
        markers; same index as `data`.

    Raises
    ------
    tracktr.UnknownValueError
        Respondents that no rule matches, with no `default` and no missing answer; the
        message names their rows and answers.
    tracktr.QuestionNotFoundError
        A rule that reads a column `data` does not have.
    tracktr.CodebookError
        A malformed rule.

    See Also
    --------
    supply_chain_status : one derivation, ready made.

    Examples
    --------
    Section 2.6 of the 2016 report compares CRC-funded organisations with those outside
    supply chains that still take referrals from CRCs:

    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame(
    ...     {
    ...         "main_funding": ["Funded by a CRC", "Not funded by a CRC or the NPS",
    ...                          "Not funded by a CRC or the NPS", "<skipped>"],
    ...         "crc_referrals": ["<not asked>", "Yes", "No", "<not asked>"],
    ...     },
    ...     index=pd.Index([1, 2, 3, 4], name="respondent_id"),
    ... )
    >>> tt.recode.derive(
    ...     df,
    ...     {
    ...         "In a CRC supply chain": {"question": "main_funding", "in": ["Funded by a CRC"]},
    ...         "Outside, CRC referrals": {"all": [
    ...             {"question": "main_funding", "in": ["Not funded by a CRC or the NPS"]},
    ...             {"question": "crc_referrals", "in": ["Yes"]},
    ...         ]},
    ...     },
    ...     name="crc_link",
    ...     default="Outside, no CRC referrals",
    ... ).tolist()
    ['In a CRC supply chain', 'Outside, CRC referrals', 'Outside, no CRC referrals',
     'Outside, no CRC referrals']

    A respondent no rule matches takes `default`, even where an answer is missing; leave
    `default` out to pass missing answers through instead:

    >>> tt.recode.derive(
    ...     df,
    ...     {"CRC-funded": {"question": "main_funding", "in": ["Funded by a CRC"]},
    ...      "Other": {"question": "main_funding", "in": ["Not funded by a CRC or the NPS"]}},
    ...     name="funding",
    ... ).tolist()
    ['CRC-funded', 'Other', 'Other', '<skipped>']
    """
    conditions = {label: _condition(rule, label) for label, rule in rules.items()}
    for label in [*conditions, *([] if default is None else [default])]:
        _check_not_marker(label, role="label")
    read = list(dict.fromkeys(q for c in conditions.values() for q in c.questions()))
    if survey is not None:
        for label, condition in conditions.items():
            _check_rule(condition, survey, label)
    n = len(data)
    out: list[object] = [None] * n
    unmatched = np.ones(n, dtype=bool)
    for label, condition in conditions.items():
        hit = _holds(condition, data) & unmatched
        for row in np.flatnonzero(hit):
            out[row] = label
        unmatched &= ~hit
    markers_seen = _fill_unmatched(data, out, unmatched, read, default=default, name=name)
    labels = list(conditions)
    if default is not None and default not in labels:
        labels.append(default)
    frame_markers = [m for m in MARKERS if m in markers_seen]
    template = pd.Series(np.empty(n, dtype=object), index=data.index, name=name)
    result = _categorical(out, [*labels, *frame_markers], template)
    if survey is None:
        return result
    described = "; ".join(f"{label} if {c.describe()}" for label, c in conditions.items())
    if default is not None:
        described += f"; {default} otherwise"
    question = SingleQuestion(
        id=name,
        text=text or f"Derived from {', '.join(read)}",
        options=_new_options(labels),
        note=f"Derived: {described}.",
    )
    return Recoded(result, question)


def _fill_unmatched(
    data: pd.DataFrame,
    out: list[object],
    unmatched: np.ndarray[Any, np.dtype[np.bool_]],
    read: Sequence[str],
    *,
    default: str | None,
    name: str,
) -> set[str]:
    """Give unmatched rows `default` or their first missing marker; return the markers."""
    markers_seen: set[str] = set()
    problems = np.zeros(len(out), dtype=bool)
    for row in np.flatnonzero(unmatched):
        if default is not None:
            out[row] = default
            continue
        cells = [data[q].iloc[row] for q in read if q in data.columns]
        found = [cell for cell in cells if _is_missing_cell(cell)]
        if not found:
            problems[row] = True
        elif _is_marker(found[0]):
            out[row] = found[0]
            markers_seen.add(str(found[0]))
        else:
            out[row] = np.nan
    if problems.any():
        answers = pd.Series(
            [tuple(data[q].iloc[row] for q in read) for row in range(len(out))],
            index=data.index,
            name=name,
            dtype=object,
        )
        raise _unknown_values(
            answers,
            list(problems),
            what=f"answers to {list(read)} that no rule matches",
            hint="add a rule for them, or pass `default=`.",
        )
    return markers_seen


def _check_rule(condition: Condition, survey: Survey, label: str) -> None:
    if isinstance(condition, Is):
        question = survey.question(condition.question)
        _check_labels(question, condition.values, f"the rule for {label!r}")
    elif isinstance(condition, Not):
        _check_rule(condition.condition, survey, label)
    else:
        for part in condition.conditions:
            _check_rule(part, survey, label)

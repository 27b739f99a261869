"""Recodings of a scale's options: groups (:func:`collapse`), nets and reversal."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import InvalidOptionError
from tracktr.missing import MARKERS, is_dont_know
from tracktr.recode._common import (
    _BLANK,
    Members,
    Recoded,
    _as_members,
    _categorical,
    _check_labels,
    _check_new_label,
    _check_not_marker,
    _check_one_question,
    _check_printed_apart,
    _derived,
    _is_blank,
    _is_marker,
    _is_missing_cell,
    _markers_in,
    _named,
    _new_options,
    _refuse_truths_with_numbers,
    _substantive_options,
    _unknown_values,
    _where,
    _with_missing_rows,
    _wrong_question,
)
from tracktr.survey import MultiQuestion, OrdinalQuestion, Question, SingleQuestion

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
    options: Sequence[str] | None = ...,
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
    options: Sequence[str] | None = ...,
) -> Recoded: ...
def collapse(
    series: pd.Series,
    mapping: Mapping[str, Members],
    /,
    *,
    other: str | None = None,
    name: str | None = None,
    question: Question | None = None,
    options: Sequence[str] | None = None,
) -> pd.Series | Recoded:
    """Merge options into groups; the result is ordered in the order of `mapping`.

    Parameters
    ----------
    series : pandas.Series
        One question's answers: option labels and missing markers.
    mapping : mapping of str to str or list of str
        Each group label and the option (or options) it is made of, in the order the
        groups should be shown. An option belongs to at most one group; to show
        overlapping groups beside the options, use :func:`nets`. Every group holds at
        least one option, except the `other` group, which may be listed with none
        (``"Other": []``) to keep its place in the order.
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
    options : sequence of str, optional
        Every option of the question, for a `series` that is neither categorical nor
        given with its `question`: the mapping may then name options nobody chose.

    Every option the mapping names must be an option: of `question`, of a categorical
    `series`, of `options`, or, without any of these, an answer found in `series`. A name
    that is none of these is taken for a typo and raises.

    Returns
    -------
    pandas.Series or Recoded
        An ordered categorical with the groups as categories, then any missing markers
        of `series`; same index. Blank cells stay blank. A :class:`Recoded` with
        `question`.

    Raises
    ------
    tracktr.InvalidDataError
        `series` is a DataFrame, such as a multi-response set's 0/1 columns (count groups
        of a set's options with :func:`tracktr.multi_nets`).
    tracktr.UnknownValueError
        An answer that no group names, and no `other`; the message names the values and
        their rows.
    tracktr.InvalidOptionError
        An option in two groups, a member that is not an option (see above; the message
        names it and the nearest options), a group of no options (but `other`), or a
        group label that is a missing marker, blank, or prints like another ("G " and
        "G").

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
    _check_one_question(series, function="collapse()")
    groups: dict[str, tuple[str, ...]] = {}
    group_of: dict[object, str] = {}
    cells = series.to_numpy(dtype=object)
    listed = {group: _as_members(group, members) for group, members in mapping.items()}
    _refuse_truths_with_numbers(series, cells, chain(*listed.values()), what="the mapping")
    for group in mapping:
        _check_new_label(group, role="group")
        groups[group] = listed[group]
        if not groups[group] and group != other:
            raise _no_members("group", group, "an `other` group may have none, to keep its place")
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
        _check_new_label(other, role="`other` group")
    _check_printed_apart([*mapping, *([] if other is None else [other])], roles="groups")
    if question is not None:
        if not isinstance(question, SingleQuestion | OrdinalQuestion):
            raise _wrong_question(question, (SingleQuestion, OrdinalQuestion), "collapse()")
        _check_labels(question, group_of, "the mapping")
    _check_members(series, group_of, cells, question=question, options=options)
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
        if groups.get(label) and all(is_dont_know(m, question.dont_know) for m in groups[label])
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


def _no_members(role: str, label: str, why: str) -> InvalidOptionError:
    """Return the error for a group or net of no options: a 0% row nobody can be in."""
    msg = (
        f"{role} {label!r} is made of no options, so it would print as a 0% row that nobody "
        f"can be in.\n\nHint: name the options it is made of ({why}), or leave it out."
    )
    return InvalidOptionError(msg)


def _check_members(
    series: pd.Series,
    group_of: Mapping[object, str],
    cells: npt.NDArray[Any],
    *,
    question: Question | None,
    options: Sequence[str] | None,
) -> None:
    """Raise if the mapping names an option that is not one (a typo, most often)."""
    if question is not None:
        known: list[object] = list(question.labels)
        source = "its codebook options"
    elif isinstance(series.dtype, pd.CategoricalDtype):
        known = [c for c in series.cat.categories.tolist() if not _is_marker(c)]
        source = "its options"
    elif options is not None:
        known = list(options)
        source = "`options`"
    else:
        known = list(dict.fromkeys(c for c in cells if not _is_missing_cell(c)))
        source = "the answers it holds"
    present = set(known)
    absent = [member for member in group_of if member not in present]
    if not absent:
        return
    # Match on the printed text, but suggest the option itself: the mapping's text '1' is
    # not the answer 1, and the message must say which is which.
    by_text = {str(k): k for k in reversed(known)}
    near = {
        m: [by_text[t] for t in difflib.get_close_matches(str(m), list(by_text), n=1, cutoff=0.6)]
        for m in absent
    }
    guesses = "; ".join(_guess(m, n[0]) for m, n in near.items() if n)
    listed = ", ".join(repr(m) for m in absent)
    msg = (
        f"the mapping names {listed}, which {'is' if len(absent) == 1 else 'are'} not among "
        f"{source} of {_where(series)}: {known[:20]}."
    )
    hint = "Hint: check the spelling of the mapping's options"
    hint += f" ({guesses})." if guesses else "."
    if question is None and options is None and not isinstance(series.dtype, pd.CategoricalDtype):
        hint += " If nobody chose them, pass every option of the question as `options=`."
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _guess(given: object, near: object) -> str:
    """Suggest `near` for `given`; name their kinds when they differ (text '1', number 1)."""
    if _kind(given).split()[:2] == _kind(near).split()[:2]:
        return f"{given!r}: did you mean {near!r}?"
    return f"{_kind(given)}: did you mean {_kind(near)}?"


def _kind(value: object) -> str:
    """Name a value with its kind, so that text and numbers that print alike read apart."""
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, bool | np.bool_):
        return f"the boolean {bool(value)!r}"
    if isinstance(value, int | float | np.integer | np.floating):
        return f"the number {value!r}"
    return repr(value)


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
    tracktr.InvalidDataError
        `series` is a DataFrame, such as a multi-response set's 0/1 columns (count nets
        of a set's options with :func:`tracktr.multi_nets`).
    tracktr.UnknownValueError
        An answer that is not among `options`.
    tracktr.InvalidOptionError
        A net named like an option or marker, blank, printing like another net, made of
        no options, or made of an option that does not exist.

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
    _check_one_question(series, function="nets()")
    if question is not None:
        if not isinstance(question, SingleQuestion | OrdinalQuestion):
            raise _wrong_question(question, (SingleQuestion, OrdinalQuestion), "nets()")
        options = question.labels if options is None else options
    opts = _substantive_options(series, options)
    members: dict[str, tuple[str, ...]] = {}
    for net, given in nets.items():
        _check_new_label(net, role="net")
        if net in opts:
            msg = (
                f"net {net!r} has the same label as an option of {_where(series)}.\n\n"
                "Hint: give the net a label of its own, e.g. 'Any improvement'."
            )
            raise InvalidOptionError(msg)
        members[net] = _as_members(net, given)
        if not members[net]:
            raise _no_members("net", net, "a net is the share with any of its options")
        absent = [m for m in members[net] if m not in opts]
        if absent:
            msg = (
                f"net {net!r} names {absent}, which are not options of {_where(series)}; "
                f"its options are {opts}.\n\nHint: check the spelling of the net's options."
            )
            raise InvalidOptionError(msg)
    _check_printed_apart(members, roles="nets")
    cells = series.to_numpy(dtype=object)
    _refuse_truths_with_numbers(series, cells, [*opts, *chain(*members.values())], what="`nets`")
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
    tracktr.InvalidDataError
        `series` is a DataFrame rather than one question's answers.
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
    _check_one_question(series, function="reverse()")
    if question is not None:
        if not isinstance(question, OrdinalQuestion):
            raise _wrong_question(question, (OrdinalQuestion,), "reverse()")
        dont_know_options = question.dont_know
        ordered = isinstance(series.dtype, pd.CategoricalDtype) and series.cat.ordered
        if scale is None and not ordered:
            scale = question.scale

    def outside(value: object) -> bool:
        return _is_marker(value) or is_dont_know(value, dont_know_options)

    if scale is not None:
        repeated = [o for o, n in Counter(scale).items() if n > 1]
        if repeated or not scale:
            what = f"lists {repeated} more than once" if repeated else "is empty"
            msg = f"`scale` {what}; a scale lists each of its options once, in order."
            hint = "Hint: pass the scale in its current order, e.g. scale=['Agree', 'Disagree']."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        cells = series.to_numpy(dtype=object)
        on_scale = set(scale)
        unknown = [not _is_blank(v) and v not in on_scale and not outside(v) for v in cells]
        if any(unknown):
            raise _unknown_values(
                series,
                unknown,
                what="answers that are not on the scale",
                hint="add them to `scale=`, or to `dont_know_options=` if they are "
                "answers outside the scale.",
            )
        categorical = isinstance(series.dtype, pd.CategoricalDtype)
        seen = [*(series.cat.categories.tolist() if categorical else []), *cells]
        present = {v for v in seen if not _is_blank(v)}
        extra = [
            o
            for o in dict.fromkeys(v for v in seen if not _is_blank(v))
            if o not in on_scale and not _is_marker(o) and is_dont_know(o, dont_know_options)
        ]
        # "Don't know" options after the scale, in the order `dont_know_options` lists them.
        extra.sort(
            key=lambda o: next(
                (i for i, d in enumerate(dont_know_options) if is_dont_know(o, [d])), 0
            )
        )
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
    on_scale_at = [i for i, c in enumerate(categories) if not outside(c)]
    flipped = list(categories)
    for position, source in zip(on_scale_at, reversed(on_scale_at), strict=True):
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

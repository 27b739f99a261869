"""New variables from other answers: structured rules, and trackTR's supply-chain status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, overload

import numpy as np
import pandas as pd

from tracktr.exceptions import QuestionNotFoundError
from tracktr.missing import MARKERS, SKIPPED
from tracktr.recode._common import (
    Recoded,
    _categorical,
    _check_labels,
    _check_not_marker,
    _derived,
    _is_marker,
    _is_missing_cell,
    _new_options,
    _unknown_values,
)
from tracktr.recode._scales import collapse
from tracktr.survey import (
    All,
    AnyOf,
    Condition,
    Is,
    Not,
    Question,
    SingleQuestion,
    Survey,
    condition_from_dict,
)

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
    # The mapping's labels are the question's options, whether or not anyone chose them.
    every = [m for members in mapping.values() for m in members]
    status = collapse(main_funding, mapping, name=name, options=every)
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
    """Return, per row, whether `condition` is known to hold on the labels in `data`.

    A missing answer (blank or marker) makes a condition on it unknown, not false, so
    ``{"not": ...}`` never matches a respondent who skipped (three-valued logic, as in
    SQL): missing stays missing.
    """
    true, _ = _truth(condition, data)
    return true


_Mask = np.ndarray[Any, np.dtype[np.bool_]]


def _truth(condition: Condition, data: pd.DataFrame) -> tuple[_Mask, _Mask]:
    """Return, per row, whether `condition` holds and whether that is known."""
    if isinstance(condition, Is):
        if condition.question not in data.columns:
            msg = (
                f"No column {condition.question!r} in the data; the rules read it.\n\n"
                f"Hint: the columns are {list(data.columns)}."
            )
            raise QuestionNotFoundError(msg)
        column = data[condition.question].astype(object)
        true = column.isin(list(condition.values)).to_numpy(dtype=bool)
        if any(value in MARKERS for value in condition.values):
            # A rule that names a marker ("<not asked>") asks about missingness: known.
            if SKIPPED in condition.values:  # a blank cell reads as skipped
                true = true | column.isna().to_numpy(dtype=bool)
            return true, np.ones(len(data), dtype=bool)
        missing = np.fromiter((_is_missing_cell(v) for v in column), dtype=bool, count=len(data))
        return true, true | ~missing
    if isinstance(condition, Not):
        true, known = _truth(condition.condition, data)
        return ~true & known, known
    parts = [_truth(part, data) for part in condition.conditions]
    if not parts:
        everyone = np.ones(len(data), dtype=bool)
        return np.full(len(data), isinstance(condition, All)), everyone
    trues = np.array([t for t, _ in parts])
    knowns = np.array([k for _, k in parts])
    falses = ~trues & knowns
    if isinstance(condition, All):
        all_true = np.asarray(trues.all(axis=0), dtype=bool)
        return all_true, all_true | np.asarray(falses.any(axis=0), dtype=bool)
    any_true = np.asarray(trues.any(axis=0), dtype=bool)
    return any_true, any_true | np.asarray(falses.all(axis=0), dtype=bool)


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

"""The :class:`Recoded` result and the checks and messages every recoding shares."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._numbers import is_truth, truth_clashes
from tracktr._text import printed_label
from tracktr.exceptions import InvalidDataError, InvalidOptionError, UnknownValueError
from tracktr.missing import MARKERS, is_dont_know
from tracktr.survey import Option, Question, Survey

# One option, or several, that a group (net) is made of.
Members: TypeAlias = str | Sequence[str]

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


def _shown_rows(labels: Sequence[Hashable]) -> str:
    """Return the first few row labels and how many more: ``'a', 'b' and 4 more``."""
    shown = ", ".join(repr(label) for label in labels[:_MAX_ROWS_SHOWN])
    if len(labels) > _MAX_ROWS_SHOWN:
        shown += f" and {len(labels) - _MAX_ROWS_SHOWN} more"
    return shown


def _listing(rows: Mapping[object, Sequence[Hashable]]) -> str:
    parts = []
    items = list(rows.items())
    for value, labels in items[:_MAX_VALUES_SHOWN]:
        shown = _shown_rows(labels)
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


def _refuse_truths_with_numbers(
    series: pd.Series,
    cells: Sequence[object] | npt.NDArray[Any],
    named: Iterable[object] = (),
    *,
    what: str = "",
) -> None:
    """Raise if the cells (and the options a mapping names) mix True/False with numbers.

    Python hashes True as 1 and False as 0, so every dict or set lookup below would merge
    them: a mapping ``{"Yes": [1]}`` would silently claim the answer True.
    """
    named = list(named)
    truths, numbers = truth_clashes([*cells, *named])
    if not truths:
        return
    where = _where(series)
    cell_truths, cell_numbers = truth_clashes(cells)
    named_truths, named_numbers = truth_clashes(named)
    if cell_truths:
        rows = series.index[np.fromiter(map(is_truth, cells), dtype=bool, count=len(cells))]
        msg = (
            f"{where} holds both True/False (rows {_shown_rows(list(rows))}) and the "
            f"number(s) {cell_numbers[:5]!r}"
        )
    elif named_truths:
        msg = f"{what} names both True/False and the number(s) {named_numbers[:5]!r}"
    else:
        mine_truths = list(dict.fromkeys(bool(v) for v in named if is_truth(v)))
        mine_numbers = [v for v in dict.fromkeys(named) if not is_truth(v) and v in numbers]
        mine = (
            f"True/False {mine_truths!r}" if mine_truths else f"the number(s) {mine_numbers[:5]!r}"
        )
        theirs = "the number(s) " + repr(
            [v for v in dict.fromkeys(cells) if not is_truth(v) and v in numbers][:5]
        )
        msg = f"{what} names {mine} but {where} holds {'True/False' if mine_numbers else theirs}"
    msg += "; Python treats True as 1 and False as 0, so they would be taken as the same answer."
    hint = (
        "Hint: use one kind for answers and mapping alike, e.g. series.map({True: 1, "
        "False: 0}) for codes, or map each value to its label first."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


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


def _check_one_question(series: object, *, function: str) -> None:
    """Raise if `series` is a DataFrame: these recodings read one question's answers.

    A DataFrame has no one dtype or set of answers, so it used to fail deep inside with an
    AttributeError. The frame passed is most often a multi-response set's 0/1 columns,
    whose options cannot be replaced by groups (a respondent may tick options of several
    groups): the hint names the function that counts such groups.
    """
    if not isinstance(series, pd.DataFrame):
        return
    columns = list(series.columns)
    shown = ", ".join(repr(c) for c in columns[:10]) + (" ..." if len(columns) > 10 else "")
    msg = (
        f"{function} takes one question's answers as a pandas Series; got a DataFrame of "
        f"{len(columns)} column{'' if len(columns) == 1 else 's'} ({shown})."
    )
    example = f"df[{columns[0]!r}]" if columns else "df['q1']"
    hint = (
        f"Hint: for one question, select its column first, e.g. `{example}`. For a "
        "multi-response set (one 0/1 column per option), count groups of its options as "
        "nets with tracktr.multi_nets(data, question, nets): a respondent who ticked "
        "options of two groups is in both, so groups cannot replace the options."
    )
    raise InvalidDataError(f"{msg}\n\n{hint}")


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


def _check_new_label(label: object, *, role: str) -> None:
    """Raise if a label a recoding creates is a missing marker or blank.

    Cells given a marker would leave every base, cells given a blank (None, NaN, text of
    only spaces) would read as skipped, and either would head a table row with no option.
    """
    _check_not_marker(label, role=role)
    if _is_blank(label) or (isinstance(label, str) and not label.strip()):
        msg = (
            f"{role} {label!r} is blank: the answers given it would read as no answer, "
            "under a row with no label.\n\nHint: give it a label of its own, e.g. 'Other'."
        )
        raise InvalidOptionError(msg)


def _check_printed_apart(labels: Iterable[object], *, roles: str) -> None:
    """Raise if two labels print alike ("G " and "G", 1 and "1"): two rows that look the same.

    Printed as a table prints them: surrounding spaces dropped and runs of spaces as one.
    """
    seen: dict[str, object] = {}
    for label in labels:
        printed = printed_label(label)
        first = seen.setdefault(printed, label)
        if first is not label and (type(first) is not type(label) or first != label):
            msg = (
                f"{roles} {first!r} and {label!r} would print alike, as {printed!r}: a table "
                "would show two rows that look the same.\n\nHint: write each label once, "
                "with single spaces and none at either end."
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
    dk, ex = tuple(dont_know), set(exclusive)
    return tuple(
        Option(code, label, dont_know=is_dont_know(label, dk), exclusive=label in ex)
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


def _with_missing_rows(frame: pd.DataFrame, missing_rows: Mapping[int, str]) -> pd.DataFrame:
    """Put each missing row's marker (or a blank) in every column, as object columns."""
    if not missing_rows:
        return frame
    data = frame.to_numpy(dtype=object, copy=True)
    for row, marker in missing_rows.items():
        data[row, :] = np.nan if marker == _BLANK else marker
    return pd.DataFrame(data, index=frame.index, columns=frame.columns, dtype=object)


_BLANK = ""  # a row whose cells are all blank: kept blank, never given a missing kind

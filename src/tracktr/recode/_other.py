"""Free-text "other (please specify)" answers coded by rules, and sentinel values made missing."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import InvalidOptionError
from tracktr.missing import MARKERS, marker_for
from tracktr.recode._common import (
    _categorical,
    _check_new_label,
    _check_printed_apart,
    _derived,
    _is_blank,
    _is_marker,
    _is_missing_cell,
    _markers_in,
    _new_options,
    _unknown_values,
)
from tracktr.survey import Question, SingleQuestion
from tracktr.survey._cells import sentinel_key
from tracktr.typing import MissingKind, check_choice

Rule: TypeAlias = "str | re.Pattern[str]"


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
    if not isinstance(rules, Mapping):
        msg = (
            f"`rules` must map each code to its rules; got {type(rules).__name__} {rules!r}."
            "\n\nHint: pass a dict, e.g. {'Trusts and foundations': ['lottery', 'trust']}."
        )
        raise InvalidOptionError(msg)
    for code in rules:
        _check_new_label(code, role="code")
    compiled: list[tuple[str, str, re.Pattern[str]]] = []
    for code, given in rules.items():
        for rule in _rules_of(code, given):
            written, pattern = _compiled(code, rule)
            compiled.append((code, written, pattern))
    return compiled


def _rules_of(code: str, given: object) -> list[object]:
    """Return the rules given for `code` as a list: one rule, or each of several."""
    if isinstance(given, str | re.Pattern):
        return [given]
    # Bytes are iterable too, but as numbers: b"abc" would read as the rules 97, 98, 99.
    if isinstance(given, bytes | bytearray) or not isinstance(given, Iterable):
        msg = (
            f"the rules for code {code!r} must be a string, a compiled regular expression "
            f"(re.compile) or a list of them; got {given!r}.\n\nHint: write "
            f"{{{code!r}: ['lottery', re.compile(r'\\bPCC\\b')]}}."
        )
        raise InvalidOptionError(msg)
    return list(given)


def _compiled(code: str, rule: object) -> tuple[str, re.Pattern[str]]:
    """Return a rule as written and its case-insensitive pattern, or raise naming it."""
    if isinstance(rule, re.Pattern):
        written = f"re.compile({rule.pattern!r})"
        if not isinstance(rule.pattern, str):  # re raises a bare TypeError on text
            text = rule.pattern.decode(errors="replace")
            msg = (
                f"rule {written} for code {code!r} is a bytes pattern, which cannot search "
                f"text answers.\n\nHint: compile a text pattern, re.compile({text!r})."
            )
            raise InvalidOptionError(msg)
        return written, re.compile(rule.pattern, rule.flags | re.IGNORECASE)
    if isinstance(rule, str) and rule.strip():
        words = [re.escape(word) for word in rule.split()]
        return repr(rule), re.compile(r"\s+".join(words), re.IGNORECASE)
    msg = (
        f"rule {rule!r} for code {code!r} must be a non-empty string or a "
        "compiled regular expression (re.compile)."
    )
    raise InvalidOptionError(msg)


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
        Free-text answers; missing markers and blank cells pass through. Text that is
        empty or only spaces is no answer and is refused: mark it missing first (see
        Examples).
    rules : mapping of str to rule or list of rules
        Each code and the rules that give it, tried in order; the first code with a
        matching rule wins. A rule is a string, matched case-insensitively anywhere in
        the answer (runs of whitespace count as one space), or a compiled regular
        expression of text (``re.compile(...)``, not of bytes), searched
        case-insensitively. A code is a label of its own: not a missing marker, not
        blank, and not printing like another code.
    other : str, optional
        The code of every answer no rule matches, under the same conditions as the
        codes (it may be one of them). Without it unmatched answers stay as
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
        An empty rule, a rule that is neither a string nor a compiled pattern of text, a
        code or `other` that is a missing marker (it would take real answers out of
        every base) or blank, or two codes that print alike ("Trusts" and "Trusts ").
    tracktr.UnknownValueError
        Text that is empty or only spaces, naming its rows; with `question` but no
        `other`, answers that no rule matched (a closed question needs a code for every
        answer). The message names them and their rows.

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

    Blank text is no answer to code; mark it as a missing kind first:

    >>> typed = pd.Series(["Big Lottery", "  ", "rent"], index=pd.Index([1, 2, 3], name="id"))
    >>> tt.recode.other_specify(typed, {"Trusts": "lottery"}, other="Other")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.UnknownValueError: blank text in the series: '  ' (row 2)...
    >>> blank = typed.str.strip().eq("")
    >>> tt.recode.other_specify(
    ...     typed.mask(blank, tt.missing.SKIPPED), {"Trusts": "lottery"}, other="Other"
    ... ).series.tolist()
    ['Trusts', '<skipped>', 'Other']
    """
    compiled = _compile_rules(rules)
    if other is not None:
        _check_new_label(other, role="`other` code")
    _check_printed_apart([*rules, *([] if other is None else [other])], roles="codes")
    cells = series.to_numpy(dtype=object)
    _refuse_blank_text(series, cells)
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


def _refuse_blank_text(series: pd.Series, cells: npt.NDArray[Any]) -> None:
    """Raise naming the rows of text that is empty or only spaces: it is no answer to code.

    Coded, it would count as an answer (as `other`, or as an unmatched one); made missing
    here, a respondent would leave the base unrecorded. The caller says which kind it is.
    """
    blank = [isinstance(cell, str) and not cell.strip() for cell in cells]
    if any(blank):
        raise _unknown_values(
            series,
            blank,
            what="blank text",
            hint="text of no characters, or only spaces, is no answer: mark it as a missing "
            "kind first, e.g. series.mask(series.str.strip().eq(''), tt.missing.SKIPPED).",
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
        ``"refused"``. Values match as :meth:`tracktr.Survey.prepare` matches missing
        codes: numbers and number text as numbers (``-99`` matches ``-99``, ``-99.0`` and
        the text ``" -99 "`` of a file read as text), other text with the spaces around
        it ignored; ``float("nan")`` or ``None`` as a key matches blank cells.

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
    tracktr.InvalidOptionError
        A sentinel that is already a missing marker (it would change nothing), or two
        sentinels that match the same cells under different kinds (-99 and "-99").

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
    markers = _sentinel_markers(sentinels)
    cells = series.to_numpy(dtype=object)
    out = list(cells)
    changed_rows: list[int] = []
    found: list[object] = []
    kinds: list[str] = []
    marks: list[str] = []
    for i, cell in enumerate(cells):
        hit = _matching(cell, markers)
        if hit is not None:
            _, kind, marker = hit
            out[i] = marker
            changed_rows.append(i)
            found.append(cell)
            kinds.append(kind)
            marks.append(marker)
    changes = pd.DataFrame(
        {
            "value": pd.Series(found, dtype=object),
            "kind": pd.Series(kinds, dtype=object),
            "marker": pd.Series(marks, dtype=object),
        }
    )
    changes.index = series.index.take(changed_rows)
    return MissingResult(series=_rebuild(series, out, markers), changes=changes)


_Sentinel: TypeAlias = tuple[Any, MissingKind, str]  # (value, kind, marker)


def _sentinel_markers(sentinels: Mapping[Any, MissingKind]) -> dict[Hashable, _Sentinel]:
    """Key each sentinel as survey.prepare() matches cells to it: -99, -99.0 and "-99" alike.

    Blank sentinels (NaN, None, "") share one key, ``None``. A marker as a sentinel, or
    two sentinels that a cell matches alike under different kinds, are refused.
    """
    keyed: dict[Hashable, _Sentinel] = {}
    for value, kind in sentinels.items():
        check_choice(kind, MissingKind, name="kind")
        if _is_marker(value):
            msg = (
                f"{value!r} is already a missing marker: cells holding it are left as they "
                f"are, so {{{value!r}: {kind!r}}} would change nothing.\n\n"
                'Hint: give recode.missing() the codes the raw file uses (-99, "N/A").'
            )
            raise InvalidOptionError(msg)
        key = None if _is_blank(value) else sentinel_key(value)
        earlier = keyed.get(key)
        if earlier is not None and earlier[1] != kind:
            msg = (
                f"the sentinels {earlier[0]!r} ({earlier[1]}) and {value!r} ({kind}) match "
                "the same cells; they would be read as one kind or the other.\n\n"
                "Hint: give each missing kind its own code."
            )
            raise InvalidOptionError(msg)
        keyed[key] = (value, kind, marker_for(kind))
    return keyed


def _matching(cell: object, markers: Mapping[Hashable, _Sentinel]) -> _Sentinel | None:
    """Return the sentinel a cell holds (matched as prepare() matches it), or None."""
    if _is_marker(cell):
        return None
    if _is_blank(cell):
        return markers.get(None)
    try:
        return markers.get(sentinel_key(cell))
    except TypeError:  # an unhashable cell (a list) is no sentinel
        return None


def _rebuild(
    series: pd.Series, cells: list[object], markers: Mapping[Hashable, _Sentinel]
) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        # Sentinel categories give way to the markers of their kinds, at the end, whether
        # or not this data holds them, so that every chunk recodes to the same dtype.
        kept = [
            category
            for category in series.cat.categories.tolist()
            if _matching(category, markers) is None
        ]
        used = {marker for _, _, marker in markers.values()}
        added = [m for m in MARKERS if m in used and m not in kept]
        dtype = pd.CategoricalDtype([*kept, *added], ordered=series.cat.ordered)
        return pd.Series(cells, index=series.index, name=series.name, dtype=object).astype(dtype)
    out = pd.Series(cells, index=series.index, name=series.name, dtype=object)
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return out.astype(series.dtype)
    return out

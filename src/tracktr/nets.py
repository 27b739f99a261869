"""Nets and mean scores of a tabulated scale, derived from its counts.

A net ("Agree": "Strongly agree" or "Agree") of a single-choice question is the sum of its
members' counts, because each respondent gives one answer; its base is the question's
base. A mean score weights each option's count by its score and leaves options without a
score (don't know) out. Both are computed from a :class:`~tracktr.Table`, never from
respondent rows, so they agree with the table by construction. Nets and scores are
declared in the codebook (``nets = {...}``, ``scores = {...}``) or passed directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._columns import repeated
from tracktr._pooled import GAP_WORDS, MIXED_WORDS
from tracktr._text import folded_label
from tracktr.exceptions import InvalidOptionError
from tracktr.missing import DONT_KNOW, is_dont_know
from tracktr.table import Table

__all__ = ["mean_scores", "net_table"]

NetsLike = Mapping[str, Sequence[str]] | Sequence[tuple[str, Sequence[str]]]
ScoresLike = Mapping[str, float] | Sequence[tuple[str, float]]


def _pairs(value: Any) -> list[tuple[Any, Any]]:
    return list(value.items()) if isinstance(value, Mapping) else list(value)


def _refuse_repeats(pairs: list[tuple[Any, Any]], question: str, *, what: str) -> None:
    """Refuse a label given twice (pairs, not a dict): the second would replace the first."""
    labels = [label for label, _ in pairs]
    twice = repeated(labels)
    if twice:
        msg = f"{what}s of {question!r} give {twice} more than once."
        raise InvalidOptionError(f"{msg}\n\nHint: give each {what} once.")


def _score(option: Any, score: Any, question: str) -> float:
    """Return a score as a finite float; refuse text, True/False, NaN and infinities."""
    numeric = isinstance(score, int | float | np.integer | np.floating)
    number = score if numeric and not isinstance(score, bool | np.bool_) else None
    if number is None or not np.isfinite(number):
        msg = f"the score of {option!r} in {question!r} must be a finite number; got {score!r}."
        raise InvalidOptionError(msg)
    return float(number)


def _options_axis(table: Table) -> pd.DataFrame:
    """Return the counts with options as rows (grids are stored items x options)."""
    return _options_axis_of(table, table.counts)


def _options_axis_of(table: Table, counts: pd.DataFrame) -> pd.DataFrame:
    """Return `counts`, shaped as the table's counts, with options as rows."""
    return counts if table.percent_axis == "columns" else counts.T


def net_table(table: Table, nets: NetsLike, /) -> Table:
    """Return a table of net categories, each the sum of its member options' counts.

    Parameters
    ----------
    table : Table
        A table of a single-choice or ordinal question (options as rows) or of a grid
        (options as columns), unweighted or weighted.
    nets : mapping of str to sequence of str
        Each net's label and its options, e.g. ``{"Agree": ["Strongly agree", "Agree"]}``;
        a codebook's ``spec.nets`` works too.

    Returns
    -------
    Table
        The nets in place of the options, with the table's bases; ``partition`` is False
        (nets overlap), so :func:`tracktr.compare_table` compares each net on its own.
        Where none of a net's options was offered in a column (all are ``table.gaps``),
        the net is a gap there (``n/a``); where some were, it counts the others, and a
        note says so. The table's notes that hold for the nets are kept (respondents
        with no group, waves sharing organisations, a grid's AVERAGE row, which stays a
        summary row without a base), then each net's members are listed; a note of
        options not offered (``n/a``) gives way to the nets' own, and one of an option
        some waves did not offer is kept where a net counts that option.

    Raises
    ------
    tracktr.InvalidOptionError
        If a member is not a row (column) of the table (for instance a don't know option
        left out of the base), or the table is a multi-response set, whose nets need the
        respondents' ticks.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"view": ["Agree a lot", "Agree", "Disagree", "Agree"]})
    >>> t = tt.frequencies(df, "view", options=["Agree a lot", "Agree", "Disagree"])
    >>> tt.net_table(t, {"Any agree": ["Agree a lot", "Agree"]}).percentages()
               All
    Any agree  75.0
    """
    _refuse_multi(
        table,
        "a net of its options counts respondents who ticked any of them, which its counts "
        "cannot tell.",
        "count the nets from the ticks with tt.multi_nets().",
    )
    counts = _options_axis(table)
    position = {option: k for k, option in enumerate(counts.index)}
    values = counts.to_numpy()
    rows = {}
    _refuse_repeats(_pairs(nets), table.question, what="net")
    for name, members in _pairs(nets):
        if isinstance(members, str):  # read as a sequence, "AB" would be the net of A and B
            msg = f"net {name!r} of {table.question!r} is given as the text {members!r}."
            hint = f"Hint: list its options, even one: {{{name!r}: [{members!r}]}}."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        if folded_label(name) == "base":  # the Table refused it as "a Table's option"
            msg = (
                f"net {name!r} of {table.question!r} is labelled like its line of bases "
                "('Base'), so a reader could not tell the one from the other."
            )
            hint = f"Hint: give the net its own label, e.g. {str(name).strip() + ' (net)'!r}."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        if not len(members):
            msg = f"net {name!r} of {table.question!r} has no options: a row nobody can be in."
            raise InvalidOptionError(f"{msg}\n\nHint: list the options it nets.")
        missing = [m for m in members if m not in position]
        if missing:
            msg = (
                f"net {name!r} of {table.question!r} is made of {missing}, which are not "
                f"in the table's options {list(counts.index)}."
            )
            hint = "Hint: tabulate with dont_know='include' if the net holds don't know."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        twice = repeated(members)
        if twice:  # each member's count is added: one listed twice would count twice
            msg = f"net {name!r} of {table.question!r} lists {twice} more than once."
            raise InvalidOptionError(f"{msg}\n\nHint: list each option of a net once.")
        rows[name] = values[[position[m] for m in members]].sum(axis=0)
    frame = pd.DataFrame(
        np.array(list(rows.values()), dtype=values.dtype).reshape(len(rows), values.shape[1]),
        index=pd.Index(list(rows), dtype=object),
        columns=counts.columns,
    )
    gaps, gap_notes = _net_gaps(table, _pairs(nets), counts)
    if table.percent_axis == "rows":
        frame = frame.T
    return Table(
        counts=frame,
        bases=table.bases,
        question=table.question,
        title=table.title,
        kind=table.kind,
        percent_axis=table.percent_axis,
        partition=False,
        rule=table.rule,
        decimals=table.decimals,
        base_description=table.base_description,
        unweighted_bases=table.unweighted_bases,
        effective_bases=table.effective_bases,
        zero_weights=table.zero_weights,
        excluded=table.excluded,
        small_base=table.small_base,
        summary_rows=table.summary_rows,
        extra_notes=(
            *_kept_notes(table, _pairs(nets)),
            *(f"{name}: {' + '.join(str(m) for m in members)}." for name, members in _pairs(nets)),
            *gap_notes,
        ),
        overlapping_columns=table.overlapping_columns,
        gaps=gaps,
        respondents=table.respondents,  # the same rows, their answers netted
    )


def _kept_notes(table: Table, nets: list[tuple[Any, Any]]) -> list[str]:
    """Return the notes of `table` that still hold for its nets.

    The nets have the table's columns and bases: a note on them (respondents with no
    group, waves sharing organisations, a trend's waves, a grid's AVERAGE row) holds.
    A note of options not offered in some columns (n/a) is the options' own: the nets'
    gaps have theirs (:func:`_net_gaps`); one of an option some waves did not offer
    holds for the nets that count it, and for no other.
    """
    members = {m for _, group in nets for m in group}
    kept = []
    for note in table.extra_notes:
        if note.endswith(GAP_WORDS):
            continue
        if note.endswith(MIXED_WORDS) and not any(
            note.startswith(f"{m!r} was not offered") for m in members
        ):
            continue
        kept.append(note)
    return kept


def _net_gaps(
    table: Table, nets: list[tuple[Any, Any]], counts: pd.DataFrame
) -> tuple[tuple[tuple[Any, Any], ...], list[str]]:
    """Return the gaps of the nets, and the notes on nets with options not offered.

    A net none of whose options was offered in a column (``table.gaps``) is a gap there;
    one with some options offered is their count, and a note names those it holds none
    of. `counts` has the options as rows.
    """
    if not table.gaps:
        return (), []
    # The gaps as (option, column of `counts`): a grid's are (item, option).
    missing = {(r, c) if table.percent_axis == "columns" else (c, r) for r, c in table.gaps}
    gaps: list[tuple[Any, Any]] = []
    notes: list[str] = []
    for name, members in nets:
        empty = []
        for column in counts.columns:
            absent = [m for m in members if (m, column) in missing]
            if len(absent) == len(members):
                empty.append(column)
                gaps.append((name, column) if table.percent_axis == "columns" else (column, name))
            elif absent:
                listed = ", ".join(repr(m) for m in absent)
                were = "were" if len(absent) > 1 else "was"
                notes.append(
                    f"{name} in {column}: {listed} {were} not offered there; the net counts "
                    "its other options."
                )
        if empty:
            listed = ", ".join(str(c) for c in empty)
            notes.append(
                f"{name}: n/a in {listed}: none of its options was offered there (a gap, "
                "not a zero)."
            )
    return tuple(gaps), notes


def mean_scores(
    table: Table, scores: ScoresLike, /, *, dont_know: Iterable[str] = DONT_KNOW
) -> pd.DataFrame:
    r"""Return the mean score of each column (grid: each item), from the table's counts.

    Parameters
    ----------
    table : Table
        A table of a scale: options as rows (single, ordinal) or as columns (grid).
    scores : mapping of str to float
        The score of each option on the scale. Every option of the table needs one but
        the don't know options, which are left out of the mean and of its base.
    dont_know : iterable of str, default ("Don't know",)
        The don't know options (a codebook question's ``dont_know`` options), matched
        as :func:`tracktr.missing.is_dont_know` matches them.

    Returns
    -------
    pandas.DataFrame
        One row per column (item): ``mean``, ``sd`` (divisor :math:`n - 1`) and ``base``,
        the (weighted) number of scored answers. Weighted tables give weighted means and
        the SD of R survey's ``svyvar`` (as :func:`tracktr.summarise`): the weighted mean
        square about the mean times :math:`n / (n - 1)`, for the `n` respondents with a
        scored answer who weigh more than 0, so the SD does not change with the weights'
        scale.

    Raises
    ------
    tracktr.InvalidOptionError
        If the table is a multi-response set (its counts are ticks, and a respondent
        has no one score), no scored option is in the table, an option that is not
        don't know has no score (its answers would leave the mean and its base unseen),
        or a scored option is a gap in some column (``Table.gaps``: not offered there, so
        that column's mean would be over fewer points of the scale).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"view": ["Agree", "Agree", "Disagree", "Don't know"]})
    >>> t = tt.frequencies(df, "view", options=["Agree", "Disagree", "Don't know"])
    >>> tt.mean_scores(t, {"Agree": 1, "Disagree": -1}).round(3)
          mean     sd  base
    All  0.333  1.155     3
    """
    _refuse_multi(
        table,
        "a respondent may tick several options, so there is no one score per respondent, "
        "and its counts are ticks, not respondents (the base would count a respondent once "
        "per tick).",
        "score a single-choice or ordinal question, or a grid.",
    )
    counts = _options_axis(table)
    given = _pairs(scores)
    _refuse_repeats(given, table.question, what="score")
    options = set(counts.index)
    unknown = [o for o, _ in given if o not in options]
    if unknown:  # a misspelt option would leave its answers out of the mean unseen
        msg = (
            f"scores name {unknown}, which are not options of the table of "
            f"{table.question!r} (options {list(counts.index)})."
        )
        hint = "Hint: check the spelling; give a score only to options of the table."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    pairs = [(o, _score(o, s, table.question)) for o, s in given]
    _refuse_unscored(table, counts.index, {o for o, _ in given}, dont_know)
    _refuse_scored_gaps(table, {o for o, _ in given})
    if not pairs:
        raise InvalidOptionError(f"no option of the table of {table.question!r} has a score.")
    position = {option: k for k, option in enumerate(counts.index)}
    scored = counts.to_numpy(dtype=float)[[position[o] for o, _ in pairs]]
    values = np.array([s for _, s in pairs])[:, None]
    base = scored.sum(axis=0)
    people = _scored_people(table, counts, [position[o] for o, _ in pairs], base)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (scored * values).sum(axis=0) / base
        # The weighted mean square about the mean, times n / (n - 1) for the n respondents
        # who weigh something (R survey's svyvar, and tt.summarise): free of the weights'
        # scale. A divisor of sum(w) - 1 read weights grossed up to the sector as that
        # many respondents (the api sample's SD 0.6967 against R's 0.6984) and gave no SD
        # at all for weights summing to 1.
        # Squares about the mean, option by option: the sum of squares less base * mean**2
        # left 1e-15 for answers all alike, and an SD of 7e-8.
        squares = (scored * (values - mean) ** 2).sum(axis=0)
        variance = squares / base * people / (people - 1)
    mean = np.where(base > 0, mean, np.nan)
    sd = np.where((base > 0) & (people > 1), np.sqrt(np.clip(variance, 0, None)), np.nan)
    frame = pd.DataFrame({"mean": mean, "sd": sd, "base": base}, index=counts.columns)
    if not table.weighted:
        frame["base"] = frame["base"].astype(np.int64)
    return frame


def _scored_people(
    table: Table, counts: pd.DataFrame, rows: list[int], base: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Return, per column, the respondents with a scored answer who weigh more than 0.

    The base itself for an unweighted table. A weighted table's weight-0 respondents
    (``table.zero_weights``, per base) are taken off where they must all hold scored
    answers, the column having no other; beside a don't know answer the table cannot
    tell whose weight is 0, and they are counted (n / (n - 1) then errs towards 1).
    """
    if not table.weighted or table.unweighted_counts is None:
        return base
    unweighted = (
        _options_axis_of(table, table.unweighted_counts)
        .reindex(index=counts.index, columns=counts.columns, fill_value=0)
        .to_numpy(dtype=float)
    )
    people: npt.NDArray[np.float64] = unweighted[rows].sum(axis=0)
    if table.zero_weights is None:
        return people
    others = unweighted.sum(axis=0) - people
    zeros = table.zero_weights.reindex(counts.columns, fill_value=0).to_numpy(dtype=float)
    taken_off: npt.NDArray[np.float64] = np.where(
        others == 0, people - np.minimum(zeros, people), people
    )
    return taken_off


def _refuse_multi(table: Table, why: str, hint: str) -> None:
    """Refuse a multi-response table, whose option counts are ticks, not respondents."""
    if table.kind == "multi":
        msg = f"table {table.question!r} is a multi-response set: {why}"
        raise InvalidOptionError(f"{msg}\n\nHint: {hint}")


def _refuse_scored_gaps(table: Table, scored: set[Any]) -> None:
    """Refuse a scored option that is a gap in some column: that mean has fewer points.

    A wave that did not offer the middle of a scale would get a mean over its two ends
    (-0.87 against -0.23 on three points), on another scale than the other waves'.
    """
    at_columns = table.percent_axis == "columns"  # else a grid: options are its columns
    found = ((row, column) if at_columns else (column, row) for row, column in table.gaps)
    missing = sorted({(str(option), str(line)) for option, line in found if option in scored})
    if missing:
        listed = ", ".join(f"{o!r} in {c!r}" for o, c in missing)
        msg = (
            f"the table of {table.question!r} has scored options that were not offered "
            f"({listed}: gaps): a mean there would be over fewer points of the scale, "
            "not comparable with the other columns' means."
        )
        hint = (
            "Hint: take the means of the columns that offered every scored option "
            "(tabulate those waves' rows alone), or score the options every column offered."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _refuse_unscored(
    table: Table, options: Iterable[Any], scored: set[Any], dont_know: Iterable[str]
) -> None:
    """Refuse options with no score that are not don't know: they would leave the base."""
    outside = list(dont_know)
    unscored = [o for o in options if o not in scored and not is_dont_know(o, outside)]
    if unscored:
        msg = (
            f"option(s) {unscored} of the table of {table.question!r} have no score: their "
            "answers would be left out of the mean and its base."
        )
        hint = "Hint: give them a score, or name them in dont_know= if they lie outside the scale."
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

"""Trend tables, wave-on-wave change from pooled data, and change in plain English.

A trend table is any question tabulated with the waves as columns, counted by
:func:`tracktr.tabulate` with ``by="wave"``: each wave keeps its own base. A change between
two waves is counted here (each wave's count and base, and the paired table of the
organisations in both) and compared by :func:`tracktr.waves.compare_overlapping`, whose
module (:mod:`tracktr.waves.overlap`) gives the formulas and references.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._pooled import without_id, without_unoffered
from tracktr._table_text import no_column_count, no_column_note
from tracktr._text import a_kind, level_text, printable
from tracktr.describe import _p_text, describe_share
from tracktr.exceptions import (
    InvalidBaseError,
    InvalidDataError,
    InvalidOptionError,
    InvalidWeightsError,
    rows_named,
)
from tracktr.rounding import format_percent, percentage_units
from tracktr.table import DEFAULT_SMALL_BASE, Table
from tracktr.tabulate import frequencies, tabulate
from tracktr.typing import DontKnowPolicy, RoundingRule
from tracktr.waves._shares import Share, item_column, overlap_table, share, shares
from tracktr.waves._weighted import WaveSums, compare_weighted
from tracktr.waves.harmonise import HarmonisedQuestion, routing_note
from tracktr.waves.overlap import WaveChange, compare_overlapping
from tracktr.waves.pool import Pooled

__all__ = ["change", "changes", "describe_change", "trend"]


# -- trend tables ------------------------------------------------------------------------------


def trend(
    pooled: Pooled,
    question: str,
    /,
    *,
    by: str | None = None,
    item: str | None = None,
    dont_know: DontKnowPolicy = "include",
    weights: WeightsLike = None,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    small_base: int = DEFAULT_SMALL_BASE,
) -> Table:
    """Tabulate one pooled question with the waves as columns, each with its own base.

    Parameters
    ----------
    pooled : Pooled
        From :func:`tracktr.waves.pool`.
    question : str
        A single, ordinal, multi-response or grid question of the pooled codebook.
    item : str, optional
        For a grid (required): the item tabulated, by its id, label or column.
    by : str, optional
        A single or ordinal question whose groups split each wave: the columns become
        ``"<wave>: <group>"``, wave by wave (a banner of waves beside groups).
        Respondents without an answer to `by` are in no column (a note says how many).
    dont_know : {"include", "exclude"}, default "include"
        Whether "don't know" answers are in the bases (single and ordinal questions,
        grid items, and the options of a multi-response set its codebook marks don't
        know, as :func:`tracktr.multi_response` reads them).
    weights : str, Series or sequence of float, optional
        Weights of the pooled rows (each wave's own weights), as :func:`change` takes
        them: a column of ``pooled.data`` (carry it with ``pool(..., keep=[...])``), a
        Series indexed like it, or one value per row. The counts and bases become
        weighted sums and the percentages weighted shares of each wave's weighted base,
        rounded exactly as :func:`tracktr.frequencies` rounds them; the table keeps the
        respondents behind each base (``unweighted_bases``, printed as n) and their Kish
        effective bases (``effective_bases``), as any weighted table does. Scaling one
        wave's weights changes nothing in its column.
    rule, decimals, small_base
        As in :func:`tracktr.frequencies`.

    Returns
    -------
    Table
        Counts by wave (columns), the base of each wave, and who was left out of each
        (a wave that did not ask the question has a base of 0 and its respondents under
        ``not_asked``). An option a wave did not offer is a gap there (``gaps``: its cell
        prints ``n/a``, its percentage is NaN, its count stays 0, and the charts of
        :mod:`tracktr.waves.plot` draw no point), and a note says so; when declared, a
        note says that the waves routed the question differently.
        When organisations answered more than one wave, ``overlapping_columns`` is True,
        so :func:`tracktr.compare_table` refuses to test the waves as independent groups.

    Raises
    ------
    tracktr.QuestionNotFoundError
        If the question is not in the pooled codebook, or `weights` names a column
        ``pooled.data`` lacks (as ``tt.frequencies(weights=)`` reports it).
    tracktr.InvalidOptionError
        For a grid without `item`, or `item` for another type; for numeric and text
        questions.
    tracktr.InvalidWeightsError
        If the weights are not one finite number of at least 0 per pooled row.

    Examples
    --------
    >>> import tracktr as tt
    >>> pooled = tt.waves.pool(tt.datasets.tracktr_waves(),
    ...                        harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    >>> table = tt.waves.trend(pooled, "income")
    >>> table.bases.tolist()
    [156, 151]
    >>> table.percentages().loc["Over £1m"].tolist()
    [33.0, 34.0]
    >>> by_funding = tt.waves.trend(pooled, "income", by="main_funding")
    >>> by_funding.bases.tolist()
    [24, 1, 114, 34, 1, 100]
    >>> by_funding.counts.columns[0]
    '2015-05: Funded by a CRC'
    >>> tt.waves.trend(pooled, "relationships", item="prisons").bases.tolist()
    [105, 102]

    Weighted, each wave's percentages are of its own weighted base (here weights of 2 for
    the first wave's organisations and 1 for the second's change no percentage):

    >>> w = (pooled.data["wave"] == "2015-05").map({True: 2.0, False: 1.0})
    >>> weighted = tt.waves.trend(pooled, "income", weights=w)
    >>> weighted.bases.tolist(), weighted.unweighted_bases.tolist()
    ([312.0, 151.0], [156, 151])
    >>> weighted.percentages().loc["Over £1m"].tolist()
    [33.0, 34.0]
    """
    _check_pooled(pooled, "trend")
    table = _trend_table(pooled, question, by=by, item=item, dont_know=dont_know,
                         weights=_trend_weights(pooled, weights, question), rule=rule,
                         decimals=decimals, small_base=small_base)  # fmt: skip
    notes = _wave_notes(pooled, question, dont_know)
    if notes:
        table = table.with_notes(*notes)
    gaps = _gaps(pooled, question, dont_know, table)
    if gaps:
        # The wave's 0 there is not an answer: the cell prints n/a, and the chart leaves it out.
        table = dataclasses.replace(table, gaps=gaps)
    if _shares_organisations(pooled):
        # Its columns are waves of one panel: tt.compare_table() reads this and refuses to
        # test them as independent groups (it did, with a p of 0.11 against change()'s 0.025).
        table = dataclasses.replace(table, overlapping_columns=True)
    return table


def _trend_table(
    pooled: Pooled,
    question: str,
    /,
    *,
    by: str | None,
    item: str | None,
    dont_know: DontKnowPolicy,
    weights: pd.Series | None,
    rule: RoundingRule,
    decimals: int,
    small_base: int,
) -> Table:
    """Count the trend table, before the notes of the waves' questionnaires.

    `weights` are indexed like ``pooled.data``: every frame counted here keeps its rows.
    """
    spec = pooled.survey.spec(question)
    if spec.type != "grid" and item is not None:
        msg = f"`item` is for grids; question {question!r} is {a_kind(spec.type)} question."
        raise InvalidOptionError(msg)
    if spec.type == "grid":
        return _grid_trend(
            pooled,
            question,
            item,
            by=by,
            dont_know=dont_know,
            weights=weights,
            rule=rule,
            decimals=decimals,
            small_base=small_base,
        )
    options: dict[str, Any] = {
        "by": pooled.wave_column,
        "weights": weights,
        "total": False,
        "rule": rule,
        "decimals": decimals,
        "small_base": small_base,
    }
    if spec.type in ("single", "ordinal", "multi"):
        options["dont_know"] = dont_know
    if by is None:
        # The trend marks the gaps and says so itself (_gaps, _wave_notes).
        data = without_id(without_unoffered(pooled.data))
        table = tabulate(data, question, survey=pooled.survey, **options)
        return table.with_notes("Waves as columns; each wave's percentages are of its own base.")
    frame, column, no_group = _banner(pooled, question, by)
    table = tabulate(frame, question, survey=pooled.survey, **{**options, "by": column})
    # The table by the wave-and-group column says who is in no column under that column's
    # name ('wave: g'); the trend says it below, of `by` and only of those asked.
    own = tuple(note for note in table.extra_notes if no_column_count(note) is None)
    table = dataclasses.replace(table, extra_notes=own)
    notes = [f"Columns: each wave split by {by}; percentages are of each column's own base."]
    left_out = _in_no_column(
        lambda rows: tabulate(rows, question, survey=pooled.survey, **_whole(options)),
        frame,
        no_group,
    )
    if left_out:
        notes.append(no_column_note(left_out, by))
    return table.with_notes(*notes)


def _whole(options: Mapping[str, Any]) -> dict[str, Any]:
    """Return a trend's counting options for one column of all its rows, unweighted."""
    return {**options, "by": None, "weights": None, "total": True}


def _in_no_column(
    count: Callable[[pd.DataFrame], Table], frame: pd.DataFrame, no_group: npt.NDArray[np.bool_]
) -> int:
    """Return the respondents in a base of the question whose group of `by` is missing.

    The note counted every pooled row without a group: those of a wave that did not ask
    the question, or routed out of it, are in no base, so in no column either way (3
    where 1 answered the question).
    """
    if not no_group.any():
        return 0
    return int(count(frame[no_group]).respondent_bases.iloc[0])


def _grid_trend(
    pooled: Pooled,
    question: str,
    item: str | None,
    *,
    by: str | None,
    dont_know: DontKnowPolicy,
    weights: pd.Series | None,
    rule: RoundingRule,
    decimals: int,
    small_base: int,
) -> Table:
    """One item of a grid, counted as a single question of its column, waves as columns."""
    spec = pooled.survey.spec(question)
    column, label = item_column(pooled, question, item)
    options: dict[str, Any] = {
        "options": spec.options,
        "dont_know_options": spec.dont_know,
        "dont_know": dont_know,
        "weights": weights,
        "title": f"{spec.title or question}: {label}",
        "total": False,
        "rule": rule,
        "decimals": decimals,
        "small_base": small_base,
    }
    if by is None:
        table = frequencies(without_id(pooled.data), column, by=pooled.wave_column, **options)
        return table.with_notes(f"Grid item {label!r}; waves as columns, each of its own base.")
    frame, banner, no_group = _banner(pooled, question, by)
    table = frequencies(frame, column, by=banner, **options)
    notes = [f"Grid item {label!r}; columns: each wave split by {by}."]
    left_out = _in_no_column(
        lambda rows: frequencies(rows, column, **_whole(options)), frame, no_group
    )
    if left_out:
        notes.append(no_column_note(left_out, by))
    return table.with_notes(*notes)


def _trend_weights(pooled: Pooled, weights: WeightsLike, question: str) -> pd.Series | None:
    """Return the weights as a Series indexed like ``pooled.data``, or None.

    A column's name is read from ``pooled.data`` here: the frames of a banner by `by`
    hold only the question's columns. The values are checked where they are counted.
    A wave that did not ask `question` may have no weights: none of its rows is in a
    base (its column is "not asked"), so no percentage reads them. Its blank weights are
    counted as 1, so that its respondents are its column's "not asked" in `excluded`.
    """
    from tracktr.tabulate._common import weight_column

    column = weight_column(pooled.data, weights)
    if column is None:
        return None
    # A wave pooled without its weights (keep= found no column there) is blank throughout:
    # the row-by-row error named its rows but not the wave, nor how to give it weights.
    wave = pooled.data[pooled.wave_column].astype(object).to_numpy()
    values = np.array(column.values, copy=True)
    blank = np.isnan(values)
    h = _harmonised(pooled, question)
    for name in pooled.waves:
        rows = wave == name
        if h is not None and h.sources.get(name, True) is None:
            values[rows & blank] = 1.0  # the wave did not ask it: its rows are in no base
            continue
        if rows.any() and blank[rows].all():
            listed = rows_named(pooled.data.index[rows], shown=10)
            msg = f"wave {name!r} has no weights: all its rows ({listed}) hold NaN."
            hint = (
                "Hint: give every wave its own weights (pool(..., keep=['weight']) with the "
                "column in each wave's data), or 1.0 for a wave that is not weighted."
            )
            raise InvalidWeightsError(f"{msg}\n\n{hint}")
    return pd.Series(values, index=pooled.data.index, name="weights")


def _shares_organisations(pooled: Pooled) -> bool:
    """Whether an organisation (the persistent id) answered more than one wave."""
    if pooled.membership is None or len(pooled.waves) < 2:
        return False
    return bool((pooled.membership.sum(axis=1) > 1).any())


def _harmonised(pooled: Pooled, question: str) -> HarmonisedQuestion | None:
    """Return the pooled question's harmonisation (None for the wave column)."""
    return next((h for h in pooled.harmonised.questions if h.question.id == question), None)


def _not_offered(
    pooled: Pooled, question: str, dont_know: DontKnowPolicy
) -> dict[str, tuple[str, ...]]:
    """Wave -> the common options in the table that the wave did not offer."""
    h = _harmonised(pooled, question)
    if h is None:
        return {}
    out_of_base = set(pooled.survey.spec(question).dont_know) if dont_know == "exclude" else set()
    missed = {
        wave: tuple(o for o in h.unreachable.get(wave, ()) if o not in out_of_base)
        for wave in pooled.waves
    }
    return {wave: options for wave, options in missed.items() if options}


def _gaps(
    pooled: Pooled, question: str, dont_know: DontKnowPolicy, table: Table
) -> tuple[tuple[str, str], ...]:
    """Return the (option, column) cells of options a wave did not offer, in table order."""
    missed = _not_offered(pooled, question, dont_know)
    if not missed:
        return ()
    rows = list(table.counts.index)
    columns = list(table.counts.columns)
    cells = []
    for wave, options in missed.items():
        # A column is a wave, or one of its groups ("<wave>: <group>"; no wave holds ": ").
        of_wave = [c for c in columns if str(c) == wave or str(c).startswith(f"{wave}: ")]
        cells += [(o, c) for o in options if o in rows for c in of_wave]
    order = {label: k for k, label in enumerate(rows)}
    return tuple(sorted(cells, key=lambda cell: (order[cell[0]], columns.index(cell[1]))))


def _unoffered_dont_know(
    pooled: Pooled, question: str, waves: Sequence[str]
) -> dict[str, list[str]]:
    """Wave -> don't know options it did not offer though another of `waves` did."""
    h = _harmonised(pooled, question)
    if h is None:
        return {}
    flagged = pooled.survey.spec(question).dont_know
    missed = {w: [o for o in flagged if o in h.unreachable.get(w, ())] for w in waves}
    offered = {o for w in waves for o in flagged if o not in missed[w]}
    return {w: [o for o in m if o in offered] for w, m in missed.items() if set(m) & offered}


def _wave_notes(
    pooled: Pooled,
    question: str,
    dont_know: DontKnowPolicy,
    *,
    waves: Sequence[str] | None = None,
) -> list[str]:
    """Return the notes of a trend or change: waves not asking, routing, options not offered.

    `waves` are those the result shows (a change compares two): a note of another wave
    names what the result does not hold ("Wave a did not offer 'Same': n/a there", under
    a change of b and c).
    """
    h = _harmonised(pooled, question)
    if h is None:
        return []
    shown = set(pooled.waves if waves is None else waves)
    notes = []
    # A wave that did not ask it has a base of 0: the table said only "No respondents in
    # the base of 2024", as if no one had answered, where pooled.notes said why.
    absent = [w for w, source in h.sources.items() if source is None and w in shown]
    if absent:
        notes.append(f"{question}: not asked in wave(s) {', '.join(absent)}.")
    routed = routing_note(h)
    if routed is not None:
        notes.append(routed)
    # A wave's 0 for an option it did not offer is not an answer: the guide's "a gap, not
    # a zero", as for a question a wave did not ask.
    for wave, missed in _not_offered(pooled, question, dont_know).items():
        if wave not in shown:
            continue
        listed = ", ".join(map(repr, missed))
        notes.append(f"Wave {wave} did not offer {listed}: n/a there means not offered (a "
                     "gap, not a zero).")  # fmt: skip
    if dont_know == "include":
        in_order = tuple(w for w in pooled.waves if w in shown)
        for wave, flags in _unoffered_dont_know(pooled, question, in_order).items():
            notes.append(
                f"Wave {wave} did not offer {', '.join(map(repr, flags))}, so its base holds "
                "no don't know answers where other waves' do: compare shares with "
                "dont_know='exclude'."
            )
    return notes


def _check_offered(
    pooled: Pooled, question: str, read: Share, waves: tuple[str, str], dont_know: DontKnowPolicy
) -> None:
    """Refuse a share of an option a wave did not offer, or bases a don't know splits.

    A wave that did not offer an option has a share of 0 by construction: compared, the
    change of the questionnaire read as a change of the answers ("rose from 0% ...").
    """
    h = _harmonised(pooled, question)
    if h is None:
        return
    for wave in waves:
        missed = [o for o in read.chosen if o in h.unreachable.get(wave, ())]
        if missed:
            msg = (
                f"question {question!r}: wave {wave!r} did not offer {missed}, so its share "
                f"there is 0 by construction, not by answer: a change of {read.what} would "
                "be a change of the questionnaire, not of the answers."
            )
            hint = (
                "Hint: compare a share both waves could give (options both offered, or a net "
                "of them); pooled.notes lists the options each wave did not offer."
            )
            raise InvalidBaseError(f"{msg}\n\n{hint}")
    if dont_know == "include":
        _check_dont_know_offered(pooled, question, waves)


def _check_dont_know_offered(pooled: Pooled, question: str, waves: tuple[str, str]) -> None:
    """Refuse bases of which one can hold don't know answers and the other cannot.

    With the don't know offered in one wave only, dont_know="include" compared a base
    inflated by it with one that could not hold it: a share fell from 60% to 50% where,
    without the don't knows, it rose to 62.5%. Refused, not noted: a note would leave a
    verdict printed whose direction may be the questionnaire's, and dont_know="exclude"
    gives two bases of the same kind.
    """
    for wave, missed in _unoffered_dont_know(pooled, question, waves).items():
        other = next(w for w in waves if w != wave)
        msg = (
            f"question {question!r}: wave {wave!r} did not offer {missed} but wave "
            f"{other!r} did, so with dont_know='include' one base holds don't know "
            "answers and the other cannot: the shares are of different bases."
        )
        hint = (
            "Hint: pass dont_know='exclude' to compare the shares of those who gave an "
            "answer in both waves."
        )
        raise InvalidBaseError(f"{msg}\n\n{hint}")


def _check_pooled(pooled: object, function: str) -> None:
    """Refuse what is not a :class:`Pooled` (a wave's frame failed with AttributeError)."""
    if isinstance(pooled, Pooled):
        return
    msg = f"{function}() needs the waves pooled by tt.waves.pool(); got a {type(pooled).__name__}."
    hint = (
        'Hint: pooled = tt.waves.pool({"2024": (data_2024, survey_2024), "2025": '
        '(data_2025, survey_2025)}, id="org_id"); then tt.waves.'
        f'{function}(pooled, "question", ...).'
    )
    raise InvalidDataError(f"{msg}\n\n{hint}")


def _banner(
    pooled: Pooled, question: str, by: str
) -> tuple[pd.DataFrame, str, npt.NDArray[np.bool_]]:
    """Return the question's columns, a column of ``"<wave>: <group>"``, rows of no group."""
    spec = pooled.survey.spec(by)
    if spec.type not in ("single", "ordinal") or by == pooled.wave_column:
        msg = f"`by` must be a single or ordinal question other than the wave; got {by!r}."
        raise InvalidOptionError(msg)
    if by == question:
        msg = f"`by` must be another question than the one tabulated ({question!r})."
        raise InvalidOptionError(msg)
    column = f"{pooled.wave_column}: {by}"
    waves = pooled.data[pooled.wave_column].astype(object)
    groups = pooled.data[spec.columns[0]].astype(object)
    answered = groups.isin(list(spec.options))
    labels = [f"{w}: {g}" for w in pooled.waves for g in spec.options]
    combined = [
        f"{w}: {g}" if ok else None for w, g, ok in zip(waves, groups, answered, strict=True)
    ]
    columns = list(pooled.survey.question(question).columns)
    frame = pooled.data[columns].copy()
    frame[column] = pd.Categorical(combined, categories=labels, ordered=True)
    return frame, column, ~answered.to_numpy(dtype=bool)


# -- from pooled data --------------------------------------------------------------------------


def _waves(pooled: Pooled, first: str | None, second: str | None) -> tuple[str, str]:
    if len(pooled.waves) < 2:
        msg = f"a change needs two waves; the pooled data has {list(pooled.waves)}."
        raise InvalidOptionError(msg)
    one = first if first is not None else pooled.waves[-2]
    two = second if second is not None else pooled.waves[-1]
    for name in (one, two):
        if name not in pooled.waves:
            msg = f"{name!r} is not a wave; the waves are {list(pooled.waves)}."
            raise InvalidOptionError(msg)
    if one == two:
        msg = f"`first` and `second` are the same wave {one!r}."
        raise InvalidOptionError(msg)
    return one, two


WeightsLike = str | pd.Series | Sequence[float] | None
_MEASURES = ("proportion_1", "proportion_2", "difference", "ci_low", "ci_high", "p_value")


def _weight_values(
    pooled: Pooled, weights: WeightsLike, waves: tuple[str, str]
) -> npt.NDArray[np.float64] | None:
    """Return one weight per pooled row, checked only in the rows of the waves compared.

    The rows of other waves play no part in the change (NaN there): a wave with no
    weights at all refused every change, even one between two other waves.
    """
    from tracktr.tabulate import _weights
    from tracktr.tabulate._common import _align_to_rows

    if weights is None:
        return None
    data = pooled.data
    rows = data[pooled.wave_column].astype(object).isin(waves).to_numpy()
    if isinstance(weights, str):
        values = _weights(data[rows], weights)
    else:
        if isinstance(weights, pd.Series):
            series = _align_to_rows(weights, data.index, name="weights")
        else:
            if np.ndim(weights) != 1 or len(weights) != len(data):
                _weights(data, weights)  # raises the error that names the shape
            series = pd.Series(weights)
            series.index = data.index
        values = _weights(data[rows], series[rows])
    out = np.full(len(data), np.nan)
    out[rows] = np.asarray(values, dtype=np.float64)
    return out


def _wave_sums(
    read: Share, rows: npt.NDArray[np.bool_], weights: npt.NDArray[np.float64], wave: str
) -> WaveSums:
    base = rows & read.base
    w = weights[base]
    total = float(w.sum())
    if total <= 0:
        msg = f"the weights of wave {wave!r} sum to {total} over the base of the share."
        hint = "Hint: give the respondents of every wave a weight above 0."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    counted = rows & read.yes
    return (
        float(weights[counted].sum()),
        total,
        float((w * w).sum()),
        int(base.sum()),
        int(counted.sum()),
    )


def _counts(
    read: Share, wave: npt.NDArray[Any], waves: tuple[str, str]
) -> tuple[int, int, int, int]:
    """Each wave's count and base (respondents) of a share."""
    one, two = ((wave == name) for name in waves)
    return (
        int((one & read.yes).sum()),
        int((one & read.base).sum()),
        int((two & read.yes).sum()),
        int((two & read.base).sum()),
    )


def change(
    pooled: Pooled,
    question: str,
    option: str | Sequence[str],
    /,
    *,
    item: str | None = None,
    first: str | None = None,
    second: str | None = None,
    dont_know: DontKnowPolicy = "include",
    weights: WeightsLike = None,
    level: float = 0.95,
    what: str | None = None,
) -> WaveChange:
    """Compare one share between two waves, pairing the organisations in both.

    The share is of a single or ordinal question (an option, several options counted
    together, or a net the codebook declares), of a multi-response set (the share
    ticking an option, or any of several), or of one item of a grid (the share choosing
    an option or a declared net, such as a top-2 box). Each wave's count and base are
    those of its trend table; the organisations in the base of both waves are paired on
    the persistent id (the overlap's 2x2 table).

    Parameters
    ----------
    pooled : Pooled
        From :func:`tracktr.waves.pool`.
    question : str
        A single, ordinal, multi-response or grid question of the pooled codebook.
    option : str or sequence of str
        The option whose share is compared, several options counted together (a net:
        chose any of them), or the name of a net declared in the codebook.
    item : str, optional
        For a grid: the item (its id, label or column).
    first, second : str, optional
        The waves compared; by default the last two.
    dont_know : {"include", "exclude"}, default "include"
        Whether "don't know" answers are in the bases (single, ordinal and grid; for a
        multi-response set, "exclude" leaves out who ticked only don't know, as its
        trend table does).
    weights : str, Series or sequence of float, optional
        Weights of the pooled rows (each wave's own weights): a column of
        ``pooled.data`` (carry it with ``pool(..., keep=[...])``), a Series indexed like
        it, or one value per row. The shares become weighted shares and the variances
        use Kish effective bases (see :mod:`tracktr.waves.overlap`, "Weights"); equal
        weights give the unweighted answer, and scaling a wave's weights changes nothing.
        If the organisations in both waves all weigh 0 in one of them, they carry no
        covariance and the waves are compared as independent samples (with a note).
    level : float, default 0.95
        The confidence level.
    what : str, optional
        What the share is of, in words, for :func:`describe_change`; by default the
        option label(s) in quotes.

    Returns
    -------
    WaveChange

    Raises
    ------
    tracktr.QuestionNotFoundError
        If the question, an item or an option is not in the pooled codebook.
    tracktr.InvalidOptionError
        If a wave is unknown, the two waves are the same, a grid has no `item` or
        another question has one, the question is numeric or text, or `what` is not text.
    tracktr.InvalidWeightsError
        If the weights are not one finite number of at least 0 per row, or a wave's
        weights sum to 0.
    tracktr.InvalidBaseError
        If no respondent of a wave is in the base of the share; if one of the two waves
        did not offer an option of the share (its share is 0 by construction); or, with
        ``dont_know="include"``, if one wave offered a don't know option the other did
        not (the bases differ in kind: use ``dont_know="exclude"``).

    Examples
    --------
    >>> import tracktr as tt
    >>> pooled = tt.waves.pool(tt.datasets.tracktr_waves(),
    ...                        harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    >>> result = tt.waves.change(pooled, "main_funding", "Funded by a CRC",
    ...                          what="funded by a CRC")
    >>> result.count1, result.base1, result.count2, result.base2, result.both
    (24, 139, 34, 135, (15, 0, 6, 64))
    >>> print(tt.waves.describe_change(result))
    The share funded by a CRC rose from 17% (24 of 139) in 2015-05 to 25% (34 of 135) in
    2015-10, from around one in six to a quarter: a change of 8 percentage points (95% CI 1
    to 15; overlapping-samples test, 85 organisations in both waves, p = 0.02): a clear
    change.

    A multi-response option, and one item of a grid:

    >>> ticked = tt.waves.change(pooled, "specialism", "A women's organisation")
    >>> ticked.count1, ticked.base1, ticked.count2, ticked.base2, ticked.both
    (19, 156, 18, 151, (10, 1, 4, 76))
    >>> top2 = tt.waves.change(pooled, "relationships", ["Very good", "Good"], item="prisons",
    ...                        what="rating prisons good or very good")
    >>> top2.count1, top2.base1, top2.count2, top2.base2, top2.matched
    (77, 105, 75, 102, 60)
    """
    _check_pooled(pooled, "change")
    one, two = _waves(pooled, first, second)
    read = share(pooled, question, option, item=item, dont_know=dont_know)
    _check_offered(pooled, question, read, (one, two), dont_know)
    label = what if what is not None else read.what
    values = _weight_values(pooled, weights, (one, two))
    wave = pooled.data[pooled.wave_column].astype(object).to_numpy()
    _, n1, _, n2 = _counts(read, wave, (one, two))
    for name, n in ((one, n1), (two, n2)):
        if n == 0:
            msg = (
                f"question {question!r}: no respondent of wave {name!r} is in the base of {label}."
            )
            hint = "Hint: check pooled.notes (a question a wave did not ask) and `dont_know`."
            raise InvalidBaseError(f"{msg}\n\n{hint}")
    result = _compared(pooled, read, wave, (one, two), values, level=level, what=label)
    notes = _wave_notes(pooled, question, dont_know, waves=(one, two))
    if notes:
        result = dataclasses.replace(result, notes=(*result.notes, *notes))
    return result


def _compared(
    pooled: Pooled,
    read: Share,
    wave: npt.NDArray[Any],
    waves: tuple[str, str],
    values: npt.NDArray[np.float64] | None,
    *,
    level: float,
    what: str,
) -> WaveChange:
    """Compare a share read from the pooled rows (both bases known not to be empty)."""
    one, two = waves
    if values is None:
        x1, n1, x2, n2 = _counts(read, wave, waves)
        both, _ = overlap_table(pooled, read, waves)
        return compare_overlapping(x1, n1, x2, n2, both=both, level=level, labels=waves, what=what)
    sums = [_wave_sums(read, wave == name, values, name) for name in (one, two)]
    matched, _ = overlap_table(pooled, read, waves)
    both, _ = overlap_table(pooled, read, waves, values)
    a, b, c, d = (int(v) for row in matched for v in row)
    return compare_weighted(
        sums[0], sums[1], both=both, matched=(a, b, c, d), level=level, labels=waves, what=what
    )


def changes(
    pooled: Pooled,
    question: str,
    /,
    *,
    first: str | None = None,
    second: str | None = None,
    dont_know: DontKnowPolicy = "include",
    weights: WeightsLike = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Return the change of every share of a question between two waves, one row each.

    Every option (then every net the codebook declares) of a single, ordinal or
    multi-response question; every item by every option (then net) of a grid. Each row
    is :func:`change` of that share.

    Parameters
    ----------
    pooled, question, first, second, dont_know, weights, level
        As in :func:`change`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``option`` (grids: ``item`` and ``option``), with each wave's count
        and base (respondents), the respondents in both (``matched``), the two shares
        (weighted with `weights`), the change with its interval, the p-value and the
        kind of test. A share whose base is empty in a wave, or of an option one of the
        two waves did not offer, has NaN measures. ``frame.attrs["notes"]`` holds the
        notes of the question (options not offered, routing that differs).

    Raises
    ------
    tracktr.InvalidBaseError
        With ``dont_know="include"``, if one wave offered a don't know option the other
        did not (as :func:`change`).

    Examples
    --------
    >>> import tracktr as tt
    >>> pooled = tt.waves.pool(tt.datasets.tracktr_waves(),
    ...                        harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    >>> frame = tt.waves.changes(pooled, "main_funding")
    >>> frame[["count_1", "base_1", "count_2", "base_2", "matched"]]
                                    count_1  base_1  count_2  base_2  matched
    option
    Funded by a CRC                      24     139       34     135       85
    Funded by the NPS                     1     139        1     135       85
    Not funded by a CRC or the NPS      114     139      100     135       85
    >>> grid = tt.waves.changes(pooled, "relationships")
    >>> grid.loc["prisons", ["count_1", "base_1", "count_2", "base_2"]].head(2)
    ... # doctest: +NORMALIZE_WHITESPACE
               count_1  base_1  count_2  base_2
    option
    Very good       32     105       31     102
    Good            45     105       44     102
    """
    _check_pooled(pooled, "changes")
    one, two = _waves(pooled, first, second)
    spec = pooled.survey.spec(question)
    rows = []
    wave = pooled.data[pooled.wave_column].astype(object).to_numpy()
    values = _weight_values(pooled, weights, (one, two))
    if dont_know == "include":
        _check_dont_know_offered(pooled, question, (one, two))
    harmonised = _harmonised(pooled, question)
    unoffered = {} if harmonised is None else harmonised.unreachable
    for item, option in shares(pooled, question, dont_know=dont_know):
        row: dict[str, Any] = {**({"item": item} if spec.type == "grid" else {}), "option": option}
        read = share(pooled, question, option, item=item, dont_know=dont_know)
        x1, n1, x2, n2 = _counts(read, wave, (one, two))
        not_offered = any(o in unoffered.get(w, ()) for w in (one, two) for o in read.chosen)
        if not_offered or not (n1 and n2):
            # An empty base (a wave that did not ask, or only don't know): nothing to compare.
            nothing = dict.fromkeys(_MEASURES, math.nan)
            rows.append(
                {
                    **row,
                    "count_1": x1,
                    "base_1": n1,
                    "count_2": x2,
                    "base_2": n2,
                    "matched": 0,
                    **nothing,
                    "test": None,
                }
            )
            continue
        result = _compared(pooled, read, wave, (one, two), values, level=level, what=read.what)
        rows.append(
            {
                **row,
                "count_1": result.count1,
                "base_1": result.base1,
                "count_2": result.count2,
                "base_2": result.base2,
                "matched": result.matched,
                "proportion_1": result.proportion1,
                "proportion_2": result.proportion2,
                "difference": result.difference,
                "ci_low": result.difference_ci[0],
                "ci_high": result.difference_ci[1],
                "p_value": result.p_value,
                "test": result.test,
            }
        )
    index = ["item", "option"] if spec.type == "grid" else "option"
    frame = pd.DataFrame(rows).set_index(index)
    notes = _wave_notes(pooled, question, dont_know)
    for w, options in _not_offered(pooled, question, dont_know).items():
        if w in (one, two):
            notes.append(
                f"Not compared: {', '.join(map(repr, options))}, not offered in wave {w} "
                "(measures NaN)."
            )
    frame.attrs["notes"] = tuple(dict.fromkeys(notes))
    return frame


# -- in words ----------------------------------------------------------------------------------


def _shares_of(result: WaveChange) -> tuple[Fraction, Fraction]:
    """Each wave's share, exactly: of counts, or of weighted sums as written in decimal."""
    if result.weighted is None:
        return Fraction(result.count1, result.base1), Fraction(result.count2, result.base2)
    s1, w1, s2, w2 = (Fraction(repr(v)) for v in result.weighted)
    return s1 / w1, s2 / w2


def _points(value: float) -> str:
    """Write a float change (an interval's bound) in whole points, read as the decimal it prints."""
    text = format_percent(Fraction(repr(abs(100 * value))), small=False, large=False)
    text = text.rstrip("%")
    return f"-{text}" if value < 0 and text != "0" else text


def _units(value: Fraction, decimals: int) -> int:
    """Return `value` (a share or a change, as a fraction of 1) in ``10**-decimals`` percent.

    Exactly, half-up, through :mod:`tracktr.rounding`; a fall is rounded as its size is
    (half away from zero), so a fall and a rise of the same size read alike.
    """
    size = percentage_units([abs(value.numerator)], [value.denominator], decimals=decimals)
    return -int(size[0]) if value < 0 else int(size[0])


def _units_text(units: int, decimals: int) -> str:
    """Write signed units of ``10**-decimals`` points: -49 at one decimal is ``"-4.9"``."""
    size = format_percent(
        Fraction(abs(units), 10**decimals), decimals=decimals, small=False, large=False
    )
    return ("-" if units < 0 else "") + size.rstrip("%")


def _change_said(share1: Fraction, share2: Fraction) -> tuple[str, str]:
    """Return the change as said (``"4 percentage points"``) and its exact value, if needed.

    The change said is the difference of the two shares as printed (whole percentages,
    half-up), so that the sentence adds up. When the exact change, rounded the same way,
    is another whole number, the second text gives it to one decimal
    (``"4.9 from the unrounded shares; "``); otherwise it is empty.
    """
    said = _units(share2, 0) - _units(share1, 0)
    unit = "percentage point" if abs(said) == 1 else "percentage points"
    exact = share2 - share1
    aside = ""
    if _units(exact, 0) != said:
        aside = f"{_units_text(_units(exact, 1), 1)} from the unrounded shares; "
    return f"{_units_text(said, 0)} {unit}", aside


def _test_said(result: WaveChange) -> str:
    """Name the test and the organisations in both waves."""
    matched = result.matched
    # "1 organisations in both waves" read wrong: the noun follows the number.
    organisations = f"{matched} organisation{'s' * (matched != 1)}"
    if result.test == "independent" and matched:
        # A weighted overlap whose organisations each weigh 0 in one wave: no covariance.
        weigh = "weighs" if matched == 1 else "weigh"
        return f"two-sample test, the {organisations} in both waves {weigh} 0 in one of them"
    return {
        "independent": "two-sample test, no organisation in both waves",
        "paired": (
            "McNemar's test, the one organisation in both waves"
            if matched == 1
            else f"McNemar's test, all {organisations} in both waves"
        ),
        "overlapping": f"overlapping-samples test, {organisations} in both waves",
    }[result.test]


def describe_change(result: WaveChange, /, *, alpha: float | None = None) -> str:
    """Return one plain-English sentence about a change between waves.

    Parameters
    ----------
    result : WaveChange
        From :func:`change` or :func:`~tracktr.waves.compare_overlapping`.
    alpha : float, optional
        The significance level of "a clear change"; by default ``1 - result.level``.

    Returns
    -------
    str
        Both percentages with their counts and bases, the shares in words
        (:func:`tracktr.describe_share`), the change in percentage points with its
        interval, the test and the verdict: "a clear change" when the p-value is below
        `alpha`, otherwise "not a clear change".

    Raises
    ------
    tracktr.InvalidDataError
        If `result` is not a :class:`~tracktr.waves.WaveChange`.
    tracktr.InvalidOptionError
        If `alpha` is not a number between 0 and 1.

    Notes
    -----
    The shares and the change are rounded half-up through :mod:`tracktr.rounding` from
    exact values: each share from its counts (or weighted sums), never from a float, and
    the change as the exact difference of the two. Rounding the two shares and their
    change separately can contradict itself: 7 of 40 (17.5%) and 23 of 125 (18.4%) both
    print as 18%, while the change, 0.9 points, rounds to 1. So the change said is always
    the difference of the two printed shares, and the sentence adds up ("stayed at 18%: a
    change of 0 percentage points"). When that differs from the exact change rounded
    half-up, the exact change follows to one decimal, rounded half-up from the counts
    ("0.9 from the unrounded shares"), so that a reader sees both the arithmetic of the
    printed figures and the change the interval and the test are about. The interval is
    of the exact change, in whole points. "Rose" and "fell" compare the exact shares.

    Examples
    --------
    >>> import tracktr as tt
    >>> result = tt.waves.compare_overlapping(
    ...     18, 100, 23, 100, both=[[12, 3], [6, 39]], labels=("2015", "2016"),
    ...     what="funded by a CRC")
    >>> print(tt.waves.describe_change(result))
    The share funded by a CRC rose from 18% (18 of 100) in 2015 to 23% (23 of 100) in 2016,
    from around one in six to nearly a quarter: a change of 5 percentage points (95% CI -4
    to 14; overlapping-samples test, 60 organisations in both waves, p = 0.23): not a clear
    change.

    17.5% and 22.4% print as 18% and 22%: the change said is 4 points, and the exact
    change (4.9 points, which would round to 5) follows:

    >>> result = tt.waves.compare_overlapping(70, 400, 224, 1000, both=[[0, 0], [0, 0]])
    >>> print(tt.waves.describe_change(result))
    The share answering yes rose from 18% (70 of 400) in wave 1 to 22% (224 of 1000) in
    wave 2, from around one in six to just over a fifth: a change of 4 percentage points
    (4.9 from the unrounded shares; 95% CI 0 to 9; two-sample test, no organisation in both
    waves, p = 0.04): a clear change.
    """
    if not isinstance(result, WaveChange):
        msg = f"describe_change() needs a tt.waves.WaveChange; got a {type(result).__name__}."
        hint = (
            'Hint: tt.waves.change(pooled, "question", "option") or '
            "tt.waves.compare_overlapping(count1, base1, count2, base2, both=...) returns one."
        )
        raise InvalidDataError(f"{msg}\n\n{hint}")
    if alpha is None:
        alpha = 1 - result.level
    elif isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        # alpha=True (1) called every change clear; alpha=5 meant 5%
        msg = f"`alpha` must be a number between 0 and 1, such as 0.05; got {alpha!r}."
        raise InvalidOptionError(msg)
    # The labels and `what` are the user's text: the text rule removes control characters
    # and bidirectional overrides, as describe_comparison() does.
    one, two = (printable(label) for label in result.labels)
    what = printable(result.what)
    share1, share2 = _shares_of(result)
    p1, p2 = format_percent(100 * share1), format_percent(100 * share2)
    of1, of2 = f"{result.count1} of {result.base1}", f"{result.count2} of {result.base2}"
    if result.weighted is not None:
        of1, of2 = f"weighted; {of1} respondents", f"weighted; {of2} respondents"
    if p1 == p2:
        opening = f"The share {what} stayed at {p2} ({of1} in {one}, {of2} in {two})"
    else:
        verb = "rose" if share2 > share1 else "fell"
        opening = f"The share {what} {verb} from {p1} ({of1}) in {one} to {p2} ({of2}) in {two}"
        words1, words2 = describe_share(share1), describe_share(share2)
        if words1 != words2:
            opening += f", from {words1} to {words2}"
    low, high = result.difference_ci
    points, exact = _change_said(share1, share2)
    # The printed p stays on the side of `alpha` that the verdict reads: p = 0.0951 with
    # alpha=0.10 printed "p = 0.10" beside "a clear change".
    p = _p_text(result.p_value, result.level, alpha=alpha)
    verdict = "a clear change" if result.p_value < alpha else "not a clear change"
    sentence = (
        f"{opening}: a change of {points} ({exact}{level_text(result.level)} CI "
        f"{_points(low)} to {_points(high)}; {_test_said(result)}, {p}): {verdict}"
    )
    if result.small_base:
        smallest = min(result.base1, result.base2)
        sentence += f"; care is needed: a base is small (n={smallest})"
    return sentence + "."

"""Numbers to published bands, with an explicit boundary rule."""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import NoReturn, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._numbers import is_truth, whole_number
from tracktr._numeric_cells import number_values
from tracktr.exceptions import InvalidOptionError, UnknownValueError, rows_named
from tracktr.recode._common import (
    Recoded,
    _as_series,
    _categorical,
    _check_not_marker,
    _derived,
    _markers_in,
    _name,
    _named,
    _new_options,
    _wrong_question,
)
from tracktr.survey import Band, NumericQuestion, OrdinalQuestion, Question
from tracktr.typing import BandClosed, check_choice

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
    """Return the default labels of :func:`~tracktr.recode.band`, which spell out the boundary rule.

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
    # Whole numbers as given: 2**62 and 2**62 + 1 are one float but two edges.
    text = [
        _format_edge(int(edge) if isinstance(edge, int | np.integer) else cut, prefix)
        for edge, cut in zip(edges, cuts, strict=True)
    ]
    if closed == "left":
        middle = [f"{low} to under {high}" for low, high in pairwise(text)]
        return [f"Under {text[0]}", *middle, f"{text[-1]} and over"]
    middle = [f"Over {low} to {high}" for low, high in pairwise(text)]
    return [f"{text[0]} or less", *middle, f"Over {text[-1]}"]


def _check_edges(edges: Sequence[float]) -> list[float]:
    # float() would read True as 1 and "5" as 5: edges are numbers or an error.
    numeric = isinstance(edges, Sequence) and not isinstance(edges, str)
    if not numeric or any(
        is_truth(e)
        or not isinstance(e, int | float | np.integer | np.floating | Decimal | Fraction)
        for e in edges
    ):
        msg = f"`edges` must be numbers; got {edges!r}."
        raise InvalidOptionError(msg)
    if not edges:
        msg = "`edges` must hold at least one boundary."
        raise InvalidOptionError(msg)
    exact = [_exact(edge) for edge in edges]  # None where not finite
    try:
        cuts = [float(edge) for edge in edges]
    except OverflowError:  # a whole number beyond any float
        cuts = [math.inf]
    if any(edge is None for edge in exact) or not all(math.isfinite(c) for c in cuts):
        msg = (
            f"`edges` must be finite; got {list(edges)!r}.\n\nHint: the first and last "
            "bands are open-ended already; give only the boundaries between bands."
        )
        raise InvalidOptionError(msg)
    # Compared exactly: beyond 2**53, floats merge neighbouring whole numbers.
    if any(high <= low for low, high in pairwise(exact)):  # type: ignore[operator]
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
        The numbers; missing markers and blank cells pass through. Numbers written as
        text are read as :func:`tracktr.summarise` reads them (``"1,000,000"``, ``" 5 "``,
        thousands between no-break spaces); see :meth:`tracktr.Survey.prepare`.
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
        (``min <= value < max``, so ``closed="left"``) give the edges and labels; they
        may leave a gap, or close the first or last band, where no answer falls. The
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
        A value that is not a finite number (text that is no number, True/False, a
        complex number, infinity); with the bands of `question`, a value that none of
        them holds (below the first band's ``min``, in a gap between two bands, or from
        the last band's ``max``). The message names the values and rows.
    tracktr.InvalidOptionError
        Edges that are not increasing or not finite; labels of the wrong length.
    tracktr.UnknownMethodError
        `closed` is neither ``"left"`` nor ``"right"``.

    Notes
    -----
    With ``closed="left"`` a value ``x`` falls in band ``i`` when
    ``edges[i - 1] <= x < edges[i]``; with ``"right"`` when ``edges[i - 1] < x <= edges[i]``.

    Values are compared exactly, never as binary floats: integers of any size, ``Decimal``
    and ``Fraction`` values as they are, each edge as the decimal it is written as. A
    float within a relative ``1e-12`` of an edge (``|x - edge| <= 1e-12 * |edge|``) is on
    the edge, so ``0.1 + 0.2`` (stored as ``0.30000000000000004``) is on an edge of ``0.3``.
    Figures that really differ from an edge at the 12th significant digit are not
    distinguished from it; no survey answer is recorded that finely.
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
    covering: Sequence[Band] = ()  # the codebook's bands, when they give the edges
    if edges is None:
        if question is None or not question.bands:
            msg = (
                "band() needs `edges`, or a numeric `question` with published bands.\n\n"
                "Hint: pass the boundaries between bands, e.g. `[100_000, 250_000]`."
            )
            raise InvalidOptionError(msg)
        edges, codebook_labels = _edges_of(question.bands, closed, question.id)
        labels = codebook_labels if labels is None else labels
        covering = question.bands
    # A codebook's single band has no edge: it holds every answer (checked below).
    cuts = [] if covering and not edges else _check_edges(edges)
    names = _band_names(edges, labels, closed=closed, prefix=prefix)
    series = _as_series(values)
    cells = series.to_numpy(dtype=object)
    # Read as summaries and estimates read a numeric column: number text ("1,000,000")
    # is its number, and what is neither a number nor missing is refused, naming its rows.
    source = _name(series) or (question.id if question is not None else "")
    numbers, _ = number_values(series, source)
    # Each edge as the number it is written as: integers whole, floats as their decimal.
    edges_exact = [
        Fraction(repr(float(e))) if isinstance(e, float | np.floating) else Fraction(e)
        for e in edges
    ]
    find = bisect.bisect_right if closed == "left" else bisect.bisect_left
    out: list[object] = []
    read: list[tuple[int, Fraction, bool]] = []
    for position, (cell, number) in enumerate(zip(cells, numbers, strict=True)):
        value = None if number is None else _exact(number)
        # Only binary floats carry representation error; integers and decimals are exact.
        floating = isinstance(number, float | np.floating)
        on_edge = value if value is None or not floating else _on_edge(value, edges_exact)
        out.append(cell if on_edge is None else names[find(edges_exact, on_edge)])
        if value is not None:
            read.append((position, value, floating))
    if covering:
        _refuse_uncovered(covering, read, numbers, series.index, question_id=source)
    result = _named(_categorical(out, [*names, *_markers_in(series)], series), name)
    if question is None:
        return result
    qid = name or question.id
    rule = "a value on an edge in the band above" if closed == "left" else "in the band below"
    note = (
        f"Banded from {question.id} at {cuts} ({rule})."
        if cuts
        else f"Banded from {question.id} into its one band {names[0]!r}."
    )
    new = _derived(question, OrdinalQuestion, id=qid, options=_new_options(names), note=note)
    return Recoded(result.rename(qid), new)


EDGE_TOLERANCE = Fraction(1, 10**12)
"""Relative distance within which a value counts as on an edge (float arithmetic error)."""


def _exact(cell: object) -> Fraction | None:
    """Return a number exactly (integers of any size stay whole), or None if not one."""
    if isinstance(cell, bool | np.bool_):
        return None
    if isinstance(cell, int | np.integer):
        return Fraction(int(cell))
    if isinstance(cell, float | np.floating | Decimal | Fraction):
        if isinstance(cell, float | np.floating | Decimal) and not math.isfinite(cell):
            return None
        return Fraction(cell) if not isinstance(cell, np.floating) else Fraction(float(cell))
    return None


def _on_edge(value: Fraction, edges: Sequence[Fraction]) -> Fraction:
    """Move a value that differs from an edge only by float error onto that edge.

    ``0.1 + 0.2`` is ``0.30000000000000004`` in binary floating point; read as the
    decimal the analyst meant, it is on an edge of 0.3, not above it.
    """
    for edge in edges:
        if abs(value - edge) <= EDGE_TOLERANCE * abs(edge):
            return edge
    return value


def _band_names(
    cuts: Sequence[float], labels: Sequence[str] | None, *, closed: BandClosed, prefix: str
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
        if below.max is not None and above.min is not None and below.max < above.min:
            # A gap: the answers in it are refused by _refuse_uncovered, naming them.
            edges.append(below.max)
            continue
        if below.max is None or above.min is None or below.max != above.min:
            _refuse_band_order(bands, below, above, qid)
        edges.append(below.max)
    return edges, [b.label for b in bands]


def _band_text(band: Band) -> str:
    """Return a band as a codebook writes it: ``{ label = "Under 10", max = 10 }``."""
    # A TOML basic string escapes as JSON does.
    parts = [f"label = {json.dumps(band.label, ensure_ascii=False)}"]
    parts += [
        f"{k} = {whole_number(v)}"
        for k, v in (("min", band.min), ("max", band.max))
        if v is not None
    ]
    return "{ " + ", ".join(parts) + " }"


def _in_order(bands: Sequence[Band]) -> bool:
    """Whether each band starts where the one before it ends, or above it (a gap)."""
    return all(
        below.max is not None and above.min is not None and below.max <= above.min
        for below, above in pairwise(bands)
    )


def _refuse_band_order(bands: Sequence[Band], below: Band, above: Band, qid: str) -> NoReturn:
    """Raise for a codebook's bands out of order or overlapping, in the codebook's terms.

    Bands listed from highest to lowest, or a band open at an end another band follows
    or precedes, were refused with "do not meet at one edge. Hint: pass `edges=`", the
    fix of a call to :func:`~tracktr.recode.band`, not of a codebook, whose bands give the edges.
    """
    written = ", ".join(_band_text(b) for b in bands)
    ordered = sorted(bands, key=lambda b: -math.inf if b.min is None else b.min)
    if list(ordered) != list(bands) and _in_order(ordered):
        msg = (
            f"question {qid!r}: the codebook's bands are not listed from lowest to highest "
            f"(bands = [{written}]); they are read in the order written, as the table's rows."
        )
        fix = f"list them from lowest to highest: bands = [{', '.join(map(_band_text, ordered))}]"
    else:
        msg = (
            f"question {qid!r}: the codebook's bands {_band_text(below)} and "
            f"{_band_text(above)} overlap (a band holds min <= value < max, and each starts "
            f"where the one before it ends, or above it); bands = [{written}]."
        )
        if below.max is None:
            fix = (
                f"give {below.label!r} a max of at most the min of {above.label!r}, or list it last"
            )
        elif above.min is None:
            fix = (
                f"give {above.label!r} a min, at least the max of {below.label!r}, or list it first"
            )
        else:
            fix = (
                f"make the max of {below.label!r} {whole_number(above.min)}, or the min of "
                f"{above.label!r} {whole_number(below.max)}"
            )
    raise InvalidOptionError(f"{msg}\n\nHint: in the codebook, {fix}.")


def _exact_bound(bound: float) -> Fraction:
    """Return a band's bound as the number it is written as (a float as its decimal)."""
    return Fraction(repr(float(bound))) if isinstance(bound, float) else Fraction(bound)


_Uncovered = tuple[Fraction | None, Fraction | None, str, str]
"""A range ``[low, high)`` no band holds (None: open), where it lies, and how to cover it."""


def _uncovered_parts(bands: Sequence[Band]) -> list[_Uncovered]:
    """Return the ranges no band holds, each with where it lies and the codebook's fix.

    Below the first band's ``min``, between two bands that do not meet, and from the
    last band's ``max``: :func:`~tracktr.recode.band` would otherwise put such an answer in the band
    beside it, whose label it contradicts.
    """
    first, last = bands[0], bands[-1]
    parts: list[_Uncovered] = []
    if first.min is not None:
        where = f"below the band {first.label!r}"
        parts.append((None, _exact_bound(first.min), where, f"lower the min of {first.label!r}"))
    for below, above in pairwise(bands):
        if below.max is not None and above.min is not None and below.max < above.min:
            where = f"between the bands {below.label!r} and {above.label!r}"
            label = f"{_format_edge(below.max, '')} to under {_format_edge(above.min, '')}"
            fix = (
                f'add {{ label = "{label}", min = {whole_number(below.max)}, max = '
                f"{whole_number(above.min)} }} between them, or extend one to meet the other"
            )
            parts.append((_exact_bound(below.max), _exact_bound(above.min), where, fix))
    if last.max is not None:
        where = f"above the band {last.label!r}"
        parts.append((_exact_bound(last.max), None, where, f"raise the max of {last.label!r}"))
    return parts


def _refuse_uncovered(
    bands: Sequence[Band],
    read: Sequence[tuple[int, Fraction, bool]],
    numbers: npt.NDArray[np.object_],
    index: pd.Index,
    *,
    question_id: str,
) -> None:
    """Raise if an answer falls in no band of the codebook: below, between or above them.

    Bands 1-10 and 21-50 with answers of 11 to 20 were refused with "do not meet at one
    edge. Hint: pass `edges=`", which is not the fix of a codebook's bands; an answer
    below the first band's min or from the last band's max was put in that band without
    a word. `read` holds each answered row's position, exact value and whether it is a
    float (whose representation error an edge absorbs, as :func:`~tracktr.recode.band` does).
    """
    parts = _uncovered_parts(bands)
    if not parts:
        return
    bounds = [b for low, high, _, _ in parts for b in (low, high) if b is not None]
    found: dict[int, list[int]] = {}
    for position, value, floating in read:
        exact = _on_edge(value, bounds) if floating else value
        for k, (low, high, _, _) in enumerate(parts):
            if (low is None or exact >= low) and (high is None or exact < high):
                found.setdefault(k, []).append(position)
    if not found:
        return
    positions = sorted(p for at in found.values() for p in at)
    values = sorted({whole_number(numbers[p]) for p in positions}, key=lambda v: _exact(v) or 0)
    where = "; ".join(parts[k][2] for k in sorted(found))
    msg = (
        f"question {question_id!r}: {len(positions)} answer(s) fall in no band of the "
        f"codebook ({where}), from {values[0]} to {values[-1]}, in rows "
        f"{rows_named(list(index[positions]))}."
    )
    fixes = "; ".join(f"{parts[k][3]}" for k in sorted(found))
    hint = (
        f"Hint: extend the bands of question {question_id!r}, or add one, so that a band "
        f"holds every answer (a band holds min <= value < max): {fixes}."
    )
    raise UnknownValueError(
        f"{msg}\n\n{hint}",
        question=question_id,
        values=tuple(values),
        rows=tuple(index[positions]),
    )

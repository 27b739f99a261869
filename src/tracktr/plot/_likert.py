"""Diverging stacked bars of an ordinal scale, with neutral and "don't know" drawn apart."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import InvalidOptionError
from tracktr.plot._bar import _nets_table
from tracktr.plot._figure import (
    _DONT_KNOW,
    _DONT_KNOW_HATCH,
    _FONT,
    _INK,
    _NEGATIVE,
    _NEUTRAL,
    _NEUTRAL_HATCH,
    _POSITIVE,
    _TITLE_FONT,
    _as_written,
    _axes,
    _figure_width,
    _fill,
    _legend_below,
    _names_chars,
    _percent_axis,
    _pyplot,
    _room,
    _row_height,
    _style,
    _text_colour,
    _text_inches,
    _tint,
    _title_chars,
)
from tracktr.plot._labels import (
    TOTALS_NOTE,
    _base_line,
    _base_text,
    _defined,
    _dont_know_options,
    _fraction,
    _is_dont_know,
    _label,
    _n,
    _reads_off_scale,
    _require_table,
    _rounding_notes,
    _share,
    _title,
    _wrap,
)
from tracktr.rounding import format_percent
from tracktr.table import Table
from tracktr.typing import Polarity, check_choice

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from tracktr.nets import NetsLike
    from tracktr.survey import Survey


def _net_layout(
    table: Table, nets: NetsLike | Table | None
) -> tuple[_Grid | None, list[str], list[float]]:
    """Return the nets as a grid of bars, their names, and each column's share of the axis."""
    if nets is None:
        return None, [], []
    grid = _Grid.of(_nets_table(table, nets))
    names = [str(n) for n in grid.counts.columns]
    return grid, names, [max(0.08, 0.012 * len(name)) for name in names]


def _net_middles(room: list[float], span: float, right: float) -> list[float]:
    """Return the middle of each net column, given where the last one ends."""
    ends = right - np.cumsum([w * span for w in room][::-1])[::-1]
    return [float(end + w * span / 2) for end, w in zip(ends, room, strict=True)]


def _net_columns(ax: Axes, grid: Any, widths: list[float], left: float, gap: float) -> float:
    """Write each net's percentages in a bold column from `left`; return where they end."""
    ax.axvline(left - gap / 2, color="#888888", linewidth=0.8, linestyle="--")
    y = np.arange(len(grid.bars))[::-1].astype(float)
    for point, width in zip(grid.counts.columns, widths, strict=True):
        for j, b in enumerate(grid.bars):
            ax.text(left + width / 2, y[j], grid.label(b, point), ha="center", va="center",
                    fontsize=_FONT, fontweight="bold", color=_INK)  # fmt: skip
        left += width
    return left


_Side = list[Any]
_Shares = np.ndarray[Any, np.dtype[np.float64]]


# Words that mark a scale point as negative or positive. Negative words are tried first,
# because several contain a positive one ("disagree", "dissatisfied", "unsustainable").
_NEGATIVE_WORDS = re.compile(
    r"\b(disagree|dissatisf|unsatisf|unsustainab|unlikely|inadequate|unclear|unhelpful|"
    r"poor|bad|negative|wors|decreas|reduc|fell|fall|declin|weak|difficult|never|no\b)",
    re.IGNORECASE,
)
_POSITIVE_WORDS = re.compile(
    r"\b(agree|satisf|sustainab|likely|adequate|clear|helpful|good|excellent|positive|"
    r"improv|better|increas|rose|rise|grow|strong|easy|always|yes\b)",
    re.IGNORECASE,
)
_INTENSIFIERS = re.compile(
    r"^(strongly|very|somewhat|slightly|fairly|quite|completely|totally|extremely|mostly)\s+"
    r"|\s+(a lot|a little|a great deal|slightly|somewhat|greatly|significantly)$",
    re.IGNORECASE,
)


def _tone(label: Any) -> int:
    """Return -1 for a negative label, 1 for a positive one, 0 when it says neither or both."""
    text = str(label)
    negative = _NEGATIVE_WORDS.search(text) is not None
    positive = _POSITIVE_WORDS.search(_NEGATIVE_WORDS.sub(" ", text)) is not None
    if negative == positive:  # neither, or both ("Neither agree nor disagree")
        return 0
    return -1 if negative else 1


def _positive_first(scale: list[Any], polarity: Polarity) -> bool:
    """Whether the scale runs from its positive end, read from its labels unless told."""
    if polarity != "auto":
        return polarity == "positive_first"
    half = len(scale) // 2
    lead = sum(_tone(p) for p in scale[:half])
    tail = sum(_tone(p) for p in scale[len(scale) - half :])
    return lead > tail


def _side_name(side: _Side, fallback: str) -> str:
    """Name a side by its mildest point without intensifiers: "Strongly agree" -> "Agree"."""
    if not side:
        return fallback
    name = _INTENSIFIERS.sub("", str(side[0])).strip()
    return name[:1].upper() + name[1:] if name else fallback


def _classify(
    points: list[Any],
    *,
    dont_know: Sequence[str],
    negative: Sequence[Any] | None,
    neutral: Sequence[Any] | None,
    positive: Sequence[Any] | None,
    question: str,
    polarity: Polarity = "auto",
) -> tuple[_Side, _Side, _Side, _Side]:
    if negative is None and neutral is None and positive is None:
        dk = [p for p in points if _is_dont_know(p, dont_know)]
        scale = [p for p in points if p not in dk]
        half = len(scale) // 2
        first, middle, last = (
            scale[:half],
            scale[half : len(scale) - half],
            scale[len(scale) - half :],
        )
        if _positive_first(scale, polarity):
            return last, middle, first, dk
        return first, middle, last, dk
    neg, neu, pos = list(negative or ()), list(neutral or ()), list(positive or ())
    named = neg + neu + pos
    unknown = [v for v in named if v not in points]
    if unknown:
        msg = f"table {question!r} has no scale point(s) {unknown}; its points are {points}."
        raise InvalidOptionError(msg)
    twice = sorted({str(v) for v in named if named.count(v) > 1})
    if twice:
        msg = f"scale point(s) {twice} of table {question!r} are named on more than one side."
        raise InvalidOptionError(msg)
    dk = [p for p in points if p not in named and _is_dont_know(p, dont_know)]
    loose = [p for p in points if p not in named and p not in dk]
    if loose:
        msg = f"scale point(s) {loose} of table {question!r} are not placed on the chart."
        hint = "Hint: list each of them in negative=, neutral=, positive= or dont_know=."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return neg, neu, pos, dk


def _sides(
    table: Table,
    points: list[Any],
    *,
    dont_know: Sequence[str],
    placed: tuple[Sequence[Any] | None, Sequence[Any] | None, Sequence[Any] | None],
    read: bool,
    polarity: Polarity,
) -> tuple[_Side, _Side, _Side, _Side]:
    """Return the negative, neutral, positive and "don't know" points, sides from the centre.

    `placed` is what the caller named (negative, neutral, positive). When nothing is
    placed and `read` (no codebook said which options are "don't know"), a point that
    reads as "don't know" must not land on the scale.
    """
    negative, neutral, positive = placed
    neg, neu, pos, dk = _classify(
        points,
        dont_know=dont_know,
        negative=negative,
        neutral=neutral,
        positive=positive,
        question=table.question,
        polarity=polarity,
    )
    if read and all(side is None for side in placed):
        _refuse_off_scale(neg, neu, pos, question=table.question, dont_know=dont_know)
    return _from_centre(neg, points, neu, pos), neu, _from_centre(pos, points, neu, neg), dk


def _legend(ax: Axes, colours: dict[Any, tuple[str, str | None]], points: list[Any]) -> None:
    """Name every colour below the chart, in the order the chart reads (left to right)."""
    from matplotlib.patches import Patch

    handles = [
        Patch(
            facecolor=colours[p][0],
            hatch=colours[p][1],
            edgecolor=_INK if colours[p][1] else colours[p][0],
            label=str(p),
        )
        for p in points
    ]
    _legend_below(ax, handles, min(len(points), 6))


def _refuse_off_scale(
    neg: _Side, neu: _Side, pos: _Side, *, question: str, dont_know: Sequence[str]
) -> None:
    """Refuse a scale split by position that puts an off-scale answer on it.

    A table does not record its "don't know" options: a codebook's "Not sure" reaches
    the chart as a sixth point, and halving the scale would count it with "Good" and
    "Very good" in the positive total.
    """
    for side, name in ((neg, "negative"), (neu, "neutral"), (pos, "positive")):
        off = [p for p in side if _reads_off_scale(p)]
        if off:
            msg = (
                f'scale point(s) {off} of table {question!r} read as "don\'t know", but '
                f"are not among dont_know={tuple(dont_know)}: the chart would count them "
                f"on the {name} side."
            )
            hint = (
                "Hint: pass survey= (the codebook marks its don't know options), name "
                "them in dont_know=, or place every point with negative=, neutral= and "
                "positive=."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")


def _from_centre(side: _Side, points: list[Any], neu: _Side, other: _Side) -> _Side:
    """Order the points of one side nearest the middle of the scale first.

    The middle is the neutral point, else halfway between the two sides, so a scale
    written from positive to negative is drawn the same way as one written the other way.
    """
    where = {p: points.index(p) for p in points}
    if neu:
        centre = float(np.mean([where[p] for p in neu]))
    elif side and other:
        centre = float(np.mean([where[p] for p in side]) + np.mean([where[p] for p in other])) / 2
    else:
        centre = float(np.mean([where[p] for p in side + other])) if side or other else 0.0
    return sorted(side, key=lambda p: abs(where[p] - centre))


def _nice_step(reach: float, span: float, inches: float = 6.0) -> float:
    """Return a tick step of at most four ticks a side, at least 7% of the axis apart.

    On an axis `inches` wide, the ticks are also at least 0.45 inch apart ("100%" is
    about 0.35 inch wide), so that their labels never meet on a narrow figure.
    """
    apart = max(0.07, 0.45 / max(inches, 1e-9))
    for step in (5.0, 10.0, 20.0, 25.0, 50.0):
        if reach / step <= 4 and step >= apart * span:
            return step
    return 50.0


@dataclass(frozen=True)
class _Grid:
    """A table turned so that each row is one bar and each column one scale point."""

    table: Table
    counts: pd.DataFrame
    shown: pd.DataFrame
    bases: pd.Series
    gaps: frozenset[tuple[Any, Any]] = frozenset()  # (bar, point): not offered, not drawn

    @classmethod
    def of(cls, table: Table) -> _Grid:
        if table.percent_axis == "columns":
            gaps = frozenset((column, row) for row, column in table.gaps)
            return cls(table, table.counts.T, table.percentages().T, table.bases, gaps)
        gaps = frozenset(table.gaps)
        return cls(table, table.counts, table.percentages(), table.bases, gaps)

    def offered(self, side: _Side) -> npt.NDArray[np.bool_]:
        """Return which (bar, point) cells of `side` are not gaps, shaped like `shares`."""
        return np.array(
            [[(b, p) not in self.gaps for p in side] for b in self.bars], dtype=bool
        ).reshape(len(self.bars), len(side))

    @property
    def bars(self) -> list[Any]:
        return list(self.counts.index)

    def shares(self, side: _Side) -> _Shares:
        values = [[_share(self.counts.loc[b, p], self.bases[b]) for p in side] for b in self.bars]
        array = np.array(values, dtype=float).reshape(len(self.bars), len(side))
        shares: _Shares = np.nan_to_num(array)
        return shares

    def label(self, bar: Any, point: Any) -> str:
        count, base = self.counts.loc[bar, point], self.bases[bar]
        return _label(self.table, count, base, float(self.shown.loc[bar, point]))

    def _exact_total(self, bar: Any, side: _Side) -> Fraction | None:
        """Return a side's exact share in percent; None without a base or an offered point."""
        base = self.bases[bar]
        if not _defined(base) or all((bar, p) in self.gaps for p in side):
            return None  # no base, or none of the side's points offered
        count = sum((_fraction(self.counts.loc[bar, p]) for p in side), Fraction(0))
        return count * 100 / _fraction(base)

    def _total_text(self, exact: Fraction, **marks: Any) -> str:
        # largest_remainder shares out one whole partition; a side is part of one, so its
        # total is rounded half-up from its own counts.
        rule = "half_up" if self.table.rule == "largest_remainder" else self.table.rule
        return format_percent(exact, decimals=self.table.decimals, rule=rule, **marks)

    def total(self, bar: Any, side: _Side) -> str:
        """Label a side's total, rounded by the table's rule from the summed counts."""
        exact = self._exact_total(bar, side)
        return "n/a" if exact is None else self._total_text(exact)

    def adds_up(self, bar: Any, side: _Side) -> bool:
        """Whether a side's rounded total equals the sum of its points' rounded percentages.

        Each is rounded on its own (the segments as ``table.percentages()`` holds them),
        so 1 of 6 twice prints 17% and 17% beside a total of 33%.
        """
        exact = self._exact_total(bar, side)
        if exact is None:
            return True
        total = self._total_text(exact, small=False, large=False).removesuffix("%")
        shown = [float(self.shown.loc[bar, p]) for p in side if (bar, p) not in self.gaps]
        return total == f"{sum(shown):.{self.table.decimals}f}"


def _totals_note(grid: _Grid, neg: _Side, pos: _Side, totals: bool) -> tuple[str, ...]:
    """Return the note that side totals may not be the sum of their segments, when one is not.

    A reader adds up the printed segments; a total rounded from the summed counts (the
    right number) can differ from that sum by rounding, and the chart says why.
    """
    sides = [side for side in (neg, pos) if side]
    unequal = totals and not all(grid.adds_up(b, side) for b in grid.bars for side in sides)
    return (TOTALS_NOTE,) if unequal else ()


def _colours(neg: _Side, neu: _Side, pos: _Side, dk: _Side) -> dict[Any, tuple[str, str | None]]:
    """Return a fill and hatch per point: darker away from the middle, grey apart."""
    colours: dict[Any, tuple[str, str | None]] = {}
    for side, base_colour in ((neg, _NEGATIVE), (pos, _POSITIVE)):
        for k, p in enumerate(side):
            # `side` runs from the middle outwards: the strongest answers are the darkest.
            colours[p] = (
                _tint(base_colour, 0.6 * (len(side) - 1 - k) / max(len(side) - 1, 1)),
                None,
            )
    colours.update(dict.fromkeys(neu, (_NEUTRAL, _NEUTRAL_HATCH)))
    colours.update(dict.fromkeys(dk, (_DONT_KNOW, _DONT_KNOW_HATCH)))
    return colours


def _segments(
    ax: Axes,
    grid: _Grid,
    side: _Side,
    *,
    origin: float,
    sign: int,
    labels: str,
    totals: bool = False,
    colours: dict[Any, tuple[str, str | None]],
    span: float,
) -> None:
    """Stack the points of `side` from `origin`, leftwards when `sign` is negative."""
    values = grid.shares(side)
    offered = grid.offered(side)  # a gap (a point not offered) has no segment, no label
    bars = grid.bars
    y = np.arange(len(bars))[::-1].astype(float)
    cum = np.zeros(len(bars))
    for k, p in enumerate(side):
        width = values[:, k]
        left = origin + cum if sign > 0 else origin - cum - width
        face, hatch = colours[p]
        edge = "white" if hatch is None else _INK
        drawn = offered[:, k]
        ax.barh(
            y[drawn],
            width[drawn],
            left=left[drawn],
            height=0.66,
            color=face,
            hatch=hatch,
            edgecolor=edge,
            linewidth=0.6,
            label=str(p),
        )
        for j, b in enumerate(bars):
            if not drawn[j]:
                continue
            if labels == "after":
                ax.text(
                    left[j] + width[j] + span * 0.008,
                    y[j],
                    grid.label(b, p),
                    va="center",
                    ha="left",
                    fontsize=_FONT - 1,
                    color=_INK,
                )
            elif labels == "inside" and width[j] >= _room_for(ax, grid.label(b, p), span):
                box = None if hatch is None else {"facecolor": "white", "pad": 1, "lw": 0}
                ax.text(
                    left[j] + width[j] / 2,
                    y[j],
                    grid.label(b, p),
                    va="center",
                    ha="center",
                    fontsize=_FONT - 1,
                    color=_text_colour(face),
                    bbox=box,
                )
        cum += width
    if totals and side:
        for j, b in enumerate(bars):
            ax.text(
                sign * (float(values[j].sum()) + span * 0.01),
                y[j],
                grid.total(b, side),
                va="center",
                ha="left" if sign > 0 else "right",
                fontsize=_FONT,
                fontweight="bold",
                color=_INK,
            )


def _side_headings(
    left: str, right: str, reach: float, per_inch: float
) -> list[tuple[float, str, str]]:
    """Place the sides' headings over each side's middle, or by zero if the sides are short.

    `reach` is the length of the longer side in inches; `per_inch`, data units an inch.
    """
    half = max(_text_inches(left, _FONT - 1), _text_inches(right, _FONT - 1)) / 2
    if reach / 2 >= half + 0.05:
        middle = reach / 2 * per_inch
        return [(-middle, left, "center"), (middle, right, "center")]
    pad = 0.05 * per_inch
    return [(-pad, left, "right"), (pad, right, "left")]


def _name_bars(ax: Axes, names: list[str]) -> float:
    """Write the bar names down the y axis; return the axes' width they leave, in inches."""
    ax.set_yticks(np.arange(len(names))[::-1], names)
    ax.tick_params(axis="y", length=0)
    return _room(ax)


def _reserve(
    inches: float, totals: bool, panels: int, net_room: list[float]
) -> tuple[float, float, list[float], float]:
    """Return the shares of the axis kept for text: room, gap, net columns, and their sum.

    Room for a label beside a bar, and a gap before each panel, are shares of the whole
    axis so that text fits whatever the scale: span = drawn lengths / (1 - reserved). On
    an axis `inches` wide the shares grow, so that a label ("100%") still has 0.42 inch;
    they never take more than 70% of it, so a too narrow figure squeezes, never inverts.
    """
    room, gap = max(0.075, 0.42 / inches), max(0.035, 0.2 / inches)
    nets = [max(w, 0.42 / inches) for w in net_room]
    reserved = (
        (2 * room if totals else 0.02) + panels * (room + gap) + (sum(nets) + gap if nets else 0.0)
    )
    return room, gap, nets, min(reserved, 0.7)


def _room_for(ax: Axes, text: str, span: float) -> float:
    """Return the width, in data units, that `text` needs inside a bar of the axes."""
    # The axes' share of the figure before the layout runs, or, when the names leave less,
    # the room right of them (a narrow figure, long names; the names' width is a generous
    # estimate, so the room is given 0.6 inch back).
    axes_inches = min(_figure_width(ax) * float(ax.get_position().width), _room(ax) + 0.6)
    return (_text_inches(text, _FONT - 1) + 0.06) / max(axes_inches, 1e-9) * span


def _bar_names(table: Table, bars: list[Any], chars: int) -> tuple[list[str], str | None]:
    """Return the y labels, with bases when they differ, and the shared base otherwise."""
    n = _n(table)
    present = n.dropna()  # a summary row (AVERAGE) has no respondent base to show
    if len(present) and len(pd.unique(present.to_numpy())) == 1:
        names = [""] if len(bars) == 1 else [_wrap(b, chars) for b in bars]
        return names, _base_line(table, present.index[0])
    return [
        _wrap(b, chars) if pd.isna(n[b]) else f"{_wrap(b, chars)}\n({_base_text(table, b)})"
        for b in bars
    ], None


def _bar_texts(
    grid: _Grid, neg: _Side, pos: _Side, totals: bool, chars: int
) -> tuple[list[str], str | None, tuple[str, ...]]:
    """Return the y labels, the shared base line (or None) and the title's notes."""
    names, base = _bar_names(grid.table, grid.bars, chars)
    notes = (*_rounding_notes(grid.table, grid.bars), *_totals_note(grid, neg, pos, totals))
    return names, base, notes


def likert(
    table: Table,
    *,
    negative: Sequence[Any] | None = None,
    neutral: Sequence[Any] | None = None,
    positive: Sequence[Any] | None = None,
    dont_know: Sequence[str] | None = None,
    survey: Survey | None = None,
    polarity: Polarity = "auto",
    sides: tuple[str, str] | None = None,
    totals: bool = True,
    nets: NetsLike | Table | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw an ordinal scale as diverging stacked bars, negative left of zero.

    One bar per column of a table by group (options as rows) or per item of a grid
    (``percent_axis="rows"``), such as Table 2 of the 2016 report. Neutral answers and
    "don't know" are drawn apart, to the right, on the same percentage scale.

    Parameters
    ----------
    table : Table
        Scale points as rows (one column per bar), or a grid table whose columns are the
        scale points and rows the items.
    negative, neutral, positive : sequence of labels, optional
        Which scale points go left of zero, apart, and right of zero. By default the
        first half of the scale (in table order, "don't know" options left out) is
        negative, the second half positive and the middle point of an odd scale neutral,
        unless the labels say the scale starts at its positive end (see `polarity`).
        When any is given, every point must be placed (or be a "don't know" option).
    dont_know : sequence of str, optional
        Options outside the scale, drawn apart with hatching. By default the codebook's
        (see `survey`), else ``("Don't know",)``.
    survey : Survey, optional
        The codebook of the table's question: its options marked ``dont_know`` are drawn
        apart (with any named in `dont_know`). Without it, a scale point whose words say
        it is off the scale ("Not sure", "Can't say", "N/A") must be named in
        `dont_know` or placed by hand: it is never counted on a side unasked.
    polarity : {"auto", "negative_first", "positive_first"}, default "auto"
        Which end of the scale is negative. ``"auto"`` reads the labels: a scale whose
        first half says "agree", "good", "improved", "increased"... and whose second half
        says "disagree", "poor", "worsened", "decreased"... runs from positive to negative
        ("Strongly agree" first), and is drawn with agreement on the right.
    sides : (str, str), optional
        The headings of the negative and positive sides. By default each side is named
        by its mildest point without intensifiers ("Strongly disagree", "Disagree" give
        "Disagree"; "Very positive", "Positive" give "Positive").
    totals : bool, default True
        Label each side's total at the end of the bar, rounded by the table's rule from
        the summed counts.
    nets : mapping of str to sequence of str, or Table, optional
        Net categories ("Top 2", "Any agree"), each shown as a column of percentages at
        the right of the chart, headed by its name: the codebook's
        (``survey.spec(question).nets``) or any mapping of scale points, counted by
        :func:`tracktr.net_table`, or a table of nets.
    title : str, optional
        Defaults to the table's title (or question id), with the base when it is shared.
        Lines after it carry the table's notes on rounding (its rule, unless half-up, and
        which bars' percentages do not sum to 100), and say when a side's total is not
        the sum of its segments.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    tracktr.MissingDependencyError
        If matplotlib is not installed.
    tracktr.InvalidDataError
        If `table` is not a :class:`~tracktr.Table` (a protected table, a
        :class:`~tracktr.disclosure.Suppression`, is never drawn).
    tracktr.QuestionNotFoundError
        If `survey` is given and has no question of the table's id.
    tracktr.InvalidOptionError
        If a named scale point is not in the table, is named twice, or a point is left
        unplaced; if, without `survey` or the sides named, a point that reads as "don't
        know" would fall on the scale; or a net is not made of the table's scale points.

    See Also
    --------
    bar : one question as plain bars.

    Notes
    -----
    Within each side the point nearest the middle of the scale is drawn next to zero,
    whatever the direction of the scale in the table. A segment too narrow to hold its
    label carries none; its share is in the side's total. A gap of the table
    (``table.gaps``: a point a wave did not offer) has no segment and no label; a side
    none of whose points was offered totals "n/a".

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr import plot
    >>> points = ["Very negative", "Negative", "No impact", "Positive", "Very positive",
    ...           "Don't know"]
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"n": [11, 26, 45, 8, 3, 12]}, index=points),
    ...     bases=pd.Series({"n": 105}),
    ...     title="How has Transforming Rehabilitation affected your service users?",
    ... )
    >>> ax = plot.likert(table)
    >>> [round(float(p.get_width()), 1) for p in ax.patches]
    [24.8, 10.5, 7.6, 2.9, 42.9, 11.4]
    >>> [t.get_text() for t in ax.get_legend().get_texts()]  # left to right
    ['Very negative', 'Negative', 'Positive', 'Very positive', 'No impact', "Don't know"]
    >>> impact = ["Very negative", "Negative", "Positive", "Very positive"]
    >>> ax = plot.likert(table, nets={"Any impact": impact})
    >>> texts = [t.get_text() for t in ax.texts]
    >>> texts[-1], "46%" in texts  # the net's heading, and its value (48 of 105)
    ('Any impact', True)
    """
    _pyplot()  # checks that matplotlib is installed
    table = _require_table(table, "likert")
    check_choice(polarity, Polarity, name="polarity")
    grid = _Grid.of(table)
    net_grid, net_names, net_room = _net_layout(table, nets)
    points = list(grid.counts.columns)
    neg, neu, pos, dk = _sides(
        table,
        points,
        dont_know=_dont_know_options(table, dont_know, survey),
        placed=(negative, neutral, positive),
        read=survey is None,
        polarity=polarity,
    )
    left_name, right_name = sides or (_side_name(neg, "Negative"), _side_name(pos, "Positive"))
    names, base, notes = _bar_texts(grid, neg, pos, totals, _names_chars(ax, 9.0))
    ax = _axes(ax, 2.4 + len(names) * _row_height(names), 9.0, notes)
    theirs = len(ax.texts)
    inches = _name_bars(ax, names)

    def widest(side: _Side) -> float:
        return float(grid.shares(side).sum(axis=1).max(initial=0))

    reach = max(widest(neg), widest(pos), 5.0)
    apart = [group for group in (neu, dk) if group]
    room, gap, net_room, reserved = _reserve(inches, totals, len(apart), net_room)
    drawn = 2 * reach + sum(widest(group) for group in apart)
    span = drawn / (1 - reserved)
    margin = room * span if totals else 0.01 * span
    colours = _colours(neg, neu, pos, dk)
    draw = partial(_segments, ax, grid, colours=colours, span=span)
    # One segment on a side is labelled by the side's total; several are labelled inside.
    for side, sign in ((neg, -1), (pos, 1)):
        labels = "inside" if len(side) > 1 or not totals else ""
        draw(side, origin=0.0, sign=sign, labels=labels, totals=totals)
    ax.axvline(0, color=_INK, linewidth=1)
    headings = _side_headings(left_name, right_name, reach / span * inches, span / inches)
    right = reach + margin
    for group in apart:
        origin = right + gap * span
        draw(group, origin=origin, sign=1, labels="inside" if len(group) > 1 else "after")
        ax.axvline(origin - gap * span / 2, color="#888888", linewidth=0.8, linestyle="--")
        # The heading wraps to its panel and the gap after it (18 characters at most), clear
        # of the next one; a heading's words are mostly lower case, ~0.55 em a character.
        panel = (widest(group) + (room + gap) * span) / span * inches
        chars = max(10, min(18, int(panel / (0.55 * (_FONT - 1) / 72))))
        headings.append((origin, _fill(" / ".join(map(str, group)), chars), "left"))
        right = origin + widest(group) + room * span
    if net_grid is not None:
        widths = [w * span for w in net_room]
        right = _net_columns(ax, net_grid, widths, right + gap * span, gap * span)
        headings += [
            (x, "\n".join(textwrap.wrap(name, 12)), "center")
            for x, name in zip(_net_middles(net_room, span, right), net_names, strict=True)
        ]
    top = len(names) - 0.35
    for x, text, ha in headings:
        ax.text(x, top, text, ha=ha, va="bottom", fontsize=_FONT - 1, color="#444444")
    ax.set_xlim(-(reach + margin), right)
    ax.set_ylim(-0.6, len(names) + 0.1 + 0.25 * max(h[1].count("\n") for h in headings))
    step = _nice_step(reach, span, inches)
    ax.set_xticks(np.arange(-np.floor(reach / step) * step, reach + 1e-9, step))
    _percent_axis(ax, "Percentage of respondents", locate=False)
    ax.set_title(
        _title(
            table,
            title,
            base,
            notes=notes,
            chars=_title_chars(ax),
        ),
        fontsize=_TITLE_FONT,
        loc="left",
    )
    _legend(ax, colours, [*reversed(neg), *pos, *neu, *dk])
    _style(ax)
    ax.spines["left"].set_visible(False)
    _as_written(ax, theirs)
    return ax

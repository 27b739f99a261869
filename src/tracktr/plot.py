"""Charts of a :class:`~tracktr.Table`: bars, diverging Likert bars and group comparisons.

Three chart types cover most graphs of a survey report:

- :func:`bar`: horizontal bars of one question or of a multi-response set;
- :func:`likert`: diverging stacked bars of an ordinal scale, for one question, for groups,
  or for the items of a grid;
- :func:`compare`: paired bars of two or more groups, with confidence intervals on request.

Every chart is accessible by default: colours from the colour-blind-safe Okabe–Ito palette,
fonts of at least 9 points, a value label on every bar, and nothing told by colour alone
(groups also differ by hatching, the sides of a scale by position, and the legend names
every colour). Percentages are labelled through the table's own rounding rule, exactly as
:meth:`tracktr.Table.percentages` rounds them; bar lengths are the exact shares.

The functions draw on the Axes they are given, or on a new figure, and return the Axes;
they never call ``show()`` and never choose a matplotlib backend. matplotlib is an optional
dependency (``pip install "tracktr[plot]"``), imported only when a chart is drawn.

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> table = tt.Table(
...     counts=pd.DataFrame({"All": [36, 62, 6]}, index=["Yes", "No", "Don't know"]),
...     bases=pd.Series({"All": 104}),
... )
>>> ax = tt.plot.bar(table)
>>> ax.get_title(loc="left")
'n=104'
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tracktr.exceptions import InvalidOptionError, MissingDependencyError
from tracktr.missing import is_dont_know
from tracktr.rounding import format_percent
from tracktr.table import Table
from tracktr.typing import BarOrder, CIMethod, Polarity, check_choice

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from tracktr.nets import NetsLike

__all__ = ["OKABE_ITO", "bar", "compare", "likert"]

OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "reddish_purple": "#CC79A7",
    "sky_blue": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}
"""The Okabe–Ito palette, distinguishable with every common colour-vision deficiency.

Okabe, M. and Ito, K. (2008), *Color Universal Design*, https://jfly.uni-koeln.de/color/.
"""

_GROUP_COLOURS = ("blue", "orange", "bluish_green", "reddish_purple", "sky_blue", "vermillion")
_GROUP_HATCHES = ("", "//", "..", "xx", "\\\\", "oo")
_NEGATIVE = OKABE_ITO["vermillion"]
_POSITIVE = OKABE_ITO["blue"]
_NEUTRAL = "#C4C4C4"
_DONT_KNOW = "#E6E6E6"
_NEUTRAL_HATCH = ".."
_DONT_KNOW_HATCH = "//"
_INK = "#222222"
_NET = OKABE_ITO["bluish_green"]
_CI_NAMES = {
    "wilson": "Wilson",
    "wilson_cc": "Wilson (continuity-corrected)",
    "clopper_pearson": "Clopper–Pearson",
    "agresti_coull": "Agresti–Coull",
    "jeffreys": "Jeffreys",
}
_FONT = 10
_TITLE_FONT = 12
_WRAP_TITLE = 70
_WRAP_LABEL = 34


# -- shared helpers ------------------------------------------------------------------------


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        msg = (
            "tracktr.plot draws charts with matplotlib, which is not installed.\n\n"
            'Hint: pip install "tracktr[plot]"'
        )
        raise MissingDependencyError(msg) from error
    return plt


def _axes(ax: Axes | None, height: float, width: float) -> Axes:
    plt = _pyplot()
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=(width, height), layout="constrained")
    return new  # type: ignore[no-any-return]


def _row_height(labels: Sequence[str]) -> float:
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(0.42, 0.18 * lines + 0.12)


def _text_inches(text: str, size: float = _FONT) -> float:
    """Estimate the width of one line of text in inches (DejaVu Sans: ~0.6 em a character)."""
    return max((len(line) for line in text.split("\n")), default=0) * 0.62 * size / 72


def _figure_width(ax: Axes) -> float:
    """Return the width in inches of the figure that holds `ax` (the root figure)."""
    figure = ax.get_figure(root=True)
    return 9.0 if figure is None else float(figure.get_size_inches()[0])


def _legend_columns(labels: Sequence[str], width: float, ncol: int) -> int:
    """Return the most columns, up to `ncol`, whose widest row fits in `width` inches."""
    entry = 0.55  # the handle, the gap after it and the space between columns, in inches
    for columns in range(min(ncol, len(labels)), 0, -1):
        widest = max(_text_inches(label) for label in labels[:columns]) if labels else 0.0
        if columns * (widest + entry) <= width:
            return columns
    return 1


def _legend_below(ax: Axes, handles: list[Any], ncol: int) -> None:
    # The pad is in font sizes, so the legend clears the tick labels and the axis label
    # whatever the height of the axes. Long labels wrap, and the columns are as many as
    # fit the figure's width, so the legend is never cut off at the sides.
    for handle in handles:
        handle.set_label("\n".join(textwrap.wrap(str(handle.get_label()), 30)))
    labels = [str(h.get_label()) for h in handles]
    # The legend is centred under the axes, which the layout puts right of the bar names:
    # it may spread as far as the figure's right edge, so as wide as the figure less the
    # names' width.
    names = max((_text_inches(t.get_text()) for t in ax.get_yticklabels()), default=0.0)
    width = _figure_width(ax) - names - 0.4
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        borderaxespad=3.6,
        ncol=_legend_columns(labels, width, ncol),
        frameon=False,
        fontsize=_FONT,
    )


def _fraction(value: Any) -> Fraction:
    """Read a count or base exactly: integers as they are, floats from their decimal repr."""
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    return Fraction(repr(float(value)))


def _defined(base: Any) -> bool:
    number = float(base)
    return bool(np.isfinite(number) and number > 0)


def _share(count: Any, base: Any) -> float:
    """Return the exact share in percent, as a float for drawing (never for display)."""
    if not _defined(base):
        return float("nan")
    return float(_fraction(count) * 100 / _fraction(base))


def _label(table: Table, count: Any, base: Any, shown: float) -> str:
    """Label a percentage through the table's rule, equal to ``table.percentages()``.

    `shown` is the table's rounded percentage; the exact share is formatted by the same
    rule so that a share above zero that rounds to zero reads "<1%", as in the report.
    """
    if not _defined(base) or np.isnan(shown):
        return "n/a"
    if table.rule == "largest_remainder":
        # Rounded over the whole partition by the table; `shown` already is that value.
        return format_percent(shown, decimals=table.decimals, small=False, large=False)
    exact = _fraction(count) * 100 / _fraction(base)
    return format_percent(exact, decimals=table.decimals, rule=table.rule)


def _n(table: Table) -> pd.Series:
    return table.respondent_bases


def _fmt_n(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number == int(number) else f"{number:g}"


def _base_text(table: Table, label: Any) -> str:
    n = _n(table)[label]
    text = f"n={_fmt_n(n)}"
    if bool(table.small_bases[label]):
        text += ", small base"
    return text


def _title(table: Table, title: str | None, base: str | None) -> str:
    text = title if title is not None else (table.title or table.question)
    lines = textwrap.wrap(str(text), _WRAP_TITLE) if text else []
    if base:
        lines.append(base if "small" not in base else f"{base}: read with care")
    return "\n".join(lines)


def _wrap(label: Any) -> str:
    return "\n".join(textwrap.wrap(str(label), _WRAP_LABEL)) or str(label)


def _normal(label: Any) -> str:
    return str(label).replace("\u2019", "'").strip().casefold()


def _is_dont_know(label: Any, dont_know: Sequence[str]) -> bool:
    return is_dont_know(label, dont_know)


def _order(
    labels: Sequence[Any], sizes: Sequence[float], sort: str, dont_know: Sequence[str]
) -> list[int]:
    """Positions in display order (top first); "don't know" options always come last."""
    check_choice(sort, BarOrder, name="sort")
    positions = list(range(len(labels)))
    if sort == "size":
        positions.sort(key=lambda i: -sizes[i] if np.isfinite(sizes[i]) else np.inf)
    return [i for i in positions if not _is_dont_know(labels[i], dont_know)] + [
        i for i in positions if _is_dont_know(labels[i], dont_know)
    ]


def _group_colour(number: int) -> str:
    """Return the colour of the `number`-th group or line: Okabe–Ito, in a fixed order."""
    return OKABE_ITO[_GROUP_COLOURS[number % len(_GROUP_COLOURS)]]


def _value_label(
    ax: Axes,
    text: str,
    xy: tuple[Any, Any],
    offset: tuple[float, float],
    *,
    ha: str = "left",
    va: str = "baseline",
) -> None:
    """Write a value label `offset` points away from `xy`, in the charts' label size and ink.

    `ha` and `va` align the text to that point (matplotlib's defaults: left, baseline).
    """
    ax.annotate(
        text,
        xy,
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=_FONT - 1,
        color=_INK,
    )


def _style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=_FONT)


def _luminance(colour: str) -> float:
    channels = [int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with `fill` (WCAG relative luminance)."""
    lum = _luminance(fill)
    return "black" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "white"


def _tint(colour: str, amount: float) -> str:
    """Blend `colour` towards white by `amount` (0 keeps it, 1 is white)."""
    channels = [int(colour[k : k + 2], 16) for k in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in channels]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _percent_axis(ax: Axes, label: str, *, locate: bool = True) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if locate:
        # Ticks at whole, round percentages: steps of 1, 2, 5 or 10 times a power of ten,
        # never 2.5% or 7.5%.
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(x):g}%"))
    ax.set_xlabel(label, fontsize=_FONT)


def _single_column(table: Table, column: Any, caller: str) -> Any:
    if table.percent_axis != "columns":
        msg = (
            f"plot.{caller}() draws the options of a question, but table {table.question!r} "
            "holds the items of a grid (percentages along rows)."
        )
        raise InvalidOptionError(f"{msg}\n\nHint: draw a grid with plot.likert(table).")
    columns = list(table.counts.columns)
    if column is None:
        if len(columns) != 1:
            msg = f"table {table.question!r} has {len(columns)} columns {columns}."
            hint = (
                "Hint: pass column=... to draw one of them, or plot.compare(table) to "
                "draw them side by side."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        return columns[0]
    if column not in columns:
        msg = f"table {table.question!r} has no column {column!r}; its columns are {columns}."
        raise InvalidOptionError(msg)
    return column


# -- bar -----------------------------------------------------------------------------------


def bar(
    table: Table,
    *,
    column: Any = None,
    sort: BarOrder = "size",
    dont_know: Sequence[str] = ("Don't know",),
    nets: NetsLike | Table | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw one question, or a multi-response set, as labelled horizontal bars.

    Parameters
    ----------
    table : Table
        A table with options as rows, such as :func:`tracktr.frequencies` or
        :func:`tracktr.multi_response` returns.
    column : label, optional
        The column to draw when the table has several (a table by group).
    sort : {"size", "codebook"}, default "size"
        Largest share at the top, or the table's own (codebook) order. Either way the
        "don't know" options come last.
    dont_know : sequence of str, default ("Don't know",)
        Options outside the scale, drawn last in grey with hatching.
    nets : mapping of str to sequence of str, or Table, optional
        Net categories drawn above the options, in their own colour and labelled
        "NET: ...": the codebook's (``survey.spec(question).nets``) or any mapping
        (counted by :func:`tracktr.net_table`), or a table of nets, which a
        multi-response set needs (:func:`tracktr.multi_nets`).
    title : str, optional
        Defaults to the table's title (or question id). The base ("n=151") is added.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    tracktr.MissingDependencyError
        If matplotlib is not installed.
    tracktr.InvalidOptionError
        If the table is a grid, or has several columns and `column` is not given, or a
        net is not made of the table's options (or is a net of a multi-response set
        given as a mapping).
    tracktr.UnknownMethodError
        If `sort` is not "size" or "codebook".

    See Also
    --------
    compare : several groups side by side.
    likert : an ordinal scale as diverging bars.

    Notes
    -----
    Bar lengths are the exact shares ``100 * count / base``; the labels are rounded by
    the table's rule and equal :meth:`tracktr.Table.percentages` (a share above zero that
    rounds to zero reads "<1%").

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr import plot
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"n": [36, 62, 6]}, index=["Yes", "No", "Don't know"]),
    ...     bases=pd.Series({"n": 104}),
    ...     title="Has Transforming Rehabilitation changed the services you deliver?",
    ... )
    >>> ax = plot.bar(table)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['No', 'Yes', "Don't know"]
    >>> [t.get_text() for t in ax.texts]
    ['60%', '35%', '6%']
    >>> ax.get_title(loc="left").splitlines()[-1]
    'n=104'
    >>> ax = plot.bar(table, nets={"Answered": ["Yes", "No"]})
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['No', 'Yes', "Don't know", 'NET: Answered']
    >>> ax.texts[-1].get_text()
    '94%'
    """
    column = _single_column(table, column, "bar")
    net_rows = _net_rows(table, nets, column)
    counts = table.counts[column]
    base = table.bases[column]
    shown = table.percentages()[column]
    labels = list(counts.index)
    shares = [_share(c, base) for c in counts]
    order = _order(labels, shares, sort, dont_know)
    names = [_wrap(labels[i]) for i in order]
    net_names = [f"NET: {_wrap(row[0])}" for row in net_rows]
    ax = _axes(ax, 1.5 + (len(order) + len(net_rows)) * _row_height(names + net_names), 7.5)
    y = np.arange(len(order))[::-1].astype(float)
    widths = [0.0 if np.isnan(shares[i]) else shares[i] for i in order]
    dk = [_is_dont_know(labels[i], dont_know) for i in order]
    texts: list[str] = []
    for k, i in enumerate(order):
        texts.append(_label(table, counts.iloc[i], base, float(shown.iloc[i])))
        colour = _DONT_KNOW if dk[k] else OKABE_ITO["blue"]
        bars = ax.barh(
            y[k],
            widths[k],
            height=0.7,
            color=colour,
            edgecolor=_INK if dk[k] else colour,
            linewidth=0.6,
            hatch=_DONT_KNOW_HATCH if dk[k] else None,
        )
        ax.bar_label(bars, labels=[texts[-1]], padding=3, fontsize=_FONT, color=_INK)
    widths += _draw_nets(ax, net_rows, top=len(order) + 0.5)
    ax.set_yticks([*y, *(len(order) + 0.5 + np.arange(len(net_rows))[::-1])], names + net_names)
    for tick in ax.get_yticklabels()[len(order) :]:
        tick.set_fontweight("bold")
    top = max([w for w in widths if np.isfinite(w)], default=0.0)
    ax.set_xlim(0, max(10.0, top * 1.18))
    several = not table.partition and table.kind == "multi"
    kind = "respondents (more than one answer allowed)" if several else "respondents"
    _percent_axis(ax, f"Percentage of {kind}")
    ax.set_title(
        _title(table, title, _base_text(table, column)),
        fontsize=_TITLE_FONT,
        loc="left",
    )
    _style(ax)
    return ax


def _nets_table(table: Table, nets: NetsLike | Table) -> Table:
    """Return the table of nets: given, or counted from `table` by :func:`net_table`."""
    from tracktr.nets import net_table

    net = nets if isinstance(nets, Table) else net_table(table, nets)
    missing = [c for c in table.counts.columns if c not in net.counts.columns]
    if net.percent_axis != table.percent_axis or missing:
        msg = (
            f"the table of nets {net.question!r} does not match table {table.question!r}: "
            f"it lacks column(s) {missing}, or runs along the other axis."
        )
        hint = "Hint: count the nets with the same `by=` as the table (tt.multi_nets)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return net


def _net_rows(
    table: Table, nets: NetsLike | Table | None, column: Any
) -> list[tuple[str, str, float]]:
    """Return each net's label, percentage label and exact share, in declared order."""
    if nets is None:
        return []
    net = _nets_table(table, nets)
    counts, shown, base = net.counts[column], net.percentages()[column], net.bases[column]
    return [
        (str(name), _label(net, counts[name], base, float(shown[name])), _share(counts[name], base))
        for name in counts.index
    ]


def _draw_nets(ax: Axes, rows: list[tuple[str, str, float]], *, top: float) -> list[float]:
    """Draw net bars above the options (from y = `top` up), a dashed rule between."""
    widths = []
    for k, (_, text, share) in enumerate(rows):
        width = 0.0 if np.isnan(share) else share
        bars = ax.barh(top + len(rows) - 1 - k, width, height=0.7, color=_NET, linewidth=0)
        ax.bar_label(bars, labels=[text], padding=3, fontsize=_FONT, color=_INK, weight="bold")
        widths.append(width)
    if rows:
        ax.axhline(top - 0.75, color="#888888", linewidth=0.8, linestyle="--")
    return widths


# -- likert --------------------------------------------------------------------------------


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


def _nice_step(reach: float, span: float) -> float:
    """Return a tick step of at most four ticks a side, at least 7% of the axis apart."""
    for step in (5.0, 10.0, 20.0, 25.0, 50.0):
        if reach / step <= 4 and step >= 0.07 * span:
            return step
    return 50.0


@dataclass(frozen=True)
class _Grid:
    """A table turned so that each row is one bar and each column one scale point."""

    table: Table
    counts: pd.DataFrame
    shown: pd.DataFrame
    bases: pd.Series

    @classmethod
    def of(cls, table: Table) -> _Grid:
        if table.percent_axis == "columns":
            return cls(table, table.counts.T, table.percentages().T, table.bases)
        return cls(table, table.counts, table.percentages(), table.bases)

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

    def total(self, bar: Any, side: _Side) -> str:
        """Label a side's total, rounded by the table's rule from the summed counts."""
        base = self.bases[bar]
        if not _defined(base):
            return "n/a"
        count = sum((_fraction(self.counts.loc[bar, p]) for p in side), Fraction(0))
        rule = "half_up" if self.table.rule == "largest_remainder" else self.table.rule
        return format_percent(
            count * 100 / _fraction(base), decimals=self.table.decimals, rule=rule
        )


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
    bars = grid.bars
    y = np.arange(len(bars))[::-1].astype(float)
    cum = np.zeros(len(bars))
    for k, p in enumerate(side):
        width = values[:, k]
        left = origin + cum if sign > 0 else origin - cum - width
        face, hatch = colours[p]
        edge = "white" if hatch is None else _INK
        ax.barh(
            y,
            width,
            left=left,
            height=0.66,
            color=face,
            hatch=hatch,
            edgecolor=edge,
            linewidth=0.6,
            label=str(p),
        )
        for j, b in enumerate(bars):
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


def _room_for(ax: Axes, text: str, span: float) -> float:
    """Return the width, in data units, that `text` needs inside a bar of the axes."""
    axes_inches = _figure_width(ax) * float(ax.get_position().width)
    return (_text_inches(text, _FONT - 1) + 0.06) / max(axes_inches, 1e-9) * span


def _bar_names(table: Table, bars: list[Any]) -> tuple[list[str], str | None]:
    """Return the y labels, with bases when they differ, and the shared base otherwise."""
    n = _n(table)
    present = n.dropna()  # a summary row (AVERAGE) has no respondent base to show
    if len(present) and len(pd.unique(present.to_numpy())) == 1:
        names = [""] if len(bars) == 1 else [_wrap(b) for b in bars]
        return names, _base_text(table, present.index[0])
    return [
        _wrap(b) if pd.isna(n[b]) else f"{_wrap(b)}\n({_base_text(table, b)})" for b in bars
    ], None


def likert(
    table: Table,
    *,
    negative: Sequence[Any] | None = None,
    neutral: Sequence[Any] | None = None,
    positive: Sequence[Any] | None = None,
    dont_know: Sequence[str] = ("Don't know",),
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
    dont_know : sequence of str, default ("Don't know",)
        Options outside the scale, drawn apart with hatching.
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
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    tracktr.MissingDependencyError
        If matplotlib is not installed.
    tracktr.InvalidOptionError
        If a named scale point is not in the table, is named twice, or a point is left
        unplaced; or a net is not made of the table's scale points.

    See Also
    --------
    bar : one question as plain bars.

    Notes
    -----
    Within each side the point nearest the middle of the scale is drawn next to zero,
    whatever the direction of the scale in the table. A segment too narrow to hold its
    label carries none; its share is in the side's total.

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
    from matplotlib.patches import Patch

    check_choice(polarity, Polarity, name="polarity")
    grid = _Grid.of(table)
    net_grid, net_names, net_room = _net_layout(table, nets)
    points = list(grid.counts.columns)
    neg, neu, pos, dk = _classify(
        points,
        dont_know=dont_know,
        negative=negative,
        neutral=neutral,
        positive=positive,
        question=table.question,
        polarity=polarity,
    )
    neg, pos = _from_centre(neg, points, neu, pos), _from_centre(pos, points, neu, neg)
    left_name, right_name = sides or (_side_name(neg, "Negative"), _side_name(pos, "Positive"))
    names, base = _bar_names(table, grid.bars)
    ax = _axes(ax, 2.4 + len(names) * _row_height(names), 9.0)

    def widest(side: _Side) -> float:
        return float(grid.shares(side).sum(axis=1).max(initial=0))

    reach = max(widest(neg), widest(pos), 5.0)
    apart = [group for group in (neu, dk) if group]
    # Room for a label beside a bar, and a gap before each panel, as shares of the whole
    # axis so that text fits whatever the scale: span = drawn lengths / (1 - room).
    room, gap = 0.075, 0.035
    drawn = 2 * reach + sum(widest(group) for group in apart)
    span = drawn / (
        1
        - (2 * room if totals else 0.02)
        - len(apart) * (room + gap)
        - (sum(net_room) + gap if net_names else 0.0)
    )
    margin = room * span if totals else 0.01 * span
    colours = _colours(neg, neu, pos, dk)
    draw = partial(_segments, ax, grid, colours=colours, span=span)
    # One segment on a side is labelled by the side's total; several are labelled inside.
    for side, sign in ((neg, -1), (pos, 1)):
        labels = "inside" if len(side) > 1 or not totals else ""
        draw(side, origin=0.0, sign=sign, labels=labels, totals=totals)
    ax.axvline(0, color=_INK, linewidth=1)
    headings = [(-reach / 2, left_name, "center"), (reach / 2, right_name, "center")]
    right = reach + margin
    for group in apart:
        origin = right + gap * span
        draw(group, origin=origin, sign=1, labels="inside" if len(group) > 1 else "after")
        ax.axvline(origin - gap * span / 2, color="#888888", linewidth=0.8, linestyle="--")
        headings.append((origin, "\n".join(textwrap.wrap(" / ".join(map(str, group)), 18)), "left"))
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
    step = _nice_step(reach, span)
    ax.set_xticks(np.arange(-np.floor(reach / step) * step, reach + 1e-9, step))
    _percent_axis(ax, "Percentage of respondents", locate=False)
    ax.set_yticks(np.arange(len(names))[::-1], names)
    ax.tick_params(axis="y", length=0)
    ax.set_title(_title(table, title, base), fontsize=_TITLE_FONT, loc="left")
    handles = [
        Patch(
            facecolor=colours[p][0],
            hatch=colours[p][1],
            edgecolor=_INK if colours[p][1] else colours[p][0],
            label=str(p),
        )
        for p in [*reversed(neg), *pos, *neu, *dk]
    ]
    _legend_below(ax, handles, min(len(points), 6))
    _style(ax)
    ax.spines["left"].set_visible(False)
    return ax


# -- compare -------------------------------------------------------------------------------


def _interval(count: Any, base: Any, method: CIMethod, level: float) -> tuple[float, float]:
    """Return a confidence interval in percent from :func:`tracktr.proportion_ci`."""
    from tracktr.compare import proportion_ci

    result = proportion_ci(count, base, method=method, level=level)
    return 100 * float(result.ci_low), 100 * float(result.ci_high)


def _group_bars(
    ax: Axes,
    table: Table,
    group: Any,
    *,
    number: int,
    y: Any,
    height: float,
    order: list[int],
    interval: tuple[CIMethod, float] | None,
) -> tuple[float, Any]:
    """Draw one group's bars, labels and intervals; return its reach and legend handle."""
    from matplotlib.patches import Patch

    colour = _group_colour(number)
    hatch = _GROUP_HATCHES[number % len(_GROUP_HATCHES)] or None
    edge = "white" if hatch else colour
    base = table.bases[group]
    counts = [table.counts[group].iloc[i] for i in order]
    shown = [float(table.percentages()[group].iloc[i]) for i in order]
    widths = np.nan_to_num(np.array([_share(c, base) for c in counts]))
    ax.barh(
        y, widths, height=height * 0.92, color=colour, hatch=hatch, edgecolor=edge, linewidth=0.6
    )
    ends = widths.copy()
    if interval is not None and _defined(base):
        n = _n(table)[group]
        # A weighted share is set on the number of respondents behind it.
        pairs = [
            (c, base) if not table.weighted else (w / 100 * float(n), n)
            for c, w in zip(counts, widths, strict=True)
        ]
        bounds = np.array([_interval(c, b, *interval) for c, b in pairs]).reshape(-1, 2)
        xerr = [widths - bounds[:, 0], bounds[:, 1] - widths]
        ax.errorbar(widths, y, xerr=xerr, fmt="none", ecolor=_INK, elinewidth=1, capsize=3)
        ends = np.maximum(ends, bounds[:, 1])
    for x, yy, c, p in zip(ends, y, counts, shown, strict=True):
        _value_label(ax, _label(table, c, base, p), (x, yy), (4, 0), va="center", ha="left")
    label = f"{group} ({_base_text(table, group)})"
    handle = Patch(facecolor=colour, hatch=hatch, edgecolor=edge, label=label)
    return float(ends.max(initial=0)), handle


def compare(
    table: Table,
    *,
    groups: Sequence[Any] | None = None,
    intervals: bool = False,
    method: CIMethod = "wilson",
    level: float = 0.95,
    sort: BarOrder = "codebook",
    dont_know: Sequence[str] = ("Don't know",),
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw two or more groups side by side: paired bars for each option.

    The chart of Table 3 and Graph 24 of the 2016 report: the income bands of CRC-funded
    respondents beside those of all respondents.

    Parameters
    ----------
    table : Table
        Options as rows and groups as columns, each with its own base, such as
        :func:`tracktr.frequencies` returns with ``by=``.
    groups : sequence of labels, optional
        The columns to draw, in this order; all of them by default.
    intervals : bool, default False
        Draw a confidence interval on every bar, from :func:`tracktr.proportion_ci`.
    method : CIMethod, default "wilson"
        The interval's method.
    level : float, default 0.95
        The interval's confidence level.
    sort : {"codebook", "size"}, default "codebook"
        The table's order (right for ordered bands), or largest share of the first group
        first. "Don't know" options come last.
    dont_know : sequence of str, default ("Don't know",)
        Options kept at the bottom.
    title : str, optional
        Defaults to the table's title (or question id).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    tracktr.MissingDependencyError
        If matplotlib is not installed.
    tracktr.InvalidOptionError
        If the table has fewer than two groups or `groups` names a missing column.

    See Also
    --------
    bar : one group.

    Notes
    -----
    Each group has its own colour and hatching, and the legend gives its base ("n=34"),
    flagging small bases. Labels are rounded by the table's rule.

    For a weighted table the interval is that of the weighted share on the number of
    respondents behind it (``unweighted_bases``); it leaves out the design effect of the
    weights, so it is narrower than a design-based interval.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr import plot
    >>> bands = ["Under £100,000", "£100,000 - £1m", "£1m or more"]
    >>> table = tt.Table(  # Table 3 of the 2016 report, bands merged
    ...     counts=pd.DataFrame({"All": [35, 65, 51], "CRC-funded": [2, 13, 19]}, index=bands),
    ...     bases=pd.Series({"All": 151, "CRC-funded": 34}),
    ... )
    >>> ax = plot.compare(table)
    >>> len(ax.patches)
    6
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['All (n=151)', 'CRC-funded (n=34)']
    >>> [t.get_text() for t in ax.texts]
    ['23%', '43%', '34%', '6%', '38%', '56%']
    """
    _pyplot()  # checks that matplotlib is installed
    if table.percent_axis != "columns":
        msg = f"plot.compare() draws groups as columns; table {table.question!r} is a grid."
        raise InvalidOptionError(f"{msg}\n\nHint: draw a grid with plot.likert(table).")
    columns = list(table.counts.columns)
    chosen = columns if groups is None else list(groups)
    missing = [g for g in chosen if g not in columns]
    if missing:
        msg = f"table {table.question!r} has no group(s) {missing}; its groups are {columns}."
        raise InvalidOptionError(msg)
    if len(chosen) < 2:
        msg = f"plot.compare() needs two or more groups; got {chosen}."
        raise InvalidOptionError(f"{msg}\n\nHint: draw one group with plot.bar(table).")
    if intervals:
        check_choice(method, CIMethod, name="method")
    labels = list(table.counts.index)
    first = [_share(c, table.bases[chosen[0]]) for c in table.counts[chosen[0]]]
    order = _order(labels, first, sort, dont_know)
    names = [_wrap(labels[i]) for i in order]
    ax = _axes(ax, 2.0 + len(order) * max(_row_height(names), 0.28 * len(chosen) + 0.1), 7.5)
    height = 0.8 / len(chosen)
    centres = np.arange(len(order))[::-1].astype(float)
    reach, handles = 0.0, []
    for number, group in enumerate(chosen):
        end, handle = _group_bars(
            ax,
            table,
            group,
            number=number,
            y=centres + 0.4 - height * (number + 0.5),
            height=height,
            order=order,
            interval=(method, level) if intervals else None,
        )
        reach = max(reach, end)
        handles.append(handle)
    ax.set_yticks(centres, names)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, max(10.0, reach * 1.15 + 2))
    label = "Percentage of each group"
    if intervals:
        label += f" (lines: {level:.0%} {_CI_NAMES[method]} confidence intervals)"
    _percent_axis(ax, label)
    ax.set_title(_title(table, title, None), fontsize=_TITLE_FONT, loc="left")
    _legend_below(ax, handles, min(len(handles), 3))
    _style(ax)
    return ax


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

"""Charts of a trend table: lines across waves with intervals, and a slope chart of two waves.

Both take a :class:`~tracktr.Table` with the waves as columns, as
:func:`tracktr.waves.trend` returns it, and follow the conventions of
:mod:`tracktr.plot`: Okabe–Ito colours, and nothing told by colour alone (each option
also has its own marker and line style, and is named at the end of its line); labels are
rounded by the table's own rule; a wave whose base is zero (the question was not asked)
and an option a wave did not offer (the table's ``gaps``) leave a gap rather than a zero.
matplotlib is imported only when a chart is drawn.

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> table = tt.Table(
...     counts=pd.DataFrame({"2015-05": [25, 116], "2015-10": [34, 101]},
...                         index=["Funded by a CRC", "Not funded by a CRC"]),
...     bases=pd.Series({"2015-05": 141, "2015-10": 135}),
... )
>>> ax = tt.waves.plot.slope(table)
>>> [t.get_text() for t in ax.texts]
['18%', 'Funded by a CRC 25%', '82%', 'Not funded by a CRC 75%']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tracktr._text import level_text
from tracktr.exceptions import InvalidOptionError
from tracktr.plot._compare import _interval
from tracktr.plot._figure import (
    _FONT,
    _TITLE_FONT,
    _as_written,
    _axes,
    _chars,
    _figure_width,
    _fill,
    _group_colour,
    _pyplot,
    _spread,
    _style,
    _text_inches,
    _value_label,
)
from tracktr.plot._labels import _base_text, _defined, _label, _share, _title
from tracktr.table import Table
from tracktr.typing import CIMethod, check_choice

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["slope", "trend_lines"]

_MARKERS = ("o", "s", "^", "D", "v", "P")
_LINES = ("-", "--", ":", "-.", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)))


def _style_of(number: int) -> dict[str, Any]:
    return {
        "color": _group_colour(number),
        "marker": _MARKERS[number % len(_MARKERS)],
        "linestyle": _LINES[number % len(_LINES)],
    }


def _rows(table: Table, options: Sequence[Any] | None, caller: str) -> list[Any]:
    if table.percent_axis != "columns":
        msg = (
            f"waves.plot.{caller}() draws options across waves; table {table.question!r} is a grid."
        )
        raise InvalidOptionError(msg)
    labels = list(table.counts.index)
    chosen = labels if options is None else list(options)
    missing = [o for o in chosen if o not in labels]
    if missing or not chosen:
        msg = f"table {table.question!r} has no option(s) {missing or chosen}; it has {labels}."
        raise InvalidOptionError(msg)
    return chosen


def _share_or_gap(table: Table, option: Any, wave: Any, gaps: set[tuple[Any, Any]]) -> float:
    """Return the share to draw, NaN where the base is empty or the cell is a gap."""
    if (option, wave) in gaps:  # not offered in that wave: no point, not a 0
        return float("nan")
    return _share(table.counts.loc[option, wave], table.bases[wave])


def _wave_ticks(table: Table, waves: Sequence[Any], chars: int = 40) -> list[str]:
    """Each wave's name and base; a small base says so, as in every chart of tracktr.plot."""
    return [f"{_fill(str(w), chars)}\n{_fill(f'({_base_text(table, w)})', chars)}" for w in waves]


_LINE = (_FONT - 1) * 1.3 / 72  # the inches a line of a value label takes, with its leading

# A label: the point it belongs to (x, y), its text, and where it is written from the
# point (points right, and "left" or "right" for the side of the text the point is on).
_Label = tuple[float, float, str, float, str]


def _axes_inches(ax: Axes, title: str) -> tuple[float, float]:
    """Estimate the axes' width and height in inches.

    The figure less the y axis (about an inch), the title and the two-line wave labels.
    """
    figure = ax.get_figure(root=True)
    width, height = (7.5, 4.5) if figure is None else figure.get_size_inches()
    lines = title.count("\n") + 1
    return max(float(width) - 1.0, 0.8), max(float(height) - 0.22 * lines - 0.9, 0.8)


def _stack(options: Sequence[Any], width: float, title: str) -> tuple[int, float]:
    """Return the wrapping width of the options' end labels, and the figure height they need.

    On a figure `width` inches wide a name wraps to about 45% of the axes; the labels of
    one wave, stacked, then need this height, with the title and the wave labels.
    """
    chars = max(10, _chars(0.45 * max(width - 1.0, 0.8), _FONT - 1))
    lines = sum(_fill(f"{option} 100%", chars).count("\n") + 1 for option in options)
    needed = lines * _LINE + 0.03 * len(options) + 0.22 * (title.count("\n") + 1) + 1.1
    return chars, needed


def _place(ax: Axes, labels: list[_Label], *, height: float, lift: float) -> None:
    """Write the labels in their order; those of one x are spread apart so none overlaps.

    `height` is the axes' height in inches, `lift` the points from a point up to the
    middle of its label when nothing is in the way.
    """
    low, high = ax.get_ylim()
    per_inch = (high - low) / height
    centres = [y + lift / 72 * per_inch for _, y, *_ in labels]
    needs = [((text.count("\n") + 1) * _LINE + 0.03) * per_inch for _, _, text, *_ in labels]
    for x in dict.fromkeys(label[0] for label in labels):
        group = [k for k, label in enumerate(labels) if label[0] == x]
        spread = _spread([centres[k] for k in group], [needs[k] for k in group], low, high)
        for k, centre in zip(group, spread, strict=True):
            centres[k] = centre
    for (x, y, text, dx, ha), centre in zip(labels, centres, strict=True):
        _value_label(ax, text, (x, y), (dx, (centre - y) / per_inch * 72), ha=ha, va="center")


def trend_lines(
    table: Table,
    /,
    *,
    options: Sequence[Any] | None = None,
    intervals: bool = True,
    method: CIMethod = "wilson",
    level: float = 0.95,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw each option's share across the waves, one line per option, with intervals.

    Parameters
    ----------
    table : Table
        Options as rows, waves as columns in time order (:func:`tracktr.waves.trend`).
    options : sequence, optional
        The options to draw; all of them by default.
    intervals : bool, default True
        Draw each share's confidence interval from :func:`tracktr.proportion_ci`.
    method : CIMethod, default "wilson"
        The interval's method.
    level : float, default 0.95
        The interval's confidence level.
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
        If the table is a grid or `options` names a row it does not have.

    See Also
    --------
    slope : two waves.

    Notes
    -----
    Each wave's tick label gives its base. The intervals are of each wave's share on its
    own; whether a change between waves is clear is a question for
    :func:`tracktr.waves.change`, which pairs the organisations in both waves.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"2014": [10, 90], "2015": [19, 122], "2016": [34, 101]},
    ...                         index=["CRC", "Other"]),
    ...     bases=pd.Series({"2014": 100, "2015": 141, "2016": 135}),
    ... )
    >>> ax = tt.waves.plot.trend_lines(table, options=["CRC"])
    >>> [round(float(y), 1) for y in ax.lines[0].get_ydata()]
    [10.0, 13.5, 25.2]
    >>> [t.get_text() for t in ax.texts]
    ['10%', '13%', 'CRC 25%']
    """
    _pyplot()
    chosen = _rows(table, options, "trend_lines")
    if intervals:
        check_choice(method, CIMethod, name="method")
    waves = list(table.counts.columns)
    width = 7.5 if ax is None else _figure_width(ax)
    heading = _title(table, title, None, chars=_chars(width - 1.0, _TITLE_FONT))
    chars, needed = _stack(chosen, width, heading)  # names at the ends of the lines
    ax = _axes(ax, max(4.5, needed), width)
    theirs = len(ax.texts)  # texts of a given Axes drawn before the chart keep their settings
    axes_width, axes_height = _axes_inches(ax, heading)
    x = np.arange(len(waves), dtype=float)
    shown = table.percentages()
    gaps = set(table.gaps)
    top = 0.0
    labels: list[_Label] = []
    for number, option in enumerate(chosen):
        counts = [table.counts.loc[option, w] for w in waves]
        bases = [table.bases[w] for w in waves]
        y = np.array([_share_or_gap(table, option, w, gaps) for w in waves])
        style = _style_of(number)
        ax.plot(x, y, label=str(option), gid="trend", linewidth=1.8, markersize=6, **style)
        if intervals:
            bounds = np.array(
                [
                    _interval(c, b, method, level) if not np.isnan(v) else (np.nan, np.nan)
                    for c, b, v in zip(counts, bases, y, strict=True)
                ]
            )
            ax.errorbar(
                x,
                y,
                yerr=[y - bounds[:, 0], bounds[:, 1] - y],
                fmt="none",
                ecolor=style["color"],
                elinewidth=1,
                capsize=3,
            )
            top = max(top, float(np.nanmax(bounds[:, 1], initial=0.0)))
        top = max(top, float(np.nanmax(y, initial=0.0)))
        drawn = [i for i in range(len(waves)) if not np.isnan(y[i])]
        for i in drawn:
            text = _label(table, counts[i], bases[i], float(shown.loc[option, waves[i]]))
            if i == drawn[-1]:
                text = _fill(f"{option} {text}", chars)
            labels.append((x[i], y[i], text, 6, "left"))
    # The last wave keeps room right of it for the widest label (0.6 of a wave at least).
    end = max((_text_inches(label[2], _FONT - 1) for label in labels), default=0.0) + 0.15
    room = max(0.6, end * (len(waves) - 0.7) / max(axes_width - end, 0.3))
    ax.set_xlim(-0.3, len(waves) - 1 + room)
    wave_inches = axes_width / (len(waves) - 0.7 + room)
    ax.set_xticks(x, _wave_ticks(table, waves, max(8, _chars(wave_inches - 0.1))))
    ax.set_ylim(0, min(100.0, top * 1.15 + 5))
    _place(ax, labels, height=axes_height, lift=7.5)
    ax.yaxis.set_major_formatter(_percent_formatter())
    ylabel = "Percentage of each wave"
    if intervals:
        ylabel += f"\n(bars: {level_text(level)} confidence intervals)"
    ax.set_ylabel(ylabel, fontsize=_FONT)
    ax.set_title(heading, fontsize=_TITLE_FONT, loc="left")
    _style(ax)
    _as_written(ax, theirs)
    return ax


def _percent_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{v:g}%")


def slope(
    table: Table,
    /,
    *,
    first: Any = None,
    second: Any = None,
    options: Sequence[Any] | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a slope chart of two waves: each option's share in one, joined to the other.

    Parameters
    ----------
    table : Table
        Options as rows, waves as columns (:func:`tracktr.waves.trend`).
    first, second : label, optional
        The two waves; by default the table's first and last columns.
    options : sequence, optional
        The options to draw; all of them by default.
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
        If a wave is not a column, the two waves are the same or either has a base of
        zero, or `options` names a row the table does not have.

    See Also
    --------
    trend_lines : every wave, with intervals.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"2015": [1, 7], "2016": [3, 5]}, index=["Yes", "No"]),
    ...     bases=pd.Series({"2015": 8, "2016": 8}),
    ... )
    >>> ax = tt.waves.plot.slope(table)
    >>> [line.get_ydata().tolist() for line in ax.lines]
    [[12.5, 37.5], [87.5, 62.5]]
    >>> [t.get_text() for t in ax.texts]  # 12.5% rounds half-up, as the table does
    ['13%', 'Yes 38%', '88%', 'No 63%']
    """
    _pyplot()
    chosen = _rows(table, options, "slope")
    waves = list(table.counts.columns)
    one = waves[0] if first is None else first
    two = waves[-1] if second is None else second
    for wave in (one, two):
        if wave not in waves:
            msg = f"table {table.question!r} has no wave {wave!r}; its waves are {waves}."
            raise InvalidOptionError(msg)
        if not _defined(table.bases[wave]):
            msg = f"wave {wave!r} has a base of zero in table {table.question!r}: nothing to draw."
            raise InvalidOptionError(msg)
    if one == two:
        msg = f"a slope chart needs two different waves; got {one!r} twice."
        raise InvalidOptionError(msg)
    width = 6.0 if ax is None else _figure_width(ax)
    heading = _title(table, title, None, chars=_chars(width - 1.0, _TITLE_FONT))
    chars, needed = _stack(chosen, width, heading)  # names at the right-hand wave
    ax = _axes(ax, max(1.5 + 0.45 * len(chosen), needed), width)
    theirs = len(ax.texts)
    axes_width, axes_height = _axes_inches(ax, heading)
    labels: list[_Label] = []
    shown = table.percentages()
    gaps = set(table.gaps)
    for number, option in enumerate(chosen):
        style = _style_of(number)
        ends = []
        for wave in (one, two):
            count, base = table.counts.loc[option, wave], table.bases[wave]
            share = _share_or_gap(table, option, wave, gaps)
            ends.append((share, _label(table, count, base, float(shown.loc[option, wave]))))
        ax.plot(
            [0, 1],
            [ends[0][0], ends[1][0]],
            label=str(option),
            gid="slope",
            linewidth=2,
            markersize=7,
            **style,
        )
        # An end the option was not offered at is a gap: no label; the name goes on the
        # other end.
        left, right = (not np.isnan(share) for share, _ in ends)
        if left:
            text = ends[0][1] if right else _fill(f"{option} {ends[0][1]}", chars)
            labels.append((0.0, ends[0][0], text, -8, "right"))
        if right:
            labels.append((1.0, ends[1][0], _fill(f"{option} {ends[1][1]}", chars), 8, "left"))
    gap = axes_width / 1.95  # inches between the two waves
    start, end = (
        max(
            (_text_inches(label[2], _FONT - 1) for label in labels if label[0] == side),
            default=0.0,
        )
        + 8 / 72
        + 0.05
        for side in (0.0, 1.0)
    )
    if start > 0.35 * gap or end > 0.6 * gap:  # the labels need more than the usual margins
        gap = max(axes_width - start - end, 0.8)
        ax.set_xlim(-start / gap, 1 + end / gap)
    else:
        ax.set_xlim(-0.35, 1.6)
    ax.set_xticks([0, 1], _wave_ticks(table, [one, two], max(8, _chars(gap - 0.15))))
    _place(ax, labels, height=axes_height, lift=0.0)
    ax.yaxis.set_major_formatter(_percent_formatter())
    ax.set_ylabel("Percentage of each wave", fontsize=_FONT)
    ax.set_title(heading, fontsize=_TITLE_FONT, loc="left")
    _style(ax)
    _as_written(ax, theirs)
    return ax

"""Charts of a trend table: lines across waves with intervals, and a slope chart of two waves.

Both take a :class:`~tracktr.Table` with the waves as columns, as
:func:`tracktr.waves.trend` returns it, and follow the conventions of
:mod:`tracktr.plot`: Okabe–Ito colours, and nothing told by colour alone (each option
also has its own marker and line style, and is named at the end of its line); labels are
rounded by the table's own rule; a wave whose base is zero (the question was not asked)
leaves a gap rather than a zero. matplotlib is imported only when a chart is drawn.

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

from tracktr.exceptions import InvalidOptionError
from tracktr.plot._compare import _interval
from tracktr.plot._figure import (
    _FONT,
    _TITLE_FONT,
    _axes,
    _group_colour,
    _pyplot,
    _style,
    _value_label,
)
from tracktr.plot._labels import _defined, _fmt_n, _label, _n, _share, _title
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


def _wave_ticks(table: Table, waves: Sequence[Any]) -> list[str]:
    n = _n(table)
    return [f"{w}\n(n={_fmt_n(n[w])})" for w in waves]


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
    ax = _axes(ax, 4.5, 7.5)
    x = np.arange(len(waves), dtype=float)
    shown = table.percentages()
    top = 0.0
    for number, option in enumerate(chosen):
        counts = [table.counts.loc[option, w] for w in waves]
        bases = [table.bases[w] for w in waves]
        y = np.array([_share(c, b) for c, b in zip(counts, bases, strict=True)])
        style = _style_of(number)
        ax.plot(x, y, label=str(option), gid="trend", linewidth=1.8, markersize=6, **style)
        if intervals:
            bounds = np.array(
                [
                    _interval(c, b, method, level) if _defined(b) else (np.nan, np.nan)
                    for c, b in zip(counts, bases, strict=True)
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
        drawn = [i for i in range(len(waves)) if _defined(bases[i])]
        for i in drawn:
            text = _label(table, counts[i], bases[i], float(shown.loc[option, waves[i]]))
            if i == drawn[-1]:
                text = f"{option} {text}"
            _value_label(ax, text, (x[i], y[i]), (6, 4))
    ax.set_xticks(x, _wave_ticks(table, waves))
    ax.set_xlim(-0.3, len(waves) - 0.4)
    ax.set_ylim(0, min(100.0, top * 1.15 + 5))
    ax.yaxis.set_major_formatter(_percent_formatter())
    ylabel = "Percentage of each wave"
    if intervals:
        ylabel += f"\n(bars: {level:.0%} confidence intervals)"
    ax.set_ylabel(ylabel, fontsize=_FONT)
    ax.set_title(_title(table, title, None), fontsize=_TITLE_FONT, loc="left")
    _style(ax)
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
    ax = _axes(ax, 1.5 + 0.45 * len(chosen), 6.0)
    shown = table.percentages()
    for number, option in enumerate(chosen):
        style = _style_of(number)
        ends = []
        for wave in (one, two):
            count, base = table.counts.loc[option, wave], table.bases[wave]
            ends.append(
                (_share(count, base), _label(table, count, base, float(shown.loc[option, wave])))
            )
        ax.plot(
            [0, 1],
            [ends[0][0], ends[1][0]],
            label=str(option),
            gid="slope",
            linewidth=2,
            markersize=7,
            **style,
        )
        _value_label(ax, ends[0][1], (0, ends[0][0]), (-8, 0), ha="right", va="center")
        _value_label(ax, f"{option} {ends[1][1]}", (1, ends[1][0]), (8, 0), ha="left", va="center")
    ax.set_xticks([0, 1], _wave_ticks(table, [one, two]))
    ax.set_xlim(-0.35, 1.6)
    ax.yaxis.set_major_formatter(_percent_formatter())
    ax.set_ylabel("Percentage of each wave", fontsize=_FONT)
    ax.set_title(_title(table, title, None), fontsize=_TITLE_FONT, loc="left")
    _style(ax)
    return ax

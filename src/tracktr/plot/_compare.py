"""Two or more groups side by side: paired bars of each option, intervals on request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tracktr._text import label_text, level_text
from tracktr.exceptions import InvalidOptionError
from tracktr.plot._figure import (
    _CI_NAMES,
    _GROUP_HATCHES,
    _INK,
    _TITLE_FONT,
    _as_written,
    _axes,
    _group_colour,
    _headroom,
    _legend_below,
    _names_chars,
    _percent_axis,
    _pyplot,
    _row_height,
    _style,
    _title_chars,
    _value_label,
)
from tracktr.plot._labels import (
    _base_text,
    _defined,
    _dont_know_options,
    _label,
    _n,
    _order,
    _require_table,
    _rounding_notes,
    _share,
    _title,
    _wrap,
)
from tracktr.table import Table
from tracktr.typing import BarOrder, CIMethod, check_choice

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from tracktr.survey import Survey


def _interval(count: Any, base: Any, method: CIMethod, level: float) -> tuple[float, float]:
    """Return a confidence interval in percent from :func:`tracktr.proportion_ci`."""
    from tracktr.compare import proportion_ci

    result = proportion_ci(count, base, method=method, level=level)
    return 100 * float(result.ci_low), 100 * float(result.ci_high)


def _sample_size(table: Table, group: Any) -> Any:
    """Return what a weighted share's interval is set on: its effective base, else its n."""
    if table.effective_bases is not None:
        return table.effective_bases[group]
    return _n(table)[group]


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
    # A gap (an option the group was not offered) has no bar and no interval: "n/a".
    gaps = {row for row, at in table.gaps if at == group}
    drawn = np.array([table.counts.index[i] not in gaps for i in order], dtype=bool)
    y = np.asarray(y, dtype=float)
    ax.barh(
        y[drawn], widths[drawn], height=height * 0.92, color=colour, hatch=hatch,
        edgecolor=edge, linewidth=0.6,
    )  # fmt: skip
    ends = widths.copy()
    if interval is not None and _defined(base) and drawn.any():
        # A weighted share is set on its Kish effective base, as tt.compare_table sets it
        # (on the respondents behind it, the interval was too narrow wherever the weights
        # vary: 9.7 to 45.4% where the effective base gives 7.6 to 51.9%). Only a table
        # without effective bases falls back on its respondents, as compare_table does.
        n = float(_sample_size(table, group))
        pairs = [
            (c, base) if not table.weighted else (w / 100 * n, n)
            for c, w in zip(counts, widths, strict=True)
        ]
        bounds = np.array([_interval(c, b, *interval) for c, b in pairs]).reshape(-1, 2)
        xerr = [(widths - bounds[:, 0])[drawn], (bounds[:, 1] - widths)[drawn]]
        ax.errorbar(widths[drawn], y[drawn], xerr=xerr, fmt="none", ecolor=_INK, elinewidth=1,
                    capsize=3)  # fmt: skip
        ends = np.maximum(ends, np.where(drawn, bounds[:, 1], 0.0))
    for x, yy, c, p in zip(ends, y, counts, shown, strict=True):
        _value_label(ax, _label(table, c, base, p), (x, yy), (4, 0), va="center", ha="left")
    label = f"{label_text(group)} ({_base_text(table, group)})"
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
    dont_know: Sequence[str] | None = None,
    survey: Survey | None = None,
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
        Draw a confidence interval on every bar, from :func:`tracktr.proportion_ci`. A
        weighted share's interval is set on its column's Kish effective base
        (``table.effective_bases``, which weighted tabulation records; the respondents
        for a weighted table without them), as :func:`tracktr.compare_table` sets it, and
        the axis says which.
    method : CIMethod, default "wilson"
        The interval's method.
    level : float, default 0.95
        The interval's confidence level.
    sort : {"codebook", "size"}, default "codebook"
        The table's order (right for ordered bands), or largest share of the first group
        first. "Don't know" options come last.
    dont_know : sequence of str, optional
        Options kept at the bottom. By default the codebook's (see `survey`), else
        ``("Don't know",)``.
    survey : Survey, optional
        The codebook of the table's question: its options marked ``dont_know`` are kept
        at the bottom (with any named in `dont_know`).
    title : str, optional
        Defaults to the table's title (or question id); a weighted table adds
        "Percentages are weighted". Lines after it carry the table's notes on rounding:
        its rule, unless half-up, and which drawn groups' percentages do not sum to 100.
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
        If the table has fewer than two groups or `groups` names a missing column.

    See Also
    --------
    bar : one group.

    Notes
    -----
    Each group has its own colour and hatching, and the legend gives its base ("n=34"),
    flagging small bases. Labels are rounded by the table's rule. A gap of the table
    (``table.gaps``: an option a group was not offered) has no bar and no interval, and
    reads "n/a". The axis names the
    interval's level as given (``level=0.999`` reads "99.9%").

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
    table = _require_table(table, "compare")
    dont_know = _dont_know_options(table, dont_know, survey)
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
    names = [_wrap(labels[i], _names_chars(ax, 7.5)) for i in order]
    notes = _rounding_notes(table, chosen)
    row = max(_row_height(names), 0.28 * len(chosen) + 0.1)
    ax = _axes(ax, 2.0 + len(order) * row, 7.5, notes)
    theirs = len(ax.texts)
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
    ax.set_xlim(0, max(10.0, reach * 1.15 + 2, _headroom(ax, reach)))
    label = "Percentage of each group"
    if intervals:
        label += f" (lines: {level_text(level)} {_CI_NAMES[method]} confidence intervals"
        if table.weighted:
            on = "effective bases" if table.effective_bases is not None else "respondents"
            label += f" on the {on}"
        label += ")"
    _percent_axis(ax, label)
    ax.set_title(
        _title(table, title, None, notes=notes, chars=_title_chars(ax)),
        fontsize=_TITLE_FONT,
        loc="left",
    )
    _legend_below(ax, handles, min(len(handles), 3))
    _style(ax)
    _as_written(ax, theirs)
    return ax

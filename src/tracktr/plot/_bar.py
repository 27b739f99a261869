"""Horizontal bars of one question or of a multi-response set, with nets above."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tracktr.exceptions import InvalidOptionError
from tracktr.plot._figure import (
    _DONT_KNOW,
    _DONT_KNOW_HATCH,
    _FONT,
    _INK,
    _NET,
    _TITLE_FONT,
    OKABE_ITO,
    _as_written,
    _axes,
    _headroom,
    _names_chars,
    _percent_axis,
    _row_height,
    _style,
    _title_chars,
)
from tracktr.plot._labels import (
    _base_line,
    _dont_know_options,
    _is_dont_know,
    _label,
    _order,
    _require_table,
    _rounding_notes,
    _share,
    _single_column,
    _title,
    _wrap,
)
from tracktr.table import Table
from tracktr.typing import BarOrder

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from tracktr.nets import NetsLike
    from tracktr.survey import Survey


def bar(
    table: Table,
    *,
    column: Any = None,
    sort: BarOrder = "size",
    dont_know: Sequence[str] | None = None,
    survey: Survey | None = None,
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
    dont_know : sequence of str, optional
        Options outside the scale, drawn last in grey with hatching. By default the
        codebook's (see `survey`), else ``("Don't know",)``.
    survey : Survey, optional
        The codebook of the table's question: its options marked ``dont_know`` are drawn
        as "don't know" (with any named in `dont_know`).
    nets : mapping of str to sequence of str, or Table, optional
        Net categories drawn above the options, in their own colour and labelled
        "NET: ...": the codebook's (``survey.spec(question).nets``) or any mapping
        (counted by :func:`tracktr.net_table`), or a table of nets, which a
        multi-response set needs (:func:`tracktr.multi_nets`).
    title : str, optional
        Defaults to the table's title (or question id). The base ("n=151") is added,
        after the group's name when the table has several columns ("CRC (n=34)"), and
        a weighted table adds "percentages are weighted". Lines after it carry the
        table's notes on rounding: its rule, unless half-up, and that the column's
        percentages do not sum to 100, when they do not.
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
    rounds to zero reads "<1%", a share below 100 that rounds to 100 reads ">99%"). A gap
    of the table (``table.gaps``: an option not offered) has no bar and reads "n/a". Every
    text is drawn as written: a "$" is a dollar sign, never matplotlib math text.

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
    >>> ax.get_title(loc="left").splitlines()[-2:]  # 35 + 60 + 6: the table's note says so
    ['n=104', 'Percentages of n sum to 101, not 100, because of rounding.']
    >>> ax = plot.bar(table, nets={"Answered": ["Yes", "No"]})
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['No', 'Yes', "Don't know", 'NET: Answered']
    >>> ax.texts[-1].get_text()
    '94%'
    """
    table = _require_table(table, "bar")
    dont_know = _dont_know_options(table, dont_know, survey)
    column = _single_column(table, column, "bar")
    net_rows = _net_rows(table, nets, column)
    counts = table.counts[column]
    base = table.bases[column]
    shown = table.percentages()[column]
    labels = list(counts.index)
    shares = [_share(c, base) for c in counts]
    order = _order(labels, shares, sort, dont_know)
    chars = _names_chars(ax, 7.5)
    names = [_wrap(labels[i], chars) for i in order]
    net_names = [f"NET: {_wrap(row[0], chars - 5)}" for row in net_rows]
    notes = _rounding_notes(table, [column])
    rows = len(order) + len(net_rows)
    ax = _axes(ax, 1.5 + rows * _row_height(names + net_names), 7.5, notes)
    theirs = len(ax.texts)
    y = np.arange(len(order))[::-1].astype(float)
    widths = [0.0 if np.isnan(shares[i]) else shares[i] for i in order]
    dk = [_is_dont_know(labels[i], dont_know) for i in order]
    texts: list[str] = []
    gaps = {row for row, at in table.gaps if at == column}  # options not offered: no bar
    for k, i in enumerate(order):
        texts.append(_label(table, counts.iloc[i], base, float(shown.iloc[i])))
        if labels[i] in gaps:
            _no_bar(ax, y[k], texts[-1])
            continue
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
    ax.set_xlim(0, max(10.0, top * 1.18, _headroom(ax, top)))
    several = not table.partition and table.kind == "multi"
    kind = "respondents (more than one answer allowed)" if several else "respondents"
    _percent_axis(ax, f"Percentage of {kind}")
    # A table of several columns draws one: the base line names it.
    base = _base_line(table, column, named=len(table.counts.columns) > 1)
    ax.set_title(
        _title(table, title, base, notes=notes, chars=_title_chars(ax)),
        fontsize=_TITLE_FONT,
        loc="left",
    )
    _style(ax)
    _as_written(ax, theirs)
    return ax


def _no_bar(ax: Axes, y: float, text: str, **style: Any) -> None:
    """Write a gap's label (``n/a``: an option not offered) where its bar would start."""
    ax.annotate(text, (0.0, y), xytext=(3, 0), textcoords="offset points", va="center",
                fontsize=_FONT, color=_INK, **style)  # fmt: skip


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
) -> list[tuple[str, str, float, bool]]:
    """Return each net's label, percentage label, exact share and whether it is a gap."""
    if nets is None:
        return []
    net = _nets_table(table, nets)
    counts, shown, base = net.counts[column], net.percentages()[column], net.bases[column]
    gaps = {row for row, at in net.gaps if at == column}
    return [
        (
            str(name),
            _label(net, counts[name], base, float(shown[name])),
            _share(counts[name], base),
            name in gaps,
        )
        for name in counts.index
    ]


def _draw_nets(ax: Axes, rows: list[tuple[str, str, float, bool]], *, top: float) -> list[float]:
    """Draw net bars above the options (from y = `top` up), a dashed rule between."""
    widths = []
    for k, (_, text, share, gap) in enumerate(rows):
        width = 0.0 if np.isnan(share) else share
        if gap:  # none of its options was offered here: no bar, "n/a"
            _no_bar(ax, top + len(rows) - 1 - k, text, weight="bold")
            widths.append(0.0)
            continue
        bars = ax.barh(top + len(rows) - 1 - k, width, height=0.7, color=_NET, linewidth=0)
        ax.bar_label(bars, labels=[text], padding=3, fontsize=_FONT, color=_INK, weight="bold")
        widths.append(width)
    if rows:
        ax.axhline(top - 0.75, color="#888888", linewidth=0.8, linestyle="--")
    return widths

"""The look every chart shares: palette, font sizes, axes, legends and value labels."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tracktr.exceptions import MissingDependencyError, install_hint

if TYPE_CHECKING:
    from matplotlib.axes import Axes


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


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        msg = (
            "tracktr.plot draws charts with matplotlib, which is not installed.\n\n"
            f"Hint: {install_hint('plot')}."
        )
        raise MissingDependencyError(msg) from error
    return plt


def _axes(ax: Axes | None, height: float, width: float, notes: Sequence[str] = ()) -> Axes:
    """Return `ax`, or the axes of a new figure `width` by `height` inches.

    A new figure is made taller by the lines of the title's `notes`, so that they take
    room of their own rather than squeeze the bars (and their names) together.
    """
    plt = _pyplot()
    if ax is not None:
        return ax
    # A title line is about 0.2 inch (12 points, 1.2 spacing); notes wrap near 60 characters.
    height += sum(0.2 * (_fill(note, 60).count("\n") + 1) for note in notes)
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


def _chars(inches: float, size: float = _FONT) -> int:
    """Return how many characters fit on a line `inches` wide (the estimate of `_text_inches`)."""
    return max(1, int(inches / (0.62 * size / 72)))


def _label_chars(width: float) -> int:
    """Return the wrapping width of option names on a figure `width` inches wide.

    Names may take about 40% of the figure (34 characters from a 7.5-inch figure up), and
    never wrap below 16 characters, so a narrow column still has words on each line.
    """
    return max(16, min(_WRAP_LABEL, _chars(0.4 * width)))


def _names_inches(ax: Axes) -> float:
    """Estimate the width in inches of the widest y tick label (the bar names)."""
    return max((_text_inches(t.get_text()) for t in ax.get_yticklabels()), default=0.0)


def _room(ax: Axes) -> float:
    """Estimate the inches from the left of the axes (right of the names) to the figure's edge."""
    return max(_figure_width(ax) - _names_inches(ax) - 0.4, 0.5)


def _names_chars(ax: Axes | None, width: float) -> int:
    """Return the wrapping width of option names on `ax`'s figure, or a new one `width` wide."""
    return _label_chars(width if ax is None else _figure_width(ax))


def _title_chars(ax: Axes) -> int:
    """Return how many title characters fit from the left of the axes to the figure's edge."""
    return _chars(_room(ax), _TITLE_FONT)


def _headroom(ax: Axes, reach: float) -> float:
    """Return the axis end that leaves room for a value label ("100%") right of `reach`.

    The room is in inches, so a narrow figure keeps its labels inside (call after
    set_yticks).
    """
    share = min(0.45 / _room(ax), 0.6)
    return reach / (1 - share)


def _fill(text: str, chars: int) -> str:
    """Wrap each line of `text` to `chars` characters, keeping the line breaks it has."""
    lines = text.split("\n")
    return "\n".join(wrapped for line in lines for wrapped in textwrap.wrap(line, chars) or [""])


def _spread(ys: Sequence[float], needs: Sequence[float], low: float, high: float) -> list[float]:
    """Return label centres near `ys`, in the same order, that do not overlap.

    Label ``i`` takes `needs[i]` (in data units) centred on its position. Labels keep
    their order up the axis: one that would overlap the label below is pushed up, then
    all are pushed back down from `high` if the top one passes it. Only labels that need
    more than the whole axis pass `low`.
    """
    order = sorted(range(len(ys)), key=lambda i: (ys[i], i))
    placed = list(map(float, ys))
    floor = low
    for i in order:
        placed[i] = max(placed[i], floor + needs[i] / 2)
        floor = placed[i] + needs[i] / 2
    ceiling = high
    for i in reversed(order):
        placed[i] = min(placed[i], ceiling - needs[i] / 2)
        ceiling = placed[i] - needs[i] / 2
    return placed


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
    # The legend is centred under the axes, which the layout puts right of the bar names:
    # it may spread as far as the figure's right edge, so as wide as the figure less the
    # names' width. A label wraps at 30 characters, or fewer when one column is narrower.
    width = _room(ax)
    chars = max(12, min(30, _chars(width - 0.55)))
    for handle in handles:
        handle.set_label(_fill(str(handle.get_label()), chars))
    labels = [str(h.get_label()) for h in handles]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        # 3.6 font sizes clear the tick labels and a one-line axis label; each further
        # line of a wrapped axis label takes 1.2 more.
        borderaxespad=3.6 + 1.2 * ax.get_xlabel().count("\n"),
        ncol=_legend_columns(labels, width, ncol),
        frameon=False,
        fontsize=_FONT,
    )


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


def _as_written(ax: Axes, first: int = 0) -> None:
    """Draw every text of the chart as written: never as math text, never through TeX.

    Labels and titles are the table's words: "$100,000 - $250,000" read as math text loses
    its dollars, and a label math text cannot parse fails only at savefig. matplotlib's
    documented switch is each Text's ``parse_math`` (and ``usetex``, which
    ``rcParams["text.usetex"]`` would turn on). Call it last, once the legend is drawn;
    the texts a given Axes held before the chart (``ax.texts[:first]``) keep their settings.
    """
    from matplotlib.text import Text

    theirs = {id(text) for text in ax.texts[:first]}
    for text in ax.findobj(match=Text):
        if isinstance(text, Text) and id(text) not in theirs:
            text.set_parse_math(False)
            text.set_usetex(False)


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

    room = _room(ax)
    if locate:
        # Ticks at whole, round percentages: steps of 1, 2, 5 or 10 times a power of ten,
        # never 2.5% or 7.5%; at most one every 0.6 inch, so that "100%" never meets "80%".
        bins = max(2, min(6, int(room / 0.6)))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=bins, steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(x):g}%"))
    # The label is centred under the axes: it wraps to their width (call after set_yticks).
    # Its words are tracktr's own, mostly lower case: ~0.55 em a character.
    ax.set_xlabel(_fill(label, int(room / (0.55 * _FONT / 72))), fontsize=_FONT)

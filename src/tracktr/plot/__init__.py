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
dependency (``pip install ".[plot]"`` from a clone), imported only when a chart is drawn.

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> table = tt.Table(
...     counts=pd.DataFrame({"All": [36, 62, 6]}, index=["Yes", "No", "Don't know"]),
...     bases=pd.Series({"All": 104}),
... )
>>> ax = tt.plot.bar(table)
>>> print(ax.get_title(loc="left"))
n=104
Percentages of All sum to 101, not 100, because of rounding.
"""

from __future__ import annotations

from tracktr.plot._bar import bar
from tracktr.plot._compare import compare
from tracktr.plot._figure import OKABE_ITO as _OKABE_ITO
from tracktr.plot._likert import likert

__all__ = ["OKABE_ITO", "bar", "compare", "likert"]

# Bound here, the same dict, so that the documentation finds its docstring in this module.
OKABE_ITO: dict[str, str] = _OKABE_ITO
"""The Okabe–Ito palette, distinguishable with every common colour-vision deficiency.

Okabe, M. and Ito, K. (2008), *Color Universal Design*, https://jfly.uni-koeln.de/color/.
"""


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

"""Are printed numbers possible? Consistency checks for published percentages.

A percentage printed without decimals hides its count, but not completely: 94% of 19
organisations cannot be right, because 17 of 19 is 89.5% and 18 of 19 is 94.7%, which rounds
to 95%. These functions answer such questions exactly, with integer arithmetic and the
rounding rules of :mod:`tracktr.rounding`:

- :func:`percent`: which counts of a base print as a given percentage, under each rule;
- :func:`bases`: which bases fit a printed count and percentage ("58 organisations (67%)");
- :func:`distribution`: can the printed percentages of one question all hold at once, with
  counts that sum to the base, and which bases could produce them;
- :func:`table`: compare printed percentages with printed counts, cell by cell, and find
  the rounding rules that explain every cell;
- :func:`ratio` and :func:`share`: is "2.5 times more likely" or "just over a third" true
  of the numbers behind it;
- :func:`~tracktr.check.report`: run all of these over every figure of a report, listed in a
  figures file (:func:`tracktr.reference.read_figures`); :func:`~tracktr.check.reference` does it
  for the 2016 report.

Every result is a frozen object with a ``to_frame()`` and a one-line ``explanation``.

Examples
--------
>>> import tracktr as tt
>>> tt.check.percent(94, 19).possible_under("half_up")
False
>>> tt.check.distribution([35, 60, 6], 104).counts
(36, 62, 6)

Notes
-----
For a count ``k`` of a base ``b`` the exact share is ``x = 100 * 10**decimals * k / b`` units.
Every rounding rule maps ``x`` to a unit ``u`` through a half-open interval of ``x`` (half-up:
``u - 1/2 <= x < u + 1/2``), so the counts that print as ``u`` are the integers of an interval,
found in closed form; the searches never try counts one by one. Largest-remainder rounding
depends on the whole partition and is searched exactly over remainder thresholds.
"""

from __future__ import annotations

from tracktr.check._baseset import BaseSet
from tracktr.check._baseset import _spans as _spans
from tracktr.check._claims import RatioCheck, ShareCheck, ratio, share
from tracktr.check._distribution import DistributionCheck, distribution
from tracktr.check._findings import Finding, Findings
from tracktr.check._percent import BasesCheck, PercentCheck, bases, percent
from tracktr.check._report import reference, report
from tracktr.check._table import TableCheck, table
from tracktr.check._units import DEFAULT_MAX_BASE
from tracktr.reference._share_phrases import _phrase_bounds as _phrase_bounds

__all__ = [
    "DEFAULT_MAX_BASE",
    "BaseSet",
    "BasesCheck",
    "DistributionCheck",
    "Finding",
    "Findings",
    "PercentCheck",
    "RatioCheck",
    "ShareCheck",
    "TableCheck",
    "bases",
    "distribution",
    "percent",
    "ratio",
    "reference",
    "report",
    "share",
    "table",
]


def __dir__() -> list[str]:
    return sorted(__all__)

"""Confidence intervals, tests and group comparisons of proportions.

Three levels, each built on the one before:

- :func:`~tracktr.proportion_ci`: the interval of one share (Wilson score by default, well defined
  at 0 and at the base);
- :func:`~tracktr.compare_proportions`: two shares, their difference (Newcombe's hybrid score
  interval), ratio and odds ratio with intervals, and a p-value from the test that suits
  the counts;
- :func:`~tracktr.compare_table` and :func:`~tracktr.compare_groups`: every option of a question by
  group, with p-values adjusted for the number of comparisons, an overall test of association
  with Cramér's V, an ordinal test where the options are ordered, and column-proportion
  letters for display.

A subgroup compared with the whole sample that contains it (the 2016 report's Table 3:
CRC-funded organisations, n=34, against all respondents, n=151) is not two independent
samples: the 34 are counted on both sides. ``nested=True`` (and ``against="total"``) tests
the subgroup against the *rest* of the sample, which is the correct test, and derives the
subgroup-versus-total difference and ratio from the same counts, as explained in the guide
"Comparing groups".

Distributions and exact tests come from :mod:`scipy.stats`, imported inside the functions so
that ``import tracktr`` stays light.

Examples
--------
>>> import tracktr as tt
>>> tt.proportion_ci(0, 19)
ProportionInterval(0/19 = 0.000, 95% wilson CI 0.000 to 0.168, small base)
>>> result = tt.compare_proportions(12, 34, 20, 151, nested=True)
>>> round(result.relative_risk, 2), result.test
(2.66, 'fisher')
"""

from __future__ import annotations

from tracktr.compare._by_group import compare_groups
from tracktr.compare._groups import GroupComparison
from tracktr.compare._intervals import ProportionInterval, proportion_ci
from tracktr.compare._table import compare_table
from tracktr.compare._tests import AssociationTest, adjust_p_values
from tracktr.compare._two import ProportionComparison, compare_proportions

__all__ = [
    "AssociationTest",
    "GroupComparison",
    "ProportionComparison",
    "ProportionInterval",
    "adjust_p_values",
    "compare_groups",
    "compare_proportions",
    "compare_table",
    "proportion_ci",
]


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

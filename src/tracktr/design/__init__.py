"""Design-based inference for weighted surveys: estimates, intervals and tests.

- ``_design``: :class:`~tracktr.Design` declares weights, strata, clusters and fpc; bound to a
  response frame it computes linearised covariances (R survey's ``svyrecvar``).
- ``_estimates``: proportions of every option (single, multi-response, grid), means,
  totals and ratios, by domain, with design effects, effective bases and ``svyciprop``
  intervals.
- ``_tests``: the Rao–Scott tests of a weighted table (R ``svychisq``) and the
  design-based difference of two groups' shares.
- ``_groups``: every option compared between every pair of groups (the design-based
  :func:`tracktr.compare_groups`).
- ``_rank``: the design-based rank test of an ordinal question (R ``svyranktest``).
- ``_population``: the sample against the population: shares, intervals, a
  goodness-of-fit test and plain-English statements.

Unweighted is the special case: with no design every estimate, interval and test equals the
unweighted one. Reference values come from R survey 4.1.1 on its ``api`` data
(``tests/reference/survey_api.R``).

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> df = pd.DataFrame({"q": ["Yes", "No", "Yes", "Yes"], "w": [1.0, 2.0, 1.0, 1.0]})
>>> est = tt.design.estimate_proportions(df, "q", design=tt.Design(weights="w"))
>>> est.to_frame()[["option", "estimate"]]
  option  estimate
0     No       0.4
1    Yes       0.6
"""

from __future__ import annotations

from tracktr.design._design import BoundDesign, Design
from tracktr.design._estimates import Estimates, estimate_proportions
from tracktr.design._groups import DesignGroupComparison, compare_groups
from tracktr.design._numeric import estimate_means, estimate_ratio, estimate_totals
from tracktr.design._population import PopulationComparison, compare_population
from tracktr.design._rank import DesignRankTest, ranktest
from tracktr.design._tests import DesignDifference, DesignTest, chisq, difference

__all__ = [
    "BoundDesign",
    "Design",
    "DesignDifference",
    "DesignGroupComparison",
    "DesignRankTest",
    "DesignTest",
    "Estimates",
    "PopulationComparison",
    "chisq",
    "compare_groups",
    "compare_population",
    "difference",
    "estimate_means",
    "estimate_proportions",
    "estimate_ratio",
    "estimate_totals",
    "ranktest",
]


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

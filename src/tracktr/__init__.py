"""tracktr: statistics for the surveys umbrella bodies run of their member organisations.

Read a response file against a codebook, tabulate it as integer counts, derive exactly
rounded percentages, compare groups, and check published figures.

Examples
--------
>>> import tracktr as tt
>>> tt.percentages([1, 7]).tolist()
[13.0, 88.0]
"""

from __future__ import annotations

from tracktr import (
    banners,
    check,
    compare,
    datasets,
    describe,
    design,
    disclosure,
    io,
    missing,
    plot,
    recode,
    reference,
    rounding,
    survey,
    surveys,
    waves,
    weights,
)
from tracktr.compare import (
    AssociationTest,
    GroupComparison,
    ProportionComparison,
    ProportionInterval,
    compare_groups,
    compare_proportions,
    compare_table,
    proportion_ci,
)
from tracktr.describe import describe_comparison, describe_ratio, describe_share
from tracktr.design import Design
from tracktr.exceptions import (
    CodebookError,
    EngineError,
    InvalidBaseError,
    InvalidCountsError,
    InvalidDataError,
    InvalidOptionError,
    InvalidWeightsError,
    MissingDependencyError,
    MultiResponseError,
    NotAPartitionError,
    QuestionNotFoundError,
    ReadError,
    ReferenceNotFoundError,
    SurveyValidationError,
    TracktrError,
    UnknownMethodError,
    UnknownValueError,
    WriteError,
)
from tracktr.multicross import multi_crosstab, multi_nets, tick_counts
from tracktr.nets import mean_scores, net_table
from tracktr.reproduce import ReproducedTable, Reproduction, reproduce
from tracktr.rounding import format_percent, percentages
from tracktr.summarise import Summary, summarise
from tracktr.survey import (
    GridQuestion,
    MultiQuestion,
    NumericQuestion,
    OrdinalQuestion,
    Prepared,
    Question,
    SingleQuestion,
    Survey,
    TextQuestion,
)
from tracktr.tabbook import TabBook, tabbook
from tracktr.table import Table
from tracktr.tabulate import combine, crosstab, frequencies, grid, multi_response, tabulate
from tracktr.views import cumulative_percentages, row_percentages, total_percentages

__version__ = "0.1.0.dev0"

__all__ = [
    "AssociationTest",
    "CodebookError",
    "Design",
    "EngineError",
    "GridQuestion",
    "GroupComparison",
    "InvalidBaseError",
    "InvalidCountsError",
    "InvalidDataError",
    "InvalidOptionError",
    "InvalidWeightsError",
    "MissingDependencyError",
    "MultiQuestion",
    "MultiResponseError",
    "NotAPartitionError",
    "NumericQuestion",
    "OrdinalQuestion",
    "Prepared",
    "ProportionComparison",
    "ProportionInterval",
    "Question",
    "QuestionNotFoundError",
    "ReadError",
    "ReferenceNotFoundError",
    "ReproducedTable",
    "Reproduction",
    "SingleQuestion",
    "Summary",
    "Survey",
    "SurveyValidationError",
    "TabBook",
    "Table",
    "TextQuestion",
    "TracktrError",
    "UnknownMethodError",
    "UnknownValueError",
    "WriteError",
    "__version__",
    "banners",
    "check",
    "combine",
    "compare",
    "compare_groups",
    "compare_proportions",
    "compare_table",
    "crosstab",
    "cumulative_percentages",
    "datasets",
    "describe",
    "describe_comparison",
    "describe_ratio",
    "describe_share",
    "design",
    "disclosure",
    "format_percent",
    "frequencies",
    "grid",
    "io",
    "mean_scores",
    "missing",
    "multi_crosstab",
    "multi_nets",
    "multi_response",
    "net_table",
    "percentages",
    "plot",
    "proportion_ci",
    "recode",
    "reference",
    "reproduce",
    "rounding",
    "row_percentages",
    "summarise",
    "survey",
    "surveys",
    "tabbook",
    "tabulate",
    "tick_counts",
    "total_percentages",
    "waves",
    "weights",
]


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

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
    InvalidBaseError,
    InvalidCountsError,
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
)
from tracktr.reproduce import ReproducedTable, Reproduction, reproduce
from tracktr.rounding import format_percent, percentages
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
from tracktr.table import Table
from tracktr.tabulate import combine, crosstab, frequencies, grid, multi_response, tabulate

__version__ = "0.1.0.dev0"

__all__ = [
    "AssociationTest",
    "CodebookError",
    "Design",
    "GridQuestion",
    "GroupComparison",
    "InvalidBaseError",
    "InvalidCountsError",
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
    "Survey",
    "SurveyValidationError",
    "Table",
    "TextQuestion",
    "TracktrError",
    "UnknownMethodError",
    "UnknownValueError",
    "__version__",
    "check",
    "combine",
    "compare",
    "compare_groups",
    "compare_proportions",
    "compare_table",
    "crosstab",
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
    "missing",
    "multi_response",
    "percentages",
    "plot",
    "proportion_ci",
    "recode",
    "reference",
    "reproduce",
    "rounding",
    "survey",
    "surveys",
    "tabulate",
    "weights",
]

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

import importlib
from typing import TYPE_CHECKING, Any

# Eager: the counting core, and the modules whose name is also a function here (`tabulate`,
# `reproduce`): importing such a module later would rebind `tt.<name>` to the module.
from tracktr import missing, rounding
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
    WriteError,
)
from tracktr.reproduce import ReproducedTable, Reproduction, reproduce
from tracktr.rounding import format_percent, percentages
from tracktr.table import Table
from tracktr.tabulate import combine, crosstab, frequencies, grid, multi_response, tabulate

if TYPE_CHECKING:
    from tracktr import (
        check,
        compare,
        datasets,
        describe,
        disclosure,
        io,
        plot,
        recode,
        reference,
        survey,
        surveys,
        waves,
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

# Lazy: loaded on first use (`tt.Survey`, `tt.io`), so that `import tracktr` costs little
# more than importing pandas. Each name maps to the module that defines it.
_SUBMODULES = (
    "check",
    "compare",
    "datasets",
    "describe",
    "disclosure",
    "io",
    "plot",
    "recode",
    "reference",
    "survey",
    "surveys",
    "waves",
)
_LAZY: dict[str, str] = {
    **{name: f"tracktr.{name}" for name in _SUBMODULES},
    **dict.fromkeys(
        (
            "AssociationTest",
            "GroupComparison",
            "ProportionComparison",
            "ProportionInterval",
            "compare_groups",
            "compare_proportions",
            "compare_table",
            "proportion_ci",
        ),
        "tracktr.compare",
    ),
    **dict.fromkeys(
        ("describe_comparison", "describe_ratio", "describe_share"), "tracktr.describe"
    ),
    **dict.fromkeys(
        (
            "GridQuestion",
            "MultiQuestion",
            "NumericQuestion",
            "OrdinalQuestion",
            "Prepared",
            "Question",
            "SingleQuestion",
            "Survey",
            "TextQuestion",
        ),
        "tracktr.survey",
    ),
}


def __getattr__(name: str) -> Any:
    """Import a lazily exported name on first access, then keep it."""
    where = _LAZY.get(name)
    if where is None:
        msg = f"module 'tracktr' has no attribute {name!r}"
        raise AttributeError(msg)
    module = importlib.import_module(where)
    value = module if name in _SUBMODULES else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__version__ = "0.1.0.dev0"

__all__ = [
    "AssociationTest",
    "CodebookError",
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
    "WriteError",
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
    "waves",
]

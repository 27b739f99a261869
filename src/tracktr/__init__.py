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
import sys
import types
from typing import TYPE_CHECKING, Any

# Eager: the counting core (`tabulate` holds a function of its own name: importing the
# module binds `tracktr.tabulate` to it, so the function is bound here after it, once).
from tracktr import missing, rounding
from tracktr.exceptions import (
    CodebookError,
    DisclosureWarning,
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
    TracktrWarning,
    UnknownMethodError,
    UnknownValueError,
    WriteError,
)
from tracktr.rounding import format_percent, percentages
from tracktr.table import Table
from tracktr.tabulate import combine, crosstab, frequencies, grid, multi_response, tabulate

if TYPE_CHECKING:
    from tracktr import (
        banners,
        check,
        compare,
        datasets,
        describe,
        design,
        disclosure,
        io,
        plot,
        recode,
        reference,
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
    from tracktr.multicross import multi_crosstab, multi_nets, tick_counts
    from tracktr.nets import mean_scores, net_table
    from tracktr.reproduce import ReproducedTable, Reproduction, reproduce
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
    from tracktr.views import cumulative_percentages, row_percentages, total_percentages

# Lazy: imported on first use (`tt.Survey`, `tt.io`), so that `import tracktr` (and the
# `tracktr` command) costs little more than importing pandas. Each name maps to the module
# that defines it; a subpackage maps to itself.
_SUBMODULES = (
    "banners",
    "check",
    "compare",
    "datasets",
    "describe",
    "design",
    "disclosure",
    "io",
    "plot",
    "recode",
    "reference",
    "survey",
    "surveys",
    "waves",
    "weights",
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
    "Design": "tracktr.design",
    **dict.fromkeys(("ReproducedTable", "Reproduction", "reproduce"), "tracktr.reproduce"),
    **dict.fromkeys(("Summary", "summarise"), "tracktr.summarise"),
    **dict.fromkeys(("TabBook", "tabbook"), "tracktr.tabbook"),
    **dict.fromkeys(("multi_crosstab", "multi_nets", "tick_counts"), "tracktr.multicross"),
    **dict.fromkeys(("mean_scores", "net_table"), "tracktr.nets"),
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
    **dict.fromkeys(
        ("cumulative_percentages", "row_percentages", "total_percentages"), "tracktr.views"
    ),
}


# Lazy modules that hold a function of their own name. Importing `tracktr.tabbook` (from
# anywhere, at any time) makes the import system set `tracktr.tabbook` to the module; the
# package keeps the function instead.
_SAME_NAME = frozenset({"reproduce", "summarise", "tabbook"})


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SAME_NAME and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Pickled by its name, as pickle and cloudpickle send a module of exactly
        # ModuleType: a function using `tt` can go to a Dask worker or a process pool.
        return importlib.import_module, (self.__name__,)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    """Import a lazily exported name on first access, then keep it as a module global."""
    where = _LAZY.get(name)
    if where is None:
        msg = f"module 'tracktr' has no attribute {name!r}"
        raise AttributeError(msg)
    module = importlib.import_module(where)
    value = module if name in _SUBMODULES else getattr(module, name)
    globals()[name] = value
    return value


__version__ = "0.1.0.dev0"

__all__ = [
    "AssociationTest",
    "CodebookError",
    "Design",
    "DisclosureWarning",
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
    "TracktrWarning",
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

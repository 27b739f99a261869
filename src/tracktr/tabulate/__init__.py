"""Counting: the one step that reads respondent rows.

Every function turns answers into integer category codes and counts them in one pass
(:func:`numpy.bincount` over ``code + n_codes * group``), then returns a :class:`Table` of
counts and bases. Percentages are derived later, exactly, by :mod:`tracktr.rounding`.

Cells hold option labels, "don't know" options, or the missing markers of
:mod:`tracktr.missing`; a blank cell reads as skipped. Skipped, not-asked and refused
answers are never in a base, and the table records how many were left out.

The modules, one per question kind:

- ``_common``: what every kind shares (the question's spec, coding answers, groups,
  weights, assembling the table);
- ``_single``: :func:`frequencies` and :func:`crosstab`;
- ``_multi``: :func:`multi_response` and its tick matrices;
- ``_grid``: :func:`grid`;
- ``_dispatch``: :func:`tabulate`, which picks the function a question's type calls for;
- ``_engine_branch``: frames of other engines, counted as answer patterns;
- ``_combine``: :func:`combine`, the sum of the tables of parts of the data.

The private names other modules of tracktr import are re-exported here too.
"""

from __future__ import annotations

from tracktr._table_arrays import _built_index as _built_index
from tracktr._table_arrays import _labels_index as _labels_index
from tracktr.tabulate._combine import combine
from tracktr.tabulate._common import AVERAGE as AVERAGE
from tracktr.tabulate._common import DEFAULT_DONT_KNOW as DEFAULT_DONT_KNOW
from tracktr.tabulate._common import TOTAL as TOTAL
from tracktr.tabulate._common import EmptyPolicy as EmptyPolicy
from tracktr.tabulate._common import SurveyLike
from tracktr.tabulate._common import _spec as _spec
from tracktr.tabulate._common import _weights as _weights
from tracktr.tabulate._dispatch import tabulate
from tracktr.tabulate._engine_branch import _engine_rows as _engine_rows
from tracktr.tabulate._engine_branch import count_patterns as count_patterns
from tracktr.tabulate._grid import grid
from tracktr.tabulate._multi import _binary_by_value as _binary_by_value
from tracktr.tabulate._multi import _binary_cells as _binary_cells
from tracktr.tabulate._multi import _multi_answered as _multi_answered
from tracktr.tabulate._multi import _multi_matrix as _multi_matrix
from tracktr.tabulate._multi import multi_response
from tracktr.tabulate._single import crosstab, frequencies

__all__ = [
    "SurveyLike",
    "combine",
    "crosstab",
    "frequencies",
    "grid",
    "multi_response",
    "tabulate",
]

"""Tabulating any question of a codebook with the function its type calls for."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tracktr._text import a_kind
from tracktr.exceptions import (
    InvalidOptionError,
)
from tracktr.table import Table
from tracktr.tabulate._common import SurveyLike, knows_rows
from tracktr.tabulate._grid import grid
from tracktr.tabulate._multi import multi_response
from tracktr.tabulate._single import frequencies
from tracktr.typing import check_survey

# -- dispatch and combination ----------------------------------------------------------------


@knows_rows
def tabulate(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    survey: SurveyLike,
    **options: Any,
) -> Table:
    """Tabulate any question of a codebook with the function its type calls for.

    Single and ordinal questions go to :func:`frequencies`, multi-response sets to
    :func:`multi_response`, grids to :func:`grid`; keyword options are passed on.

    Raises
    ------
    tracktr.InvalidOptionError
        For numeric and text questions, which are tabulated after recoding (bands, codes).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.spec import QuestionSpec
    >>> class Codebook:
    ...     def spec(self, question):
    ...         return QuestionSpec("role", "single", options=("Tier 2", "Tier 3"),
    ...                             columns=("role",), title="Your role?")
    >>> df = pd.DataFrame({"role": ["Tier 2", "Tier 3", "Tier 3"]})
    >>> tt.tabulate(df, "role", survey=Codebook()).title
    'Your role?'
    """
    check_survey(survey)
    kind = survey.spec(question).type
    if kind in ("single", "ordinal"):
        return frequencies(data, question, survey=survey, **options)
    if kind == "multi":
        return multi_response(data, question, survey=survey, **options)
    if kind == "grid":
        return grid(data, question, survey=survey, **options)
    msg = f"question {question!r} is {a_kind(kind)} question, which is not tabulated directly."
    hint = "Hint: band numbers with tt.recode.band, or code text answers first."
    raise InvalidOptionError(f"{msg}\n\n{hint}")

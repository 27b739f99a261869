"""The pandera schema of a survey (pandera is imported only when this module is)."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import pandas as pd

from tracktr._numbers import is_weight
from tracktr.exceptions import MissingDependencyError
from tracktr.missing import MARKERS, NOT_ASKED
from tracktr.survey._cells import is_marker, repeated_parts, tick_of, ticked_rows
from tracktr.survey._checks import _cell_problem
from tracktr.survey._distinct import is_blank
from tracktr.survey._questions import (
    GridQuestion,
    MultiQuestion,
    NumericQuestion,
    OrdinalQuestion,
    Question,
    SingleQuestion,
    TextQuestion,
)

if TYPE_CHECKING:
    from tracktr.survey._survey import Survey


def _cell_ok(question: Question, markers: tuple[str, ...]) -> Any:
    def check(value: object) -> bool:
        if is_blank(value):
            return True
        if is_marker(value):
            return value in markers
        if isinstance(question, MultiQuestion):
            if question.form == "slots":
                return isinstance(value, str) and value in question.labels
            if question.form == "delimited":
                return (
                    isinstance(value, str)
                    and all(p.strip() in question.labels for p in value.split(question.separator))
                    and not repeated_parts(question, value)
                )
            return not isinstance(value, str) and tick_of(value) is not None
        return _cell_problem(question, value) is None

    return check


def _routing_ok(survey: Survey, question: Question) -> Any:
    def check(data: pd.DataFrame) -> pd.Series:
        asked = survey.asked(data, question.id)
        answered = pd.Series(False, index=data.index, dtype=bool)
        wrongly_missing = pd.Series(False, index=data.index, dtype=bool)
        # A tick set's unticked box (0) is no answer, as Survey.validate() reads it: a
        # routed-out respondent's row of 0s is how survey platforms export "not asked".
        unticked = isinstance(question, MultiQuestion) and question.form == "indicator"
        for column in question.columns:
            cells = data[column]
            missing = cells.map(
                lambda v: is_blank(v) or is_marker(v) or (unticked and tick_of(v) is False)
            ).astype(bool)
            answered |= ~missing
            wrongly_missing |= (cells.astype(object) == NOT_ASKED).astype(bool)
        return ~((answered & ~asked) | (wrongly_missing & asked))

    return check


def _exclusive_ok(question: MultiQuestion) -> Any:
    exclusive = set(question.exclusive)

    def check(data: pd.DataFrame) -> pd.Series:
        rows = ticked_rows(question, data)
        ok = [not (t and len(t) > 1 and exclusive & set(t)) for t in rows]
        return pd.Series(ok, index=data.index, dtype=bool)

    return check


def to_pandera(survey: Survey) -> Any:
    """Build the pandera ``DataFrameSchema`` of `survey`."""
    try:
        with warnings.catch_warnings():
            # pandera imports pyspark.pandas when PySpark is installed (the `spark` extra),
            # and PySpark warns that it does not support pandas 3: about PySpark, not about
            # the pandas schema built here.
            warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
            # The checks pandera registers when a schema first validates import PySpark
            # too: import them now, while the warning is silenced.
            import pandera.backends.pandas.builtin_checks  # noqa: F401
            import pandera.pandas as pa
    except ImportError as error:  # pragma: no cover - pandera is a dependency
        msg = "Survey.to_pandera() needs pandera.\n\nHint: pip install pandera"
        raise MissingDependencyError(msg) from error

    markers = tuple(m for m, k in MARKERS.items() if k in survey.missing_kinds)
    columns: dict[str, Any] = {
        survey.respondent_id: pa.Column(nullable=False, unique=True, required=True)
    }
    # Everyone is asked an unrouted question, so "<not asked>" is never valid there.
    unrouted_markers = tuple(m for m in markers if m != NOT_ASKED)
    wide_checks = []
    for question in survey.questions:
        if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
            expected = f"one of {list(question.labels)} or a missing marker"
        elif isinstance(question, NumericQuestion):
            expected = question.bounds_text()
        elif isinstance(question, TextQuestion):
            expected = "text"
        elif isinstance(question, MultiQuestion) and question.form == "delimited":
            expected = f"labels joined by {question.separator!r}, each once"
        elif isinstance(question, MultiQuestion) and question.form == "slots":
            expected = f"one of {list(question.labels)} per slot, or a missing marker"
        else:
            expected = "1/0 or True/False"
        for column in question.columns:
            columns[column] = pa.Column(
                nullable=True,
                required=True,
                checks=pa.Check(
                    _cell_ok(question, markers if question.ask_if else unrouted_markers),
                    element_wise=True,
                    name=f"{question.id}:value",
                    error=f"{question.id}: expected {expected}",
                ),
            )
        if question.ask_if is not None:
            wide_checks.append(
                pa.Check(
                    _routing_ok(survey, question),
                    name=f"{question.id}:routing",
                    error=f"{question.id}: answered only if {question.ask_if.describe()}",
                )
            )
        if isinstance(question, MultiQuestion) and question.exclusive:
            wide_checks.append(
                pa.Check(
                    _exclusive_ok(question),
                    name=f"{question.id}:exclusive",
                    error=f"{question.id}: {list(question.exclusive)} ticked alone",
                )
            )
    # The [design] columns and the pooled id are described too (described_columns): a strict
    # schema refused a file holding the codebook's own weights.
    others = [c for c in survey.described_columns if c not in columns]
    columns.update({c: _described_column(survey, c, pa) for c in others})
    return pa.DataFrameSchema(
        columns,
        checks=wide_checks,
        strict=True,
        name=survey.title,
        description=survey.description,
    )


def _described_column(survey: Survey, column: str, pa: Any) -> Any:
    """Return the schema of a column the codebook describes that is no question's."""
    if column != survey.design.get("weights"):
        return pa.Column(nullable=True, required=True)
    return pa.Column(
        nullable=False,
        required=True,
        checks=pa.Check(
            is_weight,
            element_wise=True,
            name="weights:value",
            error=f"[design] weights {column!r}: expected a finite number of 0 or more",
        ),
    )

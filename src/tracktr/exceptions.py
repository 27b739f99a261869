"""The errors tracktr raises: one root, :class:`TracktrError`, and a subclass per kind.

Each subclass also inherits the builtin that fits (``KeyError`` for a missing column,
``TypeError`` for a wrong type, ``ImportError`` for a missing extra), so that callers'
existing ``except`` clauses keep working. Messages name the question, the values, the rows
and, after ``Hint:``, what to do.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CodebookError",
    "InvalidBaseError",
    "InvalidCountsError",
    "InvalidOptionError",
    "InvalidWeightsError",
    "MissingDependencyError",
    "MultiResponseError",
    "NotAPartitionError",
    "QuestionNotFoundError",
    "ReferenceNotFoundError",
    "SurveyValidationError",
    "TracktrError",
    "UnknownMethodError",
    "UnknownValueError",
]


class TracktrError(ValueError):
    """The root of every error tracktr raises on purpose.

    Examples
    --------
    >>> import tracktr as tt
    >>> try:
    ...     tt.percentages([1, 2], rule="nearest")
    ... except tt.TracktrError as error:
    ...     print(type(error).__name__)
    UnknownMethodError
    """


class UnknownMethodError(TracktrError):
    """An option named a method or rule that does not exist; the message lists the valid ones."""


class InvalidOptionError(TracktrError):
    """An option outside its range, such as ``decimals=5`` or a confidence level of 2."""


class InvalidCountsError(TracktrError, TypeError):
    """Counts that cannot be counts: negative, fractional where integers are needed, or NaN."""


class InvalidBaseError(TracktrError):
    """A base that cannot hold its counts: negative, or smaller than the counts it divides."""


class NotAPartitionError(TracktrError):
    """A rule that needs shares of one partition was asked of counts that do not partition a base.

    Largest-remainder rounding makes the shares of one partition sum to exactly 100; a
    multi-response column (one respondent can tick several options) is not a partition.
    """


class InvalidWeightsError(TracktrError):
    """Weights that are missing, negative, infinite or not aligned with the data."""


class UnknownValueError(TracktrError):
    """Answers that are not among the declared options; the message names the values and rows.

    Attributes
    ----------
    question : str
        The question whose column holds the values.
    values : tuple
        The undeclared values, each once.
    rows : tuple
        Row labels (respondent ids where the index holds them) of the offending cells.
    """

    def __init__(
        self, message: str, *, question: str, values: tuple[Any, ...], rows: tuple[Any, ...]
    ) -> None:
        super().__init__(message)
        self.question = question
        self.values = values
        self.rows = rows


class MultiResponseError(TracktrError):
    """A tick-all-that-apply column that is not binary, or exclusive options ticked with others."""


class QuestionNotFoundError(TracktrError, KeyError):
    """A question or column that is not in the data or the codebook."""

    def __str__(self) -> str:
        # KeyError quotes its message; a readable sentence reads better unquoted.
        return str(self.args[0]) if self.args else ""


class CodebookError(TracktrError):
    """A codebook that cannot describe a survey: unknown type, duplicate ids, bad routing."""


class SurveyValidationError(TracktrError):
    """A response file that does not match its codebook.

    Attributes
    ----------
    failures : pandas.DataFrame
        One row per failure, with the question, respondent, value and what was expected.
    """

    def __init__(self, message: str, *, failures: Any = None) -> None:
        super().__init__(message)
        self.failures = failures


class ReferenceNotFoundError(TracktrError, KeyError):
    """A published table or figure name that does not exist; the message lists the names."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class MissingDependencyError(TracktrError, ImportError):
    """An optional extra is needed; the message says which ``pip install`` brings it."""

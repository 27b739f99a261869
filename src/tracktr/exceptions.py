"""The errors tracktr raises: one root, :class:`TracktrError`, and a subclass per kind.

Each subclass also inherits the builtin that fits (``KeyError`` for a missing column,
``TypeError`` for a wrong type, ``ImportError`` for a missing extra), so that callers'
existing ``except`` clauses keep working. Messages name the question, the values, the rows
and, after ``Hint:``, what to do.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from typing import Any

__all__ = [
    "CodebookError",
    "DisclosureWarning",
    "EngineError",
    "InvalidBaseError",
    "InvalidCountsError",
    "InvalidDataError",
    "InvalidOptionError",
    "InvalidWeightsError",
    "MissingDependencyError",
    "MultiResponseError",
    "NotAPartitionError",
    "QuestionNotFoundError",
    "ReadError",
    "ReferenceNotFoundError",
    "SurveyValidationError",
    "TracktrError",
    "TracktrWarning",
    "UnknownMethodError",
    "UnknownValueError",
    "WriteError",
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
    """An option named a method or rule that does not exist; the message lists the valid ones.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.percentages([1, 2], rule="nearest")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.UnknownMethodError: `rule` must be one of 'half_up', ...
    """


class InvalidOptionError(TracktrError):
    """An option outside its range, such as ``decimals=5`` or a confidence level of 2.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.percentages([1, 2], decimals=5)
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidOptionError: `decimals` must be from 0 to 3; got 5.
    """

    values: tuple[Any, ...] = ()
    """The answers whose rows the message names (empty text, a label like "Base"), if any.

    A table of another engine's frame names those rows in that frame from them.
    """


class InvalidCountsError(TracktrError, TypeError):
    """Counts that cannot be counts: negative, not numbers, or NaN.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.percentages([3, -1])
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidCountsError: counts must not be negative; got [-1].
    """


class InvalidDataError(TracktrError, TypeError):
    """Data of the wrong kind: a dict where a DataFrame is needed, or duplicate columns.

    Examples
    --------
    >>> import tracktr as tt
    >>> survey = tt.surveys.tracktr_2015()
    >>> survey.validate({"respondent_id": [1]})
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidDataError: validate() needs a pandas DataFrame; got a dict...
    """


class InvalidBaseError(TracktrError):
    """A base that cannot hold its counts: negative, or smaller than the counts it divides.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.percentages([40], base=34)
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidBaseError: a count is larger than its base in table(s) [0]: ...
    """


class NotAPartitionError(TracktrError):
    """A rule that needs shares of one partition was asked of counts that do not partition a base.

    Largest-remainder rounding makes the shares of one partition sum to exactly 100; a
    multi-response column (one respondent can tick several options) is not a partition.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.percentages([30, 20], base=40, rule="largest_remainder")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.NotAPartitionError: largest_remainder rounds the shares of one ...
    """


class InvalidWeightsError(TracktrError):
    """Weights that are missing, negative, infinite or not aligned with the data.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["a", "b"]}, index=["org1", "org2"])
    >>> tt.frequencies(df, "q", weights=[1.0, -2.0])
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidWeightsError: weights must be finite and not negative; ...
    """


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

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["Yes", "Maybe"]}, index=["org1", "org2"])
    >>> try:
    ...     tt.frequencies(df, "q", options=["Yes", "No"])
    ... except tt.UnknownValueError as error:
    ...     print(error.values, error.rows)
    ('Maybe',) ('org2',)
    """

    def __init__(
        self, message: str, *, question: str, values: tuple[Any, ...], rows: tuple[Any, ...]
    ) -> None:
        super().__init__(message)
        self.question = question
        self.values = values
        self.rows = rows


class MultiResponseError(TracktrError):
    """A tick-all-that-apply column that is not binary, an option given twice, or exclusives ticked.

    Exclusive options ("None of these") cannot be ticked with others; a delimited cell
    cannot give one option twice ("A;A").

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"a": [1, 2], "b": [0, 1]})
    >>> tt.multi_response(df, "set", columns=["a", "b"])
    Traceback (most recent call last):
    ...
    tracktr.exceptions.MultiResponseError: question 'set': column 'a' must be binary ...
    """


class QuestionNotFoundError(TracktrError, KeyError):
    """A question or column that is not in the data or the codebook.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> tt.frequencies(pd.DataFrame({"income": ["Small"]}), "incme")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.QuestionNotFoundError: question 'incme': column(s) ['incme'] are not ...
    """

    def __str__(self) -> str:
        # KeyError quotes its message; a readable sentence reads better unquoted.
        return str(self.args[0]) if self.args else ""


class CodebookError(TracktrError):
    """A codebook that cannot describe a survey: unknown type, duplicate ids, bad routing.

    Examples
    --------
    >>> import tracktr as tt
    >>> try:
    ...     tt.Survey.from_dict({"questions": [{"id": "q", "type": "slider"}]})
    ... except tt.CodebookError:
    ...     print("rejected")
    rejected
    """


class SurveyValidationError(TracktrError):
    """A response file that does not match its codebook.

    Attributes
    ----------
    failures : pandas.DataFrame
        One row per failure, with the question, respondent, value and what was expected.

    Examples
    --------
    >>> import tracktr as tt
    >>> error = tt.SurveyValidationError("2 answers do not match the codebook.")
    >>> isinstance(error, tt.TracktrError), error.failures is None
    (True, True)
    """

    def __init__(self, message: str, *, failures: Any = None) -> None:
        super().__init__(message)
        self.failures = failures


class ReferenceNotFoundError(TracktrError, KeyError):
    """A published table or figure name that does not exist; the message lists the names.

    Examples
    --------
    >>> import tracktr as tt
    >>> issubclass(tt.ReferenceNotFoundError, KeyError)
    True
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def install_hint(extra: str) -> str:
    """Return the command that installs an optional extra, as every hint words it.

    tracktr is installed from a clone (it is not on PyPI yet), so the command names the
    clone's own extra: naming the package, ``tracktr[plot]``, would ask PyPI for a
    package of that name, which need not be this one.

    Examples
    --------
    >>> from tracktr.exceptions import install_hint
    >>> install_hint("plot")
    'pip install ".[plot]" in a clone of tracktr (not on PyPI yet)'
    """
    return f'pip install ".[{extra}]" in a clone of tracktr (not on PyPI yet)'


class MissingDependencyError(TracktrError, ImportError):
    """An optional extra is needed; the message says which ``pip install`` brings it.

    Examples
    --------
    >>> import tracktr as tt
    >>> issubclass(tt.MissingDependencyError, ImportError)
    True
    """


class EngineError(TracktrError):
    """The engine that holds a frame (polars, DuckDB, Dask, Spark) failed to run tracktr's count.

    The failure is the engine's: a lazy query that fails when run, a closed connection, a
    column the engine cannot group. The message says what tracktr asked for and, after
    ``Hint:``, how to find the fault; the engine's own error is kept as ``__cause__``.

    Attributes
    ----------
    question : str
        The question being counted ("" when none was).
    engine : str
        The frame's library (``"polars"``, ``"duckdb"``, ``"pyspark"``...).

    Examples
    --------
    >>> import tracktr as tt
    >>> error = tt.EngineError("question 'q': the polars frame failed.", question="q",
    ...                        engine="polars")
    >>> isinstance(error, tt.TracktrError), error.engine
    (True, 'polars')
    """

    def __init__(self, message: str, *, question: str, engine: str) -> None:
        super().__init__(message)
        self.question = question
        self.engine = engine


class ReadError(TracktrError):
    """A file that cannot be read as asked: absent, another format, corrupted, or not matching.

    Attributes
    ----------
    path : str
        The file.
    mismatches : tuple of str
        For an export that does not match its codebook, one entry per mismatch.

    Examples
    --------
    >>> import tracktr as tt
    >>> try:
    ...     tt.io.read_csv("no-such-file.csv", tt.surveys.tracktr_2015())
    ... except tt.ReadError as error:
    ...     print(error.path)
    no-such-file.csv
    """

    def __init__(self, message: str, *, path: str, mismatches: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.path = path
        self.mismatches = mismatches


class WriteError(TracktrError, OSError):
    """A file that cannot be written: a directory, read-only, or text its encoding cannot hold.

    Writers write to a temporary file and rename it into place, so after this error the
    target is as it was. It is also an ``OSError``, so callers' existing handlers work.

    Attributes
    ----------
    path : str
        The file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> t = tt.Table(counts=pd.DataFrame({"All": [3, 5]}), bases=pd.Series({"All": 8}))
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "report.html"  # a folder named like a file
    >>> folder.mkdir()
    >>> try:
    ...     tt.io.write_report([t], folder)
    ... except tt.WriteError as error:
    ...     print(type(error).__name__, isinstance(error, OSError))
    WriteError True
    """

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class TracktrWarning(UserWarning):
    """The root of every warning tracktr gives on purpose: the result stands, but read this.

    A ``UserWarning``, so existing filters keep working; filter on this class to act on
    tracktr's warnings alone.

    Examples
    --------
    >>> import warnings
    >>> import tracktr as tt
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("error", tt.TracktrWarning)
    ...     tt.percentages([1, 2]).tolist()
    [33.0, 67.0]
    """


class DisclosureWarning(TracktrWarning):
    """Tables protected together hold links the reader may use but the model does not.

    :func:`tracktr.disclosure.protect` links the numbers a reader can match across the
    tables of a set. Where two tables look like the same numbers (a two-way table
    published both ways round, a table of nets beside its options) but their numbers
    disagree, or where breakdowns close a cycle the model does not hold, it warns: a
    reader who knows how the tables relate may narrow hidden numbers more than the
    audit shows.

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["a", "b", "a", "b", "a", "a"] * 4,
    ...                    "g": ["x", "x", "y", "y", "x", "y"] * 4})
    >>> late = df.iloc[6:]  # the same question both ways round, of other respondents
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = tt.disclosure.protect([tt.crosstab(df, "q", "g"), tt.crosstab(late, "g", "q")])
    >>> [type(w.message).__name__ for w in caught]
    ['DisclosureWarning']
    """


def rows_named(rows: Collection[Any], *, shown: int = 20) -> str:
    """Return the first rows of a list as an error names them: ``[3, 7] and 18 more``.

    An error names the rows to fix; past `shown` it says how many more, so that a message
    about a million rows stays a line.
    """
    more = "" if len(rows) <= shown else f" and {len(rows) - shown} more"
    return f"{list(itertools.islice(rows, shown))}{more}"


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

"""Tables of frames of other engines (polars, DuckDB, ...): they count answer patterns.

The engine aggregates distinct answer patterns with their number of respondents (see
:mod:`tracktr._engine`); the pandas kernels count those patterns as frequency weights.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from tracktr import _engine
from tracktr.exceptions import (
    EngineError,
    InvalidOptionError,
    SurveyValidationError,
    TracktrError,
    UnknownValueError,
    rows_named,
)
from tracktr.table import Table
from tracktr.tabulate._common import _kish
from tracktr.tabulate._routing import (
    PATTERNS_WHERE,
    RoutedOutPatternsError,
    is_routed,
    routing_columns,
)

# -- other engines ---------------------------------------------------------------------------


_ROWS = re.compile(r"in rows \[[^\]]*\]( and \d+ more)?")


def _engine_rows(message: str, data: object, columns: Sequence[str], values: Sequence[Any]) -> str:
    """Rewrite "in rows [...]" of a message about an aggregated frame for the engine frame.

    The pandas kernels counted distinct answer patterns, so the row labels they name are
    patterns, not respondents: name the engine frame's row positions where it has an
    order, or say how to find the rows where it has none (lazy frames).
    """
    if not _ROWS.search(message):
        return message
    found: list[int] = []
    for column in columns if values else ():
        try:
            found = _engine.positions(data, column, values)
        except EngineError:  # values of another type than this column's: not in it
            continue
        if found:
            break
    name = _engine.engine_name(data)
    where = (
        f"in rows {found} (0-based positions of the {name} frame)"
        if found
        else f"in some rows of the {name} frame (filter it on these values to list them)"
    )
    return _ROWS.sub(where, message)


_ALIKE = re.compile(r" \(rows \[[^\]]*\]\)")
_WHAT = re.compile(r"^question .*?: (options|groups|items|columns) ")


def _alike_rows(
    message: str, data: object, columns: Sequence[str], by: Sequence[str], values: Sequence[Any]
) -> str:
    """Rewrite the rows of labels that print alike for the engine frame.

    The pandas kernels named the rows of the aggregated frame, one per distinct answer
    pattern, not the respondents. An eager frame (polars, pyarrow) has an order: name its
    row positions, as pandas names them (the first 5 of each value over the columns). A
    lazy one (DuckDB, Dask, a polars LazyFrame) has none: say how to find them.
    """
    head, newline, rest = message.partition("\n")
    phrases = ("would print as the same label", "differ only in case", "one number written")
    alike = any(phrase in head for phrase in phrases)
    if not alike or not _ALIKE.search(head):
        return message
    name = _engine.engine_name(data)
    if not _engine.is_eager(data):
        head = _ALIKE.sub("", head).removesuffix(".")
        head += f" (filter the {name} frame on these values to list their rows)."
        return head + newline + rest
    what = _WHAT.match(head)
    # Groups of `by` ("banner 'region': groups ... differ only in case") are in its columns.
    groups = (
        (what is not None and what.group(1) == "groups")
        or head.startswith("banner ")
        or " the groups " in head
    )
    searched = list(by) if groups and by else list(columns)
    for value in dict.fromkeys(values):
        rows: list[int] = []
        for column in searched:
            try:
                rows += _engine.positions(data, column, [value], limit=5)
            except EngineError:  # a value of another type than this column's: not in it
                continue
        held = f"{value!r} (rows {rows[:5]} of the {name} frame, 0-based)" if rows else repr(value)
        pattern = re.compile(r"(?<= )" + re.escape(repr(value)) + _ALIKE.pattern)
        head = pattern.sub(held.replace("\\", "\\\\"), head)  # a template: escape backslashes
    return head + newline + rest


def banner_columns(by: Any) -> list[str]:
    """Return the columns of every banner of `by` (None: none), each once, in order.

    A `by=` that is not a banner is refused here as pandas refuses it.
    """
    if by is None:
        return []
    from tracktr.banners import parse_banners

    return list(dict.fromkeys(c for banner in parse_banners(by)[0] for c in banner.columns))


def engine_columns(data: object, question: str, survey: Any, columns: Sequence[str]) -> list[str]:
    """Return the columns an engine frame counts for a question: its own and its routing's.

    Counted with the routing's columns, the answer patterns carry who was asked, and the
    pandas count of the patterns follows the routing as a pandas frame's count does. The
    frame's schema is read only for a routed question.
    """
    if not is_routed(survey, question):
        return list(columns)
    names = _engine.schema_names(data, question=question)
    return [*columns, *routing_columns(survey, question, names)]


def _engine_table(
    function: Any,
    data: object,
    question: str,
    *,
    columns: Sequence[str],
    by: Any,
    weights: str | pd.Series | Sequence[float] | None,
    options: dict[str, Any],
) -> Table:
    """Tabulate a frame of another engine: the engine counts patterns, pandas the rest.

    See :mod:`tracktr._engine`: the engine returns one row per distinct answer pattern
    with its number of respondents (and summed weights), and the pandas kernels count
    those rows with the numbers as frequency weights, which gives the same table.
    """
    weights = _engine.refuse_weight_values(data, weights, who=f"question {question!r}")
    # Every banner's columns are counted with the answers (grouping pushed down): the
    # patterns then hold each respondent's groups, and the pandas path nests or lists
    # the banners of the patterns as it does those of the rows.
    grouping = banner_columns(by)
    keys = [*columns, *grouping]
    patterns = _engine.aggregate(
        data, keys, question=question, weights=weights, squares=weights is not None
    )
    extra: dict[str, Any] = {} if by is None else {"by": by}
    try:
        if weights is None:
            return count_patterns(function, patterns, question, **extra, **options)
        return weighted_patterns(function, patterns, question, **extra, **options)
    except RoutedOutPatternsError as error:
        raise name_routed_out(error, data, patterns, keys, options["survey"]) from None
    except TracktrError as error:
        rewritten = of_engine_rows(error, data, columns, grouping)
        if rewritten is error:
            raise
        raise rewritten from (None if isinstance(error, UnknownValueError) else error)


def of_engine_rows(
    error: TracktrError, data: object, columns: Sequence[str], grouping: Sequence[str]
) -> TracktrError:
    """Return an error about counted patterns that names the engine frame's rows instead.

    The pandas kernels (and a summary's groups) read the aggregated patterns, so the
    rows an error names are patterns: an eager frame's own rows are named from the
    values, a lazy frame's message says how to find them. `columns` are the question's,
    `grouping` the banners'. An error that names no rows is returned as it is.
    """
    keys = [*columns, *grouping]
    if isinstance(error, UnknownValueError):
        message = _alike_rows(str(error), data, columns, grouping, error.values)
        message = _engine_rows(message, data, keys, error.values)
        return UnknownValueError(message, question=error.question, values=error.values, rows=())
    # An InvalidOptionError that names rows (empty text) holds the values in them:
    # an eager frame names its own rows from those, as for an UnknownValueError.
    values = error.values if isinstance(error, InvalidOptionError) else ()
    message = _engine_rows(str(error), data, keys, values)
    if message == str(error):
        return error
    # Keep the error's class (an InvalidWeightsError stays one) where the message is
    # all it holds; one with attributes of its own becomes the base class.
    kind = type(error) if type(error).__init__ is TracktrError.__init__ else TracktrError
    rewritten = kind(message)
    if isinstance(rewritten, InvalidOptionError):
        rewritten.values = values
    return rewritten


def name_routed_out(
    error: RoutedOutPatternsError,
    data: object,
    patterns: pd.DataFrame,
    columns: Sequence[str],
    survey: Any,
) -> SurveyValidationError:
    """Return a refusal of routed-out answers in patterns as one of the engine's respondents.

    Each failing pattern's respondents are found by one filtered query on `columns` (at
    most 20 of them, as :meth:`~tracktr.Survey.validate` names an engine frame's), so that
    the failures and the message name respondent ids as pandas names them. A frame without
    the codebook's respondent id column keeps the failures of the patterns, and the
    message says how to find the rows.
    """
    from tracktr.survey._patterns import PatternCheck

    unnamed = SurveyValidationError(str(error), failures=error.failures)
    if getattr(survey, "respondent_id", None) is None:
        return unnamed
    # One failure per pattern and column (a grid's AVERAGE row counted the patterns
    # repeated; a weighted summary splits a pattern by weights of 0 and above).
    failures = error.failures.assign(respondent_id=pd.Series(error.rows, dtype=object))
    failures = failures.drop_duplicates(["respondent_id", "column"], ignore_index=True)
    named = PatternCheck(survey, data)._named(failures, patterns, list(dict.fromkeys(columns)))
    if named["respondent_id"].isna().any():  # no id column, or a pattern not found again
        return unnamed
    named = named.drop_duplicates(ignore_index=True)
    who = rows_named(list(dict.fromkeys(named["respondent_id"])))
    message = str(error).replace(PATTERNS_WHERE, f"respondents {who}")
    return SurveyValidationError(message, failures=named)


def weighted_patterns(
    function: Any, patterns: pd.DataFrame, question: str, /, **options: Any
) -> Table:
    """Tabulate weighted answer patterns (:func:`tracktr._engine.aggregate`, ``squares=True``).

    The table of the patterns' summed weights, with the respondents behind each base
    (n), Kish's effective bases from the summed squared weights, and the respondents
    with a weight of 0 (each counted as a weight of 1, as the pandas kernels count them).
    """
    table: Table = function(patterns, question, weights=_engine.WEIGHT, **options)
    people = count_patterns(function, patterns, question, **options)
    squares = squares_table(function, patterns, question, **options)
    effective = pd.Series(
        _kish(table.bases.to_numpy(), squares.bases.to_numpy()[None, :]),
        index=table.bases.index,
    )
    zeros = None
    if _engine.ZEROS in patterns.columns and patterns[_engine.ZEROS].to_numpy().any():
        counted = function(patterns, question, weights=_engine.ZEROS, **options)
        zeros = _integers(counted.bases) if counted.bases.to_numpy().any() else None
    return dataclasses.replace(
        table,
        respondents=None,  # the patterns' rows, not the respondents'
        unweighted_bases=_integers(people.bases),
        effective_bases=effective,
        zero_weights=zeros,
    )


def squares_table(function: Any, patterns: pd.DataFrame, question: str, /, **options: Any) -> Table:
    """Tabulate the patterns weighted by their summed squared weights: Kish's denominators.

    That table's bases are the sums of squared weights over each base's respondents
    (a pattern's own Kish base would be the wrong one). They are taken as they are: the
    weights' range (1e-150 to 1e150, summing to at most 1e150) keeps every such sum
    between 1e-300 and 1e300. Only that table's own effective bases, which square them
    again and are never read, leave the float range; its warnings are silenced. (Scaling
    the squares to at most 1 instead made the squares of small weights beside large ones
    underflow to 0: an effective base of 0 for a group weighted 1e-150 beside one
    weighted 1e148.)
    """
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        table: Table = function(patterns, question, weights=_engine.SQUARES, **options)
    return table


def count_patterns(
    function: Any, patterns: pd.DataFrame, question: str, /, **options: Any
) -> Table:
    """Tabulate distinct answer patterns, each counted as often as respondents gave it.

    `patterns` holds one row per pattern and its number of respondents in the column
    :data:`tracktr._engine.COUNT`; the table is the one of the respondents themselves.
    Kernels with weights count each pattern once, weighted by its number; a kernel
    without weights counts the patterns repeated.
    """
    # A kernel without weights, or a grid's AVERAGE row (defined for unweighted grids
    # only), counts the patterns repeated: the rows come back.
    if "weights" not in inspect.signature(function).parameters or options.get("average"):
        origin = np.repeat(np.arange(len(patterns)), patterns[_engine.COUNT].to_numpy())
        rows = patterns.iloc[origin].reset_index(drop=True)
        rows.attrs[_engine.PATTERNS_ATTR] = True  # patterns, not respondents (see below)
        try:
            repeated: Table = function(rows, question, **options)
        except RoutedOutPatternsError as error:  # its rows are those of the patterns repeated
            found = origin[error.rows].tolist()
            raise RoutedOutPatternsError(str(error), failures=error.failures, rows=found) from None
        return _of_patterns(repeated)
    return _of_patterns(_unweighted(function(patterns, question, weights=_engine.COUNT, **options)))


def _of_patterns(table: Table) -> Table:
    """Forget the rows a table of patterns was counted from: they are not respondents."""
    object.__setattr__(table, "respondents", None)  # a table this module just made
    return table


def _integers(frame: Any) -> Any:
    """Turn counts summed as float frequency weights back into int64 (exact below 2**53)."""
    return frame.round().astype(np.int64)


def _unweighted(table: Table) -> Table:
    """Return a table counted with frequency weights as the unweighted table it is."""
    return dataclasses.replace(
        table,
        counts=_integers(table.counts),
        bases=_integers(table.bases),
        excluded=None if table.excluded is None else _integers(table.excluded),
        unweighted_bases=None,
        effective_bases=None,
        zero_weights=None,
    )

"""Counting where the data live: grouped counts pushed down to any dataframe engine.

Counting is the only step of tracktr that reads every respondent row. For a pandas frame
tracktr counts with numpy kernels (:mod:`tracktr.tabulate`); for any other frame that
narwhals supports (polars eager or lazy, pyarrow, DuckDB relations, Dask, PySpark) the
counting is one grouped aggregation run by the engine itself::

    SELECT <the question's columns>, <by>, count(*) AS n, sum(<weights>) AS w
    GROUP BY <the question's columns>, <by>

Only that small frame, one row per distinct answer pattern, comes back to pandas. The
pandas kernels then count it with ``n`` (or ``w``) as frequency weights, which gives the
same integer counts, bases and missing kinds as the rows themselves would: sums are
additive, so counting a pattern ``n`` times or once with weight ``n`` is the same sum. Every
check of the values against the codebook runs on the distinct patterns, so a value that is
not an option is found however many rows hold it.

Nothing here imports an engine: narwhals dispatches to the one the frame belongs to.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from typing import Any, Concatenate, Final, ParamSpec, TypeVar

import numpy as np
import pandas as pd

from tracktr._columns import refuse_repeated_columns
from tracktr._numbers import WEIGHT_RANGE
from tracktr.exceptions import (
    EngineError,
    InvalidDataError,
    InvalidWeightsError,
    QuestionNotFoundError,
    TracktrError,
)

__all__ = [
    "COUNT",
    "PATTERNS_ATTR",
    "SQUARES",
    "WEIGHT",
    "ZEROS",
    "InternalColumn",
    "aggregate",
    "collect",
    "declared_levels",
    "engine_failures",
    "engine_name",
    "is_eager",
    "is_engine_frame",
    "is_internal",
    "is_patterns",
    "native_frame",
    "positions",
    "reads_rows",
    "refuse_weight_values",
    "schema_names",
    "sql_identifier",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


class InternalColumn(str):
    """The name of a column tracktr adds itself: equal to its text, but not a caller's name.

    A caller's column may be called ``"__tracktr_w2__"`` too; only this object, never the
    same text from elsewhere, tells the counting functions that a column is tracktr's own
    (see :data:`SQUARES`).

    Examples
    --------
    >>> from tracktr._engine import SQUARES, InternalColumn
    >>> SQUARES == "__tracktr_w2__", isinstance("__tracktr_w2__", InternalColumn)
    (True, False)
    """

    __slots__ = ()


COUNT = InternalColumn("__tracktr_n__")
"""The column of respondents per answer pattern in an aggregated frame."""
WEIGHT = InternalColumn("__tracktr_w__")
"""The column of summed weights per answer pattern in an aggregated frame."""
ZEROS = InternalColumn("__tracktr_w0__")
"""The column of respondents with a weight of 0 per answer pattern (with ``squares=True``)."""


PATTERNS_ATTR = "tracktr_patterns"
"""The key of ``DataFrame.attrs`` marking an engine frame's answer patterns repeated as rows."""


def is_patterns(data: pd.DataFrame) -> bool:
    """Whether `data` holds an engine frame's answer patterns, each repeated as often as given.

    A grid's AVERAGE row counts such rows without weights (see
    ``tracktr.tabulate._engine_branch.count_patterns``): a refusal names their patterns,
    whose respondents the engine then finds, not the rows themselves.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._engine import is_patterns
    >>> is_patterns(pd.DataFrame({"q": ["Yes"]}))
    False
    """
    return bool(data.attrs.get(PATTERNS_ATTR, False))


def is_internal(name: object) -> bool:
    """Whether `name` is a column tracktr added to an aggregated frame (not a caller's).

    Examples
    --------
    >>> from tracktr._engine import WEIGHT, is_internal
    >>> is_internal(WEIGHT), is_internal("__tracktr_w__")
    (True, False)
    """
    return isinstance(name, InternalColumn)


SQUARES = InternalColumn("__tracktr_w2__")
"""The column of summed squared weights per answer pattern (with ``squares=True``).

Counted as weights (Kish's denominator) without the range check of a caller's weights:
their range is the square of the weights' range, checked where the data live.
"""


def is_engine_frame(data: object) -> bool:
    """Whether `data` is a frame of another engine that narwhals can read (not pandas).

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._engine import is_engine_frame
    >>> is_engine_frame(pd.DataFrame({"q": [1]})), is_engine_frame([1, 2])
    (False, False)
    """
    if isinstance(data, pd.DataFrame):
        return False
    if importlib.util.find_spec("narwhals") is None:
        return False
    try:
        _frame(data)
    except InvalidDataError:  # an engine's frame, but one that cannot be read (TypeError)
        raise
    except TypeError:
        return False
    return True


def native_frame(data: Any) -> Any:
    """Return the frame a narwhals ``DataFrame`` or ``LazyFrame`` wraps; anything else as it is.

    tracktr reads a frame through its own library: a DuckDB relation's collation, a
    pyarrow dictionary's levels and a pandas categorical's unused categories are read
    from the native object. Passed wrapped in narwhals, a DuckDB relation under
    ``nocase`` merged "Yes" and "yes" (and took "yes" for the option "Yes"), and a pandas
    or pyarrow column lost its unused levels. A narwhals frame of pandas rows is a
    pandas frame, counted by the pandas kernels.

    Examples
    --------
    >>> import narwhals as nw
    >>> import pandas as pd
    >>> from tracktr._engine import native_frame
    >>> frame = pd.DataFrame({"q": ["Yes"]})
    >>> native_frame(nw.from_native(frame)) is frame, native_frame(frame) is frame
    (True, True)
    """
    if "narwhals" not in sys.modules:  # (no narwhals frame exists before it is imported)
        return data
    import narwhals as nw

    if isinstance(data, nw.DataFrame | nw.LazyFrame):
        return nw.to_native(data)
    return data


def engine_name(data: object) -> str:
    """Return a short name for the frame's library, for messages (``"polars"``, ``"duckdb"``).

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._engine import engine_name
    >>> engine_name(pd.DataFrame())
    'pandas'
    """
    return type(data).__module__.split(".")[0]


def _frame(data: object) -> Any:
    import narwhals as nw
    from narwhals.exceptions import DuplicateError

    with warnings.catch_warnings():
        # narwhals announces that Dask support moves to a plugin package in a future
        # release; that is narwhals' packaging, not something the user did.
        warnings.filterwarnings("ignore", "Dask support is moving", FutureWarning)
        try:
            return nw.from_native(_one_dictionary(_exact_text(data)))
        except DuplicateError:  # a pyarrow Table with two columns of one name
            names = _native_names(data)
            refuse_repeated_columns(names, names, what=f"the {engine_name(data)} frame")
            raise


def sql_identifier(name: str) -> str:
    """Quote `name` as an SQL identifier (a double quote inside it is doubled)."""
    escaped = name.replace('"', '""')
    return f'"{escaped}"'


def _exact_text(data: Any) -> Any:
    """Return a DuckDB relation or Spark frame whose text columns group and compare exactly.

    A connection's ``default_collation`` (``'nocase.noaccent'``) or a column declared
    ``COLLATE NOCASE`` made DuckDB's GROUP BY merge "Yes", "yes" and "YES", and "café"
    with "cafe": one pattern, counted under whichever label came first, so the checks
    against the options never saw the others. A Spark column collated ``UTF8_LCASE``,
    ``UNICODE_CI_AI`` or ``..._RTRIM`` merged them too (and "a" with "a "), and
    ``UNICODE`` merged "é" with "e" and a combining accent. The pandas kernels compare
    exactly; the counting must too. Other frames are returned as they are.
    """
    name = engine_name(data)
    if name == "duckdb" and type(data).__name__ == "DuckDBPyRelation":
        return _duckdb_binary(data)
    if name == "pyspark" and type(data).__name__ == "DataFrame":
        return _spark_binary(data)
    return data


def _duckdb_binary(data: Any) -> Any:
    """Return the relation with its text columns collated ``binary`` (byte for byte).

    Columns whose name is not unique (ignoring case, as DuckDB resolves names) are left
    as they are: they are refused before they are counted.
    """
    try:
        names = [str(name) for name in data.columns]
        types = [dtype.id for dtype in data.types]
    except Exception:  # a closed connection: the count reports it later, wrapped
        return data
    lowered = [name.lower() for name in names]
    text = [
        name
        for name, low, kind in zip(names, lowered, types, strict=True)
        if kind == "varchar" and lowered.count(low) == 1
    ]
    if not text:
        return data
    binary = ", ".join(
        f'{sql_identifier(name)} COLLATE "binary" AS {sql_identifier(name)}' for name in text
    )
    try:
        return data.project(f"* REPLACE ({binary})")
    except Exception:  # as above: the engine's error surfaces later, wrapped
        return data


def _spark_binary(data: Any) -> Any:
    """Return the Spark frame with its collated text columns collated ``UTF8_BINARY``.

    Only columns of another collation are rewritten: a frame of Spark's default one keeps
    its plan. Columns whose name is not unique (ignoring case, as Spark resolves names by
    default) are left as they are: they are refused before they are counted.
    """
    try:
        fields = list(data.schema.fields)
    except Exception:  # a query that fails to resolve: the count reports it, wrapped
        return data
    lowered = [field.name.lower() for field in fields]
    collated = [
        field.name
        for field, low in zip(fields, lowered, strict=True)
        if getattr(field.dataType, "collation", "UTF8_BINARY") != "UTF8_BINARY"
        and lowered.count(low) == 1
    ]
    if not collated:
        return data
    from pyspark.sql import functions

    binary = {c: functions.collate(functions.col(_backticked(c)), "UTF8_BINARY") for c in collated}
    try:
        return data.withColumns(binary)
    except Exception:  # as above: the engine's error surfaces later, wrapped
        return data


def _one_dictionary(data: Any) -> Any:
    """Return a pyarrow table whose dictionary columns' chunks differ read as their values.

    Such a column declares no levels (:func:`_arrow_levels`) and is read as text, as the
    guide says; pyarrow's own grouping refused it ("Unifying differing dictionaries"),
    though the table is valid. So is a column whose dictionary holds a blank (null or
    NaN), which is no level: pandas cannot read it as a categorical ("categories cannot
    be null"). Other frames and columns are returned as they are.
    """
    if engine_name(data) != "pyarrow" or type(data).__name__ != "Table":
        return data
    import pyarrow as pa

    for index, field in enumerate(data.schema):
        if not pa.types.is_dictionary(field.type):
            continue
        levels = _arrow_levels(data, field.name)
        if levels is None or len(levels.categories) < len(data.column(index).chunks[0].dictionary):
            values = data.column(index).cast(field.type.value_type)
            data = data.set_column(index, pa.field(field.name, values.type), values)
    return data


_HOW_TO_RUN = {
    "polars": "LazyFrame.collect()",
    "duckdb": "relation.fetchall()",
    "dask": "frame.compute()",
    "pyspark": "frame.count()",
}


@contextmanager
def engine_failures(data: object, *, question: str, doing: str) -> Iterator[None]:
    """Turn the engine's own exceptions, raised inside the block, into :class:`EngineError`.

    tracktr's own errors pass through. An engine's exception class and text are its
    internals (``_duckdb.ConversionException``, a polars query plan): the message says
    what tracktr was doing, quotes the first line of the engine's text, and the engine's
    exception stays reachable as ``__cause__``.

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr._engine import engine_failures
    >>> frame = pl.LazyFrame({"q": ["x"]}).select(pl.col("q").cast(pl.Int64))
    >>> try:
    ...     with engine_failures(frame, question="q", doing="counting the answers"):
    ...         frame.collect()
    ... except Exception as error:
    ...     print(type(error).__name__, "|", str(error).split(" (")[0])
    EngineError | question 'q': the polars frame failed while counting the answers
    """
    try:
        yield
    except TracktrError:
        raise
    except Exception as error:  # whatever class the engine raises: it is named in the text
        name = engine_name(data)
        said = next((line.strip() for line in str(error).splitlines() if line.strip()), "")
        said = said if len(said) <= 200 else f"{said[:197]}..."
        subject = f"question {question!r}: the" if question else "The"
        msg = (
            f"{subject} {name} frame failed while {doing} ({name} says: "
            f"{said or type(error).__name__})."
        )
        run = _HOW_TO_RUN.get(name, "collect or compute it")
        hint = (
            "Hint: the failure is in the frame's own query, data or connection, which the "
            f"engine ran only now: run the frame on its own ({run}) to see it, fix it, and "
            "tabulate again. The engine's full error is this error's __cause__."
        )
        raise EngineError(f"{msg}\n\n{hint}", question=question, engine=name) from error


def schema_names(data: object, *, question: str = "") -> list[str]:
    """Return the column names of an engine frame from its schema (no data is scanned).

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._engine import schema_names
    >>> schema_names(pd.DataFrame({"a": [1], "b": [2]}))
    ['a', 'b']
    """
    with engine_failures(data, question=question, doing="reading its column names"):
        return list(_frame(data).collect_schema().names())


def _scalar(
    data: object,
    frame: Any,
    columns: Sequence[str],
    question: str,
    names: Mapping[str, str] | None = None,
) -> Any:
    """Refuse columns of lists or records: an answer is one text, number or True/False.

    Returns the frame's schema (read once: a lazy frame's plan is resolved to give it).
    `names` gives the user's name of a column read under an alias (a dotted name).
    """
    with engine_failures(data, question=question, doing="reading its column types"):
        schema = frame.collect_schema()
    shown = names or {}
    nested = {shown.get(c, c): schema[c] for c in columns if schema[c].is_nested()}
    if nested:
        listed = ", ".join(f"{c!r} holds {dtype}" for c, dtype in nested.items())
        msg = (
            f"question {question!r}: column(s) of the {engine_name(data)} frame hold lists or "
            f"records, not answers: {listed}."
        )
        hint = (
            "Hint: give each option its own column (a tick-all-that-apply question is one "
            "0/1 column per option), or pick the field that holds the answer."
        )
        raise InvalidDataError(f"{msg}\n\n{hint}")
    return schema


_BAD: Final = "__tracktr_bad__"  # a pattern's respondents of a missing or negative weight
_OUT: Final = "__tracktr_out__"  # ... of a positive weight outside WEIGHT_RANGE

_RESERVED = (COUNT, WEIGHT, str(SQUARES), "__tracktr_row__", str(ZEROS))
"""Column names tracktr adds to an engine's query (counts, weights, row numbers, zeros)."""


def _require(data: object, columns: Sequence[str], question: str) -> None:
    reserved = [c for c in columns if c in _RESERVED]
    if reserved:  # the engine failed on two columns of one name, blaming the query
        msg = (
            f"question {question!r}: column(s) {reserved} of the {engine_name(data)} frame "
            "have names tracktr uses for its own columns in the engine's query."
        )
        hint = "Hint: rename them in the query (or read the frame into pandas first)."
        raise InvalidDataError(f"{msg}\n\n{hint}")
    names = schema_names(data, question=question)
    absent = [c for c in columns if c not in names]
    if absent:
        msg = f"question {question!r}: column(s) {absent} are not in the {engine_name(data)} frame."
        near = [c for c in names if c.startswith(str(question))][:10]
        hint = f"Hint: the frame has columns such as {near or names[:10]}."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    refuse_repeated_columns(_native_names(data), columns, what=f"question {question!r}")
    _refuse_case_twins(data, columns, question)


def _refuse_case_twins(data: Any, columns: Sequence[str], question: str) -> None:
    """Refuse a column whose name another column's repeats but for case, where that is one name.

    DuckDB reads names regardless of case: of columns ``q`` and ``Q``, either name gives
    the first (the table of "Q" was the table of q, or failed with a bare KeyError).
    Spark does the same unless its session sets ``spark.sql.caseSensitive``.
    """
    name = engine_name(data)
    if name == "pyspark":
        setting = data.sparkSession.conf.get("spark.sql.caseSensitive", "false")
        if str(setting).lower() == "true":
            return
    elif name != "duckdb":
        return
    names = _native_names(data)
    twins = {
        column: [other for other in names if other.lower() == column.lower() and other != column]
        for column in dict.fromkeys(columns)
    }
    found = {column: others for column, others in twins.items() if others}
    if not found:
        return
    listed = "; ".join(f"{column!r} and {others}" for column, others in found.items())
    msg = (
        f"question {question!r}: the {name} frame has columns whose names differ only in "
        f"case ({listed}), and {name} reads names regardless of case: it cannot tell them "
        "apart."
    )
    hint = (
        "Hint: give them names that differ in more than case where the frame is made "
        '(SELECT b AS "Q_2"), or read the frame into pandas first.'
    )
    if name == "pyspark":
        hint += " Or set spark.sql.caseSensitive to true in the Spark session."
    raise InvalidDataError(f"{msg}\n\n{hint}")


def _native_names(data: object) -> list[str]:
    """Return the frame's column names as its own library lists them, repeats kept.

    A schema is a mapping and keeps one of two columns of the same name; DuckDB, Spark
    and pyarrow allow such frames (a join of two tables with an ``id`` each). polars
    does not, and asking a LazyFrame for its columns would resolve its whole plan.
    """
    if engine_name(data) == "polars":
        return []
    names = getattr(data, "column_names", None)  # pyarrow; its .columns are the arrays
    if names is None:
        names = getattr(data, "columns", [])
    return [str(name) for name in names]


def _refuse_weight_type(frame: Any, weights: str, data: object, question: str, label: str) -> None:
    """Refuse weights that are not numbers, from the frame's schema (no query is run)."""
    import narwhals as nw

    dtype = frame.collect_schema()[weights]
    if not dtype.is_numeric() or dtype == nw.Boolean:
        msg = (
            f"question {question!r}: weights {label!r} of the {engine_name(data)} frame must "
            "be numbers; the "
            f"column holds {dtype}."
        )
        hint = "Hint: cast the column to a number type (text or True/False is not a weight)."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")


def _weight_conditions(weights: str) -> tuple[Any, Any]:
    """Return the engine's conditions of the two kinds of refused weight.

    A weight that is missing, negative or not finite; and a positive one outside
    :data:`~tracktr._numbers.WEIGHT_RANGE`, the in-memory range (tracktr.tabulate):
    squares must neither underflow nor overflow.
    """
    import narwhals as nw

    numeric = nw.col(weights).cast(nw.Float64())
    bad = numeric.is_null() | numeric.is_nan() | (numeric < 0) | numeric.abs().is_in([float("inf")])
    low, high = WEIGHT_RANGE
    return bad, (numeric > 0) & ((numeric < low) | (numeric > high))


def _refuse_weights(  # noqa: PLR0917  (a private helper of aggregate, called once)
    frame: Any,
    weights: str,
    data: object,
    question: str,
    label: str,
    counts: tuple[int, int, float],
) -> None:
    """Refuse missing, negative, non-finite or out-of-range weights, counted by the engine.

    `counts` holds the numbers of refused weights of each kind (:func:`_weight_conditions`)
    and the weights' sum, counted in the query that counts the answers; the rows are
    looked for (an eager frame's) only when a weight is refused.
    """
    import narwhals as nw

    count, outside, total = counts
    low, high = WEIGHT_RANGE
    bad, out = _weight_conditions(weights)
    if not count and (outside or total > high):
        where = _rows_where(frame, out, data) if outside else ""
        msg = (
            f"question {question!r}: weights {label!r}: {outside} row(s) of the "
            f"{engine_name(data)} frame{where} hold a weight outside {low:g} to {high:g} (other "
            f"than 0), or the weights sum to more than {high:g} (they sum to "
            f"{total:g}): their squares (for the effective base) would leave the "
            "range of a float."
        )
        hint = (
            "Hint: multiply every weight by one number to bring them into range; "
            "percentages and effective bases do not change."
        )
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    if count:
        msg = (
            f"question {question!r}: weights {label!r}: {count} row(s) of the "
            f"{engine_name(data)} frame{_rows_where(frame, bad, data)} hold a "
            "missing, negative or infinite weight."
        )
        hint = "Hint: give every respondent a finite weight (0 leaves one out on purpose)."
        if not isinstance(frame, nw.DataFrame):
            hint += (
                f" Filter the frame on {label!r} (blank, NaN, negative or infinite) to "
                "list the rows."
            )
        raise InvalidWeightsError(f"{msg}\n\n{hint}")


def unused_name(name: str, names: Iterable[str]) -> str:
    """Return `name`, with underscores put in front while one of `names` is it.

    For a column tracktr adds to an engine's query beside the caller's columns: one of
    the same name (a respondent id named ``"__tracktr_rows__"``) made the engine fail
    on two columns of one name.

    Examples
    --------
    >>> from tracktr._engine import unused_name
    >>> unused_name("__tracktr_row__", ["q", "__tracktr_row__"])
    '___tracktr_row__'
    """
    taken = set(names)
    while name in taken:
        name = f"_{name}"
    return name


def _row_name(frame: Any) -> str:
    """Return a name for the row numbers of an eager `frame` that none of its columns has.

    A column named ``"__tracktr_row__"``, even one the call did not name, made polars
    and pyarrow fail on two columns of one name (a DuplicateError, not a refusal).
    """
    return unused_name(_RESERVED[3], frame.columns)


def _rows_where(frame: Any, condition: Any, data: object) -> str:
    """Name the first rows where `condition` holds: `` (rows [3, 7], 0-based)``.

    Only an eager frame has an order to name; a lazy one has none (nothing is said, and
    the hint says how to list them).
    """
    rows = _first_rows(frame, condition, data, doing="finding the rows of the weights")
    return "" if rows is None else f" (rows {rows}, 0-based)"


def _first_rows(
    frame: Any, condition: Any, data: object, *, doing: str, limit: int = 10
) -> list[int] | None:
    """Return the 0-based positions of the first `limit` rows where `condition` holds.

    None for a lazy frame: it has no order to report.
    """
    import narwhals as nw

    if not isinstance(frame, nw.DataFrame):
        return None
    index = _row_name(frame)
    with engine_failures(data, question="", doing=doing):
        found = frame.with_row_index(index).filter(condition).head(limit)
        return [int(i) for i in found.get_column(index).to_list()]


def aggregate(
    data: object,
    columns: Sequence[str],
    *,
    question: str,
    weights: str | None = None,
    squares: bool = False,
) -> pd.DataFrame:
    """Count the distinct answer patterns of `columns` in the engine; return them in pandas.

    Parameters
    ----------
    data : frame
        Any frame narwhals reads: polars (eager or lazy), pyarrow, a DuckDB relation, Dask,
        PySpark.
    columns : sequence of str
        The columns whose value patterns are counted (blanks are kept as a pattern).
    question : str
        The question being tabulated, for messages.
    weights : str, optional
        A column of weights, summed per pattern into :data:`WEIGHT`.
    squares : bool, default False
        With `weights`, also sum the squared weights per pattern into :data:`SQUARES`
        (a weighted mean's standard error needs them), and count its respondents with
        a weight of 0 into :data:`ZEROS`.

    Returns
    -------
    pandas.DataFrame
        One row per distinct pattern: `columns`, :data:`COUNT` (respondents) and, with
        `weights`, :data:`WEIGHT` (their summed weights). Row order is unspecified.

    Raises
    ------
    tracktr.QuestionNotFoundError
        If a column is not in the frame.
    tracktr.InvalidWeightsError
        If a weight is missing, negative, infinite or not a number.
    tracktr.InvalidDataError
        If a column holds lists or records.
    tracktr.EngineError
        If the engine fails to run the count (the frame's own query fails when run).

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr._engine import COUNT, aggregate
    >>> frame = pl.DataFrame({"q": ["Yes", "No", "Yes", None]})
    >>> out = aggregate(frame, ["q"], question="q")
    >>> sorted(zip(out["q"].fillna("(blank)"), out[COUNT]))
    [('(blank)', 1), ('No', 1), ('Yes', 2)]
    """
    import narwhals as nw

    named = list(dict.fromkeys(columns))
    _require(data, [*named, *([weights] if weights else [])], question)
    source, alias = _aliased(data, [*named, *([weights] if weights else [])])
    keys = [alias[c] for c in named]
    frame = _frame(source)
    schema = _scalar(data, frame, keys, question, names={a: c for c, a in alias.items()})
    # (the schema just read, where the columns kept their names: a plan is resolved once)
    known = schema if source is data else None
    declared = declared_levels(data, named, question=question, schema=known)
    levels = {alias[c]: dtype for c, dtype in declared.items()}
    measures = [nw.len().alias(COUNT)]
    checked = frame  # (the frame whose rows a refusal of the weights names)
    if weights is not None:
        _refuse_weight_type(frame, alias[weights], data, question, weights)
        # The refused weights are counted per pattern in the query that counts the
        # answers (a lazy frame's query ran twice when they were counted first).
        bad, out = _weight_conditions(alias[weights])
        # (named apart from the columns counted, which may be named so)
        flags = [unused_name(f, [*keys, alias[weights]]) for f in (_BAD, _OUT)]
        # Cast first: some engines (pyarrow) aggregate bare columns only.
        frame = frame.with_columns(
            nw.col(alias[weights]).cast(nw.Float64()).alias(WEIGHT),
            bad.cast(nw.Int64()).alias(flags[0]),
            out.cast(nw.Int64()).alias(flags[1]),
        )
        measures += [nw.col(WEIGHT).sum(), *(nw.col(f).sum() for f in flags)]
        if squares:
            # Weights past the range (refused below) are squared as the range's top, so
            # that no engine fails on a square past the floats before they are named.
            top = nw.col(WEIGHT).clip(0.0, WEIGHT_RANGE[1])
            frame = frame.with_columns(
                (top * top).alias(SQUARES),
                (nw.col(WEIGHT) == 0).cast(nw.Float64()).alias(ZEROS),
            )
            measures += [nw.col(SQUARES).sum(), nw.col(ZEROS).sum()]
    first = _RESERVED[3]
    if isinstance(frame, nw.DataFrame):  # rows in an order: each pattern's first row
        first = _row_name(frame)
        frame = frame.with_row_index(first)
        measures.append(nw.col(first).min())
    with engine_failures(data, question=question, doing="counting the answers"):
        grouped = frame.group_by(*keys, drop_null_keys=False).agg(*measures)
        if isinstance(grouped, nw.LazyFrame):
            grouped = grouped.collect()
        out = _patterns_frame(grouped, levels)
    if weights is not None:
        counts = (
            int(out.pop(flags[0]).sum()),
            int(out.pop(flags[1]).sum()),
            float(out[WEIGHT].sum()),
        )
        _refuse_weights(checked, alias[weights], data, question, weights, counts)
    out = _in_order(out, keys, first)
    out = out.rename(columns={a: c for c, a in alias.items() if a != c})
    _refuse_bytes(data, out, named, question)
    out[COUNT] = out[COUNT].to_numpy(dtype=np.int64)
    return out


def _in_order(patterns: pd.DataFrame, keys: Sequence[str], first: str) -> pd.DataFrame:
    """Return the patterns in an order that does not depend on the engine's grouping.

    A grouping returns its groups in whatever order its hash table or threads give
    (DuckDB listed the values [2, 1] where pandas lists [1, 2]; a polars frame's order
    changed from run to run), and the kernels name values in the order they meet them.
    An eager frame's patterns are put in the order of their first rows, the order in
    which pandas meets the values of the same rows. A lazy frame has no row order: its
    patterns are sorted by their values (blanks last), so that a message is the same
    on every run.
    """
    if first in patterns.columns:
        ordered = patterns.sort_values(first, kind="stable").drop(columns=first)
        return ordered.reset_index(drop=True)
    if not len(keys) or len(patterns) < 2:  # (one pattern has one order)
        return patterns
    try:
        ordered = patterns.sort_values(list(keys), kind="stable", na_position="last")
    except TypeError:  # values that do not compare (a column of mixed Python objects)
        return patterns
    return ordered.reset_index(drop=True)


_QUALIFYING = (".", "`")
"""Characters that DuckDB's and Spark's column expressions read as a table or a quote."""


def _read_as_pattern(engine: str, column: str) -> bool:
    """Whether the engine reads the column name `column` as a pattern of other columns.

    polars reads ``"*"`` as every column and ``"^...$"`` as a regular expression over
    the names: a column named ``"^a$"`` was counted as column ``a``, then lost (a bare
    KeyError), and ``"*"`` grouped by every column. DuckDB reads ``"*"`` as every
    column too, and itself as a table or a quote the characters of :data:`_QUALIFYING`
    (Spark as well); and it strips the spaces around a name (``"q "``, a CSV header's
    trailing space, was read as column ``q``: not found, or grouped beside it).

    Examples
    --------
    >>> from tracktr._engine import _read_as_pattern
    >>> [_read_as_pattern("polars", name) for name in ("^a$", "a$", "*", "a*")]
    [True, False, True, False]
    >>> _read_as_pattern("duckdb", "Q1.1"), _read_as_pattern("pyarrow", "*")
    (True, False)
    >>> _read_as_pattern("duckdb", "q "), _read_as_pattern("polars", "q ")
    (True, False)
    """
    if engine == "polars":
        return column == "*" or (len(column) > 1 and column[0] == "^" and column[-1] == "$")
    if engine == "duckdb" and column != column.strip():
        return True  # DuckDB's column expression strips the spaces around a name: "q " is q
    if engine in {"duckdb", "pyspark"}:
        return column == "*" or any(mark in column for mark in _QUALIFYING)
    return False


def polars_column(frame: Any, name: str) -> Any:
    """Return the polars expression of the column `name` itself, never a pattern of others.

    ``pl.col("^id$")`` is every column the regular expression matches (``id``), and
    ``pl.col("*")`` every column (:func:`_read_as_pattern`): such a column is taken by
    its position in `frame` (a polars frame, eager or lazy, whose names are unique).

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr._engine import polars_column
    >>> frame = pl.DataFrame({"id": [9], "^id$": [1]})
    >>> frame.select(polars_column(frame, "^id$")).columns
    ['^id$']
    """
    import polars as pl

    if not _read_as_pattern("polars", name):
        return pl.col(name)
    return pl.nth(list(frame.collect_schema().names()).index(name))


def _aliased(data: Any, columns: Sequence[str]) -> tuple[Any, dict[str, str]]:
    """Return the frame with `columns` under plain names for the engine, and those names.

    narwhals names a DuckDB or Spark column by an expression that reads ``a.b`` as
    column ``b`` of table ``a`` (and a backtick as a quote), so names such as ``Q1.1``,
    common in SPSS and Qualtrics exports, failed ("Referenced table "a" not found");
    polars and DuckDB read some names as patterns of other columns
    (:func:`_read_as_pattern`). Where a name is read so, the engine selects the columns
    under aliases (quoted as identifiers, which DuckDB's and Spark's SQL read exactly;
    by position in polars, which has no quoting); so it does, on any engine, where a
    column is named ``""``. Otherwise the frame and names are returned as they are.
    """
    import narwhals as nw

    unique = list(dict.fromkeys(columns))
    name = engine_name(data)
    qualified = any(_read_as_pattern(name, column) for column in unique)
    if not qualified and "" not in unique:
        return data, {column: column for column in unique}
    alias = {column: f"__tracktr_c{i}__" for i, column in enumerate(unique)}
    with engine_failures(data, question="", doing="selecting the columns"):
        if qualified and name == "duckdb":
            listed = ", ".join(
                f"{sql_identifier(c)} AS {sql_identifier(a)}" for c, a in alias.items()
            )
            return data.project(listed), alias
        if qualified and name == "pyspark":
            from pyspark.sql import functions

            spark = [functions.col(_backticked(c)).alias(a) for c, a in alias.items()]
            return data.select(*spark), alias
        frame = _frame(data)
        if qualified:  # polars: by position (its names are unique), never by a pattern
            names = list(frame.collect_schema().names())
            chosen = [nw.nth(names.index(c)).alias(a) for c, a in alias.items()]
            return frame.select(*chosen).to_native(), alias
        # A column named "": narwhals selects it, but its grouping on pyarrow and Dask
        # took the empty name for no column ("'str' object has no attribute
        # '_evaluate_aliases'"), where pandas counts it.
        selected = frame.select(*(nw.col(c).alias(a) for c, a in alias.items()))
        return selected.to_native(), alias


def _backticked(name: str) -> str:
    """Quote `name` as a Spark SQL identifier (a backtick inside it is doubled)."""
    escaped = name.replace("`", "``")
    return f"`{escaped}`"


def _refuse_bytes(data: object, patterns: pd.DataFrame, keys: Sequence[str], question: str) -> None:
    """Refuse answers that arrive as bytes (a BLOB, or DuckDB's BIT and VARINT).

    They were counted under labels of raw bytes, which no reader can read. The
    patterns are few (one row per distinct answer pattern), so each cell is looked at.
    """
    found = {
        key: type(value).__name__
        for key in keys
        if patterns[key].dtype == object
        for value in patterns[key].tolist()
        if isinstance(value, bytes | bytearray | memoryview)
    }
    if found:
        msg = (
            f"question {question!r}: column(s) {sorted(found)} of the {engine_name(data)} "
            "frame hold bytes, not answers (a BLOB, or a type such as DuckDB's BIT or "
            "VARINT that arrives as bytes)."
        )
        hint = "Hint: cast them to text or to a number in the query (DuckDB: col::VARCHAR)."
        raise InvalidDataError(f"{msg}\n\n{hint}")


def collect(data: object, columns: Sequence[str], *, doing: str) -> pd.DataFrame:
    """Return the rows of an engine frame's `columns` (those it has) as a pandas DataFrame.

    For what needs respondents rather than counts (a tab book's letters and nets). Only
    the named columns are read; integer columns with blanks stay whole (nullable), as in
    :func:`aggregate`.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from tracktr._engine import collect
    >>> collect(pa.table({"q": [1, None], "x": ["a", "b"]}), ["q"], doing="a test").dtypes
    q    Int64
    dtype: object
    """
    names = schema_names(data)
    refuse_repeated_columns(_native_names(data), columns, what=f"the {engine_name(data)} frame")
    wanted = list(dict.fromkeys(c for c in columns if c in names))
    # Under plain names where Spark would read a dot or backtick in one ("Q1.1" as
    # field 1 of a struct Q1), as aggregate() reads them.
    source, alias = _aliased(data, wanted)
    levels = {alias[c]: dtype for c, dtype in declared_levels(data, wanted).items()}
    with engine_failures(data, question="", doing=doing):
        frame = _frame(source).select(*(alias[c] for c in wanted))
        if hasattr(frame, "collect"):
            frame = frame.collect()
        out = _patterns_frame(frame, levels)
    return out.rename(columns={a: c for c, a in alias.items() if a != c})


def refuse_weight_values(data: object, weights: object, *, who: str) -> str | None:
    """Return `weights` (a column's name, or None); refuse values for an engine frame.

    Values are matched to respondents by position, and an engine frame's rows have no
    set order (a lazy frame's come back in whatever order its threads or partitions
    give): one respondent's weight would be counted as another's, silently. `who` starts
    the message: the question (``"question 'q'"``) or the function (``"tabbook()"``).

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr._engine import refuse_weight_values
    >>> frame = pl.DataFrame({"q": ["Yes"], "w": [2.0]})
    >>> refuse_weight_values(frame, "w", who="question 'q'")
    'w'
    >>> refuse_weight_values(frame, [2.0], who="question 'q'")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidWeightsError: question 'q': on a polars frame, `weights` must ...
    """
    if weights is None or isinstance(weights, str):
        return weights
    held = f"a {type(weights).__name__}"
    if isinstance(weights, Sized):
        held += f" of {len(weights)} value(s)"
    msg = (
        f"{who}: on a {engine_name(data)} frame, `weights` must name a column of the frame, "
        f"not hold the values (got {held}): the frame's rows have no set order to match "
        "them by."
    )
    hint = "Hint: add the weights to the frame as a column and pass its name (weights='w')."
    raise InvalidWeightsError(f"{msg}\n\n{hint}")


def reads_rows(
    function: Callable[Concatenate[pd.DataFrame, _P], _R],
) -> Callable[Concatenate[Any, _P], _R]:
    """Let a function of respondent rows take an engine's frame: the columns it names are read in.

    Design-based estimates need every respondent's row (their scores are summed by PSU
    and stratum). Given a polars, DuckDB, pyarrow, Dask or Spark frame, the decorated
    function receives a pandas frame of the columns its arguments name: every text
    argument that is a column, the design's columns, and a codebook question's columns.

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr._engine import reads_rows
    >>> @reads_rows
    ... def width(data, question):
    ...     return list(data.columns)
    >>> width(pl.DataFrame({"q": [1], "other": [2]}), "q")
    ['q']
    """

    @functools.wraps(function)
    def wrapper(data: Any, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        data = native_frame(data)
        if not isinstance(data, pd.DataFrame) and is_engine_frame(data):
            refuse_weight_values(data, kwargs.get("weights"), who=f"{function.__name__}()")
            named = _named_columns((*args, *kwargs.values()), kwargs.get("survey"))
            data = collect(data, named, doing=f"reading the rows for {function.__name__}()")
        return function(data, *args, **kwargs)

    return wrapper


def _named_columns(arguments: Sequence[object], survey: Any) -> list[str]:
    """Every column name among `arguments` (text, in lists, of a Design or a codebook)."""
    names: list[str] = []
    pending = list(arguments)
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, Mapping):
            pending += [*value.keys(), *value.values()]
        elif isinstance(value, list | tuple | set):
            pending += list(value)
        elif hasattr(value, "columns") and isinstance(value.columns, tuple):  # a Design
            names += [c for c in value.columns if isinstance(c, str)]
    if survey is not None:
        for name in list(names):
            try:
                names += list(survey.spec(name).columns)
            except TracktrError:  # not a question of the codebook: a column, or nothing
                continue
        names += [c for c in (getattr(survey, "design", None) or {}).values() if isinstance(c, str)]
    return names


def declared_levels(
    data: object, columns: Sequence[str], *, question: str = "", schema: Any = None
) -> dict[str, pd.CategoricalDtype]:
    """Return the levels each of `columns` declares in its type, in their declared order.

    A polars ``Enum`` and a DuckDB ``ENUM`` declare their levels (ordered, as DuckDB
    compares them); a Dask categorical column declares its pandas categories when Dask
    knows them (``cat.known``); a pyarrow dictionary column whose chunks share one
    dictionary declares it. Only the schema is read (`schema`, when the caller has it),
    never the data: a level no respondent chose still gets its row (0), in its place, as
    for a pandas categorical. Columns without declared levels (text, numbers, a polars
    ``Categorical``, Dask categories it does not know) are not returned.

    Examples
    --------
    >>> import duckdb
    >>> from tracktr._engine import declared_levels
    >>> connection = duckdb.connect()
    >>> _ = connection.execute("CREATE TYPE answer AS ENUM ('Yes', 'Maybe', 'No')")
    >>> relation = connection.sql("SELECT 'No'::answer AS q")
    >>> dtype = declared_levels(relation, ["q"])["q"]
    >>> list(dtype.categories), dtype.ordered
    (['Yes', 'Maybe', 'No'], True)
    """
    import narwhals as nw

    if schema is None:  # (aggregate() passes the schema it has read already)
        with engine_failures(data, question=question, doing="reading its column types"):
            schema = _frame(data).collect_schema()
    dask = engine_name(data) == "dask"
    found: dict[str, pd.CategoricalDtype] = {}
    for column in dict.fromkeys(columns):
        dtype = schema[column]
        arrow = _arrow_levels(data, column)
        if arrow is not None:
            found[column] = arrow
        elif dask:
            # The meta's pandas dtype: narwhals would list Dask's placeholder for
            # categories it does not know ("__UNKNOWN_CATEGORIES__") as a level.
            native = getattr(data, "dtypes", {}).get(column)
            if isinstance(native, pd.CategoricalDtype) and _known_categories(data, column):
                found[column] = native
        elif isinstance(dtype, nw.Enum):
            found[column] = pd.CategoricalDtype(list(dtype.categories), ordered=True)
    return found


def _arrow_levels(data: object, column: str) -> pd.CategoricalDtype | None:
    """Return the levels of a pyarrow dictionary column whose chunks all have the same.

    A pyarrow type holds no levels: each chunk carries its dictionary (a pandas
    categorical keeps all its categories there, used or not). Levels of text, numbers
    or True/False are returned. Chunks with different
    dictionaries declare nothing in common: None, and the column is read as text.
    """
    import pyarrow as pa

    if not isinstance(data, pa.Table) or not pa.types.is_dictionary(data.schema.field(column).type):
        return None
    chunks = data.column(column).chunks
    if not chunks or any(not c.dictionary.equals(chunks[0].dictionary) for c in chunks[1:]):
        return None
    # A null or NaN in the dictionary is no level but a blank, as pandas reads NaN (a
    # pandas categorical cannot hold one: a raw "categories cannot be null" ValueError).
    levels = [level for level in chunks[0].dictionary.to_pylist() if not pd.isna(level)]
    # Text, numbers or True/False (a pandas categorical of the codes 1, 2, 3 keeps an
    # unused 3), all of one type; dates or a mix are read as the values they are.
    kinds = {type(level) for level in levels}
    if len(kinds) != 1 or not kinds <= {str, int, float, bool} or len(set(levels)) != len(levels):
        return None
    return pd.CategoricalDtype(levels, ordered=bool(data.schema.field(column).type.ordered))


def _known_categories(data: Any, column: str) -> bool:
    """Whether Dask knows the categories of `column` (its meta lists them)."""
    try:
        return bool(data[column].cat.known)
    except (AttributeError, KeyError, TypeError):  # not a categorical Dask column after all
        return False


def _patterns_frame(
    grouped: Any, levels: Mapping[str, pd.CategoricalDtype] | None = None
) -> pd.DataFrame:
    """Convert collected patterns to pandas, keeping whole-number columns with blanks whole.

    ``to_pandas()`` turns an integer column holding a blank into float64, so answers
    coded 1, 2, 3 were labelled "1.0", "2.0" (and integers past 2**53 changed) where the
    same pandas column (nullable ``Int64``) gives 1, 2; such columns come back nullable.
    A column with declared `levels` (:func:`declared_levels`) comes back a pandas
    categorical of those levels, unused ones and their order kept.
    """
    import narwhals as nw

    out: pd.DataFrame = grouped.to_pandas()
    schema = grouped.schema
    for name in out.columns:
        dtype = schema[name]
        if levels and name in levels and _within(out[name], levels[name]):
            out[name] = pd.Categorical(
                out[name].astype(object).where(out[name].notna(), None), dtype=levels[name]
            )
        elif dtype == nw.Categorical and isinstance(out[name].dtype, pd.CategoricalDtype):
            # A polars Categorical's categories come in the order its string cache met
            # them, which the group_by's output order changed from run to run: tables
            # took 6 row orders. Its values are read as text (an Enum keeps its order).
            out[name] = out[name].astype(object)
        elif dtype == nw.Date and out[name].dtype.kind == "M":
            # Dates come back as datetimes at midnight: a group printed "2024-05-01
            # 00:00:00" where the same dates in pandas (datetime.date) print "2024-05-01".
            out[name] = pd.Series(grouped[name].to_arrow().to_pylist(), dtype=object)
        elif dtype.is_integer() and out[name].dtype.kind == "f":
            arrow = grouped[name].to_arrow()
            out[name] = pd.array(arrow.to_pylist(), dtype=_NULLABLE[str(dtype)])
    return out


def _within(column: pd.Series, dtype: pd.CategoricalDtype) -> bool:
    """Whether every answer of `column` is one of the levels (the engine holds them to it).

    An answer outside them would become a blank as a pandas categorical: the column is
    then read as it was, and its answers are counted as they are.
    """
    answers = column[column.notna()].astype(object)
    return bool(answers.isin(list(dtype.categories)).all())


# narwhals' integer dtypes by name, and the pandas nullable dtype that keeps them whole.
_NULLABLE = {
    f"{sign}Int{bits}": f"{sign}Int{bits}" for sign in ("", "U") for bits in (8, 16, 32, 64)
}


def is_eager(data: object) -> bool:
    """Whether an engine frame is eager: its rows have an order, and positions to name.

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr._engine import is_eager
    >>> is_eager(pl.DataFrame({"q": [1]})), is_eager(pl.LazyFrame({"q": [1]}))
    (True, False)
    """
    import narwhals as nw

    return isinstance(_frame(data), nw.DataFrame)


def positions(data: object, column: str, values: Sequence[Any], *, limit: int = 20) -> list[int]:
    """Row positions (0-based) of the first `limit` cells of `column` holding `values`.

    Only eager frames have an order to report; for lazy ones this returns ``[]``.

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr._engine import positions
    >>> positions(pl.DataFrame({"q": ["a", "b", "a"]}), "q", ["a"])
    [0, 2]
    """
    import narwhals as nw

    frame = _frame(data)
    if not isinstance(frame, nw.DataFrame):
        return []
    frame, plain = _one_column(data, column)
    condition = nw.col(plain).is_in([v for v in values if v is not None])
    doing = f"finding the rows of column {column!r}"
    return _first_rows(frame, condition, data, doing=doing, limit=limit) or []


def _one_column(data: object, column: str) -> tuple[Any, str]:
    """Return the narwhals frame of `column` alone and its name there (:func:`_aliased`).

    Rows keep their order: the positions of the frame are the positions of `data`.
    """
    source, alias = _aliased(data, [column])
    return _frame(source), alias[column]


def positions_by_value(
    data: object, column: str, values: Sequence[Any], *, nulls: bool = False
) -> dict[Any, list[int]] | None:
    """Row positions (0-based) of the cells of `column` holding each of `values`.

    With `nulls`, the positions of the column's null cells too, under ``None``. Only eager
    frames have an order to report; for lazy ones this returns ``None``.

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr._engine import positions_by_value
    >>> positions_by_value(pl.DataFrame({"q": ["a", None, "b", "a"]}), "q", ["a"], nulls=True)
    {'a': [0, 3], None: [1]}
    """
    import narwhals as nw

    frame = _frame(data)
    if not isinstance(frame, nw.DataFrame):
        return None
    frame, plain = _one_column(data, column)
    index = _row_name(frame)
    condition = nw.col(plain).is_in([v for v in values if v is not None])
    if nulls:
        condition = condition | nw.col(plain).is_null()
    found: dict[Any, list[int]] = {}
    with engine_failures(data, question="", doing=f"finding the rows of column {column!r}"):
        rows = frame.with_row_index(index).filter(condition)
        cells = rows.get_column(plain).to_list()
        for cell, row in zip(cells, rows.get_column(index).to_list(), strict=True):
            found.setdefault(cell, []).append(int(row))
    return found


def is_integer_column(data: object, column: str) -> bool:
    """Whether `column` of an engine frame holds integers (pandas reads a nullable one as floats).

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr._engine import is_integer_column
    >>> is_integer_column(pl.DataFrame({"id": [1, None]}), "id")
    True
    """
    return bool(_frame(data).collect_schema()[column].is_integer())

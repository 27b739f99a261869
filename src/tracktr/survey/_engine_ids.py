"""Blank and repeated respondent ids of an engine frame, found where the frame lives.

One grouped query counts the rows of each id in the engine and brings back only the ids
that fail: blank ones (null, NaN, or text of spaces only) and repeated ones, the first
:data:`_FETCHED` of them; a second query counts them when more fail. Memory is bounded by
what a failure reports, not by the number of respondents (a frame of unique ids brings
back nothing). :class:`tracktr.survey._patterns.PatternCheck` (``survey.validate`` on a
polars, DuckDB, Dask or Spark frame) and :func:`tracktr.io.scan` both use it; the places
of the failing ids are each caller's own (the rows of an eager frame, the lines of a file),
and the message is :func:`tracktr.survey._checks.blank_ids_failure` and
:func:`~tracktr.survey._checks.repeated_ids_failure` for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from tracktr import _engine
from tracktr.survey._checks import (
    IDS_SHOWN,
    ROWS_SHOWN,
    IdUnit,
    blank_ids_failure,
    repeated_ids_failure,
    sorted_ids,
)
from tracktr.survey._distinct import is_blank

__all__ = ["SPACE", "IdCounts", "count_ids", "id_failures", "id_positions"]

SPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""What Python's ``str.strip()`` removes, as :func:`tracktr.survey._distinct.is_blank`
strips a cell (a no-break space, a tab, ...; every such character is below U+3001; a test
checks the list against all of Unicode, so that no import has to). The engines' own
trim() and ``\\s`` mean fewer or other characters, so their queries name these."""

_ROWS: Final = "__tracktr_rows__"  # the number of rows of each id, counted by the engine
_POSITION: Final = "__tracktr_position__"  # a row's position in an eager frame
_FETCHED: Final = 1_000  # blank and repeated ids fetched at once; beyond, they are counted


@dataclass(frozen=True, slots=True)
class IdCounts:
    """The blank and repeated respondent ids of a frame, as the engine counted them.

    Attributes
    ----------
    blank : int
        Rows whose id is blank.
    repeated : dict
        The first :data:`~tracktr.survey._checks.IDS_SHOWN` repeated ids, in order, with
        their numbers of rows.
    total : int
        How many ids are repeated.

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr.survey._engine_ids import count_ids
    >>> count_ids(pl.LazyFrame({"id": [1, 2, 2, None, 3, 3, 3]}), "id")
    IdCounts(blank=1, repeated={2: 2, 3: 3}, total=2)
    """

    blank: int
    repeated: dict[Any, int]
    total: int

    def __bool__(self) -> bool:
        """Whether any id is blank or repeated."""
        return bool(self.blank or self.total)


def _blank(frame: Any, rid: str) -> Any:
    """Return the narwhals expression of a blank id: null, NaN, or text of spaces only."""
    import narwhals as nw

    key = nw.col(rid)
    dtype = frame.collect_schema()[rid]
    blank = key.is_null()
    if dtype == nw.String:
        blank = blank | (key.str.strip_chars(SPACE) == "")
    elif dtype in {nw.Categorical, nw.Enum}:
        blank = blank | (key.cast(nw.String()).str.strip_chars(SPACE) == "")
    elif dtype.is_float():
        blank = blank | key.is_nan()
    return blank


def _collected(frame: Any) -> Any:
    import narwhals as nw

    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


def count_ids(data: object, rid: str) -> IdCounts:
    """Count the blank and repeated ids of column `rid` in the engine; only those come back.

    One grouped query; a second counts them when more than :data:`_FETCHED` come back.
    Ids of an integer column come back as Python ints (an engine that holds them in pandas
    reads them as floats when one is null).

    Parameters
    ----------
    data : frame
        Any frame narwhals reads (polars, pyarrow, DuckDB, Dask, Spark).
    rid : str
        The respondent id column, which the frame has.

    Returns
    -------
    IdCounts
        The blank rows, the first repeated ids with their rows, and how many are repeated.

    Raises
    ------
    tracktr.EngineError
        If the engine fails to run the query.
    """
    import narwhals as nw

    # Under a plain name where DuckDB or Spark would read a dot or backtick in it
    # ("resp.id" as column id of table resp), as the counting reads it.
    source, alias = _engine._aliased(data, [rid])
    key = alias[rid]
    with _engine.engine_failures(data, question=rid, doing="checking the respondent ids"):
        frame = _engine._frame(source)
        blank = _blank(frame, key)
        integers = frame.collect_schema()[key].is_integer()
        number = _engine.unused_name(_ROWS, [key])  # (an id column may be named so)
        rows = nw.col(number)
        counted = frame.group_by(key, drop_null_keys=False).agg(nw.len().alias(number))
        counted = counted.filter((rows > 1) | blank)
        found = _collected(counted.sort(key, nulls_last=True).head(_FETCHED))
        ids, numbers = found.get_column(key).to_list(), found.get_column(number).to_list()
        if integers:
            ids = [v if is_blank(v) else int(v) for v in ids]
        repeated = {v: int(n) for v, n in zip(ids, numbers, strict=True) if not is_blank(v)}
        shown = {v: repeated[v] for v in sorted_ids(repeated)[:IDS_SHOWN]}
        if len(found) < _FETCHED:
            blanks = sum(int(n) for v, n in zip(ids, numbers, strict=True) if is_blank(v))
            return IdCounts(blanks, shown, len(repeated))
        totals = _collected(
            counted.select(
                (~blank).cast(nw.Int64()).sum().alias("total"),
                nw.when(blank).then(rows).otherwise(0).sum().alias("blank"),
            )
        )
        return IdCounts(int(totals.item(0, "blank") or 0), shown, int(totals.item(0, "total") or 0))


def id_positions(
    data: object, rid: str, found: IdCounts
) -> tuple[list[int], dict[Any, list[int]]] | None:
    """Return the 0-based rows of the first blank ids and of each repeated id shown.

    At most :data:`~tracktr.survey._checks.IDS_SHOWN` blank rows and
    :data:`~tracktr.survey._checks.ROWS_SHOWN` rows of each repeated id (one query each,
    on the failing path only). Only eager frames have an order; for lazy ones, None.

    Examples
    --------
    >>> import polars as pl
    >>> from tracktr.survey._engine_ids import count_ids, id_positions
    >>> frame = pl.DataFrame({"id": ["a", " ", "a", None]})
    >>> id_positions(frame, "id", count_ids(frame, "id"))
    ([1, 3], {'a': [0, 2]})
    """
    import narwhals as nw

    frame = _engine._frame(data)
    if not isinstance(frame, nw.DataFrame):
        return None
    blank: list[int] = []
    if found.blank:
        doing = "finding the rows of the blank respondent ids"
        with _engine.engine_failures(data, question=rid, doing=doing):
            position = _engine.unused_name(_POSITION, [rid])  # (an id column may be named so)
            rows = frame.select(rid).with_row_index(position).filter(_blank(frame, rid))
            blank = [int(p) for p in rows.head(IDS_SHOWN).get_column(position).to_list()]
    repeated = {
        value: _engine.positions(data, rid, [value], limit=ROWS_SHOWN) for value in found.repeated
    }
    return blank, repeated


def id_failures(
    rid: str,
    found: IdCounts,
    places: tuple[list[int], dict[Any, list[int]]] | None,
    *,
    unit: IdUnit,
    frame: str = "",
    note: str = "",
) -> list[dict[str, Any]]:
    """Return the ``missing_id`` and ``duplicate_id`` failures of `found`, one each.

    `places` are the blank ids' and each shown repeated id's rows (`unit` "row") or lines
    (`unit` "line"), or None where the frame has no order or the file no lines.

    Examples
    --------
    >>> from tracktr.survey._engine_ids import IdCounts, id_failures
    >>> found = IdCounts(blank=1, repeated={"2": 2}, total=1)
    >>> for failure in id_failures("id", found, ([6], {"2": [3, 5]}), unit="line"):
    ...     print(failure["expected"])
    a respondent id in every row; blank in 1 row: line 6
    unique respondent ids; repeated: '2' at lines 3, 5
    """
    blank, repeated = places if places is not None else ([], {})
    failures: list[dict[str, Any]] = []
    if found.blank:
        failures.append(blank_ids_failure(rid, blank, found.blank, unit=unit, frame=frame))
    if found.total:
        failures.append(
            repeated_ids_failure(
                rid, repeated, found.repeated, unit=unit, frame=frame, total=found.total, note=note
            )
        )
    return failures

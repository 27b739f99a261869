"""Every figure of a report checked: ``report()`` on a figures file, ``reference()``."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from tracktr.check._findings import Findings
from tracktr.check._run import _phrase_bounds, _Run
from tracktr.exceptions import ReadError, TracktrError
from tracktr.reference import FiguresFile, PublishedTable, read_figures

__all__ = ["reference", "report"]


def _check_phrases(file: FiguresFile) -> None:
    """Every verbal share is one the checker knows, before any figure is checked."""
    problems = []
    for f in file:
        if f.phrase:
            try:
                _phrase_bounds(f.phrase)
            except TracktrError as error:
                where = f"row {f.line}" if not file.name.endswith(".toml") else f"entry {f.line}"
                first = str(error).split("\n")[0]
                problems.append(f"{where} ({f.figure!r}): phrase {f.phrase!r}: {first}")
    if problems:
        shown = "\n".join(f"- {p}" for p in problems)
        msg = (
            f"{file.name}: {len(problems)} verbal share(s) the checker cannot read:\n{shown}\n\n"
            "Hint: write the share as the report prints it, e.g. 'just over a third', "
            "'3 in 10', 'almost half'; tt.describe lists the phrases it knows."
        )
        raise ReadError(msg, path=file.name, mismatches=tuple(problems))


def report(
    figures: str | Path | pd.DataFrame | FiguresFile,
    *,
    include_consistent: bool = False,
    encoding: str = "utf-8-sig",
) -> Findings:
    """Check every figure of a report, as listed in a figures file.

    Printed percentages are checked against their bases (:func:`percent`, :func:`bases`),
    the percentages of one question together (:func:`distribution`), the tables' printed
    percentages against their counts (:func:`table`), ratios and verbal shares against the
    numbers behind them (:func:`ratio`, :func:`share`), and every text figure against the
    table or figure it restates.

    Parameters
    ----------
    figures : str, path, DataFrame or FiguresFile
        A figures file (``.csv`` or ``.toml``), or its rows as a DataFrame; see
        :func:`tracktr.reference.read_figures` and the guide "Checking a report before you
        publish it".
    include_consistent : bool, default False
        Also return the findings that are ``"consistent"`` or ``"unchecked"``.
    encoding : str, default "utf-8-sig"
        The text encoding of a ``.csv`` figures file (UTF-8, with or without a byte-order
        mark, unless given): ``"cp1252"`` for Excel's "CSV (Comma delimited)" on Windows.

    Returns
    -------
    Findings
        A sequence of :class:`~tracktr.check.Finding`, in the order of the file (a finding about a
        table or about several figures comes after the first figure of its source).

    Raises
    ------
    tracktr.ReadError
        If the file cannot be read (a byte that is not `encoding` text: the message names
        its line and column) or a row is wrong; the message names every row.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> figures = pd.DataFrame(
    ...     {
    ...         "id": ["n", "yes", "no"],
    ...         "kind": ["base", "percent", "percent"],
    ...         "source": ["Graph 19", "Graph 19", "Graph 19"],
    ...         "value": [None, 94, 5],
    ...         "base": [19, 19, 19],
    ...         "claim": ["n=19", "94% say no", "5% say yes"],
    ...     }
    ... )
    >>> found = tt.check.report(figures)
    >>> found
    Findings(1: 1 impossible)
    >>> print(found[0].explanation)
    94% of 19 cannot be printed with half-up rounding (17 gives 89%, 18 gives 95%); only floor
    rounding gives 94%.
    """
    file = read_figures(figures, encoding=encoding)
    return _report(file, include_consistent=include_consistent)


def _report(
    file: FiguresFile,
    *,
    include_consistent: bool,
    tables: dict[str, PublishedTable] | None = None,
) -> Findings:
    """Check a figures file read already; `tables`: its tables, if built already."""
    _check_phrases(file)
    found = tuple(_Run(file, tables=tables).run())
    if not include_consistent:
        found = tuple(f for f in found if f.verdict not in ("consistent", "unchecked"))
    return Findings(found)


@functools.cache
def _reference() -> Findings:
    # The file tracktr.reference has read (and keeps): one parse of it per process, and
    # its tables built once, for the checks here and for tt.reference.table().
    from tracktr.reference._tracktr_2016 import _built, _file

    file = _file()
    tables = {name: _built(name) for name in file.tables()}
    return _report(file, include_consistent=True, tables=tables)


def reference(*, include_consistent: bool = False) -> Findings:
    """Check every figure of the 2016 report: ``report()`` on its shipped figures file.

    The file is :func:`tracktr.reference.path` ``("trackTR-2016")``; see
    :func:`~tracktr.check.report` for the checks.

    Parameters
    ----------
    include_consistent : bool, default False
        Also return the findings that are ``"consistent"`` or ``"unchecked"``.

    Returns
    -------
    Findings
        A sequence of :class:`~tracktr.check.Finding`, in the order of the report.

    Examples
    --------
    >>> import tracktr as tt
    >>> found = tt.check.reference()
    >>> sorted({f.verdict for f in found})
    ['doubtful', 'impossible', 'inconsistent']
    >>> [f.figure for f in found if f.verdict == "impossible"][:3]
    ['es_crc_pre_existing_services', 's22_mental_health_needs_table_row', 'graph_11_shares']
    """
    found = _reference()
    if include_consistent:
        return found
    return Findings(tuple(f for f in found if f.verdict not in ("consistent", "unchecked")))

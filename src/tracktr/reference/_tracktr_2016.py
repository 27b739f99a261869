"""The 2016 trackTR report's printed figures, read from the shipped figures file.

*Change & challenge: the voluntary sector's role in Transforming Rehabilitation* (Clinks,
NCVO and TSRC, May 2016) prints three tables and about two hundred figures in its text and
graph captions. They are shipped exactly as printed, as a figures file
(``data/trackTR-2016-figures.csv``, see :func:`read_figures`), with how the tables are laid
out in ``data/trackTR-2016-layout.json``.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import functools
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from tracktr.exceptions import InvalidOptionError, ReferenceNotFoundError
from tracktr.reference._figures import Figure, _figure_record, _figures_frame
from tracktr.reference._format import FiguresFile, _build
from tracktr.reference._tables import PublishedTable

__all__ = ["REPORT", "figure", "figure_names", "figures", "path", "table", "tables"]

REPORT = (
    "Change & challenge: the voluntary sector's role in Transforming Rehabilitation, "
    "Clinks, NCVO and TSRC, May 2016"
)
"""The report whose figures this module holds."""

_FILES = {
    "trackTR-2016": "trackTR-2016-figures.csv",
    "template": "template-figures.csv",
    "template-toml": "template-figures.toml",
}
# The kinds of tt.reference.figures(): the statements of the text and captions. Tables,
# cells and the checks between figures are in the file too, but are not "figures" here.
_STATEMENTS = ("base", "count", "percent", "share", "ratio", "list", "amount", "external", "quote")


def path(name: str) -> Path:
    """Return the path of a shipped figures file: the 2016 report's, or a template.

    Parameters
    ----------
    name : {"trackTR-2016", "template", "template-toml"}
        ``"trackTR-2016"``: every figure of the 2016 report; ``"template"``: a small CSV
        file to copy and fill in from your own report; ``"template-toml"``: the same in
        TOML.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    tracktr.ReferenceNotFoundError
        If there is no such file; the message lists the names.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.reference.path("trackTR-2016").name
    'trackTR-2016-figures.csv'
    """
    if name not in _FILES:
        msg = f"no shipped figures file {name!r}.\n\nHint: the names are {list(_FILES)}."
        raise ReferenceNotFoundError(msg)
    return Path(str(resources.files("tracktr.reference").joinpath("data", _FILES[name])))


@functools.cache
def _file() -> FiguresFile:
    return _read_shipped(path("trackTR-2016"))


def _read_shipped(source: Path) -> FiguresFile:
    """Read the shipped figures file as :func:`read_figures` does, without pandas' parser.

    The file is ours (a header, no blank or ragged rows, no neutralised cells; a test
    checks that this gives the same figures as :func:`read_figures`), so the standard
    library's reader is enough, and about 8 ms quicker for each process that checks it.
    """
    header, *rows = csv.reader(io.StringIO(source.read_text("utf-8-sig")))
    columns = [name.strip() for name in header]
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    return _build(records, str(source), "csv", 2)


@functools.cache
def _built(name: str) -> PublishedTable:
    """One table of the file, built once per process: never handed out, only copies of it."""
    return _file().table(name)


@functools.cache
def _layout() -> dict[str, Any]:
    text = resources.files("tracktr.reference").joinpath("data", "trackTR-2016-layout.json")
    data: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return data


def _not_found(kind: str, name: object, names: tuple[str, ...]) -> ReferenceNotFoundError:
    close = difflib.get_close_matches(str(name), names, n=5, cutoff=0.5)
    if len(names) <= 10:
        listed = ", ".join(repr(n) for n in names)
        msg = f"no published {kind} named {name!r}; the {kind}s are {listed}."
    else:
        listed = ", ".join(repr(n) for n in close) if close else "none"
        msg = (
            f"no published {kind} named {name!r} among the {len(names)} {kind}s; "
            f"close names: {listed}."
        )
    hint = (
        f"Hint: tt.reference.{kind}s() lists every name."
        if kind == "table"
        else (
            "Hint: tt.reference.figure_names() lists every name; tt.reference.figures() "
            "shows them with their claims."
        )
    )
    return ReferenceNotFoundError(f"{msg}\n\n{hint}")


def tables() -> tuple[str, ...]:
    """Return the names of the report's tables.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.reference.tables()
    ('table_1', 'table_2', 'table_3')
    """
    return _file().tables()


def _normalise_table_name(name: object) -> str:
    text = str(name).strip().lower().replace(" ", "_")
    return f"table_{text}" if text.isdigit() else text


def table(name: str) -> PublishedTable:
    """Return one of the report's tables exactly as printed.

    Parameters
    ----------
    name : str
        ``"table_1"``, ``"table_2"`` or ``"table_3"`` (``"Table 3"`` and ``"3"`` work too).

    Returns
    -------
    PublishedTable
        A new object on every call; changing it does not change the reference data.

    Raises
    ------
    tracktr.ReferenceNotFoundError
        If there is no such table; the message lists the names.

    Examples
    --------
    >>> import tracktr as tt
    >>> t1 = tt.reference.table("table_1")
    >>> t1.counts.loc["Women"].tolist(), t1.printed.loc["Women"].tolist()
    ([82, 69], [54, 46])
    """
    wanted = _normalise_table_name(name)
    if wanted not in tables():
        raise _not_found("table", name, tables())
    built = _built(wanted)
    layout = _layout()["tables"][wanted]
    frames: dict[str, Any] = {}
    for field in ("printed", "counts", "summary"):
        frame = getattr(built, field)
        if frame is not None:
            frame = frame.copy()
            frame.index.name = layout["row_heading"] or None
        frames[field] = frame
    bases = None if built.bases is None else built.bases.copy()
    return dataclasses.replace(
        built,
        **frames,
        bases=bases,
        kind=layout["kind"],
        notes=tuple(layout["notes"]),
        report=REPORT,
    )


def figure_names() -> tuple[str, ...]:
    """Return the ids of every figure, in the order the report prints them (graph bases first).

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.reference.figure_names()[:2]
    ('graph_01_n', 'graph_02_n')
    """
    return tuple(f.figure for f in _all_figures())


def figure(name: str) -> Figure:
    """Return one figure of the report with its provenance.

    Parameters
    ----------
    name : str
        A figure id, as listed by :func:`figure_names`.

    Returns
    -------
    Figure

    Raises
    ------
    tracktr.ReferenceNotFoundError
        If there is no such figure; the message lists close names.

    Examples
    --------
    >>> import tracktr as tt
    >>> f = tt.reference.figure("s24_no_transparency")
    >>> f.value, f.base, f.where
    (94.0, 19, 'Graph 19, section 2.4')
    """
    for f in _all_figures():
        if f.figure == name:
            return f
    raise _not_found("figure", name, figure_names())


def figures(
    *, kind: str | None = None, question: str | None = None, section: str | None = None
) -> pd.DataFrame:
    """Return the report's figures as a tidy DataFrame, one row per figure.

    Parameters
    ----------
    kind : str, optional
        Keep one kind: ``"base"``, ``"count"``, ``"percent"``, ``"share"``, ``"ratio"``,
        ``"list"``, ``"amount"``, ``"external"`` or ``"quote"``.
    question : str, optional
        Keep the figures about one codebook question id.
    section : str, optional
        Keep one report section, e.g. ``"2.4"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``figure, kind, section, source, page, question, option, group, value,
        phrase, count, base, decimals, values, qualifier, claim, wording, restates,
        numerator, denominator, also_in, note`` (see :class:`Figure`). ``count``, ``base``
        and ``decimals`` are nullable integers. A new frame on every call.

    Raises
    ------
    tracktr.InvalidOptionError
        If `kind` is not one of the kinds.

    Examples
    --------
    >>> import tracktr as tt
    >>> bases = tt.reference.figures(kind="base")
    >>> bases.loc[bases["source"] == "Graph 16", ["value", "question"]].values.tolist()
    [[26.0, 'crc_service_new']]
    >>> len(tt.reference.figures(kind="ratio"))
    5
    """
    kinds = _STATEMENTS
    if kind is not None and kind not in kinds:
        listed = ", ".join(repr(k) for k in kinds)
        msg = f"`kind` must be one of {listed}; got {kind!r}."
        raise InvalidOptionError(msg)
    chosen = tuple(
        _figure_record(f)
        for f in _all_figures()
        if (kind is None or f.kind == kind)
        and (question is None or f.question == question)
        and (section is None or f.section == section)
    )
    return _figures_frame(chosen)


def _all_figures() -> tuple[Figure, ...]:
    # The file is read once; figures are copied so that a caller changing a figure's
    # mappings (restates, numerator...) changes nothing else.
    return tuple(
        dataclasses.replace(
            f,
            # A count printed without a percentage: its value is the count itself.
            value=float(f.count)
            if f.kind == "count" and f.value is None and f.count is not None
            else f.value,
            restates=_copy(f.restates),
            numerator=_copy(f.numerator),
            denominator=_copy(f.denominator),
        )
        for f in _file()
        if f.kind in _STATEMENTS
    )


def _copy(ref: dict[str, Any] | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {k: list(v) if isinstance(v, list) else v for k, v in ref.items()}


def _cell(ref: str) -> str | float:
    try:
        return float(ref)
    except ValueError:
        return ref


def _checks() -> tuple[dict[str, Any], ...]:
    """Return the distributions of the file as ``{"id", "cells": [[label, figure id], ...]}``."""
    return tuple(
        {"id": f.figure, "cells": [[label, _cell(ref)] for label, ref in f.parts]}
        for f in _file()
        if f.kind == "distribution"
    )

"""Printed figures of reports, as data with their provenance: the 2016 report and your own.

A report's figures are kept in a *figures file*, one figure a row, in CSV or TOML: where it
is printed, what it is about, the value as printed and its kind, and the links between
figures (:func:`read_figures`, :class:`FiguresFile`). :func:`tracktr.check.report` checks
every figure of such a file.

The package ships the figures of *Change & challenge: the voluntary sector's role in
Transforming Rehabilitation* (Clinks, NCVO and TSRC, May 2016) in that format
(``path("trackTR-2016")``), with a template to fill in (``path("template")``):

- :func:`tables` lists the table names; :func:`table` returns one as a
  :class:`PublishedTable` (printed percentages, counts and bases where printed, provenance).
- :func:`figures` returns every other quantitative statement as a tidy DataFrame, one row
  per figure: a graph's base (n=), a count, a percentage, a verbal share ("just over a
  third"), a ratio ("2.5 times more likely"), a list of percentages, with its section,
  graph or table, page, question wording, the printed claim and the codebook question id.
- :func:`figure` returns one figure as a :class:`Figure`.

Examples
--------
>>> import tracktr as tt
>>> tt.reference.tables()
('table_1', 'table_2', 'table_3')
>>> tt.reference.table("table_3").bases.tolist()
[151, 34]
>>> tt.reference.figure("s24_no_transparency").claim[:42]
'Given that probation services are still de'
"""

from __future__ import annotations

from tracktr.reference._figures import FIGURE_KINDS, Figure, FigureKind
from tracktr.reference._format import FILE_COLUMNS, FiguresFile, read_figures
from tracktr.reference._tables import PublishedTable
from tracktr.reference._tracktr_2016 import (
    REPORT,
    figure,
    figure_names,
    figures,
    path,
    table,
    tables,
)
from tracktr.reference._tracktr_2016 import _checks as _checks  # used by tracktr.reproduce

__all__ = [
    "FIGURE_KINDS",
    "FILE_COLUMNS",
    "REPORT",
    "Figure",
    "FigureKind",
    "FiguresFile",
    "PublishedTable",
    "figure",
    "figure_names",
    "figures",
    "path",
    "read_figures",
    "table",
    "tables",
]


def __dir__() -> list[str]:
    return sorted(__all__)

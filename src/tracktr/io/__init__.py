"""Reading response files and writing publication tables.

Readers: SPSS and Stata files (:func:`read_spss`, :func:`read_stata`, and
:func:`survey_from_spss` to draft a codebook from their labels), survey-platform exports
with one, two or three header rows (:func:`read_platform_export`), and plain CSV files
with a codebook (:func:`read_csv`, with :func:`tabulate_csv` counting a file in bounded
chunks), and CSV or
Parquet files larger than memory, validated and counted by DuckDB or polars
(:func:`scan`).

Writers: :func:`write_table` (a formatted Excel sheet), :func:`table_to_latex`,
:func:`write_spss` (responses with their codebook, for SPSS users), and
:func:`write_report` (every table of an analysis in one workbook, HTML page or Markdown
file). Writers never leave a partial file behind: they write a temporary file beside the
target and rename it into place.

pyreadstat (``pip install ".[spss]"`` from a clone) and openpyxl
(``pip install ".[excel]"``) are imported only by the functions that need them.

Examples
--------
>>> import tracktr as tt
>>> tt.io.neutralise("=1+1")
"'=1+1"
"""

from __future__ import annotations

from tracktr.io import csvfile, excel, latex, platform, report, spss
from tracktr.io._files import FORMULA_TRIGGERS, neutralise
from tracktr.io.csvfile import read_csv, tabulate_csv
from tracktr.io.excel import write_table, write_workbook
from tracktr.io.latex import table_to_latex
from tracktr.io.platform import PlatformExport, read_platform_export
from tracktr.io.report import write_report
from tracktr.io.scan import Scan, scan
from tracktr.io.spss import read_spss, read_stata, survey_from_spss, write_spss
from tracktr.io.tabbook import write_tabbook

__all__ = [
    "FORMULA_TRIGGERS",
    "PlatformExport",
    "Scan",
    "csvfile",
    "excel",
    "latex",
    "neutralise",
    "platform",
    "read_csv",
    "read_platform_export",
    "read_spss",
    "read_stata",
    "report",
    "scan",
    "spss",
    "survey_from_spss",
    "tabbook",
    "table_to_latex",
    "tabulate_csv",
    "write_report",
    "write_spss",
    "write_tabbook",
    "write_table",
    "write_workbook",
]


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

"""Shared plumbing of :mod:`tracktr.io`: paths, optional imports, atomic writes, safe text.

Also the frame of a standalone HTML page, which the report, the tab book and the findings
of :mod:`tracktr.check` share.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from tracktr._atomic import atomic_path, atomic_write_text
from tracktr._text import html_text
from tracktr.exceptions import (
    InvalidOptionError,
    MissingDependencyError,
    ReadError,
    SurveyValidationError,
    install_hint,
)

__all__ = [
    "FORMULA_TRIGGERS",
    "TABLE_STYLE",
    "atomic_path",
    "atomic_write_text",
    "existing_file",
    "format_of",
    "html_page",
    "neutralise",
    "prepare_file",
    "require",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet run a text cell as a formula."""

TABLE_STYLE = (
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{padding:.2em .6em;border-bottom:1px solid #ccc;text-align:right}"
    "th[scope=row]{text-align:left}caption{text-align:left;font-weight:bold}"
    ".tracktr-notes{font-size:.85em}"
)
"""The CSS of a page of printed tables: numbers right-aligned, row labels left, notes small."""

if TYPE_CHECKING:
    import pandas as pd

    from tracktr.survey import Prepared, Survey

_EXTRAS = {"pyreadstat": "spss", "openpyxl": "excel"}

_Cell = TypeVar("_Cell")


def format_of(path: str | os.PathLike[str], formats: Mapping[str, str], what: str) -> str:
    """Return the format a writer's file name asks for, from its extension (any case).

    `formats` maps each extension (``".html"``) to a format; `what` names the format in
    the message (``"the report format"``).

    Raises
    ------
    tracktr.InvalidOptionError
        For an extension not in `formats`, listing those that are.
    """
    suffix = Path(path).suffix
    kind = formats.get(suffix.lower())
    if kind is None:
        msg = (
            f"{str(path)!r}: cannot tell {what} from {suffix or 'no extension'!r}.\n\n"
            f"Hint: end the file name in one of {sorted(formats)}."
        )
        raise InvalidOptionError(msg)
    return kind


def require(module: str, purpose: str) -> Any:
    """Import an optional dependency, or raise MissingDependencyError naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        extra = _EXTRAS.get(module, module)
        msg = (
            f"{purpose} needs {module}, which is not installed.\n\n"
            f"Hint: {install_hint(extra)}, or pip install {module}."
        )
        raise MissingDependencyError(msg) from error


def existing_file(path: str | os.PathLike[str], *, suffixes: tuple[str, ...], what: str) -> Path:
    """Return `path` as a Path, or raise ReadError if it is absent or of another format."""
    file = Path(path)
    if not file.exists():
        msg = f"{str(path)!r}: no such file.\n\nHint: check the path and the working directory."
        raise ReadError(msg, path=str(path))
    if file.is_dir():
        msg = f"{str(path)!r} is a directory, not {what}."
        raise ReadError(msg, path=str(path))
    if suffixes and file.suffix.lower() not in suffixes:
        msg = (
            f"{str(path)!r} is not {what}: expected a file ending in "
            f"{' or '.join(suffixes)}, got {file.suffix or 'no extension'!r}.\n\n"
            "Hint: use the reader for the file's format (tracktr.io.read_spss, read_stata, "
            "read_csv, read_platform_export)."
        )
        raise ReadError(msg, path=str(path))
    return file


@overload
def neutralise(text: str) -> str: ...
@overload
def neutralise(text: _Cell) -> _Cell: ...
def neutralise(text: object) -> object:
    r"""Return `text` so that a spreadsheet shows it rather than runs it as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe (the OWASP advice for CSV and spreadsheet injection). A cell that
    is not text (a number, a blank such as ``None`` or ``NaN``) is returned unchanged: a
    spreadsheet stores it as a value, never runs it, so a whole column can be mapped.

    Examples
    --------
    >>> from tracktr.io import neutralise
    >>> neutralise("=HYPERLINK(\"http://x\")")
    '\'=HYPERLINK("http://x")'
    >>> neutralise("Prison")
    'Prison'
    >>> [neutralise(cell) for cell in ["-2 staff", -2, None]]
    ["'-2 staff", -2, None]
    """
    if isinstance(text, str) and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def prepare_file(
    survey: Survey, data: pd.DataFrame, *, path: str, allow_extra_columns: bool = False
) -> Prepared:
    """Prepare and validate a frame read from `path`; a failure's message names the file."""
    try:
        return survey.prepare(data, allow_extra_columns=allow_extra_columns)
    except SurveyValidationError as error:
        msg = f"{path!r}: {error}"
        raise SurveyValidationError(msg, failures=error.failures) from error


def html_page(title: str, body: str, *, style: str, viewport: bool = False) -> str:
    """Return a standalone UTF-8 HTML page: `title` (escaped) as its title and heading.

    `body` is HTML that follows the heading, and `style` the page's CSS; `viewport` adds
    the meta tag that lets a phone lay the page out at its own width.
    """
    esc = html_text(title)
    meta = '<meta name="viewport" content="width=device-width, initial-scale=1">'
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{esc}</title>'
        f"{meta if viewport else ''}<style>{style}</style></head>\n"
        f"<body><h1>{esc}</h1>{body}\n</body></html>\n"
    )

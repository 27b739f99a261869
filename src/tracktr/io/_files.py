"""Shared plumbing of :mod:`tracktr.io`: paths, optional imports, atomic writes, safe text."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracktr._atomic import atomic_path, atomic_write_text
from tracktr.exceptions import MissingDependencyError, ReadError, SurveyValidationError

__all__ = [
    "FORMULA_TRIGGERS",
    "atomic_path",
    "atomic_write_text",
    "existing_file",
    "neutralise",
    "prepare_file",
    "require",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet run a text cell as a formula."""

if TYPE_CHECKING:
    import pandas as pd

    from tracktr.survey import Prepared, Survey

_EXTRAS = {"pyreadstat": "spss", "openpyxl": "excel"}


def require(module: str, purpose: str) -> Any:
    """Import an optional dependency, or raise MissingDependencyError naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        extra = _EXTRAS.get(module, module)
        msg = (
            f"{purpose} needs {module}, which is not installed.\n\n"
            f"Hint: pip install 'tracktr[{extra}]' (or pip install {module})."
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


def neutralise(text: str) -> str:
    r"""Return `text` so that a spreadsheet shows it rather than runs it as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading apostrophe (the OWASP advice for CSV and spreadsheet injection).

    Examples
    --------
    >>> from tracktr.io import neutralise
    >>> neutralise("=HYPERLINK(\"http://x\")")
    '\'=HYPERLINK("http://x")'
    >>> neutralise("Prison")
    'Prison'
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def prepare_file(
    survey: Survey, data: pd.DataFrame, *, path: str, allow_extra_columns: bool = False
) -> Prepared:
    """Prepare and validate a frame read from `path`; a failure's message names the file."""
    try:
        return survey.prepare(data, allow_extra_columns=allow_extra_columns)
    except SurveyValidationError as error:
        msg = f"{path!r}: {error}"
        raise SurveyValidationError(msg, failures=error.failures) from error

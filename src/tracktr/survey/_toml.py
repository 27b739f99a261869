"""Codebook files: TOML read with errors that name the file, and written atomically.

:func:`read_toml` names the file in every error (missing, a directory, not UTF-8, not
TOML); :func:`write_toml` writes a codebook mapping (the standard library only reads
TOML) atomically, so that an error leaves an existing file intact.
:mod:`tracktr.survey._codebook` builds the questions from what is read.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tracktr._atomic import atomic_write_text
from tracktr.exceptions import CodebookError

__all__ = ["read_toml", "write_toml"]


def read_toml(path: str | Path) -> dict[str, Any]:
    """Read a TOML codebook; a syntax error names the file.

    Examples
    --------
    >>> import tracktr as tt
    >>> from tracktr.survey import read_toml
    >>> path = tt.surveys.path("tracktr_2015")
    >>> read_toml(path)["respondent_id"]
    'respondent_id'
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        msg = f"{path}: no such codebook file.\n\nHint: check the path."
        raise CodebookError(msg) from error
    except IsADirectoryError as error:
        msg = f"{path} is a directory, not a codebook.\n\nHint: give the path of the .toml file."
        raise CodebookError(msg) from error
    except OSError as error:
        msg = f"{path}: the codebook cannot be read ({error.strerror or error})."
        raise CodebookError(msg) from error
    if raw.startswith(b"PK\x03\x04"):  # a zip archive: an Excel workbook, most often
        msg = (
            f"{path}: the codebook is a zip archive (an Excel workbook?), not TOML text.\n\n"
            "Hint: a codebook is a .toml file; tt.io.read_platform_export drafts one from "
            "a survey platform's export (its .survey), which survey.to_toml() writes."
        )
        raise CodebookError(msg)
    try:
        text = raw.decode("utf-8-sig")  # TOML is UTF-8; a byte-order mark is harmless
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        msg = (
            f"{path}: the codebook is not UTF-8 text (byte {raw[error.start]:#04x} on line "
            f"{line}).\n\nHint: TOML files must be UTF-8; re-save it as UTF-8 (a Windows editor "
            "may have saved it as cp1252/'ANSI')."
        )
        raise CodebookError(msg) from error
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        msg = (
            f"{path}: the codebook is not valid TOML: {error}.\n\n"
            "Hint: check the quoting and brackets on that line."
        )
        raise CodebookError(msg) from error


# --- writing TOML (the standard library only reads it) ---------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    msg = f"cannot write {value!r} to TOML"
    raise TypeError(msg)


def _toml_key(key: str) -> str:
    if key and all(c.isalnum() or c in "_-" for c in key) and key.isascii():
        return key
    return json.dumps(key, ensure_ascii=False)


def _toml_array(name: str, values: list[Any]) -> list[str]:
    if not values or any(isinstance(v, Mapping | list) for v in values):
        lines = [f"{name} = ["]
        lines.extend(f"  {_toml_value(v)}," for v in values)
        lines.append("]")
        return lines
    return [f"{name} = {_toml_value(values)}"]


def write_toml(data: Mapping[str, Any], path: str | Path) -> None:  # noqa: PLR0912  (one branch per TOML form)
    """Write a codebook mapping as TOML: scalars, a ``[missing]`` table, ``[[questions]]``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from tracktr.survey import read_toml, write_toml
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.toml"
    >>> write_toml({"title": "T", "questions": [{"id": "q", "type": "text", "text": "Q?"}]}, path)
    >>> read_toml(path)["questions"][0]["id"]
    'q'
    """
    lines: list[str] = []
    tables: list[tuple[str, Mapping[str, Any]]] = []
    arrays: list[tuple[str, list[Mapping[str, Any]]]] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            arrays.append((key, value))
        elif isinstance(value, list):
            lines.extend(_toml_array(_toml_key(key), value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, table in tables:
        lines.extend(["", f"[{_toml_key(key)}]"])
        for name, value in table.items():
            if isinstance(value, list):
                lines.extend(_toml_array(_toml_key(name), value))
            else:
                lines.append(f"{_toml_key(name)} = {_toml_value(value)}")
    for key, entries in arrays:
        for entry in entries:
            lines.extend(["", f"[[{_toml_key(key)}]]"])
            for name, value in entry.items():
                if isinstance(value, list):
                    lines.extend(_toml_array(_toml_key(name), value))
                else:
                    lines.append(f"{_toml_key(name)} = {_toml_value(value)}")
    # Atomic: an error (a character UTF-8 cannot hold) leaves an existing codebook intact.
    atomic_write_text(path, "\n".join(lines) + "\n", encoding="utf-8")

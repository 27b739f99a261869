"""Atomic file writes: the one path every writer of tracktr goes through.

A writer writes into a temporary file beside its target and renames it into place only
once the whole file is written, so an error (a character the encoding cannot hold, a full
disk, an interrupted run) never leaves a partial or emptied file behind, nor a temporary
file. It lives below :mod:`tracktr.survey` and :mod:`tracktr.io` because both write files
(``Survey.to_toml`` and every export).

What a user expects of "overwrite this file" is kept: a replaced file keeps its
permissions (a temporary file is created private, 0600), a symbolic link is written
through to its target rather than replaced by a regular file, and a file the user made
read-only is not replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tracktr.exceptions import WriteError

__all__ = ["atomic_path", "atomic_write_text"]


def _umask() -> int:
    # The only portable way to read the umask is to set it and put it back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target(path: str | os.PathLike[str]) -> Path:
    """Return the file to replace, a symlink's target; refuse folders, devices, read-only files."""
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    where = str(path)
    if target.is_dir():
        msg = (
            f"{where!r} is a directory; cannot write a file there.\n\n"
            "Hint: give a file name inside it, e.g. 'tables.xlsx'."
        )
        raise WriteError(msg, path=where)
    if target.exists() and not target.is_file():
        # A device or a pipe (-o /dev/null, a link to /dev/full): renaming a whole file
        # over it replaced the device itself with a regular file (run as root).
        msg = (
            f"{where!r} is not a regular file (a device, pipe or socket); tracktr writes "
            "whole files and would replace it.\n\n"
            "Hint: give the path of a file to create or overwrite."
        )
        raise WriteError(msg, path=where)
    parent = target.parent if str(target.parent) else Path()
    if not parent.is_dir():
        msg = (
            f"{where!r}: the folder {str(parent)!r} does not exist.\n\n"
            "Hint: create the folder first, or check the path."
        )
        raise WriteError(msg, path=where)
    # No write bit at all counts as read-only even for root, whom os.access always lets write.
    if target.exists() and (
        not stat.S_IMODE(target.stat().st_mode) & 0o222 or not os.access(target, os.W_OK)
    ):
        msg = (
            f"{where!r} is read-only; it was not replaced.\n\n"
            "Hint: make it writable (chmod u+w) or write to another file."
        )
        raise WriteError(msg, path=where)
    return target


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; when the block succeeds, rename it over `path`.

    On any error the temporary file is removed and `path` is left as it was. A replaced
    file keeps its permission bits; a new one gets the usual ``0666`` less the umask; a
    symbolic link is written through.

    Raises
    ------
    tracktr.WriteError
        If `path` is a directory, a device or pipe, read-only, in a folder that does not
        exist or cannot be written (the message names the file).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from tracktr._atomic import atomic_path
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(path) as temporary:
    ...     _ = temporary.write_text("done", encoding="utf-8")
    >>> path.read_text(encoding="utf-8")
    'done'
    """
    target = _target(path)
    where = str(path)
    directory = target.parent if str(target.parent) else Path()
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=f".tmp{target.suffix}", dir=directory
        )
    except OSError as error:
        msg = (
            f"{where!r}: cannot write in {str(directory)!r} ({error.strerror or error}).\n\n"
            "Hint: check that the folder is writable and the disk is not full."
        )
        raise WriteError(msg, path=where) from error
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
        temporary.chmod(mode)
        temporary.replace(target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError) and not isinstance(error, WriteError):
            msg = f"{where!r}: could not be written ({error.strerror or error})."
            raise WriteError(msg, path=where) from error
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    r"""Write `text` to `path` atomically; an encoding error leaves `path` as it was.

    Raises
    ------
    tracktr.WriteError
        If `text` holds a character `encoding` cannot write (the message names it and its
        position), or the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from tracktr._atomic import atomic_write_text
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "codebook.toml"
    >>> atomic_write_text(path, 'title = "Members"\n')
    >>> atomic_write_text(path, "bad \udc80")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.WriteError: '...codebook.toml': cannot be written as utf-8: ...
    >>> path.read_text(encoding="utf-8")
    'title = "Members"\n'
    """
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        line = text.count("\n", 0, error.start) + 1
        msg = (
            f"{str(path)!r}: cannot be written as {encoding}: {bad!r} on line {line} "
            f"({error.reason}); the file was left as it was.\n\n"
            "Hint: remove or replace that character in the text being written."
        )
        raise WriteError(msg, path=str(path)) from error
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)

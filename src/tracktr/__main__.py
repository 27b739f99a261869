"""``python -m tracktr``: the ``tracktr`` command where its script is not on the ``PATH``.

A virtual environment that is not activated, or a user install whose scripts folder the
shell does not search, has tracktr but no ``tracktr`` command; ``python -m tracktr
reproduce`` runs the same :func:`tracktr.cli.main`, and exits as the script does.
"""

from __future__ import annotations

import sys

from tracktr.cli import _process_main

if __name__ == "__main__":  # imported (pydoc, doctest collection): define, do not run
    sys.exit(_process_main())

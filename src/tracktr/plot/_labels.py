"""What the charts write: exact shares, labels rounded by the table's rule, bases, titles."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from tracktr.exceptions import InvalidOptionError
from tracktr.missing import is_dont_know
from tracktr.plot._figure import _WRAP_LABEL, _WRAP_TITLE, _fill
from tracktr.rounding import format_percent
from tracktr.table import Table
from tracktr.typing import BarOrder, check_choice


def _fraction(value: Any) -> Fraction:
    """Read a count or base exactly: integers as they are, floats from their decimal repr."""
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    return Fraction(repr(float(value)))


def _defined(base: Any) -> bool:
    number = float(base)
    return bool(np.isfinite(number) and number > 0)


def _share(count: Any, base: Any) -> float:
    """Return the exact share in percent, as a float for drawing (never for display)."""
    if not _defined(base):
        return float("nan")
    return float(_fraction(count) * 100 / _fraction(base))


def _label(table: Table, count: Any, base: Any, shown: float) -> str:
    """Label a percentage through the table's rule, equal to ``table.percentages()``.

    `shown` is the table's rounded percentage; the exact share is formatted by the same
    rule so that a share above zero that rounds to zero reads "<1%", as in the report.
    """
    if not _defined(base) or np.isnan(shown):
        return "n/a"
    if table.rule == "largest_remainder":
        # Rounded over the whole partition by the table; `shown` already is that value.
        return format_percent(shown, decimals=table.decimals, small=False, large=False)
    exact = _fraction(count) * 100 / _fraction(base)
    return format_percent(exact, decimals=table.decimals, rule=table.rule)


def _n(table: Table) -> pd.Series:
    return table.respondent_bases


def _fmt_n(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number == int(number) else f"{number:g}"


def _base_text(table: Table, label: Any) -> str:
    n = _n(table)[label]
    text = f"n={_fmt_n(n)}"
    if bool(table.small_bases[label]):
        text += ", small base"
    return text


def _title(table: Table, title: str | None, base: str | None, *, chars: int = _WRAP_TITLE) -> str:
    """Return the title, wrapped at `chars` characters (at most 70), then the base line."""
    text = title if title is not None else (table.title or table.question)
    lines = _fill(str(text), max(10, min(_WRAP_TITLE, chars))).split("\n") if text else []
    if base:
        line = base if "small" not in base else f"{base}: read with care"
        lines += _fill(line, max(10, min(_WRAP_TITLE, chars))).split("\n")
    return "\n".join(lines)


def _wrap(label: Any, chars: int = _WRAP_LABEL) -> str:
    """Wrap an option name at `chars` characters, keeping the line breaks it has."""
    return _fill(str(label), chars) or str(label)


def _normal(label: Any) -> str:
    return str(label).replace("\u2019", "'").strip().casefold()


def _is_dont_know(label: Any, dont_know: Sequence[str]) -> bool:
    return is_dont_know(label, dont_know)


def _order(
    labels: Sequence[Any], sizes: Sequence[float], sort: str, dont_know: Sequence[str]
) -> list[int]:
    """Positions in display order (top first); "don't know" options always come last."""
    check_choice(sort, BarOrder, name="sort")
    positions = list(range(len(labels)))
    if sort == "size":
        positions.sort(key=lambda i: -sizes[i] if np.isfinite(sizes[i]) else np.inf)
    return [i for i in positions if not _is_dont_know(labels[i], dont_know)] + [
        i for i in positions if _is_dont_know(labels[i], dont_know)
    ]


def _single_column(table: Table, column: Any, caller: str) -> Any:
    if table.percent_axis != "columns":
        msg = (
            f"plot.{caller}() draws the options of a question, but table {table.question!r} "
            "holds the items of a grid (percentages along rows)."
        )
        raise InvalidOptionError(f"{msg}\n\nHint: draw a grid with plot.likert(table).")
    columns = list(table.counts.columns)
    if column is None:
        if len(columns) != 1:
            msg = f"table {table.question!r} has {len(columns)} columns {columns}."
            hint = (
                "Hint: pass column=... to draw one of them, or plot.compare(table) to "
                "draw them side by side."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        return columns[0]
    if column not in columns:
        msg = f"table {table.question!r} has no column {column!r}; its columns are {columns}."
        raise InvalidOptionError(msg)
    return column

"""What the charts write: exact shares, labels rounded by the table's rule, bases, titles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tracktr._table_text import rounding_sum_note, rule_note, short_of_base_note
from tracktr._text import label_text
from tracktr.exceptions import InvalidDataError, InvalidOptionError
from tracktr.missing import DONT_KNOW, is_dont_know
from tracktr.plot._figure import _WRAP_LABEL, _WRAP_TITLE, _fill
from tracktr.rounding import format_percent
from tracktr.table import Table
from tracktr.typing import BarOrder, check_choice

if TYPE_CHECKING:
    from tracktr.survey import Survey

# Words questionnaires use for an answer that is off the scale. A scale point that says one
# of them but is not named a "don't know" option would be counted on a side of the scale.
_OFF_SCALE_WORDS = re.compile(
    r"\b(don.?t know|do not know|not sure|unsure|can.?t say|cannot say|no opinion|"
    r"prefer not to (say|answer)|not applicable|n/a|no answer|refused|dk)\b",
    re.IGNORECASE,
)


def _require_table(value: object, caller: str) -> Table:
    """Return `value` if it is a Table; else raise, saying what to pass instead.

    A protected table that hides nothing is drawn as its table: every number a chart
    shows of it is published.
    """
    if isinstance(value, Table):
        return value
    published = _fully_published(value)
    if published is not None:
        return published
    msg = f"plot.{caller}() draws a tracktr.Table; got a {type(value).__name__}."
    raise InvalidDataError(f"{msg}\n\nHint: {_instead(value)}")


def _fully_published(value: object) -> Table | None:
    """Return the table of a protected table that hides no number, else None."""
    from tracktr.disclosure import Suppression

    if not isinstance(value, Suppression):
        return None
    if value.suppressed.to_numpy().any() or value.suppressed_bases.to_numpy().any():
        return None
    return value.table


def _instead(value: object) -> str:
    """Say what to draw in place of `value` (the hint of :func:`_require_table`)."""
    from tracktr._tabbook_book import TabBookSection
    from tracktr.compare import GroupComparison
    from tracktr.disclosure import Suppression

    if isinstance(value, Suppression):
        # Never drawn: a bar's length, the axis's reach, a side's total or a net would each
        # give away the counts the protection hides.
        return (
            "a protected table that hides numbers is published as a table "
            "(tt.io.write_report), never drawn: a chart would show the counts it has hidden, "
            "and so would a chart of its `.table`, the table before protection. To chart "
            "the question, merge its small options (tt.recode.collapse) until "
            "tt.disclosure.protect() hides nothing in it, and draw what protect() returns."
        )
    if isinstance(value, GroupComparison):
        return "draw the table it compares, `result.table` (plot.compare(result.table))."
    if isinstance(value, TabBookSection):
        return (
            "a tab book section is a printed page; draw the question's table, such as "
            "tt.frequencies(data, question, by=...) returns."
        )
    if isinstance(value, pd.DataFrame | pd.Series):
        return (
            "make a table of the counts, tt.Table(counts=..., bases=...), or count the "
            "answers with tt.frequencies(data, question)."
        )
    return "count the answers with tt.frequencies(data, question) (or tt.crosstab, tt.grid)."


def _dont_know_options(
    table: Table, dont_know: Sequence[str] | None, survey: Survey | None
) -> tuple[str, ...]:
    """Return the options outside the scale: those named, and the codebook's for the question.

    Without either, the default ("Don't know",) of tracktr.missing.
    """
    named = DONT_KNOW if dont_know is None and survey is None else tuple(dont_know or ())
    coded = () if survey is None else survey.question(table.question).dont_know
    return tuple(dict.fromkeys([*named, *coded]))


def _reads_off_scale(label: Any) -> bool:
    """Whether an option's words say it is off the scale ("Not sure", "N/A", "Refused")."""
    return _OFF_SCALE_WORDS.search(str(label).replace("\u2019", "'")) is not None


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


def _base_line(table: Table, label: Any, *, named: bool = False) -> str:
    """Return the base line under a title: "n=104", or "CRC (n=34)" when `named`.

    A small base adds "read with care", as the table's notes do.
    """
    text = _base_text(table, label)
    if named:
        text = f"{label_text(label)} ({text})"
    return f"{text}: read with care" if bool(table.small_bases[label]) else text


TOTALS_NOTE = "Side totals are rounded from the counts, so may differ from the sum of the segments."
"""The note of a Likert chart one of whose side totals is not the sum of its segments."""


def _adds_up(table: Table, label: Any) -> bool:
    """Whether the counts of column (or row, of row percentages) `label` sum to its base."""
    counts = table.counts[label] if table.percent_axis == "columns" else table.counts.loc[label]
    return sum(map(_fraction, counts), Fraction(0)) == _fraction(table.bases[label])


def _rounding_notes(table: Table, labels: Sequence[Any]) -> tuple[str, ...]:
    """Return the table's notes on rounding that a chart of its `labels` carries.

    The rule, when it is not the default half-up, and for each drawn column (or row, of
    row percentages) whose displayed percentages do not sum to 100, the table's own note
    saying so ("Percentages of All sum to 99, not 100, because of rounding."): a chart
    read without its table says what its table says. A column whose counts do not add up
    to its base (a table built from some of a question's options) misses 100 for that
    reason, not rounding: the chart says so in the table's words, as its notes do.
    """
    notes = [] if table.rule == "half_up" else [rule_note(table.rule, table.decimals)]
    totals = table.rounding_totals()  # empty unless the table is a partition
    said = set(table.notes) if len(totals) else set()
    for label in labels:
        short = short_of_base_note(label)
        if short in said:  # the table's own judgement (summary rows and all)
            notes.append(short)
            continue
        if label not in totals.index or not _adds_up(table, label):
            continue
        total = float(totals[label])
        note = rounding_sum_note(label, total, table.decimals)
        notes += [note] if note else []
    return tuple(notes)


def _title(
    table: Table,
    title: str | None,
    base: str | None,
    *,
    notes: Sequence[str] = (),
    chars: int = _WRAP_TITLE,
) -> str:
    """Return the title, wrapped at `chars` characters (at most 70), the base line, the notes.

    A weighted table's base line says so: its n is respondents, its percentages weighted
    (as the table's notes say), and a reader must not take one for the other. Each of
    `notes` starts a line of its own after the base line.
    """
    text = title if title is not None else (table.title or table.question)
    lines = _fill(str(text), max(10, min(_WRAP_TITLE, chars))).split("\n") if text else []
    line = base or ""
    if table.weighted:
        line = f"{line}; percentages are weighted" if line else "Percentages are weighted"
    for text in (line, *notes):
        if text:
            lines += _fill(text, max(10, min(_WRAP_TITLE, chars))).split("\n")
    return "\n".join(lines)


def _wrap(label: Any, chars: int = _WRAP_LABEL) -> str:
    """Wrap an option name at `chars` characters, keeping the line breaks it has.

    A stacked banner's (banner, group) reads "banner: group", as every export prints it.
    """
    text = label_text(label)
    return _fill(text, chars) or text


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

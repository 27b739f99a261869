"""The figures file: a report's printed figures, one a row, in CSV or TOML.

A person fills it in from any report: where each figure is printed, what it is about, the
value as printed and its kind, and the links between figures ("this sentence restates that
row of Table 2"). :func:`read_figures` reads and validates it; :class:`FiguresFile` holds it
and writes it back in either format.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import math
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from os import PathLike
from pathlib import Path
from typing import Any, get_args

import pandas as pd

from tracktr.exceptions import ReadError, ReferenceNotFoundError
from tracktr.reference._csv import (
    _csv_cell,
    _refuse_ragged,
    may_hold_neutralised,
    neutralised,
    restored,
)
from tracktr.reference._figures import (
    FIGURE_KINDS,
    Figure,
    _describe_reference,
    _parse_reference,
)
from tracktr.reference._spellings import _refused_column, _refused_number, _refused_whole
from tracktr.reference._tables import PublishedTable

# tracktr.cli reads _PRINTED_NUMBER from this module: re-exported with `as`.
from tracktr.reference._vocabulary import _PRINTED_NUMBER as _PRINTED_NUMBER  # noqa: PLC0414
from tracktr.reference._vocabulary import _QUALIFIERS, FILE_COLUMNS, _qualifier_word
from tracktr.rounding import MAX_DECIMALS
from tracktr.typing import RoundingRule

__all__ = ["FILE_COLUMNS", "FiguresFile", "read_figures"]

_LINKS = ("restates", "numerator", "denominator")
_PERCENT_KINDS = ("percent", "cell", "average")
# The kinds whose `value` is read to the decimals typed: a percentage as printed (a count's
# or a share's value is the percentage printed with it; an external's may be one).
_TYPED_DECIMALS = (*_PERCENT_KINDS, "count", "share", "external")
_COMMON = frozenset(FILE_COLUMNS[:8]) | {"claim", "wording", "also_in", "note"}
# What each kind needs, and what else it may carry; anything else is a mistake in the file.
_REQUIRED: dict[str, tuple[str, ...]] = {
    "percent": ("value",),
    "count": ("count|value",),
    "base": (),
    "share": ("phrase",),
    "ratio": ("value", "numerator", "denominator"),
    "list": ("values",),
    "distribution": ("parts|table",),
    "sum": ("parts", "of"),
    "subset": ("parts", "of", "base"),
    "table": ("axis",),
    "cell": ("table", "row", "column", "value"),
    "average": ("table", "row", "column", "value"),
    "amount": (),
    "external": (),
    "quote": (),
}
_ALLOWED: dict[str, frozenset[str]] = {
    kind: _COMMON | set(fields.split())
    for kind, fields in {
        "percent": "value decimals base phrase restates rule",
        "count": "count value decimals base qualifier restates rule",
        "base": "base value",
        "share": "phrase count base value decimals restates rule",
        "ratio": "value decimals qualifier numerator denominator",
        "list": "values count restates",
        "distribution": "parts base complete table row decimals rule",
        "sum": "parts of",
        "subset": "parts of base",
        "table": "axis complete base decimals rule",
        "cell": "table row column value decimals count base rule",
        "average": "table row column value decimals",
        "amount": "value qualifier",
        "external": "value count base decimals qualifier restates",
        "quote": "value",
    }.items()
}
_TRUE = ("yes", "true", "1", "y")
_FALSE = ("no", "false", "0", "n")


def _where(origin: str, line: int) -> str:
    return f"entry {line}" if origin == "toml" else f"row {line}"


class _Problems:
    """Collects every problem of a file, so that one error lists them all."""

    def __init__(self, name: str, origin: str) -> None:
        self.name = name
        self.origin = origin
        self.found: list[str] = []

    def add(self, line: int, ident: str, text: str) -> None:
        label = f" ({ident!r})" if ident else ""
        self.found.append(f"{_where(self.origin, line)}{label}: {text}")

    def raise_if_any(self) -> None:
        if not self.found:
            return
        shown = "\n".join(f"- {p}" for p in self.found[:20])
        more = f"\n... and {len(self.found) - 20} more." if len(self.found) > 20 else ""
        rows = "rows count the header as row 1" if self.origin == "csv" else "entries from 1"
        msg = (
            f"{self.name}: {len(self.found)} problem(s) in the figures file ({rows}):\n"
            f"{shown}{more}\n\n"
            "Hint: the guide 'Checking a report before you publish it' lists the fields each "
            "kind of figure takes; tt.reference.path('template') is a file to start from."
        )
        raise ReadError(msg, path=self.name, mismatches=tuple(self.found))


def _blank(value: object) -> bool:
    if type(value) is str:  # most cells: tested first
        return not value.strip()
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: object) -> str:
    if type(value) is str:
        return value.strip()
    return "" if _blank(value) else str(value).strip()


_NOT_PRINTED = frozenset(
    {"[c]", "c", "[x]", "x", "[z]", "z", "[low]", "*", "**", "..", "...", "-", "–", "—",
     "n/a", "na", "<5", "suppressed"}
)  # fmt: skip
"""Marks reports print for a suppressed or unavailable figure (ONS's [c], [x], ...)."""


def _number(raw: object, name: str, add: Any) -> float | None:
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        add(f"{name} {raw!r} is not a number")
        return None
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip().removesuffix("%").strip()
    try:
        # Digits as a report prints them: float() also reads "10_0" as 100, "1e1" as 10
        # and "٣٠" (Arabic-Indic digits) as 30, none of them a printed figure.
        if not _PRINTED_NUMBER.fullmatch(text):
            raise ValueError(text)
        number = float(text)
    except ValueError:
        hint = ""
        if _reads_as_float(text):
            hint = _AS_PRINTED
        if "," in text or "_" in text:
            hint = " (write 12.5 with a point, and no thousands separators)"
        if text[:1] in "<>":
            hint = (
                " (a bound such as '<1%' is not a printed number: leave its row out, and "
                "`complete` blank on its table or distribution; give the `count` instead if "
                "the report prints one)"
            )
        if text.lower() in _NOT_PRINTED:
            hint = (
                " (a figure the report marks as suppressed or not available: leave its row "
                "out, and `complete` blank on its table or distribution, whose printed "
                "cells then no longer share out the base)"
            )
        shown = str(raw).strip()
        if name and hint in ("", _AS_PRINTED):  # a usual spelling: what to write instead
            hint = _refused_number(name, shown, hint)
        add(f"{name} {shown!r} is not a number{hint}")
        return None
    if not math.isfinite(number):
        shown = str(raw).strip()
        add(f"{name} {shown!r} is not a number{_refused_number(name, shown, '') if name else ''}")
        return None
    return number


_AS_PRINTED = " (type the figure as the report prints it: digits 0-9 and a point)"
"""The reader's hint for a cell Python reads as a number but a report does not print."""


def _reads_as_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# The largest whole number every smaller one of which a float holds exactly.
_LARGEST_WHOLE = 2.0**53


def _integer(raw: object, name: str, add: Any) -> int | None:
    number = _number(raw, name, add)
    if number is None:
        return None
    if number != int(number):
        add(f"{name} {number:g} is not a whole number{_refused_whole(name)}")
        return None
    if abs(number) > _LARGEST_WHOLE:
        # Read as a float, a larger number may not be the one typed (2**53 + 1 is not).
        add(f"{name} {number:g} is too large for a number of respondents")
        return None
    return int(number)


def _decimals_of(raw: object) -> int:
    # "12.5" typed in a spreadsheet is a percentage printed with one decimal, and "13.0"
    # one printed with one decimal too: the digits typed count, trailing zeros included.
    # A number (a frame read with pandas' defaults) keeps the digits after the point but
    # its trailing zeros: 12.5 has one, 13.0 none (read as 0 decimals, it was refused with
    # a hint about a `decimals=` argument that does not exist).
    if isinstance(raw, float) and math.isfinite(raw) and not raw.is_integer():
        raw = str(float(raw))  # the shortest text that reads back as the number
    if not isinstance(raw, str):
        return 0
    try:
        exponent = Decimal(raw.strip().removesuffix("%").strip()).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_COMMA_LIST = re.compile(r"[-\d.%\s]+(?:,\s+[-\d.%\s]+)+")
"""Numbers joined by ", " ("7, 20, 30"): a list typed with commas, not a decimal comma."""


def _list_item(raw: str, column: str, add: Any) -> float | None:
    """Read one item of a `;`-separated list as `value` reads a number, or say what is wrong.

    Beyond the `value` column's diagnosis (decimal commas, U+2212, bounds), an item that
    is several numbers joined by commas is the list typed with the wrong separator.
    """
    if _COMMA_LIST.fullmatch(raw):
        fixed = "; ".join(part.strip() for part in raw.split(","))
        add(
            f"{column} item {raw!r} is not a number: the items of {column} are separated by "
            f"';', not ',': write {fixed!r}"
        )
        return None
    return _number(raw, f"{column} item", add)


def _looks_numeric(text: str) -> bool:
    """Whether a `parts` item was meant as a printed number rather than a figure's id."""
    # An id may start with a digit ("2016_total"); a printed number holds no letter.
    numeric = text[:1] in "0123456789-\u2212<>+." and not any(ch.isalpha() for ch in text)
    return numeric or text.lower() in _NOT_PRINTED


def _split(raw: object) -> list[str]:
    if _blank(raw):
        return []
    if isinstance(raw, list | tuple):
        return [str(v).strip() for v in raw if not _blank(v)]
    return [part.strip() for part in str(raw).split(";") if part.strip()]


def _parts(raw: object) -> tuple[tuple[str, str], ...]:
    out = []
    for item in _split(raw):
        label, sep, ref = item.rpartition("=")
        out.append((label.strip(), ref.strip()) if sep else ("", item.strip()))
    return tuple(out)


def _flag(raw: object, add: Any) -> bool | None:
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    add(f"complete {str(raw).strip()!r} is not yes or no")
    return None


def _cell_id(table: str, row: str, column: str) -> str:
    return f"{table}[{column}]: {row}"


def _figure(  # noqa: PLR0912, PLR0915  (one check per field of a row)
    record: Mapping[str, Any], line: int, problems: _Problems
) -> Figure | None:
    """Build one figure from one row of the file, noting what is wrong with it."""
    ident = _text(record.get("id"))
    kind = _text(record.get("kind")).lower()

    def add(text: str) -> None:
        problems.add(line, ident, text)

    if kind not in FIGURE_KINDS:
        listed = ", ".join(FIGURE_KINDS)
        close = difflib.get_close_matches(kind, list(FIGURE_KINDS), n=1)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        add(f"kind {kind!r} is not a kind of figure{guess}; the kinds are {listed}")
        return None
    # A text cell is present when it is not blank; the test inlined for the common case.
    present = {
        name
        for name in FILE_COLUMNS
        if (bool(value.strip()) if type(value := record.get(name)) is str else not _blank(value))
    }
    if not ident and kind not in ("cell", "average"):
        add(f"a {kind} needs an id, so that other figures can link to it")
    if any(ch in ident for ch in "+;=[]"):
        add(f"the id {ident!r} holds one of + ; = [ ], which links use to join and name ids")
    for need in _REQUIRED[kind]:
        if not any(n in present for n in need.split("|")):
            names = " or ".join(need.split("|"))
            add(f"a {kind} needs a {names} ({FIGURE_KINDS[kind]})")
    extra = sorted(present - _ALLOWED[kind])
    if extra:
        add(
            f"a {kind} has no {', '.join(extra)} ({FIGURE_KINDS[kind]}); "
            "is the kind right, or is the value in the wrong column?"
        )
    value = _number(record.get("value"), "value", add)
    count = _integer(record.get("count"), "count", add)
    base = _integer(record.get("base"), "base", add)
    decimals = _integer(record.get("decimals"), "decimals", add)
    if decimals is None:
        decimals = _decimals_of(record.get("value")) if kind in _TYPED_DECIMALS else 0
        if decimals > MAX_DECIMALS:
            add(
                f"value {_text(record.get('value'))} has {decimals} decimal places; a "
                f"percentage is checked to at most {MAX_DECIMALS} (type it as printed)"
            )
    elif not 0 <= decimals <= MAX_DECIMALS:
        add(
            f"decimals {decimals} is not between 0 and {MAX_DECIMALS} (a percentage is "
            f"checked to at most {MAX_DECIMALS} decimal places)"
        )
    if kind == "base":
        if value is not None and base is None and value == int(value):
            base = int(value)
        elif value is not None and base is not None and value != base:
            add(f"a base prints one number, but value is {value:g} and base {base}")
        value = None if base is None else float(base)
    if kind in _PERCENT_KINDS and value is not None and not 0 <= value <= 100:
        add(f"the percentage {value:g} is not between 0 and 100")
    if kind == "ratio" and value is not None and value <= 0:
        add(f"the ratio {value:g} is not above 0")
    if base is not None and base <= 0:
        add(f"a base of {base}: a share of no respondents cannot be printed")
    if count is not None and count < 0:
        add(f"the count {count} is negative")
    if count is not None and base is not None and base > 0 and count > base and kind != "list":
        add(f"the count {count} is more than its base {base}")
    values: list[float] = []
    for item in _split(record.get("values")):
        number = _list_item(item, "values", add)
        if number is not None:
            values.append(number)
            if not 0 <= number <= 100:
                add(f"the percentage {number:g} in values is not between 0 and 100")
    qualifier = _text(record.get("qualifier"))
    if (
        kind in ("external", "count")
        and qualifier
        and _qualifier_word(qualifier) not in _QUALIFIERS
    ):
        known = ", ".join(sorted(_QUALIFIERS))
        add(f"qualifier {qualifier!r} is not one tracktr reads for a {kind} figure: {known}")
    rule = _text(record.get("rule"))
    if rule and rule not in get_args(RoundingRule):
        add(f"rule {rule!r} is not a rounding rule: {', '.join(get_args(RoundingRule))}")
    axis = _text(record.get("axis")).lower()
    if axis and axis not in ("rows", "columns"):
        add(f"axis {axis!r} is neither 'rows' nor 'columns'")
    table, row, column = (_text(record.get(name)) for name in ("table", "row", "column"))
    if not ident and kind in ("cell", "average"):
        ident = _cell_id(table, row, column)
    links = {
        name: _parse_reference(_text(record.get(name)), several=name != "restates")
        for name in _LINKS
    }
    return Figure(
        figure=ident,
        kind=kind,  # type: ignore[arg-type]
        section=_text(record.get("section")),
        source=_text(record.get("source")),
        page=_text(record.get("page")),
        question=_text(record.get("question")),
        option=_text(record.get("option")),
        group=_text(record.get("group")),
        value=value,
        phrase=_text(record.get("phrase")),
        count=count,
        base=base,
        decimals=decimals,
        values=tuple(values),
        qualifier=qualifier,
        claim=_text(record.get("claim")),
        wording=_text(record.get("wording")),
        restates=links["restates"],
        numerator=links["numerator"],
        denominator=links["denominator"],
        also_in=_text(record.get("also_in")),
        note=_text(record.get("note")),
        table=table,
        row=row,
        column=column,
        parts=_parts(record.get("parts")),
        complete=_flag(record.get("complete"), add),
        axis=axis,
        of=_text(record.get("of")),
        rule=rule,
        line=line,
    )


def _check_links(  # noqa: PLR0912, PLR0915  (one branch per kind of link)
    figures: list[Figure], problems: _Problems
) -> None:
    """Every link names a figure, table, row or column that the file holds."""
    by_id: dict[str, Figure] = {}
    for f in figures:
        if f.figure in by_id:
            first = _where(problems.origin, by_id[f.figure].line)
            what = "cell" if f.kind in ("cell", "average") else "id"
            problems.add(f.line, f.figure, f"the same {what} as {first}")
        else:
            by_id[f.figure] = f
    tables = {f.figure for f in figures if f.kind == "table"}
    cells: dict[str, tuple[set[str], set[str]]] = {t: (set(), set()) for t in tables}
    listed: set[tuple[str, str, str]] = set()  # (table, row, column) of each cell given
    for f in figures:
        if f.kind in ("cell", "average") and f.table in cells:
            cells[f.table][0].add(f.row)
            cells[f.table][1].add(f.column)
            listed.add((f.table, f.row, f.column))

    for f in figures:
        if f.kind == "table" and f.complete and f.figure in cells:
            rows, columns = cells[f.figure]
            gaps = sorted(
                f"{c}: {r}" for r in rows for c in columns if (f.figure, r, c) not in listed
            )
            if gaps:  # the checks would share out each base over a cell it does not have
                problems.add(
                    f.line,
                    f.figure,
                    f"is complete, but the file lists no cell {gaps[:5]}: list every cell, "
                    "or leave `complete` blank where the report suppresses some",
                )

    def missing(f: Figure, name: str, what: str, known: set[str] | dict[str, Figure]) -> None:
        close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
        guess = f"; close: {', '.join(repr(c) for c in close)}" if close else ""
        problems.add(f.line, f.figure, f"links to {what} {name!r}, which is not in the file{guess}")

    def figure_link(f: Figure, name: str) -> None:
        if name not in by_id:
            missing(f, name, "figure", by_id)
        elif f.figure and name == f.figure:  # a ratio of a figure to itself checks nothing
            problems.add(f.line, f.figure, "links to itself; link it to another figure")

    for f in figures:
        if f.kind in ("cell", "average", "distribution") and f.table:
            if f.table not in tables:
                missing(f, f.table, "table", tables)
            elif f.row and f.row not in cells[f.table][0]:
                missing(f, f.row, f"a row of {f.table}:", cells[f.table][0])
        for name in _LINKS:
            ref = getattr(f, name)
            if not ref:
                continue
            if "table" in ref:
                if ref["table"] not in tables:
                    missing(f, ref["table"], "table", tables)
                    continue
                rows, columns = cells[ref["table"]]
                for r in ref["rows"]:
                    if r not in rows:
                        missing(f, r, f"a row of {ref['table']}:", rows)
                for c in ref["columns"]:
                    if c not in columns:
                        missing(f, c, f"a column of {ref['table']}:", columns)
                absent = [
                    f"{c}: {r}"
                    for r in ref["rows"]
                    for c in ref["columns"]
                    if r in rows and c in columns and (ref["table"], r, c) not in listed
                ]
                if absent:  # a row and a column listed, but not their cell (one suppressed?)
                    problems.add(
                        f.line,
                        f.figure,
                        f"{name} {ref['table']} cell(s) {absent}, which the file does not "
                        "list (a cell the report suppressed cannot be restated)",
                    )
                if not ref["rows"] or not ref["columns"]:
                    problems.add(
                        f.line, f.figure, f"{name} names no row or no column of {ref['table']}"
                    )
                continue
            for other in ref.get("figures", [ref.get("figure")]):
                figure_link(f, str(other))
        seen: set[str] = set()
        for _, ref in f.parts:
            number = _number(ref, "", lambda _: None)  # "55" or "55%", as `value` reads
            if number is None and ref not in by_id and _looks_numeric(ref):
                # A typo in a printed number ("50, 50", "1,5", "−0", "<1"), not a link.
                _list_item(ref, "parts", functools.partial(problems.add, f.line, f.figure))
                continue
            if number is None and ref in seen:
                # A part listed twice is counted twice: the report would be blamed for
                # percentages over 100 that only the file adds up ("33; 33; 33" are numbers,
                # three parts that print alike, and stay).
                problems.add(
                    f.line,
                    f.figure,
                    f"parts lists {ref!r} twice: each part is counted once; remove the "
                    "repeat, or write the id of the part it should be",
                )
                continue
            seen.add(ref)
            if number is None:
                figure_link(f, ref)
                _check_target(f, by_id.get(ref), problems)
            elif f.kind != "distribution":
                problems.add(f.line, f.figure, f"a {f.kind} adds up figures; {ref!r} is a number")
            elif not 0 <= number <= 100:
                problems.add(f.line, f.figure, f"the percentage {ref} is not between 0 and 100")
        if f.of:
            figure_link(f, f.of)
            _check_target(f, by_id.get(f.of), problems, of=True)
        if f.kind == "subset" and len(f.parts) != 1:
            problems.add(f.line, f.figure, "a subset names one count in parts")
        for name in ("numerator", "denominator"):
            ref = getattr(f, name)
            for other in (ref or {}).get("figures", []):
                _check_target(f, by_id.get(other), problems)


def _rule_words(rule: str) -> str:
    return repr(rule) if rule else "blank (half-up)"


def _check_tables(figures: list[Figure], problems: _Problems) -> None:
    """Every cell agrees with its table: its rule, its decimals, and the base it shares."""
    tables = {f.figure: f for f in figures if f.kind == "table"}
    shared: dict[tuple[str, str], Figure] = {}  # (table, row or column) -> first cell with a base
    for f in figures:
        spec = tables.get(f.table) if f.kind in ("cell", "distribution") else None
        if spec is None:
            continue
        where = _where(problems.origin, spec.line)
        # A table is checked as a whole, by its own rule: a cell's rule would be ignored.
        if f.rule and f.rule != (spec.rule or "half_up"):
            problems.add(
                f.line,
                f.figure,
                f"rule {f.rule!r} differs from the rule of its table {spec.figure!r} "
                f"({where}), which is {_rule_words(spec.rule)}: a table is checked by one "
                "rule; set `rule` on the table row and leave it blank on the table's other rows",
            )
        if f.kind != "cell":
            continue
        if f.decimals > spec.decimals:
            problems.add(
                f.line,
                f.figure,
                f"prints {f.decimals} decimal place(s), but its table {spec.figure!r} ({where}) "
                f"prints {spec.decimals}: set decimals = {f.decimals} on the table row",
            )
        if f.base is None:
            continue
        group, word = (f.row, "row") if spec.axis == "rows" else (f.column, "column")
        if spec.base is not None and f.base != spec.base:
            problems.add(
                f.line,
                f.figure,
                f"base {f.base} differs from the base {spec.base} of its table "
                f"{spec.figure!r} ({where}); the table's base is for the cells that print "
                "none: correct one of them, or leave the table's base blank",
            )
            continue
        first = shared.setdefault((spec.figure, group), f)
        if first.base != f.base:
            problems.add(
                f.line,
                f.figure,
                f"base {f.base} differs from base {first.base} of "
                f"{_where(problems.origin, first.line)} ({first.figure!r}), in the same {word} "
                f"{group!r} of table {spec.figure!r}, whose cells share one base (axis = "
                f"{spec.axis or 'columns'}): correct one of them, or check the table's axis",
            )


# What a check reads of the figures a row links to: (kind of row, "parts" or "of") ->
# the field the linked figure must print, and how to say it.
_TARGETS: dict[tuple[str, bool], tuple[str, str]] = {
    ("distribution", False): ("value", "prints no percentage (value)"),
    ("sum", False): ("count", "prints no count"),
    ("sum", True): ("base", "prints no base"),
    ("subset", False): ("count", "prints no count"),
    ("subset", True): ("phrase", "has no verbal share (phrase)"),
}


def _check_target(
    f: Figure, target: Figure | None, problems: _Problems, *, of: bool = False
) -> None:
    """Note a linked figure that does not print what the check of `f` reads of it."""
    if target is None:
        return  # already reported as a missing link
    if f.kind == "ratio":
        if target.kind == "base":
            problems.add(
                f.line,
                f.figure,
                f"a side of the ratio, {target.figure!r}, is a base (n={target.base}), not a "
                "share: link the ratio to the percentages (or counts with their bases) it "
                "compares",
            )
        elif target.value is None and (target.count is None or not target.base):
            problems.add(
                f.line,
                f.figure,
                f"a side of the ratio, {target.figure!r}, prints neither a value nor a count "
                "and base",
            )
        return
    need = _TARGETS.get((f.kind, of))
    # A base's value is its n=, not a percentage of it.
    missing = getattr(target, need[0]) in (None, "") if need is not None else False
    if need is not None and (missing or (need[0] == "value" and target.kind == "base")):
        problems.add(f.line, f.figure, f"links to {target.figure!r}, which {need[1]}")


def _header_problems(columns: list[str]) -> list[str]:
    """Return a header's blank and repeated names, by column number (the first is 1).

    Named as the file has them: pandas reads a repeated 'value' as 'value.1' and a blank
    name as 'Unnamed: 4', which a person searching the file will not find; and a row read
    into a dict keeps one cell of a repeated name, dropping the other unseen.
    """
    found = []
    at: dict[str, list[int]] = {}
    for k, name in enumerate(columns, start=1):
        if name:
            at.setdefault(name, []).append(k)
        else:
            found.append(
                f"column {k} has no header: give it one of the columns of a figures file, or "
                "delete the column if it holds nothing"
            )
    for name, where in at.items():
        if len(where) > 1:
            times = "twice" if len(where) == 2 else f"{len(where)} times"
            numbers = ", ".join(str(k) for k in where[:-1]) + f" and {where[-1]}"
            found.append(
                f"the header has {name!r} {times} (columns {numbers}): a figure has one "
                f"{name!r}; delete the repeat, or name the column it should be"
            )
    return found


def _records_from_frame(
    frame: pd.DataFrame, problems: _Problems, header: list[str] | None = None
) -> list[dict[str, Any]]:
    """Return the rows of a figures frame as records; `header`: a CSV file's, as written."""
    if header is None or len(header) != frame.shape[1]:
        header = [str(c) for c in frame.columns]
    columns = [c.strip() for c in header]
    problems.found.extend(_header_problems(columns))
    unknown = [c for c in dict.fromkeys(columns) if c and c not in FILE_COLUMNS]
    for name in unknown:
        close = difflib.get_close_matches(name.lower(), FILE_COLUMNS, n=1)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        words = _refused_column(name, guess)
        problems.found.append(f"column {name!r} is not a column of a figures file{words}")
    for name in ("id", "kind"):
        if name not in columns:
            problems.found.append(f"the file has no {name!r} column")
    problems.raise_if_any()
    renamed = frame.set_axis(columns, axis=1)
    return [dict(zip(columns, row, strict=True)) for row in renamed.itertuples(index=False)]


def _build(records: list[dict[str, Any]], name: str, origin: str, start: int) -> FiguresFile:
    problems = _Problems(name, origin)
    figures = []
    for i, record in enumerate(records):
        if all(_blank(v) for v in record.values()):
            continue  # an empty spreadsheet row
        f = _figure(record, i + start, problems)
        if f is not None:
            figures.append(f)
    _check_links(figures, problems)
    _check_tables(figures, problems)
    problems.raise_if_any()
    if not figures:
        # Checking no figures would report "no findings", which reads as all clear.
        msg = f"{name}: the figures file holds no figures."
        hint = "Hint: add one row per printed figure; tt.reference.path('template') shows how."
        raise ReadError(f"{msg}\n\n{hint}", path=name)
    return FiguresFile(figures=tuple(figures), name=name)


def _toml_float(text: str) -> str:
    return text.replace("_", "")


def _toml_records(path: Path, name: str) -> list[dict[str, Any]]:
    """Read the [[figures]] entries of a TOML figures file, refusing unknown keys."""
    try:
        # Floats as the text typed: `value = 13.0` is a percentage printed with a decimal,
        # which a float (13.0, printed "13") would lose. TOML allows 1_000.5: "1000.5".
        data = tomllib.loads(path.read_text("utf-8"), parse_float=_toml_float)
    except UnicodeDecodeError as error:
        # Not `encoding=`, which reads a CSV file: TOML is UTF-8 by its specification.
        line = path.read_bytes().count(b"\n", 0, error.start) + 1
        byte = error.object[error.start : error.start + 1]
        msg = (
            f"{name}: line {line}: byte {byte!r} is not UTF-8 text ({error.reason}); a TOML "
            "file is UTF-8.\n\nHint: save it again as UTF-8 (a Windows editor may have "
            "saved it as cp1252, 'ANSI')."
        )
        raise ReadError(msg, path=name) from error
    except tomllib.TOMLDecodeError as error:
        msg = f"{name}: not valid TOML: {error}.\n\nHint: check the quoting on that line."
        raise ReadError(msg, path=name) from error
    entries = data.get("figures")
    if not isinstance(entries, list):
        msg = (
            f"{name}: a TOML figures file holds [[figures]] entries; found none.\n\n"
            "Hint: start each figure with a line [[figures]]."
        )
        raise ReadError(msg, path=name)
    problems = _Problems(name, "toml")
    records = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.add(
                i,
                "",
                f"is {entry!r}, not a [[figures]] table: write each figure as a [[figures]] "
                "entry with its keys (id, kind, ...)",
            )
            continue
        unknown = sorted(set(entry) - set(FILE_COLUMNS))
        if unknown:
            problems.add(i, str(entry.get("id", "")), f"unknown keys {', '.join(unknown)}")
        records.append(dict(entry))
    problems.raise_if_any()
    return records


def read_figures(
    source: str | Path | pd.DataFrame | FiguresFile, *, encoding: str = "utf-8-sig"
) -> FiguresFile:
    """Read and validate a figures file: a report's printed figures, one a row.

    Parameters
    ----------
    source : str, path, DataFrame or FiguresFile
        A ``.csv`` file (one figure a row, the columns of :data:`~tracktr.reference.FILE_COLUMNS`;
        only ``id`` and ``kind`` are needed, blank cells are empty), a ``.toml`` file (one
        ``[[figures]]`` entry per figure, the same keys), or a DataFrame with those
        columns.
    encoding : str, default "utf-8-sig"
        The text encoding of a ``.csv`` file: UTF-8, with or without a byte-order mark,
        unless given; ``"cp1252"`` for Excel's "CSV (Comma delimited)" on Windows. A
        ``.toml`` file is UTF-8, as TOML requires.

    Returns
    -------
    FiguresFile

    Raises
    ------
    tracktr.ReadError
        If the file is absent, holds a byte that is not `encoding` text (the message
        names its line), or any row is wrong: a kind that is not a kind, a figure
        whose kind does not match its fields, a percentage over 100, a number that is not
        one (``10_0``, ``1,234``, ``<1%``), a base of 0, a link to a figure, table, row or
        column that is not in the file, an id used twice, two cells of one base that print
        different bases, a cell whose ``rule`` or decimals are not its table's. The
        message lists every problem with its row (CSV rows count the header as row 1);
        ``error.mismatches`` holds them one by one.

    Notes
    -----
    ``decimals`` left blank counts the digits typed in ``value`` (``13.0`` is a percentage
    printed with one decimal; in TOML too, ``value = 13.0``). ``complete`` left blank is
    read as not complete: a distribution's or a table's printed cells then need only fit
    within their base, as when the report suppresses one.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> frame = pd.DataFrame(
    ...     {
    ...         "id": ["n", "yes", "text"],
    ...         "kind": ["base", "percent", "share"],
    ...         "source": ["Graph 1", "Graph 1", "page 2"],
    ...         "value": [None, 94, None],
    ...         "base": [19, 19, None],
    ...         "phrase": [None, None, "almost all"],
    ...         "restates": [None, None, "yes"],
    ...     }
    ... )
    >>> report = tt.reference.read_figures(frame)
    >>> report
    FiguresFile('<DataFrame>', 3 figures: 1 base, 1 percent, 1 share)
    >>> report["text"].restates
    {'figure': 'yes'}
    >>> bad = frame.assign(value=[None, 104, None])
    >>> try:
    ...     tt.reference.read_figures(bad)
    ... except tt.ReadError as error:
    ...     print(error.mismatches[0])
    row 3 ('yes'): the percentage 104 is not between 0 and 100
    """
    if isinstance(source, FiguresFile):
        return source
    if isinstance(source, pd.DataFrame):
        problems = _Problems("<DataFrame>", "frame")
        records = _records_from_frame(source, problems)
        return _build(records, "<DataFrame>", "csv", 2)
    if not isinstance(source, str | PathLike):
        msg = (
            f"the figures must be a file's path, a DataFrame or a FiguresFile; got a "
            f"{type(source).__name__}."
        )
        hint = 'Hint: tt.check.report("figures.csv"), or a DataFrame with one figure a row.'
        raise ReadError(f"{msg}\n\n{hint}", path="")
    path = Path(source)
    name = str(source)
    if path.is_dir():
        msg = (
            f"{name}: is a folder, not a figures file.\n\nHint: give the .csv or .toml file in it."
        )
        raise ReadError(msg, path=name)
    if not path.is_file():
        msg = f"{name}: no such figures file.\n\nHint: check the path."
        raise ReadError(msg, path=name)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return _build(_toml_records(path, name), name, "toml", 1)
    if suffix != ".csv":
        msg = f"{name}: a figures file is a .csv or a .toml file; got {suffix or 'no suffix'!r}."
        raise ReadError(f"{msg}\n\nHint: save the spreadsheet as CSV (UTF-8).", path=name)
    if encoding != "utf-8-sig":
        # Imported only here: tracktr.io costs a quarter of a second to import.
        from tracktr.io._cells import _check_options

        _check_options(encoding, ",")
    text = _refuse_ragged(path, name, encoding)
    try:
        # Cells as Python strings (object), not pandas' Arrow-backed text: the rows are read
        # one by one below, and iterating Arrow strings costs more than reading the file.
        # The text decoded above: the file is read and decoded once.
        frame = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False)
    except pd.errors.EmptyDataError as error:
        msg = f"{name}: the file is empty; a figures file has a header row (id,kind,...)."
        raise ReadError(
            f"{msg}\n\nHint: start from tt.reference.path('template').", path=name
        ) from error
    except pd.errors.ParserError as error:
        msg = f"{name}: not a readable CSV file: {error}."
        raise ReadError(
            f"{msg}\n\nHint: save the spreadsheet as CSV (UTF-8).", path=name
        ) from error
    problems = _Problems(name, "csv")
    if may_hold_neutralised(text):
        frame = restored(frame)
    # The header as written, not as pandas renames a repeated or blank name.
    header = next((r for r in csv.reader(io.StringIO(text)) if r), None)
    return _build(_records_from_frame(frame, problems, header), name, "csv", 2)


# -- writing ----------------------------------------------------------------------------


def _record(f: Figure) -> dict[str, Any]:
    """One figure as the fields of a file, blanks left out; numbers as numbers."""
    out: dict[str, Any] = {}
    auto = f.kind in ("cell", "average") and f.figure == _cell_id(f.table, f.row, f.column)
    if not auto:
        out["id"] = f.figure
    out["kind"] = f.kind
    for name in ("source", "section", "page", "question", "option", "group"):
        out[name] = getattr(f, name)
    out.update(table=f.table, row=f.row, column=f.column)
    if f.value is not None and f.kind != "base":
        out["value"] = int(f.value) if f.value == int(f.value) else f.value
    if f.decimals:
        out["decimals"] = f.decimals
    out["count"] = f.count
    out["base"] = f.base
    out["rule"] = f.rule
    out["phrase"] = f.phrase
    out["qualifier"] = f.qualifier
    if f.values:
        out["values"] = [int(v) if v == int(v) else v for v in f.values]
    if f.parts:
        out["parts"] = [f"{label} = {ref}" if label else ref for label, ref in f.parts]
    out["complete"] = f.complete
    out["axis"] = f.axis
    for name in _LINKS:
        out[name] = _describe_reference(getattr(f, name))
    out["of"] = f.of
    for name in ("claim", "wording", "also_in", "note"):
        out[name] = getattr(f, name)
    return {k: v for k, v in out.items() if not _blank(v)}


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
class FiguresFile:
    """A report's printed figures, read from a figures file and validated.

    A read-only sequence of :class:`Figure` in the order of the file; ``file["id"]``
    returns one figure.

    Attributes
    ----------
    figures : tuple of Figure
        One per row of the file.
    name : str
        The file it was read from, or ``"<DataFrame>"``.

    Examples
    --------
    >>> import tracktr as tt
    >>> report = tt.reference.read_figures(tt.reference.path("trackTR-2016"))
    >>> report["s24_no_transparency"].value, report["s24_no_transparency"].base
    (94.0, 19)
    >>> report.tables()
    ('table_1', 'table_2', 'table_3')
    """

    figures: tuple[Figure, ...]
    name: str = ""

    def __len__(self) -> int:
        return len(self.figures)

    def __iter__(self) -> Iterator[Figure]:
        return iter(self.figures)

    def __getitem__(self, ident: str) -> Figure:
        for f in self.figures:
            if f.figure == ident:
                return f
        ids = [f.figure for f in self.figures]
        close = difflib.get_close_matches(str(ident), ids, n=5, cutoff=0.5)
        listed = ", ".join(repr(c) for c in close) if close else "none"
        msg = f"no figure {ident!r} in {self.name}; close ids: {listed}."
        raise ReferenceNotFoundError(msg)

    def __repr__(self) -> str:
        kinds: dict[str, int] = {}
        for f in self.figures:
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        summary = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
        return f"FiguresFile({self.name!r}, {len(self)} figures: {summary})"

    def tables(self) -> tuple[str, ...]:
        """Return the ids of the file's tables (rows of kind ``"table"``)."""
        return tuple(f.figure for f in self.figures if f.kind == "table")

    def table(self, name: str) -> PublishedTable:
        """Return one table of the file, built from its ``"cell"`` and ``"average"`` rows.

        Examples
        --------
        >>> import tracktr as tt
        >>> report = tt.reference.read_figures(tt.reference.path("trackTR-2016"))
        >>> report.table("table_3").bases.tolist()
        [151, 34]
        """
        from tracktr.reference._tables import _from_figures

        spec = self[name]
        cells = tuple(f for f in self.figures if f.kind in ("cell", "average") and f.table == name)
        return _from_figures(spec, cells)

    def to_frame(self) -> pd.DataFrame:
        """Return the file as a DataFrame of text cells, in the columns of ``FILE_COLUMNS``.

        Examples
        --------
        >>> import tracktr as tt
        >>> frame = tt.reference.read_figures(tt.reference.path("template")).to_frame()
        >>> frame.columns[:3].tolist()
        ['id', 'kind', 'source']
        """
        records = [_record(f) for f in self.figures]
        rows = [[_csv_cell(r[c]) if c in r else "" for c in FILE_COLUMNS] for r in records]
        return pd.DataFrame(rows, columns=list(FILE_COLUMNS), dtype=object)

    def to_csv(self, path: str | Path | None = None) -> str:
        """Write the file as CSV (UTF-8, one figure a row); return the text.

        Examples
        --------
        >>> import tracktr as tt
        >>> report = tt.reference.read_figures(tt.reference.path("template"))
        >>> report.to_csv().splitlines()[0][:22]
        'id,kind,source,section'
        """
        buffer = io.StringIO()
        # A spreadsheet would run a cell starting with = + - @ as a formula: such cells are
        # neutralised with a leading apostrophe, which read_figures removes again.
        self.to_frame().map(neutralised).to_csv(buffer, index=False, lineterminator="\n")
        text = buffer.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_toml(self, path: str | Path | None = None) -> str:
        """Write the file as TOML (one ``[[figures]]`` entry per figure); return the text.

        Examples
        --------
        >>> import tracktr as tt
        >>> report = tt.reference.read_figures(tt.reference.path("template"))
        >>> print(report.to_toml().splitlines()[0])
        [[figures]]
        """
        from tracktr.survey._toml import _toml_key, _toml_value

        lines: list[str] = []
        for f in self.figures:
            if lines:
                lines.append("")
            lines.append("[[figures]]")
            lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in _record(f).items())
        text = "\n".join(lines) + "\n"
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

"""The checks :func:`tracktr.check.report` runs over every figure of a figures file.

The figures file (:func:`tracktr.reference.read_figures`) says what each printed figure is
and which figures restate which; :class:`_Run` applies the checks of :mod:`tracktr.check` to
all of them: percentages against their bases, the options of one question together, tables'
percentages against their counts, ratios and verbal shares against the numbers behind them,
and every text figure against the table or figure it restates.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tracktr.check._claims import (
    FALSE_AS_WRITTEN,
    UNDERSTATED,
    _comparison,
    _inside,
    _literal_bounds,
)
from tracktr.check._claims import ratio as _ratio
from tracktr.check._claims import share as _share
from tracktr.check._distribution import distribution as _distribution
from tracktr.check._findings import Finding
from tracktr.check._percent import bases as _bases
from tracktr.check._percent import percent as _percent
from tracktr.check._run_tables import _cells, _rule, check_table
from tracktr.check._units import _MAX_MAX_BASE, DEFAULT_MAX_BASE, _units
from tracktr.describe import describe_share
from tracktr.exceptions import InvalidOptionError, ReadError, TracktrError
from tracktr.reference import Figure, FiguresFile, PublishedTable
from tracktr.reference._format import _decimals_of
from tracktr.reference._share_phrases import _phrase_bounds as _read_phrase
from tracktr.reference._vocabulary import _QUALIFIERS, _qualifier_word
from tracktr.rounding import percentage_units
from tracktr.typing import RoundingRule, Verdict

# A report repeats a few phrases many times; each is read once.
_phrase_bounds = functools.cache(_read_phrase)

_HALF = Fraction(1, 2)
_MAX_CANDIDATES = 10_000
"""The most counts a restated cell is read as, one by one; past it, its printed interval."""


@dataclass(frozen=True)
class _Values:
    """What a figure says about a proportion: exact candidates, or an interval [low, high)."""

    exact: tuple[Fraction, ...] = ()
    low: Fraction | None = None
    high: Fraction | None = None
    text: str = ""

    @property
    def is_exact(self) -> bool:
        return bool(self.exact)


def _share_range(values: _Values) -> tuple[Fraction, Fraction]:
    """Return the shares a figure allows, in percent, as the least and the most."""
    if values.is_exact:
        return 100 * min(values.exact), 100 * max(values.exact)
    assert values.low is not None
    assert values.high is not None
    return 100 * values.low, 100 * values.high


def _qualified(
    family: str, claim: Fraction, unit: Fraction, low: Fraction, high: Fraction
) -> Verdict:
    """Return whether "qualifier claim" can be true of a number from `low` to `high`.

    `unit` is the claim's last printed digit (1 for a count or a whole percentage): an
    unqualified or "about" claim covers half a unit either side, as rounding does, and
    "about" within a tenth of the claim is doubtful, not wrong. "At least 200" is any number
    from 200 on; "just over" and "almost" are within a tenth above or below the claim.
    """
    if family in ("exactly", "about"):
        half = unit / 2
        if low <= claim + half and high >= claim - half:
            return "consistent"
        near = family == "about" and max(low - claim, claim - high) <= claim / 10
        return "doubtful" if near else "inconsistent"
    holds = {
        "at_least": high >= claim,
        "over": high > claim,
        "just_over": high > claim and low <= claim * Fraction(11, 10),
        "at_most": low <= claim,
        "under": low < claim,
        "almost": low < claim and high >= claim * Fraction(9, 10),
    }[family]
    return "consistent" if holds else "inconsistent"


def _family(qualifier: str) -> str:
    """Return what a qualifier claims ("over 90": "over"); "exactly" when there is none."""
    return _QUALIFIERS.get(_qualifier_word(qualifier), "exactly") if qualifier else "exactly"


def _bases_of(f: Figure) -> tuple[Any, bool]:
    """Return the bases `f`'s count and percentage fit, and whether the search was complete.

    The search reaches past the largest base that can fit: a share printed as `u` units
    (of ``10**-decimals`` percent) is above ``u - 1`` units under every rule, so no base
    above ``100 * count / (u - 1)`` fits; for 0 or 1 unit the bases run on without end and
    the first is at most ``200 * count / 1 unit``. Never below the default of
    :func:`tracktr.check.bases`, never above its limit of 10**15: a count beyond that
    is reported as not checked, never as impossible.
    """
    assert f.count is not None
    assert f.value is not None
    scale = 10**f.decimals
    units = _units(f.value, f.decimals)
    need = 100 * scale * f.count // (units - 1) + 1 if units > 1 else 200 * scale * f.count + 2
    top = min(max(need, DEFAULT_MAX_BASE), _MAX_MAX_BASE)
    found = _bases(f.count, f.value, decimals=f.decimals, rules=_rule(f), max_base=top)
    return found, need <= top


def _unsearched(f: Figure, found: Any) -> str:
    """Say that no base was found among those searched, and that this is no verdict."""
    return (
        f"Not checked: no base up to {found.max_base:,} makes {f.count} print as "
        f"{f.value:g}%, and larger bases were not searched."
    )


def _pct(value: Fraction) -> str:
    """Return a share as a percentage, exactly when two decimals hold it, else to one.

    399 of 2000 is "19.95%", not "19.9%" (the float 19.95 is below 19.95): a share on a
    rounding tie is shown as the tie; others half-up to one decimal ("41.0%", "33.3%").
    """
    hundredths = 10_000 * value
    if hundredths.denominator == 1 and hundredths >= 0:
        units = int(hundredths)
        text = f"{units // 100}.{units % 100:02d}"
        return f"{text.removesuffix('0')}%"
    if 0 <= value <= 1:
        tenths = int(percentage_units([value.numerator], value.denominator, decimals=1)[0])
        return f"{tenths // 10}.{tenths % 10}%"
    tenths = math.floor(1000 * value + _HALF)  # not a share (never met): half-up, exactly
    return f"{_digits(tenths, 1)}%"


def _half_unit(decimals: int) -> Fraction:
    """Half the last printed digit, in percentage points: 0.5 for 12%, 0.05 for 12.3%."""
    return _HALF / Fraction(10) ** decimals


def _printed_interval(value: float, text: str, decimals: int = 0) -> _Values:
    v = Fraction(str(value))
    half = _half_unit(decimals)
    return _Values(low=(v - half) / 100, high=(v + half) / 100, text=text)


def _count_values(count: int, base: int, text: str) -> _Values:
    return _Values(exact=(Fraction(count, base),), text=text)


def _printed(share: Fraction, decimals: int, rule: RoundingRule) -> str:
    """Return how a share prints under a rule (half-up for largest remainder, alone)."""
    shown: RoundingRule = "half_up" if rule == "largest_remainder" else rule
    units = percentage_units([share.numerator], share.denominator, rule=shown, decimals=decimals)
    return _digits(int(units[0]), decimals)


def _digits(units: int, decimals: int) -> str:
    """Return `units` of ``10**-decimals`` as printed: 200 at one decimal is "20.0"."""
    if not decimals:
        return str(units)
    sign, units = ("-" if units < 0 else ""), abs(units)
    return f"{sign}{units // 10**decimals}.{units % 10**decimals:0{decimals}d}"


def _prints_as(share: Fraction, value: Fraction, decimals: int, rule: RoundingRule) -> bool:
    """Return whether a share can print as `value` under `rule`."""
    found = _percent(float(value), share.denominator, decimals=decimals, rules=rule)
    return share.numerator in found.counts[rule]


def _other_base(mine: int, theirs: str, base: int) -> str:
    """Say that a text prints base `mine` for what `theirs` ("a, which it restates,") is of."""
    return (
        f"The text gives a base of {mine}, but {theirs} is of {base}: "
        f"one share cannot be of both. The text is compared with it at {base}; correct "
        "the base that is a typo."
    )


def _percent_values(f: Figure, base: int | None) -> _Values:
    assert f.value is not None
    if base:
        rule = _rule(f)
        fits = _percent(f.value, base, decimals=f.decimals, rules=rule).counts[rule]
        if len(fits):
            shown = ", ".join(str(k) for k in fits)
            shares = ", ".join(_pct(Fraction(k, base)) for k in fits)
            return _Values(
                exact=tuple(Fraction(k, base) for k in fits),
                text=f"{f.value:g}% of {base} is {shown} ({shares})",
            )
    return _printed_interval(f.value, f"printed {f.value:g}%", f.decimals)


_STATEMENTS = ("base", "count", "percent", "share", "ratio", "list", "amount", "external", "quote")
_BETWEEN = ("distribution", "sum", "subset")


class _Run:
    def __init__(
        self, file: FiguresFile, *, tables: dict[str, PublishedTable] | None = None
    ) -> None:
        self.file = file
        self.all = {f.figure: f for f in file}
        # The statements of the text and captions, in the order of the file; findings
        # about tables and about several figures are placed at their source's first one.
        self.figures = {f.figure: f for f in file if f.kind in _STATEMENTS}
        # Only read here: tables built already (the shipped report's) are used as they are.
        self.tables = tables if tables is not None else {n: file.table(n) for n in file.tables()}
        self.found: list[Finding] = []
        self._cells: dict[tuple[str, str], dict[Any, dict[Any, Any]]] = {}

    # -- helpers --------------------------------------------------------------------------

    def add(
        self, f: Figure | None, verdict: Verdict, explanation: str, kind: str, **kw: str
    ) -> None:
        self.found.append(
            Finding(
                figure=kw.get("figure", f.figure if f else ""),
                verdict=verdict,
                explanation=explanation,
                claim=kw.get("claim", f.claim if f else ""),
                source=kw.get("source", f.where if f else ""),
                check=kind,
            )
        )

    def cells(self, t: PublishedTable, which: str) -> dict[Any, dict[Any, Any]]:
        """Return a table's counts, printed or summary cells as ``{row: {column: value}}``."""
        key = (t.name, which)
        if key not in self._cells:
            self._cells[key] = _cells(getattr(t, which))
        return self._cells[key]

    def table_count(self, ref: dict[str, Any]) -> int | None:
        """Return the printed count of a table's cells `ref` names (None: no counts)."""
        t: PublishedTable = self.tables[ref["table"]]
        if t.counts is None:
            return None
        counts = self.cells(t, "counts")
        return int(sum(counts[r][c] for r in ref["rows"] for c in ref["columns"]))

    def table_cell_counts(self, ref: dict[str, Any]) -> tuple[int, int, int, str] | None:
        """Return the counts behind cells of a table that prints bases but no counts.

        Each cell is its printed percentage of its group's base (41% of 899 is 365 to 373
        respondents); several rows of one group add up. Returns (base, fewest, most, the
        printed percentage), or None when the table prints counts or no bases, when `ref`
        names several groups or a summary row, or when a cell is no count of its base (the
        table's own check reports that one).
        """
        t: PublishedTable = self.tables[ref["table"]]
        rows, columns = ref["rows"], ref["columns"]
        groups = columns if t.percent_axis == "columns" else rows
        bases = t.base_series()
        rule = _rule(self.all[ref["table"]])
        if t.counts is not None or bases is None or len(groups) != 1 or rows == ["AVERAGE"]:
            return None
        if rule == "largest_remainder":  # a cell alone has no largest-remainder counts
            return None
        base = int(bases[groups[0]])
        printed = self.cells(t, "printed")
        fewest = most = 0
        shown = []
        for r in rows:
            for c in columns:
                value = printed[r][c]
                if math.isnan(float(value)):
                    return None
                fits = _percent(float(value), base, decimals=t.decimals, rules=rule).counts[rule]
                if not len(fits):
                    return None
                fewest += int(fits[0])
                most += int(fits[-1])
                shown.append(_digits(int(Fraction(str(value)) * 10**t.decimals), t.decimals))
        if fewest > base or most - fewest > _MAX_CANDIDATES:
            return None  # more than the base (the table's check says so), or many: as before
        # Each cell as printed ("38% + 13%"): their sum (51%) is printed nowhere, and "t1
        # prints 51% of 8" read as a cell the table does not have.
        return base, fewest, min(most, base), " + ".join(f"{cell}%" for cell in shown)

    def _count_of_cells(
        self, f: Figure, ref: dict[str, Any], of_base: tuple[int, int, int, str]
    ) -> None:
        """Check a count restating cells printed with their base but no count."""
        base, fewest, most, printed = of_base
        said = f"{self.all[ref['table']].where or ref['table']} prints {printed} of {base}"
        behind = str(fewest) if fewest == most else f"{fewest} to {most}"
        self._table_base(f, ref, base)
        if self._qualified_count(f, fewest, most, f"{said}, {behind}"):
            return
        if f.count is not None and fewest <= f.count <= most:
            self.add(f, "consistent", f"{f.count} is what {said} is: {behind}.", "restates")
        else:
            self.add(f, "inconsistent", f"{f.count} here, but {said}: {behind}.", "restates")

    def _table_base(self, f: Figure, ref: dict[str, Any], base: int) -> None:
        """Report a text that prints a base other than that of the table cells it restates."""
        if f.base and f.base != base:
            where = self.all[ref["table"]].where or ref["table"]
            theirs = f"{where}, whose cells it restates,"
            self.add(f, "inconsistent", _other_base(f.base, theirs, base), "restates")

    def table_values(self, ref: dict[str, Any]) -> _Values:
        t: PublishedTable = self.tables[ref["table"]]
        rows, columns = ref["rows"], ref["columns"]
        where = self.all[ref["table"]].source or ref["table"]
        # The cells share a base along the table's axis: several groups named (columns of
        # a column-based table, rows of a row-based one) are combined, counts and bases.
        groups = columns if t.percent_axis == "columns" else rows
        bases = t.base_series() if t.counts is not None else None
        if bases is not None:
            base = sum(int(bases[g]) for g in groups)
            count = self.table_count(ref)
            assert count is not None  # the table prints counts
            of = f"{base} ({' + '.join(map(str, groups))})" if len(groups) > 1 else str(base)
            return _count_values(
                count, base, f"{where}: {count} of {of} ({_pct(Fraction(count, base))})"
            )
        of_base = self.table_cell_counts(ref)
        if of_base is not None:
            base, fewest, most, printed_text = of_base
            return _Values(
                exact=tuple(Fraction(k, base) for k in range(fewest, most + 1)),
                text=f"{where} prints {printed_text} of {base} ({fewest} to {most})",
            )
        if len(groups) > 1:
            msg = (
                f"a restated share names {len(groups)} groups of {ref['table']!r} "
                f"({', '.join(map(str, groups))}), which prints no counts and bases to "
                "combine them by: the shares of different bases do not add."
            )
            hint = "Hint: restate one group, or give the table's counts and bases."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        frame = t.summary if rows == ["AVERAGE"] and t.summary is not None else t.printed
        which = "summary" if frame is t.summary else "printed"
        cells = [self.cells(t, which)[r][c] for r in rows for c in columns]
        if any(math.isnan(float(value)) for value in cells):  # a cell the report suppressed
            msg = f"a restated share names a cell of {ref['table']!r} that is not printed."
            raise InvalidOptionError(msg)
        # Exact sums of the printed digits (12.9 stays 12.9), each within half a unit.
        printed = sum((Fraction(str(value)) for value in cells), Fraction(0))
        half = _half_unit(t.decimals) * len(cells)
        shown = f"{float(printed):g}%"
        if len(cells) > 1:  # the sum is printed nowhere: name the cells it adds
            shown = " + ".join(f"{float(value):g}%" for value in cells) + f" = {shown}"
        return _Values(
            low=(printed - half) / 100,
            high=(printed + half) / 100,
            text=f"{where} prints {shown}",
        )

    def figure_values(self, name: str, base: int | None = None) -> _Values | None:
        """Return what figure `name` says, of its own base (of `base` when it prints none).

        A restated figure is a share of the base it is printed with, whatever base the
        restating text prints: "55% (n=80)" restating 44 of 81 is compared with 44 of 81
        (54.3%), as 54% of 81 is 44 (54.3%), not 43 of 80. The text's base completes only a
        count printed without one. :meth:`other_bases` reports when the two bases differ.
        """
        f = self.all[name]
        b = f.base or base
        if f.count is not None and b and f.kind != "external":
            return _count_values(f.count, b, f"{f.count} of {b} ({_pct(Fraction(f.count, b))})")
        if f.kind == "percent" and f.value is not None:
            return _percent_values(f, f.base or base)
        if f.kind == "base" and f.value is not None:
            return None
        if f.phrase:
            low, high, _, _ = _phrase_bounds(f.phrase)
            return _Values(low=low, high=high, text=f"'{f.phrase}' ({name})")
        return None

    def other_bases(self, f: Figure) -> None:
        """Report the figures `f` restates that print a base other than `f`'s own."""
        if not f.base or not f.restates:
            return
        if "table" in f.restates:
            ref = f.restates
            t: PublishedTable = self.tables[ref["table"]]
            groups = ref["columns"] if t.percent_axis == "columns" else ref["rows"]
            bases = t.base_series()
            if bases is not None and len(groups) == 1:
                self._table_base(f, ref, int(bases[groups[0]]))
            return
        names = [f.restates["figure"]] if "figure" in f.restates else list(f.restates["figures"])
        for name in names:
            other = self.all[name]
            if other.kind == "external" or not other.base or other.base == f.base:
                continue
            theirs = f"{name} ({other.where})" if other.where else name
            said = _other_base(f.base, f"{theirs}, which it restates,", other.base)
            self.add(f, "inconsistent", said, "restates")

    def ref_values(self, ref: dict[str, Any], base: int | None = None) -> list[_Values]:
        if "table" in ref:
            return [self.table_values(ref)]
        names = [ref["figure"]] if "figure" in ref else list(ref["figures"])
        out = []
        for name in names:
            values = self.figure_values(name, base)
            if values is not None:
                out.append(values)
        return out

    def judge_phrase(self, phrase: str, values: _Values) -> tuple[Verdict, str]:
        bounds = _phrase_bounds(phrase)
        low, high, _, high_in = bounds
        covers = f"'{phrase}' covers {_pct(low)}-{_pct(high)}"
        if values.is_exact:
            # The phrase's interval is read once; check.share judges only the nearest value.
            if any(_inside(v, bounds) for v in values.exact):
                return "consistent", f"{covers}; {values.text}."
            literal = _literal_bounds(phrase)
            if literal is not None and any(_inside(v, literal) for v in values.exact):
                return "doubtful", f"{covers}, but {values.text}: {UNDERSTATED}."
            best = min(values.exact, key=lambda v: max(low - v, v - high, Fraction(0)))
            # What to write instead: a phrase true of the value (one value, not a range).
            fix = (
                f" '{describe_share(best)}' is true of it."
                if len(set(values.exact)) == 1 and 0 <= best <= 1
                else ""
            )
            said = f": {FALSE_AS_WRITTEN}" if _comparison(phrase) else ""
            return _share(phrase, best).verdict, f"{covers}, but {values.text}{said}.{fix}"
        assert values.low is not None
        assert values.high is not None
        overlaps = values.low < high and values.high > low
        if overlaps or (high_in and values.low == high):
            return "consistent", f"{covers}; {values.text}."
        literal = _literal_bounds(phrase)
        if literal is not None and values.low < literal[1] and values.high > literal[0]:
            return "doubtful", f"{covers}, but {values.text}: {UNDERSTATED}."
        if _comparison(phrase):  # every value it could be is at or past the landmark's wrong side
            return "inconsistent", f"{covers}, but {values.text}: {FALSE_AS_WRITTEN}."
        distance = max(low - values.high, values.low - high)
        verdict: Verdict = "doubtful" if distance <= Fraction(3, 100) else "inconsistent"
        return verdict, f"{covers}, but {values.text}."

    # -- figures --------------------------------------------------------------------------

    def percent_figure(self, f: Figure) -> None:
        assert f.value is not None
        if f.base:
            pc = _percent(f.value, f.base, decimals=f.decimals)
            if not pc.possible_under(_rule(f)):
                self.add(f, "impossible", pc.explain(_rule(f)), "percent")
                return
        if f.restates:
            self.restated_percent(f)
            return
        if f.phrase:
            verdict, text = self.judge_phrase(f.phrase, _percent_values(f, f.base))
            self.add(f, verdict, text, "share")
            return
        if f.base:
            pc = _percent(f.value, f.base, decimals=f.decimals, rules=_rule(f))
            self.add(f, "consistent", pc.explanation, "percent")
        else:
            self.add(f, "unchecked", f"No base is printed for {f.value:g}%.", "percent")

    def restated_percent(self, f: Figure) -> None:
        assert f.value is not None
        assert f.restates is not None
        value = Fraction(str(f.value))
        self.other_bases(f)
        found = self.ref_values(f.restates, f.base)
        if not found:
            self._restates_no_share(f)
        for values in found:
            if values.is_exact:
                rule = _rule(f)
                fits = [v for v in values.exact if _prints_as(v, value, f.decimals, rule)]
                shown = f"{f.value:.{f.decimals}f}"  # as typed: "20.0" stays 20.0
                if fits:
                    self.add(f, "consistent", f"{shown}% restates {values.text}.", "restates")
                else:
                    first = _printed(min(values.exact), f.decimals, rule)
                    last = _printed(max(values.exact), f.decimals, rule)
                    prints = first if first == last else f"{first}% to {last}"
                    self.add(
                        f,
                        "inconsistent",
                        f"The text prints {shown}%, but {values.text}, which prints as {prints}%.",
                        "restates",
                    )
                continue
            assert values.low is not None
            assert values.high is not None
            center = (values.low + values.high) / 2 * 100
            # the text's own rounding: 12.3% is any share in [12.25, 12.35)
            mine = _printed_interval(f.value, "", f.decimals)
            assert mine.low is not None
            assert mine.high is not None
            if mine.low < values.high and values.low < mine.high:
                self.add(f, "consistent", f"{f.value:g}% restates {values.text}.", "restates")
            else:
                self.add(
                    f,
                    "inconsistent",
                    f"The text prints {f.value:g}%, but {values.text} "
                    f"({'higher' if center > value else 'lower'}).",
                    "restates",
                )
        if f.phrase:
            verdict, text = self.judge_phrase(f.phrase, _percent_values(f, f.base))
            if verdict != "consistent":
                self.add(f, verdict, text, "share")

    def _restates_no_share(self, f: Figure) -> None:
        """Say that a figure restates only figures that print no share (it vanished)."""
        assert f.restates is not None
        names = [f.restates["figure"]] if "figure" in f.restates else f.restates.get("figures")
        self.add(
            f,
            "unchecked",
            f"Restates {', '.join(map(str, names or []))}, which print no share (a count "
            "without its base, or an amount): there is nothing to compare it with.",
            "restates",
        )

    def _implied_base(self, f: Figure) -> tuple[int, Figure] | None:
        """Return the one base a restated "3 (17%)" fits, when `f` restates it alone."""
        if f.base or not f.restates or "figure" not in f.restates:
            return None
        other = self.all[f.restates["figure"]]
        if other.count is None or other.value is None or other.base:
            return None
        fits = _bases_of(other)[0].bases[_rule(other)]
        return (int(fits[0]), other) if len(fits) == 1 else None

    def share_figure(self, f: Figure) -> None:
        implied = self._implied_base(f)
        if implied is not None:  # the share is of the base its restated figure fits
            base, other = implied
            start = len(self.found)
            self.share_figure(dataclasses.replace(f, base=base, restates=None))
            said = (
                f" (Base {base}: the one base {other.count} ({other.value:g}%) fits, "
                f"{other.figure}.)"
            )
            self.found[start:] = [
                dataclasses.replace(x, explanation=x.explanation + said) for x in self.found[start:]
            ]
            return
        if f.restates:
            self.other_bases(f)
            found = self.ref_values(f.restates, f.base)
            if not found:
                self._restates_no_share(f)
            for values in found:
                verdict, text = self.judge_phrase(f.phrase, values)
                self.add(f, verdict, text, "share")
            return
        if f.count is not None and f.base:
            values = _count_values(
                f.count, f.base, f"{f.count} of {f.base} is {_pct(Fraction(f.count, f.base))}"
            )
            verdict, text = self.judge_phrase(f.phrase, values)
            self.add(f, verdict, text, "share")
            return
        if f.base:
            b = f.base
            low, high, low_in, high_in = _phrase_bounds(f.phrase)
            # The counts k with k/b inside the phrase's interval, in closed form.
            first = max(math.ceil(low * b) if low_in else math.floor(low * b) + 1, 0)
            last = min(math.floor(high * b) if high_in else math.ceil(high * b) - 1, b)
            if first <= last:
                self.add(
                    f,
                    "unchecked",
                    f"No count is printed; '{f.phrase}' of {b} means {first}"
                    f"{'' if first == last else f' to {last}'} respondents.",
                    "share",
                )
            else:
                below = [k for k in (math.floor(low * b),) if 0 <= k <= b]
                above = [k for k in (math.ceil(high * b),) if 0 <= k <= b]
                near = below + above
                verdict_s = min(
                    (_share(f.phrase, Fraction(k, f.base)).verdict for k in near),
                    key=["consistent", "doubtful", "inconsistent"].index,
                )
                shown = " and ".join(f"{k} ({_pct(Fraction(k, f.base))})" for k in near)
                self.add(
                    f,
                    verdict_s,
                    f"No count of {f.base} is '{f.phrase}' ({_pct(low)}-{_pct(high)}); the "
                    f"nearest are {shown}.",
                    "share",
                )
            return
        self.add(f, "unchecked", "No count or base is printed.", "share")

    def count_figure(self, f: Figure) -> None:
        if f.value is not None and f.base:
            # A count printed with its base and its percentage: the percentage must be
            # what the count of that base prints as (it was read as "unchecked" before).
            if f.count is None:
                self.percent_figure(f)
                return
            if not self.count_of_base(f) or not f.restates:
                return
        if f.count is not None and f.value is not None and f.base is None:
            self.count_and_percent(f)
            return
        self.restated_count(f)

    def count_and_percent(self, f: Figure) -> None:
        """Check a count and its percentage with no base against the bases they fit."""
        assert f.count is not None
        assert f.value is not None
        found, complete = _bases_of(f)
        fits = found.bases[_rule(f)]
        if not fits:
            if complete:
                self.add(f, "impossible", found.explanation, "bases")
            else:
                self.add(f, "unchecked", _unsearched(f, found), "bases")
            return
        if f.restates and "figure" in f.restates:
            other = self.all[f.restates["figure"]]
            if other.count is not None and other.count != f.count:
                self.add(
                    f,
                    "inconsistent",
                    f"{f.count} here, but {other.count} in {other.where} ({other.figure}).",
                    "restates",
                )
                return
            if other.base:  # a base, or a share of one: the count is of that base
                theirs = other.source or other.figure
                if other.base in fits:
                    self.add(
                        f,
                        "consistent",
                        f"{found.explanation[:-1]}, which includes {theirs}'s n={other.base}.",
                        "bases",
                    )
                else:
                    self.add(
                        f,
                        "inconsistent",
                        f"{found.explanation[:-1]}, not {theirs}'s n={other.base}.",
                        "bases",
                    )
                return
        self.add(f, "consistent", found.explanation, "bases")

    def restated_count(self, f: Figure) -> None:
        """Check a count that restates another figure or a table's cells: the same number."""
        if f.restates and "table" in f.restates and f.count is not None:
            ref = f.restates
            theirs = self.table_count(ref)
            of_base = self.table_cell_counts(ref) if theirs is None else None
            if of_base is not None:
                self._count_of_cells(f, ref, of_base)
                return
            if theirs is None:
                self.add(
                    f, "unchecked", f"Restates {ref['table']}, which prints no counts.", "restates"
                )
                return
            self._same_count(f, theirs, ref["table"], self.all[ref["table"]].where)
            return
        if f.restates and "figure" in f.restates:
            other = self.all[f.restates["figure"]]
            if f.count is None:
                self.add(f, "unchecked", "A count restating a figure prints no count.", "restates")
            elif other.count is not None:
                self._same_count(f, other.count, other.figure, other.where)
            elif other.value is not None and other.base and other.kind != "base":
                self._count_of_share(f, other)
            elif other.base is not None:
                self._same_count(f, other.base, other.figure, other.where)
            else:
                self.add(
                    f, "unchecked", f"Restates {other.figure}, which prints no count.", "restates"
                )
            return
        self.add(f, "unchecked", "A count with nothing printed to compare it with.", "count")

    def _qualified_count(self, f: Figure, low: int, high: int, said: str) -> bool:
        """Judge "over 90" and the like against the counts `low` to `high`; False if exact."""
        family = _family(f.qualifier)
        if family == "exactly" or f.count is None:
            return False
        verdict = _qualified(family, Fraction(f.count), Fraction(1), Fraction(low), Fraction(high))
        holds = "holds of" if verdict == "consistent" else "does not hold of"
        self.add(f, verdict, f"'{f.qualifier} {f.count}' {holds} {said}.", "restates")
        return True

    def _same_count(self, f: Figure, theirs: int, name: str, where: str) -> None:
        if self._qualified_count(f, theirs, theirs, f"{theirs} in {where or name}"):
            return
        if theirs == f.count:
            said = f"{name} ({where})" if where else name
            self.add(f, "consistent", f"{f.count} matches {said}.", "restates")
        else:
            said = f"{where} ({name})" if where else name
            self.add(f, "inconsistent", f"{f.count} here, but {theirs} in {said}.", "restates")

    def _count_of_share(self, f: Figure, other: Figure) -> None:
        """Check a count restating "55% of 80": the count behind it (or its base, 80)."""
        assert other.value is not None
        assert other.base
        rule = _rule(other)
        fits = _percent(other.value, other.base, decimals=other.decimals, rules=rule).counts[rule]
        said = f"{other.value:g}% of {other.base} ({other.figure})"
        behind = "no count"
        if len(fits):
            behind = f"{fits[0]}" if len(fits) == 1 else f"{fits[0]} to {fits[-1]}"
            if self._qualified_count(f, fits[0], fits[-1], f"{said}, {behind}"):
                return
        if f.count in fits:
            self.add(f, "consistent", f"{f.count} is {said}.", "restates")
        elif f.count == other.base:
            self.add(f, "consistent", f"{f.count} is the base of {said}.", "restates")
        else:
            self.add(
                f,
                "inconsistent",
                f"{f.count} here, but {said} is {behind}, and its base is {other.base}.",
                "restates",
            )

    def count_of_base(self, f: Figure) -> bool:
        """Check a count's printed percentage against its base; return whether it fits."""
        assert f.count is not None
        assert f.value is not None
        assert f.base
        rule = _rule(f)
        share = Fraction(f.count, f.base)
        shown = f"{f.value:.{f.decimals}f}"  # as typed: "13.0" stays 13.0
        if _prints_as(share, Fraction(str(f.value)), f.decimals, rule):
            text = f"{f.count} of {f.base} prints as {shown}% ({rule.replace('_', '-')})."
            self.add(f, "consistent", text, "percent")
            return True
        printed = _printed(share, f.decimals, rule)
        text = (
            f"{f.count} of {f.base} prints as {printed}% ({rule.replace('_', '-')}), not {shown}%."
        )
        self.add(f, "inconsistent", text, "percent")
        return False

    def side(self, ref: dict[str, Any]) -> tuple[Fraction, Fraction, str]:
        """Return a ratio side as an interval of values, and how it was found."""
        if "table" in ref:
            values = self.table_values(ref)
            if values.is_exact:  # a count, or the counts a cell prints as of its base
                return min(values.exact), max(values.exact), values.text
            assert values.low is not None
            assert values.high is not None
            return values.low, values.high, values.text
        low = high = Fraction(0)
        texts = []
        for name in ref["figures"]:
            f = self.all[name]
            if f.count is not None and f.kind in ("count",) and not f.base:
                low += f.count
                high += f.count
                texts.append(f"{f.count}")
                continue
            if f.count is not None and f.base:
                v = Fraction(f.count, f.base)
                low += v
                high += v
                texts.append(f"{f.count} of {f.base}")
                continue
            assert f.value is not None
            fits = (
                _percent(f.value, f.base, decimals=f.decimals, rules=_rule(f)).counts[_rule(f)]
                if f.base
                else range(0)
            )
            if len(fits) and f.base:
                low += Fraction(fits[0], f.base)
                high += Fraction(fits[-1], f.base)
                texts.append(f"{f.value:g}% ({'/'.join(str(k) for k in fits)} of {f.base})")
            else:
                printed = _printed_interval(f.value, "", f.decimals)
                assert printed.low is not None
                assert printed.high is not None
                low += printed.low
                high += printed.high
                texts.append(f"{f.value:g}%")
        return low, high, " + ".join(texts)

    def ratio_figure(self, f: Figure) -> None:
        assert f.numerator is not None
        assert f.denominator is not None
        assert f.value is not None
        n_lo, n_hi, n_text = self.side(f.numerator)
        d_lo, d_hi, d_text = self.side(f.denominator)
        qualifier = f.qualifier or "about"
        if d_hi <= 0:
            self.add(
                f,
                "inconsistent",
                f"{f.value:g} times ({n_text}) / ({d_text}): the second share is 0, so no "
                "ratio holds.",
                "ratio",
            )
            return
        low = _ratio(f.value, n_lo, d_hi, qualifier=qualifier)  # type: ignore[arg-type]
        if d_lo <= 0:
            # The second share may be 0: the ratio has no upper bound.
            words = low.explanation.split("'")[1]
            detail = f"'{words}': ({n_text}) / ({d_text}) = {low.ratio:.2f} or more"
            if low.holds or low.ratio < low.low:
                self.add(f, "doubtful", f"{detail}; holds only for some counts.", "ratio")
            else:
                self.add(
                    f,
                    "inconsistent",
                    f"{detail}; above what the claim covers ({low.low:g}-{low.high:g}).",
                    "ratio",
                )
            return
        high = _ratio(f.value, n_hi, d_lo, qualifier=qualifier)  # type: ignore[arg-type]
        spread = (
            f"{low.ratio:.2f}"
            if abs(high.ratio - low.ratio) < 0.005
            else f"{low.ratio:.2f}-{high.ratio:.2f}"
        )
        words = low.explanation.split("'")[1]
        detail = f"'{words}': ({n_text}) / ({d_text}) = {spread}"
        if low.holds and high.holds:
            self.add(f, "consistent", f"{detail}; holds.", "ratio")
        elif low.holds or high.holds:
            self.add(f, "doubtful", f"{detail}; holds only for some counts.", "ratio")
        elif low.loosely or high.loosely:
            self.add(
                f,
                "doubtful",
                f"{detail}; outside what the claim covers at its precision "
                f"({low.low:g}-{low.high:g}), but within 10% of it.",
                "ratio",
            )
        else:
            self.add(
                f,
                "inconsistent",
                f"{detail}; outside what the claim covers ({low.low:g}-{low.high:g}).",
                "ratio",
            )

    def list_figure(self, f: Figure) -> None:
        if f.count is not None and len(f.values) != f.count:
            self.add(
                f,
                "inconsistent",
                f"The list has {len(f.values)} percentages, but the text counts {f.count}.",
                "list",
            )
        else:
            self.add(f, "consistent", f"{len(f.values)} percentages listed, as counted.", "list")

    def external_figure(self, f: Figure) -> None:
        if f.count is not None and f.value is not None and f.base is None:
            found, complete = _bases_of(f)
            if not found.possible and not complete:
                self.add(
                    f, "unchecked", f"{_unsearched(f, found)} (another source's figure)", "bases"
                )
                return
            if not found.possible or not f.restates:
                verdict: Verdict = "consistent" if found.possible else "impossible"
                self.add(f, verdict, f"{found.explanation} (another source's figure)", "bases")
                return
        if f.restates:
            self.restated_external(f)
            return
        self.add(f, "unchecked", "A figure from another source, or not a share.", f.kind)

    def _restated_numbers(
        self, ref: dict[str, Any]
    ) -> tuple[tuple[Fraction, Fraction] | None, tuple[Fraction, Fraction] | None, str]:
        """Return what a restated figure or cell says: its counts, its share (in percent)."""
        if "table" in ref:
            values = self.table_values(ref)
            printed = self.table_count(ref)
            counts = None if printed is None else (Fraction(printed), Fraction(printed))
            return counts, _share_range(values), values.text
        other = self.all[ref["figure"]]
        name = f"{other.figure}: "
        if other.kind == "base" and other.base:
            return (Fraction(other.base),) * 2, None, f"{name}n={other.base}"
        if other.count is not None:
            count = Fraction(other.count)
            if other.base:
                share = 100 * Fraction(other.count, other.base)
                text = f"{name}{other.count} of {other.base} ({_pct(share / 100)})"
                return (count, count), (share, share), text
            return (count, count), None, f"{name}{other.count}"
        if other.value is None:
            return None, None, other.figure
        if other.base:
            rule = _rule(other)
            fits = _percent(other.value, other.base, decimals=other.decimals, rules=rule).counts[
                rule
            ]
            if len(fits):
                low, high = Fraction(fits[0]), Fraction(fits[-1])
                spread = f"{fits[0]}" if len(fits) == 1 else f"{fits[0]}-{fits[-1]}"
                text = f"{name}{other.value:g}% of {other.base} (count {spread})"
                return (low, high), (100 * low / other.base, 100 * high / other.base), text
        values = _printed_interval(other.value, f"{name}{other.value:g}", other.decimals)
        return None, _share_range(values), values.text

    def restated_external(self, f: Figure) -> None:
        """Check another source's figure against the one it restates, by its qualifier."""
        assert f.restates is not None
        counts, shares, said = self._restated_numbers(f.restates)
        family = _family(f.qualifier)
        words = f"'{f.qualifier} " if f.qualifier else "'"
        readings: list[tuple[Verdict, str]] = []
        if f.count is not None and counts is not None:
            verdict = _qualified(family, Fraction(f.count), Fraction(1), *counts)
            readings.append((verdict, f"{words}{f.count}' (a count)"))
        elif f.value is not None:
            value = Fraction(str(f.value))
            unit = Fraction(1, 10**f.decimals)
            if counts is not None and value.denominator == 1 and not f.decimals:
                verdict = _qualified(family, value, Fraction(1), *counts)
                readings.append((verdict, f"{words}{f.value:g}' read as a count"))
            if shares is not None and 0 <= value <= 100:  # a percentage
                verdict = _qualified(family, value, unit, *shares)
                readings.append((verdict, f"{words}{f.value:g}%' read as a percentage"))
        if not readings:
            self.add(
                f,
                "unchecked",
                f"Restates {said}, which prints no number of the same kind to compare with.",
                "restates",
            )
            return
        order = ["consistent", "doubtful", "inconsistent"]
        verdict, text = min(readings, key=lambda r: order.index(r[0]))
        if verdict == "consistent":
            self.add(f, verdict, f"{text} holds of {said}.", "restates")
        elif verdict == "doubtful":
            self.add(f, verdict, f"{text} is near, but not within, {said}.", "restates")
        elif len(readings) == 1:
            self.add(f, verdict, f"{text} does not hold of {said}.", "restates")
        else:
            tried = " nor ".join(t for _, t in readings)
            self.add(f, verdict, f"Neither {tried} holds of {said}.", "restates")

    def figure(self, f: Figure) -> None:
        handler = {
            "percent": self.percent_figure,
            "share": self.share_figure,
            "count": self.count_figure,
            "ratio": self.ratio_figure,
            "list": self.list_figure,
            "external": self.external_figure,
        }.get(f.kind)
        if handler is None:
            if f.kind != "base":
                self.add(f, "unchecked", f"A {f.kind}, not a share of respondents.", f.kind)
            return
        handler(f)

    def guarded(self, step: Any, f: Figure) -> None:
        """Run one check; an error names the row of the file it comes from."""
        try:
            step(f)
        except TracktrError as error:
            where = "entry" if self.file.name.endswith(".toml") else "row"
            msg = f"{self.file.name}, {where} {f.line} ({f.figure!r}): {error}"
            raise ReadError(msg, path=self.file.name, mismatches=(msg,)) from error

    # -- tables ---------------------------------------------------------------------------

    def table(self, spec: Figure) -> None:
        check_table(self, spec)

    # -- checks between figures -------------------------------------------------------------

    def distribution_figure(self, f: Figure) -> None:
        """Check the parts of one question together: one partition of one base."""
        if f.table:
            return  # a row of a table: checked with its table
        labels: list[str] = []
        values: list[float | str] = []
        places: list[int] = []
        for position, (label, cell) in enumerate(f.parts, start=1):
            # Unlabelled parts are named by what they print, and two parts printing the
            # same number ("33; 33; 33") by their position too: every part is kept.
            name = label or cell
            labels.append(f"{name} (part {position})" if name in labels else name)
            if cell in self.all:
                value = self.all[cell].value
                assert value is not None
                values.append(value)
                typed = self.all[cell].decimals
            else:
                values.append(cell)  # a number printed in the parts: read exactly
                typed = _decimals_of(cell)
            # Each part to its own decimals ("12.5" beside "88"); the distribution's
            # `decimals`, when given, is the least every part prints.
            places.append(max(f.decimals, typed))
        base = self._distribution_base(f)
        # `complete` blank: the parts need not be every answer (a suppressed cell).
        complete = bool(f.complete)
        rule = _rule(f)
        if rule == "largest_remainder" and not complete:
            self.add(
                f,
                "unchecked",
                "Largest-remainder rounding shares out a whole base, and `complete` is not "
                "yes: set complete = yes if these parts are every answer.",
                "distribution",
            )
            return
        result = _distribution(
            dict(zip(labels, values, strict=True)),
            base,
            decimals=places,
            complete=complete,
            rule=rule,
        )
        verdict: Verdict = "consistent" if result.possible else "impossible"
        self.add(f, verdict, result.explanation, "distribution")

    def _distribution_base(self, f: Figure) -> int | None:
        """Return the base to check a distribution at; report parts that print another.

        The options of one question are shares of one base, so a part that prints its own
        n= must print the distribution's (or, when the distribution prints none, the other
        parts'). A disagreement is a finding of its own, as for a figure that restates
        another; the distribution is then checked at its own base, or at none.
        """
        printed = _part_bases(f, self.all)
        found = _base_disagreement(f, printed)
        if found:
            self.add(f, "inconsistent", found, "distribution")
        if f.base or found:
            return f.base
        # Every part prints the same base: the distribution is a share of it.
        return next(iter(printed.values()), None)

    def between(self, f: Figure) -> None:
        if f.kind == "distribution":
            self.distribution_figure(f)
        elif f.kind == "sum":
            names = [ref for _, ref in f.parts]
            counts = [self.all[name].count for name in names]
            base = self.all[f.of]
            total = base.base
            got = sum(c or 0 for c in counts)
            parts = " + ".join(str(c) for c in counts)
            verdict: Verdict = "consistent" if got == total else "inconsistent"
            tail = ""
            for name in names:
                part = self.all[name]
                ref = part.restates or {}
                other = self.all.get(ref.get("figure", ""))
                if got != total and other is not None and other.count not in (None, part.count):
                    fixed = got - (part.count or 0) + (other.count or 0)
                    tail += (
                        f" With {other.count} from {other.where} ({other.figure}) instead of "
                        f"{part.count}, the sum is {fixed}."
                    )
            self.add(
                f,
                verdict,
                f"{parts} = {got}, {'equal to' if got == total else 'not'} {_base_name(base)}'s "
                f"n={total}.{tail}",
                "sum",
            )
        elif f.kind == "subset":
            part = self.all[f.parts[0][1]]
            of = self.all[f.of]
            top = f.base or 1
            assert part.count is not None
            low, high, _, _ = _phrase_bounds(of.phrase)
            # The largest count that is at most `high` of some base up to `top`: at `top`.
            most = int(high * top)
            loose = int((high + Fraction(3, 100)) * top)
            if part.count <= most:
                verdict, tail = "consistent", "fits"
            elif part.count <= loose:
                verdict, tail = "doubtful", "exceeds"
            else:
                verdict, tail = "inconsistent", "exceeds"
            self.add(
                f,
                verdict,
                f"{part.count} organisations are a subset of those '{of.phrase}' ({_pct(low)}-"
                f"{_pct(high)}) of at most {top}, i.e. at most {most}: {part.count} {tail} it.",
                "subset",
            )

    def run(self) -> list[Finding]:
        for f in self.figures.values():
            self.guarded(self.figure, f)
        for f in self.file:
            if f.kind == "table":
                self.guarded(self.table, f)
            elif f.kind in _BETWEEN:
                self.guarded(self.between, f)
        order = {name: i for i, name in enumerate(self.figures)}
        first: dict[str, int] = {}
        for i, f in enumerate(self.figures.values()):
            if f.kind != "base":
                first.setdefault(f.source, i)
        return sorted(self.found, key=lambda x: _position(x, order, first))


def _base_name(f: Figure) -> str:
    """Name the figure a sum adds up to: where it is printed ("Graph 1"), else its id."""
    return f.source or f.figure


def _part_bases(f: Figure, figures: dict[str, Figure]) -> dict[str, int]:
    """Return the base each part of distribution `f` prints, by part id (printed only)."""
    return {
        cell: base
        for _, cell in f.parts
        if cell in figures and (base := figures[cell].base) is not None
    }


def _base_disagreement(f: Figure, printed: dict[str, int]) -> str:
    """Say how the bases of distribution `f`'s parts disagree; empty when they do not."""
    bases = sorted(set(printed.values()))
    if f.base is not None:
        other = [name for name, base in printed.items() if base != f.base]
        if not other:
            return ""
        said = ", ".join(f"{name} (n={printed[name]})" for name in other)
        return (
            f"The distribution prints a base of {f.base}, but its parts {said} print "
            f"another: the options of one question are shares of one base. The parts are "
            f"checked together against {f.base}; check which base is a typo."
        )
    if len(bases) < 2:  # one base, or none printed: nothing disagrees
        return ""
    said = ", ".join(f"{name} (n={base})" for name, base in printed.items())
    return (
        f"The parts print different bases, {said}: the options of one question are shares "
        f"of one base. The parts are checked together without a base; check which base "
        f"is a typo, or print the distribution's base."
    )


def _position(finding: Finding, order: dict[str, int], first: dict[str, int]) -> tuple[int, int]:
    if finding.figure in order:
        return order[finding.figure], 0
    return first.get(finding.source.split(",")[0], len(order)), 1

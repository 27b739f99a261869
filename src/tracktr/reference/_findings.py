"""The checks :func:`tracktr.check.reference` runs over the 2016 report's figures.

Kept apart from :mod:`tracktr.check` (the general checker) because everything here is about
one report: which figure restates which table, which percentages belong to one question.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tracktr import check
from tracktr.check import Finding
from tracktr.reference import Figure, PublishedTable, _all_figures, _checks, table
from tracktr.rounding import percentage_units
from tracktr.typing import Verdict

_HALF = Fraction(1, 2)


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


def _pct(value: Fraction) -> str:
    return f"{float(100 * value):.1f}%"


def _printed_interval(value: float, text: str) -> _Values:
    v = Fraction(str(value))
    return _Values(low=(v - _HALF) / 100, high=(v + _HALF) / 100, text=text)


def _count_values(count: int, base: int, text: str) -> _Values:
    return _Values(exact=(Fraction(count, base),), text=text)


def _percent_values(f: Figure, base: int | None) -> _Values:
    assert f.value is not None
    if base:
        fits = check.percent(f.value, base, decimals=f.decimals, rules="half_up").counts["half_up"]
        if len(fits):
            shown = ", ".join(str(k) for k in fits)
            shares = ", ".join(_pct(Fraction(k, base)) for k in fits)
            return _Values(
                exact=tuple(Fraction(k, base) for k in fits),
                text=f"{f.value:g}% of {base} is {shown} ({shares})",
            )
    return _printed_interval(f.value, f"printed {f.value:g}%")


class _Run:
    def __init__(self) -> None:
        self.figures = {f.figure: f for f in _all_figures()}
        self.tables = {name: table(name) for name in ("table_1", "table_2", "table_3")}
        self.found: list[Finding] = []

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

    def table_values(self, ref: dict[str, Any]) -> _Values:
        t: PublishedTable = self.tables[ref["table"]]
        rows, columns = ref["rows"], ref["columns"]
        where = f"{ref['table'].replace('_', ' ').capitalize()}"
        if t.counts is not None:
            bases = t.base_series()
            assert bases is not None
            if t.percent_axis == "columns":
                if len(columns) != 1:
                    msg = "a restated share of a column-based table names one column"
                    raise ValueError(msg)
                base = int(bases[columns[0]])
            else:
                base = int(bases[rows[0]])
            count = int(t.counts.loc[rows, columns].to_numpy().sum())
            return _count_values(
                count, base, f"{where}: {count} of {base} ({_pct(Fraction(count, base))})"
            )
        frame = t.summary if rows == ["AVERAGE"] and t.summary is not None else t.printed
        printed = int(frame.loc[rows, columns].to_numpy().sum())
        cells = len(rows) * len(columns)
        return _Values(
            low=(printed - _HALF * cells) / 100,
            high=(printed + _HALF * cells) / 100,
            text=f"{where} prints {printed}%",
        )

    def figure_values(self, name: str, base: int | None = None) -> _Values | None:
        f = self.figures[name]
        b = base or f.base
        if f.count is not None and b and f.kind != "external":
            return _count_values(f.count, b, f"{f.count} of {b} ({_pct(Fraction(f.count, b))})")
        if f.kind == "percent" and f.value is not None:
            return _percent_values(f, b)
        if f.kind == "base" and f.value is not None:
            return None
        if f.phrase:
            low, high, _, _ = check._phrase_bounds(f.phrase)
            return _Values(low=low, high=high, text=f"'{f.phrase}' ({name})")
        return None

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
        low, high, _, high_in = check._phrase_bounds(phrase)
        covers = f"'{phrase}' covers {_pct(low)}-{_pct(high)}"
        if values.is_exact:
            results = [check.share(phrase, v) for v in values.exact]
            if any(r.holds for r in results):
                return "consistent", f"{covers}; {values.text}."
            best = min(results, key=lambda r: r.distance)
            return best.verdict, f"{covers}, but {values.text}."
        assert values.low is not None
        assert values.high is not None
        overlaps = values.low < high and values.high > low
        if overlaps or (high_in and values.low == high):
            return "consistent", f"{covers}; {values.text}."
        distance = max(low - values.high, values.low - high)
        verdict: Verdict = "doubtful" if distance <= Fraction(3, 100) else "inconsistent"
        return verdict, f"{covers}, but {values.text}."

    # -- figures --------------------------------------------------------------------------

    def percent_figure(self, f: Figure) -> None:
        assert f.value is not None
        if f.base:
            pc = check.percent(f.value, f.base, decimals=f.decimals)
            if not pc.possible_under("half_up"):
                self.add(f, "impossible", pc.explanation, "percent")
                return
        if f.restates:
            self.restated_percent(f)
            return
        if f.phrase:
            verdict, text = self.judge_phrase(f.phrase, _percent_values(f, f.base))
            self.add(f, verdict, text, "share")
            return
        if f.base:
            pc = check.percent(f.value, f.base, decimals=f.decimals, rules="half_up")
            self.add(f, "consistent", pc.explanation, "percent")
        else:
            self.add(f, "unchecked", f"No base is printed for {f.value:g}%.", "percent")

    def restated_percent(self, f: Figure) -> None:
        assert f.value is not None
        assert f.restates is not None
        value = Fraction(str(f.value))
        for values in self.ref_values(f.restates, f.base):
            if values.is_exact:
                fits = [v for v in values.exact if self._prints_as(v, value, f.decimals)]
                if fits:
                    self.add(f, "consistent", f"{f.value:g}% restates {values.text}.", "restates")
                else:
                    self.add(
                        f,
                        "inconsistent",
                        f"The text prints {f.value:g}%, but {values.text}, which prints as "
                        f"{self._printed(values.exact[0], f.decimals)}%.",
                        "restates",
                    )
                continue
            assert values.low is not None
            assert values.high is not None
            center = (values.low + values.high) / 2 * 100
            if value / 100 >= values.low and value / 100 < values.high:
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

    @staticmethod
    def _printed(share: Fraction, decimals: int) -> str:
        units = percentage_units([share.numerator], share.denominator, decimals=decimals)
        return f"{int(units[0]) / 10**decimals:g}"

    def _prints_as(self, share: Fraction, value: Fraction, decimals: int) -> bool:
        return Fraction(self._printed(share, decimals)) == value

    def share_figure(self, f: Figure) -> None:
        if f.restates:
            for values in self.ref_values(f.restates, f.base):
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
            fits = [
                k for k in range(f.base + 1) if check.share(f.phrase, Fraction(k, f.base)).holds
            ]
            if fits:
                self.add(
                    f,
                    "unchecked",
                    f"No count is printed; '{f.phrase}' of {f.base} means {fits[0]}"
                    f"{'' if len(fits) == 1 else f' to {fits[-1]}'} respondents.",
                    "share",
                )
            else:
                low, high, _, _ = check._phrase_bounds(f.phrase)
                below = [k for k in range(f.base + 1) if Fraction(k, f.base) <= low]
                above = [k for k in range(f.base + 1) if Fraction(k, f.base) >= high]
                near = below[-1:] + above[:1]
                verdict_s = min(
                    (check.share(f.phrase, Fraction(k, f.base)).verdict for k in near),
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
        if f.count is not None and f.value is not None and f.base is None and f.value != f.count:
            found = check.bases(
                f.count, f.value, decimals=f.decimals, rules="half_up", max_base=2000
            )
            fits = found.bases["half_up"]
            if not fits:
                self.add(f, "impossible", found.explanation, "bases")
                return
            if f.restates and "figure" in f.restates:
                other = self.figures[f.restates["figure"]]
                if other.kind == "base" and other.base:
                    if other.base in fits:
                        self.add(
                            f,
                            "consistent",
                            f"{found.explanation[:-1]}, which includes {other.source}'s "
                            f"n={other.base}.",
                            "bases",
                        )
                    else:
                        self.add(
                            f,
                            "inconsistent",
                            f"{found.explanation[:-1]}, not {other.source}'s n={other.base}.",
                            "bases",
                        )
                    return
            self.add(f, "consistent", found.explanation, "bases")
            return
        if f.restates and "figure" in f.restates:
            other = self.figures[f.restates["figure"]]
            theirs = other.count if other.count is not None else other.base
            if theirs is None or f.count is None:
                self.add(
                    f, "unchecked", f"Restates {other.figure}, which prints no count.", "restates"
                )
                return
            if theirs == f.count:
                self.add(
                    f,
                    "consistent",
                    f"{f.count} matches {other.figure} ({other.where}).",
                    "restates",
                )
            else:
                self.add(
                    f,
                    "inconsistent",
                    f"{f.count} here, but {theirs} in {other.where} ({other.figure}).",
                    "restates",
                )
            return
        self.add(f, "unchecked", "A count with nothing printed to compare it with.", "count")

    def side(self, ref: dict[str, Any]) -> tuple[Fraction, Fraction, str]:
        """Return a ratio side as an interval of values, and how it was found."""
        if "table" in ref:
            values = self.table_values(ref)
            v = values.exact[0]
            return v, v, values.text
        low = high = Fraction(0)
        texts = []
        for name in ref["figures"]:
            f = self.figures[name]
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
                check.percent(f.value, f.base, rules="half_up").counts["half_up"]
                if f.base
                else range(0)
            )
            if len(fits) and f.base:
                low += Fraction(fits[0], f.base)
                high += Fraction(fits[-1], f.base)
                texts.append(f"{f.value:g}% ({'/'.join(str(k) for k in fits)} of {f.base})")
            else:
                low += (Fraction(str(f.value)) - _HALF) / 100
                high += (Fraction(str(f.value)) + _HALF) / 100
                texts.append(f"{f.value:g}%")
        return low, high, " + ".join(texts)

    def ratio_figure(self, f: Figure) -> None:
        assert f.numerator is not None
        assert f.denominator is not None
        assert f.value is not None
        n_lo, n_hi, n_text = self.side(f.numerator)
        d_lo, d_hi, d_text = self.side(f.denominator)
        qualifier = f.qualifier or "about"
        low = check.ratio(f.value, n_lo, d_hi, qualifier=qualifier)  # type: ignore[arg-type]
        high = check.ratio(f.value, n_hi, d_lo, qualifier=qualifier)  # type: ignore[arg-type]
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
            found = check.bases(f.count, f.value, rules="half_up", max_base=2000)
            verdict: Verdict = "consistent" if found.possible else "impossible"
            self.add(f, verdict, f"{found.explanation} (another source's figure)", "bases")
            return
        if f.restates and "figure" in f.restates:
            other = self.figures[f.restates["figure"]]
            if other.value is not None and other.base and f.value is not None:
                fits = check.percent(other.value, other.base, rules="half_up").counts["half_up"]
                verdict = "consistent" if int(f.value) in fits else "inconsistent"
                self.add(
                    f,
                    verdict,
                    f"{f.value:g} against {other.value:g}% of {other.base} "
                    f"(counts {fits.start}-{fits.stop - 1}).",
                    "restates",
                )
                return
        self.add(f, "unchecked", "A figure from another source, or not a share.", f.kind)

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

    # -- tables ---------------------------------------------------------------------------

    def table_1(self) -> None:
        t = self.tables["table_1"]
        assert t.counts is not None
        result = check.table(t.counts, t.printed, t.implied_base, percent_axis="rows")
        rule = "half_up" if result.consistent else (result.rules[0] if result.rules else "half_up")
        common: set[int] | None = None
        for row in t.printed.index:
            for column in t.printed.columns:
                fits = check.bases(
                    int(t.counts.loc[row, column]),
                    int(t.printed.loc[row, column]),
                    rules=rule,  # type: ignore[arg-type]
                    max_base=1000,
                ).bases[rule]
                common = set(fits) if common is None else common & set(fits)
        bases_text = check._spans(sorted(common or ()))
        verdict: Verdict = "consistent"
        if not result.consistent:
            verdict = "doubtful" if result.rules else "inconsistent"
        self.add(
            None,
            verdict,
            f"{result.explanation} No base is printed; under {rule} the bases that fit every "
            f"cell are {bases_text}.",
            "table",
            figure="table_1",
            claim="Table 1 / " + t.title,
            source=t.source,
        )
        for _, cell in result.differing.iterrows():
            self.add(
                None,
                verdict,
                f"Table 1, {cell['row']} / {cell['column']}: printed {cell['printed']:g} "
                f"({cell['count']}); {cell['count']} of {cell['base']} is "
                f"{float(Fraction(100 * int(cell['count']), int(cell['base']))):.2f}%, which "
                f"rounds half-up to {cell['expected']:g}; explained by {cell['explained_by']}.",
                "table",
                figure=f"table_1_{_row_key(str(cell['row']))}_{_row_key(str(cell['column']))}",
                claim=f"{cell['row']}: {cell['printed']:g} ({cell['count']})",
                source=t.source,
            )

    def table_3(self) -> None:
        t = self.tables["table_3"]
        assert t.counts is not None
        assert t.bases is not None
        result = check.table(t.counts, t.printed, t.bases)
        sums = ", ".join(f"{c} {int(t.printed[c].sum())}" for c in t.printed.columns)
        verdict: Verdict = "consistent" if result.consistent else "inconsistent"
        self.add(
            None,
            verdict,
            f"{result.explanation} Column totals of the percentages: {sums}.",
            "table",
            figure="table_3",
            claim="Table 3 / " + t.title,
            source=t.source,
        )
        for column in t.counts.columns:
            if int(t.counts[column].sum()) != int(t.bases[column]):
                self.add(
                    None,
                    "inconsistent",
                    f"The {column} frequencies sum to {int(t.counts[column].sum())}, "
                    f"not n={int(t.bases[column])}.",
                    "sum",
                    figure="table_3",
                    claim="Table 3 / " + t.title,
                    source=t.source,
                )

    def table_2(self) -> None:
        t = self.tables["table_2"]
        common: set[int] | None = None
        for row in t.printed.index:
            values = t.printed.loc[row]
            result = check.distribution(values, None, max_base=1000)
            if not result.possible:
                floor = check.distribution(values, None, rule="floor", max_base=1000)
                also = " Truncation (floor) could produce it." if floor.possible else ""
                key = _row_key(str(row))
                self.add(
                    None,
                    "impossible",
                    f"Table 2, {row}: {result.explanation}{also}",
                    "distribution",
                    figure=f"s22_{key}_table_row",
                    claim=f"{row}: " + " / ".join(f"{c} {v}" for c, v in values.items()),
                    source=t.source,
                )
                continue
            common = set(result.bases) if common is None else common & set(result.bases)
        sample = int(self.figures["es_respondents"].count or 151)
        shared = sorted(b for b in (common or ()) if b <= sample)
        if shared:
            verdict_2: Verdict = "consistent"
            text = f"the other rows all fit a base of {check._spans(shared)}."
        else:
            verdict_2 = "doubtful"
            smallest = min(common) if common else None
            text = (
                f"each other row fits some base, but no single base up to the sample of "
                f"{sample} fits them all (the smallest common base is {smallest}), so the "
                "rows must have different, unprinted bases."
            )
        self.add(
            None,
            verdict_2,
            f"Table 2 prints no bases; {text}",
            "distribution",
            figure="table_2",
            claim="Table 2 / " + t.title,
            source=t.source,
        )
        assert t.summary is not None
        for column in t.printed.columns:
            mean = Fraction(int(t.printed[column].sum()), len(t.printed))
            printed = int(t.summary[column].iloc[0])
            verdict: Verdict = "consistent" if abs(mean - printed) < 1 else "inconsistent"
            self.add(
                None,
                verdict,
                f"AVERAGE {column} prints {printed}; the mean of the printed rows is "
                f"{float(mean):.2f}.",
                "average",
                figure=f"table_2_average_{_row_key(str(column))}",
                claim=f"AVERAGE {column} {printed}",
                source=t.source,
            )

    # -- cross-checks ---------------------------------------------------------------------

    def cross(self, spec: dict[str, Any]) -> None:
        kind = spec["kind"]
        source = spec.get("source", "")
        if kind == "distribution":
            labels, values = [], []
            for label, cell in spec["cells"]:
                labels.append(label)
                if isinstance(cell, str):
                    value = self.figures[cell].value
                    assert value is not None
                    values.append(value)
                else:
                    values.append(cell)
            result = check.distribution(
                dict(zip(labels, values, strict=True)), spec["base"], complete=spec["complete"]
            )
            verdict: Verdict = "consistent" if result.possible else "impossible"
            self.add(
                None,
                verdict,
                result.explanation,
                "distribution",
                figure=spec["id"],
                claim=spec["claim"],
                source=source,
            )
        elif kind == "sum":
            counts = [self.figures[name].count for name in spec["figures"]]
            total = self.figures[spec["total"]].base
            got = sum(c or 0 for c in counts)
            parts = " + ".join(str(c) for c in counts)
            verdict = "consistent" if got == total else "inconsistent"
            tail = ""
            for name in spec["figures"]:
                f = self.figures[name]
                ref = f.restates or {}
                other = self.figures.get(ref.get("figure", ""))
                if got != total and other is not None and other.count not in (None, f.count):
                    fixed = got - (f.count or 0) + (other.count or 0)
                    tail += (
                        f" With {other.count} from {other.where} ({other.figure}) instead of "
                        f"{f.count}, the sum is {fixed}."
                    )
            self.add(
                None,
                verdict,
                f"{parts} = {got}, {'equal to' if got == total else 'not'} {source}'s "
                f"n={total}.{tail}",
                "sum",
                figure=spec["id"],
                claim=spec["claim"],
                source=source,
            )
        elif kind == "at_most":
            f = self.figures[spec["figure"]]
            of = self.figures[spec["of"]]
            top = int(spec["max_base"])
            assert f.count is not None
            low, high, _, _ = check._phrase_bounds(of.phrase)
            most = max(int(high * b) for b in range(1, top + 1))
            loose = max(int((high + Fraction(3, 100)) * b) for b in range(1, top + 1))
            if f.count <= most:
                verdict, tail = "consistent", "fits"
            elif f.count <= loose:
                verdict, tail = "doubtful", "exceeds"
            else:
                verdict, tail = "inconsistent", "exceeds"
            self.add(
                None,
                verdict,
                f"{f.count} organisations are a subset of those '{of.phrase}' ({_pct(low)}-"
                f"{_pct(high)}) of at most {top}, i.e. at most {most}: {f.count} {tail} it.",
                "subset",
                figure=spec["id"],
                claim=spec["claim"],
                source=source,
            )

    def run(self) -> list[Finding]:
        for f in self.figures.values():
            self.figure(f)
        self.table_1()
        self.table_2()
        self.table_3()
        for spec in _checks():
            self.cross(spec)
        order = {name: i for i, name in enumerate(self.figures)}
        first: dict[str, int] = {}
        for i, f in enumerate(self.figures.values()):
            if f.kind != "base":
                first.setdefault(f.source, i)
        return sorted(self.found, key=lambda x: _position(x, order, first))


_STOP = {"people", "with", "a", "the", "and", "from", "of", "or", "e", "g", "their"}


def _row_key(label: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in label.lower()).split()
    return "_".join([w for w in words if w not in _STOP][:3])


def _position(finding: Finding, order: dict[str, int], first: dict[str, int]) -> tuple[int, int]:
    if finding.figure in order:
        return order[finding.figure], 0
    return first.get(finding.source.split(",")[0], len(order)), 1


@functools.cache
def run() -> tuple[Finding, ...]:
    """Return every finding about the report, consistent ones included (computed once)."""
    return tuple(_Run().run())


__all__ = ["run"]

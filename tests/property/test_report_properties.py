"""Hypothesis properties of figures files and tt.check.report.

A report whose figures are computed from real counts, by the rule it declares, must pass the
checker; the same report with one printed percentage one unit off must be found impossible
whenever no count of its base prints as the new value. A figures file must come back the
same from CSV and from TOML.
"""

from __future__ import annotations

import dataclasses
import itertools
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.rounding import RULES, percentage_units

SINGLE_RULES = [r for r in RULES if r != "largest_remainder"]


@st.composite
def partitions(draw: st.DrawFn) -> tuple[list[int], int]:
    """Counts of 2 to 5 options that share out a base of 1 to 400."""
    base = draw(st.integers(1, 400))
    options = draw(st.integers(2, 5))
    cuts = sorted(draw(st.lists(st.integers(0, base), min_size=options - 1, max_size=options - 1)))
    edges = [0, *cuts, base]
    return [b - a for a, b in itertools.pairwise(edges)], base


def report_rows(
    counts: list[int], base: int, rule: str, decimals: int
) -> tuple[list[dict[str, Any]], list[int]]:
    """The figures a careful report prints about one question, computed from its counts."""
    units = [int(u) for u in percentage_units(counts, base, rule=rule, decimals=decimals)]  # type: ignore[arg-type]
    scale = 10**decimals
    rows: list[dict[str, Any]] = [{"id": "n", "kind": "base", "source": "Graph 1", "base": base}]
    for i, u in enumerate(units):
        rows.append(
            {
                "id": f"o{i}",
                "kind": "percent",
                "source": "Graph 1",
                "option": f"option {i}",
                "value": u / scale,
                "decimals": decimals,
                "base": base,
                "rule": rule,
            }
        )
    parts = "; ".join(f"option {i} = o{i}" for i in range(len(counts)))
    rows.append(
        {
            "id": "all",
            "kind": "distribution",
            "source": "Graph 1",
            "base": base,
            "parts": parts,
            "complete": "yes",
            "rule": rule,
            "decimals": decimals,
        }
    )
    if rule != "largest_remainder":
        # "k organisations (p%)", with the graph's n= to match; a single printed figure has
        # no partition for largest remainder to share out.
        rows.append(
            {
                "id": "text",
                "kind": "count",
                "source": "text",
                "count": counts[0],
                "value": units[0] / scale,
                "decimals": decimals,
                "restates": "n",
                "rule": rule,
            }
        )
    return rows, units


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows).astype(object).fillna("")


def table_rows(
    columns: list[tuple[list[int], int]], rule: str, decimals: int
) -> list[dict[str, Any]]:
    """A table with a base per column, its cells printed from counts, and a sentence."""
    rows: list[dict[str, Any]] = [
        {
            "id": "t",
            "kind": "table",
            "source": "Table 1",
            "axis": "columns",
            "complete": "yes",
            "rule": rule,
            "decimals": decimals,
        }
    ]
    scale = 10**decimals
    for j, (counts, base) in enumerate(columns):
        units = percentage_units(counts, base, rule=rule, decimals=decimals)  # type: ignore[arg-type]
        rows.extend(
            {
                "kind": "cell",
                "source": "Table 1",
                "table": "t",
                "row": f"row {i}",
                "column": f"column {j}",
                "value": int(u) / scale,
                "decimals": decimals,
                "count": k,
                "base": base,
                "rule": rule,
            }
            for i, (k, u) in enumerate(zip(counts, units, strict=True))
        )
    first = percentage_units(columns[0][0], columns[0][1], rule=rule, decimals=decimals)  # type: ignore[arg-type]
    rows.append(
        {
            "id": "says",
            "kind": "percent",
            "source": "text",
            "value": int(first[0]) / scale,
            "decimals": decimals,
            "rule": rule,
            "restates": "t[column 0]: row 0",
        }
    )
    return rows


# Each example checks a whole report; fewer examples keep the test under two seconds.
@settings(max_examples=30)
@given(partitions(), st.sampled_from(RULES), st.integers(0, 1), st.integers(0, 400))
def test_a_consistent_report_has_no_impossible_finding(
    partition: tuple[list[int], int], rule: str, decimals: int, other: int
) -> None:
    counts, base = partition
    rows, _ = report_rows(counts, base, rule, decimals)
    # A second column: the same options among a subset of the respondents.
    subset = [min(k, max(other - sum(counts[:i]), 0)) for i, k in enumerate(counts)]
    columns = [(counts, base)] + ([(subset, sum(subset))] if sum(subset) else [])
    rows += table_rows(columns, rule, decimals)
    # A verbal share chosen by tracktr.describe for the first option's count.
    rows.append(
        {
            "id": "words",
            "kind": "share",
            "source": "text",
            "count": counts[0],
            "base": base,
            "phrase": tt.describe_share(Fraction(counts[0], base)),
        }
    )
    found = tt.check.report(_frame(rows), include_consistent=True)
    bad = [f for f in found if f.verdict in ("impossible", "inconsistent")]
    assert bad == [], bad
    assert {"o0", "all", "t", "says", "words"} <= {f.figure for f in found}


def _possible(units: int, base: int, rule: str, decimals: int) -> bool:
    printed = percentage_units(np.arange(base + 1), base, rule=rule, decimals=decimals)  # type: ignore[arg-type]
    return bool((printed == units).any())


@settings(max_examples=40)
@given(
    partitions(),
    st.sampled_from(SINGLE_RULES),
    st.integers(0, 1),
    st.integers(0, 4),
    st.sampled_from([-1, 1]),
)
def test_one_unit_off_is_found_when_impossible(
    partition: tuple[list[int], int], rule: str, decimals: int, which: int, step: int
) -> None:
    counts, base = partition
    rows, units = report_rows(counts, base, rule, decimals)
    i = which % len(units)
    new = units[i] + step
    if not 0 <= new <= 100 * 10**decimals:
        new = units[i] - step
    rows[1 + i]["value"] = new / 10**decimals
    found = tt.check.report(_frame(rows))
    flagged = {f.figure for f in found if f.verdict == "impossible"}
    if not _possible(new, base, rule, decimals):
        assert f"o{i}" in flagged
    else:
        assert f"o{i}" not in flagged


_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12
).map(str.strip)
_label = _text.filter(lambda s: not any(c in s for c in "=;+[]:") and s == s.strip())


@st.composite
def figures_files(draw: st.DrawFn) -> pd.DataFrame:
    """A valid figures file: bases, percentages, shares, a distribution, a table, links."""
    n = draw(st.integers(1, 6))
    rows: list[dict[str, Any]] = []
    for i in range(n):
        base = draw(st.integers(1, 10_000))
        rows.append(
            {
                "id": f"n{i}",
                "kind": "base",
                "base": base,
                "source": draw(_text),
                "claim": draw(_text),
                "note": draw(_text),
            }
        )
        decimals = draw(st.integers(0, 2))
        value = draw(st.integers(0, 100 * 10**decimals)) / 10**decimals
        rows.append(
            {
                "id": f"p{i}",
                "kind": "percent",
                "value": value,
                "decimals": decimals,
                "base": base,
                "option": draw(_text),
                "section": draw(_text),
                "rule": draw(st.sampled_from(["", *RULES])),
            }
        )
        rows.append(
            {
                "id": f"s{i}",
                "kind": "share",
                "phrase": "about a third",
                "restates": f"p{i}",
                "claim": draw(_text),
            }
        )
    rows.append(
        {
            "id": "d",
            "kind": "distribution",
            "complete": draw(st.booleans()),
            "parts": "; ".join(f"{draw(_label)} = p{i}" for i in range(n)),
        }
    )
    rows.append(
        {
            "id": "l",
            "kind": "list",
            "values": "; ".join(
                str(v) for v in draw(st.lists(st.integers(0, 100), min_size=1, max_size=4))
            ),
        }
    )
    rows.append(
        {
            "id": "r",
            "kind": "ratio",
            "value": draw(st.integers(1, 9)) / 2,
            "qualifier": "about",
            "numerator": "p0",
            "denominator": f"p{n - 1}",
        }
    )
    rows.append(
        {"id": "t", "kind": "table", "axis": "columns", "complete": True, "wording": draw(_text)}
    )
    labels = draw(st.lists(_label.filter(bool), min_size=1, max_size=3, unique=True))
    rows.extend(
        {
            "kind": "cell",
            "table": "t",
            "row": label,
            "column": "All",
            "value": draw(st.integers(0, 100)),
            "count": draw(st.integers(0, 5)),
            "base": 5,
        }
        for label in labels
    )
    rows.append({"id": "c", "kind": "percent", "value": 1, "restates": f"t[All]: {labels[0]}"})
    return _frame(rows)


# Each example writes and reads two files.
@settings(max_examples=15)
@given(figures_files())
def test_a_figures_file_round_trips_between_csv_and_toml(frame: pd.DataFrame) -> None:
    file = tt.reference.read_figures(frame)
    with tempfile.TemporaryDirectory() as folder:
        csv, toml = Path(folder) / "f.csv", Path(folder) / "f.toml"
        file.to_toml(toml)
        from_toml = tt.reference.read_figures(toml)
        from_toml.to_csv(csv)
        from_csv = tt.reference.read_figures(csv)

    def strip(f: tt.reference.FiguresFile) -> list[tt.reference.Figure]:
        return [dataclasses.replace(x, line=0) for x in f]

    assert strip(from_toml) == strip(file)
    assert strip(from_csv) == strip(file)
    assert from_csv.to_csv() == file.to_csv()

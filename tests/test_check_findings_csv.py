"""A check report written as CSV gives back every text, as the figures file does.

The findings CSV put an apostrophe before a text a spreadsheet would run as a formula
("=1" written "'=1"), but wrote a text that already began with one as it was: a claim
typed "'=1" (a figures file holds it as "''=1") came out "'=1", the same as "=1"
neutralised, and no reader could tell which had been printed. It now neutralises as
the figures file does (tracktr.reference._csv), which read_figures undoes exactly.
"""

from __future__ import annotations

import io

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr._numbers import parse_number
from tracktr._text import printable
from tracktr.reference._csv import restored


def _findings_with_sources(sources: list[str]) -> tt.check.Findings:
    figures = pd.DataFrame({
        "id": [f"f{k}" for k in range(len(sources))],
        "kind": ["percent"] * len(sources),
        "source": sources,
        "value": [94] * len(sources),
        "base": [19] * len(sources),
    })  # fmt: skip
    return tt.check.report(figures)


def _read_back(text: str) -> pd.DataFrame:
    return restored(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False))


def test_a_text_beginning_with_an_apostrophe_is_not_read_as_a_neutralised_formula() -> None:
    sources = ["=1+1", "'=1+1", "''=1", "'s-Hertogenbosch", "+44 20", "-10% or more", "@home"]
    text = _findings_with_sources(sources).render("csv")
    # Before: "=1+1" and "'=1+1" were both written "'=1+1".
    assert ",'=1+1," in text
    assert ",''=1+1," in text
    assert ",'''=1," in text
    assert ",'s-Hertogenbosch," in text  # no formula after it: as it is
    for start in ("=", "+", "-", "@"):
        assert f",{start}" not in text
    back = _read_back(text)
    assert sorted(back["source"]) == sorted(sources)


@given(st.lists(st.text(alphabet="'=+-@ab1 ", min_size=1, max_size=6), min_size=1, max_size=4))
def test_every_source_text_reads_back_as_written(sources: list[str]) -> None:
    found = _findings_with_sources(sources)
    text = found.render("csv")
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)["source"]
    # A spreadsheet runs no cell: one that starts a formula is a plain number ("-1").
    for cell in raw:
        if cell.startswith(("=", "+", "-", "@")):
            assert not isinstance(parse_number(cell), str), cell
    # Each text of the report back as it holds it (printable: no control characters).
    held = [printable(s) for s in found.to_frame()["source"]]
    assert _read_back(text)["source"].tolist() == held

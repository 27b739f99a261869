"""Sums a reader reads across the lines of a table, or of two tables (helper 80's probe).

1. ``trend(q)`` beside ``trend(q, by=g)``: a wave's column is the sum of that wave's
   block, less those with no group.
2. ``grid(q, by=g)`` protected alone: each item's rows of the groups add up to its
   ``All`` row.

The reader (:class:`tests.test_disclosure_round5.JointReader`) solves for each hidden
count over the joint table of the variables, with everything printed as equations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tests.test_disclosure_round5 import ANSWERED, JointReader

TREND = tt.Survey.from_dict(
    {
        "title": "Waves",
        "questions": [
            {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b", "c", "d"]},
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y", "z"]},
        ],
    }
)


def _pooled(seed: int) -> tt.waves.Pooled:
    rng = np.random.default_rng(seed)
    waves = {}
    for k, wave in enumerate(["w1", "w2"]):
        n = int(rng.integers(50, 80))
        frame = pd.DataFrame(
            {
                "respondent_id": [f"{wave}-{i}" for i in range(n)],
                "q": rng.choice(["a", "b", "c", "d"], n, p=[0.5, 0.3, 0.15, 0.05]),
                "g": rng.choice(["x", "y", "z"], n, p=[0.5, 0.4, 0.1]),
            }
        )
        waves[wave] = (frame.iloc[k:], TREND)
    return tt.waves.pool(waves, id="respondent_id")


def _read(reader: JointReader, result: tt.disclosure.Suppression, by_group: bool) -> None:
    lay = result.publication_layout()
    for label, cells in lay.rows:
        for column, cell in zip(lay.columns, cells, strict=True):
            wave, _, group = str(column).partition(": ")
            where = {"g": group} if by_group else {}
            mask = reader.mask(wave=wave, q=label, **where)
            name = f"{result.table.question}[{column}]: {label}"
            reader.figure(name, mask, printed=not isinstance(cell.count, str))
    for column, base in zip(lay.columns, lay.bases, strict=True):
        wave, _, group = str(column).partition(": ")
        where = {"g": group} if by_group else {}
        mask = reader.mask(wave=wave, q=ANSWERED, **where)
        reader.figure(f"[{column}]: Base", mask, printed=not isinstance(base, str))


@pytest.mark.parametrize("seed", range(6))
def test_a_trend_and_its_trend_by_group_are_protected_together(seed: int) -> None:
    # Before: the model linked a wave's column of trend(q) to its block of
    # trend(q, by=g) only through a one-wave crosstab, so a reader subtracted the
    # block's printed counts from the wave's and read a hidden 1 exactly (every seed of
    # helper 80's 40).
    pooled = _pooled(seed)
    tables = [tt.waves.trend(pooled, "q"), tt.waves.trend(pooled, "q", by="g")]
    published = tt.disclosure.protect(tables, threshold=5)
    reader = JointReader(pooled.data, ["wave", "q", "g"])
    _read(reader, published[0], by_group=False)
    _read(reader, published[1], by_group=True)
    assert reader.broken(5) == []
    assert published.met


GRID = tt.Survey.from_dict(
    {
        "title": "Grid",
        "questions": [
            {
                "id": "views",
                "type": "grid",
                "text": "How far do you agree?",
                "items": [
                    {"id": "i1", "label": "Item one", "column": "i1"},
                    {"id": "i2", "label": "Item two", "column": "i2"},
                ],
                "options": ["Agree", "Neutral", "Disagree"],
            },
            {"id": "region", "type": "single", "text": "Region?", "options": ["N", "S", "E"]},
        ],
    }
)


@pytest.mark.parametrize("seed", range(6))
def test_a_grid_by_group_protected_alone_hides_what_its_all_rows_give(seed: int) -> None:
    # Before: the model knew each row adds up to its base but not that an item's rows of
    # the groups add up to its All row: (E, Item one) Disagree = 11 - 5 - 5 = 1 was read
    # exactly (the audit said 0 to 10), in every seed of helper 80's 20.
    rng = np.random.default_rng(seed)
    n = 75
    options = ["Agree", "Neutral", "Disagree"]
    data = pd.DataFrame(
        {
            "respondent_id": range(n),
            "region": rng.choice(["N", "S", "E"], n, p=[0.55, 0.3, 0.15]),
            "i1": rng.choice(options, n, p=[0.55, 0.3, 0.15]),
            "i2": rng.choice(options, n, p=[0.3, 0.55, 0.15]),
        }
    )
    table = tt.grid(data, "views", survey=GRID, by="region")
    result = tt.disclosure.suppress(table, threshold=5)
    reader = JointReader(data, ["region", "i1", "i2"])
    lay = result.publication_layout()
    for label, cells in lay.rows:
        group, item = label if isinstance(label, tuple) else (None, label)
        column = "i1" if item == "Item one" else "i2"
        where = {} if group in (None, "All") else {"region": group}
        for option, cell in zip(lay.columns, cells, strict=True):
            mask = reader.mask(**{column: option}, **where)
            reader.figure(f"{label} {option}", mask, printed=not isinstance(cell.count, str))
    for label, base in zip([r for r, _ in lay.rows], lay.bases, strict=True):
        group, item = label
        column = "i1" if item == "Item one" else "i2"
        where = {} if group == "All" else {"region": group}
        mask = reader.mask(**{column: ANSWERED}, **where)
        reader.figure(f"{label} Base", mask, printed=not isinstance(base, str))
    assert reader.broken(5) == []

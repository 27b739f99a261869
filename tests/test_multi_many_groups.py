"""Weighted tick-all-that-apply sets by many groups: Kish effective bases per column.

The groups' slots are bytes when they fit (up to 126 groups); the effective bases were
counted from ``state + states * slot`` in those bytes, which wrapped past 127: from 32
groups a bare ``ValueError`` (a negative index), from 64 groups another group's cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tracktr as tt


def _kish(weights: pd.Series) -> float:
    """Kish's effective base, (sum w)^2 / sum w^2 (Kish 1965, Survey Sampling, 8.2)."""
    return float(weights.sum() ** 2 / (weights**2).sum())


def _set(groups: int, used: list[int], n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(groups)
    labels = [f"g{i}" for i in range(groups)]
    return pd.DataFrame(
        {
            "a": rng.integers(0, 2, n, dtype=np.int8),
            "b": rng.integers(0, 2, n, dtype=np.int8),
            "g": pd.Categorical.from_codes(
                rng.choice(used, n).astype(np.int8), categories=pd.Index(labels)
            ),
            "w": rng.random(n) + 0.5,
        }
    )


@pytest.mark.parametrize(
    ("groups", "used"),
    [
        (40, list(range(40))),  # slots 32..39: 4 x 32 + 3 wrapped negative (ValueError)
        (100, [0, 64]),  # slot 64: 4 x 64 + 3 wrapped to 3, group 0's answered cell
    ],
)
def test_effective_bases_of_many_groups_are_each_groups_own(groups: int, used: list[int]) -> None:
    data = _set(groups, used)
    table = tt.multi_response(data, "s", columns=["a", "b"], by="g", weights="w")
    answered = (data["a"] == 1) | (data["b"] == 1)
    expected = {f"g{i}": _kish(data["w"][answered & (data["g"] == f"g{i}")]) for i in used}
    expected["All"] = _kish(data["w"][answered])
    assert table.effective_bases is not None
    got = {label: float(table.effective_bases[label]) for label in expected}
    assert got == pytest.approx(expected, rel=1e-12)

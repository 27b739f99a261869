"""Values an engine holds that pandas holds otherwise give the table of the same answers.

Each test states the old behaviour it guards against; the reference is the pandas table of
the same answers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import tracktr as tt

pa = pytest.importorskip("pyarrow")


@pytest.mark.parametrize("blank", [float("nan"), None])
def test_a_pyarrow_dictionary_holding_a_blank_counts_it_as_a_blank(blank: float | None) -> None:
    # Old, NaN: a bare ValueError "Categorical categories cannot be null"; None: the
    # dictionary declared nothing, and the unused level 3.0 lost its row.
    levels = pa.array([1.0, blank, 2.0, 3.0], pa.float64())
    codes = pa.array([0, 1, 0, 2, None], pa.int8())
    table = pa.table({"q": pa.DictionaryArray.from_arrays(codes, levels)})
    frame = pd.DataFrame({"q": pd.Categorical([1.0, None, 1.0, 2.0, None], [1.0, 2.0, 3.0])})
    found, expected = tt.frequencies(table, "q"), tt.frequencies(frame, "q")
    pd.testing.assert_frame_equal(found.counts, expected.counts)
    pd.testing.assert_series_equal(found.bases, expected.bases)
    assert found.excluded is not None
    assert expected.excluded is not None
    pd.testing.assert_frame_equal(found.excluded, expected.excluded)
    assert found.counts["All"].to_dict() == {1.0: 2, 2.0: 1, 3.0: 0}


def _weighted_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "funder": ["CRC"] * 12 + ["Other"] * 14 + [None] * 4,
            "grants": (["Yes"] * 4 + ["No"] * 8 + ["Yes"] * 9 + ["No"] * 5 + ["Yes", "No"] * 2),
            "m1": [1, 0] * 15,
            "m2": [0, 0, 1] * 10,
            "w": [1.0, 2.0, 0.5, 0.0, 1.5] * 6,
        }
    )


@pytest.mark.parametrize(
    "options",
    [
        {"options": ["Yes", "No"]},
        {"options": ["Yes", "No"], "missing_group": "(none)"},
        {"columns": ["m1", "m2"], "question": "m"},
    ],
)
def test_a_weighted_comparison_of_an_engine_frame_is_the_pandas_comparison(
    options: dict[str, Any],
) -> None:
    # Old: a bare AttributeError on every engine (Kish bases were recomputed from the
    # rows with pandas indexing: "'Float64' object has no attribute 'kind'" on polars).
    from tests.test_engines import ENGINES

    frame = _weighted_frame()
    question = options.pop("question", "grants")
    expected = tt.compare_groups(frame, question, "funder", weights="w", **options)
    for make in ENGINES.values():
        found = tt.compare_groups(make(frame), question, "funder", weights="w", **options)
        assert found.effective_bases is not None
        assert expected.effective_bases is not None
        pd.testing.assert_series_equal(found.effective_bases, expected.effective_bases, rtol=1e-12)
        pd.testing.assert_frame_equal(found.to_frame(), expected.to_frame(), rtol=1e-9)
        pd.testing.assert_frame_equal(found.display(), expected.display())


def test_the_missing_group_of_a_weighted_comparison_has_its_kish_base() -> None:
    # Its respondents weigh 1, 2, 0.5, 0: Kish (3.5)**2 / 5.25 = 2.333..., as the table
    # records. Old: 4, its unweighted n (its rows matched no group, so no weights counted).
    frame = pd.DataFrame(
        {
            "g": ["a"] * 4 + ["b"] * 4 + [None] * 4,
            "q": ["Yes", "No"] * 6,
            "w": [1.0] * 8 + [1.0, 2.0, 0.5, 0.0],
        }
    )
    result = tt.compare_groups(frame, "q", "g", weights="w", missing_group="(none)")
    assert result.effective_bases is not None
    assert result.effective_bases["(none)"] == pytest.approx(3.5**2 / 5.25)
    assert result.table.effective_bases is not None
    assert result.effective_bases["(none)"] == result.table.effective_bases["(none)"]
    assert result.effective_bases["a"] == pytest.approx(4.0)


@pytest.mark.parametrize("column", ["q", "w"])
def test_a_column_named_like_the_count_of_zero_weights_is_named(column: str) -> None:
    # Old: EngineError "column with name '__tracktr_w0__' has more than one occurrence",
    # blaming the frame's own query, as the other names tracktr adds were before.
    pl = pytest.importorskip("polars")
    names = {"q": "q", "w": "w", column: "__tracktr_w0__"}
    frame = pl.DataFrame({names["q"]: ["a", "b", "a"], names["w"]: [1.0, 0.0, 2.0]})
    with pytest.raises(tt.InvalidDataError, match="names tracktr uses for its own columns"):
        tt.frequencies(frame, names["q"], weights=names["w"])

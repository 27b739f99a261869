"""Values an engine holds that pandas holds otherwise give the table of the same answers.

Each test states the old behaviour it guards against; the reference is the pandas table of
the same answers.
"""

from __future__ import annotations

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
    pd.testing.assert_frame_equal(found.excluded, expected.excluded)
    assert found.counts["All"].to_dict() == {1.0: 2, 2.0: 1, 3.0: 0}

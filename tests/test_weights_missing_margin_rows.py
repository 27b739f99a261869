"""Raking refuses respondents missing a margin's column, naming what they hold and who."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

SIZE = {"Small": 0.5, "Medium": 0.3, "Large": 0.2}


def _members() -> pd.DataFrame:
    # As tt.io.read_platform_export gives them: a respondent id column and a 0-based index.
    return pd.DataFrame(
        {
            "respondent_id": [101, 102, 103, 104, 105, 106],
            "size": ["Small", "<skipped>", "Large", "Medium", None, "Small"],
        }
    )


@pytest.mark.parametrize("weigh", [tt.weights.rake, tt.weights.calibrate])
def test_the_error_names_the_respondents_and_what_they_hold(weigh: Callable[..., Any]) -> None:
    data = _members()
    before = data.copy()
    with pytest.raises(
        tt.InvalidOptionError,
        match=(
            r"margin 'size' is missing in rows \[1, 4\] \(respondent_id \[102, 105\]\), "
            r"which hold \['<skipped>', (None|nan)\]: they cannot be weighted to it"
        ),
    ):
        weigh(data, {"size": SIZE})
    pd.testing.assert_frame_equal(data, before)


def test_without_an_id_column_the_rows_are_named_alone() -> None:
    data = (
        _members().drop(columns="respondent_id").set_index(pd.Index(["a", "b", "c", "d", "e", "f"]))
    )
    data.loc["e", "size"] = np.nan
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"margin 'size' is missing in rows \['b', 'e'\], which hold \['<skipped>', nan\]:",
    ):
        tt.weights.rake(data, {"size": SIZE})

"""Standard errors under raked weights with rows weighted 0, against R on the rows kept.

Known values: tests/reference/rake_zero_weights.csv, made by
tests/reference/rake_zero_weights.R (R 4.2.2, survey 4.1.1, Debian 12) on
tests/data/api/apiclus1.csv (R survey's data(api), GPL-2 | GPL-3): the cluster sample
without its first four schools, raked to school type, sch.wide and awards. R gives NaN
standard errors when those schools are kept at weight 0 (0 / 0 in its adjustment for the
raking); a row weighted 0 is in no sample, so tracktr with them at weight 0 must give R's
values without them. Tolerance: 1e-9 relative (the weights agree with R's to 1e-14).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "rake_zero_weights.csv", index_col=0)["value"]
CLUS1 = pd.read_csv(HERE / "data" / "api" / "apiclus1.csv")
MARGINS = {
    "stype": {"E": 4421, "H": 755, "M": 1018},
    "sch.wide": {"No": 1460, "Yes": 4734},
    "awards": {"No": 2500, "Yes": 3694},
}


def refs(key: str, n: int) -> np.ndarray:
    return np.array([float(REFERENCE[f"{key}[{i}]"]) for i in range(1, n + 1)])


def _raked(data: pd.DataFrame) -> tuple[pd.DataFrame, tt.Design]:
    raked = tt.weights.rake(data, MARGINS, weights="pw", max_iter=1000, tol=1e-13)
    frame = data.assign(w=raked.weights.to_numpy())
    return frame, tt.Design(weights="w", clusters="dnum", fpc="fpc", calibration=raked)


def test_rows_weighted_zero_leave_raked_standard_errors_as_without_them() -> None:
    zero = CLUS1.assign(pw=np.where(np.arange(len(CLUS1)) < 4, 0.0, CLUS1["pw"]))
    data, design = _raked(zero)
    mean = tt.design.estimate_means(data, "api00", design=design).rows
    np.testing.assert_allclose(mean[["estimate", "se"]].to_numpy().ravel(),
                               refs("mean.api00", 2), rtol=1e-9)  # fmt: skip
    by = tt.design.estimate_means(data, "api00", design=design, by="stype").rows
    np.testing.assert_allclose([*by["estimate"], *by["se"]], refs("by.api00.stype", 6),
                               rtol=1e-9)  # fmt: skip
    total = tt.design.estimate_totals(data, "enroll", design=design).rows
    np.testing.assert_allclose(total[["estimate", "se"]].to_numpy().ravel(),
                               refs("total.enroll", 2), rtol=1e-9)  # fmt: skip
    shares = tt.design.estimate_proportions(data, "yr.rnd", design=design).rows
    np.testing.assert_allclose([*shares["estimate"], *shares["se"]], refs("prop.yr_rnd", 4),
                               rtol=1e-9)  # fmt: skip


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(0, len(CLUS1) - 1), min_size=1, max_size=6, unique=True))
def test_weighting_rows_zero_is_dropping_them(rows: list[int]) -> None:
    # Whichever rows weigh 0 (a district keeps at least one school, or loses its PSU in
    # both): the raked design's standard errors are those of the rows without them.
    kept = CLUS1.drop(index=rows)
    if kept["dnum"].nunique() < CLUS1["dnum"].nunique():
        return  # a PSU lost: dropping it changes the design, weighting it 0 does not
    if any(kept[column].nunique() < len(MARGINS[column]) for column in MARGINS):
        return  # a category lost: no raking to that margin
    zero = CLUS1.assign(pw=CLUS1["pw"].where(~CLUS1.index.isin(rows), 0.0))
    with_zero, design_zero = _raked(zero)
    without, design = _raked(kept)
    found = tt.design.estimate_means(with_zero, "api00", design=design_zero).rows["se"]
    expected = tt.design.estimate_means(without, "api00", design=design).rows["se"]
    np.testing.assert_allclose(found, expected, rtol=1e-9)

"""tt.waves.change(weights=) set beside R survey's linearised change on the pooled design.

Known values: tests/reference/waves_weighted.csv, made by tests/reference/waves_weighted.R
(R 4.2.2, survey 4.1.1) from tests/reference/waves_weighted_input.csv: the two waves of
tt.datasets.tracktr_waves() stacked as one design with the organisation as the cluster,
``svyby(~y, ~wave, ..., covmat=TRUE)`` and ``svycontrast``. The shares and the change are
the same numbers; the variances are not, by design (Kish effective bases with a linearised
cross term, tracktr.waves._weighted), and the tests pin down how they differ, as
docs/guide/waves.rst reports.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import tracktr as tt
from tracktr.missing import is_missing

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "waves_weighted.csv", index_col=0)["value"]
INPUT = HERE / "reference" / "waves_weighted_input.csv"
BANDS = ["Under £100,000", "£100,000 - £250,000", "£250,000 - £500,000", "£500,000 - £1m",
         "Over £1m"]  # fmt: skip


def refs(key: str, n: int) -> np.ndarray:
    return np.array([float(REFERENCE[f"{key}[{i}]"]) for i in range(1, n + 1)])


@pytest.fixture(scope="module")
def weighted() -> tuple[tt.waves.Pooled, pd.Series]:
    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    data = pooled.data
    band = data["income"].astype(object).map({b: k for k, b in enumerate(BANDS)})
    w = np.where(band.isna(), 1.5, 2.0 - 0.25 * band.fillna(0).to_numpy(dtype=float))
    w = w * np.where(data["wave"] == "2015-10", 1.1, 1.0)
    return pooled, pd.Series(w, index=data.index)


def test_the_input_of_r_is_this_data(weighted: tuple[tt.waves.Pooled, pd.Series]) -> None:
    pooled, w = weighted
    data = pooled.data
    base = ~is_missing(data["main_funding"]).to_numpy()
    expected = pd.DataFrame({
        "wave": data["wave"].astype(str), "org": data["org_id"].astype(str),
        "y": (data["main_funding"] == "Funded by a CRC").astype(int), "weight": w,
    })[base].reset_index(drop=True)  # fmt: skip
    pd.testing.assert_frame_equal(pd.read_csv(INPUT), expected, check_dtype=False)


def test_shares_and_change_equal_r(weighted: tuple[tt.waves.Pooled, pd.Series]) -> None:
    pooled, w = weighted
    result = tt.waves.change(pooled, "main_funding", "Funded by a CRC", weights=w)
    np.testing.assert_allclose([result.proportion1, result.proportion2], refs("share", 2),
                               rtol=1e-12)  # fmt: skip
    np.testing.assert_allclose(result.difference, refs("change", 2)[0], rtol=1e-12)


def test_variances_sit_between_r_linearised_and_independent(
    weighted: tuple[tt.waves.Pooled, pd.Series],
) -> None:
    # Each wave's Kish variance p(1-p)/n* is 5-7% above R's linearised SE here (0.0311
    # against 0.0291, 0.0370 against 0.0352); the change's interval implies an SE of
    # 0.0364, between R's 0.0308 (the overlap's full linearised covariance) and 0.0456
    # (the waves as independent samples): the weighted change is conservative against R
    # (p = 0.039 against R's t test p = 0.020, both below 0.05).
    pooled, w = weighted
    result = tt.waves.change(pooled, "main_funding", "Funded by a CRC", weights=w)
    shares = np.array([result.proportion1, result.proportion2])
    kish = np.sqrt(shares * (1 - shares) / np.array(result.effective_bases))
    ratio = kish / refs("share.se", 2)
    assert np.all((ratio > 1.0) & (ratio < 1.1)), ratio
    low, high = result.difference_ci
    implied = (high - low) / 2 / stats.norm.ppf(0.975)
    r_se = refs("change", 2)[1]
    assert r_se < implied < refs("change.se_independent", 1)[0]
    assert implied / r_se == pytest.approx(1.18, abs=0.01)
    _, _, r_p = refs("change.test", 3)
    assert r_p < result.p_value < 0.05
    assert result.p_value == pytest.approx(0.0387, abs=5e-4)
    assert r_p == pytest.approx(0.0197, abs=5e-4)


def test_the_design_route_on_stacked_waves_is_r() -> None:
    # The guide's advice for a design-based change: stack the waves, the organisation as
    # the cluster, and compare the two waves as domains. That is R's computation.
    stacked = pd.read_csv(INPUT).assign(answer=lambda d: d["y"].map({1: "CRC", 0: "Other"}))
    design = tt.Design(weights="weight", clusters="org")
    result = tt.design.difference(stacked, "answer", "wave", option="CRC",
                                  groups=("2015-05", "2015-10"), design=design)  # fmt: skip
    np.testing.assert_allclose([result.difference, result.se], refs("change", 2), rtol=1e-9)
    np.testing.assert_allclose(result.estimates, refs("share", 2), rtol=1e-12)
    t_value, degf, _ = refs("change.test", 3)
    np.testing.assert_allclose(result.statistic, t_value, rtol=1e-9)
    assert result.df == degf - 1  # svyttest's df (R's contrast here used degf)


def test_a_weighted_change_shows_no_unweighted_paired_difference(
    weighted: tuple[tt.waves.Pooled, pd.Series],
) -> None:
    # Before: the unweighted (c - b)/m sat beside the weighted shares, unflagged.
    pooled, w = weighted
    frame = tt.waves.change(pooled, "main_funding", "Funded by a CRC", weights=w).to_frame()
    assert frame.loc[["paired_difference", "independent_difference"]].isna().all().all()
    assert frame.loc[["proportion_1", "proportion_2", "difference"]].notna()["estimate"].all()
    plain = tt.waves.change(pooled, "main_funding", "Funded by a CRC").to_frame()
    assert plain.loc["paired_difference"].notna().all()

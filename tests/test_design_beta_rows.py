"""The Korn–Graubard ("beta") interval where R's svyciprop counts rows nobody answered for.

Known values: tests/reference/survey_beta_rows.csv, made by tests/reference/survey_beta_rows.R
(R 4.2.2, survey 4.1.1, Debian 12) on tests/data/api/ (R survey's data(api), GPL-2 | GPL-3).

R scales the effective base by ``(qt(alpha/2, nrow(design) - 1) / qt(alpha/2, degf))^2``,
where ``nrow(design)`` is every row the design object stores: rows weighted 0, and in a
domain of a calibrated design the whole sample (its subsets keep all rows). tracktr counts
the respondents of the estimate (weight above 0), so that an interval does not change when
rows weighted 0 are dropped, nor a domain's with whether the weights were calibrated. These
tests pin that this count is the only difference: tracktr equals R on the same design
without its zero-weight rows and on domains of a design that is not calibrated, and given
R's count it gives R's interval. Tolerance: 1e-9 relative (1e-7 after raking, whose weights
agree with R's to 3e-11).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.design._estimates import _proportion_intervals

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "survey_beta_rows.csv", index_col=0)["value"]
STRAT = pd.read_csv(HERE / "data" / "api" / "apistrat.csv")
CLUS1 = pd.read_csv(HERE / "data" / "api" / "apiclus1.csv")


def refs(key: str, n: int = 3) -> np.ndarray:
    return np.array([float(REFERENCE[f"{key}[{i}]"]) for i in range(1, n + 1)])


def _zero() -> tuple[pd.DataFrame, tt.Design]:
    data = STRAT.copy()
    data.loc[data.index[data["stype"] == "H"][:5], "pw"] = 0.0
    return data, tt.Design(weights="pw", strata="stype", fpc="fpc")


def _yes(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["option"] == "Yes"].set_index("group")


def _with_n(row: pd.Series, n: float, degf: int) -> list[float]:
    """The interval of `row` with R's count of rows in the Korn–Graubard correction."""
    low, high, _ = _proportion_intervals(
        np.array([row["estimate"]]), np.array([row["se"]]), np.array([row["n_eff"]]),
        np.array([n]), degf, "beta", 0.95,
    )  # fmt: skip
    return [float(row["estimate"]), float(low[0]), float(high[0])]


def test_zero_weights_do_not_change_the_beta_interval() -> None:
    data, design = _zero()
    rows = tt.design.estimate_proportions(data, "awards", design=design, method="beta").rows
    yes = rows.set_index("option").loc["Yes"]
    found = [yes["estimate"], yes["ci_low"], yes["ci_high"]]
    # R without the five zero-weight rows; with them R's interval moves by 1.2e-5
    np.testing.assert_allclose(found, refs("zero.without_rows"), rtol=1e-9)
    assert abs(found[1] - refs("zero.with_rows")[1]) > 1e-6
    nrow = refs("zero.nrow", 1)[0]
    assert nrow == len(data) == yes["n"] + 5
    degf = design.bind(data).degf
    np.testing.assert_allclose(_with_n(yes, nrow, degf), refs("zero.with_rows"), rtol=1e-9)


@pytest.mark.parametrize("group", ["E", "H", "M"])
def test_domains_of_an_uncalibrated_design_match_r(group: str) -> None:
    design = tt.Design(weights="pw", clusters="dnum", fpc="fpc")
    rows = tt.design.estimate_proportions(CLUS1, "awards", design=design, by="stype",
                                          method="beta").rows  # fmt: skip
    row = _yes(rows).loc[group]
    found = [row["estimate"], row["ci_low"], row["ci_high"]]
    np.testing.assert_allclose(found, refs(f"plain.{group}"), rtol=1e-9)


@pytest.mark.parametrize("group", ["E", "H", "M"])
def test_domains_of_a_raked_design_differ_from_r_by_its_row_count_only(group: str) -> None:
    margins = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1460, "Yes": 4734}}
    raked = tt.weights.rake(CLUS1, margins, weights="pw", max_iter=1000, tol=1e-12)
    data = CLUS1.assign(w=raked.weights.to_numpy())
    design = tt.Design(weights="w", clusters="dnum", fpc="fpc", calibration=raked)
    rows = tt.design.estimate_proportions(data, "awards", design=design, by="stype",
                                          method="beta").rows  # fmt: skip
    row = _yes(rows).loc[group]
    nrow = refs(f"raked.{group}.nrow", 1)[0]
    assert nrow == len(data) > row["n"]  # R counts the whole sample in each domain
    degf = design.bind(data).domain_degf(np.flatnonzero(data["stype"] == group))
    np.testing.assert_allclose(_with_n(row, nrow, degf), refs(f"raked.{group}"), rtol=1e-7)
    # tracktr's own: the domain's respondents, as R gives without the calibration
    expected = _with_n(row, float(row["n"]), degf)
    np.testing.assert_allclose([row["estimate"], row["ci_low"], row["ci_high"]], expected,
                               rtol=1e-12)  # fmt: skip

"""Design-based estimates and tests of a polars, DuckDB or pyarrow frame equal R survey's.

Before, every function of :mod:`tracktr.design` given an engine's frame failed with
``AttributeError: 'DataFrame' object has no attribute 'index'`` (or ``columns``) from
inside. The rows they need (scores summed by PSU and stratum) are now read in: only the
columns the call names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "survey_api.csv", index_col=0)["value"]
STRAT = pd.read_csv(HERE / "data" / "api" / "apistrat.csv")
# svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=apistrat)
DESIGN = tt.Design(weights="pw", strata="stype", fpc="fpc")

ENGINES: dict[str, Callable[[pd.DataFrame], object]] = {
    "polars": pl.from_pandas,
    "polars-lazy": lambda f: pl.from_pandas(f).lazy(),
    "duckdb": lambda f: duckdb.from_arrow(pa.Table.from_pandas(f, preserve_index=False)),
    "pyarrow": lambda f: pa.Table.from_pandas(f, preserve_index=False),
}


def refs(key: str, n: int = 1) -> list[float]:
    return [float(REFERENCE[key if n == 1 else f"{key}[{i}]"]) for i in range(1, n + 1)]


@pytest.fixture(params=sorted(ENGINES))
def frame(request: pytest.FixtureRequest) -> object:
    return ENGINES[request.param](STRAT)


def test_means_totals_and_ratios_equal_r(frame: object) -> None:
    row = tt.design.estimate_means(frame, "api00", design=DESIGN).rows.iloc[0]
    np.testing.assert_allclose([row["estimate"], row["se"]], refs("strat.mean.api00.est")
                               + refs("strat.mean.api00.se"), rtol=1e-6)  # fmt: skip
    row = tt.design.estimate_totals(frame, "enroll", design=DESIGN).rows.iloc[0]
    np.testing.assert_allclose([row["estimate"], row["se"]], refs("strat.total.enroll.est")
                               + refs("strat.total.enroll.se"), rtol=1e-6)  # fmt: skip
    row = tt.design.estimate_ratio(frame, "api00", "api99", design=DESIGN).rows.iloc[0]
    np.testing.assert_allclose(row["estimate"], refs("strat.ratio.api00_api99.est"), rtol=1e-6)


def test_shares_by_domain_equal_r(frame: object) -> None:
    rows = tt.design.estimate_proportions(frame, "awards", design=DESIGN, by="stype").rows
    ordered = rows.sort_values(["option", "group"])
    np.testing.assert_allclose(ordered["estimate"], refs("strat.by.awards.stype.est", 6), rtol=1e-6)
    np.testing.assert_allclose(ordered["se"], refs("strat.by.awards.stype.se", 6), rtol=1e-6)


def test_tests_equal_the_pandas_tests(frame: object) -> None:
    test = tt.design.chisq(frame, "sch.wide", "stype", design=DESIGN)
    np.testing.assert_allclose([test.statistic, *test.df, test.p_value],
                               refs("strat.chisq.sch.wide_stype.F", 4), rtol=1e-6)  # fmt: skip
    result = tt.design.difference(frame, "awards", "yr.rnd", option="Yes", design=DESIGN)
    expected = tt.design.difference(STRAT, "awards", "yr.rnd", option="Yes", design=DESIGN)
    assert (result.difference, result.se, result.p_value) == (
        expected.difference, expected.se, expected.p_value)  # fmt: skip
    ranked = tt.design.ranktest(frame, "api00", "stype", design=DESIGN)
    assert ranked.p_value == tt.design.ranktest(STRAT, "api00", "stype", design=DESIGN).p_value
    compared = tt.design.compare_groups(frame, "awards", "stype", design=DESIGN)
    pd.testing.assert_frame_equal(
        compared.to_frame(),
        tt.design.compare_groups(STRAT, "awards", "stype", design=DESIGN).to_frame(),
    )


def test_a_design_column_the_frame_lacks_is_named() -> None:
    frame = pl.from_pandas(STRAT.drop(columns="fpc"))
    with pytest.raises(tt.QuestionNotFoundError, match="design column 'fpc' is not in the data"):
        tt.design.estimate_means(frame, "api00", design=DESIGN)

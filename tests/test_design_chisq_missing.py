"""Rao–Scott tests where some respondents did not answer, against R's svychisq.

Known values: tests/reference/survey_chisq_missing.csv, made by
tests/reference/survey_chisq_missing.R (R 4.2.2, survey 4.1.1, Debian 12) on
tests/data/api/apistrat.csv (R survey's data(api), GPL-2 | GPL-3), with a question that 66
of the 200 schools do not answer. The F test and every p-value agree; R's printed Pearson
X-squared is scaled to every row of the design (200), tracktr's to the respondents who
answered both, so R's is tracktr's times N / n. Tolerance: 1e-9 relative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "survey_chisq_missing.csv", index_col=0)["value"]
STRAT = pd.read_csv(HERE / "data" / "api" / "apistrat.csv")
DATA = STRAT.assign(
    big46=pd.Series(np.where(STRAT["acs.46"] > 28, "Yes", "No")).where(STRAT["acs.46"].notna())
)
DESIGN = tt.Design(weights="pw", strata="stype", fpc="fpc")


def refs(key: str, n: int) -> np.ndarray:
    return np.array([float(REFERENCE[f"{key}[{i}]"]) for i in range(1, n + 1)])


@pytest.mark.parametrize(("row", "column"), [("awards", "big46"), ("big46", "stype")])
def test_rao_scott_with_missing_answers_matches_svychisq(row: str, column: str) -> None:
    key = f"strat.{row}_{column}"
    f_test = tt.design.chisq(DATA, row, column, design=DESIGN)
    np.testing.assert_allclose([f_test.statistic, *f_test.df, f_test.p_value],
                               refs(f"{key}.F", 4), rtol=1e-9)  # fmt: skip
    first = tt.design.chisq(DATA, row, column, design=DESIGN, statistic="Chisq")
    statistic, dof, p_value = refs(f"{key}.Chisq", 3)
    np.testing.assert_allclose([first.df[0], first.p_value], [dof, p_value], rtol=1e-9)
    scale = refs("strat.nrow", 1)[0] / first.n  # R's X-squared is on all 200 rows
    assert first.n == int(DATA[[row, column]].notna().all(axis=1).sum()) < len(DATA)
    np.testing.assert_allclose(first.statistic * scale, statistic, rtol=1e-9)

"""The SD of a weighted table's mean score: R survey's svyvar, free of the weights' scale.

Before, ``tt.mean_scores`` divided by sum(w) - 1, reading the weights as frequencies: the
api sample's weights, grossed up to 6,194 schools, gave an SD of 0.6967 where R's
``sqrt(svyvar(~score, design))`` (and ``tt.summarise`` of the same scores) gives 0.6984,
and weights summing to 1 gave no SD at all.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

HERE = Path(__file__).resolve().parent
SCORES = {"E": 1, "M": 2, "H": 3}


def reference() -> dict[str, str]:
    with (HERE / "reference" / "mean_scores_api.csv").open(encoding="utf-8") as handle:
        return {row["key"]: row["value"] for row in csv.DictReader(handle)}


def api_scores() -> pd.DataFrame:
    data = pd.read_csv(HERE / "data" / "api" / "apistrat.csv")
    table = tt.frequencies(data, "stype", by="awards", weights="pw", options=["E", "M", "H"])
    return tt.mean_scores(table, SCORES)


@pytest.mark.parametrize("group", ["No", "Yes", "All"])
def test_mean_and_sd_equal_r_survey_svyvar(group: str) -> None:
    expected = reference()
    key = "all" if group == "All" else group
    scores = api_scores()
    assert scores.loc[group, "mean"] == pytest.approx(float(expected[f"{key}.mean"]), rel=1e-12)
    assert scores.loc[group, "sd"] == pytest.approx(float(expected[f"{key}.sd"]), rel=1e-12)


def test_sd_equals_summarise_of_the_scores() -> None:
    data = pd.read_csv(HERE / "data" / "api" / "apistrat.csv")
    numeric = tt.summarise(data.assign(score=data["stype"].map(SCORES)), "score",
                           by="awards", weights="pw").to_frame()  # fmt: skip
    scores = api_scores()
    for group in ["No", "Yes", "All"]:
        assert scores.loc[group, "sd"] == pytest.approx(numeric.loc[group, "sd"], rel=1e-12)


answers = st.lists(st.sampled_from(["Low", "Mid", "High", "Don't know"]), min_size=2, max_size=40)


def frame(cells: list[str]) -> pd.DataFrame:
    options = ["Low", "Mid", "High", "Don't know"]
    return pd.DataFrame({"q": pd.Categorical(cells, categories=options)})


def sd_of(cells: list[str], weights: list[float]) -> float:
    table = tt.frequencies(frame(cells), "q", weights=weights)
    return float(tt.mean_scores(table, {"Low": 1, "Mid": 2, "High": 3}).loc["All", "sd"])


@settings(max_examples=60, deadline=None)
@given(cells=answers, data=st.data(), scale=st.sampled_from([1e-3, 1 / 7, 3.0, 250.0]))
def test_sd_does_not_change_with_the_weights_scale(
    cells: list[str], data: st.DataObject, scale: float
) -> None:
    weights = data.draw(st.lists(st.floats(0.25, 4.0), min_size=len(cells), max_size=len(cells)))
    plain, scaled = sd_of(cells, weights), sd_of(cells, [w * scale for w in weights])
    if np.isnan(plain):
        assert np.isnan(scaled)
    else:
        assert scaled == pytest.approx(plain, rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(cells=answers)
def test_equal_weights_give_the_unweighted_sd(cells: list[str]) -> None:
    table = tt.frequencies(frame(cells), "q")
    unweighted = float(tt.mean_scores(table, {"Low": 1, "Mid": 2, "High": 3}).loc["All", "sd"])
    weighted = sd_of(cells, [0.5] * len(cells))
    if np.isnan(unweighted):
        assert np.isnan(weighted)
    else:
        assert weighted == pytest.approx(unweighted, rel=1e-9, abs=1e-12)


def test_respondents_weighing_zero_leave_the_sd_as_without_them() -> None:
    cells = ["Low", "Mid", "High", "High", "Mid", "Low", "High"]
    weights = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 2.0]
    with_zeros = sd_of([*cells, "Low", "High"], [*weights, 0.0, 0.0])
    assert with_zeros == pytest.approx(sd_of(cells, weights), rel=1e-12)


def test_weights_summing_to_one_give_an_sd() -> None:
    cells = ["Low", "Mid", "High", "High", "Mid", "Low"]
    assert sd_of(cells, [1 / 6] * 6) == pytest.approx(sd_of(cells, [1.0] * 6), rel=1e-12)
    assert sd_of(cells, [1.0] * 6) == pytest.approx(np.sqrt(0.8), rel=1e-12)

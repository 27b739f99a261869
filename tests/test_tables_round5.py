"""Round 5: weight-0 respondents in weighted summaries, reserved row labels, empty missing groups.

Weighted summaries are checked against the formulas of R's survey package (version 4.5,
github.com/cran/survey), for ``d <- svydesign(ids = ~1, weights = ~w, data = answered)``:

- ``svymean`` (R/multistage.R, ``svymean.survey.design2`` then ``onestrat``): the mean
  ``sum(w x) / sum(w)``; the variance ``n / (n - 1) * sum((w (x - mean))^2) / sum(w)^2``
  with ``n`` the design's sample size, every row (weight 0 included: ``as.fpc`` counts
  every id);
- ``degf`` (R/surveyrep.R, ``degf.survey.design2``): ``inset <- weights(design,
  "sampling") != 0``, the PSUs in the set less the strata in it: rows of weight > 0, less 1;
- ``confint(svymean(~x, d), df = degf(d))``: ``mean +- qt((1 + level) / 2, degf) * se``;
- ``svyvar`` (R/survey.R, ``svyvar.survey.design``): ``n <- sum(weights != 0 & !is.na(x))``
  and the variance ``svymean((x - mean)^2 * n / (n - 1))``, NA when that ``n`` is 1.

R is not installed here: the expected values are computed from these formulas by hand in
each test (tolerance: relative 1e-12 unless stated).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import tracktr as tt

pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")


def _r_weighted(x: Sequence[float], w: Sequence[float], level: float = 0.95) -> dict[str, float]:
    """R survey's svymean, svyvar and confint(df = degf) for ids = ~1 (module docstring)."""
    xs, ws = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    n = len(xs)  # the design's sample size: every row
    positive = int(np.count_nonzero(ws > 0))  # degf + 1, and svyvar's n
    total = ws.sum()
    mean = float((ws * xs).sum() / total)
    se = math.sqrt(n / (n - 1) * float(((ws * (xs - mean)) ** 2).sum())) / total
    if positive < 2:
        return {"mean": mean, "sd": math.nan, "ci_low": math.nan, "ci_high": math.nan}
    variance = float((ws * (xs - mean) ** 2).sum() / total) * positive / (positive - 1)
    t = float(stats.t.ppf((1 + level) / 2, positive - 1))
    return {
        "mean": mean,
        "sd": math.sqrt(variance),
        "ci_low": mean - t * se,
        "ci_high": mean + t * se,
    }


# -- 1. weighted summarise: respondents of weight 0 ------------------------------------------


def test_weight_zero_respondents_are_not_degrees_of_freedom() -> None:
    # The probe: 1, 2, 3 weighing 1 and a fourth answer weighing 0. By hand (R formulas
    # above): mean 2; se = sqrt(4/3 * (1 + 0 + 1)) / 3 = 0.5443; degf = 3 - 1 = 2, so the
    # interval is 2 +- qt(0.975, 2) * 0.5443 = -0.342 to 4.342; svyvar's n is 3, so the SD
    # is sqrt(2/3 * 3/2) = 1. The old code used n - 1 = 3 degrees of freedom (0.268 to
    # 3.732) and n = 4 in the SD's n/(n-1) (0.943).
    data = pd.DataFrame({"x": [1, 2, 3, 4], "w": [1.0, 1.0, 1.0, 0.0]})
    row = tt.summarise(data, "x", weights="w").statistics.loc["All"]
    se = math.sqrt(4 / 3 * 2) / 3
    t = 0.95 / math.sqrt(2 * 0.975 * 0.025)  # qt(0.975, 2) = (2p - 1) / sqrt(2p(1 - p))
    assert row["n"] == 4  # the unweighted base, as a table's, counts everyone who answered
    assert row["mean"] == 2.0
    assert row["sd"] == pytest.approx(1.0, rel=1e-12)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((2 - t * se, 2 + t * se), rel=1e-12)
    assert (round(row["ci_low"], 3), round(row["ci_high"], 3)) == (-0.342, 4.342)


def test_weighted_summary_by_group_follows_r_with_weight_zero_rows() -> None:
    x = [3, 8, 1, 4, 4, 10, 2, 6, 7, 5]
    w = [2.0, 0.0, 1.5, 0.5, 0.0, 3.0, 1.0, 0.0, 2.5, 1.0]
    g = ["a", "a", "a", "a", "a", "b", "b", "b", "b", "b"]
    data = pd.DataFrame({"x": x, "w": w, "g": g})
    statistics = tt.summarise(data, "x", weights="w", by="g").statistics
    for group, rows in (("a", range(5)), ("b", range(5, 10)), ("All", range(10))):
        expected = _r_weighted([x[i] for i in rows], [w[i] for i in rows])
        got = statistics.loc[group]
        assert got["n"] == len(rows)
        for name, value in expected.items():
            assert got[name] == pytest.approx(value, rel=1e-12), (group, name)


def test_one_respondent_of_positive_weight_has_no_sd_and_no_interval() -> None:
    # svyvar returns NA when its n (weights != 0) is 1; degf is 0, and qt(0.975, 0) is NaN.
    # The old code gave SD 0 and the interval [5, 5], a certainty out of one respondent.
    data = pd.DataFrame({"x": [5, 7, 9], "w": [2.0, 0.0, 0.0]})
    row = tt.summarise(data, "x", weights="w").statistics.loc["All"]
    assert row["mean"] == 5.0
    assert np.isnan(row["sd"])
    assert np.isnan(row["ci_low"])
    assert np.isnan(row["ci_high"])


def test_the_notes_say_how_weight_zero_respondents_are_counted() -> None:
    data = pd.DataFrame({"x": [1, 2, 3, 4, 5], "w": [1.0, 1.0, 0.0, 1.0, 0.0], "g": list("aabbb")})
    summary = tt.summarise(data, "x", weights="w", by="g")
    text = " ".join(summary.notes)
    assert "respondents with a weight above 0, less 1" in summary.method
    assert "Weight 0: b (2 of n=3), All (2 of n=5)" in text
    # Without weight-0 respondents, no such note.
    plain = tt.summarise(data.assign(w=1.0), "x", weights="w", by="g")
    assert not any(note.startswith("Weight 0") for note in plain.notes)


@given(
    values=st.lists(st.integers(-50, 50), min_size=2, max_size=12),
    weights=st.data(),
    extra=st.lists(st.integers(-1000, 1000), min_size=1, max_size=6),
)
def test_adding_weight_zero_respondents_changes_only_the_design_size(
    values: list[int], weights: st.DataObject, extra: list[int]
) -> None:
    # Respondents of weight 0 add nothing to any weighted statistic, and do not count as
    # degrees of freedom; only svymean's n/(n - 1) counts them (every row of the design):
    # the half-width of the interval scales by sqrt(n'/(n'-1)) / sqrt(n/(n-1)).
    w = weights.draw(
        st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.5]), min_size=len(values), max_size=len(values))
    )
    before = tt.summarise(pd.DataFrame({"x": values, "w": w}), "x", weights="w")
    padded = pd.DataFrame({"x": values + extra, "w": w + [0.0] * len(extra)})
    after = tt.summarise(padded, "x", weights="w")
    b, a = before.statistics.loc["All"], after.statistics.loc["All"]
    for name in ("mean", "sd", "min", "q1", "median", "q3", "max", "sum_weights"):
        assert a[name] == pytest.approx(b[name], rel=1e-9, abs=1e-9), name
    assert a["n"] == b["n"] + len(extra)
    n, m = len(values), len(values) + len(extra)
    scale = math.sqrt(m / (m - 1)) / math.sqrt(n / (n - 1))
    half_before = (b["ci_high"] - b["ci_low"]) / 2
    half_after = (a["ci_high"] - a["ci_low"]) / 2
    assert half_after == pytest.approx(half_before * scale, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("engine", ["polars", "polars-lazy", "duckdb"])
def test_an_engine_counts_weight_zero_respondents_within_a_value(engine: str) -> None:
    # The engine returns one row per distinct value with its count and summed weights; a
    # value held by respondents of weight 0 and above 0 alike (1 and 3 here) must still
    # give R's degrees of freedom: the engine now also splits each value by weight > 0.
    x = [1, 1, 2, 3, 3, 3, 7]
    w = [0.0, 2.0, 1.0, 0.0, 1.5, 0.0, 1.0]
    frame = pd.DataFrame({"x": x, "w": w})
    native = {
        "polars": lambda: pl.from_pandas(frame),
        "polars-lazy": lambda: pl.from_pandas(frame).lazy(),
        "duckdb": lambda: duckdb.from_df(frame),
    }[engine]()
    summary = tt.summarise(native, "x", weights="w")
    expected = tt.summarise(frame, "x", weights="w")
    pd.testing.assert_frame_equal(summary.statistics, expected.statistics, rtol=1e-12)
    assert summary.notes == expected.notes
    row = summary.statistics.loc["All"]
    for name, value in _r_weighted(x, w).items():
        assert row[name] == pytest.approx(value, rel=1e-12), name


def test_an_engine_refuses_a_column_named_like_its_weight_flag() -> None:
    frame = pl.DataFrame({"x": [1, 2], "w": [1.0, 0.0], "__tracktr_positive__": [1, 2]})
    with pytest.raises(tt.InvalidDataError, match="__tracktr_positive__"):
        tt.summarise(frame, "x", weights="w", by="__tracktr_positive__")


# -- 3. options labelled like the rows a table writes ----------------------------------------


@pytest.mark.parametrize("label", ["Base", "base", " Base ", "BASE"])
def test_an_option_labelled_base_is_refused(label: str) -> None:
    # Before: the table printed the option's row "Base" above its own "Base" row of n=...
    data = pd.DataFrame({"q": ["Yes", label, "Yes", label]})
    with pytest.raises(
        tt.InvalidOptionError, match=r"question 'q': options \[.*\] labelled"
    ) as info:
        tt.frequencies(data, "q")
    message = str(info.value)
    assert repr(label) in message
    assert "rows [1, 3]" in message
    assert "Hint: relabel" in message
    with pytest.raises(tt.InvalidOptionError, match="labelled like the base"):
        tt.frequencies(data, "q", options=["Yes", label], by=None)


def test_an_option_labelled_base_is_refused_in_every_kind_of_table() -> None:
    data = pd.DataFrame(
        {"m1": [1, 0, 1], "m2": [0, 1, 1], "i1": ["Base", "Good", "Good"],
         "i2": ["Good", "Good", "Base"], "g": ["x", "y", "x"]}
    )  # fmt: skip
    calls: list[Callable[[], tt.Table]] = [
        lambda: tt.multi_response(data, "set", columns=["m1", "m2"], options=["Base", "Other"]),
        lambda: tt.grid(data, "battery", columns=["i1", "i2"]),
        lambda: tt.grid(data, "battery", columns=["i1", "i2"], by="g"),
        lambda: tt.crosstab(data, "i1", "g"),
        lambda: tt.frequencies(pl.from_pandas(data), "i1"),
    ]
    for call in calls:
        with pytest.raises(tt.InvalidOptionError, match=r"\['Base'\] labelled like the base"):
            call()


def test_a_grid_item_labelled_base_or_average_is_refused() -> None:
    data = pd.DataFrame({"i1": ["Good", "Poor"], "i2": ["Poor", "Poor"]})
    with pytest.raises(tt.InvalidOptionError, match=r"items \['Base'\] labelled like the base"):
        tt.grid(data, "battery", columns=["i1", "i2"], items=["Base", "Other"])
    # An item "AVERAGE" is listed twice beside the row average=True adds (refused as
    # before); one that only prints alike was accepted and sat above the AVERAGE row.
    with pytest.raises(tt.InvalidOptionError, match=r"items \['AVERAGE'\] listed more than once"):
        tt.grid(data, "battery", columns=["i1", "i2"], items=["AVERAGE", "Other"], average=True)
    for item in ("Average", " average"):
        with pytest.raises(tt.InvalidOptionError, match=r"labelled like the AVERAGE row"):
            tt.grid(data, "battery", columns=["i1", "i2"], items=[item, "Other"], average=True)
    # Without average=True the table writes no AVERAGE row: the item is a label like any.
    table = tt.grid(data, "battery", columns=["i1", "i2"], items=["Average", "Other"])
    assert list(table.counts.index) == ["Average", "Other"]


def test_a_codebook_option_labelled_base_is_refused_when_tabulated() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "t",
            "questions": [
                {"id": "where", "type": "single", "text": "Where?", "options": ["Home", "Base"]}
            ],
        }
    )
    data = pd.DataFrame({"where": ["Home", "Base"]})
    with pytest.raises(tt.InvalidOptionError, match=r"question 'where': options \['Base'\]"):
        tt.frequencies(data, "where", survey=survey)


def test_labels_that_only_contain_base_are_options_like_any_other() -> None:
    data = pd.DataFrame({"q": ["Base rate", "Database", "Home base", "Base rate"]})
    table = tt.frequencies(data, "q")
    assert list(table.counts.index) == ["Base rate", "Database", "Home base"]
    assert len(re.findall(r"^\| Base +\|", table.to_markdown(), flags=re.MULTILINE)) == 1


# -- 4. the missing group of a flat and of a nested banner -----------------------------------


def _columns(table: tt.Table) -> list[Any]:
    return list(table.counts.columns)


def test_an_empty_missing_group_is_kept_by_flat_and_nested_banners_alike() -> None:
    # Nobody's group is missing: the flat banner keeps its empty missing group (a column
    # of zeros, base 0, "No respondents in the base of Unknown"), and the nested banner
    # does the same, so a reader sees the group was asked for and holds nobody.
    data = pd.DataFrame(
        {"q": ["a", "b", "a", "b"], "f": ["x", "y", "y", "x"], "g": ["u", "u", "u", "u"],
         "x": [1, 2, 3, 4]}
    )  # fmt: skip
    flat = tt.frequencies(data, "q", by="f", missing_group="Unknown")
    nested = tt.frequencies(data, "q", by=("f", "g"), missing_group="Unknown")
    assert _columns(flat) == ["x", "y", "Unknown", "All"]
    assert _columns(nested) == ["x / u", "y / u", "Unknown", "All"]
    for table in (flat, nested):
        assert table.bases["Unknown"] == 0
        assert table.counts["Unknown"].tolist() == [0, 0]
        assert "No respondents in the base of Unknown" in " ".join(table.notes)
    for by in ("f", ("f", "g")):
        summary = tt.summarise(data, "x", by=by, missing_group="Unknown")
        assert summary.statistics.loc["Unknown", "n"] == 0
        grid = tt.grid(data, "battery", columns=["q"], by=by, missing_group="Unknown")
        assert grid.bases.loc[("Unknown", "q")] == 0

"""Hostile use of tt.Design by a member survey: errors that name the user's strata and rows.

An umbrella body's 400-organisation survey, stratified by region with an fpc per region and
raked to the sector (brief A4). Each test says, in a comment, what the old code did.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tracktr as tt


def _regions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["North", "North", "South", "South", "East", "East"],
            "fpc": [40.0, 40.0, 30.0, 31.0, 20.0, 20.0],
            "score": [1.0, 2.0, 3.0, 4.0, 5.0, 4.0],
        },
        index=[f"org{i}" for i in range(1, 7)],
    )


def test_an_fpc_that_varies_within_a_stratum_names_the_stratum_and_rows() -> None:
    # old: "stratum code(s) [1] hold values from [30.0] to [31.0]" -- an internal code
    # (the sorted position of 'South'), and no rows
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"fpc 'fpc' must be one value per stratum; stratum 'South' of 'region' holds "
        r"30 to 31 \(rows \['org3', 'org4'\]\)",
    ):
        tt.design.estimate_means(_regions(), "score", design=tt.Design(strata="region", fpc="fpc"))


def test_an_fpc_smaller_than_the_sample_names_the_stratum_and_rows() -> None:
    # old: "stratum code(s) [0] hold [1.5] PSUs ... fewer than the [2] sampled" and a hint
    # about clusters for a design that has none
    frame = _regions().assign(fpc=[40.0, 40.0, 30.0, 30.0, 1.5, 1.5])
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)fpc 'fpc' says stratum 'East' of 'region' holds 1.5 respondents in the "
        r"population, fewer than the 2 sampled \(rows \['org5', 'org6'\]\).*Hint: the fpc counts "
        r"respondents",
    ):
        tt.design.estimate_means(frame, "score", design=tt.Design(strata="region", fpc="fpc"))


def test_an_fpc_smaller_than_the_sample_without_strata_says_so() -> None:
    # old: "stratum code(s) [0] hold [5.0] PSUs" for a design without strata
    frame = _regions().assign(fpc=5.0)
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"fpc 'fpc' says it holds 5 respondents in the population, fewer than the 6 sampled",
    ):
        tt.design.estimate_means(frame, "score", design=tt.Design(fpc="fpc"))


def test_an_fpc_smaller_than_the_clusters_sampled_speaks_of_clusters() -> None:
    frame = _regions().assign(fpc=1.5, psu=[1, 2, 3, 4, 5, 6])
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)holds 1.5 clusters in the population, fewer than the 2 sampled.*Hint: "
        r"the fpc counts clusters \(PSUs\), not respondents",
    ):
        tt.design.estimate_means(
            frame, "score", design=tt.Design(strata="region", clusters="psu", fpc="fpc")
        )


def _raked() -> tuple[pd.DataFrame, tt.weights.Weighting]:
    rng = np.random.default_rng(4)
    n = 400
    frame = pd.DataFrame({
        "region": rng.choice(["North", "South", "East", "West"], n),
        "size": rng.choice(["Micro", "Small", "Medium", "Large"], n),
        "q": rng.choice(["Yes", "No"], n),
    })  # fmt: skip
    raked = tt.weights.rake(
        frame,
        {
            "region": {"North": 0.3, "South": 0.3, "East": 0.2, "West": 0.2},
            "size": {"Micro": 0.4, "Small": 0.3, "Medium": 0.2, "Large": 0.1},
        },
        population=160045,
    )
    return frame.assign(w=raked.weights), raked


def test_a_filtered_frame_under_a_calibrated_design_is_refused_with_by() -> None:
    # old: "the design's weights ('w') are not the weights of its `calibration`" and a hint
    # to assign the weights -- which the user had done; the frame was a subgroup
    frame, raked = _raked()
    design = tt.Design(weights="w", calibration=raked)
    north = frame[frame["region"] == "North"]
    with pytest.raises(
        tt.InvalidWeightsError,
        match=rf"(?s)the data hold {len(north)} of the 400 rows whose weights `calibration` "
        r"made: a subgroup.*Hint: pass the whole frame and by='<column>'",
    ):
        tt.design.estimate_proportions(north, "q", design=design)
    # the domain, estimated within the full design, is what the hint leads to
    by_region = tt.design.estimate_proportions(frame, "q", design=design, by="region")
    assert set(by_region.rows["group"]) == {"North", "South", "East", "West"}


def test_other_weights_under_a_calibrated_design_keep_their_message() -> None:
    frame, raked = _raked()
    design = tt.Design(weights="w", calibration=raked)
    with pytest.raises(tt.InvalidWeightsError, match=r"are not the weights of its `calibration`"):
        tt.design.estimate_proportions(frame.assign(w=1.0), "q", design=design)


def test_an_fpc_that_varies_without_strata_asks_for_the_strata() -> None:
    # old: "stratum code(s) [0] hold values from [20.0] to [21.0]" for a design without strata
    frame = _regions().assign(fpc=[20.0, 20.0, 21.0, 20.0, 20.0, 20.0])
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)fpc 'fpc' must be one value when the design has no strata; it holds 20 to "
        r"21 \(rows \['org1', 'org3'\]\).*Hint: pass the strata",
    ):
        tt.design.estimate_means(frame, "score", design=tt.Design(fpc="fpc"))


def _one_giant() -> pd.DataFrame:
    """Raked members by size, one of them the only 'Giant' organisation."""
    frame, _ = _raked()
    frame = frame.copy()
    frame.loc[5, "size"] = "Giant"
    frame.loc[5, "q"] = "No"
    return frame


def test_a_group_of_one_respondent_is_not_tested_by_difference() -> None:
    # old: p = 1e-8 for one organisation's "No" against Micro's 25% -- its share has a
    # linearised variance of exactly 0 (nothing to measure it on), so the test was the
    # other group's sampling error alone
    frame = _one_giant()
    result = tt.design.difference(
        frame, "q", "size", option="Yes", groups=("Giant", "Micro"), design=tt.Design(weights="w")
    )
    assert result.n[0] == 1
    assert result.estimates[0] == 0.0
    assert np.isnan(result.p_value)
    assert np.isnan(result.statistic)
    assert np.isnan(result.se)
    assert np.isnan(result.ci_low)
    assert np.isnan(result.ci_high)
    # two real groups are still tested
    other = tt.design.difference(
        frame, "q", "size", option="Yes", groups=("Small", "Micro"), design=tt.Design(weights="w")
    )
    assert np.isfinite(other.p_value)


def test_a_group_of_one_respondent_is_never_significant_in_compare_groups() -> None:
    # old: every comparison with 'Giant' significant, p_adjusted down to 1e-29
    frame = _one_giant()
    result = tt.design.compare_groups(frame, "q", "size", design=tt.Design(weights="w"))
    rows = result.to_frame()
    giant = (rows["group"] == "Giant") | (rows["versus"] == "Giant")
    assert giant.sum() == 8  # two options, four other sizes
    assert rows.loc[giant, "p_value"].isna().all()
    assert not rows.loc[giant, "significant"].any()
    assert rows.loc[~giant, "p_value"].notna().all()
    assert any("8 comparison(s) involve a group of one respondent" in n for n in result.notes)


def test_a_column_of_one_respondent_gets_no_design_letters() -> None:
    # old: compare_table under a design marked the one-respondent column significantly
    # different from every other
    frame = _one_giant()
    table = tt.frequencies(frame, "q", by="size", weights="w")
    result = tt.compare_table(table, design=tt.Design(weights="w"), data=frame, by="size")
    rows = result.to_frame()
    giant = (rows["group"] == "Giant") | (rows["versus"] == "Giant")
    assert giant.any()
    assert rows.loc[giant, "p_value"].isna().all()
    assert not rows.loc[giant, "significant"].any()
    assert rows.loc[~giant, "p_value"].notna().all()

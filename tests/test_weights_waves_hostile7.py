"""Weighting, design-based estimates and waves: hostile input found by a tester (hX, 2026-12-06).

Each test says, in a comment, what the old code did.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tracktr as tt


@functools.cache
def _pooled() -> tt.waves.Pooled:
    """The synthetic trackTR waves: 156 and 151 organisations, 91 of them in both."""
    return tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )


CRC = "Funded by a CRC"
WAVES = ("2015-05", "2015-10")
SPLIT = r"`by='wave'` puts the same organisations in several groups: 91 organisations \(id 'org_id'"


def test_a_design_difference_of_waves_sharing_organisations_is_refused() -> None:
    # old: the 91 organisations in both waves were two independent rows each: difference
    # 0.079, se 0.049, p = 0.109 ("not a clear change"), where tt.waves.change and the
    # design clustered on the organisation give p = 0.025; nothing was said
    pooled = _pooled()
    with pytest.raises(tt.InvalidOptionError, match=SPLIT) as raised:
        tt.design.difference(pooled.data, "main_funding", "wave", option=CRC, groups=WAVES,
                             design=tt.Design(), survey=pooled.survey)  # fmt: skip
    message = str(raised.value)
    assert "difference() would compare the groups as independent samples" in message
    assert "Hint: make each organisation one cluster, tt.Design(..., clusters='org_id')" in message


@pytest.mark.parametrize(
    "call",
    [
        lambda p, d: tt.design.compare_groups(p.data, "main_funding", "wave", design=d,
                                              survey=p.survey),
        lambda p, d: tt.design.chisq(p.data, "main_funding", "wave", design=d, survey=p.survey),
        lambda p, d: tt.design.chisq(p.data, "wave", "main_funding", design=d, survey=p.survey),
        lambda p, d: tt.design.ranktest(p.data, "income", "wave", design=d, survey=p.survey),
    ],
    ids=["compare_groups", "chisq_column", "chisq_row", "ranktest"],
)  # fmt: skip
def test_every_design_test_of_waves_sharing_organisations_is_refused(call: object) -> None:
    # old: each ran the waves as independent samples (chisq p = 0.277 against 0.184 with
    # the organisation as the cluster). chisq's two variables are both groupings: an
    # organisation whose funding changed between the waves is in two funding groups too.
    with pytest.raises(tt.InvalidOptionError, match=r"puts the same organisations in several"):
        call(_pooled(), tt.Design())  # type: ignore[operator]


def test_waves_stratified_apart_still_split_an_organisation() -> None:
    # clusters are nested in strata, so strata="wave" makes an organisation two PSUs again
    pooled = _pooled()
    design = tt.Design(strata="wave", clusters="org_id")
    with pytest.raises(tt.InvalidOptionError, match=SPLIT):
        tt.design.difference(pooled.data, "main_funding", "wave", option=CRC, groups=WAVES,
                             design=design, survey=pooled.survey)  # fmt: skip


def test_the_organisation_as_the_cluster_gives_the_paired_change() -> None:
    # The design that counts the covariance is accepted, and its numbers are those of the
    # same rows without the pooled mark (the check changes no number). Its p-value is that
    # of tt.waves.change (Kish's overlapping samples), 0.0248, within 0.001.
    pooled = _pooled()
    design = tt.Design(clusters="org_id")
    result = tt.design.difference(pooled.data, "main_funding", "wave", option=CRC,
                                  groups=WAVES, design=design, survey=pooled.survey)  # fmt: skip
    plain = pooled.data.copy()
    plain.attrs = {}
    same = tt.design.difference(plain, "main_funding", "wave", option=CRC, groups=WAVES,
                                design=design, survey=pooled.survey)  # fmt: skip
    assert (result.difference, result.se, result.p_value) == (same.difference, same.se,
                                                             same.p_value)  # fmt: skip
    assert result.difference == pytest.approx(34 / 135 - 24 / 139, abs=1e-12)
    change = tt.waves.change(pooled, "main_funding", CRC)
    assert result.p_value == pytest.approx(change.p_value, abs=1e-3)
    assert result.p_value < 0.05


def test_groups_of_one_wave_are_not_refused() -> None:
    # groups within one wave share no organisation: nothing to refuse
    pooled = _pooled()
    one = pooled.wave("2015-10")
    test = tt.design.chisq(one, "main_funding", "income", design=tt.Design(),
                           survey=pooled.survey)  # fmt: skip
    assert 0 <= test.p_value <= 1


def _two_band_waves() -> tt.waves.Pooled:
    """Two waves of 10: 5 then 2 small organisations; organisations 5 to 9 in both."""
    band = {"id": "band", "type": "single", "text": "Income?", "options": ["small", "large"]}
    survey = {"title": "M", "questions": [band]}
    first = pd.DataFrame({"respondent_id": range(10), "org": range(10),
                          "band": ["small"] * 5 + ["large"] * 5})  # fmt: skip
    second = pd.DataFrame({"respondent_id": range(10), "org": range(5, 15),
                           "band": ["small"] * 2 + ["large"] * 8})  # fmt: skip
    return tt.waves.pool({"2024": (first, tt.Survey.from_dict(survey)),
                          "2025": (second, tt.Survey.from_dict(survey))}, id="org")  # fmt: skip


SECTOR = {"band": {"small": 0.83, "large": 0.17}}


@pytest.mark.parametrize("function", ["rake", "calibrate"])
def test_weighting_the_rows_of_several_pooled_waves_together_is_refused(function: str) -> None:
    # old: raked together to 83% small, wave 2024 came out 90.1% small and 2025 69.4%
    # (the margin held only on the two waves together): a 21-point "change" in the
    # weighting variable itself, with nothing said
    pooled = _two_band_waves()
    weigh = getattr(tt.weights, function)
    with pytest.raises(
        tt.InvalidOptionError,
        match=rf"{function}\(\) was given the rows of 2 pooled waves \['2024', '2025'\]",
    ):
        weigh(pooled.data, SECTOR)


def test_each_wave_weighted_alone_meets_the_margins_and_pools_back() -> None:
    # the way the message gives: each wave's weights, concatenated onto the pooled rows
    pooled = _two_band_waves()
    weights = pd.concat([tt.weights.rake(pooled.wave(w), SECTOR).weights for w in pooled.waves])
    data = pooled.data.assign(weight=weights)
    for wave in pooled.waves:
        rows = data[data["wave"] == wave]
        small = float(rows["weight"][rows["band"] == "small"].sum() / rows["weight"].sum())
        assert small == pytest.approx(0.83, abs=1e-12)
    table = tt.frequencies(data, "band", survey=pooled.survey, by="wave", weights="weight")
    shares = table.percentages(decimals=1).loc["small", ["2024", "2025"]]
    assert list(shares) == [83.0, 83.0]


def _api_strat() -> pd.DataFrame:
    return pd.read_csv(Path(__file__).parent / "data" / "api" / "apistrat.csv")


API_DESIGN = tt.Design(weights="pw", strata="stype", fpc="fpc")


def test_a_ratio_in_a_group_where_nobody_answered_is_a_placeholder_with_a_note() -> None:
    # old: InvalidCountsError "the total of 'api99' is zero in group 'H': no ratio", though
    # api99 is not zero there: nobody in H answered the numerator. The means of the same
    # column give H a NaN placeholder and a note; so does the ratio now.
    data = _api_strat()
    data["q"] = data["api00"].where(data["stype"] != "H")
    ratio = tt.design.estimate_ratio(data, "q", "api99", design=API_DESIGN, by="stype")
    frame = ratio.to_frame().set_index("group")
    assert list(frame.loc["H", ["n", "weighted_base"]]) == [0, 0.0]
    assert frame.loc["H", ["estimate", "se", "ci_low", "ci_high"]].isna().all()
    assert "No respondent (with a weight above 0) answered in H" in " ".join(ratio.notes)
    # the other domains keep the whole design: the same numbers as with every answer
    full = tt.design.estimate_ratio(data, "api00", "api99", design=API_DESIGN, by="stype")
    pd.testing.assert_frame_equal(
        frame.loc[["E", "M"]], full.to_frame().set_index("group").loc[["E", "M"]]
    )


def test_a_ratio_nobody_answered_says_so() -> None:
    # old: "the total of 'api99' is zero in group 'all': no ratio"
    data = _api_strat().assign(q=float("nan"))
    with pytest.raises(tt.InvalidBaseError, match=r"'q' / 'api99': nobody answered both"):
        tt.design.estimate_ratio(data, "q", "api99", design=API_DESIGN)


def test_a_design_calibrated_by_weights_that_missed_their_margins_says_so() -> None:
    # old: the notes said "calibrated (rake)" only; rake had warned once, when the weights
    # were made, and the standard errors assume margins the weights do not meet
    clus = pd.read_csv(Path(__file__).parent / "data" / "api" / "apiclus1.csv")
    margins = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1072, "Yes": 5122}}
    with pytest.warns(tt.TracktrWarning, match="rake did not meet the margins"):
        raked = tt.weights.rake(clus, margins, weights="pw", max_iter=1)
    assert not raked.converged
    design = tt.Design(weights="w", clusters="dnum", fpc="fpc", calibration=raked)
    est = tt.design.estimate_means(clus.assign(w=raked.weights), "api00", design=design)
    assert est.notes[0] == (
        "Design: weighted by w; clusters dnum; fpc fpc; calibrated (rake); the weighting "
        "did NOT meet its margins (see its max_error)."
    )


REPEATED = (
    r"85 organisations \(id 'org_id', e\.g\. \['TR-107', 'TR-144', 'TR-141'\]\) have more "
    r"than one row in one estimate"
)


def test_an_estimate_over_the_rows_of_several_waves_that_repeat_organisations_is_refused() -> None:
    # old: the 85 organisations in the base of both waves were two independent respondents
    # each: the share funded by a CRC over both waves had se 0.0247 where the design
    # clustered on the organisation gives 0.0302, with nothing said
    pooled = _pooled()
    for estimate in (tt.design.estimate_proportions, tt.design.estimate_totals):
        with pytest.raises(tt.InvalidOptionError, match=REPEATED) as raised:
            estimate(pooled.data, "main_funding", design=tt.Design(), survey=pooled.survey)
        assert "or estimate each wave as a domain (by='wave')" in str(raised.value)
    clustered = tt.design.estimate_proportions(
        pooled.data, "main_funding", design=tt.Design(clusters="org_id"), survey=pooled.survey
    )
    crc = clustered.rows.set_index("option").loc[CRC]
    assert crc["estimate"] == pytest.approx(58 / 274, abs=1e-12)
    # by hand: scores (y - p) / n summed per organisation (216 PSUs), m/(m-1) times the
    # sum of their squared deviations (Lumley 2010, section 2.2); to 1e-12
    data = pooled.data
    answered = data["main_funding"].notna() & ~data["main_funding"].astype(str).str.startswith("<")
    y = (data["main_funding"] == CRC).to_numpy(dtype=float)
    scores = np.where(answered, (y - 58 / 274) / 274, 0.0)
    totals = pd.Series(scores).groupby(data["org_id"].to_numpy()).sum()
    m = len(totals)
    by_hand = math.sqrt(m / (m - 1) * float(((totals - totals.mean()) ** 2).sum()))
    assert (m, int(answered.sum())) == (216, 274)
    assert crc["se"] == pytest.approx(by_hand, abs=1e-12)
    assert by_hand == pytest.approx(0.030188, abs=1e-6)


def test_a_domain_per_wave_holds_each_organisation_once_and_is_estimated() -> None:
    # each wave's share is a domain of the stacked design: its standard error is that of
    # the wave alone whether or not the design clusters on the organisation (to 0.1%, the
    # n/(n-1) of 307 rows against 216 organisations)
    pooled = _pooled()
    shares = [
        tt.design.estimate_proportions(
            pooled.data, "main_funding", design=design, survey=pooled.survey, by="wave"
        ).rows
        for design in (tt.Design(), tt.Design(clusters="org_id"))
    ]
    assert shares[0]["estimate"].tolist() == shares[1]["estimate"].tolist()
    assert shares[0]["se"].to_numpy() == pytest.approx(shares[1]["se"].to_numpy(), rel=1e-3)


def test_compare_table_under_a_design_refuses_waves_sharing_organisations() -> None:
    # old: compare_table(design=...) of a table by wave tested the waves as independent
    # samples; tt.compare_table without a design refuses such a table's columns
    pooled = _pooled()
    data = pooled.data.assign(w=1.0)
    table = tt.frequencies(data, "main_funding", survey=pooled.survey, by="wave", weights="w")
    with pytest.raises(tt.InvalidOptionError, match=SPLIT):
        tt.compare_table(table, design=tt.Design(weights="w"), data=data, by="wave",
                         survey=pooled.survey)  # fmt: skip
    clustered = tt.compare_table(table, design=tt.Design(weights="w", clusters="org_id"),
                                 data=data, by="wave", survey=pooled.survey)  # fmt: skip
    row = clustered.to_frame().set_index("option").loc[CRC]
    assert row["p_value"] == pytest.approx(0.0247, abs=5e-4)


def test_a_design_test_of_groups_each_holding_an_organisation_twice_is_refused() -> None:
    # a banner no organisation changes between the waves puts an organisation's two rows
    # in one group: the groups share nobody, but each holds 2 rows of it in 2 PSUs
    pooled = _pooled()
    region = pooled.data["org_id"].astype(str).str[-1].isin(list("01234"))
    data = pooled.data.assign(region=region.map({True: "North", False: "South"}))
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"organisations \(id 'org_id'.*\) have more than one row among the respondents "
        r"compared by 'region'",
    ) as raised:
        tt.design.compare_groups(data, "main_funding", "region", design=tt.Design(),
                                 survey=pooled.survey)  # fmt: skip
    assert "or compare the groups within one wave (pooled.wave(name))." in str(raised.value)
    clustered = tt.Design(clusters="org_id")
    ok = tt.design.compare_groups(data, "main_funding", "region", design=clustered,
                                  survey=pooled.survey)  # fmt: skip
    assert len(ok.to_frame()) == 3


@st.composite
def _two_waves(draw: st.DrawFn) -> tuple[tt.waves.Pooled, pd.DataFrame]:
    """Two waves of 4 to 12 organisations, some in both, answering yes/no at random."""
    sizes = draw(st.tuples(st.integers(4, 12), st.integers(4, 12)))
    shift = draw(st.integers(0, sizes[0]))  # the second wave starts at this organisation
    survey = tt.Survey.from_dict({"title": "M", "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["yes", "no"]}]})  # fmt: skip
    frames = {}
    for name, n, first in (("2024", sizes[0], 0), ("2025", sizes[1], shift)):
        answers = draw(st.lists(st.sampled_from(["yes", "no"]), min_size=n, max_size=n))
        assume(len(set(answers)) == 2)
        frames[name] = (pd.DataFrame({"respondent_id": range(n), "org": range(first, first + n),
                                      "q": answers}), survey)  # fmt: skip
    pooled = tt.waves.pool(frames, id="org")
    plain = pooled.data.copy()
    plain.attrs = {}
    return pooled, plain


@settings(max_examples=25)
@given(_two_waves())
def test_clustered_or_by_wave_designs_of_pooled_waves_keep_their_numbers(
    waves: tuple[tt.waves.Pooled, pd.DataFrame],
) -> None:
    # Never refused, and the same numbers as the rows without the pooled mark: each wave
    # as a domain under any design, and a difference of the waves clustered on the id.
    pooled, plain = waves
    survey = pooled.survey
    for design in (tt.Design(), tt.Design(clusters="org")):
        marked, unmarked = (
            tt.design.estimate_proportions(rows, "q", design=design, survey=survey, by="wave")
            for rows in (pooled.data, plain)
        )
        pd.testing.assert_frame_equal(marked.rows, unmarked.rows)
    clustered = tt.Design(clusters="org")
    changed, unchanged = (
        tt.design.difference(rows, "q", "wave", option="yes", design=clustered, survey=survey)
        for rows in (pooled.data, plain)
    )
    assert (changed.difference, changed.se) == (unchanged.difference, unchanged.se)


def test_compare_table_whole_table_tests_never_name_their_internal_columns() -> None:
    # compare_table checks pooled organisations against its own `by`; its Rao-Scott and
    # rank tests run on internal columns and must not refuse (naming '__tracktr_group')
    # what its pairs accept: a banner no organisation changes between the waves, with a
    # design clustered on the id. Without the clusters, compare_table refuses it by its
    # own `by`, as compare_groups(design=) does (review hK2 F1).
    pooled = _pooled()
    region = pooled.data["org_id"].astype(str).str[-1].isin(list("01234"))
    data = pooled.data.assign(w=1.0, region=region.map({True: "North", False: "South"}))
    table = tt.frequencies(data, "income", survey=pooled.survey, by="region", weights="w")
    with pytest.raises(tt.InvalidOptionError, match="compared by 'region'") as refused:
        tt.compare_table(table, design=tt.Design(weights="w"), data=data, by="region",
                         survey=pooled.survey, ordinal=True)  # fmt: skip
    assert "__tracktr" not in str(refused.value)
    design = tt.Design(weights="w", clusters="org_id")
    result = tt.compare_table(table, design=design, data=data, by="region",
                              survey=pooled.survey, ordinal=True)  # fmt: skip
    assert result.overall is not None
    assert any(note.startswith("Ordinal test: design-based") for note in result.notes)
    assert data.attrs["tracktr.waves.pool"]["id"] == "org_id"  # the input keeps its id


def test_a_table_of_pooled_rows_by_wave_says_its_waves_share_organisations() -> None:
    # old: tt.frequencies(pooled.data, q, by="wave") carried no mark, and
    # tt.compare_table() of it tested the waves as independent samples: p = 0.109 for the
    # CRC change, where tt.waves.change() gives 0.025 (a trend table was refused)
    pooled = _pooled()
    table = tt.frequencies(pooled.data, "main_funding", survey=pooled.survey, by="wave")
    # 85 of the 91 organisations in both waves answered the question in both (hK19: the
    # note counted all 91, 6 of them in one column's base only).
    assert table.notes[-1] == (
        "85 organisation(s) (id 'org_id') answered more than one wave and are in each of "
        "their waves' columns, so the columns are not independent samples (tt.waves.change() "
        "pairs them)."
    )
    with pytest.raises(tt.InvalidOptionError, match=r"are waves that share organisations \(its"):
        tt.compare_table(table)
    ticks = tt.multi_response(pooled.data, "specialism", survey=pooled.survey, by="wave")
    assert "so the columns are not independent samples" in ticks.notes[-1]
    # one wave's rows, or a trend table (which says it in its own words), get no such note
    one = tt.frequencies(pooled.wave("2015-10"), "main_funding", survey=pooled.survey,
                         by="income")  # fmt: skip
    trend = tt.waves.trend(pooled, "main_funding")
    assert not any("answered more than one wave" in n for n in (*one.notes, *trend.notes))

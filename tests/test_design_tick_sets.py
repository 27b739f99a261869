"""Design-based shares of a tick-all-that-apply set, on the base the tables print.

Before, ``tt.design.estimate_proportions`` read a set with its own reader: a respondent who
ticked nothing was in the base (``tt.multi_response`` leaves them out by default), a
pooled wave's ``"<not asked>"`` counted as not ticking an option never offered, and
delimited or slot sets were refused. Hand counts are in the comments.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.test_waves_new_tick_option import _pooled

NEEDS = {"id": "needs", "type": "multi", "text": "Needs?", "options": ["Money", "Staff"]}
SURVEY = tt.Survey.from_dict({"title": "T", "questions": [NEEDS]})


def _six() -> pd.DataFrame:
    # Money: rows 1, 2; Staff: rows 2, 3; rows 4-6 ticked nothing.
    return pd.DataFrame({
        "respondent_id": range(1, 7),
        "needs_1": [1, 1, 0, 0, 0, 0],
        "needs_2": [0, 1, 1, 0, 0, 0],
        "w": [1.0] * 6,
    })  # fmt: skip


def test_a_respondent_who_ticked_nothing_is_out_of_the_base_as_in_the_table() -> None:
    # Before: Money 2 of 6 (0.333), n=6, beside the table's 2 of 3 (67%).
    data = _six()
    est = tt.design.estimate_proportions(data, "needs", survey=SURVEY,
                                         design=tt.Design(weights="w")).to_frame()  # fmt: skip
    assert est["estimate"].tolist() == pytest.approx([2 / 3, 2 / 3], rel=1e-15)
    assert est["n"].tolist() == [3, 3]
    table = tt.multi_response(data, "needs", survey=SURVEY)
    assert table.bases["All"] == 3


def test_empty_answered_keeps_them_in_the_base_and_says_so() -> None:
    data = _six()
    design = tt.Design(weights="w")
    est = tt.design.estimate_proportions(data, "needs", survey=SURVEY, design=design,
                                         empty="answered")  # fmt: skip
    assert est.to_frame()["estimate"].tolist() == pytest.approx([1 / 3, 1 / 3], rel=1e-15)
    assert est.to_frame()["n"].tolist() == [6, 6]
    assert any("ticking nothing counted as an answer" in note for note in est.notes)
    with pytest.raises(tt.UnknownMethodError, match="empty"):
        tt.design.estimate_proportions(data, "needs", survey=SURVEY, empty="none")  # type: ignore[arg-type]


def test_the_standard_error_of_the_domain_follows_the_linearisation_by_hand() -> None:
    # With weights and no strata or clusters, R's svymean on subset(design, answered) has
    # linearised scores z_i = d_i w_i (y_i - p) / sum_D w over every row of the design
    # (d_i: in the base), and variance n/(n - 1) * sum (z_i - mean z)^2. Computed here
    # apart from tracktr, with numpy, on 12 rows of which 4 ticked nothing.
    y1 = np.array([1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0])
    y2 = np.array([0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0])
    w = np.array([1.0, 2.0, 1.5, 0.5, 3.0, 1.0, 2.5, 1.0, 1.0, 2.0, 0.5, 1.5])
    data = pd.DataFrame({"needs_1": y1, "needs_2": y2, "w": w})
    est = tt.design.estimate_proportions(data, "needs", survey=SURVEY,
                                         design=tt.Design(weights="w")).to_frame()  # fmt: skip
    d = ((y1 + y2) > 0).astype(float)
    assert d.sum() == 8
    n = len(w)
    for y, row in zip((y1, y2), est.itertuples(), strict=True):
        p = (d * w * y).sum() / (d * w).sum()
        z = d * w * (y - p) / (d * w).sum()
        se = math.sqrt(n / (n - 1) * ((z - z.mean()) ** 2).sum())
        assert row.estimate == pytest.approx(p, rel=1e-12)
        assert row.se == pytest.approx(se, rel=1e-12)
        assert row.n == 8


WEIGHTS = [1.0, 2.0, 1.0, 1.0, 1.0, 3.0]
# Money: rows 1, 2; Staff: rows 2, 3, 6; rows 4 and 5 ticked nothing.
DELIMITED = (
    {"form": "delimited", "separator": ";", "options": ["Money", "Staff"]},
    {"needs": ["Money", "Money;Staff", "Staff", "", None, "Staff"]},
)
SLOTS = (  # two slots, as survey.prepare() labels them
    {"form": "slots", "slots": ["s1", "s2"],
     "options": [{"code": 1, "label": "Money"}, {"code": 2, "label": "Staff"}]},
    {"s1": ["Money", "Money", "Staff", None, None, "Staff"],
     "s2": [None, "Staff", None, None, None, None]},
)  # fmt: skip


@pytest.mark.parametrize(("form", "columns"), [DELIMITED, SLOTS], ids=["delimited", "slots"])
def test_a_delimited_or_slot_set_reads_as_its_binary_columns(
    form: dict[str, object], columns: dict[str, list[object]]
) -> None:
    # Before: "a delimited multi-response column are not supported" ("slot columns" too).
    question = {"id": "needs", "type": "multi", "text": "Needs?", **form}
    survey = tt.Survey.from_dict({"title": "T", "questions": [question]})
    data = pd.DataFrame({**columns, "w": WEIGHTS})
    binary = pd.DataFrame({"needs_1": [1, 1, 0, 0, 0, 0], "needs_2": [0, 1, 1, 0, 0, 1],
                           "w": WEIGHTS})  # fmt: skip
    design = tt.Design(weights="w")
    got = tt.design.estimate_proportions(data, "needs", survey=survey, design=design)
    expected = tt.design.estimate_proportions(binary, "needs", survey=SURVEY, design=design)
    pd.testing.assert_frame_equal(got.to_frame(), expected.to_frame())


def test_options_in_another_order_keep_their_own_columns() -> None:
    # Before: `options=["Staff", "Money"]` relabelled the columns in the order given, so
    # Money's share (2 of 3 = 0.667, rows 1 and 2) printed under "Staff" and the reverse.
    data = _six().assign(needs_2=[0, 0, 1, 0, 0, 0])  # Staff: row 3 only, 1 of 3
    est = tt.design.estimate_proportions(data, "needs", survey=SURVEY,
                                         options=["Staff", "Money"]).to_frame()  # fmt: skip
    assert est["option"].tolist() == ["Staff", "Money"]
    assert est["estimate"].tolist() == pytest.approx([1 / 3, 2 / 3], rel=1e-15)
    with pytest.raises(tt.InvalidOptionError, match="must be the set's options"):
        tt.design.estimate_proportions(data, "needs", survey=SURVEY, options=["Money"])


def test_an_option_a_wave_did_not_offer_has_no_estimate_in_that_wave() -> None:
    # 2024 did not offer Digital support; its base is A, B, C (3), 2025's is 4.
    # Before: Digital support 0 of 3 in 2024 (its "<not asked>" read as 0).
    pooled = _pooled()
    est = tt.design.estimate_proportions(pooled.data, "support", survey=pooled.survey,
                                         by="wave")  # fmt: skip
    frame = est.to_frame().set_index(["group", "option"])
    assert math.isnan(frame.loc[("2024", "Digital support"), "estimate"])
    assert frame.loc[("2024", "Digital support"), "method"] == "not offered"
    assert frame.loc[("2025", "Digital support"), "estimate"] == pytest.approx(2 / 4)
    assert frame.loc[("2024", "Housing"), "estimate"] == pytest.approx(2 / 3)
    assert any("'Digital support' in 2024" in note for note in est.notes)
    table = tt.multi_response(pooled.data, "support", survey=pooled.survey, by="wave",
                              total=False)  # fmt: skip
    assert ("Digital support", "2024") in table.gaps


def test_a_group_asked_the_option_in_part_is_refused_as_the_table_is() -> None:
    # Everyone together: Digital support was asked of 2025's 4 and not of 2024's 3.
    pooled = _pooled()
    with pytest.raises(tt.MultiResponseError, match="was not asked of some") as caught:
        tt.design.estimate_proportions(pooled.data, "support", survey=pooled.survey)
    with pytest.raises(tt.MultiResponseError, match="was not asked of some") as table:
        tt.multi_response(pooled.data, "support", survey=pooled.survey)
    assert (
        str(caught.value).split("\n")[0].replace("'all'", "'All'")
        == str(table.value).split("\n")[0]
    )


_TICK = st.sampled_from([0, 1, None])
_WEIGHT = st.floats(min_value=0.01, max_value=100.0, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(_TICK, _TICK, st.sampled_from(["x", "y", "z"]), _WEIGHT),
        min_size=2,
        max_size=40,
    ),
    empty=st.sampled_from(["skipped", "answered"]),
)
def test_every_estimate_is_the_tables_weighted_share_on_its_base(
    rows: list[tuple[int | None, int | None, str, float]], empty: str
) -> None:
    data = pd.DataFrame(rows, columns=["needs_1", "needs_2", "g", "w"])
    data[["needs_1", "needs_2"]] = data[["needs_1", "needs_2"]].astype("Float64")
    table = None
    try:
        table = tt.multi_response(data, "needs", survey=SURVEY, by="g", weights="w",
                                  empty=empty)  # type: ignore[arg-type]  # fmt: skip
    except tt.TracktrError as error:
        with pytest.raises(type(error)):
            tt.design.estimate_proportions(data, "needs", survey=SURVEY, by="g",
                                           design=tt.Design(weights="w"), empty=empty)  # type: ignore[arg-type]  # fmt: skip
        return
    try:
        est = tt.design.estimate_proportions(data, "needs", survey=SURVEY, by="g",
                                             design=tt.Design(weights="w"), empty=empty)  # type: ignore[arg-type]  # fmt: skip
    except tt.InvalidBaseError:
        assert table.unweighted_bases is not None
        assert int(table.unweighted_bases["All"]) == 0  # nobody in any base
        return
    assert table.unweighted_bases is not None
    for row in est.to_frame().itertuples():
        count = table.counts.loc[row.option, row.group]
        base = table.bases[row.group]
        assert row.n == table.unweighted_bases[row.group]
        if base == 0:  # a group whose members all skipped the set: no share
            assert math.isnan(row.estimate)
        else:
            assert row.estimate == pytest.approx(count / base, rel=1e-12)


# -- a domain's standard error under strata and clusters (R survey's api data) ------------

_API = Path(__file__).parent / "data" / "api"
_API_DESIGNS = {
    "strat": ("apistrat.csv", tt.Design(weights="pw", strata="stype", fpc="fpc")),
    "clus1": ("apiclus1.csv", tt.Design(weights="pw", clusters="dnum", fpc="fpc")),
}


def _api_ticks(name: str) -> pd.DataFrame:
    """A tick set from api columns: awards won (needs_1), year-round school (needs_2).

    About two in five schools tick neither (82 of apistrat's 200). Every seventh school
    (by snum) skipped the set ("<skipped>" in both cells), so that empty="answered" leaves
    someone out too (a blank tick cell is an unticked option, as the tables read it).
    """
    data = pd.read_csv(_API / _API_DESIGNS[name][0])
    skipped = (data["snum"] % 7 == 0).to_numpy()
    ticks = {
        column: np.where(skipped, tt.missing.SKIPPED, (data[source] == "Yes").astype(int))
        for column, source in (("needs_1", "awards"), ("needs_2", "yr.rnd"))
    }
    return data.assign(**{column: pd.Series(v, dtype=object) for column, v in ticks.items()})


def _linearised_se(
    data: pd.DataFrame, name: str, y: np.ndarray, domain: np.ndarray
) -> tuple[float, float]:
    """The share of `y` in `domain` and its SE, by the textbook formula, apart from tracktr.

    R's ``svymean(~y, subset(design, domain))`` (and ``svyby``, which subsets the design
    per group) keeps every row of the design: the ratio's linearised score is
    z_i = d_i w_i (y_i - p) / sum(d w), zero outside the domain, and its variance is that
    of a total of z under the whole design. Stratified (apistrat, fpc = N_h):
    sum_h (1 - n_h/N_h) n_h/(n_h - 1) sum_{i in h} (z_i - mean_h z)^2. One-stage clusters
    (apiclus1, fpc = N districts): (1 - n/N) n/(n - 1) sum_c (Z_c - mean Z)^2 over the
    district totals Z_c. R cannot run here, so this is the reference.
    """
    w = data["pw"].to_numpy(dtype=float)
    d = domain.astype(float)
    p = float((d * w * y).sum() / (d * w).sum())
    z = d * w * (y - p) / (d * w).sum()
    if name == "strat":
        parts = pd.DataFrame({"z": z, "h": data["stype"], "N": data["fpc"]}).groupby("h")
        variance = sum(
            (1 - len(g) / g["N"].iloc[0])
            * len(g)
            / (len(g) - 1)
            * ((g["z"] - g["z"].mean()) ** 2).sum()
            for _, g in parts
        )
    else:
        totals = pd.Series(z).groupby(data["dnum"].to_numpy()).sum().to_numpy()
        n, big_n = len(totals), float(data["fpc"].iloc[0])
        variance = (1 - n / big_n) * n / (n - 1) * float(((totals - totals.mean()) ** 2).sum())
    return p, math.sqrt(variance)


@pytest.mark.parametrize("name", list(_API_DESIGNS))
@pytest.mark.parametrize("empty", ["skipped", "answered"])
def test_a_domain_of_a_tick_set_has_the_linearised_se_of_the_whole_design(
    name: str, empty: str
) -> None:
    # Before: the base held every school asked, those who ticked neither too (apistrat's
    # E schools: n=83 and Money 0.723, not the 61 who ticked one and 0.984). The default
    # `empty` is left unsaid so that this fails on the value, not on a new keyword.
    data = _api_ticks(name)
    design = _API_DESIGNS[name][1]
    asked = (data["needs_1"] != tt.missing.SKIPPED).to_numpy()
    y = np.where(asked[:, None], data[["needs_1", "needs_2"]], 0).astype(float)
    base = asked if empty == "answered" else y.any(axis=1)
    policy = {} if empty == "skipped" else {"empty": empty}
    est = tt.design.estimate_proportions(data, "needs", survey=SURVEY, design=design,
                                         by="stype", **policy)  # type: ignore[arg-type]  # fmt: skip
    whole = tt.design.estimate_proportions(data, "needs", survey=SURVEY, design=design,
                                           **policy)  # type: ignore[arg-type]  # fmt: skip
    table = tt.multi_response(data, "needs", survey=SURVEY, by="stype", weights="pw",
                              empty=empty)  # type: ignore[arg-type]  # fmt: skip
    checked = 0
    for row in est.to_frame().itertuples():
        domain = base & (data["stype"] == row.group).to_numpy()
        j = ["Money", "Staff"].index(row.option)
        p, se = _linearised_se(data, name, y[:, j], domain)
        assert row.estimate == pytest.approx(p, rel=1e-12)
        assert row.se == pytest.approx(se, rel=1e-9)
        assert row.n == int(domain.sum()) == table.unweighted_bases[row.group]
        assert row.estimate == pytest.approx(
            table.counts.loc[row.option, row.group] / table.bases[row.group], rel=1e-12
        )
        checked += 1
    for row in whole.to_frame().itertuples():
        j = ["Money", "Staff"].index(row.option)
        p, se = _linearised_se(data, name, y[:, j], base)
        assert (row.estimate, row.n) == (pytest.approx(p, rel=1e-12), int(base.sum()))
        assert row.se == pytest.approx(se, rel=1e-9)
        checked += 1
    assert checked == 8  # 3 school types and the whole sample, 2 options each
    # The note names the base in the table's words.
    said = "Base: all respondents who answered" + (
        " (ticking nothing counted as an answer)" if empty == "answered" else ""
    )
    assert f"{said}." in est.notes
    assert table.notes[0].startswith(f"{said} (E n=")


_ONE_COLUMN = {
    "difference": lambda data, survey: tt.design.difference(
        data, "needs", "g", option="Money", survey=survey
    ),
    "compare_groups": lambda data, survey: tt.design.compare_groups(
        data, "needs", "g", survey=survey
    ),
    "chisq": lambda data, survey: tt.design.chisq(data, "g", "needs", survey=survey),
    "ranktest": lambda data, survey: tt.design.ranktest(data, "needs", "g", survey=survey),
}


@pytest.mark.parametrize("form", ["binary", "delimited"])
@pytest.mark.parametrize("reads", list(_ONE_COLUMN))
def test_a_function_of_one_column_names_the_tick_set_it_was_given(form: str, reads: str) -> None:
    # Before: binary columns were "not in the data. Hint: ... pass the codebook as
    # `survey=`" (it was passed); a delimited set's column was read as single answers:
    # chisq tested "Money;Staff" as a category of its own (F = 0.582, p = 0.576).
    groups = {"g": list("aabbab"), "w": [1.0] * 6}
    if form == "binary":
        survey = SURVEY
        data = _six().drop(columns="respondent_id").assign(**groups)
    else:
        question = {**NEEDS, "form": "delimited", "separator": ";"}
        survey = tt.Survey.from_dict({"title": "T", "questions": [question]})
        data = pd.DataFrame(
            {"needs": ["Money", "Money;Staff", "Staff", "Money", "Staff", "Money"], **groups}
        )
    with pytest.raises(tt.InvalidOptionError, match="is a tick-all-that-apply set") as caught:
        _ONE_COLUMN[reads](data, survey)
    assert f"tt.design.{reads}()" in str(caught.value)
    assert "tt.compare_table(tt.multi_response(data, 'needs'" in str(caught.value)

"""Design-based shares of a tick-all-that-apply set, on the base the tables print.

Before, ``tt.design.estimate_proportions`` read a set with its own reader: a respondent who
ticked nothing was in the base (``tt.multi_response`` leaves them out by default), a
pooled wave's ``"<not asked>"`` counted as not ticking an option never offered, and
delimited or slot sets were refused. Hand counts are in the comments.
"""

from __future__ import annotations

import math

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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(_TICK, _TICK, st.sampled_from(["x", "y", "z"]), st.sampled_from([0.5, 1.0, 2.5])),
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

"""Wave-on-wave change of every kind of share: single, multi-response, grid; weighted.

Known values: tests/reference/waves_mcnemar.csv, made by tests/reference/waves_mcnemar.R
(R 4.2.2: mcnemar.test, binom.test, prop.test); hand computations in the comments.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

HERE = Path(__file__).resolve().parent
R = pd.read_csv(HERE / "reference" / "waves_mcnemar.csv", index_col="table")

SURVEY = tt.Survey.from_dict(
    {
        "title": "Members",
        "questions": [
            {
                "id": "topics",
                "type": "multi",
                "text": "Which topics?",
                "form": "indicator",
                "options": [
                    {"code": 1, "label": "Housing", "column": "topics_housing"},
                    {"code": 2, "label": "Health", "column": "topics_health"},
                ],
                "nets": {"Any topic": ["Housing", "Health"]},
            },
            {
                "id": "rating",
                "type": "grid",
                "text": "How good are your relationships with...",
                "options": ["Good", "Fair", "Poor", {"label": "Don't know", "dont_know": True}],
                "items": [
                    {"id": "crc", "label": "CRCs", "column": "rating_crc"},
                    {"id": "nps", "label": "NPS", "column": "rating_nps"},
                ],
                "nets": {"Good or fair": ["Good", "Fair"]},
            },
            {"id": "staff", "type": "numeric", "text": "Staff?"},
        ],
    }
)


def _wave(ids: list[str], yes: list[bool], prefix: str = "") -> pd.DataFrame:
    """One wave: `yes` is both the Housing tick and a "Good" rating of CRCs."""
    n = len(ids)
    return pd.DataFrame(
        {
            "respondent_id": range(1, n + 1),
            "org": ids,
            "topics_housing": [int(y) for y in yes],
            "topics_health": [1 - int(y) for y in yes],
            "rating_crc": ["Good" if y else "Poor" for y in yes],
            "rating_nps": ["Don't know"] * n,
            "staff": [5] * n,
            "weight": [1.0] * n,
        }
    )


def _paired(
    cells: tuple[int, int, int, int],
    only1: tuple[int, int] = (0, 0),
    only2: tuple[int, int] = (0, 0),
) -> tt.waves.Pooled:
    """Pool two waves whose overlap has the 2x2 table `cells` (yes/no in each wave) and
    whose other organisations are `only1` (yes, no) and `only2` (yes, no)."""
    a, b, c, d = cells
    both = [f"B{i}" for i in range(a + b + c + d)]
    first = [True] * (a + b) + [False] * (c + d)
    second = [True] * a + [False] * b + [True] * c + [False] * d
    ids1 = both + [f"F{i}" for i in range(sum(only1))]
    ids2 = both + [f"S{i}" for i in range(sum(only2))]
    yes1 = first + [True] * only1[0] + [False] * only1[1]
    yes2 = second + [True] * only2[0] + [False] * only2[1]
    waves = {"w1": (_wave(ids1, yes1), SURVEY), "w2": (_wave(ids2, yes2), SURVEY)}
    return tt.waves.pool(waves, id="org", keep=["weight"])


# -- known values from R -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(R.index))
def test_mcnemar_matches_r(name: str) -> None:
    # R 4.2.2: mcnemar.test(matrix(c(a, c, b, d), 2), correct = FALSE / TRUE) and
    # binom.test(b, b + c); tolerance 1e-9 relative (R writes 17 significant digits).
    row = R.loc[name]
    table = [[int(row["a"]), int(row["b"])], [int(row["c"]), int(row["d"])]]
    plain = tt.waves.mcnemar(table)
    assert plain.statistic == pytest.approx(row["chi2"], rel=1e-9, abs=1e-12)
    assert plain.p_value == pytest.approx(row["p_chi2"], rel=1e-9)
    yates = tt.waves.mcnemar(table, method="chi2_yates")
    assert yates.statistic == pytest.approx(row["chi2_yates"], rel=1e-9, abs=1e-12)
    assert yates.p_value == pytest.approx(row["p_chi2_yates"], rel=1e-9)
    exact = tt.waves.mcnemar(table, method="exact")
    assert exact.p_value == pytest.approx(row["p_exact"], rel=1e-9)


@pytest.mark.parametrize("name", list(R.index))
def test_the_overlap_test_is_r_at_both_extremes(name: str) -> None:
    # Full overlap: R's mcnemar.test; the same margins as independent samples: prop.test.
    row = R.loc[name]
    a, b, c, d = (int(row[k]) for k in "abcd")
    n = a + b + c + d
    paired = tt.waves.compare_overlapping(a + b, n, a + c, n, both=[[a, b], [c, d]])
    assert paired.statistic == pytest.approx(row["chi2"], rel=1e-9, abs=1e-12)
    assert paired.p_value == pytest.approx(row["p_chi2"], rel=1e-9)
    apart = tt.waves.compare_overlapping(a + b, n, a + c, n, both=[[0, 0], [0, 0]])
    assert apart.statistic == pytest.approx(row["independent_chi2"], rel=1e-9, abs=1e-12)
    assert apart.p_value == pytest.approx(row["p_independent"], rel=1e-9)


@pytest.mark.parametrize(
    ("question", "option", "item"),
    [("topics", "Housing", None), ("rating", "Good", "crc"), ("rating", "Good", "CRCs")],
)
def test_a_multi_response_option_and_a_grid_item_paired_in_full_are_r_mcnemar(
    question: str, option: str, item: str | None
) -> None:
    # Table "wide" of waves_mcnemar.csv: 40 yes twice, 3 yes then no, 19 no then yes,
    # 38 no twice; R: McNemar's chi-squared = 11.636363636363637, p = 6.4674912257647638e-04.
    row = R.loc["wide"]
    pooled = _paired((40, 3, 19, 38))
    result = tt.waves.change(pooled, question, option, item=item)
    assert result.both == (40, 3, 19, 38)
    assert result.test == "paired"
    assert result.statistic == pytest.approx(row["chi2"], rel=1e-9)
    assert result.p_value == pytest.approx(row["p_chi2"], rel=1e-9)


# -- by hand -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "option", "item"), [("topics", "Housing", None), ("rating", "Good", "crc")]
)
def test_overlapping_samples_by_hand_from_pooled_data(
    question: str, option: str, item: str | None
) -> None:
    # Waves of 100 (20 and 30 yes); 60 organisations in both: 10 yes twice, 5 yes then no,
    # 12 no then yes, 33 no twice; 40 in each wave alone (5 and 8 yes). By hand (Kish):
    # pooled p = 50/200 = 1/4; V1 + V2 = (1/4)(3/4)(2/100) = 3/800; overlap margin
    # q = 37/120; a - m q^2 = 10 - 1369/240 = 1031/240; 2 Cov = 1031/1_200_000;
    # V0 = 3/800 - 1031/1_200_000 = 3469/1_200_000; X^2 = 0.1^2 / V0 = 12000/3469.
    pooled = _paired((10, 5, 12, 33), only1=(5, 35), only2=(8, 32))
    result = tt.waves.change(pooled, question, option, item=item)
    assert (result.count1, result.base1, result.count2, result.base2) == (20, 100, 30, 100)
    assert result.both == (10, 5, 12, 33)
    assert result.statistic == pytest.approx(12000 / 3469, rel=1e-12)


def test_a_weighted_change_by_hand() -> None:
    # Wave 1: A yes (w 1), B no (1), C yes (2), D no (2): W1 = 6, sum w^2 = 10, p1 = 3/6,
    # effective base 36/10. Wave 2: C yes (1), D yes (3), E no (2): W2 = 6, sum w^2 = 14,
    # p2 = 4/6, effective base 36/14. Overlap C (yes, yes; product 2), D (no, yes; 6):
    # A = 2, B = 0, C = 6, D = 0, S = 8, q = (4 + 6)/16 = 5/8, A - S q^2 = -9/8;
    # pooled p = (18/5 * 1/2 + 18/7 * 2/3)/(18/5 + 18/7) = 41/72;
    # V0 = (41/72)(31/72)(10/36 + 14/36) - 2(-9/8)/36 = 1271/7776 + 486/7776 = 1757/7776;
    # X^2 = (1/6)^2 / V0 = 216/1757.
    one = _wave(["A", "B", "C", "D"], [True, False, True, False]).assign(weight=[1, 1, 2, 2.0])
    two = _wave(["C", "D", "E"], [True, True, False]).assign(weight=[1, 3, 2.0])
    pooled = tt.waves.pool({"w1": (one, SURVEY), "w2": (two, SURVEY)}, id="org", keep=["weight"])
    result = tt.waves.change(pooled, "topics", "Housing", weights="weight")
    assert result.statistic == pytest.approx(216 / 1757, rel=1e-12)
    assert result.weighted == (3.0, 6.0, 4.0, 6.0)
    assert result.effective_bases == pytest.approx((3.6, 36 / 14))
    assert (result.count1, result.base1, result.count2, result.base2) == (2, 4, 2, 3)
    assert result.both == (1, 0, 1, 0)
    assert result.test == "overlapping"
    assert "weighted" in repr(result)
    text = tt.waves.describe_change(result)
    assert "rose from 50% (weighted; 2 of 4 respondents) in w1 to 67% (weighted; 2 of 3" in text


def test_equal_weights_give_the_unweighted_change() -> None:
    pooled = _paired((10, 5, 12, 33), only1=(5, 35), only2=(8, 32))
    plain = tt.waves.change(pooled, "topics", "Housing")
    weighted = tt.waves.change(pooled, "topics", "Housing", weights=np.full(200, 2.5))
    assert weighted.statistic == pytest.approx(plain.statistic, rel=1e-12)
    assert weighted.p_value == pytest.approx(plain.p_value, rel=1e-12)
    assert weighted.difference_ci == pytest.approx(plain.difference_ci, rel=1e-12)
    assert weighted.correlation == pytest.approx(plain.correlation, rel=1e-12)


# -- what each type counts ---------------------------------------------------------------------


def test_change_counts_are_those_of_the_trend_and_grid_tables() -> None:
    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    multi = tt.waves.trend(pooled, "specialism")
    frame = tt.waves.changes(pooled, "specialism")
    assert frame["count_1"].tolist() == multi.counts["2015-05"].tolist()
    assert frame["count_2"].tolist() == multi.counts["2015-10"].tolist()
    assert set(frame["base_2"]) == {int(multi.bases["2015-10"])}
    grid = tt.grid(pooled.data, "relationships", survey=pooled.survey, by="wave", total=False)
    rows = tt.waves.changes(pooled, "relationships")
    for wave, column in (("2015-05", "count_1"), ("2015-10", "count_2")):
        for item in ("crc", "nps", "prisons"):
            label = pooled.survey.question("relationships").items
            name = next(i.label for i in label if i.id == item)
            expected = grid.counts.loc[(wave, name)].tolist()
            assert rows.loc[item, column].tolist() == expected


def test_declared_nets_are_shares_too() -> None:
    pooled = _paired((10, 5, 12, 33), only1=(5, 35), only2=(8, 32))
    net = tt.waves.change(pooled, "rating", "Good or fair", item="crc")
    same = tt.waves.change(pooled, "rating", ["Good", "Fair"], item="crc")
    assert (net.count1, net.both) == (same.count1, same.both) == (20, (10, 5, 12, 33))
    anything = tt.waves.change(pooled, "topics", "Any topic")
    assert (anything.count1, anything.base1) == (100, 100)
    frame = tt.waves.changes(pooled, "rating", dont_know="exclude")
    assert frame.loc["crc"].index.tolist() == ["Good", "Fair", "Poor", "Good or fair"]
    # every NPS rating is don't know: excluded, its base is empty and nothing is compared
    empty = frame.loc[("nps", "Good")]
    assert (empty["base_1"], empty["base_2"]) == (0, 0)
    assert math.isnan(empty["p_value"])
    with pytest.raises(tt.InvalidBaseError, match=r"no respondent of wave 'w1' is in the base"):
        tt.waves.change(pooled, "rating", "Good", item="nps", dont_know="exclude")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"question": "rating", "option": "Good"}, tt.InvalidOptionError, r"is a grid; name one "),
        (
            {"question": "rating", "option": "Good", "item": "probation"},
            tt.QuestionNotFoundError,
            r"'probation' is not one of its items \['crc', 'nps'\]",
        ),
        (
            {"question": "topics", "option": "Housing", "item": "crc"},
            tt.InvalidOptionError,
            r"`item` is for grids; question 'topics' is a multi question",
        ),
        (
            {"question": "topics", "option": "Education"},
            tt.QuestionNotFoundError,
            (
                r"option\(s\) \['Education'\] are not among the options in the base "
                r"\['Housing', 'Health'\] or its nets \['Any topic'\]"
            ),
        ),
        (
            {"question": "staff", "option": "5"},
            tt.InvalidOptionError,
            r"(?s)question 'staff' is a numeric question.*Hint: band",
        ),
        (
            {"question": "topics", "option": "Housing", "weights": "wait"},
            tt.QuestionNotFoundError,
            r"wait",
        ),
        (
            {"question": "topics", "option": "Housing", "weights": [1.0] * 3},
            tt.InvalidWeightsError,
            r"`weights` has 3 values for 200 rows",
        ),
    ],
)
def test_change_names_what_it_cannot_compare(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    pooled = _paired((10, 5, 12, 33), only1=(5, 35), only2=(8, 32))
    question, option = kwargs.pop("question"), kwargs.pop("option")
    with pytest.raises(error, match=message):
        tt.waves.change(pooled, question, option, **kwargs)


def test_weights_that_sum_to_zero_in_a_wave_are_refused() -> None:
    pooled = _paired((1, 1, 1, 1))
    weights = pd.Series(np.where(pooled.data["wave"] == "w2", 0.0, 1.0), index=pooled.data.index)
    with pytest.raises(tt.InvalidWeightsError, match=r"the weights of wave 'w2' sum to 0.0"):
        tt.waves.change(pooled, "topics", "Housing", weights=weights)


def test_changes_refuses_a_numeric_question_with_a_hint() -> None:
    pooled = _paired((1, 1, 1, 1))
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)'staff' is a numeric question.*band"):
        tt.waves.changes(pooled, "staff")


@pytest.mark.parametrize(
    ("keep", "error", "message"),
    [
        (["budget"], tt.QuestionNotFoundError, r"wave 'w1': the kept column\(s\) \['budget'\]"),
        (["org"], tt.InvalidOptionError, r"'org' is named twice among the wave, id and kept"),
        (["topics_housing"], tt.InvalidOptionError, r"'topics_housing' is both a pooled"),
    ],
)
def test_pool_keeps_only_columns_every_wave_has_and_nothing_pooled(
    keep: list[str], error: type[Exception], message: str
) -> None:
    waves = {"w1": (_wave(["A"], [True]), SURVEY), "w2": (_wave(["A"], [False]), SURVEY)}
    with pytest.raises(error, match=message):
        tt.waves.pool(waves, id="org", keep=keep)
    kept = tt.waves.pool(waves, id="org", keep="weight")
    assert kept.data["weight"].tolist() == [1.0, 1.0]

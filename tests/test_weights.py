"""tracktr.weights and tracktr.design.compare_population: R survey's rake and calibrate, errors.

Known values: tests/reference/survey_api.csv (see tests/reference/survey_api.R): R survey
4.1.1's rake(), calibrate() on apiclus1, and R's chisq.test(x, p=) for goodness of fit.
Tolerance: 1e-6 relative.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "survey_api.csv", index_col=0)["value"]
CLUS1 = pd.read_csv(HERE / "data" / "api" / "apiclus1.csv")
STRAT = pd.read_csv(HERE / "data" / "api" / "apistrat.csv")
TYPES = {"E": 4421, "H": 755, "M": 1018}


def refs(key: str, n: int) -> np.ndarray:
    return np.array([float(REFERENCE[f"{key}[{i}]"]) for i in range(1, n + 1)])


def test_rake_matches_r() -> None:
    # rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide),
    #      control=list(maxit=1000, epsilon=1e-12))
    raked = tt.weights.rake(
        CLUS1, {"stype": TYPES, "sch.wide": {"No": 1460, "Yes": 4734}}, weights="pw"
    )
    assert raked.converged
    np.testing.assert_allclose(raked.weights, refs("rake.clus1.weights", 183), rtol=1e-6)
    frame = CLUS1.assign(w=raked.weights)
    est = tt.design.estimate_means(frame, "api00", design=tt.Design(weights="w"))
    assert est.rows["estimate"][0] == pytest.approx(
        float(REFERENCE["rake.clus1.mean.api00.est"]), rel=1e-9
    )
    margins = raked.to_frame()
    np.testing.assert_allclose(margins["achieved"], margins["target"], rtol=1e-9)
    assert raked.weights.index.equals(CLUS1.index)


def test_calibrate_matches_r() -> None:
    # calibrate(dclus1, ~stype + api99, c(`(Intercept)`=6194, stypeH=755, stypeM=1018,
    #           api99=3914069)) and the same with bounds=c(0.7, 1.7), calfun="logit"
    totals = {"stype": TYPES, "api99": 3914069.0}
    linear = tt.weights.calibrate(CLUS1, totals, weights="pw")
    np.testing.assert_allclose(
        linear.weights, refs("calibrate.linear.clus1.weights", 183), rtol=1e-6
    )
    logit = tt.weights.calibrate(CLUS1, totals, weights="pw", method="logit", bounds=(0.7, 1.7))
    assert logit.converged
    np.testing.assert_allclose(logit.weights, refs("calibrate.logit.clus1.weights", 183), rtol=1e-6)
    ratio = logit.weights / CLUS1["pw"]
    assert ratio.min() >= 0.7 - 1e-12
    assert ratio.max() <= 1.7 + 1e-12


def test_goodness_of_fit_matches_r() -> None:
    # chisq.test(table(apistrat$stype), p = c(4421, 755, 1018) / 6194)
    result = tt.design.compare_population(STRAT, "stype", TYPES)
    np.testing.assert_allclose(
        [result.statistic, result.df, result.p_value], refs("gof.strat.stype", 3), rtol=1e-6
    )
    table = result.to_frame().set_index("option")
    assert table.loc["E", "representation"] == "under"  # 50% against 71%
    assert table.loc["H", "representation"] == "over"
    assert table.loc["E", "population_count"] == 4421


def test_the_reports_own_comparison() -> None:
    # NCVO Almanac: just over 83% of 160,045 UK charities have an income of £100,000 or less;
    # 35 of the 151 trackTR respondents are "Under £100,000" (2016 report, Table 3).
    data = tt.datasets.tracktr_2015()
    income = np.where(data["income"] == "Under £100,000", "£100,000 or less", "over £100,000")
    frame = pd.DataFrame({"income": income}, index=data.index)
    result = tt.design.compare_population(
        frame, "income", {"£100,000 or less": 0.83, "over £100,000": 0.17},
        labels={"£100,000 or less": "organisations with an income of £100,000 or less"},
        population_name="charities",
    )  # fmt: skip
    assert result.n == 151
    assert result.statements[0] == (
        "organisations with an income of £100,000 or less are under-represented: 23% of "
        "respondents (nearly a quarter) against 83% of charities (just over four fifths)."
    )
    assert result.statements[1].startswith("'over £100,000' are over-represented: 77% of")


def test_rake_with_bounds_and_trimming() -> None:
    df = pd.DataFrame({"a": ["x"] * 10 + ["y"] * 90, "b": (["p", "q"] * 50)})
    margins = {"a": {"x": 0.5, "y": 0.5}, "b": {"p": 0.4, "q": 0.6}}
    free = tt.weights.rake(df, margins)
    assert free.diagnostics.maximum > 3
    bounded = tt.weights.rake(df, margins, bounds=(0.2, 6.0))
    assert bounded.converged
    assert (bounded.weights <= 6.0 + 1e-9).all()
    # within the limits the weights stop changing before max_iter (18 cycles): said so
    with pytest.warns(
        tt.TracktrWarning,
        match=r"rake did not meet the margins after 18 iterations .*\(within these limits, "
        r"more iterations change nothing\)",
    ):
        tight = tt.weights.rake(df, margins, trim=(None, 2.0), max_iter=20)
    assert not tight.converged
    assert "did NOT converge" in repr(tight)
    assert (tight.weights <= 2.0).all()


def test_trim_keeps_the_total() -> None:
    w = pd.Series([1.0, 1.0, 2.0, 8.0, 0.5], index=list("abcde"))
    trimmed = tt.weights.trim(w, lower=0.8, upper=4.0)
    assert trimmed.sum() == pytest.approx(w.sum())
    assert trimmed.min() >= 0.8 - 1e-12
    assert trimmed.max() <= 4.0 + 1e-12
    assert list(trimmed.index) == list("abcde")
    with pytest.raises(tt.InvalidOptionError, match=r"cannot all be at most 2"):
        tt.weights.trim(w, upper=2.0)


@pytest.mark.parametrize(
    ("key", "source", "lower", "upper", "strict"),
    [
        # R: trimWeights(dstrat, upper=40, lower=20) and with strict=TRUE
        ("strat.u40l20", "strat", 20.0, 40.0, False),
        ("strat.u40l20strict", "strat", 20.0, 40.0, True),
        ("strat.u35strict", "strat", None, 35.0, True),
        # R: trimWeights(raked, ...) on the weights raked to stype and sch.wide
        ("raked.u40l25", "raked", 25.0, 40.0, False),
        ("raked.u40l25strict", "raked", 25.0, 40.0, True),
        ("raked.u60", "raked", None, 60.0, False),
    ],
)
def test_trim_matches_r_trimweights(
    key: str, source: str, lower: float | None, upper: float, strict: bool
) -> None:
    start = STRAT["pw"] if source == "strat" else pd.Series(refs("rake.clus1.weights", 183))
    expected = refs(f"trim.{key}", len(start))
    if strict or ((expected >= (lower or -np.inf)) & (expected <= upper)).all():
        trimmed = tt.weights.trim(start, lower=lower, upper=upper, strict=strict)
    else:
        with pytest.warns(
            tt.TracktrWarning, match=r"are not (between|at most) .* strict=True to repeat"
        ):
            trimmed = tt.weights.trim(start, lower=lower, upper=upper, strict=strict)
    np.testing.assert_allclose(trimmed.to_numpy(), expected, rtol=1e-9, atol=0)
    assert trimmed.sum() == pytest.approx(start.sum(), rel=1e-12)


def test_trim_shares_equally_not_in_proportion() -> None:
    # 5 is cut to 3; the 2 trimmed goes in equal parts (R), not in proportion to 1 and 2
    assert tt.weights.trim([1.0, 2.0, 5.0], upper=3.0).tolist() == [2.0, 3.0, 3.0]
    with pytest.raises(tt.InvalidOptionError, match=r"none of the 2 weights is between 2.0 and 4"):
        tt.weights.trim([1.0, 5.0], lower=2.0, upper=4.0)


def test_trim_messages_never_print_none_for_an_open_limit() -> None:
    # 10 is cut to 3 and 7 shared over five: 2.9 + 1.4 is still above 3 after one pass
    start = [1.0, 1.0, 1.0, 1.0, 2.9, 10.0]
    with pytest.warns(
        tt.TracktrWarning, match=r"1 weight\(s\) are not at most 3.0 after"
    ) as caught:
        tt.weights.trim(start, upper=3.0)
    assert "None" not in str(caught[0].message)
    with pytest.raises(tt.InvalidOptionError, match=r"weights at most 3.0 within 1 ") as err:
        tt.weights.trim(start, upper=3.0, strict=True, max_iter=1)
    assert "None" not in str(err.value)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"upper": True}, r"`upper` must be a number or None; got True"),
        ({"lower": "1"}, r"`lower` must be a number or None; got '1'"),
        ({"upper": 4.0, "strict": 1}, r"`strict` must be True or False; got 1"),
        ({"upper": 4.0, "max_iter": True}, r"`max_iter` must be a whole number above 0; got True"),
    ],
)
def test_trim_refuses_true_for_a_number(option: dict[str, Any], message: str) -> None:
    # Before: upper=True trimmed to 1 ("at most True"), max_iter=True ran one pass.
    with pytest.raises(tt.InvalidOptionError, match=message):
        tt.weights.trim([1.0, 2.0, 9.0], **option)


def test_diagnostics() -> None:
    d = tt.weights.diagnostics([1.0, 1.0, 1.0, 3.0, 0.0])
    # Kish: n sum(w^2) / (sum w)^2 = 5 * 12 / 36
    assert d.deff_kish == pytest.approx(5 / 3)
    assert d.n_eff == pytest.approx(3.0)
    assert d.zero == 1
    assert d.ratio == 3.0
    assert d.to_frame()["efficiency"][0] == pytest.approx(0.6)
    with pytest.raises(tt.InvalidWeightsError, match=r"weights are all zero"):
        tt.weights.diagnostics([0.0, 0.0])


# -- impossible margins -----------------------------------------------------------------------


def test_impossible_margins_are_errors() -> None:
    df = pd.DataFrame({"size": ["Small", "Large", "Large"]}, index=["o1", "o2", "o3"])
    with pytest.raises(tt.InvalidOptionError, match=r"the population has \['Medium'\] but no"):
        tt.weights.rake(df, {"size": {"Small": 50, "Medium": 30, "Large": 20}})
    with pytest.raises(tt.InvalidOptionError, match=r"shares sum to 0.9, not 1"):
        tt.weights.rake(df, {"size": {"Small": 0.5, "Large": 0.4}})
    with pytest.raises(tt.UnknownValueError, match=r"respondents answered \['Large'\]"):
        tt.weights.rake(df, {"size": {"Small": 50}})
    with pytest.raises(
        tt.InvalidOptionError, match=r"respondents are in \['Large'\], which has no"
    ):
        tt.weights.rake(df, {"size": {"Small": 50, "Large": 0}})
    with pytest.raises(tt.InvalidCountsError, match=r"finite and not negative"):
        tt.weights.rake(df, {"size": {"Small": 50, "Large": -1}})
    with pytest.raises(tt.InvalidCountsError, match=r"must be a number"):
        tt.weights.rake(df, {"size": {"Small": "many", "Large": 1}})
    with pytest.raises(tt.InvalidCountsError, match=r"must be a number"):
        tt.weights.rake(df, {"size": {"Small": True, "Large": False}})
    two = df.assign(region=["N", "S", "S"])
    with pytest.raises(tt.InvalidOptionError, match=r"margins of one population must agree"):
        tt.weights.rake(two, {"size": {"Small": 50, "Large": 50}, "region": {"N": 5, "S": 5}})
    with pytest.raises(tt.InvalidOptionError, match=r"missing in rows \['o2'\]"):
        tt.weights.rake(
            df.assign(size=["Small", None, "Large"]), {"size": {"Small": 1, "Large": 2}}
        )
    with pytest.raises(tt.QuestionNotFoundError, match=r"margin 'sise' is not a column"):
        tt.weights.rake(df, {"sise": {"Small": 1}})
    with pytest.raises(tt.InvalidOptionError, match=r"`max_iter` must be a whole number"):
        tt.weights.rake(df, {"size": {"Small": 1, "Large": 2}}, max_iter=0)
    with pytest.raises(tt.InvalidOptionError, match=r"`bounds` must be \(low, high\)"):
        tt.weights.rake(df, {"size": {"Small": 1, "Large": 2}}, bounds=(2.0, 3.0))


def test_calibration_errors() -> None:
    df = pd.DataFrame({"size": ["Small", "Large"], "staff": [1.0, 2.0]})
    with pytest.raises(tt.InvalidOptionError, match=r'method="logit" needs `bounds'):
        tt.weights.calibrate(df, {"staff": 3.0}, method="logit")
    with pytest.raises(tt.InvalidOptionError, match=r"bounds apply to method=\"logit\""):
        tt.weights.calibrate(df, {"staff": 3.0}, bounds=(0.5, 2.0))
    with pytest.raises(tt.InvalidOptionError, match=r"must be a finite number or a mapping"):
        tt.weights.calibrate(df, {"staff": "3"})
    with pytest.raises(tt.UnknownMethodError, match=r"`method` must be one of 'linear', 'logit'"):
        tt.weights.calibrate(df, {"staff": 3.0}, method="raking")  # type: ignore[arg-type]
    # a numeric total alone keeps the sample size as the population size
    cal = tt.weights.calibrate(df, {"staff": 3.5})
    assert cal.weights.sum() == pytest.approx(2.0)
    assert float(cal.weights @ df["staff"]) == pytest.approx(3.5)
    with pytest.raises(tt.InvalidOptionError, match=r"negative weights to rows \[0\]"):
        tt.weights.calibrate(df, {"staff": 5.0})


def test_compare_population_errors() -> None:
    df = pd.DataFrame({"q": ["a", "b", "c"]}, index=["o1", "o2", "o3"])
    with pytest.raises(tt.UnknownValueError, match=r"answers \['c'\] are not among"):
        tt.design.compare_population(df, "q", {"a": 0.5, "b": 0.5})
    with pytest.raises(tt.InvalidOptionError, match=r"population shares sum to 0.9"):
        tt.design.compare_population(df, "q", {"a": 0.3, "b": 0.3, "c": 0.3})
    with pytest.raises(tt.InvalidOptionError, match=r"respondents are in \['c'\], which the"):
        tt.design.compare_population(df, "q", {"a": 50, "b": 50, "c": 0})
    with pytest.raises(tt.InvalidCountsError, match=r"population value of 'a' must be a number"):
        tt.design.compare_population(df, "q", {"a": None, "b": 1, "c": 1})  # type: ignore[dict-item]


@pytest.mark.parametrize("method", ["rake", "linear", "logit"])
def test_standard_errors_account_for_the_weighting(method: str) -> None:
    # R: SE(svymean(~api00, d)), SE(svytotal(~enroll, d)), SE(svymean(~awards, d)) on the
    # designs returned by rake() and calibrate() (survey_api.R, "calibrated_se")
    totals = {"stype": TYPES, "api99": 3914069.0}
    if method == "rake":
        result = tt.weights.rake(
            CLUS1, {"stype": TYPES, "sch.wide": {"No": 1460, "Yes": 4734}}, weights="pw"
        )
    elif method == "linear":
        result = tt.weights.calibrate(CLUS1, totals, weights="pw")
    else:
        result = tt.weights.calibrate(
            CLUS1, totals, weights="pw", method="logit", bounds=(0.7, 1.7)
        )
    frame = CLUS1.assign(w=result.weights)
    design = tt.Design(weights="w", clusters="dnum", fpc="fpc", calibration=result)
    assert f"calibration={result.method!r}" in repr(design)
    se = [
        tt.design.estimate_means(frame, "api00", design=design).rows["se"][0],
        tt.design.estimate_totals(frame, "enroll", design=design).rows["se"][0],
        *tt.design.estimate_proportions(frame, "awards", design=design).rows["se"],
    ]
    np.testing.assert_allclose(se, refs(f"calibrated_se.{method}", 4), rtol=1e-6)
    # without the calibration, the same weights are treated as fixed: larger errors
    fixed = tt.Design(weights="w", clusters="dnum", fpc="fpc")
    assert tt.design.estimate_means(frame, "api00", design=fixed).rows["se"][0] > se[0]


def test_calibration_must_belong_to_the_weights() -> None:
    raked = tt.weights.rake(CLUS1, {"stype": TYPES}, weights="pw")
    design = tt.Design(weights="pw", calibration=raked)
    with pytest.raises(tt.InvalidWeightsError, match=r"are not the weights of its `calibration`"):
        tt.design.estimate_means(CLUS1, "api00", design=design)
    with pytest.raises(tt.InvalidOptionError, match=r"must be the result of tt.weights.rake"):
        tt.Design(weights="pw", calibration="raked").bind(CLUS1)


def test_a_published_table_is_a_margin() -> None:
    # NCVO Almanac (as the 2016 report cites it): just over 83% of 160,045 UK charities
    # have an income of £100,000 or less; 0.83 x 160,045 = 132,837 (rounded) as a table of
    # counts, used as the margin directly
    almanac = tt.Table(
        counts=pd.DataFrame({"charities": [132_837, 27_208]},
                            index=["£100,000 or less", "Over £100,000"]),
        bases=pd.Series({"charities": 160_045}),
    )  # fmt: skip
    df = pd.DataFrame({"band": ["£100,000 or less"] * 35 + ["Over £100,000"] * 116})
    from_table = tt.weights.rake(df, {"band": almanac})
    from_dict = tt.weights.rake(df, {"band": {"£100,000 or less": 132_837,
                                              "Over £100,000": 27_208}})  # fmt: skip
    np.testing.assert_allclose(from_table.weights, from_dict.weights, rtol=1e-12)
    assert from_table.weights.sum() == pytest.approx(160_045)
    two = tt.Table(counts=pd.DataFrame({"a": [1, 2], "b": [3, 4]}, index=["x", "y"]),
                   bases=pd.Series({"a": 3, "b": 7}))  # fmt: skip
    with pytest.raises(tt.InvalidOptionError, match=r"needs one column of counts"):
        tt.weights.rake(df.assign(band=["x"] * 151), {"band": two})


def test_diagnostics_of_a_weight_near_zero_give_an_infinite_ratio_without_a_warning() -> None:
    # Raking margins that cannot be met drove one weight to 1e-313 (found by hypothesis):
    # the ratio overflowed in numpy with a RuntimeWarning.
    found = tt.weights.diagnostics(np.array([359.375, 1.1e-313, 14.9]))
    assert found.ratio == float("inf")
    assert found.maximum == 359.375


# -- rows from other engines; starting weights that leave a category empty ----------------


def test_rake_and_calibrate_read_an_engine_frame() -> None:
    # Before: AttributeError ('DataFrame' object has no attribute 'index') from inside.
    pl = pytest.importorskip("polars")
    df = pd.DataFrame({"region": ["N", "N", "S", "S", "E"], "w": [1.0, 2.0, 1.0, 1.0, 1.0]})
    margins = {"region": {"N": 40, "S": 40, "E": 20}}
    for engine in (pl.from_pandas(df), pl.from_pandas(df).lazy()):
        raked = tt.weights.rake(engine, margins, weights="w")
        expected = tt.weights.rake(df, margins, weights="w")
        np.testing.assert_array_equal(raked.weights.to_numpy(), expected.weights.to_numpy())
        calibrated = tt.weights.calibrate(engine, margins, weights="w")
        np.testing.assert_allclose(
            calibrated.weights.to_numpy(),
            tt.weights.calibrate(df, margins, weights="w").weights.to_numpy(),
        )


@pytest.mark.parametrize("function", [tt.weights.rake, tt.weights.calibrate])
def test_what_is_not_a_frame_is_refused(function: Any) -> None:
    with pytest.raises(tt.InvalidDataError, match=r"needs a data frame of respondents; got a str"):
        function("responses.csv", {"region": {"N": 1}})


@pytest.mark.parametrize("function", [tt.weights.rake, tt.weights.calibrate])
def test_a_category_whose_starting_weights_are_all_zero_is_named(function: Any) -> None:
    # Before: rake ran 100 iterations and warned that the margins were not met.
    df = pd.DataFrame({"region": ["N", "N", "S", "S", "E"], "w": [0.0, 0.0, 1.0, 1.0, 1.0]})
    with pytest.raises(tt.InvalidWeightsError, match=r"in \['N'\] \(rows \[0, 1\]\) has a start"):
        function(df, {"region": {"N": 40, "S": 40, "E": 20}}, weights="w")

"""tracktr.design against R survey 4.1.1 on its own api data, and its errors.

Known values: tests/reference/survey_api.csv, made by tests/reference/survey_api.R (R 4.2.2,
survey 4.1.1, Debian 12) on tests/data/api/ (R survey's data(api), GPL-2 | GPL-3).
Tolerance: 1e-6 relative unless stated.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.design import (
    chisq,
    difference,
    estimate_means,
    estimate_proportions,
    estimate_ratio,
    estimate_totals,
)

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "survey_api.csv", index_col=0)["value"]
STRAT = pd.read_csv(HERE / "data" / "api" / "apistrat.csv")
CLUS1 = pd.read_csv(HERE / "data" / "api" / "apiclus1.csv")
TOL = 1e-6

DESIGNS = {
    # svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=apistrat)
    "strat": (STRAT, tt.Design(weights="pw", strata="stype", fpc="fpc")),
    # svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=apiclus1)
    "clus1": (CLUS1, tt.Design(weights="pw", clusters="dnum", fpc="fpc")),
    # svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat)
    "stratnofpc": (STRAT, tt.Design(weights="pw", strata="stype")),
}


def ref(key: str) -> float:
    return float(REFERENCE[key])


def refs(key: str, n: int) -> np.ndarray:
    return np.array([ref(f"{key}[{i}]") for i in range(1, n + 1)])


def close(actual: object, expected: object) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=TOL, atol=1e-12)


@pytest.fixture(params=list(DESIGNS))
def case(request: pytest.FixtureRequest) -> tuple[str, pd.DataFrame, tt.Design]:
    name = request.param
    data, design = DESIGNS[name]
    return name, data, design


def test_reference_versions() -> None:
    assert REFERENCE["version.survey"] == "4.1.1"
    assert REFERENCE["version.R"].startswith("R version 4.2.2")


def test_degrees_of_freedom(case: tuple[str, pd.DataFrame, tt.Design]) -> None:
    name, data, design = case
    assert design.bind(data).degf == ref(f"{name}.degf")


def test_svymean(case: tuple[str, pd.DataFrame, tt.Design]) -> None:
    name, data, design = case
    for column in ("api00", "enroll"):
        row = estimate_means(data, column, design=design).rows.iloc[0]
        close(row["estimate"], ref(f"{name}.mean.{column}.est"))
        close(row["se"], ref(f"{name}.mean.{column}.se"))
    row = estimate_means(data, "api00", design=design).rows.iloc[0]
    # deff: R's deff=TRUE with an fpc, deff="replace" without
    key = "mean" if design.fpc else "meanrep"
    close(row["deff"], ref(f"{name}.{key}.api00.deff"))
    close(row["n"] / row["n_eff"], ref(f"{name}.meanrep.api00.deff"))


def test_svytotal_and_svyratio(case: tuple[str, pd.DataFrame, tt.Design]) -> None:
    name, data, design = case
    row = estimate_totals(data, "enroll", design=design).rows.iloc[0]
    close(row["estimate"], ref(f"{name}.total.enroll.est"))
    close(row["se"], ref(f"{name}.total.enroll.se"))
    if design.fpc:
        close(row["deff"], ref(f"{name}.total.enroll.deff"))
    row = estimate_ratio(data, "api00", "api99", design=design).rows.iloc[0]
    close(row["estimate"], ref(f"{name}.ratio.api00_api99.est"))
    close(row["se"], ref(f"{name}.ratio.api00_api99.se"))


def test_svymean_of_a_factor(case: tuple[str, pd.DataFrame, tt.Design]) -> None:
    name, data, design = case
    rows = estimate_proportions(data, "awards", design=design).rows
    close(rows["estimate"], refs(f"{name}.prop.awards.est", 2))
    close(rows["se"], refs(f"{name}.prop.awards.se", 2))
    if design.fpc:
        close(rows["deff"], refs(f"{name}.prop.awards.deff", 2))
    rows = estimate_totals(data, "stype", design=design).rows
    assert rows["option"].tolist() == ["E", "H", "M"]
    close(rows["estimate"], refs(f"{name}.total.stype.est", 3))
    close(rows["se"], refs(f"{name}.total.stype.se", 3))
    rows = estimate_proportions(data, "stype", design=design).rows
    close(rows["estimate"], refs(f"{name}.prop.stype.est", 3))
    close(rows["se"], refs(f"{name}.prop.stype.se", 3))


def test_svyby_domains(case: tuple[str, pd.DataFrame, tt.Design]) -> None:
    name, data, design = case
    rows = estimate_means(data, "api00", design=design, by="stype").rows
    assert rows["group"].tolist() == ["E", "H", "M"]
    close(rows["estimate"], refs(f"{name}.by.api00.stype.est", 3))
    close(rows["se"], refs(f"{name}.by.api00.stype.se", 3))
    if design.fpc:
        close(rows["deff"], refs(f"{name}.by.api00.stype.deff", 3))
    # proportions by domain: R orders the cells group-fastest within each option
    rows = estimate_proportions(data, "awards", design=design, by="stype").rows
    ordered = rows.sort_values(["option", "group"])
    close(ordered["estimate"], refs(f"{name}.by.awards.stype.est", 6))
    close(ordered["se"], refs(f"{name}.by.awards.stype.se", 6))
    rows = estimate_totals(data, "enroll", design=design, by="stype").rows
    close(rows["estimate"], refs(f"{name}.by.total.enroll.stype.est", 3))
    close(rows["se"], refs(f"{name}.by.total.enroll.stype.se", 3))


@pytest.mark.parametrize("method", ["logit", "beta", "mean", "asin"])
def test_svyciprop(case: tuple[str, pd.DataFrame, tt.Design], method: str) -> None:
    name, data, design = case
    frame = data.assign(
        schwide=np.where(data["sch.wide"] == "Yes", "yes", "no"),
        high=np.where(data["stype"] == "H", "yes", "no"),
    )
    for column, key, level in (
        ("schwide", "ciprop.schwide", 0.95),
        ("high", "ciprop.stypeH", 0.95),
        ("schwide", "ciprop90.schwide", 0.9),
    ):
        est = estimate_proportions(frame, column, design=design, method=method, level=level)  # type: ignore[arg-type]
        row = est.rows.set_index("option").loc["yes"]
        expected = refs(f"{name}.{key}.{method}", 3)
        if column == "high" and name != "clus1" and method == "beta":
            # the share of a stratum has no sampling error: R's logit, mean and asin give
            # (p, p); R's beta divides by the zero variance and gives (0.5, 0.5). We give (p, p).
            expected[1:] = expected[0]
        # R's logit point estimate comes from svyglm's IRLS (converged to ~1e-9)
        close([row["estimate"], row["ci_low"], row["ci_high"]], expected)
        assert row["method"] == method


@pytest.mark.parametrize("table", [("sch.wide", "stype"), ("awards", "yr.rnd"), ("stype", "both")])
def test_svychisq(case: tuple[str, pd.DataFrame, tt.Design], table: tuple[str, str]) -> None:
    name, data, design = case
    key = f"{name}.chisq.{table[0]}_{table[1]}"
    test = chisq(data, *table, design=design)
    close([test.statistic, *test.df, test.p_value], refs(f"{key}.F", 4))
    test = chisq(data, *table, design=design, statistic="Chisq")
    close([test.statistic, *test.df, test.p_value], refs(f"{key}.Chisq", 3))
    assert list(test.to_frame().columns)[:2] == ["row", "column"]


def test_difference_of_two_domains(case: tuple[str, pd.DataFrame, tt.Design]) -> None:
    # R: svycontrast(svyby(~as.numeric(awards=="Yes"), ~yr.rnd, d, svymean, covmat=TRUE),
    # c(-1, 1)) and svyttest(as.numeric(awards=="Yes") ~ yr.rnd, d)
    name, data, design = case
    result = difference(data, "awards", "yr.rnd", option="Yes", design=design)
    close([result.difference, result.se], refs(f"{name}.diff.awards.yr_rnd", 2))
    close([result.statistic, result.df, result.p_value], refs(f"{name}.ttest.awards.yr_rnd", 3))
    assert result.groups == ("No", "Yes")
    assert result.ci_low < result.difference < result.ci_high


@pytest.mark.parametrize("lonely", ["remove", "adjust", "certainty", "average"])
def test_lonely_psu_options(lonely: str) -> None:
    # options(survey.lonely.psu=...); svydesign(id=~1, strata=~dnum, weights=~pw, data=apiclus1)
    design = tt.Design(weights="pw", strata="dnum", lonely_psu=lonely)  # type: ignore[arg-type]
    row = estimate_means(CLUS1, "api00", design=design).rows.iloc[0]
    close(
        [row["estimate"], row["se"]],
        [ref(f"lonely.{lonely}.mean.api00.{s}") for s in ("est", "se")],
    )
    row = estimate_totals(CLUS1, "enroll", design=design).rows.iloc[0]
    close(
        [row["estimate"], row["se"]],
        [ref(f"lonely.{lonely}.total.enroll.{s}") for s in ("est", "se")],
    )


@pytest.mark.parametrize("lonely", ["remove", "adjust", "certainty", "average"])
def test_lonely_psu_options_by_domain(lonely: str) -> None:
    # svyby(~api00, ~stype, dlonely, svymean): R subsets the design, so "average" scales by
    # the strata a domain has rows in; before, every domain took 15/14 (H and M too high).
    design = tt.Design(weights="pw", strata="dnum", lonely_psu=lonely)  # type: ignore[arg-type]
    for function, key in ((estimate_means, "mean.api00"), (estimate_totals, "total.enroll")):
        question = key.split(".")[1]
        rows = function(CLUS1, question, design=design, by="stype").rows
        expected = refs(f"lonely.{lonely}.by.stype.{key}", 6)
        close([*rows["estimate"], *rows["se"]], list(expected))


def test_lonely_psu_average_needs_a_stratum_to_average_over() -> None:
    # Before: ZeroDivisionError when every stratum has one PSU.
    df = pd.DataFrame({"q": ["a", "b", "a"], "s": ["x", "y", "z"], "w": [1.0, 2.0, 3.0]})
    design = tt.Design(weights="w", strata="s", lonely_psu="average")
    with pytest.raises(tt.InvalidOptionError, match=r"every stratum of s has a single"):
        estimate_proportions(df, "q", design=design)


def test_lonely_psu_average_leaves_a_domain_without_variance_to_itself() -> None:
    # A group only in a one-PSU stratum has no variance to average: NaN and a note for
    # it, as R's svyby gives; the other groups keep theirs, and a group nobody in the
    # data answered is no error (an earlier draft of this fix refused the whole table).
    df = pd.DataFrame({
        "s": ["A", "B", "B", "C", "C", "C"], "x": [1.0, 2, 3, 4, 5, 6],
        "g": ["solo", "a", "b", "b", "a", "a"],
    })  # fmt: skip
    design = tt.Design(strata="s", lonely_psu="average")
    found = estimate_means(df, "x", by="g", design=design)
    se = found.rows.set_index("group")["se"]
    assert np.isnan(se["solo"])
    assert se[["a", "b"]].notna().all()
    assert any("No standard error for solo" in note for note in found.notes)
    empty = df.assign(x=[np.nan, 2, 3, 4, 5, 6], s=["B", "B", "B", "C", "C", "A"])
    totals = estimate_totals(empty, "x", by="g", design=design)
    assert totals.rows.set_index("group").loc["solo", "n"] == 0


def test_lonely_psu_fail_names_the_stratum() -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"stratum 413 of dnum has a single primary"):
        tt.Design(weights="pw", strata="dnum").bind(CLUS1)


# -- question types ----------------------------------------------------------------------------


def test_multi_response_and_grid_from_a_codebook() -> None:
    survey = tt.Survey.from_dict({
        "title": "T",
        "design": {"weights": "w"},
        "questions": [
            {"id": "help", "type": "multi", "text": "Help?", "form": "indicator",
             "options": [{"code": 1, "label": "Money", "column": "help_money"},
                         {"code": 2, "label": "Advice", "column": "help_advice"}]},
            {"id": "rate", "type": "grid", "text": "Rate", "options": ["Good", "Bad"],
             "items": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        ],
    })  # fmt: skip
    df = pd.DataFrame({
        "help_money": [1, 0, 1, None], "help_advice": [1, 1, 0, None],
        "rate_a": ["Good", "Bad", "Good", "Good"], "rate_b": ["Bad", "Bad", None, "Good"],
        "w": [1.0, 2.0, 1.0, 4.0],
    })  # fmt: skip
    multi = estimate_proportions(df, "help", survey=survey).rows
    # base: the three who answered (weight 4); money ticked by weight 2, advice by weight 3
    assert multi["option"].tolist() == ["Money", "Advice"]
    close(multi["estimate"], [2 / 4, 3 / 4])
    assert multi["n"].tolist() == [3, 3]
    grid = estimate_proportions(df, "rate", survey=survey).rows
    assert grid["item"].tolist() == ["A", "A", "B", "B"]
    close(grid["estimate"], [6 / 8, 2 / 8, 4 / 7, 3 / 7])


def test_equal_weights_match_the_unweighted_table() -> None:
    df = pd.DataFrame({"q": ["a"] * 7 + ["b"] * 3})
    row = estimate_proportions(df, "q").rows.iloc[0]
    interval = tt.proportion_ci(7, 10)
    close([row["ci_low"], row["ci_high"]], [interval.ci_low, interval.ci_high])
    close(row["se"], np.sqrt(0.7 * 0.3 / 9))  # SRS with replacement: p(1-p)/(n-1)
    assert row["n_eff"] == pytest.approx(10)


def test_zero_and_hundred_percent_behave() -> None:
    df = pd.DataFrame({"q": ["a"] * 19, "w": np.linspace(1, 3, 19)})
    for method in ("wilson", "beta", "logit", "asin"):
        row = estimate_proportions(
            df,
            "q",
            design=tt.Design(weights="w"),
            options=["a", "b"],
            method=method,  # type: ignore[arg-type]
        ).rows.set_index("option")
        assert row.loc["b", "ci_low"] == 0.0
        assert 0.05 < row.loc["b", "ci_high"] < 0.3
        assert row.loc["a", "ci_high"] == 1.0
    logit = estimate_proportions(df, "q", options=["a", "b"], method="logit").rows
    assert logit["method"].tolist() == ["beta", "beta"]


def test_percentages_are_exact_from_weighted_sums() -> None:
    df = pd.DataFrame({"q": ["a", "b"], "w": [1.0, 7.0]})
    est = estimate_proportions(df, "q", design=tt.Design(weights="w"))
    assert est.percentages().tolist() == [13.0, 88.0]  # 12.5 half-up, as tt.percentages
    assert "pw" not in repr(est)
    assert "weighted by w" in repr(est)


def test_codebook_design_round_trips(tmp_path: Path) -> None:
    survey = tt.Survey.from_dict({
        "title": "T", "design": {"weights": "pw", "strata": "stype", "lonely_psu": "adjust"},
        "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]}],
    })  # fmt: skip
    assert tt.Design.from_survey(survey) == tt.Design(
        weights="pw", strata="stype", lonely_psu="adjust"
    )
    survey.to_toml(tmp_path / "c.toml")
    assert tt.Survey.from_toml(tmp_path / "c.toml").design == survey.design


def test_codebook_design_errors() -> None:
    with pytest.raises(tt.CodebookError, match=r"\[design\]: weight = 'pw' is not a design entry"):
        tt.Survey.from_dict({
            "title": "T", "design": {"weight": "pw"},
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["a"]}],
        })  # fmt: skip
    with pytest.raises(tt.CodebookError, match=r"`strata` must be a column name"):
        tt.Design.from_dict({"strata": 3})


# -- hostile input ----------------------------------------------------------------------------


def test_bad_weights_are_named() -> None:
    df = pd.DataFrame({"q": ["a", "b", "a"], "w": [1.0, -1.0, np.nan]}, index=["o1", "o2", "o3"])
    with pytest.raises(tt.InvalidWeightsError, match=r"rows \['o2', 'o3'\] hold"):
        estimate_proportions(df, "q", design=tt.Design(weights="w"))
    with pytest.raises(tt.InvalidWeightsError, match=r"must be numbers"):
        tt.Design(weights="q").bind(df)
    with pytest.raises(tt.InvalidWeightsError, match=r"must be numbers; got dtype"):
        tt.Design(weights="w").bind(df.assign(w=["1", "2", "3"]))
    with pytest.raises(tt.InvalidWeightsError, match=r"weights 'w' are all zero"):
        tt.Design(weights="w").bind(df.assign(w=0.0))
    with pytest.raises(tt.InvalidBaseError, match=r"question 'q': nobody answered"):
        estimate_proportions(df.assign(q=[None, "<skipped>", None]), "q")


def test_bad_design_columns() -> None:
    df = pd.DataFrame({"s": ["a", None, "b", "b"], "f": [10, 10, 5, 6], "c": [1, 2, 3, 4]})
    with pytest.raises(tt.QuestionNotFoundError, match=r"(?s)design column 'S' .*did you mean 's'"):
        tt.Design(strata="S").bind(df)
    with pytest.raises(tt.InvalidOptionError, match=r"stratum column 's' is missing in rows \[1\]"):
        tt.Design(strata="s").bind(df)
    df2 = df.assign(s=["a", "a", "b", "b"])
    with pytest.raises(tt.InvalidOptionError, match=r"must be one value per stratum"):
        tt.Design(strata="s", fpc="f").bind(df2)
    with pytest.raises(tt.InvalidOptionError, match=r"fewer than the 2 sampled"):
        tt.Design(strata="s", fpc="f").bind(df2.assign(f=[1.5, 1.5, 9, 9]))
    with pytest.raises(tt.UnknownMethodError, match=r"`lonely_psu` must be one of"):
        tt.Design(lonely_psu="drop")  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidOptionError, match=r"`weights` must name a column"):
        tt.Design(weights=[1.0, 2.0])  # type: ignore[arg-type]


def test_census_strata_add_no_variance() -> None:
    # fpc equal to the stratum size: every unit sampled, so no sampling error
    df = pd.DataFrame({"x": [1.0, 5.0, 2.0, 8.0], "s": ["a", "a", "b", "b"], "f": [2, 2, 2, 2]})
    row = estimate_means(df, "x", design=tt.Design(strata="s", fpc="f")).rows.iloc[0]
    assert row["se"] == 0.0
    assert row["estimate"] == 4.0


def test_bad_questions() -> None:
    df = pd.DataFrame({"q": ["a", "b"], "x": ["1", "two"], "m1": [0, 2], "m2": [1, 0]})
    with pytest.raises(
        tt.UnknownValueError, match=r"value\(s\) \['two'\] are not numbers, in rows \[1\]"
    ):
        estimate_means(df, "x")
    binary = r"column 'm1' must be binary \(0/1 or True/False\); found \[2\] in rows \[1\]"
    with pytest.raises(tt.MultiResponseError, match=binary):
        estimate_proportions(df, "set", columns=["m1", "m2"])
    with pytest.raises(tt.UnknownValueError, match=r"values \['b'\] are not among the options"):
        estimate_proportions(df, "q", options=["a"])
    with pytest.raises(tt.QuestionNotFoundError, match=r"question 'nope'"):
        estimate_proportions(df, "nope")
    with pytest.raises(tt.InvalidOptionError, match=r"`design` must be a tt.Design"):
        estimate_proportions(df, "q", design="w")  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidBaseError, match=r"needs two answers of each"):
        chisq(df.assign(r=["x", "x"]), "q", "r")
    with pytest.raises(tt.InvalidOptionError, match=r"a difference needs two"):
        difference(
            df.assign(g=["a", "b"]).iloc[:1],
            "q",
            "g",
            option="a",
            design=tt.Design(lonely_psu="remove"),
        )
    with pytest.raises(tt.InvalidOptionError, match=r"the sample has a single primary"):
        estimate_means(df.iloc[:1].assign(y=[1.0]), "y")
    with pytest.raises(tt.InvalidCountsError, match=r"total of 'z' is zero"):
        estimate_ratio(df.assign(y=[1.0, 2.0], z=[0.0, 0.0]), "y", "z")


def test_the_shipped_codebook_and_missing_markers() -> None:
    survey = tt.surveys.tracktr_2015()
    data = tt.datasets.tracktr_2015()
    # a multi-response set: unweighted shares are tt.multi_response's counts over its base
    table = tt.multi_response(data, "delivery_regions", survey=survey)
    rows = estimate_proportions(data, "delivery_regions", survey=survey).rows
    close(rows["estimate"], (table.counts.iloc[:, 0] / table.bases.iloc[0]).to_numpy())
    # "<skipped>" is no answer: 16 skipped main_funding, so the base is 135
    rows = estimate_proportions(data, "main_funding", survey=survey).rows
    assert rows["n"].tolist() == [135, 135, 135]
    assert rows["option"].tolist()[0] == "Funded by a CRC"
    close(rows["estimate"][0], 34 / 135)
    marked = pd.DataFrame({"m1": [1, "<skipped>", 0], "m2": [0, "<skipped>", 1]})
    rows = estimate_proportions(marked, "set", columns=["m1", "m2"]).rows
    assert rows["n"].tolist() == [2, 2]


def test_unweighted_difference_is_the_difference_of_shares() -> None:
    df = pd.DataFrame({"q": list("aabababbbb"), "g": list("xxxxxyyyyy")})
    result = difference(df, "q", "g", option="a")
    assert result.estimates == (3 / 5, 1 / 5)
    close(result.difference, 1 / 5 - 3 / 5)
    assert result.df == len(df) - 2  # R svyttest: degf - 1


def test_compare_groups_under_a_design_matches_difference_and_chisq() -> None:
    design = DESIGNS["clus1"][1]
    result = tt.design.compare_groups(CLUS1, "awards", "yr.rnd", design=design)
    row = result.to_frame().set_index(["option", "group"]).loc[("Yes", "Yes")]
    # R: svycontrast(svyby(~as.numeric(awards=="Yes"), ~yr.rnd, dclus1, svymean,
    # covmat=TRUE), c(-1, 1)) and svyttest(...): as test_difference_of_two_domains
    close([row["difference"], row["se"]], refs("clus1.diff.awards.yr_rnd", 2))
    close([row["statistic"], row["df"], row["p_value"]], refs("clus1.ttest.awards.yr_rnd", 3))
    assert result.overall is not None
    close(result.overall.p_value, refs("clus1.chisq.awards_yr.rnd.F", 4)[3])
    three = tt.design.compare_groups(STRAT, "awards", "stype", design=DESIGNS["strat"][1])
    frame = three.to_frame()
    assert len(frame) == 2 * 3  # 2 options x 3 pairs
    assert (frame["p_adjusted"] >= frame["p_value"]).all()
    assert "holm" in repr(three)
    with pytest.raises(tt.InvalidOptionError, match=r"into 1 group\(s\)"):
        tt.design.compare_groups(STRAT.assign(g="x"), "awards", "g")


def test_display_shows_weighted_percent_and_both_bases() -> None:
    df = pd.DataFrame({
        "q": ["a", "b", "b", "a", "b", "a"], "g": ["x", "x", "x", "y", "y", "y"],
        "w": [1.0, 1.0, 2.0, 3.0, 1.0, 1.0],
    })  # fmt: skip
    shown = estimate_proportions(df, "q", design=tt.Design(weights="w"), by="g").display()
    assert list(shown.columns) == ["x", "y"]
    # x: a has weight 1 of 4 (25%), y: a has 4 of 5 (80%); Kish bases 16/6 and 25/11
    assert shown.loc["a"].tolist() == ["25%", "80%"]
    assert shown.loc["Unweighted base"].tolist() == ["3", "3"]
    assert shown.loc["Effective base"].tolist() == ["2", "2"]
    with pytest.raises(tt.InvalidOptionError, match=r"display shows shares"):
        estimate_means(df.assign(y=1.0), "y").display()


def test_means_read_a_column_as_summarise_does() -> None:
    # Markers and blanks are out of the domain; True/False are refused, as in summarise.
    marked = pd.DataFrame({"x": [1.0, "<refused>", 3.0, None], "w": [1.0, 5.0, 1.0, 5.0]})
    row = estimate_means(marked, "x", design=tt.Design(weights="w")).rows.iloc[0]
    assert row["estimate"] == 2.0
    assert tt.summarise(marked, "x", weights="w").statistics["mean"].iloc[-1] == 2.0
    truth = pd.DataFrame({"x": [True, False, True]})
    for call in (lambda: estimate_means(truth, "x"), lambda: tt.summarise(truth, "x")):
        with pytest.raises(tt.UnknownValueError, match=r"\[True, False\] are not numbers"):
            call()
    with pytest.raises(tt.UnknownValueError, match=r"\[inf\] are not numbers, in rows \[1\]"):
        estimate_means(pd.DataFrame({"x": [1.0, np.inf]}), "x")


def test_chisq_refuses_a_table_the_design_gives_no_variance() -> None:
    # Found by hypothesis: each stratum's two PSUs cancel, so every design effect is
    # round-off of zero and F came out near 1e15, changing with the scale of the weights.
    df = pd.DataFrame({"q": list("aabb"), "g": list("yxxy"), "w": [1.0, 1, 1, 2],
                       "s": [0, 1, 0, 1], "c": [0, 0, 1, 1]})  # fmt: skip
    design = tt.Design(weights="w", strata="s", clusters="c", lonely_psu="adjust")
    for statistic in ("F", "Chisq"):
        with pytest.raises(tt.InvalidBaseError, match=r"no sampling variance \(mean design"):
            chisq(df, "q", "g", design=design, statistic=statistic)  # type: ignore[arg-type]


def test_estimates_flag_a_small_base_and_an_interval_that_is_a_point() -> None:
    # One school moved to a group of its own: its mean has a standard error of 0 by the
    # formula (its residual is 0), so its interval is [840, 840]; it says so.
    one = STRAT.copy()
    one.loc[one.index[0], "stype"] = "Z"
    weighted = tt.Design(weights="pw")
    means = tt.design.estimate_means(one, "api00", design=weighted, by="stype")
    row = means.to_frame().set_index("group").loc["Z"]
    assert (row["n"], row["se"], row["ci_low"], row["ci_high"]) == (1, 0.0, 840.0, 840.0)
    assert "Small base: n below 30 for Z (n=1); read these with care." in means.notes
    assert any(n.startswith("No sampling variance could be measured for Z ") for n in means.notes)
    ratio = tt.design.estimate_ratio(one, "api00", "api99", design=weighted, by="stype")
    assert any("No sampling variance could be measured for Z " in n for n in ratio.notes)
    # A share of one school has a Wilson interval, not a point: only its base is flagged.
    shares = tt.design.estimate_proportions(one, "awards", design=weighted, by="stype")
    assert shares.notes[2:] == ("Small base: n below 30 for Z (n=1); read these with care.",)
    # 200 schools, 50 or more a stratum: nothing to flag.
    whole = tt.design.estimate_means(STRAT, "api00", design=weighted, by="stype")
    assert whole.notes == ("Design: weighted by pw.", "Base: respondents who answered.")


def test_design_groups_of_a_codebook_question_follow_the_codebook() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "Sizes",
            "questions": [
                {"id": "size", "type": "ordinal", "text": "Size?",
                 "options": ["Small", "Medium", "Large"]},
                {"id": "grants", "type": "single", "text": "Grants?", "options": ["Yes", "No"]},
            ],
        }
    )  # fmt: skip
    df = pd.DataFrame({"size": ["Large", "Small"] * 10, "grants": ["Yes", "No", "No", "Yes"] * 5})
    shares = tt.design.estimate_proportions(df, "grants", survey=survey, by="size")
    # Codebook order; Medium, which no one gave, is no domain.
    assert shares.to_frame()["group"].tolist() == ["Small", "Small", "Large", "Large"]
    stray = df.assign(size=["Huge"] + ["Small"] * 19)
    with pytest.raises(tt.UnknownValueError, match=r"question 'size': value\(s\) \['Huge'\]"):
        tt.design.estimate_proportions(stray, "grants", survey=survey, by="size")
    # Without the codebook, "Huge" is a group like any other value.
    assert (
        "Huge"
        in tt.design.estimate_proportions(stray, "grants", by="size").to_frame()["group"].tolist()
    )

"""compare_table(design=...), tab-book letters and describe_comparison under a survey design.

Known values: tests/reference/survey_api.csv, made by tests/reference/survey_api.R (R 4.2.2,
survey 4.1.1, Debian 12) on tests/data/api/ (R survey's data(api), GPL-2 | GPL-3):
``svycontrast(svyby(..., covmat=TRUE), ...)`` for pairs of groups and for a group against
the rest, ``svycontrast`` of ``svytotal`` for a group against its total, ``svyttest`` for two
groups, ``svychisq`` for the whole table.
Tolerance: 1e-6 relative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import tracktr as tt
from tracktr.compare._design import design_higher_than

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "survey_api.csv", index_col=0)["value"]
STRAT = pd.read_csv(HERE / "data" / "api" / "apistrat.csv")
CLUS1 = pd.read_csv(HERE / "data" / "api" / "apiclus1.csv")
DESIGNS = {
    "strat": (STRAT, tt.Design(weights="pw", strata="stype", fpc="fpc")),
    "clus1": (CLUS1, tt.Design(weights="pw", clusters="dnum", fpc="fpc")),
    "stratnofpc": (STRAT, tt.Design(weights="pw", strata="stype")),
}


def refs(key: str, n: int) -> np.ndarray:
    return np.array([float(REFERENCE[f"{key}[{i}]"]) for i in range(1, n + 1)])


def close(actual: object, expected: object) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("name", list(DESIGNS))
def test_pairs_of_three_groups_match_svycontrast(name: str) -> None:
    data, design = DESIGNS[name]
    table = tt.frequencies(data, "awards", by="stype", weights="pw")
    result = tt.compare_table(table, design=design, data=data, by="stype")
    frame = result.to_frame().set_index(["option", "group", "versus"])
    for k, (group, versus) in enumerate([("E", "H"), ("E", "M"), ("H", "M")], start=1):
        row = frame.loc[("Yes", group, versus)]
        # each pair on its own df, as R svyttest on subset(design, stype %in% pair)
        # (tests/reference/survey_api_pairs.R)
        rows = np.flatnonzero(data["stype"].isin([group, versus]))
        dof = design.bind(data).domain_degf(rows) - 1
        se = (row["ci_high"] - row["ci_low"]) / 2 / stats.t.ppf(0.975, dof)
        close([row["difference"], se], refs(f"{name}.pairs.awards.stype.{k}", 2))
    assert set(frame["test"]) == {"design t"}
    assert result.design == design
    assert any("design-based variance" in note for note in result.notes)
    assert any("Rao–Scott" in note for note in result.notes)


@pytest.mark.parametrize("name", list(DESIGNS))
def test_group_against_its_total_includes_the_overlap(name: str) -> None:
    data, design = DESIGNS[name]
    table = tt.frequencies(data, "awards", by="stype", weights="pw")
    result = tt.compare_table(table, design=design, data=data, by="stype", against="total")
    row = result.to_frame().set_index(["option", "group"]).loc[("Yes", "H")]
    assert row["versus"] == "All"
    quantile = stats.t.ppf(0.975, design.bind(data).degf - 1)
    se = (row["ci_high"] - row["ci_low"]) / 2 / quantile
    close([row["difference"], se], refs(f"{name}.total.awards.stypeH", 2))
    close(row["p_value"], 2 * stats.t.sf(abs(row["difference"] / se), design.bind(data).degf - 1))


@pytest.mark.parametrize("name", list(DESIGNS))
def test_overall_test_is_rao_scott_f(name: str) -> None:
    data, design = DESIGNS[name]
    table = tt.frequencies(data, "sch.wide", by="stype", weights="pw")
    result = tt.compare_table(table, design=design, data=data, by="stype")
    assert result.overall is not None
    assert result.overall.name == "rao_scott_f"
    statistic, _, _, p_value = refs(f"{name}.chisq.sch.wide_stype.F", 4)
    close([result.overall.statistic, result.overall.p_value], [statistic, p_value])


def test_two_groups_match_svyttest() -> None:
    data, design = DESIGNS["clus1"]
    table = tt.frequencies(data, "awards", by="yr.rnd", weights="pw")
    result = tt.compare_table(table, design=design, data=data, by="yr.rnd")
    row = result.to_frame().set_index(["option"]).loc["Yes"]
    _, _, p_value = refs("clus1.ttest.awards.yr_rnd", 3)
    # compare_table's difference is No - Yes; svyttest's is Yes - No
    close([row["difference"], row["p_value"]], [-refs("clus1.diff.awards.yr_rnd", 2)[0], p_value])


def test_display_letters_come_from_the_design_tests() -> None:
    data, design = DESIGNS["clus1"]
    table = tt.frequencies(data, "awards", by="yr.rnd", weights="pw")
    result = tt.compare_table(table, design=design, data=data, by="yr.rnd")
    shown = result.display()
    assert shown.loc["No", "No (A)"].endswith("B")  # 30% against 11%, p = 0.0002
    assert shown.loc["Yes", "Yes (B)"].endswith("A")


def test_multi_response_table_under_a_design() -> None:
    df = pd.DataFrame({
        "a": [1, 0, 1, 1, 0, 1, 0, 0] * 5, "b": [0, 1, 1, 0, 1, 0, 1, 1] * 5,
        "g": ["x"] * 20 + ["y"] * 20, "w": np.linspace(0.5, 2.0, 40),
    })  # fmt: skip
    table = tt.multi_response(df, "set", columns=["a", "b"], by="g", weights="w")
    result = tt.compare_table(
        table, design=tt.Design(weights="w"), data=df, by="g", columns=["a", "b"]
    )
    assert result.overall is None
    assert set(result.to_frame()["option"]) == {"a", "b"}
    w = df["w"].to_numpy()
    x = df["g"].eq("x").to_numpy()
    share = float((w * df["a"])[x].sum() / w[x].sum())
    close(result.to_frame().set_index("option").loc["a", "proportion"], share)


# -- the property: equal weights, no strata or clusters -------------------------------------


@st.composite
def unweighted(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(12, 50))
    q = draw(st.lists(st.sampled_from(["Yes", "No", "Maybe"]), min_size=n, max_size=n))
    g = draw(st.lists(st.sampled_from(["x", "y", "z"]), min_size=n, max_size=n))
    return pd.DataFrame({"q": q, "g": g, "w": 1.0})


@settings(max_examples=25)
@given(unweighted(), st.sampled_from([1.0, 0.37, 250.0]))
def test_equal_weights_give_the_unpooled_wald_test(frame: pd.DataFrame, scale: float) -> None:
    # With equal weights and no strata or clusters over N rows, the design-based test of two
    # groups is the unpooled Wald test with variance N/(N-1) (p1 q1 / n1 + p2 q2 / n2) on t
    # with n1 + n2 - 2 df (R svyttest on the design subset to the pair), whatever the scale
    # of the weights.
    frame = frame.assign(w=frame["w"] * scale)
    table = tt.frequencies(frame, "q", by="g", weights="w")
    if (table.bases.drop("All") > 0).sum() < 2:
        return
    result = tt.compare_table(table, design=tt.Design(weights="w"), data=frame, by="g")
    n_all = len(frame)
    for row in result.to_frame().itertuples():
        n1 = int((frame["g"] == row.group).sum())
        n2 = int((frame["g"] == row.versus).sum())
        p1, p2 = row.proportion, row.proportion_versus
        variance = n_all / (n_all - 1) * (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        if min(n1, n2) < 2 or variance < 1e-20:  # a group of one has no measured variance
            assert np.isnan(row.p_value)
            assert not row.significant
            continue
        t_value = (p1 - p2) / np.sqrt(variance)
        assert row.p_value == pytest.approx(2 * stats.t.sf(abs(t_value), n1 + n2 - 2), rel=1e-9)
    counts = pd.crosstab(frame["q"], frame["g"]).to_numpy()
    if result.overall is not None and (counts > 0).all():
        # first-order Rao-Scott: Pearson's X^2 with every eigenvalue N/(N-1); an empty cell
        # drops out of Delta (as in R's svychisq), so the identity needs every cell filled
        first = tt.design.chisq(frame, "q", "g", statistic="Chisq")
        pearson = stats.chi2_contingency(counts, correction=False).statistic
        dof = (counts.shape[0] - 1) * (counts.shape[1] - 1)
        expected = stats.chi2.sf(pearson * (n_all - 1) / n_all, dof)
        assert first.p_value == pytest.approx(expected, rel=1e-9, abs=1e-300)


# -- tab books ---------------------------------------------------------------------------------

SMALL = tt.Survey.from_dict({
    "title": "Small",
    "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No", "Maybe"]},
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y", "z"]},
    ],
})  # fmt: skip


def test_tabbook_letters_under_a_design_equal_compare_table() -> None:
    data = CLUS1.assign(q=np.where(CLUS1["awards"] == "Yes", "Yes", "No"), g=CLUS1["stype"])
    survey = tt.Survey.from_dict({
        "title": "api",
        "questions": [
            {"id": "q", "type": "single", "text": "Awards?", "options": ["Yes", "No"]},
            {"id": "stype", "type": "single", "text": "Type", "options": ["E", "H", "M"]},
        ],
    })  # fmt: skip
    design = tt.Design(weights="pw", clusters="dnum", fpc="fpc")
    book = tt.tabbook(data, survey, banners=["stype"], questions=["q"], design=design)
    section = book.section("q")
    table = tt.frequencies(data, "q", survey=survey, by="stype", weights="pw")
    expected = design_higher_than(
        table, data=data, by="stype", design=design, adjust="holm", level=0.95
    )
    block = next(b for b in section.blocks if b.banner == "stype")
    assert block.higher == expected
    comparison = tt.compare_table(table, design=design, data=data, by="stype", survey=survey)
    significant = comparison.to_frame()[lambda f: f["significant"]]
    assert sum(len(v) for v in expected.values()) == len(significant)
    assert any("design-based variance" in note for note in section.notes)
    assert book.weighted


def test_tabbook_design_errors() -> None:
    frame = pd.DataFrame({"q": ["Yes", "No"] * 10, "g": ["x", "y"] * 10, "w": 1.0})
    with pytest.raises(tt.InvalidOptionError, match="differ from the design's weights"):
        tt.tabbook(frame, SMALL, banners=["g"], weights=[1.0] * 20, design=tt.Design(weights="w"))
    with pytest.raises(tt.InvalidOptionError, match=r"must be a tt\.Design"):
        tt.tabbook(frame, SMALL, banners=["g"], design="w")
    with pytest.raises(tt.QuestionNotFoundError, match="design column 'pw'"):
        tt.tabbook(frame, SMALL, banners=["g"], design=tt.Design(weights="pw"))


# -- errors ----------------------------------------------------------------------------------


def test_compare_table_design_errors() -> None:
    data, design = DESIGNS["strat"]
    table = tt.frequencies(data, "awards", by="stype", weights="pw")
    with pytest.raises(tt.InvalidOptionError, match="needs the rows: pass data= and by="):
        tt.compare_table(table, design=design)
    with pytest.raises(tt.InvalidOptionError, match=r"\['population'\] cannot be given too"):
        tt.compare_table(table, design=design, data=data, by="stype", population=6194)
    other = tt.frequencies(data.iloc[:150], "awards", by="stype", weights="pw")
    with pytest.raises(tt.InvalidBaseError, match="do not give the table's bases"):
        tt.compare_table(other, design=design, data=data, by="stype")
    unweighted = tt.frequencies(data, "awards", by="stype")
    weights_differ = (
        r"'E': table weighted base 100, the design's weights give 4421 \(n=100 in both\)"
    )
    with pytest.raises(tt.InvalidBaseError, match=weights_differ):
        tt.compare_table(unweighted, design=design, data=data, by="stype")
    with pytest.raises(tt.QuestionNotFoundError, match="`by` names column 'type'"):
        tt.compare_table(table, design=design, data=data, by="type")


# -- describe_comparison -----------------------------------------------------------------------


def test_describe_a_design_based_difference() -> None:
    data, design = DESIGNS["clus1"]
    result = tt.design.difference(data, "awards", "yr.rnd", option="Yes", design=design)
    text = tt.describe_comparison(result, outcome="won an award")
    # weighted shares 70.1% (No) and 88.9% (Yes) of R's svyby; p = 9.995e-05 (svyttest)
    assert text.startswith("89% of Yes (n=9) won an award, against 70% of No (n=174)")
    assert "design-based t test (weighted by pw; clusters dnum; fpc fpc), p < 0.001" in text
    assert "the base of Yes is small (n=9)" in text
    assert text.endswith("percentages are weighted.")
    assert result.n == (174, 9)
    close(np.array(result.counts) / np.array(result.bases), result.estimates)


def test_describe_a_difference_without_variance() -> None:
    # one respondent at 100% against two at 0%: both shares are fixed, no variance
    result = tt.design.difference(
        pd.DataFrame({"q": ["Yes", "No", "No"], "g": ["a", "b", "b"]}), "q", "g", option="Yes"
    )
    text = tt.describe_comparison(result)
    assert "no clear difference" in text
    assert "not tested" in text


def test_a_codebook_design_is_used_by_tabbooks_and_named_by_compare_groups() -> None:
    data = CLUS1.assign(q=np.where(CLUS1["awards"] == "Yes", "Yes", "No"))
    survey = tt.Survey.from_dict({
        "title": "api", "design": {"weights": "pw", "clusters": "dnum", "fpc": "fpc"},
        "questions": [
            {"id": "q", "type": "single", "text": "Awards?", "options": ["Yes", "No"]},
            {"id": "stype", "type": "single", "text": "Type", "options": ["E", "H", "M"]},
        ],
    })  # fmt: skip
    book = tt.tabbook(data, survey, banners=["stype"], questions=["q"])
    assert book.weighted
    assert any("Design: weighted by pw; clusters dnum" in n for n in book.section("q").notes)
    plain = tt.compare_groups(data, "q", "stype", survey=survey)
    assert "did not use; pass design=tt.Design.from_survey(survey)" in plain.notes[-1]


@settings(max_examples=15)
@given(st.integers(20, 60), st.floats(0.001, 1000.0))
def test_design_letters_invariant_to_scaling_the_weights(n: int, scale: float) -> None:
    rng = np.random.default_rng(n)
    frame = pd.DataFrame({
        "q": rng.choice(["Yes", "No", "Maybe"], n), "g": rng.choice(["x", "y", "z"], n),
        "w": rng.uniform(0.2, 5.0, n), "s": np.arange(n) % 2, "c": np.arange(n) // 2,
    })  # fmt: skip
    design = tt.Design(weights="w", strata="s", clusters="c", lonely_psu="adjust")
    one = tt.compare_table(tt.frequencies(frame, "q", by="g", weights="w"),
                           design=design, data=frame, by="g")  # fmt: skip
    scaled = frame.assign(w=frame["w"] * scale)
    two = tt.compare_table(tt.frequencies(scaled, "q", by="g", weights="w"),
                           design=design, data=scaled, by="g")  # fmt: skip
    columns = ["proportion", "difference", "ci_low", "ci_high", "p_value"]
    np.testing.assert_allclose(one.to_frame()[columns], two.to_frame()[columns], rtol=1e-7)
    assert one.letters.equals(two.letters)


def test_ordinal_test_under_a_design_is_the_design_rank_test() -> None:
    # compare_table(design=, ordinal=True) once said "no ordinal test"; it now runs R's
    # svyranktest (checked against R in tests/test_design_nets_rank.py)
    data, design = DESIGNS["strat"]
    table = tt.frequencies(data, "awards", by="stype", weights="pw")
    result = tt.compare_table(table, design=design, data=data, by="stype", ordinal=True)
    assert result.ordinal is not None
    assert result.ordinal.name == "design_kruskal_wallis"
    coded = data.assign(scale=(data["awards"] == "Yes").astype(float))
    direct = tt.design.ranktest(coded, "scale", "stype", design=design)
    close([result.ordinal.statistic, result.ordinal.p_value], [direct.statistic, direct.p_value])
    assert result.notes[-1].startswith("Ordinal test: design-based Kruskal–Wallis F")
    groups = tt.compare_groups(data, "awards", "stype", design=design)
    assert "Rao–Scott second-order F test" in groups.notes[-1]


def test_tabbook_multi_response_letters_under_a_design() -> None:
    rng = np.random.default_rng(7)
    n = 120
    g = rng.choice(["x", "y"], n)
    tick_a = (rng.uniform(size=n) < np.where(g == "x", 0.8, 0.2)).astype(int)
    tick_b = rng.integers(0, 2, n)
    frame = pd.DataFrame({
        "g": g, "m_a": tick_a, "m_b": tick_b, "w": rng.uniform(0.5, 2.0, n),
        "c": np.arange(n) // 3,
        "d": [";".join(o for o, t in (("A", a), ("B", b)) if t) or None
              for a, b in zip(tick_a, tick_b, strict=True)],
    })  # fmt: skip
    survey = tt.Survey.from_dict({
        "title": "Sets",
        "questions": [
            {"id": "m", "type": "multi", "text": "Which?",
             "options": [{"label": "A", "column": "m_a"}, {"label": "B", "column": "m_b"}]},
            {"id": "d", "type": "multi", "text": "Which (one cell)?", "form": "delimited",
             "options": ["A", "B"]},
            {"id": "g", "type": "single", "text": "Group", "options": ["x", "y"]},
        ],
    })  # fmt: skip
    design = tt.Design(weights="w", clusters="c")
    book = tt.tabbook(frame, survey, banners=["g"], questions=["m", "d"], design=design)
    for qid in ("m", "d"):
        block = next(b for b in book.section(qid).blocks if b.banner == "g")
        table = tt.multi_response(frame, qid, survey=survey, by="g", weights="w")
        result = tt.compare_table(table, design=design, data=frame, by="g", survey=survey)
        assert result.overall is None  # not a partition
        expected = {
            (r.option, r.group if r.difference > 0 else r.versus)
            for r in result.to_frame().itertuples()
            if r.significant
        }
        assert set(block.higher) == expected
        assert ("A", "x") in expected  # 80% against 20%


def test_a_difference_without_variance_is_not_tested_and_said() -> None:
    # 5 of 5 against 0 of 5: each share is fixed, so its linearised variance is zero
    frame = pd.DataFrame({"q": ["Yes"] * 5 + ["No"] * 5, "g": ["a"] * 5 + ["b"] * 5, "w": 1.0})
    table = tt.frequencies(frame, "q", by="g", weights="w")
    result = tt.compare_table(table, design=tt.Design(weights="w"), data=frame, by="g")
    assert result.to_frame()["p_value"].isna().all()
    assert not result.to_frame()["significant"].any()
    assert "2 comparison(s) have no design-based variance" in result.notes[1]


@pytest.mark.parametrize("name", list(DESIGNS))
def test_group_against_the_rest_matches_svycontrast(name: str) -> None:
    # R: svycontrast(svyby(~as.numeric(awards == "Yes"), ~I(stype == "H"), d, svymean,
    # covmat = TRUE), c(-1, 1))
    data, design = DESIGNS[name]
    table = tt.frequencies(data, "awards", by="stype", weights="pw")
    result = tt.compare_table(table, design=design, data=data, by="stype", against="rest")
    row = result.to_frame().set_index(["option", "group"]).loc[("Yes", "H")]
    assert row["versus"] == "rest"
    se = (row["ci_high"] - row["ci_low"]) / 2 / stats.t.ppf(0.975, design.bind(data).degf - 1)
    close([row["difference"], se], refs(f"{name}.rest.awards.stypeH", 2))


def test_design_comparison_says_which_groups_it_left_out() -> None:
    # The design path dropped a group of base 0 from its comparisons without a note (the
    # plain path said "The base of ['Z'] is 0: left out of the comparisons.").
    data = STRAT.assign(
        grp=pd.Categorical(STRAT["stype"], categories=["E", "H", "M", "Z"]),
    )
    table = tt.frequencies(data, "awards", by="grp", weights="pw")
    design = tt.Design(weights="pw", strata="stype", fpc="fpc")
    for against in ("pairs", "total", "rest"):
        result = tt.compare_table(table, design=design, data=data, by="grp", against=against)
        assert "The base of ['Z'] is 0: left out of the comparisons." in result.notes
        assert "Z" not in set(result.to_frame()["group"])
        plain = tt.compare_table(table, against=against)
        assert "The base of ['Z'] is 0: left out of the comparisons." in plain.notes

"""Design-based tests of a pair of groups: R svyttest on the design subset to the pair.

Known values: tests/reference/survey_api_pairs.csv, made by
tests/reference/survey_api_pairs.R (R 4.2.2, survey 4.1.1, Debian 12) on tests/data/api/
(R survey's data(api), GPL-2 | GPL-3): ``svyttest(y ~ I(stype == a), subset(design, stype
%in% c(a, b)))`` for every pair of school types, on a cluster sample, a stratified sample
and a sample stratified by district with a lonely PSU ("adjust"). Its degrees of freedom
are ``degf`` of the subset (the PSUs less the strata holding either group's answers), not
the whole design's: on the cluster sample, 10 for high against middle schools where the
design has 14. Tolerance: 1e-9 relative.

And the Yes and No rows of a two-option question test each pair once: one hypothesis in
the family Holm adjusts over, as compare_table counts them without a design.
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
REFERENCE = pd.read_csv(HERE / "reference" / "survey_api_pairs.csv", index_col=0)["value"]
PAIRS = [("E", "H"), ("E", "M"), ("H", "M")]


def _frame(name: str) -> pd.DataFrame:
    data = pd.read_csv(HERE / "data" / "api" / f"{name}.csv")
    big = np.where(data["acs.46"] > 28, "Yes", "No")  # the R script's cut
    return data.assign(big46=pd.Series(big, index=data.index).where(data["acs.46"].notna()))


CLUS1, STRAT = _frame("apiclus1"), _frame("apistrat")
DESIGNS = {
    "clus1": (CLUS1, tt.Design(weights="pw", clusters="dnum", fpc="fpc")),
    "strat": (STRAT, tt.Design(weights="pw", strata="stype", fpc="fpc")),
    "lonely": (CLUS1, tt.Design(weights="pw", strata="dnum", lonely_psu="adjust")),
}


def reference(name: str, question: str, pair: tuple[str, str]) -> np.ndarray:
    key = f"{name}.{'awards01' if question == 'awards' else question}.{pair[0]}_{pair[1]}"
    return np.array([float(REFERENCE[f"{key}[{i}]"].replace("NA", "nan")) for i in range(1, 7)])


CASES = [  # no high school in the cluster sample reports acs.46: R's test is NA, left out
    (name, question, pair)
    for name in DESIGNS
    for question in ("awards", "big46")
    for pair in PAIRS
    if np.isfinite(reference(name, question, pair)[0])
]


def close(actual: object, expected: object) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(("name", "question", "pair"), CASES)
def test_difference_matches_svyttest_on_the_subset(
    name: str, question: str, pair: tuple[str, str]
) -> None:
    data, design = DESIGNS[name]
    t, df, p, estimate, low, high = reference(name, question, pair)
    # difference() is second - first: (b, a) gives a - b, as R's estimate
    result = tt.design.difference(
        data, question, "stype", option="Yes", groups=(pair[1], pair[0]), design=design
    )
    close([result.statistic, result.df, result.p_value], [t, df, p])
    close([result.difference, result.ci_low, result.ci_high], [estimate, low, high])


@pytest.mark.parametrize(("name", "question", "pair"), CASES)
def test_compare_table_pairs_match_svyttest_on_the_subset(
    name: str, question: str, pair: tuple[str, str]
) -> None:
    data, design = DESIGNS[name]
    _, _, p, estimate, low, high = reference(name, question, pair)
    table = tt.frequencies(data, question, by="stype", weights="pw")
    result = tt.compare_table(table, design=design, data=data, by="stype")
    row = result.to_frame().set_index(["option", "group", "versus"]).loc[("Yes", *pair)]
    close([row["difference"], row["ci_low"], row["ci_high"], row["p_value"]],
          [estimate, low, high, p])  # fmt: skip


@pytest.mark.parametrize("name", list(DESIGNS))
def test_design_compare_groups_uses_each_pairs_df(name: str) -> None:
    data, design = DESIGNS[name]
    result = tt.design.compare_groups(data, "awards", "stype", design=design)
    frame = result.comparisons.set_index(["option", "versus", "group"])
    for pair in PAIRS:
        t, df, p, estimate, _, _ = reference(name, "awards", pair)
        row = frame.loc[("Yes", *pair)]  # group - versus: b - a
        close([row["statistic"], row["df"], row["p_value"], row["difference"]],
              [-t, df, p, -estimate])  # fmt: skip
    assert "less one, as R svyttest on the pair" in result.notes[1]


def test_whole_design_df_is_not_the_pairs() -> None:
    # The case of the brief: apiclus1's design has 14 df; high and middle schools are in
    # 11 districts, so svyttest tests them on 10 (tracktr used 13).
    data, design = DESIGNS["clus1"]
    assert float(REFERENCE["clus1.degf"]) == design.bind(data).degf == 14
    result = tt.design.difference(data, "awards", "stype", option="Yes", groups=("M", "H"),
                                  design=design)  # fmt: skip
    assert result.df == 10


def _two_groups() -> pd.DataFrame:
    # a: 15 Yes of 20, b: 8 of 20, weights 1 and 1.5. The design t test gives p = 0.032
    # (one hypothesis), Holm 0.064 if its Yes and No rows are counted as two.
    rows = {"q": ["Yes"] * 15 + ["No"] * 5 + ["Yes"] * 8 + ["No"] * 12,
            "g": ["a"] * 20 + ["b"] * 20, "w": [1.0, 1.5] * 20}  # fmt: skip
    return pd.DataFrame(rows)


def test_yes_and_no_of_a_pair_are_one_hypothesis_under_a_design() -> None:
    df = _two_groups()
    design = tt.Design(weights="w")
    table = tt.frequencies(df, "q", by="g", weights="w")
    result = tt.compare_table(table, design=design, data=df, by="g")
    frame = result.to_frame().set_index("option")
    raw = float(frame.loc["Yes", "p_value"])
    assert 0.025 < raw < 0.05  # significant once, not twice
    np.testing.assert_allclose(frame["p_adjusted"], [raw, raw], rtol=1e-12)
    assert frame["significant"].tolist() == [True, True]
    assert result.letters is not None
    assert result.letters.loc["Yes", "a"] == "B"
    # tab-book letters with a design: the same decisions
    assert design_higher_than(table, data=df, by="g", design=design, adjust="holm",
                              level=0.95) == {("No", "b"): ["a"], ("Yes", "a"): ["b"]}  # fmt: skip
    letters = tt.design.compare_groups(df, "q", "g", design=design)
    assert letters.comparisons["significant"].tolist() == [True, True]
    assert "counted once" in letters.notes[1]


def test_three_options_stay_separate_hypotheses() -> None:
    # Yes/No/Don't know: the rows are not one test, so each is its own member (Holm over 3).
    df = _two_groups()
    df.loc[[0, 20], "q"] = "Don't know"
    table = tt.frequencies(df, "q", by="g", weights="w")
    result = tt.compare_table(table, design=tt.Design(weights="w"), data=df, by="g")
    frame = result.to_frame()
    finite = frame["p_value"].notna()
    expected = tt.compare.adjust_p_values(frame.loc[finite, "p_value"], method="holm")
    np.testing.assert_allclose(frame.loc[finite, "p_adjusted"], expected, rtol=1e-12)


def test_tabbook_design_letters_count_a_pair_once() -> None:
    df = _two_groups()
    survey = tt.Survey.from_dict({
        "title": "two",
        "questions": [
            {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
            {"id": "g", "type": "single", "text": "Group", "options": ["a", "b"]},
        ],
    })  # fmt: skip
    design = tt.Design(weights="w")
    book = tt.tabbook(df, survey, banners=["g"], questions=["q"], design=design)
    block = next(b for b in book.section("q").blocks if b.banner == "g")
    assert block.higher == {("No", "b"): ["a"], ("Yes", "a"): ["b"]}


@pytest.mark.parametrize("name", list(DESIGNS))
@pytest.mark.parametrize("by", ["comp.imp", "stype"])
def test_ranktest_matches_svyranktest_on_the_rows_it_keeps(name: str, by: str) -> None:
    # svyranktest drops the schools with no acs.46 (R: NA) and tests on degf of the rest:
    # on the stratified sample, whose PSUs are schools, 130 df where the design has 197.
    data, design = DESIGNS[name]
    key = f"{name}.rank.acs46.{by.replace('.', '')}"
    expected = np.array([float(REFERENCE[f"{key}[{i}]"]) for i in range(1, 5)])
    test = tt.design.ranktest(data, "acs.46", by, design=design)
    if test.statistic_name == "t":
        close([test.statistic, test.df[0], test.p_value, test.difference], expected)
    else:  # F = chisq / ndf, ndf, ddf, p
        close([test.statistic, *test.df, test.p_value], expected)


@st.composite
def yes_no_frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(8, 60))
    answers = st.lists(st.sampled_from(["Yes", "No"]), min_size=n, max_size=n)
    groups = st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=n, max_size=n)
    weights = st.lists(st.floats(0.2, 5.0), min_size=n, max_size=n)
    return pd.DataFrame({"q": draw(answers), "g": draw(groups), "w": draw(weights)})


@settings(max_examples=40, deadline=None)
@given(yes_no_frames(), st.sampled_from(["holm", "bonferroni", "bh"]))
def test_a_yes_no_question_adjusts_over_its_pairs_once(frame: pd.DataFrame, adjust: str) -> None:
    # Whatever the groups and weights: the family is the pairs (the Yes rows alone), and
    # each No row has its Yes row's adjusted p-value and decision.
    table = tt.frequencies(frame, "q", by="g", weights="w", options=["Yes", "No"])
    if (table.bases.drop("All") > 0).sum() < 2:
        return
    result = tt.compare_table(table, design=tt.Design(weights="w"), data=frame, by="g",
                              adjust=adjust)  # fmt: skip
    rows = result.to_frame().set_index(["option", "group", "versus"])
    yes, no = rows.loc["Yes"], rows.loc["No"]
    tested = yes["p_value"].notna().to_numpy()
    expected = tt.compare.adjust_p_values(yes["p_value"].to_numpy()[tested], method=adjust)
    np.testing.assert_allclose(yes["p_adjusted"].to_numpy()[tested], expected, rtol=1e-9)
    np.testing.assert_allclose(no["p_adjusted"], yes["p_adjusted"], rtol=1e-9)
    assert (no["significant"] == yes["significant"]).all()
    # each pair on its own df: the unweighted design's rows of the two groups, less 2
    sizes = frame["g"].value_counts()
    for (group, versus), row in yes.iterrows():
        dof = int(sizes[group] + sizes[versus] - 2)
        if np.isfinite(row["p_value"]):
            se = (row["ci_high"] - row["ci_low"]) / 2 / stats.t.ppf(0.975, dof)
            t_value = row["difference"] / se
            assert row["p_value"] == pytest.approx(2 * stats.t.sf(abs(t_value), dof), rel=1e-7)

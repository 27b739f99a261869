"""Design-based letters of nets, and the design-based rank test, against R survey.

Known values: tests/reference/survey_api_nets_rank.csv, made by
tests/reference/survey_api_nets_rank.R (R 4.2.2, survey 4.1.1, Debian 12) on tests/data/api/
(R survey's data(api), GPL-2 | GPL-3): ``svycontrast(svyby(~net, ~stype, ..., covmat=TRUE))``
for the nets of a single-choice question and of a multi-response set (its base a domain,
``subset(design, ticked any)``), ``svyranktest`` for the rank tests.
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
from tracktr.missing import NOT_ASKED, REFUSED, SKIPPED

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "survey_api_nets_rank.csv", index_col=0)["value"]
BANDS = ["low", "mid", "high", "top"]
TICKS = ["sch.wide", "yr.rnd", "comp.imp"]


def _read(name: str) -> pd.DataFrame:
    data = pd.read_csv(HERE / "data" / "api" / f"api{name}.csv")
    api00 = data["api00"]
    # api00 in four bands, as the R script bands it
    data["band"] = np.select([api00 < 600, api00 < 700, api00 < 800], BANDS[:3], BANDS[3])
    for column in TICKS:
        data[f"t_{column}"] = (data[column] == "Yes").astype(int)
    return data


DESIGNS = {
    "strat": (_read("strat"), tt.Design(weights="pw", strata="stype", fpc="fpc")),
    "clus1": (_read("clus1"), tt.Design(weights="pw", clusters="dnum", fpc="fpc")),
}
PAIRS = [("E", "H"), ("E", "M"), ("H", "M")]


def refs(key: str, n: int) -> np.ndarray:
    return np.array([float(REFERENCE[f"{key}[{i}]"]) for i in range(1, n + 1)])


def close(actual: object, expected: object) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=1e-6, atol=1e-12)


def _se(row: pd.Series, design: tt.Design, data: pd.DataFrame, base: object = True) -> float:
    # the pair's df, as R svyttest on subset(design, stype %in% pair) less the rows out of
    # the question's base (NA in R) (tests/reference/survey_api_pairs.R)
    rows = np.flatnonzero(data["stype"].isin([row.name[1], row.name[2]]) & base)
    quantile = stats.t.ppf(0.975, design.bind(data).domain_degf(rows) - 1)
    return float((row["ci_high"] - row["ci_low"]) / 2 / quantile)


# -- nets -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DESIGNS))
def test_net_of_single_choice_matches_svycontrast(name: str) -> None:
    data, design = DESIGNS[name]
    table = tt.frequencies(data, "band", by="stype", weights="pw", options=BANDS)
    nets = {"mid or high": ["mid", "high"]}
    result = tt.compare_table(table, design=design, data=data, by="stype", nets=nets)
    frame = result.to_frame().set_index(["option", "group", "versus"])
    for k, (group, versus) in enumerate(PAIRS, start=1):
        row = frame.loc[("mid or high", group, versus)]
        close([row["difference"], _se(row, design, data)], refs(f"{name}.net.band.stype.{k}", 2))
    assert set(frame["test"]) == {"design t"}
    # the table shown is the nets', with the options' bases
    assert list(result.table.counts.index) == ["mid or high"]
    close(result.table.bases, table.bases)
    assert result.overall is None  # nets are not a partition: no Rao–Scott test


@pytest.mark.parametrize("name", list(DESIGNS))
def test_net_of_multi_response_set_matches_svycontrast(name: str) -> None:
    data, design = DESIGNS[name]
    columns = [f"t_{c}" for c in TICKS]
    table = tt.multi_response(data, "ticks", columns=columns, by="stype", weights="pw")
    nets = {"yr.rnd or comp.imp": columns[1:]}
    result = tt.compare_table(table, design=design, data=data, by="stype", nets=nets)
    frame = result.to_frame().set_index(["option", "group", "versus"])
    for k, (group, versus) in enumerate(PAIRS, start=1):
        row = frame.loc[("yr.rnd or comp.imp", group, versus)]
        ticked = data[columns].sum(axis=1) > 0  # the set's base: who ticked any
        se = _se(row, design, data, ticked)
        close([row["difference"], se], refs(f"{name}.multinet.stype.{k}", 2))
    expected = tt.multi_nets(data, "ticks", nets, columns=columns, options=columns, by="stype",
                             weights="pw")  # fmt: skip
    pd.testing.assert_frame_equal(result.table.counts, expected.counts)


def test_net_letters_equal_the_options_letters_of_a_recoded_question() -> None:
    # A net is the indicator of any of its options: lettering the net must decide exactly
    # as lettering the recoded question's option does (same rows, same design).
    data, design = DESIGNS["strat"]
    recoded = data.assign(mh=np.where(data["band"].isin(["mid", "high"]), "yes", "no"))
    plain = tt.compare_table(
        tt.frequencies(recoded, "mh", by="stype", weights="pw"),
        design=design,
        data=recoded,
        by="stype",
        adjust="none",
        level=0.6,
    )
    table = tt.frequencies(data, "band", by="stype", weights="pw", options=BANDS)
    net = tt.compare_table(table, design=design, data=data, by="stype", adjust="none",
                           level=0.6, nets={"mh": ["mid", "high"]})  # fmt: skip
    assert net.letters is not None
    assert plain.letters is not None
    assert net.letters.loc["mh"].tolist() == plain.letters.loc["yes"].tolist()
    close(net.to_frame()["p_value"], plain.to_frame().query("option == 'yes'")["p_value"])


def _book_survey() -> tt.Survey:
    return tt.Survey.from_dict({
        "title": "API",
        "questions": [
            {"id": "stype", "type": "single", "text": "Type", "options": ["E", "H", "M"]},
            {"id": "band", "type": "ordinal", "text": "API band", "options": BANDS,
             "nets": {"mid or high": ["mid", "high"]}},
            {"id": "ticks", "type": "multi", "text": "Targets",
             "options": [{"code": k, "label": c, "column": f"t_{c}"}
                         for k, c in enumerate(TICKS, start=1)],
             "nets": {"yr.rnd or comp.imp": ["yr.rnd", "comp.imp"]}},
        ],
    })  # fmt: skip


@pytest.mark.parametrize("question", ["band", "ticks"])
def test_tabbook_letters_nets_under_a_design_as_compare_table(question: str) -> None:
    data, design = DESIGNS["strat"]
    survey = _book_survey()
    book = tt.tabbook(data, survey, banners=["stype"], questions=[question], design=design,
                      adjust="none", level=0.6)  # fmt: skip
    block = next(b for b in book.section(question).blocks if b.banner == "stype")
    assert block.nets is not None
    assert block.net_higher is not None
    spec = survey.spec(question)
    result = tt.compare_table(block.table, design=design, data=data, by="stype", survey=survey,
                              adjust="none", level=0.6, nets=spec.nets)  # fmt: skip
    expected: dict[tuple[object, object], list[object]] = {}
    for row in result.to_frame().query("significant").to_dict("records"):
        top, bottom = (row["group"], row["versus"])
        if row["difference"] < 0:
            top, bottom = bottom, top
        expected.setdefault((row["option"], top), []).append(bottom)
    assert block.net_higher == expected
    assert expected  # at level 0.6 some nets differ (E against H: p 0.34 and 0.05)
    notes = " ".join(book.section(question).notes)
    assert "a net is tested as the share with any of its options" in notes


def test_net_of_unknown_options_is_refused() -> None:
    data, design = DESIGNS["strat"]
    table = tt.frequencies(data, "band", by="stype", weights="pw", options=BANDS)
    with pytest.raises(tt.InvalidOptionError, match=r"net 'x' of 'band' is made of \['middle'\]"):
        tt.compare_table(table, design=design, data=data, by="stype", nets={"x": ["middle"]})


def test_table_of_nets_under_a_design_points_to_nets_option() -> None:
    data, design = DESIGNS["strat"]
    table = tt.frequencies(data, "band", by="stype", weights="pw", options=BANDS)
    nets = tt.net_table(table, {"mid or high": ["mid", "high"]})
    with pytest.raises(tt.InvalidBaseError, match=r"pass the options' table with nets="):
        tt.compare_table(nets, design=design, data=data, by="stype")


def test_nets_of_multi_response_without_design_are_refused() -> None:
    data, _ = DESIGNS["strat"]
    columns = [f"t_{c}" for c in TICKS]
    table = tt.multi_response(data, "ticks", columns=columns, by="stype")
    with pytest.raises(tt.InvalidOptionError, match=r"compare tt.multi_nets\(data"):
        tt.compare_table(table, nets={"any": columns[1:]})


def test_nets_without_design_compare_the_net_table() -> None:
    data, _ = DESIGNS["strat"]
    table = tt.frequencies(data, "band", by="stype", options=BANDS)
    nets = {"mid or high": ["mid", "high"]}
    direct = tt.compare_table(table, nets=nets).to_frame()
    via = tt.compare_table(tt.net_table(table, nets)).to_frame()
    pd.testing.assert_frame_equal(direct, via)


# -- rank tests -----------------------------------------------------------------------------------

R_SCORES = {"wilcoxon": "wilcoxon", "van_der_waerden": "vanderWaerden", "median": "median"}


def _banded(data: pd.DataFrame) -> pd.DataFrame:
    # the R script ranks as.numeric(band): the band's place on the scale
    return data.assign(band=data["band"].map({b: k for k, b in enumerate(BANDS, start=1)}))


@pytest.mark.parametrize("name", list(DESIGNS))
@pytest.mark.parametrize("score", list(R_SCORES))
def test_two_group_ranktest_matches_svyranktest(name: str, score: str) -> None:
    data, design = DESIGNS[name]
    data = _banded(data)
    for question, by, key in [("enroll", "comp.imp", "enroll.compimp"),
                              ("band", "sch.wide", "band.schwide")]:  # fmt: skip
        test = tt.design.ranktest(data, question, by, design=design, score=score)  # type: ignore[arg-type]
        expected = refs(f"{name}.rank.{key}.{R_SCORES[score]}", 4)  # t, df, p, estimate
        close([test.statistic, test.df[0], test.p_value, test.difference], expected)
        assert test.statistic_name == "t"
        assert test.groups == ("No", "Yes")


@pytest.mark.parametrize("name", list(DESIGNS))
@pytest.mark.parametrize("score", list(R_SCORES))
def test_three_group_ranktest_matches_svyranktest(name: str, score: str) -> None:
    data, design = DESIGNS[name]
    data = _banded(data)
    r_name = "KruskalWallis" if score == "wilcoxon" else R_SCORES[score]
    for question in ("enroll", "band"):
        test = tt.design.ranktest(data, question, "stype", design=design, score=score)  # type: ignore[arg-type]
        chisq, ndf, ddf, p_value = refs(f"{name}.rank.{question}.stype.{r_name}", 4)
        close([test.statistic * test.df[0], *test.df, test.p_value], [chisq, ndf, ddf, p_value])
        assert test.statistic_name == "F"
        assert np.isnan(test.difference)


def test_ranktest_with_missing_answers_matches_svyranktest() -> None:
    # 26 schools of apiclus1 have no avg.ed; no PSU loses all its schools, so R's dropped
    # rows and the domain here give the same degrees of freedom
    data, design = DESIGNS["clus1"]
    test = tt.design.ranktest(data, "avg.ed", "comp.imp", design=design)
    close([test.statistic, test.df[0], test.p_value, test.difference],
          refs("clus1.rank.avged.compimp.wilcoxon", 4))  # fmt: skip
    assert test.n == len(data) - int(data["avg.ed"].isna().sum())


def test_compare_table_ordinal_under_a_design_is_the_rank_test() -> None:
    data, design = DESIGNS["clus1"]
    table = tt.frequencies(data, "band", by="sch.wide", weights="pw", options=BANDS)
    result = tt.compare_table(table, design=design, data=data, by="sch.wide", ordinal=True)
    assert result.ordinal is not None
    assert result.ordinal.name == "design_wilcoxon"
    t, _, p_value, _ = refs("clus1.rank.band.schwide.wilcoxon", 4)
    close([result.ordinal.statistic, result.ordinal.p_value], [t, p_value])
    three = tt.compare_table(
        tt.frequencies(data, "band", by="stype", weights="pw", options=BANDS),
        design=design, data=data, by="stype", ordinal=True, ordered_groups=True,
    )  # fmt: skip
    assert three.ordinal is not None
    assert three.ordinal.name == "design_kruskal_wallis"
    chisq, ndf, _, p_value = refs("clus1.rank.band.stype.KruskalWallis", 4)
    close([three.ordinal.statistic, three.ordinal.p_value], [chisq / ndf, p_value])
    assert any("no linear-by-linear under a design" in note for note in three.notes)


def test_ranktest_reads_an_ordinal_question_in_its_options_order() -> None:
    data, design = DESIGNS["strat"]
    survey = tt.Survey.from_dict({"title": "API", "questions": [
        {"id": "band", "type": "ordinal", "text": "Band", "options": BANDS}]})  # fmt: skip
    by_survey = tt.design.ranktest(data, "band", "sch.wide", design=design, survey=survey)
    by_codes = tt.design.ranktest(_banded(data), "band", "sch.wide", design=design)
    close([by_survey.statistic, by_survey.p_value], [by_codes.statistic, by_codes.p_value])
    ordered = data.assign(band=pd.Categorical(data["band"], categories=BANDS, ordered=True))
    by_category = tt.design.ranktest(ordered, "band", "sch.wide", design=design)
    close(by_category.statistic, by_codes.statistic)


@settings(max_examples=25, deadline=None)
@given(
    values=st.lists(st.integers(0, 6), min_size=8, max_size=30),
    weights=st.lists(st.floats(0.5, 4.0), min_size=30, max_size=30),
)
def test_ranktest_depends_on_the_order_only(values: list[int], weights: list[float]) -> None:
    # ranks, so any increasing recoding of the answers gives the same test; relabelling the
    # groups in reverse order flips the sign of t
    n = len(values)
    frame = pd.DataFrame({"y": values, "g": ["a", "b"] * (n // 2) + ["a"] * (n % 2),
                          "w": weights[:n]})  # fmt: skip
    if frame.groupby("g")["y"].nunique().min() < 2:  # a group all tied: maybe no variance
        return
    design = tt.Design(weights="w")
    plain = tt.design.ranktest(frame, "y", "g", design=design)
    moved = tt.design.ranktest(frame.assign(y=np.exp(frame["y"])), "y", "g", design=design)
    flipped = tt.design.ranktest(frame.assign(g=frame["g"].map({"a": "z"}).fillna("b")),
                                 "y", "g", design=design)  # fmt: skip
    close([moved.statistic, moved.p_value], [plain.statistic, plain.p_value])
    close([flipped.statistic, flipped.p_value], [-plain.statistic, plain.p_value])


def test_ranktest_refuses_text_without_an_order() -> None:
    data, _ = DESIGNS["strat"]
    with pytest.raises(tt.InvalidOptionError, match=r"'band' has no order to rank by"):
        tt.design.ranktest(data, "band", "stype")


def test_ranktest_refuses_a_single_group() -> None:
    data, _ = DESIGNS["strat"]
    with pytest.raises(tt.InvalidBaseError, match=r"needs answers in two groups or more"):
        tt.design.ranktest(data.assign(g="one"), "enroll", "g")


def test_ranktest_refuses_an_unknown_score() -> None:
    data, _ = DESIGNS["strat"]
    with pytest.raises(tt.UnknownMethodError, match=r"`score` must be one of .wilcoxon."):
        tt.design.ranktest(data, "enroll", "stype", score="spearman")  # type: ignore[arg-type]


def test_ranktest_of_tied_groups_has_no_variance() -> None:
    frame = pd.DataFrame({"y": [1, 1, 2, 2], "g": ["a", "a", "b", "b"]})
    with pytest.raises(tt.InvalidBaseError, match=r"no design-based variance"):
        tt.design.ranktest(frame, "y", "g")


def test_a_group_of_weight_zero_is_no_group() -> None:
    frame = pd.DataFrame({"y": [1, 2, 3, 4, 5, 6], "g": list("aabbcc"),
                          "w": [1.0, 1.0, 1.0, 1.0, 0.0, 0.0]})  # fmt: skip
    test = tt.design.ranktest(frame, "y", "g", design=tt.Design(weights="w"))
    assert test.groups == ("a", "b")
    assert test.statistic_name == "t"
    only = tt.design.ranktest(frame.iloc[:4], "y", "g", design=tt.Design(weights="w"))
    assert test.difference == pytest.approx(only.difference, rel=1e-12)
    with pytest.raises(tt.InvalidBaseError, match=r"a group and a weight above 0"):
        tt.design.ranktest(frame.assign(w=[1.0, 1.0, 0, 0, 0, 0]), "y", "g",
                           design=tt.Design(weights="w"))  # fmt: skip


def test_missing_markers_are_no_group_and_no_answer() -> None:
    # "<skipped>" is a missing marker, not a group (nor, as a category, the top of the scale)
    scale = pd.Categorical(["Low", "High", "Low", "High", "<skipped>", "High"],
                           categories=["Low", "High", "<skipped>"], ordered=True)  # fmt: skip
    frame = pd.DataFrame({"y": scale, "g": ["a", "a", "b", "b", "b", "<skipped>"]})
    test = tt.design.ranktest(frame, "y", "g")
    assert test.groups == ("a", "b")
    assert test.n == 4
    with pytest.raises(tt.InvalidOptionError, match=r"'y' holds infinite values in rows \[1\]"):
        tt.design.ranktest(pd.DataFrame({"y": [1.0, np.inf], "g": ["a", "b"]}), "y", "g")


# -- missing answers and don't know are not ranked --------------------------------------------
# The reference is the same frame with those cells blank: a blank is no answer already, and
# the rows stay in the design (its degrees of freedom are the whole design's).

GROUPS = [*"aaaabbbb", "a", "b", "a"]
SCALE = ["Low", "Low", "Mid", "High", "Mid", "High", "High", "High"]


def _same_test(test: tt.design.DesignRankTest, expected: tt.design.DesignRankTest) -> None:
    assert test.n == expected.n
    close([test.statistic, test.p_value], [expected.statistic, expected.p_value])
    close(test.mean_scores.to_numpy(), expected.mean_scores.to_numpy())


@pytest.mark.parametrize("dont_know", ["Don't know", "Don\u2019t know"])
def test_dont_know_in_an_ordered_categorical_is_not_ranked(dont_know: str) -> None:
    # "Don't know" was a category above "High", so ranked as the highest answer.
    categories = ["Low", "Mid", "High", dont_know, REFUSED]
    cells = [*SCALE, dont_know, dont_know, REFUSED]
    frame = pd.DataFrame({"y": pd.Categorical(cells, categories, ordered=True), "g": GROUPS})
    blank = pd.DataFrame({"y": pd.Categorical([*SCALE, None, None, None], categories[:3],
                                              ordered=True), "g": GROUPS})  # fmt: skip
    _same_test(tt.design.ranktest(frame, "y", "g"), tt.design.ranktest(blank, "y", "g"))


@pytest.mark.parametrize("dtype", [object, "string"])
@pytest.mark.parametrize("marker", [REFUSED, SKIPPED, NOT_ASKED, None])
def test_missing_markers_among_numbers_are_not_ranked(dtype: str | type, marker: object) -> None:
    # Numbers beside a missing marker were refused: "no order to rank by".
    numbers = [1, 2, 3, 4, 5, 6, 7, 8]
    cells = [str(n) if dtype == "string" else n for n in numbers] + [marker, marker, REFUSED]
    frame = pd.DataFrame({"y": pd.Series(cells, dtype=dtype), "g": GROUPS})  # type: ignore[call-overload]
    blank = pd.DataFrame({"y": [*numbers, np.nan, np.nan, np.nan], "g": GROUPS})
    _same_test(tt.design.ranktest(frame, "y", "g"), tt.design.ranktest(blank, "y", "g"))


def test_dont_know_and_markers_of_a_codebook_question_are_not_ranked() -> None:
    survey = tt.Survey.from_dict({"title": "t", "questions": [{
        "id": "y", "type": "ordinal", "text": "Y?",
        "options": ["Low", "Mid", "High", {"code": 9, "label": "Unsure", "dont_know": True}],
    }]})  # fmt: skip
    frame = pd.DataFrame({"y": [*SCALE, "Unsure", REFUSED, NOT_ASKED], "g": GROUPS})
    blank = pd.DataFrame({"y": [*SCALE, None, None, None], "g": GROUPS})
    expected = tt.design.ranktest(blank, "y", "g", survey=survey)
    _same_test(tt.design.ranktest(frame, "y", "g", survey=survey), expected)


def test_text_among_numbers_is_named_when_there_is_no_order() -> None:
    frame = pd.DataFrame({"y": pd.Series([1, 2, "lots", REFUSED], dtype=object), "g": list("abab")})
    with pytest.raises(tt.InvalidOptionError, match=r"\['lots'\] in rows \[2\] are not numbers"):
        tt.design.ranktest(frame, "y", "g")


MISSING = [REFUSED, SKIPPED, NOT_ASKED, None, "Don't know"]


@settings(max_examples=25, deadline=None)
@given(cells=st.lists(st.sampled_from([*range(5), *MISSING]), min_size=8, max_size=24))
def test_missing_answers_rank_as_blanks(cells: list[object]) -> None:
    groups = ["a", "b"] * (len(cells) // 2) + ["a"] * (len(cells) % 2)
    answers = [str(c) if isinstance(c, int) else c for c in cells]
    blanks = [a if a not in MISSING else None for a in answers]
    if pd.Series(blanks, dtype=object).groupby(groups).nunique().min() < 2:
        return  # a group with fewer than two answers: maybe no variance
    categories = [*map(str, range(5)), "Don't know", REFUSED, SKIPPED, NOT_ASKED]
    frame = pd.DataFrame({"y": pd.Categorical(answers, categories, ordered=True), "g": groups})
    blank = pd.DataFrame({"y": pd.Categorical(blanks, categories[:5], ordered=True), "g": groups})
    _same_test(tt.design.ranktest(frame, "y", "g"), tt.design.ranktest(blank, "y", "g"))

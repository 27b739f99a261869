"""Waves: harmonisation maps, pooling, trend tables and wave-on-wave change."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tracktr as tt
from tracktr.waves import Harmonisation


def _survey(question: dict[str, Any], *, title: str = "T") -> tt.Survey:
    return tt.Survey.from_dict({"title": title, "questions": [question]})


SCALE_4 = ["Much better", "Better", "Worse", "Much worse"]
SCALE_5 = ["Much better", "Better", "Same", "Worse", "Much worse"]
W1 = _survey({"id": "change", "type": "ordinal", "text": "How?", "options": SCALE_4})
W2 = _survey({"id": "change5", "type": "ordinal", "text": "How now?", "options": SCALE_5})
MAP: dict[str, Any] = {
    "waves": ["w1", "w2"],
    "questions": [
        {
            "id": "change",
            "options": ["Better", "Not better"],
            "waves": {
                "w1": {
                    "map": {
                        "Much better": "Better",
                        "Worse": "Not better",
                        "Much worse": "Not better",
                    }
                },
                "w2": {
                    "question": "change5",
                    "map": {
                        "Much better": "Better",
                        "Same": "Not better",
                        "Worse": "Not better",
                        "Much worse": "Not better",
                    },
                },
            },
        }
    ],
}


def _waves() -> dict[str, tuple[pd.DataFrame, tt.Survey]]:
    one = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "org": ["A", "B", "C", "D"],
            "change": ["Much better", "Worse", "Better", "<skipped>"],
        }
    )
    two = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3],
            "org": ["B", "C", "E"],
            "change5": ["Same", "Much better", "Much worse"],
        }
    )
    return {"w1": (one, W1), "w2": (two, W2)}


# -- harmonisation -----------------------------------------------------------------------------


def test_a_renamed_question_with_a_changed_scale_maps_onto_the_common_set() -> None:
    done = Harmonisation.from_dict(MAP).resolve({"w1": W1, "w2": W2})
    h = done.question("change")
    assert h.question.labels == ("Better", "Not better")
    assert h.maps["w1"] == {
        "Much better": "Better",
        "Better": "Better",
        "Worse": "Not better",
        "Much worse": "Not better",
    }
    assert h.maps["w2"]["Same"] == "Not better"
    assert h.sources["w2"] is not None
    assert h.sources["w2"].id == "change5"


def test_an_option_without_a_counterpart_is_named_with_wave_and_question() -> None:
    broken = {
        **MAP,
        "questions": [
            {
                **MAP["questions"][0],
                "waves": {
                    "w1": MAP["questions"][0]["waves"]["w1"],
                    "w2": {"question": "change5", "map": {"Much better": "Better"}},
                },
            }
        ],
    }
    with pytest.raises(
        tt.CodebookError,
        match=r"wave 'w2', question 'change': option 'Same' is "
        r"not among the common options \['Better', 'Not better'\]",
    ):
        Harmonisation.from_dict(broken).resolve({"w1": W1, "w2": W2})


def test_a_split_cannot_be_undone() -> None:
    split = {
        "waves": ["w1", "w2"],
        "questions": [
            {"id": "change", "waves": {"w1": {"map": {"Better": ["Much better", "Better"]}}}}
        ],
    }
    with pytest.raises(tt.CodebookError, match=r"option 'Better' maps to several common options"):
        Harmonisation.from_dict(split)


def test_a_map_naming_an_option_the_wave_lacks_is_refused() -> None:
    bad = {
        "waves": ["w1", "w2"],
        "questions": [
            {
                "id": "change",
                "waves": {"w1": {"map": {"Much bettr": "Better"}}, "w2": {"question": "change5"}},
            }
        ],
    }
    with pytest.raises(tt.CodebookError, match=r"(?s)names option 'Much bettr'.*did you mean"):
        Harmonisation.from_dict(bad).resolve({"w1": W1, "w2": W2})


def test_a_renamed_question_that_is_not_in_the_wave_suggests_close_ids() -> None:
    bad = {
        "waves": ["w1", "w2"],
        "questions": [{"id": "change", "waves": {"w2": {"question": "chnge5"}}}],
    }
    with pytest.raises(
        tt.CodebookError,
        match=r"(?s)wave 'w2', question 'change': the wave's "
        r"codebook has no question 'chnge5'.*change5",
    ):
        Harmonisation.from_dict(bad).resolve({"w1": W1, "w2": W2})


def test_an_undeclared_difference_asks_for_a_declaration() -> None:
    other = _survey({"id": "change", "type": "ordinal", "text": "?", "options": SCALE_5})
    with pytest.raises(
        tt.CodebookError,
        match=r"(?s)wave 'w1', question 'change': differs from "
        r"wave 'w2'.*Hint: declare how it maps",
    ):
        Harmonisation.from_dict({"waves": ["w1", "w2"]}).resolve({"w1": W1, "w2": other})


def test_a_question_only_one_wave_asks_must_be_declared_absent() -> None:
    with pytest.raises(
        tt.CodebookError,
        match=r"(?s)waves \['w2'\] ask it but waves \['w1'\] do "
        r"not.*absent = true",
    ):
        Harmonisation.from_dict({"waves": ["w1", "w2"]}).resolve({"w1": W1, "w2": W2})


def test_waves_of_the_map_must_be_the_data_waves() -> None:
    with pytest.raises(
        tt.CodebookError,
        match=r"the map is for waves \['w1', 'w2'\]; the data "
        r"has waves \['w1'\]",
    ):
        Harmonisation.from_dict(MAP).resolve({"w1": W1})


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"questions": []}, r"`waves` must list the waves"),
        ({"waves": ["a", "a"]}, r"waves \['a'\] are listed more than once"),
        ({"waves": ["a"], "colour": 1}, r"unknown top-level keys \['colour'\]"),
        (
            {"waves": ["a"], "questions": [{"id": "q", "waves": {"b": {}}}]},
            r"wave 'b' is not one of the waves \['a'\]",
        ),
        (
            {"waves": ["a"], "questions": [{"id": "q"}, {"id": "q"}]},
            r"questions \['q'\] are declared more than once",
        ),
        (
            {"waves": ["a"], "questions": [{"id": "q", "waves": {"a": {"absent": True}}}]},
            r"every wave is declared absent",
        ),
        (
            {
                "waves": ["a"],
                "questions": [{"id": "q", "waves": {"a": {"absent": True, "question": "p"}}}],
            },
            r"a wave declared absent takes no `question` or `map`",
        ),
        (
            {"waves": ["a"], "questions": [{"id": "q", "options": ["x"], "dont_know": ["y"]}]},
            r"`dont_know` names \['y'\], which are not common options",
        ),
    ],
)
def test_malformed_maps_are_refused(mapping: dict[str, Any], message: str) -> None:
    with pytest.raises(tt.CodebookError, match=message):
        Harmonisation.from_dict(mapping)


def test_type_changes_cannot_be_pooled() -> None:
    numeric = _survey({"id": "change", "type": "numeric", "text": "?"})
    h = Harmonisation.from_dict({"waves": ["w1", "w2"], "questions": [{"id": "change"}]})
    with pytest.raises(tt.CodebookError, match=r"different types \(w1: ordinal, w2: numeric\)"):
        h.resolve({"w1": W1, "w2": numeric})


def test_a_toml_map_reads_like_its_mapping(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text(
        'waves = ["w1", "w2"]\n[[questions]]\nid = "change"\noptions = ["Better", "Not better"]\n'
        '[questions.waves.w1]\nmap = { "Much better" = "Better", "Worse" = "Not better", '
        '"Much worse" = "Not better" }\n[questions.waves.w2]\nquestion = "change5"\n'
        'map = { "Much better" = "Better", "Same" = "Not better", "Worse" = "Not better", '
        '"Much worse" = "Not better" }\n',
        encoding="utf-8",
    )
    from_file = Harmonisation.from_toml(path)
    assert from_file == Harmonisation.from_dict(MAP)
    assert from_file.source == str(path)


def test_unreachable_common_options_are_noted() -> None:
    mapping = {
        "waves": ["w1", "w2"],
        "questions": [
            {"id": "change", "options": SCALE_5, "waves": {"w2": {"question": "change5"}}}
        ],
    }
    pooled = tt.waves.pool(_waves(), harmonise=mapping, id="org")
    assert pooled.harmonised.question("change").unreachable == {"w1": ("Same",)}
    assert "change: wave w1 had no option for 'Same'." in pooled.notes


# -- pooling -----------------------------------------------------------------------------------


def test_pool_stacks_waves_with_a_wave_column_and_membership() -> None:
    pooled = tt.waves.pool(_waves(), harmonise=MAP, id="org")
    assert pooled.waves == ("w1", "w2")
    assert pooled.sizes() == {"w1": 4, "w2": 3}
    assert pooled.data["change"].tolist() == [
        "Better",
        "Not better",
        "Better",
        "<skipped>",
        "Not better",
        "Better",
        "Not better",
    ]
    assert pooled.data.index.tolist()[:2] == ["w1/1", "w1/2"]
    assert pooled.in_both("w1", "w2") == ("B", "C")
    assert pooled.membership is not None
    assert pooled.membership.loc[["E"]].to_numpy().tolist() == [[False, True]]
    assert pooled.overlap().loc["w1", "w2"] == 2
    assert repr(pooled) == "Pooled(2 waves: 'w1' n=4, 'w2' n=3; 2 organisations in both; id='org')"
    pooled.survey.validate(pooled.data, allow_extra_columns=True)


def test_pool_never_mutates_its_inputs() -> None:
    waves = _waves()
    before = {w: d.copy(deep=True) for w, (d, _) in waves.items()}
    tt.waves.pool(waves, harmonise=MAP, id="org")
    for w, (data, _) in waves.items():
        pd.testing.assert_frame_equal(data, before[w])


def test_without_an_id_the_waves_are_independent() -> None:
    pooled = tt.waves.pool(_waves(), harmonise=MAP)
    assert pooled.membership is None
    assert pooled.in_both("w1", "w2") == ()
    assert "No persistent id" in pooled.notes[-1]
    result = tt.waves.change(pooled, "change", "Better")
    assert result.test == "independent"


def test_a_repeated_id_within_a_wave_is_refused_with_its_rows() -> None:
    waves = _waves()
    one, survey = waves["w1"]
    waves["w1"] = (one.assign(org=pd.Series(["A", "A", "C", None], dtype=object)), survey)
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"wave 'w1': the persistent id 'org' is "
        r"missing in rows \[3\] and repeated \(ids \['A'\]\) in rows \[0, 1\]",
    ) as error:
        tt.waves.pool(waves, harmonise=MAP, id="org")
    assert error.value.failures["check"].tolist() == ["missing_id", "duplicate_id", "duplicate_id"]


def test_an_absent_id_column_is_named() -> None:
    with pytest.raises(
        tt.QuestionNotFoundError,
        match=r"wave 'w1': the persistent id column "
        r"'organisation' is not in the data",
    ):
        tt.waves.pool(_waves(), harmonise=MAP, id="organisation")


def test_invalid_wave_data_names_the_wave() -> None:
    waves = _waves()
    one, survey = waves["w1"]
    waves["w1"] = (one.assign(change=["Much better", "Fine", "Better", "Worse"]), survey)
    with pytest.raises(tt.SurveyValidationError, match=r"^wave 'w1': "):
        tt.waves.pool(waves, harmonise=MAP, id="org")


@pytest.mark.parametrize(
    ("waves", "message"),
    [
        ({}, r"`waves` must be a non-empty mapping"),
        ({"w1": (pd.DataFrame(), "codebook")}, r"wave 'w1': expected a \(DataFrame, tt.Survey\)"),
    ],
)
def test_pool_refuses_what_is_not_waves(waves: Any, message: str) -> None:
    with pytest.raises(tt.InvalidOptionError, match=message):
        tt.waves.pool(waves)


def test_the_wave_column_cannot_shadow_a_question() -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"'change' is both a pooled question's"):
        tt.waves.pool(_waves(), harmonise=MAP, wave="change")


def test_synthetic_waves_pool_with_the_shipped_map() -> None:
    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    assert pooled.sizes() == {"2015-05": 156, "2015-10": 151}
    assert len(pooled.in_both("2015-05", "2015-10")) == tt.datasets._waves.OVERLAP == 91
    table = tt.waves.trend(pooled, "crc_retendering_transparency")
    assert int(table.bases["2015-05"]) == 0
    assert table.excluded is not None
    assert table.excluded.loc["not_asked", "2015-05"] == 156
    # the second wave in the pool is the bundled data, answer for answer
    alone = tt.frequencies(
        tt.datasets.tracktr_2015(), "main_funding", survey=tt.surveys.tracktr_2015()
    )
    assert tt.waves.trend(pooled, "main_funding").counts["2015-10"].tolist() == (
        alone.counts["All"].tolist()
    )


# -- McNemar -----------------------------------------------------------------------------------


def test_mcnemar_on_agrestis_presidential_approval_table() -> None:
    # Agresti (2013), Categorical Data Analysis, 3rd ed., Table 11.1: 1600 people rating the
    # president twice. R 4.x: mcnemar.test(matrix(c(794, 86, 150, 570), 2), correct = FALSE)
    # gives McNemar's chi-squared = 17.356, p-value = 3.099e-05; with the default correction
    # 16.818, p-value = 4.115e-05; binom.test(150, 236)$p.value = 3.715936e-05.
    table = [[794, 150], [86, 570]]
    plain = tt.waves.mcnemar(table)
    assert plain.statistic == pytest.approx(17.356, abs=5e-4)
    assert plain.p_value == pytest.approx(3.099e-05, rel=1e-3)
    yates = tt.waves.mcnemar(table, method="chi2_yates")
    assert yates.statistic == pytest.approx(16.818, abs=5e-4)
    assert yates.p_value == pytest.approx(4.115e-05, rel=1e-3)
    exact = tt.waves.mcnemar(table, method="exact")
    assert exact.p_value == pytest.approx(3.715936e-05, rel=1e-6)
    assert plain.discordant == 236


def test_mcnemar_with_no_discordant_pairs_finds_nothing() -> None:
    result = tt.waves.mcnemar([[5, 0], [0, 7]])
    assert (result.statistic, result.p_value) == (0.0, 1.0)


@pytest.mark.parametrize("table", [[[1, 2, 3]], [[1, -2], [3, 4]], [[1.5, 2], [3, 4]]])
def test_mcnemar_refuses_what_is_not_a_paired_table(table: Any) -> None:
    with pytest.raises(tt.InvalidCountsError, match=r"paired table"):
        tt.waves.mcnemar(table)


def test_mcnemar_names_its_methods() -> None:
    with pytest.raises(tt.UnknownMethodError, match=r"`method` must be one of 'chi2'"):
        tt.waves.mcnemar([[1, 2], [3, 4]], method="mid_p")  # type: ignore[arg-type]


# -- overlapping samples -----------------------------------------------------------------------


def test_overlapping_difference_by_hand() -> None:
    # Waves of 100 (20 and 30 yes); 60 organisations in both: 10 yes twice, 5 yes then no,
    # 12 no then yes, 33 no twice. By hand, with Kish's V1 + V2 - 2 Cov under no change:
    # pooled p = 50/200 = 1/4; V1 + V2 = (1/4)(3/4)(1/100 + 1/100) = 3/800;
    # overlap margin q = (2*10 + 5 + 12)/120 = 37/120; m * cov = 10 - 60 * (37/120)^2
    # = 10 - 1369/240 = 1031/240; 2 Cov = 2 * (1031/240) / 10^4 = 1031/1_200_000;
    # V0 = 3/800 - 1031/1_200_000 = 3469/1_200_000; X^2 = 0.1^2 / V0 = 12000/3469.
    result = tt.waves.compare_overlapping(20, 100, 30, 100, both=[[10, 5], [12, 33]])
    assert result.statistic == pytest.approx(12000 / 3469, rel=1e-12)
    assert result.test == "overlapping"
    assert result.matched == 60
    # the unrestricted correlation: Cov = (ad - bc - m/2)/(m n1 n2) = (330 - 60 - 30)/(60e4)
    # = 240/600_000; V1 = 0.2*0.8/100, V2 = 0.3*0.7/100: r = 4e-4 / sqrt(0.0016 * 0.0021)
    assert result.correlation == pytest.approx(4e-4 / math.sqrt(0.0016 * 0.0021), rel=1e-12)
    # the overlap's own change, (c - b)/m = 7/60, with McNemar's test of it
    frame = result.to_frame()
    assert frame.loc["paired_difference", "estimate"] == pytest.approx(7 / 60)
    assert result.paired is not None
    assert result.paired.statistic == pytest.approx(49 / 17)


def test_the_interval_is_narrower_than_independent_when_answers_agree() -> None:
    overlap = tt.waves.compare_overlapping(20, 100, 30, 100, both=[[10, 5], [12, 33]])
    independent = tt.compare_proportions(30, 100, 20, 100)
    width = overlap.difference_ci[1] - overlap.difference_ci[0]
    assert width < independent.difference_ci[1] - independent.difference_ci[0]
    assert overlap.p_value < independent.p_value


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"both": [[15, 10], [0, 0]]},
            tt.InvalidBaseError,
            r"the overlap's first-wave answers \(yes 25, no 0\) exceed wave 1's \(yes 20, no 80\)",
        ),
        (
            {"both": [[0, 0], [40, 0]]},
            tt.InvalidBaseError,
            r"the overlap's second-wave answers \(yes 40, no 0\) exceed wave 2's",
        ),
        ({"both": [[1, 2], [3]]}, tt.InvalidCountsError, r"paired table must be 2x2"),
        ({"both": [[0, 0], [0, 0]], "level": 95}, tt.InvalidOptionError, r"`level`"),
    ],
)
def test_compare_overlapping_refuses_counts_that_do_not_fit(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        tt.waves.compare_overlapping(20, 100, 30, 100, **kwargs)


def test_compare_overlapping_refuses_an_empty_base() -> None:
    with pytest.raises(tt.InvalidBaseError, match=r"`base1` must be above zero"):
        tt.waves.compare_overlapping(0, 0, 3, 10, both=[[0, 0], [0, 0]])


def test_no_change_gives_a_p_value_of_one() -> None:
    result = tt.waves.compare_overlapping(10, 10, 10, 10, both=[[10, 0], [0, 0]])
    assert (result.statistic, result.p_value, result.difference) == (0.0, 1.0, 0.0)


# -- from pooled data --------------------------------------------------------------------------


def test_change_counts_each_wave_and_the_overlap() -> None:
    pooled = tt.waves.pool(_waves(), harmonise=MAP, id="org")
    result = tt.waves.change(pooled, "change", "Better")
    # w1: A Better, B Not better, C Better, D skipped -> 2 of 3
    # w2: B Not better, C Better, E Not better -> 1 of 3
    # overlap in both bases: B (no, no), C (yes, yes)
    assert (result.count1, result.base1, result.count2, result.base2) == (2, 3, 1, 3)
    assert result.both == (1, 0, 0, 1)
    assert result.labels == ("w1", "w2")
    net = tt.waves.change(pooled, "change", ["Better", "Not better"])
    assert (net.count1, net.count2) == (3, 3)


def test_change_names_unknown_options_and_waves() -> None:
    pooled = tt.waves.pool(_waves(), harmonise=MAP, id="org")
    with pytest.raises(tt.QuestionNotFoundError, match=r"option\(s\) \['Same'\] are not among"):
        tt.waves.change(pooled, "change", "Same")
    with pytest.raises(tt.InvalidOptionError, match=r"'w3' is not a wave"):
        tt.waves.change(pooled, "change", "Better", second="w3")
    with pytest.raises(tt.InvalidOptionError, match=r"the same wave 'w1'"):
        tt.waves.change(pooled, "change", "Better", first="w1", second="w1")


def test_trend_of_a_grid_needs_an_item_and_counts_it_as_the_grid_does() -> None:
    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)question 'relationships' is a grid; name one of its items "
        r"\['crc', 'nps', 'prisons'\].*Hint: pass item=",
    ):
        tt.waves.trend(pooled, "relationships")
    with pytest.raises(tt.InvalidOptionError, match=r"`item` is for grids"):
        tt.waves.trend(pooled, "income", item="crc")
    grid = tt.grid(pooled.data, "relationships", survey=pooled.survey, by="wave", total=False)
    for item in pooled.survey.question("relationships").items:
        table = tt.waves.trend(pooled, "relationships", item=item.id, dont_know="include")
        for wave in pooled.waves:
            assert table.counts[wave].tolist() == grid.counts.loc[(wave, item.label)].tolist()
            assert int(table.bases[wave]) == int(grid.bases[(wave, item.label)])
        assert f"Grid item {item.label!r}; waves as columns, each of its own base." in table.notes
    split = tt.waves.trend(pooled, "relationships", item="Prisons", by="main_funding")
    assert split.counts.columns[0] == "2015-05: Funded by a CRC"
    rated = pooled.data["relationships_prisons"].isin(grid.counts.columns.tolist())
    funded = pooled.data["main_funding"].isin(pooled.survey.question("main_funding").labels)
    assert int(split.bases.sum()) == int((rated & funded).sum())


def test_describe_change_states_no_clear_change() -> None:
    # the issue's own example: "rose from 18% to 23%; not a clear change"
    result = tt.waves.compare_overlapping(
        18, 100, 23, 100, both=[[12, 3], [6, 39]], labels=("2015", "2016"), what="funded by a CRC"
    )
    text = tt.waves.describe_change(result)
    assert text.startswith("The share funded by a CRC rose from 18% (18 of 100) in 2015 to 23%")
    assert text.endswith(": not a clear change.")


def test_describe_change_says_stayed_and_flags_small_bases() -> None:
    result = tt.waves.compare_overlapping(5, 20, 5, 21, both=[[0, 0], [0, 0]])
    text = tt.waves.describe_change(result)
    assert "stayed at 25%" not in text  # 25% against 24%: a fall, stated as such
    assert "fell from 25% (5 of 20) in wave 1 to 24% (5 of 21) in wave 2" in text
    assert text.endswith("care is needed: a base is small (n=20).")
    same = tt.waves.compare_overlapping(5, 20, 10, 40, both=[[0, 0], [0, 0]])
    assert "stayed at 25% (5 of 20 in wave 1, 10 of 40 in wave 2)" in tt.waves.describe_change(same)


def test_percentages_in_statements_come_from_exact_counts() -> None:
    # 1/8 = 12.5% rounds half-up to 13 (a float round would give 12)
    result = tt.waves.compare_overlapping(1, 8, 3, 8, both=[[0, 0], [0, 0]])
    assert "from 13% (1 of 8)" in tt.waves.describe_change(result)
    assert Fraction(1, 8) == Fraction(result.count1, result.base1)


def test_a_banner_of_waves_by_group_counts_each_wave_and_group_alone() -> None:
    waves = tt.datasets.tracktr_waves()
    pooled = tt.waves.pool(waves, harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    table = tt.waves.trend(pooled, "staff", by="main_funding")
    second, survey = waves["2015-10"]
    groups = survey.question("main_funding").labels
    for group in groups:
        rows = second[second["main_funding"] == group]
        alone = tt.frequencies(rows, "staff", survey=survey)
        column = f"2015-10: {group}"
        assert table.counts[column].tolist() == alone.counts["All"].tolist()
        assert table.bases[column] == alone.bases["All"]
    missing = int((~pooled.data["main_funding"].isin(groups)).sum())
    assert missing == 33  # 17 + 16 skipped the funding question
    assert f"{missing} respondents with no answer to main_funding are in no column." in table.notes


def test_a_banner_needs_another_single_question() -> None:
    pooled = tt.waves.pool(_waves(), harmonise=MAP, id="org")
    with pytest.raises(tt.InvalidOptionError, match=r"`by` must be another question"):
        tt.waves.trend(pooled, "change", by="change")
    with pytest.raises(tt.InvalidOptionError, match=r"other than the wave; got 'wave'"):
        tt.waves.trend(pooled, "change", by="wave")


def test_pool_refuses_a_map_of_another_kind() -> None:
    with pytest.raises(tt.CodebookError, match=r"`harmonise` must be a tt.waves.Harmonisation"):
        tt.waves.pool(_waves(), harmonise=42)  # type: ignore[arg-type]


def test_the_map_orders_the_waves_whatever_the_order_of_the_data() -> None:
    backwards = dict(reversed(list(_waves().items())))
    pooled = tt.waves.pool(backwards, harmonise=MAP, id="org")
    assert pooled.waves == ("w1", "w2")
    assert pooled.data["wave"].cat.categories.tolist() == ["w1", "w2"]


def test_weighted_counts_are_refused_by_the_overlap_test() -> None:
    with pytest.raises(tt.InvalidCountsError, match=r"`count1` must be a whole number"):
        tt.waves.compare_overlapping(20.5, 100, 30, 100, both=[[0, 0], [0, 0]])  # type: ignore[arg-type]


def test_a_grid_scale_maps_item_by_item() -> None:
    def grid(scale: list[str], columns: tuple[str, str]) -> tt.Survey:
        return _survey(
            {
                "id": "rating",
                "type": "grid",
                "text": "Rate",
                "options": scale,
                "items": [
                    {"id": "crc", "label": "CRC", "column": columns[0]},
                    {"id": "nps", "label": "NPS", "column": columns[1]},
                ],
            }
        )

    one = grid(["Good", "Poor"], ("r_crc", "r_nps"))
    two = grid(["Very good", "Good", "Poor"], ("rating_crc", "rating_nps"))
    mapping = {
        "waves": ["w1", "w2"],
        "questions": [
            {
                "id": "rating",
                "waves": {"w2": {"map": {"Very good": "Good"}}},
                "options": ["Good", "Poor"],
            }
        ],
    }
    first = pd.DataFrame(
        {"respondent_id": [1, 2], "r_crc": ["Good", "Poor"], "r_nps": ["Poor", "Poor"]}
    )
    second = pd.DataFrame(
        {"respondent_id": [1], "rating_crc": ["Very good"], "rating_nps": ["Poor"]}
    )
    pooled = tt.waves.pool({"w1": (first, one), "w2": (second, two)}, harmonise=mapping)
    assert pooled.data["rating_crc"].tolist() == ["Good", "Poor", "Good"]
    assert pooled.data["rating_nps"].tolist() == ["Poor", "Poor", "Poor"]


def test_the_overlaps_own_change_has_the_paired_interval() -> None:
    result = tt.waves.compare_overlapping(20, 100, 30, 100, both=[[10, 5], [12, 33]])
    alone = tt.waves.compare_overlapping(15, 60, 22, 60, both=[[10, 5], [12, 33]])
    assert alone.test == "paired"
    assert result.paired_difference_ci == alone.difference_ci
    row = result.to_frame().loc["paired_difference"]
    assert (row["ci_low"], row["ci_high"]) == alone.difference_ci
    independent = tt.waves.compare_overlapping(20, 100, 30, 100, both=[[0, 0], [0, 0]])
    assert all(math.isnan(v) for v in independent.paired_difference_ci)


def test_a_pooled_id_that_would_hide_a_question_of_the_wave_is_refused() -> None:
    both = tt.Survey.from_dict(
        {
            "title": "2",
            "questions": [
                {"id": "change5", "type": "ordinal", "text": "?", "options": SCALE_5},
                {"id": "change", "type": "single", "text": "Other?", "options": ["Yes", "No"]},
            ],
        }
    )
    with pytest.raises(
        tt.CodebookError,
        match=r"wave 'w2', question 'change': the pooled "
        r"question 'change' is declared from 'change5' in this wave",
    ):
        Harmonisation.from_dict(MAP).resolve({"w1": W1, "w2": both})


def test_ids_that_never_match_across_waves_are_noted() -> None:
    waves = _waves()
    two, survey = waves["w2"]
    waves["w2"] = (two.assign(org=["X101", "X102", "X103"]), survey)
    pooled = tt.waves.pool(waves, harmonise=MAP, id="org")
    assert pooled.in_both("w1", "w2") == ()
    assert pooled.notes[-1] == (
        "No org appears in more than one wave: the waves are compared as independent samples. "
        "Check that org holds the same ids in every wave (types: {'w1': ['str'], 'w2': ['str']})."
    )
    # Ids of different kinds can never match: refused, naming the kinds.
    waves["w2"] = (two.assign(org=[101, 102, 103]), survey)
    match = r"'org' is text in wave 'w1' \(\['A', 'B', 'C'\]\); numbers in wave 'w2'"
    with pytest.raises(tt.InvalidDataError, match=match):
        tt.waves.pool(waves, harmonise=MAP, id="org")


# -- wave labels that would clash --------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("All", r"(?s)wave 'All' is the label of the total column of tables \('All'\).*Hint: "),
        ("Total", r"wave 'Total' is the label of the total column of tables \('Total'\)"),
        ("all", r"wave 'all' is the label of the total column"),
        ("2015/05", r"(?s)wave '2015/05' contains '/'.*use e.g. '2015-05'"),
        ("May: early", r"(?s)wave 'May: early' contains ': '.*use e.g. 'May - early'"),
        ("<skipped>", r"wave '<skipped>' is a missing-value marker"),
        (" w1", r"(?s)wave ' w1' has spaces at either end.*use 'w1'"),
        ("", r"wave '' is blank"),
    ],
)
def test_pool_refuses_a_wave_label_that_would_clash(label: str, message: str) -> None:
    waves = _waves()
    renamed = {label: waves["w1"], "w2": waves["w2"]}
    with pytest.raises(tt.InvalidOptionError, match=message):
        tt.waves.pool(renamed, id="org")
    with pytest.raises(tt.CodebookError, match=r"(?s)harmonisation: wave .*Hint: rename the wave"):
        Harmonisation.from_dict({"waves": [label, "w2"]})


def test_pool_refuses_waves_whose_labels_are_the_same_as_text() -> None:
    waves = _waves()
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"waves \[2015, '2015'\] have the same label once written as text",
    ):
        tt.waves.pool({2015: waves["w1"], "2015": waves["w2"]})  # type: ignore[dict-item]


def test_a_wave_called_all_2015_pools_and_tabulates() -> None:
    waves = _waves()
    mapping = {**MAP, "waves": ["All 2015", "w2"]}
    mapping["questions"] = [
        {
            **MAP["questions"][0],
            "waves": {
                "All 2015": MAP["questions"][0]["waves"]["w1"],
                "w2": MAP["questions"][0]["waves"]["w2"],
            },
        }
    ]
    pooled = tt.waves.pool({"All 2015": waves["w1"], "w2": waves["w2"]}, harmonise=mapping)
    assert tt.waves.trend(pooled, "change").counts.columns.tolist() == ["All 2015", "w2"]


# -- nets through a harmonisation --------------------------------------------------------------


def _netted() -> tuple[dict[str, tuple[pd.DataFrame, tt.Survey]], dict[str, Any]]:
    nets = {"Top 2": ["Much better", "Better"], "Bottom 2": ["Worse", "Much worse"]}
    two = _survey(
        {"id": "change5", "type": "ordinal", "text": "?", "options": SCALE_5, "nets": nets}
    )
    waves = _waves()
    return {"w1": waves["w1"], "w2": (waves["w2"][0], two)}, MAP


def test_nets_whose_options_were_merged_are_left_out_with_a_note() -> None:
    waves, mapping = _netted()
    pooled = tt.waves.pool(waves, harmonise=mapping, id="org")
    # "Much better" and "Better" became "Better": the net's options are gone
    assert pooled.survey.question("change").nets == ()
    assert pooled.harmonised.question("change").dropped_nets == ("Top 2", "Bottom 2")
    assert any("nets ['Top 2', 'Bottom 2'] left out" in n for n in pooled.notes)
    # the pooled codebook is a valid codebook again
    assert tt.Survey.from_dict(pooled.survey.to_dict()).question("change").labels == (
        "Better",
        "Not better",
    )
    with pytest.raises(tt.QuestionNotFoundError, match=r"option\(s\) \['Top 2'\] are not among"):
        tt.waves.change(pooled, "change", "Top 2")


def test_nets_declared_in_the_map_are_the_pooled_questions_nets() -> None:
    waves, mapping = _netted()
    question = {**mapping["questions"][0], "nets": {"Any answer": ["Better", "Not better"]}}
    pooled = tt.waves.pool(waves, harmonise={**mapping, "questions": [question]}, id="org")
    assert pooled.survey.question("change").nets == (("Any answer", ("Better", "Not better")),)
    result = tt.waves.change(pooled, "change", "Any answer")
    assert (result.count1, result.base1, result.count2, result.base2) == (3, 3, 3, 3)


@pytest.mark.parametrize(
    ("nets", "message"),
    [
        ({"Top": ["Best"]}, r"net 'Top' is made of \['Best'\], which are not common options"),
        ({"Better": ["Better"]}, r"net 'Better' has the label of a common option"),
        ({"Top": []}, r"net 'Top' has no options"),
        (["Better"], r"`nets` must be a table"),
    ],
)
def test_declared_nets_are_checked(nets: Any, message: str) -> None:
    question = {**MAP["questions"][0], "nets": nets}
    with pytest.raises(tt.CodebookError, match=message):
        Harmonisation.from_dict({**MAP, "questions": [question]})


def test_a_net_with_an_option_outside_the_base_is_refused_not_trimmed() -> None:
    survey = _survey(
        {
            "id": "view",
            "type": "single",
            "text": "?",
            "options": ["Yes", "No", {"label": "Don't know", "dont_know": True}],
            "nets": {"Not no": ["Yes", "Don't know"]},
        }
    )
    one = pd.DataFrame({"respondent_id": [1, 2], "org": ["A", "B"], "view": ["Yes", "No"]})
    two = pd.DataFrame({"respondent_id": [1, 2], "org": ["A", "B"], "view": ["No", "Don't know"]})
    pooled = tt.waves.pool({"w1": (one, survey), "w2": (two, survey)}, id="org")
    assert tt.waves.change(pooled, "view", "Not no").count2 == 1
    with pytest.raises(
        tt.QuestionNotFoundError,
        match=r"net 'Not no' is made of \['Yes', \"Don't know\"\], but \[\"Don't know\"\] are "
        r"not in the base",
    ):
        tt.waves.change(pooled, "view", "Not no", dont_know="exclude")


def test_a_repeated_id_is_named_by_position_when_the_index_repeats() -> None:
    # Two frames stacked keep their labels: the rows were named "[0, 0]".
    waves = _waves()
    one, survey = waves["w1"]
    stacked = pd.concat([one, one.iloc[:1]])
    waves["w1"] = (stacked, survey)
    last = len(stacked) - 1
    first_id = one["org"].iloc[0]
    with pytest.raises(
        tt.SurveyValidationError,
        match=rf"repeated \(ids \['{first_id}'\]\) in rows \[0, {last}\] \(0-based positions\)",
    ):
        tt.waves.pool(waves, harmonise=MAP, id="org")


def _one_question_waves(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    surveys = [
        tt.Survey.from_dict({"title": "T", "questions": questions})
        for questions in (first["questions"], second["questions"])
    ]
    return {"2015": (first["data"], surveys[0]), "2016": (second["data"], surveys[1])}


def test_waves_that_flag_dont_know_differently_need_a_map() -> None:
    # Before: wave 2's flag applied to wave 1, whose trend column then left out answers
    # its own codebook counts (base 2 and Yes 50% instead of 4 and 25%).
    data = pd.DataFrame({"respondent_id": [1, 2, 3, 4], "v": ["Yes", "No", "Don't know", "No"]})
    plain = {"id": "v", "type": "single", "text": "V?", "options": ["Yes", "No", "Don't know"]}
    flagged = {**plain, "options": ["Yes", "No", {"label": "Don't know", "dont_know": True}]}
    waves = _one_question_waves(
        {"questions": [plain], "data": data}, {"questions": [flagged], "data": data}
    )
    with pytest.raises(tt.CodebookError, match=r"marks \[\] as don't know, where wave '2016'"):
        tt.waves.pool(waves)


@pytest.mark.parametrize(
    "harmonise",
    [
        {"waves": ["2015", "2016"], "questions": [{"id": "v", "routing_differs": True}]},
        {"waves": ["2015", "2016"],
         "questions": [{"id": "v", "options": ["Yes", "No"], "routing_differs": True}]},
    ],
)  # fmt: skip
def test_waves_routed_differently_say_who_each_asked(harmonise: dict[str, Any]) -> None:
    # Before: the base line gave the latest wave's routing for every wave, with a map
    # (declared questions) or without. Routing that differs must now be declared
    # (tests/test_waves_hostile.py: refused otherwise).
    funded = {"id": "f", "type": "single", "text": "F?", "options": ["Yes", "No"]}
    asked = {"id": "v", "type": "single", "text": "V?", "options": ["Yes", "No"]}
    routed = {**asked, "ask_if": {"question": "f", "in": ["Yes"]}}
    data = pd.DataFrame({"respondent_id": [1, 2, 3], "f": ["Yes", "No", "No"], "v": "No"})
    later = data.assign(v=["Yes", "<not asked>", "<not asked>"])
    waves = _one_question_waves(
        {"questions": [funded, asked], "data": data}, {"questions": [funded, routed], "data": later}
    )
    table = tt.waves.trend(tt.waves.pool(waves, harmonise=harmonise), "v")
    assert table.base_description == (
        "those each wave asked (2015: all respondents; 2016: respondents for whom f is "
        "'Yes') who answered"
    )
    assert table.bases.tolist() == [3, 1]


def test_a_reworded_question_is_pooled_with_a_note() -> None:
    # Before: "Are you funded?" and "Are you NOT funded?" were pooled without a word.
    data = pd.DataFrame({"respondent_id": [1, 2], "v": ["Yes", "No"]})
    before = _survey({"id": "v", "type": "single", "text": "Are you funded?",
                      "options": ["Yes", "No"]})  # fmt: skip
    after = _survey({"id": "v", "type": "single", "text": "Are you  NOT funded?",
                     "options": ["Yes", "No"]})  # fmt: skip
    pooled = tt.waves.pool({"2015": (data, before), "2016": (data, after)})
    assert ("v: worded differently across the waves (2015: 'Are you funded?'; "
            "2016: 'Are you NOT funded?').") in pooled.notes  # fmt: skip
    same = tt.waves.pool({"2015": (data, before), "2016": (data, before)})
    assert not any("worded" in note for note in same.notes)


def test_a_multi_question_in_renamed_columns_is_named_as_such() -> None:
    # Before: "multi ['a', 'b'] against multi ['a', 'b']", and a hint (map=) that the
    # harmonisation then refused for a multi question.
    def multi(prefix: str) -> tt.Survey:
        options = [{"label": k, "column": f"{prefix}_{k}"} for k in "ab"]
        return _survey({"id": "m", "type": "multi", "text": "M", "options": options})

    first = pd.DataFrame({"respondent_id": [1], "x_a": [1], "x_b": [0]})
    second = pd.DataFrame({"respondent_id": [1], "m_a": [1], "m_b": [0]})
    with pytest.raises(tt.CodebookError, match=r"(?s)columns \['x_a', 'x_b'\], where wave '2016'.*"
                       r"\['m_a', 'm_b'\].*rename") as error:  # fmt: skip
        tt.waves.pool({"2015": (first, multi("x")), "2016": (second, multi("m"))})
    assert "map =" not in str(error.value)
    renamed = first.rename(columns={"x_a": "m_a", "x_b": "m_b"})
    pooled = tt.waves.pool({"2015": (renamed, multi("m")), "2016": (second, multi("m"))})
    assert len(pooled.data) == 2


def test_a_declared_map_needs_dont_know_when_the_waves_flag_it_differently() -> None:
    # Before: without `dont_know` in the map the latest wave's flags held for every wave:
    # wave 1's "Not sure", an answer there, became a don't know and left its base.
    data = pd.DataFrame({"respondent_id": [1, 2, 3, 4], "v": ["Yes", "No", "Not sure", "No"]})
    earlier = {"id": "v", "type": "single", "text": "V?", "options": ["Yes", "No", "Not sure"]}
    later = {**earlier, "options": ["Yes", "No", {"label": "Don't know", "dont_know": True}]}
    waves = _one_question_waves(
        {"questions": [earlier], "data": data},
        {"questions": [later], "data": data.replace({"Not sure": "Don't know"})},
    )
    mapped = {"id": "v", "waves": {"2015": {"map": {"Not sure": "Don't know"}}}}
    harmonise: dict[str, Any] = {"waves": ["2015", "2016"], "questions": [mapped]}
    with pytest.raises(tt.CodebookError, match=r"(?s)marks \[\] as don't know.*dont_know = "):
        tt.waves.pool(waves, harmonise=harmonise)
    declared = {**mapped, "dont_know": ["Don't know"]}
    pooled = tt.waves.pool(waves, harmonise={**harmonise, "questions": [declared]})
    assert pooled.survey.question("v").dont_know == ("Don't know",)

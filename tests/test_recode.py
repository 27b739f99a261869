"""Unit tests of tracktr.recode: known recodings, missing markers, errors and purity."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr import recode
from tracktr.missing import NOT_ASKED, REFUSED, SKIPPED

# Graph 10 of the 2016 report: impact of TR on service users (five points + don't know).
IMPACT = ["Very positive", "Positive", "No impact", "Negative", "Very negative", "Don't know"]
IMPACT_NETS = {
    "Positive or very positive": ["Very positive", "Positive"],
    "No impact": "No impact",
    "Negative or very negative": ["Negative", "Very negative"],
    "Don't know": "Don't know",
}
# Table 3 of the 2016 report: income bands as printed.
INCOME_EDGES = [100_000, 250_000, 500_000, 1_000_000, 5_000_000, 10_000_000]
INCOME_LABELS = [
    "Under £100,000",
    "£100,000 - £250,000",
    "£250,000 - £500,000",
    "£500,000 - £1m",
    "£1m - £5m",
    "£5m - £10m",
    "Over £10m",
]


def ordinal(
    values: list[object],
    categories: list[str],
    *,
    index: pd.Index | None = None,
    name: str | None = None,
) -> pd.Series:
    dtype = pd.CategoricalDtype(categories, ordered=True)
    return pd.Series(values, index=index, name=name, dtype=object).astype(dtype)


@pytest.fixture
def impact() -> pd.Series:
    return ordinal(
        ["Positive", "Negative", "Very negative", "Don't know", SKIPPED, NOT_ASKED, None],
        [*IMPACT, SKIPPED, NOT_ASKED],
        index=pd.Index([11, 12, 13, 14, 15, 16, 17], name="respondent"),
        name="service_user_impact",
    )


# -- collapse ---------------------------------------------------------------------------------


def test_collapse_groups_in_mapping_order_and_keeps_markers(impact: pd.Series) -> None:
    before = impact.copy()
    out = recode.collapse(impact, IMPACT_NETS)
    assert out.tolist()[:6] == [
        "Positive or very positive",
        "Negative or very negative",
        "Negative or very negative",
        "Don't know",
        SKIPPED,
        NOT_ASKED,
    ]
    assert pd.isna(out.iloc[6])
    assert out.cat.ordered
    assert out.cat.categories.tolist() == [*IMPACT_NETS, SKIPPED, NOT_ASKED]
    assert out.index.equals(impact.index)
    assert out.name == "service_user_impact"
    pd.testing.assert_series_equal(impact, before)


def test_collapse_keeps_empty_groups_as_categories() -> None:
    out = recode.collapse(
        pd.Series(["A"]), {"Group 1": "A", "Group 2": ["B", "C"]}, options=["A", "B", "C"]
    )
    assert out.cat.categories.tolist() == ["Group 1", "Group 2"]


def test_collapse_unmapped_raises_naming_values_and_rows(impact: pd.Series) -> None:
    mapping = {"Positive": ["Very positive", "Positive"], "Negative": ["Negative"]}
    with pytest.raises(tt.UnknownValueError, match=r"'Very negative' \(row 13\)") as info:
        recode.collapse(impact, mapping)
    assert "Hint:" in str(info.value)
    assert "Don't know" in str(info.value)
    assert info.value.question == "service_user_impact"
    assert set(info.value.values) == {"Very negative", "Don't know"}
    assert set(info.value.rows) == {13, 14}


def test_collapse_other_takes_the_rest(impact: pd.Series) -> None:
    out = recode.collapse(impact, {"Positive": ["Very positive", "Positive"]}, other="Other")
    assert out.tolist()[:4] == ["Positive", "Other", "Other", "Other"]
    assert out.cat.categories.tolist() == ["Positive", "Other", SKIPPED, NOT_ASKED]


def test_collapse_other_can_take_a_place_in_the_mapping() -> None:
    out = recode.collapse(pd.Series(["a", "b", "z"]), {"Other": [], "A": "a"}, other="Other")
    assert out.cat.categories.tolist() == ["Other", "A"]
    assert out.tolist() == ["A", "Other", "Other"]


def test_collapse_rejects_overlapping_groups() -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)'b' is in two groups.*nets\(\)"):
        recode.collapse(pd.Series(["a"]), {"X": ["a", "b"], "Y": ["b"]})


def test_collapse_rejects_misspelt_categorical_member(impact: pd.Series) -> None:
    with pytest.raises(
        tt.InvalidOptionError, match=r"names 'Postive', which is not among its options"
    ):
        recode.collapse(impact, {"P": ["Postive"]}, other="Rest")


def test_collapse_rejects_marker_groups() -> None:
    with pytest.raises(tt.InvalidOptionError, match="missing marker"):
        recode.collapse(pd.Series(["a"]), {SKIPPED: ["a"]})


def test_collapse_plain_strings_and_default_string_dtype() -> None:
    series = pd.Series(["yes", "no", "yes"], index=["x", "y", "z"])
    out = recode.collapse(series, {"Yes": "yes", "No": "no"})
    assert out.tolist() == ["Yes", "No", "Yes"]
    assert list(out.index) == ["x", "y", "z"]


# -- nets -------------------------------------------------------------------------------------


def test_nets_adds_columns_beside_options(impact: pd.Series) -> None:
    frame = recode.nets(
        impact,
        {
            "Positive or very positive": ["Very positive", "Positive"],
            "Negative or very negative": ["Negative", "Very negative"],
        },
    )
    assert frame.columns.tolist() == [
        *IMPACT,
        "Positive or very positive",
        "Negative or very negative",
    ]
    assert frame.loc[11, "Positive"] == 1
    assert frame.loc[11, "Positive or very positive"] == 1
    assert frame.loc[13, "Negative or very negative"] == 1
    assert frame.loc[14, "Don't know"] == 1
    nets_of_14 = frame.loc[14, ["Positive or very positive", "Negative or very negative"]]
    assert list(nets_of_14) == [0, 0]
    assert set(frame.loc[15]) == {SKIPPED}
    assert set(frame.loc[16]) == {NOT_ASKED}
    assert frame.loc[17].isna().all()  # a blank answer stays blank


def test_nets_tabulate_as_multi_response(impact: pd.Series) -> None:
    frame = recode.nets(impact, {"Any negative": ["Negative", "Very negative"]})
    table = tt.multi_response(frame, "impact", columns=list(frame.columns))
    assert table.counts["All"].tolist() == [0, 1, 0, 1, 1, 1, 2]
    assert int(table.bases["All"]) == 4


def test_nets_errors(impact: pd.Series) -> None:
    with pytest.raises(tt.InvalidOptionError, match="same label as an option"):
        recode.nets(impact, {"Positive": ["Very positive"]})
    with pytest.raises(tt.InvalidOptionError, match=r"names \['Good'\]"):
        recode.nets(impact, {"Any": ["Good"]})
    with pytest.raises(tt.UnknownValueError, match="'maybe'"):
        recode.nets(pd.Series(["yes", "maybe"]), {"Y": "yes"}, options=["yes", "no"])


# -- reverse ----------------------------------------------------------------------------------


def test_reverse_keeps_dont_know_and_markers_in_place(impact: pd.Series) -> None:
    out = recode.reverse(impact)
    assert out.cat.categories.tolist() == [
        "Very negative",
        "Negative",
        "No impact",
        "Positive",
        "Very positive",
        "Don't know",
        SKIPPED,
        NOT_ASKED,
    ]
    assert out.astype(object).equals(impact.astype(object))
    assert out.cat.ordered
    pd.testing.assert_series_equal(recode.reverse(out), impact)


def test_reverse_dont_know_in_the_middle_stays_put() -> None:
    series = ordinal(["A"], ["A", "Don't know", "B", "C"])
    out = recode.reverse(series)
    assert out.cat.categories.tolist() == ["C", "Don't know", "B", "A"]


def test_reverse_with_scale_for_plain_labels() -> None:
    series = pd.Series(["Agree", "Disagree", "Don't know", SKIPPED])
    out = recode.reverse(series, scale=["Agree", "Neither", "Disagree"])
    assert out.cat.categories.tolist() == ["Disagree", "Neither", "Agree", "Don't know", SKIPPED]
    assert out.tolist() == ["Agree", "Disagree", "Don't know", SKIPPED]


def test_reverse_errors() -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)not an ordered categorical.*Hint"):
        recode.reverse(pd.Series(["a", "b"], name="q"))
    with pytest.raises(tt.UnknownValueError, match=r"'Maybe' \(row 1\)"):
        recode.reverse(pd.Series(["Agree", "Maybe"]), scale=["Agree", "Disagree"])


# -- band -------------------------------------------------------------------------------------


def test_band_default_rule_follows_the_report_labels() -> None:
    # Table 3: "Under £100,000" excludes £100,000, which is in "£100,000 - £250,000".
    income = pd.Series(
        [0, 99_999.99, 100_000, 249_999, 250_000, 1_000_000, 9_999_999, 10_000_000, 5e7],
        index=pd.RangeIndex(1, 10, name="respondent"),
        name="income",
    )
    out = recode.band(income, INCOME_EDGES, labels=INCOME_LABELS)
    assert out.tolist() == [
        "Under £100,000",
        "Under £100,000",
        "£100,000 - £250,000",
        "£100,000 - £250,000",
        "£250,000 - £500,000",
        "£1m - £5m",
        "£5m - £10m",
        "Over £10m",
        "Over £10m",
    ]
    assert out.cat.ordered
    assert out.cat.categories.tolist() == INCOME_LABELS
    assert out.index.equals(income.index)
    assert out.name == "income"


def test_band_closed_right_puts_edges_in_the_band_below() -> None:
    out = recode.band(pd.Series([100_000, 100_001]), [100_000, 250_000], closed="right")
    assert out.tolist() == ["100,000 or less", "Over 100,000 to 250,000"]


def test_band_default_labels_state_the_rule() -> None:
    assert recode.band_labels([1, 2.5], prefix="£") == [
        "Under £1",
        "£1 to under £2.5",
        "£2.5 and over",
    ]
    assert recode.band_labels([-5, 0]) == ["Under -5", "-5 to under 0", "0 and over"]


def test_band_markers_and_blanks_pass_through() -> None:
    values = pd.Series([50, REFUSED, np.nan, 150], dtype=object)
    out = recode.band(values, [100])
    assert out.tolist()[0] == "Under 100"
    assert out.tolist()[1] == REFUSED
    assert pd.isna(out.iloc[2])
    assert out.cat.categories.tolist() == ["Under 100", "100 and over", REFUSED]


def test_band_accepts_a_list() -> None:
    assert recode.band([1, 5], [2]).tolist() == ["Under 2", "2 and over"]


def test_band_errors() -> None:
    with pytest.raises(tt.UnknownValueError, match=r"\['lots'\] are not numbers, in rows \[1\]"):
        recode.band(pd.Series([1, "lots"], dtype=object), [2])
    with pytest.raises(tt.InvalidOptionError, match="strictly increasing"):
        recode.band(pd.Series([1]), [2, 2])
    with pytest.raises(tt.InvalidOptionError, match="finite"):
        recode.band(pd.Series([1]), [2, np.inf])
    with pytest.raises(tt.InvalidOptionError, match="2 edges make 3 bands, but 2 labels"):
        recode.band(pd.Series([1]), [2, 3], labels=["a", "b"])
    with pytest.raises(tt.UnknownMethodError, match="`closed` must be one of 'left', 'right'"):
        recode.band(pd.Series([1]), [2], closed="both")  # type: ignore[call-overload]
    with pytest.raises(tt.InvalidOptionError, match="DataFrame"):
        recode.band(pd.DataFrame({"a": [1]}), [2])  # type: ignore[call-overload]


# -- multi-response shapes --------------------------------------------------------------------

FUNDERS = ["Grants", "Donations", "Contracts", "None of these"]


@pytest.fixture
def delimited() -> pd.Series:
    return pd.Series(
        ["Grants;Donations", "", NOT_ASKED, "None of these", "Contracts", None],
        index=pd.Index(list("abcdef"), name="respondent"),
        name="funders",
    )


def test_to_indicators_from_delimited(delimited: pd.Series) -> None:
    frame = recode.to_indicators(delimited, separator=";", options=FUNDERS)
    assert frame.columns.tolist() == FUNDERS
    assert list(frame.loc["a"]) == [1, 1, 0, 0]
    assert list(frame.loc["b"]) == [0, 0, 0, 0]  # ticked nothing: kept, all zeros
    assert set(frame.loc["c"]) == {NOT_ASKED}
    assert frame.loc["f"].isna().all()  # blank stays blank
    assert frame.index.equals(delimited.index)


def test_shapes_round_trip(delimited: pd.Series) -> None:
    indicators = recode.to_indicators(delimited, separator=";", options=FUNDERS)
    long = recode.to_long(indicators)
    again = recode.to_delimited(long, separator=";")
    assert again.tolist()[:5] == ["Grants;Donations", "", NOT_ASKED, "None of these", "Contracts"]
    assert pd.isna(again.iloc[5])
    pd.testing.assert_frame_equal(recode.to_indicators(long), indicators)
    pd.testing.assert_frame_equal(
        recode.to_indicators(again, separator=";", options=FUNDERS), indicators
    )


def test_to_long_layout(delimited: pd.Series) -> None:
    long = recode.to_long(delimited, separator=";", options=FUNDERS)
    assert long.index.names == ["respondent", "option"]
    assert len(long) == 6 * 4
    assert long.loc[("b", "Grants"), "ticked"] == 0
    assert long.loc[("c", "Grants"), "missing"] == NOT_ASKED
    assert not long.loc[("c", "Grants"), "answered"]
    assert long.loc[("f", "Grants"), "missing"] is None  # a blank answer: not answered
    assert not long.loc[("f", "Grants"), "answered"]
    assert long.loc[("b", "Grants"), "answered"]  # ticked nothing: answered
    assert long.loc[("a", "Donations"), "missing"] is None
    assert list(pd.CategoricalIndex(long.index.get_level_values("option")).categories) == FUNDERS


def test_to_delimited_orders_by_options_and_tabulates(delimited: pd.Series) -> None:
    text = recode.to_delimited(delimited, separator=";", options=list(reversed(FUNDERS)))
    assert text.iloc[0] == "Donations;Grants"
    table = tt.multi_response(
        pd.DataFrame({"funders": text}), "funders", options=FUNDERS, separator=";"
    )
    assert table.counts["All"].tolist() == [1, 1, 1, 1]


def test_indicators_accept_bool_and_float() -> None:
    frame = pd.DataFrame({"A": [True, False], "B": [1.0, 0.0]})
    assert recode.to_delimited(frame).tolist() == ["A;B", ""]


def test_exclusive_option_ticked_with_others_is_an_error() -> None:
    series = pd.Series(["None of these;Grants", "Grants"], index=[101, 102])
    with pytest.raises(tt.MultiResponseError, match=r"(?s)'None of these'.*rows 101.*Hint"):
        recode.to_indicators(series, separator=";", options=FUNDERS, exclusive=["None of these"])
    with pytest.raises(tt.InvalidOptionError, match="exclusive option 'Nothing'"):
        recode.to_long(series, separator=";", options=FUNDERS, exclusive=["Nothing"])


def test_multi_response_errors() -> None:
    with pytest.raises(tt.InvalidOptionError, match="needs `separator=`"):
        recode.to_indicators(pd.Series(["a"]))
    with pytest.raises(tt.UnknownValueError, match=r"'Loans' \(row 0\)"):
        recode.to_indicators(pd.Series(["Loans"]), separator=";", options=FUNDERS)
    with pytest.raises(tt.MultiResponseError, match=r"(?s)neither 0/1.*2 \(row 'x'\).*fillna"):
        recode.to_delimited(pd.DataFrame({"A": [2]}, index=["x"]))
    with pytest.raises(tt.MultiResponseError, match="fillna"):
        recode.to_delimited(pd.DataFrame({"A": [1, np.nan], "B": [np.nan, 1]}))
    with pytest.raises(tt.InvalidOptionError, match="contains the separator"):
        recode.to_delimited(pd.DataFrame({"A;B": [1]}))
    with pytest.raises(tt.UnknownValueError, match="not text"):
        recode.to_long(pd.Series([1, "a"], dtype=object), separator=";")
    long = recode.to_long(pd.Series(["a", "b"]), separator=";")
    with pytest.raises(tt.MultiResponseError, match="one row per respondent and option"):
        recode.to_indicators(long.iloc[1:])


def test_shape_converters_do_not_mutate(delimited: pd.Series) -> None:
    before = delimited.copy()
    frame = recode.to_indicators(delimited, separator=";", options=FUNDERS)
    frame_before = frame.copy()
    recode.to_long(frame)
    recode.to_delimited(frame)
    pd.testing.assert_series_equal(delimited, before)
    pd.testing.assert_frame_equal(frame, frame_before)


# -- other (please specify) -------------------------------------------------------------------


def test_other_specify_literal_and_regex_rules() -> None:
    answers = pd.Series(
        ["Big LOTTERY fund", "pcc grant", "Police  and crime commissioner", "rent", SKIPPED],
        index=pd.Index([1, 2, 3, 4, 5], name="respondent"),
        name="funding_other",
    )
    before = answers.copy()
    result = recode.other_specify(
        answers,
        {
            "Trusts and foundations": ["lottery", "trust"],
            "PCC": [re.compile(r"\bpcc\b"), "police and crime"],
        },
    )
    assert result.series.tolist() == [
        "Trusts and foundations",
        "PCC",
        "PCC",
        "rent",
        SKIPPED,
    ]
    assert result.unmatched.to_dict() == {4: "rent"}
    assert result.codes.index.tolist() == [1, 2, 3, 4]
    frame = result.to_frame()
    assert frame.columns.tolist() == ["answer", "code", "rule", "matched"]
    assert frame.loc[2, "rule"] == "re.compile('\\\\bpcc\\\\b')"
    assert frame.loc[3, "rule"] == "'police and crime'"
    assert frame.loc[3, "answer"] == "Police  and crime commissioner"
    assert repr(result) == "OtherSpecifyResult(question='funding_other', matched=3, unmatched=1)"
    pd.testing.assert_series_equal(answers, before)
    with pytest.raises(dataclasses_frozen_error()):
        result.series = answers  # type: ignore[misc]


def dataclasses_frozen_error() -> type[Exception]:
    import dataclasses

    return dataclasses.FrozenInstanceError


def test_other_specify_first_code_wins_and_bad_rules() -> None:
    result = recode.other_specify(pd.Series(["trust lottery"]), {"A": "lottery", "B": "trust"})
    assert result.series.tolist() == ["A"]
    with pytest.raises(tt.InvalidOptionError, match="non-empty string"):
        recode.other_specify(pd.Series(["x"]), {"A": ""})


# -- missing ----------------------------------------------------------------------------------


def test_missing_numbers_and_report() -> None:
    staff = pd.Series([12, -99, -98, 3, np.nan], index=list("abcde"), name="staff")
    before = staff.copy()
    result = recode.missing(staff, {-99: "refused", -98: "not_asked"})
    assert result.series.tolist()[:4] == [12, REFUSED, NOT_ASKED, 3]
    assert pd.isna(result.series.iloc[4])
    assert result.changes.index.tolist() == ["b", "c"]
    assert result.changes["kind"].tolist() == ["refused", "not_asked"]
    assert result.counts == {"refused": 1, "not_asked": 1}
    assert repr(result) == "MissingResult(question='staff', changed=2: refused 1, not_asked 1)"
    pd.testing.assert_series_equal(staff, before)


def test_missing_text_exact_match_and_blank_key() -> None:
    series = pd.Series(["N/A", "-99", "", None, "Yes"])
    result = recode.missing(series, {"N/A": "not_asked", "": "skipped", None: "skipped"})
    assert result.series.tolist() == [NOT_ASKED, "-99", SKIPPED, SKIPPED, "Yes"]
    assert len(result.to_frame()) == 3


def test_missing_categorical_swaps_sentinel_categories_for_markers() -> None:
    series = ordinal(["Small", "Refused", "Large"], ["Small", "Large", "Refused"])
    result = recode.missing(series, {"Refused": "refused"})
    assert result.series.cat.categories.tolist() == ["Small", "Large", REFUSED]
    assert result.series.cat.ordered
    assert result.series.tolist() == ["Small", REFUSED, "Large"]


def test_missing_leaves_markers_alone_and_rejects_bad_kinds() -> None:
    result = recode.missing(pd.Series([SKIPPED, "x"]), {"x": "refused"})
    assert result.series.tolist() == [SKIPPED, REFUSED]
    assert len(result.changes) == 1
    with pytest.raises(tt.UnknownMethodError, match="`kind` must be one of"):
        recode.missing(pd.Series([1]), {1: "lost"})  # type: ignore[dict-item]


def test_missing_nothing_to_change() -> None:
    result = recode.missing(pd.Series([1, 2]), {-99: "refused"})
    assert repr(result) == "MissingResult(question=None, changed=0)"
    assert result.series.tolist() == [1, 2]


# -- derived variables ------------------------------------------------------------------------


def test_supply_chain_status() -> None:
    funding = pd.Series(
        [
            "Funded by a CRC",
            "Funded by the NPS",
            "Not funded by a CRC or the NPS",
            SKIPPED,
        ],
        index=pd.Index([1, 2, 3, 4], name="respondent"),
        name="main_funding",
    )
    status = recode.supply_chain_status(funding)
    assert status.tolist() == [
        recode.CRC_FUNDED,
        recode.NPS_FUNDED,
        recode.OUTSIDE_SUPPLY_CHAINS,
        SKIPPED,
    ]
    assert status.name == "supply_chain_status"
    assert status.cat.categories.tolist()[:3] == [
        "CRC-funded",
        "NPS-funded",
        "Outside supply chains",
    ]
    with pytest.raises(tt.UnknownValueError, match=r"'Lottery' \(row 9\)"):
        recode.supply_chain_status(pd.Series(["Lottery"], index=[9]))


def test_recode_is_reachable_from_the_package() -> None:
    assert tt.recode.collapse is recode.collapse
    assert "recode" in tt.__all__


# -- codebook-aware forms ---------------------------------------------------------------------


@pytest.fixture
def survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "Recoding demo",
            "questions": [
                {
                    "id": "main_funding",
                    "type": "single",
                    "text": "What is the main way in which you are funded?",
                    "options": [
                        "Funded by a CRC",
                        "Funded by the NPS",
                        "Not funded by a CRC or the NPS",
                    ],
                },
                {
                    "id": "impact",
                    "type": "ordinal",
                    "text": "How has TR impacted on your service users?",
                    "options": [
                        *[{"code": i, "label": label} for i, label in enumerate(IMPACT[:5], 1)],
                        {"code": 9, "label": "Don't know", "dont_know": True},
                    ],
                    "ask_if": {"question": "main_funding", "in": ["Funded by a CRC"]},
                },
                {
                    "id": "income",
                    "type": "numeric",
                    "text": "What was your income?",
                    "min": 0,
                    "bands": [
                        {"label": "Under £100,000", "min": 0, "max": 100_000},
                        {"label": "£100,000 - £250,000", "min": 100_000, "max": 250_000},
                        {"label": "Over £250,000", "min": 250_000},
                    ],
                },
                {
                    "id": "funders",
                    "type": "multi",
                    "text": "Who funds you?",
                    "options": [
                        "Grants",
                        "Donations",
                        {"code": 9, "label": "None of these", "exclusive": True},
                    ],
                },
            ],
        }
    )


@pytest.fixture
def responses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "respondent_id": [1, 2, 3],
            "main_funding": ["Funded by a CRC", "Funded by a CRC", "Funded by the NPS"],
            "impact": ["Very negative", "Don't know", NOT_ASKED],
            "income": [100_000, 5_000, 300_000],
            "funders_1": [1, 0, 0],
            "funders_2": [1, 0, 0],
            "funders_9": [0, 0, 1],
        }
    )


def test_collapse_question_validates_like_any_other(
    survey: tt.Survey, responses: pd.DataFrame
) -> None:
    recoded = recode.collapse(
        responses["impact"],
        IMPACT_NETS | {"No impact": "No impact"},
        question=survey.question("impact"),
        name="impact_net",
    )
    assert isinstance(recoded, recode.Recoded)
    question = recoded.question
    assert question.id == "impact_net"
    assert question.type == "ordinal"
    assert question.labels == tuple(IMPACT_NETS)
    assert question.dont_know == ("Don't know",)
    assert question.ask_if == survey.question("impact").ask_if
    assert "Positive or very positive = Very positive + Positive" in (question.note or "")
    assert recoded.series.name == "impact_net"
    new_survey = recoded.update(survey)
    assert survey.question("impact").id == "impact"  # the old survey is unchanged
    validated = new_survey.validate(recoded.assign(responses))
    assert validated["impact_net"].tolist() == [
        "Negative or very negative",
        "Don't know",
        NOT_ASKED,
    ]
    table = tt.frequencies(validated, "impact_net", survey=new_survey)
    assert table.counts.iloc[:, 0].tolist() == [0, 0, 1, 1]


def test_collapse_question_checks_labels_and_type(survey: tt.Survey) -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"names \['Good'\].*options of question"):
        recode.collapse(
            pd.Series(["Positive"]),
            {"Good": ["Good"]},
            other="x",
            question=survey.question("impact"),
        )
    with pytest.raises(tt.InvalidOptionError, match=r"type 'single' or 'ordinal'.*'numeric'"):
        recode.collapse(pd.Series([1]), {"a": "b"}, question=survey.question("income"))


def test_supply_chain_status_question(survey: tt.Survey, responses: pd.DataFrame) -> None:
    recoded = recode.supply_chain_status(
        responses["main_funding"], question=survey.question("main_funding")
    )
    assert recoded.question.id == "supply_chain_status"
    assert recoded.question.type == "single"
    assert recoded.question.text.startswith("Supply-chain status, derived from:")
    new_survey = recoded.update(survey)
    validated = new_survey.validate(recoded.assign(responses))
    table = tt.frequencies(validated, "supply_chain_status", survey=new_survey)
    assert table.counts.iloc[:, 0].tolist() == [2, 1, 0]


def test_reverse_question_keeps_codes(survey: tt.Survey, responses: pd.DataFrame) -> None:
    recoded = recode.reverse(responses["impact"], question=survey.question("impact"))
    labels = recoded.question.labels
    assert labels == (
        "Very negative",
        "Negative",
        "No impact",
        "Positive",
        "Very positive",
        "Don't know",
    )
    assert [o.code for o in recoded.question.options] == [5, 4, 3, 2, 1, 9]
    assert recoded.series.cat.categories.tolist()[:6] == list(labels)
    new_survey = recoded.update(survey)
    validated = new_survey.validate(recoded.assign(responses))
    assert validated["impact"].cat.categories.tolist()[:6] == list(labels)
    with pytest.raises(tt.InvalidOptionError, match="type 'ordinal'"):
        recode.reverse(responses["main_funding"], question=survey.question("main_funding"))


def test_band_question_uses_codebook_bands(survey: tt.Survey, responses: pd.DataFrame) -> None:
    recoded = recode.band(
        responses["income"], question=survey.question("income"), name="income_band"
    )
    assert recoded.series.tolist() == ["£100,000 - £250,000", "Under £100,000", "Over £250,000"]
    assert recoded.question.type == "ordinal"
    assert recoded.question.labels == (
        "Under £100,000",
        "£100,000 - £250,000",
        "Over £250,000",
    )
    new_survey = recoded.update(survey)
    new_survey.validate(recoded.assign(responses))
    with pytest.raises(tt.InvalidOptionError, match="contradicts them"):
        recode.band(responses["income"], question=survey.question("income"), closed="right")
    with pytest.raises(tt.InvalidOptionError, match="needs `edges`"):
        recode.band(responses["income"])
    explicit = recode.band(responses["income"], [200_000], question=survey.question("income"))
    assert explicit.question.labels == ("Under 200,000", "200,000 and over")


def test_multi_shapes_with_question(survey: tt.Survey, responses: pd.DataFrame) -> None:
    question = survey.question("funders")
    delimited = recode.to_delimited(responses, question=question)
    assert delimited.series.tolist() == ["Grants;Donations", "", "None of these"]
    assert delimited.question.columns == ("funders",)
    survey_delimited = delimited.update(survey)
    frame = delimited.assign(responses.drop(columns=list(question.columns)))
    survey_delimited.validate(frame)
    back = recode.to_indicators(frame["funders"], question=survey_delimited.question("funders"))
    assert back.data.columns.tolist() == ["funders_1", "funders_2", "funders_9"]
    assert isinstance(back.data, pd.DataFrame)
    pd.testing.assert_frame_equal(
        back.data.astype("int64"), responses[["funders_1", "funders_2", "funders_9"]]
    )
    long = recode.to_long(responses, question=question)
    assert long["ticked"].sum() == 3
    bad = responses.assign(funders_1=[1, 0, 1])
    with pytest.raises(tt.MultiResponseError, match="None of these"):
        recode.to_delimited(bad, question=question)
    with pytest.raises(tt.InvalidOptionError, match="type 'multi'"):
        recode.to_long(responses, question=survey.question("impact"))


def test_nets_question(survey: tt.Survey, responses: pd.DataFrame) -> None:
    recoded = recode.nets(
        responses["impact"],
        {"Any negative": ["Negative", "Very negative"]},
        question=survey.question("impact"),
    )
    assert recoded.question.id == "impact_nets"
    assert recoded.question.type == "multi"
    assert recoded.question.labels[-1] == "Any negative"
    assert recoded.data.columns.tolist() == list(recoded.question.columns)
    new_survey = recoded.update(survey)
    validated = new_survey.validate(recoded.assign(responses))
    table = tt.multi_response(validated, "impact_nets", survey=new_survey)
    assert table.counts.iloc[:, 0].tolist() == [0, 0, 0, 0, 1, 1, 1]
    assert int(table.bases.iloc[0]) == 2


def test_recoded_result() -> None:
    question = tt.SingleQuestion("yes", "Yes?", options=tt.survey.options(["y", "n"]))
    recoded = recode.collapse(pd.Series(["y", "n"]), {"Yes": "y", "No": "n"}, question=question)
    assert repr(recoded) == "Recoded(question='yes', type='single', options=2, rows=2)"
    with pytest.raises(tt.InvalidOptionError, match="other rows"):
        recoded.assign(pd.DataFrame({"a": [1]}))
    frame = recode.to_indicators(
        pd.Series(["a"]),
        separator=";",
        question=tt.MultiQuestion("m", "M?", options=tt.survey.options(["a", "b"])),
    )
    with pytest.raises(tt.InvalidOptionError, match="no single series"):
        _ = frame.series


# -- derive -----------------------------------------------------------------------------------


def test_derive_first_rule_wins_and_missing_passes_through(responses: pd.DataFrame) -> None:
    funding = pd.Series(["Funded by a CRC", None, SKIPPED], dtype=object)
    frame = responses.assign(main_funding=funding).set_index("respondent_id")
    before = frame.copy()
    out = recode.derive(
        frame,
        {
            "CRC and worse": {
                "all": [
                    {"question": "main_funding", "in": ["Funded by a CRC"]},
                    {"question": "impact", "in": ["Negative", "Very negative"]},
                ]
            },
            "CRC": {"question": "main_funding", "in": ["Funded by a CRC"]},
            "Not CRC": {"not": {"question": "main_funding", "in": ["Funded by a CRC"]}},
        },
        name="group",
    )
    # "not" does not match respondents who skipped: missing stays missing (issue 11).
    assert out.iloc[0] == "CRC and worse"
    assert pd.isna(out.iloc[1])
    assert out.iloc[2] == SKIPPED
    assert out.index.equals(frame.index)
    assert out.cat.categories.tolist() == ["CRC and worse", "CRC", "Not CRC", SKIPPED]
    pd.testing.assert_frame_equal(frame, before)

    only_crc = recode.derive(
        frame, {"CRC": {"question": "main_funding", "in": ["Funded by a CRC"]}}, name="crc"
    )
    assert only_crc.iloc[0] == "CRC"
    assert pd.isna(only_crc.iloc[1])  # blank stays blank
    assert only_crc.iloc[2] == SKIPPED
    assert only_crc.cat.categories.tolist() == ["CRC", SKIPPED]


def test_derive_errors(responses: pd.DataFrame) -> None:
    rule = {"NPS": {"question": "main_funding", "in": ["Funded by the NPS"]}}
    with pytest.raises(
        tt.UnknownValueError,
        match=r"(?s)no rule matches.*\('Funded by a CRC',\) \(rows 0, 1\).*default=",
    ):
        recode.derive(responses, rule, name="x")
    with pytest.raises(tt.QuestionNotFoundError, match="No column 'nothing'"):
        recode.derive(responses, {"A": {"question": "nothing", "in": ["x"]}}, name="x")
    with pytest.raises(tt.CodebookError):
        recode.derive(responses, {"A": {"question": "main_funding"}}, name="x")


def test_derive_with_survey(survey: tt.Survey, responses: pd.DataFrame) -> None:
    recoded = recode.derive(
        responses,
        {"CRC": tt.survey.Is("main_funding", ("Funded by a CRC",))},
        name="crc",
        default="Other",
        survey=survey,
        text="Funded by a CRC?",
    )
    assert recoded.question.labels == ("CRC", "Other")
    assert recoded.question.text == "Funded by a CRC?"
    assert (
        recoded.question.note
        == "Derived: CRC if main_funding is 'Funded by a CRC'; Other otherwise."
    )
    recoded.update(survey).validate(recoded.assign(responses))
    with pytest.raises(tt.InvalidOptionError, match=r"names \['CRC'\]"):
        recode.derive(
            responses,
            {"A": {"question": "main_funding", "in": ["CRC"]}},
            name="x",
            survey=survey,
        )


def test_other_specify_other_closes_the_list() -> None:
    answers = pd.Series(["lottery", "rent", SKIPPED, None], index=[1, 2, 3, 4], name="other_text")
    result = recode.other_specify(answers, {"Trusts": "lottery"}, other="Other")
    assert result.series.tolist()[:3] == ["Trusts", "Other", SKIPPED]
    assert pd.isna(result.series.iloc[3])
    assert result.series.cat.categories.tolist() == ["Trusts", "Other", SKIPPED]
    assert result.unmatched.to_dict() == {2: "rent"}  # still reported
    assert result.question is None


def test_other_specify_question() -> None:
    text = tt.TextQuestion("funding_other", "Other funding (please specify)", base="all")
    answers = pd.Series(["Big Lottery", "PCC", "rent"], name="funding_other")
    result = recode.other_specify(
        answers,
        {"Trusts": ["lottery", "trust"], "PCC": re.compile(r"\bpcc\b")},
        other="Other",
        question=text,
    )
    assert result.question is not None
    assert result.question.id == "funding_other_coded"
    assert result.question.labels == ("Trusts", "PCC", "Other")
    assert result.question.base == "all"
    assert result.question.note == (
        "Coded from the text of funding_other by rules: Trusts = 'lottery', 'trust'; "
        "PCC = re.compile('\\\\bpcc\\\\b'); Other otherwise."
    )
    assert result.series.name == "funding_other_coded"
    with pytest.raises(tt.UnknownValueError, match=r"(?s)'rent' \(row 2\).*`other=`"):
        recode.other_specify(answers, {"Trusts": "lottery", "PCC": "pcc"}, question=text)


# -- acceptance: the 2016 report's recodings on the synthetic microdata -----------------------


def test_table3_from_the_synthetic_microdata() -> None:
    datasets = pytest.importorskip("tracktr.datasets")
    df = datasets.tracktr_2015()
    status = recode.supply_chain_status(df["main_funding"])
    # Graph 1 (n=135): 34 CRC-funded, 1 NPS-funded, 100 outside supply chains.
    assert tt.frequencies(status.to_frame(), "supply_chain_status").counts["All"].tolist() == [
        34,
        1,
        100,
    ]
    # Table 3, "CRC-funded respondents" (n=34), counts exactly as printed.
    table = tt.crosstab(df.assign(status=status), "income", "status")
    assert table.counts["CRC-funded"].tolist() == [2, 3, 6, 4, 7, 4, 8]
    # Text after Graph 3: a third under £250,000, 30% £250,000-£1m, a third over £1m.
    three = recode.collapse(
        df["income"],
        {
            "Under £250,000": INCOME_LABELS[:2],
            "£250,000 - £1m": INCOME_LABELS[2:4],
            "Over £1m": INCOME_LABELS[4:],
        },
    )
    counts = tt.frequencies(three.to_frame(), "income")
    assert counts.counts["All"].tolist() == [54, 46, 51]
    assert counts.percentages()["All"].tolist() == [36.0, 30.0, 34.0]


# -- issue 11: recodings that silently went wrong ---------------------------------------------


def test_collapse_names_mapping_options_that_are_not_answers() -> None:
    answers = pd.Series(["Improved a lot", "No change", "Worsened"], name="impact")
    mapping = {"Improved": ["Improved a lot", "Improved a littel"], "Rest": ["No change"]}
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)names 'Improved a littel', which is not among the answers it holds of "
        r"question 'impact'.*did you mean 'Improved a lot'\?.*`options=`",
    ):
        recode.collapse(answers, mapping, other="Worse")
    mapping["Improved"] = ["Improved a lot", "Improved a little"]
    out = recode.collapse(
        answers,
        mapping,
        other="Worse",
        options=["Improved a lot", "Improved a little", "No change", "Worsened"],
    )
    with pytest.raises(tt.InvalidOptionError, match="not among `options`"):
        recode.collapse(answers, mapping, other="Worse", options=["Improved a lot", "No change"])
    assert out.tolist() == ["Improved", "Rest", "Worse"]


def test_derive_not_leaves_missing_answers_missing() -> None:
    df = pd.DataFrame(
        {"q": ["Yes", "No", None, SKIPPED, NOT_ASKED], "r": ["a", "b", "a", "b", "a"]},
        index=pd.Index([10, 11, 12, 13, 14], name="id"),
    )
    rules = {
        "Yes": {"question": "q", "in": ["Yes"]},
        "Not yes": {"not": {"question": "q", "in": ["Yes"]}},
    }
    out = recode.derive(df, rules, name="x")
    assert out.iloc[:2].tolist() == ["Yes", "Not yes"]
    assert pd.isna(out.iloc[2])
    assert out.iloc[3:].tolist() == [SKIPPED, NOT_ASKED]
    # any(): known true when one part is; all(): known false when one part is.
    either = recode.derive(
        df,
        {
            "A or not yes": {
                "any": [
                    {"question": "r", "in": ["a"]},
                    {"not": {"question": "q", "in": ["Yes"]}},
                ]
            }
        },
        name="y",
        default="Other",
    )
    assert either.tolist() == [
        "A or not yes",
        "A or not yes",
        "A or not yes",
        "Other",
        "A or not yes",
    ]
    # A rule that names a marker asks about missingness, and "not" of it is known.
    asked = recode.derive(
        df, {"Asked": {"not": {"question": "q", "in": [NOT_ASKED]}}}, name="z", default="No"
    )
    assert asked.tolist() == ["Asked", "Asked", "Asked", "Asked", "No"]
    # A blank cell reads as skipped, in rules as in tables.
    answered = recode.derive(
        df, {"Answered": {"not": {"question": "q", "in": [SKIPPED]}}}, name="w", default="No"
    )
    assert answered.tolist() == ["Answered", "Answered", "No", "No", "Answered"]


@pytest.mark.parametrize("separator", ["", " ", "\t", "  "])
def test_to_delimited_refuses_separators_it_cannot_read_back(separator: str) -> None:
    ticks = pd.DataFrame({"Grants": [1, 0], "Big donations": [1, 1]})
    with pytest.raises(tt.InvalidOptionError, match="`separator` must be text"):
        recode.to_delimited(ticks, separator=separator)


def test_to_delimited_refuses_options_with_spaces_at_their_ends() -> None:
    ticks = pd.DataFrame({"Grants ": [1, 0], "Donations": [1, 1]})
    with pytest.raises(tt.InvalidOptionError, match="spaces at its ends"):
        recode.to_delimited(ticks, separator=";")


def test_reading_a_delimited_set_with_an_empty_separator_is_an_error() -> None:
    with pytest.raises(tt.InvalidOptionError, match="cannot split a cell"):
        recode.to_indicators(pd.Series(["a;b"]), separator="", options=["a", "b"])


@pytest.mark.parametrize("dont_know", ["Don\u2019t know", "Don\u2018t know", "don't  know"])
def test_reverse_keeps_dont_know_typed_with_any_apostrophe(dont_know: str) -> None:
    answers = pd.Series(["Worsened", dont_know, "Improved"])
    flipped = recode.reverse(answers, scale=["Improved", "No change", "Worsened"])
    assert flipped.cat.categories.tolist() == ["Worsened", "No change", "Improved", dont_know]
    assert flipped.tolist() == ["Worsened", dont_know, "Improved"]


def test_is_dont_know_is_the_one_test() -> None:
    assert tt.missing.is_dont_know("DON\u2019T KNOW")
    assert not tt.missing.is_dont_know("Don't knows")
    assert not tt.missing.is_dont_know(SKIPPED, [SKIPPED])
    assert not tt.missing.is_dont_know(None)
    df = pd.DataFrame({"q": ["Yes", "Don\u2019t know", "No"]})
    table = tt.frequencies(df, "q", options=["Yes", "No", "Don\u2019t know"], dont_know="exclude")
    assert table.counts.index.tolist() == ["Yes", "No"]
    assert table.bases["All"] == 2


def test_band_compares_values_as_the_decimals_they_stand_for() -> None:
    values = [0.1 + 0.2, 0.3, 0.30001, 0.29999]
    assert 0.1 + 0.2 > 0.3  # the float is above the edge
    right = recode.band(values, [0.3], closed="right")
    assert right.tolist() == ["0.3 or less", "0.3 or less", "Over 0.3", "0.3 or less"]
    left = recode.band(values, [0.3])
    assert left.tolist() == ["0.3 and over", "0.3 and over", "0.3 and over", "Under 0.3"]


@pytest.mark.parametrize("bad", [float("inf"), float("-inf")])
def test_band_refuses_infinity(bad: float) -> None:
    with pytest.raises(tt.UnknownValueError, match=r"\[-?inf\] are not numbers, in rows \[1\]"):
        recode.band(pd.Series([5.0, bad]), [10])


def test_band_compares_integers_and_decimals_exactly() -> None:
    from decimal import Decimal
    from fractions import Fraction

    # 2**60 + 1 is the same float as 2**60; compared exactly it is above the edge.
    big = recode.band([2**60, 2**60 + 1], [2**60], closed="right")
    assert big.tolist() == ["1,152,921,504,606,846,976 or less", "Over 1,152,921,504,606,846,976"]
    exact = recode.band([Decimal("0.3"), Fraction(3, 10), Decimal("0.3000001")], [0.3])
    assert exact.tolist() == ["0.3 and over", "0.3 and over", "0.3 and over"]
    assert recode.band([Decimal("0.2999999")], [0.3]).tolist() == ["Under 0.3"]


# -- band reads number text as the rest of the library does -----------------------------------

NUMBER_TEXT = [
    ("1,000,000", "500,000 and over"),
    ("1\u00a0000\u00a0000", "500,000 and over"),  # no-break spaces between thousands
    ("250\u202f000", "100,000 to under 500,000"),  # the narrow no-break space
    (" 250000 ", "100,000 to under 500,000"),
    ("\u00a099\u00a0", "Under 100,000"),
    ("100,000.0", "100,000 to under 500,000"),  # on the edge, read exactly
    ("-5", "Under 100,000"),
]


@pytest.mark.parametrize("dtype", [object, "string"])
@pytest.mark.parametrize(("text", "label"), NUMBER_TEXT)
def test_band_reads_number_text_as_summaries_do(text: str, label: str, dtype: object) -> None:
    # band() refused all text, even "5"; summaries read it (one reader, number_cells).
    series = pd.Series([text, REFUSED, None], dtype=dtype, name="income")  # type: ignore[call-overload]
    banded = recode.band(series, [100_000, 500_000])
    assert banded.iloc[0] == label
    assert banded.iloc[1] == REFUSED
    assert pd.isna(banded.iloc[2])
    number = tt.summarise(series.to_frame(), "income").statistics.loc["All", "mean"]
    assert recode.band(pd.Series([number]), [100_000, 500_000]).iloc[0] == label


@pytest.mark.parametrize(
    ("cells", "rows"),
    [
        (pd.Series([5, complex(1, 2)], dtype=object), r"\[1\]"),
        (pd.Series([5, 1 + 2j]), r"\[0, 1\]"),  # a complex column: 5 is 5+0j
    ],
)
def test_band_refuses_complex_numbers(cells: pd.Series, rows: str) -> None:
    # pd.to_numeric read a complex column as its real parts (summaries averaged them).
    match = rf"(?s)in rows {rows}\..*complex number"
    with pytest.raises(tt.UnknownValueError, match=match):
        recode.band(cells.rename("income"), [10])
    with pytest.raises(tt.UnknownValueError, match=match):
        tt.summarise(pd.DataFrame({"income": cells}), "income")


def test_band_names_the_text_that_is_no_number_and_its_rows() -> None:
    series = pd.Series(["12", "lots", "1,000", "n/a", "lots", "1 000"], name="income")
    with pytest.raises(tt.TracktrError) as info:
        recode.band(series, [100])
    assert isinstance(info.value, tt.UnknownValueError)
    assert info.value.values == ("lots", "1,000", "n/a", "1 000")
    assert info.value.rows == (1, 2, 3, 4, 5)
    assert "question 'income'" in str(info.value)
    assert "1,000.0" in str(info.value)  # how to write a thousand without ambiguity


@given(st.lists(st.integers(-(10**7), 10**7), min_size=1, max_size=12))
def test_band_of_number_text_equals_band_of_the_numbers(numbers: list[int]) -> None:
    written = [f"{n:,}" if abs(n) >= 1_000_000 or abs(n) < 1_000 else str(n) for n in numbers]
    edges = [-1_000, 0, 250_000]
    text = recode.band(pd.Series(written, dtype=object), edges)
    assert text.tolist() == recode.band(pd.Series(numbers), edges).tolist()


def test_a_single_yes_no_code_is_one_code_not_its_letters() -> None:
    # Before: true="Oui" was read as the codes ['O', 'u', 'i'], so every "Oui" was an
    # unknown value (and a one-letter code such as "Y" would have passed by chance).
    df = pd.DataFrame({"m1": ["Oui", "Non", "Oui"], "m2": ["Non", "Non", "Oui"]})
    single = tt.recode.from_yes_no(df, ["m1", "m2"], true="Oui", false="Non")
    listed = tt.recode.from_yes_no(df, ["m1", "m2"], true=["Oui"], false=["Non"])
    pd.testing.assert_frame_equal(single, listed)
    table = tt.multi_response(df, "s", columns=["m1", "m2"], true="Oui", false="Non")
    assert table.counts["All"].to_dict() == {"m1": 2, "m2": 1}

"""Multi-response sets declared in slots form: category-coded slot columns in a codebook.

Known data: expss's ``product_test`` (``a1_1`` ... ``a1_6`` and ``b1_1`` ... ``b1_6``, one
option code per slot, codeframe in tests/data/README.md). Every count is checked against an
independent plain-pandas computation on the raw codes: a respondent mentions code c when
any of their slots holds c; the base is the respondents with at least one slot filled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

import tracktr as tt
import tracktr.testing

DATA = Path(__file__).parent / "data"
CODES = {
    1: "Liked everything",
    2: "Disliked everything",
    3: "Chocolate",
    4: "Appearance",
    5: "Taste",
    6: "Stuffing",
    7: "Nuts",
    8: "Consistency",
    98: "Other",
    99: "Hard to answer",
}
A_SLOTS = [f"a1_{i}" for i in range(1, 7)]
B_SLOTS = [f"b1_{i}" for i in range(1, 7)]


def likes(qid: str, slots: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "type": "multi",
        "form": "slots",
        "slots": slots,
        "text": f"What did you like? ({qid})",
        "options": [{"code": c, "label": label} for c, label in CODES.items()],
        **extra,
    }


def product_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "Product test",
            "missing": {"refused": [-9]},
            "questions": [
                {
                    "id": "cell",
                    "type": "single",
                    "text": "Order of testing",
                    "options": [
                        {"code": 1, "label": "VSX123 first"},
                        {"code": 2, "label": "SDF456 first"},
                    ],
                },
                likes("a1", A_SLOTS, nets={"Filling": ["Stuffing", "Nuts"]}),
                likes("b1", B_SLOTS),
            ],
        }
    )


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    frame = pd.read_csv(DATA / "product_test.csv").rename(columns={"id": "respondent_id"})
    return frame[["respondent_id", "cell", *A_SLOTS, *B_SLOTS]]


@pytest.fixture(scope="module")
def prepared(raw: pd.DataFrame) -> pd.DataFrame:
    return product_survey().prepare(raw).data


def mentions(raw: pd.DataFrame, slots: list[str]) -> pd.DataFrame:
    """Plain pandas: one 0/1 column per code, 1 where any slot holds it."""
    return pd.DataFrame({code: raw[slots].eq(code).any(axis=1) for code in CODES}).astype(int)


# -- the codebook ---------------------------------------------------------------------------


def test_slots_form_round_trips_through_toml(tmp_path: Path) -> None:
    survey = product_survey()
    survey.to_toml(tmp_path / "codebook.toml")
    text = (tmp_path / "codebook.toml").read_text(encoding="utf-8")
    assert 'form = "slots"' in text
    again = tt.Survey.from_toml(tmp_path / "codebook.toml")
    question = again.question("a1")
    assert isinstance(question, tt.MultiQuestion)
    assert question.form == "slots"
    assert question.columns == tuple(A_SLOTS)
    assert again.spec("a1").slots
    assert "Stored as slot columns `a1_1`" in again.to_markdown()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"slots": None}, r"slots form needs `slots`, a list of column names; got None"),
        ({"slots": []}, r"slots form needs `slots`"),
        ({"slots": ["a1_1", "a1_1"]}, r"slot columns \['a1_1'\] are listed twice"),
        ({"form": "indicator"}, r"`slots` belong to the slots form; this set has form"),
        ({"true": ["Yes"]}, r"`true` and `false` codes need an indicator set"),
        ({"form": "slot"}, r"use 'indicator', 'delimited' or 'slots'"),
    ],
)
def test_bad_slots_declarations_are_codebook_errors(extra: dict[str, Any], message: str) -> None:
    question = likes("a1", A_SLOTS)
    question.update(extra)
    with pytest.raises(tt.CodebookError, match=message):
        tt.Survey.from_dict({"title": "T", "questions": [question]})


def test_a_question_built_in_python_needs_its_slots() -> None:
    question = tt.MultiQuestion("a1", "Likes", options=tt.survey.options(["A"]), form="slots")
    with pytest.raises(tt.CodebookError, match="slots form needs `slots`"):
        tt.Survey("T", (question,))


def test_slot_columns_shared_with_another_question_are_refused() -> None:
    questions = [likes("a1", A_SLOTS), likes("b1", ["a1_6", "b1_1"])]
    with pytest.raises(tt.CodebookError, match="a1_6"):
        tt.Survey.from_dict({"title": "T", "questions": questions})


# -- validate and prepare -------------------------------------------------------------------


def test_raw_codes_fail_validation_and_prepare_maps_them(raw: pd.DataFrame) -> None:
    survey = product_survey()
    with pytest.raises(tt.SurveyValidationError) as caught:
        survey.validate(raw)
    failures = caught.value.failures
    slots = failures[failures["question"] == "a1"]
    assert set(slots["check"]) == {"code_not_label"}
    assert len(slots) == int(raw[A_SLOTS].notna().to_numpy().sum())
    first = slots.iloc[0]
    assert (first["column"], first["respondent_id"], first["value"]) == ("a1_1", 1, 7.0)
    assert "code 7 is 'Nuts'" in first["expected"]
    prepared = survey.prepare(raw)
    summary = prepared.summary()
    assert summary[("a1", "code")] == len(slots)
    assert ("a1", "blank") not in summary.index  # every respondent answered: no marker written
    assert prepared.data.loc[1, "a1_2"] == "Taste"
    assert pd.isna(prepared.data.loc[1, "a1_3"])  # an empty slot stays blank
    survey.validate(prepared.data)  # no failure


def test_every_slot_problem_is_named(raw: pd.DataFrame) -> None:
    survey = product_survey()
    bad = survey.prepare(raw).data.astype(dict.fromkeys(A_SLOTS, object))
    bad.loc[0, "a1_2"] = "Nuts"  # respondent 1 already gave Nuts in a1_1
    bad.loc[1, "a1_3"] = "NUTS"
    bad.loc[2, "a1_2"] = 42
    bad.loc[3, "a1_1"] = "<refused>"  # declared, so allowed
    bad.loc[4, "a1_1"] = "<no answer>"
    with pytest.raises(tt.SurveyValidationError) as caught:
        survey.validate(bad)
    found = caught.value.failures[["column", "respondent_id", "value", "check"]]
    assert found.to_numpy().tolist() == [  # slot by slot, then the rows' checks
        ["a1_1", 5, "<no answer>", "unknown_value"],
        ["a1_2", 3, 42, "unknown_value"],
        ["a1_3", 2, "NUTS", "unknown_value"],
        [None, 1, "Nuts; Nuts", "duplicate_slot"],
    ]
    assert "did you mean 'Nuts'?" in caught.value.failures["expected"].iloc[2]


def test_gaps_are_allowed_and_counted(raw: pd.DataFrame, prepared: pd.DataFrame) -> None:
    filled = raw[A_SLOTS].notna().to_numpy()
    gaps = np.flatnonzero((~filled[:, :-1] & filled[:, 1:]).any(axis=1))
    assert len(gaps) == 5  # product_test holds five respondents with an empty slot between
    table = tt.multi_response(prepared.iloc[gaps], "a1", survey=product_survey())
    expected = mentions(raw.iloc[gaps], A_SLOTS).sum()
    assert table.counts["All"].tolist() == expected.tolist()
    assert int(table.bases["All"]) == 5


def test_unanswered_and_routed_out_respondents_get_markers() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "missing": {"refused": [-9]},
            "questions": [
                {"id": "tried", "type": "single", "text": "Tried?", "options": ["Yes", "No"]},
                likes("a1", ["s1", "s2"], ask_if={"question": "tried", "in": ["Yes"]}),
            ],
        }
    )
    raw = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4, 5],
            "tried": ["Yes", "Yes", "No", "Yes", "Yes"],
            "s1": [7, None, None, -9, None],
            "s2": [None, None, None, None, 5],
        }
    )
    data = survey.prepare(raw).data
    assert data[["s1", "s2"]].astype(object).fillna("").to_numpy().tolist() == [
        ["Nuts", ""],
        ["<skipped>", "<skipped>"],
        ["<not asked>", "<not asked>"],
        ["<refused>", "<refused>"],
        ["", "Taste"],  # a gap before the first answer is allowed
    ]
    table = tt.multi_response(data, "a1", survey=survey)
    assert int(table.bases["All"]) == 2
    assert table.counts.loc[["Nuts", "Taste"], "All"].tolist() == [1, 1]
    assert "base" in repr(table).lower()
    answered_anyway = raw.assign(tried=["Yes", "Yes", "No", "Yes", "No"])
    with pytest.raises(tt.SurveyValidationError, match="answered_not_asked: question 'a1'"):
        survey.prepare(answered_anyway)


def test_exclusive_option_given_with_others_is_a_failure() -> None:
    question = likes("a1", ["s1", "s2"])
    question["options"] = [{"code": 1, "label": "Nuts"}, {"code": 2, "label": "Nothing"}]
    question["options"][1]["exclusive"] = True
    survey = tt.Survey.from_dict({"title": "T", "questions": [question]})
    data = pd.DataFrame(
        {"respondent_id": [1, 2], "s1": ["Nuts", "Nothing"], "s2": ["Nothing", None]}
    )
    with pytest.raises(tt.SurveyValidationError, match=r"exclusive: question 'a1', respondent 1"):
        survey.validate(data)


# -- tables from the declared slots, against pandas ------------------------------------------


def test_multi_response_by_cell_matches_pandas(raw: pd.DataFrame, prepared: pd.DataFrame) -> None:
    table = tt.multi_response(prepared, "a1", survey=product_survey(), by="cell")
    ticks = mentions(raw, A_SLOTS)
    answered = raw[A_SLOTS].notna().any(axis=1)
    for code, label in ((1, "VSX123 first"), (2, "SDF456 first")):
        rows = answered & (raw["cell"] == code)
        assert table.counts[label].tolist() == ticks[rows].sum().tolist()
        assert int(table.bases[label]) == int(rows.sum())
    assert table.counts["All"].tolist() == ticks.sum().tolist()


def test_weighted_multi_response_matches_pandas(raw: pd.DataFrame, prepared: pd.DataFrame) -> None:
    weights = np.where(raw["cell"] == 1, 0.75, 1.25)
    table = tt.multi_response(prepared, "a1", survey=product_survey(), weights=weights)
    expected = mentions(raw, A_SLOTS).mul(weights, axis=0).sum()
    np.testing.assert_allclose(table.counts["All"].astype(float), expected, rtol=1e-12)
    assert float(table.bases["All"]) == pytest.approx(weights.sum(), rel=1e-12)


def test_slots_by_slots_matches_pandas(raw: pd.DataFrame, prepared: pd.DataFrame) -> None:
    table = tt.multi_crosstab(prepared, "a1", "b1", survey=product_survey())
    a, b = mentions(raw, A_SLOTS), mentions(raw, B_SLOTS)
    both = a.T.to_numpy() @ b.to_numpy()  # respondents mentioning the row and column codes
    labels = list(CODES.values())
    assert table.counts.loc[labels, labels].to_numpy().tolist() == both.tolist()


def test_tabbook_reads_declared_slots_with_nets(raw: pd.DataFrame, prepared: pd.DataFrame) -> None:
    survey = product_survey()
    book = tt.tabbook(prepared, survey, banners=["cell"])
    block = book.section("a1").blocks[0]
    assert block.table is not None
    one = tt.multi_response(prepared, "a1", survey=survey, by="cell")
    pd.testing.assert_frame_equal(
        block.table.counts.loc[one.counts.index, one.counts.columns], one.counts
    )
    assert block.nets is not None
    filling = raw[A_SLOTS].isin([6, 7]).any(axis=1)
    assert block.nets.counts.loc["Filling", "VSX123 first"] == int(
        (filling & (raw["cell"] == 1)).sum()
    )


def test_design_estimates_read_slots_as_the_table_does(prepared: pd.DataFrame) -> None:
    # Before: refused ("slot columns are not supported"). With equal weights, each share
    # is the table's count over its base, and n its base.
    data = prepared.assign(w=1.0)
    survey = product_survey()
    est = tt.design.estimate_proportions(data, "a1", design=tt.Design(weights="w"),
                                         survey=survey).to_frame()  # fmt: skip
    table = tt.multi_response(data, "a1", survey=survey)
    base = int(table.bases["All"])
    assert est["n"].unique().tolist() == [base]
    for row in est.itertuples():
        assert row.estimate == pytest.approx(table.counts.loc[row.option, "All"] / base)


@given(tt.testing.responses(product_survey(), min_size=1, max_size=8))
def test_drawn_slot_answers_validate_and_count(data: pd.DataFrame) -> None:
    survey = product_survey()
    survey.validate(data)
    table = tt.multi_response(data, "a1", survey=survey)
    cells = data[A_SLOTS].to_numpy()
    given_labels = [{v for v in row if isinstance(v, str) and v in CODES.values()} for row in cells]
    assert int(table.bases["All"]) == sum(1 for labels in given_labels if labels)
    for label in CODES.values():
        assert table.counts.loc[label, "All"] == sum(label in labels for labels in given_labels)


def test_routing_on_a_slots_question_reads_any_slot() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                likes("a1", ["s1", "s2"]),
                {
                    "id": "why_nuts",
                    "type": "single",
                    "text": "Why nuts?",
                    "options": ["Crunch", "Taste"],
                    "ask_if": {"question": "a1", "in": ["Nuts"]},
                },
            ],
        }
    )
    data = pd.DataFrame(
        {"respondent_id": [1, 2, 3], "s1": [5, 5, 7], "s2": [7, None, None], "why_nuts": "Crunch"}
    )
    data.loc[1, "why_nuts"] = None
    prepared = survey.prepare(data).data
    assert prepared["why_nuts"].astype(str).tolist() == ["Crunch", "<not asked>", "Crunch"]


def test_slots_on_a_polars_frame_count_as_on_pandas(prepared: pd.DataFrame) -> None:
    pl = pytest.importorskip("polars")
    survey = product_survey()
    columns = {
        c: [None if pd.isna(v) else str(v) for v in prepared[c]]
        for c in ["cell", *A_SLOTS, *B_SLOTS]
    }
    frame = pl.DataFrame({"respondent_id": prepared["respondent_id"].tolist(), **columns})
    survey.validate(frame)
    on_polars = tt.multi_response(frame, "a1", survey=survey, by="cell")
    on_pandas = tt.multi_response(prepared, "a1", survey=survey, by="cell")
    pd.testing.assert_frame_equal(
        on_polars.counts[on_pandas.counts.columns], on_pandas.counts, check_dtype=False
    )


def test_counting_raw_slot_codes_says_to_prepare_first(raw: pd.DataFrame) -> None:
    with pytest.raises(tt.UnknownValueError, match=r"(?s)value\(s\) \[7\.0.*survey\.prepare\(\)"):
        tt.multi_response(raw, "a1", survey=product_survey())


# -- dtypes after validate ------------------------------------------------------------------


def test_validate_types_slot_columns_as_a_single_choice_column(
    raw: pd.DataFrame, prepared: pd.DataFrame
) -> None:
    # Slot columns used to stay object after validate; they now get the dtype a
    # single-choice column of the same options gets, and no count moves.
    survey = product_survey()
    untyped = prepared.astype(dict.fromkeys([*A_SLOTS, *B_SLOTS], object))
    typed = survey.validate(untyped)
    single = tt.Survey.from_dict({
        "title": "One slot as a single choice", "missing": {"refused": [-9]},
        "questions": [{"id": "a1_1", "type": "single", "text": "First mention",
                       "options": [{"code": c, "label": label} for c, label in CODES.items()]}],
    })  # fmt: skip
    expected = single.validate(untyped[["respondent_id", "a1_1"]])["a1_1"].dtype
    for column in [*A_SLOTS, *B_SLOTS]:
        assert typed[column].dtype == expected, column
        assert typed[column].astype(object).where(typed[column].notna(), None).tolist() == (
            untyped[column].where(untyped[column].notna(), None).tolist()
        )
    for question in ("a1", "b1"):
        before = tt.multi_response(untyped, question, survey=survey, by="cell")
        after = tt.multi_response(typed, question, survey=survey, by="cell")
        pd.testing.assert_frame_equal(after.counts, before.counts)
        pd.testing.assert_series_equal(after.bases, before.bases)
    crossed = tt.multi_crosstab(typed, "a1", "b1", survey=survey)
    pd.testing.assert_frame_equal(
        crossed.counts, tt.multi_crosstab(untyped, "a1", "b1", survey=survey).counts
    )
    assert mentions(raw, A_SLOTS).sum().tolist() == (
        tt.multi_response(typed, "a1", survey=survey).counts["All"].tolist()
    )
    # validate returns a typed copy: the frame given is not changed
    assert all(untyped[c].dtype == object for c in A_SLOTS)

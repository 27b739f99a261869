"""Codebooks, preparing and recoding, against the inputs a hostile tester tried."""

from __future__ import annotations

import pathlib
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

Q0 = {"id": "q0", "type": "single", "text": "Q?", "options": ["A", "B"]}


def _book(question: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    return {"title": "T", **top, "questions": [question or Q0]}


@pytest.mark.parametrize(
    ("question", "match"),
    [
        (  # bool("false") is True: B became don't know and left every dont_know="exclude" base
            {**Q0, "type": "ordinal", "options": ["A", {"label": "B", "dont_know": "false"}]},
            r"question 'q0', option 'B': `dont_know` must be true or false, got 'false'",
        ),
        (
            {"id": "n", "type": "numeric", "text": "N?", "integer": "false"},
            r"question 'n': `integer` must be true or false, got 'false'",
        ),
        (
            {**Q0, "type": "multi", "options": ["A", {"label": "B", "exclusive": "no"}]},
            r"option 'B': `exclusive` must be true or false, got 'no'",
        ),
        ({**Q0, "inferred": "no"}, r"question 'q0': `inferred` must be true or false, got 'no'"),
        ({**Q0, "note": 5}, r"question 'q0': `note` must be text, got 5"),
        ({**Q0, "text": ""}, r"question 'q0': the question has no `text`.*got ''"),
        (
            {**Q0, "type": "multi", "options": [{"label": "A", "column": 5}]},
            r"option 'A': `column` must be text, got 5",
        ),
        (
            {**Q0, "type": "grid", "items": [{"label": 5}]},
            r"question 'q0': the item label 5 is not text",
        ),
    ],
)
def test_a_codebook_value_of_the_wrong_type_is_refused_not_coerced(
    question: dict[str, Any], match: str
) -> None:
    with pytest.raises(tt.CodebookError, match=match):
        tt.Survey.from_dict(_book(question))


@pytest.mark.parametrize(
    ("top", "match"),
    [
        ({"respondent_id": ["member_id"]}, r"`respondent_id` must be text, got \['member_id'\]"),
        ({"title": 5}, r"`title` must be text, got 5"),
        ({"population": None, "description": 1}, r"`description` must be text, got 1"),
    ],
)
def test_a_survey_key_of_the_wrong_type_is_refused(top: dict[str, Any], match: str) -> None:
    with pytest.raises(tt.CodebookError, match=match):
        tt.Survey.from_dict(_book(**top))


@pytest.mark.parametrize(
    ("question", "match"),
    [
        (
            {"id": "n", "type": "numeric", "text": "N?", "options": ["A", "B"]},
            r"question 'n': the keys \['options'\] do nothing for a numeric question",
        ),
        (
            {**Q0, "type": "multi", "separator": "|"},
            r"`separator` belongs to the delimited form; this set has form 'indicator'",
        ),
        (
            {**Q0, "options": [{"label": "A", "column": "zz"}]},
            r"option 'A' has keys \['column'\], which do nothing in a single question",
        ),
        (
            {**Q0, "options": [{"label": "A", "exclusive": True}]},
            r"option 'A' has keys \['exclusive'\], which do nothing in a single question",
        ),
        (
            {**Q0, "type": "multi", "form": "delimited", "options": [{"label": "A", "column": ""}]},
            r"keys \['column'\], which do nothing in a multi question in delimited form",
        ),
    ],
)
def test_a_key_that_does_nothing_for_the_question_is_refused(
    question: dict[str, Any], match: str
) -> None:
    with pytest.raises(tt.CodebookError, match=match):
        tt.Survey.from_dict(_book(question))


def test_wrong_types_are_refused_in_a_toml_codebook(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "book.toml"
    path.write_text(
        '[[questions]]\nid = "q0"\ntype = "ordinal"\ntext = "Q"\n'
        'options = [{label = "A"}, {label = "DK", dont_know = "true"}]\n',
        encoding="utf-8",
    )
    with pytest.raises(tt.CodebookError, match=r"book.toml, question 'q0', option 'DK'"):
        tt.Survey.from_toml(path)


def test_booleans_and_text_of_the_right_type_still_read() -> None:
    question = {**Q0, "type": "multi", "options": ["A", {"label": "B", "exclusive": False}]}
    survey = tt.Survey.from_dict(_book(question, respondent_id="member_id"))
    assert survey.respondent_id == "member_id"
    assert survey.question("q0").exclusive == ()


@pytest.mark.parametrize(
    ("missing", "match"),
    [
        ({"refused": [-99], "skipped": [-99]}, r"-99 is declared as skipped and as refused"),
        ({"refused": [-99], "skipped": [-99.0]}, r"-99.0 is declared as skipped and as refused"),
        ({"refused": ["-99"], "skipped": [" -99 "]}, r"declared as skipped and as refused"),
    ],
)
def test_one_code_under_two_missing_kinds_is_refused(
    missing: dict[str, list[Any]], match: str
) -> None:
    with pytest.raises(tt.CodebookError, match=match):
        tt.Survey.from_dict(_book(missing=missing))


def test_a_nan_missing_code_is_refused() -> None:
    with pytest.raises(tt.CodebookError, match=r"refused code nan is not a finite number"):
        tt.Survey.from_dict(_book(missing={"refused": [float("nan")]}))


AGE = {"id": "age", "type": "numeric", "text": "Age?", "min": 0, "max": 120, "integer": True}


@pytest.mark.parametrize("code", [99, 99.0, "99", 0, 120])
def test_a_missing_code_inside_a_numeric_range_is_refused(code: object) -> None:
    with pytest.raises(
        tt.CodebookError,
        match=r"question 'age': the refused code .* is a valid answer of 'age' "
        r"\(a number between 0 and 120\)",
    ):
        tt.Survey.from_dict(_book(AGE, missing={"refused": [code]}))


@pytest.mark.parametrize(
    ("bounds", "code"),
    [
        ({}, -99),  # no bounds: nothing to check, the code reads as missing
        ({"min": 0}, -99),
        ({"max": 120}, 999),
        ({"min": 0, "max": 120, "integer": True}, 99.5),  # not a whole number: never valid
    ],
)
def test_a_missing_code_outside_the_bounds_reads_as_missing(
    bounds: dict[str, Any], code: object
) -> None:
    question = {"id": "age", "type": "numeric", "text": "Age?", **bounds}
    survey = tt.Survey.from_dict(_book(question, missing={"refused": [code]}))
    frame = pd.DataFrame({"respondent_id": [1, 2], "age": [45, code]})
    assert survey.prepare(frame).data["age"].tolist() == [45, "<refused>"]


@pytest.mark.parametrize(
    ("cells", "refused"),
    [(["4", True, False], [2, 3]), ([4, True, False], [2, 3]), (["4", np.True_, 0], [2])],
)
def test_prepare_refuses_true_and_false_in_a_numeric_column(
    cells: list[object], refused: list[int]
) -> None:
    # Before, number text in the column made prepare() read True/False as 1/0, unnoted.
    survey = tt.Survey.from_dict(
        _book({"id": "n", "type": "numeric", "text": "How many staff?", "min": 0})
    )
    frame = pd.DataFrame({"respondent_id": [1, 2, 3], "n": pd.Series(cells, dtype=object)})
    with pytest.raises(tt.SurveyValidationError) as caught:
        survey.prepare(frame)
    failures = caught.value.failures
    assert failures["check"].tolist() == ["not_numeric"] * len(refused)
    assert failures["respondent_id"].tolist() == refused


def test_recode_missing_matches_number_text_as_prepare_does() -> None:
    raw = pd.Series(["12", " -99 ", "40", -99, -99.0], name="staff")
    result = tt.recode.missing(raw, {-99: "refused"})
    assert result.series.tolist() == ["12", "<refused>", "40", "<refused>", "<refused>"]
    assert result.counts == {"refused": 3}
    assert raw.tolist() == ["12", " -99 ", "40", -99, -99.0]  # input untouched


def test_recode_missing_keeps_true_apart_from_one() -> None:
    result = tt.recode.missing(pd.Series([True, 1, "1"], dtype=object), {1: "refused"})
    assert result.series.tolist() == [True, "<refused>", "<refused>"]


@pytest.mark.parametrize(
    ("sentinels", "match"),
    [
        ({tt.missing.SKIPPED: "refused"}, r"'<skipped>' is already a missing marker"),
        ({-99: "refused", "-99": "skipped"}, r"-99 \(refused\) and '-99' \(skipped\) match"),
    ],
)
def test_recode_missing_refuses_sentinels_that_change_nothing_or_clash(
    sentinels: dict[Any, Any], match: str
) -> None:
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.recode.missing(pd.Series([1, -99, "-99"], dtype=object), sentinels)


def test_mean_scores_refuses_a_multi_response_table_as_net_table_does() -> None:
    # 4 respondents, 6 ticks: the mean was 1.667 over a "base" of 6.
    ticks = pd.DataFrame({"m": ["A;B", "A;B", "A", "C"]})
    table = tt.multi_response(ticks, "m", options=["A", "B", "C"], separator=";")
    with pytest.raises(tt.InvalidOptionError, match=r"table 'm' is a multi-response set"):
        tt.mean_scores(table, {"A": 1, "B": 2, "C": 3})
    with pytest.raises(tt.InvalidOptionError, match=r"table 'm' is a multi-response set"):
        tt.net_table(table, {"AB": ["A", "B"]})


def test_dont_know_as_a_question_key_is_refused_with_where_it_goes() -> None:
    # Before: "unknown keys ['dont_know'] for a ordinal question", and nothing on where a
    # don't know option is marked (on the option itself).
    with pytest.raises(tt.CodebookError) as raised:
        tt.Survey.from_dict({"title": "t", "questions": [
            {"id": "sat", "type": "ordinal", "text": "Satisfied?",
             "options": ["Low", "High", "Don't know"], "dont_know": ["Don't know"]},
        ]})  # fmt: skip
    message = str(raised.value)
    assert "for an ordinal question" in message
    assert "dont_know = true }" in message

"""SPSS and Stata files: written here with pyreadstat, read back as data and codebook."""

from __future__ import annotations

import math
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import tracktr as tt
import tracktr.testing
from tracktr.missing import MARKERS
from tracktr.survey import (
    GridQuestion,
    Item,
    MultiQuestion,
    NumericQuestion,
    OrdinalQuestion,
    Survey,
    TextQuestion,
    options,
)

pyreadstat = pytest.importorskip("pyreadstat")


def members() -> Survey:
    """A codebook that follows the column conventions an SPSS file can carry."""
    return Survey(
        title="Members 2025",
        questions=(
            OrdinalQuestion(
                "size",
                "How large is your organisation?",
                options=options(
                    ["Small", "Medium", "Large", "Don't know"], dont_know=["Don't know"]
                ),
            ),
            tt.SingleQuestion("funder", "Who funds you?", options=options(["CRC", "NPS", "Other"])),
            MultiQuestion("where", "Where do you work?", options=options(["Prison", "Community"])),
            GridQuestion(
                "impact",
                "How has it changed for...",
                options=options(["Better", "Same", "Worse"]),
                items=(Item("men", "Men", "impact_men"), Item("women", "Women", "impact_women")),
            ),
            NumericQuestion("staff", "How many staff?", integer=True),
            TextQuestion("comments", "Anything else?"),
        ),
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value in MARKERS


def write_sav(survey: Survey, data: pd.DataFrame, path: Path) -> None:
    """Write prepared responses as an SPSS file: codes, value and variable labels."""
    frame: dict[str, list[Any]] = {survey.respondent_id: data[survey.respondent_id].tolist()}
    column_labels: dict[str, str] = {}
    value_labels: dict[str, dict[int, str]] = {}
    measure: dict[str, str] = {}
    for q in survey.questions:
        if isinstance(q, MultiQuestion):
            for option, column in zip(q.options, q.columns, strict=True):
                frame[column] = [None if _blank(v) else int(v) for v in data[column].tolist()]
                column_labels[column] = f"{q.text} - {option.label}"
                value_labels[column] = {0: "Not selected", 1: "Selected"}
            continue
        if isinstance(q, GridQuestion):
            codes = {o.label: o.code for o in q.options}
            for item in q.items:
                frame[item.column] = [
                    None if _blank(v) else codes[v] for v in data[item.column].tolist()
                ]
                column_labels[item.column] = f"{q.text} - {item.label}"
                value_labels[item.column] = {o.code: o.label for o in q.options}
            continue
        values = data[q.id].tolist()
        column_labels[q.id] = q.text
        if isinstance(q, NumericQuestion):
            frame[q.id] = [None if _blank(v) else float(v) for v in values]
            measure[q.id] = "scale"
        elif isinstance(q, TextQuestion):
            frame[q.id] = ["" if _blank(v) else str(v) for v in values]
        else:
            codes = {o.label: o.code for o in q.options}
            frame[q.id] = [None if _blank(v) else codes[v] for v in values]
            value_labels[q.id] = {o.code: o.label for o in q.options}
            measure[q.id] = "ordinal" if isinstance(q, OrdinalQuestion) else "nominal"
    text = {q.id for q in survey.questions if isinstance(q, TextQuestion)}
    typed = pd.DataFrame(
        {
            column: pd.Series(values, dtype=object if column in text else "float64")
            for column, values in frame.items()
        }
    )
    pyreadstat.write_sav(
        typed,
        str(path),
        column_labels=column_labels,
        variable_value_labels=value_labels,
        variable_measure=measure,
    )


def blanked(survey: Survey, data: pd.DataFrame) -> pd.DataFrame:
    """The responses as an SPSS file carries them: missing markers blank, and text without
    trailing spaces (SPSS pads strings to a fixed width)."""
    cells = data.astype(object)
    cells = cells.where(~cells.isin(list(MARKERS)), None)
    for q in survey.questions:
        if isinstance(q, TextQuestion):
            cells[q.id] = [v.rstrip() if isinstance(v, str) else v for v in cells[q.id]]
    return survey.prepare(cells).data


def test_a_survey_written_to_sav_reads_back_to_the_same_codebook(tmp_path: Path) -> None:
    survey = members()
    data = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3],
            "size": ["Small", "Don't know", "<skipped>"],
            "funder": ["CRC", "NPS", "Other"],
            "where_1": [1, 0, "<skipped>"],
            "where_2": [1, 1, "<skipped>"],
            "impact_men": ["Better", "Worse", "Same"],
            "impact_women": ["Same", "<skipped>", "Worse"],
            "staff": [12, 3, "<skipped>"],
            "comments": ["=1+1", "<skipped>", "Fine"],
        }
    )
    path = tmp_path / "members.sav"
    write_sav(survey, data, path)
    drafted = tt.io.survey_from_spss(path, title="Members 2025")
    assert drafted.questions == survey.questions
    assert drafted.respondent_id == "respondent_id"
    assert drafted == survey
    drafted.to_toml(tmp_path / "members.toml")
    assert tt.Survey.from_toml(tmp_path / "members.toml") == survey
    # and the data read back, prepared with the drafted codebook
    read = drafted.prepare(tt.io.read_spss(path)).data
    pd.testing.assert_frame_equal(read, blanked(survey, data), check_dtype=False)
    # codes instead of labels give the same prepared frame
    codes = drafted.prepare(tt.io.read_spss(path, labels=False)).data
    pd.testing.assert_frame_equal(codes, read)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(tt.testing.responses(members(), min_size=1, max_size=15))
def test_generated_responses_round_trip_through_sav(tmp_path: Path, data: pd.DataFrame) -> None:
    survey = members()
    path = tmp_path / "generated.sav"
    tt.io.write_spss(data, path, survey=survey)
    assert tt.io.survey_from_spss(path) == survey
    read = survey.prepare(tt.io.read_spss(path)).data
    pd.testing.assert_frame_equal(read, blanked(survey, data), check_dtype=False)


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(tt.testing.responses(tt.surveys.tracktr_2015(), min_size=1, max_size=12))
def test_the_2015_codebook_data_round_trip(tmp_path: Path, data: pd.DataFrame) -> None:
    survey = tt.surveys.tracktr_2015()
    path = tmp_path / "tracktr.sav"
    write_sav(survey, data, path)
    read = survey.prepare(tt.io.read_spss(path, labels=False)).data
    pd.testing.assert_frame_equal(read, blanked(survey, data), check_dtype=False)


def test_multiple_response_sets_become_multi_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "news.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1, 2, 3], "tv": [2, 1, None], "radio": [1, 2, None]}),
        str(path),
        column_labels={"tv": "Television", "radio": "Radio"},
        variable_value_labels={"tv": {1: "No", 2: "Yes"}, "radio": {1: "No", 2: "Yes"}},
    )
    real = pyreadstat.read_sav

    def with_sets(*args: Any, **kwargs: Any) -> Any:
        frame, meta = real(*args, **kwargs)
        meta.mr_sets = {
            "$news": {
                "type": "D",
                "is_dichotomy": True,
                "counted_value": 2,
                "label": "Where do you get news?",
                "variable_list": ["tv", "radio"],
            }
        }
        return frame, meta

    monkeypatch.setattr(pyreadstat, "read_sav", with_sets)
    survey = tt.io.survey_from_spss(path)
    (news,) = survey.questions
    assert isinstance(news, MultiQuestion)
    assert (news.id, news.text, news.labels) == (
        "news",
        "Where do you get news?",
        ("Television", "Radio"),
    )
    assert news.columns == ("tv", "radio")
    data = tt.io.read_spss(path)
    assert data["tv"].tolist() == [1, 0, pd.NA]
    prepared = survey.prepare(data).data
    assert prepared["radio"].tolist() == [0, 1, "<skipped>"]


def test_stata_files(tmp_path: Path) -> None:
    path = tmp_path / "members.dta"
    pyreadstat.write_dta(
        pd.DataFrame({"id": [1, 2, 3], "size": [1, 2, 1], "staff": [4.0, 2.5, None]}),
        str(path),
        column_labels=["Respondent", "How large?", "How many staff?"],
        variable_value_labels={"size": {1: "Small", 2: "Large"}},
    )
    data = tt.io.read_stata(path)
    assert data["size"].tolist() == ["Small", "Large", "Small"]
    survey = tt.io.survey_from_spss(path)
    assert [(q.id, q.type) for q in survey.questions] == [("size", "single"), ("staff", "numeric")]
    assert survey.question("size").text == "How large?"
    assert survey.respondent_id == "id"
    assert len(survey.prepare(data).data) == 3


def test_stata_extended_missing_values_keep_the_answers(tmp_path: Path) -> None:
    # A column with .a (refused) and .b (don't know) comes from pyreadstat as object:
    # ints and NaN. Read as text, every answer was lost: [None, None, None, None].
    path = tmp_path / "members.dta"
    pyreadstat.write_dta(
        pd.DataFrame({"id": [1, 2, 3, 4], "size": [1, 2, "a", "b"], "staff": [4, "a", 7, 2]}),
        str(path),
        missing_user_values={"size": ["a", "b"], "staff": ["a"]},
        variable_value_labels={"size": {1: "Small", 2: "Large", "a": "Refused"}},
    )
    data = tt.io.read_stata(path)
    assert data["size"].tolist() == ["Small", "Large", "<refused>", None]
    assert data["staff"].tolist() == [4, pd.NA, 7, 2]
    assert tt.io.read_stata(path, labels=False)["size"].tolist() == [1, 2, "<refused>", None]
    survey = tt.io.survey_from_spss(path)
    assert [(q.id, q.type) for q in survey.questions] == [("size", "single"), ("staff", "numeric")]
    assert survey.question("size").labels == ("Small", "Large")


def test_stata_dont_know_read_as_blank_is_said(tmp_path: Path) -> None:
    # Before: .a labelled "Don't know" became blank without a word, leaving the base.
    path = tmp_path / "members.dta"
    pyreadstat.write_dta(
        pd.DataFrame({"id": [1, 2, 3, 4], "q": [1, 2, "a", "b"]}),
        str(path),
        missing_user_values={"q": ["a", "b"]},
        variable_value_labels={"q": {1: "Yes", 2: "No", "a": "Don't know", "b": "Refused"}},
    )
    with pytest.warns(
        tt.TracktrWarning, match=r"column 'q': 1 answer\(s\) coded \.a \(\"Don't know\"\)"
    ):
        data = tt.io.read_stata(path)
    assert data["q"].tolist() == ["Yes", "No", None, "<refused>"]
    refused = tmp_path / "refused.dta"
    pyreadstat.write_dta(
        pd.DataFrame({"id": [1, 2], "q": [1, "b"]}),
        str(refused),
        missing_user_values={"q": ["b"]},
        variable_value_labels={"q": {1: "Yes", "b": "Refused"}},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a refusal alone is refused, and silent
        assert tt.io.read_stata(refused)["q"].tolist() == ["Yes", "<refused>"]


def test_stata_text_of_one_letter_is_kept(tmp_path: Path) -> None:
    # Letters are Stata's extended missing values only in numeric variables: an earlier
    # draft blanked "m"/"f" too where text comes back as object (pandas 2).
    path = tmp_path / "letters.dta"
    frame = pd.DataFrame({"id": [1, 2], "sex": ["m", "f"], "grade": ["A", "b"]})
    pyreadstat.write_dta(frame, str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas 3 warns that the option will go
        with pd.option_context("future.infer_string", False):
            data = tt.io.read_stata(path)
    assert data["sex"].tolist() == ["m", "f"]
    assert data["grade"].tolist() == ["A", "b"]


def test_write_spss_checks_its_input_and_leaves_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = pd.DataFrame({"respondent_id": [1], "size": ["Small"]})
    with pytest.raises(tt.ReadError, match=r"lack the codebook's column\(s\) \['funder'"):
        tt.io.write_spss(data, tmp_path / "x.sav", survey=members())
    with pytest.raises(tt.ReadError, match=r"must end in \.sav"):
        tt.io.write_spss(data, tmp_path / "x.csv", survey=members())

    def broken(*args: Any, **kwargs: Any) -> None:
        Path(str(args[1])).write_bytes(b"partial")
        msg = "disk full"
        raise OSError(msg)

    full = pd.DataFrame({c: [None] for c in members().columns}).assign(respondent_id=[1])
    monkeypatch.setattr(pyreadstat, "write_sav", broken)
    with pytest.raises(OSError, match="disk full"):
        tt.io.write_spss(full, tmp_path / "x.sav", survey=members())
    assert list(tmp_path.iterdir()) == []


def test_upper_case_names_keep_their_columns(tmp_path: Path) -> None:
    path = tmp_path / "upper.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"ID": [1, 2], "Q1": [1, 2], "Q5_1": [1, 0], "Q5_2": [1, 1]}),
        str(path),
        column_labels={"Q1": "Size?", "Q5_1": "Where? - Prison", "Q5_2": "Where? - Community"},
        variable_value_labels={
            "Q1": {1: "Small", 2: "Large"},
            "Q5_1": {0: "No", 1: "Yes"},
            "Q5_2": {0: "No", 1: "Yes"},
        },
    )
    survey = tt.io.survey_from_spss(path)
    assert survey.respondent_id == "ID"
    assert [(q.id, q.columns) for q in survey.questions] == [
        ("Q1", ("Q1",)),
        ("Q5", ("Q5_1", "Q5_2")),
    ]
    prepared = survey.prepare(tt.io.read_spss(path)).data
    assert prepared["Q1"].tolist() == ["Small", "Large"]
    assert prepared["Q5_2"].tolist() == [1, 1]


def test_columns_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "members.sav"
    pyreadstat.write_sav(pd.DataFrame({"id": [1], "size": [1]}), str(path))
    assert tt.io.read_spss(path, columns=["size"]).columns.tolist() == ["size"]
    with pytest.raises(tt.ReadError, match=r"no column\(s\) \['income'\]"):
        tt.io.read_spss(path, columns=["income"])


def test_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(tt.ReadError, match="no such file") as caught:
        tt.io.read_spss(tmp_path / "absent.sav")
    assert caught.value.path == str(tmp_path / "absent.sav")
    csv_file = tmp_path / "data.csv"
    csv_file.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(tt.ReadError, match=r"is not an SPSS file: expected a file ending in \.sav"):
        tt.io.read_spss(csv_file)
    corrupted = tmp_path / "broken.sav"
    corrupted.write_bytes(b"$FL2 this is not really an SPSS file")
    with pytest.raises(tt.ReadError, match=r"broken\.sav.*cannot be read as an SPSS file"):
        tt.io.survey_from_spss(corrupted)
    monkeypatch.setitem(sys.modules, "pyreadstat", None)
    with pytest.raises(
        tt.MissingDependencyError, match=r'pip install "\.\[spss\]" in a clone of tracktr'
    ):
        tt.io.read_spss(corrupted)


def small_codebook(question_id: str = "size") -> Survey:
    return tt.Survey.from_dict(
        {
            "title": "Demo",
            "questions": [
                {
                    "id": question_id,
                    "type": "single",
                    "text": "Size?",
                    "options": ["Small", "Large"],
                },
                {"id": "staff", "type": "numeric", "text": "Staff?"},
                {"id": "where", "type": "multi", "text": "Where?", "options": ["Prison", "Court"]},
            ],
        }
    )


def small_frame(question_id: str = "size") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "respondent_id": [1, 2, 3],
            question_id: ["Small", "Large", "<skipped>"],
            "staff": [3, "4", None],
            "where_1": [1, 0, "1"],
            "where_2": pd.Series([0, 1, 0], dtype=object),
        }
    )


def test_write_spss_lists_every_value_without_a_code(tmp_path: Path) -> None:
    # Issue 11: a label outside the codebook used to crash inside pandas.
    data = small_frame()
    data.loc[0, "size"] = "Huge"
    data.loc[1, "staff"] = "many"
    data.loc[2, "where_2"] = "yes please"
    path = tmp_path / "out.sav"
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"(?s)3 value\(s\) cannot be written.*'size'.*respondent 1: 'Huge'; expected one "
        r"of \['Small', 'Large'\].*'staff'.*'many'.*'where_2'.*'yes please'; expected 1/0",
    ) as caught:
        tt.io.write_spss(data, path, survey=small_codebook())
    assert caught.value.failures["check"].tolist() == [
        "unknown_value",
        "not_a_number",
        "not_binary",
    ]
    assert list(tmp_path.iterdir()) == []


def test_write_spss_accepts_labels_codes_and_numbers_as_text(tmp_path: Path) -> None:
    path = tmp_path / "out.sav"
    data = small_frame()
    data.loc[1, "size"] = "2"  # a raw code, as text
    tt.io.write_spss(data, path, survey=small_codebook())
    back = tt.io.read_spss(path)
    assert back["size"].tolist() == ["Small", "Large", None]
    assert back["staff"].tolist()[:2] == [3, 4]


def test_write_spss_refuses_names_spss_cannot_hold(tmp_path: Path) -> None:
    long_id = "q_" + "x" * 70
    path = tmp_path / "out.sav"
    with pytest.raises(tt.CodebookError, match=rf"'{long_id}' is 72 bytes, over 64"):
        tt.io.write_spss(small_frame(long_id), path, survey=small_codebook(long_id))
    assert list(tmp_path.iterdir()) == []


# -- drafting from labels: sets by their labels, spellings, amounts, file order (issue 18) ---


def test_sets_are_found_by_their_labels_not_by_splitting_names(tmp_path: Path) -> None:
    path = tmp_path / "response.sav"
    pyreadstat.write_sav(
        pd.DataFrame(
            {
                "id": [1, 2],
                "response_turned_away": [1, 0],
                "response_referred": [0, 1],
                "response_turned_back": [1, 1],
                "q10": [1, 2],
                "q11": [2, 2],
            }
        ),
        str(path),
        column_labels={
            "response_turned_away": "How did you respond? - Turned them away",
            "response_referred": "How did you respond? - Referred them",
            "response_turned_back": "Were you turned back at the door?",
            "q10": "How large is your organisation?",
            "q11": "How old is your organisation?",
        },
        variable_value_labels={
            "response_turned_away": {0: "No", 1: "Yes"},
            "response_referred": {0: "No", 1: "Yes"},
            "response_turned_back": {0: "No", 1: "Yes"},
            "q10": {1: "Small", 2: "Large"},
            "q11": {1: "Small", 2: "Large"},
        },
    )
    survey = tt.io.survey_from_spss(path)
    assert [(q.id, q.type, q.columns) for q in survey.questions] == [
        ("response", "multi", ("response_turned_away", "response_referred")),
        ("response_turned_back", "single", ("response_turned_back",)),
        ("q10", "single", ("q10",)),  # same value labels, but two questions
        ("q11", "single", ("q11",)),
    ]
    response = survey.question("response")
    assert response.text == "How did you respond?"
    assert response.labels == ("Turned them away", "Referred them")
    prepared = survey.prepare(tt.io.read_spss(path)).data
    assert prepared["response_referred"].tolist() == [0, 1]


def test_a_set_whose_names_share_no_stem_is_named_from_its_text(tmp_path: Path) -> None:
    path = tmp_path / "where.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1, 2], "prison": [1, 0], "community": [1, 1]}),
        str(path),
        column_labels={
            "prison": "Where do you work? - Prison",
            "community": "Where do you work? - Community",
        },
        variable_value_labels={"prison": {0: "No", 1: "Yes"}, "community": {0: "No", 1: "Yes"}},
    )
    (where,) = tt.io.survey_from_spss(path).questions
    assert (where.id, where.type, where.labels) == (
        "where_do_you_work",
        "multi",
        ("Prison", "Community"),
    )
    assert where.columns == ("prison", "community")


def test_spelling_variants_of_value_labels_are_one_option(tmp_path: Path) -> None:
    path = tmp_path / "know.sav"
    pyreadstat.write_sav(
        pd.DataFrame(
            {"id": [1, 2, 3], "secure": [1, 8, 9], "rate_a": [1, 8, 1], "rate_b": [2, 8, 9]}
        ),
        str(path),
        column_labels={
            "secure": "Is your funding secure?",
            "rate_a": "How do you rate... - Advice",
            "rate_b": "How do you rate... - Training",
        },
        variable_value_labels={
            "secure": {1: "Yes", 2: "No", 8: "Don't know", 9: "don\u2019t know"},
            "rate_a": {1: "Good", 2: "Poor", 8: "Don't know"},
            "rate_b": {1: "Good", 2: "Poor", 8: "DON'T KNOW"},
        },
    )
    survey = tt.io.survey_from_spss(path)
    secure = survey.question("secure")
    assert secure.labels == ("Yes", "No", "Don't know")
    assert secure.dont_know == ("Don't know",)
    assert secure.note == "Merged spellings into one option: 'don\u2019t know' as \"Don't know\"."
    # Grid items whose value labels differ only in spelling are one grid.
    rate = survey.question("rate")
    assert isinstance(rate, GridQuestion)
    assert rate.columns == ("rate_a", "rate_b")
    assert rate.note == 'Merged spellings into one option: "DON\'T KNOW" as "Don\'t know".'
    # Two codes of one column read as one answer are named (hostile report hG, F16).
    with pytest.warns(tt.TracktrWarning, match=r"column 'secure': .*codes 8 .*, 9 "):
        data = tt.io.read_spss(path)
    assert data["secure"].tolist() == ["Yes", "Don't know", "Don't know"]
    assert data["rate_b"].tolist() == ["Poor", "Don't know", 9]
    with pytest.raises(tt.SurveyValidationError, match="rate_b"):
        survey.prepare(data)  # code 9 has no label in rate_b: reported, not guessed


def test_amounts_become_a_numeric_question(tmp_path: Path) -> None:
    path = tmp_path / "income.sav"
    pyreadstat.write_sav(
        pd.DataFrame(
            {
                "id": [1, 2, 3, 4],
                "income": ["£5,000", "5,000", "£5k", ""],
                "note": ["£5k", "a lot", "", ""],
            }
        ),
        str(path),
        column_labels={"income": "What was your income last year?", "note": "Comments"},
    )
    survey = tt.io.survey_from_spss(path)
    income = survey.question("income")
    assert isinstance(income, NumericQuestion)
    assert income.integer
    assert income.note == "Answers written as amounts (such as '£5,000' or '£5k'); read as numbers."
    assert survey.question("note").type == "text"
    data = tt.io.read_spss(path)
    assert data["income"].tolist()[:3] == [5000.0, 5000.0, 5000.0]
    assert math.isnan(data["income"].tolist()[3])
    assert survey.prepare(data).data["income"].tolist() == [5000, 5000, 5000, "<skipped>"]


def test_question_order_follows_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "order.sav"
    pyreadstat.write_sav(
        pd.DataFrame(
            {"id": [1, 2], "size": [1, 2], "tv": [1, 0], "radio": [0, 1], "staff": [3, 4]}
        ),
        str(path),
        column_labels={"size": "Size?", "tv": "Television", "radio": "Radio", "staff": "Staff?"},
        variable_value_labels={"size": {1: "Small", 2: "Large"}},
    )
    real = pyreadstat.read_sav

    def with_sets(*args: Any, **kwargs: Any) -> Any:
        frame, meta = real(*args, **kwargs)
        meta.mr_sets = {
            "$news": {"type": "D", "is_dichotomy": True, "counted_value": 1,
                      "label": "Where do you get news?", "variable_list": ["tv", "radio"]}
        }  # fmt: skip
        return frame, meta

    monkeypatch.setattr(pyreadstat, "read_sav", with_sets)
    survey = tt.io.survey_from_spss(path)
    assert [q.id for q in survey.questions] == ["size", "news", "staff"]


def test_user_missing_dont_know_stays_an_answer(tmp_path: Path) -> None:
    # Before: "Don't know" declared user-missing (9) was read as blank, so it left the
    # base, though the drafted codebook lists it as a don't know option (in the base).
    path = tmp_path / "dk.sav"
    frame = pd.DataFrame(
        {"id": [1.0, 2, 3, 4, 5], "q": [1.0, 2, 9, 8, np.nan], "x": [1.5, 2.0, 99, 3, 4]}
    )
    pyreadstat.write_sav(
        frame,
        str(path),
        variable_value_labels={"q": {1: "Yes", 2: "No", 8: "Refused", 9: "Don't know"}},
        missing_ranges={"q": [8, 9], "x": [{"lo": 90, "hi": 100}]},
    )
    data = tt.io.read_spss(path)
    assert data["q"].tolist() == ["Yes", "No", "Don't know", "<refused>", None]
    assert data["x"].isna().tolist() == [False, False, True, False, False]
    survey = tt.io.survey_from_spss(path)
    assert survey.question("q").dont_know == ("Don't know",)
    table = tt.frequencies(survey.prepare(data).data, "q", survey=survey)
    assert table.bases.tolist() == [3]
    assert table.counts["All"].tolist()[-1] == 1


def test_codes_that_share_a_label_are_noted(tmp_path: Path) -> None:
    # Before: codes 1 and 2 both labelled "Yes" were read as one answer without a word.
    path = tmp_path / "shared.sav"
    pyreadstat.write_sav(
        pd.DataFrame({"id": [1.0, 2, 3], "q": [1.0, 2, 3]}),
        str(path),
        variable_value_labels={"q": {1: "Yes", 2: "Yes", 3: "No"}},
    )
    survey = tt.io.survey_from_spss(path)
    assert survey.question("q").labels == ("Yes", "No")
    assert survey.question("q").note == (
        "codes 1, 2 of q share the label 'Yes' and are read as one answer."
    )
    # ... and read_spss warns, as it does of labels alike but for case (before: silent).
    with pytest.warns(tt.TracktrWarning, match=r"codes 1 \('Yes'\), 2 \('Yes'\) as 'Yes'"):
        assert tt.io.read_spss(path)["q"].tolist() == ["Yes", "Yes", "No"]

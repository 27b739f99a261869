"""Unit tests for tracktr.survey: question types, routing, codebook errors, validate, prepare."""

from __future__ import annotations

import copy
import dataclasses
import pathlib
import pickle
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.missing import NOT_ASKED, REFUSED, SKIPPED
from tracktr.survey import All, AnyOf, Is, Not

KITCHEN_SINK: dict[str, Any] = {
    "title": "Kitchen sink",
    "description": "Every question type, routing form and missing kind.",
    "respondent_id": "rid",
    "population": "members",
    "missing": {"skipped": ["", -99], "refused": [-98], "not_asked": [-97]},
    "questions": [
        {
            "id": "funded",
            "type": "single",
            "text": "Who funds you?",
            "options": [
                {"code": 1, "label": "Council"},
                {"code": 2, "label": "Trust"},
                {"code": 3, "label": "Nobody"},
            ],
        },
        {
            "id": "size",
            "type": "ordinal",
            "text": "How big are you?",
            "options": [
                {"code": 1, "label": "Small"},
                {"code": 2, "label": "Large"},
                {"code": 9, "label": "Don't know", "dont_know": True},
            ],
        },
        {
            "id": "grant",
            "type": "numeric",
            "text": "How large is the grant (£)?",
            "ask_if": {"question": "funded", "in": ["Council", "Trust"]},
            "base": "funded members",
            "min": 0,
            "max": 1000,
            "integer": True,
            "bands": [{"label": "Under 500", "max": 500}, {"label": "500 or more", "min": 500}],
        },
        {
            "id": "channels",
            "type": "multi",
            "text": "How do you reach people?",
            "options": [
                {"code": 1, "label": "Post", "column": "channels_post"},
                {"code": 2, "label": "Phone", "column": "channels_phone"},
                {"code": 3, "label": "None of these", "exclusive": True, "column": "channels_none"},
            ],
        },
        {
            "id": "topics",
            "type": "multi",
            "text": "Which topics?",
            "form": "delimited",
            "separator": "|",
            "options": [
                "Housing",
                "Debt",
                "Health",
                {"code": 4, "label": "None", "exclusive": True},
            ],
            "ask_if": {"not": {"question": "channels", "in": ["None of these"]}},
        },
        {
            "id": "rating",
            "type": "grid",
            "text": "How do you rate...",
            "options": ["Good", "Poor", {"code": 3, "label": "Don't know", "dont_know": True}],
            "items": [
                {"id": "council", "label": "The council"},
                {"id": "police", "label": "Police"},
            ],
            "ask_if": {
                "any": [
                    {"question": "size", "in": ["Large"]},
                    {
                        "all": [
                            {"question": "funded", "in": ["Council"]},
                            {"question": "channels", "in": ["Post", "Phone"]},
                        ]
                    },
                ]
            },
        },
        {"id": "comments", "type": "text", "text": "Anything else?"},
    ],
}


def sink() -> tt.Survey:
    return tt.Survey.from_dict(KITCHEN_SINK)


def valid_frame() -> pd.DataFrame:
    """Four members, hand-checked against the routing of KITCHEN_SINK."""
    return pd.DataFrame(
        {
            "rid": [1, 2, 3, 4],
            "funded": ["Council", "Nobody", "Trust", None],
            "size": ["Large", "Small", "Don't know", SKIPPED],
            "grant": [100, NOT_ASKED, 700, NOT_ASKED],
            "channels_post": [1, 0, 0, SKIPPED],
            "channels_phone": [1, 0, 0, SKIPPED],
            "channels_none": [0, 0, 1, SKIPPED],
            "topics": ["Housing|Debt", "None", NOT_ASKED, SKIPPED],
            "rating_council": ["Good", NOT_ASKED, NOT_ASKED, NOT_ASKED],
            "rating_police": ["Don't know", NOT_ASKED, NOT_ASKED, NOT_ASKED],
            "comments": ["Thanks", None, SKIPPED, SKIPPED],
        }
    )


def failures_of(survey: tt.Survey, df: pd.DataFrame, **options: Any) -> pd.DataFrame:
    with pytest.raises(tt.SurveyValidationError) as info:
        survey.validate(df, **options)
    failures: pd.DataFrame = info.value.failures
    assert list(failures.columns) == list(tt.survey.FAILURE_COLUMNS)
    return failures


# -- question types ------------------------------------------------------------------------


def test_every_question_type_is_built_from_the_mapping() -> None:
    survey = sink()
    kinds = {q.id: type(q).__name__ for q in survey.questions}
    assert kinds == {
        "funded": "SingleQuestion",
        "size": "OrdinalQuestion",
        "grant": "NumericQuestion",
        "channels": "MultiQuestion",
        "topics": "MultiQuestion",
        "rating": "GridQuestion",
        "comments": "TextQuestion",
    }


def test_columns_of_each_question_type() -> None:
    survey = sink()
    assert survey.question("funded").columns == ("funded",)
    assert survey.question("channels").columns == (
        "channels_post",
        "channels_phone",
        "channels_none",
    )
    assert survey.question("topics").columns == ("topics",)
    assert survey.question("rating").columns == ("rating_council", "rating_police")
    assert survey.columns[0] == "rid"
    assert len(survey.columns) == 1 + 1 + 1 + 1 + 3 + 1 + 2 + 1


def test_string_options_are_coded_from_one_and_flags_are_kept() -> None:
    topics = sink().question("topics")
    assert [o.code for o in topics.options] == [1, 2, 3, 4]
    assert isinstance(topics, tt.MultiQuestion)
    assert topics.exclusive == ("None",)
    assert topics.separator == "|"
    assert sink().question("size").dont_know == ("Don't know",)


def test_ordinal_scale_leaves_out_dont_know() -> None:
    size = sink().question("size")
    assert isinstance(size, tt.OrdinalQuestion)
    assert size.scale == ("Small", "Large")


def test_numeric_bounds_and_bands() -> None:
    grant = sink().question("grant")
    assert isinstance(grant, tt.NumericQuestion)
    assert grant.in_bounds(0)
    assert grant.in_bounds(1000)
    assert not grant.in_bounds(1001)
    assert grant.band_of(499) == "Under 500"
    assert grant.band_of(500) == "500 or more"


def test_option_lookup_by_label_or_code() -> None:
    funded = sink().question("funded")
    assert funded.option("Trust") == funded.option(2) == funded.option(2.0) == funded.option("2")
    assert funded.option(True) is None
    assert funded.option(7) is None


def test_grid_items_default_ids_and_columns() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {
                    "id": "g",
                    "type": "grid",
                    "text": "G?",
                    "options": ["a", "b"],
                    "items": ["x", "y"],
                }
            ],
        }
    )
    grid = survey.question("g")
    assert isinstance(grid, tt.GridQuestion)
    assert [(i.id, i.label, i.column) for i in grid.items] == [("1", "x", "g_1"), ("2", "y", "g_2")]


# -- routing -------------------------------------------------------------------------------


def test_routing_conditions_are_parsed_into_objects() -> None:
    survey = sink()
    assert survey.question("grant").ask_if == Is("funded", ("Council", "Trust"))
    assert survey.question("topics").ask_if == Not(Is("channels", ("None of these",)))
    rating = survey.question("rating").ask_if
    assert isinstance(rating, AnyOf)
    assert isinstance(rating.conditions[1], All)


def test_routing_description_in_words() -> None:
    rating = sink().question("rating").ask_if
    assert rating is not None
    assert rating.describe() == (
        "size is 'Large' or (funded is 'Council' and channels is 'Post' or 'Phone')"
    )


def test_asked_follows_routing_on_labels_codes_and_ticks() -> None:
    survey = sink()
    df = valid_frame()
    assert survey.asked(df, "funded").tolist() == [True, True, True, True]
    assert survey.asked(df, "grant").tolist() == [True, False, True, False]
    assert survey.asked(df, "topics").tolist() == [True, True, False, True]
    assert survey.asked(df, "rating").tolist() == [True, False, False, False]
    coded = df.assign(funded=[1, 3, 2, -99])
    assert survey.asked(coded, "grant").tolist() == [True, False, True, False]


def test_asked_keeps_the_index_and_handles_absent_routing_columns() -> None:
    survey = sink()
    df = valid_frame().set_index("rid", drop=False)
    assert survey.asked(df, "grant").index.tolist() == [1, 2, 3, 4]
    assert survey.asked(pd.DataFrame({"x": [1]}), "grant").tolist() == [False]


def test_asked_frame_has_a_column_per_question_in_the_order_given() -> None:
    survey = sink()
    df = valid_frame().set_index("rid", drop=False)
    asked = survey.asked_frame(df, ["rating", "grant", "funded"])
    assert list(asked.columns) == ["rating", "grant", "funded"]
    assert asked.index.tolist() == [1, 2, 3, 4]
    assert asked.to_dict("list") == {
        "rating": [True, False, False, False],
        "grant": [True, False, True, False],
        "funded": [True, True, True, True],
    }
    assert survey.asked_frame(df, "grant")["grant"].tolist() == [True, False, True, False]
    assert survey.asked_frame(df.iloc[:0], ["grant"]).shape == (0, 1)


def test_asked_refuses_what_it_cannot_read() -> None:
    survey = sink()
    df = valid_frame()
    with pytest.raises(tt.QuestionNotFoundError, match="grnt"):
        survey.asked_frame(df, ["grnt"])
    with pytest.raises(tt.InvalidOptionError, match="'grant' given more than once"):
        survey.asked_frame(df, ["grant", "rating", "grant"])
    twice = pd.concat([df, df[["funded"]]], axis=1)
    for call in (survey.asked, survey.asked_frame):
        with pytest.raises(tt.InvalidDataError, match="DataFrame"):
            call(df.to_dict("list"), "grant")  # type: ignore[operator]
        with pytest.raises(tt.InvalidDataError, match="more than one column named 'funded'"):
            call(twice, "grant")  # type: ignore[operator]


def test_asked_refuses_true_and_false_in_a_routing_column() -> None:
    # Before: True/False matched no option, so those respondents were silently not asked
    # (prepare() refuses the same cells).
    survey = sink()
    df = valid_frame().set_index("rid", drop=False)
    truths = df.assign(funded=pd.Series([True, "No", False, "Yes"], index=df.index, dtype=object))
    for call in (survey.asked, survey.asked_frame):
        with pytest.raises(
            tt.InvalidDataError, match=r"'funded' holds True/False \(rows \[1, 3\]\)"
        ):
            call(truths, "grant")  # type: ignore[operator]
    assert survey.asked(df, "grant").tolist() == [True, False, True, False]  # the rest reads


def test_delimited_routing() -> None:
    book = {
        "title": "T",
        "questions": [
            {"id": "m", "type": "multi", "form": "delimited", "text": "M?", "options": ["a", "b"]},
            {"id": "f", "type": "text", "text": "F?", "ask_if": {"question": "m", "in": ["b"]}},
        ],
    }
    survey = tt.Survey.from_dict(book)
    df = pd.DataFrame({"m": ["a;b", "a", None, 2]})
    assert survey.asked(df, "f").tolist() == [True, False, False, True]


def test_ordered_questions_put_routing_questions_first() -> None:
    book = {
        "title": "T",
        "questions": [
            {
                "id": "later",
                "type": "text",
                "text": "?",
                "ask_if": {"question": "first", "in": ["y"]},
            },
            {"id": "first", "type": "single", "text": "?", "options": ["y", "n"]},
        ],
    }
    order = [q.id for q in tt.Survey.from_dict(book).ordered_questions()]
    assert order == ["first", "later"]


# -- codebook errors -----------------------------------------------------------------------


def book_with(*questions: dict[str, Any]) -> dict[str, Any]:
    return {"title": "T", "questions": list(questions)}


YES_NO = {"id": "a", "type": "single", "text": "A?", "options": ["Yes", "No"]}


@pytest.mark.parametrize(
    ("book", "match"),
    [
        (
            book_with({"id": "a", "type": "colour", "text": "?"}),
            r"question 'a': unknown question type 'colour'",
        ),
        (book_with(YES_NO, YES_NO), r"question 'a': duplicate question id 'a'"),
        (
            book_with({**YES_NO, "options": ["Yes", "Yes"]}),
            r"question 'a'.*duplicate option label 'Yes'",
        ),
        (
            book_with(
                {**YES_NO, "options": [{"code": 1, "label": "Y"}, {"code": 1, "label": "N"}]}
            ),
            r"duplicate option code 1",
        ),
        (
            book_with(
                {"id": "b", "type": "text", "text": "?", "ask_if": {"question": "zz", "in": ["x"]}}
            ),
            r"question 'b': routing names the unknown question 'zz'",
        ),
        (
            book_with(
                YES_NO,
                {
                    "id": "b",
                    "type": "text",
                    "text": "?",
                    "ask_if": {"question": "a", "in": ["Maybe"]},
                },
            ),
            r"question 'b': routing names unknown options \['Maybe'\] of 'a'",
        ),
        (
            book_with(
                {**YES_NO, "ask_if": {"question": "b", "in": ["Yes"]}},
                {**YES_NO, "id": "b", "ask_if": {"question": "a", "in": ["Yes"]}},
            ),
            r"routing cycle a -> b -> a",
        ),
        (
            book_with({**YES_NO, "ask_if": {"question": "a", "in": ["Yes"]}}),
            r"routing cycle a -> a",
        ),
        (book_with({**YES_NO, "ask_if": "a == 'Yes'"}), r"routing condition must be a table"),
        (book_with({**YES_NO, "ask_if": {"question": "a"}}), r"needs a non-empty list `in`"),
        (book_with({**YES_NO, "colour": "red"}), r"unknown keys \['colour'\]"),
        (
            book_with({"id": "a", "type": "single", "text": "A?"}),
            r"a single question needs options",
        ),
        (book_with({"type": "single", "text": "A?"}), r"a question has no id"),
        (book_with({**YES_NO, "options": ["Yes", "<skipped>"]}), r"which reads as missing"),
        (book_with({**YES_NO, "options": ["Yes", " "]}), r"which reads as missing"),
        (
            book_with({**YES_NO, "type": "multi", "form": "delimited", "options": ["a;b", "c"]}),
            r"separator ';' is empty or occurs in the labels \['a;b'\]",
        ),
        (
            book_with(
                YES_NO,
                {
                    "id": "b",
                    "type": "numeric",
                    "text": "?",
                    "ask_if": {"question": "c", "in": ["x"]},
                },
                {"id": "c", "type": "numeric", "text": "?"},
            ),
            r"routing on 'c', a numeric question",
        ),
        ({"title": "T", "questions": []}, r"the codebook has no questions"),
        (
            {"title": "T", "questions": [YES_NO], "colour": 1},
            r"unknown top-level keys \['colour'\]",
        ),
        (
            {"title": "T", "questions": [YES_NO], "missing": {"lost": [1]}},
            r"unknown missing kind 'lost'",
        ),
        (
            {"title": "T", "respondent_id": "a", "questions": [YES_NO]},
            r"column 'a' is also used by the respondent id",
        ),
    ],
)
def test_bad_codebooks_raise_codebook_error(book: dict[str, Any], match: str) -> None:
    with pytest.raises(tt.CodebookError, match=match):
        tt.Survey.from_dict(book)


def test_codebook_errors_have_hints() -> None:
    with pytest.raises(tt.CodebookError, match=r"Hint: use one of 'single', 'ordinal'"):
        tt.Survey.from_dict(book_with({"id": "a", "type": "colour", "text": "?"}))


def test_codebook_error_names_the_file_and_question(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('title = "T"\n[[questions]]\nid = "q1"\ntype = "likert"\ntext = "?"\n')
    with pytest.raises(tt.CodebookError, match=r"mine\.toml, question 'q1': unknown question type"):
        tt.Survey.from_toml(path)


def test_toml_syntax_error_names_the_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('title = "T\n')
    with pytest.raises(tt.CodebookError, match=r"broken\.toml: the codebook is not valid TOML"):
        tt.Survey.from_toml(path)


def test_missing_file_is_a_codebook_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(tt.CodebookError, match="no such codebook file"):
        tt.Survey.from_toml(tmp_path / "absent.toml")


def test_question_not_found_suggests_close_ids() -> None:
    with pytest.raises(
        tt.QuestionNotFoundError, match=r"(?s)No question 'fundd'.*Hint: did you mean 'funded'"
    ):
        sink().question("fundd")
    with pytest.raises(KeyError):
        sink().question("nothing like it")


def test_question_is_found_by_column() -> None:
    assert sink().question("channels_phone").id == "channels"


# -- round trips ---------------------------------------------------------------------------


def test_to_dict_round_trips() -> None:
    survey = sink()
    assert tt.Survey.from_dict(survey.to_dict()) == survey


def test_to_toml_round_trips(tmp_path: pathlib.Path) -> None:
    survey = sink()
    path = tmp_path / "sink.toml"
    survey.to_toml(path)
    again = tt.Survey.from_toml(path)
    assert again == survey
    assert again.source == str(path)


def test_toml_writer_escapes_quotes_and_unicode(tmp_path: pathlib.Path) -> None:
    book = book_with(
        {"id": "a", "type": "single", "text": 'Say "hi"\\ £ é\n\t', "options": ["x", "y"]}
    )
    survey = tt.Survey.from_dict(book)
    survey.to_toml(tmp_path / "a.toml")
    assert tt.Survey.from_toml(tmp_path / "a.toml").question("a").text == 'Say "hi"\\ £ é\n\t'


def test_with_question_replaces_or_appends_without_changing_the_original() -> None:
    survey = sink()
    new = tt.SingleQuestion(
        "funded", "Funded?", options=tt.survey.options(["Council", "Trust", "Nobody"])
    )
    replaced = survey.with_question(new)
    assert replaced.question("funded").text == "Funded?"
    assert survey.question("funded").text == "Who funds you?"
    assert [q.id for q in replaced.questions] == [q.id for q in survey.questions]
    added = survey.with_question(tt.TextQuestion("extra", "More?"))
    assert added.questions[-1].id == "extra"


def test_with_question_checks_routing() -> None:
    bad = tt.TextQuestion("extra", "More?", ask_if=Is("nothing", ("x",)))
    with pytest.raises(tt.CodebookError, match="unknown question 'nothing'"):
        sink().with_question(bad)


def test_survey_is_hashable_and_has_a_short_repr() -> None:
    survey = sink()
    assert hash(survey) == hash(tt.Survey.from_dict(KITCHEN_SINK))
    assert repr(survey) == "Survey('Kitchen sink', 7 questions, respondent_id='rid')"


# -- specs ---------------------------------------------------------------------------------


def test_spec_of_each_type() -> None:
    survey = sink()
    single = survey.spec("size")
    assert single.options == ("Small", "Large", "Don't know")
    assert single.dont_know == ("Don't know",)
    assert single.title == "How big are you?"
    multi = survey.spec("channels")
    assert multi.columns == ("channels_post", "channels_phone", "channels_none")
    assert multi.exclusive == ("None of these",)
    assert multi.separator is None
    assert survey.spec("topics").separator == "|"
    grid = survey.spec("rating")
    assert grid.items == ("The council", "Police")
    assert grid.columns == ("rating_council", "rating_police")
    assert survey.spec("grant").options == ("Under 500", "500 or more")


def test_spec_is_built_once_and_a_changed_survey_builds_its_own() -> None:
    survey = sink()
    first = survey.spec("grant")
    # Kept: the same object again, by id or by one of the question's columns.
    assert survey.spec("grant") is first
    assert survey.spec("rating_police") is survey.spec("rating")
    # A survey made from it with another population or question has its own specs.
    assert survey.spec("funded").base_description == "all members who answered"
    other = dataclasses.replace(survey, population="firms")
    assert other.spec("funded").base_description == "all firms who answered"
    assert survey.spec("funded").base_description == "all members who answered"
    reworded = survey.with_question(dataclasses.replace(survey.question("grant"), text="How much?"))
    assert reworded.spec("grant").title == "How much?"
    assert survey.spec("grant").title == first.title != "How much?"
    # The kept specs are no part of the survey: equal, hashed, copied and pickled alike.
    assert survey == sink()
    assert hash(survey) == hash(sink())
    for copied in (copy.copy(survey), copy.deepcopy(survey), pickle.loads(pickle.dumps(survey))):
        assert copied == survey
        assert copied.spec("grant") == first
    with pytest.raises(tt.QuestionNotFoundError, match="No question 'grnat'"):
        survey.spec("grnat")


def test_base_descriptions_follow_routing() -> None:
    survey = sink()
    assert survey.spec("funded").base_description == "all members who answered"
    assert survey.spec("grant").base_description == "funded members who answered"
    assert survey.spec("topics").base_description == (
        "members for whom not (channels is 'None of these') who answered"
    )


def test_tables_built_with_a_survey_carry_wording_and_base() -> None:
    survey = sink()
    sizes = tt.tabulate(survey.validate(valid_frame()), "size", survey=survey)
    assert sizes.title == "How big are you?"
    assert sizes.base_description is not None
    assert sizes.base_description.startswith("all members who answered")
    assert sizes.bases["All"] == 3


# -- validate ------------------------------------------------------------------------------


def test_valid_frame_validates_into_ordered_categoricals() -> None:
    survey = sink()
    df = valid_frame()
    before = df.copy()
    out = survey.validate(df)
    pd.testing.assert_frame_equal(df, before)
    assert out is not df
    size = out["size"].dtype
    assert isinstance(size, pd.CategoricalDtype)
    assert size.ordered
    assert list(size.categories) == ["Small", "Large", "Don't know", SKIPPED, NOT_ASKED, REFUSED]
    assert out["size"].tolist() == ["Large", "Small", "Don't know", SKIPPED]
    assert isinstance(out["rating_police"].dtype, pd.CategoricalDtype)
    assert out["grant"].tolist() == [100, NOT_ASKED, 700, NOT_ASKED]


def test_refused_is_valid_only_when_declared() -> None:
    df = valid_frame().assign(size=["Large", "Small", REFUSED, SKIPPED])
    sink().validate(df)
    undeclared = tt.Survey.from_dict({**KITCHEN_SINK, "missing": {}})
    failures = failures_of(undeclared, df)
    assert failures["check"].tolist() == ["undeclared_missing_kind"]
    assert failures["respondent_id"].tolist() == [3]


@pytest.mark.parametrize(
    ("column", "row", "value", "check"),
    [
        ("funded", 1, "Lottery", "unknown_value"),
        ("funded", 1, 2, "code_not_label"),
        ("size", 0, "Huge", "unknown_value"),
        ("grant", 0, 1001, "out_of_bounds"),
        ("grant", 0, -1, "out_of_bounds"),
        ("grant", 0, 10.5, "not_integer"),
        ("grant", 0, "lots", "not_numeric"),
        ("grant", 1, 10, "answered_not_asked"),
        ("grant", 0, NOT_ASKED, "not_asked_but_routed"),
        ("channels_post", 0, 2, "not_binary"),
        ("channels_post", 0, "yes", "not_binary"),
        ("topics", 0, "Housing|Sport", "unknown_value"),
        ("topics", 2, "Housing", "answered_not_asked"),
        ("topics", 0, 3, "not_text"),
        ("rating_council", 1, "Good", "answered_not_asked"),
        ("rating_police", 0, "Fine", "unknown_value"),
        ("comments", 0, 42, "not_text"),
        ("rid", 1, 1, "duplicate_id"),
        ("rid", 1, None, "missing_id"),
    ],
)
def test_each_failure_is_reported_with_question_respondent_value_and_expectation(
    column: str, row: int, value: Any, check: str
) -> None:
    survey = sink()
    df = valid_frame()
    df[column] = df[column].astype(object)
    df.loc[row, column] = value
    failures = failures_of(survey, df)
    hit = failures[failures["check"] == check]
    assert len(hit) >= 1, failures
    first = hit.iloc[0]
    assert first["question"] == survey.question(column).id if column != "rid" else "rid"
    assert first["expected"]


def test_exclusive_option_ticked_with_another() -> None:
    df = valid_frame()
    df.loc[2, "channels_post"] = 1
    failures = failures_of(sink(), df)
    assert failures[["question", "respondent_id", "value", "check"]].values.tolist() == [
        ["channels", 3, "Post; None of these", "exclusive"]
    ]


def test_delimited_exclusive() -> None:
    df = valid_frame().assign(topics=["Housing|None", "None", NOT_ASKED, SKIPPED])
    failures = failures_of(sink(), df)
    assert failures["check"].tolist() == ["exclusive"]


def _delimited_with_none() -> tt.Survey:
    options: list[Any] = ["A", "B", {"label": "None of these", "exclusive": True}]
    question = {"id": "m", "type": "multi", "form": "delimited", "separator": "|"}
    return tt.Survey.from_dict(
        {"title": "T", "questions": [{**question, "text": "M?", "options": options}]}
    )


@pytest.mark.parametrize("copies", [1, 1_000])  # cell by cell, and each distinct cell once
def test_delimited_option_given_twice_is_a_duplicate_not_an_exclusive(copies: int) -> None:
    # The old code accepted "A|A" silently (the slots form reports duplicate_slot) and
    # reported "None of these|None of these" as `exclusive`, ticked with others.
    cells = ["A|A", "None of these|None of these", "B| B", "None of these|None of these|A", "A|B"]
    df = pd.DataFrame({"respondent_id": range(5 * copies), "m": cells * copies})
    before = df.copy()
    failures = failures_of(_delimited_with_none(), df)
    rows = failures[["respondent_id", "value", "check", "expected"]].values.tolist()
    # Per respondent, checks in alphabetical order (the vectorised path lists cell checks
    # before row checks).
    assert sorted((row for row in rows if row[0] < 4), key=lambda row: (row[0], row[2])) == [
        [0, "A|A", "duplicate_option", "each option once; ['A'] given twice"],
        [
            1,
            "None of these|None of these",
            "duplicate_option",
            "each option once; ['None of these'] given twice",
        ],
        [2, "B| B", "duplicate_option", "each option once; ['B'] given twice"],
        [
            3,
            "None of these|None of these|A",
            "duplicate_option",
            "each option once; ['None of these'] given twice",
        ],
        [3, "None of these; A", "exclusive", "['None of these'] ticked alone"],
    ]
    assert len(rows) == 5 * copies
    pd.testing.assert_frame_equal(df, before)


def test_prepare_and_pandera_refuse_a_delimited_option_given_twice() -> None:
    survey = _delimited_with_none()
    df = pd.DataFrame({"respondent_id": [1, 2], "m": ["A|A", "A|B"]})
    with pytest.raises(tt.SurveyValidationError) as info:
        survey.prepare(df)
    assert info.value.failures[["respondent_id", "check"]].values.tolist() == [
        [1, "duplicate_option"]
    ]
    pytest.importorskip("pandera")
    schema = survey.to_pandera()  # imports pandera with PySpark's warning silenced
    import pandera.errors

    with pytest.raises(pandera.errors.SchemaErrors) as schema_info:
        schema.validate(df, lazy=True)
    cases = schema_info.value.failure_cases[["check", "failure_case"]].values.tolist()
    assert cases == [["m: expected labels joined by '|', each once", "A|A"]]


def test_indicator_set_answered_where_not_asked() -> None:
    book = {
        "title": "T",
        "questions": [
            YES_NO,
            {
                "id": "m",
                "type": "multi",
                "text": "M?",
                "options": ["x", "y"],
                "ask_if": {"question": "a", "in": ["Yes"]},
            },
        ],
    }
    survey = tt.Survey.from_dict(book)
    df = pd.DataFrame(
        {"respondent_id": [1, 2], "a": ["Yes", "No"], "m_1": [1, 1], "m_2": [0, NOT_ASKED]}
    )
    failures = failures_of(survey, df)
    assert failures[["question", "respondent_id", "check"]].values.tolist() == [
        ["m", 2, "answered_not_asked"]
    ]
    # An unticked box beside the marker is no answer (a platform's "not asked" export).
    survey.validate(df.assign(m_1=[1, 0]))


def test_missing_and_unknown_columns() -> None:
    df = valid_frame().drop(columns=["comments"]).assign(extra=1)
    failures = failures_of(sink(), df)
    assert sorted(failures["check"]) == ["missing_column", "unknown_column"]
    assert failures.set_index("check").loc["unknown_column", "column"] == "extra"
    with pytest.raises(tt.SurveyValidationError) as info:
        sink().validate(df, allow_extra_columns=True)
    assert info.value.failures["check"].tolist() == ["missing_column"]


def test_missing_respondent_id_column() -> None:
    failures = failures_of(sink(), valid_frame().drop(columns=["rid"]))
    assert failures["check"].tolist() == ["missing_column"]
    assert failures["question"].tolist() == ["rid"]


def test_all_failures_are_collected_in_one_error() -> None:
    df = valid_frame().assign(
        funded=["Council", "Lottery", "Trust", "Pools"], size=["Large", "Huge", "Huge", "Huge"]
    )
    with pytest.raises(tt.SurveyValidationError) as info:
        sink().validate(df)
    message = str(info.value)
    assert message.startswith("5 failures in 2 questions against Kitchen sink:")
    assert "- unknown_value: question 'funded', respondent 2: 'Lottery'; expected one of" in message
    assert "Hint:" in message
    assert len(info.value.failures) == 5


def test_long_failure_lists_are_truncated_in_the_message() -> None:
    df = pd.concat([valid_frame()] * 10, ignore_index=True)
    df["rid"] = range(len(df))
    df["size"] = "Huge"
    with pytest.raises(tt.SurveyValidationError, match=r"\.\.\. and 25 more \(see `\.failures`\)"):
        sink().validate(df)


def test_validate_works_on_pandas_string_and_categorical_columns() -> None:
    df = valid_frame()
    df["comments"] = df["comments"].astype("string")
    df["funded"] = df["funded"].astype("category")
    sink().validate(df)
    again = sink().validate(sink().validate(valid_frame()))
    assert again["size"].tolist() == ["Large", "Small", "Don't know", SKIPPED]


def test_to_pandera_accepts_valid_and_rejects_invalid_frames() -> None:
    pytest.importorskip("pandera")
    schema = sink().to_pandera()
    schema.validate(valid_frame())
    bad = valid_frame()
    bad.loc[1, "rid"] = 1
    bad.loc[0, "funded"] = "Lottery"
    bad.loc[2, "channels_post"] = 1
    bad.loc[1, "rating_council"] = "Good"
    import pandera.errors

    with pytest.raises(pandera.errors.SchemaErrors) as info:
        schema.validate(bad, lazy=True)
    checks = " ".join(str(c) for c in info.value.failure_cases["check"].tolist())
    assert "funded: expected one of ['Council', 'Trust', 'Nobody']" in checks
    assert "channels: ['None of these'] ticked alone" in checks
    assert "rating: answered only if size is 'Large'" in checks
    assert "field_uniqueness" in checks


def test_import_tracktr_does_not_import_pandera_or_hypothesis() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tracktr as tt; tt.surveys.tracktr_2015();"
        "heavy = ('pandera', 'hypothesis', 'scipy', 'matplotlib');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- prepare -------------------------------------------------------------------------------


def raw_frame() -> pd.DataFrame:
    """valid_frame() as a survey platform would export it: codes, sentinels, blanks."""
    return pd.DataFrame(
        {
            "rid": [1, 2, 3, 4],
            "funded": [1, 3, 2, -99],
            "size": [2, 1, 9, np.nan],
            "grant": ["100", None, 700, None],
            "channels_post": [1, 0, 0, None],
            "channels_phone": [1, None, 0, None],
            "channels_none": [0, 0, 1, None],
            "topics": ["1|2", "4", "", None],
            "rating_council": [1, None, None, -97],
            "rating_police": [3, None, None, None],
            "comments": ["Thanks", "", " ", -98],
        }
    )


def test_prepare_turns_codes_sentinels_and_blanks_into_labels_and_markers() -> None:
    survey = sink()
    raw = raw_frame()
    before = raw.copy()
    prepared = survey.prepare(raw)
    pd.testing.assert_frame_equal(raw, before)
    data = prepared.data
    assert data["funded"].tolist() == ["Council", "Nobody", "Trust", SKIPPED]
    assert data["size"].tolist() == ["Large", "Small", "Don't know", SKIPPED]
    assert data["grant"].tolist() == [100, NOT_ASKED, 700, NOT_ASKED]
    assert data["channels_phone"].tolist() == [1, 0, 0, SKIPPED]
    assert data["topics"].tolist() == ["Housing|Debt", "None", NOT_ASKED, SKIPPED]
    assert data["rating_council"].tolist() == ["Good", NOT_ASKED, NOT_ASKED, NOT_ASKED]
    assert data["comments"].tolist() == ["Thanks", SKIPPED, SKIPPED, REFUSED]
    assert isinstance(data["funded"].dtype, pd.CategoricalDtype)


def test_prepare_reports_every_change() -> None:
    prepared = sink().prepare(raw_frame())
    changes = prepared.changes
    assert list(changes.columns) == [
        "question",
        "column",
        "respondent_id",
        "before",
        "after",
        "reason",
    ]
    row = changes[(changes["column"] == "channels_phone") & (changes["respondent_id"] == 2)]
    assert row[["before", "after", "reason"]].values.tolist()[0][1:] == [0, "blank_in_answered_set"]
    sentinel = changes[(changes["column"] == "funded") & (changes["respondent_id"] == 4)]
    assert sentinel[["before", "after", "reason"]].values.tolist() == [[-99, SKIPPED, "sentinel"]]
    text = changes[changes["reason"] == "number_text"]
    assert text[["column", "before", "after"]].values.tolist() == [["grant", "100", 100]]
    assert prepared.summary().loc[("funded", "code")] == 3
    assert repr(prepared) == f"Prepared(4 respondents, {len(changes)} cells changed)"
    pd.testing.assert_frame_equal(prepared.to_frame(), changes)


def test_prepare_of_a_prepared_frame_changes_nothing() -> None:
    prepared = sink().prepare(raw_frame())
    again = sink().prepare(prepared.data)
    assert len(again.changes) == 0
    pd.testing.assert_frame_equal(again.data, prepared.data)


def test_prepare_strips_whitespace_around_labels() -> None:
    raw = valid_frame().assign(funded=pd.Series([" Council", "Nobody ", "Trust", None]))
    prepared = sink().prepare(raw)
    assert prepared.data["funded"].tolist()[:3] == ["Council", "Nobody", "Trust"]
    assert set(prepared.changes["reason"]) >= {"whitespace", "blank"}


def test_prepare_raises_when_the_result_does_not_validate() -> None:
    raw = raw_frame().assign(funded=[1, 3, 2, 7])
    with pytest.raises(tt.SurveyValidationError) as info:
        sink().prepare(raw)
    failures = info.value.failures
    assert failures.loc[0, ["question", "respondent_id", "value", "check"]].tolist() == [
        "funded",
        4,
        7,
        "unknown_value",
    ]


# -- data dictionary -----------------------------------------------------------------------


def test_markdown_data_dictionary() -> None:
    text = sink().to_markdown()
    assert text.startswith("# Kitchen sink: data dictionary\n")
    assert "## `grant` (numeric)" in text
    assert "- Routing: `funded is 'Council' or 'Trust'`" in text
    assert "| 3 | None of these | exclusive | `channels_none` |" in text
    assert "| 9 | Don't know | don't know |" in text
    assert "| Under 500 |  | 500 |" in text
    assert "| council | The council | `rating_council` |" in text
    assert "Raw values read as refused: -98." in text


def test_prepare_maps_a_single_code_in_a_delimited_column() -> None:
    raw = raw_frame().assign(topics=pd.Series([1, "4", "", None], dtype=object))
    assert sink().prepare(raw).data["topics"].tolist() == ["Housing", "None", NOT_ASKED, SKIPPED]


def test_respondent_ids_may_be_the_index() -> None:
    df = valid_frame().set_index("rid")
    out = sink().validate(df)
    assert out.index.name == "rid"
    df.loc[2, "funded"] = "Lottery"
    failures = failures_of(sink(), df)
    assert failures[["question", "respondent_id", "check"]].values.tolist() == [
        ["funded", 2, "unknown_value"]
    ]
    duplicated = valid_frame().set_index("rid").rename(index={2: 1})
    assert failures_of(sink(), duplicated)["check"].tolist() == ["duplicate_id"]
    assert sink().prepare(raw_frame().set_index("rid")).data.index.tolist() == [1, 2, 3, 4]


# -- issue 11: numbers, missing codes, collisions, routing depth, wrong inputs ------------

NUMBERS: dict[str, Any] = {
    "title": "Numbers",
    "missing": {"skipped": [-99], "refused": [-98]},
    "questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
        {"id": "n", "type": "numeric", "text": "How many?"},
    ],
}


def numbers_frame(**columns: list[Any]) -> pd.DataFrame:
    size = len(next(iter(columns.values())))
    base = {"respondent_id": list(range(1, size + 1)), "q": ["Yes"] * size, "n": [1] * size}
    return pd.DataFrame({**base, **columns})


def test_prepare_refuses_ambiguous_commas_naming_row_and_value() -> None:
    survey = tt.Survey.from_dict(NUMBERS)
    with pytest.raises(tt.SurveyValidationError, match=r"respondent 1: '2,5'") as info:
        survey.prepare(numbers_frame(n=["2,5", "1,000", "1,000,000", "2.5"]))
    failures = info.value.failures
    assert failures[["respondent_id", "value", "check"]].values.tolist() == [
        [1, "2,5", "ambiguous_separator"],
        [2, "1,000", "ambiguous_separator"],
    ]
    assert "write 2.5 or 25" in failures["expected"].iloc[0]


def test_grouped_thousands_and_decimals_are_read_once_and_recorded() -> None:
    survey = tt.Survey.from_dict(NUMBERS)
    prepared = survey.prepare(numbers_frame(n=["1,000,000", "1,000.5", " 7 ", "2.50"]))
    assert prepared.data["n"].tolist() == [1_000_000, 1000.5, 7, 2.5]
    text = prepared.changes[prepared.changes["reason"] == "number_text"]
    assert text["after"].tolist() == [1_000_000, 1000.5, 7, 2.5]


@pytest.mark.parametrize("value", ["inf", "-Infinity", "nan", "1e400", float("inf"), -np.inf])
def test_non_finite_numbers_are_refused(value: object) -> None:
    survey = tt.Survey.from_dict(NUMBERS)
    with pytest.raises(tt.SurveyValidationError, match="not_finite") as info:
        survey.prepare(numbers_frame(n=[value]))
    assert info.value.failures["check"].tolist() == ["not_finite"]
    if not isinstance(value, str):  # validate() itself refuses infinity, not only prepare()
        with pytest.raises(tt.SurveyValidationError, match="a finite number"):
            survey.validate(numbers_frame(n=[value]))


def test_digits_of_other_scripts_and_underscores_are_not_numbers() -> None:
    survey = tt.Survey.from_dict(NUMBERS)
    with pytest.raises(tt.SurveyValidationError) as info:
        survey.prepare(numbers_frame(n=["١٢", "１２", "1_000", "1 000"]))
    assert info.value.failures["check"].tolist() == ["not_numeric"] * 4


@pytest.mark.parametrize("code", [-99, -99.0, "-99", "-99.0", " -99 ", np.int64(-99)])
def test_missing_codes_match_text_and_numbers_alike(code: object) -> None:
    survey = tt.Survey.from_dict(NUMBERS)
    prepared = survey.prepare(numbers_frame(q=[code, "Yes"], n=[code, "-98"]))
    assert prepared.data["q"].tolist() == [SKIPPED, "Yes"]
    assert prepared.data["n"].tolist() == [SKIPPED, REFUSED]
    assert set(prepared.changes["reason"]) == {"sentinel"}


def test_text_missing_codes_in_the_codebook_match_numbers() -> None:
    survey = tt.Survey.from_dict({**NUMBERS, "missing": {"skipped": ["-99"]}})
    assert survey.prepare(numbers_frame(n=[-99.0])).data["n"].tolist() == [SKIPPED]


@pytest.mark.parametrize(
    ("missing", "options", "match"),
    [
        ({"refused": [1]}, ["Yes", "No"], r"refused code 1 .* code of the option 'Yes'"),
        ({"refused": ["Yes"]}, ["Yes", "No"], r"refused code 'Yes' .* label of the option 'Yes'"),
        ({"skipped": ["-99"]}, [{"code": -99, "label": "Nil"}], r"code of the option 'Nil'"),
        ({"skipped": [2.0]}, ["Yes", "No"], r"skipped code 2.0 .* every 'No' would read"),
    ],
)
def test_missing_code_equal_to_an_option_is_a_codebook_error(
    missing: dict[str, list[Any]], options: list[Any], match: str
) -> None:
    book = {"title": "T", "missing": missing, "questions": [{**YES_NO, "options": options}]}
    with pytest.raises(tt.CodebookError, match=match):
        tt.Survey.from_dict(book)


def test_missing_code_equal_to_a_tick_is_a_codebook_error() -> None:
    multi = {"id": "m", "type": "multi", "text": "M?", "options": ["A", "B"]}
    with pytest.raises(tt.CodebookError, match=r"also a tick \(1/0\)"):
        tt.Survey.from_dict({"title": "T", "missing": {"skipped": [0]}, "questions": [multi]})


def test_missing_codes_must_be_text_or_numbers() -> None:
    with pytest.raises(tt.CodebookError, match=r"\[missing\]: the refused code True"):
        tt.Survey.from_dict(book_with(YES_NO) | {"missing": {"refused": [True]}})


def test_labels_that_are_other_options_codes_are_a_codebook_error() -> None:
    scale = [str(i) for i in range(11)]  # "0".."10" coded 1..11: is a 1 the label or code?
    with pytest.raises(tt.CodebookError, match=r"label '1' \(code 2\) is also the code of"):
        tt.Survey.from_dict(book_with({**YES_NO, "options": scale}))
    # Labels that show their own code are unambiguous.
    same = [{"code": i, "label": str(i)} for i in range(11)]
    assert (
        tt.Survey.from_dict(book_with({**YES_NO, "options": same})).question("a").labels[0] == "0"
    )


@pytest.mark.parametrize(
    ("options", "match"),
    [
        (["Yes", "Yes "], r"'Yes ' with spaces \(or invisible characters\) around it"),
        (["Yes", "\u00a0No"], r"with spaces"),
        (["Yes", "No\u200b"], r"with spaces \(or invisible"),  # a zero-width space
        (["Yes", "YES"], r"'Yes' and the look-alike option label 'YES'"),
        (["Yes", "\uff39\uff45\uff53"], r"look-alike"),  # full-width Ｙｅｓ
        (["Yes", "Don't  know", "don't know"], r"look-alike"),
        (["Yes", "<Refused>"], r"reads as missing \(the marker '<refused>'\)"),
        (["Yes", "not asked"], r"reads as missing \(the marker '<not asked>'\)"),
        (["Yes", ""], r"blank option label"),
        ([{"code": 1, "label": 5}], r"label 5, which is not text"),
        ([{"code": True, "label": "Yes"}], r"non-integer code True"),
        ([], r"a single question needs options"),
    ],
)
def test_option_defects_are_codebook_errors(options: list[Any], match: str) -> None:
    with pytest.raises(tt.CodebookError, match=match):
        tt.Survey.from_dict(book_with({**YES_NO, "options": options}))


def test_delimiter_inside_an_option_label_is_named() -> None:
    multi = {
        "id": "m",
        "type": "multi",
        "form": "delimited",
        "text": "M?",
        "options": ["A", "B", "A;B"],
    }
    with pytest.raises(tt.CodebookError, match=r"occurs in the labels \['A;B'\]"):
        tt.Survey.from_dict(book_with(multi))


def test_question_ids_with_spaces_around_are_refused_and_all_is_an_ordinary_id() -> None:
    with pytest.raises(tt.CodebookError, match="spaces around"):
        tt.Survey.from_dict(book_with({**YES_NO, "id": " a"}))
    survey = tt.Survey.from_dict(book_with({**YES_NO, "id": "All"}, {**YES_NO, "id": "my q"}))
    assert survey.columns == ("respondent_id", "All", "my q")


def test_a_codebook_without_questions_is_refused() -> None:
    with pytest.raises(tt.CodebookError, match="has no questions"):
        tt.Survey.from_dict({"title": "T", "questions": []})


def chain(length: int, *, backwards: bool = False) -> dict[str, Any]:
    """A codebook where each question is asked only of those who said Yes to the previous."""
    questions = []
    for i in range(length):
        parent = i + 1 if backwards else i - 1
        routed = 0 <= parent < length
        question = {**YES_NO, "id": f"q{i}"}
        if routed:
            question["ask_if"] = {"question": f"q{parent}", "in": ["Yes"]}
        questions.append(question)
    return {"title": "Chain", "questions": questions}


@pytest.mark.parametrize("backwards", [False, True])
def test_a_1500_question_routing_chain_needs_no_recursion(backwards: bool) -> None:
    survey = tt.Survey.from_dict(chain(1500, backwards=backwards))
    order = [q.id for q in survey.ordered_questions()]
    expected = [f"q{i}" for i in range(1500)]
    assert order == (expected[::-1] if backwards else expected)
    frame = pd.DataFrame({"q1498": ["Yes", "No"], "q0": ["Yes", "Yes"]})
    routed = "q1497" if backwards else "q1499"  # asked of those who said Yes to q1498
    assert survey.asked(frame, routed).tolist() == [True, False]


def test_a_routing_cycle_through_a_long_chain_is_named() -> None:
    book = chain(1500)
    book["questions"][0]["ask_if"] = {"question": "q1499", "in": ["Yes"]}
    with pytest.raises(tt.CodebookError, match=r"routing cycle q0 -> q1499 -> q1498"):
        tt.Survey.from_dict(book)


def test_routing_on_itself_is_a_cycle_and_on_a_later_question_is_allowed() -> None:
    with pytest.raises(tt.CodebookError, match="routing cycle a -> a"):
        tt.Survey.from_dict(book_with({**YES_NO, "ask_if": {"question": "a", "in": ["Yes"]}}))
    later = tt.Survey.from_dict(
        book_with({**YES_NO, "ask_if": {"question": "b", "in": ["Yes"]}}, {**YES_NO, "id": "b"})
    )
    assert [q.id for q in later.ordered_questions()] == ["b", "a"]


def test_deeply_nested_routing_is_a_codebook_error_not_a_recursion_error() -> None:
    condition: dict[str, Any] = {"question": "a", "in": ["Yes"]}
    for _ in range(5000):
        condition = {"not": condition}
    deep = {"id": "b", "type": "text", "text": "B?", "ask_if": condition}
    with pytest.raises(tt.CodebookError, match=r"question 'b': .* more than 50 levels"):
        tt.Survey.from_dict(book_with(YES_NO, deep))
    built: Any = Is("a", ("Yes",))
    for _ in range(5000):
        built = Not(built)
    question = tt.TextQuestion("b", "B?", ask_if=built)
    with pytest.raises(tt.CodebookError, match="more than 50 levels"):
        tt.Survey("T", (tt.Survey.from_dict(book_with(YES_NO)).questions[0], question))


def test_nesting_up_to_the_limit_evaluates() -> None:
    condition: dict[str, Any] = {"question": "a", "in": ["Yes"]}
    for _ in range(48):  # 49 levels of not around one test: an odd count negates it
        condition = {"not": condition}
    deep = {"id": "b", "type": "text", "text": "B?", "ask_if": {"all": [condition]}}
    survey = tt.Survey.from_dict(book_with(YES_NO, deep))
    assert survey.asked(pd.DataFrame({"a": ["Yes", "No"]}), "b").tolist() == [True, False]


def test_validate_of_a_dict_says_pass_a_dataframe() -> None:
    with pytest.raises(
        tt.InvalidDataError, match=r"validate\(\) needs a pandas DataFrame; got a dict"
    ):
        sink().validate({"rid": [1]})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="prepare"):
        sink().prepare([[1, 2]])  # type: ignore[arg-type]


def test_prepare_of_a_polars_frame_names_polars_and_the_way_in() -> None:
    # Before: "prepare() needs a pandas DataFrame; got a DataFrame" (a polars one).
    pl = pytest.importorskip("polars")
    said = r"(?s)got a polars DataFrame.*frame.to_pandas\(\)"
    with pytest.raises(tt.InvalidDataError, match=said):
        sink().prepare(pl.DataFrame({"rid": [1]}))  # type: ignore[arg-type]


def test_duplicate_column_names_are_named() -> None:
    df = valid_frame()
    df.columns = [*df.columns[:-1], "funded"]
    for action in (sink().validate, sink().prepare):
        with pytest.raises(tt.InvalidDataError, match=r"more than one column named 'funded'"):
            action(df)


def test_list_cells_are_failures_not_crashes() -> None:
    df = valid_frame().astype(object)
    df.at[0, "funded"] = ["Council"]  # a routing question: evaluated before validation
    df.at[1, "rid"] = [2]
    df.at[0, "grant"] = [100]
    failures = failures_of(sink(), df)
    checks = dict(zip(failures["column"], failures["check"], strict=False))
    assert checks["funded"] == "unknown_value"
    assert checks["rid"] == "invalid_id"
    assert checks["grant"] == "not_numeric"
    with pytest.raises(tt.SurveyValidationError):
        sink().prepare(df)


def test_codebook_with_a_byte_order_mark_reads(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + tt.surveys.path("tracktr_2015").read_bytes())
    assert tt.Survey.from_toml(path) == tt.surveys.tracktr_2015()


def test_codebook_folder_or_other_encoding_is_a_codebook_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(tt.CodebookError, match="is a directory, not a codebook"):
        tt.Survey.from_toml(tmp_path)
    path = tmp_path / "cp1252.toml"
    path.write_bytes('title = "Café"\n'.encode("cp1252"))
    with pytest.raises(tt.CodebookError, match=r"cp1252.toml: the codebook is not UTF-8"):
        tt.Survey.from_toml(path)


def test_grid_items_that_do_not_match_the_columns() -> None:
    df = pd.DataFrame({"a": ["Good", "Poor"], "b": ["Poor", "Good"]})
    with pytest.raises(tt.InvalidOptionError, match=r"1 items \['A'\] for 2 columns"):
        tt.grid(df, "g", columns=["a", "b"], items=["A"])


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ({"min": 10, "max": 1}, r"`min` 10 is above `max` 1"),
        ({"min": float("-inf")}, r"`min` must be a finite number, got -inf"),
        ({"bands": [{"label": "a", "min": 5, "max": 5}]}, r"band 'a' holds nothing"),
        (
            {"bands": [{"label": "a", "max": 10}, {"label": "b", "min": 5}]},
            r"bands 'a' and 'b' overlap: a value of 5 falls in both",
        ),
    ],
)
def test_numeric_bounds_and_bands_that_cannot_hold(extra: dict[str, Any], match: str) -> None:
    numeric = {"id": "n", "type": "numeric", "text": "N?", **extra}
    with pytest.raises(tt.CodebookError, match=match):
        tt.Survey.from_dict(book_with(numeric))


def test_questions_built_in_python_get_the_codebook_checks() -> None:
    twice = tt.SingleQuestion("q", "Q?", options=tt.survey.options(["Yes", "YES"]))
    with pytest.raises(tt.CodebookError, match="look-alike"):
        tt.Survey("T", (twice,))
    with pytest.raises(tt.CodebookError, match="respondent id column is ''"):
        tt.Survey("T", (tt.TextQuestion("t", "T?"),), respondent_id="")


def test_cells_with_a_no_break_space_prepare_to_the_label() -> None:
    survey = tt.Survey.from_dict(NUMBERS)
    prepared = survey.prepare(numbers_frame(q=["Yes\u00a0", "\u00a0No"], n=[1, "\u00a02\u00a0"]))
    assert prepared.data["q"].tolist() == ["Yes", "No"]
    assert prepared.data["n"].tolist() == [1, 2]


# -- repeated and blank respondent ids: one failure each, naming the rows ------------------------

ONE_QUESTION = {
    "title": "Ids",
    "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}],
}


def id_frame(ids: list[object], n: int) -> pd.DataFrame:
    """`ids` first, then unique ids up to `n` rows (from 2,000 rows validation vectorises)."""
    kind = str if any(isinstance(v, str) for v in ids) else int
    rest = [kind(1_000 + k) for k in range(n - len(ids))]
    return pd.DataFrame({"respondent_id": pd.Series([*ids, *rest], dtype=object), "q": "Yes"})


@pytest.mark.parametrize("n", [8, 2_500])  # cell by cell, and vectorised when the ids are plain
@pytest.mark.parametrize(
    ("ids", "repeated", "rows"),
    [
        ([7, "a", 7, None, "a", 7, "  ", 9], (7, "a"), "7 at rows 0, 2, 5; 'a' at rows 1, 4"),
        ([7, 8, 7, None, 8, 7, np.nan, 9], (7, 8), "7 at rows 0, 2, 5; 8 at rows 1, 4"),
        (
            ["b", "a", "b", None, "a", "b", "", "c"],
            ("a", "b"),
            "'a' at rows 1, 4; 'b' at rows 0, 2, 5",
        ),
    ],
)
def test_repeated_and_blank_ids_are_one_failure_each_naming_the_rows(
    n: int, ids: list[object], repeated: tuple[object, ...], rows: str
) -> None:
    # Before: one failure per row (3,000 failures for one id repeated 3,000 times).
    survey = tt.Survey.from_dict(ONE_QUESTION)
    failures = failures_of(survey, id_frame(ids, n))
    assert failures["check"].tolist() == ["missing_id", "duplicate_id"]
    assert failures["respondent_id"].tolist() == [None, None]
    assert failures["value"].tolist() == [None, repeated]
    blank, duplicate = failures["expected"].tolist()
    assert blank == "a respondent id in every row; blank in 2 rows: 3, 6 (0-based positions)"
    assert duplicate == f"unique respondent ids; repeated: {rows} (0-based positions)"


def test_an_id_repeated_on_every_row_is_one_failure() -> None:
    survey = tt.Survey.from_dict(ONE_QUESTION)
    frame = pd.DataFrame({"respondent_id": [1] * 3_000, "q": "Yes"})
    failures = failures_of(survey, frame)
    assert failures["check"].tolist() == ["duplicate_id"]
    assert (
        failures["expected"]
        .iloc[0]
        .endswith("1 at rows 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2990 more (0-based positions)")
    )
    blank = pd.DataFrame({"respondent_id": [None] * 3_000, "q": "Yes"})
    assert failures_of(survey, blank)["check"].tolist() == ["missing_id"]


@pytest.mark.parametrize(
    "other", ["Don\u2019t know", "Don`t know", "Don\u00b4t know", "DON\u02bcT KNOW"]
)
def test_labels_that_differ_only_in_the_shape_of_an_apostrophe_are_refused(other: str) -> None:
    # They print alike, and cells are read with apostrophes folded: two such options made
    # two rows a reader could not tell apart.
    with pytest.raises(tt.CodebookError, match="look-alike option label"):
        tt.Survey.from_dict(
            {
                "title": "T",
                "questions": [
                    {"id": "v", "type": "single", "text": "V?", "options": ["Don't know", other]}
                ],
            }
        )

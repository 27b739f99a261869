"""Properties of codebooks: generated frames validate, defects are reported, tables add up."""

from __future__ import annotations

import pathlib
import tempfile
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
import tracktr.testing
from tests.test_survey import KITCHEN_SINK
from tracktr._numbers import parse_number
from tracktr.missing import MARKERS
from tracktr.survey._codebook import _trimmed, label_key

SINK = tt.Survey.from_dict(KITCHEN_SINK)
TRACKTR = tt.surveys.tracktr_2015()
# The trackTR codebook has 120 columns: keep its examples few and small.
FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODERATE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _answers(series: pd.Series) -> int:
    return int((~(series.isna() | series.astype(object).isin(list(MARKERS)))).sum())


@MODERATE
@given(tt.testing.responses(SINK, max_size=15))
def test_generated_frames_validate(df: pd.DataFrame) -> None:
    before = df.copy()
    out = SINK.validate(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == list(df.columns)


@FEW
@given(tt.testing.responses(TRACKTR, max_size=12))
def test_generated_tracktr_frames_validate(df: pd.DataFrame) -> None:
    TRACKTR.validate(df)


@MODERATE
@given(tt.testing.invalid_responses(SINK, max_size=10))
def test_every_injected_defect_is_reported(bad: tt.testing.InvalidFrame) -> None:
    with pytest.raises(tt.SurveyValidationError) as info:
        SINK.validate(bad.data)
    assert bad.defect.found_in(info.value.failures), (bad.defect, info.value.failures)


@FEW
@given(tt.testing.invalid_responses(TRACKTR, max_size=8))
def test_every_injected_defect_is_reported_for_tracktr(bad: tt.testing.InvalidFrame) -> None:
    with pytest.raises(tt.SurveyValidationError) as info:
        TRACKTR.validate(bad.data)
    assert bad.defect.found_in(info.value.failures)


@FEW
@given(tt.testing.responses(SINK, max_size=10))
def test_pandera_schema_agrees_on_valid_frames(df: pd.DataFrame) -> None:
    SINK.to_pandera().validate(df, lazy=True)


@FEW
@given(tt.testing.invalid_responses(SINK, max_size=8))
def test_pandera_schema_agrees_on_invalid_frames(bad: tt.testing.InvalidFrame) -> None:
    import pandera.errors

    with pytest.raises((pandera.errors.SchemaErrors, pandera.errors.SchemaError)):
        SINK.to_pandera().validate(bad.data, lazy=True)


@MODERATE
@given(tt.testing.responses(SINK, max_size=12))
def test_prepare_of_a_valid_frame_only_fills_blanks(df: pd.DataFrame) -> None:
    prepared = SINK.prepare(df)
    assert set(prepared.changes["reason"]) <= {"blank"}
    again = SINK.prepare(prepared.data)
    assert len(again.changes) == 0


@MODERATE
@given(tt.testing.responses(SINK, max_size=12))
def test_codes_prepare_back_to_labels(df: pd.DataFrame) -> None:
    coded = df.copy()
    for question in SINK.questions:
        if question.type in ("single", "ordinal", "grid"):
            codes = {o.label: o.code for o in question.options}
            for column in question.columns:
                coded[column] = df[column].map(lambda v, c=codes: c.get(v, v)).astype(object)
    prepared = SINK.prepare(coded).data
    expected = SINK.prepare(df).data
    pd.testing.assert_frame_equal(prepared, expected)


@FEW
@given(tt.testing.responses(TRACKTR, max_size=12))
def test_tabulated_counts_sum_to_their_bases(df: pd.DataFrame) -> None:
    data = TRACKTR.validate(df)
    for question in TRACKTR.questions:
        if question.type in ("single", "ordinal"):
            table = tt.tabulate(data, question.id, survey=TRACKTR)
            assert table.counts["All"].sum() == table.bases["All"] == _answers(df[question.id])
        elif question.type == "grid":
            table = tt.tabulate(data, question.id, survey=TRACKTR)
            for item, column in zip(table.counts.index, question.columns, strict=True):
                assert table.counts.loc[item].sum() == table.bases[item] == _answers(df[column])
        elif question.type == "multi":
            table = tt.tabulate(data, question.id, survey=TRACKTR)
            assert (table.counts["All"] <= table.bases["All"]).all()
            # A respondent who ticked nothing reads as skipped (multi_response's default).
            answered = (
                df[list(question.columns)].map(lambda v: v is not None and v == 1).any(axis=1)
            )
            assert table.bases["All"] == int(answered.sum())


@FEW
@given(tt.testing.responses(TRACKTR, max_size=12))
def test_routed_bases_never_exceed_those_asked(df: pd.DataFrame) -> None:
    data = TRACKTR.validate(df)
    for question_id in ("crc_role", "crc_ispa", "outside_role", "outside_funding_sustainable"):
        table = tt.tabulate(data, question_id, survey=TRACKTR)
        assert table.bases["All"] <= int(TRACKTR.asked(df, question_id).sum())
        assert table.title == TRACKTR.question(question_id).text


_TEXT = st.text(min_size=1, max_size=15)
# A codebook refuses labels with spaces around them, labels that read as a missing marker
# or as a number (which could be another option's code), and look-alike duplicates.
_MARKER_KEYS = {label_key(m) for m in MARKERS} | {label_key(m.strip("<>")) for m in MARKERS}
_LABEL = _TEXT.filter(
    lambda t: (
        bool(t.strip())
        and t == _trimmed(t)
        and label_key(t) not in _MARKER_KEYS
        and isinstance(parse_number(t), str)
    )
)

_WORDING = _TEXT.filter(str.strip)


@st.composite
def codebooks(draw: st.DrawFn) -> dict[str, Any]:
    """Random small codebooks with arbitrary wording and labels (quotes, unicode, controls)."""
    questions: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 4))):
        qid = f"q{number}"
        kind = draw(st.sampled_from(["single", "ordinal", "multi", "grid", "numeric", "text"]))
        # A blank wording is refused (tables print it as their title).
        question: dict[str, Any] = {"id": qid, "type": kind, "text": draw(_WORDING)}
        if kind in ("single", "ordinal", "multi", "grid"):
            labels = draw(st.lists(_LABEL, min_size=1, max_size=4, unique_by=label_key))
            question["options"] = labels
        if kind == "grid":
            question["items"] = draw(st.lists(_TEXT, min_size=1, max_size=3, unique=True))
        if kind == "numeric":
            # Above the missing code -99, which may not be a valid answer.
            low = draw(st.floats(-1e9, 1e9, allow_nan=False).filter(lambda v: v > -99))
            question["min"] = low
            question["max"] = low + draw(st.floats(0, 1e9, allow_nan=False))
        routable = [q for q in questions if q["type"] in ("single", "ordinal", "multi")]
        routed = draw(st.booleans())
        if routable and routed:
            parent = draw(st.sampled_from(routable))
            question["ask_if"] = {"question": parent["id"], "in": [parent["options"][0]]}
        if draw(st.booleans()):
            question["note"] = draw(_TEXT)
        questions.append(question)
    return {"title": draw(_TEXT), "questions": questions, "missing": {"skipped": ["", -99]}}


@MODERATE
@given(codebooks())
def test_any_codebook_round_trips_through_toml(book: dict[str, Any]) -> None:
    survey = tt.Survey.from_dict(book)
    assert tt.Survey.from_dict(survey.to_dict()) == survey
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "book.toml"
        survey.to_toml(path)
        assert tt.Survey.from_toml(path) == survey
    assert survey.to_markdown().startswith("# ")


@FEW
@given(st.data())
def test_frames_drawn_from_any_codebook_validate(data: st.DataObject) -> None:
    survey = tt.Survey.from_dict(data.draw(codebooks()))
    survey.validate(data.draw(tt.testing.responses(survey, max_size=8)))


def _label_key_by_character(label: str) -> str:
    """label_key without its ASCII shortcut: every character looked up."""
    import unicodedata

    visible = "".join(c for c in label if unicodedata.category(c) != "Cf")
    apostrophes = visible.translate(str.maketrans(dict.fromkeys("\u2018\u2019\u02bc`\u00b4", "'")))
    return " ".join(unicodedata.normalize("NFKC", apostrophes).casefold().split())


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
@settings(max_examples=300)
def test_label_key_ascii_shortcut_is_the_key_by_character(label: str) -> None:
    assert label_key(label) == _label_key_by_character(label)

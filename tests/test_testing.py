"""Unit tests for tracktr.testing: the strategies draw what they promise."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
import tracktr.testing
from tests.test_survey import KITCHEN_SINK
from tracktr.missing import NOT_ASKED
from tracktr.testing import DEFECTS, Defect, InvalidFrame

SINK = tt.Survey.from_dict(KITCHEN_SINK)
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_import_tracktr_does_not_expose_testing_until_imported() -> None:
    import subprocess
    import sys

    code = "import tracktr; print(hasattr(tracktr, 'testing'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@FEW
@given(tt.testing.responses(SINK, min_size=2, max_size=6))
def test_frames_have_the_codebook_columns_and_unique_ids(df: pd.DataFrame) -> None:
    assert list(df.columns) == list(SINK.columns)
    assert 2 <= len(df) <= 6
    assert df["rid"].is_unique


@FEW
@given(tt.testing.responses(SINK, max_size=8))
def test_routed_out_respondents_have_no_answers(df: pd.DataFrame) -> None:
    asked = SINK.asked(df, "grant")
    routed_out = df.loc[~asked, "grant"]
    assert routed_out.map(lambda v: v is None or v == NOT_ASKED).all()


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_every_defect_kind_can_be_drawn_and_is_reported(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(DEFECTS))
    bad = data.draw(tt.testing.invalid_responses(SINK, min_size=2, max_size=5, defects=(kind,)))
    assert bad.defect.check == kind
    with pytest.raises(tt.SurveyValidationError) as info:
        SINK.validate(bad.data)
    assert bad.defect.found_in(info.value.failures)


def test_unknown_defect_kind_is_an_error() -> None:
    with pytest.raises(tt.InvalidOptionError, match=r"unknown defects \['typo'\]"):
        tt.testing.invalid_responses(SINK, defects=("typo",))


def test_defect_found_in_matches_question_check_and_respondent() -> None:
    failures = pd.DataFrame(
        {
            "question": ["size"],
            "column": ["size"],
            "respondent_id": [3],
            "value": ["Huge"],
            "check": ["unknown_value"],
            "expected": ["one of ..."],
        }
    )
    assert Defect("unknown_value", "size", "size", 3, "Huge").found_in(failures)
    assert not Defect("unknown_value", "size", "size", 4, "Huge").found_in(failures)
    assert not Defect("unknown_value", "funded", "funded", 3, "Huge").found_in(failures)
    assert Defect("unknown_value", "size", None, None, None).found_in(failures)


def test_invalid_frame_repr_and_to_frame() -> None:
    frame = pd.DataFrame({"rid": [1]})
    bad = InvalidFrame(frame, Defect("unknown_column", "", "x", None, 0))
    assert repr(bad).startswith("InvalidFrame(1 respondents, Defect(check='unknown_column'")
    copy = bad.to_frame()
    assert copy.equals(frame)
    assert copy is not frame


@pytest.mark.parametrize("bound", [{"min": 2_000_000}, {"max": -2_000_000, "integer": True}])
def test_responses_draw_numbers_beyond_a_million_from_one_bound(bound: dict[str, object]) -> None:
    # Before: hypothesis refused the range (min 2e6, the open max filled in as 1e6), and a
    # max of -2e6 gave only skipped cells, whole numbers never drawn.
    question = {"id": "n", "type": "numeric", "text": "N", **bound}
    survey = tt.Survey.from_dict({"title": "T", "questions": [question]})
    drawn: list[float] = []

    @settings(max_examples=30, deadline=None)
    @given(tt.testing.responses(survey, min_size=3, max_size=5))
    def collect(frame: pd.DataFrame) -> None:
        survey.validate(frame)
        drawn.extend(v for v in frame["n"] if isinstance(v, int | float) and not pd.isna(v))

    collect()
    assert drawn


def test_an_integer_question_with_no_whole_number_in_its_bounds_is_refused() -> None:
    bounds = {"min": 0.2, "max": 0.7, "integer": True}
    question = {"id": "n", "type": "numeric", "text": "N", **bounds}
    with pytest.raises(tt.CodebookError, match="no whole number lies there"):
        tt.Survey.from_dict({"title": "T", "questions": [question]})

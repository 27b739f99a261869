"""Routing on every engine: summaries, multi-response sets and grids follow it as pandas does.

A polars or DuckDB frame is counted as answer patterns (tracktr._engine); with the
routing's columns among them, the pandas count of the patterns reads who was asked as
the pandas count of the rows does: the same bases, missing kinds, notes and refusals.
Before, only tt.frequencies counted the routing's columns; the others read a routed-out
blank as skipped and counted a routed-out answer in the base.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.test_engines import assert_same, assert_same_summary

pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")

ROUTED = {"question": "funded", "in": ["Yes"]}
SURVEY = tt.Survey.from_dict(
    {
        "title": "Routed on every engine",
        "questions": [
            {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]},
            {
                "id": "helps",
                "type": "multi",
                "text": "Which help?",
                "ask_if": ROUTED,
                "options": [
                    {"label": "Housing", "column": "helps_housing"},
                    {"label": "Jobs", "column": "helps_jobs"},
                ],
            },
            {
                "id": "where",
                "type": "multi",
                "text": "Where?",
                "ask_if": ROUTED,
                "form": "delimited",
                "separator": ";",
                "options": ["Prison", "Community"],
            },
            {
                "id": "views",
                "type": "grid",
                "text": "How has it changed?",
                "ask_if": ROUTED,
                "items": [
                    {"id": "demand", "label": "Demand", "column": "views_demand"},
                    {"id": "costs", "label": "Costs", "column": "views_costs"},
                ],
                "options": ["Better", "Worse", {"label": "Don't know", "dont_know": True}],
            },
            {"id": "staff", "type": "numeric", "text": "Staff?", "ask_if": ROUTED},
            {"id": "region", "type": "single", "text": "Region?", "options": ["North", "South"]},
        ],
    }
)

ENGINES: dict[str, Callable[[pd.DataFrame], Any]] = {
    "polars": pl.from_pandas,
    "duckdb": duckdb.from_df,
}
# What a routed-out respondent's cell may hold without breaking the routing.
UNASKED = [None, "<skipped>", "<not asked>"]
TICKS = ["1", "0", *UNASKED]
SCALE = ["Better", "Worse", "Don't know", *UNASKED]
PLACES = ["Prison", "Community", "Prison;Community", *UNASKED]
STAFF = ["0", "2", "3", "10", "2.5", *UNASKED]
QUESTIONS = {
    "helps": ["helps_housing", "helps_jobs"],
    "where": ["where"],
    "views": ["views_demand", "views_costs"],
    "staff": ["staff"],
}


@st.composite
def routed_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Frames where the routing leaves some out: their cells blank, or (some) answered."""
    n = draw(st.integers(min_value=1, max_value=20))

    def column(values: list[Any]) -> list[Any]:
        return draw(st.lists(st.sampled_from(values), min_size=n, max_size=n))

    funded = column(["Yes", "No", None])
    frame = pd.DataFrame(
        {
            "respondent_id": list(range(101, 101 + n)),
            "funded": pd.Series(funded, dtype=object),
            "region": pd.Series(column(["North", "South", None]), dtype=object),
            "helps_housing": pd.Series(column(TICKS), dtype=object),
            "helps_jobs": pd.Series(column(TICKS), dtype=object),
            "where": pd.Series(column(PLACES), dtype=object),
            "views_demand": pd.Series(column(SCALE), dtype=object),
            "views_costs": pd.Series(column(SCALE), dtype=object),
            "staff": pd.Series(column(STAFF), dtype=object),
            "w": draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.25]), min_size=n, max_size=n)),
        }
    )
    # Most frames keep to the routing (every routed-out cell blank, skipped or not asked)
    # so that their tables are compared; the others hold routed-out answers, refused.
    if draw(st.booleans()):
        out = frame["funded"].ne("Yes").to_numpy()
        for columns in QUESTIONS.values():
            for name in columns:
                blanks = pd.Series(column(UNASKED), dtype=object)
                frame.loc[out, name] = blanks[out].to_numpy()
    return frame


TABLES: dict[str, Callable[[Any, bool, str | None], tt.Table]] = {
    "indicators": lambda data, weighted, by: tt.multi_response(
        data, "helps", survey=SURVEY, by=by, weights="w" if weighted else None
    ),
    "indicators-empty-answered": lambda data, weighted, by: tt.multi_response(
        data, "helps", survey=SURVEY, by=by, empty="answered", weights="w" if weighted else None
    ),
    "delimited": lambda data, weighted, by: tt.multi_response(
        data, "where", survey=SURVEY, by=by, weights="w" if weighted else None
    ),
    "grid": lambda data, weighted, by: tt.grid(
        data, "views", survey=SURVEY, by=by, weights="w" if weighted else None
    ),
    "grid-average": lambda data, weighted, by: tt.grid(
        data, "views", survey=SURVEY, by=by, average=True
    ),
}


def same_refusal(call: Callable[[Any], object], frame: pd.DataFrame, native: Any) -> bool:
    """If pandas refuses the frame, the engine refuses it alike; return whether it did.

    The engine finds the respondents behind each refused answer pattern by a filtered
    query: the failures are those of pandas, respondent by respondent, in another order.
    """
    try:
        call(frame)
    except tt.TracktrError as error:
        expected = error
    else:
        return False
    with pytest.raises(type(expected), match=r"^question ") as found:
        call(native)
    if not isinstance(expected, tt.SurveyValidationError):
        return True  # another fault (an option not asked of some: pooled waves)
    refused = found.value
    assert isinstance(refused, tt.SurveyValidationError)
    assert cell_set(refused.failures) == cell_set(expected.failures)
    assert len(refused.failures) == len(expected.failures)
    # The answers quoted and the respondents named: in the order of the rows in pandas,
    # of the patterns on an engine, so compared as sets.
    assert quoted(refused) == quoted(expected)
    return True


def quoted(error: tt.SurveyValidationError) -> tuple[str, set[str], set[str]]:
    """The question an error names, the answers it quotes and the respondents it names."""
    head, _, rest = str(error).partition(" hold answers ")
    answers, _, rest = rest.partition("]: respondents [")
    return head, set(ast.literal_eval(answers + "]")), set(rest.split("]")[0].split(", "))


def cell_set(failures: pd.DataFrame) -> set[tuple[str, ...]]:
    return set(map(tuple, failures.astype(str).to_numpy().tolist()))


@pytest.mark.parametrize("engine", sorted(ENGINES))
@settings(max_examples=15)
@given(
    frame=routed_frames(),
    name=st.sampled_from(sorted(TABLES)),
    weighted=st.booleans(),
    by=st.sampled_from([None, "region", "funded"]),  # "funded": groups no one was asked in
)
def test_sets_and_grids_follow_the_routing_on_every_engine(
    engine: str, frame: pd.DataFrame, name: str, weighted: bool, by: str | None
) -> None:
    weighted = weighted and name != "grid-average"  # no AVERAGE row of a weighted grid
    before = frame.copy()
    native = ENGINES[engine](frame)

    def table(data: Any) -> tt.Table:
        return TABLES[name](data, weighted, by)

    if not same_refusal(table, frame, native):
        assert_same(table(native), table(frame), weighted=weighted)
    pd.testing.assert_frame_equal(frame, before)


SUMMARIES: dict[str, Callable[[Any, bool], tt.Summary]] = {
    "all": lambda data, weighted: tt.summarise(
        data, "staff", survey=SURVEY, weights="w" if weighted else None
    ),
    "by-group": lambda data, weighted: tt.summarise(
        data, "staff", survey=SURVEY, by="region", weights="w" if weighted else None
    ),
    "routing-banner": lambda data, weighted: tt.summarise(
        data, "staff", survey=SURVEY, by=["funded", "region"], weights="w" if weighted else None
    ),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@settings(max_examples=15)
@given(frame=routed_frames(), name=st.sampled_from(sorted(SUMMARIES)), weighted=st.booleans())
def test_summaries_follow_the_routing_on_every_engine(
    engine: str, frame: pd.DataFrame, name: str, weighted: bool
) -> None:
    native = ENGINES[engine](frame)

    def summary(data: Any) -> tt.Summary:
        return SUMMARIES[name](data, weighted)

    if not same_refusal(summary, frame, native):
        whole = not frame["staff"].isin(["2.5"]).any()
        assert_same_summary(summary(native), summary(frame), exact_mean=whole and not weighted)


# -- known values, by hand ---------------------------------------------------------------------

# Respondents 103 and 104 were not funded, so not asked: their cells are blank, skipped
# or not asked, and none of them is in any base.
KNOWN = pd.DataFrame(
    {
        "respondent_id": [101, 102, 103, 104],
        "funded": ["Yes", "Yes", "No", None],
        "region": ["North", "South", "North", "South"],
        "helps_housing": ["1", "0", None, "<skipped>"],
        "helps_jobs": ["1", "0", None, None],
        "where": ["Prison;Community", None, "<skipped>", None],
        "views_demand": ["Better", None, "<skipped>", None],
        "views_costs": ["Worse", "Worse", None, "<not asked>"],
        "staff": ["2", "4", "<skipped>", None],
        "w": [1.0, 2.0, 1.0, 1.0],
    }
)


@pytest.mark.parametrize("engine", ["pandas", *sorted(ENGINES)])
def test_known_bases_of_a_routed_set_grid_and_number(engine: str) -> None:
    # Before, on polars and DuckDB: respondents 103 and 104 were skipped, not "not asked"
    # (indicators 0 where pandas said 2), in the base with empty="answered" (n=4 of 2
    # asked), and the grid and the summary counted their blanks as skipped.
    check_known_bases(KNOWN if engine == "pandas" else ENGINES[engine](KNOWN))


def check_known_bases(data: Any) -> None:
    """The tables of :data:`KNOWN`, counted by hand (test_engines_spark.py runs it too)."""
    ticks = tt.multi_response(data, "helps", survey=SURVEY)
    assert ticks.counts["All"].tolist() == [1, 1]
    assert ticks.bases["All"] == 1  # 102 ticked nothing: skipped
    assert ticks.excluded["All"].to_dict() == {"skipped": 1, "not_asked": 2, "refused": 0}
    answered = tt.multi_response(data, "helps", survey=SURVEY, empty="answered")
    assert answered.bases["All"] == 2  # 101 and 102, not the two routed out
    assert answered.excluded["All"].to_dict() == {"skipped": 0, "not_asked": 2, "refused": 0}
    places = tt.multi_response(data, "where", survey=SURVEY)
    assert places.excluded["All"].to_dict() == {"skipped": 1, "not_asked": 2, "refused": 0}
    views = tt.grid(data, "views", survey=SURVEY)
    assert views.bases.tolist() == [1, 2]
    assert views.excluded.loc["not_asked"].tolist() == [2, 2]
    assert views.excluded.loc["skipped"].tolist() == [1, 0]
    average = tt.grid(data, "views", survey=SURVEY, average=True)
    assert average.percentages().loc["AVERAGE"].tolist() == [50.0, 50.0, 0.0]
    staff = tt.summarise(data, "staff", survey=SURVEY)
    assert staff.excluded["All"].to_dict() == {"skipped": 0, "not_asked": 2, "refused": 0}
    assert staff.statistics.loc["All", ["n", "mean"]].tolist() == [2.0, 3.0]
    weighted = tt.summarise(data, "staff", survey=SURVEY, weights="w")
    assert weighted.statistics.loc["All", "mean"] == pytest.approx(10 / 3, rel=1e-12)


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(
    ("call", "cells"),
    [
        (
            lambda data: tt.multi_response(data, "helps", survey=SURVEY),
            [("helps_housing", "1"), ("helps_jobs", "0")],
        ),
        (lambda data: tt.multi_response(data, "where", survey=SURVEY), [("where", "Prison")]),
        (lambda data: tt.grid(data, "views", survey=SURVEY), [("views_costs", "Better")]),
        (
            lambda data: tt.grid(data, "views", survey=SURVEY, average=True),
            [("views_costs", "Better")],
        ),
        (lambda data: tt.summarise(data, "staff", survey=SURVEY), [("staff", "7")]),
    ],
)
def test_a_routed_out_answer_is_refused_on_every_engine(
    engine: str, call: Callable[[Any], object], cells: list[tuple[str, str]]
) -> None:
    # Before: counted in the base (n=2 where 1 was asked), on polars and DuckDB alike.
    # The engine names respondent 103 as pandas does, from the frame's own ids.
    answered = KNOWN.assign(
        helps_housing=["1", "0", "1", None],
        helps_jobs=["1", "0", "0", None],
        where=["Prison;Community", None, "Prison", None],
        views_costs=["Worse", "Worse", "Better", None],
        staff=["2", "4", "7", None],
    )
    with pytest.raises(tt.SurveyValidationError, match=r"respondents \[103\]"):
        call(answered)
    with pytest.raises(tt.SurveyValidationError, match=r"respondents \[103\]") as error:
        call(ENGINES[engine](answered))
    failures = error.value.failures
    assert failures[["column", "respondent_id"]].values.tolist() == [[c, 103] for c, _ in cells]
    assert failures["value"].astype(str).tolist() == [v for _, v in cells]
    assert failures["check"].eq("answered_not_asked").all()
    # Without the codebook's id column, the rows cannot be named: the message says how
    # to find them, and the failures list the answers.
    with pytest.raises(tt.SurveyValidationError, match=r"in rows of the frame \(filter") as error:
        call(ENGINES[engine](answered.drop(columns="respondent_id")))
    assert error.value.failures["respondent_id"].isna().all()

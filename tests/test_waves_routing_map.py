"""A wave's routing read through the harmonisation map says who that wave asked, or is refused.

Wave "1" asked q2 of the organisations whose q1 is "Yes"; its q1 also offered "Yes, a lot".
A map merging "Yes, a lot" into "Yes" pooled q2 routed on ``q1 is 'Yes'`` (every wave's
condition read through the map alike): the pooled codebook took the "Yes, a lot"
organisations of wave 1 for asked, and routed on ``not (q1 is 'Yes')`` for not asked, so
their answers were refused and their blanks read as not asked. Renames are the same
routing in other words and pool as before.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.survey import Is, Not


def _survey(q1_options: list[str], ask_if: dict[str, Any], *, q1: str = "q1") -> tt.Survey:
    questions = [
        {"id": q1, "type": "single", "text": "Q1?", "options": q1_options},
        {"id": "q2", "type": "single", "text": "Q2?", "options": ["A", "B"], "ask_if": ask_if},
    ]
    return tt.Survey.from_dict({"title": "M", "questions": questions})


def _waves(ask_if: dict[str, Any], q2_first: list[str]) -> dict[str, Any]:
    first = pd.DataFrame(
        {
            "respondent_id": range(1, 7),
            "org": list("abcdef"),
            "q1": ["Yes", "Yes", "Yes, a lot", "Yes, a lot", "No", "No"],
            "q2": q2_first,
        }
    )
    second = pd.DataFrame(
        {
            "respondent_id": range(1, 5),
            "org": list("abcd"),
            "q1": ["Yes", "Yes", "No", "No"],
            "q2": ["A", "B", "<not asked>", "<not asked>"],
        }
    )
    if "not" in ask_if:
        second["q2"] = ["<not asked>", "<not asked>", "A", "B"]
    return {
        "1": (first, _survey(["Yes", "Yes, a lot", "No"], ask_if)),
        "2": (second, _survey(["Yes", "No"], ask_if)),
    }


MERGE = {
    "waves": ["1", "2"],
    "questions": [
        {"id": "q1", "options": ["Yes", "No"], "waves": {"1": {"map": {"Yes, a lot": "Yes"}}}}
    ],
}
YES = {"question": "q1", "in": ["Yes"]}
ASKED_YES = ["A", "<skipped>", "<not asked>", "<not asked>", "<not asked>", "<not asked>"]
ASKED_NOT_YES = ["<not asked>", "<not asked>", "A", "<skipped>", "B", "A"]


def test_pool_refuses_a_routing_on_an_option_the_map_merges_with_another() -> None:
    # Before: pooled with q2 routed on q1 is 'Yes' in both waves; wave 1's "Yes, a lot"
    # organisations (rows 1/3, 1/4) read as asked, so the pooled codebook refused its own
    # rows (validate: not_asked_but_routed for 1/3 and 1/4) and the base line said
    # "respondents for whom q1 is 'Yes'" of a wave that had not asked 2 of them.
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(_waves(YES, ASKED_YES), id="org", harmonise=MERGE)
    assert str(caught.value) == (
        "harmonisation, wave '1', question 'q2': the wave asked it of respondents for whom "
        "q1 is 'Yes', but the map merges q1's options ['Yes', 'Yes, a lot'] into 'Yes', and "
        "its routing names only ['Yes'] of them: the pooled rows cannot tell those who said "
        "['Yes, a lot'] from those the routing names, so no pooled routing says who was "
        "asked.\n\nHint: map ['Yes, a lot'] onto a common option of their own in wave '1' "
        "(the other waves then show a gap there), or leave 'q2' out: [[questions]] id = "
        '"q2" with drop = true.'
    )


def test_pool_refuses_a_negated_routing_through_a_merge() -> None:
    # Before: q2 routed on not (q1 is 'Yes'): wave 1 asked "Yes, a lot" (1/3 answered A,
    # 1/4 skipped), but pooled they are "Yes", read as routed out: every table of q2 raised
    # SurveyValidationError for 1/3's answer, and 1/4's skip was read as not asked (wave
    # 1 asked 1/3, 1/4, 1/5, 1/6: 4 asked, 3 answered, 1 skipped).
    with pytest.raises(tt.CodebookError, match=r"for whom not \(q1 is 'Yes'\)"):
        tt.waves.pool(_waves({"not": YES}, ASKED_NOT_YES), id="org", harmonise=MERGE)
    with pytest.raises(tt.CodebookError, match="question 'q2'"):
        tt.waves.Harmonisation.from_dict(MERGE).resolve(
            {w: s for w, (_, s) in _waves({"not": YES}, ASKED_NOT_YES).items()}
        )


def test_a_routing_that_names_every_merged_option_pools_exactly() -> None:
    # Wave 1 asked "Yes" and "Yes, a lot"; merged, that is q1 is 'Yes', as wave 2 asked.
    first_asked = ["A", "<skipped>", "B", "<skipped>", "<not asked>", "<not asked>"]
    waves = _waves(YES, first_asked)
    first, _ = waves["1"]
    both = {"question": "q1", "in": ["Yes", "Yes, a lot"]}
    waves["1"] = (first, _survey(["Yes", "Yes, a lot", "No"], both))
    pooled = tt.waves.pool(waves, id="org", harmonise=MERGE)
    assert pooled.survey.question("q2").ask_if == Is("q1", ("Yes",))
    pooled.survey.validate(pooled.data, allow_extra_columns=True)
    # Answered: wave 1 A, B (of 4 asked); wave 2 A, B.
    table = tt.frequencies(pooled.data, "q2", survey=pooled.survey, by="wave", total=False)
    assert table.bases.tolist() == [2, 2]


def test_a_renamed_filter_and_option_route_as_the_wave_did() -> None:
    # Wave 1 calls the filter "f" and its yes "Y"; renamed and mapped, the pooled routing
    # is not (q1 is 'Yes') in both waves, and validates the pooled rows.
    first = pd.DataFrame(
        {
            "respondent_id": range(1, 5),
            "org": list("abcd"),
            "f": ["Y", "Y", "No", "No"],
            "q2": ["<not asked>", "<not asked>", "A", "<skipped>"],
        }
    )
    second = pd.DataFrame(
        {
            "respondent_id": range(1, 5),
            "org": list("abcd"),
            "q1": ["Yes", "No", "No", "No"],
            "q2": ["<not asked>", "A", "B", "B"],
        }
    )
    waves = {
        "1": (first, _survey(["Y", "No"], {"not": {"question": "f", "in": ["Y"]}}, q1="f")),
        "2": (second, _survey(["Yes", "No"], {"not": YES})),
    }
    rename = {
        "waves": ["1", "2"],
        "questions": [{"id": "q1", "waves": {"1": {"question": "f", "map": {"Y": "Yes"}}}}],
    }
    pooled = tt.waves.pool(waves, id="org", harmonise=rename)
    assert pooled.survey.question("q2").ask_if == Not(Is("q1", ("Yes",)))
    pooled.survey.validate(pooled.data, allow_extra_columns=True)
    assert tt.waves.trend(pooled, "q2").bases.tolist() == [1, 3]


def _same_routing_waves() -> dict[str, Any]:
    frame = pd.DataFrame(
        {
            "respondent_id": range(1, 5),
            "org": list("abcd"),
            "q1": ["Yes", "Yes", "No", "No"],
            "q2": ["A", "<skipped>", "<not asked>", "<not asked>"],
        }
    )
    return {
        "1": (frame, _survey(["Yes", "No"], YES)),
        "2": (frame.copy(), _survey(["Yes", "No"], YES)),
    }


DROP_FILTER = {"waves": ["1", "2"], "questions": [{"id": "q1", "drop": True}]}
LEFT_OUT = (
    "harmonisation, wave '1', question 'q2': the wave asked it of respondents for whom q1 is "
    "'Yes', and the map leaves 'q1' out (drop = true), so the pooled rows cannot say who was "
    "asked.\n\nHint: keep 'q1' in the pool (remove its drop = true), or leave 'q2' out too: "
    '[[questions]] id = "q2" with drop = true.'
)


def test_pool_refuses_a_routing_on_a_question_the_map_leaves_out() -> None:
    # Before: refused as "the waves ask it of different respondents (1: respondents for
    # whom q1 is 'Yes'; 2: respondents for whom q1 is 'Yes')": the same routing twice.
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(_same_routing_waves(), id="org", harmonise=DROP_FILTER)
    assert str(caught.value) == LEFT_OUT


def test_a_declared_routing_difference_does_not_let_the_filter_go() -> None:
    # Before: pooled with q2 unrouted (ask_if None) and the note "asked of different
    # respondents in each wave", though both waves asked 1/1, 1/2 (and 2/1, 2/2); the
    # pooled codebook then refused its own rows 1/3, 1/4, 2/3, 2/4 (not_asked_but_routed).
    declared = {
        "waves": ["1", "2"],
        "questions": [{"id": "q1", "drop": True}, {"id": "q2", "routing_differs": True}],
    }
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(_same_routing_waves(), id="org", harmonise=declared)
    assert str(caught.value) == LEFT_OUT
    # Dropping both pools the rest.
    both = {"waves": ["1", "2"], "questions": [{"id": "q1", "drop": True},
                                               {"id": "q2", "drop": True}]}  # fmt: skip
    assert tt.waves.pool(_same_routing_waves(), id="org", harmonise=both).notes == (
        "Left out on purpose: q1, q2.",
    )


@settings(max_examples=40, deadline=None)
@given(
    merged_into=st.sampled_from(["a", "b"]),
    routed=st.sets(st.sampled_from(["a", "b", "c"]), min_size=1),
    negated=st.booleans(),
)
def test_the_pooled_routing_asks_whom_each_wave_asked_or_pooling_is_refused(
    merged_into: str, routed: set[str], negated: bool
) -> None:
    # Wave 1 offers a, b, c and the map merges c into a or b; wave 2 offers a, b and
    # routes on the image of wave 1's routing (the same routing in pooled terms).
    def condition(values: list[str]) -> dict[str, Any]:
        named = {"question": "q1", "in": values}
        return {"not": named} if negated else named

    def rows(options: list[str], values: set[str]) -> pd.DataFrame:
        q1 = [o for o in options for _ in range(2)]
        asked = [(v in values) != negated for v in q1]
        q2 = ["A" if a else "<not asked>" for a in asked]
        return pd.DataFrame({"respondent_id": range(len(q1)), "org": range(len(q1)),
                             "q1": q1, "q2": q2})  # fmt: skip

    image = sorted({merged_into if v == "c" else v for v in routed})
    waves = {
        "1": (rows(["a", "b", "c"], routed), _survey(["a", "b", "c"], condition(sorted(routed)))),
        "2": (rows(["a", "b"], set(image)), _survey(["a", "b"], condition(image))),
    }
    harmonise = {
        "waves": ["1", "2"],
        "questions": [{"id": "q1", "options": ["a", "b"],
                       "waves": {"1": {"map": {"c": merged_into}}}}],
    }  # fmt: skip
    # Exact when the routing names c and the option it merges into together, or neither.
    exact = ("c" in routed) == (merged_into in routed)
    if not exact:
        with pytest.raises(tt.CodebookError, match="no pooled routing says who was asked"):
            tt.waves.pool(waves, id="org", harmonise=harmonise)
        return
    pooled = tt.waves.pool(waves, id="org", harmonise=harmonise)
    pooled.survey.validate(pooled.data, allow_extra_columns=True)
    asked = pooled.survey.asked(pooled.data, "q2").to_numpy(dtype=bool)
    assert asked.tolist() == (pooled.data["q2"].astype(object) == "A").tolist()

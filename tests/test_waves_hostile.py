"""Defects of tt.waves found by a hostile tester (/tmp/probe_waves/REPORT.md), one test each.

Each test says in a comment what the old code did. Hand computations are in the comments.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

YES_NO = tt.Survey.from_dict(
    {
        "title": "Members",
        "questions": [
            {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]}
        ],
    }
)


def _pool(first: pd.DataFrame, second: pd.DataFrame, **options: Any) -> tt.waves.Pooled:
    return tt.waves.pool({"a": (first, YES_NO), "b": (second, YES_NO)}, id="org", **options)


# -- pool(): persistent ids -------------------------------------------------------------------


def test_pool_refuses_an_empty_string_id_as_missing() -> None:
    # Before: "" was a real id, so two unrelated organisations (one per wave) were paired
    # "in both waves" and entered change()'s paired table as a yes -> no change.
    a = pd.DataFrame({"respondent_id": [1, 2, 3], "org": ["", "B", "C"], "funded": ["Yes"] * 3})
    b = pd.DataFrame({"respondent_id": [1, 2], "org": ["B", "D"], "funded": ["No"] * 2})
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"wave 'a': the persistent id 'org' is missing in rows \[0\] \(0-based",
    ) as caught:
        _pool(a, b)
    failures = caught.value.failures
    assert failures is not None
    assert failures["check"].tolist() == ["missing_id"]
    assert failures["value"].tolist() == [""]
    assert a["org"].tolist() == ["", "B", "C"]  # not mutated


def test_pool_reads_categorical_ids_by_the_kind_of_their_values() -> None:
    # Before: ids held as a categorical in both waves were refused as "a mixture
    # (categorical) ... ids of different kinds never match", though both hold text.
    a = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3],
            "org": pd.Categorical(["A", "B", "C"]),
            "funded": ["Yes", "No", "Yes"],
        }
    )
    b = pd.DataFrame(
        {"respondent_id": [1, 2], "org": pd.Categorical(["B", "D"]), "funded": ["Yes", "Yes"]}
    )
    pooled = _pool(a, b)
    assert pooled.in_both("a", "b") == ("B",)
    assert tt.waves.change(pooled, "funded", "Yes").both == (0, 0, 1, 0)  # B: no, then yes
    assert isinstance(a["org"].dtype, pd.CategoricalDtype)  # not mutated


def test_pool_still_refuses_categorical_ids_of_another_kind_than_the_other_wave() -> None:
    # Numbers (as categories) in one wave never match text in the other: refused as before,
    # now naming the kinds of the values, not "a mixture (categorical)".
    a = pd.DataFrame(
        {"respondent_id": [1, 2], "org": pd.Categorical([1, 2]), "funded": ["Yes", "No"]}
    )
    b = pd.DataFrame({"respondent_id": [1, 2], "org": ["1", "2"], "funded": ["Yes", "No"]})
    with pytest.raises(tt.InvalidDataError, match=r"is numbers in wave 'a'") as caught:
        _pool(a, b)
    assert "categorical" not in str(caught.value)
    assert "text in wave 'b'" in str(caught.value)


# -- pool(): harmonisation messages -----------------------------------------------------------


def _grid_survey(items: list[str]) -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "W",
            "questions": [
                {
                    "id": "grid",
                    "type": "grid",
                    "text": "Grid",
                    "items": [{"id": i, "label": i.upper()} for i in items],
                    "options": ["Yes", "No"],
                }
            ],
        }
    )


def test_a_grid_with_its_items_in_another_order_names_the_order_and_the_fix() -> None:
    # Before: "differs from wave 'w2' (grid ['Yes', 'No'] against grid ['Yes', 'No'])" and a
    # hint to write an option map, which is not the problem.
    d1 = pd.DataFrame({"respondent_id": [1, 2], "grid_x": ["Yes", "No"], "grid_y": ["No", "No"]})
    d2 = pd.DataFrame({"respondent_id": [1, 2], "grid_y": ["Yes", "No"], "grid_x": ["No", "Yes"]})
    waves = {"w1": (d1, _grid_survey(["x", "y"])), "w2": (d2, _grid_survey(["y", "x"]))}
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(waves)
    text = str(caught.value)
    assert (
        "wave 'w1', question 'grid': its items are in another order (['x', 'y'] against "
        "['y', 'x'] in wave 'w2')" in text
    )
    assert 'Hint: declare it: [[questions]] id = "grid" (no map needed)' in text
    assert "map = {" not in text
    # the fix the hint names works, and pairs the items by id
    pooled = tt.waves.pool(waves, harmonise={"waves": ["w1", "w2"], "questions": [{"id": "grid"}]})
    assert pooled.wave("w2")["grid_x"].tolist() == ["No", "Yes"]


def test_a_grid_whose_item_labels_differ_names_the_labels() -> None:
    # Before: the same "grid [...] against grid [...]" with identical option lists.
    first = _grid_survey(["x", "y"])
    second = tt.Survey.from_dict(
        {
            "title": "W",
            "questions": [
                {
                    "id": "grid",
                    "type": "grid",
                    "text": "Grid",
                    "items": [{"id": "x", "label": "Ex"}, {"id": "y", "label": "Y"}],
                    "options": ["Yes", "No"],
                }
            ],
        }
    )
    data = pd.DataFrame({"respondent_id": [1], "grid_x": ["Yes"], "grid_y": ["No"]})
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool({"w1": (data, first), "w2": (data, second)})
    text = str(caught.value)
    assert "its items differ (['X', 'Y'] against ['Ex', 'Y'] in wave 'w2')" in text
    assert "map = {" not in text


def test_a_multi_question_delimited_in_one_wave_hints_at_to_indicators() -> None:
    # Before: "rename wave 'a''s columns ... to ['help_1', 'help_2']": renaming cannot turn
    # one delimited column into indicator columns.
    def survey(form: str) -> tt.Survey:
        question = {"id": "help", "type": "multi", "text": "Help?", "options": ["P", "Q"]}
        return tt.Survey.from_dict({"title": "W", "questions": [{**question, "form": form}]})

    delimited = pd.DataFrame({"respondent_id": [1], "help": ["P;Q"]})
    indicators = pd.DataFrame({"respondent_id": [1], "help_1": [1], "help_2": [0]})
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(
            {"a": (delimited, survey("delimited")), "b": (indicators, survey("indicator"))}
        )
    text = str(caught.value)
    assert "is held delimited (one column ['help']), where wave 'b' holds it as indicator" in text
    assert "tt.recode.to_indicators" in text
    assert "rename" not in text


# -- change() / changes(): weights ------------------------------------------------------------


def _zero_weight_overlap(second: tuple[str, str] = ("A", "B")) -> tt.waves.Pooled:
    a = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "org": ["A", "B", "C", "D"],
            "funded": ["Yes", "No", "Yes", "No"],
            "w": [0.0, 0.0, 1.0, 1.0],
        }
    )
    b = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3],
            "org": [*second, "E"],
            "funded": ["Yes", "Yes", "No"],
            "w": [1.0, 1.0, 1.0],
        }
    )
    return _pool(a, b, keep=["w"])


def test_a_weighted_overlap_of_weight_zero_is_compared_as_independent_samples() -> None:
    # Before: ZeroDivisionError (float division by zero) in the weighted cross term.
    # A and B are in both waves but weigh 0 in wave a: the products of their two weights
    # are 0, so the overlap adds nothing to the covariance and the test is the two-sample
    # one, as with nobody in both waves. Weighted shares: 1/2 in a, 2/3 in b.
    pooled = _zero_weight_overlap()
    result = tt.waves.change(pooled, "funded", "Yes", weights="w")
    assert result.test == "independent"
    assert result.both == (1, 0, 1, 0)  # the respondents in both waves, as counted
    assert result.correlation == 0.0
    assert result.proportion1 == 0.5
    assert result.proportion2 == pytest.approx(2 / 3)
    assert any("weigh 0 in one of them" in note for note in result.notes)
    # the same statistic as the weighted change of the two waves with no overlap at all
    alone = _zero_weight_overlap(second=("X", "Y"))
    independent = tt.waves.change(alone, "funded", "Yes", weights="w")
    assert independent.test == "independent"
    assert result.statistic == pytest.approx(independent.statistic, rel=1e-12)
    assert result.difference_ci == pytest.approx(independent.difference_ci, rel=1e-12)
    sentence = tt.waves.describe_change(result)
    assert "two-sample test, the 2 organisations in both waves weigh 0 in one of them" in sentence
    frame = tt.waves.changes(pooled, "funded", weights="w")
    assert frame["test"].tolist() == ["independent", "independent"]
    assert frame.loc["Yes", "p_value"] == pytest.approx(result.p_value, rel=1e-12)


# -- compare_overlapping() and describe_change(): argument checks -----------------------------

BOTH = [[10, 5], [12, 33]]


@pytest.mark.parametrize(
    ("labels", "shown"),
    [
        (("a", "b", "c"), r"\('a', 'b', 'c'\)"),  # before: ValueError from zip(strict=True)
        (("2015",), r"\('2015',\)"),  # before: IndexError
        (None, "None"),  # before: TypeError (not subscriptable)
        ("ab", "'ab'"),  # before: silently split into ('a', 'b')
        ((2015, 2016), r"\(2015, 2016\)"),  # before: silently turned into text
    ],
)
def test_compare_overlapping_refuses_labels_other_than_two_texts(labels: Any, shown: str) -> None:
    with pytest.raises(
        tt.InvalidOptionError, match=rf"`labels` must be two texts, one per wave; got {shown}"
    ) as caught:
        tt.waves.compare_overlapping(20, 100, 30, 100, both=BOTH, labels=labels)
    assert "Hint: labels=('2015', '2016')" in str(caught.value)


def test_compare_overlapping_refuses_a_small_base_that_is_not_a_whole_number() -> None:
    # Before: TypeError ('<' not supported between instances of 'int' and 'str').
    with pytest.raises(
        tt.InvalidOptionError, match=r"`small_base` must be a whole number of respondents.*'30'"
    ):
        tt.waves.compare_overlapping(20, 100, 30, 100, both=BOTH, small_base="30")  # type: ignore[arg-type]


def test_compare_overlapping_refuses_what_that_is_not_text() -> None:
    # Before: what=None gave "The share None rose ...".
    with pytest.raises(tt.InvalidOptionError, match=r"`what` must be text.*got None"):
        tt.waves.compare_overlapping(20, 100, 30, 100, both=BOTH, what=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("given", ["x", None, tt.compare_proportions(1, 2, 1, 2)])
def test_describe_change_refuses_what_is_not_a_wave_change(given: Any) -> None:
    # Before: AttributeError ('str' object has no attribute 'level').
    with pytest.raises(
        tt.InvalidDataError, match=r"describe_change\(\) needs a tt.waves.WaveChange; got a"
    ) as caught:
        tt.waves.describe_change(given)
    assert "Hint: tt.waves.change(" in str(caught.value)


# -- describe_change(): the change in points ---------------------------------------------------


def _said(x1: int, n1: int, x2: int, n2: int) -> str:
    result = tt.waves.compare_overlapping(x1, n1, x2, n2, both=[[0, 0], [0, 0]])
    return tt.waves.describe_change(result)


def test_describe_change_rounds_the_change_exactly_from_the_counts() -> None:
    # Before: 100 * (23/40 - 0/20) = 57.49999999999999 as a float: "a change of 57", though
    # 57.5 points exactly rounds half-up to 58 (and the shares print 0% and 58%).
    text = _said(0, 20, 23, 40)
    assert "from 0% (0 of 20) in wave 1 to 58% (23 of 40) in wave 2" in text
    assert "a change of 58 percentage points (95% CI" in text


def test_describe_change_states_the_difference_of_the_printed_shares() -> None:
    # Before: "stayed at 18% ...: a change of 1 percentage points" (7/40 = 17.5%, 23/125 =
    # 18.4%: the exact change 0.9 rounds to 1, the printed shares are both 18%).
    text = _said(7, 40, 23, 125)
    assert (
        "stayed at 18% (7 of 40 in wave 1, 23 of 125 in wave 2): a change of 0 percentage" in text
    )
    assert "a change of 0 percentage points (0.9 from the unrounded shares; 95% CI" in text
    # Before: "from 18% to 22%: a change of 5 percentage points" (17.5% and 22.4%).
    text = _said(70, 400, 224, 1000)
    assert "from 18% (70 of 400) in wave 1 to 22% (224 of 1000) in wave 2" in text
    assert "a change of 4 percentage points (4.9 from the unrounded shares; 95% CI" in text
    # 17/40 = 42.5% -> 43%, 12/16 = 75%: 32 points as printed, 32.5 exactly
    assert "a change of 32 percentage points (32.5 from the unrounded shares;" in _said(
        17, 40, 12, 16
    )


def test_describe_change_says_one_percentage_point_in_the_singular() -> None:
    # Before: "a change of 1 percentage points". 5/20 = 25%, 26/100 = 26%.
    assert "a change of 1 percentage point (95% CI" in _said(5, 20, 26, 100)
    assert "a change of -1 percentage point (95% CI" in _said(26, 100, 5, 20)


def test_describe_change_never_contradicts_its_printed_shares() -> None:
    # Every pair of small counts: the change said is the difference of the shares said,
    # and when the exact change (a Fraction) rounds half-up to another whole number, the
    # sentence gives it to one decimal, rounded half-up exactly.
    pattern = re.compile(
        r"(?:from (\d+)% \(.*?\) in wave 1 to (\d+)%|stayed at (\d+)%).*?"
        r"a change of (-?\d+) percentage points?(?: \((-?\d+\.\d) from the unrounded shares;)?"
    )
    asides = set()
    for n1 in range(1, 9):  # 1 of 8 is 12.5%: ties at a half are among them
        for n2 in range(1, 9):
            for x1 in range(n1 + 1):
                for x2 in range(n2 + 1):
                    text = _said(x1, n1, x2, n2)
                    found = pattern.search(text)
                    assert found is not None, text
                    first, second, stayed, said, exact = found.groups()
                    p1 = int(stayed if stayed is not None else first)
                    p2 = int(stayed if stayed is not None else second)
                    assert int(said) == p2 - p1, text
                    asides.add(exact is not None)
                    change = 100 * (Fraction(x2, n2) - Fraction(x1, n1))
                    whole = _half_up(change, 0)
                    if exact is None:
                        assert whole == p2 - p1, text
                    else:
                        assert whole != p2 - p1, text
                        assert Fraction(exact) == _half_up(change, 1), text
    assert asides == {False, True}  # both kinds of sentence were checked


def _half_up(value: Fraction, decimals: int) -> Fraction:
    """Round half away from zero to `decimals` places, by hand (the test's own oracle)."""
    scaled = abs(value) * 10**decimals
    units = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    return Fraction(units if value >= 0 else -units, 10**decimals)


def test_describe_change_of_a_weighted_change_follows_the_same_rule() -> None:
    # Weighted shares 7/40 and 23/125 as weighted sums (each respondent weighs 0.5 in
    # wave 1 and 2 in wave 2): the same sentence as unweighted.
    ids1 = [f"a{i}" for i in range(40)]
    ids2 = [f"b{i}" for i in range(125)]
    a = pd.DataFrame(
        {
            "respondent_id": range(1, 41),
            "org": ids1,
            "funded": ["Yes"] * 7 + ["No"] * 33,
            "w": 0.5,
        }
    )
    b = pd.DataFrame(
        {
            "respondent_id": range(1, 126),
            "org": ids2,
            "funded": ["Yes"] * 23 + ["No"] * 102,
            "w": 2.0,
        }
    )
    pooled = _pool(a, b, keep=["w"])
    result = tt.waves.change(pooled, "funded", "Yes", weights="w")
    text = tt.waves.describe_change(result)
    assert "stayed at 18% (weighted; 7 of 40 respondents in a" in text
    assert "a change of 0 percentage points (0.9 from the unrounded shares; 95% CI" in text
    assert np.isclose(result.difference, 23 / 125 - 7 / 40)


# -- second hostile probe (/tmp/probeW) -------------------------------------------------------
# Routing, options a wave did not offer, overlapping waves compared as independent groups,
# numbered waves, colliding respondent keys, missing wave labels, weights of waves not
# compared, the printed p beside alpha, "1 organisation".


def _survey(*options: Any, routed: bool = False) -> tt.Survey:
    question: dict[str, Any] = {"id": "q", "type": "single", "text": "Q?", "options": list(options)}
    if routed:
        question["ask_if"] = {"question": "f", "in": ["Yes"]}
    filter_question = {"id": "f", "type": "single", "text": "F?", "options": ["Yes", "No"]}
    return tt.Survey.from_dict({"title": "M", "questions": [filter_question, question]})


def _wave(orgs: list[str], answers: list[str], **columns: Any) -> pd.DataFrame:
    frame = {"respondent_id": range(1, len(orgs) + 1), "org": orgs, "q": answers}
    frame.setdefault("f", ["Yes"] * len(orgs))
    return pd.DataFrame({**frame, **columns})


def _routed_waves() -> dict[str, tuple[pd.DataFrame, tt.Survey]]:
    # 2015 asked q of everyone; 2016 only of f == "Yes" (the first 50).
    orgs = [f"o{i}" for i in range(100)]
    f = ["Yes"] * 50 + ["No"] * 50
    w1 = _wave(orgs, ["Yes"] * 40 + ["No"] * 10 + ["Yes"] * 5 + ["No"] * 45, f=f)
    w2 = _wave(orgs, ["Yes"] * 40 + ["No"] * 10 + ["<not asked>"] * 50, f=f)
    return {"2015": (w1, _survey("Yes", "No")), "2016": (w2, _survey("Yes", "No", routed=True))}


def test_pool_refuses_a_routing_difference_the_map_does_not_declare() -> None:
    # Before: pooled silently (pooled.notes empty); change() said "rose from 45% to 80%
    # ... a clear change (p < 0.001)" though the 50 organisations asked in both waves
    # answered identically (paired table (40, 0, 0, 10)).
    with pytest.raises(tt.CodebookError) as caught:
        tt.waves.pool(_routed_waves(), id="org")
    text = str(caught.value)
    assert "question 'q': the waves ask it of different respondents" in text
    assert "2015: all respondents; 2016: respondents for whom f is 'Yes'" in text
    assert "routing_differs = true" in text


def test_a_declared_routing_difference_is_noted_on_the_pool_trend_and_change() -> None:
    declared = {"waves": ["2015", "2016"], "questions": [{"id": "q", "routing_differs": True}]}
    pooled = tt.waves.pool(_routed_waves(), id="org", harmonise=declared)
    note = (
        "q: asked of different respondents in each wave (2015: all respondents; 2016: "
        "respondents for whom f is 'Yes'): a change between the waves is partly a change of "
        "who was asked."
    )
    assert note in pooled.notes
    table = tt.waves.trend(pooled, "q")
    assert note in table.notes
    assert table.bases.tolist() == [100, 50]
    assert table.base_description == (
        "those each wave asked (2015: all respondents; 2016: respondents for whom f is "
        "'Yes') who answered"
    )
    assert note in tt.waves.change(pooled, "q", "Yes").notes
    assert note in tt.waves.changes(pooled, "q").attrs["notes"]


def test_the_same_routing_through_a_renamed_question_needs_no_declaration() -> None:
    # The routing names the filter by its id and labels in each wave: mapped through the
    # harmonisation they are the same condition (as in the shipped synthetic waves).
    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    assert not any("different respondents" in note for note in pooled.notes)


def _maybe_pool() -> tt.waves.Pooled:
    w1 = _wave(list("abcd"), ["Yes", "No", "No", "Yes"])
    w2 = _wave(list("abcd"), ["No", "Maybe", "Yes", "Maybe"])
    declared = {"waves": ["1", "2"], "questions": [{"id": "q", "options": ["Yes", "No", "Maybe"]}]}
    waves = {"1": (w1, _survey("Yes", "No")), "2": (w2, _survey("Yes", "No", "Maybe"))}
    return tt.waves.pool(waves, id="org", harmonise=declared)


def test_change_refuses_a_share_of_an_option_a_wave_did_not_offer() -> None:
    # Before: "The share 'Maybe' rose from 0% (0 of 4) in 1 to 50% (2 of 4) in 2" with a
    # McNemar test, as if wave 1's organisations had declined to say Maybe.
    pooled = _maybe_pool()
    with pytest.raises(
        tt.InvalidBaseError, match=r"question 'q': wave '1' did not offer \['Maybe'\]"
    ):
        tt.waves.change(pooled, "q", "Maybe")
    with pytest.raises(tt.InvalidBaseError, match="did not offer"):
        tt.waves.change(pooled, "q", ["Yes", "Maybe"])
    assert tt.waves.change(pooled, "q", "Yes").count1 == 2  # offered in both: compared
    frame = tt.waves.changes(pooled, "q")
    # Before: Maybe's row had p = 0.157 (test "paired").
    assert frame["test"].isna().tolist() == [False, False, True]
    assert frame["p_value"].isna().tolist() == [False, False, True]
    assert frame.loc["Yes", "test"] == "paired"
    assert any("'Maybe'" in note and "not offered" in note for note in frame.attrs["notes"])


def test_trend_marks_an_option_a_wave_did_not_offer() -> None:
    # Before: wave 1's "0 (0)" for Maybe carried no note.
    notes = tt.waves.trend(_maybe_pool(), "q").notes
    # Before: "a 0 there means not offered"; the cell now prints n/a (a gap), not 0 (0).
    assert "Wave 1 did not offer 'Maybe': n/a there means not offered (a gap, not a zero)." in notes


def _dont_know_pool() -> tt.waves.Pooled:
    orgs = [f"o{i}" for i in range(100)]
    w1 = _wave(orgs, ["Yes"] * 60 + ["No"] * 40)
    w2 = _wave(orgs, ["Yes"] * 50 + ["No"] * 30 + ["Don't know"] * 20)
    dk = {"label": "Don't know", "dont_know": True}
    declared = {
        "waves": ["1", "2"],
        "questions": [
            {"id": "q", "options": ["Yes", "No", "Don't know"], "dont_know": ["Don't know"]}
        ],
    }
    waves = {"1": (w1, _survey("Yes", "No")), "2": (w2, _survey("Yes", "No", dk))}
    return tt.waves.pool(waves, id="org", harmonise=declared)


def test_change_refuses_dont_know_included_when_one_wave_did_not_offer_it() -> None:
    # Before: default dont_know="include" said "fell from 60% to 50% ... a clear change
    # (p = 0.002)"; with "exclude" the share rose to 50 of 80 = 62.5%.
    pooled = _dont_know_pool()
    with pytest.raises(tt.InvalidBaseError, match=r"wave '1' did not offer \[\"Don't know\"\]"):
        tt.waves.change(pooled, "q", "Yes")
    with pytest.raises(tt.InvalidBaseError, match="dont_know='exclude'"):
        tt.waves.changes(pooled, "q")
    excluded = tt.waves.change(pooled, "q", "Yes", dont_know="exclude")
    assert (excluded.count1, excluded.base1, excluded.count2, excluded.base2) == (60, 100, 50, 80)
    notes = tt.waves.trend(pooled, "q").notes
    assert any('did not offer "Don\'t know"' in note for note in notes)


def _funding() -> tt.waves.Pooled:
    return tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )


def test_compare_table_refuses_a_trend_of_waves_that_share_organisations() -> None:
    # Before: compare_table(trend) tested the waves as independent groups (p = 0.109,
    # against change()'s overlapping-samples p = 0.025), with no note.
    pooled = _funding()
    trend = tt.waves.trend(pooled, "main_funding")
    assert trend.overlapping_columns
    with pytest.raises(tt.InvalidOptionError, match=r"waves.*share organisations") as caught:
        tt.compare_table(trend)
    assert "tt.waves.change(" in str(caught.value)


def test_compare_groups_refuses_waves_that_share_organisations() -> None:
    # Before: compare_groups(pooled.data, q, "wave") gave the independent chi-square p = 0.109.
    pooled = _funding()
    # 85, not the 91 in both waves' rows: those in both waves' bases (as change() pairs them)
    with pytest.raises(
        tt.InvalidOptionError, match=r"85 organisations \(id 'org_id'.*more than one"
    ) as e:
        tt.compare_groups(pooled.data, "main_funding", "wave", survey=pooled.survey)
    assert "tt.waves.change(" in str(e.value)
    # one wave's rows by a question of that wave: independent groups, still compared
    one = pooled.data[pooled.data["wave"] == "2015-10"]
    result = tt.compare_groups(one, "income", "main_funding", survey=pooled.survey)
    assert len(result.groups) >= 2


def test_trend_of_waves_without_a_persistent_id_can_be_compared_as_independent() -> None:
    pooled = tt.waves.pool(tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map())
    trend = tt.waves.trend(pooled, "main_funding")
    assert not trend.overlapping_columns
    assert len(tt.compare_table(trend).to_frame()) > 0


@pytest.mark.parametrize("labels", [("2", "3"), ("0", "1"), (2, 3), ("3", "1"), ("1", "2")])
def test_pool_takes_numbered_waves(labels: tuple[Any, Any]) -> None:
    # Before: CodebookError "question 'wave': the option label '2' (code 1) is also the
    # code of the option '3'" for every pair but ("1", "2").
    w = _wave(list("abcd"), ["Yes", "No", "Yes", "No"])
    s = _survey("Yes", "No")
    pooled = tt.waves.pool({labels[0]: (w, s), labels[1]: (w, s)}, id="org")
    assert pooled.waves == tuple(str(label) for label in labels)
    assert tt.waves.trend(pooled, "q").bases.tolist() == [4, 4]
    assert len(pooled.survey.validate(pooled.data, allow_extra_columns=True)) == 8


def test_pool_refuses_respondent_ids_that_are_the_same_as_text() -> None:
    # Before: ids 1 and "1" both became the key "2015/1"; the pooled codebook then
    # refused its own data (duplicate_id).
    w1 = _wave(list("abcd"), ["Yes", "No", "Yes", "No"])
    w1["respondent_id"] = pd.Series([1, "1", 2, 3], dtype=object)
    w2 = _wave(list("abcd"), ["Yes", "Yes", "No", "No"])
    s = _survey("Yes", "No")
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"wave '2015': respondent ids \[1, '1'\] \(rows \[0, 1\]\) are the same",
    ):
        tt.waves.pool({"2015": (w1, s), "2016": (w2, s)}, id="org")


@pytest.mark.parametrize("label", [float("nan"), None, pd.NA, np.nan])
def test_pool_refuses_a_missing_wave_label(label: Any) -> None:
    # Before: the wave was named 'nan', 'None' or '<NA>' in every trend table.
    w = _wave(list("abcd"), ["Yes", "No", "Yes", "No"])
    s = _survey("Yes", "No")
    with pytest.raises(tt.InvalidOptionError, match=r"wave .* is missing"):
        tt.waves.pool({label: (w, s), "2016": (w, s)}, id="org")


def test_weights_are_needed_only_in_the_waves_compared() -> None:
    # Before: InvalidWeightsError naming the NaN weights of wave 2014, not compared.
    s = _survey("Yes", "No")
    orgs = [f"o{i}" for i in range(10)]
    w1 = _wave(orgs, ["Yes"] * 5 + ["No"] * 5, weight=[np.nan] * 10)
    w2 = _wave(orgs, ["Yes"] * 6 + ["No"] * 4, weight=[1.0, 2.0] * 5)
    w3 = _wave(orgs, ["Yes"] * 7 + ["No"] * 3, weight=[2.0, 1.0] * 5)
    pooled = tt.waves.pool(
        {"2014": (w1, s), "2015": (w2, s), "2016": (w3, s)}, id="org", keep=["weight"]
    )
    result = tt.waves.change(pooled, "q", "Yes", weights="weight")
    assert result.proportion1 == pytest.approx(9 / 15)  # 1+2+1+2+1+2 of 15
    assert result.proportion2 == pytest.approx(11 / 15)  # 2+1+2+1+2+1+2 of 15
    by_series = tt.waves.change(pooled, "q", "Yes", weights=pooled.data["weight"])
    assert by_series.p_value == result.p_value
    by_array = tt.waves.change(pooled, "q", "Yes", weights=pooled.data["weight"].tolist())
    assert by_array.p_value == result.p_value
    assert tt.waves.changes(pooled, "q", weights="weight").loc["Yes", "p_value"] == result.p_value
    with pytest.raises(tt.InvalidWeightsError, match="2014/1"):
        tt.waves.change(pooled, "q", "Yes", weights="weight", first="2014")


def test_describe_change_prints_p_on_the_side_of_alpha() -> None:
    # Before: "p = 0.10): a clear change" for p = 0.0951 with alpha=0.10.
    result = tt.waves.compare_overlapping(23, 47, 31, 47, both=[[0, 0], [0, 0]])
    assert 0.095 < result.p_value < 0.0952
    text = tt.waves.describe_change(result, alpha=0.10)
    assert "p = 0.095): a clear change." in text
    assert "95% CI" in text  # the interval is of result.level, as computed


def test_describe_change_says_one_organisation_in_the_singular() -> None:
    # Before: "1 organisations in both waves".
    result = tt.waves.compare_overlapping(2, 4, 1, 1, both=[[1, 0], [0, 0]])
    assert "overlapping-samples test, 1 organisation in both waves" in tt.waves.describe_change(
        result
    )
    paired = tt.waves.compare_overlapping(1, 1, 1, 1, both=[[1, 0], [0, 0]])
    assert "all 1 organisations" not in tt.waves.describe_change(paired)

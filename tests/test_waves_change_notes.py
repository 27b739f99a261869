"""tt.waves.change() notes the waves it compares, not the pooled waves it leaves aside."""

from __future__ import annotations

import pandas as pd

import tracktr as tt


def _survey(options: list[str]) -> tt.Survey:
    question = {"id": "c", "type": "ordinal", "text": "Change?", "options": options}
    return tt.Survey.from_dict({"title": "T", "questions": [question]})


def _pooled() -> tt.waves.Pooled:
    # Wave a offered Better and Worse; b and c added Same. P and Q answered all three.
    def wave(orgs: str, answers: list[str]) -> pd.DataFrame:
        return pd.DataFrame({"respondent_id": range(1, 5), "org": list(orgs), "c": answers})

    two, three = _survey(["Better", "Worse"]), _survey(["Better", "Same", "Worse"])
    waves = {
        "a": (wave("PQRS", ["Better", "Better", "Better", "Worse"]), two),
        "b": (wave("PQTU", ["Better", "Same", "Same", "Worse"]), three),
        "c": (wave("PQTU", ["Better", "Better", "Same", "Worse"]), three),
    }
    return tt.waves.pool(waves, harmonise={"waves": ["a", "b", "c"], "questions": [{"id": "c"}]},
                         id="org")  # fmt: skip


def test_a_change_of_two_waves_says_nothing_of_a_third() -> None:
    result = tt.waves.change(_pooled(), "c", "Better", first="b", second="c")
    # Better: b 1 of 4, c 2 of 4. Wave a is not compared and nothing is n/a.
    assert (result.count1, result.base1, result.count2, result.base2) == (1, 4, 2, 4)
    # Before: "Wave a did not offer 'Same': n/a there means not offered (a gap, not a
    # zero)." under a comparison of b and c.
    assert result.notes == ("Small base: n=4 in b (below 30).", "Small base: n=4 in c (below 30).")


def test_a_change_from_the_wave_that_lacked_an_option_still_says_so() -> None:
    result = tt.waves.change(_pooled(), "c", "Better", first="a", second="b")
    # Better: a 3 of 4 (Same could not be chosen), b 1 of 4.
    assert (result.count1, result.count2) == (3, 1)
    assert result.notes[-1] == (
        "Wave a did not offer 'Same': n/a there means not offered (a gap, not a zero)."
    )


def test_the_trend_keeps_the_note_of_every_wave() -> None:
    trend = tt.waves.trend(_pooled(), "c")
    assert "Wave a did not offer 'Same': n/a there means not offered (a gap, not a zero)." in (
        trend.notes
    )

"""A tab book of pooled waves: an option a wave did not offer prints n/a, never 0%.

Wave a's scale had no middle point ("Same"); wave b's had. Before, the book printed
wave a's "Same" as 0% with letters off, and with letters on it refused the whole book
(compare_table's refusal of gaps). Hand counts are in the comments.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.test_waves_gaps import SCALE_2, SCALE_3, _survey

HARMONISE = {"waves": ["a", "b"], "questions": [{"id": "c"}]}


def _pooled(a_answers: list[str], b_answers: list[str], seed: int = 0) -> tt.waves.Pooled:
    rng = np.random.default_rng(seed)
    frames = {
        name: pd.DataFrame({
            "respondent_id": range(1, len(answers) + 1),
            "c": answers,
            "g": rng.choice(["x", "y"], len(answers)),
        })
        for name, answers in (("a", a_answers), ("b", b_answers))
    }  # fmt: skip
    waves = {"a": (frames["a"], _survey(SCALE_2)), "b": (frames["b"], _survey(SCALE_3))}
    return tt.waves.pool(waves, harmonise=HARMONISE)


def _sixty() -> tt.waves.Pooled:
    # a: Better 40, Worse 20; b: Better 10, Same 30, Worse 20.
    return _pooled(["Better"] * 40 + ["Worse"] * 20,
                   ["Better"] * 10 + ["Same"] * 30 + ["Worse"] * 20)  # fmt: skip


def test_a_wave_that_did_not_offer_an_option_prints_n_a_not_0() -> None:
    pooled = _sixty()
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave", "g"], letters=False)
    shown = book.section("c").display()
    assert shown.loc["Same", ("wave", "a (A)")] == "n/a"  # before: "0%"
    assert shown.loc["Same", ("wave", "b (B)")] == "50%"  # 30 of 60
    assert shown.loc["Same", ("Total", "All")] == "25%"  # 30 of 120, as the table prints
    notes = " ".join(book.section("c").notes)
    assert "By wave: 'Same' not offered in the waves of the columns marked n/a" in notes
    assert "'Same' was not offered in wave(s) a, whose respondents are in the base of All" in (
        notes
    )


def test_letters_leave_the_gap_out_and_test_the_rest_of_its_row() -> None:
    # Before: InvalidOptionError for the whole book. b's Same (50%) against a's gap would
    # be lettered "A" if the gap were tested as 0 of 60; Better (40 of 60 = 67% against
    # 10 of 60 = 17%) is still lettered.
    pooled = _sixty()
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave", "g"])
    shown = book.section("c").display()
    assert shown.loc["Same", ("wave", "a (A)")] == "n/a"
    assert shown.loc["Same", ("wave", "b (B)")] == "50%"
    assert shown.loc["Better", ("wave", "a (A)")] == "67% B"
    assert any("Cells marked n/a" in note for note in book.section("c").notes)


def test_every_output_of_the_book_prints_the_gap(tmp_path: Path) -> None:
    pooled = _sixty()
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave"])
    frame = book.to_frame()
    cell = frame[(frame["row"] == "Same") & (frame["group"] == "a")]["cell"]
    assert cell.tolist() == ["n/a"]
    written = pd.read_csv(book.write(tmp_path / "book.csv"), dtype=str, keep_default_na=False)
    row = written[(written["row"] == "Same") & (written["group"] == "a")]
    assert row["cell"].tolist() == ["n/a"]


def test_a_protected_book_with_a_gap_hides_small_counts_and_keeps_the_gap() -> None:
    # b's Same: 3 organisations, below the threshold of 5; a's Same is a gap, not a count.
    pooled = _pooled(["Better"] * 40 + ["Worse"] * 20,
                     ["Better"] * 37 + ["Same"] * 3 + ["Worse"] * 20)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        book = tt.tabbook(pooled.data, pooled.survey, banners=["wave"], threshold=5)
    shown = book.section("c").display()
    assert shown.loc["Same", ("wave", "a (A)")] == "n/a"
    assert shown.loc["Same", ("wave", "b (B)")] != "5%"  # 3 of 60 is hidden
    assert "%" not in shown.loc["Same", ("wave", "b (B)")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a=st.lists(st.sampled_from(SCALE_2), min_size=1, max_size=30),
    b=st.lists(st.sampled_from(SCALE_3), min_size=1, max_size=30),
    seed=st.integers(0, 100),
)
def test_the_book_prints_the_standalone_tables_cells_and_gaps(
    a: list[str], b: list[str], seed: int
) -> None:
    pooled = _pooled(a, b, seed)
    book = tt.tabbook(pooled.data, pooled.survey, banners=["wave", "g"], letters=False)
    shown = book.section("c").display()
    # The book's column labels carry the letters of the groups: "a (A)".
    shown.columns = pd.MultiIndex.from_tuples([(b, g.split(" (")[0]) for b, g in shown.columns])
    for banner in ("wave", "g"):
        table = tt.frequencies(pooled.data, "c", survey=pooled.survey, by=banner)
        printed = table.to_frame(layout="report")
        for option in table.counts.index:
            for group in table.counts.columns:
                cell = shown.loc[option, ("Total", "All") if group == "All" else (banner, group)]
                if (option, group) in table.gaps:
                    assert cell == "n/a"
                else:  # "40 (2)" in the table's report layout, "40%" in the book
                    text = str(printed.loc[option, group]).split(" ")[0]
                    assert cell == (text if text == "n/a" else f"{text}%")


# -- mean scores and nets of a scale that gained a point -----------------------------

SCORES = {"Better": 1, "Same": 0, "Worse": -1}


def _scored(order: list[str], *, scores: bool = True) -> tt.TabBook:
    # Wave a scores its two points, wave b its three; both have the nets their scale holds.
    def survey(options: list[str], nets: dict[str, list[str]]) -> tt.Survey:
        question: dict[str, object] = {"id": "c", "type": "ordinal", "text": "Change?",
                                       "options": options, "nets": nets}  # fmt: skip
        if scores:
            question["scores"] = {o: SCORES[o] for o in options}
        questions = [
            question,
            {"id": "g", "type": "single", "text": "Group?", "options": ["x", "y"]},
        ]
        return tt.Survey.from_dict({"title": "T", "questions": questions})

    # As _sixty(): a: Better 40, Worse 20; b: Better 10, Same 30, Worse 20.
    a = pd.DataFrame({"respondent_id": range(1, 61), "c": ["Better"] * 40 + ["Worse"] * 20,
                      "g": ["x", "y"] * 30})  # fmt: skip
    b = a.assign(c=["Better"] * 10 + ["Same"] * 30 + ["Worse"] * 20)
    waves = {
        "a": (a, survey(SCALE_2, {"Not worse": ["Better"]})),
        "b": (b, survey(SCALE_3, {"Not worse": ["Better", "Same"], "Mid": ["Same"]})),
    }
    pooled = tt.waves.pool(waves, harmonise=HARMONISE)
    return tt.tabbook(pooled.data, pooled.survey, banners=order)


def test_a_mean_score_over_a_scale_a_wave_lacked_is_n_a_and_the_total_says_it_mixes() -> None:
    # Before: InvalidOptionError for the whole book (mean_scores refuses the gap). Wave a's
    # mean would be over two points; b: (10 - 20) / 60 = -0.17; All: (50 - 40) / 120 = 0.08.
    section = _scored(["wave"]).section("c")
    shown = section.display()
    assert shown.loc["Mean score", ("wave", "a (A)")] == "n/a"
    assert shown.loc["Mean score base", ("wave", "a (A)")] == "n/a"
    assert shown.loc["Mean score", ("wave", "b (B)")] == "-0.17"
    assert shown.loc["Mean score", ("Total", "All")] == "0.08"
    notes = " ".join(section.notes)
    assert "Mean score: n/a in a, where 'Same' was not offered" in notes
    assert "Mean score of All: it counts respondents of waves whose scale lacked" in notes


def test_a_nets_note_of_the_wave_banner_is_carried_when_it_is_not_the_first_banner() -> None:
    # Before: only the first banner's nets' notes reached the section: by g then wave, no
    # word that wave a's "Not worse" counts Better alone (40 of 60 = 67%); by wave then g,
    # "Mid: n/a in a" was printed twice (once "By wave: ...").
    for order in (["g", "wave"], ["wave", "g"]):
        section = _scored(order, scores=False).section("c")
        shown = section.display()
        a = next(c for c in shown.columns if c[0] == "wave" and c[1].startswith("a ("))
        assert shown.loc["NET: Not worse", a].startswith("67%")
        assert shown.loc["NET: Mid", a] == "n/a"
        notes = section.notes
        assert any("Not worse in a: 'Same' was not offered there" in n for n in notes)
        assert sum("Mid: n/a in a" in n for n in notes) == 1
        assert sum(n == "Not worse: Better + Same." for n in notes) == 1

"""dont_know="exclude" for tick-all-that-apply sets: tt.multi_response, nets, tab books.

A set's "don't know" options are those the codebook marks ``dont_know`` (or, for a set
given by hand, `dont_know_options`). Excluded: their lines are not printed, respondents
whose only ticks are don't know leave the base (a note counts them), and those who
ticked it beside other options stay with their other ticks (a note counts them too).
Known values are counted by hand in the comments.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

DK: dict[str, Any] = {"code": 9, "label": "Don't know", "column": "t_dk", "dont_know": True}


def _survey(*extra: dict[str, Any], nets: dict[str, list[str]] | None = None) -> tt.Survey:
    options = [
        {"code": 1, "label": "A", "column": "t_a"},
        {"code": 2, "label": "B", "column": "t_b"},
        DK,
        *extra,
    ]
    question: dict[str, Any] = {
        "id": "t",
        "type": "multi",
        "text": "T?",
        "form": "indicator",
        "options": options,
    }
    if nets is not None:
        question["nets"] = nets
    group = {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]}
    return tt.Survey.from_dict({"title": "M", "questions": [group, question]})


SURVEY = _survey(nets={"A or B": ["A", "B"]})


def _data() -> pd.DataFrame:
    # Respondents (g; ticks): 1 (x; A), 2 (x; B), 3 (x; DK), 4 (y; A B DK), 5 (y; DK),
    # 6 (y; nothing: skipped), 7 (y; B).
    return pd.DataFrame(
        {
            "respondent_id": range(1, 8),
            "g": list("xxxyyyy"),
            "t_a": [1, 0, 0, 1, 0, 0, 0],
            "t_b": [0, 1, 0, 1, 0, 0, 1],
            "t_dk": [0, 0, 1, 1, 1, 0, 0],
        }
    )


def test_exclude_leaves_out_the_dont_know_line_and_who_ticked_only_it() -> None:
    # Before: multi_response took no dont_know= (TypeError), and always printed DK.
    table = tt.multi_response(_data(), "t", survey=SURVEY, by="g", dont_know="exclude")
    assert list(table.counts.index) == ["A", "B"]
    # Base: x {1, 2} (3 ticked DK only), y {4, 7} (5 DK only, 6 skipped); All 4.
    assert table.bases.tolist() == [2, 2, 4]
    # A: x 1 (resp. 1), y 1 (resp. 4); B: x 1 (2), y 2 (4, 7).
    assert table.counts.loc["A"].tolist() == [1, 1, 2]
    assert table.counts.loc["B"].tolist() == [1, 2, 3]
    assert table.percentages().loc["B"].tolist() == [50.0, 100.0, 75.0]
    assert table.excluded is not None
    assert table.excluded.loc["dont_know"].tolist() == [1, 1, 2]
    assert table.excluded.loc["skipped"].tolist() == [0, 1, 1]
    assert table.base_description.endswith(", excluding don't know")
    assert "2 answered only Don't know, excluded from the base." in table.notes
    assert (
        "1 ticked Don't know beside other options: they stay in the base with their other answers."
    ) in table.notes


def test_without_a_total_each_column_counts_its_own_dont_know() -> None:
    # Only Don't know: 3 (x), 5 (y); beside other options: 4 (y). Before, with no "All"
    # column the notes said "2 answered only ..." (x's 1 and y's 1 added up: no column
    # of the table has 2) and "1 ticked ...".
    table = tt.multi_response(_data(), "t", survey=SURVEY, by="g", total=False, dont_know="exclude")
    assert table.bases.tolist() == [2, 2]
    assert [n for n in table.notes if "Don't know" in n] == [
        "Answered only Don't know, excluded from the base: x 1, y 1.",
        (
            "Ticked Don't know beside other options (they stay in the base with their other "
            "answers): x 0, y 1."
        ),
    ]


def test_combined_parts_without_a_total_add_up_each_columns_dont_know() -> None:
    # Parts: respondents 1-3 (x only: 3 only DK) and 4-7 (y: 5 only DK, 4 beside).
    data = _data()
    parts = [
        tt.multi_response(part, "t", survey=SURVEY, by="g", total=False, dont_know="exclude")
        for part in (data.iloc[:3], data.iloc[3:])
    ]
    whole = tt.multi_response(data, "t", survey=SURVEY, by="g", total=False, dont_know="exclude")
    assert tt.combine(parts).notes == whole.notes


def test_include_is_unchanged() -> None:
    default = tt.multi_response(_data(), "t", survey=SURVEY, by="g")
    included = tt.multi_response(_data(), "t", survey=SURVEY, by="g", dont_know="include")
    assert default == included
    assert list(default.counts.index) == ["A", "B", "Don't know"]
    assert default.bases.tolist() == [3, 3, 6]
    assert default.excluded is not None
    assert list(default.excluded.index) == ["skipped", "not_asked", "refused"]
    assert not any("Don't know" in note for note in default.notes)


def test_exclude_with_empty_answered_keeps_those_who_ticked_nothing() -> None:
    table = tt.multi_response(_data(), "t", survey=SURVEY, empty="answered", dont_know="exclude")
    # 1, 2, 4, 6 (ticked nothing: an answer), 7; 3 and 5 ticked only Don't know.
    assert table.bases.tolist() == [5]
    assert table.excluded is not None
    assert table.excluded.loc["dont_know", "All"] == 2


def test_exclude_as_percent_of_responses_counts_the_other_ticks_only() -> None:
    table = tt.multi_response(
        _data(), "t", survey=SURVEY, percent_of="responses", dont_know="exclude"
    )
    # Ticks of A and B: 2 + 3 = 5 (the 3 ticks of Don't know are out).
    assert table.bases.tolist() == [5]
    assert table.percentages().loc["A", "All"] == 40.0


def test_exclude_weighted_by_hand() -> None:
    data = _data().assign(w=[1.0, 2.0, 4.0, 0.5, 3.0, 1.0, 1.5])
    table = tt.multi_response(data, "t", survey=SURVEY, weights="w", dont_know="exclude")
    # In the base: 1 (1.0), 2 (2.0), 4 (0.5), 7 (1.5): 5.0; A 1.0 + 0.5 = 1.5 (30%).
    assert table.bases.tolist() == [5.0]
    assert table.unweighted_bases is not None
    assert table.unweighted_bases.tolist() == [4]
    assert table.percentages().loc["A", "All"] == 30.0
    assert table.effective_bases is not None
    assert table.effective_bases.tolist() == pytest.approx([25 / (1 + 4 + 0.25 + 2.25)])
    assert table.excluded is not None
    assert table.excluded.loc["dont_know", "All"] == 7.0  # weighted, as the counts
    # The notes count respondents, not weights.
    assert "2 answered only Don't know, excluded from the base." in table.notes


def test_a_set_given_by_hand_names_its_dont_know_options() -> None:
    data = _data()
    columns, options = ["t_a", "t_b", "t_dk"], ["A", "B", "Not sure"]
    table = tt.multi_response(
        data, "t", columns=columns, options=options, dont_know="exclude",
        dont_know_options=["Not sure"],
    )  # fmt: skip
    assert list(table.counts.index) == ["A", "B"]
    assert table.bases.tolist() == [4]
    # By default "Don't know" is the don't know option; this set has none by that name.
    plain = tt.multi_response(data, "t", columns=columns, options=options, dont_know="exclude")
    assert list(plain.counts.index) == options
    assert plain.bases.tolist() == [6]


def test_everyone_answering_dont_know_leaves_an_empty_base() -> None:
    data = _data().assign(t_a=0, t_b=0, t_dk=1)
    table = tt.multi_response(data, "t", survey=SURVEY, dont_know="exclude")
    assert table.bases.tolist() == [0]
    assert table.percentages()["All"].isna().all()
    assert "7 answered only Don't know, excluded from the base." in table.notes
    assert any("No respondents in the base" in note for note in table.notes)


def test_two_dont_know_options_are_both_left_out() -> None:
    survey = _survey({"code": 8, "label": "Not sure", "column": "t_ns", "dont_know": True})
    # Respondent 2 ticks B and Not sure (beside); 3 Not sure alone; 5 both DK kinds.
    data = _data().assign(t_ns=[0, 1, 1, 0, 1, 0, 0], t_dk=[0, 0, 0, 1, 1, 0, 0])
    table = tt.multi_response(data, "t", survey=survey, dont_know="exclude")
    assert list(table.counts.index) == ["A", "B"]
    # Base: 1, 2, 4, 7 (3 and 5 only ticked don't know kinds; 6 nothing).
    assert table.bases.tolist() == [4]
    assert "2 answered only Don't know or Not sure, excluded from the base." in table.notes
    assert any(n.startswith("2 ticked Don't know or Not sure beside other") for n in table.notes)


def test_a_respondent_ticking_only_dont_know_with_a_delimited_set() -> None:
    survey = tt.Survey.from_dict(
        {
            "title": "M",
            "questions": [
                {
                    "id": "d",
                    "type": "multi",
                    "text": "D?",
                    "form": "delimited",
                    "separator": ";",
                    "options": ["A", "B", {"label": "Don't know", "dont_know": True}],
                }
            ],
        }
    )
    data = pd.DataFrame(
        {"respondent_id": [1, 2, 3, 4], "d": ["A", "Don't know", "B;Don't know", None]}
    )
    table = tt.multi_response(data, "d", survey=survey, dont_know="exclude")
    assert table.counts["All"].tolist() == [1, 1]
    assert table.bases.tolist() == [2]


def test_exclude_does_not_change_the_data() -> None:
    data = _data()
    before = data.copy()
    tt.multi_response(data, "t", survey=SURVEY, by="g", dont_know="exclude")
    tt.multi_nets(data, "t", {"A or B": ["A", "B"]}, survey=SURVEY, dont_know="exclude")
    pd.testing.assert_frame_equal(data, before)


def test_an_engine_frame_gives_the_pandas_table() -> None:
    pl = pytest.importorskip("polars")
    data = _data().assign(w=[1.0, 2.0, 4.0, 0.5, 3.0, 1.0, 1.5])
    for weights in (None, "w"):
        pandas = tt.multi_response(
            data, "t", survey=SURVEY, by="g", weights=weights, dont_know="exclude"
        )
        engine = tt.multi_response(
            pl.from_pandas(data), "t", survey=SURVEY, by="g", weights=weights, dont_know="exclude"
        )
        pd.testing.assert_frame_equal(engine.counts, pandas.counts, check_dtype=False)
        assert engine.bases.tolist() == pandas.bases.tolist()
        # The notes count respondents, not the engine's answer patterns.
        assert engine.notes == pandas.notes


# -- nets --------------------------------------------------------------------------------------


def test_nets_are_counted_over_the_base_without_dont_know() -> None:
    nets = tt.multi_nets(
        _data(), "t", {"A or B": ["A", "B"]}, survey=SURVEY, by="g", dont_know="exclude"
    )
    # Every respondent in the base ticked A or B: 100%, of x 2 and y 2.
    assert nets.counts.loc["A or B"].tolist() == [2, 2, 4]
    assert nets.bases.tolist() == [2, 2, 4]
    assert nets.excluded is not None
    assert nets.excluded.loc["dont_know"].tolist() == [1, 1, 2]
    included = tt.multi_nets(_data(), "t", {"A or B": ["A", "B"]}, survey=SURVEY, by="g")
    assert included.bases.tolist() == [3, 3, 6]


def test_a_net_holding_dont_know_is_refused_when_excluding_it() -> None:
    with pytest.raises(
        tt.InvalidOptionError, match=r"net 'B or DK' of 't' holds \[\"Don't know\"\]"
    ):
        tt.multi_nets(
            _data(), "t", {"B or DK": ["B", "Don't know"]}, survey=SURVEY, dont_know="exclude"
        )


# -- tab books ---------------------------------------------------------------------------------


def test_a_tab_book_excludes_a_sets_dont_know_with_its_notes_and_nets() -> None:
    survey = _survey(nets={"A or B": ["A", "B"], "B or DK": ["B", "Don't know"]})
    book = tt.tabbook(_data(), survey, banners=["g"], dont_know="exclude", letters=False)
    section = book.section("t")
    shown = section.display()
    assert "Don't know" not in shown.index
    assert list(shown.loc["Base"]) == ["4 *", "2 *", "2 *"]
    assert "2 answered only Don't know, excluded from the base." in section.notes
    assert any(n.startswith("1 ticked Don't know beside other") for n in section.notes)
    # The net of A or B over the base without don't know; the net holding it is left out.
    assert list(shown.loc["NET: A or B"]) == ["100%", "100%", "100%"]
    assert "NET: B or DK" not in shown.index
    assert any("'B or DK' hold a don't know option" in n for n in section.notes)


def test_a_protected_weighted_tab_book_sees_the_set_as_printed() -> None:
    # Disclosure control reads a weighted set's nets again from the rows: over the printed
    # base (without those who ticked only don't know), and only the nets printed (the
    # net holding don't know, left out, was refused there).
    survey = _survey(nets={"A or B": ["A", "B"], "B or DK": ["B", "Don't know"]})
    data = pd.concat([_data()] * 6, ignore_index=True)
    data = data.assign(respondent_id=range(1, 43), w=[1.0, 2.0] * 21)
    book = tt.tabbook(
        data, survey, banners=["g"], weights="w", dont_know="exclude", letters=False,
        threshold=3,
    )  # fmt: skip
    section = book.section("t")
    shown = section.display()
    assert "Don't know" not in shown.index
    assert "NET: B or DK" not in shown.index
    block = section.blocks[0]
    assert block.table is not None
    assert block.nets is not None
    assert block.table.unweighted_bases is not None
    assert block.table.unweighted_bases.tolist() == [12, 12, 24]  # x, y, All
    # Everyone in the printed base ticked A or B (and no cell is below 3 organisations).
    assert block.nets.counts.loc["A or B"].tolist() == block.table.bases.tolist()
    assert book.disclosure is not None
    assert "requirements met=True" in repr(book.disclosure)
    # A: 12 organisations (x 6, y 6), B: 18 (x 6, y 12): nothing below 3 to hide.
    assert book.disclosure.cells.empty
    # The protected set's nets of t share the options' printed bases (organisations):
    # read again from the rows with don't know included, they were 18, 18 and 36.
    protected = dict(zip(book.disclosure.sources, book.disclosure.protected.tables, strict=True))
    options, nets = protected[("t", "g", "options")], protected[("t", "g", "nets")]
    assert options.table.bases.tolist() == [12, 12, 24]
    assert nets.table.bases.tolist() == [12, 12, 24]
    assert nets.table.counts.loc["A or B"].tolist() == [12, 12, 24]


# -- the property --------------------------------------------------------------------------


ROWS = st.lists(
    st.tuples(st.sampled_from("xy"), st.booleans(), st.booleans(), st.booleans()),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(ROWS, st.sampled_from(["skipped", "answered"]), st.booleans())
def test_exclude_is_dropping_dont_know_only_respondents_and_the_column(
    rows: list[tuple[str, bool, bool, bool]], empty: Any, weighted: bool
) -> None:
    data = pd.DataFrame(
        {
            "respondent_id": range(1, len(rows) + 1),
            "g": [r[0] for r in rows],
            "t_a": [int(r[1]) for r in rows],
            "t_b": [int(r[2]) for r in rows],
            "t_dk": [int(r[3]) for r in rows],
            "w": [1.0 + (i % 3) * 0.5 for i in range(len(rows))],
        }
    )
    weights = "w" if weighted else None
    excluded = tt.multi_response(
        data, "t", survey=SURVEY, by="g", empty=empty, weights=weights, dont_know="exclude"
    )
    only = (data["t_dk"] == 1) & (data["t_a"] == 0) & (data["t_b"] == 0)
    # The groups the codebook declares, those no one kept included.
    kept = data[~only.to_numpy()].assign(g=lambda d: pd.Categorical(d["g"], ["x", "y"]))
    by_hand = tt.multi_response(
        kept, "t", columns=["t_a", "t_b"], options=["A", "B"], by="g", empty=empty,
        weights=weights,
    )  # fmt: skip
    pd.testing.assert_frame_equal(excluded.counts, by_hand.counts, check_names=False)
    pd.testing.assert_series_equal(excluded.bases, by_hand.bases, check_names=False)
    pd.testing.assert_frame_equal(excluded.percentages(), by_hand.percentages(), check_names=False)
    assert excluded.excluded is not None
    assert by_hand.excluded is not None
    shared = ["skipped", "not_asked", "refused"]
    pd.testing.assert_frame_equal(
        excluded.excluded.loc[shared], by_hand.excluded.loc[shared], check_names=False
    )
    dont_know = excluded.excluded.loc["dont_know"]
    w = data["w"] if weighted else pd.Series(1.0, index=data.index)
    assert float(dont_know["All"]) == pytest.approx(float(w[only].sum()))
    # Nothing else moved: what is in the base and what left it make up everyone.
    everyone = excluded.excluded.sum(axis=0) + excluded.bases
    assert float(everyone["All"]) == pytest.approx(float(w.sum()))
    assert np.isfinite(excluded.counts.to_numpy(dtype=float)).all()


def _random_set(n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "respondent_id": range(1, n + 1),
            "g": rng.choice(list("xy"), n),
            "t_a": rng.integers(0, 2, n),
            "t_b": rng.integers(0, 2, n),
            "t_dk": rng.integers(0, 2, n),
            "w": rng.uniform(0.5, 2, n),
        }
    )


def test_design_letters_read_the_base_without_dont_know() -> None:
    # The design-based letters read the respondents again: with those who ticked only
    # don't know in it, the rows gave other bases than the table's (InvalidBaseError).
    data = _random_set()
    book = tt.tabbook(
        data, SURVEY, banners=["g"], weights="w", design=tt.Design(weights="w"),
        dont_know="exclude", nets=False,
    )  # fmt: skip
    block = book.section("t").blocks[0]
    assert block.table is not None
    only = (data["t_dk"] == 1) & (data["t_a"] == 0) & (data["t_b"] == 0)
    in_base = (data[["t_a", "t_b"]].sum(axis=1) > 0) & ~only
    assert block.table.unweighted_bases is not None
    assert int(block.table.unweighted_bases["All"]) == int(in_base.sum())
    assert block.tests is not None
    assert list(block.tests.rows or ()) == ["A", "B"]
    assert np.isfinite(block.tests.p_values).all()


def test_compare_groups_of_a_set_excluding_dont_know_is_that_of_the_rows_kept() -> None:
    data = _random_set()
    only = (data["t_dk"] == 1) & (data["t_a"] == 0) & (data["t_b"] == 0)
    options: dict[str, Any] = {"survey": SURVEY, "weights": "w", "dont_know": "exclude"}
    excluded = tt.compare_groups(data, "t", "g", **options).to_frame()
    kept = tt.compare_groups(data[~only.to_numpy()], "t", "g", **options).to_frame()
    pd.testing.assert_frame_equal(excluded, kept)


# -- hostile -----------------------------------------------------------------------------------


def test_a_set_of_dont_know_alone_excluded_has_no_rows_and_an_empty_base() -> None:
    survey = tt.Survey.from_dict(
        {"title": "M", "questions": [{"id": "t", "type": "multi", "text": "T?", "options": [DK]}]}
    )
    data = pd.DataFrame({"respondent_id": [1, 2, 3], "t_dk": [1, 0, 1]})
    table = tt.multi_response(data, "t", survey=survey, dont_know="exclude")
    assert table.counts.shape == (0, 1)
    assert table.bases.tolist() == [0]
    assert table.excluded is not None
    assert table.excluded["All"].to_dict() == {
        "skipped": 1, "not_asked": 0, "refused": 0, "dont_know": 2,
    }  # fmt: skip


def test_combined_parts_add_up_their_dont_know_notes() -> None:
    # Before the fix in combine(): the sum kept the first part's "1 answered only ...".
    data = _data()
    parts = [
        tt.multi_response(part, "t", survey=SURVEY, dont_know="exclude")
        for part in (data.iloc[:3], data.iloc[3:])
    ]
    whole = tt.multi_response(data, "t", survey=SURVEY, dont_know="exclude")
    combined = tt.combine(parts)
    assert combined.notes == whole.notes
    pd.testing.assert_frame_equal(combined.counts, whole.counts)
    assert combined.excluded is not None
    assert whole.excluded is not None
    pd.testing.assert_frame_equal(combined.excluded, whole.excluded)


def test_several_banners_say_the_dont_know_counts_once() -> None:
    data = _data().assign(h=list("pqpqpqp"))
    survey = tt.Survey.from_dict(
        {
            "title": "M",
            "questions": [
                *SURVEY.to_dict()["questions"],
                {"id": "h", "type": "single", "text": "H?", "options": ["p", "q"]},
            ],
        }
    )
    table = tt.multi_response(data, "t", survey=survey, by=["g", "h"], dont_know="exclude")
    assert [n for n in table.notes if "Don't know" in n] == [
        "2 answered only Don't know, excluded from the base.",
        "1 ticked Don't know beside other options: they stay in the base with their other answers.",
    ]


def test_trend_excludes_a_sets_dont_know_wave_by_wave() -> None:
    first = _data().assign(org=list("abcdefg"))
    # The second wave: everyone ticked only Don't know.
    second = first.assign(t_a=0, t_b=0, t_dk=1)
    pooled = tt.waves.pool({"w1": (first, SURVEY), "w2": (second, SURVEY)}, id="org")
    table = tt.waves.trend(pooled, "t", dont_know="exclude")
    assert list(table.counts.index) == ["A", "B"]
    assert table.bases.tolist() == [4, 0]
    assert table.excluded is not None
    assert table.excluded.loc["dont_know"].tolist() == [2, 7]
    assert table.percentages()["w2"].isna().all()
    # Per wave (until hY3 the note said 9, the waves' 2 and 7 added up)
    assert "Answered only Don't know, excluded from the base: w1 2, w2 7." in table.notes


def test_change_of_a_set_excluding_dont_know_has_the_trends_bases() -> None:
    # Before: change() of a set read every tick whatever dont_know said: a base of 6
    # (those who ticked only Don't know in it) beside the trend's 4.
    first = _data().assign(org=list("abcdefg"))
    second = first.assign(t_a=[1, 1, 0, 1, 0, 0, 0])  # respondent 2 now ticks A too
    pooled = tt.waves.pool({"w1": (first, SURVEY), "w2": (second, SURVEY)}, id="org")
    result = tt.waves.change(pooled, "t", "A", dont_know="exclude")
    trend = tt.waves.trend(pooled, "t", dont_know="exclude")
    assert (result.base1, result.base2) == tuple(trend.bases.tolist()) == (4, 4)
    assert (result.count1, result.count2) == tuple(trend.counts.loc["A"].tolist()) == (2, 3)
    # Paired: 1 and 4 A twice; 2 no then yes; 7 no twice.
    assert result.both == (2, 0, 1, 1)
    with pytest.raises(tt.QuestionNotFoundError, match="not among the options in the base"):
        tt.waves.change(pooled, "t", "Don't know", dont_know="exclude")
    # changes(): every option in the table, and the nets made of them.
    frame = tt.waves.changes(pooled, "t", dont_know="exclude")
    assert list(frame.index) == ["A", "B", "A or B"]


def test_changes_excluding_dont_know_leave_out_a_net_holding_it() -> None:
    # Before: QuestionNotFoundError "net 'Yes or DK' is made of ['Yes', "Don't know"], but
    # ["Don't know"] are not in the base", for the whole table of changes.
    survey = tt.Survey.from_dict(
        {
            "title": "M",
            "questions": [
                {
                    "id": "q",
                    "type": "single",
                    "text": "Q?",
                    "options": ["Yes", "No", {"label": "Don't know", "dont_know": True}],
                    "nets": {"Yes or DK": ["Yes", "Don't know"]},
                }
            ],
        }
    )
    wave = pd.DataFrame(
        {
            "respondent_id": range(1, 7),
            "org": list("abcdef"),
            "q": ["Yes", "No", "Don't know", "Yes", "No", "Yes"],
        }
    )
    pooled = tt.waves.pool({"a": (wave, survey), "b": (wave, survey)}, id="org")
    frame = tt.waves.changes(pooled, "q", dont_know="exclude")
    assert list(frame.index) == ["Yes", "No"]
    assert list(tt.waves.changes(pooled, "q").index) == ["Yes", "No", "Don't know", "Yes or DK"]


@settings(max_examples=60, deadline=None)
@given(ROWS, st.integers(min_value=0, max_value=30))
def test_without_a_total_the_notes_count_each_column_and_add_up_by_part(
    rows: list[tuple[str, bool, bool, bool]], cut: int
) -> None:
    data = pd.DataFrame(
        {
            "respondent_id": range(1, len(rows) + 1),
            "g": [r[0] for r in rows],
            "t_a": [int(r[1]) for r in rows],
            "t_b": [int(r[2]) for r in rows],
            "t_dk": [int(r[3]) for r in rows],
        }
    )
    options: dict[str, Any] = {"survey": SURVEY, "by": "g", "total": False, "dont_know": "exclude"}
    table = tt.multi_response(data, "t", **options)
    other = (data["t_a"] == 1) | (data["t_b"] == 1)
    only = (data["t_dk"] == 1) & ~other
    beside = (data["t_dk"] == 1) & other
    columns = list(table.counts.columns)
    for head, who in (("Answered only ", only), ("Ticked ", beside)):
        each = [int((who & (data["g"] == g)).sum()) for g in columns]
        notes = [n for n in table.notes if n.startswith(head + "Don't know")]
        listed = ", ".join(f"{g} {n}" for g, n in zip(columns, each, strict=True))
        assert notes == ([] if not any(each) else [notes[0]])
        if any(each):
            assert notes[0].endswith(f": {listed}.")
    parts = [data.iloc[:cut], data.iloc[cut:]]
    tables = [tt.multi_response(p, "t", **options) for p in parts if len(p)]
    assert tt.combine(tables).notes == table.notes


def test_a_lone_surrogate_in_delimited_text_is_refused_naming_the_rows() -> None:
    # Before: a bare UnicodeEncodeError from pandas' astype(str) (through pyarrow). A file
    # read with errors="surrogateescape" leaves such characters.
    data = pd.DataFrame({"q": pd.Series(["a;\ud800", "a;b", "b"], dtype=object)})
    with pytest.raises(
        tt.InvalidDataError, match=r"(?s)question 'q'.*rows \[0\].*not valid Unicode"
    ):
        tt.multi_response(data, "q", separator=";", options=["a", "b"])
    # An option holding one is refused first, as a label no table can hold (hK12).
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)question 'q'.*not valid Unicode"):
        tt.multi_response(data, "q", separator=";", options=["a", "b", "\ud800"])

"""tt.combine() keeps the notes of every part that hold for the sum, not the first's alone."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import tracktr as tt

NO_GROUP = (
    "Respondents in the base who gave no answer to 'g' (or an answer marked missing) are "
    "counted in the total, in no column."
)


def test_a_note_of_a_later_part_is_kept() -> None:
    data = pd.DataFrame({"v": ["a", "b", "a", "b"], "g": ["x", "y", "x", None]})
    parts = [tt.frequencies(data.iloc[:2], "v", by="g"), tt.frequencies(data.iloc[2:], "v", by="g")]
    summed = tt.combine(parts)
    # Respondent 4 (b) has no group: All counts b twice, x and y once between them.
    assert summed.counts.loc["b"].tolist() == [0, 1, 2]
    # Before: () -- the first part had no one without a group, so no note said so.
    assert summed.extra_notes == (NO_GROUP,)
    assert summed.extra_notes == tt.frequencies(data, "v", by="g").extra_notes


@settings(max_examples=50, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.sampled_from(["a", "b", None]), st.sampled_from(["x", "y", None])),
        min_size=2,
        max_size=30,
    ),
    cut=st.integers(1, 29),
)
def test_property_the_sum_of_parts_has_the_notes_of_the_whole(
    answers: list[tuple[str | None, str | None]], cut: int
) -> None:
    data = pd.DataFrame({"v": [v for v, _ in answers], "g": [g for _, g in answers]})
    cut = min(cut, len(data) - 1)
    options = {"options": ["a", "b"], "by": "g"}
    parts = [tt.frequencies(data.iloc[:cut], "v", **options),
             tt.frequencies(data.iloc[cut:], "v", **options)]  # fmt: skip
    summed = tt.combine(parts)
    whole = tt.frequencies(data, "v", **options)
    assert summed.extra_notes == whole.extra_notes


@settings(max_examples=100, deadline=None)
@example(answers=[("a", "x"), ("b", None), ("a", "y"), ("b", None)], cuts=[2], total=False)
@given(
    answers=st.lists(
        st.tuples(st.sampled_from(["a", "b", None]), st.sampled_from(["x", "y", None])),
        min_size=3,
        max_size=30,
    ),
    cuts=st.lists(st.integers(1, 29), min_size=1, max_size=3),
    total=st.booleans(),
)
def test_property_the_parts_notes_count_the_whole_with_or_without_a_total(
    answers: list[tuple[str | None, str | None]], cuts: list[int], total: bool
) -> None:
    # Without a total, each part's note counted its own respondents in no column, and
    # combine() kept one of each text: parts saying "1 respondent with no answer to 'g'
    # is in no column." twice printed 1 where the whole has 2 (so tabulate_csv(by=,
    # total=False) printed 1 of the 10 in a file of 100 rows read 7 at a time).
    data = pd.DataFrame({"v": [v for v, _ in answers], "g": [g for _, g in answers]})
    edges = sorted({min(c, len(data) - 1) for c in cuts})
    bounds = zip([0, *edges], [*edges, len(data)], strict=True)
    options = {"options": ["a", "b"], "by": "g", "total": total}
    parts = [tt.frequencies(data.iloc[a:b], "v", **options) for a, b in bounds]
    summed = tt.combine(parts)
    whole = tt.frequencies(data, "v", **options)
    assert summed.extra_notes == whole.extra_notes
    pd.testing.assert_frame_equal(summed.counts, whole.counts)


def test_pooled_parts_say_some_organisations_answered_several_waves() -> None:
    # Each part counted the organisations in both of its wave columns; an organisation's
    # two rows may be in two parts, so the sum says "Some", not one part's number.
    def codebook(options: list[str]) -> tt.Survey:
        question = {"id": "q", "type": "single", "text": "Q?", "options": options}
        return tt.Survey.from_dict({"respondent_id": "org_id", "questions": [question]})

    first = pd.DataFrame({"org_id": [1, 2, 3, 4], "q": ["a", "b", "a", "b"]})
    second = pd.DataFrame({"org_id": [1, 2, 3, 5], "q": ["b", "b", "a", "a"]})
    pooled = tt.waves.pool(
        {"2024": (first, codebook(["a", "b"])), "2025": (second, codebook(["a", "b"]))},
        id="org_id",
    )
    rows = pooled.data
    parts = [
        tt.frequencies(rows[rows["org_id"].isin([1, 4])], "q", by="wave"),
        tt.frequencies(rows[rows["org_id"].isin([2, 3, 5])], "q", by="wave"),
    ]
    assert any(n.startswith("1 organisation(s)") for n in parts[0].extra_notes)
    assert any(n.startswith("2 organisation(s)") for n in parts[1].extra_notes)
    summed = tt.combine(parts)
    shared = [n for n in summed.extra_notes if "answered more than one wave" in n]
    assert len(shared) == 1
    assert shared[0].startswith("Some organisations (id 'org_id') answered more than one wave")


def test_tabulate_csv_counts_those_in_no_column_of_the_whole_file(tmp_path: Path) -> None:
    survey = tt.Survey.from_dict({"questions": [
        {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
        {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
    ]})  # fmt: skip
    rows = "".join(
        f"{i},{'ab'[i % 2]},{'' if i % 10 == 0 else 'xy'[i % 3 % 2]}\n" for i in range(1, 101)
    )
    path = tmp_path / "g.csv"
    path.write_text("respondent_id,q,g\n" + rows, encoding="utf-8")
    chunked = tt.io.tabulate_csv(path, survey, ["q"], chunksize=7, by="g", total=False)["q"]
    whole = tt.frequencies(tt.io.read_csv(path, survey), "q", survey=survey, by="g", total=False)
    assert "10 respondents with no answer to 'g' are in no column." in chunked.extra_notes
    assert chunked.extra_notes == whole.extra_notes  # before: "1 respondent ..."


def test_tabulate_csv_refuses_pooled_waves_split_by_a_breakdown(tmp_path: Path) -> None:
    # Chunk by chunk, an organisation's rows of two waves are most often in two chunks:
    # no chunk sees it in both columns, so the table's note could not say so.
    waves = tt.datasets.tracktr_waves()
    pooled = tt.waves.pool(waves, harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    codebook, rows = tmp_path / "pooled.toml", tmp_path / "pooled.csv"
    pooled.survey.to_toml(codebook)
    pooled.data.to_csv(rows, index=False)
    survey = tt.Survey.from_toml(codebook)
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)pooled waves.*Hint: read the whole"):
        tt.io.tabulate_csv(rows, survey, ["main_funding"], by="wave")
    every = tt.io.tabulate_csv(rows, survey, ["main_funding"], chunksize=50)["main_funding"]
    assert every.counts.equals(tt.frequencies(pooled.data, "main_funding").counts)

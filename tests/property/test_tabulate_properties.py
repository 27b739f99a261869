"""Hypothesis properties of the tabulation core, with pandas as the independent reference."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.missing import MARKERS

OPTIONS = ["Improved", "No change", "Worsened", "Don't know"]
GROUPS = ["CRC", "NPS", "Other"]
cells = st.one_of(st.sampled_from(OPTIONS), st.sampled_from([*MARKERS, None]))


@st.composite
def frames(draw: st.DrawFn, min_size: int = 0) -> pd.DataFrame:
    n = draw(st.integers(min_size, 60))
    answers = draw(st.lists(cells, min_size=n, max_size=n))
    groups = draw(st.lists(st.sampled_from([*GROUPS, None]), min_size=n, max_size=n))
    weights = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    ticks = draw(st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=n, max_size=n))
    frame = pd.DataFrame(
        {"q": pd.Series(answers, dtype=object), "g": pd.Series(groups, dtype=object)}
    )
    frame["w"] = np.array(weights, dtype=float)
    tick_array = np.array(ticks, dtype=np.int64).reshape(n, 3)
    for j, name in enumerate(["t0", "t1", "t2"]):
        frame[name] = tick_array[:, j]
    return frame


@given(frames(), st.sampled_from(["include", "exclude"]))
def test_counts_sum_to_bases_and_match_pandas(df: pd.DataFrame, dont_know: str) -> None:
    table = tt.frequencies(df, "q", options=OPTIONS, by="g", dont_know=dont_know)  # type: ignore[arg-type]
    assert (table.counts.sum(axis=0) == table.bases).all()
    in_base = df["q"].isin(OPTIONS if dont_know == "include" else OPTIONS[:3])
    expected = df.loc[in_base, "q"].value_counts()
    for option in table.counts.index:
        assert table.counts.loc[option, "All"] == expected.get(option, 0)
    assert table.excluded is not None
    assert int(table.bases["All"] + table.excluded["All"].sum()) == len(df)


@given(frames(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(df: pd.DataFrame, random: object) -> None:
    order = list(range(len(df)))
    random.shuffle(order)  # type: ignore[attr-defined]
    shuffled = df.iloc[order]
    a = tt.frequencies(df, "q", options=OPTIONS, by="g")
    b = tt.frequencies(shuffled, "q", options=OPTIONS, by="g")
    # Group columns follow the sorted group labels, so they agree whatever the order.
    assert a.counts.equals(b.counts)
    m1 = tt.multi_response(df, "s", columns=["t0", "t1", "t2"], by="g")
    m2 = tt.multi_response(shuffled, "s", columns=["t0", "t1", "t2"], by="g")
    assert m1.counts.equals(m2.counts)
    assert m1.bases.equals(m2.bases)


@given(frames())
def test_unit_weights_equal_no_weights(df: pd.DataFrame) -> None:
    ones = [1.0] * len(df)
    plain = tt.frequencies(df, "q", options=OPTIONS, by="g")
    weighted = tt.frequencies(df, "q", options=OPTIONS, by="g", weights=ones)
    assert np.array_equal(plain.counts.to_numpy(), weighted.counts.to_numpy())
    assert plain.percentages().equals(weighted.percentages())
    m_plain = tt.multi_response(df, "s", columns=["t0", "t1", "t2"])
    m_weighted = tt.multi_response(df, "s", columns=["t0", "t1", "t2"], weights=ones)
    assert np.array_equal(m_plain.counts.to_numpy(), m_weighted.counts.to_numpy())


@given(frames())
def test_integer_weights_equal_repeated_rows(df: pd.DataFrame) -> None:
    repeated = df.loc[df.index.repeat(df["w"].astype(int))]
    weighted = tt.frequencies(df, "q", options=OPTIONS, weights="w")
    expanded = tt.frequencies(repeated, "q", options=OPTIONS)
    assert np.array_equal(weighted.counts.to_numpy(), expanded.counts.to_numpy())


@given(frames())
def test_inputs_unchanged(df: pd.DataFrame) -> None:
    before = df.copy()
    tt.frequencies(df, "q", options=OPTIONS, by="g", weights="w")
    tt.multi_response(df, "s", columns=["t0", "t1", "t2"], by="g")
    tt.grid(df, "grid", columns=["q"], options=OPTIONS, average=True)
    pd.testing.assert_frame_equal(df, before)


@given(frames())
def test_multi_response_matches_a_groupby_reference(df: pd.DataFrame) -> None:
    table = tt.multi_response(df, "s", columns=["t0", "t1", "t2"])
    answered = df[["t0", "t1", "t2"]].sum(axis=1) > 0
    assert table.bases["All"] == answered.sum()
    assert table.counts["All"].tolist() == df.loc[answered, ["t0", "t1", "t2"]].sum().tolist()


@given(frames(), st.integers(1, 5))
def test_chunks_add_up_to_the_whole(df: pd.DataFrame, parts: int) -> None:
    chunks = np.array_split(np.arange(len(df)), parts)
    tables = [tt.frequencies(df.iloc[c], "q", options=OPTIONS) for c in chunks]
    whole = tt.frequencies(df, "q", options=OPTIONS)
    combined = tt.combine(tables)
    assert combined.counts.equals(whole.counts)
    assert combined.bases.equals(whole.bases)


@given(frames(min_size=1))
def test_table_percentages_partition_and_notes(df: pd.DataFrame) -> None:
    table = tt.frequencies(df, "q", options=OPTIONS, by="g")
    largest = table.percentages(rule="largest_remainder")
    for column, base in table.bases.items():
        if base > 0:
            assert largest[column].sum() == 100
    totals = table.rounding_totals()
    off = [label for label, value in totals.items() if not np.isnan(value) and value != 100]
    for label in off:
        assert any(f"Percentages of {label} sum to" in note for note in table.notes)


@given(frames(), st.randoms(use_true_random=False))
def test_weights_series_are_matched_by_label_in_any_order(
    df: pd.DataFrame, rnd: random.Random
) -> None:
    # issue 11: a Series of weights is aligned on the index, never applied by position.
    labelled = df.set_index(pd.Index([f"r{i}" for i in range(len(df))]))
    order = list(labelled.index)
    rnd.shuffle(order)
    shuffled = labelled["w"].loc[order]
    by_series = tt.frequencies(labelled, "q", options=OPTIONS, by="g", weights=shuffled)
    by_column = tt.frequencies(labelled, "q", options=OPTIONS, by="g", weights="w")
    assert by_series.counts.equals(by_column.counts)
    assert by_series.bases.equals(by_column.bases)

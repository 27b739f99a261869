"""Hypothesis properties of tracktr.recode: round trips, additivity, involutions, bands."""

from __future__ import annotations

import bisect
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr import recode
from tracktr.missing import MARKERS, NOT_ASKED

MARKER_LIST = list(MARKERS)

labels = (
    st.text(
        alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -'"),
        min_size=1,
        max_size=8,
    )
    .map(str.strip)
    # Not "Base" in any case: tables refuse an option labelled like the base row they print.
    .filter(lambda s: s != "" and s not in MARKERS and s.casefold() != "base")
)
option_lists = st.lists(labels, min_size=1, max_size=6, unique=True)


def missing_cells() -> st.SearchStrategy[object]:
    return st.sampled_from([*MARKER_LIST, None])


@st.composite
def single_answers(draw: st.DrawFn) -> tuple[list[str], pd.Series]:
    """Options in order and an ordered categorical of answers, markers and blanks."""
    options = draw(option_lists)
    cells = draw(
        st.lists(st.one_of(st.sampled_from(options), missing_cells()), min_size=0, max_size=30)
    )
    index = pd.Index(draw(st.permutations(range(100, 100 + len(cells)))), name="respondent")
    dtype = pd.CategoricalDtype([*options, *MARKER_LIST], ordered=True)
    series = pd.Series(cells, index=index, name="q", dtype=object).astype(dtype)
    return options, series


@st.composite
def multi_answers(draw: st.DrawFn) -> tuple[list[str], list[str], pd.DataFrame]:
    """Options, exclusive options and an indicator frame respecting exclusivity."""
    options = draw(option_lists)
    exclusive = draw(st.lists(st.sampled_from(options), max_size=1, unique=True))
    n = draw(st.integers(0, 25))
    rows: list[list[object]] = []
    for _ in range(n):
        kind = draw(st.sampled_from(["ticks", "ticks", "ticks", "missing"]))
        if kind == "missing":
            marker = draw(st.sampled_from(MARKER_LIST))
            rows.append([marker] * len(options))
            continue
        ticked = draw(st.lists(st.sampled_from(options), unique=True))
        if any(option in exclusive for option in ticked):
            ticked = [next(option for option in ticked if option in exclusive)]
        rows.append([int(option in ticked) for option in options])
    index = pd.Index([f"r{i}" for i in range(n)], name="id")
    frame = pd.DataFrame(rows, index=index, columns=pd.Index(options, dtype=object))
    if any(isinstance(cell, str) for row in rows for cell in row):
        frame = frame.astype(object)
    elif n:
        frame = frame.astype("int64")
    return options, exclusive, frame


# -- multi-response round trips ---------------------------------------------------------------


@given(multi_answers())
def test_indicators_delimited_long_round_trip(
    case: tuple[list[str], list[str], pd.DataFrame],
) -> None:
    options, exclusive, frame = case
    before = frame.copy()
    indicators = recode.to_indicators(frame, exclusive=exclusive)
    pd.testing.assert_frame_equal(indicators, frame, check_dtype=False)

    text = recode.to_delimited(frame, separator="|", exclusive=exclusive)
    assert text.index.equals(frame.index)
    from_text = recode.to_indicators(text, separator="|", options=options, exclusive=exclusive)
    pd.testing.assert_frame_equal(from_text, indicators, check_dtype=False)

    long = recode.to_long(frame, exclusive=exclusive)
    assert len(long) == len(frame) * len(options)  # nobody dropped, ticked nothing or not
    pd.testing.assert_frame_equal(recode.to_indicators(long), indicators, check_dtype=False)
    pd.testing.assert_series_equal(recode.to_delimited(long, separator="|"), text)
    pd.testing.assert_frame_equal(
        recode.to_long(text, separator="|", options=options), long, check_dtype=False
    )
    pd.testing.assert_frame_equal(frame, before)


@given(multi_answers())
def test_ticks_survive_every_shape(case: tuple[list[str], list[str], pd.DataFrame]) -> None:
    options, _, frame = case
    answered = ~frame.isin(MARKER_LIST).any(axis=1)
    expected = frame[answered].astype("int64").sum(axis=0) if len(frame) else None
    long = recode.to_long(recode.to_delimited(frame, separator=";"), separator=";", options=options)
    if expected is not None:
        totals = long.groupby(level="option", observed=False)["ticked"].sum()
        assert totals.tolist() == expected.tolist()
        missing = long["missing"].dropna()
        assert set(missing) <= set(MARKER_LIST)
        assert len(missing) == int((~answered).sum()) * len(options)


# -- collapse is additive ---------------------------------------------------------------------


@st.composite
def partitions(draw: st.DrawFn) -> tuple[list[str], pd.Series, dict[str, list[str]]]:
    options, series = draw(single_answers())
    n_groups = draw(st.integers(1, len(options)))
    assignment = [draw(st.integers(0, n_groups - 1)) for _ in options]
    # Only the groups given an option: collapse() and nets() refuse a group of none.
    mapping = {
        f"Group {g}": [o for o, a in zip(options, assignment, strict=True) if a == g]
        for g in sorted(set(assignment))
    }
    return options, series, mapping


@given(partitions())
def test_collapse_then_tabulate_equals_tabulate_then_sum(
    case: tuple[list[str], pd.Series, dict[str, list[str]]],
) -> None:
    options, series, mapping = case
    before = series.copy()
    grouped = recode.collapse(series, mapping)
    assert grouped.index.equals(series.index)
    assert grouped.cat.ordered
    detailed = tt.frequencies(series.to_frame(), "q", options=options)
    collapsed = tt.frequencies(grouped.to_frame(), "q", options=list(mapping))
    summed = [int(detailed.counts.loc[members, "All"].sum()) for members in mapping.values()]
    assert collapsed.counts["All"].tolist() == summed
    assert collapsed.bases.tolist() == detailed.bases.tolist()
    # markers and blanks pass through untouched
    missing = series.isna() | series.isin(MARKER_LIST)
    assert grouped[missing].astype(object).equals(series[missing].astype(object))
    pd.testing.assert_series_equal(series, before)


@given(partitions())
def test_nets_are_sums_of_their_members(
    case: tuple[list[str], pd.Series, dict[str, list[str]]],
) -> None:
    options, series, mapping = case
    nets = {f"Net {label}": members for label, members in mapping.items()}
    frame = recode.nets(series, nets)
    answered = ~(series.isna() | series.isin(MARKER_LIST)).to_numpy()
    ticks = frame[answered].astype("int64")
    assert (ticks[options].sum(axis=1) == 1).all()
    for net, members in nets.items():
        assert ticks[net].tolist() == ticks[members].sum(axis=1).tolist()
    blanks = series.isna().to_numpy()
    assert frame[blanks].isna().all(axis=None)


# -- reverse is an involution -----------------------------------------------------------------


@given(single_answers(), st.data())
def test_reverse_twice_is_identity(case: tuple[list[str], pd.Series], data: st.DataObject) -> None:
    options, series = case
    dont_know = data.draw(st.lists(st.sampled_from(options), max_size=2, unique=True))
    before = series.copy()
    once = recode.reverse(series, dont_know_options=dont_know)
    assert once.astype(object).equals(series.astype(object))  # answers never change
    scale = [o for o in options if o not in dont_know]
    assert [c for c in once.cat.categories if c in scale] == scale[::-1]
    for position, category in enumerate(series.cat.categories):
        if category in dont_know or category in MARKERS:
            assert once.cat.categories[position] == category
    pd.testing.assert_series_equal(recode.reverse(once, dont_know_options=dont_know), series)
    pd.testing.assert_series_equal(series, before)


# -- band agrees with a reference -------------------------------------------------------------

edge_lists = st.lists(st.integers(-1_000, 1_000), min_size=1, max_size=6, unique=True).map(sorted)


@given(edge_lists, st.data(), st.sampled_from(["left", "right"]))
def test_band_agrees_with_reference(edges: list[int], data: st.DataObject, closed: str) -> None:
    # values on the edges exactly, next to them, and anywhere
    values = data.draw(
        st.lists(
            st.one_of(
                st.sampled_from(edges),
                st.sampled_from(edges).map(lambda e: e + 0.5),
                st.sampled_from(edges).map(lambda e: e - 0.5),
                st.floats(-2_000, 2_000, allow_nan=False),
                st.integers(-2_000, 2_000),
            ),
            max_size=40,
        )
    )
    series = pd.Series(values, dtype=object)
    out = recode.band(series, edges, closed=closed)  # type: ignore[call-overload]
    names = recode.band_labels(edges, closed=closed)  # type: ignore[arg-type]
    for value, label in zip(values, out, strict=True):
        position = (
            bisect.bisect_right(edges, value)
            if closed == "left"
            else bisect.bisect_left(edges, value)
        )
        assert label == names[position], (value, edges, closed)
    assert out.cat.categories.tolist() == names


@given(edge_lists, st.lists(st.sampled_from([*MARKER_LIST, None, np.nan]), max_size=10))
def test_band_passes_missing_through(edges: list[int], cells: list[object]) -> None:
    series = pd.Series([*cells, edges[0]], dtype=object)
    out = recode.band(series, edges)
    for cell, label in zip(cells, out, strict=False):
        if isinstance(cell, str):
            assert label == cell
        else:
            assert pd.isna(label)
    assert out.iloc[-1] == recode.band_labels(edges)[1]


# -- missing reports what it changed ----------------------------------------------------------


@given(st.lists(st.sampled_from([1, 2, -99, -98, NOT_ASKED]), max_size=30))
def test_missing_changes_every_sentinel_and_reports_it(cells: list[object]) -> None:
    series = pd.Series(cells, dtype=object, name="q")
    result = recode.missing(series, {-99: "refused", -98: "not_asked"})
    expected = sum(cell in (-99, -98) for cell in cells)
    assert len(result.changes) == expected
    assert not result.series.isin([-99, -98]).any()
    assert result.series.index.equals(series.index)
    assert (result.series[series.isin([1, 2])] == series[series.isin([1, 2])]).all()


# -- codebook-aware recodings validate like any other question --------------------------------

# The trackTR 2015 questions these recodings read (the whole codebook is slow to generate).
_USED = {
    "main_funding",
    "service_user_impact",
    "statutory_partnerships",
    "voluntary_partnerships",
    "crc_contract_value",
    "outside_funding_sources",
}
_FULL = tt.surveys.tracktr_2015()
SURVEY = tt.Survey(
    title=_FULL.title,
    questions=tuple(q for q in _FULL.questions if q.id in _USED),
    respondent_id=_FULL.respondent_id,
    population=_FULL.population,
    missing=_FULL.missing,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_recoded_questions_validate_against_the_updated_survey(data: st.DataObject) -> None:
    import tracktr.testing

    raw = data.draw(tracktr.testing.responses(SURVEY, max_size=10))
    frame = SURVEY.validate(raw)
    q = SURVEY.question
    recodings = [
        recode.supply_chain_status(frame["main_funding"], question=q("main_funding")),
        recode.collapse(
            frame["service_user_impact"],
            {
                "Positive or very positive": ["Very positive", "Positive"],
                "Neither": "Neither positive nor negative",
                "Negative or very negative": ["Negative", "Very negative"],
                "Don't know": "Don't know",
            },
            question=q("service_user_impact"),
            name="service_user_impact_net",
        ),
        recode.reverse(
            frame["statutory_partnerships"],
            question=q("statutory_partnerships"),
            name="statutory_partnerships_reversed",
        ),
        recode.nets(
            frame["voluntary_partnerships"],
            {"Improved": ["Improved a lot", "Improved a little"]},
            question=q("voluntary_partnerships"),
        ),
        recode.band(
            frame["crc_contract_value"],
            question=q("crc_contract_value"),
            name="crc_contract_band",
        ),
        recode.to_delimited(
            frame,
            question=q("outside_funding_sources"),
            name="outside_funding_sources_text",
        ),
    ]
    survey, recoded_frame = SURVEY, frame
    for recoded in recodings:
        survey = recoded.update(survey)
        recoded_frame = recoded.assign(recoded_frame)
    survey.validate(recoded_frame)
    # the recoded tables count the same respondents as the originals
    for source, target in [
        ("main_funding", "supply_chain_status"),
        ("service_user_impact", "service_user_impact_net"),
        ("statutory_partnerships", "statutory_partnerships_reversed"),
    ]:
        before = tt.tabulate(recoded_frame, source, survey=survey)
        after = tt.tabulate(recoded_frame, target, survey=survey)
        assert after.bases.tolist() == before.bases.tolist(), (source, target)
        assert after.counts.to_numpy().sum() == before.counts.to_numpy().sum()
    banded = tt.tabulate(recoded_frame, "crc_contract_band", survey=survey)
    values = recoded_frame["crc_contract_value"]
    numbers = pd.to_numeric(values[~values.isin(MARKER_LIST)], errors="coerce").notna().sum()
    assert int(banded.bases.iloc[0]) == int(numbers)


@st.composite
def gapped_bands(draw: st.DrawFn) -> list[tt.survey.Band]:
    """One band or more, of whole numbers in order, meeting or with gaps, ends open or not."""
    cuts = sorted(draw(st.sets(st.integers(-50, 100), min_size=3, max_size=9)))
    spans = list(itertools.pairwise(cuts))
    kept = draw(st.lists(st.booleans(), min_size=len(spans), max_size=len(spans)))
    # A single band is one group too: every answer must fall in it.
    chosen = [span for span, keep in zip(spans, kept, strict=True) if keep] or [spans[0]]
    low = [None if k == 0 and draw(st.booleans()) else lo for k, (lo, _) in enumerate(chosen)]
    last = len(chosen) - 1
    high = [None if k == last and draw(st.booleans()) else hi for k, (_, hi) in enumerate(chosen)]
    return [tt.survey.Band(f"b{k}", low[k], high[k]) for k in range(len(chosen))]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bands=gapped_bands(), values=st.lists(st.integers(-60, 120), max_size=25))
def test_band_by_codebook_bands_puts_each_answer_in_the_band_that_holds_it(
    bands: list[tt.survey.Band], values: list[int]
) -> None:
    # Bands that leave gaps or closed ends: every answer lands in the one band that
    # contains it, or band() refuses naming exactly the answers no band holds.
    question = tt.survey.NumericQuestion(id="n", text="n?", bands=tuple(bands))
    series = pd.Series(values, dtype=object, name="n")
    outside = [v for v in values if not any(b.contains(v) for b in bands)]
    if outside:
        with pytest.raises(tt.UnknownValueError) as caught:
            recode.band(series, question=question)
        assert f"{len(outside)} answer(s) fall in no band" in str(caught.value)
        assert set(caught.value.values) == set(outside)
        return
    labels = recode.band(series, question=question).series.tolist()
    for value, label in zip(values, labels, strict=True):
        assert next(b for b in bands if b.label == label).contains(value)

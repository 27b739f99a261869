"""A table made from counted arrays equals the one made from pandas objects (issue 16).

:func:`tracktr.frequencies` and the other counting functions keep the numpy arrays they
counted inside the :class:`~tracktr.Table` and build its pandas fields only when one is
read; every rendering reads the arrays. Each property builds the same table both ways, the
pandas one with plain ``pd.DataFrame``/``pd.Series`` calls, and compares every field and
rendering (counts, bases, percentages, percentage units, notes, Markdown, HTML, report
layout, repr), or the error both raise: random counts, weighted and not, zero bases,
bases weighed out, both percent axes, every rule, counts that do not fit their base.
Then the counting functions themselves on random answers: weights, empty groups and
all-missing columns, against the table rebuilt from its own pandas fields and a count
made with a plain loop.
"""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr._table_arrays import Parts
from tracktr.exceptions import TracktrError
from tracktr.typing import RoundingRule

FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Each example tabulates and renders two tables: fewer of them keep the test near 2 s.
FEWER = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RULES: list[RoundingRule] = ["half_up", "half_even", "half_down", "floor", "ceil", "double_half_up"]
REASONS = ["skipped", "not_asked", "refused"]
OPTIONS = ["Yes", "No", "Don't know"]
GROUPS = ["CRC", "NPS", "Other"]


@st.composite
def parts(draw: st.DrawFn, *, valid: bool = True) -> tuple[Parts, dict[str, Any]]:
    """Random arrays of a table (and its options); with ``valid=False``, maybe unfit ones."""
    n_rows = draw(st.integers(0, 4))
    n_columns = draw(st.integers(1, 3))
    axis = draw(st.sampled_from(["columns", "rows"]))
    weighted = draw(st.booleans())
    along = n_columns if axis == "columns" else n_rows
    shape = (n_rows, n_columns)
    if weighted:
        counts = np.asarray(
            draw(
                st.lists(
                    st.sampled_from([0.0, 0.5, 1.25, 2.0, 7.75, 30.5]),
                    min_size=n_rows * n_columns,
                    max_size=n_rows * n_columns,
                )
            ),
            dtype=float,
        ).reshape(shape)
    else:
        counts = np.asarray(
            draw(
                st.lists(
                    st.integers(0, 60), min_size=n_rows * n_columns, max_size=n_rows * n_columns
                )
            ),
            dtype=np.int64,
        ).reshape(shape)
    sums = counts.sum(axis=0) if axis == "columns" else counts.sum(axis=1)
    extra = np.asarray(draw(st.lists(st.integers(0, 5), min_size=along, max_size=along)))
    bases = sums + (extra if draw(st.booleans()) else 0)
    if not valid and along and draw(st.booleans()):
        bases = bases - draw(st.integers(1, 3))  # counts above their base, or a negative base
    unweighted = None
    effective = None
    if weighted:
        unweighted = np.asarray(
            draw(st.lists(st.integers(0, 40), min_size=along, max_size=along)), dtype=np.int64
        )
        effective = np.asarray(
            draw(st.lists(st.floats(0, 40), min_size=along, max_size=along)), dtype=float
        )
    excluded = np.asarray(
        draw(st.lists(st.integers(0, 9), min_size=3 * along, max_size=3 * along)),
        dtype=counts.dtype,
    ).reshape(3, along)
    rows = [f"option {i}" for i in range(n_rows)]
    columns = [f"group {j}" for j in range(n_columns)]
    if not valid and draw(st.booleans()) and n_rows > 1:
        rows[1] = rows[0]  # a label twice
    options = {
        "question": draw(st.sampled_from(["q", ""])),
        "title": draw(st.sampled_from([None, "A title"])),
        "percent_axis": axis,
        "partition": draw(st.booleans()),
        "rule": draw(st.sampled_from(RULES)),
        "decimals": draw(st.integers(0, 2)),
        "small_base": draw(st.sampled_from([0, 10, 30])),
        "extra_notes": draw(st.sampled_from([(), ("Synthetic.",)])),
    }
    return (
        Parts(
            counts=counts,
            bases=bases,
            excluded=excluded,
            unweighted=unweighted,
            unweighted_counts=None,
            effective=effective,
            rows=rows,
            columns=columns,
            excluded_labels=REASONS,
            percent_axis=axis,
        ),
        options,
    )


def from_pandas(made: Parts, options: dict[str, Any]) -> tt.Table:
    """The same table made the plain way: pandas objects, then the constructor."""
    rows, columns = pd.Index(made.rows), pd.Index(made.columns)
    along = columns if made.percent_axis == "columns" else rows
    return tt.Table(
        counts=pd.DataFrame(made.counts, index=rows, columns=columns),
        bases=pd.Series(made.bases, index=along),
        unweighted_bases=None
        if made.unweighted is None
        else pd.Series(made.unweighted, index=along),
        excluded=pd.DataFrame(made.excluded, index=pd.Index(REASONS, name="reason"), columns=along),
        effective_bases=None if made.effective is None else pd.Series(made.effective, index=along),
        **options,
    )


def renderings(table: tt.Table, *, rules: bool = True) -> dict[str, Any]:
    """Everything a reader sees of a table (and its percentages by every rule)."""
    out: dict[str, Any] = {
        "repr": repr(table),
        "notes": table.notes,
        "markdown": table.to_markdown(),
        "html": table.to_html(),
        "base_line": table.base_line(),
        "weighted": table.weighted,
        "report": table.to_frame(layout="report"),
        "units": table.percentage_units(),
        "percentages": table.percentages(),
        "totals": table.rounding_totals(),
        "small": table.small_bases,
        "respondents": table.respondent_bases,
    }
    for rule in RULES if rules else []:
        out[f"percent {rule}"] = table.percentages(rule=rule, decimals=1)
    return out


def assert_same(left: Any, right: Any) -> None:
    if isinstance(left, pd.DataFrame | pd.Series):
        if isinstance(left, pd.DataFrame):
            pd.testing.assert_frame_equal(left, right)
        else:
            pd.testing.assert_series_equal(left, right)
    else:
        assert left == right


@FEW
@given(made=parts())
def test_a_table_from_arrays_equals_the_table_from_pandas(
    made: tuple[Parts, dict[str, Any]],
) -> None:
    arrays, options = made
    if options["rule"] == "largest_remainder" and not options["partition"]:
        return
    plain = from_pandas(arrays, options)
    fast = tt.Table._from_parts(arrays, **options)
    # Rendered before its pandas fields are built (the fast path), then the fields.
    seen, expected = renderings(fast), renderings(plain)
    assert seen.keys() == expected.keys()
    for key in seen:
        assert_same(seen[key], expected[key])
    for name in ("counts", "bases", "unweighted_bases", "excluded", "effective_bases"):
        value, wanted = getattr(fast, name), getattr(plain, name)
        if wanted is None:
            assert value is None
        else:
            assert_same(value, wanted)
    # A table from arrays is a table: frozen, picklable, equal to itself, same repr.
    again = pickle.loads(pickle.dumps(fast))
    assert repr(again) == repr(plain)
    pd.testing.assert_frame_equal(again.counts, plain.counts)
    assert fast == fast  # noqa: PLR0124 (equality is identity first, as for any table)
    with pytest.raises(AttributeError):
        fast.counts = plain.counts  # type: ignore[misc]


@FEW
@given(made=parts(valid=False))
def test_a_table_from_arrays_refuses_what_the_constructor_refuses(
    made: tuple[Parts, dict[str, Any]],
) -> None:
    arrays, options = made
    refused: TracktrError | None = None
    try:
        from_pandas(arrays, options)
    except TracktrError as error:
        refused = error
    if refused is None:
        tt.Table._from_parts(arrays, **options)
    else:
        with pytest.raises(type(refused)) as caught:
            tt.Table._from_parts(arrays, **options)
        assert str(caught.value) == str(refused)


def test_a_table_from_arrays_checks_its_options() -> None:
    arrays, options = (
        Parts(
            counts=np.array([[1], [2]]),
            bases=np.array([3]),
            excluded=np.zeros((3, 1), dtype=np.int64),
            unweighted=None,
            unweighted_counts=None,
            effective=None,
            rows=["a", "b"],
            columns=["All"],
            excluded_labels=REASONS,
            percent_axis="columns",
        ),
        {"rule": "half-up"},
    )
    with pytest.raises(tt.UnknownMethodError, match="`rule` must be one of"):
        tt.Table._from_parts(arrays, **options)
    with pytest.raises(tt.NotAPartitionError, match="largest_remainder"):
        tt.Table._from_parts(arrays, rule="largest_remainder", partition=False)
    with pytest.raises(tt.InvalidOptionError, match=r"\['a'\] occur twice"):
        tt.Table._from_parts(arrays._replace(rows=["a", "a"]))
    table = tt.Table._from_parts(arrays)
    with pytest.raises(ValueError, match="read-only"):
        table._view().counts[0, 0] = 5  # the stored numbers cannot change under the table


# -- the counting functions ------------------------------------------------------------------


@st.composite
def answers(draw: st.DrawFn) -> tuple[pd.DataFrame, str | None, bool]:
    """Answers to a question, with groups (some empty), weights, maybe all missing."""
    n = draw(st.integers(1, 25))
    cells = st.sampled_from([*OPTIONS, None, "<not asked>", "<refused>", "<skipped>"])
    q = draw(st.lists(cells, min_size=n, max_size=n))
    if draw(st.booleans()):
        q = [None] * n  # all missing: every base 0
    g = draw(st.lists(st.sampled_from(GROUPS[:2]), min_size=n, max_size=n))
    weights = draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.25]), min_size=n, max_size=n))
    frame = pd.DataFrame(
        {
            "q": pd.Series(q, dtype=object),
            # "Other" is a category no one is in: an empty group
            "g": pd.Categorical(g, categories=GROUPS),
            "w": weights,
        }
    )
    by = draw(st.sampled_from([None, "g"]))
    return frame, by, draw(st.booleans())


def rebuilt(table: tt.Table) -> tt.Table:
    """The table made again from its own pandas fields by the constructor."""
    return tt.Table(
        counts=table.counts,
        bases=table.bases,
        question=table.question,
        title=table.title,
        kind=table.kind,
        percent_axis=table.percent_axis,
        partition=table.partition,
        rule=table.rule,
        decimals=table.decimals,
        base_description=table.base_description,
        unweighted_bases=table.unweighted_bases,
        excluded=table.excluded,
        small_base=table.small_base,
        summary_rows=table.summary_rows,
        extra_notes=table.extra_notes,
        source=table.source,
        unweighted_counts=table.unweighted_counts,
        effective_bases=table.effective_bases,
        gaps=table.gaps,
        zero_weights=table.zero_weights,
    )


@FEWER
@given(made=answers(), dont_know=st.sampled_from(["include", "exclude"]))
def test_frequencies_from_arrays_equal_a_plain_count(
    made: tuple[pd.DataFrame, str | None, bool], dont_know: Any
) -> None:
    frame, by, weighted = made
    table = tt.frequencies(
        frame,
        "q",
        options=OPTIONS,
        dont_know_options=["Don't know"],
        by=by,
        weights="w" if weighted else None,
        dont_know=dont_know,
    )
    seen = renderings(table, rules=False)  # from the arrays, before the pandas fields
    # A plain count, cell by cell.
    shown = [o for o in OPTIONS if dont_know == "include" or o != "Don't know"]
    groups = [*(GROUPS if by else []), "All"]
    for group in groups:
        rows = frame if group == "All" else frame[frame["g"] == group]
        w = rows["w"] if weighted else pd.Series(1, index=rows.index)
        for option in shown:
            want = w[rows["q"] == option].sum()
            assert table.counts.loc[option, group] == pytest.approx(want, abs=1e-9)
        assert table.bases[group] == pytest.approx(w[rows["q"].isin(shown)].sum(), abs=1e-9)
        if weighted:
            assert table.unweighted_bases is not None
            assert table.unweighted_bases[group] == rows["q"].isin(shown).sum()
            zero = 0 if table.zero_weights is None else table.zero_weights[group]
            assert zero == (rows["q"].isin(shown) & (rows["w"] == 0)).sum()
    expected = renderings(rebuilt(table), rules=False)
    for key in seen:
        assert_same(seen[key], expected[key])


@st.composite
def sets_and_grids(draw: st.DrawFn) -> tuple[pd.DataFrame, str | None, bool]:
    """Tick columns and grid items, with groups (some empty), weights, maybe all missing."""
    n = draw(st.integers(1, 20))
    ticks = st.sampled_from([0, 1, 1, "<skipped>", "<not asked>"])
    ratings = st.sampled_from(["Better", "Same", "Worse", "Don't know", None, "<not asked>"])
    frame = pd.DataFrame(
        {
            "t1": pd.Series(draw(st.lists(ticks, min_size=n, max_size=n)), dtype=object),
            "t2": pd.Series(draw(st.lists(ticks, min_size=n, max_size=n)), dtype=object),
            "i1": pd.Series(draw(st.lists(ratings, min_size=n, max_size=n)), dtype=object),
            "i2": pd.Series(draw(st.lists(ratings, min_size=n, max_size=n)), dtype=object),
            "g": pd.Categorical(
                draw(st.lists(st.sampled_from(GROUPS[:2]), min_size=n, max_size=n)),
                categories=GROUPS,
            ),
            "w": draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.25]), min_size=n, max_size=n)),
        }
    )
    if draw(st.booleans()):
        frame["i2"] = pd.Series([None] * n, dtype=object)  # an item no one answered
    return frame, draw(st.sampled_from([None, "g"])), draw(st.booleans())


@FEWER
@given(made=sets_and_grids(), average=st.booleans())
def test_multi_response_and_grid_from_arrays_equal_their_pandas_tables(
    made: tuple[pd.DataFrame, str | None, bool], average: bool
) -> None:
    frame, by, weighted = made
    weights = "w" if weighted else None
    tables = []
    try:
        tables.append(
            tt.multi_response(frame, "ticks", columns=["t1", "t2"], by=by, weights=weights)
        )
    except tt.MultiResponseError as error:
        # "<not asked>" beside a tick: that option was not asked of some of a column
        # (a gap where none of it was asked, and refused where some were).
        assert "was not asked of some" in str(error)  # noqa: PT017 (only this refusal)
    tables += [
        tt.grid(
            frame,
            "impact",
            columns=["i1", "i2"],
            options=["Better", "Same", "Worse", "Don't know"],
            dont_know_options=["Don't know"],
            # the AVERAGE row is for unweighted grids of one group only
            average=average and not weighted and by is None,
            by=by,
            weights=weights,
        ),
    ]
    for table in tables:
        seen = renderings(table, rules=False)  # from the arrays, before the pandas fields
        expected = renderings(rebuilt(table), rules=False)
        for key in seen:
            assert_same(seen[key], expected[key])

"""Those of a multi-response base who did not tick an option (helper hA).

A multi-response option is a yes or no for everyone in its base: "39 of 40 provide
housing" says that one organisation does not, as plainly as "No: 1" of a yes-or-no
question. Before, the model knew only that the count is at most its base: such a count
was printed, nothing was hidden and the audit said every requirement was met.

The reader here has one unknown per (group, tick pattern), every printed figure a sum of
them, and :func:`scipy.optimize.linprog` for the smallest and largest number of those
in each base who did not tick each option.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import tracktr as tt

OPTIONS = {"Housing": "m_h", "Mentoring": "m_m", "Advice": "m_a"}
THRESHOLD = 5
SURVEY = tt.Survey.from_dict(
    {
        "title": "Services",
        "questions": [
            {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]},
            {
                "id": "m",
                "type": "multi",
                "text": "Services?",
                "options": [
                    {"code": code, "label": label, "column": column}
                    for code, (label, column) in enumerate(OPTIONS.items(), start=1)
                ],
            },
        ],
    }
)
KINDS = list(itertools.product(["x", "y"], *[[0, 1]] * len(OPTIONS)))


def _kinds(group: str | None, option: str | None, *, ticked: bool = True) -> np.ndarray:
    """Which kinds a figure counts: those of `group` who ticked something (and `option`)."""
    at = None if option is None else list(OPTIONS).index(option)
    return np.array(
        [
            any(ticks)
            and (group is None or g == group)
            and (at is None or bool(ticks[at]) == ticked)
            for g, *ticks in KINDS
        ],
        dtype=float,
    )


def not_ticked_broken(data: pd.DataFrame, *, by: str | None) -> list[str]:
    """Protect the set; return each small count of non-tickers the reader narrows."""
    table = tt.multi_response(data, "m", survey=SURVEY, by=by)
    done = tt.disclosure.protect([table], threshold=THRESHOLD)
    assert done.met
    result = done[0]
    truth = np.array(
        [
            ((data["g"] == g) & (data[list(OPTIONS.values())] == list(t)).all(axis=1)).sum()
            for g, *t in KINDS
        ],
        dtype=float,
    )
    known = []
    for column in table.counts.columns:
        group = None if column == "All" else str(column)
        shown = [row for row in table.counts.index if not result.suppressed.loc[row, column]]
        known += [_kinds(group, str(row)) for row in shown]
        if not result.suppressed_bases[column]:
            known.append(_kinds(group, None))
    a = np.array(known)
    found = []
    for column in table.counts.columns:
        group = None if column == "All" else str(column)
        for option in OPTIONS:
            kinds = _kinds(group, option, ticked=False)
            true = float(kinds @ truth)
            if not 0 < true < THRESHOLD:
                continue
            low = linprog(kinds, A_eq=a, b_eq=a @ truth, bounds=(0, None)).fun
            top = linprog(-kinds, A_eq=a, b_eq=a @ truth, bounds=(0, None))
            high = np.inf if top.status == 3 else -top.fun  # unbounded
            if high < THRESHOLD - 1e-6 or high - low < THRESHOLD - 1e-6:
                found.append(f"{column}: not {option} = {true:g} in [{low:.3g}, {high:.3g}]")
    return found


def all_but_one() -> pd.DataFrame:
    """40 organisations, all but one of which provide housing."""
    return pd.DataFrame(
        {"g": ["x", "y"] * 20, "m_h": [1] * 39 + [0], "m_m": [1, 0] * 20, "m_a": [0, 1] * 20}
    )


def test_one_organisation_that_did_not_tick_is_protected() -> None:
    # Before: Housing 39 of n=40 printed, nothing hidden, met=True: the reader read that
    # exactly one organisation does not provide housing.
    assert not_ticked_broken(all_but_one(), by=None) == []


def test_the_audit_names_those_who_did_not_tick() -> None:
    table = tt.multi_response(all_but_one(), "m", survey=SURVEY)
    audit = tt.disclosure.protect([table]).audit()
    derived = audit[audit["reason"] == "derived"]
    assert derived[["row", "column", "count"]].values.tolist() == [
        ["Housing (not ticked)", "All", 1]
    ]
    assert derived["met"].all()


def test_enough_organisations_that_did_not_tick_hide_nothing() -> None:
    data = all_but_one().assign(m_h=[1] * 30 + [0] * 10)
    assert tt.disclosure.protect([tt.multi_response(data, "m", survey=SURVEY)]).hidden == 0


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(n=st.integers(12, 60), seed=st.integers(0, 2**16), by=st.sampled_from([None, "g"]))
def test_random_sets_of_options_nearly_everyone_ticked_hold(
    n: int, seed: int, by: str | None
) -> None:
    rng = np.random.default_rng(seed)
    data = pd.DataFrame({"g": rng.choice(["x", "y"], n, p=[0.7, 0.3])})
    for column, share in zip(OPTIONS.values(), [0.95, 0.5, 0.9], strict=True):
        data[column] = (rng.random(n) < share).astype(int)
    assert not_ticked_broken(data, by=by) == []

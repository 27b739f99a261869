"""Hostile design and weighting input found by a tester (helper report hA, 2026-12-05).

Each test says, in a comment, what the old code did. The standard errors a design gives
depend on how its strata, clusters and fpc are read, so every way a column could be read
two ways is refused, as R's ``as.fpc`` and ``svydesign`` refuse theirs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.missing import SKIPPED


def _sample() -> pd.DataFrame:
    """Three strata of 3, 4 and 2 clusters of 2 respondents, with population counts."""
    strata = ["S0"] * 6 + ["S1"] * 8 + ["S2"] * 4
    clusters = [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 1, 1, 2, 2]
    fpc = [10.0] * 6 + [8.0] * 8 + [5.0] * 4
    y = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0, 9.0, 7.0, 9.0, 3.0, 2.0, 3.0]
    q = list("ababbaabbbaababbaa")
    return pd.DataFrame(
        {"st": strata, "cl": clusters, "fpc": fpc, "w": 1.5, "y": y, "q": q},
        index=[f"org{i}" for i in range(18)],
    )


DESIGN = tt.Design(weights="w", strata="st", clusters="cl", fpc="fpc")


def _se(data: pd.DataFrame, design: tt.Design = DESIGN) -> float:
    return float(tt.design.estimate_means(data, "y", design=design).rows["se"].iloc[0])


def test_an_fpc_of_one_beside_population_sizes_is_a_population_of_one() -> None:
    # old: the S2 stratum's fpc of 1 (a typo) was read as a sampling fraction of 1, a
    # census: S2 added no variance and the SE fell with nothing said
    data = _sample()
    typo = data.assign(fpc=data["fpc"].where(data["st"] != "S2", 1.0))
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"stratum 'S2' of 'st' holds 1 clusters in the population, fewer than the 2",
    ):
        _se(typo)


def test_an_fpc_that_mixes_fractions_and_population_sizes_is_refused() -> None:
    # old: S2's 0.3 was read as a fraction beside the other strata's counts
    data = _sample()
    mixed = data.assign(fpc=data["fpc"].where(data["st"] != "S2", 0.3))
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"fpc 'fpc' mixes sampling fractions and population sizes: stratum 'S2' of "
        r"'st' holds 0.3 \(rows \['org14', 'org15', 'org16', 'org17'\]\), beside 8, 10",
    ):
        _se(mixed)


def test_fractions_in_every_stratum_are_still_fractions() -> None:
    # The same design given as sampling fractions (clusters sampled / clusters in the
    # population) gives the same SE; a fraction of 1 is a census, as in R.
    data = _sample()
    fractions = data.assign(fpc=data["st"].map({"S0": 3 / 10, "S1": 4 / 8, "S2": 2 / 5}))
    assert _se(fractions) == pytest.approx(_se(data), rel=1e-12)
    census = data.assign(fpc=data["st"].map({"S0": 1.0, "S1": 1.0, "S2": 1.0}))
    assert _se(census) == 0.0


@pytest.mark.parametrize("column", ["cl", "st"])
def test_one_label_written_two_ways_is_refused(column: str) -> None:
    # old: pandas kept 1 and "1" (or "S0" and "S0 ") apart, so one cluster became two PSUs
    # (or one stratum two) and the SE changed: 0.5019 to 0.5317 in the tester's design
    data = _sample()
    spelled = data.astype({column: object})
    spelled.loc["org0", column] = "1" if column == "cl" else "S0 "
    what = "cluster" if column == "cl" else "stratum"
    first = r"1 \(rows" if column == "cl" else r"'S0' \(rows"
    with pytest.raises(tt.InvalidOptionError, match=rf"{what} column '{column}' writes one "):
        _se(spelled)
    with pytest.raises(tt.InvalidOptionError, match=rf"{first} .*\(rows \['org0'\]\)"):
        _se(spelled)


@pytest.mark.parametrize("cell", ["", "  ", SKIPPED])
@pytest.mark.parametrize("lonely_psu", ["fail", "adjust"])
def test_a_blank_or_a_marker_is_no_stratum(cell: str, lonely_psu: str) -> None:
    # old: "" and "<skipped>" were strata of their own: with lonely_psu="fail" the error
    # blamed a single-PSU stratum; with "adjust" the estimate went through, silently
    data = _sample().astype({"st": object})
    data.loc["org3", "st"] = cell
    design = tt.Design(weights="w", strata="st", clusters="cl", lonely_psu=lonely_psu)
    with pytest.raises(
        tt.InvalidOptionError,
        match=rf"stratum column 'st' is missing in rows \['org3'\] \(they hold {cell!r}\)",
    ):
        _se(data, design)


def test_estimates_by_group_say_who_has_no_group() -> None:
    # old: respondents with no group were in no estimate, and no note said so (a table
    # counts them in its total and says so)
    data = _sample().astype({"q": object})
    data["g"] = ["x", "y"] * 9
    data.loc[["org0", "org1", "org5"], "g"] = [None, None, SKIPPED]
    data.loc["org1", "y"] = np.nan  # no answer: not in the base, so not counted here
    note = (
        "No group: 2 respondents in the base have no answer to 'g' (blank or a missing "
        "marker; rows ['org0', 'org5']) and are in no group's estimate."
    )
    means = tt.design.estimate_means(data, "y", design=DESIGN, by="g")
    assert note in means.notes
    assert means.rows["n"].sum() == 15  # 18, less org1 (no answer) and the two above
    ratio = tt.design.estimate_ratio(data, "y", "fpc", design=DESIGN, by="g")
    assert note in ratio.notes
    shares = tt.design.estimate_proportions(data, "q", design=DESIGN, by="g")
    assert any(n.startswith("No group: 3 respondents in the base") for n in shares.notes)
    compared = tt.design.compare_groups(data, "q", "g", design=DESIGN)
    assert any(n.startswith("No group: 3 respondents in the base") for n in compared.notes)
    assert not any(n.startswith("No group") for n in tt.design.estimate_means(
        data, "y", design=DESIGN).notes)  # fmt: skip


def test_a_difference_of_a_group_with_itself_is_refused() -> None:
    # old: a difference of 0 with t = nan and p = nan, and no message
    data = _sample().assign(g=["A", "B"] * 9)
    with pytest.raises(
        tt.InvalidOptionError, match=r"groups must be two different groups of `g`; got \('A', 'A'\)"
    ):
        tt.design.difference(data, "q", "g", option="a", groups=("A", "A"), design=DESIGN)


def test_weights_and_calibration_columns_are_named_by_their_rows() -> None:
    # old: "positions [1] are not", a 0-based position, beside checks that named the rows
    data = pd.DataFrame({"a": ["x", "x", "y"], "w": [1.0, np.nan, 1.0]}, index=["r1", "r2", "r3"])
    said = r"rows \['r2'\] are not \(they hold \[nan\]\)"
    with pytest.raises(tt.InvalidWeightsError, match=said):
        tt.weights.rake(data, {"a": {"x": 1, "y": 1}}, weights="w")
    text = data.assign(w=1.0, s=pd.Series(["1", 2.0, 2.0], index=data.index, dtype=object))
    with pytest.raises(tt.InvalidCountsError, match=r"`s` must hold numbers; rows \['r1'\]"):
        tt.weights.calibrate(text, {"a": {"x": 1, "y": 1}, "s": 3.0})


def test_diagnostics_refuse_a_table_of_weights() -> None:
    # old: a 2 x 2 array was read as four respondents' weights
    with pytest.raises(tt.InvalidWeightsError, match=r"got an array of shape \(2, 2\)"):
        tt.weights.diagnostics(np.ones((2, 2)))


def test_rake_limits_that_leave_no_room_say_which() -> None:
    # old: "`bounds` None and `trim` (5, 1) leave no room for some weights."
    data = pd.DataFrame({"a": ["x", "x", "y"], "w": [1.0, 5.0, 1.0]}, index=["r1", "r2", "r3"])
    margins = {"a": {"x": 1, "y": 1}}
    with pytest.raises(tt.InvalidOptionError, match=r"lower limit \(5\) is above the upper \(1\)"):
        tt.weights.rake(data, margins, weights="w", trim=(5, 1))
    with pytest.raises(tt.InvalidOptionError, match=r"weights of rows \['r2'\]"):
        tt.weights.rake(data, margins, weights="w", bounds=(0.5, 3), trim=(None, 2))


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(2, 5), min_size=1, max_size=4),
    extra=st.lists(st.integers(0, 20), min_size=4, max_size=4),
    seed=st.integers(0, 2**16),
)
def test_an_fpc_as_population_sizes_or_as_fractions_gives_one_se(
    sizes: list[int], extra: list[int], seed: int
) -> None:
    # The column is read one way as a whole: N_h clusters, or the fraction n_h / N_h.
    rng = np.random.default_rng(seed)
    rows = [(h, c) for h, n in enumerate(sizes) for c in range(n) for _ in range(2)]
    data = pd.DataFrame(rows, columns=["st", "cl"])
    population = {h: n + extra[h] for h, n in enumerate(sizes)}
    data["N"] = data["st"].map(population).astype(float)
    data["f"] = data["st"].map({h: n / population[h] for h, n in enumerate(sizes)})
    data["y"] = rng.normal(size=len(data))
    data["w"] = 1.0
    counts = tt.Design(weights="w", strata="st", clusters="cl", fpc="N")
    fractions = tt.Design(weights="w", strata="st", clusters="cl", fpc="f")
    assert _se(data, fractions) == pytest.approx(_se(data, counts), rel=1e-9, abs=1e-12)

"""Hostile inputs to tt.design and tt.weights: each was a silent wrong result or a raw crash.

Found by a probe that compared every answer with R survey 4.1.1; each test names what the
old code did.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

RNG = np.random.default_rng(1)
N = 40
TABLE = pd.DataFrame({
    "q": RNG.choice(["a", "b", "c"], N), "g": RNG.choice(["m", "f"], N),
    "w": RNG.uniform(0.5, 2, N),
})  # fmt: skip
WEIGHTED = tt.Design(weights="w")


# -- tt.design: a silent answer where there is none -------------------------------------------


@pytest.mark.parametrize("column", ["g", "q"])
def test_chisq_refuses_an_answer_whose_respondents_all_weigh_zero(column: str) -> None:
    # Before: group m of weight 0 stayed in the table: F = 0, p = 1 ("no association").
    empty = TABLE[column].iloc[0]
    data = TABLE.assign(w=np.where(TABLE[column] == empty, 0.0, TABLE["w"]))
    with pytest.raises(tt.InvalidBaseError, match=rf"\['{empty}'\] of '{column}'.*weight is 0"):
        tt.design.chisq(data, "q", "g", design=WEIGHTED)
    assert tt.design.chisq(TABLE, "q", "g", design=WEIGHTED).p_value < 1  # the rest stands


DIFFERENCE = pd.DataFrame({
    "grew": ["Yes", "No", "Yes", "Yes", "No", "No", "Yes", "No"],
    "funded": ["CRC"] * 4 + ["Other"] * 4, "w": [1.0, 2, 1, 1, 2, 1, 1, 2],
})  # fmt: skip


@pytest.mark.parametrize("option", ["yes", "Yes ", 1, True, None])
def test_difference_refuses_an_option_nobody_can_have_given(option: Any) -> None:
    # Before: a misspelt option was compared as 0% against 0%, difference 0, SE 0.
    with pytest.raises(tt.UnknownValueError, match=r"is not among the answers found") as error:
        tt.design.difference(DIFFERENCE, "grew", "funded", option=option, design=WEIGHTED)
    assert error.value.values == (option,)


def test_difference_keeps_one_apart_from_true_and_text() -> None:
    codes = DIFFERENCE.assign(grew=DIFFERENCE["grew"].map({"Yes": 1, "No": 0}))
    for option in ("1", True):
        with pytest.raises(tt.UnknownValueError, match=r"\[0, 1\]"):
            tt.design.difference(codes, "grew", "funded", option=option, design=WEIGHTED)
    by_code = tt.design.difference(codes, "grew", "funded", option=1, design=WEIGHTED)
    by_label = tt.design.difference(DIFFERENCE, "grew", "funded", option="Yes", design=WEIGHTED)
    assert by_code.estimates == by_label.estimates
    assert by_label.estimates == pytest.approx((3 / 5, 1 / 6))


@pytest.mark.parametrize("statistic", ["means", "totals"])
def test_numbers_nobody_gave_are_no_estimate(statistic: str) -> None:
    # Before: a total of 0 with SE 0 (read by the notes as "one respondent"), or a NaN mean.
    data = pd.DataFrame({"x": [np.nan] * 4, "w": [1.0, 2, 3, 4]})
    function = getattr(tt.design, f"estimate_{statistic}")
    with pytest.raises(tt.InvalidBaseError, match=r"question 'x': nobody answered"):
        function(data, "x", design=WEIGHTED)


def test_a_group_where_nobody_answered_is_said_to_have_no_estimate() -> None:
    data = pd.DataFrame({"x": [1.0, 2.0, 4.0, np.nan], "g": ["a", "a", "a", "b"]})
    estimates = tt.design.estimate_totals(data, "x", by="g")
    assert estimates.rows["n"].tolist() == [3, 0]
    assert any("No respondent" in note and "b" in note for note in estimates.notes)
    assert not any("single point" in note for note in estimates.notes)


def test_estimate_ratio_takes_its_groups_from_the_codebook() -> None:
    survey = tt.Survey.from_dict({
        "title": "T", "respondent_id": "id",
        "questions": [{"id": "size", "type": "ordinal", "text": "Size",
                       "options": ["Small", "Medium", "Large"]}],
    })  # fmt: skip
    data = pd.DataFrame({
        "id": [1, 2, 3, 4], "size": ["Large", "Small", "Large", "Small"],
        "paid": [2.0, 1.0, 4.0, 3.0], "staff": [4.0, 2.0, 4.0, 6.0],
    })  # fmt: skip
    rows = tt.design.estimate_ratio(data, "paid", "staff", by="size", survey=survey).rows
    assert rows["group"].tolist() == ["Small", "Large"]  # codebook order, not sorted
    assert rows["estimate"].tolist() == pytest.approx([0.5, 0.75])
    with pytest.raises(tt.UnknownValueError, match="Huge"):
        tt.design.estimate_ratio(data.assign(size="Huge"), "paid", "staff", by="size",
                                 survey=survey)  # fmt: skip


# -- tt.design: a clear error for what it cannot read ------------------------------------------


@pytest.mark.parametrize("fpc", [["100"] * 6, [True] * 6])
def test_an_fpc_of_text_or_true_is_refused(fpc: list[Any]) -> None:
    # Before: coerced with errors="coerce"; True became a census and every SE 0.
    data = pd.DataFrame({"q": ["a", "b", "a", "b", "a", "a"], "w": [1.0, 2, 3, 4, 5, 6], "f": fpc})
    with pytest.raises(tt.InvalidOptionError, match=r"fpc 'f' must be numbers; got dtype"):
        tt.design.estimate_proportions(data, "q", design=tt.Design(weights="w", fpc="f"))


@pytest.mark.parametrize("weight", [1e155, 1e-300])
@pytest.mark.parametrize("function", ["estimate_proportions", "estimate_means", "estimate_totals"])
def test_design_weights_out_of_range_are_refused(weight: float, function: str) -> None:
    # Before: OverflowError or ZeroDivisionError from inside the variance.
    data = pd.DataFrame({"q": ["a", "b", "a", "b"], "x": [1.0, 2, 3, 4], "w": weight})
    question = "q" if function == "estimate_proportions" else "x"
    with pytest.raises(tt.InvalidWeightsError, match=r"weights must lie between 1e-150"):
        getattr(tt.design, function)(data, question, design=WEIGHTED)


@pytest.mark.parametrize("role", ["strata", "clusters"])
def test_nullable_integer_ids_with_a_gap_are_named(role: str) -> None:
    # Before: ValueError "cannot convert to 'int64'-dtype NumPy array with missing values".
    data = pd.DataFrame({
        "q": ["a", "b", "a", "b"], "c": pd.array([1, 1, None, 2], dtype="Int64"),
    })  # fmt: skip
    with pytest.raises(tt.InvalidOptionError, match=r"column 'c' is missing in rows \[2\]"):
        tt.design.estimate_proportions(data, "q", design=tt.Design(**{role: "c"}))


# -- tt.weights --------------------------------------------------------------------------------

PEOPLE = pd.DataFrame({"sex": ["m", "f", "f", "m", "f", "f"], "x": [1.0, 2, 3, 4, 5, 6]})
SEX = {"sex": {"m": 0.5, "f": 0.5}}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"tol": True}, r"`tol` must be a finite number; got True"),
        ({"bounds": (False, True)}, r"`bounds` must be a number; got False"),
        ({"bounds": ("0.5", 2)}, r"`bounds` must be a number; got '0.5'"),
        ({"bounds": (0.5, 2, 3)}, r"`bounds` must be a pair \(low, high\)"),
        ({"trim": (None, "2")}, r"`trim` must be a number or None; got '2'"),
        ({"trim": (None, np.nan)}, r"`trim` must be a number or None; got nan"),
    ],
)
def test_rake_options_that_are_not_numbers_are_refused(
    options: dict[str, Any], message: str
) -> None:
    # Before: tol=True was a tolerance of 1 (a rake 13% off its margins "converged");
    # bounds of False/True were (0, 1); text raised TypeError from numpy.
    with pytest.raises(tt.InvalidOptionError, match=message):
        tt.weights.rake(PEOPLE, SEX, **options)


@pytest.mark.parametrize("bounds", [(0.5, np.inf), (0.5, 2, 3), (0.5, "2")])
def test_logit_bounds_must_be_two_finite_numbers(bounds: Any) -> None:
    # Before: math domain errors or "too many values to unpack".
    with pytest.raises(tt.InvalidOptionError, match=r"`bounds` must be"):
        tt.weights.calibrate(PEOPLE, {"sex": {"m": 3, "f": 3}}, method="logit", bounds=bounds)


def test_trim_refuses_a_nan_limit() -> None:
    # Before: trim(upper=nan) trimmed nothing (every comparison with NaN is False).
    with pytest.raises(tt.InvalidOptionError, match=r"`upper` must be a number or None; got nan"):
        tt.weights.trim([1.0, 1.0, 1.0, 50.0], upper=np.nan)


def test_calibration_columns_too_large_for_a_float_are_named() -> None:
    # Before: numpy's LinAlgError "SVD did not converge", after LAPACK's warnings.
    with pytest.raises(tt.InvalidCountsError, match=r"column\(s\) \['x'\] are too large"):
        tt.weights.calibrate(PEOPLE.assign(x=1e200), {"x": 1e203})


def test_tiny_starting_weights_are_refused_and_tiny_weights_described() -> None:
    # Before: ZeroDivisionError (their squares underflow to 0).
    with pytest.raises(tt.InvalidWeightsError, match=r"weights 'w' must lie between"):
        tt.weights.rake(PEOPLE.assign(w=1e-300), SEX, weights="w")
    found = tt.weights.diagnostics([1e-170, 2e-170])
    assert found.deff_kish == pytest.approx(10 / 9)
    assert found.n_eff == pytest.approx(1.8)
    assert found.ratio == pytest.approx(2.0)


def test_calibrate_reports_a_numeric_total_it_missed() -> None:
    # Before: max_error 0 and "largest gap 0" when the numeric total was missed entirely.
    data = PEOPLE.assign(x=0.0)
    with pytest.warns(tt.TracktrWarning, match=r"largest gap 1 of the population, or of a"):
        calibrated = tt.weights.calibrate(
            data, {"sex": {"m": 50, "f": 50}, "x": 100.0}, method="logit", bounds=(0.5, 2.0)
        )
    assert not calibrated.converged
    assert calibrated.max_error == pytest.approx(1.0)


def test_linear_calibration_to_totals_no_weights_meet_is_refused() -> None:
    # Before: weights that missed the totals, and a warning to raise `max_iter` or loosen
    # `bounds`/`trim` ("after 1 iterations"), none of which a linear calibration has.
    data = PEOPLE.assign(x=0.0)
    with pytest.raises(tt.InvalidCountsError, match=r"x: total 100, reached 0\)"):
        tt.weights.calibrate(data, {"sex": {"m": 50, "f": 50}, "x": 100.0})
    ones = pd.DataFrame({"a": ["x", "x", "y"], "s": [1.0, 1.0, 1.0]})
    with pytest.raises(
        tt.InvalidCountsError,
        match=r"cannot meet these totals together \(a='x': total 10, reached 13.3333; "
        r"a='y': total 10, reached 13.3333; s: total 30, reached 26.6667\)",
    ):
        tt.weights.calibrate(ones, {"a": {"x": 10, "y": 10}, "s": 30.0})


def test_shares_published_to_a_few_decimals_are_rescaled() -> None:
    # Before: thirds printed as 0.3333333 (summing to 0.9999999) were not rescaled, so the
    # two margins described populations of different sizes and raking never converged.
    data = pd.DataFrame({"region": list("NSWNSW"), "sex": list("mffmfm")})
    third = 0.3333333
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        raked = tt.weights.rake(data, {"region": dict.fromkeys("NSW", third), **SEX},
                                max_iter=1000)  # fmt: skip
    assert raked.converged
    assert raked.weights.sum() == pytest.approx(6.0)


# -- tt.design: a categorical column's declared categories, as tabulate reads them ----------

CATEGORICAL = TABLE.assign(
    q=pd.Categorical(TABLE["q"], categories=["c", "b", "a", "none of these"]),
    code=RNG.choice([1, 2, 10], N),
)


def test_a_declared_category_nobody_chose_is_an_option_without_a_codebook() -> None:
    # Before: difference(option="none of these") was refused ("not among the answers
    # found"), though tabulate lists the category and the same call with a codebook
    # declaring it gave 0 against 0; the shares came in text order (a, b, c).
    result = tt.design.difference(CATEGORICAL, "q", "g", option="none of these", design=WEIGHTED)
    assert result.estimates == (0.0, 0.0)
    shares = tt.design.estimate_proportions(CATEGORICAL, "q", design=WEIGHTED).to_frame()
    assert list(shares["option"]) == ["c", "b", "a", "none of these"]
    assert list(tt.frequencies(CATEGORICAL, "q").counts.index) == list(shares["option"])


def test_codes_found_are_in_the_order_tabulate_gives_them() -> None:
    # Before: 1, 10, 2 (sorted as text); tabulate and R's factor() give 1, 2, 10.
    shares = tt.design.estimate_proportions(CATEGORICAL, "code", design=WEIGHTED).to_frame()
    assert list(shares["option"]) == [1, 2, 10]
    assert list(tt.frequencies(CATEGORICAL, "code").counts.index) == [1, 2, 10]


def test_chisq_leaves_out_a_category_nobody_chose() -> None:
    # An empty row adds nothing to the table but would add degrees of freedom.
    with_category = tt.design.chisq(CATEGORICAL, "q", "g", design=WEIGHTED)
    plain = tt.design.chisq(TABLE, "q", "g", design=WEIGHTED)
    assert with_category.p_value == pytest.approx(plain.p_value, rel=1e-12)

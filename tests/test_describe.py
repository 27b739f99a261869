"""Tests of tracktr.describe: the report's vocabulary, honest ratios, one-sentence comparisons."""

from __future__ import annotations

from fractions import Fraction

import pytest

import tracktr as tt
from tracktr.describe import phrase_holds, phrase_interval, share_phrases

# -- describe_share --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proportion", "phrase"),
    [
        (0.358, "just over a third"),
        (0.69, "around 7 in 10"),
        (0.70, "7 in 10"),
        (0.73, "nearly three quarters"),
        (0.48, "almost half"),
        (0.08, "just under one in ten"),
        (Fraction(1, 6), "one in six"),
        (17 / 100, "one in six"),
        (0.25, "a quarter"),
        (0.5, "half"),
        (0.45, "over two fifths"),
        (0.85, "over four fifths"),
        (0.0, "none"),
        (1.0, "all"),
        (0.02, "very few"),
        (0.98, "almost all"),
    ],
)
def test_describe_share_vocabulary(proportion: float, phrase: str) -> None:
    assert tt.describe_share(proportion) == phrase
    assert phrase_holds(phrase, proportion)


def test_describe_share_report_examples() -> None:
    # Change & challenge (2016): "just over a third (35%) of organisations" and
    # "Nearly three quarters ... rated their relationships with prisons as good".
    assert tt.describe_share(Fraction(35, 100)) == "just over a third"
    assert tt.describe_share(Fraction(110, 151)) == "nearly three quarters"


@pytest.mark.parametrize("bad", [-0.1, 1.2, float("nan"), "0.3", True])
def test_describe_share_errors(bad: object) -> None:
    with pytest.raises(tt.InvalidOptionError, match="proportion"):
        tt.describe_share(bad)  # type: ignore[arg-type]


# -- phrase_holds, phrase_interval, share_phrases --------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "proportion", "holds"),
    [
        # The 2016 report's own pairs of phrase and printed percentage.
        ("just over a third", 0.35, True),
        ("almost half", 0.48, True),
        ("Almost a third", 0.28, False),  # "Almost a third (28%)": 5 points short
        ("just over 1 in 6", 0.17, True),
        ("over a third", 15 / 42, True),
        ("just over 13%", 0.135, True),
        ("just over 13%", 0.13, False),
        ("only 3 in 10", 0.30, True),
        ("two-thirds", 0.66, True),
        ("over two-thirds", 0.70, True),
        ("nearly three quarters", 0.76, False),
        ("the majority", 0.56, True),
        ("the majority", 0.5, False),
        ("a minority", 0.2, True),
        ("none", 0.0, True),
        ("all", 0.99, False),
        ("around 7 in 10", 0.675, True),
        ("just under one in ten", 0.1, False),
        ("over half", 0.59, False),
    ],
)
def test_phrase_holds(phrase: str, proportion: float, holds: bool) -> None:
    assert phrase_holds(phrase, proportion) is holds


def test_phrase_interval_bounds() -> None:
    low, high, low_in, high_in = phrase_interval("just over a third")
    assert (low, high) == pytest.approx((1 / 3, 1 / 3 + 0.03))
    assert (low_in, high_in) == (False, True)
    assert phrase_interval("around 7 in 10")[:2] == pytest.approx((0.67, 0.73))
    assert phrase_interval("under one in ten")[:2] == pytest.approx((0.02, 0.1))


def test_unknown_phrase() -> None:
    with pytest.raises(tt.InvalidOptionError, match="not a share phrase"):
        phrase_holds("a goodly number", 0.3)
    with pytest.raises(tt.InvalidOptionError, match="Hint:"):
        phrase_interval("just over lots")


def test_share_phrases_table() -> None:
    table = share_phrases()
    assert table.columns.tolist() == [
        "low",
        "high",
        "low_inclusive",
        "high_inclusive",
        "landmark",
    ]
    for phrase in (
        "just over a third",
        "around 7 in 10",
        "nearly three quarters",
        "almost half",
        "just under one in ten",
        "one in six",
    ):
        assert phrase in table.index
    assert (table["low"] <= table["high"]).all()
    assert table["low"].between(0, 1).all()
    assert table["high"].between(0, 1).all()


def test_every_listed_phrase_holds_at_its_midpoint() -> None:
    table = share_phrases()
    for phrase, row in table.iterrows():
        middle = (row["low"] + row["high"]) / 2
        assert phrase_holds(str(phrase), middle), phrase


# -- describe_ratio --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p1", "p2", "kwargs", "text"),
    [
        # Table 3: over £5m, 12/34 against 20/151 (2.66: the report's "2.5 times" is safe).
        (12 / 34, 20 / 151, {}, "2.6 times as likely"),
        # Table 3: under £100,000, 2/34 against 35/151 (ratio 1/3.94).
        (2 / 34, 35 / 151, {}, "almost four times less likely"),
        # "10% ... compared with 35% ... over three times as many".
        (0.35, 0.10, {"wording": "many"}, "over three times as many"),
        (0.39, 0.12, {}, "over three times as likely"),
        (0.3, 0.1, {}, "three times as likely"),
        (0.2, 0.1, {}, "twice as likely"),
        (0.1, 0.2, {}, "two times less likely"),
        (0.27, 0.1, {}, "2.7 times as likely"),
        (0.14, 0.1, {}, "1.4 times as likely"),
        (0.07, 0.1, {}, "30% less likely"),
        (0.07, 0.1, {"wording": "many"}, "30% fewer"),
        (0.105, 0.1, {}, "about as likely"),
        (0.1, 0.1, {}, "just as likely"),
        (0.96, 0.08, {}, "12 times as likely"),
        (0.9, 0.05, {}, "18 times as likely"),
        (0.91, 0.07, {}, "13 times as likely"),
        (0.94, 0.07, {}, "over 13 times as likely"),
    ],
)
def test_describe_ratio(p1: float, p2: float, kwargs: dict[str, str], text: str) -> None:
    assert tt.describe_ratio(p1, p2, **kwargs) == text  # type: ignore[arg-type]


def test_describe_ratio_never_overstates() -> None:
    # 2.99 is "almost three times", never "three times"; 1.99 is "1.9 times".
    assert tt.describe_ratio(0.299, 0.1) == "almost three times as likely"
    assert tt.describe_ratio(0.199, 0.1) == "1.9 times as likely"
    assert tt.describe_ratio(0.0669, 0.1) == "33% less likely"


def test_describe_ratio_errors() -> None:
    with pytest.raises(tt.InvalidOptionError, match="no ratio"):
        tt.describe_ratio(0.2, 0.0)
    # Before: "just as likely" for two groups of whom none did it.
    with pytest.raises(tt.InvalidOptionError, match="no ratio of 0 to 0"):
        tt.describe_ratio(0.0, 0.0)
    with pytest.raises(tt.UnknownMethodError, match="'likely'"):
        tt.describe_ratio(0.2, 0.1, wording="often")  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidOptionError, match="proportion2"):
        tt.describe_ratio(0.2, 1.5)


# -- describe_comparison ---------------------------------------------------------------------


def test_describe_comparison_table3() -> None:
    result = tt.compare_proportions(
        2, 34, 35, 151, nested=True, labels=("CRC-funded respondents", "all respondents")
    )
    text = tt.describe_comparison(result)
    assert text.startswith("6% of CRC-funded respondents (2 of 34) have this, against 23% of all")
    assert "almost four times less likely" in text
    assert "(35 of 151, who include them)" in text
    assert "-17 percentage points (95% CI -25 to -6;" in text
    assert "against the rest" in text
    assert "care is needed" not in text
    assert text.endswith(".")
    assert ". " not in text  # one sentence


def test_describe_comparison_small_bases_and_zero() -> None:
    result = tt.compare_proportions(0, 19, 4, 25, labels=("tier 2", "tier 3"))
    text = tt.describe_comparison(result)
    assert "0% of tier 2 (0 of 19)" in text
    assert "times" not in text  # no ratio of zero
    assert "the base of tier 2 is small (n=19) and the base of tier 3 is small (n=25)" in text
    assert text.endswith(".")


def test_describe_comparison_rounds_half_up() -> None:
    # 1 of 8 is 12.5%: published reports round half-up to 13%.
    result = tt.compare_proportions(1, 8, 3, 8)
    assert tt.describe_comparison(result).startswith("13% of group 1 (1 of 8)")


# -- ratio_holds -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "p1", "p2", "holds"),
    [
        # Change & challenge (2016), with the shares behind each claim.
        ("2.5 times more likely", 12 / 34, 20 / 151, True),  # Table 3, over £5m: 2.67
        ("almost four times less likely", 2 / 34, 35 / 151, True),  # Table 3: 3.94
        ("over three times as many", 0.35, 0.10, True),  # service users, page 17
        ("over three times more likely", 0.39, 0.12, True),  # partnerships: 3.25
        ("almost three times more responses", 100 / 134, 34 / 134, True),  # page 33: 2.94
        # Claims the same shares do not support.
        ("three times more likely", 12 / 34, 20 / 151, False),
        ("five times less likely", 2 / 34, 35 / 151, False),
        ("almost four times as likely", 2 / 34, 35 / 151, False),  # wrong direction
        ("over four times less likely", 2 / 34, 35 / 151, False),
        # Other forms.
        ("twice as likely", 0.4, 0.2, True),
        ("around 2.5 times as likely", 0.28, 0.1, True),
        ("30% less likely", 0.07, 0.1, True),
        ("50% more likely", 0.15, 0.1, True),
        ("about as likely", 0.105, 0.1, True),
        ("about as likely", 0.2, 0.1, False),
    ],
)
def test_ratio_holds(phrase: str, p1: float, p2: float, holds: bool) -> None:
    assert tt.describe.ratio_holds(phrase, p1, p2) is holds


def test_ratio_holds_errors() -> None:
    with pytest.raises(tt.InvalidOptionError, match="not a ratio claim"):
        tt.describe.ratio_holds("a lot more", 0.3, 0.1)
    with pytest.raises(tt.InvalidOptionError, match="above zero"):
        tt.describe.ratio_holds("twice as likely", 0.0, 0.1)
    with pytest.raises(tt.InvalidOptionError, match="not a number"):
        tt.describe.ratio_holds("umpteen times as likely", 0.3, 0.1)


# -- issue 11: no directional claim without a significant difference ------------------------


def test_describe_comparison_makes_no_claim_when_not_significant() -> None:
    # 8/40 against 10/40: the ratio is 0.8 ("20% less likely"), but p = 0.59 and the
    # Newcombe interval of the difference spans 0.
    result = tt.compare_proportions(8, 40, 10, 40, labels=("tier 2", "tier 3"))
    low, high = result.difference_ci
    assert low < 0 < high
    assert result.p_value > 0.05
    text = tt.describe_comparison(result)
    assert "no clear difference (a difference of -5 percentage points, 95% CI" in text
    for directional in ("less likely", "more likely", "as likely", "times"):
        assert directional not in text


def test_describe_comparison_outcome_names_what_is_compared() -> None:
    result = tt.compare_proportions(30, 40, 10, 40, labels=("charities", "companies"))
    text = tt.describe_comparison(result, outcome="hold reserves")
    assert text.startswith("75% of charities (30 of 40) hold reserves, against 25% of")
    assert "charities were three times as likely to hold reserves, a difference of 50" in text
    not_clear = tt.compare_proportions(8, 40, 10, 40, labels=("charities", "companies"))
    text = tt.describe_comparison(not_clear, outcome="hold reserves")
    assert "(8 of 40) hold reserves, against" in text
    assert "no clear difference" in text
    assert "likely" not in text
    with pytest.raises(tt.InvalidOptionError, match="`outcome` must be a verb phrase"):
        tt.describe_comparison(result, outcome="  ")
    with pytest.raises(tt.InvalidOptionError, match="got 123"):
        tt.describe_comparison(result, outcome=123)  # type: ignore[arg-type]


def test_describe_comparison_significant_with_a_zero_share_states_the_direction() -> None:
    result = tt.compare_proportions(0, 40, 20, 40, labels=("tier 2", "tier 3"))
    assert result.p_value < 0.001
    text = tt.describe_comparison(result, outcome="bid for contracts")
    assert "tier 2 were less likely to bid for contracts, a difference of -50" in text
    assert "times" not in text

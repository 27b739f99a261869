"""Fixes found while reviewing this round's changes: each test says what the old code did."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.banners import stack_tables


def test_describe_comparison_of_a_zero_margin_says_no_test_is_possible() -> None:
    # Old: "no clear difference (...; Fisher's exact test, p = 1.00)", as if a test had
    # been run on a table whose only possible arrangement is the one observed.
    for result in (tt.compare_proportions(0, 10, 0, 20), tt.compare_proportions(10, 10, 20, 20)):
        text = tt.describe_comparison(result)
        assert "no test is possible" in text
        assert "Fisher" not in text
        assert "p = " not in text
    assert "with 0% in both groups" in tt.describe_comparison(tt.compare_proportions(0, 10, 0, 20))


def test_describe_comparison_of_a_testable_comparison_still_names_its_test() -> None:
    text = tt.describe_comparison(tt.compare_proportions(3, 19, 10, 30))
    assert "chi-square test, p = 0.18" in text


def _ticks() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    return pd.DataFrame(
        {c: rng.integers(0, 2, 60) for c in ("x", "y", "p", "q")} | {"g": ["u", "v"] * 30}
    )


def test_stacked_tables_keep_the_overlap_of_a_multi_crosstab() -> None:
    # Old: stack_tables() built its Table without the field, so a multi_crosstab stacked
    # beside another table lost the mark of its overlapping columns.
    crossed = tt.multi_crosstab(
        _ticks(), "rows", "cols", row_columns=["x", "y"], row_options=["X", "Y"],
        column_columns=["p", "q"], column_options=["P", "Q"],
    )  # fmt: skip
    assert crossed.overlapping_columns
    stacked = stack_tables([crossed, crossed], ["one", "two"])
    assert stacked.overlapping_columns
    plain = tt.frequencies(pd.DataFrame({"q": ["a", "b"] * 5, "g": ["u", "v"] * 5}), "q", by="g")
    assert not stack_tables([plain, plain], ["one", "two"]).overlapping_columns


@pytest.mark.parametrize("label", ["Base", "base", " Base "])
def test_a_net_labelled_base_is_refused(label: str) -> None:
    # Old: net_table() printed a net row "Base" beside the table's own Base row.
    table = tt.frequencies(pd.DataFrame({"q": ["a", "b", "a"]}), "q")
    with pytest.raises(tt.InvalidOptionError, match="labelled like its line of bases"):
        tt.net_table(table, {label: ["a", "b"]})


def test_a_table_built_by_hand_with_an_option_base_is_refused() -> None:
    # Old: accepted; to_markdown() printed two lines "Base".
    with pytest.raises(tt.InvalidOptionError, match=r"option 'Base'(?s:.*)Hint: relabel"):
        tt.Table(
            counts=pd.DataFrame({"All": [2, 1]}, index=["Yes", "Base"]),
            bases=pd.Series({"All": 3}),
            question="q",
        )
    # A grid's items are its columns (row percentages): an item "Base" is refused too,
    # while an option of the other axis may be called anything.
    with pytest.raises(tt.InvalidOptionError, match="labelled like its line of bases"):
        tt.Table(
            counts=pd.DataFrame({"Base": [2], "Other": [1]}, index=["item"]),
            bases=pd.Series({"item": 3}),
            question="q",
            percent_axis="rows",
        )
    kept = tt.Table(
        counts=pd.DataFrame({"Base rate": [2, 1]}, index=["Yes", "Database"]),
        bases=pd.Series({"Base rate": 3}),
        question="q",
    )
    assert kept.counts.index.tolist() == ["Yes", "Database"]


def _weighted_groups() -> tuple[pd.DataFrame, tt.Survey]:
    rng = np.random.default_rng(3)
    n = 400
    df = pd.DataFrame({"g": rng.choice(["A", "B", "C"], n), "q": rng.choice(["x", "y"], n)})
    df["w"] = np.where(rng.random(n) < 0.1, 20.0, 1.0)
    df.loc[(df.g == "A") & (df.q == "x"), "w"] *= 1.6
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "g", "type": "single", "text": "G?", "options": ["A", "B", "C"]},
                {"id": "q", "type": "single", "text": "Q?", "options": ["x", "y"]},
            ],
        }
    )
    return df, survey


def test_compare_table_of_a_weighted_table_uses_its_effective_bases() -> None:
    # Old: compare_table() of a weighted crosstab ignored the Kish effective bases the
    # table carries and tested the weighted shares on the unweighted bases: A vs C on x
    # p = 0.00045 (letters A > C), where the tab book of the same data prints no letter.
    df, survey = _weighted_groups()
    table = tt.crosstab(df, "q", "g", survey=survey, weights="w")
    result = tt.compare_table(table)
    row = result.comparisons.query("option == 'x' and group == 'A' and versus == 'C'")
    # Independent: a chi-square test (no continuity correction) of the shares applied to
    # each group's Kish effective base, (sum w)^2 / sum w^2, computed here from the rows.
    from scipy import stats

    def share_and_base(group: str) -> tuple[float, float]:
        w = df.loc[df.g == group, "w"].to_numpy()
        x = (df.loc[df.g == group, "q"] == "x").to_numpy()
        return float((w * x).sum() / w.sum()), float(w.sum() ** 2 / (w**2).sum())

    (p_a, n_a), (p_c, n_c) = share_and_base("A"), share_and_base("C")
    cells = np.array([[p_a * n_a, n_a - p_a * n_a], [p_c * n_c, n_c - p_c * n_c]])
    expected = stats.chi2_contingency(cells, correction=False)[1]
    assert float(row["p_value"].iloc[0]) == pytest.approx(expected, rel=1e-9)
    assert (result.letters.to_numpy() == "").all()
    assert any("Kish effective bases" in note for note in result.notes)
    assert not any("unweighted bases were used" in note for note in result.notes)
    # The tab book's letters agree (none), as do tt.compare.letters' of the table.
    book = tt.tabbook(df, survey, banners=["g"], weights="w", questions=["q"])
    assert not any(
        ch.isupper() and len(ch) == 1
        for _, kind, cells_ in book.section("q").rows
        if kind == "option"
        for cell in cells_
        for ch in cell.split()[1:]
    )


def test_a_group_comparison_is_publishable_as_typed() -> None:
    # Old: the Publishable protocol (what write_report takes) required to_markdown(),
    # which GroupComparison lacks, though write_report documents and writes it: a typed
    # caller's mypy refused `write_report([comparison], ...)`.
    from typing import get_type_hints

    from tracktr.io._layout import Publishable

    df = pd.DataFrame({"q": ["a", "b"] * 30, "g": ["x"] * 30 + ["y"] * 30})
    comparison = tt.compare_groups(df, "q", "g")
    assert isinstance(comparison, Publishable)  # runtime_checkable: every method present
    assert "publication_layout" in dir(Publishable)
    assert get_type_hints(Publishable.publication_layout)["return"].__name__ == "Layout"


def _two_waves_with_few_unfunded(unfunded: int) -> tt.waves.Pooled:
    """The bundled waves pooled, with all but `unfunded` of the funding skips answered."""
    import dataclasses

    pooled = tt.waves.pool(
        tt.datasets.tracktr_waves(), harmonise=tt.datasets.tracktr_waves_map(), id="org_id"
    )
    groups = pooled.survey.question("main_funding").labels
    data = pooled.data.copy()
    skipped = data.index[~data["main_funding"].isin(groups)]
    data.loc[skipped[unfunded:], "main_funding"] = groups[0]
    return dataclasses.replace(pooled, data=data)


def test_a_protected_trend_by_group_does_not_print_a_small_number_in_no_column() -> None:
    # Old: the trend's note "2 respondents with no answer to main_funding are in no
    # column." was printed as it was under a protected table, though a count of 2
    # organisations is what protection keeps from being printed (or worked out).
    pooled = _two_waves_with_few_unfunded(2)
    table = tt.waves.trend(pooled, "staff", by="main_funding")
    assert "2 respondents with no answer to main_funding are in no column." in table.notes
    published = tt.disclosure.suppress(table, threshold=5)
    assert "Some respondents with no answer to main_funding are in no column." in published.notes
    assert not any("2 respondents" in note for note in published.notes)
    assert "2 respondents" not in published.to_markdown()


def test_a_protected_trend_keeps_a_number_in_no_column_that_is_not_sensitive() -> None:
    table = tt.waves.trend(_two_waves_with_few_unfunded(33), "staff", by="main_funding")
    note = "33 respondents with no answer to main_funding are in no column."
    published = tt.disclosure.suppress(table, threshold=3)
    assert note in table.notes
    if not published.suppressed_bases.any():
        assert note in published.notes
    else:
        assert "Some respondents with no answer" in " ".join(published.notes)

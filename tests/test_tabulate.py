"""Unit tests for tracktr.tabulate: bases, missing kinds, groups, weights, bad input."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.missing import NOT_ASKED, REFUSED, SKIPPED

OPTIONS = ["Yes", "No", "Don't know"]


@pytest.fixture
def answers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "changed": ["Yes", "No", "No", "Don't know", None, NOT_ASKED, SKIPPED, REFUSED],
            "funder": ["CRC", "CRC", "Other", "Other", "Other", "Other", "CRC", None],
        },
        index=pd.Index([f"org{i}" for i in range(8)], name="respondent_id"),
    )


def test_base_excludes_every_missing_kind_and_records_them(answers: pd.DataFrame) -> None:
    table = tt.frequencies(answers, "changed", options=OPTIONS)
    assert table.counts["All"].tolist() == [1, 2, 1]
    assert table.bases["All"] == 4
    assert table.excluded is not None
    assert table.excluded["All"].to_dict() == {"skipped": 2, "not_asked": 1, "refused": 1}
    assert table.percentages()["All"].tolist() == [25.0, 50.0, 25.0]


def test_dont_know_can_leave_the_base(answers: pd.DataFrame) -> None:
    table = tt.frequencies(answers, "changed", options=OPTIONS, dont_know="exclude")
    assert table.counts.index.tolist() == ["Yes", "No"]
    assert table.bases["All"] == 3
    assert table.excluded is not None
    assert table.excluded.loc["dont_know", "All"] == 1
    assert "excluding don't know" in table.base_line()


def test_by_group_gives_column_bases_and_a_total(answers: pd.DataFrame) -> None:
    table = tt.frequencies(answers, "changed", options=OPTIONS, by="funder")
    assert table.counts.columns.tolist() == ["CRC", "Other", "All"]
    assert table.bases.to_dict() == {"CRC": 2, "Other": 2, "All": 4}
    assert table.kind == "crosstab"
    # The total includes respondents whose group is missing (none here answered).
    assert table.counts["All"].tolist() == (table.counts["CRC"] + table.counts["Other"]).tolist()


def test_total_counts_respondents_with_a_missing_group() -> None:
    df = pd.DataFrame({"q": ["a", "b", "a"], "g": ["x", None, "y"]})
    table = tt.frequencies(df, "q", by="g")
    assert table.counts["All"].tolist() == [2, 1]
    assert table.bases.to_dict() == {"x": 1, "y": 1, "All": 3}


def test_categorical_input_keeps_codebook_order_and_matches_object_input() -> None:
    values = ["Worsened", "Improved", "No change", "Worsened", None]
    order = ["Improved", "No change", "Worsened"]
    as_cat = pd.DataFrame({"q": pd.Categorical(values, categories=order, ordered=True)})
    as_obj = pd.DataFrame({"q": values})
    cat_table = tt.frequencies(as_cat, "q")
    assert cat_table.counts.index.tolist() == order
    assert cat_table.counts.equals(tt.frequencies(as_obj, "q", options=order).counts)


def test_categorical_with_marker_categories() -> None:
    cats = ["Yes", "No", NOT_ASKED]
    df = pd.DataFrame({"q": pd.Categorical(["Yes", NOT_ASKED, "No", None], categories=cats)})
    table = tt.frequencies(df, "q")
    assert table.counts.index.tolist() == ["Yes", "No"]
    assert table.bases["All"] == 2


def test_weights_give_weighted_counts_and_unweighted_bases(answers: pd.DataFrame) -> None:
    weights = [2.0, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0]
    table = tt.frequencies(answers, "changed", options=OPTIONS, weights=weights)
    assert table.counts["All"].tolist() == [2.0, 2.0, 0.5]
    assert table.bases["All"] == 4.5
    assert table.unweighted_bases is not None
    assert table.unweighted_bases["All"] == 4
    assert table.weighted
    assert "weighted" in " ".join(table.notes)


def test_weights_from_a_column(answers: pd.DataFrame) -> None:
    df = answers.assign(w=1.0)
    weighted = tt.frequencies(df, "changed", options=OPTIONS, weights="w")
    plain = tt.frequencies(df, "changed", options=OPTIONS)
    assert weighted.percentages().equals(plain.percentages())


@pytest.mark.parametrize("bad", [np.nan, -1.0, np.inf])
def test_bad_weights_name_the_rows(answers: pd.DataFrame, bad: float) -> None:
    weights = [1.0] * 8
    weights[3] = bad
    with pytest.raises(tt.InvalidWeightsError, match="org3"):
        tt.frequencies(answers, "changed", options=OPTIONS, weights=weights)


def test_misaligned_weights(answers: pd.DataFrame) -> None:
    with pytest.raises(tt.InvalidWeightsError, match="3 values for 8 rows"):
        tt.frequencies(answers, "changed", options=OPTIONS, weights=[1.0, 1.0, 1.0])


def test_unknown_values_name_the_values_and_rows(answers: pd.DataFrame) -> None:
    df = answers.copy()
    df.loc["org2", "changed"] = "Maybe"
    with pytest.raises(tt.UnknownValueError, match=r"'Maybe'.*org2") as info:
        tt.frequencies(df, "changed", options=OPTIONS)
    assert info.value.values == ("Maybe",)
    assert info.value.rows == ("org2",)
    assert info.value.question == "changed"


def test_unknown_group_values_are_reported() -> None:
    df = pd.DataFrame({"q": ["a", "b"], "g": pd.Categorical(["x", "y"], categories=["x", "y"])})
    table = tt.frequencies(df, "q", by="g")
    assert table.bases.to_dict() == {"x": 1, "y": 1, "All": 2}


def test_missing_column_is_a_key_error(answers: pd.DataFrame) -> None:
    with pytest.raises(KeyError, match="not in the data"):
        tt.frequencies(answers, "income", options=OPTIONS)
    with pytest.raises(tt.QuestionNotFoundError):
        tt.frequencies(answers, "changed", options=OPTIONS, by="region")


def test_not_a_dataframe() -> None:
    with pytest.raises(TypeError, match="DataFrame"):
        tt.frequencies(pd.Series(["a"]), "q")  # type: ignore[arg-type]


def test_inputs_are_not_mutated(answers: pd.DataFrame) -> None:
    before = answers.copy()
    tt.frequencies(answers, "changed", options=OPTIONS, by="funder", dont_know="exclude")
    pd.testing.assert_frame_equal(answers, before)


def test_crosstab_is_frequencies_by_column(answers: pd.DataFrame) -> None:
    a = tt.crosstab(answers, "changed", "funder", options=OPTIONS)
    b = tt.frequencies(answers, "changed", options=OPTIONS, by="funder")
    assert a.counts.equals(b.counts)
    assert a.bases.equals(b.bases)


def test_empty_base_is_flagged_not_an_error() -> None:
    df = pd.DataFrame({"q": [NOT_ASKED, NOT_ASKED]})
    table = tt.frequencies(df, "q", options=["a", "b"])
    assert table.bases["All"] == 0
    assert table.percentages()["All"].isna().all()
    assert any("undefined" in note for note in table.notes)


# -- multi-response ---------------------------------------------------------------------------


@pytest.fixture
def ticks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "prison": [1, 0, 1, 0, NOT_ASKED],
            "community": [1, 1, 0, 0, NOT_ASKED],
            "none": [0, 0, 0, 1, NOT_ASKED],
            "group": ["CRC", "Other", "Other", "Other", "Other"],
        },
        index=["a", "b", "c", "d", "e"],
    )


def test_multi_response_percent_of_respondents(ticks: pd.DataFrame) -> None:
    table = tt.multi_response(
        ticks,
        "where",
        columns=["prison", "community", "none"],
        options=["Prison", "Community", "None of these"],
        exclusive=["None of these"],
    )
    assert table.counts["All"].tolist() == [2, 2, 1]
    assert table.bases["All"] == 4
    assert not table.partition
    assert table.percentages()["All"].tolist() == [50.0, 50.0, 25.0]
    assert table.excluded is not None
    assert table.excluded.loc["not_asked", "All"] == 1
    assert not any("because of rounding" in note for note in table.notes)
    with pytest.raises(tt.NotAPartitionError, match="more than 100"):
        table.percentages(rule="largest_remainder")


def test_multi_response_percent_of_responses_is_a_partition(ticks: pd.DataFrame) -> None:
    table = tt.multi_response(
        ticks, "where", columns=["prison", "community", "none"], percent_of="responses"
    )
    assert table.partition
    assert table.bases["All"] == 5
    assert table.percentages(rule="largest_remainder")["All"].sum() == 100


def test_multi_response_by_group(ticks: pd.DataFrame) -> None:
    table = tt.multi_response(ticks, "where", columns=["prison", "community", "none"], by="group")
    assert table.counts.to_dict() == {
        "CRC": {"prison": 1, "community": 1, "none": 0},
        "Other": {"prison": 1, "community": 1, "none": 1},
        "All": {"prison": 2, "community": 2, "none": 1},
    }
    assert table.bases.to_dict() == {"CRC": 1, "Other": 3, "All": 4}


def test_multi_response_empty_rows(ticks: pd.DataFrame) -> None:
    df = ticks.copy()
    df.loc["d", ["prison", "community", "none"]] = 0
    skipped = tt.multi_response(df, "where", columns=["prison", "community", "none"])
    answered = tt.multi_response(
        df, "where", columns=["prison", "community", "none"], empty="answered"
    )
    assert skipped.bases["All"] == 3
    assert answered.bases["All"] == 4


def test_multi_response_exclusive_clash_names_rows(ticks: pd.DataFrame) -> None:
    df = ticks.copy()
    df.loc["b", "none"] = 1
    with pytest.raises(tt.MultiResponseError, match=r"\['b'\]"):
        tt.multi_response(
            df,
            "where",
            columns=["prison", "community", "none"],
            options=["Prison", "Community", "None"],
            exclusive=["None"],
        )


def test_multi_response_rejects_non_binary(ticks: pd.DataFrame) -> None:
    df = ticks.copy()
    df["prison"] = [2, 0, 1, 0, 0]
    with pytest.raises(tt.MultiResponseError, match=r"binary.*\[2\].*\['a'\]"):
        tt.multi_response(df, "where", columns=["prison", "community", "none"])


@pytest.mark.parametrize("pyarrow", [True, False])
def test_multi_response_refuses_a_delimited_option_given_twice(
    pyarrow: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The old code counted "Prison;Prison" as one tick of Prison, and "None;None" as an
    # answer of "None" alone, with nothing to say the cell was not as written.
    if not pyarrow:  # the pandas path, taken when pyarrow is not installed
        monkeypatch.setattr(tt._kernels, "split_delimited", lambda *args: None)
    text = pd.DataFrame(
        {"where": ["Prison;Prison", "Community", "None; None", "Prison;Community"]},
        index=pd.Index([11, 12, 13, 14], name="respondent_id"),
    )
    with pytest.raises(
        tt.MultiResponseError,
        match=r"(?s)question 'where': a cell gives an option more than once \('Prison;Prison', "
        r"'None; None'\), in rows \[11, 13\].*Hint:.*duplicate_option",
    ):
        tt.multi_response(
            text,
            "where",
            options=["Prison", "Community", "None"],
            separator=";",
            exclusive=["None"],
        )
    table = tt.multi_response(
        text.iloc[[1, 3]], "where", options=["Prison", "Community", "None"], separator=";"
    )
    assert table.counts["All"].tolist() == [1, 2, 0]


def test_multi_response_delimited_equals_indicators(ticks: pd.DataFrame) -> None:
    text = pd.DataFrame(
        {"where": ["Prison;Community", "Community", "Prison", "None", NOT_ASKED]},
        index=ticks.index,
    )
    delimited = tt.multi_response(
        text, "where", options=["Prison", "Community", "None"], separator=";"
    )
    indicators = tt.multi_response(
        ticks,
        "where",
        columns=["prison", "community", "none"],
        options=["Prison", "Community", "None"],
    )
    assert delimited.counts.equals(indicators.counts)
    assert delimited.bases.equals(indicators.bases)


def test_multi_response_needs_a_shape() -> None:
    with pytest.raises(tt.InvalidOptionError, match="separator"):
        tt.multi_response(pd.DataFrame({"q": ["a"]}), "q")


def test_multi_response_weighted(ticks: pd.DataFrame) -> None:
    table = tt.multi_response(
        ticks, "where", columns=["prison", "community", "none"], weights=[2, 1, 1, 1, 1]
    )
    assert table.counts["All"].tolist() == [3.0, 3.0, 1.0]
    assert table.bases["All"] == 5.0
    assert table.unweighted_bases is not None
    assert table.unweighted_bases["All"] == 4


# -- grids ------------------------------------------------------------------------------------


def test_grid_rows_have_their_own_bases_and_average() -> None:
    df = pd.DataFrame(
        {
            "men": ["Worsened", "No change", "Worsened", "Don't know"],
            "women": ["Improved", "Worsened", None, NOT_ASKED],
        }
    )
    scale = ["Improved", "No change", "Worsened", "Don't know"]
    table = tt.grid(
        df, "impact", columns=["men", "women"], items=["Men", "Women"], options=scale, average=True
    )
    assert table.bases.tolist()[:2] == [4, 2]
    assert table.percent_axis == "rows"
    # AVERAGE is the mean of item shares: Improved (0/4 + 1/2) / 2 = 25%.
    assert table.percentages().loc["AVERAGE"].tolist() == [25.0, 13.0, 50.0, 13.0]
    assert table.summary_rows == ("AVERAGE",)
    report = table.to_frame(layout="report")
    assert report.loc["AVERAGE", "Improved"] == "25"
    assert report.loc["Men", "Worsened"] == "50 (2)"


def test_grid_dont_know_excluded() -> None:
    df = pd.DataFrame({"a": ["Improved", "Don't know"], "b": ["Worsened", "Worsened"]})
    table = tt.grid(
        df,
        "g",
        columns=["a", "b"],
        options=["Improved", "Worsened", "Don't know"],
        dont_know="exclude",
    )
    assert table.bases.tolist() == [1, 2]
    assert table.counts.columns.tolist() == ["Improved", "Worsened"]


def test_grid_needs_columns() -> None:
    with pytest.raises(tt.InvalidOptionError, match="columns"):
        tt.grid(pd.DataFrame({"a": ["x"]}), "g")


# -- dispatch and combination -----------------------------------------------------------------


class _Codebook:
    def spec(self, question: str) -> tt.spec.QuestionSpec:
        specs = {
            "role": tt.spec.QuestionSpec(
                "role",
                "single",
                options=("Tier 2", "Tier 3"),
                columns=("role",),
                title="Your role?",
                base_description="organisations funded by a CRC who answered",
            ),
            "where": tt.spec.QuestionSpec(
                "where", "multi", options=("Prison", "Community"), columns=("p", "c")
            ),
            "impact": tt.spec.QuestionSpec(
                "impact", "grid", options=("Better", "Worse"), columns=("x", "y"), items=("X", "Y")
            ),
            "size": tt.spec.QuestionSpec("size", "numeric", columns=("size",)),
        }
        return specs[question]


def test_tabulate_dispatches_on_the_question_type() -> None:
    df = pd.DataFrame(
        {
            "role": ["Tier 2", "Tier 3", NOT_ASKED],
            "p": [1, 0, 1],
            "c": [1, 1, 0],
            "x": ["Better", "Worse", "Worse"],
            "y": ["Worse", None, "Better"],
            "size": [1, 2, 3],
        }
    )
    book = _Codebook()
    role = tt.tabulate(df, "role", survey=book)
    assert role.title == "Your role?"
    assert role.base_line() == "Base: organisations funded by a CRC who answered (n=2)."
    assert tt.tabulate(df, "where", survey=book).kind == "multi"
    assert tt.tabulate(df, "impact", survey=book).kind == "grid"
    with pytest.raises(tt.TracktrError, match="numeric question"):
        tt.tabulate(df, "size", survey=book)


def test_combine_adds_chunks_exactly() -> None:
    df = pd.DataFrame({"q": list("abcabcaab"), "g": list("xyxyxyxyy")})
    parts = [
        tt.frequencies(df.iloc[i : i + 4], "q", options=list("abc"), by="g") for i in (0, 4, 8)
    ]
    whole = tt.frequencies(df, "q", options=list("abc"), by="g")
    combined = tt.combine(parts)
    assert combined.counts.equals(whole.counts)
    assert combined.bases.equals(whole.bases)


def test_combine_aligns_options_and_groups_a_part_never_saw() -> None:
    a = tt.frequencies(pd.DataFrame({"q": ["a"], "g": ["x"]}), "q", by="g")
    b = tt.frequencies(pd.DataFrame({"q": ["b", "b"], "g": ["y", "y"]}), "q", by="g")
    combined = tt.combine([a, b])
    assert combined.counts.columns.tolist() == ["x", "y", "All"]
    assert combined.counts.loc["b"].tolist() == [0, 2, 2]
    assert combined.bases.to_dict() == {"x": 1, "y": 2, "All": 3}


def test_combine_refuses_different_tables() -> None:
    a = tt.frequencies(pd.DataFrame({"q": ["a"]}), "q", options=["a", "b"])
    b = tt.frequencies(pd.DataFrame({"r": ["a"]}), "r", options=["a"])
    with pytest.raises(tt.InvalidOptionError, match="cannot be added"):
        tt.combine([a, b])
    with pytest.raises(tt.InvalidOptionError, match="at least one"):
        tt.combine([])


# -- issue 11: weights by label; combine() refuses mixed bases --------------------------------


def test_weights_series_align_on_the_index(answers: pd.DataFrame) -> None:
    values = [2.0, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0]
    as_list = tt.frequencies(answers, "changed", options=OPTIONS, weights=values)
    series = pd.Series(values, index=answers.index)[::-1]  # same labels, reversed order
    as_series = tt.frequencies(answers, "changed", options=OPTIONS, weights=series)
    assert as_series.counts.equals(as_list.counts)
    multi = pd.DataFrame({"x": [1, 0, 1], "y": [1, 1, 0]}, index=["r1", "r2", "r3"])
    w = pd.Series({"r3": 3.0, "r1": 1.0, "r2": 2.0})
    table = tt.multi_response(multi, "m", columns=["x", "y"], weights=w)
    assert table.counts["All"].tolist() == [4.0, 3.0]


def test_weights_series_with_other_labels_is_refused(answers: pd.DataFrame) -> None:
    positional = pd.Series([1.0] * 8)  # a RangeIndex, the data is indexed by org ids
    with pytest.raises(tt.InvalidWeightsError, match=r"have no value.*not rows of the data"):
        tt.frequencies(answers, "changed", options=OPTIONS, weights=positional)
    with pytest.raises(tt.InvalidWeightsError, match=r"to_numpy\(\)"):
        tt.crosstab(answers, "changed", "funder", options=OPTIONS, weights=positional)


def test_combine_refuses_weighted_with_unweighted(answers: pd.DataFrame) -> None:
    plain = tt.frequencies(answers, "changed", options=OPTIONS)
    weighted = tt.frequencies(answers, "changed", options=OPTIONS, weights=[1.0] * 8)
    with pytest.raises(tt.InvalidOptionError, match="one is weighted and one is not"):
        tt.combine([plain, weighted])


def test_combine_refuses_different_dont_know_policies(answers: pd.DataFrame) -> None:
    kept = tt.frequencies(answers, "changed", options=OPTIONS)
    left_out = tt.frequencies(answers, "changed", options=OPTIONS, dont_know="exclude")
    with pytest.raises(tt.InvalidOptionError, match="have different bases"):
        tt.combine([kept, left_out])


# -- issue 11: values that print alike are an error, not two look-alike rows -----------------


def test_values_that_print_alike_are_an_error() -> None:
    df = pd.DataFrame(
        {"q": ["Yes", "Yes ", "No", 1, "1"], "g": ["a", "a ", "b", "b", "b"]},
        index=pd.Index(list("vwxyz"), name="id"),
    )
    with pytest.raises(
        tt.UnknownValueError,
        match=r"options 'Yes' \(rows \['v'\]\) and 'Yes ' \(rows \['w'\]\); 1 \(rows \['y'\]\) "
        r"and '1' \(rows \['z'\]\) are different values that would print as the same label",
    ):
        tt.frequencies(df, "q")
    with pytest.raises(tt.UnknownValueError, match=r"groups 'a' \(rows \['v'\]\) and 'a '"):
        tt.frequencies(df.assign(q=["Yes", "No", "No", "Yes", "No"]), "q", by="g")
    grid = pd.DataFrame({"x": ["Yes", "No"], "y": ["Yes ", "No"]})
    with pytest.raises(tt.UnknownValueError, match=r"'Yes ' \(rows \[0\]\)"):
        tt.grid(grid, "yn", columns=["x", "y"])
    with pytest.raises(tt.UnknownValueError, match="print as the same label"):
        tt.multi_response(pd.DataFrame({"m": ["a;b"]}), "m", separator=";", options=["a", "a "])
    # Made one value first, they count together.
    cleaned = df.assign(q=df["q"].astype(str).str.strip())
    assert tt.frequencies(cleaned, "q").counts["All"].to_dict() == {"1": 2, "No": 1, "Yes": 2}


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        (["1", "2", "1", "1", "1", "1", "1", "1"], r"weights must be numbers; got dtype"),
        ([True, False, True, True, True, True, True, True], r"weights must be numbers"),
        (np.ones((8, 1)), r"must be one-dimensional"),
    ],
)
def test_weights_that_are_not_numbers_are_refused(
    answers: pd.DataFrame, weights: object, match: str
) -> None:
    with pytest.raises(tt.InvalidWeightsError, match=match):
        tt.frequencies(answers, "changed", options=OPTIONS, weights=weights)  # type: ignore[arg-type]


def test_zero_weight_group_keeps_its_respondents_and_a_zero_base(answers: pd.DataFrame) -> None:
    weights = [0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0]  # every CRC respondent weighs 0
    table = tt.frequencies(answers, "changed", options=OPTIONS, by="funder", weights=weights)
    assert table.bases["CRC"] == 0
    assert table.unweighted_bases is not None
    assert table.unweighted_bases["CRC"] == 2
    assert pd.isna(table.percentages().loc["Yes", "CRC"])
    assert "The weighted base of CRC is 0: percentages are undefined." in table.notes


def test_combine_refuses_different_empty_policies() -> None:
    df = pd.DataFrame({"a": [1, 0, 0], "b": [0, 0, 1]})
    skipped = tt.multi_response(df, "m", columns=["a", "b"])
    answered = tt.multi_response(df, "m", columns=["a", "b"], empty="answered")
    assert answered.base_line() == (
        "Base: respondents who answered (ticking nothing counted as an answer) (n=3)."
    )
    with pytest.raises(tt.InvalidOptionError, match="have different bases"):
        tt.combine([skipped, answered])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: tt.frequencies(pd.DataFrame({"q": ["Yes"]}), "q", options=["Yes", "No", "Yes"]),
            r"options \['Yes'\] listed more than once",
        ),
        (
            lambda: tt.frequencies(
                pd.DataFrame({"q": ["Yes", SKIPPED]}), "q", options=["Yes", SKIPPED]
            ),
            r"options \['<skipped>'\] named like missing markers",
        ),
        (
            lambda: tt.multi_response(
                pd.DataFrame({"m": ["A;B"]}), "m", separator=";", options=["A", "B", "A;B"]
            ),
            r"options \['A;B'\] containing the separator ';'",
        ),
        (
            lambda: tt.grid(
                pd.DataFrame({"a": ["Yes"], "b": ["No"]}), "g", columns=["a", "b"], items=["I"]
            ),
            r"1 items \['I'\] for 2 columns \['a', 'b'\]; they must align one to one",
        ),
        (
            lambda: tt.grid(
                pd.DataFrame({"a": ["Yes"], "b": ["No"]}), "g", columns=["a", "b"], items=["I", "I"]
            ),
            r"items \['I'\] listed more than once",
        ),
        (
            lambda: tt.grid(
                pd.DataFrame({"a": ["Yes"], "b": ["No"]}),
                "g",
                columns=["a", "b"],
                items=["AVERAGE", "Other"],
                average=True,
            ),
            r"items \['AVERAGE'\] listed more than once",
        ),
    ],
)
def test_options_and_items_that_cannot_make_a_table(call: Any, match: str) -> None:
    with pytest.raises(tt.InvalidOptionError, match=match):
        call()

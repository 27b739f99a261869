"""Numeric summaries against numpy/scipy, weighted and not, with missing markers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import tracktr as tt

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def hdv() -> pd.DataFrame:
    return pd.read_csv(DATA / "hdv2003.csv")


def test_unweighted_matches_numpy_and_scipy(hdv: pd.DataFrame) -> None:
    summary = tt.summarise(hdv, "heures.tv", by="sexe")
    for sexe, part in hdv.groupby("sexe"):
        x = part["heures.tv"].dropna().to_numpy()
        row = summary.statistics.loc[sexe]
        assert row["n"] == len(x)
        assert row["mean"] == pytest.approx(x.mean(), rel=1e-12)
        assert row["sd"] == pytest.approx(x.std(ddof=1), rel=1e-12)
        q1, median, q3 = np.quantile(x, [0.25, 0.5, 0.75])  # R type 7
        assert (row["q1"], row["median"], row["q3"]) == pytest.approx((q1, median, q3))
        low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-12)
    # Five blanks in heures.tv are left out of the base and counted as skipped.
    assert int(summary.excluded.loc["skipped", "All"]) == int(hdv["heures.tv"].isna().sum())


def test_weighted_matches_linearised_formula(hdv: pd.DataFrame) -> None:
    # Independent computation of R survey's svymean(~age, svydesign(ids=~1, weights=~poids)):
    # mean = sum(w x) / sum(w); var = n/(n-1) * sum((w (x - mean))^2) / sum(w)^2.
    summary = tt.summarise(hdv, "age", by=["sexe"], weights="poids", level=0.9)
    for sexe, part in hdv.groupby("sexe"):
        x, w = part["age"].to_numpy(float), part["poids"].to_numpy(float)
        n = len(x)
        mean = (w * x).sum() / w.sum()
        se = np.sqrt(n / (n - 1) * ((w * (x - mean)) ** 2).sum()) / w.sum()
        t = stats.t.ppf(0.95, n - 1)
        row = summary.statistics.loc[("sexe", sexe)]
        assert row["mean"] == pytest.approx(mean, rel=1e-12)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((mean - t * se, mean + t * se))
        order = np.argsort(x)
        share = np.cumsum(w[order]) / w.sum()
        assert row["median"] == x[order][np.searchsorted(share, 0.5)]
    assert summary.weighted
    assert "linearised standard error" in summary.method


@given(st.lists(st.integers(0, 50), min_size=2, max_size=30))
def test_equal_weights_give_the_unweighted_mean_and_interval(values: list[int]) -> None:
    df = pd.DataFrame({"x": values})
    plain = tt.summarise(df, "x").statistics.iloc[0]
    weighted = tt.summarise(df, "x", weights=[3.0] * len(values)).statistics.iloc[0]
    for stat in ("mean", "sd", "ci_low", "ci_high"):
        if np.isnan(plain[stat]):
            assert np.isnan(weighted[stat])
        else:
            assert weighted[stat] == pytest.approx(plain[stat], rel=1e-9, abs=1e-9)


def test_markers_are_left_out_and_counted() -> None:
    df = pd.DataFrame({"staff": [3, "<not asked>", "<refused>", None, "7"]})
    summary = tt.summarise(df, "staff")
    assert summary.statistics.loc["All", "n"] == 2
    assert summary.statistics.loc["All", "mean"] == 5
    assert summary.excluded["All"].tolist() == [1, 1, 1]
    assert summary.notes[0] == "Base: respondents who answered (n=2)."
    assert "Small base" in summary.notes[-1]


def test_text_in_a_numeric_column_names_the_rows() -> None:
    df = pd.DataFrame({"staff": [3, "lots", 4, "n/a"]}, index=[10, 11, 12, 13])
    with pytest.raises(
        tt.UnknownValueError, match=r"\['lots', 'n/a'\] are not numbers.*\[11, 13\]"
    ):
        tt.summarise(df, "staff")


def test_codebook_question_must_be_numeric() -> None:
    survey = tt.surveys.tracktr_2015()
    data = tt.datasets.tracktr_2015()
    with pytest.raises(tt.InvalidOptionError, match="'income' is an ordinal question, not numeric"):
        tt.summarise(data, "income", survey=survey)
    summary = tt.summarise(data, "crc_contract_value", survey=survey, by="main_funding")
    assert summary.base_description.startswith("organisations")
    assert (
        summary.statistics.loc["All", "n"]
        == pd.to_numeric(data["crc_contract_value"], errors="coerce").notna().sum()
    )


def test_level_is_checked() -> None:
    with pytest.raises(tt.InvalidOptionError, match="between 0 and 1"):
        tt.summarise(pd.DataFrame({"x": [1, 2]}), "x", level=95)


def test_prepare_gives_numeric_columns_a_numeric_dtype() -> None:
    survey = tt.Survey.from_dict(
        {"title": "D", "questions": [{"id": "staff", "type": "numeric", "text": "Staff?"}]}
    )
    data = survey.prepare(pd.DataFrame({"respondent_id": [1, 2], "staff": ["3", "4.5"]})).data
    assert pd.api.types.is_float_dtype(data["staff"])
    assert data["staff"].mean() == 3.75
    # With a missing answer the column keeps its marker (and object dtype); summarise reads it.
    mixed = survey.prepare(pd.DataFrame({"respondent_id": [1, 2], "staff": ["3", None]})).data
    assert mixed["staff"].tolist() == [3, "<skipped>"]
    assert tt.summarise(mixed, "staff", survey=survey).statistics.loc["All", "mean"] == 3


def test_banners_nested_and_missing_group(hdv: pd.DataFrame) -> None:
    summary = tt.summarise(hdv, "age", by=["nivetud", ("sexe", "clso")], missing_group="No answer")
    stats_ = summary.statistics
    assert stats_.index.names == ["banner", "group"]
    no_level = hdv["nivetud"].isna()
    assert stats_.loc[("nivetud", "No answer"), "n"] == no_level.sum()
    assert stats_.loc[("nivetud", "No answer"), "mean"] == pytest.approx(
        hdv.loc[no_level, "age"].mean()
    )
    both = hdv["sexe"].eq("Femme") & hdv["clso"].eq("Oui")
    assert stats_.loc[("sexe × clso", "Femme / Oui"), "median"] == hdv.loc[both, "age"].median()
    assert summary.notes[0].startswith("Base: respondents who answered (nivetud: ")


def test_banners_nobody_is_in_give_a_summary_without_rows() -> None:
    # Every group cell missing and no total (found by hypothesis): KeyError 'n' before.
    data = pd.DataFrame({"q": ["Yes", "Yes"], "g": [None, None], "x": [0, 0]})
    summary = tt.summarise(data, "x", by=["g", ("g", "q")], total=False)
    assert summary.statistics.empty
    assert list(summary.statistics.columns)[:2] == ["n", "mean"]
    assert repr(summary) == "Summary(x: no group anyone is in)"


def _columns_and_types(summary: tt.Summary) -> dict[str, str]:
    return {str(c): str(t) for c, t in summary.statistics.dtypes.items()}


ANSWERED = pd.DataFrame({"x": [1.0, 2.0, 4.0], "w": [1.0, 2.0, 1.0], "g": ["a", "a", "b"]})
NO_ONE = pd.DataFrame({"x": pd.Series([], dtype=float), "w": pd.Series([], dtype=float),
                       "g": pd.Series([], dtype=object)})  # fmt: skip
NO_ANSWER = pd.DataFrame({"x": pd.Series([None, "<refused>"], dtype=object), "w": [1.0, 2.0],
                          "g": ["a", "b"]})  # fmt: skip
NO_GROUP = pd.DataFrame({"x": [1.0, 2.0], "w": [1.0, 2.0], "g": [None, None]})


@pytest.mark.parametrize(
    "data", [NO_ONE, NO_ANSWER, NO_GROUP], ids=["empty", "unanswered", "ungrouped"]
)
@pytest.mark.parametrize("total", [True, False])
def test_a_weighted_summary_of_nobody_keeps_the_weighted_columns(
    data: pd.DataFrame, total: bool
) -> None:
    # With no group anyone is in, the summary lost sum_weights and held object columns.
    summary = tt.summarise(data, "x", weights="w", by="g", total=total)
    expected = tt.summarise(ANSWERED, "x", weights="w", by="g")
    assert _columns_and_types(summary) == _columns_and_types(expected)
    nobody = summary.statistics["n"] == 0  # all but the total of NO_GROUP
    assert (summary.statistics.loc[nobody, "sum_weights"] == 0.0).all()
    unweighted = tt.summarise(data, "x", by="g", total=total)
    assert _columns_and_types(unweighted) == _columns_and_types(tt.summarise(ANSWERED, "x"))


@given(
    x=st.lists(st.sampled_from([1.0, 2.5, None, "<refused>"]), max_size=6),
    groups=st.lists(st.sampled_from(["a", "b", None]), min_size=6, max_size=6),
    weighted=st.booleans(),
    total=st.booleans(),
)
def test_a_summary_has_the_same_columns_and_types_whoever_answered(
    x: list[object], groups: list[str | None], weighted: bool, total: bool
) -> None:
    data = pd.DataFrame({"x": pd.Series(x, dtype=object), "w": 1.5, "g": groups[: len(x)]})
    summary = tt.summarise(data, "x", by="g", total=total, weights="w" if weighted else None)
    expected = tt.summarise(ANSWERED, "x", weights="w" if weighted else None)
    assert _columns_and_types(summary) == _columns_and_types(expected)


@pytest.mark.parametrize(
    ("groups", "error", "message"),
    [
        (["a", "a ", "b"], tt.UnknownValueError, r"groups 'a' .* and 'a ' .* print as the same"),
        (["é", "e\u0301", "b"], tt.UnknownValueError, r"print as the same label"),
        (["", "a", "b"], tt.InvalidOptionError, r"groups \[''\] empty text in rows \[0, 3\]"),
    ],
    ids=["trailing-space", "combining-accent", "empty"],
)
def test_groups_that_print_alike_or_blank_are_refused_as_a_table_refuses_them(
    groups: list[str], error: type[tt.TracktrError], message: str
) -> None:
    # Old: two summary rows printed "a" (or "é"), or one printed no label at all, where a
    # table by the same banner refused them.
    data = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "g": groups * 2, "q": "y"})
    with pytest.raises(error, match=message) as refused:
        tt.summarise(data, "x", by="g")
    with pytest.raises(error) as table:
        tt.frequencies(data, "q", by="g")
    assert str(refused.value).split("\n")[0] == str(table.value).split("\n")[0]
    if error is tt.UnknownValueError:  # nested, "a / u" and "a  / u" print alike too
        with pytest.raises(error, match=r"'a / u' .* and 'a  / u'|print as the same"):
            tt.summarise(data.assign(h="u"), "x", by=["h", ("g", "h")])

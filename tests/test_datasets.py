"""tracktr.datasets: the synthetic trackTR 2015 microdata, its generator and its solver."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.datasets import _bundled, _generate, _solve
from tracktr.datasets._solve import Part, at_least, count, near, pct, phrase
from tracktr.missing import NOT_ASKED, SKIPPED

SURVEY = tt.surveys.tracktr_2015()
CRC = "Funded by a CRC"
OUTSIDE = "Not funded by a CRC or the NPS"


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return tt.datasets.tracktr_2015()


# -- the data file -------------------------------------------------------------------------


def test_151_organisations_with_every_codebook_column(df: pd.DataFrame) -> None:
    assert df.shape == (151, len(SURVEY.columns))
    assert tuple(df.columns) == SURVEY.columns
    assert df["respondent_id"].tolist() == list(range(1, 152))


def test_validates_against_the_codebook_and_is_already_typed(df: pd.DataFrame) -> None:
    validated = SURVEY.validate(df)
    pd.testing.assert_frame_equal(validated, df, check_dtype=True)


def test_every_cell_is_an_answer_or_a_marker_never_blank(df: pd.DataFrame) -> None:
    assert not df.isna().any().any()
    text = Path(_generate.DATA_FILE).read_text(encoding="utf-8")
    assert ",," not in text
    assert ",\n" not in text


def test_marked_as_synthetic_everywhere(df: pd.DataFrame) -> None:
    assert "not the trackTR survey's real responses" in df.attrs["synthetic"]
    assert df.attrs["synthetic"] == tt.datasets.SYNTHETIC
    for doc in (tt.datasets.__doc__, tt.datasets.tracktr_2015.__doc__, _generate.__doc__):
        assert doc is not None
        assert "synthetic" in doc.lower()
        assert "not the survey's real responses" in " ".join(doc.replace("*", "").split())
    assert tt.datasets.tracktr_2015_departures().attrs["synthetic"] == tt.datasets.SYNTHETIC


def test_returns_a_new_frame_on_every_call(df: pd.DataFrame) -> None:
    first = tt.datasets.tracktr_2015()
    first.loc[0, "income"] = "Over £10m"
    first.attrs["synthetic"] = "changed"
    again = tt.datasets.tracktr_2015()
    pd.testing.assert_frame_equal(again, df)
    assert again.attrs["synthetic"] == tt.datasets.SYNTHETIC


def test_loading_never_runs_the_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the generator ran")

    monkeypatch.setattr(_generate, "generate", fail)
    monkeypatch.setattr(_solve, "solve", fail)
    _bundled._tracktr_2015.cache_clear()
    assert len(tt.datasets.tracktr_2015()) == 151


# -- the generator -------------------------------------------------------------------------


def test_regenerating_gives_the_committed_files_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _generate.main([str(tmp_path)]) == 0  # python -m tracktr.datasets._generate DIR
    assert "tracktr_2015.csv" in capsys.readouterr().out
    data = tmp_path / _generate.DATA_FILE.name
    departures = tmp_path / _generate.DEPARTURES_FILE.name
    assert data.read_bytes() == _generate.DATA_FILE.read_bytes()
    assert departures.read_bytes() == _generate.DEPARTURES_FILE.read_bytes()


def test_another_seed_gives_other_respondents_with_the_same_counts(df: pd.DataFrame) -> None:
    other = pd.DataFrame(_generate.generate(seed=7).columns)
    ours = df.astype(object)
    assert not other["income"].equals(ours["income"])
    for column in ("main_funding", "income", "services_changed", "crc_role"):
        assert other[column].value_counts().to_dict() == ours[column].value_counts().to_dict()
    assert pd.crosstab(other["income"], other["main_funding"]).equals(
        pd.crosstab(ours["income"], ours["main_funding"])
    )


# -- routing -------------------------------------------------------------------------------


def _answered(series: pd.Series) -> pd.Series:
    return ~series.astype(object).isin([SKIPPED, NOT_ASKED])


@pytest.mark.parametrize("question", [q.id for q in SURVEY.questions if q.ask_if is not None])
def test_routed_questions_are_answered_only_by_those_routed_to_them(
    df: pd.DataFrame, question: str
) -> None:
    asked = SURVEY.asked(df, question)
    for column in SURVEY.question(question).columns:
        answered = _answered(df[column])
        assert not (answered & ~asked).any()
        assert (df.loc[~asked, column].astype(object) == NOT_ASKED).all()
        assert not (df.loc[asked, column].astype(object) == NOT_ASKED).any()


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # Section 2.4: "Only 34 respondents indicated that they are directly funded by
        # CRCs. Of these 25 answered the question about their role" (Graphs 14-20).
        ("crc_role", 25),
        ("crc_service_users", 25),
        ("crc_service_new", 26),
        ("crc_subsidise_reserves", 24),
        ("crc_retendering_transparency", 19),
        ("crc_ispa", 26),
    ],
)
def test_crc_questions_answered_by_the_printed_base_the_rest_of_the_34_skipped(
    df: pd.DataFrame, question: str, answered: int
) -> None:
    crc = df["main_funding"] == CRC
    cells = df.loc[crc, question].astype(object)
    assert int(crc.sum()) == 34
    assert int(_answered(cells).sum()) == answered
    assert int((cells == SKIPPED).sum()) == 34 - answered


def test_outside_questions_only_for_the_100_not_funded_by_crc_or_nps(df: pd.DataFrame) -> None:
    outside = df["main_funding"] == OUTSIDE
    assert int(outside.sum()) == 100
    answered = _answered(df["outside_role"])
    assert int(answered.sum()) == 89
    assert answered[outside].sum() == 89
    assert not answered[~outside].any()


def test_payment_by_results_follow_ups_hold_the_printed_percentages(df: pd.DataFrame) -> None:
    # Section 2.4: "7%, 20%, 30% (2 cases), 75%, and 100% (3 cases)"; 2.6: "10% (2 cases),
    # 20% (2 cases), 30%, 45%, 50%, 90% and 100%".
    crc = df["crc_pbr_at_risk"][_answered(df["crc_pbr_at_risk"])]
    outside = df["outside_pbr_at_risk"][_answered(df["outside_pbr_at_risk"])]
    assert sorted(crc) == [7, 20, 30, 30, 75, 100, 100, 100]
    assert sorted(outside) == [10, 10, 20, 20, 30, 45, 50, 90, 100]


def test_contract_values_span_the_printed_range(df: pd.DataFrame) -> None:
    # "between £12,500 to almost £15m ... the largest of those is valued at over £14m".
    values = df["crc_contract_value"][_answered(df["crc_contract_value"])].astype(int)
    assert len(values) == 18
    assert values.min() == 12_500
    assert 14_000_000 < values.max() < 15_000_000
    assert int((values >= 5_000_000).sum()) == 3


# -- departures ----------------------------------------------------------------------------


def test_departures_are_consistent_with_the_data(df: pd.DataFrame) -> None:
    departures = tt.datasets.tracktr_2015_departures()
    assert list(departures.columns) == list(_generate.DEPARTURE_COLUMNS)
    for row in departures.itertuples():
        if pd.isna(row.count):
            continue
        units = int(tt.rounding.percentage_units([int(row.count)], int(row.base))[0])
        assert row.percent == f"{units}%"
        assert row.printed != row.percent


def test_single_question_departures_match_tabulation(df: pd.DataFrame) -> None:
    departures = tt.datasets.tracktr_2015_departures()
    for row in departures.itertuples():
        question = SURVEY.question(row.question)
        if question.type not in ("single", "ordinal") or row.option not in question.labels:
            continue
        if "of all 151 respondents" in row.note:  # a share of everyone, not of the answers
            continue
        table = tt.tabulate(df, row.question, survey=SURVEY)
        assert int(table.counts.loc[row.option, "All"]) == row.count
        assert int(table.bases["All"]) == row.base


# -- the solver ----------------------------------------------------------------------------


def test_solver_finds_counts_that_print_every_figure() -> None:
    # Graph 9 (n=104): 35% changed, 60% not, 6% did not know.
    parts = (Part("Yes", (pct(35),)), Part("No", (pct(60),)), Part("DK", (pct(6),)))
    counts = _solve.solve(parts, 104)
    assert counts == {"Yes": 36, "No": 62, "DK": 6}
    assert _solve.misses(parts, counts, 104) == []


def test_solver_honours_groups_and_counts() -> None:
    parts = (
        Part("positive", (pct(10),), (Part("a", (near(2),)), Part("b", (near(8),)))),
        Part("neither", (phrase("just over four in ten"),)),
        Part("none", (count(0),)),
        Part("rest", (near(50),)),
    )
    counts = _solve.solve(parts, 105)
    assert sum(counts.values()) == 105
    assert counts["none"] == 0
    assert tt.rounding.percentage_units([counts["a"] + counts["b"]], 105)[0] == 10
    assert 0.40 < counts["neither"] / 105 <= 0.43


def test_solver_takes_the_nearest_counts_when_the_print_is_impossible() -> None:
    # Graph 16 (n=26): "70%" of 26 is 18.2; 18 prints 69%, 19 prints 73%.
    parts = (Part("existing", (pct(70),)), Part("new", (near(30),)))
    counts = _solve.solve(parts, 26)
    assert counts["existing"] == 18
    (miss,) = _solve.misses(parts, counts, 26)
    assert (miss.part, miss.count, miss.percent) == ("existing", 18, 69)
    assert miss.fig.why(26) == "no count of 26 gives 70% (18 = 69%, 19 = 73%)"


def test_solver_spreads_an_impossible_sum_thinly() -> None:
    # Graph 11 (n=104): five printed shares summing to 106%.
    parts = tuple(Part(str(i), (pct(p),)) for i, p in enumerate((12, 40, 24, 15, 15)))
    counts = _solve.solve(parts, 104)
    printed = (12, 40, 24, 15, 15)
    got = tt.rounding.percentage_units([counts[str(i)] for i in range(5)], 104)
    assert sum(counts.values()) == 104
    assert max(abs(int(g) - p) for g, p in zip(got, printed, strict=True)) <= 2


def test_solve_one_meets_a_lower_bound_before_a_phrase() -> None:
    assert _solve.solve_one((phrase("a fifth"), at_least(8)), 34) == 8
    assert _solve.solve_one((pct(15),), 34) == 5


@pytest.mark.parametrize("base", [19, 24, 25, 26, 89, 104, 151])
def test_every_feasible_percentage_is_solved_exactly(base: int) -> None:
    rng = np.random.default_rng(base)
    for _ in range(5):
        c = int(rng.integers(0, base + 1))
        printed = int(tt.rounding.percentage_units([c], base)[0])
        parts = (Part("x", (pct(printed),)), Part("rest", (near(50),)))
        counts = _solve.solve(parts, base)
        assert int(tt.rounding.percentage_units([counts["x"]], base)[0]) == printed

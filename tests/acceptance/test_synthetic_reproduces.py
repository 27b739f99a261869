"""The synthetic trackTR 2015 data reproduce the 2016 report's published figures.

Every figure below is tabulated twice: with tracktr (``tt.tabulate``, ``tt.grid``,
``tt.crosstab``) and independently with plain pandas, and compared with the value printed
in *Change & challenge* (Clinks, NCVO and TSRC, May 2016). Tolerance: none; counts and
bases are exact, percentages are compared after half-up rounding to whole percent.
"""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt
from tracktr.missing import NOT_ASKED, SKIPPED

SURVEY = tt.surveys.tracktr_2015()
CRC = "Funded by a CRC"
MARKERS = [SKIPPED, NOT_ASKED]

# Table 1 / Who are your clients/service users/beneficiaries? (n=151): item, main n, also n.
TABLE_1 = {
    "offenders": (89, 38),
    "women": (82, 69),
    "men": (86, 37),
    "children": (20, 21),
    "young_people": (33, 28),
    "young_adults": (55, 57),
    "older_people": (23, 47),
    "offenders_families": (24, 42),
    "carers": (25, 36),
    "care_leavers": (12, 37),
    "bame": (24, 71),
    "lgbt": (10, 51),
    "mental_health": (47, 65),
    "addiction": (50, 60),
    "homeless": (46, 45),
    "financial_need": (35, 49),
    "learning_difficulties": (21, 58),
    "disabilities": (19, 55),
    "asylum_seekers": (11, 28),
    "faith_communities": (10, 30),
    "voluntary_organisations": (25, 23),
    "victims": (13, 31),
}

# Table 3 / income: respondents as a whole (n=151) and CRC-funded respondents (n=34).
INCOME = [
    "Under £100,000",
    "£100,000 - £250,000",
    "£250,000 - £500,000",
    "£500,000 - £1m",
    "£1m - £5m",
    "£5m - £10m",
    "Over £10m",
]
TABLE_3_ALL = [35, 19, 20, 26, 31, 8, 12]
TABLE_3_CRC = [2, 3, 6, 4, 7, 4, 8]

# Table 2 (percent): improved, no change, worsened, don't know.
TABLE_2 = {
    "offenders": (9, 13, 49, 28),
    "men": (10, 20, 40, 29),
    "women": (12, 21, 31, 36),
    "children": (5, 11, 5, 78),
    "young_people": (4, 11, 5, 80),
    "young_adults": (9, 18, 21, 53),
    "older_people": (4, 21, 17, 59),
    "carers": (4, 10, 11, 76),
    "care_leavers": (3, 10, 11, 77),
    "bame": (5, 10, 26, 59),
    "lgbt": (4, 12, 9, 75),
    "mental_health": (6, 11, 30, 50),
    "addiction": (8, 19, 33, 39),
    "homeless": (7, 16, 36, 42),
    "financial_need": (8, 16, 28, 49),
    "learning_difficulties": (5, 14, 16, 65),
    "disabilities": (4, 10, 14, 71),
    "asylum_seekers": (4, 9, 15, 72),
    "faith_communities": (3, 12, 8, 78),
    "victims": (4, 12, 7, 77),
}
# The printed mental health row sums to 97%: no counts give it (a documented departure).
TABLE_2_IMPOSSIBLE = {"mental_health"}

# The n= printed under each graph: question (or grid item column), base.
GRAPH_BASES = [
    ("Graph 1", "main_funding", 135),
    ("Graph 2", "income", 151),
    ("Graph 3", "staff", 151),
    ("Graph 4", "footprint", 151),
    ("Graph 7", "setting", 151),
    ("Graph 9", "services_changed", 104),
    ("Graph 10", "service_user_impact", 105),
    ("Graph 11", "statutory_partnerships", 104),
    ("Graph 12", "voluntary_partnerships", 102),
    ("Graph 13", "relationships", 102),
    ("Graph 14", "crc_role", 25),
    ("Graph 15", "crc_service_users", 25),
    ("Graph 16", "crc_service_new", 26),
    ("Graph 17", "crc_subsidise", 24),
    ("Graph 19", "crc_retendering_transparency", 19),
    ("Graph 20", "crc_ispa", 26),
    ("Graph 22", "outside_role", 89),
    ("Graph 23", "outside_service_users", 89),
    ("Graph 26", "outside_should_be_funded", 87),
    ("Graph 30", "overall_funding_impact", 105),
    ("Graph 31", "other_funding_access", 106),
]

# Percentages the text quotes (question, options summed, printed %), each reproduced.
TEXT_PERCENTAGES = [
    ("s2.1 the majority (56%) work in both", "setting", ["In both prison and the community"], 56),
    ("s2.1 30% fall between £250,000-£1m", "income", INCOME[2:4], 30),
    ("s2.2 just over a third (35%)", "services_changed", ["Yes"], 35),
    ("s2.2 almost three-fifths (60%)", "services_changed", ["No"], 60),
    ("s2.2 a small minority of 6%", "services_changed", ["Don't know"], 6),
    (
        "s2.2 10% positive or very positive",
        "service_user_impact",
        ["Very positive", "Positive"],
        10,
    ),
    (
        "s2.2 35% negative or very negative",
        "service_user_impact",
        ["Negative", "Very negative"],
        35,
    ),
    ("s2.3 44% no change (voluntary)", "voluntary_partnerships", ["Stayed the same"], 44),
    ("s2.3 23% worsened a little", "voluntary_partnerships", ["Worsened a little"], 23),
    ("s2.3 8% worsened a lot", "voluntary_partnerships", ["Worsened a lot"], 8),
    ("s2.4 40% tier 2", "crc_role", ["Tier 2 provider"], 40),
    ("s2.4 24% between 100 and 250", "crc_service_users", ["101 - 250"], 24),
    ("s2.4 24% less than 100", "crc_service_users", ["Fewer than 10", "10 - 50", "51 - 100"], 24),
    ("s2.4 29% unsustainable (CRC)", "crc_terms_sustainable", ["No"], 29),
    ("s2.4 29% don't know (CRC)", "crc_terms_sustainable", ["Don't know"], 29),
    (
        "s2.6 64% less than 250",
        "outside_service_users",
        ["Fewer than 10", "10 - 50", "51 - 100", "101 - 250"],
        64,
    ),
    ("s2.7 17% sustainable (outside)", "outside_funding_sustainable", ["Yes"], 17),
    ("s2.7 58% unsustainable (outside)", "outside_funding_sustainable", ["No"], 58),
    ("s2.7 48% no impact", "overall_funding_impact", ["No impact"], 48),
    ("s2.7 28% decrease", "overall_funding_impact", ["Decreased a little", "Decreased a lot"], 28),
    ("s2.7 16% decreased a lot", "overall_funding_impact", ["Decreased a lot"], 16),
    ("s2.7 5% increased a lot", "overall_funding_impact", ["Increased a lot"], 5),
    ("s2.7 19% don't know", "other_funding_access", ["Don't know"], 19),
    ("s2.7 3% positively", "other_funding_access", ["Very positively", "Positively"], 3),
    ("s2.7 32% negatively", "other_funding_access", ["Negatively", "Very negatively"], 32),
]


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return tt.datasets.tracktr_2015()


def answered(series: pd.Series) -> pd.Series:
    """Plain pandas: cells holding an answer (not a missing marker)."""
    return ~series.astype(object).isin(MARKERS)


def percent(count: int, base: int) -> int:
    return int(tt.rounding.percentage_units([count], base)[0])


# -- Table 1 -------------------------------------------------------------------------------


def test_table_1_counts_with_tracktr(df: pd.DataFrame) -> None:
    table = tt.tabulate(df, "beneficiaries", survey=SURVEY)
    labels = {i.id: i.label for i in SURVEY.question("beneficiaries").items}
    for item, (main, also) in TABLE_1.items():
        row = table.counts.loc[labels[item]]
        assert (int(row["Main beneficiary"]), int(row["Also a beneficiary"])) == (main, also)
        assert int(table.bases[labels[item]]) == 151


def test_table_1_counts_with_plain_pandas(df: pd.DataFrame) -> None:
    for item, (main, also) in TABLE_1.items():
        counts = df[f"beneficiaries_{item}"].astype(object).value_counts()
        assert (counts.get("Main beneficiary", 0), counts.get("Also a beneficiary", 0)) == (
            main,
            also,
        )


def test_table_1_agrees_with_tracktr_reference(df: pd.DataFrame) -> None:
    published = tt.reference.table("table_1").counts
    table = tt.tabulate(df, "beneficiaries", survey=SURVEY)
    ours = table.counts[["Main beneficiary", "Also a beneficiary"]].to_numpy()
    assert (ours == published.to_numpy()).all()


# -- Table 3 -------------------------------------------------------------------------------


def test_table_3_with_tracktr(df: pd.DataFrame) -> None:
    whole = tt.frequencies(df, "income", survey=SURVEY)
    assert whole.counts["All"].tolist() == TABLE_3_ALL
    assert int(whole.bases["All"]) == 151
    assert whole.percentages()["All"].tolist() == [23, 13, 13, 17, 21, 5, 8]
    by_funding = tt.crosstab(df, "income", "main_funding", survey=SURVEY)
    assert by_funding.counts[CRC].tolist() == TABLE_3_CRC
    assert int(by_funding.bases[CRC]) == 34
    assert by_funding.percentages()[CRC].tolist() == [6, 9, 18, 12, 21, 12, 24]


def test_table_3_with_plain_pandas(df: pd.DataFrame) -> None:
    income = df["income"].astype(object)
    assert income.value_counts().reindex(INCOME).tolist() == TABLE_3_ALL
    crosstab = pd.crosstab(income, df["main_funding"].astype(object))
    assert crosstab[CRC].reindex(INCOME).tolist() == TABLE_3_CRC
    assert int(crosstab[CRC].sum()) == 34


def test_table_3_agrees_with_tracktr_reference(df: pd.DataFrame) -> None:
    published = tt.reference.table("table_3").counts
    assert published.iloc[:, 0].tolist() == TABLE_3_ALL
    assert published.iloc[:, 1].tolist() == TABLE_3_CRC


# -- graph bases ---------------------------------------------------------------------------


@pytest.mark.parametrize(("graph", "question", "n"), GRAPH_BASES, ids=[g for g, *_ in GRAPH_BASES])
def test_graph_base_with_tracktr(df: pd.DataFrame, graph: str, question: str, n: int) -> None:
    table = tt.tabulate(df, question, survey=SURVEY)
    assert set(table.bases.astype(int)) == {n}, graph


@pytest.mark.parametrize(("graph", "question", "n"), GRAPH_BASES, ids=[g for g, *_ in GRAPH_BASES])
def test_graph_base_with_plain_pandas(df: pd.DataFrame, graph: str, question: str, n: int) -> None:
    columns = SURVEY.question(question).columns  # the column names only
    for column in columns:
        assert int(answered(df[column]).sum()) == n, (graph, column)


def test_graph_bases_agree_with_tracktr_reference(df: pd.DataFrame) -> None:
    figures = tt.reference.figures()
    bases = figures[(figures["kind"] == "base") & figures["value"].notna()]
    checked = 0
    for row in bases.itertuples():
        if row.question not in {q.id for q in SURVEY.questions}:
            continue
        table = tt.tabulate(df, row.question, survey=SURVEY)
        assert set(table.bases.astype(int)) == {int(row.value)}, row.figure
        checked += 1
    assert checked >= 20


# -- Table 2 and the text --------------------------------------------------------------------


def test_table_2_percentages_at_plausible_bases(df: pd.DataFrame) -> None:
    table = tt.grid(df, "group_impact", survey=SURVEY, average=True)
    shown = table.percentages()
    labels = {i.id: i.label for i in SURVEY.question("group_impact").items}
    for item, printed in TABLE_2.items():
        base = int(table.bases[labels[item]])
        assert 90 <= base <= 105
        got = tuple(int(v) for v in shown.loc[labels[item]])
        if item in TABLE_2_IMPOSSIBLE:
            assert sum(got) >= 99
            assert sum(abs(g - p) for g, p in zip(got, printed, strict=True)) == 2
        else:
            assert got == printed, item
    # The AVERAGE row: the mean of the item percentages, as printed.
    assert tuple(int(v) for v in shown.loc["AVERAGE"]) == (6, 14, 21, 60)


def test_table_2_with_plain_pandas(df: pd.DataFrame) -> None:
    scale = ["Improved", "No change", "Worsened", "Don't know"]
    for item, printed in TABLE_2.items():
        cells = df[f"group_impact_{item}"].astype(object)
        cells = cells[answered(cells)]
        counts = cells.value_counts().reindex(scale, fill_value=0)
        got = tuple(percent(int(c), len(cells)) for c in counts)
        assert (got == printed) != (item in TABLE_2_IMPOSSIBLE), item


@pytest.mark.parametrize(
    ("claim", "question", "options", "printed"),
    TEXT_PERCENTAGES,
    ids=[c for c, *_ in TEXT_PERCENTAGES],
)
def test_text_percentages(
    df: pd.DataFrame, claim: str, question: str, options: list[str], printed: int
) -> None:
    table = tt.tabulate(df, question, survey=SURVEY)
    count = int(table.counts.loc[options, "All"].sum())
    assert percent(count, int(table.bases["All"])) == printed, claim
    cells = df[question].astype(object)
    assert percent(int(cells.isin(options).sum()), int(answered(cells).sum())) == printed


def test_crc_income_shares_quoted_in_the_text(df: pd.DataFrame) -> None:
    # Section 2.4: "those with an income of £100,000 or less made up only 6%";
    # "of the voluntary organisations funded by CRCs, 56% had an income of over £1 million".
    crc = df[df["main_funding"] == CRC]["income"].astype(object)
    assert percent(int((crc == "Under £100,000").sum()), len(crc)) == 6
    assert percent(int(crc.isin(INCOME[4:]).sum()), len(crc)) == 56


def test_outside_subsidy_fifty_eight_organisations(df: pd.DataFrame) -> None:
    # Section 2.6: "In total, 58 organisations (67%) have had to subsidise their service
    # delivery with either reserves or other sources."
    reserves = df["outside_subsidise_reserves"].astype(object)
    other = df["outside_subsidise_other_sources"].astype(object)
    base = int(answered(reserves).sum())
    either = int(((reserves == "Yes") | (other == "Yes")).sum())
    assert (either, percent(either, base)) == (58, 67)


def test_national_organisations_in_few_regions(df: pd.DataFrame) -> None:
    # Section 2.1: "15 of the 42 organisations indicating a 'national' footprint ... say
    # they only actually work in one, two or three regions".
    regions = [c for c in df.columns if c.startswith("delivery_regions_")]
    national = df[df["footprint"] == "National"]
    assert len(national) == 42
    assert int((national[regions].astype(int).sum(axis=1) <= 3).sum()) == 15


def test_every_departure_is_a_printed_figure_the_checker_would_flag() -> None:
    departures = tt.datasets.tracktr_2015_departures()
    assert len(departures) >= 20
    assert set(departures["question"]) <= {q.id for q in SURVEY.questions}
    impossible = departures[departures["note"].str.startswith("no count of")]
    for row in impossible.itertuples():
        if row.printed.endswith("%") and row.printed[:-1].isdigit():
            result = tt.check.percent(int(row.printed[:-1]), int(row.base))
            assert not result.possible_under("half_up"), row.claim

"""tt.check on a report that is not trackTR: a short report of questionr's hdv2003 data.

An umbrella body that is not the trackTR partnership writes the figures file of its own
report, here a small report of the INSEE *Histoire de vie* 2003 sample shipped by the R
package questionr (tests/data/hdv2003.csv, GPL >= 2; 2,000 respondents, weight `poids`).
The report prints:

- Table 1, respondents by sex: counts and whole percentages;
- Table 2, religion: counts and percentages to one decimal, half-up, which total 100.1 ("totals
  may not add to 100 because of rounding");
- Table 3, practises a sport by sex: column percentages with the column bases, no counts;
- in the text: a count with its percentage restating Table 3, a ratio of two of its cells, a
  verbal share ("two in five"), a percentage restating Table 2, a weighted percentage and a
  mean age.

Each printed figure is first compared with the microdata (pandas, and R's output on the same
file), then the file is checked: every true figure passes, every wrong one is found.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracktr as tt
from tracktr.rounding import percentage_units

DATA = Path(__file__).parent / "data" / "hdv2003.csv"

REPORT = """\
id,kind,source,question,option,group,table,row,column,value,decimals,count,base,rule,phrase,qualifier,complete,axis,restates,numerator,denominator,claim,note
t1,table,Table 1,sexe,,all,,,,,,,2000,,,,yes,columns,,,,Table 1. Respondents by sex (n=2000),
,cell,Table 1,sexe,Homme,all,t1,Homme,All (n=2000),45,,899,2000,,,,,,,,,Homme 899 45%,
,cell,Table 1,sexe,Femme,all,t1,Femme,All (n=2000),55,,1101,2000,,,,,,,,,Femme 1101 55%,
t2,table,Table 2,relig,,all,,,,,1,,2000,,,,yes,columns,,,,Table 2. Religion (n=2000),totals may not add to 100 because of rounding
,cell,Table 2,relig,Pratiquant regulier,all,t2,Pratiquant regulier,All (n=2000),13.3,,266,2000,,,,,,,,,,
,cell,Table 2,relig,Pratiquant occasionnel,all,t2,Pratiquant occasionnel,All (n=2000),22.1,,442,2000,,,,,,,,,,
,cell,Table 2,relig,Appartenance sans pratique,all,t2,Appartenance sans pratique,All (n=2000),38.0,,760,2000,,,,,,,,,,
,cell,Table 2,relig,Ni croyance ni appartenance,all,t2,Ni croyance ni appartenance,All (n=2000),20.0,,399,2000,,,,,,,,,,
,cell,Table 2,relig,Rejet,all,t2,Rejet,All (n=2000),4.7,,93,2000,,,,,,,,,,
,cell,Table 2,relig,NSP ou NVPR,all,t2,NSP ou NVPR,All (n=2000),2.0,,40,2000,,,,,,,,,,
t3,table,Table 3,sport,,,,,,,,,,,,,yes,columns,,,,"Table 3. Practises a sport, by sex (column %)",
,cell,Table 3,sport,Oui,Homme,t3,Oui,Homme (n=899),41,,,899,,,,,,,,,,
,cell,Table 3,sport,Non,Homme,t3,Non,Homme (n=899),59,,,899,,,,,,,,,,
,cell,Table 3,sport,Oui,Femme,t3,Oui,Femme (n=1101),32,,,1101,,,,,,,,,,
,cell,Table 3,sport,Non,Femme,t3,Non,Femme (n=1101),68,,,1101,,,,,,,,,,
men_sport,count,text,sport,Oui,Homme,,,,41,,369,899,,,,,,t3[Homme (n=899)]: Oui,,,369 men (41%) practise a sport.,
men_ratio,ratio,text,sport,Oui,,,,,1.3,,,,,,about,,,,t3[Homme (n=899)]: Oui,t3[Femme (n=1101)]: Oui,Men are about 1.3 times as likely as women to practise a sport.,
cinema,share,text,cinema,Oui,all,,,,,,826,2000,,two in five,,,,,,,Two in five went to the cinema in the last twelve months.,
no_belief,percent,text,relig,Ni croyance ni appartenance,all,,,,20.0,,,2000,,one in five,,,,t2[All (n=2000)]: Ni croyance ni appartenance,,,One in five (20.0%) has neither belief nor affiliation.,
sport_weighted,percent,text,sport,Oui,all,,,,39,,,,,,,,,,,,39% of adults practise a sport.,weighted by poids; weighted base 11071226
mean_age,amount,text,age,,all,,,,48.2,,,,,,,,,,,,The mean age is 48.2 years.,
"""  # noqa: E501  (rows of a figures file, as a spreadsheet saves them)

_SEVERE = ("impossible", "inconsistent", "doubtful")


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(DATA)


def _figures() -> pd.DataFrame:
    """The report's figures file, as a spreadsheet saved as CSV reads: text cells."""
    return pd.read_csv(io.StringIO(REPORT), dtype=object, keep_default_na=False)


def _cell(frame: pd.DataFrame, table: str, row: str, column: str) -> pd.Series:
    return (
        (frame["kind"] == "cell")
        & (frame["table"] == table)
        & (frame["row"] == row)
        & (frame["column"] == column)
    )


def _printed(frame: pd.DataFrame, table: str, column: str) -> dict[str, str]:
    cells = frame[(frame["kind"] == "cell") & (frame["table"] == table)]
    return dict(zip(cells["row"], cells.loc[cells["column"] == column, "value"], strict=True))


# -- the printed figures are the microdata's ----------------------------------------------


def test_the_report_prints_the_microdata_figures(data: pd.DataFrame) -> None:
    # Known values: R 4.2.2 on tests/data/hdv2003.csv (read.csv, na.strings = ""):
    # table(d$sexe): Femme 1101, Homme 899; 100 * prop.table(table(d$relig)): 38.00 19.95
    # 2.00 22.10 13.30 4.65; prop.table(table(d$sport, d$sexe), 2): Oui 41.046 (Homme)
    # 32.153 (Femme); 100 * prop.table(xtabs(poids ~ sport, d)): Oui 39.3494;
    # mean(d$age) 48.157; table(d$cinema): Oui 826. Tolerance: exact counts; shares to the
    # digits R printed.
    figures = _figures()
    sexe = data["sexe"].value_counts()
    assert sexe.to_dict() == {"Femme": 1101, "Homme": 899}
    t1 = tt.frequencies(data, "sexe")
    printed = tt.percentages(t1.counts["All"].to_numpy(), rule="half_up")
    assert dict(zip(t1.counts.index, printed, strict=True)) == {"Femme": 55, "Homme": 45}
    assert _printed(figures, "t1", "All (n=2000)") == {"Homme": "45", "Femme": "55"}

    relig = data["relig"].value_counts()
    assert (100 * relig / relig.sum()).round(2).to_dict()["Rejet"] == pytest.approx(4.65)
    t2 = tt.frequencies(data, "relig")
    half_up = t2.percentages(rule="half_up", decimals=1)["All"]
    shown = {row: f"{value:.1f}" for row, value in half_up.items()}
    assert shown == _printed(figures, "t2", "All (n=2000)")
    # The printed percentages total 100.1; half-even rounding would print Rejet as 4.6.
    assert sum(Decimal(v) for v in shown.values()) == Decimal("100.1")
    assert t2.percentages(rule="half_even", decimals=1)["All"]["Rejet"] == pytest.approx(4.6)

    counts = pd.crosstab(data["sport"], data["sexe"])
    assert counts.to_dict() == {
        "Femme": {"Non": 747, "Oui": 354},
        "Homme": {"Non": 530, "Oui": 369},
    }
    column = tt.crosstab(data, "sport", "sexe").percentages(rule="half_up")
    assert column["Homme"].to_dict() == {"Non": 59, "Oui": 41}
    assert column["Femme"].to_dict() == {"Non": 68, "Oui": 32}
    men = figures.set_index("id").loc["men_sport"]
    assert (men["count"], men["base"]) == (str(counts.loc["Oui", "Homme"]), "899")

    weighted = tt.frequencies(data, "sport", weights="poids").percentages(rule="half_up")
    assert weighted.loc["Oui", "All"] == 39  # 39.3494% weighted; 36.15% unweighted
    share = data.loc[data["sport"] == "Oui", "poids"].sum() / data["poids"].sum()
    assert 100 * share == pytest.approx(39.3494, abs=5e-5)

    mean = Decimal(int(data["age"].sum())) / len(data)  # ages are whole years: exact
    assert mean == Decimal("48.157")
    assert str(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) == "48.2"
    assert (data["cinema"] == "Oui").sum() == 826  # 41.3%: "two in five" (38-42%)


# -- every true figure passes ---------------------------------------------------------------


def test_every_true_figure_passes() -> None:
    # Before this test the checker had only been run on trackTR's own figures.
    found = tt.check.report(_figures(), include_consistent=True)
    verdicts = {(f.figure, f.check): f.verdict for f in found}
    assert [f for f in found if f.verdict in _SEVERE] == []
    assert verdicts[("t1", "table")] == "consistent"
    assert verdicts[("t2", "table")] == "consistent"  # 100.1 in total: rounding explains it
    assert verdicts[("t3", "table")] == "consistent"
    assert verdicts[("men_sport", "percent")] == "consistent"
    assert verdicts[("cinema", "share")] == "consistent"
    assert verdicts[("no_belief", "restates")] == "consistent"
    # A weighted percentage and a mean are not shares of whole respondents: unchecked.
    assert verdicts[("sport_weighted", "percent")] == "unchecked"
    assert verdicts[("mean_age", "amount")] == "unchecked"
    t2 = next(f for f in found if f.figure == "t2")
    assert "All (n=2000) 100.1" in t2.explanation


def test_a_ratio_of_two_cells_is_read_with_their_bases() -> None:
    # Before: "'about 1.3 times': (Table 3 prints 41%) / (Table 3 prints 32%) = 1.25-1.32;
    # holds only for some counts" (doubtful): the cells were read as 40.5-41.5% and
    # 31.5-32.5%, whatever their bases. 41% of 899 is 365 to 373 (40.6-41.5%), 32% of 1101
    # is 347 to 357 (31.5-32.4%): every such ratio is 1.252 to 1.316, "about 1.3".
    (ratio,) = [
        f for f in tt.check.report(_figures(), include_consistent=True) if f.figure == "men_ratio"
    ]
    assert ratio.verdict == "consistent"
    assert "41% of 899" in ratio.explanation
    assert "32% of 1101" in ratio.explanation


def test_a_count_restating_a_cell_is_checked_against_its_percentage() -> None:
    # Before: "Restates t3, which prints no counts." (unchecked), though Table 3 prints 41%
    # of 899 (365 to 373 men).
    frame = _figures()
    found = tt.check.report(frame, include_consistent=True)
    (restated,) = [f for f in found if (f.figure, f.check) == ("men_sport", "restates")]
    assert restated.verdict == "consistent"
    assert "365 to 373" in restated.explanation
    frame.loc[frame["id"] == "men_sport", ["count", "value"]] = ["390", "43"]
    found = tt.check.report(frame)
    (wrong,) = [f for f in found if f.figure == "men_sport"]
    assert wrong.verdict == "inconsistent"
    assert "390 here" in wrong.explanation
    assert "41% of 899" in wrong.explanation


@given(
    base=st.integers(min_value=1, max_value=5000),
    share=st.fractions(0, 1),
    decimals=st.integers(0, 1),
)
def test_a_true_count_restating_a_cell_with_a_base_passes(
    base: int, share: Fraction, decimals: int
) -> None:
    # Before: "Restates t, which prints no counts." (unchecked), whatever the count.
    count = int(share * base)
    units = int(percentage_units([count], base, decimals=decimals)[0])
    value = f"{units // 10**decimals}.{units % 10**decimals}" if decimals else str(units)
    frame = pd.DataFrame(
        [
            {"id": "t", "kind": "table", "axis": "columns", "decimals": str(decimals)},
            {"kind": "cell", "table": "t", "row": "Yes", "column": "All", "value": value,
             "base": str(base)},
            {"id": "c", "kind": "count", "count": str(count), "base": str(base),
             "restates": "t[All]: Yes"},
        ]
    ).fillna("")  # fmt: skip
    found = tt.check.report(frame, include_consistent=True)
    (restated,) = [f for f in found if (f.figure, f.check) == ("c", "restates")]
    assert restated.verdict == "consistent", restated.explanation
    assert [f for f in found if f.verdict in _SEVERE] == []


# -- every wrong figure is found ------------------------------------------------------------


def _set(
    table: str, row: str, column: str, field: str, value: str
) -> Callable[[pd.DataFrame], None]:
    def edit(frame: pd.DataFrame) -> None:
        frame.loc[_cell(frame, table, row, column), field] = value

    return edit


def _set_id(ident: str, field: str, value: str) -> Callable[[pd.DataFrame], None]:
    def edit(frame: pd.DataFrame) -> None:
        frame.loc[frame["id"] == ident, field] = value

    return edit


def _transposed(frame: pd.DataFrame) -> None:
    # Row percentages printed under the column bases: 369 of 723 men among those who
    # practise a sport (51%), 530 of 1277 (42%); 354 of 723 (49%), 747 of 1277 (58%).
    for (row, column), value in {
        ("Oui", "Homme (n=899)"): "51",
        ("Non", "Homme (n=899)"): "42",
        ("Oui", "Femme (n=1101)"): "49",
        ("Non", "Femme (n=1101)"): "58",
    }.items():
        frame.loc[_cell(frame, "t3", row, column), "value"] = value


def _other_base(frame: pd.DataFrame) -> None:
    # Table 3's men printed with the women's base, n=1101, as its header says.
    frame.loc[(frame["table"] == "t3") & frame["column"].str.startswith("Homme"), "base"] = "1101"


WRONG = [
    pytest.param(
        _set("t1", "Homme", "All (n=2000)", "value", "46"),
        "t1",
        "inconsistent",
        ["Homme / All (n=2000): printed 46, 899 of 2000 gives 45"],
        id="off-by-one-percent-with-its-count",
    ),
    pytest.param(
        _set("t1", "Homme", "All (n=2000)", "count", "900"),
        "t1",
        "inconsistent",
        ["sum to 2001, not n=2000"],
        id="off-by-one-count",
    ),
    pytest.param(
        _set("t3", "Oui", "Homme (n=899)", "value", "42"),
        "t3_homme_n_899",
        "impossible",
        ["42, 59 (sum 101) of 899", "at least 900 respondents"],
        id="off-by-one-percent-without-counts",
    ),
    pytest.param(
        _set_id("men_sport", "value", "18"),
        "men_sport",
        "inconsistent",
        ["369 of 899 prints as 41% (half-up), not 18%"],
        id="wrong-base-369-of-2000",
    ),
    pytest.param(
        _set("t2", "Rejet", "All (n=2000)", "value", "4.6"),
        "t2",
        "inconsistent",
        ["Rejet / All (n=2000): printed 4.6, 93 of 2000 gives 4.7", "half_even"],
        id="rounded-half-even",
    ),
    pytest.param(
        _transposed,
        "t3_homme_n_899",
        "impossible",
        ["51, 42 (sum 93) of 899"],
        id="transposed-table",
    ),
    pytest.param(
        _set_id("cinema", "phrase", "one in three"),
        "cinema",
        "inconsistent",
        ["'one in three' covers 31.3%-35.3%, but 826 of 2000 is 41.3%"],
        id="wrong-phrase",
    ),
    pytest.param(
        _set_id("men_ratio", "value", "1.1"),
        "men_ratio",
        "inconsistent",
        ["'about 1.1 times'", "outside what the claim covers (1.05-1.15)"],
        id="wrong-ratio",
    ),
    pytest.param(
        _set_id("no_belief", "value", "19.9"),
        "no_belief",
        "inconsistent",
        ["The text prints 19.9%, but Table 2: 399 of 2000 (19.95%), which prints as 20.0%."],
        id="restated-rounded-down",
    ),
    pytest.param(
        _other_base,
        "men_sport",
        "inconsistent",  # two printed bases of one share contradict each other
        ["base of 899", "Table 3", "1101"],
        id="table-printed-with-another-base",
    ),
    pytest.param(
        _set_id("no_belief", "base", "1999"),
        "no_belief",
        "inconsistent",
        ["base of 1999", "Table 2", "is of 2000"],
        id="text-printed-with-another-base",
    ),
]


@pytest.mark.parametrize(("edit", "figure", "verdict", "words"), WRONG)
def test_every_wrong_figure_is_found(
    edit: Callable[[pd.DataFrame], None], figure: str, verdict: str, words: list[str]
) -> None:
    # Before: the two last (a text and the table cells it restates printed with different
    # bases) were not found, and 399 of 2000 (19.95%) was shown as "(19.9%), which prints
    # as 20%" beside a text printing 19.9%. The others were found already, but beside a
    # "doubtful" on the true ratio (see test_a_ratio_of_two_cells_is_read_with_their_bases).
    frame = _figures()
    before = frame.copy()
    edit(frame)
    assert not frame.equals(before)
    found = tt.check.report(frame)
    matching = [f for f in found if f.figure == figure and f.verdict == verdict]
    assert matching, [(f.figure, f.verdict, f.explanation) for f in found]
    assert any(all(w in f.explanation for w in words) for f in matching), [
        f.explanation for f in matching
    ]
    # Nothing else is found: a mistake in Table 3 also reaches the text restating it.
    table_3 = {"t3", "t3_homme_n_899", "t3_femme_n_1101", "men_ratio", "men_sport"}
    assert {f.figure for f in found} <= {figure} | (table_3 if figure in table_3 else set())


@pytest.mark.xfail(
    strict=True,
    reason="a weighted percentage has no whole-number base: the figures file cannot say "
    "that 36% is the unweighted share, and tt.check does not read the microdata",
)
def test_an_unweighted_percentage_printed_as_weighted_is_found() -> None:
    frame = _figures()
    _set_id("sport_weighted", "value", "36")(frame)  # 36.15% unweighted; 39.35% weighted
    found = tt.check.report(frame)
    assert [f.figure for f in found] == ["sport_weighted"]


@pytest.mark.xfail(
    strict=True,
    reason="a mean is an `amount`, not checked: tt.check does not read the microdata",
)
def test_a_weighted_mean_printed_as_the_mean_is_found() -> None:
    frame = _figures()
    _set_id("mean_age", "value", "46.3")(frame)  # weighted.mean(d$age, d$poids) = 46.347
    found = tt.check.report(frame)
    assert [f.figure for f in found] == ["mean_age"]

"""MR x MR, ticks per respondent, row/total/cumulative percentages, against pandas.

Data: expss's ``product_test`` (category-coded slots a1_*, b1_*), see tests/data/README.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

DATA = Path(__file__).parent / "data"
CODES = {1: "Liked everything", 2: "Disliked everything", 3: "Chocolate", 4: "Appearance",
         5: "Taste", 6: "Stuffing", 7: "Nuts", 8: "Consistency", 98: "Other",
         99: "Hard to answer"}  # fmt: skip


@pytest.fixture(scope="module")
def product() -> pd.DataFrame:
    raw = pd.read_csv(DATA / "product_test.csv")
    parts = [raw]
    for prefix in ("a1", "b1"):
        slots = [f"{prefix}_{i}" for i in range(1, 7)]
        names = {label: f"{prefix}_c{code}" for code, label in CODES.items()}
        parts.append(tt.recode.from_slots(raw, slots, codes=CODES, names=names))
    frame = pd.concat(parts, axis=1)
    frame["w"] = 1 + (frame["id"] % 4) / 4
    return frame


def _set(prefix: str) -> list[str]:
    return [f"{prefix}_c{code}" for code in CODES]


def test_multi_by_multi_matches_pandas(product: pd.DataFrame) -> None:
    table = tt.multi_crosstab(
        product, "a1", "b1",
        row_columns=_set("a1"), row_options=list(CODES.values()),
        column_columns=_set("b1"), column_options=list(CODES.values()),
        weights="w",
    )  # fmt: skip
    a = product[_set("a1")].fillna(0).to_numpy(bool)
    b = product[_set("b1")].fillna(0).to_numpy(bool)
    answered = a.any(axis=1)
    w = product["w"].to_numpy()
    for j, column in enumerate(CODES.values()):
        rows = answered & b[:, j]
        expected = (a[rows] * w[rows, None]).sum(axis=0)
        np.testing.assert_allclose(table.counts[column].to_numpy(), expected, rtol=1e-12)
        assert table.bases[column] == pytest.approx(w[rows].sum())
        assert table.unweighted_bases[column] == rows.sum()
    assert table.unweighted_bases["All"] == answered.sum()
    assert not table.partition


def test_multi_crosstab_with_a_codebook() -> None:
    survey = tt.surveys.tracktr_2015()
    data = tt.datasets.tracktr_2015()
    table = tt.multi_crosstab(data, "specialism", "delivery_regions", survey=survey)
    assert list(table.counts.index) == list(survey.spec("specialism").options)
    assert table.counts.columns[-1] == "All"
    with pytest.raises(tt.InvalidOptionError, match="'income' is an ordinal question"):
        tt.multi_crosstab(data, "income", "delivery_regions", survey=survey)


def test_tick_counts_match_pandas(product: pd.DataFrame) -> None:
    table = tt.tick_counts(product, "a1", columns=_set("a1"), by="cell")
    number = product[_set("a1")].fillna(0).sum(axis=1)
    for cell in (1, 2):
        expected = number[(product["cell"] == cell) & (number > 0)].value_counts()
        got = table.counts[cell]
        assert got[got > 0].to_dict() == expected.sort_index().to_dict()


def test_row_and_total_percentages_of_multi_by_group(product: pd.DataFrame) -> None:
    table = tt.multi_response(product, "a1", columns=_set("a1"), by="cell")
    rows = tt.row_percentages(table)
    ticks = product[_set("a1")].fillna(0)
    by_cell = ticks.groupby(product["cell"]).sum().T
    share = by_cell.div(by_cell.sum(axis=1), axis=0)
    nuts = rows.percentages().loc["a1_c7"]
    assert nuts[1] == round(100 * share.loc["a1_c7", 1])
    assert nuts["All"] == 100
    total = tt.total_percentages(table)
    whole = int((ticks.sum(axis=1) > 0).sum())
    assert (total.bases == whole).all()
    assert total.percentages().loc["a1_c7", 2] == round(100 * by_cell.loc["a1_c7", 2] / whole)


def test_cumulative_percentages_end_at_100(product: pd.DataFrame) -> None:
    table = tt.frequencies(product, "a22", options=list(range(1, 8)), by="cell")
    cumulative = tt.cumulative_percentages(table)
    assert cumulative.iloc[-1].tolist() == [100.0, 100.0, 100.0]
    counts = product["a22"].value_counts().reindex(range(1, 8), fill_value=0)
    running = counts.cumsum() / 150
    assert cumulative["All"].tolist() == [float(np.floor(100 * v + 0.5)) for v in running]


def test_views_need_group_columns() -> None:
    grid = tt.grid(pd.DataFrame({"a": ["x"], "b": ["y"]}), "g", columns=["a", "b"])
    with pytest.raises(tt.InvalidOptionError, match="row_percentages\\(\\) needs a table"):
        tt.row_percentages(grid)
    plain = tt.frequencies(pd.DataFrame({"q": ["a"], "g": ["x"]}), "q", by="g", total=False)
    with pytest.raises(tt.InvalidOptionError, match="total column 'All'"):
        tt.total_percentages(plain)


def test_multi_response_reads_slots_and_yes_no_directly(product: pd.DataFrame) -> None:
    slots = [f"a1_{i}" for i in range(1, 7)]
    direct = tt.multi_response(product, "a1", slot_columns=slots, codes=CODES, by=["cell"])
    via = tt.multi_response(product, "a1", columns=_set("a1"), options=list(CODES.values()),
                            by=["cell"])  # fmt: skip
    assert direct.counts.to_numpy().tolist() == via.counts.to_numpy().tolist()
    assert list(direct.counts.index) == list(CODES.values())
    hdv = pd.read_csv(DATA / "hdv2003.csv")
    hobbies = ["cinema", "sport"]
    table = tt.multi_response(hdv, "hobbies", columns=hobbies, true=["Oui"], false=["Non"])
    yes = hdv[hobbies].eq("Oui")
    assert table.counts["All"].tolist() == yes.sum().tolist()
    assert table.bases["All"] == yes.any(axis=1).sum()
    with pytest.raises(tt.InvalidOptionError, match="need the codeframe `codes`"):
        tt.multi_response(product, "a1", slot_columns=slots)
    with pytest.raises(tt.UnknownValueError, match="among the true codes"):
        tt.multi_response(hdv, "h", columns=["cinema", "sexe"], true=["Oui"], false=["Non"])


HOBBIES = ["hard.rock", "lecture.bd", "peche.chasse", "cuisine", "bricol", "cinema", "sport"]


def hobbies_codebook(**extra: object) -> dict[str, object]:
    question = {
        "id": "hobbies",
        "type": "multi",
        "text": "Loisirs",
        "options": [{"code": i, "label": h, "column": h} for i, h in enumerate(HOBBIES, 1)],
        **extra,
    }
    sexe = {"id": "sexe", "type": "single", "text": "Sexe", "options": ["Homme", "Femme"]}
    return {"title": "HDV", "questions": [sexe, question]}


def test_codebook_yes_no_codes_are_read_by_prepare() -> None:
    # questionr's hdv2003 hobbies: "Oui"/"Non" per hobby; weighted shares against pandas.
    hdv = pd.read_csv(DATA / "hdv2003.csv")
    survey = tt.Survey.from_dict(hobbies_codebook(true=["Oui"], false=["Non"]))
    frame = hdv[["id", "sexe", "poids", *HOBBIES]].rename(columns={"id": "respondent_id"})
    prepared = survey.prepare(frame, allow_extra_columns=True)
    assert prepared.summary().loc[("hobbies", "yes_no_code")] == 7 * len(hdv)
    table = tt.multi_response(prepared.data, "hobbies", survey=survey, by="sexe", weights="poids")
    yes = hdv[HOBBIES].eq("Oui")
    for sexe in ("Homme", "Femme"):
        rows = yes.any(axis=1) & hdv["sexe"].eq(sexe)
        expected = yes[rows].mul(hdv.loc[rows, "poids"], axis=0).sum()
        np.testing.assert_allclose(table.counts[sexe].loc[HOBBIES].to_numpy(), expected)
    again = tt.Survey.from_dict(survey.to_dict())
    assert again.question("hobbies").true_codes == ("Oui",)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"false": ["Non"]}, "at least one true code"),
        (
            {  # options with no column: a delimited set names none
                "true": ["Oui"],
                "form": "delimited",
                "options": [{"code": i, "label": h} for i, h in enumerate(HOBBIES, 1)],
            },
            "need an indicator set",
        ),
        ({"true": ["Oui"], "false": ["Oui"]}, r"codes \['Oui'\] are both true and false"),
        ({"true": []}, "`true` must list codes"),
    ],
)
def test_codebook_yes_no_codes_are_checked(extra: dict[str, object], message: str) -> None:
    with pytest.raises(tt.CodebookError, match=message):
        tt.Survey.from_dict(hobbies_codebook(**extra))


@settings(max_examples=100)
@given(st.integers(0, 25), st.integers(0, 25), st.integers(0, 25), st.integers(0, 25))
def test_fisher_matches_scipy(a: int, b: int, c: int, d: int) -> None:
    # The tab book's cached two-sided Fisher test against scipy.stats.fisher_exact.
    from scipy import stats

    from tracktr.compare._letters import _fisher

    expected = stats.fisher_exact([[a, b], [c, d]]).pvalue
    assert _fisher(a, b, c, d) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_tabbook_empty_answered_counts_all_no_as_an_answer() -> None:
    hdv = pd.read_csv(DATA / "hdv2003.csv")
    extra = {"true": ["Oui"], "false": ["Non"], "nets": {"Outdoors": ["peche.chasse", "sport"]}}
    survey = tt.Survey.from_dict(hobbies_codebook(**extra))
    frame = hdv[["id", "sexe", *HOBBIES]].rename(columns={"id": "respondent_id"})
    data = survey.prepare(frame).data
    book = tt.tabbook(data, survey, banners=["sexe"], questions=["hobbies"], empty="answered")
    block = book.section("hobbies").blocks[0]
    assert block.table is not None
    assert block.nets is not None
    assert int(block.table.bases["All"]) == len(hdv)  # every row answered Oui or Non
    assert block.nets.bases.tolist() == block.table.bases.tolist()
    outdoors = hdv[["peche.chasse", "sport"]].eq("Oui").any(axis=1)
    assert int(block.nets.counts.loc["Outdoors", "All"]) == int(outdoors.sum())
    default = tt.tabbook(data, survey, banners=["sexe"], questions=["hobbies"])
    skipped_base = int(hdv[HOBBIES].eq("Oui").any(axis=1).sum())
    assert int(default.section("hobbies").blocks[0].table.bases["All"]) == skipped_base

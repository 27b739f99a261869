"""Unit tests for tracktr.reference: the 2016 report's tables and figures, as printed."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt
from tracktr.reference import PublishedTable

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8e6876aec3cb1f83.txt"


def test_table_names() -> None:
    assert tt.reference.tables() == ("table_1", "table_2", "table_3")


@pytest.mark.parametrize("name", ["table_1", "Table 1", "1", " TABLE_1 "])
def test_table_name_forms(name: str) -> None:
    assert tt.reference.table(name).name == "table_1"


# Table 1 (section 2.1): "% (n)" cells, no base printed; first, a middle and the last row.
@pytest.mark.parametrize(
    ("row", "printed", "counts"),
    [
        ("Offenders and ex-offenders", [59, 25], [89, 38]),
        ("Women", [54, 46], [82, 69]),
        ("Homeless people", [31, 30], [46, 45]),
        ("Victims of crime", [9, 21], [13, 31]),
    ],
)
def test_table_1_as_printed(row: str, printed: list[int], counts: list[int]) -> None:
    t1 = tt.reference.table("table_1")
    assert t1.counts is not None
    assert list(t1.printed.loc[row]) == printed
    assert list(t1.counts.loc[row]) == counts
    assert t1.printed.shape == (22, 2)
    assert list(t1.printed.columns) == ["Main beneficiaries", "Beneficiaries also include"]
    assert t1.bases is None
    assert t1.implied_base == 151
    assert t1.percent_axis == "rows"


def test_table_2_as_printed() -> None:
    # Table 2 (page 19): percentages only, and the bold AVERAGE row.
    t2 = tt.reference.table("table_2")
    assert t2.page == "19"
    assert t2.counts is None
    assert t2.bases is None
    assert t2.printed.shape == (20, 4)
    assert list(t2.printed.columns) == ["Improved %", "No change %", "Worsened %", "Don't know %"]
    assert list(t2.printed.loc["People with mental health needs"]) == [6, 11, 30, 50]
    assert list(t2.printed.loc["Victims of crime and/or their families"]) == [4, 12, 7, 77]
    assert t2.summary is not None
    assert list(t2.summary.loc["AVERAGE"]) == [6, 14, 21, 60]
    assert t2.question == "group_impact"


def test_table_3_as_printed() -> None:
    # Table 3 (page 25): frequencies and percentages, bases in the headings.
    t3 = tt.reference.table("table_3")
    assert t3.page == "25"
    assert t3.counts is not None
    assert t3.bases is not None
    assert t3.bases.to_dict() == {"Respondents as a whole": 151, "CRC-funded respondents": 34}
    assert t3.counts["Respondents as a whole"].tolist() == [35, 19, 20, 26, 31, 8, 12]
    assert t3.counts["CRC-funded respondents"].tolist() == [2, 3, 6, 4, 7, 4, 8]
    assert t3.printed["Respondents as a whole"].tolist() == [23, 13, 13, 17, 21, 5, 8]
    assert t3.printed["CRC-funded respondents"].tolist() == [6, 9, 18, 12, 21, 12, 24]
    assert t3.printed.index[0] == "Under £100,000"
    assert t3.source == "Table 3, section 2.4, page 25"


def test_table_returns_a_new_object_each_time() -> None:
    findings = [repr(f) for f in tt.check.reference(include_consistent=True)]
    heading = tt.reference.table("table_1").printed.index.name
    first = tt.reference.table("table_3")
    assert first.counts is not None
    assert first.bases is not None
    first.counts.iloc[0, 0] = 999
    first.printed.iloc[0, 0] = 999
    first.bases.iloc[0] = 999
    first.printed.index.name = "changed"
    second = tt.reference.table("table_3")
    assert second.counts is not None
    assert second.bases is not None
    assert second.counts.iloc[0, 0] == 35
    assert second.printed.iloc[0, 0] == 23
    assert second.bases.iloc[0] == 151
    assert second.printed.index.name is None
    renamed = tt.reference.table("table_1")
    renamed.printed.index.name = "changed"
    assert tt.reference.table("table_1").printed.index.name == heading
    # The tables are built once per process and shared with the checks: copies go out.
    from tracktr.check._report import _reference

    _reference.cache_clear()
    assert [repr(f) for f in tt.check.reference(include_consistent=True)] == findings


def test_published_table_is_frozen() -> None:
    t = tt.reference.table("table_1")
    with pytest.raises(AttributeError):
        t.name = "x"  # type: ignore[misc]


def test_to_table_from_printed_counts() -> None:
    table = tt.reference.table("table_3").to_table()
    assert isinstance(table, tt.Table)
    assert table.bases.tolist() == [151, 34]
    assert table.percentages()["Respondents as a whole"].tolist() == [
        23.0,
        13.0,
        13.0,
        17.0,
        21.0,
        5.0,
        8.0,
    ]
    t1 = tt.reference.table("table_1").to_table()
    assert t1.percent_axis == "rows"
    assert set(t1.bases) == {151}


def test_to_table_without_counts_raises() -> None:
    with pytest.raises(tt.InvalidCountsError, match=r"table_2 prints only percentages"):
        tt.reference.table("table_2").to_table()


def test_to_frame_layouts() -> None:
    long = tt.reference.table("table_2").to_frame()
    assert len(long) == 20 * 4 + 4
    assert long["summary"].sum() == 4
    assert long["count"].isna().all()
    printed = tt.reference.table("table_3").to_frame(layout="printed")
    assert printed.iloc[0].tolist() == ["23 (35)", "6 (2)"]
    with pytest.raises(tt.InvalidOptionError, match="layout"):
        tt.reference.table("table_3").to_frame(layout="wide")  # type: ignore[arg-type]


def test_repr() -> None:
    assert repr(tt.reference.table("table_2")) == (
        "PublishedTable('table_2', 20x4, no counts, 'Table 2, section 2.2, page 19')"
    )


def test_unknown_table_lists_the_names() -> None:
    with pytest.raises(tt.ReferenceNotFoundError, match=r"'table_1', 'table_2', 'table_3'"):
        tt.reference.table("table_4")
    with pytest.raises(KeyError):
        tt.reference.table("graph_1")


def test_unknown_figure_lists_close_names() -> None:
    with pytest.raises(tt.ReferenceNotFoundError, match=r"graph_19_n"):
        tt.reference.figure("graph_19")


# -- figures ----------------------------------------------------------------------------


def test_figures_frame_columns_and_dtypes() -> None:
    frame = tt.reference.figures()
    assert list(frame.columns[:4]) == ["figure", "kind", "section", "source"]
    assert frame["figure"].is_unique
    assert str(frame["count"].dtype) == "Int64"
    assert str(frame["base"].dtype) == "Int64"
    assert frame["value"].dtype == "float64"
    assert len(frame) == len(tt.reference.figure_names())


def test_figures_is_a_new_frame_each_call() -> None:
    frame = tt.reference.figures()
    frame.loc[0, "claim"] = "changed"
    assert tt.reference.figures().loc[0, "claim"] != "changed"


def test_every_graph_has_a_base_figure() -> None:
    bases = tt.reference.figures(kind="base")
    assert bases["source"].tolist() == [f"Graph {g}" for g in range(1, 33)]
    printed = dict(zip(bases["source"], bases["base"], strict=True))
    # Graph captions' n= as printed.
    assert printed["Graph 1"] == 135
    assert printed["Graph 9"] == 104
    assert printed["Graph 19"] == 19
    assert printed["Graph 31"] == 106
    assert pd.isna(printed["Graph 24"])
    assert bases["base"].notna().sum() == 22


def test_pages_are_those_the_text_gives() -> None:
    frame = tt.reference.figures()
    paged = frame.loc[frame["page"] != "", ["source", "page"]].drop_duplicates()
    assert dict(zip(paged["source"], paged["page"], strict=True)) == {
        "Table 2": "19",
        "Table 3": "25",
        "Graph 24": "32",
    }


def test_figure_filters() -> None:
    assert set(tt.reference.figures(kind="ratio")["figure"]) == {
        "s22_service_users_ratio",
        "s23_statutory_ratio",
        "s24_over_5m_ratio",
        "s24_under_100k_ratio",
        "s26_responses_ratio",
    }
    assert set(tt.reference.figures(section="2.5")["figure"]) == {"s25_nps_funded_one"}
    assert (tt.reference.figures(question="crc_ispa")["question"] == "crc_ispa").all()
    with pytest.raises(tt.InvalidOptionError, match="`kind` must be one of"):
        tt.reference.figures(kind="graph")


def test_payment_by_results_lists() -> None:
    crc = tt.reference.figure("s24_pbr_percentages")
    outside = tt.reference.figure("s26_pbr_percentages")
    assert crc.values == (7, 20, 30, 30, 75, 100, 100, 100)
    assert outside.values == (10, 10, 20, 20, 30, 45, 50, 90, 100)
    assert tt.reference.figures(kind="list")["values"].tolist() == [
        "7; 20; 30; 30; 75; 100; 100; 100",
        "10; 10; 20; 20; 30; 45; 50; 90; 100",
    ]


def test_figure_provenance() -> None:
    f = tt.reference.figure("s24_over_5m_ratio")
    assert f.value == 2.5
    assert f.qualifier == "about"
    assert f.source == "Table 3"
    assert f.page == "25"
    assert "2.5 times more likely" in f.claim
    assert f.numerator == {
        "table": "table_3",
        "rows": ["£5m - £10m", "Over £10m"],
        "columns": ["CRC-funded respondents"],
    }
    assert f.where == "Table 3, section 2.4, page 25"
    one_row = f.to_frame()
    assert one_row["numerator"].tolist() == [
        "table_3[CRC-funded respondents]: £5m - £10m + Over £10m"
    ]


def test_references_point_at_existing_figures_and_cells() -> None:
    names = set(tt.reference.figure_names())
    for name in names:
        f = tt.reference.figure(name)
        for ref in (f.restates, f.numerator, f.denominator):
            if not ref:
                continue
            if "table" in ref:
                t = tt.reference.table(ref["table"])
                frame = pd.concat([t.printed, t.summary]) if t.summary is not None else t.printed
                assert set(ref["rows"]) <= set(frame.index), name
                assert set(ref["columns"]) <= set(frame.columns), name
            else:
                assert set(ref.get("figures", [ref.get("figure")])) <= names, name


def test_question_ids_are_in_the_codebook() -> None:
    # The codebook is the other half of provenance: every figure names its question.
    path = resources.files("tracktr.surveys").joinpath("tracktr_2015.toml")
    codebook = tomllib.loads(path.read_text("utf-8"))
    ids = {q["id"] for q in codebook["questions"]}
    frame = tt.reference.figures()
    used = {q.strip() for cell in frame["question"] for q in cell.split(";") if q.strip()}
    assert used <= ids, used - ids
    assert {tt.reference.table(n).question for n in tt.reference.tables()} <= ids


def _normalise(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text).replace("*", "")
    return re.sub(r"\s+", " ", text)


@pytest.mark.skipif(not SEED.exists(), reason="the report's text is not beside the repository")
def test_claims_are_printed_in_the_report() -> None:
    # Every claim is a verbatim quotation (footnote markers and page breaks aside).
    report = _normalise(SEED.read_text("utf-8"))
    allowed = {"s21_almanac_turnover_10k", "s24_extra_cost", "s27_crc_viable"}
    frame = tt.reference.figures()
    missing = [
        row.figure
        for row in frame.itertuples()
        if row.kind != "base"
        and row.figure not in allowed
        and _normalise(str(row.claim)) not in report
    ]
    assert missing == []
    for name in tt.reference.tables():
        assert _normalise(tt.reference.table(name).title) in report


def test_published_table_type() -> None:
    assert isinstance(tt.reference.table("table_1"), PublishedTable)


def test_figure_mappings_are_copies() -> None:
    f = tt.reference.figure("s24_over_5m_ratio")
    assert f.numerator is not None
    f.numerator["rows"].append("Under £100,000")
    again = tt.reference.figure("s24_over_5m_ratio")
    assert again.numerator is not None
    assert again.numerator["rows"] == ["£5m - £10m", "Over £10m"]


def test_shipped_file_read_without_pandas_is_the_file_read_figures_reads() -> None:
    # tracktr.reference reads its own file with the standard library's CSV reader (the
    # file is ours); it must give what the general reader gives, figure for figure.
    from tracktr.reference._tracktr_2016 import _read_shipped

    shipped = tt.reference.path("trackTR-2016")
    fast, general = _read_shipped(shipped), tt.reference.read_figures(shipped)
    assert fast.name == general.name
    assert len(fast.figures) == len(general.figures) > 300
    assert fast == general


def test_a_table_of_decimals_or_with_a_hidden_cell_comes_out_as_printed() -> None:
    # Before: to_frame() cut 12.5 to 12, and raised on a cell the report suppressed.
    rows = [
        {"id": "t", "kind": "table", "axis": "columns", "decimals": "1"},
        {"kind": "cell", "table": "t", "row": "Yes", "column": "A", "value": "12.5"},
        {"kind": "cell", "table": "t", "row": "No", "column": "A", "value": "87.5"},
        {"kind": "cell", "table": "t", "row": "Yes", "column": "B", "value": "40.0"},
    ]
    table = tt.reference.read_figures(pd.DataFrame(rows).fillna("")).table("t")
    frame = table.to_frame()
    assert frame["printed"].dtype == "Float64"
    assert frame["printed"].tolist()[:3] == [12.5, 40.0, 87.5]
    assert frame["printed"].isna().tolist() == [False, False, False, True]

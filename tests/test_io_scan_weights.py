"""Scan.tabulate and Scan.tables with weights equal the in-memory weighted tables.

The engine sums each answer pattern's weights and squared weights; the weighted counts,
the unweighted bases and the Kish effective bases must be those of ``tt.tabulate(...,
weights=)`` on the file read into memory. Weights are multiples of 1/4, so every weighted
sum is exact in floating point and the tables can be compared for equality.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt

pytest.importorskip("duckdb")
pytest.importorskip("polars")

ROUTED = tt.Survey.from_dict({
    "title": "Routed demo",
    "questions": [
        {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]},
        {"id": "role", "type": "single", "text": "Role?", "options": ["Tier 2", "Tier 3"],
         "ask_if": {"question": "funded", "in": ["Yes"]}},
        {"id": "size", "type": "ordinal", "text": "Size?", "options": ["S", "M", "L"]},
        {"id": "help", "type": "multi", "text": "Help?", "form": "indicator", "options": [
            {"code": 1, "label": "Money", "column": "help_money"},
            {"code": 2, "label": "Advice", "column": "help_advice"}]},
    ],
})  # fmt: skip
QUESTIONS = ["funded", "role", "size", "help"]
BANNERS = [None, "funded"]


def _same(table: tt.Table, expected: tt.Table) -> None:
    assert table.to_markdown() == expected.to_markdown()
    pd.testing.assert_frame_equal(table.counts, expected.counts, check_dtype=False)
    pd.testing.assert_series_equal(table.bases, expected.bases, check_dtype=False)
    assert table.unweighted_bases is not None
    assert expected.unweighted_bases is not None
    pd.testing.assert_series_equal(
        table.unweighted_bases, expected.unweighted_bases, check_dtype=False
    )
    assert table.effective_bases is not None
    assert expected.effective_bases is not None
    pd.testing.assert_series_equal(
        table.effective_bases, expected.effective_bases, check_dtype=False, rtol=1e-12
    )


def _memory(path: Path, survey: tt.Survey) -> pd.DataFrame:
    data = tt.io.read_csv(path, survey, allow_extra_columns=True)
    return data.assign(w=pd.to_numeric(data["w"]))


@st.composite
def weighted_files(draw: st.DrawFn) -> str:
    n = draw(st.integers(min_value=1, max_value=30))
    lines = ["respondent_id,funded,role,size,help_money,help_advice,w"]
    for i in range(1, n + 1):
        funded = draw(st.sampled_from(["Yes", "No", ""]))
        role = draw(st.sampled_from(["Tier 2", "Tier 3", ""])) if funded == "Yes" else ""
        size = draw(st.sampled_from(["S", "M", "L", ""]))
        ticks = draw(st.sampled_from(["1,0", "0,1", "1,1", "0,0", ","]))
        weight = draw(st.integers(min_value=0, max_value=16)) / 4  # exact sums
        space = draw(st.sampled_from(["", " "]))  # " 1.5" is read as 1.5 by all three
        lines.append(f"{i},{funded},{role},{size},{ticks},{space}{weight}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@settings(max_examples=3, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=weighted_files())
def test_weighted_tables_equal_the_file_read_into_memory(
    tmp_path: Path, engine: str, text: str
) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8")
    memory = _memory(path, ROUTED)  # all weights 0 too: undefined percentages alike
    scanned = tt.io.scan(path, ROUTED, engine=engine)  # type: ignore[arg-type]
    book = scanned.tables(QUESTIONS, by=BANNERS, weights="w")
    for (question, banner), table in book.items():
        expected = tt.tabulate(memory, question, survey=ROUTED, by=banner, weights="w")
        _same(table, expected)
    # one table by tabulate too: the path of a single table
    _same(scanned.tabulate("help", by="size", weights="w"),
          tt.tabulate(memory, "help", survey=ROUTED, by="size", weights="w"))  # fmt: skip


@pytest.mark.parametrize(
    ("engine", "kind"), [("duckdb", "csv"), ("polars", "csv"), ("duckdb", "parquet"),
                         ("polars", "parquet")],
)  # fmt: skip
def test_weighted_trackTR_tables_equal_the_in_memory_ones(
    tmp_path: Path, engine: str, kind: str
) -> None:
    survey = tt.surveys.tracktr_2015()
    data = tt.datasets.tracktr_2015()
    rng = np.random.default_rng(3)
    data = data.assign(w=rng.integers(1, 12, len(data)) / 4)
    csv = tmp_path / "responses.csv"
    data.to_csv(csv, index=False)
    path = csv
    if kind == "parquet":  # the weights stored as numbers, the answers as text
        text = pd.read_csv(csv, dtype=str, keep_default_na=False)
        text = text.where(text != "", None).assign(w=data["w"].to_numpy())
        path = tmp_path / "responses.parquet"
        text.to_parquet(path, index=False)
    memory = _memory(csv, survey)
    scanned = tt.io.scan(path, survey, engine=engine)  # type: ignore[arg-type]
    questions = ["income", "delivery_regions", "relationships"]  # ordinal, multi, grid
    book = scanned.tables(questions, by=[None, "income"], weights="w")
    for (question, banner), table in book.items():
        _same(table, tt.tabulate(memory, question, survey=survey, by=banner, weights="w"))


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@pytest.mark.parametrize(
    ("cell", "shown"), [("", "blank"), ("heavy", "'heavy'"), ("-1", "'-1'"), ("inf", "'inf'")]
)
def test_bad_weights_are_refused_naming_the_respondents(
    tmp_path: Path, engine: str, cell: str, shown: str
) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent_id,funded,role,size,help_money,help_advice,w\n"
        f"1,Yes,Tier 2,S,1,0,1.5\n7,No,,M,0,1,{cell}\n",
        encoding="utf-8",
    )
    scanned = tt.io.scan(path, ROUTED, engine=engine)  # type: ignore[arg-type]
    pattern = rf"weights 'w': 1 respondent\(s\) have a weight that is blank.*\(7: {shown}\)"
    with pytest.raises(tt.InvalidWeightsError, match=pattern):
        scanned.tabulate("size", weights="w")
    with pytest.raises(tt.InvalidWeightsError, match=pattern):
        scanned.tables(["size"], weights="w")


def test_an_absent_weights_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("respondent_id,funded,role,size,help_money,help_advice,W\n", encoding="utf-8")
    with pytest.raises(tt.InvalidWeightsError, match=r"(?s)weights 'w' is not a column.*'W'\?"):
        tt.io.scan(path, ROUTED).tabulate("size", weights="w")


def test_weights_as_values_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("respondent_id,funded,role,size,help_money,help_advice\n", encoding="utf-8")
    with pytest.raises(tt.InvalidOptionError, match=r"names a column of the file; got list"):
        tt.io.scan(path, ROUTED).tabulate("size", weights=[1.0])  # type: ignore[arg-type]


def test_weights_of_very_different_sizes_scan_as_in_memory(tmp_path: Path) -> None:
    # Before: weights above about 1e77 squared the squared weights past the float range
    # (InvalidBaseError "effective bases must be finite"), a failure of tracktr's own.
    survey = tt.Survey.from_dict({
        "title": "Weights of every size", "respondent_id": "id",
        "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]},
                      {"id": "g", "type": "single", "text": "G?", "options": ["x", "y"]}],
    })  # fmt: skip
    frame = pd.DataFrame({
        "id": range(12), "q": ["a", "b", "a", "b"] * 3, "g": ["x"] * 6 + ["y"] * 6,
        "w": [1e-150, 2e-150, 1e-150, 3e-150, 1e-150, 1e-150] + [1e148] * 6,
    })  # fmt: skip
    path = tmp_path / "weights.csv"
    frame.to_csv(path, index=False)
    found = tt.io.scan(path, survey).tabulate("q", by="g", weights="w")
    expected = tt.frequencies(frame, "q", by="g", weights="w", survey=survey)
    assert found.effective_bases is not None
    assert expected.effective_bases is not None
    np.testing.assert_allclose(found.effective_bases, expected.effective_bases, rtol=1e-12)
    assert float(found.effective_bases["x"]) == pytest.approx(81 / 17)

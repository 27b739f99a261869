"""Weighted tables carry the effective base beside the weighted percentage and unweighted base.

Known values: Kish (1965), *Survey Sampling*, section 11.7: the effective base of weights
w is sum(w) ** 2 / sum(w ** 2), computed here by hand over each column's respondents.
Every export (Markdown, HTML, LaTeX, Excel, the long frame, reports, tab books) shows it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt

FRAME = pd.DataFrame({
    "q": ["Yes", "No", "Yes", "Yes", "No", "Yes"],
    "g": ["a", "a", "a", "b", "b", "b"],
    "w": [1.0, 2.0, 1.0, 3.0, 1.0, 1.0],
})  # fmt: skip
# a: (1 + 2 + 1)^2 / (1 + 4 + 1) = 16/6; b: 25/11; All: 81/17
EXPECTED = {"a": 16 / 6, "b": 25 / 11, "All": 81 / 17}
LINE = "Effective bases (for the precision of weighted percentages, rounded down): a 2; b 2; All 4."


def table() -> tt.Table:
    return tt.frequencies(FRAME, "q", by="g", weights="w")


def test_frequencies_kish_by_hand() -> None:
    result = table()
    np.testing.assert_allclose(result.effective_bases.to_numpy(), list(EXPECTED.values()))
    assert result.notes[1] == LINE
    assert tt.frequencies(FRAME, "q", by="g").effective_bases is None


def test_multi_response_kish_by_hand() -> None:
    df = pd.DataFrame({"a": [1, 0, 1, 0], "b": [0, 1, 1, 0], "w": [1.0, 2.0, 3.0, 5.0]})
    result = tt.multi_response(df, "s", columns=["a", "b"], weights="w")
    # the respondent who ticked nothing is not in the base: (1 + 2 + 3)^2 / (1 + 4 + 9)
    assert result.effective_bases["All"] == pytest.approx(36 / 14)
    assert (
        "Effective base (for the precision of weighted percentages, rounded down): 2."
        in result.notes
    )


def test_every_export_shows_the_three_numbers(tmp_path: Path) -> None:
    result = table()
    markdown = result.to_markdown()
    assert LINE in markdown
    assert "| Base | n=3    | n=3    | n=6    |" in markdown
    assert LINE in result.to_html()
    assert "Effective bases" in result.to_latex()
    long = result.to_frame(layout="long")
    np.testing.assert_allclose(long.groupby("column")["effective_base"].first()[["a", "b"]],
                               [EXPECTED["a"], EXPECTED["b"]])  # fmt: skip
    result.to_excel(tmp_path / "t.xlsx")
    cells = [
        str(c.value)
        for row in openpyxl.load_workbook(tmp_path / "t.xlsx").active.iter_rows()
        for c in row
        if c.value is not None
    ]
    assert LINE in cells
    assert LINE in result.publication_layout().notes


def test_banners_views_and_groups_keep_or_drop_it_consistently() -> None:
    both = tt.frequencies(FRAME, "q", by=["g"], weights="w")
    assert both.effective_bases is not None
    part = tt.banners.split_banners(both)["g"]
    np.testing.assert_allclose(part.effective_bases.to_numpy(), list(EXPECTED.values()))
    assert tt.row_percentages(table()).effective_bases is None
    whole = tt.total_percentages(table()).effective_bases
    np.testing.assert_allclose(whole.to_numpy(), [EXPECTED["All"]] * 3)
    # Parts' sums of squared weights add: two copies have the effective bases doubled
    combined = tt.combine([table(), table()])
    np.testing.assert_allclose(
        combined.effective_bases.to_numpy(), [2 * v for v in EXPECTED.values()]
    )


def test_tabbook_notes_show_it(tmp_path: Path) -> None:
    survey = tt.Survey.from_dict({
        "title": "T",
        "questions": [
            {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
            {"id": "g", "type": "single", "text": "G?", "options": ["a", "b"]},
        ],
    })  # fmt: skip
    book = tt.tabbook(FRAME, survey, banners=["g"], questions=["q"], weights="w")
    note = (
        "Effective bases (for the precision of weighted percentages, rounded down): "
        "All 4; g: a 2; g: b 2."
    )
    assert note in book.section("q").notes
    path = book.write(tmp_path / "book.md")
    assert note in Path(path).read_text(encoding="utf-8")


def test_bad_effective_bases_are_refused() -> None:
    with pytest.raises(tt.InvalidBaseError, match="indexed like `bases`"):
        tt.Table(counts=pd.DataFrame({"n": [1]}), bases=pd.Series({"n": 1}),
                 effective_bases=pd.Series({"m": 1.0}))  # fmt: skip
    with pytest.raises(tt.InvalidBaseError, match="finite and at least 0"):
        tt.Table(counts=pd.DataFrame({"n": [1]}), bases=pd.Series({"n": 1}),
                 effective_bases=pd.Series({"n": -1.0}))  # fmt: skip


@settings(max_examples=30)
@given(
    st.lists(st.sampled_from(["x", "y"]), min_size=2, max_size=30),
    st.floats(0.01, 1000.0),
)
def test_equal_weights_give_the_unweighted_base(answers: list[str], weight: float) -> None:
    frame = pd.DataFrame({"q": answers, "w": weight})
    result = tt.frequencies(frame, "q", weights="w")
    assert result.effective_bases["All"] == pytest.approx(len(answers), rel=1e-12)


@settings(max_examples=30)
@given(
    st.lists(st.floats(0.1, 10.0), min_size=2, max_size=30),
    st.floats(0.001, 1000.0),
)
def test_invariant_to_scaling_the_weights(weights: list[float], scale: float) -> None:
    frame = pd.DataFrame({"q": ["x", "y"] * (len(weights) // 2) + ["x"] * (len(weights) % 2)})
    one = tt.frequencies(frame.assign(w=weights), "q", weights="w").effective_bases
    other = tt.frequencies(frame.assign(w=np.array(weights) * scale), "q", weights="w")
    np.testing.assert_allclose(other.effective_bases.to_numpy(), one.to_numpy(), rtol=1e-9)
    assert one["All"] <= len(weights) + 1e-9  # never above the unweighted base


def test_grid_items_have_their_own_effective_base() -> None:
    df = pd.DataFrame({
        "men": ["Worse", "Same", "Worse", None], "women": ["Better", "Worse", None, "Same"],
        "w": [1.0, 2.0, 3.0, 4.0],
    })  # fmt: skip
    result = tt.grid(df, "impact", columns=["men", "women"], weights="w")
    # men: rows 1-3, (1 + 2 + 3)^2 / (1 + 4 + 9); women: rows 1, 2, 4, (1 + 2 + 4)^2 / 21
    np.testing.assert_allclose(result.effective_bases.to_numpy(), [36 / 14, 49 / 21])
    # both round down to 2 whole respondents, so one figure is stated
    assert (
        "Effective base (for the precision of weighted percentages, rounded down): 2."
        in result.notes
    )


def test_notes_say_effective_bases_are_rounded_down() -> None:
    # Before: (1.2 + 0.8)^2 / (1.44 + 0.64) = 1.92... printed "1" with no word of rounding, as
    # if the figure were wrong; Table notes, protected tables and protected books said so.
    said = "Effective base (for the precision of weighted percentages, rounded down): 1."
    pair = pd.DataFrame({"q": ["Yes", "No"], "w": [1.2, 0.8]})
    weighted = tt.frequencies(pair, "q", weights="w")
    assert weighted.effective_bases is not None
    assert weighted.effective_bases["All"] == pytest.approx(4 / 2.08)
    assert said in weighted.notes
    assert said in weighted.to_markdown()
    grouped = tt.frequencies(FRAME, "q", by="g", weights="w")
    assert LINE in tt.disclosure.suppress(grouped, threshold=1).notes
    survey = tt.Survey.from_dict({
        "title": "T",
        "questions": [
            {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
            {"id": "g", "type": "single", "text": "G?", "options": ["a", "b", "c"]},
        ],
    })  # fmt: skip
    # group c, one respondent, is hidden: the book's protected note is rewritten
    lonely = pd.concat([FRAME, pd.DataFrame({"q": ["Yes"], "g": ["c"], "w": [1.0]})])
    book = tt.tabbook(lonely, survey, banners=["g"], questions=["q"], weights="w", threshold=3)
    assert book.disclosure is not None
    protected = next(n for n in book.section("q").notes if n.startswith("Effective bases"))
    assert protected.startswith(
        "Effective bases (for the precision of weighted percentages, rounded down): "
    )
    assert "g: c [c]" in protected

"""A row with nothing to test (both groups at 0%, or both at 100%) is out of the family.

Found by a hostile test of tab books (helper report hB, F7): declaring an option nobody
chose (an unused "Maybe" or "Don't know") added a comparison of 0% with 0% at p = 1 to
the Holm family, and a real difference (raw p 0.021) lost its letters (0.042 adjusted
over two comparisons, 0.063 over three). SPSS's column proportions test leaves such
comparisons out too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.compare._letters import pair_tests

GROUP = {"id": "g", "type": "single", "text": "Group?", "options": ["A", "B"]}
DATA = pd.DataFrame(
    {"g": ["A"] * 40 + ["B"] * 40, "q": ["Yes"] * 20 + ["No"] * 20 + ["Yes"] * 10 + ["No"] * 30}
)


def _survey(options: list[str]) -> tt.Survey:
    question = {"id": "q", "type": "single", "text": "Q?", "options": options}
    return tt.Survey.from_dict({"title": "T", "questions": [GROUP, question]})


def test_an_option_nobody_chose_leaves_the_book_letters_alone() -> None:
    # old: with "Maybe" declared, no letters at all
    two = tt.tabbook(DATA, _survey(["Yes", "No"]), banners=["g"]).section("q").blocks[0]
    three = tt.tabbook(DATA, _survey(["Yes", "No", "Maybe"]), banners=["g"]).section("q")
    block = three.blocks[0]
    assert two.higher == {("Yes", "A"): ["B"], ("No", "B"): ["A"]}
    assert block.higher == two.higher
    assert block.tests is not None
    p = dict(zip(block.tests.rows, block.tests.p_values, strict=True))
    assert np.isnan(p["Maybe"])
    assert p["Yes"] == pd.Series(two.tests.p_values).iloc[0]  # type: ignore[union-attr]


def test_an_option_nobody_chose_leaves_compare_table_alone() -> None:
    # old: "3 comparisons, 0 significant"
    table = tt.crosstab(DATA, "q", "g", survey=_survey(["Yes", "No", "Maybe"]))
    found = tt.compare_table(table).comparisons.set_index("option")
    assert found.loc["Maybe", "test"] == "none"
    assert found.loc["Maybe", "p_adjusted"] == 1.0
    assert found.loc[["Yes", "No"], "significant"].tolist() == [True, True]
    assert found.loc["Yes", "p_adjusted"] == found.loc["Yes", "p_value"] * 2


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    groups=st.integers(2, 4),
    options=st.integers(2, 4),
    full=st.booleans(),
)
def test_a_row_with_nothing_to_test_changes_no_other_letter(
    data: st.DataObject, groups: int, options: int, full: bool
) -> None:
    # A multi-response table (not a partition): a row at 0% everywhere, or at 100%
    # everywhere, adds no letter and removes none.
    bases = data.draw(st.lists(st.integers(1, 60), min_size=groups, max_size=groups))
    counts = {
        f"G{j}": [data.draw(st.integers(0, base)) for _ in range(options)]
        for j, base in enumerate(bases)
    }
    labels = [f"o{i}" for i in range(options)]
    frame = pd.DataFrame(counts, index=labels)
    extra = pd.DataFrame(
        {f"G{j}": [base if full else 0] for j, base in enumerate(bases)}, index=["extra"]
    )
    base_series = pd.Series({f"G{j}": base for j, base in enumerate(bases)})
    plain = tt.Table(counts=frame, bases=base_series, partition=False)
    more = tt.Table(counts=pd.concat([frame, extra]), bases=base_series, partition=False)
    before = pair_tests(plain, total=None)
    after = pair_tests(more, total=None)
    assert np.isnan(after.p_values[-(groups * (groups - 1) // 2) :]).all()
    assert before.letters(adjust="holm", level=0.95) == {
        key: value
        for key, value in after.letters(adjust="holm", level=0.95).items()
        if key[0] != "extra"
    }

"""A codebook drafted from an export whose sets are numeric codes joined in a cell.

expss's ``product_test`` (tests/data/product_test.csv) with each respondent's slots joined
by ";" in slot order ("7;5"), as /work/shared/data/product_test_delimited.csv holds it.

Before: ``tt.io.read_platform_export(path)`` failed with the draft's own CodebookError,
"the option label '7' (code 1) is also the code of the option '4'": a set joined in a
cell was coded 1, 2, ... in order of first appearance, unlike a one-column question
(a whole-number label keeps it as its code). And "3;4", "7;4", "4;7" were drafted as
options of their own, because the code 4 is never ticked alone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import tracktr as tt

DATA = Path(__file__).parent / "data"


def _joined(tmp_path: Path) -> Path:
    raw = pd.read_csv(DATA / "product_test.csv", dtype=str, keep_default_na=False)
    out = raw[["id", "cell", "s2a"]].copy()
    for name in ("a1", "b1"):
        slots = raw[[f"{name}_{k}" for k in range(1, 7)]]
        codes = slots.apply(lambda row: [str(int(float(v))) for v in row if v], axis=1)
        out[f"{name}_delimited"] = codes.map(";".join)
    path = tmp_path / "product_test_delimited.csv"
    out.to_csv(path, index=False)
    return path


def test_a_draft_of_joined_codes_reads_back_its_own_file(tmp_path: Path) -> None:
    path = _joined(tmp_path)
    export = tt.io.read_platform_export(path)
    survey = export.survey
    a1 = survey.question("a1_delimited")
    # Each code its own option, coded by itself: no "3;4" option.
    assert sorted((o.code, o.label) for o in a1.options) == [
        (c, str(c)) for c in (2, 3, 4, 5, 6, 7, 8)
    ]
    assert sorted(o.code for o in survey.question("b1_delimited").options) == [
        2, 3, 4, 5, 6, 7, 8, 98,
    ]  # fmt: skip
    # The library's own checks accept the draft's data, and the draft reads the file back.
    survey.validate(export.data)
    survey.prepare(export.data)
    book = tmp_path / "draft.toml"
    survey.to_toml(book)
    again = tt.io.read_platform_export(path, tt.Survey.from_toml(book))
    pd.testing.assert_frame_equal(again.data, export.data)


def test_the_drafted_ticks_count_as_the_slots_do(tmp_path: Path) -> None:
    # Independent: the codes in the original slot columns, counted by pandas.
    export = tt.io.read_platform_export(_joined(tmp_path))
    raw = pd.read_csv(DATA / "product_test.csv")
    for name in ("a1", "b1"):
        slots = raw[[f"{name}_{k}" for k in range(1, 7)]].to_numpy().ravel()
        expected = pd.Series(slots).dropna().astype(int).value_counts()
        question = export.survey.question(f"{name}_delimited")
        ticked = {o.code: int(pd.to_numeric(export.data[o.column]).sum()) for o in question.options}
        assert ticked == expected.to_dict()


def test_words_joined_in_a_cell_are_still_kept_whole() -> None:
    from tracktr.io._drafting import split_delimited

    # The rule for codes leaves labels with words alone.
    assert split_delimited(["Yes, sometimes", "No", "Yes, sometimes, No"], [", "]) == (
        ", ",
        ["Yes, sometimes", "No"],
    )
    assert split_delimited(["3;4", "3", "3;4;7", "7"], [";"]) == (";", ["3", "4", "7"])

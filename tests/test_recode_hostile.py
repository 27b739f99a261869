"""Recodings and ``tt.io.neutralise`` as a hostile tester called them.

Each test reproduces a defect of /tmp/probe_waves/REPORT.md (section 04, the recode and
export rows of section 10, and the recode items of its minor observations) and says in a
comment what the old code did.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import tracktr as tt
from tracktr import recode
from tracktr.missing import REFUSED, SKIPPED

ANSWERS = pd.Series(
    ["Big Lottery Fund", "PCC grant", "rent from tenants", SKIPPED],
    index=pd.Index([11, 12, 13, 14], name="respondent"),
    name="funding_other",
)

# -- other_specify: missing markers as codes (report 04) ---------------------------------


def test_other_specify_refuses_a_marker_as_a_code() -> None:
    # The old code turned "Big Lottery Fund" into "<skipped>": a real answer left the base.
    before = ANSWERS.copy()
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)code '<skipped>' is a missing marker"):
        recode.other_specify(ANSWERS, {SKIPPED: ["lottery"]})
    pd.testing.assert_series_equal(ANSWERS, before)


def test_other_specify_refuses_a_marker_as_other() -> None:
    # The old code turned both unmatched answers into "<refused>", so a table of the result
    # had a base of 1 instead of 3.
    with pytest.raises(
        tt.InvalidOptionError, match=r"(?s)`other` code '<refused>' is a missing marker.*Hint:"
    ):
        recode.other_specify(ANSWERS, {"Trusts": ["lottery"]}, other=REFUSED)


# -- other_specify: blank codes and blank answers (report, minor observations) -------------


@pytest.mark.parametrize("code", ["", "   "])
def test_other_specify_refuses_a_blank_code(code: str) -> None:
    # The old code turned "Big Lottery Fund" into "" (text that reads as no answer).
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)code .* is blank.*Hint:"):
        recode.other_specify(ANSWERS, {code: ["lottery"]})
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)`other` code .* is blank"):
        recode.other_specify(ANSWERS, {"Trusts": ["lottery"]}, other=code)


def test_other_specify_refuses_a_code_that_is_not_text() -> None:
    # The old code wrote None as the code: the matched answer became a blank cell, skipped.
    with pytest.raises(tt.InvalidOptionError, match=r"code None is blank"):
        recode.other_specify(ANSWERS, {None: ["lottery"]})  # type: ignore[dict-item]


def test_other_specify_refuses_blank_text_answers() -> None:
    # The old code coded "" and "   " as "Other": two respondents who wrote nothing were
    # counted as having named another source.
    answers = pd.Series(["Big Lottery", "", "rent", "   "], index=[1, 2, 3, 4], name="text")
    before = answers.copy()
    with pytest.raises(
        tt.UnknownValueError, match=r"(?s)blank text in question 'text': '' \(row 2\); '   ' "
    ) as info:
        recode.other_specify(answers, {"Trusts": "lottery"}, other="Other")
    assert set(info.value.rows) == {2, 4}
    assert "tt.missing.SKIPPED" in str(info.value)
    # ... and without `other=`, where they were reported as unmatched answers.
    with pytest.raises(tt.UnknownValueError, match="blank text"):
        recode.other_specify(answers, {"Trusts": "lottery"})
    pd.testing.assert_series_equal(answers, before)
    # The hint's fix works: marked skipped, they pass through like any missing answer.
    blank = answers.str.strip().eq("")
    result = recode.other_specify(answers.mask(blank, SKIPPED), {"Trusts": "lottery"}, other="O")
    assert result.series.tolist() == ["Trusts", SKIPPED, "O", SKIPPED]


# -- other_specify: rules of the wrong type (report 10) -----------------------------------


def test_other_specify_refuses_a_bytes_pattern() -> None:
    # The old code raised a raw TypeError: "cannot use a bytes pattern on a string-like
    # object".
    rule = re.compile(b"abc")
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)rule re.compile\(b'abc'\) for code 'X' is a bytes pattern.*"
        r"re.compile\('abc'\)",
    ):
        recode.other_specify(pd.Series(["ABC"]), {"X": rule})  # type: ignore[dict-item]


def test_other_specify_refuses_rules_that_are_neither_text_nor_a_list() -> None:
    # The old code raised a raw TypeError ("'int' object is not iterable") for 5, and for
    # b"abc" complained about "rule 97" (the first byte).
    with pytest.raises(tt.InvalidOptionError, match=r"rules for code 'X' must be .* got 5"):
        recode.other_specify(pd.Series(["ABC"]), {"X": 5})  # type: ignore[dict-item]
    with pytest.raises(tt.InvalidOptionError, match=r"rules for code 'X' must be .* got b'abc'"):
        recode.other_specify(pd.Series(["ABC"]), {"X": b"abc"})  # type: ignore[dict-item]
    # The old code raised a raw AttributeError ("'list' object has no attribute 'items'").
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)`rules` must map each code.*Hint:"):
        recode.other_specify(pd.Series(["ABC"]), ["X"])  # type: ignore[arg-type]


# -- neutralise (report 10) -------------------------------------------------------------


@pytest.mark.parametrize("cell", [None, 5, -5, 2.5, True])
def test_neutralise_passes_cells_that_are_not_text_through(cell: object) -> None:
    # The old code raised a raw AttributeError ("'NoneType' object has no attribute
    # 'startswith'"): a number or a blank is no formula, and a spreadsheet writes it as one.
    assert tt.io.neutralise(cell) is cell


def test_neutralise_over_a_mixed_column() -> None:
    # The old code failed on the first number of the column.
    cells = pd.Series(["=1+1", 3, None, "-2 staff", math.nan], dtype=object)
    out = cells.map(tt.io.neutralise).tolist()
    assert out[:4] == ["'=1+1", 3, None, "'-2 staff"]
    assert math.isnan(out[4])


# -- collapse, nets, to_indicators: empty and blank labels (report, minor observations) ---


def test_nets_refuses_a_net_of_no_options() -> None:
    # The old code added a "Top" column of zeros: a 0% net row that nobody can be in.
    answers = pd.Series(["Good", "Poor"])
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)net 'Top' is made of no options.*Hint:"):
        recode.nets(answers, {"Top": []}, options=["Good", "Poor"])


def test_collapse_refuses_a_group_of_no_options() -> None:
    # The old code kept "A" as an empty category, which printed as a 0% row.
    with pytest.raises(tt.InvalidOptionError, match=r"(?s)group 'A' is made of no options.*Hint:"):
        recode.collapse(pd.Series(["a", "b"]), {"A": [], "B": ["a", "b"]})
    # The `other` group may still hold its place in the order with no options of its own.
    out = recode.collapse(pd.Series(["a", "z"]), {"Other": [], "A": "a"}, other="Other")
    assert out.tolist() == ["A", "Other"]


@pytest.mark.parametrize(
    ("mapping", "other", "shown"),
    [
        ({"": "Good", "P": "Poor"}, None, r"group '' is blank"),
        ({"   ": "Good", "P": "Poor"}, None, r"group '   ' is blank"),
        ({"G": "Good", "P": "Poor"}, "", r"`other` group '' is blank"),
        ({"G ": "Good", "G": "Poor"}, None, r"groups 'G ' and 'G' would print alike"),
    ],
)
def test_collapse_refuses_blank_group_labels_and_labels_that_print_alike(
    mapping: dict[str, str], other: str | None, shown: str
) -> None:
    # The old code made a category "" (a row with no label), or two categories "G " and
    # "G" that a table prints as two identical rows.
    with pytest.raises(tt.InvalidOptionError, match=rf"(?s){shown}.*Hint:"):
        recode.collapse(pd.Series(["Good", "Poor"]), mapping, other=other)


def test_nets_refuses_a_blank_net_label() -> None:
    # The old code added a column named "", a net row with no label.
    with pytest.raises(tt.InvalidOptionError, match=r"net '' is blank"):
        recode.nets(pd.Series(["Good"]), {"": ["Good"]}, options=["Good", "Poor"])


def test_other_specify_refuses_codes_that_print_alike() -> None:
    # The old code made two codes "Trusts" and "Trusts " that print as the same row.
    with pytest.raises(tt.InvalidOptionError, match=r"codes 'Trusts' and 'Trusts ' would print"):
        recode.other_specify(ANSWERS, {"Trusts": "lottery", "Trusts ": "trust"})


@pytest.mark.parametrize(
    "call",
    [
        lambda: recode.to_indicators(pd.Series(["A"]), separator=";", options=["A", SKIPPED]),
        lambda: recode.to_indicators(pd.Series(["A;<skipped>", "B"]), separator=";"),
        lambda: recode.to_indicators(pd.DataFrame({"A": [1, 0], SKIPPED: [0, 1]})),
        lambda: recode.to_delimited(pd.DataFrame({"A": [1, 0], SKIPPED: [0, 1]})),
    ],
)
def test_multi_response_shapes_refuse_a_marker_as_an_option(call: object) -> None:
    # The old code made "<skipped>" an option column, so a missing kind was counted as a
    # tick (or, with `options=`, an option nobody could ever tick).
    assert callable(call)
    with pytest.raises(tt.InvalidOptionError, match=r"option '<skipped>' is a missing marker"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda frame: recode.collapse(frame, {"AB": ["A", "B"], "C": "C"}),
        lambda frame: recode.nets(frame, {"AB": ["A", "B"]}),
        lambda frame: recode.reverse(frame, scale=["A", "B", "C"]),
    ],
)
def test_scale_recodings_refuse_a_dataframe_naming_multi_nets(call: object) -> None:
    # The old code crashed with AttributeError "'DataFrame' object has no attribute
    # 'dtype'" when given a multi-response set's 0/1 columns.
    ticks = pd.DataFrame({"A": [1, 0], "B": [0, 1], "C": [0, 0]})
    before = ticks.copy()
    assert callable(call)
    with pytest.raises(
        tt.InvalidDataError,
        match=r"(?s)takes one question's answers as a pandas Series; got a DataFrame of 3 "
        r"columns \('A', 'B', 'C'\).*Hint:.*df\['A'\].*tracktr\.multi_nets",
    ):
        call(ticks)
    pd.testing.assert_frame_equal(ticks, before)
    with pytest.raises(TypeError):  # InvalidDataError is also a TypeError
        call(ticks)


@pytest.mark.parametrize("read", [tt.recode.to_indicators, tt.recode.to_long])
def test_a_delimited_cell_giving_an_option_twice_is_refused(read: object) -> None:
    # Before: "A;A" read as one tick, unseen, where multi_response refuses the same cell.
    cells = pd.Series(["A;A", "B"], index=[10, 11])
    with pytest.raises(tt.MultiResponseError, match=r"\('A;A'\), in rows \[10\]"):
        read(cells, separator=";", options=["A", "B"])  # type: ignore[operator]

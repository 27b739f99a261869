"""compare_table with a design, for a table by a nested banner (a tuple ``by``)."""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt


def _data() -> pd.DataFrame:
    rows = []
    for k in range(80):
        region = "North" if k % 2 else "South"
        funder = "CRC" if k % 4 < 2 else "Other"
        # North / CRC says yes far more often than the rest.
        yes = (k % 5 != 0) if (region, funder) == ("North", "CRC") else (k % 5 == 0)
        rows.append((region, funder, "Yes" if yes else "No", 1.0 + (k % 3)))
    return pd.DataFrame(rows, columns=["region", "funder", "q", "w"])


def test_design_letters_of_a_nested_banner_equal_those_of_its_joined_column() -> None:
    data = _data()
    before = data.copy()
    design = tt.Design(weights="w")
    nested = tt.frequencies(data, "q", options=["Yes", "No"], by=("region", "funder"), weights="w")
    result = tt.compare_table(nested, design=design, data=data, by=("region", "funder"))
    # The same groups as one column of its own: the same tests.
    joined = data.assign(group=data["region"] + " / " + data["funder"])
    flat = tt.frequencies(joined, "q", options=["Yes", "No"], by="group", weights="w")
    expected = tt.compare_table(flat, design=design, data=joined, by="group")
    assert result.to_frame()["p_value"].tolist() == pytest.approx(
        expected.to_frame()["p_value"].tolist(), rel=1e-12
    )
    assert result.letters is not None
    assert expected.letters is not None
    assert result.letters.to_numpy().tolist() == expected.letters.to_numpy().tolist()
    assert (result.to_frame()["p_adjusted"] < 0.05).any()
    pd.testing.assert_frame_equal(data, before)  # the input is not mutated


def test_a_nested_banner_with_a_column_missing_names_it() -> None:
    data = _data()
    nested = tt.frequencies(data, "q", options=["Yes", "No"], by=("region", "funder"), weights="w")
    with pytest.raises(tt.QuestionNotFoundError, match=r"column\(s\) \['funder'\]"):
        tt.compare_table(
            nested,
            design=tt.Design(weights="w"),
            data=data.drop(columns="funder"),
            by=("region", "funder"),
        )


def test_compare_groups_under_a_design_takes_a_nested_banner() -> None:
    data = _data()
    design = tt.Design(weights="w")
    joined = data.assign(group=data["region"] + " / " + data["funder"])
    by = ("region", "funder")
    pairs = tt.compare_groups(data, "q", by, design=design).to_frame()
    expected = tt.compare_groups(joined, "q", "group", design=design).to_frame()
    assert pairs["p_value"].tolist() == pytest.approx(expected["p_value"].tolist(), rel=1e-12)
    rest = tt.compare_groups(data, "q", by, design=design, against="rest").to_frame()
    expected = tt.compare_groups(joined, "q", "group", design=design, against="rest").to_frame()
    assert rest["p_value"].tolist() == pytest.approx(expected["p_value"].tolist(), rel=1e-12)


def test_the_design_functions_take_a_nested_banner() -> None:
    data = _data()
    before = data.copy()
    design = tt.Design(weights="w")
    joined = data.assign(group=data["region"] + " / " + data["funder"])
    by = ("region", "funder")
    nested = tt.design.estimate_proportions(data, "q", design=design, by=by).to_frame()
    flat = tt.design.estimate_proportions(joined, "q", design=design, by="group").to_frame()
    assert nested["group"].tolist() == flat["group"].tolist()
    assert nested["se"].tolist() == pytest.approx(flat["se"].tolist(), rel=1e-12)
    pairs = tt.design.compare_groups(data, "q", by, design=design).to_frame()
    expected = tt.design.compare_groups(joined, "q", "group", design=design).to_frame()
    assert pairs["p_value"].tolist() == pytest.approx(expected["p_value"].tolist(), rel=1e-12)
    two = ("North / CRC", "South / CRC")
    one = tt.design.difference(data, "q", by, option="Yes", groups=two, design=design)
    other = tt.design.difference(joined, "q", "group", option="Yes", groups=two, design=design)
    assert one.p_value == pytest.approx(other.p_value, rel=1e-12)
    test = tt.design.chisq(data, "q", by, design=design)
    assert test.p_value == pytest.approx(
        tt.design.chisq(joined, "q", "group", design=design).p_value
    )
    pd.testing.assert_frame_equal(data, before)

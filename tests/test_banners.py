"""Banners: several breakdowns side by side, nested, weighted, with a missing group.

Every count is checked against an independent plain-pandas computation on questionr's
``hdv2003`` (weights ``poids``) and expss's ``product_test`` (see tests/data/README.md).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.banners import Banner, banner_column, parse_banners, split_banners

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def hdv() -> pd.DataFrame:
    return pd.read_csv(DATA / "hdv2003.csv")


@pytest.fixture(scope="module")
def product() -> pd.DataFrame:
    return pd.read_csv(DATA / "product_test.csv")


def _weighted_crosstab(df: pd.DataFrame, row: str, column: str, weight: str) -> pd.DataFrame:
    """Plain pandas: sum of weights by (row, column), respondents with both answers."""
    both = df.dropna(subset=[row, column])
    return both.pivot_table(index=row, columns=column, values=weight, aggfunc="sum", fill_value=0)


def test_list_of_banners_matches_pandas_weighted(hdv: pd.DataFrame) -> None:
    table = tt.frequencies(hdv, "clso", by=["sexe", "relig"], weights="poids")
    assert table.counts.columns.names[0] == "banner"
    for banner in ("sexe", "relig"):
        expected = _weighted_crosstab(hdv, "clso", banner, "poids")
        got = table.counts[banner].drop(columns="All")
        got = got.loc[expected.index, expected.columns]
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12)
        # Each banner's total counts everyone who answered, whatever their group.
        total = hdv.dropna(subset=["clso"]).groupby("clso")["poids"].sum()
        np.testing.assert_allclose(
            table.counts[(banner, "All")].loc[total.index].to_numpy(), total.to_numpy()
        )
        unweighted = hdv.dropna(subset=["clso", banner]).groupby(banner).size()
        assert table.unweighted_bases[banner].drop("All").loc[unweighted.index].tolist() == (
            unweighted.tolist()
        )


def test_list_of_banners_equals_one_banner_at_a_time(hdv: pd.DataFrame) -> None:
    stacked = tt.frequencies(hdv, "qualif", by=["sexe", "occup"])
    for banner in ("sexe", "occup"):
        alone = tt.frequencies(hdv, "qualif", by=banner)
        pd.testing.assert_frame_equal(stacked.counts[banner], alone.counts, check_names=False)
        assert stacked.bases[banner].tolist() == alone.bases.tolist()


def test_nested_banner_matches_pandas(hdv: pd.DataFrame) -> None:
    table = tt.frequencies(hdv, "clso", by=("sexe", "trav.satisf"))
    both = hdv.dropna(subset=["clso", "sexe", "trav.satisf"])
    expected = pd.crosstab(both["clso"], [both["sexe"], both["trav.satisf"]])
    for sexe, satisf in expected.columns:
        label = f"{sexe} / {satisf}"
        assert table.counts[label].loc[expected.index].tolist() == (
            expected[(sexe, satisf)].tolist()
        )
    # Groups are in the order of the outer column, then the inner one.
    assert list(table.counts.columns)[:2] == ["Femme / Equilibre", "Femme / Insatisfaction"]


def test_missing_group_gets_its_own_column(hdv: pd.DataFrame) -> None:
    table = tt.frequencies(hdv, "clso", by="nivetud", missing_group="No answer")
    no_group = hdv[hdv["nivetud"].isna()].dropna(subset=["clso"])
    expected = no_group["clso"].value_counts()
    assert table.counts["No answer"].loc[expected.index].tolist() == expected.tolist()
    groups = table.counts.drop(columns="All").sum(axis=1)
    assert groups.tolist() == table.counts["All"].tolist()  # nobody vanishes


def test_missing_group_label_must_be_new(hdv: pd.DataFrame) -> None:
    with pytest.raises(tt.InvalidOptionError, match="already a group of 'sexe'"):
        tt.frequencies(hdv, "clso", by="sexe", missing_group="Homme")


@pytest.mark.parametrize(
    ("by", "message"),
    [
        ([], "must be a column"),
        ([("sexe",)], "two or more column names"),
        (["sexe", "sexe"], "more than once"),
    ],
)
def test_bad_banners_are_refused(hdv: pd.DataFrame, by: object, message: str) -> None:
    with pytest.raises(tt.InvalidOptionError, match=message):
        tt.frequencies(hdv, "clso", by=by)  # type: ignore[arg-type]


def test_banner_column_not_in_data(hdv: pd.DataFrame) -> None:
    with pytest.raises(tt.QuestionNotFoundError, match=r"banner 'region × sexe'.*\['region'\]"):
        tt.frequencies(hdv, "clso", by=[("region", "sexe")])


def test_multi_response_by_banners_weighted(hdv: pd.DataFrame) -> None:
    hobbies = ["hard.rock", "lecture.bd", "peche.chasse", "cuisine", "bricol", "cinema", "sport"]
    ticks = tt.recode.from_yes_no(hdv, hobbies, true=["Oui"], false=["Non"])
    frame = pd.concat([ticks, hdv[["sexe", "qualif", "poids"]]], axis=1)
    table = tt.multi_response(
        frame, "hobbies", columns=hobbies, by=["sexe", "qualif"], weights="poids"
    )
    answered = ticks.sum(axis=1) > 0
    for banner in ("sexe", "qualif"):
        rows = frame[answered & frame[banner].notna()]
        expected = rows[hobbies].mul(rows["poids"], axis=0).groupby(rows[banner]).sum().T
        got = table.counts[banner][expected.columns].loc[hobbies]
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12)
        bases = rows.groupby(banner)["poids"].sum()
        np.testing.assert_allclose(table.bases[banner][bases.index].to_numpy(), bases.to_numpy())


def test_grid_by_group_weighted_matches_pandas(product: pd.DataFrame) -> None:
    scale = list(range(1, 8))
    weights = 1 + (product["id"] % 3) / 2  # a deterministic, uneven weight
    frame = product.assign(w=weights)
    table = tt.grid(
        frame,
        "quality",
        columns=["a22", "b22"],
        items=["VSX123", "SDF456"],
        options=scale,
        by="cell",
        weights="w",
    )
    assert table.counts.index.names[0] == "group"
    for cell in (1, 2):
        part = frame[frame["cell"] == cell]
        for column, item in (("a22", "VSX123"), ("b22", "SDF456")):
            expected = part.groupby(column)["w"].sum().reindex(scale, fill_value=0)
            np.testing.assert_allclose(table.counts.loc[(cell, item)].to_numpy(), expected)
            assert table.unweighted_bases[(cell, item)] == part[column].notna().sum()
    # The "All" block is the whole grid, weighted.
    whole = tt.grid(
        frame,
        "quality",
        columns=["a22", "b22"],
        items=["VSX123", "SDF456"],
        options=scale,
        weights="w",
    )
    np.testing.assert_allclose(table.counts.loc["All"].to_numpy(), whole.counts.to_numpy())


def test_grid_average_refused_with_weights(product: pd.DataFrame) -> None:
    with pytest.raises(tt.InvalidOptionError, match="AVERAGE row is not defined for a weighted"):
        tt.grid(product, "q", columns=["a22", "b22"], average=True, weights=[1.0] * 150)


def test_parse_and_banner_column() -> None:
    banners, listed = parse_banners(("a", "b"))
    assert [b.name for b in banners] == ["a × b"]
    assert not listed
    df = pd.DataFrame({"a": ["x", None, "<skipped>"], "b": ["u", "v", "u"]})
    before = df.copy()
    column = banner_column(df, Banner(("a", "b")), missing_group="?")
    assert column.tolist() == ["x / u", "?", "?"]
    assert list(column.cat.categories) == ["x / u", "?"]
    pd.testing.assert_frame_equal(df, before)  # input not mutated


def test_split_banners_gives_each_banner_and_compare_refuses_the_stack(hdv: pd.DataFrame) -> None:
    stacked = tt.frequencies(hdv, "clso", by=["sexe", "relig"], weights="poids")
    parts = tt.banners.split_banners(stacked)
    alone = tt.frequencies(hdv, "clso", by="relig", weights="poids")
    pd.testing.assert_frame_equal(parts["relig"].counts, alone.counts, check_names=False)
    assert parts["relig"].unweighted_bases.tolist() == alone.unweighted_bases.tolist()
    with pytest.raises(tt.InvalidOptionError, match="several banners side by side"):
        tt.compare_table(stacked)
    assert tt.compare_table(parts["sexe"]).groups == ("Femme", "Homme")
    with pytest.raises(tt.InvalidOptionError, match="has no banner level"):
        tt.banners.split_banners(alone)


NO_ANSWER = (
    "Respondents in the base who gave no answer to {!r} (or an answer marked missing) are "
    "counted in the total, in no column."
)


def test_each_banner_part_keeps_only_its_own_notes() -> None:
    # Before: both parts had both notes, and the part by "h" (every respondent in a
    # group of h) said that some gave no answer to 'g'.
    df = pd.DataFrame({"q": ["a", "b", "a"], "g": ["x", None, "y"], "h": ["u", "u", "v"]})
    stacked = tt.frequencies(df, "q", by=["g", "h"])
    parts = tt.banners.split_banners(stacked.with_notes("Synthetic data."))
    assert parts["g"].extra_notes == (NO_ANSWER.format("g"), "Synthetic data.")
    assert parts["h"].extra_notes == ("Synthetic data.",)  # the caller's note: of every part
    assert not any("'g'" in note for note in parts["h"].notes)
    assert parts["h"] == tt.frequencies(df, "q", by="h").with_notes("Synthetic data.")
    # A note dropped from the stacked table is not brought back by splitting it.
    dropped = tt.banners.split_banners(dataclasses.replace(stacked, extra_notes=()))
    assert dropped["g"].extra_notes == ()


def test_weighted_banner_parts_can_be_protected() -> None:
    # Before: stacking dropped `unweighted_counts`, and protect() refused the weighted
    # table (and its parts) as "weighted but does not carry the number of respondents".
    rng = np.random.default_rng(7)
    df = pd.DataFrame(
        {
            "q": rng.choice(["a", "b", "c"], 60),
            "g": rng.choice(["x", "y"], 60),
            "h": rng.choice(["u", "v"], 60),
            "w": rng.uniform(0.5, 2.0, 60),
        }
    )
    stacked = tt.frequencies(df, "q", by=["g", "h"], weights="w")
    alone = tt.frequencies(df, "q", by="h", weights="w")
    assert stacked.unweighted_counts is not None
    part = tt.banners.split_banners(stacked)["h"]
    assert part.unweighted_counts is not None
    pd.testing.assert_frame_equal(part.unweighted_counts, alone.unweighted_counts)
    protected = tt.disclosure.protect([part], threshold=5)
    assert (
        protected.tables[0]
        .to_frame()
        .equals(tt.disclosure.protect([alone], threshold=5).tables[0].to_frame())
    )
    assert len(tt.disclosure.protect([stacked], threshold=5).tables) == 1


def test_notes_of_several_banners_read_banner_and_group(hdv: pd.DataFrame) -> None:
    table = tt.frequencies(hdv.iloc[:40], "clso", by=["sexe"])
    assert table.base_line().startswith("Base: respondents who answered (sexe: Femme n=")
    assert "Percentages of sexe: All sum to" in " ".join(table.notes)


ORDER = ["Small", "Medium", "Large"]
SIZES = tt.Survey.from_dict(
    {
        "title": "Sizes",
        "questions": [
            {
                "id": "size",
                "type": "ordinal",
                "text": "Size?",
                "options": ["Small", "Medium", "Large"],
            },
            {"id": "grants", "type": "single", "text": "Grants?", "options": ["Yes", "No"]},
            {"id": "staff", "type": "numeric", "text": "Staff?"},
        ],
    }
)


def test_a_codebook_breakdown_has_every_option_in_codebook_order() -> None:
    # Before: the groups were the values found, sorted (Large, Small), Medium left out.
    df = pd.DataFrame(
        {"size": ["Large", "Small", "Large", "Small"], "grants": ["Yes", "No", "No", "Yes"],
         "staff": [1, 2, 3, 4]}
    )  # fmt: skip
    order = ORDER
    table = tt.frequencies(df, "grants", survey=SIZES, by="size")
    assert list(table.counts.columns) == [*order, "All"]
    assert table.bases.tolist() == [2, 0, 2, 4]
    listed = tt.frequencies(df, "grants", survey=SIZES, by=["size"], missing_group="None")
    assert list(listed.counts.columns.get_level_values(-1)) == [*order, "None", "All"]
    summary = tt.summarise(df, "staff", survey=SIZES, by="size")
    assert list(summary.statistics.index) == [*order, "All"]
    book = tt.tabbook(df, SIZES, banners=["size"])
    groups = [group for _, group, _ in book.section("grants").columns() if group != "All"]
    assert groups == order
    # Without the codebook the groups are still the values found.
    assert list(tt.crosstab(df, "grants", "size").counts.columns) == ["Large", "Small", "All"]


@pytest.mark.parametrize("stray", ["Huge", 2])
def test_a_codebook_breakdown_refuses_an_answer_not_among_its_options(stray: object) -> None:
    df = pd.DataFrame({"size": ["Large", stray], "grants": ["Yes", "No"], "staff": [1, 2]})
    calls = [
        lambda: tt.frequencies(df, "grants", survey=SIZES, by="size"),
        lambda: tt.summarise(df, "staff", survey=SIZES, by="size"),
        lambda: tt.tabbook(df, SIZES, banners=["size"]),
    ]
    for call in calls:
        with pytest.raises(tt.UnknownValueError, match=r"question 'size': value\(s\) \['?(Huge|2)"):
            call()


def test_nested_groups_that_print_alike_are_refused() -> None:
    # Old: pandas' raw ValueError "Categorical categories must be unique": the groups
    # ("North", "East / CRC") and ("North / East", "CRC") both print "North / East / CRC".
    data = pd.DataFrame(
        {
            "q": ["Good", "Poor", "Good", "Poor"],
            "region": ["North", "North / East", "North", "North / East"],
            "funder": ["East / CRC", "CRC", "CRC", "CRC"],
        }
    )
    with pytest.raises(tt.InvalidOptionError, match="both print as 'North / East / CRC'"):
        tt.frequencies(data, "q", by=("region", "funder"))
    # Only one of the two held by respondents: no two groups print alike.
    one = data.assign(funder="CRC")
    table = tt.frequencies(one, "q", by=("region", "funder"))
    assert list(table.counts.columns) == ["North / CRC", "North / East / CRC", "All"]


@pytest.mark.parametrize("spec", [("funder", "funder"), ("region", "funder", "region")])
def test_a_nested_banner_naming_a_column_twice_is_refused(spec: tuple[str, ...]) -> None:
    # Before: ("funder", "funder") was a banner of "a / a" and "b / b", funder again.
    with pytest.raises(tt.InvalidOptionError, match=r"names the column\(s\) \[.*\] more than once"):
        parse_banners([spec])


def test_a_protected_table_is_refused_with_the_order_to_split_then_protect() -> None:
    # Found by hW3: split_banners(protect([t])[0]) raised a bare AttributeError.
    df = pd.DataFrame({"q": ["a", "b", "a"] * 4, "f": ["x", "y"] * 6, "g": ["u", "v", "v"] * 4})
    protected = tt.disclosure.protect([tt.frequencies(df, "q", by=["f", "g"])])
    with pytest.raises(tt.InvalidDataError, match=r"takes a Table; got a Suppression"):
        split_banners(protected[0])  # type: ignore[arg-type]


def test_parts_of_combined_tables_keep_only_their_own_notes() -> None:
    # Only the second chunk has a respondent with no answer to "g": combined, the note
    # was of no banner in the first chunk's record of whose the notes are, so the part
    # by "f" said "no answer to 'g'" too.
    first = pd.DataFrame({"q": ["Yes", "No"], "f": ["a", "b"], "g": ["u", "v"]})
    second = pd.DataFrame({"q": ["Yes", "No"], "f": ["a", "b"], "g": ["u", None]})
    chunks = [tt.frequencies(part, "q", by=["f", "g"]) for part in (first, second)]
    parts = split_banners(tt.combine(chunks))
    whole = tt.frequencies(pd.concat([first, second], ignore_index=True), "q", by=["f", "g"])
    for name, part in split_banners(whole).items():
        assert parts[name].extra_notes == part.extra_notes
    assert parts["f"].extra_notes == ()
    assert "no answer to 'g'" in parts["g"].extra_notes[0]

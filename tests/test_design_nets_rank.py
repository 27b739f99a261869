"""Design-based letters of nets, and the design-based rank test, against R survey.

Known values: tests/reference/survey_api_nets_rank.csv, made by
tests/reference/survey_api_nets_rank.R (R 4.2.2, survey 4.1.1, Debian 12) on tests/data/api/
(R survey's data(api), GPL-2 | GPL-3): ``svycontrast(svyby(~net, ~stype, ..., covmat=TRUE))``
for the nets of a single-choice question and of a multi-response set (its base a domain,
``subset(design, ticked any)``), ``svyranktest`` for the rank tests.
Tolerance: 1e-6 relative.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import tracktr as tt

HERE = Path(__file__).parent
REFERENCE = pd.read_csv(HERE / "reference" / "survey_api_nets_rank.csv", index_col=0)["value"]
BANDS = ["low", "mid", "high", "top"]
TICKS = ["sch.wide", "yr.rnd", "comp.imp"]


def _read(name: str) -> pd.DataFrame:
    data = pd.read_csv(HERE / "data" / "api" / f"api{name}.csv")
    api00 = data["api00"]
    # api00 in four bands, as the R script bands it
    data["band"] = np.select([api00 < 600, api00 < 700, api00 < 800], BANDS[:3], BANDS[3])
    for column in TICKS:
        data[f"t_{column}"] = (data[column] == "Yes").astype(int)
    return data


DESIGNS = {
    "strat": (_read("strat"), tt.Design(weights="pw", strata="stype", fpc="fpc")),
    "clus1": (_read("clus1"), tt.Design(weights="pw", clusters="dnum", fpc="fpc")),
}
PAIRS = [("E", "H"), ("E", "M"), ("H", "M")]


def refs(key: str, n: int) -> np.ndarray:
    return np.array([float(REFERENCE[f"{key}[{i}]"]) for i in range(1, n + 1)])


def close(actual: object, expected: object) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), expected, rtol=1e-6, atol=1e-12)


def _se(row: pd.Series, design: tt.Design, data: pd.DataFrame) -> float:
    quantile = stats.t.ppf(0.975, design.bind(data).degf - 1)
    return float((row["ci_high"] - row["ci_low"]) / 2 / quantile)


# -- nets -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DESIGNS))
def test_net_of_single_choice_matches_svycontrast(name: str) -> None:
    data, design = DESIGNS[name]
    table = tt.frequencies(data, "band", by="stype", weights="pw", options=BANDS)
    nets = {"mid or high": ["mid", "high"]}
    result = tt.compare_table(table, design=design, data=data, by="stype", nets=nets)
    frame = result.to_frame().set_index(["option", "group", "versus"])
    for k, (group, versus) in enumerate(PAIRS, start=1):
        row = frame.loc[("mid or high", group, versus)]
        close([row["difference"], _se(row, design, data)], refs(f"{name}.net.band.stype.{k}", 2))
    assert set(frame["test"]) == {"design t"}
    # the table shown is the nets', with the options' bases
    assert list(result.table.counts.index) == ["mid or high"]
    close(result.table.bases, table.bases)
    assert result.overall is None  # nets are not a partition: no Rao–Scott test


@pytest.mark.parametrize("name", list(DESIGNS))
def test_net_of_multi_response_set_matches_svycontrast(name: str) -> None:
    data, design = DESIGNS[name]
    columns = [f"t_{c}" for c in TICKS]
    table = tt.multi_response(data, "ticks", columns=columns, by="stype", weights="pw")
    nets = {"yr.rnd or comp.imp": columns[1:]}
    result = tt.compare_table(table, design=design, data=data, by="stype", nets=nets)
    frame = result.to_frame().set_index(["option", "group", "versus"])
    for k, (group, versus) in enumerate(PAIRS, start=1):
        row = frame.loc[("yr.rnd or comp.imp", group, versus)]
        close([row["difference"], _se(row, design, data)], refs(f"{name}.multinet.stype.{k}", 2))
    expected = tt.multi_nets(data, "ticks", nets, columns=columns, options=columns, by="stype",
                             weights="pw")  # fmt: skip
    pd.testing.assert_frame_equal(result.table.counts, expected.counts)


def test_net_letters_equal_the_options_letters_of_a_recoded_question() -> None:
    # A net is the indicator of any of its options: lettering the net must decide exactly
    # as lettering the recoded question's option does (same rows, same design).
    data, design = DESIGNS["strat"]
    recoded = data.assign(mh=np.where(data["band"].isin(["mid", "high"]), "yes", "no"))
    plain = tt.compare_table(
        tt.frequencies(recoded, "mh", by="stype", weights="pw"),
        design=design,
        data=recoded,
        by="stype",
        adjust="none",
        level=0.6,
    )
    table = tt.frequencies(data, "band", by="stype", weights="pw", options=BANDS)
    net = tt.compare_table(table, design=design, data=data, by="stype", adjust="none",
                           level=0.6, nets={"mh": ["mid", "high"]})  # fmt: skip
    assert net.letters is not None
    assert plain.letters is not None
    assert net.letters.loc["mh"].tolist() == plain.letters.loc["yes"].tolist()
    close(net.to_frame()["p_value"], plain.to_frame().query("option == 'yes'")["p_value"])


def _book_survey() -> tt.Survey:
    return tt.Survey.from_dict({
        "title": "API",
        "questions": [
            {"id": "stype", "type": "single", "text": "Type", "options": ["E", "H", "M"]},
            {"id": "band", "type": "ordinal", "text": "API band", "options": BANDS,
             "nets": {"mid or high": ["mid", "high"]}},
            {"id": "ticks", "type": "multi", "text": "Targets",
             "options": [{"code": k, "label": c, "column": f"t_{c}"}
                         for k, c in enumerate(TICKS, start=1)],
             "nets": {"yr.rnd or comp.imp": ["yr.rnd", "comp.imp"]}},
        ],
    })  # fmt: skip


@pytest.mark.parametrize("question", ["band", "ticks"])
def test_tabbook_letters_nets_under_a_design_as_compare_table(question: str) -> None:
    data, design = DESIGNS["strat"]
    survey = _book_survey()
    book = tt.tabbook(data, survey, banners=["stype"], questions=[question], design=design,
                      adjust="none", level=0.6)  # fmt: skip
    block = next(b for b in book.section(question).blocks if b.banner == "stype")
    assert block.nets is not None
    assert block.net_higher is not None
    spec = survey.spec(question)
    result = tt.compare_table(block.table, design=design, data=data, by="stype", survey=survey,
                              adjust="none", level=0.6, nets=spec.nets)  # fmt: skip
    expected: dict[tuple[object, object], list[object]] = {}
    for row in result.to_frame().query("significant").to_dict("records"):
        top, bottom = (row["group"], row["versus"])
        if row["difference"] < 0:
            top, bottom = bottom, top
        expected.setdefault((row["option"], top), []).append(bottom)
    assert block.net_higher == expected
    assert expected  # at level 0.6 some nets differ (E against H: p 0.34 and 0.05)
    notes = " ".join(book.section(question).notes)
    assert "a net is tested as the share with any of its options" in notes


def test_net_of_unknown_options_is_refused() -> None:
    data, design = DESIGNS["strat"]
    table = tt.frequencies(data, "band", by="stype", weights="pw", options=BANDS)
    with pytest.raises(tt.InvalidOptionError, match=r"net 'x' of 'band' is made of \['middle'\]"):
        tt.compare_table(table, design=design, data=data, by="stype", nets={"x": ["middle"]})


def test_table_of_nets_under_a_design_points_to_nets_option() -> None:
    data, design = DESIGNS["strat"]
    table = tt.frequencies(data, "band", by="stype", weights="pw", options=BANDS)
    nets = tt.net_table(table, {"mid or high": ["mid", "high"]})
    with pytest.raises(tt.InvalidBaseError, match=r"pass the options' table with nets="):
        tt.compare_table(nets, design=design, data=data, by="stype")


def test_nets_of_multi_response_without_design_are_refused() -> None:
    data, _ = DESIGNS["strat"]
    columns = [f"t_{c}" for c in TICKS]
    table = tt.multi_response(data, "ticks", columns=columns, by="stype")
    with pytest.raises(tt.InvalidOptionError, match=r"compare tt.multi_nets\(data"):
        tt.compare_table(table, nets={"any": columns[1:]})


def test_nets_without_design_compare_the_net_table() -> None:
    data, _ = DESIGNS["strat"]
    table = tt.frequencies(data, "band", by="stype", options=BANDS)
    nets = {"mid or high": ["mid", "high"]}
    direct = tt.compare_table(table, nets=nets).to_frame()
    via = tt.compare_table(tt.net_table(table, nets)).to_frame()
    pd.testing.assert_frame_equal(direct, via)

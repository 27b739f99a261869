"""Acceptance: the next umbrella body's whole job, end to end, against plain pandas.

A synthetic 400-organisation member survey (seeded) is written as a survey platform's
export (two header rows), read back with its codebook, raked to the sector's margins,
tabulated into a weighted tab book with two banners (one nested), compared with last
year's wave (about 60% of the organisations in both, one option renamed), protected and
written to .xlsx, .html and .md. Every step is checked against an independent
computation from the raw rows: numpy/pandas for shares, bases and raking, and a
``scipy.optimize.linprog`` reader for the protected book.
"""

from __future__ import annotations

import csv
import html
import re
import warnings
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

pytest.importorskip("openpyxl")
optimize = pytest.importorskip("scipy.optimize")

SEED = 2026
N = 400
SIZE = {"Small": 0.5, "Medium": 0.3, "Large": 0.2}
REGION = {"North": 0.25, "Midlands": 0.35, "South": 0.4}
POPULATION = 5000
BANNERS: list[str | tuple[str, ...]] = ["size", ("region", "funder")]
BOOK_QUESTIONS = ["demand", "contract_ok", "services", "housing_need"]
TEXTS = {
    "size": "How big is your organisation?",
    "region": "Where are you based?",
    "funder": "Who mainly funds your work?",
    "contract_ok": "Are your contracts fair?",
    "demand": "Has demand changed?",
    "services": "Which services do you run?",
    "housing_need": "Is housing need rising?",
    "views": "How satisfied are you with our...",
    "staff": "How many staff do you employ?",
}
SERVICES = ["Advice", "Housing", "Employment", "None of these"]


def codebook(mixed: str) -> tt.Survey:
    """The codebook of one wave; `mixed` labels the third funding option."""
    questions: list[dict[str, Any]] = [
        {"id": "size", "type": "single", "options": list(SIZE)},
        {"id": "region", "type": "single", "options": list(REGION)},
        {"id": "funder", "type": "single", "options": ["Grants", "Contracts", mixed]},
        {
            "id": "contract_ok",
            "type": "ordinal",
            "ask_if": {"question": "funder", "in": ["Contracts"]},
            "base": "organisations funded by contracts",
            "options": ["Yes", "Partly", "No"],
        },
        {
            "id": "demand",
            "type": "ordinal",
            "options": [
                "Increased",
                "Same",
                "Decreased",
                {"label": "Don't know", "dont_know": True},
            ],
            "nets": {"Changed": ["Increased", "Decreased"]},
            "scores": {"Increased": 1, "Same": 0, "Decreased": -1},
        },
        {
            "id": "services",
            "type": "multi",
            "options": [
                {"label": label, "column": f"services_{label.split()[0].lower()}"}
                | ({"exclusive": True} if label == "None of these" else {})
                for label in SERVICES
            ],
        },
        {
            "id": "housing_need",
            "type": "single",
            "ask_if": {"question": "services", "in": ["Housing"]},
            "options": ["Yes", "No"],
        },
        {
            "id": "views",
            "type": "grid",
            "items": [
                {"id": "advice", "label": "Advice line"},
                {"id": "training", "label": "Training"},
            ],
            "options": ["Satisfied", "Neutral", "Dissatisfied"],
        },
        {"id": "staff", "type": "numeric", "min": 0, "integer": True},
    ]
    for question in questions:
        question["text"] = TEXTS[question["id"]]
    return tt.Survey.from_dict(
        {"title": "Next members' survey", "population": "organisations", "questions": questions}
    )


def raw_wave(rng: np.random.Generator, ids: np.ndarray, mixed: str) -> pd.DataFrame:
    """One wave's answers as the platform holds them: text, blank where none."""
    n = len(ids)
    size = rng.choice(list(SIZE), n, p=[0.35, 0.35, 0.30])
    region = rng.choice(list(REGION), n, p=[0.3, 0.3, 0.4])
    funder = rng.choice(["Grants", "Contracts", mixed], n, p=[0.4, 0.35, 0.25])
    contract = rng.choice(["Yes", "Partly", "No", ""], n, p=[0.3, 0.4, 0.25, 0.05])
    # Large organisations see demand rise more often: the book's letters must find it.
    demand = np.where(
        size == "Large",
        rng.choice(
            ["Increased", "Same", "Decreased", "Don't know", ""], n, p=[0.75, 0.1, 0.05, 0.05, 0.05]
        ),
        rng.choice(
            ["Increased", "Same", "Decreased", "Don't know", ""], n, p=[0.4, 0.3, 0.15, 0.1, 0.05]
        ),
    )
    ticks = rng.random((n, 3)) < [0.6, 0.4, 0.3]
    set_skipped = rng.random(n) < 0.03
    need = rng.choice(["Yes", "No", ""], n, p=[0.6, 0.35, 0.05])
    scale = ["Satisfied", "Neutral", "Dissatisfied", ""]
    staff = rng.poisson(np.select([size == "Large", size == "Medium"], [40, 12], 3))
    frame = pd.DataFrame(
        {
            "id": ids,
            "size": size,
            "region": region,
            "funder": funder,
            "contract_ok": np.where(funder == "Contracts", contract, ""),
            "demand": demand,
        }
    )
    for k, label in enumerate(SERVICES):
        ticked = ticks[:, k] if k < 3 else ~ticks.any(axis=1)
        frame[label] = np.where(set_skipped | ~ticked, "", label)
    housing = ticks[:, 1] & ~set_skipped
    frame["housing_need"] = np.where(housing, need, "")
    frame["Advice line"] = rng.choice(scale, n, p=[0.5, 0.3, 0.15, 0.05])
    frame["Training"] = rng.choice(scale, n, p=[0.4, 0.35, 0.2, 0.05])
    frame["staff"] = np.where(rng.random(n) < 0.05, "", staff.astype(str))
    return frame


def write_export(raw: pd.DataFrame, path: Path) -> Path:
    """Write `raw` as SurveyMonkey does: question text, then option / item / "Response"."""
    first = ["Respondent ID"] + [TEXTS[q] for q in ("size", "region", "funder", "contract_ok")]
    first += [TEXTS["demand"], TEXTS["services"], "", "", "", TEXTS["housing_need"]]
    first += [TEXTS["views"], "", TEXTS["staff"]]
    second = ["", *["Response"] * 5, *SERVICES, "Response", "Advice line", "Training"]
    second += ["Open-Ended Response"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows([first, second, *raw.astype(str).to_numpy().tolist()])
    return path


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Both waves, read back from their exports, the weights and the books."""
    folder = tmp_path_factory.mktemp("next_body")
    rng = np.random.default_rng(SEED)
    ids = np.arange(1001, 1001 + N)
    # Last year's wave: 240 of this year's organisations (60%) and 160 others.
    last_ids = np.concatenate([rng.choice(ids, 240, replace=False), np.arange(2001, 2161)])
    raw = raw_wave(rng, ids, "Mixed funding")
    raw_last = raw_wave(rng, np.sort(last_ids), "Mixed")
    survey, survey_last = codebook("Mixed funding"), codebook("Mixed")
    export = tt.io.read_platform_export(write_export(raw, folder / "next-2025.csv"), survey)
    last = tt.io.read_platform_export(write_export(raw_last, folder / "next-2024.csv"), survey_last)
    data = export.data
    raked = tt.weights.rake(data, {"size": SIZE, "region": REGION}, population=POPULATION)
    weighted = data.assign(weight=raked.weights)
    book = tt.tabbook(weighted, survey, banners=BANNERS, weights="weight", questions=BOOK_QUESTIONS)
    with warnings.catch_warnings():
        # Every book of two banners and two questions warns of a cycle of breakdowns
        # (reported to the owner of disclosure/); the reader below checks what it fears.
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        protected = tt.tabbook(
            weighted,
            survey,
            banners=BANNERS,
            weights="weight",
            questions=BOOK_QUESTIONS,
            threshold=5,
        )
    return {
        "folder": folder,
        "raw": raw,
        "raw_last": raw_last,
        "survey": survey,
        "survey_last": survey_last,
        "export": export,
        "last": last,
        "data": data,
        "raked": raked,
        "weighted": weighted,
        "book": book,
        "protected": protected,
    }


def blank(column: pd.Series) -> pd.Series:
    return column.astype(str).str.strip().eq("")


def asked_and_answered(raw: pd.DataFrame, question: str) -> pd.Series:
    """Who the routing asked and who answered, from the raw export rows alone."""
    if question == "services":
        return ~raw[SERVICES].apply(blank).all(axis=1)
    return ~blank(raw[question])


def half_up(share: float) -> int:
    return int((Decimal(float(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------- reading the export


def test_export_reads_back_every_answer(job: dict[str, Any]) -> None:
    raw, data = job["raw"], job["data"]
    assert len(data) == N
    assert data["respondent_id"].tolist() == raw["id"].tolist()
    for question in ("size", "region", "funder", "demand"):
        read = data[question].astype(str).where(~blank(raw[question]), "")
        assert read.str.replace("<skipped>", "").tolist() == raw[question].tolist()
    # Routed out: not asked; asked and blank: skipped.
    contract = data["contract_ok"].astype(str)
    assert (contract[raw["funder"] != "Contracts"] == "<not asked>").all()
    asked_blank = (raw["funder"] == "Contracts") & blank(raw["contract_ok"])
    assert asked_blank.any()
    assert (contract[asked_blank] == "<skipped>").all()
    for label in SERVICES:
        column = "services_" + label.split()[0].lower()
        expected = np.where(
            ~asked_and_answered(raw, "services"),
            "<skipped>",
            np.where(raw[label] == label, "1", "0"),
        )
        assert data[column].astype(str).tolist() == expected.tolist()
    staff = pd.to_numeric(data["staff"], errors="coerce")
    assert staff.fillna(-1).tolist() == pd.to_numeric(raw["staff"]).fillna(-1).tolist()


# ---------------------------------------------------------------- weights


def test_raking_meets_the_sector_margins(job: dict[str, Any]) -> None:
    data, weights = job["data"], np.asarray(job["raked"].weights, dtype=float)
    assert (weights > 0).all()
    assert weights.sum() == pytest.approx(POPULATION, rel=1e-9)
    for column, shares in (("size", SIZE), ("region", REGION)):
        for category, share in shares.items():
            total = weights[(data[column] == category).to_numpy()].sum()
            assert total == pytest.approx(share * POPULATION, rel=1e-8)
    # Independent iterative proportional fitting in numpy gives the same weights.
    mine = np.full(N, POPULATION / N)
    for _ in range(200):
        for column, shares in (("size", SIZE), ("region", REGION)):
            values = data[column].astype(str).to_numpy()
            for category, share in shares.items():
                where = values == category
                mine[where] *= share * POPULATION / mine[where].sum()
    np.testing.assert_allclose(weights, mine, rtol=1e-8)


# ---------------------------------------------------------------- tables and bases


def weighted_shares(
    raw: pd.DataFrame, weights: np.ndarray, question: str, options: list[str]
) -> tuple[dict[str, float], int]:
    answered = asked_and_answered(raw, question).to_numpy()
    base = weights[answered].sum()
    if question == "services":
        return {o: weights[answered & (raw[o] == o).to_numpy()].sum() / base for o in options}, int(
            answered.sum()
        )
    return {
        o: weights[answered & (raw[question] == o).to_numpy()].sum() / base for o in options
    }, int(answered.sum())


@pytest.mark.parametrize(
    ("question", "options"),
    [
        ("demand", ["Increased", "Same", "Decreased", "Don't know"]),
        ("contract_ok", ["Yes", "Partly", "No"]),
        ("housing_need", ["Yes", "No"]),
        ("services", SERVICES),
    ],
)
def test_weighted_tables_match_the_raw_rows(
    job: dict[str, Any], question: str, options: list[str]
) -> None:
    raw, weighted, survey = job["raw"], job["weighted"], job["survey"]
    weights = weighted["weight"].to_numpy()
    table = (
        tt.multi_response(weighted, question, survey=survey, weights="weight")
        if question == "services"
        else tt.frequencies(weighted, question, survey=survey, weights="weight")
    )
    shares, n = weighted_shares(raw, weights, question, options)
    assert table.unweighted_bases is not None
    assert table.unweighted_bases["All"] == n
    np.testing.assert_allclose(table.bases["All"], weights[asked_and_answered(raw, question)].sum())
    percentages = table.percentages()["All"]
    for option in options:
        assert percentages[option] == half_up(shares[option]), option


# ---------------------------------------------------------------- the tab book

OPTIONS = {
    "demand": ["Increased", "Same", "Decreased", "Don't know"],
    "contract_ok": ["Yes", "Partly", "No"],
    "housing_need": ["Yes", "No"],
    "services": SERVICES,
}


def groups_of(raw: pd.DataFrame, banner: str | tuple[str, ...]) -> pd.Series:
    if isinstance(banner, tuple):
        return raw[list(banner)].astype(str).agg(" / ".join, axis=1)
    return raw[banner].astype(str)


def banner_name(banner: str | tuple[str, ...]) -> str:
    return " × ".join(banner) if isinstance(banner, tuple) else banner


def ticked(raw: pd.DataFrame, question: str, option: str) -> np.ndarray:
    column = option if question == "services" else question
    return (raw[column] == option).to_numpy()


def test_book_cells_are_the_raw_rows_weighted_shares(job: dict[str, Any]) -> None:
    raw, book = job["raw"], job["book"]
    weights = job["weighted"]["weight"].to_numpy()
    checked = 0
    for question in BOOK_QUESTIONS:
        frame = book.section(question).to_frame()
        answered = asked_and_answered(raw, question).to_numpy()
        for banner in ["Total", *BANNERS]:
            labels = (
                pd.Series("All", index=raw.index) if banner == "Total" else groups_of(raw, banner)
            )
            name = banner if banner == "Total" else banner_name(banner)
            for group in labels.unique():
                rows = answered & (labels == group).to_numpy()
                cells = frame[(frame["banner"] == name) & (frame["group"] == group)]
                cell = dict(zip(cells["row"], cells["cell"], strict=True))
                # The base is who was asked and answered, unweighted and weighted.
                assert cell["Unweighted base"] == str(rows.sum()), (question, group)
                assert float(cell["Base (weighted)"].rstrip(" *")) == pytest.approx(
                    weights[rows].sum(), abs=0.05
                )
                if rows.sum() == 0:
                    continue
                for option in OPTIONS[question]:
                    share = (
                        weights[rows & ticked(raw, question, option)].sum() / weights[rows].sum()
                    )
                    assert cell[option].split()[0] == f"{half_up(share)}%", (
                        question,
                        group,
                        option,
                    )
                    checked += 1
                if question == "demand":
                    changed = rows & (
                        ticked(raw, question, "Increased") | ticked(raw, question, "Decreased")
                    )
                    share = weights[changed].sum() / weights[rows].sum()
                    assert cell["NET: Changed"].split()[0] == f"{half_up(share)}%"
                    scored = rows & ~ticked(raw, question, "Don't know")
                    score = ticked(raw, question, "Increased").astype(float) - ticked(
                        raw, question, "Decreased"
                    )
                    mean = (weights * score)[scored].sum() / weights[scored].sum()
                    assert float(cell["Mean score"].split()[0]) == pytest.approx(mean, abs=0.005)
    assert checked > 150


def test_book_letters_point_at_lower_shares(job: dict[str, Any]) -> None:
    # "48% B" says this column's share is significantly higher than column B's.
    frame = job["book"].to_frame()
    frame = frame[frame["row_kind"] == "option"]
    letters = 0
    for (_, _, _), cells in frame.groupby(["section", "row", "banner"]):
        share = {r.letter: int(r.cell.split("%")[0]) for r in cells.itertuples() if "%" in r.cell}
        for r in cells.itertuples():
            for lower in r.cell.split()[1:] if "%" in r.cell else []:
                for letter in lower.split(","):
                    assert share[r.letter] >= share[letter], (r.section, r.row, r.group, letter)
                    letters += 1
    assert letters > 0


# ---------------------------------------------------------------- last year's wave

HARMONISE = {
    "waves": ["2024", "2025"],
    "questions": [
        {
            "id": "funder",
            "options": ["Grants", "Contracts", "Mixed funding"],
            "waves": {"2024": {"map": {"Mixed": "Mixed funding"}}},
        }
    ],
}


def test_waves_compared_against_the_raw_rows(job: dict[str, Any]) -> None:
    pooled = tt.waves.pool(
        {
            "2024": (job["last"].data, job["survey_last"]),
            "2025": (job["data"], job["survey"]),
        },
        harmonise=HARMONISE,
        id="respondent_id",
    )
    raw, last = job["raw"], job["raw_last"]
    both_ids = np.intersect1d(raw["id"], last["id"])
    assert len(both_ids) == 240
    assert pooled.overlap().loc["2024", "2025"] == 240
    trend = tt.waves.trend(pooled, "funder")
    old = last["funder"].replace({"Mixed": "Mixed funding"})
    for wave, answers in (("2024", old), ("2025", raw["funder"])):
        counts = answers.value_counts()
        for option in ("Grants", "Contracts", "Mixed funding"):
            assert trend.counts.loc[option, wave] == counts[option]
        assert trend.bases[wave] == len(answers)
    change = tt.waves.change(pooled, "funder", "Mixed funding")
    assert (change.count1, change.base1) == ((old == "Mixed funding").sum(), len(last))
    assert (change.count2, change.base2) == ((raw["funder"] == "Mixed funding").sum(), N)
    # The paired table of the organisations in both waves, from the raw rows.
    paired = pd.merge(
        last.assign(f0=old)[["id", "f0"]], raw[["id", "funder"]], on="id", how="inner"
    )
    yes0, yes1 = paired["f0"].eq("Mixed funding"), paired["funder"].eq("Mixed funding")
    # Yes in both, yes then no, no then yes, no in both.
    expected = [
        (yes0 & yes1).sum(),
        (yes0 & ~yes1).sum(),
        (~yes0 & yes1).sum(),
        (~yes0 & ~yes1).sum(),
    ]
    assert list(change.both) == expected


# ---------------------------------------------------------------- publishing, protected

MARKER = "[c]"
THRESHOLD = 5


def true_counts(raw: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    """Unweighted counts from the raw rows: (question, row, column) -> organisations.

    Rows are the options and "base"; columns are "All" and every group of every banner.
    """
    columns = {"All": np.ones(len(raw), dtype=bool)}
    for banner in BANNERS:
        labels = groups_of(raw, banner)
        columns |= {group: (labels == group).to_numpy() for group in labels.unique()}
    counts = {}
    for question in BOOK_QUESTIONS:
        answered = asked_and_answered(raw, question).to_numpy()
        for column, members in columns.items():
            counts[question, "base", column] = int((answered & members).sum())
            for option in OPTIONS[question]:
                count = (answered & members & ticked(raw, question, option)).sum()
                counts[question, option, column] = int(count)
    return counts


Row = dict[tuple[str, str, str], float]


def column_constraints(
    question: str, column: str, printed: dict[tuple[str, str], str], truth: dict[Any, int]
) -> tuple[list[tuple[Row, float]], list[Row], list[tuple[str, str, str]]]:
    """What a reader of one printed column knows: equalities, inequalities (<= 0), unknowns."""
    equal: list[tuple[Row, float]] = []
    at_most: list[Row] = []
    hidden = []
    base = (question, "base", column)
    cells = {(question, o, column): printed[o, column] for o in OPTIONS[question]}
    cells[base] = printed["Unweighted base", column]
    for key, cell in cells.items():
        if MARKER in cell:
            hidden.append(key)
        else:
            equal.append(({key: 1.0}, truth[key]))
    parts = [(question, o, column) for o in OPTIONS[question]]
    if question == "services":
        # Each tick is at most the base; every answer ticks one ("None of these" is one).
        at_most.extend({part: 1.0, base: -1.0} for part in parts)
        at_most.append({**dict.fromkeys(parts, -1.0), base: 1.0})
    else:
        equal.append(({**dict.fromkeys(parts, 1.0), base: -1.0}, 0.0))
    if question == "demand" and MARKER not in printed["NET: Changed", column]:
        net = [(question, "Increased", column), (question, "Decreased", column)]
        equal.append((dict.fromkeys(net, 1.0), sum(truth[k] for k in net)))
    if question == "housing_need":  # asked of those who ticked Housing
        at_most.append({base: 1.0, ("services", "Housing", column): -1.0})
    return equal, at_most, hidden


def linprog_reader(raw: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The interval a reader with every published cell and an LP solver proves per hidden count.

    Independent of tracktr's model: unknowns are the unweighted counts and bases of every
    table of the book; the reader is granted every count whose cell is printed (more than
    a weighted book prints) and knows that options add up to the base (single choice),
    that each ticked option is at most the base and the ticks at least it (tick-all, with
    an exclusive "None of these"), that every banner's groups add up to the total, that
    the net is its options' sum, and the routing: housing need is asked only of those who
    ticked Housing.
    """
    truth = true_counts(raw)
    keys = list(truth)
    index = {key: k for k, key in enumerate(keys)}
    banner_groups = [list(groups_of(raw, b).unique()) for b in BANNERS]
    columns = ["All", *[g for groups in banner_groups for g in groups]]
    equal: list[tuple[Row, float]] = []
    at_most: list[Row] = []
    hidden: list[tuple[str, str, str]] = []
    for question in BOOK_QUESTIONS:
        frame = frames[question]
        printed = {
            (str(r), str(g)): str(c)
            for r, g, c in zip(frame["row"], frame["group"], frame["cell"], strict=True)
        }
        for column in columns:
            more = column_constraints(question, column, printed, truth)
            equal, at_most, hidden = equal + more[0], at_most + more[1], hidden + more[2]
        for groups in banner_groups:  # every banner's groups add up to the total
            for row in [*OPTIONS[question], "base"]:
                parts = dict.fromkeys([(question, row, g) for g in groups], 1.0)
                equal.append(({**parts, (question, row, "All"): -1.0}, 0.0))

    def dense(rows: list[Row]) -> np.ndarray:
        matrix = np.zeros((len(rows), len(keys)))
        for i, row in enumerate(rows):
            for key, value in row.items():
                matrix[i, index[key]] = value
        return matrix

    a_eq, a_ub = dense([row for row, _ in equal]), dense(at_most)
    b_eq = [value for _, value in equal]
    results = []
    for key in hidden:
        bounds = []
        for sign in (1.0, -1.0):
            c = np.zeros(len(keys))
            c[index[key]] = sign
            solved = optimize.linprog(
                c,
                A_ub=a_ub,
                b_ub=np.zeros(len(at_most)),
                A_eq=a_eq,
                b_eq=b_eq,
                bounds=(0, None),
                method="highs",
            )
            assert solved.status == 0, (key, solved.message)
            bounds.append(sign * solved.fun)
        results.append((*key, truth[key], bounds[0], bounds[1]))
    return pd.DataFrame(results, columns=["question", "row", "column", "count", "low", "high"])


def test_no_published_cell_is_below_the_threshold(job: dict[str, Any]) -> None:
    raw, protected = job["raw"], job["protected"]
    truth = true_counts(raw)
    published = 0
    for question in BOOK_QUESTIONS:
        frame = protected.section(question).to_frame()
        for r in frame.itertuples():
            row = "base" if r.row == "Unweighted base" else r.row
            if (question, row, r.group) in truth and MARKER not in r.cell:
                assert not 0 < truth[question, row, r.group] < THRESHOLD, (question, r.row, r.group)
                published += 1
        # The book hid something in this survey, and it says so.
    assert published > 100
    assert len(protected.disclosure.cells) > 0
    assert protected.disclosure.met


def test_a_solver_cannot_narrow_a_hidden_count(job: dict[str, Any]) -> None:
    frames = {q: job["protected"].section(q).to_frame() for q in BOOK_QUESTIONS}
    intervals = linprog_reader(job["raw"], frames)
    assert len(intervals) > 10
    tolerance = 1e-6
    assert (intervals["low"] <= intervals["count"] + tolerance).all()
    assert (intervals["high"] >= intervals["count"] - tolerance).all()
    sensitive = intervals[(intervals["count"] > 0) & (intervals["count"] < THRESHOLD)]
    assert len(sensitive) > 0
    narrow = sensitive[
        (sensitive["high"] - sensitive["low"] < THRESHOLD - tolerance)
        | (sensitive["high"] < THRESHOLD - tolerance)
    ]
    assert narrow.empty, narrow
    pinned = intervals[intervals["high"] - intervals["low"] < tolerance]
    assert pinned.empty, pinned


def _xlsx_text(cell: Any) -> str:
    """A worksheet cell as Excel shows it: the value through its number format."""
    value, fmt = cell.value, cell.number_format
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "" if value is None else str(value)
    suffix = "".join(re.findall(r'"([^"]*)"', fmt))
    body = re.sub(r'"[^"]*"', "", fmt)
    percent = body.endswith("%")
    decimals = len(body.split(".")[1].rstrip("%")) if "." in body else 0
    number = Decimal(repr(value)) * (100 if percent else 1)
    shown = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{shown}{'%' if percent else ''}{suffix}"


def test_every_export_prints_the_books_cells(job: dict[str, Any]) -> None:
    import openpyxl

    protected, folder = job["protected"], job["folder"]
    written = {ext: protected.write(folder / f"book.{ext}") for ext in ("xlsx", "html", "md")}
    workbook = openpyxl.load_workbook(written["xlsx"])
    page = written["html"].read_text(encoding="utf-8")
    markdown = written["md"].read_text(encoding="utf-8")
    for question in BOOK_QUESTIONS:
        shown = protected.section(question).display()
        expected = [
            [str(label), *map(str, cells)]
            for label, cells in zip(shown.index, shown.to_numpy(), strict=True)
        ]
        # Excel: the rows after the two header rows, shown through their number formats.
        sheet = [[_xlsx_text(c) for c in row] for row in workbook[question].iter_rows()]
        start = next(i for i, row in enumerate(sheet) if row[0] == expected[0][0])
        assert sheet[start : start + len(expected)] == expected, question
        # HTML: the body rows of the section's table.
        section = page[page.index(f'<section id="s-{question.replace("_", "-")}">') :]
        body = section[section.index("<tbody>") : section.index("</tbody>")]
        rows = [
            [
                html.unescape(re.sub(r"<[^>]+>", "", c))
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)
            ]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
        ]
        assert rows == expected, question
        # Markdown: the pipe table under the section's heading.
        part = markdown[markdown.index(f"({question})") :].split("\n\n")[1]
        lines = [line for line in part.splitlines() if line.startswith("|")][2:]
        # Markdown escapes its own characters ("299.2 \\*"); the reader sees "299.2 *".
        cells = [
            [re.sub(r"\\(.)", r"\1", c.strip()) for c in line.strip("|").split("|")]
            for line in lines
        ]
        assert cells == expected, question


def test_the_reader_finds_what_primary_suppression_alone_leaves(job: dict[str, Any]) -> None:
    # The reader is not toothless: publish every hidden count of 0 or `THRESHOLD` or
    # more (no secondary suppression) and it works out the small ones by subtraction.
    raw, truth = job["raw"], true_counts(job["raw"])
    frames = {}
    for question in BOOK_QUESTIONS:
        frame = job["protected"].section(question).to_frame()
        row = frame["row"].replace("Unweighted base", "base")
        count = [truth.get((question, r, g), -1) for r, g in zip(row, frame["group"], strict=True)]
        primary = pd.Series(count, index=frame.index).between(1, THRESHOLD - 1)
        frames[question] = frame.assign(cell=frame["cell"].where(primary, "published"))
    intervals = linprog_reader(raw, frames)
    assert (intervals["high"] - intervals["low"] < THRESHOLD).any()


@pytest.mark.parametrize("calibrated", [False, True])
def test_design_standard_errors_are_the_linearised_ones(
    job: dict[str, Any], calibrated: bool
) -> None:
    # Taylor linearisation of a ratio, with replacement (R: svydesign(ids=~1,
    # weights=~weight)); calibrated, the influence values are replaced by their residuals
    # on the margins' dummies, fitted with the starting weights (all equal here), as R's
    # calibrate(..., calfun="raking") does. Tolerance 1e-9.
    raw, weighted, survey = job["raw"], job["weighted"], job["survey"]
    weights = weighted["weight"].to_numpy()
    dummies = np.column_stack(
        [(raw["size"] == c).to_numpy() for c in SIZE]
        + [(raw["region"] == c).to_numpy() for c in list(REGION)[:-1]]
    ).astype(float)
    design = tt.Design(weights="weight", calibration=job["raked"] if calibrated else None)
    for question in BOOK_QUESTIONS:
        estimates = tt.design.estimate_proportions(weighted, question, design=design, survey=survey)
        answered = asked_and_answered(raw, question).to_numpy()
        total = weights[answered].sum()
        for row in estimates.to_frame().itertuples():
            y = ticked(raw, question, str(row.option)).astype(float)
            share = weights[answered & (y == 1)].sum() / total
            influence = answered * (y - share) / total
            if calibrated:
                fit = np.linalg.lstsq(dummies, influence, rcond=None)[0]
                influence = influence - dummies @ fit
            z = weights * influence
            se = np.sqrt(N / (N - 1) * ((z - z.mean()) ** 2).sum())
            assert row.estimate == pytest.approx(share, abs=1e-12)
            assert row.se == pytest.approx(se, abs=1e-9), (question, row.option)


def test_the_protected_book_prints_the_true_numbers_where_it_prints_any(
    job: dict[str, Any],
) -> None:
    # Protection hides numbers, never changes one: a published cell's number is the
    # unprotected book's (its letters may differ: they are decided again, see tabbooks).
    true = job["book"].to_frame()
    shown = job["protected"].to_frame()
    assert true[["section", "row", "group"]].equals(shown[["section", "row", "group"]])
    published = ~shown["cell"].str.contains(MARKER, regex=False)
    numbers = shown["cell"].str.split().str[0]
    assert numbers[published].tolist() == true["cell"].str.split().str[0][published].tolist()
    assert (~published).sum() > 0

"""The tab book of a weighted 400-organisation survey, read as a hostile tester would.

An umbrella body's book: 400 organisations with weights that vary within groups, banners
region (with a group of one organisation), size (with a declared group nobody is in) and
funder; a single question with don't know, a multi-response set with a net, a five-point
scale with a mean score that leaves don't know out, and a question routed to those who
answered "No". The bases, percentages and letters are recomputed here from the rows with
numpy and scipy, apart from tracktr; the tests that say "before" show what the old code
printed.
"""

from __future__ import annotations

import html
import itertools
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

import tracktr as tt

N = 400
REGIONS = ["North", "South", "East", "Islands"]
SIZES = ["Micro", "Small", "Medium", "Large"]
FUNDERS = ["Council", "Trust", "Unfunded"]
GROUPS = {"region": REGIONS, "size": SIZES, "funder": FUNDERS}
CONFIDENCE = ["Very", "Fairly", "Neither", "Not very", "Not at all"]
SCORES = {"Very": 5, "Fairly": 4, "Neither": 3, "Not very": 2, "Not at all": 1}
NEEDS = ["Money", "Staff", "Space", "Training"]
DK = "Don't know"

SURVEY = tt.Survey.from_dict({"title": "Umbrella body members' survey", "questions": [
    {"id": "region", "type": "single", "text": "Region?", "options": REGIONS},
    {"id": "size", "type": "single", "text": "Size?", "options": SIZES},
    {"id": "funder", "type": "single", "text": "Main funder?", "options": FUNDERS},
    {"id": "grant", "type": "single", "text": "Applied for a grant?",
     "options": ["Yes", "No", {"label": DK, "dont_know": True}]},
    {"id": "needs", "type": "multi", "text": "What do you need?", "options": NEEDS,
     "nets": {"Resources": ["Money", "Staff"]}},
    {"id": "conf", "type": "ordinal", "text": "How confident about next year?",
     "options": [*CONFIDENCE, {"label": DK, "dont_know": True}], "scores": SCORES,
     "nets": {"Confident": ["Very", "Fairly"]}},
    {"id": "why", "type": "single", "text": "Why not?", "options": ["Cost", "Time", "Other"],
     "ask_if": {"question": "grant", "in": ["No"]}},
]})  # fmt: skip
QUESTIONS = ["grant", "needs", "conf", "why"]


def members() -> pd.DataFrame:
    """Return 400 organisations; weights vary within every region (0.5 to 1.5 times its own)."""
    rng = np.random.default_rng(4)
    region = rng.choice(REGIONS[:3], N, p=[0.5, 0.3, 0.2]).astype(object)
    region[7] = "Islands"  # a group of one organisation
    size = rng.choice(SIZES[1:], N, p=[0.5, 0.3, 0.2])  # nobody is "Micro"
    shares = {"North": [0.6, 0.3, 0.1], "South": [0.3, 0.55, 0.15], "East": [0.45, 0.3, 0.25],
              "Islands": [0.4, 0.4, 0.2]}  # fmt: skip
    grant = np.array([rng.choice(["Yes", "No", DK], p=shares[r]) for r in region])
    why = np.where(grant == "No", rng.choice(["Cost", "Time", "Other"], N), "<not asked>")
    conf = rng.choice([*CONFIDENCE, DK], N, p=[0.2, 0.3, 0.15, 0.15, 0.1, 0.1])
    frame = pd.DataFrame({"respondent_id": range(1, N + 1), "region": region, "size": size,
                          "funder": rng.choice(FUNDERS, N), "grant": grant,
                          "why": why.astype(object), "conf": conf})  # fmt: skip
    for k, p in enumerate([0.6, 0.4, 0.2, 0.3], start=1):
        frame[f"needs_{k}"] = (rng.random(N) < p * np.where(size == "Small", 0.6, 1.2)).astype(int)
    frame.loc[::25, [f"needs_{k}" for k in range(1, 5)]] = 0  # 16 ticked nothing
    level = {"North": 1.0, "South": 1.4, "East": 0.7, "Islands": 2.0}
    frame["w"] = [level[r] * rng.uniform(0.5, 1.5) for r in region]
    return frame


DATA = members()
BOOK = tt.tabbook(DATA, SURVEY, banners=["region", "size", "funder"], weights="w",
                  questions=QUESTIONS)  # fmt: skip


def base_rows(question: str) -> npt.NDArray[np.bool_]:
    """Return who is in a question's base, read from the rows."""
    if question == "needs":
        return np.asarray(DATA[[f"needs_{k}" for k in range(1, 5)]].sum(axis=1) > 0)
    return np.asarray(DATA[question].isin(["Yes", "No", DK, *CONFIDENCE, "Cost", "Time", "Other"]))


def indicators(question: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return each option's and each net's 0/1 column, read from the rows."""
    if question == "needs":
        ticks = DATA[[f"needs_{k}" for k in range(1, 5)]].to_numpy()
        return {o: ticks[:, k] for k, o in enumerate(NEEDS)}, {"Resources": ticks[:, :2].max(1)}
    values = DATA[question]
    options = {
        "grant": ["Yes", "No", DK],
        "conf": [*CONFIDENCE, DK],
        "why": ["Cost", "Time", "Other"],
    }
    nets = {"Confident": values.isin(["Very", "Fairly"]).to_numpy()} if question == "conf" else {}
    return {o: (values == o).to_numpy() for o in options[question]}, nets


def holm(p: list[float]) -> npt.NDArray[np.float64]:
    """Holm's step-down adjustment, written out (Holm 1979)."""
    order = np.argsort(p)
    out, running = np.empty(len(p)), 0.0
    for rank, k in enumerate(order):
        running = max(running, min(1.0, (len(p) - rank) * p[k]))
        out[k] = running
    return out


def expected_letters(question: str, banner: str) -> dict[tuple[str, str], set[str]]:
    """Letters from scipy: each group's weighted share on its Kish effective base.

    As the book's notes say: Pearson's chi-square without correction where every expected
    count is at least 5, else Fisher's exact test on the counts rounded; Holm over each
    banner's options (and apart, its nets); a group with no effective base is not tested.
    """
    from scipy import stats

    inside, w = base_rows(question), DATA["w"].to_numpy()
    out: dict[tuple[str, str], set[str]] = {}
    for family in indicators(question):
        tests = []
        for option, ticked in family.items():
            for a, b in itertools.combinations(GROUPS[banner], 2):
                sides = []
                for group in (a, b):
                    rows = inside & (DATA[banner] == group).to_numpy()
                    total = w[rows].sum()
                    effective = total**2 / (w[rows] ** 2).sum() if rows.any() else 0.0
                    sides.append((w[rows] @ ticked[rows] / total if total else 0.0, effective))
                (p1, n1), (p2, n2) = sides
                if n1 == 0 or n2 == 0:
                    continue
                cells = np.array([[p1 * n1, n1 - p1 * n1], [p2 * n2, n2 - p2 * n2]])
                expected = np.outer(cells.sum(1), cells.sum(0)) / cells.sum()
                if expected.min() >= 5:
                    p = float(stats.chi2_contingency(cells, correction=False)[1])
                else:
                    p = float(stats.fisher_exact(np.rint(cells).astype(int))[1])
                tests.append((option, a, b, p, p1 > p2))
        for (option, a, b, _, higher), q in zip(tests, holm([t[3] for t in tests]), strict=True):
            if q < 0.05:
                top, bottom = (a, b) if higher else (b, a)
                out.setdefault((option, top), set()).add(bottom)
    return out


# -- the book of the survey ------------------------------------------------------------------


@pytest.mark.parametrize("question", QUESTIONS)
def test_letters_are_scipys_on_kish_effective_bases(question: str) -> None:
    # Passed before: the letters of a weighted book, the group of one organisation and the
    # empty group included, recomputed from the rows.
    section = BOOK.section(question)
    for block in section.blocks:
        found = {k: set(v) for k, v in (block.higher or {}).items()}
        found.update({k: set(v) for k, v in (block.net_higher or {}).items()})
        assert found == expected_letters(question, block.banner), block.banner
    if question == "grant":  # the data make letters to check
        assert section.display().loc["No", ("region", "South (B)")] == "62% A C"


def test_bases_are_those_asked_answering_and_scored() -> None:
    # Passed before: each base, weighted and unweighted, from the rows.
    w = DATA["w"]
    for question, inside in [
        ("why", DATA["grant"].eq("No")),  # routed: only those who said No were asked
        ("needs", pd.Series(base_rows("needs"))),  # the net shares its set's base
        ("conf", DATA["conf"].notna()),
    ]:
        shown = BOOK.section(question).display()
        for region in REGIONS:
            rows = inside.to_numpy() & DATA["region"].eq(region).to_numpy()
            column = shown[("region", f"{region} ({'ABCD'[REGIONS.index(region)]})")]
            assert column["Unweighted base"] == str(int(rows.sum()))
            weighted = f"{w[rows].sum():.1f}" + (" *" if rows.sum() < 30 else "")
            assert column["Base (weighted)"] == weighted
    shown = BOOK.section("conf").display()
    scored = DATA["conf"].isin(CONFIDENCE)  # the mean leaves don't know out
    assert shown.loc["Mean score base", ("Total", "All")] == f"{w[scored].sum():.1f}"
    mean = np.average(DATA["conf"][scored].map(SCORES), weights=w[scored])
    assert shown.loc["Mean score", ("Total", "All")] == f"{mean:.2f}"
    islands = DATA.loc[DATA["region"].eq("Islands"), "conf"].map(SCORES).iloc[0]
    assert shown.loc["Mean score", ("region", "Islands (D)")] == f"{islands:.2f}"
    assert shown.loc["Mean score base", ("region", "Islands (D)")] == "1.9 *"
    # No respondents: below any threshold, so flagged (it was "0.0", beside "1.9 *").
    assert shown.loc["Base (weighted)", ("size", "Micro (E)")] == "0.0 *"


def test_percentages_round_half_up_and_the_notes_name_every_sum_off_100() -> None:
    # Each printed percentage is the weighted share rounded half up (passed before), and
    # the note names exactly the columns whose printed options do not sum to 100, in the
    # order printed, each group with its banner. Before: "Percentages of North sum to 101
    # and of All sum to 101 and of Large sum to 99": the total after the first banner's
    # groups, and groups without their banner, as the effective bases' note names them.
    for question in ["grant", "conf", "why"]:
        section = BOOK.section(question)
        shown = section.display()
        options = [label for label, kind, _ in section.rows if kind == "option"]
        inside, w = base_rows(question), DATA["w"].to_numpy()
        off = []
        for column in shown.columns:
            banner, group = str(column[0]), str(column[1])
            name = re.sub(r" \([A-Z]+\)$", "", group)
            rows = inside if banner == "Total" else inside & DATA[banner].eq(name).to_numpy()
            if not rows.any():
                assert set(shown.loc[options, (banner, group)]) == {"n/a"}
                continue
            printed = []
            for option in options:
                share = Decimal(repr(float(w[rows] @ (DATA[question].to_numpy()[rows] == option))))
                share = share * 100 / Decimal(repr(float(w[rows].sum())))
                printed.append(int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
                cell = str(shown.loc[option, (banner, group)])
                assert cell.split("%", maxsplit=1)[0] == str(printed[-1]), (question, option, group)
            if sum(printed) != 100:
                named = name if banner == "Total" else f"{banner}: {name}"
                off.append(f"{named} sum to {sum(printed)}")
        note = [n for n in section.notes if n.endswith("because of rounding.")]
        assert note == [f"Percentages of {' and of '.join(off)}, not 100, because of rounding."]


def test_every_format_prints_the_cells_of_the_book(tmp_path: Path) -> None:
    # Passed before: Markdown, HTML and the workbook hold every printed cell of the book.
    import openpyxl

    written = {ext: BOOK.write(tmp_path / f"book.{ext}") for ext in ("md", "html", "xlsx")}
    markdown = written["md"].read_text(encoding="utf-8")
    page = written["html"].read_text(encoding="utf-8")
    workbook = openpyxl.load_workbook(written["xlsx"])
    for section in BOOK.sections:
        sheet = workbook[section.name]
        for r, (label, _, cells) in enumerate(section.rows, start=6):
            line = "| " + " | ".join([label, *cells]).replace("*", "\\*")
            assert re.sub(r" +", " ", line) in re.sub(r" +", " ", markdown)
            assert f'<th scope="row">{html.escape(label)}</th>' in page
            assert sheet.cell(row=r, column=1).value == label
            for k, cell in enumerate(cells, start=2):
                value = sheet.cell(row=r, column=k).value
                if isinstance(value, str):
                    assert value == cell
                    continue
                match = re.fullmatch(r"(\d+(?:\.\d+)?)(%?)(?: [A-Z]+)*(?: \*)?", cell)
                assert match is not None, cell
                number, percent = match.groups()
                assert value == pytest.approx(float(number) / (100 if percent else 1), abs=1e-12)


# -- hostile inputs ----------------------------------------------------------------------------

ABC = tt.Survey.from_dict({"title": "T", "questions": [
    {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b", "c"]}]})  # fmt: skip


def test_a_group_label_shared_by_two_banners_is_named_with_its_banner() -> None:
    # Before: "Percentages of Other sum to 101 and of N sum to 101 and of All sum to 99 and
    # of T sum to 99": region's "Other" (99) was overwritten by funder's "Other" (101), so
    # one of the two columns off 100 went unnamed and the other could not be told apart.
    answers = ["a", "b", "c", "a", "b", "c", "c", "c", "c"]
    frame = pd.DataFrame({"q": answers, "region": ["Other"] * 3 + ["N"] * 6,
                          "funder": ["T"] * 3 + ["Other"] * 6})  # fmt: skip
    book = tt.tabbook(frame, ABC, banners=["region", "funder"])
    [note] = [n for n in book.section("q").notes if n.endswith("because of rounding.")]
    # by hand: 1/3 = 33%, three times 99; 1/6, 1/6, 4/6 = 17% + 17% + 67% = 101; the
    # total, 2/9, 2/9, 5/9 = 22% + 22% + 56%, sums to 100. Groups as printed (sorted).
    assert note == (
        "Percentages of region: N sum to 101 and of region: Other sum to 99 and of funder: "
        "Other sum to 101 and of funder: T sum to 99, not 100, because of rounding."
    )


@pytest.mark.parametrize("name", ["Total", " total", "TOTAL"])
def test_a_banner_named_like_the_total_is_refused(name: str, tmp_path: Path) -> None:
    # Before: a banner column "Total" printed under the total's own heading: the HTML page
    # spanned "Total" over All, x (A) and y (B), the workbook merged B4:D4, and the
    # Markdown read "Total: All", "Total: x (A)": the groups read as parts of the total.
    frame = pd.DataFrame({"q": ["a", "b", "c"] * 20, name: ["x", "y"] * 30})
    with pytest.raises(
        tt.InvalidOptionError, match=r"banner .* prints like the book's own 'Total'"
    ):
        tt.tabbook(frame, ABC, banners=[name])


def test_banners_that_print_alike_are_refused() -> None:
    # Before: banners "region" and "region " printed two headings "region" side by side
    # (x (A), y (B), then x (C), y (D), z (E)), which a reader could not tell apart.
    frame = pd.DataFrame({"q": ["a", "b", "c"] * 20, "region": ["x", "y"] * 30,
                          "region ": ["x", "y", "z"] * 20, "Region": ["u", "v"] * 30})  # fmt: skip
    for pair in (["region", "region "], ["region", "Region"]):
        with pytest.raises(tt.InvalidOptionError, match=r"banners \[.*\] print alike"):
            tt.tabbook(frame, ABC, banners=pair)


def test_a_book_is_written_to_csv_with_its_notes_and_no_formula(tmp_path: Path) -> None:
    # Before: InvalidOptionError "cannot tell the tab book's format from '.csv'"; the way
    # left, book.to_frame().to_csv(), wrote a group "=HYPERLINK(...)" as a live formula and
    # dropped every note (bases, weighting, rounding, small bases).
    frame = DATA.assign(funder=DATA["funder"].replace({"Trust": '=HYPERLINK("http://x")'}))
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "funder", "type": "single", "text": "Funder?",
         "options": ["Council", '=HYPERLINK("http://x")', "Unfunded"]},
        {"id": "grant", "type": "single", "text": "Grant?",
         "options": ["Yes", "No", {"label": DK, "dont_know": True}]}]})  # fmt: skip
    book = tt.tabbook(frame, survey, banners=["funder"], weights="w", questions=["grant"])
    written = book.write(tmp_path / "book.csv")
    back = pd.read_csv(written, dtype=str, keep_default_na=False)
    cells = back[back["row_kind"] != "note"].reset_index(drop=True)
    expected = book.to_frame().fillna("")
    assert cells[["row", "banner", "letter", "cell"]].equals(
        expected[["row", "banner", "letter", "cell"]]
    )
    assert '\'=HYPERLINK("http://x")' in set(cells["group"])  # text, never a formula
    notes = back.loc[back["row_kind"] == "note", "cell"].tolist()
    assert notes == list(book.section("grant").notes)


def test_a_funder_called_none_does_not_stop_a_sets_nets() -> None:
    # Before: UnknownValueError "the text ['None'] ... is how a missing value reads" from
    # the nets of the set, though the codebook declares "None" and the set's own table by
    # the same banner is built: multi_nets() passed the banner on as a categorical of the
    # declared groups, and _observed_options() took its categories for undeclared text.
    frame = DATA.assign(funder=DATA["funder"].replace({"Unfunded": "None"}))
    survey = tt.Survey.from_dict({"title": "T", "questions": [
        {"id": "funder", "type": "single", "text": "Funder?",
         "options": ["Council", "Trust", "None"]},
        {"id": "needs", "type": "multi", "text": "Needs?", "options": NEEDS,
         "nets": {"Resources": ["Money", "Staff"]}}]})  # fmt: skip
    book = tt.tabbook(frame, survey, banners=["funder"], questions=["needs"])
    shown = book.section("needs").display()
    # By hand: of the "None" group's organisations who ticked something, those who
    # ticked Money or Staff; 91 of 105 = 86.7%, printed 87%.
    ticks = frame[["needs_1", "needs_2", "needs_3", "needs_4"]].to_numpy(dtype=bool)
    none = (frame["funder"] == "None").to_numpy() & ticks.any(axis=1)
    net = (ticks[:, 0] | ticks[:, 1]) & none
    assert (int(net.sum()), int(none.sum())) == (91, 105)
    assert shown.loc["NET: Resources", ("funder", "None (C)")] == "87%"
    nets = tt.multi_nets(frame, "needs", {"Resources": ["Money", "Staff"]}, survey=survey,
                         by="funder")  # fmt: skip
    assert (nets.counts.loc["Resources", "None"], nets.bases["None"]) == (91, 105)


@pytest.mark.parametrize("name", ["", "  "])
def test_a_banner_with_no_printed_name_is_refused(name: str) -> None:
    # Before: a column named "" or "  " made a banner with no heading over its groups, and
    # the rounding note read "of : u sum to 99".
    frame = pd.DataFrame({"q": ["a", "b", "c"] * 40, name: ["u", "v"] * 60})
    with pytest.raises(tt.InvalidOptionError, match=r"banner '.*' has no name to print"):
        tt.tabbook(frame, ABC, banners=[name])

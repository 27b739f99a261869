"""Hostile inputs where the merged branches meet: design letters, nets, scores, slots form,
effective bases, the text rule and the lazy import.

Each test states the wrong answer it guards against.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

LEVELS = ["Poor", "Fair", "Good", "Very good"]


def seams_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "Seams",
            "questions": [
                {"id": "region", "type": "single", "text": "Region",
                 "options": ["North", "South", "East"]},
                {"id": "sat", "type": "ordinal", "text": "Satisfaction", "options": LEVELS,
                 "scores": {k: i + 1 for i, k in enumerate(LEVELS)},
                 "nets": {"Top 2": ["Good", "Very good"]}},
                {"id": "m", "type": "multi", "form": "slots", "slots": ["s1", "s2"],
                 "text": "Likes", "nets": {"AB": ["A", "B"]},
                 "options": [{"code": c, "label": x} for c, x in ((1, "A"), (2, "B"), (3, "C"))]},
            ],
        }
    )  # fmt: skip


@pytest.fixture(scope="module")
def seams() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = 400
    raw = pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(n)],
            "region": rng.choice(["North", "South", "East"], n),
            "sat": rng.choice(LEVELS, n),
            "s1": rng.choice([1, 2, 3], n).astype(float),
            "s2": rng.choice([1.0, 2.0, 3.0, np.nan], n),
            "w": rng.uniform(0.5, 2, n),
            "st": rng.choice(["A", "B"], n),
            "cl": rng.integers(0, 40, n),
        }
    )
    raw.loc[raw["s2"] == raw["s1"], "s2"] = np.nan
    raw["cl"] = raw["st"] + raw["cl"].astype(str)
    return seams_survey().prepare(raw, allow_extra_columns=True).data


DESIGN = tt.Design(weights="w", strata="st", clusters="cl")


def test_design_notes_name_the_test_of_each_kind_of_letter(seams: pd.DataFrame) -> None:
    # Before: the design note said "Letters are tested ... on the design's degrees of freedom
    # less one" for the whole section, while the mean-score note said "the pair's PSUs less
    # strata less one": two rules for "letters" in one section.
    book = tt.tabbook(seams, seams_survey(), banners=["region"], design=DESIGN)
    notes = book.section("sat").notes
    design_note = next(n for n in notes if n.startswith("Design:"))
    assert "Letters on percentages are tested" in design_note
    assert any(n.startswith("Letters on mean scores: a design-based") for n in notes)
    assert not any("Letters are tested" in n for n in notes)


@pytest.mark.parametrize("design", [None, DESIGN])
def test_a_weighted_book_without_letters_says_nothing_of_letters(
    seams: pd.DataFrame, design: tt.Design | None
) -> None:
    # Before: letters=False with weights still noted "letters use Kish effective bases".
    weights = "w" if design is None else None
    book = tt.tabbook(
        seams, seams_survey(), banners=["region"], weights=weights, design=design, letters=False
    )
    for question in ("sat", "m"):
        notes = book.section(question).notes
        assert "Percentages are weighted; bases are shown weighted and unweighted." in notes
        assert not any("etters" in n for n in notes), notes


def test_a_slots_answer_from_someone_not_asked_names_the_answers() -> None:
    # Before: the failure named column 's1' with value None, though 's1' was blank and the
    # answer was in 's3'; the same on the vectorised path (2,000 rows or more).
    survey = tt.Survey.from_dict(
        {
            "title": "Routed",
            "questions": [
                {"id": "costs", "type": "single", "text": "Costs?", "options": ["Up", "Down"]},
                {"id": "m", "type": "multi", "form": "slots", "slots": ["s1", "s2", "s3"],
                 "text": "Likes", "options": [{"code": 1, "label": "A"}, {"code": 2, "label": "B"}],
                 "ask_if": {"question": "costs", "in": ["Up"]}},
            ],
        }
    )  # fmt: skip
    small = pd.DataFrame(
        {"respondent_id": [1, 2], "costs": ["Down", "Up"], "s1": [None, 1.0],
         "s2": [None, None], "s3": [2.0, None]}
    )  # fmt: skip
    big = pd.concat([small] * 1_000, ignore_index=True).assign(respondent_id=range(2_000))
    for frame in (small, big):
        with pytest.raises(tt.SurveyValidationError) as caught:
            survey.prepare(frame)
        first = caught.value.failures.iloc[0]
        assert (first["check"], first["column"], first["value"]) == (
            "answered_not_asked",
            "s3",
            "B",
        )
        assert len(caught.value.failures) == len(frame) // 2


def test_describe_comparison_of_a_design_difference_removes_control_characters() -> None:
    # Before: the groups, the outcome and the design's columns of a DesignDifference went
    # into the sentence as they were (a terminal escape, a right-to-left override), while
    # those of a ProportionComparison went through the text rule.
    evil_w = "w\x1b[31m"
    frame = pd.DataFrame(
        {
            "grew": ["Yes", "No", "Yes", "Yes", "No", "No", "Yes", "No"],
            "funded": ["CRC\u202e"] * 4 + ["<b>Other\x1b[2J"] * 4,
            evil_w: [1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 2.0],
        }
    )
    result = tt.design.difference(
        frame, "grew", "funded", option="Yes", design=tt.Design(weights=evil_w)
    )
    sentence = tt.describe_comparison(result, outcome="grew\u202e\x07")
    assert not any(c in sentence for c in "\x1b\u202e\x07")
    assert sentence.startswith("60% of CRC (n=4) grew, against 17% of <b>Other[2J (n=4)")
    assert "weighted by w[31m" in sentence


def test_describe_comparison_prints_an_interval_wider_than_100_points() -> None:
    # Before: InvalidOptionError "a percentage must be from 0 to 100; got 127.29..." from
    # the interval -43 +- 2.447 * 34 (t on 6 df), which reaches past -100 points.
    frame = pd.DataFrame(
        {
            "grew": ["Yes", "No", "Yes", "Yes", "No", "No", "Yes", "No"],
            "funded": ["CRC"] * 4 + ["Other"] * 4,
            "w": [1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 2.0],
        }
    )
    result = tt.design.difference(
        frame, "grew", "funded", option="Yes", design=tt.Design(weights="w")
    )
    assert result.ci_low < -1
    sentence = tt.describe_comparison(result)
    assert "a difference of -43 percentage points, 95% CI -127 to 41;" in sentence


def test_describe_change_removes_control_characters_from_labels() -> None:
    # Before: the wave labels and `what` went into the sentence with their terminal escape,
    # bell and right-to-left override.
    result = tt.waves.compare_overlapping(
        1, 3, 2, 3, both=[[0, 0], [0, 0]], labels=("2015\x1b[31m", "2016\u202e"),
        what="<b>funded\x07",
    )  # fmt: skip
    sentence = tt.waves.describe_change(result)
    assert sentence.startswith(
        "The share <b>funded rose from 33% (1 of 3) in 2015[31m to 67% (2 of 3) in 2016,"
    )
    assert not any(c in sentence for c in "\x1b\u202e\x07")


def test_views_and_nets_of_a_single_choice_do_not_claim_several_answers(
    seams: pd.DataFrame,
) -> None:
    # Before: row and total percentages and nets of a single-choice question noted
    # "Respondents could give more than one answer", which no respondent could.
    table = tt.frequencies(seams, "sat", survey=seams_survey(), by="region", weights="w")
    wrong = "Respondents could give more than one answer"
    for view in (
        tt.row_percentages(table),
        tt.total_percentages(table),
        tt.net_table(table, {"Top 2": ["Good", "Very good"]}),
    ):
        assert not any(wrong in note for note in view.notes)
        assert "Percentages need not sum to 100 down a column." in view.notes
    ticks = tt.multi_response(seams, "m", survey=seams_survey(), by="region", weights="w")
    assert any(wrong in note for note in tt.row_percentages(ticks).notes)


def test_stacked_banner_headers_read_banner_colon_group_in_every_export(tmp_path: object) -> None:
    # Before: Markdown, HTML, LaTeX and Excel headers of a by=[...] table were the tuples'
    # reprs, "('g', 'x|z')", while the notes said "g: x|z".
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame(
        {"q": ["a", "b", "a", "b"], "g": ["x", "y", "x|z", "y"], "h": list("uuvv")}
    )
    table = tt.frequencies(frame, "q", by=["g", "h"])
    header = [cell.strip() for cell in table.to_markdown().splitlines()[0].split(" | ")]
    assert header[1:4] == ["g: x", "g: x\\|z", "g: y"]
    assert '<th scope="col">g: x|z</th>' in table.to_html()
    assert r" & g: x & g: x\textbar{}z & g: y & g: All & h: u" in table.to_latex()
    path = Path(str(tmp_path)) / "t.xlsx"
    table.to_excel(path)
    sheet = openpyxl.load_workbook(path).active
    assert [c for c in next(sheet.iter_rows(min_row=5, max_row=5, values_only=True)) if c] == [
        "g: x", "g: x|z", "g: y", "g: All", "h: u", "h: v", "h: All"
    ]  # fmt: skip
    assert not any("('" in line for line in table.to_markdown().splitlines())
    from tracktr.io.report import table_html

    assert '<th scope="col">g: x|z</th>' in table_html(table)  # the report layout too


def test_weighted_row_percentages_show_respondents_as_n() -> None:
    # Before: row_percentages() of a weighted table dropped its unweighted bases, so it
    # read as unweighted: "Base n=4" for a weighted count of 4 from 2 respondents, and no
    # "Counts are weighted" note.
    frame = pd.DataFrame(
        {"q": ["a", "b", "a", "b"], "g": ["x", "y", "x", "y"], "w": [1, 2, 3, 4.0]}
    )
    rows = tt.row_percentages(tt.frequencies(frame, "q", by="g", weights="w"))
    assert rows.weighted
    assert rows.respondent_bases.tolist() == [2, 2]
    assert rows.bases.tolist() == [4.0, 6.0]
    assert "Counts are weighted; n is the number of respondents." in rows.notes
    assert rows.percentages().loc["a", "x"] == 100.0


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"level": 95}, r"`level` must be between 0 and 1 \(exclusive\); got 95"),
        ({"level": True}, r"`level` must be a number between 0 and 1, such as 0.95; got True"),
        ({"letters": 1}, r"`letters` must be True or False; got 1"),
        ({"nets": "no"}, r"`nets` must be True or False; got 'no'"),
        ({"progress": 1}, r"`progress` must be a function of \(done, total, question\); got 1"),
    ],
)
def test_tabbook_refuses_bad_flags_before_building(
    seams: pd.DataFrame, option: dict[str, object], message: str
) -> None:
    # Before: level=95 built a book "letters at 9500%", level=True one "at 100%", nets="no"
    # added the nets, and progress=1 raised TypeError after the whole book was built.
    with pytest.raises(tt.InvalidOptionError, match=message):
        tt.tabbook(seams, seams_survey(), banners=["region"], **option)  # type: ignore[arg-type]


@pytest.mark.parametrize("alpha", [True, 5, 0, "0.05"])
def test_describe_change_refuses_an_alpha_outside_0_to_1(alpha: object) -> None:
    # Before: alpha=True (1) called every change "a clear change".
    result = tt.waves.compare_overlapping(1, 3, 2, 3, both=[[0, 0], [0, 0]])
    with pytest.raises(tt.InvalidOptionError, match=r"`alpha` must be a number between 0 and 1"):
        tt.waves.describe_change(result, alpha=alpha)  # type: ignore[arg-type]


def test_a_clustered_design_book_says_its_effective_bases_are_kish(seams: pd.DataFrame) -> None:
    # Before: a book under strata and clusters stated the Kish bases "for the precision of
    # weighted percentages", though they ignore the clustering its own letters measure.
    clustered = tt.tabbook(seams, seams_survey(), banners=["region"], design=DESIGN)
    line = next(n for n in clustered.section("sat").notes if n.startswith("Effective bases"))
    assert line.startswith(
        "Effective bases (Kish, rounded down, from the weights alone; the letters use the "
        "design's variance)"
    )
    weighted = tt.tabbook(seams, seams_survey(), banners=["region"], weights="w")
    plain = next(n for n in weighted.section("sat").notes if n.startswith("Effective bases"))
    assert plain.startswith(
        "Effective bases (for the precision of weighted percentages, rounded down)"
    )
    assert line.split("): ")[1] == plain.split("): ")[1]


@pytest.mark.parametrize("chunksize", [5, 10])
def test_an_id_repeated_in_a_text_chunk_is_found_when_reading_in_chunks(
    tmp_path: object, chunksize: int
) -> None:
    # Before: ids 1..10 came as integers in the first chunk(s) and "3" as text in the chunk
    # holding "x7", so the repeated id 3 passed a chunked read that a whole read refuses.
    survey = tt.Survey.from_dict(
        {"title": "T", "questions": [{"id": "q", "type": "single", "text": "Q", "options": ["a"]}]}
    )
    path = Path(str(tmp_path)) / "ids.csv"
    ids = [str(i) for i in range(1, 11)] + ["3", "x7"]
    pd.DataFrame({"respondent_id": ids, "q": ["a"] * 12}).to_csv(path, index=False)
    with pytest.raises(tt.SurveyValidationError, match=r"duplicate_id: question 'respondent_id'"):
        tt.io.read_csv(path, survey)
    with pytest.raises(
        tt.ReadError, match=r"respondent id\(s\) \[3\] occur in more than one chunk"
    ):
        pd.concat(list(tt.io.read_csv(path, survey, chunksize=chunksize)))
    with pytest.raises(tt.ReadError, match=r"\[3\] occur in more than one chunk"):
        tt.io.tabulate_csv(path, survey, ["q"], chunksize=chunksize)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ({"questions": "sat", "by": [None]}, r"list of questions; got the text 'sat'"),
        (
            {"questions": ["sat"], "by": "grp"},
            r"list of by; got the text 'grp'.\n\nHint: pass by=\['grp'\]",
        ),
    ],
)
def test_scan_tables_refuses_a_str_for_a_list(
    tmp_path: object, call: dict[str, object], message: str
) -> None:
    # Before: by="grp" was read letter by letter ("column(s) ['g'] are not in the duckdb
    # frame") and questions="sat" as "No question 's' in the codebook".
    pytest.importorskip("duckdb")
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "sat", "type": "single", "text": "Q", "options": ["a", "b"]},
                {"id": "grp", "type": "single", "text": "G", "options": ["x", "y"]},
            ],
        }
    )
    path = Path(str(tmp_path)) / "answers.csv"
    path.write_text("respondent_id,sat,grp\n1,a,x\n2,b,y\n")
    scan = tt.io.scan(path, survey)
    with pytest.raises(tt.InvalidOptionError, match=message):
        scan.tables(call["questions"], by=call["by"])  # type: ignore[arg-type]


@pytest.mark.parametrize("option", ["banners", "questions"])
def test_tabbook_refuses_a_str_for_a_list(seams: pd.DataFrame, option: str) -> None:
    # Before: banners="region" failed as "banner 'r': column(s) ['r'] are not in the data",
    # questions="sat" as "No question 's' in the codebook".
    given = {"banners": ["region"], option: "region" if option == "banners" else "sat"}
    with pytest.raises(tt.InvalidOptionError, match=rf"`{option}` must be a list; got the text"):
        tt.tabbook(seams, seams_survey(), **given)  # type: ignore[arg-type]


def test_a_design_test_of_an_unweighted_table_says_the_weights_differ(seams: pd.DataFrame) -> None:
    # Before: "the rows of `data` do not give the table's bases ('North': table n=123, data
    # n=123; ...)": equal numbers named as the difference, when the weights were.
    table = tt.multi_response(seams, "m", survey=seams_survey(), by="region")
    north = int(table.bases["North"])
    with pytest.raises(
        tt.InvalidBaseError,
        match=rf"'North': table weighted base {north}, the design's weights give [0-9.]+ "
        rf"\(n={north} in both\)",
    ):
        tt.compare_table(table, design=DESIGN, data=seams, by="region", survey=seams_survey())


def test_a_grid_by_group_labels_its_rows_group_colon_item_in_every_export(
    tmp_path: object,
) -> None:
    # Before: a grid by= had rows "('x', 'q')" in Markdown, HTML, LaTeX and Excel.
    openpyxl = pytest.importorskip("openpyxl")
    frame = pd.DataFrame({"q": ["a", "b", "a", "b"], "q2": ["a", "a", "b", "b"], "g": list("xxyy")})
    table = tt.grid(frame, "gg", columns=["q", "q2"], by="g")
    assert "| x: q " in table.to_markdown()
    assert '<th scope="row">x: q2</th>' in table.to_html()
    assert "\ny: q & " in table.to_latex()
    path = Path(str(tmp_path)) / "grid.xlsx"
    table.to_excel(path)
    labels = [row[0] for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    assert {"x: q", "x: q2", "All: q"} <= set(labels)
    assert not any("('" in str(label) for label in labels)


def test_combine_keeps_the_kish_effective_bases_of_the_whole(seams: pd.DataFrame) -> None:
    # Before: combine() of weighted parts dropped the effective bases, so the table of a
    # file read in chunks lost the note that the table of the whole file has.
    whole = tt.frequencies(seams, "sat", survey=seams_survey(), by="region", weights="w")
    parts = [
        tt.frequencies(seams.iloc[a:b], "sat", survey=seams_survey(), by="region", weights="w")
        for a, b in ((0, 150), (150, 151), (151, 400))
    ]
    combined = tt.combine(parts)
    assert combined.effective_bases is not None
    pd.testing.assert_series_equal(
        combined.effective_bases, whole.effective_bases, check_names=False, rtol=1e-12
    )
    assert combined.notes == whole.notes


def test_bad_weights_are_listed_as_plain_numbers() -> None:
    # Before: "rows [0] hold [np.float64(-1.0)]" (numpy 2 reprs in the message).
    frame = pd.DataFrame({"q": ["a", "b", "a"], "w": [-1.0, 1.0, np.nan], "g": ["x", "y", "x"]})
    with pytest.raises(tt.InvalidWeightsError, match=r"rows \[0, 2\] hold \[-1\.0, nan\]\.") as err:
        tt.frequencies(frame, "q", weights="w")
    assert "np." not in str(err.value)
    assert str(err.value).startswith("weights 'w' must be")  # the column, by name
    with pytest.raises(tt.InvalidWeightsError, match=r"rows \[0, 2\] hold \[-1\.0, nan\]\."):
        tt.design.difference(frame, "q", "g", option="a", design=tt.Design(weights="w"))


def test_a_finding_repr_removes_control_characters() -> None:
    # Before: repr(Finding) printed its explanation raw, a terminal escape included.
    finding = tt.check.Finding("fig", "impossible", "quoted \x1b[2J text\u202e")
    assert repr(finding) == "Finding('fig', 'impossible': quoted [2J text)"


def test_engine_errors_keep_their_class() -> None:
    # Before: a MultiResponseError raised while counting a polars frame came back as the
    # bare base class TracktrError (its rows rewritten for the engine).
    pl = pytest.importorskip("polars")
    frame = pd.DataFrame({"m1": ["1", "0", "2"], "m2": ["0", "1", "1"]})
    with pytest.raises(tt.MultiResponseError, match=r"found \['2'\] in some rows of the polars"):
        tt.multi_response(pl.from_pandas(frame), "set", columns=["m1", "m2"], options=["A", "B"])


def test_tabulate_refuses_a_numeric_question_with_a_subclass() -> None:
    # Before: the bare base class TracktrError.
    survey = tt.Survey.from_dict(
        {"title": "T", "questions": [{"id": "n", "type": "numeric", "text": "N"}]}
    )
    with pytest.raises(tt.InvalidOptionError, match=r"'n' is a numeric question, which is not"):
        tt.tabulate(pd.DataFrame({"n": [1]}), "n", survey=survey)


def test_a_design_book_tabulates_a_banner_by_itself(seams: pd.DataFrame) -> None:
    # Before: numpy's LinAlgError "Singular matrix" from the Rao–Scott test of region by
    # region (every group one answer), which the letters do not even use.
    book = tt.tabbook(seams, seams_survey(), banners=["region"], design=tt.Design(strata="st"))
    assert book.section("region").display().shape[0] >= 3
    frame = seams.assign(r2=seams["region"])
    with pytest.raises(tt.InvalidBaseError, match=r"Rao–Scott test of 'region' by 'r2' is not"):
        tt.design.chisq(frame, "region", "r2", design=tt.Design(strata="st"))
    table = tt.frequencies(frame, "region", survey=seams_survey(), by="r2")
    compared = tt.compare_table(table, design=tt.Design(strata="st"), data=frame, by="r2")
    assert compared.overall is None  # no overall test, the pairs still tested

"""File readers, round 5: SPSS/Stata missing kinds, chunked ids, export line numbers.

Each test says in a comment what the code did before.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt

pyreadstat = pytest.importorskip("pyreadstat")

FILE_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- 1. SPSS and Stata user-missing codes other than "skipped" ---------------------------

DONT_KNOW = {"code": 9, "label": "Don't know", "dont_know": True}
LABELS = {1: "Yes", 2: "No", 8: "Refused", 9: "Don't know"}


def codebook(missing: dict[str, list[Any]] | None = None, **extra: Any) -> tt.Survey:
    """One single question, its don't know option coded 9, and `missing` as declared."""
    question = {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No", DONT_KNOW]}
    spec: dict[str, Any] = {
        "title": "Missing kinds",
        "respondent_id": "id",
        "questions": [question, *extra.get("questions", [])],
    }
    if missing is not None:
        spec["missing"] = missing
    return tt.Survey.from_dict(spec)


def sav(
    path: Path,
    codes: list[float],
    *,
    labels: dict[Any, str] | None = None,
    missing: list[Any] | None = None,
) -> Path:
    """An SPSS file with an id and one labelled column ``q`` holding `codes`."""
    frame = pd.DataFrame({"id": [float(k) for k in range(1, len(codes) + 1)], "q": codes})
    pyreadstat.write_sav(
        frame,
        str(path),
        variable_value_labels={"q": LABELS if labels is None else labels},
        missing_ranges={"q": [8, 9] if missing is None else missing},
    )
    return path


def test_a_user_missing_code_labelled_refused_reads_as_refused(tmp_path: Path) -> None:
    # Before: 8 ("Refused", declared user-missing) was read as blank, None, which
    # survey.prepare() turned into "<skipped>": a refusal counted as a respondent who
    # skipped the question, even with a codebook declaring `refused = [8]`.
    path = sav(tmp_path / "q.sav", [1, 2, 8, 9, np.nan])
    assert tt.io.read_spss(path)["q"].tolist() == ["Yes", "No", "<refused>", "Don't know", None]
    drafted = tt.io.survey_from_spss(path)
    assert drafted.missing_kinds == ("skipped", "not_asked", "refused")
    prepared = drafted.prepare(tt.io.read_spss(path)).data
    assert prepared["q"].tolist() == ["Yes", "No", "<refused>", "Don't know", "<skipped>"]
    table = tt.frequencies(prepared, "q", survey=drafted)
    assert table.bases.tolist() == [3]  # Yes, No and don't know; refused and skipped out
    assert drafted == tt.Survey.from_dict(drafted.to_dict())  # refused = [] round trips


def test_spss_and_csv_give_the_same_prepared_frame(tmp_path: Path) -> None:
    # The CSV path reads the codebook's codes; the SPSS path must arrive at the same cells.
    # Before: "<skipped>" where the CSV path gave "<refused>".
    survey = codebook({"refused": [8]})
    path = sav(tmp_path / "q.sav", [1, 2, 8, 9, np.nan])
    spss = survey.prepare(tt.io.read_spss(path, survey=survey)).data
    text = tmp_path / "q.csv"
    text.write_text("id,q\n1,1\n2,2\n3,8\n4,9\n5,\n", encoding="utf-8")
    expected = tt.io.read_csv(text, survey)
    assert spss["q"].tolist() == expected["q"].tolist()
    assert spss["q"].tolist() == ["Yes", "No", "<refused>", "Don't know", "<skipped>"]


def test_the_codebook_entry_decides_over_the_label(tmp_path: Path) -> None:
    # Before: every user-missing code but "don't know" was blank, whatever the codebook
    # said. Now a code (or label) declared under [missing] reads as its kind, and a code
    # of the question's don't know option reads as that option.
    labels = {1: "Yes", 2: "No", 6: "No opinion", 7: "No answer given", 8: "Refused", 9: "DK"}
    path = sav(tmp_path / "q.sav", [1, 6, 7, 8, 9], labels=labels, missing=[{"lo": 6, "hi": 9}])
    survey = tt.Survey.from_dict(
        {
            "title": "Codebook decides",
            "respondent_id": "id",
            "missing": {"refused": ["No answer given"], "skipped": [8]},
            "questions": [
                {
                    "id": "q",
                    "type": "single",
                    "text": "Q?",
                    "options": [
                        "Yes",
                        "No",
                        {"code": 6, "label": "No opinion", "dont_know": True},
                        {"code": 9, "label": "Don't know", "dont_know": True},
                    ],
                }
            ],
        }
    )
    read = tt.io.read_spss(path, survey=survey)["q"].tolist()
    assert read == ["Yes", "No opinion", "<refused>", "<skipped>", "Don't know"]
    codes = tt.io.read_spss(path, survey=survey, labels=False)["q"].tolist()
    assert codes == [1, 6, "<refused>", "<skipped>", 9]
    prepared = survey.prepare(tt.io.read_spss(path, survey=survey)).data["q"].tolist()
    assert prepared == ["Yes", "No opinion", "<refused>", "<skipped>", "Don't know"]
    # Without the codebook, the labels decide: 6 and 7 say nothing the reader can tell.
    assert tt.io.read_spss(path)["q"].tolist() == ["Yes", None, None, "<refused>", "DK"]


def test_a_code_whose_kind_the_file_does_not_say_is_blank_and_follows_routing(
    tmp_path: Path,
) -> None:
    # The documented rule: a user-missing code without a label, or labelled "Not
    # applicable", is blank, as a system-missing value; prepare() reads the blank as
    # skipped, or not asked where the routing did not ask. Nothing is guessed.
    frame = pd.DataFrame(
        {"id": [1.0, 2, 3, 4], "funded": [1.0, 1, 2, 2], "amount": [500.0, 99, 98, 99]}
    )
    path = tmp_path / "routed.sav"
    pyreadstat.write_sav(
        frame,
        str(path),
        variable_value_labels={"funded": {1: "Yes", 2: "No"}, "amount": {98: "Not applicable"}},
        missing_ranges={"amount": [98, 99]},
    )
    survey = tt.Survey.from_dict(
        {
            "title": "Routed",
            "respondent_id": "id",
            "questions": [
                {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]},
                {
                    "id": "amount",
                    "type": "numeric",
                    "text": "How much?",
                    "ask_if": {"question": "funded", "in": ["Yes"]},
                },
            ],
        }
    )
    data = tt.io.read_spss(path, survey=survey)
    assert data["amount"].tolist() == [500, pd.NA, pd.NA, pd.NA]
    prepared = survey.prepare(data).data["amount"].tolist()
    assert prepared == [500, "<skipped>", "<not asked>", "<not asked>"]
    # Declared under [missing], the codes read as their kinds instead.
    declared = tt.Survey.from_dict({**survey.to_dict(), "missing": {"refused": [99]}})
    assert tt.io.read_spss(path, survey=declared)["amount"].tolist() == [
        500,
        "<refused>",
        None,
        "<refused>",
    ]


def test_a_codebook_without_the_refused_kind_is_told(tmp_path: Path) -> None:
    # Before: read as skipped without a word. Now "<refused>", which a codebook that
    # declares no refused kind refuses, naming the respondent and the fix.
    path = sav(tmp_path / "q.sav", [1, 8])
    survey = codebook()
    data = tt.io.read_spss(path, survey=survey)
    assert data["q"].tolist() == ["Yes", "<refused>"]
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"undeclared_missing_kind: question 'q', respondent 2: '<refused>'.*"
        r"declare 'refused' under \[missing\]",
    ):
        survey.prepare(data)
    # Declaring the code under another kind reads it as that kind.
    as_skipped = codebook({"skipped": ["Refused"]})
    assert tt.io.read_spss(path, survey=as_skipped)["q"].tolist() == ["Yes", "<skipped>"]


def test_refused_text_codes_numbers_and_ticks(tmp_path: Path) -> None:
    # Before: each of these refusals was blank (read as skipped).
    path = tmp_path / "mixed.sav"
    frame = pd.DataFrame(
        {
            "id": [1.0, 2, 3],
            "agree": ["y", "r", "x"],
            "staff": [12.0, 99, 3],
            "where_1": [1.0, 8, 0],
            "where_2": [0.0, 8, 1],
        }
    )
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels={"where_1": "Where? - Prison", "where_2": "Where? - Community"},
        variable_value_labels={
            "agree": {"y": "Yes", "n": "No", "x": "Don't know", "r": "Prefer not to say"},
            "staff": {99: "Declined"},
            "where_1": {0: "No", 1: "Yes", 8: "Refused"},
            "where_2": {0: "No", 1: "Yes", 8: "Refused"},
        },
        missing_ranges={"agree": ["x", "r"], "staff": [99], "where_1": [8], "where_2": [8]},
    )
    data = tt.io.read_spss(path)
    assert data["agree"].tolist() == ["Yes", "<refused>", "Don't know"]
    assert data["staff"].tolist() == [12, "<refused>", 3]
    assert data["where_1"].tolist() == [1, "<refused>", 0]
    survey = tt.io.survey_from_spss(path)
    assert survey.question("staff").note == (
        "Code 99 ('Declined') is a missing value: read_spss() reads it as refused ('<refused>')."
    )
    prepared = survey.prepare(data).data
    refusal = prepared[["agree", "staff", "where_1", "where_2"]].iloc[1]
    assert refusal.tolist() == ["<refused>"] * 4


def test_stata_extended_missing_values_read_as_their_kinds(tmp_path: Path) -> None:
    # Before: .r ("Refused") was blank, read as skipped, and .d ("Don't know") blank with
    # a warning even when the codebook passed in has a don't know option.
    path = tmp_path / "q.dta"
    pyreadstat.write_dta(
        pd.DataFrame({"id": [1, 2, 3, 4], "q": [1, "r", "d", "n"]}),
        str(path),
        missing_user_values={"q": ["r", "d", "n"]},
        variable_value_labels={
            "q": {1: "Yes", 2: "No", "r": "Refused", "d": "Don't know", "n": "No answer"}
        },
    )
    with pytest.warns(tt.TracktrWarning, match=r"1 answer\(s\) coded \.d"):
        plain = tt.io.read_stata(path)
    assert plain["q"].tolist() == ["Yes", "<refused>", None, None]
    survey = codebook({"refused": [], "skipped": [".n"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the codebook's don't know option: nothing to say
        data = tt.io.read_stata(path, survey=survey)
    assert data["q"].tolist() == ["Yes", "<refused>", "Don't know", "<skipped>"]
    assert tt.io.read_stata(path, survey=survey, labels=False)["q"].tolist() == [
        1,
        "<refused>",
        9,
        "<skipped>",
    ]
    assert survey.prepare(data).data["q"].tolist() == data["q"].tolist()
    with pytest.warns(tt.TracktrWarning, match=r"coded \.d"):
        assert tt.io.survey_from_spss(path).missing_kinds[-1] == "refused"


def test_survey_must_be_a_codebook(tmp_path: Path) -> None:
    path = sav(tmp_path / "q.sav", [1])
    with pytest.raises(tt.InvalidDataError, match=r"`survey` must be a tracktr.Survey.*dict"):
        tt.io.read_spss(path, survey={"title": "x"})  # type: ignore[arg-type]


KINDS = st.sampled_from([None, "refused", "skipped", "not_asked"])


@FILE_SETTINGS
@given(
    st.lists(st.sampled_from([1.0, 2.0, 7.0, 8.0, 9.0, np.nan]), min_size=1, max_size=8),
    KINDS,
    KINDS,
)
def test_spss_with_its_codebook_reads_as_the_csv_path(
    tmp_path: Path, codes: list[float], kind_7: str | None, kind_8: str | None
) -> None:
    # Invariant: with the codebook passed, an SPSS file whose codes 7, 8 and 9 are
    # user-missing prepares to the frame read_csv() gives for the same codes as text.
    missing: dict[str, list[Any]] = {}
    for code, kind in ((7, kind_7), (8, kind_8)):
        if kind is not None:
            missing.setdefault(kind, []).append(code)
    labels = {1: "Yes", 2: "No", 7: "Not stated", 8: "Refused", 9: "Don't know"}
    path = sav(tmp_path / "p.sav", codes, labels=labels, missing=[7, 8, 9])
    survey = codebook(missing)
    text = tmp_path / "p.csv"
    cells = ["" if np.isnan(c) else str(int(c)) for c in codes]
    if kind_8 is None:  # the label "Refused" reads as refused: the CSV file says so
        cells = ["<refused>" if c == "8" else c for c in cells]
        survey = codebook({**missing, "refused": missing.get("refused", [])})
    if kind_7 is None:  # "Not stated" says no kind: blank, as a system-missing value
        cells = ["" if c == "7" else c for c in cells]
    text.write_text("id,q\n" + "".join(f"{k},{c}\n" for k, c in enumerate(cells, 1)))
    spss = outcome(lambda: survey.prepare(tt.io.read_spss(path, survey=survey)).data["q"])
    assert spss == outcome(lambda: tt.io.read_csv(text, survey)["q"])


def outcome(work: Any) -> Any:
    """The cells a reader gives, or its error's class and failures (respondent, value, check)."""
    try:
        return work().tolist()
    except tt.SurveyValidationError as error:
        failures = error.failures[["respondent_id", "value", "check"]].astype(str)
        return type(error).__name__, failures.to_numpy().tolist()


# -- 2. read_csv in chunks: the ids (and every column) of the whole read ------------------

CHUNKED = tt.Survey.from_dict(
    {
        "title": "Chunks",
        "missing": {"refused": [-98]},
        "questions": [
            {"id": "kind", "type": "single", "text": "Kind?", "options": ["A", "B"]},
            {"id": "staff", "type": "numeric", "text": "Staff?"},
            {"id": "where", "type": "multi", "text": "Where?", "options": ["Prison", "Court"]},
            {"id": "note", "type": "text", "text": "Note?"},
        ],
    }
)
ID_KINDS = {
    "numbers": st.integers(-5, 10**6).map(str),
    "padded": st.integers(0, 999).map(lambda n: f"{n:04d}"),
    "text": st.from_regex(r"R[0-9]{1,3}", fullmatch=True),
}
CELLS = {
    "kind": st.sampled_from(["A", "B", "1", "2", "", "-98"]),
    "staff": st.sampled_from(["0", "12", " 7 ", "", "2.5", "-98"]),
    "where_1": st.sampled_from(["1", "0", ""]),
    "where_2": st.sampled_from(["1", "0", ""]),
    "note": st.sampled_from(["", "ok", "NA", "1"]),
}


@st.composite
def chunked_file(draw: st.DrawFn) -> str:
    """A small response file whose ids mix numbers, zero-padded numbers and text."""
    n = draw(st.integers(1, 10))
    kinds = draw(st.lists(st.sampled_from(sorted(ID_KINDS)), min_size=n, max_size=n))
    ids = [draw(ID_KINDS[kind]) for kind in kinds]
    if len(set(ids)) < len(ids):  # (repeats are drawn on purpose below)
        ids = list(dict.fromkeys(ids))
    if draw(st.booleans()) and len(ids) > 1:  # "0003" beside "3", or an id written twice
        ids[-1] = ids[0].lstrip("0") or "0" if draw(st.booleans()) else ids[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["respondent_id", *CELLS])
    for respondent in ids:
        writer.writerow([respondent, *(draw(cells) for cells in CELLS.values())])
    return buffer.getvalue()


def read_or_error(work: Any) -> Any:
    """The frame a reader gives (chunks concatenated), or that it raised a tracktr error."""
    try:
        found = work()
        if isinstance(found, pd.DataFrame):
            return found
        chunks = list(found)
    except tt.TracktrError:
        return "error"
    return pd.concat(chunks) if chunks else None


@FILE_SETTINGS
@given(chunked_file(), st.integers(1, 4))
def test_every_chunk_size_gives_the_whole_read(tmp_path: Path, text: str, chunksize: int) -> None:
    # Before: ids 1, 2 | R3 in chunks of 2 gave 1 and 2 as int and "R3" as str (the whole
    # read gives "1", "2", "R3"): the first chunk could not see that the file's ids are text.
    path = tmp_path / "responses.csv"
    path.write_text(text, encoding="utf-8")
    whole = read_or_error(lambda: tt.io.read_csv(path, CHUNKED))
    chunked = read_or_error(lambda: tt.io.read_csv(path, CHUNKED, chunksize=chunksize))
    if isinstance(whole, str) or isinstance(chunked, str):
        assert whole == chunked  # both refuse the file (a repeated id, "0003" and "3")
        return
    assert isinstance(chunked, pd.DataFrame)
    pd.testing.assert_frame_equal(chunked, whole)
    assert [type(v) for v in chunked["respondent_id"]] == [type(v) for v in whole["respondent_id"]]


@pytest.mark.parametrize("pyarrow", [True, False])
def test_ids_of_a_chunk_follow_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pyarrow: bool
) -> None:
    # Before: [1, 2, 'R3'] in chunks of 2, ['1', '2', 'R3'] read whole.
    if not pyarrow:
        for name in ("pyarrow", "pyarrow.csv", "pyarrow.compute"):
            monkeypatch.setitem(__import__("sys").modules, name, None)
    kind = tt.Survey.from_dict({"title": "Kind", "questions": [CHUNKED.question("kind").to_dict()]})
    path = tmp_path / "ids.csv"
    path.write_text("respondent_id,kind\n1,A\n2,B\nR3,A\n", encoding="utf-8")
    whole = tt.io.read_csv(path, kind)
    assert whole["respondent_id"].tolist() == ["1", "2", "R3"]
    for chunksize in (1, 2, 3):
        chunks = list(tt.io.read_csv(path, kind, chunksize=chunksize))
        assert [v for c in chunks for v in c["respondent_id"]] == ["1", "2", "R3"]
    path.write_text("respondent_id,kind\n007,A\n2,B\n3,A\n", encoding="utf-8")
    for chunksize in (1, 2, 4):  # every id a whole number: checked as numbers, kept as written
        chunks = list(tt.io.read_csv(path, kind, chunksize=chunksize))
        assert [v for c in chunks for v in c["respondent_id"]] == ["007", "2", "3"]
        assert {str(c["respondent_id"].dtype) for c in chunks} == {"object"}


# -- 3. platform exports: id errors name the file's lines (sheet rows) -------------------

SECURE = tt.Survey.from_dict(
    {
        "title": "Export",
        "questions": [
            {"id": "secure", "type": "single", "text": "Funding secure?", "options": ["Y", "N"]}
        ],
    }
)
# Respondents under the header rows: an empty row (left out) between them, then a blank
# id and an id written twice.
BODY = [["1", "Y"], ["2", "N"], ["", ""], ["1", "Y"], ["", "N"], ["4", "Y"], ["2", "N"]]


def export_file(tmp_path: Path, suffix: str, headers: int) -> Path:
    """An export with `headers` header rows and BODY under them, as CSV or a workbook."""
    head = [["Respondent ID", "Funding secure?"]]
    if headers == 2:
        head.append(["", "Response"])
    rows = [*head, *BODY]
    path = tmp_path / f"export{suffix}"
    if suffix == ".xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append([cell or None for cell in row])
        book.save(path)
    else:
        path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("drafted", [False, True])
@pytest.mark.parametrize(("suffix", "unit"), [(".csv", "line"), (".xlsx", "sheet row")])
@pytest.mark.parametrize("headers", [1, 2])
def test_id_errors_name_the_lines_a_user_opens(
    tmp_path: Path, suffix: str, unit: str, headers: int, drafted: bool
) -> None:
    # Before: "blank in 1 row: 3 (0-based positions)" and "'1' at rows 0, 2; '2' at rows
    # 1, 5": positions in the frame under the headers, the empty row left out, which
    # match no line of the file (with two headers the blank id is on line 7).
    path = export_file(tmp_path, suffix, headers)
    first = headers + 1  # the line (sheet row) of the first respondent
    blank, ones, twos = first + 4, (first, first + 3), (first + 1, first + 6)
    with pytest.raises(tt.SurveyValidationError) as caught:
        tt.io.read_platform_export(path, None if drafted else SECURE)
    message = str(caught.value)
    assert f"blank in 1 row: {unit} {blank}\n" in message
    assert (
        f"repeated: '1' at {unit}s {ones[0]}, {ones[1]}; '2' at {unit}s {twos[0]}, {twos[1]}\n"
        in message
    )
    assert "0-based" not in message
    failures = caught.value.failures
    assert failures["check"].tolist() == ["missing_id", "duplicate_id"]
    assert failures["value"].tolist()[1] == ("1", "2")


def test_qualtrics_ids_name_their_lines(tmp_path: Path) -> None:
    # Three header rows (column names, texts, ImportId): the first respondent is line 4.
    path = tmp_path / "qualtrics.csv"
    path.write_text(
        "ResponseId,Q1\nResponse ID,Funding secure?\n"
        '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}"\n'
        "R_1,Y\nR_2,N\nR_1,Y\n",
        encoding="utf-8",
    )
    with pytest.raises(tt.SurveyValidationError, match=r"'R_1' at lines 4, 6\n"):
        tt.io.read_platform_export(path, SECURE, id_column="Response ID")


def test_a_dataframe_names_its_own_positions() -> None:
    # Before: positions under the header rows (0 and 2 here); the frame passed holds the
    # header row too, so the repeated id is at its rows 1 and 3.
    frame = pd.DataFrame([["Respondent ID", "Funding secure?"], ["7", "Y"], ["8", "N"], ["7", "Y"]])
    with pytest.raises(
        tt.SurveyValidationError,
        match=r"repeated: 7 at rows 1, 3 \(0-based positions of the pandas frame\)",
    ):
        tt.io.read_platform_export(frame, SECURE, layout="one_header")
    # Read with pandas' defaults, the header is the columns: the rows are 0 and 2.
    named = pd.DataFrame({"Respondent ID": ["7", "8", "7"], "Funding secure?": ["Y", "N", "Y"]})
    with pytest.raises(tt.SurveyValidationError, match=r"repeated: 7 at rows 0, 2 \(0-based"):
        tt.io.read_platform_export(named, SECURE, layout="one_header")


def test_other_failures_are_kept_beside_the_placed_ids(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Respondent ID,Funding secure?\n,Response\n1,Y\n1,Maybe\n", encoding="utf-8")
    with pytest.raises(tt.SurveyValidationError) as caught:
        tt.io.read_platform_export(path, SECURE)
    failures = caught.value.failures
    assert failures["check"].tolist() == ["duplicate_id", "unknown_value"]
    assert "repeated: 1 at lines 3, 4\n" in str(caught.value)
    assert str(caught.value).startswith(f"{str(path)!r}: 2 failures in 2 questions against")


@FILE_SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(["1", "2", "R3", ""]), st.sampled_from(["Y", "N", ""])),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["one_header", "two_headers"]),
)
def test_every_line_an_id_error_names_holds_that_id(
    tmp_path: Path, body: list[tuple[str, str]], layout: str
) -> None:
    # Invariant: the lines named for a blank (repeated) id are exactly the lines of the
    # file whose id cell is blank (that id), empty rows left out.
    head = "Respondent ID,Funding secure?\n" + (",Response\n" if layout == "two_headers" else "")
    path = tmp_path / "export.csv"
    path.write_text(head + "".join(f"{i},{a}\n" for i, a in body), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    first = 2 if layout == "one_header" else 3
    ids = {n: line.split(",")[0] for n, line in enumerate(lines, 1) if n >= first}
    answered = {n for n, line in enumerate(lines, 1) if n >= first and line != ","}
    try:
        tt.io.read_platform_export(path, SECURE, layout=layout)  # type: ignore[arg-type]
    except tt.SurveyValidationError as error:
        failures = error.failures.set_index("check")["expected"].to_dict()
    else:
        failures = {}
    blank = {n for n in answered if ids[n] == ""}
    named = failures.get("missing_id", "")
    assert bool(named) == bool(blank)
    if blank:
        assert named.endswith(_lines(blank))
    written: dict[str, set[int]] = {}
    for n in answered:
        if ids[n]:
            written.setdefault(ids[n], set()).add(n)
    repeated = {i: ns for i, ns in written.items() if len(ns) > 1}
    named = failures.get("duplicate_id", "")
    assert bool(named) == bool(repeated)
    numbers = all(ids[n].isdigit() for n in answered)  # then ids are read as numbers
    for value, found in repeated.items():
        shown = repr(int(value)) if numbers else repr(value)
        assert f"{shown} at {_lines(found)}" in named


def _lines(numbers: set[int]) -> str:
    ordered = sorted(numbers)
    return f"line{'s' if len(ordered) > 1 else ''} {', '.join(map(str, ordered))}"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_empty_last_column_does_not_make_a_respondent_a_header(
    tmp_path: Path, suffix: str
) -> None:
    # Old: a one-header export whose lines all end with a separator (an empty column with
    # no header, as spreadsheets save) was read as two header rows: the first respondent
    # became the option row, 3 respondents read as 2, "Is your funding secure?" a
    # tick-all-that-apply question with the one option "Yes".
    rows = [
        ["Timestamp", "Is your funding secure?", "Region", ""],
        ["2025/03/01 10:02", "Yes", "North", ""],
        ["2025/03/02 10:02", "No", "South", ""],
        ["2025/03/03 10:02", "No", "North", ""],
    ]
    path = tmp_path / f"trailing{suffix}"
    if suffix == ".xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append([cell or None for cell in row])
        book.save(path)
    else:
        path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    export = tt.io.read_platform_export(path)
    assert export.layout == "one_header"
    assert len(export.data) == 3
    secure = export.survey.questions[0]
    assert secure.type == "single"
    table = tt.frequencies(export.data, secure.id, survey=export.survey)
    assert dict(zip(table.counts.index, table.counts["All"], strict=True)) == {"Yes": 1, "No": 2}

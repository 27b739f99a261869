"""Respondent ids on engine frames and scanned files: found in the engine, said one way.

Each test names what the old code did. The reference is the pandas path
(``survey.validate`` on a pandas frame, ``tt.io.read_csv`` for a file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr import _engine
from tracktr.survey._checks import blank_ids_failure, repeated_ids_failure

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")

SURVEY = tt.Survey.from_dict(
    {
        "title": "Members",
        "questions": [
            {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]},
            {"id": "paid", "type": "single", "text": "Paid staff?", "options": ["Yes", "No"]},
        ],
    }
)

ENGINES: dict[str, Callable[[pd.DataFrame], Any]] = {
    "polars": pl.from_pandas,
    "polars-lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "pyarrow": lambda frame: pa.Table.from_pandas(frame, preserve_index=False),
    "duckdb": duckdb.from_df,
}
EAGER = {"polars", "pyarrow"}


def _frame(ids: list[Any]) -> pd.DataFrame:
    return pd.DataFrame({"respondent_id": ids, "size": "Small", "paid": "Yes"})


def _failures(survey: tt.Survey, data: Any) -> pd.DataFrame:
    try:
        survey.validate(data)
    except tt.SurveyValidationError as error:
        return error.failures  # type: ignore[no-any-return]
    return pd.DataFrame(columns=["check", "value", "expected"])


# -- 1. validate on an engine frame: only the offending ids come back -----------------------


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_validate_brings_back_no_row_per_respondent(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The old PatternCheck._id_failures grouped the ids with _engine.aggregate and brought
    # every distinct id into pandas: 20,000 rows here, one per respondent.
    native = ENGINES[engine](_frame(list(range(20_000))))
    sizes: list[int] = []
    aggregate = _engine.aggregate

    def spy(*args: Any, **kwargs: Any) -> pd.DataFrame:
        found = aggregate(*args, **kwargs)
        sizes.append(len(found))
        return found

    monkeypatch.setattr(_engine, "aggregate", spy)
    assert SURVEY.validate(native) is native
    assert sizes  # the answers were counted in the engine
    assert max(sizes) == 1  # one answer pattern per question, nothing per respondent


@pytest.mark.parametrize("engine", ["polars-lazy", "duckdb"])
def test_count_ids_fetches_the_first_repeated_ids_and_counts_the_rest(engine: str) -> None:
    # More repeated ids than one fetch brings back (1,000): the rest are counted. (The old
    # code had no engine-side count for engine frames: scan held its own.)
    from tracktr.survey._engine_ids import count_ids

    ids: list[Any] = [*range(1500), *range(1500), None, None, None]
    found = count_ids(ENGINES[engine](_frame(ids)), "respondent_id")
    assert (found.blank, found.total) == (3, 1500)
    assert found.repeated == dict.fromkeys(range(20), 2)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_many_repeated_and_blank_ids_read_as_pandas_reads_them(engine: str) -> None:
    ids: list[Any] = [*range(1500), *range(1500), *[None] * 30]
    expected = _failures(SURVEY, _frame(ids).astype({"respondent_id": object}))
    failures = _failures(SURVEY, ENGINES[engine](_frame(ids)))
    assert (
        failures["check"].tolist() == expected["check"].tolist() == ["missing_id", "duplicate_id"]
    )
    assert failures["value"].tolist() == expected["value"].tolist()
    blank, repeated = failures["expected"].tolist()
    assert "and 1480 more repeated ids" in repeated, repeated
    assert "blank in 30 rows" in blank, blank
    if engine in EAGER:  # the frame's own positions, at most 20 blank and 10 per id
        name = _engine.engine_name(ENGINES[engine](_frame(ids)))
        for said, pandas_said in zip(failures["expected"], expected["expected"], strict=True):
            assert said == pandas_said.replace("positions)", f"positions of the {name} frame)")


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_nan_id_is_blank_and_named_by_its_row(engine: str) -> None:
    # The old check found a NaN id blank (in pandas) but looked for the rows of null ids
    # only: "blank in 2 rows: 3 and 1 more" where pandas says "1, 3".
    ids = [1.0, float("nan"), 1.0, None]
    expected = _failures(SURVEY, _frame(ids))
    native = ENGINES[engine](_frame(ids))
    if engine.startswith("polars"):  # (from pandas, polars reads NaN as null)
        native = pl.DataFrame({"respondent_id": ids, "size": "Small", "paid": "Yes"})
        assert native["respondent_id"].is_nan().sum() == 1
        native = native.lazy() if engine == "polars-lazy" else native
    failures = _failures(SURVEY, native)
    assert failures["value"].tolist() == expected["value"].tolist() == [None, (1.0,)]
    blank = failures["expected"].tolist()[0]
    assert "blank in 2 rows" in blank, blank
    if engine in EAGER:
        name = _engine.engine_name(native)
        assert blank.endswith(f": 1, 3 (0-based positions of the {name} frame)"), blank


@st.composite
def id_lists(draw: st.DrawFn) -> list[Any]:
    n = draw(st.integers(min_value=1, max_value=30))
    text = draw(st.booleans())
    values = st.integers(1, n + 2)
    if text:
        values = st.sampled_from(["a", "b", "c", "  ", "\u00a0", "d"])
    return draw(st.lists(st.none() | values, min_size=n, max_size=n))


@pytest.mark.parametrize("engine", sorted(ENGINES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=id_lists())
def test_engine_id_failures_are_the_pandas_ones(engine: str, ids: list[Any]) -> None:
    # Blank ids (null, or text of spaces Python strips) and repeated ones: the same
    # failures and values as pandas, and, on an eager frame, the same rows named.
    frame = _frame(ids)
    if all(isinstance(v, int) or v is None for v in ids):
        frame = frame.astype({"respondent_id": "Int64"})
    expected = _failures(SURVEY, frame.astype({"respondent_id": object}))
    failures = _failures(SURVEY, ENGINES[engine](frame))
    assert failures["check"].tolist() == expected["check"].tolist()
    assert failures["value"].tolist() == expected["value"].tolist()
    if engine in EAGER:
        name = _engine.engine_name(ENGINES[engine](frame))
        assert failures["expected"].tolist() == [
            said.replace("positions)", f"positions of the {name} frame)")
            for said in expected["expected"]
        ]


# -- 2. one message, in rows or in lines ------------------------------------------------------


def test_the_id_messages_take_their_unit() -> None:
    # The old scan wrote its own copies of these messages, in lines; the functions took
    # rows only.
    blank = blank_ids_failure("id", [6], 1, unit="line")["expected"]
    assert blank == "a respondent id in every row; blank in 1 row: line 6"
    blank = blank_ids_failure("id", [6, 9], 3, unit="line")["expected"]
    assert blank == "a respondent id in every row; blank in 3 rows: lines 6, 9 and 1 more"
    assert blank_ids_failure("id", [], 2, unit="line")["expected"] == (
        "a respondent id in every row; blank in 2 rows (filter the file on a blank id to list them)"
    )
    repeated = repeated_ids_failure("id", {"2": [3, 5]}, {"2": 2, "7": 3}, unit="line", total=4)
    assert repeated["value"] == ("2", "7")
    assert repeated["expected"] == (
        "unique respondent ids; repeated: '2' at lines 3, 5; '7' in 3 rows; and 2 more repeated ids"
    )
    # rows, as before
    assert repeated_ids_failure("id", {7: [0, 3]}, {7: 2})["expected"] == (
        "unique respondent ids; repeated: 7 at rows 0, 3 (0-based positions)"
    )


def test_a_parquet_file_says_how_to_find_its_repeated_rows(tmp_path: Path) -> None:
    # The old scan's message for a file without lines stopped at "2 in 2 rows"; its blank
    # ids' message said how to find them, its repeated ids' did not.
    path = tmp_path / "responses.parquet"
    pd.DataFrame({"respondent_id": [1, 2, 2], "size": "Small", "paid": "Yes"}).to_parquet(
        path, index=False
    )
    failures = tt.io.scan(path, SURVEY).failures()
    assert failures["expected"].tolist() == [
        "unique respondent ids; repeated: 2 in 2 rows (filter the file on these ids to list them)"
    ]


# -- 3. a row of empty cells is a respondent with no id, on every engine -------------------

SCAN_ENGINES = ["duckdb", "polars"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "responses.csv"
    path.write_bytes(text.encode())
    return path


@pytest.mark.parametrize("engine", SCAN_ENGINES)
@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("respondent_id,size,paid\n1,Small,Yes\n,,\n\n2,Large,No\n", 3),
        ("respondent_id,size,paid\n1,Small,Yes\n\n,,\n2,Large,No\n\n\n", 4),
        ("respondent_id,size,paid\r\n1,Small,Yes\r\n,,\r\n\r\n2,Large,No\r\n", 3),
        ("respondent_id,size,paid\r1,Small,Yes\r\r,,\r2,Large,No\r", 4),
        # a quoted cell spanning lines: lines are not rows
        ('respondent_id,size,paid\n1,Small,"Yes\nreally"\n\n,,\n2,Large,No\n', 5),
    ],
    ids=["blank-after", "blank-before", "crlf", "cr", "multiline"],
)
def test_a_row_of_empty_cells_beside_a_blank_line_is_refused(
    tmp_path: Path, engine: str, text: str, line: int
) -> None:
    # The old polars scan dropped blank lines by dropping every row of nulls, which ",,"
    # is too: it counted 2 respondents and validated; read_csv and DuckDB refuse it.
    path = _write(tmp_path, text)
    with pytest.raises(tt.SurveyValidationError) as memory:
        tt.io.read_csv(path, SURVEY)
    scanned = tt.io.scan(path, SURVEY, engine=engine)  # type: ignore[arg-type]
    assert scanned.rows() == 3
    failures = scanned.failures()
    assert failures["check"].tolist() == memory.value.failures["check"].tolist()
    ids = failures[failures["check"] == "missing_id"]  # ("Yes\nreally" is no option)
    assert ids["expected"].tolist() == [
        f"a respondent id in every row; blank in 1 row: line {line}"
    ]
    with pytest.raises(tt.SurveyValidationError, match=f"blank in 1 row: line {line}"):
        scanned.tabulate("size")


@pytest.mark.parametrize("engine", SCAN_ENGINES)
def test_a_line_of_spaces_is_refused_alike_on_every_engine(tmp_path: Path, engine: str) -> None:
    # The old polars scan read "   " as a respondent whose id is blank (missing_id, no
    # line named); DuckDB refused the line as a row of one cell. Both now refuse it so.
    path = _write(tmp_path, "respondent_id,size,paid\n1,Small,Yes\n   \n2,Large,No\n")
    with pytest.raises(tt.ReadError, match="the header has 3 columns but line 3 has 1"):
        tt.io.scan(path, SURVEY, engine=engine).validate()  # type: ignore[arg-type]


_LINES = ["{i},Small,Yes", "{i},Large,No", "", ",,", '"",,', ",Large,", "{i},,", '{i},,"a\n\nb"']
"""Rows of a file: answers, blank lines, rows of empty cells, a quoted cell spanning lines."""


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(picks=st.lists(st.sampled_from(_LINES), min_size=1, max_size=12), crlf=st.booleans())
def test_every_engine_reads_blank_lines_and_empty_rows_as_read_csv(
    tmp_path: Path, picks: list[str], crlf: bool
) -> None:
    # Whatever mix of blank lines and rows of empty cells: the same rows, the same
    # failures (and lines named) on both engines, the failures read_csv finds, and for
    # blank and repeated ids the same lines (read_csv named 0-based positions of its frame).
    end = "\r\n" if crlf else "\n"
    body = [pick.format(i=i) for i, pick in enumerate(picks, start=1)]
    path = _write(tmp_path, end.join(["respondent_id,size,paid", *body]) + end)
    ids = {"missing_id", "duplicate_id"}
    try:
        expected = tt.io.read_csv(path, SURVEY)
        checks: list[str] = []
        rows = len(expected)
        placed: list[str] = []
    except tt.SurveyValidationError as error:
        checks = error.failures["check"].tolist()
        rows = sum(1 for line in body if line)  # (a quoted cell's lines are one row)
        placed = sorted(error.failures.loc[error.failures["check"].isin(ids), "expected"])
    found = []
    for engine in SCAN_ENGINES:
        scanned = tt.io.scan(path, SURVEY, engine=engine)  # type: ignore[arg-type]
        failures = scanned.failures()
        assert sorted(failures["check"]) == sorted(checks)
        assert scanned.rows() == rows
        assert sorted(failures.loc[failures["check"].isin(ids), "expected"]) == placed
        found.append(failures["expected"].tolist())
    assert found[0] == found[1]


def test_read_csv_names_the_lines_of_blank_and_repeated_ids(tmp_path: Path) -> None:
    # read_csv named "rows 0, 2 (0-based positions)" of its frame: after a blank line and a
    # cell spanning two lines, no one who opens the file finds them there.
    path = _write(
        tmp_path,
        'respondent_id,size,paid\n1,Small,Yes\n\n1,Large,No\n,Small,No\n"2","Sm\nall",No\n'
        "2,Large,Yes\n",
    )

    def read(chunksize: int | None) -> None:
        if chunksize is None:
            tt.io.read_csv(path, SURVEY)
        else:
            list(tt.io.read_csv(path, SURVEY, chunksize=chunksize))

    for chunksize in (None, 2, 100):
        with pytest.raises(tt.SurveyValidationError) as caught:
            read(chunksize)
        expected = caught.value.failures.set_index("check")["expected"]
        message = str(caught.value)
        if chunksize != 2:  # in chunks of 2 the first chunk fails alone
            assert expected["missing_id"].endswith("blank in 1 row: line 5")
            assert "'2' at lines 7, 8" in expected["duplicate_id"]
        assert "'1' at lines 2, 4" in expected["duplicate_id"], message
        assert "0-based" not in message


@pytest.mark.parametrize("line", ["   ", "\t", " \t "])
def test_a_line_of_spaces_is_refused_by_read_csv_as_by_the_scans(tmp_path: Path, line: str) -> None:
    # read_csv skipped a line of spaces (and so tabulated 2 respondents) where every scan
    # refused the file: the same file gave a table on one path and an error on the other.
    path = _write(tmp_path, f"respondent_id,size,paid\n1,Small,Yes\n{line}\n2,Large,No\n")
    with pytest.raises(tt.ReadError, match="the header has 3 columns but line 3 has 1"):
        tt.io.read_csv(path, SURVEY)
    with pytest.raises(tt.ReadError, match="the header has 3 columns but line 3 has 1"):
        list(tt.io.read_csv(path, SURVEY, chunksize=1))

"""Respondent ids of one number written two ways: ``1.0`` and ``1``, as ``03`` and ``3``.

pandas writes a column of float ids as ``1.0`` (one blank makes the column float), so a
file stacked from two exports mixes ``1.0`` and ``1``. An id written as a whole number with
a zero fraction is that whole number (not its plain form), on every path that reads ids:
``tt.io.read_csv`` whole and in chunks, ``tt.io.scan`` on polars and DuckDB, and
``tracktr validate``. Exponent forms (``1e0``) stay text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.cli import main
from tracktr.io._scan_ids import integer_ids
from tracktr.io._seen import SpilledIds, whole_numbers

ENGINES = ["duckdb", "polars"]
RID = "respondent_id"
HEAD = f"{RID},kind\n"
KIND = tt.Survey.from_dict(
    {
        "title": "Kind",
        "questions": [{"id": "kind", "type": "single", "text": "Kind?", "options": ["A", "B"]}],
    }
)


def ids_file(folder: Path, ids: list[str]) -> Path:
    path = folder / "ids.csv"
    path.write_text(HEAD + "".join(f"{i},A\n" for i in ids), encoding="utf-8")
    return path


@contextmanager
def without_pyarrow(hidden: bool) -> Iterator[None]:
    """Hide pyarrow (an ImportError, as when it is not installed) when `hidden`."""
    with pytest.MonkeyPatch.context() as patch:
        if hidden:
            for name in ("pyarrow", "pyarrow.csv", "pyarrow.compute"):
                patch.setitem(sys.modules, name, None)
        yield


# -- the rule, on a column of ids ------------------------------------------------------------


@pytest.mark.parametrize("arrow", [True, False])
def test_a_zero_fraction_is_a_whole_number_but_not_its_plain_text(arrow: bool) -> None:
    # Old: whole_numbers(["1.0", ...]) was None (the ids were text, "1.0" was not "1").
    texts = pd.Series(["1.0", " 12.00 ", "-0.0", "3", "-4.000"], dtype=object)
    if arrow:
        pa = pytest.importorskip("pyarrow")
        texts = texts.astype(pd.ArrowDtype(pa.string()))
    found = whole_numbers(texts)
    assert found is not None
    assert found.values.tolist() == [1, 12, 0, 3, -4]
    assert found.plain.tolist() == [False, False, False, True, False]


@pytest.mark.parametrize("other", ["1e0", "1E0", "1.5", "1.", ".0", "1.0.0", "1,0", "+1.0"])
def test_other_decimal_forms_are_text(other: str) -> None:
    # Unchanged, a guard: exponents, a fraction that is not zero, a bare point stay text.
    assert whole_numbers(pd.Series(["1", other], dtype=object)) is None


ID_TEXT = st.sampled_from(
    ["0", "-0", "3", "03", "3.0", "-3.00", " 3.0", "1000000000000000000", "1e0", "R", "3."]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(ID_TEXT, min_size=1, max_size=6))
def test_pyarrow_reads_ids_as_the_python_path_does(texts: list[str]) -> None:
    # Old: pyarrow cast only all-plain columns; it now extracts zero fractions too, and
    # must mark the same ids plain ("1000000000000000000" has 19 digits: plain in Python).
    pa = pytest.importorskip("pyarrow")
    ids = pd.Series(texts, dtype=object)
    fast = whole_numbers(ids.astype(pd.ArrowDtype(pa.string())))
    with without_pyarrow(True):
        slow = whole_numbers(ids)
    assert (fast is None) == (slow is None)
    if fast is not None and slow is not None:
        assert fast.values.tolist() == slow.values.tolist()
        assert fast.plain.tolist() == slow.plain.tolist()
        assert fast.plain.tolist() == [
            t == str(v) for t, v in zip(texts, slow.values.tolist(), strict=True)
        ]


def test_spilled_ids_find_1_0_and_1_across_chunks(tmp_path: Path) -> None:
    # Old: "1.0" was spilled as text, so the file had text ids and 1 was not repeated.
    ids = SpilledIds(tmp_path, partitions=4)
    for chunk in (["1.0", "2"], ["1", "3.00"], ["3"]):
        ids.add(pd.Series(chunk, dtype=object))
    assert ids.repeated() == [1, 3]
    ids.add(pd.Series(["R9"], dtype=object))  # now the ids are text, compared as written
    assert ids.repeated() == []


# -- the probe's file on every path ----------------------------------------------------------


@pytest.mark.parametrize("pyarrow_hidden", [False, True])
def test_read_csv_refuses_1_0_beside_1_whole_and_in_chunks(
    tmp_path: Path, pyarrow_hidden: bool
) -> None:
    # Old: read_csv gave ids ['1.0', '1', '2'] (two respondents); chunks counted 3 rows.
    path = ids_file(tmp_path, ["1.0", "1", "2"])
    with without_pyarrow(pyarrow_hidden):
        with pytest.raises(tt.SurveyValidationError, match="repeated: 1 at lines 2, 3"):
            tt.io.read_csv(path, KIND)
        for chunksize in (1, 2, 3):
            with pytest.raises(tt.TracktrError, match=r"1\b"):
                list(tt.io.read_csv(path, KIND, chunksize=chunksize))
        with pytest.raises(tt.ReadError, match=r"respondent id\(s\) \[1\] occur.* 3\.0 and 3"):
            tt.io.tabulate_csv(path, KIND, ["kind"], chunksize=1)


@pytest.mark.parametrize("pyarrow_hidden", [False, True])
def test_a_file_of_float_written_ids_is_checked_as_numbers_and_read_as_written(
    tmp_path: Path, pyarrow_hidden: bool
) -> None:
    # Checked as the numbers 1, 2 and 30 (so "1.0" beside "1" is refused above); returned
    # as the file writes them (they were [1, 2, 30]: an id is a name, not a quantity).
    path = ids_file(tmp_path, ["1.0", "2.0", " 30.00"])
    with without_pyarrow(pyarrow_hidden):
        assert tt.io.read_csv(path, KIND)[RID].tolist() == ["1.0", "2.0", " 30.00"]
        chunks = list(tt.io.read_csv(path, KIND, chunksize=2))
        assert pd.concat(chunks)[RID].tolist() == ["1.0", "2.0", " 30.00"]


@pytest.mark.parametrize("engine", ENGINES)
def test_scan_refuses_1_0_beside_1_naming_the_lines_and_the_writings(
    tmp_path: Path, engine: str
) -> None:
    # Old: scan counted 3 respondents (validate() passed), as read_csv did.
    path = ids_file(tmp_path, ["1.0", "1", "2", "2.00"])
    scanned = tt.io.scan(path, KIND, engine=engine)  # type: ignore[arg-type]
    failures = scanned.failures()
    assert set(failures["check"]) == {"duplicate_id"}
    with pytest.raises(tt.SurveyValidationError) as error:
        scanned.tabulate("kind")
    message = str(error.value)
    assert "1 at lines 2, 3" in message, message
    assert "2 at lines 4, 5" in message, message
    assert "written 1 as '1.0' and '1'; 2 as '2' and '2.00'" in message, message


@pytest.mark.parametrize("engine", ENGINES)
def test_scan_reads_a_file_of_float_written_ids_as_integers(tmp_path: Path, engine: str) -> None:
    # Old: integer_ids gave None (text ids) for a file of "1.0", "2.0".
    path = ids_file(tmp_path, ["1.0", "2.0", " -30.00 "])
    scanned = tt.io.scan(path, KIND, engine=engine)  # type: ignore[arg-type]
    assert _scanned_ids(scanned) == [1, 2, -30]


def test_cli_validate_refuses_1_0_beside_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Old: `tracktr validate` said the 3 responses match the codebook.
    data = ids_file(tmp_path, ["1.0", "1", "2"])
    book = tmp_path / "book.toml"
    KIND.to_toml(book)
    assert main(["validate", str(data), str(book)]) != 0
    err = capsys.readouterr().err
    assert "1 at lines 2, 3" in err, err


# -- every path reaches the same verdict and the same ids ------------------------------------


def _written(number: int, form: str) -> str:
    if form == "padded":
        return f"{'-' if number < 0 else ''}0{abs(number)}"
    if form == "float":
        return f"{number}.0"
    if form == "floats":
        return f"{number}.000"
    if form == "spaced":
        return f" {number}.0 "
    return str(number)


@st.composite
def written_ids(draw: st.DrawFn) -> tuple[list[str], list[Any]]:
    """Ids of a few numbers (some repeated), each written plain, padded or with ".0".

    Returns the ids as written and as the model reads them: their numbers, or their texts
    when one other id (``R7``, ``1e0``, ``2.5``) makes every id text.
    """
    numbers = draw(st.lists(st.integers(-3, 12), min_size=1, max_size=7))
    forms = st.sampled_from(["plain", "padded", "float", "floats", "spaced"])
    ids = [_written(n, draw(forms)) for n in numbers]
    if draw(st.integers(0, 3)) == 0:
        ids.insert(draw(st.integers(0, len(ids))), draw(st.sampled_from(["R7", "1e0", "2.5"])))
        return ids, list(ids)
    return ids, list(numbers)


def _scanned_ids(scanned: Any) -> list[Any]:
    converted = integer_ids(scanned.frame, scanned.engine, RID)
    frame = scanned.frame if converted is None else converted
    if scanned.engine == "duckdb":
        return [row[0] for row in frame.project(f'"{RID}"').fetchall()]
    return list(frame.select(RID).collect()[RID].to_list())


def _read_whole(path: Path) -> list[Any]:
    return list(tt.io.read_csv(path, KIND)[RID].tolist())


def _read_chunks(path: Path, chunksize: int) -> list[Any]:
    return list(pd.concat(list(tt.io.read_csv(path, KIND, chunksize=chunksize)))[RID].tolist())


def _verdict(read: Any, *args: Any) -> tuple[bool, Any]:
    """Whether reading refuses a repeated id (its message), else the ids read."""
    try:
        return False, read(*args)
    except (tt.SurveyValidationError, tt.ReadError) as error:
        return True, str(error)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(written_ids(), st.integers(1, 3))
def test_every_path_reaches_the_same_verdict_and_ids(
    tmp_path: Path, drawn: tuple[list[str], list[Any]], chunksize: int
) -> None:
    # Old: "1.0" beside "1" was two respondents (the ids text) where "03" and "3" are one.
    ids, keys = drawn
    path = ids_file(tmp_path, ids)
    repeated = len(set(keys)) < len(keys)
    expected = (repeated, None if repeated else keys)
    for read, args in ((_read_whole, (path,)), (_read_chunks, (path, chunksize))):
        refused, said = _verdict(read, *args)
        assert refused == repeated, said
        if refused:
            assert "duplicate_id" in said or "respondent id(s)" in said, said
        else:
            assert said == ids  # the ids as written, whatever the verdict on their numbers
    named: set[tuple[str, str]] = set()
    if repeated:  # the repeated ids read_csv names, which the scans name alike
        with pytest.raises(tt.SurveyValidationError) as error:
            tt.io.read_csv(path, KIND)
        named = {(row.check, str(row.value)) for row in error.value.failures.itertuples()}
    for engine in ENGINES:
        scanned = tt.io.scan(path, KIND, engine=engine)  # type: ignore[arg-type]
        failures = scanned.failures()
        refused = bool(len(failures))
        assert (refused, None if refused else _scanned_ids(scanned)) == expected, engine
        assert {(row.check, str(row.value)) for row in failures.itertuples()} == named, engine

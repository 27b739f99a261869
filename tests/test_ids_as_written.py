"""Respondent ids read from a file are its text, exactly as written: ``"007"`` stays ``"007"``.

Before, a file whose ids were all whole numbers gave integer ids: ``"007"`` came back as 7,
``"12.0"`` as 12. The same organisation then read as 7 from one export and as ``"007"``
from another whose ids held one letter (``"R12"``), from a membership list, or from a
workbook: joins and waves matched nothing, silently. Ids are still *checked* as numbers
when every one is a whole number, so ``"007"`` beside ``"7"`` (or ``"1.0"`` beside ``"1"``)
is one id written twice and refused, as before.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tracktr.cli import main
from tracktr.io.csvfile import read_responses

RID = "respondent_id"
KIND = tt.Survey.from_dict(
    {
        "title": "Kind",
        "questions": [{"id": "kind", "type": "single", "text": "Kind?", "options": ["A", "B"]}],
    }
)


def ids_file(path: Path, ids: list[str], kinds: list[str] | None = None) -> Path:
    kinds = kinds or ["1"] * len(ids)
    rows = "".join(f"{i},{k}\n" for i, k in zip(ids, kinds, strict=True))
    path.write_text(f"{RID},kind\n" + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize("chunksize", [None, 1, 2])
def test_leading_zeros_and_float_forms_are_kept(tmp_path: Path, chunksize: int | None) -> None:
    # Old: [7, 8, 12] (integers).
    path = ids_file(tmp_path / "ids.csv", ["007", "8", "12.0"])
    if chunksize is None:
        read = tt.io.read_csv(path, KIND)
    else:
        read = pd.concat(list(tt.io.read_csv(path, KIND, chunksize=chunksize)))
    assert read[RID].tolist() == ["007", "8", "12.0"]
    assert read[RID].dtype == object


def test_one_organisation_reads_alike_from_two_exports(tmp_path: Path) -> None:
    # Old: 7 from the first file (every id a number), "007" from the second (one is "R12"):
    # merging the two waves on the id matched no one.
    first = tt.io.read_csv(ids_file(tmp_path / "first.csv", ["007", "8"]), KIND)
    second = tt.io.read_csv(ids_file(tmp_path / "second.csv", ["007", "R12"], ["2", "1"]), KIND)
    joined = first.merge(second, on=RID, suffixes=("_first", "_second"))
    assert joined[RID].tolist() == ["007"]
    assert joined[["kind_first", "kind_second"]].astype(str).values.tolist() == [["A", "B"]]


@pytest.mark.parametrize("chunksize", [None, 2])
@pytest.mark.parametrize(("ids", "shown"), [(["007", "7", "8"], "7"), (["1.0", "1"], "1")])
def test_one_number_written_two_ways_is_still_refused(
    tmp_path: Path, ids: list[str], shown: str, chunksize: int | None
) -> None:
    # Unchanged, a guard: checked as numbers, they are one id written twice.
    path = ids_file(tmp_path / "ids.csv", ids)

    def read() -> object:
        if chunksize is None:
            return tt.io.read_csv(path, KIND)
        return list(tt.io.read_csv(path, KIND, chunksize=chunksize))

    with pytest.raises(tt.TracktrError, match=rf"\b{shown}\b"):
        read()


def test_the_changes_name_respondents_as_written(tmp_path: Path) -> None:
    # Old: the changes named respondent 7 and the data held 7.
    path = ids_file(tmp_path / "ids.csv", ["007", "010"], ["1", "B"])
    prepared = read_responses(path, KIND)
    assert prepared.data[RID].tolist() == ["007", "010"]
    assert prepared.changes[RID].tolist() == ["007"]
    assert prepared.changes["reason"].tolist() == ["code"]


def test_a_workbook_keeps_an_id_typed_as_text(tmp_path: Path) -> None:
    # Old: the text cell "007" (typed with a leading apostrophe) was respondent 7.
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in ([RID, "kind"], ["007", 1], [8, 2]):
        sheet.append(row)
    path = tmp_path / "ids.xlsx"
    book.save(path)
    assert read_responses(path, KIND).data[RID].tolist() == ["007", "8"]


def test_the_command_line_validates_a_file_of_zero_padded_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The CLI reads through read_responses: the same ids; a repeated writing is refused.
    book = tmp_path / "kind.toml"
    KIND.to_toml(book)
    path = ids_file(tmp_path / "ids.csv", ["007", "08"])
    assert main(["validate", str(path), str(book)]) == 0
    assert "2 responses match" in capsys.readouterr().out
    path = ids_file(tmp_path / "ids.csv", ["007", "07"])
    assert main(["validate", str(path), str(book)]) == 2
    assert "repeated: 7 at lines 2, 3" in capsys.readouterr().err


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=8, unique=True),
    st.lists(st.sampled_from(["", "0", "00", "000"]), min_size=8, max_size=8),
    st.sampled_from(["", ".0", ".00"]),
)
def test_distinct_numbers_come_back_as_their_text(
    tmp_path: Path, numbers: list[int], pads: list[str], fraction: str
) -> None:
    # Property: ids of distinct numbers, however written, read back as written.
    ids = [f"{pad}{number}{fraction}" for number, pad in zip(numbers, pads, strict=False)]
    path = ids_file(tmp_path / "ids.csv", ids)
    assert tt.io.read_csv(path, KIND)[RID].tolist() == ids
    chunks = list(tt.io.read_csv(path, KIND, chunksize=3))
    assert pd.concat(chunks)[RID].tolist() == ids

"""Faults found by the hostile review hK11 of the engines, readers, checker and waves.

Each test failed on the code before its fix; the comment says what happened there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tracktr as tt


def _yes_no_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "respondent_id": "rid",
            "questions": [
                {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
                {"id": "n", "type": "numeric", "text": "N?"},
            ],
        }
    )


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_scan_refuses_a_file_cut_off_after_a_separator(tmp_path: Path, engine: str) -> None:
    # Old: the last row "2,No," (every cell there, the last one blank, no line end) was
    # scanned and counted, its last answer read as skipped, where tt.io.read_csv refuses
    # the same file as cut off (issue 11): a scan is held to the reader's rules.
    pytest.importorskip(engine)
    path = tmp_path / "answers.csv"
    path.write_bytes(b"rid,q,n\n1,Yes,3\n2,No,")
    with pytest.raises(tt.ReadError, match=r"line 3, the last, ends with a separator"):
        tt.io.read_csv(path, _yes_no_survey())
    with pytest.raises(tt.ReadError, match=r"the last row \('2,No,'\) ends with a separator"):
        tt.io.scan(path, _yes_no_survey(), engine=engine)  # type: ignore[arg-type]
    # With its line end the row is complete, with a blank last answer, on both readers.
    path.write_bytes(b"rid,q,n\n1,Yes,3\n2,No,\n")
    assert tt.io.read_csv(path, _yes_no_survey())["n"].tolist()[-1] == "<skipped>"
    assert tt.io.scan(path, _yes_no_survey(), engine=engine).rows() == 2  # type: ignore[arg-type]

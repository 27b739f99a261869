"""``tracktr tabbook`` with a survey design: the options that mirror ``tt.tabbook(design=...)``.

The command's book must be the in-memory book of the same file and design, cell by cell
(design-based letters included), and the codebook's ``[design]`` is used unless told
otherwise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.cli import main
from tracktr.io.csvfile import read_responses

DATA = Path(__file__).parent / "data" / "api" / "apiclus1.csv"
QUESTIONS = [
    {"id": "stype", "type": "single", "text": "Type", "options": ["E", "H", "M"]},
    {"id": "band", "type": "ordinal", "text": "Band", "options": ["low", "mid", "high", "top"],
     "nets": {"mid or high": ["mid", "high"]}},
    {"id": "schwide", "type": "single", "text": "Met its target", "options": ["No", "Yes"]},
]  # fmt: skip
DESIGN = {"weights": "pw", "clusters": "dnum", "fpc": "fpc"}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    raw = pd.read_csv(DATA)
    api00 = raw["api00"]
    frame = pd.DataFrame({
        "respondent_id": raw["cds"], "stype": raw["stype"],
        "band": np.select([api00 < 600, api00 < 700, api00 < 800], ["low", "mid", "high"], "top"),
        "schwide": raw["sch.wide"], "pw": raw["pw"], "fpc": raw["fpc"], "dnum": raw["dnum"],
    })  # fmt: skip
    frame.to_csv(tmp_path / "data.csv", index=False)
    tt.Survey.from_dict({"title": "API", "questions": QUESTIONS}).to_toml(tmp_path / "c.toml")
    tt.Survey.from_dict({"title": "API", "questions": QUESTIONS, "design": DESIGN}).to_toml(
        tmp_path / "designed.toml"
    )
    return tmp_path


def _run(files: Path, codebook: str, *options: str) -> tuple[int, str]:
    output = files / "book.md"
    arguments = [str(files / codebook), str(files / "data.csv"), "--banner", "schwide,stype"]
    code = main(["tabbook", *arguments, "-o", str(output), *options])
    return code, output.read_text(encoding="utf-8") if code == 0 else ""


def _in_memory(files: Path, design: tt.Design | None, weights: str | None = None) -> str:
    survey = tt.Survey.from_toml(files / "c.toml")
    data = read_responses(files / "data.csv", survey, allow_extra_columns=True).data
    data = data.assign(pw=pd.to_numeric(data["pw"]), fpc=pd.to_numeric(data["fpc"]))
    book = tt.tabbook(data, survey, banners=["schwide", "stype"], design=design, weights=weights)
    path = book.write(files / "memory.md")
    return path.read_text(encoding="utf-8")


def test_design_options_give_the_in_memory_design_book(files: Path) -> None:
    code, text = _run(files, "c.toml", "--weights", "pw", "--clusters", "dnum", "--fpc", "fpc")
    assert code == 0
    assert text == _in_memory(files, tt.Design(**DESIGN))
    assert "Design: weighted by pw; clusters dnum; fpc fpc." in text
    assert "a net is tested as the share with any of its options" in text


def test_codebook_design_is_used_by_default(files: Path) -> None:
    code, text = _run(files, "designed.toml")
    assert code == 0
    assert text == _in_memory(files, tt.Design(**DESIGN))
    # --weights naming the design's own weights changes nothing
    assert _run(files, "designed.toml", "--weights", "pw")[1] == text


def test_no_design_gives_the_kish_book(files: Path) -> None:
    code, text = _run(files, "designed.toml", "--no-design", "--weights", "pw")
    assert code == 0
    assert "letters use Kish effective bases" in text
    assert "Design:" not in text
    assert text == _in_memory(files, None, weights="pw")


def test_strata_and_lonely_psu_are_passed(files: Path) -> None:
    # stype strata with the district as the PSU: every stratum has several PSUs
    options = ["--weights", "pw", "--strata", "stype", "--clusters", "dnum", "--lonely-psu",
               "adjust"]  # fmt: skip
    code, text = _run(files, "c.toml", *options)
    assert code == 0
    design = tt.Design(weights="pw", strata="stype", clusters="dnum", lonely_psu="adjust")
    assert text == _in_memory(files, design)


def test_other_weights_than_the_codebook_design_are_refused(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _run(files, "designed.toml", "--weights", "fpc")
    assert code == 2
    err = capsys.readouterr().err
    assert "--weights 'fpc' differ from the codebook's [design] weights 'pw'" in err
    assert not (files / "book.md").exists()


def test_no_design_with_design_options_is_refused(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _run(files, "c.toml", "--no-design", "--strata", "stype")
    assert code == 2
    assert "--no-design cannot be given with --strata" in capsys.readouterr().err


def test_design_columns_must_be_numbers_and_present(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _run(files, "c.toml", "--clusters", "dnum", "--fpc", "stype")
    assert code == 2
    assert "--fpc 'stype': the column holds values that are not numbers" in capsys.readouterr().err
    code, _ = _run(files, "c.toml", "--clusters", "district")
    assert code == 2
    assert "design column 'district' is not in the data" in capsys.readouterr().err


def test_bad_lonely_psu_is_an_argument_error(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        _run(files, "c.toml", "--strata", "stype", "--lonely-psu", "drop")
    assert raised.value.code == 2
    assert "invalid choice: 'drop'" in capsys.readouterr().err

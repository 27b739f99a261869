"""A pooled codebook saved with to_toml validates its own pooled rows, read back from CSV.

Before, the pooled questions had no ``ask_if`` (the waves' routing was kept in words only),
so the rows a wave routed out, or a wave that did not ask the question, carried
"<not asked>" against a codebook saying everyone was asked: ``tracktr validate`` and
``tracktr tabulate`` refused 8,586 cells of the bundled waves as ``not_asked_but_routed``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tracktr as tt
from tracktr.cli import main
from tracktr.survey import All, Is


@pytest.fixture(scope="module")
def pooled() -> tt.waves.Pooled:
    waves = tt.datasets.tracktr_waves()
    return tt.waves.pool(waves, harmonise=tt.datasets.tracktr_waves_map(), id="org_id")


def _saved(pooled: tt.waves.Pooled, tmp_path: Path) -> tuple[Path, Path]:
    codebook, data = tmp_path / "pooled.toml", tmp_path / "pooled.csv"
    pooled.survey.to_toml(codebook)
    # The persistent id (org_id) is no question, but the codebook's [pooled] table names
    # it: `tracktr validate` and `tracktr tabulate` take the column (they refused it).
    pooled.data.to_csv(data, index=False)
    return codebook, data


def test_the_saved_rows_by_wave_say_which_organisations_the_waves_share(
    pooled: tt.waves.Pooled, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codebook, data = _saved(pooled, tmp_path)
    assert main(["validate", str(data), str(codebook)]) == 0
    capsys.readouterr()
    assert main(["tabulate", str(data), "main_funding", "--codebook", str(codebook),
                 "--by", "wave"]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    # 85 of the 91 organisations in both waves answered main_funding in both (hK19).
    assert "85 organisation(s) (id 'org_id') answered more than one wave" in printed
    survey = tt.Survey.from_toml(codebook)
    table = tt.frequencies(tt.io.read_csv(data, survey), "main_funding", survey=survey, by="wave")
    with pytest.raises(tt.TracktrError, match="not independent"):
        tt.compare_table(table)


def test_the_pooled_codebook_routes_as_the_waves_did(pooled: tt.waves.Pooled) -> None:
    crc = Is("main_funding", ("Funded by a CRC",))
    assert pooled.survey.question("crc_role").ask_if == crc  # both waves, as 2015-10 words it
    # Asked in the second wave only, of CRC-funded organisations; the first wave only.
    assert pooled.survey.question("crc_retendering_transparency").ask_if == All(
        (Is("wave", ("2015-10",)), crc)
    )
    assert pooled.survey.question("tr_awareness").ask_if == Is("wave", ("2015-05",))
    assert pooled.survey.question("main_funding").ask_if is None


def test_the_saved_codebook_validates_the_saved_rows(
    pooled: tt.waves.Pooled, tmp_path: Path
) -> None:
    codebook, data = _saved(pooled, tmp_path)
    survey = tt.Survey.from_toml(codebook)
    read = tt.io.read_csv(data, survey)  # raised SurveyValidationError before
    assert len(read) == len(pooled.data)
    assert (
        read["crc_role"].astype(object).tolist() == pooled.data["crc_role"].astype(object).tolist()
    )
    pooled.survey.validate(pooled.data, allow_extra_columns=True)


@pytest.mark.parametrize("question", ["crc_role", "crc_retendering_transparency", "tr_awareness"])
def test_the_command_line_tabulates_the_saved_rows_as_the_pooled_table(
    pooled: tt.waves.Pooled, tmp_path: Path, capsys: pytest.CaptureFixture[str], question: str
) -> None:
    codebook, data = _saved(pooled, tmp_path)
    assert main(["validate", str(data), str(codebook)]) == 0
    capsys.readouterr()
    assert main(["tabulate", str(data), question, "--codebook", str(codebook)]) == 0
    printed = capsys.readouterr().out
    table = tt.frequencies(pooled.data, question, survey=pooled.survey)
    for label, count in table.counts["All"].items():
        assert f"({count})" in printed.split(str(label), 1)[1].splitlines()[0]
    assert f"(n={table.bases['All']})" in printed

"""The synthetic first trackTR wave: shipped files, determinism, codebook, overlap."""

from __future__ import annotations

from pathlib import Path

import pytest

import tracktr as tt
from tracktr.datasets import _waves, _waves_generate


def test_regenerating_gives_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    # python -m tracktr.datasets._waves_generate DIR
    assert _waves_generate.main([str(tmp_path)]) == 0
    for name in (_waves.FIRST_FILE, _waves.IDS_FILE):
        assert (tmp_path / name).read_bytes() == (_waves_generate.HERE / name).read_bytes()


def test_loading_never_runs_the_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object, **__: object) -> None:
        raise AssertionError("the generator ran")

    monkeypatch.setattr(_waves_generate, "generate", fail)
    _waves._waves.cache_clear()
    try:
        assert len(tt.datasets.tracktr_waves()["2015-05"][0]) == _waves.FIRST_WAVE
    finally:
        _waves._waves.cache_clear()


def test_both_waves_validate_against_their_own_codebooks_and_say_they_are_synthetic() -> None:
    waves = tt.datasets.tracktr_waves()
    for wave, (data, survey) in waves.items():
        survey.validate(data, allow_extra_columns=True)
        assert data.attrs["synthetic"].startswith("Synthetic data")
        assert data.attrs["wave"] == wave
        assert data["org_id"].is_unique
    assert "synthetic" in waves["2015-05"][1].title
    first, second = waves["2015-05"][0], waves["2015-10"][0]
    assert len(set(first["org_id"]) & set(second["org_id"])) == _waves.OVERLAP == 91
    assert round(100 * _waves.OVERLAP / len(second)) == 60


def test_the_second_wave_is_the_bundled_data_plus_ids() -> None:
    second = tt.datasets.tracktr_waves()["2015-10"][0]
    bundled = tt.datasets.tracktr_2015()
    assert second.drop(columns="org_id").equals(bundled)


def test_another_seed_gives_another_wave_of_the_same_shape() -> None:
    first, ids = _waves_generate.generate(seed=7)
    shipped, shipped_ids = _waves_generate.generate()
    assert first.shape == shipped.shape
    assert ids.shape == shipped_ids.shape
    assert not first.equals(shipped)


def test_the_first_codebook_drifts_as_documented() -> None:
    first = tt.datasets.tracktr_waves()["2015-05"][1]
    second = tt.surveys.tracktr_2015()
    assert first.question("income").labels[-1] == "Over £1m"
    assert "Stayed the same" not in first.question("statutory_partnerships").labels
    ids = {q.id for q in first.questions}
    assert "crc_retendering_transparency" not in ids
    assert "tr_awareness" in ids
    assert "tr_awareness" not in {q.id for q in second.questions}
    crc_role = first.question("crc_role").ask_if
    assert crc_role is not None
    assert crc_role.to_dict() == {"question": "funding", "in": ["A CRC"]}

"""The synthetic first trackTR wave: shipped files, determinism, codebook, overlap."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tracktr as tt
from tracktr.datasets import _targets, _waves, _waves_generate
from tracktr.datasets._bundled import _read


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
    shipped, shipped_ids = _read(_waves.FIRST_FILE), _read(_waves.IDS_FILE)
    assert first.shape == shipped.shape
    assert ids.shape == shipped_ids.shape
    assert list(first.columns) == list(shipped.columns)
    assert not first.equals(shipped)


def test_the_file_says_it_is_synthetic_and_the_frame_keeps_its_shape() -> None:
    raw = _read(_waves.FIRST_FILE)
    assert raw.columns[-1] == _waves.SYNTHETIC_COLUMN == "synthetic"
    assert set(raw["synthetic"]) == {"yes"}
    first, survey = tt.datasets.tracktr_waves()["2015-05"]
    assert "synthetic" not in first.columns
    assert list(first.columns) == [survey.respondent_id, "org_id", *survey.columns[1:]]


@functools.cache
def _solved() -> pd.DataFrame:
    """The first wave as the generator dealt it, before pairing (second wave's codebook)."""
    from tracktr.datasets._generate import data_text, generate

    text = data_text(generate(_waves.SEED + 1, targets=_waves_generate.first_targets()))
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


_FUNDING_BACK = {short: label for label, short in _waves._FUNDING.items()}


def test_the_first_wave_meets_its_stated_targets() -> None:
    # The stated targets (module documentation): 24 / 1 / 114 / 17 skipped, Table 3 scaled.
    raw = _read(_waves.FIRST_FILE)
    assert raw["funding"].value_counts().to_dict() == {
        "Neither": 114,
        "A CRC": 24,
        "<skipped>": 17,
        "The NPS": 1,
    }
    top = sum(_waves_generate.FIRST_INCOME[4:])  # merged into "Over £1m" in this codebook
    assert raw["income"].value_counts().to_dict() == dict(
        zip(
            ["Under £100,000", "£100,000 - £250,000", "£250,000 - £500,000", "£500,000 - £1m"],
            _waves_generate.FIRST_INCOME[:4],
            strict=True,
        )
    ) | {"Over £1m": top}
    crc = raw.loc[raw["funding"] == "A CRC", "income"].value_counts()
    assert crc["Over £1m"] == sum(_waves_generate.FIRST_INCOME_CRC[4:]) == 14
    assert crc["£250,000 - £500,000"] == _waves_generate.FIRST_INCOME_CRC[2] == 4


def test_pairing_keeps_every_count_the_generator_solved_by_funding() -> None:
    raw = _read(_waves.FIRST_FILE)
    solved = _solved()
    funding = raw["funding"].map(_FUNDING_BACK.get).fillna(raw["funding"])
    assert funding.value_counts().to_dict() == solved["main_funding"].value_counts().to_dict()
    # Mapped or re-drawn by the drift of the codebook; respondent ids are shuffled.
    drifted = {"income", "statutory_partnerships", "main_funding", "respondent_id"}
    compared = [c for c in solved.columns if c in raw.columns and c not in drifted]
    assert len(compared) > 100
    for column in [*compared, "income_merged"]:
        if column == "income_merged":
            ours = raw["income"]
            theirs = solved["income"].where(
                ~solved["income"].isin(_waves_generate.INCOME_TOP), "Over £1m"
            )
        else:
            ours, theirs = raw[column], solved[column]
        mine = pd.crosstab(funding.to_numpy(), ours.to_numpy())
        dealt = pd.crosstab(solved["main_funding"].to_numpy(), theirs.to_numpy())
        pd.testing.assert_frame_equal(mine, dealt, check_names=False)


def _agreement(first: pd.DataFrame, second: pd.DataFrame, orgs: list[str]) -> float:
    """Share of the answers both waves hold (no markers) that agree, organisation by org."""
    from tracktr.missing import MARKERS

    a = first.set_index("org_id").loc[orgs]
    b = second.set_index("org_id").loc[orgs]
    columns = [c for c in a.columns if c in b.columns and c != "respondent_id"]
    same = total = 0
    for column in columns:
        x = a[column].to_numpy(dtype=str)
        y = b[column].to_numpy(dtype=str)
        both = ~np.isin(x, list(MARKERS)) & ~np.isin(y, list(MARKERS))
        same += int((x[both] == y[both]).sum())
        total += int(both.sum())
    return same / total


def test_organisations_in_both_waves_mostly_answer_alike() -> None:
    first = _read(_waves.FIRST_FILE).rename(columns={"funding": "main_funding"})
    first["main_funding"] = (
        first["main_funding"].map(_FUNDING_BACK.get).fillna(first["main_funding"])
    )
    second = _read("tracktr_2015.csv")
    second.insert(1, "org_id", _read(_waves.IDS_FILE)["org_id"])
    both = sorted(set(first["org_id"]) & set(second["org_id"]))
    paired = _agreement(first, second, both)
    # A quarter of the answers are free to change (and may still agree by chance); the
    # rest are kept where the counts allow, so agreement is at least about 3 in 4 ...
    assert 1 - _waves_generate.CHANGE - 0.05 < paired < 1
    # ... and well above the agreement of organisations paired at random.
    rng = np.random.default_rng(1)
    shuffled = second.assign(org_id=rng.permutation(second["org_id"].to_numpy()))
    assert _agreement(first, shuffled, both) < paired - 0.15


def test_moved_targets_must_add_up() -> None:
    with pytest.raises(ValueError, match=r"table_3_crc \(1, 2, 3\) must be 7 counts summing to"):
        _targets.moved(
            156,
            main_funding=(24, 1, 114),
            table_3_all=_waves_generate.FIRST_INCOME,
            table_3_crc=(1, 2, 3),
            skipped_main_funding_income=_waves_generate.FIRST_INCOME_SKIPPED,
        )
    with pytest.raises(ValueError, match=r"main_funding \(100, 1, 100\) must be counts of at"):
        _targets.moved(
            156,
            main_funding=(100, 1, 100),
            table_3_all=_waves_generate.FIRST_INCOME,
            table_3_crc=_waves_generate.FIRST_INCOME_CRC,
            skipped_main_funding_income=_waves_generate.FIRST_INCOME_SKIPPED,
        )


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


def test_six_organisations_joined_a_crc_supply_chain_and_none_left() -> None:
    waves = tt.datasets.tracktr_waves()
    first = waves["2015-05"][0].set_index("org_id")["funding"].astype(str)
    second = waves["2015-10"][0].set_index("org_id")["main_funding"].astype(str)
    both = first.index.intersection(second.index)
    moves = pd.crosstab(first[both], second[both])
    assert moves.loc["Neither", "Funded by a CRC"] == _waves_generate.JOINED_CRC == 6
    assert moves.loc["A CRC", "Funded by a CRC"] == moves.loc["A CRC"].sum() == 15


def test_moved_scales_each_base_by_its_group_and_keeps_shares_not_counts() -> None:
    targets = _waves_generate.first_targets()
    report = _targets.REPORT
    assert targets.n == 156
    # Half up: 25 CRC-funded answers of 34 become 25 x 24/34 = 17.6 of 24; 89 of the 100
    # outside supply chains become 89 x 114/100 = 101.46 of 114; 151 become 156.
    assert targets.single["crc_role"].base == 18
    assert targets.single["outside_role"].base == 101
    assert targets.single["staff"].base == 156
    # Table 1's printed counts (beneficiaries) become their shares of the old base.
    offenders = targets.grids["beneficiaries"]["offenders"].parts[0]
    assert [f.kind for f in offenders.figs] == ["near", "percent"]
    assert offenders.figs[0].value == pytest.approx(100 * 89 / 151)
    # The stated targets are hard counts; the report's own plans are untouched.
    funding = targets.single["main_funding"]
    assert [(p.name, p.figs[0].kind, p.figs[0].value) for p in funding.parts] == [
        ("Funded by a CRC", "count", 24),
        ("Funded by the NPS", "count", 1),
        ("Not funded by a CRC or the NPS", "count", 114),
    ]
    assert report.single["main_funding"].base == 135
    assert targets.checks == ()
    assert targets.table_2_average is None

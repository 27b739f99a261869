"""Generate the synthetic first trackTR wave: ``python -m tracktr.datasets._waves_generate``.

Writes ``tracktr_waves_2015_05.csv`` (the first wave) and ``tracktr_waves_2015_10_ids.csv``
(the second wave's persistent ids) beside this module, deterministically for a given seed,
from the bundled synthetic second wave (:func:`tracktr.datasets.tracktr_2015`, itself made by
:mod:`tracktr.datasets._generate`). How the wave is made is described in
:mod:`tracktr.datasets._waves`. The data are synthetic: they are not the survey's responses.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from tracktr.datasets._waves import (
    _AWARENESS,
    _FUNDING,
    FIRST_FILE,
    FIRST_WAVE,
    IDS_FILE,
    OVERLAP,
    SEED,
    _first_codebook,
)
from tracktr.missing import MARKERS
from tracktr.survey import GridQuestion, OrdinalQuestion, SingleQuestion, Survey

__all__ = ["HERE", "generate", "main", "write"]

HERE = Path(__file__).resolve().parent
SWAP = 0.2  # chance that one answer of a routing-free question comes from another row
LEFT_CRC = 0.35  # share of overlapping CRC-funded organisations funded by neither before
NEW_CRC_WEIGHT = 0.5  # relative chance of a CRC-funded donor row for a new organisation
_INCOME_TOP = ("£1m - £5m", "£5m - £10m", "Over £10m")


def _leaf_columns(survey: Survey) -> list[str]:
    """Columns of single, ordinal and grid questions that route no other question."""
    routing = {
        qid for q in survey.questions if q.ask_if is not None for qid in q.ask_if.questions()
    }
    return [
        c
        for q in survey.questions
        if isinstance(q, SingleQuestion | OrdinalQuestion | GridQuestion) and q.id not in routing
        for c in q.columns
    ]


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object)


def _first_rows(second: pd.DataFrame, survey: Survey, rng: np.random.Generator) -> pd.DataFrame:
    funding = second["main_funding"].astype(object).to_numpy()
    n2 = len(second)
    overlap = np.sort(rng.choice(n2, size=OVERLAP, replace=False))
    neither = np.flatnonzero(funding == "Not funded by a CRC or the NPS")
    donors: list[int] = []
    for i in overlap:
        left = funding[i] == "Funded by a CRC" and rng.random() < LEFT_CRC
        donors.append(int(rng.choice(neither)) if left else int(i))
    weights = np.where(funding == "Funded by a CRC", NEW_CRC_WEIGHT, 1.0)
    new = rng.choice(n2, size=FIRST_WAVE - OVERLAP, replace=True, p=weights / weights.sum())
    donors.extend(int(i) for i in new)
    rows = _cells(second).iloc[donors].reset_index(drop=True)
    markers = list(MARKERS)
    for column in _leaf_columns(survey):
        values = rows[column].to_numpy(dtype=object, copy=True)
        answered = ~pd.Series(values).isin(markers).to_numpy()
        cells = second[column].astype(object)
        pool = cells[~cells.isin(markers)].to_numpy(dtype=object)
        swap = answered & (rng.random(len(rows)) < SWAP)
        if len(pool) and swap.any():
            values[swap] = rng.choice(pool, size=int(swap.sum()))
        rows[column] = values
    ids = second["org_id"].to_numpy(dtype=object)
    new_ids = [f"TR-{n:03d}" for n in range(n2 + 1, n2 + 1 + FIRST_WAVE - OVERLAP)]
    rows["org_id"] = [*ids[overlap], *new_ids]
    return rows


def _to_first_wave(rows: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    out = rows.copy()
    out = out.rename(columns={"main_funding": "funding"})
    out["funding"] = out["funding"].map(lambda v: _FUNDING.get(v, v))
    out["income"] = out["income"].map(lambda v: "Over £1m" if v in _INCOME_TOP else v)
    same = (out["statutory_partnerships"] == "Stayed the same").to_numpy()
    moved = rng.choice(["Improved a little", "Worsened a little"], size=len(out))
    out["statutory_partnerships"] = np.where(same, moved, out["statutory_partnerships"])
    out = out.drop(columns=["crc_retendering_transparency"])
    awareness = rng.choice(list(_AWARENESS), size=len(out), p=[0.35, 0.45, 0.2])
    skipped = rng.random(len(out)) < 0.05
    out["tr_awareness"] = np.where(skipped, "<skipped>", awareness)
    out = out.sample(frac=1.0, random_state=rng).reset_index(drop=True)
    out["respondent_id"] = np.arange(1, len(out) + 1)
    return out


def generate(seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Make the synthetic first wave and the second wave's ids (cells as text).

    Deterministic for a given seed. Loading the data never calls this: the result is
    written by ``python -m tracktr.datasets._waves_generate`` into the package's CSV files.

    Examples
    --------
    >>> from tracktr.datasets import _waves_generate
    >>> first, ids = _waves_generate.generate()
    >>> first.shape, ids.shape
    ((156, 121), (151, 2))
    """
    from tracktr.datasets import tracktr_2015 as second_data
    from tracktr.surveys import tracktr_2015 as second_codebook

    rng = np.random.default_rng(seed)
    second_survey = second_codebook()
    second = second_data()
    numbers = rng.permutation(len(second)) + 1
    second.insert(1, "org_id", [f"TR-{n:03d}" for n in numbers])
    first_survey = _first_codebook(second_survey)
    rows = _to_first_wave(_first_rows(second, second_survey, rng), rng)
    header = [first_survey.respondent_id, "org_id", *first_survey.columns[1:]]
    first = pd.DataFrame(
        {c: ["" if v is None else str(v) for v in rows[c].tolist()] for c in header}
    )
    ids = pd.DataFrame(
        {
            "respondent_id": second["respondent_id"].astype(str).tolist(),
            "org_id": second["org_id"].tolist(),
        }
    )
    return first, ids


def _csv(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    writer.writerows(frame.itertuples(index=False, name=None))
    return buffer.getvalue()


def write(directory: Path = HERE, *, seed: int = SEED) -> tuple[Path, Path]:
    """Generate and write both files into `directory`; return their paths."""
    first, ids = generate(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = directory / FIRST_FILE, directory / IDS_FILE
    for path, frame in zip(paths, (first, ids), strict=True):
        path.write_text(_csv(frame), encoding="utf-8", newline="")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the package's files (or write them into the directory given)."""
    args = list(sys.argv[1:] if argv is None else argv)
    first, ids = write(Path(args[0]) if args else HERE)
    print(f"wrote {first} and {ids}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Generate the synthetic first trackTR wave: ``python -m tracktr.datasets._waves_generate``.

Writes ``tracktr_waves_2015_05.csv`` (the first wave) and ``tracktr_waves_2015_10_ids.csv``
(the second wave's persistent ids) beside this module, deterministically for a given seed.
The first wave is solved and dealt by the generator of the bundled second wave
(:mod:`tracktr.datasets._generate`) for stated, invented targets (:func:`first_targets`),
then the organisations in both waves are paired with it and their answers dealt again
within the wave's counts (:func:`_pair`, :func:`_redeal`). How and why is described in
:mod:`tracktr.datasets._waves`. The data are synthetic: they are not the survey's responses.
"""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from tracktr.datasets._plan import CRC, OUTSIDE
from tracktr.datasets._targets import Targets, moved
from tracktr.datasets._waves import (
    _AWARENESS,
    _FUNDING,
    FIRST_FILE,
    FIRST_WAVE,
    IDS_FILE,
    OVERLAP,
    SEED,
    SYNTHETIC_COLUMN,
    _first_codebook,
)
from tracktr.missing import MARKERS
from tracktr.survey import GridQuestion, MultiQuestion, OrdinalQuestion, SingleQuestion, Survey

__all__ = ["HERE", "first_targets", "generate", "main", "write"]

HERE = Path(__file__).resolve().parent
INCOME_TOP = ("£1m - £5m", "£5m - £10m", "Over £10m")  # the first wave's "Over £1m"

# The first wave's stated targets: every other figure is the 2016 report's share, at bases
# scaled to 156 organisations (see tracktr.datasets._targets.moved).
FIRST_FUNDING = (24, 1, 114)  # CRC, NPS, neither (34, 1, 100 in the report); 17 skip it
FIRST_INCOME = (36, 20, 21, 27, 32, 8, 12)  # Table 3 (35, 19, 20, 26, 31, 8, 12) x 156/151
FIRST_INCOME_CRC = (1, 2, 4, 3, 5, 3, 6)  # Table 3 (2, 3, 6, 4, 7, 4, 8) x 24/34
FIRST_INCOME_SKIPPED = (5, 2, 2, 3, 2, 2, 1)  # (5, 2, 2, 3, 2, 1, 1) x 17/16
# A quarter of the overlapping organisations' answers (each drawn alone) are free to change;
# the rest are kept wherever the first wave's counts allow.
CHANGE = 0.25
# Pairing: funding, then income, outweigh every other answer put together.
KEY_WEIGHTS = {"main_funding": 10_000, "income": 1_000}
# Of the overlapping organisations funded by a CRC in the second wave, this many (drawn at
# random) joined a supply chain between the waves: they are paired as funded by neither.
JOINED_CRC = 6


def first_targets() -> Targets:
    """Return the stated targets the generator solves the first wave for."""
    return moved(
        FIRST_WAVE,
        main_funding=FIRST_FUNDING,
        table_3_all=FIRST_INCOME,
        table_3_crc=FIRST_INCOME_CRC,
        skipped_main_funding_income=FIRST_INCOME_SKIPPED,
    )


def _units(survey: Survey) -> list[tuple[str, ...]]:
    """Answers dealt as one, of questions that route no other question.

    Each column of a single, ordinal or grid question alone; a multi-response set whole
    (so that every organisation that answered it still ticks at least one option).
    """
    routing = {
        qid for q in survey.questions if q.ask_if is not None for qid in q.ask_if.questions()
    }
    units: list[tuple[str, ...]] = []
    for q in survey.questions:
        if q.id in routing:
            continue
        if isinstance(q, SingleQuestion | OrdinalQuestion | GridQuestion):
            units += [(c,) for c in q.columns]
        elif isinstance(q, MultiQuestion):
            units.append(tuple(q.columns))
    return units


def _text(csv_text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)


def _pair(
    first: pd.DataFrame, second: pd.DataFrame, overlap: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Return the first-wave row of each overlapping organisation: fewest differing answers.

    An optimal assignment (no row twice) of the cost: funding differs x 10,000, income
    differs x 1,000, plus one for every other cell that differs. The funding compared is
    the second wave's, but for `JOINED_CRC` CRC-funded organisations funded by neither
    before.
    """
    from scipy.optimize import linear_sum_assignment

    funding = second["main_funding"].to_numpy(dtype=object)[overlap]
    crc = np.flatnonzero(funding == CRC)
    funding[rng.choice(crc, size=JOINED_CRC, replace=False)] = OUTSIDE
    columns = [c for c in first.columns if c != "respondent_id"]
    cost = np.zeros((len(overlap), len(first)), dtype=np.int64)
    for column in columns:
        mine = second[column].to_numpy(dtype=object)[overlap]
        if column == "main_funding":
            mine = funding
        theirs = first[column].to_numpy(dtype=object)
        cost += KEY_WEIGHTS.get(column, 1) * (mine[:, None] != theirs[None, :])
    rows, chosen = linear_sum_assignment(cost)
    return np.asarray(chosen)[np.argsort(rows)]


def _redeal(
    first: pd.DataFrame,
    second: pd.DataFrame,
    pairs: dict[int, int],
    units: Sequence[tuple[str, ...]],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Within each answer and funding group, give overlapping organisations their answers.

    Among the first-wave organisations that answered (a column, or a multi-response set
    as a whole) with the same funding, the answers are dealt again: first each
    overlapping organisation gets its second-wave answer while the first wave's counts
    have one left (in a seeded order; a share `CHANGE` of them, drawn at random, is left
    out of this step), then every other organisation keeps its own answer while any is
    left, then the rest are dealt at random. The counts of each answer, by funding, are
    unchanged.
    """
    out = first.copy()
    markers = set(MARKERS)
    funding = first["main_funding"].to_numpy(dtype=object)
    for unit in units:
        cells = list(zip(*(first[c].tolist() for c in unit), strict=True))
        theirs = list(zip(*(second[c].tolist() for c in unit), strict=True))
        new = list(cells)
        for group in dict.fromkeys(funding):
            rows = [int(i) for i in np.flatnonzero(funding == group) if cells[i][0] not in markers]
            left = Counter(cells[i] for i in rows)
            order = [rows[k] for k in rng.permutation(len(rows))]
            open_: list[int] = []
            for i in order:
                keep = i in pairs and rng.random() >= CHANGE
                want = theirs[pairs[i]] if keep else None
                if want is not None and left[want] > 0:
                    new[i] = want
                    left[want] -= 1
                else:
                    open_.append(i)
            rest: list[int] = []
            for i in open_:
                if left[cells[i]] > 0:
                    left[cells[i]] -= 1
                else:
                    rest.append(i)
            spare = [v for v, k in sorted(left.items()) for _ in range(k)]
            for i, k in zip(rest, rng.permutation(len(spare)), strict=True):
                new[i] = spare[int(k)]
        for j, column in enumerate(unit):
            out[column] = [v[j] for v in new]
    return out


def _first_rows(
    second: pd.DataFrame, survey: Survey, rng: np.random.Generator, seed: int
) -> pd.DataFrame:
    """Return the first wave in the second wave's codebook, with org ids, overlap paired."""
    from tracktr.datasets._generate import data_text
    from tracktr.datasets._generate import generate as solve_wave

    # The generator draws from its own stream (seed + 1), not a copy of this one.
    first = _text(data_text(solve_wave(seed + 1, targets=first_targets())))
    n2 = len(second)
    overlap = np.sort(rng.choice(n2, size=OVERLAP, replace=False))
    chosen = _pair(first, second, overlap, rng)
    pairs = {int(j): int(i) for i, j in zip(overlap, chosen, strict=True)}
    rows = _redeal(first, second, pairs, _units(survey), rng)
    ids = second["org_id"].to_numpy(dtype=object)
    new_ids = iter(f"TR-{n:03d}" for n in range(n2 + 1, n2 + 1 + FIRST_WAVE - OVERLAP))
    rows["org_id"] = [ids[pairs[j]] if j in pairs else next(new_ids) for j in range(len(rows))]
    return rows


def _to_first_wave(rows: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    out = rows.copy()
    out = out.rename(columns={"main_funding": "funding"})
    out["funding"] = out["funding"].map(lambda v: _FUNDING.get(v, v))
    out["income"] = out["income"].map(lambda v: "Over £1m" if v in INCOME_TOP else v)
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
    ((156, 122), (151, 2))
    """
    from tracktr.datasets._bundled import _DATA, _read
    from tracktr.surveys import tracktr_2015 as second_codebook

    rng = np.random.default_rng(seed)
    second_survey = second_codebook()
    second = _read(_DATA)
    numbers = rng.permutation(len(second)) + 1
    second.insert(1, "org_id", [f"TR-{n:03d}" for n in numbers])
    first_survey = _first_codebook(second_survey)
    rows = _to_first_wave(_first_rows(second, second_survey, rng, seed), rng)
    header = [first_survey.respondent_id, "org_id", *first_survey.columns[1:]]
    first = pd.DataFrame(
        {c: ["" if v is None else str(v) for v in rows[c].tolist()] for c in header}
    )
    first[SYNTHETIC_COLUMN] = "yes"  # anyone opening the file sees that it is made up
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

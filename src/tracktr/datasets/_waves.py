"""A synthetic first wave for the trackTR codebook, to demonstrate pooling and trends.

**Synthetic.** The real trackTR survey ran a first wave in May 2015 (156 organisations,
reported as *Early doors*) and a second in August-October 2015 (151 organisations, the
2016 report). Neither wave's responses are public, and no first-wave figures are printed
in the material this package draws on. :func:`tracktr_waves` pairs the bundled synthetic
second wave (:func:`tracktr.datasets.tracktr_2015`) with a **synthetic first wave** made
by the same generator (:mod:`tracktr.datasets._generate`), solved for stated, invented
targets:

- 156 organisations; 24 funded by a CRC, 1 by the NPS, 114 by neither, 17 not saying
  (the report: 34, 1, 100 and 16 of 151), so the CRC share rises from 17% to 25%;
  income 36, 20, 21, 27, 32, 8 and 12 in the seven bands (Table 3's counts scaled to 156),
  of the CRC-funded 1, 2, 4, 3, 5, 3 and 6 (Table 3's scaled to 24);
- every other question at the 2016 report's shares, at bases scaled to 156 organisations
  (a section's bases to its own group: the CRC-funded or the outside supply chains), with
  each printed count taken as its share;
- 91 organisations in both waves (60% of the second wave's 151, drawn at random),
  recognised by a persistent id ``org_id`` (``"TR-001"`` ...) in both frames. Each is
  given the first-wave organisation whose answers differ least from its own (funding,
  then income, outweigh the rest; an optimal assignment), except that 6 of those funded
  by a CRC in the second wave, drawn at random, joined a supply chain between the waves
  and are given one funded by neither. Then, for every question that
  routes no other (a multi-response set as a whole), the answers of the organisations
  that answered it with the same funding are dealt again: each overlapping organisation
  keeps its second-wave answer wherever the first wave's counts have one left, except
  for a quarter of its answers, drawn at random, which are free to change; the others
  keep their own answer where they can. So every count the generator solved (by funding)
  stands, and 86% of the answers an overlapping organisation gives in both waves agree
  (49% for organisations paired at random). Routing, numbers and text follow the paired
  row; links the generator makes between questions (staff and footprint follow income,
  a specialist organisation's group is its main beneficiary, a local organisation works
  in one region) hold where an organisation keeps both answers, not always otherwise.

The first wave's own codebook differs the way real questionnaires drift: the funding
question is called ``funding`` with short labels, income has one top band ("Over £1m"),
statutory partnerships had a four-point scale (no "Stayed the same": the generator's
"Stayed the same" becomes "Improved a little" or "Worsened a little" at random), the
re-tendering question was not yet asked, and a question on awareness of the reforms
(``tr_awareness``, drawn at random: 35% well, 45% partly, 20% not informed, 5% skipped)
was asked only then.

:func:`tracktr_waves_map` is the harmonisation map that lines the two codebooks up.
``python -m tracktr.datasets._waves_generate`` regenerates the shipped files
(``tracktr_waves_2015_05.csv``, whose last column ``synthetic`` says ``yes`` on every row,
and ``tracktr_waves_2015_10_ids.csv``) byte for byte (seed 20150501; the generator's own
run, 20150502); loading reads them
and never runs the generator. Nothing here is read from the real survey.
"""

from __future__ import annotations

import copy
import functools
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from tracktr.survey import Survey

__all__ = [
    "FIRST_WAVE",
    "OVERLAP",
    "SYNTHETIC_WAVE",
    "tracktr_waves",
    "tracktr_waves_map",
]

SEED = 20150501
"""The seed of ``python -m tracktr.datasets._waves_generate``."""
HERE = Path(__file__).resolve().parent
FIRST_WAVE = 156
"""Organisations in the synthetic first wave."""
OVERLAP = 91
"""Organisations answering both waves: 60% of the second wave's 151."""

SYNTHETIC_WAVE = (
    "Synthetic data: a made-up first wave (May 2015) of 156 organisations, 91 of them also "
    "in the synthetic second wave, solved by the generator of tracktr.datasets.tracktr_2015() "
    "for invented targets. It is not the trackTR survey's real first wave (Early doors, 2015)."
)
"""The note every frame of :func:`tracktr_waves` carries in ``DataFrame.attrs["synthetic"]``."""

_FUNDING = {
    "Funded by a CRC": "A CRC",
    "Funded by the NPS": "The NPS",
    "Not funded by a CRC or the NPS": "Neither",
}
_AWARENESS = ("Well informed", "Partly informed", "Not informed")


def _rename_routing(condition: Any) -> Any:
    """Point a routing condition (as a mapping) at the first wave's funding question."""
    if isinstance(condition, dict):
        if condition.get("question") == "main_funding":
            return {
                **condition,
                "question": "funding",
                "in": [_FUNDING[v] for v in condition["in"]],
            }
        return {k: _rename_routing(v) for k, v in condition.items()}
    if isinstance(condition, list):
        return [_rename_routing(c) for c in condition]
    return condition


def _first_codebook(second: Survey) -> Survey:
    raw = copy.deepcopy(second.to_dict())
    raw["title"] = "trackTR survey May 2015 (synthetic first wave)"
    raw["description"] = SYNTHETIC_WAVE
    questions: list[dict[str, Any]] = []
    for q in raw["questions"]:
        if q["id"] == "crc_retendering_transparency":
            continue
        if "ask_if" in q:
            q["ask_if"] = _rename_routing(q["ask_if"])
        if q["id"] == "main_funding":
            q["id"] = "funding"
            q["options"] = [{**o, "label": _FUNDING[o["label"]]} for o in q["options"]]
        elif q["id"] == "income":
            q["options"] = [*q["options"][:4], {"code": 5, "label": "Over £1m"}]
        elif q["id"] == "statutory_partnerships":
            q["options"] = [o for o in q["options"] if o["label"] != "Stayed the same"]
        questions.append(q)
        if q["id"] == "footprint":
            questions.append(
                {
                    "id": "tr_awareness",
                    "type": "single",
                    "text": "How well informed do you feel about the Transforming "
                    "Rehabilitation changes?",
                    "options": list(_AWARENESS),
                    "note": "Synthetic: asked in the synthetic first wave only.",
                }
            )
    raw["questions"] = questions
    return Survey.from_dict(raw, source="tracktr_waves (synthetic first wave)")


FIRST_FILE = "tracktr_waves_2015_05.csv"
"""The synthetic first wave: labels and missing markers, ``org_id`` second, ``synthetic`` last."""
SYNTHETIC_COLUMN = "synthetic"
"""The first wave file's last column: ``yes`` on every row (not loaded into the frame)."""
IDS_FILE = "tracktr_waves_2015_10_ids.csv"
"""The persistent ids of the second wave's respondents (``respondent_id``, ``org_id``)."""


@functools.cache
def _waves() -> tuple[pd.DataFrame, Survey, pd.DataFrame, Survey]:
    from tracktr.datasets._bundled import _read, _typed
    from tracktr.datasets._bundled import tracktr_2015 as second_data
    from tracktr.surveys import tracktr_2015 as second_codebook

    second_survey = second_codebook()
    first_survey = _first_codebook(second_survey)
    raw = _read(FIRST_FILE)
    first = _typed(first_survey, raw)
    first.insert(1, "org_id", raw["org_id"].astype(object).to_numpy())
    ids = _read(IDS_FILE)
    second = second_data()
    by_respondent = dict(zip(ids["respondent_id"].astype("int64"), ids["org_id"], strict=True))
    second.insert(1, "org_id", [by_respondent[r] for r in second["respondent_id"]])
    return first, first_survey, second, second_survey


def tracktr_waves() -> dict[str, tuple[pd.DataFrame, Survey]]:
    """Return two waves of trackTR data: a synthetic first wave and the synthetic second.

    **Both waves are synthetic.** The second wave (``"2015-10"``) is
    :func:`tracktr_2015` with a persistent id column; the first (``"2015-05"``, 156
    organisations) is solved by the same generator for stated, invented targets (the CRC
    share 17% instead of 25%; every other question at the report's shares) and has its
    own, slightly different codebook. 91 organisations answer both waves (60% of the
    second wave); ``org_id`` identifies them, and they keep their answers from one wave
    to the other wherever the first wave's counts allow, but for a quarter drawn at
    random (the module ``tracktr.datasets._waves`` states each rule, and 6 of them joined a
    CRC's supply chain between the waves). ``DataFrame.attrs["synthetic"]`` says
    so on every frame, and the first wave's file has a ``synthetic`` column.

    Returns
    -------
    dict
        ``{"2015-05": (data, survey), "2015-10": (data, survey)}``, ready for
        :func:`tracktr.waves.pool` with :func:`tracktr_waves_map`. New frames on every
        call.

    See Also
    --------
    tracktr_waves_map : the harmonisation map of the two codebooks.
    tracktr.waves.pool : pools them.

    Examples
    --------
    >>> import tracktr as tt
    >>> waves = tt.datasets.tracktr_waves()
    >>> {w: len(data) for w, (data, _) in waves.items()}
    {'2015-05': 156, '2015-10': 151}
    >>> first, survey = waves["2015-05"]
    >>> survey.question("funding").labels
    ('A CRC', 'The NPS', 'Neither')
    >>> len(set(first["org_id"]) & set(waves["2015-10"][0]["org_id"]))
    91
    >>> first.attrs["synthetic"][:14]
    'Synthetic data'
    """
    first, first_survey, second, second_survey = _waves()
    out: dict[str, tuple[pd.DataFrame, Survey]] = {}
    for wave, frame, survey in (
        ("2015-05", first, first_survey),
        ("2015-10", second, second_survey),
    ):
        copy_ = frame.copy(deep=True)
        copy_.attrs = {"synthetic": SYNTHETIC_WAVE, "wave": wave}
        out[wave] = (copy_, survey)
    return out


def tracktr_waves_map() -> Path:
    """Return the path of the harmonisation map (TOML) of the two trackTR waves.

    It renames the first wave's ``funding`` question and its labels, merges the second
    wave's top three income bands into the first wave's "Over £1m", collapses both
    partnership scales (four points, then five) onto "Improved" / "Did not improve",
    and declares the re-tendering question (second wave only) and the awareness question
    (first wave only) absent where they were not asked.

    Examples
    --------
    >>> import tracktr as tt
    >>> print(tt.datasets.tracktr_waves_map().read_text("utf-8").splitlines()[0])
    # Harmonisation of the two synthetic trackTR waves (see tracktr.datasets.tracktr_waves).
    """
    return Path(str(resources.files("tracktr.datasets").joinpath("tracktr_waves.toml")))

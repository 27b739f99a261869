"""What the 2016 report prints about each question of the 2015 trackTR survey, as solver plans.

This module holds the vocabulary of the plans (:class:`Plan`, :class:`Check`, :func:`leaf`,
:func:`group`), the answer labels they share and the report's printed tables; the plans
themselves are in :mod:`tracktr.datasets._plan_single` (single-choice questions),
:mod:`tracktr.datasets._plan_grids` (grid items and multi-response sets) and
:mod:`tracktr.datasets._plan_checks` (figures checked after dealing).

Each plan gives a question's base (the printed n= where there is one) and the figures the
report prints about its options: percentages, counts and shares in words, each with the
words of the claim. Bases the report does not print are chosen here, and the comment
beside each says why. The generator (:mod:`tracktr.datasets._generate`) solves every plan
for counts and then deals the answers to respondents.

Source: *Change & challenge: the voluntary sector's role in Transforming Rehabilitation*
(Clinks, NCVO and TSRC, May 2016).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracktr.datasets._solve import Fig, Part

__all__ = [
    "TABLE_1",
    "TABLE_2",
    "TABLE_2_AVERAGE",
    "TABLE_3_ALL",
    "TABLE_3_CRC",
    "Check",
    "Plan",
]

CRC = "Funded by a CRC"
NPS = "Funded by the NPS"
OUTSIDE = "Not funded by a CRC or the NPS"

INCOME = (
    "Under £100,000",
    "£100,000 - £250,000",
    "£250,000 - £500,000",
    "£500,000 - £1m",
    "£1m - £5m",
    "£5m - £10m",
    "Over £10m",
)
# Table 3: frequencies of income, all respondents (n=151) and CRC-funded (n=34).
TABLE_3_ALL = (35, 19, 20, 26, 31, 8, 12)
TABLE_3_ALL_PCT = (23, 13, 13, 17, 21, 5, 8)
TABLE_3_CRC = (2, 3, 6, 4, 7, 4, 8)
TABLE_3_CRC_PCT = (6, 9, 18, 12, 21, 12, 24)

# Table 1: (item id, main beneficiaries %, n, beneficiaries also include %, n), n=151.
TABLE_1 = (
    ("offenders", 59, 89, 25, 38),
    ("women", 54, 82, 46, 69),
    ("men", 57, 86, 25, 37),
    ("children", 13, 20, 14, 21),
    ("young_people", 22, 33, 19, 28),
    ("young_adults", 36, 55, 38, 57),
    ("older_people", 15, 23, 31, 47),
    ("offenders_families", 16, 24, 28, 42),
    ("carers", 17, 25, 24, 36),
    ("care_leavers", 8, 12, 25, 37),
    ("bame", 16, 24, 47, 71),
    ("lgbt", 7, 10, 34, 51),
    ("mental_health", 31, 47, 43, 65),
    ("addiction", 33, 50, 40, 60),
    ("homeless", 31, 46, 30, 45),
    ("financial_need", 23, 35, 33, 49),
    ("learning_difficulties", 14, 21, 38, 58),
    ("disabilities", 13, 19, 36, 55),
    ("asylum_seekers", 7, 11, 19, 28),
    ("faith_communities", 7, 10, 20, 30),
    ("voluntary_organisations", 17, 25, 15, 23),
    ("victims", 9, 13, 21, 31),
)

# Table 2: (item id, improved, no change, worsened, don't know) in printed percent.
TABLE_2 = (
    ("offenders", 9, 13, 49, 28),
    ("men", 10, 20, 40, 29),
    ("women", 12, 21, 31, 36),
    ("children", 5, 11, 5, 78),
    ("young_people", 4, 11, 5, 80),
    ("young_adults", 9, 18, 21, 53),
    ("older_people", 4, 21, 17, 59),
    ("carers", 4, 10, 11, 76),
    ("care_leavers", 3, 10, 11, 77),
    ("bame", 5, 10, 26, 59),
    ("lgbt", 4, 12, 9, 75),
    ("mental_health", 6, 11, 30, 50),
    ("addiction", 8, 19, 33, 39),
    ("homeless", 7, 16, 36, 42),
    ("financial_need", 8, 16, 28, 49),
    ("learning_difficulties", 5, 14, 16, 65),
    ("disabilities", 4, 10, 14, 71),
    ("asylum_seekers", 4, 9, 15, 72),
    ("faith_communities", 3, 12, 8, 78),
    ("victims", 4, 12, 7, 77),
)
TABLE_2_AVERAGE = (6, 14, 21, 60)
TABLE_2_SCALE = ("Improved", "No change", "Worsened", "Don't know")


@dataclass(frozen=True, slots=True)
class Plan:
    """A question (or one grid item, or one multi-response option set) to solve at a base."""

    base: int
    parts: tuple[Part, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Check:
    """A printed figure about options that overlap the plan's parts, checked after dealing."""

    question: str
    item: str
    labels: tuple[str, ...]
    fig: Fig
    within: str | None = None  # a main_funding label: the figure is about that group only
    of_all: bool = False  # the base is every respondent, answered or not


def leaf(name: str, *figs: Fig) -> Part:
    """Return an option with its printed figures."""
    return Part(name, tuple(figs))


def group(name: str, figs: tuple[Fig, ...], *members: Part) -> Part:
    """Return a group of options with the figures printed about the group."""
    return Part(name, figs, tuple(members))


AGREE = ("Strongly agree", "Agree")

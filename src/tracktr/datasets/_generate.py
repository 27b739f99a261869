"""Generate the synthetic trackTR 2015 microdata: ``python -m tracktr.datasets._generate``.

Two steps, both deterministic for a given seed:

1. **Counts** (:mod:`tracktr.datasets._generate_counts`). Every question's plan
   (:mod:`tracktr.datasets._plan`) is solved for the counts, at the printed base, whose
   half-up percentages match what the report prints (:mod:`tracktr.datasets._solve`);
   where no counts can, the nearest ones are kept and the printed figures they break are
   recorded as *departures*.
2. **Respondents.** The counts are dealt to 151 synthetic organisations: Table 3's
   income by CRC funding exactly, routing honoured (CRC questions only for CRC-funded
   organisations, outside-supply-chain questions only for the 100 funded by neither),
   nested bases within each section (those who answer the fewest questions drop out
   first), and a few plausible associations (staff and footprint follow income).

The result is written as ``tracktr_2015.csv`` (labels and missing markers) and
``tracktr_2015_departures.csv`` beside this module. Everything the two steps read about
the report is in :data:`tracktr.datasets._targets.REPORT`; :func:`generate` takes other
targets too (the synthetic first wave of :mod:`tracktr.datasets._waves`). The data are
synthetic: they are not the survey's real responses.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from tracktr._atomic import atomic_write_text
from tracktr.datasets._generate_counts import _Counts, _departure, _solve_all
from tracktr.datasets._plan import CRC, INCOME, NPS, OUTSIDE, Check
from tracktr.datasets._solve import Miss
from tracktr.datasets._targets import REPORT, Targets
from tracktr.describe import phrase_holds
from tracktr.missing import NOT_ASKED, SKIPPED

__all__ = ["DATA_FILE", "DEPARTURES_FILE", "SEED", "Generated", "generate", "main", "write"]

SEED = 2015
HERE = Path(__file__).resolve().parent
DATA_FILE = HERE / "tracktr_2015.csv"
DEPARTURES_FILE = HERE / "tracktr_2015_departures.csv"
DEPARTURE_COLUMNS = (
    "question",
    "item",
    "option",
    "printed",
    "claim",
    "count",
    "base",
    "percent",
    "note",
)

# Income of the NPS-funded respondent (the rest of each band, once the CRC-funded and those
# who skipped main_funding are dealt theirs, is the outside supply chains').
NPS_INCOME = "£1m - £5m"

REGIONS = (
    ("delivery_regions_north_east", 3),
    ("delivery_regions_north_west", 13),
    ("delivery_regions_yorkshire", 9),
    ("delivery_regions_east_midlands", 8),
    ("delivery_regions_west_midlands", 9),
    ("delivery_regions_east", 8),
    ("delivery_regions_london", 15),
    ("delivery_regions_south_east", 10),
    ("delivery_regions_south_west", 12),
    ("delivery_regions_wales", 3),
)
SPECIALISM_ITEM = {
    "specialism_bame": "bame",
    "specialism_women": "women",
    "specialism_young_adults": "young_adults",
}

OTHER_BENEFICIARIES = (  # "the eleven that did so specified ..."
    "Victims of domestic abuse",
    "Long term unemployed people",
    "Social housing tenants",
    "Urban street gangs",
)
SERVICE_COMMENTS = (  # themes of the open answers, paraphrased; synthetic
    "Too early to tell; nothing has changed yet.",
    "Some additional services through the CRC.",
    "Services narrowed and lighter touch: more clients, fewer resources.",
)
RELATIONSHIP_COMMENTS = (
    "All parties still in transition; too early to say.",
    "Good relationships with individual staff locally.",
    "Little or no communication from the CRC.",
    "Long-standing relationships with NPS staff have endured.",
    "Relationships vary from prison to prison.",
)
CRC_PBR_AT_RISK = (7, 20, 30, 30, 75, 100, 100, 100)
OUTSIDE_PBR_AT_RISK = (10, 10, 20, 20, 30, 45, 50, 90, 100)
CONTRACT_MIN, CONTRACT_MAX = 12_500, 14_750_000  # "£12,500 to almost £15m", "over £14m"

AVERAGE_NOTE = "the data give Table 2's AVERAGE row (the mean of the 20 items' percentages)"

Cell = str | int | None
Columns = dict[str, list[Cell]]


@dataclass(frozen=True, slots=True)
class Generated:
    """The generated data (column -> cells) and the departures from the printed figures."""

    columns: Columns
    departures: list[dict[str, str]]
    table_2_bases: dict[str, int]


# -- step 2: respondents ---------------------------------------------------------------------


class _Dealer:
    """Deals answers to respondents (row positions 0..150) with one seeded generator."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def shuffle(self, ids: Sequence[int]) -> list[int]:
        return [int(ids[i]) for i in self.rng.permutation(len(ids))]

    def by_key(self, ids: Sequence[int], key: Callable[[int], float], noise: float) -> list[int]:
        jitter = self.rng.normal(0, noise, len(ids)) if noise else np.zeros(len(ids))
        keyed = sorted(
            zip(
                (key(i) + float(j) for i, j in zip(ids, jitter, strict=True)),
                range(len(ids)),
                ids,
                strict=True,
            )
        )
        return [i for _, _, i in keyed]

    def deal(
        self,
        ids: Sequence[int],
        counts: dict[str, int],
        *,
        key: Callable[[int], float] | None = None,
        noise: float = 1.0,
    ) -> dict[int, str]:
        """Give each label its count of `ids`: in key order (options in order) or at random."""
        if sum(counts.values()) != len(ids):
            msg = f"counts {counts} do not sum to {len(ids)} respondents"
            raise AssertionError(msg)
        order = self.by_key(ids, key, noise) if key is not None else self.shuffle(ids)
        labels = [label for label, c in counts.items() for _ in range(c)]
        return dict(zip(order, labels, strict=True))


def _top(ranked: Sequence[int], base: int) -> list[int]:
    """Return the `base` most engaged respondents (nested bases drop out in order)."""
    if base > len(ranked):
        msg = f"base {base} larger than the {len(ranked)} respondents asked"
        raise AssertionError(msg)
    return sorted(ranked[:base])


def _put(columns: Columns, column: str, answers: dict[int, str] | dict[int, int]) -> None:
    cells = columns.setdefault(column, [None] * len(columns["respondent_id"]))
    for i, value in answers.items():
        cells[i] = value


def _tick(
    dealer: _Dealer,
    ids: Sequence[int],
    counts: dict[str, int],
    *,
    disjoint: Sequence[str] = (),
    cover: Sequence[str] = (),
) -> dict[str, set[int]]:
    """Ticks of a multi-response set: every respondent in `ids` ticks at least one option.

    `disjoint` options go to different respondents; `cover` options go first to those
    with no tick yet; the rest at random.
    """
    ticks: dict[str, set[int]] = {label: set() for label in counts}
    pool = dealer.shuffle(ids)
    start = 0
    for label in disjoint:
        ticks[label] = set(pool[start : start + counts[label]])
        start += counts[label]
    covered = set(pool[:start])
    for label in [*cover, *(x for x in counts if x not in disjoint and x not in cover)]:
        bare = [i for i in pool if i not in covered] if label in cover else []
        chosen = bare[: counts[label]]
        rest = dealer.shuffle(sorted(set(ids) - set(chosen)))
        chosen += rest[: counts[label] - len(chosen)]
        ticks[label] = set(chosen)
        covered |= ticks[label]
    if covered != set(ids):
        msg = f"{len(set(ids) - covered)} respondents ticked nothing"
        raise AssertionError(msg)
    return ticks


def _put_ticks(
    columns: Columns, question: str, ids: Sequence[int], ticks: dict[str, set[int]]
) -> None:
    for label, chosen in ticks.items():
        column = _column_of(question, label)
        _put(columns, column, {i: int(i in chosen) for i in ids})


def _column_of(question: str, label: str) -> str:
    from tracktr.surveys import tracktr_2015 as codebook

    q = codebook().question(question)
    option = q.option(label)
    if option is None or option.column is None:  # pragma: no cover - plans use codebook labels
        msg = f"{question!r} has no option {label!r}"
        raise AssertionError(msg)
    return option.column


class _Builder:
    """Step 2: deals the solved counts to the respondents, section by section."""

    def __init__(self, rng: np.random.Generator, counts: _Counts, targets: Targets) -> None:
        self.rng = rng
        self.dealer = _Dealer(rng)
        self.counts = counts
        self.t = targets
        n = targets.n
        self.columns: Columns = {"respondent_id": list(range(1, n + 1))}
        self.everyone = list(range(n))
        # Engagement: who answers the later, routed and less-answered questions.
        engagement = rng.random(n)
        self.ranked = [int(i) for i in np.argsort(-engagement, kind="stable")]
        self.income: dict[int, int] = {}
        self.crc: list[int] = []
        self.outside: list[int] = []

    def put(self, column: str, answers: dict[int, str] | dict[int, int]) -> None:
        _put(self.columns, column, answers)

    def size(self, i: int) -> float:
        """Income band of respondent `i` (0-6), the key of answers that follow size."""
        return float(self.income[i])

    def deal_single(self, question: str, ranked: Sequence[int], *, by_size: bool = False) -> None:
        counts = self.counts.single[question]
        ids = _top(ranked, self.t.single[question].base)
        key = self.size if by_size else None
        self.put(question, self.dealer.deal(ids, counts, key=key, noise=1.5))

    def deal_grid(self, question: str, ranked: Sequence[int]) -> None:
        for item, counts in self.counts.grids[question].items():
            ids = _top(ranked, self.t.grids[question][item].base)
            self.put(f"{question}_{item}", self.dealer.deal(ids, counts))

    def texts(self, column: str, ids: Sequence[int], k: int, texts: Sequence[str]) -> None:
        chosen = sorted(self.dealer.shuffle(ids)[:k])
        self.put(column, {i: texts[n % len(texts)] for n, i in enumerate(chosen)})

    def build(self) -> Columns:
        self.funding_and_income()
        self.profile()
        self.beneficiaries()
        self.impact()
        self.crc_section()
        self.outside_section()
        return self.columns

    def funding_and_income(self) -> None:
        """main_funding (n=135, 16 skipped) and income, with Table 3's cross-tabulation."""
        skipped_n = self.t.n - self.t.single["main_funding"].base
        skipped = set(self.dealer.shuffle(self.ranked[-45:])[:skipped_n])
        answered = self.dealer.shuffle([i for i in self.everyone if i not in skipped])
        mf = self.counts.single["main_funding"]
        self.crc = sorted(answered[: mf[CRC]])
        nps = sorted(answered[mf[CRC] : mf[CRC] + mf[NPS]])
        self.outside = sorted(answered[mf[CRC] + mf[NPS] :])
        groups = dict.fromkeys(self.crc, CRC) | dict.fromkeys(nps, NPS)
        self.put("main_funding", groups | dict.fromkeys(self.outside, OUTSIDE))
        rest = [a - c for a, c in zip(self.t.table_3_all, self.t.table_3_crc, strict=True)]
        skipped_income = self.t.skipped_main_funding_income
        nps_band = [int(b == NPS_INCOME) for b in INCOME]
        outside_income = [r - n - s for r, n, s in zip(rest, nps_band, skipped_income, strict=True)]
        for ids, bands in (
            (self.crc, self.t.table_3_crc),
            (nps, nps_band),
            (sorted(skipped), skipped_income),
            (self.outside, outside_income),
        ):
            self.put("income", self.dealer.deal(ids, dict(zip(INCOME, bands, strict=True))))
        self.income = {i: INCOME.index(str(self.columns["income"][i])) for i in self.everyone}

    def profile(self) -> None:
        """Staff and footprint (following income), delivery regions, setting, specialism."""
        single = self.counts.single
        self.put("staff", self.dealer.deal(self.everyone, single["staff"], key=self.size))
        # outside_role and footprint: the same answer for those answering both.
        outside_ranked = [i for i in self.ranked if i in set(self.outside)]
        ids = _top(outside_ranked, self.t.single["outside_role"].base)
        role = self.dealer.deal(ids, single["outside_role"], key=self.size, noise=1.5)
        self.put("outside_role", role)
        footprint = dict(role)
        left = {
            label: c - sum(1 for v in role.values() if v == label)
            for label, c in single["footprint"].items()
        }
        others = [i for i in self.everyone if i not in footprint]
        footprint |= self.dealer.deal(others, left, key=self.size, noise=1.5)
        self.put("footprint", footprint)
        self.regions(footprint)
        self.put("setting", self.dealer.deal(self.everyone, single["setting"]))
        pool = self.dealer.shuffle(self.everyone)
        start = 0
        self.specialist: dict[str, set[int]] = {}
        for column, c in self.t.specialism:
            self.specialist[column] = set(pool[start : start + c])
            start += c
        self.specialist["specialism_none"] = set(pool[start:])
        for column, chosen in self.specialist.items():
            self.put(column, {i: int(i in chosen) for i in self.everyone})

    def regions(self, footprint: dict[int, str]) -> None:
        """Local in one region, regional in one to three, national mostly in many.

        15 of the 42 national organisations work in one to three regions only.
        """
        names = [c for c, _ in REGIONS]
        weights = np.array([w for _, w in REGIONS], dtype=float)
        weights /= weights.sum()
        national = sorted(i for i in self.everyone if footprint[i] == "National")
        few = set(self.dealer.shuffle(national)[: self.t.national_few])
        for i in self.everyone:
            if footprint[i] == "Local":
                k = 1
            elif footprint[i] == "Regional" or i in few:
                k = int(self.rng.choice([1, 2, 3], p=[0.3, 0.4, 0.3]))
            else:
                k = int(self.rng.choice([4, 6, 8, 10], p=[0.1, 0.15, 0.15, 0.6]))
            chosen = set(self.rng.choice(len(names), size=k, replace=False, p=weights).tolist())
            for j, column in enumerate(names):
                self.put(column, {i: int(j in chosen)})

    def beneficiaries(self) -> None:
        """Table 1's counts exactly; specialist organisations' groups are main beneficiaries."""
        forced = {
            SPECIALISM_ITEM[c]: ids for c, ids in self.specialist.items() if c in SPECIALISM_ITEM
        }
        for item, counts in self.counts.grids["beneficiaries"].items():
            main = forced.get(item, set())
            order = sorted(main) + [i for i in self.dealer.shuffle(self.everyone) if i not in main]
            labels = [label for label, c in counts.items() for _ in range(c)]
            self.put(f"beneficiaries_{item}", dict(zip(order, labels, strict=True)))
        self.texts("beneficiaries_other", self.everyone, 11, OTHER_BENEFICIARIES)

    def impact(self) -> None:
        """Sections 2.2, 2.3 and 2.7: asked of everyone, answered by about 105."""
        for q in (
            "services_changed",
            "service_user_impact",
            "statutory_partnerships",
            "voluntary_partnerships",
            "overall_funding_impact",
            "other_funding_access",
        ):
            self.deal_single(q, self.ranked)
        changed = [i for i in self.everyone if self.columns["services_changed"][i] is not None]
        self.texts("services_changed_comments", changed, 60, SERVICE_COMMENTS)
        table_2_ids = _top(self.ranked, max(self.t.table_2_bases))
        for item, counts in self.counts.table_2.items():
            ids = sorted(self.dealer.shuffle(table_2_ids)[: self.counts.table_2_bases[item]])
            self.put(f"group_impact_{item}", self.dealer.deal(ids, counts))
        self.deal_grid("relationships", self.ranked)
        rated = [i for i in self.everyone if self.columns["relationships_crc"][i] is not None]
        self.texts("relationships_comments", rated, 50, RELATIONSHIP_COMMENTS)

    def crc_section(self) -> None:
        """Section 2.4: the 34 CRC-funded, nested bases by engagement."""
        ranked = [i for i in self.ranked if i in set(self.crc)]
        self.deal_single("crc_role", ranked, by_size=True)
        self.deal_single("crc_service_users", ranked, by_size=True)
        for q in (
            "crc_service_new",
            "crc_referrals_received",
            "crc_retendering_transparency",
            "crc_ispa",
            "crc_terms_sustainable",
            "crc_agreement_viable",
        ):
            self.deal_single(q, ranked)
        self.deal_grid("crc_statements", ranked)
        self.deal_grid("crc_good_practice", ranked)
        # The same organisations tend to subsidise from reserves and from other sources.
        subsidy = self.dealer.shuffle(_top(ranked, self.t.grids["crc_subsidise"]["reserves"].base))
        lean = {i: float(k) for k, i in enumerate(subsidy)}
        for item, counts in self.counts.grids["crc_subsidise"].items():
            answers = self.dealer.deal(sorted(subsidy), counts, key=lean.__getitem__, noise=0.5)
            self.put(f"crc_subsidise_{item}", answers)
        ids = _top(ranked, self.t.multi["crc_funding_type"][0])
        ticks = _tick(
            self.dealer,
            ids,
            self.counts.multi["crc_funding_type"],
            disjoint=("Grant", "Fee for service contract", "Payment by results contract"),
            cover=("Other",),
        )
        _put_ticks(self.columns, "crc_funding_type", ids, ticks)
        self.at_risk("crc_pbr_at_risk", ticks, ranked, CRC_PBR_AT_RISK)
        self.contract_values(ranked)

    def at_risk(
        self,
        column: str,
        ticks: dict[str, set[int]],
        ranked: Sequence[int],
        values: Sequence[int],
    ) -> None:
        """Give the printed percentages at risk to the most engaged PbR respondents."""
        pbr = sorted(ticks["Payment by results contract"], key=list(ranked).index)
        shuffled = [values[k] for k in self.rng.permutation(len(values))]
        self.put(column, dict(zip(pbr, shuffled, strict=False)))

    def contract_values(self, ranked: Sequence[int]) -> None:
        """Amounts in the solved bands: from £12,500 to £14.75m ("almost £15m")."""
        ids = _top(ranked, self.t.single["crc_contract_value"].base)
        bands = self.dealer.deal(ids, self.counts.single["crc_contract_value"], key=self.size)
        amounts: dict[int, int] = {}
        low = sorted(i for i, b in bands.items() if b == "Under £80,000")
        high = sorted(i for i, b in bands.items() if b == "Over £5m")
        for k, i in enumerate(low):
            amounts[i] = CONTRACT_MIN if k == 0 else int(self.rng.integers(26, 160)) * 500
        for i, b in bands.items():
            if b == "£80,000 - £5m":
                amounts[i] = int(self.rng.integers(16, 1000)) * 5_000
        for k, i in enumerate(high):
            amounts[i] = CONTRACT_MAX if k == 0 else int(self.rng.integers(104, 240)) * 50_000
        self.put("crc_contract_value", amounts)

    def outside_section(self) -> None:
        """Section 2.6: the 100 outside supply chains, nested bases by engagement."""
        ranked = [i for i in self.ranked if i in set(self.outside)]
        self.deal_single("outside_service_users", ranked, by_size=True)
        self.deal_single("outside_should_be_funded", ranked)
        self.deal_single("outside_funding_sustainable", ranked)
        self.deal_grid("outside_referrals", ranked)
        ids = _top(ranked, self.t.multi["outside_funding_sources"][0])
        sources = self.counts.multi["outside_funding_sources"]
        ticks = _tick(self.dealer, ids, sources, cover=tuple(sources))
        _put_ticks(self.columns, "outside_funding_sources", ids, ticks)
        ids = _top(ranked, self.t.multi["outside_funding_type"][0])
        ticks = _tick(
            self.dealer,
            ids,
            self.counts.multi["outside_funding_type"],
            disjoint=("Fee for service contract", "Payment by results contract"),
            cover=("Grant", "Other"),
        )
        _put_ticks(self.columns, "outside_funding_type", ids, ticks)
        self.at_risk("outside_pbr_at_risk", ticks, ranked, OUTSIDE_PBR_AT_RISK)
        self.outside_subsidise(_top(ranked, self.t.grids["outside_subsidise"]["reserves"].base))

    def outside_subsidise(self, ids: list[int]) -> None:
        """58 organisations (67%) subsidised with either reserves or other sources."""
        counts = self.counts.grids["outside_subsidise"]
        yes_r, yes_o = counts["reserves"]["Yes"], counts["other_sources"]["Yes"]
        both = yes_r + yes_o - self.t.outside_subsidised
        pool = self.dealer.shuffle(ids)
        yes = {
            "reserves": set(pool[:yes_r]),
            "other_sources": set(pool[:both]) | set(pool[yes_r : yes_r + yes_o - both]),
        }
        for item, chosen in yes.items():
            rest = [i for i in ids if i not in chosen]
            others = {k: v for k, v in counts[item].items() if k != "Yes"}
            self.put(f"outside_subsidise_{item}", dict.fromkeys(chosen, "Yes"))
            self.put(f"outside_subsidise_{item}", self.dealer.deal(rest, others))


def _fill_missing(columns: Columns) -> None:
    """Blank cells become ``<skipped>`` where routing asked the question, else ``<not asked>``."""
    import pandas as pd

    from tracktr.surveys import tracktr_2015 as codebook

    survey = codebook()
    n = len(columns["respondent_id"])
    for column in survey.columns:
        columns.setdefault(column, [None] * n)
    frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in columns.items()})
    for question in survey.ordered_questions():
        asked = survey.asked(frame, question.id).tolist()
        # A multi-response set is answered as a whole; every other column on its own.
        groups = (
            [question.columns] if question.type == "multi" else [(c,) for c in question.columns]
        )
        for names in groups:
            rows = [i for i in range(n) if all(columns[c][i] is None for c in names)]
            for column in names:
                cells = columns[column]
                for i in rows:
                    cells[i] = SKIPPED if asked[i] else NOT_ASKED
                frame[column] = pd.Series(cells, dtype=object)
        if any(v is None for c in question.columns for v in columns[c]):  # pragma: no cover
            msg = f"{question.id}: a multi-response set partly answered"
            raise AssertionError(msg)


def _check_departures(
    columns: Columns, departures: list[dict[str, str]], checks: Sequence[Check]
) -> None:
    """Evaluate the figures about overlapping options on the dealt data."""
    from tracktr.surveys import tracktr_2015 as codebook

    survey = codebook()
    for check in checks:
        question = survey.question(check.question)
        if check.item == "AVERAGE":
            _check_average(columns, check, departures)
            continue
        names = (f"{check.question}_{check.item}",) if check.item else question.columns
        hits = 0
        base = 0
        for i in range(len(columns["respondent_id"])):
            if check.within is not None and columns["main_funding"][i] != check.within:
                continue
            cells = [columns[c][i] for c in names]
            if all(v in (SKIPPED, NOT_ASKED) for v in cells) and not check.of_all:
                continue
            base += 1
            if question.type == "multi":
                labels = {o.label for o, v in zip(question.options, cells, strict=True) if v == 1}
                hits += bool(labels & set(check.labels))
            else:
                hits += any(v in check.labels for v in cells)
        if not check.fig.met(hits, base):
            option = " or ".join(check.labels)
            departures.append(
                _departure(
                    check.question,
                    check.item,
                    Miss(option, check.fig, hits, base),
                    note=_note(check),
                )
            )


def _check_average(columns: Columns, check: Check, departures: list[dict[str, str]]) -> None:
    """Check a figure about Table 2's AVERAGE row (the mean of the items' percentages)."""
    shares = []
    for item, *_ in REPORT.table_2:
        cells = [v for v in columns[f"{check.question}_{item}"] if v not in (SKIPPED, NOT_ASKED)]
        shares.append(Fraction(sum(v in check.labels for v in cells), len(cells)))
    mean = sum(shares, Fraction(0)) / len(shares)
    percent = int(100 * mean + Fraction(1, 2))
    if check.fig.kind == "percent":
        met = percent == int(check.fig.value)
    else:
        met = phrase_holds(str(check.fig.value), mean)
    if not met:
        row = _departure(
            check.question, "AVERAGE", Miss(" or ".join(check.labels), check.fig, 0, 1)
        )
        row |= {"count": "", "base": "", "percent": f"{percent}%", "note": AVERAGE_NOTE}
        departures.append(row)


def _note(check: Check) -> str:
    if check.of_all:
        return "of all 151 respondents"
    return "" if check.within is None else f"among {check.within.lower()}"


def generate(seed: int = SEED, *, targets: Targets = REPORT) -> Generated:
    """Solve every plan, deal the answers and return the data and the departures.

    `targets` are the 2016 report's figures for 151 organisations unless another wave's
    are given (:func:`tracktr.datasets._targets.moved`).

    Examples
    --------
    >>> from tracktr.datasets._generate import generate
    >>> generated = generate()
    >>> len(generated.columns["respondent_id"])
    151
    """
    rng = np.random.default_rng(seed)
    departures: list[dict[str, str]] = []
    counts = _solve_all(rng, departures, targets)
    columns = _Builder(rng, counts, targets).build()
    _fill_missing(columns)
    _check_departures(columns, departures, targets.checks)
    return Generated(columns, _in_questionnaire_order(departures), counts.table_2_bases)


def _in_questionnaire_order(departures: list[dict[str, str]]) -> list[dict[str, str]]:
    """Sort departures by question, then grid item, in codebook order (stable otherwise)."""
    from tracktr.survey import GridQuestion
    from tracktr.surveys import tracktr_2015 as codebook

    survey = codebook()
    order = {q.id: k for k, q in enumerate(survey.questions)}

    def key(row: dict[str, str]) -> tuple[int, int]:
        question = survey.question(row["question"])
        items = [i.id for i in question.items] if isinstance(question, GridQuestion) else []
        item = items.index(row["item"]) if row["item"] in items else (-1 if not row["item"] else 99)
        return order[row["question"]], item

    return sorted(departures, key=key)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def data_text(generated: Generated) -> str:
    """Return the data file's text: one row per respondent, codebook columns in order."""
    from tracktr.surveys import tracktr_2015 as codebook

    header = codebook().columns
    cells = generated.columns
    return _csv(
        header,
        (
            [("" if cells[c][i] is None else str(cells[c][i])) for c in header]
            for i in range(len(cells["respondent_id"]))
        ),
    )


def departures_text(generated: Generated) -> str:
    """Return the departures file's text: one row per figure the data cannot match."""
    return _csv(
        DEPARTURE_COLUMNS, ([d[c] for c in DEPARTURE_COLUMNS] for d in generated.departures)
    )


def write(directory: Path = HERE, *, seed: int = SEED) -> tuple[Path, Path]:
    """Generate and write both files into `directory`; return their paths."""
    generated = generate(seed)
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / DATA_FILE.name
    deps = directory / DEPARTURES_FILE.name
    atomic_write_text(data, data_text(generated))  # bytes as generated: no newline changes
    atomic_write_text(deps, departures_text(generated))
    return data, deps


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the package's data files (or write them into the directory given)."""
    args = list(sys.argv[1:] if argv is None else argv)
    directory = Path(args[0]) if args else HERE
    data, deps = write(directory)
    print(f"wrote {data} and {deps}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the 2016 report prints about each question of the 2015 trackTR survey, as solver plans.

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

from tracktr.datasets._solve import Fig, Part, at_least, count, near, pct, phrase

__all__ = [
    "GRIDS",
    "MULTI",
    "SINGLE",
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
_T2 = "Table 2 prints this row differently; the data follow Table 2"
_SUM_106 = (
    "the five printed shares sum to 106%; five half-up shares of one base sum to at most 102%"
)


def _agree_grid(
    agree: tuple[Fig, ...], disagree: tuple[Fig, ...] = (), *, lean: float = 0
) -> tuple[Part, ...]:
    """Return an agreement scale with the figures about agreeing (and disagreeing)."""
    return (
        group("agree", agree, leaf("Strongly agree", near(8)), leaf("Agree", near(30))),
        leaf("Neither agree nor disagree", near(20 - lean / 2)),
        group(
            "disagree",
            disagree,
            leaf("Disagree", near(20 + lean)),
            leaf("Strongly disagree", near(10 + lean)),
        ),
        leaf("Don't know", near(10)),
    )


SINGLE: dict[str, Plan] = {
    "main_funding": Plan(
        135,
        (
            leaf(
                CRC,
                count(34, "Table 3: CRC-funded respondents n=34"),
                count(
                    35,
                    "only 35 organisations surveyed were funded by the CRC directly",
                    "Table 3 and section 2.4 give 34, and 34 + 1 + 100 = 135 (Graph 1)",
                ),
                phrase(
                    "one quarter",
                    "Only one quarter of respondent organisations are mainly funded by CRCs",
                ),
            ),
            leaf(
                NPS,
                count(
                    1, "only one response from an organisation that was directly funded by the NPS"
                ),
                phrase("less than 1%", "less than one percent by the NPS"),
            ),
            leaf(
                OUTSIDE,
                count(100, "three quarters (100 organisations) were not"),
                phrase(
                    "three quarters", "three quarters ... are not directly funded by the CRC or NPS"
                ),
            ),
        ),
        "Graph 1 (n=135)",
    ),
    "income": Plan(
        151,
        tuple(
            leaf(label, count(n, f"Table 3: {label} {n}"), pct(p, f"Table 3: {label} {p}%"))
            for label, n, p in zip(INCOME, TABLE_3_ALL, TABLE_3_ALL_PCT, strict=True)
        ),
        "Graph 2 (n=151); Table 3",
    ),
    "staff": Plan(
        151,
        (
            group(
                "fewer than 50",
                (
                    phrase(
                        "around 7 in 10", "around 7 in 10 have fewer than 50 full time employees"
                    ),
                ),
                leaf(
                    "Fewer than 10",
                    phrase(
                        "just over two fifths",
                        "Just over two-fifths of respondents have fewer "
                        "than ten full time employees",
                    ),
                    near(41),
                ),
                leaf("10 - 49", near(29)),
            ),
            leaf("50 - 99", near(11.5)),
            leaf(
                "100 or more",
                phrase(
                    "just under a fifth", "Just under a fifth have 100 full time employees or more"
                ),
                near(18.5),
            ),
        ),
        "Graph 3 (n=151)",
    ),
    "footprint": Plan(
        151,
        (
            leaf(
                "National",
                count(42, "15 of the 42 organisations indicating a 'national' footprint"),
                phrase(
                    "just over one quarter",
                    "Just over one quarter of organisations operate nationally",
                ),
            ),
            leaf(
                "Regional",
                phrase("just under a third", "just under a third operate regionally"),
                near(32),
            ),
            leaf(
                "Local", phrase("just over two fifths", "just over two fifths locally"), near(41.5)
            ),
        ),
        "Graph 4 (n=151)",
    ),
    "setting": Plan(
        151,
        (
            leaf("In prison only", near(8)),
            leaf(
                "In the community only",
                phrase("over a third", "Over a third work solely in the community"),
                near(36.5),
            ),
            leaf(
                "In both prison and the community",
                pct(56, "the majority (56%) work in both prison and the community"),
                phrase("the majority"),
            ),
        ),
        "Graph 7 (n=151)",
    ),
    "services_changed": Plan(
        104,
        (
            leaf(
                "Yes",
                pct(35, "just over a third (35%)"),
                phrase("just over a third", "changed the services ... of just over a third (35%)"),
            ),
            leaf(
                "No",
                pct(60, "For almost three-fifths it had not changed their services (60%)"),
                phrase("almost three fifths"),
            ),
            leaf(
                "Don't know",
                pct(6, "A small minority of 6% did not know"),
                phrase("a small minority"),
            ),
        ),
        "Graph 9 (n=104)",
    ),
    "service_user_impact": Plan(
        105,
        (
            group(
                "positive",
                (pct(10, "only 10% report a positive or very positive impact"),),
                leaf("Very positive", near(2)),
                leaf("Positive", near(8)),
            ),
            leaf(
                "Neither positive nor negative",
                phrase(
                    "just over four in ten",
                    "Just over four in ten ... do not identify a positive or negative impact",
                ),
            ),
            group(
                "negative",
                (pct(35, "35% reporting a negative or very negative impact"),),
                leaf("Negative", near(22)),
                leaf("Very negative", near(13)),
            ),
            leaf("Don't know", near(14)),
        ),
        "Graph 10 (n=105)",
    ),
    "statutory_partnerships": Plan(
        104,
        (
            leaf("Improved a lot", count(0, "no one answered to say it had 'improved a lot'")),
            leaf(
                "Improved a little", pct(12, "only 12% said it had 'improved a little'", _SUM_106)
            ),
            leaf(
                "Stayed the same",
                pct(
                    40,
                    "A significant number of respondents, 40%, said they had not "
                    "seen their partnerships ... improve or worsen",
                    _SUM_106,
                ),
            ),
            leaf(
                "Worsened a little",
                pct(24, "24% said that their partnerships had 'worsened a little'", _SUM_106),
            ),
            leaf(
                "Worsened a lot",
                pct(15, "a further 15% said that it had 'worsened a lot'", _SUM_106),
            ),
            leaf("Don't know", pct(15, "A further 15% said that they don't know", _SUM_106)),
        ),
        "Graph 11 (n=104)",
    ),
    "voluntary_partnerships": Plan(
        102,
        (
            leaf(
                "Improved a lot", count(0, "no respondents felt that it had improved them 'a lot'")
            ),
            leaf(
                "Improved a little",
                phrase(
                    "just under one in ten",
                    "just under one in ten who felt it had improved local partnerships 'a little'",
                ),
            ),
            leaf(
                "Stayed the same",
                pct(44, "44% do not identify an improving or worsening situation"),
            ),
            leaf(
                "Worsened a little",
                pct(23, "23% say TR has worsened local partnerships ... 'a little'"),
            ),
            leaf("Worsened a lot", pct(8, "a further 8% say they have 'worsened a lot'")),
            leaf("Don't know", phrase("just over 16%", "just over 16% said that they don't know")),
        ),
        "Graph 12 (n=102)",
    ),
    "overall_funding_impact": Plan(
        105,
        (
            group(
                "increased",
                (
                    phrase(
                        "just over 13%", "For just over 13% there had been an increase in funding"
                    ),
                ),
                leaf(
                    "Increased a lot", pct(5, "only 5% that had seen their funding increase a lot")
                ),
                leaf("Increased a little", near(8)),
            ),
            leaf(
                "No impact", pct(48, "almost half of the respondents (48%)"), phrase("almost half")
            ),
            group(
                "decreased",
                (
                    pct(28, "almost a third (28%) had seen a decrease"),
                    phrase(
                        "almost a third",
                        "almost a third (28%) had seen a decrease",
                        "28% is not almost a third",
                    ),
                ),
                leaf("Decreased a little", near(12)),
                leaf(
                    "Decreased a lot",
                    pct(16, "16% reported that their funding had 'decreased a lot'"),
                ),
            ),
            leaf("Don't know", phrase("just over 1 in 10", "just over 1 in 10 did not know")),
        ),
        "Graph 30 (n=105)",
    ),
    "other_funding_access": Plan(
        106,
        (
            group(
                "positive",
                (pct(3, "Only 3% ... felt that TR had positively affected their ability"),),
                leaf("Very positively", near(0)),
                leaf("Positively", near(3)),
            ),
            leaf(
                "No impact",
                phrase(
                    "almost half",
                    "For almost half of the respondents there has been little impact",
                    "19% + 3% + 32% of 106 leave at most 48 (45%)",
                ),
            ),
            group(
                "negative",
                (pct(32, "32% felt it had negatively or very negatively affected their ability"),),
                leaf("Negatively", near(21)),
                leaf("Very negatively", near(11)),
            ),
            leaf("Don't know", pct(19, "a further 19% say that they don't know")),
        ),
        "Graph 31 (n=106)",
    ),
    # --- asked of the 34 CRC-funded -------------------------------------------------------
    "crc_role": Plan(
        25,
        (
            leaf(
                "Tier 2 provider",
                pct(40, "40% of those that responded would define themselves as a tier 2 provider"),
            ),
            leaf("Tier 3 provider", near(52)),
            leaf("Other", near(8)),
        ),
        "Graph 14 (n=25)",
    ),
    "crc_service_users": Plan(
        25,
        (
            group(
                "fewer than 100",
                (
                    pct(
                        24,
                        "A further 24% of respondents expected to work with less than 100 clients",
                    ),
                ),
                leaf("Fewer than 10", near(0)),
                leaf(
                    "10 - 50",
                    count(2, "of those only two expected to work with between 10-50 clients"),
                ),
                leaf("51 - 100", near(16)),
            ),
            leaf(
                "101 - 250",
                pct(24, "a further 24% expecting to support between 100 and 250 service users"),
            ),
            leaf(
                "More than 250",
                phrase(
                    "almost half",
                    "almost half of them expect to support more than 250 service users",
                    "24% + 24% of 25 (6 + 6) leave 13 (52%)",
                ),
                pct(
                    50,
                    "50% of organisations in CRC supply chains expected to support more than 250",
                    "24% + 24% of 25 (6 + 6) leave 13 (52%); 50% of 25 is not a whole count",
                ),
            ),
        ),
        "Graph 15 (n=25)",
    ),
    "crc_service_new": Plan(
        26,
        (
            leaf(
                "New service",
                phrase(
                    "a third",
                    "only a third of respondents reporting that they were delivering a new service",
                    "with 18 of 26 existing services (69%, nearest 70%), 8 are new",
                ),
            ),
            leaf(
                "Existing service",
                pct(
                    70,
                    "Of those that are being funded through supply chains "
                    "70% are delivering pre-existing services",
                ),
            ),
        ),
        "Graph 16 (n=26)",
    ),
    # Nearly all had received referrals; asked of those who answered the section (25).
    "crc_referrals_received": Plan(
        25,
        (
            leaf(
                "Yes",
                phrase(
                    "almost all",
                    "Nearly all the respondents had already received referrals from the CRC",
                ),
            ),
            leaf("No", near(4)),
        ),
        "Text (2.4), base chosen: the 25 who answered the section",
    ),
    "crc_retendering_transparency": Plan(
        19,
        (
            group("agree", (), leaf("Strongly agree", near(0)), leaf("Agree", near(5))),
            group(
                "do not agree",
                (
                    pct(
                        94,
                        "94% of CRC-funded organisations do not agree that "
                        "there is transparency of contract renewal",
                    ),
                ),
                leaf("Neither agree nor disagree", near(16)),
                leaf("Disagree", near(37)),
                leaf("Strongly disagree", near(31)),
                leaf("Don't know", near(10)),
            ),
        ),
        "Graph 19 (n=19)",
    ),
    "crc_ispa": Plan(
        26,
        (
            leaf("Yes", phrase("nearly half", "nearly half responded to say they had")),
            leaf("In negotiation", phrase("a quarter", "a further quarter were in negotiation")),
            leaf("No", near(2)),
            leaf(
                "Don't know what the ISPA is",
                phrase(
                    "a quarter", "a quarter of CRC-funded respondents do not know what the ISPA is"
                ),
            ),
        ),
        "Graph 20 (n=26)",
    ),
    # Graph 32 prints no base: 24, the base of Graph 17 next to it in the section, is the
    # base at which "29%" can be both the don't-knows and the unsustainable.
    "crc_terms_sustainable": Plan(
        24,
        (
            leaf(
                "Yes",
                phrase(
                    "just over two fifths",
                    "Just over two fifths of organisations funded by CRCs "
                    "believe the financial terms ... sustainable",
                ),
            ),
            leaf(
                "No",
                pct(29, "compared with 29% of CRC-funded organisations"),
                phrase(
                    "around 3 in 10", "around 3 in 10 believe that the terms ... are unsustainable"
                ),
            ),
            leaf(
                "Don't know",
                pct(29, "Almost a third (29%) ... 'don't know'"),
                phrase(
                    "almost a third",
                    "Almost a third (29%) ... 'don't know'",
                    "29% is not almost a third",
                ),
            ),
        ),
        "Graph 32, CRC-funded; base chosen: 24",
    ),
    "crc_agreement_viable": Plan(
        24,
        (
            leaf(
                "Yes",
                phrase(
                    "just over three fifths",
                    "just over three fifths ... say their funding agreement is 'viable'",
                ),
            ),
            leaf("No", near(17)),
            leaf("Don't know", near(21)),
        ),
        "Text (2.7); base chosen: 24, as crc_terms_sustainable",
    ),
    # Numeric: solved over its published bands. Three contracts (17%) over £5m fixes n=18.
    "crc_contract_value": Plan(
        18,
        (
            leaf(
                "Under £80,000",
                phrase(
                    "almost 60%",
                    "The majority of contracts tended to be below £80,000, with almost 60%",
                ),
                phrase("the majority"),
                near(58.5),
            ),
            leaf("£80,000 - £5m", near(22)),
            leaf(
                "Over £5m",
                count(3, "Only three (17%) of the contacts were valued at over £5m"),
                pct(17, "Only three (17%)"),
            ),
        ),
        "Text (2.4); n=18 from 'three (17%)'",
    ),
    # --- asked of the 100 outside supply chains -------------------------------------------
    "outside_role": Plan(
        89,
        (
            leaf("Local", phrase("over half", "over half working at a local level"), near(53)),
            leaf("Regional", phrase("3 in 10", "3 in 10 providing regional services")),
            leaf("National", phrase("1 in 6", "1 in 6 working nationally")),
        ),
        "Graph 22 (n=89)",
    ),
    "outside_service_users": Plan(
        89,
        (
            group(
                "250 or fewer",
                (pct(64, "64% of the respondents expect to support less than 250 service users"),),
                leaf("Fewer than 10", near(6)),
                leaf("10 - 50", near(20)),
                leaf("51 - 100", near(16)),
                leaf("101 - 250", near(22)),
            ),
            leaf(
                "More than 250",
                pct(
                    35,
                    "only 35% expect to support more than 250 service users",
                    "64% needs 57 of 89 and 35% needs 31 of 89; 57 + 31 = 88",
                ),
            ),
        ),
        "Graph 23 (n=89)",
    ),
    "outside_should_be_funded": Plan(
        87,
        (
            group(
                "yes",
                (
                    phrase(
                        "over three quarters",
                        "Over three quarters ... felt that their "
                        "services should be funded through TR",
                    ),
                ),
                leaf("Yes, by the CRC", near(24)),
                leaf("Yes, by the NPS", near(9)),
                leaf("Yes, by both the CRC and the NPS", near(44)),
            ),
            leaf("No", near(14)),
            leaf("Don't know", near(9)),
        ),
        "Graph 26 (n=87)",
    ),
    # Graph 32 prints no base; 88 is the base near Graphs 26-29 at which 17% and 58% both hold.
    "outside_funding_sustainable": Plan(
        88,
        (
            leaf(
                "Yes",
                pct(17, "only just over 1 in 6 (17%) ... consider their funding to be sustainable"),
                phrase("just over 1 in 6"),
            ),
            leaf(
                "No",
                pct(58, "Nearly three fifths (58%) believe their funding is unsustainable"),
                phrase("nearly three fifths"),
            ),
            leaf("Don't know", near(25)),
        ),
        "Graph 32, outside supply chains; base chosen: 88",
    ),
}

# Grids: question -> item id -> plan. Table 1 and Table 2 are built below.
GRIDS: dict[str, dict[str, Plan]] = {
    "beneficiaries": {
        item: Plan(
            151,
            (
                leaf(
                    "Main beneficiary",
                    count(main_n, f"Table 1: main beneficiaries {main_p} ({main_n})"),
                    pct(main_p, f"Table 1: main beneficiaries {main_p}%"),
                ),
                leaf(
                    "Also a beneficiary",
                    count(also_n, f"Table 1: beneficiaries also include {also_p} ({also_n})"),
                    pct(also_p, f"Table 1: also include {also_p}%"),
                ),
                leaf("Not a beneficiary", near(0)),
            ),
            "Table 1 (n=151)",
        )
        for item, main_p, main_n, also_p, also_n in TABLE_1
    },
    "relationships": {
        "prisons": Plan(
            102,
            (
                group(
                    "good",
                    (
                        phrase(
                            "nearly three quarters",
                            "Nearly three quarters ... rated their relationships "
                            "with prisons as good or very good",
                        ),
                    ),
                    leaf("Very good", near(30)),
                    leaf("Good", near(43)),
                ),
                leaf("Neither good nor poor", near(14)),
                group(
                    "poor",
                    (pct(6, "only 6% rate their relationships with prisons as poor or very poor"),),
                    leaf("Poor", near(4)),
                    leaf("Very poor", near(2)),
                ),
                leaf("Don't know", near(6)),
            ),
            "Graph 13 (n=102)",
        ),
        "nps": Plan(
            102,
            (
                group(
                    "good",
                    (
                        phrase(
                            "just over two fifths",
                            "just over two fifths who reported the same of "
                            "their relationship with the NPS",
                        ),
                    ),
                    leaf("Very good", near(12)),
                    leaf("Good", near(30)),
                ),
                leaf("Neither good nor poor", near(25)),
                group(
                    "poor",
                    (pct(17, "compared with 17% with NPS"),),
                    leaf("Poor", near(11)),
                    leaf("Very poor", near(6)),
                ),
                leaf("Don't know", near(15)),
            ),
            "Graph 13 (n=102)",
        ),
        "crc": Plan(
            102,
            (
                group(
                    "good",
                    (phrase("just over one third", "just over one third with CRCs"),),
                    leaf("Very good", near(9)),
                    leaf("Good", near(26)),
                ),
                leaf("Neither good nor poor", near(25)),
                group(
                    "poor",
                    (pct(25, "and 25% with CRCs"),),
                    leaf("Poor", near(15)),
                    leaf("Very poor", near(10)),
                ),
                leaf("Don't know", near(15)),
            ),
            "Graph 13 (n=102)",
        ),
    },
    "crc_subsidise": {
        "reserves": Plan(
            24,
            (
                leaf(
                    "Yes", pct(30, "subsidise their funding with either their own reserves (30%)")
                ),
                leaf(
                    "No",
                    pct(
                        58,
                        "without needing to subsidise service delivery "
                        "either with their reserves (58%)",
                    ),
                ),
                leaf("Don't know", near(12)),
            ),
            "Graph 17 (n=24)",
        ),
        "other_sources": Plan(
            24,
            (
                leaf("Yes", pct(33, "or from other sources (33%)")),
                leaf("No", pct(54, "or from other funding sources (54%)")),
                leaf("Don't know", near(13)),
            ),
            "Graph 17 (n=24)",
        ),
    },
    # Graph 18 prints no base; 26 (the base of Graphs 16 and 20) is one at which "3 in 10"
    # and "almost 35%" of the same item both hold (25 is not).
    "crc_statements": {
        "payment_clarity": Plan(
            26,
            _agree_grid(
                (
                    phrase(
                        "nearly two thirds",
                        "Nearly two thirds ... believe there is clarity on "
                        "how their services will be paid for",
                    ),
                )
            ),
            "Graph 18; base chosen: 26",
        ),
        "volume_clarity": Plan(
            26,
            _agree_grid(
                (
                    phrase(
                        "the majority",
                        "only a slim majority ... believe that the CRC has been clear",
                    ),
                    near(54),
                )
            ),
            "Graph 18; base chosen: 26",
        ),
        "risk_managed": Plan(
            26,
            _agree_grid((phrase("half", "with half agreeing or strongly agreeing that it was"),)),
            "Graph 18; base chosen: 26",
        ),
        "ethos_aligned": Plan(
            26,
            _agree_grid(
                (
                    phrase(
                        "nearly two thirds",
                        "nearly two thirds of respondents believe there is "
                        "an alignment of ethos and values",
                    ),
                )
            ),
            "Graph 18; base chosen: 26",
        ),
        "funding_adequate": Plan(
            26,
            _agree_grid(
                (
                    phrase(
                        "3 in 10",
                        "only 3 in 10 felt they were able to say that they had "
                        "been provided with adequate funding",
                    ),
                ),
                (phrase("almost 35%", "almost 35% felt that it was not adequate"),),
            ),
            "Graph 18; base chosen: 26",
        ),
    },
    # Graph 21 prints no base; 23 is one at which "9 in 10", "3 in 10" and "just under 40%"
    # all hold.
    "crc_good_practice": {
        "good_performance_rewarded": Plan(
            23,
            (
                group("agree", (), leaf("Strongly agree", near(0)), leaf("Agree", near(9))),
                group(
                    "do not agree",
                    (
                        phrase(
                            "9 in 10",
                            "9 in 10 did not believe that good performance in the "
                            "supply chain was appropriately rewarded",
                        ),
                    ),
                    leaf("Neither agree nor disagree", near(22)),
                    leaf("Disagree", near(35)),
                    leaf("Strongly disagree", near(22)),
                    leaf("Don't know", near(12)),
                ),
            ),
            "Graph 21; base chosen: 23",
        ),
        "poor_performance_penalised": Plan(
            23,
            _agree_grid(
                (near(22),),
                (
                    phrase(
                        "the majority",
                        "many organisations are not being asked to take the financial risks",
                    ),
                ),
                lean=10,
            ),
            "Graph 21; base chosen: 23",
        ),
        "recognition_shared": Plan(
            23,
            _agree_grid(
                (
                    phrase(
                        "3 in 10",
                        "only 3 in 10 of the CRC-funded respondents believed that "
                        "recognition of good performance is shared",
                    ),
                )
            ),
            "Graph 21; base chosen: 23",
        ),
        "good_practice_shared": Plan(
            23,
            _agree_grid(
                (
                    phrase(
                        "just under 40%",
                        "just under 40% felt that good practice was pro-actively shared",
                    ),
                )
            ),
            "Graph 21; base chosen: 23",
        ),
    },
    # Graph 25 prints no base; 86, just under the bases of Graphs 26-29.
    "outside_referrals": {
        "crc": Plan(
            86,
            (
                leaf(
                    "Yes",
                    phrase(
                        "around half",
                        "around half of the respondents receive referrals from CRCs and the NPS",
                    ),
                    phrase(
                        "half", "Half ... still receive and accept referrals from CRCs and the NPS"
                    ),
                ),
                leaf("No", near(50)),
            ),
            "Graph 25; base chosen: 86",
        ),
        "nps": Plan(
            86,
            (
                leaf(
                    "Yes",
                    phrase(
                        "around half",
                        "around half of the respondents receive referrals from CRCs and the NPS",
                    ),
                    near(51),
                ),
                leaf("No", near(49)),
            ),
            "Graph 25; base chosen: 86",
        ),
        "prisons": Plan(
            86,
            (
                leaf(
                    "Yes",
                    phrase(
                        "over two-thirds", "over two-thirds receive referrals directly from prisons"
                    ),
                    near(70),
                ),
                leaf("No", near(30)),
            ),
            "Graph 25; base chosen: 86",
        ),
    },
    # "58 organisations (67%)" subsidised with either: base 87 (58/87 = 66.7%).
    "outside_subsidise": {
        "reserves": Plan(
            87,
            (
                leaf(
                    "Yes",
                    phrase(
                        "over half",
                        "Over half of respondents reported that they have had to "
                        "subsidise delivery with their own reserves",
                    ),
                    near(53),
                ),
                leaf("No", near(40)),
                leaf("Don't know", near(7)),
            ),
            "Graph 29; base 87 from '58 organisations (67%)'",
        ),
        "other_sources": Plan(
            87,
            (
                leaf("Yes", phrase("half", "and half with other funding sources"), near(50.5)),
                leaf("No", near(42)),
                leaf("Don't know", near(7.5)),
            ),
            "Graph 29; base 87 from '58 organisations (67%)'",
        ),
    },
}

# Multi-response sets: question -> (base, option -> figures). Each option is solved alone.
MULTI: dict[str, tuple[int, dict[str, tuple[Fig, ...]], str]] = {
    # Base 34 (every CRC-funded respondent): eight answered the payment-by-results follow-up,
    # so at least eight ticked it, and "one-fifth" is nearest the truth at the largest base.
    "crc_funding_type": (
        34,
        {
            "Grant": (pct(15, "15% of CRC-funded organisations are funded by grants"),),
            "Fee for service contract": (
                phrase("three fifths", "three-fifths by 'fee for service' contracts"),
            ),
            "Payment by results contract": (
                phrase(
                    "a fifth",
                    "only one-fifth by a 'payment by results' contract",
                    "eight gave a payment-by-results percentage, so at least "
                    "8 of at most 34 CRC-funded ticked it",
                ),
                at_least(8, "eight were able to identify a performance percentage element"),
            ),
            "Other": (near(9),),
        },
        "Text (2.4, 2.6); base chosen: 34",
    ),
    "outside_funding_sources": (
        87,
        {
            "Charitable trusts and foundations (including the Big Lottery Fund)": (
                phrase(
                    "over two thirds",
                    "over two thirds were funded by charitable trusts and foundations",
                ),
                near(69),
            ),
            "Local authority": (near(40),),
            "Other government funding": (near(20),),
            "Public donations": (
                phrase(
                    "a quarter",
                    "a quarter reported that they receive some funding through public donations",
                ),
            ),
            "Earned income (rents, trading)": (near(18),),
            "Private companies": (near(8),),
            "Other": (near(15),),
        },
        "Graph 27; base chosen: 87",
    ),
    "outside_funding_type": (
        87,
        {
            "Grant": (
                phrase(
                    "nearly three quarters",
                    "Nearly three quarters of the services outside of supply chains "
                    "receive their funding in the form of grants",
                ),
            ),
            "Fee for service contract": (
                phrase("two fifths", "Two fifths are funded through 'fee for service' contracts"),
                near(40.2),
            ),
            "Payment by results contract": (
                phrase(
                    "less than 1 in 6",
                    "Less than 1 in 6 are funded through 'payment by results' contracts",
                ),
                at_least(9, "Nine respondents were able to identify a performance percentage"),
                near(15),
            ),
            "Other": (near(8),),
        },
        "Graph 28; base chosen: 87",
    ),
}

# Figures about overlapping options or sub-groups, checked on the dealt data.
CHECKS: tuple[Check, ...] = (
    Check(
        "income",
        "",
        INCOME[:2],
        phrase(
            "just over a third",
            "Just over one third of respondents have an annual income of less than £250,000",
        ),
    ),
    Check("income", "", INCOME[:3], phrase("half", "one half less than £500,000")),
    Check("income", "", INCOME[2:4], pct(30, "30% fall between £250,000-£1m")),
    Check("income", "", INCOME[4:], phrase("a third", "one third over £1m")),
    Check(
        "income",
        "",
        INCOME[:1],
        pct(
            6,
            "income of £100,000 or less made up only 6% of the "
            "organisations that are funded by CRCs",
        ),
        within=CRC,
    ),
    Check(
        "income",
        "",
        INCOME[4:],
        pct(
            56,
            "of the voluntary organisations funded by CRCs, 56% had an income of over £1 million",
        ),
        within=CRC,
    ),
    Check(
        "outside_funding_type",
        "",
        ("Fee for service contract", "Payment by results contract"),
        pct(
            55, "contracts are also important, with 55% reporting that they are funded in this way"
        ),
    ),
    Check(
        "outside_subsidise",
        "",
        ("Yes",),
        count(
            58,
            "In total, 58 organisations (67%) have had to subsidise "
            "... with either reserves or other sources",
        ),
    ),
    Check("outside_subsidise", "", ("Yes",), pct(67, "58 organisations (67%)")),
    # Section 2.2 restates rows of Table 2; the data follow the table.
    *(
        Check("group_impact", item, (label,), pct(value, f"{text} ({value}% {label.lower()})", _T2))
        for item, text, label, value in (
            ("women", "Women", "Improved", 11),
            ("homeless", "Homeless people", "Improved", 6),
            ("mental_health", "People with mental health needs", "Worsened", 29),
            ("mental_health", "People with mental health needs", "Improved", 9),
            ("financial_need", "People with a particular financial need", "Worsened", 27),
            ("financial_need", "People with a particular financial need", "Improved", 7),
            ("bame", "Black, Asian and Minority ethnic offender", "Worsened", 25),
        )
    ),
    Check(
        "group_impact",
        "AVERAGE",
        ("Don't know",),
        phrase("almost 60%", "on average almost 60% say they do not know"),
    ),
    Check(
        "group_impact",
        "AVERAGE",
        ("No change",),
        pct(14, "a further 14% say that there has been no change"),
    ),
    Check(
        "group_impact",
        "AVERAGE",
        ("Improved",),
        pct(6, "on average only 6% have seen an improvement"),
    ),
    Check(
        "group_impact",
        "AVERAGE",
        ("Worsened",),
        pct(
            14,
            "whilst 14% indicate that TR has worsened services",
            "Table 2's AVERAGE row prints 21%",
        ),
    ),
    Check(
        "crc_subsidise",
        "",
        ("Yes",),
        phrase(
            "around 3 in 10",
            "around 3 in 10 have had to subsidise services with reserves or other funding sources",
            "8 of 24 (33%) subsidised from other sources, so at least 33% from either",
        ),
    ),
    Check(
        "crc_subsidise",
        "reserves",
        ("No",),
        phrase(
            "over half",
            "over half have not [subsidised] in either case",
            "58% (14 of 24, printed for Graph 17) is more than 'over half' covers",
        ),
    ),
    Check(
        "main_funding",
        "",
        (CRC,),
        phrase(
            "one quarter",
            "Only one quarter of the 151 voluntary sector organisations ... funded through a "
            "CRC's supply chain",
            "34 CRC-funded (Table 3) of 151 is 22.5%; of the 135 who answered (Graph 1), 25%",
        ),
        of_all=True,
    ),
)

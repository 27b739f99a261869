"""The plans of the single-choice questions of the 2015 trackTR survey (one per question).

Source: *Change & challenge: the voluntary sector's role in Transforming Rehabilitation*
(Clinks, NCVO and TSRC, May 2016).
"""

from __future__ import annotations

from tracktr.datasets._plan import (
    CRC,
    INCOME,
    NPS,
    OUTSIDE,
    TABLE_3_ALL,
    TABLE_3_ALL_PCT,
    Plan,
    group,
    leaf,
)
from tracktr.datasets._solve import count, near, pct, phrase

__all__ = ["SINGLE"]

_SUM_106 = (
    "the five printed shares sum to 106%; five half-up shares of one base sum to at most 102%"
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

"""The plans of the grids (one per item) and of the multi-response sets of the survey.

Source: *Change & challenge: the voluntary sector's role in Transforming Rehabilitation*
(Clinks, NCVO and TSRC, May 2016).
"""

from __future__ import annotations

from tracktr.datasets._plan import (
    TABLE_1,
    Plan,
    group,
    leaf,
)
from tracktr.datasets._solve import Fig, Part, at_least, count, near, pct, phrase

__all__ = ["GRIDS", "MULTI"]


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

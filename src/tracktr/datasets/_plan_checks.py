"""Printed figures about overlapping options or sub-groups, checked on the dealt data.

Source: *Change & challenge: the voluntary sector's role in Transforming Rehabilitation*
(Clinks, NCVO and TSRC, May 2016).
"""

from __future__ import annotations

from tracktr.datasets._plan import (
    CRC,
    INCOME,
    Check,
)
from tracktr.datasets._solve import count, pct, phrase

__all__ = ["CHECKS"]

_T2 = "Table 2 prints this row differently; the data follow Table 2"

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

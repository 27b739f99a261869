"""Recodings between the response file and the published table.

Every function here is pure: it returns a new object and leaves its input unchanged. It
keeps the index (respondent ids), keeps an ordered scale ordered (a recoded ordinal is an
ordered categorical again), and passes the missing markers of :mod:`tracktr.missing`
through untouched. A value the recoding does not know raises a
:class:`~tracktr.TracktrError` that names the value and the rows holding it.

=============================  ===========================================================
function                       what it does
=============================  ===========================================================
:func:`collapse`               merge options into groups ("Improved", "No change", ...)
:func:`nets`                   add overlapping net categories beside the options
:func:`reverse`                reverse an ordinal scale, "Don't know" staying where it is
:func:`band`                   numbers to published bands, with an explicit boundary rule
:func:`to_indicators`          tick-all-that-apply answers as one 0/1 column per option
:func:`to_delimited`           ... as one text column ("A;B")
:func:`to_long`                ... as one row per respondent and option
:func:`from_slots`             category-coded slot columns (a1_1...a1_6) as 0/1 columns
:func:`from_yes_no`            yes/no coded columns ("Oui"/"Non") as 0/1 columns
:func:`other_specify`          code free-text "other (please specify)" answers by rules
:func:`missing`                sentinel values (-99, "N/A") to missing markers
:func:`supply_chain_status`    CRC-funded / NPS-funded / outside supply chains (trackTR)
:func:`derive`                 a new variable from other answers, by structured rules
=============================  ===========================================================

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> impact = pd.Series(["Improved a lot", "No change", "Worsened a little", "Don't know"])
>>> tt.recode.collapse(
...     impact,
...     {
...         "Improved": ["Improved a lot", "Improved a little"],
...         "No change": "No change",
...         "Worsened": ["Worsened a little", "Worsened a lot"],
...         "Don't know": "Don't know",
...     },
...     options=["Improved a lot", "Improved a little", "No change", "Worsened a little",
...              "Worsened a lot", "Don't know"],
... ).tolist()
['Improved', 'No change', 'Worsened', "Don't know"]
"""

from __future__ import annotations

from tracktr.recode._bands import band, band_labels
from tracktr.recode._common import Recoded
from tracktr.recode._derive import (
    CRC_FUNDED,
    NPS_FUNDED,
    OUTSIDE_SUPPLY_CHAINS,
    derive,
    supply_chain_status,
)
from tracktr.recode._multi import to_delimited, to_indicators, to_long
from tracktr.recode._other import MissingResult, OtherSpecifyResult, missing, other_specify
from tracktr.recode._scales import collapse, nets, reverse
from tracktr.recode._slots import from_slots, from_yes_no

__all__ = [
    "CRC_FUNDED",
    "NPS_FUNDED",
    "OUTSIDE_SUPPLY_CHAINS",
    "MissingResult",
    "OtherSpecifyResult",
    "Recoded",
    "band",
    "band_labels",
    "collapse",
    "derive",
    "from_slots",
    "from_yes_no",
    "missing",
    "nets",
    "other_specify",
    "reverse",
    "supply_chain_status",
    "to_delimited",
    "to_indicators",
    "to_long",
]


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

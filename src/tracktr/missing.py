"""How a response frame marks the cells that hold no answer, and why.

A cell is a substantive option, a "don't know" (an option outside the scale), or one of
the missing kinds of ``tracktr.typing.MissingKind``. Missing kinds are stored as
explicit markers, never as one anonymous ``NaN``, so that a table can say how many
respondents were routed out and how many skipped:

========================  ===============  ============================================
marker                    kind             in the default base?
========================  ===============  ============================================
``"<skipped>"``           ``skipped``      no; asked and left blank
``"<not asked>"``         ``not_asked``    no; routed out, never part of the question
``"<refused>"``           ``refused``      no; declined (where a codebook declares it)
``NaN`` / ``None``        ``skipped``      no; a blank cell is read as skipped
========================  ===============  ============================================

A blank cell can only be told apart from a routed-out one by the routing, which lives in
the codebook: :meth:`tracktr.Survey.prepare` writes ``"<not asked>"`` into the blanks of
respondents its routing did not ask and ``"<skipped>"`` into the others. Without a
codebook, tabulation reads every blank as skipped. Either way the table counts the cell
under its kind in ``Table.excluded``; nothing leaves a base unrecorded.

Examples
--------
>>> import tracktr as tt
>>> tt.missing.NOT_ASKED
'<not asked>'
>>> tt.missing.kind_of(tt.missing.SKIPPED)
'skipped'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pandas as pd

from tracktr.typing import MissingKind

__all__ = [
    "DONT_KNOW",
    "MARKERS",
    "NOT_ASKED",
    "REFUSED",
    "SKIPPED",
    "is_dont_know",
    "is_missing",
    "kind_of",
    "marker_for",
]

SKIPPED: Final = "<skipped>"
NOT_ASKED: Final = "<not asked>"
REFUSED: Final = "<refused>"

MARKERS: Final[dict[str, MissingKind]] = {
    SKIPPED: "skipped",
    NOT_ASKED: "not_asked",
    REFUSED: "refused",
}
"""Each marker and the missing kind it stands for, in display order."""

DONT_KNOW: Final[tuple[str, ...]] = ("Don't know",)
"""The "don't know" options assumed when no codebook says which they are."""

# Apostrophes a platform or word processor may write for "'": right and left single
# quotation marks, the modifier letter apostrophe, the prime, the grave and acute accents.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u2032`\u00b4", "'"))


def _fold(label: object) -> str:
    return " ".join(str(label).translate(_APOSTROPHES).split()).casefold()


def is_dont_know(label: object, dont_know: Iterable[str] = DONT_KNOW) -> bool:
    """Return whether an option label is one of the "don't know" options.

    The one test of "don't know" that tabulation, recoding, comparison and plotting
    share. Labels match whatever apostrophe they were typed with ("Don’t know" is
    "Don't know"), in any case and spacing; a missing marker or a blank is never one.

    Parameters
    ----------
    label : object
        An option label (or a cell).
    dont_know : iterable of str, default ("Don't know",)
        The "don't know" options, e.g. ``question.dont_know`` of a codebook question.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.missing.is_dont_know("Don\u2019t know"), tt.missing.is_dont_know("No")
    (True, False)
    >>> tt.missing.is_dont_know("not sure", ["Not sure"])
    True
    """
    if not isinstance(label, str) or label in MARKERS:
        return False
    folded = _fold(label)
    return any(folded == _fold(option) for option in dont_know)


def marker_for(kind: MissingKind) -> str:
    """Return the cell marker of a missing kind.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.missing.marker_for("refused")
    '<refused>'
    """
    for marker, marker_kind in MARKERS.items():
        if marker_kind == kind:
            return marker
    msg = f"unknown missing kind {kind!r}; expected one of {sorted(MARKERS.values())}."
    raise ValueError(msg)


def kind_of(value: object) -> MissingKind | None:
    """Return the missing kind of one cell, or ``None`` if the cell holds an answer.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.missing.kind_of(None), tt.missing.kind_of("Yes")
    ('skipped', None)
    """
    if isinstance(value, str):
        return MARKERS.get(value)
    if value is None or value is pd.NA:
        return "skipped"
    try:
        return "skipped" if bool(pd.isna(value)) else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def is_missing(series: pd.Series) -> pd.Series:
    """Return a boolean Series: ``True`` where a cell is blank or holds a missing marker.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> tt.missing.is_missing(pd.Series(["Yes", None, "<not asked>"])).tolist()
    [False, True, True]
    """
    return series.isna() | series.isin(list(MARKERS))


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

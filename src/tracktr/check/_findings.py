"""What the checks of a report found: :class:`Finding` and :class:`Findings`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import pandas as pd

from tracktr.typing import Verdict

# -- findings -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """What :func:`reference` concludes about one printed figure.

    Attributes
    ----------
    figure : str
        The figure id (see :func:`tracktr.reference.figure`), a table name, or a check id
        such as ``"graph_11_shares"``.
    verdict : Verdict
        ``"consistent"``, ``"doubtful"`` (a loose phrase, or only an unusual rounding rule
        fits), ``"inconsistent"`` (disagrees with the table or figure it restates),
        ``"impossible"`` (no count prints as printed) or ``"unchecked"``.
    explanation : str
        One line a person can act on.
    claim : str
        The printed text.
    source : str
        Where it is printed.
    check : str
        Which check produced it: ``"percent"``, ``"bases"``, ``"distribution"``,
        ``"table"``, ``"ratio"``, ``"share"``, ``"restates"``, ``"sum"``...

    Examples
    --------
    >>> import tracktr as tt
    >>> f = next(f for f in tt.check.reference() if f.figure == "s24_no_transparency")
    >>> f.verdict
    'impossible'
    """

    figure: str
    verdict: Verdict
    explanation: str
    claim: str = ""
    source: str = ""
    check: str = ""

    def to_frame(self) -> pd.DataFrame:
        """Return a one-row DataFrame of the fields.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.Finding("x", "consistent", "fine").to_frame()["verdict"].tolist()
        ['consistent']
        """
        return pd.DataFrame(
            [(self.figure, self.verdict, self.explanation, self.claim, self.source, self.check)],
            columns=list(_FINDING_COLUMNS),
        )

    def __repr__(self) -> str:
        return f"Finding({self.figure!r}, {self.verdict!r}: {self.explanation})"


_FINDING_COLUMNS = ("figure", "verdict", "explanation", "claim", "source", "check")


@dataclass(frozen=True, slots=True)
class Findings(Sequence[Finding]):
    """The findings of :func:`reference`: a read-only sequence of :class:`Finding`.

    Attributes
    ----------
    findings : tuple of Finding

    Examples
    --------
    >>> import tracktr as tt
    >>> found = tt.check.reference()
    >>> found.to_frame().columns.tolist()
    ['figure', 'verdict', 'explanation', 'claim', 'source', 'check']
    """

    findings: tuple[Finding, ...]

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | Sequence[Finding]:
        return self.findings[index]

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def counts(self) -> dict[str, int]:
        """Return the number of findings per verdict.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.check.reference().counts()["impossible"] > 0
        True
        """
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.verdict] = out.get(f.verdict, 0) + 1
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return one row per finding.

        Examples
        --------
        >>> import tracktr as tt
        >>> frame = tt.check.reference().to_frame()
        >>> set(frame["verdict"]) <= {"doubtful", "inconsistent", "impossible"}
        True
        """
        return pd.DataFrame(
            [(f.figure, f.verdict, f.explanation, f.claim, f.source, f.check) for f in self],
            columns=list(_FINDING_COLUMNS),
        )

    def __repr__(self) -> str:
        summary = ", ".join(f"{n} {verdict}" for verdict, n in self.counts().items())
        return f"Findings({len(self)}: {summary})"

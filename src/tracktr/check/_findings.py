"""What the checks of a report found: ``Finding`` and ``Findings``."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import pandas as pd

from tracktr._atomic import atomic_write_text
from tracktr._text import html_text, markdown_text, printable
from tracktr.exceptions import InvalidOptionError
from tracktr.reference._csv import neutralised
from tracktr.typing import FindingsFormat, Verdict, check_choice

# -- findings -------------------------------------------------------------------------------


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
class Finding:
    """What :func:`~tracktr.check.reference` concludes about one printed figure.

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
        # Shown in a terminal: the explanation quotes report text, escape sequences removed.
        return f"Finding({self.figure!r}, {self.verdict!r}: {printable(self.explanation)})"


_FINDING_COLUMNS = ("figure", "verdict", "explanation", "claim", "source", "check")
# Most severe first: a figure no count can give, then one that contradicts another, then
# one only a loose reading or an unusual rule explains.
_SEVERITY: tuple[Verdict, ...] = (
    "impossible",
    "inconsistent",
    "doubtful",
    "unchecked",
    "consistent",
)
_SUFFIXES: dict[str, FindingsFormat] = {
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
class Findings(Sequence[Finding]):
    """The findings of a report's check: a read-only sequence of ``Finding``.

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

    def by_severity(self) -> Findings:
        """Return the findings most severe first (impossible, inconsistent, doubtful...).

        Within a verdict, the findings keep the order of the report.

        Examples
        --------
        >>> import tracktr as tt
        >>> [f.verdict for f in tt.check.reference().by_severity()][:2]
        ['impossible', 'impossible']
        """
        return Findings(tuple(sorted(self.findings, key=lambda f: _SEVERITY.index(f.verdict))))

    def render(self, format: FindingsFormat = "text", *, title: str = "Findings") -> str:
        """Return the findings as text, CSV, Markdown or an HTML page, most severe first.

        Parameters
        ----------
        format : {"text", "csv", "markdown", "html"}, default "text"
            ``"text"``: one paragraph per finding; ``"csv"``: the columns of
            :meth:`to_frame`, a text a spreadsheet would run as a formula behind an
            apostrophe (as the figures file writes it, so "'=1" is written "''=1"
            and each text reads back as it was); ``"markdown"``: a table; ``"html"``:
            a page of its own.
        title : str, default "Findings"
            The heading of the Markdown and HTML output.

        Returns
        -------
        str

        Examples
        --------
        >>> import tracktr as tt
        >>> found = tt.check.reference()
        >>> print(found.render("csv").splitlines()[0])
        figure,verdict,explanation,claim,source,check
        >>> found.render("markdown").splitlines()[4]
        '| verdict | figure | source | explanation | printed |'
        """
        check_choice(format, FindingsFormat, name="format")
        ordered = self.by_severity()
        frame = ordered.to_frame()
        if format == "csv":
            buffer = io.StringIO()
            # Opened in a spreadsheet: text that would run as a formula is neutralised, as
            # the figures file is, so that a claim typed "'=1" does not read as "=1"
            # neutralised (csv_text wrote both "'=1"): restored() gives back each text.
            text = frame.select_dtypes(include=["object", "string"]).columns
            frame[text] = frame[text].map(lambda v: v if pd.isna(v) else neutralised(printable(v)))
            frame.to_csv(buffer, index=False, lineterminator="\n")
            return buffer.getvalue()
        if format == "markdown":
            return _markdown(ordered, title)
        if format == "html":
            return _html(ordered, title)
        return printable(_text(ordered, title))  # for a terminal: no escape sequences

    def write(
        self, path: str | Path, *, format: FindingsFormat | None = None, title: str = "Findings"
    ) -> Path:
        """Write :meth:`render` to a file; the format defaults to the file's suffix.

        Parameters
        ----------
        path : str or path
            ``.csv``, ``.md``, ``.html`` or ``.txt``, unless `format` says.
        format : {"text", "csv", "markdown", "html"}, optional
        title : str, default "Findings"

        Returns
        -------
        pathlib.Path
            The file written.

        Raises
        ------
        tracktr.InvalidOptionError
            If `format` is not given and the suffix is not one of those.
        tracktr.WriteError
            If `path` is a directory, read-only or in a folder that does not exist; the file
            is then left as it was.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> import tracktr as tt
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> tt.check.reference().write(folder / "findings.html").name
        'findings.html'
        """
        path = Path(path)
        if format is None:
            if path.suffix.lower() not in _SUFFIXES:
                listed = ", ".join(_SUFFIXES)
                msg = (
                    f"{path}: cannot tell the format from the suffix {path.suffix!r}.\n\n"
                    f"Hint: name the file with one of {listed}, or pass format=."
                )
                raise InvalidOptionError(msg)
            format = _SUFFIXES[path.suffix.lower()]
        # As every writer of tracktr: a read-only file is refused, and a failed write leaves
        # the file as it was rather than cut off.
        atomic_write_text(path, self.render(format, title=title))
        return path

    def _repr_html_(self) -> str:
        return _table_html(self.by_severity())

    def __repr__(self) -> str:
        summary = ", ".join(f"{n} {verdict}" for verdict, n in self.counts().items())
        return f"Findings({len(self)}: {summary})"


def _summary(found: Findings) -> str:
    counts = found.counts()
    if not counts:
        return "No findings."
    parts = [f"{counts[v]} {v}" for v in _SEVERITY if v in counts]
    noun = "finding" if len(found) == 1 else "findings"
    return f"{len(found)} {noun}: {', '.join(parts)}."


def _text(found: Findings, title: str) -> str:
    blocks = [f"{title}: {_summary(found)}"]
    for f in found:
        lines = [
            f"{f.verdict.upper()}: {f.figure} ({f.source or 'no source'})",
            f"  {f.explanation}",
        ]
        if f.claim:
            lines.append(f"  Printed: {f.claim}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _md_cell(text: str) -> str:
    return markdown_text(" ".join(text.split()))


def _markdown(found: Findings, title: str) -> str:
    lines = [f"# {markdown_text(title, cell=False)}", "", _summary(found), ""]
    if len(found):
        lines += [
            "| verdict | figure | source | explanation | printed |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {f.verdict} | {_md_cell(f.figure)} | {_md_cell(f.source)} | "
            f"{_md_cell(f.explanation)} | {_md_cell(f.claim)} |"
            for f in found
        ]
    return "\n".join(lines) + "\n"


def _table_html(found: Findings) -> str:
    esc = html_text
    rows = "\n".join(
        f'<tr class="{f.verdict}"><td>{esc(f.verdict)}</td><td>{esc(f.figure)}</td>'
        f"<td>{esc(f.source)}</td><td>{esc(f.explanation)}</td>"
        f"<td><q>{esc(f.claim)}</q></td></tr>"
        for f in found
    )
    names = ("verdict", "figure", "source", "explanation", "printed")
    head = "<tr>" + "".join(f"<th>{name}</th>" for name in names) + "</tr>"
    return f'<table class="findings">\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>'


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 80rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid #ccc; padding: .4rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th:nth-child(1) { width: 7rem; } th:nth-child(2) { width: 13rem; }
th:nth-child(3) { width: 9rem; } th:nth-child(4) { width: 40%; }
td:nth-child(2) { font-family: monospace; font-size: .85em; }
tr.impossible td:first-child { color: #b00020; font-weight: bold; }
tr.inconsistent td:first-child { color: #c05000; font-weight: bold; }
tr.doubtful td:first-child { color: #806000; }
q { color: #444; }
"""


def _html(found: Findings, title: str) -> str:
    # Imported here: importing tracktr.io loads every reader and writer, which checking
    # figures (and `tracktr reproduce`) does not need.
    from tracktr.io._files import html_page

    summary = html_text(_summary(found))
    body = (
        f"\n<p>{summary} Most severe first; each with the text it comes from.</p>\n"
        f"{_table_html(found)}"
    )
    return html_page(title, body, style=_STYLE, viewport=True)

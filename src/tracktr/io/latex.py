"""LaTeX export: a ``table`` float with a booktabs ``tabular``, caption, base and notes."""

from __future__ import annotations

import re

from tracktr._text import CONTROL, label_text
from tracktr.exceptions import InvalidOptionError
from tracktr.io._layout import BASE, Publishable, layout, report_cell

__all__ = ["escape", "table_to_latex"]

_BREAKS = re.compile(r"\s*[\r\n\f\v\u2028\u2029]+\s*")
_CONTROL = CONTROL  # what every writer removes (tracktr._text)
# Characters TeX joins into another: "--" and "---" into dashes, two quotes into a curly
# one, ",," into a low quote, "!`" and "?`" into inverted marks. "{}" keeps them apart.
_LIGATURE = re.compile(r"-(?=-)|`(?=`)|'(?=')|,(?=,)|[!?](?=`)")
_LABEL_BAD = re.compile(r"[^A-Za-z0-9:._/+\-]")
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",  # a bare | prints as an em dash in the default OT1 encoding
}


def escape(text: str) -> str:
    r"""Escape the characters LaTeX treats specially, so that any label prints as written.

    Line breaks (a blank line would end the paragraph inside a table) become spaces,
    control characters are removed, and characters TeX would join into a dash or a curly
    quote ("--", "``") are kept apart.

    Examples
    --------
    >>> from tracktr.io.latex import escape
    >>> print(escape("50% of £100_000 & more"))
    50\% of £100\_000 \& more
    >>> print(escape("[2015] figures\n\nrevised"))
    [2015] figures revised
    >>> print(escape("2015--16 -- ``as written''"))
    2015-{}-16 -{}- `{}`as written'{}'
    """
    flat = _CONTROL.sub("", _BREAKS.sub(" ", text))
    escaped = "".join(_SPECIAL.get(ch, ch) for ch in flat)
    return _LIGATURE.sub(r"\g<0>{}", escaped)


def _line_start(text: str) -> str:
    r"""Escape text that starts a line after ``\\`` or ``\midrule``.

    Both look ahead for an optional ``[...]`` argument, and ``\\`` for a star (the
    line break that forbids a page break), so a label starting with ``[`` would be
    swallowed as one and one starting with ``*`` would lose its star; ``{}`` ends the
    look-ahead.
    """
    escaped = escape(text)
    return "{}" + escaped if escaped.lstrip().startswith(("[", "*")) else escaped


def _label(label: str) -> str:
    r"""Return a ``\label`` key, or raise if LaTeX could not use it as one."""
    bad = sorted(set(_LABEL_BAD.findall(label)))
    if not label.strip() or bad:
        msg = (
            f"`label` {label!r} cannot be a LaTeX label"
            + (f": it holds {bad}" if bad else ": it is empty")
            + ".\n\nHint: use letters, digits and : . - _ /, e.g. label='tab:funding'."
        )
        raise InvalidOptionError(msg)
    return label


def table_to_latex(table: Publishable, *, label: str | None = None) -> str:
    r"""Return a table (or suppressed table) as a LaTeX ``table`` float.

    Cells read as the report prints them, "59 (89)": the percentage, then the count.
    Needs ``\usepackage{booktabs}`` in the preamble.

    Parameters
    ----------
    table : Table or tracktr.disclosure.Suppression
        What to write.
    label : str, optional
        A ``\label`` for cross-references: letters, digits and ``: . - _ / +``.

    Raises
    ------
    tracktr.InvalidOptionError
        If `label` holds characters a LaTeX label cannot (spaces, braces, ``\``, ``%``,
        ``#``).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> t = tt.Table(counts=pd.DataFrame({"All": [1, 7]}, index=["Yes", "No"]),
    ...              bases=pd.Series({"All": 8}), title="Any change?", small_base=0)
    >>> print(tt.io.latex.table_to_latex(t))
    \begin{table}
    \centering
    \caption{Any change?}
    \begin{tabular}{lr}
    \toprule
     & All \\
    \midrule
    Yes & 13 (1) \\
    No & 88 (7) \\
    \midrule
    Base & n=8 \\
    \bottomrule
    \end{tabular}
    <BLANKLINE>
    \smallskip
    {\footnotesize
    Base: respondents who answered (n=8).\\
    Percentages are rounded half-up to whole numbers.\\
    Percentages of All sum to 101, not 100, because of rounding.\par}
    \end{table}
    """
    lay = layout(table)
    by_rows = lay.percent_axis == "rows"
    headers = [escape(label_text(c)) for c in lay.columns] + ([BASE] if by_rows else [])
    lines = [
        r"\begin{table}",
        r"\centering",
        rf"\caption{{{escape(lay.title)}}}",
    ]
    if label is not None:
        lines.append(rf"\label{{{_label(label)}}}")
    lines += [
        r"\begin{tabular}{l" + "r" * len(headers) + "}",
        r"\toprule",
        " & " + " & ".join(headers) + r" \\",
        r"\midrule",
    ]
    for r, (row_label, cells) in enumerate(lay.rows):
        values = [escape(report_cell(c, lay.decimals)) for c in cells]
        if by_rows:
            values.append(escape(lay.base_text(lay.bases[r])))
        lines.append(_line_start(label_text(row_label)) + " & " + " & ".join(values) + r" \\")
    if not by_rows:
        lines.append(r"\midrule")
        lines.append(
            BASE + " & " + " & ".join(escape(lay.base_text(b)) for b in lay.bases) + r" \\"
        )
    lines += [r"\bottomrule", r"\end{tabular}", "", r"\smallskip", r"{\footnotesize"]
    notes = [_line_start(n) for n in lay.notes]
    lines += [n + r"\\" for n in notes[:-1]]
    if notes:
        lines.append(notes[-1] + r"\par}")
    else:
        lines.append(r"\par}")
    lines.append(r"\end{table}")
    return "\n".join(lines)

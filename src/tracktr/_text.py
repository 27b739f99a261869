r"""Text as every writer prints it: control characters removed, markup escaped.

One rule for every format, so that a label reads the same in Markdown, HTML, Excel and
LaTeX, and a hostile one (``<script>``, a terminal escape ``\x1b[31m``, a right-to-left
override ``\u202e`` that reorders what a reader sees) does nothing in any of them.

Removed: C0 control characters but tab, line feed and carriage return (worksheets cannot
hold them), DEL and the C1 controls, and the bidirectional embeddings, overrides and
isolates (U+202A to U+202E, U+2066 to U+2069). The marks U+200E and U+200F stay: right-to-
left text needs them and they reorder nothing around them.
"""

from __future__ import annotations

import html
import re
from typing import Final

__all__ = ["CONTROL", "csv_text", "html_text", "label_text", "markdown_text", "printable"]

CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""The characters writers remove from labels and notes."""

_BREAKS: Final = re.compile(r"\s*[\r\n\f\v\u2028\u2029]+\s*")
# What starts raw HTML in Markdown (CommonMark 6.6): "<" before a letter, "/", "!" or "?".
# "<1%" stays as it is; "<script>" and a missing marker "<not asked>" (read as a tag
# and hidden by renderers) are escaped.
_TAG: Final = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY: Final = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What opens an inline link or image (CommonMark 6.3, 6.4): "[text](target)". A label
# such as "[c]" (a suppressed cell) stays as it is; "[click](https://...)" is escaped.
_LINK: Final = re.compile(r"\[(?=[^\]]*\]\()")
# Any character that one of the rules above could change.
_SPECIAL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069<&|\[]")


def printable(text: object) -> str:
    r"""Return `text` without the control characters of :data:`CONTROL`.

    Examples
    --------
    >>> from tracktr._text import printable
    >>> printable("\x1b[31mred\u202e")
    '[31mred'
    """
    return CONTROL.sub("", str(text))


def label_text(label: object) -> str:
    """Return a row or column label as text: a (banner, group) tuple as "banner: group".

    A stacked banner's columns are tuples; the empty levels pandas pads a tuple with are
    left out. The result is then escaped for its format like any other text.

    Examples
    --------
    >>> from tracktr._text import label_text
    >>> label_text(("region", "North")), label_text(("Base", "")), label_text("All")
    ('region: North', 'Base', 'All')
    """
    if isinstance(label, tuple):
        return ": ".join(str(part) for part in label if str(part) != "")
    return str(label)


def html_text(text: object) -> str:
    """Return `text` for HTML: control characters removed, ``<>&"'`` escaped.

    Examples
    --------
    >>> from tracktr._text import html_text
    >>> html_text("<script>alert(1)</script>\u202e")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape(printable(text))


def markdown_text(text: object, *, cell: bool = True) -> str:
    r"""Return `text` for one line of Markdown (a table cell where `cell`).

    Line breaks become spaces, control characters go, what would start raw HTML, an
    entity or a link is escaped (``&lt;``, ``&amp;``, ``\[``), and in a cell ``|`` is
    escaped.

    Examples
    --------
    >>> from tracktr._text import markdown_text
    >>> markdown_text("<script>x</script> a|b <1% &amp;\nnext")
    '&lt;script>x&lt;/script> a\\|b <1% &amp;amp; next'
    >>> markdown_text("[click](https://example.org) [c]")
    '\\[click](https://example.org) [c]'
    """
    raw = str(text)
    if _SPECIAL.search(raw) is None:  # the common label: nothing to change
        return raw
    flat = printable(_BREAKS.sub(" ", raw))
    flat = _LINK.sub("\\[", _TAG.sub("&lt;", _ENTITY.sub("&amp;", flat)))
    return flat.replace("|", "\\|") if cell else flat


_FORMULA_START: Final = ("=", "+", "-", "@")


def csv_text(text: object) -> str:
    """Return `text` for a CSV cell a spreadsheet will open: no control characters, no formula.

    A spreadsheet runs a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
    formula (``=cmd|' /C calc'!A0``); such a cell gets a leading apostrophe, as a
    spreadsheet writes text, unless it is a plain number (``-10``, ``+1.5``).

    Examples
    --------
    >>> from tracktr._text import csv_text
    >>> csv_text("=cmd|' /C calc'!A0"), csv_text("-10"), csv_text("-10% or more")
    ("'=cmd|' /C calc'!A0", '-10', "'-10% or more")
    """
    from tracktr._numbers import parse_number

    cleaned = printable(text)
    if cleaned.startswith(_FORMULA_START) and isinstance(parse_number(cleaned), str):
        return "'" + cleaned
    return cleaned

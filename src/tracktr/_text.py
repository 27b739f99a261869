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

import re
import unicodedata
from decimal import Decimal
from typing import Final

__all__ = [
    "CONTROL",
    "csv_text",
    "folded_label",
    "html_text",
    "label_text",
    "level_text",
    "markdown_text",
    "one_line",
    "printable",
    "printed_label",
    "unicode_text",
]

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
# What opens emphasis, code or strikethrough (CommonMark 6.1, 6.2; GFM strikethrough):
# every "*", "`" and "~" is escaped, since "2*3*4" is already emphasis inside a word.
# "_" opens nothing between two letters or digits (CommonMark's flanking rule), so
# "snake_case_name" stays as it is and "_draft_" or "__init__" is escaped.
_EMPHASIS: Final = re.compile(r"[*`~]|(?<![^\W_])_|_(?![^\W_])")
# A backslash before punctuation would escape what follows it ("\\*" is a literal "*"
# that our own escape must not pair with): such a backslash is escaped itself, and so is
# one at the end, which would escape what a writer puts after the text ("**" of a title).
_BACKSLASH: Final = re.compile(r"\\(?=[!-/:-@\[-`{-~]|\s*$)")
# What opens a block at the start of a title or a note (a heading, a quote, a nested
# list, "1." an ordered one) and a closing run of "#" that a heading would hide.
_BLOCK_START: Final = re.compile(r"^(?:[#>+-]|[0-9]{0,9}[.)])")
_HEADING_CLOSE: Final = re.compile(r"(?<=\s)#+$")
# Any character that one of the inline rules above could change.
_SPECIAL: Final = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069<&|\[*_`~\\]"
)


def printable(text: object) -> str:
    r"""Return `text` without the control characters of :data:`CONTROL`.

    Examples
    --------
    >>> from tracktr._text import printable
    >>> printable("\x1b[31mred\u202e")
    '[31mred'
    """
    return CONTROL.sub("", str(text))


def one_line(text: object) -> str:
    r"""Return `text` as :func:`printable` does, with line breaks as spaces: for a sentence.

    Examples
    --------
    >>> from tracktr._text import one_line
    >>> one_line("tier\n2\u202e")
    'tier 2'
    """
    return printable(_BREAKS.sub(" ", str(text)))


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


def printed_label(label: object) -> str:
    """Return a label as a table prints it: spaces at the ends dropped, runs of them as one.

    ``"Yes "`` prints as ``"Yes"`` and ``1`` as ``"1"``: two labels with the same printed
    text look the same to a reader, whatever their types. So do the two ways Unicode
    writes an accented letter (``"é"``, or ``"e"`` and a combining accent: two exports
    joined), which are brought to one (NFC).

    Examples
    --------
    >>> from tracktr._text import printed_label
    >>> printed_label("  Very   good "), printed_label(1)
    ('Very good', '1')
    """
    text = " ".join(str(label).split())
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def folded_label(label: object) -> str:
    """Return :func:`printed_label` case-folded: how a reader matches a label to another.

    An option ``" base"`` reads as the table's own ``"Base"`` line; the checks that keep
    options apart from a table's own rows compare labels so.

    Examples
    --------
    >>> from tracktr._text import folded_label
    >>> folded_label(" BASE ") == folded_label("Base")
    True
    """
    return printed_label(label).casefold()


def html_text(text: object) -> str:
    """Return `text` for HTML: control characters removed, ``<>&"'`` escaped.

    Examples
    --------
    >>> from tracktr._text import html_text
    >>> html_text("<script>alert(1)</script>\u202e")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    # Imported here: the html package reads its table of 2,000 entities when imported
    # (about 1.5 ms), and `import tracktr` imports this module.
    import html

    return html.escape(printable(text))


def markdown_text(text: object, *, cell: bool = True) -> str:
    r"""Return `text` for one line of Markdown (a table cell where `cell`).

    Line breaks become spaces, control characters go, what would start raw HTML, an
    entity or a link is escaped (``&lt;``, ``&amp;``, ``\[``), so is what would open
    emphasis, code or strikethrough (``\*``, ``\_``, ``\~``, a backtick) and a backslash
    before punctuation (``\\``), and in a cell ``|`` is escaped. A renderer shows the
    label as it was written: ``2*3`` is printed ``2\*3`` and rendered ``2*3``;
    ``snake_case_name``, whose underscores open nothing, is left as it is. Outside a cell
    (a title after ``#``, a note after ``-``) the text is stripped and a leading ``#``,
    ``>``, ``+``, ``-`` or ``1.`` and a closing run of ``#`` are escaped too.

    Examples
    --------
    >>> from tracktr._text import markdown_text
    >>> markdown_text("<script>x</script> a|b <1% &amp;\nnext")
    '&lt;script>x&lt;/script> a\\|b <1% &amp;amp; next'
    >>> markdown_text("[click](https://example.org) [c]")
    '\\[click](https://example.org) [c]'
    >>> print(markdown_text("*bold* `code` ~~gone~~ _draft_ snake_case_name 2*3"))
    \*bold\* \`code\` \~\~gone\~\~ \_draft\_ snake_case_name 2\*3
    """
    # Spaces at either end show nothing in a cell, and would stop a "**title**" around it
    # from being bold: they go.
    raw = str(text).strip()
    if _SPECIAL.search(raw) is None:  # the common label: no inline markup to escape
        return raw if cell else _block_text(raw)
    flat = printable(_BREAKS.sub(" ", raw)).strip()
    # The backslashes first: the escapes added below must not be escaped again.
    flat = _EMPHASIS.sub(r"\\\g<0>", _BACKSLASH.sub(r"\\\\", flat))
    flat = _LINK.sub("\\[", _TAG.sub("&lt;", _ENTITY.sub("&amp;", flat)))
    return flat.replace("|", "\\|") if cell else _block_text(flat)


def _block_text(text: str) -> str:
    """Return one line of a title or a note that opens no block and hides no "#".

    Writers put it after "# " or "- "; leading spaces (four of them open a code block)
    show nothing and go, and the character that would open a block is escaped.
    """
    text = _BLOCK_START.sub(lambda m: m[0][:-1] + "\\" + m[0][-1], text.strip())
    return _HEADING_CLOSE.sub(lambda m: "\\" + m[0], text)


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


def level_text(level: float) -> str:
    """Return a confidence level as the percentage given: ``"95%"``, ``"99.9%"``.

    Never rounded: a 99.9% interval printed as "100%" names an interval that would hold
    every value. The level is read from its shortest decimal form, so 0.57 is 57%.
    """
    percent = Decimal(repr(float(level))) * 100
    return f"{format(percent.normalize(), 'f')}%"


def a_kind(kind: object) -> str:
    """Return a question type with its article, for messages: "an ordinal", "a single"."""
    text = str(kind)
    return ("an " if text[:1].lower() in set("aeiou") else "a ") + text


def unicode_text(text: str) -> bool:
    r"""Whether `text` is valid Unicode: no lone surrogate (``"\udc80"``).

    A file read with ``errors="surrogateescape"`` leaves them; Python's ``str`` holds
    them, but no UTF-8 text can (pyarrow's, so pandas' text Index, a CSV or Excel file).
    ASCII text, the common case, is settled without encoding it.
    """
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

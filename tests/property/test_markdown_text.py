"""Hypothesis properties of the one Markdown text rule (:func:`tracktr._text.markdown_text`).

A label written through the rule and rendered by a CommonMark renderer (markdown-it-py,
with the GitHub table and strikethrough extensions the writers' output is read with) must
show exactly the label: no emphasis, code, strikethrough, link, image, raw HTML, entity,
heading or nested list made out of it, and no cell split.
"""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracktr._text import CONTROL, markdown_text

markdown_it = pytest.importorskip("markdown_it")
_RENDER = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Labels built from the characters Markdown gives a meaning to, letters and spaces.
_MARKUP = "*_`~\\[]()!<>&|#-+=.1a é\t"
labels = st.text(alphabet=st.sampled_from(list(_MARKUP)), max_size=14) | st.text(max_size=14)


def _shown(label: str) -> str:
    """What a reader should see: the label without control characters, spaces collapsed."""
    flat = CONTROL.sub("", re.sub(r"[\r\n\f\v\u2028\u2029]", " ", label))
    return html.escape(re.sub(r"\s+", " ", flat).strip(), quote=False)


def _inner(rendered: str, tag: str) -> str:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", rendered, re.DOTALL)
    assert match is not None, rendered
    return re.sub(r"\s+", " ", match.group(1).replace("&quot;", '"')).strip()


@given(labels)
def test_a_label_in_a_table_cell_renders_as_written(label: str) -> None:
    rendered = _RENDER.render(f"| h | x |\n|---|---|\n| {markdown_text(label)} | x |\n")
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.DOTALL)
    assert len(cells) == 2, rendered  # the label split no cell
    assert re.sub(r"\s+", " ", cells[0].replace("&quot;", '"')).strip() == _shown(label)


@given(labels.filter(lambda s: _shown(s) != ""))
def test_a_title_or_note_renders_as_written(label: str) -> None:
    text = markdown_text(label, cell=False)
    assert _inner(_RENDER.render(f"# {text}\n"), "h1") == _shown(label)
    item = _RENDER.render(f"- {text}\n")
    assert item.count("<li>") == 1, item  # no nested list, no code block
    assert _inner(item, "li") == _shown(label)


@pytest.mark.parametrize(
    ("label", "written"),
    [
        ("snake_case_name", "snake_case_name"),
        ("2*3", "2\\*3"),
        ("*bold*", "\\*bold\\*"),
        ("__init__", "\\_\\_init\\_\\_"),
        ("`code`", "\\`code\\`"),
        ("~~gone~~", "\\~\\~gone\\~\\~"),
        ("a\\*b", "a\\\\\\*b"),
        ("C:\\data", "C:\\data"),
    ],
)
def test_emphasis_code_and_strikethrough_are_escaped(label: str, written: str) -> None:
    assert markdown_text(label) == written


@given(labels.filter(lambda s: _shown(s) != ""))
def test_a_bold_title_renders_as_written(label: str) -> None:
    # Writers print a table's title as "**{title}**": it must stay bold and whole.
    rendered = _RENDER.render(f"**{markdown_text(label)}**\n")
    assert _inner(rendered, "strong") == _shown(label)

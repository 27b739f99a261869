"""Hostile inputs around weights, summaries, intervals, routing and the writers.

Each test here once gave a wrong number, a misleading message or markup out of a label;
each now gets the truth or a clear tracktr error.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tracktr as tt

# -- Markdown: a label is shown as written --------------------------------------------------

_EMPHASIS_LABELS = ["*bold*", "_draft_", "`code`", "~~gone~~", "snake_case_name", "2*3"]
_ESCAPED = ["\\*bold\\*", "\\_draft\\_", "\\`code\\`", "\\~\\~gone\\~\\~"]


def _emphasis_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "The *members* survey",
            "respondent_id": "id",
            "questions": [
                {"id": "q", "type": "single", "text": "Which `one`?", "options": _EMPHASIS_LABELS}
            ],
        }
    )


def _emphasis_data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": range(12),
            "q": _EMPHASIS_LABELS * 2,
            "g": ["__x__", "y"] * 6,
        }
    )


def _check_escaped(markdown: str) -> None:
    for escaped in _ESCAPED:
        assert escaped in markdown
    assert "snake_case_name" in markdown  # intraword underscores open nothing: left as is
    assert "2\\*3" in markdown
    assert "| *bold*" not in markdown
    assert "| `code`" not in markdown


def test_table_and_codebook_markdown_escape_emphasis() -> None:
    table = tt.frequencies(_emphasis_data(), "q", survey=_emphasis_survey())
    _check_escaped(table.to_markdown())
    _check_escaped(_emphasis_survey().to_markdown())
    html = table.to_html()  # HTML is not Markdown: nothing to escape there
    assert '<th scope="row">*bold*</th>' in html
    assert "\\*" not in html
    assert "~~gone~~" in html


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_report_and_tab_book_files_escape_emphasis(tmp_path: Path, suffix: str) -> None:
    data, survey = _emphasis_data(), _emphasis_survey()
    comparison = tt.compare_groups(data, "q", "g", survey=survey)
    report = tt.io.write_report([comparison], tmp_path / f"r{suffix}").read_text("utf-8")
    book = tt.tabbook(data, survey, banners=["g"]).write(tmp_path / f"b{suffix}")
    for text in (report, book.read_text("utf-8")):
        if suffix == ".md":
            _check_escaped(text)
            assert "\\_\\_x\\_\\_" in text
        else:
            assert "*bold*" in text
            assert "__x__" in text
            assert "\\*" not in text


def test_findings_markdown_escapes_emphasis() -> None:
    figures = pd.DataFrame(
        {
            "id": ["n", "p"],
            "kind": ["base", "percent"],
            "source": ["Graph 1", "Table *2* of `the` ~~report~~"],
            "value": [None, 94],
            "base": [19, 19],
        }
    )
    markdown = tt.check.report(figures).render("markdown")
    assert "Table \\*2\\* of \\`the\\` \\~\\~report\\~\\~" in markdown

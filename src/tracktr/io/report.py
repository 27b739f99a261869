"""Every table of an analysis in one file: an Excel workbook, an HTML page or Markdown."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from tracktr._text import html_text, label_text, markdown_text
from tracktr.exceptions import InvalidOptionError
from tracktr.io._files import TABLE_STYLE, atomic_write_text, format_of, html_page
from tracktr.io._layout import (
    BASE,
    Layout,
    Publishable,
    layout,
    refuse_hidden_printed,
    report_cell,
)

__all__ = ["report_html", "table_html", "write_report"]

_FORMATS = {".xlsx": "excel", ".xlsm": "excel", ".html": "html", ".htm": "html", ".md": "markdown"}


def _html_table(lay: Layout, number: int) -> str:
    esc = html_text
    by_rows = lay.percent_axis == "rows"
    headers = [*(label_text(c) for c in lay.columns), *([BASE] if by_rows else [])]
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = []
    for r, (label, cells) in enumerate(lay.rows):
        tds = "".join(f"<td>{esc(report_cell(c, lay.decimals))}</td>" for c in cells)
        if by_rows:
            tds += f"<td>{esc(lay.base_text(lay.bases[r]))}</td>"
        body.append(f'<tr><th scope="row">{esc(label_text(label))}</th>{tds}</tr>')
    if not by_rows:
        tds = "".join(f"<td>{esc(lay.base_text(b))}</td>" for b in lay.bases)
        body.append(f'<tr><th scope="row">{BASE}</th>{tds}</tr>')
    notes = "".join(f"<li>{esc(n)}</li>" for n in lay.notes)
    return (
        f'<section id="table-{number}"><table class="tracktr-table">'
        f"<caption>Table {number}. {esc(lay.title)}</caption>"
        f"<thead><tr><td></td>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f'<ul class="tracktr-notes">{notes}</ul></section>'
    )


def table_html(table: Publishable) -> str:
    """Return one table (or suppressed table) as an accessible HTML fragment.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> t = tt.Table(counts=pd.DataFrame({"All": [3, 5]}), bases=pd.Series({"All": 8}))
    >>> tt.io.report.table_html(t).startswith('<section id="table-1"><table')
    True
    """
    return _html_table(layout(table), 1)


def report_html(tables: Sequence[Publishable], *, title: str = "Tables") -> str:
    """Return a standalone HTML page with every table: captions, "% (n)" cells, notes.

    Raises
    ------
    tracktr.InvalidDataError
        When a table prints a number that a protected table of the same question hides
        (the protected table beside its own original): protect the tables together.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> t = tt.Table(counts=pd.DataFrame({"All": [3, 5]}), bases=pd.Series({"All": 8}),
    ...              title="Q1 <draft>")
    >>> page = tt.io.report.report_html([t], title="Members' survey")
    >>> "<caption>Table 1. Q1 &lt;draft&gt;</caption>" in page
    True
    """
    layouts = [layout(t) for t in tables]
    refuse_hidden_printed(layouts)
    sections = "\n".join(_html_table(lay, k) for k, lay in enumerate(layouts, start=1))
    return html_page(title, f"\n{sections}", style=TABLE_STYLE)


def _markdown(tables: Sequence[Publishable], title: str) -> str:
    parts = [f"# {markdown_text(' '.join(title.split()), cell=False)}", ""]
    for item in tables:
        to_markdown = getattr(item, "to_markdown", None)
        parts += [to_markdown() if to_markdown is not None else _layout_markdown(item), ""]
    return "\n".join(parts)


def _layout_markdown(item: Publishable) -> str:
    """Markdown of anything with a layout but no ``to_markdown`` (a group comparison)."""
    lay = layout(item)
    by_rows = lay.percent_axis == "rows"

    cell = markdown_text

    header = ["", *(cell(label_text(c)) for c in lay.columns), *([BASE] if by_rows else [])]
    body = []
    for r, (label, cells) in enumerate(lay.rows):
        row = [cell(label_text(label)), *(cell(report_cell(c, lay.decimals)) for c in cells)]
        body.append(row + ([lay.base_text(lay.bases[r])] if by_rows else []))
    if not by_rows:
        body.append([BASE, *(lay.base_text(b) for b in lay.bases)])
    lines = [f"**{cell(lay.title)}**", ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in body]
    lines += ["", *(f"- {markdown_text(note, cell=False)}" for note in lay.notes)]
    return "\n".join(lines)


def write_report(
    tables: Sequence[Publishable] | Mapping[str, Publishable],
    path: str | os.PathLike[str],
    *,
    title: str = "Tables",
) -> Path:
    """Write every table of an analysis to one file, chosen by the file's extension.

    ``.xlsx``: a workbook with a contents sheet and one formatted sheet per table.
    ``.html``: a standalone page with an accessible table per question. ``.md``: Markdown.
    The file is written to a temporary file beside `path` and renamed into place, so a
    failure leaves no partial report.

    Parameters
    ----------
    tables : sequence of Table, Suppression or GroupComparison, or mapping of name to table
        The tables; a mapping's keys name the sheets. A group comparison is written as
        its table with each percentage followed by its letters ("73 A").
    path : str or path
        The output file.
    title : str, default "Tables"
        The report's heading.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    tracktr.InvalidOptionError
        For an extension other than ``.xlsx``, ``.html`` or ``.md``, or no tables.
    tracktr.InvalidDataError
        When a table prints a number that a protected table of the same question hides
        (the protected table beside its own original): protect the tables together.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"size": ["Small", "Large", "Small"]})
    >>> tables = [tt.frequencies(df, "size", options=["Small", "Large"])]
    >>> out = tt.io.write_report(tables, pathlib.Path(tempfile.mkdtemp()) / "report.html")
    >>> "Small" in out.read_text(encoding="utf-8")
    True
    """
    target = Path(path)
    kind = format_of(path, _FORMATS, "the report format")
    if isinstance(tables, Mapping):
        names: list[str] | None = [str(k) for k in tables]
        items = list(tables.values())
    else:
        names = None
        items = list(tables)
    if not items:
        msg = "no tables to write; pass at least one table."
        raise InvalidOptionError(msg)
    if kind == "markdown":
        refuse_hidden_printed([layout(t) for t in items])
    if kind == "excel":
        from tracktr.io.excel import write_workbook

        write_workbook(items, target, sheets=names, contents=True, title=title)
        return target
    text = report_html(items, title=title) if kind == "html" else _markdown(items, title)
    atomic_write_text(target, text, encoding="utf-8")
    return target

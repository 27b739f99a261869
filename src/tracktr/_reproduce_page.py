"""The main job as a page to look at: the 2016 report beside its reproduction.

One standalone HTML file (no links out, charts embedded as PNG): the synthetic-data
warning first, then each table of the report with its printed and reproduced cells side by
side, then each graph drawn by :mod:`tracktr.plot` from the synthetic microdata beside the
figures the report prints for it, then the checker's findings as a list that sorts by any
column, each with its explanation and the printed text it comes from.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tracktr._text import html_text, label_text
from tracktr.exceptions import install_hint

if TYPE_CHECKING:
    from tracktr.reproduce import ReproducedTable, Reproduction
    from tracktr.table import Table

__all__ = ["page"]

_SEVERITY = {"impossible": 0, "inconsistent": 1, "doubtful": 2}
_STATUS_CLASS = {
    "reproduced": "ok",
    "nearest possible": "near",
    "differs": "bad",
    "not recomputed": "none",
    "same": "ok",
    "count as printed": "near",
}

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.7rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
.warning { background: #fff4d6; border-left: 6px solid #E69F00; padding: .8rem 1rem; }
.pair { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.pair > * { flex: 1 1 420px; min-width: 0; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: .9rem; max-width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .5rem; text-align: left;
         vertical-align: top; overflow-wrap: break-word; }
td.status, td.num { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.ok td.status { color: #0072B2; } tr.near td.status { color: #9a6700; }
tr.bad td.status { color: #D55E00; font-weight: bold; } tr.none td.status { color: #777; }
th.sort { cursor: pointer; text-decoration: underline dotted; }
.verdict-impossible { color: #D55E00; font-weight: bold; }
.verdict-inconsistent { color: #9a6700; font-weight: bold; }
.verdict-doubtful { color: #555; }
nav a { margin-right: 1rem; }
"""

# Sorting the findings by a column, in the page itself (no library, no network).
_SCRIPT = """
document.querySelectorAll("table.sortable th").forEach((th, column) => {
  th.classList.add("sort");
  th.title = "Sort by this column";
  th.addEventListener("click", () => {
    const body = th.closest("table").tBodies[0];
    const rows = Array.from(body.rows);
    const up = th.dataset.order !== "up";
    th.dataset.order = up ? "up" : "down";
    const key = (row) => row.cells[column].dataset.key ?? row.cells[column].textContent;
    rows.sort((a, b) => key(a).localeCompare(key(b), undefined, {numeric: true}) * (up ? 1 : -1));
    rows.forEach((row) => body.appendChild(row));
  });
});
"""


def _e(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html_text(value)


def _number(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return ""
    number = float(value)  # type: ignore[arg-type]
    return f"{number:g}"


def _table(headers: Iterable[str], rows: Iterable[str], *, sortable: bool = False) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    kind = ' class="sortable"' if sortable else ""
    return f"<table{kind}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


_CELL_STATUS_WORDS = {
    "count as printed": "the data hold the printed count, whose percentage under the "
    "table's rounding is not the one printed",
    "nearest possible": "no counts over the printed base give the printed percentages "
    "together, and the data hold the nearest that can be",
    "differs": "the data do not give the print",
}


def _cell_statuses(table: ReproducedTable) -> str:
    """Say what the cells not reproduced exactly are (see the Findings for why)."""
    tallies = table.comparison["status"].value_counts()
    parts = [
        f"{int(tallies[status])} {status} ({words})"
        for status, words in _CELL_STATUS_WORDS.items()
        if status in tallies
    ]
    return f" Of the others: {'; '.join(parts)}." if parts else ""


def _reproduced_table(table: ReproducedTable) -> str:
    rows = [
        f'<tr class="{_STATUS_CLASS[cell["status"]]}"><td>{_e(cell["row"])}</td>'
        f"<td>{_e(cell['column'])}</td>"
        f'<td class="num">{_number(cell["printed"])}</td>'
        f'<td class="num">{_number(cell["reproduced"])}</td>'
        f'<td class="status">{_e(cell["status"])}</td></tr>'
        for cell in table.comparison.to_dict("records")
    ]
    printed = _table(["row", "column", "printed %", "reproduced %", ""], rows)
    return (
        f'<h3 id="{_e(table.name)}">{_e(table.title)}</h3>'
        f"<p>{_e(table.source)}: {table.matches} of {len(table.comparison)} printed cells "
        f"reproduced exactly.{_e(_cell_statuses(table))}</p>"
        f'<div class="pair"><div><h4>As printed, and as reproduced</h4>{printed}</div>'
        f"<div><h4>The reproduced table</h4>{table.table.to_html()}</div></div>"
    )


def _alt_text(table: Table, drawn: Sequence[Any] | None = None) -> str:
    """Say what a chart of `table` shows: its question, largest answer and base.

    A chart on the web needs alternative text that states its main finding (the charts
    guide asks for it): the answer with the largest percentage of each base, as the table
    prints it (through its own rounding, so that alt text and table agree), and the
    base, e.g. "Has ...? Largest answer: No, 60% (n=104)." A grid names each item's.
    Answers tied on the printed percentage are all named; `drawn` limits it to the
    columns the chart draws.
    """
    # The chart's own labels and base text: alt text stands in for the chart, so it says
    # ">99%" where the chart does (never "100%" of 999 in 1000) and flags a small base.
    from tracktr.plot._labels import _base_text
    from tracktr.plot._labels import _label as chart_label

    percent = table.percentages()
    counts = table.counts
    if table.percent_axis == "columns":
        percent, counts = percent.T, counts.T  # one row per base, as a grid's items are
    if drawn is not None:
        percent, counts = percent.loc[list(drawn)], counts.loc[list(drawn)]
    n = table.respondent_bases.reindex(percent.index)
    parts: list[str] = []
    for position, (key, row, respondents) in enumerate(
        zip(percent.index, percent.to_numpy(float), n, strict=True)
    ):
        if pd.isna(respondents):  # a summary row (a grid's average) has no base of its own
            continue
        base = _base_text(table, key)
        if np.isnan(row).all():  # a base of 0: no percentage to state
            largest = f"no respondents ({base})"
        else:
            top = np.nanmax(row)
            tops = [j for j, value in enumerate(row) if value == top]
            named = [label_text(percent.columns[j]) for j in tops]
            shown = [
                chart_label(table, counts.iloc[position, j], table.bases[key], top) for j in tops
            ]
            if len(set(shown)) == 1:
                each = " each" if len(named) > 1 else ""
                largest = f"{' and '.join(named)}, {shown[0]}{each} ({base})"
            else:  # tied as the table prints them, not as the chart labels them (0% and <1%)
                listed = " and ".join(f"{o} {v}" for o, v in zip(named, shown, strict=True))
                largest = f"{listed} ({base})"
        parts.append(largest if len(percent) == 1 else f"{label_text(key)}: {largest}")
    title = table.title or label_text(table.question)
    if not title.endswith(("?", ".", "!")):  # the finding is a sentence of its own
        title += "."
    return f"{title} Largest answer: {'; '.join(parts)}."


def _chart(
    question: str, group: str, data: pd.DataFrame, survey: Any, groups: dict[str, Any]
) -> str:
    """Draw one question for one group of respondents as the report draws it; PNG data URI."""
    try:
        import matplotlib as mpl

        mpl.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return f"<p><em>Charts need matplotlib: {html_text(install_hint('plot'))}.</em></p>"
    from tracktr import plot
    from tracktr.tabulate import tabulate

    spec = survey.spec(question)
    chosen = groups.get(group)
    pair = _compared(group, groups)
    if pair is not None:  # two groups side by side (Graph 24: CRC-funded beside the rest)
        # Funding as plain labels: the categorical's other groups would be columns of n=0.
        funding = data["main_funding"].astype(object)
        rows = data[funding.isin(pair)].assign(main_funding=funding[funding.isin(pair)])
        table = tabulate(rows, question, survey=survey, by="main_funding", total=False)
        asked = [g for g in pair if g in table.bases.index and table.bases[g] > 0]
        if len(asked) == 2:
            ax = plot.compare(table, groups=asked)
        else:  # a question the routing asks of one of the two only (Graph 28)
            chosen = asked[0] if asked else None
            pair = None
    if pair is None:
        # A group the page cannot select by funding (Graph 6's national footprint) is
        # drawn for everyone its routing asks: selecting by it found no one (n=0).
        rows = data if chosen is None else data[data["main_funding"] == chosen]
        table = tabulate(rows, question, survey=survey)
        ax = _drawn(plot, table, spec)
    buffer = io.BytesIO()
    figure = ax.get_figure(root=True)
    if figure is None:  # pragma: no cover - plot functions always draw on a figure
        return ""
    figure.savefig(buffer, format="png", dpi=80)
    plt.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = _alt_text(table, drawn=pair)
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{encoded}">'


def _compared(group: str, groups: dict[str, Any]) -> tuple[Any, Any] | None:
    """Return the two funding groups a figure compares ("crc_funded_vs_outside"), if any."""
    first, _, second = group.partition("_vs_")
    if not second:
        return None
    named = {"outside": "outside_supply_chains"}
    left, right = groups.get(first), groups.get(named.get(second, second))
    return None if left is None or right is None else (left, right)


def _drawn(plot: Any, table: Any, spec: Any) -> Any:
    """Draw one group's table as the report draws the question."""
    if spec.type == "ordinal" and len(spec.options) >= 4:
        return plot.likert(table)
    if spec.type == "grid":
        # A yes/no grid starts from its positive answer, which no word of a label says.
        yes_first = bool(spec.options) and str(spec.options[0]).lower().startswith("yes")
        return plot.likert(table, polarity="positive_first" if yes_first else "auto")
    return plot.bar(table, sort="codebook")


def _graphs(result: Reproduction, data: pd.DataFrame, survey: Any, groups: dict[str, Any]) -> str:
    from tracktr import reference

    figures = reference.figures()
    parts = []
    for where, printed in result.figures.groupby("where", sort=False):
        if not str(where).startswith("Graph"):
            continue
        source = figures[figures["source"] == where]
        questions = list(
            dict.fromkeys(q.strip() for q in ";".join(source["question"]).split(";") if q.strip())
        )
        rows = [
            f'<tr class="{_STATUS_CLASS.get(f["status"], "none")}"><td>{_e(f["claim"])}</td>'
            f'<td class="num">{_number(f["printed"])}</td>'
            f'<td class="num">{_number(f["reproduced"])}</td>'
            f'<td class="status">{_e(f["status"])}</td><td>{_e(f["note"])}</td></tr>'
            for f in printed.to_dict("records")
        ]
        figure_table = _table(["printed figure", "printed", "reproduced", "", "note"], rows)
        charts = []
        group = str(source["group"].iloc[0] or "all") if len(source) else "all"
        for question in questions[:2]:
            try:
                charts.append(_chart(question, group, data, survey, groups))
            except Exception as error:  # a chart that cannot be drawn is named, not fatal
                charts.append(f"<p><em>Not drawn: {_e(type(error).__name__)}: {_e(error)}</em></p>")
        chart = "".join(charts)
        parts.append(
            f'<h3 id="{_e(str(where).lower().replace(" ", "-"))}">{_e(where)}</h3>'
            f'<div class="pair"><div>{chart}</div><div>{figure_table}</div></div>'
        )
    return "".join(parts)


def _findings(result: Reproduction) -> str:
    findings = result.findings.copy()
    findings["order"] = findings["verdict"].map(_SEVERITY).fillna(9)
    findings = findings.sort_values(["order", "source"], kind="stable")
    rows = [
        f'<tr><td data-key="{int(f["order"])}" class="verdict-{_e(f["verdict"])}">'
        f"{_e(f['verdict'])}</td><td>{_e(f['source'])}</td><td>{_e(f['explanation'])}</td>"
        f"<td>{_e(f['claim'])}</td><td>{_e(f['figure'])}</td></tr>"
        for f in findings.to_dict("records")
    ]
    headers = ["verdict", "where", "explanation", "printed text", "figure"]
    return _table(headers, rows, sortable=True)


def page(result: Reproduction, *, groups: dict[str, Any]) -> str:
    """Return the reproduction as one standalone HTML page.

    Parameters
    ----------
    result : Reproduction
        What :func:`tracktr.reproduce` returns.
    groups : dict
        The respondent groups the report's figures describe: a name such as
        ``"crc_funded"``, and the answer to ``main_funding`` that defines it.

    Returns
    -------
    str
        A complete HTML document: warning, tables, graphs (charts embedded as PNG when
        matplotlib is installed), findings sortable by any column.

    Examples
    --------
    >>> import tracktr as tt
    >>> from tracktr._reproduce_page import page
    >>> from tracktr.reproduce import GROUPS
    >>> text = page(tt.reproduce(), groups=GROUPS)
    >>> "synthetic" in text and text.count("<img") >= 20
    True
    """
    from tracktr.datasets import tracktr_2015 as synthetic
    from tracktr.surveys import tracktr_2015 as codebook

    survey = codebook()
    data = survey.validate(synthetic())
    tables = "".join(_reproduced_table(t) for t in result.tables)
    title = "Change &amp; challenge (2016), reproduced"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{title}</h1>"
        '<p class="warning"><strong>Synthetic data.</strong> The survey\'s real responses '
        f"are not public. These {result.respondents} organisations are made up, generated "
        "so that tabulating them gives the printed figures; where a printed figure is "
        "impossible, they hold the nearest possible one. Nothing here describes a real "
        "organisation.</p>"
        f"<p>{_e(result.summary())}</p>"
        '<nav><a href="#tables">Tables</a><a href="#graphs">Graphs</a>'
        '<a href="#findings">Findings</a></nav>'
        f'<h2 id="tables">Tables</h2>{tables}'
        f'<h2 id="graphs">Graphs</h2>{_graphs(result, data, survey, groups)}'
        '<h2 id="findings">What the checker finds in the printed report</h2>'
        "<p>Sorted by severity; click a heading to sort by that column.</p>"
        f"{_findings(result)}<script>{_SCRIPT}</script></body></html>"
    )

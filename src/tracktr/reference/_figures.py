"""One printed figure of a report, with its provenance: :class:`Figure`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

__all__ = ["FIGURE_KINDS", "Figure", "FigureKind"]

FigureKind = Literal[
    "base",
    "count",
    "percent",
    "share",
    "ratio",
    "list",
    "amount",
    "external",
    "quote",
    "distribution",
    "sum",
    "subset",
    "table",
    "cell",
    "average",
]

FIGURE_KINDS: dict[str, str] = {
    "percent": "a printed percentage, of a base where one is printed",
    "count": "a printed number of respondents, with its percentage where one is printed",
    "base": "the base of a graph or table (n=), blank when none is printed",
    "share": "a verbal share, such as 'just over a third', of a count or base",
    "ratio": "a ratio claim, such as '2.5 times more likely', between two other figures",
    "list": "a list of percentages, such as '7%, 20%, 30% (2 cases)'",
    "distribution": "the printed percentages of one question, which share one base",
    "sum": "figures whose counts add up to another figure's base",
    "subset": "a count that is part of a verbal share of at most a given base",
    "table": "a printed table: which cells share a base, and the base no cell prints",
    "cell": "one printed percentage of a table, with its count and base where printed",
    "average": "a printed average row of a table (the mean of its rows)",
    "amount": "an amount of money: not checked",
    "external": "a figure from another source, checked only against what it restates",
    "quote": "a number in a quotation: not checked",
}
"""The kinds of figure a figures file holds, with what each means."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantitative statement of a report, with its provenance: one row of a figures file.

    Attributes
    ----------
    figure : str
        The figure's id, e.g. ``"s24_no_transparency"``.
    kind : str
        One of :data:`~tracktr.reference.FIGURE_KINDS`: ``"base"`` (a graph's n=), ``"count"``,
        ``"percent"``, ``"share"`` (a verbal share such as "just over a third"), ``"ratio"``,
        ``"list"`` (a list of percentages), ``"amount"`` (money), ``"external"`` (a figure from
        another source), ``"quote"``; and, for the checks between figures, ``"distribution"``,
        ``"sum"``, ``"subset"``, ``"table"``, ``"cell"`` and ``"average"``.
    section, source, page : str
        Where it is printed: report section, ``"Graph N"``/``"Table N"``/``"text"``, page
        (empty when the report does not say).
    question, option, group : str
        The codebook question id, the option(s) it describes (``"; "``-separated), and the
        respondents it is about (``"all"``, ``"crc_funded"``, ``"outside_supply_chains"``...).
    value : float or None
        The printed number: a percentage, count, base or ratio.
    phrase : str
        The verbal share, if any ("almost a third").
    count, base : int or None
        A printed count and the base the figure is a share of, where known.
    decimals : int
        Decimal places of a printed percentage.
    values : tuple of float
        The printed list, for ``kind="list"``.
    qualifier : str
        For ratios, counts and external figures: ``"about"``, ``"over"``, ``"almost"``,
        ``"at least"``...
    claim : str
        The printed text of the claim.
    wording : str
        The question wording (graph or table caption) it describes.
    restates, numerator, denominator : dict or None
        What the figure restates (``{"table": ..., "rows": [...], "columns": [...]}``,
        ``{"figure": id}`` or ``{"figures": [ids]}``); for ratios, the two sides.
    also_in : str
        Other sections that print the same statement.
    note : str
        Anything a reader should know about the figure.
    table, row, column : str
        For a ``"cell"`` or ``"average"``: the table's id and the cell's labels; for a
        ``"distribution"`` that is a row of a table, the table and the row.
    parts : tuple of (str, str)
        For a ``"distribution"``: (label, figure id or printed percentage) per option; for
        a ``"sum"`` or ``"subset"``: ("", figure id) per figure.
    complete : bool or None
        For a ``"distribution"``: whether its options cover the whole base; for a
        ``"table"``: whether the cells that share a base partition it. None (left blank)
        is read as not: the printed cells need only fit within their base, as when one is
        suppressed.
    axis : str
        For a ``"table"``: ``"columns"`` or ``"rows"``, along which the cells share a base.
    of : str
        For a ``"sum"``: the figure whose base the counts add up to; for a ``"subset"``: the
        verbal share the count is part of.
    rule : str
        The rounding rule the report says it used; empty for half-up.
    line : int
        Where the figure is in its file: the spreadsheet row of a CSV file (the header is
        row 1), the entry of a TOML file; 0 when not read from a file.

    Examples
    --------
    >>> import tracktr as tt
    >>> f = tt.reference.figure("graph_19_n")
    >>> f.kind, f.base, f.source, f.question
    ('base', 19, 'Graph 19', 'crc_retendering_transparency')
    """

    figure: str
    kind: FigureKind
    section: str
    source: str
    page: str
    question: str
    option: str
    group: str
    value: float | None
    phrase: str
    count: int | None
    base: int | None
    decimals: int
    values: tuple[float, ...]
    qualifier: str
    claim: str
    wording: str
    restates: dict[str, Any] | None
    numerator: dict[str, Any] | None
    denominator: dict[str, Any] | None
    also_in: str
    note: str
    table: str = ""
    row: str = ""
    column: str = ""
    parts: tuple[tuple[str, str], ...] = ()
    complete: bool | None = None
    axis: str = ""
    of: str = ""
    rule: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        """A short provenance: source, section and page, e.g. ``"Graph 19, section 2.4"``."""
        parts = [] if self.source in ("text", "") else [self.source]
        if self.section:
            parts.append(f"section {self.section}" if self.section[:1].isdigit() else self.section)
        if self.page:
            parts.append(f"page {self.page}")
        return ", ".join(parts)

    def to_frame(self) -> pd.DataFrame:
        """Return the figure as a one-row DataFrame with the columns of :func:`figures`.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.reference.figure("graph_01_n").to_frame()["base"].tolist()
        [135]
        """
        return _figures_frame((_figure_record(self),))


_FIGURE_COLUMNS = (
    "figure",
    "kind",
    "section",
    "source",
    "page",
    "question",
    "option",
    "group",
    "value",
    "phrase",
    "count",
    "base",
    "decimals",
    "values",
    "qualifier",
    "claim",
    "wording",
    "restates",
    "numerator",
    "denominator",
    "also_in",
    "note",
)


def _parse_reference(text: str, *, several: bool) -> dict[str, Any] | None:
    """Read a link as written by :func:`_describe_reference`.

    ``"id"`` is one figure, ``"a + b"`` several, ``"table_3[Column]: Row + Row"`` cells of a
    table. `several` keeps even one figure as a list (the sides of a ratio add up).
    """
    text = text.strip()
    if not text:
        return None
    if text.endswith("]") or "]:" in text:
        head, _, rows = text.partition("]:")
        name, _, columns = head.partition("[")
        return {
            "table": name.strip(),
            "rows": [r.strip() for r in rows.split(" + ") if r.strip()],
            "columns": [c.strip() for c in columns.split(" + ") if c.strip()],
        }
    names = [n.strip() for n in text.split("+") if n.strip()]
    if len(names) == 1 and not several:
        return {"figure": names[0]}
    return {"figures": names}


def _describe_reference(ref: dict[str, Any] | None) -> str:
    """Write a ``restates``/``numerator``/``denominator`` mapping as one line of text."""
    if not ref:
        return ""
    if "table" in ref:
        columns = " + ".join(ref.get("columns", []))
        rows = " + ".join(ref.get("rows", []))
        return f"{ref['table']}[{columns}]: {rows}"
    if "figure" in ref:
        return str(ref["figure"])
    return " + ".join(ref.get("figures", []))


def _figure_record(f: Figure) -> tuple[Any, ...]:
    return (
        f.figure,
        f.kind,
        f.section,
        f.source,
        f.page,
        f.question,
        f.option,
        f.group,
        f.value,
        f.phrase,
        f.count,
        f.base,
        f.decimals,
        "; ".join(f"{v:g}" for v in f.values),
        f.qualifier,
        f.claim,
        f.wording,
        _describe_reference(f.restates),
        _describe_reference(f.numerator),
        _describe_reference(f.denominator),
        f.also_in,
        f.note,
    )


def _figures_frame(records: tuple[tuple[Any, ...], ...]) -> pd.DataFrame:
    frame = pd.DataFrame(list(records), columns=list(_FIGURE_COLUMNS))
    frame["value"] = frame["value"].astype("float64")
    for name in ("count", "base", "decimals"):
        frame[name] = frame[name].astype("Int64")
    return frame

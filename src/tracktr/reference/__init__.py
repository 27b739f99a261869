"""The figures printed in the 2016 trackTR report, as data with their provenance.

*Change & challenge: the voluntary sector's role in Transforming Rehabilitation* (Clinks,
NCVO and TSRC, May 2016) prints three tables and about two hundred figures in its text and
graph captions. This module ships them exactly as printed, so that any of them can be
checked (:mod:`tracktr.check`) or recomputed from microdata.

- :func:`tables` lists the table names; :func:`table` returns one as a
  :class:`PublishedTable` (printed percentages, counts and bases where printed, provenance).
- :func:`figures` returns every other quantitative statement as a tidy DataFrame, one row
  per figure: a graph's base (n=), a count, a percentage, a verbal share ("just over a
  third"), a ratio ("2.5 times more likely"), a list of percentages, with its section,
  graph or table, page, question wording, the printed claim and the codebook question id.
- :func:`figure` returns one figure as a :class:`Figure`.

The data files are ``tables.json`` and ``figures.json`` beside this module.

Examples
--------
>>> import tracktr as tt
>>> tt.reference.tables()
('table_1', 'table_2', 'table_3')
>>> tt.reference.table("table_3").bases.tolist()
[151, 34]
>>> tt.reference.figure("s24_no_transparency").claim[:42]
'Given that probation services are still de'
"""

from __future__ import annotations

import copy
import difflib
import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import pandas as pd

from tracktr.exceptions import InvalidCountsError, InvalidOptionError, ReferenceNotFoundError
from tracktr.table import Table
from tracktr.typing import PercentAxis, TableKind

__all__ = [
    "REPORT",
    "Figure",
    "PublishedTable",
    "figure",
    "figure_names",
    "figures",
    "table",
    "tables",
]

REPORT = (
    "Change & challenge: the voluntary sector's role in Transforming Rehabilitation, "
    "Clinks, NCVO and TSRC, May 2016"
)
"""The report whose figures this module holds."""

FigureKind = Literal[
    "base", "count", "percent", "share", "ratio", "list", "amount", "external", "quote"
]

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


@functools.cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("tracktr.reference").joinpath("data", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _not_found(kind: str, name: object, names: tuple[str, ...]) -> ReferenceNotFoundError:
    close = difflib.get_close_matches(str(name), names, n=5, cutoff=0.5)
    if len(names) <= 10:
        listed = ", ".join(repr(n) for n in names)
        msg = f"no published {kind} named {name!r}; the {kind}s are {listed}."
    else:
        listed = ", ".join(repr(n) for n in close) if close else "none"
        msg = (
            f"no published {kind} named {name!r} among the {len(names)} {kind}s; "
            f"close names: {listed}."
        )
    hint = (
        f"Hint: tt.reference.{kind}s() lists every name."
        if kind == "table"
        else (
            "Hint: tt.reference.figure_names() lists every name; tt.reference.figures() "
            "shows them with their claims."
        )
    )
    return ReferenceNotFoundError(f"{msg}\n\n{hint}")


# -- tables -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PublishedTable:
    """One table of the report, exactly as printed.

    A published table is not a :class:`tracktr.Table`: Table 2 prints percentages only, so
    its counts are unknown. The printed percentages are the data here; counts and bases
    are kept where the report prints them, and :meth:`to_table` builds a
    :class:`tracktr.Table` from them when it can.

    Attributes
    ----------
    name : str
        ``"table_1"``, ``"table_2"`` or ``"table_3"``.
    number : int
        The table's number in the report.
    title : str
        The question wording or caption, as printed after "Table N /".
    question : str
        The codebook question id the table tabulates.
    kind : {"single", "multi", "grid", "crosstab"}
        What the table tabulates.
    percent_axis : {"columns", "rows"}
        Along which axis cells share a base.
    partition : bool
        Whether the cells sharing a base partition it (so that they should sum to 100).
    printed : pandas.DataFrame
        The printed percentages (integers), rows and columns labelled as printed. Summary
        rows (Table 2's AVERAGE) are in `summary`, not here.
    counts : pandas.DataFrame or None
        The printed counts, aligned with `printed`; None when none are printed.
    bases : pandas.Series or None
        The printed bases, along `percent_axis`; None when none are printed.
    implied_base : int or None
        A base the report implies without printing it (Table 1: all 151 respondents).
    summary : pandas.DataFrame or None
        Printed summary rows, such as Table 2's AVERAGE row.
    section, page : str
        Where the table is printed; `page` is empty when the report does not say.
    decimals : int
        Decimal places of the printed percentages.
    base_note : str
        What the report says, or does not say, about the bases.
    notes : tuple of str
        Further notes on reading the table.

    Examples
    --------
    >>> import tracktr as tt
    >>> t2 = tt.reference.table("table_2")
    >>> t2.counts is None, t2.summary.loc["AVERAGE"].tolist()
    (True, [6, 14, 21, 60])
    """

    name: str
    number: int
    title: str
    question: str
    kind: TableKind
    percent_axis: PercentAxis
    partition: bool
    printed: pd.DataFrame
    counts: pd.DataFrame | None
    bases: pd.Series | None
    implied_base: int | None
    summary: pd.DataFrame | None
    section: str
    page: str
    decimals: int = 0
    base_note: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def source(self) -> str:
        """Where the table is printed, e.g. ``"Table 3, section 2.4, page 25"``."""
        where = f"Table {self.number}, section {self.section}"
        return f"{where}, page {self.page}" if self.page else where

    @property
    def has_counts(self) -> bool:
        """Whether the report prints counts for this table."""
        return self.counts is not None

    def base_series(self) -> pd.Series | None:
        """Return the bases along `percent_axis`: printed, else implied, else None.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.reference.table("table_1").base_series().unique().tolist()
        [151]
        """
        if self.bases is not None:
            return self.bases.copy()
        if self.implied_base is None:
            return None
        along = self.printed.columns if self.percent_axis == "columns" else self.printed.index
        return pd.Series(self.implied_base, index=along, dtype="int64")

    def to_table(self) -> Table:
        """Return the printed counts as a :class:`tracktr.Table`.

        Returns
        -------
        tracktr.Table
            Counts and bases as printed (Table 1's implied base of 151), half-up rule.

        Raises
        ------
        tracktr.InvalidCountsError
            If the report prints no counts for this table (Table 2).

        Examples
        --------
        >>> import tracktr as tt
        >>> t = tt.reference.table("table_3").to_table()
        >>> t.percentages()["CRC-funded respondents"].tolist()
        [6.0, 9.0, 18.0, 12.0, 21.0, 12.0, 24.0]
        """
        bases = self.base_series()
        if self.counts is None or bases is None:
            msg = f"{self.name} prints only percentages; there are no counts to tabulate."
            hint = (
                f"Hint: use tt.reference.table({self.name!r}).printed, or "
                "tt.check.distribution() to see which counts could lie behind it."
            )
            raise InvalidCountsError(f"{msg}\n\n{hint}")
        return Table(
            counts=self.counts.copy(),
            bases=bases,
            question=self.question,
            title=self.title,
            kind=self.kind,
            percent_axis=self.percent_axis,
            partition=self.partition,
            decimals=self.decimals,
            base_description=self.base_note,
            source=f"{REPORT}: {self.source}",
        )

    def to_frame(self, *, layout: Literal["long", "printed"] = "long") -> pd.DataFrame:
        """Return the table as a DataFrame.

        Parameters
        ----------
        layout : {"long", "printed"}, default "long"
            ``"long"``: one row per cell with columns ``row``, ``column``, ``printed``,
            ``count`` and ``base`` (nullable integers where not printed), summary rows
            last with ``summary=True``. ``"printed"``: the table as laid out in the report,
            cells as text (``"59 (89)"``), summary rows at the bottom.

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.reference.table("table_1").to_frame(layout="printed").iloc[0].tolist()
        ['59 (89)', '25 (38)']
        >>> tt.reference.table("table_2").to_frame().tail(1)[["row", "printed"]].values.tolist()
        [['AVERAGE', 60]]
        """
        if layout == "printed":
            return self._printed_frame()
        if layout != "long":
            msg = f"`layout` must be 'long' or 'printed'; got {layout!r}."
            raise InvalidOptionError(msg)
        bases = self.base_series()
        records = []
        for row in self.printed.index:
            for column in self.printed.columns:
                base: int | None = None
                if bases is not None:
                    base = int(bases[column if self.percent_axis == "columns" else row])
                count = None if self.counts is None else int(self.counts.loc[row, column])
                records.append(
                    (row, column, int(self.printed.loc[row, column]), count, base, False)
                )
        if self.summary is not None:
            summary = self.summary
            records.extend(
                (row, column, int(summary.loc[row, column]), None, None, True)
                for row in summary.index
                for column in summary.columns
            )
        frame = pd.DataFrame(
            records, columns=["row", "column", "printed", "count", "base", "summary"]
        )
        for name in ("printed", "count", "base"):
            frame[name] = frame[name].astype("Int64")
        return frame

    def _printed_frame(self) -> pd.DataFrame:
        cells = self.printed.astype(str)
        if self.counts is not None:
            cells = self.printed.astype(str) + " (" + self.counts.astype(str) + ")"
        if self.summary is not None:
            cells = pd.concat([cells, self.summary.astype(str)])
        return cells

    def __repr__(self) -> str:
        counts = "counts" if self.counts is not None else "no counts"
        shape = f"{self.printed.shape[0]}x{self.printed.shape[1]}"
        return f"PublishedTable({self.name!r}, {shape}, {counts}, {self.source!r})"


def _build_table(spec: dict[str, Any]) -> PublishedTable:
    labels = [row["label"] for row in spec["rows"]]
    columns = list(spec["columns"])
    printed = pd.DataFrame(
        [row["printed"] for row in spec["rows"]], index=labels, columns=columns, dtype="int64"
    )
    counts = None
    if all("counts" in row for row in spec["rows"]):
        counts = pd.DataFrame(
            [row["counts"] for row in spec["rows"]], index=labels, columns=columns, dtype="int64"
        )
    bases = None
    if spec["bases"] is not None:
        bases = pd.Series(spec["bases"], index=columns, dtype="int64")
    summary = None
    if spec["summary_rows"]:
        summary = pd.DataFrame(
            [row["printed"] for row in spec["summary_rows"]],
            index=[row["label"] for row in spec["summary_rows"]],
            columns=columns,
            dtype="int64",
        )
    for frame in (printed, counts, summary):
        if frame is not None:
            frame.index.name = spec["row_heading"] or None
    return PublishedTable(
        name=spec["name"],
        number=int(spec["number"]),
        title=spec["title"],
        question=spec["question"],
        kind=spec["kind"],
        percent_axis=spec["percent_axis"],
        partition=bool(spec["partition"]),
        printed=printed,
        counts=counts,
        bases=bases,
        implied_base=spec["implied_base"],
        summary=summary,
        section=spec["section"],
        page=spec["page"],
        base_note=spec["base_note"],
        notes=tuple(spec["notes"]),
    )


def tables() -> tuple[str, ...]:
    """Return the names of the report's tables.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.reference.tables()
    ('table_1', 'table_2', 'table_3')
    """
    return tuple(spec["name"] for spec in _load("tables.json")["tables"])


def _normalise_table_name(name: object) -> str:
    text = str(name).strip().lower().replace(" ", "_")
    return f"table_{text}" if text.isdigit() else text


def table(name: str) -> PublishedTable:
    """Return one of the report's tables exactly as printed.

    Parameters
    ----------
    name : str
        ``"table_1"``, ``"table_2"`` or ``"table_3"`` (``"Table 3"`` and ``"3"`` work too).

    Returns
    -------
    PublishedTable
        A new object on every call; changing it does not change the reference data.

    Raises
    ------
    tracktr.ReferenceNotFoundError
        If there is no such table; the message lists the names.

    Examples
    --------
    >>> import tracktr as tt
    >>> t1 = tt.reference.table("table_1")
    >>> t1.counts.loc["Women"].tolist(), t1.printed.loc["Women"].tolist()
    ([82, 69], [54, 46])
    """
    wanted = _normalise_table_name(name)
    for spec in _load("tables.json")["tables"]:
        if spec["name"] == wanted:
            return _build_table(spec)
    raise _not_found("table", name, tables())


# -- figures ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantitative statement of the report, with its provenance.

    Attributes
    ----------
    figure : str
        The figure's id, e.g. ``"s24_no_transparency"``.
    kind : str
        ``"base"`` (a graph's n=), ``"count"``, ``"percent"``, ``"share"`` (a verbal share
        such as "just over a third"), ``"ratio"``, ``"list"`` (a list of percentages),
        ``"amount"`` (money), ``"external"`` (a figure from another source) or ``"quote"``.
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
        For ratios and counts: ``"about"``, ``"over"``, ``"almost"``, ``"at least"``...
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

    @property
    def where(self) -> str:
        """A short provenance: source, section and page, e.g. ``"Graph 19, section 2.4"``."""
        parts = [] if self.source == "text" else [self.source]
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


def _figure_from_spec(spec: dict[str, Any]) -> Figure:
    value = spec.get("value")
    return Figure(
        figure=spec["id"],
        kind=spec["kind"],
        section=spec["section"],
        source=spec["source"],
        page=spec["page"],
        question=spec["question"],
        option=spec["option"],
        group=spec["group"],
        value=None if value is None else float(value),
        phrase=spec["phrase"],
        count=spec.get("count"),
        base=spec.get("base"),
        decimals=int(spec.get("decimals", 0)),
        values=tuple(float(v) for v in spec.get("values") or ()),
        qualifier=spec["qualifier"],
        claim=spec["claim"],
        wording=spec["wording"],
        restates=copy.deepcopy(spec.get("restates")),
        numerator=copy.deepcopy(spec.get("numerator")),
        denominator=copy.deepcopy(spec.get("denominator")),
        also_in=spec["also_in"],
        note=spec["note"],
    )


def _all_figures() -> tuple[Figure, ...]:
    # Built afresh on each call, so that a caller changing a figure's mappings changes
    # nothing else.
    return tuple(_figure_from_spec(spec) for spec in _load("figures.json")["figures"])


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


def figure_names() -> tuple[str, ...]:
    """Return the ids of every figure, in the order the report prints them (graph bases first).

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.reference.figure_names()[:2]
    ('graph_01_n', 'graph_02_n')
    """
    return tuple(f.figure for f in _all_figures())


def figure(name: str) -> Figure:
    """Return one figure of the report with its provenance.

    Parameters
    ----------
    name : str
        A figure id, as listed by :func:`figure_names`.

    Returns
    -------
    Figure

    Raises
    ------
    tracktr.ReferenceNotFoundError
        If there is no such figure; the message lists close names.

    Examples
    --------
    >>> import tracktr as tt
    >>> f = tt.reference.figure("s24_no_transparency")
    >>> f.value, f.base, f.where
    (94.0, 19, 'Graph 19, section 2.4')
    """
    for f in _all_figures():
        if f.figure == name:
            return f
    raise _not_found("figure", name, figure_names())


def figures(
    *, kind: str | None = None, question: str | None = None, section: str | None = None
) -> pd.DataFrame:
    """Return the report's figures as a tidy DataFrame, one row per figure.

    Parameters
    ----------
    kind : str, optional
        Keep one kind: ``"base"``, ``"count"``, ``"percent"``, ``"share"``, ``"ratio"``,
        ``"list"``, ``"amount"``, ``"external"`` or ``"quote"``.
    question : str, optional
        Keep the figures about one codebook question id.
    section : str, optional
        Keep one report section, e.g. ``"2.4"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``figure, kind, section, source, page, question, option, group, value,
        phrase, count, base, decimals, values, qualifier, claim, wording, restates,
        numerator, denominator, also_in, note`` (see :class:`Figure`). ``count``, ``base``
        and ``decimals`` are nullable integers. A new frame on every call.

    Raises
    ------
    tracktr.InvalidOptionError
        If `kind` is not one of the kinds.

    Examples
    --------
    >>> import tracktr as tt
    >>> bases = tt.reference.figures(kind="base")
    >>> bases.loc[bases["source"] == "Graph 16", ["value", "question"]].values.tolist()
    [[26.0, 'crc_service_new']]
    >>> len(tt.reference.figures(kind="ratio"))
    5
    """
    kinds = ("base", "count", "percent", "share", "ratio", "list", "amount", "external", "quote")
    if kind is not None and kind not in kinds:
        listed = ", ".join(repr(k) for k in kinds)
        msg = f"`kind` must be one of {listed}; got {kind!r}."
        raise InvalidOptionError(msg)
    chosen = tuple(
        _figure_record(f)
        for f in _all_figures()
        if (kind is None or f.kind == kind)
        and (question is None or f.question == question)
        and (section is None or f.section == section)
    )
    return _figures_frame(chosen)


def _checks() -> tuple[dict[str, Any], ...]:
    """Cross-checks between figures declared in ``figures.json`` (used by tracktr.check)."""
    return tuple(_load("figures.json").get("checks", ()))

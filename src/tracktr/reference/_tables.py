"""A table of a report, exactly as printed: :class:`PublishedTable`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from tracktr.exceptions import InvalidCountsError, InvalidOptionError, ReadError
from tracktr.reference._figures import Figure
from tracktr.table import Table
from tracktr.typing import PercentAxis, TableKind

__all__ = ["PublishedTable"]


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
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
    report : str
        The report the table is printed in; empty when not known.

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
    report: str = ""

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
            source=f"{self.report}: {self.source}" if self.report else self.source,
        )

    def to_frame(self, *, layout: Literal["long", "printed"] = "long") -> pd.DataFrame:
        """Return the table as a DataFrame.

        Parameters
        ----------
        layout : {"long", "printed"}, default "long"
            ``"long"``: one row per cell with columns ``row``, ``column``, ``printed``,
            ``count`` and ``base`` (nullable integers, blank where not printed; ``printed``
            is a nullable float for a table printed with decimals), summary rows last with
            ``summary=True``. ``"printed"``: the table as laid out in the report,
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
                printed = self.printed.loc[row, column]
                records.append((row, column, self._number(printed), count, base, False))
        if self.summary is not None:
            summary = self.summary
            records.extend(
                (row, column, self._number(summary.loc[row, column]), None, None, True)
                for row in summary.index
                for column in summary.columns
                if not pd.isna(summary.loc[row, column])  # an average not printed there
            )
        frame = pd.DataFrame(
            records, columns=["row", "column", "printed", "count", "base", "summary"]
        )
        # Printed with decimals, the numbers stay as printed (12.5 was cut to 12).
        frame["printed"] = frame["printed"].astype("Int64" if self.decimals == 0 else "Float64")
        for name in ("count", "base"):
            frame[name] = frame[name].astype("Int64")
        return frame

    def _number(self, value: Any) -> float | int | None:
        """Return a printed percentage as printed: whole, or with its decimals; None if hidden."""
        if pd.isna(value):
            return None  # a cell the report suppressed
        return int(value) if self.decimals == 0 else float(value)

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


def _from_figures(spec: Figure, cells: tuple[Figure, ...]) -> PublishedTable:
    """Build a table from its ``"table"`` row and its ``"cell"`` and ``"average"`` rows."""
    body = [c for c in cells if c.kind == "cell"]
    rows = list(dict.fromkeys(c.row for c in body))
    columns = list(dict.fromkeys(c.column for c in body))
    by_cell = {(c.row, c.column): c for c in body}

    def frame(field_name: str, labels: list[str], source: dict[tuple[str, str], Figure]) -> Any:
        values = [
            [getattr(source[(r, c)], field_name) if (r, c) in source else None for c in columns]
            for r in labels
        ]
        if any(v is None for line in values for v in line):
            return None
        out = pd.DataFrame(values, index=labels, columns=columns)
        return out.astype("int64" if field_name == "count" else "float64")

    printed = frame("value", rows, by_cell)
    if printed is None:  # a cell not listed (suppressed in the report): NaN, the rest kept
        printed = pd.DataFrame(
            [[by_cell[(r, c)].value if (r, c) in by_cell else np.nan for c in columns]
             for r in rows],
            index=rows, columns=columns, dtype="float64",
        )  # fmt: skip
    if (printed == printed.round()).all().all() and not printed.isna().any().any():
        printed = printed.astype("int64")
    counts = frame("count", rows, by_cell)
    axis: PercentAxis = "rows" if spec.axis == "rows" else "columns"
    along = rows if axis == "rows" else columns
    first: dict[str, Figure] = {}  # each group's first cell with a base
    for c in body:
        if c.base is None:
            continue
        group = c.row if axis == "rows" else c.column
        seen = first.setdefault(group, c)
        if c.base != seen.base:
            # read_figures refuses this; a FiguresFile built in code may still hold it.
            word = "row" if axis == "rows" else "column"
            msg = (
                f"table {spec.figure!r}: the cells of {word} {group!r} share one base, but "
                f"row {seen.line} ({seen.figure!r}) prints {seen.base} and row {c.line} "
                f"({c.figure!r}) prints {c.base}."
            )
            hint = "Hint: correct one of the two bases, or check the table's axis."
            raise ReadError(f"{msg}\n\n{hint}", path="", mismatches=(msg,))
    bases = None
    if first and all(label in first for label in along):
        bases = pd.Series([first[label].base for label in along], index=along, dtype="int64")
    averages = [c for c in cells if c.kind == "average"]
    summary = None
    if averages:
        labels = list(dict.fromkeys(c.row for c in averages))
        at = {(c.row, c.column): c.value for c in averages}
        summary_columns = list(dict.fromkeys([*columns, *(c.column for c in averages)]))
        # An average not printed for every column is NaN there, the others kept.
        summary = pd.DataFrame(
            [[at.get((r, c), np.nan) for c in summary_columns] for r in labels],
            index=labels, columns=summary_columns, dtype="float64",
        ).dropna(axis=1, how="all")  # fmt: skip
        if not summary.isna().any().any() and (summary == summary.round()).all().all():
            summary = summary.astype("int64")
    number = "".join(ch for ch in spec.source if ch.isdigit())
    return PublishedTable(
        name=spec.figure,
        number=int(number) if number else 0,
        title=spec.wording,
        question=spec.question,
        kind="crosstab" if axis == "columns" else "grid",
        percent_axis=axis,
        partition=bool(spec.complete),
        printed=printed,
        counts=counts,
        bases=bases,
        implied_base=spec.base,
        summary=summary,
        section=spec.section,
        page=spec.page,
        decimals=spec.decimals,
        base_note=spec.note,
        notes=(),
    )

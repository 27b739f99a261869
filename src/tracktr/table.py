"""The :class:`Table` result: integer counts, the base of every percentage, and notes.

A table stores counts and bases and nothing derived from them: percentages are computed on
demand through :mod:`tracktr.rounding` by the table's named rule, and the notes (small
bases, totals off 100 through rounding, missing answers left out of the base) are written
from the same counts every time they are shown.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr.exceptions import InvalidOptionError, NotAPartitionError
from tracktr.rounding import _check_decimals, percentage_units
from tracktr.typing import PercentAxis, RoundingRule, TableKind, check_choice

__all__ = ["DEFAULT_SMALL_BASE", "Table"]

DEFAULT_SMALL_BASE = 30
"""Bases below this are flagged as small (the report warns about bases of 19 to 34)."""

Layout = Literal["wide", "long", "report"]


@dataclass(frozen=True, slots=True)
class Table:
    """A tabulation: counts, the base of every percentage, the rounding rule and notes.

    Build tables with :func:`tracktr.frequencies`, :func:`tracktr.multi_response`,
    :func:`tracktr.grid` or :func:`tracktr.crosstab`; the constructor is for tables whose
    counts come from elsewhere (a published report, a sum of chunks).

    Attributes
    ----------
    counts : pandas.DataFrame
        Rows are options (or grid items), columns are groups (or scale points). Integers,
        or weighted sums when the table is weighted.
    bases : pandas.Series
        The base of each column's percentages (``percent_axis="columns"``) or of each
        row's (``percent_axis="rows"``).
    question : str
        The question id (or column) tabulated.
    title : str or None
        The question wording, shown above the table.
    kind : {"single", "multi", "grid", "crosstab"}
        What was tabulated.
    percent_axis : {"columns", "rows"}
        Along which axis cells share a base.
    partition : bool
        Whether the counts of each column (row) partition its base, so that its
        percentages should sum to 100. False for multi-response sets, whose
        "% of respondents" legitimately exceed 100.
    rule : RoundingRule
        The rounding rule of the displayed percentages.
    decimals : int
        Decimal places of the displayed percentages.
    base_description : str
        Who is in the base, e.g. "organisations funded by a CRC who answered".
    unweighted_bases : pandas.Series or None
        For weighted tables, the number of respondents behind each weighted base.
    excluded : pandas.DataFrame or None
        Respondents left out of each base, one row per reason (``skipped``,
        ``not_asked``, ``refused``, ``dont_know``), aligned with `bases`.
    small_base : int
        Bases below this are flagged.
    source : str or None
        Where the table comes from, e.g. a report's table number and page.
    extra_notes : tuple of str
        Notes added by the caller, shown after the automatic ones.
    summary_rows : tuple of str
        Rows whose counts are exact weights rather than respondents, such as the
        ``AVERAGE`` row of a grid (the mean of the item shares on a common denominator);
        they are displayed as percentages only.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> table = tt.Table(
    ...     counts=pd.DataFrame({"n": [35, 116]}, index=["Under £100,000", "£100,000 or more"]),
    ...     bases=pd.Series({"n": 151}),
    ...     question="income",
    ... )
    >>> table.percentages()["n"].tolist()
    [23.0, 77.0]
    >>> table.to_frame(layout="report")["n"].tolist()
    ['23 (35)', '77 (116)']
    """

    counts: pd.DataFrame
    bases: pd.Series
    question: str = ""
    title: str | None = None
    kind: TableKind = "single"
    percent_axis: PercentAxis = "columns"
    partition: bool = True
    rule: RoundingRule = "half_up"
    decimals: int = 0
    base_description: str = "respondents who answered"
    unweighted_bases: pd.Series | None = None
    excluded: pd.DataFrame | None = None
    small_base: int = DEFAULT_SMALL_BASE
    source: str | None = None
    extra_notes: tuple[str, ...] = field(default=())
    summary_rows: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        check_choice(self.rule, RoundingRule, name="rule")
        check_choice(self.percent_axis, PercentAxis, name="percent_axis")
        check_choice(self.kind, TableKind, name="kind")
        _check_decimals(self.decimals)
        along = self.counts.columns if self.percent_axis == "columns" else self.counts.index
        if not self.bases.index.equals(along):
            msg = (
                f"`bases` must be indexed like the table's {self.percent_axis} "
                f"{list(along)}; got {list(self.bases.index)}."
            )
            raise InvalidOptionError(msg)
        if self.rule == "largest_remainder" and not self.partition:
            raise NotAPartitionError(_NOT_A_PARTITION)

    # -- numbers ---------------------------------------------------------------------------

    @property
    def weighted(self) -> bool:
        """Whether the counts are weighted sums (an unweighted base is kept beside them)."""
        return self.unweighted_bases is not None

    def _oriented(self, frame: pd.DataFrame) -> pd.DataFrame:
        # Rounding works on one table per row: put the cells that share a base in a row.
        return frame.T if self.percent_axis == "columns" else frame

    def percentage_units(
        self, *, rule: RoundingRule | None = None, decimals: int | None = None
    ) -> pd.DataFrame:
        """Return the rounded percentages as exact integers of ``10**-decimals`` percent.

        Cells whose base is zero hold ``<NA>``.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 7]}), bases=pd.Series({"n": 8}))
        >>> t.percentage_units(decimals=1)["n"].tolist()
        [125, 875]
        """
        units, defined = self._unit_cells(rule, decimals)
        oriented = self._oriented(self.counts)
        frame = pd.DataFrame(units, index=oriented.index, columns=oriented.columns)
        frame = frame.astype("Int64")
        if not defined.all():
            frame.loc[~defined, :] = pd.NA
        return self._oriented(frame)

    def _unit_cells(
        self, rule: RoundingRule | None, decimals: int | None
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        """Return the rounded percentages in display units, one table per row, and a mask.

        The mask says which rows (bases) are defined. Computed from numpy arrays, once
        per rendering.
        """
        rule = self.rule if rule is None else rule
        decimals = self.decimals if decimals is None else decimals
        if rule == "largest_remainder" and not self.partition:
            raise NotAPartitionError(_NOT_A_PARTITION)
        values = self.counts.to_numpy()
        oriented = values.T if self.percent_axis == "columns" else values
        bases = self.bases.to_numpy()
        defined = np.asarray(bases > 0, dtype=bool)
        units: npt.NDArray[Any] = np.zeros(oriented.shape, dtype=np.int64)
        if defined.any():
            # A partition shown without some of its cells (e.g. Table 1 hides "neither")
            # is still rounded cell by cell; largest_remainder needs the whole partition.
            found = percentage_units(
                oriented[defined], bases[defined], rule=rule, decimals=decimals
            )
            if found.dtype == object:
                units = units.astype(object)
            units[defined] = found
        return units, defined

    def percentages(
        self, *, rule: RoundingRule | None = None, decimals: int | None = None
    ) -> pd.DataFrame:
        """Return the rounded percentages, by the table's rule unless another is named.

        Parameters
        ----------
        rule : RoundingRule, optional
            Defaults to the table's `rule`.
        decimals : int, optional
            Defaults to the table's `decimals`.

        Returns
        -------
        pandas.DataFrame
            Floats shaped like `counts`; NaN where a base is zero.

        Raises
        ------
        tracktr.NotAPartitionError
            If ``largest_remainder`` is asked of a multi-response table.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 7]}), bases=pd.Series({"n": 8}))
        >>> t.percentages(rule="half_even")["n"].tolist()
        [12.0, 88.0]
        """
        decimals = self.decimals if decimals is None else decimals
        units, defined = self._unit_cells(rule, decimals)
        return pd.DataFrame(
            self._oriented_array(_percent_array(units, defined, decimals)),
            index=self.counts.index,
            columns=self.counts.columns,
        )

    def _oriented_array(self, values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return values.T if self.percent_axis == "columns" else values

    def with_rounding(
        self, *, rule: RoundingRule | None = None, decimals: int | None = None
    ) -> Table:
        """Return a copy of the table displayed with another rule or number of decimals.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 7]}), bases=pd.Series({"n": 8}))
        >>> t.with_rounding(decimals=1).percentages()["n"].tolist()
        [12.5, 87.5]
        """
        return dataclasses.replace(
            self,
            rule=self.rule if rule is None else rule,
            decimals=self.decimals if decimals is None else decimals,
        )

    def with_notes(self, *notes: str) -> Table:
        """Return a copy of the table with notes added after the automatic ones.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1]}), bases=pd.Series({"n": 1}))
        >>> t.with_notes("Synthetic data.").notes[-1]
        'Synthetic data.'
        """
        return dataclasses.replace(self, extra_notes=(*self.extra_notes, *notes))

    # -- flags and notes -------------------------------------------------------------------

    @property
    def small_bases(self) -> pd.Series:
        """Boolean Series over `bases`: ``True`` where a base is above zero but small.

        The respondent count is used for weighted tables.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"a": [5], "b": [50]}),
        ...              bases=pd.Series({"a": 19, "b": 151}))
        >>> t.small_bases.tolist()
        [True, False]
        """
        n = self.unweighted_bases if self.unweighted_bases is not None else self.bases
        return (n > 0) & (n < self.small_base)

    def rounding_totals(self) -> pd.Series:
        """Sum of the displayed percentages of each partition, in display units.

        Returns an empty Series for tables that are not partitions.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 1, 1]}), bases=pd.Series({"n": 3}))
        >>> t.rounding_totals().tolist()
        [99.0]
        """
        if not self.partition:
            return pd.Series(dtype=float)
        return self._totals(*self._unit_cells(None, None))

    def _totals(self, units: npt.NDArray[Any], defined: npt.NDArray[np.bool_]) -> pd.Series:
        """Return the sum of each partition's displayed percentages (NaN if undefined)."""
        if not self.partition:
            return pd.Series(dtype=float)
        along = self.bases.index
        sums = np.full(len(along), np.nan)
        if units.shape[1]:
            sums[defined] = units[defined].sum(axis=1).astype(float) / 10**self.decimals
        return pd.Series(sums, index=along)

    @property
    def notes(self) -> tuple[str, ...]:
        """The notes printed under the table: base, rule, flags; written from the counts.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 1, 1]}), bases=pd.Series({"n": 3}))
        >>> for note in t.notes:
        ...     print(note)
        Base: respondents who answered (n=3).
        Percentages are rounded half-up to whole numbers.
        Small base: n below 30 for n (n=3); read these percentages with care.
        Percentages of n sum to 99, not 100, because of rounding.
        """
        return self._notes(self.rounding_totals())

    def _notes(self, totals: pd.Series) -> tuple[str, ...]:
        """Return the notes, given the rounding totals (computed once by the caller)."""
        notes = [self.base_line()]
        unit = "whole numbers" if self.decimals == 0 else f"{self.decimals} decimal place(s)"
        notes.append(f"Percentages are rounded {_RULE_WORDS[self.rule]} to {unit}.")
        if not self.partition:
            notes.append(
                "Respondents could give more than one answer, so percentages may sum to "
                "more than 100."
            )
        n = self.unweighted_bases if self.unweighted_bases is not None else self.bases
        n_values = n.to_numpy()
        small = (n_values > 0) & (n_values < self.small_base)
        if small.any():
            listed = ", ".join(
                f"{label} (n={_fmt(value)})"
                for label, value, flag in zip(n.index.tolist(), n_values, small, strict=True)
                if flag
            )
            notes.append(
                f"Small base: n below {self.small_base} for {listed}; "
                "read these percentages with care."
            )
        zero = self.bases.to_numpy() == 0
        if zero.any():
            listed = ", ".join(str(label) for label in self.bases.index[zero])
            notes.append(f"No respondents in the base of {listed}: percentages are undefined.")
        full = 100.0
        for label, total in zip(totals.index.tolist(), totals.to_numpy(), strict=True):
            if not np.isnan(total) and total != full:
                notes.append(
                    f"Percentages of {label} sum to {_fmt(total)}, not 100, because of rounding."
                )
        if self.weighted:
            notes.append("Counts are weighted; n is the number of respondents.")
        notes.extend(self.extra_notes)
        return tuple(notes)

    def base_line(self) -> str:
        """Return the base statement, e.g. "Base: organisations funded by a CRC (n=25).".

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"CRC": [2], "All": [35]}),
        ...              bases=pd.Series({"CRC": 34, "All": 151}))
        >>> t.base_line()
        'Base: respondents who answered (CRC n=34; All n=151).'
        """
        n = self.unweighted_bases if self.unweighted_bases is not None else self.bases
        unique = pd.unique(n.to_numpy())
        if len(unique) == 1:
            return f"Base: {self.base_description} (n={_fmt(unique[0])})."
        listed = "; ".join(f"{label} n={_fmt(value)}" for label, value in n.items())
        return f"Base: {self.base_description} ({listed})."

    # -- export ----------------------------------------------------------------------------

    def to_frame(self, *, layout: Layout = "wide") -> pd.DataFrame:
        """Return the table as a DataFrame.

        Parameters
        ----------
        layout : {"wide", "long", "report"}
            ``"wide"``: for each column, its count and its percentage side by side, with
            the base in a last row. ``"long"``: one tidy row per cell with ``row``,
            ``column``, ``count``, ``base`` and ``percent``. ``"report"``: strings in the
            report's "59 (89)" style, percentage first.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"All": [1, 7]}, index=["Yes", "No"]),
        ...              bases=pd.Series({"All": 8}))
        >>> t.to_frame(layout="long")
          row column  count  base  percent
        0  Yes    All      1     8     13.0
        1   No    All      7     8     88.0
        """
        check_choice(layout, Layout, name="layout")
        pct = self.percentages()
        shown = self._displayed_counts()
        if layout == "long":
            long = pd.DataFrame(shown.stack(future_stack=True), columns=["count"]).reset_index()
            long.columns = pd.Index(["row", "column", "count"])
            long["base"] = [
                self.bases[c if self.percent_axis == "columns" else r]
                for r, c in zip(long["row"], long["column"], strict=True)
            ]
            long["percent"] = pct.stack(future_stack=True).to_numpy()
            return long
        if layout == "report":
            cells = {
                column: [
                    _fmt_pct(p, self.decimals) + ("" if pd.isna(c) else f" ({_fmt(c)})")
                    for p, c in zip(pct[column], shown[column], strict=True)
                ]
                for column in self.counts.columns
            }
            return pd.DataFrame(cells, index=self.counts.index)
        parts = {}
        for column in self.counts.columns:
            parts[(column, "count")] = shown[column]
            parts[(column, "percent")] = pct[column]
        wide = pd.DataFrame(parts, index=self.counts.index)
        wide.columns = pd.MultiIndex.from_tuples(list(parts))
        return wide

    def _displayed_counts(self) -> pd.DataFrame:
        """Return counts as shown: summary rows (exact weights, not respondents) are blank."""
        if not self.summary_rows:
            return self.counts
        shown = self.counts.astype(object).copy()
        shown.loc[list(self.summary_rows), :] = pd.NA
        return shown

    def _rendered(self) -> tuple[list[Any], list[Any], list[list[str]], tuple[str, ...]]:
        """Columns, row labels, "% (n)" cells with the base, and notes of the display.

        The percentages are computed once, from numpy arrays, for both cells and notes.
        """
        units, defined = self._unit_cells(None, None)
        percent = self._oriented_array(_percent_array(units, defined, self.decimals))
        counts = self.counts.to_numpy()
        blank = pd.isna(counts).tolist()
        hidden = {*self.summary_rows}
        columns, index = self.counts.columns.tolist(), self.counts.index.tolist()
        summary = [label in hidden for label in index]
        rows = [
            [
                _fmt_pct(p, self.decimals) + ("" if hide or gap else f" ({_fmt(c)})")
                for p, c, gap in zip(p_row, c_row, gap_row, strict=True)
            ]
            for p_row, c_row, gap_row, hide in zip(
                percent.tolist(), counts.tolist(), blank, summary, strict=True
            )
        ]
        if self.percent_axis == "columns":
            n = self.unweighted_bases if self.unweighted_bases is not None else self.bases
            rows.append([f"n={_fmt(v)}" for v in n.to_numpy().tolist()])
            index.append("Base")
        else:
            columns.append("Base")
            for row, hide, v in zip(rows, summary, self.bases.to_numpy().tolist(), strict=True):
                row.append("" if hide else f"n={_fmt(v)}")
        return columns, index, rows, self._notes(self._totals(units, defined))

    def _display_frame(self) -> pd.DataFrame:
        columns, index, rows, _ = self._rendered()
        return pd.DataFrame(rows, index=pd.Index(index), columns=pd.Index(columns))

    def to_markdown(self) -> str:
        """Return the table as Markdown: title, a pipe table of "% (n)" cells, and notes.

        Cells read as the report prints them: "59 (89)" is 59% of the base, 89 respondents.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"All": [1, 7]}, index=["Yes", "No"]),
        ...              bases=pd.Series({"All": 8}), title="Any change?")
        >>> print(t.to_markdown())
        **Any change?**
        <BLANKLINE>
        |      | All    |
        |------|--------|
        | Yes  | 13 (1) |
        | No   | 88 (7) |
        | Base | n=8    |
        <BLANKLINE>
        - Base: respondents who answered (n=8).
        - Percentages are rounded half-up to whole numbers.
        - Small base: n below 30 for All (n=8); read these percentages with care.
        - Percentages of All sum to 101, not 100, because of rounding.
        """
        columns, index, cells, notes = self._rendered()
        header = ["", *(_md(c) for c in columns)]
        rows = [[_md(i), *(_md(v) for v in row)] for i, row in zip(index, cells, strict=True)]
        widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]

        def line(cells: list[str]) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

        lines = []
        if self.title:
            lines += [f"**{_md(self.title)}**", ""]
        lines.append(line(header))
        lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        lines += [line(r) for r in rows]
        lines.append("")
        lines += [f"- {_md(note)}" for note in notes]
        return "\n".join(lines)

    def to_html(self) -> str:
        """Return the table as accessible HTML: a caption, header cells with scope, notes.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"All": [1, 7]}, index=["Yes", "No"]),
        ...              bases=pd.Series({"All": 8}), title="Any change?")
        >>> "<caption>Any change?</caption>" in t.to_html()
        True
        """
        frame = self._display_frame()
        esc = html.escape
        head = "".join(f'<th scope="col">{esc(str(c))}</th>' for c in frame.columns)
        body = "".join(
            f'<tr><th scope="row">{esc(str(i))}</th>'
            + "".join(f"<td>{esc(str(v))}</td>" for v in row)
            + "</tr>"
            for i, row in zip(frame.index, frame.to_numpy(), strict=True)
        )
        caption = f"<caption>{esc(self.title or self.question)}</caption>"
        notes = "".join(f"<li>{esc(n)}</li>" for n in self.notes)
        return (
            f'<table class="tracktr-table">{caption}<thead><tr><td></td>{head}</tr></thead>'
            f'<tbody>{body}</tbody></table><ul class="tracktr-notes">{notes}</ul>'
        )

    def to_excel(self, path_or_writer: object, *, sheet: str | None = None) -> None:
        """Write the table to a formatted Excel sheet (see :func:`tracktr.io.write_table`).

        Percentages are numbers with a percent format, counts beside them, then the base
        and the notes; text a spreadsheet would run as a formula is neutralised.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"All": [1, 7]}), bases=pd.Series({"All": 8}),
        ...              question="q1")
        >>> t.to_excel(pathlib.Path(tempfile.mkdtemp()) / "q1.xlsx")
        """
        from tracktr.io.excel import write_table

        write_table(self, path_or_writer, sheet=sheet)

    def to_latex(self, *, label: str | None = None) -> str:
        r"""Return the table as a LaTeX float (see :func:`tracktr.io.table_to_latex`).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"All": [1, 7]}), bases=pd.Series({"All": 8}))
        >>> print(t.to_latex().splitlines()[3])
        \begin{tabular}{lr}
        """
        from tracktr.io.latex import table_to_latex

        return table_to_latex(self, label=label)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        frame = self._display_frame()
        text = frame.to_string()
        title = f"{self.title}\n" if self.title else ""
        return title + text + "\n" + "\n".join(f"  {n}" for n in self.notes)

    def __repr__(self) -> str:
        n = self.unweighted_bases if self.unweighted_bases is not None else self.bases
        return (
            f"Table(question={self.question!r}, kind={self.kind!r}, "
            f"shape={self.counts.shape}, bases={dict(n.items())}, rule={self.rule!r})"
        )


def _md(value: object) -> str:
    """Return a label as one Markdown table cell: "|" escaped, line breaks as spaces."""
    text = str(value)
    if "\n" not in text and "\r" not in text:  # the common case, without a regex
        return text.replace("|", "\\|")
    return re.sub(r"\s*[\r\n]+\s*", " ", str(value)).replace("|", "\\|")


_NOT_A_PARTITION = (
    "largest_remainder makes the shares of one partition sum to exactly 100, but this "
    "table's percentages are '% of respondents' of a multi-response set, which "
    "legitimately sum to more than 100.\n\nHint: use rule='half_up' for this table."
)

_RULE_WORDS: dict[str, str] = {
    "half_up": "half-up",
    "half_even": "half-to-even",
    "half_down": "half-down",
    "floor": "down (truncated)",
    "ceil": "up (ceiling)",
    "largest_remainder": "by largest remainder (each partition sums to 100)",
    "double_half_up": "half-up to one more decimal, then half-up again,",
}


def _fmt(value: object) -> str:
    """Format a count or base: integers without a decimal point."""
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return "n/a"
    if number == int(number):
        return str(int(number))
    return f"{number:.1f}"


def _percent_array(
    units: npt.NDArray[Any], defined: npt.NDArray[np.bool_], decimals: int
) -> npt.NDArray[np.float64]:
    """Display units as float percentages, NaN along undefined bases (one per row)."""
    percent: npt.NDArray[np.float64] = units.astype(float) / 10.0**decimals
    percent[~defined] = np.nan
    return percent


def _fmt_pct(value: float, decimals: int) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:.{decimals}f}"

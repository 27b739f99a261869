"""The results: one protected table (``Suppression``) and a protected set of them.

A protected table publishes through the same writers as a :class:`~tracktr.Table`
(Markdown, HTML, LaTeX, Excel, :func:`tracktr.io.write_report`), with the marker in
place of every hidden number, and notes written so that they print no hidden number.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import pandas as pd

from tracktr._pooled import unnumbered_panel_note
from tracktr._table_text import (
    EFFECTIVE_WHAT,
    ZERO_WEIGHT,
    ZERO_WEIGHT_UNCOUNTED,
    no_column_count,
    rounding_sum_note,
)
from tracktr._text import label_text, markdown_text
from tracktr.table import Table

if TYPE_CHECKING:
    from tracktr.disclosure._model import Model
    from tracktr.disclosure._solve import Requirement
    from tracktr.io._layout import Layout

__all__ = ["DEFAULT_MARKER", "DEFAULT_THRESHOLD", "ProtectedSet", "Suppression"]

DEFAULT_THRESHOLD = 5
"""Counts from 1 to ``DEFAULT_THRESHOLD - 1`` organisations are sensitive."""

DEFAULT_MARKER = "[c]"
"""The marker of a suppressed cell ("confidential", as the UK statistics code writes it)."""

BASE = "Base"
_CELL_COLUMNS = ["row", "column", "count", "reason", "low", "high"]
_AUDIT_COLUMNS = [*_CELL_COLUMNS, "n", "sensitivity", "needed", "met"]


@dataclass(frozen=True, slots=True)
class Suppression:
    """A table as published after disclosure control, and what was hidden and why.

    Attributes
    ----------
    table : Table
        The table before suppression (its hidden numbers are not published).
    threshold : int
        Counts ``1 <= n < threshold`` (of organisations, unweighted) were sensitive.
    marker : str
        Shown in place of a hidden count and its percentage.
    suppressed : pandas.DataFrame
        Booleans shaped like ``table.counts``: which cells are hidden.
    suppressed_bases : pandas.Series
        Booleans over ``table.bases``: which bases are hidden (the percentages over a
        hidden base are hidden too).
    cells : pandas.DataFrame
        One row per hidden number: ``row``, ``column``, ``count``, ``reason``
        (``"primary"``: sensitive; ``"secondary"``: hidden to protect another; in a
        weighted tab book, ``"weighted"``: hidden for the weighted figure printed in the
        cell, whose value and interval, in weighted units, the row gives), and
        ``low``, ``high``: the interval a reader can prove from everything published in
        the set (``inf``: no upper bound). A hidden base of a weighted table has two
        rows: the weighted base, and the respondents printed as ``n=``.
    checks : pandas.DataFrame
        `cells` with the audit: ``n`` (respondents), ``sensitivity``, ``needed`` (the
        requirement in words) and ``met``; see :meth:`audit`. Then one row for each
        sensitive count of the table that no table prints but a reader works out
        (``reason`` ``"derived"``): the respondents of the total in no group (column
        ``"(no group)"``), of a base in no option shown (``"(no option shown)"``), or
        of an outer group in none of its nested groups (``"North / (no group)"``).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> counts = pd.DataFrame({"CRC": [2, 10, 12], "NPS": [9, 11, 8]},
    ...                       index=["Yes", "No", "Don't know"])
    >>> table = tt.Table(counts=counts.assign(All=counts.sum(axis=1)),
    ...                  bases=pd.Series({"CRC": 24, "NPS": 28, "All": 52}))
    >>> result = tt.disclosure.suppress(table, threshold=3)
    >>> result
    Suppression(question='', threshold=3, primary=1, secondary=3, bases hidden=0)
    >>> result.display_frame()
                    CRC      NPS      All
    Yes             [c]      [c]  21 (11)
    No          42 (10)  39 (11)  40 (21)
    Don't know      [c]      [c]  38 (20)
    Base           n=24     n=28     n=52
    """

    table: Table
    threshold: int
    marker: str
    suppressed: pd.DataFrame
    suppressed_bases: pd.Series
    cells: pd.DataFrame
    checks: pd.DataFrame

    def __repr__(self) -> str:
        primary = int((self.cells["reason"] == "primary").sum())
        return (
            f"Suppression(question={self.table.question!r}, threshold={self.threshold}, "
            f"primary={primary}, secondary={len(self.cells) - primary}, "
            f"bases hidden={int(self.suppressed_bases.sum())})"
        )

    @property
    def hidden_percentages(self) -> pd.DataFrame:
        """Booleans shaped like the counts: percentages hidden (a hidden cell or base)."""
        hidden = self.suppressed.copy()
        if self.table.percent_axis == "columns":
            for column, flag in self.suppressed_bases.items():
                if flag:
                    hidden[column] = True
        else:
            for row, flag in self.suppressed_bases.items():
                if flag:
                    hidden.loc[row, :] = True
        return hidden

    def _published(self) -> Table:
        """Return the table whose percentages are printed.

        Largest-remainder rounding gives a published cell its extra unit by comparing its
        remainder with those of the hidden cells of its base, so a printed percentage
        tells the reader about the hidden counts (it narrowed a hidden 1 to 1-4). A
        table with anything hidden is printed rounded half up instead, each percentage
        from its own count and base; the note states the rule.
        """
        hidden = bool(self.suppressed.to_numpy().any()) or bool(self.suppressed_bases.any())
        if self.table.rule == "largest_remainder" and hidden:
            return dataclasses.replace(self.table, rule="half_up")
        return self.table

    def _bases_shown(self) -> pd.Series:
        n = self.table.unweighted_bases if self.table.weighted else self.table.bases
        assert n is not None
        return n[~self.suppressed_bases.to_numpy(dtype=bool)]

    def base_line(self) -> str:
        """Return the base statement, with the marker for a hidden base.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}))
        >>> tt.disclosure.suppress(t).base_line()
        'Base: respondents who answered (n=101).'
        """
        table = self.table
        if not self.suppressed_bases.any():
            return table.base_line()
        n = table.unweighted_bases if table.weighted else table.bases
        assert n is not None
        listed = "; ".join(
            f"{label_text(label)} n={self.marker if hide else _fmt(value)}"
            for (label, value), hide in zip(
                n.items(), self.suppressed_bases.to_numpy(dtype=bool), strict=True
            )
        )
        return f"Base: {table.base_description} ({listed})."

    @property
    def notes(self) -> tuple[str, ...]:
        """The notes printed under the published table; none prints a hidden number.

        The base line marks hidden bases; the small-base and empty-base notes list only
        published bases; the note on percentages summing to other than 100 is kept for a
        column (or row) whose percentages and base are all printed, and left out where one
        is hidden (it would tell the hidden percentages' sum); a last note says what the
        marker means.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> counts = pd.DataFrame({"a": [1, 10, 10], "b": [10, 10, 10]})
        >>> t = tt.Table(counts=counts, bases=counts.sum())
        >>> [n for n in tt.disclosure.suppress(t).notes if "rounding" in n]
        ['Percentages of b sum to 99, not 100, because of rounding.']
        """
        table = self._published()
        shown = self._bases_shown()
        small = shown[(shown > 0) & (shown < table.small_base)]
        automatic = {
            table.base_line(),
            *(n for n in table.notes if n.startswith(("Small base:", "No respondents in"))),
        }
        printed_sums = self._printed_rounding_notes(table)
        kept: list[str] = [self.base_line()]
        for note in table.notes:
            if note in automatic or ("because of rounding" in note and note not in printed_sums):
                continue
            if note.startswith(ZERO_WEIGHT):  # its numbers could give a hidden base away
                kept.append(ZERO_WEIGHT_UNCOUNTED)
                continue
            if note.startswith("Effective base") and table.effective_bases is not None:
                # An effective base is at most its respondents, and equal to them when
                # the weights are: it is printed for published bases only.
                kept.append(self._effective_line(table.effective_bases))
                continue
            kept.append(self._counted_note(note))
            if note.startswith("Percentages are rounded"):
                if len(small):
                    listed = ", ".join(
                        f"{label_text(label)} (n={_fmt(v)})" for label, v in small.items()
                    )
                    kept.append(
                        f"Small base: n below {table.small_base} for {listed}; "
                        "read these percentages with care."
                    )
                hidden_b = self.suppressed_bases.to_numpy(dtype=bool)
                zero = table.bases[(table.bases == 0).to_numpy() & ~hidden_b]
                if len(zero):
                    listed = ", ".join(label_text(label) for label in zero.index)
                    kept.append(
                        f"No respondents in the base of {listed}: percentages are undefined."
                    )
        kept.append(
            f"{self.marker}: suppressed to protect respondents: counts below "
            f"{self.threshold}, and further cells from which they could be worked out."
        )
        return tuple(kept)

    def _printed_rounding_notes(self, table: Table) -> set[str]:
        """Return the rounding notes of the partitions whose every percentage is printed.

        A reader adds those printed percentages up to the same total, so the note tells
        nothing hidden; a partition with a hidden percentage or base keeps its sum to
        itself. A note worded alike for a hidden partition is never kept.
        """
        totals = table.rounding_totals()
        if totals.empty:
            return set()
        hidden = self.hidden_percentages.to_numpy(dtype=bool)
        lines = hidden.any(axis=0) if table.percent_axis == "columns" else hidden.any(axis=1)
        lines = lines | self.suppressed_bases.to_numpy(dtype=bool)
        printed: set[str] = set()
        withheld: set[str] = set()
        for label, total, hide in zip(totals.index, totals.to_numpy(), lines, strict=True):
            note = rounding_sum_note(label, float(total), table.decimals)
            if note is not None:
                (withheld if hide else printed).add(note)
        return printed - withheld

    def _counted_note(self, note: str) -> str:
        """Return a note that counts respondents, without their number if sensitive.

        Every table kind's notes pass here. The respondents in no column are those a
        reader works out by subtraction (what protection keeps from being narrowed), and
        the organisations of pooled waves that answered several of them are at most each
        of those waves' bases: printed below the threshold, or beside a hidden base,
        either number would give away what is hidden. No note tracktr writes lists
        respondents' ids (the panel note names the id column only). Counts of those who
        answered only don't know, or ticked it beside other options, are hidden where
        they are 1 to ``threshold - 1``, as a printed cell of theirs would be.
        """
        from tracktr.tabulate._multi import protected_dont_know_note

        labels = list(self.table.counts.columns)
        masked = protected_dont_know_note(
            note, labels, threshold=self.threshold, marker=self.marker
        )
        if masked is not None:
            return masked
        found = no_column_count(note)
        if found is None:
            # Of pooled waves: how many organisations answered more than one of them.
            hidden_base = bool(self.suppressed_bases.any())
            return unnumbered_panel_note(note, hidden_base=hidden_base, threshold=self.threshold)
        count, by = found
        if count >= self.threshold and not self.suppressed_bases.any():
            return note
        return f"Some respondents with no answer to {by} are in no column."

    def _effective_line(self, effective: pd.Series) -> str:
        hidden = self.suppressed_bases.to_numpy(dtype=bool)
        # Whole respondents rounded down, as the table states them (never overstated).
        shown = [
            self.marker if hide else str(int(np.floor(float(v) + 1e-9)))
            for v, hide in zip(effective, hidden, strict=True)
        ]
        if len(set(shown)) == 1 and not hidden.any():
            return f"Effective base ({EFFECTIVE_WHAT}): {shown[0]}."
        pairs = zip(effective.index, shown, strict=True)
        listed = "; ".join(f"{label_text(label)} {text}" for label, text in pairs)
        return f"Effective bases ({EFFECTIVE_WHAT}): {listed}."

    def display_frame(self) -> pd.DataFrame:
        """Return the published table as strings: "% (n)" cells, the marker where hidden.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}, index=["a", "b", "c"]),
        ...              bases=pd.Series({"n": 101}))
        >>> tt.disclosure.suppress(t).display_frame()["n"].tolist()
        ['[c]', '[c]', '59 (60)', 'n=101']
        """
        from tracktr.io._layout import report_cell

        lay = self.publication_layout()
        frame = pd.DataFrame(
            [[report_cell(cell, lay.decimals) for cell in cells] for _, cells in lay.rows],
            index=self.table.counts.index,
            columns=self.table.counts.columns,
            dtype=object,
        )
        shown_n = [lay.base_text(b) for b in lay.bases]
        if self.table.percent_axis == "columns":
            base_row = pd.DataFrame([shown_n], columns=frame.columns, index=pd.Index([BASE]))
            return pd.concat([frame, base_row])
        frame[BASE] = shown_n
        return frame

    def to_frame(self) -> pd.DataFrame:
        """Return the table as it is published: :meth:`display_frame`, hidden numbers marked.

        As :meth:`tracktr.Table.to_frame` is the table, this is the protected table, so
        that ``protected.to_frame().to_csv(...)`` publishes what may be published. (It
        returned the hidden numbers before, which written out published them.) The
        hidden numbers are :meth:`hidden_cells`.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}))
        >>> tt.disclosure.suppress(t).to_frame()["n"].tolist()
        ['[c]', '[c]', '59 (60)', 'n=101']
        """
        return self.display_frame()

    def hidden_cells(self) -> pd.DataFrame:
        """Return the hidden numbers, one row each (a copy of `cells`): never to publish.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}))
        >>> tt.disclosure.suppress(t).hidden_cells()["reason"].tolist()
        ['primary', 'secondary']
        """
        return self.cells.copy()

    def audit(self) -> pd.DataFrame:
        """Return each hidden number's interval as a reader can prove it, and the verdict.

        The interval comes from linear programmes over everything published in the set
        (cells, totals, bases, the other tables). ``needed`` states the requirement of a
        sensitive number (the interval's width, that it reaches the threshold) or, for a
        complementary one, that it is not pinned to one value; ``met`` flags it. A
        count no table prints but a reader works out (the total less its groups: the
        respondents with no group) is listed with ``reason`` ``"derived"`` when it is
        sensitive, and must meet the same requirement. A hidden weighted base is listed
        as ``"Base"`` and the respondents behind it (``n=``) as ``"Base (n)"``.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [40, 2, 1]}), bases=pd.Series({"n": 43}))
        >>> tt.disclosure.suppress(t, secondary=False).audit()[["count", "low", "high", "met"]]
           count  low  high    met
        0      2    0     3  False
        1      1    0     3  False
        """
        return self.checks.copy()

    def publication_layout(self) -> Layout:
        """Return what every writer shows (the publishable-table protocol of io)."""
        from tracktr.io._layout import table_layout

        return table_layout(
            self._published(),
            hidden_counts=self.suppressed,
            hidden_percentages=self.hidden_percentages,
            hidden_bases=self.suppressed_bases,
            marker=self.marker,
            notes=self.notes,
            base_line=self.base_line(),
        )

    def to_html(self) -> str:
        """Return the published table as accessible HTML (caption, base, notes).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}))
        >>> "<td>[c]</td>" in tt.disclosure.suppress(t).to_html()
        True
        """
        from tracktr.io.report import table_html

        return table_html(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_excel(self, path_or_writer: object, *, sheet: str | None = None) -> None:
        """Write the published table to an Excel sheet (see :func:`tracktr.io.write_table`).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}),
        ...              question="q")
        >>> tt.disclosure.suppress(t).to_excel(pathlib.Path(tempfile.mkdtemp()) / "q.xlsx")
        """
        from tracktr.io.excel import write_table

        write_table(self, path_or_writer, sheet=sheet)

    def to_latex(self, *, label: str | None = None) -> str:
        r"""Return the published table as a LaTeX float (see :func:`tracktr.io.table_to_latex`).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}), bases=pd.Series({"n": 101}))
        >>> "[c]" in tt.disclosure.suppress(t).to_latex()
        True
        """
        from tracktr.io.latex import table_to_latex

        return table_to_latex(self, label=label)

    def to_markdown(self) -> str:
        """Return the published table as Markdown, with its notes.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [1, 40, 60]}, index=["a", "b", "c"]),
        ...              bases=pd.Series({"n": 101}), small_base=0)
        >>> print(tt.disclosure.suppress(t).to_markdown())
        |      | n       |
        |------|---------|
        | a    | [c]     |
        | b    | [c]     |
        | c    | 59 (60) |
        | Base | n=101   |
        <BLANKLINE>
        - Base: respondents who answered (n=101).
        - Percentages are rounded half-up to whole numbers.
        - [c]: suppressed to protect respondents: counts below 5, and further cells ...
        """
        frame = self.display_frame()
        # Escaped as every writer does (tracktr._text): markup, "|", control characters.
        # A stacked banner's (banner, group) label reads "banner: group", as in the
        # table's own Markdown, HTML and LaTeX (not as a Python tuple).
        header = ["", *(markdown_text(label_text(c)) for c in frame.columns)]
        rows = [
            [markdown_text(label_text(i)), *(markdown_text(v) for v in row)]
            for i, row in zip(frame.index, frame.to_numpy(), strict=True)
        ]
        widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]

        def line(cells: list[str]) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

        title = markdown_text(self.table.title, cell=False)
        lines = [f"**{title}**", ""] if self.table.title else []
        lines.append(line(header))
        lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        lines += [line(r) for r in rows]
        lines.append("")
        lines += [f"- {markdown_text(note, cell=False)}" for note in self.notes]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ProtectedSet(Sequence[Suppression]):
    """Tables protected together: a sequence of one ``Suppression`` per table.

    It can be passed wherever a sequence of tables is written, e.g.
    :func:`tracktr.io.write_report`.

    Attributes
    ----------
    tables : tuple of Suppression
        In the order given to :func:`~tracktr.disclosure.protect`.
    threshold : int
        Counts of 1 to ``threshold - 1`` organisations were sensitive.
    method : str
        How the complementary numbers were chosen: ``"milp"``, ``"heuristic"``, or
        ``"none"`` (nothing sensitive, or ``secondary=False``).
    hidden : int
        How many distinct numbers are hidden (a number shared by two tables counts once).
    loss : float
        The sum of the hidden numbers (weighted where the tables are weighted).
    notes : tuple of str
        What the audit cannot vouch for: each pair of questions whose tables hide a
        number where one question's counts are sums of the other's options in several
        ways (or the search for them gave up), so that it may be a recode the model
        could not link. Empty where there is none; ``met`` is False where there is.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> t = tt.Table(counts=pd.DataFrame({"n": [40, 2, 1]}), bases=pd.Series({"n": 43}))
    >>> published = tt.disclosure.protect([t])
    >>> len(published), published.met
    (1, True)
    >>> published.hidden_cells()[["table", "row", "count", "reason"]]
       table  row  count     reason
    0      0    0     40  secondary
    1      0    1      2    primary
    2      0    2      1    primary
    """

    tables: tuple[Suppression, ...]
    threshold: int
    method: str
    hidden: int
    loss: float
    notes: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[Suppression]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    @overload
    def __getitem__(self, index: int) -> Suppression: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Suppression, ...]: ...

    def __getitem__(self, index: int | slice) -> Suppression | tuple[Suppression, ...]:
        return self.tables[index]

    def __repr__(self) -> str:
        return (
            f"ProtectedSet(tables={len(self.tables)}, threshold={self.threshold}, "
            f"method={self.method!r}, hidden={self.hidden}, requirements met={self.met}"
            + (f", notes={len(self.notes)})" if self.notes else ")")
        )

    @property
    def met(self) -> bool:
        """Whether every requirement of every table is met, and the audit can vouch for it.

        False also where ``notes`` name a pair of questions that may be a recode the
        model could not link: the audit's intervals may then be wider than a reader's.
        Declaring the recode (``protect(..., recodes=...)``), or that there is none,
        settles it.
        """
        return not self.notes and all(bool(s.checks["met"].all()) for s in self.tables)

    def audit(self) -> pd.DataFrame:
        """Return every table's audit, with a ``table`` column (its position in the set).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [40, 2, 1]}), bases=pd.Series({"n": 43}))
        >>> tt.disclosure.protect([t]).audit()["met"].all()
        np.True_
        """
        return _stack([s.checks for s in self.tables], _AUDIT_COLUMNS)

    def to_frame(self) -> pd.DataFrame:
        """Return every table as it is published, one above the other under a ``table`` level.

        Each is :meth:`Suppression.to_frame`, its hidden numbers marked; the rows are
        keyed by (position in the set, row). The hidden numbers are :meth:`hidden_cells`.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [40, 2, 1]}), bases=pd.Series({"n": 43}))
        >>> tt.disclosure.protect([t, t]).to_frame().loc[1, "n"].tolist()
        ['[c]', '[c]', '[c]', 'n=43']
        """
        frames = {k: s.to_frame() for k, s in enumerate(self.tables)}
        return pd.concat(frames, names=["table", "row"])

    def hidden_cells(self) -> pd.DataFrame:
        """Return every hidden number of every table, with a ``table`` column: never to publish.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"n": [40, 2, 1]}), bases=pd.Series({"n": 43}))
        >>> len(tt.disclosure.protect([t, t]).hidden_cells())
        6
        """
        return _stack([s.cells for s in self.tables], _CELL_COLUMNS)

    @classmethod
    def from_model(
        cls,
        tables: Sequence[Table],
        *,
        model: Model,
        hidden: set[int],
        requirements: Sequence[Requirement],
        intervals: dict[int, tuple[float, float]],
        threshold: int,
        marker: str,
        method: str,
    ) -> ProtectedSet:
        """Build the results from the solved model (used by :func:`protect`)."""
        needs = {r.var: r for r in requirements}
        results = []
        for t, table in enumerate(tables):
            mask = pd.DataFrame(False, index=table.counts.index, columns=table.counts.columns)
            base_mask = pd.Series(False, index=table.bases.index)
            rows: list[dict[str, Any]] = []
            positions = sorted(model.positions[t].items(), key=lambda kv: kv[0][0] != "count")
            for (what, i, j), k in positions:
                if k not in hidden:
                    continue
                row: Hashable
                column: Hashable
                if what == "count":
                    mask.iloc[i, j] = True
                    row, column = table.counts.index[i], table.counts.columns[j]
                else:  # a base, or the respondents printed for a weighted base
                    base_mask.iloc[i] = True
                    label = table.bases.index[i]
                    # A weighted base and the respondents behind it are two numbers: the
                    # audit listed both as "Base", one above the other.
                    base = BASE if what == "base" else f"{BASE} (n)"
                    row, column = (
                        (base, label) if table.percent_axis == "columns" else (label, base)
                    )
                low, high = intervals.get(k, (np.nan, np.nan))
                need = needs.get(k)
                value = float(model.values[k])
                rows.append(
                    {
                        "row": row,
                        "column": column,
                        "count": int(value) if model.integral[k] else value,
                        "reason": "primary" if need is not None else "secondary",
                        "low": _tidy(low, model.integral[k]),
                        "high": _tidy(high, model.integral[k]),
                        "n": int(model.respondents[k]),
                        "sensitivity": "" if need is None else need.sensitivity,
                        "needed": _needed(need, model.integral[k]),
                        "met": (low < high) if need is None else need.met((low, high)),
                    }
                )
            printed = len(rows)
            rows += _derived_rows(t, model, needs, intervals)
            checks = pd.DataFrame(rows, columns=_AUDIT_COLUMNS)
            bounds = checks[["low", "high"]].astype(float)
            values = bounds.to_numpy()
            # Whole numbers only: a weighted bound of 2.7 cast to int64 printed 2.
            if len(checks) and np.isfinite(values).all() and (np.floor(values) == values).all():
                checks = checks.astype({"low": "int64", "high": "int64"})
            elif len(checks):
                checks[["low", "high"]] = bounds
            results.append(
                Suppression(
                    table=table,
                    threshold=threshold,
                    marker=marker,
                    suppressed=mask,
                    suppressed_bases=base_mask,
                    cells=checks[_CELL_COLUMNS].iloc[:printed].copy(),
                    checks=checks,
                )
            )
        shown = {k for k in hidden if k not in model.derived}  # what a table prints
        loss = float(sum(model.values[k] for k in shown))
        notes = _unlinked_notes(tables, model, hidden)
        return cls(tuple(results), threshold, method, len(shown), loss, notes)


def _unlinked_notes(tables: Sequence[Table], model: Model, hidden: set[int]) -> tuple[str, ...]:
    """Say which pairs of questions may be a recode the model could not link.

    Only a pair with a hidden number in either table: where nothing of theirs is
    hidden, the recode gives the reader nothing. One note per pair of questions.
    """
    from tracktr.disclosure._coarse import BUDGET

    found: dict[tuple[str, str, str], list[int]] = {}
    for f, c, why in model.unlinked:
        if not any(k in hidden for t in (f, c) for k in model.positions[t].values()):
            continue
        key = (str(tables[f].question), str(tables[c].question), why)
        found.setdefault(key, []).extend((f, c))  # positions, as the audit's `table`
    notes = []
    for (fine, coarse, why), where in found.items():
        how = (
            f"the search for groups of the options of {fine!r} whose sums are the counts "
            f"of {coarse!r} gave up"
            if why == BUDGET
            else f"the counts of {coarse!r} are sums of groups of the options of {fine!r} "
            "in more than one way"
        )
        notes.append(
            f"The tables at positions {sorted(set(where))} of the set (the audit's "
            f"`table`): {coarse!r} may be a recode of {fine!r} that the model could not "
            f"link ({how}); a reader who knows the recode may work out hidden numbers "
            "the audit does not show. Hint: declare it, "
            f"recodes={{{coarse!r}: ({fine!r}, {{label: [options]}})}}, or that it is "
            f"none, recodes={{{coarse!r}: None}} (which settles every note of {coarse!r}), "
            "given to protect(..., recodes=...), to tt.tabbook(..., protection="
            "{'recodes': ...}) or as a JSON file to tracktr tabbook --recodes; or publish "
            f"the bands as nets of {fine!r} (tt.net_table)."
        )
    return tuple(notes)


def _derived_rows(
    t: int,
    model: Model,
    needs: dict[int, Requirement],
    intervals: dict[int, tuple[float, float]],
) -> list[dict[str, Any]]:
    """Return the audit of the counts of table `t` a reader works out but no table prints.

    Those of the total in no group (column ``"(no group)"``), of a base in no option
    shown (``"(no option shown)"``), of an outer group in none of its nested groups: a
    count of 1 is as disclosive worked out as printed.
    """
    rows = []
    for k, (table, row, column) in model.derived.items():
        need = needs.get(k)
        if table != t or need is None:
            continue
        low, high = intervals.get(k, (np.nan, np.nan))
        rows.append(
            {
                "row": row,
                "column": column,
                "count": int(model.values[k]) if model.integral[k] else float(model.values[k]),
                "reason": "derived",
                "low": _tidy(low, model.integral[k]),
                "high": _tidy(high, model.integral[k]),
                "n": int(model.respondents[k]),
                "sensitivity": need.sensitivity,
                "needed": _needed(need, model.integral[k]),
                "met": need.met((low, high)),
            }
        )
    return rows


def _tidy(value: float, integral: bool) -> float | int:
    if integral and np.isfinite(value):
        return int(value)
    return float(value)


def _needed(need: Requirement | None, integral: bool) -> str:
    if need is None:
        return "not pinned to one value"
    parts = [f"width >= {_fmt(need.width)}"]
    if need.high is not None:
        parts.append(f"high >= {_fmt(need.high)}")
    if need.low is not None:
        parts.append(f"low <= {_fmt(need.low)}")
    return ", ".join(parts)


def _stack(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [f.assign(table=t) for t, f in enumerate(frames) if len(f)]
    if not parts:
        return pd.DataFrame(columns=["table", *columns])
    out = pd.concat(parts, ignore_index=True)
    return out[["table", *columns]]


def _fmt(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    if np.isnan(number):
        return "n/a"
    return str(int(number)) if number.is_integer() else f"{number:.1f}"

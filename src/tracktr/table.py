"""The :class:`Table` result: integer counts, the base of every percentage, and notes.

A table stores counts and bases and nothing derived from them: percentages are computed on
demand through :mod:`tracktr.rounding` by the table's named rule, and the notes (small
bases, totals off 100 through rounding, missing answers left out of the base) are written
from the same counts every time they are shown.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._table_arrays import (
    PANDAS_FIELDS,
    Parts,
    Views,
    _labels_index,
    _Lazy,
    distinct,
    fits,
    owned,
    pandas_fields,
    readonly,
    same_field,
    views_of_frames,
    views_of_parts,
)
from tracktr._table_checks import (
    _check_counts_fit,
    _check_effective,
    _check_zero_weights,
    _refuse_base_label,
    _refuse_printed_alike,
)
from tracktr._table_text import (
    _NOT_A_PARTITION,
    GAP,
    _all_whole,
    _fmt,
    _fmt_pct,
    _label,
    _Labels,
    _rounded_units,
    display_frame,
    html_table,
    long_frame,
    markdown_table,
    table_notes,
    wide_frame,
)
from tracktr._text import printable
from tracktr.exceptions import (
    InvalidCountsError,
    InvalidOptionError,
    NotAPartitionError,
)
from tracktr.rounding import (
    MAX_DECIMALS,
    _check_decimals,
)
from tracktr.typing import PercentAxis, RoundingRule, TableKind, check_choice

__all__ = ["DEFAULT_SMALL_BASE", "Table"]

DEFAULT_SMALL_BASE = 30
"""Bases below this are flagged as small (the report warns about bases of 19 to 34)."""

Layout = Literal["wide", "long", "report"]


class _Stored:
    """Private slots of a Table, outside its fields (never compared, copied or pickled)."""

    __slots__ = ("_parts", "_units", "_views")
    _parts: Parts  # a counted table's arrays (unset for a table made from pandas objects)
    _views: Views  # set on first use
    _units: tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]  # by the table's own rule


@dataclass(frozen=True, slots=True, eq=False)
class Table(_Stored):
    """A tabulation: counts, the base of every percentage, the rounding rule and notes.

    Build tables with :func:`tracktr.frequencies`, :func:`tracktr.multi_response`,
    :func:`tracktr.grid` or :func:`tracktr.crosstab`; the constructor is for tables whose
    counts come from elsewhere (a published report, a sum of chunks). It refuses two
    rows (or columns) whose labels print alike ("a" and "a ", 1 and "1"): every export
    would show two lines a reader could not tell apart.

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
        Where the table comes from, e.g. a report's table number and page: provenance
        kept with the table, which ``tracktr reproduce`` prints in each table's heading.
        The notes and exports (Markdown, HTML, Excel, :func:`tracktr.io.write_report`)
        do not print it; to publish it, add it as a note,
        ``table.with_notes(f"Source: {table.source}")``.
    extra_notes : tuple of str
        Notes added by the caller, shown after the automatic ones.
    summary_rows : tuple of str
        Rows whose counts are exact weights rather than respondents, such as the
        ``AVERAGE`` row of a grid (the mean of the item shares on a common denominator);
        they are displayed as percentages only. Their entry in `bases` is that common
        denominator, not a number of respondents: a summary row has no respondent base,
        so :attr:`respondent_bases` holds ``<NA>`` for it and no export shows one.
    unweighted_counts : pandas.DataFrame or None
        For weighted tables, the number of respondents behind each weighted count (never
        displayed; disclosure control judges small cells on it).
    effective_bases : pandas.Series or None
        For weighted tables, the effective base of each base (indexed like `bases`): Kish's
        ``sum(w) ** 2 / sum(w ** 2)`` over its respondents, as :func:`tracktr.frequencies`,
        :func:`tracktr.multi_response` and :func:`tracktr.grid` compute it, or one from a
        design. The notes (and so every export) state it beside the unweighted base, in
        whole respondents rounded down so that precision is never overstated.
    overlapping_columns : bool
        Whether one respondent can be in several columns, as in
        :func:`tracktr.multi_crosstab`, whose columns are the options of a
        multi-response set. Such columns are not independent groups, and
        :func:`tracktr.compare_table` refuses to test them as if they were. Every copy
        of the table keeps it (``dataclasses.replace``, :meth:`with_notes`,
        :func:`tracktr.combine`, pickling); a note says the same to readers.
    gaps : tuple of (row, column) pairs
        Cells that have no value because the option could not be chosen there, such as an
        option a wave did not offer (:func:`tracktr.waves.trend` marks them). Their count
        stays 0 in `counts` and in every sum; :meth:`percentages` holds NaN there, and
        every display and export writes the cell as ``n/a`` (count and percentage), as
        for a percentage of an empty base, so that no reader takes it for nobody
        choosing the option.
    zero_weights : pandas.Series or None
        For weighted tables, how many of each base's respondents have a weight of 0
        (indexed like `bases`; None where none has). They are in `unweighted_bases` (n)
        and add nothing to the weighted counts: a note names them, so that no reader
        takes n for the respondents the percentages rest on.
    respondents : pandas.Index or None
        The rows the table was tabulated from: the index of the pandas frame passed to
        :func:`tracktr.frequencies`, :func:`tracktr.crosstab`,
        :func:`tracktr.multi_response`, :func:`tracktr.grid` and the other functions
        that count a frame (every row passed, also those left out of the bases as
        missing). None for a table built from counts, combined from parts or counted
        from another engine's frame. :func:`tracktr.disclosure.protect` reads from it
        which tables are of some of another's respondents, and which are of different
        ones. It is the frame's own (immutable) Index, not a copy; it is neither
        compared nor shown.

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
    >>> table.respondents is None  # built from counts: its rows are not known
    True
    >>> tt.frequencies(pd.DataFrame({"q": ["a", "b"]}, index=[7, 9]), "q").respondents
    Index([7, 9], dtype='int64')
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
    unweighted_counts: pd.DataFrame | None = None
    effective_bases: pd.Series | None = None
    overlapping_columns: bool = False
    gaps: tuple[tuple[Any, Any], ...] = field(default=())
    zero_weights: pd.Series | None = None
    respondents: pd.Index | None = field(default=None, repr=False, compare=False)
    # Private: for a table of several banners side by side (tracktr.banners.stack_tables),
    # each banner's own `extra_notes`, so that split_banners gives each part its notes and
    # not another banner's ("no answer to 'g'" under the part by "h"). Not compared: it
    # says whose the notes are, which the notes shown already say.
    _banner_notes: tuple[tuple[Any, tuple[str, ...]], ...] = field(
        default=(), repr=False, compare=False
    )

    def __eq__(self, other: object) -> bool:
        # The generated == compared DataFrames with ==, which raises for any two tables
        # that are not the same object (a pickled copy, a table rebuilt from a file).
        if not isinstance(other, Table):
            return NotImplemented
        return all(
            same_field(getattr(self, f.name), getattr(other, f.name))
            for f in fields(self)
            if f.compare  # not `respondents`: the same numbers of other rows are equal
        )

    __hash__ = None  # type: ignore[assignment]  # holds DataFrames, as before: unhashable

    def publication_layout(self) -> Any:
        """Return the table as every writer (Excel, LaTeX, HTML reports) lays it out.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> table = tt.frequencies(pd.DataFrame({"q": ["Yes", "No", "Yes"]}), "q")
        >>> table.publication_layout().columns
        ('All',)
        """
        from tracktr.io._layout import table_layout

        gaps = self._gap_mask()
        if gaps is None:
            return table_layout(self)
        hidden = pd.DataFrame(gaps, index=self.counts.index, columns=self.counts.columns)
        return table_layout(self, hidden_counts=hidden, marker=GAP)

    def __post_init__(self) -> None:
        counts, bases = self.counts, self.bases  # each read of a field is a copy: read once
        if not isinstance(counts, pd.DataFrame) or not isinstance(bases, pd.Series):
            msg = (
                "a Table needs `counts` as a pandas DataFrame and `bases` as a pandas Series; "
                f"got {type(counts).__name__} and {type(bases).__name__}."
            )
            raise InvalidCountsError(msg)
        self._check_options()
        for axis, labels in (("rows", counts.index), ("columns", counts.columns)):
            if not labels.is_unique:
                twice = sorted({str(v) for v in labels[labels.duplicated()]})
                msg = f"a Table's {axis} must have distinct labels; {twice} occur twice."
                raise InvalidOptionError(msg)
            _refuse_printed_alike(labels, axis)
        along = counts.columns if self.percent_axis == "columns" else counts.index
        _refuse_base_label(counts.index if self.percent_axis == "columns" else counts.columns)
        if not bases.index.equals(along):
            msg = (
                f"`bases` must be indexed like the table's {self.percent_axis} "
                f"{list(along)}; got {list(bases.index)}."
            )
            raise InvalidOptionError(msg)
        if self.rule == "largest_remainder" and not self.partition:
            raise NotAPartitionError(_NOT_A_PARTITION)
        _check_counts_fit(self)
        if self.effective_bases is not None:
            _check_effective(self)
        if self.zero_weights is not None:
            _check_zero_weights(self)
        self._check_gaps()

    @classmethod
    def _from_parts(cls, parts: Parts, *, known_good: bool = False, **options: Any) -> Table:
        """Return a table of counted arrays; its pandas fields are built when first read.

        `options` are the table's other fields (question, rule, ...). The table makes the
        checks the constructor makes, on the arrays; where one fails, it builds its pandas
        fields and runs the constructor's checks, which name what is wrong.

        With `known_good`, the maker vouches for the arrays, having made them itself
        (:mod:`tracktr.tabulate._one_way`): each read-only and held writable by no one,
        counts at least 0 and each base their sum (so that they fit), labels distinct.
        They are then neither copied nor checked (20 of the 30 µs a one-way table took);
        the options and gaps are checked as always.
        """
        table = object.__new__(cls)
        for name, setter, default in _FIELD_SETTERS:
            setter(table, options.pop(name) if name in options else default)
        if options:
            msg = f"unknown fields {sorted(options)}"
            raise TypeError(msg)
        if not known_good:
            # Copies, so that no array the caller keeps (or a view of one) can change the
            # table.
            parts = parts._replace(**{k: readonly(owned(getattr(parts, k))) for k in _ARRAYS})
        object.__setattr__(table, "_parts", parts)
        table._check_options()
        if not (known_good or (distinct(parts.rows) and distinct(parts.columns))):
            table.__post_init__()  # raises, naming the labels that occur twice
        if table.rule == "largest_remainder" and not table.partition:
            raise NotAPartitionError(_NOT_A_PARTITION)
        if not (known_good or fits(parts, partition=table.partition)):
            table.__post_init__()  # raises, naming the cells
        table._check_gaps()
        return table

    def _check_gaps(self) -> None:
        """Refuse gaps that are not (row, column) cells of the table, or that hold answers."""
        gaps = self.gaps
        if not gaps:
            return
        if not isinstance(gaps, tuple) or not all(
            isinstance(g, tuple) and len(g) == 2 for g in gaps
        ):
            msg = f"`gaps` must be a tuple of (row, column) pairs; got {gaps!r}."
            raise InvalidOptionError(msg)
        view = self._view()
        rows = {label: i for i, label in enumerate(view.rows)}
        columns = {label: j for j, label in enumerate(view.columns)}
        for row, column in gaps:
            if row not in rows or column not in columns:
                msg = (
                    f"gap {(row, column)!r} is not a cell of the table (rows {view.rows}, "
                    f"columns {view.columns})."
                )
                raise InvalidOptionError(f"{msg}\n\nHint: name a gap by its row and column.")
            count = view.counts[rows[row], columns[column]]
            if count != 0:
                msg = (
                    f"gap {(row, column)!r} holds a count of {_fmt(count)}: a gap is a cell "
                    "nobody could answer, so its count is 0."
                )
                raise InvalidCountsError(msg)

    def _gap_mask(self) -> npt.NDArray[np.bool_] | None:
        """Return which cells are gaps (shaped like `counts`), or None without gaps."""
        if not self.gaps:
            return None
        view = self._view()
        rows = {label: i for i, label in enumerate(view.rows)}
        columns = {label: j for j, label in enumerate(view.columns)}
        mask = np.zeros((len(view.rows), len(view.columns)), dtype=bool)
        for row, column in self.gaps:
            mask[rows[row], columns[column]] = True
        return mask

    def _frames(self) -> None:
        """Build the pandas fields of a table made from arrays (once, all together)."""
        for name, value in pandas_fields(self._parts).items():
            _SLOTS[name].__set__(self, value)

    def _view(self) -> Views:
        """Return the table's numbers and labels as rendering reads them (computed once)."""
        try:
            return self._views
        except AttributeError:
            pass
        parts: Parts | None = getattr(self, "_parts", None)
        views = (
            views_of_parts(parts)
            if parts is not None
            else views_of_frames(
                self.counts, self.bases, self.unweighted_bases, self.effective_bases
            )
        )
        object.__setattr__(self, "_views", views)
        return views

    def _check_options(self) -> None:
        """Check the table's rule, axis, kind, decimals, small base and overlap flag."""
        if _plainly_valid(self):
            return
        check_choice(self.rule, RoundingRule, name="rule")
        check_choice(self.percent_axis, PercentAxis, name="percent_axis")
        check_choice(self.kind, TableKind, name="kind")
        _check_decimals(self.decimals)
        small = self.small_base
        if isinstance(small, bool) or not isinstance(small, int | np.integer) or small < 0:
            msg = f"`small_base` must be a whole number of respondents, at least 0; got {small!r}."
            hint = "Hint: 30 flags bases under 30 (the default); 0 flags none."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        overlap = self.overlapping_columns
        if not isinstance(overlap, bool):
            msg = f"`overlapping_columns` must be True or False; got {overlap!r}."
            hint = "Hint: True only where a respondent can be in several columns."
            raise InvalidOptionError(f"{msg}\n\n{hint}")

    # -- numbers ---------------------------------------------------------------------------

    @property
    def weighted(self) -> bool:
        """Whether the counts are weighted sums (an unweighted base is kept beside them)."""
        return self._view().weighted

    @property
    def respondent_bases(self) -> pd.Series:
        """The number of respondents behind each base, as every export shows it.

        The unweighted base of a weighted table, else the base; ``<NA>`` for summary rows
        (such as a grid's ``AVERAGE``), which have no respondent base.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"men": ["Worse", "Same", "Worse"],
        ...                    "women": ["Better", "Worse", None]})
        >>> t = tt.grid(df, "impact", columns=["men", "women"], average=True)
        >>> t.respondent_bases.tolist()
        [3, 2, <NA>]
        """
        n = self.unweighted_bases  # each read of a field is a copy: read once
        n = n if n is not None else self.bases
        if not self.summary_rows:
            return n
        shown = n.astype(object).where(~n.index.isin(list(self.summary_rows)), pd.NA)
        return shown.astype("Int64") if _all_whole(shown) else shown.astype("Float64")

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
        shown = units.T if self.percent_axis == "columns" else units
        gaps = ~defined[None, :] if self.percent_axis == "columns" else ~defined[:, None]
        mask = np.broadcast_to(gaps, shown.shape)
        cells = self._gap_mask()
        if cells is not None:  # cells with no value (an option not offered) are <NA> too
            mask = mask | cells
        # Built column by column from numpy (masked Int64 arrays): far faster than astype.
        frame = pd.DataFrame(
            {
                j: pd.arrays.IntegerArray(shown[:, j].copy(), mask[:, j].copy())
                for j in range(shown.shape[1])
            },
            index=self._indexes()[0],
        )
        frame.columns = self._indexes()[1]
        return frame

    def _unit_cells(
        self, rule: RoundingRule | None, decimals: int | None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """Return the rounded percentages in display units, one row per base, and a mask.

        The mask says which bases are above zero (the other rows are 0 and undefined).
        Every rendering computes them once, from numpy arrays, for its cells and notes.
        """
        own = (rule is None or rule == self.rule) and (
            decimals is None or (type(decimals) is int and decimals == self.decimals)
        )
        if own:
            # The table's own rule and decimals, checked when it was made: the units of every
            # rendering of the table (percentages, Markdown, notes), computed once.
            try:
                return self._units
            except AttributeError:
                pass
        if rule is None:
            rule = self.rule
        else:
            check_choice(rule, RoundingRule, name="rule")
        decimals = self.decimals if decimals is None else _check_decimals(decimals)
        if rule == "largest_remainder" and not self.partition:
            raise NotAPartitionError(_NOT_A_PARTITION)
        view = self._view()
        values = view.counts
        oriented = values.T if self.percent_axis == "columns" else values
        bases = view.bases
        defined = np.asarray(bases > 0, dtype=bool)
        units = np.zeros(oriented.shape, dtype=np.int64)
        if defined.any():
            # A partition shown without some of its cells (e.g. Table 1 hides "neither")
            # is still rounded cell by cell; largest_remainder needs the whole partition.
            units[defined] = _rounded_units(oriented[defined], bases[defined], rule, decimals)
        if own:
            cells = (readonly(units), readonly(defined))
            object.__setattr__(self, "_units", cells)
            return cells
        return units, defined

    def _percent_array(
        self, units: npt.NDArray[np.int64], defined: npt.NDArray[np.bool_], decimals: int
    ) -> npt.NDArray[np.float64]:
        """Return display units as percentages shaped like `counts`, NaN where undefined."""
        percent: npt.NDArray[np.float64] = units.astype(float) / 10.0**decimals
        percent[~defined] = np.nan
        shaped = percent.T if self.percent_axis == "columns" else percent
        gaps = self._gap_mask()
        if gaps is not None:  # a cell with no value has no percentage
            shaped[gaps] = np.nan
        return shaped

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
        rows, columns = self._indexes()
        # The array is new and the frame's own: no copy.
        return pd.DataFrame(
            self._percent_array(units, defined, decimals), index=rows, columns=columns, copy=False
        )

    def _indexes(self) -> tuple[pd.Index, pd.Index]:
        """Return the row and column labels as Indexes, without building `counts`.

        A table made from arrays whose pandas fields were never read copies the Indexes
        built before for the same labels (the ones its `counts` would have).
        """
        try:
            counts: pd.DataFrame = _SLOTS["counts"].__get__(self, Table)
        except AttributeError:
            view = self._view()
            return _labels_index(view.rows), _labels_index(view.columns)
        return counts.index, counts.columns

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
        """Boolean Series over `bases`: ``True`` where a base is below `small_base`.

        The respondent count is used for weighted tables. A base of 0 (no respondents)
        is the smallest base of all and is flagged too; its percentages are undefined,
        and the notes say so. So is a weighted base of 0 (respondents who all weigh 0):
        however many they are, they carry no weight to take a percentage of.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> t = tt.Table(counts=pd.DataFrame({"a": [5], "b": [50], "c": [0]}),
        ...              bases=pd.Series({"a": 19, "b": 151, "c": 0}))
        >>> t.small_bases.tolist()
        [True, False, True]
        """
        n = self.respondent_bases
        # No respondents is below any threshold: a tab book printed "0" unflagged
        # beside "8 *". (small_base=0 still flags none.)
        small: pd.Series = (n < self.small_base).fillna(False).astype(bool)
        if self.unweighted_bases is None or self.small_base == 0:
            return small
        # 40 respondents weighted 0: "0.0" unflagged beside "0 *" for a group of none.
        weighed_out = self.bases.eq(0) & n.notna()
        return small | weighed_out.to_numpy(dtype=bool)

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
        along = self.counts.columns if self.percent_axis == "columns" else self.counts.index
        return pd.Series(self._totals(*self._unit_cells(None, None)), index=along)

    def _totals(
        self, units: npt.NDArray[np.int64], defined: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.float64]:
        """Return each partition's sum of displayed percentages; NaN where undefined."""
        totals = np.full(len(units), np.nan)
        if units.shape[1]:  # a table without cells has no sums
            totals[defined] = units[defined].sum(axis=1) / 10**self.decimals
        return totals

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
        return self._notes(*self._unit_cells(None, None), self._labels())

    def _labels(self) -> _Labels:
        """Return the table's labels and respondent bases as plain Python lists, once.

        The respondent bases are the values :attr:`respondent_bases` holds, without its
        pandas round trip (a summary row's entry is flagged rather than ``<NA>``).
        """
        view = self._view()
        rows, columns, labels = view.rows, view.columns, view.base_labels
        summary = set(self.summary_rows)
        flags = [label in summary for label in labels] if summary else [False] * len(labels)
        return _Labels(
            rows=rows,
            columns=columns,
            summary=[label in summary for label in rows] if summary else [False] * len(rows),
            bases=labels,
            n=view.n,
            flags=flags,
        )

    def _notes(
        self, units: npt.NDArray[np.int64], defined: npt.NDArray[np.bool_], shown: _Labels
    ) -> tuple[str, ...]:
        """Return the notes from the display units and labels, computed once by the caller."""
        totals = self._totals(units, defined).tolist() if self.partition else []
        base_line = self._base_line(shown.bases, shown.n, shown.flags)
        return table_notes(self, shown, self._view(), totals, base_line)

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
        shown = self._labels()
        return self._base_line(shown.bases, shown.n, shown.flags)

    def _base_line(self, labels: list[Any], n: list[Any], flags: list[bool]) -> str:
        shown = [(label, v) for label, v, flag in zip(labels, n, flags, strict=True) if not flag]
        if len({v for _, v in shown}) == 1:
            return f"Base: {self.base_description} (n={_fmt(shown[0][1])})."
        listed = "; ".join(f"{_label(label)} n={_fmt(v)}" for label, v in shown)
        return f"Base: {self.base_description} ({listed})."

    # -- export ----------------------------------------------------------------------------

    def to_frame(self, *, layout: Layout = "wide") -> pd.DataFrame:
        """Return the table as a DataFrame.

        Parameters
        ----------
        layout : {"wide", "long", "report"}
            ``"wide"``: for each column, its count and its percentage side by side, with
            the base in a last row. ``"long"``: one tidy row per cell with ``row``,
            ``column``, ``count``, ``base`` and ``percent``; a weighted table's rows also
            hold ``n``, the respondents behind the weighted ``base``, and
            ``effective_base``. ``"report"``: strings in the report's "59 (89)" style,
            percentage first.

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
        if layout == "report":
            rows = self._report_cells(*self._unit_cells(None, None), self._labels().summary)
            cells = {
                column: [row[j] for row in rows] for j, column in enumerate(self.counts.columns)
            }
            return pd.DataFrame(cells, index=self.counts.index)
        if layout == "long":
            return long_frame(self)
        return wide_frame(self)

    def _count_rows(self) -> list[list[Any]]:
        """Return the counts as lists of Python numbers, one per row, exactly as stored."""
        rows: list[list[Any]] = self._view().shown.tolist()
        return rows

    def _report_cells(
        self, units: npt.NDArray[np.int64], defined: npt.NDArray[np.bool_], hidden: list[bool]
    ) -> list[list[str]]:
        """Return the "59 (89)" cells, one list per row: percentage first, then the count.

        Summary rows (`hidden`) show their percentage only (their counts are not
        respondents); a gap (a cell with no value) shows ``n/a`` alone.
        """
        percent = self._percent_array(units, defined, self.decimals).tolist()
        decimals = self.decimals
        cells = [
            [_fmt_pct(p, decimals) for p in p_row]
            if hide
            else [f"{_fmt_pct(p, decimals)} ({_fmt(c)})" for p, c in zip(p_row, c_row, strict=True)]
            for p_row, c_row, hide in zip(percent, self._count_rows(), hidden, strict=True)
        ]
        gaps = self._gap_mask()
        if gaps is not None:
            for i, j in zip(*np.nonzero(gaps), strict=True):
                cells[i][j] = GAP
        return cells

    def _rendered(self) -> tuple[list[Any], list[Any], list[list[str]], tuple[str, ...]]:
        """Return the column labels, row labels, cells and notes of the displayed table.

        The cells are the report layout's with the respondent bases as a last row (or
        column, for ``percent_axis="rows"``): what :meth:`to_markdown` and :meth:`to_html`
        show. The percentages are computed once, from numpy arrays, for cells and notes.
        """
        units, defined = self._unit_cells(None, None)
        labels = self._labels()
        cells = self._report_cells(units, defined, labels.summary)
        columns, index = list(labels.columns), list(labels.rows)
        shown = [
            "" if flag else f"n={_fmt(v)}" for v, flag in zip(labels.n, labels.flags, strict=True)
        ]
        if self.percent_axis == "columns":
            cells.append(shown)
            index.append("Base")
        else:
            levels = self._view().levels
            # A column added to a MultiIndex is padded with empty levels, as pandas does.
            columns.append("Base" if levels == 1 else ("Base", *[""] * (levels - 1)))
            for row, text in zip(cells, shown, strict=True):
                row.append(text)
        return columns, index, cells, self._notes(units, defined, labels)

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
        return markdown_table(self.title, columns, index, cells, notes)

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
        columns, index, cells, notes = self._rendered()
        return html_table(self.title or self.question, columns, index, cells, notes)

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
        frame = display_frame(self)
        text = frame.to_string()
        title = f"{self.title}\n" if self.title else ""
        # Printed to a terminal: a label's escape sequence must not recolour or move it.
        return printable(title + text + "\n" + "\n".join(f"  {n}" for n in self.notes))

    def __repr__(self) -> str:
        shown = self._labels()
        kept = [
            (label, v)
            for label, v, flag in zip(shown.bases, shown.n, shown.flags, strict=True)
            if not flag and not pd.isna(v)
        ]
        if self.summary_rows and all(float(v).is_integer() for _, v in kept):
            kept = [(label, int(v)) for label, v in kept]  # as respondent_bases (Int64) has them
        return (
            f"Table(question={self.question!r}, kind={self.kind!r}, "
            f"shape={self._view().counts.shape}, bases={dict(kept)}, "
            f"rule={self.rule!r})"
        )


_SLOTS: dict[str, Any] = {name: Table.__dict__[name] for name in PANDAS_FIELDS}
for _name, _slot in _SLOTS.items():
    setattr(Table, _name, _Lazy(_slot))
# The fields that are not pandas objects, with the setter of each one's slot and its
# default (listed once, not per table): a table made from arrays sets them one by one, and
# a slot's own setter costs two thirds of object.__setattr__.
_RULES = frozenset(get_args(RoundingRule))
_AXES = frozenset(get_args(PercentAxis))
_KINDS = frozenset(get_args(TableKind))


def _plainly_valid(table: Table) -> bool:
    """Whether a table's options are valid and of the plain types a call passes.

    Only a shortcut (a third of the cost of the checks one by one, which the table makes
    for anything else, with their messages): a str, not a subclass, is hashable, and
    only an int, not a bool or a numpy integer, is read as a whole number here.
    """
    rule, axis, kind = table.rule, table.percent_axis, table.kind
    decimals, small, overlap = table.decimals, table.small_base, table.overlapping_columns
    return (
        type(rule) is str
        and rule in _RULES
        and type(axis) is str
        and axis in _AXES
        and type(kind) is str
        and kind in _KINDS
        and type(decimals) is int
        and 0 <= decimals <= MAX_DECIMALS
        and type(small) is int
        and small >= 0
        and type(overlap) is bool
    )


_FIELD_SETTERS = tuple(
    (f.name, Table.__dict__[f.name].__set__, f.default)
    for f in dataclasses.fields(Table)
    if f.name not in PANDAS_FIELDS
)
_ARRAYS = ("counts", "bases", "excluded", "unweighted", "unweighted_counts", "effective")


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

"""Banners: the breakdowns across the top of a table, several side by side or nested.

A banner is one grouping column (``"funder"``) or a nested pair (``("region", "funder")``,
funder within region). ``by=`` of :func:`tracktr.frequencies`,
:func:`tracktr.multi_response`, :func:`tracktr.grid` and :func:`tracktr.summarise` takes
one banner, or a list of banners shown side by side, each with its own total.

Nothing here counts respondents: a nested banner becomes one grouping column
(``"North / CRC"``), respondents whose group is missing can be given their own group, and
each banner is tabulated by :mod:`tracktr.tabulate`; the tables are then put side by side
(a column level ``banner`` above the groups) or, for grids, one above the other.

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> df = pd.DataFrame({"q": ["a", "b", "a"], "f": ["x", "y", "y"], "g": ["u", "u", "v"]})
>>> tt.frequencies(df, "q", by=["f", ("f", "g")]).counts.columns.tolist()[3:]
[('f × g', 'x / u'), ('f × g', 'y / u'), ('f × g', 'y / v'), ('f × g', 'All')]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._columns import refuse_a_set, refuse_repeated_columns, repeated
from tracktr._group_labels import numbers_in_order, refuse_case_twins
from tracktr._numbers import is_truth, truth_clashes, whole_number
from tracktr._numeric_cells import refuse_coded_groups
from tracktr._pooled import banner_note
from tracktr._text import folded_label
from tracktr.exceptions import InvalidDataError, InvalidOptionError, QuestionNotFoundError
from tracktr.missing import MARKERS
from tracktr.table import Table
from tracktr.tabulate._common import knows_rows

__all__ = [
    "NESTED_SEPARATOR",
    "Banner",
    "banner_column",
    "parse_banners",
    "split_banners",
    "stack_tables",
]

NESTED_SEPARATOR = " / "
"""Joins the labels of a nested banner's groups: ``"North / CRC"``."""

BannerSpec = str | tuple[str, ...]
"""One banner: a column, or a tuple of columns nested left to right."""


@dataclass(frozen=True, slots=True)
class Banner:
    """One breakdown across the top of a table.

    Attributes
    ----------
    columns : tuple of str
        The grouping column, or the columns of a nested banner, outermost first.

    Examples
    --------
    >>> from tracktr.banners import Banner
    >>> Banner(("region", "funder")).name
    'region × funder'
    """

    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        """The banner's label: the column, or the nested columns joined by ``×``."""
        return " × ".join(self.columns)

    @property
    def nested(self) -> bool:
        """Whether the banner nests two or more columns."""
        return len(self.columns) > 1


def parse_banners(by: BannerSpec | Sequence[BannerSpec]) -> tuple[list[Banner], bool]:
    """Read a ``by=`` argument: the banners, and whether it was a list (side by side).

    A string is one banner, a tuple is one nested banner, a list holds banners of
    either kind.

    Examples
    --------
    >>> from tracktr.banners import parse_banners
    >>> banners, listed = parse_banners(["funder", ("region", "funder")])
    >>> [b.name for b in banners], listed
    (['funder', 'region × funder'], True)
    """
    if isinstance(by, str):
        return [Banner((by,))], False
    if isinstance(by, tuple):
        return [_one(by)], False
    if not isinstance(by, list | Sequence) or not len(by):
        msg = f"`by` must be a column, a tuple of nested columns or a list of them; got {by!r}."
        hint = (
            "Hint: banners name columns by text; give a column named by a number a text "
            "name first, e.g. data.rename(columns=str) and by=str(column)."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}" if not isinstance(by, list) else msg)
    banners = [_one(b) for b in by]
    names = [b.name for b in banners]
    twice = repeated(names)
    if twice:
        msg = f"`by` lists the banner(s) {twice} more than once."
        raise InvalidOptionError(f"{msg}\n\nHint: list each banner once.")
    return banners, True


def _one(spec: object) -> Banner:
    if isinstance(spec, str):
        return Banner((spec,))
    if isinstance(spec, tuple) and len(spec) >= 2 and all(isinstance(c, str) for c in spec):
        twice = repeated(list(spec))
        if twice:  # ("funder", "funder") printed "a / a" and "b / b": funder again
            msg = f"the nested banner {spec!r} names the column(s) {twice} more than once."
            hint = 'Hint: nest different columns, e.g. ("region", "funder").'
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        return Banner(tuple(spec))
    msg = f"a banner must be a column name or a tuple of two or more column names; got {spec!r}."
    hint = 'Hint: by=["funder", ("region", "funder")] shows funder, then funder within region.'
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _levels(series: pd.Series) -> list[Any]:
    """Return a column's groups: its categories, else its sorted values; whole floats as ints.

    Number text ("2", "12", "101") is sorted as numbers, as tabulation's `by=` sorts it.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [whole_number(c) for c in series.cat.categories if c not in MARKERS]
    values = series[~(series.isna() | series.isin(list(MARKERS)))].unique()
    try:
        found = sorted(values)
    except TypeError:
        found = list(values)
    return list(numbers_in_order(series, [whole_number(v) for v in found], str(series.name)))


def _group_texts(part: pd.Series) -> pd.Series:
    """Return each cell as a nested banner's label prints it: a whole float as "1", not "1.0"."""
    codes, uniques = pd.factorize(part.astype(object))
    texts = np.array([str(whole_number(u)) for u in uniques] + ["nan"], dtype=object)
    return pd.Series(texts[codes], index=part.index)  # code -1 (a blank) reads the last


def _declared_levels(series: pd.Series, column: str, survey: Any) -> list[Any]:
    """Return the groups of one banner column: the codebook's options, if it has them."""
    if survey is None:
        return _levels(series)
    # Imported here: tabulation imports this module to tabulate by several banners.
    from tracktr.tabulate._common import _code_series, _declared_groups

    declared = _declared_groups(survey, column)
    if declared is None:
        return _levels(series)
    _code_series(series, declared, column)  # refuses an answer that is not an option
    return list(declared)


def _refuse_missing_group(label: str, groups: Sequence[Hashable], banner: Banner) -> None:
    """Raise if `missing_group` prints like a group of the banner or like the total column.

    ``missing_group="All"`` was refused as a group "All" of the column ``"h (banner)"``,
    which is not in the user's data, with a hint to rename it there; ``"all "`` printed a
    column "all" beside the total's "All".
    """
    from tracktr.tabulate._common import TOTAL

    alike = [g for g in groups if folded_label(g) == folded_label(label)]
    if alike:
        msg = (
            f"`missing_group={label!r}` is already a group of {banner.name!r}."
            if alike[0] == label
            else f"`missing_group={label!r}` prints like the group {alike[0]!r} of {banner.name!r}."
        )
        raise InvalidOptionError(f"{msg}\n\nHint: choose another label, e.g. 'Not known'.")
    if folded_label(label) == folded_label(TOTAL):
        msg = (
            f"`missing_group={label!r}` prints like the total column {TOTAL!r}, so the table "
            "would have two columns of that name."
        )
        raise InvalidOptionError(f"{msg}\n\nHint: choose another label, e.g. 'Not known'.")


def banner_column(
    data: pd.DataFrame, banner: Banner, *, missing_group: str | None = None, survey: Any = None
) -> pd.Series:
    """Return the grouping column of a banner, as a categorical in display order.

    Parameters
    ----------
    data : pandas.DataFrame
        The respondents.
    banner : Banner
        The banner.
    missing_group : str, optional
        A label for respondents whose group is missing (blank or a missing marker, or
        missing in any column of a nested banner); they then form their own group, shown
        last. By default they are left out of the groups (and counted in the total).
    survey : Survey, optional
        The codebook: a column that is one of its single or ordinal questions has a group
        for each of its options, in the codebook's order, those no respondent gave
        included; an answer that is not one of them is an error.

    Returns
    -------
    pandas.Series
        Named after the banner; groups in the order of the codebook's options, else of
        the column's categories, else sorted values; nested groups in the order of the
        outer then inner column.

    Raises
    ------
    tracktr.QuestionNotFoundError
        If a column is not in the data.
    tracktr.InvalidOptionError
        If `missing_group` is also the label of a group.
    tracktr.UnknownValueError
        If a column the codebook describes holds an answer that is not one of its options.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr.banners import Banner, banner_column
    >>> df = pd.DataFrame({"region": ["North", "South", "North", None],
    ...                    "funder": ["CRC", "CRC", "Other", "CRC"]})
    >>> banner_column(df, Banner(("region", "funder"))).tolist()
    ['North / CRC', 'South / CRC', 'North / Other', nan]
    >>> banner_column(df, Banner(("region",)), missing_group="No answer").tolist()
    ['North', 'South', 'North', 'No answer']
    """
    absent = [c for c in banner.columns if c not in data.columns]
    for column in absent:
        refuse_a_set(column, survey, what=f"banner {banner.name!r}")
    if absent:
        msg = f"banner {banner.name!r}: column(s) {absent} are not in the data."
        hint = f"Hint: the data has columns such as {list(data.columns)[:10]}."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    refuse_repeated_columns(data.columns, banner.columns, what=f"banner {banner.name!r}")
    parts = [data[c] for c in banner.columns]
    for part, column in zip(parts, banner.columns, strict=True):
        refuse_coded_groups(part, survey, column)  # a refused -99 was a group "-99"
    levels = [_declared_levels(p, c, survey) for p, c in zip(parts, banner.columns, strict=True)]
    present = np.ones(len(data), dtype=bool)
    for part, level in zip(parts, levels, strict=True):
        present &= part.isin(level).to_numpy()
    if banner.nested:
        combos = _product(levels)
        labels = [NESTED_SEPARATOR.join(str(v) for v in combo) for combo in combos]
        joined = _group_texts(parts[0])
        for part in parts[1:]:
            joined = joined + NESTED_SEPARATOR + _group_texts(part)
        values = joined.where(present, None)
        seen = set(values[present])
        _refuse_look_alike_nests(banner, combos, labels, parts, present)
        categories: list[Hashable] = [label for label in labels if label in seen]
    else:
        values = parts[0].astype(object).where(present, None)
        categories = list(levels[0])
    if missing_group is not None:
        _refuse_missing_group(missing_group, categories, banner)
        values = values.where(present, missing_group)
        categories.append(missing_group)
    dtype = pd.CategoricalDtype(_categories(categories), ordered=False)
    grouped = pd.Series(pd.Categorical(values, dtype=dtype), index=data.index, name=banner.name)
    refuse_case_twins(grouped, categories, banner.name, columns=banner.columns)
    return grouped


def _categories(groups: list[Hashable]) -> pd.Index:
    """Return the groups as categories, whole numbers kept whole beside others (1 and 1.5).

    pandas reads ``[1, 1.5, 2]`` as floats, and the groups printed "1.0" and "2.0" again.
    """
    index = pd.Index(groups)
    if index.dtype.kind == "f" and any(type(group) is int for group in groups):
        return pd.Index(groups, dtype=object)
    return index


def _refuse_look_alike_nests(
    banner: Banner,
    combos: list[tuple[Any, ...]],
    labels: list[str],
    parts: list[pd.Series],
    present: npt.NDArray[np.bool_],
) -> None:
    """Raise if two nested groups that hold respondents print as one label.

    ``("North", "East / CRC")`` and ``("North / East", "CRC")`` both print as
    ``"North / East / CRC"``: their respondents would be counted as one group, and a
    reader could not tell which is which.
    """
    by_label: dict[str, list[tuple[Any, ...]]] = {}
    for combo, label in zip(combos, labels, strict=True):
        by_label.setdefault(label, []).append(combo)
    alike = {label: found for label, found in by_label.items() if len(found) > 1}
    if not alike:
        return
    rows = pd.MultiIndex.from_arrays([p.astype(object) for p in parts])[present]
    held = set(rows)
    for label, found in alike.items():
        used = [combo for combo in found if combo in held]
        if len(used) > 1:
            msg = (
                f"banner {banner.name!r}: the nested groups {used[0]!r} and {used[1]!r} both "
                f"print as {label!r}, so their respondents would be counted as one group and "
                "a reader could not tell which is which."
            )
            hint = (
                f"Hint: relabel the options of {list(banner.columns)} so that none holds "
                f"{NESTED_SEPARATOR!r} (e.g. 'North-East' for 'North / East')."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")


def _product(levels: list[list[Any]]) -> list[tuple[Any, ...]]:
    combos: list[tuple[Any, ...]] = [()]
    for level in levels:
        combos = [(*c, v) for c in combos for v in level]
    return combos


def with_banner(
    data: pd.DataFrame, banner: Banner, *, missing_group: str | None = None, survey: Any = None
) -> tuple[pd.DataFrame, str]:
    """Return the data with the banner's grouping column, and that column's name.

    A one-column banner without `missing_group` needs no new column: the data is
    returned as it is.
    """
    if not banner.nested and missing_group is None:
        return data, banner.columns[0]
    column = banner_column(data, banner, missing_group=missing_group, survey=survey)
    # A column of its own: the banner's source columns stay as they are, so a question
    # can still be tabulated by a banner made from it.
    name = f"{banner.name} (banner)"
    while name in data.columns:
        name += "'"
    return data.assign(**{name: column}), name


def refuse_truth_groups(groups: Mapping[Hashable, Sequence[Hashable]]) -> None:
    """Raise if banners shown side by side have groups True and 1 (or False and 0).

    The banners' groups share one level of the table's column labels, which pandas keeps
    unique by equality, and ``True == 1``: a yes/no banner beside one coded 0 and 1
    printed its groups as ``0`` and ``1`` (or the other's as ``False`` and ``True``).
    `groups` maps each banner to its groups.
    """
    truths, numbers = truth_clashes(g for listed in groups.values() for g in listed)
    if not truths:
        return
    clash = {*truths, *numbers}
    held = {
        str(name): [g for g in listed if any(g == c for c in clash)]
        for name, listed in groups.items()
    }
    named = "; ".join(
        f"{name!r} has {', '.join(map(str, found))}" for name, found in held.items() if found
    )
    yes_no = next(name for name, found in held.items() if any(map(is_truth, found)))
    msg = (
        f"banners side by side have groups that Python takes as one label (True is 1, False "
        f"is 0): {named}, so one banner's columns would print under the other's labels."
    )
    hint = (
        f"Hint: give the yes/no banner text groups first, e.g. data[{yes_no!r}].map("
        "{True: 'Yes', False: 'No'}), or tabulate the banners one at a time."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def stack_tables(
    tables: Sequence[Table], names: Sequence[Hashable], *, level: str = "banner"
) -> Table:
    """Put the tables of one question by several banners side by side (or one above another).

    Column-percentage tables get a first column level ``banner``; row-percentage tables
    (grids) a first row level. Each table's gaps (``table.gaps``) stay gaps under their
    new labels.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.banners import stack_tables
    >>> df = pd.DataFrame({"q": ["a", "b", "a"], "f": ["x", "y", "y"], "g": ["u", "u", "v"]})
    >>> parts = [tt.frequencies(df, "q", by=b) for b in ("f", "g")]
    >>> stack_tables(parts, ["f", "g"]).counts.columns.tolist()[:3]
    [('f', 'x'), ('f', 'y'), ('f', 'All')]
    """
    first = tables[0]
    by_rows = first.percent_axis == "rows"
    keys = list(names)
    refuse_truth_groups(
        {key: _first_level(t, by_rows=by_rows) for key, t in zip(keys, tables, strict=True)}
    )
    parts = [t.counts for t in tables]
    counts = _stacked(parts, keys, level=level, by_rows=by_rows)
    # Disclosure control judges a weighted table's small cells on its respondents: a
    # stack without them could not be protected, nor could the parts split from it.
    unweighted_counts = (
        None
        if any(t.unweighted_counts is None for t in tables)
        else _stacked(
            [t.unweighted_counts for t in tables if t.unweighted_counts is not None],
            keys,
            level=level,
            by_rows=by_rows,
        )
    )
    bases = pd.concat([t.bases for t in tables], keys=keys)
    unweighted = (
        None
        if any(t.unweighted_bases is None for t in tables)
        else pd.concat([t.unweighted_bases for t in tables], keys=keys)
    )
    effective = (
        None
        if any(t.effective_bases is None for t in tables)
        else pd.concat([t.effective_bases for t in tables], keys=keys)
    )
    zeros = (
        None
        if unweighted is None or all(t.zero_weights is None for t in tables)
        else pd.concat(
            [t.bases * 0 if t.zero_weights is None else t.zero_weights for t in tables], keys=keys
        ).astype(np.int64)
    )
    excluded = None
    if all(t.excluded is not None for t in tables):
        frames = [t.excluded for t in tables if t.excluded is not None]
        excluded = pd.concat(frames, axis=1, keys=keys).fillna(0)
    along = counts.index if by_rows else counts.columns
    bases.index = along
    if unweighted is not None:
        unweighted.index = along
    if effective is not None:
        effective.index = along
    if zeros is not None:
        zeros.index = along
    if excluded is not None:
        excluded.columns = along
    summary: tuple[Any, ...] = tuple(
        (name, *((row,) if not isinstance(row, tuple) else row))
        for name, t in zip(keys, tables, strict=True)
        for row in t.summary_rows
    )
    # A gap (an option not offered) keeps its cell under the new label of its column
    # (its row, for a grid stacked by rows).
    gaps = tuple(
        ((_under(name, row), column) if by_rows else (row, _under(name, column)))
        for name, t in zip(keys, tables, strict=True)
        for row, column in t.gaps
    )
    notes: list[str] = []
    for t in tables:
        notes += [n for n in t.extra_notes if n not in notes]
    # Whose each note is, kept for split_banners: a note of one banner ("no answer to
    # 'g'") is false of another's part.
    owners = (
        tuple((name, t.extra_notes) for name, t in zip(keys, tables, strict=True))
        if level == "banner"
        else ()
    )
    return Table(
        counts=counts,
        bases=bases,
        question=first.question,
        title=first.title,
        kind=first.kind,
        percent_axis=first.percent_axis,
        partition=first.partition,
        rule=first.rule,
        decimals=first.decimals,
        base_description=first.base_description,
        unweighted_bases=unweighted,
        excluded=excluded,
        effective_bases=effective,
        zero_weights=zeros,
        small_base=first.small_base,
        summary_rows=summary,
        extra_notes=tuple(notes),
        unweighted_counts=unweighted_counts,
        _banner_notes=owners,
        # Columns of a multi_crosstab overlap: stacked beside others, they still do.
        overlapping_columns=any(t.overlapping_columns for t in tables),
        gaps=gaps,
    )


def _stacked(
    parts: Sequence[pd.DataFrame], keys: list[Hashable], *, level: str, by_rows: bool
) -> pd.DataFrame:
    """Return frames of counts side by side (one above another) under a level `level`."""
    return pd.concat(parts, axis=0 if by_rows else 1, keys=keys, names=[level])


def _first_level(table: Table, *, by_rows: bool) -> list[Hashable]:
    """Return the labels a table's groups (its columns; a grid's rows) have at the top."""
    axis = table.counts.index if by_rows else table.counts.columns
    top = axis.get_level_values(0) if isinstance(axis, pd.MultiIndex) else axis
    return list(dict.fromkeys(top))


def _under(name: Hashable, label: Hashable) -> tuple[Any, ...]:
    """Return `label` under the banner (or group) `name`, as concatenation labels it."""
    return (name, *(label if isinstance(label, tuple) else (label,)))


def _without(label: tuple[Any, ...]) -> Any:
    """Return a stacked label without its banner: the part's own label."""
    return label[1:] if len(label) > 2 else label[1]


def _own_notes(table: Table, name: Hashable) -> tuple[str, ...]:
    """Return the notes the part of banner `name` keeps: its own, then the whole table's.

    A note the stack took from another banner only is left out; a note added to the
    stacked table afterwards (:meth:`~tracktr.Table.with_notes`) is of every part. A
    table that does not say whose its notes are (built by hand) keeps them all.
    """
    owners = dict(table._banner_notes)
    if name not in owners:
        return table.extra_notes
    shown = set(table.extra_notes)  # a note dropped from the stack stays dropped
    claimed = {note for notes in owners.values() for note in notes}
    own = tuple(note for note in owners[name] if note in shown)
    return (*own, *(note for note in table.extra_notes if note not in claimed))


def split_banners(table: Table, /) -> dict[Hashable, Table]:
    """Return the table of each banner of a table made with ``by=[...]``.

    Each is the table that ``by=banner`` alone gives, notes included (a note about
    another banner's groups is not one of them), so it can be compared
    (:func:`tracktr.compare_table`) or written on its own. Notes added to the table
    after it was made (:meth:`~tracktr.Table.with_notes`) are kept in every part.

    Raises
    ------
    tracktr.InvalidOptionError
        If the table has no banner level.
    tracktr.InvalidDataError
        If given something other than a Table, such as a protected table (a
        :class:`~tracktr.disclosure.Suppression`): split the table first, then protect
        the parts together.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> from tracktr.banners import split_banners
    >>> df = pd.DataFrame({"q": ["a", "b", "a"], "f": ["x", "y", "y"], "g": ["u", "u", "v"]})
    >>> parts = split_banners(tt.frequencies(df, "q", by=["f", "g"]))
    >>> list(parts), parts["g"].counts.columns.tolist()
    (['f', 'g'], ['u', 'v', 'All'])

    A note about one banner stays with its part:

    >>> blank = df.assign(g=["u", None, "v"])
    >>> parts = split_banners(tt.frequencies(blank, "q", by=["f", "g"]))
    >>> parts["f"].extra_notes
    ()
    >>> parts["g"].extra_notes[0][:49]
    "Respondents in the base who gave no answer to 'g'"
    """
    if not isinstance(table, Table):
        # A protected table's parts would each need protecting again, with the others:
        # its `.table` is the unprotected numbers, so it is not offered as the way out.
        msg = f"split_banners() takes a Table; got a {type(table).__name__}."
        hint = (
            "Hint: split the table before protecting it, and protect the parts together: "
            "tt.disclosure.protect(list(split_banners(table).values()))."
        )
        raise InvalidDataError(f"{msg}\n\n{hint}")
    axis = table.counts.index if table.percent_axis == "rows" else table.counts.columns
    if not isinstance(axis, pd.MultiIndex) or axis.names[0] != "banner":
        msg = f"table {table.question!r} has no banner level; it was not made with by=[...]."
        raise InvalidOptionError(msg)
    parts: dict[Hashable, Table] = {}
    for name in dict.fromkeys(axis.get_level_values(0)):
        by_rows = table.percent_axis == "rows"
        counts = table.counts.loc[name] if by_rows else table.counts[name]
        bases = table.bases[name]
        unweighted = None if table.unweighted_bases is None else table.unweighted_bases[name]
        effective = None if table.effective_bases is None else table.effective_bases[name]
        zeros = None if table.zero_weights is None else table.zero_weights[name]
        # Aligned with the bases: a grid's (by rows) are split like a table's by columns.
        excluded = None if table.excluded is None else table.excluded[name]
        crossed = table.unweighted_counts
        if crossed is not None:
            crossed = crossed.loc[name] if by_rows else crossed[name]
        parts[name] = dataclasses.replace(
            table,
            counts=counts,
            bases=bases,
            unweighted_bases=unweighted,
            effective_bases=effective,
            zero_weights=zeros if zeros is not None and zeros.any() else None,
            excluded=excluded,
            unweighted_counts=crossed,
            extra_notes=_own_notes(table, name),
            _banner_notes=(),
            summary_rows=tuple(
                r[1:] if len(r) > 2 else r[1] for r in table.summary_rows if r[0] == name
            ),
            gaps=tuple(
                (_without(row), column) if by_rows else (row, _without(column))
                for row, column in table.gaps
                if (row if by_rows else column)[0] == name
            ),
        )
    return parts


def named_notes(table: Table, column: str, banner: Banner) -> Table:
    """Return the table with notes naming the banner, not the column made to group by it.

    A nested banner, or one with a missing group, is tabulated by a column of its own
    (``"region × funder (banner)"``) that is not in the user's data.
    """
    if column == banner.name:
        return table
    own = tuple(n.replace(repr(column), repr(banner.name)) for n in table.extra_notes)
    return dataclasses.replace(table, extra_notes=own)


def by_banners(
    function: Callable[..., Table],
    data: pd.DataFrame,
    question: str,
    /,
    *,
    by: BannerSpec | Sequence[BannerSpec],
    missing_group: str | None,
    **options: Any,
) -> Table:
    """Tabulate a question by each banner with `function`, then stack the tables.

    One banner gives that banner's table (a nested banner's groups read
    ``"North / CRC"``); a list gives the tables side by side.
    """
    banners, listed = parse_banners(by)
    tables = []
    for banner in banners:
        survey = options.get("survey")
        frame, column = with_banner(data, banner, missing_group=missing_group, survey=survey)
        tables.append(named_notes(function(frame, question, by=column, **options), column, banner))
    if not listed:
        return tables[0]
    return stack_tables(tables, [b.name for b in banners])


@knows_rows
def grid_by(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    by: BannerSpec | Sequence[BannerSpec],
    missing_group: str | None,
    weights: npt.NDArray[Any] | None,
    total: bool,
    grid: Callable[..., Table],
    **options: Any,
) -> Table:
    """Count a grid by group: a block of item rows per group (then the total).

    The options of the scale are fixed once for all groups, so every block has the
    same columns.
    """
    banners, listed = parse_banners(by)
    tables = []
    for banner in banners:
        series = banner_column(
            data, banner, missing_group=missing_group, survey=options.get("survey")
        )
        blocks = []
        labels: list[Any] = list(series.cat.categories)
        for label in labels:
            mask = (series == label).to_numpy()
            blocks.append(_grid_part(grid, data, question, mask, weights, options))
        if total:
            labels.append("All")
            blocks.append(_grid_part(grid, data, question, None, weights, options))
        stacked = stack_tables(_named_summary_notes(blocks, labels), labels, level="group")
        # Pooled waves: an organisation in two waves is in two groups (or twice in one),
        # as frequencies(by=) notes.
        note = banner_note(data, banner.name, series)
        tables.append(stacked if note is None else stacked.with_notes(note))
    if not listed:
        return tables[0]
    return stack_tables(tables, [b.name for b in banners])


def _named_summary_notes(blocks: list[Table], labels: list[Any]) -> list[Table]:
    """Name the groups each block's note of its AVERAGE row speaks of, where they differ.

    Each group's grid says what its AVERAGE row is, with its items' bases; stacked,
    "each item's base is n=2" and "... n=4" were printed under rows "x: AVERAGE",
    "y: AVERAGE" and "All: AVERAGE" without saying which was whose.
    """

    def summary(block: Table, note: str) -> bool:
        return any(note.startswith(f"{row} is the mean") for row in block.summary_rows)

    groups: dict[str, list[str]] = {}
    for label, block in zip(labels, blocks, strict=True):
        for note in block.extra_notes:
            if summary(block, note):
                groups.setdefault(note, []).append(str(label))
    if len(groups) <= 1:  # one note for every group: it needs no names
        return blocks
    return [
        dataclasses.replace(
            block,
            extra_notes=tuple(
                f"{', '.join(groups[n])}: {n}" if summary(block, n) else n
                for n in block.extra_notes
            ),
        )
        for block in blocks
    ]


def _grid_part(  # noqa: PLR0917  (a private helper of grid_by, called once)
    grid: Callable[..., Table],
    data: pd.DataFrame,
    question: str,
    mask: npt.NDArray[np.bool_] | None,
    weights: npt.NDArray[Any] | None,
    options: dict[str, Any],
) -> Table:
    if mask is None:
        return grid(data, question, weights=weights, **options)
    part_weights = None if weights is None else weights[mask]
    return grid(data.loc[mask], question, weights=part_weights, **options)


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

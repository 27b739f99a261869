"""Disclosure control of a tab book: the whole book protected as one linked set of tables.

A tab book prints, for every question, one table per banner: the question's options (and
nets) by the banner's groups, with the total column and the bases shared by all of them.
A reader who has the book has them all, so they are protected together
(:func:`tracktr.disclosure.protect`'s model and solvers), with the links a book adds: a
net of a single-answer question is the sum of its options, a net of a multi-response set
is at least each of its options and at most their sum, and a numeric question's bases
(its ``n`` per group) add up like any other bases.

What is hidden in the written book: a hidden count's percentage and its letters, every
letter that compares a published cell with a hidden one, a column's percentages when its
base is hidden, the mean score (and its base and letters) of a column with any hidden
count, every statistic of a numeric question's column whose ``n`` is hidden, and a
numeric question's minimum, quartiles, median and maximum in every column (each one
organisation's answer, or the mean of two: beside the mean and SD of a group of five, they
gave its minimum and maximum away exactly). The
notes that would print a hidden number (the total base, respondents without a group,
effective bases) print the marker instead, and the note on respondents without a group
says "Some respondents" where their number is below the threshold (a count the reader
works out, protected like a printed one). A nested banner's groups are linked to those
of the banners it nests in (``North / CRC`` to ``North`` and to ``CRC``), reading from
the respondents which nested group lies in which.

Weighted books: the threshold is about organisations, so every requirement is on the
unweighted counts, and the model grants the reader the number of organisations behind
every published cell (more than the book prints, so it errs on the safe side). Where the
weights can be read off the book (a printed group of ``threshold`` organisations or more
whose respondents have one weight), the weighted figures the book prints are in the
reader's model too, each tied to its count by its column's weights
(:mod:`tracktr.disclosure._weighted`), and a cell is hidden when its count or its weighted
figure is; a cell hidden for its weighted figure alone has the weighted figure's row in
the audit (reason ``"weighted"``). Where the weights vary within every group, the model
is that of the counts. The weighted percentages and bases of hidden cells are hidden with
them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._pooled import unnumbered_panel_note
from tracktr._tabbook_book import BannerBlock, TabBook, TabBookSection
from tracktr._tabbook_notes import (
    EMPTY_NOTE,
    WEIGHED_OUT_NOTE,
    _rounding_notes,
    empty_group_notes,
    unnumbered_untested_note,
)
from tracktr._table_text import (
    ZERO_WEIGHT,
    ZERO_WEIGHT_UNCOUNTED,
    no_group_count,
    no_group_note,
)
from tracktr.disclosure.suppression import DEFAULT_MARKER, ProtectedSet, Suppression
from tracktr.exceptions import InvalidOptionError, InvalidWeightsError
from tracktr.table import Table
from tracktr.tabulate import TOTAL
from tracktr.tabulate._multi import protected_dont_know_note

if TYPE_CHECKING:
    from tracktr.compare._letters import PairTests
    from tracktr.disclosure._model import NestLink, NetLink
    from tracktr.disclosure._weighted import Printed

__all__ = [
    "BookDisclosure",
    "check_disclosure",
    "check_extra",
    "protect_book",
    "refuse_zero_weights",
]

_OPTIONS = (
    "level",
    "zeros",
    "full",
    "secondary",
    "method",
    "loss",
    "time_limit",
    "marker",
    "recodes",
)
_BANNER_JOIN = " × "  # how tracktr.banners.Banner names a nested banner


@dataclass(frozen=True, slots=True)
class BookDisclosure:
    """What disclosure control hid in a tab book, and the reader's audit of it.

    Attributes
    ----------
    threshold : int
        Counts (and bases) of 1 to ``threshold - 1`` organisations, unweighted, were
        sensitive.
    marker : str
        Printed in place of every hidden number.
    protected : tracktr.disclosure.ProtectedSet
        The book's count tables protected as one set, in the order of `sources`.
    sources : tuple of (str, str, str)
        For each table of `protected`: the section, the banner, and what it holds
        (``"options"``, ``"nets"``, or ``"numeric"``: a numeric question's bases).
    cells : pandas.DataFrame
        One row per printed cell that shows the marker: ``section``, ``row``,
        ``row_kind``, ``banner``, ``group`` and ``why`` (``"count"``: its count is
        hidden; ``"base"``: its column's base is; ``"derived"``: a mean score or
        statistic of a column with a hidden count; ``"extreme"``: a numeric question's
        minimum or maximum, each one organisation's answer).
    published_with : tuple of tracktr.disclosure.Suppression
        The tables published beside the book (``tabbook(..., publish_with=...)``),
        protected in the same set, in the order given: publish these, not the tables
        themselves. Their entries of `sources` read ``(question, "", "published with")``.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "T", "questions": [
    ...     {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b", "c"]}]})
    >>> df = pd.DataFrame({"q": ["a"] * 20 + ["b"] * 18 + ["c"] * 2,
    ...                    "g": ["x", "y"] * 20})
    >>> book = tt.tabbook(df, survey, banners=["g"], threshold=5)
    >>> book.disclosure
    BookDisclosure(threshold=5, tables=1, hidden cells=6, requirements met=True)
    >>> book.disclosure.cells["row"].unique().tolist()
    ['b', 'c']
    """

    threshold: int
    marker: str
    protected: ProtectedSet
    sources: tuple[tuple[str, str, str], ...]
    cells: pd.DataFrame
    published_with: tuple[Suppression, ...] = ()

    def __repr__(self) -> str:
        return (
            f"BookDisclosure(threshold={self.threshold}, tables={len(self.sources)}, "
            f"hidden cells={len(self.cells)}, requirements met={self.met})"
        )

    @property
    def met(self) -> bool:
        """Whether the audit finds every requirement of every table met.

        False also where ``notes`` name a pair of sections that may be a recode
        the model could not link (``protection={"recodes": ...}`` settles it).
        """
        return self.protected.met

    @property
    def notes(self) -> tuple[str, ...]:
        """What the audit cannot vouch for (``ProtectedSet.notes``).

        A table's position is the audit's ``table``: its section and banner are in
        :meth:`audit`'s rows, and in `sources`.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "T", "questions": [
        ...     {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b", "c"]}]})
        >>> df = pd.DataFrame({"q": ["a"] * 20 + ["b"] * 18 + ["c"] * 2, "g": ["x", "y"] * 20})
        >>> tt.tabbook(df, survey, banners=["g"], threshold=5).disclosure.notes
        ()
        """
        return self.protected.notes

    @property
    def note(self) -> str:
        """The book's note on disclosure control (printed in the index of a written book)."""
        return (
            f"Disclosure control: {self.marker} marks a number suppressed to protect "
            f"respondents: counts and bases of 1 to {self.threshold - 1} organisations "
            "(unweighted), further numbers from which they could be worked out (the "
            "book's tables, totals and nets protected together), and every percentage, "
            "letter, mean score or statistic that depends on them."
        )

    def audit(self) -> pd.DataFrame:
        """Return the audit of every hidden number, with its section, banner and table.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "T", "questions": [
        ...     {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]}]})
        >>> df = pd.DataFrame({"q": ["a"] * 38 + ["b"] * 2, "g": ["x", "y"] * 20})
        >>> audit = tt.tabbook(df, survey, banners=["g"], threshold=5).disclosure.audit()
        >>> audit[["section", "row", "column", "reason", "met"]].head(2)
          section row column     reason   met
        0       q   a      x  secondary  True
        1       q   a      y  secondary  True
        """
        frame = self.protected.audit()
        where = pd.DataFrame(list(self.sources), columns=["section", "banner", "holds"])
        frame = frame.join(where, on="table")
        first = ["section", "banner", "holds"]
        return frame[first + [c for c in frame.columns if c not in first]]


@dataclass(frozen=True, slots=True)
class Settings:
    """The checked options of disclosure control (as :func:`tracktr.disclosure.protect`)."""

    threshold: int
    options: dict[str, Any]


def check_disclosure(threshold: object, protection: object) -> Settings | None:
    """Check the options before any work; None when the book is not protected."""
    from tracktr.disclosure._coarse import check_recodes
    from tracktr.disclosure.protection import _check_marker_and_time, _whole
    from tracktr.typing import (
        CellSensitivity,
        SuppressionLoss,
        SuppressionMethod,
        check_choice,
    )

    if protection is not None and not isinstance(protection, Mapping):
        msg = f"`protection` must be a mapping of protect() options; got {protection!r}."
        raise InvalidOptionError(f"{msg}\n\nHint: protection={{'zeros': 'protect'}}.")
    given = dict(protection or {})
    if threshold is None:
        if given:
            msg = f"`protection` options {sorted(given)} were given without a `threshold`."
            raise InvalidOptionError(f"{msg}\n\nHint: pass threshold=5 to protect the book.")
        return None
    unknown = sorted(set(given) - set(_OPTIONS))
    if unknown:
        msg = f"unknown `protection` option(s) {unknown}; tabbook() takes {list(_OPTIONS)}."
        raise InvalidOptionError(msg)
    threshold = _whole(threshold, "threshold", low=1)
    options: dict[str, Any] = {
        "level": threshold,
        "zeros": "publish",
        "full": "publish",
        "secondary": True,
        "method": "auto",
        "loss": "cells",
        "time_limit": 2.0,
        "marker": DEFAULT_MARKER,
        "recodes": None,
    }
    options.update(given)
    options["recodes"] = check_recodes(options["recodes"])  # checked: Declared recodes
    options["level"] = _whole(options["level"], "level", low=1)
    check_choice(options["zeros"], CellSensitivity, name="zeros")
    check_choice(options["full"], CellSensitivity, name="full")
    check_choice(options["method"], SuppressionMethod, name="method")
    check_choice(options["loss"], SuppressionLoss, name="loss")
    if not isinstance(options["secondary"], bool):
        msg = f"`secondary` must be True or False; got {options['secondary']!r}."
        raise InvalidOptionError(msg)
    _check_marker_and_time(options["marker"], options["time_limit"])
    return Settings(threshold, options)


# -- the book's tables, unweighted -----------------------------------------------------------


def _unweighted(table: Table) -> Table:
    """Return the table of organisations: the threshold and the model count them."""
    if not table.weighted:
        return dataclasses.replace(table, extra_notes=())
    assert table.unweighted_counts is not None  # tabulate keeps them for weighted tables
    counts = table.unweighted_counts.reindex(index=table.counts.index, columns=table.counts.columns)
    assert table.unweighted_bases is not None
    return _counted(table, counts, table.unweighted_bases)


def _counted(table: Table, counts: pd.DataFrame, bases: pd.Series) -> Table:
    """Return `table` with these counts of organisations and bases, and nothing weighted.

    No notes: the nets are linked to their options by :func:`protect_book`, per banner.
    """
    return dataclasses.replace(
        table,
        counts=counts,
        bases=bases,
        unweighted_bases=None,
        unweighted_counts=None,
        effective_bases=None,
        zero_weights=None,
        extra_notes=(),
    )


def _net_counts(options: Table, nets: Table, members: list[tuple[str, list[str]]]) -> Table:
    """Return a single-answer question's nets in organisations: sums of their options."""
    base = _unweighted(options)
    position = {str(label): label for label in base.counts.index}
    rows = {
        name: base.counts.loc[[position[m] for m in parts]].sum(axis=0).to_numpy()
        for name, parts in members
    }
    counts = pd.DataFrame(
        np.array(list(rows.values())).reshape(len(rows), base.counts.shape[1]),
        index=pd.Index(list(rows), dtype=object),
        columns=base.counts.columns,
    ).reindex(index=nets.counts.index)
    return _counted(nets, counts, base.bases)


def _numeric_table(question: str, block: BannerBlock) -> Table:
    """Return a numeric question's bases (organisations with a value) as a table of bases."""
    assert block.summary is not None
    n = block.summary.statistics["n"].astype("int64")
    columns = [g for g in n.index if g != TOTAL] + [TOTAL]
    return Table(
        counts=pd.DataFrame(index=pd.Index([], dtype=object), columns=columns, dtype="int64"),
        bases=n.reindex(columns),
        question=question,
    )


def _tables(
    book: TabBook, survey: Any, unweighted_multi_nets: Any
) -> tuple[list[Table], list[tuple[int, int, str]]]:
    """Return every count table the book prints, and where each is (section, block, holds)."""
    tables: list[Table] = []
    where: list[tuple[int, int, str]] = []
    for s, section in enumerate(book.sections):
        for b, block in enumerate(section.blocks):
            if block.summary is not None:
                tables.append(_numeric_table(section.name, block))
                where.append((s, b, "numeric"))
                continue
            assert block.table is not None
            tables.append(_unweighted(block.table))
            where.append((s, b, "options"))
            if block.nets is None:
                continue
            if block.table.kind == "multi" and block.nets.weighted:
                nets = unweighted_multi_nets(section, block)
            elif block.table.kind == "multi":
                nets = _unweighted(block.nets)
            else:
                shown = _members(survey, section.question, block.nets)
                nets = _net_counts(block.table, block.nets, shown)
            tables.append(nets)
            where.append((s, b, "nets"))
    return tables, where


def _net_links(book: TabBook, survey: Any, where: Sequence[tuple[int, int, str]]) -> list[NetLink]:
    """Return each banner's table of nets with its own table of options (just before it).

    Keyed on the book's section and banner, not on labels: two banners may print groups
    of the same names, and one banner's nets are never the sums of another's options.
    """
    from tracktr.disclosure._model import NetLink

    links = []
    for t, (s, b, holds) in enumerate(where):
        if holds != "nets":
            continue
        assert where[t - 1] == (s, b, "options")
        section = book.sections[s]
        members = _members(survey, section.question, section.blocks[b].nets)
        links.append(NetLink(t, t - 1, tuple((name, tuple(parts)) for name, parts in members)))
    return links


def _nest_links(
    book: TabBook,
    tables: Sequence[Table],
    where: Sequence[tuple[int, int, str]],
    *,
    data: pd.DataFrame,
    by: Mapping[str, str],
) -> list[NestLink]:
    """Return each nested banner's tables with those of the banners it nests in.

    ``("region", "funder")`` nests in ``"region"`` (and in ``"funder"``): each group of
    region is the sum of its nested groups and of those of it with no funder, in every
    section, for the options and the nets alike. Which nested group lies in which group
    is read from the respondents (each nested group's grouping column against the outer
    one's), not from the labels: a label may hold " / " itself.
    """
    from tracktr.disclosure._model import NestLink

    columns = {name: tuple(name.split(_BANNER_JOIN)) for name in book.banners}
    members: dict[tuple[str, str], dict[str, list[Any]]] = {}
    for nested, inner in columns.items():
        for outer, around in columns.items():
            if nested != outer and _within_banner(around, inner) and {nested, outer} <= set(by):
                members[(nested, outer)] = _members_in_data(data[by[nested]], data[by[outer]])
    links = []
    for t, (s, b, holds) in enumerate(where):
        for u, (s_other, b_other, holds_other) in enumerate(where):
            if (s_other, holds_other) != (s, holds) or b_other == b:
                continue
            section = book.sections[s]
            found = members.get((section.blocks[b].banner, section.blocks[b_other].banner))
            if not found:
                continue
            inner_groups = {str(g): g for g in tables[t].counts.columns}
            listed = tuple(
                (
                    group,
                    tuple(inner_groups[n] for n in found.get(str(group), []) if n in inner_groups),
                )
                for group in tables[u].counts.columns
                if group != TOTAL
            )
            listed = tuple((group, parts) for group, parts in listed if parts)
            if listed:
                links.append(NestLink(t, u, listed))
    return links


def _within_banner(outer: tuple[str, ...], nested: tuple[str, ...]) -> bool:
    """Whether a banner's columns are some of a nested banner's, in the same order."""
    if len(outer) >= len(nested):
        return False
    rest = iter(nested)
    return all(column in rest for column in outer)


def _members_in_data(nested: pd.Series, outer: pd.Series) -> dict[str, list[str]]:
    """Return, for each outer group, the nested groups whose respondents are all in it."""
    both = nested.notna().to_numpy() & outer.notna().to_numpy()
    pairs = pd.DataFrame(
        {
            "nested": nested.astype(object)[both].map(str),
            "outer": outer.astype(object)[both].map(str),
        }
    ).drop_duplicates()
    homes = pairs.groupby("nested")["outer"].unique()
    out: dict[str, list[str]] = {}
    for group, home in homes.items():
        if len(home) == 1:
            out.setdefault(str(home[0]), []).append(str(group))
    return out


def _members(survey: Any, question: str, printed: Table | None) -> list[tuple[str, list[str]]]:
    """Return each net the book prints of a question, and its options (the codebook's).

    A net the section leaves out (one holding don't know, with ``dont_know="exclude"``)
    is not in `printed`, the block's table of nets.
    """
    from tracktr.nets import _pairs

    nets = _pairs(survey.spec(question).nets)
    shown = set() if printed is None else {str(label) for label in printed.counts.index}
    return [(str(name), [str(m) for m in parts]) for name, parts in nets if str(name) in shown]


def refuse_zero_weights(data: pd.DataFrame, weights: Any) -> None:
    """Refuse a protected weighted book with respondents of weight 0.

    The book is protected on the organisations behind its cells, and prints weighted
    figures beside them. A respondent of weight 0 is one of those organisations but in no
    weighted figure: a group of them has a weighted base of 0, which pins every weighted
    count of the group at 0, and a hidden weighted percentage of another group can then
    be worked out from the total (one test book: 21.9% hidden, worked out as 19-24%).
    """
    from tracktr.tabulate import _weights

    values = _weights(data, weights)
    if values is None or not np.issubdtype(np.asarray(values).dtype, np.number):
        return  # none, or not numbers: the tabulator's own check names them
    zero = np.flatnonzero(np.asarray(values, dtype=float) == 0)
    if not zero.size:
        return
    rows = list(data.index[zero[:10]])
    more = f" and {zero.size - 10} more" if zero.size > 10 else ""
    msg = (
        f"a protected weighted tab book cannot hold respondents of weight 0: rows {rows}"
        f"{more} ({zero.size} in all). They count among the organisations the book "
        "protects but in none of its weighted figures, and a group of them pins hidden "
        "weighted figures of the others."
    )
    hint = (
        "Hint: leave them out first (data[data['w'] > 0]), so that the weighted and the "
        "unweighted figures describe the same organisations."
    )
    raise InvalidWeightsError(f"{msg}\n\n{hint}")


# -- tables published beside the book --------------------------------------------------------

PUBLISHED_WITH = "published with"
"""What a table of ``BookDisclosure.sources`` holds when it was published beside the book."""


def check_extra(extra: object, settings: Settings | None, *, weighted: bool) -> tuple[Table, ...]:
    """Check the tables published beside a book before any work; return them as a tuple.

    They are protected with the book, so they need its `threshold`; a weighted one needs
    a weighted book, whose weights say what its weighted figures tell a reader.
    """
    if extra is None:
        return ()
    if isinstance(extra, Table) or not isinstance(extra, Sequence) or isinstance(extra, str):
        msg = f"`publish_with` must be a list of tracktr Tables; got {type(extra).__name__}."
        raise InvalidOptionError(f"{msg}\n\nHint: publish_with=[tt.crosstab(df, 'q', 'g')].")
    tables = tuple(extra)
    wrong = [i for i, table in enumerate(tables) if not isinstance(table, Table)]
    if wrong:
        kinds = sorted({type(tables[i]).__name__ for i in wrong})
        msg = f"`publish_with` items {wrong} are not tracktr Tables ({', '.join(kinds)})."
        hint = "Hint: pass the tables as tracktr builds them (tt.frequencies, tt.crosstab, ...)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if tables and settings is None:
        msg = "`publish_with` was given without a `threshold`: there is nothing to protect."
        hint = "Hint: pass threshold=5 to protect the book and these tables together."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    from tracktr.disclosure._model import _respondents

    for table in tables:
        _respondents(table)  # counts of organisations behind each cell, as protect() needs
    odd = [i for i, table in enumerate(tables) if table.weighted and not weighted]
    if odd:
        msg = (
            f"`publish_with` items {odd} are weighted tables, but the book is not weighted: "
            "the threshold is about organisations, and an unweighted book gives no weights "
            "to tell what their weighted figures reveal."
        )
        hint = "Hint: build the book with the same weights=..., or publish unweighted tables."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return tables


def extra_printed(
    extra: Sequence[Table],
    *,
    data: pd.DataFrame,
    weights: str | Sequence[float] | None,
    by: Mapping[str, str],
) -> list[Printed | None]:
    """Return, for each table published beside a book, its weighted figures and weights.

    A table does not say which column it was grouped by: its groups' weights are those of
    the book's banner whose groups hold all of its groups (where one banner does, or all
    that do agree), and otherwise everyone's, as for a line of the book whose group is
    not found. A table the book's weights cannot have weighted is refused
    (:func:`_refuse_other_weights`).
    """
    from tracktr.disclosure._weighted import Printed
    from tracktr.tabulate import _weights

    values = _weights(data, weights)
    if values is None:
        return [None] * len(extra)
    array = np.asarray(values, dtype=float)
    everyone = _group_summary(None, array)
    banners = [_group_summary(data[column], array) for column in by.values()]
    out: list[Printed | None] = []
    for table in extra:
        if not table.weighted:
            out.append(None)
            continue
        groups = {str(g) for g in table.counts.columns if g != TOTAL}
        covering = [found for found in banners if groups <= found.keys()]
        chosen = dict(everyone)
        if covering and all(c[g][:2] == covering[0][g][:2] for c in covering for g in groups):
            # Banners alike in weights may differ in who is in a group: no sums then.
            chosen |= {g: covering[0][g] if len(covering) == 1 else (*covering[0][g][:2], -1, 0.0)
                       for g in groups}  # fmt: skip
        _refuse_other_weights(table, chosen)
        ranges: dict[Hashable, tuple[float, float]] = {TOTAL: everyone[str(TOTAL)][:2]}
        ranges.update({g: chosen[str(g)][:2] for g in table.counts.columns if str(g) in chosen})
        out.append(Printed(table, ranges))
    return out


_Summary = tuple[float, float, int, float]
"""A group's smallest and largest weight, its respondents and their summed weight."""


def _group_summary(
    groups: pd.Series | None, values: npt.NDArray[np.float64]
) -> dict[str, _Summary]:
    """Return each group's weights (keyed by its label's text), or everyone's (``"All"``)."""
    if groups is None:
        count = int(np.isfinite(values).sum())
        return {str(TOTAL): (float(np.nanmin(values)), float(np.nanmax(values)), count,
                             float(np.nansum(values)))}  # fmt: skip
    frame = pd.DataFrame({"group": groups.astype(object).to_numpy(), "w": values})
    found = frame.dropna(subset=["group"]).groupby("group", sort=False)["w"]
    table = found.agg(["min", "max", "size", "sum"])
    return {
        str(g): (float(row["min"]), float(row["max"]), int(row["size"]), float(row["sum"]))
        for g, row in table.iterrows()
    }


def _refuse_other_weights(table: Table, weights: Mapping[str, _Summary]) -> None:
    """Refuse a weighted table that the book's weights cannot have weighted.

    The model ties its weighted figures to its counts by the book's weights: a table
    weighted by other weights would be modelled wrong, without a word. A column's mean
    weight must lie within its group's weights, and a column of as many respondents as
    its group of the book must sum to the same weight (weights moved between groups
    keep every mean in range).
    """
    assert table.unweighted_bases is not None  # a weighted table carries them
    for group, weighted in table.bases.items():
        people = float(table.unweighted_bases.get(group, 0))
        low, high, count, total = weights.get(str(group), weights[str(TOTAL)])
        if people <= 0:
            continue
        mean = float(weighted) / people
        same = count != people or np.isclose(float(weighted), total, rtol=1e-9, atol=1e-9)
        if not low * (1 - 1e-9) <= mean <= high * (1 + 1e-9) or not same:
            book = "" if same else f"; its {count} respondents weigh {total:.6g} in the book"
            msg = (
                f"`publish_with` table {table.question!r}: column {group!r} has a mean weight "
                f"of {mean:.4g} ({float(weighted):.6g} over {people:.0f} respondents), which "
                f"the book's weights ({low:.4g} to {high:.4g}{book}) cannot give: it is "
                "weighted by other weights, and would be protected as if weighted by the "
                "book's."
            )
            hint = "Hint: tabulate the tables published beside the book with its weights."
            raise InvalidOptionError(f"{msg}\n\n{hint}")


def _extra_links(
    tables: Sequence[Table],
    nets: Sequence[NetLink],
    nests: Sequence[NestLink],
    *,
    first: int,
) -> tuple[list[NetLink], list[NestLink]]:
    """Add the links of the tables beside a book (from `first` on), as a reader reads them.

    The book links its own tables by section and banner; a table beside it is linked as
    :func:`tracktr.disclosure.protect` links any table, by its labels and notes: a
    ``net_table`` to its options, a table by a nested banner (``"East / CRC"``) to the
    book's groups. Left out, a reader read a hidden base of 1 exactly in 12 of 12 books
    with a nested table beside them, and pinned counts in 8 of 12 with a net table.
    """
    from tracktr.disclosure._links import noted_nests
    from tracktr.disclosure._nets import noted_nets

    def beside(*positions: int) -> bool:
        return any(position >= first for position in positions)

    return (
        [*nets, *(link for link in noted_nets(tables) if beside(link.nets, link.options))],
        [*nests, *(link for link in noted_nests(tables) if beside(link.nested, link.outer))],
    )


def _published_with(
    extra: Sequence[Table], found: Sequence[Suppression]
) -> tuple[Suppression, ...]:
    """Return the tables published beside the book as they were given, with what is hidden.

    The set protected their counts of organisations (a weighted table's unweighted
    counts): each result prints the table itself, weighted figures and all.
    """
    return tuple(
        dataclasses.replace(suppression, table=table)
        for table, suppression in zip(extra, found, strict=True)
    )


# -- protecting and printing -----------------------------------------------------------------


def protect_book(
    book: TabBook,
    settings: Settings,
    *,
    survey: Any,
    data: pd.DataFrame,
    by: Mapping[str, str],
    empty: Any,
    weights: Any = None,
    extra: Sequence[Table] = (),
    dont_know: Any = "include",
) -> TabBook:
    """Return the book with every hidden number, and all that derives from it, suppressed.

    `data` (with each banner's grouping column, named in `by`) is read again only for
    the organisations behind a weighted multi-response set's nets (a net of ticks cannot
    be summed from its options) and for the `weights` of each banner's groups. The
    `extra` tables, published beside the book, are protected in the same set (checked
    by :func:`check_extra`): ``book.disclosure.published_with`` holds them.
    """
    from tracktr.multicross import multi_nets

    def unweighted_multi_nets(section: TabBookSection, block: BannerBlock) -> Table:
        assert block.nets is not None
        # The nets printed (one holding don't know is left out with dont_know="exclude"),
        # over the base printed: those who answered only don't know are out of it then.
        printed = {str(label) for label in block.nets.counts.index}
        shown = [(n, m) for n, m in survey.spec(section.question).nets if str(n) in printed]
        table = multi_nets(
            data, section.question, shown, survey=survey, by=by[block.banner], empty=empty,
            dont_know=dont_know,
        )  # fmt: skip
        counts = table.counts.reindex(
            index=block.nets.counts.index, columns=block.nets.counts.columns
        )
        return _unweighted(dataclasses.replace(table, counts=counts))

    from tracktr.disclosure._model import build
    from tracktr.disclosure._weighted import add_weighted_figures, printed_tables
    from tracktr.disclosure.protection import solve

    if not book.sections and not extra:
        return book
    tables, where = _tables(book, survey, unweighted_multi_nets)
    links = _net_links(book, survey, where)
    nests = _nest_links(book, tables, where, data=data, by=by)
    # The weighted figures printed beside the counts, and the weights read off the bases.
    printed = printed_tables(book, where, data=data, weights=weights, by=by)
    # Tables published beside the book come after its own, so that the links keep their
    # positions: their counts of organisations are the book's where the labels agree.
    first = len(tables)
    # Their notes name a net's members, which the reader reads as protect() does.
    tables += [
        dataclasses.replace(_unweighted(table), extra_notes=table.extra_notes) for table in extra
    ]
    printed += extra_printed(extra, data=data, weights=weights, by=by)
    links, nests = _extra_links(tables, links, nests, first=first)
    model = build(tables, nets=links, nests=nests, recodes=settings.options["recodes"])
    weighted = add_weighted_figures(model, tables, printed, links, threshold=settings.threshold)
    options = settings.options
    with _book_cycle_warnings():
        protected = solve(
            tables if weighted is None else [*tables, *weighted.tables],
            model,
            threshold=settings.threshold,
            level=options["level"],
            zeros=options["zeros"],
            full=options["full"],
            secondary=options["secondary"],
            method=options["method"],
            loss=options["loss"],
            time_limit=float(options["time_limit"]),
            marker=options["marker"],
        )
    if weighted is not None:
        protected = weighted.fold(protected)
    by_block: dict[tuple[int, int], dict[str, Suppression]] = {}
    for t, (s, b, holds) in enumerate(where):
        by_block.setdefault((s, b), {})[holds] = protected[t]
    marker = str(options["marker"])
    sections = []
    records: list[tuple[Any, ...]] = []
    for s, section in enumerate(book.sections):
        found = {b: by_block[(s, b)] for b in range(len(section.blocks))}
        new, hidden = _protect_section(section, found, marker, settings.threshold, book=book)
        sections.append(new)
        records += hidden
    sources = tuple(
        (book.sections[s].name, book.sections[s].blocks[b].banner, holds) for s, b, holds in where
    ) + tuple((table.question, "", PUBLISHED_WITH) for table in extra)
    cells = pd.DataFrame(
        records, columns=pd.Index(["section", "row", "row_kind", "banner", "group", "why"])
    )
    beside = _published_with(extra, protected[len(where) :])
    disclosure = BookDisclosure(settings.threshold, marker, protected, sources, cells, beside)
    return dataclasses.replace(book, sections=tuple(sections), disclosure=disclosure)


@contextlib.contextmanager
def _book_cycle_warnings() -> Iterator[None]:
    """Say in a book's words when its breakdowns close a cycle the audit does not model.

    :func:`tracktr.disclosure.protect`'s warning names a table by its number in the set;
    a book's reader knows sections and banners. Other warnings pass on unchanged.
    """
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for warning in caught:
        text = str(warning.message)
        if "closes a cycle of breakdowns" in text:
            text = re.sub(r"^table \d+ \(", "the book's table (", text)
            text += (
                " In a tab book: leave the banners' own questions out of `questions`, or "
                "give one banner."
            )
        warnings.warn(text, warning.category, stacklevel=4)


def _hidden(found: Suppression | None) -> tuple[set[tuple[Any, Any]], set[Any]]:
    """Return the hidden (row, column) cells (a hidden base hides its column) and bases."""
    if found is None:
        return set(), set()
    bases = {label for label, flag in found.suppressed_bases.items() if flag}
    mask = found.hidden_percentages
    cells = {
        (row, column)
        for column in mask.columns
        for row, flag in mask[column].items()
        if flag or column in bases
    }
    return cells, bases


def _decide(
    letters: Mapping[Any, list[Any]] | None,
    tests: PairTests | None,
    hidden: set[tuple[Any, Any]],
    book: TabBook,
) -> tuple[dict[Any, list[Any]] | None, int]:
    """Decide the letters again over the tests of published cells; count those left out.

    Dropping the letters of hidden cells is not enough: the others were adjusted
    together with them (Holm's adjustment reads every p-value of the family), so a
    letter that appears or not would say something about a hidden count.
    """
    if letters is None:
        return None, 0
    if tests is None:  # a block built with letters always keeps its tests
        msg = "a tab book block has letters but not the tests behind them."
        raise InvalidOptionError(f"{msg}\n\nHint: build the book with tt.tabbook().")
    left_out = int((~tests.published(hidden)).sum())  # by the markers alone: public
    return tests.letters(adjust=book.adjust, level=book.level, hidden=hidden), left_out


def _published_letters(
    block: BannerBlock,
    option_cells: set[tuple[Any, Any]],
    net_cells: set[tuple[Any, Any]],
    means: set[Any],
    book: TabBook,
) -> tuple[BannerBlock, int]:
    """Return the block with its letters decided over its published cells."""
    higher, a = _decide(block.higher, block.tests, option_cells, book)
    net_higher, n = _decide(block.net_higher, block.net_tests, net_cells | option_cells, book)
    hidden_means = {(None, group) for group in means}
    score_higher, m = _decide(block.score_higher, block.score_tests, hidden_means, book)
    published = dataclasses.replace(
        block, higher=higher, net_higher=net_higher, score_higher=score_higher
    )
    return published, a + n + m


def _protect_section(
    section: TabBookSection,
    found: dict[int, dict[str, Suppression]],
    marker: str,
    threshold: int,
    *,
    book: TabBook,
) -> tuple[TabBookSection, list[tuple[Any, ...]]]:
    """Return the section as published, and its hidden cells (section, row, ..., why)."""
    blocks = []
    left_out = 0
    option_cells: dict[int, set[tuple[Any, Any]]] = {}
    net_cells: dict[int, set[tuple[Any, Any]]] = {}
    bases: dict[int, set[Any]] = {}
    means: dict[int, set[Any]] = {}
    for b, block in enumerate(section.blocks):
        holds = found[b]
        if "numeric" in holds:
            _, bases[b] = _hidden(holds["numeric"])
            option_cells[b] = net_cells[b] = set()
            means[b] = set(bases[b])
            blocks.append(block)
            continue
        option_cells[b], option_bases = _hidden(holds["options"])
        net_cells[b], net_bases = _hidden(holds.get("nets"))
        bases[b] = option_bases | net_bases
        # A mean score is a sum of scored counts over their base: hidden with any of them.
        means[b] = {column for _, column in option_cells[b]} | bases[b]
        lettered, not_made = _published_letters(
            block, option_cells[b], net_cells[b], means[b], book
        )
        blocks.append(lettered)
        left_out += not_made
    # The total column is one column of every block: hidden if any block hides it.
    total_cells = {row for cells in option_cells.values() for row, c in cells if c == TOTAL}
    total_nets = {row for cells in net_cells.values() for row, c in cells if c == TOTAL}
    total_base = any(TOTAL in hidden for hidden in bases.values())
    total_mean = any(TOTAL in hidden for hidden in means.values()) or total_base
    rebuilt = TabBookSection(
        section.question, section.item, section.title, section.kind, tuple(blocks)
    )
    columns = [(0, TOTAL)]
    for b, block in enumerate(section.blocks):
        columns += [(b, g) for g in block.groups]
    first = section.blocks[0]
    options = [] if first.table is None else list(first.table.counts.index)
    nets = [] if first.nets is None else list(first.nets.counts.index)
    rows = []
    records: list[tuple[Any, ...]] = []
    counters = {"option": 0, "net": 0}
    for label, kind, cells in rebuilt.rows:
        new = list(cells)
        for k, (b, group) in enumerate(columns):
            why = _why(
                kind,
                label,
                group,
                counters,
                options=options,
                nets=nets,
                option_cells=total_cells if k == 0 else _rows_of(option_cells[b], group),
                net_cells=total_nets if k == 0 else _rows_of(net_cells[b], group),
                base=total_base if k == 0 else group in bases[b],
                mean=total_mean if k == 0 else group in means[b],
                numeric=first.summary is not None,
                extremes=threshold > 1,  # a threshold of 1 protects nothing
            )
            if why:
                new[k] = marker
                banner = "Total" if k == 0 else section.blocks[b].banner
                records.append((section.name, label, kind, banner, group, why))
        if kind in counters:
            counters[kind] += 1
        rows.append((label, kind, tuple(new)))
    rounding = _rounding(section, option_cells, bases, bool(total_cells) or total_base)
    notes = _notes(section, bases, total_base, marker, threshold=threshold, rounding=rounding)
    if left_out:
        notes.append(
            "Letters compare published numbers only, with p-values adjusted over those "
            f"comparisons: {left_out} comparison(s) with a suppressed number were not made."
        )
    if records:
        notes.append(
            f"{marker}: suppressed to protect respondents: counts of 1 to {threshold - 1} "
            "organisations, further numbers from which they could be worked out, and the "
            "percentages, letters and mean scores that depend on them."
        )
    published = TabBookSection(
        section.question,
        section.item,
        section.title,
        section.kind,
        tuple(blocks),
        tuple(notes),
        tuple(rows),
    )
    return published, records


def _rounding(
    section: TabBookSection,
    option_cells: dict[int, set[tuple[Any, Any]]],
    bases: dict[int, set[Any]],
    total_hidden: bool,
) -> tuple[list[str], list[str]]:
    """Return the note on sums off 100 as written, and without columns with a hidden cell.

    A column's sum of rounded percentages says how its hidden percentages round: it
    depends on the hidden counts, so it is not printed for such a column.
    """
    hidden = {(b, g) for b, cells in option_cells.items() for _, g in cells}
    hidden |= {(b, g) for b, groups in bases.items() for g in groups}
    return _rounding_notes(section.blocks), _rounding_notes(
        section.blocks, hidden=lambda b, g: total_hidden if g == TOTAL else (b, g) in hidden
    )


def _rows_of(cells: set[tuple[Any, Any]], group: Hashable) -> set[Any]:
    return {row for row, column in cells if column == group}


def _why(
    kind: str,
    label: str,
    group: Hashable,
    counters: dict[str, int],
    *,
    options: list[Any],
    nets: list[Any],
    option_cells: set[Any],
    net_cells: set[Any],
    base: bool,
    mean: bool,
    numeric: bool,
    extremes: bool,
) -> str:
    """Return why a printed cell is hidden ("" if it is published)."""
    if numeric:
        if base:
            return "base"
        # The smallest and largest answers, the median and the quartiles are each one
        # organisation's own figure (or the mean of two): never published. With a mean
        # and SD beside them, a group of 5 gave its smallest and largest away exactly.
        return "extreme" if extremes and kind == "statistic" and label in _EXTREMES else ""
    if kind == "option":
        return "count" if options[counters["option"]] in option_cells else ""
    if kind == "net":
        return "count" if nets[counters["net"]] in net_cells else ""
    if kind == "mean" or label == "Mean score base":
        return "derived" if mean else ""
    if kind in ("base", "unweighted_base"):
        return "base" if base else ""
    return ""


_EXTREMES = frozenset({"Minimum", "Lower quartile", "Median", "Upper quartile", "Maximum"})
"""The rows of a numeric question's statistics that are one respondent's answer each."""


def _notes(
    section: TabBookSection,
    bases: dict[int, set[Any]],
    total_base: bool,
    marker: str,
    *,
    threshold: int,
    rounding: tuple[list[str], list[str]],
) -> list[str]:
    """Return the section's notes with no hidden number printed in them.

    `rounding` is the note on sums off 100 as written, and as written without the
    columns with a hidden percentage (no note when none is left).
    """
    notes = []
    empty_done = False
    any_base = total_base or any(bases.values())
    written, published = rounding
    for note in section.notes:
        if note in written:
            notes += published
            continue
        if note.startswith((EMPTY_NOTE, WEIGHED_OUT_NOTE)):  # a hidden base is not named
            if not empty_done:  # one pass writes both notes again
                notes += empty_group_notes(
                    section.blocks, hidden=lambda b, g: g in bases.get(b, ())
                )
                empty_done = True
            continue
        text = note
        outside = no_group_count(note)
        if total_base and note.startswith("Base: ") and "(total n=" in note:
            text = re.sub(r"\(total n=[^)]*\)\.$", f"(total n={marker}).", note)
        elif outside and (any_base or outside[0] < threshold):
            # The total less the published groups' bases: a hidden base by subtraction.
            # And a number of respondents with no group below the threshold is itself
            # sensitive (protected as a count the reader works out): never printed.
            text = no_group_note(None, outside[1])
        elif any_base and note.startswith("Effective base"):
            text = _effective_note(section, note, bases, total_base, marker)
        elif note.startswith(ZERO_WEIGHT):  # its numbers could give a hidden base away
            text = ZERO_WEIGHT_UNCOUNTED
        elif (
            masked := protected_dont_know_note(note, [TOTAL], threshold=threshold, marker=marker)
        ) is not None:
            text = masked  # "1 answered only Don't know" counts one organisation
        else:
            text = unnumbered_panel_note(text, hidden_base=any_base, threshold=threshold)
            # its count takes in the tests of hidden cells: the rule is said instead
            text = unnumbered_untested_note(text)
        notes.append(text)
    return notes


def _effective_note(
    section: TabBookSection, note: str, bases: dict[int, set[Any]], total_base: bool, marker: str
) -> str:
    """Rewrite the effective bases with the marker for hidden bases (equal weights: = n)."""
    what = note.partition(" (")[2].partition("): ")[0]
    shown: list[tuple[str, str]] = []
    for b, block in enumerate(section.blocks):
        effective = None if block.table is None else block.table.effective_bases
        if effective is None:
            return f"Effective bases ({what}): not shown where a base is suppressed."
        if b == 0:
            text = marker if total_base else str(int(np.floor(float(effective[TOTAL]) + 1e-9)))
            shown.append((TOTAL, text))
        for group in block.groups:
            hide = group in bases[b]
            text = marker if hide else str(int(np.floor(float(effective[group]) + 1e-9)))
            shown.append((f"{block.banner}: {group}", text))
    listed = "; ".join(f"{label} {text}" for label, text in shown)
    return f"Effective bases ({what}): {listed}."

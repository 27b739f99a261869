"""The tab book's result objects: sections, banner blocks, the book, and how they print.

:func:`tracktr.tabbook.tabbook` builds them (with :mod:`tracktr._tabbook_build`); this
module holds what they are, so that the builder and the public function both import it
and neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from tracktr._table_text import _fmt_base, _fmt_number
from tracktr.compare._groups import _letter
from tracktr.exceptions import QuestionNotFoundError
from tracktr.rounding import percentages
from tracktr.summarise import Summary
from tracktr.table import Table
from tracktr.typing import PAdjustMethod

if TYPE_CHECKING:
    from tracktr._tabbook_disclosure import BookDisclosure
    from tracktr.compare._letters import PairTests

__all__ = ["FRAME_COLUMNS", "TOTAL", "BannerBlock", "TabBook", "TabBookSection"]

TOTAL = "Total"
FRAME_COLUMNS = ("section", "question", "item", "row", "row_kind", "banner", "group", "letter",
                 "cell")  # fmt: skip
"""The columns of :meth:`~tracktr.TabBook.to_frame` (and of a book written to CSV)."""
RowKind = Literal["option", "net", "mean", "statistic", "base", "unweighted_base"]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class BannerBlock:
    """One question by one banner: the table, its letters, nets and mean scores.

    Attributes
    ----------
    banner : str
        The banner's name (``"funder"``, ``"region × funder"``).
    table : Table or None
        The question by the banner's groups, with a last column ``"All"``; None for a
        numeric question.
    higher : dict or None
        For each (option, group) cell, the groups of the banner whose proportion it is
        significantly higher than (None without letters).
    nets : Table or None
        The nets, with the table's bases.
    net_higher : dict or None
        The same for the nets.
    scores : pandas.DataFrame or None
        Mean score, SD and base of each column (:func:`tracktr.mean_scores`), with the
        standard error of the mean score, ``se``, and the Kish ``effective_base``.
    summary : Summary or None
        For a numeric question, the statistics by group.
    score_higher : dict or None
        For each group, the groups whose mean score it significantly exceeds (a t test
        with the variance of each, weighted, mean; Welch's t test when unweighted;
        p-values adjusted over the banner's pairs).
    tests, net_tests, score_tests : PairTests or None
        The unadjusted tests behind `higher`, `net_higher` and `score_higher`: a
        protected book decides its letters again from them over the published cells.
    notes : tuple of str
        What this banner's cells leave out that its tables' notes do not say, carried to
        the section's notes (pooled waves: a mean score over a scale a wave lacked).
    shared : int
        Organisations in more than one of the banner's groups (pooled waves of a panel,
        by wave): the groups are not independent samples, so the block has no letters.
        0 where `repeated` counts them.
    repeated : int
        Organisations of pooled waves in more than one of the banner's rows, where some
        are twice in one group (a breakdown they keep from wave to wave, such as their
        region; those that moved between groups are counted too): their rows are not
        independent respondents, so the block has no letters.
    lost_id : str or None
        The persistent id column that pooled rows lack (dropped before they were saved):
        which organisations answered more than one wave cannot be found, so the block
        has no letters and the section says why.
    """

    banner: str
    table: Table | None
    higher: dict[tuple[Any, Any], list[Any]] | None = None
    nets: Table | None = None
    net_higher: dict[tuple[Any, Any], list[Any]] | None = None
    scores: pd.DataFrame | None = None
    summary: Summary | None = None
    score_higher: dict[Any, list[Any]] | None = None
    tests: PairTests | None = field(default=None, compare=False)
    net_tests: PairTests | None = field(default=None, compare=False)
    score_tests: PairTests | None = field(default=None, compare=False)
    notes: tuple[str, ...] = ()
    shared: int = 0
    repeated: int = 0
    lost_id: str | None = None

    def __repr__(self) -> str:
        letters = "with letters" if self.higher is not None else "no letters"
        return f"BannerBlock({self.banner}: {len(self.groups)} group(s), {letters})"

    @property
    def groups(self) -> list[Any]:
        """The banner's groups, in column order (without the total)."""
        if self.summary is not None:
            labels = list(self.summary.statistics.index)
        else:
            assert self.table is not None
            labels = list(self.table.counts.columns)
        return [g for g in labels if g != "All"]


@dataclass(frozen=True, slots=True)
class TabBookSection:
    """One question (or one item of a grid) by every banner of the book.

    Attributes
    ----------
    question : str
        The question id.
    item : str or None
        The grid item, for a grid's sections.
    title : str
        The wording shown above the table.
    kind : str
        The question type.
    blocks : tuple of BannerBlock
        One per banner, in the book's order.
    notes : tuple of str
        Base description, rounding, the test behind the letters, small bases.
    rows : tuple
        The printed rows, ``(label, kind, cells)``, written once from the blocks.
    """

    question: str
    item: str | None
    title: str
    kind: str
    blocks: tuple[BannerBlock, ...]
    notes: tuple[str, ...] = field(default=())
    rows: tuple[tuple[str, RowKind, tuple[str, ...]], ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if not self.rows and self.blocks:
            # Written once: display(), row_kinds() and the writers read them.
            computed = (
                _summary_rows(self) if self.blocks[0].summary is not None else _table_rows(self)
            )
            rows = tuple((label, kind, tuple(cells)) for label, kind, cells in computed)
            object.__setattr__(self, "rows", rows)

    def __repr__(self) -> str:
        banners = ", ".join(b.banner for b in self.blocks)
        return f"TabBookSection({self.name}: {len(self.rows)} rows by Total, {banners})"

    def _repr_html_(self) -> str:
        return str(self.display().to_html())

    def to_frame(self) -> pd.DataFrame:
        """Return the section's displayed cells as tidy rows, as the book's ``to_frame()`` does.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"q": ["a", "b"] * 20, "g": ["x"] * 20 + ["y"] * 20})
        >>> survey = tt.Survey.from_dict({"title": "T", "questions": [
        ...     {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]}]})
        >>> section = tt.tabbook(df, survey, banners=["g"]).section("q")
        >>> section
        TabBookSection(q: 3 rows by Total, g)
        >>> section.to_frame()["cell"].tolist()[:3]
        ['50%', '50%', '50%']
        """
        records = []
        columns = self.columns()
        for label, kind, cells in self.rows:
            for (banner, group, letter), cell in zip(columns, cells, strict=True):
                where = (self.name, self.question, self.item, label, kind)
                records.append((*where, banner, group, letter, cell))
        return pd.DataFrame(records, columns=pd.Index(FRAME_COLUMNS))

    @property
    def name(self) -> str:
        """The section's id: the question, or ``question.item`` for a grid item."""
        return self.question if self.item is None else f"{self.question}.{self.item}"

    def columns(self) -> list[tuple[str, Any, str]]:
        """Return the display columns: (banner, group, letter), the total first, no letter."""
        out: list[tuple[str, Any, str]] = [(TOTAL, "All", "")]
        position = 0
        for block in self.blocks:
            for group in block.groups:
                out.append((block.banner, group, _letter(position)))
                position += 1
        return out

    def display(self) -> pd.DataFrame:
        """Return the section as printed: "45% B" cells, nets, mean score, bases.

        Returns
        -------
        pandas.DataFrame
            Strings; columns are (banner, "group (letter)") pairs, the total first; rows
            are the options, then nets, the mean score and the bases. ``row_kinds`` gives
            what each row is.
        """
        rows = self.rows
        columns = self.columns()
        header = pd.MultiIndex.from_tuples(
            [(b, str(g) if not letter else f"{g} ({letter})") for b, g, letter in columns],
            names=["banner", "group"],
        )
        return pd.DataFrame(
            [list(cells) for _, _, cells in rows],
            index=pd.Index([label for label, _, _ in rows]),
            columns=header,
        )

    def row_kinds(self) -> list[RowKind]:
        """Return what each row of :meth:`display` is: option, net, mean, statistic, base."""
        return [kind for _, kind, _ in self.rows]


def _letters_by_column(section: TabBookSection) -> dict[tuple[str, Any], str]:
    return {(b, g): letter for b, g, letter in section.columns() if letter}


def _marks(
    higher: dict[tuple[Any, Any], list[Any]] | None,
    banner: str,
    letters: dict[tuple[str, Any], str],
) -> dict[tuple[Any, Any], str]:
    """Book letters of each (option, group) cell, from the groups it is higher than."""
    if not higher:
        return {}
    return {
        key: " ".join(sorted((letters[(banner, g)] for g in lower), key=lambda s: (len(s), s)))
        for key, lower in higher.items()
    }


def _fmt_pct(value: float, decimals: int) -> str:
    # `value` is already rounded exactly by tracktr.rounding: this only prints it.
    return "n/a" if value != value else f"{value:.{decimals}f}%"  # noqa: PLR0124  (NaN test)


def _percentages(table: Table) -> dict[Any, dict[Any, float]]:
    """Return the table's rounded percentages by column and row (as Table.percentages).

    NaN on a zero base. Plain dicts: a section reads every cell once, and a dict lookup
    is far cheaper than a pandas one.
    """
    counts = table.counts.to_numpy(dtype=float).T
    bases = table.bases.to_numpy(dtype=float)
    out = np.full(counts.shape, np.nan)
    defined = bases > 0
    if defined.any():
        out[defined] = percentages(
            counts[defined], bases[defined], rule=table.rule, decimals=table.decimals
        )
    gaps = table._gap_mask()  # an option a wave did not offer: n/a, not 0%
    if gaps is not None:
        out[gaps.T] = np.nan
    rows = list(table.counts.index)
    return {
        column: dict(zip(rows, values, strict=True))
        for column, values in zip(table.counts.columns, out.tolist(), strict=True)
    }


def _block_rows(
    block: BannerBlock,
    table: Table,
    higher: dict[tuple[Any, Any], list[Any]] | None,
    letters: dict[tuple[str, Any], str],
    percent: dict[Any, dict[Any, float]],
) -> dict[Any, list[str]]:
    """Cells of one block's groups (no total) for every row of `table`."""
    marks = _marks(higher, block.banner, letters)
    out: dict[Any, list[str]] = {}
    for option in table.counts.index:
        cells = []
        for group in block.groups:
            text = _fmt_pct(percent[group][option], table.decimals)
            mark = marks.get((option, group))
            cells.append(f"{text} {mark}" if mark else text)
        out[option] = cells
    return out


def _weighted_base(value: Any) -> str:
    """Return a weighted base to one decimal place, whole or not.

    "12000" beside "3600.0" (a sum of 3599.9999...) read as two kinds of number.
    """
    return _fmt_number(value, 1)


def _score_base(score: Mapping[Any, Any], small_base: int, *, weighted: bool) -> str:
    """Return a mean score's base, flagged when its respondents are fewer than `small_base`.

    None at all (0) is fewer: flagged as well.

    A mean score leaves don't know out, so its base can be small where the column's is
    not; a weighted book judges the respondents (``n``), as tables do, and prints its
    weighted base to one decimal place like the column's.
    """
    n = score.get("n", score["base"])
    # Respondents who all weigh 0 leave no weight to average: flagged as a base of none is.
    weighed_out = weighted and n > 0 and score["base"] == 0 and small_base > 0
    flag = " *" if n < small_base or weighed_out else ""
    return (_weighted_base if weighted else _fmt_base)(score["base"]) + flag


def _table_rows(section: TabBookSection) -> list[tuple[str, RowKind, list[str]]]:
    letters = _letters_by_column(section)
    first = section.blocks[0]
    assert first.table is not None
    rows: list[tuple[str, RowKind, list[str]]] = []

    def add(kind: RowKind, tables: list[Table | None], comps: list[Any], label_of: Any) -> None:
        head = tables[0]
        if head is None:
            return
        shares = [None if t is None else _percentages(t) for t in tables]
        total = shares[0]["All"] if shares[0] is not None else {}
        per_block = [
            _block_rows(b, t, c, letters, p)
            for b, t, c, p in zip(section.blocks, tables, comps, shares, strict=True)
            if t is not None and p is not None
        ]
        for option in head.counts.index:
            cells = [_fmt_pct(total[option], head.decimals)]
            for block_cells in per_block:
                cells += block_cells[option]
            rows.append((label_of(option), kind, cells))

    add(
        "option",
        [b.table for b in section.blocks],
        [b.higher for b in section.blocks],
        str,
    )
    if first.nets is not None:
        add(
            "net",
            [b.nets for b in section.blocks],
            [b.net_higher for b in section.blocks],
            lambda o: f"NET: {o}",
        )
    if first.scores is not None:
        head = first.scores.to_dict("index")
        cells = [_fmt_number(head["All"]["mean"])]
        small = first.table.small_base
        weighted = first.table.unweighted_bases is not None
        base_cells = [_score_base(head["All"], small, weighted=weighted)]
        for block in section.blocks:
            assert block.scores is not None
            scores = block.scores.to_dict("index")
            marks = _marks(
                {("mean", g): lower for g, lower in (block.score_higher or {}).items()},
                block.banner,
                letters,
            )
            for g in block.groups:
                text = _fmt_number(scores[g]["mean"])
                mark = marks.get(("mean", g))
                cells.append(f"{text} {mark}" if mark else text)
            base_cells += [_score_base(scores[g], small, weighted=weighted) for g in block.groups]
        rows.append(("Mean score", "mean", cells))
        rows.append(("Mean score base", "base", base_cells))
    weighted = first.table.unweighted_bases is not None
    base_text = _weighted_base if weighted else _fmt_base
    total_small = bool(first.table.small_bases["All"])
    bases = [base_text(first.table.bases["All"]) + (" *" if total_small else "")]
    unweighted = (
        [_fmt_base(first.table.unweighted_bases["All"])]
        if first.table.unweighted_bases is not None
        else []
    )
    for block in section.blocks:
        table = block.table
        assert table is not None
        flags = table.small_bases.to_dict()
        weighted_bases = table.bases.to_dict()
        raw = None if table.unweighted_bases is None else table.unweighted_bases.to_dict()
        for group in block.groups:
            bases.append(base_text(weighted_bases[group]) + (" *" if flags[group] else ""))
            if raw is not None:
                unweighted.append(_fmt_base(raw[group]))
    rows.append(("Base (weighted)" if weighted else "Base", "base", bases))
    if weighted:
        rows.append(("Unweighted base", "unweighted_base", unweighted))
    return rows


_STATISTIC_LABELS = {
    "mean": "Mean",
    "sd": "SD",
    "min": "Minimum",
    "q1": "Lower quartile",
    "median": "Median",
    "q3": "Upper quartile",
    "max": "Maximum",
    "ci_low": "Mean: CI low",
    "ci_high": "Mean: CI high",
}


def _summary_rows(section: TabBookSection) -> list[tuple[str, RowKind, list[str]]]:
    first = section.blocks[0].summary
    assert first is not None
    rows: list[tuple[str, RowKind, list[str]]] = []
    for stat, label in _STATISTIC_LABELS.items():
        cells = [_fmt_number(first.statistics.loc["All", stat])]
        for block in section.blocks:
            summary = block.summary
            assert summary is not None
            cells += [_fmt_number(summary.statistics.loc[g, stat]) for g in block.groups]
        rows.append((label, "statistic", cells))
    small = _small_summary_bases(first)
    total = int(first.statistics["n"].to_dict()["All"])
    bases = [f"{total} *" if small["All"] else str(total)]
    for block in section.blocks:
        summary = block.summary
        assert summary is not None
        flags = _small_summary_bases(summary)
        n_of = dict(zip(summary.statistics.index, summary.statistics["n"].tolist(), strict=True))
        for g in block.groups:
            n = int(n_of[g])
            bases.append(f"{n} *" if flags[g] else str(n))
    # The base counts respondents, weighted or not: under weighted statistics, beside the
    # "Base (weighted)" of the book's other sections, a line "Base" read as a weighted one.
    if first.weighted:
        rows.append(("Unweighted base", "unweighted_base", bases))
    else:
        rows.append(("Base", "base", bases))
    return rows


def _small_summary_bases(summary: Any) -> dict[Any, bool]:
    """Whether each group of a summary has a small base, as :attr:`Table.small_bases` says.

    Fewer respondents than ``small_base`` (none included), or respondents who all weigh 0.
    """
    statistics = summary.statistics
    small = statistics["n"] < summary.small_base
    if "sum_weights" in statistics.columns and summary.small_base > 0:
        small |= (statistics["sum_weights"] == 0) & (statistics["n"] > 0)
    return dict(zip(statistics.index, small.tolist(), strict=True))


@dataclass(frozen=True, slots=True)
class TabBook:
    """Every question of a survey by the same banners, from :func:`tabbook`.

    Attributes
    ----------
    sections : tuple of TabBookSection
        One per question (one per item of a grid), in codebook order.
    banners : tuple of str
        The banners across the top, after the total.
    skipped : tuple of (str, str)
        Questions left out and why (text questions, questions without data).
    weighted : bool
        Whether counts are weighted.
    letters : bool
        Whether significance letters were computed.
    level : float
        The confidence level of the letters.
    adjust : PAdjustMethod
        The adjustment of the p-values behind the letters.
    title : str
        The book's title.
    disclosure : BookDisclosure or None
        With ``threshold=``: what disclosure control hid, and its audit. The sections
        (and every written format) print the marker in place of each hidden number.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "size", "type": "single", "text": "Size?", "options": ["Small", "Large"]},
    ...     {"id": "views", "type": "ordinal", "text": "Demand rose?",
    ...      "options": ["Agree", "Disagree"], "nets": {"Any view": ["Agree", "Disagree"]}},
    ... ]})
    >>> df = pd.DataFrame({"size": ["Small", "Large"] * 20,
    ...                    "views": ["Agree"] * 15 + ["Disagree"] * 25})
    >>> book = tt.tabbook(df, survey, banners=["size"])
    >>> book
    TabBook(Demo: 2 section(s) by Total, size; letters at 95%)
    >>> book.sections[1].display().loc["Agree"].tolist()
    ['38%', '40%', '35%']
    """

    sections: tuple[TabBookSection, ...]
    banners: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]
    weighted: bool
    letters: bool
    level: float
    adjust: PAdjustMethod
    title: str
    disclosure: BookDisclosure | None = None

    def __repr__(self) -> str:
        letters = f"letters at {self.level * 100:g}%" if self.letters else "no letters"
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        weighted = ", weighted" if self.weighted else ""
        protected = (
            f", protected at {self.disclosure.threshold}" if self.disclosure is not None else ""
        )
        return (
            f"TabBook({self.title}: {len(self.sections)} section(s) by "
            f"{', '.join((TOTAL, *self.banners))}; {letters}{weighted}{protected}{skipped})"
        )

    @property
    def notes(self) -> tuple[str, ...]:
        """Notes on the whole book, printed in its index: disclosure control, if any."""
        return () if self.disclosure is None else (self.disclosure.note,)

    def section(self, name: str) -> TabBookSection:
        """Return the section of a question (``"question"`` or ``"grid.item"``).

        Raises
        ------
        tracktr.QuestionNotFoundError
            If no section has that name (a ``KeyError`` too).
        """
        for section in self.sections:
            if name in (section.name, section.question):
                return section
        msg = f"no section {name!r}; the book has {[s.name for s in self.sections][:20]}."
        hint = "Hint: name a question the book tabulates, or a grid item as 'grid.item'."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")

    def to_frame(self) -> pd.DataFrame:
        """Return every displayed cell as one tidy row.

        Returns
        -------
        pandas.DataFrame
            Columns ``section``, ``question``, ``item``, ``row``, ``row_kind``,
            ``banner``, ``group``, ``letter`` (the column's letter) and ``cell`` (the text
            as printed, e.g. ``"45% B"``).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"q": ["a", "b"] * 20, "g": ["x"] * 20 + ["y"] * 20})
        >>> survey = tt.Survey.from_dict({"title": "T", "questions": [
        ...     {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]}]})
        >>> tt.tabbook(df, survey, banners=["g"]).to_frame().iloc[0].tolist()
        ['q', 'q', None, 'a', 'option', 'Total', 'All', '', '50%']
        """
        frames = [section.to_frame() for section in self.sections]
        if not frames:
            return pd.DataFrame(columns=pd.Index(FRAME_COLUMNS))
        return pd.concat(frames, ignore_index=True)

    def write(self, path: str | Path, *, layout: Literal["sheets", "long"] = "sheets") -> Path:
        """Write the book to a file: ``.xlsx``, ``.html``, ``.md`` or ``.csv``.

        See :func:`tracktr.io.write_tabbook`.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"q": ["a", "b"] * 20, "g": ["x"] * 20 + ["y"] * 20})
        >>> survey = tt.Survey.from_dict({"title": "T", "questions": [
        ...     {"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]}]})
        >>> book = tt.tabbook(df, survey, banners=["g"])
        >>> book.write(pathlib.Path(tempfile.mkdtemp()) / "book.md").suffix
        '.md'
        """
        from tracktr.io.tabbook import write_tabbook

        return write_tabbook(self, path, layout=layout)

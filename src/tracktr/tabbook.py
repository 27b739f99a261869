"""Tab books: every question of a codebook by the standard banners, in one object.

A tab book is what analysts quote from: every question down the side, the breakdowns
across the top (a total, then funder, region, income band...), column percentages with
their bases, significance letters, nets and mean scores. :func:`tabbook` builds one from
the one-question functions and nothing else: each question by each banner is
:func:`tracktr.compare_groups` (or :func:`tracktr.frequencies`,
:func:`tracktr.multi_response`, :func:`tracktr.summarise`), nets and mean scores come
from :mod:`tracktr.nets`, so a tab book's numbers are those functions' numbers, cell by
cell. :mod:`tracktr.io.tabbook` writes it to a workbook, an HTML page or Markdown.

Letters follow the house style of SPSS Custom Tables: each group column of the book has a
letter (A, B, ... continuing across banners); a cell reads "45% B" when its proportion is
significantly higher than that of column B of the same banner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from tracktr._columns import repeated
from tracktr._numeric_cells import refuse_coded_cells
from tracktr._pooled import lost_id_column, repeat_counts, with_pool_facts
from tracktr._tabbook_book import TOTAL, BannerBlock, Progress, TabBook, TabBookSection
from tracktr._tabbook_disclosure import BookDisclosure
from tracktr._text import folded_label
from tracktr.banners import Banner, banner_column, parse_banners
from tracktr.exceptions import (
    InvalidDataError,
    InvalidOptionError,
    MultiResponseError,
)
from tracktr.table import DEFAULT_SMALL_BASE, Table
from tracktr.tabulate import EmptyPolicy
from tracktr.typing import DontKnowPolicy, PAdjustMethod, RoundingRule, check_choice, check_survey

if TYPE_CHECKING:
    from tracktr._tabbook_build import Options

__all__ = ["BannerBlock", "BookDisclosure", "TabBook", "TabBookSection", "tabbook"]


def tabbook(
    data: Any,
    survey: Any,
    /,
    *,
    banners: Sequence[str | tuple[str, ...]],
    weights: str | Sequence[float] | None = None,
    questions: Sequence[str] | None = None,
    letters: bool = True,
    nets: bool = True,
    level: float = 0.95,
    adjust: PAdjustMethod = "holm",
    dont_know: DontKnowPolicy = "include",
    empty: EmptyPolicy = "skipped",
    missing_group: str | None = None,
    small_base: int = DEFAULT_SMALL_BASE,
    rule: RoundingRule = "half_up",
    decimals: int = 0,
    title: str | None = None,
    progress: Progress | None = None,
    design: Any = None,
    threshold: int | None = None,
    protection: Mapping[str, Any] | None = None,
    publish_with: Sequence[Table] | None = None,
) -> TabBook:
    """Build a tab book: every question of a codebook by several banners.

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
        One row per respondent (validated or prepared against `survey`). A polars,
        DuckDB, pyarrow, Dask or Spark frame is read into pandas, only the columns the
        book uses: letters, nets and disclosure control need the respondents.
    survey : Survey
        The codebook: questions in order, their types, options, nets and scores.
    banners : sequence of str or tuple of str
        The breakdowns across the top, after the total: columns, or tuples of columns
        nested left to right (``("region", "funder")``). A numeric question of the
        codebook is grouped by its ``bands``.
    weights : str or sequence of float, optional
        Weights: percentages are weighted, both bases are shown, and letters use Kish
        effective bases (with `design`, its weights and design-based letters instead).
        On another engine's frame, the name of a column of the frame.
    questions : sequence of str, optional
        The questions to include, in this order (default: every question).
    letters : bool, default True
        Test every pair of groups within each banner and print the letters.
    nets : bool, default True
        Add the codebook's nets and mean scores.
    level : float, default 0.95
        Confidence level of the letters.
    adjust : {"holm", "bh", "bonferroni", "none"}, default "holm"
        Adjustment of the p-values of each table for the number of comparisons.
    dont_know : {"include", "exclude"}, default "include"
        Whether don't know answers are in the bases.
    empty : {"skipped", "answered"}, default "skipped"
        How multi-response sets read a respondent who ticked nothing (see
        :func:`tracktr.multi_response`); ``"answered"`` for yes/no sets where "no" to every
        option is an answer.
    missing_group : str, optional
        A label for respondents with a missing group, to show them as their own column.
    small_base : int, default 30
        Bases below this are flagged with ``*``.
    rule, decimals
        The rounding of the percentages (see :func:`tracktr.percentages`).
    title : str, optional
        The book's title (default: the survey's).
    progress : callable, optional
        Called as ``progress(done, total, question)`` after each question, e.g. to
        print progress for a large survey.
    design : tracktr.Design, optional
        A survey design (weights, strata, clusters, fpc): percentages are weighted by its
        weights and the letters come from design-based tests of each difference (the
        decisions of ``tt.compare_table(table, design=..., data=..., by=...)``), as the
        notes say; a net is lettered as an option is (the design-based test of the share
        with any of its options, ``compare_table(..., nets=...)``). By default the
        codebook's ``[design]``, when it declares one and no `weights` are given. The letters of
        mean scores come from design-based t tests (the variance of each difference from
        the domains' linearised covariance, degrees of freedom from the PSUs of the two
        groups, as R's ``svyttest`` on the pair).
    threshold : int, optional
        Protect the book before it is published (disclosure control, as
        :func:`tracktr.disclosure.protect`): counts and bases of 1 to ``threshold - 1``
        organisations (unweighted) are hidden, with further numbers chosen so that a
        reader with every table of the book (totals, nets, every banner) and a solver
        cannot narrow them below the protection level. Percentages, letters, mean
        scores and statistics that depend on a hidden number are hidden too, and the
        notes say so; ``book.disclosure`` holds what was hidden and the audit. None
        (the default) publishes every number.
    protection : mapping, optional
        Further options of :func:`tracktr.disclosure.protect`, by its names: ``level``
        (the protection level, default `threshold`), ``zeros``, ``full``, ``secondary``,
        ``method``, ``loss``, ``time_limit``, ``marker`` and ``recodes`` (a section
        that is a recode of another, by section question ids:
        ``{"band": ("q", {"Low": ["a", "b"], "High": ["c", "d"]})}``). Only with
        `threshold`.
    publish_with : sequence of Table, optional
        Tables published beside the book (a ``crosstab`` of two banners, a question
        by a grouping the book has no banner for, another wave's table), protected
        together with it: a reader who has the book and these tables cannot narrow a
        hidden number below the protection level from both. Protecting them apart
        does not hold: in 15 of 15 test sets a reader solved a hidden count of the book
        from a table protected on its own. ``book.disclosure.published_with`` holds
        them as they must be published. Only with `threshold`; weighted tables only
        in a weighted book (the weights of their groups are read from the banner
        whose groups they are).

    Returns
    -------
    TabBook

    Raises
    ------
    tracktr.InvalidDataError
        If `data` is not a data frame.
    tracktr.InvalidOptionError
        If `level` is not between 0 and 1, `letters` or `nets` is not a bool, or
        `progress` is not callable; if no banner is given, or a banner is malformed, or
        its name prints blank, like the book's "Total" or like another banner's (they
        differ only in case or spaces), or both `weights` and `design` are given; for a
        `threshold` that is not a whole number of at least 1, or `protection` options
        that :func:`tracktr.disclosure.protect` would refuse; if a banner is a numeric
        question without bands in the codebook.
    tracktr.QuestionNotFoundError
        If a banner's column is not in the data, or `questions` names a question the
        codebook lacks.
    tracktr.MultiResponseError
        For pooled waves (:func:`tracktr.waves.pool`), a tick-all-that-apply option one
        wave did not offer: the Total counts that wave's respondents, who could not tick
        it. The message names the question, the option and the wave.
    tracktr.UnknownValueError
        If two groups of a banner differ only in case ("North" and "north"), or print
        alike otherwise (stray spaces), naming the rows.
    tracktr.InvalidWeightsError
        If `weights` hold values for another engine's frame (its rows have no set order).

    See Also
    --------
    tracktr.io.write_tabbook : write the book to a file.
    tracktr.compare_groups : one question by one banner, with letters.

    Notes
    -----
    With `threshold`, the book's count tables are protected as one set: each question's
    table by every banner (the total column and the bases are shared), its nets (a net
    is the sum of its options; a net of a multi-response set at least each option and
    at most their sum) and a numeric question's bases. A weighted book is protected on
    its unweighted counts, and the weighted figures of the same cells are hidden.

    Text questions, and questions whose columns are not in the data, are skipped (listed
    in ``skipped`` with the reason). Numeric questions are summarised
    by :func:`tracktr.summarise` (no letters). Each item of a grid is its own section,
    tabulated on the grid's scale. Letters compare the groups of one banner only; with
    fewer than two groups with respondents, a banner has none.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
    ...     {"id": "funder", "type": "single", "text": "Funder?", "options": ["CRC", "Other"]},
    ...     {"id": "grants", "type": "single", "text": "Grants?", "options": ["Yes", "No"]},
    ... ]})
    >>> df = pd.DataFrame({"funder": ["CRC"] * 30 + ["Other"] * 40,
    ...                    "grants": ["Yes"] * 5 + ["No"] * 25 + ["Yes"] * 29 + ["No"] * 11})
    >>> book = tt.tabbook(df, survey, banners=["funder"], questions=["grants"])
    >>> book.section("grants").display()
    banner Total  funder
    group    All CRC (A) Other (B)
    Yes      49%     17%     73% A
    No       51%   83% B       28%
    Base      70      30        40
    """
    check_survey(survey, needs=("spec", "questions", "columns"))
    from tracktr._engine import native_frame

    data = native_frame(data)  # (a narwhals frame is read as the frame it wraps)
    data = with_pool_facts(data, survey)
    level = _check_inputs(data, level=level, letters=letters, nets=nets, progress=progress)
    from tracktr._tabbook_disclosure import (
        check_disclosure,
        check_extra,
        protect_book,
        refuse_zero_weights,
    )

    settings = check_disclosure(threshold, protection)
    _check_lists(banners=banners, questions=questions)
    check_choice(adjust, PAdjustMethod, name="adjust")
    check_choice(empty, EmptyPolicy, name="empty")
    _check_rule(rule)
    parsed, _ = parse_banners(list(banners)) if banners else ([], False)
    if not parsed:
        msg = "a tab book needs at least one banner."
        raise InvalidOptionError(f"{msg}\n\nHint: pass banners=['funder'].")
    _refuse_look_alike_banners([banner.name for banner in parsed])
    _refuse_stray_option_columns(data, survey)
    data = _collect_rows(data, survey, parsed, weights, design)
    frame, columns, ordered = _banner_columns(data, survey, parsed, missing_group)
    ids = _question_ids(questions, survey)
    from tracktr._tabbook_build import Options

    design, weights = _design_weights(data, survey, design, weights)
    extra = check_extra(publish_with, settings, weighted=weights is not None)
    if settings is not None:
        refuse_zero_weights(data, weights)

    # Pooled waves: organisations in two groups, or twice in one, of each banner (no
    # letters; a note with or without them)
    repeats = _repeats(frame, [by for _, by in columns], ordered)
    options = Options(
        weights=weights,
        letters=letters,
        nets=nets,
        level=level,
        adjust=adjust,
        dont_know=dont_know,
        empty=empty,
        small_base=small_base,
        rule=rule,
        decimals=decimals,
        design=design,
        bound=None if design is None else design.bind(data),
        shared={column: shared for column, (shared, _) in repeats.items()},
        repeated={column: repeated for column, (_, repeated) in repeats.items()},
        ordered=ordered,
        lost_id=lost_id_column(frame),
    )
    built: list[TabBookSection] = []
    skipped: list[tuple[str, str]] = []
    for done, qid in enumerate(ids, start=1):
        spec = survey.spec(qid)
        absent = [c for c in spec.columns if c not in data.columns]
        if spec.type == "text":
            skipped.append((qid, "text question"))
        elif absent:
            skipped.append((qid, f"no column(s) {absent} in the data"))
        else:
            built += _sections(frame, survey, spec, columns, options)
        if progress is not None:
            progress(done, len(ids), qid)
    book = TabBook(
        sections=tuple(built),
        banners=tuple(b.name for b, _ in columns),
        skipped=tuple(skipped),
        weighted=weights is not None,
        letters=letters,
        level=level,
        adjust=adjust,
        title=str(title or getattr(survey, "title", "Tab book")),
    )
    if settings is None:
        return book
    by = {banner.name: column for banner, column in columns}
    return protect_book(
        book, settings, survey=survey, data=frame, by=by, empty=empty, weights=weights,
        extra=extra, dont_know=dont_know,
    )  # fmt: skip


def _banner_columns(
    data: pd.DataFrame, survey: Any, banners: Sequence[Banner], missing_group: str | None
) -> tuple[pd.DataFrame, list[tuple[Banner, str]], dict[str, str]]:
    """Return the book's frame, each banner's grouping column, and the grids' copies.

    A nested banner, or any banner with `missing_group`, gets a grouping column of its
    own, so that the banner's source questions are still tabulated from their own
    columns. A plain banner's column maps to a copy of its groups in display order, for
    grid items: they are tabulated without the codebook (an item is not a question), and
    by the raw column printed the groups sorted, without those no one gave, so that a
    letter named another group on a grid's sheet than on every other sheet.
    """
    frame = data
    columns: list[tuple[Banner, str]] = []
    ordered: dict[str, str] = {}
    grids = any(getattr(q, "type", None) == "grid" for q in survey.questions)
    for banner in banners:
        # banner_column refuses groups that differ only in case, as every by= does.
        source = _banded_banner(data, survey, banner)
        column = banner_column(source, banner, missing_group=missing_group, survey=survey)
        if not banner.nested and missing_group is None and source is data:
            columns.append((banner, banner.columns[0]))
            if grids:
                name = _free_name(frame, f"{banner.name} (groups)")
                frame = frame.assign(**{name: column})
                ordered[banner.columns[0]] = name
            continue
        name = _free_name(frame, f"{banner.name} (banner)")
        frame = frame.assign(**{name: column})
        columns.append((banner, name))
    return frame, columns, ordered


def _banded_banner(data: pd.DataFrame, survey: Any, banner: Banner) -> pd.DataFrame:
    """Return `data` with the banner's numeric questions in their codebook bands.

    A numeric banner grouped by every distinct number ("staff: 3", "staff: 5", ...);
    ``tracktr tabulate --by`` groups it by its bands, as ``tt.recode.band`` does, and so
    does the book. The question itself is still summarised from its numbers: the bands
    only reach the banner's own grouping column. `data` itself is returned when the
    banner has no numeric question, so the caller can tell.
    """
    from tracktr.recode import band
    from tracktr.survey import NumericQuestion

    banded = data
    for column in banner.columns:
        question = next((q for q in survey.questions if q.id == column), None)
        if not isinstance(question, NumericQuestion) or column not in data.columns:
            continue
        if not question.bands:
            msg = (
                f"banner {banner.name!r}: question {column!r} is a numeric question without "
                "bands in the codebook, so the book would have a column for every distinct "
                "number."
            )
            hint = (
                f"Hint: give question {column!r} the bands a report publishes it in, e.g. "
                'bands = [{ label = "Under 10", max = 10 }, { label = "10 or more", min = 10 }], '
                f"or band it first: banded = tt.recode.band(data[{column!r}], [10], "
                f"question=survey.question({column!r}), name={column + '_band'!r}), then "
                f"tt.tabbook(banded.assign(data), banded.update(survey), "
                f"banners=[{column + '_band'!r}])."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        # a code of the codebook's [missing] (-99) fell in the lowest band, open below
        refuse_coded_cells(data[column], survey, column)
        banded = band(data[column], question=question).assign(banded)
    return banded


def _free_name(frame: pd.DataFrame, name: str) -> str:
    """Return `name`, primed until no column of `frame` has it."""
    while name in frame.columns:
        name += "'"
    return name


def _repeats(
    frame: pd.DataFrame, by: Sequence[str], ordered: Mapping[str, str]
) -> dict[str, tuple[int, int]]:
    """Return, per banner column (and its ordered copy), :func:`~tracktr._pooled.repeat_counts`."""
    found = {column: repeat_counts(frame, column) for column in by}
    return found | {copy: found[column] for column, copy in ordered.items()}


def _sections(
    frame: pd.DataFrame,
    survey: Any,
    spec: Any,
    columns: list[tuple[Banner, str]],
    options: Options,
) -> list[TabBookSection]:
    """Return the sections of one question; refuse a set a pooled wave lacked an option of.

    The book's Total holds every wave: a tick-all-that-apply option that one wave did
    not offer has no share there (the tabulation refuses it), and its message named rows
    ("2024/1") and suggested ``by='wave', total=False``, which a book cannot take.
    """
    from tracktr._tabbook_build import sections
    from tracktr.tabulate._multi import UnaskedOptionError

    try:
        return sections(frame, survey, spec, columns, options)
    except UnaskedOptionError as error:
        if not error.waves:
            raise
        waves = ", ".join(repr(wave) for wave in error.waves)
        msg = (
            f"question {spec.question!r}: the tick-all-that-apply option {error.option!r} "
            f"was not offered in wave(s) {waves}, whose respondents are in the "
            "book's Total (and any column holding them beside another wave's): its share "
            "there would count them as not ticking it, 0% where they were never asked."
        )
        hint = (
            f"Hint: tabulate {spec.question!r} with tt.waves.trend(), where the option is a "
            f"gap in wave(s) {waves}, and leave it out of the book "
            "(questions=[...]), or build a book of each wave (pooled.wave(name))."
        )
        raise MultiResponseError(f"{msg}\n\n{hint}") from error


def _question_ids(questions: Sequence[str] | None, survey: Any) -> list[str]:
    """Return the sections' questions: those given (each once), or the codebook's."""
    ids = list(questions) if questions is not None else [q.id for q in survey.questions]
    if not ids:
        msg = "a tab book needs at least one question; `questions` names none."
        hint = "Hint: leave `questions` out for every question of the codebook."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    twice = repeated(ids)
    if twice:  # the book printed the question's sections twice
        msg = f"`questions` lists {twice} more than once."
        raise InvalidOptionError(f"{msg}\n\nHint: name each question once, in the book's order.")
    return ids


def _check_rule(rule: object) -> None:
    """Refuse a rounding rule a tab book cannot follow."""
    check_choice(rule, RoundingRule, name="rule")
    if rule == "largest_remainder":
        msg = (
            "a tab book cannot round by largest remainder: its nets and multi-response "
            "sets are not partitions that sum to 100."
        )
        hint = "Hint: use rule='half_up' (the default), or round one table at a time."
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _refuse_look_alike_banners(names: Sequence[str]) -> None:
    """Raise if a banner prints no name, prints like the book's total, or like another.

    A book heads its columns with the banners' names, the total first under ``"Total"``:
    a banner column ``"Total"`` printed its groups under the total's heading (one span
    over both in the HTML page and the workbook), banners ``"region"`` and ``"region "``
    printed two headings a reader could not tell apart, and a column ``""`` none.
    """
    blank = [name for name in names if not folded_label(name)]
    if blank:
        msg = f"banner {blank[0]!r} has no name to print above its groups."
        hint = f"Hint: rename the column, e.g. data.rename(columns={{{blank[0]!r}: 'group'}})."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    total = [name for name in names if folded_label(name) == folded_label(TOTAL)]
    if total:
        msg = (
            f"banner {total[0]!r} prints like the book's own {TOTAL!r} column, so its groups "
            "would read as parts of the total."
        )
        hint = f"Hint: rename the column, e.g. data.rename(columns={{{total[0]!r}: 'Overall'}})."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    seen: dict[str, list[str]] = {}
    for name in names:
        seen.setdefault(folded_label(name), []).append(name)
    alike = [group for group in seen.values() if len(group) > 1]
    if alike:
        msg = (
            f"banners {alike[0]} print alike (they differ only in case or spaces), so a "
            "reader could not tell their columns apart."
        )
        hint = "Hint: rename one of the columns, or give the book one of them."
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _refuse_stray_option_columns(data: object, survey: Any) -> None:
    """Raise if a column is named like an option or item the codebook's question lacks.

    A book reads the codebook's columns and those its banners and weights name, and
    leaves the others out: a tick column ``where_3`` beyond the codebook's ``where_1``
    and ``where_2`` dropped the respondent who ticked only it from the base, without a
    word (``Survey.validate`` refuses the frame). ``<id>_other``, the text of "Other
    (please specify)", is not an option.
    """
    from tracktr._engine import schema_names
    from tracktr.survey import GridQuestion, MultiQuestion

    names = list(data.columns) if isinstance(data, pd.DataFrame) else schema_names(data)
    known = set(survey.described_columns)
    found = [
        (column, question)
        for question in survey.questions
        if isinstance(question, MultiQuestion | GridQuestion)
        for column in names
        if column not in known
        and str(column).startswith(f"{question.id}_")
        and column != f"{question.id}_other"
    ]
    stray = [column for column, _ in found]
    if stray:
        # Which question, and the columns it reads: "q_vsx" for grid q, whose columns are
        # q_1 and q_2, is most often an item named in the data but numbered in the codebook.
        question = found[0][1]
        kind = "options" if isinstance(question, MultiQuestion) else "items"
        expected = list(survey.spec(question.id).columns)
        msg = (
            f"column(s) {stray[:10]} are named like options or items of the codebook's "
            f"questions but are not among them (question {question.id!r} reads its {kind} "
            f"from {expected[:10]}), so their answers would be left out without a word."
        )
        hint = (
            "Hint: add them to the codebook (an option or item of the question), or drop "
            "them from the data; survey.validate(data) lists what does not match."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _collect_rows(
    data: object, survey: Any, banners: Sequence[Banner], weights: object, design: Any
) -> pd.DataFrame:
    """Return `data` if it is pandas, else the columns the book uses read from the engine.

    Letters, nets, mean scores and disclosure control read respondents, not counts, so
    the book is built on the rows; only the codebook's, banners', weights' and design's
    columns are read (a frame of 400 or 40,000 organisations, not a cluster's worth).
    """
    from tracktr._engine import collect, refuse_weight_values

    if isinstance(data, pd.DataFrame):
        return data
    # Values by position were matched to the rows as the engine returned them, in no set
    # order (tables and summaries of the same frame refuse them).
    refuse_weight_values(data, weights, who="tabbook()")
    names = [c for q in survey.questions for c in q.columns]
    names += [c for banner in banners for c in banner.columns]
    names += [weights] if isinstance(weights, str) else []
    names += list(getattr(design, "columns", ()))
    names += [c for c in (getattr(survey, "design", None) or {}).values() if isinstance(c, str)]
    return collect(data, names, doing="reading the rows of the tab book")


def _design_weights(
    data: pd.DataFrame, survey: Any, design: Any, weights: str | Sequence[float] | None
) -> tuple[Any, str | Sequence[float] | None]:
    """Return a tab book's design (given, or the codebook's) and its weights, checked."""
    from tracktr.design import Design

    if design is None and weights is None and getattr(survey, "design", None):
        design = Design.from_survey(survey)  # the codebook's [design]
    if design is None:
        return None, weights
    if not isinstance(design, Design):
        msg = f"`design` must be a tt.Design; got {type(design).__name__}."
        raise InvalidOptionError(f"{msg}\n\nHint: tt.Design(weights='w', strata='s').")
    if weights is not None and not (isinstance(weights, str) and weights == design.weights):
        msg = f"weights={weights!r} differ from the design's weights {design.weights!r}."
        raise InvalidOptionError(f"{msg}\n\nHint: give the weights in the design only.")
    design.bind(data)  # refuse a design that does not fit the data before any section
    return design, design.weights


def _check_inputs(
    data: object, *, level: float, letters: bool, nets: bool, progress: object
) -> float:
    """Refuse what would fail deep inside, or build a wrong book, before any work; the level."""
    if not isinstance(data, pd.DataFrame):
        from tracktr._engine import is_engine_frame

        if not is_engine_frame(data):
            kind = type(data).__name__
            msg = f"tabbook() needs a data frame (pandas, polars, DuckDB...); got a {kind}."
            hint = "Hint: pass the responses, one row per respondent."
            raise InvalidDataError(f"{msg}\n\n{hint}")
    from tracktr.compare._intervals import _check_level

    # level=95 printed "letters at 9500%" and level=True "at 100%"; nets="no" (truthy)
    # added the nets; progress=1 failed only after the whole book was built.
    level = _check_level(level)
    for flag, value in (("letters", letters), ("nets", nets)):
        if not isinstance(value, bool):
            msg = f"`{flag}` must be True or False; got {value!r}."
            raise InvalidOptionError(msg)
    if progress is not None and not callable(progress):
        msg = f"`progress` must be a function of (done, total, question); got {progress!r}."
        raise InvalidOptionError(msg)
    return level


def _check_lists(**given: object) -> None:
    """Refuse a str where a list is meant: banners="region" was read as 'r', 'e', 'g'..."""
    for name, value in given.items():
        if isinstance(value, str):
            msg = f"`{name}` must be a list; got the text {value!r}."
            raise InvalidOptionError(f"{msg}\n\nHint: pass {name}=[{value!r}].")

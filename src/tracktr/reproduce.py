"""Rebuild the 2016 report's figures from the synthetic microdata and set them beside the print.

:func:`reproduce` is the library side of ``tracktr reproduce``: it loads the trackTR 2015
codebook and the bundled synthetic microdata, validates them, tabulates every published
table and every figure the report prints from a question (bases, percentages, counts),
and compares each with the printed value. The checker's findings about the report say
which printed figures no data could give; for those the synthetic data hold the nearest
possible value, and the comparison says so.
"""

from __future__ import annotations

import dataclasses
import json
import os
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from tracktr._atomic import atomic_write_text
from tracktr._reproduce_figures import GROUPS, figure_rows, flagged_figures
from tracktr._table_text import display_frame
from tracktr.exceptions import InvalidOptionError, WriteError
from tracktr.table import Table
from tracktr.typing import check_choice

__all__ = ["ReproducedTable", "Reproduction", "reproduce"]

Format = Literal["text", "markdown", "html", "json"]
Status = Literal["reproduced", "nearest possible", "differs", "not recomputed"]


@dataclass(frozen=True, slots=True)
class ReproducedTable:
    """One published table, as printed and as tabulated from the synthetic microdata.

    Attributes
    ----------
    name : str
        The reference name, e.g. ``"table_3"``.
    title : str
        The table's printed title.
    source : str
        Where the report prints it.
    table : Table
        The table tabulated from the microdata, with counts and bases.
    comparison : pandas.DataFrame
        One row per printed cell: ``row``, ``column``, ``printed``, ``reproduced`` (both
        percentages), ``printed_count``, ``count``, ``match`` and ``status``: ``"same"``;
        ``"count as printed"`` where the data hold the printed count but the print's
        percentage is not that count's under the table's rounding; ``"nearest possible"``
        where no count over the printed base gives the printed row (or column) of
        percentages together; else ``"differs"``.

    Examples
    --------
    >>> import tracktr as tt
    >>> result = tt.reproduce()
    >>> t3 = result.table("table_3")
    >>> bool(t3.comparison["match"].all())
    True
    """

    name: str
    title: str
    source: str
    table: Table
    comparison: pd.DataFrame

    @property
    def matches(self) -> int:
        """How many printed cells the microdata reproduce exactly."""
        return int(self.comparison["match"].sum())

    def to_frame(self) -> pd.DataFrame:
        """Return the cell-by-cell comparison.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.reproduce().table("table_1").to_frame().columns.tolist()[:4]
        ['row', 'column', 'printed', 'reproduced']
        """
        return self.comparison.copy()


@dataclass(frozen=True, slots=True)
class Reproduction:
    """The report rebuilt: every table and figure, printed beside reproduced, with findings.

    Attributes
    ----------
    tables : tuple of ReproducedTable
        Tables 1, 2 and 3.
    figures : pandas.DataFrame
        One row per figure of :func:`tracktr.reference.figures` that comes from a
        question: ``figure``, ``where``, ``kind``, ``printed``, ``reproduced``,
        ``printed_base``, ``base``, ``status`` and ``note``.
    findings : pandas.DataFrame
        :func:`tracktr.check.reference` as a frame: printed figures that are impossible,
        inconsistent or doubtful, each with its reason.
    respondents : int
        The number of synthetic respondents.

    Examples
    --------
    >>> import tracktr as tt
    >>> result = tt.reproduce()
    >>> result.respondents
    151
    >>> print(result.summary())  # doctest: +ELLIPSIS
    Reproduced ... of ... printed figures exactly ...
    """

    tables: tuple[ReproducedTable, ...]
    figures: pd.DataFrame
    findings: pd.DataFrame
    respondents: int

    def table(self, name: str) -> ReproducedTable:
        """Return one reproduced table by its reference name ("table_1" ...).

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.reproduce().table("table_2").table.kind
        'grid'
        """
        for table in self.tables:
            if table.name == name:
                return table
        names = [t.name for t in self.tables]
        msg = f"no reproduced table {name!r}; the tables are {names}."
        raise InvalidOptionError(msg)

    def counts(self) -> dict[str, int]:
        """How many figures have each status.

        Examples
        --------
        >>> import tracktr as tt
        >>> sorted(tt.reproduce().counts())  # doctest: +NORMALIZE_WHITESPACE
        ['differs', 'nearest possible', 'not recomputed', 'reproduced']
        """
        tallies = Counter(self.figures["status"].tolist())
        statuses: tuple[Status, ...] = (
            "reproduced",
            "nearest possible",
            "differs",
            "not recomputed",
        )
        return {status: int(tallies.get(status, 0)) for status in statuses}

    def summary(self) -> str:
        """One line: how many figures reproduced, how many printed figures are impossible.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.reproduce().summary().startswith("Reproduced")
        True
        """
        counts = self.counts()
        compared = counts["reproduced"] + counts["nearest possible"] + counts["differs"]
        cells = sum(len(t.comparison) for t in self.tables)
        cell_matches = sum(t.matches for t in self.tables)
        statuses = Counter(s for t in self.tables for s in t.comparison["status"])
        differ = counts["differs"] + statuses["differs"]
        verdicts = Counter(self.findings["verdict"].tolist())
        return (
            f"Reproduced {counts['reproduced']} of {compared} printed figures exactly "
            f"and {cell_matches} of {cells} cells of Tables 1-3 from {self.respondents} "
            f"synthetic organisations; {counts['nearest possible']} figures and "
            f"{statuses['nearest possible']} cells take the nearest possible value because "
            f"the print is impossible or inconsistent, {statuses['count as printed']} cells "
            "hold the printed count where the printed percentage is not its rounding, "
            f"{differ} {'differs' if differ == 1 else 'differ'}. "
            "The checker finds "
            f"{int(verdicts.get('impossible', 0))} printed figures impossible, "
            f"{int(verdicts.get('inconsistent', 0))} inconsistent and "
            f"{int(verdicts.get('doubtful', 0))} doubtful."
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the figure-by-figure comparison.

        Examples
        --------
        >>> import tracktr as tt
        >>> "status" in tt.reproduce().to_frame().columns
        True
        """
        return self.figures.copy()

    def render(self, *, format: Format = "text", width: int | None = None) -> str:
        """Return the whole comparison as text, Markdown, HTML or JSON.

        Parameters
        ----------
        format : {"text", "markdown", "html", "json"}
            The output format.
        width : int, optional
            For text: the widest line allowed (``tracktr reproduce`` passes the terminal's
            width). Long labels are abbreviated with "…", long explanations and notes
            wrapped; numbers are never cut. By default lines are as wide as they need.

        Examples
        --------
        >>> import tracktr as tt
        >>> text = tt.reproduce().render(format="markdown")
        >>> text.splitlines()[0]
        '# Change & challenge (2016), reproduced from synthetic microdata'
        >>> max(len(line) for line in tt.reproduce().render(width=80).splitlines())
        80
        """
        check_choice(format, Format, name="format")
        if width is not None and (isinstance(width, bool) or width < _MIN_WIDTH):
            msg = f"`width` must be at least {_MIN_WIDTH} characters; got {width!r}."
            raise InvalidOptionError(msg)
        if format == "json":
            return json.dumps(self._json(), indent=1, ensure_ascii=False)
        if format == "html":
            return _html(self)
        if format == "text" and width is not None:
            return _fit_lines(_text(self, markdown=False, width=width), width)
        return _text(self, markdown=format == "markdown")

    def write(self, folder: str | os.PathLike[str], *, format: Format = "markdown") -> list[Path]:
        """Write one file per table, one for the figures and one for the findings.

        With ``format="html"``, also ``index.html``: the whole report on one page, each
        table and graph beside its reproduction, the findings sortable, written first.
        Each file is written atomically (a temporary file renamed into place).

        Parameters
        ----------
        folder : str or path
            The folder; created if it does not exist.
        format : {"markdown", "text", "html", "json"}
            The files' format.

        Returns
        -------
        list of pathlib.Path
            The paths written.

        Raises
        ------
        tracktr.WriteError
            If `folder` is a file, or cannot be created or written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> import tracktr as tt
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     paths = tt.reproduce().write(pathlib.Path(tmp), format="text")
        ...     sorted(p.name for p in paths)[:2]
        ['figures.txt', 'findings.txt']
        """
        check_choice(format, Format, name="format")
        folder = _output_folder(folder)
        suffix = {"text": "txt", "markdown": "md", "html": "html", "json": "json"}[format]
        parts: dict[str, str] = {}
        for table in self.tables:
            parts[table.name] = _one_table(table, format)
        parts["figures"] = _frame_as(self.figures, format, "Figures of the report")
        parts["findings"] = _frame_as(self.findings, format, "Findings about the printed figures")
        paths = []
        if format == "html":
            # The page a person looks at first; the files per table follow it.
            index = folder / "index.html"
            atomic_write_text(index, self.render(format="html"), encoding="utf-8")
            paths.append(index)
        for name, text in parts.items():
            path = folder / f"{name}.{suffix}"
            atomic_write_text(path, text + "\n", encoding="utf-8")
            paths.append(path)
        return paths

    def _json(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "synthetic": True,
            "tables": {
                t.name: json.loads(t.comparison.to_json(orient="records")) for t in self.tables
            },
            "figures": json.loads(self.figures.to_json(orient="records")),
            "findings": json.loads(self.findings.to_json(orient="records")),
        }


def _output_folder(folder: str | os.PathLike[str]) -> Path:
    """Return `folder` as an existing directory, created if needed; refuse a file."""
    path = Path(folder)
    where = str(folder)
    if path.exists() and not path.is_dir():
        msg = (
            f"{where!r} is a file, not a folder; the reproduction writes one file per table.\n\n"
            "Hint: give a folder name (it is created if it does not exist)."
        )
        raise WriteError(msg, path=where)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        msg = f"{where!r}: cannot create the folder ({error.strerror or error})."
        raise WriteError(msg, path=where) from error
    return path


def _compare_table(name: str, data: pd.DataFrame, survey: Any) -> ReproducedTable:
    from tracktr import reference
    from tracktr.tabulate import crosstab, grid

    published = reference.table(name)
    if name == "table_3":
        # Only the column tabulated is taken with the CRC-funded rows, not the whole frame.
        funded = (data["main_funding"] == GROUPS["crc_funded"]).to_numpy()
        labelled = data.loc[funded, ["income"]].assign(group="CRC-funded respondents")
        crc = crosstab(labelled, "income", "group", survey=survey, total=False)
        whole = crosstab(data, "income", "main_funding", survey=survey)
        counts = pd.DataFrame(
            {
                "Respondents as a whole": whole.counts["All"],
                "CRC-funded respondents": crc.counts["CRC-funded respondents"],
            }
        )
        bases = pd.Series(
            {
                "Respondents as a whole": int(whole.bases["All"]),
                "CRC-funded respondents": int(crc.bases["CRC-funded respondents"]),
            }
        )
        table = Table(
            counts=counts,
            bases=bases,
            question="income",
            title=published.title,
            kind="crosstab",
            base_description="respondents who answered",
            source=published.source,
        )
    else:
        tabulated = grid(data, published.question, survey=survey, average=name == "table_2")
        table = dataclasses.replace(tabulated, source=published.source)
    return ReproducedTable(
        name=name,
        title=published.title,
        source=published.source,
        table=table,
        comparison=_cells(published, table),
    )


def _cells(published: Any, table: Table) -> pd.DataFrame:
    # Cells looked up in dicts ({column: {row: value}}): a .loc lookup per cell costs more
    # than the whole comparison.
    pct = table.percentages().to_dict()
    printed_frame = published.printed
    if published.summary is not None:
        printed_frame = pd.concat([printed_frame, published.summary])
    printed = printed_frame.to_dict()
    counts = table.counts.to_dict()
    published_counts = None if published.counts is None else published.counts.to_dict()
    published_rows = set() if published.counts is None else set(published.counts.index)
    rows = []
    columns = list(table.counts.columns)
    mine_rows = list(table.counts.index)
    for r, label in enumerate(printed_frame.index):
        for c, column in enumerate(printed_frame.columns):
            mine_column = columns[c] if c < len(columns) else column
            mine_row = mine_rows[r] if r < len(mine_rows) else label
            count = None if mine_row in table.summary_rows else counts[mine_column][mine_row]
            printed_count = (
                None
                if published_counts is None or label not in published_rows
                else published_counts[column][label]
            )
            reproduced = pct[mine_column][mine_row]
            match = float(printed[column][label]) == float(reproduced) and (
                printed_count is None or count == printed_count
            )
            status = "same" if match else "differs"
            if not match and printed_count is not None and count == printed_count:
                status = "count as printed"
            elif not match and not _possible(printed_frame, table, label, column, r, c):
                status = "nearest possible"
            rows.append(
                {
                    "row": str(label),
                    "column": str(column),
                    "printed": float(printed[column][label]),
                    "reproduced": float(reproduced),
                    "printed_count": None if printed_count is None else int(printed_count),
                    "count": None if count is None else int(count),
                    "match": bool(match),
                    "status": status,
                }
            )
    return pd.DataFrame(rows)


def _possible(  # noqa: PLR0917  (private, one caller)
    printed: pd.DataFrame, table: Table, label: Any, column: Any, r: int, c: int
) -> bool:
    """Whether some counts over the base give the printed line of a cell all together.

    The line is the cell's row of a table percentaged along rows (its column otherwise),
    over that line's base in the reproduced table; a line the print gives in part is
    checked as part of a distribution.
    """
    from tracktr.check import distribution

    along_rows = table.percent_axis == "rows"
    line = printed.loc[label] if along_rows else printed[column]
    mine = list(table.counts.index if along_rows else table.counts.columns)
    position = r if along_rows else c
    if position >= len(mine) or mine[position] in table.summary_rows:
        return True
    base = table.bases[mine[position]]
    width = len(table.counts.columns if along_rows else table.counts.index)
    found = distribution(
        [float(v) for v in line], int(base), complete=len(line) == width, rule=table.rule
    )
    return bool(found.possible)


def reproduce(
    data: pd.DataFrame | None = None,
    *,
    survey: Any = None,
) -> Reproduction:
    """Rebuild the 2016 report's tables and figures and compare them with the print.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        Responses to the trackTR 2015 survey; defaults to the bundled synthetic
        microdata, :func:`tracktr.datasets.tracktr_2015`.
    survey : Survey, optional
        Defaults to :func:`tracktr.surveys.tracktr_2015`.

    Returns
    -------
    Reproduction
        Tables 1-3 and every figure, printed beside reproduced, and the checker's findings.

    Raises
    ------
    tracktr.SurveyValidationError
        If `data` does not match the codebook.

    Notes
    -----
    The bundled microdata are synthetic: generated to reproduce the printed figures, not
    the survey's real responses. A printed figure that no data can give (the checker
    calls it impossible or inconsistent) is reproduced at the nearest possible value.

    Examples
    --------
    >>> import tracktr as tt
    >>> result = tt.reproduce()
    >>> result.table("table_3").table.counts["CRC-funded respondents"].tolist()
    [2, 3, 6, 4, 7, 4, 8]
    """
    from tracktr import check, datasets, reference, surveys
    from tracktr.datasets._bundled import _tracktr_2015
    from tracktr.reference._tracktr_2016 import _file

    if data is None and survey is None:
        # The bundled microdata are the codebook's validated frame already (a test of
        # tracktr.datasets checks that validating them returns them unchanged).
        # Read, not copied: nothing here writes to it (and without the copy's attrs, no
        # column access deep-copies them).
        survey = surveys.tracktr_2015()
        frame = _tracktr_2015()
    else:
        survey = surveys.tracktr_2015() if survey is None else survey
        frame = survey.validate(datasets.tracktr_2015() if data is None else data)
    findings = check.reference().to_frame()
    # The figures as read from the file (not copied, not framed): they are only read here.
    rows = figure_rows(frame, survey, _file(), flagged_figures(findings))
    tables = tuple(_compare_table(name, frame, survey) for name in reference.tables())
    return Reproduction(
        tables=tables,
        figures=pd.DataFrame(rows),
        findings=findings,
        respondents=len(frame),
    )


# -- rendering --------------------------------------------------------------------------------


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number == int(number) else f"{number:g}"


def _frame_as(frame: pd.DataFrame, format: Format, title: str, width: int | None = None) -> str:
    if format == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=1) or "[]"
    if format == "html":
        return f"<h2>{title}</h2>" + frame.to_html(index=False, na_rep="")
    if width is not None and format == "text":
        # _fit_frame shows a blank (NaN, None, NA) as an empty cell itself.
        return f"{title}\n{_fit_frame(frame, width)}"
    shown = frame.astype(object).where(frame.notna(), "")
    if format == "markdown":
        header = "| " + " | ".join(str(c) for c in shown.columns) + " |"
        rule = "|" + "|".join("---" for _ in shown.columns) + "|"
        body = [
            "| " + " | ".join(_cell_text(v) for v in row) + " |"
            for row in shown.to_numpy().tolist()
        ]
        return "\n".join([f"## {title}", "", header, rule, *body])
    if width is not None:
        return f"{title}\n{_fit_frame(shown, width)}"
    return f"{title}\n{shown.to_string(index=False)}"


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        return _fmt(value)
    return str(value).replace("|", "\\|").replace("\n", " ")


def _one_table(table: ReproducedTable, format: Format, width: int | None = None) -> str:
    title = f"{table.source}: {table.title}"
    if format == "json":
        return table.comparison.to_json(orient="records", force_ascii=False, indent=1) or "[]"
    if format == "html":
        return f"<h2>{title}</h2>" + table.table.to_html() + table.comparison.to_html(index=False)
    summary = f"{table.matches} of {len(table.comparison)} printed cells reproduced exactly."
    if format == "text" and width is not None:
        # Straight to the cells, numbers as printed: no frame of text built on the way.
        cells = _cells_of(table.comparison, numbers=_NUMBERS)
        return f"{title}\n{_fit_table(table.table, width)}\n{summary}\n{_fit_cells(cells, width)}"
    side = table.comparison.assign(
        **{name: [_fmt(v) for v in table.comparison[name]] for name in _NUMBERS}
    )
    if format == "markdown":
        return "\n".join(
            [
                f"## {title}",
                "",
                table.table.to_markdown(),
                "",
                summary,
                "",
                _frame_as(side, format, "Cells"),
            ]
        )
    return f"{title}\n{table.table}\n{summary}\n{side.to_string(index=False)}"


_NUMBERS = ("printed", "reproduced", "printed_count", "count")
"""The columns of a table's comparison shown as numbers are printed (``_fmt``)."""


def _text(result: Reproduction, *, markdown: bool, width: int | None = None) -> str:
    heading = "Change & challenge (2016), reproduced from synthetic microdata"
    note = (
        "The microdata are synthetic: 151 made-up organisations generated to reproduce the "
        "printed figures. They are not the survey's real responses."
    )
    format_: Format = "markdown" if markdown else "text"
    parts = [f"# {heading}" if markdown else heading, "", note, ""]
    for table in result.tables:
        parts += [_one_table(table, format_, width), ""]
    differing = result.figures[result.figures["status"] != "not recomputed"]
    parts += [_frame_as(differing[_FIGURE_COLUMNS], format_, "Figures of the report", width), ""]
    parts += [
        _frame_as(
            result.findings[_FINDING_COLUMNS],
            format_,
            "Findings about the printed figures",
            width,
        ),
        "",
    ]
    parts.append(result.summary())
    return "\n".join(parts)


_FIGURE_COLUMNS: Sequence[str] = [
    "figure",
    "where",
    "kind",
    "printed",
    "reproduced",
    "printed_base",
    "base",
    "status",
]
_FINDING_COLUMNS: Sequence[str] = ["figure", "verdict", "explanation"]


def _html(result: Reproduction) -> str:
    from tracktr._reproduce_page import page

    return page(result, groups=GROUPS)


# -- fitting text to a terminal ---------------------------------------------------------------

_MIN_WIDTH = 40
_NARROW = 12  # columns at most this wide (numbers, statuses) are never shortened


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _fit_frame(frame: pd.DataFrame, width: int) -> str:
    """Return `frame` as aligned text no wider than `width`.

    Narrow columns (numbers, statuses) keep their width; the wide ones share what is
    left: the last one (an explanation) is wrapped onto further lines, the others (labels)
    abbreviated with "…".
    """
    return _fit_cells(_cells_of(frame), width)


def _cells_of(frame: pd.DataFrame, numbers: Sequence[str] = ()) -> list[list[str]]:
    """Return a frame's heading and rows as text: blanks empty, `numbers` as printed."""
    columns = list(frame.columns)
    as_number = [c in numbers for c in columns]
    cells = [[str(c) for c in columns]]
    cells += [
        [
            _fmt(v) if number or isinstance(v, float) else "" if v is None or v is pd.NA else str(v)
            for v, number in zip(row, as_number, strict=True)
        ]
        for row in frame.to_numpy(dtype=object).tolist()
    ]
    return cells


def _fit_cells(cells: list[list[str]], width: int) -> str:
    """Return a heading and rows of text as aligned columns no wider than `width`."""
    cells = [[" ".join(c.split()) for c in row] for row in cells]
    n = len(cells[0])
    need = [max(len(row[k]) for row in cells) for k in range(n)]
    # A column is wide by its cells, not its heading: numbers under a long heading stay whole.
    wide = [k for k in range(n) if max((len(row[k]) for row in cells[1:]), default=0) > _NARROW]
    fixed = sum(need[k] for k in range(n) if k not in wide) + (n - 1)
    sizes = list(need)
    room = width - fixed
    if wide and fixed + sum(need[k] for k in wide) > width:
        # Water-filling: a wide column that needs less than an equal share keeps its width.
        left = sorted(wide, key=lambda k: need[k])
        while left:
            share = max(room // len(left), _NARROW)
            k = left.pop(0)
            sizes[k] = min(need[k], share)
            room -= sizes[k]
    last = n - 1
    lines = []
    for row in cells:
        parts = []
        for k, text in enumerate(row):
            if k == last and k in wide:
                parts.append(text)
            elif k in wide:
                parts.append(_shorten(text, sizes[k]).ljust(sizes[k]))
            else:
                parts.append(text.rjust(sizes[k]))
        if last in wide:
            indent = sum(sizes[:last]) + last
            chunks = textwrap.wrap(parts[-1], max(sizes[last], 1)) or [""]
            lines.append(" ".join(parts[:-1]) + " " + chunks[0])
            lines += [" " * indent + chunk for chunk in chunks[1:]]
        else:
            lines.append(" ".join(parts))
    return "\n".join(line.rstrip() for line in lines)


def _fit_table(table: Table, width: int) -> str:
    """Return a table as text no wider than `width`: title and notes wrapped, labels cut."""
    frame = display_frame(table)  # the cells Table.__str__ shows
    cells = [["", *(str(c) for c in frame.columns)]]
    cells += [
        [str(label), *(str(v) for v in row)]
        for label, row in zip(frame.index, frame.to_numpy(dtype=object).tolist(), strict=True)
    ]
    lines = textwrap.wrap(table.title, width) if table.title else []
    lines.append(_fit_cells(cells, width))
    for note in table.notes:
        lines += textwrap.wrap(note, width, initial_indent="  ", subsequent_indent="    ")
    return "\n".join(lines)


def _fit_lines(text: str, width: int) -> str:
    """Wrap any line still wider than `width` (prose), indenting its continuation."""
    out: list[str] = []
    for line in text.splitlines():
        if len(line) <= width:
            out.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip()))
        out += textwrap.wrap(
            line, width, initial_indent="", subsequent_indent=indent + "  ", break_long_words=True
        )
    return "\n".join(out)

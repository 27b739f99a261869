"""The synthetic trackTR 2015 microdata shipped with the package, read from its CSV files."""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import numpy as np
import pandas as pd

from tracktr.missing import MARKERS
from tracktr.survey import (
    GridQuestion,
    MultiQuestion,
    NumericQuestion,
    OrdinalQuestion,
    SingleQuestion,
    Survey,
)

__all__ = ["SYNTHETIC", "tracktr_2015", "tracktr_2015_departures"]

SYNTHETIC = (
    "Synthetic data: 151 made-up organisations generated to reproduce the figures printed "
    "in 'Change & challenge: the voluntary sector's role in Transforming Rehabilitation' "
    "(Clinks, NCVO and TSRC, May 2016). They are not the trackTR survey's real responses."
)
"""The note every synthetic frame carries in ``DataFrame.attrs["synthetic"]``."""

_DATA = "tracktr_2015.csv"
_DEPARTURES = "tracktr_2015_departures.csv"


def _read(name: str) -> pd.DataFrame:
    text = resources.files("tracktr.datasets").joinpath(name).read_text("utf-8")
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _cell(value: str) -> int | str:
    """Return a number where the file holds one (ticks, amounts), else the text."""
    return int(value) if value.isdigit() else value


def _columns(name: str) -> dict[str, list[str]]:
    """Return a shipped CSV file's cells as text, column by column.

    The file is ours (written by the generator: a header, one row per respondent, no
    blank lines), so the standard library's reader is enough; every cell stays the text
    it holds, and each column is then typed as its question says (no inference).
    """
    text = resources.files("tracktr.datasets").joinpath(name).read_text("utf-8")
    header, *rows = csv.reader(io.StringIO(text))
    columns = zip(*rows, strict=True) if rows else ([] for _ in header)
    return {column: list(cells) for column, cells in zip(header, columns, strict=True)}


def _dtypes(
    survey: Survey, markers: list[str]
) -> dict[tuple[str, ...], tuple[pd.CategoricalDtype, dict[str, int]]]:
    """Return each list of categories of the codebook's questions, its dtype and codes.

    The categories of every dtype are slices of one Index of text: building an Index
    from a list costs about 0.1 ms, once instead of once per list.
    """
    lists = list(
        dict.fromkeys(
            (*question.labels, *markers)
            for question in survey.questions
            if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion)
        )
    )
    every = pd.Index([label for categories in lists for label in categories])
    dtypes = {}
    start = 0
    for categories in lists:
        stop = start + len(categories)
        dtype = pd.CategoricalDtype(every[start:stop], ordered=True)
        dtypes[categories] = (dtype, {label: i for i, label in enumerate(categories)})
        start = stop
    return dtypes


def _typed(survey: Survey, raw: dict[str, list[str]] | pd.DataFrame) -> pd.DataFrame:
    """Return the codebook's columns of `raw` (text cells, by column) typed as validated."""
    markers = [m for m, kind in MARKERS.items() if kind in survey.missing_kinds]
    ids = list(raw[survey.respondent_id])
    # One index for every column: the frame need not align (union) a new one per column.
    index = pd.RangeIndex(len(ids))
    columns: dict[str, pd.Series | pd.Categorical] = {
        survey.respondent_id: pd.Series(
            np.array([int(v) for v in ids], dtype=np.int64), index=index
        ),
    }
    # One dtype per list of categories (a grid's columns share theirs), and codes looked
    # up in a dict: pd.Categorical(values, categories=...) checks the categories and
    # hashes them again for every column.
    dtypes = _dtypes(survey, markers)
    for question in survey.questions:
        for column in question.columns:
            values = list(raw[column])
            if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
                dtype, code = dtypes[(*question.labels, *markers)]
                codes = np.array([code.get(v, -1) for v in values], dtype=np.int16)
                columns[column] = pd.Categorical.from_codes(codes, dtype=dtype)
            elif isinstance(question, MultiQuestion | NumericQuestion):
                columns[column] = pd.Series([_cell(v) for v in values], index=index, dtype=object)
            else:
                columns[column] = pd.Series(values, index=index, dtype=object)
    return pd.DataFrame(columns, index=index)


@functools.cache
def _tracktr_2015() -> pd.DataFrame:
    from tracktr.surveys import tracktr_2015 as codebook

    return _typed(codebook(), _columns(_DATA))


def tracktr_2015() -> pd.DataFrame:
    """Return the synthetic trackTR 2015 microdata: 151 made-up organisations.

    Every respondent has a cell for every column of the trackTR 2015 codebook: an option
    label, a tick (1/0) of a multi-response set, a number, a text answer, or a missing
    marker: ``"<skipped>"`` (asked, no answer) or ``"<not asked>"`` (routed out, e.g. the
    CRC questions for organisations not funded by a CRC). The frame validates against the
    codebook, and tabulating it reproduces the report's published figures at the printed
    bases: the bases of every graph, the counts of Tables 1 and 3 (including income by
    CRC funding), Table 2's percentages and the percentages the text quotes, except the
    printed figures that no data can give (see :func:`tracktr_2015_departures`).

    **The data are synthetic.** They were generated to match the published figures and
    are not the survey's real responses; ``DataFrame.attrs["synthetic"]`` says so.

    Returns
    -------
    pandas.DataFrame
        151 rows, the codebook's 120 columns: ``respondent_id`` (1-151); single,
        ordinal and grid answers as ordered categoricals (options in codebook order,
        then the missing markers), as :meth:`tracktr.Survey.validate` returns them;
        multi-response ticks and numbers as integers, with markers where unanswered
        (object columns: use ``pd.to_numeric(..., errors="coerce")`` for arithmetic);
        text as strings. A new frame on every call.

    See Also
    --------
    tracktr.surveys.tracktr_2015 : the codebook the data follow.
    tracktr_2015_departures : printed figures the data cannot reproduce, and why.

    Notes
    -----
    Generated by ``python -m tracktr.datasets._generate`` (seed 2015): the counts of each
    question are solved first, by an integer search for the counts whose half-up
    percentages match the print at the printed base, then dealt to respondents honouring
    the routing, the nested bases of each section and Table 3's cross-tabulation of
    income by CRC funding. See the guide page "Synthetic trackTR data".

    Examples
    --------
    >>> import tracktr as tt
    >>> df = tt.datasets.tracktr_2015()
    >>> survey = tt.surveys.tracktr_2015()
    >>> table = tt.tabulate(df, "main_funding", survey=survey)
    >>> table.counts["All"].tolist(), int(table.bases["All"])
    ([34, 1, 100], 135)
    >>> int(tt.tabulate(df, "crc_role", survey=survey).bases["All"])
    25
    >>> int((df["crc_role"] == "<not asked>").sum())
    117
    """
    frame = _tracktr_2015().copy(deep=True)
    frame.attrs = {"synthetic": SYNTHETIC, "survey": "tracktr_2015"}
    return frame


def tracktr_2015_departures() -> pd.DataFrame:
    """Return the printed figures the synthetic data cannot reproduce, with the reason.

    Some figures of the 2016 report cannot all hold at once: five percentages of one
    question summing to 106%, "70%" of a base of 26, Table 1's 46 of 151 printed as 31%.
    For each, the synthetic data keep the nearest possible counts, and this table says
    what was printed, what the data give and why.

    Returns
    -------
    pandas.DataFrame
        One row per figure: ``question``, ``item`` (grid item), ``option`` (or group of
        options), ``printed`` (as printed: "40%", "almost half", or a count), ``claim``
        (the report's words), ``count``, ``base`` and ``percent`` (what the synthetic
        data give, half-up; for Table 2's AVERAGE row, a mean of percentages, only the
        percent) and ``note`` (why no data can match, where that is known).

    Examples
    --------
    >>> import tracktr as tt
    >>> departures = tt.datasets.tracktr_2015_departures()
    >>> row = departures.query("question == 'crc_service_new' and printed == '70%'").iloc[0]
    >>> int(row["count"]), int(row["base"]), row["percent"]
    (18, 26, '69%')
    """
    raw = _read(_DEPARTURES)
    frame = raw.astype(object)
    for column in ("count", "base"):
        numbers = [int(v) if v else None for v in raw[column].tolist()]
        frame[column] = pd.array(numbers, dtype="Int64")
    frame.attrs = {"synthetic": SYNTHETIC}
    return frame

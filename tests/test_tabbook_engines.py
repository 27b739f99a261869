"""A tab book of a polars, DuckDB or pyarrow frame is the tab book of the same rows in pandas.

Before, ``tt.tabbook`` refused every engine frame ("collect the rows first"), so a survey
kept in DuckDB or polars could be counted question by question but not made into a book.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

import tracktr as tt

pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")
dd = pytest.importorskip("dask.dataframe")

LEVELS = ["Poor", "Fair", "Good", "Very good"]
SURVEY = tt.Survey.from_dict(
    {
        "title": "Engines",
        "design": {"weights": "w", "strata": "st", "clusters": "cl"},
        "questions": [
            {"id": "region", "type": "single", "text": "Region",
             "options": ["North", "South", "East"]},
            {"id": "sat", "type": "ordinal", "text": "Satisfaction", "options": LEVELS,
             "scores": {k: i + 1 for i, k in enumerate(LEVELS)},
             "nets": {"Top 2": ["Good", "Very good"]}},
            {"id": "m", "type": "multi", "form": "indicator", "text": "Likes",
             "nets": {"AB": ["A", "B"]},
             "options": [{"code": c, "label": x, "column": f"m_{x}"}
                         for c, x in ((1, "A"), (2, "B"), (3, "C"))]},
            {"id": "staff", "type": "numeric", "text": "Staff", "min": 0},
        ],
    }
)  # fmt: skip


def _rows(n: int = 300) -> pd.DataFrame:
    """Raw rows as an engine holds them: integer columns with blanks (pandas ``Int64``)."""
    rng = np.random.default_rng(7)
    skipped = rng.random(n) < 0.1

    def whole(values: np.ndarray) -> pd.Series:
        return pd.Series(values, dtype="Int64").mask(skipped)

    return pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(n)],
            "region": rng.choice(["North", "South", "East"], n),
            "sat": rng.choice(LEVELS, n),
            **{f"m_{x}": whole(rng.integers(0, 2, n)) for x in "ABC"},
            "staff": whole(rng.integers(0, 50, n)),
            "w": rng.uniform(0.5, 2, n),
            "st": rng.choice(["A", "B"], n),
            "cl": [f"c{i}" for i in rng.integers(0, 40, n)],
            "unused": rng.normal(size=n),
        }
    )


ENGINES: dict[str, Callable[[pd.DataFrame], object]] = {
    "polars": pl.from_pandas,
    "polars-lazy": lambda f: pl.from_pandas(f).lazy(),
    "duckdb": lambda f: duckdb.from_arrow(pa.Table.from_pandas(f, preserve_index=False)),
    "pyarrow": lambda f: pa.Table.from_pandas(f, preserve_index=False),
    "dask": lambda f: dd.from_pandas(f, npartitions=3),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize(
    "options",
    [{}, {"design": None, "weights": "w"}, {"threshold": 5}],
    ids=["design", "weights", "protected"],
)
def test_book_of_an_engine_frame_equals_the_pandas_book(
    engine: str, options: dict[str, object]
) -> None:
    rows = _rows()
    expected = tt.tabbook(rows, SURVEY, banners=["region"], **options)  # type: ignore[arg-type]
    book = tt.tabbook(ENGINES[engine](rows), SURVEY, banners=["region"], **options)  # type: ignore[arg-type]
    assert [s.question for s in book.sections] == [s.question for s in expected.sections]
    for ours, theirs in zip(book.sections, expected.sections, strict=True):
        pd.testing.assert_frame_equal(ours.display(), theirs.display())
        assert ours.notes == theirs.notes


def test_a_banner_the_engine_frame_lacks_is_named() -> None:
    frame = pl.from_pandas(_rows().drop(columns="region"))
    with pytest.raises(tt.QuestionNotFoundError, match="region"):
        tt.tabbook(frame, SURVEY, banners=["region"], questions=["sat"], design=None)


def test_what_is_not_a_frame_is_refused() -> None:
    with pytest.raises(tt.InvalidDataError, match="needs a data frame"):
        tt.tabbook([1, 2], SURVEY, banners=["region"])  # type: ignore[arg-type]


def test_the_engine_frame_is_not_changed() -> None:
    rows = _rows()
    frame = pl.from_pandas(rows)
    before = frame.clone()
    tt.tabbook(frame, SURVEY, banners=["region"], design=None)
    assert frame.equals(before)

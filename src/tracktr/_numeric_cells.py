"""Reading the cells of a numeric question: numbers, missing kinds, and what is neither.

Shared by the summaries (:func:`tracktr.summarise`) and the design-based estimates of
means, totals and ratios (:mod:`tracktr.design`), so that both read a column the same
way: the same cells are numbers, the same are missing, the same are refused.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._numbers import is_truth
from tracktr.exceptions import UnknownValueError
from tracktr.missing import MARKERS

__all__ = ["number_cells"]


def number_cells(series: pd.Series, question: str) -> tuple[npt.NDArray[np.float64], pd.Series]:
    """Return the numbers (NaN where missing) and each row's missing kind ('' if a number).

    Blank cells are "skipped" and the markers of :mod:`tracktr.missing` their kind; any
    other cell must be a finite number. True and False are refused (they answer a yes/no
    question), as are text that is not a number and infinities, naming the rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from tracktr._numeric_cells import number_cells
    >>> numbers, kind = number_cells(pd.Series([3, None, "<refused>", "4.5"]), "staff")
    >>> numbers.tolist(), kind.tolist()
    ([3.0, nan, nan, 4.5], ['', 'skipped', 'refused', ''])
    >>> number_cells(pd.Series([1, True]), "staff")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.UnknownValueError: question 'staff': value(s) [True] are not numbers...
    """
    as_object = series.astype(object)
    marker = as_object.isin(list(MARKERS))
    blank = as_object.isna()
    kind = pd.Series("", index=series.index, dtype=object)
    kind[marker] = as_object[marker].map(MARKERS)
    kind[blank] = "skipped"
    candidates = as_object.where(~(marker | blank))
    numbers = pd.to_numeric(candidates, errors="coerce")
    bad = numbers.isna() & ~(marker | blank)
    if series.dtype.kind in "bO":
        # True and False are answers of a yes/no question, not the numbers 1 and 0 that
        # pd.to_numeric makes of them (as tracktr._numbers reads them too).
        bad |= as_object.map(is_truth).astype(bool)
    if not bad.any():
        finite = np.isfinite(numbers.to_numpy(dtype=float))
        bad = pd.Series(~finite, index=series.index) & ~(marker | blank)
    if bad.any():
        values = list(pd.unique(as_object[bad]))[:10]
        rows = tuple(series.index[bad.to_numpy()][:20])
        msg = f"question {question!r}: value(s) {values} are not numbers, in rows {list(rows)}."
        hint = (
            "Hint: recode them (tt.recode.missing turns sentinels such as -99 into missing "
            "markers), or correct the data."
        )
        if any(is_truth(v) for v in values):
            hint += (
                " True/False answer a yes/no question: tabulate it (tt.frequencies), or "
                "average it as 0/1 with data[col].astype(int)."
            )
        raise UnknownValueError(
            f"{msg}\n\n{hint}", question=question, values=tuple(values), rows=rows
        )
    return numbers.to_numpy(dtype=float), kind

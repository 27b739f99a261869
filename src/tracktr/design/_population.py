"""The sample against the population: shares, intervals, a goodness-of-fit test, in words.

A survey of organisations is rarely a random sample of its sector. Before weighting, an
analyst compares the respondents' shares with known population shares (the NCVO Almanac's
income bands, a membership list): which groups are under- or over-represented, and by how
much. A group is called under- or over-represented when the population share lies outside
the interval of the sample share; Pearson's goodness-of-fit test asks whether the sample
as a whole could come from the population by chance.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from tracktr._engine import reads_rows
from tracktr._margins import is_shares, margin_mapping
from tracktr._numbers import refuse_truth_clash, truth_clashes
from tracktr.compare._intervals import _check_level
from tracktr.exceptions import InvalidCountsError, InvalidOptionError, UnknownValueError
from tracktr.missing import is_missing
from tracktr.typing import CIMethod

__all__ = ["PopulationComparison", "compare_population"]


@dataclass(frozen=True, slots=True, repr=False)
class PopulationComparison:
    """Respondents' shares against the population's, with intervals, a test and statements.

    Attributes
    ----------
    question : str
    table : pandas.DataFrame
        One row per option: ``option``, ``sample_count``, ``sample_share``, ``ci_low``,
        ``ci_high`` (interval of the sample share), ``population_share``,
        ``population_count`` (NaN when shares were given), ``difference`` (sample less
        population) and ``representation`` (``"under"``, ``"over"`` or ``"in line"``).
    statistic, df, p_value : float
        Pearson's goodness-of-fit chi-square of the sample counts against the population
        shares.
    n : int
        Respondents who answered.
    statements : tuple of str
        One plain-English sentence per option.
    level : float
    method : str
        The interval method of the sample shares.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"size": ["Small"] * 20 + ["Large"] * 80})
    >>> tt.design.compare_population(df, "size", {"Small": 0.5, "Large": 0.5})
    PopulationComparison('size', n=100: chi-square 36.000 on 1 df, p = 1.97e-09)
    """

    question: str
    table: pd.DataFrame
    statistic: float
    df: int
    p_value: float
    n: int
    statements: tuple[str, ...]
    level: float
    method: str

    def __repr__(self) -> str:
        return (
            f"PopulationComparison({self.question!r}, n={self.n}: chi-square "
            f"{self.statistic:.3f} on {self.df} df, p = {self.p_value:.3g})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the table of sample against population shares (a copy).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"size": ["Small"] * 20 + ["Large"] * 80})
        >>> result = tt.design.compare_population(df, "size", {"Small": 0.5, "Large": 0.5})
        >>> result.to_frame()[["option", "sample_share", "representation"]]
          option  sample_share representation
        0  Small           0.2          under
        1  Large           0.8           over
        """
        return self.table.copy()

    def _repr_html_(self) -> str:
        return str(self.table.to_html())


def _population_shares(
    population: Mapping[Any, float] | pd.Series,
) -> tuple[list[Any], list[Fraction], list[float]]:
    mapping = dict(margin_mapping(population, name="population:"))
    if not mapping:
        msg = "`population` must map each category to its count or share."
        raise InvalidOptionError(msg)
    labels = list(mapping)
    values = []
    for label in labels:
        value = mapping[label]
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            msg = f"population value of {label!r} must be a number; got {value!r}."
            raise InvalidCountsError(msg)
        if not math.isfinite(float(value)) or value < 0:
            msg = f"population value of {label!r} must be finite and not negative; got {value!r}."
            raise InvalidCountsError(msg)
        values.append(
            Fraction(repr(float(value))) if isinstance(value, float) else Fraction(int(value))
        )
    total = sum(values, Fraction(0))
    if is_shares([float(v) for v in values], name="population", mapping=mapping):
        return labels, [v / total for v in values], [math.nan] * len(values)
    return labels, [v / total for v in values], [float(v) for v in values]


def _check_answers(series: pd.Series, answered: Any, names: list[Any], question: str) -> None:
    # isin hashes True as 1: answers True/False must not meet population categories 1/0.
    refuse_truth_clash(series)
    truths, numbers = truth_clashes([*pd.unique(series[answered]).tolist(), *names])
    if truths:
        msg = (
            f"question {question!r}: the population's categories {names} and the answers "
            f"mix True/False with {numbers}, which Python takes as the same (True is 1)."
        )
        hint = "Hint: give the population the answers' own values (True/False, or 1/0)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    unknown_mask = answered & ~series.isin(names).to_numpy()
    if unknown_mask.any():
        unknown = list(pd.unique(series[unknown_mask]))
        rows = tuple(series.index[unknown_mask][:20])
        msg = f"question {question!r}: answers {unknown} are not among the population's {names}."
        hint = "Hint: collapse the answers to the population's categories (tt.recode.collapse)."
        raise UnknownValueError(f"{msg}\n\n{hint}", question=question, values=tuple(unknown),
                                rows=rows)  # fmt: skip


@reads_rows
def compare_population(
    data: pd.DataFrame,
    question: str,
    population: Mapping[Any, float] | pd.Series,
    /,
    *,
    labels: Mapping[Any, str] | None = None,
    respondents: str = "respondents",
    population_name: str = "the population",
    method: CIMethod = "wilson",
    level: float = 0.95,
) -> PopulationComparison:
    """Compare the respondents' shares of a question with known population shares.

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
        One row per respondent.
    question : str
        A categorical column; respondents who did not answer are left out (and counted in
        ``n`` of nobody).
    population : mapping or Series
        Category -> population count, or share: read as shares when the values sum to 1,
        as counts otherwise (values all at most 1, with a fraction among them, that do
        not sum to 1 are ambiguous and refused). Every category the respondents gave must
        be listed.
    labels : mapping, optional
        Category -> the words for it in a statement ("organisations with an income of
        £100,000 or less"); default: the category in quotes.
    respondents : str, default "respondents"
        What a respondent is, plural, in statements.
    population_name : str, default "the population"
        What the population is, plural, in statements ("charities").
    method : CIMethod, default "wilson"
        Interval of each sample share (:func:`tracktr.proportion_ci`).
    level : float, default 0.95

    Returns
    -------
    PopulationComparison

    Raises
    ------
    tracktr.UnknownValueError
        Answers the population does not list (the rows are named).
    tracktr.InvalidOptionError
        Shares that do not sum to 1, or respondents in a category with no population.

    See Also
    --------
    tracktr.weights.rake : weights that make the sample match these margins.

    Examples
    --------
    The 2016 report set its respondents against NCVO's UK Civil Society Almanac: just over
    83% of the 160,045 UK charities have an income of £100,000 or less; 35 of the 151
    respondents did.

    >>> import textwrap
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"income": ["£100,000 or less"] * 35 + ["over £100,000"] * 116})
    >>> result = tt.design.compare_population(
    ...     df, "income", {"£100,000 or less": 0.83, "over £100,000": 0.17},
    ...     labels={"£100,000 or less": "organisations with an income of £100,000 or less",
    ...             "over £100,000": "organisations with an income over £100,000"},
    ...     population_name="charities")
    >>> print(textwrap.fill(result.statements[0], 88))
    organisations with an income of £100,000 or less are under-represented: 23% of
    respondents (nearly a quarter) against 83% of charities (just over four fifths).
    >>> result.p_value < 0.001
    True
    """
    from scipy import stats

    from tracktr.compare._intervals import proportion_ci
    from tracktr.describe import describe_share
    from tracktr.rounding import format_percent

    level = _check_level(level)
    if question not in data.columns:
        from tracktr.exceptions import QuestionNotFoundError

        raise QuestionNotFoundError(f"question {question!r} is not a column of the data.")
    names, shares, counts = _population_shares(population)
    series = data[question]
    answered = ~is_missing(series).to_numpy()
    _check_answers(series, answered, names, question)
    observed = series[answered].value_counts().reindex(names, fill_value=0)
    sample = observed.to_numpy(dtype=np.int64)
    n = int(sample.sum())
    if n == 0:
        msg = f"question {question!r}: nobody answered, so there is no sample to compare."
        raise InvalidOptionError(msg)
    impossible = [names[k] for k in range(len(names)) if shares[k] == 0 and sample[k] > 0]
    if impossible:
        msg = f"respondents are in {impossible}, which the population does not have."
        raise InvalidOptionError(f"{msg}\n\nHint: check the population figures.")
    expected = np.array([float(s) * n for s in shares])
    keep = expected > 0
    statistic = float((((sample - expected) ** 2)[keep] / expected[keep]).sum())
    df = int(keep.sum()) - 1
    p_value = float(stats.chi2.sf(statistic, df)) if df > 0 else math.nan
    records = []
    statements = []
    for k, name in enumerate(names):
        interval = proportion_ci(int(sample[k]), n, method=method, level=level)
        share = float(shares[k])
        if share < interval.ci_low:
            verdict = "over"
        elif share > interval.ci_high:
            verdict = "under"
        else:
            verdict = "in line"
        records.append({
            "option": name, "sample_count": int(sample[k]), "sample_share": sample[k] / n,
            "ci_low": interval.ci_low, "ci_high": interval.ci_high, "population_share": share,
            "population_count": counts[k], "difference": sample[k] / n - share,
            "representation": verdict,
        })  # fmt: skip
        subject = labels.get(name, repr(name)) if labels else repr(name)
        sample_text = format_percent(Fraction(int(sample[k]) * 100, n))
        population_text = format_percent(shares[k] * 100)
        words = (
            f"{sample_text} of {respondents} ({describe_share(Fraction(int(sample[k]), n))}) "
            f"against {population_text} of {population_name} ({describe_share(shares[k])})"
        )
        if verdict == "in line":
            statements.append(f"{subject} are represented in line with {population_name}: {words}.")
        else:
            statements.append(f"{subject} are {verdict}-represented: {words}.")
    return PopulationComparison(
        question, pd.DataFrame.from_records(records), statistic, df, p_value, n,
        tuple(statements), level, method,
    )  # fmt: skip

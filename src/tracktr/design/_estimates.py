"""Design-based estimates: proportions, means, totals and ratios, by domain, with intervals.

Each estimate is a weighted sum or a ratio of weighted sums; its variance comes from the
linearised scores (influence values) of the respondents in the domain, zero elsewhere, fed
to :meth:`BoundDesign.covariance`. A domain (a group of `by`, or the respondents who answered)
is never cut out of the design: its PSUs and strata keep counting, as R survey's ``svyby``
does (Lumley 2010, section 2.3).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._columns import refuse_repeated_columns
from tracktr._engine import reads_rows
from tracktr._numbers import refuse_truth_clash
from tracktr._text import level_text
from tracktr.compare._intervals import _check_level
from tracktr.design._design import BoundDesign, Design
from tracktr.design._nested import nested_by
from tracktr.exceptions import (
    InvalidBaseError,
    InvalidOptionError,
    QuestionNotFoundError,
)
from tracktr.tabulate._common import EmptyPolicy, refuse_missing_text
from tracktr.tabulate._common import _groups as table_groups
from tracktr.tabulate._common import _observed_options as observed_options
from tracktr.typing import DesignCIMethod, RoundingRule, check_choice

__all__ = ["Estimates", "estimate_proportions"]

_TOTAL = "all"
_NO_VARIANCE = 1e-12
"""A standard error below this is rounding noise of an exact zero (e.g. a stratum's share)."""


@dataclass(frozen=True, slots=True, repr=False)
class Estimates:
    """Design-based estimates with standard errors, design effects and effective bases.

    Attributes
    ----------
    question : str
        The question (or ``"numerator / denominator"`` for a ratio).
    statistic : str
        ``"proportion"``, ``"mean"``, ``"total"`` or ``"ratio"``.
    design : Design
        The design used.
    method : str or None
        The interval method (proportions; otherwise ``"wald"``: estimate ± t·se).
    level : float
        Confidence level.
    degf : int
        Design degrees of freedom (PSUs less strata), used for t quantiles.
    rows : pandas.DataFrame
        One row per (group, item, option): ``group``, ``item``, ``option``, ``estimate``,
        ``se``, ``ci_low``, ``ci_high``, ``method``, ``deff``, ``deff_kish``, ``n`` (the
        unweighted base), ``n_eff`` (the effective base), ``weighted_count`` and
        ``weighted_base``.
    notes : tuple of str
        What a reader of the table needs to know: the design and the base, a base below
        30 respondents, and an interval that is a single point (no sampling variance
        could be measured: one respondent, or answers all alike).

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"q": ["a", "a", "b", "b"], "w": [1.0, 1.0, 1.0, 3.0]})
    >>> est = tt.design.estimate_proportions(df, "q", design=tt.Design(weights="w"))
    >>> est.to_frame()[["option", "estimate", "n", "n_eff"]].round(3)
      option  estimate  n  n_eff
    0      a     0.333  4    4.0
    1      b     0.667  4    4.0
    """

    question: str
    statistic: str
    design: Design
    method: str | None
    level: float
    degf: int
    rows: pd.DataFrame
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        what = f"{self.statistic} of {self.question!r}"
        interval = f"{level_text(self.level)} {self.method} CI"
        return f"Estimates({what}, {len(self.rows)} rows, {self.design.describe()}; {interval})"

    def to_frame(self) -> pd.DataFrame:
        """Return the estimates as a tidy DataFrame (a copy).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"x": [1.0, 2.0, 3.0]})
        >>> tt.design.estimate_means(df, "x").to_frame()["estimate"].tolist()
        [2.0]
        """
        return self.rows.copy()

    def percentages(self, *, rule: RoundingRule = "half_up", decimals: int = 0) -> pd.Series:
        """Return the weighted percentages, rounded exactly from the weighted sums.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"q": ["a", "b", "b"], "w": [1.0, 1.0, 2.0]})
        >>> est = tt.design.estimate_proportions(df, "q", design=tt.Design(weights="w"))
        >>> est.percentages().tolist()
        [25.0, 75.0]
        """
        from tracktr.rounding import percentages

        if self.statistic != "proportion":
            msg = f"percentages are shares; these estimates are {self.statistic}s."
            raise InvalidOptionError(msg)
        counts = self.rows["weighted_count"].to_numpy()
        bases = self.rows["weighted_base"].to_numpy()
        values = [
            float(percentages([c], base=b, rule=rule, decimals=decimals)[0]) if b > 0 else np.nan
            for c, b in zip(counts, bases, strict=True)
        ]
        return pd.Series(values, index=self.rows.index, name="percent")

    def display(
        self, *, rule: RoundingRule = "half_up", decimals: int = 0, intervals: bool = False
    ) -> pd.DataFrame:
        """Return the weighted table as printed: percentages, unweighted and effective bases.

        Parameters
        ----------
        rule, decimals
            The rounding of the percentages (exact, from the weighted sums).
        intervals : bool, default False
            Add each share's interval after it, e.g. ``"65% (51–76%)"``.

        Returns
        -------
        pandas.DataFrame
            Strings: one row per option (and item), a column per group, and the rows
            ``"Unweighted base"`` and ``"Effective base"`` (Kish's, of the weights: whole
            respondents rounded down, so that precision is never overstated; each share's
            design-based effective base is ``to_frame()["n_eff"]``).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"q": ["a", "b", "b", "a", "b"], "w": [1.0, 1.0, 2.0, 3.0, 1.0]})
        >>> est = tt.design.estimate_proportions(df, "q", design=tt.Design(weights="w"))
        >>> est.display(intervals=True)
                                   All
        a                50% (15–85%)
        b                50% (15–85%)
        Unweighted base             5
        Effective base              4
        """
        from tracktr.rounding import format_percent

        if self.statistic != "proportion":
            msg = f"display shows shares; these estimates are {self.statistic}s."
            raise InvalidOptionError(msg)
        rows = self.rows.assign(percent=self.percentages(rule=rule, decimals=decimals))
        groups = list(pd.unique(rows["group"])) if "group" in rows else [None]
        keys = ["item", "option"] if "item" in rows else ["option"]
        out: dict[str, list[str]] = {}
        index: list[Any] = []
        for g in groups:
            part = rows if g is None else rows[rows["group"] == g]
            cells = []
            for _, row in part.iterrows():
                text = format_percent(row["percent"], decimals=decimals, rule=rule)
                if intervals and np.isfinite(row["ci_low"]):
                    low = format_percent(100 * row["ci_low"], decimals=decimals, large=False)
                    high = format_percent(100 * row["ci_high"], decimals=decimals, small=False)
                    text = f"{text} ({low.rstrip('%')}–{high})"
                cells.append(text)
            kish = part["n"].iloc[0] / part["deff_kish"].iloc[0] if len(part) else np.nan
            effective = str(math.floor(kish)) if np.isfinite(kish) else "n/a"
            cells.extend([str(int(part["n"].iloc[0])) if len(part) else "0", effective])
            out["All" if g is None else str(g)] = cells
            if not index:
                index = [tuple(r) if len(keys) > 1 else r[0] for r in part[keys].to_numpy()]
        return pd.DataFrame(out, index=pd.Index([*index, "Unweighted base", "Effective base"]))

    def _repr_html_(self) -> str:
        return str(self.to_frame().to_html())


# -- the core: means of score columns over domains -------------------------------------------


@dataclass(frozen=True, slots=True)
class _Domain:
    estimate: npt.NDArray[np.float64]
    se: npt.NDArray[np.float64]
    deff: npt.NDArray[np.float64]
    deff_replace: npt.NDArray[np.float64]
    deff_kish: float
    n: int
    weighted_count: npt.NDArray[np.float64]
    weighted_base: float


def _domain_mean(bound: BoundDesign, values: npt.NDArray[np.float64], rows: Any) -> _Domain:
    """Weighted means of the columns of `values` (rows x k) over the domain `rows`."""
    w = bound.weights[rows]
    total = float(w.sum())
    k = values.shape[1]
    positive = int(np.count_nonzero(w))
    if total <= 0:
        nan = np.full(k, np.nan)
        return _Domain(nan, nan, nan, nan, np.nan, positive, np.zeros(k), 0.0)
    weighted = w @ values
    estimate = weighted / total
    # a column constant over the domain (a share of 0 or 1) has that value exactly, so its
    # deviations, variance and design effect are exactly zero rather than rounding noise
    if len(values):
        constant = (values.min(axis=0) == values.max(axis=0)) & (w > 0).any()
        estimate = np.where(constant, values[0], estimate)
    deviations = values - estimate
    scores = w[:, None] * deviations / total
    variance = np.diag(bound.covariance(scores, rows)).copy()
    variance[variance < 0] = 0.0
    square = (w @ deviations**2) / total
    return _finish(bound, w, square, estimate, variance, weighted, total, positive, 1.0)


def _finish(  # noqa: PLR0917  (private: one caller per statistic)
    bound: BoundDesign,
    w: npt.NDArray[np.float64],
    square: npt.NDArray[np.float64],
    estimate: npt.NDArray[np.float64],
    variance: npt.NDArray[np.float64],
    weighted: npt.NDArray[np.float64],
    total: float,
    positive: int,
    factor: float,
) -> _Domain:
    """Attach design effects: R's svyvar times the SRS factor, with and without replacement.

    `square` is the weighted mean square deviation, sum w (y - mean)^2 / sum w.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = (
            square * positive / (positive - 1) if positive > 1 else np.full_like(square, np.nan)
        )
        srs_replace = spread * factor**2 / positive
        deff_replace = np.where(srs_replace > 0, variance / srs_replace, np.nan)
        if bound.has_fpc:
            srs = spread * factor**2 * (total - positive) / (total * positive)
            deff = np.where(srs > 0, variance / srs, np.nan)
        else:
            deff = deff_replace
    kish = positive * float(w @ w) / total**2 if total > 0 else np.nan
    return _Domain(estimate, np.sqrt(variance), deff, deff_replace, kish, positive, weighted, total)


def _domain_shares(
    bound: BoundDesign, codes: npt.NDArray[np.intp], k: int, rows: npt.NDArray[np.intp]
) -> _Domain:
    """Shares of `k` exclusive options over the domain `rows`, by segment sums.

    The same as :func:`_domain_mean` of the one-hot matrix without building it: PSU totals
    of the scores are ``(A - p B) / W`` with ``A`` the weighted count of each option in each
    PSU and ``B`` the PSU's weight.
    """
    w = bound.weights[rows]
    c = codes[rows]
    total = float(w.sum())
    positive = int(np.count_nonzero(w))
    if total <= 0:
        nan = np.full(k, np.nan)
        return _Domain(nan, nan, nan, nan, np.nan, positive, np.zeros(k), 0.0)
    weighted = np.asarray(np.bincount(c, weights=w, minlength=k), dtype=np.float64)
    share = weighted / total
    # exact 0 and 1 rather than rounding noise of the sums
    share[weighted == 0] = 0.0
    if np.count_nonzero(weighted) == 1:
        share[weighted > 0] = 1.0
    psu = bound.psu_of_rows()
    if psu is None or bound.calibrated:
        scores = np.multiply.outer(-w / total, share)
        scores[np.arange(len(rows)), c] += w / total
        covariance = bound.covariance(scores, rows)
    else:
        where = psu[rows]
        n_psu = bound.n_psu
        counts = np.bincount(where * k + c, weights=w, minlength=n_psu * k).reshape(n_psu, k)
        weights = np.bincount(where, weights=w, minlength=n_psu)
        covariance = bound.covariance_of_totals(
            (counts - np.multiply.outer(weights, share)) / total, domain=rows
        )
    variance = np.diag(covariance).copy()
    variance[variance < 0] = 0.0
    return _finish(bound, w, share * (1 - share), share, variance, weighted, total, positive, 1.0)


# -- intervals for proportions ---------------------------------------------------------------


def _proportion_intervals(  # noqa: PLR0917  (private, one caller; names at the call)
    p: npt.NDArray[np.float64],
    se: npt.NDArray[np.float64],
    n_eff: npt.NDArray[np.float64],
    n: npt.NDArray[np.float64],
    degf: int,
    method: str,
    level: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], list[str]]:
    """Intervals for weighted proportions, vectorised over cells (see estimate_proportions)."""
    from scipy import stats

    alpha = 1 - level
    t = float(stats.t.ppf(1 - alpha / 2, degf)) if degf > 0 else np.nan
    inside = (p > 0) & (p < 1) & (se > _NO_VARIANCE)
    # a share the design fixes (such as a stratum's share) has no sampling error
    exact = (p > 0) & (p < 1) & (se <= _NO_VARIANCE)
    low = np.full(p.shape, np.nan)
    high = np.full(p.shape, np.nan)
    used = [method] * len(p)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if method == "mean":
            low, high = np.clip(p - t * se, 0, 1), np.clip(p + t * se, 0, 1)
        elif method == "logit":
            centre = np.log(p / (1 - p))
            half = t * se / (p * (1 - p))
            low = np.where(inside, 1 / (1 + np.exp(-(centre - half))), np.nan)
            high = np.where(inside, 1 / (1 + np.exp(-(centre + half))), np.nan)
        elif method == "asin":
            centre = np.arcsin(np.sqrt(p))
            half = t * se / (2 * np.sqrt(p * (1 - p)))
            low = np.where(inside, np.sin(np.clip(centre - half, 0, np.pi / 2)) ** 2, np.nan)
            high = np.where(inside, np.sin(np.clip(centre + half, 0, np.pi / 2)) ** 2, np.nan)
        elif method == "wilson":
            z = float(stats.norm.ppf(1 - alpha / 2))
            z2 = z * z
            centre = (p + z2 / (2 * n_eff)) / (1 + z2 / n_eff)
            half = z / (1 + z2 / n_eff) * np.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff**2))
            low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
        if method in ("beta", "logit", "asin"):
            # Korn-Graubard: Clopper-Pearson on the effective base, with R's df correction;
            # at 0% and 100% (no variance) on the Kish effective base.
            ratio = (stats.t.ppf(alpha / 2, n - 1) / stats.t.ppf(alpha / 2, degf)) ** 2
            base = np.where(inside, p * (1 - p) / se**2 * ratio, n_eff)
            beta_low = np.where(p > 0, stats.beta.ppf(alpha / 2, base * p, base * (1 - p) + 1), 0)
            beta_high = np.where(
                p < 1, stats.beta.ppf(1 - alpha / 2, base * p + 1, base * (1 - p)), 1
            )
            if method == "beta":
                low, high = beta_low, beta_high
            else:
                fallback = ~inside & ~exact
                low = np.where(fallback, beta_low, low)
                high = np.where(fallback, beta_high, high)
                used = ["beta" if f else method for f in fallback]
    low = np.where(exact, p, low)
    high = np.where(exact, p, high)
    empty = ~np.isfinite(p)
    low[empty] = np.nan
    high[empty] = np.nan
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float), used


# -- inputs ------------------------------------------------------------------------------------


# Below this many respondents an estimate is flagged, as a table's percentages are.
SMALL_BASE = 30


def precision_notes(frame: pd.DataFrame) -> tuple[str, ...]:
    """Return the notes a reader needs where an estimate's precision can mislead.

    A small base (n below :data:`SMALL_BASE`), and an interval that is a single point:
    a mean of one respondent (or of answers all alike) has a standard error of 0 by the
    formula, which measures no uncertainty rather than showing there is none.
    """
    labels = [_row_label(row) for row in frame.itertuples(index=False)]
    n = frame["n"].to_numpy()
    small = dict.fromkeys(
        f"{label} (n={int(k)})" for label, k in zip(labels, n, strict=True) if 0 < k < SMALL_BASE
    )
    notes = []
    empty = dict.fromkeys(label for label, k in zip(labels, n, strict=True) if k == 0)
    unmeasured = dict.fromkeys(
        label
        for label, k, se in zip(labels, n, frame["se"].to_numpy(dtype=float), strict=True)
        if k > 0 and np.isnan(se)
    )
    if empty:
        notes.append(
            f"No respondent (with a weight above 0) answered in {', '.join(empty)}: there is "
            "no estimate there, only a placeholder."
        )
    if unmeasured:
        notes.append(
            f"No standard error for {', '.join(unmeasured)}: the design gives no variance "
            "there (its respondents lie only in strata with one PSU, with "
            'lonely_psu="average", or one respondent has all the weight).'
        )
    if small:
        listed = ", ".join(small)
        notes.append(f"Small base: n below {SMALL_BASE} for {listed}; read these with care.")
    # A width of rounding noise is a point (a ratio's residual y - (y/x)x is not exactly 0).
    width = frame["ci_high"].to_numpy() - frame["ci_low"].to_numpy()
    point = (n > 0) & (
        width <= _NO_VARIANCE * np.maximum(1.0, np.abs(frame["estimate"].to_numpy()))
    )
    flat = dict.fromkeys(label for label, p in zip(labels, point, strict=True) if p)
    if flat:
        notes.append(
            f"No sampling variance could be measured for {', '.join(flat)} (one respondent, "
            "or answers all alike): its interval is a single point, not a certain value."
        )
    return tuple(notes)


def _row_label(row: Any) -> str:
    """Name a row of estimates by its group and item ("all" when it has neither)."""
    parts = [str(getattr(row, name)) for name in ("group", "item") if hasattr(row, name)]
    return " / ".join(parts) if parts else _TOTAL


def _resolve(design: Design | None, survey: Any) -> Design:
    if design is not None:
        if not isinstance(design, Design):
            msg = f"`design` must be a tt.Design; got {type(design).__name__}."
            hint = 'Hint: tt.Design(weights="w") declares a weight column.'
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        return design
    if survey is not None and getattr(survey, "design", None):
        return Design.from_survey(survey)
    return Design()


def _require(
    data: pd.DataFrame,
    columns: Sequence[str],
    question: str,
    *,
    survey: Any = None,
    reads: str | None = None,
) -> None:
    """Refuse columns not in the data, and with `reads`, a codebook's tick set among them.

    `reads` names a function that reads each of `columns` as one categorical column. A
    tick set there had no column of its name ("not in the data, pass the codebook", to a
    caller who had passed it), or a delimited set's column was read as single answers
    ("Money;Staff" a category of its own in chisq).
    """
    if reads is not None:
        _refuse_tick_sets(columns, survey, reads)
    absent = [c for c in columns if c not in data.columns]
    if absent:
        msg = f"question {question!r}: column(s) {absent} are not in the data."
        hint = "Hint: check the spelling, or pass the codebook as `survey=`."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    refuse_repeated_columns(data.columns, columns, what=f"question {question!r}")


def _refuse_tick_sets(names: Sequence[str], survey: Any, reads: str) -> None:
    """Refuse a tick set of the codebook where `reads` takes one categorical column."""
    if survey is None:
        return
    for name in names:
        try:
            spec = survey.spec(name)
        except QuestionNotFoundError:  # not in the codebook either: the caller names it
            continue
        if spec.type != "multi":
            continue
        msg = (
            f"question {name!r} is a tick-all-that-apply set (columns "
            f"{list(spec.columns)}); tt.design.{reads}() reads one categorical column."
        )
        hint = (
            f"Hint: each option's share by group is tt.design.estimate_proportions(data, "
            f"{name!r}, by=..., survey=survey); the groups' differences are tested by "
            f"tt.compare_table(tt.multi_response(data, {name!r}, by=..., survey=survey, "
            "weights=...), design=design, data=data, by=..., survey=survey)."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")  # as tt.compare_groups(design=) refuses it


def _groups(
    data: pd.DataFrame, by: str | None, survey: Any = None
) -> tuple[npt.NDArray[np.intp], list[Any]]:
    """Group codes (-1: no group, left out of every domain) and labels.

    The groups of ``tt.frequencies(by=..., survey=...)``, read by its code: a blank or a
    missing marker ("<skipped>", "<not asked>") is no group, and text spelling a blank is
    refused; a codebook question's groups are its options, in order, an answer outside
    them refused. Only groups someone is in are kept (an option no one gave, or a
    categorical's unused category, is no domain).
    """
    if by is None:
        return np.zeros(len(data), dtype=np.intp), [_TOTAL]
    _require(data, [by], by)
    grouping = table_groups(data, by, survey)
    if grouping.codes is not None:  # an answer outside the codebook's groups is refused
        raw = np.add(grouping.codes, 1, dtype=np.intp)
        grouping.check(np.bincount(raw, minlength=len(grouping.values)), by)
    slots = grouping.slots(len(data))
    n_groups = len(grouping.labels)
    in_group = (slots >= 0) & (slots < n_groups)  # slot n_groups: a missing group
    present = np.bincount(slots[in_group], minlength=n_groups) > 0
    renumber = np.full(n_groups + 1, -1, dtype=np.intp)  # the missing group's slot: -1
    renumber[np.flatnonzero(present)] = np.arange(int(present.sum()))
    codes: npt.NDArray[np.intp] = renumber[np.where(in_group, slots, n_groups)]
    return codes, [g for g, p in zip(grouping.labels, present, strict=True) if p]


def _spec(data: pd.DataFrame, question: str, survey: Any, columns: Sequence[str] | None) -> Any:
    from tracktr.spec import QuestionSpec

    if survey is not None:
        return survey.spec(question)
    if columns is not None:
        return QuestionSpec(question, "multi", options=tuple(columns), columns=tuple(columns))
    return QuestionSpec(question, "single", columns=(question,))


def _option_codes(
    series: pd.Series, options: Sequence[Any], question: str, *, chosen: bool = False
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_], list[Any]]:
    """Each answer's position among the options (-1: no answer), and the options.

    Without declared `options`, the options are the answers found as tabulate finds
    them (a categorical's categories in their order, else the values in their natural
    order); with `chosen`, only the answers someone gave (a test's table has no empty
    row).
    """
    from tracktr.missing import MARKERS

    codes, uniques = pd.factorize(series)
    refuse_truth_clash(series, uniques)
    # missing markers ("<skipped>", "<not asked>") are no answer, as blanks are
    observed = [v for v in uniques if not (isinstance(v, str) and v in MARKERS)]
    if options:
        labels = list(options)
    else:  # the answers found, in tabulate's order ("nan" text refused, as there)
        labels = _found_options(series, observed, question)
        if chosen:
            given = set(observed)
            labels = [label for label in labels if label in given]
    position = {label: k for k, label in enumerate(labels)}
    position.update({m: -1 for m in MARKERS if m not in position})
    unknown = [v for v in observed if v not in position]
    if unknown:
        from tracktr.exceptions import UnknownValueError

        rows = tuple(series.index[series.isin(unknown).to_numpy()][:20])
        msg = f"question {question!r}: values {unknown} are not among the options {labels}."
        raise UnknownValueError(msg, question=question, values=tuple(unknown), rows=rows)
    lookup = np.array([position[v] for v in uniques] + [-1], dtype=np.intp)
    mapped = lookup[codes]  # code -1 (missing) takes the last entry, -1
    return mapped, mapped >= 0, labels


def _found_options(series: pd.Series, observed: list[Any], question: str) -> list[Any]:
    """Return the answers found as tabulate lists them, from the distinct cells read once.

    A categorical's categories in their order (a category nobody chose included); other
    answers in their natural order, or in order of appearance when they do not compare.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        found = observed_options(series, question)  # its categories: no pass over rows
        return [v.item() if isinstance(v, np.generic) else v for v in found]  # 1, not int64
    try:
        labels = sorted(observed)
    except TypeError:
        labels = list(observed)
    refuse_missing_text(series, labels, question)
    return labels


def _one_hot(
    series: pd.Series, options: Sequence[Any], question: str, *, chosen: bool = False
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], list[Any]]:
    codes, answered, labels = _option_codes(series, options, question, chosen=chosen)
    values = np.zeros((len(series), len(labels)))
    values[np.flatnonzero(answered), codes[answered]] = 1.0
    return values, answered, labels


def _tick_set(  # noqa: PLR0917  (private, one caller; names at the call)
    data: pd.DataFrame,
    question: str,
    survey: Any,
    columns: Sequence[str] | None,
    order: Sequence[Any],
    group: npt.NDArray[np.intp],
    labels: list[Any],
    empty: EmptyPolicy,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], list[Any], list[tuple[Any, Any]]]:
    """Read a tick set as :func:`tracktr.multi_response` reads it: ticks, base, gaps.

    Returns the ticks (respondents x options, 0/1), who is in the base (by `empty`),
    the options, and the (option, group) cells asked of none of the group's base: pooled
    waves hold ``"<not asked>"`` where a wave did not offer an option; such a cell has no
    share, and a group with some asked and some not is refused, as the tables refuse it.
    """
    from tracktr.tabulate._multi import _multi_answered, _unasked_gaps, _unasked_ticks

    spec, ticks, answered, marker_slot = _multi_answered(
        data, question, survey=survey, columns=columns,
        options=list(order) if columns is not None and order else None,
        separator=None, exclusive=(), empty=empty,
    )  # fmt: skip
    gaps: list[tuple[Any, Any]] = []
    unasked = _unasked_ticks(data, spec, answered, marker_slot)
    if unasked is not None:
        in_base = answered[None, :] & (group[None, :] == np.arange(len(labels))[:, None])
        counted = (
            (unasked.astype(np.int64) @ in_base.T.astype(np.int64)),
            in_base.sum(axis=1),
        )
        gaps = list(_unasked_gaps(spec, data, unasked, counted, labels, empty=empty))
    found = list(spec.options)
    if list(order) != found:  # the options in the order asked for, each once
        if sorted(map(str, order)) != sorted(map(str, found)) or len(set(order)) != len(order):
            msg = (
                f"question {question!r}: `options` {list(order)} must be the set's options "
                f"{found}, each once, in the order to show them."
            )
            raise InvalidOptionError(msg)
        at = {str(option): j for j, option in enumerate(found)}
        ticks = ticks[[at[str(option)] for option in order]]
        found = list(order)
    values = np.ascontiguousarray(ticks.T, dtype=float)
    return values, np.asarray(answered, dtype=bool), found, gaps


def _without_gaps(frame: pd.DataFrame, gaps: Sequence[tuple[Any, Any]]) -> pd.DataFrame:
    """Return the frame with no estimate where an option was not offered (NaN, n kept)."""
    if not gaps:
        return frame
    out = frame.copy()
    hit = np.zeros(len(out), dtype=bool)
    for option, label in gaps:
        hit |= ((out["option"] == option) & (out["group"] == label)).to_numpy(dtype=bool)
    columns = ["estimate", "se", "ci_low", "ci_high", "deff", "n_eff", "weighted_count"]
    out.loc[hit, columns] = np.nan
    out.loc[hit, "method"] = "not offered"
    return out


def no_group_notes(
    index: pd.Index, answered: npt.NDArray[np.bool_], group: npt.NDArray[np.intp], by: str | None
) -> tuple[str, ...]:
    """Say how many who answered have no group in `by` (in no domain, so in no estimate).

    A table counts them in its total; estimates by group have no total, so without this
    note they were left out with nothing said.
    """
    if by is None:
        return ()
    outside = answered & (group < 0)
    n = int(np.count_nonzero(outside))
    if not n:
        return ()
    rows = index[outside][:10].tolist()
    more = ", ..." if n > len(rows) else ""
    who = "respondent in the base has" if n == 1 else "respondents in the base have"
    note = (
        f"No group: {n} {who} no answer to {by!r} (blank or a missing marker; rows "
        f"{str(rows)[:-1]}{more}]) and {'is' if n == 1 else 'are'} in no group's estimate."
    )
    return (note,)


def _any_answered(items: Sequence[tuple[Any, Any, Any, Any]], n: int) -> npt.NDArray[np.bool_]:
    """Rows that answered any item (a grid's rows answer item by item)."""
    answered = np.zeros(n, dtype=bool)
    for _, _, rows, _ in items:
        answered |= rows
    return answered


def _gap_notes(gaps: Sequence[tuple[Any, Any]], by: str | None) -> tuple[str, ...]:
    """Say which options were not offered to which groups (no estimate there)."""
    if not gaps:
        return ()
    found: dict[Any, list[str]] = {}
    for option, label in gaps:
        found.setdefault(option, []).append(str(label))
    where = "; ".join(
        f"{option!r}" + (f" in {', '.join(groups)}" if by is not None else "")
        for option, groups in found.items()
    )
    note = (
        f"Not offered (pooled waves: '<not asked>'): {where}; no estimate there (NaN), as "
        "the tables print n/a."
    )
    return (note,)


# -- public functions --------------------------------------------------------------------------


def _estimate_items(  # noqa: PLR0917  (private, one caller; names at the call)
    bound: BoundDesign,
    items: list[tuple[Any, npt.NDArray[Any], npt.NDArray[np.bool_], list[Any]]],
    group: npt.NDArray[np.intp],
    labels: list[Any],
    method: str,
    level: float,
) -> pd.DataFrame:
    records: list[dict[str, Any]] = []
    for item, values, answered, options in items:
        for g, label in enumerate(labels):
            rows = np.flatnonzero(answered & (group == g))
            if values.ndim == 1:  # option codes of a single-choice question
                dom = _domain_shares(bound, values, len(options), rows)
            else:
                dom = _domain_mean(bound, values[rows], rows)
            with np.errstate(divide="ignore", invalid="ignore"):
                n_eff = np.where(
                    np.isfinite(dom.deff_replace), dom.n / dom.deff_replace, dom.n / dom.deff_kish
                )
            # a share the design fixes exactly (a stratum's, or a raked margin's) has no
            # sampling error: its remaining variance is rounding noise
            fixed = (dom.se <= _NO_VARIANCE) & (dom.estimate > 0) & (dom.estimate < 1)
            se = np.where(fixed, 0.0, dom.se)
            n_eff = np.where(fixed, np.inf, n_eff)
            deff = np.where(fixed, 0.0, dom.deff)
            # Each domain's own degrees of freedom, as R's svyby gives each group's
            # svyciprop its subset of the design (the whole design's were too many for a
            # group in few PSUs, and its intervals too narrow).
            low, high, used = _proportion_intervals(
                dom.estimate, se, n_eff, np.full(len(options), float(dom.n)),
                bound.domain_degf(rows), method, level,
            )  # fmt: skip
            for j, option in enumerate(options):
                records.append({
                    "group": label, "item": item, "option": option,
                    "estimate": dom.estimate[j], "se": se[j],
                    "ci_low": low[j], "ci_high": high[j], "method": used[j],
                    "deff": deff[j], "deff_kish": dom.deff_kish, "n": dom.n,
                    "n_eff": n_eff[j], "weighted_count": dom.weighted_count[j],
                    "weighted_base": dom.weighted_base,
                })  # fmt: skip
    # No group anyone is in (every group cell blank or missing): no rows, the same columns.
    return pd.DataFrame.from_records(records, columns=_ESTIMATE_COLUMNS)


_ESTIMATE_COLUMNS = (
    "group", "item", "option", "estimate", "se", "ci_low", "ci_high", "method", "deff",
    "deff_kish", "n", "n_eff", "weighted_count", "weighted_base",
)  # fmt: skip


@reads_rows
def estimate_proportions(
    data: pd.DataFrame,
    question: str,
    /,
    *,
    design: Design | None = None,
    survey: Any = None,
    by: str | tuple[str, ...] | None = None,
    options: Sequence[Any] | None = None,
    columns: Sequence[str] | None = None,
    method: DesignCIMethod = "wilson",
    level: float = 0.95,
    empty: EmptyPolicy = "skipped",
) -> Estimates:
    r"""Estimate the share choosing every option of a question, with design-based intervals.

    Single and ordinal questions give one share per option; a multi-response set (binary
    columns, from the codebook or `columns`) one share per option ticked; a grid one share
    per item and option.

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
        One row per respondent, with the design's columns.
    question : str
        The question (a column, or a codebook question id with `survey`).
    design : Design, optional
        The sample design; default: the codebook's ``[design]``, else unweighted.
    survey : Survey, optional
        The codebook, for options, multi-response columns and grid items.
    by : str or tuple of str, optional
        A column (or the columns of a nested banner, ``("region", "funder")``, whose
        groups are "North / CRC", ...) whose groups are domains: estimated within the
        full design, never by subsetting it. Rows with no group (a blank, or a missing
        marker such as ``"<skipped>"``) are in no domain: the groups are those of
        ``tt.frequencies(by=...)``.
    options : sequence, optional
        The options in display order (default: the codebook's, else sorted).
    columns : sequence of str, optional
        The binary columns of a multi-response set, without a codebook.
    method : {"wilson", "beta", "logit", "mean", "asin"}, default "wilson"
        The interval: Wilson's score interval on the effective base (well behaved at 0% and
        100%, and equal to :func:`tracktr.proportion_ci` without weights); or R
        ``svyciprop``'s ``"beta"`` (Korn–Graubard), ``"logit"``, ``"mean"``, ``"asin"``
        with t quantiles on the degrees of freedom of the domain: the PSUs less the strata
        of those who answered (in the group, with `by`), as R's
        ``svyby(~I(q == "Yes"), ~g, subset(design, !is.na(q)), svyciprop)``. At 0% or
        100%, ``"logit"`` and ``"asin"`` give Korn–Graubard's interval and say so in the
        ``method`` column; ``"mean"`` stops at 0 and 1, where R's may run past them.
        ``"beta"``'s correction :math:`(t_{n-1}/t_{df})^2` counts in `n` the respondents of
        the estimate (weight above 0); R counts ``nrow(design)``, rows weighted 0 too and,
        in a domain of a calibrated design, the whole sample (see the weighting guide).
    level : float, default 0.95
    empty : {"skipped", "answered"}, default "skipped"
        How a multi-response set reads a respondent who ticked nothing, as
        :func:`tracktr.multi_response` does: as having skipped the set (out of the base),
        or, for yes/no sets where "no" to every option is an answer, in the base. The set
        is read as the tables read it (binary, delimited or slot columns, exclusive
        options), so the shares are those of ``tt.multi_response`` on the same rows, and
        ``n`` its base less any respondents of weight 0 (R's count of a domain);
        respondents outside the base stay in the design (a domain, as for `by`).

    Returns
    -------
    Estimates

    Raises
    ------
    tracktr.QuestionNotFoundError, tracktr.UnknownValueError, tracktr.MultiResponseError
        For a missing column, an answer outside the options, a non-binary tick, or an
        option of pooled waves asked of some of a group's respondents and not of others
        (``"<not asked>"``; an option asked of none of a group's respondents has no
        estimate there, NaN, and a note says so, as the tables print ``n/a``).
    tracktr.InvalidWeightsError, tracktr.InvalidOptionError
        For a design that does not fit the data (see :meth:`~tracktr.Design.bind`); for rows of
        waves pooled with an id that hold one organisation twice in a domain, in different
        primary sampling units (cluster the design on the id, or estimate by wave).

    See Also
    --------
    tracktr.frequencies : the weighted counts, without standard errors.
    tracktr.design.chisq : the Rao–Scott test of a weighted table.

    Notes
    -----
    A share :math:`\hat p = \sum_i w_i y_i / \sum_i w_i` over the domain has linearised
    scores :math:`z_i = w_i (y_i - \hat p) / \sum w`; its variance is that of their PSU
    totals within strata. ``deff`` compares it with simple random sampling without
    replacement when the design has an fpc (R's ``deff=TRUE``), with replacement otherwise;
    ``deff_kish`` is :math:`n \sum w^2 / (\sum w)^2`, the part due to weighting alone;
    ``n_eff`` is ``n`` over the with-replacement design effect (the Kish base when the
    share is 0 or 1 and the design effect is undefined).

    References
    ----------
    Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for proportions with small
    expected number of positive counts estimated from survey data. *Survey Methodology*
    24(2), 193–201.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({
    ...     "income": ["Small", "Small", "Large", "Small", "Large", "Small"],
    ...     "region": ["N", "N", "N", "S", "S", "S"],
    ...     "w": [2.0, 2.0, 1.0, 1.5, 1.0, 1.5],
    ... })
    >>> est = tt.design.estimate_proportions(df, "income", design=tt.Design(weights="w",
    ...     strata="region"))
    >>> est.to_frame()[["option", "estimate", "ci_low", "ci_high"]].round(3)
      option  estimate  ci_low  ci_high
    0  Large     0.222   0.050    0.608
    1  Small     0.778   0.392    0.950
    """
    method = check_choice(method, DesignCIMethod, name="method")  # type: ignore[assignment]
    level = _check_level(level)
    design = _resolve(design, survey)
    data, by = nested_by(data, by, survey)  # ('region', 'funder') groups
    bound = design.bind(data)
    spec = _spec(data, question, survey, columns)
    _require(data, spec.columns, question)
    group, labels = _groups(data, by, survey)
    order = list(options) if options is not None else list(spec.options)
    items: list[tuple[Any, npt.NDArray[Any], npt.NDArray[np.bool_], list[Any]]] = []
    gaps: list[tuple[Any, Any]] = []
    if spec.type == "multi":
        empty = check_choice(empty, EmptyPolicy, name="empty")  # type: ignore[assignment]
        values, answered, set_options, gaps = _tick_set(
            data, question, survey, columns, order, group, labels, empty
        )
        items.append((question, values, answered, set_options))
    elif spec.type == "grid":
        for item, column in zip(spec.items or spec.columns, spec.columns, strict=True):
            codes, answered, found = _option_codes(data[column], order, question)
            items.append((item, codes, answered, found))
    elif spec.type in ("single", "ordinal"):
        codes, answered, found = _option_codes(data[spec.columns[0]], order, question)
        items.append((question, codes, answered, found))
    else:
        msg = f"question {question!r} is {spec.type}: shares need a categorical question."
        hint = "Hint: use tt.design.estimate_means for a numeric question."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    if not any(answered.any() for _, _, answered, _ in items):
        msg = f"question {question!r}: nobody answered, so there is no share to estimate."
        hint = "Hint: check the column, and that the routing asked someone."
        raise InvalidBaseError(f"{msg}\n\n{hint}")
    for _, _, answered, _ in items:
        bound.refuse_repeated_in_domains(
            data, answered, group, function="estimate_proportions", by=by
        )
    frame = _estimate_items(bound, items, group, labels, method, level)
    frame = _without_gaps(frame, gaps)
    if spec.type != "grid":
        frame = frame.drop(columns="item")
    if by is None:
        frame = frame.drop(columns="group")
    base = spec.base_description or "respondents who answered"
    if spec.type == "multi" and empty == "answered":
        base += " (ticking nothing counted as an answer)"
    notes = (
        f"Design: {design.describe()}.",
        f"Base: {base}.",
        *_gap_notes(gaps, by),
        *no_group_notes(data.index, _any_answered(items, len(data)), group, by),
        *precision_notes(frame),
    )
    return Estimates(question, "proportion", design, method, level, bound.degf, frame, notes)

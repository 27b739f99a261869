"""Weights that make a sample match its population: raking, calibration, trimming, diagnostics.

- :func:`~tracktr.weights.rake`: iterative proportional fitting to population margins given as
  counts or shares (R survey's ``rake``), with bounds on the adjustment and trimming of the weights;
- :func:`~tracktr.weights.calibrate`: linear (GREG) or logit (bounded) calibration to category
  counts and numeric totals (R survey's ``calibrate``);
- :func:`trim`: weights trimmed to limits, the amount trimmed shared equally over the
  others (R survey's ``trimWeights``);
- :func:`diagnostics`: the range, spread, Kish design effect due to weighting, efficiency
  and effective base of a set of weights.

A margin that the sample cannot meet (a category with population but no respondents) or
shares that do not sum to 1 are errors, never NaN weights. Each weighting function returns a
:class:`Weighting`, whose ``weights`` go into ``tt.Design(weights=...)`` after being added to
the frame.

Examples
--------
>>> import pandas as pd
>>> import tracktr as tt
>>> df = pd.DataFrame({"income": ["Small", "Large", "Large", "Large"]})
>>> result = tt.weights.rake(df, {"income": {"Small": 0.83, "Large": 0.17}})
>>> result.weights.round(3).tolist()
[3.32, 0.227, 0.227, 0.227]
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._columns import refuse_repeated_columns
from tracktr._margins import _Margin, _margin, _targets
from tracktr._numbers import (
    WEIGHT_RANGE,
    float_cells,
    parse_number,
    refuse_weight_range,
    where_in,
)
from tracktr._raking import bounded_rake_step, ratios
from tracktr.exceptions import (
    InvalidCountsError,
    InvalidDataError,
    InvalidOptionError,
    InvalidWeightsError,
    QuestionNotFoundError,
    TracktrWarning,
)
from tracktr.typing import CalibrationMethod, check_choice

__all__ = ["WeightDiagnostics", "Weighting", "calibrate", "diagnostics", "rake", "trim"]


@dataclass(frozen=True, slots=True, repr=False)
class WeightDiagnostics:
    r"""How uneven a set of weights is, and what that costs in precision.

    Attributes
    ----------
    n : int
        Respondents.
    zero : int
        Respondents with weight 0.
    minimum, maximum, mean : float
    ratio : float
        Largest over smallest positive weight (inf when that is beyond a float).
    cv : float
        Coefficient of variation of the weights (population form).
    deff_kish : float
        Kish's design effect due to weighting, :math:`n \sum w^2 / (\sum w)^2 = 1 + cv^2`.
    efficiency : float
        ``1 / deff_kish``: the share of the sample's information the weights keep.
    n_eff : float
        The effective base, :math:`(\sum w)^2 / \sum w^2`.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.weights.diagnostics([1.0, 1.0, 2.0, 4.0])
    WeightDiagnostics(n=4, weights 1 to 4 (ratio 4), deff_kish 1.375, efficiency 73%, n_eff 2.9)
    """

    n: int
    zero: int
    minimum: float
    maximum: float
    mean: float
    ratio: float
    cv: float
    deff_kish: float
    efficiency: float
    n_eff: float

    def __repr__(self) -> str:
        from tracktr.rounding import format_percent

        share = format_percent(100 * self.efficiency) if math.isfinite(self.efficiency) else "n/a"
        return (
            f"WeightDiagnostics(n={self.n}, weights {self.minimum:.3g} to {self.maximum:.3g} "
            f"(ratio {self.ratio:.3g}), deff_kish {self.deff_kish:.3f}, efficiency {share}, "
            f"n_eff {self.n_eff:.1f})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the diagnostics as a one-row DataFrame.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.weights.diagnostics([1.0, 1.0, 2.0, 4.0]).to_frame()["deff_kish"].tolist()
        [1.375]
        """
        names = ("n", "zero", "minimum", "maximum", "mean", "ratio", "cv", "deff_kish",
                 "efficiency", "n_eff")  # fmt: skip
        return pd.DataFrame([{name: getattr(self, name) for name in names}])


def _weight_array(weights: Any, name: str = "weights") -> npt.NDArray[np.float64]:
    # Cell by cell where needed: float() reads True as 1 and "2" as 2, silently.
    values = float_cells(weights, name=name, error=InvalidWeightsError)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        where = where_in(weights, np.flatnonzero(bad)[:20].tolist())
        shown = values[bad][:5].tolist()
        msg = f"`{name}` must be finite and not negative; {where} are not (they hold {shown})."
        hint = "Hint: give every respondent a weight (0 leaves one out on purpose)."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    # Their sum must not overflow; tiny weights are measured free of scale (diagnostics).
    if math.fsum(values) > WEIGHT_RANGE[1]:
        msg = f"`{name}` sum to more than {WEIGHT_RANGE[1]:g}: their squares would overflow."
        hint = "Hint: rescale the weights (divide them by their mean)."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    return values


def diagnostics(weights: Sequence[float] | pd.Series | npt.NDArray[Any]) -> WeightDiagnostics:
    """Describe a set of weights: range, spread, design effect due to weighting, efficiency.

    Parameters
    ----------
    weights : array-like
        Finite, not negative.

    Returns
    -------
    WeightDiagnostics

    Raises
    ------
    tracktr.InvalidWeightsError
        For negative, missing or infinite weights, or all zero.

    References
    ----------
    Kish, L. (1992). Weighting for unequal Pi. *Journal of Official Statistics* 8(2),
    183–200.

    Examples
    --------
    >>> import tracktr as tt
    >>> round(tt.weights.diagnostics([1.0, 1.0, 1.0, 3.0]).efficiency, 3)
    0.75
    """
    w = _weight_array(weights)
    total = float(w.sum())
    if total <= 0:
        msg = "weights are all zero: nobody is counted." if len(w) else "`weights` is empty."
        raise InvalidWeightsError(msg)
    positive = w[w > 0]
    n = len(w)
    # Measured on w / max(w): each measure is free of scale, and squares of 1e-300 weights
    # (as raking can leave) underflowed to 0 and divided by it.
    u = w / float(w.max())
    u_total = float(u.sum())
    deff = n * float(u @ u) / u_total**2
    cv = float(np.sqrt(np.mean((u - u_total / n) ** 2)) / (u_total / n))
    with np.errstate(over="ignore"):  # a weight near 0 makes the ratio infinite
        ratio = float(np.float64(positive.max()) / np.float64(positive.min()))
    return WeightDiagnostics(
        n, int(n - len(positive)), float(w.min()), float(w.max()), total / n,
        ratio, cv, deff, 1 / deff, u_total**2 / float(u @ u),
    )  # fmt: skip


@dataclass(frozen=True, slots=True, repr=False)
class Weighting:
    """Weights made by raking or calibration, with a report on how they fit.

    :func:`~tracktr.weights.rake` and :func:`~tracktr.weights.calibrate` return it.

    Attributes
    ----------
    weights : pandas.Series
        One weight per row of the data, on its index.
    method : str
        ``"rake"``, ``"linear"`` or ``"logit"``.
    converged : bool
        Whether every margin is met within the tolerance.
    iterations : int
    max_error : float
        The largest gap between a weighted margin and its target, as a share of the
        population total (a numeric total's gap: as a share of that total).
    margins : pandas.DataFrame
        One row per margin category: ``margin``, ``category``, ``target``, ``achieved``,
        ``sample_count``, ``sample_share``, ``population_share``.
    diagnostics : WeightDiagnostics
    model : object
        What :meth:`residualise` needs: the margins' codes (raking) or the calibration
        model matrix, ratios and starting weights.

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"region": ["N", "S", "S"]})
    >>> tt.weights.rake(df, {"region": {"N": 50, "S": 50}})
    Weighting(rake: converged in 1 iteration(s), max error 0; weights 25 to 50, deff_kish 1.125)
    """

    weights: pd.Series
    method: str
    converged: bool
    iterations: int
    max_error: float
    margins: pd.DataFrame
    diagnostics: WeightDiagnostics
    model: Any = field(default=None, compare=False)

    def __repr__(self) -> str:
        state = "converged" if self.converged else "did NOT converge"
        d = self.diagnostics
        return (
            f"Weighting({self.method}: {state} in {self.iterations} iteration(s), max error "
            f"{self.max_error:.2g}; weights {d.minimum:.3g} to {d.maximum:.3g}, "
            f"deff_kish {d.deff_kish:.3f})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Return the margins: target against achieved, sample against population shares.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"region": ["N", "S", "S"]})
        >>> tt.weights.rake(df, {"region": {"N": 0.5, "S": 0.5}}).to_frame()[
        ...     ["category", "sample_share", "population_share"]].round(3)
          category  sample_share  population_share
        0        N         0.333               0.5
        1        S         0.667               0.5
        """
        return self.margins.copy()

    def residualise(self, scores: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Adjust linearised scores (rows x k) for the weighting, as R survey does.

        Raked weights: ten sweeps that remove, margin by margin, each category's mean of
        ``score / weight`` (R's ``svyrecvar`` for a ``rake()`` design). Calibrated weights:
        the residual of ``score / (g sqrt(w0))`` on the model matrix times ``sqrt(w0)``,
        times ``g sqrt(w0)`` (R's ``greg_calibration``). Estimates then have the smaller
        variance that matching the population margins buys. Used by
        :class:`tracktr.Design` when given ``calibration=``.

        Examples
        --------
        >>> import numpy as np
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"region": ["N", "S", "S", "N"]})
        >>> raked = tt.weights.rake(df, {"region": {"N": 0.5, "S": 0.5}})
        >>> raked.residualise(np.array([[1.0], [2.0], [4.0], [3.0]])).ravel().tolist()
        [-1.0, -1.0, 1.0, 1.0]
        """
        x = np.asarray(scores, dtype=np.float64)
        w = self.weights.to_numpy()
        if self.method == "rake":
            # A row weighted 0 is in no margin's sample (R's rake() on the rows without it
            # gives the same weights): it neither counts in a category's mean nor takes a
            # share of it. Counted, its share of -mean made a score of a row that weighs
            # nothing, and the se moved (24.142 for 24.151 on apiclus1, 4 schools at 0).
            weighed = w > 0
            safe = np.where(weighed, w, 1.0)
            spread = np.where(weighed, w, 0.0)
            for _ in range(10):
                for codes, size in self.model:
                    counts = np.bincount(codes, weights=weighed, minlength=size)
                    ratio = x / safe[:, None]
                    for j in range(x.shape[1]):  # over score columns, not rows
                        means = np.bincount(codes, weights=ratio[:, j], minlength=size)
                        x[:, j] = x[:, j] - spread * (means / np.maximum(counts, 1))[codes]
            return x
        matrix, ratio, start = self.model
        root = np.sqrt(start)
        scale = np.where(ratio * root > 0, ratio * root, 1.0)
        design = matrix * root[:, None]
        u = x / scale[:, None]
        beta = np.linalg.lstsq(design, u, rcond=None)[0]
        residual: npt.NDArray[np.float64] = (u - design @ beta) * scale[:, None]
        return residual


def _rows(data: object, columns: Sequence[object], *, function: str) -> pd.DataFrame:
    """Return `data` if it is pandas, else the named columns of an engine frame, read in.

    Raking and calibration change every respondent's weight, so they need the rows; an
    engine frame's weights come back on a 0-based index, in the frame's order.
    """
    from tracktr._engine import collect, is_engine_frame, native_frame

    data = native_frame(data)  # (a narwhals frame is read as the frame it wraps)
    if isinstance(data, pd.DataFrame):
        return data

    if not is_engine_frame(data):
        msg = f"{function}() needs a data frame of respondents; got a {type(data).__name__}."
        hint = "Hint: pass the responses (pandas, polars, DuckDB...), one row per respondent."
        raise InvalidDataError(f"{msg}\n\n{hint}")
    names = [str(c) for c in columns if isinstance(c, str)]
    return collect(data, names, doing=f"reading the rows to {function}")


def _refuse_pooled_waves(data: pd.DataFrame, function: str) -> None:
    """Refuse rows of several waves pooled by :func:`tracktr.waves.pool`.

    Raked together, the stacked waves meet each margin only on their sum: with 50% and 20%
    small organisations in two waves' samples, weights raked to 83% small made one wave 90%
    small and the other 69%, and the trend showed a change of the weighting variable itself.
    """
    from tracktr._pooled import pool_mark

    mark = pool_mark(data)
    column = mark.get("wave") if mark is not None else None
    if not isinstance(column, str) or column not in data.columns:
        return
    held = [w for w in pd.unique(data[column].astype(object)) if not pd.isna(w)]
    if len(held) < 2:
        return
    msg = (
        f"{function}() was given the rows of {len(held)} pooled waves {held[:5]}: weighted "
        "together, they would meet each margin only on all the waves at once, not in any "
        "one wave."
    )
    hint = (
        f"Hint: weight each wave to its own margins, e.g. pd.concat([tt.weights.{function}("
        "pooled.wave(w), margins).weights for w in pooled.waves]), and add the result to "
        "pooled.data as its weight column."
    )
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def _refuse_weightless(
    margins: Sequence[_Margin], start: npt.NDArray[np.float64], index: pd.Index, weights: object
) -> None:
    """Refuse a category with population whose respondents all start with weight zero.

    No factor can lift a sum of zero weights to the category's population: raking used to
    run its iterations and warn that the margins were not met.
    """
    for margin in margins:
        sums = np.bincount(margin.codes, weights=start, minlength=len(margin.labels))
        stuck = np.flatnonzero((sums == 0) & (np.asarray(margin.values) > 0))
        if stuck.size == 0:
            continue
        labels = [margin.labels[k] for k in stuck]
        rows = list(index[np.isin(margin.codes, stuck)][:20])
        msg = (
            f"margin {margin.column!r}: every respondent in {labels} (rows {rows}) has a "
            f"starting weight of 0 in {weights!r}, so no weights can reproduce its population."
        )
        hint = "Hint: check the starting weights, or collapse the category with a neighbour."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")


def _start(data: pd.DataFrame, weights: str | None) -> npt.NDArray[np.float64]:
    if weights is None:
        return np.ones(len(data))
    if weights not in data.columns:
        msg = f"weights {weights!r} is not a column of the data."
        raise QuestionNotFoundError(msg)
    refuse_repeated_columns(data.columns, [weights], what=f"weights {weights!r}")
    start = _weight_array(data[weights], weights)
    # raking and calibration square the starting weights: 1e-300 underflowed to 0
    refuse_weight_range(start, data.index, name=f"weights {weights!r}")
    if start.sum() <= 0:
        raise InvalidWeightsError(f"weights {weights!r} are all zero.")
    return start


def _limits(
    start: npt.NDArray[np.float64],
    bounds: tuple[float, float] | None,
    trim_to: tuple[float | None, float | None] | None,
    index: pd.Index,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None:
    if bounds is None and trim_to is None:
        return None
    low = np.zeros_like(start)
    high = np.full_like(start, np.inf)
    if bounds is not None:
        b_low, b_high = _pair(bounds, "bounds", infinite=True)
        if not 0 <= b_low <= 1 <= b_high:
            msg = f"`bounds` must be (low, high) with 0 <= low <= 1 <= high; got {bounds!r}."
            hint = "Hint: bounds limit the ratio of new to starting weight, e.g. (0.5, 3)."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        low, high = start * b_low, start * b_high
    if trim_to is not None:
        t_low, t_high = _pair(trim_to, "trim", infinite=True, open_ends=True)
        if t_low is not None and t_high is not None and t_low > t_high:
            msg = f"`trim` {trim_to!r}: the lower limit ({t_low:g}) is above the upper ({t_high:g})"
            hint = f"Hint: swap them: trim=({t_high:g}, {t_low:g})."
            raise InvalidOptionError(f"{msg}.\n\n{hint}")
        if t_low is not None:
            # A starting weight of 0 leaves a respondent out on purpose: a lower trim limit
            # lifted it to the limit, counting the respondent after all.
            low = np.where(start > 0, np.maximum(low, t_low), low)
        if t_high is not None:
            high = np.minimum(high, t_high)
    if (low > high).any():
        rows = index[low > high][:10].tolist()
        msg = (
            f"`bounds` {bounds!r} and `trim` {trim_to!r} leave no room for the weights of "
            f"rows {rows}: their lower limit is above their upper."
        )
        hint = "Hint: widen `bounds` or `trim` so that each weight has a value it may take."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    return low, high


def _number(value: Any, name: str, *, infinite: bool = False, optional: bool = False) -> float:
    """Read `value` as a float, refused unless it is a number (True is no tolerance of 1)."""
    kind = ("a number" if infinite else "a finite number") + (" or None" if optional else "")
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        msg = f"`{name}` must be {kind}; got {value!r} ({type(value).__name__})."
        raise InvalidOptionError(msg)
    number = float(value)
    if math.isnan(number) or (math.isinf(number) and not infinite):
        raise InvalidOptionError(f"`{name}` must be {kind}; got {value!r}.")
    return number


def _pair(
    value: Any, name: str, *, infinite: bool = False, open_ends: bool = False
) -> tuple[Any, Any]:
    """Read a (low, high) option as two floats (None kept where an end may be open)."""
    if isinstance(value, str | bytes) or np.ndim(value) != 1 or len(value) != 2:
        msg = f"`{name}` must be a pair (low, high); got {value!r}."
        raise InvalidOptionError(f"{msg}\n\nHint: e.g. {name}=(0.5, 3.0).")
    return tuple(  # type: ignore[return-value]
        None
        if open_ends and end is None
        else _number(end, name, infinite=infinite, optional=open_ends)
        for end in value
    )


def _report(  # noqa: PLR0917  (private, one caller; names at the call)
    index: pd.Index,
    w: npt.NDArray[np.float64],
    margins: list[_Margin],
    targets: list[npt.NDArray[np.float64]],
    total: float,
    method: str,
    converged: bool,
    iterations: int,
    model: Any,
    numeric_error: float = 0.0,
    *,
    stalled: bool = False,
) -> Weighting:
    records = []
    error = numeric_error
    n = len(w)
    for margin, target in zip(margins, targets, strict=True):
        achieved = np.bincount(margin.codes, weights=w, minlength=len(margin.labels))
        counts = np.bincount(margin.codes, minlength=len(margin.labels))
        error = max(error, float(np.abs(achieved - target).max()) / total)
        for k, label in enumerate(margin.labels):
            records.append({
                "margin": margin.column, "category": label, "target": float(target[k]),
                "achieved": float(achieved[k]), "sample_count": int(counts[k]),
                "sample_share": counts[k] / n, "population_share": float(target[k]) / total,
            })  # fmt: skip
    if not converged:
        scale = "" if method == "rake" else ", or of a numeric total"
        msg = (
            f"{method} did not meet the margins after {iterations} iterations (largest gap "
            f"{error:.3g} of the population{scale}); the weights are the last iterate."
        )
        hint = (
            "Hint: loosen `bounds`/`trim` (within these limits, more iterations change "
            "nothing); `converged` is False."
            if stalled
            else "Hint: loosen `bounds`/`trim` or raise `max_iter`; `converged` is False."
        )
        warnings.warn(f"{msg} {hint}", TracktrWarning, stacklevel=3)
    series = pd.Series(w, index=index, name="weight")
    return Weighting(series, method, converged, iterations, error, pd.DataFrame(records),
                     diagnostics(w), model)  # fmt: skip


def rake(
    data: Any,
    margins: Mapping[str, Mapping[Any, float] | pd.Series],
    /,
    *,
    weights: str | None = None,
    population: float | None = None,
    bounds: tuple[float, float] | None = None,
    trim: tuple[float | None, float | None] | None = None,
    max_iter: int = 100,
    tol: float = 1e-10,
) -> Weighting:
    r"""Rake weights to population margins by iterative proportional fitting.

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
        One row per respondent, with a column per margin. A polars, DuckDB, pyarrow, Dask
        or Spark frame is read in (the margins' and weights' columns only); its weights
        come back on a 0-based index in the frame's order.
    margins : mapping
        Column -> {category: population count or share} (a mapping, a pandas Series, or a
        one-column :class:`tracktr.Table` of population counts, such as a published table
        of income bands; its ``"All"`` column when it has groups). Every category of the
        data must be listed. A margin is read as **shares** when its values sum to 1
        (they are multiplied by the population total), and as **counts** -- population
        totals, as R survey's ``rake`` and ``calibrate`` take them -- otherwise: so
        ``{"a": 1, "b": 1, "c": 1}`` is counts of a population of 3. All count margins
        of one call must have the same total (and equal `population` when it is given).
        A margin whose values are all at most 1, with a fraction among them, that does
        not sum to 1 (``{"a": 0.5, "b": 0.4}``) could be either and is refused.
    weights : str, optional
        A column of starting (design) weights; default 1 for everyone.
    population : float, optional
        The population total for share margins (default: the count margins' total, else
        the sum of the starting weights).
    bounds : (float, float), optional
        Limits on the ratio of raked to starting weight: the weights of R's
        ``calibrate(..., calfun = "raking", bounds = c(low, high))``.
    trim : (float or None, float or None), optional
        Limits on the raked weights themselves; raking continues within them, so the
        margins still hold when the limits allow it. A starting weight of 0 stays 0.
    max_iter : int, default 100
        Full cycles over the margins.
    tol : float, default 1e-10
        Convergence: every margin met within `tol` times the population total.

    Returns
    -------
    Weighting
        The weights (on the data's index), whether and when they converged, the margins
        achieved and the weights' diagnostics. A ``UserWarning`` is issued when the margins
        are not met.

    Raises
    ------
    tracktr.InvalidOptionError
        A category with population but no respondents, respondents in a category with no
        population, an ambiguous margin (values at most 1 not summing to 1), a margin of
        zeros, disagreeing totals, or impossible bounds; the rows of several waves pooled
        by :func:`tracktr.waves.pool` (weight each wave alone: ``pooled.wave(name)``).
    tracktr.UnknownValueError
        Respondents in a category the margin does not list (the rows are named).
    tracktr.InvalidCountsError, tracktr.InvalidWeightsError
        Negative or missing margin values or starting weights; a category with population
        whose respondents all start with weight 0.
    tracktr.InvalidDataError
        If `data` is not a data frame.

    See Also
    --------
    calibrate : linear or logit calibration, also to numeric totals.

    Notes
    -----
    Each cycle multiplies the weights of every category of each margin in turn by
    target / weighted count (Deming & Stephan 1940). With bounds or trimming, each
    respondent's ratio to its starting weight is :math:`g = \min(\max(e^{u}, L), U)`, ``u``
    the sum of one multiplier per margin, and each cycle solves every margin's
    multipliers in turn with the weights so clipped (R's bounded raking, Deville &
    Särndal 1992); trimming's limits on the weights are limits on ``g`` too. The limit
    does not depend on the order of the margins, with or without limits. Within limits
    the margins cannot meet, raking stops when the weights stop changing.

    References
    ----------
    Deming, W. E. & Stephan, F. F. (1940). On a least squares adjustment of a sampled
    frequency table when the expected marginal totals are known. *Annals of Mathematical
    Statistics* 11(4), 427–444. doi:10.1214/aoms/1177731829

    Examples
    --------
    The 2016 report's comparison: 83% of charities have an income of £100,000 or less.

    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"income": ["£100k or less"] * 35 + ["over £100k"] * 116})
    >>> raked = tt.weights.rake(df, {"income": {"£100k or less": 0.83, "over £100k": 0.17}},
    ...                         population=160045)
    >>> raked.to_frame()[["category", "sample_share", "achieved"]].round(3)
            category  sample_share   achieved
    0  £100k or less         0.232  132837.35
    1     over £100k         0.768   27207.65
    >>> round(raked.diagnostics.efficiency, 2)
    0.33
    """
    if not isinstance(margins, Mapping) or not margins:
        msg = "`margins` must map at least one column to its population counts or shares."
        raise InvalidOptionError(msg)
    _check_iterations(max_iter, tol)
    data = _rows(data, [*margins, weights], function="rake")
    _refuse_pooled_waves(data, "rake")
    start = _start(data, weights)
    refuse_repeated_columns(data.columns, list(margins), what="rake()")
    parsed = [_margin(data, column, raw) for column, raw in margins.items()]
    _refuse_weightless(parsed, start, data.index, weights)
    targets, total = _targets(parsed, population, start)
    limits = _limits(start, bounds, trim, data.index)
    w = start.copy()
    converged = False
    iteration = 0
    # Within limits, each margin's multipliers are solved with the weights clipped (R's
    # bounded raking): clipping after each cycle stopped at a point that depended on the
    # order of the margins.
    bounded = None if limits is None else ratios(start, limits[0], limits[1])
    before = w
    u, etas = np.zeros(len(start)), [np.zeros(len(m.labels)) for m in parsed]
    pairs = [(m.codes, t) for m, t in zip(parsed, targets, strict=True)]
    for iteration in range(1, max_iter + 1):  # noqa: B007  (reported after the loop)
        if bounded is not None:
            before = w
            u, w = bounded_rake_step(start, u, etas, pairs, bounded[0], bounded[1])
        else:
            for codes, target in pairs:
                sums = np.bincount(codes, weights=w, minlength=len(target))
                with np.errstate(divide="ignore", invalid="ignore"):
                    factor = np.where(sums > 0, target / sums, 0.0)
                w = w * factor[codes]
        error = max(
            float(np.abs(np.bincount(m.codes, weights=w, minlength=len(m.labels)) - t).max())
            for m, t in zip(parsed, targets, strict=True)
        )
        if error <= tol * total:
            converged = True
            break
        if bounded is not None and np.array_equal(w, before):
            break  # a fixed point short of the margins: more cycles change nothing
    model = [(m.codes, len(m.labels)) for m in parsed]
    stalled = not converged and iteration < max_iter
    return _report(data.index, w, parsed, targets, total, "rake", converged, iteration, model,
                   stalled=stalled)  # fmt: skip


def _check_iterations(max_iter: Any, tol: Any) -> None:
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 1:
        msg = f"`max_iter` must be a whole number above 0; got {max_iter!r}."
        raise InvalidOptionError(msg)
    if not _number(tol, "tol") > 0:
        msg = f"`tol` must be a positive number; got {tol!r}."
        raise InvalidOptionError(msg)


def calibrate(
    data: Any,
    totals: Mapping[str, Any],
    /,
    *,
    weights: str | None = None,
    method: CalibrationMethod = "linear",
    bounds: tuple[float, float] | None = None,
    population: float | None = None,
    max_iter: int = 50,
    tol: float = 1e-10,
) -> Weighting:
    """Calibrate weights to population counts of categories and totals of numeric columns.

    Parameters
    ----------
    data : pandas.DataFrame or an engine's frame
        One row per respondent (an engine's frame is read in, as by :func:`~tracktr.weights.rake`).
    totals : mapping
        Column -> {category: count or share} for a categorical margin (as
        :func:`~tracktr.weights.rake`: shares when they sum to 1, counts otherwise), or column -> a
        number, the population total of a numeric column.
    weights : str, optional
        Starting (design) weights; default 1.
    method : {"linear", "logit"}, default "linear"
        ``"linear"``: GREG, the closest weights in chi-square distance (may be negative
        far from the start); ``"logit"``: the ratio to the starting weights stays within
        `bounds` (Deville & Särndal 1992), found by Newton's method.
    bounds : (float, float), optional
        ``(low, high)`` with ``low < 1 < high``; required by ``"logit"``.
    population : float, optional
        The population total for share margins.
    max_iter : int, default 50
    tol : float, default 1e-10

    Returns
    -------
    Weighting

    Raises
    ------
    tracktr.InvalidOptionError
        As :func:`~tracktr.weights.rake`; also ``"logit"`` without bounds, bounds with
        ``"linear"``, or linear calibration that would make a weight negative.

    References
    ----------
    Deville, J.-C. & Särndal, C.-E. (1992). Calibration estimators in survey sampling.
    *JASA* 87(418), 376–382. doi:10.1080/01621459.1992.10475217

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"size": ["Small", "Small", "Large", "Large"],
    ...                    "staff": [1.0, 3.0, 10.0, 30.0]})
    >>> cal = tt.weights.calibrate(df, {"size": {"Small": 60, "Large": 40}, "staff": 900.0})
    >>> cal.weights.round(2).tolist()
    [30.1, 29.9, 20.99, 19.01]
    >>> cal.to_frame()[["category", "target", "achieved"]].round(6)
      category  target  achieved
    0    Small    60.0      60.0
    1    Large    40.0      40.0
    """
    method = check_choice(method, CalibrationMethod, name="method")  # type: ignore[assignment]
    _check_iterations(max_iter, tol)
    if not isinstance(totals, Mapping) or not totals:
        msg = "`totals` must map at least one column to its population counts or total."
        raise InvalidOptionError(msg)
    _check_calibration(method, bounds)
    data = _rows(data, [*totals, weights], function="calibrate")
    _refuse_pooled_waves(data, "calibrate")
    start = _start(data, weights)
    refuse_repeated_columns(data.columns, list(totals), what="calibrate()")
    categorical = {c: v for c, v in totals.items() if isinstance(v, Mapping | pd.Series)}
    parsed = [_margin(data, column, raw) for column, raw in categorical.items()]
    _refuse_weightless(parsed, start, data.index, weights)
    targets, total = _targets(parsed, population, start)
    columns = [np.eye(len(m.labels))[m.codes] for m in parsed]
    wanted = list(targets)
    for column, value in totals.items():
        if column not in categorical:
            x, number = _numeric_total(data, column, value)
            columns.append(x[:, None])
            wanted.append(np.array([number]))
    if not parsed:
        # without a categorical margin, the population size is a constraint of its own
        columns.append(np.ones((len(data), 1)))
        wanted.append(np.array([total if population is not None else float(start.sum())]))
    x_matrix = np.hstack(columns)
    target = np.concatenate(wanted)
    _refuse_overflow(x_matrix, start, [c for c in totals if c not in categorical])
    scale = max(float(np.abs(target).max()), 1.0)
    g, converged, iteration = _solve(x_matrix, start, target, method, bounds, max_iter, tol)
    w = start * g
    if method == "linear":
        names = [f"{m.column}={label!r}" for m in parsed for label in m.labels]
        names += [str(c) for c in totals if c not in categorical]
        names += [] if parsed else ["population"]
        _refuse_contradiction(x_matrix.T @ w, target, names, tol * scale * 10)
    negative = w < 0
    if negative.any():
        rows = list(data.index[negative][:20])
        msg = (
            f"linear calibration gives negative weights to rows {rows}: the totals are far "
            "from what the sample can reach with positive weights."
        )
        hint = 'Hint: use method="logit" with bounds, or check the totals.'
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    w[np.abs(w) < 1e-12 * float(np.abs(w).max())] = 0.0
    if converged:
        converged = float(np.abs(x_matrix.T @ w - target).max()) <= tol * scale * 10
    model = (x_matrix, g, start)
    # the numeric totals' columns follow the categories' (and the population's, if alone)
    first = sum(len(m.labels) for m in parsed)
    return _report(data.index, w, parsed, targets, total, method, converged, iteration, model,
                   _relative_gap(x_matrix[:, first:], w, target[first:]))  # fmt: skip


def _refuse_contradiction(
    achieved: npt.NDArray[np.float64],
    target: npt.NDArray[np.float64],
    names: list[str],
    tolerance: float,
) -> None:
    """Raise where linear calibration's one solve missed totals: they contradict each other.

    Linear calibration solves its equations exactly when any weights can meet the totals,
    so a gap means no weights can (a column of ones given a total other than the
    population): more iterations or looser limits, which the warning advised, cannot help.
    """
    missed = np.flatnonzero(np.abs(achieved - target) > tolerance)
    if not len(missed):
        return
    listed = "; ".join(
        f"{names[i]}: total {target[i]:g}, reached {achieved[i]:g}" for i in missed[:10]
    )
    msg = f"linear calibration cannot meet these totals together ({listed})."
    hint = (
        "Hint: the totals contradict each other: check that they describe one population "
        "(a column that is 1 for everyone must be given the population size)."
    )
    raise InvalidCountsError(f"{msg}\n\n{hint}")


def _numeric_total(
    data: pd.DataFrame, column: Any, value: Any
) -> tuple[npt.NDArray[np.float64], float]:
    """Return a numeric calibration column and its population total, both checked."""
    if column not in data.columns:
        raise QuestionNotFoundError(f"total {column!r} is not a column of the data.")
    number = "not_numeric" if isinstance(value, str) else parse_number(value)
    if isinstance(number, str):  # True/False, text, NaN and infinity are no total
        msg = f"the total of {column!r} must be a finite number or a mapping; got {value!r}."
        raise InvalidOptionError(msg)
    x = float_cells(data[column], name=str(column), error=InvalidCountsError)
    if not np.isfinite(x).all():
        # Blank cells (NaN) are the usual case: "must be numeric" named no value and no fix.
        bad = ~np.isfinite(x)
        rows = list(data.index[bad][:20])
        shown = list(dict.fromkeys(x[bad].tolist()))
        msg = (
            f"calibration column {column!r} has no finite number in rows {rows} (they hold "
            f"{shown}): they cannot be weighted to its total of {float(number):g}."
        )
        hint = (
            "Hint: impute the missing values, or calibrate only to margins every respondent "
            "has; a respondent left out of a total would still carry a weight."
        )
        raise InvalidCountsError(f"{msg}\n\n{hint}")
    return x, float(number)


def _relative_gap(
    x: npt.NDArray[np.float64], w: npt.NDArray[np.float64], target: npt.NDArray[np.float64]
) -> float:
    """Return the largest gap of the weighted totals of `x` from `target`, as a share of it."""
    gaps = np.abs(x.T @ w - target)
    return float((gaps / np.maximum(np.abs(target), 1.0)).max(initial=0.0))


def _refuse_overflow(
    x: npt.NDArray[np.float64], start: npt.NDArray[np.float64], numeric: list[Any]
) -> None:
    """Refuse numeric columns whose weighted cross-products leave the range of a float."""
    with np.errstate(over="ignore", invalid="ignore"):
        moments = (x * start[:, None]).T @ x
    if not np.isfinite(moments).all():
        msg = (
            f"calibration column(s) {numeric} are too large: their weighted squares leave "
            "the range of a float, so the calibration equations cannot be solved."
        )
        hint = "Hint: rescale the column and its total by one number (e.g. to thousands)."
        raise InvalidCountsError(f"{msg}\n\n{hint}")


def _check_calibration(method: str, bounds: tuple[float, float] | None) -> None:
    if method == "logit" and bounds is None:
        msg = 'method="logit" needs `bounds=(low, high)` on the ratio of new to starting weight.'
        raise InvalidOptionError(f"{msg}\n\nHint: e.g. bounds=(0.5, 2.0).")
    if method == "linear" and bounds is not None:
        msg = 'bounds apply to method="logit"; linear calibration is unbounded.'
        raise InvalidOptionError(f'{msg}\n\nHint: pass method="logit" with the bounds.')
    if bounds is not None and not (0 <= _pair(bounds, "bounds")[0] < 1 < bounds[1]):
        msg = f"`bounds` must be (low, high) with 0 <= low < 1 < high; got {bounds!r}."
        raise InvalidOptionError(msg)


def _solve(  # noqa: PLR0917  (private, one caller; names at the call)
    x: npt.NDArray[np.float64],
    start: npt.NDArray[np.float64],
    target: npt.NDArray[np.float64],
    method: str,
    bounds: tuple[float, float] | None,
    max_iter: int,
    tol: float,
) -> tuple[npt.NDArray[np.float64], bool, int]:
    """Solve X'(w g(X lambda)) = T for lambda; lstsq copes with redundant margins."""
    from scipy.special import expit

    scale = max(float(np.abs(target).max()), 1.0)
    if method == "linear":
        gap = target - x.T @ start
        matrix = (x * start[:, None]).T @ x
        lam = np.linalg.lstsq(matrix, gap, rcond=None)[0]
        return 1 + x @ lam, True, 1
    if bounds is None:  # checked by the caller; this narrows the type
        raise InvalidOptionError('method="logit" needs `bounds`.')
    low, high = bounds
    a = (high - low) / ((1 - low) * (high - 1))
    offset = math.log((1 - low) / (high - 1))
    lam = np.zeros(x.shape[1])
    g = np.ones(len(start))
    for iteration in range(1, max_iter + 1):
        s = expit(a * (x @ lam) + offset)
        g = low + (high - low) * s
        gap = target - x.T @ (start * g)
        if float(np.abs(gap).max()) <= tol * scale:
            return g, True, iteration
        slope = start * (high - low) * a * s * (1 - s)
        matrix = (x * slope[:, None]).T @ x
        lam = lam + np.linalg.lstsq(matrix, gap, rcond=None)[0]
    return g, False, max_iter


def trim(
    weights: Sequence[float] | pd.Series | npt.NDArray[Any],
    /,
    *,
    lower: float | None = None,
    upper: float | None = None,
    strict: bool = False,
    max_iter: int = 10_000,
) -> pd.Series:
    """Trim weights to limits and share the amount trimmed equally over the others (R's rule).

    R survey's ``trimWeights(design, upper, lower, strict)``: each weight outside the
    limits (strictly below `lower` or above `upper`) is set to the limit; the amount
    trimmed (what was cut above, less what was added below) is shared out in *equal parts*
    (not in proportion) among the weights that were inside, so that the total is kept.
    That can push a weight that was inside over a limit: ``strict=False`` (R's default)
    stops after the one pass and warns if any weight is still outside; ``strict=True``
    repeats the pass until none is, as R's recursion does.

    A weight of 0 leaves its respondent out on purpose, so it stays 0: it is neither
    raised to `lower` nor given a share of the amount trimmed, and the limits are checked
    against the respondents with a weight above 0.

    Parameters
    ----------
    weights : array-like or Series
    lower, upper : float, optional
        The limits (none: no limit on that side).
    strict : bool, default False
        Repeat until every weight is within the limits.
    max_iter : int, default 10000
        Passes allowed with ``strict=True`` (each shares what is left; the amounts shrink
        geometrically, so a few dozen are usual).

    Returns
    -------
    pandas.Series
        The trimmed weights (on the input's index when it is a Series).

    Raises
    ------
    tracktr.InvalidOptionError
        If the limits cannot hold the total (``n * upper`` below it, or ``n * lower``
        above), every weight is outside them, or ``strict=True`` does not settle within
        `max_iter` passes; if a limit is not a number (``True`` included), `strict` not a
        bool or `max_iter` not a whole number above 0.

    Warns
    -----
    UserWarning
        With ``strict=False``, when the one pass leaves weights outside the limits.

    Notes
    -----
    The rule is that of ``trimWeights.survey.design2`` in R survey 4.1.1 (Lumley,
    ``R/trimWeights.R``), checked on the ``api`` data to 1e-9
    (``tests/reference/survey_api.R``). :func:`~tracktr.weights.rake`'s `trim` holds the weights
    within limits during raking instead.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.weights.trim([1.0, 1.0, 1.0, 5.0], upper=3.0).round(3).tolist()
    [1.667, 1.667, 1.667, 3.0]
    >>> trimmed = tt.weights.trim([1.0, 1.0, 1.0, 1.0, 2.9, 10.0], upper=3.0, strict=True)
    >>> float(trimmed.max()), round(float(trimmed.sum()), 9)
    (3.0, 16.9)
    """
    _check_iterations(max_iter, 1.0)
    # True is 1 to float(): upper=True trimmed to 1 and said "at most True".
    for name, limit in (("lower", lower), ("upper", upper)):
        if limit is not None:  # NaN trimmed nothing: every comparison with it is False
            _number(limit, name, infinite=True, optional=True)
    if not isinstance(strict, bool):
        msg = f"`strict` must be True or False; got {strict!r}."
        raise InvalidOptionError(msg)
    index = weights.index if isinstance(weights, pd.Series) else None
    everyone = _weight_array(weights).copy()
    # A weight of 0 leaves a respondent out on purpose: sharing the amount trimmed over it
    # (or lifting it to `lower`) counted that respondent after all. Only the others trim.
    counted = everyone > 0
    w = everyone[counted]
    low = -np.inf if lower is None else float(lower)
    high = np.inf if upper is None else float(upper)
    total = float(w.sum())
    n = len(w)
    # An open limit is left out of every message, never printed as None.
    limits = (
        f"between {lower} and {upper}"
        if lower is not None and upper is not None
        else f"at least {lower}"
        if lower is not None
        else f"at most {upper}"
    )
    if low > high:
        msg = f"`lower` ({lower}) is above `upper` ({upper}): no weight can be {limits}."
        raise InvalidOptionError(f"{msg}\n\nHint: swap them, or check which limit is which.")
    if n * high < total * (1 - 1e-12) or n * max(low, 0) > total * (1 + 1e-12):
        zeros = len(everyone) - n
        who = f"{n} respondents" + (f" (and {zeros} weighing 0, who stay 0)" if zeros else "")
        msg = f"weights totalling {total:g} over {who} cannot all be {limits}."
        raise InvalidOptionError(f"{msg}\n\nHint: widen the limits.")
    # A weight within rounding of a limit is at it: when the limits just hold the total
    # (every weight must end at the limit), a weight 1 ulp over was cut and its crumb shared
    # out again, pass after pass, and strict=True gave up on weights that fit.
    slack = 1e-12 * total / n if n else 0.0

    def beyond(values: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        return (values < low - slack) | (values > high + slack)

    for _ in range(max_iter if strict else 1):
        outside = beyond(w)
        if not outside.any():
            break
        if outside.all():
            msg = f"none of the {n} weights is {limits}: none is left to share the rest."
            raise InvalidOptionError(f"{msg}\n\nHint: widen the limits.")
        clipped = np.maximum(low, np.minimum(w, high))
        clipped[~outside] += float((w - clipped).sum()) / int((~outside).sum())
        w = clipped
    outside = beyond(w)
    if not outside.any():
        w = np.clip(w, low, high)  # what rounding left beyond a limit, by at most `slack`
    if outside.any() and strict:
        msg = f"trimming did not keep the weights {limits} within {max_iter} passes."
        raise InvalidOptionError(f"{msg}\n\nHint: widen the limits or raise max_iter.")
    if outside.any():
        warnings.warn(
            f"{int(outside.sum())} weight(s) are not {limits} after sharing out "
            "the amount trimmed (R's strict=FALSE). Hint: pass strict=True to repeat.",
            TracktrWarning,
            stacklevel=2,
        )
    everyone[counted] = w
    return pd.Series(everyone, index=index, name="weight")


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

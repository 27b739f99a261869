"""The design (which columns hold weights, strata, clusters, fpc) and its variances.

A :class:`~tracktr.Design` is a declaration: column names and the rule for strata with
one primary sampling unit (PSU). :meth:`~tracktr.Design.bind` checks it against a response
frame and returns a :class:`BoundDesign` that holds the arrays, and computes the linearised
covariance of estimated totals: the PSU totals of each score, centred within strata,
scaled by the finite population correction and ``n_h / (n_h - 1)`` (Lumley 2010, section
2.2; R survey's ``svyrecvar``). Everything is a segment sum (``numpy.bincount``) over rows
and a small matrix product over PSUs: no Python loop runs over rows, PSUs or strata.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._columns import refuse_repeated_columns
from tracktr._numbers import refuse_truth_clash, refuse_weight_range, rows_holding
from tracktr._text import printed_label
from tracktr.exceptions import (
    CodebookError,
    InvalidOptionError,
    InvalidWeightsError,
    QuestionNotFoundError,
)
from tracktr.missing import MARKERS
from tracktr.typing import LonelyPSU, check_choice

__all__ = ["BoundDesign", "Design"]

_DESIGN_KEYS = ("weights", "strata", "clusters", "fpc", "lonely_psu")
_CENSUS = 1e-7
"""Below this sampling "remainder" (N - n) / N a stratum is a census and adds no variance (R)."""


@dataclass(frozen=True, slots=True)
class Design:
    """How a sample was drawn: weights, strata, clusters and finite population corrections.

    Every part is optional and names a column of the response frame. With none, the design
    is a simple random sample with replacement and every estimate equals the unweighted one.

    Parameters
    ----------
    weights : str, optional
        Sampling (or raked) weights: finite and not negative. Without, every weight is 1.
    strata : str, optional
        The stratum of each respondent. A blank cell or a missing marker (``"<skipped>"``)
        is refused as missing, like None; so is one label written two ways (``1`` and
        ``"1"``, ``"A"`` and ``"A "``), which would make two strata of one.
    clusters : str, optional
        The primary sampling unit (PSU) of each respondent; clusters are taken within strata,
        so the same id in two strata is two PSUs. Read as `strata` are.
    fpc : str, optional
        The finite population correction: the number of PSUs in the respondent's stratum in
        the population, or the sampling fraction. One value per stratum, and one kind for
        the column, as R's ``as.fpc`` reads it: every value at most 1 makes fractions
        (1 is a census), any value above 1 makes population sizes (1 is then a population
        of one PSU); fractions below 1 beside population sizes are refused.
    calibration : tracktr.weights.Weighting, optional
        The result of :func:`tracktr.weights.rake` or :func:`~tracktr.weights.calibrate`
        whose weights are `weights`: standard errors then account for the weighting to
        known margins, as R survey's designs returned by ``rake()`` and ``calibrate()``
        (see :meth:`tracktr.weights.Weighting.residualise`). Not compared by ``==``. One
        that did not converge is used as it is, and :meth:`describe` (the first note of
        every estimate) says that its margins were not met.
    lonely_psu : {"fail", "remove", "adjust", "certainty", "average"}, default "fail"
        A stratum with a single PSU, as R's ``options(survey.lonely.psu=)``: ``"fail"``
        raises; ``"remove"`` and ``"certainty"`` let it add nothing to the variance;
        ``"adjust"`` centres it at the grand mean instead of its stratum's mean;
        ``"average"`` replaces it with the average of the other strata.

    Raises
    ------
    tracktr.UnknownMethodError
        If `lonely_psu` is not one of the options.

    See Also
    --------
    tracktr.design.estimate_proportions : proportions with standard errors under a design.
    tracktr.weights.rake : weights that reproduce population margins.

    References
    ----------
    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
    doi:10.1002/9780470580066

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.Design(weights="pw", strata="stype", fpc="fpc")
    Design(weights='pw', strata='stype', fpc='fpc')
    >>> tt.Design.from_dict({"weights": "pw", "clusters": "dnum", "lonely_psu": "adjust"})
    Design(weights='pw', clusters='dnum', lonely_psu='adjust')
    """

    weights: str | None = None
    strata: str | None = None
    clusters: str | None = None
    fpc: str | None = None
    lonely_psu: LonelyPSU = field(default="fail", kw_only=True)
    calibration: Any = field(default=None, kw_only=True, compare=False)

    def __post_init__(self) -> None:
        for name in ("weights", "strata", "clusters", "fpc"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                msg = f"`{name}` must name a column of the data; got {value!r}."
                hint = "Hint: put the values in a column and pass its name."
                raise InvalidOptionError(f"{msg}\n\n{hint}")
        check_choice(self.lonely_psu, LonelyPSU, name="lonely_psu")

    def __repr__(self) -> str:
        parts = [
            f"{name}={getattr(self, name)!r}"
            for name in ("weights", "strata", "clusters", "fpc")
            if getattr(self, name) is not None
        ]
        if self.lonely_psu != "fail":
            parts.append(f"lonely_psu={self.lonely_psu!r}")
        if self.calibration is not None:
            parts.append(f"calibration={self.calibration.method!r}")
        return f"Design({', '.join(parts)})"

    @classmethod
    def from_dict(cls, mapping: Mapping[str, Any], *, source: str | None = None) -> Design:
        """Build a design from a codebook's ``[design]`` table (or any mapping).

        Raises
        ------
        tracktr.CodebookError
            For an unknown key or a value that is not a column name.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.Design.from_dict({"weight": "pw"})
        Traceback (most recent call last):
        ...
        tracktr.exceptions.CodebookError: codebook [design]: unknown key(s) ['weight']...
        """
        where = source or "codebook"
        unknown = sorted(set(mapping) - set(_DESIGN_KEYS))
        if unknown:
            msg = f"{where} [design]: unknown key(s) {unknown}; expected {list(_DESIGN_KEYS)}."
            hint = 'Hint: write e.g. weights = "pw" and strata = "stype" under [design].'
            raise CodebookError(f"{msg}\n\n{hint}")
        for key, value in mapping.items():
            if not isinstance(value, str):
                msg = f"{where} [design]: `{key}` must be a column name (text); got {value!r}."
                raise CodebookError(msg)
        return cls(
            weights=mapping.get("weights"),
            strata=mapping.get("strata"),
            clusters=mapping.get("clusters"),
            fpc=mapping.get("fpc"),
            lonely_psu=mapping.get("lonely_psu", "fail"),
        )

    @classmethod
    def from_survey(cls, survey: Any) -> Design:
        """Return the design a codebook declares under ``[design]`` (none: unweighted).

        Examples
        --------
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "T", "design": {"weights": "w"},
        ...     "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["a", "b"]}]})
        >>> tt.Design.from_survey(survey)
        Design(weights='w')
        """
        declared = getattr(survey, "design", None) or {}
        return cls.from_dict(declared, source=getattr(survey, "source", None))

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the design reads, in the order weights, strata, clusters, fpc.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.Design(weights="pw", strata="stype").columns
        ('pw', 'stype')
        """
        names = (self.weights, self.strata, self.clusters, self.fpc)
        return tuple(name for name in names if name is not None)

    def describe(self) -> str:
        """Return the design in words, for the notes under a table.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.Design(weights="pw", clusters="dnum").describe()
        'weighted by pw; clusters dnum'
        >>> tt.Design().describe()
        'unweighted simple random sample'
        """
        parts = []
        if self.weights is not None:
            parts.append(f"weighted by {self.weights}")
        if self.strata is not None:
            parts.append(f"strata {self.strata}")
        if self.clusters is not None:
            parts.append(f"clusters {self.clusters}")
        if self.fpc is not None:
            parts.append(f"fpc {self.fpc}")
        if self.calibration is not None:
            parts.append(f"calibrated ({self.calibration.method})")
            if getattr(self.calibration, "converged", True) is False:
                # the weighting warned once; every table's notes must say it too
                parts.append("the weighting did NOT meet its margins (see its max_error)")
        return "; ".join(parts) if parts else "unweighted simple random sample"

    def bind(self, data: pd.DataFrame) -> BoundDesign:
        """Check the design against `data` and return its arrays.

        Raises
        ------
        tracktr.QuestionNotFoundError
            If a design column is not in `data`.
        tracktr.InvalidWeightsError
            For missing, negative or infinite weights (the rows are named).
        tracktr.InvalidOptionError
            For missing strata or clusters, an fpc that varies within a stratum or is
            smaller than the sample, or a single-PSU stratum with ``lonely_psu="fail"``.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"w": [1.0, 2.0, 3.0], "s": ["a", "a", "b"]})
        >>> tt.Design(weights="w", strata="s").bind(df)
        Traceback (most recent call last):
        ...
        tracktr.exceptions.InvalidOptionError: stratum 'b' of s has a single primary ...
        >>> tt.Design(weights="w", strata="s", lonely_psu="remove").bind(df).degf
        1
        """
        return BoundDesign(self, data)


def _column(data: pd.DataFrame, name: str) -> pd.Series:
    if name not in data.columns:
        close = [c for c in data.columns if str(c).lower() == name.lower()]
        msg = f"design column {name!r} is not in the data."
        hint = f"Hint: did you mean {close[0]!r}?" if close else "Hint: check the column names."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    refuse_repeated_columns(data.columns, [name], what=f"design column {name!r}")
    return data[name]


def _weights(data: pd.DataFrame, name: str | None) -> npt.NDArray[np.float64]:
    if name is None:
        return np.ones(len(data))
    series = _column(data, name)
    if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series):
        msg = f"weights {name!r} must be numbers; got dtype {series.dtype}."
        hint = "Hint: convert the column with pandas.to_numeric first."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        held = rows_holding(list(series.index[bad]), values[bad].tolist())
        msg = f"weights {name!r} must be finite and not negative; {held}."
        hint = "Hint: give every respondent a weight (0 leaves one out on purpose)."
        raise InvalidWeightsError(f"{msg}\n\n{hint}")
    if len(values) and not values.any():
        msg = f"weights {name!r} are all zero: nobody is counted."
        raise InvalidWeightsError(msg)
    refuse_weight_range(values, series.index)
    return values


def _codes(
    data: pd.DataFrame, name: str | None, what: str
) -> tuple[npt.NDArray[np.intp], list[Any]]:
    if name is None:
        return np.zeros(len(data), dtype=np.intp), [None]
    series = _column(data, name)
    if pd.api.types.is_integer_dtype(series.dtype) and len(series) and not series.hasnans:
        # integer ids (the common case): relabel by range, no hashing or sorting
        values = series.to_numpy(dtype=np.int64)
        low = int(values.min())
        labels, positions = _relabel(values - low, int(values.max()) - low + 1)
        return positions, (labels + low).tolist()
    codes, uniques = pd.factorize(series, sort=True)
    refuse_truth_clash(series, uniques)
    found = list(uniques.tolist())
    # A blank cell or one of tracktr's missing markers is no stratum or cluster of its own:
    # made one, it was a lonely PSU or, with lonely_psu set, silently its own stratum.
    absent = [i for i, v in enumerate(found) if isinstance(v, str) and _no_label(v)]
    missing = (codes < 0) | np.isin(codes, absent)
    if missing.any():
        rows = list(series.index[missing][:20])
        msg = f"{what} column {name!r} is missing in rows {rows}"
        held = sorted({repr(found[i]) for i in absent if (codes == i).any()})
        msg += f" (they hold {', '.join(held)})." if held else "."
        hint = f"Hint: every respondent needs a {what}; fill them in or drop those rows."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    _refuse_spellings(series, codes, found, name, what)
    return codes.astype(np.intp), found


def _no_label(value: str) -> bool:
    """Whether a text cell of a strata or clusters column holds no label: blank, a marker."""
    return not value.strip() or value in MARKERS


def _refuse_spellings(
    series: pd.Series, codes: npt.NDArray[np.intp], labels: list[Any], name: str, what: str
) -> None:
    """Raise for two labels that are one when written out: ``1`` and ``"1"``, ``"A "`` and ``"A"``.

    :func:`pandas.factorize` keeps them apart, so one cluster became two PSUs (and the
    standard errors changed) with nothing said.
    """
    seen: dict[str, int] = {}
    clashes: list[str] = []
    for i, label in enumerate(labels):
        key = printed_label(label)
        if key in seen:
            j = seen[key]
            first, second = (series.index[codes == k][:5].tolist() for k in (j, i))
            clashes.append(f"{labels[j]!r} (rows {first}) and {label!r} (rows {second})")
        else:
            seen[key] = i
    if clashes:
        msg = f"{what} column {name!r} writes one {what} in two ways: {'; '.join(clashes[:5])}."
        hint = (
            f"Hint: each spelling would be a {what} of its own. Write them alike (for "
            f"example data[{name!r}].astype(str).str.strip()), or rename one if they differ."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")


def _relabel(
    key: npt.NDArray[np.int64], size: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """Sorted distinct keys and each row's position among them (``np.unique``'s answer).

    Keys below `size` are relabelled with one pass and a cumulative sum instead of a sort.
    """
    if size > 4 * len(key) + 1_000_000:
        unique_keys, inverse = np.unique(key, return_inverse=True)
        return unique_keys, inverse.astype(np.intp)
    present = np.zeros(size, dtype=bool)
    present[key] = True
    position = np.cumsum(present, dtype=np.intp) - 1
    return np.flatnonzero(present).astype(np.int64), position[key]


class BoundDesign:
    """A :class:`~tracktr.Design` checked against one response frame: the arrays estimates need.

    Attributes
    ----------
    design : Design
    weights : numpy.ndarray
        One weight per row.
    n_psu : int
        Primary sampling units in the sample (rows when there are no clusters).
    n_strata : int
    degf : int
        Design degrees of freedom, PSUs less strata (R ``degf``).
    has_fpc : bool

    Examples
    --------
    >>> import pandas as pd
    >>> import tracktr as tt
    >>> df = pd.DataFrame({"w": [1.0, 2.0, 3.0, 4.0], "c": [1, 1, 2, 2]})
    >>> bound = tt.Design(weights="w", clusters="c").bind(df)
    >>> bound.n_psu, bound.degf
    (2, 1)
    """

    __slots__ = (
        "_calibration",
        "_lonely",
        "_psu",
        "_psu_stratum",
        "_rows_are_psus",
        "_scale",
        "_strata_labels",
        "_stratum",
        "degf",
        "design",
        "has_fpc",
        "index",
        "n_h",
        "n_psu",
        "n_strata",
        "weights",
    )

    def __init__(self, design: Design, data: pd.DataFrame) -> None:
        self.design = design
        self.index = data.index
        self.weights = _weights(data, design.weights)
        self._calibration = design.calibration
        if design.calibration is not None:
            self._check_calibration(data)
        stratum, strata_labels = _codes(data, design.strata, "stratum")
        n_strata = len(strata_labels)
        self._strata_labels = strata_labels
        self._stratum = stratum
        self.n_strata = n_strata
        self._rows_are_psus = design.clusters is None
        if self._rows_are_psus:
            self._psu = np.arange(len(data), dtype=np.intp)
            self._psu_stratum = stratum
            self.n_psu = len(data)
        else:
            cluster, cluster_labels = _codes(data, design.clusters, "cluster")
            n_clusters = len(cluster_labels)
            # clusters nested in strata: (stratum, cluster) is the PSU
            key = stratum.astype(np.int64) * n_clusters + cluster
            unique_keys, psu = _relabel(key, n_strata * n_clusters)
            self._psu = psu
            self._psu_stratum = (unique_keys // n_clusters).astype(np.intp)
            self.n_psu = len(unique_keys)
        self.n_h = np.bincount(self._psu_stratum, minlength=n_strata)
        self.has_fpc = design.fpc is not None
        remainder = self._remainder(data)
        lonely = self.n_h == 1
        self._lonely = lonely
        if lonely.any() and design.lonely_psu == "fail":
            self._fail_lonely(data, lonely)
        if len(lonely) and lonely.all() and design.lonely_psu == "average":
            msg = (
                f"every stratum of {design.strata} has a single primary sampling unit: "
                'lonely_psu="average" has no stratum with a variance to average over.'
            )
            hint = 'Hint: pass lonely_psu="adjust" or "certainty", or merge the strata.'
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(lonely, remainder, remainder * self.n_h / (self.n_h - 1))
        scale[remainder < _CENSUS] = 0.0
        if design.lonely_psu == "average":
            scale[lonely] = 0.0
        self._scale = scale
        self.degf = self.domain_degf(np.arange(len(self.weights)))

    def domain_degf(self, rows: npt.NDArray[np.intp]) -> int:
        """Return the degrees of freedom of the domain of `rows`: its PSUs less its strata.

        As R's ``degf`` of ``subset(design, ...)`` to those rows (what ``svyby`` gives
        each group's ``svyciprop``): the PSUs and strata of the rows with a weight above 0.

        Examples
        --------
        >>> import numpy as np
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"w": [1.0] * 6, "c": [1, 1, 2, 3, 4, 4]})
        >>> bound = tt.Design(weights="w", clusters="c").bind(df)
        >>> bound.degf, bound.domain_degf(np.array([0, 1, 2]))
        (3, 1)
        """
        inside = rows[self.weights[rows] > 0]
        psus = np.unique(self._psu[inside])
        strata = np.unique(self._psu_stratum[psus])
        return len(psus) - len(strata)

    def domains_degf(self, domains: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """Return :meth:`domain_degf` of each column of `domains` (``(n, m)`` booleans).

        One pass over the rows for all `m` domains: which PSUs (and so which strata)
        hold a row of each domain with a weight above 0.

        Examples
        --------
        >>> import numpy as np
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"w": [1.0] * 6, "c": [1, 1, 2, 3, 4, 4]})
        >>> bound = tt.Design(weights="w", clusters="c").bind(df)
        >>> domains = np.array([[1, 0], [1, 0], [1, 1], [0, 1], [0, 1], [0, 1]], dtype=bool)
        >>> bound.domains_degf(domains).tolist()
        [1, 2]
        """
        held = np.asarray(domains, dtype=bool) & (self.weights > 0)[:, None]
        out = np.zeros(held.shape[1], dtype=np.int64)
        for j in range(held.shape[1]):  # a loop over domains, each a count over rows
            psus = np.bincount(self._psu, weights=held[:, j], minlength=self.n_psu) > 0
            strata = np.bincount(self._psu_stratum, weights=psus, minlength=self.n_strata) > 0
            out[j] = int(psus.sum()) - int(strata.sum())
        return out

    def __repr__(self) -> str:
        return (
            f"BoundDesign({self.design!r}, {len(self.weights)} rows, {self.n_psu} PSUs, "
            f"{self.n_strata} strata)"
        )

    def _check_calibration(self, data: pd.DataFrame) -> None:
        calibrated = getattr(self.design.calibration, "weights", None)
        if not isinstance(calibrated, pd.Series) or not hasattr(
            self.design.calibration, "residualise"
        ):
            msg = "`calibration` must be the result of tt.weights.rake() or calibrate()."
            raise InvalidOptionError(msg)
        same = (
            len(calibrated) == len(data)
            and calibrated.index.equals(data.index)
            and np.allclose(calibrated.to_numpy(), self.weights, rtol=1e-9, atol=0)
        )
        if not same:
            self._refuse_subgroup(data, calibrated)
            msg = (
                f"the design's weights ({self.design.weights!r}) are not the weights of its "
                "`calibration` for these rows."
            )
            hint = (
                "Hint: data.assign(w=result.weights), then "
                "tt.Design(weights='w', calibration=result)."
            )
            raise InvalidWeightsError(f"{msg}\n\n{hint}")

    def _refuse_subgroup(self, data: pd.DataFrame, calibrated: pd.Series) -> None:
        """Refuse rows that are some of those the calibration weighted, with their weights.

        A frame filtered to a subgroup: its standard errors would ignore the rest of the
        design (and the weighting's margins), so the subgroup must be a domain, ``by=``.
        """
        index = data.index
        if not (
            calibrated.index.is_unique
            and index.is_unique
            and len(index) < len(calibrated)
            and index.isin(calibrated.index).all()
        ):
            return
        if not np.allclose(calibrated.loc[index].to_numpy(), self.weights, rtol=1e-9, atol=0):
            return
        msg = (
            f"the data hold {len(index)} of the {len(calibrated)} rows whose weights "
            "`calibration` made: a subgroup estimated from a filtered frame gets the wrong "
            "standard errors (the design and the weighting cover every row)."
        )
        hint = (
            "Hint: pass the whole frame and by='<column>' to estimate the subgroup as a "
            "domain of the full design (as R's svyby, never subset before the design)."
        )
        raise InvalidWeightsError(f"{msg}\n\n{hint}")

    @property
    def calibrated(self) -> bool:
        """Whether standard errors account for weighting to margins (``calibration=``).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> tt.Design().bind(pd.DataFrame({"x": [1, 2]})).calibrated
        False
        """
        return self._calibration is not None

    def _fail_lonely(self, data: pd.DataFrame, lonely: npt.NDArray[np.bool_]) -> None:
        if self.design.strata is None:
            msg = "the sample has a single primary sampling unit, so no variance can be estimated."
        else:
            shown = [self._strata_labels[h] for h in np.flatnonzero(lonely)[:10]]
            which = ", ".join(repr(s) for s in shown)
            msg = (
                f"stratum {which} of {self.design.strata} has a single primary sampling unit, "
                "so its variance cannot be estimated."
            )
        hint = (
            'Hint: pass lonely_psu="remove", "certainty", "adjust" or "average" to '
            "tt.Design (as R's survey.lonely.psu), or merge the stratum with a similar one."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")

    def _where(self, h: int) -> str:
        """Return how a message names stratum `h`: its label and column ("it" without strata)."""
        if self.design.strata is None:
            return "it"
        return f"stratum {self._strata_labels[h]!r} of {self.design.strata!r}"

    def _refuse_mixed_fpc(self, series: pd.Series, low: npt.NDArray[np.float64]) -> None:
        """Raise for an fpc column that holds sampling fractions beside population sizes."""
        parts = []
        for h in np.flatnonzero(low < 1)[:5]:
            rows = list(series.index[self._stratum == h][:5])
            parts.append(f"{self._where(h)} holds {low[h]:g} (rows {rows})")
        counts = [f"{v:g}" for v in np.unique(low[low > 1])[:5]]
        msg = (
            f"fpc {self.design.fpc!r} mixes sampling fractions and population sizes: "
            f"{'; '.join(parts)}, beside {', '.join(counts)}."
        )
        hint = (
            "Hint: give every stratum its population size (a whole number), or every "
            "stratum its sampling fraction (at most 1)."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")

    def _remainder(self, data: pd.DataFrame) -> npt.NDArray[np.float64]:
        """Return ``(N_h - n_h) / N_h`` per stratum (1 without an fpc)."""
        if self.design.fpc is None:
            return np.ones(self.n_strata)
        series = _column(data, self.design.fpc)
        # Text or True/False is not a population size: True read as 1 made a census (SE 0).
        if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series):
            msg = f"fpc {self.design.fpc!r} must be numbers; got dtype {series.dtype}."
            hint = "Hint: convert the column with pandas.to_numeric first, and check it."
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        bad = ~np.isfinite(values) | (values <= 0)
        if bad.any():
            rows = list(series.index[bad][:20])
            msg = f"fpc {self.design.fpc!r} must be a positive number; rows {rows} are not."
            raise InvalidOptionError(msg)
        low = np.full(self.n_strata, np.inf)
        high = np.full(self.n_strata, -np.inf)
        np.minimum.at(low, self._stratum, values)
        np.maximum.at(high, self._stratum, values)
        varies = np.flatnonzero(low != high)
        if len(varies):
            parts = []
            for h in varies[:10]:
                inside = self._stratum == h
                ends = [series.index[inside & (values == v)][0] for v in (low[h], high[h])]
                parts.append(f"{self._where(h)} holds {low[h]:g} to {high[h]:g} (rows {ends})")
            if self.design.strata is None:
                msg = f"fpc {self.design.fpc!r} must be one value when the design has no strata;"
                hint = "Hint: pass the strata (strata=) the fpc's values belong to."
            else:
                msg = f"fpc {self.design.fpc!r} must be one value per stratum;"
                hint = "Hint: the fpc is the population size (or sampling fraction) of a stratum."
            raise InvalidOptionError(f"{msg} {'; '.join(parts)}.\n\n{hint}")
        # All at most 1: sampling fractions, so N_h = n_h / f_h; else population sizes. As
        # R's as.fpc, decided for the whole column: an fpc of 1 beside population sizes is
        # a population of 1, not a census (read per stratum, it hid a typo's variance).
        fractions = bool((low <= 1).all())
        if not fractions and (low < 1).any():
            self._refuse_mixed_fpc(series, low)
        population = self.n_h / low if fractions else low
        small = np.flatnonzero(population < self.n_h - 1e-9)
        if len(small):
            unit = "respondents" if self._rows_are_psus else "clusters"
            parts = []
            for h in small[:10]:
                rows = list(series.index[self._stratum == h][:20])
                parts.append(
                    f"{self._where(h)} holds {population[h]:g} {unit} in the population, "
                    f"fewer than the {self.n_h[h]} sampled (rows {rows})"
                )
            msg = f"fpc {self.design.fpc!r} says {'; '.join(parts)}."
            hint = (
                "Hint: the fpc counts respondents in the stratum's population (or is the "
                "sampling fraction, at most 1)."
                if self._rows_are_psus
                else "Hint: the fpc counts clusters (PSUs), not respondents, when the design "
                "has clusters (or is the sampling fraction, at most 1)."
            )
            raise InvalidOptionError(f"{msg}\n\n{hint}")
        remainder: npt.NDArray[np.float64] = (population - self.n_h) / population
        return remainder

    def covariance(
        self, scores: npt.NDArray[np.float64], rows: npt.NDArray[np.intp] | None = None
    ) -> npt.NDArray[np.float64]:
        """Return the design covariance of the totals of `scores` (rows x k).

        `scores` hold the linearised values of the rows `rows` (all rows when None); every
        other row's score is zero, which is how a domain keeps the whole design.

        Examples
        --------
        >>> import numpy as np
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> bound = tt.Design().bind(pd.DataFrame({"y": [1.0, 2.0, 3.0]}))
        >>> bound.covariance(np.array([[1.0], [2.0], [3.0]]))  # n s^2 = 3 * 1
        array([[3.]])
        """
        scores = np.asarray(scores, dtype=np.float64)
        if scores.ndim == 1:
            scores = scores[:, None]
        if self._calibration is not None:
            # the weighting spreads every score over the rows that share its margins
            full = np.zeros((len(self.weights), scores.shape[1]))
            full[slice(None) if rows is None else rows] = scores
            scores = self._calibration.residualise(full)
            rows = None
        if self._rows_are_psus:
            return self.covariance_of_totals(scores, rows)
        psu = self._psu if rows is None else self._psu[rows]
        totals = np.empty((self.n_psu, scores.shape[1]))
        for j in range(scores.shape[1]):  # a loop over score columns, never rows or PSUs
            totals[:, j] = np.bincount(psu, weights=scores[:, j], minlength=self.n_psu)
        return self.covariance_of_totals(totals, domain=rows)

    def psu_of_rows(self) -> npt.NDArray[np.intp] | None:
        """Return each row's PSU code, or None when every row is its own PSU.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"c": [7, 3, 7]})
        >>> tt.Design(clusters="c").bind(df).psu_of_rows().tolist()
        [1, 0, 1]
        """
        return None if self._rows_are_psus else self._psu

    def covariance_of_totals(
        self,
        totals: npt.NDArray[np.float64],
        rows: npt.NDArray[np.intp] | None = None,
        *,
        domain: npt.NDArray[np.intp] | None = None,
    ) -> npt.NDArray[np.float64]:
        """Return the design covariance from PSU totals of scores (PSUs x k).

        With clusters, `totals` has one row per PSU of the design (see :meth:`psu_of_rows`),
        and `domain` names the rows of the domain (all when None). Without, every row is a
        PSU, and `totals` holds the rows `rows` (all when None). With
        ``lonely_psu="average"``, the variance is scaled up by the strata the domain has
        rows in over those of them with two PSUs or more (R's ``svyby``).

        Examples
        --------
        >>> import numpy as np
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> bound = tt.Design(clusters="c").bind(pd.DataFrame({"c": [1, 1, 2]}))
        >>> bound.covariance_of_totals(np.array([[1.0], [3.0]]))  # 2 * ((1-2)^2 + (3-2)^2)
        array([[4.]])
        """
        k = totals.shape[1]
        if self._rows_are_psus:
            stratum = self._stratum if rows is None else self._stratum[rows]
            present = np.bincount(stratum, minlength=self.n_strata)
        else:
            stratum = self._psu_stratum
            present = self.n_h
        if self.n_strata == 1:
            sums = totals.sum(axis=0)[None, :]
        else:
            sums = np.empty((self.n_strata, k))
            for j in range(k):
                sums[:, j] = np.bincount(stratum, weights=totals[:, j], minlength=self.n_strata)
        mean = sums / self.n_h[:, None]
        if self.design.lonely_psu == "adjust":
            mean[self._lonely] = 0.0
        if self.n_strata == 1:
            centred = totals - mean[0]
            covariance: npt.NDArray[np.float64] = self._scale[0] * (centred.T @ centred)
        else:
            centred = totals - mean[stratum]
            scale = np.sqrt(self._scale)[stratum][:, None]
            weighted = centred * scale
            covariance = weighted.T @ weighted
        # PSUs of the design with no row in the domain have total 0, centred at -mean
        absent = (self.n_h - present) * self._scale
        covariance += (mean * absent[:, None]).T @ mean
        if self.design.lonely_psu == "average" and self._lonely.any():
            if not self._rows_are_psus:
                present = self.n_h if domain is None else np.bincount(
                    self._stratum[domain], minlength=self.n_strata)  # fmt: skip
            covariance *= self._averaged(present > 0)
        return covariance

    def _averaged(self, in_domain: npt.NDArray[np.bool_]) -> float:
        """Return lonely_psu="average"'s factor: the domain's strata over its measured ones."""
        # R's onestage: sum of the strata's variances (a lonely one's is NA, dropped) times
        # nstrat / nokstrat, both counted among the strata the (subset) domain has rows in.
        counted = int(in_domain.sum())
        measured = int((in_domain & ~self._lonely).sum())
        if counted == 0:
            return 1.0  # no row in the domain: its variance is 0 whatever the factor
        # A domain only in lonely strata has no variance to average: NaN, as R's svyby
        # gives that group (the others keep theirs); the notes say so.
        return counted / measured if measured else math.nan

    def refuse_split_organisations(
        self,
        data: pd.DataFrame,
        by: object,
        *,
        function: str,
        groups: Any = None,
        rows: npt.NDArray[Any] | None = None,
    ) -> None:
        """Refuse groups of `by` that share organisations the design counts as independent.

        `rows` (a mask or positions) are the respondents compared: one organisation twice
        among them, in one group or two, in different PSUs is refused too.

        Waves pooled by :func:`tracktr.waves.pool` with a persistent id hold an organisation
        that answered two waves as a row in each. Unless its rows are in one PSU (the id as
        the cluster), their covariance is left out and the groups were tested as independent
        samples: a change of 8 points had p = 0.11 where :func:`tracktr.waves.change` and
        the design clustered on the id give p = 0.025.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"wave": ["a", "a", "b", "b"], "org": [1, 2, 1, 3]})
        >>> df.attrs["tracktr.waves.pool"] = {"wave": "wave", "id": "org"}
        >>> tt.Design(clusters="org").bind(df).refuse_split_organisations(
        ...     df, "wave", function="difference")
        >>> tt.Design().bind(df).refuse_split_organisations(df, "wave", function="difference")
        Traceback (most recent call last):
        ...
        tracktr.exceptions.InvalidOptionError: `by='wave'` puts the same organisations in ...
        """
        from tracktr._pooled import shared_respondents

        id_column, shared = shared_respondents(data, by, groups)
        if not shared:
            if rows is not None:  # an organisation twice in one group is not independent
                used = np.zeros(len(data), dtype=bool)
                used[rows] = True
                self.refuse_repeated_in_domains(
                    data, used, np.zeros(len(data), dtype=np.intp), function=function,
                    where=f"among the respondents compared by {by!r}",
                    instead="compare the groups within one wave (pooled.wave(name))",
                )  # fmt: skip
            return
        ids = data[id_column].to_numpy(dtype=object)
        rows = np.flatnonzero(pd.Series(ids).isin(shared).to_numpy())
        psus = pd.Series(self._psu[rows]).groupby(ids[rows], sort=False).nunique()
        split = psus.index[psus.to_numpy() > 1].tolist()
        if not split:
            return  # each organisation's rows are one PSU: their covariance is counted
        msg = (
            f"`by={by!r}` puts the same organisations in several groups: {len(split)} "
            f"organisations (id {id_column!r}, e.g. {split[:3]}) are in more than one of "
            "them, as the waves pooled by tt.waves.pool() are, and the design puts their "
            f"rows in different primary sampling units, so {function}() would compare the "
            "groups as independent samples and leave out the covariance of an "
            "organisation's answers."
        )
        hint = (
            f"Hint: make each organisation one cluster, tt.Design(..., clusters={id_column!r}) "
            "(as R's svydesign(id=~id) of the stacked waves); or compare one share with "
            "tt.waves.change(pooled, question, option), which pairs the organisations."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")

    def refuse_repeated_in_domains(
        self,
        data: pd.DataFrame,
        rows: npt.NDArray[np.bool_],
        group: npt.NDArray[np.intp],
        *,
        function: str,
        by: object = None,
        where: str | None = None,
        instead: str = "estimate each wave as a domain (by='wave')",
    ) -> None:
        """Refuse a domain that holds one organisation of pooled waves twice, in two PSUs.

        `rows` marks the respondents whose answers are used, `group` each row's domain
        (below 0: none); `where` says in words what the domain is and `instead` what else
        to do, for the message. An
        estimate over the rows of several waves pooled with an id (no `by`, or groups that
        are not waves) took an organisation's two rows as two independent respondents: the
        synthetic waves' share funded by a CRC had a standard error of 0.025 where the
        design clustered on the id gives 0.030. A domain per wave holds each organisation
        once and is never refused.

        Examples
        --------
        >>> import numpy as np
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"wave": ["a", "a", "b", "b"], "org": [1, 2, 1, 3]})
        >>> df.attrs["tracktr.waves.pool"] = {"wave": "wave", "id": "org"}
        >>> everyone, one = np.ones(4, dtype=bool), np.zeros(4, dtype=np.intp)
        >>> tt.Design(clusters="org").bind(df).refuse_repeated_in_domains(
        ...     df, everyone, one, function="estimate_means")
        >>> tt.Design().bind(df).refuse_repeated_in_domains(
        ...     df, everyone, one, function="estimate_means")
        Traceback (most recent call last):
        ...
        tracktr.exceptions.InvalidOptionError: 1 organisations (id 'org', e.g. [1]) have ...
        """
        from tracktr._pooled import pool_mark

        mark = pool_mark(data)
        id_column = mark.get("id") if mark is not None else None
        if not isinstance(id_column, str) or id_column not in data.columns:
            return
        used = np.flatnonzero(np.asarray(rows, dtype=bool) & (group >= 0))
        frame = pd.DataFrame({
            "group": group[used], "id": data[id_column].to_numpy(dtype=object)[used],
            "psu": self._psu[used],
        })  # fmt: skip
        spread = frame.groupby(["group", "id"], sort=False)["psu"].nunique()
        split = list(dict.fromkeys(spread.index[spread.to_numpy() > 1].get_level_values("id")))
        if not split:
            return
        if where is None:
            where = "in one estimate" if by is None else f"in one group of `by={by!r}`"
        msg = (
            f"{len(split)} organisations (id {id_column!r}, e.g. {split[:3]}) have more "
            f"than one row {where}: waves pooled by tt.waves.pool() hold an organisation "
            "that answered two waves as a row in each, and the design puts those rows in "
            f"different primary sampling units, so {function}() would take them as "
            "independent respondents and leave out the covariance of an organisation's "
            "answers."
        )
        hint = (
            f"Hint: make each organisation one cluster, tt.Design(..., clusters={id_column!r}) "
            f"(as R's svydesign(id=~id) of the stacked waves), or {instead}."
        )
        raise InvalidOptionError(f"{msg}\n\n{hint}")

    def stratum_of_rows(self) -> npt.NDArray[np.intp]:
        """Return each row's stratum code (0 without strata).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> df = pd.DataFrame({"s": ["b", "a", "b", "a"]})
        >>> tt.Design(strata="s").bind(df).stratum_of_rows().tolist()
        [1, 0, 1, 0]
        """
        return self._stratum

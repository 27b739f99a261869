"""Public ``Literal`` aliases, defined once and validated at run time.

Every option that names a method takes one of these strings. :func:`check_choice`
turns a wrong string into an error that lists the valid ones.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from tracktr.exceptions import InvalidOptionError, UnknownMethodError

__all__ = [
    "BandClosed",
    "BarOrder",
    "CIMethod",
    "CalibrationMethod",
    "CellSensitivity",
    "CompareAgainst",
    "DesignCIMethod",
    "DesignRankScore",
    "DontKnowPolicy",
    "ExportLayout",
    "FindingsFormat",
    "LonelyPSU",
    "McNemarMethod",
    "MissingKind",
    "PAdjustMethod",
    "PercentAxis",
    "Polarity",
    "ProportionTest",
    "QuestionType",
    "RaoScottStatistic",
    "RatioQualifier",
    "RoundingRule",
    "SuppressionLoss",
    "SuppressionMethod",
    "TableKind",
    "Verdict",
    "WaveTest",
    "check_choice",
    "check_survey",
]

RoundingRule = Literal[
    "half_up",
    "half_even",
    "half_down",
    "floor",
    "ceil",
    "largest_remainder",
    "double_half_up",
]
"""A rule that turns an exact share into a displayed percentage (see :mod:`tracktr.rounding`)."""

CIMethod = Literal["wilson", "wilson_cc", "clopper_pearson", "agresti_coull", "jeffreys"]
"""A method for the confidence interval of one proportion."""

DesignCIMethod = Literal["wilson", "beta", "logit", "mean", "asin"]
"""An interval for a weighted proportion: Wilson on the effective base, or R ``svyciprop``'s
``"beta"`` (Korn–Graubard), ``"logit"``, ``"mean"`` (Wald) and ``"asin"``."""

LonelyPSU = Literal["fail", "remove", "adjust", "certainty", "average"]
"""What a stratum with one primary sampling unit does, as R's ``survey.lonely.psu`` option."""

DesignRankScore = Literal["wilcoxon", "van_der_waerden", "median"]
"""The score of a design-based rank test (R ``svyranktest``): rank, normal quantile, median."""

RaoScottStatistic = Literal["F", "Chisq"]
"""The Rao–Scott correction of a weighted table's chi-square: second-order F, or first-order."""

CalibrationMethod = Literal["linear", "logit"]
"""The distance that calibration minimises: linear (GREG) or logit with bounds on the ratio."""

ProportionTest = Literal["fisher", "chi2", "chi2_yates"]
"""A test of two proportions: Fisher's exact, Pearson's chi-square, or with Yates' correction."""

PAdjustMethod = Literal["holm", "bh", "bonferroni", "none"]
"""A correction of p-values for multiple comparisons (``"bh"``: Benjamini–Hochberg)."""

CompareAgainst = Literal["pairs", "rest", "total"]
"""What each group is compared with: every other group, everyone else, or the whole sample."""

MissingKind = Literal["skipped", "not_asked", "refused"]
"""Why a cell holds no answer: asked and skipped, routed out, or refused."""

Polarity = Literal["auto", "negative_first", "positive_first"]
"""Which end of a scale is negative: read from the labels, or the scale's first or last points."""

DontKnowPolicy = Literal["include", "exclude"]
"""Whether "don't know" answers stay in the base of a percentage."""

QuestionType = Literal["single", "ordinal", "multi", "grid", "numeric", "text"]
"""The kinds of question a codebook can declare."""

TableKind = Literal["single", "multi", "grid", "crosstab"]
"""What a :class:`tracktr.Table` tabulates."""

PercentAxis = Literal["columns", "rows"]
"""Along which axis the percentages of a table share a base."""

SuppressionMethod = Literal["auto", "milp", "heuristic"]
"""How :func:`tracktr.disclosure.protect` chooses complementary cells."""

SuppressionLoss = Literal["cells", "values"]
"""The information loss secondary suppression minimises: hidden cells, or their sum."""

CellSensitivity = Literal["publish", "protect"]
"""Whether counts of 0 (or of the full base) are published or protected as sensitive."""

BarOrder = Literal["size", "codebook"]
"""The order of the bars of a chart: largest share first, or the table's (codebook) order."""

BandClosed = Literal["left", "right"]
"""Which side of a band includes its edge: ``"left"`` puts a value on an edge in the band above."""

RatioQualifier = Literal["about", "over", "at_least", "under", "almost"]
"""How a printed ratio is claimed: "about 2.5 times", "over three times", "almost four times"."""

Verdict = Literal["consistent", "doubtful", "inconsistent", "impossible", "unchecked"]
"""What :func:`tracktr.check.reference` concludes about a printed figure."""

FindingsFormat = Literal["text", "csv", "markdown", "html"]
"""How :meth:`tracktr.check.Findings.render` writes the findings of a report."""
McNemarMethod = Literal["chi2", "chi2_yates", "exact"]
"""McNemar's test of paired yes/no answers: chi-square, with Yates' correction, or exact."""

WaveTest = Literal["independent", "paired", "overlapping"]
"""How two waves' samples relate: no organisation in both, all in both, or some."""

ExportLayout = Literal["auto", "one_header", "two_headers", "three_headers"]
"""The header rows of a platform export: Google/Microsoft Forms, SurveyMonkey, Qualtrics."""


def check_choice(value: object, choices: object, *, name: str) -> str:
    """Return `value` if it is one of the strings of a ``Literal`` alias, else raise.

    Parameters
    ----------
    value : object
        The value the caller passed.
    choices : Literal alias
        One of the aliases of this module, such as ``RoundingRule``.
    name : str
        The name of the option, used in the message.

    Returns
    -------
    str
        `value`, unchanged.

    Raises
    ------
    tracktr.UnknownMethodError
        If `value` is not one of the valid strings; the message lists them.

    Examples
    --------
    >>> from tracktr.typing import RoundingRule, check_choice
    >>> check_choice("half_up", RoundingRule, name="rule")
    'half_up'
    """
    valid = _choices(choices)
    if value not in valid:
        listed = ", ".join(repr(v) for v in valid)
        msg = f"`{name}` must be one of {listed}; got {value!r}."
        raise UnknownMethodError(msg)
    return str(value)


def check_survey(
    survey: object, *, needs: tuple[str, ...] = ("spec",), optional: bool = False
) -> None:
    """Raise unless `survey` is a codebook: a :class:`tracktr.Survey`, or an object like one.

    A path, a mapping or a list of question ids passed as ``survey=`` had failed deep in
    tabulation with a bare ``AttributeError``.

    Parameters
    ----------
    survey : object
        What the caller passed as the survey.
    needs : tuple of str
        The methods or attributes the caller reads (``spec`` for a table; a tab book also
        reads ``questions`` and ``columns``).
    optional : bool
        Whether ``None`` (no codebook) is accepted.

    Raises
    ------
    tracktr.InvalidOptionError
        If `survey` lacks one of them; the hint says how to make a survey of what was given.

    Examples
    --------
    >>> import tracktr as tt
    >>> from tracktr.typing import check_survey
    >>> check_survey(tt.surveys.tracktr_2015())
    >>> check_survey("codebook.toml")
    Traceback (most recent call last):
    ...
    tracktr.exceptions.InvalidOptionError: `survey` must be a tracktr.Survey (a codebook); ...
    ...
    """
    missing = [name for name in needs if not hasattr(survey, name)]
    if not missing or (optional and survey is None):
        return
    shown = repr(survey)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    msg = f"`survey` must be a tracktr.Survey (a codebook); got {type(survey).__name__} {shown}."
    if isinstance(survey, str) or hasattr(survey, "__fspath__"):
        hint = "read the codebook first: survey=tt.Survey.from_toml(path)."
    elif isinstance(survey, dict):
        hint = "make the codebook first: survey=tt.Survey.from_dict(mapping)."
    elif isinstance(survey, (list, tuple)):
        hint = "a tab book's questions go in questions=[...]; survey= takes the codebook."
    else:
        hint = f"pass a tt.Survey (this object has no {', '.join(missing)})."
    raise InvalidOptionError(f"{msg}\n\nHint: {hint}")


_CHOICES: dict[int, tuple[object, tuple[Any, ...]]] = {}


def _choices(alias: object) -> tuple[Any, ...]:
    """Return the strings of a ``Literal`` alias, kept by the alias's identity.

    A table checks three or four options a call: ``typing.get_args`` (and hashing an
    alias, which hashes its strings) cost more than the rest of those checks.
    """
    kept = _CHOICES.get(id(alias))
    if kept is not None and kept[0] is alias:
        return kept[1]
    valid = get_args(alias)
    if len(_CHOICES) >= 256:  # aliases are module constants; a caller's own may come and go
        _CHOICES.clear()
    _CHOICES[id(alias)] = (alias, valid)
    return valid


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

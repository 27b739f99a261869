"""Question types: frozen objects that say what a column may hold and who is asked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from tracktr._numbers import as_code
from tracktr.survey._routing import Condition
from tracktr.typing import QuestionType

__all__ = [
    "Band",
    "GridQuestion",
    "Item",
    "MultiQuestion",
    "NumericQuestion",
    "Option",
    "OrdinalQuestion",
    "Question",
    "SingleQuestion",
    "TextQuestion",
]

MultiForm = Literal["indicator", "delimited", "slots"]


@dataclass(frozen=True, slots=True)
class Option:
    """One answer option: its numeric code and its label.

    Attributes
    ----------
    code : int
        The code a raw export may hold instead of the label.
    label : str
        The label, as printed; prepared frames hold labels.
    dont_know : bool
        An answer outside the scale ("Don't know"): counted as an answer, but tables can
        leave it out of the base.
    exclusive : bool
        In a multi-response set, an option that cannot be ticked with any other
        ("None of these").
    column : str or None
        In a multi-response set in indicator form, the binary column of this option.

    Examples
    --------
    >>> from tracktr.survey import Option
    >>> Option(9, "Don't know", dont_know=True)
    Option(code=9, label="Don't know", dont_know=True, exclusive=False, column=None)
    """

    code: int
    label: str
    dont_know: bool = False
    exclusive: bool = False
    column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook mapping of the option (defaults left out)."""
        out: dict[str, Any] = {"code": self.code, "label": self.label}
        if self.dont_know:
            out["dont_know"] = True
        if self.exclusive:
            out["exclusive"] = True
        if self.column is not None:
            out["column"] = self.column
        return out


@dataclass(frozen=True, slots=True)
class Item:
    """One row of a grid: a short id, its label and its data column.

    Examples
    --------
    >>> from tracktr.survey import Item
    >>> Item("men", "Men", "group_impact_men").column
    'group_impact_men'
    """

    id: str
    label: str
    column: str

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook mapping of the item."""
        return {"id": self.id, "label": self.label, "column": self.column}


@dataclass(frozen=True, slots=True)
class Band:
    """A published band of a numeric question: ``min <= value < max`` (open ends allowed).

    Examples
    --------
    >>> from tracktr.survey import Band
    >>> Band("Under £100,000", None, 100_000).contains(99_999.5)
    True
    """

    label: str
    min: float | None = None
    max: float | None = None

    def contains(self, value: float) -> bool:
        """Return whether `value` falls in the band."""
        return (self.min is None or value >= self.min) and (self.max is None or value < self.max)

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook mapping of the band."""
        out: dict[str, Any] = {"label": self.label}
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        return out


@dataclass(frozen=True, slots=True)
class Question:
    """What every question has: an id, the wording, routing and provenance.

    Use the subclasses (:class:`SingleQuestion`, :class:`OrdinalQuestion`,
    :class:`MultiQuestion`, :class:`GridQuestion`, :class:`NumericQuestion`,
    :class:`TextQuestion`); :meth:`tracktr.Survey.from_dict` builds them from a codebook.

    Attributes
    ----------
    id : str
        A short snake_case id; also the data column of one-column questions.
    text : str
        The question wording, as asked (or printed).
    options : tuple of Option
        The answer options (the shared scale of a grid).
    ask_if : Condition or None
        Who is asked; ``None`` means everyone.
    base : str or None
        Who is asked, in words ("organisations funded by a CRC"), for base lines.
    source : str or None
        Where a report presents the question ("Graph 1").
    note : str or None
        Anything a reader of the codebook should know.
    inferred : bool
        True where the options were inferred rather than copied from a questionnaire.
    nets : tuple of (str, tuple of str)
        Net categories shown beside the options ("Agree": "Strongly agree" and "Agree"),
        in display order; single, ordinal and grid questions.
    scores : tuple of (str, float)
        A score per option of a scale, for the mean score row; options without a score
        (such as "Don't know") are left out of the mean.

    Examples
    --------
    >>> import tracktr as tt
    >>> q = tt.SingleQuestion("role", "What is your role?", options=tt.survey.options(["A", "B"]))
    >>> q.type, q.columns, q.labels
    ('single', ('role',), ('A', 'B'))
    """

    type: ClassVar[QuestionType]

    id: str
    text: str
    options: tuple[Option, ...] = ()
    ask_if: Condition | None = None
    base: str | None = None
    source: str | None = None
    note: str | None = None
    inferred: bool = False
    nets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    scores: tuple[tuple[str, float], ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """The data columns the question occupies."""
        return (self.id,)

    @property
    def labels(self) -> tuple[str, ...]:
        """Option labels in codebook order."""
        return tuple(o.label for o in self.options)

    @property
    def dont_know(self) -> tuple[str, ...]:
        """Labels of the options outside the scale."""
        return tuple(o.label for o in self.options if o.dont_know)

    def option(self, value: object) -> Option | None:
        """Return the option whose label or code is `value`, or ``None``."""
        for o in self.options:
            if value == o.label:
                return o
        code = _as_code(value)
        if code is not None:
            for o in self.options:
                if o.code == code:
                    return o
        return None

    def _extra_dict(self) -> dict[str, Any]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook mapping of the question (defaults left out).

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.TextQuestion("comments", "Anything else?").to_dict()
        {'id': 'comments', 'type': 'text', 'text': 'Anything else?'}
        """
        out: dict[str, Any] = {"id": self.id, "type": self.type, "text": self.text}
        if self.source is not None:
            out["source"] = self.source
        if self.base is not None:
            out["base"] = self.base
        if self.ask_if is not None:
            out["ask_if"] = self.ask_if.to_dict()
        out.update(self._extra_dict())
        if self.options:
            out["options"] = [o.to_dict() for o in self.options]
        if self.nets:
            out["nets"] = {name: list(members) for name, members in self.nets}
        if self.scores:
            out["scores"] = dict(self.scores)
        if self.inferred:
            out["inferred"] = True
        if self.note is not None:
            out["note"] = self.note
        return out


def _as_code(value: object) -> int | None:
    """Return `value` as an integer code when it is one (3, 3.0, "3"), else None.

    Numbers are read by :func:`tracktr._numbers.parse_number`, the one reader of numbers.
    """
    return as_code(value)


@dataclass(frozen=True, slots=True)
class SingleQuestion(Question):
    """One answer from an unordered list of options.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.SingleQuestion("setting", "Where do you work?").type
    'single'
    """

    type: ClassVar[QuestionType] = "single"


@dataclass(frozen=True, slots=True)
class OrdinalQuestion(Question):
    """One answer from an ordered scale; options marked ``dont_know`` lie outside it.

    Examples
    --------
    >>> import tracktr as tt
    >>> labels = ["Better", "Same", "Worse", "Don't know"]
    >>> scale = tt.survey.options(labels, dont_know=["Don't know"])
    >>> tt.OrdinalQuestion("impact", "How has it changed?", options=scale).scale
    ('Better', 'Same', 'Worse')
    """

    type: ClassVar[QuestionType] = "ordinal"

    @property
    def scale(self) -> tuple[str, ...]:
        """The labels on the scale, in order (options outside it left out)."""
        return tuple(o.label for o in self.options if not o.dont_know)


@dataclass(frozen=True, slots=True)
class MultiQuestion(Question):
    """Tick all that apply: one binary column per option, one delimited text column, or slots.

    Attributes
    ----------
    form : {"indicator", "delimited", "slots"}
        ``"indicator"``: one column per option (``Option.column``) holding 1/0 or
        True/False. ``"delimited"``: the column `id` holds the ticked labels joined by
        `separator`. ``"slots"``: category-coded slot columns (`slots`), each holding
        one answer (an option label, or its code before :meth:`tracktr.Survey.prepare`)
        or a blank; the form of coded open questions and of many SPSS files.
    separator : str
        The separator of the delimited form. A cell that gives an option twice ("A;A")
        is a validation failure (``duplicate_option``).
    slots : tuple of str
        The slot columns of the slots form (``a1_1`` ... ``a1_6``), in order of mention.
        They are read as a set: a blank slot between two answers is allowed (the order
        of mention is not counted), an option given in two slots of one respondent is a
        validation failure (``duplicate_slot``) and counts once, and a respondent whose
        slots are all blank has no answer (skipped, or not asked where routed out).
    true_codes, false_codes : tuple of str
        For an indicator set coded yes/no ("Oui"/"Non", "Selected"/"Not selected"): the
        codes meaning ticked and not ticked, which :meth:`tracktr.Survey.prepare` turns
        into 1 and 0 (``true = [...]`` and ``false = [...]`` in a codebook).

    Examples
    --------
    >>> import tracktr as tt
    >>> opts = tt.survey.options(["Prison", "Community", "None"], exclusive=["None"])
    >>> q = tt.MultiQuestion("where", "Where?", options=opts)
    >>> q.columns
    ('where_1', 'where_2', 'where_3')
    >>> q.exclusive
    ('None',)
    >>> coded = tt.MultiQuestion("a1", "Likes", options=opts, form="slots", slots=("a1_1", "a1_2"))
    >>> coded.columns
    ('a1_1', 'a1_2')
    """

    type: ClassVar[QuestionType] = "multi"

    form: MultiForm = "indicator"
    separator: str = ";"
    true_codes: tuple[str, ...] = ()
    false_codes: tuple[str, ...] = ()
    slots: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """One column per option (indicator), the id (delimited) or the slot columns."""
        if self.form == "delimited":
            return (self.id,)
        if self.form == "slots":
            return self.slots
        return tuple(o.column or f"{self.id}_{o.code}" for o in self.options)

    @property
    def exclusive(self) -> tuple[str, ...]:
        """Labels of the options that cannot be ticked with others."""
        return tuple(o.label for o in self.options if o.exclusive)

    def _extra_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"form": self.form}
        if self.form == "delimited":
            out["separator"] = self.separator
        if self.form == "slots":
            out["slots"] = list(self.slots)
        if self.true_codes:
            out["true"] = list(self.true_codes)
        if self.false_codes:
            out["false"] = list(self.false_codes)
        return out


@dataclass(frozen=True, slots=True)
class GridQuestion(Question):
    """Several items rated on one shared scale (`options`), one column per item.

    Examples
    --------
    >>> import tracktr as tt
    >>> q = tt.GridQuestion(
    ...     "rating",
    ...     "How do you rate...",
    ...     options=tt.survey.options(["Good", "Poor"]),
    ...     items=(tt.survey.Item("crc", "CRCs", "rating_crc"),),
    ... )
    >>> q.columns
    ('rating_crc',)
    """

    type: ClassVar[QuestionType] = "grid"

    items: tuple[Item, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """One column per item."""
        return tuple(i.column for i in self.items)

    def _extra_dict(self) -> dict[str, Any]:
        return {"items": [i.to_dict() for i in self.items]}


@dataclass(frozen=True, slots=True)
class NumericQuestion(Question):
    """A number, with optional bounds and the bands a report publishes it in.

    Attributes
    ----------
    min, max : float or None
        Inclusive bounds.
    integer : bool
        Whether only whole numbers are valid.
    bands : tuple of Band
        Published bands, in order.

    Examples
    --------
    >>> import tracktr as tt
    >>> q = tt.NumericQuestion("share", "What share is at risk?", min=0, max=100)
    >>> q.in_bounds(100), q.in_bounds(101)
    (True, False)
    """

    type: ClassVar[QuestionType] = "numeric"

    min: float | None = None
    max: float | None = None
    integer: bool = False
    bands: tuple[Band, ...] = ()

    def in_bounds(self, value: float) -> bool:
        """Return whether `value` lies within the bounds."""
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def bounds_text(self) -> str:
        """Describe the valid answers: "a number between 0 and 10", "... of at least 0".

        An open bound is left out, never printed as None.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.NumericQuestion("n", "How many?", min=0).bounds_text()
        'a number of at least 0'
        >>> tt.NumericQuestion("n", "How many?", min=0, max=10).bounds_text()
        'a number between 0 and 10'
        """
        if self.min is not None and self.max is not None:
            return f"a number between {self.min} and {self.max}"
        if self.min is not None:
            return f"a number of at least {self.min}"
        if self.max is not None:
            return f"a number of at most {self.max}"
        return "a number"

    def band_of(self, value: float) -> str | None:
        """Return the label of the band holding `value`, or ``None``."""
        for band in self.bands:
            if band.contains(value):
                return band.label
        return None

    def _extra_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        if self.integer:
            out["integer"] = True
        if self.bands:
            out["bands"] = [b.to_dict() for b in self.bands]
        return out


@dataclass(frozen=True, slots=True)
class TextQuestion(Question):
    """Free text; validated only as text.

    Examples
    --------
    >>> import tracktr as tt
    >>> tt.TextQuestion("other", "Other (please specify)").type
    'text'
    """

    type: ClassVar[QuestionType] = "text"


QUESTION_CLASSES: dict[str, type[Question]] = {
    cls.type: cls
    for cls in (
        SingleQuestion,
        OrdinalQuestion,
        MultiQuestion,
        GridQuestion,
        NumericQuestion,
        TextQuestion,
    )
}


def options(
    labels: list[str] | tuple[str, ...],
    *,
    dont_know: list[str] | tuple[str, ...] = (),
    exclusive: list[str] | tuple[str, ...] = (),
) -> tuple[Option, ...]:
    """Return options coded 1, 2, ... from a list of labels.

    Examples
    --------
    >>> import tracktr as tt
    >>> [o.code for o in tt.survey.options(["Yes", "No"])]
    [1, 2]
    """
    return tuple(
        Option(i, label, dont_know=label in dont_know, exclusive=label in exclusive)
        for i, label in enumerate(labels, start=1)
    )

"""Codebooks: describe a survey once, then validate, prepare and tabulate from it.

A :class:`~tracktr.Survey` holds typed questions (:class:`~tracktr.SingleQuestion`,
:class:`~tracktr.OrdinalQuestion`, :class:`~tracktr.MultiQuestion`, :class:`~tracktr.GridQuestion`,
:class:`~tracktr.NumericQuestion`, :class:`~tracktr.TextQuestion`), each with its options, wording
and an optional routing condition (:class:`Is`, :class:`All`, :class:`AnyOf`, :class:`Not`).
Codebooks are TOML files or the same structure as a mapping.

Examples
--------
>>> import tracktr as tt
>>> survey = tt.surveys.tracktr_2015()
>>> survey.question("crc_role").ask_if
Is(question='main_funding', values=('Funded by a CRC',))
"""

from __future__ import annotations

from tracktr.survey._codebook import check_questions, question_from_dict
from tracktr.survey._questions import (
    Band,
    GridQuestion,
    Item,
    MultiQuestion,
    NumericQuestion,
    Option,
    OrdinalQuestion,
    Question,
    SingleQuestion,
    TextQuestion,
    options,
)
from tracktr.survey._routing import All, AnyOf, Condition, Is, Not, condition_from_dict
from tracktr.survey._survey import Survey
from tracktr.survey._toml import read_toml, write_toml
from tracktr.survey._validate import FAILURE_COLUMNS, Prepared

__all__ = [
    "FAILURE_COLUMNS",
    "All",
    "AnyOf",
    "Band",
    "Condition",
    "GridQuestion",
    "Is",
    "Item",
    "MultiQuestion",
    "Not",
    "NumericQuestion",
    "Option",
    "OrdinalQuestion",
    "Prepared",
    "Question",
    "SingleQuestion",
    "Survey",
    "TextQuestion",
    "check_questions",
    "condition_from_dict",
    "options",
    "question_from_dict",
    "read_toml",
    "write_toml",
]


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

"""What tabulation needs to know about a question, whoever describes it.

A :class:`QuestionSpec` is built either from explicit options passed to a tabulation
function or by a codebook (:meth:`tracktr.Survey.spec`). Tabulation reads nothing else,
so a survey described by hand and one described by a codebook tabulate the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracktr.typing import QuestionType

__all__ = ["QuestionSpec"]


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """The tabulation-relevant facts about one question.

    Attributes
    ----------
    question : str
        The question id.
    type : QuestionType
        ``"single"``, ``"ordinal"``, ``"multi"``, ``"grid"``, ``"numeric"`` or ``"text"``.
    options : tuple of str
        Option labels in display order, including options outside the scale such as
        "Don't know". Empty means "the values found in the data, in sorted order".
    dont_know : tuple of str
        The options that are answers but outside the scale.
    exclusive : tuple of str
        Multi-response options that cannot be ticked with others ("None of these").
    columns : tuple of str
        The data columns: ``(question,)`` for single and ordinal questions and for a
        delimited multi-response column; one binary column per option (aligned with
        `options`) for a multi-response set in indicator form; one column per item for a
        grid.
    items : tuple of str
        Grid item labels, aligned with `columns`.
    separator : str or None
        For a multi-response set stored as one delimited text column.
    slots : bool
        For a multi-response set in category-coded slot columns: `columns` are the
        slots, each holding one option label or a blank.
    title : str or None
        The question wording.
    base_description : str or None
        Who is asked, e.g. "organisations funded by a CRC who answered".
    nets : tuple of (str, tuple of str)
        Net categories and the options they are made of.
    scores : tuple of (str, float)
        Scores of the options of a scale, for a mean score.

    Examples
    --------
    >>> from tracktr.spec import QuestionSpec
    >>> QuestionSpec("role", "single", options=("Tier 2", "Tier 3"), columns=("role",)).type
    'single'
    """

    question: str
    type: QuestionType
    options: tuple[str, ...] = ()
    dont_know: tuple[str, ...] = ()
    exclusive: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    separator: str | None = None
    slots: bool = False
    title: str | None = None
    base_description: str | None = None
    nets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    scores: tuple[tuple[str, float], ...] = ()


def __dir__() -> list[str]:
    """Only the public names, as listed in ``__all__`` (what ``dir()`` and completion show)."""
    return sorted(__all__)

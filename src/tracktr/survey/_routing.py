"""Routing conditions: who is asked a question, as structured data that is never evaluated.

A condition is one of four shapes, read from a codebook mapping:

- ``{question = "main_funding", in = ["Funded by a CRC"]}`` -- the respondent's answer to
  `question` is one of the listed option labels (for a multi-response set: at least one of
  them is ticked; for a grid, ``item = "demand"`` names the item, by id or label);
- ``{all = [cond, cond, ...]}`` -- every condition holds;
- ``{any = [cond, cond, ...]}`` -- at least one holds;
- ``{not = cond}`` -- the condition does not hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

__all__ = ["All", "AnyOf", "Condition", "Is", "Not", "condition_from_dict"]


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
class Is:
    """The answer to `question` (to its `item`, for a grid) is one of `values`.

    Examples
    --------
    >>> from tracktr.survey import Is
    >>> Is("main_funding", ("Funded by a CRC",)).describe()
    "main_funding is 'Funded by a CRC'"
    >>> Is("views", ("Agree",), item="demand").describe()
    "views (demand) is 'Agree'"
    """

    question: str
    values: tuple[str, ...]
    item: str | None = None

    def __repr__(self) -> str:
        item = "" if self.item is None else f", item={self.item!r}"
        return f"Is(question={self.question!r}, values={self.values!r}{item})"

    def questions(self) -> Iterator[str]:
        """Yield the question ids the condition reads."""
        yield self.question

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook mapping of the condition."""
        out: dict[str, Any] = {"question": self.question}
        if self.item is not None:
            out["item"] = self.item
        out["in"] = list(self.values)
        return out

    def describe(self) -> str:
        """Return the condition in words."""
        listed = " or ".join(repr(v) for v in self.values)
        item = "" if self.item is None else f" ({self.item})"
        return f"{self.question}{item} is {listed}"


@dataclass(frozen=True, slots=True)
class All:
    """Every one of `conditions` holds.

    Examples
    --------
    >>> from tracktr.survey import All, Is
    >>> All((Is("a", ("Yes",)), Is("b", ("No",)))).describe()
    "a is 'Yes' and b is 'No'"
    """

    conditions: tuple[Condition, ...]

    def questions(self) -> Iterator[str]:
        """Yield the question ids the condition reads."""
        for condition in self.conditions:
            yield from condition.questions()

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook mapping of the condition."""
        return {"all": [c.to_dict() for c in self.conditions]}

    def describe(self) -> str:
        """Return the condition in words."""
        return " and ".join(_paren(c) for c in self.conditions)


@dataclass(frozen=True, slots=True)
class AnyOf:
    """At least one of `conditions` holds (``any`` in a codebook).

    Examples
    --------
    >>> from tracktr.survey import AnyOf, Is
    >>> AnyOf((Is("a", ("Yes",)), Is("b", ("No",)))).describe()
    "a is 'Yes' or b is 'No'"
    """

    conditions: tuple[Condition, ...]

    def questions(self) -> Iterator[str]:
        """Yield the question ids the condition reads."""
        for condition in self.conditions:
            yield from condition.questions()

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook mapping of the condition."""
        return {"any": [c.to_dict() for c in self.conditions]}

    def describe(self) -> str:
        """Return the condition in words."""
        return " or ".join(_paren(c) for c in self.conditions)


@dataclass(frozen=True, slots=True)
class Not:
    """`condition` does not hold.

    Examples
    --------
    >>> from tracktr.survey import Is, Not
    >>> Not(Is("a", ("Yes",))).describe()
    "not (a is 'Yes')"
    """

    condition: Condition

    def questions(self) -> Iterator[str]:
        """Yield the question ids the condition reads."""
        yield from self.condition.questions()

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook mapping of the condition."""
        return {"not": self.condition.to_dict()}

    def describe(self) -> str:
        """Return the condition in words."""
        return f"not ({self.condition.describe()})"


Condition: TypeAlias = Is | All | AnyOf | Not
"""A routing condition."""


def _paren(condition: Condition) -> str:
    text = condition.describe()
    return f"({text})" if isinstance(condition, All | AnyOf) else text


_KEYS = ("question", "all", "any", "not")

MAX_DEPTH = 50
"""How deeply ``all``/``any``/``not`` may nest in one routing condition.

Real questionnaires nest two or three levels; the limit turns a runaway (or generated)
codebook into a :class:`tracktr.CodebookError` instead of a ``RecursionError``.
"""


def depth(condition: Condition) -> int:
    """Return how many levels `condition` nests (an ``in`` test is 1), without recursion.

    Examples
    --------
    >>> from tracktr.survey import Is, Not
    >>> from tracktr.survey._routing import depth
    >>> depth(Not(Not(Is("a", ("Yes",)))))
    3
    """
    deepest = 0
    stack: list[tuple[Condition, int]] = [(condition, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(node, Not):
            stack.append((node.condition, level + 1))
        elif isinstance(node, All | AnyOf):
            stack.extend((child, level + 1) for child in node.conditions)
    return deepest


def condition_from_dict(mapping: object, *, where: str, _level: int = 1) -> Condition:
    """Build a condition from its codebook mapping.

    Parameters
    ----------
    mapping : Mapping
        ``{question=..., in=[...]}``, ``{all=[...]}``, ``{any=[...]}`` or ``{not=...}``.
    where : str
        Where the mapping comes from, for error messages (file and question).

    Returns
    -------
    Condition

    Raises
    ------
    tracktr.CodebookError
        If the mapping has none or several of the shapes, or an ``in`` that is not a list.

    Examples
    --------
    >>> from tracktr.survey import condition_from_dict
    >>> condition_from_dict({"question": "a", "in": ["Yes"]}, where="example")
    Is(question='a', values=('Yes',))
    """
    from tracktr.exceptions import CodebookError

    hint = (
        'Hint: write a condition as {question = "id", in = ["Option", ...]}, '
        "or combine conditions with {all = [...]}, {any = [...]} or {not = {...}}."
    )
    if not isinstance(mapping, Mapping):
        msg = f"{where}: a routing condition must be a table, got {mapping!r}.\n\n{hint}"
        raise CodebookError(msg)
    if _level > MAX_DEPTH:
        msg = (
            f"{where}: the routing condition nests more than {MAX_DEPTH} levels of "
            "all/any/not.\n\nHint: simplify it: not (not X) is X, and nested all/any of "
            "the same kind can be one list."
        )
        raise CodebookError(msg)
    shapes = [key for key in _KEYS if key in mapping]
    if len(shapes) != 1:
        msg = (
            f"{where}: a routing condition needs exactly one of {_KEYS}, "
            f"got {dict(mapping)!r}.\n\n{hint}"
        )
        raise CodebookError(msg)
    shape = shapes[0]
    allowed = {"question", "in", "item"} if shape == "question" else {shape}
    extra = sorted(set(mapping) - allowed)
    if extra:
        msg = f"{where}: unknown keys {extra} in routing condition {dict(mapping)!r}.\n\n{hint}"
        raise CodebookError(msg)
    if shape == "question":
        values = mapping.get("in")
        if not isinstance(values, list | tuple) or not values:
            msg = (
                f"{where}: routing on {mapping['question']!r} needs a non-empty list `in`."
                f"\n\n{hint}"
            )
            raise CodebookError(msg)
        item = mapping.get("item")
        return Is(
            str(mapping["question"]),
            tuple(str(v) for v in values),
            item=None if item is None else str(item),
        )
    if shape == "not":
        return Not(condition_from_dict(mapping["not"], where=where, _level=_level + 1))
    parts = mapping[shape]
    if not isinstance(parts, list | tuple) or not parts:
        msg = f"{where}: `{shape}` needs a non-empty list of conditions.\n\n{hint}"
        raise CodebookError(msg)
    built = tuple(condition_from_dict(part, where=where, _level=_level + 1) for part in parts)
    return All(built) if shape == "all" else AnyOf(built)

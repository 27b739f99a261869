"""One share per pooled respondent: who is in its base and who counts, for any question type.

:func:`tracktr.waves.change` compares one share between two waves: the share choosing an
option (or a net) of a single or ordinal question, the share ticking an option of a
multi-response set, or the share choosing an option (or a net) on one item of a grid. Each
is a yes/no answer per respondent, read here with the rules :mod:`tracktr.tabulate` counts
by (its own readers for multi-response sets), so that each wave's count and base are those
of the trend table. The organisations in the base of both waves are then paired on their
persistent id (:func:`overlap_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._text import a_kind
from tracktr.exceptions import InvalidOptionError, QuestionNotFoundError
from tracktr.typing import DontKnowPolicy, check_choice
from tracktr.waves.pool import Pooled

__all__ = ["Share", "item_column", "overlap_table", "share", "shares"]

Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Share:
    """A yes/no answer per pooled row: `base` (in the base) and `yes` (counted)."""

    base: Bools
    yes: Bools
    what: str
    item: str | None
    option: str
    chosen: tuple[str, ...] = ()  # the options counted (a net's members)


def item_column(pooled: Pooled, question: str, item: str | None) -> tuple[str, str]:
    """Return (column, label) of a grid item named by its id, label or column."""
    grid = pooled.survey.question(question)
    items = getattr(grid, "items", ())
    if item is None:
        names = [i.id for i in items]
        msg = f"question {question!r} is a grid; name one of its items {names} with `item=`."
        hint = "Hint: pass item= one of them (tt.waves.changes() compares every item at once)."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    for i in items:
        if item in (i.id, i.label, i.column):
            return i.column, i.label
    names = [i.id for i in items]
    msg = f"question {question!r}: {item!r} is not one of its items {names}."
    raise QuestionNotFoundError(f"{msg}\n\nHint: name an item by its id, label or column.")


def _chosen(
    option: str | Sequence[str],
    shown: Sequence[str],
    nets: dict[str, tuple[str, ...]],
    question: str,
) -> tuple[list[str], str]:
    """Return the options counted and a label: an option, several (a net), or a declared net."""
    if isinstance(option, str) and option in nets and option not in shown:
        members = list(nets[option])
        outside = [m for m in members if m not in shown]
        if outside:
            msg = (
                f"question {question!r}: net {option!r} is made of {members}, but {outside} "
                f"are not in the base {list(shown)}."
            )
            hint = "Hint: a net of don't know answers needs dont_know='include'."
            raise QuestionNotFoundError(f"{msg}\n\n{hint}")
        return members, repr(option)
    chosen = [option] if isinstance(option, str) else list(option)
    if not chosen:
        msg = f"question {question!r}: `option` names no option; the share needs at least one."
        hint = f"Hint: name one or more of {list(shown)}."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    unknown = [o for o in chosen if o not in shown]
    if unknown:
        msg = (
            f"question {question!r}: option(s) {unknown} are not among the options "
            f"in the base {list(shown)}" + (f" or its nets {list(nets)}." if nets else ".")
        )
        hint = (
            "Hint: name options of the pooled codebook; don't know is out with dont_know='exclude'."
        )
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    return chosen, " or ".join(repr(c) for c in chosen)


def share(
    pooled: Pooled,
    question: str,
    option: str | Sequence[str],
    *,
    item: str | None = None,
    dont_know: DontKnowPolicy = "include",
) -> Share:
    """Read one share of any single, ordinal, multi-response or grid question.

    Raises
    ------
    tracktr.QuestionNotFoundError
        If the question, item or an option is not in the pooled codebook.
    tracktr.InvalidOptionError
        If a grid has no `item`, or another type has one; for numeric and text questions.
    """
    check_choice(dont_know, DontKnowPolicy, name="dont_know")
    spec = pooled.survey.spec(question)
    nets = dict(spec.nets)
    if spec.type != "grid" and item is not None:
        msg = f"`item` is for grids; question {question!r} is {a_kind(spec.type)} question."
        raise InvalidOptionError(msg)
    if spec.type in ("single", "ordinal", "grid"):
        column, label = spec.columns[0], None
        if spec.type == "grid":
            column, label = item_column(pooled, question, item)
        shown = [o for o in spec.options if dont_know == "include" or o not in spec.dont_know]
        values = pooled.data[column].astype(object)
        chosen, what = _chosen(option, shown, nets, question)
        base = values.isin(shown).to_numpy(dtype=bool)
        yes = values.isin(chosen).to_numpy(dtype=bool)
        name = option if isinstance(option, str) else " or ".join(chosen)
        what = what if label is None else f"{what} for {label!r}"
        return Share(base, yes, what, label, name, tuple(chosen))
    if spec.type == "multi":
        from tracktr.tabulate import _multi_answered

        read, ticks, answered, _ = _multi_answered(
            pooled.data,
            question,
            survey=pooled.survey,
            columns=None,
            options=None,
            separator=None,
            exclusive=(),
            empty="skipped",
        )
        shown = [o for o in read.options if dont_know == "include" or o not in read.dont_know]
        chosen, what = _chosen(option, shown, nets, question)
        if dont_know == "exclude":  # as the trend table's base: who ticked only don't know out
            from tracktr.tabulate._multi import without_only_dont_know

            answered = without_only_dont_know(read, ticks, answered)
        rows = [read.options.index(c) for c in chosen]
        yes = np.asarray(ticks[rows].any(axis=0), dtype=bool) & answered
        name = option if isinstance(option, str) else " or ".join(chosen)
        answered = np.asarray(answered, dtype=bool)
        return Share(answered, yes, f"ticking {what}", None, name, tuple(chosen))
    msg = f"question {question!r} is {a_kind(spec.type)} question; change() compares shares."
    hint = "Hint: band a numeric question first (tt.recode.band), then pool it."
    raise InvalidOptionError(f"{msg}\n\n{hint}")


def shares(
    pooled: Pooled, question: str, *, dont_know: DontKnowPolicy = "include"
) -> list[tuple[str | None, str]]:
    """Return every (item, option) of a question that :func:`share` reads, then its nets."""
    spec = pooled.survey.spec(question)
    if spec.type not in ("single", "ordinal", "multi", "grid"):
        msg = f"question {question!r} is {a_kind(spec.type)} question; changes() compares shares."
        hint = "Hint: band a numeric question first (tt.recode.band), then pool it."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    shown = [o for o in spec.options if dont_know == "include" or o not in spec.dont_know]
    # A net holding don't know has no share with dont_know="exclude" (share() refuses it).
    nets = [n for n, members in spec.nets if n not in shown and set(members) <= set(shown)]
    options = [*shown, *nets]
    if spec.type != "grid":
        return [(None, o) for o in options]
    items = getattr(pooled.survey.question(question), "items", ())
    return [(i.id, o) for i in items for o in options]


def overlap_table(
    pooled: Pooled,
    read: Share,
    waves: tuple[str, str],
    weights: npt.NDArray[np.float64] | None = None,
) -> tuple[list[list[float]], int]:
    """Pair the organisations in the base of both waves: their 2x2 table and their number.

    Rows the first wave (yes, no), columns the second. With `weights`, each organisation
    counts the product of its two weights (the cross term of the linearised covariance,
    see :mod:`tracktr.waves.overlap`); without, 1.
    """
    one, two = waves
    if pooled.id is None:
        return [[0, 0], [0, 0]], 0
    wave = pooled.data[pooled.wave_column].astype(object).to_numpy()
    ids = pooled.data[pooled.id].to_numpy(dtype=object)
    weight = np.ones(len(wave)) if weights is None else weights
    rows1 = np.flatnonzero((wave == one) & read.base)
    rows2 = np.flatnonzero((wave == two) & read.base)
    # ids are unique within a wave (pool() checks), so each first-wave row finds at most one
    position = pd.Index(ids[rows2]).get_indexer(ids[rows1])
    found = position >= 0
    first, second = rows1[found], rows2[position[found]]
    m = len(first)
    if not m:
        return [[0, 0], [0, 0]], 0
    product = weight[first] * weight[second]
    y1, y2 = read.yes[first], read.yes[second]
    cells = [
        [product[y1 & y2].sum(), product[y1 & ~y2].sum()],
        [product[~y1 & y2].sum(), product[~y1 & ~y2].sum()],
    ]
    if weights is None:
        return [[int(v) for v in row] for row in cells], m
    return [[float(v) for v in row] for row in cells], m

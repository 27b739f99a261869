"""Reading a harmonisation's declaration: its keys, wave labels and per-question maps.

:class:`tracktr.waves.Harmonisation` (in :mod:`tracktr.waves.harmonise`) takes the TOML
or mapping form apart here, before it resolves the maps against each wave's codebook.
Every problem is a :class:`tracktr.CodebookError` naming the wave and the question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd

from tracktr._columns import repeated
from tracktr.exceptions import CodebookError
from tracktr.missing import MARKERS

__all__ = ["QuestionMap", "WaveMap"]

_TOP_KEYS = {"waves", "questions", "title", "description"}
_QUESTION_KEYS = {
    "id", "text", "options", "dont_know", "waves", "drop", "nets", "routing_differs"
}  # fmt: skip
_WAVE_KEYS = {"question", "map", "absent"}
_MAPPABLE = ("single", "ordinal", "grid")
_RENAMEABLE = (*_MAPPABLE, "multi")  # a tick set's options are renamed one to one, not merged


_RESERVED = {"all": "All", "total": "Total"}


def _wave_label_problem(label: object) -> tuple[str, str] | None:
    """Return why `label` cannot name a wave and the fix, or None if it can.

    A wave's label becomes a column of every trend table, part of the pooled key
    ``"<wave>/<id>"`` and of the banner columns ``"<wave>: <group>"``, and an option of the
    pooled ``wave`` question: it must not be the label of a total column ("All", as
    :func:`tracktr.frequencies` names it, or "Total", as tab books do), contain ``"/"`` or
    ``": "``, be a missing-value marker, be blank or carry spaces at either end.
    """
    dated = "name the wave by its date or number, e.g. '2015-05'"
    if _is_missing(label):
        # str() made NaN, None and pd.NA the waves 'nan', 'None' and '<NA>'.
        return "is missing (a wave needs a label)", dated
    text = str(label)
    if not text.strip():
        return "is blank", dated
    if text != text.strip():
        return "has spaces at either end", f"use {text.strip()!r}"
    reserved = _RESERVED.get(text.casefold())
    if reserved is not None:
        problem = (
            f"is the label of the total column of tables ({reserved!r}), so a trend table "
            "would have two columns of that name"
        )
        return problem, f"{dated} or '{text} 2015'"
    if "/" in text:
        problem = "contains '/', which separates the wave from the respondent id in the pooled key"
        return problem, f"use e.g. {text.replace('/', '-')!r}"
    if ": " in text:
        problem = "contains ': ', which separates the wave from the group in banner columns"
        return problem, f"use e.g. {text.replace(': ', ' - ')!r}"
    if text in MARKERS:
        return "is a missing-value marker", dated
    return None


def _is_missing(label: object) -> bool:
    """Whether a label is a missing value (None, NaN, pd.NA, NaT), not a name."""
    if label is None:
        return True
    try:
        return bool(pd.api.types.is_scalar(label) and pd.isna(cast("Any", label)))
    except (TypeError, ValueError):  # pragma: no cover - an object whose isna is not a bool
        return False


def _fail(where: str, problem: str, hint: str | None = None) -> CodebookError:
    text = f"{where}: {problem}"
    if hint:
        text += f"\n\nHint: {hint}"
    return CodebookError(text)


@dataclass(frozen=True, slots=True)
class WaveMap:
    """How one wave asked one harmonised question, as declared.

    Attributes
    ----------
    question : str or None
        The question's id in the wave's codebook (``None``: the same as the common id).
    absent : bool
        The wave did not ask the question.
    map : dict
        Option label in the wave -> common option label (options not named keep theirs).

    Examples
    --------
    >>> from tracktr.waves import WaveMap
    >>> WaveMap(question="funding", map={"A CRC": "Funded by a CRC"}).absent
    False
    """

    question: str | None = None
    absent: bool = False
    map: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class QuestionMap:
    """One harmonised question as declared: its common id, options and per-wave maps.

    ``routing_differs`` declares that the waves ask the question of different respondents
    (their ``ask_if`` differ even when read through the map): pooling then notes it on
    the pooled data and on every trend and change of the question, instead of refusing.

    Examples
    --------
    >>> from tracktr.waves import QuestionMap, WaveMap
    >>> QuestionMap("income", waves={"2015-05": WaveMap(absent=True)}).options is None
    True
    """

    id: str
    text: str | None = None
    options: tuple[str, ...] | None = None
    dont_know: tuple[str, ...] | None = None
    waves: Mapping[str, WaveMap] = field(default_factory=dict)
    drop: bool = False
    nets: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    routing_differs: bool = False


# -- reading the declaration -------------------------------------------------------------------


def _question_map(raw: object, waves: tuple[str, ...], where: str) -> QuestionMap:
    if not isinstance(raw, Mapping) or "id" not in raw:
        raise _fail(where, f"every [[questions]] table needs an `id`; got {raw!r}.")
    qid = str(raw["id"])
    here = f"{where}, question {qid!r}"
    unknown = sorted(set(raw) - _QUESTION_KEYS)
    if unknown:
        raise _fail(here, f"unknown keys {unknown}.", f"a question takes {sorted(_QUESTION_KEYS)}.")
    options = _labels(raw.get("options"), here, "options")
    dont_know = _labels(raw.get("dont_know"), here, "dont_know")
    if options is not None:
        twice = repeated(options)
        if twice:
            raise _fail(here, f"common options {twice} are listed more than once.")
        if dont_know is not None and set(dont_know) - set(options):
            extra = sorted(set(dont_know) - set(options))
            raise _fail(here, f"`dont_know` names {extra}, which are not common options.")
    raw_waves = raw.get("waves", {}) or {}
    if not isinstance(raw_waves, Mapping):
        raise _fail(here, "`waves` must be a table of wave -> {question, map, absent}.")
    maps: dict[str, WaveMap] = {}
    for wave, spec in raw_waves.items():
        wave_name = str(wave)
        if wave_name not in waves:
            raise _fail(
                here,
                f"wave {wave_name!r} is not one of the waves {list(waves)}.",
                "check spelling.",
            )
        maps[wave_name] = _wave_map(spec, f"{where}, wave {wave_name!r}, question {qid!r}")
    if maps and all(m.absent for m in maps.values()) and len(maps) == len(waves):
        raise _fail(here, "every wave is declared absent.", "use drop = true to leave it out.")
    routing_differs = raw.get("routing_differs", False)
    if not isinstance(routing_differs, bool):
        raise _fail(here, f"`routing_differs` must be true or false; got {routing_differs!r}.")
    text = raw.get("text")
    return QuestionMap(
        id=qid,
        text=None if text is None else str(text),
        options=options,
        dont_know=dont_know,
        waves=maps,
        drop=bool(raw.get("drop", False)),
        nets=_map_nets(raw.get("nets"), options, here),
        routing_differs=routing_differs,
    )


def _map_nets(
    raw: object, options: tuple[str, ...] | None, here: str
) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """Read ``nets = {Improved = ["Better"]}`` of a pooled question: members are common options."""
    if raw is None:
        return None
    example = 'nets = { "Top 2" = ["Very good", "Good"] }'
    if not isinstance(raw, Mapping):
        raise _fail(here, "`nets` must be a table of net -> list of common options.", example)
    nets: list[tuple[str, tuple[str, ...]]] = []
    for name, members in raw.items():
        labels = _labels(members, here, f"nets.{name}")
        if not labels:
            raise _fail(here, f"net {name!r} has no options.", example)
        if options is not None:
            unknown = [m for m in labels if m not in options]
            if unknown:
                raise _fail(
                    here,
                    f"net {name!r} is made of {unknown}, which are not common options.",
                    f"make nets of the common options {list(options)}.",
                )
            if str(name) in options:
                raise _fail(here, f"net {name!r} has the label of a common option.")
        nets.append((str(name), labels))
    return tuple(nets)


def _labels(raw: object, where: str, key: str) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list | tuple) or not all(isinstance(x, str) for x in raw):
        raise _fail(where, f"`{key}` must be a list of option labels; got {raw!r}.")
    return tuple(raw)


def _wave_map(raw: object, here: str) -> WaveMap:
    if not isinstance(raw, Mapping):
        raise _fail(here, f"expected a table {{question, map, absent}}; got {raw!r}.")
    unknown = sorted(set(raw) - _WAVE_KEYS)
    if unknown:
        raise _fail(here, f"unknown keys {unknown}.", f"a wave takes {sorted(_WAVE_KEYS)}.")
    absent = bool(raw.get("absent", False))
    option_map = raw.get("map", {}) or {}
    if not isinstance(option_map, Mapping):
        raise _fail(here, "`map` must be a table of wave option = common option.")
    if absent and (option_map or "question" in raw):
        raise _fail(here, "a wave declared absent takes no `question` or `map`.")
    clean: dict[str, str] = {}
    for label, target in option_map.items():
        if isinstance(target, list | tuple):
            raise _fail(
                here,
                f"option {label!r} maps to several common options {list(target)}: a split "
                "cannot be undone from the answers.",
                "merge the options the later wave split into one common option, and map "
                "each of them onto it.",
            )
        if not isinstance(target, str):
            raise _fail(here, f"option {label!r} maps to {target!r}, which is not a label.")
        clean[str(label)] = target
    question = raw.get("question")
    return WaveMap(None if question is None else str(question), absent, clean)

"""Harmonisation: how each wave's questions and options map onto one common codebook.

A tracking survey changes between waves: a question is renamed, options are merged or
split, a four-point scale becomes five points, a question is added or dropped. A
:class:`Harmonisation` declares those changes once, in TOML or as a mapping, and
:meth:`Harmonisation.resolve` checks them against the codebook of every wave: each
harmonised question must map every option of every wave onto one option of a common set,
or the map says why it cannot (a :class:`tracktr.CodebookError` naming the wave, the
question and the option).

The TOML form::

    waves = ["2015-05", "2015-10"]

    [[questions]]
    id = "main_funding"                      # the question's id in the pooled codebook
    options = ["Funded by a CRC", "Funded by the NPS", "Not funded by a CRC or the NPS"]

    [questions.waves."2015-05"]
    question = "funding"                     # renamed: its id in that wave
    map = { "A CRC" = "Funded by a CRC", "The NPS" = "Funded by the NPS",
            "Neither" = "Not funded by a CRC or the NPS" }

    [[questions]]
    id = "crc_retendering_transparency"      # added in the second wave
    [questions.waves."2015-05"]
    absent = true

Rules:

- ``options`` (the common set) defaults to the options of the question in the latest
  wave that asks it; ``dont_know`` lists the common options outside the scale (by
  default those marked so in that wave).
- In each wave, an option not named in ``map`` keeps its label, which must then be in the
  common set; several options mapping to one common option merge them.
- A split cannot be undone: an option mapping to a list of common options is an error
  (merge the split options of the later wave instead).
- ``absent = true``: the wave did not ask the question; its respondents are "not asked".
- ``drop = true`` on a question leaves it out of the pooled data on purpose; a question
  that a wave routes on it must be left out too.
- ``nets = { "Top 2" = ["Very good", "Good"] }`` declares the pooled question's nets,
  made of common options (for :func:`tracktr.waves.change`). Without it, the latest
  wave's nets are kept when their options are all common options and left out (with a
  note on the pooled data) when a merge or a rename removed one.
- A question not named in the map is pooled as it is when every wave has it with the same
  type and options; any difference is an error that asks for a declaration.
- Every wave must route a question alike (its ``ask_if``, read through the map: renamed
  questions and mapped options are the same condition). When the waves asked it of
  different respondents, ``routing_differs = true`` declares it, and the pooled data,
  every trend table and every change of the question say that the bases differ by
  routing; without it pooling is refused, as a change of who was asked is not a change
  of the answers. A map that merges an option the routing names with one it does not
  ("Yes, a lot" into "Yes" where the wave asked those who said "Yes") is refused: the
  pooled rows cannot tell who that wave asked.

Single, ordinal and grid questions (whose items must match by id) take option maps.
A multi-response (tick all that apply) question takes renames only: each option of a wave
maps one to one onto an option of the latest wave asking it (its tick column, delimited
label or slot answer is read under the new label), and it takes no common ``options``.
Two tick options mapped onto one are refused, as an organisation that ticked both would
be counted twice: make one "either" tick in that wave before pooling. An option a later
wave added (the latest wave's option that an earlier wave lacks) is pooled as not offered
in the earlier wave: its indicator column there holds ``"<not asked>"`` where the
organisation answered the set, and trend tables show a gap. A set held as one delimited
column or as answer slots cannot mark one option "not asked" and is refused with the
conversion to indicator columns. An earlier wave's option that the latest wave lacks is
refused: map it if it was renamed, else pool the sets as separate questions. Numeric and
text questions can be renamed or declared absent, not mapped.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracktr._columns import repeated
from tracktr.exceptions import CodebookError
from tracktr.survey import (
    All,
    Condition,
    GridQuestion,
    Is,
    MultiQuestion,
    Not,
    Option,
    Question,
    Survey,
    read_toml,
)
from tracktr.waves._harmonise_read import (
    _MAPPABLE,
    _RENAMEABLE,
    _TOP_KEYS,
    QuestionMap,
    WaveMap,
    _fail,
    _question_map,
    _wave_label_problem,
)

__all__ = ["Harmonisation", "Harmonised", "HarmonisedQuestion", "QuestionMap", "WaveMap"]


@dataclass(frozen=True, slots=True)
class HarmonisedQuestion:
    """One question of the pooled codebook and where it comes from in every wave.

    Attributes
    ----------
    question : Question
        The pooled question: common id and options.
    sources : dict
        Wave -> the wave's question (``None`` where the wave did not ask it).
    maps : dict
        Wave -> {wave option label: common option label}, complete for every option.
    unreachable : dict
        Wave -> common options no option of that wave maps onto (a share of 0 there by
        construction, not by answer); for a tick set, the options a later wave added.
    dropped_nets : tuple of str
        Nets of the latest wave's question left out of the pooled question because their
        options were merged or renamed (declare ``nets`` in the map to keep one).
    routing : dict
        Wave -> who that wave asked, in words, when the waves route the question
        differently (declared with ``routing_differs = true``); empty when they route it
        alike.

    Examples
    --------
    >>> import tracktr as tt
    >>> survey = tt.surveys.tracktr_2015()
    >>> done = tt.waves.Harmonisation.from_dict({"waves": ["a", "b"]}).resolve(
    ...     {"a": survey, "b": survey})
    >>> done.question("staff").maps["a"]["10 - 49"]
    '10 - 49'
    """

    question: Question
    sources: Mapping[str, Question | None]
    maps: Mapping[str, Mapping[str, str]]
    unreachable: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    dropped_nets: tuple[str, ...] = ()
    routing: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Harmonised:
    """A harmonisation checked against the codebooks of its waves: the pooled questions.

    Attributes
    ----------
    waves : tuple of str
        The waves, in order.
    questions : tuple of HarmonisedQuestion
        The pooled questions, in the order of the latest wave's codebook, then the
        questions only earlier waves asked.
    dropped : tuple of str
        Questions left out on purpose (``drop = true``).

    Examples
    --------
    >>> import tracktr as tt
    >>> survey = tt.surveys.tracktr_2015()
    >>> done = tt.waves.Harmonisation.from_dict({"waves": ["a", "b"]}).resolve(
    ...     {"a": survey, "b": survey})
    >>> len(done.questions) == len(survey.questions)
    True
    """

    waves: tuple[str, ...]
    questions: tuple[HarmonisedQuestion, ...]
    dropped: tuple[str, ...] = ()

    def question(self, question_id: str) -> HarmonisedQuestion:
        """Return the pooled question with id `question_id`.

        Raises
        ------
        tracktr.CodebookError
            If no pooled question has that id.

        Examples
        --------
        >>> import tracktr as tt
        >>> survey = tt.surveys.tracktr_2015()
        >>> done = tt.waves.Harmonisation.from_dict({"waves": ["a"]}).resolve({"a": survey})
        >>> done.question("income").question.type
        'ordinal'
        """
        for harmonised in self.questions:
            if harmonised.question.id == question_id:
                return harmonised
        ids = [h.question.id for h in self.questions]
        close = difflib.get_close_matches(question_id, ids, n=3)
        msg = f"No pooled question {question_id!r}."
        hint = f"did you mean {close}?" if close else f"the pooled questions are {ids[:20]}."
        raise _fail("harmonisation", msg, hint)


@dataclass(frozen=True, slots=True)
class Harmonisation:
    """A declared harmonisation map: the waves and how their questions line up.

    Build one with :meth:`from_toml` or :meth:`from_dict` (the TOML structure, described
    in the module documentation), then :meth:`resolve` it against the waves' codebooks.

    Attributes
    ----------
    waves : tuple of str
        The waves, in time order.
    questions : tuple of QuestionMap
        The declared questions (the others are pooled as they are).
    title : str or None
        A name for the map.
    source : str or None
        The file it was read from (named in messages).

    Examples
    --------
    >>> import tracktr as tt
    >>> h = tt.waves.Harmonisation.from_dict({
    ...     "waves": ["2015-05", "2015-10"],
    ...     "questions": [{"id": "main_funding", "waves": {"2015-05": {"question": "funding"}}}],
    ... })
    >>> h
    Harmonisation(waves=('2015-05', '2015-10'), 1 declared question)
    """

    waves: tuple[str, ...]
    questions: tuple[QuestionMap, ...] = ()
    title: str | None = None
    source: str | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        n = len(self.questions)
        return f"Harmonisation(waves={self.waves!r}, {n} declared question{'s' * (n != 1)})"

    # -- building ------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, mapping: Mapping[str, Any], *, source: str | None = None) -> Harmonisation:
        """Build a harmonisation from its mapping (the structure of the TOML file).

        Raises
        ------
        tracktr.CodebookError
            For unknown keys, a missing or repeated wave, a question declared twice, a wave
            that is not one of `waves`, or an option mapped to a list (a split).

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.waves.Harmonisation.from_dict({"waves": ["a", "b"], "questions": [
        ...     {"id": "q", "waves": {"a": {"map": {"Yes": ["Yes, a lot", "Yes, a little"]}}}}]})
        Traceback (most recent call last):
        ...
        tracktr.exceptions.CodebookError: harmonisation, wave 'a', question 'q': option 'Yes' ...
        """
        where = source or "harmonisation"
        if not isinstance(mapping, Mapping):
            raise _fail(where, f"a harmonisation must be a mapping; got {type(mapping).__name__}.")
        unknown = sorted(set(mapping) - _TOP_KEYS)
        if unknown:
            raise _fail(where, f"unknown top-level keys {unknown}.", f"use {sorted(_TOP_KEYS)}.")
        waves = mapping.get("waves")
        if not isinstance(waves, list | tuple) or not waves:
            raise _fail(where, "`waves` must list the waves in time order.", 'waves = ["2015-05"]')
        names = tuple(str(w) for w in waves)
        twice = repeated(names)
        if twice:
            raise _fail(where, f"waves {twice} are listed more than once.")
        for name in waves:  # as given: a missing label (NaN, None) is not the text 'nan'
            refused = _wave_label_problem(name)
            if refused is not None:
                problem, fix = refused
                raise _fail(where, f"wave {name!r} {problem}.", f"rename the wave: {fix}.")
        raw = mapping.get("questions", []) or []
        if not isinstance(raw, list | tuple):
            raise _fail(where, "`questions` must be a list of [[questions]] tables.")
        questions = tuple(_question_map(q, names, where) for q in raw)
        ids = [q.id for q in questions]
        twice = repeated(ids)
        if twice:
            raise _fail(where, f"questions {twice} are declared more than once.")
        title = mapping.get("title")
        return cls(names, questions, None if title is None else str(title), source)

    @classmethod
    def from_toml(cls, path: str | Path) -> Harmonisation:
        """Read a harmonisation map from a TOML file.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.waves.Harmonisation.from_toml(tt.datasets.tracktr_waves_map()).waves
        ('2015-05', '2015-10')
        """
        return cls.from_dict(read_toml(path), source=str(path))

    # -- checking against the codebooks --------------------------------------------------

    def resolve(self, surveys: Mapping[str, Survey]) -> Harmonised:
        """Check the map against each wave's codebook and return the pooled questions.

        Parameters
        ----------
        surveys : Mapping
            Wave -> its codebook; the waves must be those of the map.

        Returns
        -------
        Harmonised

        Raises
        ------
        tracktr.CodebookError
            Naming the wave, the question and the option, when a mapped question is not
            in a wave's codebook, a map names an option the wave does not have, an option
            has no counterpart in the common set, the types cannot be pooled, an
            undeclared question differs between waves, the waves route a question
            differently without ``routing_differs = true``, or a map merges an option a
            wave's routing names with one it leaves out, or leaves out (``drop``) a
            question a wave's routing reads.

        Examples
        --------
        >>> import tracktr as tt
        >>> survey = tt.surveys.tracktr_2015()
        >>> h = tt.waves.Harmonisation.from_dict({"waves": ["a", "b"], "questions": [
        ...     {"id": "staff", "options": ["Under 50", "50 or more"],
        ...      "waves": {"a": {"map": {"Fewer than 10": "Under 50", "10 - 49": "Under 50",
        ...                              "50 - 99": "50 or more"}}}}]})
        >>> h.resolve({"a": survey, "b": survey})
        Traceback (most recent call last):
        ...
        tracktr.exceptions.CodebookError: harmonisation, wave 'a', question 'staff': option ...
        """
        where = self.source or "harmonisation"
        given = tuple(str(w) for w in surveys)
        if set(given) != set(self.waves):
            raise _fail(
                where,
                f"the map is for waves {list(self.waves)}; the data has waves {list(given)}.",
                "list every pooled wave under `waves`, in time order.",
            )
        for wave in self.waves:
            if not isinstance(surveys[wave], Survey):
                got = type(surveys[wave]).__name__
                raise _fail(where, f"wave {wave!r}: the codebook must be a tt.Survey; got {got}.")
        declared = {q.id: q for q in self.questions}
        order = _common_order(self.waves, surveys, declared)
        # Declared questions first: a typo in a rename then reads as a typo, not as an
        # undeclared question of the wave whose id the map failed to name.
        done = {
            q.id: _declared(q, self.waves, surveys, where) for q in self.questions if not q.drop
        }
        for qid in order:
            if qid not in declared:
                done[qid] = _undeclared(qid, self.waves, surveys, where)
        _check_routing(done, declared, self.waves, surveys, where)
        dropped = tuple(q.id for q in self.questions if q.drop)
        return Harmonised(self.waves, tuple(done[q] for q in order if q in done), dropped)


# -- resolving ---------------------------------------------------------------------------------


def routing_note(harmonised: HarmonisedQuestion) -> str | None:
    """Return the note of a question the waves asked of different respondents, or None."""
    if not harmonised.routing:
        return None
    each = "; ".join(f"{wave}: {who}" for wave, who in harmonised.routing.items())
    return (
        f"{harmonised.question.id}: asked of different respondents in each wave ({each}): a "
        "change between the waves is partly a change of who was asked."
    )


def _check_routing(
    done: dict[str, HarmonisedQuestion],
    declared: Mapping[str, QuestionMap],
    waves: tuple[str, ...],
    surveys: Mapping[str, Survey],
    where: str,
) -> None:
    """Refuse a question whose waves route it differently, unless the map declares it.

    Each wave's ``ask_if`` is read through the harmonisation (its questions by their
    pooled ids, its options by their common labels), so a renamed filter is the same
    routing. Two waves that asked different respondents were pooled silently, and a
    change of who was asked read as "a clear change" of the answers. A declared
    difference is kept on the question (`routing`), for the notes.
    """
    index = {
        (wave, source.id): h
        for h in done.values()
        for wave, source in h.sources.items()
        if source is not None
    }
    for qid, h in done.items():
        asked = {w: s for w, s in h.sources.items() if s is not None}
        for w, s in asked.items():
            _refuse_unpoolable_routing(qid, s, w, index, survey=surveys[w], where=where)
        conditions = {
            w: None if s.ask_if is None else _common_condition(s.ask_if, w, index)
            for w, s in asked.items()
        }
        if len(set(conditions.values())) <= 1:
            continue
        who = {
            w: surveys[w].base_description(s.id).removesuffix(" who answered")
            for w, s in asked.items()
        }
        spec = declared.get(qid)
        if spec is not None and spec.routing_differs:
            done[qid] = dataclasses.replace(h, routing=who)
            continue
        each = "; ".join(f"{w}: {text}" for w, text in who.items())
        raise _fail(
            f"{where}, question {qid!r}",
            f"the waves ask it of different respondents ({each}), so a change between the "
            "waves would be partly a change of who was asked, not of the answers.",
            "compare like with like: give every wave the same routing before pooling (keep "
            "in each wave only the answers of those every wave asked); or declare the "
            f'difference: [[questions]] id = "{qid}" with routing_differs = true, and '
            "pool(), trend() and change() will say that the bases differ by routing.",
        )


def _refuse_unpoolable_routing(
    qid: str,
    routed: Question,
    wave: str,
    index: Mapping[tuple[str, str], HarmonisedQuestion],
    *,
    survey: Survey,
    where: str,
) -> None:
    """Refuse a wave's routing that the pooled rows cannot read.

    A routing on a question the map leaves out (``drop = true``) has no pooled column to
    read: pooling refused it as "asked of different respondents" though every wave
    asked the same ones, and with ``routing_differs = true`` its question kept no
    routing, so the pooled codebook refused its own rows (``not_asked_but_routed``).
    Read through the map, a condition on ``q1 is 'Yes'`` becomes one on the common
    option: when the map merges 'Yes, a lot' into 'Yes', the pooled codebook took the
    organisations who said 'Yes, a lot' for asked (``not (q1 is 'Yes')``: for routed
    out, so their answers were refused and their blanks read as not asked). The pooled
    rows cannot tell the merged answers apart, so no condition on them says who was asked.
    """
    if routed.ask_if is None:
        return
    who = survey.base_description(routed.id).removesuffix(" who answered")
    for part in _conditions_on_answers(routed.ask_if):
        h = index.get((wave, part.question))
        source = None if h is None else h.sources.get(wave)
        if h is None or source is None:
            raise _fail(
                f"{where}, wave {wave!r}, question {qid!r}",
                f"the wave asked it of {who}, and the map leaves {part.question!r} out "
                "(drop = true), so the pooled rows cannot say who was asked.",
                f"keep {part.question!r} in the pool (remove its drop = true), or leave "
                f'{qid!r} out too: [[questions]] id = "{qid}" with drop = true.',
            )
        mapping = h.maps.get(wave, {})
        named = set(part.values)
        targets = {mapping.get(v, v) for v in named}
        labels = source.labels
        merged = [o for o in labels if o not in named and mapping.get(o) in targets]
        if not merged:
            continue
        groups = {
            target: [o for o in labels if mapping.get(o) == target]
            for target in dict.fromkeys(mapping[o] for o in merged)
        }
        each = "; ".join(f"{group} into {target!r}" for target, group in groups.items())
        some = [o for o in labels if o in named and mapping.get(o) in groups]
        raise _fail(
            f"{where}, wave {wave!r}, question {qid!r}",
            f"the wave asked it of {who}, but the map merges {part.question}'s options "
            f"{each}, and its routing names only {some} of them: the pooled rows "
            f"cannot tell those who said {merged} from those the routing names, so no "
            "pooled routing says who was asked.",
            f"map {merged} onto a common option of their own in wave {wave!r} (the other "
            f'waves then show a gap there), or leave {qid!r} out: [[questions]] id = "{qid}" '
            "with drop = true.",
        )


def _conditions_on_answers(condition: Condition) -> list[Is]:
    """Return the ``Is`` parts of a routing condition, however nested."""
    if isinstance(condition, Is):
        return [condition]
    if isinstance(condition, Not):
        return _conditions_on_answers(condition.condition)
    return [part for c in condition.conditions for part in _conditions_on_answers(c)]


def _common_condition(
    condition: Condition, wave: str, index: Mapping[tuple[str, str], HarmonisedQuestion]
) -> tuple[Any, ...]:
    """Return a wave's routing condition in pooled terms: pooled ids, common labels."""
    if isinstance(condition, Is):
        h = index.get((wave, condition.question))
        if h is None:  # left out of the pool: refused first (_refuse_unpoolable_routing)
            return ("not pooled", wave, condition.question, condition.values, condition.item)
        mapping = h.maps.get(wave, {})
        values = tuple(sorted({mapping.get(v, v) for v in condition.values}))
        return ("is", h.question.id, values, condition.item)
    if isinstance(condition, Not):
        return ("not", _common_condition(condition.condition, wave, index))
    kind = "all" if isinstance(condition, All) else "any"
    return (kind, tuple(_common_condition(c, wave, index) for c in condition.conditions))


def _common_order(
    waves: tuple[str, ...],
    surveys: Mapping[str, Survey],
    declared: Mapping[str, QuestionMap],
) -> list[str]:
    """Pooled ids: the latest wave's questions in order, then those of earlier waves."""
    source_to_common = {
        wave: {(q.waves.get(wave, WaveMap()).question or q.id): q.id for q in declared.values()}
        for wave in waves
    }
    order: list[str] = []
    for wave in reversed(waves):
        for question in surveys[wave].questions:
            common = source_to_common[wave].get(question.id)
            if common is None and question.id in declared:
                # The pooled id is taken by a question that comes from another one of this
                # wave; pooling would silently lose this one.
                source = declared[question.id].waves.get(wave, WaveMap())
                came = "absent" if source.absent else f"from {source.question!r}"
                raise _fail(
                    f"harmonisation, wave {wave!r}, question {question.id!r}",
                    f"the pooled question {question.id!r} is declared {came} in this wave, so "
                    "this wave's own question of that id would be lost.",
                    "give the pooled question another id, or declare this one too.",
                )
            qid = common or question.id
            if qid not in order:
                order.append(qid)
    order.extend(q for q in declared if q not in order)
    return order


def _source(
    q: QuestionMap, wave: str, survey: Survey, where: str
) -> tuple[Question | None, WaveMap]:
    spec = q.waves.get(wave, WaveMap())
    if spec.absent:
        return None, spec
    sid = spec.question or q.id
    found = next((s for s in survey.questions if s.id == sid), None)
    if found is None:
        ids = [s.id for s in survey.questions]
        close = difflib.get_close_matches(sid, ids, n=3)
        # No near id printed "did you mean []?": list the wave's ids instead.
        guess = f"did you mean {close}?" if close else f"its questions are {ids[:20]}."
        hint = (
            f'{guess} If the wave did not ask it, declare [questions.waves."{wave}"] absent = true.'
        )
        raise _fail(
            f"{where}, wave {wave!r}, question {q.id!r}",
            f"the wave's codebook has no question {sid!r}.",
            hint,
        )
    return found, spec


def _declared(
    q: QuestionMap, waves: tuple[str, ...], surveys: Mapping[str, Survey], where: str
) -> HarmonisedQuestion:
    sources: dict[str, Question | None] = {}
    specs: dict[str, WaveMap] = {}
    for wave in waves:
        sources[wave], specs[wave] = _source(q, wave, surveys[wave], where)
    present = [w for w in waves if sources[w] is not None]
    if not present:
        raise _fail(f"{where}, question {q.id!r}", "no wave asks it.", "use drop = true.")
    template_wave = present[-1]
    template = _asked(sources, template_wave)
    _check_types(q.id, sources, specs, where)
    mappable = template.type in _MAPPABLE
    if mappable:
        common = q.options if q.options is not None else template.labels
    else:
        if q.options is not None:
            raise _fail(
                f"{where}, question {q.id!r}",
                f"a {template.type} question cannot take common `options`.",
                _no_common_options(template, template_wave),
            )
        common = template.labels
    if isinstance(template, MultiQuestion):
        _check_multi_forms(q.id, sources, template_wave, where)
    maps: dict[str, dict[str, str]] = {}
    unreachable: dict[str, tuple[str, ...]] = {}
    for wave in present:
        source = _asked(sources, wave)
        here = f"{where}, wave {wave!r}, question {q.id!r}"
        if isinstance(source, MultiQuestion):
            maps[wave] = _renames(source, specs[wave], common, here, (wave, template_wave))
        else:
            maps[wave] = _option_map(source, specs[wave], common, here, mappable=mappable)
        missed = tuple(o for o in common if o not in set(maps[wave].values()))
        if missed and (mappable or isinstance(source, MultiQuestion)):
            unreachable[wave] = missed
    pooled = _pooled_question(q, template, common, template_wave, surveys)
    if mappable and q.dont_know is None:
        _check_dont_know(q.id, pooled, {w: (_asked(sources, w), maps[w]) for w in present},
                         where)  # fmt: skip
    dropped = tuple(n for n, _ in template.nets if n not in dict(pooled.nets))
    _check_nets(pooled, f"{where}, question {q.id!r}")
    return HarmonisedQuestion(_with_bases(pooled, sources, surveys), sources, maps, unreachable,
                              dropped)  # fmt: skip


def _check_dont_know(
    qid: str,
    pooled: Question,
    waves: Mapping[str, tuple[Question, Mapping[str, str]]],
    where: str,
) -> None:
    """Refuse a wave whose don't-know flags, mapped, are not the pooled question's.

    Without `dont_know` in the map the latest wave's flags were applied to every wave, so
    with ``dont_know="exclude"`` an earlier wave's base lost (or kept) the wrong answers.
    """
    flagged = set(pooled.dont_know)
    for wave, (source, option_map) in waves.items():
        marked = {option_map[label] for label in source.dont_know if label in option_map}
        answers = {option_map[label] for label in source.labels
                   if label in option_map and label not in source.dont_know}  # fmt: skip
        if marked - flagged or answers & flagged:
            raise _fail(
                f"{where}, wave {wave!r}, question {qid!r}",
                f"marks {sorted(source.dont_know)} as don't know, which map onto "
                f"{sorted(marked)}, where the pooled question marks {sorted(flagged)}.",
                f'declare which common options are don\'t know: [[questions]] id = "{qid}" '
                "with dont_know = [...].",
            )


def _asked(sources: Mapping[str, Question | None], wave: str) -> Question:
    """Return the question of a wave known to ask it (narrows the type without an assert)."""
    source = sources[wave]
    if source is None:  # pragma: no cover - callers pass only waves that ask it
        msg = f"wave {wave!r} does not ask this question."
        raise CodebookError(msg)
    return source


def _check_types(
    qid: str, sources: Mapping[str, Question | None], specs: Mapping[str, WaveMap], where: str
) -> None:
    kinds = {w: s.type for w, s in sources.items() if s is not None}
    families = {"ordinal" if k == "single" else k for k in kinds.values()}
    if len(families) > 1:
        listed = ", ".join(f"{w}: {k}" for w, k in kinds.items())
        raise _fail(
            f"{where}, question {qid!r}",
            f"the waves ask it as different types ({listed}), which cannot be pooled.",
            "recode the waves to one type before pooling, or pool them as separate questions.",
        )
    grids = {w: s for w, s in sources.items() if isinstance(s, GridQuestion)}
    if grids:
        items = {w: tuple(i.id for i in g.items) for w, g in grids.items()}
        first_wave, first = next(iter(items.items()))
        for wave, ids in items.items():
            if set(ids) != set(first):
                raise _fail(
                    f"{where}, wave {wave!r}, question {qid!r}",
                    f"grid items {sorted(set(ids) ^ set(first))} differ from wave "
                    f"{first_wave!r}; grid items must match by id.",
                    "pool the differing items as separate questions.",
                )
    for wave, source in sources.items():
        if source is not None and source.type not in _RENAMEABLE and specs[wave].map:
            raise _fail(
                f"{where}, wave {wave!r}, question {qid!r}",
                f"a {source.type} question has no options to map.",
                "leave `map` out: a renamed question takes question = its id in that wave.",
            )


def _refuse_unknown_labels(source: Question, spec: WaveMap, here: str) -> None:
    """Refuse a map that names an option the wave's question does not have."""
    labels = source.labels
    for label in spec.map:
        if label not in labels:
            close = difflib.get_close_matches(label, labels, n=3)
            raise _fail(
                here,
                f"the map names option {label!r}, which the wave's question "
                f"{source.id!r} does not have.",
                f"did you mean {close}?" if close else f"its options are {list(labels)}.",
            )


def _option_map(
    source: Question, spec: WaveMap, common: Sequence[str], here: str, *, mappable: bool
) -> dict[str, str]:
    labels = source.labels
    _refuse_unknown_labels(source, spec, here)
    out: dict[str, str] = {}
    for label in labels:
        target = spec.map.get(label, label)
        if mappable and target not in common:
            how = f"maps to {target!r}, which is" if label in spec.map else "is"
            raise _fail(
                here,
                f"option {label!r} {how} not among the common options {list(common)}.",
                "map it onto a common option under map, or add it to the question's options.",
            )
        out[label] = target
    if not mappable and tuple(out.values()) != tuple(common):
        raise _fail(
            here,
            f"its options {list(labels)} differ from the other waves' {list(common)}.",
            "recode it before pooling; numeric and text questions are pooled as they are.",
        )
    return out


def _no_common_options(template: Question, wave: str) -> str:
    """Return the hint for common `options` declared on a question that takes none."""
    if isinstance(template, MultiQuestion):
        return (
            f"a tick set's common options are those of the latest wave asking it ({wave!r}: "
            f"{list(template.labels)}); rename an earlier wave's options onto them with "
            '[questions.waves."<wave>"] map = { "old label" = "new label" }.'
        )
    return "pool it as it is: a numeric or text question has no options to map."


def _check_multi_forms(
    qid: str, sources: Mapping[str, Question | None], template_wave: str, where: str
) -> None:
    """Refuse tick sets held in different forms, or in different numbers of answer slots."""
    sets = {w: s for w, s in sources.items() if isinstance(s, MultiQuestion)}
    latest = sets[template_wave]
    for wave, asked in sets.items():
        if asked.form != latest.form:
            problem, hint = _form_difference(qid, (wave, asked), (template_wave, latest))
            raise _fail(f"{where}, wave {wave!r}, question {qid!r}", problem, hint)
        if len(asked.columns) != len(latest.columns) and asked.form == "slots":
            raise _fail(
                f"{where}, wave {wave!r}, question {qid!r}",
                f"holds {len(asked.slots)} answer slots {list(asked.slots)}, where wave "
                f"{template_wave!r} holds {len(latest.slots)} {list(latest.slots)}.",
                "turn the slots into indicator columns in every wave before pooling "
                f'(tt.recode.from_slots, with question=survey.question("{asked.id}")).',
            )


def _rename_example(labels: Sequence[str], common: Sequence[str]) -> str:
    """Write the ``map = {...}`` that renames a tick set's one differing option, if one."""
    strays = [label for label in labels if label not in common]
    missing = [label for label in common if label not in labels]
    if len(strays) == 1 and len(missing) == 1:
        return f'map = {{ "{strays[0]}" = "{missing[0]}" }}'
    return 'map = { "old label" = "new label" }'


def _renames(
    source: MultiQuestion,
    spec: WaveMap,
    common: Sequence[str],
    here: str,
    waves: tuple[str, str],
) -> dict[str, str]:
    """Return a tick set's option map: every option renamed one to one onto a common option.

    A tick set is a yes/no answer per option: a rename relabels one of them, but two ticks
    merged into one would count an organisation that ticked both twice, or need a rule
    ("either") for the merged tick, so a merge is refused. So is an option that, renamed,
    is not a common option (one the latest wave dropped, or a rename the map forgot). A
    common option the wave lacks (one a later wave added) is left out of the map: the
    wave did not offer it (``HarmonisedQuestion.unreachable``), and pool() holds it as
    "<not asked>" in indicator form; a delimited or slot set cannot say so in a cell and
    is refused with the conversion to indicator columns.
    """
    wave, latest = waves
    labels = source.labels
    _refuse_unknown_labels(source, spec, here)
    for label, target in spec.map.items():
        if target not in common:
            close = difflib.get_close_matches(target, common, n=3)
            raise _fail(
                here,
                f"option {label!r} maps to {target!r}, which is not among the common options "
                f"{list(common)} (those of wave {latest!r}).",
                f"did you mean {close}?" if close else "map it onto one of them.",
            )
    out = {label: spec.map.get(label, label) for label in labels}
    by_target: dict[str, list[str]] = {}
    for label, target in out.items():
        by_target.setdefault(target, []).append(label)
    for target, merged in by_target.items():
        if len(merged) > 1:
            named = " and ".join(repr(m) for m in sorted(merged))
            columns = [c for label, c in zip(labels, source.columns, strict=False)
                       if label in merged]  # fmt: skip
            either = (
                f"data[{columns!r}].max(axis=1)"
                if source.form == "indicator"
                else "for 0/1 columns, data[[...]].max(axis=1)"
            )
            raise _fail(
                here,
                f"options {named} both map onto {target!r}: the options of a tick-all-that-"
                "apply question can be renamed, one to one, but not merged, as an "
                f"organisation that ticked both would be counted twice in {target!r}.",
                f"make {target!r} mean either in wave {wave!r} before pooling: one "
                f"column ticked where any of them is ticked ({either}) and one option in "
                "that wave's codebook; then rename it here if its label differs. Or keep "
                "them apart: pool the sets as separate questions.",
            )
    strays = [label for label, target in out.items() if target not in common]
    missing = [o for o in common if o not in by_target]
    if strays:
        problem = f"its options {list(labels)} are not the common options {list(common)} "
        problem += f"(those of wave {latest!r})"
        hint = (
            f'if an option was renamed, say so: [questions.waves."{wave}"] '
            f"{_rename_example(labels, common)}. An option that a later wave added is "
            "pooled as not offered in this wave, but one that the latest wave dropped has "
            "no place in its set: pool the sets as separate questions."
        )
        details = [f"{strays} are not common options"]
        if missing:
            details.append(f"this wave has no option {missing}")
        raise _fail(here, f"{problem}: {'; '.join(details)}.", hint)
    if missing and source.form != "indicator":
        raise _fail(here, *_unoffered_form(source, missing, wave))
    return out


def _unoffered_form(source: MultiQuestion, missing: Sequence[str], wave: str) -> tuple[str, str]:
    """Refuse a delimited or slot set lacking a common option: no cell says "not offered".

    In indicator form the option a wave did not offer has a column of its own, which
    pool() fills with "<not asked>"; one text column or answer slots can only leave the
    option out, and tabulating the pooled rows would read that as nobody ticking it.
    """
    problem = (
        f"this wave did not offer {missing}, and its set is held {_form(source)}, where "
        "no cell can say that an option was not offered: it would read as nobody ticking it."
    )
    if source.form == "delimited":
        convert = (
            f'r = tt.recode.to_indicators(data["{source.id}"], '
            f'question=survey.question("{source.id}")), then pool (r.assign(data), '
            "r.update(survey))"
        )
    else:
        convert = (
            f"tt.recode.from_slots(data, {list(source.slots)!r}, codes={{code: label, ...}}) "
            "gives one 0/1 column per option; declare those columns as the set's indicator "
            "columns in that wave's codebook"
        )
    hint = (
        f"turn the set into indicator columns in every wave before pooling: {convert}. In "
        f"indicator form the option is pooled as not offered in wave {wave!r}: a gap in its "
        "trend, not a 0."
    )
    return problem, hint


def _pooled_question(
    q: QuestionMap,
    template: Question,
    common: Sequence[str],
    template_wave: str,
    surveys: Mapping[str, Survey],
) -> Question:
    if template.type not in _MAPPABLE:
        options = template.options
    else:
        flagged = set(q.dont_know) if q.dont_know is not None else set(template.dont_know)
        options = tuple(
            Option(i, label, dont_know=label in flagged) for i, label in enumerate(common, 1)
        )
    pooled = _retarget(template, q.id, options, q.text, surveys[template_wave])
    if q.nets is not None:
        return dataclasses.replace(pooled, nets=q.nets)
    # A net of the latest wave survives only if its options are still common options:
    # after a merge or a rename its members would name options the pooled data lacks.
    kept = tuple((n, m) for n, m in pooled.nets if set(m) <= set(common))
    return dataclasses.replace(pooled, nets=kept)


def _check_nets(question: Question, here: str) -> None:
    labels = set(question.labels)
    for name, members in question.nets:
        unknown = [m for m in members if m not in labels]
        if unknown:
            raise _fail(
                here,
                f"net {name!r} is made of {unknown}, which are not options of the pooled question.",
                f"make nets of the common options {list(question.labels)}.",
            )


def _retarget(
    template: Question,
    qid: str,
    options: tuple[Option, ...],
    text: str | None,
    survey: Survey,
) -> Question:
    # The waves' routing refers to their own question ids and labels: the question keeps
    # it in words (its base); tt.waves.pool() writes the condition in pooled terms.
    who = survey.base_description(template.id).removesuffix(" who answered")
    changes: dict[str, Any] = {"id": qid, "options": options, "ask_if": None, "base": who}
    if text is not None:
        changes["text"] = text
    return dataclasses.replace(template, **changes)


def _undeclared(
    qid: str, waves: tuple[str, ...], surveys: Mapping[str, Survey], where: str
) -> HarmonisedQuestion:
    found = {w: next((s for s in surveys[w].questions if s.id == qid), None) for w in waves}
    missing = [w for w, s in found.items() if s is None]
    if missing:
        having = [w for w in waves if w not in missing]
        raise _fail(
            f"{where}, question {qid!r}",
            f"waves {having} ask it but waves {missing} do not, and the map does not say so.",
            f'declare it: [[questions]] id = "{qid}", with [questions.waves."{missing[0]}"] '
            "absent = true (or question = its id there if it was renamed).",
        )
    template_wave = waves[-1]
    template = _asked(found, template_wave)
    for wave in waves:
        source = _asked(found, wave)
        differs = _difference(qid, (wave, source), (template_wave, template))
        if differs is not None:
            problem, hint = differs
            raise _fail(f"{where}, wave {wave!r}, question {qid!r}", problem, hint)
        if set(source.dont_know) != set(template.dont_know):
            # With dont_know="exclude" each wave would leave other answers out of its base.
            raise _fail(
                f"{where}, wave {wave!r}, question {qid!r}",
                f"marks {sorted(source.dont_know)} as don't know, where wave "
                f"{template_wave!r} marks {sorted(template.dont_know)}.",
                f'declare which options are don\'t know: [[questions]] id = "{qid}" with '
                "dont_know = [...].",
            )
    identity = {w: {label: label for label in template.labels} for w in waves}
    pooled = _retarget(template, qid, template.options, None, surveys[template_wave])
    return HarmonisedQuestion(_with_bases(pooled, found, surveys), found, identity)


def _difference(
    qid: str, source: tuple[str, Question], template: tuple[str, Question]
) -> tuple[str, str] | None:
    """Say how a wave's undeclared question differs from the latest wave's, and the fix.

    None if they are the same. The message names the real difference: it read "differs
    (grid ['Yes', 'No'] against grid ['Yes', 'No'])" with a hint to map options when only
    the items' order differed.
    """
    (wave, asked), (other, latest) = source, template
    if _reordered(asked, latest):
        # Only the order differs: the hint told the user to map options (or rename ticks)
        # onto themselves; declaring the question is all it takes.
        problem = (
            f"lists the options of wave {other!r} in another order ({list(asked.labels)} "
            f"against {list(latest.labels)})."
        )
        order = "" if isinstance(asked, MultiQuestion) else ", or give options = [...]"
        hint = (
            f'declare it: [[questions]] id = "{qid}" (no map needed: the options are the '
            f"same); it is pooled in the order of wave {other!r}{order}."
        )
        return problem, hint
    if asked.type != latest.type or asked.labels != latest.labels:
        problem = (
            f"differs from wave {other!r} ({asked.type} {list(asked.labels)} against "
            f"{latest.type} {list(latest.labels)})."
        )
        hint = (
            f'declare how it maps: [[questions]] id = "{qid}" with options and '
            f'[questions.waves."{wave}"] map = {{...}}.'
        )
        if isinstance(asked, MultiQuestion) and isinstance(latest, MultiQuestion):
            # A tick set takes no common `options` (they are the latest wave's): only renames.
            hint = (
                f'declare how its options were renamed: [[questions]] id = "{qid}" with '
                f'[questions.waves."{wave}"] {_rename_example(asked.labels, latest.labels)} '
                f"(one to one, onto the options of wave {other!r})."
            )
            added = [label for label in latest.labels if label not in asked.labels]
            if set(asked.labels) < set(latest.labels):
                # Only added options: nothing to rename, the declaration pools them.
                hint = (
                    f'declare it: [[questions]] id = "{qid}" (no map needed); {added}, '
                    f"which wave {wave!r} did not offer, are pooled as not offered there "
                    "(a gap in its trend, not a 0)."
                )
        return problem, hint
    if isinstance(asked, GridQuestion) and isinstance(latest, GridQuestion):
        return _grid_difference(qid, asked, (other, latest))
    if (
        isinstance(asked, MultiQuestion)
        and isinstance(latest, MultiQuestion)
        and asked.form != latest.form
    ):
        return _form_difference(qid, (wave, asked), (other, latest))
    if asked.columns != latest.columns:
        # Only the columns differ: a map of options cannot help, renaming the columns can.
        problem = (
            f"is held in columns {list(asked.columns)}, where wave {other!r} holds it in "
            f"{list(latest.columns)}."
        )
        hint = (
            f"rename wave {wave!r}'s columns (and its codebook's) to "
            f"{list(latest.columns)} before pooling."
        )
        return problem, hint
    return None


def _reordered(asked: Question, latest: Question) -> bool:
    """Whether two questions differ only in the order of their options (grids aside)."""
    if asked.type != latest.type or asked.labels == latest.labels:
        return False
    if isinstance(asked, GridQuestion):
        return False  # a grid's items and options are told apart by _grid_difference
    if (
        isinstance(asked, MultiQuestion)
        and isinstance(latest, MultiQuestion)
        and asked.form != latest.form
    ):
        return False  # _form_difference names the form
    return sorted(asked.labels) == sorted(latest.labels)


def _grid_difference(
    qid: str, asked: GridQuestion, template: tuple[str, GridQuestion]
) -> tuple[str, str] | None:
    """Name what differs between two grids with the same options: item ids, order, labels."""
    other, latest = template
    if asked.items == latest.items:
        return None
    ids, latest_ids = [i.id for i in asked.items], [i.id for i in latest.items]
    if set(ids) != set(latest_ids):
        problem = (
            f"its items {ids} differ from wave {other!r}'s {latest_ids} (items are matched by id)."
        )
        hint = (
            "pool the differing items as separate questions, or give an item the same id in "
            "every wave."
        )
        return problem, hint
    # The same items by id: a declaration (even with no map) pairs them by id.
    declare = f'declare it: [[questions]] id = "{qid}" (no map needed): items are paired by id.'
    by_id = {i.id: i for i in latest.items}
    if [by_id[i] for i in ids] == list(asked.items):
        problem = f"its items are in another order ({ids} against {latest_ids} in wave {other!r})."
        return problem, declare
    labels = [i.label for i in asked.items]
    theirs = [by_id[i].label for i in ids]
    if labels != theirs:
        return f"its items differ ({labels} against {theirs} in wave {other!r}).", declare
    columns = [by_id[i].column for i in ids]
    problem = (
        f"its items are held in columns {list(asked.columns)}, where wave {other!r} holds "
        f"them in {columns}."
    )
    return problem, declare


def _form_difference(
    qid: str, source: tuple[str, MultiQuestion], template: tuple[str, MultiQuestion]
) -> tuple[str, str]:
    """Name the forms of a multi-response set held differently, and the recoding that fixes it."""
    (wave, asked), (other, latest) = source, template
    problem = (
        f"is held {_form(asked)}, where wave {other!r} holds it {_form(latest)}: renaming "
        "columns cannot turn one form into the other."
    )
    if latest.form in ("indicator", "delimited"):
        recode = "to_indicators" if latest.form == "indicator" else "to_delimited"
        columns = asked.columns
        held = repr(columns[0]) if len(columns) == 1 else repr(list(columns))
        hint = (
            f"turn wave {wave!r}'s set into {latest.form} form before pooling: "
            f"r = tt.recode.{recode}(data[{held}], "
            f'question=survey.question("{qid}")), then pool (r.assign(data), r.update(survey)).'
        )
        return problem, hint
    hint = (
        "hold the set in one form in every wave before pooling (tt.recode.to_indicators or "
        f'tt.recode.to_delimited, with question=survey.question("{qid}")).'
    )
    return problem, hint


def _form(question: MultiQuestion) -> str:
    """How a multi-response set is held, in words."""
    columns = list(question.columns)
    if question.form == "delimited":
        return f"delimited (one column {columns})"
    return f"as {question.form} columns {columns}"


def _with_bases(
    pooled: Question, found: Mapping[str, Question | None], surveys: Mapping[str, Survey]
) -> Question:
    """Say who each wave asked when the waves' routing differs, not the latest wave's alone.

    A trend table's base line read "respondents for whom f is 'Yes'" for a wave that had
    asked everyone.
    """
    bases = {
        wave: surveys[wave].base_description(question.id).removesuffix(" who answered")
        for wave, question in found.items()
        if question is not None
    }
    if len(set(bases.values())) <= 1:
        return pooled
    each = "; ".join(f"{wave}: {who}" for wave, who in bases.items())
    return dataclasses.replace(pooled, base=f"those each wave asked ({each})")

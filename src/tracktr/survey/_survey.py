"""The :class:`Survey`: a codebook as a frozen object, and everything that follows from it."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._columns import repeated
from tracktr._pooled import check_pooled, pooled_facts, pooled_table
from tracktr.exceptions import (
    CodebookError,
    InvalidDataError,
    InvalidOptionError,
    QuestionNotFoundError,
)
from tracktr.spec import QuestionSpec
from tracktr.survey._cells import evaluate, evaluate_rows
from tracktr.survey._checks import DESIGN_COLUMNS
from tracktr.survey._codebook import (
    check_missing_codes,
    check_questions,
    question_from_dict,
    routing_order,
    text_key,
)
from tracktr.survey._distinct import DistinctColumns, categories
from tracktr.survey._questions import GridQuestion, MultiQuestion, NumericQuestion, Question
from tracktr.survey._toml import read_toml, write_toml
from tracktr.survey._validate import Prepared, check_frame, prepare, validate
from tracktr.typing import MissingKind

__all__ = ["Survey"]

_KINDS: tuple[MissingKind, ...] = ("skipped", "not_asked", "refused")
_SURVEY_KEYS = {
    "title", "description", "respondent_id", "population", "missing", "questions", "design",
    "pooled",
}  # fmt: skip
_DESIGN_KEYS = ("weights", "strata", "clusters", "fpc", "lonely_psu")


class _Specs:
    """A private slot of a Survey, outside its fields (never compared, copied or pickled)."""

    __slots__ = ("_specs",)
    # Question id -> its spec, filled on first use. Safe to keep: a spec follows from a
    # question and `population` alone, and both are frozen (the survey is never changed).
    _specs: dict[str, QuestionSpec]


# repr=False: the class writes its own __repr__ (dataclass would build one, unused).
@dataclass(frozen=True, slots=True, repr=False)
class Survey(_Specs):
    """A survey described by its codebook: questions, routing, missing values.

    Build one with :meth:`from_toml` or :meth:`from_dict`; every method returns a new
    object or a new frame and never changes its input.

    Attributes
    ----------
    title : str
        The survey's name.
    questions : tuple of Question
        The questions, in questionnaire order.
    respondent_id : str
        The column of unique respondent ids.
    description : str or None
        What the survey is, who ran it, when.
    population : str
        What a respondent is, plural ("organisations"), for base lines.
    missing : dict
        Missing kind -> the sentinel values a raw file uses for it, e.g.
        ``{"skipped": ("", -99), "refused": (-98,)}``. ``"skipped"`` and ``"not_asked"``
        are always valid kinds; ``"refused"`` only when declared here.
    source : str or None
        The file the codebook was read from (used in messages).
    design : dict
        The ``[design]`` table: the columns holding ``weights``, ``strata``, ``clusters``
        and ``fpc``, and ``lonely_psu``; read by :meth:`tracktr.Design.from_survey`.
    pooled : dict
        The ``[pooled]`` table that :func:`tracktr.waves.pool` writes into the codebook of
        pooled waves (empty otherwise): the wave column (``wave``), the persistent id
        (``id``), per question the options each wave did not offer (``unoffered``) and
        what pooling said of it (``notes``). The tables of the pooled rows read it, so
        rows read back from a file beside the codebook saved with
        :meth:`~tracktr.Survey.to_toml` still show an option a wave did not offer as n/a.

    Examples
    --------
    >>> import tracktr as tt
    >>> survey = tt.Survey.from_dict({
    ...     "title": "Members' survey 2025",
    ...     "population": "members",
    ...     "questions": [
    ...         {"id": "funded", "type": "single", "text": "Are you funded by the council?",
    ...          "options": ["Yes", "No"]},
    ...         {"id": "grant_size", "type": "ordinal", "text": "How large is the grant?",
    ...          "options": ["Small", "Large"], "ask_if": {"question": "funded", "in": ["Yes"]},
    ...          "base": "members funded by the council"},
    ...     ],
    ... })
    >>> survey
    Survey("Members' survey 2025", 2 questions, respondent_id='respondent_id')
    >>> survey.spec("grant_size").base_description
    'members funded by the council who answered'
    """

    title: str
    questions: tuple[Question, ...]
    respondent_id: str = "respondent_id"
    description: str | None = None
    population: str = "respondents"
    missing: Mapping[MissingKind, tuple[Any, ...]] = field(default_factory=dict)
    source: str | None = field(default=None, compare=False)
    design: Mapping[str, str] = field(default_factory=dict)
    pooled: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        where = self.source or "codebook"
        for kind in self.missing:
            if kind not in _KINDS:
                msg = (
                    f"{where}: unknown missing kind {kind!r} under [missing].\n\n"
                    f"Hint: use {', '.join(repr(k) for k in _KINDS)}."
                )
                raise CodebookError(msg)
        check_questions(self.questions, respondent_id=self.respondent_id, source=where)
        check_missing_codes(self.questions, self.missing, source=where)
        for key, value in self.design.items():
            if key not in _DESIGN_KEYS or not isinstance(value, str):
                msg = (
                    f"{where} [design]: {key} = {value!r} is not a design entry.\n\n"
                    f"Hint: [design] takes {', '.join(_DESIGN_KEYS)}, each a column name "
                    '(lonely_psu: "fail", "remove", "adjust", "certainty" or "average").'
                )
                raise CodebookError(msg)
        if self.pooled:
            check_pooled(self.pooled, self.questions, source=where)

    def __repr__(self) -> str:
        count = len(self.questions)
        return f"Survey({self.title!r}, {count} questions, respondent_id={self.respondent_id!r})"

    def __hash__(self) -> int:
        return hash((self.title, self.questions, self.respondent_id))

    # -- building -----------------------------------------------------------------------

    @classmethod
    def from_dict(cls, mapping: Mapping[str, Any], *, source: str | None = None) -> Survey:
        """Build a survey from a codebook mapping (the structure of the TOML file).

        Parameters
        ----------
        mapping : Mapping
            ``title``, ``questions`` (a list of question tables) and optionally
            ``description``, ``respondent_id``, ``population`` and ``missing``.
        source : str, optional
            Where the mapping comes from, named in error messages.

        Returns
        -------
        Survey

        Raises
        ------
        tracktr.CodebookError
            Unknown type or key, duplicate ids or options, routing that names an unknown
            question or option, or a routing cycle; the message names the question.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.Survey.from_dict({"title": "T", "questions": [
        ...     {"id": "q", "type": "colour", "text": "Q?"}]})
        Traceback (most recent call last):
        ...
        tracktr.exceptions.CodebookError: codebook, question 'q': unknown question type 'colour'...
        """
        where = source or "codebook"
        if not isinstance(mapping, Mapping):
            msg = f"{where}: a codebook must be a mapping, got {type(mapping).__name__}."
            raise CodebookError(msg)
        unknown = sorted(set(mapping) - _SURVEY_KEYS)
        if unknown:
            msg = (
                f"{where}: unknown top-level keys {unknown}.\n\n"
                f"Hint: a codebook takes {sorted(_SURVEY_KEYS)}."
            )
            raise CodebookError(msg)
        raw_questions = mapping.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            msg = f"{where}: the codebook has no questions.\n\nHint: add [[questions]] tables."
            raise CodebookError(msg)
        missing_raw = mapping.get("missing", {}) or {}
        if not isinstance(missing_raw, Mapping):
            msg = f"{where}: `missing` must be a table of kind = [sentinels]."
            raise CodebookError(msg)
        missing = {
            kind: tuple(values) if isinstance(values, list | tuple) else (values,)
            for kind, values in missing_raw.items()
        }
        design_raw = mapping.get("design", {}) or {}
        if not isinstance(design_raw, Mapping):
            msg = f'{where}: `design` must be a table such as weights = "w".'
            raise CodebookError(msg)
        pooled_raw = mapping.get("pooled", {}) or {}
        if not isinstance(pooled_raw, Mapping):
            msg = f'{where}: `pooled` must be a table such as wave = "wave".'
            raise CodebookError(msg)
        # Read as text or refused: str() made respondent_id = ["member_id"] the column
        # "['member_id']" and title = 5 the title "5".
        texts = {
            key: text_key(mapping.get(key), where=where, key=key)
            for key in ("title", "respondent_id", "description", "population")
        }
        # A default stands in for a key left out, never for one written blank: the checks
        # of a blank respondent_id (a column named "") see what was written.
        defaults = {
            "title": "Untitled survey",
            "respondent_id": "respondent_id",
            "population": "respondents",
        }
        given = {k: v if v is not None else defaults.get(k) for k, v in texts.items()}
        return cls(
            title=str(given["title"]),
            questions=tuple(question_from_dict(q, source=where) for q in raw_questions),
            respondent_id=str(given["respondent_id"]),
            description=given["description"],
            population=str(given["population"]),
            missing=missing,
            source=source,
            design=dict(design_raw),
            pooled=pooled_facts(pooled_raw),
        )

    @classmethod
    def from_toml(cls, path: str | Path) -> Survey:
        """Read a codebook from a TOML file.

        Raises
        ------
        tracktr.CodebookError
            If the file is not valid TOML or does not describe a survey; the message
            names the file (and the question).

        Examples
        --------
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_toml(tt.surveys.path("tracktr_2015"))
        >>> survey.question("main_funding").source
        'Graph 1'
        """
        return cls.from_dict(read_toml(path), source=str(path))

    def to_dict(self) -> dict[str, Any]:
        """Return the codebook as a mapping that :meth:`from_dict` reads back.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.surveys.tracktr_2015().to_dict()["respondent_id"]
        'respondent_id'
        """
        out: dict[str, Any] = {"title": self.title}
        if self.description is not None:
            out["description"] = self.description
        out["respondent_id"] = self.respondent_id
        out["population"] = self.population
        if self.missing:
            out["missing"] = {kind: list(values) for kind, values in self.missing.items()}
        if self.design:
            out["design"] = dict(self.design)
        if self.pooled:
            out["pooled"] = pooled_table(self.pooled)
        out["questions"] = [q.to_dict() for q in self.questions]
        return out

    def to_toml(self, path: str | Path) -> None:
        """Write the codebook as TOML; :meth:`from_toml` reads back an equal survey.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import tracktr as tt
        >>> survey = tt.surveys.tracktr_2015()
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "copy.toml"
        >>> survey.to_toml(path)
        >>> tt.Survey.from_toml(path) == survey
        True
        """
        write_toml(self.to_dict(), path)

    def with_question(self, question: Question) -> Survey:
        """Return a new survey with `question` replacing the one of the same id (or added).

        Examples
        --------
        >>> import tracktr as tt
        >>> survey = tt.surveys.tracktr_2015()
        >>> note = tt.TextQuestion("notes", "Analyst's notes")
        >>> len(survey.with_question(note).questions) - len(survey.questions)
        1
        """
        replaced = False
        questions: list[Question] = []
        for existing in self.questions:
            if existing.id == question.id:
                questions.append(question)
                replaced = True
            else:
                questions.append(existing)
        if not replaced:
            questions.append(question)
        return dataclasses.replace(self, questions=tuple(questions))

    # -- looking up ---------------------------------------------------------------------

    def question(self, question_id: str) -> Question:
        """Return the question with id `question_id` (or owning the column of that name).

        Raises
        ------
        tracktr.QuestionNotFoundError
            If no question has that id or column; the message suggests close ids.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.surveys.tracktr_2015().question("income").type
        'ordinal'
        """
        for question in self.questions:
            if question.id == question_id:
                return question
        for question in self.questions:
            if question_id in question.columns:
                return question
        ids = [q.id for q in self.questions]
        close = difflib.get_close_matches(str(question_id), ids, n=3)
        hint = (
            f"did you mean {', '.join(repr(c) for c in close)}?" if close else f"the ids are {ids}."
        )
        msg = f"No question {question_id!r} in the codebook {self.title!r}.\n\nHint: {hint}"
        raise QuestionNotFoundError(msg)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every data column of the questions, the respondent id first."""
        return (self.respondent_id, *(c for q in self.questions for c in q.columns))

    @property
    def described_columns(self) -> tuple[str, ...]:
        """Every data column the codebook describes: :attr:`columns` and those of no question.

        The ``[design]`` columns (weights, strata, clusters, fpc) and the persistent id of
        pooled waves (``[pooled]``) follow the questions' columns, each once: a file holding
        them has no column the codebook does not know.

        Examples
        --------
        >>> import tracktr as tt
        >>> survey = tt.Survey(
        ...     "Members", [tt.SingleQuestion("q", "Q?", tt.survey.options(["Yes", "No"]))],
        ...     respondent_id="id", design={"weights": "wt", "lonely_psu": "adjust"},
        ... )
        >>> survey.columns, survey.described_columns
        (('id', 'q'), ('id', 'q', 'wt'))
        """
        design = (self.design[key] for key in DESIGN_COLUMNS if key in self.design)
        persistent = self.pooled.get("id")
        named = (*self.columns, *design, *([persistent] if isinstance(persistent, str) else []))
        return tuple(dict.fromkeys(named))

    @property
    def missing_kinds(self) -> tuple[MissingKind, ...]:
        """The valid missing kinds: skipped, not asked, and refused where declared."""
        kinds: list[MissingKind] = ["skipped", "not_asked"]
        if "refused" in self.missing:
            kinds.append("refused")
        return tuple(kinds)

    def ordered_questions(self) -> tuple[Question, ...]:
        """Return the questions with every routing question before the questions it routes."""
        by_id = {q.id: q for q in self.questions}
        return tuple(by_id[qid] for qid in routing_order(by_id))

    # -- routing and specs --------------------------------------------------------------

    def asked(self, data: pd.DataFrame, question_id: str) -> pd.Series:
        """Return a boolean Series: which respondents the routing says were asked.

        A respondent with no answer to a routing question (blank, skipped, not asked)
        matches none of its options. Codes and labels are both understood.

        Raises
        ------
        tracktr.InvalidDataError
            If a routing question's column holds True/False, which match none of its
            options (:meth:`prepare` refuses them too).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.surveys.tracktr_2015()
        >>> df = pd.DataFrame({"main_funding": ["Funded by a CRC", None, 3]})
        >>> survey.asked(df, "crc_role").tolist()
        [True, False, False]
        """
        data = check_frame(self, data, action="asked")
        return pd.Series(self._asked_rows(data, question_id), index=data.index, dtype=bool)

    def _asked_rows(self, data: pd.DataFrame, question_id: str) -> npt.NDArray[np.bool_]:
        """:meth:`asked` of a checked frame, as an array (a routed table needs no Series)."""
        question = self.question(question_id)
        if question.ask_if is None:
            return np.ones(len(data), dtype=bool)
        routing = DistinctColumns(data, kept=True)  # shared with the next table's routing
        self._refuse_truths(question.ask_if.questions(), data, routing)
        questions = {q.id: q for q in self.questions}
        return evaluate_rows(question.ask_if, data, questions, columns=routing)

    def _refuse_truths(self, ids: Any, data: pd.DataFrame, routing: DistinctColumns) -> None:
        """Refuse True/False in a routing question's column: they match none of its options.

        :meth:`prepare` refuses them; routing read them as no answer, silently not asking.
        """
        for question_id in dict.fromkeys(ids):
            question = self.question(question_id)
            if isinstance(question, MultiQuestion):  # ticks may be True/False
                continue
            for column in question.columns:
                if column not in data.columns:
                    continue
                # A categorical's categories, each once; a category no row holds refuses
                # nothing (no rows), as it is absent from the column's distinct cells.
                found = categories(data[column]) or routing(column)
                if found is None:
                    continue
                truths = [k for k, v in enumerate(found.values) if isinstance(v, bool | np.bool_)]
                held = np.isin(found.codes, truths) if truths else None
                if held is not None and held.any():
                    rows = list(data.index[held][:20])
                    msg = (
                        f"routing question {question.id!r}: column {column!r} holds True/False "
                        f"(rows {rows}), which match none of its options "
                        f"{list(question.labels)[:10]}, so routing would read them as no answer."
                    )
                    hint = "Hint: map them to the option labels (or codes) first."
                    raise InvalidDataError(f"{msg}\n\n{hint}")

    def asked_frame(
        self, data: pd.DataFrame, question_ids: str | Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Return who the routing says was asked each question: a boolean column per question.

        :meth:`asked` of each question at once: each routing column's distinct cells are
        read once for all the questions (a routing question usually routes several),
        instead of once per question.

        Parameters
        ----------
        data : pandas.DataFrame
            The responses.
        question_ids : str or sequence of str, optional
            The questions (ids or column names), in the order of the columns returned;
            every question of the codebook by default.

        Raises
        ------
        tracktr.QuestionNotFoundError
            If an id names no question.
        tracktr.InvalidOptionError
            If an id is given twice.
        tracktr.InvalidDataError
            If a routing question's column holds True/False (as :meth:`asked`).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.surveys.tracktr_2015()
        >>> df = pd.DataFrame({"main_funding": ["Funded by a CRC", None]})
        >>> survey.asked_frame(df, ["main_funding", "crc_role"])
           main_funding  crc_role
        0          True      True
        1          True     False
        """
        data = check_frame(self, data, action="asked_frame")
        if question_ids is None:
            ids = [q.id for q in self.questions]
        else:
            ids = [question_ids] if isinstance(question_ids, str) else list(question_ids)
        twice = repeated(ids)
        if twice:
            msg = (
                f"asked_frame(): {', '.join(repr(i) for i in twice)} given more than once; "
                "each question is one column.\n\nHint: list each question once."
            )
            raise InvalidOptionError(msg)
        questions = [self.question(i) for i in ids]
        by_id = {q.id: q for q in self.questions}
        routing = DistinctColumns(data, kept=True)  # each routing column factorised once
        self._refuse_truths(
            (i for q in questions if q.ask_if is not None for i in q.ask_if.questions()),
            data, routing,
        )  # fmt: skip
        columns = {
            name: (
                np.ones(len(data), dtype=bool)
                if question.ask_if is None
                else evaluate(question.ask_if, data, by_id, columns=routing).to_numpy()
            )
            for name, question in zip(ids, questions, strict=True)
        }
        return pd.DataFrame(columns, index=data.index, columns=ids)

    def base_description(self, question_id: str) -> str:
        """Who the base of a question is, in words, written from the routing.

        Examples
        --------
        >>> import tracktr as tt
        >>> tt.surveys.tracktr_2015().base_description("crc_role")
        'organisations funded by a CRC who answered'
        """
        question = self.question(question_id)
        if question.base is not None:
            who = question.base
        elif question.ask_if is None:
            who = f"all {self.population}"
        else:
            who = f"{self.population} for whom {question.ask_if.describe()}"
        return f"{who} who answered"

    def spec(self, question_id: str) -> QuestionSpec:
        """Return what tabulation needs to know about a question.

        Examples
        --------
        >>> import tracktr as tt
        >>> spec = tt.surveys.tracktr_2015().spec("main_funding")
        >>> spec.type, spec.columns
        ('single', ('main_funding',))
        >>> spec.title
        'What is the main way in which you are funded to support the rehabilitation of offenders?'
        >>> spec.base_description
        'all organisations who answered'
        """
        # Built once per question and kept: tabulating and rendering the trackTR survey's
        # 36 tables asked for 120 specs, each rebuilt (0.66 against 0.013 ms for 144).
        try:
            specs = self._specs
        except AttributeError:  # the first spec of this survey (the slot is unset)
            specs = {}
            object.__setattr__(self, "_specs", specs)
        if isinstance(question_id, str) and question_id in specs:
            return specs[question_id]
        question = self.question(question_id)
        # One spec a question, whether asked for by its id or by one of its columns.
        spec = specs.get(question.id) or self._build_spec(question)
        specs[question.id] = spec
        if isinstance(question_id, str):
            specs[question_id] = spec
        return spec

    def _build_spec(self, question: Question) -> QuestionSpec:
        options = question.labels
        if isinstance(question, NumericQuestion):
            options = tuple(b.label for b in question.bands)
        return QuestionSpec(
            question=question.id,
            type=question.type,
            options=options,
            dont_know=question.dont_know,
            exclusive=question.exclusive if isinstance(question, MultiQuestion) else (),
            columns=question.columns,
            items=tuple(i.label for i in question.items)
            if isinstance(question, GridQuestion)
            else (),
            separator=question.separator
            if isinstance(question, MultiQuestion) and question.form == "delimited"
            else None,
            slots=isinstance(question, MultiQuestion) and question.form == "slots",
            title=question.text,
            base_description=self.base_description(question.id),
            nets=question.nets,
            scores=question.scores,
        )

    # -- checking data ------------------------------------------------------------------

    def validate(self, data: pd.DataFrame, *, allow_extra_columns: bool = False) -> pd.DataFrame:
        """Check a response frame against the codebook, collecting every failure.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per respondent; option labels, missing markers or blanks. The
            respondent ids are the `respondent_id` column, or an index of that name.
        allow_extra_columns : bool, default False
            Accept columns the codebook does not describe (otherwise each is a failure).

        Returns
        -------
        pandas.DataFrame
            A new frame: single, ordinal and grid columns as ordered categoricals
            (options in codebook order, then the missing markers).

        Raises
        ------
        tracktr.SurveyValidationError
            Listing every failure; ``.failures`` is a DataFrame with columns question,
            column, respondent_id, value, check and expected. The checks are
            ``missing_column``, ``unknown_column``, ``missing_id``, ``duplicate_id``,
            ``unknown_value``, ``code_not_label``, ``not_binary``, ``exclusive``,
            ``not_numeric``, ``not_finite``, ``ambiguous_separator``, ``out_of_bounds``,
            ``not_integer``, ``not_text``, ``invalid_id``, ``answered_not_asked``,
            ``not_asked_but_routed`` and ``undeclared_missing_kind``. Repeated ids are
            one ``duplicate_id`` failure (value: the ids; expected: the rows of each) and
            blank ids one ``missing_id`` failure naming their rows, on every engine.
        tracktr.InvalidDataError
            If `data` is not a DataFrame or has two columns of the same name.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "Demo", "questions": [
        ...     {"id": "size", "type": "ordinal", "text": "Size?", "options": ["Small", "Large"]}]})
        >>> df = pd.DataFrame({"respondent_id": [1, 2], "size": ["Large", "Small"]})
        >>> survey.validate(df)["size"].cat.categories.tolist()
        ['Small', 'Large', '<skipped>', '<not asked>']
        >>> try:
        ...     survey.validate(pd.DataFrame({"respondent_id": [1, 1], "size": ["Huge", "Small"]}))
        ... except tt.SurveyValidationError as error:
        ...     print(error.failures[["question", "respondent_id", "value", "check"]])
                question respondent_id value          check
        0  respondent_id          None  (1,)   duplicate_id
        1           size             1  Huge  unknown_value
        """
        return validate(self, data, allow_extra_columns=allow_extra_columns)

    def prepare(self, data: pd.DataFrame, *, allow_extra_columns: bool = False) -> Prepared:
        """Turn a raw response frame into a validated one, reporting every change.

        Numeric codes become option labels; the sentinel values declared under
        ``[missing]`` and blank cells become missing markers: a blank cell is
        ``"<not asked>"`` where routing says the respondent was not asked and
        ``"<skipped>"`` otherwise. The result is then validated.

        Numbers written as text are read one way (the same reader matches codes and
        ``[missing]`` codes, so "-99", "-99.0", -99 and -99.0 are one code): ASCII digits
        with an optional sign, decimal point and exponent, spaces around ignored. A comma
        is a thousands separator only where no other reading exists ("1,000,000",
        "1,000.5"); "2,5" and "1,000" could each be read two ways and fail validation as
        ``ambiguous_separator``, naming the respondent and value. A no-break space between
        groups of three digits, as French spreadsheets write thousands, is a thousands
        separator too (U+00A0 or U+202F); a plain space is not. Infinity, NaN and
        numbers beyond a float ("1e400") fail as ``not_finite``.

        Returns
        -------
        Prepared
            ``.data`` the validated frame, ``.changes`` one row per changed cell.

        Raises
        ------
        tracktr.SurveyValidationError
            If the converted frame does not validate.
        tracktr.InvalidDataError
            If `data` is not a DataFrame or has two columns of the same name.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({
        ...     "title": "Demo",
        ...     "missing": {"skipped": [-99]},
        ...     "questions": [
        ...         {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]},
        ...         {"id": "amount", "type": "numeric", "text": "How much?", "min": 0,
        ...          "ask_if": {"question": "funded", "in": ["Yes"]}},
        ...     ],
        ... })
        >>> raw = pd.DataFrame({"respondent_id": [1, 2, 3], "funded": [1, 2, -99],
        ...                     "amount": [500, None, None]})
        >>> prepared = survey.prepare(raw)
        >>> prepared.data
           respondent_id     funded       amount
        0              1        Yes        500.0
        1              2         No  <not asked>
        2              3  <skipped>  <not asked>
        >>> prepared.changes[["column", "respondent_id", "before", "after", "reason"]]
           column respondent_id before        after    reason
        0  funded             1      1          Yes      code
        1  funded             2      2           No      code
        2  funded             3    -99    <skipped>  sentinel
        3  amount             2    NaN  <not asked>     blank
        4  amount             3    NaN  <not asked>     blank
        """
        return prepare(self, data, allow_extra_columns=allow_extra_columns)

    def to_pandera(self) -> Any:
        """Return a pandera ``DataFrameSchema`` equivalent to :meth:`validate`.

        Examples
        --------
        >>> import tracktr as tt
        >>> schema = tt.surveys.tracktr_2015().to_pandera()
        >>> type(schema).__name__
        'DataFrameSchema'
        """
        from tracktr.survey._pandera import to_pandera

        return to_pandera(self)

    def to_markdown(self) -> str:
        """Return a data dictionary a person can read (Markdown).

        Examples
        --------
        >>> import tracktr as tt
        >>> print(tt.surveys.tracktr_2015().to_markdown().splitlines()[0])
        # trackTR survey 2015: data dictionary
        """
        from tracktr.survey._markdown import to_markdown

        return to_markdown(self)

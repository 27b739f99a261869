"""Pooling waves: one frame with a ``wave`` column, one codebook, and who answered when.

:func:`pool` validates each wave's data against its own codebook, maps every question
through a :class:`~tracktr.waves.Harmonisation` onto the common codebook, and stacks the
waves. Respondents of a wave that did not ask a question are "not asked" there, so the
base of every trend table stays honest. A persistent organisation id (`id`) records which
organisations answered which waves: the overlap that the wave-on-wave tests of
:mod:`tracktr.waves.trends` pair.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracktr._pooled import POOLED_ATTR
from tracktr.exceptions import (
    CodebookError,
    InvalidDataError,
    InvalidOptionError,
    QuestionNotFoundError,
    SurveyValidationError,
)
from tracktr.missing import MARKERS, NOT_ASKED
from tracktr.survey import (
    All,
    AnyOf,
    Condition,
    GridQuestion,
    Is,
    MultiQuestion,
    Not,
    NumericQuestion,
    Option,
    OrdinalQuestion,
    Question,
    SingleQuestion,
    Survey,
)
from tracktr.survey._cells import is_missing_cell, label_of
from tracktr.tabulate import _multi_answered
from tracktr.typing import MissingKind
from tracktr.waves._harmonise_read import _wave_label_problem
from tracktr.waves.harmonise import (
    Harmonisation,
    Harmonised,
    HarmonisedQuestion,
    routing_note,
)

__all__ = ["KEY", "Pooled", "pool"]

KEY = "wave_respondent"
"""The pooled respondent key: ``"<wave>/<respondent id in that wave>"``, unique across waves."""

# ``Pooled.data.attrs[POOLED_ATTR]`` names the wave and persistent id columns and the options
# each wave did not offer (tracktr._pooled): tt.compare_groups reads it to refuse groups that
# share organisations, the tables to mark the gaps. pandas keeps ``attrs`` on copies and
# row selections; the pooled codebook's ``[pooled]`` table holds the same facts, for rows
# read back from a file.

HarmoniseLike = Harmonisation | Mapping[str, Any] | str | Path | None


@dataclass(frozen=True, slots=True)
class Pooled:
    """Waves pooled through a harmonisation: the data, the common codebook and the overlap.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per respondent per wave, indexed by ``wave_respondent``
        (``"<wave>/<id>"``): that key, the wave column (an ordered categorical in wave
        order), the persistent id column (when given), then the pooled questions' columns
        with the common options.
    survey : Survey
        The pooled codebook: the wave question, then the harmonised questions, each
        routed (``ask_if``) as its waves routed it, read through the map and tied to the
        wave column where waves differ (a question one wave did not ask is asked only in
        the others), so that the codebook saved with ``to_toml`` validates the pooled rows.
    waves : tuple of str
        The waves in time order.
    id : str or None
        The persistent organisation id column (``None``: unknown, waves treated as
        independent samples).
    membership : pandas.DataFrame or None
        One row per organisation (persistent id), one boolean column per wave.
    harmonised : Harmonised
        The resolved harmonisation: where each pooled question comes from in each wave.
    wave_column : str
        The name of the wave column (``"wave"``).
    notes : tuple of str
        What a reader of a trend should know: questions not asked in a wave, common
        options a wave could not give, questions dropped on purpose.

    Examples
    --------
    >>> import tracktr as tt
    >>> pooled = tt.waves.pool(tt.datasets.tracktr_waves(),
    ...                        harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    >>> pooled
    Pooled(2 waves: '2015-05' n=156, '2015-10' n=151; 91 organisations in both; id='org_id')
    """

    data: pd.DataFrame
    survey: Survey
    waves: tuple[str, ...]
    id: str | None
    membership: pd.DataFrame | None
    harmonised: Harmonised
    wave_column: str = "wave"
    notes: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        sizes = ", ".join(f"{w!r} n={n}" for w, n in self.sizes().items())
        if self.membership is None:
            overlap = "no persistent id"
        elif len(self.waves) == 2:
            overlap = f"{len(self.in_both(*self.waves))} organisations in both; id={self.id!r}"
        else:
            in_all = int(self.membership.all(axis=1).sum())
            overlap = f"{in_all} organisations in every wave; id={self.id!r}"
        return f"Pooled({len(self.waves)} waves: {sizes}; {overlap})"

    def sizes(self) -> dict[str, int]:
        """Return the number of respondents of each wave.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "Members", "questions": [
        ...     {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]}]})
        >>> may = pd.DataFrame({"respondent_id": [1, 2, 3], "org": ["A", "B", "C"],
        ...                     "funded": ["Yes", "No", "No"]})
        >>> october = pd.DataFrame({"respondent_id": [1, 2], "org": ["B", "D"],
        ...                         "funded": ["Yes", "No"]})
        >>> pooled = tt.waves.pool({"may": (may, survey), "october": (october, survey)}, id="org")
        >>> pooled.sizes()
        {'may': 3, 'october': 2}
        """
        counts = self.data[self.wave_column].value_counts(sort=False)
        return {w: int(counts.get(w, 0)) for w in self.waves}

    def wave(self, name: str) -> pd.DataFrame:
        """Return a copy of the rows of one wave (harmonised columns).

        Raises
        ------
        tracktr.InvalidOptionError
            If `name` is not a wave.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "Members", "questions": [
        ...     {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]}]})
        >>> may = pd.DataFrame({"respondent_id": [1, 2, 3], "org": ["A", "B", "C"],
        ...                     "funded": ["Yes", "No", "No"]})
        >>> october = pd.DataFrame({"respondent_id": [1, 2], "org": ["B", "D"],
        ...                         "funded": ["Yes", "No"]})
        >>> pooled = tt.waves.pool({"may": (may, survey), "october": (october, survey)}, id="org")
        >>> pooled.wave("october")["funded"].tolist()
        ['Yes', 'No']
        """
        self._check_wave(name)
        return self.data[self.data[self.wave_column] == name].copy()

    def in_both(self, first: str, second: str) -> tuple[Any, ...]:
        """Return the persistent ids of the organisations that answered both waves.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "Members", "questions": [
        ...     {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]}]})
        >>> may = pd.DataFrame({"respondent_id": [1, 2, 3], "org": ["A", "B", "C"],
        ...                     "funded": ["Yes", "No", "No"]})
        >>> october = pd.DataFrame({"respondent_id": [1, 2], "org": ["B", "D"],
        ...                         "funded": ["Yes", "No"]})
        >>> pooled = tt.waves.pool({"may": (may, survey), "october": (october, survey)}, id="org")
        >>> pooled.in_both("may", "october")
        ('B',)
        """
        self._check_wave(first)
        self._check_wave(second)
        if self.membership is None:
            return ()
        both = self.membership[first] & self.membership[second]
        return tuple(self.membership.index[both])

    def overlap(self) -> pd.DataFrame:
        """Return the number of organisations in each pair of waves (the diagonal: each wave).

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "Members", "questions": [
        ...     {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]}]})
        >>> may = pd.DataFrame({"respondent_id": [1, 2, 3], "org": ["A", "B", "C"],
        ...                     "funded": ["Yes", "No", "No"]})
        >>> october = pd.DataFrame({"respondent_id": [1, 2], "org": ["B", "D"],
        ...                         "funded": ["Yes", "No"]})
        >>> pooled = tt.waves.pool({"may": (may, survey), "october": (october, survey)}, id="org")
        >>> pooled.overlap()
                 may  october
        may        3        1
        october    1        2
        """
        if self.membership is None:
            sizes = self.sizes()
            frame = pd.DataFrame(0, index=list(self.waves), columns=list(self.waves))
            for w in self.waves:
                frame.loc[w, w] = sizes[w]
            return frame
        m = self.membership.astype("int64")
        return m.T @ m

    def to_frame(self) -> pd.DataFrame:
        """Return a copy of the pooled data.

        Examples
        --------
        >>> import pandas as pd
        >>> import tracktr as tt
        >>> survey = tt.Survey.from_dict({"title": "Members", "questions": [
        ...     {"id": "funded", "type": "single", "text": "Funded?", "options": ["Yes", "No"]}]})
        >>> may = pd.DataFrame({"respondent_id": [1, 2, 3], "org": ["A", "B", "C"],
        ...                     "funded": ["Yes", "No", "No"]})
        >>> october = pd.DataFrame({"respondent_id": [1, 2], "org": ["B", "D"],
        ...                         "funded": ["Yes", "No"]})
        >>> pooled = tt.waves.pool({"may": (may, survey), "october": (october, survey)}, id="org")
        >>> pooled.to_frame()[["wave", "org", "funded"]]
                    wave org funded
        may/1        may   A    Yes
        may/2        may   B     No
        may/3        may   C     No
        october/1  october   B    Yes
        october/2  october   D     No
        """
        return self.data.copy()

    def _check_wave(self, name: str) -> None:
        if name not in self.waves:
            msg = f"{name!r} is not a wave; the waves are {list(self.waves)}."
            raise InvalidOptionError(msg)


def _harmonisation(harmonise: HarmoniseLike, waves: tuple[str, ...]) -> Harmonisation:
    if harmonise is None:
        return Harmonisation(waves)
    if isinstance(harmonise, Harmonisation):
        return harmonise
    if isinstance(harmonise, str | Path):
        return Harmonisation.from_toml(harmonise)
    if isinstance(harmonise, Mapping):
        return Harmonisation.from_dict(harmonise)
    msg = (
        "`harmonise` must be a tt.waves.Harmonisation, a mapping, or the path of a TOML "
        f"file; got {type(harmonise).__name__}."
    )
    raise CodebookError(msg)


def _unpack(waves: object) -> dict[str, tuple[pd.DataFrame, Survey]]:
    if not isinstance(waves, Mapping) or not waves:
        msg = (
            "`waves` must be a non-empty mapping of wave -> (data, survey); got "
            f"{type(waves).__name__}."
        )
        raise InvalidOptionError(f'{msg}\n\nHint: tt.waves.pool({{"2015-05": (df, survey)}}).')
    _check_labels(list(waves))
    out: dict[str, tuple[pd.DataFrame, Survey]] = {}
    for wave, pair in waves.items():
        ok = isinstance(pair, tuple) and len(pair) == 2
        if not ok or not isinstance(pair[0], pd.DataFrame) or not isinstance(pair[1], Survey):
            msg = f"wave {wave!r}: expected a (DataFrame, tt.Survey) pair; got {pair!r:.80}."
            raise InvalidOptionError(msg)
        out[str(wave)] = (pair[0], pair[1])
    return out


def _check_labels(labels: list[object]) -> None:
    """Refuse wave labels that would clash in the pooled data or in trend tables."""
    texts = [str(w) for w in labels]
    clashes = [w for w, t in zip(labels, texts, strict=True) if texts.count(t) > 1]
    if clashes:
        msg = (
            f"waves {clashes} have the same label once written as text "
            f"({sorted(set(map(str, clashes)))}), so pooling would merge them."
        )
        hint = "Hint: give each wave a distinct text label, e.g. '2015-05' and '2015-10'."
        raise InvalidOptionError(f"{msg}\n\n{hint}")
    for wave in labels:
        refused = _wave_label_problem(wave)
        if refused is not None:
            problem, fix = refused
            msg = f"wave {wave!r} {problem}."
            hint = f"Hint: rename the wave in the mapping given to tt.waves.pool(): {fix}."
            raise InvalidOptionError(f"{msg}\n\n{hint}")


def _check_ids(data: pd.DataFrame, wave: str, id_column: str) -> None:
    if id_column not in data.columns:
        msg = f"wave {wave!r}: the persistent id column {id_column!r} is not in the data."
        hint = "Hint: pass id= the column that identifies an organisation in every wave."
        raise QuestionNotFoundError(f"{msg}\n\n{hint}")
    ids = data[id_column]
    blank = _missing_ids(ids)
    dup = ids.duplicated(keep=False) & ~blank
    if blank.any() or dup.any():
        rows = [*data.index[blank], *data.index[dup]]
        failures = pd.DataFrame(
            {
                "question": id_column,
                "column": id_column,
                "respondent_id": rows,
                "value": [*ids[blank], *ids[dup]],
                "check": ["missing_id"] * int(blank.sum()) + ["duplicate_id"] * int(dup.sum()),
                "expected": "a unique persistent id",
            }
        )
        # Positions, not index labels: an index with repeated labels (a concat) named
        # "rows [0, 0]".
        parts = [
            _id_rows(what, mask.to_numpy(), ids.to_numpy())
            for what, mask in (("missing", blank), ("repeated", dup))
            if mask.any()
        ]
        msg = (
            f"wave {wave!r}: the persistent id {id_column!r} is {' and '.join(parts)} "
            "(0-based positions)."
        )
        hint = "Hint: every organisation needs one id, the same in every wave it answers."
        raise SurveyValidationError(f"{msg}\n\n{hint}", failures=failures)


def _missing_ids(ids: pd.Series) -> pd.Series:
    """Whether each id is missing: NaN/None, a missing-value marker, or empty text.

    An empty cell exported as text is "": taken as an id, it paired two unrelated
    organisations whose cells were both empty as one organisation "in both waves".
    """
    # isin, not ==: an id column of numbers compared with "" is False without a warning
    return ids.isna() | ids.isin([*MARKERS, ""])


def _id_rows(what: str, mask: npt.NDArray[np.bool_], ids: npt.NDArray[Any]) -> str:
    """Name the rows (by position) of missing or repeated ids, and the repeated ids."""
    # tolist(): Python numbers, so the message reads [1], not [np.int64(1)]
    values = f" (ids {pd.unique(ids[mask]).tolist()[:5]})" if what == "repeated" else ""
    return f"{what}{values} in rows {np.flatnonzero(mask)[:10].tolist()}"


_ID_KINDS = {
    "string": "text",
    "integer": "numbers",
    "floating": "numbers",
    "mixed-integer-float": "numbers",
    "decimal": "numbers",
    "boolean": "True/False",
}


def _check_id_kinds(frames: Mapping[str, pd.DataFrame], id_column: str) -> None:
    """Raise if the waves' ids are of different kinds: 1 never matches "1" (True matches 1).

    Organisations are matched across waves by equal ids, so ids held as numbers in one
    wave and as text in another silently match nobody.
    """
    kinds: dict[str, str] = {}
    for wave, data in frames.items():
        ids = data[id_column]
        ids = ids[~_missing_ids(ids)]
        if isinstance(ids.dtype, pd.CategoricalDtype):
            # A categorical's kind is that of its values: infer_dtype said "categorical",
            # and text ids held as a category (read_spss, astype("category")) were refused
            # as "a mixture" though they match the other wave's text.
            ids = ids.astype(object)
        if len(ids):
            inferred = pd.api.types.infer_dtype(ids, skipna=True)
            kinds[wave] = _ID_KINDS.get(inferred, f"a mixture ({inferred})")
    mixed = {w: k for w, k in kinds.items() if k.startswith("a mixture")}
    if len(set(kinds.values())) > 1 or mixed:
        shown = "; ".join(
            f"{kind} in wave {w!r} ({frames[w][id_column].head(3).tolist()})"
            for w, kind in kinds.items()
        )
        msg = (
            f"the persistent id {id_column!r} is {shown}: ids of different kinds never "
            "match (1 is not '1'), or match when they should not (True is 1)."
        )
        hint = f"Hint: make the ids one kind in every wave, e.g. data[{id_column!r}].astype(str)."
        raise InvalidDataError(f"{msg}\n\n{hint}")
    _check_id_spaces(frames, id_column)
    _check_id_spellings(frames, id_column)
    if set(kinds.values()) == {"numbers"}:
        _check_id_precision(frames, id_column)


def _check_id_precision(frames: Mapping[str, pd.DataFrame], id_column: str) -> None:
    """Raise for whole-number ids too long for a decimal number, beside decimal ids.

    Pooling stacks the waves' ids in one column: beside a wave whose ids are decimal
    numbers, an id above 2**53 was rounded to its neighbour, and two organisations were
    paired as one (9007199254740993 with 9007199254740992.0). CRM ids run to 16-19 digits.
    """
    decimal = [w for w, d in frames.items() if d[id_column].dtype.kind == "f"]
    if not decimal:
        return
    for wave, data in frames.items():
        ids = data[id_column]
        if ids.dtype.kind not in "iu" and ids.dtype != object:
            continue
        whole = [v for v in pd.unique(ids.to_numpy(dtype=object)) if _too_long(v)]
        if whole:
            msg = (
                f"the persistent id {id_column!r} of wave {wave!r} holds whole numbers "
                f"beyond 2**53 ({whole[:3]}), and wave(s) {decimal} hold decimal numbers: "
                "stacked together, the long ids would be rounded, and different "
                "organisations matched as one."
            )
            hint = (
                f"Hint: read the ids as text in every wave (dtype={{{id_column!r}: str}}), "
                "written the same way."
            )
            raise InvalidDataError(f"{msg}\n\n{hint}")


def _too_long(value: object) -> bool:
    """Whether a whole number is beyond what a float64 holds exactly."""
    return isinstance(value, int | np.integer) and abs(int(value)) > 2**53


def _id_key(text: str) -> str:
    """Return the id as it would be if written another common way: no leading zeros, one case."""
    # A character that prints nothing (a zero-width space, a soft hyphen: Unicode's format
    # characters) makes "A12\u200b" look like "A12" to whoever reads the ids.
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    # One letter encoded two ways ("café" composed, or "e" and an accent) reads alike.
    text = unicodedata.normalize("NFC", text)
    if text.isascii() and text.isdigit():
        return text.lstrip("0") or "0"
    return text.casefold()


def _check_id_spellings(frames: Mapping[str, pd.DataFrame], id_column: str) -> None:
    """Raise for text ids written differently in two waves: "007" and "7", "ab12" and "AB12".

    Ids are matched as written, so an organisation whose id lost its leading zeros in one
    wave's export (a spreadsheet reads "007" as 7) or changed case was silently counted as
    two organisations, each in one wave, and the overlap that pairs answers shrank.
    """
    spellings: dict[str, dict[str, set[str]]] = {}  # key -> spelling -> waves
    for wave, data in frames.items():
        for value in pd.unique(data[id_column].to_numpy(dtype=object)):
            if isinstance(value, str):
                spellings.setdefault(_id_key(value), {}).setdefault(value, set()).add(wave)
    clashes = [
        found
        for found in spellings.values()
        if len(found) > 1 and len(set().union(*found.values())) > 1
    ]
    if not clashes:
        return
    shown = "; ".join(
        " and ".join(
            f"{spelling!r} in wave(s) {sorted(waves)}" for spelling, waves in found.items()
        )
        for found in clashes[:3]
    )
    more = f" (and {len(clashes) - 3} more)" if len(clashes) > 3 else ""
    msg = (
        f"the persistent id {id_column!r} is written differently in different waves: "
        f"{shown}{more}. Ids are matched as written, so each such organisation would be "
        "counted as two, one in each wave, and not paired across the waves."
    )
    hint = (
        "Hint: write every id one way in every wave before pooling: the same leading zeros "
        f"(e.g. data[{id_column!r}].str.zfill(3)), the same case (.str.upper()), the "
        "same accents (.str.normalize('NFC')) and no characters that print nothing "
        "(.str.replace('\\u200b', ''))."
    )
    raise InvalidDataError(f"{msg}\n\n{hint}")


def _check_id_spaces(frames: Mapping[str, pd.DataFrame], id_column: str) -> None:
    """Raise for text ids with spaces at either end: "A " never matches "A" in another wave."""
    for wave, data in frames.items():
        ids = data[id_column]
        padded = [v for v in ids.tolist() if isinstance(v, str) and v != v.strip()]
        if padded:
            rows = list(ids.index[ids.isin(padded)][:20])
            msg = (
                f"wave {wave!r}: the persistent id {id_column!r} holds {padded[:5]!r} (rows "
                f"{rows}), with spaces at either end; an id is matched across waves as it is "
                "written, so 'A ' would never match 'A'."
            )
            hint = f"Hint: strip the ids first, e.g. data[{id_column!r}].str.strip()."
            raise InvalidDataError(f"{msg}\n\n{hint}")


def _validated(data: pd.DataFrame, survey: Survey, wave: str) -> pd.DataFrame:
    try:
        return survey.validate(data, allow_extra_columns=True)
    except SurveyValidationError as error:
        raise SurveyValidationError(f"wave {wave!r}: {error}", failures=error.failures) from None


def _mapped(
    data: pd.DataFrame, column: str, mapping: Mapping[str, str], pooled: Question
) -> pd.Series:
    series = data[column]
    identity = all(label == common for label, common in mapping.items())
    if not identity and isinstance(pooled, SingleQuestion | OrdinalQuestion | GridQuestion):
        values = series.astype(object)
        return values.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v)
    return series.astype(object)


def _wave_columns(
    harmonised: HarmonisedQuestion, wave: str, data: pd.DataFrame
) -> dict[str, pd.Series]:
    pooled = harmonised.question
    source = harmonised.sources[wave]
    if source is None:
        return {c: pd.Series(NOT_ASKED, index=data.index, dtype=object) for c in pooled.columns}
    mapping = harmonised.maps[wave]
    if isinstance(pooled, GridQuestion) and isinstance(source, GridQuestion):
        by_item = {i.id: i.column for i in source.items}
        return {i.column: _mapped(data, by_item[i.id], mapping, pooled) for i in pooled.items}
    if isinstance(pooled, MultiQuestion) and isinstance(source, MultiQuestion):
        return _renamed_ticks(data, source, pooled, mapping)
    return {
        target: _mapped(data, column, mapping, pooled)
        for target, column in zip(pooled.columns, source.columns, strict=True)
    }


def _renamed_ticks(
    data: pd.DataFrame, source: MultiQuestion, pooled: MultiQuestion, mapping: Mapping[str, str]
) -> dict[str, pd.Series]:
    """Return a wave's tick set under the pooled labels (the map renames one to one).

    Indicator columns are matched by label, not by position; a delimited cell is split on
    the wave's separator, each label renamed, and joined with the pooled one; each answer
    slot is renamed. Markers and blanks pass through.
    """
    if source.labels == pooled.labels and source.separator == pooled.separator:
        # The same options in the same order (the latest wave itself): as they are.
        return {
            target: data[column].astype(object)
            for target, column in zip(pooled.columns, source.columns, strict=True)
        }
    if pooled.form == "indicator":
        column_of = dict(zip(source.labels, source.columns, strict=True))
        by_common = {common: column_of[label] for label, common in mapping.items()}
        # An option a later wave added has no column in this wave: it was not offered.
        unoffered = None if len(by_common) == len(pooled.labels) else _unoffered_cells(data, source)
        return {
            target: data[by_common[label]].astype(object)
            if label in by_common or unoffered is None
            else unoffered.copy()
            for label, target in zip(pooled.labels, pooled.columns, strict=True)
        }
    if pooled.form == "delimited":
        cells = data[source.id].astype(object)
        renamed = [_renamed_cell(v, source, pooled.separator, mapping) for v in cells.tolist()]
        return {pooled.id: pd.Series(renamed, index=data.index, dtype=object)}
    return {
        target: data[column].astype(object).map(lambda v: _relabelled(v, source, mapping))
        for target, column in zip(pooled.columns, source.columns, strict=True)
    }


def _unoffered_cells(data: pd.DataFrame, source: MultiQuestion) -> pd.Series:
    """Return the column of a tick option a wave did not offer, row by row.

    An organisation that ticked one of the wave's options could not tick this one: its
    cell is "<not asked>", never a 0 that would read as "not ticked". A row that ticked
    nothing keeps the wave's own reading of it: its missing marker (skipped, not asked,
    refused) where its set holds one, else blank, so that the row is skipped (or, with
    ``empty="answered"``, an answer of none) exactly as in the wave's own data. The
    rows are read as :func:`tracktr.multi_response` reads them.
    """
    _, _, ticked, marker = _multi_answered(
        data,
        source.id,
        survey=None,
        columns=source.columns,
        options=source.labels,
        separator=None,
        exclusive=(),
        empty="skipped",
    )
    # A row's marker slot indexes MARKERS (tabulate's order); -1 (none) picks the blank.
    markers = np.array([*MARKERS, None], dtype=object)
    cells = np.where(ticked, NOT_ASKED, markers[np.where(marker >= 0, marker, -1)])
    return pd.Series(cells, index=data.index, dtype=object)


def _relabelled(value: object, source: Question, mapping: Mapping[str, str]) -> object:
    """Return one answer under its pooled label (by label or code); others unchanged."""
    if is_missing_cell(value):
        return value
    label = label_of(source, value)
    return value if label is None else mapping.get(label, label)


def _renamed_cell(
    value: object, source: MultiQuestion, separator: str, mapping: Mapping[str, str]
) -> object:
    """Return one delimited cell with each ticked label renamed, joined by `separator`."""
    if is_missing_cell(value):
        return value
    if not isinstance(value, str):  # a single code
        return _relabelled(value, source, mapping)
    parts = [part.strip() for part in value.split(source.separator)]
    return separator.join(str(_relabelled(part, source, mapping)) for part in parts if part)


def _missing(surveys: list[Survey]) -> dict[MissingKind, tuple[Any, ...]]:
    merged: dict[MissingKind, tuple[Any, ...]] = {}
    for survey in surveys:
        for kind, values in survey.missing.items():
            merged[kind] = tuple(dict.fromkeys([*merged.get(kind, ()), *values]))
    return merged


def _typed(frame: pd.DataFrame, survey: Survey) -> pd.DataFrame:
    markers = [m for m, kind in MARKERS.items() if kind in survey.missing_kinds]
    out = frame.copy()
    for question in survey.questions:
        if isinstance(question, SingleQuestion | OrdinalQuestion | GridQuestion):
            # One dtype per question: building categories once is most of the cost.
            dtype = pd.CategoricalDtype([*question.labels, *markers], ordered=True)
            for column in question.columns:
                out[column] = pd.Categorical(frame[column].astype(object), dtype=dtype)
        elif isinstance(question, MultiQuestion | NumericQuestion):
            for column in question.columns:
                out[column] = frame[column].astype(object)
    return out


def _check_added(
    pairs: Mapping[str, tuple[pd.DataFrame, Survey]],
    taken: set[str],
    added: list[str],
    kept: list[str],
) -> None:
    """Refuse added columns (wave, key, id, kept) that clash, and kept columns a wave lacks."""
    for name in added:
        if name in taken or added.count(name) > 1:
            msg = f"{name!r} is both a pooled question's column and a column pool() adds."
            if name not in taken:
                msg = f"{name!r} is named twice among the wave, id and kept columns."
            raise InvalidOptionError(f"{msg}\n\nHint: pass wave= (or id=, keep=) another name.")
    for w, (data, _) in pairs.items():
        absent = [k for k in kept if k not in data.columns]
        if absent:
            msg = f"wave {w!r}: the kept column(s) {absent} are not in the data."
            hint = "Hint: `keep` names columns (a weight) that every wave's data has."
            raise QuestionNotFoundError(f"{msg}\n\n{hint}")


def _wave_options(order: Sequence[str]) -> tuple[Option, ...]:
    """Code the waves so that no wave's label is the code of another wave.

    Coded 1, 2, ... the waves "2" and "3" failed the codebook's check (the label "2" was
    the code of the wave "3"). A label that is a whole number keeps it as its code; the
    others take the smallest whole numbers no label reads as.
    """
    codes: dict[str, int] = {}
    for label in order:
        if label.isascii() and label.isdigit() and str(int(label)) == label:
            codes[label] = int(label)
    taken = set(order)
    free = (n for n in range(1, len(order) * 2 + 2) if str(n) not in taken)
    for label in order:
        if label not in codes:
            codes[label] = next(free)
    return tuple(Option(codes[label], label) for label in order)


def _check_keys(ids: pd.Series, keys: pd.Series, wave: str, column: str) -> None:
    """Refuse respondent ids that are distinct but the same once written as text.

    The pooled key is ``"<wave>/<id>"`` in text: the ids 1 and "1" (which a codebook
    accepts as two respondents) both became "2015/1", so the pooled data's index was not
    unique and the pooled codebook refused its own data.
    """
    same = keys.duplicated(keep=False).to_numpy()
    if not same.any():
        return
    rows = np.flatnonzero(same)
    originals = ids.to_numpy(dtype=object)[same].tolist()
    msg = (
        f"wave {wave!r}: respondent ids {originals[:10]} (rows {rows[:10].tolist()}) are "
        f"the same once written as text ({sorted(set(keys[same]))[:5]}), so they would share "
        "one pooled key (0-based positions)."
    )
    hint = (
        f"Hint: make the respondent ids one kind in each wave (e.g. data[{column!r}]"
        ".astype(str)), so that each respondent keeps an id of its own."
    )
    failures = pd.DataFrame(
        {
            "question": column,
            "column": column,
            "respondent_id": originals,
            "value": originals,
            "check": "duplicate_id",
            "expected": "respondent ids distinct as text",
        }
    )
    raise SurveyValidationError(f"{msg}\n\n{hint}", failures=failures)


def _routed(harmonised: Harmonised, wave: str) -> list[Question]:
    """Return the pooled questions, each routed as its waves routed it, in pooled terms.

    The pooled rows carry "<not asked>" where a wave routed a respondent out or did not
    ask the question; a question without ``ask_if`` says everyone was asked, so the
    pooled codebook, saved with ``to_toml``, refused its own rows (``not_asked_but_routed``).
    Each wave's condition is read through the map (pooled ids, common labels) and tied
    to the wave column. A condition the map cannot carry (on a question the pool left
    out, or on options it merges with others) was refused by
    :meth:`~tracktr.waves.Harmonisation.resolve`.
    """
    index = {
        (w, source.id): h
        for h in harmonised.questions
        for w, source in h.sources.items()
        if source is not None
    }
    questions: list[Question] = []
    for h in harmonised.questions:
        asked = {w: s for w, s in h.sources.items() if s is not None}
        conditions = {
            w: None if s.ask_if is None else _in_pooled_terms(s.ask_if, w, index)
            for w, s in asked.items()
        }
        groups: list[tuple[Condition | None, list[str]]] = []
        for w, condition in conditions.items():
            found = next((g for g in groups if g[0] == condition), None)
            if found is None:
                groups.append((condition, [w]))
            else:
                found[1].append(w)
        if len(groups) == 1 and len(asked) == len(h.sources):
            ask_if = groups[0][0]  # every wave asked it of the same respondents
        else:
            parts: list[Condition] = []
            for condition, waves in groups:
                in_waves = Is(wave, tuple(waves))
                parts.append(in_waves if condition is None else All((in_waves, condition)))
            ask_if = parts[0] if len(parts) == 1 else AnyOf((*parts,))
        questions.append(dataclasses.replace(h.question, ask_if=ask_if))
    return questions


def _in_pooled_terms(
    condition: Condition, wave: str, index: Mapping[tuple[str, str], HarmonisedQuestion]
) -> Condition:
    """Return a wave's routing condition on pooled ids and common labels."""
    if isinstance(condition, Is):
        h = index[(wave, condition.question)]
        mapping = h.maps.get(wave, {})
        values = tuple(dict.fromkeys(mapping.get(v, v) for v in condition.values))
        return Is(h.question.id, values, item=condition.item)
    if isinstance(condition, Not):
        return Not(_in_pooled_terms(condition.condition, wave, index))
    parts = tuple(_in_pooled_terms(c, wave, index) for c in condition.conditions)
    return All(parts) if isinstance(condition, All) else AnyOf(parts)


def pool(
    waves: Mapping[str, tuple[pd.DataFrame, Survey]],
    /,
    *,
    harmonise: HarmoniseLike = None,
    id: str | None = None,
    wave: str = "wave",
    keep: Sequence[str] = (),
) -> Pooled:
    """Pool the waves of a tracking survey into one frame through a harmonisation map.

    Parameters
    ----------
    waves : Mapping
        Wave label -> ``(data, survey)``: each wave's responses (labels or markers, as
        :meth:`tracktr.Survey.validate` accepts them) and its own codebook.
    harmonise : Harmonisation, mapping or path, optional
        How the waves' questions line up (see :class:`~tracktr.waves.Harmonisation`); a
        TOML path or a mapping is read with :meth:`Harmonisation.from_toml` or
        :meth:`Harmonisation.from_dict`. Without one, the codebooks must agree. The waves
        come out in the map's order (time order).
    id : str, optional
        The column of a persistent organisation id, the same in every wave. Without it
        the overlap is unknown and waves are compared as independent samples. An empty
        text id (``""``, an empty cell) is missing, like NaN. Ids must be of one kind in
        every wave (text, numbers); a categorical column counts as the kind of its values.
    wave : str, default "wave"
        The name of the wave column.
    keep : sequence of str, default ()
        Other columns carried into the pooled data unchanged, such as each wave's weight
        column (for ``tt.waves.change(..., weights=...)``); each must be in every wave's
        data.

    Returns
    -------
    Pooled

    Raises
    ------
    tracktr.CodebookError
        If the harmonisation does not fit the codebooks (naming wave, question, option),
        or the waves route a question differently (``ask_if``, read through the map) and
        the map does not declare ``routing_differs = true`` for it, or the map merges
        an option a wave's routing names with one it leaves out (the pooled rows could
        not say who that wave asked), or leaves out a question a wave's routing reads.
    tracktr.SurveyValidationError
        If a wave's data does not match its codebook, the persistent id is missing
        (NaN, a missing-value marker or ``""``) or repeated within a wave, or two
        respondent ids of a wave are the same as text (``1`` and ``"1"``, which would
        share one pooled key); the message names the wave and the rows.
    tracktr.InvalidDataError
        If the ids are of different kinds in two waves (``1`` never matches ``"1"``), or
        a text id has spaces at either end.
    tracktr.QuestionNotFoundError
        If the id column is not in a wave's data.
    tracktr.InvalidOptionError
        If `waves` is not a mapping of ``(DataFrame, Survey)`` pairs, `wave` names a
        column that a codebook uses, or a wave's label would clash: ``"All"`` or
        ``"Total"`` (the total column of tables), a label with ``"/"`` or ``": "`` (the
        separators of the pooled key and of banner columns), a missing-value marker, a
        missing label (``None``, NaN, ``pd.NA``), a blank label, or two labels that are the
        same as text (``2015`` and ``"2015"``).

    Examples
    --------
    >>> import tracktr as tt
    >>> pooled = tt.waves.pool(tt.datasets.tracktr_waves(),
    ...                        harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    >>> table = tt.frequencies(pooled.data, "main_funding", survey=pooled.survey, by="wave",
    ...                        total=False)
    >>> table.counts
                                    2015-05  2015-10
    Funded by a CRC                      24       34
    Funded by the NPS                     1        1
    Not funded by a CRC or the NPS      114      100
    """
    pairs = _unpack(waves)
    harmonisation = _harmonisation(harmonise, tuple(pairs))
    surveys = {w: s for w, (_, s) in pairs.items()}
    harmonised = harmonisation.resolve(surveys)
    order = harmonised.waves
    pooled_questions = _routed(harmonised, wave)
    taken = {c for q in pooled_questions for c in q.columns}
    kept = [str(k) for k in ([keep] if isinstance(keep, str) else keep)]
    _check_added(pairs, taken, [wave, KEY, *(() if id is None else (id,)), *kept], kept)
    frames: list[pd.DataFrame] = []
    if id is not None:
        for w in order:
            _check_ids(pairs[w][0], w, id)
        _check_id_kinds({w: pairs[w][0] for w in order}, id)
    for w in order:
        data, survey = pairs[w]
        valid = _validated(data, survey, w)
        rid = survey.respondent_id
        respondents = (
            valid[rid]
            if rid in valid.columns
            else pd.Series(valid.index.to_numpy(dtype=object), index=valid.index)
        )
        keys = respondents.astype(str)
        _check_keys(respondents, keys, w, rid if rid in valid.columns else "index")
        columns: dict[str, pd.Series] = {
            KEY: (w + "/" + keys).astype(object),
            wave: pd.Series(w, index=valid.index, dtype=object),
        }
        if id is not None:
            columns[id] = data[id]
        for k in kept:
            columns[k] = data[k]
        for h in harmonised.questions:
            columns.update(_wave_columns(h, w, valid))
        frames.append(pd.DataFrame(columns, index=valid.index))
    stacked = pd.concat(frames, ignore_index=True)
    latest = surveys[order[-1]]
    wave_question = SingleQuestion(wave, "Survey wave", options=_wave_options(order))
    # Options a wave did not offer: a table of these rows by wave shows a gap there. Tick
    # sets are left out: their cells say "<not asked>" themselves. The facts are written
    # into the codebook (so a saved codebook keeps them) and marked on the rows.
    unoffered = {
        h.question.id: dict(h.unreachable)
        for h in harmonised.questions
        if h.unreachable and not isinstance(h.question, MultiQuestion)
    }
    scales = {h.question.id: tuple(_scale_notes(h)) for h in harmonised.questions}
    said = {question: notes for question, notes in scales.items() if notes}
    facts = {"wave": wave, "id": id, "unoffered": unoffered, "notes": said}
    survey = Survey(
        title=harmonisation.title or " + ".join(dict.fromkeys(surveys[w].title for w in order)),
        questions=(wave_question, *pooled_questions),
        respondent_id=KEY,
        description=f"Waves {', '.join(order)} pooled through a harmonisation map.",
        population=latest.population,
        missing=_missing([surveys[w] for w in order]),
        pooled={key: value for key, value in facts.items() if value is not None},
    )
    typed = _typed(stacked, survey)
    typed[wave] = pd.Categorical(stacked[wave], categories=list(order), ordered=True)
    typed.index = pd.Index(typed[KEY].tolist())
    typed.attrs[POOLED_ATTR] = facts
    membership = None
    if id is not None:
        ids = list(dict.fromkeys(typed[id].tolist()))
        seen = {w: set(typed.loc[typed[wave] == w, id].tolist()) for w in order}
        membership = pd.DataFrame(
            {w: [i in seen[w] for i in ids] for w in order}, index=pd.Index(ids, name=id)
        )
    notes = list(_notes(harmonised, id, said))
    if membership is not None and len(order) > 1 and not (membership.sum(axis=1) > 1).any():
        kinds = {w: sorted({type(v).__name__ for v in pairs[w][0][id]}) for w in order}
        notes.append(
            f"No {id} appears in more than one wave: the waves are compared as independent "
            f"samples. Check that {id} holds the same ids in every wave (types: {kinds})."
        )
    return Pooled(
        data=typed,
        survey=survey,
        waves=order,
        id=id,
        membership=membership,
        harmonised=harmonised,
        wave_column=wave,
        notes=tuple(notes),
    )


def _scale_notes(h: HarmonisedQuestion) -> list[str]:
    """Say where the waves' codebooks score the question, or define its nets, differently.

    The pooled codebook's scores and nets (the latest wave's, or the map's) count every
    wave: a trend compares like with like, but an earlier wave's mean score or net is then
    not the one its own codebook gave (1/0/-1 then 2/0/-2: 0.50 where that wave's own
    scale gave 0.25), which was said nowhere.
    """
    asked = {w: s for w, s in h.sources.items() if s is not None}
    out = []
    scales = {w: tuple(sorted(s.scores)) for w, s in asked.items()}
    if h.question.scores and len(set(scales.values())) > 1:
        each = "; ".join(f"{w}: {_listed(s.scores) or 'no scores'}" for w, s in asked.items())
        out.append(
            f"{h.question.id}: scored differently across the waves ({each}); every wave's "
            f"mean score uses the pooled codebook's scores ({_listed(h.question.scores)}), so "
            "a wave's may differ from the one its own codebook gives."
        )
    for name, members in h.question.nets:
        own = {w: dict(s.nets).get(name) for w, s in asked.items()}
        if len({None if m is None else tuple(m) for m in own.values()}) > 1:
            each = "; ".join(f"{w}: {list(m) if m else 'none'}" for w, m in own.items())
            out.append(
                f"{h.question.id}: net {name!r} is made differently across the waves ({each}); "
                f"every wave's is counted as the pooled codebook's {list(members)}."
            )
    return out


def _listed(scores: Sequence[tuple[str, float]]) -> str:
    return ", ".join(f"{label} = {score:g}" for label, score in scores)


def _notes(
    harmonised: Harmonised, id_column: str | None, scales: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    notes: list[str] = []
    for h in harmonised.questions:
        absent = [w for w, s in h.sources.items() if s is None]
        if absent:
            notes.append(f"{h.question.id}: not asked in wave(s) {', '.join(absent)}.")
        if h.dropped_nets:
            notes.append(
                f"{h.question.id}: nets {list(h.dropped_nets)} left out (their options were "
                "merged or renamed; declare nets in the map to keep one)."
            )
        for w, missed in h.unreachable.items():
            notes.append(
                f"{h.question.id}: wave {w} had no option for {', '.join(map(repr, missed))}."
            )
        routed = routing_note(h)
        if routed is not None:
            notes.append(routed)
        # A change of wording can change the answers: a trend across it must say so.
        wordings = {w: " ".join(s.text.split()) for w, s in h.sources.items() if s is not None}
        if len(set(wordings.values())) > 1:
            each = "; ".join(f"{w}: {text!r}" for w, text in wordings.items())
            notes.append(f"{h.question.id}: worded differently across the waves ({each}).")
        notes += scales.get(h.question.id, ())
    if harmonised.dropped:
        notes.append(f"Left out on purpose: {', '.join(harmonised.dropped)}.")
    if id_column is None:
        notes.append("No persistent id: the waves are compared as independent samples.")
    return tuple(notes)

"""What pooled waves tell the tables made of their rows: the options a wave did not offer.

:func:`tracktr.waves.pool` marks the frame it returns (``DataFrame.attrs``) with its wave
column, its persistent id and, per question, the options each wave did not offer. A
table of the pooled rows by wave reads that mark: a wave's 0 for an option it did not
offer is not an answer (a gap), and a column holding such a wave's respondents counts
them in the base of an option they could not choose (a note). A leaf module, so that the
tabulating functions read the mark without importing :mod:`tracktr.waves`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn, Protocol, Self, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

POOLED_ATTR = "tracktr.waves.pool"
"""The key of ``DataFrame.attrs`` under which pooled rows carry their waves' facts."""

GAP_WORDS = "(a gap, not a zero)."
"""How a table's note of its gaps ends (an option some columns' waves did not offer)."""
MIXED_WORDS = "though they could not choose it (tt.waves.trend shows each wave alone)."
"""How a table's note ends where a column counts respondents not offered an option."""


def pool_mark(data: object) -> dict[str, Any] | None:
    """Return the facts :func:`tracktr.waves.pool` left on pooled rows, or None.

    Only a pandas frame carries them (another engine's frame has no ``attrs``: rows read
    through narwhals were not pooled by tracktr).
    """
    attrs = getattr(data, "attrs", None)
    mark = attrs.get(POOLED_ATTR) if isinstance(attrs, dict) else None
    return mark if isinstance(mark, dict) else None


_FACTS = ("wave", "id", "unoffered", "notes")


def pooled_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Return a codebook's ``[pooled]`` table with its lists as tuples (as the pool made it).

    Anything else is left as written, for :func:`check_pooled` to refuse with its place.
    """

    def tupled(value: object) -> object:
        return tuple(value) if isinstance(value, list) else value

    out: dict[str, Any] = dict(raw)
    unoffered = raw.get("unoffered")
    if isinstance(unoffered, Mapping):
        out["unoffered"] = {
            question: {str(w): tupled(o) for w, o in waves.items()}
            if isinstance(waves, Mapping)
            else waves
            for question, waves in unoffered.items()
        }
    notes = raw.get("notes")
    if isinstance(notes, Mapping):
        out["notes"] = {question: tupled(said) for question, said in notes.items()}
    return out


def pooled_table(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Return a codebook's pooled facts as TOML holds them (tuples as lists)."""
    out: dict[str, Any] = {key: facts[key] for key in _FACTS if facts.get(key) is not None}
    if "unoffered" in out:
        out["unoffered"] = {
            q: {w: list(options) for w, options in waves.items()}
            for q, waves in out["unoffered"].items()
        }
    if "notes" in out:
        out["notes"] = {q: list(said) for q, said in out["notes"].items()}
    return out


def check_pooled(facts: Mapping[str, Any], questions: Sequence[Any], *, source: str) -> None:
    """Refuse a ``[pooled]`` table that does not describe the codebook's own questions."""
    from tracktr.exceptions import CodebookError

    by_id = {question.id: question for question in questions}

    def refuse(what: str, hint: str) -> NoReturn:
        msg = f"{source} [pooled]: {what}\n\nHint: {hint}"
        raise CodebookError(msg)

    unknown = sorted(set(facts) - set(_FACTS))
    if unknown:
        refuse(f"unknown keys {unknown}.", f"[pooled] takes {', '.join(_FACTS)}.")
    wave = facts.get("wave")
    if not isinstance(wave, str) or wave not in by_id:
        refuse(
            f"wave = {wave!r} is not a question of the codebook.",
            "tt.waves.pool() writes this table; name the codebook's wave question.",
        )
    waves = set(getattr(by_id[wave], "labels", ()))
    if facts.get("id") is not None and not isinstance(facts["id"], str):
        refuse(f"id = {facts['id']!r} is not a column name.", 'write id = "org_id".')
    for question, missed in dict(facts.get("unoffered") or {}).items():
        options = getattr(by_id.get(question), "labels", None)
        if options is None or not isinstance(missed, Mapping):
            refuse(
                f"unoffered.{question} is not a question with options and its waves' options.",
                'write unoffered = { q = { "2024" = ["Same"] } } for questions of the codebook.',
            )
        for label, left_out in missed.items():
            strays = [o for o in left_out if o not in options] if isinstance(left_out, tuple) else 0
            if label not in waves or strays != []:
                refuse(
                    f"unoffered.{question}: wave {label!r} and options {left_out!r} are not "
                    f"a wave of {wave!r} and options of {question!r}.",
                    f"name waves of {sorted(waves)} and options of {question!r}.",
                )
    for question, said in dict(facts.get("notes") or {}).items():
        if question not in by_id or not (
            isinstance(said, tuple) and all(isinstance(note, str) for note in said)
        ):
            refuse(
                f"notes.{question} is not a list of notes on a question of the codebook.",
                'write notes = { q = ["Scored 2/0/-2 in 2024."] }.',
            )


def with_pool_facts(data: Any, survey: object) -> Any:
    """Return `data` carrying the facts of `survey`'s ``[pooled]`` table, if it has one.

    The tables of pooled rows read the facts from the rows' mark (``DataFrame.attrs``),
    which :func:`tracktr.waves.pool` leaves on ``pooled.data`` and pandas keeps on its
    slices; rows read back from a file have lost it, and get it back (on a shallow copy)
    from the codebook. Another engine's frame has no ``attrs``, and its counting paths do
    not mark gaps: a pool's codebook beside such rows is refused.
    """
    facts = getattr(survey, "pooled", None)
    if not facts or pool_mark(data) is not None:
        return data
    if isinstance(data, pd.DataFrame):
        marked = data.copy(deep=False)
        marked.attrs[POOLED_ATTR] = {
            "wave": facts["wave"],
            "id": facts.get("id"),
            "unoffered": dict(facts.get("unoffered") or {}),
            "notes": dict(facts.get("notes") or {}),
        }
        return marked
    kind = f"{type(data).__module__.split('.')[0]} frame"  # "polars frame", "duckdb frame"
    msg = (
        f"`survey` is the codebook of waves pooled by tt.waves.pool(), and these rows are a "
        f"{kind}: tracktr marks the options a wave did not offer (n/a, not 0) and notes "
        "which organisations answered in several waves on pandas rows only. On this "
        "engine an option a wave did not offer would print 0, and waves sharing "
        "organisations would be compared as independent samples."
    )
    hint = "Hint: tabulate pooled waves from pandas rows (pooled.data, or .to_pandas())."
    from tracktr.exceptions import InvalidDataError

    raise InvalidDataError(f"{msg}\n\n{hint}")


def waves_of_rows(data: pd.DataFrame, rows: npt.NDArray[np.bool_]) -> list[str]:
    """Return the waves of the `rows` of pooled data, in order of appearance ([] if not pooled).

    A tick-all-that-apply option a wave did not offer is marked in its cells
    (``"<not asked>"``), not in the pool's mark: the rows say which waves lacked it.
    """
    mark = pool_mark(data)
    wave = mark.get("wave") if mark is not None else None
    if not isinstance(wave, str) or wave not in data.columns:
        return []
    return [str(w) for w in pd.unique(data[wave].to_numpy()[rows])]


def is_offer_note(note: str) -> bool:
    """Whether a table's note says which options its waves did not offer (to carry it on)."""
    return note.endswith((GAP_WORDS, MIXED_WORDS))


def unoffered(data: pd.DataFrame, question: str) -> tuple[str, Mapping[str, tuple[Any, ...]]]:
    """Return the wave column of pooled rows and, per wave, the options it did not offer.

    An empty mapping for rows that are not pooled waves, or a question every wave
    offered in full.
    """
    mark = pool_mark(data)
    if mark is None:
        return "", {}
    wave = mark.get("wave")
    missed = mark.get("unoffered", {}).get(question, {})
    if not isinstance(wave, str) or wave not in data.columns or not missed:
        return "", {}
    return wave, missed


def without_unoffered(data: pd.DataFrame) -> pd.DataFrame:
    """Return pooled rows (a shallow copy) that no longer say what each wave offered.

    For the trend tables, which mark the waves' gaps and say so in their own words.
    """
    return _without_fact(data, "unoffered")


def _without_fact(data: pd.DataFrame, fact: str) -> pd.DataFrame:
    """Return pooled rows (a shallow copy) whose mark no longer holds `fact`."""
    mark = pool_mark(data)
    if mark is None or fact not in mark:
        return data
    out = data.copy(deep=False)
    out.attrs[POOLED_ATTR] = {key: value for key, value in mark.items() if key != fact}
    return out


def _grouped_ids(
    data: pd.DataFrame, by: object, groups: Sequence[Any] | None
) -> tuple[str, pd.DataFrame] | None:
    """Return pooled rows' persistent id column and each row's id and group of `by`.

    None for rows that are not pooled waves, or that carry no persistent id; rows with
    no id or no group are left out, and so are rows outside `groups` when it is given.
    """
    mark = pool_mark(data)
    id_column = mark.get("id") if mark is not None else None
    if not isinstance(by, str) or not isinstance(id_column, str):
        return None
    if id_column not in data.columns or by not in data.columns:
        return None
    frame = pd.DataFrame(
        {"id": data[id_column].to_numpy(dtype=object), "group": data[by].to_numpy(dtype=object)}
    )
    frame = frame[frame["id"].notna() & frame["group"].notna()]
    if groups is not None:
        frame = frame[frame["group"].isin(list(groups))]
    return id_column, frame


def shared_respondents(
    data: pd.DataFrame, by: object, groups: Sequence[Any] | None = None
) -> tuple[str, list[Any]]:
    """Return pooled rows' persistent id column and the ids in more than one group of `by`.

    An organisation that answered two waves is a row in each, so groups by wave (or by
    anything that differs between its rows) share it, and are not independent samples.
    ``("", [])`` for rows that are not pooled waves, or that carry no persistent id.
    """
    found = _grouped_ids(data, by, groups)
    if found is None:
        return "", []
    id_column, frame = found
    spread = frame.groupby("id", sort=False)["group"].nunique()
    return id_column, list(spread.index[spread > 1])


def repeated_respondents(
    data: pd.DataFrame, by: object, groups: Sequence[Any] | None = None
) -> tuple[str, list[Any]]:
    """Return pooled rows' persistent id column and the ids in more than one row of `by`'s groups.

    These are :func:`shared_respondents`' ids and those twice in one group: grouped by
    something an organisation keeps from wave to wave (its region), its two rows are in
    one group, and a test of the groups takes them for two independent respondents.
    ``("", [])`` as for :func:`shared_respondents`.
    """
    found = _grouped_ids(data, by, groups)
    if found is None:
        return "", []
    id_column, frame = found
    rows = frame.groupby("id", sort=False).size()
    return id_column, list(rows.index[rows > 1])


def repeat_counts(data: pd.DataFrame, by: object) -> tuple[int, int]:
    """Return the organisations of pooled rows in several groups of `by`, and in several rows.

    The counts of :func:`shared_respondents` and :func:`repeated_respondents` from one
    pass over the rows (a tab book reads both for every banner).
    """
    found = _grouped_ids(data, by, None)
    if found is None:
        return 0, 0
    per = found[1].groupby("id", sort=False)["group"].agg(["nunique", "size"])
    return int((per["nunique"] > 1).sum()), int((per["size"] > 1).sum())


SHARED_WAVES_WORDS = "so the columns are not independent samples (tt.waves.change() pairs them)."
"""How the note of a table by the waves of a panel ends; tt.compare_table reads it."""

REPEATED_WORDS = "so the columns are not independent samples."
"""How the note of a table of pooled rows by another breakdown ends; tt.compare_table reads it."""


def shared_waves_note(data: pd.DataFrame, by: object) -> str | None:
    """Return the note of a table of pooled rows by `by`, if its columns repeat organisations.

    An organisation that answered two waves is counted in both wave columns, or twice in
    one column of a breakdown it keeps from wave to wave (its region): tested as
    independent groups (tt.compare_table of such a table) the waves' change had p = 0.11
    where :func:`tracktr.waves.change`, which pairs them, gives 0.025.
    """
    mark = pool_mark(data)
    if mark is None or not isinstance(by, str):
        return None
    lost = _lost_ids_note(data)
    if lost is not None:
        return lost
    if by == mark.get("wave"):
        id_column, shared = shared_respondents(data, by)
        if not shared:
            return None
        return (
            f"{len(shared)} organisation(s) (id {id_column!r}) answered more than one wave and "
            f"are in each of their waves' columns, {SHARED_WAVES_WORDS}"
        )
    id_column, repeated = repeated_respondents(data, by)
    if not repeated:
        return None
    return (
        f"{len(repeated)} organisation(s) (id {id_column!r}) answered more than one wave and "
        f"are counted once per wave in the columns by {by!r}, {REPEATED_WORDS}"
    )


def lost_id_column(data: pd.DataFrame) -> str | None:
    """Return the persistent id column pooled rows should hold and do not, or None."""
    mark = pool_mark(data)
    id_column = mark.get("id") if mark is not None else None
    return id_column if isinstance(id_column, str) and id_column not in data.columns else None


def _lost_ids_note(data: pd.DataFrame) -> str | None:
    """Return the note of pooled rows that lack their persistent id column, or None.

    Without it (dropped before the rows were saved, say) no one can tell which
    organisations answered more than one wave: the columns may count them twice.
    """
    id_column = lost_id_column(data)
    if id_column is None:
        return None
    return (
        f"The rows lack the persistent id {id_column!r}, so the organisations that answered "
        f"more than one wave cannot be found: they may be counted once per wave, "
        f"{REPEATED_WORDS}"
    )


_IN_SEVERAL_WAVES = re.compile(r"\b(\d+) organisation\(s\)( (?:\(id [^)]*\) )?answered )")
"""Finds how many organisations answered more than one wave, in a panel's notes.

:func:`shared_waves_note` and a tab book's own panel notes both write it so.
"""


def unnumbered_panel_note(note: str, *, hidden_base: bool, threshold: int) -> str:
    """Say "Some organisations" in a note on those who answered more than one wave.

    Each of them is in every wave they answered, so their number is at most each of
    those waves' bases: printed beside a hidden base of a wave, it narrowed that base
    from below ("4 organisation(s) answered in more than one of its groups" beside the
    2025 wave's hidden base of 4: at least 4). A number of 1 to ``threshold - 1``
    organisations is sensitive itself. Any other note is returned as it is. A protected
    table (:class:`tracktr.disclosure.Suppression`) and a protected tab book both read
    their notes through this one function.

    Examples
    --------
    >>> unnumbered_panel_note("4 organisation(s) answered more than one wave.",
    ...                       hidden_base=False, threshold=5)
    'Some organisations answered more than one wave.'
    """
    found = _IN_SEVERAL_WAVES.search(note)
    if found is None or not (hidden_base or int(found.group(1)) < threshold):
        return note
    return note[: found.start()] + "Some organisations" + found.group(2) + note[found.end() :]


def banner_note(data: pd.DataFrame, name: str, grouping: pd.Series) -> str | None:
    """Return :func:`shared_waves_note` of pooled rows grouped by a banner's column.

    A table that groups by :func:`tracktr.banners.banner_column` (a grid's or a
    summary's, and any nested banner or one with a missing group) reads its groups from a
    column that is not in `data`: it is read here as a column `name`, beside the id.
    """
    mark = pool_mark(data)
    id_column = mark.get("id") if mark is not None else None
    if (lost := _lost_ids_note(data)) is not None:
        return lost
    if not isinstance(id_column, str) or id_column not in data.columns or name == id_column:
        return None
    frame = pd.DataFrame(
        {
            id_column: data[id_column].to_numpy(dtype=object),
            name: grouping.to_numpy(dtype=object),
        }
    )
    frame.attrs[POOLED_ATTR] = mark
    return shared_waves_note(frame, name)


class _Noted(Protocol):
    def with_notes(self, *notes: str) -> Self: ...


_T = TypeVar("_T", bound=_Noted)


def with_shared_waves_note(
    table: _T, data: pd.DataFrame, by: object, *, rows: npt.NDArray[np.bool_] | None = None
) -> _T:
    """Return `table` (a tracktr.Table of `data` by `by`) with :func:`shared_waves_note`'s note.

    `rows`: the rows in the table's base. Only they can repeat an organisation: over every
    row, a question one wave did not ask (each organisation in its base once) was said to
    count "250 organisation(s) ... once per wave", and compare_table() refused it.
    """
    if rows is not None and pool_mark(data) is not None and not rows.all():
        marked = data.attrs
        data = data[rows]
        data.attrs = marked
    note = shared_waves_note(data, by)
    return table if note is None else table.with_notes(note)


def without_id(data: pd.DataFrame) -> pd.DataFrame:
    """Return pooled rows (a shallow copy) that no longer name their persistent id.

    For the trend tables and tab books, which say in their own words that waves share
    organisations.
    """
    return _without_fact(data, "id")


def pooled_notes(data: pd.DataFrame, question: str) -> tuple[str, ...]:
    """Return what pooling said of `question` that a tab book of the rows must repeat.

    Its waves' codebooks scored it, or made its nets, differently: the pooled codebook's
    count every wave, and a book's mean score of an earlier wave is then not the one that
    wave's own codebook gives.
    """
    mark = pool_mark(data)
    if mark is None:
        return ()
    return tuple(mark.get("notes", {}).get(question, ()))

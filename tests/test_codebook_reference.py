"""The codebook reference page lists exactly the keys the codebook reader accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tracktr as tt
from tracktr.survey import _codebook, _survey

PAGE = Path(__file__).parents[1] / "docs" / "guide" / "codebook-reference.rst"
INDEX = Path(__file__).parents[1] / "docs" / "guide" / "index.rst"


def _table(name: str) -> list[list[str]]:
    """The rows (cells as text) of the page's list-table named `name`, without its header."""
    text = PAGE.read_text(encoding="utf-8")
    match = re.search(
        rf"\.\. list-table::[^\n]*\n((?:   :[^\n]*\n)*?   :name: {name}\n(?:   :[^\n]*\n)*)"
        r"\n((?:   [^\n]*\n|\n(?=   ))+)",
        text,
    )
    assert match is not None, f"no list-table named {name!r} on the page"
    rows: list[list[str]] = []
    for line in match.group(2).splitlines():
        if line.startswith("   * - "):
            rows.append([line[len("   * - ") :]])
        elif line.startswith("     - "):
            rows[-1].append(line[len("     - ") :])
        elif line.strip():
            rows[-1][-1] += " " + line.strip()
    return rows[1:]


def _keys(name: str) -> set[str]:
    keys = set()
    for row in _table(name):
        literal = re.fullmatch(r"``([a-z_]+)``", row[0])
        assert literal is not None, f"{name}: the first cell {row[0]!r} is not a ``key``"
        keys.add(literal.group(1))
    return keys


@pytest.mark.parametrize(
    ("table", "accepted"),
    [
        ("keys-survey", _survey._SURVEY_KEYS),
        ("keys-missing", set(_survey._KINDS)),
        ("keys-option", _codebook.OPTION_KEYS),
        ("keys-item", _codebook.ITEM_KEYS),
        ("keys-band", _codebook.BAND_KEYS),
        ("keys-condition", _codebook.CONDITION_KEYS),
    ],
)
def test_every_accepted_key_is_documented_and_no_other(table: str, accepted: set[str]) -> None:
    assert _keys(table) == set(accepted)


def test_question_keys_are_documented_for_exactly_their_types() -> None:
    documented: dict[str, set[str]] = {kind: set() for kind in _codebook.QUESTION_KEYS}
    for row in _table("keys-question"):
        key = re.fullmatch(r"``([a-z_]+)``", row[0])
        assert key is not None, row
        kinds = list(documented) if row[1] == "all" else [k.strip() for k in row[1].split(",")]
        for kind in kinds:
            assert kind in documented, f"{key.group(1)}: unknown type {kind!r}"
            documented[kind].add(key.group(1))
    assert documented == {kind: set(keys) for kind, keys in _codebook.QUESTION_KEYS.items()}


def test_every_question_type_is_described() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for kind in tt.survey._questions.QUESTION_CLASSES:
        assert f"- ``{kind}``: " in text


def test_the_reader_refuses_a_key_the_page_does_not_list() -> None:
    base = {"id": "q", "type": "grid", "text": "Q?", "options": ["A"]}
    with pytest.raises(tt.CodebookError, match=r"item 'X' of 'q' has unknown keys \['colour'\]"):
        tt.Survey.from_dict(
            {"title": "T", "questions": [{**base, "items": [{"label": "X", "colour": "red"}]}]}
        )
    numeric = {"id": "n", "type": "numeric", "text": "N?"}
    with pytest.raises(tt.CodebookError, match=r"band 'Low' has unknown keys \['upto'\]"):
        tt.Survey.from_dict(
            {"title": "T", "questions": [{**numeric, "bands": [{"label": "Low", "upto": 5}]}]}
        )
    with pytest.raises(tt.CodebookError, match=r"unknown keys \['weights'\] for a single"):
        tt.Survey.from_dict(
            {"title": "T", "questions": [{"id": "s", "type": "single", "text": "S?",
                                          "options": ["A"], "weights": "w"}]}
        )  # fmt: skip


def test_the_example_uses_every_question_type_and_loads() -> None:
    survey = tt.Survey.from_toml(tt.surveys.path("housing_members"))
    assert sorted(q.type for q in survey.questions) == sorted(_codebook.QUESTION_KEYS)
    # The example is not the trackTR survey: a newcomer's own kind of survey.
    assert "trackTR" not in tt.surveys.path("housing_members").read_text(encoding="utf-8")


def test_the_page_follows_the_survey_page_in_the_guide() -> None:
    entries = [line.strip() for line in INDEX.read_text(encoding="utf-8").splitlines()]
    assert entries.index("codebook-reference") == entries.index("survey") + 1

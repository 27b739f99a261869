"""The ``[pooled]`` table of a codebook: what tt.waves.pool() writes, read back and checked.

A hand-edited or damaged table is refused with its place, as every other codebook key is:
a wrong table would mark gaps on the wrong wave or option.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import tracktr as tt


def _codebook(pooled: Any) -> dict[str, Any]:
    return {
        "respondent_id": "wave_respondent",
        "questions": [
            {"id": "wave", "type": "single", "text": "Survey wave", "options": ["2024", "2025"]},
            {"id": "q", "type": "ordinal", "text": "Q?", "options": ["Better", "Same", "Worse"]},
        ],
        "pooled": pooled,
    }


def test_a_pooled_table_is_read_and_written_back(tmp_path: Path) -> None:
    facts = {"wave": "wave", "id": "org_id", "unoffered": {"q": {"2024": ["Same"]}}}
    survey = tt.Survey.from_dict(_codebook(facts | {"notes": {"q": ["Scored 2/0/-2."]}}))
    assert survey.pooled == {
        "wave": "wave",
        "id": "org_id",
        "unoffered": {"q": {"2024": ("Same",)}},
        "notes": {"q": ("Scored 2/0/-2.",)},
    }
    path = tmp_path / "pooled.toml"
    survey.to_toml(path)
    assert "[pooled]" in path.read_text(encoding="utf-8")
    assert tt.Survey.from_toml(path) == survey
    assert tt.Survey.from_dict(_codebook({})).pooled == {}


@pytest.mark.parametrize(
    ("pooled", "words"),
    [
        ("wave", r"`pooled` must be a table"),
        ({"wave": "wave", "weights": "w"}, r"unknown keys \['weights'\]"),
        ({"wave": "year"}, r"wave = 'year' is not a question"),
        ({"id": "org_id"}, r"wave = None is not a question"),
        ({"wave": "wave", "id": 7}, r"id = 7 is not a column name"),
        ({"wave": "wave", "unoffered": {"r": {"2024": ["Same"]}}}, r"unoffered\.r is not"),
        ({"wave": "wave", "unoffered": {"q": ["Same"]}}, r"unoffered\.q is not"),
        ({"wave": "wave", "unoffered": {"q": {"2023": ["Same"]}}}, r"wave '2023'"),
        ({"wave": "wave", "unoffered": {"q": {"2024": ["Meh"]}}}, r"options \('Meh',\)"),
        ({"wave": "wave", "unoffered": {"q": {"2024": "Same"}}}, r"options 'Same'"),
        ({"wave": "wave", "notes": {"q": "Scored"}}, r"notes\.q is not a list"),
        ({"wave": "wave", "notes": {"r": ["Scored"]}}, r"notes\.r is not a list"),
        ({"wave": "wave", "notes": {"q": [1]}}, r"notes\.q is not a list"),
    ],
)
def test_a_damaged_pooled_table_is_refused_with_its_place(pooled: Any, words: str) -> None:
    with pytest.raises(tt.CodebookError, match=words) as caught:
        tt.Survey.from_dict(_codebook(pooled), source="pooled.toml")
    assert str(caught.value).startswith("pooled.toml")
    assert "Hint:" in str(caught.value) or "must be a table" in str(caught.value)

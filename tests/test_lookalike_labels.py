"""Labels and ids that print alike are refused (helper report hB, F1, F4 and F8).

An accented letter has two Unicode spellings (composed "é", or "e" and a combining
accent), which look the same in print: two exports joined split one region into two
columns headed alike, and one organisation's id into two organisations. A net named
"   " printed as "NET:" with nothing after it; nets "X" and "X " as two rows alike. An id
beyond 2**53 beside decimal ids was rounded and paired with another organisation.
"""

from __future__ import annotations

import pandas as pd
import pytest

import tracktr as tt

COMPOSED, DECOMPOSED = "Caf\u00e9", "Cafe\u0301"
QUESTION = {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}


def _survey(*questions: dict[str, object]) -> tt.Survey:
    return tt.Survey.from_dict({"title": "T", "questions": list(questions)})


def test_one_group_with_two_unicode_spellings_is_refused() -> None:
    # old: two columns, both headed "Café"
    data = pd.DataFrame({"q": ["Yes", "No"] * 10, "reg": [COMPOSED] * 10 + [DECOMPOSED] * 10})
    with pytest.raises(tt.UnknownValueError, match=r"normalize\('NFC'\)"):
        tt.tabbook(data, _survey(QUESTION), banners=["reg"])
    with pytest.raises(tt.UnknownValueError, match="would print as the same label"):
        tt.frequencies(data, "q", by="reg")


@pytest.mark.parametrize(
    ("nets", "said"),
    [
        ({"   ": ["Yes"]}, "net '   ' has no label"),
        ({"X": ["Yes"], "X ": ["No"]}, "net 'X ' prints as 'X'"),
    ],
)
def test_a_net_with_no_label_or_another_nets_label_is_refused(
    nets: dict[str, list[str]], said: str
) -> None:
    with pytest.raises(tt.CodebookError, match=said):
        _survey({**QUESTION, "nets": nets})


def _pool(first: list[object], second: list[object]) -> tt.waves.Pooled:
    frames = [
        pd.DataFrame({"respondent_id": range(3), "org": ids, "q": ["Yes", "No", "Yes"]})
        for ids in (first, second)
    ]
    return tt.waves.pool(
        {"a": (frames[0], _survey(QUESTION)), "b": (frames[1], _survey(QUESTION))}, id="org"
    )


def test_an_id_with_two_unicode_spellings_is_refused() -> None:
    # old: pooled, with 1 organisation in both waves where there are 2
    with pytest.raises(tt.InvalidDataError, match="written differently in different waves"):
        _pool([COMPOSED, "b", "c"], [DECOMPOSED, "b", "d"])


def test_long_whole_number_ids_beside_decimal_ids_are_refused() -> None:
    # old: 9007199254740993 paired with 9007199254740992.0 (3 organisations in both)
    with pytest.raises(tt.InvalidDataError, match=r"beyond 2\*\*53 \(\[9007199254740993\]\)"):
        _pool([2**53 + 1, 2, 3], [float(2**53), 2.0, 3.0])
    pooled = _pool([2**53 + 1, 2, 3], [2**53 + 1, 2, 4])  # whole numbers on both sides
    assert pooled.overlap().loc["a", "b"] == 2
    assert _pool([1, 2, 3], [1.0, 2.0, 4.0]).overlap().loc["a", "b"] == 2

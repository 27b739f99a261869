"""A tab book's notes per banner: each block's tables speak of their own banner, by name.

The book tabulates each banner on its own (``by=`` one banner), so a block's notes are
that banner's; its section notes name each banner ("no g group"). Before: the tables of a
nested banner's block, of a grid's and of a multi-response set's nets said "no answer to
'g × h (banner)'" or "'g (groups)'", columns the book makes and the user's data does not
hold, where ``tt.frequencies(by=("g", "h"))`` says "'g × h'".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import tracktr as tt

SURVEY = tt.Survey.from_dict(
    {
        "title": "T",
        "questions": [
            {"id": "q", "type": "single", "text": "Q", "options": ["a", "b", "Don't know"]},
            {
                "id": "m",
                "type": "multi",
                "text": "M",
                "options": [
                    {"code": 1, "label": "p", "column": "m_p"},
                    {"code": 2, "label": "r", "column": "m_r"},
                ],
                "nets": {"any": ["p", "r"]},
            },
            {"id": "gr", "type": "grid", "text": "G", "options": ["a", "b"], "items": ["i1", "i2"]},
            {"id": "g", "type": "single", "text": "G", "options": ["x", "y"]},
            {"id": "h", "type": "single", "text": "H", "options": ["u", "v"]},
        ],
    }
)


def _data() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 40
    return pd.DataFrame(
        {
            "q": rng.choice(["a", "b", "Don't know"], n),
            "m_p": rng.choice([0, 1], n),
            "m_r": rng.choice([0, 1], n),
            "gr_1": rng.choice(["a", "b"], n),
            "gr_2": rng.choice(["a", "b"], n),
            "g": [*rng.choice(["x", "y"], n - 3), None, None, None],
            "h": rng.choice(["u", "v"], n),
        }
    )


def no_answer(banner: str) -> str:
    return (
        f"Respondents in the base who gave no answer to {banner!r} (or an answer marked "
        "missing) are counted in the total, in no column."
    )


def test_each_block_notes_name_its_own_banner() -> None:
    data = _data()
    before = data.copy()
    book = tt.tabbook(data, SURVEY, banners=["g", ("g", "h"), "h"], questions=["q", "m", "gr"])
    for section in book.sections:
        for block in section.blocks:
            notes = [
                note
                for table in (block.table, block.nets)
                if table is not None
                for note in table.extra_notes
                if "no answer to" in note
            ]
            expected = [] if block.banner == "h" else [no_answer(block.banner)]
            assert set(notes) == set(expected), (section.question, section.item, block.banner)
        assert any("have no g group" in note for note in section.notes)
        assert not any("no h group" in note for note in section.notes)
    # The single question's blocks hold the tables by=banner gives alone, notes included.
    q = book.section("q")
    for block, by in zip(q.blocks, ["g", ("g", "h"), "h"], strict=True):
        alone = tt.frequencies(data, "q", survey=SURVEY, by=by)
        assert block.table is not None
        assert block.table.extra_notes == alone.extra_notes
    pd.testing.assert_frame_equal(data, before)

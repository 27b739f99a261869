"""Recodes declared to disclosure control: ``protect(..., recodes=...)``.

A band whose counts are sums of several groupings of its question's options (``Mid`` 3
beside ``b`` 3 and ``c`` 3: Mid may be b or c) was linked to nothing, and a reader who
reads the band's definition got a hidden count back. Declared, the recode is linked by
its groups; undeclared, the protected set says it could not link the pair. The reader is
the ``linprog`` attacker of ``tests/test_disclosure_recodes.py``, written apart from the
suppression code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracktr as tt
from tests.test_disclosure_recodes import THRESHOLD, assert_protected, frame_of, reader_bounds
from tracktr.cli import main

FAST = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

# a 5, b 3, c 3, d 7; Low = a, Mid = b, High = c + d. Mid (3) fits b and c alike.
COUNTS = [[5], [3], [3], [7]]
BANDS: dict[str, str | None] = {"o0": "Low", "o1": "Mid", "o2": "High", "o3": "High"}
DECLARED = {"band": ("q", {"Low": ["o0"], "Mid": ["o1"], "High": ["o2", "o3"]})}


def _pair() -> tuple[pd.DataFrame, list[tt.Table]]:
    frame = frame_of(COUNTS, BANDS)
    return frame, [tt.frequencies(frame, "q"), tt.frequencies(frame, "band")]


def test_an_undeclared_recode_that_several_groupings_fit_gives_a_count_back() -> None:
    # Before and now, unlinked: b (3) and c (3) hidden, High (10) printed, and the
    # reader who knows the recode works c out as High less d (10 - 7) and b as the rest
    # (18 - 5 - 3 - 7). Before, `met` said True; now the set says it cannot vouch.
    frame, tables = _pair()
    published = tt.disclosure.protect(tables)
    bounds = reader_bounds(frame, BANDS, published)
    assert bounds[("o1", "g0")] == (3, 3.0, 3.0)
    assert bounds[("o2", "g0")] == (3, 3.0, 3.0)
    assert not published.met
    (note,) = published.notes
    assert "'band' may be a recode of 'q'" in note
    assert "protect(..., recodes=" in note
    assert "tt.net_table" in note


def test_a_declared_recode_that_several_groupings_fit_holds() -> None:
    frame, tables = _pair()
    published = tt.disclosure.protect(tables, recodes=DECLARED)
    assert published.met
    assert published.notes == ()
    assert_protected(reader_bounds(frame, BANDS, published))


def test_a_declared_recode_by_group_that_leaves_an_option_out_holds() -> None:
    bands: dict[str, str | None] = {"o0": "Low", "o1": "Mid", "o2": "High", "o3": None}
    frame = frame_of([[5, 2], [3, 8], [3, 8], [7, 9]], bands)
    tables = [tt.crosstab(frame, "q", "g"), tt.crosstab(frame, "band", "g")]
    declared = {"band": ("q", {"Low": ["o0"], "Mid": ["o1"], "High": ["o2"]})}
    published = tt.disclosure.protect(tables, recodes=declared)
    assert published.met
    assert_protected(reader_bounds(frame, bands, published))


@st.composite
def _recoded(draw: st.DrawFn) -> tuple[list[list[int]], dict[str, str | None]]:
    """Counts of q (4 to 6 options) by g (2 groups), and bands of q (some options left out)."""
    size = draw(st.integers(4, 6))
    counts = draw(
        st.lists(st.lists(st.integers(0, 9), min_size=2, max_size=2), min_size=size, max_size=size)
    )
    names = draw(st.lists(st.sampled_from(["B0", "B1", "B2", None]), min_size=size, max_size=size))
    return counts, {f"o{i}": name for i, name in enumerate(names)}


def _usable(drawn: tuple[list[list[int]], dict[str, str | None]]) -> bool:
    """Every option, group and band given by someone, two bands or more, a sensitive cell."""
    counts, bands = drawn
    given = {b for (o, b), line in zip(bands.items(), counts, strict=True) if b and sum(line)}
    used = {b for b in bands.values() if b}
    return (
        all(sum(line) for line in counts)
        and all(sum(column) for column in zip(*counts, strict=True))
        and given == used
        and len(used) >= 2
        and any(0 < n < THRESHOLD for line in counts for n in line)
    )


@FAST
@given(drawn=_recoded().filter(_usable))
def test_random_declared_recodes_hold(drawn: tuple[list[list[int]], dict[str, str | None]]) -> None:
    # Whatever else the counts fit, the reader who knows the declared recode narrows no
    # sensitive count below the protection level.
    counts, bands = drawn
    frame = frame_of(counts, bands)
    tables = [tt.crosstab(frame, "q", "g"), tt.crosstab(frame, "band", "g")]
    groups = {b: [o for o in bands if bands[o] == b] for b in tables[1].counts.index}
    published = tt.disclosure.protect(tables, recodes={"band": ("q", groups)})
    assert published.met
    assert_protected(reader_bounds(frame, bands, published))


def _book_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "q", "type": "single", "text": "Q?", "options": list(BANDS)},
                {
                    "id": "band",
                    "type": "single",
                    "text": "Band?",
                    "options": ["Low", "Mid", "High"],
                },
                {"id": "g", "type": "single", "text": "G?", "options": ["g0", "g1"]},
            ],
        }
    )


def test_a_tab_book_takes_declared_recodes() -> None:
    frame = frame_of([[5, 2], [3, 8], [3, 8], [7, 9]], BANDS)
    survey = _book_survey()
    options = {"banners": ["g"], "threshold": 5, "questions": ["q", "band"]}
    book = tt.tabbook(frame, survey, **options)  # type: ignore[arg-type]
    assert book.disclosure is not None
    assert not book.disclosure.met
    (note,) = book.disclosure.notes
    assert "'band' may be a recode of 'q'" in note
    # Before, the hint named protect(...) only, which a tab book's user does not call.
    assert "tt.tabbook(..., protection={'recodes': ...})" in note
    assert "tracktr tabbook --recodes" in note
    declared = tt.tabbook(frame, survey, **options, protection={"recodes": DECLARED})  # type: ignore[arg-type]
    assert declared.disclosure is not None
    assert declared.disclosure.met
    assert declared.disclosure.notes == ()
    marker = "[c]"
    q, band = (declared.section(name).display() for name in ("q", "band"))
    for column in q.columns:
        # Mid is o1, Low o0: a printed band gives its one option away.
        for option, name in (("o0", "Low"), ("o1", "Mid")):
            if q.loc[option, column] == marker:
                assert band.loc[name, column] == marker, (column, option)
    wrong = {"band": ("q", {"Low": ["o1"], "Mid": ["o0"], "High": ["o2", "o3"]})}
    with pytest.raises(tt.InvalidOptionError, match="'Low' of 'band' is 'o1' of 'q', but in col"):
        tt.tabbook(frame, survey, **options, protection={"recodes": wrong})  # type: ignore[arg-type]


# -- declarations the tables contradict, or that are not declarations ----------------------


@pytest.mark.parametrize(
    ("recodes", "match"),
    [
        (
            {"band": ("q", {"Low": ["o0", "o0"], "Mid": ["o1"], "High": ["o2", "o3"]})},
            "'o0' of 'q' is named by the group 'Low' twice",
        ),
        (
            {"band": ("q", {"Low": ["o0"], "Mid": ["o1", "o2"], "High": ["o2", "o3"]})},
            "'o2' of 'q' is named by the group 'High' in 'Mid' too",
        ),
        (
            {"band": ("q", {"Low": ["o0"], "Mid": ["o1"], "Top": ["o2", "o3"]})},
            r"names group\(s\) \['Top'\] that the table of 'band' does not print",
        ),
        (
            {"band": ("q", {"Low": ["o0"], "Mid": ["o1"], "High": ["o2", "o9"]})},
            r"names option\(s\) \['o9'\] that the table of 'q' does not print",
        ),
        ({"band": ("q", {"Low": ["o0"], "Mid": ["o1"]})}, r"gives no group of 'q' for \['High'\]"),
        ({"band": ("q", {"Low": ["o0"], "Mid": ["o2"], "High": ["o1", "o3"]})}, None),
        (
            {"band": ("q", {"Low": ["o0", "o1"], "Mid": [], "High": ["o2", "o3"]})},
            (
                r"'Low' of 'band' is 'o0' \+ 'o1' of 'q', but in column 'All' they count 8 "
                "and 'Low' counts 5"
            ),
        ),
        ({"band": ("p", {"Low": ["o0"]})}, "no table of the set is of 'p'"),
        # Before, a misspelt recode of none was taken and did nothing.
        (
            {"bnad": None},
            r"declares 'bnad' a recode of no question, but no table .* \['band', 'q'\]",
        ),
        ({"band": ("band", {"Low": ["o0"]})}, "must name the question it recodes"),
        ({"band": "q"}, "must be a pair"),
        ({"band": ("q", {})}, "non-empty mapping"),
        ({"band": ("q", {"Low": "o0"})}, "the group 'Low' must be a list of options"),
        ([("band", "q")], "must be a mapping of question ids"),
        ({1: ("q", {"Low": ["o0"]})}, "keys must be question ids"),
    ],
)
def test_a_bad_declaration_is_refused(recodes: object, match: str | None) -> None:
    _, tables = _pair()
    if match is None:  # Mid = c (3) fits the printed counts as well as Mid = b: no error
        assert tt.disclosure.protect(tables, recodes=recodes).met  # type: ignore[arg-type]
        return
    with pytest.raises(tt.InvalidOptionError, match=match):
        tt.disclosure.protect(tables, recodes=recodes)  # type: ignore[arg-type]


def test_a_declaration_of_a_multi_response_set_is_refused() -> None:
    frame = pd.DataFrame({"s_1": [1, 0, 1, 1], "s_2": [0, 1, 1, 0], "band": ["x", "y", "x", "x"]})
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "s", "type": "multi", "text": "S?", "options": ["a", "b"]},
                {"id": "band", "type": "single", "text": "B?", "options": ["x", "y"]},
            ],
        }
    )
    tables = [
        tt.multi_response(frame, "s", survey=survey),
        tt.frequencies(frame, "band", survey=survey),
    ]
    with pytest.raises(
        tt.InvalidOptionError,
        match=r"(?s)at position 0 of the set is not of a single-answer question.*nets",
    ):
        tt.disclosure.protect(tables, recodes={"band": ("s", {"x": ["a"], "y": ["b"]})})


def test_the_tables_are_not_changed() -> None:
    _, tables = _pair()
    before = [t.counts.copy() for t in tables]
    declared = {"band": ("q", {"Low": ["o0"], "Mid": ["o1"], "High": ["o2", "o3"]})}
    copy = {"band": ("q", {k: list(v) for k, v in declared["band"][1].items()})}
    tt.disclosure.protect(tables, recodes=declared)
    assert all(t.counts.equals(b) for t, b in zip(tables, before, strict=True))
    assert declared == copy


def test_the_command_line_reads_recodes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    frame = frame_of([[5, 2], [3, 8], [3, 8], [7, 9]], BANDS)
    frame.insert(0, "respondent_id", range(1, len(frame) + 1))
    frame.to_csv(tmp_path / "data.csv", index=False)
    _book_survey().to_toml(tmp_path / "codebook.toml")
    argv = ["tabbook", str(tmp_path / "codebook.toml"), str(tmp_path / "data.csv"),
            "--banner", "g", "-o", str(tmp_path / "book.md"), "--threshold", "5"]  # fmt: skip
    assert main(argv) == 0
    said = capsys.readouterr().out
    assert "requirements NOT met" in said
    assert "'band' may be a recode of 'q'" in said
    assert "given as --recodes" in said
    (tmp_path / "recodes.json").write_text(
        json.dumps({"band": ["q", {"Low": ["o0"], "Mid": ["o1"], "High": ["o2", "o3"]}]})
    )
    assert main([*argv, "--recodes", str(tmp_path / "recodes.json")]) == 0
    said = capsys.readouterr().out
    assert "requirements met." in said
    assert "may be a recode" not in said
    (tmp_path / "bad.json").write_text("{band: q}")
    assert main([*argv, "--recodes", str(tmp_path / "bad.json")]) != 0
    assert "cannot be read as JSON" in capsys.readouterr().err


def test_a_declaration_of_a_weighted_question_beside_an_unweighted_recode_is_refused() -> None:
    frame = frame_of(COUNTS, BANDS).assign(w=1.5)
    tables = [tt.frequencies(frame, "q", weights="w"), tt.frequencies(frame, "band")]
    with pytest.raises(tt.InvalidOptionError, match="position 0 of the set is weighted"):
        tt.disclosure.protect(tables, recodes=DECLARED)


@pytest.mark.parametrize("member", [["o0"], ("o0", ["o1"]), {"o0": 1}.keys()])
def test_a_group_naming_a_list_is_refused_clearly(member: object) -> None:
    # Before, a list inside a group (JSON's [["o0"]]) raised a bare TypeError.
    _, tables = _pair()
    groups = {"Low": [member], "Mid": ["o1"], "High": ["o2", "o3"]}
    with pytest.raises(tt.InvalidOptionError, match=r"the group 'Low' names .*no option of 'q'"):
        tt.disclosure.protect(tables, recodes={"band": ("q", groups)})


def test_the_command_line_refuses_a_recodes_file_of_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before, a file holding null was read as no recodes at all, and the book made.
    frame = frame_of([[5, 2], [3, 8], [3, 8], [7, 9]], BANDS)
    frame.insert(0, "respondent_id", range(1, len(frame) + 1))
    frame.to_csv(tmp_path / "data.csv", index=False)
    _book_survey().to_toml(tmp_path / "codebook.toml")
    (tmp_path / "recodes.json").write_text("null")
    argv = ["tabbook", str(tmp_path / "codebook.toml"), str(tmp_path / "data.csv"),
            "--banner", "g", "-o", str(tmp_path / "book.md"), "--threshold", "5",
            "--recodes", str(tmp_path / "recodes.json")]  # fmt: skip
    assert main(argv) != 0
    assert "holds null, not a mapping of question ids" in capsys.readouterr().err
    assert not (tmp_path / "book.md").exists()


@FAST
@given(
    counts=st.lists(
        st.lists(st.integers(0, 9), min_size=2, max_size=2), min_size=4, max_size=4
    ).filter(
        lambda c: (
            all(sum(line) for line in c)
            and all(sum(col) for col in zip(*c, strict=True))
            and any(0 < n < THRESHOLD for line in c for n in line)
        )
    )
)
def test_a_band_printed_with_an_option_no_one_gave_is_linked_or_noted(
    counts: list[list[int]],
) -> None:
    # Low = o0 + o1, Mid = o2, High = o3, and "Other", printed from the codebook, given by
    # no one: four rows beside q's four. Before, the pair was not searched (a recode has
    # fewer rows), no note was made, `met` was True and the reader who knows the recode
    # read hidden counts exactly (o3 in g0: 2, from a Low/Mid/High/Other table).
    bands: dict[str, str | None] = {"o0": "Low", "o1": "Low", "o2": "Mid", "o3": "High"}
    frame = frame_of(counts, bands)
    survey = tt.Survey.from_dict(
        {
            "title": "T",
            "questions": [
                {"id": "q", "type": "single", "text": "Q?", "options": list(bands)},
                {
                    "id": "band",
                    "type": "single",
                    "text": "Band?",
                    "options": ["Low", "Mid", "High", "Other"],
                },
                {"id": "g", "type": "single", "text": "G?", "options": ["g0", "g1"]},
            ],
        }
    )
    tables = [tt.crosstab(frame, q, "g", survey=survey) for q in ("q", "band")]
    assert tables[1].counts.loc["Other"].eq(0).all()
    published = tt.disclosure.protect(tables)
    if published.met:
        assert_protected(reader_bounds(frame, bands, published))
    else:
        assert any("'band' may be a recode of 'q'" in note for note in published.notes)

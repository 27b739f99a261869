"""Faults found by the hostile review hK11 of the engines, readers, checker and waves.

Each test failed on the code before its fix; the comment says what happened there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tracktr as tt


def _yes_no_survey() -> tt.Survey:
    return tt.Survey.from_dict(
        {
            "respondent_id": "rid",
            "questions": [
                {"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]},
                {"id": "n", "type": "numeric", "text": "N?"},
            ],
        }
    )


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
def test_scan_refuses_a_file_cut_off_after_a_separator(tmp_path: Path, engine: str) -> None:
    # Old: the last row "2,No," (every cell there, the last one blank, no line end) was
    # scanned and counted, its last answer read as skipped, where tt.io.read_csv refuses
    # the same file as cut off (issue 11): a scan is held to the reader's rules.
    pytest.importorskip(engine)
    path = tmp_path / "answers.csv"
    path.write_bytes(b"rid,q,n\n1,Yes,3\n2,No,")
    with pytest.raises(tt.ReadError, match=r"line 3, the last, ends with a separator"):
        tt.io.read_csv(path, _yes_no_survey())
    with pytest.raises(tt.ReadError, match=r"the last row \('2,No,'\) ends with a separator"):
        tt.io.scan(path, _yes_no_survey(), engine=engine)  # type: ignore[arg-type]
    # With its line end the row is complete, with a blank last answer, on both readers.
    path.write_bytes(b"rid,q,n\n1,Yes,3\n2,No,\n")
    assert tt.io.read_csv(path, _yes_no_survey())["n"].tolist()[-1] == "<skipped>"
    assert tt.io.scan(path, _yes_no_survey(), engine=engine).rows() == 2  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ["duckdb", "polars"])
@pytest.mark.parametrize("weight", ["1_000", "1_0.5"])
def test_scan_refuses_a_weight_written_with_an_underscore(
    tmp_path: Path, engine: str, weight: str
) -> None:
    # Old: DuckDB's cast read "1_000" as 1000 and "1_0.5" as 10.5, so the scan counted
    # the respondent a thousand times over, where tabulate_csv() and polars refuse the
    # cell (tracktr reads no number with an underscore: tracktr._numbers).
    pytest.importorskip(engine)
    survey = tt.Survey.from_dict(
        {"questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}]}
    )
    path = tmp_path / "answers.csv"
    path.write_text(f"respondent_id,q,w\n1,Yes,{weight}\n2,No,1\n", encoding="utf-8")
    with pytest.raises(tt.InvalidWeightsError, match="not numbers"):
        tt.io.tabulate_csv(path, survey, ["q"], weights="w")
    scanned = tt.io.scan(path, survey, engine=engine)  # type: ignore[arg-type]
    with pytest.raises(tt.InvalidWeightsError, match=rf"not a number.*\(1: '{weight}'\)"):
        scanned.tabulate("q", weights="w")


def _labels_of(table: tt.Table) -> list[str]:
    return [
        line.split("|")[1].strip() for line in table.to_markdown().splitlines()[2:-1] if "|" in line
    ]


def test_a_column_of_whole_and_fractional_numbers_prints_alike_on_every_path() -> None:
    # Old: counted from the rows, 1.0 printed "1" (whole floats are labelled as the
    # integers typed); the same table from a polars or DuckDB frame, or added up by
    # tt.combine() (tabulate_csv's chunks), printed "1.0", in every export and note.
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    frame = pd.DataFrame({"q": [1.0, 2.5, 1.0, None], "g": [0.5, 1.0, 1.0, 0.5]})
    table = tt.frequencies(frame, "q", by="g")
    assert _labels_of(table) == ["1", "2.5", "Base"]
    header = table.to_markdown().splitlines()[0]
    assert [cell.strip() for cell in header.split("|")] == ["", "", "0.5", "1", "All", ""]
    for other in (
        tt.frequencies(pl.from_pandas(frame), "q", by="g"),
        tt.frequencies(duckdb.from_df(frame), "q", by="g"),
        tt.combine([table]),
    ):
        assert other.to_markdown() == table.to_markdown()
        assert other.notes == table.notes


def test_groups_of_dates_print_as_dates_on_engines() -> None:
    # Old: a polars or DuckDB DATE column came back from the engine as datetimes at
    # midnight, so its groups printed "2024-05-01 00:00:00" where the same dates in a
    # pandas frame (datetime.date) print "2024-05-01", in every export and note.
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    frame = pd.DataFrame(
        {
            "q": ["Yes", "No", "Yes", "No"],
            "d": [dt.date(2024, 5, 1), dt.date(2024, 6, 1), None, dt.date(2024, 5, 1)],
        }
    )
    table = tt.frequencies(frame, "q", by="d")
    assert "2024-05-01 00:00:00" not in table.to_markdown()
    for native in (pl.from_pandas(frame), pl.from_pandas(frame).lazy(), duckdb.from_df(frame)):
        other = tt.frequencies(native, "q", by="d")
        assert other.to_markdown() == table.to_markdown()
        assert other.counts.columns.tolist() == table.counts.columns.tolist()


def _nocase_relation() -> Any:
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    connection.execute("SET default_collation = 'nocase'")
    connection.execute("CREATE TABLE answers (respondent_id INTEGER, q VARCHAR, x DOUBLE)")
    rows = [[1, "Yes", 1.0], [2, "yes", 2.0], [3, "YES", 3.0], [4, "No", 4.0]]
    connection.executemany("INSERT INTO answers VALUES (?, ?, ?)", rows)
    return connection.table("answers")


def test_a_narwhals_frame_is_read_as_the_frame_it_wraps() -> None:
    # Old: wrapped in narwhals, a DuckDB relation under a NOCASE collation was grouped
    # by DuckDB's collation: "Yes", "yes" and "YES" were one answer (Yes: 3), and with
    # options ["Yes", "No"] the table took "yes" and "YES" for "Yes" without a word.
    nw = pytest.importorskip("narwhals")
    relation = _nocase_relation()
    frame = relation.df()
    expected = tt.frequencies(frame, "q")
    assert tt.frequencies(nw.from_native(relation), "q").counts.equals(expected.counts)
    with pytest.raises(tt.UnknownValueError) as error:
        tt.frequencies(nw.from_native(relation), "q", options=["Yes", "No"])
    assert sorted(error.value.values) == ["YES", "yes"]
    survey = tt.Survey.from_dict(
        {"questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}]}
    )
    with pytest.raises(tt.SurveyValidationError) as failed:
        survey.validate(nw.from_native(relation), allow_extra_columns=True)
    assert sorted(failed.value.failures["value"]) == ["YES", "yes"]
    # Groups that differ only in case are refused, as for the pandas rows (old: one group).
    for data in (frame, nw.from_native(relation)):
        with pytest.raises(tt.UnknownValueError, match=r"groups 'YES'.* and 'yes'.* differ only"):
            tt.summarise(data, "x", by="q")


def test_a_narwhals_frame_keeps_the_unused_levels_of_what_it_wraps() -> None:
    # Old: a pandas categorical or a pyarrow dictionary column passed wrapped in narwhals
    # lost the levels no one chose: {'Yes': 1} where the frame itself gives a row of 0
    # to 'No' and 'Maybe'.
    nw = pytest.importorskip("narwhals")
    pa = pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"q": pd.Categorical(["Yes"], categories=["Yes", "No", "Maybe"])})
    expected = tt.frequencies(frame, "q")
    assert expected.counts["All"].to_dict() == {"Yes": 1, "No": 0, "Maybe": 0}
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    for native in (frame, arrow):
        wrapped = tt.frequencies(nw.from_native(native), "q")
        pd.testing.assert_frame_equal(wrapped.counts, expected.counts)
    # A narwhals frame of pandas rows is the pandas frame: its rows are the respondents.
    assert tt.frequencies(nw.from_native(frame), "q").respondents is frame.index


def _pooled_pair() -> tt.waves.Pooled:
    def codebook(options: list[str]) -> tt.Survey:
        question = {"id": "q", "type": "ordinal", "text": "Q?", "options": options}
        return tt.Survey.from_dict({"respondent_id": "org_id", "questions": [question]})

    first = pd.DataFrame({"org_id": [1, 2, 3], "q": ["Better", "Worse", "Better"]})
    second = pd.DataFrame({"org_id": [1, 2, 4], "q": ["Same", "Better", "Worse"]})
    common = ["Better", "Same", "Worse"]
    return tt.waves.pool(
        {"2024": (first, codebook(["Better", "Worse"])), "2025": (second, codebook(common))},
        id="org_id",
        harmonise={"waves": ["2024", "2025"], "questions": [{"id": "q", "options": common}]},
    )


def test_a_pooled_frame_on_an_engine_is_refused_with_the_pools_codebook() -> None:
    # pandas prints 'Same' as n/a (a gap) for 2024, which did not offer it, and notes that
    # the waves share organisations (so compare_table() refuses the table); the polars
    # frame of the same rows printed "0 (0)" (0%), with neither note (a strict xfail of
    # hK11). The engines' counting paths do not mark gaps: the pool's codebook beside
    # another engine's frame is refused.
    pl = pytest.importorskip("polars")
    pooled = _pooled_pair()
    expected = tt.frequencies(pooled.data, "q", survey=pooled.survey, by="wave")
    assert "| Same   | n/a    |" in expected.to_markdown()
    with pytest.raises(tt.InvalidDataError, match=r"(?s)these rows are a polars frame.*Hint"):
        tt.frequencies(pl.from_pandas(pooled.data), "q", survey=pooled.survey, by="wave")
    # Rows taken from the pooled frame with pandas keep the facts.
    subset = pooled.data[pooled.data["wave"] == "2025"]
    assert tt.frequencies(subset, "q", survey=pooled.survey).bases.tolist() == [3]


def test_the_pools_codebook_saved_and_read_back_keeps_its_facts(tmp_path: Path) -> None:
    # The facts lived on pooled.data (DataFrame.attrs) alone. The pool's codebook written
    # to TOML and read back (or copied with dataclasses.replace), beside the pooled rows
    # read back from CSV, printed 'Same' as 0 for 2024, which did not offer it, and no note
    # said that the waves share organisations 1 and 2. The codebook now carries them.
    import dataclasses

    pooled = _pooled_pair()
    expected = tt.frequencies(pooled.data, "q", survey=pooled.survey, by="wave")
    path = tmp_path / "pooled.toml"
    pooled.survey.to_toml(path)
    reread_codebook = tt.Survey.from_toml(path)
    assert reread_codebook == pooled.survey
    assert reread_codebook.pooled["unoffered"] == {"q": {"2024": ("Same",)}}
    copied = dataclasses.replace(pooled.survey, title="Pooled waves")
    rows = tmp_path / "pooled.csv"
    pooled.data.to_csv(rows, index=False)
    for survey in (pooled.survey, reread_codebook, copied):
        reread_rows = tt.io.read_csv(rows, survey, allow_extra_columns=True)
        assert reread_rows.attrs == {}
        table = tt.frequencies(reread_rows, "q", survey=survey, by="wave")
        assert table.to_markdown() == expected.to_markdown()
        assert table.gaps == expected.gaps == (("Same", "2024"),)
        assert any("answered more than one wave" in note for note in table.notes)
        with pytest.raises(tt.TracktrError, match="not independent"):
            tt.compare_table(table)
    assert reread_rows.attrs == {}  # the rows given are not changed


def test_pooled_rows_saved_without_their_persistent_id_say_so(tmp_path: Path) -> None:
    # Saved without org_id (`tracktr validate` refuses a column its codebook does not
    # describe), the rows cannot tell which organisations answered both waves: the table
    # by wave said nothing, and compare_table() tested the waves as independent samples.
    pooled = _pooled_pair()
    rows = tmp_path / "pooled.csv"
    pooled.data.drop(columns=["org_id"]).to_csv(rows, index=False)
    reread = tt.io.read_csv(rows, pooled.survey)
    for data in (reread, pooled.data.drop(columns=["org_id"])):
        table = tt.frequencies(data, "q", survey=pooled.survey, by="wave")
        assert any("lack the persistent id 'org_id'" in note for note in table.notes)
        with pytest.raises(tt.TracktrError, match="not independent"):
            tt.compare_table(table)
        # A table of all the rows, one column, says nothing of it.
        alone = tt.frequencies(data, "q", survey=pooled.survey)
        assert not any("persistent id" in note for note in alone.notes)


@pytest.mark.parametrize("name", ["q ", " q", "q\t"])
def test_duckdb_counts_a_column_whose_name_has_spaces_around_it(name: str) -> None:
    # Old: DuckDB's column expression strips the spaces around a name, so "q " (a CSV
    # header's trailing space) was read as column q: an EngineError blaming the frame's
    # own query ("Referenced column "q" not found"), or, beside a column q, "must appear
    # in the GROUP BY clause". pandas counts it as the column it is.
    duckdb = pytest.importorskip("duckdb")
    frame = pd.DataFrame({name: ["a", "a", "b"], "q": ["Yes", "No", "No"], "w": [1.0, 2.0, 0.5]})
    relation = duckdb.from_df(frame)
    calls: list[Callable[[Any], tt.Table]] = [
        lambda data: tt.frequencies(data, name),
        lambda data: tt.frequencies(data, "q", by=name, weights="w"),
        lambda data: tt.frequencies(data, name, by="q"),
    ]
    for call in calls:
        pd.testing.assert_frame_equal(call(relation).counts, call(frame).counts)
    summary = tt.summarise(relation, "w", by=name).to_frame()
    pd.testing.assert_frame_equal(summary, tt.summarise(frame, "w", by=name).to_frame())


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\ufeff"])
def test_pool_refuses_ids_that_differ_by_a_character_that_prints_nothing(invisible: str) -> None:
    # Old: "A1" followed by a zero-width space (or a soft hyphen, or a byte-order mark, as
    # an export can leave on the first cell) in one wave and "A1" in the next were two
    # organisations, silently: the overlap that pairs answers shrank (1 where it is 2),
    # where ids written in another case or with other leading zeros are refused.
    codebook = tt.Survey.from_dict(
        {
            "respondent_id": "org_id",
            "questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}],
        }
    )
    first = pd.DataFrame({"org_id": [f"A1{invisible}", "B2", "C3"], "q": ["Yes", "No", "Yes"]})
    second = pd.DataFrame({"org_id": ["A1", "B2", "D4"], "q": ["Yes", "Yes", "No"]})
    with pytest.raises(tt.InvalidDataError, match=r"(?s)written differently.*'A1'.*no characters"):
        tt.waves.pool({"2024": (first, codebook), "2025": (second, codebook)}, id="org_id")


def test_tabulate_csv_reads_weights_as_its_docstring_says(tmp_path: Path) -> None:
    # Old: the docstring said a weight "1,500" is read as 1500; it is refused, as the
    # number grammar refuses "1,000" (1 or 1000?). The docstring now says what happens.
    survey = tt.Survey.from_dict(
        {"questions": [{"id": "q", "type": "single", "text": "Q?", "options": ["Yes", "No"]}]}
    )
    path = tmp_path / "answers.csv"
    path.write_text('respondent_id,q,w\n1,Yes,"1,500.0"\n2,No, 1.5\n', encoding="utf-8")
    table = tt.io.tabulate_csv(path, survey, ["q"], weights="w")["q"]
    assert table.counts["All"].tolist() == [1500.0, 1.5]
    path.write_text('respondent_id,q,w\n1,Yes,"1,500"\n2,No,1\n', encoding="utf-8")
    with pytest.raises(tt.InvalidWeightsError, match=r"\['1,500'\] are not numbers"):
        tt.io.tabulate_csv(path, survey, ["q"], weights="w")
    doc = tt.io.tabulate_csv.__doc__ or ""
    assert '``"1,500.0"`` is 1500' in doc
    assert '``"1,500"`` is 1500' not in doc


def test_a_tab_book_of_pooled_rows_without_their_persistent_id_has_no_letters() -> None:
    # Without org_id the book lettered the waves as independent samples (17% A, 25% B of
    # 'Funded by a CRC', the same organisations in both) and said nothing; with it, the
    # book withholds the letters and says that 85 organisations answered it in both waves
    # (of the 91 in both waves, as tt.waves.change pairs them; hK19: not 91).
    waves = tt.datasets.tracktr_waves()
    pooled = tt.waves.pool(waves, harmonise=tt.datasets.tracktr_waves_map(), id="org_id")
    kept = tt.tabbook(pooled.data, pooled.survey, banners=["wave"], questions=["main_funding"])
    assert any("85 organisation(s)" in note for note in kept.sections[0].notes)
    matched = tt.waves.change(pooled, "main_funding", "Funded by a CRC").matched
    assert matched == 85
    dropped = pooled.data.drop(columns=["org_id"])
    for letters in (True, False):
        book = tt.tabbook(
            dropped, pooled.survey, banners=["wave"], questions=["main_funding"], letters=letters
        )
        section = book.sections[0]
        lead = "No letters by wave: " if letters else "By wave: "
        assert any(
            note.startswith(lead + "the rows lack the persistent id 'org_id'")
            for note in section.notes
        )
        frame = section.to_frame()
        assert (frame.loc[frame["banner"] == "wave", "letter"] != "").all()  # column letters
        assert all(block.higher is None for block in section.blocks if block.banner == "wave")

"""The main job as a page: tracktr reproduce --format html."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tracktr as tt

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def page() -> str:
    return tt.reproduce().render(format="html")


def test_the_page_warns_first_that_the_data_are_synthetic(page: str) -> None:
    body = page[page.index("<body>") :]
    assert body.index("Synthetic data.") < body.index("<h2")


def test_every_table_is_beside_its_reproduction(page: str) -> None:
    for name in ("table_1", "table_2", "table_3"):
        assert f'id="{name}"' in page
    assert page.count("As printed, and as reproduced") == 3
    assert page.count("The reproduced table") == 3


def test_every_graph_with_a_question_is_drawn(page: str) -> None:
    graphs = re.findall(r'<h3 id="graph-\d+">', page)
    assert len(graphs) == 32
    assert "Not drawn" not in page
    assert page.count('src="data:image/png;base64,') >= 30


def test_findings_are_sortable_and_ordered_by_severity(page: str) -> None:
    findings = page[page.index('id="findings"') :]
    assert '<table class="sortable">' in findings
    verdicts = re.findall(r'class="verdict-(\w+)"', findings)
    order = {"impossible": 0, "inconsistent": 1, "doubtful": 2}
    assert verdicts
    assert [order[v] for v in verdicts] == sorted(order[v] for v in verdicts)


def test_the_page_is_one_standalone_file(page: str) -> None:
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_write_puts_the_page_first(tmp_path: Path) -> None:
    paths = tt.reproduce().write(tmp_path, format="html")
    assert paths[0].name == "index.html"
    assert "Synthetic data." in paths[0].read_text(encoding="utf-8")

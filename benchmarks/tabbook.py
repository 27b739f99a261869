"""Benchmark: the tab book of a 60-question survey of 5,000 organisations, written to .xlsx.

Run ``python benchmarks/tabbook.py`` (``--repeat N`` for the best of N runs). The survey is
synthetic: 30 single-choice questions (5 options), 15 five-point scales with a don't know,
a top-2 net and scores, 10 multi-response sets of 6 options and 5 numeric questions,
answered by 5,000 organisations with 4 banners (funder, 2 groups; region, 9; income, 6;
size, 4), letters and nets. Measured: ``tt.tabbook(...)`` and ``book.write("book.xlsx")``,
separately and together, as wall-clock time and as the CPU time of this process (less
disturbed by other work on a shared machine). The goal is under 5 seconds in total. Not
part of the test run.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import tracktr as tt

SCALE = ["Strongly agree", "Agree", "Neither", "Disagree", "Strongly disagree"]
BANNERS = {
    "funder": ["CRC", "Other"],
    "region": [f"Region {i}" for i in range(1, 10)],
    "income": [f"Band {i}" for i in range(1, 7)],
    "size": ["Micro", "Small", "Medium", "Large"],
}


def synthetic_survey(n: int = 5000, seed: int = 0) -> tuple[pd.DataFrame, tt.Survey]:
    """Return `n` organisations' answers to a 60-question survey, and its codebook."""
    rng = np.random.default_rng(seed)
    questions: list[dict[str, Any]] = []
    columns: dict[str, Any] = {"respondent_id": np.arange(1, n + 1)}
    for name, groups in BANNERS.items():
        questions.append({"id": name, "type": "single", "text": name, "options": groups})
        columns[name] = pd.Categorical.from_codes(rng.integers(0, len(groups), n), groups)
    for i in range(26):  # 4 banners + 26 = 30 single-choice questions
        options = [f"Option {k}" for k in range(1, 6)]
        questions.append({"id": f"s{i}", "type": "single", "text": f"Q s{i}?", "options": options})
        columns[f"s{i}"] = pd.Categorical.from_codes(rng.integers(0, 5, n), options)
    for i in range(15):
        questions.append(
            {
                "id": f"o{i}",
                "type": "ordinal",
                "text": f"Scale o{i}?",
                "options": [*SCALE, {"label": "Don't know", "dont_know": True}],
                "nets": {"Top 2": SCALE[:2], "Bottom 2": SCALE[3:]},
                "scores": dict(zip(SCALE, [5, 4, 3, 2, 1], strict=True)),
            }
        )
        columns[f"o{i}"] = pd.Categorical.from_codes(rng.integers(0, 6, n), [*SCALE, "Don't know"])
    for i in range(10):
        options = [{"code": k, "label": f"Choice {k}", "column": f"m{i}_{k}"} for k in range(1, 7)]
        questions.append({"id": f"m{i}", "type": "multi", "text": f"Tick m{i}", "options": options})
        for k in range(1, 7):
            columns[f"m{i}_{k}"] = (rng.random(n) < 0.3).astype(np.int8)
    for i in range(5):
        questions.append({"id": f"x{i}", "type": "numeric", "text": f"How many x{i}?", "min": 0})
        columns[f"x{i}"] = rng.poisson(20, n).astype(float)
    survey = tt.Survey.from_dict({"title": "Synthetic members' survey", "questions": questions})
    return pd.DataFrame(columns), survey


def bench_tabbook(repeat: int) -> dict[str, float]:
    """Best-of-`repeat` seconds of building the book and of writing it to .xlsx."""
    data, survey = synthetic_survey()
    out = Path(tempfile.mkdtemp()) / "book.xlsx"
    build, write, total = [], [], []
    build_cpu, write_cpu, cpu = [], [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        book = tt.tabbook(data, survey, banners=list(BANNERS), letters=True, nets=True)
        middle, middle_cpu = time.perf_counter(), time.process_time()
        book.write(out)
        end, end_cpu = time.perf_counter(), time.process_time()
        build.append(middle - start)
        write.append(end - middle)
        total.append(end - start)
        build_cpu.append(middle_cpu - start_cpu)
        write_cpu.append(end_cpu - middle_cpu)
        cpu.append(end_cpu - start_cpu)
    return {
        "sections": float(len(book.sections)),
        "build": min(build),
        "write": min(write),
        "total": min(total),
        "build (CPU time)": min(build_cpu),
        "write (CPU time)": min(write_cpu),
        "total (CPU time)": min(cpu),
    }


def main() -> None:
    """Print the timings as a Markdown table, with the machine."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import openpyxl  # noqa: F401  (imported before timing, as a user's session would have)
    import scipy.stats  # noqa: F401

    result = bench_tabbook(args.repeat)
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPU(s)")
    print(f"Sections: {int(result['sections'])}")
    print("| step | seconds |\n|---|---|")
    steps = ("build", "write", "total", "build (CPU time)", "write (CPU time)", "total (CPU time)")
    for step in steps:
        print(f"| {step} | {result[step]:.2f} |")


if __name__ == "__main__":
    main()

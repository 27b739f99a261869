"""Where the time of ``tracktr reproduce`` goes, step by step, in a fresh interpreter.

Run ``python benchmarks/reproduce_phases.py`` (``--runs N``: the best of N fresh
processes, default 5). Each process does what the command does, in its order, and times
each step: importing numpy and pandas, importing tracktr and the modules the command
loads, reading the codebook, the bundled microdata and the report's figures file,
checking every printed figure (``tt.check.reference()``), recomputing the 114 figures and
Tables 1-3, and rendering the text at a width of 100 columns. Bytecode caching is on
(``PYTHONDONTWRITEBYTECODE`` is dropped, the cache goes to a folder of its own), as when
tracktr is installed. CPU time (``time.process_time``) is given beside wall-clock time:
on a shared machine it is the steadier figure. Python's start-up (before the first line
runs) and the process's exit (after the last, as the command exits: with
``tracktr.cli._process_main``'s ``gc.freeze()`` where the code has it) are timed from
outside, from the child's resource usage and clock. Not part of the test run; the figures
are in ``docs/performance.rst``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

# The child: one pass of the command's work, each step timed; printed as JSON.
_CHILD = r"""
import json, time
steps = []
born = time.process_time()  # the interpreter's start-up, before this line
start = [time.perf_counter(), born]
def mark(label):
    wall, cpu = time.perf_counter(), time.process_time()
    steps.append((label, 1000 * (cpu - start[1]), 1000 * (wall - start[0])))
    start[:] = [wall, cpu]
import numpy; mark("import numpy")
import pandas; mark("import pandas (after numpy)")
import tracktr; mark("import tracktr")
import argparse, tracktr.cli; mark("import tracktr.cli")
import sys, tracktr.reproduce; mark("import tracktr.reproduce")
import tracktr.survey; mark("import tracktr.survey")
from tracktr import check, datasets, reference, surveys
mark("import tracktr.check, .datasets, .reference, .surveys")
survey = surveys.tracktr_2015(); mark("codebook (tt.surveys.tracktr_2015)")
from tracktr.datasets._bundled import _tracktr_2015
data = _tracktr_2015(); mark("bundled microdata, read and typed")
from tracktr.reference._tracktr_2016 import _built, _file
figures = _file(); mark("figures file read and validated")
for name in figures.tables():
    _built(name)
mark("published Tables 1-3 built")
findings = check.reference().to_frame(); mark("check.reference(): every printed figure")
import tracktr._reproduce_figures as F
rows = F.figure_rows(data, survey, figures, F.flagged_figures(findings))
mark("114 figures recomputed and compared")
R = sys.modules["tracktr.reproduce"]
tables = tuple(R._compare_table(name, data, survey) for name in reference.tables())
mark("Tables 1-3 tabulated and compared")
result = R.Reproduction(
    tables=tables, figures=pandas.DataFrame(rows), findings=findings, respondents=len(data)
)
text = result.render(format="text", width=100); mark("rendered as text, 100 columns")
print(json.dumps({"steps": steps, "born": born, "cpu": time.process_time(), "at": time.time()}))
sys.stdout.flush()
if hasattr(tracktr.cli, "_process_main"):  # the command's exit, as it makes it
    import gc; gc.freeze()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes; the best is kept")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "tracktr-bench-pycache")
    command = [sys.executable, "-c", _CHILD]
    subprocess.run(command, env=env, check=True, capture_output=True)  # compile once
    runs = []
    for _ in range(args.runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        ended = time.time()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        child = json.loads(done.stdout)
        start_up = ("Python start-up (before the first line)", 1000 * child["born"], None)
        exit_ = ("process exit (after the last line)", 1000 * (used - child["cpu"]))
        runs.append([start_up, *child["steps"], (*exit_, 1000 * (ended - child["at"]))])
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Best of {args.runs} fresh processes; load average at the end {load}.\n")
    print("| step | CPU ms | wall ms |\n|---|---|---|")
    total_cpu = total_wall = 0.0
    for i, (label, _, _) in enumerate(runs[0]):
        cpu = min(run[i][1] for run in runs)
        total_cpu += cpu
        if runs[0][i][2] is None:  # start-up: its wall time is not seen from inside
            print(f"| {label} | {cpu:.1f} | |")
            continue
        wall = min(run[i][2] for run in runs)
        total_wall += wall
        print(f"| {label} | {cpu:.1f} | {wall:.1f} |")
    print(f"| sum of the steps' bests | {total_cpu:.1f} | {total_wall:.1f} |")


if __name__ == "__main__":
    main()

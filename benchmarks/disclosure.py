"""Disclosure control of a linked set: 20 tables of 10 x 10 published together.

One question with 10 options, broken down by 20 grouping variables of 9 groups each (plus
the ``All`` column, shared by every table). Measures ``tt.disclosure.protect`` on the whole
set, and compares the information loss (cells hidden, sum of the hidden counts) and the
requirements left unmet when the set is published with each table protected on its own:
by the new engine one table at a time, and by the single-table method of tracktr 0.x (the
graph method of ``src/tracktr/disclosure.py`` on ``main``, read with ``git show``).

Run: ``python benchmarks/disclosure.py`` (``--repeat N``; ``--no-legacy`` skips the old
method).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np
import pandas as pd

import tracktr as tt
from tracktr.disclosure import _audit, _model
from tracktr.disclosure.protection import requirements

ROOT = Path(__file__).resolve().parent.parent


def linked_set(
    *, respondents: int = 1500, breakdowns: int = 20, seed: int = 2015
) -> list[tt.Table]:
    rng = np.random.default_rng(seed)
    options = [f"o{i}" for i in range(10)]
    df = pd.DataFrame({"q": rng.choice(options, size=respondents, p=_shares(rng, 10))})
    for b in range(breakdowns):
        groups = [f"b{b}g{j}" for j in range(9)]
        df[f"by{b}"] = rng.choice(groups, size=respondents, p=_shares(rng, 9))
    return [tt.frequencies(df, "q", options=options, by=f"by{b}") for b in range(breakdowns)]


def _shares(rng: np.random.Generator, k: int) -> np.ndarray:
    # Uneven groups, as in a survey of organisations: a few large, several small.
    weights = rng.gamma(0.8, size=k) + 0.05
    return weights / weights.sum()


def _load_legacy() -> types.ModuleType | None:
    """Return the single-table method of before issue 12, from git (None if unavailable)."""
    try:
        source = subprocess.run(
            ["git", "show", "main:src/tracktr/disclosure.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("legacy_disclosure")
    sys.modules[module.__name__] = module
    exec(compile(source, "legacy_disclosure.py", "exec"), module.__dict__)
    return module


def exposure(
    tables: list[tt.Table], masks: list[tuple[pd.DataFrame, pd.Series]]
) -> dict[str, float]:
    """Audit per-table choices against the whole set: loss and requirements unmet."""
    model = _model.build(tables)
    hidden: set[int] = set()
    printed = 0
    for t, (cells, bases) in enumerate(masks):
        printed += int(cells.to_numpy().sum()) + int(bases.to_numpy().sum())
        for (what, i, j), k in model.positions[t].items():
            flag = cells.iloc[i, j] if what == "count" else bases.iloc[i]
            if flag:
                hidden.add(k)
    needs = requirements(model, threshold=5, level=5, zeros="publish", full="publish")
    found = _audit.intervals(model, hidden)
    unmet = sum(1 for r in needs if r.var not in found or not r.met(found[r.var]))
    exact = sum(1 for k, (low, high) in found.items() if low >= high)
    values = model.array()
    return {
        "markers printed": printed,
        "numbers hidden": len(hidden),
        "sum hidden": float(values[list(hidden)].sum()),
        "requirements unmet": unmet,
        "hidden numbers pinned": exact,
        "sensitive": len(needs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-legacy", action="store_true")
    args = parser.parse_args()
    tables = linked_set()
    rows = []
    best = np.inf
    published = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        published = tt.disclosure.protect(tables)
        best = min(best, time.perf_counter() - start)
    assert published is not None
    linked = exposure(tables, [(s.suppressed, s.suppressed_bases) for s in published])
    rows.append({"method": f"protect(all 20), {published.method}", "seconds": best, **linked})
    start = time.perf_counter()
    alone = [tt.disclosure.suppress(t) for t in tables]
    seconds = time.perf_counter() - start
    rows.append(
        {
            "method": "suppress() each table alone",
            "seconds": seconds,
            **exposure(tables, [(s.suppressed, s.suppressed_bases) for s in alone]),
        }
    )
    legacy = None if args.no_legacy else _load_legacy()
    if legacy is not None:
        start = time.perf_counter()
        old = [legacy.suppress(t) for t in tables]
        seconds = time.perf_counter() - start
        rows.append(
            {
                "method": "before issue 12: suppress() each alone",
                "seconds": seconds,
                **exposure(tables, [(s.suppressed, s.suppressed_bases) for s in old]),
            }
        )
    frame = pd.DataFrame(rows).set_index("method")
    print(f"20 linked tables of 10 x 10 ({len(tables[0].counts)} options x 9 groups + All)")
    print(frame.to_markdown(floatfmt=".3g") if _has_tabulate() else frame.to_string())


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()

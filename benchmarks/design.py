"""Design-based estimates: tracktr.design against samplics, as ratios.

Run ``python benchmarks/design.py`` (``--sizes 10000 100000`` to choose the sizes; the
default is 1e4, 1e5 and 1e6 respondents). Needs the ``benchmark`` extra (samplics). Each
benchmark is a plain function with a docstring saying what is measured; each timing is the
best of several runs. Before timing, every pair is checked to give the same estimates and
standard errors (to 1e-6), so that the two sides do the same work. Not part of the test
run: timing is never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import warnings
from typing import Any

import numpy as np
import pandas as pd
from _common import best_of

import tracktr as tt

Row = dict[str, Any]


def survey_data(n: int, seed: int = 0) -> pd.DataFrame:
    """Return `n` respondents in 10 strata of clusters of about 20.

    With weights, a 5-option question, a numeric question and 3 domains.
    """
    rng = np.random.default_rng(seed)
    clusters = max(n // 20, 20)
    psu = rng.integers(0, clusters, n)
    return pd.DataFrame({
        "stratum": psu % 10,
        "psu": psu,
        "w": rng.uniform(0.5, 4.0, n),
        "q": np.array(["a", "b", "c", "d", "e"])[rng.integers(0, 5, n)],
        "y": rng.normal(50, 10, n),
        "region": np.array(["North", "Midlands", "South"])[rng.integers(0, 3, n)],
    })  # fmt: skip


DESIGN = tt.Design(weights="w", strata="stratum", clusters="psu")


def _samplics(param: str, df: pd.DataFrame, column: str, domain: str | None = None) -> Any:
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

    estimator = TaylorEstimator(param=getattr(PopParam, param))
    estimator.estimate(
        y=df[column], samp_weight=df["w"], stratum=df["stratum"], psu=df["psu"],
        domain=None if domain is None else df[domain], remove_nan=False,
    )  # fmt: skip
    return estimator


def _check(ours: pd.DataFrame, theirs: Any, keys: list[Any]) -> float:
    """Largest relative gap between the two sides' standard errors."""
    gaps = []
    for key, se in zip(keys, ours["se"], strict=True):
        other = theirs.stderror
        for part in key:
            other = other[part]
        gaps.append(abs(float(other) - se) / se)
    return max(gaps)


def bench_proportions(n: int) -> Row:
    """Time the shares of 5 options with linearised standard errors (stratified clusters)."""
    df = survey_data(n)
    ours = tt.design.estimate_proportions(df, "q", design=DESIGN).rows
    theirs = _samplics("prop", df, "q")
    gap = _check(ours, theirs, [(o,) for o in ours["option"]])
    return {
        "estimate": "shares of 5 options",
        "tracktr": best_of(lambda: tt.design.estimate_proportions(df, "q", design=DESIGN)),
        "samplics": best_of(lambda: _samplics("prop", df, "q")),
        "se_gap": gap,
    }


def bench_domain_proportions(n: int) -> Row:
    """Time the same shares within 3 domains (regions), without subsetting the design."""
    df = survey_data(n)
    ours = tt.design.estimate_proportions(df, "q", design=DESIGN, by="region").rows
    theirs = _samplics("prop", df, "q", domain="region")
    gap = _check(ours, theirs, list(zip(ours["group"], ours["option"], strict=True)))
    return {
        "estimate": "shares of 5 options in 3 domains",
        "tracktr": best_of(
            lambda: tt.design.estimate_proportions(df, "q", design=DESIGN, by="region")
        ),
        "samplics": best_of(lambda: _samplics("prop", df, "q", domain="region")),
        "se_gap": gap,
    }


def bench_mean(n: int) -> Row:
    """Time the mean of a numeric question."""
    df = survey_data(n)
    ours = tt.design.estimate_means(df, "y", design=DESIGN).rows
    theirs = _samplics("mean", df, "y")
    gap = abs(float(theirs.stderror) - ours["se"][0]) / ours["se"][0]
    return {
        "estimate": "mean of a numeric question",
        "tracktr": best_of(lambda: tt.design.estimate_means(df, "y", design=DESIGN)),
        "samplics": best_of(lambda: _samplics("mean", df, "y")),
        "se_gap": gap,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    warnings.simplefilter("ignore", FutureWarning)  # samplics says it is archived
    import samplics

    print(f"Python {platform.python_version()}, numpy {np.__version__}, pandas "
          f"{pd.__version__}, samplics {samplics.__version__}, {os.cpu_count()} CPUs")  # fmt: skip
    print()
    print("| respondents | estimate | tracktr (s) | samplics (s) | samplics / tracktr | se gap |")
    print("|---:|---|---:|---:|---:|---:|")
    for n in args.sizes:
        for bench in (bench_proportions, bench_domain_proportions, bench_mean):
            row = bench(n)
            ratio = row["samplics"] / row["tracktr"]
            print(
                f"| {n:,} | {row['estimate']} | {row['tracktr']:.4f} | {row['samplics']:.3f} "
                f"| {ratio:.0f}x | {row['se_gap']:.1e} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

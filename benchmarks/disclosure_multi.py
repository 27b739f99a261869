"""Disclosure control of a tab book of multi-response sets with nets, and a part beside it.

A survey of 400 organisations with 10 tick-all-that-apply sets of 6 options, each with two
nets ("First": o1 or o2; "Second": o2, o3 or o4), tabulated by region, funder and size
with ``threshold=5``: the nets are linked to their options through the tick patterns,
one split per set of respondents shared by every table of the set
(``tracktr.disclosure._patterns``). With ``publish_with``, the North's sets by funder are
published beside the book: a part of the book's respondents, whose patterns are bounded
by the book's. Measures the processor time of ``tt.tabbook`` (best of ``--repeat``), the
numbers the audit checks (every hidden number and every count a reader works out that
is sensitive) and whether every requirement is met.

Run: ``python benchmarks/disclosure_multi.py`` (``--repeat N``, ``--respondents N``).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

import tracktr as tt

OPTIONS = ["o1", "o2", "o3", "o4", "o5", "o6"]
NETS = {"First": ["o1", "o2"], "Second": ["o2", "o3", "o4"]}


def survey_and_data(respondents: int, seed: int = 0) -> tuple[tt.Survey, pd.DataFrame]:
    """Return the codebook and the answers of the synthetic survey."""
    rng = np.random.default_rng(seed)
    questions: list[dict[str, object]] = [
        {"id": "region", "type": "single", "text": "Region?",
         "options": ["North", "South", "East", "West"]},
        {"id": "funder", "type": "single", "text": "Funder?", "options": ["CRC", "NPS", "Other"]},
        {"id": "size", "type": "single", "text": "Size?", "options": ["Small", "Medium", "Large"]},
    ]  # fmt: skip
    data = pd.DataFrame(
        {
            "region": rng.choice(np.array(["North", "South", "East", "West", None]), respondents,
                                 p=[0.3, 0.3, 0.2, 0.15, 0.05]),
            "funder": rng.choice(np.array(["CRC", "NPS", "Other", None]), respondents,
                                 p=[0.5, 0.2, 0.25, 0.05]),
            "size": rng.choice(["Small", "Medium", "Large"], respondents, p=[0.6, 0.3, 0.1]),
        }
    )  # fmt: skip
    for i in range(10):
        questions.append(
            {
                "id": f"m{i}",
                "type": "multi",
                "text": f"Services {i}?",
                "options": [
                    {"code": k + 1, "label": o, "column": f"m{i}_{o}"}
                    for k, o in enumerate(OPTIONS)
                ],
                "nets": NETS,
            }
        )
        for option, share in zip(OPTIONS, rng.uniform(0.05, 0.5, len(OPTIONS)), strict=True):
            data[f"m{i}_{option}"] = (rng.random(respondents) < share).astype(int)
    return tt.Survey.from_dict({"title": "Services", "questions": questions}), data


def book(survey: tt.Survey, data: pd.DataFrame, *, with_part: bool) -> tt.TabBook:
    """Return the protected book, with the North's sets by funder beside it or not."""
    north = data[data["region"] == "North"]
    part = [tt.multi_response(north, f"m{i}", survey=survey, by="funder") for i in range(10)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tt.DisclosureWarning)
        return tt.tabbook(
            data,
            survey,
            banners=["region", "funder", "size"],
            letters=False,
            threshold=5,
            publish_with=part if with_part else None,
            protection={"method": "heuristic"},
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--respondents", type=int, default=400)
    args = parser.parse_args()
    survey, data = survey_and_data(args.respondents)
    print(f"{args.respondents} organisations, 10 sets of 6 options with 2 nets, 3 banners")
    print(f"{'case':<28}{'cpu seconds':>12}{'audited':>9}{'met':>6}")
    for with_part in (False, True):
        times = []
        for _ in range(args.repeat):
            start = time.process_time()
            done = book(survey, data, with_part=with_part)
            times.append(time.process_time() - start)
        assert done.disclosure is not None
        audit = done.disclosure.protected.audit()
        name = "book + the North by funder" if with_part else "book"
        print(f"{name:<28}{min(times):>12.2f}{len(audit):>9}{bool(audit['met'].all())!s:>6}")


if __name__ == "__main__":
    main()

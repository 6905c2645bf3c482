"""Extraction throughput on the bundled sample corpus, on one core.

    python scripts/bench_extract.py [--models rules,scierc,scier] [--repeat 2]

Prints abstracts/s for a bare en_core_web_sm parse (all its components, as shipped), for the
same without its NER (kg's pipeline excludes it) and for kg's full pipeline with each
extractor, measured in the same run on the same 325 papers, and the
ratio of each to the bare parse. The process is pinned to one CPU and its math libraries to one
thread; the best of ``--repeat`` runs counts (model loading excluded).
"""

from __future__ import annotations

import argparse
import os
import time

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import spacy  # noqa: E402

from kg.data import SAMPLE_CORPUS  # noqa: E402
from kg.extract.pipeline import (  # noqa: E402
    BASE_MODEL,
    load_base_model,
    load_pipeline,
)
from kg.extract.runner import extract  # noqa: E402
from kg.sources import deduplicate, read_papers  # noqa: E402


def best_rate(run, n: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return n / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="rules,scierc,scier")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    papers = list(deduplicate(read_papers([SAMPLE_CORPUS], lambda skip: None)))
    texts = [p.text for p in papers]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(papers)} papers, {words} words, one core "
          f"(CPU {sorted(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'})")

    bare = spacy.load(BASE_MODEL)
    bare_rate = best_rate(lambda: list(bare.pipe(texts, batch_size=32)), len(texts), args.repeat)
    rows = [("bare en_core_web_sm parse", bare_rate)]
    base = load_base_model()
    rows.append(("  the same without NER",
                 best_rate(lambda: list(base.pipe(texts, batch_size=32)), len(texts), args.repeat)))
    for name in args.models.split(","):
        model = None if name == "rules" else name
        load_pipeline(model)
        rate = best_rate(lambda m=model: list(extract(papers, jobs=1, model=m)), len(papers),
                         args.repeat)
        rows.append((f"kg pipeline, {name}", rate))
    print(f"{'':34} {'abstracts/s':>12} {'vs bare':>8}")
    for label, rate in rows:
        print(f"{label:34} {rate:12.1f} {rate / bare_rate:8.2f}")


if __name__ == "__main__":
    main()

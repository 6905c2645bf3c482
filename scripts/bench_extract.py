"""Extraction throughput on the bundled sample corpus, on one core, and end to end.

    python scripts/bench_extract.py [--models rules,scierc,scier] [--repeat 2]
    python scripts/bench_extract.py --end-to-end 3
    python scripts/bench_extract.py --components [--model scier]

Prints abstracts/s for a bare en_core_web_sm parse (all its components, as shipped), for the
same without its NER (kg's pipeline excludes it) and for kg's full pipeline with each
extractor, measured in the same run on the same 325 papers, and the
ratio of each to the bare parse. The process is pinned to one CPU and its math libraries to one
thread; the best of ``--repeat`` runs counts (model loading excluded). Each rate is given per
wall second and per CPU second of this process: on a shared machine the wall clock counts the
time other processes hold the core, the CPU time only this one's work.

``--components`` instead prints where one extractor's time goes: CPU milliseconds an abstract
of each pipeline component (each run over all papers in turn, best of ``--repeat``), the text
normalization and the records made from the docs included.

``--end-to-end N`` instead times whole processes as a user runs them, in the environment it was
given: ``kg build --sample`` into a fresh store against a process that only loads
en_core_web_sm and parses the same texts, N pairs run alternately, and prints each pair's
wall-time ratio and CPU-time ratio and their medians.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENVIRONMENT = dict(os.environ)  # as given, for --end-to-end's processes

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import spacy  # noqa: E402

from kg.data import SAMPLE_CORPUS  # noqa: E402
from kg.extract.doc_to_record import doc_to_record  # noqa: E402
from kg.extract.normalize import normalize, restore  # noqa: E402
from kg.extract.pipeline import (  # noqa: E402
    BASE_MODEL,
    extractor_fingerprint,
    load_base_model,
    load_pipeline,
)
from kg.extract.runner import extract  # noqa: E402
from kg.sources import deduplicate, read_papers  # noqa: E402


def best_rate(run, n: int, repeat: int) -> tuple[float, float]:
    """``n`` over the best of ``repeat`` runs' wall seconds, and over their best CPU seconds."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - cpu_started)
    return n / wall, n / cpu


BARE_PROCESS = ("import json, sys, spacy\n"
                "texts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
                "nlp = spacy.load(sys.argv[2])\n"
                "for _doc in nlp.pipe(texts):\n"
                "    pass\n")


def timed(command: list[str]) -> tuple[float, float]:
    """A process's wall seconds, and its CPU seconds (user and system, its children's too)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, env=ENVIRONMENT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def end_to_end(pairs: int, texts: list[str]) -> None:
    """``kg build --sample`` against a bare load-and-parse process, ``pairs`` times each."""
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    ratios, cpu_ratios = [], []
    with tempfile.TemporaryDirectory(prefix="kg-e2e-") as scratch:
        corpus = Path(scratch) / "texts.json"
        corpus.write_text(json.dumps(texts), encoding="utf-8")
        print(f"{len(texts)} papers; whole processes, wall seconds; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for index in range(pairs):
            bare, bare_cpu = timed([sys.executable, "-c", BARE_PROCESS, str(corpus), BASE_MODEL])
            build, build_cpu = timed([kg, "build", "--sample", "--store",
                                      f"{scratch}/store-{index}"])
            ratios.append(build / bare)
            cpu_ratios.append(build_cpu / bare_cpu)
            print(f"pair {index + 1}: kg build --sample {build:.1f} s, bare parse {bare:.1f} s, "
                  f"ratio {build / bare:.2f}; CPU {build_cpu:.1f} s against {bare_cpu:.1f} s, "
                  f"ratio {build_cpu / bare_cpu:.2f}", flush=True)
    print(f"median ratio kg build --sample / bare parse: {statistics.median(ratios):.2f} "
          f"(CPU seconds: {statistics.median(cpu_ratios):.2f}; load average "
          f"{os.getloadavg()[0]:.1f})")


def components(papers: list, model: str | None, repeat: int) -> None:
    """CPU milliseconds an abstract of each stage of ``model``'s pipeline, one stage at a time
    over all ``papers``."""
    nlp = load_pipeline(model)
    fingerprint = extractor_fingerprint(model)
    best: dict[str, float] = {}

    def timed_stage(name: str, work):
        started = time.process_time()
        out = work()
        best[name] = min(best.get(name, float("inf")), time.process_time() - started)
        return out

    for _ in range(repeat):
        normalized = timed_stage("normalize", lambda: [normalize(p.text) for p in papers])
        docs = timed_stage("tokenizer", lambda n=normalized: [nlp.make_doc(x.text) for x in n])
        for name, component in nlp.pipeline:
            docs = timed_stage(name, lambda c=component, d=docs: list(
                c.pipe(d, batch_size=32) if hasattr(c, "pipe") else map(c, d)))
        timed_stage("records (doc_to_record, restore)", lambda d=docs, n=normalized: [
            restore(doc_to_record(doc, paper, fingerprint), norm)
            for doc, paper, norm in zip(d, papers, n, strict=True)])
    print(f"{len(papers)} papers, extractor {model or 'rules'}, CPU ms an abstract "
          f"(best of {repeat}); load average {os.getloadavg()[0]:.1f}")
    for name, seconds in best.items():
        print(f"{name:34} {1000 * seconds / len(papers):8.2f}")
    total = sum(best.values())
    print(f"{'total':34} {1000 * total / len(papers):8.2f}  ({len(papers) / total:.1f} abstracts "
          "per CPU s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="rules,scierc,scier")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--end-to-end", type=int, metavar="N",
                        help="time N pairs of whole processes instead (see above)")
    parser.add_argument("--components", action="store_true",
                        help="CPU time of each pipeline component instead (see above)")
    parser.add_argument("--model", default="scier",
                        help="the extractor --components times (default scier; rules: none)")
    args = parser.parse_args()
    if args.end_to_end:
        papers = list(deduplicate(read_papers([SAMPLE_CORPUS], lambda skip: None)))
        end_to_end(args.end_to_end, [p.text for p in papers])
        return
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    papers = list(deduplicate(read_papers([SAMPLE_CORPUS], lambda skip: None)))
    if args.components:
        components(papers, None if args.model == "rules" else args.model, args.repeat)
        return
    texts = [p.text for p in papers]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(papers)} papers, {words} words, one core "
          f"(CPU {sorted(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'})")

    bare = spacy.load(BASE_MODEL)
    bare_rate, bare_cpu = best_rate(lambda: list(bare.pipe(texts, batch_size=32)), len(texts),
                                    args.repeat)
    rows = [("bare en_core_web_sm parse", bare_rate, bare_cpu)]
    base = load_base_model()
    rows.append(("  the same without NER",
                 *best_rate(lambda: list(base.pipe(texts, batch_size=32)), len(texts),
                            args.repeat)))
    for name in args.models.split(","):
        model = None if name == "rules" else name
        load_pipeline(model)
        rate, cpu = best_rate(lambda m=model: list(extract(papers, jobs=1, model=m)),
                              len(papers), args.repeat)
        rows.append((f"kg pipeline, {name}", rate, cpu))
    print(f"{'':34} {'abstracts/s':>12} {'vs bare':>8} {'per CPU s':>10} {'vs bare':>8}")
    for label, rate, cpu in rows:
        print(f"{label:34} {rate:12.1f} {rate / bare_rate:8.2f} {cpu:10.1f} {cpu / bare_cpu:8.2f}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()

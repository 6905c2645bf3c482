"""Benchmark `kg build` at growing corpus sizes: speed, peak memory and store size.

For each size, makes a corpus (scripts/make_corpus.py), runs ``kg build FILE --store TMP --jobs 1``
in a fresh process and reports extraction abstracts/s, total seconds, peak RSS of the main
process and of its worker processes (separately, from /proc VmHWM), and the store's size on disk.
In the same run, a bare spaCy parse of the same title+abstract texts (the base model as kg loads
it, without NER; load plus ``nlp.pipe``, one process, like kg's extract stage) gives the ratio
extraction/bare. On the ``--jobs-compare`` size, ``--jobs 2`` is run too for the speed-up.
Each build's CPU seconds (its workers' included) against the bare parse's CPU seconds for as
many papers give a second ratio that a shared, busy machine disturbs less than the wall clock.

    .venv/bin/python scripts/bench_build.py [--sizes 1000,10000,100000] [--jobs-compare 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

SCRIPTS = Path(__file__).resolve().parent
sys.path[:0] = [str(SCRIPTS.parent), str(SCRIPTS)]

from make_corpus import generate  # noqa: E402

from kg.extract.pipeline import BASE_MODEL  # noqa: E402
from kg.graph import TEXT_SEPARATOR  # noqa: E402

KG = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
POLL_SECONDS = 0.1
_RATE = re.compile(r"Extracted (\d+) papers in ([\d.]+) s \(([\d.]+) abstracts/s")
MB = 1024 * 1024


@dataclass
class Run:
    """One `kg build` process: what it printed, how long it took, its memory high-water marks."""

    command: list[str]
    seconds: float = 0.0
    output: str = ""
    main_peak: int = 0  # bytes
    worker_peaks: dict[int, int] = field(default_factory=dict)  # pid -> bytes
    extracted: int = 0
    extract_rate: float = 0.0  # abstracts/s as the build reports it
    cpu: float = 0.0  # user + system seconds of the process and its workers

    @property
    def rate(self) -> float:
        """Extraction abstracts/s as printed, else papers over the whole run's seconds."""
        return self.extract_rate or self.extracted / self.seconds

    @property
    def worker_peak(self) -> int:
        return max(self.worker_peaks.values(), default=0)


def high_water_mark(pid: int) -> int:
    """Peak resident set size of a live process (VmHWM), in bytes; 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


def measure(command: list[str], workdir: Path) -> Run:
    """Run ``command``, polling the high-water marks of it and its descendants until it exits."""
    run = Run(command)
    out, err = workdir / "stdout.txt", workdir / "stderr.txt"
    started = time.perf_counter()
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
    me = psutil.Process(process.pid)
    while True:
        run.main_peak = max(run.main_peak, high_water_mark(process.pid))
        try:
            for child in me.children(recursive=True):
                if "resource_tracker" not in " ".join(child.cmdline()):
                    peak = max(run.worker_peaks.get(child.pid, 0), high_water_mark(child.pid))
                    run.worker_peaks[child.pid] = peak
        except psutil.Error:
            pass
        # wait4 leaves /proc/PID readable until the process is reaped, which is here.
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(POLL_SECONDS)
    run.seconds = time.perf_counter() - started
    run.cpu = usage.ru_utime + usage.ru_stime  # wait4: the child's and its reaped children's
    process.returncode = os.waitstatus_to_exitcode(status)
    if not run.worker_peaks:  # no workers: the child's own peak, exactly
        run.main_peak = max(run.main_peak, usage.ru_maxrss * 1024)
    run.output = out.read_text()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n"
                         + err.read_text()[-3000:])
    if found := _RATE.search(run.output):
        run.extracted, run.extract_rate = int(found.group(1)), float(found.group(3))
    return run


def disk_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def bare_parse(corpus: Path, limit: int) -> tuple[float, float]:
    """Abstracts/s of the base spaCy model alone over the corpus's first ``limit`` texts (run
    in this process), per wall second and per CPU second: rates per abstract, so a sample of
    a big corpus measures them as well."""
    import itertools

    import spacy

    with corpus.open(encoding="utf-8") as lines:
        texts = [f"{p['title']}{TEXT_SEPARATOR}{p['abstract']}"
                 for p in map(json.loads, itertools.islice(lines, limit))]
    started, cpu_started = time.perf_counter(), time.process_time()
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    return (len(texts) / (time.perf_counter() - started),
            len(texts) / (time.process_time() - cpu_started))


def build_run(corpus: Path, workdir: Path, jobs: int, model: str | None) -> tuple[Run, int]:
    store = workdir / f"store-{corpus.stem}-j{jobs}"
    shutil.rmtree(store, ignore_errors=True)
    command = [KG, "build", str(corpus), "--store", str(store), "--jobs", str(jobs)]
    run = measure(command + (["--model", model] if model else []), workdir)
    size = disk_size(store)
    shutil.rmtree(store, ignore_errors=True)
    return run, size


def make(size: int, workdir: Path, seed: int) -> Path:
    corpus = workdir / f"corpus-{size}.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for paper in generate(size, seed):
            out.write(json.dumps(paper, ensure_ascii=False) + "\n")
    return corpus


def row(cells: list[object], widths: list[int]) -> str:
    return "  ".join(str(c).rjust(w) for c, w in zip(cells, widths, strict=True))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="corpus sizes, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--jobs-compare", type=int, default=1000,
                        help="size on which --jobs 1 and --jobs 2 are compared (0: skip)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="--jobs of the builds at each size (default 1)")
    parser.add_argument("--model", help="kg build --model (default: kg's default extractor)")
    parser.add_argument("--bare-sample", type=int, default=10000,
                        help="bare parse on at most this many of a corpus's texts "
                             "(default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--workdir", type=Path, help="keep corpora here (default: a temp dir)")
    parser.add_argument("--bare", type=Path, help=argparse.SUPPRESS)  # internal: one bare run
    args = parser.parse_args(argv)
    if args.bare:
        rate, cpu_rate = bare_parse(args.bare, args.bare_sample)
        print(json.dumps({"rate": rate, "cpu_rate": cpu_rate}))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        bench(sizes, args.jobs_compare, args.seed, workdir, args.jobs, args.model,
              args.bare_sample)


def bench(sizes: list[int], jobs_compare: int, seed: int, workdir: Path, jobs: int = 1,
          model: str | None = None, bare_sample: int = 10000) -> None:
    print(f"kg build benchmark: {os.cpu_count()} CPUs, corpus seed {seed}, {BASE_MODEL}, "
          f"extractor {model or 'default'}", flush=True)
    header = ["papers", "jobs", "extract/s", "bare/s", "ratio", "total s", "main MB",
              "workers MB", "store MB", "CPU s", "bare CPU s", "CPU ratio"]
    widths = [7, 4, 9, 7, 5, 8, 7, 13, 8, 7, 10, 9]
    lines = [row(header, widths)]
    jobs1: dict[int, Run] = {}
    default_jobs = jobs
    speedup = ""
    for size in sorted(set(sizes) | ({jobs_compare} if jobs_compare else set())):
        corpus = make(size, workdir, seed)
        rates = json.loads(subprocess.run(
            [sys.executable, __file__, "--bare", str(corpus), "--bare-sample", str(bare_sample)],
            check=True, capture_output=True, text=True).stdout)
        bare, bare_cpu = rates["rate"], size / rates["cpu_rate"]
        for jobs in sorted({1, 2, default_jobs}) if size == jobs_compare else (default_jobs,):
            run, store_size = build_run(corpus, workdir, jobs, model)
            if jobs == 1:
                jobs1[size] = run
            run.extracted = run.extracted or size
            rate = run.rate
            workers = (f"{len(run.worker_peaks)} x {run.worker_peak / MB:.0f}"
                       if run.worker_peaks else "-")
            ratio = rate / (bare * jobs)
            lines.append(row([size, jobs, f"{rate:.1f}", f"{bare:.1f}", f"{ratio:.2f}",
                              f"{run.seconds:.1f}", f"{run.main_peak / MB:.0f}", workers,
                              f"{store_size / MB:.1f}", f"{run.cpu:.1f}", f"{bare_cpu:.1f}",
                              f"{run.cpu / bare_cpu:.2f}"], widths))
            print(lines[-1], flush=True)
            if jobs == 2 and size == jobs_compare:
                one = jobs1[size]
                speedup = (f"--jobs 2 vs --jobs 1 on {size} papers: extraction "
                           f"{run.rate / one.rate:.2f}x, "
                           f"total {one.seconds / run.seconds:.2f}x")
        corpus.unlink()
    print("\n" + "\n".join(lines))
    if speedup:
        print(speedup)
    print("extract/s: the build's extraction stage (pipeline load included); bare/s: "
          f"{BASE_MODEL} without NER, load + nlp.pipe, one process, at most {bare_sample} "
          "texts; ratio = extract/bare (per job).\n"
          "main/workers MB: peak RSS (VmHWM) of the kg process and of each worker process.\n"
          "CPU s: the whole build's CPU seconds (workers included); bare CPU s: the bare "
          "parse's CPU seconds per text times the papers; CPU ratio = CPU s / bare CPU s.\n"
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()

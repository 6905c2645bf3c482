"""Benchmark loading a graph into a real Neo4j: over Bolt (kg's Neo4j store), against the embedded
store and against Neo4j's own importer (``neo4j-admin database import full`` of ``kg export
csv``), in the same run on the same machine.

For each size (``sample``: the bundled corpus; a number: that many papers from
scripts/make_corpus.py), the graph is built once into an embedded store (not timed), then:

- embedded (LadybugDB): a first load into a new store, and the same write again;
- Neo4j over Bolt: a first load into an empty database, and a no-change re-run (kg reads the
  keys and ``kg_hash``es and sends nothing);
- neo4j-admin: ``kg export csv`` (timed apart) and the import of those files into a new
  database, as one process (its JVM start included);

and prints seconds, rows/s (nodes + relationships) and each rate as a ratio of the importer's.
The Neo4j server is the tests' (tests/neo4j_server.py: the pinned release from Maven Central);
its start time is printed too.

    .venv/bin/python scripts/bench_neo4j.py [--sizes sample,10000] [--batch-size 10000] \
        [--workers 1] [--model rules --jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path[:0] = [str(ROOT), str(SCRIPTS), str(ROOT / "tests")]

from bench_store import rows, timed  # noqa: E402
from make_corpus import generate  # noqa: E402
from neo4j_server import Neo4jServer, available, neo4j_admin, neo4j_version  # noqa: E402

from kg.build import build  # noqa: E402
from kg.data import SAMPLE_CORPUS  # noqa: E402
from kg.export.neo4j_csv import export_csv  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.store import EmbeddedStore, open_store  # noqa: E402
from kg.store.neo4j import BATCH_SIZE, TRANSACTION_ROWS, WORKERS, Neo4jStore  # noqa: E402

_IMPORT_DONE = re.compile(r"IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms")


@dataclass
class Line:
    what: str
    seconds: float
    rows: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else float("inf")


def make_graph(size: str, work: Path, model: str | None, jobs: int) -> KnowledgeGraph:
    """The graph of the sample corpus, or of ``size`` generated papers, from an embedded build
    in ``work`` (incremental: a build already there extracts nothing again)."""
    work.mkdir(parents=True, exist_ok=True)
    if size == "sample":
        sources = [SAMPLE_CORPUS]
    else:
        corpus = work / f"corpus-{size}.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for paper in generate(int(size), 0):
                out.write(json.dumps(paper, ensure_ascii=False) + "\n")
        sources = [corpus]
    started = time.perf_counter()
    kwargs = {} if model is None else {"model": None if model == "rules" else model}
    build(sources, work / "built", jobs=jobs, **kwargs)
    print(f"  (built {size} into an embedded store in {time.perf_counter() - started:.0f} s)",
          flush=True)
    return open_store(work / "built").read_graph()


def bench_size(size: str, server: Neo4jServer, work: Path, args: argparse.Namespace) -> None:
    builds = work if args.builds is None else args.builds / f"{size}-{args.model or 'default'}"
    graph = make_graph(size, builds, args.model, args.jobs)
    n = rows(graph)
    print(f"\n{size}: {len(graph)} nodes + {graph.nx.number_of_edges()} relationships "
          f"= {n} rows", flush=True)
    lines: list[Line] = []

    embedded = EmbeddedStore(work / "embedded", create=True)
    lines.append(Line("embedded: first load", timed(lambda: embedded.write(graph)), n))
    lines.append(Line("embedded: same write again", timed(lambda: embedded.write(graph)),
                      n))
    embedded.close()

    server.clear()
    with Neo4jStore(server.uri, server.user, server.password, server.database,
                    batch_size=args.batch_size, transaction_rows=args.transaction_rows,
                    workers=args.workers) as store:
        store.ensure_schema()
        lines.append(Line("Neo4j Bolt: first load", timed(lambda: store.write(graph)), n))
        first_plan = store.last_plan
        lines.append(Line("Neo4j Bolt: no-change re-run",
                          timed(lambda: store.write(graph)), n))
        assert store.last_plan is not None and not store.last_plan.steps

    csv_dir = work / "csv"
    export = None

    def do_export() -> None:
        nonlocal export
        export = export_csv(graph, csv_dir)

    lines.append(Line("kg export csv", timed(do_export), n))
    command = shlex.split(export.command.replace("\\\n", " "))
    result = None

    def do_import() -> None:
        nonlocal result
        result = neo4j_admin(work / "import-home", *command[1:], cwd=csv_dir, heap=args.heap)

    lines.append(Line("neo4j-admin import (process)", timed(do_import), n))
    found = _IMPORT_DONE.search(result.stdout + result.stderr)
    if found:
        minutes, seconds, ms = (int(g or 0) for g in found.groups())
        lines.append(Line("neo4j-admin import (its own)", minutes * 60 + seconds + ms / 1000, n))
    importer = lines[-1].rate if found else lines[-2].rate

    print(f"  {'':34} {'seconds':>9} {'rows/s':>10} {'x importer':>11}")
    for line in lines:
        print(f"  {line.what:34} {line.seconds:9.2f} {line.rate:10.0f} "
              f"{line.rate / importer:11.2f}")
    bolt = next(line for line in lines if line.what == "Neo4j Bolt: first load")
    how = ("one transaction" if first_plan.rows <= args.transaction_rows
           else "auto-commit CREATEs IN TRANSACTIONS")
    print(f"  Bolt first load / importer: {bolt.rate / importer:.0%} "
          f"(plan: {first_plan.rows} rows, batches of {args.batch_size}, {how}"
          f", {args.workers} worker(s)); load average {_load()}", flush=True)


def _packer() -> str:
    """Which packing the driver uses: its Rust extension (neo4j-rust-ext) or pure Python."""
    from neo4j._codec.packstream import v1

    return "Rust (neo4j-rust-ext)" if getattr(v1, "_rust_pack", None) else "pure Python"


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="sample",
                        help="comma-separated: sample and/or numbers of generated papers")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--transaction-rows", type=int, default=TRANSACTION_ROWS)
    parser.add_argument("--workers", type=int, default=WORKERS,
                        help="sessions writing a big plan's batches at once")
    parser.add_argument("--model", help="extractor for the build (default: kg's; `rules` for "
                        "the rule components alone, much faster on large sizes)")
    parser.add_argument("--jobs", type=int, default=1, help="extraction processes")
    parser.add_argument("--builds", type=Path, help="keep the embedded builds (not timed) in "
                        "this folder, for a later run with the same sizes and model to reuse")
    parser.add_argument("--heap", default="1g", help="JVM heap of the server and the importer")
    args = parser.parse_args()
    reason = available()
    if reason:
        sys.exit(f"cannot start Neo4j: {reason}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        server = Neo4jServer(tmp_path / "server", heap=args.heap)
        with server:
            print(f"Neo4j {neo4j_version()} (Community, Maven Central) started in "
                  f"{server.start_seconds:.1f} s on {server.uri}; load average {_load()}; "
                  f"the driver packs with {_packer()}", flush=True)
            for size in args.sizes.split(","):
                work = tmp_path / f"size-{size}"
                work.mkdir()
                bench_size(size.strip(), server, work, args)


if __name__ == "__main__":
    main()

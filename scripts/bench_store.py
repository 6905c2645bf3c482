"""Benchmark loading the sample graph: the embedded store vs the Neo4j store over Bolt, same run.

The Neo4j store talks to a real Neo4j Community server started here on 127.0.0.1 (the tests'
launcher, tests/neo4j_server.py) through the official driver, or to the server of ``--neo4j URI``
(credentials from NEO4J_USER / NEO4J_PASSWORD; its kg graph is replaced). For first loads against
neo4j-admin's importer at 10k papers, see scripts/bench_neo4j.py. Prints rows/s for a
first load, a no-op rewrite, an update (40 papers retracted, one concept renamed), a clear and a
reload, and the batch plan the Neo4j store sends for the first load.

    .venv/bin/python scripts/bench_store.py [--batch-size 2000] [--store kg-store]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from neo4j_server import Neo4jServer, available  # noqa: E402
from test_store_neo4j import smaller  # noqa: E402

from kg.build import build  # noqa: E402
from kg.data import SAMPLE_CORPUS  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.store import EmbeddedStore, open_store  # noqa: E402
from kg.store.neo4j import BATCH_SIZE, Neo4jStore  # noqa: E402


def rows(graph: KnowledgeGraph) -> int:
    return len(graph) + graph.nx.number_of_edges()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def report(name: str, what: str, seconds: float, count: int) -> None:
    print(f"  {name:26} {what:34} {seconds:7.2f} s  {count / seconds:9.0f} rows/s")


def bench_neo4j(store: Neo4jStore, graph: KnowledgeGraph, name: str) -> None:
    update = smaller(graph)
    store.write(KnowledgeGraph())  # start empty
    report(name, "first load", timed(lambda: store.write(graph)), rows(graph))
    plan = store.last_plan
    report(name, "rewrite, nothing changed", timed(lambda: store.write(graph)), rows(graph))
    seconds = timed(lambda: store.write(update))
    sent = store.last_plan.rows
    report(name, f"update ({sent} rows sent)", seconds, rows(update))
    report(name, "read_graph", timed(store.read_graph), rows(graph))
    seconds = timed(lambda: store.write(KnowledgeGraph()))
    report(name, "clear (delete everything)", seconds, rows(update))
    report(name, "reload", timed(lambda: store.write(graph)), rows(graph))
    print(f"\nBatch plan of the first load ({store.batch_size} rows per statement, "
          f"{'one transaction' if plan.rows <= store.transaction_rows else 'batch by batch'}):")
    for line in plan.describe(store.batch_size):
        print(f"  {line}")
    print("  statements, e.g.:")
    for step in (plan.steps[0], plan.steps[-1]):
        print(f"    {step.statement}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--store", type=Path, help="read the graph from this embedded store "
                        "instead of building the sample corpus")
    parser.add_argument("--neo4j", metavar="URI", help="also bench this Neo4j server "
                        "(its kg graph is replaced)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if args.store:
            graph = open_store(args.store).read_graph()
        else:
            print("Building the sample corpus ...", flush=True)
            build([SAMPLE_CORPUS], tmp_path / "sample")
            graph = open_store(tmp_path / "sample").read_graph()
        print(f"Graph: {len(graph)} nodes, {graph.nx.number_of_edges()} relationships "
              f"= {rows(graph)} rows\n")

        embedded = EmbeddedStore(tmp_path / "embedded", create=True)
        report("embedded (LadybugDB)", "first load (fresh database)",
               timed(lambda: embedded.write(graph)), rows(graph))
        report("embedded (LadybugDB)", "rewrite (fresh database again)",
               timed(lambda: embedded.write(graph)), rows(graph))
        report("embedded (LadybugDB)", "read_graph", timed(embedded.read_graph), rows(graph))

        reason = available()
        if reason:
            print(f"\nNeo4j (local) skipped: {reason}")
        elif not args.neo4j:
            with Neo4jServer(tmp_path / "neo4j") as server, Neo4jStore(
                    server.uri, server.user, server.password, server.database,
                    batch_size=args.batch_size) as store:
                print()
                bench_neo4j(store, graph, "Neo4jStore -> Neo4j")
                print(f"  server: {store.server}")
        if args.neo4j:
            with Neo4jStore(args.neo4j, os.environ.get("NEO4J_USER", "neo4j"),
                            os.environ.get("NEO4J_PASSWORD"), os.environ.get("NEO4J_DATABASE"),
                            batch_size=args.batch_size) as store:
                print()
                bench_neo4j(store, graph, "Neo4jStore -> Neo4j")
                print(f"  server: {store.server}")


if __name__ == "__main__":
    main()

"""Every kg command a user runs against a server, on a real Neo4j (the ``neo4j_server`` fixture),
and the same graph on both stores: the sample built into the embedded store and into Neo4j.

The sample's extraction records are copied from the session's embedded build into the Neo4j
work folder, so ``kg build --sample --store bolt://...`` links and writes without extracting the
325 papers a second time (the records are reused as they would be for any unchanged paper).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from click.testing import CliRunner, Result
from neo4j_server import Neo4jServer
from test_readme import example_queries
from test_store_neo4j import edges, nodes, nonzero

from kg.build import BuildReport, build
from kg.cli import main
from kg.data import SAMPLE_CORPUS
from kg.graph import KnowledgeGraph
from kg.store import EmbeddedStore
from kg.store.neo4j import Neo4jStore

NEW_PAPERS = [
    {"id": "kgtest-n1", "title": "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
     "abstract": "We propose Mamba, a selective state space model for language modeling. Mamba "
                 "outperforms Transformers on the Pile benchmark in terms of perplexity."},
    {"id": "kgtest-n2", "title": "Hiformer: Heterogeneous Feature Interactions Learning",
     "abstract": "We propose Hiformer for recommender systems. Hiformer is evaluated on the "
                 "Criteo dataset and improves AUC over DCN."},
]


#: The commands that read or write the extraction records, and so take --work.
RECORD_COMMANDS = {"build", "remove", "check"}


@dataclass
class OnNeo4j:
    """The sample built into the Neo4j server with the CLI."""

    server: Neo4jServer
    options: list[str]
    work: Path
    build_output: str

    def kg(self, *args: str, code: int = 0) -> Result:
        """``kg ARGS`` on the server; the commands that keep extraction records get --work."""
        work = ["--work", str(self.work)] if args[0] in RECORD_COMMANDS else []
        result = CliRunner().invoke(main, [*args, *self.options, *work])
        assert result.exit_code == code, (args, result.output)
        return result

    def store(self) -> Neo4jStore:
        return Neo4jStore(self.server.uri, self.server.user, self.server.password,
                          self.server.database)


@pytest.fixture(scope="module")
def on_neo4j(neo4j_server: Neo4jServer, sample_build: tuple[EmbeddedStore, BuildReport],
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[OnNeo4j]:
    neo4j_server.clear()
    work = tmp_path_factory.mktemp("neo4j-work")
    shutil.copytree(sample_build[0].path / "records", work / "records")
    options = ["--store", neo4j_server.uri, "--user", neo4j_server.user,
               "--password", neo4j_server.password, "--database", neo4j_server.database]
    result = CliRunner().invoke(main, ["build", "--sample", *options, "--work", str(work)])
    assert result.exit_code == 0, result.output
    yield OnNeo4j(neo4j_server, options, work, result.output)
    neo4j_server.clear()


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def test_build_sample_into_neo4j(on_neo4j: OnNeo4j, sample_store: EmbeddedStore) -> None:
    assert "(Neo4j)" in on_neo4j.build_output
    assert "325 unchanged papers reused" in on_neo4j.build_output  # the copied records
    stats = json.loads(on_neo4j.kg("stats", "--json").output)
    assert nonzero(stats) == nonzero(sample_store.stats())
    assert "Paper" in on_neo4j.kg("stats").output


def test_same_graph_on_both_stores(on_neo4j: OnNeo4j, sample_store: EmbeddedStore,
                                   sample_graph: KnowledgeGraph) -> None:
    """Counts per label and type, every node with its properties, every relationship with its
    support, confidence and evidence."""
    with on_neo4j.store() as store:
        assert nonzero(store.stats()) == nonzero(sample_store.stats())
        back = store.read_graph()
    assert nodes(back) == nodes(sample_graph)
    assert edges(back) == edges(sample_graph)


def readme_queries() -> list:
    queries = example_queries()
    assert len(queries) >= 5
    return [pytest.param(args, id=f"readme-query-{i}") for i, args in enumerate(queries, 1)]


@pytest.mark.parametrize("args", readme_queries())
def test_readme_query_same_rows_on_both_stores(args: list[str], on_neo4j: OnNeo4j,
                                               sample_store: EmbeddedStore) -> None:
    assert args[0] == "query"
    on_server, embedded = both(on_neo4j, sample_store, args)
    assert on_server, args
    if on_server == embedded:
        return
    # Rows without an ORDER BY, or tied on its keys, may come in any order, so a LIMIT may
    # keep different ones: then the same rows must come back without the LIMIT, and as many
    limited = re.fullmatch(r"(?s)(.*?)\s+LIMIT\s+\d+\s*", args[1])
    assert limited, (args, on_server, embedded)
    full = both(on_neo4j, sample_store, [args[0], limited.group(1), *args[2:]])
    assert sorted(map(json.dumps, full[0])) == sorted(map(json.dumps, full[1])), args
    assert len(on_server) == len(embedded), args
    assert all(row in full[0] for row in on_server + embedded), args


def both(on_neo4j: OnNeo4j, sample_store: EmbeddedStore, args: list[str]) -> tuple[list, list]:
    """A query's JSON rows from Neo4j and from the embedded store."""
    on_server = json.loads(on_neo4j.kg(*args, "-f", "json").output)
    embedded = CliRunner().invoke(main, [*args, "-f", "json", "--store", str(sample_store.path)])
    assert embedded.exit_code == 0, (args, embedded.output)
    return on_server, json.loads(embedded.output)


def test_same_build_twice_writes_nothing(on_neo4j: OnNeo4j) -> None:
    output = on_neo4j.kg("build", "--sample").output
    assert "325 unchanged papers reused" in output
    with on_neo4j.store() as store:
        ids = store.query("MATCH (n) RETURN elementId(n) AS id, n.kg_hash AS hash "
                          "ORDER BY id").rows
        report = build([SAMPLE_CORPUS], store, records=on_neo4j.work / "records")
        plan = store.last_plan
        assert report.extracted == 0 and plan is not None
        assert plan.steps == [] and plan.rows == 0  # every kg_hash matched: no statement sent
        assert plan.unchanged == sum(report.stats["nodes"].values()) + sum(
            report.stats["relationships"].values())
        assert store.query("MATCH (n) RETURN elementId(n) AS id, n.kg_hash AS hash "
                           "ORDER BY id").rows == ids


def test_incremental_build_then_remove(on_neo4j: OnNeo4j, sample_graph: KnowledgeGraph,
                                       tmp_path: Path) -> None:
    source = tmp_path / "more.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in NEW_PAPERS), encoding="utf-8")
    output = on_neo4j.kg("build", "--sample", str(source)).output
    assert "Extracting 2 papers" in output  # the sample's 325 are reused
    count = "MATCH (p:Paper) RETURN count(p) AS n"
    assert json.loads(on_neo4j.kg("query", count, "-f", "json").output) == [{"n": 327}]
    proposed = ("MATCH (p:Paper {id: $id})-[:PROPOSES]->(m:Method) RETURN m.name AS name")
    rows = json.loads(on_neo4j.kg("query", proposed, "-p", "id=kgtest-n1", "-f", "json").output)
    assert {"name": "Mamba"} in rows
    removed = on_neo4j.kg("remove", "kgtest-n1", "kgtest-n2").output
    assert "Removed 2 paper" in removed
    with on_neo4j.store() as store:
        back = store.read_graph()
    assert nodes(back) == nodes(sample_graph)  # back to the sample graph exactly
    assert edges(back) == edges(sample_graph)


def test_query_is_read_only_unless_write(on_neo4j: OnNeo4j) -> None:
    sneaky = "CREATE (n:Method {key: $key, name: $key}) RETURN n.key AS key"
    refused = on_neo4j.kg("query", sneaky, "-p", "key=method:sneaky", code=1)
    assert "--write" in refused.output
    count = "MATCH (n:Method {key: $key}) RETURN count(n) AS n"
    assert json.loads(on_neo4j.kg("query", count, "-p", "key=method:sneaky",
                                  "-f", "json").output) == [{"n": 0}]
    on_neo4j.kg("query", sneaky, "-p", "key=method:sneaky", "--write")
    assert json.loads(on_neo4j.kg("query", count, "-p", "key=method:sneaky",
                                  "-f", "json").output) == [{"n": 1}]
    on_neo4j.kg("query", "MATCH (n:Method {key: $key}) DELETE n", "-p", "key=method:sneaky",
                "--write")
    assert json.loads(on_neo4j.kg("query", count, "-p", "key=method:sneaky",
                                  "-f", "json").output) == [{"n": 0}]


def test_exports_read_from_neo4j(on_neo4j: OnNeo4j, sample_store: EmbeddedStore,
                                 tmp_path: Path) -> None:
    """html, rdf and csv from the server; rdf and csv equal the embedded store's exports."""
    assert nonzero(json.loads(on_neo4j.kg("stats", "--json").output)) == \
        nonzero(sample_store.stats())  # the sample graph, as the tests before left it
    on_neo4j.kg("export", "html", "-o", str(tmp_path / "kg.html"))
    page = (tmp_path / "kg.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and len(page) > 100_000
    embedded = ["--store", str(sample_store.path)]

    def export(*args: str, from_embedded: bool = False) -> None:
        if from_embedded:
            result = CliRunner().invoke(main, ["export", *args, *embedded])
            assert result.exit_code == 0, result.output
        else:
            on_neo4j.kg("export", *args)

    export("rdf", "-o", str(tmp_path / "neo4j.ttl"))
    export("rdf", "-o", str(tmp_path / "embedded.ttl"), from_embedded=True)
    from_server = rdflib.Graph().parse(tmp_path / "neo4j.ttl")
    assert len(from_server) > 1000
    assert rdflib.compare.isomorphic(from_server,
                                     rdflib.Graph().parse(tmp_path / "embedded.ttl"))
    export("csv", "-o", str(tmp_path / "neo4j-csv"))
    export("csv", "-o", str(tmp_path / "embedded-csv"), from_embedded=True)
    written = sorted(p.relative_to(tmp_path / "neo4j-csv")
                     for p in (tmp_path / "neo4j-csv").rglob("*.csv"))
    assert written and written == sorted(p.relative_to(tmp_path / "embedded-csv")
                                         for p in (tmp_path / "embedded-csv").rglob("*.csv"))
    for name in written:  # the same header and rows (rows come in each store's read order)
        on_server, embedded = (read_csv(tmp_path / folder / name)
                               for folder in ("neo4j-csv", "embedded-csv"))
        assert on_server[0] == embedded[0] and sorted(on_server[1]) == sorted(embedded[1]), name
    assert (tmp_path / "neo4j-csv" / "README.md").read_text("utf-8") == \
        (tmp_path / "embedded-csv" / "README.md").read_text("utf-8")

"""Bulk import for real: ``kg export csv`` files loaded by Neo4j's own importer (``neo4j-admin
database import full``, Neo4j's AdminTool from the launcher's Maven artifacts, run as the
export's README prints it) into a fresh database that a second Neo4j server then serves; the
imported graph equals the one the Neo4j store loads over Bolt."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from neo4j_server import Neo4jServer, neo4j_admin

from kg.export.neo4j_csv import CONSTRAINTS, export_csv
from kg.graph import KnowledgeGraph
from kg.store.neo4j import HASH, Neo4jStore


def graph_of(server: Neo4jServer) -> dict[str, Any]:
    """Every node and relationship with all its stored properties, as comparable data."""
    def plain(props: dict[str, Any]) -> tuple:
        # neo4j-admin stores no empty arrays: a missing array is kg's empty one (see
        # kg.export.neo4j_csv), so empty lists are left out of the comparison
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                            for k, v in props.items() if v != []))

    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        nodes, _, _ = driver.execute_query(
            "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props",
            database_=server.database)
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN a.key AS a, a.id AS ap, type(r) AS type, b.key AS b, "
            "properties(r) AS props", database_=server.database)
    return {"nodes": sorted((tuple(sorted(r["labels"])), plain(r["props"])) for r in nodes),
            "relationships": sorted((r["a"] or r["ap"], r["type"], r["b"], plain(r["props"]))
                                    for r in rels)}


@pytest.fixture(scope="module")
def imported(sample_graph: KnowledgeGraph,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """The sample graph exported as CSV, imported with neo4j-admin, served by a new server."""
    root = tmp_path_factory.mktemp("neo4j-import")
    export = export_csv(sample_graph, root / "csv")
    command = shlex.split(export.command.replace("\\\n", " "))
    assert command[:4] == ["neo4j-admin", "database", "import", "full"]
    done = neo4j_admin(root / "home", *command[1:], cwd=root / "csv")
    assert "IMPORT DONE" in done.stdout + done.stderr
    with Neo4jServer(root / "home") as server:
        # then, as the export's README says: the constraints and the full-text index
        text = (root / "csv" / CONSTRAINTS).read_text(encoding="utf-8")
        statements = [s.strip() for s in "\n".join(
            line for line in text.splitlines() if not line.startswith("//")).split(";")]
        with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            for statement in filter(None, statements):
                driver.execute_query(statement, database_=server.database)
        yield server


def test_imported_graph_equals_the_bolt_loaded_one(imported: Neo4jServer,
                                                   neo4j_empty: Neo4jServer,
                                                   sample_graph: KnowledgeGraph,
                                                   tmp_path: Path) -> None:
    with Neo4jStore(neo4j_empty.uri, neo4j_empty.user, neo4j_empty.password,
                    neo4j_empty.database) as bolt:
        bolt.write(sample_graph)
    on_bolt, on_import = graph_of(neo4j_empty), graph_of(imported)
    assert len(on_import["nodes"]) == len(sample_graph)
    assert len(on_import["relationships"]) == sample_graph.nx.number_of_edges()
    assert on_import == on_bolt  # every property, kg_hash included, of every node and edge
    with Neo4jStore(imported.uri, imported.user, imported.password, imported.database) as store:
        back = store.read_graph()
        assert dict(back.nx.nodes(data="obj")) == dict(sample_graph.nx.nodes(data="obj"))
        assert {(a, b, k): o for a, b, k, o in back.nx.edges(keys=True, data="obj")} == \
            {(a, b, k): o for a, b, k, o in sample_graph.nx.edges(keys=True, data="obj")}
        store.write(sample_graph)  # a build against the imported database
        assert store.last_plan is not None and store.last_plan.steps == []  # sends nothing
        assert store.fulltext is True


def test_imported_rows_carry_kg_hash(imported: Neo4jServer) -> None:
    with neo4j.GraphDatabase.driver(imported.uri, auth=imported.auth) as driver:
        records, _, _ = driver.execute_query(
            f"MATCH (n) WHERE n.{HASH} IS NULL RETURN count(n) AS n", database_=imported.database)
    assert records[0]["n"] == 0

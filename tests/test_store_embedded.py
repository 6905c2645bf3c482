"""The embedded store: a real LadybugDB database on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.graph import KnowledgeGraph
from kg.store import EmbeddedStore, StoreError, open_store
from kg.store.embedded import MANIFEST, schema_ddl


def same_graph(a: KnowledgeGraph, b: KnowledgeGraph) -> None:
    assert sorted(a.nx.nodes) == sorted(b.nx.nodes)
    for node in a.nx.nodes:
        assert a.node(node) == b.node(node)
    key = lambda e: (e.type, e.source, e.target)  # noqa: E731
    assert sorted(a.edges(), key=key) == sorted(b.edges(), key=key)


def test_graph_round_trips_through_the_store(sample_store: EmbeddedStore,
                                             sample_graph: KnowledgeGraph,
                                             tmp_path: Path) -> None:
    other = EmbeddedStore(tmp_path / "other", create=True)
    other.write_graph(sample_graph)
    same_graph(other.read_graph(), sample_graph)
    assert other.stats() == sample_store.stats()


def test_writing_twice_is_idempotent(sample_graph: KnowledgeGraph, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s", create=True)
    store.write_graph(sample_graph)
    first = store.stats()
    store.write_graph(sample_graph)
    assert store.stats() == first


def test_queries_are_read_only_unless_asked(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(sample_store.path, copy)
    store = open_store(copy)
    with pytest.raises(StoreError, match="--write"):
        store.query("MATCH (p:Paper) SET p.title = 'x'")
    store.query("MATCH (p:Paper {id: $id}) SET p.title = $t", {"id": "nope", "t": "x"},
                write=True)


def test_parameters_are_data_never_cypher(sample_store: EmbeddedStore) -> None:
    hostile = "x'}) MATCH (n) DETACH DELETE n //\"\\"
    rows = sample_store.query("RETURN $v AS v", {"v": hostile}).rows
    assert rows == [[hostile]]
    assert sample_store.stats()["nodes"]["Paper"] == 325


def test_errors_are_explained(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="label"):
        sample_store.query("MATCH ()-[r]->() RETURN type(r) LIMIT 1")
    with pytest.raises(StoreError, match="no kg store"):
        open_store(tmp_path / "nowhere")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "file.txt").write_text("x")
    with pytest.raises(StoreError, match="not a kg store"):
        open_store(tmp_path / "junk", create=True)
    empty = EmbeddedStore(tmp_path / "empty", create=True)
    with pytest.raises(StoreError, match="no graph yet"):
        empty.stats()
    assert json.loads((tmp_path / "empty" / MANIFEST).read_text())["format"] == 1


def test_tables_come_from_the_schema() -> None:
    ddl = "\n".join(schema_ddl())
    assert "CREATE NODE TABLE Method(key STRING" in ddl
    assert "CREATE REL TABLE USED_FOR(FROM Method TO Task" in ddl
    assert "FROM Paper TO Concept" in ddl

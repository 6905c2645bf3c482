"""Shared fixtures: the bundled sample corpus built once per test session, with the real pipeline
and the real embedded store; a real Neo4j server (tests/neo4j_server.py) for the session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j_server import Neo4jServer
from neo4j_server import available as neo4j_available

from kg.build import BuildReport, build
from kg.data import SAMPLE_CORPUS
from kg.graph import KnowledgeGraph
from kg.store import EmbeddedStore, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session", autouse=True)
def plan_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """kg query's plan cache (kg.query.plan_cache) in a folder of the session's, not the
    user's cache folder; commands run in subprocesses inherit it."""
    folder = tmp_path_factory.mktemp("plans")
    before = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("KG_CACHE_DIR", None)
    else:
        os.environ["KG_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[EmbeddedStore, BuildReport]:
    """The sample corpus built into a fresh embedded store (once per session)."""
    location = tmp_path_factory.mktemp("sample") / "kg-store"
    report = build([SAMPLE_CORPUS], location)
    return open_store(location), report


@pytest.fixture(scope="session")
def sample_store(sample_build: tuple[EmbeddedStore, BuildReport]) -> EmbeddedStore:
    """The embedded store holding the sample graph. Do not write to it: copy it first."""
    return sample_build[0]


@pytest.fixture(scope="session")
def sample_graph(sample_store: EmbeddedStore) -> KnowledgeGraph:
    """The sample graph as read back from the store."""
    return sample_store.read_graph()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A real Neo4j Community server (tests/neo4j/pom.xml's release) on 127.0.0.1, started once
    per session: ``uri``, ``user``, ``password``, ``database``, and ``clear()`` to empty it.
    Skipped, with the reason, where Java or Maven is missing; under CI=true that fails."""
    reason = neo4j_available()
    if reason:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{reason} (CI is set, so the Neo4j tests fail instead of skipping)")
        pytest.skip(reason)
    server = Neo4jServer(tmp_path_factory.mktemp("neo4j"))
    try:
        server.start()
    except RuntimeError as error:
        pytest.fail(f"could not start Neo4j: {error}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def neo4j_empty(neo4j_server: Neo4jServer) -> Neo4jServer:
    """The session's Neo4j server, emptied (no nodes, relationships, constraints or indexes)."""
    neo4j_server.clear()
    return neo4j_server

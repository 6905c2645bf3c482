"""Shared fixtures: the bundled sample corpus built once per test session, with the real pipeline
and the real embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildReport, build
from kg.data import SAMPLE_CORPUS
from kg.graph import KnowledgeGraph
from kg.store import EmbeddedStore, open_store

SHARED = Path(__file__).resolve().parents[2] / "shared"


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

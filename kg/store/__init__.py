"""Graph stores: the embedded default (a local folder) and, by URI, a Neo4j server."""

from __future__ import annotations

from pathlib import Path

from kg.store.base import GraphStore, QueryResult, StoreError
from kg.store.embedded import EmbeddedStore

__all__ = ["DEFAULT_STORE", "EmbeddedStore", "GraphStore", "QueryResult", "StoreError",
           "open_store"]

#: Where kg keeps the graph when no --store is given.
DEFAULT_STORE = "kg-store"

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def open_store(location: str | Path, *, create: bool = False) -> EmbeddedStore:
    """The store at ``location``: a folder path (embedded) or a ``bolt://``/``neo4j://`` URI."""
    if str(location).startswith(NEO4J_SCHEMES):
        raise StoreError(f"{location}: Neo4j stores are not supported by this kg version yet; "
                         "use a folder path for the embedded store")
    return EmbeddedStore(location, create=create)

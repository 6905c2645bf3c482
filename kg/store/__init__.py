"""Graph stores: the embedded default (a local folder) and, by URI, a Neo4j server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.store.base import GraphStore, QueryResult, StoreError

__all__ = ["DEFAULT_STORE", "EmbeddedStore", "GraphStore", "QueryResult", "StoreError",
           "is_server", "open_store"]

#: Where kg keeps the graph when no --store is given.
DEFAULT_STORE = "kg-store"
#: ``--store neo4j`` means the server named by $NEO4J_URI.
FROM_ENVIRONMENT = "neo4j"

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def is_server(location: str | Path) -> bool:
    """Whether a --store value names a Neo4j server rather than a folder."""
    return str(location) == FROM_ENVIRONMENT or str(location).startswith(NEO4J_SCHEMES)


def open_store(location: str | Path, *, create: bool = False, user: str | None = None,
               password: str | None = None, database: str | None = None) -> GraphStore:
    """The store at ``location``: a folder (embedded; made if missing with ``create``), a
    ``bolt://``/``neo4j://`` URI, or ``neo4j`` for $NEO4J_URI. Server credentials come from the
    arguments, else $NEO4J_USER, $NEO4J_PASSWORD and $NEO4J_DATABASE."""
    if is_server(location):
        from kg.store.neo4j import Neo4jStore

        uri = None if str(location) == FROM_ENVIRONMENT else str(location)
        return Neo4jStore.from_env(uri=uri, user=user, password=password, database=database)
    from kg.store.embedded import EmbeddedStore

    return EmbeddedStore(location, create=create)


def __getattr__(name: str) -> Any:
    """``EmbeddedStore`` loads its database engine on first use, not with this package (so that
    the modules beside it, e.g. kg.store.cypher, import no driver)."""
    if name == "EmbeddedStore":
        from kg.store.embedded import EmbeddedStore

        return EmbeddedStore
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")

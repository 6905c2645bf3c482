"""The errors of a Cypher statement kg will not run (kept apart from the parser, so that the
callers of a cached plan raise them without loading the grammar)."""

from __future__ import annotations

from kg.store.base import StoreError


class CypherError(StoreError):
    """A query kg will not run: bad syntax, not read-only, or not supported on this store."""


class Unsupported(CypherError):
    """Neo4j Cypher the embedded store does not run (the message says what to write)."""

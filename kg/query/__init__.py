"""Neo4j Cypher for every store: parse (kg.query.parse), check what a statement may do
(kg.query.readonly), translate it for the embedded store (kg.query.translate), and keep the
result between runs (kg.query.plan, which the embedded store calls; kg.query.plan_cache).
Importing this package loads neither the grammar nor ANTLR's runtime: they load on the first
statement that has to be parsed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.query.errors import CypherError, Unsupported

if TYPE_CHECKING:
    from kg.query.parse import Parsed
    from kg.query.readonly import prepare

__all__ = ["CypherError", "Parsed", "Unsupported", "prepare"]


def __getattr__(name: str) -> Any:
    """``prepare`` and ``Parsed`` load with the parser, on first use (PEP 562)."""
    if name == "prepare":
        from kg.query.readonly import prepare

        return prepare
    if name == "Parsed":
        from kg.query.parse import Parsed

        return Parsed
    raise AttributeError(f"module 'kg.query' has no attribute {name!r}")

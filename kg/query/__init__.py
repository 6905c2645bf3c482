"""Neo4j Cypher for every store: parse (kg.query.parse), check what a statement may do
(kg.query.readonly), translate it for the embedded store (kg.query.translate), and keep the
result between runs (kg.query.plan, kg.query.plan_cache). Importing this package loads neither
the grammar nor ANTLR's runtime: they load on the first statement that has to be parsed
(kg.query.plan.plan is what the embedded store calls)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.query.errors import CypherError, Unsupported
from kg.query.plan import Plan, parameters, prepare

if TYPE_CHECKING:
    from kg.query.parse import Parsed

__all__ = ["CypherError", "Parsed", "Plan", "Unsupported", "parameters", "prepare"]


def __getattr__(name: str) -> Any:
    """``Parsed`` loads with the parser, on first use (PEP 562)."""
    if name == "Parsed":
        from kg.query.parse import Parsed

        return Parsed
    raise AttributeError(f"module 'kg.query' has no attribute {name!r}")

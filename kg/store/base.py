"""What every graph store offers: load a graph, run Cypher, count, read the graph back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from kg.errors import KgError
from kg.graph import KnowledgeGraph
from kg.linker import LinkedGraph
from kg.records import RecordStore


@dataclass
class QueryResult:
    """Column names and rows (lists of plain Python values) of a Cypher query."""

    columns: list[str]
    rows: list[list[Any]]


class StoreError(KgError, RuntimeError):
    """A store cannot be opened, read or written; the message says what to do."""


class GraphStore(Protocol):
    """A place the graph lives: the embedded default or a Neo4j server."""

    location: str
    records: RecordStore  # the extraction records the graph is built from

    def write_graph(self, graph: KnowledgeGraph) -> None:
        """Make the store hold exactly ``graph`` (idempotent; all or nothing)."""

    def write_linked(self, linked: LinkedGraph) -> None:
        """Like ``write_graph``, from a linker's output (papers streamed from the records)."""

    def read_graph(self) -> KnowledgeGraph:
        """The stored graph, as the graph model."""

    def query(self, cypher: str, params: dict[str, Any] | None = None,
              write: bool = False, files: bool = False) -> QueryResult:
        """Run one Neo4j Cypher statement; writes are refused unless ``write``, file access
        (LOAD CSV) unless ``files`` too."""

    def stats(self) -> dict[str, dict[str, int]]:
        """Node counts per label and relationship counts per type."""

    def close(self) -> None:
        """Release the store."""

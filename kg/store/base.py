"""What every graph store offers: write a graph, run Cypher, count, remove papers, read it back.

A store only stores: it is fed a :class:`~kg.graph.GraphSource` (an in-memory graph, or the
linker's output that streams papers from the extraction records) and knows nothing of the
extractor, the linker or the extraction records, which kg.build keeps beside it (kg.records).

>>> with open_store("kg-store") as store:  # doctest: +SKIP
...     store.query("MATCH (p:Paper) WHERE p.year >= $year RETURN p.id", year=2024).rows
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.graph import GraphSource, KnowledgeGraph
from kg.schema import SCHEMA


@dataclass
class QueryResult:
    """Column names and rows (lists of plain Python values) of a Cypher query."""

    columns: list[str]
    rows: list[list[Any]]


class StoreError(KgError, RuntimeError):
    """A store cannot be opened, read or written; the message says what to do."""


class GraphStore(ABC):
    """A place the graph lives: the embedded default or a Neo4j server. A context manager that
    closes it."""

    #: Where the store is, as the user named it (a folder, or a server URI and database).
    location: str
    #: The local folder whose write lock (kg.store.lock) every writer of this store takes; None
    #: for a server, which orders its own transactions.
    lock_folder: Path | None = None

    @abstractmethod
    def write(self, source: GraphSource) -> None:
        """Make the store hold exactly the graph ``source`` gives (idempotent; all or nothing)."""

    @abstractmethod
    def read_graph(self) -> KnowledgeGraph:
        """The stored graph, as the graph model."""

    def query(self, cypher: str, /, params: dict[str, Any] | None = None, *,
              write: bool = False, files: bool = False, **named: Any) -> QueryResult:
        """Run one Neo4j Cypher statement with its ``$parameters`` given as ``params`` or as
        keywords (``store.query("... $id", id="a")``; a parameter named ``params``, ``write``
        or ``files`` goes in ``params``). Writes are refused unless ``write``, file access
        (LOAD CSV) unless ``files`` too."""
        return self._query(cypher, {**(params or {}), **named}, write, files)

    @abstractmethod
    def _query(self, cypher: str, params: dict[str, Any], write: bool,
               files: bool) -> QueryResult:
        """:meth:`query` with its parameters in one dict."""

    @abstractmethod
    def stats(self) -> dict[str, dict[str, int]]:
        """Node counts per label and relationship counts per type."""

    @abstractmethod
    def remove(self, paper_ids: Iterable[str]) -> list[str]:
        """Delete the Paper nodes with these ids and their relationships, in one transaction;
        the ids that were there. Concepts and the relationships between them stay as they are:
        ``kg.build.remove`` also retracts the papers' extraction records and rewrites the graph
        without what only they supported."""

    def clean_staging(self) -> None:  # noqa: B027  (most stores stage nothing)
        """Delete what a stopped write left half-made (call it holding the write lock)."""

    def close(self) -> None:  # noqa: B027  (a store that holds nothing open)
        """Release the store."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def papers_present() -> str:
    """The ids among ``$ids`` that name a Paper node (Neo4j's Cypher and LadybugDB's alike)."""
    key = SCHEMA.nodes["Paper"].key
    return f"MATCH (p:Paper) WHERE p.{key} IN $ids RETURN p.{key} AS id"


def delete_papers() -> str:
    """Delete the Paper nodes whose ids are in ``$ids``, with their relationships."""
    return f"MATCH (p:Paper) WHERE p.{SCHEMA.nodes['Paper'].key} IN $ids DETACH DELETE p"

"""The functions ``import kg`` offers: build, open a store, extract, export.

Each is the library call behind a ``kg`` command, taking plain values (paths, strings, keyword
options) so that scripts and notebooks need no other import. The doctests in the README's
"Python" section run them (tests/test_readme.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from kg.errors import KgError
from kg.store import DEFAULT_STORE, GraphStore

if TYPE_CHECKING:
    from kg.build import BuildReport, RemoveReport
    from kg.export.neo4j_csv import CsvExport
    from kg.export.rdf import RdfReport
    from kg.graph import KnowledgeGraph, Paper, PaperRecord
    from kg.records import RecordStore

    #: What the exporters read: a graph, an opened store, or a store's location.
    Exportable: TypeAlias = "KnowledgeGraph | Store | GraphStore | str | Path"

#: RDF file extensions and the format each implies.
RDF_EXTENSIONS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".jsonld": "jsonld",
                  ".json": "jsonld"}

#: A path given as a string or a Path.
Source = str | Path


class Store:
    """A graph store opened from Python (:func:`open_store`); a context manager that closes it.

    ``store.query(cypher, **params)`` returns rows as dicts, ``store.execute`` the same with
    writes allowed, ``store.stats()`` the counts, ``store.remove(ids)`` retracts papers,
    ``store.graph()`` reads the whole graph. The store underneath is ``store.store``, the
    extraction records its graph is built from ``store.records``.
    """

    def __init__(self, store: GraphStore, records: RecordStore) -> None:
        self.store = store
        self.records = records

    @property
    def location(self) -> str:
        return self.store.location

    def query(self, cypher: str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a read-only Cypher statement with ``$name`` parameters; the rows as dicts."""
        return self._run(cypher, params, write=False)

    def execute(self, cypher: str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a Cypher statement that may change the graph; the rows as dicts."""
        return self._run(cypher, params, write=True)

    def _run(self, cypher: str, params: dict[str, Any], write: bool) -> list[dict[str, Any]]:
        result = self.store.query(cypher, params, write=write)
        return [dict(zip(result.columns, row, strict=True)) for row in result.rows]

    def stats(self) -> dict[str, dict[str, int]]:
        """Node counts per label and relationship counts per type."""
        return self.store.stats()

    def remove(self, paper_ids: str | Iterable[str]) -> RemoveReport:
        """Retract papers by id, and what only they supported (as ``kg remove``)."""
        from kg.build import remove

        ids = [paper_ids] if isinstance(paper_ids, str) else list(paper_ids)
        return remove(ids, self.store, records=self.records)

    def graph(self) -> KnowledgeGraph:
        """The stored graph, as the graph model."""
        return self.store.read_graph()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<kg.Store {self.location}>"


def open_store(location: Source = DEFAULT_STORE, *, create: bool = False,
               user: str | None = None, password: str | None = None,
               database: str | None = None, records: Source | None = None) -> Store:
    """The store at ``location``: a folder (the embedded store) or a Neo4j URI (``bolt://...``,
    ``neo4j`` for $NEO4J_URI, credentials from the arguments or $NEO4J_USER / $NEO4J_PASSWORD).
    Its extraction records (which ``remove`` retracts) are in the folder ``records``, by
    default ``records/`` in the store's folder, or ``kg-work/records`` for a server. Raises
    :class:`kg.KgError` (a StoreError) when it cannot be opened."""
    from kg.records import RecordStore, records_for
    from kg.store import open_store as open_graph_store

    kept = records_for(location) if records is None else RecordStore(Path(records))
    return Store(open_graph_store(location, create=create, user=user, password=password,
                                  database=database), kept)


def build(sources: Source | Sequence[Source], store: Store | GraphStore | Source = DEFAULT_STORE,
          **options: Any) -> BuildReport:
    """Build (or extend) the graph in ``store`` from ``sources`` (files or folders), as
    ``kg build``; ``options`` are :func:`kg.build.build`'s (``records``, ``jobs``, ``dask``,
    ``model``, ``html``, ``min_confidence``: one number, or a (concepts, relationships,
    PROPOSES) triple, ...)."""
    from kg.build import build as run_build

    paths = [sources] if isinstance(sources, str | Path) else list(sources)
    if isinstance(store, Store):
        options.setdefault("records", store.records)
        store = store.store
    return run_build(paths, store, **options)


def extract(items: str | Paper | Iterable[str | Paper], **options: Any) -> list[PaperRecord]:
    """What the extractor finds in texts or papers: one record (mentions with their labels and
    offsets into the paper's text, relations) per item, in order. A text becomes a paper with
    an empty title and the text as abstract. ``options`` are the runner's (``jobs``, ``dask``,
    ``model``, ``batch_size``)."""
    from kg.extract.runner import extract as run

    return list(run(_papers(items), **options))


def _papers(items: str | Paper | Iterable[str | Paper]) -> list[Paper]:
    from kg.graph import Paper

    if isinstance(items, str | Paper):
        items = [items]
    papers = []
    for item in items:
        if isinstance(item, Paper):
            papers.append(item)
        elif isinstance(item, str):
            digest = hashlib.sha256(item.encode("utf-8")).hexdigest()[:16]
            papers.append(Paper(id=f"text-{digest}", title="", abstract=item))
        else:
            raise KgError(f"kg.extract takes texts (str) or kg.Paper objects, not "
                          f"{type(item).__name__}")
    return papers


def rdf_format_for(path: Source, fmt: str | None = None) -> str:
    """The RDF format to write ``path`` in: ``fmt`` if given, else the one its extension implies
    (.ttl, .nt, .jsonld, .json), else turtle."""
    return (fmt or RDF_EXTENSIONS.get(Path(path).suffix.lower(), "turtle")).lower()


def export_rdf(graph: Exportable, path: Source, fmt: str | None = None,
               base: str | None = None) -> RdfReport:
    """Write ``graph`` (a graph, an opened store or a store's location) as RDF to ``path``, in
    ``fmt`` (turtle, nt, jsonld) or the format of its extension; IRIs under ``base``."""
    from kg.export.rdf import export_rdf as write
    from kg.vocab import DEFAULT_BASE, normalize_base

    try:
        base = normalize_base(base or DEFAULT_BASE)
    except ValueError as error:
        raise KgError(str(error)) from None
    return write(_graph(graph), Path(path), rdf_format_for(path, fmt), base)


def export_html(graph: Exportable, path: Source, max_nodes: int | None = None) -> Any:
    """Write the HTML explorer of ``graph`` (a graph, an opened store or a store's location)
    to ``path``; at most ``max_nodes`` nodes (default: what stays responsive)."""
    from kg.build import write_explorer

    return write_explorer(_graph(graph), path, max_nodes)


def export_csv(graph: Exportable, directory: Source, database: str = "neo4j") -> CsvExport:
    """Write ``neo4j-admin database import`` files of ``graph`` (a graph, an opened store or a
    store's location) into ``directory``, with the import command in its README."""
    from kg.export.neo4j_csv import export_csv as write

    return write(_graph(graph), directory, database=database)


def _graph(graph: Exportable) -> KnowledgeGraph:
    """The graph an exporter reads: given, read from an opened store, or from a location."""
    if isinstance(graph, Store):
        return graph.graph()
    if isinstance(graph, str | Path):
        with open_store(graph) as store:
            return store.graph()
    if isinstance(graph, GraphStore):
        return graph.read_graph()
    return graph

"""The embedded default store: a folder holding a LadybugDB graph (Cypher, no server).

Layout of a store folder::

    kg-store/
      kg-store.json    what this folder is (format, kg and schema version)
      graph.lbdb       the LadybugDB database
      graph.sha256     its checksum as the last write left it (kg check)
      records/         the extraction records kg build keeps here (kg.records; not the store's)

A build writes a complete new database next to the old one (``graph.lbdb.new``, bulk-loaded
from files staged in ``graph.lbdb.load/``, see kg.store.bulk) and renames it into place, so a
failed or interrupted build leaves the previous graph intact, and readers never see half a graph.

Tables follow the schema, except that a paper's ``abstract`` is a ``STRING[]`` of its pieces
(sentences, long ones cut at spaces; see kg.store.bulk), which a query joins back with
``list_to_string('', p.abstract)``: a load needs memory for one piece, not one abstract, at a
time (figures in docs/decisions.md).

LadybugDB (the maintained fork of Kùzu) speaks a Cypher dialect: ``label(r)`` where Neo4j has
``type(r)``, ``labels(n)`` returns a string, no ``SET n += $map`` and no map projections. The
statements kg sends are the common subset (kg.store.cypher); the dialect-specific parts (table
DDL, bulk load, error hints) live here and in kg.store.bulk.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import ladybug

import kg
from kg.atomic import atomic_file
from kg.graph import Edge, GraphSource, KnowledgeGraph
from kg.schema import SCHEMA
from kg.store import cypher
from kg.store.base import GraphStore, QueryResult, StoreError, delete_papers, papers_present
from kg.store.bulk import PIECED, Row, StagedLoad, Table, columns, joined

MANIFEST = "kg-store.json"
DATABASE = "graph.lbdb"
#: The SHA-256 of graph.lbdb as the last write swapped it in (``kg check`` compares it).
CHECKSUM = "graph.sha256"
#: The layout of the database's tables; 2: abstracts stored as pieces.
FORMAT = 2
#: LadybugDB's page cache while a database is written (its default is 80 % of the RAM, which
#: a large load then fills); doubled, up to MAX_BUFFER_POOL, when a load needs more.
BUFFER_POOL = 512 * 1024**2
MAX_BUFFER_POOL = int(0.8 * os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
#: Threads of the bulk load: LadybugDB's parallel COPY keeps buffers per thread, so one thread
#: peaks lower at nearly the same speed (docs/decisions.md).
LOAD_THREADS = 1

_TYPES = {"string": "STRING", "int": "INT64", "float": "DOUBLE", "string[]": "STRING[]",
          "pieces": "STRING[]"}
_HINTS = {
    "function TYPE does not exist": "LadybugDB writes type(r) as label(r)",
    "read-only database": "kg query is read-only unless you pass --write",
    "Could not set lock": "another kg process is writing this store; wait for it to finish",
    "checkpoint recovery is pending": "a writer stopped mid-checkpoint: `kg check --repair` "
                                      "with this --store rewrites the graph from the "
                                      "extraction records",
    "checkpointing": "if no kg process is writing this store, its graph file is truncated or "
                     "damaged: `kg check --repair` with this --store rewrites it from the "
                     "extraction records",
    "may be corrupted": "the graph file is damaged: `kg check --repair` with this --store "
                        "rewrites it from the extraction records",
}


def schema_ddl() -> list[str]:
    """CREATE statements for every node and relationship table in the schema."""
    statements = []
    for label, node in SCHEMA.nodes.items():
        props = ", ".join(f"{name} {_TYPES[kind]}" for name, kind in columns(label))
        statements.append(f"CREATE NODE TABLE {label}({props}, PRIMARY KEY({node.key}))")
    for rel_type, rel in SCHEMA.relationships.items():
        pairs = ", ".join(f"FROM {s} TO {t}" for s, t in SCHEMA.endpoint_pairs(rel_type))
        props = ", ".join(f"{name} {_TYPES[kind]}" for name, kind in rel.properties.items())
        statements.append(f"CREATE REL TABLE {rel_type}({pairs}, {props})")
    return statements


class EmbeddedStore(GraphStore):
    """A kg store folder on local disk (see the module docstring)."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.lock_folder = self.path
        manifest = self.path / MANIFEST
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a kg store folder; "
                             "choose another --store")
        if not manifest.is_file():
            if self.path.is_dir() and any(self.path.iterdir()):
                raise StoreError(f"{self.path} exists and is not a kg store (no {MANIFEST}); "
                                 "choose another --store")
            if not create:
                raise StoreError(f"no kg store at {self.path}: build one with "
                                 f"`kg build SOURCE... --store {self.path}`")
            self.path.mkdir(parents=True, exist_ok=True)
            self._write_manifest()
        else:
            data = _read_manifest(manifest)
            if not isinstance(data.get("format"), int) or data["format"] > FORMAT:
                raise StoreError(f"{self.path} was written by an incompatible kg "
                                 f"(store format {data.get('format')}, this kg reads {FORMAT})")
            self.format = data["format"]
            self.schema_version = data.get("schema_version")

    @property
    def database(self) -> Path:
        return self.path / DATABASE

    @property
    def outdated(self) -> bool:
        """Whether the graph was written in an older layout or schema (a rebuild updates it)."""
        return (self.format, self.schema_version) != (FORMAT, SCHEMA.version)

    def _write_manifest(self) -> None:
        self.format, self.schema_version = FORMAT, SCHEMA.version
        data = {"format": FORMAT, "kg_version": kg.__version__, "schema_version": SCHEMA.version,
                "engine": f"ladybug {ladybug.__version__}"}
        (self.path / MANIFEST).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    def _open(self, read_only: bool) -> tuple[ladybug.Database, ladybug.Connection]:
        if not self.database.is_file():
            raise StoreError(f"the store at {self.path} holds no graph yet: run `kg build` first")
        if self.outdated:
            raise StoreError(f"the graph at {self.path} has store format {self.format} and "
                             f"schema v{self.schema_version}, this kg reads format {FORMAT} and "
                             f"schema v{SCHEMA.version}: rebuild it with `kg build SOURCE... "
                             f"--store {self.path}` (its extraction records are reused)")
        if self.database.stat().st_size == 0:
            raise StoreError(f"the graph file {self.database} is empty (damaged): `kg check "
                             f"--repair --store {self.path}` rewrites it from the extraction "
                             "records")
        try:
            db = ladybug.Database(str(self.database), read_only=read_only)
        except RuntimeError as error:
            raise StoreError(_explain(f"cannot open {self.database}: {error}")) from error
        return db, ladybug.Connection(db)

    def write(self, source: GraphSource) -> None:
        """Build a new database holding the graph ``source`` gives and swap it in atomically;
        papers and their edges are staged as the source streams them, not held in memory."""
        self._replace(_rows(source))

    def _replace(self, rows: Iterable[tuple[Table, Row]]) -> None:
        """Bulk-load ``rows`` into a fresh database, then rename it over the current one.

        The buffer pool starts at :data:`BUFFER_POOL`; when LadybugDB runs out of it (a
        checkpoint rewrites a whole node group, up to 131,072 rows, and a large corpus's text
        needs more than the start), the load is redone from the staged files with twice the pool, up
        to :data:`MAX_BUFFER_POOL`."""
        fresh = self.path / f"{DATABASE}.new"
        with StagedLoad(self.path / f"{DATABASE}.load") as staged:
            for table, row in rows:
                staged.add(table, row)
            pool = BUFFER_POOL
            while True:
                try:
                    _load_fresh(fresh, staged, pool)
                    break
                except RuntimeError as error:
                    if "Buffer manager exception" not in str(error) or pool >= MAX_BUFFER_POOL:
                        raise StoreError(f"cannot write {fresh}: {error}") from error
                    pool = min(2 * pool, MAX_BUFFER_POOL)
        digest = file_digest(fresh)
        # The old graph's write-ahead and shadow files belong to it, not to the new one (a
        # leftover .shadow makes every later open fail "checkpoint recovery is pending").
        for leftover in _companions(self.database):
            leftover.unlink(missing_ok=True)
        os.replace(fresh, self.database)
        if self.outdated:
            self._write_manifest()
        _write_checksum(self.path / CHECKSUM, digest)

    def seal(self) -> None:
        """Record the graph file's checksum as it is now (after a write in place, such as
        ``kg query --write``), for ``kg check``."""
        if self.database.is_file():
            _write_checksum(self.path / CHECKSUM, file_digest(self.database))

    def clean_staging(self) -> None:
        """Delete what a killed writer left half-made: a new database and its staged load
        files (call it holding the write lock)."""
        fresh = self.path / f"{DATABASE}.new"
        _remove_database(fresh)
        shutil.rmtree(self.path / f"{DATABASE}.load", ignore_errors=True)

    def _query(self, statement: str, params: dict[str, Any], write: bool,
               files: bool) -> QueryResult:
        """Run a Neo4j Cypher statement; read-only unless ``write`` (then holding the store's
        write lock). It is checked on its parse tree first (kg.query.prepare: reading clauses
        only unless ``write``, file access only with ``files``, every $parameter given) and
        translated to LadybugDB's dialect (kg.query.translate), so nothing else reaches
        LadybugDB, which has no setting that turns its extensions or file access off; a
        statement run before comes from kg.query.plan's cache, unparsed. A hand edit lasts
        until the next ``kg build`` or ``kg remove``, which rebuild the graph from the
        extraction records."""
        from kg.query import procedures
        from kg.query.plan import SHOW_INDEXES, WAIT, plan

        found = plan(statement, params, write=write, files=files)
        if found.kind == SHOW_INDEXES:
            return QueryResult(*procedures.show_indexes())
        if found.kind == WAIT:
            return QueryResult([], [])
        translation = found.translation
        if not write:
            return self._run(translation, dict(params), write=False)
        from kg.store.lock import store_lock

        with store_lock(self.path, command="kg query --write"):
            return self._run(translation, dict(params), write=True)

    def _run(self, translation: Any, params: dict[str, Any], write: bool) -> QueryResult:
        """Run a translated statement (kg.query.translate) in one connection."""
        db, conn = self._open(read_only=not write)
        try:
            params.update(_procedure_rows(conn, translation, params))
            if translation.explain:
                conn.execute("EXPLAIN " + translation.text, params)
                return QueryResult(translation.columns or [], [])
            result = conn.execute(translation.text, params)
            if isinstance(result, list):  # several statements: the last one answers
                result = result[-1]
            columns = translation.columns or result.get_column_names()
            rows = [[_plain(value) for value in row] for row in result.get_all()]
        except RuntimeError as error:
            if "Cannot bind LIST_CONCAT" in str(error) and "list_reduce(" in translation.text:
                from kg.query.errors import Unsupported

                raise Unsupported("reduce() runs on the embedded store when the start value "
                                  "has the list items' type, reduce(s = 0, x IN [1, 2] | s + "
                                  "x); else use UNWIND and sum()") from error
            raise StoreError(_explain(str(error))) from error
        finally:
            conn.close()
            db.close()
        return QueryResult(columns, rows)

    def stats(self) -> dict[str, dict[str, int]]:
        """Node counts per label and relationship counts per type, all in one connection."""
        db, conn = self._open(read_only=True)
        try:
            nodes = {label: conn.execute(cypher.count_nodes(label)).get_all()[0][0]
                     for label in SCHEMA.nodes}
            rels = {t: conn.execute(cypher.count_edges(t)).get_all()[0][0]
                    for t in SCHEMA.relationships}
        except RuntimeError as error:
            raise StoreError(f"cannot read {self.database}: {error}; if the file is damaged, "
                             f"`kg check --repair --store {self.path}` rewrites it from the "
                             "extraction records") from error
        finally:
            conn.close()
            db.close()
        return {"nodes": nodes, "relationships": rels}

    def read_graph(self) -> KnowledgeGraph:
        """The stored graph as a :class:`KnowledgeGraph`."""
        graph = KnowledgeGraph()
        db, conn = self._open(read_only=True)
        try:
            def rows(statement: str) -> list[dict[str, Any]]:
                result = conn.execute(statement)
                columns = result.get_column_names()
                return [dict(zip(columns, row, strict=True)) for row in result.get_all()]

            for label in SCHEMA.nodes:
                for row in rows(cypher.read_nodes(label)):
                    row = joined(label, row)
                    if label == "Paper":
                        graph.add_paper(cypher.paper_from_row(row))
                    else:
                        graph.add_concept(cypher.concept_from_row(label, row))
            for rel_type in SCHEMA.relationships:
                for source, target in SCHEMA.endpoint_pairs(rel_type):
                    for row in rows(cypher.read_edges(rel_type, source, target)):
                        edge = cypher.edge_from_row(rel_type, source, target, row, graph)
                        graph.add_edge(edge)
        except RuntimeError as error:
            raise StoreError(f"cannot read {self.database}: {error}; if the file is damaged, "
                             f"`kg check --repair --store {self.path}` rewrites it from the "
                             "extraction records") from error
        finally:
            conn.close()
            db.close()
        return graph

    def remove(self, paper_ids: Iterable[str]) -> list[str]:
        """Delete these papers and their relationships in place (holding the store's write
        lock), checkpoint, and record the new checksum; the ids that were there. When none
        is, the database is not opened for writing (which alone changes its file)."""
        from kg.store.lock import store_lock

        ids = list(dict.fromkeys(paper_ids))
        with store_lock(self.path, command="remove papers"):
            found = set(self._papers(ids, delete=False)) if ids else set()
            if not found:
                return []
            self._papers(sorted(found), delete=True)
            self.seal()
        return [pid for pid in ids if pid in found]

    def _papers(self, ids: list[str], delete: bool) -> list[str]:
        """The ids among ``ids`` that name a Paper node; with ``delete``, those nodes are then
        deleted with their relationships and the database checkpointed (else it is opened
        read-only)."""
        db, conn = self._open(read_only=not delete)
        try:
            found = [row[0] for row in conn.execute(papers_present(), {"ids": ids}).get_all()]
            if delete:
                conn.execute(delete_papers(), {"ids": found})
                conn.execute("CHECKPOINT")
        except RuntimeError as error:
            raise StoreError(_explain(f"cannot remove papers from {self.database}: "
                                      f"{error}")) from error
        finally:
            conn.close()
            db.close()
        return found

    def close(self) -> None:
        """Nothing stays open between calls."""


def _read_manifest(path: Path) -> dict[str, Any]:
    """A store folder's manifest, or a :class:`StoreError` naming the file and line."""
    problem = "not a kg store manifest (restore it, or build into another --store)"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise StoreError(f"{path}, not UTF-8 text: {problem}") from error
    except json.JSONDecodeError as error:
        raise StoreError(f"{path}, line {error.lineno}: {error.msg}: {problem}") from error
    if not isinstance(data, dict):
        raise StoreError(f"{path}, line 1: not a JSON object: {problem}")
    return data


def _load_fresh(path: Path, staged: StagedLoad, pool: int) -> None:
    """Create the database at ``path`` and copy the staged tables in, opening it anew for
    each of the load's sessions; on failure nothing is left at ``path``."""
    _remove_database(path)
    try:
        with _session(path, pool) as conn:
            for statement in schema_ddl():
                conn.execute(statement)
        for session in staged.sessions():
            with _session(path, pool) as conn:
                for statement, params in session:
                    conn.execute(statement, params)
                    conn.execute("CHECKPOINT")
    except BaseException:
        _remove_database(path)
        raise


@contextmanager
def _session(path: Path, pool: int) -> Iterator[ladybug.Connection]:
    """A connection to the database at ``path`` being loaded, closed (database too) on exit."""
    db = ladybug.Database(str(path), buffer_pool_size=pool, max_num_threads=LOAD_THREADS)
    conn = ladybug.Connection(db)
    try:
        yield conn
    finally:
        conn.close()
        db.close()


def _remove_database(path: Path) -> None:
    for leftover in (path, *_companions(path)):
        leftover.unlink(missing_ok=True)


def _companions(path: Path) -> tuple[Path, ...]:
    """The files LadybugDB keeps beside a database file: its write-ahead log and shadow pages."""
    return tuple(path.with_name(path.name + suffix) for suffix in (".wal", ".shadow"))


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _write_checksum(path: Path, digest: str) -> None:
    with atomic_file(path, "w") as out:
        out.write(json.dumps({"sha256": digest, "file": DATABASE}) + "\n")


def _edge_row(edge: Edge) -> tuple[Table, Row]:
    return (edge.type, edge.source[0], edge.target[0]), cypher.edge_row(edge)


def _rows(source: GraphSource) -> Iterator[tuple[Table, Row]]:
    """The table rows of the graph ``source`` gives: concepts, papers with their edges (as
    they stream), then the edges between concepts."""
    for label in SCHEMA.concept_labels:
        for concept in source.concepts(label):
            yield label, cypher.concept_row(concept)
    for paper, edges in source.papers_with_edges():
        yield "Paper", cypher.paper_row(paper)
        for edge in edges:
            yield _edge_row(edge)
    for edge in source.concept_edges():
        yield _edge_row(edge)


def _procedure_rows(conn: ladybug.Connection, translation: Any,
                    params: dict[str, Any]) -> dict[str, Any]:
    """The parameters a translated procedure call needs (kg.query.procedures)."""
    from kg.query import procedures
    from kg.query.translation import HITS_PARAM, LABELS_PARAM, TYPES_PARAM

    def run(statement: str, params: dict[str, Any]) -> list[list[Any]]:
        return conn.execute(statement, params).get_all()

    values: dict[str, Any] = {}
    if LABELS_PARAM in translation.needs:
        values[LABELS_PARAM] = procedures.labels_in_use(run)
    if TYPES_PARAM in translation.needs:
        values[TYPES_PARAM] = procedures.types_in_use(run)
    if HITS_PARAM in translation.needs:
        search = translation.fulltext
        if isinstance(search, tuple):  # ("param", name)
            search = params[search[1]]
        if not isinstance(search, str):
            raise StoreError("db.index.fulltext.queryNodes: the search must be a string")
        values[HITS_PARAM] = procedures.fulltext_hits(run, search)
    return values


def _plain(value: Any) -> Any:
    """LadybugDB values as plain data: nodes and relationships become property dicts, with
    pieced strings (a paper's abstract) joined."""
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:  # a path, as the Neo4j store gives it
            return {"nodes": [_plain(n) for n in value["_NODES"]],
                    "relationships": [_plain(r) for r in value["_RELS"]]}
        if "_LABEL" in value:
            kind = "_type" if "_SRC" in value else "_label"
            props = {k: _plain(v) for k, v in value.items()
                     if not k.startswith("_") and v is not None}
            for table, name in PIECED:
                if value["_LABEL"] == table and isinstance(props.get(name), list):
                    props[name] = "".join(props[name])
            return {kind: value["_LABEL"], **props}
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):  # LadybugDB sums integers as INT128
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _explain(message: str) -> str:
    for needle, hint in _HINTS.items():
        if needle in message:
            return f"{message} (hint: {hint})"
    return message

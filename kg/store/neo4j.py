"""The Neo4j store: the graph on a Neo4j 5 server, reached over Bolt with the official driver.

``Neo4jStore(uri, user, password, database)``: the graph lives on the server (the extraction
records it is built from stay on local disk, kept by kg.build, not by the store).

Writing (``write``) makes the server hold exactly the given graph and sends only what changed:

1. Schema first: a uniqueness constraint on every label's key (from schema/schema.toml), and, where
   the server has them, a full-text index over concept names and aliases; all IF NOT EXISTS.
2. Every node and relationship row carries ``kg_hash``, a digest of its schema properties. kg reads
   the keys and hashes on the server (one light query per label and endpoint pair) and plans:
   delete the relationships and nodes that are no longer in the graph (retracted papers,
   re-canonicalized concepts), then MERGE on keys the rows that are new or whose hash changed.
   Rows that did not change are not sent; a second identical write sends nothing.
3. The plan runs as ``UNWIND $rows`` batches (``batch_size`` rows each). When it has at most
   ``transaction_rows`` rows it runs in one managed write transaction that applies the plan and
   checks the resulting counts before committing: all or nothing, retried as a whole on
   transient errors. A bigger plan (a first load of a large corpus) commits batch by batch,
   each batch retried; if it is interrupted, running it again reads what did land and sends the
   rest. No
   duplicates either way: every write is a MERGE on a key that a constraint makes unique. For
   first loads of millions of papers, ``kg export csv`` writes ``neo4j-admin`` import files.

Every value travels as a parameter; labels, relationship types and property names come from the
schema. :func:`all_statements` lists every statement text the store can send.
"""

from __future__ import annotations

import contextlib
import logging
import os
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

import kg
from kg.graph import GraphSource, KnowledgeGraph
from kg.schema import SCHEMA, schema_dir
from kg.store import cypher
from kg.store.base import GraphStore, QueryResult, StoreError, delete_papers, papers_present
from kg.store.neo4j_schema import (  # noqa: F401  (also importable from here)
    CONSTRAINTS_FILE,
    FULLTEXT_INDEX,
    HASH,
    NAME_PROPERTIES,
    Group,
    Row,
    constraint_statements,
    constraints_text,
    fulltext_statements,
    groups,
    row_hash,
)

# The driver logs connection failures as warnings; kg reports them as StoreErrors instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

#: Rows per ``UNWIND $rows`` statement.
BATCH_SIZE = 2000
#: Plans up to this many rows run in one all-or-nothing transaction.
TRANSACTION_ROWS = 50_000
SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
ENV = {"uri": "NEO4J_URI", "user": "NEO4J_USER", "password": "NEO4J_PASSWORD",
       "database": "NEO4J_DATABASE"}


# --- statements --------------------------------------------------------------------------------

def write_constraints_file(path: Path | None = None) -> Path:
    """Write :func:`constraints_text` (default: next to schema.toml)."""
    path = path or schema_dir() / CONSTRAINTS_FILE
    path.write_text(constraints_text(), encoding="utf-8")
    return path


def _key(label: str) -> str:
    return SCHEMA.nodes[label].key


def upsert_nodes(label: str) -> str:
    """MERGE nodes on their key, set their properties and hash."""
    return f"{cypher.merge_nodes(label)}, n.{HASH} = row.{HASH}"


def upsert_edges(rel_type: str, source: str, target: str) -> str:
    """MERGE relationships between existing endpoints, set their properties and hash."""
    return f"{cypher.merge_edges(rel_type, source, target)}, r.{HASH} = row.{HASH}"


def node_hashes(label: str) -> str:
    return f"MATCH (n:{label}) RETURN n.{_key(label)} AS key, n.{HASH} AS hash"


def edge_hashes(rel_type: str, source: str, target: str) -> str:
    return (f"MATCH (a:{source})-[r:{rel_type}]->(b:{target}) "
            f"RETURN a.{_key(source)} AS source, b.{_key(target)} AS target, r.{HASH} AS hash")


def delete_nodes(label: str) -> str:
    """DETACH DELETE nodes by key (rows: ``key``)."""
    return f"UNWIND $rows AS row MATCH (n:{label} {{{_key(label)}: row.key}}) DETACH DELETE n"


def delete_keyless_nodes(label: str) -> str:
    """Nodes with the label but no key were not written by kg."""
    return f"MATCH (n:{label}) WHERE n.{_key(label)} IS NULL DETACH DELETE n"


def delete_edges(rel_type: str, source: str, target: str) -> str:
    """DELETE relationships by endpoint keys (rows: ``source``, ``target``)."""
    return (f"UNWIND $rows AS row MATCH (a:{source} {{{_key(source)}: row.source}})"
            f"-[r:{rel_type}]->(b:{target} {{{_key(target)}: row.target}}) DELETE r")


def delete_stray_edges(rel_type: str) -> str:
    """Relationships of a schema type between labels the schema does not allow for it."""
    rel = SCHEMA.relationships[rel_type]
    allowed = " OR ".join(
        f"(a:{s} AND ({' OR '.join(f'b:{t}' for t in rel.targets)}))" for s in rel.sources)
    return f"MATCH (a)-[r:{rel_type}]->(b) WHERE NOT ({allowed}) DELETE r"


def all_statements() -> list[str]:
    """Every statement text the store can send, for the loaded schema (linted in the tests)."""
    statements = [*constraint_statements(), *fulltext_statements(), PING, papers_present(),
                  delete_papers()]
    for label in SCHEMA.nodes:
        statements += [upsert_nodes(label), node_hashes(label), delete_nodes(label),
                       delete_keyless_nodes(label), cypher.read_nodes(label),
                       cypher.count_nodes(label)]
    for rel_type in SCHEMA.relationships:
        statements += [delete_stray_edges(rel_type), cypher.count_edges(rel_type)]
    for group in groups():
        statements += [upsert_edges(*group), edge_hashes(*group), delete_edges(*group),
                       cypher.read_edges(*group)]
    return statements


PING = "RETURN 1 AS ok"


# --- rows and plans ----------------------------------------------------------------------------

def _hashed(row: Row) -> Row:
    return {**row, HASH: row_hash(row)}


@dataclass
class Desired:
    """The rows a graph asks for: node rows by label and key, edge rows by group and endpoints."""

    nodes: dict[str, dict[str, Row]]
    edges: dict[Group, dict[tuple[str, str], Row]]

    @classmethod
    def of(cls, graph: KnowledgeGraph) -> Desired:
        nodes = {label: {row[_key(label)]: _hashed(row) for row in cypher.node_rows(graph, label)}
                 for label in SCHEMA.nodes}
        edges = {group: {(row["source"], row["target"]): _hashed(row)
                         for row in cypher.edge_rows(graph, *group)} for group in groups()}
        return cls(nodes, edges)

    def stats(self) -> dict[str, dict[str, int]]:
        rels: Counter[str] = Counter()
        for (rel_type, _, _), rows in self.edges.items():
            rels[rel_type] += len(rows)
        return {"nodes": {label: len(rows) for label, rows in self.nodes.items()},
                "relationships": {t: rels[t] for t in SCHEMA.relationships}}


@dataclass
class Current:
    """What the server holds: hashes by key, plus the per-type counts that reveal strays."""

    nodes: dict[str, dict[str | None, list[str | None]]]
    edges: dict[Group, dict[tuple[str, str], list[str | None]]]
    rel_counts: dict[str, int]


@dataclass
class Step:
    """One statement and the rows it takes (``rows`` is None for a statement without rows)."""

    action: str
    target: str
    statement: str
    rows: list[Row] | None = None

    def batches(self, size: int) -> Iterator[list[Row] | None]:
        if self.rows is None:
            yield None
        else:
            yield from cypher.batches(iter(self.rows), size)


@dataclass
class WritePlan:
    """What a write sends: deletions first, then node upserts, then relationship upserts."""

    steps: list[Step] = field(default_factory=list)
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return sum(len(s.rows) if s.rows is not None else 1 for s in self.steps)

    def describe(self, batch_size: int) -> list[str]:
        """One line per step: action, target, rows and batch sizes."""
        lines = []
        for step in self.steps:
            if step.rows is None:
                lines.append(f"{step.action:7} {step.target:42} (no rows)")
                continue
            sizes = [len(b or ()) for b in step.batches(batch_size)]
            lines.append(f"{step.action:7} {step.target:42} {len(step.rows):6} rows in "
                         f"{len(sizes)} batch(es) of {max(sizes)} or fewer")
        lines.append(f"unchanged rows not sent: {self.unchanged}")
        return lines


def make_plan(desired: Desired, current: Current) -> WritePlan:
    """The statements that turn ``current`` into ``desired``."""
    plan = WritePlan()
    upserts: list[Step] = []
    for rel_type in SCHEMA.relationships:
        expected = sum(len(hashes) for group in groups() if group[0] == rel_type
                       for hashes in current.edges[group].values())
        if current.rel_counts.get(rel_type, 0) > expected:
            plan.steps.append(Step("delete", f"{rel_type} (strays)", delete_stray_edges(rel_type)))
    for group in groups():
        want, have = desired.edges[group], current.edges[group]
        gone = [{"source": s, "target": t} for (s, t), hashes in have.items()
                if (s, t) not in want or len(hashes) > 1]
        changed = [row for pair, row in want.items() if have.get(pair) != [row[HASH]]]
        plan.unchanged += len(want) - len(changed)
        target = f"{group[0]} ({group[1]}->{group[2]})"
        if gone:
            plan.steps.append(Step("delete", target, delete_edges(*group), gone))
        if changed:
            upserts.append(Step("upsert", target, upsert_edges(*group), changed))
    node_upserts: list[Step] = []
    for label in SCHEMA.nodes:
        want, have = desired.nodes[label], current.nodes[label]
        if None in have:
            plan.steps.append(Step("delete", f"{label} (no key)", delete_keyless_nodes(label)))
        gone = [{"key": key} for key in have if key is not None and key not in want]
        changed = [row for key, row in want.items() if have.get(key) != [row[HASH]]]
        plan.unchanged += len(want) - len(changed)
        if gone:
            plan.steps.append(Step("delete", label, delete_nodes(label), gone))
        if changed:
            node_upserts.append(Step("upsert", label, upsert_nodes(label), changed))
    plan.steps += node_upserts + upserts
    return plan


# --- the store ---------------------------------------------------------------------------------

class _WriteRefused(Exception):
    """A read-only query changed something (raised inside the transaction, so it rolls back)."""


class Neo4jStore(GraphStore):
    """A kg graph on a Neo4j server (see the module docstring)."""

    def __init__(self, uri: str, user: str | None = "neo4j", password: str | None = None,
                 database: str | None = None, *,
                 batch_size: int = BATCH_SIZE, transaction_rows: int = TRANSACTION_ROWS,
                 connection_timeout: float = 15.0, max_retry_time: float = 30.0) -> None:
        self.uri = uri
        self.user = user
        self.database = database or None
        self.location = uri if self.database is None else f"{uri} (database {self.database})"
        self.batch_size = batch_size
        self.transaction_rows = transaction_rows
        self.fulltext: bool | None = None  # known after ensure_schema()
        self.notes: list[str] = []
        self.last_plan: WritePlan | None = None
        self._schema_ready = False
        if not uri.startswith(SCHEMES):
            raise StoreError(f"{uri}: not a Neo4j URI; use bolt://HOST:7687 or neo4j://HOST:7687 "
                             "(+s for TLS)")
        auth = (user or "neo4j", password) if password is not None else None
        try:
            self.driver = neo4j.GraphDatabase.driver(
                uri, auth=auth, user_agent=f"kg/{kg.__version__}",
                connection_timeout=connection_timeout,
                max_transaction_retry_time=max_retry_time)
        except (ValueError, neo4j_errors.ConfigurationError) as error:
            raise StoreError(f"{uri}: not a Neo4j URI ({error}); use bolt://HOST:7687 or "
                             "neo4j://HOST:7687") from None
        self._finalizer = weakref.finalize(self, self.driver.close)
        try:
            with _translated(self):
                self.driver.verify_connectivity()
                self._read(lambda tx: tx.run(PING).consume())
        except ValueError as error:  # an address that does not resolve
            self.close()
            raise StoreError(f"cannot reach a Neo4j server at {uri} ({error}): fix --store/"
                             f"{ENV['uri']}") from None
        except StoreError:
            self.close()
            raise
        self.server = self.driver.get_server_info().agent

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None,
                 password: str | None = None, database: str | None = None,
                 **options: Any) -> Neo4jStore:
        """A store from explicit values, falling back to NEO4J_URI, NEO4J_USER (default neo4j),
        NEO4J_PASSWORD and NEO4J_DATABASE."""
        uri = uri or os.environ.get(ENV["uri"])
        if not uri:
            raise StoreError("no Neo4j server given: pass --store bolt://HOST:7687 or set "
                             f"{ENV['uri']}")
        return cls(uri, user or os.environ.get(ENV["user"]) or "neo4j",
                   password if password is not None else os.environ.get(ENV["password"]),
                   database or os.environ.get(ENV["database"]) or None, **options)

    # --- plumbing ---

    def _session(self, write: bool) -> neo4j.Session:
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    def _read(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        with _translated(self), self._session(write=False) as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        with _translated(self), self._session(write=True) as session:
            return session.execute_write(work)

    # --- schema ---

    def ensure_schema(self) -> None:
        """Create the constraints (and the full-text index where supported) if missing."""
        if self._schema_ready:
            return
        for statement in constraint_statements():
            self._write(lambda tx, s=statement: tx.run(s).consume())
        self.fulltext = True
        for statement in fulltext_statements():
            try:
                self._write(lambda tx, s=statement: tx.run(s).consume())
            except StoreError as error:  # the capability check: only Neo4j has full-text DDL
                if not isinstance(error.__cause__, neo4j_errors.ClientError):
                    raise
                self.fulltext = False
                self.notes.append(f"no full-text index: {self.server} refused it "
                                  f"({error.__cause__.message})")
        self._schema_ready = True

    # --- GraphStore ---

    def write(self, source: GraphSource) -> None:
        """Make the server hold exactly the graph ``source`` gives, sending only what changed
        (the diff against the server needs the whole graph, so it is assembled in memory; for
        very large corpora, prefer ``kg export csv`` and ``neo4j-admin database import``)."""
        self.ensure_schema()
        desired = Desired.of(source.graph())
        plan = self._read(lambda tx: make_plan(desired, _current(tx)))
        self.last_plan = plan
        if not plan.steps:
            return
        if plan.rows <= self.transaction_rows:
            self._write(lambda tx: self._apply(tx, plan, desired))
            return
        for step in plan.steps:
            for rows in step.batches(self.batch_size):
                self._write(lambda tx, s=step, r=rows: _run_step(tx, s.statement, r))
        counts = self._read(_counts)
        if counts != desired.stats():
            raise StoreError(f"{self.location}: after the write the server holds "
                             f"{_describe(counts)} instead of {_describe(desired.stats())} "
                             "(another writer?); run the build again")

    def _apply(self, tx: neo4j.ManagedTransaction, plan: WritePlan, desired: Desired) -> None:
        """The whole plan in one transaction, checked by counts before it commits."""
        for step in plan.steps:
            for rows in step.batches(self.batch_size):
                _run_step(tx, step.statement, rows)
        counts = _counts(tx)
        if counts != desired.stats():
            raise StoreError(f"{self.location}: the write would leave {_describe(counts)} "
                             f"instead of {_describe(desired.stats())} (another writer?); "
                             "nothing was changed, run the build again")

    def read_graph(self) -> KnowledgeGraph:
        """The stored graph, read in one transaction."""
        return self._read(_read_graph)

    def _query(self, statement: str, params: dict[str, Any], write: bool,
               files: bool) -> QueryResult:
        """Run one Cypher statement; a statement that writes is refused (and rolled back)
        unless ``write``. It is checked first on its parse tree (kg.query.prepare): reading
        clauses and read-only procedures only unless ``write``, LOAD CSV only with ``files``;
        then it runs in a READ transaction."""
        from kg.query import prepare

        prepare(statement, params, write=write, files=files)

        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            result = tx.run(statement, params)
            columns = list(result.keys())
            rows = [[_plain(value) for value in record.values()] for record in result]
            counters = result.consume().counters
            if not write and (counters.contains_updates or counters.contains_system_updates):
                raise _WriteRefused
            return QueryResult(columns, rows)

        try:
            return self._write(work) if write else self._read(work)
        except _WriteRefused:
            raise StoreError("this statement writes, and kg query is read-only unless you pass "
                             "--write (nothing was changed)") from None

    def stats(self) -> dict[str, dict[str, int]]:
        """Node counts per label and relationship counts per type."""
        return self._read(_counts)

    def remove(self, paper_ids: Iterable[str]) -> list[str]:
        """Delete these papers and their relationships in one write transaction; the ids that
        were there."""
        ids = list(dict.fromkeys(paper_ids))

        def work(tx: neo4j.ManagedTransaction) -> list[str]:
            found = [record["id"] for record in tx.run(papers_present(), {"ids": ids})]
            if found:
                tx.run(delete_papers(), {"ids": found}).consume()
            return found

        found = set(self._write(work)) if ids else set()
        return [pid for pid in ids if pid in found]

    def close(self) -> None:
        """Close the driver and its connections (also done at exit)."""
        self._finalizer()


# --- transaction functions ---------------------------------------------------------------------

def _run_step(tx: neo4j.ManagedTransaction, statement: str, rows: list[Row] | None) -> None:
    tx.run(statement, {"rows": rows} if rows is not None else {}).consume()


def _current(tx: neo4j.ManagedTransaction) -> Current:
    nodes: dict[str, dict[str | None, list[str | None]]] = {}
    for label in SCHEMA.nodes:
        found: dict[str | None, list[str | None]] = {}
        for record in tx.run(node_hashes(label)):
            found.setdefault(record["key"], []).append(record["hash"])
        nodes[label] = found
    edges: dict[Group, dict[tuple[str, str], list[str | None]]] = {}
    for group in groups():
        pairs: dict[tuple[str, str], list[str | None]] = {}
        for record in tx.run(edge_hashes(*group)):
            pairs.setdefault((record["source"], record["target"]), []).append(record["hash"])
        edges[group] = pairs
    rel_counts = {t: tx.run(cypher.count_edges(t)).single(strict=True)["n"]
                  for t in SCHEMA.relationships}
    return Current(nodes, edges, rel_counts)


def _counts(tx: neo4j.ManagedTransaction) -> dict[str, dict[str, int]]:
    def count(statement: str) -> int:
        return tx.run(statement).single(strict=True)["n"]

    return {"nodes": {label: count(cypher.count_nodes(label)) for label in SCHEMA.nodes},
            "relationships": {t: count(cypher.count_edges(t)) for t in SCHEMA.relationships}}


def _read_graph(tx: neo4j.ManagedTransaction) -> KnowledgeGraph:
    graph = KnowledgeGraph()
    for label in SCHEMA.nodes:
        for record in tx.run(cypher.read_nodes(label)):
            row = record.data()
            if label == "Paper":
                graph.add_paper(cypher.paper_from_row(row))
            else:
                graph.add_concept(cypher.concept_from_row(label, row))
    for group in groups():
        for record in tx.run(cypher.read_edges(*group)):
            graph.add_edge(cypher.edge_from_row(*group, record.data(), graph))
    return graph


def _describe(stats: dict[str, dict[str, int]]) -> str:
    parts = [f"{n} {k}" for part in stats.values() for k, n in part.items() if n]
    return ", ".join(parts) or "nothing"


def _plain(value: Any) -> Any:
    """Driver values as plain data: nodes and relationships become property dicts."""
    if isinstance(value, neo4j.graph.Node):
        props = {k: _plain(v) for k, v in value.items() if k != HASH}
        return {"_label": ":".join(sorted(value.labels)), **props}
    if isinstance(value, neo4j.graph.Relationship):
        props = {k: _plain(v) for k, v in value.items() if k != HASH}
        return {"_type": value.type, **props}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in value.nodes],
                "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time values
        return value.iso_format()
    return value


@contextlib.contextmanager
def _translated(store: Neo4jStore) -> Iterator[None]:
    """Driver and server errors as one-line StoreErrors that say what to do."""
    try:
        yield
    except (StoreError, _WriteRefused):
        raise
    except Exception as error:
        message = _explain(store, error)
        if message is None:
            raise
        raise StoreError(message) from error


def _explain(store: Neo4jStore, error: BaseException) -> str | None:
    where = store.location
    if isinstance(error, neo4j_errors.AuthError):
        return (f"{where} refused the credentials of user {store.user!r}: check --user/--password "
                f"or {ENV['user']}/{ENV['password']}")
    if isinstance(error, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired):
        reason = (str(error).splitlines() or [type(error).__name__])[0].rstrip(": ")
        return (f"cannot reach a Neo4j server at {store.uri} ({reason}): start it (see "
                f"docker/README.md) or fix --store/{ENV['uri']}")
    if isinstance(error, neo4j_errors.Neo4jError):
        code = error.code or ""
        if code.endswith("DatabaseNotFound"):
            return (f"{store.uri} has no database {store.database!r}: create it or fix "
                    f"--database/{ENV['database']}")
        if code.endswith("AccessMode") or code.endswith("ForbiddenOnReadOnlyDatabase"):
            return ("this statement writes, and kg query is read-only unless you pass --write "
                    "(nothing was changed)")
        return f"Neo4j ({where}) refused the statement: {error.message} [{code}]"
    if isinstance(error, neo4j_errors.DriverError):
        return f"Neo4j driver error talking to {where}: {error}"
    return None


def main() -> None:
    """``python -m kg.store.neo4j``: regenerate schema/neo4j-constraints.cypher."""
    print(write_constraints_file())


if __name__ == "__main__":
    main()

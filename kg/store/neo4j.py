"""The Neo4j store: the graph on a Neo4j 5 server, reached over Bolt with the official driver.

``Neo4jStore(uri, user, password, database)``: the graph lives on the server (the extraction
records it is built from stay on local disk, kept by kg.build, not by the store).

Writing (``write``) makes the server hold exactly the given graph and sends only what changed:

1. Schema first: a uniqueness constraint on every label's key (from schema/schema.toml), and, where
   the server has them, a full-text index over concept names and aliases; all IF NOT EXISTS.
2. Every node and relationship row carries ``kg_hash``, a digest of its schema properties, but
   MENTIONS (most of a graph): a paper's node holds one digest of its whole MENTIONS set
   (``kg_mentions``, which its ``kg_hash`` covers). kg reads the keys and hashes on the server
   (one query per label and one per relationship type, each answering with a single list; for
   MENTIONS, each paper's digest and number of MENTIONS) and plans (kg.store.neo4j_plan): delete
   the relationships and nodes that are no longer in the graph (retracted papers,
   re-canonicalized concepts), CREATE the rows the server does not hold, MERGE on keys the rows
   whose hash changed, delete and CREATE again the MENTIONS of a paper whose set changed. Rows
   that did not change are not sent; a second identical write sends nothing.
3. The plan runs as ``UNWIND $rows`` batches (``batch_size`` rows each). When it has at most
   ``transaction_rows`` rows it runs in one managed write transaction that applies the plan and
   checks the resulting counts before committing: all or nothing, retried as a whole on
   transient errors. A bigger plan (a first load of a large corpus) commits batch by batch:
   deletions and MERGEs one retried transaction per batch, CREATEs as auto-commit ``CALL { }
   IN TRANSACTIONS OF $batch ROWS`` statements of up to ``BULK_ROWS`` rows each; if it is
   interrupted, running it again reads what did land and sends the rest. Either way a
   relationship CREATE finds its endpoints by the element ids read after the node writes (no
   locking index seek per row; one statement per relationship type), its rows sent as lists.
   No duplicates: a CREATE is planned only for a key or endpoint pair that the server did not
   hold when the plan was read (and a constraint makes every key unique), and the counts are
   checked after the write. For first loads of millions of papers, ``kg export csv`` writes
   ``neo4j-admin`` import files.

Every value travels as a parameter; labels, relationship types and property names come from the
schema (kg.store.neo4j_statements lists every statement the store can send).
"""

from __future__ import annotations

import logging
import os
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import neo4j
from neo4j import exceptions as driver_errors

import kg
from kg.graph import GraphSource, KnowledgeGraph
from kg.schema import SCHEMA
from kg.store import cypher
from kg.store import neo4j_statements as statements
from kg.store.base import GraphStore, QueryResult, StoreError, delete_papers, papers_present
from kg.store.neo4j_errors import ENV, WriteRefused, translated
from kg.store.neo4j_plan import Current, Desired, Step, WritePlan, make_plan, weighted_batches
from kg.store.neo4j_schema import (  # noqa: F401  (also importable from here)
    CONSTRAINTS_FILE,
    FULLTEXT_INDEX,
    HASH,
    INTERNAL,
    MENTIONS,
    MENTIONS_HASH,
    MENTIONS_SOURCE,
    NAME_PROPERTIES,
    Row,
    constraint_statements,
    constraints_text,
    fulltext_statements,
    groups,
)
from kg.store.neo4j_statements import all_statements  # noqa: F401  (linted in the tests)

# The driver logs connection failures as warnings; kg reports them as StoreErrors instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

#: Rows per ``UNWIND $rows`` statement, and per transaction of a big plan's CREATEs.
BATCH_SIZE = 10_000
#: Rows per auto-commit statement of a big plan's CREATEs.
BULK_ROWS = 50_000
#: Plans up to this many rows run in one all-or-nothing transaction.
TRANSACTION_ROWS = 50_000
#: Sessions writing the batches of a bigger plan at once.
WORKERS = 1
SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


class Neo4jStore(GraphStore):
    """A kg graph on a Neo4j server (see the module docstring)."""

    def __init__(self, uri: str, user: str | None = "neo4j", password: str | None = None,
                 database: str | None = None, *,
                 batch_size: int = BATCH_SIZE, transaction_rows: int = TRANSACTION_ROWS,
                 workers: int = WORKERS,
                 connection_timeout: float = 15.0, max_retry_time: float = 30.0) -> None:
        self.uri = uri
        self.user = user
        self.database = database or None
        self.location = uri if self.database is None else f"{uri} (database {self.database})"
        self.batch_size = batch_size
        self.transaction_rows = transaction_rows
        self.workers = workers
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
        except (ValueError, driver_errors.ConfigurationError) as error:
            raise StoreError(f"{uri}: not a Neo4j URI ({error}); use bolt://HOST:7687 or "
                             "neo4j://HOST:7687") from None
        self._finalizer = weakref.finalize(self, self.driver.close)
        try:
            with translated(self):
                self.driver.verify_connectivity()
                self._read(lambda tx: tx.run(statements.PING).consume())
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
        with translated(self), self._session(write=False) as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        with translated(self), self._session(write=True) as session:
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
                if not isinstance(error.__cause__, driver_errors.ClientError):
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
        self._run_batched(plan)
        counts = self._read(_counts)
        if counts != desired.stats():
            raise StoreError(f"{self.location}: after the write the server holds "
                             f"{_describe(counts)} instead of {_describe(desired.stats())} "
                             "(another writer?); run the build again")

    def _run_batched(self, plan: WritePlan) -> None:
        """A big plan, committed batch by batch. Deletions run in order, one transaction per
        batch; then the node writes, then the relationship writes, on ``workers`` sessions at
        once (their batches write different rows, and a deadlock between two of them is a
        transient error the driver retries). A CREATE step goes as auto-commit statements of
        up to ``BULK_ROWS`` rows that commit every ``batch_size`` rows (``CALL { } IN
        TRANSACTIONS``): one message and one plan per statement instead of per batch. A
        relationship CREATE finds its endpoints by the element ids read once after the node
        writes, not by a locking index seek per row, one statement per type (fewer statements
        for the server to plan); an id that no longer names a node creates nothing, and the
        count check after the write reports it."""
        ids: dict[str, dict[str, str]] | None = None  # read once the nodes are written
        for stage in sorted({step.stage for step in plan.steps}):
            jobs: list[Callable[[], None]] = []
            by_id: dict[str, list[list[Any]]] = {}  # a type's rows, whatever their labels
            for step in plan.steps:
                if step.stage != stage:
                    continue
                if step.group is not None or step.mentions:
                    ids = ids if ids is not None else self._read(
                        partial(_node_ids, labels=_endpoint_labels(plan.steps)))
                if step.mentions:
                    rows = list(self._mentions_with_ids(step, ids))
                    jobs += [partial(self._run_bulk, statements.in_transactions(step.statement),
                                     batch, step.per_transaction(self.batch_size))
                             for batch in weighted_batches(rows, BULK_ROWS)]
                elif step.group is not None:
                    by_id.setdefault(statements.in_transactions(step.statement), []).extend(
                        self._with_ids(step, ids))
                elif step.bulk is not None:
                    jobs += [partial(self._run_bulk, step.bulk, rows)
                             for rows in step.batches(BULK_ROWS)]
                else:
                    jobs += [partial(self._write, partial(_run_step, statement=step.statement,
                                                          rows=rows))
                             for rows in step.batches(self.batch_size)]
            jobs += [partial(self._run_bulk, statement, rows) for statement, all_rows in
                     by_id.items() for rows in cypher.batches(iter(all_rows), BULK_ROWS)]
            if stage == 0 or self.workers <= 1 or len(jobs) == 1:
                for job in jobs:
                    job()
                continue
            with ThreadPoolExecutor(self.workers) as pool:
                futures = [pool.submit(job) for job in jobs]
                try:
                    for future in futures:
                        future.result()
                except BaseException:
                    pool.shutdown(cancel_futures=True)
                    raise

    def _with_ids(self, step: Step, ids: dict[str, dict[str, str]]) -> Iterator[list[Any]]:
        """A relationship CREATE's rows with their endpoint keys replaced by element ids."""
        assert step.group is not None and step.pack is not None and step.rows is not None
        _, source, target = step.group
        for row in step.rows:
            values = step.pack(row)
            try:
                values[0], values[1] = ids[source][values[0]], ids[target][values[1]]
            except KeyError as missing:
                raise StoreError(f"{self.location}: node {missing} vanished during the write "
                                 "(another writer?); run the build again") from None
            yield values

    def _mentions_with_ids(self, step: Step, ids: dict[str, dict[str, str]]
                           ) -> Iterator[list[Any]]:
        """A MENTIONS CREATE's per-paper rows with the paper's and the targets' keys replaced
        by element ids."""
        assert step.mentions and step.rows is not None
        try:
            for key, mentions in step.rows:
                yield [ids[MENTIONS_SOURCE][key],
                       [[ids[label][target], *values] for label, target, *values in mentions]]
        except KeyError as missing:
            raise StoreError(f"{self.location}: node {missing} vanished during the write "
                             "(another writer?); run the build again") from None

    def _run_bulk(self, statement: str, rows: list[Any] | None,
                  batch: int | None = None) -> None:
        """One auto-commit ``CALL { } IN TRANSACTIONS`` statement (committing every ``batch``
        rows, default ``batch_size``); what it committed before a failure stays, and a re-run
        plans the rest."""
        with translated(self), self._session(write=True) as session:
            _run_step(session, statement, rows, batch or self.batch_size)

    def _apply(self, tx: neo4j.ManagedTransaction, plan: WritePlan, desired: Desired) -> None:
        """The whole plan in one transaction, checked by counts before it commits; the
        relationship CREATEs last, by the element ids of their endpoints, a statement per
        type."""
        by_id: dict[str, list[Step]] = {}
        mentions: list[Step] = []
        for step in plan.steps:
            if step.group is not None:
                by_id.setdefault(step.statement, []).append(step)
            elif step.mentions:
                mentions.append(step)
            else:
                for rows in step.batches(self.batch_size):
                    _run_step(tx, step.statement, rows)
        ids = _node_ids(tx, _endpoint_labels(plan.steps)) if by_id or mentions else {}
        for step in mentions:
            rows = list(self._mentions_with_ids(step, ids))
            for batch in weighted_batches(rows, self.batch_size):
                _run_step(tx, step.statement, batch)
        for statement, steps in by_id.items():
            rows = (row for step in steps for row in self._with_ids(step, ids))
            for batch in cypher.batches(rows, self.batch_size):
                _run_step(tx, statement, batch)
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
                raise WriteRefused
            return QueryResult(columns, rows)

        try:
            return self._write(work) if write else self._read(work)
        except WriteRefused:
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

def _run_step(tx: neo4j.ManagedTransaction | neo4j.Session, statement: str,
              rows: list[Any] | None, batch: int | None = None) -> None:
    """Run one statement with its rows (and its ``$batch`` size, for ``IN TRANSACTIONS``)."""
    params: dict[str, Any] = {} if rows is None else {"rows": rows}
    if batch is not None:
        params["batch"] = batch
    tx.run(statement, params).consume()


def _current(tx: neo4j.ManagedTransaction) -> Current:
    """The keys and hashes the server holds, and the relationship types with strays."""
    current = Current.empty()
    for label in SCHEMA.nodes:
        found = current.nodes[label]
        for key, digest in tx.run(statements.node_hashes(label)).single(strict=True)["rows"]:
            found.setdefault(key, []).append(digest)
    current.mentions = {key: (digest, count) for key, digest, count in
                        tx.run(statements.mention_state()).single(strict=True)["rows"]}
    current.mentions_total = tx.run(cypher.count_edges(MENTIONS)).single(strict=True)["n"]
    for rel_type in SCHEMA.relationships:
        if rel_type == MENTIONS:  # by paper, above
            continue
        for record in tx.run(statements.edge_hashes(rel_type)):
            pairs = current.edges.get((rel_type, record["source"], record["target"]))
            if pairs is None:  # an endpoint label the schema does not allow for the type
                current.strays.add(rel_type)
                continue
            for source, target, digest in record["rows"]:
                pairs.setdefault((source, target), []).append(digest)
    return current


def _endpoint_labels(steps: list[Step]) -> set[str]:
    """The labels at either end of the relationship CREATEs among ``steps``."""
    labels = {label for step in steps if step.group is not None for label in step.group[1:]}
    for step in steps:
        if step.mentions:
            labels |= {MENTIONS_SOURCE, *SCHEMA.relationships[MENTIONS].targets}
    return labels


def _node_ids(tx: neo4j.ManagedTransaction, labels: set[str]) -> dict[str, dict[str, str]]:
    """The element id of every node with one of ``labels``, by label and key."""
    return {label: dict(tx.run(statements.node_ids(label)).single(strict=True)["rows"])
            for label in SCHEMA.nodes if label in labels}


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
        props = {k: _plain(v) for k, v in value.items() if k not in INTERNAL}
        return {"_label": ":".join(sorted(value.labels)), **props}
    if isinstance(value, neo4j.graph.Relationship):
        props = {k: _plain(v) for k, v in value.items() if k not in INTERNAL}
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

"""The Neo4j store's diff planner: from the rows a graph asks for and the keys and hashes the
server holds, the statements that make the server hold exactly the graph.

Rows whose key (a node's) or endpoint pair (a relationship's) the server does not hold are
CREATEd; rows whose ``kg_hash`` differs are MERGEd; rows that did not change are not sent.
Relationships and nodes no longer in the graph are deleted first, and so are duplicates and
relationships between labels the schema does not allow for their type. A node CREATE step
also carries its auto-commit form (``bulk``: ``CALL { } IN TRANSACTIONS``) for a plan too big
for one transaction; a relationship CREATE step finds its endpoints by element id (``group``
says their labels), its rows sent as lists (``pack``), not maps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.graph import KnowledgeGraph
from kg.schema import SCHEMA
from kg.store import cypher
from kg.store import neo4j_statements as statements
from kg.store.neo4j_schema import HASH, Group, Row, groups, row_hash


def _key(label: str) -> str:
    return SCHEMA.nodes[label].key


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
        edges: dict[Group, dict[tuple[str, str], Row]] = {group: {} for group in groups()}
        for edge in graph.edges():  # one pass over every type
            rows = edges.get((edge.type, edge.source[0], edge.target[0]))
            if rows is not None:  # a pair of labels the schema allows for the type
                row = cypher.edge_row(edge)
                rows[(row["source"], row["target"])] = _hashed(row)
        return cls(nodes, edges)

    def stats(self) -> dict[str, dict[str, int]]:
        rels: Counter[str] = Counter()
        for (rel_type, _, _), rows in self.edges.items():
            rels[rel_type] += len(rows)
        return {"nodes": {label: len(rows) for label, rows in self.nodes.items()},
                "relationships": {t: rels[t] for t in SCHEMA.relationships}}


@dataclass
class Current:
    """What the server holds: hashes by key and by endpoint pair, and the relationship types
    that connect labels the schema does not allow for them (``strays``)."""

    nodes: dict[str, dict[str | None, list[str | None]]]
    edges: dict[Group, dict[tuple[str, str], list[str | None]]]
    strays: set[str] = field(default_factory=set)

    @classmethod
    def empty(cls) -> Current:
        """An empty server."""
        return cls({label: {} for label in SCHEMA.nodes}, {group: {} for group in groups()})


@dataclass
class Step:
    """One statement and the rows it takes (``rows`` is None for a statement without rows)."""

    action: str
    target: str
    statement: str
    rows: list[Row] | None = None
    #: Steps of one stage may run in any order: 0 deletions, 1 node writes, 2 relationship
    #: writes (which need the nodes).
    stage: int = 0
    #: The same write as one auto-commit statement that commits every ``$batch`` rows (node
    #: CREATEs), for a plan bigger than one transaction.
    bulk: str | None = None
    #: How a row travels (default: as its map).
    pack: Callable[[Row], Any] | None = None
    #: A relationship CREATE's group: its statement (one for every group of the type) takes
    #: the endpoints by element id, which the store puts in place of the keys.
    group: Group | None = None

    def batches(self, size: int) -> Iterator[list[Any] | None]:
        """The rows as sent, in lists of at most ``size``."""
        if self.rows is None:
            yield None
            return
        rows = self.rows if self.pack is None else map(self.pack, self.rows)
        yield from cypher.batches(iter(rows), size)


def edge_packer(rel_type: str) -> Callable[[Row], list[Any]]:
    """A relationship row as the list :func:`statements.create_edges_by_id` takes (the keys
    still in place of the element ids)."""
    columns = statements.edge_columns(rel_type)
    return lambda row: [row.get(column) for column in columns]


@dataclass
class WritePlan:
    """What a write sends: deletions first, then node writes, then relationship writes."""

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
    node_writes: list[Step] = []
    edge_writes: list[Step] = []
    for rel_type in SCHEMA.relationships:
        if rel_type in current.strays:
            plan.steps.append(Step("delete", f"{rel_type} (strays)",
                                   statements.delete_stray_edges(rel_type)))
    for group in groups():
        want, have = desired.edges.get(group, {}), current.edges.get(group, {})
        gone = {pair for pair, hashes in have.items() if pair not in want or len(hashes) > 1}
        new, changed = [], []
        for pair, row in want.items():
            hashes = None if pair in gone else have.get(pair)
            if hashes is None:
                new.append(row)
            elif hashes != [row[HASH]]:
                changed.append(row)
        plan.unchanged += len(want) - len(new) - len(changed)
        target = f"{group[0]} ({group[1]}->{group[2]})"
        if gone:
            plan.steps.append(Step("delete", target, statements.delete_edges(*group),
                                   [{"source": s, "target": t} for s, t in gone]))
        if new:
            edge_writes.append(Step("create", target, statements.create_edges_by_id(group[0]),
                                    new, 2, pack=edge_packer(group[0]), group=group))
        if changed:
            edge_writes.append(Step("upsert", target, statements.upsert_edges(*group), changed,
                                    2))
    for label in SCHEMA.nodes:
        want, have = desired.nodes[label], current.nodes.get(label, {})
        if None in have:
            plan.steps.append(Step("delete", f"{label} (no key)",
                                   statements.delete_keyless_nodes(label)))
        gone = [{"key": key} for key in have if key is not None and key not in want]
        new, changed = [], []
        for key, row in want.items():
            hashes = have.get(key)
            if hashes is None:
                new.append(row)
            elif hashes != [row[HASH]]:
                changed.append(row)
        plan.unchanged += len(want) - len(new) - len(changed)
        if gone:
            plan.steps.append(Step("delete", label, statements.delete_nodes(label), gone))
        if new:
            node_writes.append(Step("create", label, statements.create_nodes(label), new, 1,
                                    bulk=statements.in_transactions(
                                        statements.create_nodes(label))))
        if changed:
            node_writes.append(Step("upsert", label, statements.upsert_nodes(label), changed, 1))
    plan.steps += node_writes + edge_writes
    return plan

"""The Neo4j store's diff planner: from the rows a graph asks for and the keys and hashes the
server holds, the statements that make the server hold exactly the graph.

Rows whose key (a node's) or endpoint pair (a relationship's) the server does not hold are
CREATEd; rows whose ``kg_hash`` differs are MERGEd; rows that did not change are not sent.
Relationships and nodes no longer in the graph are deleted first, and so are duplicates and
relationships between labels the schema does not allow for their type. A node CREATE step
also carries its auto-commit form (``bulk``: ``CALL { } IN TRANSACTIONS``) for a plan too big
for one transaction; a relationship CREATE step finds its endpoints by element id (``group``
says their labels), its rows sent as lists (``pack``), not maps.

MENTIONS are planned per paper (kg.store.neo4j_schema): a paper whose ``kg_mentions`` digest or
whose number of MENTIONS on the server differs from the graph's has its MENTIONS deleted and
created again, one row per paper (``[paper key, [[target label, target key, properties...],
...]]``), so an inner transaction of a big load holds a paper's MENTIONS whole.
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
from kg.store.neo4j_schema import (
    HASH,
    MENTIONS,
    MENTIONS_HASH,
    MENTIONS_SOURCE,
    Group,
    MentionSet,
    Row,
    groups,
    mention_sets,
    paper_row_with_mentions,
    row_hash,
)


def _key(label: str) -> str:
    return SCHEMA.nodes[label].key


def _hashed(row: Row) -> Row:
    return {**row, HASH: row_hash(row)}


@dataclass
class Desired:
    """The rows a graph asks for: node rows by label and key, edge rows by group and endpoints
    (every type but MENTIONS), and each paper's MENTIONS set by paper key."""

    nodes: dict[str, dict[str, Row]]
    edges: dict[Group, dict[tuple[str, str], Row]]
    mentions: dict[str, MentionSet] = field(default_factory=dict)

    @classmethod
    def of(cls, graph: KnowledgeGraph) -> Desired:
        edges: dict[Group, dict[tuple[str, str], Row]] = {
            group: {} for group in groups() if group[0] != MENTIONS}
        mentioning = []
        for edge in graph.edges():  # one pass over every type
            if edge.type == MENTIONS:
                mentioning.append(edge)
                continue
            rows = edges.get((edge.type, edge.source[0], edge.target[0]))
            if rows is not None:  # a pair of labels the schema allows for the type
                row = cypher.edge_row(edge)
                rows[(row["source"], row["target"])] = _hashed(row)
        mentions = mention_sets(mentioning)
        nodes: dict[str, dict[str, Row]] = {}
        for label in SCHEMA.nodes:
            key = _key(label)
            if label == MENTIONS_SOURCE:
                nodes[label] = {row[key]: paper_row_with_mentions(row, mentions.get(row[key], []))
                                for row in cypher.node_rows(graph, label)}
            else:
                nodes[label] = {row[key]: _hashed(row) for row in cypher.node_rows(graph, label)}
        return cls(nodes, edges, mentions)

    def stats(self) -> dict[str, dict[str, int]]:
        rels: Counter[str] = Counter()
        for (rel_type, _, _), rows in self.edges.items():
            rels[rel_type] += len(rows)
        rels[MENTIONS] += sum(map(len, self.mentions.values()))
        return {"nodes": {label: len(rows) for label, rows in self.nodes.items()},
                "relationships": {t: rels[t] for t in SCHEMA.relationships}}


@dataclass
class Current:
    """What the server holds: hashes by key and by endpoint pair (every type but MENTIONS),
    each paper's MENTIONS digest and number of MENTIONS, all MENTIONS, and the relationship
    types that connect labels the schema does not allow for them (``strays``)."""

    nodes: dict[str, dict[str | None, list[str | None]]]
    edges: dict[Group, dict[tuple[str, str], list[str | None]]]
    strays: set[str] = field(default_factory=set)
    mentions: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    mentions_total: int = 0

    @classmethod
    def empty(cls) -> Current:
        """An empty server."""
        return cls({label: {} for label in SCHEMA.nodes},
                   {group: {} for group in groups() if group[0] != MENTIONS})


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
    #: A MENTIONS CREATE: a row per paper, its MENTIONS in ``row[1]`` (endpoints by element id
    #: when sent, like ``group``).
    mentions: bool = False

    @property
    def size(self) -> int:
        """The rows this step writes (a MENTIONS row counts its relationships)."""
        if self.rows is None:
            return 1
        return sum(len(row[1]) for row in self.rows) if self.mentions else len(self.rows)

    def per_transaction(self, size: int) -> int:
        """How many of this step's rows hold about ``size`` rows written."""
        if not self.mentions or not self.rows:
            return size
        return max(1, size * len(self.rows) // max(1, self.size))

    def batches(self, size: int) -> Iterator[list[Any] | None]:
        """The rows as sent, in lists of at most ``size`` (for MENTIONS: of whole papers with
        at most ``size`` MENTIONS together, or one paper)."""
        if self.rows is None:
            yield None
            return
        if self.mentions:
            yield from weighted_batches(self.rows, size)
            return
        rows = self.rows if self.pack is None else map(self.pack, self.rows)
        yield from cypher.batches(iter(rows), size)


def weighted_batches(rows: list[list[Any]], size: int) -> Iterator[list[list[Any]]]:
    """Per-paper MENTIONS rows in lists of at most ``size`` relationships (a paper with more
    is a list of its own)."""
    batch: list[list[Any]] = []
    weight = 0
    for row in rows:
        if batch and weight + len(row[1]) > size:
            yield batch
            batch, weight = [], 0
        batch.append(row)
        weight += len(row[1])
    if batch:
        yield batch


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
        return sum(step.size for step in self.steps)

    def describe(self, batch_size: int) -> list[str]:
        """One line per step: action, target, rows and batch sizes."""
        lines = []
        for step in self.steps:
            if step.rows is None:
                lines.append(f"{step.action:7} {step.target:42} (no rows)")
                continue
            sizes = [len(b or ()) for b in step.batches(batch_size)]
            lines.append(f"{step.action:7} {step.target:42} {step.size:6} rows in "
                         f"{len(sizes)} batch(es) of {max(sizes)} or fewer")
        lines.append(f"unchanged rows not sent: {self.unchanged}")
        return lines


def make_plan(desired: Desired, current: Current) -> WritePlan:
    """The statements that turn ``current`` into ``desired``."""
    plan = WritePlan()
    node_writes: list[Step] = []
    edge_writes: list[Step] = []
    strays = set(current.strays)
    if current.mentions_total != sum(count for _, count in current.mentions.values()):
        strays.add(MENTIONS)  # MENTIONS from nodes that are no papers
    for rel_type in SCHEMA.relationships:
        if rel_type in strays:
            plan.steps.append(Step("delete", f"{rel_type} (strays)",
                                   statements.delete_stray_edges(rel_type)))
    for group in groups():
        if group[0] == MENTIONS:
            continue
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
    edge_writes += _plan_mentions(plan, desired, current)
    plan.steps += node_writes + edge_writes
    return plan


def _plan_mentions(plan: WritePlan, desired: Desired, current: Current) -> list[Step]:
    """Delete (with the deletions) and CREATE again the MENTIONS of every paper whose digest or
    number of MENTIONS on the server differs from the graph's; the CREATE step."""
    cleared, written = [], []
    for key, row in desired.nodes[MENTIONS_SOURCE].items():
        want = desired.mentions.get(key, [])
        held = current.mentions.get(key)
        if held == (row[MENTIONS_HASH], len(want)):
            plan.unchanged += len(want)
            continue
        if held is not None and held[1]:
            cleared.append({"key": key})
        if want:
            written.append([key, want])
    if cleared:
        plan.steps.append(Step("delete", f"{MENTIONS} (changed papers)",
                               statements.delete_mentions(), cleared))
    if not written:
        return []
    return [Step("create", MENTIONS, statements.create_mentions(), written, 2, mentions=True)]

"""Cypher statements generated from the schema, in the dialect Neo4j and LadybugDB share, and the
rows they take. Every value travels as a parameter; labels and property names come from the
schema only, never from data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kg.graph import MENTION_OFFSETS, Concept, Edge, Evidence, KnowledgeGraph, Paper
from kg.schema import SCHEMA


def _key(label: str) -> str:
    return SCHEMA.nodes[label].key


def merge_nodes(label: str) -> str:
    """``UNWIND $rows`` statement that merges nodes of ``label`` on their key and sets the rest."""
    key = _key(label)
    sets = ", ".join(f"n.{p} = row.{p}" for p in SCHEMA.nodes[label].properties if p != key)
    return f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.{key}}}) SET {sets}"


def merge_edges(rel_type: str, source: str, target: str) -> str:
    """``UNWIND $rows`` statement that merges ``(source)-[rel_type]->(target)`` edges by endpoint
    keys (rows: ``source``, ``target`` and the properties)."""
    sets = ", ".join(f"r.{p} = row.{p}" for p in SCHEMA.relationships[rel_type].properties)
    return (f"UNWIND $rows AS row MATCH (a:{source} {{{_key(source)}: row.source}}) "
            f"MATCH (b:{target} {{{_key(target)}: row.target}}) "
            f"MERGE (a)-[r:{rel_type}]->(b) SET {sets}")


def count_nodes(label: str) -> str:
    return f"MATCH (n:{label}) RETURN count(n) AS n"


def count_edges(rel_type: str) -> str:
    return f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n"


def read_nodes(label: str) -> str:
    columns = ", ".join(f"n.{p} AS {p}" for p in SCHEMA.nodes[label].properties)
    return f"MATCH (n:{label}) RETURN {columns} ORDER BY n.{_key(label)}"


def read_edges(rel_type: str, source: str, target: str) -> str:
    columns = ", ".join(f"r.{p} AS {p}" for p in SCHEMA.relationships[rel_type].properties)
    return (f"MATCH (a:{source})-[r:{rel_type}]->(b:{target}) "
            f"RETURN a.{_key(source)} AS source, b.{_key(target)} AS target, {columns}")


def node_rows(graph: KnowledgeGraph, label: str) -> Iterator[dict[str, Any]]:
    """Property rows of the graph's nodes with ``label``, as the schema lists them."""
    if label == "Paper":
        yield from map(paper_row, graph.papers())
        return
    yield from map(concept_row, graph.concepts(label))


def concept_row(c: Concept) -> dict[str, Any]:
    """A concept node's properties, as the schema lists them."""
    return {"key": c.key, "name": c.name, "aliases": list(c.aliases),
            "paper_count": c.paper_count, "mention_count": c.mention_count,
            "confidence": round(c.confidence, 4)}


def paper_row(paper: Paper) -> dict[str, Any]:
    """A Paper node's properties, as the schema lists them."""
    return {**paper.to_dict(), "content_hash": paper.content_hash}


def edge_rows(graph: KnowledgeGraph, rel_type: str, source: str, target: str
              ) -> Iterator[dict[str, Any]]:
    """Rows for :func:`merge_edges`: endpoint keys plus the edge's schema properties."""
    for edge in graph.edges(rel_type):
        if edge.source[0] == source and edge.target[0] == target:
            yield edge_row(edge)


def edge_row(edge: Edge) -> dict[str, Any]:
    """An edge's row: endpoint keys plus its schema properties."""
    return {"source": edge.source[1], "target": edge.target[1], **edge.properties()}


def paper_from_row(row: dict[str, Any]) -> Paper:
    return Paper(id=row["id"], title=row["title"] or "", abstract=row["abstract"] or "",
                 year=row.get("year"), authors=tuple(row.get("authors") or ()),
                 url=row.get("url"), source=row.get("source") or "")


def concept_from_row(label: str, row: dict[str, Any]) -> Concept:
    return Concept(key=row["key"], label=label, name=row["name"],
                   aliases=tuple(row.get("aliases") or ()),
                   paper_count=row.get("paper_count") or 0,
                   mention_count=row.get("mention_count") or 0,
                   confidence=float(row["confidence"]) if row.get("confidence") is not None
                   else 1.0)


def edge_from_row(rel_type: str, source: str, target: str, row: dict[str, Any],
                  graph: KnowledgeGraph | None = None) -> Edge:
    """An edge from its stored row. A MENTIONS edge gets its paper, confidence and evidence
    back from its offsets, the sentence from the paper's text when ``graph`` holds the paper."""
    if rel_type == "MENTIONS":
        return _mentions_from_row(source, target, row, graph)
    return Edge(rel_type, (source, row["source"]), (target, row["target"]),
                papers=tuple(row.get("papers") or ()),
                confidence=float(row.get("confidence") or 0.0),
                evidence=tuple(Evidence.from_json(e) for e in row.get("evidence") or ()))


def _mentions_from_row(source: str, target: str, row: dict[str, Any],
                       graph: KnowledgeGraph | None) -> Edge:
    paper_id = row["source"]
    evidence: tuple[Evidence, ...] = ()
    mark_start, mark_end, start, end = (row.get(name) for name in MENTION_OFFSETS)
    if start is not None and end is not None:
        node = ("Paper", paper_id)
        text = graph.node(node).text if graph is not None and node in graph.nx else ""
        evidence = (Evidence(paper_id, text[start:end], start, end, ((mark_start, mark_end),)),)
    return Edge("MENTIONS", (source, paper_id), (target, row["target"]), papers=(paper_id,),
                confidence=1.0, evidence=evidence, count=row.get("count") or 0)


def batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Rows in lists of at most ``size``."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def json_cell(value: Any) -> str:
    """A compact JSON text for a list/dict cell in tables and CSV."""
    return json.dumps(value, ensure_ascii=False, default=str)

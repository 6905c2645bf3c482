"""What the Neo4j store and the ``neo4j-admin`` import files share, without the driver: the
row digest (``kg_hash``), a paper's digest of its MENTIONS (``kg_mentions``), the edge groups,
and the constraints and full-text index generated from schema/schema.toml (kg.export.neo4j_csv
imports this, never the store).

MENTIONS are most of a graph and a paper's MENTIONS change together (re-extracting a paper
re-writes them all), so they carry no ``kg_hash`` of their own: their source paper's node holds
``kg_mentions``, one digest of the paper's whole MENTIONS set (targets and properties), and the
paper's ``kg_hash`` covers it. The store tells a paper's MENTIONS unchanged by that digest and
by how many MENTIONS the paper has on the server.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.graph import Edge
from kg.schema import SCHEMA, schema_dir

#: The property holding each row's content digest (see the module docstring).
HASH = "kg_hash"
#: The relationship type whose rows are digested per source node, not per row.
MENTIONS = "MENTIONS"
#: The label MENTIONS come from (the schema allows one), and its property holding the digest
#: of the node's MENTIONS set.
(MENTIONS_SOURCE,) = SCHEMA.relationships[MENTIONS].sources
MENTIONS_HASH = "kg_mentions"
#: Properties kg keeps on the server for itself (never shown as graph data).
INTERNAL = (HASH, MENTIONS_HASH)
#: The full-text index over concept names, and the properties it covers where a label has them.
FULLTEXT_INDEX = "kg_names"
NAME_PROPERTIES = ("name", "aliases")
#: The generated DDL file: ``python -m kg.store.neo4j_schema`` rewrites it from schema.toml.
CONSTRAINTS_FILE = "neo4j-constraints.cypher"

Row = dict[str, Any]
#: An edge group: (relationship type, source label, target label).
Group = tuple[str, str, str]


def constraint_statements() -> list[str]:
    """A uniqueness constraint on the key of every label."""
    return [f"CREATE CONSTRAINT kg_{label.lower()}_{node.key} IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.{node.key} IS UNIQUE"
            for label, node in SCHEMA.nodes.items()]


def fulltext_statements() -> list[str]:
    """The full-text index over names and aliases (Neo4j only: behind a capability check)."""
    labels = [label for label, node in SCHEMA.nodes.items()
              if all(p in node.properties for p in NAME_PROPERTIES)]
    if not labels:
        return []
    properties = ", ".join(f"n.{p}" for p in NAME_PROPERTIES)
    return [f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
            f"FOR (n:{'|'.join(labels)}) ON EACH [{properties}]"]


def constraints_text() -> str:
    """The content of schema/neo4j-constraints.cypher, generated from schema.toml."""
    lines = ["// Generated from schema.toml by kg.store.neo4j_schema (python -m "
             "kg.store.neo4j_schema): do not edit.",
             "// Run once on a new database, e.g. after `neo4j-admin database import`:",
             "//   cypher-shell -u neo4j -p PASSWORD -f neo4j-constraints.cypher", ""]
    return "\n".join(lines + [f"{s};" for s in constraint_statements() + fulltext_statements()]
                     ) + "\n"


def groups() -> list[Group]:
    """Every (relationship type, source label, target label) the schema allows."""
    return [(t, s, e) for t in SCHEMA.relationships for s, e in SCHEMA.endpoint_pairs(t)]


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_hash(row: Row) -> str:
    """Digest of a row's properties (whatever the key order)."""
    return hashlib.sha256(_CANONICAL.encode(row).encode("utf-8")).hexdigest()[:16]


#: A paper's MENTIONS set: one list per relationship, [target label, target key, properties...].
MentionSet = list[list[Any]]


def mention_sets(edges: Iterable[Edge]) -> dict[str, MentionSet]:
    """Every paper's MENTIONS among ``edges`` (those between labels the schema allows), sorted
    by target, each as ``[target label, target key, *properties in schema order]``."""
    rel = SCHEMA.relationships[MENTIONS]
    sources, targets, columns = set(rel.sources), set(rel.targets), list(rel.properties)
    sets: dict[str, MentionSet] = {}
    for edge in edges:
        if edge.type == MENTIONS and edge.source[0] in sources and edge.target[0] in targets:
            values = edge.properties()
            sets.setdefault(edge.source[1], []).append(
                [edge.target[0], edge.target[1], *(values[c] for c in columns)])
    for rows in sets.values():
        rows.sort(key=lambda row: (row[0], row[1]))
    return sets


def mentions_hash(rows: Iterable[list[Any]]) -> str:
    """Digest of a paper's MENTIONS set (as :func:`mention_sets` gives it)."""
    return hashlib.sha256(_CANONICAL.encode(list(rows)).encode("utf-8")).hexdigest()[:16]


def paper_row_with_mentions(row: Row, mentions: MentionSet) -> Row:
    """A paper's row with its MENTIONS digest and its ``kg_hash`` over both."""
    row = {**row, MENTIONS_HASH: mentions_hash(mentions)}
    return {**row, HASH: row_hash(row)}


def write_constraints_file(path: Path | None = None) -> Path:
    """Write :func:`constraints_text` (default: next to schema.toml)."""
    path = path or schema_dir() / CONSTRAINTS_FILE
    path.write_text(constraints_text(), encoding="utf-8")
    return path


def main() -> None:
    """``python -m kg.store.neo4j_schema``: regenerate schema/neo4j-constraints.cypher."""
    print(write_constraints_file())


if __name__ == "__main__":
    main()

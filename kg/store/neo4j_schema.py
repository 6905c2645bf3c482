"""What the Neo4j store and the ``neo4j-admin`` import files share, without the driver: the
row digest (``kg_hash``), the edge groups, and the constraints and full-text index generated
from schema/schema.toml (kg.export.neo4j_csv imports this, never the store)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from kg.schema import SCHEMA, schema_dir

#: The property holding each row's content digest (see the module docstring).
HASH = "kg_hash"
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

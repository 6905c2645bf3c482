"""Every Cypher statement the Neo4j store can send, checked offline by Neo4j's own Cypher front end
(@neo4j-cypher/language-support: the parser and semantic analysis of Neo4j's editors) as Cypher 5.

Needs node and `npm ci` at the repo root; skipped without them, except in CI (CI set), where that
fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kg.schema import SCHEMA
from kg.store import neo4j as neo4j_store

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "lint_cypher.mjs"
PACKAGE = ROOT / "node_modules" / "@neo4j-cypher" / "language-support"


def lint(statements: list[str]) -> list[list[dict[str, Any]]]:
    """The diagnostics of each statement, linted against the kg schema."""
    node = shutil.which("node")
    missing = ("node is not installed (apt-get install nodejs)" if node is None else
               "@neo4j-cypher/language-support is not installed (run `npm ci` at the repo root)"
               if not PACKAGE.is_dir() else None)
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; CI is set, so the Cypher lint cannot be skipped")
        pytest.skip(missing)
    properties = {p for spec in (*SCHEMA.nodes.values(), *SCHEMA.relationships.values())
                  for p in spec.properties}
    schema = {
        "labels": list(SCHEMA.nodes),
        "relationshipTypes": list(SCHEMA.relationships),
        # row.source / row.target are keys of the $rows maps, read like properties
        "propertyKeys": sorted(properties | {*neo4j_store.INTERNAL, "source", "target"}),
        "parameters": {name: [{}] for s in statements for name in re.findall(r"\$(\w+)", s)},
    }
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(
        {"statements": statements, "schema": schema}), capture_output=True, text=True,
        cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return [result["diagnostics"] for result in json.loads(done.stdout)]


def test_every_statement_the_store_sends_is_valid_cypher_5() -> None:
    statements = neo4j_store.all_statements()
    assert len(statements) == len(set(statements)) > 100
    problems = [f"{statement}\n    -> {d['message']} (at {d['offset']})"
                for statement, diagnostics in zip(statements, lint(statements), strict=True)
                for d in diagnostics]
    assert not problems, "Neo4j's Cypher front end objects:\n" + "\n".join(problems)


def test_the_linter_catches_mistakes() -> None:
    """The lint is live: Neo4j 4 DDL, an undefined variable and an unknown label are flagged."""
    bad = ["CREATE CONSTRAINT ON (n:Paper) ASSERT n.id IS UNIQUE",
           "MATCH (n:Paper) RETURN m",
           "MATCH (n:Papers) RETURN n.id"]
    assert all(lint(bad))

"""CSV files for ``neo4j-admin database import full``: the way to load millions of papers into a
new Neo4j database (offline, far faster than transactions), with the exact command in a README.

Layout of the output folder::

    nodes/Paper.csv, nodes/Method.csv, ...            one file per label
    relationships/MENTIONS-Paper-Method.csv, ...      one file per (type, source, target)
    neo4j-constraints.cypher                          constraints to run after the import
    README.md                                         the import command, for these files

Quoting: every string is quoted with ``"`` and an inner ``"`` is doubled (RFC 4180, neo4j-admin's
default; backslashes are plain characters). Arrays (aliases, authors, evidence) are joined with a
control character that no element contains, U+001F unless the data holds it; evidence sentences
and aliases hold ``;`` (neo4j-admin's default array delimiter) and ``,`` and quotes, which quoting
keeps. Missing values and empty arrays are empty unquoted fields: null (neo4j-admin imports no
empty arrays; kg reads a missing array as empty). Each row carries the ``kg_hash`` the Neo4j store
writes (MENTIONS none: a paper's row carries ``kg_mentions``, the digest of its MENTIONS set), so
a later ``kg build --store bolt://...`` against the imported database sends only what changed.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.graph import KnowledgeGraph
from kg.schema import SCHEMA
from kg.store import cypher
from kg.store.neo4j_schema import (
    HASH,
    MENTIONS,
    MENTIONS_HASH,
    MENTIONS_SOURCE,
    constraints_text,
    groups,
    mention_sets,
    paper_row_with_mentions,
    row_hash,
)

#: Array delimiters, in order of preference: the first that no array element contains is used.
ARRAY_DELIMITERS = ("\x1f", "\x1e", "\x1d", "\x1c", "|", "¦")
#: Header types for the schema's property types.
CSV_TYPES = {"string": "string", "int": "long", "float": "double", "string[]": "string[]"}
README = "README.md"
CONSTRAINTS = "neo4j-constraints.cypher"


@dataclass
class CsvExport:
    """What :func:`export_csv` wrote: files (relative to ``directory``) and their row counts."""

    directory: Path
    array_delimiter: str
    multiline: bool
    database: str
    node_files: dict[str, int] = field(default_factory=dict)
    relationship_files: dict[str, int] = field(default_factory=dict)

    @property
    def command(self) -> str:
        """The ``neo4j-admin`` command that imports these files (run inside ``directory``)."""
        parts = [f"--nodes={name}" for name in self.node_files]
        parts += [f"--relationships={name}" for name in self.relationship_files]
        parts += ["--delimiter=,", f"--array-delimiter={_char_option(self.array_delimiter)}",
                  '--quote="', f"--multiline-fields={str(self.multiline).lower()}",
                  self.database]
        return " \\\n  ".join(["neo4j-admin database import full", *map(shlex.quote, parts)])


def export_csv(graph: KnowledgeGraph, directory: str | Path, *,
               database: str = "neo4j") -> CsvExport:
    """Write ``graph`` as neo4j-admin import files into ``directory`` (created if missing)."""
    directory = Path(directory)
    mentions = mention_sets(graph.edges(MENTIONS))
    node_rows = {label: [paper_row_with_mentions(row, mentions.get(row[SCHEMA.nodes[label].key],
                                                                   []))
                         if label == MENTIONS_SOURCE else {**row, HASH: row_hash(row)}
                         for row in cypher.node_rows(graph, label)]
                 for label in SCHEMA.nodes}
    edge_rows = {group: [row if group[0] == MENTIONS else {**row, HASH: row_hash(row)}
                         for row in cypher.edge_rows(graph, *group)]
                 for group in groups()}
    every_row = [r for rows in (*node_rows.values(), *edge_rows.values()) for r in rows]
    export = CsvExport(directory, _array_delimiter(every_row), _multiline(every_row), database)

    for label, rows in node_rows.items():
        if not rows:
            continue
        node = SCHEMA.nodes[label]
        columns = [(node.key, f"{node.key}:ID({label})"), (None, ":LABEL")]
        columns += [(p, _typed(p, kind)) for p, kind in node.properties.items() if p != node.key]
        columns.append((HASH, f"{HASH}:string"))
        if label == MENTIONS_SOURCE:
            columns.append((MENTIONS_HASH, f"{MENTIONS_HASH}:string"))
        name = f"nodes/{label}.csv"
        _write(directory / name, columns, rows, {None: label}, export.array_delimiter)
        export.node_files[name] = len(rows)

    for group, rows in edge_rows.items():
        if not rows:
            continue
        rel_type, source, target = group
        columns = [("source", f":START_ID({source})"), ("target", f":END_ID({target})"),
                   (None, ":TYPE")]
        columns += [(p, _typed(p, kind))
                    for p, kind in SCHEMA.relationships[rel_type].properties.items()]
        if rel_type != MENTIONS:
            columns.append((HASH, f"{HASH}:string"))
        name = f"relationships/{rel_type}-{source}-{target}.csv"
        _write(directory / name, columns, rows, {None: rel_type}, export.array_delimiter)
        export.relationship_files[name] = len(rows)

    (directory / CONSTRAINTS).write_text(constraints_text(), encoding="utf-8")
    (directory / README).write_text(_readme(export), encoding="utf-8")
    return export


def _typed(name: str, kind: str) -> str:
    return f"{name}:{CSV_TYPES[kind]}"


def _array_delimiter(rows: Iterable[dict[str, Any]]) -> str:
    used = {ch for row in rows for value in row.values() if isinstance(value, list)
            for item in value for ch in ARRAY_DELIMITERS if ch in str(item)}
    for candidate in ARRAY_DELIMITERS:
        if candidate not in used:
            return candidate
    raise ValueError("every candidate array delimiter occurs in the data; cannot write CSV")


def _multiline(rows: Iterable[dict[str, Any]]) -> bool:
    def has_newline(value: Any) -> bool:
        if isinstance(value, list):
            return any(has_newline(v) for v in value)
        return isinstance(value, str) and ("\n" in value or "\r" in value)

    return any(has_newline(v) for row in rows for v in row.values())


def _cell(value: Any, delimiter: str) -> str:
    """One CSV field: strings quoted (inner quotes doubled), None and [] empty, numbers bare."""
    if value is None or value == []:
        return ""
    if isinstance(value, list):
        value = delimiter.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace('"', '""') + '"'


def _write(path: Path, columns: list[tuple[str | None, str]], rows: list[dict[str, Any]],
           constants: dict[None, str], delimiter: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(header for _, header in columns) + "\n")
        for row in rows:
            cells = [_cell(constants[None] if name is None else row.get(name), delimiter)
                     for name, _ in columns]
            handle.write(",".join(cells) + "\n")


def _char_option(char: str) -> str:
    """A delimiter as neo4j-admin reads it: printable as itself, a control character as U+XXXX."""
    return char if char.isprintable() else f"U+{ord(char):04X}"


def _readme(export: CsvExport) -> str:
    nodes = sum(export.node_files.values())
    rels = sum(export.relationship_files.values())
    lines = ("some values contain line breaks" if export.multiline
             else "no value contains a line break")
    return f"""# kg graph as neo4j-admin import files

{nodes} nodes in {len(export.node_files)} files (`nodes/`), {rels} relationships in
{len(export.relationship_files)} files (`relationships/`), written by `kg export csv`.

## Import (a new, empty database; the server stopped)

Run this in this folder, on the machine that holds the Neo4j installation (it writes the
database files directly):

```sh
{export.command}
```

- Arrays are joined with `{_char_option(export.array_delimiter)}`, a character that no value
  contains (evidence sentences and aliases contain `;`, neo4j-admin's default); every string is
  quoted with `"` and inner quotes are doubled, so commas, semicolons, quotes and backslashes
  are data. `--multiline-fields={str(export.multiline).lower()}`: {lines}.
- The database must not exist or be empty; add `--overwrite-destination=true` to replace an
  existing `{export.database}` database (its data is lost).
- With kg's docker/compose.yaml: export into `docker/import` (mounted at `/import`), stop the
  server (`docker compose stop neo4j`), then
  `docker compose run --rm -w /import neo4j <the command above>`.

## Then

Start Neo4j and create the constraints and the full-text index kg uses:

```sh
cypher-shell -u neo4j -p PASSWORD -d {export.database} -f {CONSTRAINTS}
```

Later builds can write to the server directly and send only what changed:
`kg build SOURCE... --store bolt://HOST:7687`.
"""

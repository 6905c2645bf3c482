"""Neo4j's catalogue calls answered offline for the embedded store: the rows behind
``db.labels()``, ``db.relationshipTypes()``, ``db.index.fulltext.queryNodes('kg_names', ...)``
and ``SHOW INDEXES``, computed from the stored graph and the schema.

The full-text search follows Neo4j's default analyzer for kg's index where it matters for
which nodes match: names and aliases are split into lower-case words (letters and digits), a
query is words (any may match), ``word*`` matches a prefix; other Lucene syntax is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kg.query.errors import CypherError
from kg.schema import SCHEMA

if TYPE_CHECKING:  # the parser loads only for a statement not planned before (kg.query.plan)
    from kg.query.parse import Parsed

Run = Callable[[str, dict[str, Any]], list[list[Any]]]
#: Words as Lucene's standard tokenizer finds them, close enough for names (letters, digits).
WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: SHOW INDEXES columns, as Neo4j 5 prints them.
INDEX_COLUMNS = ["id", "name", "state", "populationPercent", "type", "entityType",
                 "labelsOrTypes", "properties", "indexProvider", "owningConstraint",
                 "lastRead", "readCount"]


def is_show_indexes(parsed: Parsed) -> bool:
    """Whether the statement is ``SHOW [ALL|RANGE|FULLTEXT...] INDEX[ES]`` alone."""
    from kg.query.parse import P

    query = parsed.tree.queryWithLocalDefinitions()
    if query is None:
        return False
    clauses = [c for c in _clauses(query)]
    if len(clauses) != 1 or clauses[0].composableCommandClauses() is None:
        return False
    show = clauses[0].composableCommandClauses().composableShowCommandClauses()
    if show is None or not isinstance(show.getChild(1), P.ShowIndexCommandContext):
        raise CypherError("the embedded store runs SHOW INDEXES only")
    command = show.getChild(1)
    if command.showIndexesEnd().getChildCount() > 1:
        raise CypherError("SHOW INDEXES with YIELD or WHERE does not run on the embedded "
                          "store: run SHOW INDEXES")
    return True


def is_wait(parsed: Parsed) -> bool:
    """Whether the statement is ``CALL db.awaitIndexes(...)`` (or ``db.awaitIndex``) alone:
    the embedded store's indexes are always online, so it returns nothing at once."""
    query = parsed.tree.queryWithLocalDefinitions()
    clauses = _clauses(query) if query is not None else []
    return (len(clauses) == 1 and clauses[0].callClause() is not None
            and clauses[0].callClause().procedureName().getText().lower()
            in ("db.awaitindexes", "db.awaitindex"))


def _clauses(query: Any) -> list[Any]:
    from kg.query.parse import P, descendants

    return [c for c in descendants(query) if isinstance(c, P.ClauseContext)]


def show_indexes() -> tuple[list[str], list[list[Any]]]:
    """The indexes a Neo4j database holding kg's graph has (its two token lookup indexes, a
    uniqueness constraint's range index per label, the full-text index on names and
    aliases), as Neo4j's SHOW INDEXES rows. ``id``,
    ``lastRead`` and ``readCount`` are Neo4j's bookkeeping: here a count, null and 0."""
    from kg.store.neo4j import FULLTEXT_INDEX, NAME_PROPERTIES

    # the token lookup indexes every new Neo4j 5 database has, under their default names
    rows: list[list[Any]] = [
        ["index_343aff4e", "LOOKUP", "NODE", None, None, "token-lookup-1.0", None],
        ["index_f7700477", "LOOKUP", "RELATIONSHIP", None, None, "token-lookup-1.0", None]]
    for label, node in SCHEMA.nodes.items():
        name = f"kg_{label.lower()}_{node.key}"
        rows.append([name, "RANGE", "NODE", [label], [node.key], "range-1.0", name])
    named = [label for label, node in SCHEMA.nodes.items()
             if all(p in node.properties for p in NAME_PROPERTIES)]
    if named:
        rows.append([FULLTEXT_INDEX, "FULLTEXT", "NODE", named, list(NAME_PROPERTIES),
                     "fulltext-1.0", None])
    rows.sort(key=lambda row: row[0])
    return INDEX_COLUMNS, [[i + 1, name, "ONLINE", 100.0, kind, entity, labels, props,
                            provider, owner, None, 0]
                           for i, (name, kind, entity, labels, props, provider, owner)
                           in enumerate(rows)]


def labels_in_use(run: Run) -> list[str]:
    """Node labels with at least one node, in the schema's order."""
    return [label for label in SCHEMA.nodes
            if run(f"MATCH (n:{label}) RETURN n LIMIT 1", {})]


def types_in_use(run: Run) -> list[str]:
    """Relationship types with at least one relationship, in the schema's order."""
    return [rel for rel in SCHEMA.relationships
            if run(f"MATCH ()-[r:{rel}]->() RETURN r LIMIT 1", {})]


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def fulltext_hits(run: Run, query: str) -> list[dict[str, str]]:
    """The (label, key) of every node whose name or an alias has a word of ``query``."""
    from kg.store.neo4j import NAME_PROPERTIES

    terms = query.split()
    if not terms or any(not _plain_term(t) for t in terms):
        raise CypherError("the embedded store's full-text search takes words and word* "
                          f"prefixes (no Lucene operators, fields or quotes): got {query!r}")
    exact = {w for t in terms if not t.endswith("*") for w in words(t)}
    prefixes = [t[:-1].lower() for t in terms if t.endswith("*")]
    hits = []
    for label, node in SCHEMA.nodes.items():
        if not all(p in node.properties for p in NAME_PROPERTIES):
            continue
        for key, name, aliases in run(f"MATCH (n:{label}) RETURN n.{node.key}, n.name, "
                                      "n.aliases", {}):
            found = set(words(name or ""))
            for alias in aliases or []:
                found.update(words(alias))
            if found & exact or any(w.startswith(p) for w in found for p in prefixes):
                hits.append({"label": label, "key": key})
    return hits


def _plain_term(term: str) -> bool:
    body = term[:-1] if term.endswith("*") else term
    return bool(body) and all(ch.isalnum() or ch in "-._'" for ch in body)

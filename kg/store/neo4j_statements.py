"""Every Cypher statement the Neo4j store sends, generated from schema/schema.toml.

Labels, relationship types and property names come from the schema, never from data; every
value travels as a parameter (``$rows``: a list of row maps for ``UNWIND``).
"""

from __future__ import annotations

from kg.schema import SCHEMA
from kg.store import cypher
from kg.store.base import delete_papers, papers_present
from kg.store.neo4j_schema import (
    HASH,
    MENTIONS,
    MENTIONS_HASH,
    MENTIONS_SOURCE,
    constraint_statements,
    fulltext_statements,
    groups,
)

PING = "RETURN 1 AS ok"


def _key(label: str) -> str:
    return SCHEMA.nodes[label].key


def _node_match(var: str, label: str, field: str) -> str:
    return f"MATCH ({var}:{label} {{{_key(label)}: row.{field}}})"


# --- writes ------------------------------------------------------------------------------------

def create_nodes(label: str) -> str:
    """CREATE nodes whose keys the server does not hold (rows: the properties and the hash)."""
    return f"UNWIND $rows AS row CREATE (n:{label}) SET n = row"


def upsert_nodes(label: str) -> str:
    """MERGE nodes on their key, set their properties and hash (and a paper's MENTIONS
    digest)."""
    extra = f", n.{MENTIONS_HASH} = row.{MENTIONS_HASH}" if label == MENTIONS_SOURCE else ""
    return f"{cypher.merge_nodes(label)}, n.{HASH} = row.{HASH}{extra}"


def edge_columns(rel_type: str) -> list[str]:
    """The values of a relationship row as :func:`create_edges_by_id` takes it, in order: the
    endpoints, the properties, the hash (a list per row: cheaper to send and decode than a
    map)."""
    return ["source", "target", *SCHEMA.relationships[rel_type].properties, HASH]


def _edge_values(rel_type: str) -> str:
    return ", ".join(f"{p}: row[{i}]" for i, p in enumerate(edge_columns(rel_type)) if i > 1)


def create_edges_by_id(rel_type: str) -> str:
    """CREATE relationships the server does not hold yet between existing endpoints given by
    ``elementId``, any labels (rows: lists of :func:`edge_columns` with the two keys replaced by
    the endpoints' element ids, read back after the node writes): an id seek instead of the
    locking index seek a writing statement makes on a key, and one statement per type instead
    of one per pair of endpoint labels."""
    return ("UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row[0] "
            "MATCH (b) WHERE elementId(b) = row[1] "
            f"CREATE (a)-[:{rel_type} {{{_edge_values(rel_type)}}}]->(b)")


def create_mentions() -> str:
    """CREATE papers' MENTIONS, a row per paper: ``[paper element id, [[target element id,
    *properties], ...]]`` (a paper's MENTIONS are written together: the server holds all of
    them or none of them after an interrupted big load)."""
    values = ", ".join(f"{p}: m[{i}]"
                       for i, p in enumerate(SCHEMA.relationships[MENTIONS].properties, 1))
    return ("UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row[0] "
            "UNWIND row[1] AS m MATCH (b) WHERE elementId(b) = m[0] "
            f"CREATE (a)-[:{MENTIONS} {{{values}}}]->(b)")


def delete_mentions() -> str:
    """DELETE every MENTIONS of these papers (rows: ``key``), to be written again."""
    return (f"UNWIND $rows AS row {_node_match('a', MENTIONS_SOURCE, 'key')}"
            f"-[r:{MENTIONS}]->() DELETE r")


def in_transactions(statement: str) -> str:
    """An ``UNWIND $rows AS row ...`` write as one auto-commit statement that commits every
    ``$batch`` rows (``CALL { } IN TRANSACTIONS``)."""
    head = "UNWIND $rows AS row "
    assert statement.startswith(head), statement
    return f"{head}CALL (row) {{ {statement[len(head):]} }} IN TRANSACTIONS OF $batch ROWS"


def upsert_edges(rel_type: str, source: str, target: str) -> str:
    """MERGE relationships between existing endpoints, set their properties and hash."""
    return f"{cypher.merge_edges(rel_type, source, target)}, r.{HASH} = row.{HASH}"


def delete_nodes(label: str) -> str:
    """DETACH DELETE nodes by key (rows: ``key``)."""
    return f"UNWIND $rows AS row {_node_match('n', label, 'key')} DETACH DELETE n"


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


# --- reading what the server holds -------------------------------------------------------------

def node_hashes(label: str) -> str:
    """Every node's key and hash, as one list of ``[key, hash]`` pairs (one record: far cheaper
    for the driver to decode than a record per node)."""
    return f"MATCH (n:{label}) RETURN collect([n.{_key(label)}, n.{HASH}]) AS rows"


def mention_state() -> str:
    """Every paper's key, MENTIONS digest and number of MENTIONS (a degree the server keeps),
    as one list."""
    return (f"MATCH (n:{MENTIONS_SOURCE}) "
            f"RETURN collect([n.{_key(MENTIONS_SOURCE)}, n.{MENTIONS_HASH}, "
            f"COUNT {{ (n)-[:{MENTIONS}]->() }}]) AS rows")


def node_ids(label: str) -> str:
    """Every node's key and element id, as one list of ``[key, elementId]`` pairs."""
    return f"MATCH (n:{label}) RETURN collect([n.{_key(label)}, elementId(n)]) AS rows"


def _which(var: str, labels: list[str]) -> tuple[str, str]:
    """CASE expressions naming the schema label of ``var`` among ``labels`` (null for any other
    node) and its key under that label."""
    label = " ".join(f"WHEN {var}:{lab} THEN '{lab}'" for lab in labels)
    keys = {_key(lab) for lab in labels}
    if len(keys) == 1:  # a stray's key does not matter: its null label marks it
        return f"CASE {label} END", f"{var}.{keys.pop()}"
    key = " ".join(f"WHEN {var}:{lab} THEN {var}.{_key(lab)}" for lab in labels)
    return f"CASE {label} END", f"CASE {key} END"


def edge_hashes(rel_type: str) -> str:
    """Every relationship of ``rel_type``, by endpoint labels: one record per (source label,
    target label) with a list of ``[source key, target key, hash]``. An endpoint outside the
    labels the schema allows for the type comes back as a null label (a stray)."""
    rel = SCHEMA.relationships[rel_type]
    source_label, source_key = _which("a", list(rel.sources))
    target_label, target_key = _which("b", list(rel.targets))
    return (f"MATCH (a)-[r:{rel_type}]->(b) "
            f"RETURN {source_label} AS source, {target_label} AS target, "
            f"collect([{source_key}, {target_key}, r.{HASH}]) AS rows")


def all_statements() -> list[str]:
    """Every statement text the store can send, for the loaded schema (linted in the tests)."""
    statements = [*constraint_statements(), *fulltext_statements(), PING, papers_present(),
                  delete_papers(), create_mentions(), in_transactions(create_mentions()),
                  delete_mentions(), mention_state()]
    for label in SCHEMA.nodes:
        statements += [create_nodes(label), in_transactions(create_nodes(label)),
                       upsert_nodes(label), node_hashes(label), node_ids(label),
                       delete_nodes(label), delete_keyless_nodes(label),
                       cypher.read_nodes(label), cypher.count_nodes(label)]
    for rel_type in SCHEMA.relationships:
        statements += [delete_stray_edges(rel_type), cypher.count_edges(rel_type)]
        if rel_type != MENTIONS:  # planned per paper
            statements += [create_edges_by_id(rel_type),
                           in_transactions(create_edges_by_id(rel_type)), edge_hashes(rel_type)]
    for group in groups():
        statements.append(cypher.read_edges(*group))
        if group[0] != MENTIONS:
            statements += [upsert_edges(*group), delete_edges(*group)]
    return statements

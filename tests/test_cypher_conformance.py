"""One Cypher: the corpus of everyday Neo4j read queries (tests/cypher/corpus.toml) runs on the
embedded store and on a real Neo4j server holding the same graph (the sample corpus, loaded by
kg's own store code), and the rows are compared.

The hard line: no query returns different rows on the embedded store than on Neo4j without an
error. At least 95 % return the same rows; each of the rest is refused with one line naming
what to write instead (kg.query.translate.Unsupported).
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from neo4j_server import Neo4jServer

from kg.graph import KnowledgeGraph
from kg.query.translate import Unsupported
from kg.store import EmbeddedStore
from kg.store.base import StoreError
from kg.store.neo4j import Neo4jStore

CORPUS = Path(__file__).resolve().parent / "cypher" / "corpus.toml"
#: The share of the corpus that must return Neo4j's rows on the embedded store.
PASS_RATE = 0.95


def corpus() -> list[dict[str, Any]]:
    return tomllib.loads(CORPUS.read_text(encoding="utf-8"))["query"]


def normal(value: Any) -> Any:
    """A value in a form both stores' answers compare in (floats to 9 places)."""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 9)
    if isinstance(value, dict):
        return {k: normal(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [normal(v) for v in value]
    return value


def rows_of(columns: list[str], rows: list[list[Any]], query: dict[str, Any]) -> Any:
    ignore = set(query.get("ignore", ()))
    kept = [[normal(v) for c, v in zip(columns, row, strict=True) if c not in ignore]
            for row in rows]
    if query.get("ordered"):
        return kept
    return sorted(kept, key=lambda row: json.dumps(row, sort_keys=True, default=str))


@pytest.fixture(scope="module")
def neo4j_store(neo4j_server: Neo4jServer, sample_graph: KnowledgeGraph,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jStore]:
    """The sample graph on the real Neo4j server (emptied first), its full-text index
    online."""
    neo4j_server.clear()
    with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password,
                    neo4j_server.database) as store:
        store.write(sample_graph)
        with store.driver.session(database=store.database) as session:
            session.run("CALL db.awaitIndexes(120)").consume()
        yield store


def compare(query: dict[str, Any], embedded: EmbeddedStore, neo4j: Neo4jStore
            ) -> tuple[str, str]:
    """("same" | "refused" | "error" | "different", detail) for one corpus query."""
    params = query.get("params", {})
    theirs = neo4j.query(query["cypher"], params)  # the corpus is valid Neo4j Cypher
    try:
        ours = embedded.query(query["cypher"], params)
    except Unsupported as error:
        return "refused", str(error)
    except StoreError as error:
        return "error", str(error)
    if ours.columns != theirs.columns:
        return "different", f"columns {ours.columns} != Neo4j's {theirs.columns}"
    a, b = rows_of(ours.columns, ours.rows, query), rows_of(theirs.columns, theirs.rows, query)
    if a != b:
        return "different", (f"rows {json.dumps(a, default=str)[:400]} != Neo4j's "
                             f"{json.dumps(b, default=str)[:400]}")
    return "same", ""


def test_the_corpus_is_large_and_varied() -> None:
    queries = corpus()
    assert len(queries) >= 100
    assert len({q["cypher"] for q in queries}) == len(queries)
    assert len({q["kind"] for q in queries}) >= 40


def test_every_corpus_query_runs_or_is_refused_in_one_line(sample_store: EmbeddedStore
                                                             ) -> None:
    for query in corpus():
        try:
            sample_store.query(query["cypher"], query.get("params", {}))
        except StoreError as error:
            assert "\n" not in str(error), query["cypher"]


def test_embedded_answers_as_neo4j_does(sample_store: EmbeddedStore, neo4j_store: Neo4jStore
                                       ) -> None:
    outcomes = [(query, *compare(query, sample_store, neo4j_store)) for query in corpus()]
    same = sum(1 for _, outcome, _ in outcomes if outcome == "same")
    report = "\n".join(f"{outcome}: {query['cypher']}\n    {detail}"
                       for query, outcome, detail in outcomes if outcome != "same")
    print(f"\nconformance: {same}/{len(outcomes)} same rows "
          f"({100 * same / len(outcomes):.1f} %)\n{report}")
    different = [q for q, outcome, _ in outcomes if outcome == "different"]
    assert not different, "different answers without an error:\n" + report
    errors = [q for q, outcome, _ in outcomes if outcome == "error"]
    assert not errors, "engine errors instead of a refusal that says what to write:\n" + report
    assert same / len(outcomes) >= PASS_RATE, report


def test_readme_examples_answer_alike_on_both_stores(sample_store: EmbeddedStore,
                                                     neo4j_store: Neo4jStore) -> None:
    from test_readme import example_queries

    examples = example_queries()
    assert len(examples) >= 5
    for args in examples:
        statement = args[1]
        params = dict(value.split("=", 1) for flag, value in pairwise(args)
                      if flag in ("--param", "-p"))
        query = {"cypher": statement, "params": params, "ordered": "ORDER BY" in statement}
        outcome, detail = compare(query, sample_store, neo4j_store)
        assert outcome == "same", (statement, detail)

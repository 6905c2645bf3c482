"""Neo4j's Cypher on the embedded store, without a Neo4j server: the answers issue 25 found
wrong or failing, with the rows Neo4j's documented semantics give, the CLI's output, and
``kg query --write`` (its lock, and the next build replacing a hand edit)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.data import SAMPLE_CORPUS
from kg.query.parse import CypherError
from kg.query.translate import Unsupported
from kg.store import EmbeddedStore, open_store
from kg.store.lock import StoreLocked, store_lock


def rows(store: EmbeddedStore, statement: str, **params: object) -> list[list[object]]:
    return store.query(statement, params).rows


def test_labels_and_types_are_neo4j_s(sample_store: EmbeddedStore) -> None:
    assert rows(sample_store, "MATCH (c:Task) RETURN labels(c) LIMIT 1") == [[["Task"]]]
    assert rows(sample_store, "MATCH (c:Task) RETURN labels(c)[0], labels(c)[1] LIMIT 1") == \
        [["Task", None]]
    counts = dict(rows(sample_store, "MATCH ()-[r]->() RETURN type(r), count(*)"))
    assert counts == {t: n for t, n in sample_store.stats()["relationships"].items() if n}
    papers = sample_store.stats()["nodes"]["Paper"]
    total = sum(sample_store.stats()["nodes"].values())
    assert rows(sample_store, "MATCH (c) WHERE NOT c:Paper RETURN count(c)") == \
        [[total - papers]]
    nodes = sample_store.stats()["nodes"]
    assert rows(sample_store, "MATCH (n) WHERE n:Method OR n:Task RETURN count(n)") == \
        [[nodes["Method"] + nodes["Task"]]]
    assert rows(sample_store, "MATCH (n:Method|Task) RETURN count(n)") == \
        [[nodes["Method"] + nodes["Task"]]]


def test_indexing_and_slicing_are_zero_based(sample_store: EmbeddedStore) -> None:
    assert rows(sample_store, "RETURN [1, 2, 3][0], [1, 2, 3][-1], [1, 2, 3][3], "
                              "[1, 2, 3][1..], [1, 2, 3][..-1], [1, 2, 3][5..9]") == \
        [[1, 3, None, [2, 3], [1, 2], []]]


def test_functions_the_issue_lists(sample_store: EmbeddedStore) -> None:
    [[parts, text, random, same]] = rows(
        sample_store, "MATCH (a:Method)-[r:USED_FOR]->(b:Task) WITH a, r, b LIMIT 1 "
        "RETURN split('a,,b', ','), toString(12), rand(), startNode(r) = a AND endNode(r) = b")
    assert parts == ["a", "", "b"] and text == "12" and 0 <= random < 1 and same is True
    [[element]] = rows(sample_store, "MATCH (m:Method) RETURN elementId(m) LIMIT 1")
    assert isinstance(element, str)
    with pytest.raises(Unsupported, match="elementId"):
        sample_store.query("MATCH (n) RETURN id(n) LIMIT 1")


def test_subquery_shorthands_comprehensions_and_projections(sample_store: EmbeddedStore
                                                            ) -> None:
    exists = rows(sample_store, "MATCH (m:Method) WHERE EXISTS { (m)-[:EVALUATED_ON]->"
                                "(:Dataset) } RETURN count(m)")
    plain = rows(sample_store, "MATCH (m:Method)-[:EVALUATED_ON]->(:Dataset) "
                               "RETURN count(DISTINCT m)")
    assert exists == plain
    counted = rows(sample_store, "MATCH (m:Method) WITH m, COUNT { (m)<-[:MENTIONS]-() } AS n "
                                 "RETURN sum(n)")
    assert counted == rows(sample_store, "MATCH (:Method)<-[r:MENTIONS]-() RETURN count(r)")
    assert rows(sample_store, "RETURN [x IN range(1, 6) WHERE x % 2 = 0 | x * 10]") == \
        [[[20, 40, 60]]]
    assert rows(sample_store, "RETURN reduce(s = 0, x IN [1, 2, 3] | s + x * 2)") == [[12]]
    with pytest.raises(Unsupported, match="UNWIND and sum"):
        sample_store.query("RETURN reduce(n = 0, w IN ['ab', 'c'] | n + size(w))")
    [[projected]] = rows(sample_store, "MATCH (m:Method) RETURN m {.name, .paper_count} "
                                       "ORDER BY m.paper_count DESC, m.name LIMIT 1")
    assert set(projected) == {"name", "paper_count"}
    with pytest.raises(Unsupported, match="OPTIONAL MATCH"):
        sample_store.query("MATCH (m:Method) RETURN [(m)-->(t:Task) | t.name]")


def test_catalogue_calls_work_offline(sample_store: EmbeddedStore) -> None:
    labels = [row[0] for row in rows(sample_store, "CALL db.labels()")]
    assert labels == [label for label, n in sample_store.stats()["nodes"].items() if n]
    types = rows(sample_store, "CALL db.relationshipTypes() YIELD relationshipType "
                               "RETURN relationshipType")
    assert [row[0] for row in types] == [
        t for t, n in sample_store.stats()["relationships"].items() if n]
    hits = rows(sample_store, "CALL db.index.fulltext.queryNodes('kg_names', $q) YIELD node "
                              "RETURN node.name, node.aliases", q="transformer")
    assert hits and all("transformer" in " ".join([name, *aliases]).lower()
                        for name, aliases in hits)
    index = sample_store.query("SHOW INDEXES")
    assert "kg_names" in [row[1] for row in index.rows] and index.columns[:2] == ["id", "name"]


def test_missing_parameter_is_an_error_naming_it(sample_store: EmbeddedStore) -> None:
    with pytest.raises(CypherError, match=r"\$year"):
        sample_store.query("MATCH (p:Paper) WHERE p.year = $year RETURN p.id")
    result = CliRunner().invoke(main, ["query", "RETURN $x AS x", "--store",
                                       str(sample_store.path)])
    assert result.exit_code == 1 and "$x" in result.output and "-p x=" in result.output


def test_headers_abstract_and_json_are_neo4j_s(sample_store: EmbeddedStore) -> None:
    result = sample_store.query("MATCH (p:Paper) RETURN count(p), p.abstract ORDER BY "
                                "p.abstract LIMIT 1")
    assert result.columns == ["count(p)", "p.abstract"]
    assert isinstance(result.rows[0][1], str)
    [[node]] = rows(sample_store, "MATCH (p:Paper) RETURN p LIMIT 1")
    assert isinstance(node["abstract"], str)
    out = CliRunner().invoke(main, ["query", "MATCH ()-[r:USED_FOR]->() RETURN r.evidence, "
                                    "r LIMIT 1", "--store", str(sample_store.path), "-f",
                                    "json"])
    [row] = json.loads(out.output)
    assert isinstance(row["r.evidence"][0], dict) and "sentence" in row["r.evidence"][0]
    assert isinstance(row["r"]["evidence"][0], dict)


def test_write_takes_the_lock_and_the_next_build_replaces_hand_edits(
        sample_store: EmbeddedStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "store"
    shutil.copytree(sample_store.path, copy)
    store = open_store(copy)
    [[paper, title]] = rows(store, "MATCH (p:Paper) RETURN p.id, p.title ORDER BY p.id LIMIT 1")
    edit = "MATCH (p:Paper {id: $id}) SET p.title = $title"
    monkeypatch.setenv("KG_LOCK_WAIT", "0.2")
    with store_lock(copy, command="test"), pytest.raises(StoreLocked):
        store.query(edit, {"id": paper, "title": "edited by hand"}, write=True)
    store.query(edit, {"id": paper, "title": "edited by hand"}, write=True)
    assert rows(store, "MATCH (p:Paper {id: $id}) RETURN p.title", id=paper) == \
        [["edited by hand"]]
    build([SAMPLE_CORPUS], copy)
    assert rows(open_store(copy), "MATCH (p:Paper {id: $id}) RETURN p.title", id=paper) == \
        [[title]]


@pytest.mark.parametrize(("statement", "instead"), [
    ("MATCH (n:Method) SET n += $map", "SET n.a = $map.a"),
    ("MATCH (p:Paper) SET p.abstract = 'x'", "kg build"),
    ("MATCH (n:Method) SET n:Task", "one label"),
    ("MATCH (a)-[*]->(b) RETURN count(*)", "upper bound"),
    ("MATCH (n:Method:Task) RETURN n", "(n:A|B)"),
    ("CALL db.index.fulltext.queryNodes('kg_names', 'x') YIELD node, score RETURN node",
     "YIELD node"),
    ("MATCH (m:Method) RETURN toString(m.paper_count * 1.5)", "integers and strings"),
])
def test_what_does_not_translate_says_what_to_write(statement: str, instead: str) -> None:
    from kg.query.parse import parse
    from kg.query.translate import translate

    with pytest.raises(Unsupported, match=re.escape(instead)) as error:
        translate(parse(statement))
    assert "\n" not in str(error.value)


def test_start_and_end_of_an_undirected_relationship_are_its_stored_ends(
        sample_store: EmbeddedStore) -> None:
    """Kuzu issue 3166: LadybugDB's start_node(r) of a relationship matched without a
    direction is the pattern's left node; a MENTIONS runs Paper -> concept whichever side
    the pattern names first."""
    from kg.query.parse import parse
    from kg.query.translate import translate

    def text(statement: str) -> str:
        return translate(parse(statement)).text

    undirected = text("MATCH (t {name: 'Transformer'})-[r:MENTIONS]-() RETURN startNode(r)")
    assert "struct_extract(r, '_SRC') = id(t) THEN t" in undirected
    assert "-[r:MENTIONS]-(_kgn" in undirected  # the anonymous end is named
    assert "start_node" not in undirected
    directed = "MATCH (a:Method)-[r:USED_FOR]->(b) RETURN startNode(r) = a, endNode(r).name"
    assert text(directed) == ("MATCH (a:Method)-[r:USED_FOR]->(b) RETURN start_node(r) = a AS "
                              "`startNode(r) = a`, end_node(r).name AS `endNode(r).name`")
    assert "_kgn" not in text("MATCH (t)-[r]-() RETURN type(r)")  # only when asked for
    assert "DISTINCT r" in text("MATCH (a)-[r]-(b) WITH a UNWIND [1] AS r RETURN DISTINCT r")
    # a WITH carries the true ends along, as hidden columns
    carried = text("MATCH (a)-[r]-(b) WITH r AS x RETURN startNode(x).name")
    assert "AS _kgs" in carried and "_kgs1.name" in carried.replace("_kgs2", "_kgs1")

    [[starts, ends, n]] = rows(sample_store, "MATCH (t {name: 'Transformer'})-[r:MENTIONS]-(m) "
                               "RETURN startNode(r) = t, endNode(r) = t, count(*)")
    assert (starts, ends) == (False, True) and n > 0
    assert rows(sample_store, "MATCH (c:Method {name: 'Transformer'})-[r:MENTIONS]-(p) "
                              "WHERE startNode(r) = c OR endNode(r) = p RETURN count(*)") == [[0]]
    [[label, title, mine]] = rows(
        sample_store, "MATCH (c:Method {name: 'Transformer'})-[r:MENTIONS]-(p) WITH c, r, p "
        "LIMIT 1 RETURN labels(startNode(r)), startNode(r).title, endNode(r).name")
    assert label == ["Paper"] and isinstance(title, str) and mine == "Transformer"
    [[name]] = rows(sample_store, "MATCH (t {name: 'Transformer'})-[r:MENTIONS]-(m) "
                                  "WITH r LIMIT 1 RETURN endNode(r).name")
    assert name == "Transformer"


@pytest.mark.parametrize(("statement", "instead"), [
    ("MATCH (a:Method)-[r]-(b) RETURN startNode(r)", "startNode(r).property"),
    ("MATCH (a:Method)-[r]-(b) WITH r RETURN endNode(r).name", "before the WITH"),
    ("MATCH (a)-[r]-(b) RETURN DISTINCT r", "elementId(r)"),
    ("MATCH (a)-[r]-(b) WITH r, count(*) AS n RETURN n", "elementId(r)"),
])
def test_what_an_undirected_relationship_cannot_do_says_what_to_write(statement: str,
                                                                      instead: str) -> None:
    from kg.query.parse import parse
    from kg.query.translate import translate

    with pytest.raises(Unsupported, match=re.escape(instead)) as error:
        translate(parse(statement))
    assert "\n" not in str(error.value)

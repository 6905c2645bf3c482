"""The Neo4j store, through the official driver over real Bolt, against a real Neo4j Community
server started here (the ``neo4j_server`` fixture, tests/neo4j_server.py); plus the neo4j-admin
CSV export and the generated constraints file.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j_server import Neo4jServer, free_port, neo4j_version

from kg.export.neo4j_csv import CSV_TYPES, export_csv
from kg.graph import Concept, Edge, Evidence, KnowledgeGraph, Paper
from kg.schema import SCHEMA, schema_dir
from kg.store import neo4j as neo4j_store
from kg.store import neo4j_plan, neo4j_schema
from kg.store.base import StoreError
from kg.store.neo4j import CONSTRAINTS_FILE, Neo4jStore, constraints_text

NASTY = "x'}) DETACH DELETE n //\"; \\' \\\" \\\\ {$rows} `n` ;\n\tend ü 東京"


@pytest.fixture
def server(neo4j_empty: Neo4jServer) -> Neo4jServer:
    """The session's Neo4j server, emptied for this test."""
    return neo4j_empty


@pytest.fixture
def store(server: Neo4jServer, tmp_path: Path) -> Iterator[Neo4jStore]:
    with Neo4jStore(server.uri, server.user, server.password, server.database) as opened:
        yield opened


def nodes(graph: KnowledgeGraph) -> dict:
    return dict(graph.nx.nodes(data="obj"))


def edges(graph: KnowledgeGraph) -> dict:
    return {(a, b, key): obj for a, b, key, obj in graph.nx.edges(keys=True, data="obj")}


def nonzero(stats: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {part: {k: n for k, n in counts.items() if n} for part, counts in stats.items()}


def assert_holds(store: Neo4jStore, graph: KnowledgeGraph) -> None:
    back = store.read_graph()
    assert nodes(back) == nodes(graph)
    assert edges(back) == edges(graph)
    assert nonzero(store.stats()) == graph.stats()


def smaller(graph: KnowledgeGraph) -> KnowledgeGraph:
    """The graph without its first 40 papers and every concept they alone connected, with one
    concept renamed."""
    dropped = {p.id for p in sorted(graph.papers(), key=lambda p: p.id)[:40]}
    out = KnowledgeGraph()
    for paper in graph.papers():
        if paper.id not in dropped:
            out.add_paper(paper)
    kept = [e for e in graph.edges() if not ({e.source[1], e.target[1]} & dropped)]
    used = {n for e in kept for n in (e.source, e.target)}
    for concept in graph.concepts():
        if concept.node in used:
            out.add_concept(concept)
    for edge in kept:
        out.add_edge(edge)
    first = next(iter(out.concepts("Method")))
    out.replace_node(dataclasses.replace(first, name=first.name + " (renamed)"))
    return out


def tricky_graph() -> KnowledgeGraph:
    """A tiny graph whose strings hold quotes, backslashes, delimiters, newlines and Cypher."""
    graph = KnowledgeGraph()
    paper = Paper(id="p'1", title=f"T {NASTY}", abstract="A; B, \"C\"\n\nD\\E",
                  authors=("O'Brien, A.", 'Say "hi"; ok', NASTY), url=None, year=None)
    graph.add_paper(paper)
    graph.add_concept(Concept(key=f"method:{NASTY}", label="Method", name=NASTY,
                              aliases=("a;b", 'q"uote', "back\\slash", "new\nline", "\x1f"),
                              paper_count=1, mention_count=2))
    graph.add_concept(Concept(key="task:t", label="Task", name="t"))
    sentence = paper.text  # MENTIONS evidence is stored as offsets into the paper's text
    graph.add_edge(Edge("MENTIONS", ("Paper", "p'1"), ("Method", f"method:{NASTY}"),
                        papers=("p'1",), confidence=1.0, count=2,
                        evidence=(Evidence("p'1", sentence, 0, len(sentence), ((2, 7),)),)))
    graph.add_edge(Edge("USED_FOR", ("Method", f"method:{NASTY}"), ("Task", "task:t"),
                        papers=("p'1",), confidence=0.75))
    return graph


# --- the store against a server ------------------------------------------------------------------

def test_constraints_and_fulltext_index_exist_after_setup(store: Neo4jStore) -> None:
    store.ensure_schema()
    rows = store.query("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties").rows
    found = {(labels[0], props[0]) for name, kind, labels, props in rows
             if name.startswith("kg_") and kind == "UNIQUENESS"}
    assert found == {(label, node.key) for label, node in SCHEMA.nodes.items()}
    assert store.fulltext is True and store.notes == []
    indexes = store.query("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state "
                          "WHERE name = $name RETURN type, labelsOrTypes, properties",
                          {"name": neo4j_store.FULLTEXT_INDEX}).rows
    concept_labels = {label for label in SCHEMA.nodes if label != "Paper"}
    assert [(kind, set(labels), props) for kind, labels, props in indexes] == [
        ("FULLTEXT", concept_labels, list(neo4j_store.NAME_PROPERTIES))]


def test_fulltext_index_finds_concepts_by_name_and_alias(store: Neo4jStore) -> None:
    graph = KnowledgeGraph()
    graph.add_concept(Concept(key="method:long short-term memory", label="Method",
                              name="long short-term memory", aliases=("LSTM",)))
    graph.add_concept(Concept(key="dataset:squad", label="Dataset", name="SQuAD",
                              aliases=("Stanford Question Answering Dataset",)))
    store.write(graph)
    store.query("CALL db.awaitIndexes(60)")
    find = ("CALL db.index.fulltext.queryNodes($index, $text) YIELD node, score "
            "RETURN node.key AS key ORDER BY score DESC")

    def keys(text: str) -> list[str]:
        return [row[0] for row in store.query(find, {"index": neo4j_store.FULLTEXT_INDEX,
                                                      "text": text}).rows]

    assert keys("lstm") == ["method:long short-term memory"]  # by alias, any case
    assert keys("memory") == ["method:long short-term memory"]  # by a word of the name
    assert keys("squad") == ["dataset:squad"]
    assert keys("stanford") == ["dataset:squad"]
    assert keys("transformer") == []


def test_write_then_read_back_equal(store: Neo4jStore, sample_graph: KnowledgeGraph) -> None:
    store.write(sample_graph)
    assert_holds(store, sample_graph)


def test_remove_deletes_papers_and_their_relationships(store: Neo4jStore,
                                                       sample_graph: KnowledgeGraph) -> None:
    store.write(sample_graph)
    before = store.stats()
    ids = sorted({e.source[1] for e in sample_graph.edges("MENTIONS")})[:2]
    gone = sum(1 for e in sample_graph.edges("MENTIONS") if e.source[1] in ids)
    assert store.remove([ids[1], "no-such-paper", ids[0]]) == [ids[1], ids[0]]
    assert store.remove(["no-such-paper"]) == [] and store.remove([]) == []
    after = store.stats()
    assert after["nodes"]["Paper"] == before["nodes"]["Paper"] - 2
    assert after["relationships"]["MENTIONS"] == before["relationships"]["MENTIONS"] - gone
    assert store.query("MATCH (p:Paper) WHERE p.id IN $ids RETURN p.id", ids=ids).rows == []


def test_second_write_is_idempotent(store: Neo4jStore, sample_graph: KnowledgeGraph) -> None:
    store.write(sample_graph)
    before = store.stats()
    store.write(sample_graph)
    assert store.last_plan is not None and store.last_plan.steps == []
    assert store.last_plan.unchanged == len(sample_graph) + sample_graph.nx.number_of_edges()
    assert store.stats() == before


def test_smaller_graph_deletes_what_is_gone(store: Neo4jStore,
                                            sample_graph: KnowledgeGraph) -> None:
    store.write(sample_graph)
    less = smaller(sample_graph)
    store.write(less)
    assert_holds(store, less)
    actions = {(s.action, s.target.split()[0]) for s in store.last_plan.steps}
    assert ("delete", "Paper") in actions and ("upsert", "Method") in actions
    store.write(sample_graph)  # and back: the removed rows are written again
    assert_holds(store, sample_graph)


def test_interrupted_batched_write_resumes_without_duplicates(
        server: Neo4jServer, tmp_path: Path, sample_graph: KnowledgeGraph,
        monkeypatch: pytest.MonkeyPatch) -> None:
    store = Neo4jStore(server.uri, server.user, server.password, server.database,
                       batch_size=500, transaction_rows=0)
    with store:
        store.write(smaller(sample_graph))
        real, calls = neo4j_store._run_step, []

        def flaky(tx: object, statement: str, rows: list | None, *batch: int) -> None:
            calls.append(1)
            if len(calls) == 6:
                raise RuntimeError("killed mid-build")
            return real(tx, statement, rows, *batch)

        monkeypatch.setattr(neo4j_store, "_run_step", flaky)
        with pytest.raises(RuntimeError, match="killed"):
            store.write(sample_graph)
        monkeypatch.setattr(neo4j_store, "_run_step", real)
        store.write(sample_graph)
        assert_holds(store, sample_graph)


def test_write_is_all_or_nothing(store: Neo4jStore, sample_graph: KnowledgeGraph,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    less = smaller(sample_graph)
    store.write(less)
    real, calls = neo4j_store._run_step, []

    def flaky(tx: object, statement: str, rows: list | None, *batch: int) -> None:
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("failed mid-write")
        return real(tx, statement, rows, *batch)

    monkeypatch.setattr(neo4j_store, "_run_step", flaky)
    with pytest.raises(RuntimeError, match="mid-write"):
        store.write(sample_graph)
    monkeypatch.setattr(neo4j_store, "_run_step", real)
    assert_holds(store, less)  # the four statements that ran were rolled back


def test_write_removes_what_kg_did_not_write(store: Neo4jStore) -> None:
    graph = tricky_graph()
    store.write(graph)
    store.query("CREATE (:Method {name: 'no key'})", write=True)
    store.query("MATCH (t:Task {key: 'task:t'}) CREATE (t)-[:USED_FOR]->(t)", write=True)
    store.write(graph)
    assert_holds(store, graph)


def test_read_only_query_refuses_a_write(store: Neo4jStore) -> None:
    store.write(tricky_graph())
    with pytest.raises(StoreError, match="--write"):
        store.query("CREATE (n:Method {key: $key})", {"key": "method:sneaky"})
    count = "MATCH (n:Method {key: $key}) RETURN count(n) AS n"
    assert store.query(count, {"key": "method:sneaky"}).rows == [[0]]
    store.query("CREATE (n:Method {key: $key})", {"key": "method:sneaky"}, write=True)
    assert store.query(count, {"key": "method:sneaky"}).rows == [[1]]


def test_parameters_round_trip_as_data(store: Neo4jStore) -> None:
    graph = tricky_graph()
    store.write(graph)
    result = store.query("RETURN $value AS value, size($value) AS n", {"value": NASTY})
    assert result.columns == ["value", "n"] and result.rows == [[NASTY, len(NASTY)]]
    found = store.query("MATCH (n:Method) WHERE n.name = $name RETURN n", {"name": NASTY}).rows
    assert found[0][0]["_label"] == "Method" and found[0][0]["name"] == NASTY
    assert neo4j_store.HASH not in found[0][0]
    assert_holds(store, graph)  # nothing was deleted, every string came back as written


def test_unreachable_server_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Neo4jStore(f"bolt://127.0.0.1:{free_port()}", "neo4j", "secret")
    message = str(caught.value)
    assert "cannot reach a Neo4j server" in message and "\n" not in message
    with pytest.raises(StoreError, match="not a Neo4j URI"):
        Neo4jStore("http://127.0.0.1:7474", "neo4j", "secret")


def test_wrong_password_says_so(server: Neo4jServer, tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Neo4jStore(server.uri, server.user, server.password + "-wrong", server.database)
    message = str(caught.value)
    assert "refused the credentials" in message and "--password" in message
    assert "\n" not in message


def test_unknown_database_says_so(server: Neo4jServer, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database 'kgnosuchdb'"):
        Neo4jStore(server.uri, server.user, server.password, "kgnosuchdb")


def test_from_env(server: Neo4jServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", server.uri)
    monkeypatch.setenv("NEO4J_USER", server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", server.password)
    if server.database:
        monkeypatch.setenv("NEO4J_DATABASE", server.database)
    with Neo4jStore.from_env() as store:
        assert store.query("RETURN 1 AS one").rows == [[1]]
    monkeypatch.delenv("NEO4J_URI")
    with pytest.raises(StoreError, match="NEO4J_URI"):
        Neo4jStore.from_env()


# --- without a server ----------------------------------------------------------------------------

def test_constraints_file_matches_schema() -> None:
    path = schema_dir() / CONSTRAINTS_FILE
    assert path.read_text(encoding="utf-8") == constraints_text(), (
        f"{path} is stale: regenerate it with `python -m kg.store.neo4j_schema`")


def test_docker_runs_the_tested_release() -> None:
    """docker/ names the Neo4j release the tests run (tests/neo4j/pom.xml)."""
    docker = Path(__file__).resolve().parents[1] / "docker"
    version = neo4j_version()
    images = re.findall(r"^\s+image:\s*(neo4j:\S+)", (docker / "compose.yaml").read_text("utf-8"),
                        re.M)
    assert images == [f"neo4j:{version}-community"]
    assert f"Neo4j {version} Community" in (docker / "README.md").read_text("utf-8")


def test_plan_batches_rows(sample_graph: KnowledgeGraph) -> None:
    desired = neo4j_plan.Desired.of(sample_graph)
    plan = neo4j_plan.make_plan(desired, neo4j_plan.Current.empty())
    assert plan.rows == len(sample_graph) + sample_graph.nx.number_of_edges()
    assert all(s.action == "create" for s in plan.steps)  # an empty server: nothing to MERGE
    assert all(len(batch) <= 1000 for s in plan.steps for batch in s.batches(1000))
    assert all("$rows" in s.statement for s in plan.steps)


def held(desired: neo4j_plan.Desired) -> neo4j_plan.Current:
    """A server holding exactly ``desired``."""
    current = neo4j_plan.Current.empty()
    for label, rows in desired.nodes.items():
        current.nodes[label] = {key: [row[neo4j_store.HASH]] for key, row in rows.items()}
    for group, rows in desired.edges.items():
        current.edges[group] = {pair: [row[neo4j_store.HASH]] for pair, row in rows.items()}
    source = desired.nodes[neo4j_store.MENTIONS_SOURCE]
    current.mentions = {key: (row[neo4j_store.MENTIONS_HASH], len(desired.mentions.get(key, [])))
                        for key, row in source.items()}
    current.mentions_total = sum(map(len, desired.mentions.values()))
    return current


def test_plan_sends_only_what_changed(sample_graph: KnowledgeGraph) -> None:
    desired = neo4j_plan.Desired.of(sample_graph)
    rows = len(sample_graph) + sample_graph.nx.number_of_edges()
    assert neo4j_plan.make_plan(desired, held(desired)).steps == []

    current = held(desired)
    method = next(iter(current.nodes["Method"]))
    current.nodes["Method"][method] = ["stale"]  # changed on the server: MERGE it
    paper = next(iter(current.nodes["Paper"]))
    del current.nodes["Paper"][paper]  # missing on the server: CREATE it (and its MENTIONS)
    current.mentions_total -= current.mentions.pop(paper)[1]
    current.nodes["Task"]["task:not in the graph"] = ["x"]  # gone from the graph: delete it
    group = next(g for g, pairs in current.edges.items() if g[0] == "USED_FOR" and pairs)
    pair = next(iter(current.edges[group]))
    current.edges[group][pair] = current.edges[group][pair] * 2  # a duplicate: delete, CREATE
    current.strays.add("USED_FOR")
    mentioning, rewritten = [k for k, m in desired.mentions.items() if k != paper and m][:2]
    digest, count = current.mentions[mentioning]
    current.mentions[mentioning] = (digest, count - 1)  # one MENTIONS lost on the server
    current.mentions[rewritten] = ("stale", count)  # re-extracted: its MENTIONS changed
    current.mentions_total += 1  # and one MENTIONS from a node that is no paper
    plan = neo4j_plan.make_plan(desired, current)
    sent = {(s.action, s.target): s.rows for s in plan.steps}
    target = f"{group[0]} ({group[1]}->{group[2]})"
    created = [[key, desired.mentions[key]] for key in desired.nodes["Paper"]
               if key in (mentioning, rewritten, paper)]
    assert sent == {
        ("delete", "USED_FOR (strays)"): None,
        ("delete", "MENTIONS (strays)"): None,
        ("delete", target): [{"source": pair[0], "target": pair[1]}],
        ("delete", "Task"): [{"key": "task:not in the graph"}],
        ("delete", "MENTIONS (changed papers)"): [{"key": k} for k in desired.nodes["Paper"]
                                                  if k in (mentioning, rewritten)],
        ("upsert", "Method"): [desired.nodes["Method"][method]],
        ("create", "Paper"): [desired.nodes["Paper"][paper]],
        ("create", target): [desired.edges[group][pair]],
        ("create", "MENTIONS"): created,
    }
    assert [s.action for s in plan.steps][:5] == ["delete"] * 5  # deletions come first
    mentions_sent = sum(len(row[1]) for row in created)
    assert plan.unchanged == rows - 3 - mentions_sent  # the rows sent
    # written: those rows; deleted: 4 rows, and two statements without rows
    assert plan.rows == 3 + mentions_sent + 4 + 2


def test_mentions_digest_is_per_paper(sample_graph: KnowledgeGraph) -> None:
    """A paper's MENTIONS travel without a kg_hash each: one digest of the set, on the paper,
    covered by the paper's kg_hash; any change to one of them changes both."""
    desired = neo4j_plan.Desired.of(sample_graph)
    key, mentions = next((k, m) for k, m in desired.mentions.items() if len(m) > 1)
    row = desired.nodes["Paper"][key]
    assert row[neo4j_store.MENTIONS_HASH] == neo4j_schema.mentions_hash(mentions)
    changed = [list(m) for m in mentions]
    changed[-1][2] += 1  # one MENTIONS counted once more
    assert neo4j_schema.mentions_hash(changed) != row[neo4j_store.MENTIONS_HASH]
    again = neo4j_schema.paper_row_with_mentions(
        {k: v for k, v in row.items() if k not in neo4j_store.INTERNAL}, changed)
    assert again[neo4j_store.HASH] != row[neo4j_store.HASH]
    assert not any(g[0] == "MENTIONS" for g in desired.edges)  # no row (nor hash) per MENTIONS
    counted = desired.stats()["relationships"]["MENTIONS"]
    assert counted == sample_graph.stats()["relationships"]["MENTIONS"] > 1000


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def test_csv_export_headers_and_counts(sample_graph: KnowledgeGraph, tmp_path: Path) -> None:
    export = export_csv(sample_graph, tmp_path)
    stats = sample_graph.stats()
    for name, count in export.node_files.items():
        header, rows = read_csv(tmp_path / name)
        label = Path(name).stem
        node = SCHEMA.nodes[label]
        assert header[:2] == [f"{node.key}:ID({label})", ":LABEL"]
        typed = {h.split(":")[0]: h.split(":", 1)[1] for h in header[2:]}
        internal = [neo4j_store.HASH] + [neo4j_store.MENTIONS_HASH] * (label == "Paper")
        assert typed == {**{p: CSV_TYPES[k] for p, k in node.properties.items() if p != node.key},
                         **dict.fromkeys(internal, "string")}
        assert len(rows) == count == stats["nodes"][label]
        assert {row[1] for row in rows} == {label}
    by_type: dict[str, int] = {}
    for name, count in export.relationship_files.items():
        header, rows = read_csv(tmp_path / name)
        rel_type, source, target = Path(name).stem.split("-")
        assert header[:3] == [f":START_ID({source})", f":END_ID({target})", ":TYPE"]
        assert len(rows) == count and {row[2] for row in rows} == {rel_type}
        hashed = [h for h in header if h.startswith(f"{neo4j_store.HASH}:")]
        assert hashed == ([] if rel_type == "MENTIONS" else [f"{neo4j_store.HASH}:string"])
        by_type[rel_type] = by_type.get(rel_type, 0) + count
    assert by_type == stats["relationships"]
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in readme
    assert f"--array-delimiter={'U+001F'}" in readme and "--multiline-fields=" in readme
    assert (tmp_path / CONSTRAINTS_FILE).read_text(encoding="utf-8") == constraints_text()


def test_csv_arrays_round_trip(tmp_path: Path) -> None:
    graph = tricky_graph()
    export = export_csv(graph, tmp_path)
    assert export.array_delimiter == "\x1e"  # an alias holds U+001F, so the next one is used
    assert export.multiline and "--multiline-fields=true" in export.command
    delimiter = export.array_delimiter

    def array(cell: str) -> tuple[str, ...]:
        return tuple(cell.split(delimiter)) if cell else ()

    header, rows = read_csv(tmp_path / "nodes/Method.csv")
    row = dict(zip(header, rows[0], strict=True))
    concept = next(iter(graph.concepts("Method")))
    assert row["key:ID(Method)"] == concept.key and row["name:string"] == concept.name
    assert array(row["aliases:string[]"]) == concept.aliases
    header, rows = read_csv(tmp_path / "nodes/Paper.csv")
    row = dict(zip(header, rows[0], strict=True))
    paper = next(iter(graph.papers()))
    assert array(row["authors:string[]"]) == paper.authors and row["abstract:string"] == \
        paper.abstract
    assert row["year:long"] == "" and row["url:string"] == ""  # missing: null
    header, rows = read_csv(tmp_path / "relationships/MENTIONS-Paper-Method.csv")
    row = dict(zip(header, rows[0], strict=True))
    edge = next(iter(graph.edges("MENTIONS")))
    [evidence] = edge.evidence  # a MENTIONS edge holds numbers only
    assert (row["mention_start:long"], row["mention_end:long"]) == tuple(map(str,
                                                                         evidence.marks[0]))
    assert (row["sentence_start:long"], row["sentence_end:long"]) == (str(evidence.start),
                                                                      str(evidence.end))
    assert row["count:long"] == "2" and "papers:string[]" not in row


def test_every_command_works_on_a_neo4j_store(server: Neo4jServer, tmp_path: Path) -> None:
    """kg build / query / stats / remove / export through the CLI, on the server."""
    import json

    from click.testing import CliRunner

    from kg.cli import main

    source = tmp_path / "papers.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in [
        {"id": "n1", "title": "Mamba: Linear-Time Sequence Modeling",
         "abstract": "We propose Mamba for language modeling. Mamba outperforms Transformers."},
        {"id": "n2", "title": "Hiformer: Feature Interactions",
         "abstract": "We propose Hiformer for recommender systems."},
    ]), encoding="utf-8")
    options = ["--store", server.uri, "--user", server.user, "--password", server.password]
    if server.database:
        options += ["--database", server.database]

    def kg(*args: str) -> str:
        work = ["--work", str(tmp_path / "work")] if args[0] in ("build", "remove") else []
        result = CliRunner().invoke(main, [*args, *options, *work], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    assert "(Neo4j)" in kg("build", str(source))
    assert sorted((tmp_path / "work" / "records").glob("shard-*.jsonl"))  # records kept locally
    count = "MATCH (p:Paper) RETURN count(p) AS n"
    assert json.loads(kg("query", count, "-f", "json")) == [{"n": 2}]
    assert json.loads(kg("stats", "--json"))["nodes"]["Paper"] == 2
    kg("export", "html", "-o", str(tmp_path / "kg.html"))
    assert (tmp_path / "kg.html").stat().st_size > 10_000
    kg("export", "csv", "-o", str(tmp_path / "csv"))
    assert (tmp_path / "csv" / "README.md").is_file()
    assert "Removed 1 paper;" in kg("remove", "n2")
    assert json.loads(kg("query", count, "-f", "json")) == [{"n": 1}]
    names = {row["c.name"] for row in json.loads(kg("query", "MATCH (c) RETURN c.name",
                                                     "-f", "json"))}
    assert "Hiformer" not in names and "Mamba" in names

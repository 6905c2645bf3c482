"""A read-only `kg query` reads only the graph (issue 28, defects 1-3): extensions, file access,
CHECKPOINT, settings and writes are refused with one line, and the store's files are byte for
byte what they were. Run through the real CLI on a copy of the real sample store, with HOME
pointed at a fresh folder (LadybugDB installs extensions under ~/.lbdb)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j_server import Neo4jServer

from kg.cli import main
from kg.query import CypherError, prepare
from kg.store import EmbeddedStore
from kg.store.neo4j import Neo4jStore


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def attack(sample_store: EmbeddedStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
           ) -> dict[str, Path]:
    """A copy of the sample store, a victim file, a shared library whose constructor leaves a
    marker, and HOME in a fresh folder."""
    store = tmp_path / "store"
    shutil.copytree(sample_store.path, store)
    victim = tmp_path / "papers.csv"
    victim.write_text("id,title\n1,precious\n")
    marker = tmp_path / "constructor-ran"
    source = tmp_path / "e.c"
    source.write_text('#include <stdio.h>\n__attribute__((constructor)) static void run(void)'
                      f' {{ FILE *f = fopen("{marker}", "w"); if (f) fclose(f); }}\n')
    library = tmp_path / "e.so"
    if shutil.which("cc"):
        subprocess.run(["cc", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return {"store": store, "victim": victim, "marker": marker, "library": library,
            "home": home}


def hostile(paths: dict[str, Path]) -> list[str]:
    victim, library = paths["victim"], paths["library"]
    return [
        f"LOAD EXTENSION '{library}'",
        "INSTALL json FROM 'http://127.0.0.1:9/'; LOAD json",
        "INSTALL json",
        f"COPY (RETURN 'gone' AS x) TO '{victim}'",
        "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN * LIMIT 3",
        f"LOAD CSV FROM 'file://{victim}' AS row RETURN row",
        "CHECKPOINT",
        f"ATTACH '{victim}' AS other (dbtype duckdb)",
        "CALL threads=1",
        "CALL show_tables() RETURN *",
        "CALL apoc.load.json('file:///etc/passwd')",
        "MATCH (p:Paper) SET p.title = 'x'",
        "MATCH (p:Paper) DETACH DELETE p",
        "CREATE (:Method {key: 'm', name: 'm'})",
        "MATCH (p:Paper) WITH p LIMIT 1 CALL { WITH p DELETE p } RETURN 1",
        "CREATE INDEX x FOR (n:Method) ON (n.name)",
        "MATCH (p:Paper) RETURN p.id; CHECKPOINT",
    ]


def test_a_read_only_query_cannot_touch_anything_but_the_graph(attack: dict[str, Path]) -> None:
    before, victim = digest(attack["store"]), attack["victim"].read_text()
    for statement in hostile(attack):
        result = CliRunner().invoke(main, ["query", statement, "--store", str(attack["store"])])
        assert result.exit_code == 1, (statement, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (statement, result.output)
    assert digest(attack["store"]) == before
    assert attack["victim"].read_text() == victim
    assert not attack["marker"].exists()
    assert not any(attack["home"].iterdir()), "something was written under HOME"
    # the store still answers
    result = CliRunner().invoke(main, ["query", "MATCH (p:Paper) RETURN count(p) AS n",
                                       "--store", str(attack["store"]), "-f", "csv"])
    assert result.exit_code == 0 and result.output.split() == ["n", "325"]


def test_write_allows_changes_but_never_files_or_extensions(attack: dict[str, Path]) -> None:
    for statement in hostile(attack)[:10]:
        with pytest.raises(CypherError):
            prepare(statement, write=True)
    with pytest.raises(CypherError, match="--allow-file-access"):
        prepare("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", write=True)
    prepare("LOAD CSV FROM 'file:///x.csv' AS row RETURN row", write=True, files=True)
    prepare("MATCH (p:Paper) SET p.title = 'x'", write=True)


@pytest.mark.parametrize(("statement", "message"), [
    ("CHECKPOINT", "CHECKPOINT is not Neo4j Cypher"),
    ("INSTALL json", "INSTALL is not Neo4j Cypher"),
    ("MATCH (n) SET n.x = 1", "read-only unless you pass --write"),
    ("CALL dbms.killQuery('1')", "not a known read-only procedure"),
    ("SHOW USERS", "administration command"),
    ("MATCH (n) RETURN n; MATCH (m) RETURN m", "one statement at a time"),
    ("MATCH (n RETURN n", "syntax error at line 1, column"),
    ("MATCH (p:Paper) WHERE p.year = $year RETURN p", r"\$year: pass -p year=VALUE"),
])
def test_refusals_are_one_line_that_say_why(statement: str, message: str) -> None:
    with pytest.raises(CypherError, match=message) as error:
        prepare(statement)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("statement", [
    "MATCH (n) RETURN n",
    "EXPLAIN MATCH (n) RETURN n",
    "PROFILE MATCH (n) RETURN n",
    "CALL db.labels()",
    "CALL db.index.fulltext.queryNodes('concept_names', 'bert') YIELD node RETURN node.name",
    "SHOW INDEXES",
    "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state",
    "CALL db.awaitIndexes(60)",
    "MATCH (m:Method) WHERE EXISTS { (m)-->() } RETURN m.name",
    "MATCH (m:Method) CALL { WITH m MATCH (m)-->(x) RETURN count(x) AS c } RETURN c",
    "// a comment\nMATCH (n) /* another */ RETURN count(n);",
])
def test_reads_pass(statement: str) -> None:
    prepare(statement)


def test_the_same_check_guards_neo4j(neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    server = neo4j_server
    with Neo4jStore(server.uri, server.user, server.password, server.database) as store:
        for statement in ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
                          "CALL dbms.listConfig()", "CREATE (:Method {key: 'sneaky'})",
                          "MATCH (n) RETURN n.key = $key"):
            with pytest.raises(CypherError):
                store.query(statement)
        assert store.query("MATCH (n:Method {key: 'sneaky'}) RETURN count(n) AS n").rows == [[0]]

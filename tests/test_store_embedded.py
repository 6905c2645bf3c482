"""The embedded store: a real LadybugDB database on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import ladybug
import pytest

from kg.calibration import load_calibration
from kg.extract.pipeline import DEFAULT_MODEL
from kg.graph import Concept, Edge, Evidence, KnowledgeGraph, Paper
from kg.linker import link
from kg.records import records_for
from kg.store import EmbeddedStore, StoreError, open_store
from kg.store.bulk import MAX_PIECE, text_pieces
from kg.store.embedded import CHECKSUM, FORMAT, MANIFEST, file_digest, schema_ddl


def default_thresholds() -> dict[str, float]:
    """link()'s arguments for the sample build's graph: two papers for an untyped concept, and
    the default model's calibrated thresholds (kg build's default)."""
    concepts, relations, proposes = load_calibration().minimums(DEFAULT_MODEL)
    return {"min_concept_papers": 2, "min_confidence": concepts,
            "min_relation_confidence": relations, "min_proposes_confidence": proposes}


def same_graph(a: KnowledgeGraph, b: KnowledgeGraph) -> None:
    assert sorted(a.nx.nodes) == sorted(b.nx.nodes)
    for node in a.nx.nodes:
        assert a.node(node) == b.node(node)
    key = lambda e: (e.type, e.source, e.target)  # noqa: E731
    assert sorted(a.edges(), key=key) == sorted(b.edges(), key=key)


def test_graph_round_trips_through_the_store(sample_store: EmbeddedStore,
                                             sample_graph: KnowledgeGraph,
                                             tmp_path: Path) -> None:
    other = EmbeddedStore(tmp_path / "other", create=True)
    other.write(sample_graph)
    same_graph(other.read_graph(), sample_graph)
    assert other.stats() == sample_store.stats()


def test_the_build_streams_papers_and_their_edges_from_the_records(
        sample_store: EmbeddedStore, sample_graph: KnowledgeGraph, tmp_path: Path) -> None:
    reads = []

    def records():
        reads.append(1)
        return records_for(sample_store.location).current()

    linked = link(records, **default_thresholds())
    # Only concepts and the relationships between them are held after linking ...
    assert len(reads) == 3
    assert not list(linked.core.papers())
    assert not set(linked.core.stats()["relationships"]) & {"MENTIONS", "PROPOSES"}
    # ... papers and their edges are read again from the records, and the whole graph is what
    # the store built with them holds.
    same_graph(linked.graph(), sample_graph)
    assert len(reads) == 4
    # The store writes the linker's output as it writes a graph: both are graph sources, and
    # the papers stream from the records once more.
    with EmbeddedStore(tmp_path / "streamed", create=True) as store:
        store.write(linked)
        assert len(reads) == 5
        same_graph(store.read_graph(), sample_graph)


def test_a_graph_and_the_linker_give_the_store_the_same_rows(
        sample_store: EmbeddedStore, sample_graph: KnowledgeGraph) -> None:
    """Table by table, the rows the store stages from the in-memory graph (read back from the
    sample store) and from the streamed linker output are the same (their order differs: the
    graph read back is sorted by key, the linker streams in record order)."""
    import kg.store.embedded as embedded

    def tables(rows):
        found: dict[object, list[dict]] = {}
        for table, row in rows:
            found.setdefault(table, []).append(row)
        return found

    linked = link(records_for(sample_store.location).current, **default_thresholds())
    from_graph, from_linker = tables(embedded._rows(sample_graph)), tables(embedded._rows(linked))
    assert from_graph.keys() == from_linker.keys() and len(from_graph) > 5
    for table in from_graph:
        assert sorted(map(json.dumps, from_graph[table])) == \
            sorted(map(json.dumps, from_linker[table])), table


def test_query_parameters_as_keywords_or_a_dict(sample_store: EmbeddedStore) -> None:
    one = "MATCH (p:Paper) WHERE p.id = $id RETURN p.id, $n AS n"
    paper = next(iter(sample_store.query("MATCH (p:Paper) RETURN p.id LIMIT 1").rows))[0]
    assert sample_store.query(one, id=paper, n=1).rows == [[paper, 1]]
    assert sample_store.query(one, {"id": paper, "n": 2}).rows == [[paper, 2]]
    assert sample_store.query(one, params={"id": paper}, n=3).rows == [[paper, 3]]


def test_remove_deletes_papers_and_their_relationships(sample_store: EmbeddedStore,
                                                       tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(sample_store.path, copy)
    before = sample_store.stats()
    mentions = "MATCH (p:Paper)-[r:MENTIONS]->() WHERE p.id IN $ids RETURN count(r)"
    ids = [row[0] for row in sample_store.query(
        "MATCH (p:Paper)-[:MENTIONS]->() RETURN DISTINCT p.id ORDER BY p.id LIMIT 2").rows]
    gone = sample_store.query(mentions, ids=ids).rows[0][0]
    assert gone > 0
    with open_store(copy) as store:
        assert store.remove([ids[1], "no-such-paper", ids[0], ids[1]]) == [ids[1], ids[0]]
        after = store.stats()
        assert store.query(mentions, ids=ids).rows == [[0]]
        assert store.remove(["no-such-paper"]) == [] and store.remove([]) == []
    assert after["nodes"]["Paper"] == before["nodes"]["Paper"] - 2
    assert after["relationships"]["MENTIONS"] == before["relationships"]["MENTIONS"] - gone
    assert {k: v for k, v in after["nodes"].items() if k != "Paper"} == \
        {k: v for k, v in before["nodes"].items() if k != "Paper"}
    # checkpointed and sealed: kg check finds the file as the removal left it
    assert not (copy / "graph.lbdb.wal").exists() or (copy / "graph.lbdb.wal").stat().st_size == 0
    assert json.loads((copy / CHECKSUM).read_text())["sha256"] == file_digest(copy / "graph.lbdb")


def test_any_text_survives_the_bulk_load(tmp_path: Path) -> None:
    awkward = ['say ""hi"", then', 'back\\slash \\" and \'quote\'', "line\nbreak\r\nand return",
               "tab\tcomma,semicolon;", "control \x1d\x1e\x1f chars",
               "", "ünïcode — ✓", "every separator \x02\x03\x1b0\x1b\x1c\x1b1\r\x1br end"]
    graph = KnowledgeGraph()
    for i, text in enumerate(awkward):
        graph.add_paper(Paper(f"p{i}", text, text[::-1], year=None if i % 2 else 2024,
                              authors=(text, "A, B") if i % 3 else (), url=None if i else text))
        graph.add_concept(Concept(f"method:m{i}", "Method", text or "m", aliases=(text, "x,y")))
        graph.add_edge(Edge("MENTIONS", ("Paper", f"p{i}"), ("Method", f"method:m{i}"),
                            papers=(f"p{i}",), evidence=(Evidence(f"p{i}", text, 0, len(text)),),
                            count=i))
        if i:
            graph.add_edge(Edge("COMPARED_WITH", ("Method", f"method:m{i}"),
                                ("Method", "method:m0"), papers=(f"p{i}",),
                                evidence=(Evidence(f"p{i}", text, 5, 9),)))
    store = EmbeddedStore(tmp_path / "s", create=True)
    store.write(graph)
    back = store.read_graph()
    # Control characters, the load's own separators included, come back as they were.
    clean: dict[str, str] = {}
    for i, text in enumerate(awkward):
        paper = back.node(("Paper", f"p{i}"))
        assert paper.title == clean.get(text, text)
        assert paper.abstract == clean.get(text, text)[::-1]
        assert (paper.year, paper.url) == ((None, None) if i % 2 else (2024, None if i else text))
        # Empty items of a list are dropped.
        assert paper.authors == (tuple(a for a in (clean.get(text, text), "A, B") if a)
                                 if i % 3 else ())
        assert back.node(("Method", f"method:m{i}")).aliases[-1] == "x,y"
        # A MENTIONS edge keeps offsets only: its sentence comes back from the paper's text.
        [edge] = [e for e in back.edges("MENTIONS") if e.source == ("Paper", f"p{i}")]
        assert edge.evidence[0].sentence == paper.title and edge.count == i
        if i:
            [edge] = [e for e in back.edges("COMPARED_WITH") if e.papers == (f"p{i}",)]
            assert edge.evidence[0].sentence == text


def test_a_load_in_many_files_and_sessions_stores_the_same_graph(
        sample_graph: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Staged files are cut by bytes too, and the database is opened anew every CHUNK_BYTES
    of files (which bounds the load's memory): small limits split the sample into many of
    both, and the graph stored is the same."""
    import kg.store.bulk as bulk
    import kg.store.embedded as embedded

    monkeypatch.setattr(bulk, "CHUNK_BYTES", 20_000)
    opened = []
    session = embedded._session

    def counted(path: Path, pool: int):
        opened.append(path)
        return session(path, pool)

    monkeypatch.setattr(embedded, "_session", counted)
    store = EmbeddedStore(tmp_path / "s", create=True)
    store.write(sample_graph)
    with bulk.StagedLoad(tmp_path / "staged") as staged:
        for table, row in embedded._rows(sample_graph):
            staged.add(table, row)
        sizes = [f.size for files in staged._files.values() for f in files]
        assert len(sizes) > len(staged._files) and max(sizes) < 2 * 20_000
    assert len(opened) > 10
    same_graph(store.read_graph(), sample_graph)


@pytest.mark.parametrize("text", [
    "", "One.", "One. Two?  Three!\nFour", "Ends in spaces.  ", "  starts with them",
    "e.g. 3.5 B params. Next", "word " * 100, "x" * 450, "a\nb " * 80 + "y" * 300])
def test_text_pieces_join_back_to_the_text(text: str) -> None:
    pieces = text_pieces(text)
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= MAX_PIECE for piece in pieces)
    assert len(pieces) >= len(text) // MAX_PIECE


def test_sentences_are_pieces() -> None:
    assert text_pieces("We propose X. It is fast!\nIt is small? Yes") == [
        "We propose X. ", "It is fast!\n", "It is small? ", "Yes"]
    long = "word " * 60
    assert text_pieces(long) == ["word " * 40, "word " * 20]


def test_abstracts_are_stored_as_pieces_and_read_back_whole(tmp_path: Path) -> None:
    """LadybugDB writes long strings at several times their size in memory, so the store keeps
    an abstract as a list of short pieces; the graph read back has the abstract whole."""
    abstract = ("We propose Mamba. " * 30 + "A" * 700 + "\n\nLine two,\r\nthree.  ")
    graph = KnowledgeGraph()
    graph.add_paper(Paper("p", "Mamba", abstract))
    graph.add_paper(Paper("empty", "No abstract", ""))
    store = EmbeddedStore(tmp_path / "s", create=True)
    store.write(graph)
    [[text, node]] = store.query("MATCH (p:Paper {id: 'p'}) RETURN p.abstract, p").rows
    assert text == abstract and node["abstract"] == abstract
    db = ladybug.Database(str(store.database), read_only=True)
    pieces = ladybug.Connection(db).execute("MATCH (p:Paper {id: 'p'}) RETURN p.abstract"
                                            ).get_all()[0][0]
    db.close()
    assert len(pieces) > 30 and max(map(len, pieces)) <= MAX_PIECE
    assert store.query("MATCH (p:Paper {id: 'empty'}) RETURN p.abstract").rows == [[""]]
    back = store.read_graph()
    assert back.node(("Paper", "p")).abstract == abstract
    assert back.node(("Paper", "empty")).abstract == ""


def test_writing_twice_is_idempotent(sample_graph: KnowledgeGraph, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s", create=True)
    store.write(sample_graph)
    first = store.stats()
    store.write(sample_graph)
    assert store.stats() == first


def test_queries_are_read_only_unless_asked(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(sample_store.path, copy)
    store = open_store(copy)
    with pytest.raises(StoreError, match="--write"):
        store.query("MATCH (p:Paper) SET p.title = 'x'")
    store.query("MATCH (p:Paper {id: $id}) SET p.title = $t", {"id": "nope", "t": "x"},
                write=True)


def test_parameters_are_data_never_cypher(sample_store: EmbeddedStore) -> None:
    hostile = "x'}) MATCH (n) DETACH DELETE n //\"\\"
    rows = sample_store.query("RETURN $v AS v", {"v": hostile}).rows
    assert rows == [[hostile]]
    assert sample_store.stats()["nodes"]["Paper"] == 325


def test_errors_are_explained(sample_store: EmbeddedStore, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="elementId"):
        sample_store.query("MATCH (n) RETURN id(n) LIMIT 1")
    with pytest.raises(StoreError, match="no kg store"):
        open_store(tmp_path / "nowhere")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "file.txt").write_text("x")
    with pytest.raises(StoreError, match="not a kg store"):
        open_store(tmp_path / "junk", create=True)
    empty = EmbeddedStore(tmp_path / "empty", create=True)
    with pytest.raises(StoreError, match="no graph yet"):
        empty.stats()
    assert json.loads((tmp_path / "empty" / MANIFEST).read_text())["format"] == FORMAT
    (tmp_path / "empty" / MANIFEST).write_text(json.dumps({"format": FORMAT + 1}))
    with pytest.raises(StoreError, match=f"incompatible kg \\(store format {FORMAT + 1}"):
        EmbeddedStore(tmp_path / "empty")
    for broken, where in (('{"format": 2,\n  oops', "line 2"), ("[2]", "line 1"),
                          (b"\xff\xfe", "not UTF-8")):
        manifest = tmp_path / "empty" / MANIFEST
        if isinstance(broken, bytes):
            manifest.write_bytes(broken)
        else:
            manifest.write_text(broken)
        with pytest.raises(StoreError, match=f"{MANIFEST}, {where}.*not a kg store manifest"):
            open_store(tmp_path / "empty")


def test_tables_come_from_the_schema() -> None:
    ddl = "\n".join(schema_ddl())
    assert "CREATE NODE TABLE Method(key STRING" in ddl
    assert "CREATE REL TABLE USED_FOR(FROM Method TO Task" in ddl
    assert "FROM Paper TO Concept" in ddl


def test_mentions_hold_numbers_only() -> None:
    """MENTIONS are most of a graph, and LadybugDB loads a relationship table with a string or
    list column 20x slower, with a checkpoint that holds a concept's edges in memory (see
    docs/decisions.md): the schema keeps them to numbers."""
    from kg.schema import SCHEMA

    assert set(SCHEMA.relationships["MENTIONS"].properties.values()) == {"int"}


@pytest.mark.parametrize("older", [{"schema_version": 1}, {"format": 1}])
def test_a_graph_of_an_older_layout_asks_for_a_rebuild(older: dict, sample_graph: KnowledgeGraph,
                                                       tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s", create=True)
    store.write(sample_graph)
    manifest = tmp_path / "s" / MANIFEST
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, **older}))
    old = EmbeddedStore(tmp_path / "s")
    was = {**data, **older}
    with pytest.raises(StoreError, match=rf"format {was['format']} and schema "
                                         rf"v{was['schema_version']}, this kg reads format "
                                         rf"{FORMAT} .*: rebuild it with `kg build"):
        old.stats()
    old.write(sample_graph)
    assert json.loads(manifest.read_text())["format"] == FORMAT
    assert EmbeddedStore(tmp_path / "s").stats() == store.stats()

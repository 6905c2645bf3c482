"""`kg build` end to end: real sources, real spaCy pipeline, real embedded store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.build import BuildReport, NothingToBuild, build, remove
from kg.calibration import load_calibration
from kg.data import SAMPLE_CORPUS
from kg.extract.shipped import DEFAULT_MODEL
from kg.store import EmbeddedStore, open_store
from kg.store import cypher as cypher_module

GENERIC_WORDS = {"this", "that", "these", "those", "our", "their", "its", "we", "they", "it",
                 "the", "a", "an", "such", "which"}
GENERIC_NAMES = {"paper", "method", "approach", "result", "work", "model", "framework", "task",
                 "problem", "performance", "experiment", "dataset", "study", "baseline"}


def write_jsonl(path: Path, papers: list[dict]) -> Path:
    path.write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")
    return path


def paper(pid: str, title: str, abstract: str) -> dict:
    return {"id": pid, "title": title, "abstract": abstract}


PAPERS = [
    paper("a1", "Hiformer: Feature Interactions for Recommender Systems",
          "We propose Hiformer, a Transformer for recommender systems. Large Language Models "
          "(LLMs) are slow. Experiments on MovieLens show that Hiformer outperforms DCN."),
    paper("a2", "Mamba: Linear-Time Sequence Modeling",
          "We propose Mamba for language modeling. LLMs use attention. Mamba outperforms "
          "Transformers on WikiText-103."),
    paper("a3", "Softmax-free Linear Transformers",
          "Linear attention reduces the cost of self-attention in vision transformers for image "
          "classification on ImageNet."),
]


def relation_ends(store: EmbeddedStore) -> set[str]:
    """The concepts at either end of a relationship between concepts."""
    rows = store.query("MATCH (a)-[r]->(b) WHERE a.key IS NOT NULL AND b.key IS NOT NULL "
                       "RETURN a.key, b.key").rows
    return {k for row in rows for k in row}


def test_sample_corpus_builds_the_expected_graph(sample_build: tuple[EmbeddedStore,
                                                                     BuildReport]) -> None:
    store, report = sample_build
    assert report.papers_read == 355
    assert report.duplicates == 30
    assert report.skipped == []
    assert report.extracted == 325
    nodes = store.stats()["nodes"]
    rels = store.stats()["relationships"]
    assert nodes["Paper"] == 325
    # The default graph: what reaches the calibrated thresholds of the default model.
    assert report.thresholds == load_calibration().minimums(DEFAULT_MODEL)
    assert report.link.below_confidence > 0
    # Below the concepts' threshold only what a kept PROPOSES edge names (a paper's contribution).
    # or an end of a kept relationship.
    below = store.query("MATCH (c) WHERE NOT c:Paper AND c.confidence < $t RETURN c.key",
                        {"t": report.min_confidence}).rows
    proposed = store.query("MATCH (:Paper)-[:PROPOSES]->(c) RETURN DISTINCT c.key").rows
    assert {k for (k,) in below} <= {k for (k,) in proposed} | relation_ends(store)
    least_edge = store.query("MATCH ()-[r]->() WHERE r.confidence IS NOT NULL "
                             "AND type(r) <> 'PROPOSES' RETURN min(r.confidence)").rows
    assert least_edge[0][0] >= report.min_relation_confidence
    least_proposes = store.query("MATCH ()-[r:PROPOSES]->() RETURN min(r.confidence)").rows
    assert least_proposes[0][0] >= report.min_proposes_confidence
    minimum = {"Method": 300, "Task": 50, "Dataset": 20, "Metric": 5, "Concept": 10}
    for label, least in minimum.items():
        assert nodes[label] >= least, (label, nodes[label])
    for rel_type, least in {"MENTIONS": 1000, "PROPOSES": 100, "USED_FOR": 20,
                            "EVALUATED_ON": 10, "COMPARED_WITH": 10}.items():
        assert rels[rel_type] >= least, (rel_type, rels[rel_type])
    # What the build reported is what the store holds.
    for kind in ("nodes", "relationships"):
        stored = {k: v for k, v in store.stats()[kind].items() if v}
        assert stored == report.stats[kind]


def test_most_frequent_concepts_are_not_generic_phrases(sample_store: EmbeddedStore) -> None:
    for label in ("Method", "Task", "Dataset", "Metric", "Concept", None):
        where = f":{label}" if label else ""
        rows = sample_store.query(
            f"MATCH (c{where})<-[:MENTIONS]-(p:Paper) RETURN c.name, count(p) AS n "
            "ORDER BY n DESC, c.name LIMIT 20").rows
        assert len(rows) >= 5  # the default graph has few Metric and Concept nodes
        for name, _count in rows:
            words = name.lower().split()
            assert words[0] not in GENERIC_WORDS, name
            assert name.lower() not in GENERIC_NAMES, name


def test_acronyms_and_long_forms_are_one_node_in_the_sample(sample_store: EmbeddedStore) -> None:
    rows = sample_store.query(
        "MATCH (c:Method) WHERE 'LLMs' IN c.aliases OR 'LLM' IN c.aliases "
        "RETURN c.key, c.name, c.aliases").rows
    assert len(rows) == 1
    key, name, aliases = rows[0]
    assert key == "method:large language model"
    assert name == "large language model"
    assert {"LLMs", "Large Language Models"} <= set(aliases)


def test_rebuilding_the_same_input_changes_nothing(sample_build: tuple[EmbeddedStore,
                                                                       BuildReport],
                                                   tmp_path: Path) -> None:
    store, _ = sample_build
    copy = tmp_path / "copy"
    shutil.copytree(store.path, copy)
    again = build([SAMPLE_CORPUS], copy)
    assert again.extracted == 0 and again.reused == 325
    assert open_store(copy).stats() == store.stats()
    keys = "MATCH (c) RETURN c.key ORDER BY c.key"
    assert open_store(copy).query(keys).rows == store.query(keys).rows


def test_more_sources_add_to_the_graph_without_duplicates(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "first.jsonl", PAPERS[:2])
    second = write_jsonl(tmp_path / "second.jsonl", PAPERS[2:])
    location = tmp_path / "store"
    one = build([first], location)
    two = build([second], location)
    assert one.stats["nodes"]["Paper"] == 2
    assert two.stats["nodes"]["Paper"] == 3 and two.extracted == 1 and two.reused == 0
    three = build([first, second], location)
    assert three.extracted == 0 and three.reused == 3
    assert three.stats == two.stats
    store = open_store(location)
    llm = store.query("MATCH (c:Method {key: 'method:large language model'}) "
                      "RETURN c.paper_count").rows
    assert llm == [[2]]


def test_a_changed_paper_is_extracted_again(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "p.jsonl", PAPERS[:1])
    location = tmp_path / "store"
    build([source], location, min_confidence=0.0)  # everything: one paper's terms are unsure
    changed = dict(PAPERS[0], abstract="We propose Hiformer for machine translation on WMT14.")
    write_jsonl(source, [changed])
    report = build([source], location, min_confidence=0.0)
    assert report.extracted == 1
    names = {r[0] for r in open_store(location).query("MATCH (c) RETURN c.name").rows}
    assert "machine translation" in names
    assert "MovieLens" not in names


def test_bad_input_is_reported_with_file_and_line_and_skipped(tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join([
        json.dumps(PAPERS[0]),
        '{"id": "broken", "title": "No closing brace"',
        json.dumps(paper("e", "Empty abstract", "   ")),
        json.dumps(PAPERS[1]),
    ]) + "\n", encoding="utf-8")
    report = build([source, tmp_path / "missing.jsonl"], tmp_path / "store")
    assert report.stats["nodes"]["Paper"] == 2
    where = {(Path(s.path).name, s.line) for s in report.skipped}
    assert where == {("mixed.jsonl", 2), ("mixed.jsonl", 3), ("missing.jsonl", None)}


def test_nothing_usable_is_an_error_and_stores_nothing(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "empty.jsonl", [paper("e", "Empty", "")])
    with pytest.raises(NothingToBuild) as failure:
        build([source], tmp_path / "store")
    assert failure.value.report.skipped
    assert not (tmp_path / "store").exists()


def test_a_failed_store_write_keeps_the_previous_graph(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    location = tmp_path / "store"
    build([write_jsonl(tmp_path / "a.jsonl", PAPERS[:2])], location)
    before = open_store(location).stats()

    def failing_row(*args: object, **kwargs: object) -> dict:
        raise OSError("disk full")

    monkeypatch.setattr(cypher_module, "paper_row", failing_row)
    with pytest.raises(OSError, match="disk full"):
        build([write_jsonl(tmp_path / "b.jsonl", PAPERS[2:])], location)
    monkeypatch.undo()
    assert open_store(location).stats() == before
    assert not list(location.glob("*.new*"))
    # The extraction of the new paper was kept, so the next build only writes the graph.
    report = build([tmp_path / "b.jsonl"], location)
    assert report.extracted == 0 and report.stats["nodes"]["Paper"] == 3


def test_an_interrupted_build_resumes_where_it_stopped(tmp_path: Path) -> None:
    papers = [paper(f"p{i}", f"Model{i}: A Study of Things",
                    f"We propose Model{i} for image classification.") for i in range(5)]
    source = write_jsonl(tmp_path / "p.jsonl", papers)
    location = tmp_path / "store"

    class StopAfterTwo:
        done = 0

        def __enter__(self) -> StopAfterTwo:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def update(self, n: int) -> None:
            self.done += n
            if self.done == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([source], location, progress=lambda total: StopAfterTwo())
    assert not (location / "graph.lbdb").exists()
    report = build([source], location)
    assert report.reused == 2 and report.extracted == 3
    assert report.stats["nodes"]["Paper"] == 5


def test_removing_a_paper_retracts_what_only_it_supported(tmp_path: Path) -> None:
    from kg.build import remove

    location = tmp_path / "store"
    build([write_jsonl(tmp_path / "p.jsonl", PAPERS)], location, min_confidence=0.0)
    store = open_store(location)
    transformer = "MATCH (c:Method {key: 'method:transformer'}) RETURN c.paper_count"
    assert store.query("MATCH (c {name: 'Hiformer'}) RETURN count(c)").rows == [[1]]
    assert store.query(transformer).rows == [[2]]
    report = remove(["a1", "nope"], location, min_confidence=0.0)
    assert report.removed == ["a1"] and report.unknown == ["nope"]
    assert store.stats()["nodes"]["Paper"] == 2
    assert store.query("MATCH (c {name: 'Hiformer'}) RETURN count(c)").rows == [[0]]
    # Shared concepts stay, with their support recounted.
    assert store.query(transformer).rows == [[1]]
    # Only a1 defined "LLMs"; without it, a2's undefined "LLMs" takes the well-known
    # expansion (lexicons/synonyms.tsv), and the concept is a2's alone.
    assert store.query("MATCH (c:Method) WHERE 'LLMs' IN c.aliases "
                       "RETURN c.key, c.paper_count").rows == [["method:large language model", 1]]
    # A later build of the same sources brings it back.
    again = build([tmp_path / "p.jsonl"], location)
    assert again.extracted == 1 and again.stats["nodes"]["Paper"] == 3


def test_min_confidence_decides_what_is_stored(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    everything = build([source], tmp_path / "all", min_confidence=0.0)
    assert everything.min_confidence == 0.0
    store = open_store(tmp_path / "all")
    rows = store.query("MATCH (c) WHERE c.confidence IS NOT NULL "
                       "RETURN c.key, c.confidence ORDER BY c.confidence").rows
    confidences = [c for _, c in rows]
    assert rows and all(0.0 <= c <= 1.0 for c in confidences)
    cut = confidences[len(confidences) // 2]  # keeps the upper half or so
    build([source], tmp_path / "some", min_confidence=cut)
    kept = open_store(tmp_path / "some")
    kept_rows = kept.query("MATCH (c) WHERE c.key IS NOT NULL RETURN c.key, c.confidence").rows
    # A kept relationship keeps its ends, whatever their own confidence.
    assert {k for k, _ in kept_rows} == {k for k, c in rows if c >= cut} | relation_ends(kept)
    assert len(kept_rows) < len(rows)
    edges = "MATCH ()-[r]->() WHERE r.confidence IS NOT NULL RETURN r.confidence"
    assert all(c >= cut for (c,) in kept.query(edges).rows)
    assert len(kept.query(edges).rows) <= len(store.query(edges).rows)
    # The default: the calibrated thresholds of the model; 0 above kept more.
    default = build([source], tmp_path / "default")
    concepts, relations, proposes = load_calibration().minimums(DEFAULT_MODEL)
    assert default.thresholds == (concepts, relations, proposes)
    assert concepts > 0
    stored = open_store(tmp_path / "default")
    keys = "MATCH (c) WHERE c.key IS NOT NULL RETURN c.key"
    named = "MATCH (:Paper)-[:PROPOSES]->(c) RETURN DISTINCT c.key"
    confident = {k for k, c in rows if c >= concepts}
    proposed = {k for (k,) in stored.query(named).rows}  # kept by their PROPOSES edge
    assert {k for (k,) in stored.query(keys).rows} == confident | proposed | relation_ends(stored)
    typed = ("MATCH ()-[r]->() WHERE r.confidence IS NOT NULL AND type(r) <> 'PROPOSES' "
             "RETURN r.confidence")
    proposals = "MATCH ()-[r:PROPOSES]->() RETURN r.confidence"
    assert all(c >= relations for (c,) in stored.query(typed).rows)
    assert all(c >= proposes for (c,) in stored.query(proposals).rows)
    # A removal relinks with the same thresholds: what the build left out stays out.
    remove(["a2"], tmp_path / "default")
    assert {k for (k,) in stored.query(keys).rows} <= \
        confident | proposed | relation_ends(stored)
    assert all(c >= relations for (c,) in stored.query(typed).rows)
    assert all(c >= proposes for (c,) in stored.query(proposals).rows)
    # The rules extractor was never calibrated: it keeps everything by default.
    rules = build([source], tmp_path / "rules", model=None)
    assert rules.thresholds == (0.0, 0.0, 0.0)


def test_a_proposes_edge_follows_its_own_threshold_and_keeps_its_concept(
        tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "papers.jsonl", PAPERS)
    build([source], tmp_path / "all", min_confidence=0.0)
    proposals = ("MATCH (p:Paper)-[r:PROPOSES]->(c) "
                 "RETURN p.id, c.key, r.confidence, c.confidence ORDER BY r.confidence, c.key")
    found = open_store(tmp_path / "all").query(proposals).rows
    assert found, "the papers propose Hiformer and Mamba"
    # The least sure PROPOSES edge, and concept and relationship thresholds above it and above
    # its concept's own confidence: only the PROPOSES threshold can keep the two.
    paper_id, key, least, own = found[0]
    above = min(1.0, round(max(least, own) + 0.01, 4))
    assert least < above
    report = build([source], tmp_path / "own", min_confidence=(above, above, least))
    assert report.thresholds == (above, above, least)
    kept = open_store(tmp_path / "own")
    rows = kept.query(proposals).rows
    assert [paper_id, key, least, own] in rows
    assert {c for _, _, c, _ in rows} == {c for _, _, c, _ in found}  # every one reaches it
    assert kept.query("MATCH (c) WHERE c.key = $key RETURN c.confidence", key=key).rows == \
        [[own]]
    # Below the concepts' threshold only what a kept PROPOSES edge names or a relationship
    # kept keeps.
    below = {k for (k,) in kept.query("MATCH (c) WHERE c.key IS NOT NULL AND "
                                      "c.confidence < $t RETURN c.key", t=above).rows}
    assert key in below and below <= {k for _, k, _, _ in rows} | relation_ends(kept)
    # PROPOSES at 0 keeps every PROPOSES edge, and of the concepts below the others'
    # thresholds only those the edges name or kept relationships join.
    build([source], tmp_path / "every", min_confidence=(above, above, 0.0))
    every = open_store(tmp_path / "every")
    assert every.query(proposals).rows == found
    below = {k for (k,) in every.query("MATCH (c) WHERE c.key IS NOT NULL AND "
                                       "c.confidence < $t RETURN c.key", t=above).rows}
    assert below <= {k for _, k, _, _ in found} | relation_ends(every)
    # One number for all three: at the relationships' threshold the edge and its concept go.
    same = build([source], tmp_path / "same", min_confidence=above)
    assert same.thresholds == (above, above, above)
    gone = open_store(tmp_path / "same")
    assert [paper_id, key, least, own] not in gone.query(proposals).rows
    assert not gone.query("MATCH (c) WHERE c.key = $key RETURN c.key", key=key).rows
    # A removal relinks with the thresholds it is given: the triple too.
    remove(["nope"], tmp_path / "own", min_confidence=(above, above, least))
    assert [paper_id, key, least, own] in kept.query(proposals).rows


def test_the_records_live_where_build_is_told(tmp_path: Path) -> None:
    """The store holds the graph only: build keeps the extraction records in the folder it is
    given (default: records/ in the store's folder), and reuses them from there."""
    from kg.build import remove
    from kg.records import RecordStore

    source = write_jsonl(tmp_path / "p.jsonl", PAPERS)
    records = tmp_path / "elsewhere" / "records"
    first = build([source], tmp_path / "s", records=records, model=None)
    assert first.extracted == 3 and first.records == str(records)
    assert sorted(records.glob("shard-*.jsonl")) and not (tmp_path / "s" / "records").exists()
    # The same records, handed over as a RecordStore to an opened store: nothing to extract.
    with open_store(tmp_path / "s") as store:
        again = build([source], store, records=RecordStore(records), model=None)
        assert (again.extracted, again.reused) == (0, 3)
        assert store.stats()["nodes"]["Paper"] == 3  # build did not close the caller's store
        assert remove(["a1"], store, records=records).removed == ["a1"]
    assert set(RecordStore(records).index()) == {"a2", "a3"}
    # Without them (records/ in the store's folder is empty), every paper is extracted again.
    fresh = build([source], tmp_path / "s", model=None)
    assert fresh.extracted == 3 and fresh.records == str(tmp_path / "s" / "records")


def test_work_is_an_option_of_the_commands_that_keep_records_only(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    for command in (["build"], ["remove"], ["check"]):
        assert "--work" in CliRunner().invoke(main, [*command, "--help"]).output
    for command in (["query"], ["stats"], ["export", "html"], ["export", "csv"],
                    ["export", "rdf"]):
        assert "--work" not in CliRunner().invoke(main, [*command, "--help"]).output
    refused = CliRunner().invoke(main, ["stats", "--work", str(tmp_path)])
    assert refused.exit_code == 2 and "No such option '--work'" in refused.output

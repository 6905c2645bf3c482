"""`kg export rdf`: round trips through rdflib in every format, SHACL validity, stable IRIs,
every stored relationship with its evidence, the ontology and shapes against schema.toml, and the
SPARQL queries of docs/sparql.md run as printed."""

from __future__ import annotations

import doctest
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import SH

import kg.export.rdf as rdf_module
import kg.vocab as vocab_module
from kg.build import build
from kg.calibration import load_calibration
from kg.cli import main
from kg.export.rdf import (
    FORMATS,
    export_rdf,
    graph_triples,
    ontology_path,
    read_rdf,
    shapes_path,
    to_rdflib,
    validate_rdf,
)
from kg.extract.shipped import DEFAULT_MODEL
from kg.graph import Concept, Edge, Evidence, KnowledgeGraph, Paper
from kg.schema import SCHEMA
from kg.store import EmbeddedStore, open_store
from kg.vocab import (
    DEFAULT_BASE,
    KG,
    OA,
    assertion_iri,
    class_iri,
    node_iri,
    paper_iri,
    property_iri,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "sparql.md"
EXTENSIONS = {"nt": "nt", "turtle": "ttl", "jsonld": "jsonld"}
SCHEMA_ORG = URIRef("https://schema.org/ScholarlyArticle")


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def expected(sample_graph: KnowledgeGraph) -> Graph:
    """The sample graph mapped to RDF in memory: what every export must parse back to."""
    return to_rdflib(sample_graph)


@pytest.fixture(scope="module")
def exports(sample_store: EmbeddedStore, sample_graph: KnowledgeGraph,
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    """The sample exported once per format: N-Triples by the CLI from the store, the others by
    the library; format -> (file, triples written)."""
    folder = tmp_path_factory.mktemp("rdf")
    out = {}
    nt = folder / "sample.nt"
    result = CliRunner().invoke(main, ["export", "rdf", "--store", str(sample_store.path),
                                       "--format", "nt", "-o", str(nt)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = re.fullmatch(r"Wrote (.+): ([\d,]+) triples \(nt\) in [\d.]+ s, [\d,]+ triples/s\n",
                           result.output)
    assert summary and summary.group(1) == str(nt), result.output
    out["nt"] = (nt, int(summary.group(2).replace(",", "")))
    for fmt in ("turtle", "jsonld"):
        path = folder / f"sample.{EXTENSIONS[fmt]}"
        out[fmt] = (path, export_rdf(sample_graph, path, fmt).triples)
    return out


@pytest.fixture(scope="module")
def parsed(exports: dict[str, tuple[Path, int]]) -> dict[str, Graph]:
    """Each export parsed back by rdflib (parsed on first use)."""
    class Parsed(dict):
        def __missing__(self, fmt: str) -> Graph:
            graph = self[fmt] = read_rdf(exports[fmt][0], fmt)
            return graph
    return Parsed()


def tiny_graph() -> KnowledgeGraph:
    """A hand-made graph with awkward text and ids: quotes, backslashes, line breaks, a tab, a
    control character, non-ASCII, and ids with slashes, spaces, '#' and '_'."""
    graph = KnowledgeGraph()
    title = 'Mamba: "Selective" State\\Spaces'
    abstract = ("We propose Mamba\u2014fast\tand\x01linear.\nMamba is used for language "
                "modeling on WikiText-103 and outperforms Transformers. \U0001F40D")
    paper = Paper(id="10.48550/arXiv 2312.00752#v1_x", title=title, abstract=abstract,
                  year=2023, authors=("Albert Gu", "Tri Dao"), url="https://arxiv.org/abs/2312.00752")
    graph.add_paper(paper)
    text = paper.text
    concepts = [Concept("method:mamba", "Method", "Mamba", ("MAMBA",), 1, 3),
                Concept("method:transformer", "Method", "Transformer", ("Transformers",), 1, 1),
                Concept("task:language modeling", "Task", "language modeling", (), 1, 1),
                Concept("dataset:wikitext-103", "Dataset", "WikiText-103", (), 1, 1),
                Concept("concept:Ünïcode/ké y", "Concept", "Ünïcode \"kéy\"", (), 1, 1)]
    for concept in concepts:
        graph.add_concept(concept)
    pid = paper.id

    def evidence(sentence: str, *mentions: str) -> Evidence:
        start = text.index(sentence)
        marks = tuple((text.index(m, start), text.index(m, start) + len(m)) for m in mentions)
        return Evidence(pid, sentence, start, start + len(sentence), marks)

    second = "Mamba is used for language modeling on WikiText-103 and outperforms Transformers."
    first = "We propose Mamba\u2014fast\tand\x01linear."
    edges = [
        Edge("PROPOSES", ("Paper", pid), ("Method", "method:mamba"), (pid,), 0.9,
             (evidence(first, "Mamba"),)),
        Edge("MENTIONS", ("Paper", pid), ("Method", "method:mamba"), (pid,), 1.0,
             (evidence(title, "Mamba"), evidence(first, "Mamba")), count=3),
        Edge("MENTIONS", ("Paper", pid), ("Concept", "concept:Ünïcode/ké y"), (pid,), 1.0, (),
             count=1),
        Edge("USED_FOR", ("Method", "method:mamba"), ("Task", "task:language modeling"), (pid,),
             0.6, (evidence(second, "Mamba", "language modeling"),)),
        Edge("EVALUATED_ON", ("Method", "method:mamba"), ("Dataset", "dataset:wikitext-103"),
             (pid,), 0.5, (evidence(second, "Mamba", "WikiText-103"),)),
        Edge("COMPARED_WITH", ("Method", "method:mamba"), ("Method", "method:transformer"),
             (pid,), 0.55, (evidence(second, "Mamba", "Transformers"),)),
    ]
    for edge in edges:
        graph.add_edge(edge)
    return graph


# ------------------------------------------------------------------ round trips
@pytest.mark.parametrize("fmt", ["nt", "turtle", "jsonld"])
def test_sample_export_parses_back_to_the_same_graph(fmt: str, expected: Graph,
                                                     exports: dict[str, tuple[Path, int]],
                                                     parsed: dict[str, Graph]) -> None:
    graph = parsed[fmt]
    assert len(graph) == exports[fmt][1] == len(expected) > 20_000
    assert isomorphic(graph, expected), _difference(graph, expected)


@pytest.mark.parametrize("fmt", ["nt", "turtle", "jsonld"])
def test_awkward_text_and_ids_round_trip(fmt: str, tmp_path: Path) -> None:
    graph = tiny_graph()
    path = tmp_path / f"tiny.{EXTENSIONS[fmt]}"
    report = export_rdf(graph, path, fmt, base="https://example.org/kg#")
    back = read_rdf(path, fmt)
    want = to_rdflib(graph, "https://example.org/kg#")
    assert report.triples == len(back) == len(want)
    assert isomorphic(back, want), _difference(back, want)
    titles = {str(o) for o in back.objects(None, URIRef("http://purl.org/dc/terms/title"))}
    assert titles == {'Mamba: "Selective" State\\Spaces'}
    assert all(str(s).startswith("https://example.org/kg#") for s in back.subjects())


def test_exports_stream_without_an_rdflib_graph(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the export built an rdflib Graph")

    monkeypatch.setattr(Graph, "add", refuse)
    monkeypatch.setattr(Graph, "__init__", refuse)
    for fmt in FORMATS:
        assert export_rdf(tiny_graph(), tmp_path / f"tiny.{fmt}", fmt).triples > 50


def test_a_failed_export_leaves_the_old_file(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kg.nt"
    path.write_text("old\n", encoding="utf-8")

    def failing(graph: KnowledgeGraph, base: str):
        yield from list(graph_triples(graph, base))[:5]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(rdf_module, "graph_triples", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        export_rdf(tiny_graph(), path, "nt")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.nt"]


def test_module_examples() -> None:
    for module in (rdf_module, vocab_module):
        failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert tried and not failed, module.__name__


# ------------------------------------------------------------------ SHACL
def test_sample_export_conforms_to_the_shapes(parsed: dict[str, Graph]) -> None:
    conforms, report = validate_rdf(parsed["nt"])
    assert conforms, report[:3000]


def _drop_type(g: Graph) -> None:
    g.remove((None, RDF.type, class_iri("Paper")))


def _change_quote(g: Graph) -> None:
    quote = next(g.subjects(RDF.type, OA.TextQuoteSelector))
    g.set((quote, OA.exact, Literal("Mamba is used for cooking.")))


def _shift_position(g: Graph) -> None:
    position = next(s for s in g.subjects(RDF.type, OA.TextPositionSelector)
                    if (None, OA.hasSelector, s) in g)
    start = int(g.value(position, OA.start))
    g.set((position, OA.start, Literal(str(start + 1), datatype=rdflib.XSD.nonNegativeInteger)))


def _drop_assertion(g: Graph) -> None:
    node = next(g.subjects(KG.predicate, KG.usedFor))
    for triple in list(g.triples((node, None, None))):
        g.remove(triple)
    g.remove((None, KG.evidence, None))  # dangling evidence would fail for another reason


def _wrong_endpoint(g: Graph) -> None:
    task = next(g.subjects(RDF.type, KG.Task))
    method = next(g.subjects(RDF.type, KG.Method))
    g.add((task, KG.usedFor, method))


def _two_classes(g: Graph) -> None:
    g.add((next(g.subjects(RDF.type, KG.Task)), RDF.type, KG.Dataset))


def _bad_confidence(g: Graph) -> None:
    node = next(g.subjects(RDF.type, KG.Assertion))
    g.set((node, KG.confidence, Literal("1.5", datatype=rdflib.XSD.decimal)))


def _wrong_support(g: Graph) -> None:
    node = next(g.subjects(KG.predicate, KG.usedFor))
    g.set((node, KG.support, Literal("2", datatype=rdflib.XSD.integer)))


def _mark_outside(g: Graph) -> None:
    mark = next(g.objects(None, KG.mark))
    g.set((mark, OA.end, Literal("100000", datatype=rdflib.XSD.nonNegativeInteger)))


BREAKAGES = [
    (_drop_type, "Value does not have class kg:Paper"),
    (_change_quote, "quote is not the paper's text"),
    (_shift_position, "quote is not the paper's text"),
    (_drop_assertion, "has no assertion"),
    (_wrong_endpoint, "Source Shape: kgsh:UsedForShape"),
    (_two_classes, "Xone"),
    (_bad_confidence, "MaxInclusive"),
    (_wrong_support, "kg:support is not the number of papers"),
    (_mark_outside, "mark lies outside"),
]


@pytest.mark.parametrize("breakage, message", BREAKAGES,
                         ids=[breakage.__name__[1:] for breakage, _ in BREAKAGES])
def test_broken_graphs_do_not_conform(breakage, message: str) -> None:
    graph = to_rdflib(tiny_graph())
    breakage(graph)
    conforms, report = validate_rdf(graph)
    assert not conforms
    assert message in report, report


def test_the_unbroken_graph_conforms() -> None:
    conforms, report = validate_rdf(to_rdflib(tiny_graph()))
    assert conforms, report


# ------------------------------------------------------------------ stable IRIs
SMALL_CORPUS = [
    {"id": "10.48550/arXiv.2312.00752", "title": "Mamba: Linear-Time Sequence Modeling",
     "abstract": "We propose Mamba for language modeling. Large Language Models (LLMs) use "
                 "attention. Mamba outperforms Transformers on WikiText-103."},
    {"id": "hiformer 2023", "title": "Hiformer: Feature Interactions for Recommender Systems",
     "abstract": "We propose Hiformer, a Transformer for recommender systems. LLMs are slow. "
                 "Experiments on MovieLens show that Hiformer outperforms DCN."},
    {"id": "a3", "title": "Softmax-free Linear Transformers",
     "abstract": "Linear attention reduces the cost of self-attention in vision transformers "
                 "for image classification on ImageNet."},
]


@pytest.fixture(scope="module")
def small_stores(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The small corpus built twice, independently, into two stores."""
    folder = tmp_path_factory.mktemp("small")
    source = folder / "papers.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in SMALL_CORPUS), encoding="utf-8")
    stores = [folder / "first", folder / "second"]
    for store in stores:
        build([source], store)
    return stores


def test_iris_are_identical_across_two_builds(small_stores: list[Path], tmp_path: Path) -> None:
    exported = []
    for i, store in enumerate(small_stores):
        path = tmp_path / f"{i}.nt"
        export_rdf(open_store(store).read_graph(), path, "nt")
        exported.append(path.read_text(encoding="utf-8"))
    first, second = ({line for line in text.splitlines() if line} for text in exported)
    assert first == second
    iris = [set(re.findall(r"<([^>]+)>", text)) for text in exported]
    assert iris[0] == iris[1]
    assert f"{DEFAULT_BASE}paper/10.48550%2FarXiv.2312.00752" in iris[0]
    assert f"{DEFAULT_BASE}paper/hiformer_2023" in iris[0]
    assert f"{DEFAULT_BASE}method:mamba" in {iri.lower() for iri in iris[0]}


def test_base_moves_every_resource_iri(small_stores: list[Path]) -> None:
    graph = open_store(small_stores[0]).read_graph()
    default = to_rdflib(graph)
    moved = to_rdflib(graph, "https://example.org/mine")  # a "/" is added
    vocabularies = tuple(str(ns) for _, ns in vocab_module.PREFIXES.items())
    assert len(default) == len(moved)
    for s, _, o in moved:
        for term in (s, o):
            if isinstance(term, URIRef) and not str(term).startswith(vocabularies):
                assert str(term).startswith("https://example.org/mine/"), term


# ------------------------------------------------------------------ the store in RDF
def test_every_stored_relationship_is_in_rdf_with_its_evidence(sample_store: EmbeddedStore,
                                                               expected: Graph) -> None:
    """Count for count, straight from the store's Cypher: each relationship has its triple, one
    assertion with support and confidence, and one evidence node per stored evidence sentence
    whose quote, offsets and marks are the stored ones and whose quote is the paper's text at
    those offsets."""
    texts = {}
    for paper in expected.subjects(RDF.type, class_iri("Paper")):
        title = expected.value(paper, URIRef("http://purl.org/dc/terms/title"))
        abstract = expected.value(paper, URIRef("http://purl.org/dc/terms/abstract")) or ""
        texts[paper] = f"{title}\n\n{abstract}"
    stored: Counter[str] = Counter()
    evidence_count = 0
    for rel_type in SCHEMA.relationships:
        predicate = property_iri(rel_type)
        for source, target in SCHEMA.endpoint_pairs(rel_type):
            skey, tkey = SCHEMA.nodes[source].key, SCHEMA.nodes[target].key
            rows = sample_store.query(
                f"MATCH (a:{source})-[r:{rel_type}]->(b:{target}) RETURN a.{skey}, b.{tkey}, "
                + ("r.count, r.mention_start, r.mention_end, r.sentence_start, r.sentence_end"
                   if rel_type == "MENTIONS" else "r.support, r.confidence, r.evidence")).rows
            for row in rows:
                a, b, support, confidence, evidence = _stored(rel_type, row)
                stored[rel_type] += 1
                s, o = node_iri(DEFAULT_BASE, (source, a)), node_iri(DEFAULT_BASE, (target, b))
                assert (s, predicate, o) in expected, (rel_type, a, b)
                node = assertion_iri(DEFAULT_BASE, rel_type, (source, a), (target, b))
                assert expected.value(node, KG.subject) == s
                assert int(expected.value(node, KG.support)) == support
                assert float(expected.value(node, KG.confidence)) == pytest.approx(confidence)
                want = {_evidence_key(json.loads(e), texts) for e in evidence}
                got = set()
                for ev in expected.objects(node, KG.evidence):
                    quote, start, end, marks = _rdf_evidence(expected, ev)
                    paper = expected.value(ev, OA.hasSource)
                    assert texts[paper][start:end] == quote
                    assert all(start <= m0 < m1 <= end for m0, m1 in marks)
                    got.add((str(paper), quote, start, end, marks))
                assert got == {(str(paper_iri(DEFAULT_BASE, p)), *rest) for p, *rest in want}
                assert len(got) == len(evidence)
                evidence_count += len(evidence)
    rdf_counts = Counter(vocab_module.relationship_of(p)
                         for p in expected.objects(None, KG.predicate))
    assert rdf_counts == stored == Counter(sample_store.stats()["relationships"]) - Counter()
    assert len(set(expected.subjects(RDF.type, KG.Evidence))) == evidence_count > 1000


def _stored(rel_type: str, row: list) -> tuple:
    """(source key, target key, support, confidence, evidence) of a stored relationship; a
    MENTIONS edge stores its first mention's offsets, and has support and confidence 1."""
    if rel_type != "MENTIONS":
        return tuple(row)
    a, b, count, m0, m1, s0, s1 = row
    assert count >= 1
    evidence = [json.dumps({"paper": a, "start": s0, "end": s1, "marks": [[m0, m1]]})]
    return a, b, 1, 1.0, evidence


def _evidence_key(data: dict, texts: dict) -> tuple:
    """A stored evidence object as (paper, sentence, start, end, marks); MENTIONS evidence is
    stored as offsets only, its sentence being the paper's text there."""
    marks = tuple(sorted({tuple(m) for m in data.get("marks", ())}))
    start, end = data["start"], data["end"]
    sentence = data.get("sentence", texts[paper_iri(DEFAULT_BASE, data["paper"])][start:end])
    return data["paper"], sentence, start, end, marks


def _rdf_evidence(graph: Graph, ev: URIRef) -> tuple[str, int, int, tuple]:
    quote = start = end = None
    for selector in graph.objects(ev, OA.hasSelector):
        if (selector, RDF.type, OA.TextQuoteSelector) in graph:
            quote = str(graph.value(selector, OA.exact))
        else:
            start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
    marks = tuple(sorted((int(graph.value(m, OA.start)), int(graph.value(m, OA.end)))
                         for m in graph.objects(ev, KG.mark)))
    return quote, start, end, marks


# ------------------------------------------------------------------ docs/sparql.md
def doc_queries() -> list[tuple[str, list[str], list[list[str]]]]:
    """Each ```sparql block of docs/sparql.md with the table printed after it: header, rows."""
    text = DOCS.read_text(encoding="utf-8")
    out = []
    for match in re.finditer(r"```sparql\n(.*?)```\n\n((?:\|[^\n]*\n)+)", text, re.S):
        header, _, *lines = match.group(2).splitlines()
        header_row, *rows = [[cell.strip().replace("\\|", "|")
                              for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
                             for line in (header, *lines)]
        out.append((match.group(1), header_row, rows))
    return out


def test_docs_sparql_queries_run_as_printed(parsed: dict[str, Graph]) -> None:
    queries = doc_queries()
    assert len(queries) == 3
    graph = parsed["turtle"]  # what the docs' snippet parses
    results = []
    for query, header, printed in queries:
        result = graph.query(query)
        columns = [str(v) for v in result.vars]
        rows = [dict(zip(columns, map(str, row), strict=True)) for row in result]
        assert rows, query
        # The printed table is this query's output when the docs were written: same columns;
        # its rows may age as the extractor improves, the facts checked below stay.
        assert header == columns and printed and all(len(r) == len(columns) for r in printed)
        results.append(rows)
    used_for, evaluated_on, evidence = results
    # The sample is built with the default minimum confidence: no row below it.
    _, least = load_calibration().thresholds(DEFAULT_MODEL)
    # Methods used for forecasting tasks, among them a Mamba (from "Is Mamba Effective for Time
    # Series Forecasting?", whose own S-Mamba is the surest).
    assert all("forecasting" in row["task"].lower() for row in used_for)
    assert len({row["method"] for row in used_for}) >= 2
    mamba = [row for row in used_for if "Mamba" in row["method"]]
    assert mamba and {row["task"] for row in mamba} == {"time series forecasting"}
    assert {row["paper"] for row in mamba} == {"Is Mamba Effective for Time Series Forecasting?"}
    assert all(int(row["support"]) >= 1 and least <= float(row["confidence"]) <= 1
               for row in used_for)
    # Datasets SOFT (an alias) is evaluated on.
    assert {row["method"] for row in evaluated_on} == {"Softmax-Free Transformer"}
    assert {"COCO", "ImageNet"} <= {row["dataset"] for row in evaluated_on}
    assert all(float(row["confidence"]) >= least for row in evaluated_on)
    # The evidence for Mamba COMPARED_WITH Transformer: two papers, offsets that fit. (Mamba's
    # own paper compares "our Mamba-3B model", a concept of its own since stop 37.)
    assert "Is Mamba Effective for Time Series Forecasting?" in {row["paper"] for row in evidence}
    assert len({row["paper"] for row in evidence}) >= 2
    for row in evidence:
        assert len(row["sentence"]) == int(row["end"]) - int(row["start"])
        assert "Transformer" in row["mentions"] and "Mamba" in row["sentence"]
        assert 0 < float(row["confidence"]) <= 1


# ------------------------------------------------------------------ command line
def test_cli_infers_the_format_and_validates(small_stores: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "small.jsonld"
    result = CliRunner().invoke(main, ["export", "rdf", "--store", str(small_stores[0]),
                                       "-o", str(out), "--validate", "--base",
                                       "https://example.org/kg/"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"Wrote .+small\.jsonld: [\d,]+ triples \(jsonld\) in [\d.]+ s, "
                        r"[\d,]+ triples/s; conforms to schema/shapes.ttl \(SHACL, [\d.]+ s\)\n",
                        result.output), result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"]["kgr"] == "https://example.org/kg/"
    assert len(read_rdf(out, "jsonld")) > 100


def test_cli_fails_when_the_export_does_not_conform(small_stores: list[Path], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    strict = tmp_path / "strict.ttl"
    strict.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix kg: <https://w3id.org/kg/ontology#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        [] a sh:NodeShape ; sh:targetClass kg:Paper ;
           sh:property [ sh:path dcterms:title ; sh:maxLength 5 ] .
        """, encoding="utf-8")
    monkeypatch.setattr(rdf_module, "shapes_path", lambda: strict)
    out = tmp_path / "small.ttl"
    result = CliRunner().invoke(main, ["export", "rdf", "--store", str(small_stores[0]),
                                       "-o", str(out), "--validate"])
    assert result.exit_code == 1
    assert "small.ttl is written but does not conform to schema/shapes.ttl" in result.output
    assert "MaxLengthConstraintComponent" in result.output
    assert out.exists()


def test_cli_errors_are_one_clear_line(tmp_path: Path) -> None:
    runner = CliRunner()
    bad_format = runner.invoke(main, ["export", "rdf", "-o", str(tmp_path / "x"), "-f", "xml"])
    assert bad_format.exit_code == 2
    assert "'xml' is not one of 'turtle', 'nt', 'jsonld'" in bad_format.output
    bad_base = runner.invoke(main, ["export", "rdf", "-o", str(tmp_path / "x.nt"),
                                    "--base", "not an iri"])
    assert bad_base.exit_code == 2 and "not an absolute IRI: 'not an iri'" in bad_base.output
    missing = runner.invoke(main, ["export", "rdf", "-o", str(tmp_path / "x.nt"),
                                   "--store", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "no kg store at" in missing.output
    assert not (tmp_path / "x.nt").exists()
    helped = runner.invoke(main, ["export", "rdf", "--help"])
    assert "kg export rdf -o kg.ttl" in helped.output and DEFAULT_BASE in helped.output


# ------------------------------------------------------------------ ontology and shapes
def test_ontology_declares_the_schema() -> None:
    onto = Graph().parse(str(ontology_path()))
    assert str(onto.value(URIRef(vocab_module.ONTOLOGY_IRI), OWL.versionInfo)) == str(
        SCHEMA.version)
    for label, node in SCHEMA.nodes.items():
        cls = class_iri(label)
        assert (cls, RDF.type, OWL.Class) in onto, label
        parent = SKOS.Concept if node.concept else SCHEMA_ORG
        assert (cls, RDFS.subClassOf, parent) in onto, label
    for rel_type, rel in SCHEMA.relationships.items():
        prop = property_iri(rel_type)
        assert (prop, RDF.type, OWL.ObjectProperty) in onto, rel_type
        assert str(onto.value(prop, SKOS.notation)) == rel_type
        assert (prop, RDFS.subPropertyOf, KG.relation) in onto
        assert _classes(onto, onto.value(prop, RDFS.domain)) == set(rel.sources), rel_type
        assert _classes(onto, onto.value(prop, RDFS.range)) == set(rel.targets), rel_type


def test_ontology_declares_every_term_the_export_uses() -> None:
    onto = Graph().parse(str(ontology_path()))
    used = set()
    for _, p, o in graph_triples(tiny_graph()):
        used.add(p)
        if p == RDF.type:
            used.add(o)
    for term in used:
        if str(term).startswith(str(KG)):
            assert (term, RDF.type, None) in onto, term


def test_shapes_restate_the_schema() -> None:
    shapes = Graph().parse(str(shapes_path()))
    props = {property_iri(t) for t in SCHEMA.relationships}
    assertion = URIRef("https://w3id.org/kg/shapes#AssertionShape")
    in_lists = [set(Collection(shapes, shapes.value(p, SH["in"])))
                for p in shapes.objects(assertion, SH.property) if shapes.value(p, SH["in"])]
    assert in_lists == [props]
    queries = " ".join(str(q) for q in shapes.objects(None, SH.select))
    for prop in props:
        assert f"kg:{prop.split('#')[1]} ?o" in queries, prop
    for rel_type, rel in SCHEMA.relationships.items():
        prop = property_iri(rel_type)
        shape = next(shapes.subjects(SH.targetSubjectsOf, prop))
        assert _classes(shapes, shapes.value(shape, SH["class"])) == set(rel.sources)
        object_shape = next(p for p in shapes.objects(shape, SH.property)
                            if shapes.value(p, SH.path) == prop)
        if shapes.value(object_shape, SH["or"]):
            members = Collection(shapes, shapes.value(object_shape, SH["or"]))
            classes = {shapes.value(m, SH["class"]) for m in members}
        else:
            classes = {shapes.value(object_shape, SH["class"])}
        assert {_label(c) for c in classes} == _expand(set(rel.targets)), rel_type


def _label(cls: URIRef) -> str:
    return "*" if cls == SKOS.Concept else str(cls).split("#")[1]


def _expand(labels: set[str]) -> set[str]:
    return {"*"} if labels == set(SCHEMA.concept_labels) else labels


def _classes(graph: Graph, node) -> set[str]:
    """The node labels a class expression (a class or an owl:unionOf) stands for."""
    if node == SKOS.Concept:
        return set(SCHEMA.concept_labels)
    union = graph.value(node, OWL.unionOf)
    members = Collection(graph, union) if union is not None else [node]
    return {str(m).split("#")[1] for m in members}


def _difference(a: Graph, b: Graph) -> str:
    only_a, only_b = set(a) - set(b), set(b) - set(a)
    return f"only in the export: {sorted(only_a)[:3]}; only in memory: {sorted(only_b)[:3]}"

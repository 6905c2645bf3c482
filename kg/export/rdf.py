"""RDF export: the graph as Turtle, N-Triples or JSON-LD in the kg ontology (schema/ontology.ttl).

Every typed edge becomes a direct triple (``<method> kg:usedFor <task>``) plus a ``kg:Assertion``
node that qualifies it (kg:subject / kg:predicate / kg:object, support, confidence, the supporting
papers) and links its evidence: one ``kg:Evidence`` per supporting sentence, a PROV entity and a
Web Annotation specific resource of the paper with a quote and a position selector.
:func:`graph_triples` is that mapping, the one all formats and the tests share.

All three formats are written as the triples come, one subject at a time, so memory stays flat
however big the graph (rdflib's own serializers need the whole graph in an rdflib ``Graph``);
files are written atomically. :func:`to_rdflib` builds that ``Graph`` when one is wanted.

>>> from kg.graph import KnowledgeGraph, Paper
>>> g = KnowledgeGraph()
>>> g.add_paper(Paper(id="p1", title="Mamba", abstract="We propose Mamba."))
>>> len(list(graph_triples(g)))
6
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rdflib import PROV, RDF, SDO, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node as RdfNode

from kg.atomic import atomic_file
from kg.graph import Concept, Edge, KnowledgeGraph, Paper
from kg.schema import SCHEMA, schema_dir
from kg.vocab import (
    ASSERTION,
    DEFAULT_BASE,
    EVIDENCE,
    KG,
    OA,
    PREFIXES,
    PROPERTIES,
    assertion_iri,
    class_iri,
    evidence_iri,
    node_iri,
    normalize_base,
    paper_iri,
    property_iri,
)

Triple = tuple[URIRef, URIRef, RdfNode]
#: What an assertion states of its edge besides the evidence, for other edges and for MENTIONS
#: (which the store keeps as numbers only, but the graph model, and so RDF, sees whole).
ASSERTION_PROPERTIES = (("papers", "support", "confidence"),
                        ("papers", "support", "confidence", "count"))

#: ``--format`` names -> the canonical format name (also rdflib's parser name).
FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt",
           "n-triples": "nt", "jsonld": "json-ld", "json-ld": "json-ld"}
#: Output characters buffered per write.
_BUFFER = 1 << 20


@dataclass(frozen=True, slots=True)
class RdfReport:
    """What :func:`export_rdf` wrote."""

    path: str
    format: str
    triples: int
    seconds: float


def rdf_format(name: str) -> str:
    """The canonical format for a ``--format`` name (turtle, nt or json-ld); ValueError if none."""
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown RDF format {name!r}: choose turtle, nt or jsonld") from None


def graph_triples(graph: KnowledgeGraph, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """Every triple of ``graph`` in the kg ontology, IRIs under ``base``, without duplicates.

    A subject's triples come together (a subject may come back later: an edge's direct triple
    follows the node's own description), which is what lets the writers stream.
    """
    base = normalize_base(base)
    for paper in graph.papers():
        yield from _paper_triples(paper, base)
    for concept in graph.concepts():
        yield from _concept_triples(concept, base)
    for edge in graph.edges():
        yield from _edge_triples(edge, base)


def to_rdflib(graph: KnowledgeGraph, base: str = DEFAULT_BASE) -> Graph:
    """The triples of :func:`graph_triples` as an in-memory rdflib graph, prefixes bound."""
    base = normalize_base(base)
    out = Graph(bind_namespaces="none")
    for prefix, namespace in _prefixes(base).items():
        out.bind(prefix, namespace, override=True, replace=True)
    add = out.add
    for triple in graph_triples(graph, base):
        add(triple)
    return out


def export_rdf(graph: KnowledgeGraph, path: Path, fmt: str = "turtle",
               base: str = DEFAULT_BASE) -> RdfReport:
    """Write ``graph`` to ``path`` as ``fmt`` (turtle, nt or jsonld), atomically, streaming.

    >>> import tempfile; from kg.graph import KnowledgeGraph, Paper
    >>> g = KnowledgeGraph(); g.add_paper(Paper(id="p1", title="Mamba", abstract="..."))
    >>> export_rdf(g, Path(tempfile.mkdtemp()) / "kg.nt", "nt").triples
    6
    """
    canonical = rdf_format(fmt)
    base = normalize_base(base)
    started = time.perf_counter()
    path = Path(path)
    with atomic_file(path, buffering=_BUFFER) as out:
        count = write_rdf(graph_triples(graph, base), out, canonical, base)
    return RdfReport(str(path), canonical, count, time.perf_counter() - started)


def write_rdf(triples: Iterable[Triple], out: IO[bytes], fmt: str,
              base: str = DEFAULT_BASE) -> int:
    """Write ``triples`` to a binary stream as ``fmt``; the number of triples written."""
    fmt = rdf_format(fmt)
    if fmt == "nt":
        return write_ntriples(triples, out)
    if fmt == "turtle":
        return write_turtle(triples, out, base)
    return write_jsonld(triples, out, base)


def write_ntriples(triples: Iterable[Triple], out: IO[bytes]) -> int:
    """Write ``triples`` as N-Triples lines to a binary stream; the number of lines written."""
    with _Buffered(out) as write:
        count = 0
        for s, p, o in triples:
            write(f"{_nt_iri(s)} {_nt_iri(p)} {_nt_object(o)} .\n")
            count += 1
    return count


def write_turtle(triples: Iterable[Triple], out: IO[bytes], base: str = DEFAULT_BASE) -> int:
    """Write ``triples`` as Turtle to a binary stream, one block per run of a subject's triples;
    IRIs under the bound prefixes (:func:`jsonld_context`) are written as prefixed names."""
    names = _Names(_prefixes(normalize_base(base)))
    count = 0
    with _Buffered(out) as write:
        for prefix, namespace in names.prefixes:
            write(f"@prefix {prefix}: <{namespace}> .\n")
        for subject, group in itertools.groupby(triples, key=lambda t: t[0]):
            lines = []
            for predicate, same in itertools.groupby(group, key=lambda t: t[1]):
                objects = [names.turtle(o) for _, _, o in same]
                count += len(objects)
                verb = "a" if predicate == RDF.type else names.turtle(predicate)
                lines.append(f"{verb} {', '.join(objects)}")
            write(f"\n{names.turtle(subject)} " + " ;\n    ".join(lines) + " .\n")
    return count


def write_jsonld(triples: Iterable[Triple], out: IO[bytes], base: str = DEFAULT_BASE) -> int:
    """Write ``triples`` as compact JSON-LD to a binary stream: an ``@graph`` of node objects,
    one per run of a subject's triples, with :func:`jsonld_context` as ``@context``."""
    context = jsonld_context(base)
    names = _Names(context)
    count = 0
    with _Buffered(out) as write:
        write('{\n"@context": ' + json.dumps(context, indent=1) + ',\n"@graph": [')
        separator = "\n"
        for subject, group in itertools.groupby(triples, key=lambda t: t[0]):
            node: dict[str, Any] = {"@id": names.compact(subject)}
            for predicate, same in itertools.groupby(group, key=lambda t: t[1]):
                objects = [o for _, _, o in same]
                count += len(objects)
                if predicate == RDF.type:
                    node.setdefault("@type", []).extend(names.compact(o) for o in objects)
                else:
                    node.setdefault(names.compact(predicate), []).extend(
                        names.jsonld(o) for o in objects)
            write(separator + json.dumps(node, ensure_ascii=False, separators=(",", ":")))
            separator = ",\n"
        write("\n]}\n")
    return count


def jsonld_context(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The JSON-LD @context (and Turtle prefixes): the vocabularies and the resource families."""
    return _prefixes(normalize_base(base))


def read_rdf(path: Path, fmt: str) -> Graph:
    """Parse an exported file back into an rdflib graph."""
    return Graph().parse(str(path), format=rdf_format(fmt))


def ontology_path() -> Path:
    """``schema/ontology.ttl`` (in the installed package: ``kg/_schema/ontology.ttl``)."""
    return schema_dir() / "ontology.ttl"


def shapes_path() -> Path:
    """``schema/shapes.ttl``, the SHACL shapes an export must conform to."""
    return schema_dir() / "shapes.ttl"


def validate_rdf(data: Graph, shapes: Path | None = None) -> tuple[bool, str]:
    """Validate an exported graph against the SHACL shapes with pySHACL: (conforms, report).

    The shapes need no inference and no ontology (the export states every type they test);
    pySHACL holds everything in memory.
    """
    from pyshacl import validate

    shapes_graph = Graph().parse(str(shapes or shapes_path()), format="turtle")
    conforms, _, text = validate(data, shacl_graph=shapes_graph, inference="none")
    return bool(conforms), str(text)


def validate_file(path: Path, fmt: str, shapes: Path | None = None) -> tuple[bool, str]:
    """Parse an exported file and validate it with :func:`validate_rdf`: (conforms, report)."""
    return validate_rdf(read_rdf(path, fmt), shapes)


# ------------------------------------------------------------------ the mapping
def _literal(value: Any, datatype: URIRef | None) -> Literal:
    if datatype == XSD.decimal:
        return Literal(_decimal(value), datatype=XSD.decimal)
    if datatype == XSD.gYear:
        return Literal(f"{int(value):04d}", datatype=XSD.gYear)
    if datatype is None:
        return Literal(str(value))
    return Literal(str(value), datatype=datatype)


def _decimal(value: float) -> str:
    """A float as an xsd:decimal lexical form with up to 4 decimals: 0.6 -> "0.6"."""
    text = f"{value:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _properties(obj: Paper | Concept, label: str, subject: URIRef) -> Iterator[Triple]:
    for name, kind in SCHEMA.nodes[label].properties.items():
        mapped = PROPERTIES[name]
        value = getattr(obj, name)
        if mapped is None or value is None or value == "":
            continue
        predicate, datatype = mapped
        if kind == "string[]":
            for item in dict.fromkeys(value):  # no duplicate triples
                if item and not (name == "aliases" and item == getattr(obj, "name", None)):
                    yield subject, predicate, _literal(item, datatype)
        else:
            yield subject, predicate, _literal(value, datatype)


def _paper_triples(paper: Paper, base: str) -> Iterator[Triple]:
    subject = paper_iri(base, paper.id)
    yield subject, RDF.type, class_iri("Paper")
    yield subject, RDF.type, SDO.ScholarlyArticle
    yield from _properties(paper, "Paper", subject)


def _concept_triples(concept: Concept, base: str) -> Iterator[Triple]:
    subject = node_iri(base, concept.node)
    yield subject, RDF.type, class_iri(concept.label)
    yield subject, RDF.type, SKOS.Concept
    yield from _properties(concept, concept.label, subject)


def _edge_triples(edge: Edge, base: str) -> Iterator[Triple]:
    source, target = node_iri(base, edge.source), node_iri(base, edge.target)
    predicate = property_iri(edge.type)
    yield source, predicate, target
    node = assertion_iri(base, edge.type, edge.source, edge.target)
    yield node, RDF.type, ASSERTION
    yield node, KG.subject, source
    yield node, KG.predicate, predicate
    yield node, KG.object, target
    for name in ASSERTION_PROPERTIES[edge.type == "MENTIONS"]:
        mapped = PROPERTIES[name]
        if mapped is None:
            continue
        predicate, datatype = mapped
        if name == "papers":
            for paper in dict.fromkeys(edge.papers):
                yield node, predicate, paper_iri(base, paper)
        else:
            yield node, predicate, _literal(getattr(edge, name), datatype)
    evidence = {evidence_iri(base, node, ev.paper, ev.start, ev.end, ev.marks): ev
                for ev in edge.evidence}
    for ev_node in evidence:
        yield node, KG.evidence, ev_node
    for ev_node, ev in evidence.items():
        paper = paper_iri(base, ev.paper)
        quote, position = URIRef(f"{ev_node}#quote"), URIRef(f"{ev_node}#position")
        marks = {URIRef(f"{ev_node}#mark-{start}-{end}"): (start, end) for start, end in ev.marks}
        yield ev_node, RDF.type, EVIDENCE
        yield ev_node, RDF.type, OA.SpecificResource
        yield ev_node, OA.hasSource, paper
        yield ev_node, PROV.wasDerivedFrom, paper
        yield ev_node, OA.hasSelector, quote
        yield ev_node, OA.hasSelector, position
        for mark in marks:
            yield ev_node, KG.mark, mark
        yield quote, RDF.type, OA.TextQuoteSelector
        yield quote, OA.exact, Literal(ev.sentence)
        yield from _position(position, ev.start, ev.end)
        for mark, (start, end) in marks.items():
            yield from _position(mark, start, end)


def _position(node: URIRef, start: int, end: int) -> Iterator[Triple]:
    yield node, RDF.type, OA.TextPositionSelector
    yield node, OA.start, Literal(str(start), datatype=XSD.nonNegativeInteger)
    yield node, OA.end, Literal(str(end), datatype=XSD.nonNegativeInteger)


# ------------------------------------------------------------------ writing
def _prefixes(base: str) -> dict[str, str]:
    """Vocabulary prefixes, then the data ones (kgr: is the base; paper:, assertion:,
    evidence: its resource families)."""
    return {**{prefix: str(ns) for prefix, ns in PREFIXES.items()},
            "kgr": base, "paper": f"{base}paper/", "assertion": f"{base}assertion/",
            "evidence": f"{base}evidence/"}


#: A local name that Turtle (PN_LOCAL, with ``#`` escaped) and JSON-LD compact IRIs both take:
#: ASCII letters, digits, ``_ - . : #`` and %-escapes; not starting with ``-``, ``.`` or ``#``,
#: nor ending in ``.``.
_LOCAL = re.compile(r"(?:[A-Za-z0-9_:]|%[0-9A-Fa-f]{2})(?:(?:[A-Za-z0-9_\-.:#]|%[0-9A-Fa-f]{2})*"
                    r"(?:[A-Za-z0-9_\-:#]|%[0-9A-Fa-f]{2}))?")
#: Characters an IRIREF must escape (N-Triples and Turtle).
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: Characters a one-line string literal must escape (N-Triples and Turtle).
_STRING_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_STRING_ESCAPES.update({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n",
                        ord("\r"): "\\r", ord("\t"): "\\t"})


class _Names:
    """Prefixed names for IRIs under the given namespaces (the longest namespace wins)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = list(prefixes.items())
        self._by_length = sorted(self.prefixes, key=lambda item: -len(item[1]))
        self._cache: dict[str, str | None] = {}

    def prefixed(self, iri: str) -> str | None:
        for prefix, namespace in self._by_length:
            if iri.startswith(namespace):
                local = iri[len(namespace):]
                if _LOCAL.fullmatch(local):
                    return f"{prefix}:{local}"
        return None

    def _vocab(self, iri: str) -> str | None:
        # Classes and predicates repeat on every line: cache them (data IRIs are all different).
        try:
            return self._cache[iri]
        except KeyError:
            name = self._cache[iri] = self.prefixed(iri)
            return name

    def turtle(self, term: RdfNode) -> str:
        if isinstance(term, Literal):
            return _turtle_literal(term, self._vocab)
        name = self.prefixed(term)
        return name.replace("#", "\\#") if name else _nt_iri(term)

    def compact(self, iri: RdfNode) -> str:
        return self.prefixed(iri) or str(iri)

    def jsonld(self, term: RdfNode) -> Any:
        if isinstance(term, Literal):
            if term.language:
                return {"@value": str(term), "@language": term.language}
            if term.datatype is None or term.datatype == XSD.string:
                return str(term)
            return {"@value": str(term), "@type": self._vocab(term.datatype) or term.datatype}
        return {"@id": self.compact(term)}


def _nt_iri(iri: RdfNode) -> str:
    text = str(iri)
    if _IRI_UNSAFE.search(text):
        text = _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
    return f"<{text}>"


def _nt_object(term: RdfNode) -> str:
    """An object term in N-Triples syntax (subjects and predicates are always IRIs)."""
    if isinstance(term, Literal):
        text = str(term).translate(_STRING_ESCAPES)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{text}"^^{_nt_iri(term.datatype)}'
        return f'"{text}"'
    return _nt_iri(term)


def _turtle_literal(term: Literal, vocab: Callable[[str], str | None]) -> str:
    text = str(term).translate(_STRING_ESCAPES)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is None or term.datatype == XSD.string:
        return f'"{text}"'
    if term.datatype == XSD.integer and re.fullmatch(r"[+-]?[0-9]+", text):
        return text
    return f'"{text}"^^{vocab(term.datatype) or _nt_iri(term.datatype)}'


class _Buffered:
    """``write(str)`` into a binary stream through a buffer of about :data:`_BUFFER` characters."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.parts: list[str] = []
        self.size = 0

    def __enter__(self) -> Callable[[str], None]:
        return self.write

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= _BUFFER:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.parts).encode("utf-8"))
        self.parts.clear()
        self.size = 0

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.flush()

"""The RDF vocabulary of kg: namespaces, class and property IRIs, and how resource IRIs are minted.

Declared once, here; ``schema/ontology.ttl`` and ``schema/shapes.ttl`` publish the same terms
(tests/test_rdf.py checks them against ``schema/schema.toml``).

Resource IRIs live under a configurable ``base`` (default :data:`DEFAULT_BASE`) and derive only
from canonical keys, so the same input always gives the same IRIs::

    {base}paper/{id}              a paper               .../paper/arXiv:2101.00001
    {base}{key}                   a concept whose key   .../method:large_language_model
                                  starts "<label>:"
    {base}{label}/{key}           any other concept key .../method/c42
    {base}assertion/{digest}      one typed edge        (digest of type and both endpoints)
    {base}evidence/{digest}       one supporting sentence of one edge
    {evidence}#quote, #position, #mark-{start}-{end}   its selectors

Keys and ids are percent-encoded (UTF-8) except ASCII letters, digits and ``-.~:``; a space
becomes ``_`` and ``_`` itself ``%5F``. That keeps ``/``, ``#``, ``?`` out of a segment, and it is
injective: two different keys never give the same IRI (``urllib.parse.unquote`` after mapping
``_`` back to a space recovers the key).

>>> concept_iri("https://example.org/kg/", "Method", "method:large language model")
rdflib.term.URIRef('https://example.org/kg/method:large_language_model')
>>> paper_iri("https://example.org/kg/", "10.1/x y_z")
rdflib.term.URIRef('https://example.org/kg/paper/10.1%2Fx_y%5Fz')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace, URIRef

from kg.schema import SCHEMA

#: The ontology's IRI; its terms are ``{ONTOLOGY_IRI}#Term``.
ONTOLOGY_IRI = "https://w3id.org/kg/ontology"
KG = Namespace(ONTOLOGY_IRI + "#")
#: W3C Web Annotation vocabulary (rdflib ships no constant for it).
OA = Namespace("http://www.w3.org/ns/oa#")
#: schema.org, in its https form (rdflib's SDO).
SCHEMA_ORG = SDO
#: Where resource IRIs go unless the caller chooses another base (``kg export rdf --base``).
DEFAULT_BASE = "https://w3id.org/kg/id/"

#: Prefixes bound in Turtle output and used as the JSON-LD @context.
PREFIXES: dict[str, Namespace] = {
    "kg": KG, "skos": Namespace(str(SKOS)), "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)), "oa": OA, "schema": Namespace(str(SDO)),
    "xsd": Namespace(str(XSD)), "rdf": Namespace(str(RDF)), "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
}

# Classes of the qualified-relation pattern (see schema/ontology.ttl).
ASSERTION = KG.Assertion
EVIDENCE = KG.Evidence
RELATION = KG.relation  # the super-property of every relationship property

#: Schema property -> (RDF predicate, literal datatype or None for a plain string); a property
#: mapped to None is not exported. Covers every node and relationship property in schema.toml.
PROPERTIES: dict[str, tuple[URIRef, URIRef | None] | None] = {
    # Paper
    "id": (DCTERMS.identifier, None),
    "title": (DCTERMS.title, None),
    "abstract": (DCTERMS.abstract, None),
    "year": (DCTERMS.issued, XSD.gYear),
    "authors": (SDO.author, None),
    "url": (SDO.url, XSD.anyURI),
    "content_hash": (KG.contentHash, None),
    "source": None,  # "file:line" on the machine that built the store: not portable
    # concepts
    "key": (DCTERMS.identifier, None),
    "name": (SKOS.prefLabel, None),
    "aliases": (SKOS.altLabel, None),
    "paper_count": (KG.paperCount, XSD.integer),
    "mention_count": (KG.mentionCount, XSD.integer),
    # relationships (on the kg:Assertion node)
    "papers": (PROV.wasDerivedFrom, None),  # object: the paper's IRI
    "support": (KG.support, XSD.integer),
    "confidence": (KG.confidence, XSD.decimal),
    "evidence": (KG.evidence, None),  # object: a kg:Evidence node
    "count": (KG["count"], XSD.integer),
    # MENTIONS offsets: exported as the assertion's kg:Evidence, like every other evidence
    "mention_start": None,
    "mention_end": None,
    "sentence_start": None,
    "sentence_end": None,
}

_RESERVED = ("paper", "assertion", "evidence")
_SAFE = re.compile(r"[A-Za-z0-9\-.~:]")
if _RESERVED_CLASH := {label.lower() for label in SCHEMA.concept_labels} & set(_RESERVED):
    raise ValueError(f"concept label(s) {_RESERVED_CLASH} clash with reserved IRI segments")


def class_iri(label: str) -> URIRef:
    """The class of a node label: ``kg:Paper``, ``kg:Method``..."""
    return KG[label]


def property_iri(rel_type: str) -> URIRef:
    """The property of a relationship type: ``USED_FOR`` -> ``kg:usedFor``."""
    head, *rest = rel_type.lower().split("_")
    return KG[head + "".join(word.capitalize() for word in rest)]


def relationship_of(prop: URIRef) -> str | None:
    """The relationship type a ``kg:`` property stands for, if any."""
    return _TYPES_BY_PROPERTY.get(prop)


_TYPES_BY_PROPERTY = {property_iri(t): t for t in SCHEMA.relationships}


def normalize_base(base: str) -> str:
    """Check that ``base`` is an absolute IRI; make it end in ``/`` or ``#``."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$", base) or re.search(r'[<>"{}|\\^`]', base):
        raise ValueError(f"not an absolute IRI: {base!r} (try https://example.org/kg/)")
    return base if base.endswith(("/", "#")) else base + "/"


def encode(text: str) -> str:
    """Percent-encode one IRI segment (see the module docstring); injective."""
    out = []
    for char in text:
        if char == " ":
            out.append("_")
        elif _SAFE.match(char):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    segment = "".join(out)
    if segment in (".", ".."):  # dot segments would be removed by IRI normalization
        segment = segment.replace(".", "%2E")
    return segment


def paper_iri(base: str, paper_id: str) -> URIRef:
    """The IRI of the paper with id ``paper_id``."""
    return URIRef(f"{base}paper/{encode(paper_id)}")


def concept_iri(base: str, label: str, key: str) -> URIRef:
    """The IRI of the concept node ``(label, key)``."""
    prefix = label.lower() + ":"
    if key.startswith(prefix):  # the linker's keys: "method:large language model"
        return URIRef(base + encode(key))
    return URIRef(f"{base}{label.lower()}/{encode(key)}")


def node_iri(base: str, node: tuple[str, str]) -> URIRef:
    """The IRI of a graph node id ``(label, key)``."""
    label, key = node
    return paper_iri(base, key) if label == "Paper" else concept_iri(base, label, key)


def digest(*parts: object) -> str:
    """A stable 80-bit hex digest of ``parts`` (for assertion and evidence IRIs)."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def assertion_iri(base: str, rel_type: str, source: tuple[str, str],
                  target: tuple[str, str]) -> URIRef:
    """The IRI of the kg:Assertion of the edge ``(source)-[rel_type]->(target)``."""
    return URIRef(f"{base}assertion/{digest(rel_type, *source, *target)}")


def evidence_iri(base: str, assertion: URIRef, paper: str, start: int, end: int,
                 marks: Iterable[tuple[int, int]]) -> URIRef:
    """The IRI of one supporting sentence of one assertion."""
    flat = ",".join(f"{a}-{b}" for a, b in marks)
    return URIRef(f"{base}evidence/{digest(assertion, paper, start, end, flat)}")

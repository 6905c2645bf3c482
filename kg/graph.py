"""The graph model: papers, mentions, concepts and typed relationships, held in networkx.

This is the single interchange between stages: the extractor produces :class:`PaperRecord`s, the
linker turns them into a :class:`KnowledgeGraph` (or a streamed :class:`GraphSource`), and stores
and exporters read and write that.

>>> g = KnowledgeGraph()
>>> g.add_paper(Paper(id="p1", title="Mamba", abstract="We propose Mamba."))
>>> g.add_concept(Concept(key="method:mamba", label="Method", name="Mamba"))
>>> g.add_edge(Edge("PROPOSES", ("Paper", "p1"), ("Method", "method:mamba"), papers=("p1",)))
>>> g.stats()["relationships"]
{'PROPOSES': 1}
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

from kg.schema import SCHEMA

#: Separates title and abstract in :attr:`Paper.text`; every character offset refers to that text.
TEXT_SEPARATOR = "\n\n"

#: A node's identity in the graph: (label, key). Papers are keyed by id, concepts by their key.
Node = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as read from a source."""

    id: str
    title: str
    abstract: str
    year: int | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    source: str = ""  # "file:line" where it was first read

    @property
    def text(self) -> str:
        """Title and abstract as one text; all mention and evidence offsets index into it."""
        return f"{self.title}{TEXT_SEPARATOR}{self.abstract}"

    @property
    def content_hash(self) -> str:
        """Digest of everything extraction depends on: a changed paper gets a new hash."""
        parts = [self.title, self.abstract, str(self.year or ""), "\x1f".join(self.authors),
                 self.url or ""]
        return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        return cls(**{**data, "authors": tuple(data.get("authors") or ())})


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span of a paper's text, with its sentence."""

    text: str
    label: str
    start: int
    end: int
    sent_start: int
    sent_end: int
    source: str = "noun_chunk"  # which extractor part found it
    long_form: str | None = None  # for an acronym, its definition in this paper
    short_form: str | None = None  # for a defined long form, its acronym in this paper
    confidence: float = 1.0  # calibrated probability that the span and label are right


@dataclass(frozen=True, slots=True)
class RelationMention:
    """A typed relation found in one sentence between two mentions (indices into the record's
    mentions); ``head`` is None when the paper itself is the head (PROPOSES)."""

    type: str
    head: int | None
    tail: int
    confidence: float
    pattern: str
    sent_start: int
    sent_end: int


@dataclass(slots=True)
class PaperRecord:
    """Everything the extractor found in one paper."""

    paper: Paper
    mentions: list[Mention] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)
    extractor: str = ""  # fingerprint of the extractor that produced the record

    def to_json(self) -> str:
        return json.dumps(
            {
                "hash": self.paper.content_hash,
                "extractor": self.extractor,
                "paper": self.paper.to_dict(),
                "mentions": [asdict(m) for m in self.mentions],
                "relations": [asdict(r) for r in self.relations],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, line: str) -> PaperRecord:
        data = json.loads(line)
        return cls(
            paper=Paper.from_dict(data["paper"]),
            mentions=[Mention(**m) for m in data["mentions"]],
            relations=[RelationMention(**r) for r in data["relations"]],
            extractor=data.get("extractor", ""),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that supports an edge: where it is, and where the mentions in it are."""

    paper: str
    sentence: str
    start: int
    end: int
    marks: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> str:
        """The stored form."""
        data = {"paper": self.paper, "sentence": self.sentence, "start": self.start,
                "end": self.end, "marks": [list(m) for m in self.marks]}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Evidence:
        data = json.loads(text)
        return cls(data["paper"], data.get("sentence", ""), data["start"], data["end"],
                   tuple(tuple(m) for m in data.get("marks", ())))


@dataclass(frozen=True, slots=True)
class Concept:
    """A canonical node: one method/task/dataset/metric/concept, whatever it was called."""

    key: str
    label: str
    name: str
    aliases: tuple[str, ...] = ()
    paper_count: int = 0
    mention_count: int = 0
    confidence: float = 1.0  # calibrated probability that the node is a term with this label

    @property
    def node(self) -> Node:
        return (self.label, self.key)


#: What a stored MENTIONS edge keeps of its first evidence: the first mark and the sentence.
MENTION_OFFSETS = ("mention_start", "mention_end", "sentence_start", "sentence_end")


@dataclass(frozen=True, slots=True)
class Edge:
    """A typed relationship with its support (papers), confidence and evidence."""

    type: str
    source: Node
    target: Node
    papers: tuple[str, ...] = ()
    confidence: float = 1.0
    evidence: tuple[Evidence, ...] = ()
    count: int = 0  # MENTIONS only: how often the paper mentions the concept

    @property
    def support(self) -> int:
        return len(self.papers)

    def properties(self) -> dict[str, Any]:
        """The edge's stored properties, as the schema lists them for its type. A MENTIONS edge
        stores its count and where the first evidence's first mark is (its other evidence is
        not stored: the linker gives MENTIONS just that one)."""
        if self.type == "MENTIONS":
            offsets: tuple[int | None, ...] = (None,) * len(MENTION_OFFSETS)
            if self.evidence:
                first = self.evidence[0]
                mark = first.marks[0] if first.marks else (first.start, first.end)
                offsets = (*mark, first.start, first.end)
            return {"count": self.count, **dict(zip(MENTION_OFFSETS, offsets, strict=True))}
        return {"papers": list(self.papers), "support": self.support,
                "confidence": round(self.confidence, 4),
                "evidence": [e.to_json() for e in self.evidence]}


class GraphSource(Protocol):
    """What a store writes a graph from: the concepts and the relationships between them, and
    each paper with the relationships from it (MENTIONS, PROPOSES), which a source may stream
    rather than hold. :class:`KnowledgeGraph` is one (all in memory); so is the linker's
    ``LinkedGraph`` (papers streamed from the extraction records)."""

    def concepts(self, label: str | None = None) -> Iterator[Concept]:
        """The concept nodes (of ``label`` only, if given)."""
        ...

    def concept_edges(self) -> Iterator[Edge]:
        """The relationships between concepts."""
        ...

    def papers_with_edges(self) -> Iterator[tuple[Paper, list[Edge]]]:
        """Each paper with the relationships from it."""
        ...

    def graph(self) -> KnowledgeGraph:
        """The whole graph in memory (for a store that compares it with what it holds)."""
        ...


class KnowledgeGraph:
    """Papers and concepts as nodes of a networkx MultiDiGraph, one edge per (source, target, type).

    Node ids are ``(label, key)`` tuples; each node holds its :class:`Paper` or :class:`Concept`
    under ``"obj"``, each edge its :class:`Edge`.
    """

    def __init__(self) -> None:
        import networkx  # here, not at the top: `kg query` and `kg stats` never need it

        self.nx = networkx.MultiDiGraph()

    def add_paper(self, paper: Paper) -> None:
        self.nx.add_node(("Paper", paper.id), obj=paper)

    def add_concept(self, concept: Concept) -> None:
        if concept.label not in SCHEMA.concept_labels:
            raise ValueError(f"not a concept label: {concept.label!r}")
        self.nx.add_node(concept.node, obj=concept)

    def add_edge(self, edge: Edge) -> None:
        """Add an edge between existing nodes; the schema must allow its type and endpoints."""
        for node in (edge.source, edge.target):
            if node not in self.nx:
                raise KeyError(f"{edge.type} edge to unknown node {node}")
        if not SCHEMA.allows(edge.type, edge.source[0], edge.target[0]):
            raise ValueError(
                f"schema forbids ({edge.source[0]})-[:{edge.type}]->({edge.target[0]})")
        self.nx.add_edge(edge.source, edge.target, key=edge.type, obj=edge)

    def papers(self) -> Iterator[Paper]:
        for node, obj in self.nx.nodes(data="obj"):
            if node[0] == "Paper":
                yield obj

    def concepts(self, label: str | None = None) -> Iterator[Concept]:
        for node, obj in self.nx.nodes(data="obj"):
            if node[0] != "Paper" and (label is None or node[0] == label):
                yield obj

    def edges(self, type: str | None = None) -> Iterator[Edge]:
        for _, _, key, obj in self.nx.edges(keys=True, data="obj"):
            if type is None or key == type:
                yield obj

    def concept_edges(self) -> Iterator[Edge]:
        """The relationships between concepts (:class:`GraphSource`)."""
        for source, _, obj in self.nx.edges(data="obj"):
            if source[0] != "Paper":
                yield obj

    def papers_with_edges(self) -> Iterator[tuple[Paper, list[Edge]]]:
        """Each paper with the relationships from it (:class:`GraphSource`)."""
        for node, obj in self.nx.nodes(data="obj"):
            if node[0] == "Paper":
                yield obj, [edge for _, _, edge in self.nx.out_edges(node, data="obj")]

    def graph(self) -> KnowledgeGraph:
        """This graph (:class:`GraphSource`)."""
        return self

    def node(self, node: Node) -> Paper | Concept:
        return self.nx.nodes[node]["obj"]

    def replace_node(self, obj: Paper | Concept) -> None:
        """Swap a node's object (same identity), keeping its edges."""
        node = ("Paper", obj.id) if isinstance(obj, Paper) else obj.node
        self.nx.nodes[node]["obj"] = obj

    def stats(self) -> dict[str, dict[str, int]]:
        """Counts of nodes per label and relationships per type (labels/types in schema order)."""
        labels = Counter(node[0] for node in self.nx.nodes)
        types = Counter(key for _, _, key in self.nx.edges(keys=True))
        return {
            "nodes": {label: labels[label] for label in SCHEMA.nodes if labels[label]},
            "relationships": {t: types[t] for t in SCHEMA.relationships if types[t]},
        }

    def __len__(self) -> int:
        return self.nx.number_of_nodes()


def merge_edges(edges: Iterable[Edge]) -> Edge:
    """Combine observations of one (source, target, type) edge: papers and evidence unite, counts
    add up; confidence counts each paper once (its most confident observation) and combines
    papers as independent votes, 1 - prod(1 - c).

    >>> a = Edge("USED_FOR", ("Method", "m"), ("Task", "t"), ("p1",), 0.5)
    >>> merge_edges([a, replace(a, confidence=0.4), replace(a, papers=("p2",))]).confidence
    0.75
    """
    edges = list(edges)
    strongest: dict[tuple[str, ...], float] = {}
    for e in edges:
        strongest[e.papers] = max(strongest.get(e.papers, 0.0), e.confidence)
    doubt = 1.0
    for confidence in strongest.values():
        doubt *= 1.0 - confidence
    evidence = sorted({(ev.paper, ev.start, ev.marks): ev for e in edges for ev in e.evidence}
                      .values(), key=lambda ev: (ev.paper, ev.start, ev.marks))
    return replace(edges[0], papers=tuple(sorted({p for e in edges for p in e.papers})),
                   confidence=round(1.0 - doubt, 4), evidence=tuple(evidence),
                   count=sum(e.count for e in edges))

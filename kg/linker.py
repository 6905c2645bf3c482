"""Mentions to concepts, relation mentions to typed edges: the corpus-level step that makes the
:class:`~kg.graph.KnowledgeGraph`.

Pure and deterministic: the same records (in any order) give the same graph, keys and evidence.

>>> from kg.graph import Mention, Paper, PaperRecord
>>> paper = Paper("p1", "T", "LLMs are large language models.")
>>> m = [Mention("LLMs", "Method", 3, 7, 3, 34, long_form="large language models")]
>>> graph, _ = build_graph([PaperRecord(paper, m)])
>>> [(c.key, c.name, c.aliases) for c in graph.concepts()]
[('method:large language model', 'large language model', ('LLMs',))]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kg.canon import AliasTable, clean_surface, display_form, fold, is_acronym
from kg.graph import (
    Concept,
    Edge,
    Evidence,
    KnowledgeGraph,
    Mention,
    PaperRecord,
    merge_edges,
)
from kg.schema import SCHEMA

#: Preference among labels when a concept's mentions disagree and votes tie.
LABEL_ORDER = ("Method", "Task", "Dataset", "Metric", "Concept")
#: Evidence sentences kept per MENTIONS edge (the paper's text holds the rest).
MENTION_EVIDENCE = 1
#: Aliases kept per concept (most frequent first).
MAX_ALIASES = 25


@dataclass
class LinkReport:
    """What linking kept and dropped, for the build summary."""

    concepts_dropped: int = 0
    relations_dropped: Counter[str] = field(default_factory=Counter)


@dataclass
class _Group:
    labels: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    long_forms: Counter[str] = field(default_factory=Counter)  # from acronyms' definitions
    aliases: Counter[str] = field(default_factory=Counter)
    papers: int = 0
    mentions: int = 0
    defined: bool = False  # has an acronym definition somewhere


def build_graph(records: Iterable[PaperRecord] | Callable[[], Iterable[PaperRecord]],
                min_concept_papers: int = 2) -> tuple[KnowledgeGraph, LinkReport]:
    """Canonicalize every mention, vote each concept's label, and aggregate edges with evidence.

    ``records`` is an iterable, or a function giving a fresh iterator each call: linking reads
    the records three times (acronym definitions, concept statistics, edges) and holds only
    what the graph needs, so a corpus streamed from disk is never in memory at once.

    A concept whose label is plain ``Concept`` is kept only when it is supported by
    ``min_concept_papers`` papers, is a defined acronym, or takes part in a typed relation:
    a graph full of one-off noun phrases helps nobody.
    """
    if not callable(records):
        materialized = list(records)
        records = lambda: materialized  # noqa: E731
    aliases = AliasTable((r.paper.id, r.mentions) for r in records())
    report = LinkReport()
    groups: dict[str, _Group] = defaultdict(_Group)
    in_relation: set[str] = set()
    for record in records():
        resolved = [aliases.resolve(record.paper.id, m) for m in record.mentions]
        for form in set(resolved):
            groups[form].papers += 1
        for mention, form in zip(record.mentions, resolved, strict=True):
            group = groups[form]
            group.labels[mention.label] += 1
            group.mentions += 1
            surface = clean_surface(mention.text)
            group.aliases[surface] += 1
            if mention.long_form or mention.short_form:
                group.defined = True
            if not _is_short_form(mention, form):
                name, weight = _name_vote(mention, surface, len(record.paper.title))
                group.names[name] += weight
            elif mention.long_form:
                group.long_forms[display_form(mention.long_form)] += 1
        in_relation.update(resolved[index] for relation in record.relations
                           if relation.type != "PROPOSES"
                           for index in (relation.head, relation.tail) if index is not None)

    concepts: dict[str, Concept] = {}
    for form, group in sorted(groups.items()):
        label = _vote(group.labels)
        if len(form) < 2 or (label == "Concept" and group.papers < min_concept_papers
                             and not group.defined and form not in in_relation):
            report.concepts_dropped += 1
            continue
        name = _best_name(group, form)
        alias_list = [a for a, _ in sorted(group.aliases.items(), key=lambda kv: (-kv[1], kv[0]))
                      if a != name][:MAX_ALIASES]
        concepts[form] = Concept(
            key=f"{label.lower()}:{form}", label=label, name=name,
            aliases=tuple(sorted(alias_list)), paper_count=group.papers,
            mention_count=group.mentions)
    del groups

    graph = KnowledgeGraph()
    for concept in concepts.values():
        graph.add_concept(concept)
    relation_edges: dict[tuple, list[Edge]] = defaultdict(list)
    for record in records():
        resolved = [aliases.resolve(record.paper.id, m) for m in record.mentions]
        graph.add_paper(record.paper)
        for edge in _mention_edges(record, resolved, concepts):
            graph.add_edge(edge)
        _collect_relations(record, resolved, concepts, relation_edges, report)
    for (rel_type, source, target), found in sorted(relation_edges.items()):
        if SCHEMA.allows(rel_type, source[0], target[0]):
            graph.add_edge(merge_edges(found))
        else:
            report.relations_dropped[f"{rel_type} between {source[0]} and {target[0]}"] += 1
    return graph, report


def _is_short_form(mention: Mention, form: str) -> bool:
    """Whether a mention is an acronym standing for a longer canonical form."""
    folded = fold(mention.text)
    return folded != form and is_acronym(mention.text.replace("-", ""))


def _name_vote(mention: Mention, surface: str, title_length: int) -> tuple[str, int]:
    """A mention's vote for its concept's name. Mid-sentence forms count double; a capital that
    only starts a sentence is lowered, and so are the capitals of a multi-word title phrase."""
    name = display_form(surface)
    words = name.split()
    if mention.end <= title_length:
        if len(words) > 1 and all(w[:1].isupper() for w in words):
            name = " ".join(w if _keeps_case(w) else w.lower() for w in words)
        return name, 1
    if mention.start == mention.sent_start:
        if not _keeps_case(words[0]) and words[0][1:].islower():
            name = name[:1].lower() + name[1:]
        return name, 1
    return name, 2


def _keeps_case(word: str) -> bool:
    """Acronyms and CamelCase words keep their capitals in names."""
    return is_acronym(word) or any(c.isupper() for c in word[1:])


def _vote(labels: Counter[str]) -> str:
    """The most frequent specific label; ``Concept`` only when nothing more specific was seen."""
    specific = {label: n for label, n in labels.items() if label != "Concept"}
    pool = specific or labels
    return min(pool, key=lambda label: (-pool[label], LABEL_ORDER.index(label)))


def _best_name(group: _Group, form: str) -> str:
    """The most frequent display form, preferring one seen mid-sentence; ties: lowercase first.
    A concept only ever seen as an acronym of a known long form is named by that form."""
    pool = group.names or group.long_forms
    if not pool:
        return form
    return min(pool, key=lambda name: (-pool[name], name != name.lower(), name))


def _evidence(record: PaperRecord, sent_start: int, sent_end: int,
              spans: Iterable[tuple[int, int]]) -> Evidence:
    text = record.paper.text
    marks = tuple(sorted({(s, e) for s, e in spans if sent_start <= s and e <= sent_end}))
    return Evidence(record.paper.id, text[sent_start:sent_end], sent_start, sent_end, marks)


def _mention_edges(record: PaperRecord, resolved: list[str], concepts: dict[str, Concept]
                   ) -> Iterator[Edge]:
    """One MENTIONS edge per concept the paper mentions, with its first sentences as evidence."""
    by_concept: dict[str, list[Mention]] = defaultdict(list)
    for mention, form in zip(record.mentions, resolved, strict=True):
        if form in concepts:
            by_concept[form].append(mention)
    paper_node = ("Paper", record.paper.id)
    for form, mentions in by_concept.items():
        concept = concepts[form]
        sentences: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for m in mentions:
            sentences[(m.sent_start, m.sent_end)].append((m.start, m.end))
        evidence = tuple(_evidence(record, s, e, spans)
                         for (s, e), spans in sorted(sentences.items())[:MENTION_EVIDENCE])
        yield Edge("MENTIONS", paper_node, concept.node, papers=(record.paper.id,),
                   confidence=1.0, evidence=evidence, count=len(mentions))


def _collect_relations(record: PaperRecord, resolved: list[str], concepts: dict[str, Concept],
                       edges: dict[tuple, list[Edge]], report: LinkReport) -> None:
    paper_node = ("Paper", record.paper.id)
    for relation in record.relations:
        tail = concepts.get(resolved[relation.tail])
        head = concepts.get(resolved[relation.head]) if relation.head is not None else None
        if tail is None or (relation.head is not None and head is None):
            report.relations_dropped[f"{relation.type} to a dropped concept"] += 1
            continue
        source = head.node if head is not None else paper_node
        if source == tail.node:
            report.relations_dropped[f"{relation.type} from a concept to itself"] += 1
            continue
        spans = [(record.mentions[i].start, record.mentions[i].end)
                 for i in (relation.head, relation.tail) if i is not None]
        evidence = _evidence(record, relation.sent_start, relation.sent_end, spans)
        edges[(relation.type, source, tail.node)].append(Edge(
            relation.type, source, tail.node, papers=(record.paper.id,),
            confidence=relation.confidence, evidence=(evidence,)))

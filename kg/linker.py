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

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from kg.calibration import Calibration, load_calibration, relation_context
from kg.canon import (
    AliasTable,
    clean_surface,
    display_form,
    fold,
    is_acronym,
    singular,
    variant_key,
)
from kg.extract.cues import load_cues
from kg.extract.lexicon import load_lexicon
from kg.graph import (
    Concept,
    Edge,
    Evidence,
    KnowledgeGraph,
    Mention,
    Node,
    Paper,
    PaperRecord,
    RelationMention,
    merge_edges,
)
from kg.schema import SCHEMA

#: Preference among labels when a concept's mentions disagree and votes tie.
LABEL_ORDER = ("Method", "Task", "Dataset", "Metric", "Concept")
#: Why a relationship is left out when its confidence is below ``min_confidence``.
BELOW_CONFIDENCE = "below the minimum confidence"
#: A cue in the words around a mention ("the X benchmark") weighs as much as this many mentions.
CUE_WEIGHT = 3.0
_DATASET_CUES = {"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora",
                 "suite", "testbed", "leaderboard"}
_METRIC_CUES = {"score", "scores", "metric", "metrics"}
#: "X (Long Name), a new benchmark suite": an apposition that says X is data.
_APPOSITION = re.compile(r"\s*(?:\([^()]{0,60}\))?\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
                         r"(?:benchmark|dataset|corpus|collection|suite)s?(?![\w-])", re.IGNORECASE)
#: A mention listed after "datasets such as" / "benchmarks including" / "metrics like" /
#: "hyperparameters such as" (group 1 the kind): "data sets such as CIFAR-100 and CLOC".
_LISTED_AFTER = re.compile(
    r"\b(datasets?|data sets?|benchmarks?|corpora|metrics?|hyper-?parameters?)\s*,?\s*"
    r"(?:such as|including|like|"
    r"e\.g\.,?|namely)\s+(?:the\s+)?(?:[^\s,;()]+(?:\s[^\s,;()]+)?\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|"
    r"or\s+))*$", re.IGNORECASE)
#: What a paper says a thing it names is: the kind noun of a description it gives the name, and
#: the label that kind states. A dataset, benchmark or corpus is a Dataset; a metric or measure
#: a Metric; a task or problem a Task ("a problem called X"); an algorithm, method, technique,
#: ... a Method; a principle, notion, phenomenon, property or a mathematical object (graph,
#: matrix, manifold) a Concept ("X is a notion of privacy").
STATED_KINDS = {
    "benchmark": "Dataset", "dataset": "Dataset", "data set": "Dataset", "corpus": "Dataset",
    "corpora": "Dataset",
    "metric": "Metric", "measure": "Metric",
    "task": "Task", "problem": "Task",
    "algorithm": "Method", "method": "Method", "technique": "Method", "approach": "Method",
    "architecture": "Method", "framework": "Method", "estimator": "Method",
    "optimizer": "Method", "procedure": "Method",
    "principle": "Concept", "notion": "Concept", "phenomenon": "Concept",
    "phenomena": "Concept", "property": "Concept", "properties": "Concept",
    "graph": "Concept", "matrix": "Concept", "manifold": "Concept",
}
_KINDS = (r"(?P<kind>" + "|".join(sorted(map(re.escape, STATED_KINDS), key=len, reverse=True))
          + r")s?(?![\w-])")
#: "X (Y), a new test dataset", "X, a metric that", "X is a new benchmark", "we propose X (Y),
#: accuracy per unit of power, as a metric".
_SAYS_AFTER = re.compile(r"\s*(?:\([^()]{0,60}\))?\s*(?:,\s*(?:a|an)"
                         r"|(?P<copula>\s(?:is|are)\s+(?:a|an))|(?:,[^,.;()]{0,60},)?\s*as\s+(?:a|an|the))\s+(?:[\w-]+\s+){0,3}?"
                         + _KINDS + r"(?:\s+(?:suite|collection))?"
                         # The kind ends the phrase ("a dataset distillation method" is none).
                         r"(?=\s*(?:[,.;:()]|$)|\s+(?:for|that|which|of|to|with|in|on|from|"
                         r"designed|built|where|whose|and|comprising|containing|covering)\b)",
                         re.IGNORECASE)
#: "a new dataset / benchmark, X", "a new metric called X", "a corpus X", "an optimistic
#: algorithm, X", "two principles: X" right before a name.
_SAYS_BEFORE = re.compile(r"\b(?P<det>a|an|two|three|four|several)\s+(?:[\w-]+\s+){0,3}?"
                          + _KINDS + r"(?:\s+(?:suite|collection))?\s*"
                          r"(?P<sep>,|:|called|named|dubbed|termed)?\s*$", re.IGNORECASE)
#: "the task / problem of X" right before a name.
_TASK_OF = re.compile(r"\bthe\s+(?:[\w-]+\s+)?(?:task|problem)s?\s+of\s*$", re.IGNORECASE)
#: What may stand before a name that is its sentence's whole subject: nothing, a determiner,
#: an opening phrase set off by a comma ("In particular, X is a technique").
_SUBJECT_START = re.compile(r"(?:[^,;:]*,)?\s*(?:(?:the|a|an|this|our)\s+)?", re.IGNORECASE)
#: The end of an apposition: a name set off by commas ("an algorithm, X (Y), that"), not the
#: subject of what follows ("on a dataset, X can").
_SET_OFF = re.compile(r"\s*(?:\([^()]{0,60}\))?\s*(?:[,.;:]|$)")
#: A name followed by other names and a plural kind noun: "Middlebury and Booster datasets"
#: (the plural head is every conjunct's).
_LISTED_BEFORE = re.compile(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:[A-Z0-9][\w.+-]*(?:\s[A-Z0-9][\w.+-]*)?"
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))*[A-Z0-9][\w.+-]*(?:\s[A-Z0-9][\w.+-]*)?"
    r"\s+(datasets|benchmarks|corpora|data sets)\b")
#: A quantity compared right before a mention: "36% less GPU memory", "a 3x lower latency".
_COMPARED_AMOUNT = re.compile(r"\d\s*(?:\\?%|×|x|times)\s+(?:less|fewer|more|lower|higher|"
                              r"smaller|larger|reduction in\s+)?\s*$")
#: Data drawn from a named collection right before a mention: "images from X", "questions in
#: X" (SciER's train set: a Dataset 39 of the 42 names so placed).
_DRAWN_FROM = re.compile(r"\b(?:images|videos|samples|examples|sentences|documents|texts|clips|"
                         r"frames|pairs|questions|instances|articles|utterances|scenes|data)\s+"
                         r"(?:[\w-]+\s+)?(?:from|in)\s+(?:the\s+)?$", re.IGNORECASE)
#: Lower-case words, after a dimension ("3D point cloud understanding"): no name.
_COMMON_WORDS = re.compile(r"(?:\d(?:\.\d)?D[\s-]+)?[a-z][a-z\s-]*")
_TASK_CUES = {"task", "tasks", "problem", "problems"}
#: "the Hungarian algorithm", "Frank-Wolfe optimization": a name before these is a method's.
_METHOD_CUES = {"algorithm", "algorithms", "optimization", "optimisation"}
#: A bracketed acronym right after a mention ("Long Form (LF) benchmark").
_BRACKETED = re.compile(r"^\s*\([^()]{1,20}\)")
#: Aliases kept per concept (most frequent first).
MAX_ALIASES = 25


@dataclass
class LinkReport:
    """What linking kept and dropped, for the build summary."""

    concepts_dropped: int = 0
    relations_dropped: Counter[str] = field(default_factory=Counter)
    below_confidence: int = 0  # concepts left out by min_confidence


@dataclass
class _Group:
    labels: Counter[str] = field(default_factory=Counter)  # confidence-weighted votes
    # The part of the Concept vote a trained model's mentions cast (a model's Concept is a
    # head word's or a shape's evidence, not a noun chunk's default).
    modelled_concept: float = 0.0
    names: Counter[str] = field(default_factory=Counter)
    long_forms: Counter[str] = field(default_factory=Counter)  # from acronyms' definitions
    aliases: Counter[str] = field(default_factory=Counter)
    papers: int = 0
    mentions: int = 0
    defined: bool = False  # has an acronym definition somewhere
    modelled: bool = False  # a trained model found one of its mentions (not a noun chunk rule)
    doubt: float = 1.0  # prod over papers of (1 - the paper's most confident mention)
    # The most confident PROPOSES of it (a paper's named contribution), and the most confident
    # relationship between concepts it is an end of; -1: none (a threshold of 0 keeps no
    # concept that none names).
    proposed: float = -1.0
    related: float = -1.0

    def absorb(self, other: _Group) -> None:
        """Add ``other``'s votes and counts to this group's (papers are counted by the caller)."""
        for mine, theirs in ((self.labels, other.labels), (self.names, other.names),
                             (self.long_forms, other.long_forms), (self.aliases, other.aliases)):
            mine.update(theirs)
        self.papers += other.papers
        self.mentions += other.mentions
        self.defined = self.defined or other.defined
        self.modelled = self.modelled or other.modelled
        self.doubt *= other.doubt
        self.modelled_concept += other.modelled_concept
        self.proposed = max(self.proposed, other.proposed)
        self.related = max(self.related, other.related)


Records = Callable[[], Iterable[PaperRecord]]


@dataclass
class LinkedGraph:
    """A linked graph of which only the corpus-level part is held in memory; a
    :class:`~kg.graph.GraphSource`, which a store writes.

    ``core`` holds the concepts and the relationships between concepts. Papers and their
    MENTIONS and PROPOSES edges, which grow with the corpus, are streamed from the records
    again by :meth:`papers_with_edges`, so loading a store needs memory for the concepts, not
    the corpus.
    """

    core: KnowledgeGraph
    report: LinkReport
    _records: Records
    _aliases: AliasTable
    _concepts: dict[str, Concept]
    _calibration: Calibration = field(default_factory=Calibration)
    _min_proposes_confidence: float = 0.0  # PROPOSES edges below it are left out

    def concepts(self, label: str | None = None) -> Iterator[Concept]:
        """The concept nodes (of ``label`` only, if given)."""
        return self.core.concepts(label)

    def concept_edges(self) -> Iterator[Edge]:
        """The relationships between concepts."""
        return self.core.edges()

    def papers_with_edges(self) -> Iterator[tuple[Paper, list[Edge]]]:
        """Each paper with its MENTIONS and PROPOSES edges, in record order."""
        for record in self._records():
            resolved = resolve_record(self._aliases, record)
            edges = list(_mention_edges(record, resolved, self._concepts))
            proposed: dict[Node, list[Edge]] = defaultdict(list)
            for relation in record.relations:
                if relation.head is None:
                    # (A PROPOSES edge is the paper's own: no contribution names needed.)
                    context = relation_context(record, relation, frozenset())
                    edge = _relation_edge(record, relation, resolved, self._concepts,
                                          self._calibration.relation(relation, context))
                    if isinstance(edge, Edge):
                        proposed[edge.target].append(edge)
            merged = (merge_edges(found) for _, found in sorted(proposed.items()))
            edges.extend(e for e in merged if e.confidence >= self._min_proposes_confidence)
            yield record.paper, edges

    def graph(self) -> KnowledgeGraph:
        """The whole graph in memory (for exports that need it; small and mid-sized corpora)."""
        graph = KnowledgeGraph()
        for concept in self.core.concepts():
            graph.add_concept(concept)
        for paper, edges in self.papers_with_edges():
            graph.add_paper(paper)
            for edge in edges:
                graph.add_edge(edge)
        for edge in self.core.edges():
            graph.add_edge(edge)
        return graph


def build_graph(records: Iterable[PaperRecord] | Records, min_concept_papers: int = 2,
                min_confidence: float = 0.0, min_relation_confidence: float | None = None,
                calibration: Calibration | None = None,
                min_proposes_confidence: float | None = None
                ) -> tuple[KnowledgeGraph, LinkReport]:
    """The whole linked graph in memory, and what linking dropped (see :func:`link`)."""
    linked = link(records, min_concept_papers, min_confidence, min_relation_confidence,
                  calibration, min_proposes_confidence)
    return linked.graph(), linked.report


def link(records: Iterable[PaperRecord] | Records, min_concept_papers: int = 2,
         min_confidence: float = 0.0, min_relation_confidence: float | None = None,
         calibration: Calibration | None = None,
         min_proposes_confidence: float | None = None) -> LinkedGraph:
    """Canonicalize every mention, vote each concept's label, and aggregate edges with evidence.

    ``records`` is an iterable, or a function giving a fresh iterator each call: linking reads
    the records three times (acronym definitions, concept statistics, relations between
    concepts) and holds only what is corpus-level; papers and their edges are streamed again
    when the graph is loaded (:class:`LinkedGraph`).

    A concept whose label is plain ``Concept`` is kept only when it is supported by
    ``min_concept_papers`` papers, is a defined acronym, was found by a trained model (which
    the calibration then scores), or takes part in a typed relation: a graph full of one-off
    noun phrases helps nobody.

    Every mention and relation gets its calibrated confidence (kg.calibration, the shipped
    table unless ``calibration`` is given); a concept's confidence combines its mentions in
    each paper (1 - prod(1 - c); a term a paper names twice is more often a term, in the dev
    gold as this product predicts), pools its papers as the calibration says
    (:meth:`~kg.calibration.Calibration.pooled`), and takes the share of the label vote its
    label won, or
    the confidence that a paper proposes it (a paper's named contribution), or that of the most
    confident relationship it is an end of times that share (a relationship is right only where
    both its ends are), if higher.
    Concepts below ``min_confidence`` (unless a PROPOSES edge that reaches
    ``min_proposes_confidence`` or a relationship that reaches ``min_relation_confidence``
    names them: its ends are what it says), relationships between concepts below
    ``min_relation_confidence`` (default: ``min_confidence``) and PROPOSES edges below
    ``min_proposes_confidence`` (default: ``min_relation_confidence``) are left out.
    """
    calibration = calibration or load_calibration()
    if min_relation_confidence is None:
        min_relation_confidence = min_confidence
    if min_proposes_confidence is None:
        min_proposes_confidence = min_relation_confidence
    if not callable(records):
        materialized = list(records)
        records = lambda: materialized  # noqa: E731
    aliases = AliasTable((r.mentions for r in records()), known=load_lexicon().synonyms)
    report = LinkReport()
    groups: dict[str, _Group] = defaultdict(_Group)
    in_relation: set[str] = set()
    spelled_twice: Counter[str] = Counter()  # papers counted twice if spellings merge
    for record in records():
        resolved = resolve_record(aliases, record)
        forms = set(resolved)
        for form in forms:
            groups[form].papers += 1
        spelled_twice.update(_repeated_spellings(forms))
        text = record.paper.text
        stated = _stated_labels(text, record.mentions, resolved)
        support: dict[str, float] = {}
        for mention, form, confidence in zip(record.mentions, resolved,
                                             calibration.record_mentions(record), strict=True):
            group = groups[form]
            support[form] = 1.0 - (1.0 - support.get(form, 0.0)) * (1.0 - confidence)
            # What the paper's own sentence says the thing is decides its mentions' votes.
            label = stated.get(form, mention.label)
            group.labels[label] += confidence
            # A model's Concept, or one the paper states, is evidence, not a noun chunk's
            # default.
            if label == "Concept" and (mention.source == "model" or form in stated):
                group.modelled_concept += confidence
            cue = stated.get(form) or cue_label(text, mention, len(record.paper.title))
            if cue is not None:
                group.labels[cue] += CUE_WEIGHT
                if cue == "Concept":
                    group.modelled_concept += CUE_WEIGHT
            group.mentions += 1
            surface = clean_surface(mention.text)
            group.aliases[surface] += 1
            if mention.long_form or mention.short_form:
                group.defined = True
            if mention.source == "model":
                group.modelled = True
            if not _is_short_form(mention, form):
                name, weight = _name_vote(mention, surface, len(record.paper.title))
                group.names[name] += weight
            elif mention.long_form:
                group.long_forms[display_form(mention.long_form)] += 1
        for form, confidence in support.items():
            groups[form].doubt *= 1.0 - confidence
        for relation, confidence in zip(record.relations, calibration.record_relations(record),
                                        strict=True):
            if relation.head is None:
                group = groups[resolved[relation.tail]]
                group.proposed = max(group.proposed, confidence)
                # "We propose X" is a cue too: X is the kind of thing a paper proposes.
                proposed = stated.get(resolved[relation.tail],
                                      record.mentions[relation.tail].label)
                if SCHEMA.allows("PROPOSES", "Paper", proposed):
                    group.labels[proposed] += CUE_WEIGHT
                continue
            # A relationship is right only where both its ends are: its calibrated confidence
            # is a floor for each end's.
            for index in (relation.head, relation.tail):
                group = groups[resolved[index]]
                group.related = max(group.related, confidence)
        in_relation.update(resolved[index] for relation in record.relations
                           if relation.type != "PROPOSES"
                           for index in (relation.head, relation.tail) if index is not None)
    moved = singular_names(groups, spelled_twice, load_lexicon().named_terms)
    respelled = merge_spellings(groups, spelled_twice)
    respelled.update({form: respelled.get(to, to) for form, to in moved.items()})
    aliases.respell(respelled)
    in_relation = {respelled.get(form, form) for form in in_relation}

    concepts: dict[str, Concept] = {}
    kept_by_relation: set[str] = set()  # below the concepts' threshold, an end of one
    lexicon = load_lexicon()
    for form, group in sorted(groups.items()):
        known = _known_label(form, group, lexicon.named_terms)
        label = known or _vote(group.labels, group.modelled_concept)
        name = _best_name(group, form)
        if len(form) < 2 or lexicon.generic(name) or (
                label == "Concept" and group.papers < min_concept_papers
                and not group.defined and not group.modelled and form not in in_relation):
            # A generic canonical form: an acronym that stands for a phrase naming nothing in
            # particular (SOTA -> state-of-the-art) is no node either.
            report.concepts_dropped += 1
            continue
        share = 1.0 if known else group.labels[label] / (sum(group.labels.values()) or 1.0)
        confidence = round(max(calibration.pooled(group.doubt, group.papers) * share,
                               group.proposed,
                               group.related * share), 4)
        # (Rounded as the PROPOSES edge's confidence is: an edge kept keeps its concept.)
        if confidence < min_confidence and round(group.proposed, 4) < min_proposes_confidence:
            if group.related < min_relation_confidence:
                report.below_confidence += 1
                continue
            kept_by_relation.add(form)
        alias_list = [a for a, _ in sorted(group.aliases.items(), key=lambda kv: (-kv[1], kv[0]))
                      if a != name][:MAX_ALIASES]
        concepts[form] = Concept(
            key=f"{label.lower()}:{form}", label=label, name=name,
            aliases=tuple(sorted(alias_list)), paper_count=group.papers,
            mention_count=group.mentions, confidence=confidence)
    del groups

    relation_edges: dict[tuple[str, Node, Node], list[Edge]] = defaultdict(list)
    for record in records():
        resolved = resolve_record(aliases, record)
        confidences = calibration.record_relations(record)
        for relation, confidence in zip(record.relations, confidences, strict=True):
            if relation.head is None:  # PROPOSES edges are made with their paper's stream
                ends = _relation_ends(record, relation, resolved, concepts)
                if isinstance(ends, str):
                    report.relations_dropped[ends] += 1
                continue
            edge = _relation_edge(record, relation, resolved, concepts, confidence)
            if isinstance(edge, str):
                report.relations_dropped[edge] += 1
            else:
                relation_edges[(edge.type, edge.source, edge.target)].append(edge)
    kept: list[Edge] = []
    for _, found in sorted(relation_edges.items()):
        edge = merge_edges(found)
        if edge.confidence < min_relation_confidence:
            report.relations_dropped[f"{edge.type} {BELOW_CONFIDENCE}"] += 1
            continue
        kept.append(edge)
    # A concept kept only as a relationship's end stays only where such an edge was kept (its
    # other end or its type may have failed).
    ends = {node for edge in kept for node in (edge.source, edge.target)}
    for form in sorted(kept_by_relation):
        if concepts[form].node not in ends:
            del concepts[form]
            report.below_confidence += 1
    core = KnowledgeGraph()
    for concept in concepts.values():
        core.add_concept(concept)
    for edge in kept:
        core.add_edge(edge)
    # A PROPOSES edge follows its own threshold, and keeps the concept it names (a paper's
    # named contribution) even below the concepts' threshold.
    return LinkedGraph(core, report, records, aliases, concepts, calibration,
                       min_proposes_confidence)


def resolve_record(aliases: AliasTable, record: PaperRecord) -> list[str]:
    """The canonical form of each of a record's mentions, the acronyms the paper introduces as
    its own (:func:`own_acronyms`) kept apart from the corpus's definitions."""
    return aliases.resolve(record.mentions, own_acronyms(record, aliases))


def own_acronyms(record: PaperRecord, aliases: AliasTable) -> frozenset[str]:
    """The folded acronyms that a paper introduces as its own names without defining them by a
    long form, and that the corpus defines otherwise: the paper's contribution (a PROPOSES
    target), the name that opens its title ("XYZ: Learning ..."), or a name given in
    apposition to a description where the paper introduces it ("we introduce XYZ: a ...
    method"). An acronym the corpus defines by a long form that the paper writes out is the
    paper's use of that term, and is not among them.

    >>> paper = Paper("p1", "ARX: Smoothing Kernels", "ARX is fast.")
    >>> m = [Mention("ARX", "Method", 0, 3, 0, 22), Mention("ARX", "Method", 24, 27, 24, 36)]
    >>> other = [Mention("ARX", "Method", 0, 3, 0, 9, long_form="auto-regressive exogenous")]
    >>> sorted(own_acronyms(PaperRecord(paper, m), AliasTable([other])))
    ['ARX']
    """
    text = record.paper.text
    proposed = {relation.tail for relation in record.relations if relation.head is None}
    own: set[str] = set()
    written: str | None = None
    for index, mention in enumerate(record.mentions):
        if mention.long_form or not is_acronym(mention.text.replace("-", "")):
            continue
        key = fold(mention.text)
        long = aliases.expansion(key)
        if long is None or key in own:
            continue
        if not (index in proposed or _opens_title(text, mention, len(record.paper.title))
                or _introduced_in_apposition(text, mention)):
            continue
        written = variant_key(text) if written is None else written
        if variant_key(long) not in written:
            own.add(key)
    return frozenset(own)


def _opens_title(text: str, mention: Mention, title_length: int) -> bool:
    """Whether a mention is the name before the colon that opens the title ("XYZ: ...")."""
    return mention.start == 0 and text[mention.end:title_length].lstrip().startswith(":")


@cache
def _own_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An apposition naming what a thing is ("X, a ... method" / "X: an ... dataset"), and a
    verb of introducing ("we propose / introduce")."""
    cues = load_cues()
    heads = sorted(cues["self_heads"] | cues["dataset_heads"] | cues["metric_heads"])
    apposition = re.compile(r"\s*[,:]\s*(?:a|an)\s+(?:[\w-]+\s+){0,6}?(?:"
                            + "|".join(map(re.escape, heads)) + r")s?\b", re.IGNORECASE)
    stems = sorted({verb[:-1] if verb.endswith("e") else verb for verb in cues["introduce"]})
    verb = re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*\b", re.IGNORECASE)
    return apposition, verb


def _introduced_in_apposition(text: str, mention: Mention) -> bool:
    """Whether the sentence introduces the mention ("we introduce X") and gives it a
    description in apposition ("X, a new ... method")."""
    apposition, verb = _own_patterns()
    return (apposition.match(text, mention.end, mention.sent_end) is not None
            and verb.search(text, mention.sent_start, mention.start) is not None)


def merge_spellings(groups: dict[str, _Group], spelled_twice: Counter[str]) -> dict[str, str]:
    """Merge the groups of spelling variants of one term (kg.canon.variant_key: case, hyphens,
    spaces, as "MNIST" / "mnist" or "multi layer perceptron" / "multilayer perceptron"), and a
    name's plural with its singular where the corpus has both ("transformers" / "transformer"),
    into one form: the singular, then the one with the most mentions. Return the forms merged
    away and where they went. ``spelled_twice[stem]`` is how many extra times papers that use
    several spellings of one term were counted (:func:`_repeated_spellings`).

    >>> groups = {"MNIST": _Group(mentions=9, papers=4), "mnist": _Group(mentions=2, papers=1)}
    >>> merge_spellings(groups, Counter({"mnist": 1})), groups["MNIST"].papers
    ({'mnist': 'MNIST'}, 4)
    """
    keys = {variant_key(form) for form in groups}
    variants: dict[str, list[str]] = defaultdict(list)
    for form in groups:
        variants[_canonical_key(variant_key(form), keys)].append(form)
    respelled: dict[str, str] = {}
    for key, forms in sorted(variants.items()):
        if len(forms) < 2:
            continue
        forms = _same_capitals(forms, groups)
        keep = min(forms, key=lambda f: (variant_key(f) != key, -groups[f].mentions,
                                         -groups[f].papers, f))
        for form in sorted(forms):
            if form != keep:
                merged = groups.pop(form)
                if variant_key(form) != key and groups[keep].names:
                    merged.names.clear()  # a plural's spelling does not name the singular
                groups[keep].absorb(merged)
                respelled[form] = keep
        groups[keep].papers -= spelled_twice[_stem(key)]
    return respelled


def singular_names(groups: dict[str, _Group], spelled_twice: Counter[str],
                   known: dict[str, str]) -> dict[str, str]:
    """Move each one-word plural that kg.canon.fold kept as a possible name ("transformers")
    to its singular, unless it is a name: known to the lexicon (Cityscapes) or written as one
    (CamelCase, a final capital). Return the forms moved and where they went.

    >>> groups = {"transformers": _Group(mentions=2, papers=1, names=Counter(Transformers=2)),
    ...           "cityscapes": _Group(mentions=1, papers=1, names=Counter(Cityscapes=1))}
    >>> singular_names(groups, Counter(), {"cityscapes": "Dataset"})
    {'transformers': 'transformer'}
    >>> groups["transformer"].names
    Counter({'Transformer': 2})
    """
    moved: dict[str, str] = {}
    for form in sorted(groups):
        target = singular(form)
        if (" " in form or form != form.lower() or target == form or form in known
                or any(name[1:] != name[1:].lower() for name in groups[form].names)):
            continue
        group = groups.pop(form)
        group.names = Counter({display_form(singular(name)): n
                               for name, n in group.names.items()})
        if target in groups:
            groups[target].absorb(group)
            groups[target].papers -= spelled_twice.pop(_stem(variant_key(target)), 0)
        else:
            groups[target] = group
        moved[form] = target
    return moved


#: Letters and digits from which acronyms written with other capitals are one name.
LONG_ACRONYM = 5


def _same_capitals(forms: list[str], groups: dict[str, _Group]) -> list[str]:
    """Of the variants of one key, those that can be one name: short acronyms written with
    other capitals are other names (mAP and MAP), so only the most mentioned capitalization and
    the lower-case forms merge; from :data:`LONG_ACRONYM` letters and digits on, another
    capitalization is a typing variant of one name (LLaMA and LlaMA), and all merge.

    >>> groups = {f: _Group(mentions=n) for f, n in (("mAP", 3), ("MAP", 2), ("LLaMA", 5),
    ...                                               ("LlaMA", 1))}
    >>> _same_capitals(["MAP", "mAP"], groups), _same_capitals(["LLaMA", "LlaMA"], groups)
    (['mAP'], ['LLaMA', 'LlaMA'])
    """
    capitals = {re.sub(r"[^0-9A-Za-z]", "", f) for f in forms if f != f.lower()}
    if len(capitals) < 2 or min(map(len, capitals)) >= LONG_ACRONYM:
        return forms
    top = min(capitals, key=lambda c: (-sum(groups[f].mentions for f in forms
                                            if re.sub(r"[^0-9A-Za-z]", "", f) == c), c))
    return [f for f in forms if f == f.lower() or re.sub(r"[^0-9A-Za-z]", "", f) == top]


def _stem(key: str) -> str:
    """A variant key without a final plural "s"."""
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


def _canonical_key(key: str, keys: set[str]) -> str:
    """The key of the singular where the corpus has it, else ``key``."""
    stem = _stem(key)
    return stem if stem != key and stem in keys else key


def _repeated_spellings(forms: set[str]) -> Counter[str]:
    """For one paper's forms: each term (by stemmed variant key) spelled n > 1 ways, counted
    n - 1 times."""
    stems = Counter(_stem(variant_key(form)) for form in forms)
    return Counter({key: n - 1 for key, n in stems.items() if n > 1})


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


def cue_label(text: str, mention: Mention, title_length: int) -> str | None:
    """The label the words around a mention imply: "the X dataset / benchmark / corpus" (a
    Task where X is common words: "image classification benchmarks"),
    "X, a new test dataset", "X and Y datasets", "images from X" (Dataset), "X score /
    metric", "in terms of X", "36% less X" (Metric), "the x task / problem" (Task), "the X
    algorithm", "X optimization" (Method), "hyperparameters such as X" (Concept); a title's
    "X: A ... Benchmark" (Dataset).

    >>> cue_label("We use MathQA benchmark.", Mention("MathQA", "Method", 7, 13, 0, 24), 0)
    'Dataset'
    >>> text = "We build the Urban View Synthesis (UVS) benchmark."
    >>> [cue_label(text, Mention(t, "Task", text.index(t), text.index(t) + len(t), 0, 50), 0)
    ...  for t in ("Urban View Synthesis", "UVS")]
    ['Dataset', 'Dataset']
    """
    after = text[mention.end : mention.end + 48]
    # Past the acronym that a long form defines, or the bracket that closes around one:
    # "Urban View Synthesis (UVS) benchmark", "(UVS) benchmark".
    after = _BRACKETED.sub("", after, count=1).lstrip(" -)").lower()
    word = re.match(r"[a-z]+", after)
    if word and word.group() in _DATASET_CUES:
        # "image classification datasets", "3D point cloud understanding benchmarks": common
        # words before the kind name the task the data is for (SciER's train set: a Task 65
        # of the 74 lower-case names so placed; a Dataset 398 of 411 names).
        return "Task" if _COMMON_WORDS.fullmatch(mention.text) else "Dataset"
    if word and word.group() in _METRIC_CUES:
        return "Metric"
    # "linear regression tasks", "the subspace clustering problem": a common noun modifying
    # "task" / "problem" names the task (SciER's train set: Task 272 of 276); a name
    # modifying "algorithm" names a method ("the Hungarian algorithm": Method 21 of 22).
    if word and word.group() in _TASK_CUES and mention.text.islower():
        return "Task"
    if word and word.group() in _METHOD_CUES and (
            any(c.isupper() for c in mention.text[1:])
            or (mention.text[0].isupper() and mention.start > mention.sent_start)):
        return "Method"
    if _APPOSITION.match(text, mention.end, min(len(text), mention.end + 90)):
        return "Dataset"
    listed = _LISTED_AFTER.search(text, max(mention.sent_start, mention.start - 160),
                                  mention.start)
    if listed:
        kind = listed.group(1)[0].lower()
        return "Dataset" if kind in "dbc" else "Metric" if kind == "m" else "Concept"
    before = text[max(mention.sent_start, mention.start - 16) : mention.start].lower()
    if before.rstrip().endswith(("in terms of", "measured by")):
        return "Metric"
    if _COMPARED_AMOUNT.search(text, max(mention.sent_start, mention.start - 30), mention.start):
        return "Metric"  # "36% less GPU memory": what a result is measured in
    if _LISTED_BEFORE.match(text, mention.end, min(mention.sent_end, mention.end + 120)):
        return "Dataset"
    if not mention.text.islower() and _DRAWN_FROM.search(
            text, max(mention.sent_start, mention.start - 40), mention.start):
        return "Dataset"  # "100 million distractor images from X"
    if mention.source == "title" and mention.end <= title_length:
        description = text[mention.end : title_length].lower()
        if any(f" {cue}" in description for cue in ("benchmark", "dataset", "corpus")):
            return "Dataset"
    return None


def stated_label(text: str, mention: Mention) -> str | None:
    """The label a paper's own sentence states for a name by the kind of thing it calls it
    (:data:`STATED_KINDS`): in a description after it ("X, a new test dataset", "X is a notion
    of privacy" where X is the whole subject, "we propose X as a metric"), before it ("a problem
    called X", "a new benchmark, X" where the sentence introduces X or sets X off by commas,
    "two principles: X"), or "the task of X". Unlike :func:`cue_label`'s words around a name,
    this says what the paper takes the thing to be, so it decides the label of the name's
    mentions in that paper.

    >>> text = "We introduce FooSet, a new test dataset. We propose BarRate, a ratio, as a metric."
    >>> [stated_label(text, Mention(w, "Method", text.index(w), text.index(w) + len(w), 0, 82))
    ...  for w in ("FooSet", "BarRate")]
    ['Dataset', 'Metric']
    >>> text = "BazKD is a dataset distillation method."
    >>> stated_label(text, Mention("BazKD", "Method", 0, 5, 0, 39))
    'Method'
    """
    end = min(mention.sent_end, mention.end + 160)
    kind = _SAYS_AFTER.match(text, mention.end, end)
    if kind is not None and kind.group("copula") and not _SUBJECT_START.fullmatch(
            text, mention.sent_start, mention.start):
        kind = None  # "Solving X is a central task": the subject is more than X
    if kind is None:
        kind = _SAYS_BEFORE.search(text, max(mention.sent_start, mention.start - 60),
                                   mention.start)
        # "a problem called X", "principles: X", "a new benchmark, X" where the sentence
        # introduces X or X stands in apposition; not "on a calibration dataset, X can ...".
        if kind is not None and kind.group("sep") in (None, ","):
            set_off = kind.group("sep") == "," and _SET_OFF.match(text, mention.end, end)
            introduced = _own_patterns()[1].search(text, mention.sent_start, kind.start())
            if not (set_off or introduced):
                kind = None
        if kind is not None and kind.group("sep") == ":" and kind.group("det").lower() in (
                "a", "an"):
            kind = None  # "a method: X ..." opens a clause, not a list of its kind
    if kind is None:
        if _TASK_OF.search(text, max(mention.sent_start, mention.start - 40), mention.start):
            return "Task"
        return None
    return STATED_KINDS[" ".join(kind.group("kind").lower().split())]


def _stated_labels(text: str, mentions: list[Mention], resolved: list[str]) -> dict[str, str]:
    """For each form of one paper, the label its own sentences state (:func:`stated_label`),
    the most often stated where they differ."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for mention, form in zip(mentions, resolved, strict=True):
        label = stated_label(text, mention)
        if label is not None:
            votes[form][label] += 1
    return {form: min(counts, key=lambda label: (-counts[label], label))
            for form, counts in votes.items()}


def _known_label(form: str, group: _Group, known: dict[str, str]) -> str | None:
    """The label the lexicon gives the concept's canonical form or its most used name."""
    names = [form, *(name for name, _ in group.names.most_common(3))]
    return next((known[fold(name).lower()] for name in names if fold(name).lower() in known),
                None)


def _vote(labels: Counter[str], modelled_concept: float = 0.0) -> str:
    """The most frequent specific label; ``Concept`` only when nothing more specific was seen,
    or when a trained model's Concept mentions (``modelled_concept``: "dynamical systems", a
    head word's evidence) outweigh every specific label.

    >>> _vote(Counter({"Concept": 2.5, "Task": 0.4}))
    'Task'
    >>> _vote(Counter({"Concept": 2.5, "Task": 0.4}), modelled_concept=1.7)
    'Concept'
    """
    specific = {label: n for label, n in labels.items() if label != "Concept"}
    if specific and modelled_concept > max(specific.values()):
        return "Concept"
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
    """One MENTIONS edge per concept the paper mentions: how often, and its first mention (in
    its sentence) as evidence, which is what the schema stores of a MENTIONS edge."""
    by_concept: dict[str, list[Mention]] = defaultdict(list)
    for mention, form in zip(record.mentions, resolved, strict=True):
        if form in concepts:
            by_concept[form].append(mention)
    paper_node = ("Paper", record.paper.id)
    for form, mentions in by_concept.items():
        first = min(mentions, key=lambda m: (m.start, m.end))
        evidence = _evidence(record, first.sent_start, first.sent_end, [(first.start, first.end)])
        yield Edge("MENTIONS", paper_node, concepts[form].node, papers=(record.paper.id,),
                   confidence=1.0, evidence=(evidence,), count=len(mentions))


def _relation_edge(record: PaperRecord, relation: RelationMention, resolved: list[str],
                   concepts: dict[str, Concept], confidence: float) -> Edge | str:
    """The edge one relation mention stands for, or why it has none."""
    ends = _relation_ends(record, relation, resolved, concepts)
    if isinstance(ends, str):
        return ends
    spans = [(record.mentions[i].start, record.mentions[i].end)
             for i in (relation.head, relation.tail) if i is not None]
    evidence = _evidence(record, relation.sent_start, relation.sent_end, spans)
    return Edge(relation.type, *ends, papers=(record.paper.id,),
                confidence=confidence, evidence=(evidence,))


def _relation_ends(record: PaperRecord, relation: RelationMention, resolved: list[str],
                   concepts: dict[str, Concept]) -> tuple[Node, Node] | str:
    """The (source, target) nodes of a relation mention, or why it has none."""
    tail = concepts.get(resolved[relation.tail])
    head = concepts.get(resolved[relation.head]) if relation.head is not None else None
    if tail is None or (relation.head is not None and head is None):
        return f"{relation.type} to a dropped concept"
    source = head.node if head is not None else ("Paper", record.paper.id)
    if source == tail.node:
        return f"{relation.type} from a concept to itself"
    if not SCHEMA.allows(relation.type, source[0], tail.node[0]):
        return f"{relation.type} between {source[0]} and {tail.node[0]}"
    return source, tail.node

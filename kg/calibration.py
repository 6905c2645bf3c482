"""Calibrated confidence: how often, on dev gold, a mention or relation like this one was right.

Each prediction falls into feature cells, most specific first (a mention: its source, label and
shape; a relation: its pattern, how sure its weaker end is and its raw-score bin, then its family
and type). ``scripts/calibrate.py`` counts, per cell, the predictions on dev gold and the right
ones, and writes ``kg/calibration.json``; here a prediction's confidence is the smoothed
precision of its most specific cell with enough dev observations (histogram binning), or,
where ``scripts/calibrate.py`` chose one, a logistic model fitted on the same features (a
mention's also read off its record: :class:`MentionContext`). Pure functions over
:class:`~kg.graph.Mention` / :class:`~kg.graph.RelationMention`.

>>> table = Calibration({"m|model|Method|2": (90, 100), "m|model|Method": (160, 200)})
>>> round(table.mention(Mention("graph network", "Method", 0, 1, 0, 1, source="model")), 3)
0.892
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from kg.canon import fold, is_acronym, singular
from kg.extract.lexicon import load_lexicon
from kg.graph import Mention, PaperRecord, RelationMention

#: Next to this module, not among the lexicons: it changes linking only, not extraction (the
#: extractor fingerprint covers the lexicons).
CALIBRATION_FILE = Path(__file__).with_suffix(".json")
#: Dev observations a cell needs before its precision is trusted (else the next cell); chosen
#: by ``scripts/calibrate.py`` on out-of-fold dev predictions and written to the table.
MIN_CELL = 15
#: A relation cell's precision is shrunk towards the cell it lies in, as if this many dev
#: observations at that cell's precision were added: a cell with few observations says
#: little, but not nothing (empirical-Bayes smoothing along the chain of cells). Chosen as
#: ``MIN_CELL`` is.
PRIOR_WEIGHT = 10
#: A mention's cells, most specific first, each named by the features it holds; a level whose
#: feature a mention lacks (a rule's mention has no score) is skipped.
MENTION_LEVELS: tuple[tuple[str, ...], ...] = (
    ("source", "label", "shape", "score"), ("source", "label", "score"),
    ("source", "label", "shape"), ("source", "label"), ("source",), ())
#: A relation's cells, most specific first (no catch-all: a relation kind dev gold never has
#: keeps its extractor's confidence): its pattern with how sure its weaker end is, then its
#: family (the trained model or a written rule) within its type, each with the anchoring.
RELATION_LEVELS: tuple[tuple[str, ...], ...] = (
    ("pattern", "anchor", "ends", "score"), ("pattern", "anchor", "ends"), ("pattern", "anchor"),
    ("family", "type", "anchor"), ("type", "anchor"), ("type",))
#: The relation levels before the ends and the family were features (stop 33's).
PLAIN_RELATION_LEVELS: tuple[tuple[str, ...], ...] = (
    ("pattern", "anchor", "score"), ("pattern", "anchor"), ("type", "anchor"), ("type",))
#: The terms of a relation's fitted model (where ``scripts/calibrate.py`` chose one over the
#: cells): an indicator per value of each of these feature combinations, named as cells are,
#: beside the intercept and the trained model's score.
RELATION_TERMS: tuple[tuple[str, ...], ...] = (
    ("pattern",), ("pattern", "anchor"), ("pattern", "ends"), ("family", "type"), ("type",),
    ("type", "anchor"), ("anchor",), ("ends",), ("family", "ends"), ("reach",))
#: The fitted model's intercept, and its slope on the trained relation model's score (less 0.5;
#: a rule's relations have a fixed confidence, which their pattern's term holds).
INTERCEPT = "r|intercept"
MODEL_SCORE = "r|model score"
#: The terms of a mention's fitted model (where ``scripts/calibrate.py`` chose one over the
#: cells): an indicator per value of each feature combination (:func:`mention_features`), named
#: as cells are, beside the intercept and the trained model's term probability.
MENTION_TERMS: tuple[tuple[str, ...], ...] = (
    ("source",), ("source", "label"), ("source", "label", "shape"), ("source", "label", "score"),
    ("label", "head"), ("head",), ("vague",), ("label", "vague"), ("role",), ("label", "role"),
    ("repeats",), ("domain",), ("domain", "source"), ("domain", "label"), ("left",),
    ("source", "left"), ("domain", "left"))
MENTION_INTERCEPT = "m|intercept"
MENTION_SCORE = "m|model score"
#: A mention's and a relation's features (:func:`mention_features`, :func:`relation_cells`),
#: in the order they take in a cell's name ("m|model|Method|3|s0.9", "r|M for T|own|e0.6|0.6",
#: "r|rule|USED_FOR|own"); a mention's feature after the first four holds its name in its
#: value ("h:Task", "w:generic"), so no two terms share a name.
MENTION_FEATURES = ("source", "label", "shape", "score", "head", "vague", "form", "place",
                    "role", "repeats", "domain", "left")
RELATION_FEATURES = ("pattern", "family", "type", "anchor", "reach", "ends", "score")


def _shape(text: str) -> str:
    words = text.split()
    if any(is_acronym(w) or any(c.isupper() for c in w[1:]) or any(c.isdigit() for c in w)
           for w in words):
        return "name"
    return str(min(len(words), 3))


def score_bin(score: float) -> str | None:
    """The bin of a trained model's term probability ("s0.7": [0.7, 0.8)); None for a rule's
    mention (score 1.0)."""
    if score >= 1.0:
        return None
    return f"s{min(int(score * 10), 9) / 10:.1f}"


class MentionContext(NamedTuple):
    """What a mention's fitted model knows of it beyond the mention itself, read off its record:
    whether it lies in the title ("title") or the abstract ("abstract"), whether the paper
    proposes it ("proposed": its name is a PROPOSES target's, or its acronym's) or not
    ("other"), how often the paper names its folded form ("x1", "x2", "x3": three or more), and
    whether the text is the graph's own kind ("in": recent ML abstracts, kg's own dev gold and
    every graph built) or a public gold's ("public": SciER, SciERC, annotated to other
    guidelines; only ``scripts/calibrate.py`` observes these, so the fitted model learns where
    the public gold's labels differ from kg's own without letting them set kg's), and what
    stands just before it (:func:`left_context`)."""

    place: str = "abstract"
    role: str = "other"
    repeats: str = "x1"
    domain: str = "in"
    left: str = "closed"


def head_class(text: str) -> str:
    """The lexicon class of a phrase's last word (singular, lower case): "h:<label>" from the
    head lists (kg/extract/lexicons/*_heads.txt), "h:Concept" for a mathematical object's
    head, "h:vague" for a generic or non-term head, "h:name" for a name (an acronym, CamelCase,
    digits), else "h:none".

    >>> [head_class(t) for t in ("image classification", "ImageNet", "key challenge", "prior")]
    ['h:Task', 'h:name', 'h:vague', 'h:Concept']
    """
    words = text.split()
    if not words:
        return "h:none"
    last = words[-1]
    if _shape(last) == "name":
        return "h:name"
    lexicon = load_lexicon()
    lemma = singular(last.lower())
    label = lexicon.label_for_head(lemma)
    if label is not None:
        return f"h:{label}"
    if lemma in lexicon.concept_heads:
        return "h:Concept"
    if lemma in lexicon.vague_heads or last.lower() in lexicon.vague_heads:
        return "h:vague"
    return "h:none"


def vagueness(text: str) -> str:
    """"w:generic" where the lexicon reads a phrase as naming nothing in particular
    (:meth:`~kg.extract.lexicon.Lexicon.generic`), "w:vague" where a word before its head is
    a vague one (a generic, degree or stop modifier: "key training loss"), else "w:specific"
    (the head's own class is :func:`head_class`'s)."""
    lexicon = load_lexicon()
    if lexicon.generic(text):
        return "w:generic"
    modifiers = {w.lower() for w in text.split()[:-1]}
    return "w:vague" if modifiers & lexicon.vague_words else "w:specific"


def form_of(mention: Mention) -> str:
    """"f:acronym" for an acronym, "f:defined" for a long form its paper defines an acronym
    for (or an acronym with its long form), else "f:plain"."""
    if mention.long_form or mention.short_form:
        return "f:defined"
    return "f:acronym" if is_acronym(mention.text) else "f:plain"


#: Closed-class words (determiners, pronouns, prepositions, conjunctions, auxiliaries, wh-words,
#: negation): a noun phrase's name cannot reach left past one of them.
CLOSED_WORDS = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "our", "his", "her", "my",
    "your", "some", "any", "each", "every", "no", "all", "both", "either", "neither", "of", "in",
    "on", "for", "with", "by", "from", "to", "at", "as", "into", "onto", "over", "under",
    "between", "among", "via", "than", "versus", "vs", "through", "across", "within", "without",
    "about", "against", "along", "upon", "per", "and", "or", "nor", "but", "yet", "so", "is",
    "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "can",
    "could", "may", "might", "must", "shall", "should", "will", "would", "we", "it", "they", "he",
    "she", "you", "i", "which", "who", "whom", "whose", "what", "where", "when", "while", "how",
    "whether", "if", "not"
))
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9\-]*) $")


def left_context(text: str, start: int) -> str:
    """What stands just before a mention starting at ``start``: "word" where it follows a
    content word after one space ("efficient Transformers", "local PCAs", "propose X": the
    phrase may reach further left than the mention, as a left modifier the span leaves out,
    which the text alone cannot tell from a verb), else "closed" (punctuation, a line break,
    the text's start, or a closed-class word: :data:`CLOSED_WORDS`).

    >>> [left_context(t, t.index("PCAs")) for t in ("by local PCAs", "by PCAs", "(PCAs")]
    ['word', 'closed', 'closed']
    """
    found = _WORD_BEFORE.search(text[max(0, start - 40):start])
    return "word" if found and found.group(1).lower() not in CLOSED_WORDS else "closed"


@cache
def _intrinsic(text: str) -> tuple[str, str]:
    """A phrase's head class and vagueness (kept per text: the linker asks for every
    mention)."""
    return head_class(text), vagueness(text)


def mention_features(mention: Mention, context: MentionContext | None = None
                     ) -> tuple[str | None, ...]:
    """A mention's feature values in ``MENTION_FEATURES``: its source, label, shape, term
    probability's bin (None for a rule's mention), head class, vagueness, form, and its
    ``context``'s (:class:`MentionContext`; the mention alone where None)."""
    context = context or MentionContext()
    head, vague = _intrinsic(mention.text)
    return (mention.source, mention.label, _shape(mention.text), score_bin(mention.confidence),
            head, vague, form_of(mention), f"p:{context.place}", f"o:{context.role}",
            context.repeats, f"d:{context.domain}", f"l:{context.left}")


def mention_inputs(mention: Mention, context: MentionContext | None = None
                   ) -> dict[str, float]:
    """A mention's inputs to the fitted model: its terms (``MENTION_TERMS``) at 1, the
    intercept, and for a trained model's mention its term probability less 0.5."""
    inputs = dict.fromkeys(_cells("m", MENTION_TERMS, MENTION_FEATURES,
                                  mention_features(mention, context)), 1.0)
    inputs[MENTION_INTERCEPT] = 1.0
    if mention.confidence < 1.0:
        inputs[MENTION_SCORE] = mention.confidence - 0.5
    return inputs


def mention_contexts(record: PaperRecord, domain: str = "in") -> list[MentionContext]:
    """Each of a record's mentions' :class:`MentionContext` (``domain``: its text's)."""
    names = contribution_names(record)
    title_end = len(record.paper.title)
    folded = [fold(m.text).lower() for m in record.mentions]
    counts = Counter(folded)
    text = record.paper.text
    return [MentionContext(
        "title" if m.start < title_end else "abstract",
        "proposed" if _own(m, names) else "other",
        f"x{min(counts[name], 3)}", domain, left_context(text, m.start))
        for m, name in zip(record.mentions, folded, strict=True)]


@cache
def _cells(prefix: str, levels: tuple[tuple[str, ...], ...], order: tuple[str, ...],
           values: tuple[str | None, ...]) -> tuple[str, ...]:
    """The cells of a prediction whose features (``order``) have ``values``, at ``levels``;
    kept per value (a few hundred kinds), since the linker asks for every mention."""
    features = dict(zip(order, values, strict=True))
    cells = []
    for level in levels:
        found = [features[name] for name in order if name in level]
        if None not in found:
            cells.append("|".join((prefix, *found)))
    return tuple(cells)


def mention_cells(mention: Mention, levels: tuple[tuple[str, ...], ...] = MENTION_LEVELS,
                  context: MentionContext | None = None) -> list[str]:
    """A mention's cells, most specific first (``MENTION_LEVELS``): its source, label and
    shape, and for a trained model's mention its term probability's bin before the shape (the
    model's own certainty sorts right and wrong mentions of one label and shape apart); a
    level may also hold :func:`mention_features`' others (``context``: its record's)."""
    return list(_cells("m", levels, MENTION_FEATURES, mention_features(mention, context)))


def family(pattern: str) -> str:
    """Whether a relation came from the trained relation model ("model") or a written rule
    ("rule"): the model's patterns are its label after "model "."""
    return "model" if pattern.startswith("model ") else "rule"


class RelationContext(NamedTuple):
    """What a relation's cells and fitted model know of it beyond the relation mention itself,
    read off its record: whether an end is the paper's own contribution ("own" / "other"),
    whether its ends lie in one sentence ("same") or in different ones ("cross": a paper-level
    fact, such as results on D reported for the paper's method a sentence later), and how sure
    its weaker end is a term (``ends``: :func:`ends_bin`)."""

    anchor: str = "other"
    reach: str = "same"
    ends: str = "e0.8"

    @classmethod
    def of(cls, value: RelationContext | bool) -> RelationContext:
        """A context, or a bare "an end is the paper's own" flag as one."""
        if isinstance(value, RelationContext):
            return value
        return cls("own" if value else "other")


def ends_bin(mentions: Iterable[Mention]) -> str:
    """How sure a relation's weaker end is a term: "chunk" where an end is a noun chunk no
    model tagged (a phrase, often no concept at all), else the bin of the lowest term
    probability among its ends ("e0.4": below 0.6, "e0.6": below 0.8, "e0.8"; a rule's mention
    counts as 1.0). A relation is right only where both its ends are concepts."""
    mentions = list(mentions)
    if any(m.source == "noun_chunk" for m in mentions):
        return "chunk"
    lowest = min((m.confidence for m in mentions), default=1.0)
    return "e0.4" if lowest < 0.6 else "e0.6" if lowest < 0.8 else "e0.8"


def relation_cells(relation: RelationMention, context: RelationContext | bool = False,
                   levels: tuple[tuple[str, ...], ...] = RELATION_LEVELS) -> list[str]:
    """A relation's cells, most specific first (``levels``), each named by the features it
    holds, in the order: its pattern, its family (model or rule), its type, whether an end is
    the paper's own contribution (``context.anchor``: "FooNet is used for T" is more often right
    than "CNNs are used for T"), whether its ends share a sentence (``context.reach``), how sure
    its weaker end is a term (``context.ends``) and its raw-score bin."""
    context = RelationContext.of(context)
    return list(_cells("r", levels, RELATION_FEATURES, (
        relation.pattern, family(relation.pattern), relation.type, context.anchor,
        context.reach, context.ends, f"{min(int(relation.confidence * 5), 4) / 5:.1f}")))


def relation_inputs(relation: RelationMention, context: RelationContext | bool = False
                    ) -> dict[str, float]:
    """A relation's inputs to the fitted model: its terms (``RELATION_TERMS``) at 1, the
    intercept, and for the trained model's relations its score less 0.5."""
    inputs = dict.fromkeys(relation_cells(relation, context, RELATION_TERMS), 1.0)
    inputs[INTERCEPT] = 1.0
    if family(relation.pattern) == "model":
        inputs[MODEL_SCORE] = relation.confidence - 0.5
    return inputs


def contribution_names(record: PaperRecord) -> frozenset[str]:
    """The folded names of what a paper proposes (its PROPOSES targets and their acronyms or
    long forms): a relation with an end among them is about the paper's own contribution."""
    names = set()
    for relation in record.relations:
        if relation.head is None:
            mention = record.mentions[relation.tail]
            names.update(fold(t) for t in (mention.text, mention.long_form, mention.short_form)
                         if t)
    return frozenset(names)


def anchored(record: PaperRecord, relation: RelationMention, names: frozenset[str]) -> bool:
    """Whether an end of a relation between concepts is the paper's own contribution."""
    if relation.head is None:
        return True
    return any(_own(record.mentions[i], names) for i in (relation.head, relation.tail))


def _own(mention: Mention, names: frozenset[str]) -> bool:
    """Whether a mention, by its text or its long form, names the paper's own contribution
    (``names``: :func:`contribution_names`)."""
    return any(fold(t) in names for t in (mention.text, mention.long_form) if t)


def relation_context(record: PaperRecord, relation: RelationMention, names: frozenset[str]
                     ) -> RelationContext:
    """A relation's context in its record (``names``: :func:`contribution_names`)."""
    crosses = relation.head is not None and (
        record.mentions[relation.head].sent_start != record.mentions[relation.tail].sent_start)
    return RelationContext("own" if anchored(record, relation, names) else "other",
                           "cross" if crosses else "same",
                           ends_bin(record.mentions[i] for i in (relation.head, relation.tail)
                                    if i is not None))


class Thresholds(NamedTuple):
    """The minimum calibrated confidences of what a graph keeps: concepts, relationships
    between concepts, and PROPOSES edges (a paper's own contribution)."""

    concepts: float
    relationships: float
    proposes: float

    @classmethod
    def every(cls, value: float) -> Thresholds:
        """One minimum for all three (``kg build --min-confidence P``)."""
        return cls(value, value, value)

    @classmethod
    def of(cls, value: float | tuple[float, ...]) -> Thresholds:
        """One number for all three, or a (concepts, relationships, PROPOSES) triple."""
        if isinstance(value, tuple):
            if len(value) != 3:
                raise ValueError(f"{value!r} is not (concepts, relationships, PROPOSES)")
            return cls(*(float(v) for v in value))
        return cls.every(float(value))


@dataclass(frozen=True)
class Calibration:
    """Per-cell (right, predicted) counts from dev gold, and the default threshold."""

    cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    default_min_confidence: float = 0.0  # concepts: dev precision of what is kept >= target
    default_min_relation_confidence: float = 0.0  # the same, else the best dev F1 (see below)
    models: tuple[str, ...] = ()  # the extractors (kg build --model) it was measured with
    #: Per extractor, its own (concept, relationship, PROPOSES) thresholds, measured on its
    #: own dev gold (a pair: PROPOSES follows the relationships').
    model_thresholds: dict[str, tuple[float, ...]] = field(default_factory=dict)
    min_cell: int = MIN_CELL  # a mention cell's observations before it is trusted
    prior_weight: float = PRIOR_WEIGHT  # a relation cell's shrinkage towards the next
    mention_levels: tuple[tuple[str, ...], ...] = MENTION_LEVELS  # the cells it counts
    relation_levels: tuple[tuple[str, ...], ...] = RELATION_LEVELS
    #: A fitted logistic model of a relation's rightness (term -> weight,
    #: :func:`relation_inputs`), used instead of the relation cells where given; and the L2
    #: penalty ``scripts/calibrate.py`` fits it with (0: the cells are used).
    relation_weights: dict[str, float] = field(default_factory=dict)
    relation_l2: float = 0.0
    #: The same for a mention (:func:`mention_inputs`), used instead of the mention cells.
    mention_weights: dict[str, float] = field(default_factory=dict)
    mention_l2: float = 0.0
    #: How a concept's papers pool (:meth:`pooled`): 0 counts each paper as independent
    #: evidence (a noisy-or), 1 takes the papers' geometric mean; chosen out of fold.
    paper_pooling: float = 0.0

    def pooled(self, doubt: float, papers: int) -> float:
        """A concept's confidence from ``doubt``, the product over its ``papers`` of (1 - that
        paper's confidence in it): ``1 - doubt ** (1 / papers ** paper_pooling)``. A phrase
        that several papers use loosely ("model parameters") is not surer for each paper that
        uses it, so some pooling can keep the corpus from making it certain.

        >>> Calibration().pooled(0.25, 2), Calibration(paper_pooling=1).pooled(0.25, 2)
        (0.75, 0.5)
        """
        if papers <= 1 or not self.paper_pooling:
            return 1.0 - doubt
        return 1.0 - doubt ** (1.0 / papers ** self.paper_pooling)

    def thresholds(self, model: str | None) -> tuple[float, float]:
        """The default (concept, relationship) minimum confidences for an extractor (None: the
        rules alone): its own, measured on its dev gold; the pooled ones for an extractor
        calibrated without its own; none (0) for the others. PROPOSES: :meth:`minimums`."""
        return self.minimums(model)[:2]

    def minimums(self, model: str | None) -> Thresholds:
        """The default concept, relationship and PROPOSES minimum confidences for an
        extractor, as :meth:`thresholds` (PROPOSES follows the relationships' where no
        threshold of its own was measured)."""
        if model in self.model_thresholds:
            return _thresholds(self.model_thresholds[model])
        if (model or "rules") not in self.models:
            return Thresholds.every(0.0)
        return Thresholds(self.default_min_confidence, self.default_min_relation_confidence,
                          self.default_min_relation_confidence)

    def probability(self, cells: Iterable[str]) -> float | None:
        """The smoothed dev precision of the first cell with enough observations."""
        found = self._first_trusted(cells)
        return None if found is None else found[1]

    def _first_trusted(self, cells: Iterable[str]) -> tuple[str, float] | None:
        """The first cell with enough observations, and its smoothed dev precision."""
        for cell in cells:
            right, n = self.cells.get(cell, (0, 0))
            if n >= self.min_cell:
                return cell, (right + 1) / (n + 2)
        return None

    def mention(self, mention: Mention, context: MentionContext | None = None) -> float:
        """A mention's calibrated confidence (``context``: its record's,
        :func:`mention_contexts`; the mention alone where None): by the fitted model where the
        table has one, else the dev precision of its most specific cell, times its own
        confidence (the model's term probability, or a rule's) where that cell does not
        already hold it (its score's bin); its own confidence if dev has no like."""
        if self.mention_weights:
            return self.fitted_mention(mention, context)
        found = self._first_trusted(mention_cells(mention, self.mention_levels, context))
        if found is None:
            return mention.confidence
        used, precision = found
        scored = score_bin(mention.confidence)
        return precision if scored is not None and used.endswith(scored) else (
            precision * mention.confidence)

    def fitted_mention(self, mention: Mention, context: MentionContext | None = None
                       ) -> float:
        """A mention's confidence by the fitted model (its extractor's where dev never saw its
        source).

        >>> table = Calibration(mention_weights={"m|intercept": 0.5, "m|model": 0.0,
        ...                                      "m|w:generic": -2.0, "m|model score": 2.0})
        >>> [round(table.fitted_mention(Mention(t, "Method", 0, 1, 0, 1, "model", None, None,
        ...                                     0.75)), 3) for t in ("graph network", "approach")]
        [0.731, 0.269]
        """
        if f"m|{mention.source}" not in self.mention_weights:
            return mention.confidence
        return _logistic(self.mention_weights, mention_inputs(mention, context))

    def record_mentions(self, record: PaperRecord) -> list[float]:
        """The calibrated confidence of each of a paper's mentions, in its record's context."""
        return [self.mention(m, c) for m, c in zip(record.mentions, mention_contexts(record),
                                                     strict=True)]

    def shrunk(self, cells: list[str]) -> float | None:
        """The dev precision of the most specific cell, each cell's shrunk towards the one it
        lies in (``prior_weight``), from the most general, smoothed as (right + 1) / (n + 2);
        None if dev never saw the most general cell.

        >>> table = Calibration({"r|a|x": (3, 3), "r|A": (10, 20)})
        >>> round(table.shrunk(["r|a|x", "r|A"]), 3)
        0.615
        """
        found = None
        for cell in reversed(cells):
            right, n = self.cells.get(cell, (0, 0))
            if found is None:
                if not n:
                    return None
                found = (right + 1) / (n + 2)
            else:
                found = (right + self.prior_weight * found) / (n + self.prior_weight)
        return found

    def relation(self, relation: RelationMention, context: RelationContext | bool = False
                 ) -> float:
        """A relation's calibrated confidence (its extractor's if dev has no like);
        ``context``: its :class:`RelationContext`, or whether an end is the paper's own
        contribution (:func:`anchored`)."""
        if self.relation_weights:
            return self.fitted(relation, context)
        found = self.shrunk(relation_cells(relation, context, self.relation_levels))
        return relation.confidence if found is None else found

    def fitted(self, relation: RelationMention, context: RelationContext | bool = False
               ) -> float:
        """A relation's confidence by the fitted model (its extractor's where dev never saw
        its type).

        >>> table = Calibration(relation_weights={"r|intercept": -1.0, "r|USED_FOR": 1.0,
        ...                                       "r|model score": 4.0})
        >>> round(table.fitted(RelationMention("USED_FOR", 0, 1, 0.75, "model Used-For", 0, 9)), 3)
        0.731
        """
        if f"r|{relation.type}" not in self.relation_weights:
            return relation.confidence
        return _logistic(self.relation_weights, relation_inputs(relation, context))

    def record_relations(self, record: PaperRecord) -> list[float]:
        """The calibrated confidence of each of a paper's relations."""
        names = contribution_names(record)
        return [self.relation(r, relation_context(record, r, names)) for r in record.relations]


def _logistic(weights: dict[str, float], inputs: dict[str, float]) -> float:
    """A fitted logistic model's probability (``weights``: term -> weight) for ``inputs``
    (term -> value; a term the model has no weight for counts nothing)."""
    z = sum(weights.get(term, 0.0) * value for term, value in inputs.items())
    return 1.0 / (1.0 + math.exp(-z))


@cache
def load_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """The shipped calibration (none: every confidence stays as extracted)."""
    if not path.exists():
        return Calibration()
    data = json.loads(path.read_text(encoding="utf-8"))
    return Calibration({cell: (int(r), int(n)) for cell, (r, n) in data["cells"].items()},
                       float(data.get("default_min_confidence", 0.0)),
                       float(data.get("default_min_relation_confidence", 0.0)),
                       tuple(data.get("models", ())),
                       {model: _thresholds(values)
                        for model, values in data.get("thresholds", {}).items()},
                       int(data.get("min_cell", MIN_CELL)),
                       float(data.get("prior_weight", PRIOR_WEIGHT)),
                       _levels(data.get("mention_levels"), MENTION_LEVELS),
                       _levels(data.get("relation_levels"), RELATION_LEVELS),
                       {term: float(w) for term, w in data.get("relation_weights", {}).items()},
                       float(data.get("relation_l2", 0.0)),
                       {term: float(w) for term, w in data.get("mention_weights", {}).items()},
                       float(data.get("mention_l2", 0.0)),
                       float(data.get("paper_pooling", 0.0)))


def _thresholds(values: Iterable[float]) -> Thresholds:
    """A model's stored thresholds: (concepts, relationships, PROPOSES), or a table written
    before PROPOSES had its own, (concepts, relationships), where PROPOSES follows the
    relationships'."""
    concepts, relationships, *proposes = (float(v) for v in values)
    return Thresholds(concepts, relationships, proposes[0] if proposes else relationships)


def _levels(found: list[list[str]] | None, default: tuple[tuple[str, ...], ...]
            ) -> tuple[tuple[str, ...], ...]:
    return default if found is None else tuple(tuple(level) for level in found)


def reliability(pairs: list[tuple[float, bool]], bins: int = 10
                ) -> list[tuple[float, float, int, float, float]]:
    """(low, high, predictions, mean confidence, precision) per confidence bin."""
    rows = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(p, r) for p, r in pairs if low <= p < high or (b == bins - 1 and p == 1.0)]
        if inside:
            rows.append((low, high, len(inside), sum(p for p, _ in inside) / len(inside),
                         sum(r for _, r in inside) / len(inside)))
    return rows


def threshold_for(pairs: list[tuple[float, bool]], target: float) -> float | None:
    """The lowest predicted confidence (rounded down to two decimals) at which what is kept
    (confidence >= it) is right at least ``target`` of the time; None if none is.

    >>> threshold_for([(0.9, True), (0.8, True), (0.5, False), (0.4, True)], 0.9)
    0.8
    """
    for t in sorted({p for p, _ in pairs}):
        kept = [r for p, r in pairs if p >= t]
        if sum(kept) / len(kept) >= target:
            return math.floor(t * 100) / 100
    return None


def best_f1_threshold(pairs: list[tuple[float, bool]]) -> float:
    """The confidence (rounded down to two decimals) that keeps the predictions with the best
    F1 of precision and the share of the right predictions kept.

    >>> best_f1_threshold([(0.9, True), (0.8, True), (0.5, False), (0.4, True), (0.2, False)])
    0.4
    """
    right = sum(r for _, r in pairs) or 1
    best, chosen = -1.0, 0.0
    for t in sorted({p for p, _ in pairs}):
        kept = [r for p, r in pairs if p >= t]
        precision, recall = sum(kept) / len(kept), sum(kept) / right
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best:
            best, chosen = f1, t
    return math.floor(chosen * 100) / 100


def noisy_or(confidences: Iterable[float]) -> float:
    """Independent evidence combined: 1 - prod(1 - c)."""
    return 1.0 - math.prod(1.0 - c for c in confidences)

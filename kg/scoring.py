"""Precision, recall and F1 of predicted entities and relations against gold.

SciERC/SciER-style gold (strict matching):

- Entities: exact character span and label.
- Relations ("boundaries"): both argument spans exact and the relation label right, direction
  as annotated; symmetric labels (e.g. COMPARE, CONJUNCTION) count in either direction.
- Strict relations: additionally both arguments' entity labels right.

kg's own gold (:func:`score_graph`): what the graph says about each paper, concept by concept,
strict and lenient (docs/annotation.md, "Scoring").

>>> gold = [(0, 4, "Task")]
>>> score_entities(gold, [(0, 4, "Task"), (5, 9, "Method")])["micro"]
{'p': 0.5, 'r': 1.0, 'f1': 0.6667, 'tp': 1, 'pred': 2, 'gold': 1}
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from kg.gold import Entity, GoldDoc, Relation


def prf(tp: int, pred: int, gold: int) -> dict[str, Any]:
    """Precision, recall and F1 (rounded to 4 places) with the counts behind them."""
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "tp": tp, "pred": pred,
            "gold": gold}


class Tally:
    """Counts true positives, predictions and gold items per label, over many documents."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.pred: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()

    def add(self, gold: Iterable[tuple], predicted: Iterable[tuple],
            match: Any = None) -> None:
        """Add one document's items (tuples whose last element is the label). ``match`` maps
        an item to the key it must share with a gold item (default: the whole tuple)."""
        key = match or (lambda item: item)
        gold_keys = Counter(key(g) for g in set(gold))
        for item in set(gold):
            self.gold[item[-1]] += 1
        # Predictions with one key are one prediction (a symmetric relation said both ways).
        for item in {key(p): p for p in sorted(set(predicted))}.values():
            self.pred[item[-1]] += 1
            k = key(item)
            if gold_keys[k] > 0:
                gold_keys[k] -= 1
                self.tp[item[-1]] += 1

    def report(self) -> dict[str, Any]:
        labels = sorted(set(self.gold) | set(self.pred))
        return {
            "micro": prf(sum(self.tp.values()), sum(self.pred.values()),
                         sum(self.gold.values())),
            "per_label": {label: prf(self.tp[label], self.pred[label], self.gold[label])
                          for label in labels},
        }


def score_entities(gold: Iterable[Entity], predicted: Iterable[Entity]) -> dict[str, Any]:
    """Entity scores for one document (see :class:`Tally` for many)."""
    tally = Tally()
    tally.add(gold, predicted)
    return tally.report()


def relation_key(symmetric: Collection[str]):
    """The match key of a relation: its spans and label, unordered for symmetric labels."""
    def key(relation: Relation) -> tuple:
        hs, he, ts, te, label = relation
        if label in symmetric:
            return (*sorted([(hs, he), (ts, te)]), label)
        return ((hs, he), (ts, te), label)
    return key


def typed_relations(relations: Iterable[Relation], entities: Iterable[Entity]) -> set[tuple]:
    """Relations extended with their arguments' entity labels, for the strict score:
    (head start, head end, head label, tail start, tail end, tail label, relation label)."""
    labels: dict[tuple[int, int], set[str]] = {}
    for start, end, label in entities:
        labels.setdefault((start, end), set()).add(label)
    out = set()
    for hs, he, ts, te, label in relations:
        for head_label in labels.get((hs, he), {"?"}):
            for tail_label in labels.get((ts, te), {"?"}):
                out.add((hs, he, head_label, ts, te, tail_label, label))
    return out


def typed_key(symmetric: Collection[str]):
    def key(item: tuple) -> tuple:
        hs, he, hl, ts, te, tl, label = item
        if label in symmetric:
            return (*sorted([(hs, he, hl), (ts, te, tl)]), label)
        return ((hs, he, hl), (ts, te, tl), label)
    return key


# --- What the graph says about a paper, against kg's own gold (docs/annotation.md) ---------

Span = tuple[int, int]
#: An edge's ends in one evidence sentence: (head span, tail span).
EdgeEnds = tuple[Span, Span]


@dataclass(frozen=True)
class PaperClaims:
    """What the graph says about one paper: its concepts (each at its first mention, with the
    concept's label), its relationships between concepts (each edge once, with the head and tail
    spans of each evidence) and its PROPOSES targets (the spans that mark them)."""

    concepts: tuple[tuple[int, int, str], ...] = ()
    relations: tuple[tuple[str, tuple[EdgeEnds, ...]], ...] = ()
    proposes: tuple[tuple[Span, ...], ...] = ()


def spans_match(predicted: Span, gold: Span, lenient: bool) -> bool:
    """Strict: the same characters. Lenient: overlapping spans whose overlap is at least half
    of the longer one.

    >>> spans_match((0, 15), (0, 21), lenient=True), spans_match((0, 5), (0, 14), lenient=True)
    (True, False)
    """
    if not lenient:
        return predicted == gold
    overlap = min(predicted[1], gold[1]) - max(predicted[0], gold[0])
    longer = max(predicted[1] - predicted[0], gold[1] - gold[0])
    return overlap > 0 and 2 * overlap >= longer


class GoldPaper:
    """A kg-scheme gold document as concepts: mentions grouped by their ``concept`` number."""

    def __init__(self, doc: GoldDoc) -> None:
        concepts = doc.concepts or tuple(range(len(doc.entities)))
        self.mentions = [((s, e), label, c) for (s, e, label), c in
                         zip(doc.entities, concepts, strict=True)]
        self.concepts = set(concepts)
        index = {(s, e): c for (s, e), _, c in self.mentions}
        self.relations = {(label, index[(hs, he)], index[(ts, te)])
                          for hs, he, ts, te, label in doc.relations}
        self.proposes = {concepts[i] for i in doc.proposes}

    def matches(self, span: Span, lenient: bool) -> list[tuple[int, str]]:
        """The (concept, label) of each gold mention the span matches, the closest first."""
        found = [(abs(span[0] - s) + abs(span[1] - e), c, label)
                 for (s, e), label, c in self.mentions if spans_match(span, (s, e), lenient)]
        return [(c, label) for _, c, label in sorted(found)]

    def concepts_at(self, span: Span, lenient: bool) -> set[int]:
        return {c for c, _ in self.matches(span, lenient)}


def score_graph(golds: Iterable[GoldDoc], claims: Iterable[PaperClaims],
                symmetric: Collection[str] = ("COMPARED_WITH",)) -> dict[str, Any]:
    """Scores of what the graph says about each gold paper, strict and lenient (see
    :func:`spans_match`): concept precision and recall, label accuracy of the concepts found,
    relationship precision and recall (overall and per type) and PROPOSES precision and recall.
    """
    pairs = [(GoldPaper(g), c) for g, c in zip(golds, claims, strict=True)]
    return {mode: _score_mode(pairs, lenient, frozenset(symmetric))
            for mode, lenient in (("strict", False), ("lenient", True))}


def _score_mode(pairs: list[tuple[GoldPaper, PaperClaims]], lenient: bool,
                symmetric: frozenset[str]) -> dict[str, Any]:
    concepts = Counter()
    relations: dict[str, Counter[str]] = defaultdict(Counter)
    proposes = Counter()
    for gold, claim in pairs:
        found: set[int] = set()
        for start, end, label in claim.concepts:
            concepts["pred"] += 1
            matched = gold.matches((start, end), lenient)
            if matched:
                concepts["right"] += 1
                concepts["labelled right"] += matched[0][1] == label
                found.update(c for c, _ in matched)
        concepts["gold"] += len(gold.concepts)
        concepts["found"] += len(found)

        recalled: set[tuple[str, int, int]] = set()
        for rel_type, ends in claim.relations:
            hits = {g for g in gold.relations for head, tail in ends
                    if _relation_hit(g, rel_type, head, tail, gold, lenient, symmetric)}
            relations[rel_type]["pred"] += 1
            relations[rel_type]["right"] += bool(hits)
            recalled |= hits
        for rel_type, _, _ in gold.relations:
            relations[rel_type]["gold"] += 1
        for rel_type, _, _ in recalled:
            relations[rel_type]["found"] += 1

        proposed: set[int] = set()
        for spans in claim.proposes:
            hit = {c for span in spans for c in gold.concepts_at(span, lenient)} & gold.proposes
            proposes["pred"] += 1
            proposes["right"] += bool(hit)
            proposed |= hit
        proposes["gold"] += len(gold.proposes)
        proposes["found"] += len(proposed)
    return {
        "concepts": {**_pr(concepts), "label_accuracy": _ratio(concepts["labelled right"],
                                                                concepts["right"])},
        "relations": {**_pr(sum(relations.values(), Counter())),
                      "per_type": {t: _pr(relations[t]) for t in sorted(relations)}},
        "proposes": _pr(proposes),
    }


def _relation_hit(gold_relation: tuple[str, int, int], rel_type: str, head: Span, tail: Span,
                  gold: GoldPaper, lenient: bool, symmetric: frozenset[str]) -> bool:
    label, gold_head, gold_tail = gold_relation
    if label != rel_type:
        return False
    heads, tails = gold.concepts_at(head, lenient), gold.concepts_at(tail, lenient)
    if gold_head in heads and gold_tail in tails:
        return True
    return rel_type in symmetric and gold_head in tails and gold_tail in heads


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _pr(counts: Counter[str]) -> dict[str, Any]:
    """Precision (right / predicted) and recall (gold items found / gold items)."""
    p, r = _ratio(counts["right"], counts["pred"]), _ratio(counts["found"], counts["gold"])
    return {"p": p, "r": r, "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "right": counts["right"], "pred": counts["pred"], "found": counts["found"],
            "gold": counts["gold"]}

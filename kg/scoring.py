"""Precision, recall and F1 of predicted entities and relations against gold, strict matching.

- Entities: exact character span and label.
- Relations ("boundaries"): both argument spans exact and the relation label right, direction
  as annotated; symmetric labels (e.g. COMPARE, CONJUNCTION) count in either direction.
- Strict relations: additionally both arguments' entity labels right.

>>> gold = [(0, 4, "Task")]
>>> score_entities(gold, [(0, 4, "Task"), (5, 9, "Method")])["micro"]
{'p': 0.5, 'r': 1.0, 'f1': 0.6667, 'tp': 1, 'pred': 2, 'gold': 1}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from kg.gold import Entity, Relation


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

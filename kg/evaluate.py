"""``kg eval``: run an extractor over gold documents and score it in the gold's own labels.

Extractors ("models"):

- ``rules``: kg's rule components alone; graph labels are mapped back to the scheme's labels
  (schema/gold_schemes.toml), e.g. Concept -> OtherScientificTerm for SciERC.
- ``<scheme>`` (``scierc``, ``scier``): the trained span and relation model alone; it has no
  parser, so kg_rel scores with its network only (no pair features).
- ``<scheme>+rules``: what ``kg build`` runs: the trained model inside kg's pipeline, plus the
  rule components' mentions and relations that it does not already have.

Scores are strict (see kg.scoring): entities by exact span and label, relations by both spans
and label ("boundaries"), and strict relations with both entity labels right too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from kg.extract.pipeline import load_pipeline
from kg.extract.relations import MODEL_PATTERN
from kg.extract.trained import SPAN_KEY, available_models, load_model
from kg.gold import Entity, GoldDoc, Relation, label_sets, read_gold
from kg.schema import GOLD_SCHEMES, GoldScheme
from kg.scoring import Tally, relation_key, typed_key, typed_relations

Prediction = tuple[list[Entity], list[Relation]]
Predictor = Callable[[list[GoldDoc]], Iterator[Prediction]]


def pick_scheme(entity_labels: set[str]) -> GoldScheme:
    """The gold scheme whose entity labels cover the given ones best."""
    def coverage(scheme: GoldScheme) -> tuple[int, int]:
        known = set(scheme.entities)
        return len(entity_labels & known), -len(known - entity_labels)
    best = max(GOLD_SCHEMES.values(), key=coverage)
    if not entity_labels & set(best.entities):
        raise ValueError(f"no known gold scheme uses the labels {sorted(entity_labels)}")
    return best


def evaluate(gold_path: str | Path, model: str | None = None,
             limit: int | None = None) -> dict[str, Any]:
    """Score an extractor on a gold file; the model defaults to the trained model of the gold's
    scheme inside kg's pipeline (``<scheme>+rules``), or ``rules`` if none is shipped."""
    entity_labels, _ = label_sets(gold_path)
    scheme = pick_scheme(entity_labels)
    if model is None:
        model = f"{scheme.name}+rules" if scheme.name in available_models() else "rules"
    docs = list(read_gold(gold_path))[:limit]
    predictor = make_predictor(model, scheme)
    entities, relations, strict = Tally(), Tally(), Tally()
    symmetric = scheme.symmetric
    started = time.perf_counter()
    for gold, (pred_entities, pred_relations) in zip(docs, predictor(docs), strict=True):
        entities.add(gold.entities, pred_entities)
        relations.add(gold.relations, pred_relations, relation_key(symmetric))
        strict.add(typed_relations(gold.relations, gold.entities),
                   typed_relations(pred_relations, pred_entities), typed_key(symmetric))
    seconds = time.perf_counter() - started
    return {
        "gold": str(gold_path), "scheme": scheme.name, "model": model, "documents": len(docs),
        "seconds": round(seconds, 2),
        "entities": entities.report(),
        "relations": relations.report(),
        "relations_strict": strict.report()["micro"],
    }


def make_predictor(model: str, scheme: GoldScheme) -> Predictor:
    """A function from gold docs to predictions in the scheme's labels."""
    if model == "rules":
        return _pipeline_predictor(None, scheme, native=False)
    name, _, extra = model.partition("+")
    if name not in available_models():
        raise ValueError(f"unknown model {model!r}: use rules, "
                         + ", ".join(f"{m}, {m}+rules" for m in available_models()))
    if name != scheme.name:
        raise ValueError(f"model {name!r} was trained on {name}, not on {scheme.name} labels")
    if extra == "rules":
        return _pipeline_predictor(name, scheme, native=True)
    if extra:
        raise ValueError(f"unknown model {model!r}")
    return _trained_predictor(name)


def _trained_predictor(name: str) -> Predictor:
    nlp = load_model(name)

    def predict(docs: list[GoldDoc]) -> Iterator[Prediction]:
        for doc in nlp.pipe(g.text for g in docs):
            yield _native(doc)
    return predict


def _pipeline_predictor(model: str | None, scheme: GoldScheme, native: bool) -> Predictor:
    nlp = load_pipeline(model)

    def predict(docs: list[GoldDoc]) -> Iterator[Prediction]:
        for doc in nlp.pipe(g.text for g in docs):
            entities, relations = _native(doc) if native else ([], [])
            mentions = list(doc.spans.get("kg_mentions", []))
            for span in mentions:
                if native and span._.kg_source == "model":
                    continue
                label = scheme.scheme_label(span.label_)
                if label is not None:
                    entities.append((span.start_char, span.end_char, label))
            for rel_type, head, tail, _, pattern, _ in doc._.kg_relations or []:
                if head is None or (native and pattern.startswith(MODEL_PATTERN)):
                    continue  # the model's own relations are scored in its labels, above
                a, b = mentions[head], mentions[tail]
                for mapping in scheme.relations:
                    if mapping.type == rel_type:
                        x, y = (b, a) if mapping.reverse else (a, b)
                        relations.append((x.start_char, x.end_char, y.start_char, y.end_char,
                                          mapping.label))
                        break
            yield entities, relations
    return predict


def _native(doc: Doc) -> Prediction:
    """The trained model's spans and relations, in its own labels and character offsets."""
    entities = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(SPAN_KEY, [])]
    relations = []
    for hs, he, ts, te, label, _ in doc._.kg_rel or []:
        relations.append((doc[hs].idx, doc[he - 1].idx + len(doc[he - 1]), doc[ts].idx,
                          doc[te - 1].idx + len(doc[te - 1]), label))
    return entities, relations


def format_report(report: dict[str, Any]) -> str:
    """The scores as a small text table."""
    lines = [f"{report['gold']}: {report['documents']} documents, scheme {report['scheme']}, "
             f"model {report['model']} ({report['seconds']} s)",
             f"{'':24} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]

    def row(name: str, s: dict[str, Any]) -> str:
        return (f"{name:24} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['gold']:6d} "
                f"{s['pred']:6d}")

    lines.append(row("entities (micro)", report["entities"]["micro"]))
    lines += [row(f"  {label}", s) for label, s in report["entities"]["per_label"].items()]
    lines.append(row("relations (micro)", report["relations"]["micro"]))
    lines += [row(f"  {label}", s) for label, s in report["relations"]["per_label"].items()]
    lines.append(row("relations, strict", report["relations_strict"]))
    return "\n".join(lines)

"""Calibrate kg's confidences on dev gold and write kg/calibration.json.

Runs ``kg build``'s pipeline over dev gold documents (SciER dev, SciERC dev, and the in-domain
dev half when given; never a test split), matches every mention and relation against the gold
(strict span, label mapped to the gold's scheme as ``kg eval`` does) and stores, per feature cell
(kg.calibration), how often it was right. It prints the reliability table (predicted
confidence against dev precision, per bin) and the threshold at which the precision of what is
kept reaches the target, which becomes ``kg build --min-confidence``'s default. A relation
whose ends lie in different sentences (a paper-level fact: "we ... on D" resolved to the
paper's own method) is judged on the in-domain gold only, since SciER and SciERC annotate
relations within a sentence.

    kg eval tests/data/gold/dev.jsonl --store /tmp/gold-store
    python scripts/calibrate.py ../shared/data/scier/dev.jsonl ../shared/data/scierc/dev.jsonl \
        --kg-gold tests/data/gold/dev.jsonl --store /tmp/gold-store
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter, defaultdict
from pathlib import Path

from kg.calibration import (
    CALIBRATION_FILE,
    Calibration,
    anchored,
    best_f1_threshold,
    contribution_names,
    mention_cells,
    relation_cells,
    reliability,
    threshold_for,
)
from kg.canon import fold
from kg.evaluate import graph_claims, pick_scheme
from kg.extract.doc_to_record import doc_to_record
from kg.extract.pipeline import DEFAULT_MODEL, load_pipeline
from kg.extract.trained import available_models
from kg.gold import KG_SCHEME, label_sets, read_gold
from kg.graph import Paper
from kg.linker import build_graph
from kg.records import RecordStore
from kg.scoring import GoldPaper, score_graph

TARGET = 0.85


def observe(path: Path, counts: dict[str, Counter[str]],
            scored: list[tuple[str, str, list[str], bool]]) -> None:
    """Add one gold file's observations: counts[cell] = Counter(n=..., right=...), and
    (model, kind, cells, right) for each prediction (the reliability table's input)."""
    scheme = pick_scheme(label_sets(path)[0])
    model = scheme.name if scheme.name in available_models() else None
    nlp = load_pipeline(model)
    docs = list(read_gold(path))
    judged = set(scheme.entities)
    for gold, doc in zip(docs, nlp.pipe(g.text for g in docs), strict=True):
        record = doc_to_record(doc, Paper("d", "", gold.text), "")
        entities = {(e[0], e[1], e[2]) for e in gold.entities}
        for mention in record.mentions:
            label = scheme.scheme_label(mention.label)
            if label is None or label not in judged:
                continue  # a label this gold does not annotate (SciER has no Metric)
            right = (mention.start, mention.end, label) in entities
            for cell in mention_cells(mention):
                counts[cell]["n"] += 1
                counts[cell]["right"] += right
            scored.append((str(model), "mention", mention_cells(mention), right))
        gold_relations = {tuple(r) for r in gold.relations}
        names = contribution_names(record)
        for relation in record.relations:
            if relation.head is None:
                continue
            a, b = record.mentions[relation.head], record.mentions[relation.tail]
            if a.sent_start != b.sent_start:
                continue  # a paper-level fact: this gold annotates within sentences only
            right = None
            for mapping in scheme.relations:
                if mapping.type == relation.type:
                    x, y = (b, a) if mapping.reverse else (a, b)
                    keys = {(x.start, x.end, y.start, y.end, mapping.label)}
                    if mapping.label in scheme.symmetric:
                        keys.add((y.start, y.end, x.start, x.end, mapping.label))
                    right = bool(keys & gold_relations)
                    break
            if right is None:
                continue  # a relationship type this gold does not annotate
            cells = relation_cells(relation, anchored(record, relation, names))
            for cell in cells:
                counts[cell]["n"] += 1
                counts[cell]["right"] += right
            scored.append((str(model), "relation", cells, right))


def observe_kg(path: Path, store: Path, counts: dict[str, Counter[str]],
               scored: list[tuple[str, str, list[str], bool]]) -> None:
    """Add kg's own dev gold: the extraction records of its papers in ``store`` (built by
    ``kg eval GOLD --store STORE``), matched on exact spans in the graph's labels and types; a
    relationship is right where kg eval counts it right (any mention of each gold concept, so
    a paper-level fact found at a later mention counts); PROPOSES against the paper's proposed
    entities."""
    docs = {doc.key: doc for doc in read_gold(path)}
    records = {r.paper.id: r for r in RecordStore(store / "records").current()
               if r.paper.id in docs}
    if set(records) != set(docs):
        raise SystemExit(f"{store}: build it first with kg eval {path} --store {store}")
    for key, doc in docs.items():
        record = records[key]
        entities = {(s, e, label) for s, e, label in doc.entities}
        # PROPOSES is judged per paper, as kg eval does: right when it names what the paper
        # proposes, in any of its mentions (the title's or the abstract's).
        proposed = {fold(doc.text[s:e]).lower() for s, e, _ in
                    (doc.entities[i] for i in doc.proposes)}
        gold = GoldPaper(doc)
        names = contribution_names(record)
        for mention in record.mentions:
            right = (mention.start, mention.end, mention.label) in entities
            for cell in mention_cells(mention):
                counts[cell]["n"] += 1
                counts[cell]["right"] += right
            scored.append((DEFAULT_MODEL, "mention", mention_cells(mention), right))
        for relation in record.relations:
            b = record.mentions[relation.tail]
            if relation.head is None:
                right = fold(b.text).lower() in proposed
            else:
                # As kg eval judges it: any mention of each gold concept, the type right
                # (COMPARED_WITH either way).
                a = record.mentions[relation.head]
                heads = gold.concepts_at((a.start, a.end), lenient=False)
                tails = gold.concepts_at((b.start, b.end), lenient=False)
                right = any(kind == relation.type and (
                    (h in heads and t in tails) or (kind in KG_SCHEME.symmetric
                                                    and h in tails and t in heads))
                    for kind, h, t in gold.relations)
            cells = relation_cells(relation, anchored(record, relation, names))
            for cell in cells:
                counts[cell]["n"] += 1
                counts[cell]["right"] += right
            scored.append((DEFAULT_MODEL, "relation", cells, right))


def mention_level(pairs: list[tuple[str, float, bool, bool]]) -> tuple[float, float]:
    """(concept, relationship) thresholds from predictions (kind, confidence, right,
    is_proposes): where the precision of what is kept reaches the target, else the best F1.
    Relationships between concepts only: PROPOSES, judged per paper, is far more precise and
    would set the bar for the others alone."""
    mentions = [(p, r) for kind, p, r, _ in pairs if kind == "mention"]
    relations = [(p, r) for kind, p, r, proposes in pairs if kind == "relation" and not proposes]
    concept = threshold_for(mentions, TARGET)
    relation = threshold_for(relations, TARGET)
    if relation is None:
        relation = best_f1_threshold(relations)
    if concept is None:
        concept = best_f1_threshold(mentions)
    return concept, relation


def graph_level(gold: Path, store: Path, calibration: Calibration) -> tuple[float, float]:
    """(concept, relationship) thresholds for the default extractor on kg's own dev gold, as
    ``kg eval`` scores the graph ``kg build --min-confidence C:R`` makes (strict spans): the
    lowest concept threshold whose concepts' precision reaches the target, then, with it, the
    lowest relationship threshold (PROPOSES included) whose precision does for relationships
    between concepts, with the concepts they keep still at the target (else their best F1)."""
    docs = list(read_gold(gold))
    stored = list(RecordStore(store / "records").current())
    by_id = {r.paper.id: r for r in stored}
    records = [by_id[doc.key] for doc in docs]

    def scores(concepts: float, relations: float) -> dict:
        graph, _ = build_graph(stored, min_confidence=concepts,
                               min_relation_confidence=relations, calibration=calibration)
        return score_graph(docs, graph_claims(graph, records))["strict"]

    grid = [round(0.05 * i, 2) for i in range(0, 20)]
    # Concepts on their own first (no relationship kept, so none named by a PROPOSES edge
    # is kept below the concepts' threshold), then the relationships with them.
    concept = next((c for c in grid if scores(c, 1.01)["concepts"]["p"] >= TARGET), 1.0)
    best, relation = -1.0, 0.0
    for r in grid:
        scored = scores(concept, r)
        found = scored["relations"]
        # A kept relationship keeps its ends: the concepts must still reach the target.
        if found["p"] >= TARGET and scored["concepts"]["p"] >= TARGET:
            return concept, r
        if found["f1"] > best:
            best, relation = found["f1"], r
    return concept, relation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path, help="dev gold files (never test splits)")
    parser.add_argument("--out", type=Path, default=CALIBRATION_FILE)
    parser.add_argument("--kg-gold", type=Path, help="kg's own dev gold (its dev.jsonl)")
    parser.add_argument("--store", type=Path, help="the store kg eval built --kg-gold into")
    args = parser.parse_args()
    for path in [*args.gold, *([args.kg_gold] if args.kg_gold else [])]:
        if "test" in path.name:
            raise SystemExit(f"{path}: calibrate on dev splits only")
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    scored: list[tuple[str, list[str], bool]] = []
    for path in args.gold:
        observe(path, counts, scored)
    if args.kg_gold:
        observe_kg(args.kg_gold, args.store, counts, scored)
    calibration = Calibration({cell: (c["right"], c["n"]) for cell, c in counts.items()})
    def probability(kind: str, cells: list[str]) -> float | None:
        return calibration.probability(cells) if kind == "mention" else \
            calibration.shrunk(cells)

    scored = [item for item in scored if probability(item[1], item[2]) is not None]
    pairs = [(model, kind, probability(kind, cells), right, cells[-1] == "r|PROPOSES")
             for model, kind, cells, right in scored]
    # Each extractor's thresholds from its own dev gold; the default extractor's from kg's own
    # gold, on the graph as kg eval scores it, where that gold is given.
    thresholds = {model: mention_level([(k, p, r, x) for m, k, p, r, x in pairs if m == model])
                  for model in sorted({m for m, *_ in pairs} - {"None"})}
    if args.kg_gold:
        thresholds[DEFAULT_MODEL] = graph_level(args.kg_gold, args.store, calibration)
    threshold, relation_threshold = thresholds.get(DEFAULT_MODEL, (1.0, 0.0))
    relations = [(p, r) for _, kind, p, r, proposes in pairs if kind == "relation"
                 and not proposes]
    root = Path(__file__).resolve().parent.parent
    sources = [os.path.relpath(Path(p).resolve(), root)
               for p in [*args.gold, *([args.kg_gold] if args.kg_gold else [])]]
    models = sorted({pick_scheme(label_sets(p)[0]).name for p in args.gold}
                    | ({DEFAULT_MODEL} if args.kg_gold else set()))
    data = {"sources": sources, "models": models, "target_precision": TARGET,
            "default_min_confidence": threshold if threshold is not None else 1.0,
            "default_min_relation_confidence": relation_threshold,
            "thresholds": {model: list(pair) for model, pair in thresholds.items()},
            "cells": {cell: [c["right"], c["n"]] for cell, c in sorted(counts.items())}}
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    for kind in ("mention", "relation"):
        print(f"\n{kind}s: confidence bin, predictions, mean confidence, dev precision")
        for low, high, n, mean, precision in reliability(
                [(p, r) for _, k, p, r, _ in pairs if k == kind]):
            print(f"  [{low:.1f}, {high:.1f})  {n:5d}  {mean:.3f}  {precision:.3f}")
    print(f"\npooled relationships: precision >= {TARGET} at "
          f"{threshold_for(relations, TARGET)}")
    for model, (c, r) in thresholds.items():
        print(f"default --min-confidence for {model}: concepts {c}, relationships {r}")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()

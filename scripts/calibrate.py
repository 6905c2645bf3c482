"""Calibrate kg's confidences on dev gold and write kg/calibration.json.

Runs ``kg build``'s pipeline over dev gold documents (SciER dev, SciERC dev, and the in-domain
dev half when given; never a test split), matches every mention and relation against the gold
(strict span, label mapped to the gold's scheme as ``kg eval`` does) and stores, per feature cell
(kg.calibration), how often it was right. It prints the reliability table (predicted
confidence against dev precision, per bin) and the threshold at which the precision of what is
kept reaches the target, which becomes ``kg build --min-confidence``'s default.

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
    best_f1_threshold,
    mention_cells,
    relation_cells,
    reliability,
    threshold_for,
)
from kg.canon import fold
from kg.evaluate import pick_scheme
from kg.extract.doc_to_record import doc_to_record
from kg.extract.pipeline import DEFAULT_MODEL, load_pipeline
from kg.extract.trained import available_models
from kg.gold import label_sets, read_gold
from kg.graph import Paper
from kg.records import RecordStore

TARGET = 0.85


def observe(path: Path, counts: dict[str, Counter[str]],
            scored: list[tuple[str, list[str], bool]]) -> None:
    """Add one gold file's observations: counts[cell] = Counter(n=..., right=...), and
    (kind, cell, right) for each prediction (the reliability table's input)."""
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
            scored.append(("mention", mention_cells(mention), right))
        gold_relations = {tuple(r) for r in gold.relations}
        for relation in record.relations:
            if relation.head is None:
                continue
            a, b = record.mentions[relation.head], record.mentions[relation.tail]
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
            for cell in relation_cells(relation):
                counts[cell]["n"] += 1
                counts[cell]["right"] += right
            scored.append(("relation", relation_cells(relation), right))


def observe_kg(path: Path, store: Path, counts: dict[str, Counter[str]],
               scored: list[tuple[str, list[str], bool]]) -> None:
    """Add kg's own dev gold: the extraction records of its papers in ``store`` (built by
    ``kg eval GOLD --store STORE``), matched on exact spans in the graph's labels and types;
    PROPOSES against the paper's proposed entities."""
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
        relations = {(r[0], r[1], r[2], r[3], r[4]) for r in doc.relations}
        for mention in record.mentions:
            right = (mention.start, mention.end, mention.label) in entities
            for cell in mention_cells(mention):
                counts[cell]["n"] += 1
                counts[cell]["right"] += right
            scored.append(("mention", mention_cells(mention), right))
        for relation in record.relations:
            b = record.mentions[relation.tail]
            if relation.head is None:
                right = fold(b.text).lower() in proposed
            else:
                a = record.mentions[relation.head]
                keys = {(a.start, a.end, b.start, b.end, relation.type)}
                if relation.type == "COMPARED_WITH":
                    keys.add((b.start, b.end, a.start, a.end, relation.type))
                right = bool(keys & relations)
            for cell in relation_cells(relation):
                counts[cell]["n"] += 1
                counts[cell]["right"] += right
            scored.append(("relation", relation_cells(relation), right))


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
    scored = [item for item in scored if calibration.probability(item[1]) is not None]
    pairs = [(kind, calibration.probability(cells), right) for kind, cells, right in scored]
    threshold = threshold_for([(p, r) for kind, p, r in pairs if kind == "mention"], TARGET)
    # Relationships between concepts (PROPOSES, judged per paper, is far more precise and
    # would set the bar for the others alone).
    relations = [(p, r) for (kind, p, r), (_, cells, _) in zip(pairs, scored, strict=True)
                 if kind == "relation" and cells[-1] != "r|PROPOSES"]
    relation_threshold = threshold_for(relations, TARGET)
    if relation_threshold is None:  # never reached on dev: keep the best dev F1 instead
        relation_threshold = best_f1_threshold(relations)
    root = Path(__file__).resolve().parent.parent
    sources = [os.path.relpath(Path(p).resolve(), root)
               for p in [*args.gold, *([args.kg_gold] if args.kg_gold else [])]]
    models = sorted({pick_scheme(label_sets(p)[0]).name for p in args.gold}
                    | ({DEFAULT_MODEL} if args.kg_gold else set()))
    data = {"sources": sources, "models": models, "target_precision": TARGET,
            "default_min_confidence": threshold if threshold is not None else 1.0,
            "default_min_relation_confidence": relation_threshold,
            "cells": {cell: [c["right"], c["n"]] for cell, c in sorted(counts.items())}}
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    for kind in ("mention", "relation"):
        print(f"\n{kind}s: confidence bin, predictions, mean confidence, dev precision")
        for low, high, n, mean, precision in reliability(
                [(p, r) for k, p, r in pairs if k == kind]):
            print(f"  [{low:.1f}, {high:.1f})  {n:5d}  {mean:.3f}  {precision:.3f}")
    print(f"\ndefault --min-confidence (mention precision >= {TARGET}): {threshold}")
    print(f"relationships: precision >= {TARGET} at {threshold_for(relations, TARGET)}; "
          f"default {relation_threshold}")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()

"""Concepts of kg's in-domain dev gold by confidence: each concept the graph gives a gold paper
(at its first mention, as ``kg eval`` scores it, strict spans), its confidence, and whether it is
right; then the reliability table (confidence bin against dev precision) and the precision and
count of what each threshold keeps. The error analysis in docs/decisions.md.

Reads a store built by ``kg eval GOLD --store STORE`` and re-links its records with everything
kept, with the shipped calibration or the one given:

    kg eval tests/data/gold/dev.jsonl --store /tmp/gold-store --min-confidence 0
    python scripts/concept_report.py tests/data/gold/dev.jsonl /tmp/gold-store [CALIBRATION]

Each concept line: confidence, R (right) / l (right only leniently) / . (no gold concept), L
(right label), the graph's label, its papers in the corpus, the text, the concept's name.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.calibration import load_calibration, reliability
from kg.gold import read_gold
from kg.linker import build_graph
from kg.records import RecordStore
from kg.scoring import GoldPaper

THRESHOLDS = (0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="kg's dev gold (never its test half)")
    parser.add_argument("store", type=Path, help="the store kg eval built the gold into")
    parser.add_argument("calibration", type=Path, nargs="?", help="default: the shipped one")
    args = parser.parse_args()
    if "test" in args.gold.name:
        raise SystemExit(f"{args.gold}: dev gold only")
    docs = list(read_gold(args.gold))
    stored = list(RecordStore(args.store / "records").current())
    calibration = load_calibration(args.calibration) if args.calibration else None
    graph, _ = build_graph(stored, min_confidence=0, min_relation_confidence=0,
                           calibration=calibration)
    concepts = {c.node: c for c in graph.concepts()}
    by_paper = {doc.key: [] for doc in docs}
    for edge in graph.edges():
        if edge.type == "MENTIONS" and edge.papers[0] in by_paper:
            by_paper[edge.papers[0]].append(edge)
    rows = []
    for doc in docs:
        gold = GoldPaper(doc)
        for edge in by_paper[doc.key]:
            concept = concepts[edge.target]
            span = edge.evidence[0].marks[0]
            strict, lenient = gold.matches(span, False), gold.matches(span, True)
            rows.append((concept.confidence, bool(strict),
                         bool(strict) and strict[0][1] == concept.label, bool(lenient),
                         concept.label, concept.paper_count, doc.text[span[0]:span[1]],
                         concept.name))
    rows.sort()
    for confidence, right, labelled, lenient, label, papers, text, name in rows:
        verdict = "R" if right else ("l" if lenient else ".")
        print(f"{confidence:.3f} {verdict} {'L' if labelled else ' '} {label:8s} p{papers:<3d} "
              f"{text!r} [{name}]")
    pairs = [(row[0], row[1]) for row in rows]
    print("\nconfidence bin | concepts | mean confidence | dev precision")
    for low, high, n, mean, precision in reliability(pairs):
        print(f"[{low:.1f}, {high:.1f}) | {n} | {mean:.3f} | {precision:.3f}")
    print("\nthreshold | kept | precision")
    for threshold in THRESHOLDS:
        kept = [right for confidence, right in pairs if confidence >= threshold]
        print(f"{threshold:.2f} | {len(kept)} | {sum(kept) / max(1, len(kept)):.3f}")


if __name__ == "__main__":
    main()

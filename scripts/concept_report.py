"""Concepts of kg's in-domain dev gold by confidence: each concept the graph gives a gold paper
(at its first mention, as ``kg eval`` scores it, strict spans), its confidence, and whether it is
right; then the reliability table (confidence bin against dev precision) and the precision and
count of what each threshold keeps. The error analysis in docs/decisions.md.

Reads a store built by ``kg eval GOLD --store STORE`` and re-links its records with everything
kept, with the shipped calibration or the one given:

    kg eval tests/data/gold/dev.jsonl --store /tmp/gold-store --min-confidence 0
    python scripts/concept_report.py tests/data/gold/dev.jsonl /tmp/gold-store [CALIBRATION]

Each concept line: confidence, R (right) / l (right only leniently) / . (no gold concept), L
(right label), the graph's label, its papers in the corpus, the text, the concept's name, and
where the label is wrong, the gold's. Then the gold concepts the graph misses, by kind: ``cut``
(a concept of the graph overlaps one of its mentions: a boundary off), ``dropped`` (a record's
mention has its span exactly, the graph left it out: generic, debris, or below nothing else) and
``unseen`` (no mention of the records overlaps it).
"""

from __future__ import annotations

import argparse
from bisect import bisect_left, bisect_right
from collections import Counter
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
    parser.add_argument("--context", action="store_true",
                        help="after each concept not right strictly or wrongly labelled: its "
                             "text around and the gold mentions it overlaps")
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
    records = {record.paper.id: record for record in stored}
    rows, misses = [], []
    for doc in docs:
        gold = GoldPaper(doc)
        found, spans = set(), []
        for edge in by_paper[doc.key]:
            concept = concepts[edge.target]
            span = edge.evidence[0].marks[0]
            spans.extend(mark for evidence in edge.evidence for mark in evidence.marks)
            strict, lenient = gold.matches(span, False), gold.matches(span, True)
            found.update(c for c, _ in strict)
            gold_label = strict[0][1] if strict else ""
            labelled = bool(strict) and gold_label == concept.label
            note = "" if labelled or not args.context else _context(doc.text, span, gold)
            rows.append((concept.confidence, bool(strict),
                         labelled, bool(lenient),
                         concept.label, concept.paper_count, doc.text[span[0]:span[1]],
                         concept.name, gold_label, note))
        record = records.get(doc.key)
        mentioned = {(m.start, m.end) for m in record.mentions} if record else set()
        for number in sorted(gold.concepts - found):
            own = [(span, label) for span, label, c in gold.mentions if c == number]
            if any(span in mentioned for span, _ in own):
                kind = "dropped"
            elif any(_overlaps(span, mark) for span, _ in own for mark in spans):
                kind = "cut"
            else:
                kind = "unseen"
            (start, end), label = own[0]
            misses.append((kind, label, doc.text[start:end]))
    rows.sort()
    for (confidence, right, labelled, lenient, label, papers, text, name, gold_label,
         note) in rows:
        verdict = "R" if right else ("l" if lenient else ".")
        wrong = f" gold {gold_label}" if right and not labelled else ""
        print(f"{confidence:.3f} {verdict} {'L' if labelled else ' '} {label:8s} p{papers:<3d} "
              f"{text!r} [{name}]{wrong}{note}")
    print("\nmissed gold concepts (kind, gold label, first mention)")
    for kind, label, text in sorted(misses):
        print(f"{kind:8s} {label:8s} {text!r}")
    print("missed:", ", ".join(f"{kind} {n}" for kind, n in
                                sorted(Counter(kind for kind, _, _ in misses).items())))
    pairs = [(row[0], row[1]) for row in rows]
    print("\nconfidence bin | concepts | mean confidence | dev precision")
    for low, high, n, mean, precision in reliability(pairs):
        print(f"[{low:.1f}, {high:.1f}) | {n} | {mean:.3f} | {precision:.3f}")
    print(f"\nranking (AUC: a right concept's confidence above a wrong one's): "
          f"{auc(pairs):.3f}")
    print("\nthreshold | kept | precision")
    for threshold in THRESHOLDS:
        kept = [right for confidence, right in pairs if confidence >= threshold]
        print(f"{threshold:.2f} | {len(kept)} | {sum(kept) / max(1, len(kept)):.3f}")


def auc(pairs: list[tuple[float, bool]]) -> float:
    """The chance that a right item's confidence is above a wrong one's (ties count half)."""
    right = sorted(c for c, ok in pairs if ok)
    wrong = sorted(c for c, ok in pairs if not ok)
    if not right or not wrong:
        return 0.0
    above = 0.0
    for confidence in right:
        below = bisect_left(wrong, confidence)
        above += below + 0.5 * (bisect_right(wrong, confidence) - below)
    return above / (len(right) * len(wrong))


def _context(text: str, span: tuple[int, int], gold: GoldPaper) -> str:
    """The words around a span and the gold mentions it overlaps, for reading an error."""
    start, end = span
    around = text[max(0, start - 50):start] + "[" + text[start:end] + "]" + text[end:end + 50]
    overlapping = [text[s:e] for (s, e), _, _ in gold.mentions if _overlaps((s, e), span)]
    return f"\n      ...{' '.join(around.split())}...  gold here: {overlapping}"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


if __name__ == "__main__":
    main()

"""Relationships of kg's in-domain dev gold, at given confidence thresholds, and why each gold
relationship was missed and each wrong one is wrong (the error analysis in docs/decisions.md).

Reads a store built by ``kg eval GOLD --store STORE``, re-links its records as ``kg build
--min-confidence`` would and scores them with ``kg eval``'s functions (strict spans):

    kg eval tests/data/gold/dev.jsonl --store /tmp/gold-store
    python scripts/relation_report.py tests/data/gold/dev.jsonl /tmp/gold-store 0 0.6 0.79:0.6

A threshold ``C:R:P`` keeps concepts from C, relationships from R and PROPOSES edges from P
(as ``kg build --min-confidence C,R,P``); ``C:R`` keeps PROPOSES with the relationships; one
number is all three.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from kg.evaluate import graph_claims
from kg.gold import read_gold
from kg.graph import PaperRecord
from kg.linker import build_graph
from kg.records import RecordStore
from kg.schema import SCHEMA
from kg.scoring import GoldPaper, PaperClaims, score_graph


def why_missed(gold: GoldPaper, record: PaperRecord, relation: tuple[str, int, int]) -> str:
    """Why a gold relationship is not in the graph, from the paper's extraction record."""
    kind, head, tail = relation
    ends = [[i for i, m in enumerate(record.mentions)
             if concept in gold.concepts_at((m.start, m.end), lenient=False)]
            for concept in (head, tail)]
    if not ends[0] or not ends[1]:
        return "no span for an end"
    pairs = [(a, b) for a in ends[0] for b in ends[1]]
    if any(r.head is not None and {r.head, r.tail} in ({a, b} for a, b in pairs)
           for r in record.relations):
        return "in the record, lost in linking"
    if not any(SCHEMA.allows(kind, record.mentions[a].label, record.mentions[b].label)
               for a, b in pairs):
        return "end mislabelled"
    if not any(record.mentions[a].sent_start == record.mentions[b].sent_start for a, b in pairs):
        return "ends in different sentences"
    return "same sentence, no pattern"


def unspanned_ends(gold: GoldPaper, record: PaperRecord,
                   relation: tuple[str, int, int]) -> list[str]:
    """Which ends of a gold relationship no record mention spans, as "head Metric" / "tail
    Method" (the end and its gold label): whether a miss waits on spans, and on which kind."""
    _, head, tail = relation
    out = []
    for end, concept in (("head", head), ("tail", tail)):
        if not any(concept in gold.concepts_at((m.start, m.end), lenient=False)
                   for m in record.mentions):
            labels = sorted({label for _, label, c in gold.mentions if c == concept})
            out.append(f"{end} {'/'.join(labels)}")
    return out


def why_wrong(gold: GoldPaper, kind: str, ends: tuple) -> str:
    """Why a predicted relationship matches no gold relationship."""
    if not ends:
        return "no evidence"
    heads, tails = (gold.concepts_at(span, lenient=False) for span in ends[0])
    if not heads or not tails:
        return "an end is no gold concept"
    between = [g for g in gold.relations if {g[1], g[2]} & heads and {g[1], g[2]} & tails]
    if any(g[0] == kind for g in between):
        return "wrong direction"
    return "wrong type" if between else "gold concepts that only share a sentence"


def _pattern(record: PaperRecord, kind: str, ends: tuple) -> str:
    """The pattern and confidence of the record's relation behind a predicted relationship."""
    for relation in record.relations:
        if relation.head is None or relation.type != kind:
            continue
        spans = tuple((m.start, m.end) for m in (record.mentions[relation.head],
                                                 record.mentions[relation.tail]))
        if spans in ends:
            return f"{relation.pattern} {relation.confidence:.2f}"
    return "?"


def _gold_text(doc, gold: GoldPaper, concept: int) -> str:
    spans = sorted(span for span, _, c in gold.mentions if c == concept)
    return doc.text[spans[0][0]:spans[0][1]] if spans else "?"


def report(docs: list, records: dict[str, PaperRecord], claims: list[PaperClaims],
           listing: bool = False) -> None:
    """Counts of the missed and wrong relationships by why, and of the right ones by the
    pattern behind them; with ``listing``, each wrong one and each miss."""
    missed: Counter[tuple[str, str]] = Counter()
    spanless: Counter[tuple[str, str]] = Counter()
    wrong: Counter[tuple[str, str]] = Counter()
    by_pattern: Counter[tuple[str, str, bool]] = Counter()
    for doc, claim in zip(docs, claims, strict=True):
        gold, record = GoldPaper(doc), records[doc.key]
        found = set()
        for kind, ends in claim.relations:
            hits = {g for g in gold.relations if g[0] == kind for h, t in ends
                    if (g[1] in gold.concepts_at(h, False) and g[2] in gold.concepts_at(t, False))
                    or (kind == "COMPARED_WITH" and g[2] in gold.concepts_at(h, False)
                        and g[1] in gold.concepts_at(t, False))}
            found |= hits
            by_pattern[(kind, _pattern(record, kind, ends).rsplit(" ", 1)[0], bool(hits))] += 1
            if not hits:
                why = why_wrong(gold, kind, ends)
                wrong[(kind, why)] += 1
                if listing and ends:
                    (h, t), text = ends[0], doc.text
                    print(f"WRONG {doc.key} {kind} [{text[h[0]:h[1]]}] -> [{text[t[0]:t[1]]}]"
                          f" ({why}; {_pattern(record, kind, ends)})")
        for relation in sorted(gold.relations - found):
            why = why_missed(gold, record, relation)
            missed[(relation[0], why)] += 1
            if why == "no span for an end":
                spanless[(relation[0], " and ".join(unspanned_ends(gold, record, relation)))] += 1
            if listing and why != "no span for an end":
                print(f"MISSED {doc.key} {relation[0]} [{_gold_text(doc, gold, relation[1])}]"
                      f" -> [{_gold_text(doc, gold, relation[2])}] ({why})")
    for title, counts in (("missed gold relationships", missed),
                          ("missed for no span, by the end without one", spanless),
                          ("wrong ones", wrong)):
        print(f"\n{title}:")
        for (kind, why), n in sorted(counts.items()):
            print(f"  {kind:14s} {why:42s} {n:3d}")
    print("\nright of predicted, by pattern:")
    for kind, pattern in sorted({(k, p) for k, p, _ in by_pattern}):
        right, bad = by_pattern[(kind, pattern, True)], by_pattern[(kind, pattern, False)]
        print(f"  {kind:14s} {pattern:42s} {right:3d} of {right + bad:3d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="kg's own dev gold (never its test half)")
    parser.add_argument("store", type=Path, help="the store kg eval built the gold into")
    parser.add_argument("thresholds", nargs="*", default=["0"], help="P, C:R or C:R:P (default 0)")
    parser.add_argument("--list", action="store_true",
                        help="print each wrong relationship and each miss whose ends have spans")
    args = parser.parse_args()
    if "test" in args.gold.name:
        raise SystemExit(f"{args.gold}: dev gold only")
    docs = list(read_gold(args.gold))
    stored = list(RecordStore(args.store / "records").current())
    records = {r.paper.id: r for r in stored}
    for threshold in args.thresholds:
        try:
            parts = [float(part) for part in threshold.split(":")]
        except ValueError:
            parser.error(f"threshold {threshold!r}: give P, C:R or C:R:P, numbers from 0 to 1")
        concepts, relations = parts[0], parts[min(1, len(parts) - 1)]
        graph, _ = build_graph(stored, min_confidence=concepts,
                               min_relation_confidence=relations,
                               min_proposes_confidence=parts[2] if len(parts) > 2 else None)
        claims = graph_claims(graph, [records[doc.key] for doc in docs])
        scores = score_graph(docs, claims)["strict"]
        rel, con, pro = scores["relations"], scores["concepts"], scores["proposes"]
        print(f"--min-confidence {threshold}: relationships P {rel['p']:.3f} R {rel['r']:.3f} "
              f"({rel['right']} right of {rel['pred']}); PROPOSES P {pro['p']:.3f} R "
              f"{pro['r']:.3f}; concepts P {con['p']:.3f} R {con['r']:.3f}")
        for kind, s in rel["per_type"].items():
            print(f"  {kind:14s} P {s['p']:.3f} R {s['r']:.3f} ({s['right']} of {s['pred']})")
        if threshold == args.thresholds[0]:
            report(docs, records, claims, args.list)


if __name__ == "__main__":
    main()

"""A seeded judging sheet: random concepts and relationships of a built store, with evidence.

Draws ``--concepts`` concepts and ``--relationships`` relationships between graph nodes (every
type but MENTIONS, PROPOSES included) from the store, with a seeded random generator, and
writes a Markdown sheet: for each item its name, label or type, confidence, the evidence
sentences (up to ``--sentences``, the span marked **like this**) and an empty verdict column.

A reader fills in the verdicts: for a concept ``y`` (a real scientific term with the right
label), ``label`` (a real term, wrong label: say which in the note) or ``n`` (not a term: a
generic phrase, a fragment, debris); for a relationship ``y`` (the sentence states it) or
``n``; anything after the code, in the same cell, is a note. Then ``--tally`` reads the judged
sheet back and writes the tallies at its top (per label / type, and above / below a confidence).
Evidence from a paper of kg's in-domain gold test half is marked (test half): judge it like the
rest, but never tune a rule on it.

    kg build --sample --store /tmp/sample
    python scripts/judge_sample.py --store /tmp/sample --seed 23 -o /tmp/sheet.md
    # judge /tmp/sheet.md by hand, then:
    python scripts/judge_sample.py --tally /tmp/sheet.md
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

from kg.graph import Concept, Edge, Evidence, KnowledgeGraph

TALLY_START = "<!-- tallies -->"
TALLY_END = "<!-- /tallies -->"
#: Where the tallies split confidence (the issue's sample split relations there too).
SPLIT = 0.7
#: kg's in-domain gold test half: its papers' evidence is marked on the sheet.
TEST_HALF = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold" / "test.jsonl"


def test_half_papers(path: Path = TEST_HALF) -> frozenset[str]:
    """The ids of the papers in the in-domain gold's test half (none without the file)."""
    if not path.exists():
        return frozenset()
    papers = set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                papers.add(json.loads(line)["doc_key"])
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(f"{path}:{number}: not a gold JSON line with a doc_key "
                                 f"({error})") from None
    return frozenset(papers)


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return re.sub(r"\s+", " ", text).replace("|", "\\|").strip()


def marked(evidence: Evidence) -> str:
    """The evidence sentence with its marks in bold."""
    sentence, out, at = evidence.sentence, [], 0
    for start, end in sorted(evidence.marks):
        a, b = start - evidence.start, end - evidence.start
        if a < at or b > len(sentence) or a >= b:
            continue  # a mark outside the sentence (or overlapping): shown unmarked
        out += [sentence[at:a], "**", sentence[a:b], "**"]
        at = b
    out.append(sentence[at:])
    return "".join(out)


def evidence_text(evidence: list[Evidence], titles: dict[str, str], limit: int,
                  held_out: frozenset[str] = frozenset()) -> str:
    """Up to ``limit`` marked sentences, each after its paper's title (shortened), and
    "(test half)" after a paper of ``held_out``."""
    parts = []
    for ev in evidence[:limit]:
        title = titles.get(ev.paper, ev.paper)
        title = title if len(title) <= 60 else title[:57] + "..."
        flag = " (test half)" if ev.paper in held_out else ""
        parts.append(f"*{title}*{flag}: {marked(ev)}")
    more = len(evidence) - limit
    return "<br>".join(parts) + (f"<br>(+{more} more)" if more > 0 else "")


def every_concepts(graph: KnowledgeGraph) -> list[Concept]:
    """The graph's concepts in a stable order (the draw's population)."""
    return sorted(graph.concepts(), key=lambda c: c.node)


def every_edges(graph: KnowledgeGraph) -> list[Edge]:
    """The graph's relationships but MENTIONS, in a stable order (the draw's population)."""
    return sorted((e for e in graph.edges() if e.type != "MENTIONS"),
                  key=lambda e: (e.type, e.source, e.target))


def draw(graph: KnowledgeGraph, concepts: int, relationships: int, seed: int
         ) -> tuple[list[Concept], list[Edge]]:
    """The seeded sample: concepts and relationships, drawn from their stable orders."""
    rng = random.Random(seed)
    every_concept, every_edge = every_concepts(graph), every_edges(graph)
    return (rng.sample(every_concept, min(concepts, len(every_concept))),
            rng.sample(every_edge, min(relationships, len(every_edge))))


def sheet(graph: KnowledgeGraph, store: str, seed: int, concepts: int, relationships: int,
          sentences: int, held_out: frozenset[str] = frozenset()) -> str:
    """The judging sheet, verdicts empty; evidence from a paper of ``held_out`` (the in-domain
    gold's test half) marked, so that nobody tunes on it."""
    titles = {p.id: p.title for p in graph.papers()}
    mentions: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for edge in graph.edges("MENTIONS"):
        mentions[edge.target].extend(edge.evidence)
    chosen_concepts, chosen_edges = draw(graph, concepts, relationships, seed)
    lines = [f"# Judged sample: {len(chosen_concepts)} concepts and {len(chosen_edges)} "
             f"relationships, seed {seed}", "",
             f"Drawn by `python scripts/judge_sample.py --store {store} --seed {seed}` from a "
             f"store built by `kg build --sample --store {store}` (its default settings: "
             f"{len(every_concepts(graph))} concepts, {len(every_edges(graph))} relationships "
             "besides MENTIONS), every item judged by hand against its sentences.", "",
             TALLY_START, "(run `python scripts/judge_sample.py --tally` on the judged sheet)",
             TALLY_END, "",
             "Verdicts: concepts `y` (real term, right label), `label` (real term, wrong "
             "label), `n` (not a term); relationships `y` (the sentence states it), `n`. "
             "Anything after the code is a note. Evidence marked (test half) is from a paper of "
             "the in-domain gold's test half: judged like the rest, never tuned on.", "",
             "## Concepts", "",
             "| # | concept | label | confidence | papers | evidence | verdict |",
             "|---|---|---|---|---|---|---|"]
    for i, concept in enumerate(chosen_concepts, 1):
        evidence = sorted(mentions[concept.node], key=lambda ev: (ev.paper, ev.start))
        lines.append(f"| C{i} | {cell(concept.name)} | {concept.label} | "
                     f"{concept.confidence:.2f} | {concept.paper_count} | "
                     f"{cell(evidence_text(evidence, titles, sentences, held_out))} |  |")
    lines += ["", "## Relationships", "",
              "| # | head | type | tail | confidence | papers | evidence | verdict |",
              "|---|---|---|---|---|---|---|---|"]
    for i, edge in enumerate(chosen_edges, 1):
        head, tail = graph.node(edge.source), graph.node(edge.target)
        head_name = (f"paper: {head.title}" if edge.source[0] == "Paper"
                     else f"{head.name} ({edge.source[0]})")
        evidence = sorted(edge.evidence, key=lambda ev: (ev.paper, ev.start))
        lines.append(f"| R{i} | {cell(head_name)} | {edge.type} | "
                     f"{cell(tail.name)} ({edge.target[0]}) | {edge.confidence:.2f} | "
                     f"{edge.support} | "
                     f"{cell(evidence_text(evidence, titles, sentences, held_out))} |  |")
    return "\n".join(lines) + "\n"


def read_verdicts(text: str) -> tuple[list[tuple[str, float, str]], list[tuple[str, float, str]]]:
    """(label or type, confidence, verdict code) of each judged row, concepts and relationships;
    SystemExit naming the line of a row left unjudged or judged with an unknown code."""
    concepts, relationships = [], []
    for number, line in enumerate(text.splitlines(), 1):
        row = re.match(r"\| ([CR])\d+ \|", line)
        if not row:
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        verdict = cells[-1].split(":")[0].split()[0].lower() if cells[-1] else ""
        if row.group(1) == "C":
            kind, confidence, allowed, into = cells[2], float(cells[3]), {"y", "label", "n"}, \
                concepts
        else:
            kind, confidence, allowed, into = cells[2], float(cells[4]), {"y", "n"}, \
                relationships
        if verdict not in allowed:
            raise SystemExit(f"line {number}: verdict {cells[-1]!r} is not one of "
                             f"{', '.join(sorted(allowed))}")
        into.append((kind, confidence, verdict))
    return concepts, relationships


def tallies(concepts: list[tuple[str, float, str]],
            relationships: list[tuple[str, float, str]]) -> str:
    """The tallies block: overall, per label / type, and above / below :data:`SPLIT`."""
    def share(right: int, total: int) -> str:
        return f"{right}/{total} ({100 * right / total:.0f} %)" if total else "0/0"

    real = sum(v != "n" for _, _, v in concepts)
    right = sum(v == "y" for _, _, v in concepts)
    lines = [f"- Concepts: real terms {share(real, len(concepts))}; real term with the right "
             f"label {share(right, len(concepts))}."]
    by_label: dict[str, Counter[str]] = defaultdict(Counter)
    for label, _, verdict in concepts:
        by_label[label][verdict] += 1
    lines.append("  - per label (right label / all): " + ", ".join(
        f"{label} {share(c['y'], sum(c.values()))}" for label, c in sorted(by_label.items())))
    rel_right = sum(v == "y" for _, _, v in relationships)
    lines.append(f"- Relationships: right {share(rel_right, len(relationships))}.")
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    for rel_type, _, verdict in relationships:
        by_type[rel_type][verdict] += 1
    lines.append("  - per type: " + ", ".join(
        f"{t} {share(c['y'], sum(c.values()))}" for t, c in sorted(by_type.items())))
    for name, rows, good in (("concepts (right label)", concepts, "y"),
                             ("relationships", relationships, "y")):
        high = [v for _, p, v in rows if p >= SPLIT]
        low = [v for _, p, v in rows if p < SPLIT]
        lines.append(f"- {name} with confidence >= {SPLIT}: "
                     f"{share(sum(v == good for v in high), len(high))}; below: "
                     f"{share(sum(v == good for v in low), len(low))}.")
    return "\n".join(lines)


def write_tallies(path: Path) -> str:
    """Replace the tallies block of a judged sheet; the block written."""
    text = path.read_text(encoding="utf-8")
    if TALLY_START not in text or TALLY_END not in text:
        raise SystemExit(f"{path}: no {TALLY_START} ... {TALLY_END} block (not a sheet made "
                         "by this script?)")
    block = tallies(*read_verdicts(text))
    head, _, rest = text.partition(TALLY_START)
    _, _, tail = rest.partition(TALLY_END)
    path.write_text(f"{head}{TALLY_START}\n{block}\n{TALLY_END}{tail}", encoding="utf-8")
    return block


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="kg-store", help="the store to draw from")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--concepts", type=int, default=60)
    parser.add_argument("--relationships", type=int, default=60)
    parser.add_argument("--sentences", type=int, default=2,
                        help="evidence sentences shown per item")
    parser.add_argument("-o", "--output", type=Path, help="the sheet to write (default: stdout)")
    parser.add_argument("--tally", type=Path, metavar="SHEET",
                        help="instead: read a judged sheet and write its tallies at its top")
    args = parser.parse_args()
    if args.tally:
        print(write_tallies(args.tally))
        return
    from kg.api import open_store

    with open_store(args.store) as store:
        graph = store.graph()
    text = sheet(graph, args.store, args.seed, args.concepts, args.relationships,
                 args.sentences, test_half_papers())
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"-> {args.output}")
    else:
        print(text, end="")


if __name__ == "__main__":
    main()

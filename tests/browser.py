"""Helpers shared by the explorer tests and scripts/bench_html.py: Debian's Chromium driven by
Playwright (no browser is ever downloaded), a page opened with everything it does recorded, and
synthetic knowledge graphs of any size."""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.graph import Concept, Edge, Evidence, KnowledgeGraph, Paper
from kg.schema import SCHEMA

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install playwright)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium (a Playwright ``Browser``), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS),
                                     headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did: console errors, uncaught exceptions, requests and dialogs."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_page(browser: Any, path: Path, *, width: int = 1400, height: int = 900,
              timeout_ms: int = 60_000) -> tuple[Any, PageLog]:
    """Open ``path`` from file:// in a fresh page and wait until the explorer says it is drawn."""
    page = browser.new_page(viewport={"width": width, "height": height})
    log = PageLog()
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    page.on("request", lambda r: log.requests.append(r.url))

    def on_dialog(dialog: Any) -> None:
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=timeout_ms)
    return page, log


def synthetic_graph(n: int, *, seed: int = 0, paper_share: float = 0.1,
                    mentions: tuple[int, int] = (4, 12)) -> KnowledgeGraph:
    """A graph of about ``n`` nodes shaped like a real one: papers mentioning concepts (popular
    concepts more often; ``mentions`` draws per paper), typed concept relationships the schema
    allows, with evidence."""
    rng = random.Random(seed)
    graph = KnowledgeGraph()
    n_papers = max(1, round(n * paper_share))
    n_concepts = max(1, n - n_papers)
    papers = [Paper(id=f"p{i}", title=f"Synthetic paper {i} on topic {i % 23}",
                    abstract=f"We study topic {i % 23}.", year=2018 + i % 7,
                    url=f"https://example.org/papers/{i}") for i in range(n_papers)]
    for paper in papers:
        graph.add_paper(paper)
    labels = SCHEMA.concept_labels
    concepts = [Concept(key=f"c{i}", label=labels[i % len(labels)],
                        name=f"{labels[i % len(labels)].lower()} {i}",
                        aliases=(f"C{i}",) if i % 3 == 0 else ()) for i in range(n_concepts)]
    by_label: dict[str, list[int]] = {label: [] for label in labels}
    for i, concept in enumerate(concepts):
        graph.add_concept(concept)
        by_label[concept.label].append(i)
    weight = [1.0 / (i + 1) ** 0.7 for i in range(n_concepts)]
    found: dict[tuple, list[str]] = {}

    def relate(rel: str, source: tuple[str, str], target: tuple[str, str], pid: str) -> None:
        found.setdefault((rel, source, target), []).append(pid)

    for paper in papers:  # every concept is mentioned at least once, popular ones often
        for i in set(rng.choices(range(n_concepts), weight, k=rng.randint(*mentions))):
            relate("MENTIONS", ("Paper", paper.id), concepts[i].node, paper.id)
    for i, concept in enumerate(concepts):
        pid = papers[i % n_papers].id
        relate("MENTIONS", ("Paper", pid), concept.node, pid)
    typed = [t for t in SCHEMA.relationships if "Paper" not in SCHEMA.relationships[t].sources]
    for _ in range(int(n_concepts * 0.8)):
        rel = rng.choice(typed)
        source_label, target_label = rng.choice(SCHEMA.endpoint_pairs(rel))
        if not by_label[source_label] or not by_label[target_label]:
            continue
        a = concepts[rng.choice(by_label[source_label])]
        b = concepts[rng.choice(by_label[target_label])]
        if a.key != b.key:
            for _ in range(1 + int(rng.expovariate(1.2))):
                relate(rel, a.node, b.node, rng.choice(papers).id)
    for (rel, source, target), pids in found.items():
        graph.add_edge(Edge(rel, source, target, papers=tuple(sorted(set(pids))),
                            confidence=round(rng.uniform(0.4, 0.95), 2),
                            evidence=tuple(_evidence(graph, rel, source, target, pid)
                                           for pid in sorted(set(pids))),
                            count=len(pids) if rel == "MENTIONS" else 0))
    counts: dict[tuple[str, str], set[str]] = {c.node: set() for c in concepts}
    for edge in graph.edges():
        if edge.target in counts:
            counts[edge.target].update(edge.papers)
    for concept in concepts:
        n_p = len(counts[concept.node])
        graph.replace_node(Concept(concept.key, concept.label, concept.name, concept.aliases,
                                   paper_count=n_p, mention_count=n_p))
    return graph


def _evidence(graph: KnowledgeGraph, rel: str, source: tuple[str, str],
              target: tuple[str, str], pid: str) -> Evidence:
    """A made-up sentence naming both ends, its marks at the names."""
    head = graph.node(source)
    tail = graph.node(target)
    head_name = head.title if isinstance(head, Paper) else head.name
    sentence = f"In this work, {head_name} {rel.lower().replace('_', ' ')} {tail.name}."
    offset = len(graph.node(("Paper", pid)).title) + 2
    a = sentence.index(head_name)
    b = sentence.rindex(tail.name)
    marks = ((offset + a, offset + a + len(head_name)), (offset + b, offset + b + len(tail.name)))
    return Evidence(pid, sentence, offset, offset + len(sentence), marks)

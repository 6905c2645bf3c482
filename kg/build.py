"""``kg build`` as a library call: read sources, extract what is new, link, store, draw.

>>> report = build(["papers.jsonl"], "kg-store", html="kg.html")  # doctest: +SKIP
>>> report.stats["nodes"]["Paper"]  # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kg.calibration import load_calibration
from kg.errors import KgError
from kg.extract.parallel import extract_lines
from kg.extract.pipeline import DEFAULT_MODEL, extractor_fingerprint
from kg.graph import KnowledgeGraph, Paper
from kg.linker import LinkReport, link
from kg.sources import deduplicate, read_papers
from kg.sources.base import Skip
from kg.store import DEFAULT_STORE, GraphStore, open_store


class Progress(Protocol):
    def update(self, n: int) -> None: ...


#: Makes a progress display for ``total`` papers to extract (e.g. ``click.progressbar``).
ProgressFactory = Callable[[int], AbstractContextManager[Progress]]


@dataclass
class BuildReport:
    """What a build read, skipped, extracted and stored, and how long each stage took."""

    store: str
    papers_read: int = 0
    skipped: list[Skip] = field(default_factory=list)
    duplicates: int = 0
    extracted: int = 0
    reused: int = 0
    jobs: int = 1
    dask: str | None = None  # the Dask scheduler that ran the extraction, if one did
    model: str | None = None  # the trained model in the extractor (None: rules alone)
    stats: dict[str, dict[str, int]] = field(default_factory=dict)
    link: LinkReport = field(default_factory=LinkReport)
    min_confidence: float = 0.0
    min_relation_confidence: float = 0.0
    seconds: dict[str, float] = field(default_factory=dict)
    html: Any = None  # kg.export.html.HtmlReport when an explorer was written

    @property
    def papers_unique(self) -> int:
        return self.papers_read - self.duplicates


class NothingToBuild(KgError, RuntimeError):
    """No usable paper was read from the sources."""

    def __init__(self, report: BuildReport) -> None:
        super().__init__("no usable papers were read from the sources")
        self.report = report


class _NoProgress:
    def update(self, n: int) -> None:
        pass


def build(sources: Sequence[str | Path], store: GraphStore | str | Path = DEFAULT_STORE, *,
          jobs: int = 1, dask: str | None = None, model: str | None = DEFAULT_MODEL,
          html: str | Path | None = None, max_nodes: int | None = None,
          progress: ProgressFactory | None = None,
          on_skip: Callable[[Skip], None] | None = None,
          on_stage: Callable[[str], None] | None = None,
          shard_size: int = 500, flush_seconds: float = 30.0,
          min_confidence: float | None = 0.0) -> BuildReport:
    """Build (or extend) the graph in ``store`` from ``sources``.

    Papers already in the store with the same content and extractor are not extracted again;
    papers from earlier builds stay in the graph. Sources are read twice (to count, then to
    extract) and streamed; extraction records go to disk as they come, in shards of
    ``shard_size`` written at least every ``flush_seconds``, so an interrupted build resumes
    where it stopped. ``jobs`` extraction processes run here, or ``dask`` names a Dask scheduler
    (``local`` for a local cluster). Concepts and relationships whose calibrated confidence is
    below ``min_confidence`` are left out (None: the shipped calibration's thresholds for
    ``model``, kg.calibration, one for concepts and one for relationships).
    The store's previous graph is replaced only once the new one is complete. ``on_stage``
    hears what the build turns to after extraction. Raises
    :class:`NothingToBuild` when no paper could be read.
    """
    thresholds = (load_calibration().thresholds(model) if min_confidence is None
                  else (min_confidence, min_confidence))
    report = BuildReport(store=str(getattr(store, "location", store)), jobs=jobs, dask=dask,
                         model=model, min_confidence=thresholds[0],
                         min_relation_confidence=thresholds[1])
    started = time.perf_counter()

    def skip(item: Skip) -> None:
        report.skipped.append(item)
        if on_skip is not None:
            on_skip(item)

    def duplicate(dropped: Paper, kept: Paper) -> None:
        report.duplicates += 1

    def count(papers: Iterable[Paper]) -> Iterator[Paper]:
        for paper in papers:
            report.papers_read += 1
            yield paper

    # First pass: what is there (ids and content hashes only), and what is unusable.
    seen = {p.id: p.content_hash for p in deduplicate(count(read_papers(sources, skip)),
                                                     duplicate)}
    report.seconds["read"] = time.perf_counter() - started
    if not seen:
        raise NothingToBuild(report)

    target = store if hasattr(store, "write_graph") else open_store(store, create=True)
    fingerprint = extractor_fingerprint(model)
    index = target.records.index()
    todo_ids = {pid for pid, digest in seen.items() if index.get(pid) != (digest, fingerprint)}
    report.reused = len(seen) - len(todo_ids)
    del seen, index

    # Second pass: stream the papers to extract into the extractor, records onto disk.
    todo = (p for p in deduplicate(read_papers(sources, lambda item: None))
            if p.id in todo_ids)
    mark = time.perf_counter()
    with target.records.writer(shard_size, flush_seconds) as writer, (
            progress(len(todo_ids)) if progress else nullcontext(_NoProgress())) as bar:
        for line in _extractor(todo, jobs, dask, model):
            writer.write_line(line)
            report.extracted += 1
            bar.update(1)
    report.seconds["extract"] = time.perf_counter() - mark

    stage = on_stage or (lambda message: None)
    mark = time.perf_counter()
    stage("Linking mentions to concepts")
    linked = link(target.records.current, min_confidence=thresholds[0],
                  min_relation_confidence=thresholds[1])
    report.link = linked.report
    report.seconds["link"] = time.perf_counter() - mark
    mark = time.perf_counter()
    stage(f"Writing the graph to {report.store}")
    target.write_linked(linked)
    report.seconds["store"] = time.perf_counter() - mark
    report.stats = _nonzero(target.stats())
    if html is not None:
        mark = time.perf_counter()
        stage(f"Drawing the explorer in {html}")
        report.html = write_explorer(linked.graph(), html, max_nodes)
        report.seconds["html"] = time.perf_counter() - mark
    report.seconds["total"] = time.perf_counter() - started
    return report


def _extractor(papers: Iterable[Paper], jobs: int, dask: str | None,
               model: str | None) -> Iterator[str]:
    """The papers' extraction records as JSON lines, in order."""
    if dask:
        from kg.extract.dask_runner import extract_dask

        return (record.to_json() for record in extract_dask(papers, dask, model=model))
    return extract_lines(papers, jobs=jobs, model=model)


@dataclass
class RemoveReport:
    """What ``kg remove`` retracted."""

    removed: list[str]
    unknown: list[str]
    stats: dict[str, dict[str, int]]


def remove(paper_ids: Sequence[str], store: GraphStore | str | Path = DEFAULT_STORE
           ) -> RemoveReport:
    """Retract papers: their records go, and the graph is rebuilt without their evidence, so
    edges and concepts that only they supported disappear."""
    target = store if hasattr(store, "write_graph") else open_store(store)
    index = target.records.index()
    removed = [pid for pid in dict.fromkeys(paper_ids) if pid in index]
    unknown = [pid for pid in dict.fromkeys(paper_ids) if pid not in index]
    if removed:
        target.records.remove(removed)
        target.write_linked(link(target.records.current))
    return RemoveReport(removed, unknown, _nonzero(target.stats()))


def _nonzero(stats: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Counts without the labels and types that have none (as the build summary lists them)."""
    return {part: {name: n for name, n in counts.items() if n} for part, counts in stats.items()}


def write_explorer(graph: KnowledgeGraph, path: str | Path, max_nodes: int | None = None) -> Any:
    """Write the HTML explorer for ``graph`` (the same page ``kg export html`` writes)."""
    from kg.export.html import DEFAULT_MAX_NODES, write_html

    return write_html(graph, Path(path), max_nodes=max_nodes or DEFAULT_MAX_NODES)


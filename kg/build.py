"""``kg build`` as a library call: read sources, extract what is new, link, store, draw.

>>> report = build(["papers.jsonl"], "kg-store", html="kg.html")  # doctest: +SKIP
>>> report.stats["nodes"]["Paper"]  # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from kg.calibration import Thresholds, load_calibration
from kg.errors import KgError
from kg.extract.fingerprint import extractor_fingerprint
from kg.extract.runner import extract_lines
from kg.extract.shipped import DEFAULT_MODEL, available_models
from kg.graph import KnowledgeGraph, Paper
from kg.linker import LinkedGraph, LinkReport, link
from kg.records import RecordStore, records_for
from kg.sources import deduplicate, read_papers
from kg.sources.base import Skip
from kg.sources.textio import id_problem
from kg.store import DEFAULT_STORE, GraphStore, open_store
from kg.store.lock import store_lock


class Progress(Protocol):
    def update(self, n: int) -> None: ...


#: Makes a progress display for ``total`` papers to extract (e.g. ``click.progressbar``).
ProgressFactory = Callable[[int], AbstractContextManager[Progress]]


@dataclass
class BuildReport:
    """What a build read, skipped, extracted and stored, and how long each stage took."""

    store: str
    #: The folder of the extraction records the graph was linked from.
    records: str = ""
    papers_read: int = 0
    skipped: list[Skip] = field(default_factory=list)
    duplicates: int = 0
    #: One line per paper dropped as a duplicate: which, where, and the paper kept instead.
    duplicate_notes: list[str] = field(default_factory=list)
    #: Paper ids whose records could not be loaded, moved to quarantine.jsonl in ``records``.
    quarantined: list[str] = field(default_factory=list)
    extracted: int = 0
    reused: int = 0
    jobs: int = 1
    dask: str | None = None  # the Dask scheduler that ran the extraction, if one did
    model: str | None = None  # the trained model in the extractor (None: rules alone)
    stats: dict[str, dict[str, int]] = field(default_factory=dict)
    link: LinkReport = field(default_factory=LinkReport)
    min_confidence: float = 0.0
    min_relation_confidence: float = 0.0
    min_proposes_confidence: float = 0.0
    seconds: dict[str, float] = field(default_factory=dict)
    html: Any = None  # kg.export.html.HtmlReport when an explorer was written

    @property
    def papers_unique(self) -> int:
        return self.papers_read - self.duplicates

    @property
    def thresholds(self) -> Thresholds:
        """The minimum confidences the graph was linked with."""
        return Thresholds(self.min_confidence, self.min_relation_confidence,
                          self.min_proposes_confidence)


class NothingToBuild(KgError, RuntimeError):
    """No usable paper was read from the sources."""

    def __init__(self, report: BuildReport) -> None:
        super().__init__("no usable papers were read from the sources")
        self.report = report


class _NoProgress:
    def update(self, n: int) -> None:
        pass


def build(sources: Sequence[str | Path], store: GraphStore | str | Path = DEFAULT_STORE, *,
          records: RecordStore | str | Path | None = None, jobs: int = 1,
          dask: str | None = None, model: str | None = DEFAULT_MODEL,
          html: str | Path | None = None, max_nodes: int | None = None,
          progress: ProgressFactory | None = None,
          on_skip: Callable[[Skip], None] | None = None,
          on_stage: Callable[[str], None] | None = None,
          shard_size: int = 500, flush_seconds: float = 30.0,
          min_confidence: float | tuple[float, float, float] | None = None) -> BuildReport:
    """Build (or extend) the graph in ``store`` (a store, or a location that is opened, made if
    missing, and closed) from ``sources``, keeping the extraction records in ``records`` (a
    folder; default :func:`kg.records.records_for` the store's location).

    Papers already in the store with the same content and extractor are not extracted again;
    papers from earlier builds stay in the graph. Sources are read twice (to count, then to
    extract) and streamed; extraction records go to disk as they come, in shards of
    ``shard_size`` written at least every ``flush_seconds``, so an interrupted build resumes
    where it stopped. ``jobs`` extraction processes run here, or ``dask`` names a Dask scheduler
    (``local`` for a local cluster). Concepts, relationships and PROPOSES edges whose calibrated
    confidence is below ``min_confidence`` are left out: one number for all three, or a
    (concepts, relationships, PROPOSES) triple; the default (None) is the shipped
    calibration's thresholds for ``model`` (kg.calibration: one each for concepts,
    relationships and PROPOSES; none for the uncalibrated ``rules``), and 0 keeps everything.
    The store's previous graph is replaced only once the new one is complete. From the
    extraction to that swap the build holds the store's write lock (kg.store.lock): another
    writer waits, then fails. A paper the extractor raises on is skipped (:func:`isolated`).
    ``on_stage`` hears what the build turns to after extraction. Raises :class:`NothingToBuild`
    when no paper could be read.
    """
    thresholds = (load_calibration().minimums(model) if min_confidence is None
                  else Thresholds.of(min_confidence))
    report = BuildReport(store=store.location if isinstance(store, GraphStore) else str(store),
                         jobs=jobs, dask=dask,
                         model=model, min_confidence=thresholds.concepts,
                         min_relation_confidence=thresholds.relationships,
                         min_proposes_confidence=thresholds.proposes)
    started = time.perf_counter()

    def skip(item: Skip) -> None:
        report.skipped.append(item)
        if on_skip is not None:
            on_skip(item)

    def duplicate(dropped: Paper, kept: Paper) -> None:
        report.duplicates += 1
        same = "id" if dropped.id == kept.id else "title"
        changed = ("" if dropped.content_hash == kept.content_hash
                   else " (its text differs; give it another id to keep both)")
        report.duplicate_notes.append(f"{dropped.source}: {dropped.id!r} dropped, same {same} "
                                      f"as {kept.id!r} at {kept.source}{changed}")

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

    with _opened(store, create=True) as target:
        kept = _records(records, target)
        report.records = str(kept.folder)
        with writing(target, kept, "kg build"):
            linked = _write(target, kept, sources, seen, report, jobs, dask, model, progress,
                            on_stage, shard_size, flush_seconds)
    del seen
    stage = on_stage or (lambda message: None)
    if html is not None:
        mark = time.perf_counter()
        stage(f"Drawing the explorer in {html}")
        report.html = write_explorer(linked.graph(), html, max_nodes)
        report.seconds["html"] = time.perf_counter() - mark
    report.seconds["total"] = time.perf_counter() - started
    return report


def _opened(store: GraphStore | str | Path, create: bool = False
            ) -> AbstractContextManager[GraphStore]:
    """``store`` as it is (its caller closes it), or the store at a location, closed after."""
    if isinstance(store, GraphStore):
        return nullcontext(store)
    return open_store(store, create=create)


def _records(records: RecordStore | str | Path | None, store: GraphStore) -> RecordStore:
    if isinstance(records, RecordStore):
        return records
    return RecordStore(Path(records)) if records is not None else records_for(store.location)


def _write(target: GraphStore, records: RecordStore, sources: Sequence[str | Path],
           seen: dict[str, str],
           report: BuildReport, jobs: int, dask: str | None, model: str | None,
           progress: ProgressFactory | None, on_stage: Callable[[str], None] | None,
           shard_size: int, flush_seconds: float) -> LinkedGraph:
    """Extract what is new into ``records``, link them all and swap the graph into ``target``
    (the part of a build that holds the store's write lock)."""
    fingerprint = extractor_fingerprint(model)
    index = records.index()
    todo_ids = {pid for pid, digest in seen.items() if index.get(pid) != (digest, fingerprint)}
    report.reused = len(seen) - len(todo_ids)
    report.quarantined = records.quarantine(id_problem, index)
    del index

    # Second pass: stream the papers to extract into the extractor, records onto disk.
    todo = (p for p in deduplicate(read_papers(sources, lambda item: None))
            if p.id in todo_ids)
    mark = time.perf_counter()
    with records.writer(shard_size, flush_seconds) as writer, (
            progress(len(todo_ids)) if progress else nullcontext(_NoProgress())) as bar:
        extract = partial(extract_lines, jobs=jobs, dask=dask, model=model)
        for line in isolated(todo, extract, report.skipped.append):
            writer.write_line(line)
            report.extracted += 1
            bar.update(1)
    report.seconds["extract"] = time.perf_counter() - mark

    stage = on_stage or (lambda message: None)
    mark = time.perf_counter()
    stage("Linking mentions to concepts")
    linked = link(records.current, min_confidence=report.min_confidence,
                  min_relation_confidence=report.min_relation_confidence,
                  min_proposes_confidence=report.min_proposes_confidence)
    report.link = linked.report
    report.seconds["link"] = time.perf_counter() - mark
    mark = time.perf_counter()
    stage(f"Writing the graph to {report.store}")
    target.write(linked)
    report.seconds["store"] = time.perf_counter() - mark
    report.stats = _nonzero(target.stats())
    return linked


@contextmanager
def writing(target: GraphStore, records: RecordStore, command: str) -> Iterator[None]:
    """Hold the write locks of ``target`` and its ``records`` (see kg.store.lock: the store's
    own folder, the one ``kg query --write`` locks too, and the folder that holds the records,
    a server's work folder or wherever the caller put them) and clear what a crashed writer
    left half-made (temporary shards, a half-loaded database)."""
    folders = {records.folder.parent.resolve()}
    if target.lock_folder is not None:
        folders.add(Path(target.lock_folder).resolve())
    with ExitStack() as locks:
        for folder in sorted(folders):  # one order for every writer: no two wait on each other
            locks.enter_context(store_lock(folder, command=command))
        records.clean_staging()
        target.clean_staging()
        yield


def isolated(papers: Iterable[Paper], extract: Callable[[Iterable[Paper]], Iterator[str]],
             on_skip: Callable[[Skip], None]) -> Iterator[str]:
    """``extract(papers)``, where a paper whose extraction raises is skipped (reported with
    its file and line) instead of ending the run.

    ``extract`` yields one line per paper, in order, pulling papers in batches. When it raises,
    the papers it took but did not answer are extracted again one at a time, to find the one
    that fails; the run then goes on with a fresh ``extract`` over the rest.
    """
    source = iter(papers)
    while True:
        taken: deque[Paper] = deque()

        def feed(taken: deque[Paper] = taken) -> Iterator[Paper]:
            for paper in source:
                taken.append(paper)
                yield paper

        try:
            for line in extract(feed()):
                taken.popleft()
                yield line
            return
        except KgError:  # a broken model or cluster, not one bad paper: the build stops
            raise
        except Exception:
            pass
        for paper in taken:
            try:
                yield from extract([paper])
            except KgError:
                raise
            except Exception as error:
                path, _, line = paper.source.rpartition(":")
                on_skip(Skip(path or paper.source, int(line) if line.isdigit() else None,
                             f"extraction failed ({_short(error)}); paper {paper.id!r} skipped"))


def _short(error: Exception) -> str:
    text = str(error)
    if "E088" in text:  # spaCy's length limit
        return "the text is over the extractor's 1,000,000-character limit"
    return f"{type(error).__name__}: {text.splitlines()[0][:200] if text else ''}"


@dataclass
class RemoveReport:
    """What ``kg remove`` retracted."""

    removed: list[str]
    unknown: list[str]
    stats: dict[str, dict[str, int]]


def remove(paper_ids: Sequence[str], store: GraphStore | str | Path = DEFAULT_STORE, *,
           records: RecordStore | str | Path | None = None,
           min_confidence: float | tuple[float, float, float] | None = None
           ) -> RemoveReport:
    """Retract papers: their extraction records go (``records``, as :func:`build` takes it),
    and the graph is rebuilt without their evidence, so edges and concepts that only they
    supported disappear. ``min_confidence`` as in :func:`build` (default: the calibrated
    thresholds of the extractor that made the records)."""
    with _opened(store) as target:
        kept = _records(records, target)
        with writing(target, kept, "kg remove"):
            kept.quarantine(id_problem)
            index = kept.index()
            removed = [pid for pid in dict.fromkeys(paper_ids) if pid in index]
            unknown = [pid for pid in dict.fromkeys(paper_ids) if pid not in index]
            if removed:
                concepts, relations, proposes = (_record_thresholds(index.values())
                                                 if min_confidence is None
                                                 else Thresholds.of(min_confidence))
                # The graph without them is written first and the tombstones committed after
                # it, so a failed rewrite (a full disk) leaves both as they were and a retry
                # works.
                gone = set(removed)
                with kept.remove_pending(removed) as commit:
                    target.write(link(lambda: (record for record in kept.current()
                                               if record.paper.id not in gone),
                                      min_confidence=concepts,
                                      min_relation_confidence=relations,
                                      min_proposes_confidence=proposes))
                    commit()
        return RemoveReport(removed, unknown, _nonzero(target.stats()))


def _record_thresholds(index: Iterable[tuple[str, str]]) -> Thresholds:
    """The default thresholds of the extractor whose fingerprint most records carry (the
    store's last build), so that a removal keeps what that build left out, out."""
    fingerprints = Counter(extractor for _, extractor in index)
    if not fingerprints:
        return Thresholds.every(0.0)
    common = fingerprints.most_common(1)[0][0]
    for model in (None, *available_models()):
        if extractor_fingerprint(model) == common:
            return load_calibration().minimums(model)
    return Thresholds.every(0.0)


def _nonzero(stats: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Counts without the labels and types that have none (as the build summary lists them)."""
    return {part: {name: n for name, n in counts.items() if n} for part, counts in stats.items()}


def write_explorer(graph: KnowledgeGraph, path: str | Path, max_nodes: int | None = None) -> Any:
    """Write the HTML explorer for ``graph`` (the same page ``kg export html`` writes)."""
    from kg.export.html import DEFAULT_MAX_NODES, write_html

    return write_html(graph, Path(path), max_nodes=max_nodes or DEFAULT_MAX_NODES)


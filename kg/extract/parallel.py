"""Running the extraction pipeline in several local processes (``kg build --jobs N``).

Scheduling only: what a record holds is kg.extract.pipeline's business. Workers are forked
where the platform allows and this process runs no other Python thread (they start with spaCy
imported, so loading the pipeline is quicker), else spawned; each loads the pipeline once and
sends back its batch's records as JSON lines, so this process, which shares the CPUs with them,
only passes lines on. Each worker runs numpy's BLAS on one thread (:func:`one_blas_thread`):
a thread per core in each worker oversubscribes the cores (figures in docs/decisions.md).

Called through kg.extract.runner (``extract(papers, jobs=2)``).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from itertools import islice

from threadpoolctl import threadpool_limits

from kg.extract.pipeline import extract_batches, extractor_fingerprint, load_pipeline
from kg.graph import Paper


def extract_in_processes(papers: Iterable[Paper], jobs: int, batch_size: int,
                         model: str | None) -> Iterator[str]:
    """Each paper's extraction record as its JSON line (what the record store writes), in
    input order, from ``jobs`` worker processes fed ``batch_size`` papers at a time, with at
    most two batches per worker in flight."""
    context = multiprocessing.get_context(start_method())
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_warm_worker, initargs=(model,)) as pool:
        pending: deque[Future[list[str]]] = deque()
        iterator = iter(papers)
        while True:
            while len(pending) < 2 * jobs:
                batch = list(islice(iterator, batch_size))
                if not batch:
                    break
                pending.append(pool.submit(_extract_batch, batch, model))
            if not pending:
                return
            yield from pending.popleft().result()


def start_method() -> str:
    """How workers start: ``fork`` where the platform has it and no other thread runs here."""
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return "fork" if forkable and threading.active_count() == 1 else "spawn"


@cache
def one_blas_thread() -> None:
    """Run numpy's BLAS (the span and pair heads' matrix products) on one thread in this
    process, a worker's: a BLAS thread per core in each of N workers oversubscribes the cores,
    and one thread is as fast for a single job."""
    threadpool_limits(limits=1, user_api="blas")


def _extract_batch(papers: list[Paper], model: str | None) -> list[str]:
    return [record.to_json() for record in extract_batches(papers, len(papers), model)]


def _warm_worker(model: str | None) -> None:
    one_blas_thread()
    try:
        load_pipeline(model)
        extractor_fingerprint(model)
    except Exception:
        # Raised here, it would only break the pool: the first batch loads the pipeline again,
        # and its error reaches kg build intact.
        return

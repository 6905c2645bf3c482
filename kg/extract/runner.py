"""The one way to run the extractor over papers: in this process, in ``jobs`` local worker
processes (kg.extract.parallel) or on a Dask cluster (kg.extract.dask_runner).

Whichever runs it, the result is one record per paper, in input order, with a bounded number
of papers in flight; spaCy and the backends are imported only when papers are extracted.

>>> records = list(extract(papers, jobs=2))  # doctest: +SKIP
>>> lines = list(extract_lines(papers, dask="tcp://scheduler:8786"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.extract.shipped import DEFAULT_MODEL
from kg.graph import Paper, PaperRecord

#: Papers per batch: one ``nlp.pipe`` batch, one task for a worker process or a Dask worker.
BATCH_SIZE = 32


def extract(papers: Iterable[Paper], *, jobs: int = 1, dask: str | None = None,
            model: str | None = DEFAULT_MODEL, batch_size: int = BATCH_SIZE,
            dask_workers: int | None = None) -> Iterator[PaperRecord]:
    """Run the extractor over ``papers``, yielding one record per paper in input order.

    ``dask`` names a Dask scheduler (``tcp://host:8786``, or ``local`` for a cluster of
    ``dask_workers`` processes started for the run); else ``jobs`` > 1 runs that many local
    worker processes; else this process runs the pipeline. ``model`` is a shipped trained
    model's name (None: the rule components alone). Raises kg.extract.dask_runner.DaskError
    when Dask cannot run it.
    """
    if dask is not None:
        from kg.extract.dask_runner import extract_on_dask

        yield from extract_on_dask(papers, dask, batch_size, model, n_workers=dask_workers)
    elif jobs > 1:
        from kg.extract.parallel import extract_in_processes

        yield from map(PaperRecord.from_json,
                       extract_in_processes(papers, jobs, batch_size, model))
    else:
        from threadpoolctl import threadpool_limits

        from kg.extract.pipeline import extract_batches

        # One BLAS thread, as in each worker: the heads' small matrix products gain nothing
        # from more, and BLAS threads spinning on every core cost about twice the CPU.
        with threadpool_limits(limits=1, user_api="blas"):
            yield from extract_batches(papers, batch_size, model)


def extract_lines(papers: Iterable[Paper], *, jobs: int = 1, dask: str | None = None,
                  model: str | None = DEFAULT_MODEL, batch_size: int = BATCH_SIZE,
                  dask_workers: int | None = None) -> Iterator[str]:
    """Like :func:`extract`, each record as its JSON line (what the record store writes); the
    local workers' lines are passed on as they come."""
    if dask is None and jobs > 1:
        from kg.extract.parallel import extract_in_processes

        yield from extract_in_processes(papers, jobs, batch_size, model)
        return
    for record in extract(papers, jobs=jobs, dask=dask, model=model, batch_size=batch_size,
                          dask_workers=dask_workers):
        yield record.to_json()

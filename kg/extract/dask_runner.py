"""Running the extraction on a Dask cluster: batches of papers become dask.distributed tasks.

Called through kg.extract.runner (``extract(papers, dask="local")``), with the same contract as
the other ways: one record per paper, in input order,
with a bounded number of batches in flight, so memory stays flat however many papers come in.
Every worker needs kg installed (the same version: records carry the extractor's fingerprint)
and loads the pipeline once, on its first batch. Dask is optional: ``pip install 'kg[dask]'``.

>>> records = list(extract_on_dask(papers, "local", 32, None))  # doctest: +SKIP
>>> records = list(extract_on_dask(papers, "tcp://scheduler:8786", 32, None))  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from types import ModuleType
from typing import Any

from kg.errors import KgError
from kg.extract.parallel import one_blas_thread
from kg.extract.pipeline import extract_batches
from kg.graph import Paper, PaperRecord


class DaskError(KgError, RuntimeError):
    """Dask cannot run the extraction: not installed, no scheduler there, a bad address."""


#: ``address`` value that starts a cluster of local worker processes for the run.
LOCAL = "local"
#: Seconds to wait for the scheduler before giving up.
CONNECT_TIMEOUT = 5.0
#: Batches in flight per worker thread: one running, one queued.
IN_FLIGHT_PER_THREAD = 2


def extract_on_dask(papers: Iterable[Paper], address: str, batch_size: int,
                    model: str | None, *, n_workers: int | None = None,
                    connect_timeout: float = CONNECT_TIMEOUT) -> Iterator[PaperRecord]:
    """Run the pipeline over ``papers`` on Dask, yielding one record per paper in input order.

    ``address`` is a scheduler (``tcp://host:8786``) or ``"local"``: a cluster of ``n_workers``
    processes (default: one per CPU) with one thread each, started for the run and closed after.
    No cluster is contacted when there are no papers. Raises :class:`DaskError` when
    dask.distributed is not installed, the scheduler cannot be reached or the address is bad.
    """
    if not address or not address.strip():
        raise DaskError("give a Dask scheduler address (tcp://HOST:8786) or `local`")
    iterator = iter(papers)
    first = list(islice(iterator, batch_size))
    if not first:
        return
    distributed = _import_distributed()
    with _connect(distributed, address.strip(), n_workers, connect_timeout) as client:
        pending: deque[Any] = deque()
        batches = chain([first], iter(lambda: list(islice(iterator, batch_size)), []))
        while True:
            limit = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
            for batch in islice(batches, max(0, limit - len(pending))):
                pending.append(client.submit(extract_batch, batch, model, pure=False))
            if not pending:
                return
            future = pending.popleft()
            records = future.result()
            future.release()
            yield from records


def extract_batch(papers: list[Paper], model: str | None) -> list[PaperRecord]:
    """One task: a batch of papers through the worker's pipeline (loaded once per process),
    its BLAS on one thread (kg.extract.parallel.one_blas_thread)."""
    one_blas_thread()
    return list(extract_batches(papers, len(papers), model))


def _import_distributed() -> ModuleType:
    try:
        import distributed
    except ImportError as error:
        raise DaskError(
            "running the extraction on Dask needs dask.distributed, which is not installed: "
            "pip install 'kg[dask]' (or pip install 'dask[distributed]')") from error
    return distributed


def _connect(distributed: ModuleType, address: str, n_workers: int | None,
             timeout: float) -> Any:
    """A client of a new local cluster (closed with the client) or of the given scheduler."""
    if address == LOCAL:
        # The scheduler always serves HTTP: on a free port, not 8787 (maybe taken).
        cluster = distributed.LocalCluster(
            n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
            dashboard_address=":0", silence_logs=logging.ERROR)
        client = distributed.Client(cluster, set_as_default=False)
        return _Closing(client, cluster)
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise DaskError(
            f"cannot reach the Dask scheduler at {address} ({error}); "
            "start one (`dask scheduler`, plus `dask worker ADDRESS` on each machine), check "
            "the address, or use `local` for a cluster on this machine") from error
    except ValueError as error:  # e.g. an unknown protocol
        raise DaskError(f"not a Dask scheduler address: {address!r} ({error}); "
                         "use tcp://HOST:8786 or `local`") from error
    return _Closing(client)


class _Closing:
    """Closes the client, then the cluster it was started with, if any."""

    def __init__(self, client: Any, cluster: Any = None) -> None:
        self.client, self.cluster = client, cluster

    def __enter__(self) -> Any:
        return self.client

    def __exit__(self, *exc: object) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()

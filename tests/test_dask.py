"""Extraction on Dask (kg.extract.dask_runner): the same records and graph as one process, and
clear errors when Dask or its scheduler is missing. Needs the optional ``kg[dask]`` extra."""

from __future__ import annotations

import json
import logging
import socket
import sys
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import psutil
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.data import SAMPLE_CORPUS
from kg.extract.dask_runner import DaskError
from kg.extract.runner import extract
from kg.graph import Paper
from kg.sources import deduplicate, read_papers
from kg.store import EmbeddedStore, open_store

PAPERS = 20


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    return list(islice(deduplicate(read_papers([SAMPLE_CORPUS], lambda skip: None)), PAPERS))


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a local cluster of two single-threaded worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_records_equal_those_of_one_process(papers: list[Paper], scheduler: str) -> None:
    expected = [record.to_json() for record in extract(papers)]
    # Small batches: several in flight on both workers, results put back in input order.
    got = [record.to_json() for record in extract(papers, dask=scheduler, batch_size=3)]
    assert got == expected


def test_local_starts_a_cluster_for_the_run_and_closes_it(papers: list[Paper]) -> None:
    pytest.importorskip("distributed")
    before = {child.pid for child in psutil.Process().children(recursive=True)}
    records = list(extract(papers[:2], dask="local", dask_workers=1))
    assert [r.paper.id for r in records] == [p.id for p in papers[:2]]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        left = {c.pid for c in psutil.Process().children(recursive=True)} - before
        if not left:
            break
        time.sleep(0.2)
    assert not left, "the local cluster's worker processes outlived the run"


def test_an_unreachable_scheduler_is_a_clear_and_quick_error(papers: list[Paper]) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(DaskError, match="cannot reach the Dask scheduler") as error:
        list(extract(papers[:1], dask=address))
    assert time.monotonic() - started < 15
    assert address in str(error.value)
    assert "dask scheduler" in str(error.value) and "local" in str(error.value)


def test_kg_build_reports_an_unreachable_scheduler_without_a_traceback(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    source = tmp_path / "p.jsonl"
    source.write_text('{"id": "a", "title": "T", "abstract": "We propose X."}\n')
    address = f"tcp://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["build", str(source), "--store", str(tmp_path / "s"),
                                       "--dask", address, "--quiet"])
    assert result.exit_code == 1
    assert f"Error: cannot reach the Dask scheduler at {address}" in result.output
    assert "Traceback" not in result.output


def test_without_dask_the_error_says_what_to_install(papers: list[Paper],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(DaskError, match=r"pip install 'kg\[dask\]'"):
        list(extract(papers[:1], dask="local"))


def test_no_papers_contact_no_cluster_and_an_empty_address_is_refused() -> None:
    assert list(extract([], dask=f"tcp://127.0.0.1:{free_port()}")) == []
    with pytest.raises(DaskError, match="scheduler address"):
        list(extract([], dask=" "))


def graph_keys(store: EmbeddedStore) -> dict[str, Any]:
    def rows(statement: str) -> list[tuple[Any, ...]]:
        return sorted(tuple(row) for row in store.query(statement).rows)

    return {
        "stats": store.stats(),
        "nodes": rows("MATCH (n) RETURN labels(n)[0], coalesce(n.id, n.key)"),
        "relationships": rows("MATCH (a)-[r]->(b) "
                              "RETURN type(r), coalesce(a.id, a.key), coalesce(b.id, b.key)"),
    }


def test_a_build_on_dask_equals_the_single_process_build(papers: list[Paper], scheduler: str,
                                                         tmp_path: Path) -> None:
    source = tmp_path / "papers.jsonl"
    source.write_text("".join(json.dumps({"id": p.id, "title": p.title, "abstract": p.abstract})
                              + "\n" for p in papers), encoding="utf-8")
    single = build([source], tmp_path / "single")
    on_dask = build([source], tmp_path / "dask", dask=scheduler)
    assert on_dask.extracted == single.extracted == PAPERS
    assert on_dask.stats == single.stats
    assert graph_keys(open_store(tmp_path / "dask")) == graph_keys(open_store(tmp_path / "single"))

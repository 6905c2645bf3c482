"""A `kg build` killed at a random point (SIGKILL, no clean-up) and run again yields the store an
uninterrupted build makes, and a kill never leaves a previous graph unreadable.

The kill time is drawn from a seeded generator: set KG_KILL_SEED to try other points.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.build import BuildReport
from kg.store import EmbeddedStore, open_store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEED = int(os.environ.get("KG_KILL_SEED", "7"))
#: Seconds `kg build` takes to start (imports, spaCy model) before it reads anything.
STARTUP = 4.0
#: Earliest kill, in seconds after the start.
EARLIEST = 2.0
EXTRA_PAPERS = 20


def kg_command() -> str:
    found = shutil.which("kg", path=str(Path(sys.executable).parent))
    assert found, "the kg console script is missing: pip install -e ."
    return found


def flush_often() -> list[str]:
    """Options that make `kg build` write record shards often, if it has them, so that a kill
    mid-extraction leaves finished shards behind."""
    text = subprocess.run([kg_command(), "build", "--help"], capture_output=True, text=True,
                          check=True).stdout
    if "--flush-seconds" in text:
        return ["--flush-seconds", "1"]
    if "--shard-size" in text:
        return ["--shard-size", "20"]
    return []


def kill_at(command: list[str], seconds: float, cwd: Path) -> bool:
    """Run ``command`` and SIGKILL its process group after ``seconds``; False if it ended first."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


def run(command: list[str], cwd: Path) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def snapshot(store: EmbeddedStore) -> dict[str, Any]:
    """What must match: counts, paper ids, concept keys and relationships, all sorted."""
    def rows(statement: str) -> list[tuple[Any, ...]]:
        return sorted(tuple(row) for row in store.query(statement).rows)

    return {
        "stats": store.stats(),
        "papers": rows("MATCH (p:Paper) RETURN p.id"),
        "concepts": rows("MATCH (c) WHERE NOT c:Paper RETURN labels(c)[0], c.key"),
        "relationships": rows("MATCH (a)-[r]->(b) "
                              "RETURN type(r), coalesce(a.id, a.key), coalesce(b.id, b.key)"),
    }


def recorded_ids(store: Path) -> set[str]:
    """The paper ids in the finished record shards of a store folder."""
    ids = set()
    for shard in sorted((store / "records").glob("shard-*.jsonl")):
        for line in shard.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            if "paper" in data:
                ids.add(data["paper"]["id"])
    return ids


def reused(output: str) -> int:
    found = re.search(r"(\d+) unchanged papers reused", output)
    assert found, output
    return int(found.group(1))


def synthetic_papers(path: Path, count: int) -> list[str]:
    """Write ``count`` new papers (scripts/make_corpus.py) to ``path``; their ids."""
    script = ROOT / "scripts" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("make_corpus", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    papers = list(module.generate(count, seed=SEED))
    path.write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")
    return [p["id"] for p in papers]


def test_a_killed_build_run_again_equals_an_uninterrupted_build(
        sample_build: tuple[EmbeddedStore, BuildReport], tmp_path: Path) -> None:
    reference, report = sample_build
    store = tmp_path / "kg-store"
    command = [kg_command(), "build", "--sample", "--store", str(store), *flush_often()]
    at = random.Random(SEED).uniform(EARLIEST, STARTUP + report.seconds["total"])
    killed = kill_at(command, at, tmp_path)
    done_before = recorded_ids(store)

    output = run(command, tmp_path)

    context = f"seed {SEED}, killed at {at:.1f} s: {killed}, {len(done_before)} papers kept"
    assert reused(output) == len(done_before), context
    assert snapshot(open_store(store)) == snapshot(reference), context


def test_a_kill_leaves_the_previous_graph_readable(
        sample_build: tuple[EmbeddedStore, BuildReport], tmp_path: Path) -> None:
    reference, report = sample_build
    store = tmp_path / "kg-store"
    shutil.copytree(reference.path, store)
    before = snapshot(open_store(store))
    extra = synthetic_papers(tmp_path / "extra.jsonl", EXTRA_PAPERS)
    command = [kg_command(), "build", "--sample", str(tmp_path / "extra.jsonl"),
               "--store", str(store), *flush_often()]
    seconds = report.seconds
    expected = (STARTUP + seconds["read"] + seconds["link"] + seconds["store"]
                + seconds["extract"] * EXTRA_PAPERS / report.extracted)
    at = random.Random(SEED + 1).uniform(EARLIEST, expected)
    killed = kill_at(command, at, tmp_path)
    after_kill = snapshot(open_store(store))  # readable, whatever the moment of the kill

    run(command, tmp_path)

    after = snapshot(open_store(store))
    context = f"seed {SEED}, killed at {at:.1f} s: {killed}"
    assert after_kill in (before, after), context
    papers = {row[0] for row in after["papers"]}
    assert papers == {row[0] for row in before["papers"]} | set(extra), context

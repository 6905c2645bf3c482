"""Start-up of `kg --help`, `kg query` and `kg stats`: this tree against a baseline tree (e.g. a
`git archive` of main), run alternately in the same session, median of N runs; wall time and
the child's CPU time (user + system, less sensitive to other load on the machine).

    git archive main | tar -x -C /tmp/kg-main
    python scripts/bench_startup.py /tmp/kg-main kg-store --runs 5
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def run(tree: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m kg ARGS`` importing kg from ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", *args], env=env, cwd="/", check=True,
                   capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path, help="the kg source tree to compare against")
    parser.add_argument("store", help="an embedded store both trees can read")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    store = str(Path(options.store).resolve())
    commands = {"kg --help": ["--help"],
                "kg query": ["query", "MATCH (p:Paper) RETURN count(p)", "--store", store],
                "kg stats": ["stats", "--store", store]}
    trees = {"baseline": options.baseline.resolve(), "this tree": HERE}
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(options.runs):
        for command, args in commands.items():
            for name, tree in trees.items():
                times.setdefault((name, command), []).append(run(tree, args))
    for command in commands:
        base, ours = (times[(name, command)] for name in trees)
        wall = [statistics.median(t[0] for t in runs) for runs in (base, ours)]
        cpu = [statistics.median(t[1] for t in runs) for runs in (base, ours)]
        print(f"{command:10} wall {wall[0]:.2f} s -> {wall[1]:.2f} s ({wall[0] / wall[1]:.1f}x), "
              f"CPU {cpu[0]:.2f} s -> {cpu[1]:.2f} s ({cpu[0] / cpu[1]:.1f}x)")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
